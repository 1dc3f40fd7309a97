//! Text from the data made displayable: control characters become visible symbols and
//! characters no bundled font can draw become U+FFFD, so any text an export holds renders in
//! the PDF and the HTML alike (and never fails the PDF/UA export).

use std::borrow::Cow;

use serde_json::Value;

/// Shown for a character no bundled font covers.
pub const REPLACEMENT: char = '\u{FFFD}';

/// The character shown for `c`: itself; a control character's picture (U+2400 block, `␀`…`␟`,
/// `␡`); U+FFFD for other controls and for what no bundled font covers. Tabs and newlines stay.
fn shown(c: char) -> char {
    match c {
        '\t' | '\n' => c,
        ' '..='~' => c,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or(REPLACEMENT),
        '\u{7f}' => '\u{2421}',
        '\u{80}'..='\u{9f}' => REPLACEMENT,
        // Joiners and variation selectors shape emoji and scripts; they draw nothing.
        '\u{200c}' | '\u{200d}' | '\u{fe00}'..='\u{fe0f}' => c,
        _ if super::pdf::covered(c) => c,
        _ => REPLACEMENT,
    }
}

/// `text` with every character displayable.
pub fn displayable(text: &str) -> Cow<'_, str> {
    // Most text is printable ASCII, shown as it is: checked byte by byte first.
    if text
        .bytes()
        .all(|b| matches!(b, b' '..=b'~' | b'\t' | b'\n'))
        || text.chars().all(|c| shown(c) == c)
    {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(shown).collect())
}

/// Makes every string of a JSON value displayable, in place.
pub fn make_displayable(value: &mut Value) {
    match value {
        Value::String(text) => {
            if let Cow::Owned(fixed) = displayable(text) {
                *text = fixed;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(make_displayable),
        Value::Object(map) => map.values_mut().for_each(make_displayable),
        _ => {}
    }
}

/// `text` cut to at most `chars` characters, ending in "…" when cut (a title on one line).
pub fn shortened(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_string()
    } else {
        let kept: String = text.chars().take(chars.saturating_sub(1)).collect();
        format!("{}…", kept.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_emoji_stay_controls_become_visible() {
        for text in [
            "Printer on fire 🔥",
            "打印机着火了 プリンター",
            "한국어",
            "مرحبا بالعالم",
            "שלום עולם",
            "Ελληνικά Кириллица",
            "ภาษาไทย हिन्दी",
        ] {
            assert_eq!(displayable(text), text, "{text}");
        }
        assert_eq!(
            displayable("a\u{1}b\rc\u{7f}"),
            "a\u{2401}b\u{240d}c\u{2421}"
        );
        assert_eq!(displayable("tab\there\nline"), "tab\there\nline");
        // A Mro letter: no bundled font covers it.
        assert_eq!(displayable("x\u{16a40}y"), "x\u{fffd}y");
    }

    #[test]
    fn json_strings_are_fixed_in_place() {
        let mut value = serde_json::json!({"a": ["ok", "bad\u{0}"], "b": {"c": 1}});
        make_displayable(&mut value);
        assert_eq!(value["a"][1], "bad\u{2400}");
        assert_eq!(value["b"]["c"], 1);
    }
}
