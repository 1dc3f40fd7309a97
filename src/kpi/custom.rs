//! Custom KPIs: a filter plus an aggregate, or SQL over a `tickets` table (polars SQL) holding
//! the period's tickets with their SLA columns.

use polars::prelude::*;
use polars::sql::SQLContext;

use super::compute::{Selection, matches};
use super::stats::{mean, percentile, share_percent};
use super::view::ClientView;
use crate::calendar::ms_to_minutes;
use crate::config::{CountsIn, CustomAggregate};

/// A metric value and how many tickets it rests on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measurement {
    /// The value; `None` is "no data".
    pub value: Option<f64>,
    /// Tickets (or responses) behind it.
    pub sample: usize,
}

fn tickets(selection: &Selection, counts_in: CountsIn) -> &[usize] {
    match counts_in {
        CountsIn::Created => &selection.created,
        CountsIn::Resolved => &selection.resolved,
    }
}

fn column_values(view: &ClientView, column: &str, tickets: &[usize]) -> Vec<f64> {
    tickets
        .iter()
        .filter_map(|&i| match column {
            "response_minutes" => view.response_ms[i].map(ms_to_minutes),
            "resolution_minutes" => view.resolution_ms[i].map(ms_to_minutes),
            "csat" => view.csat[i],
            "reassignments" => view.reassignments[i].map(|v| v as f64),
            "reopens" => view.reopens[i].map(|v| v as f64),
            "tier" => view.tier[i].map(|v| v as f64),
            _ => None,
        })
        .collect()
}

/// Evaluates a filter + aggregate KPI on a selection (already filtered by the KPI's filter).
pub fn aggregate(
    view: &ClientView,
    selection: &Selection,
    counts_in: CountsIn,
    aggregate: &CustomAggregate,
) -> Measurement {
    let tickets = tickets(selection, counts_in);
    match aggregate {
        CustomAggregate::Count => Measurement {
            value: Some(tickets.len() as f64),
            sample: tickets.len(),
        },
        CustomAggregate::Share(condition) => {
            let hits = tickets
                .iter()
                .filter(|&&i| matches(view, i, condition))
                .count();
            Measurement {
                value: share_percent(hits, tickets.len()),
                sample: tickets.len(),
            }
        }
        CustomAggregate::Column { statistic, column } => {
            let values = column_values(view, column, tickets);
            let value = match statistic.as_str() {
                "mean" => mean(&values),
                "median" => percentile(&values, 0.5),
                "p90" => percentile(&values, 0.9),
                "sum" => Some(values.iter().sum()),
                "min" => values.iter().copied().reduce(f64::min),
                "max" => values.iter().copied().reduce(f64::max),
                _ => None,
            };
            Measurement {
                value,
                sample: values.len(),
            }
        }
    }
}

/// Why a SQL KPI that joins is refused.
pub const JOIN_REFUSED: &str = "the SQL query joins tables: a SQL KPI reads the `tickets` table alone (a join of the tickets with themselves grows as the square of their number)";

/// Runs a SQL KPI over the selected tickets; the query must return one number.
pub fn sql(
    view: &ClientView,
    selection: &Selection,
    counts_in: CountsIn,
    query: &str,
) -> Result<Measurement, String> {
    let tickets = tickets(selection, counts_in);
    let indices: Vec<IdxSize> = tickets.iter().map(|&i| i as IdxSize).collect();
    let index = IdxCa::from_vec("index".into(), indices);
    let frame = view.frame.take(&index).map_err(|e| e.to_string())?;
    let mut context = SQLContext::new();
    context.register("tickets", frame.lazy());
    let lazy = context
        .execute(query)
        .map_err(|e| format!("the SQL query failed: {}", first_line(&e.to_string())))?;
    // A join of the ticket table with itself grows as the square of its rows (a cross join of
    // 100,000 tickets is 10^10 rows): refused before it runs.
    if joins(query, &lazy) {
        return Err(JOIN_REFUSED.to_string());
    }
    let result = lazy
        .collect()
        .map_err(|e| format!("the SQL query failed: {}", first_line(&e.to_string())))?;
    if result.height() != 1 || result.width() != 1 {
        return Err(format!(
            "the SQL query must return one row with one number; it returned {} rows × {} columns",
            result.height(),
            result.width()
        ));
    }
    let column = &result.columns()[0];
    if !(column.dtype().is_primitive_numeric() || column.dtype().is_bool()) {
        return Err(format!(
            "the SQL query returned a {} value, not a number",
            column.dtype()
        ));
    }
    let value = column.cast(&DataType::Float64).map_err(|_| {
        format!(
            "the SQL query returned a {} value, not a number",
            column.dtype()
        )
    })?;
    let value = value.f64().map_err(|e| e.to_string())?.get(0);
    Ok(Measurement {
        value: value.filter(|v| v.is_finite()),
        sample: tickets.len(),
    })
}

/// Whether the query's plan joins, checked once per query text (a plan joins or not whatever
/// rows it reads; formatting the plan to look cost a tenth of a SQL KPI's time, each period).
fn joins(query: &str, lazy: &LazyFrame) -> bool {
    static CHECKED: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<String, bool>>> =
        std::sync::LazyLock::new(Default::default);
    if let Some(&known) = CHECKED.lock().expect("join checks").get(query) {
        return known;
    }
    let plan = lazy.describe_plan().unwrap_or_default().to_uppercase();
    let joins = plan.contains("JOIN");
    CHECKED
        .lock()
        .expect("join checks")
        .insert(query.to_string(), joins);
    joins
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}
