//! Helpers shared by the integration tests: the real binary, temporary workspaces, Python.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `reviewpack` binary under test.
pub fn reviewpack() -> Command {
    Command::new(env!("CARGO_BIN_EXE_reviewpack"))
}

/// Runs the binary with arguments.
pub fn run(args: &[&str]) -> Output {
    reviewpack()
        .args(args)
        .output()
        .expect("the reviewpack binary runs")
}

/// Runs and asserts success, returning stdout.
pub fn run_ok(args: &[&str]) -> String {
    let output = run(args);
    assert!(
        output.status.success(),
        "reviewpack {} failed ({:?}):\n{}\n{}",
        args.join(" "),
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8 output")
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file of the shared real data (`../shared/data/...` beside the repository). Set
/// `REVIEWPACK_SHARED_DATA` to read it from elsewhere.
pub fn shared_data(relative: &str) -> PathBuf {
    let candidates = [
        std::env::var_os("REVIEWPACK_SHARED_DATA").map(PathBuf::from),
        Some(repo().join("../shared/data")),
        Some(PathBuf::from("/work/shared/data")),
    ];
    for base in candidates.into_iter().flatten() {
        let path = base.join(relative);
        if path.exists() {
            return path;
        }
    }
    panic!(
        "the shared real data `{relative}` was not found beside the repository (../shared/data); set REVIEWPACK_SHARED_DATA to its folder"
    );
}

/// Python 3 for the independent scripts.
pub fn python(script: &str, args: &[&str]) -> String {
    let output = Command::new("python3")
        .arg(repo().join("tests/independent").join(script))
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{script} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8 output")
}

/// Writes a file, creating its folder.
pub fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folder");
    std::fs::write(path, text).expect("write file");
}

/// Asserts two optional numbers agree within a tolerance.
pub fn close(label: &str, ours: Option<f64>, theirs: Option<f64>, tolerance: f64) {
    match (ours, theirs) {
        (Some(a), Some(b)) => assert!(
            (a - b).abs() <= tolerance,
            "{label}: reviewpack {a} vs independent {b}"
        ),
        (None, None) => {}
        _ => panic!("{label}: reviewpack {ours:?} vs independent {theirs:?}"),
    }
}
