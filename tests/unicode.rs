//! Any text a real export holds renders: ticket titles with emoji, Chinese, Japanese, Korean,
//! Arabic, Hebrew and control characters go into the PDF (fonts embedded, PDF/UA export intact)
//! and the HTML, with control characters shown as visible symbols.

mod common;

use std::path::Path;
use std::process::Command;

use common::{build_pack, run_ok, squeeze, write};

const TITLES: &[&str] = &[
    "Printer on fire 🔥",
    "打印机着火了",
    "プリンターが燃えている",
    "프린터 화재",
    "الطابعة تحترق",
    "המדפסת בוערת",
    "Bell\u{7}in title",
];

fn workspace(dir: &Path) {
    let mut csv = String::from("id,created,first_response,resolved,priority,title\n");
    for (i, title) in TITLES.iter().enumerate() {
        // Every ticket answered after 3 hours: each is a response breach with its title listed.
        let title = title.replace('"', "\"\"");
        csv.push_str(&format!(
            "U{i},2026-07-0{d} 09:00,2026-07-0{d} 12:00,2026-07-0{d} 13:00,P1,\"{title}\"\n",
            d = i + 1
        ));
    }
    write(&dir.join("data/tickets.csv"), &csv);
    write(
        &dir.join("reviewpack.yaml"),
        r#"msp:
  name: Test MSP
defaults:
  timezone: Europe/Rome
sources:
  psa:
    path: data/tickets.csv
    timestamps: {format: "%Y-%m-%d %H:%M"}
    constants: {client: acme}
    columns: {id: id, created: created, first_response: first_response, resolved: resolved, priority: priority, title: title}
clients:
  - id: acme
    name: Acme 株式会社
    sla:
      targets:
        P1: {response_target: 15m, resolution_target: 8h}
    csfs:
      - name: Responsive
        kpis:
          - metric: response_sla
            target: 95%
"#,
    );
}

fn tool_output(program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|_| panic!("{program} runs (scripts/test.sh installs it)"));
    assert!(
        output.status.success(),
        "{program}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).to_string()
}

#[test]
fn titles_in_any_script_render_in_the_pdf_and_the_html() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    let ws = dir.path().to_str().unwrap();
    let check = run_ok(&["check", "-w", ws, "--as-of", "2026-10-05"]);
    assert!(check.contains("ok:"), "{check}");
    let out = dir.path().join("out");
    let pack = build_pack(dir.path(), "acme", "qbr", "2026-Q3", &out);
    let pdf = pack.join("pack.pdf");
    let text = squeeze(&tool_output("pdftotext", &[pdf.to_str().unwrap(), "-"]));
    for wanted in [
        "Printer on fire 🔥",
        "打印机着火了",
        "プリンターが燃えている",
        "프린터 화재",
        "Bell␇in title",
        "Acme 株式会社",
    ] {
        assert!(text.contains(wanted), "the PDF lacks `{wanted}`:\n{text}");
    }
    // Right-to-left scripts, once the bidi embedding marks pdftotext adds are removed.
    let plain: String = text
        .chars()
        .filter(|c| !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .collect();
    for title in ["الطابعة تحترق", "המדפסת בוערת"] {
        assert!(plain.contains(title), "the PDF lacks `{title}`:\n{text}");
    }
    let fonts = tool_output("pdffonts", &[pdf.to_str().unwrap()]);
    for family in [
        "Inter",
        "DroidSansFallback",
        "Symbola",
        "NotoSansArabic",
        "NotoSansHebrew",
    ] {
        let line = fonts
            .lines()
            .find(|l| l.contains(family))
            .unwrap_or_else(|| panic!("{family} is not in the PDF:\n{fonts}"));
        assert!(line.contains(" yes "), "{family} not embedded: {line}");
    }
    let html = std::fs::read_to_string(pack.join("pack.html")).unwrap();
    for wanted in [
        "Printer on fire 🔥",
        "打印机着火了",
        "الطابعة تحترق",
        "Bell␇in title",
    ] {
        assert!(html.contains(wanted), "the HTML lacks `{wanted}`");
    }
    assert!(
        !html.contains('\u{7}'),
        "a control character reached the HTML"
    );
    let csv = std::fs::read_to_string(pack.join("breaches.csv")).unwrap();
    assert!(csv.contains("Printer on fire 🔥"), "{csv}");
}
