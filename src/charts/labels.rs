//! A chart split for the PDF into its shapes (an SVG without its labels) and its labels (text
//! the typst template sets over the image). Typst lays out the text of an SVG through usvg,
//! which builds a shaper from the font file for every label — 155 labels in a QBR, about a sixth
//! of its typesetting — while labels set by the template share the document's shaping, cached
//! from one pack to the next. The HTML and the pack's `charts/*.svg` keep the SVG whole.
//!
//! Only the text plotters writes is taken out (`x`, `y`, `dy` in `em`/`ex`, `text-anchor`,
//! `font-size`, `font-weight`, `font-family` of the charts, `fill` as `#rrggbb`, `opacity`,
//! `transform` as a rotation): a label with anything else stays in the SVG as text.

use std::fmt::Write as _;

use serde::Serialize;

/// A label to set over the chart, in the SVG's units (y down).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Label {
    /// Where the text is anchored, on its baseline.
    pub x: f64,
    /// The baseline.
    pub y: f64,
    /// `start`, `middle` or `end`: which point of the text is at `x`.
    pub anchor: &'static str,
    /// Font size.
    pub size: f64,
    /// Semibold.
    pub bold: bool,
    /// Colour, `#rrggbb` or `#rrggbbaa`.
    pub fill: String,
    /// Rotation about the anchor, degrees clockwise.
    pub angle: f64,
    /// The text, as shown.
    pub text: String,
}

/// A chart's shapes and labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// The SVG without the labels taken out.
    pub shapes: String,
    /// The SVG's width in its own units.
    pub width: f64,
    /// The labels taken out.
    pub labels: Vec<Label>,
}

/// Takes the labels plotters wrote out of `svg`; `None` when the SVG's width is unknown.
pub fn split_labels(svg: &str) -> Option<Split> {
    let width = root_width(svg)?;
    let mut shapes = String::with_capacity(svg.len());
    let mut labels = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text") {
        shapes.push_str(&rest[..start]);
        let element = &rest[start..];
        let Some(end) = element.find("</text>").map(|e| e + "</text>".len()) else {
            rest = element;
            break;
        };
        match label(&element[..end]) {
            Some(label) => labels.push(label),
            None => shapes.push_str(&element[..end]),
        }
        rest = &element[end..];
    }
    shapes.push_str(rest);
    Some(Split {
        shapes,
        width,
        labels,
    })
}

fn root_width(svg: &str) -> Option<f64> {
    let start = svg.find("<svg")?;
    let open = &svg[start + "<svg".len()..];
    let open = &open[..open.find('>')?];
    attribute_pairs(open)
        .into_iter()
        .flatten()
        .find(|(name, _)| *name == "width")
        .and_then(|(_, value)| value.parse().ok())
        .filter(|w: &f64| w.is_finite() && *w > 0.0)
}

fn label(element: &str) -> Option<Label> {
    let open_end = element.find('>')?;
    let attributes = element.get("<text".len()..open_end)?;
    let body = element.get(open_end + 1..element.len() - "</text>".len())?;
    if body.contains('<') {
        return None;
    }
    let (mut x, mut y, mut dy, mut size, mut opacity) = (0.0, 0.0, 0.0, 16.0, 1.0);
    let mut anchor = "start";
    let mut bold = false;
    let mut fill = "#000000".to_string();
    let mut rotation: Option<(f64, f64, f64)> = None;
    for (name, value) in attribute_pairs(attributes)? {
        match name {
            "x" => x = number(value)?,
            "y" => y = number(value)?,
            "font-size" => size = number(value)?,
            "opacity" => opacity = number(value)?.clamp(0.0, 1.0),
            "dy" => dy = relative_length(value)?,
            "text-anchor" => {
                anchor = match value {
                    "start" => "start",
                    "middle" => "middle",
                    "end" => "end",
                    _ => return None,
                }
            }
            "font-weight" => {
                bold = match value {
                    "normal" | "400" => false,
                    "bold" | "600" | "700" => true,
                    _ => return None,
                }
            }
            "font-family" if value == super::FONT_FAMILY => {}
            "fill" if is_hex_colour(value) => fill = value.to_ascii_lowercase(),
            "transform" => rotation = Some(rotate(value)?),
            _ => return None,
        }
    }
    if opacity < 1.0 {
        let _ = write!(fill, "{:02x}", (opacity * 255.0).round() as u8);
    }
    // The anchor on the baseline, then turned about the rotation's centre with the text.
    let (mut ax, mut ay) = (x, y + dy * size);
    let mut angle = 0.0;
    if let Some((degrees, cx, cy)) = rotation {
        let (sin, cos) = degrees.to_radians().sin_cos();
        let (vx, vy) = (ax - cx, ay - cy);
        (ax, ay) = (cx + vx * cos - vy * sin, cy + vx * sin + vy * cos);
        angle = (degrees + 180.0).rem_euclid(360.0) - 180.0;
    }
    Some(Label {
        x: ax,
        y: ay,
        anchor,
        size,
        bold,
        fill,
        angle,
        text: unescape(body)?
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    })
}

fn number(value: &str) -> Option<f64> {
    value.trim().parse().ok().filter(|n: &f64| n.is_finite())
}

fn is_hex_colour(value: &str) -> bool {
    value.len() == 7 && value.starts_with('#') && value[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// `rotate(a, cx, cy)` (or `rotate(a)`) → (a, cx, cy).
fn rotate(value: &str) -> Option<(f64, f64, f64)> {
    let inner = value.trim().strip_prefix("rotate(")?.strip_suffix(')')?;
    let numbers: Vec<f64> = inner
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(number)
        .collect::<Option<_>>()?;
    match numbers[..] {
        [a] => Some((a, 0.0, 0.0)),
        [a, cx, cy] => Some((a, cx, cy)),
        _ => None,
    }
}

/// `name="value"` pairs; `None` for anything else.
fn attribute_pairs(mut text: &str) -> Option<Vec<(&str, &str)>> {
    let mut pairs = Vec::new();
    loop {
        text = text.trim_start();
        if text.is_empty() || text == "/" {
            return Some(pairs);
        }
        let (name, after) = text.split_once("=\"")?;
        let (value, after) = after.split_once('"')?;
        if name.is_empty() || name.contains(char::is_whitespace) {
            return None;
        }
        pairs.push((name, value));
        text = after;
    }
}

/// `0.76em` → 0.76; `0.5ex` → 0.25 (usvg, which drew these labels before, takes an ex as half
/// an em).
fn relative_length(value: &str) -> Option<f64> {
    if let Some(n) = value.strip_suffix("em") {
        number(n)
    } else if let Some(n) = value.strip_suffix("ex") {
        number(n).map(|n| n / 2.0)
    } else {
        None
    }
}

fn unescape(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let (entity, after) = rest[amp + 1..].split_once(';')?;
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()?
                } else {
                    entity.strip_prefix('#')?.parse().ok()?
                };
                char::from_u32(code)?
            }
        };
        out.push(c);
        rest = after;
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const AXIS: &str = "<text x=\"68\" y=\"231\" dy=\"0.5ex\" text-anchor=\"end\" font-family=\"Inter\" font-size=\"11\" opacity=\"1\" fill=\"#1F2937\">\n300\n</text>";

    fn svg(body: &str) -> String {
        format!(
            "<svg width=\"680\" height=\"260\" viewBox=\"0 0 680 260\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/>\n{body}\n<line/>\n</svg>"
        )
    }

    #[test]
    fn a_plotters_label_leaves_the_svg_with_its_place_size_and_colour() {
        let split = split_labels(&svg(AXIS)).unwrap();
        assert_eq!(
            split.shapes,
            "<svg width=\"680\" height=\"260\" viewBox=\"0 0 680 260\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/>\n\n<line/>\n</svg>"
        );
        assert_eq!(split.width, 680.0);
        assert_eq!(
            split.labels,
            [Label {
                x: 68.0,
                // Half an ex below y: a quarter of the font size.
                y: 233.75,
                anchor: "end",
                size: 11.0,
                bold: false,
                fill: "#1f2937".into(),
                angle: 0.0,
                text: "300".into(),
            }]
        );
    }

    #[test]
    fn a_turned_label_is_anchored_where_the_rotation_puts_its_baseline() {
        // The y-axis title: hung 0.76 em below (8, 125), then turned 270° about that point.
        let title = "<text x=\"8\" y=\"125\" dy=\"0.76em\" text-anchor=\"middle\" font-family=\"Inter\" font-size=\"10\" opacity=\"0.5\" fill=\"#4B5563\" transform=\"rotate(270, 8, 125)\">\nNetwork &amp; VPN &#x2014; &lt;b&gt; &#8364;\n</text>";
        let label = &split_labels(&svg(title)).unwrap().labels[0];
        assert_eq!(label.text, "Network & VPN — <b> €");
        assert_eq!(label.angle, -90.0);
        assert!((label.x - 15.6).abs() < 1e-9 && (label.y - 125.0).abs() < 1e-9);
        assert_eq!(label.fill, "#4b556380");
    }

    #[test]
    fn what_is_not_plotters_plain_text_stays_in_the_svg() {
        for odd in [
            AXIS.replace("font-size", "font-style=\"italic\" font-size"),
            AXIS.replace("#1F2937", "url(#gradient)"),
            AXIS.replace("opacity=\"1\"", "transform=\"matrix(1 0 0 1 0 0)\""),
            AXIS.replace("300", "3<tspan>0</tspan>0"),
            AXIS.replace("300", "3 &bogus 0"),
        ] {
            let split = split_labels(&svg(&odd)).unwrap();
            assert!(split.labels.is_empty(), "{odd}");
            assert_eq!(split.shapes, svg(&odd));
        }
        let unclosed = "<svg width=\"10\"><text x=\"1\">a</svg>";
        assert_eq!(split_labels(unclosed).unwrap().shapes, unclosed);
        assert_eq!(split_labels("<svg height=\"5\"></svg>"), None);
    }
}
