//! Assembling a review pack: KPI results → the sections of the pack's level (data and charts)
//! → HTML and PDF → the files of the pack, with a manifest. Everything here computes in memory;
//! `write` puts a pack on disk.

pub mod history;
pub mod levels;
pub mod locale;
pub mod markdown;
pub mod model;
pub mod sections;
pub mod summary;
pub mod watchdog;
pub mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};

use crate::charts::Palette;
use crate::config::{ClientOptions, WorkspaceOptions};
use crate::csi::{ActionChange, Register};
use crate::data::Dataset;
use crate::data::quality::QualityReport;
use crate::kpi::Engine;
use crate::kpi::compute::MetricContext;
use crate::kpi::findings::{Finding, findings};
use crate::kpi::report::{KpiReport, kpi_report};
use crate::kpi::view::ClientView;
use crate::period::Period;
use crate::render::html::{HtmlJob, render_html};
use crate::render::pdf::{PdfJob, render_pdf};
use crate::render::templates::Templates;
use crate::render::text::displayable;
use history::Presented;
use levels::LevelSpec;
use model::PackInputs;
use sections::SectionContext;
use write::{Artifact, Manifest, ManifestEntry, input_entry, with_manifest};

/// Which files a build writes.
#[derive(Debug, Clone, Copy)]
pub struct Outputs {
    /// `pack.pdf`.
    pub pdf: bool,
    /// `pack.html`.
    pub html: bool,
}

/// Everything a pack is built from.
pub struct BuildRequest<'a> {
    /// The workspace.
    pub workspace: &'a WorkspaceOptions,
    /// The review level.
    pub level: &'a LevelSpec,
    /// Index of the client.
    pub client_index: usize,
    /// The client's tickets.
    pub view: &'a ClientView,
    /// Loaded data (CSAT, sizes).
    pub dataset: &'a Dataset,
    /// The data-quality report of the client's own files (`QualityReport::of_client`).
    pub quality: &'a QualityReport,
    /// The period.
    pub period: Period,
    /// As-of instant.
    pub as_of: i64,
    /// Templates.
    pub templates: &'a Templates,
    /// Files shared by every pack of the run.
    pub files: &'a PackFiles,
    /// Files of this client's review.
    pub review: &'a ReviewFiles,
    /// Files to write.
    pub outputs: Outputs,
}

/// Files the packs of a run read, read once: the logo, and the manifest entries of the
/// configuration files, template overrides and logo (a pack names the workspace's configuration
/// file and its client's, and its client's exports).
pub struct PackFiles {
    /// Logo file name inside the pack and its bytes.
    pub logo: Option<(String, Vec<u8>)>,
    /// Manifest entries of the configuration files, by path.
    pub config: BTreeMap<PathBuf, ManifestEntry>,
    /// Manifest entries of the template overrides and the logo.
    pub inputs: Vec<ManifestEntry>,
}

/// Files of one client's review: the SDM's commentary, the published reviews compared with,
/// and the CSI register with the state it had at the last published review.
pub struct ReviewFiles {
    /// The commentary, parsed.
    pub commentary: Vec<markdown::Block>,
    /// Published reviews of the comparison periods.
    pub presented: Presented,
    /// Published QBRs of the period's quarters (the CSF evolution of executive reviews).
    pub quarterly: Presented,
    /// The CSI register as it stands.
    pub register: Register,
    /// The last published review before this one (`monthly-2026-08`) and its register.
    pub last_review: Option<(String, Option<Register>)>,
    /// Manifest entries of the commentary, the snapshots and the register.
    pub inputs: Vec<ManifestEntry>,
}

/// Reads the files shared by every pack (the edge of the pipeline: `build_qbr` reads nothing).
pub fn read_pack_files(workspace: &WorkspaceOptions, templates: &Templates) -> Result<PackFiles> {
    let logo = read_logo(workspace)?;
    let mut config = BTreeMap::new();
    for file in &workspace.config_files {
        config.insert(
            file.clone(),
            input_entry(file, shown(workspace, file), "config")?,
        );
    }
    let mut inputs = Vec::new();
    for file in &templates.overrides {
        inputs.push(input_entry(file, shown(workspace, file), "template")?);
    }
    if let (Some(path), Some((_, bytes))) = (&workspace.msp.logo, &logo) {
        inputs.push(ManifestEntry {
            path: shown(workspace, path),
            kind: "logo",
            bytes: bytes.len() as u64,
            sha256: write::sha256_hex(bytes),
        });
    }
    Ok(PackFiles {
        logo,
        config,
        inputs,
    })
}

/// Reads a client's commentary, the published reviews a pack of `level` and `period` compares
/// with, and the CSI register (with the last published review's copy of it).
pub fn read_review_files(
    workspace: &WorkspaceOptions,
    client: &ClientOptions,
    level: &LevelSpec,
    period: Period,
) -> Result<ReviewFiles> {
    let mut inputs = Vec::new();
    let path = commentary_path(&workspace.root, &client.id, &level.name, period);
    let commentary = if path.exists() {
        workspace
            .boundary
            .check(&path, &shown(workspace, &path))
            .map_err(|e| anyhow!("{e}"))?;
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        if size > MAX_COMMENTARY_BYTES {
            return Err(anyhow!(
                "the commentary `{}` is {} kB; a commentary may hold at most {} kB",
                shown(workspace, &path),
                size >> 10,
                MAX_COMMENTARY_BYTES >> 10
            ));
        }
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "cannot read the commentary `{}` (it must be UTF-8 Markdown)",
                path.display()
            )
        })?;
        inputs.push(ManifestEntry {
            path: shown(workspace, &path),
            kind: "commentary",
            bytes: text.len() as u64,
            sha256: write::sha256_hex(text.as_bytes()),
        });
        markdown::parse(&text)
    } else {
        Vec::new()
    };
    let mut compared = period.trailing(level.trend.max(2));
    compared.push(period.year_earlier());
    let presented = Presented::load(&workspace.root, &client.id, &level.name, &compared)?;
    for (p, (bytes, sha256)) in &presented.checksums {
        let path = history::snapshot_path(&workspace.root, &client.id, &level.name, *p);
        inputs.push(ManifestEntry {
            path: shown(workspace, &path),
            kind: "history",
            bytes: *bytes,
            sha256: sha256.clone(),
        });
    }
    let quarterly = Presented::load(&workspace.root, &client.id, "qbr", &period.quarters())?;
    for (p, (bytes, sha256)) in &quarterly.checksums {
        let path = history::snapshot_path(&workspace.root, &client.id, "qbr", *p);
        if !inputs.iter().any(|i| i.path == shown(workspace, &path)) {
            inputs.push(ManifestEntry {
                path: shown(workspace, &path),
                kind: "history",
                bytes: *bytes,
                sha256: sha256.clone(),
            });
        }
    }
    let register = crate::csi::load_register(&workspace.root, client).map_err(|e| anyhow!(e))?;
    let register_path = crate::csi::register_path(&workspace.root, &client.id);
    if register_path.exists() {
        inputs.push(input_entry(
            &register_path,
            shown(workspace, &register_path),
            "csi",
        )?);
    }
    let last_review = history::last_published(
        &workspace.root,
        &client.id,
        &level.name,
        period,
        client.fiscal_year_start,
    )?
    .map(|(review, snapshot, bytes, sha256)| {
        let path = workspace
            .root
            .join("history")
            .join(&client.id)
            .join(format!("{review}.json"));
        if !inputs.iter().any(|i| i.path == shown(workspace, &path)) {
            inputs.push(ManifestEntry {
                path: shown(workspace, &path),
                kind: "history",
                bytes,
                sha256,
            });
        }
        (review, snapshot.csi)
    });
    Ok(ReviewFiles {
        commentary,
        presented,
        quarterly,
        register,
        last_review,
        inputs,
    })
}

/// The review level's folder name of a pack: `qbr-2026-Q3`.
pub fn pack_name(level: &str, period: Period) -> String {
    format!("{level}-{period}")
}

/// The commentary file of a review, if the SDM wrote one.
pub fn commentary_path(workspace: &Path, client: &str, level: &str, period: Period) -> PathBuf {
    workspace
        .join("commentary")
        .join(client)
        .join(format!("{level}-{period}.md"))
}

fn read_logo(workspace: &WorkspaceOptions) -> Result<Option<(String, Vec<u8>)>> {
    let Some(path) = &workspace.msp.logo else {
        return Ok(None);
    };
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read the logo `{}`", path.display()))?
        .len();
    if size > MAX_LOGO_BYTES {
        return Err(anyhow!(
            "the logo `{}` is {} kB; a logo may hold at most {} kB",
            path.display(),
            size >> 10,
            MAX_LOGO_BYTES >> 10
        ));
    }
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read the logo `{}`", path.display()))?;
    if let Some((width, height)) = png_size(&bytes)
        && u64::from(width) * u64::from(height) > MAX_LOGO_PIXELS
    {
        return Err(anyhow!(
            "the logo `{}` is {width}×{height} pixels; a logo may have at most {} million pixels (a small PNG can decode to gigabytes)",
            path.display(),
            MAX_LOGO_PIXELS / 1_000_000
        ));
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let name = match extension.as_str() {
        "svg" => "logo.svg",
        "png" => "logo.png",
        "jpg" | "jpeg" => "logo.jpg",
        other => {
            return Err(anyhow!(
                "the logo `{}` is a `.{other}` file; use SVG, PNG or JPEG",
                path.display()
            ));
        }
    };
    Ok(Some((name.to_string(), bytes)))
}

/// The largest logo file: 2 MiB.
pub const MAX_LOGO_BYTES: u64 = 2 << 20;
/// The most pixels a PNG logo may decode to: 16 million (4000 × 4000).
pub const MAX_LOGO_PIXELS: u64 = 16_000_000;
/// The largest commentary file: 256 KiB (a few dozen pages of text).
pub const MAX_COMMENTARY_BYTES: u64 = 256 << 10;

/// Width and height from a PNG's header.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let width = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
    let height = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
    Some((width, height))
}

fn data_uri(name: &str, bytes: &[u8]) -> String {
    use base64::Engine as _;
    let mime = match name.rsplit('.').next() {
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "image/jpeg",
    };
    format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

fn breaches_csv(report: &KpiReport) -> Result<Vec<u8>> {
    use crate::output::csv::{Cell, Rows};
    let header = [
        "id",
        "priority",
        "target",
        "title",
        "created_utc",
        "ended_utc",
        "elapsed_minutes",
        "target_minutes",
        "over_by_minutes",
        "open",
        "source_row",
    ];
    let iso = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            .unwrap_or_default()
    };
    let mut rows = Rows::new(Vec::new(), &header)?;
    for b in &report.breaches {
        rows.row([
            Cell::Text(&b.id),
            Cell::Text(b.priority.as_deref().unwrap_or("")),
            Cell::Number(b.target.to_string()),
            Cell::Text(b.title.as_deref().unwrap_or("")),
            Cell::Number(iso(b.created)),
            Cell::Number(b.ended.map(iso).unwrap_or_default()),
            Cell::Number(format!("{:.1}", b.elapsed_minutes)),
            Cell::Number(format!("{:.1}", b.target_minutes)),
            Cell::Number(format!("{:.1}", b.over_by_minutes)),
            Cell::Number(b.open.to_string()),
            Cell::Text(&b.source_row),
        ])?;
    }
    Ok(rows.finish()?)
}

/// Builds the files of a pack of the request's level (in memory).
pub fn build_pack(request: &BuildRequest) -> Result<(Vec<Artifact>, KpiReport)> {
    let workspace = request.workspace;
    let client = &workspace.clients[request.client_index];
    let dataset = request.dataset;
    let level = request.level;
    let context = MetricContext {
        client,
        client_index: request.client_index as u32,
        csat: &dataset.csat,
        sizes: &dataset.sizes,
        measurements: &dataset.measurements,
    };
    let stage = std::time::Instant::now();
    let mut engine = Engine::new(request.view, context, request.as_of);
    let period = request.period;
    let report = kpi_report(&mut engine, period, request.quality).map_err(|e| anyhow!(e))?;
    let bounds = engine.bounds(period);
    let found: Vec<Finding> = findings(request.view, client, &report.csfs, &bounds, request.as_of);
    let review = request.review;
    let today = crate::tz::utc_ms_to_local(client.tz, request.as_of.min(bounds.end) - 1).date();
    let csi: Vec<ActionChange> = crate::csi::changes(
        &review.register,
        review.last_review.as_ref().and_then(|(_, r)| r.as_ref()),
        today,
    );
    let logo = &request.files.logo;
    let inputs = PackInputs {
        msp: &workspace.msp,
        client,
        level,
        period,
        report: &report,
        presented: &review.presented,
        quarterly: &review.quarterly,
        commentary: review.commentary.clone(),
        paper: client.paper,
        logo: logo.as_ref().map(|l| l.0.clone()),
        findings: &found,
        csi: &csi,
        csi_since: review
            .last_review
            .as_ref()
            .map(|(name, _)| review_name(client, name)),
        quality: request.quality,
    };
    let palette = Palette::from_brand(
        &workspace.msp.primary_color,
        &workspace.msp.secondary_color,
        &workspace.msp.accent_color,
    );
    let order = level.sections_for(
        client.packs.touch,
        client.packs.sections.get(&level.name).map(Vec::as_slice),
    );
    let mut section_context = SectionContext {
        engine: &mut engine,
        inputs: &inputs,
        palette: &palette,
        charts: Vec::new(),
    };
    let mut data = serde_json::json!({
        "meta": model::meta(&inputs),
        "labels": locale::labels(client.locale),
        "order": order,
        "contents": sections::contents(&order, client.locale, level),
    });
    for name in &order {
        data[name.as_str()] = sections::draw(name, &mut section_context)
            .with_context(|| format!("section `{name}`"))?;
    }
    let charts = section_context.charts;
    crate::data::profile("model", stage);
    // Text from the data is shown as it is, whatever it holds: any script, emoji, controls.
    crate::render::text::make_displayable(&mut data);
    data["meta"]["colors"]["on_primary"] =
        serde_json::Value::String(on_primary(&workspace.msp.primary_color).to_string());
    let svgs: Vec<(String, String)> = charts
        .iter()
        .map(|c| (c.file.clone(), displayable(&c.svg).into_owned()))
        .collect();
    let mut artifacts = Vec::new();
    let stage = std::time::Instant::now();
    if request.outputs.html {
        let main = format!("{}.html", level.name);
        let job = HtmlJob {
            main: &main,
            templates: request.templates,
            model: &data,
            charts: svgs.iter().cloned().collect::<BTreeMap<_, _>>(),
            logo: logo.as_ref().map(|(name, bytes)| data_uri(name, bytes)),
        };
        artifacts.push(Artifact {
            path: "pack.html".into(),
            bytes: render_html(&job)?.into_bytes(),
        });
    }
    crate::data::profile("html", stage);
    let stage = std::time::Instant::now();
    if request.outputs.pdf {
        let mut files: Vec<(String, Vec<u8>)> = svgs
            .iter()
            .map(|(file, svg)| (file.clone(), svg.clone().into_bytes()))
            .collect();
        data["chart_text"] = chart_text(&svgs, &mut files);
        if let Some((name, bytes)) = &logo {
            files.push((name.clone(), bytes.clone()));
        }
        let date = crate::tz::utc_ms_to_local(client.tz, request.as_of.min(bounds.end) - 1).date();
        use chrono::Datelike;
        let main = format!("{}.typ", level.name);
        let job = PdfJob {
            main: &main,
            templates: request.templates,
            data: serde_json::to_vec(&data)?,
            files,
            ident: format!("reviewpack/{}/{}/{period}", client.id, level.name),
            date: (date.year(), date.month() as u8, date.day() as u8),
            pages: level.pages,
            title: data["meta"]["title"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        };
        let pdf = render_pdf(&job)?;
        if let Some(limit) = level.pages.filter(|&limit| pdf.pages > limit) {
            let why = if pdf.step == 0 {
                "its template does not shorten its lists (it does not read /fit.json)"
            } else {
                "even with its lists shortened; its commentary or findings are too long to fit"
            };
            eprintln!(
                "warning: client `{}`: the {} pack for {period} has {} pages, more than the {limit} of its level (`pages` in levels.yaml), {why}",
                client.id, level.name, pdf.pages
            );
        }
        artifacts.push(Artifact {
            path: "pack.pdf".into(),
            bytes: pdf.bytes,
        });
    }
    crate::data::profile("pdf", stage);
    for (file, svg) in svgs {
        artifacts.push(Artifact {
            path: file,
            bytes: svg.into_bytes(),
        });
    }
    let mut kpis = serde_json::to_vec_pretty(&report)?;
    kpis.push(b'\n');
    artifacts.push(Artifact {
        path: "kpis.json".into(),
        bytes: kpis,
    });
    artifacts.push(Artifact {
        path: "breaches.csv".into(),
        bytes: breaches_csv(&report)?,
    });
    let mut evidence = serde_json::to_vec_pretty(&serde_json::json!({
        "schema": "reviewpack.findings/1",
        "findings": found,
    }))?;
    evidence.push(b'\n');
    artifacts.push(Artifact {
        path: "findings.json".into(),
        bytes: evidence,
    });
    if let Some(results) = data.get("sla_adequacy").map(|a| a["results"].clone()) {
        let mut bytes = serde_json::to_vec_pretty(&serde_json::json!({
            "schema": "reviewpack.sla-adequacy/1",
            "period": period.to_string(),
            "targets": results,
        }))?;
        bytes.push(b'\n');
        artifacts.push(Artifact {
            path: "sla-adequacy.json".into(),
            bytes,
        });
    }
    let mut register = serde_json::to_vec_pretty(&review.register)?;
    register.push(b'\n');
    artifacts.push(Artifact {
        path: "csi.json".into(),
        bytes: register,
    });
    let manifest = Manifest {
        schema: "reviewpack.manifest/1",
        generator: format!("reviewpack {}", env!("CARGO_PKG_VERSION")),
        client: client.id.clone(),
        level: level.name.clone(),
        period: period.to_string(),
        as_of: report.as_of.clone(),
        outputs: Vec::new(),
        // The configuration a pack is built from: the workspace's file and the client's own
        // (other clients' files are neither read for it nor named in it).
        inputs: std::iter::once(&workspace.config_files[0])
            .chain(
                (client.defined_in.0 != workspace.config_files[0]).then_some(&client.defined_in.0),
            )
            .filter_map(|file| request.files.config.get(file).cloned())
            .chain(request.files.inputs.iter().cloned())
            .chain(request.quality.files.iter().map(|file| ManifestEntry {
                path: file.file.clone(),
                kind: "export",
                bytes: file.bytes,
                sha256: file.sha256.clone(),
            }))
            .chain(request.review.inputs.iter().cloned())
            .collect(),
    };
    Ok((with_manifest(artifacts, manifest)?, report))
}

/// A review's name for readers: `monthly-2026-08` → `Monthly Service Review August 2026`.
fn review_name(client: &ClientOptions, review: &str) -> String {
    let Some((level, period)) = review.split_once('-') else {
        return review.to_string();
    };
    let Ok(period) = Period::parse_fiscal(period, chrono::NaiveDate::MIN, client.fiscal_year_start)
    else {
        return review.to_string();
    };
    let title = locale::text(client.locale, &format!("level_{level}"), &[]);
    format!(
        "{title} {}",
        locale::Format::new(client.locale).period(period)
    )
}

fn shown(workspace: &WorkspaceOptions, path: &Path) -> String {
    path.strip_prefix(&workspace.root)
        .unwrap_or(path)
        .to_string_lossy()
        .to_string()
}

/// The charts split for the PDF template (`chart_text`, by chart file): each chart's shapes as
/// a second SVG in the world (`charts/x.shapes.svg`) and its labels as data the template sets
/// as text (`crate::charts::split_labels`). The whole SVGs stay in the world for templates that
/// draw them as they are.
fn chart_text(svgs: &[(String, String)], files: &mut Vec<(String, Vec<u8>)>) -> serde_json::Value {
    let mut by_file = serde_json::Map::new();
    for (file, svg) in svgs {
        let Some(split) = crate::charts::split_labels(svg) else {
            continue;
        };
        let shapes = match file.strip_suffix(".svg") {
            Some(stem) => format!("{stem}.shapes.svg"),
            None => format!("{file}.shapes.svg"),
        };
        by_file.insert(
            file.clone(),
            serde_json::json!({
                "shapes": shapes,
                "width": split.width,
                "labels": split.labels,
            }),
        );
        files.push((shapes, split.shapes.into_bytes()));
    }
    serde_json::Value::Object(by_file)
}

/// A text colour readable on the primary colour.
fn on_primary(primary: &str) -> &'static str {
    if crate::charts::palette_luminance(primary) > 0.45 {
        "#111827"
    } else {
        "#ffffff"
    }
}
