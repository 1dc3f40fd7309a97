//! The commands: each takes its arguments and returns an exit code.

mod build;
mod check;
mod csi;
mod deliver;
mod init;
mod kpis;
mod mapping;
mod publish;
mod queue;
mod run;
mod sample;
mod send;

use std::process::ExitCode;

use anyhow::{Result, anyhow};
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

use crate::cli::{Args, ClientsArgs, Command};
use crate::config::{WorkspaceOptions, load_workspace, suggest};
use crate::tz::local_to_utc_ms;

/// Runs a command.
pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Command::Check(args) => check::run(&args),
        Command::Kpis(args) => kpis::run(&args),
        Command::Sample(args) => sample::run(&args),
        Command::Build(args) => build::run(&args),
        Command::Publish(args) => publish::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Csi(command) => csi::run(&command),
        Command::Mapping(crate::cli::MappingCommand::Suggest(args)) => mapping::suggest(&args),
        Command::Mapping(crate::cli::MappingCommand::Show(args)) => mapping::show(&args),
        Command::Run(args) => run::run(&args),
        Command::Send(args) => send::run(&args),
    }
}

/// A wrong use of the command line: the message, and exit status 2.
pub fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// Checks every client's `packs.sections` against the levels and the sections packs can draw.
pub fn check_pack_sections(
    workspace: &WorkspaceOptions,
    levels: &crate::pack::levels::Levels,
) -> Result<()> {
    let mut problems = Vec::new();
    for client in &workspace.clients {
        for (level, sections) in &client.packs.sections {
            let Ok(spec) = levels.get(level) else {
                continue;
            };
            for (i, section) in sections.iter().enumerate() {
                if !spec.sections.contains(section) {
                    problems.push(format!(
                        "{}: `{}packs.sections.{level}[{i}]`: a {level} pack has no section `{section}` (its sections: {})",
                        client.defined_in.0.display(),
                        client.defined_in.1,
                        spec.sections.join(", ")
                    ));
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(anyhow!("{}", problems.join("\n")))
    }
}

/// Loads the workspace, turning configuration errors into one error listing them all.
pub fn workspace(dir: &std::path::Path) -> Result<WorkspaceOptions> {
    workspace_with_templates(dir).map(|(workspace, _)| workspace)
}

/// Reads a workspace's configuration and its templates (the built-in ones with its
/// `templates/` files laid over them), installing its messages first: the configuration already
/// speaks the clients' languages (a KPI without a name takes its metric's), and the messages are
/// installed once per process, so installing them after it left the built-in ones.
pub fn workspace_with_templates(
    dir: &std::path::Path,
) -> Result<(WorkspaceOptions, crate::render::templates::Templates)> {
    let templates = crate::render::templates::Templates::load(dir)?;
    crate::i18n::install(templates.files())?;
    let workspace = load_workspace(dir).map_err(|errors| anyhow!("{errors}"))?;
    Ok((workspace, templates))
}

/// The clients named on the command line (all with `--all-clients`), with a suggestion for typos.
pub fn select_clients(workspace: &WorkspaceOptions, args: &ClientsArgs) -> Result<Vec<usize>> {
    if args.all_clients {
        return Ok((0..workspace.clients.len()).collect());
    }
    select_client_ids(workspace, &args.clients)
}

/// The clients with these ids (all when none), with a suggestion for typos.
pub fn select_client_ids(workspace: &WorkspaceOptions, ids: &[String]) -> Result<Vec<usize>> {
    if ids.is_empty() {
        return Ok((0..workspace.clients.len()).collect());
    }
    let known: Vec<&str> = workspace.clients.iter().map(|c| c.id.as_str()).collect();
    ids.iter()
        .map(|id| {
            known.iter().position(|k| k == id).ok_or_else(|| {
                let hint = suggest(id, &known)
                    .map(|s| format!(" — did you mean `{s}`?"))
                    .unwrap_or_default();
                anyhow!(
                    "unknown client `{id}`{hint} (clients: {})",
                    known.join(", ")
                )
            })
        })
        .collect()
}

/// The client, as-of instant and period of a one-pack command (`publish`, `send`); the period
/// is an `Err` with its message when it does not parse.
pub fn one_pack(
    workspace: &WorkspaceOptions,
    args: &crate::cli::OnePackArgs,
) -> Result<(usize, i64, Result<crate::period::Period, String>)> {
    let c = select_client_ids(workspace, std::slice::from_ref(&args.client))?[0];
    let client = &workspace.clients[c];
    let instant = as_of_instant(args.as_of.as_deref(), client.tz)?;
    let period = crate::period::Period::parse_fiscal(
        &args.period,
        as_of_date(instant, client.tz, args.as_of.is_some()),
        client.fiscal_year_start,
    )
    .map_err(|e| format!("--period {e}"));
    Ok((c, instant, period))
}

/// Years an `--as-of` may name: dates outside are a mistake, never a pack.
const AS_OF_YEARS: std::ops::RangeInclusive<i32> = 1971..=2200;

/// The as-of instant (UTC ms) for a client: a local date means the end of that day, a local
/// date-time that instant; none means now.
pub fn as_of_instant(text: Option<&str>, tz: Tz) -> Result<i64> {
    let Some(text) = text else {
        return Ok(chrono::Utc::now().timestamp_millis());
    };
    let text = text.trim();
    let in_range = |date: NaiveDate| {
        if (AS_OF_YEARS).contains(&date.year()) {
            Ok(())
        } else {
            Err(anyhow!(
                "--as-of `{text}` is out of range (years {} to {})",
                AS_OF_YEARS.start(),
                AS_OF_YEARS.end()
            ))
        }
    };
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        in_range(date)?;
        let next = date
            .succ_opt()
            .ok_or_else(|| anyhow!("--as-of `{text}` is out of range"))?;
        return Ok(local_to_utc_ms(tz, next.and_time(NaiveTime::MIN)).0);
    }
    for format in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
            in_range(local.date())?;
            return Ok(local_to_utc_ms(tz, local).0);
        }
    }
    Err(anyhow!(
        "--as-of `{text}` is not a date (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM)"
    ))
}

/// The local date relative periods are resolved against.
pub fn as_of_date(as_of: i64, tz: Tz, explicit: bool) -> NaiveDate {
    // A date given as `--as-of D` means "at the end of D": relative periods count from D.
    let shift = if explicit { 1 } else { 0 };
    crate::tz::utc_ms_to_local(tz, as_of - shift).date()
}
