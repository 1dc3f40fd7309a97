//! The real ServiceNow event log (UCI #498, "Incident management process enriched event log",
//! Amaral, Fantinato, Reijers, Peres; DOI 10.24432/C57S4H; CC BY 4.0) read through the committed
//! `servicenow` mapping, with figures checked against an independent script and against values
//! computed once by hand from the raw file.

mod common;

use common::{close, python, repo, run, run_ok, shared_data, write};
use serde_json::Value;

fn workspace(dir: &std::path::Path, pauses: bool) -> String {
    let data = shared_data("servicenow-uci/incident_event_log.csv.gz");
    let fixture =
        std::fs::read_to_string(repo().join("tests/fixtures/servicenow-uci/reviewpack.yaml"))
            .expect("fixture");
    let mut text: String = fixture
        .lines()
        .map(|line| {
            if line.trim_start().starts_with("path:") {
                format!("    path: {}", data.display())
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    if pauses {
        text = text.replace(
            "pauses: []",
            "pauses:\n        - statuses: [paused]\n          targets: [resolution]",
        );
    }
    write(&dir.join("reviewpack.yaml"), &text);
    dir.to_str().unwrap().to_string()
}

fn kpis(ws: &str, period: &str) -> Value {
    serde_json::from_str(&run_ok(&[
        "kpis", "-w", ws, "--client", "uci", "--period", period, "--format", "json",
    ]))
    .expect("json")
}

/// Without the export's `resolved_at`, the preset derives resolution from the status history:
/// the last event in Resolved, which is what ServiceNow itself records as `resolved_at`.
#[test]
fn resolution_derived_from_the_history_is_servicenows_own() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), false);
    let config = std::path::Path::new(&ws).join("reviewpack.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("preset: servicenow"), "{text}");
    let text = text.replace(
        "preset: servicenow",
        "preset: servicenow\n    columns: {resolved: \"\"}",
    );
    std::fs::write(&config, text).unwrap();
    let data = shared_data("servicenow-uci/incident_event_log.csv.gz");
    let derived: Value = serde_json::from_str(&python(
        "servicenow_uci.py",
        &[data.to_str().unwrap(), "--derive-resolution"],
    ))
    .unwrap();
    let exported: Value =
        serde_json::from_str(&python("servicenow_uci.py", &[data.to_str().unwrap()])).unwrap();
    let march = kpis(&ws, "2016-03");
    let ours = &march["metrics"]["resolution_time"];
    assert_eq!(
        march["metrics"]["resolved"],
        derived["resolution_minutes_2016_03"]["count"]
    );
    for stat in ["mean", "median", "p90"] {
        let theirs = derived["resolution_minutes_2016_03"][stat].as_f64();
        close(stat, ours[stat].as_f64(), theirs, 0.01);
        // ServiceNow's own resolved_at gives the same figures.
        close(
            stat,
            theirs,
            exported["resolution_minutes_2016_03"][stat].as_f64(),
            0.0,
        );
    }
}

#[test]
fn servicenow_event_log_figures_match_independent_computation() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), false);
    let data = shared_data("servicenow-uci/incident_event_log.csv.gz");
    let theirs: Value =
        serde_json::from_str(&python("servicenow_uci.py", &[data.to_str().unwrap()])).unwrap();
    let march = kpis(&ws, "2016-03");
    let april = kpis(&ws, "2016-04");
    // Counted once from the raw file (see tests/independent/servicenow_uci.py), and again now.
    assert_eq!(march["metrics"]["created"], 8995);
    assert_eq!(theirs["opened_2016_03"], 8995);
    assert_eq!(april["metrics"]["resolved"], 8241);
    assert_eq!(theirs["resolved_2016_04"], 8241);
    assert_eq!(april["data_quality"]["tickets_accepted"], 24918);
    // The PSA's own verdict (`made_sla`) among incidents resolved in April 2016.
    let made_sla = april["metrics"]["resolution_sla"]["percent"].as_f64();
    close(
        "made_sla share",
        made_sla,
        theirs["made_sla_share_resolved_2016_04"].as_f64(),
        0.05,
    );
    close("made_sla share (hand)", made_sla, Some(73.8017), 0.001);
    // Median resolution time (24×7, no pauses), minutes.
    let resolution = &april["metrics"]["resolution_time"];
    close(
        "median resolution",
        resolution["median"].as_f64(),
        Some(224.0),
        0.0,
    );
    for stat in ["mean", "median", "p90"] {
        close(
            stat,
            resolution[stat].as_f64(),
            theirs["resolution_minutes_2016_04"][stat].as_f64(),
            1.0,
        );
    }
    for stat in ["median", "p90"] {
        close(
            stat,
            march["metrics"]["response_time"][stat].as_f64(),
            theirs["response_minutes_2016_03"][stat].as_f64(),
            1.0,
        );
    }
    close(
        "reopen rate",
        april["metrics"]["reopen_rate"]["percent"].as_f64(),
        theirs["reopen_rate_2016_04"].as_f64(),
        0.05,
    );
    close(
        "escalation rate",
        april["metrics"]["escalation_rate"]["percent"].as_f64(),
        theirs["escalation_rate_2016_04"].as_f64(),
        0.05,
    );
    assert_eq!(april["metrics"]["backlog"], theirs["backlog_2016_05_01"]);
}

#[test]
fn pauses_derived_from_the_status_history_are_removed_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), true);
    let data = shared_data("servicenow-uci/incident_event_log.csv.gz");
    let theirs: Value = serde_json::from_str(&python(
        "servicenow_uci.py",
        &[data.to_str().unwrap(), "--pauses"],
    ))
    .unwrap();
    let april = kpis(&ws, "2016-04");
    for stat in ["mean", "median", "p90"] {
        close(
            stat,
            april["metrics"]["resolution_time"][stat].as_f64(),
            theirs["resolution_minutes_2016_04"][stat].as_f64(),
            1.0,
        );
    }
    // Pauses shorten resolution times: the median falls from 224 to 117 minutes.
    close(
        "median with pauses",
        april["metrics"]["resolution_time"]["median"].as_f64(),
        Some(117.0),
        0.0,
    );
}

#[test]
fn check_reports_the_unknown_status_rows_of_the_real_log() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), false);
    let output = run(&["check", "-w", &ws, "--format", "json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["rows_read"], 141712);
    let unknown = report["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["reason"] == "unknown_status")
        .expect("unknown status reported");
    assert_eq!(unknown["count"], 5);
    assert!(
        unknown["example"].as_str().unwrap().contains("row 115643"),
        "{unknown}"
    );
}
