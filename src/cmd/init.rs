//! `reviewpack init`: a workspace skeleton, and the built-in templates written out for editing.

use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::InitArgs;
use crate::config::CONFIG_FILE;
use crate::render::templates::{TEMPLATES_DIR, eject};

const STARTER: &str = r##"# reviewpack workspace: see docs/configuration.md for every key.
# `reviewpack sample --out DIR` writes a complete, working example.
msp:
  name: Your MSP
  colors: {primary: "#1f4e79", secondary: "#4f81bd", accent: "#e07a1f"}

calendars:
  office:
    hours: {weekdays: "09:00-18:00"}
    holidays: {national: [uk]}

sources:
  psa:
    path: data/tickets.csv
    columns: {id: Ticket, client: Company, created: Created, first_response: Responded, resolved: Resolved, priority: Priority, status: Status}

clients:
  - id: example
    name: Example Ltd
    timezone: Europe/London
    calendar: office
    sla:
      targets:
        P1: {response_target: 15m, resolution_target: 4h, calendar: 24x7}
        P2: {response_target: 1h, resolution_target: 8h}
    csfs:
      - name: Responsive service desk
        kpis:
          - metric: response_sla
            target: 95%
"##;

/// Runs `init`.
pub fn run(args: &InitArgs) -> Result<ExitCode> {
    let root = &args.workspace.workspace;
    for folder in ["data", "clients", "commentary", "history"] {
        let path = root.join(folder);
        std::fs::create_dir_all(&path)
            .with_context(|| format!("cannot create `{}`", path.display()))?;
    }
    let config = root.join(CONFIG_FILE);
    if !config.exists() {
        std::fs::write(&config, STARTER)
            .with_context(|| format!("cannot write `{}`", config.display()))?;
        println!("wrote {}", config.display());
    }
    if args.eject_templates {
        for path in eject(&root.join(TEMPLATES_DIR), args.force)? {
            println!("wrote {}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
