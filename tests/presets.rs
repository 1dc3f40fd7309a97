//! Every built-in preset reads its PSA's export as the PSA writes it (field names, nested JSON
//! objects, numeric picklists, envelopes, null-date sentinels, month-name dates, remaining-time
//! SLA cells): the fixture export through the preset gives the same KPIs as the same tickets in
//! a plain CSV with a plain mapping, and the numbers pinned here. The fixtures are written by
//! `tests/fixtures/presets/make.py`.

mod common;

use std::path::Path;

use common::{copy_dir, kpis_json, repo, run};
use serde_json::Value;

const PRESETS: &[&str] = &[
    "connectwise",
    "autotask",
    "halopsa",
    "freshservice",
    "jira",
    "zendesk",
];

fn kpis(ws: &Path, client: &str, verdict_psa: bool) -> Value {
    if verdict_psa {
        let config = ws.join("reviewpack.yaml");
        let text = std::fs::read_to_string(&config).unwrap();
        if !text.contains("verdict: psa") {
            let changed = text.replace("  sla:\n", "  sla:\n    verdict: psa\n");
            assert_ne!(changed, text, "the PSA verdict was not switched on");
            std::fs::write(&config, changed).unwrap();
        }
    }
    kpis_json(ws, client, "2026-Q3", "2026-10-05")
}

/// The figures a reader sees: every standard metric and every KPI's value and sample.
fn figures(report: &Value) -> Value {
    let kpis: Vec<Value> = report["csfs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|csf| csf["kpis"].as_array().unwrap().clone())
        .map(|k| serde_json::json!([k["id"], k["value"], k["sample_size"], k["missing_input"]]))
        .collect();
    serde_json::json!({"metrics": report["metrics"], "kpis": kpis})
}

fn workspaces(preset: &str) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let fixture = repo().join("tests/fixtures/presets").join(preset);
    let vendor = temp.path().join("vendor");
    let plain = temp.path().join("plain");
    copy_dir(&fixture.join("vendor"), &vendor);
    copy_dir(&fixture.join("plain"), &plain);
    (temp, vendor, plain)
}

#[test]
fn each_preset_gives_the_kpis_of_the_same_tickets_in_a_plain_csv() {
    for preset in PRESETS {
        let (_temp, vendor, plain) = workspaces(preset);
        let check = run(&["check", "-w", vendor.to_str().unwrap()]);
        let report = String::from_utf8_lossy(&check.stdout);
        assert!(
            check.status.success(),
            "{preset}: check failed:\n{report}{}",
            String::from_utf8_lossy(&check.stderr)
        );
        // Every row read as written: no value fell back to "unknown" or was dropped.
        assert_eq!(
            report.matches("0 rows rejected, 0 warnings").count(),
            2,
            "{preset}: {report}"
        );
        let mut computed: Vec<Value> = Vec::new();
        let mut differs = false;
        for verdict_psa in [false, true] {
            for client in ["acme", "globex"] {
                let ours = figures(&kpis(&vendor, client, verdict_psa));
                let plain_figures = figures(&kpis(&plain, client, verdict_psa));
                assert_eq!(
                    ours, plain_figures,
                    "{preset}, {client}, verdict psa {verdict_psa}: the preset and the plain mapping disagree"
                );
                // Not two empty reports: tickets were read and timed — the fixture's counts
                // (make.py's tickets, counted in Python: acme 27 created and 13 resolved in the
                // quarter, globex 22 and 15).
                let (created, resolved) = if client == "acme" { (27, 13) } else { (22, 15) };
                assert_eq!(ours["metrics"]["created"], created, "{preset} {client}");
                assert_eq!(ours["metrics"]["resolved"], resolved, "{preset} {client}");
                assert!(
                    ours["metrics"]["response_sla"]["percent"].is_number(),
                    "{preset} {client}: {ours}"
                );
                assert!(
                    ours["metrics"]["resolution_sla"]["total"].as_u64().unwrap() > 0,
                    "{preset} {client}: {ours}"
                );
                if verdict_psa {
                    differs |= ours != computed.remove(0);
                } else {
                    computed.push(ours);
                }
            }
        }
        // The export's own verdicts were read and used (Freshservice and Zendesk export none).
        assert_eq!(
            differs,
            !["freshservice", "zendesk"].contains(preset),
            "{preset}"
        );
    }
}

#[test]
fn the_figures_of_the_fixture_are_pinned() {
    // Counted from tests/fixtures/presets/make.py's tickets (acme, Q3 2026, as of 2026-10-05).
    let (_temp, vendor, _plain) = workspaces("connectwise");
    let report = kpis(&vendor, "acme", false);
    let m = &report["metrics"];
    assert_eq!(m["created"], 27);
    assert_eq!(m["resolved"], 13);
    assert_eq!(m["backlog"], 15);
    assert_eq!(m["response_sla"]["met"], 13);
    assert_eq!(m["response_sla"]["total"], 27);
    assert_eq!(m["resolution_time"]["median"], 4570.0);
    assert_eq!(m["volume_by_type"]["incident"], 16);
    assert_eq!(m["volume_by_priority"]["P1"], 9);
    // The PSA's own verdict beside the computed one: isInSla true on 2 of the 13 tickets
    // resolved in the quarter (counted from tickets.json with Python), against 0 of 13 on
    // reviewpack's clock.
    assert_eq!(m["psa_resolution_sla"]["numerator"], 2);
    assert_eq!(m["psa_resolution_sla"]["denominator"], 13);
    assert_eq!(m["resolution_sla"]["met"], 0);
    // ConnectWise exports no response verdict: no data, not 0.
    assert!(m["psa_response_sla"]["percent"].is_null());
}

#[test]
fn json_lines_and_gzip_read_like_the_array() {
    use std::io::Write;
    let (_temp, vendor, _plain) = workspaces("connectwise");
    let before = figures(&kpis(&vendor, "globex", false));
    let array: Vec<Value> =
        serde_json::from_slice(&std::fs::read(vendor.join("data/tickets.json")).unwrap()).unwrap();
    let mut lines = String::new();
    for record in &array {
        lines.push_str(&serde_json::to_string(record).unwrap());
        lines.push('\n');
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(lines.as_bytes()).unwrap();
    std::fs::write(vendor.join("data/tickets.jsonl.gz"), gz.finish().unwrap()).unwrap();
    std::fs::remove_file(vendor.join("data/tickets.json")).unwrap();
    let config = vendor.join("reviewpack.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("data/tickets.json", "data/tickets.jsonl.gz"),
    )
    .unwrap();
    assert_eq!(figures(&kpis(&vendor, "globex", false)), before);
}

#[test]
fn month_names_of_another_language_read_like_english_ones() {
    let (_temp, vendor, _plain) = workspaces("jira");
    let before = figures(&kpis(&vendor, "acme", false));
    let export = vendor.join("data/issues.csv");
    let mut text = std::fs::read_to_string(&export).unwrap();
    for (en, it) in [
        ("/Jun/", "/giu/"),
        ("/Jul/", "/lug/"),
        ("/Aug/", "/ago/"),
        ("/Sep/", "/set/"),
        ("/Oct/", "/ott/"),
    ] {
        text = text.replace(en, it);
    }
    assert!(text.contains("/lug/") && !text.contains("/Jul/"));
    std::fs::write(&export, text).unwrap();
    // Without the language the dates do not read…
    let check = run(&["check", "-w", vendor.to_str().unwrap()]);
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(
        report.contains("does not match the date format"),
        "{report}"
    );
    // …with it, the figures are the English export's.
    let config = vendor.join("reviewpack.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap().replace(
        "    preset: jira\n",
        "    preset: jira\n    timestamps: {months: it}\n",
    );
    std::fs::write(&config, yaml).unwrap();
    assert_eq!(figures(&kpis(&vendor, "acme", false)), before);
}

#[test]
fn a_client_id_combined_from_two_columns() {
    let (_temp, vendor, _plain) = workspaces("connectwise");
    let before = figures(&kpis(&vendor, "globex", false));
    let config = vendor.join("reviewpack.yaml");
    let yaml = std::fs::read_to_string(&config)
        .unwrap()
        .replace(
            "    preset: connectwise\n",
            "    preset: connectwise\n    columns: {client: \"\"}\n    combine:\n      client: {columns: [company.identifier, recordType], separator: \"@\"}\n",
        )
        .replace("[\"AcmeLtd\"]", "[\"AcmeLtd@ServiceTicket\"]")
        .replace("[\"Globex\"]", "[\"Globex@ServiceTicket\"]");
    assert!(yaml.contains("Globex@ServiceTicket"), "{yaml}");
    std::fs::write(&config, &yaml).unwrap();
    assert_eq!(figures(&kpis(&vendor, "globex", false)), before);
    // Matched on the joined value: the bare identifier no longer names the client.
    std::fs::write(
        &config,
        yaml.replace("[\"Globex@ServiceTicket\"]", "[\"Globex\"]"),
    )
    .unwrap();
    let check = run(&["check", "-w", vendor.to_str().unwrap()]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(text.contains("Globex@ServiceTicket"), "{text}");
}

#[test]
fn check_lists_every_unknown_value_to_map_at_once() {
    let (_temp, vendor, _plain) = workspaces("halopsa");
    let export = vendor.join("data/tickets.json");
    let text = std::fs::read_to_string(&export)
        .unwrap()
        .replace("\"In Progress\"", "\"Assigned to Tech\"")
        .replace("\"Waiting on User\"", "\"Awaiting Parts\"");
    std::fs::write(&export, text).unwrap();
    let check = run(&["check", "-w", vendor.to_str().unwrap()]);
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(
        report.contains("values to map (2 distinct): `Assigned to Tech` ("),
        "{report}"
    );
    assert!(report.contains("`Awaiting Parts` ("), "{report}");
}
