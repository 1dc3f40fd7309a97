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

/// Builds one ticket frame per client (indexed like `client_ids`; clients without tickets get
/// an empty frame), in parallel, and returns the pause lists (indexed by the `ticket` column).
pub fn build_client_frames(
    records: TicketRecords,
    client_ids: &[String],
    file_labels: &[String],
) -> PolarsResult<(Vec<DataFrame>, Vec<Vec<Pause>>)> {
    use rayon::prelude::*;
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); client_ids.len()];
    for (ticket, &client) in records.client.iter().enumerate() {
        members[client as usize].push(ticket as u32);
    }
    let frames = members
        .par_iter()
        .enumerate()
        .map(|(client, tickets)| client_frame(&records, tickets, &client_ids[client], file_labels))
        .collect::<PolarsResult<Vec<_>>>()?;
    Ok((frames, records.pauses))
}

/// The frame of a client without tickets: every column, no rows.
pub fn empty_frame(client: &str) -> PolarsResult<DataFrame> {
    client_frame(&TicketRecords::default(), &[], client, &[])
}

fn client_frame(
    records: &TicketRecords,
    tickets: &[u32],
    client: &str,
    file_labels: &[String],
) -> PolarsResult<DataFrame> {
    let height = tickets.len();
    let pick = |i: &u32| *i as usize;
    let labels = &records.labels;
    let texts = |codes: &[Option<u32>]| -> Vec<Option<&str>> {
        tickets
            .iter()
            .map(|i| codes[pick(i)].map(|c| labels.text(c)))
            .collect()
    };
    let times = |values: &[Option<i64>]| -> Vec<Option<i64>> {
        tickets.iter().map(|i| values[pick(i)]).collect()
    };
    fn gather<T: Copy>(tickets: &[u32], values: &[T]) -> Vec<T> {
        tickets.iter().map(|i| values[*i as usize]).collect()
    }
    let columns = vec![
        Column::new("ticket".into(), tickets.to_vec()),
        Column::new("client".into(), vec![client; height]),
        Column::new(
            "id".into(),
            tickets
                .iter()
                .map(|i| records.id[pick(i)].as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "file".into(),
            tickets
                .iter()
                .map(|i| file_labels[records.file[pick(i)] as usize].as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new("row".into(), gather(tickets, &records.row)),
        time_column(
            "created",
            tickets
                .iter()
                .map(|i| Some(records.created[pick(i)]))
                .collect(),
        )?,
        time_column("first_response", times(&records.first_response))?,
        time_column("resolved", times(&records.resolved))?,
        time_column("closed", times(&records.closed))?,
        Column::new("priority".into(), gather(tickets, &records.priority)),
        Column::new("status".into(), gather(tickets, &records.status)),
        Column::new("type".into(), texts(&records.ticket_type)),
        Column::new("category".into(), texts(&records.category)),
        Column::new("assignment_group".into(), texts(&records.assignment_group)),
        Column::new(
            "title".into(),
            tickets
                .iter()
                .map(|i| records.title[pick(i)].as_deref())
                .collect::<Vec<_>>(),
        ),
        Column::new("tier".into(), gather(tickets, &records.tier)),
        Column::new("escalated".into(), gather(tickets, &records.escalated)),
        Column::new(
            "reassignments".into(),
            gather(tickets, &records.reassignments),
        ),
        Column::new("reopens".into(), gather(tickets, &records.reopens)),
        Column::new("first_touch".into(), gather(tickets, &records.first_touch)),
        Column::new("csat".into(), gather(tickets, &records.csat)),
        Column::new(
            "paused_minutes".into(),
            gather(tickets, &records.paused_minutes),
        ),
        Column::new(
            "sla_response_met".into(),
            gather(tickets, &records.sla_response_met),
        ),
        Column::new(
            "sla_resolution_met".into(),
            gather(tickets, &records.sla_resolution_met),
        ),
    ];
    DataFrame::new(height, columns)
}

/// The UTC milliseconds of a time column (nulls as `None`).
pub fn time_values(frame: &DataFrame, name: &str) -> PolarsResult<Vec<Option<i64>>> {
    let column = frame
        .column(name)?
        .as_materialized_series()
        .to_physical_repr();
    Ok(column.i64()?.iter().collect())
}
