//! `kpis --format csv`: one row per KPI, then one per built-in figure, for spreadsheets.

use std::io::Write;

use crate::kpi::report::KpiReport;

/// A built-in figure: metric, unit, value, previous value, sample size.
type FigureRow<'a> = (&'a str, &'a str, Option<f64>, Option<f64>, usize);

const HEADER: &str =
    "client,period,csf,kpi,name,metric,unit,value,previous,target,direction,status,sample_size";

/// Quotes a CSV field when needed (RFC 4180).
pub fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

fn number(value: Option<f64>) -> String {
    value.map(|v| format!("{v}")).unwrap_or_default()
}

/// Writes the rows of several reports under one header.
pub fn write_reports(out: &mut impl Write, reports: &[KpiReport]) -> std::io::Result<()> {
    writeln!(out, "{HEADER}")?;
    for report in reports {
        let client = quote(&report.client.id);
        let period = quote(&report.period.label);
        for csf in &report.csfs {
            for kpi in &csf.kpis {
                let unit = serde_json::to_value(kpi.unit)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                let direction = serde_json::to_value(kpi.direction)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                let status = serde_json::to_value(kpi.status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "{client},{period},{},{},{},{},{unit},{},{},{},{direction},{status},{}",
                    quote(&csf.id),
                    quote(&kpi.id),
                    quote(&kpi.name),
                    quote(&kpi.metric),
                    number(kpi.value),
                    number(kpi.previous),
                    number(kpi.target),
                    kpi.sample_size
                )?;
            }
        }
        let m = &report.metrics;
        let p = &report.previous_metrics;
        let rows: Vec<FigureRow> = vec![
            (
                "volume",
                "count",
                Some(m.created as f64),
                Some(p.created as f64),
                m.created,
            ),
            (
                "resolved",
                "count",
                m.resolved.map(|v| v as f64),
                p.resolved.map(|v| v as f64),
                m.resolved.unwrap_or(0),
            ),
            (
                "response_time.mean",
                "minutes",
                m.response_time.mean,
                p.response_time.mean,
                m.response_time.count,
            ),
            (
                "response_time.median",
                "minutes",
                m.response_time.median,
                p.response_time.median,
                m.response_time.count,
            ),
            (
                "response_time.p90",
                "minutes",
                m.response_time.p90,
                p.response_time.p90,
                m.response_time.count,
            ),
            (
                "resolution_time.mean",
                "minutes",
                m.resolution_time.mean,
                p.resolution_time.mean,
                m.resolution_time.count,
            ),
            (
                "resolution_time.median",
                "minutes",
                m.resolution_time.median,
                p.resolution_time.median,
                m.resolution_time.count,
            ),
            (
                "resolution_time.p90",
                "minutes",
                m.resolution_time.p90,
                p.resolution_time.p90,
                m.resolution_time.count,
            ),
            (
                "response_sla",
                "percent",
                m.response_sla.percent,
                p.response_sla.percent,
                m.response_sla.total,
            ),
            (
                "resolution_sla",
                "percent",
                m.resolution_sla.percent,
                p.resolution_sla.percent,
                m.resolution_sla.total,
            ),
            (
                "first_touch_resolution",
                "percent",
                m.first_touch_resolution.percent,
                p.first_touch_resolution.percent,
                m.first_touch_resolution.denominator,
            ),
            (
                "escalation_rate",
                "percent",
                m.escalation_rate.percent,
                p.escalation_rate.percent,
                m.escalation_rate.denominator,
            ),
            (
                "reopen_rate",
                "percent",
                m.reopen_rate.percent,
                p.reopen_rate.percent,
                m.reopen_rate.denominator,
            ),
            (
                "backlog",
                "count",
                m.backlog.map(|v| v as f64),
                p.backlog.map(|v| v as f64),
                m.backlog.unwrap_or(0),
            ),
            (
                "overdue_open",
                "count",
                m.overdue_open.map(|v| v as f64),
                p.overdue_open.map(|v| v as f64),
                m.backlog.unwrap_or(0),
            ),
            (
                "csat.mean",
                "score",
                m.csat.mean,
                p.csat.mean,
                m.csat.responses,
            ),
            (
                "csat.satisfied",
                "percent",
                m.csat.satisfied_percent,
                p.csat.satisfied_percent,
                m.csat.responses,
            ),
            (
                "tickets_per_user",
                "ratio",
                m.tickets_per_user,
                p.tickets_per_user,
                m.created,
            ),
            (
                "tickets_per_endpoint",
                "ratio",
                m.tickets_per_endpoint,
                p.tickets_per_endpoint,
                m.created,
            ),
        ];
        for (metric, unit, value, previous, sample) in rows {
            writeln!(
                out,
                "{client},{period},,,,{metric},{unit},{},{},,,,{sample}",
                number(value),
                number(previous)
            )?;
        }
        for priority in &m.by_priority {
            let name = &priority.priority;
            let per = [
                (
                    "volume",
                    "count",
                    Some(priority.created as f64),
                    priority.created,
                ),
                (
                    "response_time.median",
                    "minutes",
                    priority.response_time.median,
                    priority.response_time.count,
                ),
                (
                    "resolution_time.median",
                    "minutes",
                    priority.resolution_time.median,
                    priority.resolution_time.count,
                ),
                (
                    "response_sla",
                    "percent",
                    priority.response_sla.percent,
                    priority.response_sla.total,
                ),
                (
                    "resolution_sla",
                    "percent",
                    priority.resolution_sla.percent,
                    priority.resolution_sla.total,
                ),
            ];
            for (metric, unit, value, sample) in per {
                writeln!(
                    out,
                    "{client},{period},,,,{metric}[{name}],{unit},{},,,,,{sample}",
                    number(value)
                )?;
            }
        }
    }
    Ok(())
}
