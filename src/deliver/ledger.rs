//! A client's run state and delivery log, beside its packs in the output folder:
//!
//! - `<out>/<client>/run-state.json`: the scheduled packs built, with their checksums (rewritten
//!   atomically after each build);
//! - `<out>/<client>/deliveries.jsonl`: one line per delivery step, appended and flushed to disk
//!   before the next step. A `sending` line is written before a message goes to the server and a
//!   `sent` or `not_sent` line after; a `sending` line with no outcome (the process died while
//!   the server had the message) counts as delivered, so a recipient is never mailed twice.
//!
//! Every client has its own files, so parallel shards never write the same file.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use serde::{Deserialize, Serialize};

/// File name of the run state.
pub const STATE_FILE: &str = "run-state.json";
/// File name of the delivery log.
pub const LOG_FILE: &str = "deliveries.jsonl";

/// A scheduled pack that was built.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BuiltRecord {
    /// Level.
    pub level: String,
    /// Period as named on the command line (`2026-09`).
    pub period: String,
    /// When it was due (RFC 3339, UTC).
    pub due_at: String,
    /// When it was built (RFC 3339, UTC).
    pub built_at: String,
    /// sha256 of `pack.pdf`, when written.
    #[serde(default)]
    pub pdf_sha256: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct RunState {
    version: u32,
    #[serde(default)]
    packs: BTreeMap<String, BuiltRecord>,
}

/// One step of a delivery.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// About to hand the message to the server.
    Sending,
    /// The server accepted it.
    Sent,
    /// It was not delivered (the reason is in `reply`).
    NotSent,
}

/// A line of the delivery log.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeliveryLine {
    /// When (RFC 3339, UTC).
    pub at: String,
    /// The pack (`qbr-2026-Q3`).
    pub pack: String,
    /// The recipient's address (lower case).
    pub recipient: String,
    /// sha256 of the attached `pack.pdf` (or of the first attachment).
    pub sha256: String,
    /// The step.
    pub step: Step,
    /// The server's reply, when there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<String>,
}

/// What the log says about one recipient of a pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivered {
    /// Never delivered.
    No,
    /// Delivered (this or, without `--resend`, an earlier version of the pack).
    Yes,
    /// Handed to the server by a run that died before it heard back: treated as delivered.
    Uncertain,
}

/// A client's ledger.
#[derive(Debug)]
pub struct Ledger {
    dir: PathBuf,
    state: RunState,
    lines: Vec<DeliveryLine>,
}

/// The current instant as RFC 3339 UTC.
pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// An instant (UTC ms) as RFC 3339 UTC.
pub fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

impl Ledger {
    /// Reads a client's ledger (empty when the files do not exist yet).
    pub fn open(client_dir: &Path) -> Result<Self> {
        let state_path = client_dir.join(STATE_FILE);
        let state = match std::fs::read_to_string(&state_path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| {
                anyhow!(
                    "{}:{}:{}: the run state is damaged ({e}); move it aside to rebuild what is due",
                    state_path.display(),
                    e.line(),
                    e.column()
                )
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => RunState::default(),
            Err(e) => return Err(anyhow!("cannot read `{}`: {e}", state_path.display())),
        };
        let log_path = client_dir.join(LOG_FILE);
        let mut lines = Vec::new();
        match std::fs::read_to_string(&log_path) {
            Ok(text) => {
                let complete = text.ends_with('\n');
                let count = text.lines().count();
                for (i, line) in text.lines().enumerate() {
                    if line.trim().is_empty() {
                        continue;
                    }
                    match serde_json::from_str::<DeliveryLine>(line) {
                        Ok(entry) => lines.push(entry),
                        // A last line cut short by a crash: the step it began never finished.
                        Err(_) if i + 1 == count && !complete => {}
                        Err(e) => {
                            return Err(anyhow!(
                                "{}:{}: a line of the delivery log is damaged ({e}); nothing is sent for this client until it is repaired",
                                log_path.display(),
                                i + 1
                            ));
                        }
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(anyhow!("cannot read `{}`: {e}", log_path.display())),
        }
        Ok(Self {
            dir: client_dir.to_path_buf(),
            state,
            lines,
        })
    }

    /// The record of a built pack.
    pub fn built(&self, pack: &str) -> Option<&BuiltRecord> {
        self.state.packs.get(pack)
    }

    /// Records a built pack (the state file is replaced atomically).
    pub fn record_built(&mut self, pack: &str, record: BuiltRecord) -> Result<()> {
        self.state.version = 1;
        self.state.packs.insert(pack.to_string(), record);
        let mut text = serde_json::to_string_pretty(&self.state)?;
        text.push('\n');
        crate::pack::write::write_file_atomic(&self.dir.join(STATE_FILE), text.as_bytes())
    }

    /// Whether a recipient has had a pack: any version of it, or with `resend` this version.
    pub fn delivered(&self, pack: &str, recipient: &str, sha256: &str, resend: bool) -> Delivered {
        let mut last: BTreeMap<&str, Step> = BTreeMap::new();
        for line in self
            .lines
            .iter()
            .filter(|l| l.pack == pack && l.recipient == recipient)
        {
            last.insert(&line.sha256, line.step);
        }
        let mut answer = Delivered::No;
        for (sha, step) in last {
            if resend && sha != sha256 {
                continue;
            }
            match step {
                Step::Sent => return Delivered::Yes,
                Step::Sending => answer = Delivered::Uncertain,
                Step::NotSent => {}
            }
        }
        answer
    }

    /// Appends a line to the delivery log and flushes it to disk.
    pub fn log(&mut self, line: DeliveryLine) -> Result<()> {
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create `{}`", self.dir.display()))?;
        let path = self.dir.join(LOG_FILE);
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .with_context(|| format!("cannot open `{}`", path.display()))?;
        let mut text = serde_json::to_string(&line)?;
        text.push('\n');
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_data())
            .with_context(|| format!("cannot append to `{}`", path.display()))?;
        self.lines.push(line);
        Ok(())
    }
}
