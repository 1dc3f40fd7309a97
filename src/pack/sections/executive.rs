//! The sections of the executive (semi-annual and annual) reviews: value delivered, year over
//! year, how each CSF evolved quarter by quarter, SLA adequacy with its what-if, growth, and the
//! renewal outlook.

use anyhow::{Result, anyhow};
use chrono::Datelike;
use serde_json::{Value, json};

use super::{SectionContext, no_data, shown};
use crate::charts::{BarsSpec, bars};
use crate::config::{Direction, Locale, Unit};
use crate::csi::{ActionStatus, Change};
use crate::kpi::adequacy::{Recommendation, adequacy};
use crate::kpi::clock::Target;
use crate::kpi::report::csf_results;
use crate::kpi::{Status, judge, roll_up};
use crate::pack::locale::{label, text};
use crate::pack::model::{Figure, TableView, metric_target, status_view};
use crate::period::Period;

/// What the service delivered over the period, in a page an executive reads in two minutes.
pub fn value_delivered(context: &mut SectionContext) -> Result<Value> {
    let inputs = context.inputs;
    let locale = inputs.client.locale;
    let format = context.format();
    let m = &inputs.report.metrics;
    let figure =
        |key: &'static str, value: String| json!({ "label": label(locale, key), "value": value });
    // Done, and not already done at the last published review.
    let completed: Vec<&crate::csi::ActionChange> = inputs
        .csi
        .iter()
        .filter(|c| c.action.status == ActionStatus::Done && c.change != Change::Closed)
        .collect();
    let figures = vec![
        figure("created", format.count(m.created as f64)),
        figure(
            "resolved",
            m.resolved
                .map(|r| format.count(r as f64))
                .unwrap_or_else(|| no_data(context)),
        ),
        figure(
            "response_sla",
            shown(m.response_sla.percent, Unit::Percent, format, locale),
        ),
        figure(
            "resolution_sla",
            shown(m.resolution_sla.percent, Unit::Percent, format, locale),
        ),
        figure("csat_mean", shown(m.csat.mean, Unit::Score, format, locale)),
        figure("actions_completed", format.count(completed.len() as f64)),
    ];
    let met: usize = inputs
        .report
        .csfs
        .iter()
        .filter(|c| c.status == Status::Met)
        .count();
    let sentence = if m.resolved.is_none() {
        label(locale, "no_resolution_times").to_string()
    } else {
        text(
            locale,
            "value-sentence",
            &[
                ("resolved", m.resolved.unwrap_or(0).into()),
                (
                    "resolved_text",
                    format.count(m.resolved.unwrap_or(0) as f64).into(),
                ),
                (
                    "sla",
                    shown(m.resolution_sla.percent, Unit::Percent, format, locale).into(),
                ),
                ("met", met.into()),
                ("total", inputs.report.csfs.len().into()),
            ],
        )
    };
    let improvements: Vec<String> = completed
        .iter()
        .map(|c| match &c.action.owner {
            Some(owner) => format!("{} — {} ({owner})", c.action.id, c.action.title),
            None => format!("{} — {}", c.action.id, c.action.title),
        })
        .collect();
    Ok(json!({
        "figures": figures,
        "sentence": sentence,
        "improvements": improvements,
        "opened": inputs.csi.iter().filter(|c| c.change == Change::Opened).count(),
    }))
}

/// Every KPI this period against the same period a year earlier.
pub fn yoy(context: &mut SectionContext) -> Result<Value> {
    let inputs = context.inputs;
    let client = inputs.client;
    let locale = client.locale;
    let format = context.format();
    let earlier = inputs.period.year_earlier();
    let mut rows = Vec::new();
    for (csf, result) in client.csfs.iter().zip(&inputs.report.csfs) {
        for (kpi, now) in csf.kpis.iter().zip(&result.kpis) {
            let before = context
                .engine
                .measure(kpi, earlier)
                .map_err(|e| anyhow!(e))?
                .value;
            let change = now
                .value
                .zip(before)
                .map(|(a, b)| format.change_between(a, b, kpi.unit))
                .unwrap_or_default();
            let before_status = judge(before, kpi.target, kpi.direction, kpi.at_risk);
            rows.push(vec![
                kpi.name.clone(),
                shown(now.value, kpi.unit, format, locale),
                shown(before, kpi.unit, format, locale),
                change,
                format!(
                    "{} {}",
                    status_view(before_status, locale).symbol,
                    status_view(before_status, locale).label
                ),
                format!(
                    "{} {}",
                    status_view(now.status, locale).symbol,
                    status_view(now.status, locale).label
                ),
            ]);
        }
    }
    let headers = vec![
        label(locale, "kpi").to_string(),
        format.period(inputs.period),
        format.period(earlier),
        label(locale, "change").to_string(),
        format!("{} {}", label(locale, "status"), format.period(earlier)),
        format!(
            "{} {}",
            label(locale, "status"),
            format.period(inputs.period)
        ),
    ];
    let mut table = TableView::numeric(headers, rows);
    table.align = vec!["left", "right", "right", "right", "left", "left"];
    Ok(json!({ "table": table }))
}

/// How each CSF evolved quarter by quarter: as presented at the published QBR of the quarter
/// where there is one, else recomputed (marked †).
pub fn csf_evolution(context: &mut SectionContext) -> Result<Value> {
    let inputs = context.inputs;
    let client = inputs.client;
    let locale = client.locale;
    let format = context.format();
    let quarters = inputs.period.quarters();
    let steps: Vec<Period> = if quarters.is_empty() {
        inputs.period.months()
    } else {
        quarters
    };
    let mut columns: Vec<(Period, Vec<(Status, bool)>)> = Vec::new();
    for &step in &steps {
        let statuses = match inputs.quarterly.by_period.get(&step) {
            Some(snapshot) => client
                .csfs
                .iter()
                .map(|csf| {
                    let status = snapshot.results["csfs"]
                        .as_array()
                        .and_then(|list| list.iter().find(|c| c["id"] == csf.id.as_str()))
                        .and_then(|c| c["status"].as_str())
                        .map(status_of)
                        .unwrap_or(Status::NoData);
                    (status, true)
                })
                .collect(),
            None => csf_results(context.engine, step, step.previous())
                .map_err(|e| anyhow!(e))?
                .iter()
                .map(|r| (r.status, false))
                .collect(),
        };
        columns.push((step, statuses));
    }
    let mut headers = vec![label(locale, "csf").to_string()];
    headers.extend(steps.iter().map(|s| format.period(*s)));
    let rows: Vec<Vec<String>> = client
        .csfs
        .iter()
        .enumerate()
        .map(|(i, csf)| {
            let mut row = vec![csf.name.clone()];
            for (_, statuses) in &columns {
                let (status, presented) =
                    statuses.get(i).copied().unwrap_or((Status::NoData, false));
                let view = status_view(status, locale);
                row.push(format!(
                    "{} {}{}",
                    view.symbol,
                    view.label,
                    if presented { "" } else { " †" }
                ));
            }
            row
        })
        .collect();
    let mut table = TableView::numeric(headers, rows);
    table.align = vec!["left"; table.headers.len()];
    let presented = columns
        .iter()
        .filter(|(p, _)| inputs.quarterly.by_period.contains_key(p))
        .count();
    let met: Vec<usize> = columns
        .iter()
        .map(|(_, s)| {
            s.iter()
                .filter(|(status, _)| *status == Status::Met)
                .count()
        })
        .collect();
    Ok(json!({
        "table": table,
        "presented": presented,
        "steps": steps.len(),
        "met": met,
        "note": label(locale, "evolution_note"),
    }))
}

fn status_of(key: &str) -> Status {
    match key {
        "met" => Status::Met,
        "at_risk" => Status::AtRisk,
        "not_met" => Status::NotMet,
        "no_target" => Status::NoTarget,
        _ => Status::NoData,
    }
}

/// The attainment goal of a target kind: the client's KPI target on its SLA metric, else 95%.
fn goal(client: &crate::config::ClientOptions, target: Target) -> f64 {
    let metric = match target {
        Target::Response => "response_sla",
        Target::Resolution => "resolution_sla",
    };
    metric_target(client, metric)
        .filter(|(_, direction)| *direction == Direction::Higher)
        .map_or(95.0, |(t, _)| t)
}

/// SLA adequacy: each target's attainment at tighter and looser targets, the distribution of
/// the real times against the target, and a recommendation by the stated rule.
pub fn sla_adequacy(context: &mut SectionContext) -> Result<Value> {
    let inputs = context.inputs;
    let client = inputs.client;
    let locale = client.locale;
    let format = context.format();
    let results = adequacy(
        context.engine.view,
        client.tz,
        inputs.period,
        context.engine.as_of,
        |target| goal(client, target),
    );
    let percent = |v: Option<f64>| {
        v.map(|p| format.percent(p))
            .unwrap_or_else(|| label(locale, "no_data").to_string())
    };
    let mut headers = vec![
        label(locale, "priority").to_string(),
        label(locale, "target_kind").to_string(),
    ];
    headers.extend(crate::kpi::adequacy::FACTORS.iter().map(|f| {
        if (*f - 1.0).abs() < 1e-9 {
            label(locale, "contract_target").to_string()
        } else {
            format!(
                "×{}",
                format
                    .number(*f, 2)
                    .trim_end_matches('0')
                    .trim_end_matches(['.', ','])
            )
        }
    }));
    headers.push(label(locale, "recommendation").to_string());
    let mut rows = Vec::new();
    let mut items = Vec::new();
    for a in &results {
        let mut row = vec![a.priority.clone(), label(locale, a.target).to_string()];
        for w in &a.what_if {
            row.push(format!(
                "{} ({})",
                percent(w.percent),
                format.duration(w.target_minutes)
            ));
        }
        let word = recommendation_word(locale, a.recommendation);
        row.push(word.to_string());
        rows.push(row);
        items.push(json!({
            "priority": a.priority,
            "target": a.target,
            "recommendation": a.recommendation,
            "text": text(
                locale,
                "adequacy-sentence",
                &[
                    ("priority", a.priority.clone().into()),
                    ("kind", label(locale, a.target).to_lowercase().into()),
                    ("target", format.duration(a.target_minutes).into()),
                    ("attainment", percent(a.what_if.iter().find(|w| (w.factor - 1.0).abs() < 1e-9).and_then(|w| w.percent)).into()),
                    ("goal", format.percent(a.goal).into()),
                    ("recommendation", word.to_lowercase().into()),
                ],
            ),
        }));
    }
    let mut table = TableView::numeric(headers, rows);
    table.align = {
        let mut align = vec!["left", "left"];
        align.extend(std::iter::repeat_n(
            "right",
            crate::kpi::adequacy::FACTORS.len(),
        ));
        align.push("left");
        align
    };
    let mut figures = Vec::new();
    for target in ["response", "resolution"] {
        let of_kind: Vec<&crate::kpi::adequacy::Adequacy> =
            results.iter().filter(|a| a.target == target).collect();
        if of_kind.is_empty() {
            continue;
        }
        let figure = distribution(context, target, &of_kind)?;
        context.keep(&figure);
        figures.push(figure);
    }
    Ok(json!({
        "table": table,
        "items": items,
        "figures": figures,
        "rule": label(locale, "adequacy_rule"),
        "results": serde_json::to_value(&results)?,
    }))
}

fn recommendation_word(locale: Locale, recommendation: Recommendation) -> &'static str {
    label(
        locale,
        match recommendation {
            Recommendation::Tighten => "recommend-tighten",
            Recommendation::Keep => "recommend-keep",
            Recommendation::Renegotiate => "recommend-renegotiate",
            Recommendation::TooFewTickets => "recommend-too-few",
        },
    )
}

/// The real times against the target: the share of each priority's tickets by multiple of its
/// target (the bars left of "≤ 1×" are within target).
fn distribution(
    context: &SectionContext,
    target: &'static str,
    results: &[&crate::kpi::adequacy::Adequacy],
) -> Result<Figure> {
    let locale = context.inputs.client.locale;
    let format = context.format();
    let edges = [0.5, 0.75, 1.0, 1.25, 1.5, 2.0];
    let mut categories: Vec<String> = Vec::new();
    let mut previous = 0.0;
    for edge in edges {
        categories.push(format!(
            "{}–{}×",
            format
                .number(previous, 2)
                .trim_end_matches('0')
                .trim_end_matches(['.', ',']),
            format
                .number(edge, 2)
                .trim_end_matches('0')
                .trim_end_matches(['.', ','])
        ));
        previous = edge;
    }
    categories.push("> 2×".to_string());
    let series: Vec<(String, Vec<Option<f64>>)> = results
        .iter()
        .map(|a| {
            let n = a.times.len().max(1) as f64;
            let mut counts = vec![0usize; edges.len() + 1];
            for t in &a.times {
                let ratio = t / a.target_minutes.max(1e-9);
                let bucket = edges
                    .iter()
                    .position(|e| ratio <= *e)
                    .unwrap_or(edges.len());
                counts[bucket] += 1;
            }
            (
                a.priority.clone(),
                counts.iter().map(|c| Some(100.0 * *c as f64 / n)).collect(),
            )
        })
        .collect();
    let title = text(
        locale,
        "distribution-title",
        &[("kind", label(locale, target).to_lowercase().into())],
    );
    let described: Vec<String> = series
        .iter()
        .map(|(p, values)| {
            let within: f64 = values.iter().take(3).flatten().sum();
            format!("{p}: {} ≤ 1×", format.percent(within))
        })
        .collect();
    let alt = format!("{title}. {}.", described.join("; "));
    let percent = move |v: f64| format!("{}%", format.number(v, 0));
    let chart = bars(
        &BarsSpec {
            name: &format!("distribution-{target}"),
            categories: &categories,
            series: &series,
            y_label: "%",
            format: &percent,
            ceiling: None,
            alt,
        },
        context.palette,
    )
    .map_err(|e| anyhow!(e))?;
    let mut headers = vec![label(locale, "priority").to_string()];
    headers.extend(categories.iter().cloned());
    let rows = series
        .iter()
        .map(|(p, values)| {
            let mut row = vec![p.clone()];
            row.extend(values.iter().map(|v| format.percent(v.unwrap_or(0.0))));
            row
        })
        .collect();
    Ok(Figure {
        title,
        chart,
        table: TableView::numeric(headers, rows),
    })
}

/// Users, endpoints and tickets per user at the start and the end of the period.
pub fn growth(context: &mut SectionContext) -> Result<Value> {
    let inputs = context.inputs;
    let client = inputs.client;
    let locale = client.locale;
    let format = context.format();
    let months = inputs.period.months();
    let sizes = context.engine.context.sizes;
    let index = context.engine.context.client_index;
    let size_of = |month: &Period| {
        let start = month.start_date();
        let figures = sizes.get(index, start.year(), start.month());
        (
            figures.and_then(|f| f.0).or(client.users),
            figures.and_then(|f| f.1).or(client.endpoints),
        )
    };
    let first = months.iter().find(|m| size_of(m) != (None, None));
    let last = months.iter().rev().find(|m| size_of(m) != (None, None));
    let all = Default::default();
    let per_user = |engine: &mut crate::kpi::Engine, month: Option<&Period>| {
        month.and_then(|m| engine.standard(*m, &all).tickets_per_user)
    };
    let (first_size, last_size) = (first.map(size_of), last.map(size_of));
    let first_rate = per_user(context.engine, first);
    let last_rate = per_user(context.engine, last);
    let change = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) if a > 0.0 => format!("{:+.1}%", 100.0 * (b - a) / a)
            .replace('-', "−")
            .replace('.', if locale == Locale::ItIt { "," } else { "." }),
        _ => String::new(),
    };
    let count = |v: Option<f64>| {
        v.map(|v| format.count(v))
            .unwrap_or_else(|| label(locale, "no_data").to_string())
    };
    let ratio = |v: Option<f64>| {
        v.map(|v| format.number(v, 3))
            .unwrap_or_else(|| label(locale, "no_data").to_string())
    };
    let name = |m: Option<&Period>| m.map(|m| format.period(*m)).unwrap_or_default();
    let headers = vec![
        String::new(),
        name(first),
        name(last),
        label(locale, "change").to_string(),
    ];
    let users = (first_size.and_then(|s| s.0), last_size.and_then(|s| s.0));
    let endpoints = (first_size.and_then(|s| s.1), last_size.and_then(|s| s.1));
    let rows = vec![
        vec![
            label(locale, "users").to_string(),
            count(users.0),
            count(users.1),
            change(users.0, users.1),
        ],
        vec![
            label(locale, "endpoints").to_string(),
            count(endpoints.0),
            count(endpoints.1),
            change(endpoints.0, endpoints.1),
        ],
        vec![
            label(locale, "tickets_per_user").to_string(),
            ratio(first_rate),
            ratio(last_rate),
            change(first_rate, last_rate),
        ],
    ];
    let meaning = match (users, first_rate.zip(last_rate)) {
        ((Some(a), Some(b)), Some((r0, r1))) => {
            let key = match (b > a * 1.02, b < a * 0.98, r1 < r0 * 0.98, r1 > r0 * 1.02) {
                (true, _, true, _) => "growth-scaled",
                (true, _, _, true) => "growth-strain",
                (true, _, _, _) => "growth-steady",
                (_, true, _, _) => "growth-shrinking",
                (_, _, _, true) => "growth-more-per-user",
                _ => "growth-stable",
            };
            label(locale, key).to_string()
        }
        _ => label(locale, "growth-no-data").to_string(),
    };
    Ok(json!({
        "available": first.is_some(),
        "table": TableView::numeric(headers, rows),
        "meaning": meaning,
    }))
}

/// The renewal outlook: months left on the contract, the service's trend, the open risks.
pub fn renewal(context: &mut SectionContext) -> Result<Value> {
    let inputs = context.inputs;
    let client = inputs.client;
    let locale = client.locale;
    let format = context.format();
    let Some((start, end)) = client.contract else {
        return Ok(json!({ "available": false, "note": label(locale, "renewal-no-contract") }));
    };
    let today = crate::tz::utc_ms_to_local(client.tz, context.engine.as_of - 1).date();
    let months_left = if today > end {
        0
    } else {
        (end.year() - today.year()) * 12 + end.month() as i32 - today.month() as i32
    };
    // The trend: CSFs met in the first and the last quarter of the period (recomputed).
    let steps = {
        let q = inputs.period.quarters();
        if q.is_empty() {
            inputs.period.months()
        } else {
            q
        }
    };
    let met_in = |engine: &mut crate::kpi::Engine, p: Option<&Period>| -> Result<Option<usize>> {
        let Some(p) = p else { return Ok(None) };
        let results = csf_results(engine, *p, p.previous()).map_err(|e| anyhow!(e))?;
        Ok(Some(
            results.iter().filter(|r| r.status == Status::Met).count(),
        ))
    };
    let first = met_in(context.engine, steps.first())?;
    let last = met_in(context.engine, steps.last())?;
    let trend = match (first, last) {
        (Some(a), Some(b)) if b > a => "trend-improving",
        (Some(a), Some(b)) if b < a => "trend-degrading",
        (Some(_), Some(_)) => "trend-stable",
        _ => "no_data",
    };
    let mut risks: Vec<String> = Vec::new();
    for (csf, result) in client.csfs.iter().zip(&inputs.report.csfs) {
        if matches!(result.status, Status::NotMet | Status::AtRisk) {
            risks.push(text(
                locale,
                "risk-csf",
                &[
                    ("csf", csf.name.clone().into()),
                    (
                        "status",
                        status_view(result.status, locale)
                            .label
                            .to_lowercase()
                            .into(),
                    ),
                ],
            ));
        }
    }
    for change in inputs.csi.iter().filter(|c| c.change == Change::Overdue) {
        risks.push(text(
            locale,
            "risk-action",
            &[
                ("id", change.action.id.clone().into()),
                ("title", change.action.title.clone().into()),
            ],
        ));
    }
    let overall = roll_up(
        &inputs
            .report
            .csfs
            .iter()
            .map(|c| c.status)
            .collect::<Vec<_>>(),
    );
    Ok(json!({
        "available": true,
        "term": format!("{} – {}", format.date(start), format.date(end)),
        "months_left": text(locale, "months-left", &[("months", (months_left.max(0) as usize).into())]),
        "trend": label(locale, trend),
        "overall": status_view(overall, locale),
        "risks": risks,
    }))
}
