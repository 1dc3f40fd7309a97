//! E-mail delivery against a real SMTP server (aiosmtpd, started by the test on 127.0.0.1 with
//! a test CA's certificate): STARTTLS and implicit TLS with AUTH, the received messages, and the
//! faults: wrong or missing credentials, a server that is down, a rejected recipient, a run
//! killed between two sends or while the server held a message, and overlapping runs.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{copy_dir, repo, reviewpack};
use sha2::{Digest, Sha256};

const USER: &str = "reviewpack-test";
const PASSWORD: &str = "correct horse battery staple";

/// A test CA and a certificate for 127.0.0.1 signed by it.
struct Certs {
    ca: PathBuf,
    cert: PathBuf,
    key: PathBuf,
}

fn openssl(dir: &Path, args: &[&str]) {
    let output = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl runs");
    assert!(
        output.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn certs(dir: &Path) -> Certs {
    std::fs::create_dir_all(dir).unwrap();
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    let mut ca = vec!["req", "-x509"];
    ca.extend(ec);
    ca.extend([
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=reviewpack test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    openssl(dir, &ca);
    let mut request = vec!["req"];
    request.extend(ec);
    request.extend([
        "-keyout",
        "key.pem",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1",
    ]);
    openssl(dir, &request);
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "cert.pem",
            "-days",
            "2",
            "-extfile",
            "ext.cnf",
        ],
    );
    Certs {
        ca: dir.join("ca.pem"),
        cert: dir.join("cert.pem"),
        key: dir.join("key.pem"),
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running aiosmtpd server; killed when dropped.
struct Smtp {
    child: Child,
    dir: PathBuf,
    port: u16,
}

impl Smtp {
    fn start(dir: &Path, certs: &Certs, mode: &str, port: u16, faults: &[&str]) -> Self {
        let _ = std::fs::remove_file(dir.join("ready"));
        let _ = std::fs::remove_file(dir.join("hanging"));
        let mut command = Command::new("python3");
        command
            .env("PYTHONPATH", repo().join("tests/tools/py"))
            .arg(repo().join("tests/smtp/server.py"))
            .args(["--dir", dir.to_str().unwrap(), "--port", &port.to_string()])
            .args(["--mode", mode])
            .args(["--cert", certs.cert.to_str().unwrap()])
            .args(["--key", certs.key.to_str().unwrap()])
            .args(["--user", USER, "--password", PASSWORD])
            .args(faults)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("python3 starts the SMTP server");
        let start = Instant::now();
        while !dir.join("ready").exists() {
            if let Ok(Some(status)) = child.try_wait() {
                let mut err = String::new();
                use std::io::Read;
                child.stderr.take().unwrap().read_to_string(&mut err).ok();
                panic!(
                    "the SMTP server exited ({status}): {err}\n(run scripts/test.sh: it installs aiosmtpd into tests/tools/py)"
                );
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "the SMTP server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Self {
            child,
            dir: dir.to_path_buf(),
            port,
        }
    }

    /// The messages received: (envelope JSON, raw message).
    fn messages(&self) -> Vec<(serde_json::Value, String)> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| {
                let envelope = std::fs::read_to_string(p.with_extension("json")).unwrap();
                (
                    serde_json::from_str(&envelope).unwrap(),
                    std::fs::read_to_string(p).unwrap(),
                )
            })
            .collect()
    }

    fn wait_hanging(&self) {
        let start = Instant::now();
        while !self.dir.join("hanging").exists() {
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "the server never hung"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A copy of the sample workspace that e-mails through the test server.
fn workspace(root: &Path, certs: &Certs, port: u16, security: &str, extra: &str) -> PathBuf {
    let ws = root.join("ws");
    copy_dir(&repo().join("sample-data"), &ws);
    let config = ws.join("reviewpack.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(&format!(
        "delivery:\n  smtp:\n    host: 127.0.0.1\n    port: {port}\n    security: {security}\n    ca_file: {}\n    timeout: 5s\n    retries: 2\n    retry_delay: 100ms\n{extra}",
        certs.ca.display()
    ));
    std::fs::write(&config, text).unwrap();
    ws
}

fn send(ws: &Path, out: &Path, extra: &[&str], credentials: Option<(&str, &str)>) -> Output {
    let mut command = reviewpack();
    command
        .args([
            "send",
            "-w",
            ws.to_str().unwrap(),
            "--client",
            "acme",
            "--level",
            "qbr",
        ])
        .args(["--period", "2026-Q3", "--as-of", "2026-10-10", "--out"])
        .arg(out)
        .args(extra)
        .env_remove("REVIEWPACK_SMTP_USERNAME")
        .env_remove("REVIEWPACK_SMTP_PASSWORD");
    if let Some((user, password)) = credentials {
        command
            .env("REVIEWPACK_SMTP_USERNAME", user)
            .env("REVIEWPACK_SMTP_PASSWORD", password);
    }
    command.output().expect("reviewpack runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn ok() -> Option<(&'static str, &'static str)> {
    Some((USER, PASSWORD))
}

/// The decoded parts of a received message: (content type line, disposition file name, body).
fn parts(raw: &str) -> Vec<(String, Option<String>, Vec<u8>)> {
    use base64::Engine;
    let mut out = Vec::new();
    for chunk in raw.split("\r\n--").skip(1) {
        let Some((head, body)) = chunk.split_once("\r\n\r\n") else {
            continue;
        };
        let head_lower = head.to_lowercase();
        let Some(content_type) = head_lower
            .lines()
            .find_map(|l| l.strip_prefix("content-type: "))
            .map(str::to_string)
        else {
            continue;
        };
        if content_type.starts_with("multipart/") {
            continue;
        }
        let name = head.split("filename=").nth(1).map(|n| {
            n.trim_start_matches('"')
                .split(['"', '\r', '\n', ';'])
                .next()
                .unwrap_or_default()
                .to_string()
        });
        let body = body.trim_end_matches(['-', '\r', '\n']);
        let bytes = if head_lower.contains("content-transfer-encoding: base64") {
            base64::engine::general_purpose::STANDARD
                .decode(body.split_whitespace().collect::<String>())
                .unwrap()
        } else {
            body.as_bytes().to_vec()
        };
        out.push((content_type, name, bytes));
    }
    out
}

fn sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

fn log_lines(out: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(out.join("acme/deliveries.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A test's folder: a CA, a server started in `mode`, a workspace that mails through it (with
/// `extra` under `delivery:`), and an output folder.
struct Setup {
    root: tempfile::TempDir,
    server: Smtp,
    ws: PathBuf,
    out: PathBuf,
}

fn setup(mode: &str, extra: &str) -> Setup {
    let root = tempfile::tempdir().unwrap();
    let certs = certs(&root.path().join("certs"));
    let server = Smtp::start(&root.path().join("mail"), &certs, mode, free_port(), &[]);
    let ws = workspace(root.path(), &certs, server.port, mode, extra);
    let out = root.path().join("out");
    Setup {
        root,
        server,
        ws,
        out,
    }
}

#[test]
fn starttls_with_login_delivers_each_stakeholder_once() {
    let Setup {
        root: _root,
        server,
        ws,
        out,
    } = setup("starttls", "");

    let first = send(&ws, &out, &[], ok());
    assert!(first.status.success(), "{}", text(&first));
    let messages = server.messages();
    assert_eq!(messages.len(), 2, "{}", text(&first));
    let pdf = std::fs::read(out.join("acme/qbr-2026-Q3/pack.pdf")).unwrap();
    let mut recipients = Vec::new();
    for (envelope, raw) in &messages {
        assert_eq!(envelope["from"], "service-reviews@bluebird-it.example");
        let to = envelope["to"][0].as_str().unwrap().to_string();
        assert_eq!(envelope["to"].as_array().unwrap().len(), 1);
        assert!(raw.contains(&format!("<{to}>")), "To header names {to}");
        // Subject: the level, period and client in the client's language (Italian for Acme).
        let subject = raw
            .split("\r\n")
            .skip_while(|l| !l.starts_with("Subject:"))
            .take_while(|l| l.starts_with("Subject:") || l.starts_with(' '))
            .collect::<String>();
        assert!(
            subject.contains("Revisione trimestrale del servizio"),
            "{subject}"
        );
        assert!(subject.contains("2026"), "{subject}");
        assert!(subject.contains("Acme Manufacturing"), "{subject}");
        let parts = parts(raw);
        let kinds: Vec<&str> = parts.iter().map(|p| p.0.as_str()).collect();
        assert!(
            kinds.iter().any(|k| k.starts_with("text/plain")),
            "{kinds:?}"
        );
        assert!(
            kinds.iter().any(|k| k.starts_with("text/html")),
            "{kinds:?}"
        );
        let attachment = parts
            .iter()
            .find(|p| p.0.starts_with("application/pdf"))
            .expect("the PDF is attached");
        assert_eq!(attachment.1.as_deref(), Some("acme-qbr-2026-Q3.pdf"));
        assert_eq!(
            sha256(&attachment.2),
            sha256(&pdf),
            "the attachment is pack.pdf"
        );
        recipients.push(to);
    }
    recipients.sort();
    assert_eq!(recipients, ["cio@acme.example", "it-manager@acme.example"]);
    let log = log_lines(&out);
    assert_eq!(
        log.iter().filter(|l| l["step"] == "sent").count(),
        2,
        "two deliveries logged"
    );
    assert!(log.iter().all(|l| l["sha256"] == sha256(&pdf).as_str()));

    // Again, and again with --resend for an unchanged pack: nobody gets a second copy.
    for extra in [&[][..], &["--resend"][..]] {
        let again = send(&ws, &out, extra, ok());
        assert!(again.status.success(), "{}", text(&again));
        assert!(
            text(&again).contains("0 sent, 2 already delivered"),
            "{}",
            text(&again)
        );
    }
    assert_eq!(server.messages().len(), 2);

    // A rebuilt pack with different content goes out again only with --resend.
    let commentary = ws.join("commentary/acme/qbr-2026-Q3.md");
    common::write(&commentary, "A new paragraph after the review.\n");
    common::build_pack(&ws, "acme", "qbr", "2026-Q3", &out);
    let unchanged = send(&ws, &out, &[], ok());
    assert!(text(&unchanged).contains("0 sent"), "{}", text(&unchanged));
    let resent = send(&ws, &out, &["--resend"], ok());
    assert!(resent.status.success(), "{}", text(&resent));
    assert!(text(&resent).contains("2 sent"), "{}", text(&resent));
    assert_eq!(server.messages().len(), 4);
}

#[test]
fn implicit_tls_and_dry_run() {
    let Setup {
        root: _root,
        server,
        ws,
        out,
    } = setup("tls", "  attach: [pdf, html]\n");

    // A dry run writes .eml files and records nothing.
    let dry = send(&ws, &out, &["--dry-run"], None);
    assert!(dry.status.success(), "{}", text(&dry));
    let eml = out.join("acme/mail/qbr-2026-Q3/cio@acme.example.eml");
    let raw = std::fs::read_to_string(&eml).expect("the dry run wrote the message");
    assert!(raw.contains("To: \"Giulia Ferrari\" <cio@acme.example>"));
    assert!(
        parts(&raw)
            .iter()
            .any(|p| p.0.starts_with("application/pdf"))
    );
    assert!(!out.join("acme/deliveries.jsonl").exists());
    assert!(server.messages().is_empty());

    let real = send(&ws, &out, &[], ok());
    assert!(real.status.success(), "{}", text(&real));
    let messages = server.messages();
    assert_eq!(messages.len(), 2);
    // Both files are attached when `delivery.attach` asks for them.
    let html = std::fs::read(out.join("acme/qbr-2026-Q3/pack.html")).unwrap();
    let attached = parts(&messages[0].1);
    let html_part = attached
        .iter()
        .find(|p| p.1.as_deref() == Some("acme-qbr-2026-Q3.html"))
        .expect("the HTML pack is attached");
    assert_eq!(sha256(&html_part.2), sha256(&html));
}

#[test]
fn missing_or_wrong_credentials_fail_with_no_log_entry() {
    let Setup {
        root: _root,
        server,
        ws,
        out,
    } = setup("starttls", "");

    let missing = send(&ws, &out, &[], None);
    assert_eq!(missing.status.code(), Some(1), "{}", text(&missing));
    assert!(
        text(&missing).contains("REVIEWPACK_SMTP_USERNAME"),
        "{}",
        text(&missing)
    );

    let wrong = send(&ws, &out, &[], Some((USER, "wrong password")));
    assert_eq!(wrong.status.code(), Some(1), "{}", text(&wrong));
    assert!(
        text(&wrong).contains("refused the login"),
        "{}",
        text(&wrong)
    );
    assert!(
        !text(&wrong).contains("wrong password"),
        "the password is never printed"
    );
    assert!(log_lines(&out).is_empty(), "no delivery log entry");
    assert!(server.messages().is_empty());
}

#[test]
fn server_down_is_retried_then_fails_with_nothing_recorded() {
    let root = tempfile::tempdir().unwrap();
    let certs = certs(&root.path().join("certs"));
    let port = free_port();
    let ws = workspace(root.path(), &certs, port, "starttls", "");
    let out = root.path().join("out");
    let down = send(&ws, &out, &[], ok());
    assert_eq!(down.status.code(), Some(1), "{}", text(&down));
    assert!(text(&down).contains("retry 2 of 2"), "{}", text(&down));
    assert!(log_lines(&out).iter().all(|l| l["step"] != "sent"));

    // Temporary 4xx replies are retried too, and the message then goes through.
    let server = Smtp::start(
        &root.path().join("mail"),
        &certs,
        "starttls",
        port,
        &["--tempfail", "1"],
    );
    let later = send(&ws, &out, &[], ok());
    assert!(later.status.success(), "{}", text(&later));
    assert!(text(&later).contains("retry 1 of 2"), "{}", text(&later));
    assert_eq!(server.messages().len(), 2);
}

#[test]
fn a_rejected_recipient_does_not_stop_the_others_and_is_sent_alone_later() {
    let root = tempfile::tempdir().unwrap();
    let certs = certs(&root.path().join("certs"));
    let port = free_port();
    let mail = root.path().join("mail");
    let ws = workspace(root.path(), &certs, port, "starttls", "");
    let out = root.path().join("out");
    {
        let server = Smtp::start(
            &mail,
            &certs,
            "starttls",
            port,
            &["--reject", "cio@acme.example"],
        );
        let partial = send(&ws, &out, &[], ok());
        assert_eq!(partial.status.code(), Some(1), "{}", text(&partial));
        assert!(
            text(&partial).contains("550"),
            "the server's reply: {}",
            text(&partial)
        );
        let got = server.messages();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0["to"][0], "it-manager@acme.example");
    }
    let server = Smtp::start(&mail, &certs, "starttls", port, &[]);
    let rest = send(&ws, &out, &[], ok());
    assert!(rest.status.success(), "{}", text(&rest));
    let got = server.messages();
    assert_eq!(got.len(), 2, "one more message");
    assert_eq!(got[1].0["to"][0], "cio@acme.example");
}

/// Builds Acme's Q3 QBR, starts `send` against a server with a fault that makes it hang, and
/// kills the process once the server hangs. Returns the workspace, output folder, certificates,
/// port and mail folder for the re-run.
fn send_killed_while_hanging(
    root: &Path,
    fault: &[&str],
) -> (PathBuf, PathBuf, Certs, u16, PathBuf) {
    let certs = certs(&root.join("certs"));
    let port = free_port();
    let mail = root.join("mail");
    let ws = workspace(root, &certs, port, "starttls", "");
    let out = root.join("out");
    // Built first, so the process is killed while delivering.
    common::build_pack(&ws, "acme", "qbr", "2026-Q3", &out);
    let server = Smtp::start(&mail, &certs, "starttls", port, fault);
    let mut child = reviewpack()
        .args([
            "send",
            "-w",
            ws.to_str().unwrap(),
            "--client",
            "acme",
            "--level",
            "qbr",
        ])
        .args(["--period", "2026-Q3", "--as-of", "2026-10-10", "--out"])
        .arg(&out)
        .env("REVIEWPACK_SMTP_USERNAME", USER)
        .env("REVIEWPACK_SMTP_PASSWORD", PASSWORD)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    server.wait_hanging();
    child.kill().unwrap();
    child.wait().unwrap();
    (ws, out, certs, port, mail)
}

#[test]
fn a_run_killed_between_sends_resumes_without_a_second_copy() {
    let root = tempfile::tempdir().unwrap();
    // The second message's MAIL FROM never gets an answer: the process is killed there.
    let (ws, out, certs, port, mail) =
        send_killed_while_hanging(root.path(), &["--hang-at-mail", "2"]);
    let server = Smtp::start(&mail, &certs, "starttls", port, &[]);
    assert_eq!(
        server.messages().len(),
        1,
        "one was delivered before the kill"
    );
    let rest = send(&ws, &out, &[], ok());
    assert!(rest.status.success(), "{}", text(&rest));
    let got = server.messages();
    assert_eq!(got.len(), 2, "only the one not yet sent");
    assert_ne!(got[0].0["to"], got[1].0["to"], "nobody got a second copy");
}

#[test]
fn a_run_killed_while_the_server_held_the_message_never_sends_it_twice() {
    let root = tempfile::tempdir().unwrap();
    // The first message's content reaches the server, which never acknowledges it.
    let (ws, out, certs, port, mail) =
        send_killed_while_hanging(root.path(), &["--hang-after-data", "1"]);
    let _server = Smtp::start(&mail, &certs, "starttls", port, &[]);
    let rest = send(&ws, &out, &[], ok());
    assert!(rest.status.success(), "{}", text(&rest));
    assert!(
        text(&rest).contains("not sent again"),
        "the uncertain delivery is reported, not repeated: {}",
        text(&rest)
    );
    assert!(text(&rest).contains("1 sent"), "{}", text(&rest));
}

#[test]
fn scheduled_runs_do_nothing_twice_and_never_overlap() {
    let root = tempfile::tempdir().unwrap();
    let certs = certs(&root.path().join("certs"));
    let port = free_port();
    let mail = root.path().join("mail");
    let ws = workspace(root.path(), &certs, port, "starttls", "");
    let out = root.path().join("out");
    // The scheduled job for Acme on 8 October, logged in.
    let command = || {
        let mut command = reviewpack();
        command
            .args(["run", "-w", ws.to_str().unwrap(), "--client", "acme"])
            .args(["--as-of", "2026-10-08", "--out"])
            .arg(&out)
            .env("REVIEWPACK_SMTP_USERNAME", USER)
            .env("REVIEWPACK_SMTP_PASSWORD", PASSWORD);
        command
    };
    let run = |extra: &[&str]| command().args(extra).output().unwrap();
    {
        let server = Smtp::start(&mail, &certs, "starttls", port, &[]);
        let first = run(&[]);
        assert!(first.status.success(), "{}", text(&first));
        let summary = text(&first);
        // Due on 8 October: the week 40 sync, the September monthly, the Q3 QBR (held for
        // publish), the 2025 annual review (held for publish).
        assert!(
            summary.contains("4 due, 4 built, 2 messages sent, 0 skipped, 0 failed"),
            "{summary}"
        );
        assert!(
            summary.contains("acme qbr 2026-Q3: built; held until it is published"),
            "{summary}"
        );
        assert_eq!(server.messages().len(), 2);
        let second = run(&[]);
        assert!(second.status.success(), "{}", text(&second));
        assert!(
            text(&second).contains("4 due, 0 built, 0 messages sent, 4 skipped, 0 failed"),
            "{}",
            text(&second)
        );
        assert_eq!(server.messages().len(), 2);
    }
    // While a run is stuck in delivery, a second run exits with a clear message.
    common::run_ok(&[
        "publish",
        "-w",
        ws.to_str().unwrap(),
        "--client",
        "acme",
        "--level",
        "qbr",
        "--period",
        "2026-Q3",
        "--out",
        out.to_str().unwrap(),
    ]);
    let server = Smtp::start(&mail, &certs, "starttls", port, &["--hang-at-mail", "1"]);
    let mut stuck = command()
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    server.wait_hanging();
    let blocked = run(&[]);
    assert_eq!(blocked.status.code(), Some(1), "{}", text(&blocked));
    assert!(
        text(&blocked).contains("already running"),
        "{}",
        text(&blocked)
    );
    stuck.kill().unwrap();
    stuck.wait().unwrap();
    // The killed run released its lock: the next run sends the published QBR.
    drop(server);
    let server = Smtp::start(&mail, &certs, "starttls", port, &[]);
    let after = run(&[]);
    assert!(after.status.success(), "{}", text(&after));
    assert!(
        text(&after).contains("acme qbr 2026-Q3: sent to"),
        "{}",
        text(&after)
    );
    let got = server.messages();
    assert_eq!(got.len(), 4, "cio and it-manager get the QBR, once each");
    let mut qbr: Vec<&str> = got[2..]
        .iter()
        .map(|m| m.0["to"][0].as_str().unwrap())
        .collect();
    qbr.sort();
    assert_eq!(qbr, ["cio@acme.example", "it-manager@acme.example"]);
}

/// A client name with markup, CJK and an emoji: the subject carries it encoded (RFC 2047) and
/// readable, the HTML part shows it as text, never as markup.
#[test]
fn hostile_and_non_latin_names_stay_text_in_messages() {
    use base64::Engine;
    let root = tempfile::tempdir().unwrap();
    let ws = root.path().join("ws");
    copy_dir(&repo().join("sample-data"), &ws);
    let client = ws.join("clients/acme.yaml");
    let yaml = std::fs::read_to_string(&client).unwrap();
    std::fs::write(
        &client,
        yaml.replace(
            "name: Acme Manufacturing S.p.A.",
            "name: \"<b>Acme</b> & 打印机 🔥\"",
        ),
    )
    .unwrap();
    let out = root.path().join("out");
    let dry = send(&ws, &out, &["--dry-run"], None);
    assert!(dry.status.success(), "{}", text(&dry));
    let raw =
        std::fs::read_to_string(out.join("acme/mail/qbr-2026-Q3/cio@acme.example.eml")).unwrap();
    let subject: String = raw
        .split("\r\n")
        .skip_while(|l| !l.starts_with("Subject:"))
        .take_while(|l| l.starts_with("Subject:") || l.starts_with(' '))
        .collect();
    let mut decoded = Vec::new();
    for word in subject.split("=?utf-8?b?").skip(1) {
        let encoded = word.split("?=").next().unwrap();
        decoded.extend(
            base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .unwrap(),
        );
    }
    let decoded = String::from_utf8_lossy(&decoded);
    assert!(
        decoded.contains("打印机") && decoded.contains('🔥'),
        "{subject} → {decoded}"
    );
    let html = parts(&raw)
        .into_iter()
        .find(|p| p.0.starts_with("text/html"))
        .unwrap();
    let html = String::from_utf8_lossy(&html.2).replace("=\r\n", "");
    assert!(html.contains("&lt;b&gt;Acme&lt;/b&gt;"), "{html}");
    assert!(!html.contains("<b>Acme"), "markup from the data: {html}");
}
