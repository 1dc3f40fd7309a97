//! Side inputs beside tickets: CSAT survey responses and monthly size figures (users, endpoints).

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;

use super::assemble::TicketRecords;
use super::parse::ParseContext;
use super::quality::{Issue, Reason};
use super::rows::{text_at, texts};
use crate::config::{Field, SourceOptions};

/// One survey response.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct CsatResponse {
    /// Client index (None until attributed through its ticket).
    pub client: Option<u32>,
    /// Ticket id, when given.
    pub ticket: Option<String>,
    /// When the response was given (UTC ms).
    pub responded: i64,
    /// Score.
    pub score: f64,
    /// The respondent's comment, when the survey file has one.
    pub comment: Option<String>,
    /// Where it was read.
    pub file: String,
    /// Row.
    pub row: u64,
}

/// CSAT survey responses from separate files.
#[derive(Debug, Clone, Default)]
pub struct CsatResponses {
    /// Responses.
    pub responses: Vec<CsatResponse>,
}

impl CsatResponses {
    /// Whether any survey file was read.
    pub fn is_empty(&self) -> bool {
        self.responses.is_empty()
    }

    /// Reads the responses of one file.
    pub fn add(
        &mut self,
        context: &ParseContext,
        frame: &DataFrame,
        issues: &mut Vec<Issue>,
    ) -> PolarsResult<()> {
        let rows = super::parse::row_numbers(frame)?;
        let mut rejected = vec![false; rows.len()];
        let responded = context
            .timestamps(frame, Field::Responded, &rows, &mut rejected, issues)?
            .unwrap_or_default();
        let scores = context
            .numbers(frame, Field::Csat, &rows, issues)?
            .unwrap_or_default();
        let tickets = texts(context.strings(frame, Field::Id)?);
        let comments = texts(context.strings(frame, Field::Comment)?);
        let has_client = has_client_attribution(context.source);
        for i in 0..rows.len() {
            let (Some(Some(at)), Some(Some(score))) = (responded.get(i), scores.get(i)) else {
                continue;
            };
            if rejected[i] {
                continue;
            }
            self.responses.push(CsatResponse {
                client: has_client.then(|| context.clients[i]),
                ticket: text_at(&tickets, i).map(str::to_string),
                responded: *at,
                score: *score,
                comment: text_at(&comments, i).map(super::shown_text),
                file: context.file.to_string(),
                row: rows[i],
            });
        }
        Ok(())
    }

    /// Gives responses without a client the client of their ticket.
    pub fn attribute_by_ticket(&mut self, records: &TicketRecords, issues: &mut Vec<Issue>) {
        if self.responses.iter().all(|r| r.client.is_some()) {
            return;
        }
        let by_id: HashMap<&str, u32> = (0..records.len())
            .map(|i| records.id.text(i))
            .zip(records.client.iter().copied())
            .collect();
        for response in &mut self.responses {
            if response.client.is_some() {
                continue;
            }
            response.client = response
                .ticket
                .as_deref()
                .and_then(|t| by_id.get(t).copied());
            if response.client.is_none() {
                issues.push(Issue {
                    reason: Reason::UnknownTicket,
                    file: response.file.clone(),
                    row: response.row,
                    field: Some("id"),
                    detail: format!(
                        "survey response for ticket `{}`, which is not among the loaded tickets",
                        response.ticket.as_deref().unwrap_or("")
                    ),
                    client: None,
                    weight: 1,
                });
            }
        }
    }

    /// One client's responses given in `[start, end)`.
    pub fn responses_in(&self, client: u32, start: i64, end: i64) -> Vec<&CsatResponse> {
        self.responses
            .iter()
            .filter(|r| r.client == Some(client) && r.responded >= start && r.responded < end)
            .collect()
    }

    /// Scores of one client's responses given in `[start, end)`.
    pub fn scores(&self, client: u32, start: i64, end: i64) -> Vec<f64> {
        self.responses
            .iter()
            .filter(|r| r.client == Some(client) && r.responded >= start && r.responded < end)
            .map(|r| r.score)
            .collect()
    }
}

fn has_client_attribution(source: &SourceOptions) -> bool {
    source.columns.contains_key(&Field::Client)
        || source.constant_client.is_some()
        || source.per_client()
}

/// One measurement from another system: a value on a day or month, or an interval (an outage).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Measurement {
    /// Client index.
    pub client: u32,
    /// What is measured (`backup_jobs`, `availability`).
    pub measure: String,
    /// When (UTC ms): the start of the day or month measured, or of the interval.
    pub start: i64,
    /// End of the day, month or interval (UTC ms, exclusive).
    pub end: i64,
    /// The value (intervals may have none).
    pub value: Option<f64>,
    /// The whole the value is a part of.
    pub of: Option<f64>,
    /// An interval (an outage), not a value on a day or month.
    pub interval: bool,
    /// The span its file covers: its earliest and latest instant (UTC ms).
    pub covers: (i64, i64),
    /// Where it was read.
    pub file: String,
    /// Row.
    pub row: u64,
}

/// Measurements from other systems (monitoring, backup, patching, licences, time sheets).
#[derive(Debug, Clone, Default)]
pub struct Measurements {
    /// Every measurement read, in file order.
    pub rows: Vec<Measurement>,
    /// Rows by client and measure, built on the first lookup (after loading).
    index: std::sync::OnceLock<HashMap<(u32, String), Vec<usize>>>,
}

impl Measurements {
    /// Reads one measurements file: per row a client, a measure, and a day or month with a
    /// value (and optionally the whole it is part of), or an interval.
    pub fn add(
        &mut self,
        context: &ParseContext,
        frame: &DataFrame,
        issues: &mut Vec<Issue>,
    ) -> PolarsResult<()> {
        let rows = super::parse::row_numbers(frame)?;
        let mut rejected = vec![false; rows.len()];
        let measures = texts(context.strings(frame, Field::Measure)?);
        let values = context.numbers(frame, Field::Value, &rows, issues)?;
        let wholes = context.numbers(frame, Field::Of, &rows, issues)?;
        let starts = context.timestamps(frame, Field::Start, &rows, &mut rejected, issues)?;
        let ends = context.timestamps(frame, Field::End, &rows, &mut rejected, issues)?;
        let dates = texts(context.strings(frame, Field::Date)?);
        // An outage still open at the export lasts until the latest instant the file records
        // (the export's own time, as near as the file tells), not until any later period's end.
        let file_end = [&starts, &ends]
            .into_iter()
            .flatten()
            .flat_map(|column| column.iter().flatten())
            .copied()
            .max();
        let first = self.rows.len();
        for i in 0..rows.len() {
            if rejected[i] {
                continue;
            }
            let Some(measure) =
                text_at(&measures, i).or(context.source.constant_measure.as_deref())
            else {
                continue;
            };
            let client = context.clients[i];
            let zone = context.client_zones[client as usize];
            let value = values.as_ref().and_then(|v| v[i]);
            let of = wholes.as_ref().and_then(|v| v[i]);
            let reject = |detail: String, field: &'static str, issues: &mut Vec<Issue>| {
                issues.push(Issue {
                    reason: Reason::UnparseableDate,
                    file: context.file.to_string(),
                    row: rows[i],
                    field: Some(field),
                    detail,
                    client: Some(context.client_ids[client as usize].clone()),
                    weight: 1,
                });
            };
            let (start, end) = match (&starts, &ends) {
                (Some(starts), Some(ends)) => match (starts[i], ends[i]) {
                    (Some(start), Some(end)) if end >= start => (start, end),
                    (Some(_), Some(_)) => {
                        reject(
                            "the interval ends before it starts".to_string(),
                            "end",
                            issues,
                        );
                        continue;
                    }
                    (Some(start), None) => (start, file_end.unwrap_or(start).max(start)),
                    (None, Some(_)) => {
                        reject(
                            "the interval has an end but no start".to_string(),
                            "start",
                            issues,
                        );
                        continue;
                    }
                    (None, None) => continue,
                },
                _ => {
                    let Some(text) = text_at(&dates, i) else {
                        continue;
                    };
                    match day_or_month(text, zone) {
                        Some(span) => span,
                        None => {
                            reject(
                                format!(
                                    "date `{}` is not a day (`YYYY-MM-DD`) or a month (`YYYY-MM`)",
                                    super::quality::excerpt(text)
                                ),
                                "date",
                                issues,
                            );
                            continue;
                        }
                    }
                }
            };
            if value.is_none() && starts.is_none() {
                continue;
            }
            if let (Some(value), Some(of)) = (value, of)
                && (value > of || of < 0.0 || value < 0.0)
            {
                issues.push(Issue {
                    reason: Reason::UnparseableNumber,
                    file: context.file.to_string(),
                    row: rows[i],
                    field: Some("value"),
                    detail: format!(
                        "value {value} is not a part of its whole {of} (expected 0 ≤ value ≤ of)"
                    ),
                    client: Some(context.client_ids[client as usize].clone()),
                    weight: 1,
                });
                continue;
            }
            self.rows.push(Measurement {
                client,
                measure: measure.to_string(),
                start,
                end,
                value,
                of,
                interval: starts.is_some(),
                covers: (0, 0),
                file: context.file.to_string(),
                row: rows[i],
            });
        }
        self.set_coverage(first);
        Ok(())
    }

    /// Sets the span covered by the rows of the file just read.
    fn set_coverage(&mut self, first: usize) {
        let read = &self.rows[first..];
        let start = read.iter().map(|m| m.start).min();
        let end = read.iter().map(|m| m.end).max();
        if let (Some(start), Some(end)) = (start, end) {
            for m in &mut self.rows[first..] {
                m.covers = (start, end);
            }
        }
    }

    /// Measurements read (or restored from the cache).
    pub fn from_rows(rows: Vec<Measurement>) -> Self {
        Self {
            rows,
            index: std::sync::OnceLock::new(),
        }
    }

    /// Keeps the rows `keep` accepts (before any lookup).
    pub fn retain(&mut self, keep: impl FnMut(&Measurement) -> bool) {
        self.rows.retain(keep);
        self.index = std::sync::OnceLock::new();
    }

    /// One client's measurements of a measure, in file order.
    pub fn of(&self, client: u32, measure: &str) -> impl Iterator<Item = &Measurement> {
        let index = self.index.get_or_init(|| {
            let mut index: HashMap<(u32, String), Vec<usize>> = HashMap::new();
            for (i, m) in self.rows.iter().enumerate() {
                index
                    .entry((m.client, m.measure.clone()))
                    .or_default()
                    .push(i);
            }
            index
        });
        index
            .get(&(client, measure.to_string()))
            .into_iter()
            .flatten()
            .map(|&i| &self.rows[i])
    }
}

/// The span (UTC ms) of a day (`2026-07-14`, or the day of a date-time) or month (`2026-07`)
/// in a zone.
fn day_or_month(text: &str, zone: chrono_tz::Tz) -> Option<(i64, i64)> {
    let text = text.trim();
    // A date-time with an offset is placed on the client's own calendar day.
    let text = match chrono::DateTime::parse_from_rfc3339(text) {
        Ok(t) => crate::tz::utc_ms_to_local(zone, t.timestamp_millis())
            .date()
            .format("%Y-%m-%d")
            .to_string(),
        Err(_) => text.to_string(),
    };
    let text = text.as_str();
    let day = |date: NaiveDate| {
        date.and_hms_opt(0, 0, 0)
            .map(|midnight| crate::tz::local_to_utc_ms(zone, midnight).0)
    };
    if let Ok(date) = NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d") {
        return Some((day(date)?, day(date.succ_opt()?)?));
    }
    let month = parse_month(text)?;
    let next = month.checked_add_months(chrono::Months::new(1))?;
    Some((day(month)?, day(next)?))
}

/// Users and endpoints of one month (either may be missing).
pub type MonthSize = (Option<f64>, Option<f64>);

/// Users and endpoints of each client per month.
#[derive(Debug, Clone, Default)]
pub struct SizeFigures {
    /// (client index, year, month) → (users, endpoints).
    pub months: BTreeMap<(u32, i32, u32), MonthSize>,
}

impl SizeFigures {
    /// Reads one size file.
    pub fn add(
        &mut self,
        context: &ParseContext,
        frame: &DataFrame,
        issues: &mut Vec<Issue>,
    ) -> PolarsResult<()> {
        let rows = super::parse::row_numbers(frame)?;
        let months = texts(context.strings(frame, Field::Month)?);
        let users = context.numbers(frame, Field::Users, &rows, issues)?;
        let endpoints = context.numbers(frame, Field::Endpoints, &rows, issues)?;
        for i in 0..rows.len() {
            let Some(text) = text_at(&months, i) else {
                continue;
            };
            let Some(month) = parse_month(text) else {
                issues.push(Issue {
                    reason: Reason::UnparseableDate,
                    file: context.file.to_string(),
                    row: rows[i],
                    field: Some("month"),
                    detail: format!("month `{}` is not `YYYY-MM`", super::quality::excerpt(text)),
                    client: Some(context.client_ids[context.clients[i] as usize].clone()),
                    weight: 1,
                });
                continue;
            };
            let value = (
                users.as_ref().and_then(|u| u[i]),
                endpoints.as_ref().and_then(|e| e[i]),
            );
            self.months
                .insert((context.clients[i], month.year(), month.month()), value);
        }
        Ok(())
    }

    /// Users and endpoints of a client in a month.
    pub fn get(&self, client: u32, year: i32, month: u32) -> Option<(Option<f64>, Option<f64>)> {
        self.months.get(&(client, year, month)).copied()
    }
}

/// Parses `2026-07`, `2026-07-01` or `07/2026` to the first day of the month.
pub fn parse_month(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .or_else(|_| NaiveDate::parse_from_str(&format!("01/{text}"), "%d/%m/%Y"))
        .ok()
        .map(|d| d.with_day(1).unwrap_or(d))
}
