//! The canonical ticket frame: one row per ticket, the same columns whatever the export.
//!
//! | column | type | meaning |
//! |---|---|---|
//! | `ticket` | u32 | position, indexes the pause lists |
//! | `client` | str | client id |
//! | `id` | str | ticket id in the PSA |
//! | `file`, `row` | str, u64 | where the ticket was read |
//! | `created`, `first_response`, `resolved`, `closed` | datetime[ms, UTC] | times |
//! | `priority` | str | `P1` … `P5` |
//! | `status` | str | `new`, `open`, `paused`, `resolved`, `closed` |
//! | `type`, `category`, `assignment_group`, `title` | str | descriptive fields |
//! | `tier`, `reassignments`, `reopens` | i64 | counts |
//! | `escalated`, `first_touch`, `sla_response_met`, `sla_resolution_met` | bool | flags |
//! | `csat`, `paused_minutes` | f64 | numbers |

use polars::prelude::*;

use super::assemble::{Pause, TicketRecords};

/// The polars type of every time column.
pub fn time_dtype() -> DataType {
    DataType::Datetime(TimeUnit::Milliseconds, Some(TimeZone::UTC))
}

fn time_column(name: &str, values: Vec<Option<i64>>) -> PolarsResult<Column> {
    Column::new(name.into(), values).cast(&time_dtype())
}

/// Builds the ticket frame and the pause lists (indexed by the `ticket` column).
pub fn build_ticket_frame(records: TicketRecords, client_ids: &[String], file_labels: &[String]) -> PolarsResult<(DataFrame, Vec<Vec<Pause>>)> {
    let height = records.len();
    let ticket: Vec<u32> = (0..height as u32).collect();
    let client: Vec<&str> = records.client.iter().map(|c| client_ids[*c as usize].as_str()).collect();
    let file: Vec<&str> = records.file.iter().map(|f| file_labels[*f as usize].as_str()).collect();
    let created: Vec<Option<i64>> = records.created.iter().map(|c| Some(*c)).collect();
    let columns = vec![
        Column::new("ticket".into(), ticket),
        Column::new("client".into(), client),
        Column::new("id".into(), records.id),
        Column::new("file".into(), file),
        Column::new("row".into(), records.row),
        time_column("created", created)?,
        time_column("first_response", records.first_response)?,
        time_column("resolved", records.resolved)?,
        time_column("closed", records.closed)?,
        Column::new("priority".into(), records.priority),
        Column::new("status".into(), records.status),
        Column::new("type".into(), records.ticket_type),
        Column::new("category".into(), records.category),
        Column::new("assignment_group".into(), records.assignment_group),
        Column::new("title".into(), records.title),
        Column::new("tier".into(), records.tier),
        Column::new("escalated".into(), records.escalated),
        Column::new("reassignments".into(), records.reassignments),
        Column::new("reopens".into(), records.reopens),
        Column::new("first_touch".into(), records.first_touch),
        Column::new("csat".into(), records.csat),
        Column::new("paused_minutes".into(), records.paused_minutes),
        Column::new("sla_response_met".into(), records.sla_response_met),
        Column::new("sla_resolution_met".into(), records.sla_resolution_met),
    ];
    Ok((DataFrame::new(height, columns)?, records.pauses))
}

/// The UTC milliseconds of a time column (nulls as `None`).
pub fn time_values(frame: &DataFrame, name: &str) -> PolarsResult<Vec<Option<i64>>> {
    let column = frame.column(name)?.as_materialized_series().to_physical_repr();
    Ok(column.i64()?.iter().collect())
}
