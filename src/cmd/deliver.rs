//! Delivering built packs, shared by `run` and `send`: the recipients still owed a pack, the
//! messages handed to the SMTP server (or written as `.eml` files on a dry run), and every step
//! in the client's delivery log.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{Result, anyhow};
use lettre::message::Mailbox;

use crate::config::{Attach, ClientOptions, WorkspaceOptions};
use crate::deliver::ledger::{Delivered, DeliveryLine, Ledger, Step, now_rfc3339};
use crate::deliver::mail::{Letter, MailTemplate, address_key, pack_files, recipients};
use crate::deliver::smtp::{Mailer, SendError};
use crate::pack::levels::LevelSpec;
use crate::pack::pack_name;
use crate::pack::write::sha256_hex;
use crate::period::Period;
use crate::render::templates::Templates;

/// Where messages go.
enum Outbox {
    /// The SMTP server (connected on first use).
    Smtp(Box<Mailer>),
    /// `.eml` files (dry run).
    Eml,
}

/// What happened to one pack's messages.
#[derive(Debug, Default)]
pub struct Report {
    /// Recipients it was sent to (or written for, on a dry run).
    pub sent: Vec<String>,
    /// Recipients that already had it.
    pub already: Vec<String>,
    /// Recipients whose earlier delivery is uncertain (not sent again).
    pub uncertain: Vec<String>,
    /// Recipients it could not be sent to, with the reason.
    pub failed: Vec<(String, String)>,
}

/// Delivers packs for one command.
pub struct Delivery<'a> {
    workspace: &'a WorkspaceOptions,
    template: MailTemplate,
    out: &'a Path,
    resend: bool,
    sender: Mailbox,
    outbox: Outbox,
    /// Set when nothing more can be sent this run (login refused, TLS, server unreachable).
    stopped: Option<String>,
}

impl<'a> Delivery<'a> {
    /// Prepares delivery: the sender, and unless `dry_run` the SMTP settings and credentials
    /// (read from the environment now, so a missing one fails before anything is built).
    pub fn new(
        workspace: &'a WorkspaceOptions,
        templates: &'a Templates,
        out: &'a Path,
        resend: bool,
        dry_run: bool,
    ) -> Result<Self> {
        let sender = workspace
            .msp
            .sender
            .as_deref()
            .and_then(|s| Mailbox::from_str(s).ok())
            .ok_or_else(|| {
                anyhow!(
                    "{}: e-mailing packs needs `msp.sender` (name and email of the sender)",
                    workspace.config_files[0].display()
                )
            })?;
        let outbox = if dry_run {
            Outbox::Eml
        } else {
            let delivery = workspace.delivery.as_ref().ok_or_else(|| {
                anyhow!(
                    "{}: e-mailing packs needs `delivery.smtp` (the SMTP server; docs/operations.md); `--dry-run` writes the messages as .eml files instead",
                    workspace.config_files[0].display()
                )
            })?;
            Outbox::Smtp(Box::new(Mailer::new(&delivery.smtp)?))
        };
        Ok(Self {
            workspace,
            template: MailTemplate::new(templates)?,
            out,
            resend,
            sender,
            outbox,
            stopped: None,
        })
    }

    /// The default attachments.
    pub fn default_attach(workspace: &WorkspaceOptions) -> Attach {
        workspace.delivery.as_ref().map_or(
            Attach {
                pdf: true,
                html: false,
            },
            |d| d.attach,
        )
    }

    /// Sends a built pack to every recipient still owed it, logging each step.
    pub fn deliver(
        &mut self,
        ledger: &mut Ledger,
        client_index: usize,
        level: &LevelSpec,
        period: Period,
        attach: Attach,
    ) -> Result<Report> {
        let client = &self.workspace.clients[client_index];
        let pack = pack_name(&level.name, period);
        let dir = self.out.join(&client.id).join(&pack);
        let base = format!("{}-{pack}", client.id);
        let files = pack_files(&dir, attach, &base)?;
        let sha = files
            .first()
            .map(|f| sha256_hex(&f.bytes))
            .unwrap_or_default();
        let letter = Letter {
            workspace: self.workspace,
            client,
            level_title: &level.title,
            period,
            template: &self.template,
            files: &files,
        };
        let mut report = Report::default();
        for to in recipients(client, &level.name) {
            let key = address_key(&to);
            match ledger.delivered(&pack, &key, &sha, self.resend) {
                Delivered::Yes => {
                    report.already.push(key);
                    continue;
                }
                Delivered::Uncertain => {
                    report.uncertain.push(key);
                    continue;
                }
                Delivered::No => {}
            }
            if let Some(reason) = &self.stopped {
                report
                    .failed
                    .push((key, format!("not attempted: {reason}")));
                continue;
            }
            let message = letter.message(&self.sender, &to)?;
            match &mut self.outbox {
                Outbox::Eml => {
                    let path = eml_path(self.out, &client.id, &pack, &key);
                    crate::pack::write::write_file_atomic(&path, &message.formatted())?;
                    report.sent.push(format!("{key} → {}", path.display()));
                }
                Outbox::Smtp(mailer) => {
                    // Connect and log in before the first line is logged: a refused login or an
                    // unreachable server leaves the log untouched.
                    if let Err(e) = mailer.connect() {
                        let reason = e.to_string();
                        report.failed.push((key, reason.clone()));
                        self.stopped = Some(reason);
                        continue;
                    }
                    let line = |step, reply| DeliveryLine {
                        at: now_rfc3339(),
                        pack: pack.clone(),
                        recipient: key.clone(),
                        sha256: sha.clone(),
                        step,
                        reply,
                    };
                    let mut log_error = None;
                    let sent = mailer.send(message.envelope(), &message.formatted(), &mut || {
                        ledger.log(line(Step::Sending, None)).map_err(|e| {
                            let text = format!("{e:#}");
                            log_error = Some(text.clone());
                            text
                        })
                    });
                    match sent {
                        Ok(reply) => {
                            ledger.log(line(Step::Sent, Some(reply)))?;
                            report.sent.push(key);
                        }
                        Err(error) => {
                            if log_error.is_none() {
                                ledger.log(line(Step::NotSent, Some(error.to_string())))?;
                            }
                            if let SendError::Fatal(reason) = &error {
                                self.stopped = Some(reason.clone());
                            }
                            report.failed.push((key, error.to_string()));
                        }
                    }
                }
            }
        }
        Ok(report)
    }
}

/// Whether any recipient of a built pack is still owed it: has no delivery of it at all, or
/// with `resend` none of this version (`sha256` of its first attachment).
pub fn owed(
    ledger: &Ledger,
    client: &ClientOptions,
    level: &str,
    pack: &str,
    sha256: &str,
    resend: bool,
) -> bool {
    recipients(client, level)
        .iter()
        .any(|to| ledger.delivered(pack, &address_key(to), sha256, resend) == Delivered::No)
}

/// Where a dry run writes a message: `<out>/<client>/mail/<pack>/<address>.eml`.
pub fn eml_path(out: &Path, client: &str, pack: &str, address: &str) -> PathBuf {
    let name: String = address
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '@' | '.' | '-' | '_' | '+') {
                c
            } else {
                '_'
            }
        })
        .collect();
    out.join(client)
        .join("mail")
        .join(pack)
        .join(format!("{name}.eml"))
}
