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
