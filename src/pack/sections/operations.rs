//! The operational sections of the informal sync: volume against the previous period, first
//! response times, P1/P2 incidents, the oldest open tickets, and dissatisfied responses.

use anyhow::Result;
use serde_json::{Value, json};

use super::{SectionContext, headers, no_data};
use crate::config::{Input, PRIORITIES, TicketFilter, Unit};
use crate::kpi::clock::Target;
use crate::kpi::compute::Selection;
use crate::pack::locale::{label, text};
use crate::pack::model::TableView;
use crate::tz::utc_ms_to_local;

/// The most rows a list section carries; templates show fewer.
const MAX_ROWS: usize = 500;

/// The period's tickets as the KPI engine selects them (created, resolved, open at the cut-off).
fn selection(context: &SectionContext) -> Selection {
    let bounds = context.engine.bounds(context.inputs.period);
    Selection::new(
        context.engine.view,
        &bounds,
        context.engine.as_of,
        &TicketFilter::default(),
    )
}

fn ticket_text(context: &SectionContext, i: usize) -> String {
    let view = context.engine.view;
    match view.title(i) {
        Some(title) => format!("{} — {title}", view.id[i]),
        None => view.id[i].clone(),
    }
}

fn priority_text(context: &SectionContext, i: usize) -> String {
    let p = context.engine.view.priority[i];
    if p == 0 {
        "—".into()
    } else {
        PRIORITIES[p - 1].into()
    }
}

fn when(context: &SectionContext, ms: i64) -> String {
    context
        .format()
        .date_time(utc_ms_to_local(context.inputs.client.tz, ms))
}

/// Tickets created and resolved, by priority and type, against the previous period.
pub fn volume_change(context: &mut SectionContext) -> Result<Value> {
    let inputs = context.inputs;
    let locale = inputs.client.locale;
    let format = context.format();
    let (m, p) = (&inputs.report.metrics, &inputs.report.previous_metrics);
    let count = |v: Option<usize>| v.map_or_else(|| no_data(context), |v| format.count(v as f64));
    let change = |a: Option<usize>, b: Option<usize>| match (a, b) {
        (Some(a), Some(b)) => format.change_between(a as f64, b as f64, Unit::Count),
        _ => String::new(),
    };
    let mut rows = vec![
        vec![
            label(locale, "created").to_string(),
            count(Some(m.created)),
            count(Some(p.created)),
            change(Some(m.created), Some(p.created)),
        ],
        vec![
            label(locale, "resolved").to_string(),
            count(m.resolved),
            count(p.resolved),
            change(m.resolved, p.resolved),
        ],
    ];
    let mut keys: Vec<&String> = m
        .volume_by_priority
        .keys()
        .chain(p.volume_by_priority.keys())
        .collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let (a, b) = (
            m.volume_by_priority.get(key).copied().unwrap_or(0),
            p.volume_by_priority.get(key).copied().unwrap_or(0),
        );
        rows.push(vec![
            format!("{} · {key}", label(locale, "created")),
            count(Some(a)),
            count(Some(b)),
            change(Some(a), Some(b)),
        ]);
    }
    let mut types: Vec<&String> = m
        .volume_by_type
        .keys()
        .chain(p.volume_by_type.keys())
        .collect();
    types.sort();
    types.dedup();
    for key in types {
        let (a, b) = (
            m.volume_by_type.get(key).copied().unwrap_or(0),
            p.volume_by_type.get(key).copied().unwrap_or(0),
        );
        rows.push(vec![
            format!("{} · {key}", label(locale, "created")),
            count(Some(a)),
            count(Some(b)),
            change(Some(a), Some(b)),
        ]);
    }
    let headers = vec![
        label(locale, "volume").to_string(),
        format.period(inputs.period),
        format.period(inputs.period.previous()),
        label(locale, "change").to_string(),
    ];
    Ok(json!({ "table": TableView::numeric(headers, rows) }))
}

/// First response times by priority, this period and the previous one.
pub fn response_times(context: &mut SectionContext) -> Result<Value> {
    let inputs = context.inputs;
    let locale = inputs.client.locale;
    let format = context.format();
    let (m, p) = (&inputs.report.metrics, &inputs.report.previous_metrics);
    let minutes = |v: Option<f64>| v.map_or_else(|| no_data(context), |v| format.duration(v));
    let attainment = |a: &crate::kpi::compute::Attainment| match a.percent {
        Some(share) => format!(
            "{} ({}/{})",
            format.percent(share),
            format.count(a.met as f64),
            format.count(a.total as f64)
        ),
        None => no_data(context),
    };
    let mut rows = Vec::new();
    for priority in m.by_priority.iter().filter(|x| x.priority != "none") {
        let before = p.priorities.get(&priority.priority);
        rows.push(vec![
            priority.priority.clone(),
            priority
                .response_target_minutes
                .map(|t| format.duration(t))
                .unwrap_or_else(|| "—".into()),
            format.count(priority.response_time.count as f64),
            minutes(priority.response_time.median),
            minutes(priority.response_time.p90),
            attainment(&priority.response_sla),
            minutes(before.and_then(|b| b.response_time.median)),
        ]);
    }
    rows.push(vec![
        label(locale, "all_priorities").to_string(),
        String::new(),
        format.count(m.response_time.count as f64),
        minutes(m.response_time.median),
        minutes(m.response_time.p90),
        attainment(&m.response_sla),
        minutes(p.response_time.median),
    ]);
    let headers = headers(
        locale,
        &[
            "priority",
            "response_target",
            "answered",
            "median",
            "p90",
            "response_sla",
            "previous_median",
        ],
    );
    Ok(json!({
        "available": inputs.client.provided.has(Input::FirstResponse),
        "table": TableView::numeric(headers, rows),
    }))
}

/// P1 and P2 incidents created in the period (every P1/P2 ticket when the export has no types).
pub fn major_incidents(context: &mut SectionContext) -> Result<Value> {
    let locale = context.inputs.client.locale;
    let format = context.format();
    let view = context.engine.view;
    let typed = context.inputs.client.provided.has(Input::Type);
    let selected: Vec<usize> = selection(context)
        .created
        .into_iter()
        .filter(|&i| matches!(view.priority[i], 1 | 2))
        .filter(|&i| !typed || view.ticket_type.normalized(i) == Some("incident"))
        .collect();
    let rows: Vec<Vec<String>> = selected
        .iter()
        .take(MAX_ROWS)
        .map(|&i| {
            vec![
                ticket_text(context, i),
                priority_text(context, i),
                when(context, view.created[i]),
                view.response_ms[i]
                    .map(|ms| format.duration(crate::calendar::ms_to_minutes(ms)))
                    .unwrap_or_else(|| "—".into()),
                view.resolved[i]
                    .map(|t| when(context, t))
                    .unwrap_or_else(|| label(locale, "still_open").to_string()),
                view.resolution_ms[i]
                    .map(|ms| format.duration(crate::calendar::ms_to_minutes(ms)))
                    .unwrap_or_else(|| "—".into()),
            ]
        })
        .collect();
    let headers = headers(
        locale,
        &[
            "ticket",
            "priority",
            "opened",
            "first_response",
            "resolved",
            "resolution_time",
        ],
    );
    let mut table = TableView::numeric(headers, rows);
    table.align = vec!["left", "left", "left", "right", "left", "right"];
    Ok(json!({ "total": selected.len(), "table": table }))
}

/// The backlog at the cut-off, oldest first, with the time on the resolution clock.
pub fn oldest_open(context: &mut SectionContext) -> Result<Value> {
    let inputs = context.inputs;
    let locale = inputs.client.locale;
    let format = context.format();
    if !inputs.client.provided.has_times(Input::Resolution) {
        return Ok(json!({ "available": false, "total": 0, "table": TableView::default() }));
    }
    let view = context.engine.view;
    let selection = selection(context);
    let cutoff = selection.cutoff;
    let mut open = selection.backlog;
    open.sort_by(|&a, &b| {
        view.created[a]
            .cmp(&view.created[b])
            .then(view.id[a].cmp(&view.id[b]))
    });
    let rows: Vec<Vec<String>> = open
        .iter()
        .take(MAX_ROWS)
        .map(|&i| {
            let elapsed = view.elapsed_ms(i, Target::Resolution, cutoff);
            let target = view.clock.target_ms(Target::Resolution, view.priority[i]);
            let state = match target {
                Some(t) if elapsed > t => label(locale, "past_target"),
                Some(_) => label(locale, "within_target"),
                None => "—",
            };
            vec![
                ticket_text(context, i),
                priority_text(context, i),
                when(context, view.created[i]),
                format.duration(crate::calendar::ms_to_minutes(elapsed)),
                state.to_string(),
            ]
        })
        .collect();
    let headers = headers(
        locale,
        &["ticket", "priority", "opened", "elapsed", "status"],
    );
    let mut table = TableView::numeric(headers, rows);
    table.align = vec!["left", "left", "left", "right", "left"];
    Ok(json!({ "available": true, "total": open.len(), "table": table }))
}

/// CSAT responses of the period below the satisfied threshold, with their comment.
pub fn low_csat(context: &mut SectionContext) -> Result<Value> {
    let inputs = context.inputs;
    let client = inputs.client;
    let locale = client.locale;
    let format = context.format();
    let threshold = client.csat.satisfied_at;
    let bounds = context.engine.bounds(inputs.period);
    let index = context.engine.context.client_index;
    let responses = context
        .engine
        .context
        .csat
        .responses_in(index, bounds.start, bounds.end);
    let view = context.engine.view;
    let mut rows: Vec<(i64, Vec<String>)> = Vec::new();
    let mut total = 0;
    if responses.is_empty() {
        for i in selection(context).resolved {
            if let Some(score) = view.csat[i] {
                total += 1;
                if score < threshold {
                    let resolved = view.resolved[i].unwrap_or(view.created[i]);
                    rows.push((
                        resolved,
                        vec![
                            ticket_text(context, i),
                            format.number(score, 0),
                            when(context, resolved),
                            String::new(),
                        ],
                    ));
                }
            }
        }
    } else {
        for response in responses {
            total += 1;
            if response.score < threshold {
                rows.push((
                    response.responded,
                    vec![
                        response.ticket.clone().unwrap_or_else(|| "—".into()),
                        format.number(response.score, 0),
                        when(context, response.responded),
                        response.comment.clone().unwrap_or_default(),
                    ],
                ));
            }
        }
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let low = rows.len();
    let headers = headers(locale, &["ticket", "csat_score", "responded", "comment"]);
    let mut table = TableView::numeric(
        headers,
        rows.into_iter().take(MAX_ROWS).map(|r| r.1).collect(),
    );
    table.align = vec!["left", "right", "left", "left"];
    Ok(json!({
        "available": client.provided.has(Input::Csat),
        "responses": total,
        "total": low,
        "intro": text(
            locale,
            "low_csat_intro",
            &[
                ("threshold", format.number(threshold, 0).into()),
                ("responses", format.count(total as f64).into()),
            ],
        ),
        "table": table,
    }))
}
