//! Built-in national public-holiday sets (Italy, England & Wales, US federal), computed per year.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// A built-in holiday set a calendar can name under `holidays.national`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NationalHolidays {
    /// Italy's national holidays (feste nazionali).
    Italy,
    /// Bank holidays of England and Wales, with substitute days and one-off holidays.
    EnglandWales,
    /// US federal holidays, with their observed dates.
    UsFederal,
}

/// The names accepted in configuration, for messages and docs.
pub const NATIONAL_SET_NAMES: &[&str] = &["it", "uk", "us"];

impl NationalHolidays {
    /// Parses a set name (`it`, `uk`/`gb`/`gb-eng`, `us`).
    pub fn parse(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "it" | "italy" => Some(Self::Italy),
            "uk" | "gb" | "gb-eng" | "england" | "england-wales" => Some(Self::EnglandWales),
            "us" | "usa" | "us-federal" => Some(Self::UsFederal),
            _ => None,
        }
    }

    /// The holidays of this set falling in `year`, with their names.
    pub fn for_year(self, year: i32) -> Vec<(NaiveDate, &'static str)> {
        match self {
            Self::Italy => italy(year),
            Self::EnglandWales => england_wales(year),
            Self::UsFederal => us_federal(year),
        }
    }
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("valid fixed holiday date")
}

/// Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(year, month as u32, day as u32)
}

fn italy(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let mut days = vec![
        (date(year, 1, 1), "Capodanno"),
        (date(year, 1, 6), "Epifania"),
        (
            easter_sunday(year) + Duration::days(1),
            "Lunedì dell'Angelo",
        ),
        (date(year, 4, 25), "Festa della Liberazione"),
        (date(year, 5, 1), "Festa del Lavoro"),
        (date(year, 6, 2), "Festa della Repubblica"),
        (date(year, 8, 15), "Ferragosto"),
        (date(year, 11, 1), "Ognissanti"),
        (date(year, 12, 8), "Immacolata Concezione"),
        (date(year, 12, 25), "Natale"),
        (date(year, 12, 26), "Santo Stefano"),
    ];
    // Law 151/2025 restored 4 October (San Francesco) as a national holiday from 2026.
    if year >= 2026 {
        days.push((date(year, 10, 4), "San Francesco d'Assisi"));
    }
    days.sort();
    days
}

fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n).expect("nth weekday exists")
}

fn last_weekday(year: i32, month: u32, weekday: Weekday) -> NaiveDate {
    let next_month = if month == 12 {
        date(year + 1, 1, 1)
    } else {
        date(year, month + 1, 1)
    };
    let mut day = next_month - Duration::days(1);
    while day.weekday() != weekday {
        day -= Duration::days(1);
    }
    day
}

/// Moves a weekend date to the following Monday (UK substitute day).
fn next_monday_if_weekend(day: NaiveDate) -> NaiveDate {
    match day.weekday() {
        Weekday::Sat => day + Duration::days(2),
        Weekday::Sun => day + Duration::days(1),
        _ => day,
    }
}

fn england_wales(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let easter = easter_sunday(year);
    let mut days = vec![
        (next_monday_if_weekend(date(year, 1, 1)), "New Year's Day"),
        (easter - Duration::days(2), "Good Friday"),
        (easter + Duration::days(1), "Easter Monday"),
    ];
    let early_may = match year {
        2020 => date(2020, 5, 8), // moved for the 75th anniversary of VE Day
        _ => nth_weekday(year, 5, Weekday::Mon, 1),
    };
    days.push((early_may, "Early May bank holiday"));
    let spring = match year {
        2022 => date(2022, 6, 2), // moved for the Platinum Jubilee
        _ => last_weekday(year, 5, Weekday::Mon),
    };
    days.push((spring, "Spring bank holiday"));
    days.push((last_weekday(year, 8, Weekday::Mon), "Summer bank holiday"));
    let christmas = date(year, 12, 25);
    let (christmas_observed, boxing_observed) = match christmas.weekday() {
        Weekday::Fri => (christmas, date(year, 12, 28)),
        Weekday::Sat => (date(year, 12, 27), date(year, 12, 28)),
        Weekday::Sun => (date(year, 12, 27), date(year, 12, 26)),
        _ => (christmas, date(year, 12, 26)),
    };
    days.push((christmas_observed, "Christmas Day"));
    days.push((boxing_observed, "Boxing Day"));
    match year {
        2022 => {
            days.push((date(2022, 6, 3), "Platinum Jubilee bank holiday"));
            days.push((date(2022, 9, 19), "State Funeral of Queen Elizabeth II"));
        }
        2023 => days.push((date(2023, 5, 8), "Coronation of King Charles III")),
        _ => {}
    }
    days.sort();
    days
}

/// Federal observance: Saturday → Friday before, Sunday → Monday after.
fn us_observed(day: NaiveDate) -> NaiveDate {
    match day.weekday() {
        Weekday::Sat => day - Duration::days(1),
        Weekday::Sun => day + Duration::days(1),
        _ => day,
    }
}

fn us_federal(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let mut days = vec![
        (us_observed(date(year, 1, 1)), "New Year's Day"),
        (
            nth_weekday(year, 1, Weekday::Mon, 3),
            "Birthday of Martin Luther King, Jr.",
        ),
        (
            nth_weekday(year, 2, Weekday::Mon, 3),
            "Washington's Birthday",
        ),
        (last_weekday(year, 5, Weekday::Mon), "Memorial Day"),
        (us_observed(date(year, 7, 4)), "Independence Day"),
        (nth_weekday(year, 9, Weekday::Mon, 1), "Labor Day"),
        (nth_weekday(year, 10, Weekday::Mon, 2), "Columbus Day"),
        (us_observed(date(year, 11, 11)), "Veterans Day"),
        (nth_weekday(year, 11, Weekday::Thu, 4), "Thanksgiving Day"),
        (us_observed(date(year, 12, 25)), "Christmas Day"),
    ];
    if year >= 2021 {
        days.push((
            us_observed(date(year, 6, 19)),
            "Juneteenth National Independence Day",
        ));
    }
    // New Year's Day of the next year observed on 31 December of this one.
    if date(year + 1, 1, 1).weekday() == Weekday::Sat {
        days.push((date(year, 12, 31), "New Year's Day (observed)"));
    }
    days.retain(|(day, _)| day.year() == year);
    days.sort();
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_dates() {
        assert_eq!(easter_sunday(2024), date(2024, 3, 31));
        assert_eq!(easter_sunday(2025), date(2025, 4, 20));
        assert_eq!(easter_sunday(2026), date(2026, 4, 5));
        assert_eq!(easter_sunday(2016), date(2016, 3, 27));
    }

    #[test]
    fn italy_2026() {
        let days: Vec<_> = italy(2026).into_iter().map(|(d, _)| d).collect();
        assert!(days.contains(&date(2026, 4, 6)));
        assert!(days.contains(&date(2026, 10, 4)));
        assert_eq!(days.len(), 12);
    }

    #[test]
    fn uk_substitute_days() {
        // 2021: Christmas on Saturday → 27th and 28th; 2022: New Year on Saturday → 3 January.
        let days: Vec<_> = england_wales(2021).into_iter().map(|(d, _)| d).collect();
        assert!(days.contains(&date(2021, 12, 27)) && days.contains(&date(2021, 12, 28)));
        let days: Vec<_> = england_wales(2022).into_iter().map(|(d, _)| d).collect();
        assert!(days.contains(&date(2022, 1, 3)));
        assert!(days.contains(&date(2022, 9, 19)));
        assert_eq!(england_wales(2026).len(), 8);
    }

    #[test]
    fn us_2026_observed() {
        let days: Vec<_> = us_federal(2026).into_iter().map(|(d, _)| d).collect();
        // 4 July 2026 is a Saturday → observed Friday 3 July.
        assert!(days.contains(&date(2026, 7, 3)));
        assert!(days.contains(&date(2026, 11, 26)));
        assert_eq!(days.len(), 11);
        // 1 January 2022 was a Saturday → observed 31 December 2021.
        assert!(
            us_federal(2021)
                .iter()
                .any(|(d, _)| *d == date(2021, 12, 31))
        );
    }
}
