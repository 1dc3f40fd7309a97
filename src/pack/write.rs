//! Writing a pack atomically: every file goes into a temporary folder beside the pack, which then
//! replaces the old pack by renames. A failed build never leaves a half-written pack and never
//! touches the previous one. `manifest.json` lists every output and input with its sha256.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// One output file of a pack.
#[derive(Debug, Clone)]
pub struct Artifact {
    /// Path relative to the pack folder.
    pub path: String,
    /// Content.
    pub bytes: Vec<u8>,
}

/// A file listed in the manifest.
#[derive(Debug, Clone, Serialize)]
pub struct ManifestEntry {
    /// Path (outputs: relative to the pack; inputs: as configured).
    pub path: String,
    /// What it is.
    pub kind: &'static str,
    /// Size in bytes.
    pub bytes: u64,
    /// sha256.
    pub sha256: String,
}

/// `manifest.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    /// Schema id.
    pub schema: &'static str,
    /// Tool and version.
    pub generator: String,
    /// Client id.
    pub client: String,
    /// Review level.
    pub level: String,
    /// Period.
    pub period: String,
    /// As-of instant.
    pub as_of: String,
    /// Files written.
    pub outputs: Vec<ManifestEntry>,
    /// Files read.
    pub inputs: Vec<ManifestEntry>,
}

/// sha256 of bytes, hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// A manifest entry for a file on disk.
pub fn input_entry(path: &Path, shown: String, kind: &'static str) -> Result<ManifestEntry> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    Ok(ManifestEntry {
        path: shown,
        kind,
        bytes: bytes.len() as u64,
        sha256: sha256_hex(&bytes),
    })
}

/// Adds `manifest.json` describing `artifacts` to them.
pub fn with_manifest(
    mut artifacts: Vec<Artifact>,
    mut manifest: Manifest,
) -> Result<Vec<Artifact>> {
    artifacts.sort_by(|a, b| a.path.cmp(&b.path));
    manifest.outputs = artifacts
        .iter()
        .map(|a| ManifestEntry {
            path: a.path.clone(),
            kind: kind_of(&a.path),
            bytes: a.bytes.len() as u64,
            sha256: sha256_hex(&a.bytes),
        })
        .collect();
    let mut text = serde_json::to_vec_pretty(&manifest)?;
    text.push(b'\n');
    artifacts.push(Artifact {
        path: "manifest.json".into(),
        bytes: text,
    });
    Ok(artifacts)
}

fn kind_of(path: &str) -> &'static str {
    match Path::new(path).extension().and_then(|e| e.to_str()) {
        Some("pdf") => "pdf",
        Some("html") => "html",
        Some("json") => "json",
        Some("csv") => "csv",
        Some("svg") => "chart",
        _ => "file",
    }
}

fn sibling(dir: &Path, tag: &str) -> Result<PathBuf> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .context("the pack folder has no name")?;
    Ok(dir.with_file_name(format!(".{name}.{tag}-{}", std::process::id())))
}

/// Writes a file atomically: a temporary sibling flushed to disk, then renamed over `path`, so
/// a reader sees the old content or the new, never a part.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let folder = path.parent().context("the file has no folder")?;
    std::fs::create_dir_all(folder)
        .with_context(|| format!("cannot create `{}`", folder.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .context("the file has no name")?;
    let staging = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&staging).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    let result = written
        .with_context(|| format!("cannot write `{}`", staging.display()))
        .and_then(|()| {
            std::fs::rename(&staging, path)
                .with_context(|| format!("cannot write `{}`", path.display()))
        });
    if result.is_err() {
        let _ = std::fs::remove_file(&staging);
    }
    result
}

/// Writes a pack folder atomically, replacing a previous one only once the new one is complete.
pub fn write_pack(dir: &Path, artifacts: &[Artifact]) -> Result<()> {
    if std::fs::symlink_metadata(dir).is_ok_and(|m| !m.is_dir()) {
        bail!(
            "`{}` is in the way: it should be the pack's folder but is a file or a link; move it away",
            dir.display()
        );
    }
    let parent = dir.parent().context("the pack folder has no parent")?;
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create `{}`", parent.display()))?;
    let staging = sibling(dir, "new")?;
    if staging.exists() {
        std::fs::remove_dir_all(&staging)
            .with_context(|| format!("cannot clear `{}`", staging.display()))?;
    }
    let result = write_all(&staging, artifacts).and_then(|()| swap_in(&staging, dir));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

fn write_all(staging: &Path, artifacts: &[Artifact]) -> Result<()> {
    for artifact in artifacts {
        let relative = Path::new(&artifact.path);
        if relative.is_absolute()
            || relative
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
        {
            bail!("refusing to write `{}` outside the pack", artifact.path);
        }
        let path = staging.join(relative);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("cannot create `{}`", folder.display()))?;
        }
        std::fs::write(&path, &artifact.bytes)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    Ok(())
}

fn swap_in(staging: &Path, dir: &Path) -> Result<()> {
    if !dir.exists() {
        return std::fs::rename(staging, dir)
            .with_context(|| format!("cannot move the new pack to `{}`", dir.display()));
    }
    let old = sibling(dir, "old")?;
    if old.exists() {
        std::fs::remove_dir_all(&old)
            .with_context(|| format!("cannot clear `{}`", old.display()))?;
    }
    std::fs::rename(dir, &old)
        .with_context(|| format!("cannot move the previous pack `{}` aside", dir.display()))?;
    if let Err(error) = std::fs::rename(staging, dir) {
        // Put the previous pack back: it stays the current one.
        let _ = std::fs::rename(&old, dir);
        return Err(error)
            .with_context(|| format!("cannot move the new pack to `{}`", dir.display()));
    }
    std::fs::remove_dir_all(&old)
        .with_context(|| format!("cannot remove the previous pack at `{}`", old.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_a_pack_and_refuses_escapes() {
        let dir = tempfile::tempdir().unwrap();
        let pack = dir.path().join("acme").join("qbr-2026-Q3");
        write_pack(
            &pack,
            &[Artifact {
                path: "a.txt".into(),
                bytes: b"one".to_vec(),
            }],
        )
        .unwrap();
        write_pack(
            &pack,
            &[Artifact {
                path: "b/c.txt".into(),
                bytes: b"two".to_vec(),
            }],
        )
        .unwrap();
        assert!(!pack.join("a.txt").exists());
        assert_eq!(std::fs::read(pack.join("b/c.txt")).unwrap(), b"two");
        let error = write_pack(
            &pack,
            &[Artifact {
                path: "../x".into(),
                bytes: vec![],
            }],
        )
        .unwrap_err();
        assert!(error.to_string().contains("outside the pack"));
        // The failed write left the previous pack in place and no staging folder behind.
        assert_eq!(std::fs::read(pack.join("b/c.txt")).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(pack.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }
}
