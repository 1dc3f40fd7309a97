//! Parsing the mapped columns of a raw export frame into typed per-row values: timestamps
//! (explicit formats, time zones, DST rules), coded values through the value maps, numbers and
//! yes/no flags. Every value that cannot be used is reported with its row.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime};
use chrono_tz::Tz;
use polars::prelude::*;

use super::iso::{IsoTime, parse_iso};
use super::quality::{Issue, Reason, excerpt};
use super::read::ROW_COLUMN;
use crate::config::{Field, NaiveZone, SourceOptions, normalize_label};
use crate::tz::{LocalConverter, LocalTimeKind};

/// What a timestamp column's values look like.
#[derive(Debug, Clone, PartialEq)]
pub enum TimestampForm {
    /// Wall-clock times in a zone (the client's, or fixed), with this strftime format.
    Naive(String),
    /// Times with an offset, with this strftime format.
    WithOffset(String),
    /// Wall-clock times in UTC (`…Z`), with this strftime format.
    Utc(String),
}

/// ISO 8601 forms tried, in order, when a source gives no format.
const ISO_FORMS: &[(&str, u8)] = &[
    ("%Y-%m-%dT%H:%M:%S%.f%:z", 1),
    ("%Y-%m-%d %H:%M:%S%.f%:z", 1),
    ("%Y-%m-%dT%H:%M:%S%.fZ", 2),
    ("%Y-%m-%dT%H:%M:%S%.f", 0),
    ("%Y-%m-%d %H:%M:%S%.f", 0),
    ("%Y-%m-%dT%H:%M", 0),
    ("%Y-%m-%d %H:%M", 0),
];

/// Decides how to read a timestamp column from its configured format or a sample value.
pub fn timestamp_form(format: Option<&str>, sample: Option<&str>) -> Option<TimestampForm> {
    if let Some(format) = format {
        let aware = format.contains("%z") || format.contains("%:z") || format.contains("%#z");
        return Some(if aware {
            TimestampForm::WithOffset(format.to_string())
        } else if format.ends_with('Z') {
            TimestampForm::Utc(format.to_string())
        } else {
            TimestampForm::Naive(format.to_string())
        });
    }
    let sample = sample?.trim();
    ISO_FORMS.iter().find_map(|(format, kind)| {
        let parses = match kind {
            1 => DateTime::parse_from_str(sample, format).is_ok(),
            _ => NaiveDateTime::parse_from_str(sample, format).is_ok(),
        };
        parses.then(|| match kind {
            1 => TimestampForm::WithOffset(format.to_string()),
            2 => TimestampForm::Utc(format.to_string()),
            _ => TimestampForm::Naive(format.to_string()),
        })
    })
}

impl TimestampForm {
    fn format(&self) -> &str {
        match self {
            Self::Naive(f) | Self::WithOffset(f) | Self::Utc(f) => f,
        }
    }
}

/// Context for parsing one file.
pub struct ParseContext<'a> {
    /// The source.
    pub source: &'a SourceOptions,
    /// File label for messages.
    pub file: &'a str,
    /// Client of each row (index into the workspace's clients).
    pub clients: &'a [u32],
    /// Client ids, by index.
    pub client_ids: &'a [String],
    /// Client time zones, by index.
    pub client_zones: &'a [Tz],
    /// Plausible timestamps (UTC ms, end exclusive) and the same range as dates.
    pub plausible: ((i64, i64), (chrono::NaiveDate, chrono::NaiveDate)),
}

/// Row numbers of a raw frame.
pub fn row_numbers(frame: &DataFrame) -> PolarsResult<Vec<u64>> {
    let rows = frame.column(ROW_COLUMN)?.cast(&DataType::UInt64)?;
    Ok(rows.u64()?.iter().map(|r| r.unwrap_or(0)).collect())
}

impl<'a> ParseContext<'a> {
    fn issue(&self, reason: Reason, row: u64, field: Field, index: usize, detail: String) -> Issue {
        Issue {
            reason,
            file: self.file.to_string(),
            row,
            field: Some(field.key()),
            detail,
            client: self
                .clients
                .get(index)
                .map(|c| self.client_ids[*c as usize].clone()),
            weight: 1,
        }
    }

    fn column_label(&self, field: Field) -> String {
        let column = self
            .source
            .columns
            .get(&field)
            .map(String::as_str)
            .unwrap_or("?");
        if column == field.key() {
            format!("`{column}`")
        } else {
            format!("`{column}` ({})", field.key())
        }
    }

    /// Parses a timestamp field to UTC milliseconds. Unparseable values, and dates outside the
    /// plausible range (a year 9026 or 1900 would otherwise size the clock tables), reject
    /// their row.
    pub fn timestamps(
        &self,
        frame: &DataFrame,
        field: Field,
        rows: &[u64],
        rejected: &mut [bool],
        issues: &mut Vec<Issue>,
    ) -> PolarsResult<Option<Vec<Option<i64>>>> {
        let Some(mut values) = self.parse_timestamps(frame, field, rows, rejected, issues)? else {
            return Ok(None);
        };
        let ((low, high), (from, to)) = self.plausible;
        for (i, value) in values.iter_mut().enumerate() {
            if let Some(ms) = *value
                && !(low..high).contains(&ms)
            {
                *value = None;
                rejected[i] = true;
                let shown = chrono::DateTime::from_timestamp_millis(ms)
                    .map(|t| t.format("%Y-%m-%d").to_string())
                    .unwrap_or_else(|| "a date out of any range".to_string());
                issues.push(self.issue(
                    Reason::ImplausibleDate,
                    rows[i],
                    field,
                    i,
                    format!(
                        "{} {shown} is outside the plausible dates {from} to {to} (`data_quality.plausible_dates`)",
                        self.column_label(field)
                    ),
                ));
            }
        }
        Ok(Some(values))
    }

    /// Response instants from a duration column (`first_response_minutes`): creation plus the
    /// minutes, within the plausible dates like any timestamp (a row whose sum falls outside
    /// them is rejected); a negative duration is no value.
    pub fn instants_after(
        &self,
        frame: &DataFrame,
        field: Field,
        created: &[Option<i64>],
        rows: &[u64],
        rejected: &mut [bool],
        issues: &mut Vec<Issue>,
    ) -> PolarsResult<Option<Vec<Option<i64>>>> {
        let Some(minutes) = self.numbers(frame, field, rows, issues)? else {
            return Ok(None);
        };
        let ((low, high), (from, to)) = self.plausible;
        let mut out = Vec::with_capacity(minutes.len());
        for (i, (start, minutes)) in created.iter().zip(minutes).enumerate() {
            let instant = match (start, minutes.filter(|m| *m >= 0.0)) {
                (Some(start), Some(minutes)) => {
                    let ms = (minutes * 60_000.0).round();
                    let sum = (ms < 1e15).then(|| start.checked_add(ms as i64)).flatten();
                    match sum.filter(|t| (low..high).contains(t)) {
                        Some(t) => Some(t),
                        None => {
                            rejected[i] = true;
                            issues.push(self.issue(
                                Reason::ImplausibleDate,
                                rows[i],
                                field,
                                i,
                                format!(
                                    "{} {minutes} minutes after creation is outside the plausible dates {from} to {to} (`data_quality.plausible_dates`)",
                                    self.column_label(field)
                                ),
                            ));
                            None
                        }
                    }
                }
                _ => None,
            };
            out.push(instant);
        }
        Ok(Some(out))
    }

    fn parse_timestamps(
        &self,
        frame: &DataFrame,
        field: Field,
        rows: &[u64],
        rejected: &mut [bool],
        issues: &mut Vec<Issue>,
    ) -> PolarsResult<Option<Vec<Option<i64>>>> {
        let Some(name) = self.source.columns.get(&field) else {
            return Ok(None);
        };
        let column = frame.column(name)?.as_materialized_series().clone();
        if let DataType::Datetime(unit, zone) = column.dtype().clone() {
            let ms = column.cast(&DataType::Datetime(TimeUnit::Milliseconds, zone.clone()))?;
            let physical: Vec<Option<i64>> = ms.to_physical_repr().i64()?.iter().collect();
            let _ = unit;
            return Ok(Some(if zone.is_some() {
                physical
            } else {
                self.localize(physical, field, rows, issues)
            }));
        }
        let translated;
        let strings = match self.source.month_names {
            // Month names of another language, made English for `%b`/`%B`.
            Some(months) => {
                translated = column
                    .str()?
                    .apply_values(|v| std::borrow::Cow::Owned(months.to_english(v)));
                &translated
            }
            None => column.str()?,
        };
        // The form is that of the first value that has one (a damaged first value does not
        // make the others unreadable); with none, the first value is shown.
        let format = self.source.timestamp_format.as_deref();
        let sample = strings
            .iter()
            .flatten()
            .take(1000)
            .find(|v| timestamp_form(format, Some(v)).is_some())
            .or_else(|| strings.iter().flatten().next());
        let Some(form) = timestamp_form(format, sample) else {
            if let Some(sample) = sample {
                let first = strings.iter().position(|v| v.is_some()).unwrap_or(0);
                issues.push(self.issue(
                    Reason::UnparseableDate,
                    rows[first],
                    field,
                    first,
                    format!("{} `{}` is not an ISO 8601 date-time; set `timestamps.format` for this source (e.g. `%d/%m/%Y %H:%M`)", self.column_label(field), excerpt(sample)),
                ));
                for (i, value) in strings.iter().enumerate() {
                    if value.is_some() {
                        rejected[i] = true;
                    }
                }
            }
            return Ok(Some(vec![None; strings.len()]));
        };
        if ISO_FORMS.iter().any(|(f, _)| *f == form.format()) {
            return Ok(Some(
                self.iso_timestamps(strings, field, &form, rows, rejected, issues),
            ));
        }
        let parsed: Vec<Option<i64>> = match &form {
            TimestampForm::WithOffset(format) => strings
                .iter()
                .map(|v| {
                    v.and_then(|s| DateTime::parse_from_str(s.trim(), format).ok())
                        .map(|t| t.timestamp_millis())
                })
                .collect(),
            TimestampForm::Naive(format) | TimestampForm::Utc(format) => {
                let ambiguous = StringChunked::from_slice("ambiguous".into(), &["raise"]);
                let parsed = strings.as_datetime(
                    Some(format),
                    TimeUnit::Milliseconds,
                    false,
                    false,
                    None,
                    &ambiguous,
                )?;
                parsed.physical().iter().collect()
            }
        };
        for (i, (raw, value)) in strings.iter().zip(&parsed).enumerate() {
            if let (Some(raw), None) = (raw, value) {
                rejected[i] = true;
                issues.push(self.issue(
                    Reason::UnparseableDate,
                    rows[i],
                    field,
                    i,
                    format!(
                        "{} `{}` does not match the date format `{}`",
                        self.column_label(field),
                        excerpt(raw),
                        form.format()
                    ),
                ));
            }
        }
        Ok(Some(match form {
            TimestampForm::Naive(_) => self.localize(parsed, field, rows, issues),
            _ => parsed,
        }))
    }

    /// ISO 8601 values, read by the fast parser in parallel; values with an offset are instants,
    /// values without one are wall-clock times in the row's zone.
    fn iso_timestamps(
        &self,
        strings: &StringChunked,
        field: Field,
        form: &TimestampForm,
        rows: &[u64],
        rejected: &mut [bool],
        issues: &mut Vec<Issue>,
    ) -> Vec<Option<i64>> {
        use rayon::prelude::*;
        let raw: Vec<Option<&str>> = strings.iter().collect();
        let parsed: Vec<Option<IsoTime>> = raw.par_iter().map(|v| v.and_then(parse_iso)).collect();
        let utc_form = matches!(form, TimestampForm::Utc(_));
        let mut local: Vec<Option<i64>> = vec![None; raw.len()];
        let mut out: Vec<Option<i64>> = vec![None; raw.len()];
        let mut any_local = false;
        for (i, (text, value)) in raw.iter().zip(&parsed).enumerate() {
            match (text, value) {
                (Some(text), None) => {
                    rejected[i] = true;
                    issues.push(self.issue(
                        Reason::UnparseableDate,
                        rows[i],
                        field,
                        i,
                        format!("{} `{}` is not an ISO 8601 date-time like `2026-07-01T09:15:00+02:00` (set `timestamps.format` for other forms)", self.column_label(field), excerpt(text)),
                    ));
                }
                (_, Some(time)) => match time.utc_ms() {
                    Some(utc) => out[i] = Some(utc),
                    None if utc_form => out[i] = Some(time.local_ms),
                    None => {
                        local[i] = Some(time.local_ms);
                        any_local = true;
                    }
                },
                _ => {}
            }
        }
        if any_local {
            for (slot, value) in out
                .iter_mut()
                .zip(self.localize(local, field, rows, issues))
            {
                if value.is_some() {
                    *slot = value;
                }
            }
        }
        out
    }

    /// Reads wall-clock milliseconds in the row's zone as UTC instants.
    fn localize(
        &self,
        local: Vec<Option<i64>>,
        field: Field,
        rows: &[u64],
        issues: &mut Vec<Issue>,
    ) -> Vec<Option<i64>> {
        let mut converters: HashMap<Tz, LocalConverter> = HashMap::new();
        local
            .into_iter()
            .enumerate()
            .map(|(i, value)| {
                let value = value?;
                let zone = match self.source.naive_zone {
                    NaiveZone::Fixed(tz) => tz,
                    NaiveZone::Client => self.client_zones[self.clients[i] as usize],
                };
                let (utc, kind) = converters
                    .entry(zone)
                    .or_insert_with(|| LocalConverter::new(zone))
                    .convert(value);
                let reason = match kind {
                    LocalTimeKind::Normal => None,
                    LocalTimeKind::Ambiguous => Some(Reason::AmbiguousLocalTime),
                    LocalTimeKind::Nonexistent => Some(Reason::NonexistentLocalTime),
                };
                if let Some(reason) = reason {
                    let shown = DateTime::from_timestamp_millis(value)
                        .map(|t| t.naive_utc().to_string())
                        .unwrap_or_default();
                    issues.push(self.issue(
                        reason,
                        rows[i],
                        field,
                        i,
                        format!("{} `{shown}` in {zone}", self.column_label(field)),
                    ));
                }
                Some(utc)
            })
            .collect()
    }

    /// The raw strings of a field, if mapped.
    pub fn strings<'f>(
        &self,
        frame: &'f DataFrame,
        field: Field,
    ) -> PolarsResult<Option<&'f StringChunked>> {
        match self.source.columns.get(&field) {
            Some(name) => Ok(Some(frame.column(name)?.as_materialized_series().str()?)),
            None => Ok(None),
        }
    }

    /// Maps a coded field through a value map, caching per distinct value.
    pub fn coded<T: Clone>(
        &self,
        frame: &DataFrame,
        field: Field,
        rows: &[u64],
        issues: &mut Vec<Issue>,
        lookup: impl Fn(&str) -> Result<T, Reason>,
    ) -> PolarsResult<Option<Vec<Option<T>>>> {
        let Some(strings) = self.strings(frame, field)? else {
            return Ok(None);
        };
        let mut cache: polars::prelude::PlHashMap<&str, Result<T, Reason>> = Default::default();
        let mut out = Vec::with_capacity(strings.len());
        for (i, raw) in strings.iter().enumerate() {
            let Some(raw) = raw else {
                out.push(None);
                continue;
            };
            let result = cache.entry(raw).or_insert_with(|| lookup(raw)).clone();
            match result {
                Ok(value) => out.push(Some(value)),
                Err(reason) => {
                    issues.push(self.issue(
                        reason,
                        rows[i],
                        field,
                        i,
                        format!(
                            "{} `{}` {}",
                            self.column_label(field),
                            excerpt(raw),
                            explain(reason)
                        ),
                    ));
                    out.push(None);
                }
            }
        }
        Ok(Some(out))
    }

    /// Parses a numeric field (decimal comma aware); unusable values are warnings.
    pub fn numbers(
        &self,
        frame: &DataFrame,
        field: Field,
        rows: &[u64],
        issues: &mut Vec<Issue>,
    ) -> PolarsResult<Option<Vec<Option<f64>>>> {
        let decimal_comma = self.source.decimal_comma;
        self.coded(frame, field, rows, issues, |raw| {
            let text = raw.trim();
            let text = if decimal_comma {
                text.replace('.', "").replace(',', ".")
            } else {
                text.to_string()
            };
            text.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or(Reason::UnparseableNumber)
        })
    }

    /// Parses a duration field in the source's unit (`units.paused_minutes`) into minutes.
    pub fn durations(
        &self,
        frame: &DataFrame,
        field: Field,
        rows: &[u64],
        issues: &mut Vec<Issue>,
    ) -> PolarsResult<Option<Vec<Option<f64>>>> {
        let decimal_comma = self.source.decimal_comma;
        let unit = self.source.paused_unit;
        self.coded(frame, field, rows, issues, |raw| {
            unit.minutes(raw, decimal_comma)
                .ok_or(Reason::UnparseableNumber)
        })
    }

    /// Parses an SLA verdict field: yes/no through the boolean map, or, with `sla_cells:
    /// remaining`, the time left to the target (`h:mm`, `-0:15` once breached): met when it is
    /// zero or more.
    pub fn verdicts(
        &self,
        frame: &DataFrame,
        field: Field,
        rows: &[u64],
        issues: &mut Vec<Issue>,
    ) -> PolarsResult<Option<Vec<Option<bool>>>> {
        if !self.source.sla_remaining {
            return self.booleans(frame, field, rows, issues);
        }
        self.coded(frame, field, rows, issues, |raw| {
            remaining_met(raw).ok_or(Reason::UnparseableNumber)
        })
    }

    /// Parses a yes/no field through the boolean map.
    pub fn booleans(
        &self,
        frame: &DataFrame,
        field: Field,
        rows: &[u64],
        issues: &mut Vec<Issue>,
    ) -> PolarsResult<Option<Vec<Option<bool>>>> {
        let map = &self.source.boolean_values;
        self.coded(frame, field, rows, issues, |raw| {
            map.get(&normalize_label(raw))
                .copied()
                .ok_or(Reason::UnparseableBoolean)
        })
    }
}

/// Whether an SLA cell holding the time left (`1:30`, `-0:05`, `-12:40`, `45m`) says the target
/// was met: a negative time is a breach.
fn remaining_met(raw: &str) -> Option<bool> {
    let raw = raw.trim();
    let (negative, body) = match raw
        .strip_prefix('-')
        .or_else(|| raw.strip_prefix('\u{2212}'))
    {
        Some(rest) => (true, rest.trim()),
        None => (false, raw),
    };
    let valid = match body.split_once(':') {
        Some((h, m)) => {
            h.parse::<u64>().is_ok() && m.len() == 2 && m.parse::<u8>().is_ok_and(|m| m < 60)
        }
        None => body
            .strip_suffix('m')
            .or_else(|| body.strip_suffix('h'))
            .unwrap_or(body)
            .trim()
            .parse::<f64>()
            .is_ok_and(f64::is_finite),
    };
    valid.then_some(!negative)
}

fn explain(reason: Reason) -> &'static str {
    match reason {
        Reason::UnknownPriority => {
            "is not a known priority (map it under `values.priority`, e.g. `\"3 - Moderate\": P3`)"
        }
        Reason::UnknownStatus => {
            "is not a known status (map it under `values.status` to new, open, paused, resolved, closed or canceled)"
        }
        Reason::UnparseableNumber => "is not a number",
        Reason::UnparseableBoolean => "is not a yes/no value (map it under `values.boolean`)",
        Reason::UnknownTier => "is not a tier (map it under `values.tier`)",
        _ => "is not usable",
    }
}

/// Reads an integer count, accepting `2`, `2.0` and decimal commas.
pub fn parse_count(raw: &str) -> Result<i64, Reason> {
    let text = raw.trim().replace(',', ".");
    if let Ok(v) = text.parse::<i64>() {
        return Ok(v);
    }
    match text.parse::<f64>() {
        Ok(v) if v.fract() == 0.0 && v.is_finite() => Ok(v as i64),
        _ => Err(Reason::UnparseableNumber),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_forms_are_detected() {
        assert_eq!(
            timestamp_form(None, Some("2026-07-01T09:15:00+02:00")),
            Some(TimestampForm::WithOffset("%Y-%m-%dT%H:%M:%S%.f%:z".into()))
        );
        assert_eq!(
            timestamp_form(None, Some("2026-07-01T09:15:00.250Z")),
            Some(TimestampForm::Utc("%Y-%m-%dT%H:%M:%S%.fZ".into()))
        );
        assert_eq!(
            timestamp_form(None, Some("2026-07-01 09:15:00")),
            Some(TimestampForm::Naive("%Y-%m-%d %H:%M:%S%.f".into()))
        );
        assert_eq!(
            timestamp_form(None, Some("2026-07-01 09:15")),
            Some(TimestampForm::Naive("%Y-%m-%dT%H:%M".into()))
                .filter(|_| false)
                .or(Some(TimestampForm::Naive("%Y-%m-%d %H:%M".into())))
        );
        assert_eq!(timestamp_form(None, Some("01/07/2026 09:15")), None);
    }

    #[test]
    fn remaining_time_cells_are_verdicts() {
        assert_eq!(remaining_met("1:30"), Some(true));
        assert_eq!(remaining_met("0:00"), Some(true));
        assert_eq!(remaining_met("-0:05"), Some(false));
        assert_eq!(remaining_met(" -12:40 "), Some(false));
        assert_eq!(remaining_met("45m"), Some(true));
        assert_eq!(remaining_met("1:75"), None);
        assert_eq!(remaining_met("soon"), None);
    }

    #[test]
    fn counts_accept_floats_with_no_fraction() {
        assert_eq!(parse_count("2"), Ok(2));
        assert_eq!(parse_count("2.0"), Ok(2));
        assert!(parse_count("2.5").is_err());
        assert!(parse_count("x").is_err());
    }
}
