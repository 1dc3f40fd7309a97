//! Words, numbers and dates in the client's language: English (British and US conventions) and
//! Italian (`1.234,5`, `30 settembre 2026`).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::config::{Locale, Unit};
use crate::period::Period;

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_IT: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];

/// Formats numbers and dates for one locale.
#[derive(Debug, Clone, Copy)]
pub struct Format {
    /// The locale.
    pub locale: Locale,
}

impl Format {
    /// A formatter.
    pub fn new(locale: Locale) -> Self {
        Self { locale }
    }

    fn separators(self) -> (char, char) {
        match self.locale {
            Locale::ItIt => ('.', ','),
            _ => (',', '.'),
        }
    }

    /// A number with `decimals` decimals and thousands separators (`1,234.5` / `1.234,5`).
    pub fn number(self, value: f64, decimals: usize) -> String {
        let (thousands, decimal) = self.separators();
        let text = format!("{:.*}", decimals, value.abs());
        let (whole, fraction) = text
            .split_once('.')
            .map_or((text.as_str(), ""), |(w, f)| (w, f));
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(thousands);
            }
            grouped.push(c);
        }
        let sign = if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
            "−"
        } else {
            ""
        };
        if fraction.is_empty() {
            format!("{sign}{grouped}")
        } else {
            format!("{sign}{grouped}{decimal}{fraction}")
        }
    }

    /// A count.
    pub fn count(self, value: f64) -> String {
        self.number(value, 0)
    }

    /// A percentage with one decimal (`93.4%` / `93,4%`).
    pub fn percent(self, value: f64) -> String {
        format!("{}%", self.number(value, 1))
    }

    /// A duration in minutes on the clock: `45 min`, `5 h 05 min`, `73.5 h`.
    pub fn duration(self, minutes: f64) -> String {
        if minutes < 60.0 {
            return format!(
                "{} min",
                self.number(
                    minutes,
                    if minutes < 10.0 && minutes.fract() != 0.0 {
                        1
                    } else {
                        0
                    }
                )
            );
        }
        if minutes < 48.0 * 60.0 {
            let total = minutes.round() as i64;
            return format!("{} h {:02} min", total / 60, total % 60);
        }
        format!("{} h", self.number(minutes / 60.0, 1))
    }

    /// A value in its unit.
    pub fn value(self, value: f64, unit: Unit) -> String {
        match unit {
            Unit::Count => self.number(value, if value.fract().abs() < 1e-9 { 0 } else { 1 }),
            Unit::Percent => self.percent(value),
            Unit::Minutes => self.duration(value),
            Unit::Score => self.number(value, 2),
            Unit::Ratio => self.number(value, 3),
        }
    }

    /// A change in its unit, signed (`+2.1 pp`, `−15 min`).
    pub fn change(self, change: f64, unit: Unit) -> String {
        let sign = if change > 1e-9 {
            "+"
        } else if change < -1e-9 {
            "−"
        } else {
            "±"
        };
        let magnitude = change.abs();
        let text = match unit {
            Unit::Percent => format!("{} pp", self.number(magnitude, 1)),
            _ => self.value(magnitude, unit),
        };
        format!("{sign}{text}")
    }

    /// Month name.
    pub fn month_name(self, month: u32) -> &'static str {
        let index = (month.clamp(1, 12) - 1) as usize;
        match self.locale {
            Locale::ItIt => MONTHS_IT[index],
            _ => MONTHS_EN[index],
        }
    }

    /// A long date: `30 September 2026`, `September 30, 2026`, `30 settembre 2026`.
    pub fn date(self, date: NaiveDate) -> String {
        let month = self.month_name(date.month());
        match self.locale {
            Locale::EnUs => format!("{month} {}, {}", date.day(), date.year()),
            _ => format!("{} {month} {}", date.day(), date.year()),
        }
    }

    /// A short date-time for tables: `2026-09-30 14:05`.
    pub fn date_time(self, value: chrono::NaiveDateTime) -> String {
        match self.locale {
            Locale::EnUs => value.format("%m/%d/%Y %H:%M").to_string(),
            _ => value.format("%d/%m/%Y %H:%M").to_string(),
        }
    }

    /// A period's short name: `Q3 2026`, `T3 2026`, `July 2026`, `luglio 2026`, `W27 2026`.
    pub fn period(self, period: Period) -> String {
        let italian = self.locale == Locale::ItIt;
        match period {
            Period::Week(y, w) => format!("{}{w} {y}", if italian { "S" } else { "W" }),
            Period::Month(y, m) => format!("{} {y}", self.month_name(m)),
            Period::Quarter(y, q) => format!("{}{q} {y}", if italian { "T" } else { "Q" }),
            Period::Half(y, h) => format!("{}{h} {y}", if italian { "S" } else { "H" }),
            Period::Year(y) => y.to_string(),
        }
    }

    /// A month's abbreviation for chart axes (`Jul`, `lug`).
    pub fn month_short(self, month: u32) -> String {
        self.month_name(month).chars().take(3).collect()
    }

    /// The period's span: `1 July – 30 September 2026`.
    pub fn period_span(self, period: Period) -> String {
        let start = period.start_date();
        let last = period.end_date().pred_opt().unwrap_or(start);
        if start.year() == last.year() && self.locale != Locale::EnUs {
            format!(
                "{} {} – {}",
                start.day(),
                self.month_name(start.month()),
                self.date(last)
            )
        } else {
            format!("{} – {}", self.date(start), self.date(last))
        }
    }
}

/// Every label of the packs, in English and Italian.
const LABELS: &[(&str, &str, &str)] = &[
    (
        "qbr_title",
        "Quarterly Business Review",
        "Revisione trimestrale del servizio",
    ),
    ("prepared_for", "Prepared for", "Preparato per"),
    ("prepared_by", "Prepared by", "Preparato da"),
    ("data_as_of", "Data as of", "Dati aggiornati al"),
    ("contents", "Contents", "Indice"),
    ("executive_summary", "Executive summary", "Sintesi"),
    ("overall_status", "Overall status", "Stato complessivo"),
    ("what_improved", "What improved", "Cosa è migliorato"),
    (
        "needs_attention",
        "What needs attention",
        "Cosa richiede attenzione",
    ),
    (
        "commentary",
        "Service delivery manager's commentary",
        "Commento del service delivery manager",
    ),
    (
        "scorecard",
        "CSF scorecard",
        "Scorecard dei fattori critici di successo",
    ),
    (
        "scorecard_intro",
        "Each critical success factor (CSF) is judged by its KPIs against the contract's targets. Status is shown by colour and symbol: ✔ met, ▲ at risk, ✖ not met, – no data.",
        "Ogni fattore critico di successo (CSF) è valutato dai suoi KPI rispetto agli obiettivi contrattuali. Lo stato è indicato da colore e simbolo: ✔ raggiunto, ▲ a rischio, ✖ non raggiunto, – nessun dato.",
    ),
    ("kpi", "KPI", "KPI"),
    ("this_quarter", "This quarter", "Questo trimestre"),
    (
        "previous_quarter",
        "Previous quarter",
        "Trimestre precedente",
    ),
    ("change", "Change", "Variazione"),
    (
        "same_quarter_last_year",
        "Same quarter last year",
        "Stesso trimestre anno precedente",
    ),
    ("target", "Target", "Obiettivo"),
    ("status", "Status", "Stato"),
    ("met", "Met", "Raggiunto"),
    ("at_risk", "At risk", "A rischio"),
    ("not_met", "Not met", "Non raggiunto"),
    ("no_data", "No data", "Nessun dato"),
    ("no_target", "No target", "Nessun obiettivo"),
    (
        "as_presented",
        "as presented at the previous review",
        "come presentato alla revisione precedente",
    ),
    (
        "recomputed",
        "recomputed from the current data (no published review)",
        "ricalcolato dai dati attuali (nessuna revisione pubblicata)",
    ),
    ("trends", "Trends", "Andamenti"),
    (
        "trends_intro",
        "The last quarters, with the target as a dashed line.",
        "Gli ultimi trimestri, con l'obiettivo come linea tratteggiata.",
    ),
    (
        "monthly_breakdown",
        "Monthly breakdown",
        "Dettaglio mensile",
    ),
    ("month", "Month", "Mese"),
    ("created", "Created", "Aperti"),
    ("resolved", "Resolved", "Risolti"),
    ("response_sla", "Response SLA", "SLA di risposta"),
    ("resolution_sla", "Resolution SLA", "SLA di risoluzione"),
    (
        "median_response",
        "Median first response",
        "Prima risposta (mediana)",
    ),
    (
        "median_resolution",
        "Median resolution",
        "Risoluzione (mediana)",
    ),
    ("backlog_end", "Backlog at end", "Arretrato a fine periodo"),
    ("csat", "CSAT", "CSAT"),
    (
        "sla_by_priority",
        "SLA attainment by priority",
        "Rispetto degli SLA per priorità",
    ),
    ("priority", "Priority", "Priorità"),
    (
        "response_target",
        "Response target",
        "Obiettivo di risposta",
    ),
    (
        "resolution_target",
        "Resolution target",
        "Obiettivo di risoluzione",
    ),
    ("volume", "Volume", "Volumi"),
    (
        "volume_by_category",
        "Tickets by category",
        "Ticket per categoria",
    ),
    ("priority_mix", "Priority mix", "Ripartizione per priorità"),
    ("category", "Category", "Categoria"),
    ("tickets", "Tickets", "Ticket"),
    ("share", "Share", "Quota"),
    ("backlog", "Backlog", "Arretrato"),
    (
        "backlog_intro",
        "Open tickets at each month's end, and those already past their resolution target.",
        "Ticket aperti a fine mese e quelli già oltre l'obiettivo di risoluzione.",
    ),
    ("open_tickets", "Open tickets", "Ticket aperti"),
    (
        "overdue",
        "Past resolution target",
        "Oltre l'obiettivo di risoluzione",
    ),
    (
        "csat_title",
        "Customer satisfaction",
        "Soddisfazione degli utenti",
    ),
    ("csat_mean", "Mean score", "Punteggio medio"),
    ("csat_satisfied", "Satisfied", "Soddisfatti"),
    ("responses", "Responses", "Risposte"),
    ("breaches", "SLA breaches", "Violazioni degli SLA"),
    (
        "breaches_intro",
        "Tickets of the quarter that missed a target, largest overrun first.",
        "Ticket del trimestre che hanno mancato un obiettivo, dal maggior sforamento.",
    ),
    (
        "no_breaches",
        "No ticket missed a target this quarter.",
        "Nessun ticket ha mancato un obiettivo in questo trimestre.",
    ),
    ("ticket", "Ticket", "Ticket"),
    ("target_kind", "Target", "Obiettivo"),
    ("response", "Response", "Risposta"),
    ("resolution", "Resolution", "Risoluzione"),
    ("opened", "Opened", "Aperto"),
    ("ended", "Answered / resolved", "Risposto / risolto"),
    ("elapsed", "Time on clock", "Tempo sull'orologio"),
    ("over_by", "Over by", "Sforamento"),
    ("still_open", "still open", "ancora aperto"),
    ("methodology", "Methodology", "Metodologia"),
    ("definitions", "KPI definitions", "Definizioni dei KPI"),
    ("counting_rules", "Counting rules", "Regole di conteggio"),
    (
        "calendars",
        "Calendars and SLA targets",
        "Calendari e obiettivi SLA",
    ),
    ("data_sources", "Data sources", "Fonti dei dati"),
    ("file", "File", "File"),
    ("rows", "Rows", "Righe"),
    ("checksum", "SHA-256", "SHA-256"),
    (
        "data_quality",
        "Rows rejected or corrected",
        "Righe scartate o corrette",
    ),
    ("reason", "Reason", "Motivo"),
    ("count", "Count", "Numero"),
    ("example", "Example", "Esempio"),
    (
        "no_rejections",
        "No row was rejected.",
        "Nessuna riga è stata scartata.",
    ),
    ("page", "Page", "Pagina"),
    ("of", "of", "di"),
    ("chart_data", "Chart data", "Dati del grafico"),
    ("quarter", "Quarter", "Trimestre"),
    ("value", "Value", "Valore"),
    ("hours", "hours", "ore"),
    ("score", "score", "punteggio"),
    (
        "csf_met_summary",
        "{met} of {total} critical success factors met",
        "{met} fattori critici di successo raggiunti su {total}",
    ),
    (
        "nothing_improved",
        "No KPI improved notably on the previous quarter.",
        "Nessun KPI è migliorato in modo rilevante rispetto al trimestre precedente.",
    ),
    (
        "nothing_attention",
        "Every KPI with a target is met.",
        "Tutti i KPI con obiettivo sono raggiunti.",
    ),
    ("confidential", "Confidential", "Riservato"),
    (
        "no_tickets",
        "The export holds no ticket created or resolved in this period: there is nothing to judge.",
        "L'esportazione non contiene ticket aperti o risolti in questo periodo: non c'è nulla da valutare.",
    ),
];

/// The labels of a locale, for templates.
pub fn labels(locale: Locale) -> BTreeMap<&'static str, &'static str> {
    LABELS
        .iter()
        .map(|(key, en, it)| (*key, if locale == Locale::ItIt { *it } else { *en }))
        .collect()
}

/// One label.
pub fn label(locale: Locale, key: &str) -> &'static str {
    LABELS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, en, it)| if locale == Locale::ItIt { *it } else { *en })
        .unwrap_or("")
}

/// The ISO 639 language of a locale (for `lang` attributes).
pub fn language(locale: Locale) -> &'static str {
    match locale {
        Locale::ItIt => "it",
        _ => "en",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn italian_numbers_and_dates() {
        let it = Format::new(Locale::ItIt);
        assert_eq!(it.number(1234.5, 1), "1.234,5");
        assert_eq!(it.percent(93.44), "93,4%");
        assert_eq!(
            it.date(NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()),
            "30 settembre 2026"
        );
        assert_eq!(it.period(Period::Quarter(2026, 3)), "T3 2026");
        assert_eq!(
            it.period_span(Period::Quarter(2026, 3)),
            "1 luglio – 30 settembre 2026"
        );
        assert_eq!(it.duration(4410.0), "73,5 h");
    }

    #[test]
    fn english_numbers_and_dates() {
        let gb = Format::new(Locale::EnGb);
        let us = Format::new(Locale::EnUs);
        assert_eq!(gb.number(1234567.25, 2), "1,234,567.25");
        assert_eq!(gb.number(-3.0, 0), "−3");
        assert_eq!(gb.number(-0.01, 1), "0.0");
        assert_eq!(
            us.date(NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()),
            "September 30, 2026"
        );
        assert_eq!(
            gb.period_span(Period::Quarter(2026, 3)),
            "1 July – 30 September 2026"
        );
        assert_eq!(gb.change(-2.25, Unit::Percent), "−2.2 pp");
        assert_eq!(gb.duration(75.0), "1 h 15 min");
    }

    #[test]
    fn every_label_has_both_languages() {
        for (key, en, it) in LABELS {
            assert!(!en.is_empty() && !it.is_empty(), "{key}");
        }
    }
}
