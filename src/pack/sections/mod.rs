//! The sections of a pack: each a function from the pack's inputs to its view (the JSON the
//! templates lay out), shared by every level that shows it. A level is a list of section names
//! (`levels.yaml`); the templates draw each section with the component of the same name.

mod executive;
mod improvement;
mod operations;
pub mod standard;

use anyhow::{Result, anyhow};
use serde::Serialize;
use serde_json::Value;

use super::locale::{Format, label};
use super::model::{Figure, PackInputs};
use crate::charts::{Chart, Palette};
use crate::kpi::Engine;

/// What a section is drawn from.
pub struct SectionContext<'a, 'e> {
    /// KPIs of any period.
    pub engine: &'a mut Engine<'e>,
    /// The pack's inputs.
    pub inputs: &'a PackInputs<'a>,
    /// Brand colours for charts.
    pub palette: &'a Palette,
    /// Charts drawn so far (written into the pack and inlined in the HTML).
    pub charts: Vec<Chart>,
}

impl SectionContext<'_, '_> {
    /// Keeps a figure's chart for the pack's files.
    pub fn keep(&mut self, figure: &Figure) {
        self.charts.push(figure.chart.clone());
    }

    /// The number formats of the client's locale.
    pub fn format(&self) -> Format {
        Format::new(self.inputs.client.locale)
    }
}

/// Draws one section into its view.
type Draw = fn(&mut SectionContext) -> Result<Value>;

/// Every section: its name, how it is drawn, and the label of its title (for contents).
const SECTIONS: &[(&str, Draw, &str)] = &[
    ("summary", standard::summary_section, "executive_summary"),
    ("scorecard", standard::scorecard_section, "scorecard"),
    ("trends", standard::trends_section, "trends"),
    ("monthly", standard::monthly_section, "monthly_breakdown"),
    ("sla", standard::sla_section, "sla_by_priority"),
    ("volume", standard::volume_section, "volume"),
    ("backlog", standard::backlog_section, "backlog"),
    ("csat", standard::csat_section, "csat_title"),
    ("breaches", standard::breaches_section, "breaches"),
    ("methodology", standard::methodology_section, "methodology"),
    ("volume_change", operations::volume_change, "volume_change"),
    (
        "response_times",
        operations::response_times,
        "response_times",
    ),
    (
        "major_incidents",
        operations::major_incidents,
        "major_incidents",
    ),
    ("oldest_open", operations::oldest_open, "oldest_open"),
    ("low_csat", operations::low_csat, "low_csat"),
    ("breach_causes", improvement::breach_causes, "breach_causes"),
    ("plan", improvement::plan, "plan_title"),
    ("csi", improvement::csi, "csi_title"),
    ("proposals", improvement::proposals, "proposals"),
    (
        "value_delivered",
        executive::value_delivered,
        "value_delivered",
    ),
    ("yoy", executive::yoy, "yoy"),
    ("csf_evolution", executive::csf_evolution, "csf_evolution"),
    ("sla_adequacy", executive::sla_adequacy, "sla_adequacy"),
    ("growth", executive::growth, "growth"),
    ("renewal", executive::renewal, "renewal"),
];

/// Names of every section.
pub fn section_names() -> Vec<&'static str> {
    SECTIONS.iter().map(|(name, ..)| *name).collect()
}

/// Draws the section `name`.
pub fn draw(name: &str, context: &mut SectionContext) -> Result<Value> {
    let (_, draw, _) = SECTIONS
        .iter()
        .find(|(n, ..)| *n == name)
        .ok_or_else(|| anyhow!("unknown section `{name}`"))?;
    draw(context)
}

/// The contents of a pack: each section's anchor and title.
pub fn contents(
    names: &[String],
    locale: crate::config::Locale,
    level: &crate::pack::levels::LevelSpec,
) -> Value {
    let entries: Vec<Value> = names
        .iter()
        .filter_map(|name| SECTIONS.iter().find(|(n, ..)| n == name))
        .map(|(name, _, title)| {
            let title = match *name {
                "plan" => crate::pack::locale::text(locale, &level.plan_title, &[]),
                _ => label(locale, title).to_string(),
            };
            serde_json::json!({ "id": name, "title": title })
        })
        .collect();
    Value::Array(entries)
}

/// A view as JSON.
fn view<T: Serialize>(value: &T) -> Result<Value> {
    Ok(serde_json::to_value(value)?)
}

/// "No data" in the client's language.
/// Column headers: the labels of `keys` in the client's language.
fn headers(locale: crate::config::Locale, keys: &[&'static str]) -> Vec<String> {
    keys.iter().map(|k| label(locale, k).to_string()).collect()
}

/// A value in its unit, or "No data".
fn shown(
    value: Option<f64>,
    unit: crate::config::Unit,
    format: crate::pack::locale::Format,
    locale: crate::config::Locale,
) -> String {
    value
        .map(|v| format.value(v, unit))
        .unwrap_or_else(|| label(locale, "no_data").to_string())
}

fn no_data(context: &SectionContext) -> String {
    label(context.inputs.client.locale, "no_data").to_string()
}
