//! `reviewpack build`: review packs (PDF, HTML, KPI JSON, breaches, charts, manifest) for clients
//! and a period, each written atomically to `<out>/<client>/<level>-<period>/`.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Result, anyhow};
use rayon::prelude::*;

use super::kpis::client_views;
use super::{as_of_date, as_of_instant, select_clients, workspace};
use crate::cli::{BuildArgs, PackFormat};
use crate::data::{LoadScope, load_dataset};
use crate::pack::write::write_pack;
use crate::pack::{
    BuildRequest, Outputs, build_pack, pack_name, read_pack_files, read_review_files,
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
    let workspace = workspace(&args.workspace.workspace)?;
    crate::data::profile("config", start);
    let templates = Templates::load(&workspace.root)?;
    crate::i18n::install(templates.files())?;
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
    let ids: Vec<String> = clients
        .iter()
        .map(|&c| workspace.clients[c].id.clone())
        .collect();
    let mut dataset = load_dataset(&workspace, &LoadScope::Clients(ids))?;
    let load = start.elapsed();
    let horizon = requests.iter().map(|r| r.2).max().unwrap_or(0);
    let views = client_views(&workspace, &mut dataset, &clients, horizon)?;
    let files = read_pack_files(&workspace, &dataset, &templates)?;
    let outputs = Outputs {
        pdf: args.format.contains(&PackFormat::Pdf),
        html: args.format.contains(&PackFormat::Html),
    };
    let render_start = Instant::now();
    let results: Vec<Result<String>> = requests
        .par_iter()
        .zip(views.par_iter())
        .map(|(&(c, period, as_of), view)| {
            let client = &workspace.clients[c];
            let review = read_review_files(&workspace, client, level, period)
                .map_err(|e| anyhow!("client `{}`: {e:#}", client.id))?;
            let request = BuildRequest {
                workspace: &workspace,
                level,
                client_index: c,
                view,
                dataset: &dataset,
                period,
                as_of,
                templates: &templates,
                files: &files,
                review: &review,
                outputs,
            };
            let (artifacts, _) =
                build_pack(&request).map_err(|e| anyhow!("client `{}`: {e:#}", client.id))?;
            let dir = args
                .out
                .join(&client.id)
                .join(pack_name(&level.name, period));
            write_pack(&dir, &artifacts).map_err(|e| anyhow!("client `{}`: {e:#}", client.id))?;
            let sizes: Vec<String> = artifacts
                .iter()
                .filter(|a| matches!(a.path.as_str(), "pack.pdf" | "pack.html"))
                .map(|a| format!("{} {:.0} kB", a.path, a.bytes.len() as f64 / 1000.0))
                .collect();
            Ok(format!("wrote {} ({})", dir.display(), sizes.join(", ")))
        })
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
            load.as_secs_f64(),
            dataset.quality.rows_read(),
            render_start.elapsed().as_secs_f64(),
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
