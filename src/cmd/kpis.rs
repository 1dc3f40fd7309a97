//! `reviewpack kpis`: the KPIs of clients for a period, as a table, JSON or CSV.

use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use rayon::prelude::*;

use super::{as_of_date, as_of_instant, select_clients, workspace};
use crate::cli::{KpisArgs, KpisFormat};
use crate::config::WorkspaceOptions;
use crate::data::{Dataset, LoadScope, load_dataset};
use crate::kpi::Engine;
use crate::kpi::compute::MetricContext;
use crate::kpi::report::{KpiReport, kpi_report};
use crate::kpi::view::ClientView;
use crate::output;
use crate::period::Period;

/// Where the time of a run went.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    /// Reading configuration and exports, parsing, normalising.
    pub load: Duration,
    /// SLA clocks of every ticket.
    pub clock: Duration,
    /// Period selection and aggregation.
    pub aggregate: Duration,
}

/// Builds the views of some clients (SLA clocks computed), recording clock issues.
pub fn client_views(
    workspace: &WorkspaceOptions,
    dataset: &mut Dataset,
    clients: &[usize],
    horizon: i64,
) -> Result<Vec<ClientView>> {
    let frames: Vec<_> = clients.iter().map(|&c| dataset.frames[c].clone()).collect();
    let built: Vec<_> = clients
        .par_iter()
        .zip(frames)
        .map(|(&c, frame)| ClientView::new(frame, dataset, &workspace.clients[c], horizon))
        .collect::<Result<Vec<_>, _>>()?;
    let mut views = Vec::with_capacity(built.len());
    for (view, issues) in built {
        dataset.quality.issues.extend(issues);
        views.push(view);
    }
    Ok(views)
}

/// Computes the report of each client for the period text (relative periods per client).
pub fn client_reports(
    workspace: &WorkspaceOptions,
    dataset: &Dataset,
    clients: &[usize],
    views: &[ClientView],
    period: &str,
    as_of: Option<&str>,
) -> Result<Vec<KpiReport>> {
    let at: Vec<usize> = (0..clients.len()).collect();
    super::queue::in_turn(&at, |&at| {
        let (c, view) = (clients[at], &views[at]);
        let client = &workspace.clients[c];
        let instant = as_of_instant(as_of, client.tz)?;
        let date = as_of_date(instant, client.tz, as_of.is_some());
        let period = Period::parse_fiscal(period, date, client.fiscal_year_start)
            .map_err(|e| anyhow!("--period {e}"))?;
        let context = MetricContext {
            client,
            client_index: c as u32,
            csat: &dataset.csat,
            sizes: &dataset.sizes,
            measurements: &dataset.measurements,
        };
        let mut engine = Engine::new(view, context, instant);
        // The client's own files and their issues, whichever clients were read with it.
        let quality = crate::data::client_quality(workspace, dataset, &client.id);
        kpi_report(&mut engine, period, &quality).map_err(|e| anyhow!(e))
    })
    .into_iter()
    .collect()
}

/// Clients whose views are held at a time.
const VIEW_BATCH: usize = 32;

/// Builds the views of `clients` a batch at a time and hands each batch to `each`: a client's
/// view (every ticket's clock values) is only needed for its reports, so memory holds a batch
/// of views, not every client's. Returns the time spent building views.
pub fn in_batches(
    workspace: &WorkspaceOptions,
    dataset: &mut Dataset,
    clients: &[usize],
    horizon: i64,
    mut each: impl FnMut(&Dataset, &[usize], &[ClientView]) -> Result<()>,
) -> Result<Duration> {
    let mut clock = Duration::ZERO;
    for batch in clients.chunks(VIEW_BATCH) {
        let start = Instant::now();
        let views = client_views(workspace, dataset, batch, horizon)?;
        clock += start.elapsed();
        each(dataset, batch, &views)?;
        crate::data::profile("batch of views and reports", start);
    }
    Ok(clock)
}

/// Runs `kpis`.
pub fn run(args: &KpisArgs) -> Result<ExitCode> {
    let start = Instant::now();
    let workspace = workspace(&args.workspace.workspace)?;
    crate::data::profile("config", start);
    let clients = select_clients(&workspace, &args.clients)?;
    // Validate the period and as-of before reading any export.
    for &c in &clients {
        let tz = workspace.clients[c].tz;
        let instant = as_of_instant(args.as_of.as_deref(), tz)?;
        Period::parse_fiscal(
            &args.period,
            as_of_date(instant, tz, args.as_of.is_some()),
            workspace.clients[c].fiscal_year_start,
        )
        .map_err(|e| anyhow!("--period {e}"))?;
    }
    let ids: Vec<String> = clients
        .iter()
        .map(|&c| workspace.clients[c].id.clone())
        .collect();
    let mut dataset = load_dataset(&workspace, &LoadScope::Clients(ids))?;
    let mut timings = Timings {
        load: start.elapsed(),
        ..Default::default()
    };
    let horizon = clients
        .iter()
        .map(|&c| as_of_instant(args.as_of.as_deref(), workspace.clients[c].tz))
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .max()
        .unwrap_or(0);
    crate::data::profile("loaded", start);
    let mut reports = Vec::with_capacity(clients.len());
    timings.clock = in_batches(
        &workspace,
        &mut dataset,
        &clients,
        horizon,
        |dataset, batch, views| {
            let aggregate_start = Instant::now();
            reports.extend(client_reports(
                &workspace,
                dataset,
                batch,
                views,
                &args.period,
                args.as_of.as_deref(),
            )?);
            timings.aggregate += aggregate_start.elapsed();
            Ok(())
        },
    )?;
    let mut out = std::io::stdout().lock();
    match args.format {
        KpisFormat::Json if reports.len() == 1 => {
            serde_json::to_writer_pretty(&mut out, &reports[0])?
        }
        KpisFormat::Json => serde_json::to_writer_pretty(&mut out, &reports)?,
        KpisFormat::Csv => output::csv::write_reports(&mut out, &reports)?,
        KpisFormat::Table => {
            for report in &reports {
                write!(out, "{}", output::table::render_report(report))?;
            }
        }
    }
    if args.format != KpisFormat::Table {
        writeln!(out)?;
    }
    out.flush().context("cannot write the output")?;
    if args.timings {
        eprintln!(
            "timings: load {:.3} s (read, parse, normalise {} rows), clock {:.3} s ({} tickets), aggregation {:.3} s ({} client-periods), total {:.3} s",
            timings.load.as_secs_f64(),
            dataset.quality.rows_read(),
            timings.clock.as_secs_f64(),
            dataset.ticket_count(),
            timings.aggregate.as_secs_f64(),
            reports.len(),
            start.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}
