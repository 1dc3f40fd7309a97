//! Parsed values of every row of one export file, before rows are assembled into tickets.

use std::collections::HashMap;

use polars::prelude::*;

use super::parse::{ParseContext, parse_count};
use super::quality::{Issue, Reason};
use crate::config::{Field, PRIORITIES, STATUSES, normalize_label};

/// Status labels seen in the data: the export's label (normalised) and its canonical status.
#[derive(Debug, Default, Clone)]
pub struct StatusLabels {
    labels: Vec<(String, &'static str)>,
    index: HashMap<String, u32>,
}

impl StatusLabels {
    /// The id of a label, registering it.
    pub fn intern(&mut self, label: &str, canonical: &'static str) -> u32 {
        if let Some(id) = self.index.get(label) {
            return *id;
        }
        let id = self.labels.len() as u32;
        self.labels.push((label.to_string(), canonical));
        self.index.insert(label.to_string(), id);
        id
    }

    /// The label text of an id.
    pub fn label(&self, id: u32) -> &str {
        &self.labels[id as usize].0
    }

    /// The canonical status of an id.
    pub fn canonical(&self, id: u32) -> &'static str {
        self.labels[id as usize].1
    }

    /// Number of labels.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether no label was seen.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
}

/// The canonical status of a name, as a static string.
pub fn canonical_status(name: &str) -> Option<&'static str> {
    STATUSES.iter().copied().find(|s| *s == name)
}

/// Typed values of every row of a file; `None` columns are not mapped.
pub struct RowValues<'f> {
    /// Row numbers.
    pub rows: Vec<u64>,
    /// Rows that cannot be used at all.
    pub rejected: Vec<bool>,
    /// Ticket ids.
    pub id: Option<Vec<Option<&'f str>>>,
    /// Creation times (UTC ms).
    pub created: Option<Vec<Option<i64>>>,
    /// First responses.
    pub first_response: Option<Vec<Option<i64>>>,
    /// Resolutions.
    pub resolved: Option<Vec<Option<i64>>>,
    /// Closures.
    pub closed: Option<Vec<Option<i64>>>,
    /// History event times.
    pub event_time: Option<Vec<Option<i64>>>,
    /// Priorities.
    pub priority: Option<Vec<Option<&'static str>>>,
    /// Status label ids.
    pub status: Option<Vec<Option<u32>>>,
    /// Types (normalised, mapped).
    pub ticket_type: Option<Vec<Option<String>>>,
    /// Categories.
    pub category: Option<Vec<Option<&'f str>>>,
    /// Assignment groups.
    pub assignment_group: Option<Vec<Option<&'f str>>>,
    /// Titles.
    pub title: Option<Vec<Option<&'f str>>>,
    /// Tiers.
    pub tier: Option<Vec<Option<i64>>>,
    /// Escalated flags.
    pub escalated: Option<Vec<Option<bool>>>,
    /// Reassignment counts.
    pub reassignments: Option<Vec<Option<i64>>>,
    /// Reopen counts.
    pub reopens: Option<Vec<Option<i64>>>,
    /// Reopened flags.
    pub reopened: Option<Vec<Option<bool>>>,
    /// Reopening times (a value means reopened).
    pub reopened_at: Option<Vec<Option<i64>>>,
    /// Rows whose reopening time does not parse (reopened or not is unknown).
    pub reopened_unknown: Vec<bool>,
    /// First-touch flags.
    pub first_touch: Option<Vec<Option<bool>>>,
    /// CSAT scores.
    pub csat: Option<Vec<Option<f64>>>,
    /// Exported paused minutes.
    pub paused_minutes: Option<Vec<Option<f64>>>,
    /// PSA response verdicts.
    pub sla_response_met: Option<Vec<Option<bool>>>,
    /// PSA resolution verdicts.
    pub sla_resolution_met: Option<Vec<Option<bool>>>,
    /// History ordering.
    pub sequence: Option<Vec<Option<f64>>>,
}

/// Parses every mapped column of `frame`.
pub fn parse_rows<'f>(
    context: &ParseContext,
    frame: &'f DataFrame,
    labels: &mut StatusLabels,
    issues: &mut Vec<Issue>,
) -> PolarsResult<RowValues<'f>> {
    let source = context.source;
    let rows = super::parse::row_numbers(frame)?;
    let mut rejected = vec![false; rows.len()];
    let timestamps = |field: Field, rejected: &mut Vec<bool>, issues: &mut Vec<Issue>| {
        context.timestamps(frame, field, &rows, rejected, issues)
    };
    let created = timestamps(Field::Created, &mut rejected, issues)?;
    let mut first_response = timestamps(Field::FirstResponse, &mut rejected, issues)?;
    if first_response.is_none()
        && let Some(created) = created.as_ref()
    {
        // The response time as a duration: the instant is creation plus it.
        first_response = context.instants_after(
            frame,
            Field::FirstResponseMinutes,
            created,
            &rows,
            &mut rejected,
            issues,
        )?;
    }
    let resolved = timestamps(Field::Resolved, &mut rejected, issues)?;
    let closed = timestamps(Field::Closed, &mut rejected, issues)?;
    let event_time = timestamps(Field::EventTime, &mut rejected, issues)?;
    // A reopening time that does not parse says nothing about the row's other fields: it is a
    // warning, and whether the ticket was reopened is unknown.
    let mut ignored = rejected.clone();
    let mark = issues.len();
    let reopened_at = timestamps(Field::ReopenedAt, &mut ignored, issues)?;
    for issue in &mut issues[mark..] {
        if matches!(
            issue.reason,
            Reason::UnparseableDate | Reason::ImplausibleDate
        ) {
            issue.reason = Reason::UnparseableReopenTime;
        }
    }
    let reopened_unknown: Vec<bool> = ignored
        .iter()
        .zip(&rejected)
        .map(|(now, before)| *now && !*before)
        .collect();

    let priority_map = &source.priority_values;
    let priority = context.coded(frame, Field::Priority, &rows, issues, |raw| {
        if let Some(p) = priority_map.get(&normalize_label(raw)) {
            return PRIORITIES
                .iter()
                .copied()
                .find(|c| c == p)
                .ok_or(Reason::UnknownPriority);
        }
        let upper = raw.trim().to_uppercase();
        PRIORITIES
            .iter()
            .copied()
            .find(|c| *c == upper)
            .ok_or(Reason::UnknownPriority)
    })?;
    if let (Some(values), Some(raw)) = (&priority, context.strings(frame, Field::Priority)?) {
        for (i, (value, raw)) in values.iter().zip(raw.iter()).enumerate() {
            if value.is_none() {
                rejected[i] = true;
                if raw.is_none() {
                    issues.push(Issue {
                        reason: Reason::MissingPriority,
                        file: context.file.to_string(),
                        row: rows[i],
                        field: Some("priority"),
                        detail: "no priority".to_string(),
                        client: Some(context.client_ids[context.clients[i] as usize].clone()),
                        weight: 1,
                    });
                }
            }
        }
    }

    let status_map = &source.status_values;
    let mut status_ids: HashMap<String, u32> = HashMap::new();
    let status = context.coded(frame, Field::Status, &rows, issues, |raw| {
        let label = normalize_label(raw);
        let canonical = status_map
            .get(&label)
            .and_then(|c| canonical_status(c))
            .or_else(|| canonical_status(&label));
        canonical.map(|c| (label, c)).ok_or(Reason::UnknownStatus)
    })?;
    let status = status.map(|values| {
        values
            .into_iter()
            .map(|v| {
                v.map(|(label, canonical)| {
                    *status_ids
                        .entry(label.clone())
                        .or_insert_with(|| labels.intern(&label, canonical))
                })
            })
            .collect()
    });

    let type_map = &source.type_values;
    let ticket_type = context.coded(frame, Field::Type, &rows, issues, |raw| {
        let label = normalize_label(raw);
        Ok(type_map.get(&label).cloned().unwrap_or(label))
    })?;
    let tier_map = &source.tier_values;
    let tier = context.coded(frame, Field::Tier, &rows, issues, |raw| {
        if let Some(t) = tier_map.get(&normalize_label(raw)) {
            return Ok(*t);
        }
        let digits: String = raw.chars().filter(|c| c.is_ascii_digit()).collect();
        digits.parse::<i64>().map_err(|_| Reason::UnknownTier)
    })?;
    let counts = |field: Field, issues: &mut Vec<Issue>| {
        context.coded(frame, field, &rows, issues, parse_count)
    };
    let reassignments = counts(Field::Reassignments, issues)?;
    let reopens = counts(Field::Reopens, issues)?;
    let mut sla_response_met = context.verdicts(frame, Field::SlaResponseMet, &rows, issues)?;
    let mut sla_resolution_met = context.verdicts(frame, Field::SlaResolutionMet, &rows, issues)?;
    if source.sla_remaining {
        // Time left on a clock that is still running is no verdict yet: a ticket without a
        // first response (or a resolution) has none for that target.
        let ended = |times: &[&Option<Vec<Option<i64>>>], i: usize| {
            times.iter().any(|t| at(t, i).is_some())
        };
        if let Some(verdicts) = sla_response_met.as_mut() {
            for (i, verdict) in verdicts.iter_mut().enumerate() {
                if !ended(&[&first_response], i) {
                    *verdict = None;
                }
            }
        }
        if let Some(verdicts) = sla_resolution_met.as_mut() {
            for (i, verdict) in verdicts.iter_mut().enumerate() {
                if !ended(&[&resolved, &closed], i) {
                    *verdict = None;
                }
            }
        }
    }

    Ok(RowValues {
        id: texts(context.strings(frame, Field::Id)?),
        created,
        first_response,
        resolved,
        closed,
        event_time,
        priority,
        status,
        ticket_type,
        category: texts(context.strings(frame, Field::Category)?),
        assignment_group: texts(context.strings(frame, Field::AssignmentGroup)?),
        title: texts(context.strings(frame, Field::Title)?),
        tier,
        escalated: context.booleans(frame, Field::Escalated, &rows, issues)?,
        reassignments,
        reopens,
        reopened: context.booleans(frame, Field::Reopened, &rows, issues)?,
        reopened_at,
        reopened_unknown,
        first_touch: context.booleans(frame, Field::FirstTouch, &rows, issues)?,
        csat: context.numbers(frame, Field::Csat, &rows, issues)?,
        paused_minutes: context.durations(frame, Field::PausedMinutes, &rows, issues)?,
        sla_response_met,
        sla_resolution_met,
        sequence: context.numbers(frame, Field::Sequence, &rows, issues)?,
        rows,
        rejected,
    })
}

/// Value of an optional column at a row.
pub fn at<T: Copy>(column: &Option<Vec<Option<T>>>, i: usize) -> Option<T> {
    column.as_ref().and_then(|c| c[i])
}

/// A string column as values (trimmed, empty as missing), for fast access by row.
pub fn texts(column: Option<&StringChunked>) -> Option<Vec<Option<&str>>> {
    column.map(|c| {
        c.iter()
            .map(|v| v.map(str::trim).filter(|s| !s.is_empty()))
            .collect()
    })
}

/// String value of an optional column at a row.
pub fn text_at<'a>(column: &Option<Vec<Option<&'a str>>>, i: usize) -> Option<&'a str> {
    column.as_ref().and_then(|c| c[i])
}
