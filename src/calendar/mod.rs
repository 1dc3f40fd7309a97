//! Service calendars (24×7 or business hours with holidays) and the clock that measures time
//! on them in a client's time zone, across daylight-saving changes.

pub mod holidays;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use chrono_tz::Tz;

use crate::tz::{DAY_MS, local_to_utc_ms, utc_ms_to_local};

/// Opening intervals of one day, in minutes after local midnight (`[start, end)`, end ≤ 1440).
pub type DayHours = Vec<(u32, u32)>;

/// A service calendar: when the SLA clock runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    /// The name the configuration gives it (`24x7` for the built-in always-open calendar).
    pub name: String,
    /// Opening hours per weekday (Monday first); `None` means always open (24×7).
    pub weekly: Option<[DayHours; 7]>,
    /// Dates with other hours than their weekday: holidays (empty hours) or short days
    /// (shared: every client and priority on a calendar holds the same table).
    pub exceptions: Arc<BTreeMap<NaiveDate, (DayHours, String)>>,
}

impl Calendar {
    /// The built-in always-open calendar.
    pub fn always_open() -> Self {
        Self {
            name: "24x7".to_string(),
            weekly: None,
            exceptions: Arc::default(),
        }
    }

    /// Whether the clock never stops on this calendar.
    pub fn is_always_open(&self) -> bool {
        self.weekly.is_none()
    }

    /// The opening hours of one local date.
    pub fn hours_on(&self, date: NaiveDate) -> Option<&DayHours> {
        if let Some((hours, _)) = self.exceptions.get(&date) {
            return Some(hours);
        }
        let weekly = self.weekly.as_ref()?;
        Some(&weekly[date.weekday().num_days_from_monday() as usize])
    }

    /// A one-line description for the methodology appendix ("Mon–Fri 09:00–18:00; 12 holidays").
    pub fn describe(&self) -> String {
        let Some(weekly) = &self.weekly else {
            return "24×7 (the clock never stops)".to_string();
        };
        let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        let mut parts: Vec<String> = Vec::new();
        let mut day = 0;
        while day < 7 {
            let mut last = day;
            while last + 1 < 7 && weekly[last + 1] == weekly[day] {
                last += 1;
            }
            if !weekly[day].is_empty() {
                let range = if last == day {
                    names[day].to_string()
                } else {
                    format!("{}–{}", names[day], names[last])
                };
                parts.push(format!("{range} {}", format_hours(&weekly[day])));
            }
            day = last + 1;
        }
        format!(
            "{}; {} dated exceptions",
            parts.join(", "),
            self.exceptions.len()
        )
    }
}

/// Formats opening intervals as `09:00–13:00, 14:00–18:00`.
pub fn format_hours(hours: &DayHours) -> String {
    hours
        .iter()
        .map(|(s, e)| format!("{:02}:{:02}–{:02}:{:02}", s / 60, s % 60, e / 60, e % 60))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parses `09:00-18:00` or `09:00-13:00, 14:00-18:00` or `closed`.
pub fn parse_day_hours(text: &str) -> Result<DayHours, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("closed") || text.is_empty() {
        return Ok(Vec::new());
    }
    let mut hours = Vec::new();
    for part in text.split(',') {
        let (start, end) = part
            .split_once(['-', '–'])
            .ok_or_else(|| format!("`{part}` is not a time range (expected `HH:MM-HH:MM`)"))?;
        let start = parse_clock_minutes(start)?;
        let end = parse_clock_minutes(end)?;
        if end <= start {
            return Err(format!(
                "`{}` ends before it starts (ranges cannot cross midnight)",
                part.trim()
            ));
        }
        if hours.last().is_some_and(|&(_, last_end)| start < last_end) {
            return Err(format!(
                "`{}` overlaps or precedes the range before it",
                part.trim()
            ));
        }
        hours.push((start, end));
    }
    Ok(hours)
}

fn parse_clock_minutes(text: &str) -> Result<u32, String> {
    let text = text.trim();
    if text == "24:00" {
        return Ok(1440);
    }
    NaiveTime::parse_from_str(text, "%H:%M")
        .map(|t| t.hour_minutes())
        .map_err(|_| format!("`{text}` is not a time of day (expected `HH:MM`, 00:00 to 24:00)"))
}

trait HourMinutes {
    fn hour_minutes(&self) -> u32;
}

impl HourMinutes for NaiveTime {
    fn hour_minutes(&self) -> u32 {
        use chrono::Timelike;
        self.hour() * 60 + self.minute()
    }
}

/// Measures time on one calendar in one time zone: `position(t)` is the running time (ms) of
/// the calendar from a fixed origin to instant `t`, so the time between two instants is the
/// difference of their positions.
#[derive(Debug, Clone)]
pub struct Clock {
    kind: ClockKind,
}

#[derive(Debug, Clone)]
enum ClockKind {
    AlwaysOpen,
    Business(Box<BusinessTable>),
}

/// Precomputed opening intervals of every day in a range, as UTC instants.
#[derive(Debug, Clone)]
struct BusinessTable {
    calendar: Calendar,
    tz: Tz,
    /// UTC instant of local midnight of each day, plus the end of the last day.
    day_starts: Vec<i64>,
    /// Running time before each day (same length as `day_starts`).
    cumulative: Vec<i64>,
    /// Opening intervals of all days, flattened; day `d` owns `intervals[offsets[d]..offsets[d+1]]`.
    intervals: Vec<(i64, i64)>,
    offsets: Vec<usize>,
}

impl Clock {
    /// A clock for `calendar` in `tz`, precomputed for local dates `from..=to` (times outside
    /// that range are still measured correctly, only more slowly).
    pub fn new(calendar: &Calendar, tz: Tz, from: NaiveDate, to: NaiveDate) -> Self {
        if calendar.is_always_open() {
            return Self {
                kind: ClockKind::AlwaysOpen,
            };
        }
        let mut table = BusinessTable {
            calendar: calendar.clone(),
            tz,
            day_starts: Vec::new(),
            cumulative: Vec::new(),
            intervals: Vec::new(),
            offsets: vec![0],
        };
        let mut running = 0;
        let mut day = from;
        while day <= to {
            table.day_starts.push(midnight(tz, day));
            table.cumulative.push(running);
            for interval in day_intervals(calendar, tz, day) {
                running += interval.1 - interval.0;
                table.intervals.push(interval);
            }
            table.offsets.push(table.intervals.len());
            day += Duration::days(1);
        }
        table.day_starts.push(midnight(tz, day));
        table.cumulative.push(running);
        Self {
            kind: ClockKind::Business(Box::new(table)),
        }
    }

    /// The running time (ms) from the clock's origin to `t`.
    pub fn position(&self, t: i64) -> i64 {
        match &self.kind {
            ClockKind::AlwaysOpen => t,
            ClockKind::Business(table) => table.position(t),
        }
    }

    /// Running time (ms) between two instants; 0 when `to` is not after `from`.
    pub fn elapsed_ms(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        self.position(to) - self.position(from)
    }

    /// The first instant at which `running_ms` of running time have passed since `from`
    /// (the calendar must be open at some point; a 24×7 clock adds plain time).
    pub fn advance(&self, from: i64, running_ms: i64) -> i64 {
        match &self.kind {
            ClockKind::AlwaysOpen => from + running_ms,
            ClockKind::Business(table) => table.advance(from, running_ms),
        }
    }
}

fn midnight(tz: Tz, day: NaiveDate) -> i64 {
    local_to_utc_ms(tz, day.and_time(NaiveTime::MIN)).0
}

/// The opening intervals of one local date as UTC instants.
fn day_intervals(calendar: &Calendar, tz: Tz, day: NaiveDate) -> Vec<(i64, i64)> {
    let Some(hours) = calendar.hours_on(day) else {
        return vec![(midnight(tz, day), midnight(tz, day + Duration::days(1)))];
    };
    hours
        .iter()
        .map(|&(start, end)| {
            let at = |minutes: u32| {
                if minutes >= 1440 {
                    midnight(tz, day + Duration::days(1))
                } else {
                    let time = NaiveTime::from_num_seconds_from_midnight_opt(minutes * 60, 0)
                        .unwrap_or(NaiveTime::MIN);
                    local_to_utc_ms(tz, day.and_time(time)).0
                }
            };
            (at(start), at(end))
        })
        .filter(|(s, e)| e > s)
        .collect()
}

fn overlap(interval: (i64, i64), from: i64, to: i64) -> i64 {
    (interval.1.min(to) - interval.0.max(from)).max(0)
}

impl BusinessTable {
    fn day_count(&self) -> usize {
        self.day_starts.len() - 1
    }

    fn position(&self, t: i64) -> i64 {
        let start = self.day_starts[0];
        let end = self.day_starts[self.day_count()];
        if t < start {
            return -self.running_between_slow(t, start);
        }
        if t >= end {
            return self.cumulative[self.day_count()] + self.running_between_slow(end, t);
        }
        let day = self.day_starts.partition_point(|&s| s <= t) - 1;
        let within: i64 = self.intervals[self.offsets[day]..self.offsets[day + 1]]
            .iter()
            .map(|&iv| overlap(iv, i64::MIN, t))
            .sum();
        self.cumulative[day] + within
    }

    /// Running time between two instants outside the table, day by day.
    fn running_between_slow(&self, from: i64, to: i64) -> i64 {
        let mut day = utc_ms_to_local(self.tz, from).date() - Duration::days(1);
        let last = utc_ms_to_local(self.tz, to).date() + Duration::days(1);
        let mut total = 0;
        while day <= last {
            total += day_intervals(&self.calendar, self.tz, day)
                .into_iter()
                .map(|iv| overlap(iv, from, to))
                .sum::<i64>();
            day += Duration::days(1);
        }
        total
    }

    fn advance(&self, from: i64, running_ms: i64) -> i64 {
        let target = self.position(from) + running_ms;
        let last = self.day_count();
        if target > self.cumulative[last] || from >= self.day_starts[last] {
            return self.advance_slow(from, running_ms);
        }
        // First day whose running total at its end reaches the target.
        let day = self.cumulative.partition_point(|&c| c < target).max(1) - 1;
        let mut remaining = target - self.cumulative[day];
        for &(s, e) in &self.intervals[self.offsets[day]..self.offsets[day + 1]] {
            if remaining <= e - s {
                return s + remaining;
            }
            remaining -= e - s;
        }
        self.day_starts[day + 1]
    }

    fn advance_slow(&self, from: i64, running_ms: i64) -> i64 {
        let mut remaining = running_ms;
        let mut day = utc_ms_to_local(self.tz, from).date();
        // Bounded: a calendar with no opening hours for ten years never reaches the target.
        for _ in 0..3660 {
            for (s, e) in day_intervals(&self.calendar, self.tz, day) {
                let s = s.max(from);
                if e <= s {
                    continue;
                }
                if remaining <= e - s {
                    return s + remaining;
                }
                remaining -= e - s;
            }
            day += Duration::days(1);
        }
        i64::MAX / 2
    }
}

/// Converts milliseconds to minutes.
pub fn ms_to_minutes(ms: i64) -> f64 {
    ms as f64 / 60_000.0
}

/// Converts minutes to whole milliseconds.
pub fn minutes_to_ms(minutes: f64) -> i64 {
    (minutes * 60_000.0).round() as i64
}

/// Days in the table are local dates; this is the span a clock needs for instants `from..to`.
pub fn local_date_span(tz: Tz, from_ms: i64, to_ms: i64) -> (NaiveDate, NaiveDate) {
    let from = utc_ms_to_local(tz, from_ms.min(to_ms)).date() - Duration::days(2);
    let to = utc_ms_to_local(tz, to_ms.max(from_ms) + 62 * DAY_MS).date();
    (from, to)
}

#[cfg(test)]
mod tests;
