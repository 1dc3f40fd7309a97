//! Month names of other languages in export dates (`09/ott/23 14:50`, `3. Okt. 2026`): each is
//! rewritten to its English abbreviation before the date is parsed with `%b` or `%B`.

#[derive(Debug)]
/// One language's month names: for each month, its spellings (full names and abbreviations,
/// lower case, without accents folded).
pub struct Months {
    /// Language code.
    pub code: &'static str,
    names: [&'static [&'static str]; 12],
}

/// The languages whose month names are known.
pub const LANGUAGES: &[&str] = &["it", "de", "fr", "es", "pt", "nl"];

const ENGLISH: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

const ALL: &[Months] = &[
    Months {
        code: "it",
        names: [
            &["gennaio", "gen"],
            &["febbraio", "feb"],
            &["marzo", "mar"],
            &["aprile", "apr"],
            &["maggio", "mag"],
            &["giugno", "giu"],
            &["luglio", "lug"],
            &["agosto", "ago"],
            &["settembre", "set", "sett"],
            &["ottobre", "ott"],
            &["novembre", "nov"],
            &["dicembre", "dic"],
        ],
    },
    Months {
        code: "de",
        names: [
            &["januar", "jan", "jänner", "jän"],
            &["februar", "feb"],
            &["märz", "mär", "mrz", "maerz"],
            &["april", "apr"],
            &["mai"],
            &["juni", "jun"],
            &["juli", "jul"],
            &["august", "aug"],
            &["september", "sep", "sept"],
            &["oktober", "okt"],
            &["november", "nov"],
            &["dezember", "dez"],
        ],
    },
    Months {
        code: "fr",
        names: [
            &["janvier", "janv", "jan"],
            &["février", "févr", "fév", "fevrier", "fevr", "fev"],
            &["mars", "mar"],
            &["avril", "avr"],
            &["mai"],
            &["juin"],
            &["juillet", "juil"],
            &["août", "aout", "aoû"],
            &["septembre", "sept", "sep"],
            &["octobre", "oct"],
            &["novembre", "nov"],
            &["décembre", "déc", "decembre", "dec"],
        ],
    },
    Months {
        code: "es",
        names: [
            &["enero", "ene"],
            &["febrero", "feb"],
            &["marzo", "mar"],
            &["abril", "abr"],
            &["mayo", "may"],
            &["junio", "jun"],
            &["julio", "jul"],
            &["agosto", "ago"],
            &["septiembre", "setiembre", "sept", "sep", "set"],
            &["octubre", "oct"],
            &["noviembre", "nov"],
            &["diciembre", "dic"],
        ],
    },
    Months {
        code: "pt",
        names: [
            &["janeiro", "jan"],
            &["fevereiro", "fev"],
            &["março", "marco", "mar"],
            &["abril", "abr"],
            &["maio", "mai"],
            &["junho", "jun"],
            &["julho", "jul"],
            &["agosto", "ago"],
            &["setembro", "set"],
            &["outubro", "out"],
            &["novembro", "nov"],
            &["dezembro", "dez"],
        ],
    },
    Months {
        code: "nl",
        names: [
            &["januari", "jan"],
            &["februari", "feb"],
            &["maart", "mrt", "maa"],
            &["april", "apr"],
            &["mei"],
            &["juni", "jun"],
            &["juli", "jul"],
            &["augustus", "aug"],
            &["september", "sep", "sept"],
            &["oktober", "okt"],
            &["november", "nov"],
            &["december", "dec"],
        ],
    },
];

/// The month names of a language code (`it`, `it-IT`).
pub fn language(code: &str) -> Option<&'static Months> {
    let base = code.split(['-', '_']).next().unwrap_or(code).to_lowercase();
    ALL.iter().find(|m| m.code == base)
}

impl Months {
    /// `text` with every word that is one of this language's month names (any case, an
    /// abbreviation's trailing dot included) rewritten as the English abbreviation.
    pub fn to_english(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String, dot: bool| {
            if word.is_empty() {
                return false;
            }
            let lower = word.to_lowercase();
            let month = self
                .names
                .iter()
                .position(|spellings| spellings.contains(&lower.as_str()));
            match month {
                Some(m) => out.push_str(ENGLISH[m]),
                None => out.push_str(word),
            }
            word.clear();
            // An abbreviation's dot goes with it (`ott.` → `Oct`).
            dot && month.is_some()
        };
        let chars: Vec<char> = text.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if c.is_alphabetic() {
                word.push(c);
            } else {
                // An abbreviation's dot is dropped only where a space or the end follows it
                // (`3. Okt. 2026`); in `09.Okt.2023` the dot separates the date's parts.
                let closing = c == '.' && chars.get(i + 1).is_none_or(|n| n.is_whitespace());
                let swallowed = flush(&mut word, &mut out, closing);
                if !swallowed {
                    out.push(c);
                }
            }
        }
        flush(&mut word, &mut out, false);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_names_become_english_abbreviations() {
        let it = language("it-IT").unwrap();
        assert_eq!(it.to_english("09/ott/23 2:50 PM"), "09/Oct/23 2:50 PM");
        assert_eq!(it.to_english("1 Settembre 2026 08:00"), "1 Sep 2026 08:00");
        let de = language("de").unwrap();
        assert_eq!(de.to_english("3. Okt. 2026 14:00"), "3. Oct 2026 14:00");
        assert_eq!(de.to_english("12. März 2026"), "12. Mar 2026");
        let fr = language("fr").unwrap();
        assert_eq!(fr.to_english("5 févr. 2026 10:30"), "5 Feb 2026 10:30");
        assert_eq!(de.to_english("09.Okt.2023 14:00"), "09.Oct.2023 14:00");
        // Words that are no month stay as they are.
        assert_eq!(it.to_english("ore 10:00 del 3 mag"), "ore 10:00 del 3 May");
        assert!(language("xx").is_none());
    }
}
