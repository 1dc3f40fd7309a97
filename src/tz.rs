//! Wall-clock times in a client's IANA time zone ↔ UTC instants, with the product's rules for
//! daylight-saving folds (first occurrence) and gaps (offset before the switch).

use chrono::{Duration, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

/// Milliseconds in one day.
pub const DAY_MS: i64 = 86_400_000;

/// How a wall-clock time mapped onto the time line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalTimeKind {
    /// The time exists once.
    Normal,
    /// The time occurs twice (autumn fold); its first occurrence was taken.
    Ambiguous,
    /// The time does not exist (spring gap); it was read with the offset before the switch.
    Nonexistent,
}

/// Parses an IANA time zone name such as `Europe/Rome`.
pub fn parse_time_zone(name: &str) -> Result<Tz, String> {
    name.parse::<Tz>().map_err(|_| {
        format!("`{name}` is not an IANA time zone name (expected e.g. `Europe/Rome`, `America/New_York`, `UTC`)")
    })
}

/// Converts a wall-clock time in `tz` to UTC milliseconds since the epoch.
pub fn local_to_utc_ms(tz: Tz, local: NaiveDateTime) -> (i64, LocalTimeKind) {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => (t.timestamp_millis(), LocalTimeKind::Normal),
        LocalResult::Ambiguous(first, _) => (first.timestamp_millis(), LocalTimeKind::Ambiguous),
        LocalResult::None => {
            let offset_ms = offset_before_gap_ms(tz, local);
            (
                local.and_utc().timestamp_millis() - offset_ms,
                LocalTimeKind::Nonexistent,
            )
        }
    }
}

/// The UTC offset (in ms) in force just before the gap that swallows `local`.
fn offset_before_gap_ms(tz: Tz, local: NaiveDateTime) -> i64 {
    (1..=48)
        .find_map(|quarter_hours| {
            let earlier = local - Duration::minutes(15 * quarter_hours);
            tz.from_local_datetime(&earlier).earliest()
        })
        .map(|t| i64::from(t.offset().fix().local_minus_utc()) * 1000)
        .unwrap_or(0)
}

/// The UTC instant (ms) of local midnight starting `date`.
pub fn local_midnight_utc_ms(tz: Tz, date: NaiveDate) -> i64 {
    local_to_utc_ms(tz, date.and_time(chrono::NaiveTime::MIN)).0
}

/// The local wall-clock time of a UTC instant.
pub fn utc_ms_to_local(tz: Tz, utc_ms: i64) -> NaiveDateTime {
    let utc = chrono::DateTime::from_timestamp_millis(utc_ms).unwrap_or_default();
    utc.with_timezone(&tz).naive_local()
}

/// Formats a UTC instant as RFC 3339 with the local offset of `tz` (e.g. `2026-07-01T00:00:00+02:00`).
pub fn format_local_rfc3339(tz: Tz, utc_ms: i64) -> String {
    let utc = chrono::DateTime::from_timestamp_millis(utc_ms).unwrap_or_default();
    utc.with_timezone(&tz)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Converts many wall-clock times of one zone quickly: offsets are cached per local day and
/// only days that contain a transition take the slow path.
pub struct LocalConverter {
    tz: Tz,
    first_day: i64,
    days: Vec<DayOffset>,
}

#[derive(Clone, Copy)]
enum DayOffset {
    Unknown,
    Uniform(i64),
    Transition,
}

impl LocalConverter {
    /// A converter for `tz`.
    pub fn new(tz: Tz) -> Self {
        Self {
            tz,
            first_day: 0,
            days: Vec::new(),
        }
    }

    /// Converts local wall-clock milliseconds (a naive timestamp) to UTC milliseconds.
    pub fn convert(&mut self, local_ms: i64) -> (i64, LocalTimeKind) {
        let day = local_ms.div_euclid(DAY_MS);
        match self.day_offset(day) {
            DayOffset::Uniform(offset) => (local_ms - offset, LocalTimeKind::Normal),
            _ => {
                let naive = chrono::DateTime::from_timestamp_millis(local_ms)
                    .unwrap_or_default()
                    .naive_utc();
                local_to_utc_ms(self.tz, naive)
            }
        }
    }

    fn day_offset(&mut self, day: i64) -> DayOffset {
        if self.days.is_empty() {
            self.first_day = day - 400;
            self.days = vec![DayOffset::Unknown; 1200];
        }
        if day < self.first_day {
            let grow = (self.first_day - day + 400) as usize;
            let mut days = vec![DayOffset::Unknown; grow];
            days.append(&mut self.days);
            self.days = days;
            self.first_day -= grow as i64;
        }
        let index = (day - self.first_day) as usize;
        if index >= self.days.len() {
            self.days.resize(index + 400, DayOffset::Unknown);
        }
        if let DayOffset::Unknown = self.days[index] {
            self.days[index] = self.compute_day(day);
        }
        self.days[index]
    }

    fn compute_day(&self, day: i64) -> DayOffset {
        let Some(start) = chrono::DateTime::from_timestamp_millis(day * DAY_MS) else {
            return DayOffset::Transition;
        };
        let start = start.naive_utc();
        let end = start + Duration::milliseconds(DAY_MS - 1);
        let first = self.tz.from_local_datetime(&start);
        let last = self.tz.from_local_datetime(&end);
        match (first, last) {
            (LocalResult::Single(a), LocalResult::Single(b))
                if a.offset().fix() == b.offset().fix() =>
            {
                // A day that starts and ends on the same offset has no transition inside it
                // (no zone switches twice within one day).
                DayOffset::Uniform(i64::from(a.offset().fix().local_minus_utc()) * 1000)
            }
            _ => DayOffset::Transition,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn utc(s: &str) -> i64 {
        local(s).and_utc().timestamp_millis()
    }

    #[test]
    fn rome_spring_gap_reads_with_offset_before_switch() {
        // 2026-03-29 02:30 does not exist in Rome; read as +01:00 → 01:30 UTC (03:30 CEST).
        let (ms, kind) = local_to_utc_ms(chrono_tz::Europe::Rome, local("2026-03-29 02:30"));
        assert_eq!(kind, LocalTimeKind::Nonexistent);
        assert_eq!(ms, utc("2026-03-29 01:30"));
    }

    #[test]
    fn rome_autumn_fold_takes_first_occurrence() {
        // 2026-10-25 02:30 happens twice; the first is still CEST (+02:00) → 00:30 UTC.
        let (ms, kind) = local_to_utc_ms(chrono_tz::Europe::Rome, local("2026-10-25 02:30"));
        assert_eq!(kind, LocalTimeKind::Ambiguous);
        assert_eq!(ms, utc("2026-10-25 00:30"));
    }

    #[test]
    fn converter_matches_slow_path_around_transitions() {
        let tz = chrono_tz::Europe::Rome;
        let mut converter = LocalConverter::new(tz);
        let mut t = local("2026-03-27 00:00");
        while t < local("2026-11-02 00:00") {
            let fast = converter.convert(t.and_utc().timestamp_millis());
            assert_eq!(fast.0, local_to_utc_ms(tz, t).0, "at {t}");
            t += Duration::minutes(37);
        }
    }

    #[test]
    fn bad_zone_name_is_explained() {
        let err = parse_time_zone("Europe/Roma").unwrap_err();
        assert!(err.contains("IANA"), "{err}");
    }
}
