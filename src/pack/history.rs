//! Published reviews: `publish` freezes the KPI results of a built pack in the workspace's
//! `history/` folder, so later reviews compare with what was actually presented.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::period::Period;

/// Schema of a snapshot file.
pub const SNAPSHOT_SCHEMA: &str = "reviewpack.snapshot/1";

/// A KPI value as presented.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PresentedKpi {
    /// Value.
    pub value: Option<f64>,
    /// Status key.
    pub status: String,
}

/// The frozen results of one published review.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Snapshot {
    /// Schema id.
    pub schema: String,
    /// Client id.
    pub client: String,
    /// Review level (`qbr`).
    pub level: String,
    /// Period (`2026-Q3`).
    pub period: String,
    /// When it was published (RFC 3339).
    pub published_at: String,
    /// sha256 of the pack's PDF (or HTML) as presented.
    pub pack_sha256: Option<String>,
    /// KPI values by CSF id and KPI id (`csf/kpi`).
    pub kpis: BTreeMap<String, PresentedKpi>,
    /// The full KPI results as built.
    pub results: serde_json::Value,
    /// The CSI register as it stood when the review was published.
    #[serde(default)]
    pub csi: Option<crate::csi::Register>,
}

/// The path of a snapshot.
pub fn snapshot_path(workspace: &Path, client: &str, level: &str, period: Period) -> PathBuf {
    workspace
        .join("history")
        .join(client)
        .join(format!("{level}-{period}.json"))
}

/// Key of a KPI in a snapshot.
pub fn kpi_key(csf: &str, kpi: &str) -> String {
    format!("{csf}/{kpi}")
}

/// Reads a snapshot, if one was published, with its size and sha256 (for manifests). A damaged
/// snapshot is an error naming the file.
pub fn load_snapshot(
    workspace: &Path,
    client: &str,
    level: &str,
    period: Period,
) -> Result<Option<(Snapshot, u64, String)>> {
    let path = snapshot_path(workspace, client, level, period);
    if !path.exists() {
        return Ok(None);
    }
    crate::config::boundary::Boundary::new(workspace)
        .check(&path, &path.display().to_string())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read `{}`", path.display()))?;
    let snapshot: Snapshot = serde_json::from_str(&text).with_context(|| {
        format!(
            "`{}` is not a reviewpack snapshot (schema {SNAPSHOT_SCHEMA})",
            path.display()
        )
    })?;
    Ok(Some((
        snapshot,
        text.len() as u64,
        super::write::sha256_hex(text.as_bytes()),
    )))
}

/// Published snapshots of a client for some periods.
#[derive(Debug, Default, Clone)]
pub struct Presented {
    /// By period.
    pub by_period: BTreeMap<Period, Snapshot>,
    /// Size and sha256 of each snapshot file, by period.
    pub checksums: BTreeMap<Period, (u64, String)>,
}

impl Presented {
    /// Loads the snapshots of `periods` that exist.
    pub fn load(workspace: &Path, client: &str, level: &str, periods: &[Period]) -> Result<Self> {
        let mut presented = Self::default();
        for &period in periods {
            if let Some((snapshot, bytes, sha256)) =
                load_snapshot(workspace, client, level, period)?
            {
                presented.by_period.insert(period, snapshot);
                presented.checksums.insert(period, (bytes, sha256));
            }
        }
        Ok(presented)
    }

    /// The presented value of a KPI in a period, if that period was published with the KPI.
    pub fn kpi(&self, period: Period, csf: &str, kpi: &str) -> Option<&PresentedKpi> {
        self.by_period.get(&period)?.kpis.get(&kpi_key(csf, kpi))
    }
}

/// The latest review of a client published before `(level, period)`, of any level: the one
/// whose period ends last, no later than `period`'s end (the review itself excluded). Its
/// register is what the next pack compares with.
pub fn last_published(
    workspace: &Path,
    client: &str,
    level: &str,
    period: Period,
    fiscal_start: u32,
) -> Result<Option<(String, Snapshot, u64, String)>> {
    let dir = workspace.join("history").join(client);
    if !dir.is_dir() {
        return Ok(None);
    }
    let mut best: Option<(chrono::NaiveDate, String, String)> = None;
    let entries =
        std::fs::read_dir(&dir).with_context(|| format!("cannot list `{}`", dir.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(stem) = name.strip_suffix(".json") else {
            continue;
        };
        let Some((their_level, their_period)) = stem.split_once('-') else {
            continue;
        };
        let Ok(their) = Period::parse_fiscal(their_period, period.end_date(), fiscal_start) else {
            continue;
        };
        if (their_level == level && their == period) || their.end_date() > period.end_date() {
            continue;
        }
        let key = (their.end_date(), stem.to_string(), their_level.to_string());
        if best
            .as_ref()
            .is_none_or(|b| (&key.0, &key.1) > (&b.0, &b.1))
        {
            best = Some(key);
        }
    }
    let Some((_, stem, their_level)) = best else {
        return Ok(None);
    };
    let period_text = stem[their_level.len() + 1..].to_string();
    let their = Period::parse(&period_text, period.end_date()).map_err(|e| anyhow::anyhow!(e))?;
    Ok(load_snapshot(workspace, client, &their_level, their)?
        .map(|(snapshot, bytes, sha)| (stem, snapshot, bytes, sha)))
}
