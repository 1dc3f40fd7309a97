//! The sections that look forward: where breaches come from, the operational plan (findings and
//! the register's actions for every CSF at risk or not met), the CSI register's changes since
//! the last review, and KPIs the data supports that no CSF tracks yet.

use std::collections::BTreeMap;

use anyhow::Result;
use chrono::{Datelike, Timelike};
use serde::Serialize;
use serde_json::{Value, json};

use super::{SectionContext, headers, view};
use crate::config::{KpiDefinition, Locale, Unit};
use crate::csi::{ActionStatus, Change};
use crate::kpi::findings::{Dimension, Finding, Subject};
use crate::kpi::metrics::Metric;
use crate::kpi::{Status, builtin_value};
use crate::pack::locale::{Format, label, metric_definition, metric_title, text};
use crate::pack::model::{StatusView, TableView, status_view};
use crate::tz::utc_ms_to_local;

const WEEKDAYS: [&str; 7] = [
    "weekday-1",
    "weekday-2",
    "weekday-3",
    "weekday-4",
    "weekday-5",
    "weekday-6",
    "weekday-7",
];

/// `Monday 08:00–10:00`.
fn window_text(locale: Locale, weekday: u32, hour: u32) -> String {
    format!(
        "{} {hour:02}:00–{:02}:00",
        label(locale, WEEKDAYS[weekday.min(6) as usize]),
        hour + 2
    )
}

/// The slice of a ticket: a sort key and the text shown.
type Slicer<'a> = dyn Fn(usize) -> Option<(String, String)> + 'a;

/// Breaches of the period by category, assignment group, priority, weekday and hour of opening.
pub fn breach_causes(context: &mut SectionContext) -> Result<Value> {
    let inputs = context.inputs;
    let locale = inputs.client.locale;
    let tz = inputs.client.tz;
    let format = context.format();
    let view = context.engine.view;
    let breaches = &inputs.report.breaches;
    let total = breaches.len();
    let mut tables = Vec::new();
    let dimensions: [(&str, &Slicer); 5] = [
        ("category", &|i| {
            view.category
                .text(i)
                .map(|t| (t.to_string(), t.to_string()))
        }),
        ("assignment_group", &|i| {
            view.assignment_group
                .text(i)
                .map(|t| (t.to_string(), t.to_string()))
        }),
        ("priority", &|i| {
            let p = view.priority[i];
            (p > 0).then(|| {
                let name = crate::config::PRIORITIES[p - 1].to_string();
                (name.clone(), name)
            })
        }),
        ("weekday", &|i| {
            let day = utc_ms_to_local(tz, view.created[i])
                .weekday()
                .num_days_from_monday();
            Some((
                day.to_string(),
                label(locale, WEEKDAYS[day as usize]).to_string(),
            ))
        }),
        ("hour_opened", &|i| {
            let hour = utc_ms_to_local(tz, view.created[i]).hour() / 2 * 2;
            Some((
                format!("{hour:02}"),
                format!("{hour:02}:00–{:02}:00", hour + 2),
            ))
        }),
    ];
    for (key, slice) in dimensions {
        // Sort key → (shown, response breaches, resolution breaches).
        let mut counts: BTreeMap<String, (String, usize, usize)> = BTreeMap::new();
        for breach in breaches {
            let Some((sort, shown)) = slice(breach.index) else {
                continue;
            };
            let entry = counts.entry(sort).or_insert((shown, 0, 0));
            if breach.target == "response" {
                entry.1 += 1;
            } else {
                entry.2 += 1;
            }
        }
        if counts.is_empty() {
            continue;
        }
        let mut entries: Vec<(String, (String, usize, usize))> = counts.into_iter().collect();
        if !matches!(key, "weekday" | "hour_opened" | "priority") {
            entries.sort_by(|a, b| (b.1.1 + b.1.2).cmp(&(a.1.1 + a.1.2)).then(a.0.cmp(&b.0)));
        }
        let rows = entries
            .into_iter()
            .map(|(_, (shown, response, resolution))| {
                vec![
                    shown,
                    format.count(response as f64),
                    format.count(resolution as f64),
                    format.count((response + resolution) as f64),
                    format.percent(100.0 * (response + resolution) as f64 / total.max(1) as f64),
                ]
            })
            .collect();
        let headers = headers(
            locale,
            &[key, "response", "resolution", "breaches_count", "share"],
        );
        tables.push(json!({
            "key": key,
            "title": label(locale, key),
            "table": TableView::numeric(headers, rows),
        }));
    }
    Ok(json!({ "total": total, "tables": tables }))
}

/// A finding as the pack shows it.
#[derive(Debug, Clone, Serialize)]
struct FindingView {
    /// The fact, with its numbers.
    text: String,
    /// Tickets behind it (ids), the first few.
    tickets: Vec<String>,
    /// How many tickets in all.
    count: usize,
    /// Where the first tickets were read.
    rows: Vec<String>,
    /// The action the pack proposes for it.
    proposal: String,
}

fn subject_text(locale: Locale, finding: &Finding) -> String {
    let id = match finding.subject {
        Subject::ResponseBreaches => "subject-response-breaches",
        Subject::ResolutionBreaches => "subject-resolution-breaches",
        Subject::OverdueOpen => "subject-overdue-open",
        Subject::Reopened => "subject-reopened",
        Subject::NotFirstTouch => "subject-not-first-touch",
        Subject::Escalated => "subject-escalated",
        Subject::Unsatisfied => "subject-unsatisfied",
    };
    let subject = label(locale, id).to_string();
    match &finding.priority {
        Some(priority) => text(
            locale,
            "subject-of-priority",
            &[
                ("priority", priority.clone().into()),
                ("subject", subject.into()),
            ],
        ),
        None => subject,
    }
}

/// The sentence of a finding: `62.0% of P3 response breaches were opened Monday 08:00–10:00
/// (13 of 21; 18.0% of the tickets measured were)`.
pub fn finding_text(locale: Locale, finding: &Finding) -> String {
    let format = Format::new(locale);
    let id = match finding.dimension {
        Dimension::Window => "finding-window",
        Dimension::Category => "finding-category",
        Dimension::AssignmentGroup => "finding-assignment-group",
        Dimension::Priority => "finding-priority",
        Dimension::Type => "finding-type",
    };
    let value = match finding.window {
        Some((day, hour)) => window_text(locale, day, hour),
        None => finding.value.clone(),
    };
    text(
        locale,
        id,
        &[
            ("share", format.percent(finding.share).into()),
            ("subject", subject_text(locale, finding).into()),
            ("value", value.into()),
            ("count", format.count(finding.count as f64).into()),
            ("of", format.count(finding.of as f64).into()),
            ("base", format.percent(finding.base_share).into()),
        ],
    )
}

fn finding_view(locale: Locale, finding: &Finding) -> FindingView {
    FindingView {
        text: finding_text(locale, finding),
        tickets: finding.tickets.iter().take(12).cloned().collect(),
        count: finding.count,
        rows: finding.rows.iter().take(12).cloned().collect(),
        proposal: text(
            locale,
            "finding-proposal",
            &[(
                "count",
                Format::new(locale).count(finding.count as f64).into(),
            )],
        ),
    }
}

/// An action of the register as the pack shows it.
#[derive(Debug, Clone, Serialize)]
struct ActionView {
    id: String,
    title: String,
    csf: String,
    owner: String,
    due: String,
    status: String,
    change: String,
    change_key: Change,
    notes: String,
}

fn status_word(locale: Locale, status: ActionStatus) -> &'static str {
    label(
        locale,
        match status {
            ActionStatus::Open => "action-open",
            ActionStatus::InProgress => "action-in-progress",
            ActionStatus::Done => "action-done",
            ActionStatus::Dropped => "action-dropped",
        },
    )
}

fn change_word(locale: Locale, change: Change) -> &'static str {
    label(
        locale,
        match change {
            Change::Opened => "change-opened",
            Change::Completed => "change-completed",
            Change::Dropped => "change-dropped",
            Change::Overdue => "change-overdue",
            Change::Ongoing => "change-ongoing",
            Change::Closed => "change-closed",
        },
    )
}

fn action_views(context: &SectionContext, csf: Option<&str>) -> Vec<ActionView> {
    let inputs = context.inputs;
    let locale = inputs.client.locale;
    let format = context.format();
    let csf_name = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| inputs.client.csfs.iter().find(|c| &c.id == id))
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    inputs
        .csi
        .iter()
        .filter(|c| csf.is_none() || c.action.csf.as_deref() == csf)
        .filter(|c| csf.is_none() || c.action.status.is_active())
        .map(|c| ActionView {
            id: c.action.id.clone(),
            title: c.action.title.clone(),
            csf: csf_name(&c.action.csf),
            owner: c.action.owner.clone().unwrap_or_default(),
            due: c.action.due.map(|d| format.date(d)).unwrap_or_default(),
            status: status_word(locale, c.action.status).to_string(),
            change: change_word(locale, c.change).to_string(),
            change_key: c.change,
            notes: c.action.notes.clone().unwrap_or_default(),
        })
        .collect()
}

/// One CSF of the plan.
#[derive(Debug, Clone, Serialize)]
struct PlanItem {
    csf: String,
    status: StatusView,
    /// Whether a ticket KPI is among those at risk or not met (findings come from tickets; a CSF
    /// held back by measurements of another system has none to give).
    from_tickets: bool,
    findings: Vec<FindingView>,
    actions: Vec<ActionView>,
}

/// The operational plan (monthly) or recommendations (QBR): for every CSF at risk or not met,
/// the findings drawn from the data with their evidence, and the register's open actions for it.
pub fn plan(context: &mut SectionContext) -> Result<Value> {
    let inputs = context.inputs;
    let locale = inputs.client.locale;
    let mut items = Vec::new();
    for (csf, result) in inputs.client.csfs.iter().zip(&inputs.report.csfs) {
        if !matches!(result.status, Status::AtRisk | Status::NotMet) {
            continue;
        }
        // Two KPIs of a CSF (e.g. CSAT mean and share satisfied) can point at the same tickets.
        let mut findings: Vec<FindingView> = Vec::new();
        for finding in inputs.findings.iter().filter(|f| f.csf == csf.id) {
            let view = finding_view(locale, finding);
            if !findings.iter().any(|f| f.text == view.text) {
                findings.push(view);
            }
        }
        let from_tickets = csf.kpis.iter().zip(&result.kpis).any(|(kpi, r)| {
            matches!(r.status, Status::AtRisk | Status::NotMet)
                && !matches!(kpi.definition, crate::config::KpiDefinition::Measurement(_))
        });
        items.push(PlanItem {
            csf: csf.name.clone(),
            status: status_view(result.status, locale),
            from_tickets,
            findings,
            actions: action_views(context, Some(&csf.id)),
        });
    }
    let title = text(locale, &inputs.level.plan_title, &[]);
    Ok(json!({
        "title": title,
        "items": items,
    }))
}

/// The CSI register: every action with what changed since the last published review.
pub fn csi(context: &mut SectionContext) -> Result<Value> {
    let inputs = context.inputs;
    let locale = inputs.client.locale;
    let actions = action_views(context, None);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for action in &actions {
        let key = match action.change_key {
            Change::Opened => "opened",
            Change::Completed => "completed",
            Change::Dropped => "dropped",
            Change::Overdue => "overdue",
            Change::Ongoing => "ongoing",
            Change::Closed => "closed",
        };
        *counts.entry(key).or_default() += 1;
    }
    let since = match &inputs.csi_since {
        Some(review) => text(locale, "csi-since", &[("review", review.clone().into())]),
        None => label(locale, "csi-since-none").to_string(),
    };
    let headers: Vec<String> = headers(
        locale,
        &[
            "action_id",
            "action",
            "csf",
            "owner",
            "due_date",
            "status",
            "change",
        ],
    );
    let rows = actions
        .iter()
        .map(|a| {
            vec![
                a.id.clone(),
                a.title.clone(),
                a.csf.clone(),
                a.owner.clone(),
                a.due.clone(),
                a.status.clone(),
                a.change.clone(),
            ]
        })
        .collect();
    let mut table = TableView::numeric(headers, rows);
    table.align = vec!["left"; 7];
    Ok(json!({
        "since": since,
        "counts": counts,
        "total": actions.len(),
        "actions": actions,
        "table": table,
    }))
}

/// Built-in metrics the data supports that no CSF tracks yet, with their values.
pub fn proposals(context: &mut SectionContext) -> Result<Value> {
    let inputs = context.inputs;
    let client = inputs.client;
    let locale = client.locale;
    let format = context.format();
    let tracked: Vec<Metric> = client
        .csfs
        .iter()
        .flat_map(|c| &c.kpis)
        .filter_map(|k| match k.definition {
            KpiDefinition::Builtin(m) => Some(m),
            _ => None,
        })
        .collect();
    let candidates = [
        Metric::EscalationRate,
        Metric::FirstTouchResolution,
        Metric::ReopenRate,
        Metric::ResponseSla,
        Metric::ResolutionSla,
        Metric::ResponseTime(crate::kpi::metrics::Stat::Median),
        Metric::ResolutionTime(crate::kpi::metrics::Stat::Median),
        Metric::OverdueOpen,
        Metric::CsatMean,
        Metric::CsatSatisfied,
        Metric::TicketsPerUser,
        Metric::TicketsPerEndpoint,
    ];
    let shown = |v: Option<f64>, unit: Unit| {
        v.map(|v| format.value(v, unit))
            .unwrap_or_else(|| label(locale, "no_data").to_string())
    };
    let mut rows = Vec::new();
    let mut definitions = Vec::new();
    for metric in candidates {
        if tracked.contains(&metric) || client.provided.missing(metric.needs()).is_some() {
            continue;
        }
        let now = builtin_value(metric, &inputs.report.metrics).value;
        let before = builtin_value(metric, &inputs.report.previous_metrics).value;
        if now.is_none() {
            continue;
        }
        let unit = metric.unit();
        rows.push(vec![
            metric_title(locale, metric),
            shown(now, unit),
            shown(before, unit),
        ]);
        definitions.push(json!({
            "name": metric_title(locale, metric),
            "text": metric_definition(locale, metric),
        }));
    }
    let headers = vec![
        label(locale, "kpi").to_string(),
        format.period(inputs.period),
        format.period(inputs.period.previous()),
    ];
    view(&json!({
        "table": TableView::numeric(headers, rows),
        "definitions": definitions,
    }))
}
