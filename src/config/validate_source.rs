//! Validation of one data source: its file, dialect, column mapping and value maps.

use std::collections::BTreeMap;
use std::path::Path;

use super::inputs::{FirstTouchFact, FirstTouchRule, Input, default_first_touch, source_inputs};
use super::options::*;
use super::types::*;
use super::validate::Checker;
use crate::tz::parse_time_zone;

/// Every mappable field with the column the configuration gives it.
pub fn mapped_columns(columns: &ColumnsConfig) -> Vec<(Field, Option<&String>)> {
    vec![
        (Field::Id, columns.id.as_ref()),
        (Field::Client, columns.client.as_ref()),
        (Field::Created, columns.created.as_ref()),
        (Field::FirstResponse, columns.first_response.as_ref()),
        (Field::Resolved, columns.resolved.as_ref()),
        (Field::Closed, columns.closed.as_ref()),
        (Field::Priority, columns.priority.as_ref()),
        (Field::Status, columns.status.as_ref()),
        (Field::Type, columns.ticket_type.as_ref()),
        (Field::Category, columns.category.as_ref()),
        (Field::Title, columns.title.as_ref()),
        (Field::AssignmentGroup, columns.assignment_group.as_ref()),
        (Field::Tier, columns.tier.as_ref()),
        (Field::Escalated, columns.escalated.as_ref()),
        (Field::Reassignments, columns.reassignments.as_ref()),
        (Field::Reopens, columns.reopens.as_ref()),
        (Field::Reopened, columns.reopened.as_ref()),
        (Field::ReopenedAt, columns.reopened_at.as_ref()),
        (Field::FirstTouch, columns.first_touch.as_ref()),
        (Field::Csat, columns.csat.as_ref()),
        (Field::PausedMinutes, columns.paused_minutes.as_ref()),
        (Field::SlaResponseMet, columns.sla_response_met.as_ref()),
        (Field::SlaResolutionMet, columns.sla_resolution_met.as_ref()),
        (Field::EventTime, columns.event_time.as_ref()),
        (Field::Sequence, columns.sequence.as_ref()),
        (Field::Responded, columns.responded.as_ref()),
        (Field::Comment, columns.comment.as_ref()),
        (Field::Month, columns.month.as_ref()),
        (Field::Users, columns.users.as_ref()),
        (Field::Endpoints, columns.endpoints.as_ref()),
        (
            Field::FirstResponseMinutes,
            columns.first_response_minutes.as_ref(),
        ),
        (Field::Measure, columns.measure.as_ref()),
        (Field::Value, columns.value.as_ref()),
        (Field::Of, columns.of.as_ref()),
        (Field::Date, columns.date.as_ref()),
        (Field::Start, columns.start.as_ref()),
        (Field::End, columns.end.as_ref()),
    ]
}

fn single_byte(checker: &mut Checker, path: &str, text: &str, what: &str) -> Option<u8> {
    let byte = match text {
        "\\t" | "\t" | "tab" => Some(b'\t'),
        _ if text.len() == 1 && text.is_ascii() => Some(text.as_bytes()[0]),
        _ => None,
    };
    if byte.is_none() {
        checker.error(
            path,
            format!("`{text}` is not a single ASCII character ({what})"),
        );
    }
    byte
}

/// Validates one source (already merged with its preset).
pub(super) fn validate_source(
    checker: &mut Checker,
    root: &Path,
    name: &str,
    path: &str,
    config: &SourceConfig,
) -> Option<SourceOptions> {
    let at = |key: &str| format!("{path}.{key}");
    if config.path.trim().is_empty() {
        checker.error(
            &at("path"),
            "the source needs a `path` (relative to the workspace)",
        );
    }
    let kind = match config.kind.as_deref() {
        None | Some("tickets") => SourceKind::Tickets,
        Some("csat") => SourceKind::Csat,
        Some("sizes") => SourceKind::Sizes,
        Some("events") => SourceKind::Events,
        Some("measurements") => SourceKind::Measurements,
        Some(other) => {
            checker.error(
                &at("kind"),
                format!("unknown source kind `{other}` (expected tickets, events, csat, sizes or measurements)"),
            );
            SourceKind::Tickets
        }
    };
    let format = match config.format.as_deref() {
        None => None,
        Some("csv") => Some(FileFormat::Csv),
        Some("parquet") => Some(FileFormat::Parquet),
        Some("json") => Some(FileFormat::Json),
        Some(other) => {
            checker.error(
                &at("format"),
                format!("unknown format `{other}` (expected csv, parquet or json)"),
            );
            None
        }
    };
    let shape = match config.shape.as_deref() {
        None | Some("tickets") => Shape::Tickets,
        Some("history") => Shape::History,
        Some(other) => {
            checker.error(&at("shape"), format!("unknown shape `{other}` (expected `tickets`: one row per ticket, or `history`: one row per status change)"));
            Shape::Tickets
        }
    };
    let delimiter = match &config.csv.delimiter {
        Some(text) => {
            single_byte(checker, &at("csv.delimiter"), text, "the field delimiter").unwrap_or(b',')
        }
        None => b',',
    };
    let quote = match &config.csv.quote {
        Some(text) => {
            single_byte(checker, &at("csv.quote"), text, "the quote character").unwrap_or(b'"')
        }
        None => b'"',
    };
    if delimiter == quote {
        checker.error(
            &at("csv"),
            "the delimiter and the quote character are the same",
        );
    }
    if let Some(format) = &config.timestamps.format {
        check_strftime(checker, &at("timestamps.format"), format);
    }
    let naive_zone = match config.timestamps.timezone.as_deref() {
        None | Some("client") | Some("local") => NaiveZone::Client,
        Some(zone) => checker
            .check(&at("timestamps.timezone"), parse_time_zone(zone))
            .map(NaiveZone::Fixed)
            .unwrap_or(NaiveZone::Client),
    };
    let mut columns: BTreeMap<Field, String> = mapped_columns(&config.columns)
        .into_iter()
        .filter_map(|(field, column)| column.map(|c| (field, c.clone())))
        .collect();
    let mut combined = Vec::new();
    for (key, combine) in &config.combine {
        let at_key = at(&format!("combine.{key}"));
        let field = match key.as_str() {
            "client" => Field::Client,
            "id" => Field::Id,
            other => {
                checker.error(
                    &at_key,
                    format!("`{other}` cannot be combined from several columns (expected `client` or `id`)"),
                );
                continue;
            }
        };
        if combine.columns.len() < 2 || combine.columns.iter().any(|c| c.trim().is_empty()) {
            checker.error(
                &at_key,
                "expected two or more column names to join, e.g. `columns: [company, site]`",
            );
            continue;
        }
        if field == Field::Client
            && (config.constants.client.is_some() || config.path.contains("{client}"))
        {
            checker.error(
                &at_key,
                "the client is already given by `constants.client` or `{client}` in the path; remove one",
            );
            continue;
        }
        if columns.contains_key(&field) {
            checker.error(
                &at_key,
                format!("`{key}` is also mapped in `columns`; map it in one place (`columns.{key}: \"\"` unmaps a preset's column)"),
            );
            continue;
        }
        let name = combine.columns.join(" + ");
        columns.insert(field, name.clone());
        combined.push((
            name,
            combine.columns.clone(),
            combine
                .separator
                .clone()
                .unwrap_or_else(|| " / ".to_string()),
        ));
    }
    check_required_columns(checker, path, config, kind, shape, &columns);
    let priority_values = map_values(
        checker,
        &at("values.priority"),
        &config.values.priority,
        |v| {
            let upper = v.trim().to_uppercase();
            PRIORITIES
                .contains(&upper.as_str())
                .then_some(upper)
                .ok_or_else(|| format!("`{v}` is not a priority (expected P1 to P5)"))
        },
    );
    let status_values = map_values(checker, &at("values.status"), &config.values.status, |v| {
        let lower = v.trim().to_lowercase();
        STATUSES
            .contains(&lower.as_str())
            .then_some(lower)
            .ok_or_else(|| {
                format!(
                    "`{v}` is not a status (expected one of {})",
                    STATUSES.join(", ")
                )
            })
    });
    let type_values = map_values(
        checker,
        &at("values.type"),
        &config.values.ticket_type,
        |v| Ok(normalize_label(v)),
    );
    let tier_values = map_values(checker, &at("values.tier"), &config.values.tier, |v| {
        v.trim()
            .parse::<i64>()
            .map_err(|_| format!("`{v}` is not a tier number (expected 1, 2, 3 …)"))
    });
    let mut boolean_values: BTreeMap<String, bool> = [
        ("true", true),
        ("false", false),
        ("yes", true),
        ("no", false),
        ("y", true),
        ("n", false),
        ("1", true),
        ("0", false),
        ("t", true),
        ("f", false),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    for (key, value) in &config.values.boolean {
        boolean_values.insert(normalize_label(key), *value);
    }
    let constant_priority = config.constants.priority.as_ref().and_then(|p| {
        let upper = p.trim().to_uppercase();
        if PRIORITIES.contains(&upper.as_str()) {
            Some(upper)
        } else {
            checker.error(
                &at("constants.priority"),
                format!("`{p}` is not a priority (expected P1 to P5)"),
            );
            None
        }
    });
    let missing = config
        .missing
        .clone()
        .unwrap_or_else(|| vec![String::new(), "NULL".to_string()]);
    Some(SourceOptions {
        name: name.to_string(),
        path: root.join(config.path.trim()),
        kind,
        format,
        shape,
        delimiter,
        quote,
        decimal_comma: config.csv.decimal_comma.unwrap_or(false),
        json_records: json_records(checker, &at("json.records"), config),
        json_join: config.json.join.clone().filter(|join| {
            if format.is_some_and(|f| f != FileFormat::Json)
                || (format.is_none()
                    && crate::data::read::format_from_name(&config.path) != FileFormat::Json)
            {
                checker.error(
                    &at("json.join"),
                    "`json.join` is for JSON exports (`format: json`, or a file named .json/.jsonl/.ndjson)",
                );
                return false;
            }
            let empty = [&join.records, &join.key, &join.on, &join.name]
                .iter()
                .any(|t| t.trim().is_empty());
            if empty {
                checker.error(
                    &at("json.join"),
                    "`records`, `key`, `on` and `as` must each name a key (e.g. `{records: metric_sets, key: ticket_id, on: id, as: metrics}`)",
                );
            }
            !empty
        }),
        sla_remaining: match config.sla_cells.as_deref() {
            None | Some("verdict") => false,
            Some("remaining") => true,
            Some(other) => {
                checker.error(
                    &at("sla_cells"),
                    format!("unknown kind of SLA cell `{other}` (expected `verdict`: yes/no, or `remaining`: the time left to the target, `h:mm`, negative once breached)"),
                );
                false
            }
        },
        month_names: config.timestamps.months.as_deref().and_then(|language| {
            let named = config
                .timestamps
                .format
                .as_deref()
                .is_some_and(|f| f.contains("%b") || f.contains("%B") || f.contains("%h"));
            if !named {
                checker.error(
                    &at("timestamps.months"),
                    "month names are read through a `timestamps.format` with `%b` or `%B` (e.g. `%d/%b/%y %H:%M`); set one",
                );
                return None;
            }
            let found = crate::data::months::language(language);
            if found.is_none() {
                checker.error(
                    &at("timestamps.months"),
                    format!(
                        "month names in `{language}` are not known (expected one of {})",
                        crate::data::months::LANGUAGES.join(", ")
                    ),
                );
            }
            found
        }),
        timestamp_format: config.timestamps.format.clone(),
        naive_zone,
        missing,
        columns,
        combined,
        priority_values,
        status_values,
        type_values,
        tier_values,
        boolean_values,
        constant_type: config
            .constants
            .ticket_type
            .as_ref()
            .map(|t| normalize_label(t)),
        constant_priority,
        constant_client: config.constants.client.clone(),
        constant_measure: config
            .constants
            .measure
            .as_ref()
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty()),
        reassignment_is_escalation: config.escalation.reassignment_counts.unwrap_or(false),
        escalation_min_tier: config.escalation.min_tier.unwrap_or(2),
        preset: config.preset.clone(),
        first_touch: FirstTouchRule::Off,
        paused_unit: paused_unit(checker, &at("units.paused_minutes"), config),
        events_of: None,
    })
    .map(|mut source| {
        source.first_touch = first_touch_rule(checker, &at("first_touch"), config, &source);
        source
    })
}

fn json_records(checker: &mut Checker, path: &str, config: &SourceConfig) -> Option<String> {
    let records = config.json.records.as_deref()?.trim();
    if records.is_empty() || records.split('.').any(str::is_empty) {
        checker.error(
            path,
            format!("`{records}` is not a path (expected the key of the records' array in the top-level object, e.g. `tickets`, or keys joined by dots, `data.rows`)"),
        );
        return None;
    }
    Some(records.to_string())
}

fn paused_unit(checker: &mut Checker, path: &str, config: &SourceConfig) -> DurationUnit {
    let Some(text) = &config.units.paused_minutes else {
        return DurationUnit::Minutes;
    };
    DurationUnit::parse(text).unwrap_or_else(|| {
        checker.error(
            path,
            format!("unknown unit `{text}` (expected minutes, hours, seconds or h:mm)"),
        );
        DurationUnit::Minutes
    })
}

fn first_touch_rule(
    checker: &mut Checker,
    path: &str,
    config: &SourceConfig,
    source: &SourceOptions,
) -> FirstTouchRule {
    let rule = match &config.first_touch {
        None => return default_first_touch(source),
        Some(FirstTouchConfig::Word(word)) => match word.trim() {
            "column" => FirstTouchRule::Column,
            "off" => FirstTouchRule::Off,
            "derived" => match default_first_touch(source) {
                FirstTouchRule::Derived(facts) => FirstTouchRule::Derived(facts),
                _ => {
                    checker.error(
                        path,
                        "`derived` needs reassignment counts (`columns.reassignments`); name the facts instead, e.g. `[escalation, reopens]`",
                    );
                    FirstTouchRule::Off
                }
            },
            other => {
                checker.error(
                    path,
                    format!("unknown first-touch source `{other}` (expected column, derived, off, or a list of facts: reassignments, escalation, reopens)"),
                );
                FirstTouchRule::Off
            }
        },
        Some(FirstTouchConfig::Facts(names)) => {
            let mut facts = Vec::new();
            for (i, name) in names.iter().enumerate() {
                match FirstTouchFact::ALL.iter().find(|f| f.key() == name.trim()) {
                    Some(fact) if !facts.contains(fact) => facts.push(*fact),
                    Some(_) => {}
                    None => checker.error(
                        &format!("{path}[{i}]"),
                        format!(
                            "unknown fact `{name}` (expected reassignments, escalation or reopens)"
                        ),
                    ),
                }
            }
            if facts.is_empty() {
                checker.error(
                    path,
                    "name at least one fact (reassignments, escalation, reopens)",
                );
            }
            FirstTouchRule::Derived(facts)
        }
    };
    let inputs = source_inputs(source);
    match &rule {
        FirstTouchRule::Column if !source.columns.contains_key(&Field::FirstTouch) => {
            checker.error(path, "`column` needs `columns.first_touch` mapped");
        }
        FirstTouchRule::Derived(facts) => {
            for fact in facts {
                let input = match fact {
                    FirstTouchFact::Reassignments => Input::Reassignments,
                    FirstTouchFact::Escalation => Input::Escalation,
                    FirstTouchFact::Reopens => Input::Reopens,
                };
                if !inputs.contains(&input)
                    && source.kind == SourceKind::Tickets
                    && *fact != FirstTouchFact::Reopens
                {
                    checker.error(
                        path,
                        format!("first touch is derived from `{}`, which this source does not provide ({})", fact.key(), input.how()),
                    );
                }
            }
        }
        _ => {}
    }
    rule
}

fn check_strftime(checker: &mut Checker, path: &str, format: &str) {
    use chrono::format::{Item, StrftimeItems};
    if StrftimeItems::new(format).any(|item| matches!(item, Item::Error)) {
        checker.error(
            path,
            format!("`{format}` is not a valid strftime format (e.g. `%d/%m/%Y %H:%M`)"),
        );
    } else if !format.contains("%H")
        && !format.contains("%I")
        && !format.contains("%k")
        && !format.contains("%l")
        && !format.contains("%T")
        && !format.contains("%R")
    {
        checker.error(
            path,
            format!("`{format}` has no hour (`%H`); SLA clocks need times, not only dates"),
        );
    }
}

fn check_required_columns(
    checker: &mut Checker,
    path: &str,
    config: &SourceConfig,
    kind: SourceKind,
    shape: Shape,
    columns: &BTreeMap<Field, String>,
) {
    let mut required: Vec<Field> = match (kind, shape) {
        (SourceKind::Tickets, Shape::Tickets) => vec![Field::Id, Field::Created],
        (SourceKind::Tickets, Shape::History) | (SourceKind::Events, _) => {
            vec![Field::Id, Field::EventTime, Field::Status]
        }
        (SourceKind::Csat, _) => vec![Field::Csat, Field::Responded],
        (SourceKind::Sizes, _) => vec![Field::Month],
        (SourceKind::Measurements, _) => {
            // A value on a day or month, or an interval (an outage).
            let mut fields =
                if columns.contains_key(&Field::Start) || columns.contains_key(&Field::End) {
                    vec![Field::Start, Field::End]
                } else {
                    vec![Field::Date, Field::Value]
                };
            if config.constants.measure.is_none() {
                fields.push(Field::Measure);
            }
            fields
        }
    };
    if kind == SourceKind::Sizes
        && !columns.contains_key(&Field::Users)
        && !columns.contains_key(&Field::Endpoints)
    {
        required.push(Field::Users);
    }
    for field in required {
        if !columns.contains_key(&field) {
            checker.error(
                &format!("{path}.columns"),
                format!(
                    "map the `{}` field to a column of the export (`columns.{}: <column name>`)",
                    field.key(),
                    field.key()
                ),
            );
        }
    }
    let per_client = config.path.contains("{client}");
    let attributed = columns.contains_key(&Field::Client)
        || config.constants.client.is_some()
        || per_client
        || (matches!(kind, SourceKind::Csat | SourceKind::Events)
            && columns.contains_key(&Field::Id));
    if !attributed {
        checker.error(
            &format!("{path}.columns"),
            "say whose rows these are: map `columns.client`, put `{client}` in the path (one file per client), or set `constants.client`",
        );
    }
}

fn map_values<T>(
    checker: &mut Checker,
    path: &str,
    values: &BTreeMap<String, String>,
    convert: impl Fn(&str) -> Result<T, String>,
) -> BTreeMap<String, T> {
    let mut out = BTreeMap::new();
    for (key, value) in values {
        if let Some(converted) = checker.check(&format!("{path}.{key}"), convert(value)) {
            out.insert(normalize_label(key), converted);
        }
    }
    out
}
