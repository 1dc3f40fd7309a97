//! The bad-input corpus: every case in `tests/bad-input/` is a workspace with one mistake (YAML,
//! CSV, dates, arguments). Each must exit with status 1, without a panic, and print a message
//! naming the file, the line or row, the field and what was expected. `expect.txt` holds the
//! command on its first line and, on the others, text the output must contain.

mod common;

use common::{repo, reviewpack};

/// Builds Acme's Q3 2026 QBR in one format, returning the exit status and stderr.
fn build_acme_q3(
    ws: &std::path::Path,
    out: &std::path::Path,
    format: &str,
) -> (Option<i32>, String) {
    let output = reviewpack()
        .args([
            "build",
            "-w",
            ws.to_str().unwrap(),
            "--client",
            "acme",
            "--period",
            "2026-Q3",
        ])
        .args([
            "--as-of",
            "2026-10-05",
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).to_string(),
    )
}

#[test]
fn every_bad_input_gives_its_precise_message_and_exit_status_1() {
    let corpus = repo().join("tests/bad-input");
    let mut cases: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 60, "the corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        // Commands that build write to `out/` in the working folder: nothing may be written.
        let cwd = tempfile::tempdir().unwrap();
        let expect = std::fs::read_to_string(case.join("expect.txt")).expect("expect.txt");
        let mut lines = expect.lines();
        let command: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
        let output = reviewpack()
            .args(&command)
            .arg("-w")
            .arg(case)
            .current_dir(cwd.path())
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        if output.status.code() != Some(1) {
            failures.push(format!(
                "{name}: exit status {:?}, expected 1\n{text}",
                output.status.code()
            ));
        }
        if text.contains("panicked") {
            failures.push(format!("{name}: panicked\n{text}"));
        }
        let written = common::files_under(cwd.path());
        if !written.is_empty() {
            failures.push(format!("{name}: wrote {written:?}"));
        }
        for wanted in lines.filter(|l| !l.is_empty()) {
            if !text.contains(wanted) {
                failures.push(format!("{name}: output lacks `{wanted}`:\n{text}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}

/// A damaged Parquet export (one byte changed anywhere, the footer included) is an error naming
/// the file or rows rejected as usual — never a panic.
#[test]
fn a_damaged_parquet_file_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let made = reviewpack()
        .args([
            "sample",
            "--out",
            ws.to_str().unwrap(),
            "--format",
            "parquet",
        ])
        .args(["--clients", "3", "--months", "2"])
        .output()
        .unwrap();
    assert!(made.status.success());
    let path = ws.join("data/tickets.parquet");
    let original = std::fs::read(&path).unwrap();
    let len = original.len();
    let mut offsets: Vec<usize> = (1..40).map(|i| i * len / 40).collect();
    offsets.extend([4, len - 9, len - 8, len - 7, len - 5, len - 200, len - 400]);
    let mut refused = 0;
    let mut failures = Vec::new();
    for offset in offsets {
        let mut bytes = original.clone();
        bytes[offset] ^= 0x5a;
        std::fs::write(&path, &bytes).unwrap();
        let output = reviewpack()
            .args(["check", "-w", ws.to_str().unwrap(), "--as-of", "2026-10-05"])
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        if text.contains("panicked") || !matches!(output.status.code(), Some(0 | 1)) {
            failures.push(format!("byte {offset}: {:?}\n{text}", output.status.code()));
        }
        if text.contains("`data/tickets.parquet` is not a readable Parquet file") {
            refused += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
    assert!(
        refused > 0,
        "a damaged footer is refused with the file's name"
    );
}

/// Tickets dated in year 9026 or 1900 are rejected with the reason, and the run stays small and
/// quick (such a date once sized the clock tables to millennia).
#[test]
fn implausible_dates_are_rejected_with_their_reason() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    common::copy_dir(&repo().join("sample-data"), &ws);
    let path = ws.join("data/tickets.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for (row, year) in [(5, "9026"), (9, "1900")] {
        let fields: Vec<&str> = lines[row].splitn(4, ',').collect();
        let created = fields[2].replacen(&fields[2][..4], year, 1);
        lines[row] = format!("{},{},{created},{}", fields[0], fields[1], fields[3]);
    }
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let start = std::time::Instant::now();
    let output = reviewpack()
        .args(["check", "-w", ws.to_str().unwrap(), "--as-of", "2026-10-05"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(!text.contains("panicked"), "{text}");
    assert!(
        text.contains("2 rows: date outside the plausible range (data_quality.plausible_dates)"),
        "{text}"
    );
    assert!(
        text.contains("data/tickets.csv row 6: `Created` (created) 9026-10-01 is outside the plausible dates 1990-01-01 to 2099-12-31 (`data_quality.plausible_dates`)"),
        "{text}"
    );
    assert!(
        text.contains("rows: data/tickets.csv row 6, data/tickets.csv row 10"),
        "{text}"
    );
    assert!(
        start.elapsed() < std::time::Duration::from_secs(60),
        "bounded time"
    );
}

/// The workspace is the boundary: a commentary, client file or logo that is a link to a file
/// outside is refused with a message that names it and never shows the file's content.
#[test]
fn links_out_of_the_workspace_are_refused_and_never_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(
        &secret,
        "SECRET-MARKER root:x:0:0:root:/root:/bin/bash\n".repeat(50),
    )
    .unwrap();
    let fresh = |name: &str| {
        let ws = dir.path().join(name);
        common::copy_dir(&repo().join("sample-data"), &ws);
        ws
    };
    let run = |args: &[&str]| {
        let output = reviewpack().args(args).output().unwrap();
        let text = String::from_utf8_lossy(&output.stdout).to_string()
            + &String::from_utf8_lossy(&output.stderr);
        (output.status.code(), text)
    };
    let mut failures = Vec::new();

    let ws = fresh("commentary");
    let note = ws.join("commentary/acme/qbr-2026-Q3.md");
    let _ = std::fs::remove_file(&note);
    std::os::unix::fs::symlink(&secret, &note).unwrap();
    let out = dir.path().join("out");
    let (code, text) = build_acme_q3(&ws, &out, "html");
    failures.push((
        "commentary",
        code,
        text,
        "commentary/acme/qbr-2026-Q3.md` resolves outside the workspace",
    ));
    assert!(!out.join("acme/qbr-2026-Q3").exists(), "no pack written");

    let ws = fresh("client");
    std::os::unix::fs::symlink(&secret, ws.join("clients/zzz.yaml")).unwrap();
    let (code, text) = run(&["check", "-w", ws.to_str().unwrap()]);
    failures.push((
        "client file",
        code,
        text,
        "clients/zzz.yaml` resolves outside the workspace",
    ));

    let ws = fresh("logo");
    std::os::unix::fs::symlink(&secret, ws.join("logo.svg")).unwrap();
    let config = ws.join("reviewpack.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("  website:", "  logo: logo.svg\n  website:"),
    )
    .unwrap();
    let (code, text) = run(&["check", "-w", ws.to_str().unwrap()]);
    failures.push((
        "logo",
        code,
        text,
        "`msp.logo`: `logo.svg` resolves outside the workspace",
    ));

    let ws = fresh("source");
    std::fs::copy(ws.join("data/sizes.csv"), dir.path().join("sizes.csv")).unwrap();
    let config = ws.join("reviewpack.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("path: data/sizes.csv", "path: ../sizes.csv"),
    )
    .unwrap();
    let (code, text) = run(&["check", "-w", ws.to_str().unwrap()]);
    failures.push((
        "source",
        code,
        text,
        "`../sizes.csv` resolves outside the workspace",
    ));

    let mut wrong = Vec::new();
    for (what, code, text, wanted) in failures {
        if code != Some(1)
            || !text.contains(wanted)
            || text.contains("SECRET-MARKER")
            || text.contains("panicked")
        {
            wrong.push(format!("{what}: {code:?}\n{text}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n---\n"));
}

/// An export that is a FIFO or a device, or a gzip file that expands a thousandfold, is refused
/// at once with a message; nothing blocks or fills the memory.
#[test]
fn fifos_devices_and_decompression_bombs_are_refused() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    common::copy_dir(&repo().join("sample-data"), &ws);
    let config = ws.join("reviewpack.yaml");
    let original = std::fs::read_to_string(&config).unwrap();
    let fifo = ws.join("data/fifo.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // 16 MB of one repeated line compresses to a few dozen kB.
    let bomb = ws.join("data/bomb.csv.gz");
    let mut encoder = flate2::write::GzEncoder::new(
        std::fs::File::create(&bomb).unwrap(),
        flate2::Compression::default(),
    );
    let line = b"1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17\n";
    encoder.write_all(line).unwrap();
    for _ in 0..(16 << 20) / line.len() {
        encoder.write_all(line).unwrap();
    }
    encoder.finish().unwrap();
    let cases = [
        (
            "data/fifo.csv",
            "is not a regular file (a FIFO, a device or a folder)",
        ),
        (
            "/dev/zero",
            "is not a regular file (a FIFO, a device or a folder)",
        ),
        ("data/bomb.csv.gz", "refused as a decompression bomb"),
    ];
    for (path, wanted) in cases {
        std::fs::write(
            &config,
            original.replace("path: data/sizes.csv", &format!("path: {path}")),
        )
        .unwrap();
        let mut command = reviewpack();
        command.args(["check", "-w", ws.to_str().unwrap()]);
        let (code, text, _) = run_bounded(command, path, std::time::Duration::from_secs(60));
        assert_eq!(code, Some(1), "{path}: {text}");
        assert!(text.contains(wanted), "{path}: {text}");
    }
}

/// A ticket export is read in pieces as it is decompressed: a gzip bomb is still refused by its
/// ratio, and a "header" of one endless line (garbage, a binary) is refused by its length before
/// it is parsed or shown, quickly and in little memory.
#[test]
fn a_ticket_export_bomb_or_endless_header_is_refused_while_read_in_pieces() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    common::copy_dir(&repo().join("sample-data"), &ws);
    let tickets = ws.join("data/tickets.csv");
    let header = std::fs::read_to_string(&tickets)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    let row = "T9-1,Acme Manufacturing S.p.A.,2026-07-01T09:00:00+02:00,,,,P3 - Medium,Open,Incident,Printing,jam,Service Desk,1,0,0,,\n";
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(format!("{header}\n").as_bytes()).unwrap();
    for _ in 0..(16 << 20) / row.len() {
        encoder.write_all(row.as_bytes()).unwrap();
    }
    let bomb = encoder.finish().unwrap();
    let endless = vec![b'a'; 200 << 10];
    for (bytes, wanted) in [
        (bomb, "refused as a decompression bomb"),
        (endless, "row 1: the header row is 200 kB or longer"),
    ] {
        std::fs::write(&tickets, bytes).unwrap();
        let mut command = reviewpack();
        command
            .args(["check", "-w", ws.to_str().unwrap()])
            .env("REVIEWPACK_CACHE", "off");
        let (code, text, peak) = run_bounded(command, wanted, std::time::Duration::from_secs(60));
        assert_eq!(code, Some(1), "{text}");
        assert!(text.contains(wanted), "{text}");
        assert!(text.len() < 2000, "the message shows no whole line: {text}");
        assert!(peak < 1024, "{wanted}: peak {peak} MB");
    }
}

/// Inputs with a documented size: a 500 kB MSP name, a 20 MB commentary, a PNG logo that would
/// decode to 20000 × 20000 pixels, a 5 MB configuration file. Each is refused with its limit.
#[test]
fn oversized_names_commentary_logos_and_configuration_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = |name: &str| {
        let ws = dir.path().join(name);
        common::copy_dir(&repo().join("sample-data"), &ws);
        ws
    };
    let run = |args: &[&str]| {
        let output = reviewpack().args(args).output().unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).to_string(),
        )
    };
    let out = dir.path().join("out");
    let build = |ws: &std::path::Path| build_acme_q3(ws, &out, "html");
    let mut wrong = Vec::new();
    let mut expect = |what: &str, (code, text): (Option<i32>, String), wanted: &str| {
        if code != Some(1) || !text.contains(wanted) || text.len() > 2000 {
            wrong.push(format!(
                "{what}: {code:?} {}",
                &text[..text.len().min(2000)]
            ));
        }
    };

    let ws = fresh("name");
    let config = ws.join("reviewpack.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    let long = "N".repeat(500_000);
    std::fs::write(
        &config,
        text.replace("name: Bluebird Managed IT", &format!("name: {long}")),
    )
    .unwrap();
    expect(
        "name",
        run(&["check", "-w", ws.to_str().unwrap()]),
        "`msp.name`: the name is 500000 characters long; at most 200",
    );

    let ws = fresh("commentary");
    common::write(
        &ws.join("commentary/acme/qbr-2026-Q3.md"),
        &"Lorem ipsum. ".repeat(1_600_000),
    );
    expect(
        "commentary",
        build(&ws),
        "a commentary may hold at most 256 kB",
    );

    let ws = fresh("logo");
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    png.extend(20000u32.to_be_bytes());
    png.extend(20000u32.to_be_bytes());
    png.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    std::fs::write(ws.join("logo.png"), png).unwrap();
    let config = ws.join("reviewpack.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("  website:", "  logo: logo.png\n  website:"),
    )
    .unwrap();
    expect(
        "logo",
        build(&ws),
        "is 20000×20000 pixels; a logo may have at most 16 million pixels",
    );

    let ws = fresh("config");
    let config = ws.join("reviewpack.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(&format!("# {}\n", "x".repeat(5 << 20)));
    std::fs::write(&config, text).unwrap();
    expect(
        "config",
        run(&["check", "-w", ws.to_str().unwrap()]),
        "a configuration file may hold at most 4096 kB",
    );

    assert!(wrong.is_empty(), "{}", wrong.join("\n---\n"));
}

/// A 20 MB ticket title (one 20 MB line) on a breached ticket: the pack is built, quickly, with
/// the title cut to 500 characters in the breach list and `breaches.csv`.
#[test]
fn a_twenty_megabyte_title_is_cut_not_typeset() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    common::copy_dir(&repo().join("sample-data"), &ws);
    let out = dir.path().join("out");
    let pack = common::build_pack(&ws, "acme", "qbr", "2026-Q3", &out);
    let breaches = std::fs::read_to_string(pack.join("breaches.csv")).unwrap();
    let id = breaches
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_string();
    let path = ws.join("data/tickets.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let huge = "W".repeat(20 << 20);
    let edited: Vec<String> = text
        .lines()
        .map(|line| {
            if line.starts_with(&format!("{id},")) {
                let mut fields: Vec<&str> = line.split(',').collect();
                fields[10] = &huge;
                fields.join(",")
            } else {
                line.to_string()
            }
        })
        .collect();
    std::fs::write(&path, edited.join("\n") + "\n").unwrap();
    let pack = common::build_pack(&ws, "acme", "qbr", "2026-Q3", &out);
    let mut reader = csv::Reader::from_path(pack.join("breaches.csv")).unwrap();
    let title = reader
        .records()
        .map(|r| r.unwrap())
        .find(|r| r[0] == id)
        .map(|r| r[3].to_string())
        .expect("the ticket is still a breach");
    assert_eq!(title.chars().count(), 501, "500 characters and an ellipsis");
    assert!(title.ends_with('…'));
}

/// A template that loops for ever (nested loops typst does not stop) is stopped at the pack time
/// limit (`limits.pack_seconds`) with an error naming the pack; nothing is left half-written.
#[test]
fn a_template_that_loops_for_ever_is_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    common::copy_dir(&repo().join("sample-data"), &ws);
    let config = ws.join("reviewpack.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\nlimits:\n  pack_seconds: 3\n");
    std::fs::write(&config, text).unwrap();
    let template = std::fs::read_to_string(repo().join("report-templates/qbr.typ")).unwrap();
    common::write(
        &ws.join("templates/qbr.typ"),
        &(template
            + "\n#let x = 0\n#for i in range(100000) { for j in range(100000) { x += 1 } }\n"),
    );
    let out = dir.path().join("out");
    let start = std::time::Instant::now();
    let (code, stderr) = build_acme_q3(&ws, &out, "pdf");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("the qbr pack of `acme` for 2026-Q3 took more than 3 s to build"),
        "{stderr}"
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(60));
    assert!(!out.join("acme/qbr-2026-Q3").exists(), "no pack written");
}

/// A file where the pack's folder goes is in the way: the build stops with a message and leaves
/// the file and no staging folder; `publish` refuses a `kpis.json` edited after the build.
#[test]
fn a_file_in_the_way_and_an_edited_pack_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let ws = repo().join("sample-data");
    std::fs::create_dir_all(out.join("acme")).unwrap();
    std::fs::write(out.join("acme/qbr-2026-Q3"), "a file").unwrap();
    let (code, stderr) = build_acme_q3(&ws, &out, "html");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("qbr-2026-Q3` is in the way"), "{stderr}");
    let left: Vec<String> = std::fs::read_dir(out.join("acme"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(left, ["qbr-2026-Q3"], "nothing else left behind");
    assert_eq!(
        std::fs::read_to_string(out.join("acme/qbr-2026-Q3")).unwrap(),
        "a file"
    );

    // An edited kpis.json is not published.
    let copy = dir.path().join("ws");
    common::copy_dir(&ws, &copy);
    let out = dir.path().join("out2");
    let pack = common::build_pack(&copy, "acme", "qbr", "2026-Q3", &out);
    let kpis = pack.join("kpis.json");
    let text = std::fs::read_to_string(&kpis).unwrap();
    std::fs::write(
        &kpis,
        text.replacen("\"status\": \"not_met\"", "\"status\": \"met\"", 1),
    )
    .unwrap();
    let output = reviewpack()
        .args([
            "publish",
            "-w",
            copy.to_str().unwrap(),
            "--client",
            "acme",
            "--period",
            "2026-Q3",
        ])
        .args(["--out", out.to_str().unwrap(), "--force"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("its sha256 differs from manifest.json"),
        "{stderr}"
    );
}

/// Runs a command, polling it until it ends (at most `limit`, then it is killed and the test
/// fails naming `label`), and returns its exit status, its stderr (read as it comes, so a full
/// pipe never blocks it) and the largest peak resident memory (`VmHWM`, MB) seen while it ran.
fn run_bounded(
    mut command: std::process::Command,
    label: &str,
    limit: std::time::Duration,
) -> (Option<i32>, String, u64) {
    let mut child = command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut pipe, &mut text);
        text
    });
    let status_file = format!("/proc/{}/status", child.id());
    let start = std::time::Instant::now();
    let mut peak_kb = 0u64;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file)
            && let Some(line) = text.lines().find(|l| l.starts_with("VmHWM:"))
        {
            let kb: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
            peak_kb = peak_kb.max(kb);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("{label}: still running after {} s", limit.as_secs());
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    (status.code(), reader.join().unwrap(), peak_kb >> 10)
}

/// Templates that build ever larger lists (typst) or text (tera) are stopped at the memory
/// limit (`limits.pack_memory_mb`) with an error naming the pack, well under 1 GB; nothing is
/// left half-written.
#[test]
fn a_template_that_fills_the_memory_is_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "qbr.typ",
            "pdf",
            "\n#let a = (0,)\n#for i in range(40) { a = a + a }\n#a.len()\n",
        ),
        (
            "qbr.html",
            "html",
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}{% endfor %}",
        ),
    ];
    for (name, format, addition) in cases {
        let ws = dir.path().join(name);
        common::copy_dir(&repo().join("sample-data"), &ws);
        let config = ws.join("reviewpack.yaml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(&config, text + "\nlimits:\n  pack_memory_mb: 300\n").unwrap();
        let builtin = std::fs::read_to_string(repo().join("report-templates").join(name)).unwrap();
        let template = if name.ends_with(".html") {
            format!("{builtin}{{% block body_class %}}{addition}{{% endblock body_class %}}")
        } else {
            builtin + addition
        };
        common::write(&ws.join("templates").join(name), &template);
        let out = dir.path().join(format!("out-{format}"));
        let mut command = reviewpack();
        command
            .args(["build", "-w", ws.to_str().unwrap(), "--client", "acme"])
            .args(["--period", "2026-Q3", "--as-of", "2026-10-05"])
            .args(["--format", format, "--out", out.to_str().unwrap()]);
        let (code, stderr, peak_mb) =
            run_bounded(command, name, std::time::Duration::from_secs(120));
        assert_eq!(code, Some(1), "{name}: {stderr}");
        assert!(
            stderr.contains("the qbr pack of `acme` for 2026-Q3 needed more than 300 MB of memory (`limits.pack_memory_mb`"),
            "{name}: {stderr}"
        );
        assert!(peak_mb < 1024, "{name}: peak {peak_mb} MB");
        assert!(!out.join("acme/qbr-2026-Q3").exists(), "no pack written");
    }
}

/// A disk that fills while a pack is written (simulated with a file size limit, as the shell's
/// `ulimit -f` sets it): the build fails with a message naming the file, the pack built before
/// is left as it was, and no staging folder is left behind.
#[test]
fn a_full_disk_while_writing_leaves_the_previous_pack() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let ws = repo().join("sample-data");
    let pack = common::build_pack(&ws, "acme", "qbr", "2026-Q3", &out);
    let before = std::fs::read(pack.join("pack.pdf")).unwrap();
    // 64 kB: the PDF (hundreds of kB) cannot be written whole.
    let script = format!(
        "trap '' XFSZ; ulimit -f 64; exec \"$0\" build -w '{}' --client acme --level qbr --period 2026-Q3 --as-of 2026-10-05 --format pdf --out '{}'",
        ws.display(),
        out.display()
    );
    let output = std::process::Command::new("bash")
        .args(["-c", &script, env!("CARGO_BIN_EXE_reviewpack")])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("pack.pdf"), "names the file: {stderr}");
    assert!(stderr.contains("File too large"), "says why: {stderr}");
    assert_eq!(std::fs::read(pack.join("pack.pdf")).unwrap(), before);
    let left: Vec<String> = std::fs::read_dir(out.join("acme"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(left, ["qbr-2026-Q3"], "no staging folder left: {left:?}");
}
