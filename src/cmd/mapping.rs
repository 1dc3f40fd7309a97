//! `mapping suggest FILE`: reads an export nobody has mapped yet (its header and first records)
//! and proposes a source — a built-in preset when the columns are a preset's, otherwise a
//! `columns:` block chosen by name and checked against the content, the distinct values of
//! priority, status and type with a proposed `values:` map — and says which KPIs the file can
//! feed. The proposal is checked by the same validation `check` runs; what it cannot decide is
//! marked `?` for the user to fill in, never guessed.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::{DateTime, NaiveDateTime};

use crate::cli::MappingSuggestArgs;
use crate::config::{Field, normalize_label, sources_from_text};
use crate::data::presets;
use crate::kpi::metrics::ALL_METRICS;

/// No column names the client: a constant to fill in (a one-client file) or a column to map.
const CLIENT_UNKNOWN: &str = "    constants: {client: \"?\"}   # unknown: no column names the client. A one-client file: that client's id here. Several clients: delete this line and map `columns.client` to the column naming them\n";

/// Records read to judge the columns.
const SAMPLE: usize = 5000;
/// More distinct values than this: not a coded column, no `values:` map proposed.
const MAX_CODES: usize = 40;

/// What was read of the file.
struct Sample {
    /// `csv` (with its delimiter), `json` or `parquet`.
    format: Format,
    /// Column names (dotted paths for JSON), in file order.
    columns: Vec<String>,
    /// The first records, column by column.
    cells: Vec<Vec<Option<String>>>,
    /// Records read.
    rows: usize,
    /// For JSON with several arrays of records: the one read.
    json_records: Option<String>,
    /// For JSON with several arrays of records: all of them (sideloads a preset joins).
    arrays: Vec<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Csv(u8),
    Json,
    Parquet,
}

/// A field: its key, the column names that usually hold it, and what its values must look like.
struct FieldRule {
    field: Field,
    names: &'static [&'static str],
    content: Content,
}

#[derive(Clone, Copy, PartialEq)]
enum Content {
    Any,
    Date,
    Number,
    Code,
    Boolean,
}

const RULES: &[FieldRule] = &[
    FieldRule {
        field: Field::Id,
        names: &[
            "id",
            "number",
            "ticketid",
            "ticketnumber",
            "ticketno",
            "ticket",
            "issuekey",
            "key",
            "incidentid",
            "incidentnumber",
            "caseid",
            "casenumber",
            "reference",
            "ref",
        ],
        content: Content::Any,
    },
    FieldRule {
        field: Field::Client,
        names: &[
            "client",
            "clientname",
            "company",
            "companyname",
            "companyidentifier",
            "customer",
            "customername",
            "account",
            "accountname",
            "organization",
            "organisation",
            "organizations",
            "customfieldorganizations",
            "org",
            "tenant",
            "department",
            "site",
        ],
        content: Content::Any,
    },
    FieldRule {
        field: Field::Created,
        names: &[
            "created",
            "createdat",
            "createdon",
            "createdate",
            "datecreated",
            "dateentered",
            "infodateentered",
            "opened",
            "openedat",
            "openedon",
            "opendate",
            "dateoccurred",
            "submitted",
            "submittedat",
            "reported",
            "reportedat",
            "syscreatedon",
        ],
        content: Content::Date,
    },
    FieldRule {
        field: Field::FirstResponse,
        names: &[
            "firstresponse",
            "firstresponseat",
            "firstresponsedate",
            "firstresponsedatetime",
            "firstrespondedat",
            "statsfirstrespondedat",
            "dateresponded",
            "responded",
            "respondedat",
            "responsedate",
            "firstreply",
            "firstreplyat",
            "acknowledged",
            "acknowledgedat",
            "customfieldchartdateoffirstresponse",
        ],
        content: Content::Date,
    },
    FieldRule {
        field: Field::Resolved,
        names: &[
            "resolved",
            "resolvedat",
            "resolvedon",
            "resolveddate",
            "resolveddatetime",
            "dateresolved",
            "resolutiondate",
            "statsresolvedat",
            "solvedat",
            "fixedat",
        ],
        content: Content::Date,
    },
    FieldRule {
        field: Field::Closed,
        names: &[
            "closed",
            "closedat",
            "closedon",
            "closeddate",
            "dateclosed",
            "completeddate",
            "completedat",
            "statsclosedat",
        ],
        content: Content::Date,
    },
    FieldRule {
        field: Field::Priority,
        names: &["priority", "priorityname", "priorityid", "prio", "severity"],
        content: Content::Code,
    },
    FieldRule {
        field: Field::Status,
        names: &[
            "status",
            "statusname",
            "state",
            "incidentstate",
            "ticketstatus",
        ],
        content: Content::Code,
    },
    FieldRule {
        field: Field::Type,
        names: &[
            "type",
            "typename",
            "tickettype",
            "tickettypename",
            "issuetype",
            "requesttype",
            "recordtype",
        ],
        content: Content::Code,
    },
    FieldRule {
        field: Field::Category,
        names: &[
            "category",
            "categoryname",
            "category1",
            "subtype",
            "subtypename",
            "issuecategory",
            "service",
            "customfieldrequesttype",
        ],
        content: Content::Any,
    },
    FieldRule {
        field: Field::Title,
        names: &["title", "summary", "subject", "shortdescription", "name"],
        content: Content::Any,
    },
    FieldRule {
        field: Field::AssignmentGroup,
        names: &[
            "assignmentgroup",
            "group",
            "groupname",
            "team",
            "board",
            "boardname",
            "queue",
            "queuename",
            "resolvergroup",
            "supportgroup",
        ],
        content: Content::Any,
    },
    FieldRule {
        field: Field::Tier,
        names: &["tier", "supporttier", "supportlevel", "escalationlevel"],
        content: Content::Any,
    },
    FieldRule {
        field: Field::Reassignments,
        names: &["reassignments", "reassignmentcount", "reassigned"],
        content: Content::Number,
    },
    FieldRule {
        field: Field::Reopens,
        names: &["reopens", "reopencount", "reopened", "timesreopened"],
        content: Content::Number,
    },
    FieldRule {
        field: Field::Escalated,
        names: &["escalated", "isescalated"],
        content: Content::Boolean,
    },
    FieldRule {
        field: Field::Csat,
        names: &[
            "csat",
            "satisfaction",
            "satisfactionrating",
            "satisfactionscore",
            "csatscore",
            "rating",
        ],
        content: Content::Number,
    },
    FieldRule {
        field: Field::PausedMinutes,
        names: &[
            "pausedminutes",
            "waitingminutes",
            "minuteswaiting",
            "onholdminutes",
            "holdminutes",
            "waiting",
            "waittime",
        ],
        content: Content::Number,
    },
    FieldRule {
        field: Field::SlaResponseMet,
        names: &[
            "responsemet",
            "responseslamet",
            "slaresponsemet",
            "responsewithinsla",
        ],
        content: Content::Boolean,
    },
    FieldRule {
        field: Field::SlaResolutionMet,
        names: &[
            "madesla",
            "slamet",
            "resolutionmet",
            "resolutionslamet",
            "slaresolutionmet",
            "isinsla",
            "insla",
            "withinsla",
        ],
        content: Content::Boolean,
    },
];

/// Timestamp forms tried when a date column is not ISO 8601: (strftime, whether day-first is
/// the reading of an ambiguous `01/02`).
const DATE_FORMS: &[&str] = &[
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%d/%b/%y %l:%M %p",
    "%d/%b/%Y %l:%M %p",
    "%d-%b-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
];

/// Runs `mapping show`: a preset's YAML, or the list of presets.
pub fn show(args: &crate::cli::MappingShowArgs) -> Result<ExitCode> {
    let names = presets::preset_names();
    match args.preset.as_deref() {
        None => {
            for name in names {
                println!("{name}");
            }
        }
        Some(name) => match presets::preset_text(name) {
            Some(text) => print!("{text}"),
            None => {
                let hint = crate::config::suggest(name, &names)
                    .map(|s| format!(" — did you mean `{s}`?"))
                    .unwrap_or_default();
                bail!(
                    "unknown preset `{name}`{hint} (built in: {})",
                    names.join(", ")
                );
            }
        },
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `mapping suggest`.
pub fn suggest(args: &MappingSuggestArgs) -> Result<ExitCode> {
    let root = &args.workspace.workspace;
    let path = if args.file.is_absolute() || args.file.exists() {
        args.file.clone()
    } else {
        root.join(&args.file)
    };
    let shown = shown_path(root, &path);
    let sample = read_sample(&path, &shown)?;
    if sample.columns.is_empty() {
        bail!("`{shown}` has no columns (expected a header row, or JSON records)");
    }
    let mut out = String::new();
    let format_note = match sample.format {
        Format::Csv(d) => format!("CSV, delimiter `{}`", printable(d)),
        Format::Json => "JSON".to_string(),
        Format::Parquet => "Parquet".to_string(),
    };
    writeln!(
        out,
        "# reviewpack mapping suggest: `{shown}` ({format_note}; {} columns; judged on the first {} records)",
        sample.columns.len(),
        sample.rows
    )?;
    let source_name = source_name(&path);
    let mut source = String::new();
    writeln!(source, "sources:\n  {source_name}:")?;
    writeln!(
        source,
        "    path: {}",
        yaml_string(&path_in_workspace(root, &path))
    )?;
    if let Format::Csv(d) = sample.format
        && d != b','
    {
        writeln!(
            source,
            "    csv: {{delimiter: {}}}",
            yaml_string(&printable(d))
        )?;
    }
    let found = match detect_preset(&sample) {
        Some((name, present, total)) => {
            writeln!(
                out,
                "# Recognised: the `{name}` preset ({present} of its {total} columns are in the file); see docs/presets.md#{name}"
            )?;
            preset_source(&mut source, &sample, name)?
        }
        None => {
            writeln!(
                out,
                "# No built-in preset matches these columns: a mapping chosen by column name and content."
            )?;
            if let Some(records) = &sample.json_records {
                writeln!(source, "    json: {{records: {}}}", yaml_string(records))?;
            }
            plain_source(&mut source, &sample)?
        }
    };
    if found.unknown_required {
        eprint!("{out}");
        bail!(
            "`{shown}`: {}, so this is not a ticket export reviewpack can recognise (its columns: {}); map it by hand (docs/configuration.md#sources), or rename that column in the export; measurements from other systems (uptime, backups, patching) are read with `kind: measurements` (docs/configuration.md#measurements-from-other-systems-kind-measurements)",
            found.missing_required,
            sample
                .columns
                .iter()
                .take(40)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    out.push_str(&source);
    // The proposal, checked as `check` checks a configuration (with the `?` left for the user
    // treated as unknown), says which KPIs the file can feed.
    let known: String = source
        .lines()
        .filter(|line| !(line.starts_with("        ") && line.contains(": \"?\"")))
        .map(|line| format!("{line}\n"))
        .collect();
    let checked = sources_from_text(root, Path::new("suggestion.yaml"), &known);
    match checked {
        Ok(sources) => {
            if let Some(options) = sources.first() {
                let inputs = crate::config::inputs::source_inputs(options);
                let mut can = Vec::new();
                let mut cannot = Vec::new();
                for metric in ALL_METRICS {
                    match metric.needs().iter().find(|i| !inputs.contains(i)) {
                        None => can.push(metric.key()),
                        Some(input) => cannot.push(format!("{} ({})", metric.key(), input.key())),
                    }
                }
                writeln!(out, "# Can feed: {}", can.join(", "))?;
                if !cannot.is_empty() {
                    writeln!(
                        out,
                        "# Cannot feed (\"no data\"; the input it lacks): {}",
                        cannot.join(", ")
                    )?;
                }
            }
        }
        Err(errors) => writeln!(out, "# The proposal does not validate yet: {errors}")?,
    }
    if found.unknowns > 0 {
        writeln!(
            out,
            "# {} value(s) marked \"?\" above: replace each before `reviewpack check`.",
            found.unknowns
        )?;
    }
    writeln!(
        out,
        "# Then add the clients (`match_values` holds the {} values naming each) and run `reviewpack check`.",
        found.client_column.as_deref().unwrap_or("client column's")
    )?;
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// What a proposal found.
struct Found {
    unknown_required: bool,
    /// What the file lacks, when it lacks a ticket id or a creation date.
    missing_required: String,
    unknowns: usize,
    client_column: Option<String>,
}

fn shown_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .to_string()
}

fn path_in_workspace(root: &Path, path: &Path) -> String {
    match (root.canonicalize(), path.canonicalize()) {
        (Ok(r), Ok(p)) => p.strip_prefix(&r).map_or(p.clone(), Path::to_path_buf),
        _ => PathBuf::from(path),
    }
    .to_string_lossy()
    .to_string()
}

fn source_name(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let stem: String = name
        .split('.')
        .next()
        .unwrap_or("")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if stem.is_empty() || stem.starts_with(|c: char| c.is_ascii_digit()) {
        "export".to_string()
    } else {
        stem
    }
}

fn printable(byte: u8) -> String {
    match byte {
        b'\t' => "\\t".to_string(),
        b => (b as char).to_string(),
    }
}

/// A YAML scalar for any text (double-quoted JSON strings are valid YAML).
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

fn read_sample(path: &Path, shown: &str) -> Result<Sample> {
    let data = crate::data::read::export_bytes(path, shown)?;
    if data.starts_with(b"PAR1") {
        return parquet_sample(data, shown);
    }
    crate::data::read::refuse_binary_text(&data, shown, "-")?;
    let first = data.iter().find(|b| !b.is_ascii_whitespace()).copied();
    let json = crate::data::read::format_from_name(&path.to_string_lossy())
        == crate::config::FileFormat::Json
        || matches!(first, Some(b'[' | b'{'));
    if json {
        json_sample(&data, shown)
    } else {
        csv_sample(&data, shown)
    }
}

fn csv_sample(data: &[u8], shown: &str) -> Result<Sample> {
    let delimiter = [b',', b';', b'\t', b'|']
        .into_iter()
        .max_by_key(|d| crate::data::read::csv_header(data, *d, b'"').len())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(data);
    let columns: Vec<String> = reader
        .byte_headers()
        .with_context(|| format!("`{shown}`: the header does not parse as CSV"))?
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let mut cells = vec![Vec::new(); columns.len()];
    let mut rows = 0;
    for record in reader.byte_records().take(SAMPLE) {
        let Ok(record) = record else { continue };
        rows += 1;
        for (c, column) in cells.iter_mut().enumerate() {
            let value = record
                .get(c)
                .map(|v| String::from_utf8_lossy(v).trim().to_string())
                .filter(|v| !v.is_empty() && v != "NULL");
            column.push(value);
        }
    }
    Ok(Sample {
        format: Format::Csv(delimiter),
        columns,
        cells,
        rows,
        json_records: None,
        arrays: Vec::new(),
    })
}

fn json_sample(data: &[u8], shown: &str) -> Result<Sample> {
    match json_sample_at(data, shown, None) {
        Ok(sample) => Ok(sample),
        Err(error) if error.to_string().contains("several arrays of records") => {
            // An envelope with several arrays (records and sideloads): the array a preset
            // recognises, else the longest.
            let text = std::str::from_utf8(data)?;
            let first = serde_json::Deserializer::from_str(text)
                .into_iter::<&serde_json::value::RawValue>()
                .next()
                .context("a JSON value")??;
            let object: BTreeMap<&str, &serde_json::value::RawValue> =
                serde_json::from_str(first.get())?;
            let arrays: Vec<String> = object
                .keys()
                .filter(|k| object[*k].get().starts_with('['))
                .map(|k| k.to_string())
                .collect();
            let mut best: Option<(bool, usize, Sample)> = None;
            for key in &arrays {
                let Ok(mut sample) = json_sample_at(data, shown, Some(key)) else {
                    continue;
                };
                sample.arrays = arrays.clone();
                let rank = (detect_preset(&sample).is_some(), sample.rows);
                if best.as_ref().is_none_or(|(p, r, _)| rank > (*p, *r)) {
                    best = Some((rank.0, rank.1, sample));
                }
            }
            best.map(|(_, _, s)| s).ok_or(error)
        }
        Err(error) => Err(error),
    }
}

fn json_sample_at(data: &[u8], shown: &str, records_at: Option<&str>) -> Result<Sample> {
    let records = crate::data::json::records(records_at, &[], data, shown)?;
    let mut columns: Vec<String> = Vec::new();
    let mut parsed = Vec::new();
    for raw in records.iter().take(SAMPLE) {
        let record: serde_json::Value = serde_json::from_str(raw.get())?;
        crate::data::json::collect_paths(&record, "", &mut columns);
        parsed.push(record);
    }
    let cells = columns
        .iter()
        .map(|column| {
            parsed
                .iter()
                .map(|record| {
                    crate::data::json::lookup(record, column)
                        .and_then(|v| crate::data::json::text(v).ok().flatten())
                        .filter(|v| !v.trim().is_empty())
                })
                .collect()
        })
        .collect();
    Ok(Sample {
        format: Format::Json,
        rows: parsed.len(),
        columns,
        cells,
        json_records: records_at.map(str::to_string),
        arrays: Vec::new(),
    })
}

fn parquet_sample(data: Vec<u8>, shown: &str) -> Result<Sample> {
    use polars::prelude::*;
    use polars_io::SerReader;
    let frame = crate::data::guard::without_panics(|| {
        polars_io::parquet::read::ParquetReader::new(std::io::Cursor::new(data))
            .with_slice(Some((0, SAMPLE)))
            .finish()
    })
    .map_err(|panic| anyhow::anyhow!("`{shown}` is not a readable Parquet file ({panic})"))?
    .map_err(|e| anyhow::anyhow!("`{shown}` is not a readable Parquet file: {e}"))?;
    let mut columns = Vec::new();
    let mut cells = Vec::new();
    for column in frame.columns() {
        columns.push(column.name().to_string());
        let text = column.cast(&DataType::String)?;
        cells.push(
            text.str()?
                .iter()
                .map(|v| v.map(str::to_string))
                .collect::<Vec<_>>(),
        );
    }
    Ok(Sample {
        format: Format::Parquet,
        rows: frame.height(),
        columns,
        cells,
        json_records: None,
        arrays: Vec::new(),
    })
}

/// Whether a preset's column is a path into a sideload it joins, and the file has that array.
fn joined_path(sample: &Sample, preset: &crate::config::types::SourceConfig, column: &str) -> bool {
    preset.json.join.as_ref().is_some_and(|join| {
        sample.arrays.contains(&join.records) && column.starts_with(&format!("{}.", join.name))
    })
}

/// The preset whose mapped columns the file holds best: at least three quarters of them.
fn detect_preset(sample: &Sample) -> Option<(&'static str, usize, usize)> {
    let have: BTreeSet<&str> = sample.columns.iter().map(String::as_str).collect();
    presets::preset_names()
        .into_iter()
        .filter_map(|name| {
            let preset = presets::preset(name)?;
            let wanted: BTreeSet<String> = crate::data::presets::column_names(&preset.columns);
            let present = wanted
                .iter()
                .filter(|c| have.contains(c.as_str()) || joined_path(sample, preset, c))
                .count();
            (present * 4 >= wanted.len() * 3).then_some((name, present, wanted.len()))
        })
        .max_by_key(|(_, present, total)| (present * 1000 / total.max(&1), *present))
}

fn preset_source(source: &mut String, sample: &Sample, name: &str) -> Result<Found> {
    let preset = presets::preset(name).context("a preset")?;
    writeln!(source, "    preset: {name}")?;
    let mapped = crate::data::presets::field_columns(&preset.columns);
    let mut lines = Vec::new();
    for (field, column) in &mapped {
        if !sample.columns.contains(column) && !joined_path(sample, preset, column) {
            lines.push(format!(
                "      {}: \"\"   # `{column}` is not in this file",
                field.key()
            ));
        }
    }
    let mut client_column = mapped
        .iter()
        .find(|(f, _)| *f == Field::Client)
        .map(|(_, c)| c.clone())
        .filter(|c| sample.columns.contains(c));
    let mut unknowns = 0;
    let mut constants = None;
    if client_column.is_none() && preset.constants.client.is_none() {
        match best_column(sample, rule(Field::Client), &BTreeSet::new()) {
            Some(c) => {
                lines.push(format!("      client: {}", yaml_string(&sample.columns[c])));
                client_column = Some(sample.columns[c].clone());
            }
            None => {
                constants = Some(CLIENT_UNKNOWN);
                unknowns += 1;
            }
        }
    }
    if !lines.is_empty() {
        writeln!(source, "    columns:")?;
        for line in lines {
            writeln!(source, "{line}")?;
        }
    }
    if let Some(constants) = constants {
        source.push_str(constants);
    }
    // Coded values the preset does not know.
    let mut extra = String::new();
    for (field, key, known) in [
        (Field::Priority, "priority", &preset.values.priority),
        (Field::Status, "status", &preset.values.status),
        (Field::Type, "type", &preset.values.ticket_type),
    ] {
        let Some(column) = mapped.iter().find(|(f, _)| *f == field).map(|(_, c)| c) else {
            continue;
        };
        let Some(index) = sample.columns.iter().position(|c| c == column) else {
            continue;
        };
        let known: BTreeSet<String> = known.keys().map(|k| normalize_label(k)).collect();
        let values = distinct(&sample.cells[index]);
        let missing: Vec<&(String, usize)> = values
            .iter()
            .filter(|(v, _)| !known.contains(&normalize_label(v)))
            .collect();
        if missing.is_empty() || values.len() > MAX_CODES {
            continue;
        }
        let lines = value_entries(field, missing, &mut unknowns)?;
        if !lines.is_empty() {
            writeln!(extra, "      {key}:")?;
            extra.push_str(&lines);
        }
    }
    if !extra.is_empty() {
        writeln!(source, "    values:   # values the preset does not know")?;
        source.push_str(&extra);
    }
    Ok(Found {
        missing_required: String::new(),
        unknown_required: false,
        unknowns,
        client_column,
    })
}

fn rule(field: Field) -> &'static FieldRule {
    RULES
        .iter()
        .find(|r| r.field == field)
        .expect("a rule per field")
}

fn squash(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase()
}

/// The column that best holds a field: named like it (exactly, then as the name's last part)
/// and with content that fits.
/// How well a column's name says it holds a field (lower is better; `None`: not at all): the
/// whole name is one of the field's names, then its last dotted part is, then the name begins
/// with one (`Created (local)`), then its words hold one of the field's word sets (`First
/// Tech Reply` holds `first` and `reply`).
fn rank(column: &str, rule: &FieldRule) -> Option<usize> {
    let whole = squash(column);
    let last = squash(column.rsplit('.').next().unwrap_or(column));
    let position = |name: &str| rule.names.iter().position(|n| *n == name);
    if let Some(p) = position(&whole) {
        return Some(p);
    }
    if let Some(p) = position(&last) {
        return Some(100 + p);
    }
    if let Some(p) = rule
        .names
        .iter()
        .position(|n| n.len() >= 5 && whole.starts_with(n))
    {
        return Some(200 + p);
    }
    let words: Vec<String> = column
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words_of(rule.field)
        .iter()
        .position(|set| set.iter().all(|w| words.iter().any(|x| x == w)))
        .map(|p| 300 + p)
}

/// Word sets that name a field inside a longer column name.
fn words_of(field: Field) -> &'static [&'static [&'static str]] {
    match field {
        Field::Id => &[&["ticket", "number"], &["ticket", "id"], &["ticket", "no"]],
        Field::Client => &[
            &["customer"],
            &["company"],
            &["client"],
            &["organization"],
            &["organisation"],
            &["account"],
        ],
        Field::Created => &[
            &["created"],
            &["opened"],
            &["submitted"],
            &["date", "entered"],
        ],
        Field::FirstResponse => &[
            &["first", "reply"],
            &["first", "response"],
            &["first", "responded"],
            &["responded"],
        ],
        Field::Resolved => &[&["resolved"], &["solved"], &["resolution", "date"]],
        Field::Closed => &[&["closed"], &["completed"]],
        Field::Priority => &[&["priority"]],
        Field::Status => &[&["status"], &["state"]],
        Field::Type => &[
            &["ticket", "type"],
            &["issue", "type"],
            &["request", "type"],
        ],
        Field::Category => &[&["category"], &["problem", "type"], &["subcategory"]],
        Field::Title => &[&["subject"], &["summary"], &["title"]],
        Field::AssignmentGroup => &[&["group"], &["team"], &["queue"], &["board"]],
        _ => &[],
    }
}

/// The best column for a field among those not yet taken.
fn best_column(sample: &Sample, rule: &FieldRule, taken: &BTreeSet<usize>) -> Option<usize> {
    (0..sample.columns.len())
        .filter(|i| !taken.contains(i))
        .filter_map(|i| rank(&sample.columns[i], rule).map(|r| (r, i)))
        .filter(|(_, i)| fits(&sample.cells[*i], rule.content))
        .min()
        .map(|(_, i)| i)
}

fn fits(values: &[Option<String>], content: Content) -> bool {
    let present: Vec<&str> = values.iter().flatten().map(String::as_str).collect();
    if present.is_empty() {
        return content != Content::Date;
    }
    match content {
        Content::Any => true,
        Content::Date => date_format(&present).is_some(),
        Content::Number => {
            share(&present, |v| {
                v.trim().replace(',', ".").parse::<f64>().is_ok()
            }) >= 0.9
        }
        Content::Code => distinct(values).len() <= MAX_CODES,
        Content::Boolean => {
            let words = [
                "true", "false", "yes", "no", "y", "n", "1", "0", "t", "f", "i", "o",
            ];
            share(&present, |v| {
                words.contains(&v.trim().to_lowercase().as_str())
            }) >= 0.9
        }
    }
}

fn share(values: &[&str], test: impl Fn(&str) -> bool) -> f64 {
    values.iter().filter(|v| test(v)).count() as f64 / values.len().max(1) as f64
}

/// How a date column is written: `None` inside for ISO 8601 (read without a format), the
/// strftime format otherwise; the outer `None` when no form reads nine values in ten.
fn date_format(values: &[&str]) -> Option<Option<&'static str>> {
    let iso = share(values, |v| {
        crate::data::parse::timestamp_form(None, Some(v)).is_some()
    });
    if iso >= 0.9 {
        return Some(None);
    }
    DATE_FORMS
        .iter()
        .map(|form| {
            (
                *form,
                share(values, |v| {
                    NaiveDateTime::parse_from_str(v.trim(), form).is_ok()
                        || DateTime::parse_from_str(v.trim(), form).is_ok()
                }),
            )
        })
        .filter(|(_, s)| *s >= 0.9)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(form, _)| Some(form))
}

/// Distinct values with their counts, most frequent first.
fn distinct(values: &[Option<String>]) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for value in values.iter().flatten() {
        *counts.entry(value.as_str()).or_default() += 1;
    }
    let mut out: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(v, n)| (v.to_string(), n))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// The `values:` entries of one field: each export value with its proposal and its count (values
/// already written `P1`…`P5` need none).
fn value_entries<'a>(
    field: Field,
    values: impl IntoIterator<Item = &'a (String, usize)>,
    unknowns: &mut usize,
) -> Result<String> {
    let mut out = String::new();
    for (value, count) in values {
        if field == Field::Priority
            && crate::config::PRIORITIES.contains(&value.trim().to_uppercase().as_str())
        {
            continue;
        }
        let proposal = propose(field, value);
        let unknown = proposal == "?";
        *unknowns += usize::from(unknown);
        writeln!(
            out,
            "        {}: {}   # {count} records{}",
            yaml_string(value),
            yaml_string(&proposal),
            if unknown { "; unknown: fill in" } else { "" }
        )?;
    }
    Ok(out)
}

/// A proposed canonical value for a coded export value, or `?`.
fn propose(field: Field, value: &str) -> String {
    let lower = value.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    match field {
        Field::Priority => {
            if let Some(digit) = lower.chars().find(|c| ('1'..='5').contains(c)) {
                return format!("P{digit}");
            }
            if has(&["critical", "urgent", "emergency", "highest", "blocker"]) {
                "P1"
            } else if has(&["lowest", "planning", "trivial"]) {
                "P5"
            } else if has(&["high", "major"]) {
                "P2"
            } else if has(&["medium", "normal", "moderate"]) {
                "P3"
            } else if has(&["low", "minor"]) {
                "P4"
            } else {
                "?"
            }
        }
        Field::Status => {
            if has(&["cancel", "declin", "reject", "withdrawn"]) {
                "canceled"
            } else if has(&["closed", "complete"]) {
                "closed"
            } else if has(&["resolved", "solved", "done", "fixed"]) {
                "resolved"
            } else if has(&["wait", "pending", "hold", "await", "suspend", "pause"]) {
                "paused"
            } else if lower.trim() == "new"
                || has(&["new (", "unassigned", "open"]) && !has(&["reopen"])
            {
                if lower.contains("open") {
                    "open"
                } else {
                    "new"
                }
            } else if has(&[
                "progress",
                "assigned",
                "active",
                "work",
                "escalat",
                "reopen",
                "dispatch",
                "scheduled",
            ]) {
                "open"
            } else {
                "?"
            }
        }
        _ => {
            if has(&["incident", "alert"]) {
                "incident"
            } else if has(&["request"]) {
                "request"
            } else if has(&["problem"]) {
                "problem"
            } else if has(&["change"]) {
                "change"
            } else {
                return normalize_label(value);
            }
        }
    }
    .to_string()
}

fn plain_source(source: &mut String, sample: &Sample) -> Result<Found> {
    // Every (field, column) pair that fits, best names first: each field and column is used
    // once (`Problem Type` is a category by its words before it is a type by another rule).
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (r, rule) in RULES.iter().enumerate() {
        for (i, column) in sample.columns.iter().enumerate() {
            if let Some(rank) = rank(column, rule)
                && fits(&sample.cells[i], rule.content)
            {
                pairs.push((rank, r, i));
            }
        }
    }
    pairs.sort_unstable();
    let mut taken = BTreeSet::new();
    let mut chosen: Vec<(Field, usize)> = Vec::new();
    for (_, r, i) in pairs {
        if !taken.contains(&i) && !chosen.iter().any(|(f, _)| *f == RULES[r].field) {
            taken.insert(i);
            chosen.push((RULES[r].field, i));
        }
    }
    let column_of = |field: Field| chosen.iter().find(|(f, _)| *f == field).map(|(_, i)| *i);
    let missing: Vec<&str> = [
        (Field::Id, "no column looks like a ticket id"),
        (
            Field::Created,
            "no column holds creation dates (date-times in one form, in nine values of ten)",
        ),
    ]
    .into_iter()
    .filter(|(f, _)| column_of(*f).is_none())
    .map(|(_, why)| why)
    .collect();
    if !missing.is_empty() {
        return Ok(Found {
            missing_required: missing.join(" and "),
            unknown_required: true,
            unknowns: 0,
            client_column: None,
        });
    }
    // One timestamp format for the source: that of the creation dates.
    let created = column_of(Field::Created).expect("checked");
    let created_values: Vec<&str> = sample.cells[created]
        .iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let format = date_format(&created_values).flatten();
    if let Some(format) = format {
        writeln!(
            source,
            "    timestamps: {{format: {}}}",
            yaml_string(format)
        )?;
        if format.starts_with("%d/%m") || format.starts_with("%m/%d") {
            let other = if format.starts_with("%d/%m") {
                format.replacen("%d/%m", "%m/%d", 1)
            } else {
                format.replacen("%m/%d", "%d/%m", 1)
            };
            if share(&created_values, |v| {
                NaiveDateTime::parse_from_str(v.trim(), &other).is_ok()
            }) >= 0.9
            {
                writeln!(
                    source,
                    "    # every date reads both day-first and month-first: check `timestamps.format` against a date you know"
                )?;
            }
        }
    }
    writeln!(source, "    columns:")?;
    for rule in RULES {
        match column_of(rule.field) {
            Some(index) => {
                let column = &sample.columns[index];
                let note = match rule.content {
                    Content::Date => {
                        let values: Vec<&str> = sample.cells[index]
                            .iter()
                            .flatten()
                            .map(String::as_str)
                            .collect();
                        let own = date_format(&values).flatten();
                        if own != format {
                            format!(
                                "   # written `{}`, unlike the creation dates: check",
                                own.unwrap_or("ISO 8601")
                            )
                        } else {
                            sample.cells[index]
                                .iter()
                                .flatten()
                                .next()
                                .map(|v| format!("   # e.g. {}", yaml_string(v)))
                                .unwrap_or_default()
                        }
                    }
                    _ => String::new(),
                };
                writeln!(
                    source,
                    "      {}: {}{note}",
                    rule.field.key(),
                    yaml_string(column)
                )?;
            }
            None if matches!(
                rule.field,
                Field::FirstResponse | Field::Resolved | Field::Priority | Field::Status
            ) =>
            {
                writeln!(
                    source,
                    "      # {}: no column looks like it",
                    rule.field.key()
                )?;
            }
            None => {}
        }
    }
    let mut unknowns = 0;
    let mut values = String::new();
    for (field, key) in [
        (Field::Priority, "priority"),
        (Field::Status, "status"),
        (Field::Type, "type"),
    ] {
        let Some(index) = column_of(field) else {
            continue;
        };
        let found = distinct(&sample.cells[index]);
        if found.len() > MAX_CODES {
            continue;
        }
        let lines = value_entries(field, &found, &mut unknowns)?;
        if !lines.is_empty() {
            writeln!(values, "      {key}:")?;
            values.push_str(&lines);
        }
    }
    if !values.is_empty() {
        writeln!(source, "    values:")?;
        source.push_str(&values);
    }
    if column_of(Field::Client).is_none() {
        source.push_str(CLIENT_UNKNOWN);
        unknowns += 1;
    }
    Ok(Found {
        missing_required: String::new(),
        unknown_required: false,
        unknowns,
        client_column: column_of(Field::Client).map(|i| sample.columns[i].clone()),
    })
}
