//! The built-in metrics a KPI can name, with their units, default directions and definitions.

use crate::config::options::{CountsIn, Direction, Unit};

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
