//! The built-in metrics a KPI can name — the one registry of them: key, unit, better direction,
//! which tickets a period selects, and the inputs each needs. Names and definitions in every
//! language are in the message files (`metric-<key>`, `definition-<key>` in `report-templates/`).

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
    /// Share of tickets created in the period the PSA itself judged answered within target.
    PsaResponseSla,
    /// Share of tickets resolved in the period the PSA itself judged resolved within target.
    PsaResolutionSla,
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
    Metric::PsaResponseSla,
    Metric::PsaResolutionSla,
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
            Self::PsaResponseSla => "psa_response_sla".into(),
            Self::PsaResolutionSla => "psa_resolution_sla".into(),
        }
    }

    /// Parses a metric name.
    pub fn parse(name: &str) -> Option<Self> {
        ALL_METRICS.iter().copied().find(|m| m.key() == name)
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
            | Self::CsatSatisfied
            | Self::PsaResponseSla
            | Self::PsaResolutionSla => Unit::Percent,
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
            | Self::CsatSatisfied
            | Self::PsaResponseSla
            | Self::PsaResolutionSla => Some(Direction::Higher),
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
            Self::PsaResponseSla => &[Input::PsaResponseVerdict],
            Self::PsaResolutionSla => &[Input::Resolution, Input::PsaResolutionVerdict],
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
            | Self::OverdueOpen
            | Self::PsaResponseSla => CountsIn::Created,
            _ => CountsIn::Resolved,
        }
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
        KpiDefinition::Measurement(_) => add(Input::Measurements),
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
