//! KPIs from other systems' measurements (`kind: measurements`): ratios, means, sums, the last
//! value and availability from outage intervals with maintenance windows, checked against an
//! independent Python computation (availability minute by minute), with "no data" for a client
//! the other system does not cover, and the KPIs in a built pack.

mod common;

use std::path::Path;

use common::{build_pack, close, kpis_json, pdf_text, python, run, write};
use serde_json::Value;

const TICKETS: &str = "\
id,company,created,priority
T1,Acme,2026-07-01 09:00,P3
T2,Globex,2026-07-02 09:00,P3
";

const VALUES: &str = "\
client,measure,date,value,of
Acme,backup_jobs,2026-06-30,10,30
Acme,backup_jobs,2026-07-01,28,30
Acme,backup_jobs,2026-08-15,30,30
Acme,backup_jobs,2026-09-30,25,30
Acme,backup_jobs,2026-10-01,1,30
Acme,patch_compliance,2026-07,180,200
Acme,patch_compliance,2026-09,150,200
Acme,patch_compliance,2026-08,190,200
Acme,hours_logged,2026-07,30,
Acme,hours_logged,2026-08,42.5,
Acme,hours_logged,2026-09,,
Globex,backup_jobs,2026-07-01,0,30
";

const OUTAGES: &str = "\
client,measure,start,end
Acme,server_down,2026-06-30T22:00:00Z,2026-07-01T01:00:00Z
Acme,server_down,2026-08-02T00:30:00Z,2026-08-02T02:30:00Z
Acme,server_down,2026-09-10T10:00:00Z,2026-09-10T12:00:00Z
Acme,server_down,2026-09-10T11:00:00Z,2026-09-10T13:00:00Z
Acme,server_down,2026-10-25T00:30:00Z,2026-10-25T02:30:00Z
Acme,server_down,2026-11-03T09:00:00Z,
Acme,server_down,2026-11-10T10:00:00Z,2026-11-10T10:30:00Z
";

const CONFIG: &str = r#"msp:
  name: Test MSP
defaults:
  timezone: Europe/London
calendars:
  maint:
    hours: {sun: "02:00-04:00"}
sources:
  psa:
    path: data/tickets.csv
    timestamps: {format: "%Y-%m-%d %H:%M"}
    columns: {id: id, client: company, created: created, priority: priority}
  monitoring:
    kind: measurements
    path: data/values.csv
    columns: {client: client, measure: measure, date: date, value: value, of: of}
  outages:
    kind: measurements
    path: data/outages.csv
    columns: {client: client, measure: measure, start: start, end: end}
clients:
  - id: acme
    name: Acme
    match_values: [Acme]
    csfs: &csfs
    - name: Infrastructure
      kpis:
        - {id: backup-success, name: Backup success, measurement: {name: backup_jobs, aggregate: ratio}, target: 95%, direction: higher}
        - {id: backup-mean, name: Backup jobs succeeded per day, measurement: {name: backup_jobs, aggregate: mean}}
        - {id: patch-compliance, name: Patch compliance, measurement: {name: patch_compliance, aggregate: ratio}, target: 90%, direction: higher}
        - {id: patch-last, name: Devices patched (last month), measurement: {name: patch_compliance, aggregate: last}}
        - {id: hours-logged, name: Hours logged, measurement: {name: hours_logged, aggregate: sum}, target: 80, direction: lower}
        - {id: availability, name: Server availability, measurement: {name: server_down, aggregate: availability, maintenance: maint}, target: 99.9%}
  - id: globex
    name: Globex
    match_values: [Globex]
    csfs: *csfs
"#;

fn workspace(dir: &Path) -> std::path::PathBuf {
    let ws = dir.join("ws");
    write(&ws.join("reviewpack.yaml"), CONFIG);
    write(&ws.join("data/tickets.csv"), TICKETS);
    write(&ws.join("data/values.csv"), VALUES);
    write(&ws.join("data/outages.csv"), OUTAGES);
    ws
}

/// Acme's figures for `[start, end)` cut at the end of `as_of`, by the independent script.
fn independent(ws: &Path, start: &str, end: &str, as_of: &str) -> Value {
    let values = ws.join("data/values.csv");
    let outages = ws.join("data/outages.csv");
    let out = python(
        "measurements.py",
        &[
            values.to_str().unwrap(),
            outages.to_str().unwrap(),
            "Acme",
            "Europe/London",
            start,
            end,
            as_of,
        ],
    );
    serde_json::from_str(&out).unwrap()
}

fn kpi<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["csfs"][0]["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == id)
        .unwrap_or_else(|| panic!("no KPI {id}"))
}

#[test]
fn measurement_kpis_equal_an_independent_computation() {
    let temp = tempfile::tempdir().unwrap();
    let ws = workspace(temp.path());
    let check = run(&["check", "-w", ws.to_str().unwrap(), "--client", "acme"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let report = kpis_json(&ws, "acme", "2026-Q3", "2026-10-05");
    let expected = independent(&ws, "2026-07-01", "2026-10-01", "2026-10-05");
    for (id, value) in expected.as_object().unwrap() {
        close(id, kpi(&report, id)["value"].as_f64(), value.as_f64(), 1e-9);
    }
    // Figures a reader can check by hand: 83 of 90 jobs; 3 h of outage outside maintenance
    // merged from two overlapping ones, 1 h before the quarter left out.
    close(
        "backup",
        kpi(&report, "backup-success")["value"].as_f64(),
        Some(8300.0 / 90.0),
        1e-9,
    );
    assert_eq!(kpi(&report, "backup-success")["sample_size"], 3);
    // 92.2 % against 95 %: within the default at-risk band (10 % of the target).
    assert_eq!(kpi(&report, "backup-success")["status"], "at_risk");
    assert_eq!(kpi(&report, "hours-logged")["value"], 72.5);
    // The sample is the measure's rows (a quarter without outages is still measured).
    assert_eq!(kpi(&report, "availability")["sample_size"], 7);
    // A second run reads the export cache: the same figures.
    assert!(ws.join(".reviewpack-cache").exists());
    assert_eq!(
        kpis_json(&ws, "acme", "2026-Q3", "2026-10-05")["csfs"],
        report["csfs"]
    );
    // The quarter before: one backup day (10 of 30).
    close(
        "previous",
        kpi(&report, "backup-success")["previous"].as_f64(),
        Some(100.0 / 3.0),
        1e-9,
    );
}

#[test]
fn availability_across_a_clock_change_with_an_open_outage_and_an_as_of_inside_the_quarter() {
    // Q4 2026 in London: the clocks go back at 02:00 on Sunday 25 October, inside the
    // maintenance window; an outage without an end lasts until the file's latest instant; the
    // quarter is cut at the as-of date.
    let temp = tempfile::tempdir().unwrap();
    let ws = workspace(temp.path());
    let report = kpis_json(&ws, "acme", "2026-Q4", "2026-11-20");
    let expected = independent(&ws, "2026-10-01", "2027-01-01", "2026-11-20");
    close(
        "availability",
        kpi(&report, "availability")["value"].as_f64(),
        expected["availability"].as_f64(),
        1e-9,
    );
    // A week of open outage: well below the target.
    assert!(kpi(&report, "availability")["value"].as_f64().unwrap() < 90.0);
}

#[test]
fn check_names_a_measure_no_row_holds() {
    let temp = tempfile::tempdir().unwrap();
    let ws = workspace(temp.path());
    let config = std::fs::read_to_string(ws.join("reviewpack.yaml"))
        .unwrap()
        .replace("name: server_down", "name: server_dwn");
    std::fs::write(ws.join("reviewpack.yaml"), config).unwrap();
    let check = run(&["check", "-w", ws.to_str().unwrap(), "--client", "acme"]);
    let text = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{text}");
    assert!(
        text.contains(
            "no measurement of `server_dwn` for this client — did you mean `server_down`?"
        ),
        "{text}"
    );
}

#[test]
fn quarters_before_the_outage_file_begins_are_no_data_not_100_percent() {
    let temp = tempfile::tempdir().unwrap();
    let ws = workspace(temp.path());
    // The outage file begins on 30 June 2026: Q1 2026 is not known to have been up.
    let report = kpis_json(&ws, "acme", "2026-Q1", "2026-10-05");
    assert!(kpi(&report, "availability")["value"].is_null());
    // A constant measure name reads a file without a measure column, with the same figure.
    let before = kpi(
        &kpis_json(&ws, "acme", "2026-Q3", "2026-10-05"),
        "availability",
    )
    .clone();
    let outages = std::fs::read_to_string(ws.join("data/outages.csv")).unwrap();
    let without: String = outages
        .lines()
        .map(|l| {
            let mut cells: Vec<&str> = l.split(',').collect();
            cells.remove(1);
            format!("{}\n", cells.join(","))
        })
        .collect();
    std::fs::write(ws.join("data/outages.csv"), without).unwrap();
    let config = std::fs::read_to_string(ws.join("reviewpack.yaml")).unwrap().replace(
        "    columns: {client: client, measure: measure, start: start, end: end}",
        "    constants: {measure: server_down}\n    columns: {client: client, start: start, end: end}",
    );
    std::fs::write(ws.join("reviewpack.yaml"), config).unwrap();
    let after = kpi(
        &kpis_json(&ws, "acme", "2026-Q3", "2026-10-05"),
        "availability",
    )
    .clone();
    assert!(before["value"].is_number(), "{before}");
    assert_eq!(after["value"], before["value"]);
}

#[test]
fn a_client_the_other_system_does_not_cover_has_no_data_not_100_percent() {
    let temp = tempfile::tempdir().unwrap();
    let ws = workspace(temp.path());
    let report = kpis_json(&ws, "globex", "2026-Q3", "2026-10-05");
    // Globex is in the backup export (a real 0 %)…
    assert_eq!(kpi(&report, "backup-success")["value"], 0.0);
    // …but has no outage rows at all: availability is no data, never 100 %.
    assert!(kpi(&report, "availability")["value"].is_null());
    assert_eq!(kpi(&report, "availability")["status"], "no_data");
    assert!(kpi(&report, "patch-compliance")["value"].is_null());
    // Without any measurements source, the KPIs say which input is missing.
    let config = std::fs::read_to_string(ws.join("reviewpack.yaml")).unwrap();
    let start = config.find("  monitoring:").unwrap();
    let end = config.find("clients:").unwrap();
    let without = format!("{}{}", &config[..start], &config[end..]);
    std::fs::write(ws.join("reviewpack.yaml"), without).unwrap();
    let report = kpis_json(&ws, "acme", "2026-Q3", "2026-10-05");
    let k = kpi(&report, "backup-success");
    assert!(k["value"].is_null());
    assert_eq!(k["missing_input"]["input"], "measurements");
}

#[test]
fn measurement_kpis_reach_the_pack_with_their_definitions() {
    let temp = tempfile::tempdir().unwrap();
    let ws = workspace(temp.path());
    let pack = build_pack(&ws, "acme", "qbr", "2026-Q3", &temp.path().join("out"));
    let text = pdf_text(&pack.join("pack.pdf"));
    assert!(text.contains("Backup success"), "{text}");
    assert!(text.contains("92.2%"), "{text}");
    assert!(text.contains("Server availability"), "{text}");
    assert!(
        text.contains("maintenance windows of the calendar"),
        "{text}"
    );
    // Its recommendations do not speak of tickets for a CSF held back by measurements.
    assert!(text.contains("come from another system"), "{text}");
    // The maintenance calendar is listed with the others in the methodology.
    assert!(text.contains("maint: Sun 02:00"), "{text}");
}
