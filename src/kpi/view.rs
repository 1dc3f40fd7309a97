//! One client's tickets as typed columns, with each ticket's SLA clock times computed once
//! (the inputs of every period's KPIs).

use polars::prelude::*;

use super::clock::{SlaClock, Target, priority_index};
use crate::calendar::local_date_span;
use crate::config::{ClientOptions, Verdict};
use crate::data::Dataset;
use crate::data::assemble::Pause;
use crate::data::frame::time_values;
use crate::data::quality::{Issue, Reason};

/// A client's tickets, columns as vectors, plus derived SLA values.
pub struct ClientView {
    /// The client's rows of the canonical frame (derived columns appended).
    pub frame: DataFrame,
    /// Ticket ids.
    pub id: Vec<String>,
    /// Created (UTC ms).
    pub created: Vec<i64>,
    /// First response.
    pub first_response: Vec<Option<i64>>,
    /// Resolved.
    pub resolved: Vec<Option<i64>>,
    /// Priority index (0 none, 1–5 = P1–P5).
    pub priority: Vec<usize>,
    /// The PSA's own response verdict, as exported.
    pub psa_response_met: Vec<Option<bool>>,
    /// The PSA's own resolution verdict, as exported.
    pub psa_resolution_met: Vec<Option<bool>>,
    /// Type.
    pub ticket_type: Codes,
    /// Category.
    pub category: Codes,
    /// Assignment group.
    pub assignment_group: Codes,
    /// Canonical status.
    pub status: Vec<String>,
    /// Escalated.
    pub escalated: Vec<Option<bool>>,
    /// First touch.
    pub first_touch: Vec<Option<bool>>,
    /// Reopenings.
    pub reopens: Vec<Option<i64>>,
    /// Reassignments.
    pub reassignments: Vec<Option<i64>>,
    /// Tier.
    pub tier: Vec<Option<i64>>,
    /// CSAT score.
    pub csat: Vec<Option<f64>>,
    /// Exported paused minutes.
    pub paused_minutes: Vec<Option<f64>>,
    /// Pauses.
    pub pauses: Vec<Vec<Pause>>,
    /// Response time on the clock (ms), for answered tickets.
    pub response_ms: Vec<Option<i64>>,
    /// Resolution time on the clock (ms), for resolved tickets.
    pub resolution_ms: Vec<Option<i64>>,
    /// Response verdict (computed or the PSA's).
    pub response_met: Vec<Option<bool>>,
    /// Resolution verdict.
    pub resolution_met: Vec<Option<bool>>,
    /// The SLA clocks.
    pub clock: SlaClock,
}

/// A text column stored as codes into its distinct values.
#[derive(Debug, Clone, Default)]
pub struct Codes {
    codes: Vec<Option<u32>>,
    texts: Vec<String>,
    normalized: Vec<String>,
}

impl Codes {
    fn from_column(frame: &DataFrame, name: &str) -> PolarsResult<Self> {
        let mut index: polars::prelude::PlHashMap<&str, u32> = Default::default();
        let mut out = Self::default();
        let column = frame.column(name)?.str()?;
        for value in column.iter() {
            let code = value.map(|text| {
                *index.entry(text).or_insert_with(|| {
                    out.texts.push(text.to_string());
                    out.normalized.push(crate::config::normalize_label(text));
                    (out.texts.len() - 1) as u32
                })
            });
            out.codes.push(code);
        }
        Ok(out)
    }

    /// The text of ticket `i`.
    pub fn text(&self, i: usize) -> Option<&str> {
        self.codes[i].map(|c| self.texts[c as usize].as_str())
    }

    /// The normalised text of ticket `i` (for filters).
    pub fn normalized(&self, i: usize) -> Option<&str> {
        self.codes[i].map(|c| self.normalized[c as usize].as_str())
    }
}

fn strings(frame: &DataFrame, name: &str) -> PolarsResult<Vec<Option<String>>> {
    Ok(frame
        .column(name)?
        .str()?
        .iter()
        .map(|s| s.map(str::to_string))
        .collect())
}

fn bools(frame: &DataFrame, name: &str) -> PolarsResult<Vec<Option<bool>>> {
    Ok(frame.column(name)?.bool()?.iter().collect())
}

fn ints(frame: &DataFrame, name: &str) -> PolarsResult<Vec<Option<i64>>> {
    Ok(frame.column(name)?.i64()?.iter().collect())
}

fn floats(frame: &DataFrame, name: &str) -> PolarsResult<Vec<Option<f64>>> {
    Ok(frame.column(name)?.f64()?.iter().collect())
}

impl ClientView {
    /// Builds the view of `client` from its rows of the canonical frame.
    pub fn new(
        frame: DataFrame,
        dataset: &Dataset,
        client: &ClientOptions,
        horizon_ms: i64,
    ) -> PolarsResult<(Self, Vec<Issue>)> {
        let created: Vec<i64> = time_values(&frame, "created")?
            .iter()
            .map(|c| c.unwrap_or(0))
            .collect();
        let first_response = time_values(&frame, "first_response")?;
        let resolved = time_values(&frame, "resolved")?;
        let tickets: Vec<u32> = frame
            .column("ticket")?
            .u32()?
            .iter()
            .map(|t| t.unwrap_or(0))
            .collect();
        let pauses: Vec<Vec<Pause>> = tickets
            .iter()
            .map(|t| dataset.pauses[*t as usize].clone())
            .collect();
        let min = created.iter().copied().min().unwrap_or(horizon_ms);
        let max = created
            .iter()
            .chain(resolved.iter().flatten())
            .copied()
            .max()
            .unwrap_or(horizon_ms)
            .max(horizon_ms);
        let clock = SlaClock::new(
            &client.sla,
            client.tz,
            &dataset.labels,
            local_date_span(client.tz, min, max),
        );
        let priority: Vec<usize> = frame
            .column("priority")?
            .str()?
            .iter()
            .map(priority_index)
            .collect();
        let paused_minutes = floats(&frame, "paused_minutes")?;
        let psa_response = bools(&frame, "sla_response_met")?;
        let psa_resolution = bools(&frame, "sla_resolution_met")?;
        let rows = frame.column("row")?.u64()?.clone();
        let files = frame.column("file")?.str()?.clone();
        let ids: Vec<String> = strings(&frame, "id")?
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect();
        let mut issues = Vec::new();
        let mut measure = |i: usize, target: Target, end: Option<i64>| {
            let end = end?;
            let measured = clock.measure(
                target,
                priority[i],
                created[i],
                end,
                &pauses[i],
                paused_minutes[i],
            );
            if measured.floored && target == Target::Resolution {
                issues.push(Issue {
                    reason: Reason::PauseExceedsClock,
                    file: files.get(i).unwrap_or_default().to_string(),
                    row: rows.get(i).unwrap_or_default(),
                    field: Some("paused_minutes"),
                    detail: format!(
                        "ticket `{}`: {} paused minutes exceed its resolution clock time",
                        ids[i],
                        paused_minutes[i].unwrap_or(0.0)
                    ),
                    client: Some(client.id.clone()),
                    weight: 1,
                });
            }
            Some(measured.ms)
        };
        let n = created.len();
        let response_ms: Vec<Option<i64>> = (0..n)
            .map(|i| measure(i, Target::Response, first_response[i]))
            .collect();
        let resolution_ms: Vec<Option<i64>> = (0..n)
            .map(|i| measure(i, Target::Resolution, resolved[i]))
            .collect();
        let psa = client.sla.verdict == Verdict::Psa;
        let verdict = |target: Target,
                       times: &[Option<i64>],
                       psa_values: &[Option<bool>]|
         -> Vec<Option<bool>> {
            (0..n)
                .map(|i| {
                    let computed = match (times[i], clock.target_ms(target, priority[i])) {
                        (Some(t), Some(limit)) => Some(t <= limit),
                        _ => None,
                    };
                    if psa {
                        psa_values[i].or(computed)
                    } else {
                        computed
                    }
                })
                .collect()
        };
        let response_met = verdict(Target::Response, &response_ms, &psa_response);
        let resolution_met = verdict(Target::Resolution, &resolution_ms, &psa_resolution);
        let minutes = |values: &[Option<i64>]| -> Vec<Option<f64>> {
            values
                .iter()
                .map(|v| v.map(crate::calendar::ms_to_minutes))
                .collect()
        };
        let targets = |target: Target| -> Vec<Option<f64>> {
            priority
                .iter()
                .map(|p| {
                    clock
                        .target_ms(target, *p)
                        .map(crate::calendar::ms_to_minutes)
                })
                .collect()
        };
        let mut frame = frame;
        frame.with_column(Column::new(
            "response_minutes".into(),
            minutes(&response_ms),
        ))?;
        frame.with_column(Column::new(
            "resolution_minutes".into(),
            minutes(&resolution_ms),
        ))?;
        frame.with_column(Column::new(
            "response_target_minutes".into(),
            targets(Target::Response),
        ))?;
        frame.with_column(Column::new(
            "resolution_target_minutes".into(),
            targets(Target::Resolution),
        ))?;
        frame.with_column(Column::new("response_met".into(), response_met.clone()))?;
        frame.with_column(Column::new("resolution_met".into(), resolution_met.clone()))?;
        let view = Self {
            id: ids,
            created,
            first_response,
            resolved,
            priority,
            psa_response_met: psa_response,
            psa_resolution_met: psa_resolution,
            ticket_type: Codes::from_column(&frame, "type")?,
            category: Codes::from_column(&frame, "category")?,
            assignment_group: Codes::from_column(&frame, "assignment_group")?,
            status: strings(&frame, "status")?
                .into_iter()
                .map(Option::unwrap_or_default)
                .collect(),
            escalated: bools(&frame, "escalated")?,
            first_touch: bools(&frame, "first_touch")?,
            reopens: ints(&frame, "reopens")?,
            reassignments: ints(&frame, "reassignments")?,
            tier: ints(&frame, "tier")?,
            csat: floats(&frame, "csat")?,
            paused_minutes,
            pauses,
            response_ms,
            resolution_ms,
            response_met,
            resolution_met,
            clock,
            frame,
        };
        Ok((view, issues))
    }

    /// Number of tickets.
    pub fn len(&self) -> usize {
        self.created.len()
    }

    /// Whether the client has no tickets.
    pub fn is_empty(&self) -> bool {
        self.created.is_empty()
    }

    /// The title of ticket `i`, if exported.
    pub fn title(&self, i: usize) -> Option<String> {
        self.frame
            .column("title")
            .ok()?
            .str()
            .ok()?
            .get(i)
            .map(str::to_string)
    }

    /// Where ticket `i` was read: `file row N`.
    pub fn source_row(&self, i: usize) -> String {
        let file = self
            .frame
            .column("file")
            .ok()
            .and_then(|c| c.str().ok().and_then(|s| s.get(i).map(str::to_string)));
        let row = self
            .frame
            .column("row")
            .ok()
            .and_then(|c| c.u64().ok().and_then(|r| r.get(i)));
        match (file, row) {
            (Some(file), Some(row)) => format!("{file} row {row}"),
            _ => String::new(),
        }
    }

    /// Time on the clock of `target` for ticket `i` up to `until` (for unanswered/open tickets).
    pub fn elapsed_ms(&self, i: usize, target: Target, until: i64) -> i64 {
        self.clock
            .measure(
                target,
                self.priority[i],
                self.created[i],
                until,
                &self.pauses[i],
                self.paused_minutes[i],
            )
            .ms
    }
}
