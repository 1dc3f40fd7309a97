//! `reviewpack check`: reads the whole workspace and reports what was read, rejected (file,
//! row, field, why) and warned about; exits 1 when the data cannot support the configured KPIs.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use super::kpis::{client_reports, client_views};
use super::{as_of_instant, select_client_ids, workspace};
use crate::cli::{CheckArgs, CheckFormat};
use crate::config::{ClientOptions, Field, KpiDefinition, Shape, SourceKind, WorkspaceOptions};
use crate::data::quality::{FileRead, ReasonSummary, Severity};
use crate::data::{LoadScope, load_dataset};
use crate::kpi::metrics::Metric;
use crate::tz::format_local_rfc3339;

/// One client's summary.
#[derive(Debug, Serialize)]
struct ClientSummary {
    id: String,
    tickets: usize,
    first_created: Option<String>,
    last_created: Option<String>,
    rejected: u64,
    warnings: u64,
}

/// The whole check, as `--format json` prints it.
#[derive(Debug, Serialize)]
struct CheckReport {
    ok: bool,
    files: Vec<FileRead>,
    rows_read: usize,
    rows_rejected: u64,
    clients: Vec<ClientSummary>,
    reasons: Vec<ReasonSummary>,
    problems: Vec<String>,
}

/// What the sources of a client provide.
struct Provided {
    fields: BTreeSet<Field>,
    history: bool,
    csat_source: bool,
    size_source: bool,
    reassignment_is_escalation: bool,
}

fn provided(workspace: &WorkspaceOptions, client: &ClientOptions) -> Provided {
    let mut out = Provided {
        fields: BTreeSet::new(),
        history: false,
        csat_source: false,
        size_source: false,
        reassignment_is_escalation: false,
    };
    for &s in &client.sources {
        let source = &workspace.sources[s];
        match source.kind {
            SourceKind::Tickets => {
                out.fields.extend(source.columns.keys().copied());
                out.history |= source.shape == Shape::History;
                out.reassignment_is_escalation |= source.reassignment_is_escalation;
            }
            SourceKind::Csat => out.csat_source = true,
            SourceKind::Sizes => out.size_source = true,
        }
    }
    out
}

/// What a metric needs that the sources do not provide, if anything.
fn missing_input(metric: Metric, p: &Provided, client: &ClientOptions) -> Option<&'static str> {
    let has = |f: Field| p.fields.contains(&f);
    let resolution = has(Field::Resolved) || has(Field::Closed) || p.history;
    match metric {
        Metric::ResponseTime(_) | Metric::ResponseSla
            if !(has(Field::FirstResponse) || p.history) =>
        {
            Some("first-response times: map `columns.first_response`, or read a status history")
        }
        Metric::ResolutionTime(_)
        | Metric::ResolutionSla
        | Metric::Backlog
        | Metric::OverdueOpen
            if !resolution =>
        {
            Some(
                "resolution times: map `columns.resolved` or `columns.closed`, or read a status history",
            )
        }
        Metric::FirstTouchResolution
            if ![
                Field::FirstTouch,
                Field::Reassignments,
                Field::Tier,
                Field::Escalated,
            ]
            .iter()
            .any(|f| has(*f)) =>
        {
            Some("a first-touch flag, reassignment counts, tiers or escalation flags")
        }
        Metric::EscalationRate
            if !(has(Field::Escalated)
                || has(Field::Tier)
                || (has(Field::Reassignments) && p.reassignment_is_escalation)) =>
        {
            Some(
                "tiers or escalation flags (or reassignment counts with `escalation.reassignment_counts: true`)",
            )
        }
        Metric::ReopenRate if !(has(Field::Reopens) || p.history) => {
            Some("reopen counts: map `columns.reopens`, or read a status history")
        }
        Metric::CsatMean | Metric::CsatSatisfied if !(has(Field::Csat) || p.csat_source) => {
            Some("CSAT scores: map `columns.csat`, or add a source with `kind: csat`")
        }
        Metric::TicketsPerUser if client.users.is_none() && !p.size_source => {
            Some("user counts: set `size.users`, or add a source with `kind: sizes`")
        }
        Metric::TicketsPerEndpoint if client.endpoints.is_none() && !p.size_source => {
            Some("endpoint counts: set `size.endpoints`, or add a source with `kind: sizes`")
        }
        _ => None,
    }
}

fn kpi_problems(workspace: &WorkspaceOptions, client: &ClientOptions) -> Vec<String> {
    let provided = provided(workspace, client);
    let mut out = Vec::new();
    for csf in &client.csfs {
        for kpi in &csf.kpis {
            if let KpiDefinition::Builtin(metric) = kpi.definition
                && let Some(need) = missing_input(metric, &provided, client)
            {
                out.push(format!(
                    "client `{}`, CSF `{}`, KPI `{}` ({}) needs {need}",
                    client.id,
                    csf.id,
                    kpi.id,
                    metric.key()
                ));
            }
        }
    }
    out
}

/// Runs `check`.
pub fn run(args: &CheckArgs) -> Result<ExitCode> {
    let workspace = workspace(&args.workspace.workspace)?;
    let clients = select_client_ids(&workspace, &args.clients)?;
    let ids: Vec<String> = clients
        .iter()
        .map(|&c| workspace.clients[c].id.clone())
        .collect();
    let scope = if args.clients.is_empty() {
        LoadScope::All
    } else {
        LoadScope::Clients(ids)
    };
    let mut dataset = load_dataset(&workspace, &scope)?;
    let horizon = as_of_instant(args.as_of.as_deref(), chrono_tz::UTC)?;
    let views = client_views(&workspace, &mut dataset, &clients, horizon)?;
    let mut problems: Vec<String> = Vec::new();
    for &c in &clients {
        problems.extend(kpi_problems(&workspace, &workspace.clients[c]));
    }
    // Evaluating every KPI once finds SQL and other evaluation errors before a pack is built.
    if let Err(error) = client_reports(
        &workspace,
        &dataset,
        &clients,
        &views,
        "last-month",
        args.as_of.as_deref(),
    ) {
        problems.push(error.to_string());
    }
    let quality = &dataset.quality;
    let mut summaries = Vec::new();
    for (&c, view) in clients.iter().zip(&views) {
        let client = &workspace.clients[c];
        if view.is_empty() {
            problems.push(format!("client `{}` has no tickets in its sources (check `match_values` and the client column)", client.id));
        }
        summaries.push(ClientSummary {
            id: client.id.clone(),
            tickets: view.len(),
            first_created: view
                .created
                .iter()
                .min()
                .map(|t| format_local_rfc3339(client.tz, *t)),
            last_created: view
                .created
                .iter()
                .max()
                .map(|t| format_local_rfc3339(client.tz, *t)),
            rejected: quality.rejected_count(Some(&client.id)),
            warnings: quality.warning_count(Some(&client.id)),
        });
    }
    let rows_read = quality.rows_read();
    let rows_rejected = quality.rejected_count(None);
    if rows_read > 0 && rows_rejected as f64 / rows_read as f64 > workspace.max_rejected_share {
        problems.push(format!(
            "{rows_rejected} of {rows_read} rows rejected ({:.2}%), more than `data_quality.max_rejected_share` ({:.2}%)",
            100.0 * rows_rejected as f64 / rows_read as f64,
            100.0 * workspace.max_rejected_share
        ));
    }
    let report = CheckReport {
        ok: problems.is_empty(),
        files: quality.files.clone(),
        rows_read,
        rows_rejected,
        clients: summaries,
        reasons: quality.summarize(None),
        problems,
    };
    match args.format {
        CheckFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        CheckFormat::Text => print!("{}", render(&report)),
    }
    Ok(if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn render(report: &CheckReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Read");
    for file in &report.files {
        let _ = writeln!(
            out,
            "  {} ({}): {} rows, {} bytes, sha256 {}",
            file.file,
            file.source,
            file.rows,
            file.bytes,
            &file.sha256[..16]
        );
    }
    let _ = writeln!(out, "\nClients");
    for client in &report.clients {
        let span = match (&client.first_created, &client.last_created) {
            (Some(a), Some(b)) => format!("created {a} … {b}"),
            _ => "no tickets".to_string(),
        };
        let _ = writeln!(
            out,
            "  {}: {} tickets ({span}); {} rows rejected, {} warnings",
            client.id, client.tickets, client.rejected, client.warnings
        );
    }
    for (severity, title) in [
        (Severity::Rejected, "Rejected"),
        (Severity::Warning, "Warnings"),
        (Severity::Ignored, "Left out"),
    ] {
        let reasons: Vec<&ReasonSummary> = report
            .reasons
            .iter()
            .filter(|r| r.severity == severity)
            .collect();
        if reasons.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{title}");
        for reason in reasons {
            let rows = if reason.count == 1 { "row" } else { "rows" };
            let _ = writeln!(out, "  {} {rows}: {}", reason.count, reason.description);
            let _ = writeln!(out, "    e.g. {}", reason.example);
            if reason.count > 1 {
                let _ = writeln!(
                    out,
                    "    rows: {}{}",
                    reason.rows.join(", "),
                    if reason.count as usize > reason.rows.len() {
                        ", …"
                    } else {
                        ""
                    }
                );
            }
        }
    }
    let _ = writeln!(out);
    if report.problems.is_empty() {
        let _ = writeln!(
            out,
            "ok: {} rows read, {} rejected; the data supports the configured KPIs",
            report.rows_read, report.rows_rejected
        );
    } else {
        for problem in &report.problems {
            let _ = writeln!(out, "problem: {problem}");
        }
    }
    out
}
