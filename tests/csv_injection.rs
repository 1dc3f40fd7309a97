//! Text from the data is never a live spreadsheet formula: in a pack's `breaches.csv` and in
//! `kpis --format csv`, text cells starting with `=`, `+`, `-`, `@`, a tab or a carriage return
//! carry a leading `'` (OWASP's defence against CSV injection); numbers stay numbers.

mod common;

use common::{build_pack, copy_dir, repo, run_ok};

const FORMULAS: [&str; 6] = [
    "=HYPERLINK(\"http://evil.example\",\"Click\")",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\tleading tab",
    "\rleading carriage return",
];

#[test]
fn formulas_in_titles_and_names_are_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_dir(&repo().join("sample-data"), &ws);
    // Every ticket title becomes a formula.
    let path = ws.join("data/tickets.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let title = headers.iter().position(|h| h == "Summary").unwrap();
    let mut writer = csv::Writer::from_path(ws.join("data/tickets.new")).unwrap();
    writer.write_record(&headers).unwrap();
    for (i, record) in reader.records().enumerate() {
        let record = record.unwrap();
        let row: Vec<String> = record
            .iter()
            .enumerate()
            .map(|(j, cell)| {
                if j == title {
                    FORMULAS[i % FORMULAS.len()].to_string()
                } else {
                    cell.to_string()
                }
            })
            .collect();
        writer.write_record(&row).unwrap();
    }
    writer.flush().unwrap();
    drop(writer);
    std::fs::rename(ws.join("data/tickets.new"), &path).unwrap();
    // A KPI name that is a formula.
    let client = ws.join("clients/acme.yaml");
    let text = std::fs::read_to_string(&client).unwrap();
    let text = text.replace("name: Prima risposta mediana, P1–P2", "name: \"=1+2\"");
    std::fs::write(&client, text).unwrap();

    let out = dir.path().join("out");
    let pack = build_pack(&ws, "acme", "qbr", "2026-Q3", &out);
    let mut breaches = csv::Reader::from_path(pack.join("breaches.csv")).unwrap();
    let title_column = breaches
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "title")
        .unwrap();
    let mut seen = 0;
    let mut neutralised = 0;
    for record in breaches.records() {
        let record = record.unwrap();
        let cell = &record[title_column];
        // The loader trims surrounding whitespace (a leading carriage return goes there); any
        // cell still starting with a formula character is neutralised.
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a live formula: {cell:?}"
        );
        if let Some(formula) = cell.strip_prefix('\'') {
            assert!(FORMULAS.contains(&formula), "{cell:?}");
            neutralised += 1;
        }
        let over_by = record.get(8).unwrap();
        assert!(
            over_by.parse::<f64>().is_ok(),
            "numbers stay numbers: {over_by}"
        );
        seen += 1;
    }
    assert!(seen > 0, "the quarter has breaches");
    assert!(neutralised > 0, "formula titles were neutralised");
    spreadsheet_shows_text(&pack.join("breaches.csv"), dir.path());

    let kpis = run_ok(&[
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
        "csv",
    ]);
    let mut reader = csv::Reader::from_reader(kpis.as_bytes());
    let names: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[4].to_string())
        .collect();
    assert!(names.iter().any(|n| n == "'=1+2"), "{names:?}");
    assert!(!names.iter().any(|n| n.starts_with('=')), "{names:?}");
}

/// A spreadsheet engine opens `breaches.csv` with formula evaluation on (LibreOffice headless,
/// CSV import evaluating formulas, saved as flat ODS): no cell is a formula. The same titles
/// written without the guard do become formulas, so the check can fail.
fn spreadsheet_shows_text(csv: &std::path::Path, dir: &std::path::Path) {
    let raw = dir.join("raw.csv");
    let mut writer = csv::Writer::from_path(&raw).unwrap();
    writer.write_record(["id", "title"]).unwrap();
    for (i, formula) in FORMULAS.iter().enumerate() {
        writer.write_record([&i.to_string(), *formula]).unwrap();
    }
    writer.flush().unwrap();
    let guarded = dir.join("breaches.csv");
    std::fs::copy(csv, &guarded).unwrap();
    let out = dir.join("ods");
    let profile = dir.join("lo-profile");
    let output = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--norestore"])
        // Comma, double quote, UTF-8, from line 1, …, evaluate formulas (the 13th option).
        .arg("--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,false,true")
        .args(["--convert-to", "fods", "--outdir"])
        .arg(&out)
        .arg(&raw)
        .arg(&guarded)
        .output()
        .expect("LibreOffice (soffice) runs: scripts/test.sh installs libreoffice-calc-nogui");
    let read = |name: &str| {
        std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| {
            panic!(
                "{name}: {e}\n{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )
        })
    };
    let raw = read("raw.fods");
    assert!(
        raw.contains("table:formula=\"of:=HYPERLINK("),
        "the unguarded titles are formulas to LibreOffice"
    );
    let guarded = read("breaches.fods");
    assert!(
        !guarded.contains("table:formula="),
        "a cell of breaches.csv is a formula"
    );
    assert!(
        guarded.contains("<text:p>&apos;"),
        "the neutralised titles show as text"
    );
}
