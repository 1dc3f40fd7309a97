//! The deployment files of `deploy/`: systemd units verified by `systemd-analyze verify`, the
//! Kubernetes manifests and the crontab line parsed and their commands checked against the real
//! CLI, and the indexed Job's shard expression run for each index: together the shards plan
//! every client exactly once.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::{repo, run_ok};
use serde::Deserialize;

fn help(subcommand: &str) -> String {
    run_ok(&[subcommand, "--help"])
}

/// Asserts that a reviewpack command line names an existing command and existing flags.
fn check_invocation(words: &[String], origin: &str) {
    let at = words
        .iter()
        .position(|w| w.ends_with("reviewpack"))
        .unwrap_or_else(|| panic!("{origin}: no reviewpack command in {words:?}"));
    let subcommand = &words[at + 1];
    let text = help(subcommand);
    for flag in words[at + 2..].iter().filter(|w| w.starts_with('-')) {
        let flag = flag.split('=').next().unwrap();
        assert!(
            text.contains(&format!("{flag} ")) || text.contains(&format!("{flag},")),
            "{origin}: `reviewpack {subcommand}` has no flag `{flag}`"
        );
    }
}

fn manifests(file: &str) -> Vec<serde_yaml::Value> {
    let text = std::fs::read_to_string(repo().join("deploy/kubernetes").join(file)).unwrap();
    serde_yaml::Deserializer::from_str(&text)
        .map(|doc| serde_yaml::Value::deserialize(doc).expect("the manifest parses"))
        .collect()
}

fn container(pod_spec: &serde_yaml::Value) -> (Vec<String>, Vec<String>) {
    let container = &pod_spec["containers"][0];
    let list = |key: &str| -> Vec<String> {
        container[key]
            .as_sequence()
            .map(|s| s.iter().map(|v| v.as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    (list("command"), list("args"))
}

#[test]
fn systemd_units_verify() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["reviewpack-run.service", "reviewpack-run.timer"] {
        let text = std::fs::read_to_string(repo().join("deploy/systemd").join(name)).unwrap();
        // The unit names the installed binary; verify it against the one under test.
        let text = text.replace(
            "/usr/local/bin/reviewpack",
            env!("CARGO_BIN_EXE_reviewpack"),
        );
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let service = dir.path().join("reviewpack-run.service");
    let output = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .arg(&service)
        .arg(dir.path().join("reviewpack-run.timer"))
        .output()
        .expect("systemd-analyze runs (scripts/test.sh installs systemd)");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.trim().is_empty(), "warnings: {stderr}");
    let text = std::fs::read_to_string(&service).unwrap();
    let exec = text
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart="))
        .unwrap();
    let words: Vec<String> = exec.split_whitespace().map(str::to_string).collect();
    check_invocation(&words, "reviewpack-run.service");
}

#[test]
fn crontab_line_names_real_flags() {
    let text = std::fs::read_to_string(repo().join("deploy/crontab")).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("reviewpack run"))
        .expect("a crontab line");
    let fields: Vec<&str> = line.split_whitespace().collect();
    for field in &fields[..5] {
        assert!(
            field
                .chars()
                .all(|c| c.is_ascii_digit() || "*/,-".contains(c)),
            "`{field}` is a cron time field"
        );
    }
    let words: Vec<String> = fields[5..]
        .iter()
        .take_while(|w| !w.starts_with(">>"))
        .map(|w| w.to_string())
        .collect();
    check_invocation(&words, "crontab");
}

#[test]
fn cronjob_manifest_runs_the_real_command() {
    let docs = manifests("cronjob.yaml");
    let cronjob = docs
        .iter()
        .find(|d| d["kind"] == "CronJob")
        .expect("a CronJob");
    assert_eq!(cronjob["apiVersion"], "batch/v1");
    assert_eq!(cronjob["spec"]["concurrencyPolicy"], "Forbid");
    let pod = &cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"];
    let (command, args) = container(pod);
    let words: Vec<String> = command.into_iter().chain(args).collect();
    check_invocation(&words, "cronjob.yaml");
    let secret = docs.iter().find(|d| d["kind"] == "Secret").unwrap();
    let keys: Vec<&str> = secret["stringData"]
        .as_mapping()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["REVIEWPACK_SMTP_USERNAME", "REVIEWPACK_SMTP_PASSWORD"]
    );
}

#[test]
fn indexed_job_shards_cover_every_client_once() {
    let docs = manifests("indexed-job.yaml");
    let job = &docs[0];
    assert_eq!(job["kind"], "Job");
    assert_eq!(job["spec"]["completionMode"], "Indexed");
    let completions = job["spec"]["completions"].as_u64().unwrap();
    let (command, args) = container(&job["spec"]["template"]["spec"]);
    assert_eq!(command, ["/bin/sh", "-c"]);
    let script = &args[0];
    assert!(
        script.contains(&format!("/{completions}\"")),
        "--shard …/{completions}"
    );
    let words: Vec<String> = script.split_whitespace().map(str::to_string).collect();
    check_invocation(&words, "indexed-job.yaml");

    // Run the manifest's own shell command for each index against a 12-client workspace, with
    // --plan: the shards' plans together name every client exactly once.
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    run_ok(&[
        "sample",
        "--out",
        ws.to_str().unwrap(),
        "--clients",
        "12",
        "--months",
        "3",
    ]);
    let script = script
        .replace(
            "exec reviewpack",
            &format!("exec {}", env!("CARGO_BIN_EXE_reviewpack")),
        )
        .replace("/srv/reviewpack/workspace", ws.to_str().unwrap())
        .replace(
            "/srv/reviewpack/out",
            dir.path().join("out").to_str().unwrap(),
        );
    let mut owner: BTreeMap<String, u64> = BTreeMap::new();
    for index in 0..completions {
        let output = Command::new("/bin/sh")
            .arg("-c")
            .arg(format!("{script} --plan --as-of 2026-10-08"))
            .env("JOB_COMPLETION_INDEX", index.to_string())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8(output.stdout).unwrap();
        for line in stdout.lines().filter(|l| *l != "nothing is due") {
            let client = line.split_whitespace().next().unwrap().to_string();
            if let Some(first) = owner.insert(client.clone(), index) {
                assert_eq!(first, index, "{client} is in shards {first} and {index}");
            }
        }
    }
    let all = run_ok(&[
        "run",
        "-w",
        ws.to_str().unwrap(),
        "--plan",
        "--as-of",
        "2026-10-08",
    ]);
    let every: std::collections::BTreeSet<String> = all
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    assert_eq!(every.len(), 12);
    assert_eq!(
        owner
            .keys()
            .cloned()
            .collect::<std::collections::BTreeSet<_>>(),
        every
    );
}

#[test]
fn container_file_builds_the_binary_and_runs_it() {
    let text = std::fs::read_to_string(repo().join("deploy/Containerfile")).unwrap();
    assert!(text.contains("cargo build --release --locked"));
    let cmd = text
        .lines()
        .find_map(|l| l.strip_prefix("CMD "))
        .expect("a CMD");
    let words: Vec<String> = serde_json::from_str(cmd).unwrap();
    check_invocation(&words, "Containerfile");
    assert!(
        Path::new(&repo().join("Cargo.lock")).exists(),
        "--locked needs Cargo.lock"
    );
}
