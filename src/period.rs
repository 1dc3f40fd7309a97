//! Review periods (ISO week, month, quarter, half, year, and relative ones like `last-quarter`)
//! and their half-open bounds `[start, end)` in a client's time zone.

use std::fmt;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use chrono_tz::Tz;

use crate::tz::local_midnight_utc_ms;

/// A calendar period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// One day.
    Day(NaiveDate),
    /// ISO week (year, week 1–53).
    Week(i32, u32),
    /// Two ISO weeks, starting with the week (year, week 1–53).
    Fortnight(i32, u32),
    /// Month (year, 1–12).
    Month(i32, u32),
    /// Quarter (year, 1–4).
    Quarter(i32, u32),
    /// Half (year, 1–2).
    Half(i32, u32),
    /// Calendar year.
    Year(i32),
    /// Fiscal year named by the year it ends in, starting in the given month (2–12): `FY2026`
    /// starting in April runs from 1 April 2025 to 31 March 2026.
    FiscalYear(i32, u32),
}

/// The kind of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    /// Day.
    Day,
    /// ISO week.
    Week,
    /// Two ISO weeks.
    Fortnight,
    /// Month.
    Month,
    /// Quarter.
    Quarter,
    /// Half year.
    Half,
    /// Year (calendar or fiscal).
    Year,
}

impl PeriodKind {
    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Fortnight => "fortnight",
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::Half => "half",
            Self::Year => "year",
        }
    }
}

const SYNTAX: &str = "expected `2026-09-15`, `2026-W27`, `2026-W39..W40`, `2026-07`, `2026-Q3`, `2026-H2`, `2026`, `FY2026` (fiscal year), or `yesterday`, `last-week`, `last-fortnight`, `last-month`, `last-quarter`, `last-half`, `last-year`, `last-fy` (also `today`, `this-…`)";

impl PeriodKind {
    /// How periods of this kind are written, for messages.
    pub fn forms(self) -> &'static str {
        match self {
            Self::Day => "a day: `2026-09-15`, `yesterday`, `today`",
            Self::Week => "an ISO week: `2026-W27`, `last-week`, `this-week`",
            Self::Fortnight => "two ISO weeks: `2026-W39..W40`, `last-fortnight`",
            Self::Month => "a month: `2026-07`, `last-month`, `this-month`",
            Self::Quarter => "a quarter: `2026-Q3`, `last-quarter`, `this-quarter`",
            Self::Half => "a half year: `2026-H1`, `last-half`, `this-half`",
            Self::Year => {
                "a year: `2026`, `last-year`, `this-year`, or a fiscal year: `FY2026`, `last-fy`, `this-fy`"
            }
        }
    }

    /// Parses a kind's name (`week`, `month`, …).
    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::Day,
            Self::Week,
            Self::Fortnight,
            Self::Month,
            Self::Quarter,
            Self::Half,
            Self::Year,
        ]
        .into_iter()
        .find(|k| k.name() == name)
    }
}

impl Period {
    /// Parses a period; relative names are resolved against `as_of` (a local date).
    pub fn parse(text: &str, as_of: NaiveDate) -> Result<Self, String> {
        let text = text.trim();
        let lower = text.to_lowercase();
        match lower.as_str() {
            "today" => return Ok(Self::Day(as_of)),
            "yesterday" => return Ok(Self::Day(as_of.pred_opt().unwrap_or(as_of))),
            _ => {}
        }
        if let Some((which, kind)) = lower.split_once('-')
            && (which == "last" || which == "this")
        {
            let kind = match kind {
                "day" => PeriodKind::Day,
                "week" => PeriodKind::Week,
                "fortnight" => PeriodKind::Fortnight,
                "month" => PeriodKind::Month,
                "quarter" => PeriodKind::Quarter,
                "half" => PeriodKind::Half,
                "year" => PeriodKind::Year,
                _ => return Err(format!("`{text}`: unknown relative period ({SYNTAX})")),
            };
            let current = Self::containing(kind, as_of);
            return Ok(if which == "last" {
                current.previous()
            } else {
                current
            });
        }
        parse_absolute(&lower).ok_or_else(|| format!("`{text}` is not a period ({SYNTAX})"))
    }

    /// The period of `kind` containing `date`.
    pub fn containing(kind: PeriodKind, date: NaiveDate) -> Self {
        let (year, month) = (date.year(), date.month());
        match kind {
            PeriodKind::Day => Self::Day(date),
            PeriodKind::Week => {
                let week = date.iso_week();
                Self::Week(week.year(), week.week())
            }
            // The fortnight starting with the week of `date`.
            PeriodKind::Fortnight => {
                let week = date.iso_week();
                Self::Fortnight(week.year(), week.week())
            }
            PeriodKind::Month => Self::Month(year, month),
            PeriodKind::Quarter => Self::Quarter(year, (month - 1) / 3 + 1),
            PeriodKind::Half => Self::Half(year, (month - 1) / 6 + 1),
            PeriodKind::Year => Self::Year(year),
        }
    }

    /// The kind.
    pub fn kind(self) -> PeriodKind {
        match self {
            Self::Day(_) => PeriodKind::Day,
            Self::Week(..) => PeriodKind::Week,
            Self::Fortnight(..) => PeriodKind::Fortnight,
            Self::Month(..) => PeriodKind::Month,
            Self::Quarter(..) => PeriodKind::Quarter,
            Self::Half(..) => PeriodKind::Half,
            Self::Year(_) | Self::FiscalYear(..) => PeriodKind::Year,
        }
    }

    /// First local date.
    pub fn start_date(self) -> NaiveDate {
        let ymd = |y, m| NaiveDate::from_ymd_opt(y, m, 1).expect("valid period start");
        match self {
            Self::Day(date) => date,
            Self::Week(y, w) | Self::Fortnight(y, w) => {
                NaiveDate::from_isoywd_opt(y, w, Weekday::Mon).expect("valid ISO week")
            }
            Self::Month(y, m) => ymd(y, m),
            Self::Quarter(y, q) => ymd(y, (q - 1) * 3 + 1),
            Self::Half(y, h) => ymd(y, (h - 1) * 6 + 1),
            Self::Year(y) => ymd(y, 1),
            Self::FiscalYear(y, m) => ymd(if m > 1 { y - 1 } else { y }, m.clamp(1, 12)),
        }
    }

    /// The local date after the last day (exclusive end).
    pub fn end_date(self) -> NaiveDate {
        self.next().start_date()
    }

    /// The period after this one.
    pub fn next(self) -> Self {
        match self {
            Self::Day(date) => Self::Day(date + Duration::days(1)),
            Self::Week(..) => {
                Self::containing(PeriodKind::Week, self.start_date() + Duration::days(7))
            }
            Self::Fortnight(..) => {
                let week = (self.start_date() + Duration::days(14)).iso_week();
                Self::Fortnight(week.year(), week.week())
            }
            Self::Month(y, 12) => Self::Month(y + 1, 1),
            Self::Month(y, m) => Self::Month(y, m + 1),
            Self::Quarter(y, 4) => Self::Quarter(y + 1, 1),
            Self::Quarter(y, q) => Self::Quarter(y, q + 1),
            Self::Half(y, 2) => Self::Half(y + 1, 1),
            Self::Half(y, h) => Self::Half(y, h + 1),
            Self::Year(y) => Self::Year(y + 1),
            Self::FiscalYear(y, m) => Self::FiscalYear(y + 1, m),
        }
    }

    /// The period before this one.
    pub fn previous(self) -> Self {
        match self {
            Self::Day(date) => Self::Day(date - Duration::days(1)),
            Self::Week(..) => {
                Self::containing(PeriodKind::Week, self.start_date() - Duration::days(1))
            }
            Self::Fortnight(..) => {
                let week = (self.start_date() - Duration::days(14)).iso_week();
                Self::Fortnight(week.year(), week.week())
            }
            Self::Month(y, 1) => Self::Month(y - 1, 12),
            Self::Month(y, m) => Self::Month(y, m - 1),
            Self::Quarter(y, 1) => Self::Quarter(y - 1, 4),
            Self::Quarter(y, q) => Self::Quarter(y, q - 1),
            Self::Half(y, 1) => Self::Half(y - 1, 2),
            Self::Half(y, h) => Self::Half(y, h - 1),
            Self::Year(y) => Self::Year(y - 1),
            Self::FiscalYear(y, m) => Self::FiscalYear(y - 1, m),
        }
    }

    /// The same period one year earlier.
    pub fn year_earlier(self) -> Self {
        let weeks_of = |y: i32| {
            NaiveDate::from_ymd_opt(y, 12, 28)
                .map(|d| d.iso_week().week())
                .unwrap_or(52)
        };
        match self {
            Self::Day(date) => Self::Day(
                date.with_year(date.year() - 1)
                    .unwrap_or(date - Duration::days(365)),
            ),
            Self::Week(y, w) => Self::Week(y - 1, w.min(weeks_of(y - 1))),
            Self::Fortnight(y, w) => Self::Fortnight(y - 1, w.min(weeks_of(y - 1))),
            Self::Month(y, m) => Self::Month(y - 1, m),
            Self::Quarter(y, q) => Self::Quarter(y - 1, q),
            Self::Half(y, h) => Self::Half(y - 1, h),
            Self::Year(y) => Self::Year(y - 1),
            Self::FiscalYear(y, m) => Self::FiscalYear(y - 1, m),
        }
    }

    /// The calendar quarters that make up a half or a (fiscal) year; empty when a fiscal year's
    /// quarters are not calendar quarters (a fiscal year starting in May).
    pub fn quarters(self) -> Vec<Period> {
        let months = self.months();
        months
            .chunks(3)
            .filter_map(|chunk| match chunk.first() {
                Some(Period::Month(y, m)) if (m - 1) % 3 == 0 && chunk.len() == 3 => {
                    Some(Period::Quarter(*y, (m - 1) / 3 + 1))
                }
                _ => None,
            })
            .collect()
    }

    /// The fiscal year (starting in `start_month`) containing `date`.
    pub fn fiscal_year(date: NaiveDate, start_month: u32) -> Self {
        if start_month <= 1 {
            return Self::Year(date.year());
        }
        let year = if date.month() >= start_month {
            date.year() + 1
        } else {
            date.year()
        };
        Self::FiscalYear(year, start_month)
    }

    /// Parses a period, reading `FY2026`, `last-fy` and `this-fy` with fiscal years starting
    /// in `fiscal_start` (1 = January: fiscal years are calendar years).
    pub fn parse_fiscal(text: &str, as_of: NaiveDate, fiscal_start: u32) -> Result<Self, String> {
        let lower = text.trim().to_lowercase();
        let fiscal = |year: i32| {
            if fiscal_start <= 1 {
                Self::Year(year)
            } else {
                Self::FiscalYear(year, fiscal_start)
            }
        };
        match lower.as_str() {
            "this-fy" => return Ok(Self::fiscal_year(as_of, fiscal_start)),
            "last-fy" => return Ok(Self::fiscal_year(as_of, fiscal_start).previous()),
            _ => {}
        }
        if let Some(year) = lower.strip_prefix("fy") {
            return year
                .parse::<i32>()
                .ok()
                .filter(|y| (1971..=2200).contains(y))
                .map(fiscal)
                .ok_or_else(|| format!("`{text}` is not a fiscal year (expected `FY2026`)"));
        }
        Self::parse(text, as_of)
    }

    /// The months that make up the period (a week gives the month it starts in).
    pub fn months(self) -> Vec<Period> {
        let mut out = Vec::new();
        let mut month = Self::containing(PeriodKind::Month, self.start_date());
        let end = self.end_date();
        loop {
            out.push(month);
            month = month.next();
            if month.start_date() >= end {
                break;
            }
        }
        out
    }

    /// The `count` periods of the same kind ending with this one, oldest first.
    pub fn trailing(self, count: usize) -> Vec<Period> {
        let mut out = vec![self];
        while out.len() < count {
            let earlier = out[0].previous();
            out.insert(0, earlier);
        }
        out
    }

    /// Bounds in a time zone.
    pub fn bounds(self, tz: Tz) -> PeriodBounds {
        PeriodBounds {
            period: self,
            start: local_midnight_utc_ms(tz, self.start_date()),
            end: local_midnight_utc_ms(tz, self.end_date()),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Day(date) => write!(f, "{}", date.format("%Y-%m-%d")),
            Self::Week(y, w) => write!(f, "{y}-W{w:02}"),
            Self::Fortnight(..) => {
                let second = (self.start_date() + Duration::days(7)).iso_week();
                let (y, w) = match self {
                    Self::Fortnight(y, w) => (*y, *w),
                    _ => (0, 0),
                };
                if second.year() == y {
                    write!(f, "{y}-W{w:02}..W{:02}", second.week())
                } else {
                    write!(f, "{y}-W{w:02}..{}-W{:02}", second.year(), second.week())
                }
            }
            Self::Month(y, m) => write!(f, "{y}-{m:02}"),
            Self::Quarter(y, q) => write!(f, "{y}-Q{q}"),
            Self::Half(y, h) => write!(f, "{y}-H{h}"),
            Self::Year(y) => write!(f, "{y}"),
            Self::FiscalYear(y, _) => write!(f, "FY{y}"),
        }
    }
}

fn parse_absolute(text: &str) -> Option<Period> {
    if let Some((first, second)) = text.split_once("..") {
        let Period::Week(y, w) = parse_absolute(first)? else {
            return None;
        };
        let second = if second.starts_with('w') {
            parse_absolute(&format!("{y}-{second}"))?
        } else {
            parse_absolute(second)?
        };
        let fortnight = Period::Fortnight(y, w);
        let next = Period::Week(y, w).next();
        return (second == next).then_some(fortnight);
    }
    if text.len() == 10
        && let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d")
    {
        return (1970..=2200)
            .contains(&date.year())
            .then_some(Period::Day(date));
    }
    if let Ok(year) = text.parse::<i32>() {
        return (1970..=2200).contains(&year).then_some(Period::Year(year));
    }
    let (year, rest) = text.split_once('-')?;
    let year: i32 = year.parse().ok().filter(|y| (1970..=2200).contains(y))?;
    let number = |s: &str| s.parse::<u32>().ok();
    if let Some(week) = rest.strip_prefix('w') {
        let week = number(week)?;
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
        return Some(Period::Week(year, week));
    }
    if let Some(quarter) = rest.strip_prefix('q') {
        return number(quarter)
            .filter(|q| (1..=4).contains(q))
            .map(|q| Period::Quarter(year, q));
    }
    if let Some(half) = rest.strip_prefix('h') {
        return number(half)
            .filter(|h| (1..=2).contains(h))
            .map(|h| Period::Half(year, h));
    }
    if rest.len() <= 2 {
        return number(rest)
            .filter(|m| (1..=12).contains(m))
            .map(|m| Period::Month(year, m));
    }
    None
}

/// A period's bounds as UTC instants (ms), half-open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodBounds {
    /// The period.
    pub period: Period,
    /// First instant.
    pub start: i64,
    /// First instant after the period.
    pub end: i64,
}

impl PeriodBounds {
    /// Whether an instant falls in the period.
    pub fn contains(&self, t: i64) -> bool {
        t >= self.start && t < self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn absolute_periods() {
        let today = d(2026, 11, 27);
        assert_eq!(
            Period::parse("2026-Q3", today),
            Ok(Period::Quarter(2026, 3))
        );
        assert_eq!(Period::parse("2026-07", today), Ok(Period::Month(2026, 7)));
        assert_eq!(Period::parse("2026-W27", today), Ok(Period::Week(2026, 27)));
        assert_eq!(Period::parse("2026-h2", today), Ok(Period::Half(2026, 2)));
        assert_eq!(Period::parse("2026", today), Ok(Period::Year(2026)));
        assert!(Period::parse("2026-Q5", today).is_err());
        assert!(Period::parse("2026-13", today).is_err());
        assert!(Period::parse("2026-W54", today).is_err());
        assert_eq!(
            Period::parse("yesterday", today),
            Ok(Period::Day(d(2026, 11, 26)))
        );
        assert_eq!(
            Period::parse("2026-09-15", today),
            Ok(Period::Day(d(2026, 9, 15)))
        );
        assert_eq!(
            Period::parse("2026-W39..W40", today),
            Ok(Period::Fortnight(2026, 39))
        );
        assert_eq!(
            Period::parse("2026-W53..2027-W01", today),
            Ok(Period::Fortnight(2026, 53))
        );
        assert!(Period::parse("2026-W39..W41", today).is_err());
        assert!(Period::parse("2026-02-30", today).is_err());
    }

    #[test]
    fn fiscal_years_start_in_any_month() {
        // (start month, date) → expected first day and the day after the last.
        let table = [
            (4, d(2026, 3, 31), "FY2026", d(2025, 4, 1), d(2026, 4, 1)),
            (4, d(2026, 4, 1), "FY2027", d(2026, 4, 1), d(2027, 4, 1)),
            (7, d(2026, 6, 30), "FY2026", d(2025, 7, 1), d(2026, 7, 1)),
            (10, d(2026, 10, 1), "FY2027", d(2026, 10, 1), d(2027, 10, 1)),
            (
                12,
                d(2026, 11, 30),
                "FY2026",
                d(2025, 12, 1),
                d(2026, 12, 1),
            ),
            (1, d(2026, 5, 5), "2026", d(2026, 1, 1), d(2027, 1, 1)),
        ];
        for (start, date, name, first, after) in table {
            let fy = Period::fiscal_year(date, start);
            assert_eq!(fy.to_string(), name, "{start} {date}");
            assert_eq!((fy.start_date(), fy.end_date()), (first, after), "{name}");
        }
        let as_of = d(2026, 10, 5);
        assert_eq!(
            Period::parse_fiscal("FY2026", as_of, 4),
            Ok(Period::FiscalYear(2026, 4))
        );
        assert_eq!(
            Period::parse_fiscal("last-fy", as_of, 4),
            Ok(Period::FiscalYear(2026, 4))
        );
        assert_eq!(
            Period::parse_fiscal("this-fy", as_of, 4),
            Ok(Period::FiscalYear(2027, 4))
        );
        assert_eq!(
            Period::parse_fiscal("FY2026", as_of, 1),
            Ok(Period::Year(2026))
        );
        assert_eq!(
            Period::FiscalYear(2026, 4).quarters(),
            vec![
                Period::Quarter(2025, 2),
                Period::Quarter(2025, 3),
                Period::Quarter(2025, 4),
                Period::Quarter(2026, 1)
            ]
        );
        assert_eq!(Period::FiscalYear(2026, 5).quarters(), vec![]);
        assert_eq!(
            Period::Half(2026, 1).quarters(),
            vec![Period::Quarter(2026, 1), Period::Quarter(2026, 2)]
        );
    }

    #[test]
    fn days_and_fortnights() {
        let fortnight = Period::Fortnight(2026, 39);
        assert_eq!(fortnight.to_string(), "2026-W39..W40");
        assert_eq!(fortnight.start_date(), d(2026, 9, 21));
        assert_eq!(fortnight.end_date(), d(2026, 10, 5));
        assert_eq!(fortnight.previous(), Period::Fortnight(2026, 37));
        assert_eq!(
            Period::Fortnight(2026, 53).to_string(),
            "2026-W53..2027-W01"
        );
        assert_eq!(
            Period::parse("last-fortnight", d(2026, 10, 7)),
            Ok(Period::Fortnight(2026, 39))
        );
        let day = Period::Day(d(2026, 3, 1));
        assert_eq!(day.previous(), Period::Day(d(2026, 2, 28)));
        assert_eq!(day.end_date(), d(2026, 3, 2));
        assert_eq!(day.to_string(), "2026-03-01");
        assert_eq!(day.months(), vec![Period::Month(2026, 3)]);
    }

    #[test]
    fn relative_periods() {
        let as_of = d(2026, 10, 5);
        assert_eq!(
            Period::parse("last-month", as_of),
            Ok(Period::Month(2026, 9))
        );
        assert_eq!(
            Period::parse("last-quarter", as_of),
            Ok(Period::Quarter(2026, 3))
        );
        assert_eq!(Period::parse("last-half", as_of), Ok(Period::Half(2026, 1)));
        assert_eq!(Period::parse("last-year", as_of), Ok(Period::Year(2025)));
        assert_eq!(
            Period::parse("last-week", as_of),
            Ok(Period::Week(2026, 40))
        );
        assert_eq!(
            Period::parse("this-quarter", as_of),
            Ok(Period::Quarter(2026, 4))
        );
        assert_eq!(
            Period::parse("last-month", d(2026, 1, 15)),
            Ok(Period::Month(2025, 12))
        );
        // 2027-01-01 belongs to ISO week 2026-W53.
        assert_eq!(
            Period::parse("last-week", d(2027, 1, 6)),
            Ok(Period::Week(2026, 53))
        );
    }

    #[test]
    fn week_bounds_and_navigation() {
        let week = Period::Week(2026, 27);
        assert_eq!(week.start_date(), d(2026, 6, 29));
        assert_eq!(week.end_date(), d(2026, 7, 6));
        assert_eq!(Period::Week(2026, 53).next(), Period::Week(2027, 1));
        assert_eq!(
            Period::Quarter(2026, 1).previous(),
            Period::Quarter(2025, 4)
        );
        assert_eq!(
            Period::Quarter(2026, 3).months(),
            vec![
                Period::Month(2026, 7),
                Period::Month(2026, 8),
                Period::Month(2026, 9)
            ]
        );
        assert_eq!(
            Period::Quarter(2026, 3).trailing(5)[0],
            Period::Quarter(2025, 3)
        );
    }

    #[test]
    fn bounds_are_local_midnights() {
        let bounds = Period::Quarter(2026, 3).bounds(chrono_tz::Europe::Rome);
        // 2026-07-01 00:00 CEST = 2026-06-30 22:00 UTC; 2026-10-01 00:00 CEST = 09-30 22:00 UTC.
        assert_eq!(bounds.start, 1_782_856_800_000);
        assert_eq!(bounds.end, 1_790_805_600_000);
    }
}
