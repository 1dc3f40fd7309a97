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
/// an empty frame), and returns the pause lists (indexed by the `ticket` column). A column at a
/// time, for every client in parallel, each column of `records` freed once it is built: memory
/// holds the records or the frames, and one column of both.
pub fn build_client_frames(
    mut records: TicketRecords,
    client_ids: &[String],
    file_labels: &[String],
) -> PolarsResult<(Vec<DataFrame>, Vec<Vec<Pause>>)> {
    use rayon::prelude::*;
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); client_ids.len()];
    for (ticket, &client) in records.client.iter().enumerate() {
        members[client as usize].push(ticket as u32);
    }
    records.client = Vec::new();
    let mut columns: Vec<Vec<Column>> = vec![Vec::with_capacity(24); client_ids.len()];
    // One column of every client's frame: `make(tickets, client)`.
    let mut add = |make: &(dyn Fn(&[u32], usize) -> PolarsResult<Column> + Sync)| {
        let built = members
            .par_iter()
            .enumerate()
            .map(|(client, tickets)| make(tickets, client))
            .collect::<PolarsResult<Vec<_>>>()?;
        for (frame, column) in columns.iter_mut().zip(built) {
            frame.push(column);
        }
        PolarsResult::Ok(())
    };
    fn gather<T: Copy>(tickets: &[u32], values: &[T]) -> Vec<T> {
        tickets.iter().map(|i| values[*i as usize]).collect()
    }
    macro_rules! plain {
        ($name:literal, $field:ident) => {{
            add(&|t, _| Ok(Column::new($name.into(), gather(t, &records.$field))))?;
            records.$field = Vec::new();
        }};
    }
    macro_rules! time {
        ($name:literal, $field:ident) => {{
            add(&|t, _| time_column($name, gather(t, &records.$field)))?;
            records.$field = Vec::new();
        }};
    }
    macro_rules! coded {
        ($name:literal, $field:ident) => {{
            let labels = &records.labels;
            add(&|t, _| {
                let texts: Vec<Option<&str>> = t
                    .iter()
                    .map(|i| records.$field[*i as usize].map(|c| labels.text(c)))
                    .collect();
                Ok(Column::new($name.into(), texts))
            })?;
            records.$field = Vec::new();
        }};
    }
    add(&|t, _| Ok(Column::new("ticket".into(), t.to_vec())))?;
    // Every row of a client's frame has its id, and most its one file: a column of one value.
    add(&|t, client| Ok(text_scalar("client", &client_ids[client], t.len())))?;
    add(&|t, _| {
        let ids: Vec<&str> = t.iter().map(|i| records.id.text(*i as usize)).collect();
        Ok(Column::new("id".into(), ids))
    })?;
    records.id = Default::default();
    add(&|t, _| {
        let file = |i: &u32| file_labels[records.file[*i as usize] as usize].as_str();
        if let Some(first) = t.first()
            && t.iter()
                .all(|i| records.file[*i as usize] == records.file[*first as usize])
        {
            return Ok(text_scalar("file", file(first), t.len()));
        }
        Ok(Column::new(
            "file".into(),
            t.iter().map(file).collect::<Vec<_>>(),
        ))
    })?;
    records.file = Vec::new();
    plain!("row", row);
    add(&|t, _| {
        let created: Vec<Option<i64>> = t
            .iter()
            .map(|i| Some(records.created[*i as usize]))
            .collect();
        time_column("created", created)
    })?;
    records.created = Vec::new();
    time!("first_response", first_response);
    time!("resolved", resolved);
    time!("closed", closed);
    plain!("priority", priority);
    plain!("status", status);
    coded!("type", ticket_type);
    coded!("category", category);
    coded!("assignment_group", assignment_group);
    add(&|t, _| {
        let titles: Vec<Option<&str>> = t.iter().map(|i| records.title.get(*i as usize)).collect();
        Ok(Column::new("title".into(), titles))
    })?;
    records.title = Default::default();
    plain!("tier", tier);
    plain!("escalated", escalated);
    plain!("reassignments", reassignments);
    plain!("reopens", reopens);
    plain!("first_touch", first_touch);
    plain!("csat", csat);
    plain!("paused_minutes", paused_minutes);
    plain!("sla_response_met", sla_response_met);
    plain!("sla_resolution_met", sla_resolution_met);
    let frames = members
        .iter()
        .zip(columns)
        .map(|(tickets, columns)| DataFrame::new(tickets.len(), columns))
        .collect::<PolarsResult<Vec<_>>>()?;
    Ok((frames, records.pauses))
}

/// A text column of `height` rows holding one value (stored once).
fn text_scalar(name: &str, value: &str, height: usize) -> Column {
    Column::new_scalar(
        name.into(),
        Scalar::new(DataType::String, AnyValue::StringOwned(value.into())),
        height,
    )
}

/// The frame of a client without tickets: every column, no rows.
pub fn empty_frame(client: &str) -> PolarsResult<DataFrame> {
    let (mut frames, _) =
        build_client_frames(TicketRecords::default(), &[client.to_string()], &[])?;
    Ok(frames.remove(0))
}

/// The UTC milliseconds of a time column (nulls as `None`).
pub fn time_values(frame: &DataFrame, name: &str) -> PolarsResult<Vec<Option<i64>>> {
    let column = frame
        .column(name)?
        .as_materialized_series()
        .to_physical_repr();
    Ok(column.i64()?.iter().collect())
}
