//! The content of a pack as data: every number already formatted for the client's locale, every
//! chart drawn, every label translated. The HTML and PDF templates only lay this out, and never
//! receive text as markup.

use std::collections::BTreeMap;

use anyhow::{Result, anyhow};
use serde::Serialize;

use super::history::Presented;
use super::locale::{Format, label, language};
use super::markdown::Block;
use crate::charts::{Chart, Palette, TrendSpec, trend};
use crate::config::{ClientOptions, CsfOptions, Direction, KpiOptions, Locale, MspOptions, Unit};
use crate::kpi::report::KpiReport;
use crate::kpi::{Engine, Status, judge};
use crate::period::Period;

/// A status as shown: key, label, symbol (shape survives greyscale) and colour.
#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    /// `met`, `at_risk`, `not_met`, `no_data`, `no_target`.
    pub key: &'static str,
    /// Translated label.
    pub label: &'static str,
    /// ✓ ▲ ✗ –: glyphs of Inter, the text font (a symbol from a fallback font would cost every
    /// pack a third embedded font).
    pub symbol: &'static str,
    /// Colour (`#rrggbb`) with enough contrast on white.
    pub color: &'static str,
    /// Light background colour for badges.
    pub background: &'static str,
}

/// Shows a status in a locale.
pub fn status_view(status: Status, locale: Locale) -> StatusView {
    let (key, symbol, color, background) = match status {
        Status::Met => ("met", "✓", "#166534", "#dcfce7"),
        Status::AtRisk => ("at_risk", "▲", "#92400e", "#fef3c7"),
        Status::NotMet => ("not_met", "✗", "#991b1b", "#fee2e2"),
        Status::NoData => ("no_data", "–", "#4b5563", "#f3f4f6"),
        Status::NoTarget => ("no_target", "–", "#4b5563", "#f3f4f6"),
    };
    StatusView {
        key,
        label: label(locale, key),
        symbol,
        color,
        background,
    }
}

/// A generic table: headers, rows of text, and which columns are numeric (right-aligned).
#[derive(Debug, Clone, Default, Serialize)]
pub struct TableView {
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<String>>,
    /// Per column: `left` or `right`.
    pub align: Vec<&'static str>,
}

impl TableView {
    /// A table with the first column left-aligned and the others right-aligned.
    pub fn numeric(headers: Vec<String>, rows: Vec<Vec<String>>) -> Self {
        let align = (0..headers.len())
            .map(|i| if i == 0 { "left" } else { "right" })
            .collect();
        Self {
            headers,
            rows,
            align,
        }
    }
}

/// One KPI row of the scorecard.
#[derive(Debug, Clone, Serialize)]
pub struct KpiRow {
    /// Name.
    pub name: String,
    /// This period.
    pub value: String,
    /// Previous period.
    pub previous: String,
    /// `presented` (from the published review) or `recomputed`.
    pub previous_source: &'static str,
    /// Signed change.
    pub change: String,
    /// `good`, `bad` or `neutral`.
    pub change_tone: &'static str,
    /// Same period a year earlier.
    pub last_year: String,
    /// `presented` or `recomputed`.
    pub last_year_source: &'static str,
    /// Target with its direction (`≥ 95.0%`).
    pub target: String,
    /// Status.
    pub status: StatusView,
}

/// One CSF of the scorecard.
#[derive(Debug, Clone, Serialize)]
pub struct CsfView {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Status.
    pub status: StatusView,
    /// KPIs.
    pub kpis: Vec<KpiRow>,
}

/// A chart with its data as a table (the text alternative).
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// Title.
    pub title: String,
    /// The chart (file and alt text).
    pub chart: Chart,
    /// The data behind it.
    pub table: TableView,
}

/// Pack metadata.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    /// `en` or `it`.
    pub lang: &'static str,
    /// Document title.
    pub title: String,
    /// Client name.
    pub client: String,
    /// MSP name.
    pub msp: String,
    /// The client's and the MSP's names as the running header shows them, on one line: at most
    /// 60 and 40 characters (a name may have 200).
    pub header_client: String,
    /// See `header_client`.
    pub header_msp: String,
    /// MSP web site.
    pub website: Option<String>,
    /// The level (`qbr`).
    pub level: String,
    /// `Quarterly Business Review`.
    pub level_title: String,
    /// `Q3 2026`.
    pub period: String,
    /// `2026-Q3`.
    pub period_code: String,
    /// `1 July – 30 September 2026`.
    pub period_span: String,
    /// Localised as-of date.
    pub as_of: String,
    /// A warning for the cover (the period holds no tickets), if any.
    pub notice: Option<String>,
    /// Stakeholders receiving this level (`Name, Role`).
    pub prepared_for: Vec<String>,
    /// Brand colours.
    pub colors: BTreeMap<&'static str, String>,
    /// Logo file inside the pack (`logo.svg`), if any.
    pub logo: Option<String>,
    /// `a4` or `us-letter`.
    pub paper: &'static str,
    /// Tool name and version.
    pub generator: String,
}

/// What a pack is built from.
pub struct PackInputs<'a> {
    /// The MSP.
    pub msp: &'a MspOptions,
    /// The client.
    pub client: &'a ClientOptions,
    /// The review level.
    pub level: &'a crate::pack::levels::LevelSpec,
    /// The period.
    pub period: Period,
    /// Its KPI report.
    pub report: &'a KpiReport,
    /// Published reviews of the comparison periods.
    pub presented: &'a Presented,
    /// Published QBRs of the period's quarters.
    pub quarterly: &'a Presented,
    /// The SDM's commentary.
    pub commentary: Vec<Block>,
    /// Paper size.
    pub paper: &'static str,
    /// Logo file name inside the pack.
    pub logo: Option<String>,
    /// Findings of the period, with their evidence.
    pub findings: &'a [crate::kpi::findings::Finding],
    /// The CSI register's actions and what changed since the last published review.
    pub csi: &'a [crate::csi::ActionChange],
    /// The last published review the register is compared with (`monthly-2026-08`).
    pub csi_since: Option<String>,
    /// Data quality (for the methodology).
    pub quality: &'a crate::data::quality::QualityReport,
}

fn target_text(kpi: &KpiOptions, format: Format) -> String {
    match kpi.target {
        Some(t) => format!(
            "{} {}",
            if kpi.direction == Direction::Lower {
                "≤"
            } else {
                "≥"
            },
            format.value(t, kpi.unit)
        ),
        None => "—".to_string(),
    }
}

fn value_text(value: Option<f64>, unit: Unit, format: Format, locale: Locale) -> String {
    value
        .map(|v| format.value(v, unit))
        .unwrap_or_else(|| label(locale, "no_data").to_string())
}

/// A KPI's value in a period: the presented one if that review was published, else computed.
fn compared(
    engine: &mut Engine,
    presented: &Presented,
    csf: &CsfOptions,
    kpi: &KpiOptions,
    period: Period,
) -> Result<(Option<f64>, &'static str)> {
    if let Some(p) = presented.kpi(period, &csf.id, &kpi.id) {
        return Ok((p.value, "presented"));
    }
    Ok((
        engine.measure(kpi, period).map_err(|e| anyhow!(e))?.value,
        "recomputed",
    ))
}

fn tone(change: Option<f64>, direction: Direction) -> &'static str {
    match change {
        Some(c) if c.abs() > 1e-9 => {
            let better = (c < 0.0) == (direction == Direction::Lower);
            if better { "good" } else { "bad" }
        }
        _ => "neutral",
    }
}

/// The scorecard: every CSF and KPI with this quarter, the previous one, the change, the same
/// quarter a year earlier, the target and the status.
pub fn scorecard(engine: &mut Engine, inputs: &PackInputs) -> Result<Vec<CsfView>> {
    let locale = inputs.client.locale;
    let format = Format::new(locale);
    let previous_period = inputs.period.previous();
    let year_earlier = inputs.period.year_earlier();
    let mut out = Vec::new();
    for (csf, result) in inputs.client.csfs.iter().zip(&inputs.report.csfs) {
        let mut kpis = Vec::new();
        for (kpi, kpi_result) in csf.kpis.iter().zip(&result.kpis) {
            let (previous, previous_source) =
                compared(engine, inputs.presented, csf, kpi, previous_period)?;
            let (last_year, last_year_source) =
                compared(engine, inputs.presented, csf, kpi, year_earlier)?;
            let change = kpi_result.value.zip(previous).map(|(a, b)| a - b);
            let change_text = kpi_result
                .value
                .zip(previous)
                .map(|(a, b)| format.change_between(a, b, kpi.unit))
                .unwrap_or_default();
            kpis.push(KpiRow {
                name: kpi.name.clone(),
                value: value_text(kpi_result.value, kpi.unit, format, locale),
                previous: value_text(previous, kpi.unit, format, locale),
                previous_source,
                change: change_text,
                change_tone: tone(change, kpi.direction),
                last_year: value_text(last_year, kpi.unit, format, locale),
                last_year_source,
                target: target_text(kpi, format),
                status: status_view(kpi_result.status, locale),
            });
        }
        out.push(CsfView {
            name: csf.name.clone(),
            description: csf.description.clone().unwrap_or_default(),
            status: status_view(result.status, locale),
            kpis,
        });
    }
    Ok(out)
}

/// Every KPI over the trend periods, twice: as a table with a column per period, and as one
/// line per KPI for a trend too long to print as a table (its values for a sparkline, its best
/// and worst periods, its last value). Templates choose which to show.
#[derive(Debug, Clone, Serialize)]
pub struct TrendView {
    /// A column per period, then the target.
    pub table: TableView,
    /// A line per KPI.
    pub summary: TrendSummary,
}

/// The trend of every KPI as lines: headers, alignment and a line per KPI.
#[derive(Debug, Clone, Serialize)]
pub struct TrendSummary {
    /// KPI, the span of periods (the sparkline), best, worst, the last period, target.
    pub headers: Vec<String>,
    /// Per column: `left` or `right`.
    pub align: Vec<&'static str>,
    /// A line per KPI, in the scorecard's order.
    pub lines: Vec<TrendLine>,
}

/// One KPI over the trend periods.
#[derive(Debug, Clone, Serialize)]
pub struct TrendLine {
    /// KPI name.
    pub name: String,
    /// Its values as a sparkline.
    pub spark: Sparkline,
    /// Its best period: value and period (`90.5% · Feb 26`), or no data.
    pub best: String,
    /// Its worst period, as `best`.
    pub worst: String,
    /// Its value in the last period (the pack's own).
    pub last: String,
    /// Its target as text (`≥ 95.0%`).
    pub target_text: String,
}

/// A series drawn as a line scaled to its own range: points as fractions of the line's box, `x`
/// from the left (the first period at 0, the last at 1), `y` from the top (the highest value at
/// 0.15, the lowest at 0.85; a flat series at 0.5).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Sparkline {
    /// Runs of consecutive periods with a value, each a list of `[x, y]` (a period without a
    /// value breaks the line).
    pub segments: Vec<Vec<[f64; 2]>>,
    /// The last value's point, if any.
    pub last: Option<[f64; 2]>,
    /// `y` of the target when it lies within the series' range.
    pub target: Option<f64>,
}

impl Sparkline {
    /// The sparkline of `values` (oldest first) with the target `target`; a value that is not a
    /// finite number counts as missing.
    pub fn new(values: &[Option<f64>], target: Option<f64>) -> Self {
        let values: Vec<Option<f64>> = values.iter().map(|v| v.filter(|v| v.is_finite())).collect();
        let known = values.iter().flatten().copied();
        let (lo, hi) = known.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        if lo > hi {
            return Self::default();
        }
        // Three decimals are finer than a printed line: data.json stays small and stable.
        let round = |f: f64| (f * 1000.0).round() / 1000.0;
        let x = |i: usize| match values.len() {
            0 | 1 => 0.5,
            n => round(i as f64 / (n - 1) as f64),
        };
        let y = |v: f64| {
            if hi > lo {
                round(0.15 + 0.7 * (hi - v) / (hi - lo))
            } else {
                0.5
            }
        };
        let mut line = Self {
            target: target.filter(|t| (lo..=hi).contains(t)).map(y),
            ..Self::default()
        };
        let mut drawing = false;
        for (i, value) in values.iter().enumerate() {
            match value {
                Some(v) => {
                    let point = [x(i), y(*v)];
                    if !drawing {
                        line.segments.push(Vec::new());
                    }
                    if let Some(segment) = line.segments.last_mut() {
                        segment.push(point);
                    }
                    line.last = Some(point);
                    drawing = true;
                }
                None => drawing = false,
            }
        }
        line
    }
}

/// KPI values over the trend periods (`periods`, oldest first, the pack's own last).
pub fn trend_table(
    engine: &mut Engine,
    inputs: &PackInputs,
    periods: &[Period],
) -> Result<TrendView> {
    let locale = inputs.client.locale;
    let format = Format::new(locale);
    let names: Vec<String> = periods
        .iter()
        .map(|p| format.period_label(*p, periods.len()))
        .collect();
    let mut headers = vec![label(locale, "kpi").to_string()];
    headers.extend(names.iter().cloned());
    headers.push(label(locale, "target").to_string());
    let span = match (names.first(), names.last()) {
        (Some(first), Some(last)) if names.len() > 1 => format!("{first} – {last}"),
        (Some(only), _) => only.clone(),
        _ => String::new(),
    };
    let summary_headers = vec![
        label(locale, "kpi").to_string(),
        span,
        label(locale, "trend_best").to_string(),
        label(locale, "trend_worst").to_string(),
        names.last().cloned().unwrap_or_default(),
        label(locale, "target").to_string(),
    ];
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    for csf in &inputs.client.csfs {
        for kpi in &csf.kpis {
            let mut row = vec![kpi.name.clone()];
            let mut values = Vec::with_capacity(periods.len());
            for &period in periods {
                let (value, source) = compared(engine, inputs.presented, csf, kpi, period)?;
                let mut text = value_text(value, kpi.unit, format, locale);
                if source == "presented" && period != inputs.period {
                    text.push('*');
                }
                row.push(text);
                values.push(value);
            }
            let target = target_text(kpi, format);
            let at = |i: Option<usize>| match i {
                Some(i) => format!("{} · {}", row[i + 1], names[i]),
                None => label(locale, "no_data").to_string(),
            };
            let (best, worst) = extremes(&values, kpi.direction);
            lines.push(TrendLine {
                name: kpi.name.clone(),
                best: at(best),
                worst: at(worst),
                last: row.last().cloned().unwrap_or_default(),
                spark: Sparkline::new(&values, kpi.target),
                target_text: target.clone(),
            });
            row.push(target);
            rows.push(row);
        }
    }
    Ok(TrendView {
        table: TableView::numeric(headers, rows),
        summary: TrendSummary {
            headers: summary_headers,
            align: vec!["left", "left", "right", "right", "right", "right"],
            lines,
        },
    })
}

/// The best and the worst of `values` for a KPI whose better values lie in `direction` (indexes;
/// of equal values the latest; none without any finite value).
fn extremes(values: &[Option<f64>], direction: Direction) -> (Option<usize>, Option<usize>) {
    let better = |a: f64, b: f64| match direction {
        Direction::Higher => a >= b,
        Direction::Lower => a <= b,
    };
    let mut best: Option<(usize, f64)> = None;
    let mut worst: Option<(usize, f64)> = None;
    for (i, value) in values.iter().enumerate() {
        let Some(v) = value.filter(|v| v.is_finite()) else {
            continue;
        };
        if best.is_none_or(|(_, b)| better(v, b)) {
            best = Some((i, v));
        }
        if worst.is_none_or(|(_, w)| better(w, v)) {
            worst = Some((i, v));
        }
    }
    (best.map(|(i, _)| i), worst.map(|(i, _)| i))
}

/// One headline trend: a built-in figure per quarter, with the target of the client's KPI on
/// that metric when it has one.
pub struct Headline {
    /// Chart file stem.
    pub name: &'static str,
    /// Label key of the title.
    pub title: String,
    /// Values per quarter.
    pub values: Vec<Option<f64>>,
    /// Unit.
    pub unit: Unit,
    /// Target, if any.
    pub target: Option<f64>,
    /// Direction (for the target label).
    pub direction: Direction,
}

/// Draws a headline trend with its table.
pub fn headline_figure(
    headline: &Headline,
    quarters: &[Period],
    inputs: &PackInputs,
    palette: &Palette,
) -> Result<Figure> {
    let locale = inputs.client.locale;
    let format = Format::new(locale);
    let points: Vec<(String, Option<f64>)> = quarters
        .iter()
        .zip(&headline.values)
        .map(|(q, v)| (format.period_label(*q, quarters.len()), *v))
        .collect();
    let unit = headline.unit;
    let show = move |v: f64| format.value(v, unit);
    let axis = move |v: f64| match unit {
        Unit::Minutes => format!(
            "{} h",
            format.number(v / 60.0, if v < 600.0 { 1 } else { 0 })
        ),
        Unit::Percent => format!("{}%", format.number(v, 0)),
        Unit::Score => format.number(v, 1),
        _ => format.number(v, 0),
    };
    let target_label = headline
        .target
        .map(|t| format!("{} {}", label(locale, "target"), show(t)))
        .unwrap_or_default();
    let described: Vec<String> = points
        .iter()
        .map(|(q, v)| {
            format!(
                "{q}: {}",
                v.map(show)
                    .unwrap_or_else(|| label(locale, "no_data").to_string())
            )
        })
        .collect();
    let mut alt = format!("{} — {}", headline.title, described.join("; "));
    if headline.target.is_some() {
        alt.push_str(&format!("; {target_label}"));
    }
    let y_label = match unit {
        Unit::Minutes => label(locale, "hours"),
        Unit::Percent => "%",
        Unit::Score => label(locale, "score"),
        _ => label(locale, "tickets"),
    };
    let (floor, ceiling) = match unit {
        Unit::Percent => (Some(0.0), Some(100.0)),
        Unit::Score => (Some(0.0), None),
        _ => (Some(0.0), None),
    };
    let chart = trend(
        &TrendSpec {
            name: headline.name,
            y_label,
            points: &points,
            target: headline.target,
            target_label: &target_label,
            format: &axis,
            label: &show,
            axis_unit: if unit == Unit::Minutes { 60.0 } else { 1.0 },
            alt,
            floor,
            ceiling,
        },
        palette,
    )
    .map_err(|e| anyhow!(e))?;
    let table = TableView::numeric(
        vec![label(locale, "quarter").to_string(), headline.title.clone()],
        points
            .iter()
            .map(|(q, v)| {
                vec![
                    q.clone(),
                    v.map(show)
                        .unwrap_or_else(|| label(locale, "no_data").to_string()),
                ]
            })
            .collect(),
    );
    Ok(Figure {
        title: headline.title.clone(),
        chart,
        table,
    })
}

/// The target of the client's unfiltered KPI on a built-in metric, if any.
pub fn metric_target(client: &ClientOptions, metric: &str) -> Option<(f64, Direction)> {
    client
        .csfs
        .iter()
        .flat_map(|c| &c.kpis)
        .find_map(|k| match &k.definition {
            crate::config::KpiDefinition::Builtin(m)
                if m.key() == metric && k.filter.is_empty() =>
            {
                k.target.map(|t| (t, k.direction))
            }
            _ => None,
        })
}

/// Judges a value against the target of the client's KPI on a metric, if any.
pub fn judge_metric(client: &ClientOptions, metric: &str, value: Option<f64>) -> Option<Status> {
    let kpi = client.csfs.iter().flat_map(|c| &c.kpis).find(|k| {
        matches!(&k.definition, crate::config::KpiDefinition::Builtin(m) if m.key() == metric)
            && k.filter.is_empty()
    })?;
    Some(judge(value, kpi.target, kpi.direction, kpi.at_risk))
}

/// Metadata of a pack.
pub fn meta(inputs: &PackInputs) -> Meta {
    let locale = inputs.client.locale;
    let format = Format::new(locale);
    let level_title = crate::pack::locale::text(locale, &inputs.level.title, &[]);
    let period = format.period(inputs.period);
    // `--as-of 2026-10-05` is the end of that day (midnight starting the 6th): show the day the
    // user named, the last day the data covers.
    let as_of = chrono::DateTime::parse_from_rfc3339(&inputs.report.as_of)
        .map(|t| {
            let last = t - chrono::Duration::milliseconds(1);
            format.date(last.date_naive())
        })
        .unwrap_or_default();
    let colors = BTreeMap::from([
        ("primary", inputs.msp.primary_color.clone()),
        ("secondary", inputs.msp.secondary_color.clone()),
        ("accent", inputs.msp.accent_color.clone()),
    ]);
    Meta {
        lang: language(locale),
        title: format!("{} — {level_title} {period}", inputs.client.name),
        client: inputs.client.name.clone(),
        msp: inputs.msp.name.clone(),
        header_client: crate::render::text::shortened(&inputs.client.name, 60),
        header_msp: crate::render::text::shortened(&inputs.msp.name, 40),
        website: inputs.msp.website.clone(),
        level: inputs.level.name.clone(),
        level_title: level_title.clone(),
        period,
        period_code: inputs.period.to_string(),
        period_span: format.period_span(inputs.period),
        as_of,
        notice: super::summary::is_empty_period(inputs.report)
            .then(|| label(locale, "no_tickets").to_string()),
        prepared_for: inputs
            .client
            .stakeholders
            .iter()
            .filter(|s| s.levels.contains(&inputs.level.name))
            .map(|s| match &s.role {
                Some(role) => format!("{}, {role}", s.name),
                None => s.name.clone(),
            })
            .collect(),
        colors,
        logo: inputs.logo.clone(),
        paper: inputs.paper,
        generator: format!("reviewpack {}", env!("CARGO_PKG_VERSION")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_and_worst_follow_the_direction_and_prefer_the_latest_of_equals() {
        let values = [
            Some(80.0),
            None,
            Some(90.0),
            Some(70.0),
            Some(90.0),
            Some(70.0),
        ];
        assert_eq!(extremes(&values, Direction::Higher), (Some(4), Some(5)));
        assert_eq!(extremes(&values, Direction::Lower), (Some(5), Some(4)));
        assert_eq!(extremes(&[None, None], Direction::Higher), (None, None));
        assert_eq!(extremes(&[Some(3.0)], Direction::Lower), (Some(0), Some(0)));
    }

    #[test]
    fn a_sparkline_spans_its_range_breaks_at_gaps_and_shows_a_target_inside_it() {
        let line = Sparkline::new(
            &[Some(10.0), Some(20.0), None, Some(15.0), Some(30.0)],
            Some(25.0),
        );
        assert_eq!(
            line.segments,
            vec![
                vec![[0.0, 0.85], [0.25, 0.5]],
                vec![[0.75, 0.675], [1.0, 0.15]]
            ]
        );
        assert_eq!(line.last, Some([1.0, 0.15]));
        assert_eq!(line.target, Some(0.325));
        // A target outside the values' range is left out; a flat series is drawn mid-height.
        let flat = Sparkline::new(&[Some(5.0), Some(5.0)], Some(9.0));
        assert_eq!(flat.segments, vec![vec![[0.0, 0.5], [1.0, 0.5]]]);
        assert_eq!(flat.target, None);
        // A value that is not a number breaks the line like a missing one.
        let odd = Sparkline::new(&[Some(1.0), Some(f64::NAN), Some(3.0)], None);
        assert_eq!(odd.segments, vec![vec![[0.0, 0.85]], vec![[1.0, 0.15]]]);
        // Without any value there is nothing to draw.
        let empty = Sparkline::new(&[None, None], Some(1.0));
        assert!(empty.segments.is_empty() && empty.last.is_none() && empty.target.is_none());
    }
}
