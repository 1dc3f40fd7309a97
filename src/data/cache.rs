//! A columnar cache of loaded exports, kept beside the workspace (`.reviewpack-cache/`): each
//! client's canonical ticket frame as an Arrow IPC file, plus the side data (pauses, status
//! labels, survey responses, sizes, the data-quality report) as JSON. A run over unchanged
//! exports reads it instead of parsing CSV or Parquet again.
//!
//! Each file of an entry carries its xxh3 checksum (`checksums.json`, written last): a file that
//! changed or was damaged since makes the entry count as none. An entry is valid for one
//! fingerprint: the cache format, the executable (path, size, mtime),
//! the workspace folder, the text of `reviewpack.yaml` and of every file in `clients/`, and each
//! export's path, size, modification time and xxh3 checksum of its bytes. Any change gives a new
//! fingerprint: the exports are read again and the entry is replaced. A cache that cannot be
//! read or written is never an error: the run reads the exports as it would without one.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use anyhow::{Context, Result, anyhow};
use polars::prelude::*;
use serde::{Deserialize, Serialize};

use super::assemble::Pause;
use super::quality::{FileRead, Issue, QualityReport, Reason};
use super::rows::StatusLabels;
use super::side::{CsatResponse, CsatResponses, Measurement, Measurements, MonthSize, SizeFigures};
use super::{Dataset, LoadScope};
use crate::config::WorkspaceOptions;

/// Bumped whenever what an entry holds changes.
const FORMAT: u32 = 2;
/// The file of an entry that holds the xxh3 checksum of each of its other files.
const SUMS: &str = "checksums.json";
/// The cache's folder in a workspace.
pub const CACHE_DIR: &str = ".reviewpack-cache";

/// Where the cache of a workspace lives, or `None` when it is turned off
/// (`REVIEWPACK_CACHE=off`). `REVIEWPACK_CACHE_DIR` moves it (a read-only workspace).
pub fn location(workspace: &WorkspaceOptions) -> Option<PathBuf> {
    if std::env::var("REVIEWPACK_CACHE").is_ok_and(|v| matches!(v.trim(), "off" | "0" | "no")) {
        return None;
    }
    let base = std::env::var_os("REVIEWPACK_CACHE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace.root.join(CACHE_DIR));
    // One folder per workspace, so that a shared cache folder serves several.
    let root = std::fs::canonicalize(&workspace.root).unwrap_or_else(|_| workspace.root.clone());
    let tag = xxhash_rust::xxh3::xxh3_64(root.to_string_lossy().as_bytes());
    Some(base.join(format!("{tag:016x}")))
}

/// The fingerprint of everything a load of every client reads, or `None` when a file cannot be
/// looked at (the load then reports it).
pub fn fingerprint(workspace: &WorkspaceOptions) -> Option<String> {
    let debug = std::env::var_os("REVIEWPACK_PROFILE").is_some();
    let why = |what: &str| {
        if debug {
            eprintln!("profile: cache fingerprint: cannot read {what}");
        }
    };
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut add = |bytes: &[u8]| {
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    add(&FORMAT.to_le_bytes());
    let exe = std::env::current_exe().ok()?;
    add(exe.to_string_lossy().as_bytes());
    add(&stat(&exe).or_else(|| {
        why("the executable");
        None
    })?);
    add(workspace.root.to_string_lossy().as_bytes());
    add(&std::fs::read(workspace.root.join("reviewpack.yaml"))
        .ok()
        .or_else(|| {
            why("reviewpack.yaml");
            None
        })?);
    let clients = workspace.root.join(crate::config::CLIENTS_DIR);
    if clients.is_dir() {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&clients)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        names.sort();
        for name in names {
            add(name.to_string_lossy().as_bytes());
            add(&std::fs::read(&name).ok()?);
        }
    }
    for index in 0..workspace.sources.len() {
        for (path, _) in super::source_files(workspace, index, &LoadScope::All) {
            add(path.to_string_lossy().as_bytes());
            add(&stat(&path).or_else(|| {
                why(&path.to_string_lossy());
                None
            })?);
            add(&checksum(&path)?.to_le_bytes());
        }
    }
    Some(format!("{:032x}", hasher.digest128()))
}

/// Size and modification time (ns) of a regular file.
fn stat(path: &Path) -> Option<Vec<u8>> {
    let metadata = std::fs::metadata(path).ok()?;
    if !metadata.is_file() {
        return None;
    }
    let modified = metadata
        .modified()
        .ok()?
        .duration_since(UNIX_EPOCH)
        .ok()?
        .as_nanos();
    let mut bytes = metadata.len().to_le_bytes().to_vec();
    bytes.extend(modified.to_le_bytes());
    Some(bytes)
}

/// The xxh3 checksum of a file's bytes, read in 1 MB pieces.
fn checksum(path: &Path) -> Option<u64> {
    let mut reader = std::fs::File::open(path).ok()?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let read = reader.read(&mut buffer).ok()?;
        if read == 0 {
            return Some(hasher.digest());
        }
        hasher.update(&buffer[..read]);
    }
}

/// Everything of a dataset but the ticket frames.
#[derive(Serialize, Deserialize)]
struct Side {
    clients: Vec<String>,
    rows: Vec<usize>,
    pauses: Vec<Vec<(i64, i64, u32)>>,
    labels: Vec<(String, String)>,
    csat: Vec<CsatResponse>,
    sizes: Vec<((u32, i32, u32), MonthSize)>,
    measurements: Vec<Measurement>,
    files: Vec<FileRead>,
    issues: Vec<CachedIssue>,
    accepted: Vec<(String, usize)>,
}

#[derive(Serialize, Deserialize)]
struct CachedIssue {
    reason: Reason,
    file: String,
    row: u64,
    field: Option<String>,
    detail: String,
    client: Option<String>,
    weight: u64,
}

/// Reads the entry of `key`, or `None` when there is none (or it cannot be read).
/// Only the frames of clients in `scope` are read.
pub fn read(
    dir: &Path,
    key: &str,
    workspace: &WorkspaceOptions,
    scope: &LoadScope,
) -> Option<Dataset> {
    let entry = dir.join(key);
    // Every file's checksum, written last: a file changed or damaged since is no entry.
    let sums: HashMap<String, String> =
        serde_json::from_slice(&std::fs::read(entry.join(SUMS)).ok()?).ok()?;
    let read_checked = |name: &str| -> Option<Vec<u8>> {
        let bytes = std::fs::read(entry.join(name)).ok()?;
        let sum = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes));
        (sums.get(name) == Some(&sum)).then_some(bytes)
    };
    let side: Side = serde_json::from_slice(&read_checked("side.json")?).ok()?;
    let ids: Vec<&str> = workspace.clients.iter().map(|c| c.id.as_str()).collect();
    if side.clients != ids || side.rows.len() != ids.len() {
        return None;
    }
    // Every cached frame has the canonical columns and types.
    let empty = super::frame::empty_frame("").ok()?;
    let mut frames = Vec::with_capacity(ids.len());
    for (index, rows) in side.rows.iter().enumerate() {
        if *rows == 0 || !scope.includes(ids[index]) {
            frames.push(super::frame::empty_frame(ids[index]).ok()?);
            continue;
        }
        let bytes = read_checked(&format!("{index}.arrow"))?;
        // Should the decoder panic all the same, that too is no entry.
        let frame =
            super::guard::without_panics(|| IpcReader::new(std::io::Cursor::new(bytes)).finish())
                .ok()?
                .ok()?;
        if frame.height() != *rows || frame.schema() != empty.schema() {
            return None;
        }
        frames.push(frame);
    }
    let mut statics: HashMap<String, &'static str> = HashMap::new();
    let mut keep = |text: String| -> &'static str {
        if let Some(kept) = statics.get(&text) {
            return kept;
        }
        let kept: &'static str = Box::leak(text.clone().into_boxed_str());
        statics.insert(text, kept);
        kept
    };
    let mut labels = StatusLabels::default();
    for (label, canonical) in side.labels {
        let canonical = super::rows::canonical_status(&canonical)?;
        labels.intern(&label, canonical);
    }
    let issues = side
        .issues
        .into_iter()
        .map(|i| Issue {
            reason: i.reason,
            file: i.file,
            row: i.row,
            field: i.field.map(&mut keep),
            detail: i.detail,
            client: i.client,
            weight: i.weight,
        })
        .collect();
    Some(Dataset {
        frames,
        pauses: side
            .pauses
            .into_iter()
            .map(|list| {
                list.into_iter()
                    .map(|(start, end, status)| Pause { start, end, status })
                    .collect()
            })
            .collect(),
        labels,
        csat: CsatResponses {
            responses: side.csat,
        },
        sizes: SizeFigures {
            months: side.sizes.into_iter().collect(),
        },
        measurements: Measurements::from_rows(side.measurements),
        quality: QualityReport {
            files: side.files,
            issues,
            accepted: side.accepted.into_iter().collect(),
        },
    })
}

/// Writes `dataset` (a load of every client) as the entry of `key`, replacing the workspace's
/// other entries. The entry appears whole or not at all (written aside, then renamed).
pub fn write(dir: &Path, key: &str, dataset: &Dataset, workspace: &WorkspaceOptions) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let staging = dir.join(format!(".{key}.{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir(&staging)?;
    let result = write_entry(&staging, dataset, workspace);
    if let Err(error) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(error);
    }
    let entry = dir.join(key);
    // An entry already there could not be read (damaged) or was just written by another run:
    // either way this one replaces it.
    let _ = std::fs::remove_dir_all(&entry);
    if std::fs::rename(&staging, &entry).is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    for other in std::fs::read_dir(dir)?.filter_map(|e| e.ok()) {
        let name = other.file_name().to_string_lossy().to_string();
        if name != key && !name.starts_with('.') {
            let _ = std::fs::remove_dir_all(other.path());
        }
    }
    Ok(())
}

fn write_entry(staging: &Path, dataset: &Dataset, workspace: &WorkspaceOptions) -> Result<()> {
    let mut sums: HashMap<String, String> = HashMap::new();
    let mut put = |name: String, bytes: &[u8]| -> Result<()> {
        std::fs::write(staging.join(&name), bytes)?;
        sums.insert(name, format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes)));
        Ok(())
    };
    for (index, frame) in dataset.frames.iter().enumerate() {
        if frame.height() == 0 {
            continue;
        }
        let mut bytes = Vec::new();
        IpcWriter::new(&mut bytes)
            .finish(&mut frame.clone())
            .map_err(|e| anyhow!("{e}"))?;
        put(format!("{index}.arrow"), &bytes)?;
    }
    let labels = (0..dataset.labels.len() as u32)
        .map(|id| {
            (
                dataset.labels.label(id).to_string(),
                dataset.labels.canonical(id).to_string(),
            )
        })
        .collect();
    let side = Side {
        clients: workspace.clients.iter().map(|c| c.id.clone()).collect(),
        rows: dataset.frames.iter().map(DataFrame::height).collect(),
        pauses: dataset
            .pauses
            .iter()
            .map(|list| list.iter().map(|p| (p.start, p.end, p.status)).collect())
            .collect(),
        labels,
        csat: dataset.csat.responses.clone(),
        sizes: dataset.sizes.months.iter().map(|(k, v)| (*k, *v)).collect(),
        measurements: dataset.measurements.rows.clone(),
        files: dataset.quality.files.clone(),
        issues: dataset
            .quality
            .issues
            .iter()
            .map(|i| CachedIssue {
                reason: i.reason,
                file: i.file.clone(),
                row: i.row,
                field: i.field.map(str::to_string),
                detail: i.detail.clone(),
                client: i.client.clone(),
                weight: i.weight,
            })
            .collect(),
        accepted: dataset
            .quality
            .accepted
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect(),
    };
    put("side.json".to_string(), &serde_json::to_vec(&side)?)?;
    std::fs::write(staging.join(SUMS), serde_json::to_vec(&sums)?)?;
    Ok(())
}

/// A load of every client narrowed to `scope`, as a load of those clients alone would give it:
/// other clients' tickets, issues, responses and sizes are left out.
pub fn restrict(
    mut dataset: Dataset,
    scope: &LoadScope,
    workspace: &WorkspaceOptions,
) -> Result<Dataset> {
    if matches!(scope, LoadScope::All) {
        return Ok(dataset);
    }
    let wanted: Vec<bool> = workspace
        .clients
        .iter()
        .map(|c| scope.includes(&c.id))
        .collect();
    for (index, frame) in dataset.frames.iter_mut().enumerate() {
        if !wanted[index] && frame.height() > 0 {
            *frame = super::frame::empty_frame(&workspace.clients[index].id)?;
        }
    }
    // The files a load of these clients reads: sources they use, their own per-client files.
    let read: HashSet<String> = (0..workspace.sources.len())
        .flat_map(|index| super::source_files(workspace, index, scope))
        .map(|(path, _)| super::relative_label(&workspace.root, &path))
        .collect();
    let quality = &mut dataset.quality;
    quality.files.retain(|f| read.contains(&f.file));
    quality.issues.retain(|i| {
        read.contains(&i.file) && i.client.as_deref().is_none_or(|c| scope.includes(c))
    });
    quality.accepted.retain(|id, _| scope.includes(id));
    dataset
        .csat
        .responses
        .retain(|r| read.contains(&r.file) && r.client.is_none_or(|c| wanted[c as usize]));
    dataset
        .sizes
        .months
        .retain(|(c, _, _), _| wanted[*c as usize]);
    dataset
        .measurements
        .retain(|m| read.contains(&m.file) && wanted[m.client as usize]);
    Ok(dataset)
}
