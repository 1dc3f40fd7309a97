//! Deterministic generator of realistic sample workspaces: the configuration of an MSP and its
//! clients, a multi-client PSA export (one row per ticket), a ServiceNow-style event log per
//! client (status history), CSAT surveys and monthly size figures. The same seed gives the same
//! bytes; `--tickets` scales it to a million rows for benchmarks.

pub mod rng;
pub mod simulate;
mod workspace;
mod write;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use rng::Rng;
use simulate::{Profile, SimTicket, simulate};

/// What to generate.
#[derive(Debug, Clone)]
pub struct SampleOptions {
    /// Output folder.
    pub out: PathBuf,
    /// Number of clients.
    pub clients: usize,
    /// Months of history.
    pub months: u32,
    /// Approximate total tickets.
    pub tickets: usize,
    /// Last month of data (its first day).
    pub last_month: NaiveDate,
    /// Seed.
    pub seed: u64,
    /// Write the multi-client export as Parquet instead of CSV.
    pub parquet: bool,
    /// How many clients export a ServiceNow event log instead of rows in the PSA export.
    pub history_clients: usize,
}

/// A generated client: its settings and tickets.
pub struct GeneratedClient {
    /// Settings as written to its YAML file.
    pub spec: workspace::ClientSpec,
    /// Tickets.
    pub tickets: Vec<SimTicket>,
}

/// Writes a whole sample workspace; returns the files written.
pub fn generate(options: &SampleOptions) -> Result<Vec<PathBuf>> {
    if options.clients == 0 || options.months == 0 {
        bail!("--clients and --months must be at least 1");
    }
    let specs = workspace::client_specs(options);
    let mut written = workspace::write_config(&options.out, options, &specs)?;
    written.extend(workspace::write_review_files(&options.out, &specs)?);
    // The configuration just written is read back: the simulation runs on the same validated
    // calendars and time zones the KPIs will use.
    let config = crate::config::load_workspace(&options.out)
        .map_err(|e| anyhow::anyhow!("the generated configuration does not validate: {e}"))?;
    let first = first_month(options.last_month, options.months);
    let end = next_month(options.last_month);
    let per_client_month =
        options.tickets as f64 / (options.clients as f64 * f64::from(options.months));
    let generated: Vec<GeneratedClient> = specs
        .into_par_iter()
        .enumerate()
        .map(|(i, spec)| {
            let client = config
                .client(&spec.id)
                .context("generated client missing from the configuration")?;
            let profile = Profile {
                id: spec.id.clone(),
                tz: client.tz,
                calendar: client
                    .sla
                    .targets
                    .get("P3")
                    .map(|t| t.calendar.clone())
                    .unwrap_or_else(|| client.sla.fallback.calendar.clone()),
                monthly_volume: per_client_month / 1.14,
                quality_start: spec.quality.0,
                quality_end: spec.quality.1,
                summer_dip: spec.summer_dip,
            };
            let mut rng = Rng::new(options.seed, i as u64 + 1);
            let tickets = simulate(&profile, &mut rng, first, end);
            Ok(GeneratedClient { spec, tickets })
        })
        .collect::<Result<_>>()?;
    written.extend(write::write_data(&options.out, options, &generated, first)?);
    Ok(written)
}

fn first_month(last: NaiveDate, months: u32) -> NaiveDate {
    let index = last.year() * 12 + last.month0() as i32 - (months as i32 - 1);
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
        .unwrap_or(last)
}

fn next_month(month: NaiveDate) -> NaiveDate {
    let index = month.year() * 12 + month.month0() as i32 + 1;
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
        .unwrap_or(month)
}

/// Creates a folder and checks it may be written into.
pub fn prepare_output(dir: &Path, force: bool) -> Result<()> {
    if dir.exists() {
        let occupied = std::fs::read_dir(dir)
            .with_context(|| format!("cannot list `{}`", dir.display()))?
            .next()
            .is_some();
        if occupied && !force {
            bail!(
                "`{}` is not empty (pass --force to overwrite the sample files in it)",
                dir.display()
            );
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))
}
