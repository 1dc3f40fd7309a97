//! KPIs from measurements of other systems (`kind: measurements`): a period's values of one
//! measure aggregated (mean, sum, min, max, last, ratio), or availability from outage
//! intervals with maintenance windows left out.

use super::custom::Measurement as Value;
use crate::calendar::{Clock, local_date_span};
use crate::config::{MeasureAggregate, MeasurementKpi};
use crate::data::Measurements;
use crate::period::PeriodBounds;

/// The value of a measurement KPI for a period, with the number of measurements behind it.
/// No data when the client has no measurement of the measure at all (a client the other system
/// does not cover), or none in the period for an aggregate of values.
pub fn value(
    measurements: &Measurements,
    client: u32,
    tz: chrono_tz::Tz,
    kpi: &MeasurementKpi,
    bounds: &PeriodBounds,
    as_of: i64,
) -> Value {
    let none = Value {
        value: None,
        sample: 0,
    };
    let all: Vec<_> = measurements.of(client, &kpi.name).collect();
    if all.is_empty() {
        return none;
    }
    let cutoff = bounds.end.min(as_of);
    if kpi.aggregate == MeasureAggregate::Availability {
        // Only intervals are outages: a value on a day (an uptime figure) is not one.
        let outages: Vec<_> = all.iter().copied().filter(|m| m.interval).collect();
        if outages.is_empty() {
            return none;
        }
        // A period the outage files do not reach (before their earliest or after their latest
        // instant) is not known to have been up: no data, never 100 %.
        let covered_from = outages.iter().map(|m| m.covers.0).min().unwrap_or(i64::MAX);
        let covered_to = outages.iter().map(|m| m.covers.1).max().unwrap_or(i64::MIN);
        if cutoff <= covered_from || bounds.start >= covered_to {
            return none;
        }
        return availability(&outages, tz, kpi, bounds.start, cutoff);
    }
    let all: Vec<_> = all.into_iter().filter(|m| !m.interval).collect();
    // Values of days and months that start in the period (and before the as-of date).
    let mut rows: Vec<_> = all
        .into_iter()
        .filter(|m| m.start >= bounds.start && m.start < cutoff)
        .collect();
    rows.sort_by_key(|m| m.start);
    let values: Vec<f64> = rows.iter().filter_map(|m| m.value).collect();
    let value = match kpi.aggregate {
        MeasureAggregate::Mean => super::stats::mean(&values),
        MeasureAggregate::Sum => (!values.is_empty()).then(|| values.iter().sum()),
        MeasureAggregate::Min => values.iter().copied().reduce(f64::min),
        MeasureAggregate::Max => values.iter().copied().reduce(f64::max),
        MeasureAggregate::Last => rows.iter().rev().find_map(|m| m.value),
        MeasureAggregate::Ratio => {
            let pairs: Vec<(f64, f64)> = rows
                .iter()
                .filter_map(|m| Some((m.value?, m.of?)))
                .collect();
            let whole: f64 = pairs.iter().map(|p| p.1).sum();
            (whole > 0.0).then(|| 100.0 * pairs.iter().map(|p| p.0).sum::<f64>() / whole)
        }
        MeasureAggregate::Availability => unreachable!("handled above"),
    };
    let sample = match kpi.aggregate {
        MeasureAggregate::Ratio => rows
            .iter()
            .filter(|m| m.value.is_some() && m.of.is_some())
            .count(),
        _ => values.len(),
    };
    Value { value, sample }
}

/// `100 × (1 − outage ÷ period)` over `[start, end)`, outages merged where they overlap, and
/// maintenance windows (the maintenance calendar's hours) left out of both.
fn availability(
    outages: &[&crate::data::Measurement],
    tz: chrono_tz::Tz,
    kpi: &MeasurementKpi,
    start: i64,
    end: i64,
) -> Value {
    if end <= start {
        return Value {
            value: None,
            sample: 0,
        };
    }
    let mut spans: Vec<(i64, i64)> = outages
        .iter()
        .map(|m| (m.start.max(start), m.end.min(end)))
        .filter(|(a, b)| b > a)
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::new();
    for (a, b) in spans {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let maintenance = kpi.maintenance.as_ref().map(|(_, calendar)| {
        let (from, to) = local_date_span(tz, start, end);
        Clock::new(calendar, tz, from, to)
    });
    let outside = |a: i64, b: i64| -> i64 {
        let window = maintenance
            .as_ref()
            .map_or(0, |clock| clock.elapsed_ms(a, b));
        (b - a) - window
    };
    let period = outside(start, end);
    if period <= 0 {
        return Value {
            value: None,
            sample: 0,
        };
    }
    let down: i64 = merged.iter().map(|(a, b)| outside(*a, *b)).sum();
    // The sample is the measure's rows: a period without outages is still measured.
    Value {
        value: Some(100.0 * (1.0 - down as f64 / period as f64)),
        sample: outages.len(),
    }
}
