//! "No data is never 0": for every built-in metric, a workspace whose export lacks the metric's
//! input must show the metric as no data — in `kpis`, in `check`, in the breach list, in the
//! CSF roll-up, and in the PDF and HTML packs — while the same workspace with the input mapped
//! shows a value (so each assertion can fail).

mod common;

use std::path::{Path, PathBuf};

use common::{build_pack, html_text, pdf_text, run, run_ok, write};
use serde_json::Value;

const TICKETS: &str = "\
id,company,created,first_response,resolved,closed,priority,status,type,category,title,tier,escalated,reassignments,reopens,first_touch,csat,response_met,resolution_met
T1,Acme,2026-07-01 09:00,2026-07-01 09:05,2026-07-01 11:00,2026-07-02 11:00,P1,Closed,Incident,Network,VPN down,1,no,0,0,yes,5,yes,yes
T2,Acme,2026-07-02 09:00,2026-07-02 10:30,2026-07-03 09:00,,P1,Resolved,Incident,Network,Switch failure,2,yes,1,0,no,2,no,no
T3,Acme,2026-07-10 10:00,2026-07-10 10:10,2026-07-10 12:00,,P2,Resolved,Request,Accounts,New laptop,1,no,0,1,no,4,yes,yes
T4,Acme,2026-08-03 08:00,,,,P2,Open,Incident,Email,Mailbox full,1,no,0,0,,,,
T5,Acme,2026-08-04 08:00,2026-08-04 08:10,2026-08-04 09:00,,P3,Resolved,Request,Accounts,Password reset,1,no,0,0,yes,5,yes,yes
T6,Acme,2026-09-01 09:00,2026-09-01 09:20,2026-09-05 09:00,,P3,Resolved,Incident,Printing,Printer on fire,2,yes,2,0,no,3,yes,no
T7,Acme,2026-09-02 09:00,2026-09-02 09:01,,,P1,Open,Incident,Network,Firewall alarm,1,no,0,0,,,yes,
T8,Acme,2026-06-20 09:00,2026-06-20 09:03,2026-06-21 09:00,,P2,Resolved,Incident,Email,Spam wave,1,no,0,0,yes,4,yes,yes
";

/// Every built-in metric, named so its scorecard row can be found in the PDF and HTML.
const METRICS: &[&str] = &[
    "volume",
    "response_time.mean",
    "response_time.median",
    "response_time.p90",
    "resolution_time.mean",
    "resolution_time.median",
    "resolution_time.p90",
    "response_sla",
    "resolution_sla",
    "first_touch_resolution",
    "escalation_rate",
    "reopen_rate",
    "backlog",
    "overdue_open",
    "csat.mean",
    "csat.satisfied",
    "tickets_per_user",
    "tickets_per_endpoint",
    "psa_response_sla",
    "psa_resolution_sla",
];

/// One input taken away: the mapping lines removed and the metrics that must then be no data.
struct Variant {
    name: &'static str,
    drop: &'static [&'static str],
    no_data: &'static [&'static str],
}

const VARIANTS: &[Variant] = &[
    Variant {
        name: "no first response",
        drop: &["first_response:"],
        no_data: &[
            "response_time.mean",
            "response_time.median",
            "response_time.p90",
            "response_sla",
        ],
    },
    Variant {
        name: "no resolution",
        drop: &["resolved:", "closed:"],
        no_data: &[
            "resolution_time.mean",
            "resolution_time.median",
            "resolution_time.p90",
            "resolution_sla",
            "first_touch_resolution",
            "escalation_rate",
            "reopen_rate",
            "backlog",
            "overdue_open",
            "csat.mean",
            "csat.satisfied",
            "psa_resolution_sla",
        ],
    },
    Variant {
        name: "no first-touch facts",
        drop: &["first_touch:", "reassignments:"],
        no_data: &["first_touch_resolution"],
    },
    Variant {
        name: "no escalation facts",
        drop: &["tier:", "escalated:"],
        no_data: &["escalation_rate"],
    },
    Variant {
        name: "no reopenings",
        drop: &["reopens:"],
        no_data: &["reopen_rate"],
    },
    Variant {
        name: "no csat",
        drop: &["csat:"],
        no_data: &["csat.mean", "csat.satisfied"],
    },
    Variant {
        name: "no users",
        drop: &["users:"],
        no_data: &["tickets_per_user"],
    },
    Variant {
        name: "no PSA verdicts",
        drop: &["sla_response_met:", "sla_resolution_met:"],
        no_data: &["psa_response_sla", "psa_resolution_sla"],
    },
    Variant {
        name: "no endpoints",
        drop: &["endpoints:"],
        no_data: &["tickets_per_endpoint"],
    },
];

fn config() -> String {
    let mut kpis = String::new();
    for (index, metric) in METRICS.iter().enumerate() {
        let (target, direction) = match *metric {
            "volume" => ("100", "\n            direction: lower"),
            "backlog" | "overdue_open" => ("10", ""),
            m if m.starts_with("response_time") || m.starts_with("resolution_time") => ("8h", ""),
            "csat.mean" => ("4", ""),
            "tickets_per_user" | "tickets_per_endpoint" => ("1", ""),
            "escalation_rate" | "reopen_rate" => ("50%", ""),
            _ => ("50%", ""),
        };
        kpis.push_str(&format!(
            "          - id: k-{id}\n            name: {name}\n            metric: {metric}\n            target: {target}{direction}\n",
            id = metric.replace('.', "-"),
            name = short_name(index),
        ));
    }
    format!(
        r#"msp:
  name: Test MSP
defaults:
  timezone: Europe/Rome
sources:
  psa:
    path: data/tickets.csv
    timestamps: {{format: "%Y-%m-%d %H:%M"}}
    columns:
      id: id
      client: company
      created: created
      first_response: first_response
      resolved: resolved
      closed: closed
      priority: priority
      status: status
      type: type
      category: category
      title: title
      tier: tier
      escalated: escalated
      reassignments: reassignments
      reopens: reopens
      first_touch: first_touch
      csat: csat
      sla_response_met: response_met
      sla_resolution_met: resolution_met
    values:
      status: {{Open: open, Resolved: resolved, Closed: closed}}
clients:
  - id: acme
    name: Acme
    match_values: [Acme]
    size:
      users: 20
      endpoints: 30
    sla:
      targets:
        P1: {{response_target: 15m, resolution_target: 4h}}
        P2: {{response_target: 30m, resolution_target: 8h}}
        P3: {{response_target: 2h, resolution_target: 16h}}
    csfs:
      - id: everything
        name: Everything
        kpis:
{kpis}"#
    )
}

fn workspace(dir: &Path, drop: &[&str]) -> PathBuf {
    let text: String = config()
        .lines()
        .filter(|line| !drop.iter().any(|d| line.trim_start().starts_with(d)))
        .map(|line| format!("{line}\n"))
        .collect();
    write(&dir.join("reviewpack.yaml"), &text);
    write(&dir.join("data/tickets.csv"), TICKETS);
    dir.to_path_buf()
}

fn kpis(ws: &Path) -> Value {
    let text = run_ok(&[
        "kpis",
        "-w",
        ws.to_str().unwrap(),
        "--client",
        "acme",
        "--period",
        "2026-Q3",
        "--as-of",
        "2026-10-05",
        "--format",
        "json",
    ]);
    serde_json::from_str(&text).unwrap()
}

fn kpi<'a>(report: &'a Value, metric: &str) -> &'a Value {
    report["csfs"][0]["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["metric"] == metric)
        .unwrap_or_else(|| panic!("no KPI on {metric}"))
}

fn targets_of_breaches(report: &Value) -> Vec<String> {
    report["breaches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["target"].as_str().unwrap().to_string())
        .collect()
}

/// A short KPI name (`KPI07`) that never wraps in a table cell.
fn short_name(index: usize) -> String {
    format!("KPI{index:02}")
}

/// The text of a scorecard row: from the KPI's name to the next KPI's name.
fn row_after<'a>(text: &'a str, metric: &str) -> &'a str {
    let index = METRICS.iter().position(|m| m == &metric).unwrap();
    let name = format!("{} ", short_name(index));
    let start = text
        .find(&name)
        .unwrap_or_else(|| panic!("`{name}` is not in the text"));
    let rest = &text[start + name.len()..];
    let end = rest.find("KPI").unwrap_or(rest.len().min(300));
    &rest[..end]
}

#[test]
fn with_every_input_every_metric_has_a_value_and_both_kinds_of_breach_exist() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), &[]);
    let report = kpis(&ws);
    for metric in METRICS {
        let k = kpi(&report, metric);
        assert!(k["value"].is_number(), "{metric}: {k}");
        assert!(k["missing_input"].is_null(), "{metric}: {k}");
    }
    assert!(
        report["inputs"]["unavailable"]
            .as_object()
            .unwrap()
            .is_empty()
    );
    let targets = targets_of_breaches(&report);
    assert!(targets.iter().any(|t| t == "response"), "{targets:?}");
    assert!(targets.iter().any(|t| t == "resolution"), "{targets:?}");
    let check = run(&["check", "-w", ws.to_str().unwrap(), "--as-of", "2026-10-05"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[test]
fn a_metric_whose_input_no_source_provides_is_no_data_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    for variant in VARIANTS {
        let ws = workspace(
            &dir.path().join(variant.name.replace(' ', "-")),
            variant.drop,
        );
        let report = kpis(&ws);
        let unavailable = report["inputs"]["unavailable"].as_object().unwrap();
        for metric in METRICS {
            let k = kpi(&report, metric);
            if variant.no_data.contains(metric) {
                assert!(k["value"].is_null(), "{}: {metric} = {k}", variant.name);
                assert_eq!(k["status"], "no_data", "{}: {metric}", variant.name);
                assert!(k["missing_input"]["input"].is_string(), "{}", variant.name);
                assert!(
                    unavailable.contains_key(*metric),
                    "{}: {metric}",
                    variant.name
                );
            } else {
                assert!(k["value"].is_number(), "{}: {metric} = {k}", variant.name);
            }
        }
        // The CSF of all these KPIs is judged on the KPIs that have data.
        assert_ne!(report["csfs"][0]["status"], "no_data", "{}", variant.name);
        let breaches = targets_of_breaches(&report);
        if variant.drop.contains(&"first_response:") {
            assert!(!breaches.iter().any(|t| t == "response"), "{breaches:?}");
            assert!(report["metrics"]["response_sla"]["percent"].is_null());
        }
        if variant.drop.contains(&"resolved:") {
            assert!(!breaches.iter().any(|t| t == "resolution"), "{breaches:?}");
            assert!(report["metrics"]["backlog"].is_null());
        }
        // `check` names every KPI that cannot be fed, and fails.
        let check = run(&["check", "-w", ws.to_str().unwrap(), "--as-of", "2026-10-05"]);
        let text = String::from_utf8_lossy(&check.stdout);
        assert_eq!(check.status.code(), Some(1), "{}: {text}", variant.name);
        for metric in variant.no_data {
            assert!(
                text.contains(&format!("({metric}) needs")),
                "{}: check does not name {metric}:\n{text}",
                variant.name
            );
        }
        // The packs say "No data" on the KPI's scorecard row.
        let out = dir.path().join("out");
        let pack = build_pack(&ws, "acme", "qbr", "2026-Q3", &out);
        let pdf = pdf_text(&pack.join("pack.pdf"));
        let html = html_text(&pack.join("pack.html"));
        for metric in variant.no_data {
            for (format, text) in [("PDF", &pdf), ("HTML", &html)] {
                let row = row_after(text, metric);
                assert!(
                    row.starts_with("No data"),
                    "{}: {format} row of {metric} reads `{row}`",
                    variant.name
                );
            }
        }
    }
}

#[test]
fn a_custom_or_sql_kpi_on_a_missing_column_is_no_data() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), &["category:", "csat:"]);
    let mut text = std::fs::read_to_string(ws.join("reviewpack.yaml")).unwrap();
    text.push_str(
        r#"          - id: custom-share
            name: Network share
            custom: {aggregate: share, where: {category: Network}}
            target: 10%
            direction: lower
          - id: sql-csat
            name: SQL CSAT
            sql: "SELECT AVG(csat) FROM tickets"
            unit: score
            target: 4
            direction: higher
          - id: sql-count
            name: SQL count
            sql: "SELECT COUNT(*) FROM tickets WHERE priority = 'P1'"
            unit: count
            target: 10
            direction: lower
"#,
    );
    std::fs::write(ws.join("reviewpack.yaml"), text).unwrap();
    let report = kpis(&ws);
    let by_id = |id: &str| -> Value {
        report["csfs"][0]["kpis"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["id"] == id)
            .unwrap()
            .clone()
    };
    assert!(by_id("custom-share")["value"].is_null());
    assert_eq!(by_id("custom-share")["missing_input"]["input"], "category");
    assert!(by_id("sql-csat")["value"].is_null());
    assert_eq!(by_id("sql-csat")["missing_input"]["input"], "csat");
    assert_eq!(by_id("sql-count")["value"], 3.0);
}

#[test]
fn a_period_without_tickets_is_not_reassuring() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), &[]);
    let out = dir.path().join("out");
    let pack = build_pack(&ws, "acme", "qbr", "2025-Q1", &out);
    let pdf = pdf_text(&pack.join("pack.pdf"));
    let html = html_text(&pack.join("pack.html"));
    for text in [&pdf, &html] {
        assert!(
            text.contains("holds no ticket created or resolved in this period"),
            "{text}"
        );
        assert!(
            !text.contains("1 of 1 critical success factors met"),
            "{text}"
        );
    }
}

#[test]
fn the_as_of_date_shown_is_the_one_given() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), &[]);
    let out = dir.path().join("out");
    run_ok(&[
        "build",
        "-w",
        ws.to_str().unwrap(),
        "--client",
        "acme",
        "--period",
        "2026-Q3",
        "--as-of",
        "2026-10-05",
        "--format",
        "html",
        "--out",
        out.to_str().unwrap(),
    ]);
    let html = html_text(&out.join("acme/qbr-2026-Q3/pack.html"));
    assert!(html.contains("5 October 2026"), "{html}");
    assert!(!html.contains("6 October 2026"), "{html}");
}
