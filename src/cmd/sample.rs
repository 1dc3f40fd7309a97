//! `reviewpack sample`: writes a generated workspace (configuration and exports).

use std::process::ExitCode;

use anyhow::{Result, anyhow};
use chrono::NaiveDate;

use crate::cli::{SampleArgs, SampleFormat};
use crate::sample::{SampleOptions, generate, prepare_output};

/// Runs `sample`.
pub fn run(args: &SampleArgs) -> Result<ExitCode> {
    let last_month = NaiveDate::parse_from_str(&format!("{}-01", args.end.trim()), "%Y-%m-%d")
        .map_err(|_| anyhow!("--end `{}` is not a month (expected YYYY-MM)", args.end))?;
    prepare_output(&args.out, args.force)?;
    let options = SampleOptions {
        out: args.out.clone(),
        clients: args.clients,
        months: args.months,
        tickets: args
            .tickets
            .unwrap_or(args.clients * args.months as usize * 60),
        last_month,
        seed: args.seed,
        parquet: args.format == SampleFormat::Parquet,
        history_clients: args.history_clients,
    };
    let written = generate(&options)?;
    let bytes: u64 = written
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    eprintln!(
        "wrote {} files ({:.1} MB) to {}",
        written.len(),
        bytes as f64 / 1e6,
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
