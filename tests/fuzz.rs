//! Mutation fuzzing on the stable toolchain: seed inputs (the sample workspace's files and
//! valid values) are mutated at random — bytes flipped, inserted, deleted, duplicated, cut — and
//! fed to the period parser, the timestamp parsers, the Markdown commentary renderer, the
//! configuration loader (YAML → validated options) and the CSV and Parquet loaders with the
//! sample's mapping. Any panic fails the test and the input is saved under
//! `target/fuzz-crashes/` to become a bad-input case.
//!
//! A short run is part of the suite; `REVIEWPACK_FUZZ_SCALE=100 cargo test --release --test
//! fuzz` runs a hundred times more iterations (docs/testing.md).

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::{copy_dir, repo};
use reviewpack::data::{LoadScope, load_dataset};

/// xorshift64*: deterministic, so a failure reproduces with the same seed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that matter to the formats under test.
const INTERESTING: &[u8] = b"\0\"',\n\r\t:-[]{}#&*!|>%@`\\;.0123456789\xff\xc3\xa9TZ+";

fn mutate(random: &mut Random, seed: &[u8]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for _ in 0..1 + random.below(4) {
        let len = bytes.len();
        match random.below(6) {
            0 if len > 0 => {
                let at = random.below(len);
                bytes[at] = INTERESTING[random.below(INTERESTING.len())];
            }
            1 => {
                let at = random.below(len + 1);
                bytes.insert(at, INTERESTING[random.below(INTERESTING.len())]);
            }
            2 if len > 1 => {
                let at = random.below(len);
                let end = (at + 1 + random.below(16)).min(len);
                bytes.drain(at..end);
            }
            3 if len > 1 => {
                let at = random.below(len);
                let end = (at + 1 + random.below(64)).min(len);
                let copy = bytes[at..end].to_vec();
                let to = random.below(len + 1);
                bytes.splice(to..to, copy);
            }
            4 if len > 1 => bytes.truncate(random.below(len)),
            _ if len > 0 => {
                let at = random.below(len);
                bytes[at] = random.next() as u8;
            }
            _ => bytes.push(INTERESTING[random.below(INTERESTING.len())]),
        }
    }
    bytes
}

fn scale() -> usize {
    std::env::var("REVIEWPACK_FUZZ_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

/// Runs `target` on `iterations` mutations of the seeds; returns the inputs that panicked.
fn fuzz(
    name: &str,
    seeds: &[Vec<u8>],
    iterations: usize,
    mut target: impl FnMut(&[u8]),
) -> Vec<PathBuf> {
    let mut random = Random(0x00f0_0dfa_ce00_0001 ^ name.len() as u64);
    let mut crashes = Vec::new();
    let folder = repo().join("target/fuzz-crashes");
    for i in 0..iterations {
        let seed = &seeds[random.below(seeds.len())];
        let input = mutate(&mut random, seed);
        if catch_unwind(AssertUnwindSafe(|| target(&input))).is_err() {
            std::fs::create_dir_all(&folder).unwrap();
            let path = folder.join(format!("{name}-{i}.bin"));
            std::fs::write(&path, &input).unwrap();
            crashes.push(path);
        }
    }
    crashes
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn period_and_timestamp_parsers_never_panic() {
    let periods: Vec<Vec<u8>> = [
        "2026-Q3",
        "2026-W39..W40",
        "FY2026",
        "last-month",
        "2026-09",
        "2026-H1",
        "2026-09-15",
        "this-fy",
        "last-fortnight",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    let as_of = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
    let mut crashes = fuzz("period", &periods, 20_000 * scale(), |input| {
        let _ = reviewpack::period::Period::parse_fiscal(&text(input), as_of, 4);
    });
    let times: Vec<Vec<u8>> = [
        "2026-07-01T09:15:00+02:00",
        "2026-07-01 09:15:00",
        "2026-07-01T09:15:00.123Z",
        "2026-07-01T09:15",
        "20260701T091500Z",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    crashes.extend(fuzz("timestamp", &times, 20_000 * scale(), |input| {
        let _ = reviewpack::data::iso::parse_iso(&text(input));
    }));
    let formats: Vec<Vec<u8>> = ["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%d %b %Y %I:%M %p"]
        .iter()
        .map(|s| s.as_bytes().to_vec())
        .collect();
    crashes.extend(fuzz(
        "timestamp-format",
        &formats,
        5_000 * scale(),
        |input| {
            let _ = reviewpack::data::parse::timestamp_form(
                Some(&text(input)),
                Some("01/07/2026 09:15"),
            );
        },
    ));
    assert!(crashes.is_empty(), "inputs that panicked: {crashes:?}");
}

#[test]
fn the_commentary_renderer_never_panics() {
    let seeds: Vec<Vec<u8>> = std::fs::read_dir(repo().join("sample-data/commentary/acme"))
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .chain(std::iter::once(
            b"# Title\n\n- **bold** and *it*\n  - nested `code`\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n[link](http://x) <b>html</b>\n".to_vec(),
        ))
        .collect();
    let crashes = fuzz("markdown", &seeds, 5_000 * scale(), |input| {
        let _ = reviewpack::pack::markdown::parse(&text(input));
    });
    assert!(crashes.is_empty(), "inputs that panicked: {crashes:?}");
}

fn workspace(dir: &Path) -> PathBuf {
    let ws = dir.join("ws");
    copy_dir(&repo().join("sample-data"), &ws);
    // A small export keeps each load quick: the header and 60 rows.
    let path = ws.join("data/tickets.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let head: Vec<&str> = text.lines().take(61).collect();
    std::fs::write(&path, head.join("\n") + "\n").unwrap();
    ws
}

#[test]
fn the_configuration_loader_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let main = ws.join("reviewpack.yaml");
    let client = ws.join("clients/acme.yaml");
    let seeds = [
        std::fs::read(&main).unwrap(),
        std::fs::read(&client).unwrap(),
    ];
    let (main_seed, client_seed) = (seeds[0].clone(), seeds[1].clone());
    let mut turn = 0;
    let crashes = fuzz("config", &seeds, 400 * scale(), |input| {
        // Mutate the main file or a client file, the other as it was.
        turn += 1;
        let (target, other, other_seed) = if input.starts_with(b"# reviewpack") || turn % 2 == 0 {
            (&main, &client, &client_seed)
        } else {
            (&client, &main, &main_seed)
        };
        std::fs::write(target, input).unwrap();
        std::fs::write(other, other_seed).unwrap();
        let _ = reviewpack::config::load_workspace(&ws);
    });
    assert!(crashes.is_empty(), "inputs that panicked: {crashes:?}");
}

#[test]
fn the_csv_and_parquet_loaders_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let options = reviewpack::config::load_workspace(&ws).unwrap();
    let path = ws.join("data/tickets.csv");
    let seed = std::fs::read(&path).unwrap();
    // Each input read whole and in pieces of 1 kB: the same tickets and findings (row, reason,
    // detail), or an error both times.
    let mut differ = Vec::new();
    let mut crashes = fuzz("csv", &[seed], 60 * scale(), |input| {
        std::fs::write(&path, input).unwrap();
        let outcome = || {
            // Read from the export, not from the cache the other reading wrote.
            let _ = std::fs::remove_dir_all(ws.join(".reviewpack-cache"));
            load_dataset(&options, &LoadScope::Clients(vec!["acme".into()])).map(|d| {
                // Findings in the order of their rows (a piece reports its own together).
                let mut rows: Vec<(u64, String, String)> = (d.quality.issues.iter())
                    .map(|i| (i.row, format!("{:?}", i.reason), i.detail.clone()))
                    .collect();
                rows.sort();
                (d.ticket_count(), rows)
            })
        };
        let whole = outcome();
        reviewpack::data::read::set_csv_piece_bytes(1024);
        let pieces = outcome();
        reviewpack::data::read::set_csv_piece_bytes(0);
        let same = match (&whole, &pieces) {
            (Ok(a), Ok(b)) => a == b,
            (Err(_), Err(_)) => true,
            _ => false,
        };
        if !same {
            differ.push(text(input));
        }
    });
    assert!(
        differ.is_empty(),
        "{} inputs read differently in pieces, the first:\n{}",
        differ.len(),
        differ.first().map(String::as_str).unwrap_or_default()
    );
    // The same rows as Parquet, read through the sample's Parquet workspace.
    let parquet_ws = dir.path().join("pq");
    let made = common::reviewpack()
        .args([
            "sample",
            "--out",
            parquet_ws.to_str().unwrap(),
            "--format",
            "parquet",
        ])
        .args(["--clients", "3", "--months", "1"])
        .output()
        .unwrap();
    assert!(made.status.success());
    let options = reviewpack::config::load_workspace(&parquet_ws).unwrap();
    let path = parquet_ws.join("data/tickets.parquet");
    let seed = std::fs::read(&path).unwrap();
    crashes.extend(fuzz("parquet", &[seed], 60 * scale(), |input| {
        std::fs::write(&path, input).unwrap();
        let _ = load_dataset(&options, &LoadScope::Clients(vec!["acme".into()]));
    }));
    assert!(crashes.is_empty(), "inputs that panicked: {crashes:?}");
}

#[test]
fn the_json_loader_and_the_presets_never_panic() {
    // JSON exports through the ConnectWise preset (an array of nested records) and the Zendesk
    // preset (appended pages joined to their sideloaded metric sets); a measurements CSV.
    let dir = tempfile::tempdir().unwrap();
    let mut crashes = Vec::new();
    for preset in ["connectwise", "zendesk"] {
        let ws = dir.path().join(preset);
        copy_dir(
            &repo()
                .join("tests/fixtures/presets")
                .join(preset)
                .join("vendor"),
            &ws,
        );
        let options = reviewpack::config::load_workspace(&ws).unwrap();
        let path = ws.join("data/tickets.json");
        let seed = std::fs::read(&path).unwrap();
        crashes.extend(fuzz(preset, &[seed], 60 * scale(), |input| {
            std::fs::write(&path, input).unwrap();
            let _ = load_dataset(&options, &LoadScope::All);
        }));
    }
    assert!(crashes.is_empty(), "inputs that panicked: {crashes:?}");
}
