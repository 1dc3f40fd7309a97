//! Hand-computed answers for the clock: business hours, holidays, DST, exceptions.

use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::Europe::Rome;

use super::*;
use crate::tz::local_to_utc_ms;

fn rome(text: &str) -> i64 {
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
    local_to_utc_ms(Rome, naive).0
}

fn office(holidays: &[(i32, u32, u32)]) -> Calendar {
    let day = vec![(9 * 60, 18 * 60)];
    let mut exceptions = BTreeMap::new();
    for &(y, m, d) in holidays {
        exceptions.insert(
            NaiveDate::from_ymd_opt(y, m, d).unwrap(),
            (Vec::new(), "holiday".to_string()),
        );
    }
    Calendar {
        name: "office".into(),
        weekly: Some([
            day.clone(),
            day.clone(),
            day.clone(),
            day.clone(),
            day,
            vec![],
            vec![],
        ]),
        exceptions: exceptions.into(),
    }
}

fn clock(calendar: &Calendar) -> Clock {
    Clock::new(
        calendar,
        Rome,
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
    )
}

fn minutes(clock: &Clock, from: &str, to: &str) -> f64 {
    ms_to_minutes(clock.elapsed_ms(rome(from), rome(to)))
}

#[test]
fn friday_evening_to_monday_morning_is_75_business_minutes() {
    // Friday 3 July 2026 17:30 → Monday 6 July 09:45: 30 min on Friday + 45 min on Monday.
    let c = clock(&office(&[]));
    assert_eq!(minutes(&c, "2026-07-03 17:30", "2026-07-06 09:45"), 75.0);
}

#[test]
fn a_holiday_in_between_adds_nothing() {
    // Tuesday 8 December 2026 is a holiday: Monday 17:30 → Wednesday 09:45 is still 75 min.
    let c = clock(&office(&[(2026, 12, 8)]));
    assert_eq!(minutes(&c, "2026-12-07 17:30", "2026-12-09 09:45"), 75.0);
    // Without the holiday the Tuesday counts in full (9 h more).
    let c = clock(&office(&[]));
    assert_eq!(
        minutes(&c, "2026-12-07 17:30", "2026-12-09 09:45"),
        75.0 + 540.0
    );
}

#[test]
fn times_outside_hours_count_nothing() {
    let c = clock(&office(&[]));
    assert_eq!(minutes(&c, "2026-07-04 10:00", "2026-07-05 16:00"), 0.0);
    assert_eq!(minutes(&c, "2026-07-06 07:00", "2026-07-06 09:00"), 0.0);
    assert_eq!(minutes(&c, "2026-07-06 18:00", "2026-07-07 09:00"), 0.0);
    assert_eq!(minutes(&c, "2026-07-06 10:00", "2026-07-06 10:00"), 0.0);
}

#[test]
fn always_open_clock_follows_real_time_across_dst() {
    let c = clock(&Calendar::always_open());
    // Spring: 28 March 23:00 → 29 March 04:00 local is 4 real hours (02:00–03:00 does not exist).
    assert_eq!(minutes(&c, "2026-03-28 23:00", "2026-03-29 04:00"), 240.0);
    // Autumn: 24 October 23:00 → 25 October 04:00 local is 6 real hours (02:00–03:00 twice).
    assert_eq!(minutes(&c, "2026-10-24 23:00", "2026-10-25 04:00"), 360.0);
}

#[test]
fn round_the_clock_business_calendar_across_dst() {
    // A calendar open 00:00–24:00 every day measures real time, DST included.
    let all_day = vec![(0, 1440)];
    let calendar = Calendar {
        name: "all".into(),
        weekly: Some(std::array::from_fn(|_| all_day.clone())),
        exceptions: Default::default(),
    };
    let c = clock(&calendar);
    assert_eq!(minutes(&c, "2026-03-28 23:00", "2026-03-29 04:00"), 240.0);
    assert_eq!(minutes(&c, "2026-10-24 23:00", "2026-10-25 04:00"), 360.0);
    // A whole spring-forward day is 23 hours, autumn day 25.
    assert_eq!(
        minutes(&c, "2026-03-29 00:00", "2026-03-30 00:00"),
        23.0 * 60.0
    );
    assert_eq!(
        minutes(&c, "2026-10-25 00:00", "2026-10-26 00:00"),
        25.0 * 60.0
    );
}

#[test]
fn business_hours_over_dst_weekends_are_unaffected() {
    let c = clock(&office(&[]));
    // Friday 27 March 17:00 → Monday 30 March 10:00 (clocks change on Sunday 29th): 60 + 60.
    assert_eq!(minutes(&c, "2026-03-27 17:00", "2026-03-30 10:00"), 120.0);
    // Friday 23 October 17:00 → Monday 26 October 10:00 (change on Sunday 25th).
    assert_eq!(minutes(&c, "2026-10-23 17:00", "2026-10-26 10:00"), 120.0);
}

#[test]
fn short_days_and_split_hours() {
    let mut calendar = office(&[]);
    std::sync::Arc::make_mut(&mut calendar.exceptions).insert(
        NaiveDate::from_ymd_opt(2026, 12, 24).unwrap(),
        (vec![(9 * 60, 13 * 60)], "Christmas Eve".into()),
    );
    calendar.weekly.as_mut().unwrap()[0] = vec![(9 * 60, 13 * 60), (14 * 60, 18 * 60)];
    let c = clock(&calendar);
    // Thursday 24 December is open 09:00–13:00 only.
    assert_eq!(minutes(&c, "2026-12-24 08:00", "2026-12-24 20:00"), 240.0);
    // Monday 6 July has a lunch break 13:00–14:00.
    assert_eq!(minutes(&c, "2026-07-06 12:00", "2026-07-06 15:00"), 120.0);
}

#[test]
fn measuring_outside_the_precomputed_range_is_still_exact() {
    let c = clock(&office(&[]));
    // 2027 lies beyond the table: Friday 8 January 2027 17:30 → Monday 11th 09:45.
    assert_eq!(minutes(&c, "2027-01-08 17:30", "2027-01-11 09:45"), 75.0);
    // 2025 lies before it.
    assert_eq!(minutes(&c, "2025-12-19 17:30", "2025-12-22 09:45"), 75.0);
    // Spanning the edge: Wednesday 30 December 2026 17:00 → Monday 4 January 2027 10:00.
    assert_eq!(
        minutes(&c, "2026-12-30 17:00", "2027-01-04 10:00"),
        60.0 + 540.0 + 540.0 + 60.0
    );
}

#[test]
fn advance_finds_the_due_instant() {
    let c = clock(&office(&[]));
    // 75 business minutes after Friday 17:30 is Monday 09:45.
    assert_eq!(
        c.advance(rome("2026-07-03 17:30"), 75 * 60_000),
        rome("2026-07-06 09:45")
    );
    // Reaching exactly the end of a day lands on 18:00.
    assert_eq!(
        c.advance(rome("2026-07-06 09:00"), 540 * 60_000),
        rome("2026-07-06 18:00")
    );
}

#[test]
fn day_hours_parse_and_describe() {
    assert_eq!(
        parse_day_hours("09:00-13:00, 14:00-18:00"),
        Ok(vec![(540, 780), (840, 1080)])
    );
    assert_eq!(parse_day_hours("closed"), Ok(vec![]));
    assert_eq!(parse_day_hours("00:00-24:00"), Ok(vec![(0, 1440)]));
    assert!(
        parse_day_hours("18:00-09:00")
            .unwrap_err()
            .contains("cross midnight")
    );
    assert!(parse_day_hours("9-18").is_err());
    assert_eq!(
        office(&[]).describe(),
        "Mon–Fri 09:00–18:00; 0 dated exceptions"
    );
}

/// Property tests of the clock over random calendars, holidays, zones (DST transitions in both
/// hemispheres included) and intervals: business time is additive, monotone, never more than
/// wall time, `advance` inverts it, and on short spans it equals a slow minute-by-minute count.
mod properties {
    use chrono::{Duration, NaiveDate, Timelike};
    use chrono_tz::Tz;

    use super::*;
    use crate::tz::utc_ms_to_local;

    /// xorshift64*: a small deterministic generator (the same seed gives the same cases).
    struct Random(u64);

    impl Random {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    const ZONES: [Tz; 5] = [
        chrono_tz::Europe::Rome,
        chrono_tz::America::New_York,
        chrono_tz::Europe::London,
        chrono_tz::Australia::Sydney,
        chrono_tz::Asia::Tokyo,
    ];

    /// Days around which clocks change somewhere among `ZONES`.
    const DST_DAYS: [(i32, u32, u32); 6] = [
        (2026, 3, 29),
        (2026, 10, 25),
        (2026, 3, 8),
        (2026, 11, 1),
        (2026, 4, 5),
        (2026, 10, 4),
    ];

    /// Opening boundaries in minutes: quarter hours, never in 02:00–03:00 where local times
    /// are missing or repeated on DST days (there a boundary has no single instant).
    fn boundary(random: &mut Random) -> u32 {
        loop {
            let minutes = random.below(97) as u32 * 15;
            if !(120..=180).contains(&minutes) {
                return minutes;
            }
        }
    }

    fn day_hours(random: &mut Random) -> DayHours {
        let mut points: Vec<u32> = (0..2 * random.below(3)).map(|_| boundary(random)).collect();
        points.sort_unstable();
        points.dedup();
        points
            .chunks_exact(2)
            .map(|pair| (pair[0], pair[1]))
            .filter(|(s, e)| e > s)
            .collect()
    }

    fn calendar(random: &mut Random, from: NaiveDate, days: i64) -> Calendar {
        let weekly: [DayHours; 7] = std::array::from_fn(|_| day_hours(random));
        let mut exceptions = BTreeMap::new();
        for _ in 0..random.below(4) {
            let date = from + Duration::days(random.below(days as u64 + 1) as i64);
            let hours = if random.below(2) == 0 {
                Vec::new()
            } else {
                day_hours(random)
            };
            exceptions.insert(date, (hours, "random".to_string()));
        }
        Calendar {
            name: "random".into(),
            weekly: Some(weekly),
            exceptions: exceptions.into(),
        }
    }

    /// Whether the calendar is open at instant `t` (by its local wall-clock minute).
    fn open_at(calendar: &Calendar, tz: Tz, t: i64) -> bool {
        let local = utc_ms_to_local(tz, t);
        let minute = local.hour() * 60 + local.minute();
        calendar
            .hours_on(local.date())
            .is_none_or(|hours| hours.iter().any(|&(s, e)| s <= minute && minute < e))
    }

    #[test]
    fn business_time_is_additive_monotone_bounded_and_exact() {
        let mut random = Random(0x5eed_c10c);
        let minute = 60_000;
        for case in 0..400 {
            let tz = ZONES[random.below(ZONES.len() as u64) as usize];
            let from = if random.below(2) == 0 {
                let (y, m, d) = DST_DAYS[random.below(DST_DAYS.len() as u64) as usize];
                NaiveDate::from_ymd_opt(y, m, d).unwrap() - Duration::days(random.below(4) as i64)
            } else {
                NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
                    + Duration::days(random.below(1000) as i64)
            };
            let days = 1 + random.below(6) as i64;
            let calendar = calendar(&mut random, from, days);
            let clock = Clock::new(&calendar, tz, from, from + Duration::days(days));
            let start = crate::tz::local_midnight_utc_ms(tz, from);
            let span = days * 86_400_000;
            // Three instants on minute boundaries, sorted.
            let mut points: Vec<i64> = (0..3)
                .map(|_| start + random.below((span / minute) as u64) as i64 * minute)
                .collect();
            points.sort_unstable();
            let (a, b, c) = (points[0], points[1], points[2]);
            let context = format!(
                "case {case}: {tz} from {from} ({} days), {calendar:?}",
                days
            );
            assert_eq!(
                clock.elapsed_ms(a, c),
                clock.elapsed_ms(a, b) + clock.elapsed_ms(b, c),
                "additive: {context}"
            );
            assert!(
                clock.position(a) <= clock.position(b),
                "monotone: {context}"
            );
            assert!(
                clock.elapsed_ms(a, c) <= c - a,
                "bounded by wall time: {context}"
            );
            // The slow count, one minute at a time (spans of at most three days).
            let end = c.min(a + 3 * 86_400_000);
            let slow: i64 = (0..(end - a) / minute)
                .filter(|i| open_at(&calendar, tz, a + i * minute))
                .count() as i64
                * minute;
            assert_eq!(
                clock.elapsed_ms(a, end),
                slow,
                "minute by minute: {context}"
            );
            // `advance` lands where that much running time has passed.
            let running = clock.elapsed_ms(a, end);
            if running > 0 {
                let reached = clock.advance(a, running);
                assert_eq!(clock.elapsed_ms(a, reached), running, "advance: {context}");
                assert!(
                    reached <= end,
                    "advance goes no further than needed: {context}"
                );
            }
        }
    }
}
