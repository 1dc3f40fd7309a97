//! The chart palette, derived from the MSP's brand colours.

use plotters::style::RGBColor;

/// Colours of the charts.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    /// Main series.
    pub primary: RGBColor,
    /// Second series.
    pub secondary: RGBColor,
    /// Highlight (the current period).
    pub accent: RGBColor,
    /// Target lines (dark, dashed: readable in greyscale).
    pub target: RGBColor,
    /// Labels.
    pub text: RGBColor,
    /// Axis descriptions.
    pub muted: RGBColor,
    /// Grid lines.
    pub grid: RGBColor,
    /// Axes.
    pub axis: RGBColor,
}

/// Parses `#rrggbb` (falls back to a neutral blue).
pub fn parse_hex(hex: &str) -> RGBColor {
    let hex = hex.trim_start_matches('#');
    let channel =
        |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("80"), 16).unwrap_or(0x80);
    if hex.len() == 6 {
        RGBColor(channel(0), channel(2), channel(4))
    } else {
        RGBColor(0x1f, 0x4e, 0x79)
    }
}

/// Relative luminance (WCAG) of a colour.
pub fn luminance(color: RGBColor) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(color.0) + 0.7152 * linear(color.1) + 0.0722 * linear(color.2)
}

/// Mixes a colour with white (`amount` 0 = unchanged, 1 = white).
pub fn tint(color: RGBColor, amount: f64) -> RGBColor {
    let mix = |c: u8| (f64::from(c) + (255.0 - f64::from(c)) * amount).round() as u8;
    RGBColor(mix(color.0), mix(color.1), mix(color.2))
}

impl Palette {
    /// A palette from the brand colours.
    pub fn from_brand(primary: &str, secondary: &str, accent: &str) -> Self {
        let primary = parse_hex(primary);
        let mut secondary = parse_hex(secondary);
        // Keep the second series clearly lighter than the first, for greyscale.
        if (luminance(secondary) - luminance(primary)).abs() < 0.15 {
            secondary = tint(primary, 0.45);
        }
        Self {
            primary,
            secondary,
            accent: parse_hex(accent),
            target: RGBColor(0x37, 0x41, 0x51),
            text: RGBColor(0x1f, 0x29, 0x37),
            muted: RGBColor(0x4b, 0x55, 0x63),
            grid: RGBColor(0xe5, 0xe7, 0xeb),
            axis: RGBColor(0x9c, 0xa3, 0xaf),
        }
    }

    /// Colours for `n` series, from dark to light.
    pub fn series(&self, n: usize) -> Vec<RGBColor> {
        let base = [
            self.primary,
            self.secondary,
            self.accent,
            tint(self.primary, 0.7),
        ];
        (0..n).map(|i| base[i % base.len()]).collect()
    }
}
