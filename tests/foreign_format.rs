//! An export in another PSA's format — semicolons, a BOM, CRLF, Italian labels, day-first local
//! times without offset, decimal commas — read with only a mapping, and every KPI compared with
//! an independent Python implementation of docs/kpis.md (business hours, holidays, zones).

mod common;

use common::{close, python, run_ok, write};
use serde_json::Value;

const ZONES: &str =
    r#"{"Acme Manufacturing S.p.A.": "Europe/Rome", "Northwind Logistics Ltd": "Europe/London"}"#;
const UK_HOLIDAYS: &[&str] = &[
    "2025-01-01",
    "2025-04-18",
    "2025-04-21",
    "2025-05-05",
    "2025-05-26",
    "2025-08-25",
    "2025-12-25",
    "2025-12-26",
    "2026-01-01",
    "2026-04-03",
    "2026-04-06",
    "2026-05-04",
    "2026-05-25",
    "2026-08-31",
];

fn workspace_yaml() -> String {
    format!(
        r#"msp:
  name: Test MSP
calendars:
  rome:
    hours: {{weekdays: "08:30-18:00"}}
    holidays: {{national: [it]}}
  london:
    hours: {{weekdays: "09:00-17:30"}}
    holidays:
      dates: [{uk}]
sources:
  export:
    path: data/export.csv
    csv: {{delimiter: ";", decimal_comma: true}}
    timestamps: {{format: "%d/%m/%Y %H:%M"}}
    columns:
      id: Numero
      client: Cliente
      created: Aperto il
      first_response: Prima risposta
      resolved: Risolto il
      closed: Chiuso il
      priority: Priorità
      status: Stato
      type: Tipo
      category: Categoria
      title: Oggetto
      tier: Livello
      reassignments: Riassegnazioni
      reopens: Riaperture
      csat: Soddisfazione
      paused_minutes: Minuti di attesa
    values:
      priority: {{"1 - Critica": P1, "2 - Alta": P2, "3 - Media": P3, "4 - Bassa": P4}}
      status: {{Nuovo: new, In lavorazione: open, In attesa cliente: paused, Risolto: resolved, Chiuso: closed}}
      type: {{Incidente: incident, Richiesta: request}}
defaults:
  sla:
    targets:
      P1: {{response_target: 15m, resolution_target: 4h, calendar: 24x7}}
      P2: {{response_target: 30m, resolution_target: 8h}}
      P3: {{response_target: 2h, resolution_target: 16h}}
      P4: {{response_target: 4h, resolution_target: 40h}}
clients:
  - id: acme
    name: Acme Manufacturing S.p.A.
    timezone: Europe/Rome
    calendar: rome
  - id: northwind
    name: Northwind Logistics Ltd
    timezone: Europe/London
    calendar: london
"#,
        uk = UK_HOLIDAYS.join(", ")
    )
}

fn spec(csv: &str, periods: &[&str]) -> String {
    let target = |response: u32, resolution: u32, calendar: &str| serde_json::json!({"response": response, "resolution": resolution, "calendar": calendar});
    serde_json::json!({
        "csv": csv,
        "delimiter": ";",
        "datetime_format": "%d/%m/%Y %H:%M",
        "decimal_comma": true,
        "columns": {
            "client": "Cliente", "created": "Aperto il", "first_response": "Prima risposta",
            "resolved": "Risolto il", "closed": "Chiuso il", "priority": "Priorità", "status": "Stato",
            "type": "Tipo", "tier": "Livello", "reassignments": "Riassegnazioni", "reopens": "Riaperture",
            "csat": "Soddisfazione", "paused_minutes": "Minuti di attesa"
        },
        "priority_map": {"1 - Critica": "P1", "2 - Alta": "P2", "3 - Media": "P3", "4 - Bassa": "P4"},
        "status_map": {"Nuovo": "new", "In lavorazione": "open", "In attesa cliente": "paused", "Risolto": "resolved", "Chiuso": "closed"},
        "type_map": {"Incidente": "incident", "Richiesta": "request"},
        "clients": {
            "Acme Manufacturing S.p.A.": {"id": "acme", "zone": "Europe/Rome", "calendar": {"weekdays": [510, 1080], "national": "it"}},
            "Northwind Logistics Ltd": {"id": "northwind", "zone": "Europe/London", "calendar": {"weekdays": [540, 1050], "dates": UK_HOLIDAYS}}
        },
        "targets": {"P1": target(15, 240, "24x7"), "P2": target(30, 480, "business"), "P3": target(120, 960, "business"), "P4": target(240, 2400, "business")},
        "periods": periods,
        "as_of": "2026-09-20T12:00"
    })
    .to_string()
}

fn compare(client: &str, period: &str, ours: &Value, theirs: &Value) {
    let m = &ours["metrics"];
    let label = |what: &str| format!("{client} {period} {what}");
    let count = |v: &Value| v.as_u64().expect("a count");
    for (ours_key, theirs_key) in [
        ("created", "created"),
        ("resolved", "resolved"),
        ("backlog", "backlog"),
        ("overdue_open", "overdue_open"),
    ] {
        assert_eq!(
            count(&m[ours_key]),
            count(&theirs[theirs_key]),
            "{}",
            label(ours_key)
        );
    }
    for key in ["met", "breached", "not_yet_due"] {
        assert_eq!(
            count(&m["response_sla"][key]),
            count(&theirs["response_sla"][key]),
            "{}",
            label(&format!("response_sla.{key}"))
        );
    }
    for key in ["met", "breached"] {
        assert_eq!(
            count(&m["resolution_sla"][key]),
            count(&theirs["resolution_sla"][key]),
            "{}",
            label(&format!("resolution_sla.{key}"))
        );
    }
    for time in ["response_time", "resolution_time"] {
        for stat in ["mean", "median", "p90"] {
            close(
                &label(&format!("{time}.{stat}")),
                m[time][stat].as_f64(),
                theirs[time][stat].as_f64(),
                1.0,
            );
        }
    }
    for (ours_path, theirs_key) in [
        (("response_sla", "percent"), "response_sla"),
        (("resolution_sla", "percent"), "resolution_sla"),
        (
            ("first_touch_resolution", "percent"),
            "first_touch_resolution",
        ),
        (("escalation_rate", "percent"), "escalation_rate"),
        (("reopen_rate", "percent"), "reopen_rate"),
        (("csat", "satisfied_percent"), "csat_satisfied"),
    ] {
        let theirs_value = if theirs_key.ends_with("_sla") {
            theirs[theirs_key]["percent"].as_f64()
        } else {
            theirs[theirs_key].as_f64()
        };
        close(
            &label(theirs_key),
            m[ours_path.0][ours_path.1].as_f64(),
            theirs_value,
            0.05,
        );
    }
    close(
        &label("csat_mean"),
        m["csat"]["mean"].as_f64(),
        theirs["csat_mean"].as_f64(),
        0.0005,
    );
}

#[test]
fn foreign_export_matches_an_independent_implementation() {
    let dir = tempfile::tempdir().expect("temp dir");
    let generated = dir.path().join("generated");
    run_ok(&[
        "sample",
        "--out",
        generated.to_str().unwrap(),
        "--clients",
        "2",
        "--history-clients",
        "0",
        "--months",
        "15",
        "--end",
        "2026-09",
        "--seed",
        "99",
    ]);
    let workspace = dir.path().join("ws");
    let export = workspace.join("data/export.csv");
    std::fs::create_dir_all(export.parent().unwrap()).unwrap();
    python(
        "foreign_export.py",
        &[
            generated.join("data/tickets.csv").to_str().unwrap(),
            export.to_str().unwrap(),
            ZONES,
        ],
    );
    let bytes = std::fs::read(&export).unwrap();
    assert!(
        bytes.starts_with(b"\xef\xbb\xbfNumero;Cliente;"),
        "the export starts with a BOM and semicolons"
    );
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "CRLF line ends");
    write(&workspace.join("reviewpack.yaml"), &workspace_yaml());
    let check = run_ok(&["check", "-w", workspace.to_str().unwrap()]);
    assert!(check.contains("ok:"), "{check}");
    let periods = ["2026-Q3", "2026-09", "2026-Q1", "2025-12"];
    let spec_path = dir.path().join("spec.json");
    write(&spec_path, &spec(export.to_str().unwrap(), &periods));
    let theirs: Value =
        serde_json::from_str(&python("ticket_kpis.py", &[spec_path.to_str().unwrap()]))
            .expect("json");
    for period in periods {
        let text = run_ok(&[
            "kpis",
            "-w",
            workspace.to_str().unwrap(),
            "--all-clients",
            "--period",
            period,
            "--as-of",
            "2026-09-20T12:00",
            "--format",
            "json",
        ]);
        let ours: Vec<Value> = serde_json::from_str(&text).expect("json array");
        assert_eq!(ours.len(), 2);
        for report in &ours {
            let client = report["client"]["id"].as_str().unwrap();
            assert!(
                report["metrics"]["created"].as_u64().unwrap() > 0 || period == "2026-09",
                "{client} {period} has tickets"
            );
            compare(client, period, report, &theirs[client][period]);
        }
    }
}
