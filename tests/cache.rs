//! The export cache (`.reviewpack-cache/`): a run over unchanged exports reads it, and gives
//! exactly what reading the exports gives; a changed export (even of the same size and time),
//! a changed configuration or a damaged entry is never served.

mod common;

use std::path::{Path, PathBuf};

use common::{ALL_KPIS, repo, reviewpack};

/// Runs the binary in `ws` with the cache on or off; returns stdout, and stderr's profile lines.
fn run(ws: &Path, cache: bool, args: &[&str]) -> (String, String) {
    let mut command = reviewpack();
    command.args(args).args(["-w", ws.to_str().unwrap()]);
    command.env("REVIEWPACK_PROFILE", "1");
    if cache {
        command.env_remove("REVIEWPACK_CACHE");
    } else {
        command.env("REVIEWPACK_CACHE", "off");
    }
    command.env_remove("REVIEWPACK_CACHE_DIR");
    let output = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(
        output.status.success(),
        "{args:?} failed ({:?}):\n{stderr}",
        output.status.code()
    );
    (String::from_utf8(output.stdout).unwrap(), stderr)
}

fn entries(ws: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    if let Ok(tags) = std::fs::read_dir(ws.join(".reviewpack-cache")) {
        for tag in tags {
            for entry in std::fs::read_dir(tag.unwrap().path()).unwrap() {
                found.push(entry.unwrap().path());
            }
        }
    }
    found
}

fn workspace(dir: &Path) -> PathBuf {
    let ws = dir.join("ws");
    common::copy_dir(&repo().join("sample-data"), &ws);
    ws
}

/// Every tenth ticket title becomes hostile, non-Latin text: it must come back from the cache
/// byte for byte.
fn hostile_titles(ws: &Path) {
    let path = ws.join("data/tickets.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let title = headers.iter().position(|h| h == "Summary").unwrap();
    let mut writer = csv::Writer::from_path(ws.join("data/tickets.new")).unwrap();
    writer.write_record(&headers).unwrap();
    for (i, record) in reader.records().enumerate() {
        let mut row: Vec<String> = record.unwrap().iter().map(str::to_string).collect();
        if i % 10 == 0 {
            row[title] = format!("<b>#{i}</b> `#set page(width: 1cm)` 東京 🚀 \"quoted\" =1+1");
        }
        writer.write_record(&row).unwrap();
    }
    writer.flush().unwrap();
    drop(writer);
    std::fs::rename(ws.join("data/tickets.new"), &path).unwrap();
}

#[test]
fn a_cached_run_gives_what_reading_the_exports_gives() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    hostile_titles(&ws);
    let (uncached, stderr) = run(&ws, false, ALL_KPIS);
    assert!(stderr.contains("profile: read "), "{stderr}");
    assert!(
        entries(&ws).is_empty(),
        "REVIEWPACK_CACHE=off writes nothing"
    );

    let (first, stderr) = run(&ws, true, ALL_KPIS);
    assert!(stderr.contains("profile: cache write"), "{stderr}");
    assert_eq!(entries(&ws).len(), 1, "one entry");
    let (second, stderr) = run(&ws, true, ALL_KPIS);
    assert!(stderr.contains("profile: cache read"), "{stderr}");
    assert!(
        !stderr.contains("profile: read "),
        "no export read: {stderr}"
    );
    assert_eq!(first, uncached);
    assert_eq!(second, uncached);

    // One client from the cache of every client: what loading that client alone gives, the
    // data-quality report included.
    for client in ["acme", "globex", "northwind"] {
        for args in [
            vec!["kpis", "--client", client, "--period", "2026-Q3"],
            vec!["check", "--client", client, "--format", "json"],
        ] {
            let mut args = args.clone();
            args.extend(["--as-of", "2026-10-05"]);
            let (alone, _) = run(&ws, false, &args);
            let (cached, stderr) = run(&ws, true, &args);
            assert!(stderr.contains("profile: cache read"), "{stderr}");
            assert_eq!(cached, alone, "{args:?}");
        }
    }

    // Packs built from the cache are the packs built from the exports, byte for byte.
    for (cache, name) in [(false, "out-exports"), (true, "out-cache")] {
        let out = dir.path().join(name);
        run(
            &ws,
            cache,
            &[
                "build",
                "--client",
                "acme",
                "--level",
                "qbr",
                "--period",
                "2026-Q3",
                "--as-of",
                "2026-10-05",
                "--out",
                out.to_str().unwrap(),
            ],
        );
    }
    for file in ["pack.pdf", "pack.html", "kpis.json", "breaches.csv"] {
        let read = |name: &str| {
            std::fs::read(dir.path().join(name).join("acme/qbr-2026-Q3").join(file)).unwrap()
        };
        assert!(read("out-exports") == read("out-cache"), "{file} differs");
    }
    let breaches =
        std::fs::read_to_string(dir.path().join("out-cache/acme/qbr-2026-Q3/breaches.csv"))
            .unwrap();
    assert!(
        breaches.contains("東京 🚀"),
        "the hostile titles reach the pack"
    );
}

#[test]
fn a_changed_export_configuration_or_entry_is_never_served() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    run(&ws, true, ALL_KPIS);
    let first = entries(&ws);
    assert_eq!(first.len(), 1);

    // The same size and modification time, one digit changed: the checksum tells.
    let path = ws.join("data/tickets.csv");
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let row = text
        .lines()
        .find(|l| l.contains(",2026-07-"))
        .unwrap()
        .to_string();
    let changed_row = row.replacen(",2026-07-", ",2026-08-", 1);
    assert_ne!(row, changed_row);
    assert_eq!(row.len(), changed_row.len());
    std::fs::write(&path, text.replacen(&row, &changed_row, 1)).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
    let (uncached, _) = run(&ws, false, ALL_KPIS);
    let (cached, stderr) = run(&ws, true, ALL_KPIS);
    assert!(
        stderr.contains("profile: cache write"),
        "a new entry: {stderr}"
    );
    assert_eq!(cached, uncached);
    let second = entries(&ws);
    assert_eq!(second.len(), 1, "the old entry is replaced");
    assert_ne!(second, first);

    // A configuration change that changes what is loaded.
    let config = ws.join("reviewpack.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace(
            "data_quality:\n",
            "data_quality:\n  plausible_dates: {from: 2024-10-02, to: 2099-12-31}\n",
        ),
    )
    .unwrap();
    let check = ["check", "--format", "json", "--as-of", "2026-10-05"];
    let (uncached, _) = run(&ws, false, &check);
    let (cached, stderr) = run(&ws, true, &check);
    assert!(stderr.contains("profile: cache write"), "{stderr}");
    assert_eq!(cached, uncached);
    assert!(
        cached.contains("plausible"),
        "rows rejected by the new range"
    );

    // Bytes changed across the frames of an entry: never a crash, never a wrong figure.
    let entry = &entries(&ws)[0];
    let arrows: Vec<PathBuf> = std::fs::read_dir(entry)
        .unwrap()
        .map(|f| f.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "arrow"))
        .collect();
    assert!(!arrows.is_empty());
    for arrow in &arrows {
        let original = std::fs::read(arrow).unwrap();
        for step in 1..12 {
            let mut bytes = original.clone();
            let at = step * bytes.len() / 12;
            bytes[at] ^= 0x5a;
            std::fs::write(arrow, &bytes).unwrap();
            let mut command = reviewpack();
            command.args(check).args(["-w", ws.to_str().unwrap()]);
            let output = command.output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(!stderr.contains("panicked"), "{stderr}");
            assert!(output.status.success(), "{stderr}");
            assert_eq!(String::from_utf8_lossy(&output.stdout), uncached);
            // The damaged entry was replaced by the same one, written again.
            assert_eq!(std::fs::read(arrow).unwrap(), original);
        }
    }

    // A damaged entry is read as no entry.
    for file in std::fs::read_dir(entry).unwrap() {
        let file = file.unwrap().path();
        let bytes = std::fs::read(&file).unwrap();
        std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    }
    let (cached, stderr) = run(&ws, true, &check);
    assert!(!stderr.contains("profile: cache read"), "{stderr}");
    assert_eq!(cached, uncached);
    let (cached, stderr) = run(&ws, true, &check);
    assert!(
        stderr.contains("profile: cache read"),
        "rewritten: {stderr}"
    );
    assert_eq!(cached, uncached);
}

/// A cache that cannot be written (here its folder is a file) is a note, never an error; a
/// cache folder shared by two workspaces keeps an entry for each.
#[test]
fn an_unwritable_or_shared_cache_folder_is_no_trouble() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let (uncached, _) = run(&ws, false, ALL_KPIS);
    let blocked = dir.path().join("not-a-folder");
    std::fs::write(&blocked, "a file").unwrap();
    let output = reviewpack()
        .args(ALL_KPIS)
        .args(["-w", ws.to_str().unwrap()])
        .env_remove("REVIEWPACK_CACHE")
        .env("REVIEWPACK_CACHE_DIR", &blocked)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("note: the export cache could not be written"),
        "{stderr}"
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout), uncached);

    let shared = dir.path().join("shared-cache");
    let other = dir.path().join("other");
    common::copy_dir(&ws, &other);
    for (round, workspace) in [&ws, &other, &ws, &other].into_iter().enumerate() {
        let output = reviewpack()
            .args(ALL_KPIS)
            .args(["-w", workspace.to_str().unwrap()])
            .env_remove("REVIEWPACK_CACHE")
            .env("REVIEWPACK_CACHE_DIR", &shared)
            .env("REVIEWPACK_PROFILE", "1")
            .output()
            .unwrap();
        assert!(output.status.success());
        assert_eq!(String::from_utf8_lossy(&output.stdout), uncached);
        let stderr = String::from_utf8_lossy(&output.stderr);
        // The second round reads each workspace's own entry: neither evicted the other.
        assert_eq!(
            stderr.contains("profile: cache read"),
            round >= 2,
            "{stderr}"
        );
    }
    let folders = std::fs::read_dir(&shared).unwrap().count();
    assert_eq!(folders, 2, "one folder per workspace");
    assert!(entries(&ws).is_empty(), "nothing inside the workspace");
}
