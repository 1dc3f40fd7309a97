//! Writing the simulated tickets as the exports real tools produce: a PSA ticket report (CSV or
//! Parquet, ISO times with offsets), ServiceNow event logs (day-first local times, `?` for
//! missing, gzip), a CSAT survey file and monthly size figures.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;
use flate2::Compression;
use flate2::write::GzEncoder;
use polars::prelude::*;

use super::simulate::{CATEGORIES, SimTicket};
use super::{GeneratedClient, SampleOptions};
use crate::output::csv::quote;

fn local(tz: Tz, ms: i64, format: &str) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&tz).format(format).to_string())
        .unwrap_or_default()
}

const ISO: &str = "%Y-%m-%dT%H:%M:%S%:z";
const SERVICENOW: &str = "%-d/%-m/%Y %H:%M";
const PRIORITY_LABELS: [&str; 4] = ["P1 - Critical", "P2 - High", "P3 - Medium", "P4 - Low"];
const SERVICENOW_PRIORITIES: [&str; 4] = ["1 - Critical", "2 - High", "3 - Moderate", "4 - Low"];

/// The status of a ticket at the export's end.
fn psa_status(ticket: &SimTicket, end: i64) -> &'static str {
    if ticket.closed.is_some() {
        "Closed"
    } else if ticket.resolved.is_some() {
        "Resolved"
    } else if ticket.responded.is_none() {
        "New"
    } else if ticket
        .pause
        .is_some_and(|(start, resume)| start <= end && resume > end)
    {
        "Waiting on Customer"
    } else {
        "In Progress"
    }
}

/// One row of the PSA report.
fn psa_row(
    client: &GeneratedClient,
    index: usize,
    ticket: &SimTicket,
    tz: Tz,
    end: i64,
) -> [String; 17] {
    let time = |t: Option<i64>| t.map(|t| local(tz, t, ISO)).unwrap_or_default();
    [
        format!("T{:03}-{:06}", index + 1, ticket.number),
        client.spec.name.clone(),
        local(tz, ticket.created, ISO),
        time(ticket.responded),
        time(ticket.resolved),
        time(ticket.closed),
        PRIORITY_LABELS[(ticket.priority - 1) as usize].to_string(),
        psa_status(ticket, end).to_string(),
        if ticket.incident {
            "Incident"
        } else {
            "Service Request"
        }
        .to_string(),
        CATEGORIES[ticket.category].0.to_string(),
        ticket.title.clone(),
        if ticket.tier > 1 {
            "Tier 2"
        } else {
            "Service Desk"
        }
        .to_string(),
        ticket.tier.to_string(),
        ticket.reassignments.to_string(),
        u8::from(ticket.reopen.is_some()).to_string(),
        ticket.csat.map(|(s, _)| s.to_string()).unwrap_or_default(),
        if ticket.paused_minutes > 0.0 {
            format!("{:.0}", ticket.paused_minutes)
        } else {
            String::new()
        },
    ]
}

const PSA_HEADER: [&str; 17] = [
    "Ticket ID",
    "Company",
    "Created",
    "First Response",
    "Resolved",
    "Closed",
    "Priority",
    "Status",
    "Type",
    "Category",
    "Summary",
    "Board",
    "Tier",
    "Reassignments",
    "Reopened",
    "CSAT",
    "Waiting Minutes",
];

/// Writes every data file; returns their paths.
pub fn write_data(
    out: &Path,
    options: &SampleOptions,
    clients: &[GeneratedClient],
    first: NaiveDate,
) -> Result<Vec<PathBuf>> {
    let data = out.join("data");
    std::fs::create_dir_all(data.join("history"))
        .with_context(|| format!("cannot create `{}`", data.display()))?;
    let end_date = super::next_month(options.last_month);
    let mut written = Vec::new();
    let zones: Vec<Tz> = clients
        .iter()
        .map(|c| c.spec.timezone.parse().unwrap_or(chrono_tz::UTC))
        .collect();
    let end_ms: Vec<i64> = zones
        .iter()
        .map(|tz| crate::tz::local_midnight_utc_ms(*tz, end_date))
        .collect();
    // The PSA report lists every ticket of the non-ServiceNow clients by creation time.
    let mut rows: Vec<(i64, usize, usize)> = Vec::new();
    for (c, client) in clients.iter().enumerate().filter(|(_, c)| !c.spec.history) {
        rows.extend(
            client
                .tickets
                .iter()
                .enumerate()
                .map(|(t, ticket)| (ticket.created, c, t)),
        );
    }
    rows.sort();
    let cells: Vec<[String; 17]> = rows
        .iter()
        .map(|&(_, c, t)| psa_row(&clients[c], c, &clients[c].tickets[t], zones[c], end_ms[c]))
        .collect();
    if options.parquet {
        let path = data.join("tickets.parquet");
        write_parquet(&path, &cells)?;
        written.push(path);
    } else {
        let path = data.join("tickets.csv");
        let mut text = String::with_capacity(cells.len() * 220);
        text.push_str(&PSA_HEADER.join(","));
        text.push_str("\r\n");
        for row in &cells {
            let line: Vec<String> = row.iter().map(|c| quote(c)).collect();
            text.push_str(&line.join(","));
            text.push_str("\r\n");
        }
        std::fs::write(&path, text)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        written.push(path);
    }
    let mut surveys = String::from("number,score,responded_at,comment\n");
    const COMMENTS: [&str; 4] = [
        "Nobody called back until the next day.",
        "I had to explain the problem twice, to two people.",
        "Fixed, but it broke again the week after.",
        "The workaround is slow; we need a real fix.",
    ];
    for (c, client) in clients.iter().enumerate().filter(|(_, c)| c.spec.history) {
        let path = data
            .join("history")
            .join(format!("{}.csv.gz", client.spec.id));
        write_event_log(&path, c, client, zones[c], end_ms[c])?;
        written.push(path);
        for ticket in &client.tickets {
            if let Some((score, at)) = ticket.csat {
                let comment = if score <= 2 {
                    COMMENTS[(at / 60_000) as usize % COMMENTS.len()]
                } else {
                    ""
                };
                surveys.push_str(&format!(
                    "{},{score},{},{comment}\n",
                    incident_number(c, ticket),
                    local(zones[c], at, SERVICENOW)
                ));
            }
        }
    }
    if clients.iter().any(|c| c.spec.history) {
        let path = data.join("surveys.csv");
        std::fs::write(&path, surveys)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        written.push(path);
    }
    let path = data.join("sizes.csv");
    std::fs::write(&path, sizes_csv(options, clients, first))
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    written.push(path);
    Ok(written)
}

fn write_parquet(path: &Path, cells: &[[String; 17]]) -> Result<()> {
    let columns: Vec<Column> = PSA_HEADER
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let values: Vec<Option<&str>> = cells
                .iter()
                .map(|r| (!r[i].is_empty()).then_some(r[i].as_str()))
                .collect();
            Column::new((*name).into(), values)
        })
        .collect();
    let mut frame = DataFrame::new(cells.len(), columns)?;
    let file = std::fs::File::create(path)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    polars_io::parquet::write::ParquetWriter::new(file).finish(&mut frame)?;
    Ok(())
}

fn incident_number(client: usize, ticket: &SimTicket) -> String {
    format!("INC{:02}{:06}", client + 1, ticket.number)
}

/// Events of a ticket as (time, state) in order.
fn events(ticket: &SimTicket, end: i64) -> Vec<(i64, &'static str)> {
    let mut out = vec![(ticket.created + 60_000, "New")];
    let mut push = |t: Option<i64>, state| {
        if let Some(t) = t.filter(|t| *t < end) {
            out.push((t, state));
        }
    };
    push(ticket.responded, "Active");
    if let Some((start, resume)) = ticket.pause {
        push(Some(start), "Awaiting User Info");
        push(Some(resume), "Active");
    }
    push(ticket.first_resolved, "Resolved");
    if let Some((reopened, again)) = ticket.reopen {
        push(Some(reopened), "Active");
        push(again, "Resolved");
    }
    push(ticket.closed, "Closed");
    out.sort_by_key(|e| e.0);
    out
}

fn write_event_log(
    path: &Path,
    index: usize,
    client: &GeneratedClient,
    tz: Tz,
    end: i64,
) -> Result<()> {
    let file = std::fs::File::create(path)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    let mut gz = GzEncoder::new(std::io::BufWriter::new(file), Compression::default());
    writeln!(
        gz,
        "number,incident_state,sys_mod_count,sys_updated_at,opened_at,resolved_at,closed_at,priority,category,assignment_group,reassignment_count,reopen_count,made_sla,short_description"
    )?;
    for ticket in &client.tickets {
        let number = incident_number(index, ticket);
        let show = |t: Option<i64>| {
            t.map(|t| local(tz, t, SERVICENOW))
                .unwrap_or_else(|| "?".to_string())
        };
        let resolution_ms = ticket.resolved.map(|r| r - ticket.created);
        // The instance's own verdict: resolved within a rough wall-clock allowance.
        let allowance = [4.0, 24.0, 72.0, 168.0][(ticket.priority - 1) as usize] * 3_600_000.0;
        let made_sla = resolution_ms.is_none_or(|ms| (ms as f64) <= allowance);
        for (count, (at, state)) in events(ticket, end).into_iter().enumerate() {
            writeln!(
                gz,
                "{number},{state},{count},{},{},{},{},{},{},{},{},{},{},{}",
                local(tz, at, SERVICENOW),
                local(tz, ticket.created, SERVICENOW),
                show(ticket.resolved),
                show(ticket.closed),
                SERVICENOW_PRIORITIES[(ticket.priority - 1) as usize],
                quote(CATEGORIES[ticket.category].0),
                if ticket.tier > 1 {
                    "Tier 2"
                } else {
                    "Service Desk"
                },
                ticket.reassignments,
                u8::from(ticket.reopen.is_some()),
                made_sla,
                quote(&ticket.title),
            )?;
        }
    }
    gz.finish()?.flush()?;
    Ok(())
}

fn sizes_csv(options: &SampleOptions, clients: &[GeneratedClient], first: NaiveDate) -> String {
    let mut out = String::from("company,month,users,endpoints\n");
    for client in clients {
        let mut month = first;
        for m in 0..options.months {
            let progress = f64::from(m) / f64::from(options.months.max(1));
            let users = (client.spec.users * (1.0 + 0.15 * progress)).round();
            let endpoints = (users * 1.25).round();
            out.push_str(&format!(
                "{},{}-{:02},{users},{endpoints}\n",
                quote(&client.spec.name),
                month.year(),
                month.month()
            ));
            month = super::next_month(month);
        }
    }
    out
}
