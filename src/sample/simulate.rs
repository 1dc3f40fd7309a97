//! Simulation of one client's service desk: arrivals in business hours with seasonal dips,
//! a P1–P4 mix, lognormal response and resolution times on the real SLA clocks, pauses,
//! escalations, reopenings, CSAT answers, and a quality trend (improving or degrading).

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;

use super::rng::Rng;
use crate::calendar::{Calendar, Clock};
use crate::tz::{DAY_MS, local_to_utc_ms};

/// How a simulated client behaves.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Client id.
    pub id: String,
    /// Client time zone.
    pub tz: Tz,
    /// Business calendar.
    pub calendar: Calendar,
    /// Mean tickets per month.
    pub monthly_volume: f64,
    /// Quality factor at the start (1 = on target; above 1 slower).
    pub quality_start: f64,
    /// Quality factor at the end.
    pub quality_end: f64,
    /// Month (1–12) with a summer dip, if any.
    pub summer_dip: Option<u32>,
}

/// One simulated ticket.
#[derive(Debug, Clone)]
pub struct SimTicket {
    /// Sequence number within the client.
    pub number: usize,
    /// Priority 1–4.
    pub priority: u8,
    /// Incident (true) or service request.
    pub incident: bool,
    /// Category index into `CATEGORIES`.
    pub category: usize,
    /// Title.
    pub title: String,
    /// Created (UTC ms).
    pub created: i64,
    /// First response, if it happened before the end.
    pub responded: Option<i64>,
    /// Waiting on customer, if any: start and end (end may lie after the export's end).
    pub pause: Option<(i64, i64)>,
    /// Paused time on the resolution clock (minutes).
    pub paused_minutes: f64,
    /// First resolution, if any before the end.
    pub first_resolved: Option<i64>,
    /// Reopened at and resolved again at.
    pub reopen: Option<(i64, Option<i64>)>,
    /// Final resolution before the end.
    pub resolved: Option<i64>,
    /// Closure before the end.
    pub closed: Option<i64>,
    /// Highest tier reached.
    pub tier: u8,
    /// Reassignments.
    pub reassignments: u8,
    /// CSAT score and when it was given.
    pub csat: Option<(u8, i64)>,
}

/// Ticket categories and their weights.
pub const CATEGORIES: &[(&str, f64)] = &[
    ("Email & Collaboration", 18.0),
    ("Accounts & Access", 16.0),
    ("Hardware", 13.0),
    ("Network & VPN", 11.0),
    ("Business Applications", 12.0),
    ("Printing", 7.0),
    ("Security", 6.0),
    ("Backup & Storage", 5.0),
    ("Telephony", 5.0),
    ("Onboarding & Offboarding", 7.0),
];

const TITLES: &[&[&str]] = &[
    &[
        "Outlook not syncing on laptop",
        "Shared mailbox access request",
        "Teams meeting audio drops",
        "Calendar invites not received",
    ],
    &[
        "Password reset",
        "MFA device replacement",
        "New user account",
        "Locked out of ERP",
    ],
    &[
        "Laptop won't boot",
        "Docking station not detecting monitors",
        "Keyboard replacement",
        "Battery swelling on laptop",
    ],
    &[
        "VPN disconnects every hour",
        "Wi-Fi slow in meeting room 2",
        "Site-to-site tunnel down",
        "Cannot reach file server",
    ],
    &[
        "ERP report times out",
        "CRM sync errors",
        "Licence renewal for CAD",
        "Invoice module crashes on save",
    ],
    &[
        "Printer jam on 2nd floor",
        "Scan to e-mail fails",
        "New printer driver",
    ],
    &[
        "Phishing e-mail reported",
        "Antivirus alert on workstation",
        "Suspicious login blocked",
    ],
    &[
        "Restore deleted folder",
        "Backup job failed overnight",
        "Quota increase on share",
    ],
    &[
        "Desk phone no dial tone",
        "Voicemail PIN reset",
        "Call queue change",
    ],
    &[
        "Onboard new starter",
        "Offboard leaver, disable access",
        "Equipment for new hire",
    ],
];

/// Median response (minutes on the clock) per priority P1–P4 at quality 1.
const RESPONSE_MEDIAN: [f64; 4] = [7.0, 14.0, 45.0, 110.0];
/// Median resolution (minutes on the clock) per priority P1–P4 at quality 1.
const RESOLUTION_MEDIAN: [f64; 4] = [120.0, 270.0, 480.0, 1100.0];
const PRIORITY_WEIGHTS: [f64; 4] = [2.0, 12.0, 56.0, 30.0];
const ESCALATION: [f64; 4] = [0.45, 0.25, 0.12, 0.06];

fn weekday_factor(day: NaiveDate) -> f64 {
    match day.weekday() {
        Weekday::Mon => 1.25,
        Weekday::Tue => 1.1,
        Weekday::Wed => 1.0,
        Weekday::Thu => 1.0,
        Weekday::Fri => 0.85,
        Weekday::Sat => 0.12,
        Weekday::Sun => 0.08,
    }
}

/// A local wall-clock arrival time: mostly business hours, some evenings.
fn arrival_minute(rng: &mut Rng, business: bool) -> u32 {
    if !business || rng.chance(0.1) {
        return rng.below(1440) as u32;
    }
    // Peaks mid-morning and early afternoon.
    let hour_weights = [0.6, 1.0, 1.3, 1.2, 0.8, 0.9, 1.1, 1.0, 0.8, 0.5];
    let hour = 8 + rng.weighted(&hour_weights) as u32;
    hour * 60 + rng.below(60) as u32
}

/// Simulates a client's tickets created in local dates `[first, end)`; nothing after `end_ms`.
pub fn simulate(
    profile: &Profile,
    rng: &mut Rng,
    first: NaiveDate,
    end: NaiveDate,
) -> Vec<SimTicket> {
    let tz = profile.tz;
    let business = Clock::new(
        &profile.calendar,
        tz,
        first - Duration::days(7),
        end + Duration::days(120),
    );
    let always = Clock::new(&Calendar::always_open(), tz, first, end);
    let end_ms = local_to_utc_ms(tz, end.and_time(NaiveTime::MIN)).0;
    let total_days = (end - first).num_days().max(1) as f64;
    let mut tickets = Vec::new();
    let mut day = first;
    while day < end {
        let progress = (day - first).num_days() as f64 / total_days;
        let quality =
            profile.quality_start + (profile.quality_end - profile.quality_start) * progress;
        let open_today = profile
            .calendar
            .hours_on(day)
            .is_some_and(|h| !h.is_empty());
        let mut rate = profile.monthly_volume / 21.0 * weekday_factor(day);
        if !open_today && !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            rate *= 0.15;
        }
        if Some(day.month()) == profile.summer_dip {
            rate *= 0.6;
        }
        if day.month() == 12 && day.day() > 20 {
            rate *= 0.6;
        }
        rate *= 1.0 + 0.15 * progress;
        for _ in 0..rng.poisson(rate) {
            let ticket = simulate_ticket(
                rng,
                tickets.len() + 1,
                day,
                open_today,
                quality,
                (&business, &always),
                tz,
                end_ms,
            );
            tickets.push(ticket);
        }
        day += Duration::days(1);
    }
    tickets.sort_by_key(|t| t.created);
    for (i, t) in tickets.iter_mut().enumerate() {
        t.number = i + 1;
    }
    tickets
}

#[allow(clippy::too_many_arguments)]
fn simulate_ticket(
    rng: &mut Rng,
    number: usize,
    day: NaiveDate,
    open_today: bool,
    quality: f64,
    clocks: (&Clock, &Clock),
    tz: Tz,
    end_ms: i64,
) -> SimTicket {
    let priority = rng.weighted(&PRIORITY_WEIGHTS) as u8 + 1;
    let p = (priority - 1) as usize;
    let clock = if priority == 1 { clocks.1 } else { clocks.0 };
    let minute = arrival_minute(rng, open_today && priority > 1);
    let time = NaiveTime::from_num_seconds_from_midnight_opt(minute * 60 + rng.below(60) as u32, 0)
        .unwrap_or(NaiveTime::MIN);
    let created = local_to_utc_ms(tz, day.and_time(time)).0;
    let category = rng.weighted(&CATEGORIES.iter().map(|c| c.1).collect::<Vec<_>>());
    let titles = TITLES[category];
    let title = titles[rng.below(titles.len())].to_string();
    let incident = rng.chance(if category == 9 { 0.1 } else { 0.68 });
    let noise = (0.12 * rng.normal()).exp();
    let minutes = |m: f64| (m * 60_000.0) as i64;
    let response_minutes = rng
        .lognormal(RESPONSE_MEDIAN[p] * quality * noise, 0.75)
        .max(1.0);
    let responded = clock.advance(created, minutes(response_minutes));
    let work = rng
        .lognormal(RESOLUTION_MEDIAN[p] * quality * noise, 0.85)
        .max(response_minutes + 5.0)
        - response_minutes;
    let pause_chance = [0.02, 0.1, 0.25, 0.3][p];
    let (pause, resolved_at, paused_minutes) = if rng.chance(pause_chance) {
        let before = work * rng.uniform();
        let start = clock.advance(responded, minutes(before));
        let length = (rng.lognormal(8.0 * 60.0, 0.9) * 60_000.0) as i64;
        let resume = start + length;
        let paused = clocks.0.elapsed_ms(start, resume) as f64 / 60_000.0;
        let resolved = clock.advance(resume, minutes(work - before));
        (
            Some((start, resume)),
            resolved,
            if priority == 1 {
                length as f64 / 60_000.0
            } else {
                paused
            },
        )
    } else {
        (None, clock.advance(responded, minutes(work)), 0.0)
    };
    let escalated = rng.chance((ESCALATION[p] * quality).min(0.9));
    let tier = if escalated {
        2 + u8::from(rng.chance(0.15))
    } else {
        1
    };
    let reassignments = if escalated {
        1 + u8::from(rng.chance(0.3))
    } else {
        u8::from(rng.chance(0.08))
    };
    let reopen = rng.chance(0.025 * quality).then(|| {
        let reopened = resolved_at + (rng.lognormal(20.0, 0.7) * 3_600_000.0) as i64;
        let again = clock.advance(reopened, minutes(rng.lognormal(180.0, 0.8)));
        (reopened, again)
    });
    let final_resolution = reopen.map(|(_, again)| again).unwrap_or(resolved_at);
    let visible = |t: i64| (t < end_ms).then_some(t);
    let resolved = visible(final_resolution);
    let closed = resolved.and_then(|r| visible(r + 3 * DAY_MS));
    let csat = resolved.and_then(|r| {
        rng.chance(0.35).then(|| {
            let mean = 4.75 - (quality - 0.8) * 1.6;
            let score = (mean + 0.85 * rng.normal()).round().clamp(1.0, 5.0) as u8;
            (score, r + (rng.lognormal(6.0, 1.0) * 3_600_000.0) as i64)
        })
    });
    SimTicket {
        number,
        priority,
        incident,
        category,
        title,
        created,
        responded: visible(responded),
        pause,
        paused_minutes: if resolved.is_some() {
            paused_minutes
        } else {
            0.0
        },
        first_resolved: visible(resolved_at),
        reopen: reopen.and_then(|(at, again)| visible(at).map(|at| (at, visible(again)))),
        resolved,
        closed,
        tier,
        reassignments,
        csat: csat.filter(|(_, at)| *at < end_ms),
    }
}
