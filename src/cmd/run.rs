//! `reviewpack run`: the scheduled job. At the as-of instant it decides every (client, level,
//! period) pack that is due and not yet done, builds those in parallel, e-mails them, and
//! records each step in the client's ledger, so a second run the same day does nothing and a
//! run that died half way resumes where it stopped.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{Result, anyhow};
use indicatif::{ProgressBar, ProgressStyle};

use super::build::{PackJob, build_packs};
use super::deliver::{Delivery, Report};
use super::{
    as_of_instant, check_pack_sections, select_client_ids, usage_error, workspace_with_templates,
};
use crate::cli::RunArgs;
use crate::config::{Attach, ScheduleOptions, SendMode, WorkspaceOptions};
use crate::deliver::ledger::{BuiltRecord, Ledger, now_rfc3339, rfc3339};
use crate::deliver::lock::{Lock, lock_or_explain, try_lock};
use crate::pack::history::snapshot_path;
use crate::pack::levels::{LevelSpec, Levels};
use crate::pack::write::sha256_hex;
use crate::pack::{Outputs, pack_name};
use crate::period::{Period, PeriodKind};
use crate::schedule::{due_periods, in_shard, schedule_clients};

/// A due pack and what remains to do for it.
struct Item<'a> {
    client: usize,
    schedule: &'a ScheduleOptions,
    level: &'a LevelSpec,
    period: Period,
    due_at: i64,
    build: bool,
    send: bool,
    /// Why nothing is done (already done, held for publish…).
    skip: Option<String>,
    /// Built but held until it is published.
    held: bool,
    /// What happened, for the summary.
    done: Vec<String>,
    failed: Vec<String>,
    /// Whether this run built it.
    built: bool,
    /// Messages this run sent (or wrote, on a dry run).
    messages: usize,
}

impl Item<'_> {
    fn pack(&self) -> String {
        pack_name(&self.level.name, self.period)
    }
}

/// Parses `I/N` (1 ≤ I ≤ N ≤ 1000).
fn parse_shard(text: &str) -> Result<(u32, u32), String> {
    let (i, n) = text
        .split_once('/')
        .ok_or_else(|| format!("--shard `{text}`: expected I/N, e.g. 3/8"))?;
    let i: u32 = i
        .trim()
        .parse()
        .map_err(|_| format!("--shard `{text}`: `{i}` is not a number"))?;
    let n: u32 = n
        .trim()
        .parse()
        .map_err(|_| format!("--shard `{text}`: `{n}` is not a number"))?;
    if n == 0 || n > 1000 || i == 0 || i > n {
        return Err(format!(
            "--shard `{text}`: I is 1 to N and N is 1 to 1000 (shard {i} of {n} does not exist)"
        ));
    }
    Ok((i, n))
}

/// The period kind of each schedule, checked against `levels.yaml`.
fn schedule_kinds<'a>(
    workspace: &'a WorkspaceOptions,
    levels: &'a Levels,
) -> Result<Vec<(&'a ScheduleOptions, &'a LevelSpec, PeriodKind)>> {
    let file = workspace.config_files[0].display();
    workspace
        .schedules
        .iter()
        .map(|schedule| {
            let level = levels
                .get(&schedule.level)
                .map_err(|e| anyhow!("{file}: `schedules.{}`: {e}", schedule.level))?;
            let kind = schedule.period.unwrap_or(level.periods[0]);
            if !level.periods.contains(&kind) {
                let forms: Vec<&str> = level.periods.iter().map(|k| k.name()).collect();
                return Err(anyhow!(
                    "{file}: `schedules.{}.period`: {} packs cover a {}, not a {}",
                    schedule.level,
                    level.name,
                    forms.join(" or "),
                    kind.name()
                ));
            }
            Ok((schedule, level, kind))
        })
        .collect()
}

/// Takes the run's locks: the whole output folder for an unsharded run, one shard of it (and a
/// share of the whole) for a sharded one.
fn take_locks(out: &Path, shard: Option<(u32, u32)>) -> Result<Vec<Lock>> {
    let note = format!(
        "pid {} since {}{}",
        std::process::id(),
        now_rfc3339(),
        shard.map_or(String::new(), |(i, n)| format!(", shard {i}/{n}"))
    );
    let whole = out.join(".reviewpack-run.lock");
    let mut locks = Vec::new();
    match shard {
        None => locks.push(lock_or_explain(
            &whole,
            true,
            &note,
            "another `reviewpack run`",
        )?),
        Some((i, n)) => {
            locks.push(lock_or_explain(
                &whole,
                false,
                &note,
                "an unsharded `reviewpack run`",
            )?);
            locks.push(lock_or_explain(
                &out.join(format!(".reviewpack-run-shard-{i}-of-{n}.lock")),
                true,
                &note,
                &format!("another `reviewpack run --shard {i}/{n}`"),
            )?);
        }
    }
    Ok(locks)
}

/// Runs `run`.
pub fn run(args: &RunArgs) -> Result<ExitCode> {
    let start = Instant::now();
    let shard = match args.shard.as_deref().map(parse_shard).transpose() {
        Ok(shard) => shard,
        Err(message) => return Ok(usage_error(&message)),
    };
    let (workspace, templates) = workspace_with_templates(&args.workspace.workspace)?;
    if workspace.schedules.is_empty() {
        return Err(anyhow!(
            "{}: no `schedules:` — nothing is ever due (docs/operations.md shows how to write one)",
            workspace.config_files[0].display()
        ));
    }
    let levels = templates.levels()?;
    check_pack_sections(&workspace, &levels)?;
    let schedules = schedule_kinds(&workspace, &levels)?;
    let selected = select_client_ids(&workspace, &args.clients)?;
    let _locks = if args.plan {
        Vec::new()
    } else {
        take_locks(&args.out, shard)?
    };

    // Decide what is due: configuration and ledgers only, no export is read.
    let mut items = Vec::new();
    let mut ledgers: BTreeMap<usize, Ledger> = BTreeMap::new();
    let mut client_locks = Vec::new();
    // Clients that cannot be worked on now, with the reason.
    let mut unavailable: BTreeMap<usize, String> = BTreeMap::new();
    for &(schedule, level, kind) in &schedules {
        for c in schedule_clients(&workspace, schedule) {
            let client = &workspace.clients[c];
            if !selected.contains(&c) || shard.is_some_and(|s| !in_shard(&client.id, s)) {
                continue;
            }
            let as_of = as_of_instant(args.as_of.as_deref(), client.tz)?;
            for (period, due_at) in due_periods(schedule, kind, client, as_of) {
                if !ledgers.contains_key(&c) && !unavailable.contains_key(&c) {
                    let dir = args.out.join(&client.id);
                    let lock = if args.plan {
                        Ok(None)
                    } else {
                        try_lock(&dir.join(".lock"), true, "reviewpack run")
                    };
                    match lock {
                        Ok(Some(lock)) => client_locks.push(lock),
                        Ok(None) if !args.plan => {
                            unavailable.insert(
                                c,
                                "another process holds this client's lock (a `send` or another run)"
                                    .into(),
                            );
                        }
                        Ok(None) => {}
                        Err(e) => {
                            unavailable.insert(c, format!("{e:#}"));
                        }
                    }
                    if let std::collections::btree_map::Entry::Vacant(slot) = unavailable.entry(c) {
                        match Ledger::open(&dir) {
                            Ok(ledger) => {
                                ledgers.insert(c, ledger);
                            }
                            Err(e) => {
                                slot.insert(format!("{e:#}"));
                            }
                        }
                    }
                }
                items.push(Item {
                    client: c,
                    schedule,
                    level,
                    period,
                    due_at,
                    build: false,
                    send: false,
                    skip: None,
                    held: false,
                    done: Vec::new(),
                    failed: Vec::new(),
                    built: false,
                    messages: 0,
                });
            }
        }
    }
    let delivery_probe = Delivery::default_attach(&workspace);
    for item in &mut items {
        let client = &workspace.clients[item.client];
        if let Some(reason) = unavailable.get(&item.client) {
            item.failed.push(reason.clone());
            continue;
        }
        let ledger = &ledgers[&item.client];
        let pack = item.pack();
        let dir = args.out.join(&client.id).join(&pack);
        let record = ledger.built(&pack);
        let attach = item.schedule.attach.unwrap_or(delivery_probe);
        item.build = record.is_none() || !dir.join("pack.pdf").is_file();
        let published =
            snapshot_path(&workspace.root, &client.id, &item.level.name, item.period).is_file();
        let wants_mail = match item.schedule.send {
            SendMode::Never => false,
            SendMode::OnBuild => true,
            SendMode::AfterPublish => published,
        };
        let recipients = crate::deliver::mail::recipients(client, &item.level.name);
        if wants_mail && recipients.is_empty() {
            item.done.push(format!(
                "no recipient gets {} packs (stakeholders' `levels` or `recipients.{}`)",
                item.level.name, item.level.name
            ));
        }
        item.send = wants_mail
            && !recipients.is_empty()
            && (item.build
                || probe_owed(&workspace, ledger, item, &pack, attach, &dir, args.resend));
        item.held = item.schedule.send == SendMode::AfterPublish && !published;
        if !item.build && !item.send {
            item.skip = Some(match item.schedule.send {
                SendMode::AfterPublish if !published => {
                    "built; held until it is published (`reviewpack publish`)".to_string()
                }
                SendMode::Never => "built (schedule sends nothing)".to_string(),
                _ => "already built and sent".to_string(),
            });
        }
    }

    if args.plan {
        print_plan(&workspace, &items);
        return Ok(ExitCode::SUCCESS);
    }

    let to_build: Vec<usize> = (0..items.len()).filter(|&i| items[i].build).collect();
    let to_send = items.iter().filter(|i| i.send).count();
    let delivery = if to_send > 0 {
        Some(Delivery::new(
            &workspace,
            &templates,
            &args.out,
            args.resend,
            args.dry_run,
        )?)
    } else {
        None
    };
    let bar = progress(to_build.len() + to_send);
    let ledgers: BTreeMap<usize, Mutex<Ledger>> = ledgers
        .into_iter()
        .map(|(c, ledger)| (c, Mutex::new(ledger)))
        .collect();
    let lock = |c: usize| {
        ledgers
            .get(&c)
            .map(|l| l.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
    };

    // Packs are delivered as they are built: a delivery thread takes each pack as soon as it
    // is written (and at once those built by an earlier run), while the others are typeset.
    let (ready, queue) = std::sync::mpsc::channel::<usize>();
    let jobs: Vec<PackJob> = to_build
        .iter()
        .map(|&i| PackJob {
            client: items[i].client,
            level: items[i].level,
            period: items[i].period,
            // As of its due instant: a late or repeated run builds the same pack.
            as_of: items[i].due_at,
        })
        .collect();
    let item_of = |job: &PackJob| {
        to_build
            .iter()
            .copied()
            .find(|&i| {
                items[i].client == job.client
                    && items[i].level.name == job.level.name
                    && items[i].period == job.period
            })
            .expect("a job is an item")
    };
    let recorded: Mutex<Vec<(usize, Result<(), String>)>> = Mutex::new(Vec::new());
    let reports = std::thread::scope(|scope| -> Result<Vec<(usize, Result<Report>)>> {
        let on_built = |job: &PackJob, result: &Result<super::build::Built>| {
            let i = item_of(job);
            let item = &items[i];
            let client = &workspace.clients[job.client].id;
            let outcome = match result {
                Ok(built) => {
                    let recorded = if args.dry_run {
                        Ok(())
                    } else {
                        let pdf = std::fs::read(built.dir.join("pack.pdf")).ok();
                        let record = BuiltRecord {
                            level: item.level.name.clone(),
                            period: item.period.to_string(),
                            due_at: rfc3339(item.due_at),
                            built_at: now_rfc3339(),
                            pdf_sha256: pdf.map(|b| sha256_hex(&b)),
                        };
                        lock(item.client)
                            .map_or(Ok(()), |mut l| l.record_built(&item.pack(), record))
                            .map_err(|e| format!("{e:#}"))
                    };
                    if recorded.is_ok() && item.send {
                        let _ = ready.send(i);
                    }
                    recorded
                }
                Err(e) => Err(format!("build failed: {e:#}")),
            };
            let line = match &outcome {
                Ok(()) => format!("built {client} {} {}", job.level.name, job.period),
                Err(e) => format!("failed {client} {} {}: {e}", job.level.name, job.period),
            };
            step(&bar, &line);
            recorded
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .push((i, outcome));
        };
        let deliverer = delivery.map(|mut delivery| {
            let workspace = &workspace;
            let items = &items;
            let bar = &bar;
            let lock = &lock;
            scope.spawn(move || {
                let mut reports = Vec::new();
                for i in queue {
                    let item = &items[i];
                    let attach = item.schedule.attach.unwrap_or(delivery_probe);
                    let report = match lock(item.client) {
                        Some(mut ledger) => delivery.deliver(
                            &mut ledger,
                            item.client,
                            item.level,
                            item.period,
                            attach,
                        ),
                        None => continue,
                    };
                    let client = &workspace.clients[item.client].id;
                    step(
                        bar,
                        &format!("delivered {client} {} {}", item.level.name, item.period),
                    );
                    reports.push((i, report));
                }
                reports
            })
        });
        for (i, item) in items.iter().enumerate() {
            if item.send && !item.build {
                let _ = ready.send(i);
            }
        }
        let built = if jobs.is_empty() {
            Ok(())
        } else {
            let outputs = Outputs {
                pdf: true,
                html: true,
            };
            build_packs(&workspace, &templates, &jobs, &args.out, outputs, &on_built).map(|_| ())
        };
        drop(ready);
        let reports = match deliverer {
            Some(handle) => handle
                .join()
                .map_err(|_| anyhow!("the delivery thread failed"))?,
            None => Vec::new(),
        };
        built?;
        Ok(reports)
    })?;
    for (i, outcome) in recorded.into_inner().unwrap_or_else(|p| p.into_inner()) {
        match outcome {
            Ok(()) => {
                items[i].built = true;
                items[i].done.insert(0, "built".into());
            }
            Err(e) => items[i].failed.push(e),
        }
    }
    for (i, report) in reports {
        let item = &mut items[i];
        match report {
            Ok(report) => {
                item.messages = report.sent.len();
                if !report.sent.is_empty() {
                    let verb = if args.dry_run {
                        "written for"
                    } else {
                        "sent to"
                    };
                    item.done.push(format!("{verb} {}", report.sent.join(", ")));
                }
                if !report.uncertain.is_empty() {
                    item.done.push(format!(
                        "not sent again to {} (an earlier run died while handing it to the server; see docs/operations.md)",
                        report.uncertain.join(", ")
                    ));
                }
                for (to, reason) in report.failed {
                    item.failed.push(format!("{to}: {reason}"));
                }
            }
            Err(e) => item.failed.push(format!("{e:#}")),
        }
    }
    bar.finish_and_clear();
    Ok(summary(&workspace, &items, args, start))
}

/// Whether a pack already built is still owed to someone. Only `--resend` compares versions,
/// so only then is the attached file read for its checksum.
fn probe_owed(
    workspace: &WorkspaceOptions,
    ledger: &Ledger,
    item: &Item,
    pack: &str,
    attach: Attach,
    dir: &Path,
    resend: bool,
) -> bool {
    let client = &workspace.clients[item.client];
    let sha = if resend {
        // The pack's content now (it may have been rebuilt by hand since the run built it).
        let first = if attach.pdf { "pack.pdf" } else { "pack.html" };
        std::fs::read(dir.join(first)).ok().map(|b| sha256_hex(&b))
    } else {
        None
    };
    super::deliver::owed(
        ledger,
        client,
        &item.level.name,
        pack,
        sha.as_deref().unwrap_or(""),
        resend,
    )
}

fn progress(total: usize) -> ProgressBar {
    if total == 0 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// One finished step: the bar moves on a terminal, a log line is printed otherwise.
fn step(bar: &ProgressBar, line: &str) {
    if bar.is_hidden() {
        eprintln!("{line}");
    } else {
        bar.set_message(line.to_string());
        bar.inc(1);
    }
}

fn print_plan(workspace: &WorkspaceOptions, items: &[Item]) {
    if items.is_empty() {
        println!("nothing is due");
    }
    for item in items {
        let client = &workspace.clients[item.client];
        let what = match (&item.skip, item.build, item.send) {
            (Some(reason), _, _) => reason.clone(),
            (None, true, true) => "build and send".to_string(),
            (None, true, false) if item.held => "build, then hold until published".to_string(),
            (None, true, false) => "build".to_string(),
            (None, false, _) => "send".to_string(),
        };
        let what = if item.failed.is_empty() {
            what
        } else {
            item.failed.join("; ")
        };
        println!(
            "{} {} {} due {}: {what}",
            client.id,
            item.level.name,
            item.period,
            crate::tz::format_local_rfc3339(client.tz, item.due_at)
        );
    }
}

fn summary(
    workspace: &WorkspaceOptions,
    items: &[Item],
    args: &RunArgs,
    start: Instant,
) -> ExitCode {
    let built = items.iter().filter(|i| i.built).count();
    let sent: usize = items.iter().map(|i| i.messages).sum();
    let skipped = items.iter().filter(|i| i.skip.is_some()).count();
    let failed = items.iter().filter(|i| !i.failed.is_empty()).count();
    for item in items {
        let client = &workspace.clients[item.client];
        let mut parts = item.done.clone();
        if item.held && item.skip.is_none() && item.failed.is_empty() {
            parts.push("held until it is published (`reviewpack publish`), then sent".into());
        }
        if let Some(reason) = &item.skip {
            parts.push(format!("skipped: {reason}"));
        }
        for failure in &item.failed {
            parts.push(format!("FAILED: {failure}"));
        }
        println!(
            "{} {} {}: {}",
            client.id,
            item.level.name,
            item.period,
            parts.join("; ")
        );
    }
    let noun = if sent == 1 { "message" } else { "messages" };
    let verb = if args.dry_run {
        format!("{noun} written as .eml")
    } else {
        format!("{noun} sent")
    };
    println!(
        "{} due, {built} built, {sent} {verb}, {skipped} skipped, {failed} failed ({:.1} s)",
        items.len(),
        start.elapsed().as_secs_f64()
    );
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_syntax() {
        assert_eq!(parse_shard("3/8"), Ok((3, 8)));
        assert_eq!(parse_shard("1/1"), Ok((1, 1)));
        assert!(parse_shard("0/8").is_err());
        assert!(parse_shard("9/8").is_err());
        assert!(parse_shard("3").is_err());
        assert!(parse_shard("a/b").is_err());
    }
}
