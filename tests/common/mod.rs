//! Helpers shared by the integration tests: the real binary, temporary workspaces, Python.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `kpis` of every client for 2026-Q3 as of 2026-10-05, as JSON (the sample workspace's
/// reference run).
pub const ALL_KPIS: &[&str] = &[
    "kpis",
    "--all-clients",
    "--period",
    "2026-Q3",
    "--as-of",
    "2026-10-05",
    "--format",
    "json",
];

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

/// Text with runs of whitespace folded to one space.
pub fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of a PDF, through poppler's pdftotext (installed by scripts/test.sh).
pub fn pdf_text(pdf: &Path) -> String {
    let output = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (scripts/test.sh installs poppler-utils)");
    assert!(output.status.success(), "pdftotext {}", pdf.display());
    squeeze(&String::from_utf8_lossy(&output.stdout))
}

/// A word of a PDF page and its top and bottom, in points from the top of the page.
pub type Word = (String, f64, f64);

/// The words of each page of a PDF with their boxes (pdftotext -bbox): per page its height and
/// its words.
pub fn words_by_page(pdf: &Path) -> Vec<(f64, Vec<Word>)> {
    let output = Command::new("pdftotext")
        .args(["-bbox", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs (scripts/test.sh installs poppler-utils)");
    assert!(output.status.success(), "pdftotext -bbox {}", pdf.display());
    let xhtml = String::from_utf8_lossy(&output.stdout);
    let attribute = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[start..].split('"').next().unwrap().parse().unwrap()
    };
    let mut pages = Vec::new();
    for line in xhtml.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push((attribute(line, "height"), Vec::new()));
        } else if line.starts_with("<word ") {
            let word = line.split('>').nth(1).unwrap().split('<').next().unwrap();
            let (_, words) = pages.last_mut().unwrap();
            words.push((
                word.to_string(),
                attribute(line, "yMin"),
                attribute(line, "yMax"),
            ));
        }
    }
    pages
}

/// The text of an HTML file: tags dropped, the entities tera writes decoded, spaces folded.
pub fn html_text(html: &Path) -> String {
    let text = std::fs::read_to_string(html).expect("the HTML file");
    let mut plain = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                plain.push(' ');
            }
            _ if !in_tag => plain.push(c),
            _ => {}
        }
    }
    squeeze(
        &plain
            .replace("&#39;", "'")
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&#x2F;", "/")
            .replace("&amp;", "&"),
    )
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("list folder") {
        let path = entry.expect("folder entry").path();
        let target = to.join(path.file_name().expect("a file name"));
        if path.file_name().is_some_and(|n| n == ".reviewpack-cache") {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy file");
        }
    }
}

/// Builds a pack of `level` for `period` as of 2026-10-05 and returns its folder.
pub fn build_pack(ws: &Path, client: &str, level: &str, period: &str, out: &Path) -> PathBuf {
    run_ok(&[
        "build",
        "-w",
        ws.to_str().expect("UTF-8 path"),
        "--client",
        client,
        "--level",
        level,
        "--period",
        period,
        "--as-of",
        "2026-10-05",
        "--out",
        out.to_str().expect("UTF-8 path"),
    ]);
    out.join(client).join(format!("{level}-{period}"))
}

/// Every file under `dir` (relative paths, sorted); links are listed, not followed.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("readable folder") {
            let path = entry.expect("folder entry").path();
            if path.is_dir() && !path.is_symlink() {
                pending.push(path);
            } else {
                found.push(path.strip_prefix(dir).expect("under dir").to_path_buf());
            }
        }
    }
    found.sort();
    found
}

/// `kpis --format json` of one client and period, parsed.
pub fn kpis_json(ws: &Path, client: &str, period: &str, as_of: &str) -> serde_json::Value {
    let out = run_ok(&[
        "kpis",
        "-w",
        ws.to_str().unwrap(),
        "--client",
        client,
        "--period",
        period,
        "--as-of",
        as_of,
        "--format",
        "json",
    ]);
    serde_json::from_str(&out).unwrap()
}
