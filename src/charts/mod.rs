//! Charts as SVG strings, drawn with plotters: trend lines with target lines, grouped bars and
//! horizontal bars. One palette from the brand colours; series are told apart by lightness,
//! line style and markers as well as hue, so the charts survive greyscale printing. The same SVG
//! feeds the PDF and the HTML.

mod labels;
mod palette;

use std::sync::OnceLock;

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub use labels::{Label, Split, split_labels};
pub use palette::Palette;

/// Relative luminance of a `#rrggbb` colour.
pub fn palette_luminance(hex: &str) -> f64 {
    palette::luminance(palette::parse_hex(hex))
}

/// The sans-serif family of the charts (vendored, embedded in the binary and in PDFs).
pub const FONT_FAMILY: &str = "Inter";
/// Regular Inter (SIL Open Font License, see `assets/fonts/LICENSE-Inter.txt`).
pub const INTER_REGULAR: &[u8] = include_bytes!("../../assets/fonts/Inter-Regular.otf");
/// Semibold Inter.
pub const INTER_SEMIBOLD: &[u8] = include_bytes!("../../assets/fonts/Inter-SemiBold.otf");
/// Italic Inter.
pub const INTER_ITALIC: &[u8] = include_bytes!("../../assets/fonts/Inter-Italic.otf");
/// Bold italic Inter.
pub const INTER_BOLD_ITALIC: &[u8] = include_bytes!("../../assets/fonts/Inter-BoldItalic.otf");

const WIDTH: u32 = 680;

/// Registers the chart font with plotters' text measurement (once per process).
fn register_fonts() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        for family in [FONT_FAMILY, "sans-serif"] {
            // A font that does not parse only degrades label measurement; charts still draw.
            let _ =
                plotters::style::register_font(family, FontStyle::Normal, INTER_REGULAR).is_ok();
            let _ = plotters::style::register_font(family, FontStyle::Bold, INTER_SEMIBOLD).is_ok();
        }
    });
}

/// Font size in CSS pixels (plotters writes `size / 1.24`).
fn font(size: f64) -> FontDesc<'static> {
    (FONT_FAMILY, size * 1.24).into_font()
}

fn bold(size: f64) -> FontDesc<'static> {
    (FONT_FAMILY, size * 1.24, FontStyle::Bold).into_font()
}

/// A drawn chart: its SVG and a one-sentence description of what it shows.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Chart {
    /// File name inside the pack (`charts/….svg`).
    pub file: String,
    /// The SVG document.
    #[serde(skip)]
    pub svg: String,
    /// Text alternative.
    pub alt: String,
}

/// A line over periods with an optional target.
pub struct TrendSpec<'a> {
    /// File stem.
    pub name: &'a str,
    /// Axis label with unit (`minutes`, `%`).
    pub y_label: &'a str,
    /// Period labels and values (`None` = no data, drawn as a gap).
    pub points: &'a [(String, Option<f64>)],
    /// Target value.
    pub target: Option<f64>,
    /// Label of the target line (`Target 95%`).
    pub target_label: &'a str,
    /// Formats a value for the axis.
    pub format: &'a dyn Fn(f64) -> String,
    /// Formats a value for the labels at the points.
    pub label: &'a dyn Fn(f64) -> String,
    /// Text alternative.
    pub alt: String,
    /// The axis counts in multiples of this (60: minutes shown as hours).
    pub axis_unit: f64,
    /// Lowest value the axis must show (0 for counts and rates).
    pub floor: Option<f64>,
    /// Highest value the axis may show (100 for percentages).
    pub ceiling: Option<f64>,
}

fn wrap(name: &str, mut svg: String, alt: &str) -> Chart {
    // plotters emits no accessibility attributes: give the root a role, a label and a title.
    if let Some(end) = svg.find('>') {
        let escaped = escape_xml(alt);
        svg.insert_str(
            end,
            &format!(" role=\"img\" aria-label=\"{escaped}\" font-family=\"{FONT_FAMILY}\""),
        );
        let close = svg.find('>').map(|e| e + 1).unwrap_or(0);
        svg.insert_str(close, &format!("\n<title>{escaped}</title>"));
    }
    Chart {
        file: format!("charts/{name}.svg"),
        svg,
        alt: alt.to_string(),
    }
}

/// XML escaping for attribute values and text.
pub fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// A step of 1, 2, 2.5 or 5 times a power of ten near `rough`.
fn nice_step(rough: f64) -> f64 {
    let rough = rough.max(1e-9);
    let power = 10f64.powf(rough.log10().floor());
    let fraction = rough / power;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 2.5 {
        2.5
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// An axis range on round values (in multiples of `unit`, e.g. 60 for minutes shown as hours)
/// covering the values with some room, within `floor` and `ceiling`; returns (low, high, ticks).
fn nice_range(
    values: impl Iterator<Item = f64>,
    floor: Option<f64>,
    ceiling: Option<f64>,
    unit: f64,
) -> (f64, f64, usize) {
    let values: Vec<f64> = values.filter(|v| v.is_finite()).map(|v| v / unit).collect();
    let mut low = values.iter().copied().fold(f64::INFINITY, f64::min);
    let mut high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !low.is_finite() {
        low = 0.0;
        high = 1.0;
    }
    let span = (high - low).max(high.abs() * 0.1).max(1e-6);
    low -= span * 0.2;
    high += span * 0.2;
    let floor = floor.map(|f| f / unit);
    let ceiling = ceiling.map(|c| c / unit);
    if let Some(f) = floor
        && (low < f || low - f < span * 0.5)
    {
        low = f;
    }
    let step = nice_step((high - low) / 4.0);
    low = (low / step).floor() * step;
    high = (high / step).ceil() * step;
    if let Some(f) = floor {
        low = low.max(f);
    }
    if let Some(c) = ceiling {
        high = high.min(c.max(low + step));
    }
    let ticks = ((high - low) / step).round() as usize + 1;
    (low * unit, high * unit, ticks.clamp(2, 8))
}

type DrawResult<T> = Result<T, String>;

fn err<E: std::fmt::Display>(e: E) -> String {
    format!("chart drawing failed: {e}")
}

/// A trend line over periods with markers, value labels and a dashed target line.
pub fn trend(spec: &TrendSpec, palette: &Palette) -> DrawResult<Chart> {
    register_fonts();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, 260)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let values = spec.points.iter().filter_map(|p| p.1).chain(spec.target);
        let (low, high, ticks) = nice_range(values, spec.floor, spec.ceiling, spec.axis_unit);
        let n = spec.points.len().max(1);
        let mut chart = ChartBuilder::on(&root)
            .margin_top(18)
            .margin_right(110)
            .margin_left(8)
            .x_label_area_size(28)
            .y_label_area_size(70)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), low..high)
            .map_err(err)?;
        let labels: Vec<String> = spec.points.iter().map(|p| p.0.clone()).collect();
        let format = spec.format;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n)
            .y_labels(ticks)
            .x_label_formatter(&|x: &f64| {
                let i = x.round();
                if (x - i).abs() < 1e-6 && i >= 0.0 {
                    labels.get(i as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|y: &f64| format(*y))
            .y_desc(spec.y_label)
            .label_style(font(11.0).color(&palette.text))
            .axis_desc_style(font(11.0).color(&palette.muted))
            .bold_line_style(palette.grid)
            .light_line_style(TRANSPARENT)
            .axis_style(palette.axis)
            .draw()
            .map_err(err)?;
        if let Some(target) = spec.target {
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(-0.5, target), (n as f64 - 0.5, target)],
                    7,
                    5,
                    palette.target.stroke_width(2),
                ))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    spec.target_label.to_string(),
                    (n as f64 - 0.45, target),
                    font(11.0)
                        .color(&palette.target)
                        .pos(Pos::new(HPos::Left, VPos::Center)),
                )))
                .map_err(err)?;
        }
        // Consecutive points with data form segments; gaps mark periods without data.
        let mut segment: Vec<(f64, f64)> = Vec::new();
        let mut segments = Vec::new();
        for (i, (_, value)) in spec.points.iter().enumerate() {
            match value {
                Some(v) => segment.push((i as f64, *v)),
                None if !segment.is_empty() => segments.push(std::mem::take(&mut segment)),
                None => {}
            }
        }
        if !segment.is_empty() {
            segments.push(segment);
        }
        for points in &segments {
            chart
                .draw_series(LineSeries::new(
                    points.clone(),
                    palette.primary.stroke_width(3),
                ))
                .map_err(err)?;
        }
        let last = spec.points.len().saturating_sub(1);
        let labelled = labelled_points(spec.points);
        for (i, (_, value)) in spec.points.iter().enumerate() {
            let Some(v) = value else { continue };
            let color = if i == last {
                palette.accent
            } else {
                palette.primary
            };
            chart
                .draw_series(std::iter::once(Circle::new(
                    (i as f64, *v),
                    5,
                    color.filled(),
                )))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(Circle::new(
                    (i as f64, *v),
                    5,
                    WHITE.stroke_width(1),
                )))
                .map_err(err)?;
            if !labelled[i] {
                continue;
            }
            let style = if i == last { bold(12.0) } else { font(11.0) };
            chart
                .draw_series(std::iter::once(Text::new(
                    (spec.label)(*v),
                    (i as f64, *v),
                    style
                        .color(&palette.text)
                        .pos(Pos::new(HPos::Center, VPos::Bottom)),
                )))
                .map_err(err)?;
        }
        root.present().map_err(err)?;
    }
    Ok(wrap(spec.name, shift_value_labels(svg), &spec.alt))
}

/// The points of a trend that carry their value: every one of a short series; of a series of
/// more than `LABEL_ALL` points (a year of months), the first, the last, the highest and the
/// lowest — labels at every point of a long series crowd into each other, and the trend table
/// beside the chart gives every value.
fn labelled_points(points: &[(String, Option<f64>)]) -> Vec<bool> {
    const LABEL_ALL: usize = 6;
    let with_value: Vec<(usize, f64)> = points
        .iter()
        .enumerate()
        .filter_map(|(i, (_, v))| v.map(|v| (i, v)))
        .collect();
    if with_value.len() <= LABEL_ALL {
        return points.iter().map(|(_, v)| v.is_some()).collect();
    }
    let mut labelled = vec![false; points.len()];
    let highest = with_value
        .iter()
        .fold(with_value[0], |a, &b| if b.1 > a.1 { b } else { a });
    let lowest = with_value
        .iter()
        .fold(with_value[0], |a, &b| if b.1 < a.1 { b } else { a });
    for (i, _) in [
        with_value[0],
        with_value[with_value.len() - 1],
        highest,
        lowest,
    ] {
        labelled[i] = true;
    }
    labelled
}

/// Raises value labels drawn at a point's position above its marker.
fn shift_value_labels(svg: String) -> String {
    svg.replace("dy=\"-0.5ex\"", "dy=\"-0.9em\"")
}

/// Grouped vertical bars: one group per category, one bar per series.
pub struct BarsSpec<'a> {
    /// File stem.
    pub name: &'a str,
    /// Category labels.
    pub categories: &'a [String],
    /// Series names and values per category.
    pub series: &'a [(String, Vec<Option<f64>>)],
    /// Axis label.
    pub y_label: &'a str,
    /// Value formatter.
    pub format: &'a dyn Fn(f64) -> String,
    /// Axis maximum (e.g. 100 for percentages).
    pub ceiling: Option<f64>,
    /// Text alternative.
    pub alt: String,
}

/// Grouped bars with values on top and a legend.
pub fn bars(spec: &BarsSpec, palette: &Palette) -> DrawResult<Chart> {
    register_fonts();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, 260)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let max = spec
            .series
            .iter()
            .flat_map(|s| s.1.iter().flatten())
            .copied()
            .fold(0.0, f64::max);
        let high = spec.ceiling.unwrap_or((max * 1.2).max(1.0)).max(1e-6);
        let n = spec.categories.len().max(1) as i32;
        let mut chart = ChartBuilder::on(&root)
            .margin_top(30)
            .margin_right(12)
            .margin_left(8)
            .x_label_area_size(28)
            .y_label_area_size(70)
            .build_cartesian_2d((0..n - 1).into_segmented(), 0f64..high * 1.08)
            .map_err(err)?;
        let categories = spec.categories;
        let format = spec.format;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .y_labels(5)
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => {
                    categories.get(*i as usize).cloned().unwrap_or_default()
                }
                _ => String::new(),
            })
            .y_label_formatter(&|y: &f64| format(*y))
            .y_desc(spec.y_label)
            .label_style(font(11.0).color(&palette.text))
            .axis_desc_style(font(11.0).color(&palette.muted))
            .bold_line_style(palette.grid)
            .light_line_style(TRANSPARENT)
            .axis_style(palette.axis)
            .draw()
            .map_err(err)?;
        let groups = spec.series.len().max(1);
        let colors = palette.series(groups);
        let plot = chart.plotting_area().get_pixel_range();
        let band = (plot.0.end - plot.0.start) as f64 / n as f64;
        let bar = ((band * 0.7) / groups as f64).min(48.0);
        for (s, (_, values)) in spec.series.iter().enumerate() {
            let color = colors[s];
            for (i, value) in values.iter().enumerate() {
                let Some(v) = value else { continue };
                let left = (band - bar * groups as f64) / 2.0 + bar * s as f64;
                let mut rect = Rectangle::new(
                    [
                        (SegmentValue::Exact(i as i32), 0.0),
                        (SegmentValue::Exact(i as i32 + 1), *v),
                    ],
                    color.filled(),
                );
                rect.set_margin(
                    0,
                    0,
                    left.round() as u32,
                    (band - left - bar).max(0.0).round() as u32,
                );
                chart.draw_series(std::iter::once(rect)).map_err(err)?;
                let x = chart.backend_coord(&(SegmentValue::Exact(i as i32), *v));
                let center = x.0 + (left + bar / 2.0).round() as i32;
                root.draw(&Text::new(
                    format(*v),
                    (center, x.1 - 4),
                    font(10.5)
                        .color(&palette.text)
                        .pos(Pos::new(HPos::Center, VPos::Bottom)),
                ))
                .map_err(err)?;
            }
        }
        // Legend across the top.
        let mut x = 80;
        for (s, (name, _)) in spec.series.iter().enumerate() {
            root.draw(&Rectangle::new([(x, 8), (x + 14, 20)], colors[s].filled()))
                .map_err(err)?;
            root.draw(&Text::new(
                name.clone(),
                (x + 20, 14),
                font(11.0)
                    .color(&palette.text)
                    .pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(err)?;
            x += 40 + (name.chars().count() as i32) * 7;
        }
        root.present().map_err(err)?;
    }
    Ok(wrap(spec.name, svg, &spec.alt))
}

/// Horizontal bars, one per labelled value (e.g. tickets by category), largest first.
pub struct HorizontalSpec<'a> {
    /// File stem.
    pub name: &'a str,
    /// Labels and values.
    pub rows: &'a [(String, f64)],
    /// Value formatter (bar-end labels).
    pub format: &'a dyn Fn(f64) -> String,
    /// Text alternative.
    pub alt: String,
}

fn text_width(text: &str, size: f64) -> i32 {
    let style = font(size);
    style
        .box_size(text)
        .map(|(w, _)| w as i32)
        .unwrap_or((text.chars().count() as f64 * size * 0.6) as i32)
}

/// Truncates a label to fit `width` pixels at `size`.
fn fit(label: &str, width: i32, size: f64) -> String {
    if text_width(label, size) <= width {
        return label.to_string();
    }
    let mut out: String = label.to_string();
    while !out.is_empty() && text_width(&format!("{out}…"), size) > width {
        out.pop();
    }
    format!("{}…", out.trim_end())
}

/// Horizontal bars with labels on the left and values at the bar ends.
pub fn horizontal(spec: &HorizontalSpec, palette: &Palette) -> DrawResult<Chart> {
    register_fonts();
    let rows = spec.rows;
    let height = (rows.len() as u32 * 26 + 20).max(60);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let label_width = rows
            .iter()
            .map(|r| text_width(&r.0, 11.0))
            .max()
            .unwrap_or(0)
            .min(230)
            + 12;
        let max = rows.iter().map(|r| r.1).fold(0.0, f64::max).max(1e-6);
        let bar_left = label_width + 8;
        let bar_span = WIDTH as i32 - bar_left - 70;
        for (i, (label, value)) in rows.iter().enumerate() {
            let y = 10 + i as i32 * 26;
            let shown = fit(label, label_width - 12, 11.0);
            root.draw(&Text::new(
                shown,
                (label_width, y + 10),
                font(11.0)
                    .color(&palette.text)
                    .pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(err)?;
            let length = ((value / max) * bar_span as f64).round() as i32;
            let color = if i == 0 {
                palette.primary
            } else {
                palette.secondary
            };
            root.draw(&Rectangle::new(
                [(bar_left, y + 2), (bar_left + length.max(1), y + 19)],
                color.filled(),
            ))
            .map_err(err)?;
            root.draw(&Text::new(
                (spec.format)(*value),
                (bar_left + length + 6, y + 10),
                font(11.0)
                    .color(&palette.text)
                    .pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(err)?;
        }
        root.draw(&PathElement::new(
            vec![(bar_left, 6), (bar_left, height as i32 - 6)],
            palette.axis,
        ))
        .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(wrap(spec.name, svg, &spec.alt))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn palette() -> Palette {
        Palette::from_brand("#1f4e79", "#4f81bd", "#e07a1f")
    }

    /// A short series labels every point with a value; a year of months its first, last,
    /// highest and lowest (a missing month never).
    #[test]
    fn long_trends_label_their_ends_and_extremes() {
        let series = |values: &[Option<f64>]| -> Vec<(String, Option<f64>)> {
            values.iter().map(|v| (String::new(), *v)).collect()
        };
        let short = series(&[Some(1.0), None, Some(3.0), Some(2.0), Some(5.0)]);
        assert_eq!(labelled_points(&short), [true, false, true, true, true]);
        let year = series(&[
            None,
            Some(80.0),
            Some(86.0),
            Some(84.6),
            Some(79.1),
            Some(82.0),
            Some(87.2),
            Some(83.0),
            Some(81.0),
            Some(85.0),
            Some(82.5),
            None,
        ]);
        let labelled: Vec<usize> = labelled_points(&year)
            .iter()
            .enumerate()
            .filter_map(|(i, &l)| l.then_some(i))
            .collect();
        assert_eq!(labelled, [1, 4, 6, 10]);
    }

    #[test]
    fn trend_svg_is_accessible_and_escapes_text() {
        let points = vec![
            ("Q1 <2026>".to_string(), Some(91.0)),
            ("Q2".to_string(), None),
            ("Q3".to_string(), Some(96.5)),
        ];
        let format = |v: f64| format!("{v:.1}%");
        let spec = TrendSpec {
            name: "sla",
            y_label: "% of tickets",
            points: &points,
            target: Some(95.0),
            target_label: "Target 95%",
            format: &format,
            label: &format,
            axis_unit: 1.0,
            alt: "Response SLA by quarter & <target>".into(),
            floor: Some(0.0),
            ceiling: Some(100.0),
        };
        let chart = trend(&spec, &palette()).unwrap();
        assert!(chart.svg.contains("role=\"img\""));
        assert!(
            chart
                .svg
                .contains("<title>Response SLA by quarter &amp; &lt;target&gt;</title>")
        );
        assert!(chart.svg.contains("Q1 &lt;2026&gt;"));
        assert!(!chart.svg.contains("<2026>"));
        assert!(chart.svg.contains("96.5%") && chart.svg.contains("Target 95%"));
        // Deterministic.
        assert_eq!(trend(&spec, &palette()).unwrap().svg, chart.svg);
    }

    #[test]
    fn bars_and_horizontal_bars_draw() {
        let format = |v: f64| format!("{v:.0}");
        let categories = vec!["P1".to_string(), "P2".to_string()];
        let series = vec![
            ("Response".to_string(), vec![Some(90.0), Some(80.0)]),
            ("Resolution".to_string(), vec![None, Some(70.0)]),
        ];
        let spec = BarsSpec {
            name: "b",
            categories: &categories,
            series: &series,
            y_label: "%",
            format: &format,
            ceiling: Some(100.0),
            alt: "bars".into(),
        };
        assert!(bars(&spec, &palette()).unwrap().svg.contains("\n80\n"));
        let rows = vec![
            (
                "A very long category name that will not fit in the label area at all".to_string(),
                12.0,
            ),
            ("B".to_string(), 3.0),
        ];
        let spec = HorizontalSpec {
            name: "h",
            rows: &rows,
            format: &format,
            alt: "h".into(),
        };
        let svg = horizontal(&spec, &palette()).unwrap().svg;
        assert!(svg.contains('…') && svg.contains("\n12\n"));
    }
}
