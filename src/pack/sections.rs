//! The sections of a QBR after the scorecard: monthly breakdown, SLA by priority, volume,
//! backlog, CSAT, breaches and the methodology appendix.

use anyhow::{Result, anyhow};
use serde::Serialize;

use super::locale::{Format, label};
use super::model::{Figure, PackInputs, StatusView, TableView, judge_metric, status_view};
use crate::charts::{BarsSpec, HorizontalSpec, Palette, bars, horizontal};
use crate::config::{ClientOptions, KpiDefinition, Locale, Unit};
use crate::data::quality::{FileRead, QualityReport, Severity};
use crate::kpi::Engine;
use crate::kpi::metrics::{ALL_METRICS, Metric};
use crate::period::{Period, PeriodKind};
use crate::tz::utc_ms_to_local;

fn no_data(locale: Locale) -> String {
    label(locale, "no_data").to_string()
}

fn count_or_no_data(value: Option<usize>, format: Format, locale: Locale) -> String {
    value
        .map(|v| format.count(v as f64))
        .unwrap_or_else(|| no_data(locale))
}

fn opt(value: Option<f64>, unit: Unit, format: Format, locale: Locale) -> String {
    value
        .map(|v| format.value(v, unit))
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
    let headers = keys.iter().map(|k| label(locale, k).to_string()).collect();
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
            opt(m.response_sla.percent, Unit::Percent, format, locale),
            opt(m.resolution_sla.percent, Unit::Percent, format, locale),
            opt(m.response_time.median, Unit::Minutes, format, locale),
            opt(m.resolution_time.median, Unit::Minutes, format, locale),
            count_or_no_data(m.backlog, format, locale),
            opt(m.csat.mean, Unit::Score, format, locale),
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
    let headers = [
        "priority",
        "response_target",
        "response_sla",
        "resolution_target",
        "resolution_sla",
        "created",
        "resolved",
    ]
    .iter()
    .map(|k| label(locale, k).to_string())
    .collect();
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
            format!(
                "{others} {}",
                if locale == Locale::ItIt {
                    "altre"
                } else {
                    "others"
                }
            ),
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
    names: (&str, &str, &str),
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
    /// The table (at most 200 rows; the HTML shows it).
    pub table: TableView,
    /// The largest overruns (the PDF shows them).
    pub top: TableView,
    /// Breaches by priority and target.
    pub by_priority: TableView,
    /// Number of breaches in all.
    pub total: usize,
    /// Note when the table is cut.
    pub note: String,
    /// Note about the largest overruns shown in print.
    pub top_note: String,
}

/// Breaches of the quarter, largest overrun first.
pub fn breaches(inputs: &PackInputs) -> BreachesView {
    let locale = inputs.client.locale;
    let format = Format::new(locale);
    let tz = inputs.client.tz;
    let when = |ms: i64| format.date_time(utc_ms_to_local(tz, ms));
    let headers = [
        "ticket",
        "priority",
        "target_kind",
        "opened",
        "ended",
        "elapsed",
        "target",
        "over_by",
    ]
    .iter()
    .map(|k| label(locale, k).to_string())
    .collect();
    const LIMIT: usize = 200;
    let list = &inputs.report.breaches;
    let rows = list
        .iter()
        .take(LIMIT)
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
    let mut table = TableView::numeric(headers, rows);
    table.align = vec![
        "left", "left", "left", "left", "left", "right", "right", "right",
    ];
    let note = if list.len() > LIMIT {
        match locale {
            Locale::ItIt => format!(
                "Mostrate le prime {LIMIT} di {} violazioni; l'elenco completo è in breaches.csv.",
                list.len()
            ),
            _ => format!(
                "The first {LIMIT} of {} breaches are shown; the full list is in breaches.csv.",
                list.len()
            ),
        }
    } else {
        String::new()
    };
    const TOP: usize = 30;
    // In print, a compact list: one line per ticket (title shortened), opening date, and the
    // time and overrun on the clock; the HTML and breaches.csv keep every detail.
    let short = |text: &str| -> String {
        if text.chars().count() <= 38 {
            text.to_string()
        } else {
            format!("{}…", text.chars().take(37).collect::<String>().trim_end())
        }
    };
    let top = TableView {
        headers: [
            "ticket",
            "priority",
            "target_kind",
            "opened",
            "elapsed",
            "over_by",
        ]
        .iter()
        .map(|k| label(locale, k).to_string())
        .collect(),
        rows: list
            .iter()
            .take(TOP)
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
    let top_note = if list.len() > TOP {
        match locale {
            Locale::ItIt => format!(
                "Le {TOP} violazioni con lo sforamento maggiore su {}; l'elenco completo è nel pacchetto HTML e in breaches.csv.",
                list.len()
            ),
            _ => format!(
                "The {TOP} largest overruns of {} breaches; the full list is in the HTML pack and in breaches.csv.",
                list.len()
            ),
        }
    } else {
        String::new()
    };
    BreachesView {
        by_priority: breach_counts(inputs),
        table,
        top,
        total: list.len(),
        note,
        top_note,
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

/// Counting rules, in English (the methodology states them precisely; see docs/kpis.md).
const RULES: &[&str] = &[
    "Periods are half-open, [start, end), from local midnight in the client's time zone; a ticket resolved exactly at the end belongs to the next period.",
    "Volume and response KPIs count a ticket in the period it was created; resolution KPIs (resolution time and SLA, first-touch, escalation, reopen rates, CSAT on tickets) in the period it was resolved.",
    "SLA clocks run on the calendar of the ticket's priority (24×7, or business hours with holidays) in the client's time zone, across daylight-saving changes, and stop while the ticket waits in a status that pauses that target.",
    "Met means time ≤ target; breached means time > target. A ticket with no response that is already past its target at the cut-off (period end, or the as-of date if earlier) counts as breached; one not yet due is left out.",
    "Backlog: tickets created before the cut-off and not resolved at that instant. Overdue: backlog tickets already past their resolution target.",
    "Medians and 90th percentiles interpolate linearly between closest ranks. A KPI without data is shown as \"no data\", never as 0.",
    "Comparison columns show the values presented at the published review of that period where one exists, and otherwise values recomputed from the current data.",
];

const RULES_IT: &[&str] = &[
    "I periodi sono semiaperti, [inizio, fine), dalla mezzanotte locale nel fuso orario del cliente; un ticket risolto esattamente alla fine appartiene al periodo successivo.",
    "I KPI di volume e di risposta contano un ticket nel periodo di apertura; quelli di risoluzione (tempo e SLA di risoluzione, risoluzione al primo contatto, escalation, riaperture, CSAT sui ticket) nel periodo di risoluzione.",
    "Gli orologi SLA seguono il calendario della priorità del ticket (24×7, o orario lavorativo con festività) nel fuso orario del cliente, attraverso i cambi dell'ora legale, e si fermano negli stati che sospendono quell'obiettivo.",
    "Raggiunto significa tempo ≤ obiettivo; violato significa tempo > obiettivo. Un ticket senza risposta già oltre l'obiettivo al termine di riferimento (fine periodo, o data di aggiornamento se precedente) conta come violato; uno non ancora scaduto è escluso.",
    "Arretrato: ticket aperti prima del termine di riferimento e non risolti in quell'istante. Scaduti: ticket in arretrato già oltre l'obiettivo di risoluzione.",
    "Mediane e 90° percentili interpolano linearmente tra i ranghi più vicini. Un KPI senza dati è indicato come \"nessun dato\", mai come 0.",
    "Le colonne di confronto riportano i valori presentati alla revisione pubblicata di quel periodo, ove esista, altrimenti valori ricalcolati dai dati attuali.",
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
    match (kpi.counts_in, locale) {
        (crate::config::CountsIn::Created, Locale::ItIt) => "aperti",
        (crate::config::CountsIn::Resolved, Locale::ItIt) => "risolti",
        (crate::config::CountsIn::Created, _) => "created",
        (crate::config::CountsIn::Resolved, _) => "resolved",
    }
}

fn filter_text(filter: &crate::config::TicketFilter, locale: Locale) -> String {
    let parts: Vec<String> = [
        ("type", &filter.ticket_type),
        ("priority", &filter.priority),
        ("category", &filter.category),
        ("assignment group", &filter.assignment_group),
        ("status", &filter.status),
    ]
    .iter()
    .filter(|(_, values)| !values.is_empty())
    .map(|(name, values)| format!("{name} {}", values.join(" / ")))
    .collect();
    if parts.is_empty() {
        return String::new();
    }
    match locale {
        Locale::ItIt => format!(" (filtro: {})", parts.join(", ")),
        _ => format!(" (filter: {})", parts.join(", ")),
    }
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
    match (aggregate, locale) {
        (CustomAggregate::Count, Locale::ItIt) => format!("Numero di ticket {scope} nel periodo."),
        (CustomAggregate::Count, _) => format!("Number of tickets {scope} in the period."),
        (CustomAggregate::Share(condition), Locale::ItIt) => format!(
            "Quota dei ticket {scope} nel periodo che soddisfano{}.",
            filter_text(condition, locale)
        ),
        (CustomAggregate::Share(condition), _) => format!(
            "Share of the tickets {scope} in the period that match{}.",
            filter_text(condition, locale)
        ),
        (CustomAggregate::Column { statistic, column }, Locale::ItIt) => {
            format!("{statistic} di {column} sui ticket {scope} nel periodo.")
        }
        (CustomAggregate::Column { statistic, column }, _) => {
            format!("{statistic} of {column} over the tickets {scope} in the period.")
        }
    }
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
            name: m.title_in(locale),
            text: m.definition_in(locale).to_string(),
        })
        .collect();
    for kpi in client.csfs.iter().flat_map(|c| &c.kpis) {
        let text = match &kpi.definition {
            KpiDefinition::Custom(aggregate) => describe_custom(aggregate, kpi, locale),
            KpiDefinition::Sql(query) => match locale {
                Locale::ItIt => format!(
                    "KPI personalizzato calcolato in SQL sui ticket {} del periodo{}: {query}",
                    counted(kpi, locale),
                    filter_text(&kpi.filter, locale)
                ),
                _ => format!(
                    "Custom KPI computed by SQL over the tickets {} in the period{}: {query}",
                    counted(kpi, locale),
                    filter_text(&kpi.filter, locale)
                ),
            },
            KpiDefinition::Builtin(_) => continue,
        };
        definitions.push(Definition {
            name: kpi.name.clone(),
            text,
        });
    }
    let headers = ["priority", "response_target", "resolution_target"]
        .iter()
        .map(|k| label(locale, k).to_string())
        .chain(std::iter::once(label(locale, "calendars").to_string()))
        .collect();
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
    let rules = if locale == Locale::ItIt {
        RULES_IT
    } else {
        RULES
    };
    Methodology {
        definitions,
        rules: rules.iter().map(|r| r.to_string()).collect(),
        targets,
        calendars,
        sources,
        quality,
    }
}
