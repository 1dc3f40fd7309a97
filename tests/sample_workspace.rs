//! The committed `sample-data/` workspace: it is exactly what the generator writes, it checks
//! clean, and every output format of `kpis` works on it.

mod common;

use common::{repo, run_ok};
use serde_json::Value;

fn files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn sample_data_is_what_the_generator_writes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ws");
    run_ok(&["sample", "--out", out.to_str().unwrap()]);
    let committed = repo().join("sample-data");
    let generated: Vec<_> = files(&out)
        .into_iter()
        .map(|p| p.strip_prefix(&out).unwrap().to_path_buf())
        .collect();
    let expected: Vec<_> = files(&committed)
        .into_iter()
        .map(|p| p.strip_prefix(&committed).unwrap().to_path_buf())
        .filter(|p| {
            p.starts_with("data")
                || p.starts_with("clients")
                || p.starts_with("csi")
                || p.starts_with("commentary")
                || p.as_os_str() == "reviewpack.yaml"
        })
        .collect();
    assert_eq!(generated, expected);
    for file in generated {
        assert!(
            std::fs::read(out.join(&file)).unwrap()
                == std::fs::read(committed.join(&file)).unwrap(),
            "{} differs: run `reviewpack sample --out sample-data --force`",
            file.display()
        );
    }
}

#[test]
fn sample_data_checks_clean() {
    let text = run_ok(&["check", "-w", repo().join("sample-data").to_str().unwrap()]);
    assert!(text.contains("ok:"), "{text}");
    assert!(
        text.contains("acme:") && text.contains("globex:") && text.contains("northwind:"),
        "{text}"
    );
}

#[test]
fn kpis_in_every_format() {
    let ws = repo().join("sample-data");
    let ws = ws.to_str().unwrap();
    let json: Value = serde_json::from_str(&run_ok(&[
        "kpis", "-w", ws, "--client", "acme", "--period", "2026-Q3", "--format", "json",
    ]))
    .unwrap();
    assert_eq!(json["schema"], "reviewpack.kpis/1");
    assert_eq!(json["period"]["start"], "2026-07-01T00:00:00+02:00");
    assert_eq!(json["previous_period"]["label"], "2026-Q2");
    assert_eq!(json["csfs"].as_array().unwrap().len(), 4);
    let created = json["metrics"]["created"].as_u64().unwrap();
    assert!(created > 100, "{created}");
    let by_priority: u64 = json["metrics"]["volume_by_priority"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(by_priority, created);
    let table = run_ok(&["kpis", "-w", ws, "--client", "acme", "--period", "2026-Q3"]);
    assert!(
        table.contains("Rispetto SLA di risposta") && table.contains("2026-Q2"),
        "{table}"
    );
    let csv = run_ok(&[
        "kpis",
        "-w",
        ws,
        "--all-clients",
        "--period",
        "2026-Q3",
        "--format",
        "csv",
    ]);
    assert!(csv.starts_with("client,period,csf,kpi,name,metric,unit,value,previous,target,direction,status,sample_size\n"));
    for client in ["acme", "globex", "northwind"] {
        assert!(
            csv.lines().any(|l| l.starts_with(&format!(
                "{client},2026-Q3,responsive-service-desk,response_sla,"
            ))),
            "{client}"
        );
    }
    // Relative periods resolve against --as-of.
    let relative: Value = serde_json::from_str(&run_ok(&[
        "kpis",
        "-w",
        ws,
        "--client",
        "northwind",
        "--period",
        "last-month",
        "--as-of",
        "2026-10-05",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(relative["period"]["label"], "2026-09");
    // A period with no data is "no data", never 0.
    let empty: Value = serde_json::from_str(&run_ok(&[
        "kpis", "-w", ws, "--client", "acme", "--period", "2023-Q1", "--format", "json",
    ]))
    .unwrap();
    assert_eq!(empty["metrics"]["created"], 0);
    assert!(empty["metrics"]["resolution_time"]["median"].is_null());
    assert!(empty["csfs"][0]["kpis"][0]["value"].is_null());
    assert_eq!(empty["csfs"][0]["kpis"][0]["status"], "no_data");
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    use std::io::Read;
    // About 300 kB of JSON: far more than a pipe buffers, so the writer meets the closed pipe.
    let ws = repo().join("sample-data");
    let mut child = common::reviewpack()
        .args([
            "kpis",
            "-w",
            ws.to_str().unwrap(),
            "--all-clients",
            "--period",
            "2026",
            "--format",
            "json",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{:?} {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_parquet_export_gives_the_same_kpis_as_the_csv_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ws");
    run_ok(&[
        "sample",
        "--out",
        out.to_str().unwrap(),
        "--format",
        "parquet",
    ]);
    assert!(out.join("data/tickets.parquet").exists());
    let parquet: Value = serde_json::from_str(&run_ok(&[
        "kpis",
        "-w",
        out.to_str().unwrap(),
        "--client",
        "northwind",
        "--period",
        "2026-Q3",
        "--as-of",
        "2026-10-05",
        "--format",
        "json",
    ]))
    .unwrap();
    let csv: Value = serde_json::from_str(&run_ok(&[
        "kpis",
        "-w",
        repo().join("sample-data").to_str().unwrap(),
        "--client",
        "northwind",
        "--period",
        "2026-Q3",
        "--as-of",
        "2026-10-05",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(parquet["metrics"], csv["metrics"]);
    assert_eq!(parquet["csfs"], csv["csfs"]);
    assert!(parquet["metrics"]["created"].as_u64().unwrap() > 100);
}
