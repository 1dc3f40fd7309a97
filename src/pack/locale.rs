//! Words, numbers and dates in the client's language: English (British and US conventions) and
//! Italian (`1.234,5`, `30 settembre 2026`).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::config::{Locale, Unit};
use crate::i18n::{self, Arg};
use crate::kpi::metrics::Metric;
use crate::period::Period;

/// Formats numbers and dates for one locale.
#[derive(Debug, Clone, Copy)]
pub struct Format {
    /// The locale.
    pub locale: Locale,
}

impl Format {
    /// A formatter.
    pub fn new(locale: Locale) -> Self {
        Self { locale }
    }

    fn separators(self) -> (char, char) {
        match self.locale {
            Locale::ItIt => ('.', ','),
            _ => (',', '.'),
        }
    }

    /// A number with `decimals` decimals and thousands separators (`1,234.5` / `1.234,5`).
    pub fn number(self, value: f64, decimals: usize) -> String {
        let (thousands, decimal) = self.separators();
        let text = format!("{:.*}", decimals, value.abs());
        let (whole, fraction) = text
            .split_once('.')
            .map_or((text.as_str(), ""), |(w, f)| (w, f));
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(thousands);
            }
            grouped.push(c);
        }
        let sign = if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
            "−"
        } else {
            ""
        };
        if fraction.is_empty() {
            format!("{sign}{grouped}")
        } else {
            format!("{sign}{grouped}{decimal}{fraction}")
        }
    }

    /// A count.
    pub fn count(self, value: f64) -> String {
        self.number(value, 0)
    }

    /// A percentage with one decimal (`93.4%` / `93,4%`).
    pub fn percent(self, value: f64) -> String {
        format!("{}%", self.number(value, 1))
    }

    /// A duration in minutes on the clock: `45 min`, `5 h 05 min`, `73.5 h`.
    pub fn duration(self, minutes: f64) -> String {
        if minutes < 60.0 {
            return format!(
                "{} min",
                self.number(
                    minutes,
                    if minutes < 10.0 && minutes.fract() != 0.0 {
                        1
                    } else {
                        0
                    }
                )
            );
        }
        if minutes < 48.0 * 60.0 {
            let total = minutes.round() as i64;
            return format!("{} h {:02} min", total / 60, total % 60);
        }
        format!("{} h", self.number(minutes / 60.0, 1))
    }

    /// A value in its unit.
    pub fn value(self, value: f64, unit: Unit) -> String {
        match unit {
            Unit::Count => self.number(value, if value.fract().abs() < 1e-9 { 0 } else { 1 }),
            Unit::Percent => self.percent(value),
            Unit::Minutes => self.duration(value),
            Unit::Score => self.number(value, 2),
            Unit::Ratio => self.number(value, 3),
        }
    }

    /// A change in its unit, signed (`+2.1 pp`, `−15 min`).
    pub fn change(self, change: f64, unit: Unit) -> String {
        let sign = if change > 1e-9 {
            "+"
        } else if change < -1e-9 {
            "−"
        } else {
            "±"
        };
        let magnitude = change.abs();
        let text = match unit {
            Unit::Percent => format!("{} pp", self.number(magnitude, 1)),
            _ => self.value(magnitude, unit),
        };
        format!("{sign}{text}")
    }

    /// Month name.
    pub fn month_name(self, month: u32) -> &'static str {
        const KEYS: [&str; 12] = [
            "month-1", "month-2", "month-3", "month-4", "month-5", "month-6", "month-7", "month-8",
            "month-9", "month-10", "month-11", "month-12",
        ];
        label(self.locale, KEYS[(month.clamp(1, 12) - 1) as usize])
    }

    /// A value as shown, read back as a number: what a reader compares. A change shown beside
    /// two rounded values is the difference of those values, so the figures add up.
    pub fn shown(self, value: f64, unit: Unit) -> f64 {
        let round = |v: f64, decimals: i32| {
            let scale = 10f64.powi(decimals);
            (v * scale).round() / scale
        };
        match unit {
            Unit::Count => round(value, if value.fract().abs() < 1e-9 { 0 } else { 1 }),
            Unit::Percent => round(value, 1),
            Unit::Minutes if value < 60.0 => round(
                value,
                if value < 10.0 && value.fract() != 0.0 {
                    1
                } else {
                    0
                },
            ),
            Unit::Minutes if value < 48.0 * 60.0 => value.round(),
            Unit::Minutes => round(value / 60.0, 1) * 60.0,
            Unit::Score => round(value, 2),
            Unit::Ratio => round(value, 3),
        }
    }

    /// The change from `before` to `after` as shown: the difference of the shown values.
    pub fn change_between(self, after: f64, before: f64, unit: Unit) -> String {
        self.change(self.shown(after, unit) - self.shown(before, unit), unit)
    }

    /// A long date: `30 September 2026`, `September 30, 2026`, `30 settembre 2026`.
    pub fn date(self, date: NaiveDate) -> String {
        let month = self.month_name(date.month());
        match self.locale {
            Locale::EnUs => format!("{month} {}, {}", date.day(), date.year()),
            _ => format!("{} {month} {}", date.day(), date.year()),
        }
    }

    /// A short date-time for tables: `2026-09-30 14:05`.
    pub fn date_time(self, value: chrono::NaiveDateTime) -> String {
        match self.locale {
            Locale::EnUs => value.format("%m/%d/%Y %H:%M").to_string(),
            _ => value.format("%d/%m/%Y %H:%M").to_string(),
        }
    }

    /// A period's short name: `Q3 2026`, `T3 2026`, `July 2026`, `luglio 2026`, `W27 2026`,
    /// `W39–40 2026`, `15 September 2026`.
    pub fn period(self, period: Period) -> String {
        let numbered = |id: &str, number: String, year: i32| {
            text(
                self.locale,
                id,
                &[("number", number.into()), ("year", year.to_string().into())],
            )
        };
        match period {
            Period::Day(date) => self.date(date),
            Period::Week(y, w) => numbered("period-week", w.to_string(), y),
            Period::Fortnight(y, w) => {
                let second = period.start_date() + chrono::Duration::days(7);
                let second = second.iso_week().week();
                numbered("period-week", format!("{w}–{second}"), y)
            }
            Period::Month(y, m) => format!("{} {y}", self.month_name(m)),
            Period::Quarter(y, q) => numbered("period-quarter", q.to_string(), y),
            Period::Half(y, h) => numbered("period-half", h.to_string(), y),
            Period::Year(y) => y.to_string(),
            Period::FiscalYear(y, _) => numbered("period-fiscal-year", String::new(), y),
        }
    }

    /// A period's name in a series of `count`: the full name, or for long series a short one
    /// that fits a chart axis (`Sep 26`, `W38`, `15/09`).
    pub fn period_label(self, period: Period, count: usize) -> String {
        if count <= 6 {
            return self.period(period);
        }
        match period {
            Period::Day(date) => date.format("%d/%m").to_string(),
            Period::Month(y, m) => format!("{} {:02}", self.month_short(m), y.rem_euclid(100)),
            Period::Week(_, w) => self
                .period(period)
                .split(' ')
                .next()
                .map_or_else(|| w.to_string(), str::to_string),
            Period::Fortnight(..) => self
                .period(period)
                .split(' ')
                .next()
                .unwrap_or_default()
                .to_string(),
            _ => self.period(period),
        }
    }

    /// A month's abbreviation for chart axes (`Jul`, `lug`).
    pub fn month_short(self, month: u32) -> String {
        self.month_name(month).chars().take(3).collect()
    }

    /// The period's span: `1 July – 30 September 2026`.
    pub fn period_span(self, period: Period) -> String {
        let start = period.start_date();
        let last = period.end_date().pred_opt().unwrap_or(start);
        if start.year() == last.year() && self.locale != Locale::EnUs {
            format!(
                "{} {} – {}",
                start.day(),
                self.month_name(start.month()),
                self.date(last)
            )
        } else {
            format!("{} – {}", self.date(start), self.date(last))
        }
    }
}

/// The labels of a locale, for templates: every message that takes no variable.
pub fn labels(locale: Locale) -> BTreeMap<String, serde_json::Value> {
    i18n::language(language(locale)).labels()
}

/// One message without variables (its id when the language lacks it).
pub fn label(locale: Locale, key: &'static str) -> &'static str {
    i18n::language(language(locale)).fixed(key).unwrap_or(key)
}

/// One message with variables.
pub fn text(locale: Locale, id: &str, args: &[(&str, Arg)]) -> String {
    i18n::language(language(locale)).format(id, args)
}

/// A metric's name in a locale.
pub fn metric_title(locale: Locale, metric: Metric) -> String {
    text(locale, &i18n::metric_id("metric", &metric.key()), &[])
}

/// A metric's definition and counting rule in a locale.
pub fn metric_definition(locale: Locale, metric: Metric) -> String {
    text(locale, &i18n::metric_id("definition", &metric.key()), &[])
}

/// The ISO 639 language of a locale (for `lang` attributes).
pub fn language(locale: Locale) -> &'static str {
    locale.language()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::metrics::ALL_METRICS;

    #[test]
    fn italian_numbers_and_dates() {
        let it = Format::new(Locale::ItIt);
        assert_eq!(it.number(1234.5, 1), "1.234,5");
        assert_eq!(it.percent(93.44), "93,4%");
        assert_eq!(
            it.date(NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()),
            "30 settembre 2026"
        );
        assert_eq!(it.period(Period::Quarter(2026, 3)), "T3 2026");
        assert_eq!(
            it.period_span(Period::Quarter(2026, 3)),
            "1 luglio – 30 settembre 2026"
        );
        assert_eq!(it.duration(4410.0), "73,5 h");
    }

    #[test]
    fn english_numbers_and_dates() {
        let gb = Format::new(Locale::EnGb);
        let us = Format::new(Locale::EnUs);
        assert_eq!(gb.number(1234567.25, 2), "1,234,567.25");
        assert_eq!(gb.number(-3.0, 0), "−3");
        assert_eq!(gb.number(-0.01, 1), "0.0");
        assert_eq!(
            us.date(NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()),
            "September 30, 2026"
        );
        assert_eq!(
            gb.period_span(Period::Quarter(2026, 3)),
            "1 July – 30 September 2026"
        );
        assert_eq!(gb.change(-2.25, Unit::Percent), "−2.2 pp");
        assert_eq!(gb.duration(75.0), "1 h 15 min");
    }

    #[test]
    fn every_metric_has_a_title_and_a_definition_in_both_languages() {
        for locale in [Locale::EnGb, Locale::ItIt] {
            for metric in ALL_METRICS {
                let title = metric_title(locale, *metric);
                let definition = metric_definition(locale, *metric);
                assert!(!title.starts_with("metric-"), "{title}");
                assert!(!definition.starts_with("definition-"), "{definition}");
            }
        }
    }

    #[test]
    fn a_change_is_the_difference_of_the_values_shown() {
        let gb = Format::new(Locale::EnGb);
        // 18.4 min shows as 18 min and 14.6 min as 15 min: the change shown is −3 min.
        assert_eq!(gb.change_between(14.6, 18.4, Unit::Minutes), "−3 min");
        assert_eq!(gb.change_between(93.44, 91.26, Unit::Percent), "+2.1 pp");
        assert_eq!(gb.period(Period::Fortnight(2026, 39)), "W39–40 2026");
    }
}
