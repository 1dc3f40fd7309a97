//! QBR packs built from the committed sample workspace and checked with real tools: the PDF with
//! pdftotext, pdfinfo and qpdf; the HTML with the W3C checker and axe-core in headless Chromium.
//! `scripts/test.sh` installs the tools.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{kpis_json, repo, run, run_ok, words_by_page, write};
use reviewpack::config::{Locale, Unit};
use reviewpack::pack::locale::Format;
use serde_json::Value;

fn tool(name: &str) -> PathBuf {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .expect("sh runs");
    assert!(
        found.status.success(),
        "`{name}` is not installed: run scripts/test.sh, which installs the test tools"
    );
    PathBuf::from(String::from_utf8_lossy(&found.stdout).trim())
}

fn output_of(program: &str, args: &[&str]) -> String {
    let output = Command::new(tool(program))
        .args(args)
        .output()
        .expect("tool runs");
    assert!(
        output.status.success(),
        "{program} {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).to_string()
}

fn build(workspace: &Path, client: &str, period: &str, out: &Path) -> PathBuf {
    build_level(workspace, client, "qbr", period, out)
}

fn build_level(workspace: &Path, client: &str, level: &str, period: &str, out: &Path) -> PathBuf {
    common::build_pack(workspace, client, level, period, out)
}

/// The PDF checks every pack passes: qpdf, tagged PDF/UA-1, every font embedded and subset.
/// Returns the number of pages.
fn check_pdf(pdf: &Path) -> usize {
    let check = output_of("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{}: {check}",
        pdf.display()
    );
    let info = output_of("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("Tagged:          yes"), "{info}");
    let metadata = output_of("pdfinfo", &["-meta", pdf.to_str().unwrap()]);
    assert!(metadata.contains("pdfuaid:part"), "{metadata}");
    let fonts = output_of("pdffonts", &[pdf.to_str().unwrap()]);
    for row in fonts.lines().skip(2) {
        assert!(row.contains(" yes yes yes "), "{}: {row}", pdf.display());
    }
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// The W3C checker over HTML files at once: no errors.
fn check_html_valid(files: &[PathBuf]) {
    let vnu = repo().join("tests/tools/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        vnu.exists(),
        "the W3C checker is missing: run scripts/test.sh"
    );
    let output = Command::new(tool("java"))
        .arg("-jar")
        .arg(&vnu)
        .arg("--errors-only")
        .args(files)
        .output()
        .unwrap();
    assert!(
        output.status.success() && output.stderr.is_empty(),
        "W3C checker:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn every_level_of_every_sample_client_passes_the_pdf_and_html_checks() {
    let dir = tempfile::tempdir().unwrap();
    let ws = repo().join("sample-data");
    let mut html_files = Vec::new();
    for (client, locale) in [
        ("acme", Locale::ItIt),
        ("northwind", Locale::EnGb),
        ("globex", Locale::EnUs),
    ] {
        for (level, period) in [
            ("sync", "2026-W38..W39"),
            ("monthly", "2026-09"),
            ("qbr", "2026-Q3"),
            ("semiannual", "2026-H1"),
            (
                "annual",
                if client == "northwind" {
                    "FY2026"
                } else {
                    "2025"
                },
            ),
        ] {
            let pack = build_level(&ws, client, level, period, dir.path());
            let pages = check_pdf(&pack.join("pack.pdf"));
            if level == "sync" {
                assert!(pages <= 2, "{client}: the sync pack has {pages} pages");
            }
            let text = pdf_text(&pack.join("pack.pdf"));
            let browser = browser_report(&pack.join("pack.html"), None);
            assert_eq!(
                browser["violations"],
                Value::Array(vec![]),
                "{client} {level}: axe-core violations: {:#}",
                browser["violations"]
            );
            assert_eq!(
                browser["requests"],
                Value::Array(vec![]),
                "{client} {level}"
            );
            let html_text = squeeze(browser["text"].as_str().unwrap());
            // The pack's figures are those of `kpis` for the same period.
            let reference = kpis_json(&ws, client, period, "2026-10-05");
            let packed: Value =
                serde_json::from_slice(&std::fs::read(pack.join("kpis.json")).unwrap()).unwrap();
            assert_eq!(packed["csfs"], reference["csfs"], "{client} {level}");
            let format = Format::new(locale);
            let created = format.count(reference["metrics"]["created"].as_f64().unwrap());
            assert!(
                text.contains(&created) && html_text.contains(&created),
                "{client} {level}: ticket count {created}"
            );
            if let Some(sla) = reference["metrics"]["response_sla"]["percent"].as_f64() {
                let shown = format.percent(sla);
                assert!(
                    text.contains(&shown) && html_text.contains(&shown),
                    "{client} {level}: response SLA {shown}"
                );
            }
            if level != "sync" {
                let mut checked = 0;
                for kpi in reference["csfs"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .flat_map(|c| c["kpis"].as_array().unwrap())
                {
                    let Some(value) = kpi["value"].as_f64() else {
                        continue;
                    };
                    let shown = format.value(value, unit_of(kpi));
                    assert!(
                        text.contains(&shown) && html_text.contains(&shown),
                        "{client} {level}: KPI {} = {shown}",
                        kpi["id"]
                    );
                    checked += 1;
                }
                assert!(checked >= 8, "{client} {level}: {checked} KPIs checked");
            }
            html_files.push(pack.join("pack.html"));
        }
    }
    check_html_valid(&html_files);
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pdf_text(pdf: &Path) -> String {
    squeeze(&output_of("pdftotext", &[pdf.to_str().unwrap(), "-"]))
}

fn unit_of(kpi: &Value) -> Unit {
    match kpi["unit"].as_str().unwrap() {
        "percent" => Unit::Percent,
        "minutes" => Unit::Minutes,
        "score" => Unit::Score,
        "ratio" => Unit::Ratio,
        _ => Unit::Count,
    }
}

/// Text of a page as a browser sees it (tags removed, entities decoded), via headless Chromium.
fn browser_report(html: &Path, screenshot: Option<&Path>) -> Value {
    let script = repo().join("tests/browser/check_html.mjs");
    let mut command = Command::new(tool("node"));
    command.arg(script).arg(html);
    if let Some(prefix) = screenshot {
        command.arg(prefix);
    }
    let output = command.output().expect("node runs");
    assert!(
        output.status.success(),
        "the browser check failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("browser report JSON")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

fn sample_workspace(dir: &Path) -> PathBuf {
    let ws = dir.join("ws");
    copy_dir(&repo().join("sample-data"), &ws);
    ws
}

#[test]
fn every_kpi_of_the_quarter_appears_in_the_pdf_and_the_html() {
    let dir = tempfile::tempdir().unwrap();
    let ws = repo().join("sample-data");
    for (client, locale) in [
        ("acme", Locale::ItIt),
        ("northwind", Locale::EnGb),
        ("globex", Locale::EnUs),
    ] {
        let pack = build(&ws, client, "2026-Q3", dir.path());
        for file in [
            "pack.pdf",
            "pack.html",
            "kpis.json",
            "breaches.csv",
            "manifest.json",
            "charts/sla-by-priority.svg",
        ] {
            assert!(pack.join(file).exists(), "{client}: {file} missing");
        }
        let reference: Value = serde_json::from_str(&run_ok(&[
            "kpis",
            "-w",
            ws.to_str().unwrap(),
            "--client",
            client,
            "--period",
            "2026-Q3",
            "--as-of",
            "2026-10-05",
            "--format",
            "json",
        ]))
        .unwrap();
        let text = pdf_text(&pack.join("pack.pdf"));
        let browser = browser_report(&pack.join("pack.html"), None);
        let html_text = squeeze(browser["text"].as_str().unwrap());
        let format = Format::new(locale);
        let mut checked = 0;
        for kpi in reference["csfs"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["kpis"].as_array().unwrap())
        {
            let Some(value) = kpi["value"].as_f64() else {
                continue;
            };
            let shown = format.value(value, unit_of(kpi));
            assert!(
                text.contains(&shown),
                "{client}: KPI {} = {shown} is not in the PDF text",
                kpi["id"]
            );
            assert!(
                html_text.contains(&shown),
                "{client}: KPI {} = {shown} is not in the HTML",
                kpi["id"]
            );
            checked += 1;
        }
        assert!(checked >= 10, "{client}: only {checked} KPI values checked");
        let created = format.count(reference["metrics"]["created"].as_f64().unwrap());
        assert!(
            text.contains(&created) && html_text.contains(&created),
            "{client}: ticket count {created}"
        );
        // The kpis.json of the pack is the same computation.
        let packed: Value =
            serde_json::from_slice(&std::fs::read(pack.join("kpis.json")).unwrap()).unwrap();
        assert_eq!(packed["csfs"], reference["csfs"]);
    }
}

#[test]
fn pdf_is_valid_tagged_pdf_ua_with_embedded_fonts() {
    let dir = tempfile::tempdir().unwrap();
    let pack = build(
        &repo().join("sample-data"),
        "northwind",
        "2026-Q3",
        dir.path(),
    );
    let pdf = pack.join("pack.pdf");
    let check = output_of("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );
    let info = output_of("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(
        info.contains(
            "Title:           Northwind Logistics Ltd — Quarterly Business Review Q3 2026"
        ),
        "{info}"
    );
    assert!(
        info.contains("Page size:       595.276 x 841.89 pts (A4)"),
        "{info}"
    );
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(pages >= 8, "{pages} pages");
    let metadata = output_of("pdfinfo", &["-meta", pdf.to_str().unwrap()]);
    assert!(
        metadata.contains("pdfuaid:part") && metadata.contains('1'),
        "PDF/UA-1 identification missing:\n{metadata}"
    );
    let fonts = output_of("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty());
    for row in rows {
        assert!(
            row.contains(" yes yes yes "),
            "a font is not embedded and subset: {row}"
        );
    }
    let text = pdf_text(&pdf);
    for heading in [
        "Executive summary",
        "CSF scorecard",
        "Trends",
        "Monthly breakdown",
        "SLA attainment by priority",
        "Tickets by category",
        "Backlog",
        "Customer satisfaction",
        "SLA breaches",
        "Methodology",
    ] {
        assert!(text.contains(heading), "section `{heading}` missing");
    }
    assert!(text.contains("Page 2 of"), "page numbers");
}

#[test]
fn html_is_valid_accessible_self_contained_and_readable_on_a_phone() {
    let dir = tempfile::tempdir().unwrap();
    let pack = build(&repo().join("sample-data"), "acme", "2026-Q3", dir.path());
    let html = pack.join("pack.html");
    let vnu = repo().join("tests/tools/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        vnu.exists(),
        "the W3C checker is missing: run scripts/test.sh"
    );
    let output = Command::new(tool("java"))
        .arg("-jar")
        .arg(&vnu)
        .arg("--errors-only")
        .arg(&html)
        .output()
        .unwrap();
    assert!(
        output.status.success() && output.stderr.is_empty(),
        "W3C checker:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = browser_report(&html, Some(&dir.path().join("shot")));
    assert_eq!(
        report["violations"],
        Value::Array(vec![]),
        "axe-core violations: {:#}",
        report["violations"]
    );
    assert_eq!(
        report["requests"],
        Value::Array(vec![]),
        "the page fetched something"
    );
    assert_eq!(report["console_errors"], Value::Array(vec![]));
    assert_eq!(report["scripts"], 0, "the pack contains scripts");
    assert_eq!(
        report["phone_horizontal_overflow"], false,
        "the page is wider than a phone screen"
    );
    let source = std::fs::read_to_string(&html).unwrap();
    assert!(
        !source.contains("http://") || !source.contains("src=\"http"),
        "no remote resources"
    );
    assert!(
        source.contains("<svg") && source.contains("role=\"img\""),
        "inline, labelled SVG charts"
    );
    assert!(source.contains("@media print"), "a print stylesheet");
}

#[test]
fn rebuilding_with_the_same_inputs_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let ws = repo().join("sample-data");
    let first = build(&ws, "globex", "2026-Q3", &dir.path().join("a"));
    // Built again among the other clients (northwind's pack shares its language, so typst may
    // reuse what it laid out for that one): the same bytes.
    let out = dir.path().join("b");
    run_ok(&[
        "build",
        "-w",
        ws.to_str().unwrap(),
        "--all-clients",
        "--period",
        "2026-Q3",
        "--as-of",
        "2026-10-05",
        "--out",
        out.to_str().unwrap(),
    ]);
    let second = out.join("globex").join("qbr-2026-Q3");
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(first.join("manifest.json")).unwrap()).unwrap();
    let outputs = manifest["outputs"].as_array().unwrap();
    assert!(outputs.len() >= 10);
    for file in outputs
        .iter()
        .map(|o| o["path"].as_str().unwrap())
        .chain(["manifest.json"])
    {
        assert!(
            std::fs::read(first.join(file)).unwrap() == std::fs::read(second.join(file)).unwrap(),
            "{file} differs between identical builds"
        );
    }
    // The manifest lists inputs with checksums.
    let inputs = manifest["inputs"].as_array().unwrap();
    assert!(
        inputs
            .iter()
            .any(|i| i["kind"] == "export" && i["sha256"].as_str().unwrap().len() == 64)
    );
    // The configuration it was built from: the workspace's and its client's own files; the
    // exports its client reads. Never another client's (the run also built acme and northwind).
    let configs: Vec<&str> = inputs
        .iter()
        .filter(|i| i["kind"] == "config")
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert_eq!(configs, ["reviewpack.yaml", "clients/globex.yaml"]);
    let exports: Vec<&str> = inputs
        .iter()
        .filter(|i| i["kind"] == "export")
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert!(
        exports.contains(&"data/history/globex.csv.gz")
            && !exports
                .iter()
                .any(|e| e.contains("acme") || e.contains("northwind")),
        "{exports:?}"
    );
}

#[test]
fn a_build_that_fails_half_way_leaves_the_previous_pack_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let ws = sample_workspace(dir.path());
    let out = dir.path().join("out");
    let pack = build(&ws, "acme", "2026-Q3", &out);
    let before: Vec<(PathBuf, Vec<u8>)> = ["pack.pdf", "pack.html", "kpis.json", "manifest.json"]
        .iter()
        .map(|f| (pack.join(f), std::fs::read(pack.join(f)).unwrap()))
        .collect();
    // A template that fails while typesetting: the HTML has been rendered, the PDF fails.
    write(
        &ws.join("templates/qbr.typ"),
        "#import \"pack.typ\": *\n#set document(title: meta.title)\n#panic(\"deliberate failure\")\n",
    );
    let output = run(&[
        "build",
        "-w",
        ws.to_str().unwrap(),
        "--client",
        "acme",
        "--period",
        "2026-Q3",
        "--as-of",
        "2026-10-05",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("template qbr.typ:3:2") && stderr.contains("deliberate failure"),
        "{stderr}"
    );
    for (path, bytes) in before {
        assert!(
            std::fs::read(&path).unwrap() == bytes,
            "{} changed",
            path.display()
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(out.join("acme"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "staging folders left behind: {leftovers:?}"
    );
}

const HOSTILE: &str = r#"Acme #set page(width: 1cm) $x^2$ <script>alert("x")</script> *bold* _it_ \ ] [ {{ x }} & "q""#;

#[test]
fn text_from_the_data_never_becomes_markup() {
    let dir = tempfile::tempdir().unwrap();
    let ws = sample_workspace(dir.path());
    // A hostile client name, category and ticket title, and hostile commentary.
    let client = std::fs::read_to_string(ws.join("clients/acme.yaml")).unwrap();
    let yaml_name = HOSTILE.replace('\\', "\\\\").replace('"', "\\\"");
    let client = client.replace(
        "name: Acme Manufacturing S.p.A.",
        &format!("name: \"{yaml_name}\""),
    );
    std::fs::write(ws.join("clients/acme.yaml"), client).unwrap();
    let tickets = std::fs::read_to_string(ws.join("data/tickets.csv")).unwrap();
    let csv_hostile = format!("\"{}\"", HOSTILE.replace('"', "\"\""));
    let tickets = tickets
        .replace("Network & VPN", &csv_hostile)
        .replace("VPN disconnects every hour", &csv_hostile);
    std::fs::write(ws.join("data/tickets.csv"), tickets).unwrap();
    write(
        &ws.join("commentary/acme/qbr-2026-Q3.md"),
        &format!(
            "## Highlights\n\n{HOSTILE}\n\n- item with `#raw` and [a link](javascript:alert(1))\n"
        ),
    );
    let pack = build(&ws, "acme", "2026-Q3", &dir.path().join("out"));
    let text = pdf_text(&pack.join("pack.pdf"));
    let expected = squeeze(HOSTILE);
    // Whole in the category table; cut to 60 characters in the running header of every page but
    // the first, still literal (a `#set page(width: 1cm)` obeyed would leave no such header).
    let header: String = HOSTILE.chars().take(59).collect();
    let header = format!("{}…", squeeze(&header));
    assert!(
        text.contains(&expected) && text.matches(&header).count() >= 3,
        "the hostile string is not shown literally in the PDF (category, running header): {text}"
    );
    let info = output_of("pdfinfo", &[pack.join("pack.pdf").to_str().unwrap()]);
    assert!(
        info.contains("Page size:       595.276 x 841.89 pts (A4)"),
        "typst markup in the data changed the page:\n{info}"
    );
    let source = std::fs::read_to_string(pack.join("pack.html")).unwrap();
    assert!(
        !source.contains("<script>alert"),
        "a script from the data reached the HTML"
    );
    assert!(
        !source.contains("javascript:"),
        "a javascript: link reached the HTML"
    );
    let browser = browser_report(&pack.join("pack.html"), None);
    assert_eq!(browser["scripts"], 0);
    let html_text = squeeze(browser["text"].as_str().unwrap());
    assert!(
        html_text.matches(&expected).count() >= 3,
        "the hostile string is not shown literally in the HTML"
    );
}

#[test]
fn publishing_freezes_what_was_presented_for_the_next_review() {
    let dir = tempfile::tempdir().unwrap();
    let ws = sample_workspace(dir.path());
    // Start from a workspace where nothing was published yet.
    std::fs::remove_dir_all(ws.join("history")).unwrap();
    let out = dir.path().join("out");
    let w = ws.to_str().unwrap();
    let o = out.to_str().unwrap();
    // Without a published Q2 review, the Q3 comparison is recomputed (marked †).
    let first = build(&ws, "northwind", "2026-Q3", &out);
    let html = std::fs::read_to_string(first.join("pack.html")).unwrap();
    assert!(
        html.contains("No earlier review of this client was published"),
        "note about recomputed values"
    );
    let output = run(&[
        "publish",
        "-w",
        w,
        "--client",
        "northwind",
        "--period",
        "2026-Q2",
        "--out",
        o,
    ]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "publishing an unbuilt pack must fail"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("no built pack"));
    build(&ws, "northwind", "2026-Q2", &out);
    run_ok(&[
        "publish",
        "-w",
        w,
        "--client",
        "northwind",
        "--period",
        "2026-Q2",
        "--out",
        o,
    ]);
    let snapshot: Value = serde_json::from_slice(
        &std::fs::read(ws.join("history/northwind/qbr-2026-Q2.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(snapshot["schema"], "reviewpack.snapshot/1");
    assert_eq!(snapshot["pack_sha256"].as_str().unwrap().len(), 64);
    // Publishing twice needs --force.
    assert_eq!(
        run(&[
            "publish",
            "-w",
            w,
            "--client",
            "northwind",
            "--period",
            "2026-Q2",
            "--out",
            o
        ])
        .status
        .code(),
        Some(1)
    );
    // Edit what was presented: the next QBR shows the presented value, not a recomputation.
    let mut edited = snapshot.clone();
    edited["kpis"]["responsive-service-desk/response_sla"]["value"] = Value::from(12.345);
    std::fs::write(
        ws.join("history/northwind/qbr-2026-Q2.json"),
        serde_json::to_vec_pretty(&edited).unwrap(),
    )
    .unwrap();
    let second = build(&ws, "northwind", "2026-Q3", &out);
    let text = pdf_text(&second.join("pack.pdf"));
    assert!(
        text.contains("12.3%"),
        "the presented Q2 value is used for the comparison"
    );
    let html = std::fs::read_to_string(second.join("pack.html")).unwrap();
    assert!(
        html.contains("values without † are as presented"),
        "note about presented values"
    );
    let manifest = std::fs::read_to_string(second.join("manifest.json")).unwrap();
    assert!(
        manifest.contains("history/northwind/qbr-2026-Q2.json"),
        "the snapshot is listed as an input"
    );
}

#[test]
fn ejected_templates_override_the_built_in_ones() {
    let dir = tempfile::tempdir().unwrap();
    let ws = sample_workspace(dir.path());
    let w = ws.to_str().unwrap();
    run_ok(&["init", "--eject-templates", "-w", w]);
    for file in ["qbr.typ", "pack.typ", "qbr.html", "pack.css"] {
        assert!(ws.join("templates").join(file).exists(), "{file} ejected");
    }
    assert_eq!(
        run(&["init", "--eject-templates", "-w", w]).status.code(),
        Some(1),
        "ejecting over edited templates needs --force"
    );
    // An ejected template edited in place: `from` replaced by `to` (which it must hold).
    let edit = |name: &str, from: &str, to: &str| {
        let path = ws.join("templates").join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{name} holds {from:?}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
    };
    let css = std::fs::read_to_string(ws.join("templates/pack.css")).unwrap();
    std::fs::write(
        ws.join("templates/pack.css"),
        format!("{css}\n.custom-marker-from-workspace {{ color: red; }}\n"),
    )
    .unwrap();
    edit(
        "sections.typ",
        "sec(L.executive_summary, compact)",
        "sec(L.executive_summary, compact)\n  [Custom workspace template.]",
    );
    // reviewpack titles the document only when the template does not.
    edit(
        "pack.typ",
        "set document(author: meta.msp)",
        "set document(title: \"Our own title\", author: meta.msp)",
    );
    let pack = build(&ws, "globex", "2026-Q3", &dir.path().join("out"));
    assert!(
        std::fs::read_to_string(pack.join("pack.html"))
            .unwrap()
            .contains("custom-marker-from-workspace")
    );
    assert!(pdf_text(&pack.join("pack.pdf")).contains("Custom workspace template."));
    let info = output_of("pdfinfo", &[pack.join("pack.pdf").to_str().unwrap()]);
    assert!(info.contains("Title:           Our own title\n"), "{info}");
}

#[test]
fn long_tables_break_across_pages_and_repeat_their_header() {
    let dir = tempfile::tempdir().unwrap();
    let ws = sample_workspace(dir.path());
    // A client with sixty KPIs: the scorecard and the trend table run over several pages.
    let mut kpis = String::new();
    for category in [
        "Email & Collaboration",
        "Accounts & Access",
        "Hardware",
        "Network & VPN",
        "Business Applications",
        "Printing",
        "Security",
        "Backup & Storage",
        "Telephony",
        "Onboarding & Offboarding",
    ] {
        for (metric, target) in [
            ("response_sla", "95%"),
            ("resolution_sla", "90%"),
            ("resolution_time.median", "8h"),
            ("volume", "50"),
            ("reopen_rate", "3%"),
            ("escalation_rate", "15%"),
        ] {
            let direction = if metric == "volume" {
                "\n        direction: lower"
            } else {
                ""
            };
            kpis.push_str(&format!("      - id: {}-{metric}\n        name: \"{category}: {metric}\"\n        metric: {metric}\n        filter: {{category: \"{category}\"}}\n        target: {target}{direction}\n", category.to_lowercase().replace([' ', '&'], "")));
        }
    }
    let client = std::fs::read_to_string(ws.join("clients/globex.yaml")).unwrap();
    let client = client.replace(
        "csfs:\n",
        &format!(
            "csfs:\n  - id: by-category\n    name: Every category on contract\n    kpis:\n{kpis}"
        ),
    );
    std::fs::write(ws.join("clients/globex.yaml"), client).unwrap();
    let pack = build(&ws, "globex", "2026-Q3", &dir.path().join("out"));
    let pdf = pack.join("pack.pdf");
    let pages: Vec<String> = output_of("pdftotext", &[pdf.to_str().unwrap(), "-"])
        .split('\u{c}')
        .map(squeeze)
        .collect();
    let start = pages
        .iter()
        .position(|p| p.contains("CSF scorecard"))
        .expect("scorecard");
    let end = pages
        .iter()
        .position(|p| p.contains("The last periods, with the target"))
        .expect("trends");
    let scorecard_pages = &pages[start..end];
    assert!(scorecard_pages.len() >= 2, "the scorecard fits on one page");
    for page in scorecard_pages {
        for header in ["KPI", "Q2 2026", "Change", "Q3 2025", "Target", "Status"] {
            assert!(
                page.contains(header),
                "a scorecard page lacks the header `{header}`:\n{page}"
            );
        }
    }
}

#[test]
fn letter_paper_by_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let ws = sample_workspace(dir.path());
    let client = std::fs::read_to_string(ws.join("clients/globex.yaml")).unwrap();
    std::fs::write(
        ws.join("clients/globex.yaml"),
        format!("{client}paper: letter\n"),
    )
    .unwrap();
    let pack = build(&ws, "globex", "2026-Q3", &dir.path().join("out"));
    let info = output_of("pdfinfo", &[pack.join("pack.pdf").to_str().unwrap()]);
    assert!(info.contains("612 x 792 pts (letter)"), "{info}");
}

#[test]
fn a_period_that_is_not_a_quarter_is_refused() {
    let output = run(&[
        "build",
        "-w",
        repo().join("sample-data").to_str().unwrap(),
        "--client",
        "acme",
        "--period",
        "2026-07",
        "--out",
        "/nonexistent",
    ]);
    // A wrong period for the level is a usage error naming the accepted forms.
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("qbr packs cover a quarter: `2026-Q3`, `last-quarter`"),
        "{message}"
    );
}

#[test]
fn a_new_level_is_an_entry_in_levels_yaml_and_two_templates() {
    let dir = tempfile::tempdir().unwrap();
    let ws = sample_workspace(dir.path());
    let templates = ws.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let builtin = std::fs::read_to_string(repo().join("report-templates/levels.yaml")).unwrap();
    write(
        &templates.join("levels.yaml"),
        &format!(
            "{builtin}weekly:\n  title: level_sync\n  periods: [week]\n  trend: 8\n  sections: [summary, breaches, oldest_open]\n"
        ),
    );
    for ext in ["typ", "html"] {
        let text =
            std::fs::read_to_string(repo().join(format!("report-templates/sync.{ext}"))).unwrap();
        write(&templates.join(format!("weekly.{ext}")), &text);
    }
    // Stakeholders and `packs` may name it.
    let client = std::fs::read_to_string(ws.join("clients/northwind.yaml"))
        .unwrap()
        .replace(
            "levels: [sync, monthly, qbr]",
            "levels: [sync, weekly, monthly, qbr]",
        );
    std::fs::write(ws.join("clients/northwind.yaml"), client).unwrap();
    let pack = build_level(
        &ws,
        "northwind",
        "weekly",
        "2026-W39",
        &dir.path().join("out"),
    );
    let text = pdf_text(&pack.join("pack.pdf"));
    assert!(
        text.contains("SLA breaches") && text.contains("Oldest open tickets"),
        "{text}"
    );
    assert!(!text.contains("CSF scorecard"), "{text}");
}

/// Grey pixels of a PDF's pages at 60 dpi (pdftoppm), one buffer per page.
fn pages_as_pixels(pdf: &Path, dir: &Path) -> Vec<Vec<u8>> {
    let stem = dir.join("page");
    output_of(
        "pdftoppm",
        &[
            "-r",
            "60",
            "-gray",
            pdf.to_str().unwrap(),
            stem.to_str().unwrap(),
        ],
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pgm"))
        .collect();
    files.sort();
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

#[test]
fn chart_labels_set_by_the_template_look_as_the_svg_drew_them_and_are_text() {
    let dir = tempfile::tempdir().unwrap();
    let ws = sample_workspace(dir.path());
    let split = build(&ws, "acme", "2026-Q3", &dir.path().join("split"));
    // The pack's own charts keep their text, for the HTML and for whoever reuses them.
    let svg = std::fs::read_to_string(split.join("charts/trend-volume.svg")).unwrap();
    assert!(svg.contains("<text"), "{svg}");
    // In the PDF the labels are text: the periods under the axis and the axis title.
    let text = pdf_text(&split.join("pack.pdf"));
    for label in ["T3 2025", "T3 2026", "Ticket"] {
        assert!(text.contains(label), "{label} not in the PDF text");
    }
    // The same pack with the charts drawn as whole SVGs (the template's fallback) looks the
    // same: labels in place, size and colour, turned titles turned.
    run_ok(&["init", "--eject-templates", "-w", ws.to_str().unwrap()]);
    let typ = std::fs::read_to_string(ws.join("templates/pack.typ")).unwrap();
    assert!(typ.contains("if drawn == none {"));
    std::fs::write(
        ws.join("templates/pack.typ"),
        typ.replace("if drawn == none {", "if true {"),
    )
    .unwrap();
    let whole = build(&ws, "acme", "2026-Q3", &dir.path().join("whole"));
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let (split_pages, whole_pages) = (
        pages_as_pixels(&split.join("pack.pdf"), &a),
        pages_as_pixels(&whole.join("pack.pdf"), &b),
    );
    assert_eq!(split_pages.len(), whole_pages.len());
    for (n, (x, y)) in split_pages.iter().zip(&whole_pages).enumerate() {
        assert_eq!(x.len(), y.len());
        let differ = x
            .iter()
            .zip(y)
            .filter(|(p, q)| p.abs_diff(**q) > 64)
            .count();
        // Anti-aliasing may differ at a glyph's edge; a misplaced label differs by hundreds.
        assert!(differ <= 40, "page {}: {differ} pixels differ", n + 1);
    }
}

/// Every page but the first carries the running header (client, level, period, MSP) inside the
/// top margin and "Page n of N" inside the bottom margin, with each level's own margins; the
/// header and footer are artifacts, not part of the document's structure (what a screen reader
/// reads).
#[test]
fn every_page_but_the_first_is_numbered_in_its_margins_and_the_numbers_are_artifacts() {
    let dir = tempfile::tempdir().unwrap();
    let ws = repo().join("sample-data");
    // (level, period, top and bottom margin in points: 1.6 cm and 1.5 cm, 2.3 cm and 2.1 cm)
    for (level, period, top, bottom) in [
        ("sync", "2026-W39..W40", 45.35, 42.52),
        ("qbr", "2026-Q3", 65.2, 59.53),
    ] {
        let pack = build_level(&ws, "globex", level, period, &dir.path().join(level));
        let pdf = pack.join("pack.pdf");
        let pages = words_by_page(&pdf);
        let total = pages.len();
        assert!(total >= 2, "{level}: {total} pages");
        for (n, (height, words)) in pages.iter().enumerate().map(|(i, p)| (i + 1, p)) {
            let text: Vec<&str> = words.iter().map(|(w, _, _)| w.as_str()).collect();
            let footer = [
                "Page".to_string(),
                n.to_string(),
                "of".into(),
                total.to_string(),
            ];
            let at = text
                .windows(4)
                .position(|w| w.iter().zip(&footer).all(|(a, b)| a == b));
            let msp = words
                .iter()
                .find(|(w, _, y_max)| w == "Bluebird" && *y_max < top);
            if n == 1 {
                assert!(
                    at.is_none() && msp.is_none(),
                    "{level}: page 1 has a header or footer"
                );
                continue;
            }
            let at = at.unwrap_or_else(|| panic!("{level}: page {n} lacks `Page {n} of {total}`"));
            for (word, y_min, _) in &words[at..at + 4] {
                assert!(
                    *y_min > height - bottom,
                    "{level}: page {n}: `{word}` at {y_min} pt is not in the bottom margin"
                );
            }
            assert!(
                msp.is_some(),
                "{level}: page {n}: no header in the top margin"
            );
        }
        let structure = output_of("pdfinfo", &["-struct-text", pdf.to_str().unwrap()]);
        assert!(structure.contains("Globex"), "{structure}");
        assert!(
            !structure.contains("Page 2 of") && !structure.contains("Globex Health Inc. ·"),
            "{level}: the header or footer is in the structure tree"
        );
    }
    // A template that numbers its own pages, as ejected ones did before, still works: without
    // the metadata nothing is laid over its pages.
    let ws = sample_workspace(dir.path());
    let typ = std::fs::read_to_string(repo().join("report-templates/pack.typ")).unwrap();
    let marker = r#"[#metadata("marginals.typ") <reviewpack-marginals>]"#;
    assert!(typ.contains(marker));
    let own = "set page(footer: context [Folio #counter(page).display() / #counter(page).final().first()])";
    write(&ws.join("templates/pack.typ"), &typ.replace(marker, own));
    let pack = build(&ws, "globex", "2026-Q3", &dir.path().join("own"));
    let pages = words_by_page(&pack.join("pack.pdf"));
    let total = pages.len();
    for (n, (_, words)) in pages.iter().enumerate().map(|(i, p)| (i + 1, p)).skip(1) {
        let text: Vec<&str> = words.iter().map(|(w, _, _)| w.as_str()).collect();
        let text = text.join(" ");
        assert!(
            text.contains(&format!("Folio {n} / {total}")),
            "page {n}: {text}"
        );
        assert!(
            !text.contains(&format!("Page {n} of")),
            "page {n}: two footers"
        );
    }
}

/// A sync is at most two pages (`pages: 2` in levels.yaml) whatever the period holds: a busy
/// fortnight's lists are shortened until the document fits, each with its note pointing to the
/// full list in the HTML pack. A commentary too long to fit still gives its pack, with a warning.
#[test]
fn a_busy_sync_is_shortened_to_two_pages_and_one_that_cannot_fit_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    // One client with about 1,400 tickets a fortnight: hundreds of breaches, dozens of P1/P2
    // incidents, a long backlog, many unsatisfied answers.
    run_ok(&[
        "sample",
        "--out",
        ws.to_str().unwrap(),
        "--clients",
        "1",
        "--months",
        "3",
        "--tickets",
        "8000",
    ]);
    let pack = build_level(&ws, "acme", "sync", "2026-W38..W39", &dir.path().join("a"));
    let pages = check_pdf(&pack.join("pack.pdf"));
    assert!(pages <= 2, "the sync pack has {pages} pages");
    let text = common::squeeze(&pdf_text(&pack.join("pack.pdf")));
    // The breach list printed fewer than its usual 10 rows, and says so.
    let note = numbers_around(&text, " violazioni con lo sforamento maggiore su ");
    let (shown, total) = note.unwrap_or_else(|| panic!("no shortened breach list in:\n{text}"));
    assert!(
        shown < 10 && total > 100,
        "{shown} of {total} breaches shown"
    );
    assert!(
        text.matches("L'elenco completo è nel pacchetto HTML")
            .count()
            >= 3,
        "{text}"
    );
    // The HTML still lists every P1/P2 incident of the period.
    let html = std::fs::read_to_string(pack.join("pack.html")).unwrap();
    assert!(html.matches("T001-").count() > text.matches("T001-").count() * 3);

    // A commentary of some pages cannot fit: the pack is written, longer, with a warning.
    let long = "Una settimana intensa per il service desk, con molte richieste. ".repeat(900);
    write(
        &ws.join("commentary/acme/sync-2026-W38..W39.md"),
        &format!("{long}\n"),
    );
    let out = dir.path().join("b");
    let output = run(&[
        "build",
        "-w",
        ws.to_str().unwrap(),
        "--client",
        "acme",
        "--level",
        "sync",
        "--period",
        "2026-W38..W39",
        "--as-of",
        "2026-10-05",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: client `acme`: the sync pack for 2026-W38..W39 has")
            && stderr.contains("more than the 2 of its level (`pages` in levels.yaml), even with its lists shortened"),
        "{stderr}"
    );
    let pages = check_pdf(&out.join("acme/sync-2026-W38..W39/pack.pdf"));
    assert!(pages > 2, "{pages} pages");
}

/// The numbers either side of the first `between` in `text` (`5` and `443` around
/// " violazioni … su " in "Le 5 violazioni … su 443;"), thousands separators dropped.
fn numbers_around(text: &str, between: &str) -> Option<(usize, usize)> {
    let (before, after) = text.split_once(between)?;
    let digits = |chars: &mut dyn Iterator<Item = char>| -> String {
        chars
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .filter(char::is_ascii_digit)
            .collect()
    };
    let a: String = digits(&mut before.chars().rev()).chars().rev().collect();
    let b = digits(&mut after.chars());
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// The monthly review's breach causes count the breaches of `breaches.csv` (recounted here from
/// the file, in the client's time zone): one table, a row naming each dimension followed by its
/// groups in order, each with its response and resolution breaches, total and share.
#[test]
fn the_monthly_breach_causes_recount_from_breaches_csv() {
    use chrono::{Datelike, Timelike};
    let dir = tempfile::tempdir().unwrap();
    let pack = build_level(
        &repo().join("sample-data"),
        "globex",
        "monthly",
        "2026-09",
        dir.path(),
    );
    let tz: chrono_tz::Tz = "America/New_York".parse().unwrap();
    let weekdays = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    // Priority, weekday and two-hour window of opening: (order, name) → [response, resolution].
    let mut by: [std::collections::BTreeMap<(usize, String), [usize; 2]>; 3] = Default::default();
    let mut total = 0;
    for row in csv::Reader::from_path(pack.join("breaches.csv"))
        .unwrap()
        .deserialize::<std::collections::HashMap<String, String>>()
    {
        let row = row.unwrap();
        let which = usize::from(row["target"] == "resolution");
        let opened = chrono::DateTime::parse_from_rfc3339(&row["created_utc"])
            .unwrap()
            .with_timezone(&tz);
        let day = opened.weekday().num_days_from_monday() as usize;
        let hour = opened.hour() as usize / 2 * 2;
        for (map, key) in by.iter_mut().zip([
            (0, row["priority"].clone()),
            (day, weekdays[day].to_string()),
            (hour, format!("{hour:02}:00–{:02}:00", hour + 2)),
        ]) {
            map.entry(key).or_default()[which] += 1;
        }
        total += 1;
    }
    assert!(total > 5, "{total} breaches");
    let mut expected = Vec::new();
    for (title, map) in ["Priority", "Weekday", "Hour opened"].iter().zip(&by) {
        expected.push(title.to_string());
        for ((_, name), [response, resolution]) in map {
            let sum = response + resolution;
            let share = 100.0 * sum as f64 / total as f64;
            expected.push(format!("{name} {response} {resolution} {sum} {share:.1}%"));
        }
    }
    // Line by line (pdftotext -layout puts a table's row on a line of its own).
    let layout = output_of(
        "pdftotext",
        &["-layout", pack.join("pack.pdf").to_str().unwrap(), "-"],
    );
    let lines: Vec<String> = layout
        .lines()
        .map(squeeze)
        .filter(|l| !l.is_empty())
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l == "Breaches by Response Resolution Breaches Share"),
        "{layout}"
    );
    let start = lines
        .iter()
        .position(|l| l == "Priority")
        .unwrap_or_else(|| panic!("no Priority row in:\n{layout}"));
    assert_eq!(
        lines[start..start + expected.len()],
        expected[..],
        "in:\n{layout}"
    );
}

/// The monthly review prints its year of trends as a line per KPI: the best and the worst month
/// and the last value are those of `kpis` run for each of the twelve months (recomputed here,
/// the best by the KPI's direction, of equal values the latest); the HTML keeps the table.
#[test]
fn the_monthly_trend_lines_give_the_best_and_worst_month_that_kpis_computes() {
    let dir = tempfile::tempdir().unwrap();
    let ws = repo().join("sample-data");
    let pack = build_level(&ws, "globex", "monthly", "2026-09", dir.path());
    let format = Format::new(Locale::EnUs);
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    /// A KPI over the twelve months.
    struct Series {
        id: String,
        name: String,
        unit: Unit,
        higher: bool,
        /// Value and month label, oldest first.
        values: Vec<(Option<f64>, String)>,
    }
    let mut series: Vec<Series> = Vec::new();
    for k in 0..12 {
        let (year, month) = if k < 3 { (2025, 10 + k) } else { (2026, k - 2) };
        let period = format!("{year}-{month:02}");
        let report = kpis_json(&ws, "globex", &period, "2026-10-05");
        let label = format!("{} {}", months[month - 1], year % 100);
        let kpis = report["csfs"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["kpis"].as_array().unwrap());
        for (i, kpi) in kpis.enumerate() {
            if k == 0 {
                series.push(Series {
                    id: kpi["id"].as_str().unwrap().to_string(),
                    name: kpi["name"].as_str().unwrap().to_string(),
                    unit: unit_of(kpi),
                    higher: kpi["direction"] == "higher",
                    values: Vec::new(),
                });
            }
            assert_eq!(series[i].id, kpi["id"].as_str().unwrap());
            series[i]
                .values
                .push((kpi["value"].as_f64(), label.clone()));
        }
    }
    let text = pdf_text(&pack.join("pack.pdf"));
    let html = std::fs::read_to_string(pack.join("pack.html")).unwrap();
    let mut checked = 0;
    for Series {
        id,
        name,
        unit,
        higher,
        values,
    } in &series
    {
        let known: Vec<(f64, &String)> = values
            .iter()
            .filter_map(|(v, l)| v.map(|v| (v, l)))
            .collect();
        let Some(&(first, first_label)) = known.first() else {
            continue;
        };
        let (mut best, mut worst) = ((first, first_label), (first, first_label));
        for &(v, l) in &known[1..] {
            let better = |a: f64, b: f64| if *higher { a >= b } else { a <= b };
            if better(v, best.0) {
                best = (v, l);
            }
            if better(worst.0, v) {
                worst = (v, l);
            }
        }
        for (what, (v, l)) in [("best", best), ("worst", worst)] {
            let shown = format!("{} · {l}", format.value(v, *unit));
            assert!(
                text.contains(&shown),
                "{id}: {what} month `{shown}` not in the PDF:\n{text}"
            );
        }
        // The HTML keeps the twelve-month table: every month's value is in it.
        for (v, _) in &known {
            assert!(
                html.contains(&format.value(*v, *unit)),
                "{id} ({name}): {v} not in the HTML"
            );
        }
        checked += 1;
    }
    assert!(checked >= 8, "{checked} KPIs checked");
    assert!(
        text.contains("Oct 25 – Sep 26 Best Worst Sep 26 Target"),
        "{text}"
    );
}

/// A client name of the longest allowed length (200 characters) and a long MSP name keep the
/// running header on one line inside the top margin: the header shows them cut with "…".
#[test]
fn the_running_header_keeps_a_long_client_name_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    common::copy_dir(&repo().join("sample-data"), &ws);
    let name: String = (1..=40)
        .map(|i| format!("Zq{i:02}"))
        .collect::<Vec<_>>()
        .join(" ");
    let name = format!("{name} Corporation and Partners of the Very Long Name")[..200].to_string();
    let config = ws.join("clients/globex.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    let line = text.lines().find(|l| l.starts_with("name:")).unwrap();
    write(&config, &text.replace(line, &format!("name: \"{name}\"")));
    // (level, period, top margin in points)
    for (level, period, top) in [("sync", "2026-W38..W39", 45.35), ("qbr", "2026-Q3", 65.2)] {
        let pack = build_level(&ws, "globex", level, period, &dir.path().join(level));
        let pages = words_by_page(&pack.join("pack.pdf"));
        assert!(pages.len() >= 2, "{level}: {} pages", pages.len());
        let header: Vec<_> = pages[1]
            .1
            .iter()
            .filter(|(w, _, _)| w.starts_with("Zq"))
            .collect();
        assert!(!header.is_empty(), "{level}: no name in the header");
        for (word, _, y_max) in &header {
            assert!(
                *y_max < top,
                "{level}: `{word}` of the header reaches {y_max} pt, below the top margin"
            );
        }
        assert!(
            header.iter().any(|(w, _, _)| w.ends_with('…')),
            "{level}: the name is not cut: {header:?}"
        );
    }
}

/// A workspace's `templates/en.ftl` replaces the built-in messages everywhere: in the section
/// titles and in the names KPIs take from their metric when the configuration gives none (the
/// configuration is read in the clients' languages, so the file is installed before it).
#[test]
fn a_workspace_message_file_changes_the_packs_text() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    common::copy_dir(&repo().join("sample-data"), &ws);
    let builtin = std::fs::read_to_string(repo().join("report-templates/en.ftl")).unwrap();
    let changed = builtin
        .replace(
            "breach_causes = Where the breaches come from",
            "breach_causes = Where the misses come from",
        )
        .replace(
            "metric-response-sla = Response SLA attainment",
            "metric-response-sla = Answered within target",
        );
    assert_ne!(changed, builtin);
    write(&ws.join("templates/en.ftl"), &changed);
    let pack = build_level(&ws, "globex", "monthly", "2026-09", &dir.path().join("out"));
    let pdf = pdf_text(&pack.join("pack.pdf"));
    let html = common::html_text(&pack.join("pack.html"));
    for text in [&pdf, &html] {
        assert!(text.contains("Where the misses come from"), "{text}");
        assert!(text.contains("Answered within target"), "{text}");
        assert!(!text.contains("Response SLA attainment"), "{text}");
    }
}
