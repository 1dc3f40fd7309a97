//! The KPI results of one client and period, as `kpis --format json` writes them
//! (schema `reviewpack.kpis/1`, documented in `docs/kpis-json.md`).

use serde::Serialize;

use super::compute::{Breach, StandardMetrics, breaches};
use super::{Engine, Status, judge, roll_up};
use crate::config::{CountsIn, Direction, Input, KpiDefinition, KpiOptions, TicketFilter, Unit};
use crate::data::quality::{QualityReport, ReasonSummary};
use crate::period::Period;
use crate::tz::format_local_rfc3339;

/// Schema identifier of the JSON output.
pub const SCHEMA: &str = "reviewpack.kpis/1";

/// The client.
#[derive(Debug, Clone, Serialize)]
pub struct ClientInfo {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// IANA zone.
    pub timezone: String,
    /// Locale tag.
    pub locale: String,
}

/// A period and its bounds.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodInfo {
    /// `2026-Q3`.
    pub label: String,
    /// `quarter`.
    pub kind: &'static str,
    /// First instant, RFC 3339 with the client's offset.
    pub start: String,
    /// First instant after the period.
    pub end: String,
}

/// One KPI's result.
#[derive(Debug, Clone, Serialize)]
pub struct KpiResult {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Built-in metric key, or `custom` / `sql`.
    pub metric: String,
    /// Unit of the values.
    pub unit: Unit,
    /// Better direction.
    pub direction: Direction,
    /// Which tickets a period selects.
    pub counts_in: CountsIn,
    /// Filter applied.
    pub filter: TicketFilter,
    /// Target.
    pub target: Option<f64>,
    /// At-risk margin beyond the target.
    pub at_risk_band: Option<f64>,
    /// Value this period.
    pub value: Option<f64>,
    /// Value the previous period.
    pub previous: Option<f64>,
    /// `value − previous`.
    pub change: Option<f64>,
    /// Status this period.
    pub status: Status,
    /// Status the previous period.
    pub previous_status: Status,
    /// Tickets behind the value.
    pub sample_size: usize,
    /// Tickets behind the previous value.
    pub previous_sample_size: usize,
    /// Why the KPI has no value whatever the period: the input it needs that no source
    /// provides (`null` when every input is provided).
    pub missing_input: Option<MissingInput>,
}

/// An input no source of the client provides.
#[derive(Debug, Clone, Serialize)]
pub struct MissingInput {
    /// The input (`first_response`, `resolution`, `csat`, …).
    pub input: Input,
    /// How to provide it.
    pub how: &'static str,
}

impl MissingInput {
    fn of(input: Input) -> Self {
        Self {
            input,
            how: input.how(),
        }
    }
}

/// What the client's sources provide, and the built-in metrics that are "no data" for lack of
/// an input.
#[derive(Debug, Clone, Serialize)]
pub struct InputsReport {
    /// Inputs provided.
    pub provided: Vec<Input>,
    /// How first-touch resolution is known, per ticket source.
    pub first_touch: Vec<crate::config::FirstTouchRule>,
    /// Built-in metrics without an input, by metric key.
    pub unavailable: std::collections::BTreeMap<String, MissingInput>,
}

/// The inputs report of a client.
pub fn inputs_report(client: &crate::config::ClientOptions) -> InputsReport {
    let provided = &client.provided;
    InputsReport {
        provided: provided.inputs.iter().copied().collect(),
        first_touch: provided.first_touch.clone(),
        unavailable: crate::kpi::metrics::ALL_METRICS
            .iter()
            .filter_map(|m| {
                provided
                    .missing(m.needs())
                    .map(|i| (m.key(), MissingInput::of(i)))
            })
            .collect(),
    }
}

/// One CSF's result.
#[derive(Debug, Clone, Serialize)]
pub struct CsfResult {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Worst KPI status.
    pub status: Status,
    /// KPIs.
    pub kpis: Vec<KpiResult>,
}

/// Data quality as it concerns this client.
#[derive(Debug, Clone, Serialize)]
pub struct DataQuality {
    /// Data rows read from all files.
    pub rows_read: usize,
    /// Tickets of this client accepted.
    pub tickets_accepted: usize,
    /// Rows of this client rejected.
    pub rejected: u64,
    /// Rows of this client with warnings.
    pub warnings: u64,
    /// Rows rejected that belong to no known client (e.g. missing client).
    pub unattributed_rejected: u64,
    /// By reason.
    pub reasons: Vec<ReasonSummary>,
    /// Files read, with checksums.
    pub files: Vec<crate::data::quality::FileRead>,
}

/// All KPI results of one client and period.
#[derive(Debug, Clone, Serialize)]
pub struct KpiReport {
    /// Schema id.
    pub schema: &'static str,
    /// Tool and version.
    pub generator: String,
    /// Client.
    pub client: ClientInfo,
    /// Period.
    pub period: PeriodInfo,
    /// Previous period (for `previous` values).
    pub previous_period: PeriodInfo,
    /// As-of date-time.
    pub as_of: String,
    /// Cut-off instant for unanswered tickets, backlog and overdue.
    pub cutoff: String,
    /// CSFs and their KPIs.
    pub csfs: Vec<CsfResult>,
    /// Every built-in figure for the period.
    pub metrics: StandardMetrics,
    /// Every built-in figure for the previous period.
    pub previous_metrics: StandardMetrics,
    /// What the client's sources provide, and which metrics are "no data" for lack of input.
    pub inputs: InputsReport,
    /// Tickets that missed a target.
    pub breaches: Vec<Breach>,
    /// Data quality.
    pub data_quality: DataQuality,
}

fn period_info(engine: &Engine, period: Period) -> PeriodInfo {
    let bounds = engine.bounds(period);
    let tz = engine.client().tz;
    PeriodInfo {
        label: period.to_string(),
        kind: period.kind().name(),
        start: format_local_rfc3339(tz, bounds.start),
        end: format_local_rfc3339(tz, bounds.end),
    }
}

fn metric_name(kpi: &KpiOptions) -> String {
    match &kpi.definition {
        KpiDefinition::Builtin(metric) => metric.key(),
        KpiDefinition::Custom(_) => "custom".to_string(),
        KpiDefinition::Sql(_) => "sql".to_string(),
        KpiDefinition::Measurement(m) => format!("measurement.{}", m.aggregate.key()),
    }
}

/// Evaluates one KPI for a period and the period before.
pub fn kpi_result(
    engine: &mut Engine,
    kpi: &KpiOptions,
    period: Period,
    previous: Period,
) -> Result<KpiResult, String> {
    let current = engine.measure(kpi, period)?;
    let before = engine.measure(kpi, previous)?;
    let at_risk_band = kpi.target.map(|t| kpi.at_risk.unwrap_or(t.abs() * 0.1));
    Ok(KpiResult {
        id: kpi.id.clone(),
        name: kpi.name.clone(),
        metric: metric_name(kpi),
        unit: kpi.unit,
        direction: kpi.direction,
        counts_in: kpi.counts_in,
        filter: kpi.filter.clone(),
        target: kpi.target,
        at_risk_band,
        value: current.value,
        previous: before.value,
        change: current.value.zip(before.value).map(|(a, b)| a - b),
        status: judge(current.value, kpi.target, kpi.direction, kpi.at_risk),
        previous_status: judge(before.value, kpi.target, kpi.direction, kpi.at_risk),
        sample_size: current.sample,
        previous_sample_size: before.sample,
        missing_input: engine.missing_input(kpi).map(MissingInput::of),
    })
}

/// Evaluates every CSF of the client for a period.
pub fn csf_results(
    engine: &mut Engine,
    period: Period,
    previous: Period,
) -> Result<Vec<CsfResult>, String> {
    let csfs = engine.client().csfs.clone();
    let client_id = engine.client().id.clone();
    csfs.iter()
        .map(|csf| {
            let kpis = csf
                .kpis
                .iter()
                .map(|kpi| {
                    kpi_result(engine, kpi, period, previous).map_err(|e| {
                        format!(
                            "client `{client_id}`, CSF `{}`, KPI `{}`: {e}",
                            csf.id, kpi.id
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let statuses: Vec<Status> = kpis.iter().map(|k| k.status).collect();
            Ok(CsfResult {
                id: csf.id.clone(),
                name: csf.name.clone(),
                description: csf.description.clone(),
                status: roll_up(&statuses),
                kpis,
            })
        })
        .collect()
}

/// The data-quality figures of one client.
pub fn data_quality(quality: &QualityReport, client: &str) -> DataQuality {
    DataQuality {
        rows_read: quality.rows_read(),
        tickets_accepted: quality.accepted.get(client).copied().unwrap_or(0),
        rejected: quality.rejected_count(Some(client)),
        warnings: quality.warning_count(Some(client)),
        unattributed_rejected: quality
            .issues
            .iter()
            .filter(|i| {
                i.client.is_none()
                    && i.reason.severity() == crate::data::quality::Severity::Rejected
            })
            .map(|i| i.weight)
            .sum(),
        reasons: quality.summarize(Some(client)),
        files: quality.files.clone(),
    }
}

/// The full report of one client and period.
pub fn kpi_report(
    engine: &mut Engine,
    period: Period,
    quality: &QualityReport,
) -> Result<KpiReport, String> {
    let previous = period.previous();
    let csfs = csf_results(engine, period, previous)?;
    let all = TicketFilter::default();
    let metrics = engine.standard(period, &all).clone();
    let previous_metrics = engine.standard(previous, &all).clone();
    let bounds = engine.bounds(period);
    let client = engine.client().clone();
    let tz = client.tz;
    let mut breach_list = breaches(engine.view, &client, &bounds, engine.as_of);
    for breach in &mut breach_list {
        breach.source_row = engine.view.source_row(breach.index);
    }
    Ok(KpiReport {
        schema: SCHEMA,
        generator: format!("reviewpack {}", env!("CARGO_PKG_VERSION")),
        client: ClientInfo {
            id: client.id.clone(),
            name: client.name.clone(),
            timezone: tz.name().to_string(),
            locale: client.locale.tag().to_string(),
        },
        period: period_info(engine, period),
        previous_period: period_info(engine, previous),
        as_of: format_local_rfc3339(tz, engine.as_of),
        cutoff: format_local_rfc3339(tz, bounds.end.min(engine.as_of)),
        csfs,
        metrics,
        previous_metrics,
        inputs: inputs_report(&client),
        breaches: breach_list,
        data_quality: data_quality(quality, &client.id),
    })
}
