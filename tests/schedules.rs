//! When packs are due: `run --plan` on the sample workspace for a table of as-of instants (month
//! ends, the due instant itself, DST weekends, holidays on the due day, a year boundary, a
//! fiscal year), compared with due dates worked out by hand from the calendars:
//! Acme (Rome, Italian holidays), Globex (New York, US holidays), Northwind (London, UK
//! holidays, fiscal year from April). Schedules (sample-data/reviewpack.yaml): sync the day after
//! the week at 08:00; monthly the 3rd working day at 07:00; QBR the 5th; annual the 10th.

mod common;

use common::{repo, run, run_ok};

fn plan(client: &str, as_of: &str, level: &str) -> String {
    let ws = repo().join("sample-data");
    let text = run_ok(&[
        "run",
        "-w",
        ws.to_str().unwrap(),
        "--plan",
        "--client",
        client,
        "--as-of",
        as_of,
    ]);
    let prefix = format!("{client} {level} ");
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with(&prefix)).collect();
    assert_eq!(lines.len(), 1, "{client} {level} at {as_of}:\n{text}");
    let line = lines[0];
    line[..line.find(": ").unwrap()].to_string()
}

#[test]
fn due_dates_match_the_hand_worked_table() {
    let table = [
        // Month end: September's monthly is due Monday 5 October (1, 2, 5 October).
        (
            "acme",
            "2026-10-02T12:00",
            "monthly",
            "acme monthly 2026-08 due 2026-09-03T07:00:00+02:00",
        ),
        (
            "acme",
            "2026-10-05T06:59",
            "monthly",
            "acme monthly 2026-08 due 2026-09-03T07:00:00+02:00",
        ),
        (
            "acme",
            "2026-10-05T07:00",
            "monthly",
            "acme monthly 2026-09 due 2026-10-05T07:00:00+02:00",
        ),
        (
            "acme",
            "2026-10-02T12:00",
            "sync",
            "acme sync 2026-W39 due 2026-09-28T08:00:00+02:00",
        ),
        (
            "acme",
            "2026-10-06",
            "qbr",
            "acme qbr 2026-Q2 due 2026-07-07T07:00:00+02:00",
        ),
        (
            "acme",
            "2026-10-07",
            "qbr",
            "acme qbr 2026-Q3 due 2026-10-07T07:00:00+02:00",
        ),
        // The European DST change (25 October): the Monday after is at UTC+1.
        (
            "acme",
            "2026-10-26T07:59",
            "sync",
            "acme sync 2026-W42 due 2026-10-19T08:00:00+02:00",
        ),
        (
            "acme",
            "2026-10-26T08:00",
            "sync",
            "acme sync 2026-W43 due 2026-10-26T08:00:00+01:00",
        ),
        // The American one (1 November).
        (
            "globex",
            "2026-11-02T08:00",
            "sync",
            "globex sync 2026-W44 due 2026-11-02T08:00:00-05:00",
        ),
        // Year boundary with holidays on the due days: 1 January everywhere, 6 January in Italy.
        (
            "acme",
            "2027-01-06T23:00",
            "monthly",
            "acme monthly 2026-11 due 2026-12-03T07:00:00+01:00",
        ),
        (
            "acme",
            "2027-01-07T07:00",
            "monthly",
            "acme monthly 2026-12 due 2027-01-07T07:00:00+01:00",
        ),
        (
            "northwind",
            "2027-01-06T07:00",
            "monthly",
            "northwind monthly 2026-12 due 2027-01-06T07:00:00+00:00",
        ),
        (
            "globex",
            "2027-01-06T07:00",
            "monthly",
            "globex monthly 2026-12 due 2027-01-06T07:00:00-05:00",
        ),
        // Annual reviews: calendar year 2025 for Acme (1 and 6 January closed); Northwind's fiscal
        // year ends 31 March (Good Friday 3 and Easter Monday 6 April 2026 closed).
        (
            "acme",
            "2026-03-01",
            "annual",
            "acme annual 2025 due 2026-01-16T07:00:00+01:00",
        ),
        (
            "northwind",
            "2026-04-15",
            "annual",
            "northwind annual FY2025 due 2025-04-14T07:00:00+01:00",
        ),
        (
            "northwind",
            "2026-04-16T07:00",
            "annual",
            "northwind annual FY2026 due 2026-04-16T07:00:00+01:00",
        ),
    ];
    let mut wrong = Vec::new();
    for (client, as_of, level, expected) in table {
        let got = plan(client, as_of, level);
        if got != expected {
            wrong.push(format!(
                "{client} {level} at {as_of}: got `{got}`, expected `{expected}`"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn schedule_mistakes_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    common::copy_dir(&repo().join("sample-data"), &ws);
    let config = ws.join("reviewpack.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    let cases = [
        (
            "due: 3 working days ",
            "due: 3 fortnights ",
            "due: 3 fortnights",
            "schedules.monthly.due",
            "N working days",
        ),
        (
            "at: \"07:00\"\n    send: on_build",
            "at: \"7am\"\n    send: on_build",
            "at: \"7am\"",
            "schedules.monthly.at",
            "HH:MM",
        ),
        (
            "send: after_publish   # reviewed",
            "send: later   # reviewed",
            "send: later",
            "schedules.qbr.send",
            "on_build, after_publish or never",
        ),
        (
            "  sync:\n    period: week",
            "  synk:\n    period: week",
            "synk:",
            "schedules.synk",
            "did you mean `sync`",
        ),
        (
            "#     security: starttls",
            "    security: starttls\n    password: hunter2",
            "password: hunter2",
            "delivery.smtp.password",
            "never read from configuration",
        ),
    ];
    let enabled = text.replace(
        "# delivery:\n#   smtp:\n#     host: smtp.bluebird-it.example\n#     port: 587\n",
        "delivery:\n  smtp:\n    host: smtp.bluebird-it.example\n    port: 587\n",
    );
    for (from, to, key, path, expected) in cases {
        assert!(enabled.contains(from), "{from}");
        let broken = enabled.replacen(from, to, 1);
        std::fs::write(&config, &broken).unwrap();
        let output = run(&["run", "-w", ws.to_str().unwrap(), "--plan"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(&format!("`{path}`")), "{path}: {stderr}");
        assert!(stderr.contains(expected), "{expected}: {stderr}");
        let line = broken[..broken.find(key).unwrap()].matches('\n').count() + 1;
        assert!(
            stderr.contains(&format!("reviewpack.yaml:{line}:")),
            "{path} located at line {line}: {stderr}"
        );
        assert!(
            !stderr.contains("hunter2"),
            "a secret is never echoed: {stderr}"
        );
    }
}

#[test]
fn an_as_of_outside_the_plausible_years_is_refused() {
    let ws = repo().join("sample-data");
    for as_of in ["+262142-06-01", "0001-01-02", "2201-01-01"] {
        let output = run(&[
            "run",
            "-w",
            ws.to_str().unwrap(),
            "--plan",
            "--as-of",
            as_of,
        ]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{as_of}: {stderr}");
        assert!(
            stderr.contains("out of range (years 1971 to 2200)"),
            "{as_of}: {stderr}"
        );
    }
}
