//! SLA adequacy: for each priority and target, the attainment at the contract's target and at
//! tighter and looser ones, from the real times on the same clock, and a recommendation —
//! tighten, keep or renegotiate — by a stated rule. Pure computation.

use serde::Serialize;

use super::clock::Target;
use super::compute::Selection;
use super::view::ClientView;
use crate::calendar::ms_to_minutes;
use crate::config::{PRIORITIES, TicketFilter};
use crate::period::{Period, PeriodBounds};

/// Multiples of the contract's target the what-if table shows.
pub const FACTORS: [f64; 6] = [0.5, 0.75, 1.0, 1.25, 1.5, 2.0];
/// Fewer judged tickets than this and no recommendation is made.
pub const MIN_TICKETS: usize = 20;
/// The multiple a tightened target would be, and a renegotiated one.
pub const TIGHTER: f64 = 0.75;
/// The looser multiple that must be kept for "renegotiate".
pub const LOOSER: f64 = 1.5;

/// What the rule says about one target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    /// Met with room to spare every month: a tighter target (0.75×) would be met too.
    Tighten,
    /// Keep the target.
    Keep,
    /// Missed every month, while a looser target (1.5×) would have been met: the target does
    /// not fit the work.
    Renegotiate,
    /// Too few tickets to judge.
    TooFewTickets,
}

/// Attainment at one alternative target.
#[derive(Debug, Clone, Serialize)]
pub struct WhatIf {
    /// Multiple of the contract's target.
    pub factor: f64,
    /// The target, minutes on the clock.
    pub target_minutes: f64,
    /// Tickets within it.
    pub met: usize,
    /// Tickets judged.
    pub judged: usize,
    /// Share within it, percent.
    pub percent: Option<f64>,
}

/// The adequacy of one priority's target.
#[derive(Debug, Clone, Serialize)]
pub struct Adequacy {
    /// `P1` … `P5`.
    pub priority: String,
    /// `response` or `resolution`.
    pub target: &'static str,
    /// The contract's target, minutes.
    pub target_minutes: f64,
    /// The attainment the client's KPI aims for, percent.
    pub goal: f64,
    /// The what-if table, by factor.
    pub what_if: Vec<WhatIf>,
    /// Attainment at the contract's target in each month of the period with tickets.
    pub monthly: Vec<(String, Option<f64>)>,
    /// The recommendation.
    pub recommendation: Recommendation,
    /// The times measured (minutes on the clock), for the distribution.
    #[serde(skip)]
    pub times: Vec<f64>,
}

/// Times of a period's tickets for one priority and target: the measured times, and the
/// unanswered tickets' time at the cut-off (response only).
struct Times {
    measured: Vec<f64>,
    unanswered: Vec<f64>,
}

fn times(
    view: &ClientView,
    bounds: &PeriodBounds,
    as_of: i64,
    priority: usize,
    target: Target,
) -> Times {
    let selection = Selection::new(view, bounds, as_of, &TicketFilter::default());
    let cutoff = selection.cutoff;
    let mut out = Times {
        measured: Vec::new(),
        unanswered: Vec::new(),
    };
    let tickets = match target {
        Target::Response => &selection.created,
        Target::Resolution => &selection.resolved,
    };
    for &i in tickets.iter().filter(|&&i| view.priority[i] == priority) {
        let measured = match target {
            Target::Response => view.response_ms[i],
            Target::Resolution => view.resolution_ms[i],
        };
        match measured {
            Some(ms) => out.measured.push(ms_to_minutes(ms)),
            None if target == Target::Response && view.first_response[i].is_none() => out
                .unanswered
                .push(ms_to_minutes(view.elapsed_ms(i, Target::Response, cutoff))),
            None => {}
        }
    }
    out
}

/// Attainment at `limit` minutes: measured times within it; unanswered tickets count as
/// breached once past it, and are left out while not yet due.
fn attainment(times: &Times, limit: f64, factor: f64) -> WhatIf {
    let met = times.measured.iter().filter(|t| **t <= limit).count();
    let late_unanswered = times.unanswered.iter().filter(|t| **t > limit).count();
    let judged = times.measured.len() + late_unanswered;
    WhatIf {
        factor,
        target_minutes: limit,
        met,
        judged,
        percent: (judged > 0).then(|| 100.0 * met as f64 / judged as f64),
    }
}

/// The rule: with fewer than 20 tickets judged, none; **tighten** when the attainment at the
/// target and at 0.75× the target both reach the goal and every month with tickets reaches it;
/// **renegotiate** when every month with tickets misses the goal and 1.5× the target would
/// have reached it; otherwise **keep**.
pub fn recommend(what_if: &[WhatIf], monthly: &[Option<f64>], goal: f64) -> Recommendation {
    let at = |factor: f64| what_if.iter().find(|w| (w.factor - factor).abs() < 1e-9);
    let Some(contract) = at(1.0) else {
        return Recommendation::TooFewTickets;
    };
    if contract.judged < MIN_TICKETS {
        return Recommendation::TooFewTickets;
    }
    let reaches = |w: Option<&WhatIf>| w.and_then(|w| w.percent).is_some_and(|p| p >= goal);
    let months: Vec<f64> = monthly.iter().flatten().copied().collect();
    if reaches(Some(contract)) && reaches(at(TIGHTER)) && months.iter().all(|m| *m >= goal) {
        return Recommendation::Tighten;
    }
    if !months.is_empty() && months.iter().all(|m| *m < goal) && reaches(at(LOOSER)) {
        return Recommendation::Renegotiate;
    }
    Recommendation::Keep
}

/// The adequacy of every priority's response and resolution target over `period`; `goal`
/// gives the attainment aimed at for a target kind.
pub fn adequacy(
    view: &ClientView,
    tz: chrono_tz::Tz,
    period: Period,
    as_of: i64,
    goal: impl Fn(Target) -> f64,
) -> Vec<Adequacy> {
    let bounds = period.bounds(tz);
    let months = period.months();
    let mut out = Vec::new();
    for target in [Target::Response, Target::Resolution] {
        for p in 1..=PRIORITIES.len() {
            let Some(limit_ms) = view.clock.target_ms(target, p) else {
                continue;
            };
            let limit = ms_to_minutes(limit_ms);
            let all = times(view, &bounds, as_of, p, target);
            if all.measured.is_empty() && all.unanswered.is_empty() {
                continue;
            }
            let what_if: Vec<WhatIf> = FACTORS
                .iter()
                .map(|f| attainment(&all, limit * f, *f))
                .collect();
            let monthly: Vec<(String, Option<f64>)> = months
                .iter()
                .map(|m| {
                    let t = times(view, &m.bounds(tz), as_of, p, target);
                    (m.to_string(), attainment(&t, limit, 1.0).percent)
                })
                .collect();
            let goal = goal(target);
            let month_values: Vec<Option<f64>> = monthly.iter().map(|m| m.1).collect();
            out.push(Adequacy {
                priority: PRIORITIES[p - 1].to_string(),
                target: if target == Target::Response {
                    "response"
                } else {
                    "resolution"
                },
                target_minutes: limit,
                goal,
                recommendation: recommend(&what_if, &month_values, goal),
                what_if,
                monthly,
                times: all.measured,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(percents: [f64; 6]) -> Vec<WhatIf> {
        FACTORS
            .iter()
            .zip(percents)
            .map(|(factor, percent)| WhatIf {
                factor: *factor,
                target_minutes: 60.0 * factor,
                met: 0,
                judged: 100,
                percent: Some(percent),
            })
            .collect()
    }

    #[test]
    fn the_rule_on_hand_made_cases() {
        // Met with room to spare, every month.
        let roomy = table([90.0, 97.0, 99.0, 100.0, 100.0, 100.0]);
        assert_eq!(
            recommend(&roomy, &[Some(98.0), Some(99.5), Some(100.0)], 95.0),
            Recommendation::Tighten
        );
        // Missed every month; 1.5× the target would be kept.
        let tight = table([20.0, 40.0, 70.0, 85.0, 96.0, 99.0]);
        assert_eq!(
            recommend(&tight, &[Some(60.0), Some(75.0), Some(72.0)], 95.0),
            Recommendation::Renegotiate
        );
        // Borderline: met overall, one month missed.
        let borderline = table([60.0, 85.0, 95.5, 98.0, 99.0, 100.0]);
        assert_eq!(
            recommend(&borderline, &[Some(97.0), Some(93.0), Some(96.0)], 95.0),
            Recommendation::Keep
        );
        // Missed every month, but even 1.5× would miss: the service, not the target.
        let poor = table([10.0, 20.0, 40.0, 55.0, 70.0, 80.0]);
        assert_eq!(
            recommend(&poor, &[Some(40.0), Some(35.0)], 95.0),
            Recommendation::Keep
        );
        let mut few = table([100.0; 6]);
        few[2].judged = 5;
        assert_eq!(
            recommend(&few, &[Some(100.0)], 95.0),
            Recommendation::TooFewTickets
        );
    }
}
