//! Schedules: which (client, level, period) packs are due at an instant, and which shard a
//! client belongs to. Pure functions of the configuration and the clock: no exports are read.

use chrono::{Datelike, Duration, NaiveDate};

use crate::calendar::Calendar;
use crate::config::{ClientOptions, DueRule, ScheduleOptions, WorkspaceOptions};
use crate::period::{Period, PeriodKind};
use crate::tz::{local_to_utc_ms, utc_ms_to_local};

/// A pack that is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DuePack {
    /// Index of the client in the workspace.
    pub client: usize,
    /// Index of the schedule in the workspace.
    pub schedule: usize,
    /// The period the pack covers.
    pub period: Period,
    /// When it became due (UTC ms).
    pub due_at: i64,
}

/// The Monday fortnights of schedules are counted from (every other week from this one).
fn fortnight_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid date")
}

/// The period of a scheduled kind containing a local date: fiscal years for clients whose
/// fiscal year does not start in January, fortnights every other ISO week from 2024-W01.
pub fn period_containing(kind: PeriodKind, date: NaiveDate, fiscal_year_start: u32) -> Period {
    match kind {
        PeriodKind::Year => Period::fiscal_year(date, fiscal_year_start),
        PeriodKind::Fortnight => {
            let monday = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
            let weeks = (monday - fortnight_epoch()).num_days().div_euclid(7);
            let start = monday - Duration::days(7 * weeks.rem_euclid(2));
            let week = start.iso_week();
            Period::Fortnight(week.year(), week.week())
        }
        _ => Period::containing(kind, date),
    }
}

fn is_working_day(calendar: &Calendar, date: NaiveDate) -> bool {
    calendar.is_always_open() || calendar.hours_on(date).is_some_and(|h| !h.is_empty())
}

/// The local date a pack of `period` is due on.
pub fn due_date(rule: DueRule, calendar: &Calendar, period: Period) -> Option<NaiveDate> {
    let last_day = period.end_date() - Duration::days(1);
    match rule {
        DueRule::Days(n) => last_day.checked_add_signed(Duration::days(i64::from(n))),
        DueRule::WorkingDays(n) => {
            let mut date = last_day;
            let mut counted = 0;
            // A calendar is open at least one weekday a week; holidays may close more, so the
            // search is bounded by a year plus a week per working day asked for.
            for _ in 0..(366 + 7 * n) {
                date = date.succ_opt()?;
                if is_working_day(calendar, date) {
                    counted += 1;
                    if counted == n {
                        return Some(date);
                    }
                }
            }
            None
        }
    }
}

/// The UTC instant (ms) a pack of `period` is due for a client.
pub fn due_at(schedule: &ScheduleOptions, client: &ClientOptions, period: Period) -> Option<i64> {
    let calendar = schedule
        .calendar
        .as_ref()
        .map_or(&client.calendar, |(_, c)| c);
    let date = due_date(schedule.due, calendar, period)?;
    Some(local_to_utc_ms(client.tz, date.and_time(schedule.at)).0)
}

/// The periods of a schedule due for a client at `as_of` (UTC ms), most recent first: the
/// latest whose due instant has passed, and up to `catch_up - 1` before it; none due before
/// the schedule's `since` day (in the client's zone).
pub fn due_periods(
    schedule: &ScheduleOptions,
    kind: PeriodKind,
    client: &ClientOptions,
    as_of: i64,
) -> Vec<(Period, i64)> {
    let today = utc_ms_to_local(client.tz, as_of).date();
    let mut period = period_containing(kind, today, client.fiscal_year_start);
    let mut out = Vec::new();
    let since = schedule
        .since
        .map(|day| crate::tz::local_midnight_utc_ms(client.tz, day));
    // Due instants only grow with the period; a pack is due a bounded time after its period
    // ends, so a few hundred steps back always reach the latest due one.
    for _ in 0..800 {
        match due_at(schedule, client, period) {
            Some(at) if at <= as_of => {
                out.push((period, at));
                if out.len() >= schedule.catch_up as usize {
                    break;
                }
            }
            _ if !out.is_empty() => break,
            _ => {}
        }
        period = previous(period, kind, client.fiscal_year_start);
    }
    out.retain(|&(_, at)| since.is_none_or(|since| at >= since));
    out
}

fn previous(period: Period, kind: PeriodKind, fiscal_year_start: u32) -> Period {
    match kind {
        PeriodKind::Fortnight => period_containing(
            kind,
            period.start_date() - Duration::days(1),
            fiscal_year_start,
        ),
        _ => period.previous(),
    }
}

/// Whether a client is worked on by shard `index` (1-based) of `count`: a stable hash of its id,
/// so the split does not move when clients are added or removed.
pub fn in_shard(client_id: &str, shard: (u32, u32)) -> bool {
    let (index, count) = shard;
    // FNV-1a, 64 bit.
    let hash = client_id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    hash % u64::from(count) == u64::from(index - 1)
}

/// The clients a schedule covers (indexes), in configuration order.
pub fn schedule_clients(workspace: &WorkspaceOptions, schedule: &ScheduleOptions) -> Vec<usize> {
    (0..workspace.clients.len())
        .filter(|&c| {
            let client = &workspace.clients[c];
            client.packs.gets(&schedule.level)
                && schedule
                    .clients
                    .as_ref()
                    .is_none_or(|ids| ids.contains(&client.id))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fortnights_alternate() {
        let a = period_containing(
            PeriodKind::Fortnight,
            NaiveDate::from_ymd_opt(2026, 10, 7).unwrap(),
            1,
        );
        let b = period_containing(PeriodKind::Fortnight, a.end_date() + Duration::days(3), 1);
        assert_eq!(b.start_date() - a.start_date(), Duration::days(14));
        assert_eq!(
            previous(b, PeriodKind::Fortnight, 1),
            a,
            "previous steps back one fortnight"
        );
        // 2024-01-01 starts a fortnight.
        assert_eq!(
            period_containing(
                PeriodKind::Fortnight,
                NaiveDate::from_ymd_opt(2024, 1, 10).unwrap(),
                1
            ),
            Period::Fortnight(2024, 1)
        );
    }

    #[test]
    fn shards_cover_every_client_once() {
        let ids: Vec<String> = (0..200).map(|i| format!("client-{i}")).collect();
        for count in 1..=8 {
            for id in &ids {
                let owners = (1..=count).filter(|&i| in_shard(id, (i, count))).count();
                assert_eq!(owners, 1, "{id} in {owners} of {count} shards");
            }
        }
    }
}
