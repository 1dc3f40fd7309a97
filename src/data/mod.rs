//! Loading and normalising exports into one canonical ticket frame (plus CSAT responses and
//! size figures), with a data-quality report of everything that could not be used.

pub mod assemble;
pub mod cache;
pub mod frame;
pub mod guard;
pub mod iso;
pub mod json;
pub mod months;
pub mod parse;
pub mod presets;
pub mod quality;
pub mod read;
pub mod rows;
mod side;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use anyhow::{Result, bail};
use chrono_tz::Tz;
use polars::prelude::*;

use crate::config::{Field, Shape, SourceKind, WorkspaceOptions, normalize_label};
use assemble::{Assembler, FileContext, Pause};
use parse::ParseContext;
use quality::{FileRead, Issue, QualityReport, Reason};
use rows::{StatusLabels, parse_rows};

pub use side::{CsatResponses, Measurement, Measurements, SizeFigures};

impl Dataset {
    /// Tickets accepted, all clients.
    pub fn ticket_count(&self) -> usize {
        self.frames.iter().map(DataFrame::height).sum()
    }
}

/// Which clients a load is for.
#[derive(Debug, Clone)]
pub enum LoadScope {
    /// Every client of the workspace.
    All,
    /// Only these client ids.
    Clients(Vec<String>),
}

impl LoadScope {
    fn includes(&self, id: &str) -> bool {
        match self {
            Self::All => true,
            Self::Clients(ids) => ids.iter().any(|c| c == id),
        }
    }
}

/// Everything loaded from a workspace's sources.
pub struct Dataset {
    /// Canonical tickets of each client (see `frame` for the columns), indexed like the
    /// workspace's clients; clients out of scope or without tickets have an empty frame.
    pub frames: Vec<DataFrame>,
    /// Pauses per ticket, indexed by the `ticket` column.
    pub pauses: Vec<Vec<Pause>>,
    /// Status labels the pauses refer to.
    pub labels: StatusLabels,
    /// CSAT survey responses from separate files.
    pub csat: CsatResponses,
    /// Users and endpoints per month.
    pub sizes: SizeFigures,
    /// Measurements from other systems.
    pub measurements: Measurements,
    /// Data-quality report.
    pub quality: QualityReport,
}

/// The longest ticket title or survey comment a pack shows: 500 characters (a longer one, up to a
/// whole 20 MB line, is cut with `…`; no KPI reads it).
pub const MAX_TEXT_CHARS: usize = 500;

/// A title or comment as packs and `breaches.csv` carry it: cut to `MAX_TEXT_CHARS`.
pub fn shown_text(text: &str) -> String {
    match text.char_indices().nth(MAX_TEXT_CHARS) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

/// Loads every source of the workspace for the clients in `scope`, from the columnar cache when
/// the exports and configuration are unchanged since it was written (see `cache`). Without a
/// cache entry, every client is loaded and cached; should that fail (an export only other
/// clients use is broken), the clients in `scope` are loaded alone, as without a cache.
pub fn load_dataset(workspace: &WorkspaceOptions, scope: &LoadScope) -> Result<Dataset> {
    let Some(dir) = cache::location(workspace) else {
        return load_exports(workspace, scope);
    };
    let stage = std::time::Instant::now();
    let Some(key) = cache::fingerprint(workspace) else {
        return load_exports(workspace, scope);
    };
    profile("cache fingerprint", stage);
    let stage = std::time::Instant::now();
    if let Some(dataset) = cache::read(&dir, &key, workspace, scope) {
        profile("cache read", stage);
        return cache::restrict(dataset, scope, workspace);
    }
    let Ok(dataset) = load_exports(workspace, &LoadScope::All) else {
        return load_exports(workspace, scope);
    };
    let stage = std::time::Instant::now();
    if let Err(error) = cache::write(&dir, &key, &dataset, workspace) {
        eprintln!(
            "note: the export cache could not be written ({error:#}); the next run reads the exports again"
        );
    }
    profile("cache write", stage);
    cache::restrict(dataset, scope, workspace)
}

/// Reads every source of the workspace for the clients in `scope`.
fn load_exports(workspace: &WorkspaceOptions, scope: &LoadScope) -> Result<Dataset> {
    let _prompt = crate::memory::PromptPurge::start();
    let client_ids: Vec<String> = workspace.clients.iter().map(|c| c.id.clone()).collect();
    let zones: Vec<Tz> = workspace.clients.iter().map(|c| c.tz).collect();
    let scales: Vec<_> = workspace.clients.iter().map(|c| c.csat).collect();
    let mut quality = QualityReport::default();
    let mut labels = StatusLabels::default();
    let mut assembler = Assembler::new(&client_ids, &scales);
    let mut csat = CsatResponses::default();
    let mut sizes = SizeFigures::default();
    let mut measurements = Measurements::default();
    let mut file_labels: Vec<String> = Vec::new();
    for (source_index, source) in workspace.sources.iter().enumerate() {
        for (path, fixed_client) in source_files(workspace, source_index, scope) {
            let label = relative_label(&workspace.root, &path);
            workspace
                .boundary
                .check_joined(&workspace.root, &path, &label)
                .map_err(|e| anyhow::anyhow!("source `{}`: {e}", source.name))?;
            if fixed_client.is_some() && !path.exists() {
                bail!(
                    "`{label}`: no export for client `{}` (the source `{}` has one file per client)",
                    client_ids[fixed_client.unwrap_or(0) as usize],
                    source.name
                );
            }
            let file_index = file_labels.len() as u32;
            assembler.file_labels.push(label.clone());
            assembler.file_sources.push(source_index);
            file_labels.push(label.clone());
            // A ticket export is read in pieces, each assembled before the next is read;
            // a status history (a ticket's rows anywhere in the file) and the other kinds whole.
            let in_pieces = matches!(source.kind, SourceKind::Tickets)
                && matches!(source.shape, Shape::Tickets);
            let wanted: Vec<bool> = client_ids.iter().map(|id| scope.includes(id)).collect();
            let mut rows_read = 0;
            let mut unknown_clients = UnknownClients::default();
            let mut mark: Option<usize> = None;
            let mut stage = std::time::Instant::now();
            let mut each = |table: read::RawTable| -> Result<()> {
                profile("read", stage);
                if let Some(rows) = table.rows_expected {
                    assembler.records.reserve(rows);
                }
                let step = std::time::Instant::now();
                let assignment =
                    assign_clients(workspace, source_index, &table.frame, fixed_client, &label)?;
                record_missing_clients(&assignment, &label, &mut quality.issues);
                mark.get_or_insert(quality.issues.len());
                unknown_clients.add(&assignment);
                let in_scope: Vec<bool> = assignment
                    .clients
                    .iter()
                    .map(|c| assignment.by_ticket || c.is_some_and(|c| wanted[c as usize]))
                    .collect();
                let frame = if in_scope.iter().all(|k| *k) {
                    table.frame.clone()
                } else {
                    table
                        .frame
                        .filter(&BooleanChunked::from_slice("scope".into(), &in_scope))?
                };
                let clients: Vec<u32> = assignment
                    .clients
                    .iter()
                    .zip(&in_scope)
                    .filter(|(_, keep)| **keep)
                    .map(|(c, _)| c.unwrap_or(0))
                    .collect();
                for (row, why) in &table.bad_rows {
                    quality.issues.push(Issue {
                        reason: Reason::BadRecord,
                        file: label.clone(),
                        row: *row,
                        field: None,
                        detail: why.clone(),
                        client: fixed_client.map(|c| client_ids[c as usize].clone()),
                        weight: 1,
                    });
                }
                rows_read += table.frame.height() + table.bad_rows.len();
                drop(table);
                profile("assign", step);
                let context = ParseContext {
                    source,
                    file: &label,
                    clients: &clients,
                    client_ids: &client_ids,
                    client_zones: &zones,
                    plausible: (workspace.plausible, workspace.plausible_dates),
                };
                let file = FileContext {
                    source,
                    label: &label,
                    file_index,
                    clients: &clients,
                };
                let unreadable = |e: PolarsError| {
                    anyhow::anyhow!("`{label}`: cannot read the mapped columns: {e}")
                };
                match source.kind {
                    SourceKind::Tickets => {
                        let step = std::time::Instant::now();
                        let values = parse_rows(&context, &frame, &mut labels, &mut quality.issues)
                            .map_err(unreadable)?;
                        profile("parse", step);
                        let step = std::time::Instant::now();
                        match source.shape {
                            Shape::Tickets => assembler.add_ticket_rows(
                                &file,
                                &values,
                                &labels,
                                &mut quality.issues,
                            ),
                            Shape::History => assembler.add_history_rows(
                                &file,
                                &values,
                                &labels,
                                &mut quality.issues,
                            ),
                        }
                        profile("assemble", step);
                    }
                    SourceKind::Events => {
                        let values = parse_rows(&context, &frame, &mut labels, &mut quality.issues)
                            .map_err(unreadable)?;
                        assembler.add_event_rows(
                            &file,
                            &values,
                            &labels,
                            assignment.by_ticket,
                            &mut quality.issues,
                        );
                    }
                    SourceKind::Csat => csat.add(&context, &frame, &mut quality.issues)?,
                    SourceKind::Sizes => sizes.add(&context, &frame, &mut quality.issues)?,
                    SourceKind::Measurements => {
                        measurements.add(&context, &frame, &mut quality.issues)?
                    }
                }
                stage = std::time::Instant::now();
                Ok(())
            };
            let digest = read::read_table(source, &path, &label, in_pieces, &mut each)?;
            // Values no client matches, counted over the whole file, where the file's first
            // piece put its issues.
            let at = mark.unwrap_or(quality.issues.len());
            quality
                .issues
                .splice(at..at, unknown_clients.issues(&label));
            quality.files.push(FileRead {
                source: source.name.clone(),
                file: label.clone(),
                rows: rows_read,
                sha256: digest.sha256,
                bytes: digest.bytes,
            });
        }
    }
    assembler.merge_events(&workspace.sources, &mut quality.issues);
    // The rest of the assembler (the index of ticket ids) is freed here.
    let records = {
        let assembler = assembler;
        assembler.records
    };
    profile("assembled", std::time::Instant::now());
    csat.attribute_by_ticket(&records, &mut quality.issues);
    let mut accepted = vec![0usize; client_ids.len()];
    for &client in &records.client {
        accepted[client as usize] += 1;
    }
    for (id, count) in client_ids.iter().zip(accepted) {
        if count > 0 {
            quality.accepted.insert(id.clone(), count);
        }
    }
    let stage = std::time::Instant::now();
    let (frames, pauses) = frame::build_client_frames(records, &client_ids, &file_labels)?;
    profile("frame", stage);
    Ok(Dataset {
        frames,
        pauses,
        labels,
        csat,
        sizes,
        measurements,
        quality,
    })
}

/// Prints a stage's duration when `REVIEWPACK_PROFILE` is set (for finding where time goes).
pub fn profile(stage: &str, start: std::time::Instant) {
    if std::env::var_os("REVIEWPACK_PROFILE").is_some() {
        // Resident memory now (Linux), to see where memory goes as well.
        let resident = std::fs::read_to_string("/proc/self/statm")
            .ok()
            .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
            .map_or_else(String::new, |pages| {
                format!(", resident {} MB", (pages * 4096) >> 20)
            });
        eprintln!(
            "profile: {stage} {:.3} s{resident}",
            start.elapsed().as_secs_f64()
        );
    }
}

fn relative_label(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .to_string()
}

/// The files of a source with, for per-client files, their client.
fn source_files(
    workspace: &WorkspaceOptions,
    source_index: usize,
    scope: &LoadScope,
) -> Vec<(std::path::PathBuf, Option<u32>)> {
    let source = &workspace.sources[source_index];
    let users: Vec<(usize, &crate::config::ClientOptions)> = workspace
        .clients
        .iter()
        .enumerate()
        .filter(|(_, c)| c.sources.contains(&source_index) && scope.includes(&c.id))
        .collect();
    if source.per_client() {
        let template = source.path.to_string_lossy().to_string();
        return users
            .into_iter()
            .map(|(i, c)| (template.replace("{client}", &c.id).into(), Some(i as u32)))
            .collect();
    }
    if users.is_empty() {
        return Vec::new();
    }
    vec![(source.path.clone(), None)]
}

/// The data-quality report of `client`'s own files: what a load of that client alone reports,
/// whichever clients the load read (what its packs and `kpis.json` state).
pub fn client_quality(
    workspace: &WorkspaceOptions,
    dataset: &Dataset,
    client: &str,
) -> QualityReport {
    dataset
        .quality
        .of_client(client, &files_of(workspace, client))
}

/// The files (workspace-relative, as `QualityReport::files` names them) a load of `client` alone
/// reads: its sources' shared files and its own per-client files.
fn files_of(workspace: &WorkspaceOptions, client: &str) -> HashSet<String> {
    let scope = LoadScope::Clients(vec![client.to_string()]);
    (0..workspace.sources.len())
        .flat_map(|index| source_files(workspace, index, &scope))
        .map(|(path, _)| relative_label(&workspace.root, &path))
        .collect()
}

/// The client of each row of a file.
struct ClientAssignment {
    /// Rows are attributed later through their ticket id (CSAT surveys).
    by_ticket: bool,
    clients: Vec<Option<u32>>,
    missing_rows: Vec<u64>,
    unknown_values: Vec<(String, u64, u64)>,
}

fn assign_clients(
    workspace: &WorkspaceOptions,
    source_index: usize,
    frame: &DataFrame,
    fixed: Option<u32>,
    label: &str,
) -> Result<ClientAssignment> {
    let source = &workspace.sources[source_index];
    let height = frame.height();
    if let Some(client) = fixed {
        return Ok(ClientAssignment {
            by_ticket: false,
            clients: vec![Some(client); height],
            missing_rows: Vec::new(),
            unknown_values: Vec::new(),
        });
    }
    if let Some(id) = &source.constant_client {
        let Some(index) = workspace.clients.iter().position(|c| &c.id == id) else {
            bail!(
                "source `{}`: `constants.client` is `{id}`, which is not a configured client",
                source.name
            );
        };
        return Ok(ClientAssignment {
            by_ticket: false,
            clients: vec![Some(index as u32); height],
            missing_rows: Vec::new(),
            unknown_values: Vec::new(),
        });
    }
    if matches!(source.kind, SourceKind::Csat | SourceKind::Events)
        && !source.columns.contains_key(&Field::Client)
    {
        return Ok(ClientAssignment {
            by_ticket: true,
            clients: vec![Some(0); height],
            missing_rows: Vec::new(),
            unknown_values: Vec::new(),
        });
    }
    let Some(column) = source.columns.get(&Field::Client) else {
        bail!(
            "source `{}` (`{label}`): no client column, constant or per-client path",
            source.name
        );
    };
    let mut lookup: HashMap<String, u32> = HashMap::new();
    for (i, client) in workspace.clients.iter().enumerate() {
        if client.sources.contains(&source_index) {
            for value in &client.match_values {
                lookup.entry(value.clone()).or_insert(i as u32);
            }
        }
    }
    let values = frame
        .column(column)?
        .as_materialized_series()
        .str()?
        .clone();
    let rows = parse::row_numbers(frame)?;
    let mut cache: polars::prelude::PlHashMap<&str, Option<u32>> = Default::default();
    let mut unknown: HashMap<String, (u64, u64)> = HashMap::new();
    let mut missing_rows = Vec::new();
    let mut clients = Vec::with_capacity(height);
    for (i, value) in values.iter().enumerate() {
        let Some(value) = value.filter(|v| !v.trim().is_empty()) else {
            missing_rows.push(rows[i]);
            clients.push(None);
            continue;
        };
        let client = *cache
            .entry(value)
            .or_insert_with(|| lookup.get(&normalize_label(value)).copied());
        if client.is_none() {
            let entry = unknown.entry(value.to_string()).or_insert((rows[i], 0));
            entry.1 += 1;
        }
        clients.push(client);
    }
    let mut unknown_values: Vec<(String, u64, u64)> = unknown
        .into_iter()
        .map(|(v, (row, n))| (v, row, n))
        .collect();
    unknown_values.sort_by_key(|(_, row, _)| *row);
    Ok(ClientAssignment {
        by_ticket: false,
        clients,
        missing_rows,
        unknown_values,
    })
}

fn record_missing_clients(assignment: &ClientAssignment, label: &str, issues: &mut Vec<Issue>) {
    for &row in &assignment.missing_rows {
        issues.push(Issue {
            reason: Reason::MissingClient,
            file: label.to_string(),
            row,
            field: Some("client"),
            detail: "no client value".to_string(),
            client: None,
            weight: 1,
        });
    }
}

/// Client values no configured client matches, over all the pieces of a file: value → (first
/// row, rows).
#[derive(Default)]
struct UnknownClients(HashMap<String, (u64, u64)>);

impl UnknownClients {
    fn add(&mut self, assignment: &ClientAssignment) {
        for (value, row, count) in &assignment.unknown_values {
            let entry = self.0.entry(value.clone()).or_insert((*row, 0));
            entry.1 += count;
        }
    }

    /// One issue per value, in the order of their first rows.
    fn issues(self, label: &str) -> Vec<Issue> {
        let mut values: Vec<(String, (u64, u64))> = self.0.into_iter().collect();
        values.sort_by_key(|(_, (row, _))| *row);
        values
            .into_iter()
            .map(|(value, (row, count))| Issue {
                reason: Reason::ClientNotInWorkspace,
                file: label.to_string(),
                row,
                field: Some("client"),
                detail: format!("{count} rows for client `{}`, which no configured client matches (see `match_values`)", quality::excerpt(&value)),
                client: None,
                weight: count,
            })
            .collect()
    }
}
