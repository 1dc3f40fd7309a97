//! The SLA clock of a ticket: time on the calendar of its priority's target, minus the pauses
//! that apply to that target (from a status history, or an exported paused-minutes figure).

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::calendar::{Calendar, Clock};
use crate::config::{PRIORITIES, PauseRule, SlaOptions, TargetSet};
use crate::data::assemble::Pause;
use crate::data::rows::StatusLabels;

/// Which SLA target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// First response.
    Response,
    /// Resolution.
    Resolution,
}

/// How one priority's clocks run.
#[derive(Debug, Clone)]
struct PriorityClock {
    clock: usize,
    response_target_ms: Option<i64>,
    resolution_target_ms: Option<i64>,
    /// Per status label: does it pause the response / resolution clock?
    pauses_response: Vec<bool>,
    pauses_resolution: Vec<bool>,
}

/// The SLA clocks of one client.
#[derive(Debug, Clone)]
pub struct SlaClock {
    clocks: Vec<Clock>,
    /// Index 0: no priority / no target; 1–5: P1–P5.
    priorities: Vec<PriorityClock>,
    exported_pause: TargetSet,
}

/// Time measured on a clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measured {
    /// Milliseconds on the clock.
    pub ms: i64,
    /// Whether subtracting exported paused minutes would have gone below zero.
    pub floored: bool,
}

/// Index of a priority in the clock table (0 when none).
pub fn priority_index(priority: Option<&str>) -> usize {
    priority
        .and_then(|p| PRIORITIES.iter().position(|c| *c == p))
        .map_or(0, |i| i + 1)
}

fn rule_mask(
    rules: &[PauseRule],
    labels: &StatusLabels,
    pick: impl Fn(&TargetSet) -> bool,
) -> Vec<bool> {
    (0..labels.len() as u32)
        .map(|id| {
            let label = labels.label(id);
            let paused = labels.canonical(id) == "paused";
            rules.iter().any(|rule| {
                pick(&rule.targets)
                    && rule
                        .statuses
                        .iter()
                        .any(|s| s == label || (s == "paused" && paused))
            })
        })
        .collect()
}

impl SlaClock {
    /// Clocks for a client's SLAs, precomputed for local dates `span.0..=span.1`.
    pub fn new(
        sla: &SlaOptions,
        tz: Tz,
        labels: &StatusLabels,
        span: (NaiveDate, NaiveDate),
    ) -> Self {
        let mut calendars: Vec<&Calendar> = Vec::new();
        let mut priorities = Vec::new();
        let targets = std::iter::once(&sla.fallback)
            .chain(PRIORITIES.iter().map(|p| sla.for_priority(Some(p))));
        for targets in targets {
            let clock = match calendars.iter().position(|c| **c == targets.calendar) {
                Some(index) => index,
                None => {
                    calendars.push(&targets.calendar);
                    calendars.len() - 1
                }
            };
            priorities.push((clock, targets));
        }
        let clocks = calendars
            .iter()
            .map(|c| Clock::new(c, tz, span.0, span.1))
            .collect();
        let priorities = priorities
            .into_iter()
            .map(|(clock, targets)| PriorityClock {
                clock,
                response_target_ms: targets.response_minutes.map(crate::calendar::minutes_to_ms),
                resolution_target_ms: targets
                    .resolution_minutes
                    .map(crate::calendar::minutes_to_ms),
                pauses_response: rule_mask(&targets.pauses, labels, |t| t.response),
                pauses_resolution: rule_mask(&targets.pauses, labels, |t| t.resolution),
            })
            .collect();
        Self {
            clocks,
            priorities,
            exported_pause: sla.exported_pause_applies_to,
        }
    }

    /// The target (ms on the clock) of a priority, if the contract sets one.
    pub fn target_ms(&self, target: Target, priority: usize) -> Option<i64> {
        let p = &self.priorities[priority];
        match target {
            Target::Response => p.response_target_ms,
            Target::Resolution => p.resolution_target_ms,
        }
    }

    /// Time on the clock of `target` from `created` to `until`, minus applicable pauses.
    pub fn measure(
        &self,
        target: Target,
        priority: usize,
        created: i64,
        until: i64,
        pauses: &[Pause],
        exported_paused_minutes: Option<f64>,
    ) -> Measured {
        let p = &self.priorities[priority];
        let clock = &self.clocks[p.clock];
        let mask = match target {
            Target::Response => &p.pauses_response,
            Target::Resolution => &p.pauses_resolution,
        };
        let mut ms = clock.elapsed_ms(created, until);
        for pause in pauses {
            if !mask.get(pause.status as usize).copied().unwrap_or(false) {
                continue;
            }
            let start = pause.start.max(created);
            let end = pause.end.min(until);
            if end > start {
                ms -= clock.elapsed_ms(start, end);
            }
        }
        let applies = match target {
            Target::Response => self.exported_pause.response,
            Target::Resolution => self.exported_pause.resolution,
        };
        let mut floored = false;
        if applies && let Some(minutes) = exported_paused_minutes {
            ms -= crate::calendar::minutes_to_ms(minutes);
            if ms < 0 {
                floored = true;
            }
        }
        Measured {
            ms: ms.max(0),
            floored,
        }
    }

    /// The instant the clock of `target` reaches `running_ms` (ignoring pauses; for display).
    pub fn due_at(&self, priority: usize, created: i64, running_ms: i64) -> i64 {
        let p = &self.priorities[priority];
        self.clocks[p.clock].advance(created, running_ms)
    }
}
