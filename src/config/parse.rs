//! Parsing of the small value languages in configuration: durations, percentages, numbers.

use crate::config::options::Unit;

/// Parses a duration (`15m`, `4h`, `1h30m`, `1.5h`, `90` minutes) into minutes.
pub fn parse_duration_minutes(text: &str) -> Result<f64, String> {
    let original = text.trim();
    let expected = "expected a duration such as `15m`, `4h`, `1h30m` or a number of minutes";
    if original.is_empty() {
        return Err(format!("empty duration ({expected})"));
    }
    if let Ok(minutes) = original.parse::<f64>() {
        return check_non_negative(minutes, original, expected);
    }
    let mut total = 0.0;
    let mut number = String::new();
    let mut seen_unit = false;
    let lowered = original.to_lowercase().replace(' ', "");
    let mut chars = lowered.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() || c == '.' {
            number.push(c);
            continue;
        }
        let mut unit = c.to_string();
        while let Some(&next) = chars.peek() {
            if next.is_ascii_alphabetic() {
                unit.push(next);
                chars.next();
            } else {
                break;
            }
        }
        let factor = match unit.as_str() {
            "m" | "min" | "mins" | "minute" | "minutes" => 1.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 60.0,
            "d" | "day" | "days" => {
                return Err(format!(
                    "`{original}`: days are ambiguous on a business calendar; write hours on the SLA clock (e.g. `9h` for one 9-hour business day, `24h` on 24×7)"
                ));
            }
            _ => return Err(format!("`{original}`: unknown unit `{unit}` ({expected})")),
        };
        let value: f64 = number
            .parse()
            .map_err(|_| format!("`{original}` is not a duration ({expected})"))?;
        total += value * factor;
        number.clear();
        seen_unit = true;
    }
    if !number.is_empty() || !seen_unit {
        return Err(format!("`{original}` is not a duration ({expected})"));
    }
    check_non_negative(total, original, expected)
}

fn check_non_negative(value: f64, original: &str, expected: &str) -> Result<f64, String> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(format!(
            "`{original}` is negative or not finite ({expected})"
        ))
    }
}

/// Parses a percentage (`95%`, `95`, `99.5 %`) into percent (0–100).
pub fn parse_percent(text: &str) -> Result<f64, String> {
    let trimmed = text.trim().trim_end_matches('%').trim();
    let value: f64 = trimmed
        .parse()
        .map_err(|_| format!("`{text}` is not a percentage (expected e.g. `95%`)"))?;
    if !(0.0..=100.0).contains(&value) {
        return Err(format!("`{text}` is outside 0–100%"));
    }
    Ok(value)
}

/// Parses a value (target or margin) in a KPI's unit.
pub fn parse_in_unit(value: &serde_yaml::Value, unit: Unit) -> Result<f64, String> {
    let text = match value {
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::String(s) => s.clone(),
        other => {
            return Err(format!(
                "expected a number or a string such as `4h` or `95%`, found {}",
                describe_yaml(other)
            ));
        }
    };
    match unit {
        Unit::Minutes => parse_duration_minutes(&text),
        Unit::Percent => parse_percent(&text),
        Unit::Count | Unit::Score | Unit::Ratio => {
            let trimmed = text.trim();
            if trimmed.ends_with('%') {
                return Err(format!(
                    "`{text}`: a percentage does not fit this KPI's unit ({unit:?}); write a plain number"
                ));
            }
            trimmed
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| format!("`{text}` is not a number"))
        }
    }
}

/// A short description of a YAML value's kind, for messages.
pub fn describe_yaml(value: &serde_yaml::Value) -> &'static str {
    match value {
        serde_yaml::Value::Null => "nothing",
        serde_yaml::Value::Bool(_) => "a boolean",
        serde_yaml::Value::Number(_) => "a number",
        serde_yaml::Value::String(_) => "a string",
        serde_yaml::Value::Sequence(_) => "a list",
        serde_yaml::Value::Mapping(_) => "a mapping",
        serde_yaml::Value::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration_minutes("15m"), Ok(15.0));
        assert_eq!(parse_duration_minutes("4h"), Ok(240.0));
        assert_eq!(parse_duration_minutes("1h30m"), Ok(90.0));
        assert_eq!(parse_duration_minutes("1.5h"), Ok(90.0));
        assert_eq!(parse_duration_minutes("90"), Ok(90.0));
        assert!(
            parse_duration_minutes("2d")
                .unwrap_err()
                .contains("ambiguous")
        );
        assert!(parse_duration_minutes("4x").is_err());
        assert!(parse_duration_minutes("h").is_err());
        assert!(parse_duration_minutes("-5").is_err());
    }

    #[test]
    fn percents() {
        assert_eq!(parse_percent("95%"), Ok(95.0));
        assert_eq!(parse_percent("99.5 %"), Ok(99.5));
        assert!(parse_percent("120%").is_err());
        assert!(parse_percent("high").is_err());
    }
}
