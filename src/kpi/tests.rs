//! Hand-computed KPI answers on tiny data: the clock through the whole pipeline, cut-offs,
//! pauses, empty periods, half-open periods, met/breached boundaries, statuses.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::{Europe::Rome, Tz};

use super::compute::{MetricContext, standard_metrics};
use super::view::ClientView;
use super::*;
use crate::calendar::Calendar;
use crate::config::{
    CsatOptions, Locale, PauseRule, PriorityTargets, SlaOptions, TargetSet, Verdict,
};
use crate::data::assemble::{Pause, TicketRecords};
use crate::data::frame::build_client_frames;
use crate::data::rows::StatusLabels;
use crate::data::{CsatResponses, Dataset, SizeFigures};
use crate::period::Period;
use crate::tz::local_to_utc_ms;

fn rome(text: &str) -> i64 {
    local_to_utc_ms(
        Rome,
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap(),
    )
    .0
}

fn office(holidays: &[(i32, u32, u32)]) -> Calendar {
    let day = vec![(9 * 60, 18 * 60)];
    Calendar {
        name: "office".into(),
        weekly: Some([
            day.clone(),
            day.clone(),
            day.clone(),
            day.clone(),
            day,
            vec![],
            vec![],
        ]),
        exceptions: holidays
            .iter()
            .map(|&(y, m, d)| {
                (
                    NaiveDate::from_ymd_opt(y, m, d).unwrap(),
                    (vec![], "holiday".to_string()),
                )
            })
            .collect::<BTreeMap<_, _>>()
            .into(),
    }
}

fn client(calendar: Calendar) -> ClientOptions {
    let pauses = vec![PauseRule {
        statuses: vec!["paused".into()],
        targets: TargetSet {
            response: false,
            resolution: true,
        },
    }];
    let target = |response: f64, resolution: f64, calendar: Calendar| PriorityTargets {
        response_minutes: Some(response),
        resolution_minutes: Some(resolution),
        calendar,
        pauses: pauses.clone(),
    };
    let mut targets = BTreeMap::new();
    targets.insert(
        "P1".to_string(),
        target(15.0, 240.0, Calendar::always_open()),
    );
    targets.insert("P2".to_string(), target(30.0, 480.0, calendar.clone()));
    targets.insert("P3".to_string(), target(120.0, 960.0, calendar.clone()));
    ClientOptions {
        id: "acme".into(),
        name: "Acme".into(),
        locale: Locale::EnGb,
        tz: Rome,
        match_values: vec![],
        sources: vec![],
        sla: SlaOptions {
            targets,
            fallback: PriorityTargets {
                response_minutes: None,
                resolution_minutes: None,
                calendar,
                pauses,
            },
            verdict: Verdict::Computed,
            exported_pause_applies_to: TargetSet {
                response: false,
                resolution: true,
            },
        },
        csfs: vec![],
        stakeholders: vec![],
        users: None,
        endpoints: None,
        csat: CsatOptions {
            scale_max: 5.0,
            satisfied_at: 4.0,
        },
        paper: "a4",
        defined_in: (Default::default(), String::new()),
        provided: reviewpack_all_inputs(),
        packs: Default::default(),
        fiscal_year_start: 1,
        contract: None,
        calendar: Calendar::always_open(),
        recipients: BTreeMap::new(),
    }
}

/// Every input provided (the unit tests' frames carry every column).
fn reviewpack_all_inputs() -> crate::config::Provided {
    use crate::config::{FirstTouchFact, FirstTouchRule, Input};
    crate::config::Provided {
        inputs: [
            Input::FirstResponse,
            Input::Resolution,
            Input::FirstTouch,
            Input::Escalation,
            Input::Reopens,
            Input::Csat,
            Input::Users,
            Input::Endpoints,
            Input::Type,
            Input::Category,
            Input::AssignmentGroup,
            Input::Title,
            Input::Tier,
            Input::Reassignments,
            Input::PausedMinutes,
        ]
        .into_iter()
        .collect(),
        first_touch: vec![FirstTouchRule::Derived(FirstTouchFact::ALL.to_vec())],
        verdict_only: Default::default(),
    }
}

/// A ticket for the tests: priority, created, first response, resolved, pauses, paused minutes.
struct T<'a> {
    priority: &'static str,
    created: &'a str,
    response: Option<&'a str>,
    resolved: Option<&'a str>,
    pauses: Vec<(&'a str, Option<&'a str>)>,
    paused_minutes: Option<f64>,
}

fn t<'a>(
    priority: &'static str,
    created: &'a str,
    response: Option<&'a str>,
    resolved: Option<&'a str>,
) -> T<'a> {
    T {
        priority,
        created,
        response,
        resolved,
        pauses: vec![],
        paused_minutes: None,
    }
}

fn dataset(tickets: &[T]) -> Dataset {
    let mut labels = StatusLabels::default();
    let paused = labels.intern("waiting on customer", "paused");
    let mut records = TicketRecords::default();
    for (i, ticket) in tickets.iter().enumerate() {
        records.client.push(0);
        records.id.push(Some(&format!("T{}", i + 1)));
        records.file.push(0);
        records.row.push(i as u64 + 2);
        records.created.push(rome(ticket.created));
        records.first_response.push(ticket.response.map(rome));
        records.resolved.push(ticket.resolved.map(rome));
        records.closed.push(None);
        records.priority.push(Some(ticket.priority));
        records.status.push(if ticket.resolved.is_some() {
            "resolved"
        } else {
            "open"
        });
        let incident = records.labels.code("incident");
        records.ticket_type.push(Some(incident));
        records.category.push(None);
        records.assignment_group.push(None);
        records.title.push(None);
        records.tier.push(None);
        records.escalated.push(Some(false));
        records.reassignments.push(Some(0));
        records.reopens.push(Some(0));
        records.first_touch.push(Some(true));
        records.csat.push(None);
        records.paused_minutes.push(ticket.paused_minutes);
        records.sla_response_met.push(None);
        records.sla_resolution_met.push(None);
        records.pauses.push(
            ticket
                .pauses
                .iter()
                .map(|(s, e)| Pause {
                    start: rome(s),
                    end: e.map(rome).unwrap_or(i64::MAX),
                    status: paused,
                })
                .collect(),
        );
    }
    let (frames, pauses) =
        build_client_frames(records, &["acme".to_string()], &["t.csv".to_string()]).unwrap();
    Dataset {
        frames,
        pauses,
        labels,
        csat: CsatResponses::default(),
        sizes: SizeFigures::default(),
        measurements: Default::default(),
        quality: Default::default(),
    }
}

fn view(data: &Dataset, calendar: Calendar) -> ClientView {
    ClientView::new(
        data.frames[0].clone(),
        data,
        &client(calendar),
        rome("2027-01-01 00:00"),
    )
    .unwrap()
    .0
}

fn metrics(view: &ClientView, period: Period, as_of: &str) -> compute::StandardMetrics {
    let client = client(office(&[]));
    let csat = CsatResponses::default();
    let sizes = SizeFigures::default();
    let measurements = crate::data::Measurements::default();
    let context = MetricContext {
        client: &client,
        client_index: 0,
        csat: &csat,
        sizes: &sizes,
        measurements: &measurements,
    };
    let bounds = period.bounds(Rome as Tz);
    let selection = Selection::new(view, &bounds, rome(as_of), &Default::default());
    standard_metrics(view, &context, &bounds, &Default::default(), selection)
}

fn minutes(ms: Option<i64>) -> Option<f64> {
    ms.map(crate::calendar::ms_to_minutes)
}

#[test]
fn p3_friday_evening_to_monday_morning_takes_75_business_minutes() {
    let data = dataset(&[t("P3", "2026-07-03 17:30", Some("2026-07-06 09:45"), None)]);
    let v = view(&data, office(&[]));
    assert_eq!(minutes(v.response_ms[0]), Some(75.0));
    assert_eq!(v.response_met[0], Some(true));
}

#[test]
fn a_holiday_in_between_adds_nothing() {
    let data = dataset(&[t("P3", "2026-12-07 17:30", Some("2026-12-09 09:45"), None)]);
    assert_eq!(
        minutes(view(&data, office(&[(2026, 12, 8)])).response_ms[0]),
        Some(75.0)
    );
    assert_eq!(
        minutes(view(&data, office(&[])).response_ms[0]),
        Some(75.0 + 540.0)
    );
}

#[test]
fn p1_on_24x7_across_both_dst_switches() {
    let data = dataset(&[
        t(
            "P1",
            "2026-03-28 23:00",
            Some("2026-03-28 23:10"),
            Some("2026-03-29 04:00"),
        ),
        t(
            "P1",
            "2026-10-24 23:00",
            Some("2026-10-24 23:10"),
            Some("2026-10-25 04:00"),
        ),
    ]);
    let v = view(&data, office(&[]));
    assert_eq!(minutes(v.resolution_ms[0]), Some(240.0));
    assert_eq!(minutes(v.resolution_ms[1]), Some(360.0));
    // 4 h target: spring is met exactly (≤), autumn breached.
    assert_eq!(v.resolution_met[0], Some(true));
    assert_eq!(v.resolution_met[1], Some(false));
}

#[test]
fn a_pause_spanning_a_night_is_removed_exactly() {
    // Created Tue 10:00, waiting on customer Tue 17:00 → Wed 10:00, resolved Wed 12:00.
    // Business time 8 h + 3 h = 660 min; pause covers Tue 17–18 and Wed 9–10 = 120 min.
    let mut ticket = t(
        "P3",
        "2026-07-07 10:00",
        Some("2026-07-07 10:30"),
        Some("2026-07-08 12:00"),
    );
    ticket.pauses = vec![("2026-07-07 17:00", Some("2026-07-08 10:00"))];
    let data = dataset(&[ticket]);
    assert_eq!(
        minutes(view(&data, office(&[])).resolution_ms[0]),
        Some(540.0)
    );
}

#[test]
fn an_exported_pause_larger_than_the_clock_floors_at_zero_and_is_reported() {
    let mut ticket = t(
        "P3",
        "2026-07-07 10:00",
        Some("2026-07-07 10:30"),
        Some("2026-07-07 11:00"),
    );
    ticket.paused_minutes = Some(90.0);
    let data = dataset(&[ticket]);
    let (v, issues) = ClientView::new(
        data.frames[0].clone(),
        &data,
        &client(office(&[])),
        rome("2027-01-01 00:00"),
    )
    .unwrap();
    assert_eq!(minutes(v.resolution_ms[0]), Some(0.0));
    assert_eq!(issues.len(), 1);
    assert_eq!(
        issues[0].reason,
        crate::data::quality::Reason::PauseExceedsClock
    );
}

#[test]
fn an_unanswered_ticket_past_its_target_is_breached_and_one_not_yet_due_is_left_out() {
    let data = dataset(&[
        // P2 (30 min) opened Monday 10:00 with no response: breached at the cut-off.
        t("P2", "2026-07-06 10:00", None, None),
        // P2 opened Thursday 30 July 17:50: at the cut-off (as-of 31 July 09:10) it has run 20 min.
        t("P2", "2026-07-30 17:50", None, None),
        // Answered in 20 minutes.
        t("P2", "2026-07-08 10:00", Some("2026-07-08 10:20"), None),
    ]);
    let v = view(&data, office(&[]));
    let m = metrics(&v, Period::Month(2026, 7), "2026-07-31 09:10");
    assert_eq!(
        (
            m.response_sla.met,
            m.response_sla.breached,
            m.response_sla.not_yet_due
        ),
        (1, 1, 1)
    );
    assert_eq!(m.response_sla.percent, Some(50.0));
    // All three are open at the cut-off; two have run past the 8 h resolution target.
    assert_eq!((m.backlog, m.overdue_open), (Some(3), Some(2)));
}

#[test]
fn a_response_after_the_period_end_is_judged_by_the_actual_response() {
    // Created 31 July 17:45, answered 3 August 09:20: 15 + 20 = 35 business minutes > 30.
    let data = dataset(&[t("P2", "2026-07-31 17:45", Some("2026-08-03 09:20"), None)]);
    let m = metrics(
        &view(&data, office(&[])),
        Period::Month(2026, 7),
        "2026-12-01 00:00",
    );
    assert_eq!((m.response_sla.met, m.response_sla.breached), (0, 1));
}

#[test]
fn an_empty_period_is_no_data_not_zero() {
    let data = dataset(&[t(
        "P3",
        "2026-07-03 10:00",
        Some("2026-07-03 10:30"),
        Some("2026-07-03 12:00"),
    )]);
    let m = metrics(
        &view(&data, office(&[])),
        Period::Month(2026, 9),
        "2026-12-01 00:00",
    );
    assert_eq!(m.created, 0);
    assert_eq!(m.backlog, Some(0));
    assert_eq!(m.response_time.median, None);
    assert_eq!(m.resolution_time.mean, None);
    assert_eq!(m.response_sla.percent, None);
    assert_eq!(m.resolution_sla.percent, None);
    assert_eq!(m.first_touch_resolution.percent, None);
    assert_eq!(m.csat.mean, None);
    assert_eq!(builtin_value(Metric::ResolutionSla, &m).value, None);
    assert_eq!(builtin_value(Metric::Volume, &m).value, Some(0.0));
}

#[test]
fn a_ticket_resolved_exactly_at_the_end_belongs_to_the_next_period() {
    let data = dataset(&[t(
        "P3",
        "2026-07-30 10:00",
        Some("2026-07-30 10:30"),
        Some("2026-08-01 00:00"),
    )]);
    let v = view(&data, office(&[]));
    let july = metrics(&v, Period::Month(2026, 7), "2026-12-01 00:00");
    let august = metrics(&v, Period::Month(2026, 8), "2026-12-01 00:00");
    assert_eq!((july.resolved, july.backlog), (Some(0), Some(0)));
    assert_eq!(august.resolved, Some(1));
}

#[test]
fn time_exactly_at_target_is_met() {
    // P2 response target 30 min: answered after exactly 30 business minutes.
    let data = dataset(&[t("P2", "2026-07-06 09:00", Some("2026-07-06 09:30"), None)]);
    assert_eq!(view(&data, office(&[])).response_met[0], Some(true));
}

#[test]
fn percentiles_and_means_over_a_period() {
    let data = dataset(&[
        t("P3", "2026-07-06 09:00", Some("2026-07-06 09:15"), None),
        t("P3", "2026-07-06 09:00", Some("2026-07-06 09:20"), None),
        t("P3", "2026-07-06 09:00", Some("2026-07-06 09:35"), None),
        t("P3", "2026-07-06 09:00", Some("2026-07-06 09:40"), None),
        t("P3", "2026-07-06 09:00", Some("2026-07-06 09:50"), None),
    ]);
    let m = metrics(
        &view(&data, office(&[])),
        Period::Month(2026, 7),
        "2026-12-01 00:00",
    );
    assert_eq!(m.response_time.median, Some(35.0));
    assert_eq!(m.response_time.p90, Some(46.0));
    assert_eq!(m.response_time.mean, Some(32.0));
}

#[test]
fn statuses_against_targets() {
    use crate::config::Direction::{Higher, Lower};
    assert_eq!(
        judge(Some(95.0), Some(95.0), Higher, Some(3.0)),
        Status::Met
    );
    assert_eq!(
        judge(Some(93.0), Some(95.0), Higher, Some(3.0)),
        Status::AtRisk
    );
    assert_eq!(
        judge(Some(91.9), Some(95.0), Higher, Some(3.0)),
        Status::NotMet
    );
    assert_eq!(judge(Some(520.0), Some(480.0), Lower, None), Status::AtRisk);
    assert_eq!(judge(Some(540.0), Some(480.0), Lower, None), Status::NotMet);
    assert_eq!(judge(None, Some(480.0), Lower, None), Status::NoData);
    assert_eq!(judge(Some(3.0), None, Lower, None), Status::NoTarget);
    assert_eq!(
        roll_up(&[Status::Met, Status::AtRisk, Status::NoData]),
        Status::AtRisk
    );
    assert_eq!(roll_up(&[Status::Met, Status::NotMet]), Status::NotMet);
    assert_eq!(roll_up(&[Status::NoData, Status::NoTarget]), Status::NoData);
}
