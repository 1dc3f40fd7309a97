//! The sections most levels share: executive summary, scorecard, trends, monthly breakdown, SLA
//! by priority, volume, backlog, CSAT, breaches and the methodology appendix.

use anyhow::{Result, anyhow};
use serde::Serialize;
use serde_json::Value;

use super::{SectionContext, headers, shown, view};
use crate::charts::{BarsSpec, HorizontalSpec, Palette, bars, horizontal};
use crate::config::{ClientOptions, FirstTouchFact, FirstTouchRule, KpiDefinition, Locale, Unit};
use crate::data::quality::{FileRead, QualityReport, Severity};
use crate::kpi::Engine;
use crate::kpi::metrics::{ALL_METRICS, Metric};
use crate::kpi::report::KpiReport;
use crate::pack::history::Presented;
use crate::pack::locale::{Format, label, metric_definition, metric_title, text};
use crate::pack::model::{
    Figure, Headline, PackInputs, StatusView, TableView, headline_figure, judge_metric,
    metric_target, status_view,
};
use crate::pack::summary::Tile;
use crate::period::{Period, PeriodKind};
use crate::tz::utc_ms_to_local;

/// The most breach rows a pack carries (the full list is always in `breaches.csv`); templates
/// show fewer.
const MAX_BREACH_ROWS: usize = 2000;

fn no_data(locale: Locale) -> String {
    label(locale, "no_data").to_string()
}

fn count_or_no_data(value: Option<usize>, format: Format, locale: Locale) -> String {
    value
        .map(|v| format.count(v as f64))
        .unwrap_or_else(|| no_data(locale))
}

/// The months of the quarter, one row each, and the quarter as a total row.
pub fn monthly(engine: &mut Engine, client: &ClientOptions, period: Period) -> TableView {
    let locale = client.locale;
    let format = Format::new(locale);
    let keys = [
        "month",
        "created",
        "resolved",
        "response_sla",
        "resolution_sla",
        "median_response",
        "median_resolution",
        "backlog_end",
        "csat",
    ];
    let headers = headers(locale, &keys);
    let all = Default::default();
    let mut rows = Vec::new();
    for month in period.months().into_iter().chain(std::iter::once(period)) {
        let m = engine.standard(month, &all).clone();
        let name = if month.kind() == PeriodKind::Month {
            let (_, number) = match month {
                Period::Month(y, n) => (y, n),
                _ => (0, 1),
            };
            let name = format.month_name(number);
            let mut chars = name.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
                .unwrap_or_default()
        } else {
            format.period(month)
        };
        rows.push(vec![
            name,
            format.count(m.created as f64),
            count_or_no_data(m.resolved, format, locale),
            shown(m.response_sla.percent, Unit::Percent, format, locale),
            shown(m.resolution_sla.percent, Unit::Percent, format, locale),
            shown(m.response_time.median, Unit::Minutes, format, locale),
            shown(m.resolution_time.median, Unit::Minutes, format, locale),
            count_or_no_data(m.backlog, format, locale),
            shown(m.csat.mean, Unit::Score, format, locale),
        ]);
    }
    TableView::numeric(headers, rows)
}

/// SLA attainment by priority: a grouped bar chart and its table.
pub fn sla_by_priority(inputs: &PackInputs, palette: &Palette) -> Result<Figure> {
    let locale = inputs.client.locale;
    let format = Format::new(locale);
    let priorities: Vec<_> = inputs
        .report
        .metrics
        .by_priority
        .iter()
        .filter(|p| p.priority != "none")
        .collect();
    let categories: Vec<String> = priorities.iter().map(|p| p.priority.clone()).collect();
    let response: Vec<Option<f64>> = priorities.iter().map(|p| p.response_sla.percent).collect();
    let resolution: Vec<Option<f64>> = priorities
        .iter()
        .map(|p| p.resolution_sla.percent)
        .collect();
    let series = vec![
        (label(locale, "response").to_string(), response),
        (label(locale, "resolution").to_string(), resolution),
    ];
    let percent = move |v: f64| format!("{}%", format.number(v, 0));
    let describe = |values: &[Option<f64>]| -> String {
        categories
            .iter()
            .zip(values)
            .map(|(c, v)| {
                format!(
                    "{c} {}",
                    v.map(|v| format.percent(v))
                        .unwrap_or_else(|| no_data(locale))
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let title = label(locale, "sla_by_priority").to_string();
    let alt = format!(
        "{title}. {}: {}. {}: {}.",
        series[0].0,
        describe(&series[0].1),
        series[1].0,
        describe(&series[1].1)
    );
    let chart = bars(
        &BarsSpec {
            name: "sla-by-priority",
            categories: &categories,
            series: &series,
            y_label: "%",
            format: &percent,
            ceiling: Some(100.0),
            alt,
        },
        palette,
    )
    .map_err(|e| anyhow!(e))?;
    let attainment = |a: &crate::kpi::compute::Attainment| match a.percent {
        Some(p) => format!(
            "{} ({}/{})",
            format.percent(p),
            format.count(a.met as f64),
            format.count(a.total as f64)
        ),
        None => no_data(locale),
    };
    let headers = headers(
        locale,
        &[
            "priority",
            "response_target",
            "response_sla",
            "resolution_target",
            "resolution_sla",
            "created",
            "resolved",
        ],
    );
    let rows = priorities
        .iter()
        .map(|p| {
            vec![
                p.priority.clone(),
                p.response_target_minutes
                    .map(|m| format.duration(m))
                    .unwrap_or_else(|| "—".into()),
                attainment(&p.response_sla),
                p.resolution_target_minutes
                    .map(|m| format.duration(m))
                    .unwrap_or_else(|| "—".into()),
                attainment(&p.resolution_sla),
                format.count(p.created as f64),
                count_or_no_data(p.resolved, format, locale),
            ]
        })
        .collect();
    Ok(Figure {
        title,
        chart,
        table: TableView::numeric(headers, rows),
    })
}

fn share_rows(entries: &[(String, usize)], total: usize, format: Format) -> Vec<Vec<String>> {
    entries
        .iter()
        .map(|(name, count)| {
            vec![
                name.clone(),
                format.count(*count as f64),
                format.percent(100.0 * *count as f64 / total.max(1) as f64),
            ]
        })
        .collect()
}

/// Tickets created by category (largest first, the tail grouped as "other").
pub fn categories(inputs: &PackInputs, palette: &Palette) -> Result<Figure> {
    let locale = inputs.client.locale;
    let mut entries: Vec<(String, usize)> = inputs
        .report
        .metrics
        .volume_by_category
        .iter()
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    entries.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    if entries.len() > 10 {
        let rest: usize = entries[9..].iter().map(|e| e.1).sum();
        let others = entries.len() - 9;
        entries.truncate(9);
        entries.push((
            text(locale, "volume-others", &[("others", others.into())]),
            rest,
        ));
    }
    count_figure(
        inputs,
        palette,
        &entries,
        ("volume-by-category", "volume_by_category", "category"),
        false,
    )
}

/// A horizontal bar chart of ticket counts, with its table of counts and shares.
fn count_figure(
    inputs: &PackInputs,
    palette: &Palette,
    entries: &[(String, usize)],
    names: (&str, &'static str, &'static str),
    share_in_label: bool,
) -> Result<Figure> {
    let (file, title_key, column_key) = names;
    let locale = inputs.client.locale;
    let format = Format::new(locale);
    let total = inputs.report.metrics.created;
    let rows: Vec<(String, f64)> = entries
        .iter()
        .map(|(k, v)| (k.clone(), *v as f64))
        .collect();
    let shown = move |v: f64| {
        if share_in_label {
            format!(
                "{} ({})",
                format.count(v),
                format.percent(100.0 * v / total.max(1) as f64)
            )
        } else {
            format.count(v)
        }
    };
    let title = label(locale, title_key).to_string();
    let listed: Vec<String> = entries.iter().map(|(k, v)| format!("{k} {v}")).collect();
    let alt = format!("{title}: {}.", listed.join(", "));
    let chart = horizontal(
        &HorizontalSpec {
            name: file,
            rows: &rows,
            format: &shown,
            alt,
        },
        palette,
    )
    .map_err(|e| anyhow!(e))?;
    let headers = vec![
        label(locale, column_key).to_string(),
        label(locale, "tickets").to_string(),
        label(locale, "share").to_string(),
    ];
    Ok(Figure {
        title,
        chart,
        table: TableView::numeric(headers, share_rows(entries, total, format)),
    })
}

/// The priority mix of tickets created.
pub fn priorities(inputs: &PackInputs, palette: &Palette) -> Result<Figure> {
    let entries: Vec<(String, usize)> = inputs
        .report
        .metrics
        .volume_by_priority
        .iter()
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    count_figure(
        inputs,
        palette,
        &entries,
        ("priority-mix", "priority_mix", "priority"),
        true,
    )
}

/// Backlog and overdue-open tickets at the end of each of the last six months.
pub fn backlog(engine: &mut Engine, inputs: &PackInputs, palette: &Palette) -> Result<Figure> {
    let locale = inputs.client.locale;
    let format = Format::new(locale);
    let last_month = *inputs
        .period
        .months()
        .last()
        .unwrap_or(&Period::Month(2000, 1));
    let months = last_month.trailing(6);
    let all = Default::default();
    let figures: Vec<(Option<usize>, Option<usize>)> = months
        .iter()
        .map(|m| {
            let metrics = engine.standard(*m, &all);
            (metrics.backlog, metrics.overdue_open)
        })
        .collect();
    let categories: Vec<String> = months
        .iter()
        .map(|m| match m {
            Period::Month(y, n) => format!("{} {}", format.month_short(*n), y % 100),
            other => format.period(*other),
        })
        .collect();
    let series = vec![
        (
            label(locale, "open_tickets").to_string(),
            figures.iter().map(|f| f.0.map(|v| v as f64)).collect(),
        ),
        (
            label(locale, "overdue").to_string(),
            figures.iter().map(|f| f.1.map(|v| v as f64)).collect(),
        ),
    ];
    let count = move |v: f64| format.count(v);
    let title = label(locale, "backlog").to_string();
    let alt = format!(
        "{title}: {}.",
        categories
            .iter()
            .zip(&figures)
            .map(|(c, f)| format!(
                "{c} {} ({} {})",
                count_or_no_data(f.0, format, locale),
                count_or_no_data(f.1, format, locale),
                label(locale, "overdue").to_lowercase()
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let chart = bars(
        &BarsSpec {
            name: "backlog",
            categories: &categories,
            series: &series,
            y_label: label(locale, "tickets"),
            format: &count,
            ceiling: None,
            alt,
        },
        palette,
    )
    .map_err(|e| anyhow!(e))?;
    let headers = vec![
        label(locale, "month").to_string(),
        label(locale, "open_tickets").to_string(),
        label(locale, "overdue").to_string(),
    ];
    let rows = categories
        .iter()
        .zip(&figures)
        .map(|(c, f)| {
            vec![
                c.clone(),
                count_or_no_data(f.0, format, locale),
                count_or_no_data(f.1, format, locale),
            ]
        })
        .collect();
    Ok(Figure {
        title,
        chart,
        table: TableView::numeric(headers, rows),
    })
}

/// CSAT figures of the quarter.
#[derive(Debug, Clone, Serialize)]
pub struct CsatView {
    /// Mean score (`4.61 / 5`).
    pub mean: String,
    /// Share satisfied.
    pub satisfied: String,
    /// Responses.
    pub responses: String,
    /// Threshold description (`score ≥ 4`).
    pub threshold: String,
    /// Status against the client's CSAT target, if any.
    pub status: Option<StatusView>,
    /// Trend over the last quarters.
    pub trend: Option<Figure>,
}

/// The CSAT section.
pub fn csat(inputs: &PackInputs, trend: Option<Figure>) -> CsatView {
    let locale = inputs.client.locale;
    let format = Format::new(locale);
    let c = &inputs.report.metrics.csat;
    CsatView {
        mean: c
            .mean
            .map(|m| {
                format!(
                    "{} / {}",
                    format.number(m, 2),
                    format.number(c.scale_max, 0)
                )
            })
            .unwrap_or_else(|| no_data(locale)),
        satisfied: c
            .satisfied_percent
            .map(|p| format.percent(p))
            .unwrap_or_else(|| no_data(locale)),
        responses: format.count(c.responses as f64),
        threshold: format!("≥ {}", format.number(c.satisfied_at, 0)),
        status: judge_metric(inputs.client, "csat.mean", c.mean).map(|s| status_view(s, locale)),
        trend,
    }
}

/// The list of breaches.
#[derive(Debug, Clone, Serialize)]
pub struct BreachesView {
    /// Every breach (at most 2,000), largest overrun first; the HTML shows the first rows.
    pub table: TableView,
    /// The same, compact, for print; the PDF shows the first rows.
    pub top: TableView,
    /// Breaches by priority and target.
    pub by_priority: TableView,
    /// Number of breaches in all.
    pub total: usize,
    /// Note when a template shows fewer rows than there are; `{limit}` is its number of rows.
    pub note: String,
    /// The same for the compact list.
    pub top_note: String,
}

/// Breaches of the quarter, largest overrun first.
pub fn breaches(inputs: &PackInputs) -> BreachesView {
    let locale = inputs.client.locale;
    let format = Format::new(locale);
    let tz = inputs.client.tz;
    let when = |ms: i64| format.date_time(utc_ms_to_local(tz, ms));
    let columns = headers(
        locale,
        &[
            "ticket",
            "priority",
            "target_kind",
            "opened",
            "ended",
            "elapsed",
            "target",
            "over_by",
        ],
    );
    let list = &inputs.report.breaches;
    let rows = list
        .iter()
        .take(MAX_BREACH_ROWS)
        .map(|b| {
            let ticket = match &b.title {
                Some(title) => format!("{} — {title}", b.id),
                None => b.id.clone(),
            };
            vec![
                ticket,
                b.priority.clone().unwrap_or_default(),
                label(locale, b.target).to_string(),
                when(b.created),
                b.ended
                    .map(when)
                    .unwrap_or_else(|| label(locale, "still_open").to_string()),
                format.duration(b.elapsed_minutes),
                format.duration(b.target_minutes),
                format.duration(b.over_by_minutes),
            ]
        })
        .collect();
    let mut table = TableView::numeric(columns, rows);
    table.align = vec![
        "left", "left", "left", "left", "left", "right", "right", "right",
    ];
    // In print, a compact list: one line per ticket (title shortened), opening date, and the
    // time and overrun on the clock; the HTML and breaches.csv keep every detail. How many rows
    // each shows is the template's choice.
    let short = |text: &str| crate::render::text::shortened(text, 38);
    let top = TableView {
        headers: headers(
            locale,
            &[
                "ticket",
                "priority",
                "target_kind",
                "opened",
                "elapsed",
                "over_by",
            ],
        ),
        rows: list
            .iter()
            .take(MAX_BREACH_ROWS)
            .map(|b| {
                let ticket = match &b.title {
                    Some(title) => short(&format!("{} {title}", b.id)),
                    None => b.id.clone(),
                };
                vec![
                    ticket,
                    b.priority.clone().unwrap_or_default(),
                    label(locale, b.target).to_string(),
                    when(b.created),
                    format.duration(b.elapsed_minutes),
                    format.duration(b.over_by_minutes),
                ]
            })
            .collect(),
        align: vec!["left", "left", "left", "left", "right", "right"],
    };
    let total = format.count(list.len() as f64);
    let note = |id: &str| {
        text(
            locale,
            id,
            &[("limit", "{limit}".into()), ("total", total.clone().into())],
        )
    };
    BreachesView {
        by_priority: breach_counts(inputs),
        table,
        top,
        total: list.len(),
        note: note("breaches-note"),
        top_note: note("breaches-top-note"),
    }
}

/// Breaches counted by priority and target.
fn breach_counts(inputs: &PackInputs) -> TableView {
    let locale = inputs.client.locale;
    let format = Format::new(locale);
    let mut counts: std::collections::BTreeMap<String, (usize, usize, usize)> =
        std::collections::BTreeMap::new();
    for b in &inputs.report.breaches {
        let entry = counts
            .entry(b.priority.clone().unwrap_or_else(|| "—".into()))
            .or_default();
        match (b.target, b.open) {
            ("response", _) => entry.0 += 1,
            (_, false) => entry.1 += 1,
            (_, true) => entry.2 += 1,
        }
    }
    let headers = vec![
        label(locale, "priority").to_string(),
        label(locale, "response").to_string(),
        label(locale, "resolution").to_string(),
        format!(
            "{} ({})",
            label(locale, "resolution"),
            label(locale, "still_open")
        ),
    ];
    let rows = counts
        .into_iter()
        .map(|(p, (r, s, o))| {
            vec![
                p,
                format.count(r as f64),
                format.count(s as f64),
                format.count(o as f64),
            ]
        })
        .collect();
    TableView::numeric(headers, rows)
}

/// A definition in the appendix.
#[derive(Debug, Clone, Serialize)]
pub struct Definition {
    /// KPI or metric name.
    pub name: String,
    /// Definition and counting rule.
    pub text: String,
}

/// The methodology appendix.
#[derive(Debug, Clone, Serialize)]
pub struct Methodology {
    /// Definitions of the KPIs in the pack.
    pub definitions: Vec<Definition>,
    /// Counting rules.
    pub rules: Vec<String>,
    /// Calendars and targets.
    pub targets: TableView,
    /// Calendars in words.
    pub calendars: Vec<String>,
    /// Files read.
    pub sources: TableView,
    /// Rejected and corrected rows.
    pub quality: TableView,
}

/// Message ids of the counting rules the methodology states (see docs/kpis.md).
const RULES: &[&str] = &[
    "rule-1", "rule-2", "rule-3", "rule-4", "rule-5", "rule-6", "rule-7",
];

fn metrics_used(client: &ClientOptions) -> Vec<Metric> {
    let mut used: Vec<Metric> = client
        .csfs
        .iter()
        .flat_map(|c| &c.kpis)
        .filter_map(|k| match k.definition {
            KpiDefinition::Builtin(m) => Some(m),
            _ => None,
        })
        .collect();
    for m in [
        Metric::Volume,
        Metric::ResponseSla,
        Metric::ResolutionSla,
        Metric::Backlog,
        Metric::OverdueOpen,
        Metric::CsatMean,
    ] {
        used.push(m);
    }
    ALL_METRICS
        .iter()
        .copied()
        .filter(|m| used.contains(m))
        .collect()
}

fn counted(kpi: &crate::config::KpiOptions, locale: Locale) -> &'static str {
    match kpi.counts_in {
        crate::config::CountsIn::Created => label(locale, "counted-created"),
        crate::config::CountsIn::Resolved => label(locale, "counted-resolved"),
    }
}

fn filter_text(filter: &crate::config::TicketFilter, locale: Locale) -> String {
    let parts: Vec<String> = [
        ("filter-field-type", &filter.ticket_type),
        ("filter-field-priority", &filter.priority),
        ("filter-field-category", &filter.category),
        ("filter-field-assignment-group", &filter.assignment_group),
        ("filter-field-status", &filter.status),
    ]
    .iter()
    .filter(|(_, values)| !values.is_empty())
    .map(|(name, values)| format!("{} {}", label(locale, name), values.join(" / ")))
    .collect();
    if parts.is_empty() {
        return String::new();
    }
    text(
        locale,
        "filter-text",
        &[("filter", parts.join(", ").into())],
    )
}

fn describe_custom(
    aggregate: &crate::config::CustomAggregate,
    kpi: &crate::config::KpiOptions,
    locale: Locale,
) -> String {
    use crate::config::CustomAggregate;
    let scope = format!(
        "{}{}",
        counted(kpi, locale),
        filter_text(&kpi.filter, locale)
    );
    match aggregate {
        CustomAggregate::Count => text(
            locale,
            "definition-custom-count",
            &[("scope", scope.into())],
        ),
        CustomAggregate::Share(condition) => text(
            locale,
            "definition-custom-share",
            &[
                ("scope", scope.into()),
                ("condition", filter_text(condition, locale).into()),
            ],
        ),
        CustomAggregate::Column { statistic, column } => text(
            locale,
            "definition-custom-column",
            &[
                ("statistic", statistic.clone().into()),
                ("column", column.clone().into()),
                ("scope", scope.into()),
            ],
        ),
    }
}

/// How the client's sources know first-touch resolution, in words.
fn first_touch_rule(client: &ClientOptions) -> String {
    let locale = client.locale;
    let rules = &client.provided.first_touch;
    let parts: Vec<String> = rules
        .iter()
        .map(|rule| match rule {
            FirstTouchRule::Column => label(locale, "first-touch-column").to_string(),
            FirstTouchRule::Off => label(locale, "first-touch-off").to_string(),
            FirstTouchRule::Derived(facts) => {
                let words: Vec<&str> = facts
                    .iter()
                    .map(|f| match f {
                        FirstTouchFact::Reassignments => label(locale, "fact-reassignments"),
                        FirstTouchFact::Escalation => label(locale, "fact-escalation"),
                        FirstTouchFact::Reopens => label(locale, "fact-reopens"),
                    })
                    .collect();
                let list = match words.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        format!("{} {} {last}", rest.join(", "), label(locale, "list-and"))
                    }
                    _ => words.join(""),
                };
                text(locale, "first-touch-derived", &[("facts", list.into())])
            }
        })
        .collect();
    parts.join(" ")
}

/// The methodology appendix.
pub fn methodology(
    inputs: &PackInputs,
    quality: &QualityReport,
    files: &[FileRead],
) -> Methodology {
    let client = inputs.client;
    let locale = client.locale;
    let format = Format::new(locale);
    let mut definitions: Vec<Definition> = metrics_used(client)
        .into_iter()
        .map(|m| Definition {
            name: metric_title(locale, m),
            text: if m == Metric::FirstTouchResolution {
                format!(
                    "{} {}",
                    metric_definition(locale, m),
                    first_touch_rule(client)
                )
            } else {
                metric_definition(locale, m)
            },
        })
        .collect();
    for kpi in client.csfs.iter().flat_map(|c| &c.kpis) {
        let text = match &kpi.definition {
            KpiDefinition::Custom(aggregate) => describe_custom(aggregate, kpi, locale),
            KpiDefinition::Sql(query) => text(
                locale,
                "definition-custom-sql",
                &[
                    ("counted", counted(kpi, locale).into()),
                    ("filter", filter_text(&kpi.filter, locale).into()),
                    ("query", query.clone().into()),
                ],
            ),
            KpiDefinition::Measurement(m) => {
                let maintenance = m
                    .maintenance
                    .as_ref()
                    .map(|(name, _)| name.clone())
                    .unwrap_or_default();
                let key = if m.maintenance.is_some() {
                    format!("definition-measurement-{}-maintenance", m.aggregate.key())
                } else {
                    format!("definition-measurement-{}", m.aggregate.key())
                };
                text(
                    locale,
                    &key,
                    &[
                        ("measure", m.name.clone().into()),
                        ("maintenance", maintenance.into()),
                    ],
                )
            }
            KpiDefinition::Builtin(_) => continue,
        };
        definitions.push(Definition {
            name: kpi.name.clone(),
            text,
        });
    }
    let headers = headers(
        locale,
        &[
            "priority",
            "response_target",
            "resolution_target",
            "calendars",
        ],
    );
    let rows = client
        .sla
        .targets
        .iter()
        .map(|(p, t)| {
            vec![
                p.clone(),
                t.response_minutes
                    .map(|m| format.duration(m))
                    .unwrap_or_else(|| "—".into()),
                t.resolution_minutes
                    .map(|m| format.duration(m))
                    .unwrap_or_else(|| "—".into()),
                t.calendar.name.clone(),
            ]
        })
        .collect();
    let mut targets = TableView::numeric(headers, rows);
    targets.align = vec!["left", "right", "right", "left"];
    let mut calendars: Vec<String> = Vec::new();
    for t in client
        .sla
        .targets
        .values()
        .map(|t| &t.calendar)
        .chain(std::iter::once(&client.sla.fallback.calendar))
    {
        let line = format!("{}: {} ({})", t.name, t.describe(), client.tz.name());
        if !calendars.contains(&line) {
            calendars.push(line);
        }
    }
    // Maintenance windows of availability KPIs are calendars too.
    for kpi in client.csfs.iter().flat_map(|c| &c.kpis) {
        if let KpiDefinition::Measurement(m) = &kpi.definition
            && let Some((name, calendar)) = &m.maintenance
        {
            let line = format!("{name}: {} ({})", calendar.describe(), client.tz.name());
            if !calendars.contains(&line) {
                calendars.push(line);
            }
        }
    }
    let sources = TableView {
        headers: vec![
            label(locale, "file").to_string(),
            label(locale, "rows").to_string(),
            label(locale, "checksum").to_string(),
        ],
        rows: files
            .iter()
            .map(|f| {
                vec![
                    f.file.clone(),
                    format.count(f.rows as f64),
                    f.sha256.clone(),
                ]
            })
            .collect(),
        align: vec!["left", "right", "left"],
    };
    let summaries = quality.summarize(Some(&client.id));
    let quality_rows = summaries
        .iter()
        .filter(|s| s.severity != Severity::Ignored || s.count > 0)
        .map(|s| {
            vec![
                s.description.to_string(),
                format.count(s.count as f64),
                s.example.clone(),
            ]
        })
        .collect();
    let quality = TableView {
        headers: vec![
            label(locale, "reason").to_string(),
            label(locale, "count").to_string(),
            label(locale, "example").to_string(),
        ],
        rows: quality_rows,
        align: vec!["left", "right", "left"],
    };
    Methodology {
        definitions,
        rules: RULES.iter().map(|r| label(locale, r).to_string()).collect(),
        targets,
        calendars,
        sources,
        quality,
    }
}

/// The executive summary: overall status, headline figures, what improved and what needs
/// attention, and the SDM's commentary.
pub fn summary_section(context: &mut SectionContext) -> Result<Value> {
    let inputs = context.inputs;
    let tiles = tiles(inputs.client, inputs.report, inputs.period);
    view(&crate::pack::summary::summary(
        inputs.client,
        inputs.report,
        inputs.commentary.clone(),
        tiles,
    ))
}

/// The CSF scorecard: each KPI this period, the previous one, the change, a year earlier, the
/// target and the status.
pub fn scorecard_section(context: &mut SectionContext) -> Result<Value> {
    let inputs = context.inputs;
    let csfs = crate::pack::model::scorecard(context.engine, inputs)?;
    let format = context.format();
    let period = inputs.period;
    Ok(serde_json::json!({
        "csfs": csfs,
        "columns": [
            format.period(period),
            format.period(period.previous()),
            format.period(period.year_earlier()),
        ],
        "note": comparison_note(inputs.client, inputs.presented),
    }))
}

/// Every KPI over the level's trend periods, and the headline trend charts.
pub fn trends_section(context: &mut SectionContext) -> Result<Value> {
    let inputs = context.inputs;
    let periods = inputs.period.trailing(inputs.level.trend);
    let trend = crate::pack::model::trend_table(context.engine, inputs, &periods)?;
    let lines = headlines(context.engine, inputs.client, &periods);
    let mut figures = Vec::new();
    for line in lines.iter().filter(|h| h.name != "trend-csat") {
        let figure = headline_figure(line, &periods, inputs, context.palette)?;
        context.keep(&figure);
        figures.push(figure);
    }
    Ok(serde_json::json!({ "table": trend.table, "summary": trend.summary, "figures": figures }))
}

/// The months of the period, one row each, and the period as a total row.
pub fn monthly_section(context: &mut SectionContext) -> Result<Value> {
    let inputs = context.inputs;
    view(&monthly(context.engine, inputs.client, inputs.period))
}

/// SLA attainment by priority.
pub fn sla_section(context: &mut SectionContext) -> Result<Value> {
    let figure = sla_by_priority(context.inputs, context.palette)?;
    context.keep(&figure);
    view(&figure)
}

/// Tickets by category and the priority mix.
pub fn volume_section(context: &mut SectionContext) -> Result<Value> {
    let by_category = categories(context.inputs, context.palette)?;
    let mix = priorities(context.inputs, context.palette)?;
    context.keep(&by_category);
    context.keep(&mix);
    Ok(serde_json::json!({ "categories": by_category, "priorities": mix }))
}

/// Backlog at the last month-ends.
pub fn backlog_section(context: &mut SectionContext) -> Result<Value> {
    let figure = backlog(context.engine, context.inputs, context.palette)?;
    context.keep(&figure);
    view(&figure)
}

/// Customer satisfaction, with its trend.
pub fn csat_section(context: &mut SectionContext) -> Result<Value> {
    let inputs = context.inputs;
    let periods = inputs.period.trailing(inputs.level.trend);
    let lines = headlines(context.engine, inputs.client, &periods);
    let trend = match lines.iter().find(|h| h.name == "trend-csat") {
        Some(line) => {
            let figure = headline_figure(line, &periods, inputs, context.palette)?;
            context.keep(&figure);
            Some(figure)
        }
        None => None,
    };
    view(&csat(inputs, trend))
}

/// The SLA breaches of the period.
pub fn breaches_section(context: &mut SectionContext) -> Result<Value> {
    view(&breaches(context.inputs))
}

/// The methodology appendix.
pub fn methodology_section(context: &mut SectionContext) -> Result<Value> {
    let inputs = context.inputs;
    view(&methodology(
        inputs,
        inputs.quality,
        &inputs.report.data_quality.files,
    ))
}

/// The summary's headline figures with their change on the previous period.
fn tiles(client: &ClientOptions, report: &KpiReport, period: Period) -> Vec<Tile> {
    let locale = client.locale;
    let format = Format::new(locale);
    let (m, p) = (&report.metrics, &report.previous_metrics);
    let tile =
        |key: &'static str, metric: &str, value: Option<f64>, previous: Option<f64>, unit: Unit| {
            Tile {
                label: label(locale, key).to_string(),
                value: value
                    .map(|v| format.value(v, unit))
                    .unwrap_or_else(|| label(locale, "no_data").to_string()),
                change: value
                    .zip(previous)
                    .map(|(a, b)| {
                        format!(
                            "{} · {}",
                            format.change_between(a, b, unit),
                            format.period(period.previous())
                        )
                    })
                    .unwrap_or_default(),
                status: judge_metric(client, metric, value).map(|s| status_view(s, locale)),
            }
        };
    let count = |v: Option<usize>| v.map(|v| v as f64);
    vec![
        tile(
            "response_sla",
            "response_sla",
            m.response_sla.percent,
            p.response_sla.percent,
            Unit::Percent,
        ),
        tile(
            "resolution_sla",
            "resolution_sla",
            m.resolution_sla.percent,
            p.resolution_sla.percent,
            Unit::Percent,
        ),
        tile(
            "median_resolution",
            "resolution_time.median",
            m.resolution_time.median,
            p.resolution_time.median,
            Unit::Minutes,
        ),
        tile(
            "created",
            "volume",
            Some(m.created as f64),
            Some(p.created as f64),
            Unit::Count,
        ),
        tile(
            "backlog_end",
            "backlog",
            count(m.backlog),
            count(p.backlog),
            Unit::Count,
        ),
        tile(
            "csat_mean",
            "csat.mean",
            m.csat.mean,
            p.csat.mean,
            Unit::Score,
        ),
    ]
}

/// Headline trends over `periods`: built-in figures with the target of the client's KPI on
/// each metric, when it has one.
fn headlines(engine: &mut Engine, client: &ClientOptions, periods: &[Period]) -> Vec<Headline> {
    let all = Default::default();
    let mut series =
        |f: &dyn Fn(&crate::kpi::compute::StandardMetrics) -> Option<f64>| -> Vec<Option<f64>> {
            periods
                .iter()
                .map(|q| f(engine.standard(*q, &all)))
                .collect()
        };
    let locale = client.locale;
    let make =
        |name: &'static str, key: &'static str, metric: &str, values: Vec<Option<f64>>, unit| {
            let (target, direction) = match metric_target(client, metric) {
                Some((t, d)) => (Some(t), d),
                None => (
                    None,
                    Metric::parse(metric)
                        .and_then(|m| m.default_direction())
                        .unwrap_or(crate::config::Direction::Lower),
                ),
            };
            Headline {
                name,
                title: label(locale, key).to_string(),
                values,
                unit,
                target,
                direction,
            }
        };
    vec![
        make(
            "trend-response-sla",
            "response_sla",
            "response_sla",
            series(&|m| m.response_sla.percent),
            Unit::Percent,
        ),
        make(
            "trend-resolution-sla",
            "resolution_sla",
            "resolution_sla",
            series(&|m| m.resolution_sla.percent),
            Unit::Percent,
        ),
        make(
            "trend-median-resolution",
            "median_resolution",
            "resolution_time.median",
            series(&|m| m.resolution_time.median),
            Unit::Minutes,
        ),
        make(
            "trend-volume",
            "created",
            "volume",
            series(&|m| Some(m.created as f64)),
            Unit::Count,
        ),
        make(
            "trend-csat",
            "csat_mean",
            "csat.mean",
            series(&|m| m.csat.mean),
            Unit::Score,
        ),
    ]
}

/// The footnote about where comparison values come from.
fn comparison_note(client: &ClientOptions, presented: &Presented) -> String {
    let id = if presented.by_period.is_empty() {
        "comparison-note-none-published"
    } else {
        "comparison-note-some-published"
    };
    label(client.locale, id).to_string()
}
