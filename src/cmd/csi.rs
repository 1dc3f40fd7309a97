//! `reviewpack csi list`: a client's CSI register, and what changed since the last published
//! review.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::{Result, anyhow};

use super::{as_of_date, as_of_instant, select_client_ids, workspace};
use crate::cli::{CheckFormat, CsiCommand, CsiListArgs};
use crate::csi::{changes, load_register};
use crate::pack::history::last_published;
use crate::period::{Period, PeriodKind};

/// Runs a `csi` subcommand.
pub fn run(command: &CsiCommand) -> Result<ExitCode> {
    match command {
        CsiCommand::List(args) => list(args),
    }
}

fn list(args: &CsiListArgs) -> Result<ExitCode> {
    let workspace = workspace(&args.workspace.workspace)?;
    let client =
        &workspace.clients[select_client_ids(&workspace, std::slice::from_ref(&args.client))?[0]];
    let register = load_register(&workspace.root, client).map_err(|e| anyhow!("{e}"))?;
    let instant = as_of_instant(args.as_of.as_deref(), client.tz)?;
    let today = as_of_date(instant, client.tz, args.as_of.is_some());
    // The last review published up to today, whatever its level.
    let last = last_published(
        &workspace.root,
        &client.id,
        "",
        Period::containing(PeriodKind::Day, today),
        client.fiscal_year_start,
    )?;
    let previous = last
        .as_ref()
        .and_then(|(_, snapshot, _, _)| snapshot.csi.as_ref());
    let listed = changes(&register, previous, today);
    match args.format {
        CheckFormat::Json => {
            let value = serde_json::json!({
                "client": client.id,
                "since": last.as_ref().map(|(name, ..)| name),
                "actions": listed,
            });
            println!("{}", serde_json::to_string_pretty(&value)?);
        }
        CheckFormat::Text => {
            let mut out = String::new();
            let since = last
                .as_ref()
                .map(|(name, ..)| format!("since the review {name}"))
                .unwrap_or_else(|| "no review published yet".to_string());
            let _ = writeln!(
                out,
                "CSI register of {} ({} actions; {since})",
                client.id,
                listed.len()
            );
            for item in &listed {
                let a = &item.action;
                let _ = writeln!(
                    out,
                    "  {:<10} {:<11} {:<9} due {:<10} {:<16} {}{}",
                    a.id,
                    a.status.key(),
                    serde_json::to_value(item.change)?
                        .as_str()
                        .unwrap_or_default(),
                    a.due.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
                    a.owner.as_deref().unwrap_or("—"),
                    a.title,
                    a.csf
                        .as_deref()
                        .map(|c| format!(" [{c}]"))
                        .unwrap_or_default()
                );
            }
            print!("{out}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
