//! The KPI engine: pure computation over a client's ticket frame — built-in metrics, custom and
//! SQL KPIs, statuses against targets, CSF roll-ups. No I/O.

pub mod adequacy;
pub mod clock;
pub mod compute;
pub mod custom;
pub mod findings;
pub mod measurements;
pub mod metrics;
pub mod report;
pub mod stats;
pub mod view;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use serde::Serialize;

use crate::config::{ClientOptions, CountsIn, Direction, KpiDefinition, KpiOptions, TicketFilter};
use crate::period::{Period, PeriodBounds};
use compute::{MetricContext, Selection, StandardMetrics, standard_metrics};
use custom::Measurement;
use metrics::{Metric, Stat};
use view::ClientView;

/// How a KPI or CSF stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Target met.
    Met,
    /// Within the at-risk margin beyond the target.
    AtRisk,
    /// Beyond the margin.
    NotMet,
    /// No value for the period.
    NoData,
    /// No target set (informational KPI).
    NoTarget,
}

impl Status {
    /// English label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::AtRisk => "at risk",
            Self::NotMet => "not met",
            Self::NoData => "no data",
            Self::NoTarget => "no target",
        }
    }
}

/// Tolerance for comparing values with targets (floating-point noise).
const EPSILON: f64 = 1e-9;

/// Judges a value: met when on the good side of the target (`≤` for lower-is-better), at risk
/// within `at_risk` beyond it (default 10% of the target), not met past that.
pub fn judge(
    value: Option<f64>,
    target: Option<f64>,
    direction: Direction,
    at_risk: Option<f64>,
) -> Status {
    let Some(value) = value else {
        return Status::NoData;
    };
    let Some(target) = target else {
        return Status::NoTarget;
    };
    let band = at_risk.unwrap_or(target.abs() * 0.1);
    let beyond = match direction {
        Direction::Lower => value - target,
        Direction::Higher => target - value,
    };
    if beyond <= EPSILON {
        Status::Met
    } else if beyond <= band + EPSILON {
        Status::AtRisk
    } else {
        Status::NotMet
    }
}

/// A CSF's status from its KPIs: the worst judged status.
pub fn roll_up(statuses: &[Status]) -> Status {
    if statuses.contains(&Status::NotMet) {
        Status::NotMet
    } else if statuses.contains(&Status::AtRisk) {
        Status::AtRisk
    } else if statuses.contains(&Status::Met) {
        Status::Met
    } else {
        Status::NoData
    }
}

/// The value of a built-in metric from the period's figures.
pub fn builtin_value(metric: Metric, m: &StandardMetrics) -> Measurement {
    let time = |t: &compute::TimeStats, s: Stat| match s {
        Stat::Mean => t.mean,
        Stat::Median => t.median,
        Stat::P90 => t.p90,
    };
    let (value, sample) = match metric {
        Metric::Volume => (Some(m.created as f64), m.created),
        Metric::ResponseTime(s) => (time(&m.response_time, s), m.response_time.count),
        Metric::ResolutionTime(s) => (time(&m.resolution_time, s), m.resolution_time.count),
        Metric::ResponseSla => (m.response_sla.percent, m.response_sla.total),
        Metric::ResolutionSla => (m.resolution_sla.percent, m.resolution_sla.total),
        Metric::FirstTouchResolution => (
            m.first_touch_resolution.percent,
            m.first_touch_resolution.denominator,
        ),
        Metric::EscalationRate => (m.escalation_rate.percent, m.escalation_rate.denominator),
        Metric::ReopenRate => (m.reopen_rate.percent, m.reopen_rate.denominator),
        Metric::Backlog => (m.backlog.map(|b| b as f64), m.backlog.unwrap_or(0)),
        Metric::OverdueOpen => (m.overdue_open.map(|o| o as f64), m.backlog.unwrap_or(0)),
        Metric::CsatMean => (m.csat.mean, m.csat.responses),
        Metric::CsatSatisfied => (m.csat.satisfied_percent, m.csat.responses),
        Metric::TicketsPerUser => (m.tickets_per_user, m.created),
        Metric::TicketsPerEndpoint => (m.tickets_per_endpoint, m.created),
        Metric::PsaResponseSla => (m.psa_response_sla.percent, m.psa_response_sla.denominator),
        Metric::PsaResolutionSla => (
            m.psa_resolution_sla.percent,
            m.psa_resolution_sla.denominator,
        ),
    };
    Measurement { value, sample }
}

/// Computes KPIs of one client for any number of periods, caching per period and filter.
pub struct Engine<'a> {
    /// The client's tickets.
    pub view: &'a ClientView,
    /// Side inputs.
    pub context: MetricContext<'a>,
    /// The as-of instant (UTC ms): cut-off for periods not yet over.
    pub as_of: i64,
    cache: HashMap<(Period, String), StandardMetrics>,
    /// The tickets passing each filter (by its JSON), found once for every period.
    passing: HashMap<String, Vec<usize>>,
    /// SQL KPI values by period, filter (JSON), counting rule and query: a pack shows the
    /// period of its review in the scorecard and again in the trends, and polars plans a query
    /// anew every time it runs.
    sql_values: HashMap<(Period, String, CountsIn, String), Measurement>,
}

impl<'a> Engine<'a> {
    /// An engine for a client.
    pub fn new(view: &'a ClientView, context: MetricContext<'a>, as_of: i64) -> Self {
        Self {
            view,
            context,
            as_of,
            cache: HashMap::new(),
            passing: HashMap::new(),
            sql_values: HashMap::new(),
        }
    }

    /// The client.
    pub fn client(&self) -> &ClientOptions {
        self.context.client
    }

    /// Bounds of a period in the client's zone.
    pub fn bounds(&self, period: Period) -> PeriodBounds {
        period.bounds(self.context.client.tz)
    }

    /// Built-in figures of a period for tickets passing `filter`.
    pub fn standard(&mut self, period: Period, filter: &TicketFilter) -> &StandardMetrics {
        let key = (period, serde_json::to_string(filter).unwrap_or_default());
        if !self.cache.contains_key(&key) {
            let bounds = self.bounds(period);
            let selection = self.selection(&bounds, filter, &key.1);
            let metrics = standard_metrics(self.view, &self.context, &bounds, filter, selection);
            self.cache.insert(key.clone(), metrics);
        }
        &self.cache[&key]
    }

    /// The tickets of a period passing `filter` (`key`: its JSON). Which tickets pass a filter
    /// is found once: a trend asks for the same filter in every period.
    fn selection(&mut self, bounds: &PeriodBounds, filter: &TicketFilter, key: &str) -> Selection {
        let view = self.view;
        if filter.is_empty() {
            return Selection::new(view, bounds, self.as_of, filter);
        }
        let passing = self
            .passing
            .entry(key.to_string())
            .or_insert_with(|| compute::passing(view, filter).collect());
        Selection::among(view, bounds, self.as_of, passing.iter().copied())
    }

    /// The input a KPI needs that no source of the client provides, if any.
    pub fn missing_input(&self, kpi: &KpiOptions) -> Option<crate::config::Input> {
        self.context
            .client
            .provided
            .missing(&metrics::kpi_needs(kpi))
    }

    /// The value of a KPI in a period ("no data" when an input it needs is not provided).
    pub fn measure(&mut self, kpi: &KpiOptions, period: Period) -> Result<Measurement, String> {
        if self.missing_input(kpi).is_some() {
            return Ok(Measurement {
                value: None,
                sample: 0,
            });
        }
        match &kpi.definition {
            KpiDefinition::Builtin(metric) => {
                Ok(builtin_value(*metric, self.standard(period, &kpi.filter)))
            }
            KpiDefinition::Custom(aggregate) => {
                let key = serde_json::to_string(&kpi.filter).unwrap_or_default();
                let selection = self.selection(&self.bounds(period), &kpi.filter, &key);
                Ok(custom::aggregate(
                    self.view,
                    &selection,
                    kpi.counts_in,
                    aggregate,
                ))
            }
            KpiDefinition::Sql(query) => {
                let key = serde_json::to_string(&kpi.filter).unwrap_or_default();
                let known = (period, key, kpi.counts_in, query.clone());
                if let Some(&value) = self.sql_values.get(&known) {
                    return Ok(value);
                }
                let selection = self.selection(&self.bounds(period), &kpi.filter, &known.1);
                let value = custom::sql(self.view, &selection, kpi.counts_in, query)?;
                self.sql_values.insert(known, value);
                Ok(value)
            }
            KpiDefinition::Measurement(measurement) => Ok(measurements::value(
                self.context.measurements,
                self.context.client_index,
                self.context.client.tz,
                measurement,
                &self.bounds(period),
                self.as_of,
            )),
        }
    }
}
