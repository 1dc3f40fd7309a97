//! `reviewpack send`: e-mails one pack to its recipients now — the pack already built in the
//! output folder, or built first when it is missing — with the same at-most-once delivery log
//! as `run`.

use std::process::ExitCode;

use anyhow::{Result, anyhow};

use super::build::{PackJob, build_packs};
use super::deliver::Delivery;
use super::{one_pack, usage_error, workspace_with_templates};
use crate::cli::SendArgs;
use crate::deliver::ledger::Ledger;
use crate::deliver::lock::lock_or_explain;
use crate::deliver::mail::recipients;
use crate::pack::{Outputs, pack_name};

/// Runs `send`.
pub fn run(args: &SendArgs) -> Result<ExitCode> {
    let pack_args = &args.pack;
    let (workspace, templates) = workspace_with_templates(&pack_args.workspace.workspace)?;
    let levels = templates.levels()?;
    let level = match levels.get(&pack_args.level) {
        Ok(level) => level,
        Err(message) => return Ok(usage_error(&format!("--level {message}"))),
    };
    let (c, as_of, period) = one_pack(&workspace, pack_args)?;
    let client = &workspace.clients[c];
    if !client.packs.gets(&level.name) {
        return Err(anyhow!(
            "client `{}` does not get {} packs (`packs.levels` in its configuration)",
            client.id,
            level.name
        ));
    }
    let period = match period {
        Ok(period) => period,
        Err(e) => return Ok(usage_error(&e)),
    };
    if let Err(message) = level.check_period(period) {
        return Ok(usage_error(&format!(
            "--period `{}`: {message}",
            pack_args.period
        )));
    }
    if recipients(client, &level.name).is_empty() {
        return Err(anyhow!(
            "nobody receives {} packs of `{}`: give a stakeholder `levels: [{}]` or set `recipients.{}` in {}",
            level.name,
            client.id,
            level.name,
            level.name,
            client.defined_in.0.display()
        ));
    }
    let note = format!("pid {} (reviewpack send)", std::process::id());
    let _whole = lock_or_explain(
        &pack_args.out.join(".reviewpack-run.lock"),
        false,
        &note,
        "an unsharded `reviewpack run`",
    )?;
    let client_dir = pack_args.out.join(&client.id);
    let _client = lock_or_explain(
        &client_dir.join(".lock"),
        true,
        &note,
        &format!("another run or send for `{}`", client.id),
    )?;
    let mut delivery = Delivery::new(
        &workspace,
        &templates,
        &pack_args.out,
        args.resend,
        args.dry_run,
    )?;
    let attach = Delivery::default_attach(&workspace);
    let pack = pack_name(&level.name, period);
    let dir = client_dir.join(&pack);
    let needed = [(attach.pdf, "pack.pdf"), (attach.html, "pack.html")];
    if needed
        .iter()
        .any(|&(wanted, file)| wanted && !dir.join(file).is_file())
    {
        let job = PackJob {
            client: c,
            level,
            period,
            as_of,
        };
        let outputs = Outputs {
            pdf: true,
            html: true,
        };
        let (mut results, _) = build_packs(
            &workspace,
            &templates,
            &[job],
            &pack_args.out,
            outputs,
            &|_, _| {},
        )?;
        let built = results.remove(0)?;
        eprintln!("{}", built.line);
    }
    let mut ledger = Ledger::open(&client_dir)?;
    let report = delivery.deliver(&mut ledger, c, level, period, attach)?;
    let verb = if args.dry_run { "written" } else { "sent" };
    for to in &report.sent {
        println!("{verb}: {to}");
    }
    for to in &report.already {
        println!("already delivered, not sent again: {to} (`--resend` sends a changed pack)");
    }
    for to in &report.uncertain {
        println!(
            "not sent again: {to} (a run died while handing it to the server; docs/operations.md)"
        );
    }
    for (to, reason) in &report.failed {
        eprintln!("FAILED: {to}: {reason}");
    }
    println!(
        "{} {} {}: {} {verb}, {} already delivered, {} failed",
        client.id,
        level.name,
        period,
        report.sent.len(),
        report.already.len() + report.uncertain.len(),
        report.failed.len()
    );
    Ok(if report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
