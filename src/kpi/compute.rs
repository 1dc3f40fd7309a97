//! The built-in metrics of one client and period, following the counting rules of
//! `docs/kpis.md`: which period a ticket counts in, cut-offs, met (≤) and breached (>).

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::Serialize;

use super::clock::Target;
use super::stats::{mean, percentile, share_percent};
use super::view::ClientView;
use crate::calendar::ms_to_minutes;
use crate::config::{ClientOptions, Input, PRIORITIES, TicketFilter};
use crate::data::{CsatResponses, SizeFigures};
use crate::period::{Period, PeriodBounds, PeriodKind};

/// Inputs beside the tickets.
pub struct MetricContext<'a> {
    /// The client.
    pub client: &'a ClientOptions,
    /// Its index in the workspace.
    pub client_index: u32,
    /// Survey responses.
    pub csat: &'a CsatResponses,
    /// Size figures.
    pub sizes: &'a SizeFigures,
    /// Measurements from other systems.
    pub measurements: &'a crate::data::Measurements,
}

/// Summary of a time distribution, in minutes on the SLA clock.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct TimeStats {
    /// Tickets measured.
    pub count: usize,
    /// Mean.
    pub mean: Option<f64>,
    /// Median.
    pub median: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
}

impl TimeStats {
    fn of(values: &[f64]) -> Self {
        Self {
            count: values.len(),
            mean: mean(values),
            median: percentile(values, 0.5),
            p90: percentile(values, 0.9),
        }
    }
}

/// SLA attainment.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Attainment {
    /// Within target.
    pub met: usize,
    /// Past target.
    pub breached: usize,
    /// Judged (met + breached).
    pub total: usize,
    /// Share met, percent.
    pub percent: Option<f64>,
    /// Tickets with a target left out because they were not yet due.
    pub not_yet_due: usize,
}

impl Attainment {
    fn add(&mut self, met: bool) {
        if met {
            self.met += 1;
        } else {
            self.breached += 1;
        }
        self.total += 1;
        self.percent = share_percent(self.met, self.total);
    }
}

/// A rate among tickets that carry the needed field.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Rate {
    /// Tickets with the property.
    pub numerator: usize,
    /// Tickets judged.
    pub denominator: usize,
    /// Share, percent.
    pub percent: Option<f64>,
}

impl Rate {
    fn of(values: impl Iterator<Item = Option<bool>>) -> Self {
        let (mut numerator, mut denominator) = (0, 0);
        for value in values.flatten() {
            denominator += 1;
            numerator += usize::from(value);
        }
        Self {
            numerator,
            denominator,
            percent: share_percent(numerator, denominator),
        }
    }
}

/// CSAT figures.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct CsatStats {
    /// Responses counted.
    pub responses: usize,
    /// Mean score.
    pub mean: Option<f64>,
    /// Share at or above the threshold, percent.
    pub satisfied_percent: Option<f64>,
    /// Threshold.
    pub satisfied_at: f64,
    /// Top of the scale.
    pub scale_max: f64,
    /// `tickets` (score on resolved tickets) or `survey` (separate responses).
    pub source: &'static str,
}

/// Figures of one priority.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PriorityMetrics {
    /// `P1` … `P5`, or `none`.
    pub priority: String,
    /// Response target, minutes.
    pub response_target_minutes: Option<f64>,
    /// Resolution target, minutes.
    pub resolution_target_minutes: Option<f64>,
    /// Tickets created.
    pub created: usize,
    /// Tickets resolved (`None`: the export has no resolution times).
    pub resolved: Option<usize>,
    /// Response times of tickets created.
    pub response_time: TimeStats,
    /// Resolution times of tickets resolved.
    pub resolution_time: TimeStats,
    /// Response SLA.
    pub response_sla: Attainment,
    /// Resolution SLA.
    pub resolution_sla: Attainment,
    /// Open at the cut-off (`None`: the export has no resolution times).
    pub backlog: Option<usize>,
}

/// A ticket that missed a target.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Breach {
    /// Ticket id.
    pub id: String,
    /// Priority.
    pub priority: Option<String>,
    /// `response` or `resolution`.
    pub target: &'static str,
    /// Title, when exported.
    pub title: Option<String>,
    /// Created (UTC ms).
    pub created: i64,
    /// Responded or resolved (UTC ms); `None` while still open.
    pub ended: Option<i64>,
    /// Time on the clock, minutes (at the cut-off for open tickets).
    pub elapsed_minutes: f64,
    /// Target, minutes.
    pub target_minutes: f64,
    /// By how much, minutes.
    pub over_by_minutes: f64,
    /// Still unanswered / unresolved at the cut-off.
    pub open: bool,
    /// Where the ticket was read (`file row N`).
    pub source_row: String,
    /// Position in the client's view.
    #[serde(skip)]
    pub index: usize,
}

/// All built-in figures of a period.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StandardMetrics {
    /// Tickets created in the period.
    pub created: usize,
    /// Tickets resolved in the period (`None`: the export has no resolution times).
    pub resolved: Option<usize>,
    /// Created by type.
    pub volume_by_type: BTreeMap<String, usize>,
    /// Created by priority.
    pub volume_by_priority: BTreeMap<String, usize>,
    /// Created by category.
    pub volume_by_category: BTreeMap<String, usize>,
    /// First response times.
    pub response_time: TimeStats,
    /// Resolution times.
    pub resolution_time: TimeStats,
    /// Response SLA.
    pub response_sla: Attainment,
    /// Resolution SLA.
    pub resolution_sla: Attainment,
    /// First-touch resolution.
    pub first_touch_resolution: Rate,
    /// Escalation.
    pub escalation_rate: Rate,
    /// Reopenings.
    pub reopen_rate: Rate,
    /// The PSA's own response verdicts on tickets created in the period: share met.
    pub psa_response_sla: Rate,
    /// The PSA's own resolution verdicts on tickets resolved in the period: share met.
    pub psa_resolution_sla: Rate,
    /// Open at the cut-off (`None`: the export has no resolution times).
    pub backlog: Option<usize>,
    /// Open and past the resolution target at the cut-off (`None`: no resolution times, or no
    /// resolution target for any priority).
    pub overdue_open: Option<usize>,
    /// CSAT.
    pub csat: CsatStats,
    /// Tickets per user per month.
    pub tickets_per_user: Option<f64>,
    /// Tickets per endpoint per month.
    pub tickets_per_endpoint: Option<f64>,
    /// Per priority, in priority order.
    pub by_priority: Vec<PriorityMetrics>,
    /// The same, keyed by priority (`P1` … `P5`, `none`).
    pub priorities: BTreeMap<String, PriorityMetrics>,
}

fn in_list(codes: &super::view::Codes, i: usize, list: &[String]) -> bool {
    list.is_empty()
        || codes
            .normalized(i)
            .is_some_and(|v| list.iter().any(|x| x == v))
}

/// Whether ticket `i` passes a filter.
pub fn matches(view: &ClientView, i: usize, filter: &TicketFilter) -> bool {
    if filter.is_empty() {
        return true;
    }
    let priority = (view.priority[i] > 0).then(|| PRIORITIES[view.priority[i] - 1]);
    (filter.priority.is_empty() || priority.is_some_and(|p| filter.priority.iter().any(|x| x == p)))
        && in_list(&view.ticket_type, i, &filter.ticket_type)
        && in_list(&view.category, i, &filter.category)
        && in_list(&view.assignment_group, i, &filter.assignment_group)
        && (filter.status.is_empty() || filter.status.iter().any(|s| *s == view.status[i]))
}

/// The tickets passing `filter`, in the view's order.
pub fn passing<'a>(
    view: &'a ClientView,
    filter: &'a TicketFilter,
) -> impl Iterator<Item = usize> + 'a {
    (0..view.len()).filter(move |&i| matches(view, i, filter))
}

/// Tickets selected by a period.
pub struct Selection {
    /// Created in the period.
    pub created: Vec<usize>,
    /// Resolved in the period.
    pub resolved: Vec<usize>,
    /// Open at the cut-off.
    pub backlog: Vec<usize>,
    /// The cut-off: the period's end, or the as-of instant if earlier.
    pub cutoff: i64,
}

impl Selection {
    /// Selects the tickets of a period passing `filter`.
    pub fn new(
        view: &ClientView,
        bounds: &PeriodBounds,
        as_of: i64,
        filter: &TicketFilter,
    ) -> Self {
        if filter.is_empty() {
            Self::among(view, bounds, as_of, 0..view.len())
        } else {
            Self::among(view, bounds, as_of, passing(view, filter))
        }
    }

    /// Selects the tickets of a period among `tickets` (indexes into the view, in order).
    pub fn among(
        view: &ClientView,
        bounds: &PeriodBounds,
        as_of: i64,
        tickets: impl IntoIterator<Item = usize>,
    ) -> Self {
        let cutoff = bounds.end.min(as_of);
        let mut selection = Self {
            created: Vec::new(),
            resolved: Vec::new(),
            backlog: Vec::new(),
            cutoff,
        };
        for i in tickets {
            let created = view.created[i];
            if bounds.contains(created) {
                selection.created.push(i);
            }
            if view.resolved[i].is_some_and(|r| bounds.contains(r)) {
                selection.resolved.push(i);
            }
            if created < cutoff && view.resolved[i].is_none_or(|r| r > cutoff) {
                selection.backlog.push(i);
            }
        }
        selection
    }
}

fn label(value: Option<&str>) -> &str {
    value.unwrap_or("(none)")
}

fn minutes_of(tickets: &[usize], values: &[Option<i64>]) -> Vec<f64> {
    tickets
        .iter()
        .filter_map(|&i| values[i].map(ms_to_minutes))
        .collect()
}

/// Response attainment over created tickets; unanswered tickets are judged at the cut-off when
/// the export has response times (with only the PSA's verdicts, a ticket without one is left out).
fn response_attainment(view: &ClientView, tickets: &[usize], cutoff: Option<i64>) -> Attainment {
    let mut attainment = Attainment::default();
    for &i in tickets {
        let Some(target) = view.clock.target_ms(Target::Response, view.priority[i]) else {
            if let Some(met) = view.response_met[i] {
                attainment.add(met);
            }
            continue;
        };
        match view.response_met[i] {
            Some(met) => attainment.add(met),
            None if view.first_response[i].is_none() => {
                let Some(cutoff) = cutoff else { continue };
                if view.elapsed_ms(i, Target::Response, cutoff) > target {
                    attainment.add(false);
                } else {
                    attainment.not_yet_due += 1;
                }
            }
            None => {}
        }
    }
    attainment
}

fn resolution_attainment(view: &ClientView, tickets: &[usize]) -> Attainment {
    let mut attainment = Attainment::default();
    for &i in tickets {
        if let Some(met) = view.resolution_met[i] {
            attainment.add(met);
        }
    }
    attainment
}

fn is_overdue(view: &ClientView, i: usize, cutoff: i64) -> bool {
    view.clock
        .target_ms(Target::Resolution, view.priority[i])
        .is_some_and(|target| view.elapsed_ms(i, Target::Resolution, cutoff) > target)
}

/// Tickets counted by a text of theirs (counted on the borrowed text: a value is copied once,
/// not once a ticket).
fn count_by<'v>(tickets: &[usize], key: impl Fn(usize) -> &'v str) -> BTreeMap<String, usize> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for &i in tickets {
        *counts.entry(key(i)).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(value, n)| (value.to_string(), n))
        .collect()
}

/// Every built-in figure of a period for the tickets passing `filter`, `selection` being the
/// period's selection of them. Figures whose input no source of the client provides are left
/// empty ("no data"), never 0.
pub fn standard_metrics(
    view: &ClientView,
    context: &MetricContext,
    bounds: &PeriodBounds,
    filter: &TicketFilter,
    selection: Selection,
) -> StandardMetrics {
    let provided = &context.client.provided;
    let answered = provided.has(Input::FirstResponse);
    let resolution = provided.has(Input::Resolution);
    let resolution_times = provided.has_times(Input::Resolution);
    let cutoff = selection.cutoff;
    let judged_at = provided.has_times(Input::FirstResponse).then_some(cutoff);
    let created = &selection.created;
    let none: Vec<usize> = Vec::new();
    let resolved = if resolution {
        &selection.resolved
    } else {
        &none
    };
    let response = |tickets: &[usize]| -> (TimeStats, Attainment) {
        if answered {
            (
                TimeStats::of(&minutes_of(tickets, &view.response_ms)),
                response_attainment(view, tickets, judged_at),
            )
        } else {
            Default::default()
        }
    };
    let seen = seen_priorities(view);
    let by_priority: Vec<PriorityMetrics> = (0..=PRIORITIES.len())
        .filter_map(|p| {
            let of = |tickets: &[usize]| -> Vec<usize> {
                tickets
                    .iter()
                    .copied()
                    .filter(|&i| view.priority[i] == p)
                    .collect()
            };
            let (created, resolved, backlog) = (of(created), of(resolved), of(&selection.backlog));
            let has_target = p > 0
                && (view.clock.target_ms(Target::Response, p).is_some()
                    || view.clock.target_ms(Target::Resolution, p).is_some());
            if !seen[p] && !has_target {
                return None;
            }
            let (response_time, response_sla) = response(&created);
            Some(PriorityMetrics {
                priority: priority_name(p).to_string(),
                response_target_minutes: view
                    .clock
                    .target_ms(Target::Response, p)
                    .map(ms_to_minutes),
                resolution_target_minutes: view
                    .clock
                    .target_ms(Target::Resolution, p)
                    .map(ms_to_minutes),
                created: created.len(),
                resolved: resolution.then_some(resolved.len()),
                response_time,
                resolution_time: TimeStats::of(&minutes_of(&resolved, &view.resolution_ms)),
                response_sla,
                resolution_sla: resolution_attainment(view, &resolved),
                backlog: resolution_times.then_some(backlog.len()),
            })
        })
        .collect();
    let priorities = by_priority
        .iter()
        .map(|p| (p.priority.clone(), p.clone()))
        .collect();
    let (users, endpoints) = per_size(view, context, bounds, filter);
    let (response_time, response_sla) = response(created);
    let rate = |input: Input, values: &dyn Fn(usize) -> Option<bool>| {
        if provided.has(input) {
            Rate::of(resolved.iter().map(|&i| values(i)))
        } else {
            Rate::default()
        }
    };
    let any_resolution_target =
        (1..=PRIORITIES.len()).any(|p| view.clock.target_ms(Target::Resolution, p).is_some());
    StandardMetrics {
        created: created.len(),
        resolved: resolution.then_some(resolved.len()),
        volume_by_type: if provided.has(Input::Type) {
            count_by(created, |i| label(view.ticket_type.text(i)))
        } else {
            BTreeMap::new()
        },
        volume_by_priority: count_by(created, |i| priority_name(view.priority[i])),
        volume_by_category: if provided.has(Input::Category) {
            count_by(created, |i| label(view.category.text(i)))
        } else {
            BTreeMap::new()
        },
        response_time,
        resolution_time: TimeStats::of(&minutes_of(resolved, &view.resolution_ms)),
        response_sla,
        resolution_sla: resolution_attainment(view, resolved),
        first_touch_resolution: rate(Input::FirstTouch, &|i| view.first_touch[i]),
        escalation_rate: rate(Input::Escalation, &|i| view.escalated[i]),
        reopen_rate: rate(Input::Reopens, &|i| view.reopens[i].map(|r| r >= 1)),
        psa_response_sla: if provided.has(Input::PsaResponseVerdict) {
            Rate::of(created.iter().map(|&i| view.psa_response_met[i]))
        } else {
            Rate::default()
        },
        psa_resolution_sla: rate(Input::PsaResolutionVerdict, &|i| view.psa_resolution_met[i]),
        backlog: resolution_times.then_some(selection.backlog.len()),
        overdue_open: (resolution_times && any_resolution_target).then(|| {
            selection
                .backlog
                .iter()
                .filter(|&&i| is_overdue(view, i, cutoff))
                .count()
        }),
        csat: if provided.has(Input::Csat) {
            csat_stats(view, context, bounds, resolved)
        } else {
            CsatStats {
                satisfied_at: context.client.csat.satisfied_at,
                scale_max: context.client.csat.scale_max,
                source: "none",
                ..Default::default()
            }
        },
        tickets_per_user: users,
        tickets_per_endpoint: endpoints,
        by_priority,
        priorities,
    }
}

/// `P1` … `P5`, or `none` for index 0.
fn priority_name(p: usize) -> &'static str {
    if p == 0 { "none" } else { PRIORITIES[p - 1] }
}

/// Which priority indexes occur among the client's tickets (so every period lists them, with
/// zero counts when it has none).
fn seen_priorities(view: &ClientView) -> [bool; 6] {
    let mut seen = [false; 6];
    for &p in &view.priority {
        seen[p.min(5)] = true;
    }
    seen
}

fn csat_stats(
    view: &ClientView,
    context: &MetricContext,
    bounds: &PeriodBounds,
    resolved: &[usize],
) -> CsatStats {
    let scale = context.client.csat;
    let survey = context
        .csat
        .responses
        .iter()
        .any(|r| r.client == Some(context.client_index));
    let scores: Vec<f64> = if survey {
        context
            .csat
            .scores(context.client_index, bounds.start, bounds.end)
    } else {
        resolved.iter().filter_map(|&i| view.csat[i]).collect()
    };
    let satisfied = scores.iter().filter(|s| **s >= scale.satisfied_at).count();
    CsatStats {
        responses: scores.len(),
        mean: mean(&scores),
        satisfied_percent: share_percent(satisfied, scores.len()),
        satisfied_at: scale.satisfied_at,
        scale_max: scale.scale_max,
        source: if survey { "survey" } else { "tickets" },
    }
}

/// Tickets per user and per endpoint: mean over the period's months of tickets created that
/// month ÷ the size that month (for a week: the week's tickets ÷ the size of its month).
fn per_size(
    view: &ClientView,
    context: &MetricContext,
    bounds: &PeriodBounds,
    filter: &TicketFilter,
) -> (Option<f64>, Option<f64>) {
    let tz = context.client.tz;
    let months: Vec<Period> = if bounds.period.kind() == PeriodKind::Week {
        vec![bounds.period]
    } else {
        bounds.period.months()
    };
    let mut users = Vec::new();
    let mut endpoints = Vec::new();
    for month in months {
        let month_bounds = month.bounds(tz);
        let start = month.start_date();
        let figures = context
            .sizes
            .get(context.client_index, start.year(), start.month());
        let user_count = figures.and_then(|f| f.0).or(context.client.users);
        let endpoint_count = figures.and_then(|f| f.1).or(context.client.endpoints);
        if user_count.is_none() && endpoint_count.is_none() {
            continue;
        }
        let tickets = (0..view.len())
            .filter(|&i| month_bounds.contains(view.created[i]) && matches(view, i, filter))
            .count() as f64;
        if let Some(u) = user_count.filter(|u| *u > 0.0) {
            users.push(tickets / u);
        }
        if let Some(e) = endpoint_count.filter(|e| *e > 0.0) {
            endpoints.push(tickets / e);
        }
    }
    (mean(&users), mean(&endpoints))
}

/// The breaches of a period: response breaches of tickets created in it (answered late, or
/// unanswered past target at the cut-off), resolution breaches of tickets resolved in it, and
/// open tickets past their resolution target at the cut-off.
pub fn breaches(
    view: &ClientView,
    client: &ClientOptions,
    bounds: &PeriodBounds,
    as_of: i64,
) -> Vec<Breach> {
    let provided = &client.provided;
    let mut selection = Selection::new(view, bounds, as_of, &TicketFilter::default());
    if !provided.has(Input::FirstResponse) {
        selection.created.clear();
    }
    if !provided.has(Input::Resolution) {
        selection.resolved.clear();
    }
    if !provided.has_times(Input::Resolution) {
        selection.backlog.clear();
    }
    let cutoff = selection.cutoff;
    let mut out = Vec::new();
    let mut push = |i: usize, target: Target, elapsed: i64, open: bool| {
        let Some(limit) = view.clock.target_ms(target, view.priority[i]) else {
            return;
        };
        let ended = match target {
            Target::Response => view.first_response[i],
            Target::Resolution => view.resolved[i],
        };
        out.push(Breach {
            id: view.id[i].clone(),
            priority: (view.priority[i] > 0).then(|| PRIORITIES[view.priority[i] - 1].to_string()),
            target: if target == Target::Response {
                "response"
            } else {
                "resolution"
            },
            title: view.title(i),
            created: view.created[i],
            ended: if open { None } else { ended },
            elapsed_minutes: ms_to_minutes(elapsed),
            target_minutes: ms_to_minutes(limit),
            over_by_minutes: ms_to_minutes((elapsed - limit).max(0)),
            open,
            source_row: String::new(),
            index: i,
        });
    };
    for &i in &selection.created {
        match (view.response_met[i], view.response_ms[i]) {
            (Some(false), Some(ms)) => push(i, Target::Response, ms, false),
            (None, None) if provided.has_times(Input::FirstResponse) => {
                let elapsed = view.elapsed_ms(i, Target::Response, cutoff);
                if view
                    .clock
                    .target_ms(Target::Response, view.priority[i])
                    .is_some_and(|t| elapsed > t)
                {
                    push(i, Target::Response, elapsed, true);
                }
            }
            _ => {}
        }
    }
    for &i in &selection.resolved {
        if view.resolution_met[i] == Some(false)
            && let Some(ms) = view.resolution_ms[i]
        {
            push(i, Target::Resolution, ms, false);
        }
    }
    for &i in &selection.backlog {
        if is_overdue(view, i, cutoff) {
            push(
                i,
                Target::Resolution,
                view.elapsed_ms(i, Target::Resolution, cutoff),
                true,
            );
        }
    }
    out.sort_by(|a, b| {
        b.over_by_minutes
            .total_cmp(&a.over_by_minutes)
            .then(a.id.cmp(&b.id))
    });
    out
}
