//! The CSI register and the findings: changes between published reviews appear in the next
//! pack; a malformed register is an error at its line and no pack is written; a finding's
//! evidence equals an independent computation from the export; text from the register, the
//! findings and the commentary of any level shows literally.

mod common;

use std::path::{Path, PathBuf};

use common::{
    build_pack as build, copy_dir, html_text, pdf_text, python, repo, run, run_ok, words_by_page,
    write,
};
use serde_json::Value;

fn sample(dir: &Path) -> PathBuf {
    let ws = dir.join("ws");
    copy_dir(&repo().join("sample-data"), &ws);
    ws
}

#[test]
fn the_sample_register_shows_what_changed_since_the_last_published_review() {
    let dir = tempfile::tempdir().unwrap();
    let ws = repo().join("sample-data");
    let pack = build(&ws, "acme", "monthly", "2026-09", dir.path());
    let text = html_text(&pack.join("pack.html"));
    assert!(
        text.contains("Modifiche dall'ultima revisione pubblicata, Revisione mensile del servizio agosto 2026."),
        "{text}"
    );
    let section = &text[text.find("Modifiche dall'ultima").unwrap()..];
    for (id, change) in [
        ("CSI-001", "Completata Completata"),
        ("CSI-003", "Aperta Scaduta"),
        ("CSI-004", "Abbandonata Abbandonata"),
        ("CSI-005", "Aperta Nuova"),
        ("CSI-002", "In corso In corso"),
    ] {
        let start = section
            .find(&format!("{id} "))
            .unwrap_or_else(|| panic!("{id}"));
        let end = section[start..]
            .char_indices()
            .nth(300)
            .map_or(section.len(), |(i, _)| start + i);
        let row = &section[start..end];
        let row = &row[..row[4..].find("CSI-").map_or(row.len(), |i| i + 4)];
        assert!(row.contains(change), "{id}: {row}");
    }
    let listed = run_ok(&[
        "csi",
        "list",
        "-w",
        ws.to_str().unwrap(),
        "--client",
        "acme",
        "--as-of",
        "2026-10-05",
        "--format",
        "json",
    ]);
    let listed: Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(listed["since"], "monthly-2026-08");
    let changes: Vec<&str> = listed["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["change"].as_str().unwrap())
        .collect();
    assert_eq!(
        changes,
        ["completed", "ongoing", "overdue", "dropped", "opened"]
    );
}

#[test]
fn a_change_between_two_published_reviews_appears_in_the_next_pack() {
    let dir = tempfile::tempdir().unwrap();
    let ws = sample(dir.path());
    std::fs::remove_dir_all(ws.join("history")).unwrap();
    let out = dir.path().join("out");
    let w = ws.to_str().unwrap();
    build(&ws, "northwind", "monthly", "2026-08", &out);
    run_ok(&[
        "publish",
        "-w",
        w,
        "--client",
        "northwind",
        "--level",
        "monthly",
        "--period",
        "2026-08",
        "--out",
        out.to_str().unwrap(),
    ]);
    let snapshot: Value = serde_json::from_slice(
        &std::fs::read(ws.join("history/northwind/monthly-2026-08.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(snapshot["csi"]["actions"][1]["status"], "in_progress");
    // Since then: CSI-002 done, a new action opened.
    let register = std::fs::read_to_string(ws.join("csi/northwind.yaml"))
        .unwrap()
        .replace("status: in_progress", "status: done")
        + "  - id: CSI-003\n    title: New action after the review\n    status: open\n";
    std::fs::write(ws.join("csi/northwind.yaml"), register).unwrap();
    let pack = build(&ws, "northwind", "monthly", "2026-09", &out);
    for text in [
        html_text(&pack.join("pack.html")),
        pdf_text(&pack.join("pack.pdf")),
    ] {
        assert!(
            text.contains(
                "Changes since the last published review, Monthly Service Review August 2026."
            ),
            "{text}"
        );
        assert!(text.contains("CSI-002"), "{text}");
        assert!(text.contains("Completed"), "{text}");
        assert!(text.contains("New action after the review"), "{text}");
        assert!(text.contains("New"), "{text}");
        // CSI-001 was due on 30 September and is still open at the cut-off.
        assert!(text.contains("Overdue"), "{text}");
    }
}

#[test]
fn a_malformed_register_is_an_error_at_its_line_and_no_pack_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let ws = sample(dir.path());
    let path = ws.join("csi/globex.yaml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replacen("status: open", "status: finished", 1)
        .replacen("csf: responsive-service-desk", "csf: responsive-desk", 1);
    std::fs::write(&path, text).unwrap();
    let out = dir.path().join("out");
    let output = run(&[
        "build",
        "-w",
        ws.to_str().unwrap(),
        "--client",
        "globex",
        "--level",
        "qbr",
        "--period",
        "2026-Q3",
        "--out",
        out.to_str().unwrap(),
    ]);
    let message = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(message.contains("csi/globex.yaml:5:10: `actions[0].csf`: `responsive-desk` is not a CSF of client `globex` (CSFs: responsive-service-desk,"), "{message}");
    assert!(
        message.contains("csi/globex.yaml:9:13: `actions[0].status`: unknown status `finished`"),
        "{message}"
    );
    assert!(!out.join("globex/qbr-2026-Q3").exists());
    let check = run(&["check", "-w", ws.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stdout).contains("csi/globex.yaml:9:13"));
}

/// Thirty P3 tickets of September 2026 on a 24×7 clock, a one-hour response target: the ten
/// opened on Monday mornings 08:00–10:00 are mostly answered late.
fn findings_workspace(dir: &Path, category: &str) -> PathBuf {
    let mut csv = String::from("id,created,first_response,priority,category,title\n");
    let mondays = [7, 14, 21, 28];
    let mut n = 0;
    for (k, minute) in [5, 40, 75, 100, 10, 50, 85, 110, 20, 60].iter().enumerate() {
        let day = mondays[k % 4];
        let created = format!("2026-09-{day:02} {:02}:{:02}", 8 + minute / 60, minute % 60);
        let late = k < 8;
        let answer = if late { 90 } else { 20 } + minute;
        let answered = format!("2026-09-{day:02} {:02}:{:02}", 8 + answer / 60, answer % 60);
        n += 1;
        csv.push_str(&format!(
            "M{n:02},{created},{answered},P3,{category},Monday ticket\n"
        ));
    }
    for k in 0..20 {
        let day = [
            1, 2, 3, 4, 8, 9, 10, 11, 15, 16, 17, 18, 22, 23, 24, 25, 29, 30, 9, 16,
        ][k];
        let hour = 11 + k % 6;
        let late = k < 2;
        let answered = if late {
            format!("{:02}:45", hour + 1)
        } else {
            format!("{hour:02}:30")
        };
        n += 1;
        csv.push_str(&format!(
            "O{n:02},2026-09-{day:02} {hour:02}:00,2026-09-{day:02} {answered},P3,Other,Other ticket\n"
        ));
    }
    write(&dir.join("data/tickets.csv"), &csv);
    write(
        &dir.join("reviewpack.yaml"),
        r#"msp:
  name: Test MSP
defaults:
  timezone: UTC
sources:
  psa:
    path: data/tickets.csv
    timestamps: {format: "%Y-%m-%d %H:%M"}
    constants: {client: acme}
    columns: {id: id, created: created, first_response: first_response, priority: priority, category: category, title: title}
clients:
  - id: acme
    name: Acme
    sla:
      targets:
        P3: {response_target: 1h, resolution_target: 24h}
    csfs:
      - id: responsive
        name: Responsive desk
        kpis:
          - metric: response_sla
            target: 95%
"#,
    );
    dir.to_path_buf()
}

#[test]
fn a_findings_evidence_equals_an_independent_computation() {
    let dir = tempfile::tempdir().unwrap();
    let ws = findings_workspace(&dir.path().join("ws"), "Network");
    let pack = build(&ws, "acme", "monthly", "2026-09", &dir.path().join("out"));
    let findings: Value =
        serde_json::from_slice(&std::fs::read(pack.join("findings.json")).unwrap()).unwrap();
    let window = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["dimension"] == "window")
        .unwrap_or_else(|| panic!("no window finding: {findings:#}"));
    assert_eq!(window["csf"], "responsive");
    assert_eq!(window["window"], serde_json::json!([0, 8]));
    let theirs: Value = serde_json::from_str(&python(
        "findings.py",
        &[
            ws.join("data/tickets.csv").to_str().unwrap(),
            "2026-09-01T00:00",
            "2026-10-01T00:00",
            r#"{"P3": 60}"#,
        ],
    ))
    .unwrap();
    let monday = &theirs["windows"]["0:08"];
    assert_eq!(window["count"], monday["count"]);
    assert_eq!(window["of"], theirs["breaches"]);
    assert_eq!(window["base_count"], monday["base_count"]);
    assert_eq!(window["base_of"], theirs["measured"]);
    assert!((window["share"].as_f64().unwrap() - monday["share"].as_f64().unwrap()).abs() < 1e-9);
    assert!(
        (window["base_share"].as_f64().unwrap() - monday["base_share"].as_f64().unwrap()).abs()
            < 1e-9
    );
    let mut tickets: Vec<String> = window["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    tickets.sort();
    assert_eq!(Value::from(tickets), monday["tickets"]);
    // The pack states the finding with those numbers, in the plan of the CSF it concerns.
    let text = html_text(&pack.join("pack.html"));
    assert!(
        text.contains("80.0% of the response breaches were opened on Monday 08:00–10:00 (8 of 10; 33.3% of all the tickets measured were)."),
        "{text}"
    );
}

#[test]
fn hostile_text_in_the_register_findings_and_commentary_shows_literally() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = r#"<script>alert(1)</script> #set page(fill: red) {{ x }} $x$ \u{202e}"#;
    let ws = findings_workspace(&dir.path().join("ws"), "<b>Net</b> #strong[x]");
    write(
        &ws.join("csi/acme.yaml"),
        &format!(
            "actions:\n  - id: CSI-1\n    title: '{}'\n    csf: responsive\n    status: open\n",
            hostile.replace('\'', "''")
        ),
    );
    write(
        &ws.join("commentary/acme/sync-2026-W38.md"),
        &format!("Watch this: {hostile}\n"),
    );
    for (level, period) in [("monthly", "2026-09"), ("sync", "2026-W38")] {
        let pack = build(&ws, "acme", level, period, &dir.path().join("out"));
        let html = std::fs::read_to_string(pack.join("pack.html")).unwrap();
        assert!(
            !html.contains("<script>"),
            "{level}: a script reached the HTML"
        );
        let text = html_text(&pack.join("pack.html"));
        let pdf = pdf_text(&pack.join("pack.pdf"));
        if level == "monthly" {
            for shown in [&text, &pdf] {
                assert!(shown.contains("#set page(fill: red)"), "{level}: {shown}");
                assert!(
                    shown.contains("#strong[x]"),
                    "{level}: category in the finding"
                );
            }
            assert!(
                html.contains("&lt;b&gt;Net&lt;&#x2F;b&gt;")
                    || html.contains("&lt;b&gt;Net&lt;/b&gt;")
            );
        } else {
            for shown in [&text, &pdf] {
                assert!(shown.contains("Watch this:"), "{level}: {shown}");
                assert!(shown.contains("#set page(fill: red)"), "{level}: {shown}");
            }
        }
    }
}

/// An action whose title is longer than a page prints whole: a table cell that long breaks across
/// pages (every word of it is on a page as often as its first word is).
#[test]
fn an_action_longer_than_a_page_prints_whole() {
    let dir = tempfile::tempdir().unwrap();
    let ws = sample(dir.path());
    let title = (0..900)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    write(
        &ws.join("csi/acme.yaml"),
        &format!(
            "actions:\n  - id: CSI-1\n    title: '{title}'\n    csf: responsive-service-desk\n    status: open\n"
        ),
    );
    let pack = build(&ws, "acme", "monthly", "2026-09", &dir.path().join("out"));
    // Words inside their page's height, as pdftotext -bbox gives them.
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for (height, words) in words_by_page(&pack.join("pack.pdf")) {
        for (word, _, y_max) in words {
            if y_max <= height {
                *seen.entry(word).or_default() += 1;
            }
        }
    }
    let first = seen.get("w0").copied().unwrap_or(0);
    assert!(first > 0, "the title is not in the PDF");
    for i in 0..900 {
        let count = seen.get(&format!("w{i}")).copied().unwrap_or(0);
        assert_eq!(
            count, first,
            "w{i} is on a page {count} times, w0 {first} times"
        );
    }
}
