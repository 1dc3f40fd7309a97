//! Findings: where the tickets behind a KPI that is at risk or not met concentrate (a priority,
//! a category, an assignment group, a type, or a weekday and two-hour window of opening), each
//! with its evidence — the counts, the share against the share among all tickets, and the
//! tickets themselves. No finding without evidence. Pure computation.

use chrono::{Datelike, Timelike};
use chrono_tz::Tz;
use serde::Serialize;

use super::clock::Target;
use super::compute::{Selection, matches};
use super::report::CsfResult;
use super::view::ClientView;
use super::{Status, metrics::Metric};
use crate::config::{ClientOptions, KpiDefinition, KpiOptions, PRIORITIES, TicketFilter};
use crate::period::PeriodBounds;
use crate::tz::utc_ms_to_local;

/// The tickets a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// Tickets of the period that missed their response target.
    ResponseBreaches,
    /// Tickets resolved in the period past their resolution target.
    ResolutionBreaches,
    /// Open tickets past their resolution target at the cut-off.
    OverdueOpen,
    /// Resolved tickets that were reopened.
    Reopened,
    /// Resolved tickets not resolved at first touch.
    NotFirstTouch,
    /// Resolved tickets that were escalated.
    Escalated,
    /// Resolved tickets whose CSAT score is below the satisfied threshold.
    Unsatisfied,
}

/// A way of slicing tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// Priority.
    Priority,
    /// Category.
    Category,
    /// Assignment group.
    AssignmentGroup,
    /// Ticket type.
    Type,
    /// Weekday and two-hour window of opening, in the client's zone.
    Window,
}

/// One finding with its evidence.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// The CSF it concerns.
    pub csf: String,
    /// The KPI that is at risk or not met.
    pub kpi: String,
    /// The kind of tickets.
    pub subject: Subject,
    /// The priority the tickets were restricted to, if any.
    pub priority: Option<String>,
    /// How they were sliced.
    pub dimension: Dimension,
    /// The slice (`Network`, `P3`; for windows the weekday 0 = Monday and start hour in
    /// `window`).
    pub value: String,
    /// Weekday (0 = Monday) and starting hour of a window slice.
    pub window: Option<(u32, u32)>,
    /// Tickets of the subject in the slice.
    pub count: usize,
    /// Tickets of the subject.
    pub of: usize,
    /// `count / of`, percent.
    pub share: f64,
    /// Tickets of the population in the slice.
    pub base_count: usize,
    /// Tickets of the population (all tickets the KPI is computed over).
    pub base_of: usize,
    /// `base_count / base_of`, percent.
    pub base_share: f64,
    /// Ids of the tickets of the subject in the slice.
    pub tickets: Vec<String>,
    /// Where each was read (`file row N`).
    pub rows: Vec<String>,
}

/// The smallest number of tickets a finding rests on.
const MIN_COUNT: usize = 3;
/// A slice must hold at least this share of the subject's tickets (percent)…
const MIN_SHARE: f64 = 40.0;
/// …and this many times its share of the population, and this many points more.
const MIN_LIFT: f64 = 1.5;
const MIN_POINTS: f64 = 15.0;
/// Findings kept per KPI.
const PER_KPI: usize = 2;

/// Whether a ticket of the population is one of the problem tickets.
type Problem<'a> = Box<dyn Fn(usize) -> bool + 'a>;

struct Sets {
    subject: Subject,
    problem: Vec<usize>,
    population: Vec<usize>,
}

fn sets_for(
    view: &ClientView,
    client: &ClientOptions,
    kpi: &KpiOptions,
    bounds: &PeriodBounds,
    as_of: i64,
) -> Option<Sets> {
    let KpiDefinition::Builtin(metric) = kpi.definition else {
        return None;
    };
    let selection = Selection::new(view, bounds, as_of, &kpi.filter);
    let cutoff = selection.cutoff;
    let target = |t: Target, i: usize| view.clock.target_ms(t, view.priority[i]).is_some();
    let (subject, population, problem): (Subject, Vec<usize>, Problem) = match metric {
        Metric::ResponseSla | Metric::ResponseTime(_) => (
            Subject::ResponseBreaches,
            selection
                .created
                .iter()
                .copied()
                .filter(|&i| target(Target::Response, i))
                .collect(),
            Box::new(
                move |i| match (view.response_met[i], view.first_response[i]) {
                    (Some(met), _) => !met,
                    (None, None) => view
                        .clock
                        .target_ms(Target::Response, view.priority[i])
                        .is_some_and(|t| view.elapsed_ms(i, Target::Response, cutoff) > t),
                    _ => false,
                },
            ),
        ),
        Metric::ResolutionSla | Metric::ResolutionTime(_) => (
            Subject::ResolutionBreaches,
            selection
                .resolved
                .iter()
                .copied()
                .filter(|&i| view.resolution_met[i].is_some())
                .collect(),
            Box::new(|i| view.resolution_met[i] == Some(false)),
        ),
        Metric::OverdueOpen | Metric::Backlog => (
            Subject::OverdueOpen,
            selection.backlog.clone(),
            Box::new(move |i| {
                view.clock
                    .target_ms(Target::Resolution, view.priority[i])
                    .is_some_and(|t| view.elapsed_ms(i, Target::Resolution, cutoff) > t)
            }),
        ),
        Metric::ReopenRate => (
            Subject::Reopened,
            known(&selection.resolved, |i| view.reopens[i].is_some()),
            Box::new(|i| view.reopens[i].is_some_and(|r| r >= 1)),
        ),
        Metric::FirstTouchResolution => (
            Subject::NotFirstTouch,
            known(&selection.resolved, |i| view.first_touch[i].is_some()),
            Box::new(|i| view.first_touch[i] == Some(false)),
        ),
        Metric::EscalationRate => (
            Subject::Escalated,
            known(&selection.resolved, |i| view.escalated[i].is_some()),
            Box::new(|i| view.escalated[i] == Some(true)),
        ),
        Metric::CsatMean | Metric::CsatSatisfied => {
            let threshold = client.csat.satisfied_at;
            (
                Subject::Unsatisfied,
                known(&selection.resolved, |i| view.csat[i].is_some()),
                Box::new(move |i| view.csat[i].is_some_and(|s| s < threshold)),
            )
        }
        _ => return None,
    };
    let problem_set = population.iter().copied().filter(|&i| problem(i)).collect();
    Some(Sets {
        subject,
        problem: problem_set,
        population,
    })
}

fn known(tickets: &[usize], test: impl Fn(usize) -> bool) -> Vec<usize> {
    tickets.iter().copied().filter(|&i| test(i)).collect()
}

/// The slice of ticket `i` along a dimension (`None` when the ticket has no value).
fn slice_of(view: &ClientView, tz: Tz, dimension: Dimension, i: usize) -> Option<String> {
    match dimension {
        Dimension::Priority => {
            (view.priority[i] > 0).then(|| PRIORITIES[view.priority[i] - 1].to_string())
        }
        Dimension::Category => view.category.text(i).map(str::to_string),
        Dimension::AssignmentGroup => view.assignment_group.text(i).map(str::to_string),
        Dimension::Type => view.ticket_type.text(i).map(str::to_string),
        Dimension::Window => {
            let local = utc_ms_to_local(tz, view.created[i]);
            let weekday = local.weekday().num_days_from_monday();
            let hour = local.hour() / 2 * 2;
            Some(format!("{weekday}:{hour:02}"))
        }
    }
}

/// The findings of a period: for every KPI at risk or not met, the slices where its problem
/// tickets concentrate, strongest first.
pub fn findings(
    view: &ClientView,
    client: &ClientOptions,
    results: &[CsfResult],
    bounds: &PeriodBounds,
    as_of: i64,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (csf, result) in client.csfs.iter().zip(results) {
        for (kpi, kpi_result) in csf.kpis.iter().zip(&result.kpis) {
            if !matches!(kpi_result.status, Status::AtRisk | Status::NotMet) {
                continue;
            }
            let Some(sets) = sets_for(view, client, kpi, bounds, as_of) else {
                continue;
            };
            let mut candidates = Vec::new();
            // All priorities together, then each priority on its own.
            let mut groups: Vec<(Option<usize>, Vec<usize>, Vec<usize>)> =
                vec![(None, sets.problem.clone(), sets.population.clone())];
            for p in 1..=PRIORITIES.len() {
                let problem: Vec<usize> = sets
                    .problem
                    .iter()
                    .copied()
                    .filter(|&i| view.priority[i] == p)
                    .collect();
                // A priority holding every problem ticket says nothing the whole group does not.
                if problem.len() >= 2 * MIN_COUNT && problem.len() < sets.problem.len() {
                    let population = sets
                        .population
                        .iter()
                        .copied()
                        .filter(|&i| view.priority[i] == p)
                        .collect();
                    groups.push((Some(p), problem, population));
                }
            }
            for (priority, problem, population) in &groups {
                for dimension in [
                    Dimension::Priority,
                    Dimension::Category,
                    Dimension::AssignmentGroup,
                    Dimension::Type,
                    Dimension::Window,
                ] {
                    if priority.is_some() && dimension == Dimension::Priority {
                        continue;
                    }
                    candidates.extend(
                        concentrations(view, client, &kpi.filter, problem, population, dimension)
                            .into_iter()
                            .map(|mut f| {
                                f.csf = csf.id.clone();
                                f.kpi = kpi.id.clone();
                                f.subject = sets.subject;
                                f.priority = priority.map(|p| PRIORITIES[p - 1].to_string());
                                f
                            }),
                    );
                }
            }
            candidates.sort_by(|a, b| {
                score(b)
                    .total_cmp(&score(a))
                    .then_with(|| a.value.cmp(&b.value))
            });
            out.extend(candidates.into_iter().take(PER_KPI));
        }
    }
    out
}

fn score(f: &Finding) -> f64 {
    (f.share - f.base_share) * f.count as f64
}

fn concentrations(
    view: &ClientView,
    client: &ClientOptions,
    _filter: &TicketFilter,
    problem: &[usize],
    population: &[usize],
    dimension: Dimension,
) -> Vec<Finding> {
    use std::collections::BTreeMap;
    if problem.len() < MIN_COUNT || population.is_empty() {
        return Vec::new();
    }
    let tz = client.tz;
    let mut in_problem: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in problem {
        if let Some(slice) = slice_of(view, tz, dimension, i) {
            in_problem.entry(slice).or_default().push(i);
        }
    }
    let mut in_population: BTreeMap<String, usize> = BTreeMap::new();
    for &i in population {
        if let Some(slice) = slice_of(view, tz, dimension, i) {
            *in_population.entry(slice).or_default() += 1;
        }
    }
    let mut out = Vec::new();
    for (value, tickets) in in_problem {
        let count = tickets.len();
        let share = 100.0 * count as f64 / problem.len() as f64;
        let base_count = in_population.get(&value).copied().unwrap_or(0);
        let base_share = 100.0 * base_count as f64 / population.len() as f64;
        if count < MIN_COUNT
            || share < MIN_SHARE
            || share < MIN_LIFT * base_share
            || share - base_share < MIN_POINTS
        {
            continue;
        }
        let window = (dimension == Dimension::Window).then(|| {
            let (day, hour) = value.split_once(':').unwrap_or(("0", "0"));
            (day.parse().unwrap_or(0), hour.parse().unwrap_or(0))
        });
        let _ = matches;
        out.push(Finding {
            csf: String::new(),
            kpi: String::new(),
            subject: Subject::ResponseBreaches,
            priority: None,
            dimension,
            value,
            window,
            count,
            of: problem.len(),
            share,
            base_count,
            base_of: population.len(),
            base_share,
            tickets: tickets.iter().map(|&i| view.id[i].clone()).collect(),
            rows: tickets.iter().map(|&i| view.source_row(i)).collect(),
        });
    }
    out
}
