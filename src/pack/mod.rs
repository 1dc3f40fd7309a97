//! Assembling a review pack: KPI results → pack data and charts → HTML and PDF → the files of
//! the pack, with a manifest. Everything here computes in memory; `write` puts a pack on disk.

pub mod history;
pub mod locale;
pub mod markdown;
pub mod model;
pub mod sections;
pub mod summary;
pub mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};

use crate::charts::Palette;
use crate::config::{ClientOptions, Unit, WorkspaceOptions};
use crate::data::Dataset;
use crate::kpi::Engine;
use crate::kpi::compute::MetricContext;
use crate::kpi::report::{KpiReport, kpi_report};
use crate::kpi::view::ClientView;
use crate::output::csv::quote;
use crate::period::Period;
use crate::render::html::{HtmlJob, render_html};
use crate::render::pdf::{PdfJob, render_pdf};
use crate::render::templates::Templates;
use crate::render::text::displayable;
use history::Presented;
use locale::{Format, label};
use model::{
    Figure, Headline, PackInputs, PackModel, headline_figure, judge_metric, metric_target,
    status_view,
};
use summary::Tile;
use write::{Artifact, Manifest, ManifestEntry, input_entry, with_manifest};

/// Which files a build writes.
#[derive(Debug, Clone, Copy)]
pub struct Outputs {
    /// `pack.pdf`.
    pub pdf: bool,
    /// `pack.html`.
    pub html: bool,
}

/// Everything a QBR pack is built from.
pub struct BuildRequest<'a> {
    /// The workspace.
    pub workspace: &'a WorkspaceOptions,
    /// Index of the client.
    pub client_index: usize,
    /// The client's tickets.
    pub view: &'a ClientView,
    /// Loaded data (quality report, CSAT, sizes).
    pub dataset: &'a Dataset,
    /// The quarter.
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

/// Files every pack of a run reads, read once: the logo, and the manifest entries of the
/// configuration, exports, template overrides and logo.
pub struct PackFiles {
    /// Logo file name inside the pack and its bytes.
    pub logo: Option<(String, Vec<u8>)>,
    /// Manifest entries.
    pub inputs: Vec<ManifestEntry>,
}

/// Files of one client's review: the SDM's commentary and the published reviews compared with.
pub struct ReviewFiles {
    /// The commentary, parsed.
    pub commentary: Vec<markdown::Block>,
    /// Published reviews of the comparison periods.
    pub presented: Presented,
    /// Manifest entries of the commentary and the snapshots.
    pub inputs: Vec<ManifestEntry>,
}

/// Reads the files shared by every pack (the edge of the pipeline: `build_qbr` reads nothing).
pub fn read_pack_files(
    workspace: &WorkspaceOptions,
    dataset: &Dataset,
    templates: &Templates,
) -> Result<PackFiles> {
    let logo = read_logo(workspace)?;
    let mut inputs = Vec::new();
    for file in &workspace.config_files {
        inputs.push(input_entry(file, shown(workspace, file), "config")?);
    }
    for file in &dataset.quality.files {
        inputs.push(ManifestEntry {
            path: file.file.clone(),
            kind: "export",
            bytes: file.bytes,
            sha256: file.sha256.clone(),
        });
    }
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
    Ok(PackFiles { logo, inputs })
}

/// Reads a client's commentary and the published reviews a QBR of `period` compares with.
pub fn read_review_files(
    workspace: &WorkspaceOptions,
    client: &ClientOptions,
    period: Period,
) -> Result<ReviewFiles> {
    let mut inputs = Vec::new();
    let path = commentary_path(&workspace.root, &client.id, "qbr", period);
    let commentary = if path.exists() {
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
    let mut compared = period.trailing(5);
    compared.push(period.year_earlier());
    let presented = Presented::load(&workspace.root, &client.id, "qbr", &compared)?;
    for (p, (bytes, sha256)) in &presented.checksums {
        let path = history::snapshot_path(&workspace.root, &client.id, "qbr", *p);
        inputs.push(ManifestEntry {
            path: shown(workspace, &path),
            kind: "history",
            bytes: *bytes,
            sha256: sha256.clone(),
        });
    }
    Ok(ReviewFiles {
        commentary,
        presented,
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
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read the logo `{}`", path.display()))?;
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

fn tiles(client: &ClientOptions, report: &KpiReport, period: Period) -> Vec<Tile> {
    let locale = client.locale;
    let format = Format::new(locale);
    let (m, p) = (&report.metrics, &report.previous_metrics);
    let tile =
        |key: &str, metric: &str, value: Option<f64>, previous: Option<f64>, unit: Unit| Tile {
            label: label(locale, key).to_string(),
            value: value
                .map(|v| format.value(v, unit))
                .unwrap_or_else(|| label(locale, "no_data").to_string()),
            change: value
                .zip(previous)
                .map(|(a, b)| {
                    format!(
                        "{} · {}",
                        format.change(a - b, unit),
                        format.period(period.previous())
                    )
                })
                .unwrap_or_default(),
            status: judge_metric(client, metric, value).map(|s| status_view(s, locale)),
        };
    vec![
        tile(
            "response_sla",
            "response_sla",
            m.response_sla.percent,
            p.response_sla.percent,
            Unit::Percent,
        ),
        tile(
            "resolution_sla",
            "resolution_sla",
            m.resolution_sla.percent,
            p.resolution_sla.percent,
            Unit::Percent,
        ),
        tile(
            "median_resolution",
            "resolution_time.median",
            m.resolution_time.median,
            p.resolution_time.median,
            Unit::Minutes,
        ),
        tile(
            "created",
            "volume",
            Some(m.created as f64),
            Some(p.created as f64),
            Unit::Count,
        ),
        tile(
            "backlog_end",
            "backlog",
            m.backlog.map(|b| b as f64),
            p.backlog.map(|b| b as f64),
            Unit::Count,
        ),
        tile(
            "csat_mean",
            "csat.mean",
            m.csat.mean,
            p.csat.mean,
            Unit::Score,
        ),
    ]
}

/// Headline trends over the last quarters.
fn headlines(engine: &mut Engine, client: &ClientOptions, quarters: &[Period]) -> Vec<Headline> {
    let all = Default::default();
    let mut series =
        |f: &dyn Fn(&crate::kpi::compute::StandardMetrics) -> Option<f64>| -> Vec<Option<f64>> {
            quarters
                .iter()
                .map(|q| f(engine.standard(*q, &all)))
                .collect()
        };
    let locale = client.locale;
    let target = |metric: &str| metric_target(client, metric);
    let make =
        |name: &'static str, key: &str, metric: &str, values: Vec<Option<f64>>, unit: Unit| {
            let (target, direction) = match target(metric) {
                Some((t, d)) => (Some(t), d),
                None => (
                    None,
                    crate::kpi::metrics::Metric::parse(metric)
                        .and_then(|m| m.default_direction())
                        .unwrap_or(crate::config::Direction::Lower),
                ),
            };
            Headline {
                name,
                title: label(locale, key).to_string(),
                values,
                unit,
                target,
                direction,
            }
        };
    vec![
        make(
            "trend-response-sla",
            "response_sla",
            "response_sla",
            series(&|m| m.response_sla.percent),
            Unit::Percent,
        ),
        make(
            "trend-resolution-sla",
            "resolution_sla",
            "resolution_sla",
            series(&|m| m.resolution_sla.percent),
            Unit::Percent,
        ),
        make(
            "trend-median-resolution",
            "median_resolution",
            "resolution_time.median",
            series(&|m| m.resolution_time.median),
            Unit::Minutes,
        ),
        make(
            "trend-volume",
            "created",
            "volume",
            series(&|m| Some(m.created as f64)),
            Unit::Count,
        ),
        make(
            "trend-csat",
            "csat_mean",
            "csat.mean",
            series(&|m| m.csat.mean),
            Unit::Score,
        ),
    ]
}

fn comparison_note(client: &ClientOptions, presented: &Presented) -> String {
    match (client.locale, presented.by_period.is_empty()) {
        (crate::config::Locale::ItIt, true) => "† Nessuna revisione precedente è stata pubblicata con reviewpack: i valori di confronto sono ricalcolati dai dati attuali.".into(),
        (crate::config::Locale::ItIt, false) => "† ricalcolato dai dati attuali (nessuna revisione pubblicata per quel periodo); i valori senza † sono quelli presentati alla revisione pubblicata. * nella tabella degli andamenti: valore presentato.".into(),
        (_, true) => "† No earlier review of this client was published with reviewpack: comparison values are recomputed from the current data.".into(),
        (_, false) => "† recomputed from the current data (no review of that period was published); values without † are as presented at the published review. * in the trend table: value as presented.".into(),
    }
}

fn breaches_csv(report: &KpiReport) -> Vec<u8> {
    let mut out = String::from(
        "id,priority,target,title,created_utc,ended_utc,elapsed_minutes,target_minutes,over_by_minutes,open,source_row\n",
    );
    let iso = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            .unwrap_or_default()
    };
    for b in &report.breaches {
        out.push_str(&format!(
            "{},{},{},{},{},{},{:.1},{:.1},{:.1},{},{}\n",
            quote(&b.id),
            quote(b.priority.as_deref().unwrap_or("")),
            b.target,
            quote(b.title.as_deref().unwrap_or("")),
            iso(b.created),
            b.ended.map(iso).unwrap_or_default(),
            b.elapsed_minutes,
            b.target_minutes,
            b.over_by_minutes,
            b.open,
            quote(&b.source_row)
        ));
    }
    out.into_bytes()
}

/// Builds the files of a QBR pack (in memory).
pub fn build_qbr(request: &BuildRequest) -> Result<(Vec<Artifact>, KpiReport)> {
    let workspace = request.workspace;
    let client = &workspace.clients[request.client_index];
    let dataset = request.dataset;
    let context = MetricContext {
        client,
        client_index: request.client_index as u32,
        csat: &dataset.csat,
        sizes: &dataset.sizes,
    };
    let stage = std::time::Instant::now();
    let mut engine = Engine::new(request.view, context, request.as_of);
    let period = request.period;
    let report = kpi_report(&mut engine, period, &dataset.quality).map_err(|e| anyhow!(e))?;
    let quarters = period.trailing(5);
    let presented = &request.review.presented;
    let commentary = request.review.commentary.clone();
    let logo = &request.files.logo;
    let inputs = PackInputs {
        msp: &workspace.msp,
        client,
        period,
        report: &report,
        presented,
        commentary: commentary.clone(),
        paper: client.paper,
        logo: logo.as_ref().map(|l| l.0.clone()),
    };
    let palette = Palette::from_brand(
        &workspace.msp.primary_color,
        &workspace.msp.secondary_color,
        &workspace.msp.accent_color,
    );
    let scorecard = model::scorecard(&mut engine, &inputs)?;
    let trend_table = model::trend_table(&mut engine, &inputs, &quarters)?;
    let lines = headlines(&mut engine, client, &quarters);
    let mut trends: Vec<Figure> = lines
        .iter()
        .map(|h| headline_figure(h, &quarters, &inputs, &palette))
        .collect::<Result<_>>()?;
    let csat_trend = trends.pop();
    let monthly = sections::monthly(&mut engine, client, period);
    let backlog = sections::backlog(&mut engine, &inputs, &palette)?;
    let summary_tiles = tiles(client, &report, period);
    let model = PackModel {
        meta: model::meta(&inputs),
        labels: model::pack_labels(client.locale),
        summary: summary::summary(client, &report, commentary, summary_tiles),
        scorecard,
        trend_table,
        trends,
        monthly,
        sla: sections::sla_by_priority(&inputs, &palette)?,
        categories: sections::categories(&inputs, &palette)?,
        priorities: sections::priorities(&inputs, &palette)?,
        backlog,
        csat: sections::csat(&inputs, csat_trend),
        breaches: sections::breaches(&inputs),
        methodology: sections::methodology(&inputs, &dataset.quality, &report.data_quality.files),
        comparison_note: comparison_note(client, presented),
        columns: [period, period.previous(), period.year_earlier()]
            .map(|p| Format::new(client.locale).period(p)),
    };
    crate::data::profile("model", stage);
    let stage = std::time::Instant::now();
    let mut charts: Vec<&crate::charts::Chart> = model.trends.iter().map(|f| &f.chart).collect();
    charts.extend([
        &model.sla.chart,
        &model.categories.chart,
        &model.priorities.chart,
        &model.backlog.chart,
    ]);
    charts.extend(model.csat.trend.as_ref().map(|f| &f.chart));
    let mut data = serde_json::to_value(&model)?;
    // Text from the data is shown as it is, whatever it holds: any script, emoji, controls.
    crate::render::text::make_displayable(&mut data);
    data["meta"]["colors"]["on_primary"] =
        serde_json::Value::String(on_primary(&workspace.msp.primary_color).to_string());
    let mut artifacts = Vec::new();
    if request.outputs.html {
        let job = HtmlJob {
            main: "qbr.html",
            templates: request.templates,
            model: &data,
            charts: charts
                .iter()
                .map(|c| (c.file.clone(), displayable(&c.svg).into_owned()))
                .collect::<BTreeMap<_, _>>(),
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
        let mut files: Vec<(String, Vec<u8>)> = charts
            .iter()
            .map(|c| {
                (
                    c.file.clone(),
                    displayable(&c.svg).into_owned().into_bytes(),
                )
            })
            .collect();
        if let Some((name, bytes)) = &logo {
            files.push((name.clone(), bytes.clone()));
        }
        let as_of = crate::tz::utc_ms_to_local(
            client.tz,
            request.as_of.min(crate::tz::local_midnight_utc_ms(
                client.tz,
                period.end_date(),
            )) - 1,
        );
        use chrono::Datelike;
        let date = as_of.date();
        let job = PdfJob {
            main: "qbr.typ",
            templates: request.templates,
            data: serde_json::to_vec(&data)?,
            files,
            ident: format!("reviewpack/{}/qbr/{period}", client.id),
            date: (date.year(), date.month() as u8, date.day() as u8),
        };
        artifacts.push(Artifact {
            path: "pack.pdf".into(),
            bytes: render_pdf(&job)?,
        });
    }
    crate::data::profile("pdf", stage);
    for chart in &charts {
        artifacts.push(Artifact {
            path: chart.file.clone(),
            bytes: displayable(&chart.svg).into_owned().into_bytes(),
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
        bytes: breaches_csv(&report),
    });
    let manifest = Manifest {
        schema: "reviewpack.manifest/1",
        generator: format!("reviewpack {}", env!("CARGO_PKG_VERSION")),
        client: client.id.clone(),
        level: "qbr".into(),
        period: period.to_string(),
        as_of: report.as_of.clone(),
        outputs: Vec::new(),
        inputs: request
            .files
            .inputs
            .iter()
            .chain(&request.review.inputs)
            .cloned()
            .collect(),
    };
    Ok((with_manifest(artifacts, manifest)?, report))
}

fn shown(workspace: &WorkspaceOptions, path: &Path) -> String {
    path.strip_prefix(&workspace.root)
        .unwrap_or(path)
        .to_string_lossy()
        .to_string()
}

/// A text colour readable on the primary colour.
fn on_primary(primary: &str) -> &'static str {
    if crate::charts::palette_luminance(primary) > 0.45 {
        "#111827"
    } else {
        "#ffffff"
    }
}
