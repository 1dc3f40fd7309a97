//! `reviewpack build`: review packs (PDF, HTML, KPI JSON, breaches, charts, manifest) for clients
//! and a period, each written atomically to `<out>/<client>/<level>-<period>/`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};

use super::kpis::client_views;
use super::{as_of_date, as_of_instant, select_clients, workspace_with_templates};
use crate::cli::{BuildArgs, PackFormat};
use crate::config::WorkspaceOptions;
use crate::data::quality::QualityReport;
use crate::data::{Dataset, LoadScope, client_quality, load_dataset};
use crate::kpi::view::ClientView;
use crate::pack::levels::LevelSpec;
use crate::pack::watchdog::Watchdog;
use crate::pack::write::write_pack;
use crate::pack::{
    BuildRequest, Outputs, PackFiles, build_pack, pack_name, read_pack_files, read_review_files,
};
use crate::period::Period;
use crate::render::templates::Templates;

/// Runs `build`.
pub fn run(args: &BuildArgs) -> Result<ExitCode> {
    let start = Instant::now();
    if args.format.contains(&PackFormat::Pdf) {
        // Parse the fonts and build typst's library while the exports load.
        std::thread::spawn(crate::render::pdf::warm_up);
    }
    let (workspace, templates) = workspace_with_templates(&args.workspace.workspace)?;
    crate::data::profile("config", start);
    let levels = templates.levels()?;
    let level = match levels.get(&args.level) {
        Ok(level) => level,
        Err(message) => return Ok(super::usage_error(&format!("--level {message}"))),
    };
    let mut clients = select_clients(&workspace, &args.clients)?;
    super::check_pack_sections(&workspace, &levels)?;
    if !args.clients.all_clients {
        if let Some(&c) = clients
            .iter()
            .find(|&&c| !workspace.clients[c].packs.gets(&level.name))
        {
            return Err(anyhow!(
                "client `{}` does not get {} packs (`packs.levels` in its configuration)",
                workspace.clients[c].id,
                level.name
            ));
        }
    } else {
        clients.retain(|&c| workspace.clients[c].packs.gets(&level.name));
        if clients.is_empty() {
            eprintln!(
                "no client gets {} packs (`packs.levels` in the client configuration): nothing to build",
                level.name
            );
        }
    }
    let mut requests = Vec::new();
    for &c in &clients {
        let tz = workspace.clients[c].tz;
        let instant = as_of_instant(args.as_of.as_deref(), tz)?;
        let period = match Period::parse_fiscal(
            &args.period,
            as_of_date(instant, tz, args.as_of.is_some()),
            workspace.clients[c].fiscal_year_start,
        ) {
            Ok(period) => period,
            Err(e) => return Ok(super::usage_error(&format!("--period {e}"))),
        };
        if let Err(message) = level.check_period(period) {
            return Ok(super::usage_error(&format!(
                "--period `{}`: {message}",
                args.period
            )));
        }
        requests.push((c, period, instant));
    }
    let jobs: Vec<PackJob> = requests
        .iter()
        .map(|&(client, period, as_of)| PackJob {
            client,
            level,
            period,
            as_of,
        })
        .collect();
    let outputs = Outputs {
        pdf: args.format.contains(&PackFormat::Pdf),
        html: args.format.contains(&PackFormat::Html),
    };
    let (results, stats) = build_packs(
        &workspace,
        &templates,
        &jobs,
        &args.out,
        outputs,
        &|_, _| {},
    )?;
    let results: Vec<Result<String>> = results
        .into_iter()
        .map(|r| r.map(|built| built.line))
        .collect();
    let mut failed = 0;
    for result in &results {
        match result {
            Ok(line) => println!("{line}"),
            Err(error) => {
                failed += 1;
                eprintln!("error: {error}");
            }
        }
    }
    if args.timings {
        eprintln!(
            "timings: load {:.3} s ({} rows), packs {:.3} s ({} clients), total {:.3} s",
            stats.load.as_secs_f64(),
            stats.rows,
            stats.render.as_secs_f64(),
            results.len(),
            start.elapsed().as_secs_f64()
        );
    }
    if failed > 0 {
        eprintln!(
            "{failed} of {} packs failed; packs already built were left as they were",
            results.len()
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// One pack to build.
#[derive(Debug, Clone, Copy)]
pub struct PackJob<'a> {
    /// Client index.
    pub client: usize,
    /// The level.
    pub level: &'a LevelSpec,
    /// The period.
    pub period: Period,
    /// The as-of instant (UTC ms).
    pub as_of: i64,
}

/// A pack written.
#[derive(Debug, Clone)]
pub struct Built {
    /// Its folder.
    pub dir: PathBuf,
    /// A line for the log (`wrote … (pack.pdf 180 kB, …)`).
    pub line: String,
}

/// Where the time of `build_packs` went.
#[derive(Debug, Clone, Copy)]
pub struct BuildStats {
    /// Loading the exports.
    pub load: Duration,
    /// Rows read.
    pub rows: usize,
    /// Building and writing the packs.
    pub render: Duration,
}

/// Builds packs (any clients, levels and periods) in parallel, each written atomically to
/// `<out>/<client>/<level>-<period>/`; the exports of the jobs' clients are read once.
/// `done` is called as each pack finishes.
pub fn build_packs(
    workspace: &WorkspaceOptions,
    templates: &Templates,
    jobs: &[PackJob],
    out: &Path,
    outputs: Outputs,
    done: &(dyn Fn(&PackJob, &Result<Built>) + Sync),
) -> Result<(Vec<Result<Built>>, BuildStats)> {
    let start = Instant::now();
    let mut clients: Vec<usize> = jobs.iter().map(|j| j.client).collect();
    clients.sort_unstable();
    clients.dedup();
    let ids: Vec<String> = clients
        .iter()
        .map(|&c| workspace.clients[c].id.clone())
        .collect();
    let mut dataset = load_dataset(workspace, &LoadScope::Clients(ids))?;
    let load = start.elapsed();
    let horizon = jobs.iter().map(|j| j.as_of).max().unwrap_or(0);
    let views = client_views(workspace, &mut dataset, &clients, horizon)?;
    let files = read_pack_files(workspace, templates)?;
    // Each client's packs state its own files and their issues, whichever clients the run read.
    let qualities: Vec<QualityReport> = clients
        .iter()
        .map(|&c| client_quality(workspace, &dataset, &workspace.clients[c].id))
        .collect();
    let render_start = Instant::now();
    let dog = Watchdog::start(
        Duration::from_secs(workspace.pack_seconds),
        workspace.pack_memory_mb,
    );
    // typst reuses what it laid out for one pack in the next where the two share it (headings,
    // notes, the methodology's definitions), which packs of one language and level do: the packs
    // are built grouped so (`results` keeps the jobs' order).
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| {
        let job = &jobs[i];
        (
            workspace.clients[job.client].locale.tag(),
            &job.level.name,
            i,
        )
    });
    let mut built = super::queue::in_turn(&order, |&i| {
        let job = &jobs[i];
        let _watch = dog.watch(format!(
            "the {} pack of `{}` for {}",
            job.level.name, workspace.clients[job.client].id, job.period
        ));
        let at = clients.binary_search(&job.client).expect("client of a job");
        let result = build_one(
            workspace,
            templates,
            &dataset,
            &qualities[at],
            &files,
            &views[at],
            job,
            out,
            outputs,
        );
        done(job, &result);
        (i, result)
    });
    built.sort_unstable_by_key(|(i, _)| *i);
    let results: Vec<Result<Built>> = built.into_iter().map(|(_, result)| result).collect();
    let stats = BuildStats {
        load,
        rows: dataset.quality.rows_read(),
        render: render_start.elapsed(),
    };
    Ok((results, stats))
}

#[allow(clippy::too_many_arguments)]
fn build_one(
    workspace: &WorkspaceOptions,
    templates: &Templates,
    dataset: &Dataset,
    quality: &QualityReport,
    files: &PackFiles,
    view: &ClientView,
    job: &PackJob,
    out: &Path,
    outputs: Outputs,
) -> Result<Built> {
    let client = &workspace.clients[job.client];
    let review = read_review_files(workspace, client, job.level, job.period)
        .map_err(|e| anyhow!("client `{}`: {e:#}", client.id))?;
    let request = BuildRequest {
        workspace,
        level: job.level,
        client_index: job.client,
        view,
        dataset,
        quality,
        period: job.period,
        as_of: job.as_of,
        templates,
        files,
        review: &review,
        outputs,
    };
    let (artifacts, _) =
        build_pack(&request).map_err(|e| anyhow!("client `{}`: {e:#}", client.id))?;
    let dir = out
        .join(&client.id)
        .join(pack_name(&job.level.name, job.period));
    write_pack(&dir, &artifacts).map_err(|e| anyhow!("client `{}`: {e:#}", client.id))?;
    let sizes: Vec<String> = artifacts
        .iter()
        .filter(|a| matches!(a.path.as_str(), "pack.pdf" | "pack.html"))
        .map(|a| format!("{} {:.0} kB", a.path, a.bytes.len() as f64 / 1000.0))
        .collect();
    Ok(Built {
        line: format!("wrote {} ({})", dir.display(), sizes.join(", ")),
        dir,
    })
}
