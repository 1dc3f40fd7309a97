//! The executive summary, generated from the numbers: overall status, what improved, what needs
//! attention — plus the SDM's commentary when there is one.

use serde::Serialize;

use super::locale::{Format, label, text};
use super::markdown::Block;
use super::model::{StatusView, status_view};
use crate::config::{ClientOptions, Direction, Unit};
use crate::kpi::report::KpiReport;
use crate::kpi::{Status, roll_up};

/// The executive summary.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Overall status (worst CSF).
    pub overall: StatusView,
    /// `3 of 4 critical success factors met`.
    pub headline: String,
    /// Sentences about improvements.
    pub improved: Vec<String>,
    /// Sentences about what needs attention.
    pub attention: Vec<String>,
    /// Key figures for the summary tiles: label, value, status.
    pub tiles: Vec<Tile>,
    /// The SDM's commentary.
    pub commentary: Vec<Block>,
}

/// A headline figure.
#[derive(Debug, Clone, Serialize)]
pub struct Tile {
    /// What it is.
    pub label: String,
    /// The value.
    pub value: String,
    /// Change on the previous period.
    pub change: String,
    /// Status against the target, if the client has one.
    pub status: Option<StatusView>,
}

fn rank(status: Status) -> u8 {
    match status {
        Status::NotMet => 0,
        Status::AtRisk => 1,
        Status::Met => 2,
        Status::NoData | Status::NoTarget => 3,
    }
}

/// Whether the export holds no ticket created or resolved in the period.
pub fn is_empty_period(report: &KpiReport) -> bool {
    let m = &report.metrics;
    m.created == 0 && m.resolved.unwrap_or(0) == 0
}

/// Builds the summary from the quarter's results.
pub fn summary(
    client: &ClientOptions,
    report: &KpiReport,
    commentary: Vec<Block>,
    tiles: Vec<Tile>,
) -> Summary {
    let locale = client.locale;
    let format = Format::new(locale);
    let statuses: Vec<Status> = report.csfs.iter().map(|c| c.status).collect();
    let empty = is_empty_period(report);
    // A period without tickets proves nothing: it is never shown as met.
    let overall = if empty {
        Status::NoData
    } else {
        roll_up(&statuses)
    };
    let met = statuses.iter().filter(|s| **s == Status::Met).count();
    let headline = if empty {
        label(locale, "no_tickets").to_string()
    } else {
        text(
            locale,
            "csf_met_summary",
            &[("met", met.into()), ("total", statuses.len().into())],
        )
    };
    let mut improved: Vec<(f64, String)> = Vec::new();
    let mut attention: Vec<(u8, f64, String)> = Vec::new();
    for kpi in report.csfs.iter().flat_map(|c| &c.kpis) {
        let unit = kpi.unit;
        if let (Some(value), Some(previous)) = (kpi.value, kpi.previous) {
            let change = value - previous;
            let better = if kpi.direction == Direction::Lower {
                change < 0.0
            } else {
                change > 0.0
            };
            let relative = if previous.abs() > 1e-9 {
                (change / previous).abs()
            } else {
                1.0
            };
            let notable = match unit {
                Unit::Percent => change.abs() >= 1.0,
                _ => relative >= 0.05,
            };
            if better && notable && kpi.sample_size > 0 {
                let sentence = text(
                    locale,
                    "summary-improved",
                    &[
                        ("name", kpi.name.clone().into()),
                        ("previous", format.value(previous, unit).into()),
                        ("value", format.value(value, unit).into()),
                        (
                            "change",
                            format.change_between(value, previous, unit).into(),
                        ),
                    ],
                );
                improved.push((relative, sentence));
            }
        }
        if matches!(kpi.status, Status::NotMet | Status::AtRisk)
            && let (Some(value), Some(target)) = (kpi.value, kpi.target)
        {
            let symbol = if kpi.direction == Direction::Lower {
                "≤"
            } else {
                "≥"
            };
            let sentence = text(
                locale,
                "summary-attention",
                &[
                    ("name", kpi.name.clone().into()),
                    ("value", format.value(value, unit).into()),
                    (
                        "target",
                        format!("{symbol} {}", format.value(target, unit)).into(),
                    ),
                    (
                        "status",
                        status_view(kpi.status, locale).label.to_lowercase().into(),
                    ),
                ],
            );
            let gap = ((value - target) / target.abs().max(1e-9)).abs();
            attention.push((rank(kpi.status), -gap, sentence));
        }
    }
    let m = &report.metrics;
    if let (Some(overdue), Some(backlog)) = (m.overdue_open, m.backlog)
        && overdue > 0
    {
        let sentence = text(
            locale,
            "overdue-open",
            &[
                ("count", overdue.into()),
                ("backlog", format.count(backlog as f64).into()),
            ],
        );
        attention.push((1, 0.0, sentence));
    }
    if let (Some(previous_backlog), Some(backlog)) = (report.previous_metrics.backlog, m.backlog)
        && previous_backlog > 0
        && backlog as f64 > previous_backlog as f64 * 1.2
    {
        let sentence = text(
            locale,
            "backlog-grew",
            &[
                ("previous_backlog", previous_backlog.into()),
                ("backlog", backlog.into()),
            ],
        );
        attention.push((1, 0.0, sentence));
    }
    improved.sort_by(|a, b| b.0.total_cmp(&a.0));
    attention.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut improved: Vec<String> = improved.into_iter().take(4).map(|i| i.1).collect();
    let mut attention: Vec<String> = attention.into_iter().take(5).map(|a| a.2).collect();
    if improved.is_empty() {
        improved.push(label(locale, "nothing_improved").to_string());
    }
    if attention.is_empty() {
        attention.push(label(locale, "nothing_attention").to_string());
    }
    Summary {
        overall: status_view(overall, locale),
        headline,
        improved,
        attention,
        tiles,
        commentary,
    }
}
