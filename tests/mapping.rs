//! `mapping suggest`: on every preset's fixture, on a plain CSV and on the real ServiceNow event
//! log, the suggestion — with what it marks unknown filled in — passes `check` and gives the
//! KPIs of the hand-written mapping; on a file whose columns say nothing it says so.

mod common;

use std::path::Path;

use common::{copy_dir, kpis_json, repo, reviewpack, run, run_ok, shared_data};
use serde_json::Value;

/// The `sources:` block of a suggestion.
fn sources_block(suggestion: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in suggestion.lines() {
        if line == "sources:" {
            inside = true;
        } else if inside && !line.starts_with(' ') {
            break;
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    assert!(!out.is_empty(), "no sources block in:\n{suggestion}");
    out
}

/// `reviewpack.yaml` with its `sources:` replaced.
fn with_sources(config: &str, sources: &str) -> String {
    let start = config.find("sources:\n").expect("a sources block");
    let rest = &config[start + "sources:\n".len()..];
    let end = rest
        .lines()
        .scan(0, |offset, line| {
            let here = *offset;
            *offset += line.len() + 1;
            Some((here, line))
        })
        .find(|(_, line)| !line.is_empty() && !line.starts_with(' '))
        .map_or(rest.len(), |(offset, _)| offset);
    format!("{}{}{}", &config[..start], sources, &rest[end..])
}

fn suggest(ws: &Path, file: &str) -> String {
    run_ok(&["mapping", "suggest", "-w", ws.to_str().unwrap(), file])
}

fn metrics(ws: &Path, client: &str, period: &str, as_of: &str) -> Value {
    kpis_json(ws, client, period, as_of)["metrics"].clone()
}

#[test]
fn suggestions_for_the_preset_fixtures_are_the_presets_and_give_their_kpis() {
    for (preset, file) in [
        ("connectwise", "data/tickets.json"),
        ("autotask", "data/tickets.json"),
        ("halopsa", "data/tickets.json"),
        ("freshservice", "data/tickets.json"),
        ("jira", "data/issues.csv"),
        ("zendesk", "data/tickets.json"),
    ] {
        let temp = tempfile::tempdir().unwrap();
        let vendor = temp.path().join("vendor");
        copy_dir(
            &repo()
                .join("tests/fixtures/presets")
                .join(preset)
                .join("vendor"),
            &vendor,
        );
        let suggestion = suggest(&vendor, file);
        assert!(
            suggestion.contains(&format!("preset: {preset}")),
            "{preset}:\n{suggestion}"
        );
        let expected = metrics(&vendor, "acme", "2026-Q3", "2026-10-05");
        let config = std::fs::read_to_string(vendor.join("reviewpack.yaml")).unwrap();
        std::fs::write(
            vendor.join("reviewpack.yaml"),
            with_sources(&config, &sources_block(&suggestion)),
        )
        .unwrap();
        let check = run(&["check", "-w", vendor.to_str().unwrap()]);
        assert!(
            check.status.success(),
            "{preset}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
        assert_eq!(
            metrics(&vendor, "acme", "2026-Q3", "2026-10-05"),
            expected,
            "{preset}"
        );
    }
}

#[test]
fn a_plain_csv_gets_columns_values_and_a_timestamp_format() {
    let temp = tempfile::tempdir().unwrap();
    let plain = temp.path().join("plain");
    copy_dir(
        &repo().join("tests/fixtures/presets/connectwise/plain"),
        &plain,
    );
    // A header a YAML writer must quote, and day-first dates with a format to find.
    let csv = std::fs::read_to_string(plain.join("data/export.csv")).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap().replacen("id,", "Ticket #,", 1);
    let mut rewritten = format!("{header}\n");
    for line in lines {
        let fields: Vec<String> = line
            .split(',')
            .map(
                |f| match chrono::NaiveDateTime::parse_from_str(f, "%Y-%m-%dT%H:%M:%SZ") {
                    Ok(t) => t.format("%d/%m/%Y %H:%M").to_string(),
                    Err(_) => f.to_string(),
                },
            )
            .collect();
        rewritten.push_str(&fields.join(","));
        rewritten.push('\n');
    }
    std::fs::write(plain.join("data/export.csv"), rewritten).unwrap();
    let suggestion = suggest(&plain, "data/export.csv");
    assert!(suggestion.contains("No built-in preset"), "{suggestion}");
    assert!(suggestion.contains(r#"id: "Ticket #""#), "{suggestion}");
    assert!(
        suggestion.contains(r#"timestamps: {format: "%d/%m/%Y %H:%M"}"#),
        "{suggestion}"
    );
    assert!(suggestion.contains(r#""paused": "paused""#), "{suggestion}");
    assert!(suggestion.contains("# Cannot feed"), "{suggestion}");
    let config = std::fs::read_to_string(plain.join("reviewpack.yaml")).unwrap();
    let expected = {
        let original = tempfile::tempdir().unwrap();
        copy_dir(
            &repo().join("tests/fixtures/presets/connectwise/plain"),
            original.path(),
        );
        metrics(original.path(), "acme", "2026-Q3", "2026-10-05")
    };
    std::fs::write(
        plain.join("reviewpack.yaml"),
        with_sources(&config, &sources_block(&suggestion)),
    )
    .unwrap();
    let check = run(&["check", "-w", plain.to_str().unwrap()]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let ours = metrics(&plain, "acme", "2026-Q3", "2026-10-05");
    for key in [
        "created",
        "resolved",
        "backlog",
        "response_sla",
        "resolution_sla",
        "resolution_time",
        "volume_by_type",
    ] {
        assert_eq!(ours[key], expected[key], "{key}");
    }
}

#[test]
fn the_real_servicenow_log_is_recognised_and_reads_as_the_fixture_does() {
    let log = shared_data("servicenow-uci/incident_event_log.csv.gz");
    let temp = tempfile::tempdir().unwrap();
    let fixture =
        std::fs::read_to_string(repo().join("tests/fixtures/servicenow-uci/reviewpack.yaml"))
            .unwrap()
            .replace(
                "../../../../shared/data/servicenow-uci/incident_event_log.csv.gz",
                log.to_str().unwrap(),
            );
    std::fs::write(temp.path().join("reviewpack.yaml"), &fixture).unwrap();
    let expected = metrics(temp.path(), "uci", "2016-Q2", "2016-07-01");
    let suggestion = suggest(temp.path(), log.to_str().unwrap());
    assert!(suggestion.contains("preset: servicenow"), "{suggestion}");
    assert!(
        suggestion.contains(r#"constants: {client: "?"}"#),
        "{suggestion}"
    );
    // The unknown filled in, as a user would.
    let sources = sources_block(&suggestion).replace(r#"{client: "?"}"#, "{client: uci}");
    std::fs::write(
        temp.path().join("reviewpack.yaml"),
        with_sources(&fixture, &sources),
    )
    .unwrap();
    let check = run(&["check", "-w", temp.path().to_str().unwrap()]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert_eq!(
        metrics(temp.path(), "uci", "2016-Q2", "2016-07-01"),
        expected
    );
}

#[test]
fn a_file_whose_columns_say_nothing_is_not_guessed() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(temp.path().join("x.csv"), "foo,bar,baz\n1,2,3\n4,5,6\n").unwrap();
    let output = reviewpack()
        .args(["mapping", "suggest", "-w"])
        .arg(temp.path())
        .arg("x.csv")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no column looks like a ticket id and no column holds creation dates"),
        "{stderr}"
    );
    assert!(stderr.contains("foo, bar, baz"), "{stderr}");
}

#[test]
fn longer_column_names_are_read_by_their_words() {
    // A PSA without a preset whose headers say more than the field's name.
    let temp = tempfile::tempdir().unwrap();
    let csv = "Ticket Number;Customer Business Name;Created (local);First Tech Reply;Resolved;Priority;Status;Problem Type;Subject\n\
               #1;Acme Ltd;01/07/2026 09:00;01/07/2026 09:20;02/07/2026 10:00;1 Urgent;Resolved;Hardware;Printer\n\
               #2;Globex plc;14/07/2026 13:05;;;3 Normal;Waiting on Customer;Network;VPN\n";
    std::fs::write(temp.path().join("syncro.csv"), csv).unwrap();
    let suggestion = suggest(temp.path(), "syncro.csv");
    for line in [
        r#"id: "Ticket Number""#,
        r#"client: "Customer Business Name""#,
        r#"created: "Created (local)""#,
        r#"first_response: "First Tech Reply""#,
        r#"category: "Problem Type""#,
        r#"timestamps: {format: "%d/%m/%Y %H:%M"}"#,
        r#""1 Urgent": "P1""#,
        r#""Waiting on Customer": "paused""#,
    ] {
        assert!(suggestion.contains(line), "{line} not in:\n{suggestion}");
    }
    assert!(!suggestion.contains("constants: {client"), "{suggestion}");
}

#[test]
fn presets_are_shown_in_full() {
    let list = run_ok(&["mapping", "show"]);
    assert!(list.lines().any(|l| l == "zendesk"), "{list}");
    let zendesk = run_ok(&["mapping", "show", "zendesk"]);
    assert!(zendesk.contains("metrics.solved_at"), "{zendesk}");
    let unknown = run(&["mapping", "show", "zendsk"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("did you mean `zendesk`?"));
}
