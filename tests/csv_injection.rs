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
