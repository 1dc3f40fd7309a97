//! The built-in metrics a KPI can name, with their units, default directions and definitions.

use crate::config::Input;
use crate::config::options::{
    CountsIn, CustomAggregate, Direction, KpiDefinition, KpiOptions, TicketFilter, Unit,
};

/// A summary statistic of a time distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stat {
    /// Arithmetic mean.
    Mean,
    /// Median (50th percentile).
    Median,
    /// 90th percentile, linear interpolation between closest ranks.
    P90,
}

impl Stat {
    /// Key used in metric names and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Self::Mean => "mean",
            Self::Median => "median",
            Self::P90 => "p90",
        }
    }
}

/// A built-in metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Metric {
    /// Tickets created in the period.
    Volume,
    /// Created → first response on the response clock.
    ResponseTime(Stat),
    /// Created → resolved on the resolution clock.
    ResolutionTime(Stat),
    /// Share of tickets created in the period answered within target.
    ResponseSla,
    /// Share of tickets resolved in the period resolved within target.
    ResolutionSla,
    /// Share of resolved tickets resolved at first touch.
    FirstTouchResolution,
    /// Share of resolved tickets escalated.
    EscalationRate,
    /// Share of resolved tickets reopened at least once.
    ReopenRate,
    /// Tickets open at the period's end.
    Backlog,
    /// Open tickets past their resolution target at the period's end.
    OverdueOpen,
    /// Mean CSAT score.
    CsatMean,
    /// Share of CSAT responses at or above the satisfied threshold.
    CsatSatisfied,
    /// Tickets per user per month.
    TicketsPerUser,
    /// Tickets per endpoint per month.
    TicketsPerEndpoint,
}

/// Every built-in metric, in the order reports list them.
pub const ALL_METRICS: &[Metric] = &[
    Metric::Volume,
    Metric::ResponseTime(Stat::Mean),
    Metric::ResponseTime(Stat::Median),
    Metric::ResponseTime(Stat::P90),
    Metric::ResolutionTime(Stat::Mean),
    Metric::ResolutionTime(Stat::Median),
    Metric::ResolutionTime(Stat::P90),
    Metric::ResponseSla,
    Metric::ResolutionSla,
    Metric::FirstTouchResolution,
    Metric::EscalationRate,
    Metric::ReopenRate,
    Metric::Backlog,
    Metric::OverdueOpen,
    Metric::CsatMean,
    Metric::CsatSatisfied,
    Metric::TicketsPerUser,
    Metric::TicketsPerEndpoint,
];

impl Metric {
    /// The name used in configuration and JSON (`resolution_time.median`).
    pub fn key(self) -> String {
        match self {
            Self::Volume => "volume".into(),
            Self::ResponseTime(s) => format!("response_time.{}", s.key()),
            Self::ResolutionTime(s) => format!("resolution_time.{}", s.key()),
            Self::ResponseSla => "response_sla".into(),
            Self::ResolutionSla => "resolution_sla".into(),
            Self::FirstTouchResolution => "first_touch_resolution".into(),
            Self::EscalationRate => "escalation_rate".into(),
            Self::ReopenRate => "reopen_rate".into(),
            Self::Backlog => "backlog".into(),
            Self::OverdueOpen => "overdue_open".into(),
            Self::CsatMean => "csat.mean".into(),
            Self::CsatSatisfied => "csat.satisfied".into(),
            Self::TicketsPerUser => "tickets_per_user".into(),
            Self::TicketsPerEndpoint => "tickets_per_endpoint".into(),
        }
    }

    /// Parses a metric name.
    pub fn parse(name: &str) -> Option<Self> {
        ALL_METRICS.iter().copied().find(|m| m.key() == name)
    }

    /// English display name.
    pub fn title(self) -> String {
        match self {
            Self::Volume => "Tickets created".into(),
            Self::ResponseTime(s) => format!("First response time ({})", stat_title(s)),
            Self::ResolutionTime(s) => format!("Resolution time ({})", stat_title(s)),
            Self::ResponseSla => "Response SLA attainment".into(),
            Self::ResolutionSla => "Resolution SLA attainment".into(),
            Self::FirstTouchResolution => "First-touch resolution rate".into(),
            Self::EscalationRate => "Escalation rate".into(),
            Self::ReopenRate => "Reopen rate".into(),
            Self::Backlog => "Backlog at period end".into(),
            Self::OverdueOpen => "Open tickets past resolution target".into(),
            Self::CsatMean => "CSAT (mean score)".into(),
            Self::CsatSatisfied => "CSAT (% satisfied)".into(),
            Self::TicketsPerUser => "Tickets per user per month".into(),
            Self::TicketsPerEndpoint => "Tickets per endpoint per month".into(),
        }
    }

    /// Unit of the value.
    pub fn unit(self) -> Unit {
        match self {
            Self::Volume | Self::Backlog | Self::OverdueOpen => Unit::Count,
            Self::ResponseTime(_) | Self::ResolutionTime(_) => Unit::Minutes,
            Self::ResponseSla
            | Self::ResolutionSla
            | Self::FirstTouchResolution
            | Self::EscalationRate
            | Self::ReopenRate
            | Self::CsatSatisfied => Unit::Percent,
            Self::CsatMean => Unit::Score,
            Self::TicketsPerUser | Self::TicketsPerEndpoint => Unit::Ratio,
        }
    }

    /// The direction that is better, when the metric has an obvious one.
    pub fn default_direction(self) -> Option<Direction> {
        match self {
            Self::Volume => None,
            Self::ResponseSla
            | Self::ResolutionSla
            | Self::FirstTouchResolution
            | Self::CsatMean
            | Self::CsatSatisfied => Some(Direction::Higher),
            _ => Some(Direction::Lower),
        }
    }

    /// The inputs the metric is computed from: without any of them it is "no data".
    pub fn needs(self) -> &'static [Input] {
        match self {
            Self::Volume => &[],
            Self::ResponseTime(_) | Self::ResponseSla => &[Input::FirstResponse],
            Self::ResolutionTime(_) | Self::ResolutionSla | Self::Backlog | Self::OverdueOpen => {
                &[Input::Resolution]
            }
            Self::FirstTouchResolution => &[Input::Resolution, Input::FirstTouch],
            Self::EscalationRate => &[Input::Resolution, Input::Escalation],
            Self::ReopenRate => &[Input::Resolution, Input::Reopens],
            Self::CsatMean | Self::CsatSatisfied => &[Input::Csat],
            Self::TicketsPerUser => &[Input::Users],
            Self::TicketsPerEndpoint => &[Input::Endpoints],
        }
    }

    /// Which tickets the period selects for this metric.
    pub fn counts_in(self) -> CountsIn {
        match self {
            Self::Volume
            | Self::ResponseTime(_)
            | Self::ResponseSla
            | Self::TicketsPerUser
            | Self::TicketsPerEndpoint
            | Self::Backlog
            | Self::OverdueOpen => CountsIn::Created,
            _ => CountsIn::Resolved,
        }
    }

    /// The definition and counting rule, for the methodology appendix and the docs.
    pub fn definition(self) -> &'static str {
        match self {
            Self::Volume => {
                "Tickets created in the period (counted in the period of their creation)."
            }
            Self::ResponseTime(_) => {
                "Time from creation to first response on the response clock of the ticket's priority (its calendar, minus pauses that apply to the response target); tickets created in the period that have a response."
            }
            Self::ResolutionTime(_) => {
                "Time from creation to resolution on the resolution clock of the ticket's priority (its calendar, minus pauses that apply to the resolution target); tickets resolved in the period."
            }
            Self::ResponseSla => {
                "Among tickets created in the period whose priority has a response target: the share answered within it (time ≤ target). A ticket with no response that is already past its target at the cut-off (the period's end, or the as-of date if earlier) counts as breached; one not yet due is left out."
            }
            Self::ResolutionSla => {
                "Among tickets resolved in the period whose priority has a resolution target: the share resolved within it (time ≤ target)."
            }
            Self::FirstTouchResolution => {
                "Among tickets resolved in the period: the share resolved at first touch (the export's flag, or else no reassignment, no escalation and no reopening). Tickets with none of these fields are left out."
            }
            Self::EscalationRate => {
                "Among tickets resolved in the period: the share that reached tier 2 or above, or were flagged escalated (or reassigned, when so configured). Tickets with none of these fields are left out."
            }
            Self::ReopenRate => {
                "Among tickets resolved in the period: the share reopened at least once. Tickets without a reopen count are left out."
            }
            Self::Backlog => {
                "Tickets created before the cut-off and not resolved at that instant (a ticket resolved exactly at the cut-off is not in the backlog)."
            }
            Self::OverdueOpen => {
                "Backlog tickets whose resolution clock at the cut-off is already past their resolution target."
            }
            Self::CsatMean => {
                "Mean CSAT score of responses counted in the period (the period the ticket was resolved, or the response date for a separate survey file)."
            }
            Self::CsatSatisfied => "Share of CSAT responses at or above the satisfied threshold.",
            Self::TicketsPerUser => {
                "Mean over the period's months of tickets created that month divided by the users that month (months without a figure are left out)."
            }
            Self::TicketsPerEndpoint => {
                "Mean over the period's months of tickets created that month divided by the endpoints that month (months without a figure are left out)."
            }
        }
    }
}

impl Metric {
    /// Italian display name.
    pub fn title_it(self) -> String {
        let stat = |s: Stat| match s {
            Stat::Mean => "media",
            Stat::Median => "mediana",
            Stat::P90 => "90° percentile",
        };
        match self {
            Self::Volume => "Ticket aperti".into(),
            Self::ResponseTime(s) => format!("Tempo di prima risposta ({})", stat(s)),
            Self::ResolutionTime(s) => format!("Tempo di risoluzione ({})", stat(s)),
            Self::ResponseSla => "Rispetto SLA di risposta".into(),
            Self::ResolutionSla => "Rispetto SLA di risoluzione".into(),
            Self::FirstTouchResolution => "Risoluzione al primo contatto".into(),
            Self::EscalationRate => "Tasso di escalation".into(),
            Self::ReopenRate => "Tasso di riapertura".into(),
            Self::Backlog => "Arretrato a fine periodo".into(),
            Self::OverdueOpen => "Ticket aperti oltre l'obiettivo di risoluzione".into(),
            Self::CsatMean => "CSAT (punteggio medio)".into(),
            Self::CsatSatisfied => "CSAT (% soddisfatti)".into(),
            Self::TicketsPerUser => "Ticket per utente al mese".into(),
            Self::TicketsPerEndpoint => "Ticket per dispositivo al mese".into(),
        }
    }

    /// Display name in a locale.
    pub fn title_in(self, locale: crate::config::Locale) -> String {
        if locale == crate::config::Locale::ItIt {
            self.title_it()
        } else {
            self.title()
        }
    }

    /// Italian definition and counting rule.
    pub fn definition_it(self) -> &'static str {
        match self {
            Self::Volume => "Ticket aperti nel periodo (contati nel periodo di apertura).",
            Self::ResponseTime(_) => {
                "Tempo dall'apertura alla prima risposta sull'orologio di risposta della priorità del ticket (il suo calendario, meno le sospensioni che valgono per l'obiettivo di risposta); ticket aperti nel periodo che hanno una risposta."
            }
            Self::ResolutionTime(_) => {
                "Tempo dall'apertura alla risoluzione sull'orologio di risoluzione della priorità del ticket (il suo calendario, meno le sospensioni che valgono per l'obiettivo di risoluzione); ticket risolti nel periodo."
            }
            Self::ResponseSla => {
                "Tra i ticket aperti nel periodo la cui priorità ha un obiettivo di risposta: la quota con risposta entro l'obiettivo (tempo ≤ obiettivo). Un ticket senza risposta già oltre l'obiettivo al termine di riferimento (fine del periodo, o data di aggiornamento se precedente) conta come violato; uno non ancora scaduto è escluso."
            }
            Self::ResolutionSla => {
                "Tra i ticket risolti nel periodo la cui priorità ha un obiettivo di risoluzione: la quota risolta entro l'obiettivo (tempo ≤ obiettivo)."
            }
            Self::FirstTouchResolution => {
                "Tra i ticket risolti nel periodo: la quota risolta al primo contatto (l'indicatore esportato, o altrimenti nessuna riassegnazione, escalation o riapertura). I ticket privi di questi campi sono esclusi."
            }
            Self::EscalationRate => {
                "Tra i ticket risolti nel periodo: la quota giunta al secondo livello o oltre, o segnalata come escalation (o riassegnata, se così configurato). I ticket privi di questi campi sono esclusi."
            }
            Self::ReopenRate => {
                "Tra i ticket risolti nel periodo: la quota riaperta almeno una volta. I ticket senza conteggio delle riaperture sono esclusi."
            }
            Self::Backlog => {
                "Ticket aperti prima del termine di riferimento e non risolti in quell'istante (un ticket risolto esattamente al termine non è in arretrato)."
            }
            Self::OverdueOpen => {
                "Ticket in arretrato il cui orologio di risoluzione al termine di riferimento ha già superato l'obiettivo."
            }
            Self::CsatMean => {
                "Punteggio CSAT medio delle risposte contate nel periodo (il periodo di risoluzione del ticket, o la data della risposta per un file di sondaggi separato)."
            }
            Self::CsatSatisfied => {
                "Quota di risposte CSAT pari o superiori alla soglia di soddisfazione."
            }
            Self::TicketsPerUser => {
                "Media sui mesi del periodo dei ticket aperti nel mese divisi per gli utenti del mese (i mesi senza dato sono esclusi)."
            }
            Self::TicketsPerEndpoint => {
                "Media sui mesi del periodo dei ticket aperti nel mese divisi per i dispositivi del mese (i mesi senza dato sono esclusi)."
            }
        }
    }

    /// Definition in a locale.
    pub fn definition_in(self, locale: crate::config::Locale) -> &'static str {
        if locale == crate::config::Locale::ItIt {
            self.definition_it()
        } else {
            self.definition()
        }
    }
}

fn stat_title(stat: Stat) -> &'static str {
    match stat {
        Stat::Mean => "mean",
        Stat::Median => "median",
        Stat::P90 => "90th percentile",
    }
}

/// Names of every built-in metric, for messages.
pub fn metric_names() -> Vec<String> {
    ALL_METRICS.iter().map(|m| m.key()).collect()
}

/// The inputs a ticket filter reads.
pub fn filter_needs(filter: &TicketFilter) -> Vec<Input> {
    let mut out = Vec::new();
    if !filter.ticket_type.is_empty() {
        out.push(Input::Type);
    }
    if !filter.category.is_empty() {
        out.push(Input::Category);
    }
    if !filter.assignment_group.is_empty() {
        out.push(Input::AssignmentGroup);
    }
    out
}

/// The input behind a column of the `tickets` table (custom and SQL KPIs), if it is not always
/// present.
pub fn column_input(column: &str) -> Option<Input> {
    Some(match column {
        "first_response" | "response_minutes" | "response_met" => Input::FirstResponse,
        "resolved" | "closed" | "resolution_minutes" | "resolution_met" => Input::Resolution,
        "type" => Input::Type,
        "category" => Input::Category,
        "assignment_group" => Input::AssignmentGroup,
        "title" => Input::Title,
        "tier" => Input::Tier,
        "escalated" => Input::Escalation,
        "reassignments" => Input::Reassignments,
        "reopens" => Input::Reopens,
        "first_touch" => Input::FirstTouch,
        "csat" => Input::Csat,
        "paused_minutes" => Input::PausedMinutes,
        "sla_response_met" => Input::PsaResponseVerdict,
        "sla_resolution_met" => Input::PsaResolutionVerdict,
        _ => return None,
    })
}

/// The identifiers of an SQL query outside string literals and comments (lower-cased; quoted
/// identifiers unquoted).
pub fn sql_identifiers(query: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = query.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            i += 1;
            while i < chars.len() {
                if chars[i] == '\'' {
                    if chars.get(i + 1) == Some(&'\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            i += 1;
        } else if c == '-' && chars.get(i + 1) == Some(&'-') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == '"' || c == '`' {
            let start = i + 1;
            i += 1;
            while i < chars.len() && chars[i] != c {
                i += 1;
            }
            out.push(
                chars[start..i.min(chars.len())]
                    .iter()
                    .collect::<String>()
                    .to_lowercase(),
            );
            i += 1;
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(chars[start..i].iter().collect::<String>().to_lowercase());
        } else {
            i += 1;
        }
    }
    out
}

/// Every input a KPI reads: its metric's, its filter's, and the columns its custom aggregate or
/// SQL query uses.
pub fn kpi_needs(kpi: &KpiOptions) -> Vec<Input> {
    let mut out = filter_needs(&kpi.filter);
    let mut add = |input: Input| {
        if !out.contains(&input) {
            out.push(input);
        }
    };
    match &kpi.definition {
        KpiDefinition::Builtin(metric) => metric.needs().iter().copied().for_each(&mut add),
        KpiDefinition::Custom(aggregate) => {
            if kpi.counts_in == CountsIn::Resolved {
                add(Input::Resolution);
            }
            match aggregate {
                CustomAggregate::Count => {}
                CustomAggregate::Share(condition) => {
                    filter_needs(condition).into_iter().for_each(&mut add)
                }
                CustomAggregate::Column { column, .. } => {
                    if let Some(input) = column_input(column) {
                        add(input);
                    }
                }
            }
        }
        KpiDefinition::Sql(query) => {
            if kpi.counts_in == CountsIn::Resolved {
                add(Input::Resolution);
            }
            for identifier in sql_identifiers(query) {
                if let Some(input) = column_input(&identifier) {
                    add(input);
                }
            }
        }
    }
    out
}
