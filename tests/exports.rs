//! What real exports need, each on a small hand-made export with hand-computed answers: rows that
//! do not parse rejected one by one, a status history in a second file joined by ticket id,
//! paused time in other units, reopenings known by a time, the first-touch rule stated, and
//! per-priority results keyed by priority.

mod common;

use std::path::Path;

use common::{run, run_ok, write};
use serde_json::Value;

fn kpis(ws: &Path, period: &str) -> Value {
    serde_json::from_str(&run_ok(&[
        "kpis",
        "-w",
        ws.to_str().unwrap(),
        "--client",
        "acme",
        "--period",
        period,
        "--as-of",
        "2026-10-05",
        "--format",
        "json",
    ]))
    .unwrap()
}

/// `check --format json` of a workspace.
fn check_report(ws: &Path) -> Value {
    let output = run(&["check", "-w", ws.to_str().unwrap(), "--format", "json"]);
    serde_json::from_slice(&output.stdout).unwrap()
}

/// A workspace of one ticket export, `data/tickets.csv`, read by the source `psa`.
fn ticket_workspace(dir: &Path, data: &[u8], psa: &str) {
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::write(dir.join("data/tickets.csv"), data).unwrap();
    write(&dir.join("reviewpack.yaml"), &config(psa));
}

fn config(sources: &str) -> String {
    format!(
        r#"msp:
  name: Test MSP
defaults:
  timezone: UTC
data_quality:
  max_rejected_share: 60%
sources:
{sources}
clients:
  - id: acme
    name: Acme
    sla:
      targets:
        P1: {{response_target: 15m, resolution_target: 2h}}
        P2: {{response_target: 1h, resolution_target: 8h}}
        P3: {{response_target: 4h, resolution_target: 24h}}
"#
    )
}

#[test]
fn a_row_that_does_not_parse_is_one_rejected_row_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = b"id,created,resolved,priority,title\n".to_vec();
    data.extend_from_slice(b"B1,2026-07-01 09:00,2026-07-01 10:00,P1,ok\n");
    data.extend_from_slice(b"B2,2026-07-01 09:00,2026-07-01 10:00,P1,extra,field\n");
    data.extend_from_slice(b"B3,2026-07-01 09:00,2026-07-01 10:00,P1,caf\xe9\n");
    data.extend_from_slice(b"B4,2026-07-01 09:00,2026-07-01 10:00,P1,stray\rreturn\n");
    data.extend_from_slice(b"B5,not a date,neither,P1,two bad dates\n");
    data.extend_from_slice(b"B6,2026-07-02 09:00,2026-07-02 10:00,P1,ok\n");
    ticket_workspace(
        dir.path(),
        &data,
        r#"  psa:
    path: data/tickets.csv
    timestamps: {format: "%Y-%m-%d %H:%M"}
    constants: {client: acme}
    columns: {id: id, created: created, resolved: resolved, priority: priority, title: title}"#,
    );
    let report = check_report(dir.path());
    assert_eq!(report["rows_read"], 6, "{report}");
    // B2 (a field too many), B3 (not UTF-8), B5 (two bad dates: one row).
    assert_eq!(report["rows_rejected"], 3, "{report}");
    assert_eq!(report["clients"][0]["tickets"], 3, "{report}");
    let bad = report["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["reason"] == "bad_record")
        .expect("a bad-record reason");
    assert_eq!(bad["count"], 2);
    assert_eq!(
        bad["rows"],
        serde_json::json!(["data/tickets.csv row 3", "data/tickets.csv row 4"])
    );
    let text = run(&["check", "-w", dir.path().to_str().unwrap()]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("row 3: the row has 6 fields where the header has 5"),
        "{text}"
    );
    // The reason of a row that is not UTF-8.
    let mut data = b"id,created,resolved,priority,title\n".to_vec();
    data.extend_from_slice(b"B1,2026-07-01 09:00,2026-07-01 10:00,P1,caf\xe9\n");
    data.extend_from_slice(b"B2,2026-07-01 09:00,2026-07-01 10:00,P1,ok\n");
    std::fs::write(dir.path().join("data/tickets.csv"), data).unwrap();
    let text = run(&["check", "-w", dir.path().to_str().unwrap()]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("row 2: field 5 holds a byte that is not UTF-8 (0xe9)"),
        "{text}"
    );
}

#[test]
fn a_damaged_first_date_a_stray_quote_and_a_blank_line_cost_one_row_at_most() {
    // Dates in ISO form without `timestamps.format`: the form is read from the first value
    // that has one, so a damaged first value rejects its own row, not the column. A quote in
    // the middle of an unquoted field is a character of it, and a blank line is no row.
    let dir = tempfile::tempdir().unwrap();
    let mut data = b"id,created,resolved,priority,title\n".to_vec();
    data.extend_from_slice(b"C1,2026-07-01T0x:00:00Z,2026-07-01T10:00:00Z,P1,damaged date\n");
    data.extend_from_slice(b"C2,2026-07-01T09:00:00Z,2026-07-01T10:00:00Z,P1,printer \"B2\n");
    data.extend_from_slice(b"\n");
    data.extend_from_slice(b"C3,2026-07-02T09:00:00Z,2026-07-02T10:00:00Z,P1,ok\n");
    ticket_workspace(
        dir.path(),
        &data,
        r#"  psa:
    path: data/tickets.csv
    constants: {client: acme}
    columns: {id: id, created: created, resolved: resolved, priority: priority, title: title}"#,
    );
    let report = check_report(dir.path());
    assert_eq!(report["rows_read"], 3, "{report}");
    assert_eq!(report["rows_rejected"], 1, "{report}");
    assert_eq!(report["clients"][0]["tickets"], 2, "{report}");
    let flat = report.to_string();
    assert!(flat.contains("data/tickets.csv row 2"), "{report}");
    assert!(flat.contains("2026-07-01T0x:00:00Z"), "{report}");
    let values = kpis(dir.path(), "2026-Q3");
    assert_eq!(values["metrics"]["created"], 2, "{values}");
}

#[test]
fn a_status_history_beside_the_ticket_file_gives_responses_resolutions_and_pauses() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("data/tickets.csv"),
        "id,created,priority,resolved\n\
         E1,2026-07-01 09:00,P2,\n\
         E2,2026-07-02 09:00,P2,2026-07-02 15:00\n\
         E3,2026-07-03 09:00,P2,\n",
    );
    write(
        &dir.path().join("data/audit.csv"),
        "ticket,status,at\n\
         E1,New,2026-07-01 09:00\n\
         E1,In Progress,2026-07-01 09:30\n\
         E1,Waiting,2026-07-01 10:00\n\
         E1,In Progress,2026-07-01 11:00\n\
         E1,Resolved,2026-07-01 13:00\n\
         E2,New,2026-07-02 09:00\n\
         E2,In Progress,2026-07-02 09:10\n\
         E2,Resolved,2026-07-02 12:00\n\
         E3,New,2026-07-03 09:00\n\
         E3,In Progress,2026-07-03 10:00\n\
         E9,New,2026-07-04 09:00\n",
    );
    write(
        &dir.path().join("reviewpack.yaml"),
        &config(
            r#"  psa:
    path: data/tickets.csv
    timestamps: {format: "%Y-%m-%d %H:%M"}
    constants: {client: acme}
    columns: {id: id, created: created, priority: priority, resolved: resolved}
  audit:
    kind: events
    tickets: psa
    path: data/audit.csv
    timestamps: {format: "%Y-%m-%d %H:%M"}
    columns: {id: ticket, status: status, event_time: at}
    values:
      status: {New: new, In Progress: open, Waiting: paused, Resolved: resolved}"#,
        ),
    );
    let report = kpis(dir.path(), "2026-07");
    let m = &report["metrics"];
    // First responses 30, 10 and 60 minutes.
    assert_eq!(m["response_time"]["count"], 3);
    assert_eq!(m["response_time"]["median"], 30.0);
    // E1: 09:00 → 13:00 less the hour waiting = 180; E2: its own 15:00 wins over the log = 360.
    assert_eq!(m["resolved"], 2);
    assert_eq!(m["resolution_time"]["mean"], 270.0);
    assert_eq!(m["resolution_time"]["p90"], 342.0);
    assert_eq!(m["backlog"], 1);
    assert_eq!(m["reopen_rate"]["percent"], 0.0);
    let check = run_ok(&["check", "-w", dir.path().to_str().unwrap()]);
    assert!(
        check.contains("1 events of ticket `E9`, which the ticket source does not hold"),
        "{check}"
    );
}

#[test]
fn paused_time_in_hours_or_h_mm_and_reopenings_known_by_a_time() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("data/tickets.csv"),
        "id,created,resolved,priority,waiting,reopened_on\n\
         U1,2026-07-01 09:00,2026-07-01 13:00,P2,1:30,\n\
         U2,2026-07-01 09:00,2026-07-01 13:00,P2,0:45,2026-07-01 12:00\n",
    );
    write(
        &dir.path().join("reviewpack.yaml"),
        &config(
            r#"  psa:
    path: data/tickets.csv
    timestamps: {format: "%Y-%m-%d %H:%M"}
    constants: {client: acme}
    units: {paused_minutes: "h:mm"}
    columns: {id: id, created: created, resolved: resolved, priority: priority, paused_minutes: waiting, reopened_at: reopened_on}"#,
        ),
    );
    let report = kpis(dir.path(), "2026-07");
    let m = &report["metrics"];
    // 240 − 90 and 240 − 45.
    assert_eq!(m["resolution_time"]["mean"], (150.0 + 195.0) / 2.0);
    assert_eq!(m["reopen_rate"]["numerator"], 1);
    assert_eq!(m["reopen_rate"]["denominator"], 2);
    // Hours, with a decimal comma.
    let text = std::fs::read_to_string(dir.path().join("reviewpack.yaml"))
        .unwrap()
        .replace("\"h:mm\"", "hours")
        .replace(
            "constants: {client: acme}",
            "constants: {client: acme}\n    csv: {delimiter: \";\", decimal_comma: true}",
        );
    std::fs::write(dir.path().join("reviewpack.yaml"), text).unwrap();
    write(
        &dir.path().join("data/tickets.csv"),
        "id;created;resolved;priority;waiting;reopened_on\n\
         U1;2026-07-01 09:00;2026-07-01 13:00;P2;1,5;\n",
    );
    let report = kpis(dir.path(), "2026-07");
    assert_eq!(report["metrics"]["resolution_time"]["mean"], 150.0);
}

#[test]
fn first_touch_is_known_only_from_known_facts_and_the_rule_is_stated() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("data/tickets.csv"),
        "id,created,resolved,priority,reassigned,reopens\n\
         F1,2026-07-01 09:00,2026-07-01 10:00,P3,0,0\n\
         F2,2026-07-01 09:00,2026-07-01 10:00,P3,1,0\n\
         F3,2026-07-01 09:00,2026-07-01 10:00,P3,0,\n\
         F4,2026-07-01 09:00,2026-07-01 10:00,P3,,0\n",
    );
    let source = r#"  psa:
    path: data/tickets.csv
    timestamps: {format: "%Y-%m-%d %H:%M"}
    constants: {client: acme}
    columns: {id: id, created: created, resolved: resolved, priority: priority, reassignments: reassigned, reopens: reopens}"#;
    write(&dir.path().join("reviewpack.yaml"), &config(source));
    let report = kpis(dir.path(), "2026-07");
    // Derived from reassignments and reopens: F1 yes, F2 no; F3 and F4 lack a fact: left out.
    let rate = &report["metrics"]["first_touch_resolution"];
    assert_eq!(
        (&rate["numerator"], &rate["denominator"]),
        (&1.into(), &2.into())
    );
    assert_eq!(
        report["inputs"]["first_touch"],
        serde_json::json!([{"source": "derived", "from": ["reassignments", "reopens"]}])
    );
    // Off: no data, whatever the export holds.
    write(
        &dir.path().join("reviewpack.yaml"),
        &config(&format!("{source}\n    first_touch: off")),
    );
    let report = kpis(dir.path(), "2026-07");
    assert!(report["metrics"]["first_touch_resolution"]["percent"].is_null());
    assert!(report["inputs"]["unavailable"]["first_touch_resolution"].is_object());
    // A rule naming a fact the export lacks is a configuration error at its line.
    write(
        &dir.path().join("reviewpack.yaml"),
        &config(&format!("{source}\n    first_touch: [escalation]")),
    );
    let output = run(&["check", "-w", dir.path().to_str().unwrap()]);
    let text = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(text.contains("sources.psa.first_touch"), "{text}");
    assert!(text.contains("derived from `escalation`"), "{text}");
}

#[test]
fn per_priority_results_are_keyed_and_present_in_an_empty_period() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("data/tickets.csv"),
        "id,created,resolved,priority\nP1,2026-07-01 09:00,2026-07-01 10:00,P1\n",
    );
    write(
        &dir.path().join("reviewpack.yaml"),
        &config(
            r#"  psa:
    path: data/tickets.csv
    timestamps: {format: "%Y-%m-%d %H:%M"}
    constants: {client: acme}
    columns: {id: id, created: created, resolved: resolved, priority: priority}"#,
        ),
    );
    let july = kpis(dir.path(), "2026-07");
    assert_eq!(july["metrics"]["priorities"]["P1"]["created"], 1);
    assert_eq!(
        july["metrics"]["priorities"]["P1"]["resolution_sla"]["met"],
        1
    );
    let empty = kpis(dir.path(), "2026-05");
    for p in ["P1", "P2", "P3"] {
        let entry = &empty["metrics"]["priorities"][p];
        assert_eq!(entry["created"], 0, "{p}: {entry}");
        assert_eq!(entry["resolved"], 0, "{p}: {entry}");
        assert_eq!(entry["backlog"], 0, "{p}: {entry}");
        assert!(entry["response_sla"]["percent"].is_null(), "{p}");
    }
}
