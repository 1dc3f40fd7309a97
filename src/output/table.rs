//! The terminal table of `kpis`: scorecard, then the built-in figures of the period.

use std::fmt::Write;

use super::format::{change, duration, value};
use crate::config::{Direction, Unit};
use crate::kpi::compute::{Attainment, StandardMetrics, TimeStats};
use crate::kpi::report::KpiReport;

/// Lays out rows in aligned columns (first column left-aligned, others right-aligned).
pub fn columns(rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..rows.iter().map(Vec::len).max().unwrap_or(0))
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c].saturating_sub(cell.chars().count());
            if c == 0 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn target_text(target: Option<f64>, direction: Direction, unit: Unit) -> String {
    match target {
        Some(t) => format!(
            "{} {}",
            if direction == Direction::Lower {
                "≤"
            } else {
                "≥"
            },
            value(Some(t), unit)
        ),
        None => "—".to_string(),
    }
}

fn times(label: &str, stats: &TimeStats) -> Vec<String> {
    let show = |v: Option<f64>| v.map(duration).unwrap_or_else(|| "no data".into());
    vec![
        label.to_string(),
        show(stats.mean),
        show(stats.median),
        show(stats.p90),
        stats.count.to_string(),
    ]
}

fn attainment(a: &Attainment) -> String {
    match a.percent {
        Some(p) => format!("{p:.1}% ({}/{})", a.met, a.total),
        None => "no data".to_string(),
    }
}

fn breakdown(map: &std::collections::BTreeMap<String, usize>, limit: usize) -> String {
    let mut entries: Vec<(&String, &usize)> = map.iter().collect();
    entries.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut parts: Vec<String> = entries
        .iter()
        .take(limit)
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    if entries.len() > limit {
        let rest: usize = entries.iter().skip(limit).map(|(_, v)| **v).sum();
        parts.push(format!("{} others {rest}", entries.len() - limit));
    }
    if parts.is_empty() {
        "—".to_string()
    } else {
        parts.join(" · ")
    }
}

/// Renders one client's report.
pub fn render_report(report: &KpiReport) -> String {
    let mut out = String::new();
    let quality = &report.data_quality;
    let _ = writeln!(
        out,
        "{} ({}) — {} [{} → {}, {}]",
        report.client.name,
        report.client.id,
        report.period.label,
        report.period.start,
        report.period.end,
        report.client.timezone
    );
    let _ = writeln!(
        out,
        "cut-off {} · {} tickets accepted · {} rows rejected · {} warnings",
        report.cutoff, quality.tickets_accepted, quality.rejected, quality.warnings
    );
    out.push('\n');
    if !report.csfs.is_empty() {
        let mut rows = vec![vec![
            "CSF / KPI".into(),
            "this period".into(),
            report.previous_period.label.clone(),
            "change".into(),
            "target".into(),
            "status".into(),
            "n".into(),
        ]];
        for csf in &report.csfs {
            rows.push(vec![
                csf.name.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                csf.status.label().into(),
                String::new(),
            ]);
            for kpi in &csf.kpis {
                rows.push(vec![
                    format!("  {}", kpi.name),
                    value(kpi.value, kpi.unit),
                    value(kpi.previous, kpi.unit),
                    change(kpi.change, kpi.unit),
                    target_text(kpi.target, kpi.direction, kpi.unit),
                    kpi.status.label().into(),
                    kpi.sample_size.to_string(),
                ]);
            }
        }
        out.push_str(&columns(&rows));
        out.push('\n');
    }
    render_metrics(&mut out, &report.metrics);
    let response = report
        .breaches
        .iter()
        .filter(|b| b.target == "response")
        .count();
    let _ = writeln!(
        out,
        "SLA breaches: {} (response {response}, resolution {}); the list is in --format json",
        report.breaches.len(),
        report.breaches.len() - response
    );
    out.push('\n');
    out
}

/// A count, or "no data" when the export cannot give it.
fn count(value: Option<usize>) -> String {
    value.map_or_else(|| "no data".to_string(), |v| v.to_string())
}

fn render_metrics(out: &mut String, m: &StandardMetrics) {
    let _ = writeln!(
        out,
        "Volume: {} created, {} resolved",
        m.created,
        count(m.resolved)
    );
    let _ = writeln!(
        out,
        "  by priority: {}",
        breakdown(&m.volume_by_priority, 6)
    );
    let _ = writeln!(out, "  by type:     {}", breakdown(&m.volume_by_type, 6));
    let _ = writeln!(
        out,
        "  by category: {}",
        breakdown(&m.volume_by_category, 6)
    );
    out.push('\n');
    let mut rows = vec![vec![
        "Times on the SLA clock".into(),
        "mean".into(),
        "median".into(),
        "p90".into(),
        "n".into(),
    ]];
    rows.push(times(
        "first response (created in period)",
        &m.response_time,
    ));
    rows.push(times("resolution (resolved in period)", &m.resolution_time));
    out.push_str(&columns(&rows));
    out.push('\n');
    let mut rows = vec![vec![
        "Priority".into(),
        "response target".into(),
        "response SLA".into(),
        "resolution target".into(),
        "resolution SLA".into(),
        "median resolution".into(),
        "created".into(),
        "resolved".into(),
        "backlog".into(),
    ]];
    for p in &m.by_priority {
        rows.push(vec![
            p.priority.clone(),
            p.response_target_minutes
                .map(duration)
                .unwrap_or_else(|| "—".into()),
            attainment(&p.response_sla),
            p.resolution_target_minutes
                .map(duration)
                .unwrap_or_else(|| "—".into()),
            attainment(&p.resolution_sla),
            p.resolution_time
                .median
                .map(duration)
                .unwrap_or_else(|| "no data".into()),
            p.created.to_string(),
            count(p.resolved),
            count(p.backlog),
        ]);
    }
    rows.push(vec![
        "all".into(),
        String::new(),
        attainment(&m.response_sla),
        String::new(),
        attainment(&m.resolution_sla),
        m.resolution_time
            .median
            .map(duration)
            .unwrap_or_else(|| "no data".into()),
        m.created.to_string(),
        count(m.resolved),
        count(m.backlog),
    ]);
    out.push_str(&columns(&rows));
    out.push('\n');
    let rate = |r: &crate::kpi::compute::Rate| match r.percent {
        Some(p) => format!("{p:.1}% ({}/{})", r.numerator, r.denominator),
        None => "no data".into(),
    };
    let _ = writeln!(
        out,
        "First-touch resolution {} · escalation {} · reopened {}",
        rate(&m.first_touch_resolution),
        rate(&m.escalation_rate),
        rate(&m.reopen_rate)
    );
    let _ = writeln!(
        out,
        "Backlog at cut-off {} · past resolution target {}",
        count(m.backlog),
        count(m.overdue_open)
    );
    let csat = &m.csat;
    let _ = writeln!(
        out,
        "CSAT {} mean · {} satisfied (≥ {}) · {} responses",
        csat.mean
            .map(|v| format!("{v:.2}/{}", csat.scale_max))
            .unwrap_or_else(|| "no data".into()),
        csat.satisfied_percent
            .map(|v| format!("{v:.1}%"))
            .unwrap_or_else(|| "no data".into()),
        csat.satisfied_at,
        csat.responses
    );
    let _ = writeln!(
        out,
        "Tickets per user per month {} · per endpoint {}",
        value(m.tickets_per_user, Unit::Ratio),
        value(m.tickets_per_endpoint, Unit::Ratio)
    );
}
