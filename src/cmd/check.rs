//! `reviewpack check`: reads the whole workspace and reports what was read, rejected (file,
//! row, field, why) and warned about; exits 1 when the data cannot support the configured KPIs.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use super::kpis::{client_reports, in_batches};
use super::{as_of_instant, select_client_ids, workspace_with_templates};
use crate::cli::{CheckArgs, CheckFormat};
use crate::config::{ClientOptions, KpiDefinition, SourceKind};
use crate::data::quality::{FileRead, ReasonSummary, Severity};
use crate::data::{LoadScope, load_dataset};
use crate::kpi::metrics::kpi_needs;
use crate::kpi::report::inputs_report;
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
    /// Built-in metrics shown as "no data" because no source provides their input.
    no_input: BTreeMap<String, String>,
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

/// Measurement KPIs whose measure no measurements row of the client holds (a misspelt name, or
/// a client the other system does not cover): they would show "no data".
fn unmeasured(
    client: &ClientOptions,
    index: u32,
    measurements: &crate::data::Measurements,
) -> Vec<String> {
    let mut out = Vec::new();
    if measurements.rows.is_empty() {
        return out;
    }
    for csf in &client.csfs {
        for kpi in &csf.kpis {
            let KpiDefinition::Measurement(m) = &kpi.definition else {
                continue;
            };
            if measurements.of(index, &m.name).next().is_some() {
                continue;
            }
            let mut known: Vec<&str> = measurements
                .rows
                .iter()
                .filter(|r| r.client == index)
                .map(|r| r.measure.as_str())
                .collect();
            known.sort_unstable();
            known.dedup();
            let hint = crate::config::suggest(&m.name, &known)
                .map(|s| format!(" — did you mean `{s}`?"))
                .unwrap_or_default();
            out.push(format!(
                "client `{}`, CSF `{}`, KPI `{}`: no measurement of `{}` for this client{hint} (its measures: {}); it would show \"no data\"",
                client.id,
                csf.id,
                kpi.id,
                m.name,
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            ));
        }
    }
    out
}

fn kpi_problems(client: &ClientOptions) -> Vec<String> {
    let mut out = Vec::new();
    for csf in &client.csfs {
        for kpi in &csf.kpis {
            if let Some(input) = client.provided.missing(&kpi_needs(kpi)) {
                let metric = match &kpi.definition {
                    KpiDefinition::Builtin(metric) => metric.key(),
                    KpiDefinition::Custom(_) => "custom".to_string(),
                    KpiDefinition::Sql(_) => "sql".to_string(),
                    KpiDefinition::Measurement(m) => format!("measurement {}", m.name),
                };
                out.push(format!(
                    "client `{}`, CSF `{}`, KPI `{}` ({metric}) needs {} (it would show \"no data\")",
                    client.id,
                    csf.id,
                    kpi.id,
                    input.how()
                ));
            }
        }
    }
    out
}

/// Built-in metrics a client's sources cannot feed: metric key → what is missing.
fn unavailable_metrics(client: &ClientOptions) -> BTreeMap<String, String> {
    inputs_report(client)
        .unavailable
        .into_iter()
        .map(|(metric, missing)| (metric, missing.how.to_string()))
        .collect()
}

/// Runs `check`.
pub fn run(args: &CheckArgs) -> Result<ExitCode> {
    let (workspace, templates) = workspace_with_templates(&args.workspace.workspace)?;
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
    // Evaluating every KPI once finds SQL and other evaluation errors before a pack is built.
    let mut evaluation: Option<String> = None;
    // Per client: tickets, first and last creation.
    let mut spans: Vec<(usize, Option<i64>, Option<i64>)> = Vec::with_capacity(clients.len());
    in_batches(
        &workspace,
        &mut dataset,
        &clients,
        horizon,
        |dataset, batch, views| {
            spans.extend(views.iter().map(|view| {
                let created = view.created.iter().copied();
                (view.len(), created.clone().min(), created.max())
            }));
            if evaluation.is_none()
                && let Err(error) = client_reports(
                    &workspace,
                    dataset,
                    batch,
                    views,
                    "last-month",
                    args.as_of.as_deref(),
                )
            {
                evaluation = Some(error.to_string());
            }
            Ok(())
        },
    )?;
    let mut problems: Vec<String> = Vec::new();
    for &c in &clients {
        let client = &workspace.clients[c];
        problems.extend(kpi_problems(client));
        problems.extend(unmeasured(client, c as u32, &dataset.measurements));
        if let Err(errors) = crate::csi::load_register(&workspace.root, client) {
            problems.extend(errors.0.iter().map(ToString::to_string));
        }
    }
    match templates.levels() {
        Ok(levels) => {
            if let Err(error) = super::check_pack_sections(&workspace, &levels) {
                problems.push(error.to_string());
            }
        }
        Err(error) => problems.push(error.to_string()),
    }
    problems.extend(evaluation);
    let quality = &dataset.quality;
    for file in quality.files.iter().filter(|f| f.rows == 0) {
        let tickets = (workspace.sources.iter())
            .any(|s| s.name == file.source && s.kind == SourceKind::Tickets);
        if tickets {
            problems.push(format!(
                "`{}` (source `{}`) has a header and no data rows: an export filtered down to nothing, or the wrong file?",
                file.file, file.source
            ));
        }
    }
    let mut summaries = Vec::new();
    for (&c, &(tickets, first, last)) in clients.iter().zip(&spans) {
        let client = &workspace.clients[c];
        if tickets == 0 {
            problems.push(format!("client `{}` has no tickets in its sources (check `match_values` and the client column)", client.id));
        }
        summaries.push(ClientSummary {
            id: client.id.clone(),
            tickets,
            first_created: first.map(|t| format_local_rfc3339(client.tz, t)),
            last_created: last.map(|t| format_local_rfc3339(client.tz, t)),
            rejected: quality.rejected_count(Some(&client.id)),
            warnings: quality.warning_count(Some(&client.id)),
            no_input: unavailable_metrics(client),
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
        let mut by_need: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (metric, how) in &client.no_input {
            by_need.entry(how).or_default().push(metric);
        }
        for (how, metrics) in by_need {
            let _ = writeln!(out, "    no data: {} — needs {how}", metrics.join(", "));
        }
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
            if !reason.values.is_empty() {
                let shown: Vec<String> = reason
                    .values
                    .iter()
                    .take(30)
                    .map(|(value, n)| format!("`{value}` ({n})"))
                    .collect();
                let more = reason.values.len().saturating_sub(30);
                let _ = writeln!(
                    out,
                    "    values to map ({} distinct): {}{}",
                    reason.values.len(),
                    shown.join(", "),
                    if more > 0 {
                        format!(", and {more} more")
                    } else {
                        String::new()
                    }
                );
            }
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
