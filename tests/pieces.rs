//! A CSV ticket export is read in pieces (`CSV_PIECE_BYTES`, cut at record boundaries): read in
//! many small pieces it gives exactly what it gives read whole — every KPI, every data-quality
//! finding with its row number, the file's checksum — whatever sits across a cut: a quoted
//! title with line breaks and doubled quotes, a blank line, CRLF line ends, a row with a field
//! too many, a client no configuration matches; plain or gzip-compressed.

mod common;

use std::io::Write;
use std::path::Path;

use common::{ALL_KPIS, copy_dir, repo, reviewpack};

/// Runs the binary with pieces of `piece` bytes (None: the default); returns stdout.
fn run(ws: &Path, piece: Option<usize>, args: &[&str]) -> String {
    let mut command = reviewpack();
    command
        .args(args)
        .args(["-w", ws.to_str().unwrap()])
        .env("REVIEWPACK_CACHE", "off");
    match piece {
        Some(bytes) => command.env("REVIEWPACK_CSV_PIECE_BYTES", bytes.to_string()),
        None => command.env_remove("REVIEWPACK_CSV_PIECE_BYTES"),
    };
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{args:?} with pieces of {piece:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The sample export with awkward records spread through it.
fn awkward_export(original: &str) -> String {
    let mut lines: Vec<String> = original.lines().map(str::to_string).collect();
    let header = lines.remove(0);
    let mut out = vec![header];
    for (k, line) in lines.into_iter().enumerate() {
        let fields: Vec<&str> = line.split(',').collect();
        match k % 97 {
            // A title over three lines, with doubled quotes and a delimiter in it.
            3 => {
                let mut f: Vec<String> = fields.iter().map(|s| s.to_string()).collect();
                f[10] = "\"Printer \"\"B2\"\" jams,\nagain\nand again\"".to_string();
                out.push(f.join(","));
            }
            // A field too many (a bad row), then the ticket itself.
            17 => {
                out.push(format!("{line},extra"));
                out.push(line);
            }
            // A blank line before the row.
            29 => {
                out.push(String::new());
                out.push(line);
            }
            // A CRLF line end.
            41 => out.push(format!("{line}\r")),
            // A client no configuration matches.
            53 => {
                let mut f: Vec<String> = fields.iter().map(|s| s.to_string()).collect();
                f[1] = "Unknown Holdings".to_string();
                out.push(f.join(","));
            }
            _ => out.push(line),
        }
    }
    out.join("\n") + "\n"
}

#[test]
fn an_export_read_in_small_pieces_gives_what_it_gives_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_dir(&repo().join("sample-data"), &ws);
    let tickets = ws.join("data/tickets.csv");
    let text = awkward_export(&std::fs::read_to_string(&tickets).unwrap());
    std::fs::write(&tickets, &text).unwrap();
    assert!(text.len() > 100 * 4096, "the export spans many pieces");
    let check = ["check", "--format", "json", "--as-of", "2026-10-05"];
    let whole_kpis = run(&ws, None, ALL_KPIS);
    let whole_check = run(&ws, None, &check);
    // The awkward rows are seen: the bad row and the unknown client with their rows.
    let report: serde_json::Value = serde_json::from_str(&whole_check).unwrap();
    let flat = report.to_string();
    assert!(flat.contains("fields where the header has 17"), "{flat}");
    assert!(flat.contains("Unknown Holdings"), "{flat}");
    for piece in [1024, 4096, 10_000] {
        assert_eq!(
            run(&ws, Some(piece), ALL_KPIS),
            whole_kpis,
            "kpis, pieces of {piece} bytes"
        );
        assert_eq!(
            run(&ws, Some(piece), &check),
            whole_check,
            "check, pieces of {piece} bytes"
        );
    }
    // The same export gzip-compressed: read in pieces as it is decompressed.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(text.as_bytes()).unwrap();
    std::fs::write(&tickets, gz.finish().unwrap()).unwrap();
    assert_eq!(
        run(&ws, Some(4096), ALL_KPIS),
        run(&ws, Some(usize::MAX), ALL_KPIS),
        "gzip, in pieces and whole"
    );
}

#[test]
fn a_record_longer_than_a_piece_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_dir(&repo().join("sample-data"), &ws);
    let tickets = ws.join("data/tickets.csv");
    let original = std::fs::read_to_string(&tickets).unwrap();
    let mut lines: Vec<String> = original.lines().map(str::to_string).collect();
    // A 20 kB title (with line breaks) in the 11th ticket: longer than a piece of 1 kB.
    let mut f: Vec<String> = lines[11].split(',').map(str::to_string).collect();
    f[10] = format!("\"{}\"", "long line\n".repeat(2000));
    lines[11] = f.join(",");
    std::fs::write(&tickets, lines.join("\n") + "\n").unwrap();
    assert_eq!(run(&ws, Some(1024), ALL_KPIS), run(&ws, None, ALL_KPIS));
}
