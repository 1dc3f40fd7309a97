//! `reviewpack publish`: freezes what a built pack presented into `history/`, so the next
//! review compares with it.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use serde_json::Value;

use super::{one_pack, workspace};
use crate::cli::PublishArgs;
use crate::pack::history::{PresentedKpi, SNAPSHOT_SCHEMA, Snapshot, kpi_key, snapshot_path};
use crate::pack::pack_name;
use crate::pack::write::sha256_hex;

/// Runs `publish`.
pub fn run(args: &PublishArgs) -> Result<ExitCode> {
    let pack = &args.pack;
    let workspace = workspace(&pack.workspace.workspace)?;
    let (c, _, period) = one_pack(&workspace, pack)?;
    let client = &workspace.clients[c];
    let period = period.map_err(|e| anyhow!("{e}"))?;
    let level = pack.level.as_str();
    let dir = pack.out.join(&client.id).join(pack_name(level, period));
    let kpis_path = dir.join("kpis.json");
    if !kpis_path.exists() {
        bail!(
            "no built pack at `{}`: run `reviewpack build --client {} --level {level} --period {period}` first (or pass --out)",
            dir.display(),
            client.id
        );
    }
    let text = std::fs::read_to_string(&kpis_path)
        .with_context(|| format!("cannot read `{}`", kpis_path.display()))?;
    check_against_manifest(&dir, "kpis.json", text.as_bytes())?;
    let results: Value = serde_json::from_str(&text)
        .with_context(|| format!("`{}` is not the KPI results of a pack", kpis_path.display()))?;
    if results["client"]["id"] != client.id.as_str()
        || results["period"]["label"] != period.to_string().as_str()
    {
        bail!(
            "`{}` belongs to another client or period",
            kpis_path.display()
        );
    }
    let mut kpis = BTreeMap::new();
    for csf in results["csfs"].as_array().into_iter().flatten() {
        for kpi in csf["kpis"].as_array().into_iter().flatten() {
            let key = kpi_key(
                csf["id"].as_str().unwrap_or_default(),
                kpi["id"].as_str().unwrap_or_default(),
            );
            kpis.insert(
                key,
                PresentedKpi {
                    value: kpi["value"].as_f64(),
                    status: kpi["status"].as_str().unwrap_or("no_data").to_string(),
                },
            );
        }
    }
    let pack = ["pack.pdf", "pack.html"]
        .iter()
        .map(|f| dir.join(f))
        .find(|p| p.exists());
    let pack_sha256 = match pack {
        Some(path) => {
            Some(sha256_hex(&std::fs::read(&path).with_context(|| {
                format!("cannot read `{}`", path.display())
            })?))
        }
        None => None,
    };
    // The register as the pack presented it (packs built before the register existed: none).
    let register_path = dir.join("csi.json");
    let csi = if register_path.exists() {
        let text = std::fs::read_to_string(&register_path)
            .with_context(|| format!("cannot read `{}`", register_path.display()))?;
        check_against_manifest(&dir, "csi.json", text.as_bytes())?;
        Some(
            serde_json::from_str(&text)
                .with_context(|| format!("`{}` is not a CSI register", register_path.display()))?,
        )
    } else {
        None
    };
    let target = snapshot_path(&workspace.root, &client.id, level, period);
    if target.exists() && !args.force {
        bail!(
            "`{}` already holds the {level} {period} review of `{}` as presented; pass --force to replace it",
            target.display(),
            client.id
        );
    }
    let snapshot = Snapshot {
        schema: SNAPSHOT_SCHEMA.to_string(),
        client: client.id.clone(),
        level: level.to_string(),
        period: period.to_string(),
        published_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        pack_sha256,
        kpis,
        results,
        csi,
    };
    let mut bytes = serde_json::to_vec_pretty(&snapshot)?;
    bytes.push(b'\n');
    crate::pack::write::write_file_atomic(&target, &bytes)?;
    println!(
        "published {} {level} {period} to {}",
        client.id,
        target.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Refuses a pack file changed since the build: its sha256 must be the one `manifest.json`
/// recorded (what is published is what was presented, not a hand-edited copy).
fn check_against_manifest(dir: &std::path::Path, file: &str, bytes: &[u8]) -> Result<()> {
    let manifest_path = dir.join("manifest.json");
    let Ok(text) = std::fs::read_to_string(&manifest_path) else {
        bail!(
            "`{}` has no manifest.json: rebuild the pack before publishing it",
            dir.display()
        );
    };
    let manifest: Value = serde_json::from_str(&text)
        .with_context(|| format!("`{}` is not a pack manifest", manifest_path.display()))?;
    let recorded = manifest["outputs"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|entry| entry["path"] == file)
        .and_then(|entry| entry["sha256"].as_str());
    if recorded != Some(sha256_hex(bytes).as_str()) {
        bail!(
            "`{}` is not the file the build wrote (its sha256 differs from manifest.json): a pack is published as it was built; rebuild it",
            dir.join(file).display()
        );
    }
    Ok(())
}
