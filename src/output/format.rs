//! Formatting values for people: durations, percentages, counts, by unit.

use crate::config::Unit;

/// Formats minutes as `45 min`, `5 h 05 min` or `73.5 h`.
pub fn duration(minutes: f64) -> String {
    if minutes < 60.0 {
        return format!("{} min", round(minutes, 1));
    }
    if minutes < 48.0 * 60.0 {
        let total = minutes.round() as i64;
        return format!("{} h {:02} min", total / 60, total % 60);
    }
    format!("{:.1} h", minutes / 60.0)
}

fn round(value: f64, decimals: i32) -> String {
    let factor = 10f64.powi(decimals);
    let rounded = (value * factor).round() / factor;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}

/// Formats a value in its unit; `None` is "no data".
pub fn value(value: Option<f64>, unit: Unit) -> String {
    let Some(v) = value else {
        return "no data".to_string();
    };
    match unit {
        Unit::Minutes => duration(v),
        Unit::Percent => format!("{v:.1}%"),
        Unit::Count => round(v, 2),
        Unit::Score => format!("{v:.2}"),
        Unit::Ratio => format!("{v:.3}"),
    }
}

/// Formats a change in its unit with a sign.
pub fn change(change: Option<f64>, unit: Unit) -> String {
    let Some(c) = change else {
        return String::new();
    };
    let sign = if c > 0.0 {
        "+"
    } else if c < 0.0 {
        "−"
    } else {
        "±"
    };
    let magnitude = c.abs();
    let text = match unit {
        Unit::Percent => format!("{magnitude:.1} pp"),
        _ => value(Some(magnitude), unit),
    };
    format!("{sign}{text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(45.0), "45 min");
        assert_eq!(duration(75.0), "1 h 15 min");
        assert_eq!(duration(305.0), "5 h 05 min");
        assert_eq!(duration(4410.0), "73.5 h");
        assert_eq!(value(None, Unit::Percent), "no data");
        assert_eq!(change(Some(-2.25), Unit::Percent), "−2.2 pp");
    }
}
