//! Built-in source mappings for common PSA/ITSM exports; a source names one with `preset:` and
//! overrides any part of it.

use std::sync::OnceLock;

use crate::config::types::{ColumnsConfig, SourceConfig};

/// The built-in presets: name and YAML text. A new preset is a YAML file here and a section in
/// `docs/presets.md`.
const PRESETS: &[(&str, &str)] = &[
    ("servicenow", include_str!("presets/servicenow.yaml")),
    ("connectwise", include_str!("presets/connectwise.yaml")),
    ("autotask", include_str!("presets/autotask.yaml")),
    ("halopsa", include_str!("presets/halopsa.yaml")),
    ("jira", include_str!("presets/jira.yaml")),
    ("freshservice", include_str!("presets/freshservice.yaml")),
    ("zendesk", include_str!("presets/zendesk.yaml")),
];

/// Names of the built-in presets.
pub fn preset_names() -> Vec<&'static str> {
    PRESETS.iter().map(|(name, _)| *name).collect()
}

/// The preset with this name.
pub fn preset(name: &str) -> Option<&'static SourceConfig> {
    static PARSED: OnceLock<Vec<SourceConfig>> = OnceLock::new();
    let parsed = PARSED.get_or_init(|| {
        PRESETS
            .iter()
            .map(|(name, text)| {
                serde_yaml::from_str(text)
                    .unwrap_or_else(|e| panic!("the built-in {name} preset does not parse: {e}"))
            })
            .collect()
    });
    let index = PRESETS.iter().position(|(n, _)| *n == name)?;
    parsed.get(index)
}

/// The preset's YAML text (for `docs` and `init`).
pub fn preset_text(name: &str) -> Option<&'static str> {
    PRESETS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The fields a preset maps, with their columns.
pub fn field_columns(columns: &ColumnsConfig) -> Vec<(crate::config::Field, String)> {
    crate::config::mapped_columns(columns)
        .into_iter()
        .filter_map(|(field, column)| column.filter(|c| !c.is_empty()).map(|c| (field, c.clone())))
        .collect()
}

/// The distinct columns a preset maps.
pub fn column_names(columns: &ColumnsConfig) -> std::collections::BTreeSet<String> {
    field_columns(columns).into_iter().map(|(_, c)| c).collect()
}

/// The user's source settings laid over a preset: every key the user sets wins.
pub fn merge(preset: &SourceConfig, user: &SourceConfig) -> SourceConfig {
    let mut out = user.clone();
    out.kind = user.kind.clone().or_else(|| preset.kind.clone());
    out.format = user.format.clone().or_else(|| preset.format.clone());
    out.shape = user.shape.clone().or_else(|| preset.shape.clone());
    out.csv.delimiter = user
        .csv
        .delimiter
        .clone()
        .or_else(|| preset.csv.delimiter.clone());
    out.csv.quote = user.csv.quote.clone().or_else(|| preset.csv.quote.clone());
    out.csv.decimal_comma = user.csv.decimal_comma.or(preset.csv.decimal_comma);
    out.json.records = user
        .json
        .records
        .clone()
        .or_else(|| preset.json.records.clone());
    out.json.join = user.json.join.clone().or_else(|| preset.json.join.clone());
    out.timestamps.format = user
        .timestamps
        .format
        .clone()
        .or_else(|| preset.timestamps.format.clone());
    out.timestamps.months = user
        .timestamps
        .months
        .clone()
        .or_else(|| preset.timestamps.months.clone());
    out.timestamps.timezone = user
        .timestamps
        .timezone
        .clone()
        .or_else(|| preset.timestamps.timezone.clone());
    out.missing = user.missing.clone().or_else(|| preset.missing.clone());
    out.sla_cells = user.sla_cells.clone().or_else(|| preset.sla_cells.clone());
    out.columns = merge_columns(&preset.columns, &user.columns);
    if out.combine.is_empty() {
        out.combine = preset.combine.clone();
    }
    let values = &mut out.values;
    let extend = |mine: &mut std::collections::BTreeMap<String, String>,
                  theirs: &std::collections::BTreeMap<String, String>| {
        for (k, v) in theirs {
            mine.entry(k.clone()).or_insert_with(|| v.clone());
        }
    };
    extend(&mut values.priority, &preset.values.priority);
    extend(&mut values.status, &preset.values.status);
    extend(&mut values.ticket_type, &preset.values.ticket_type);
    extend(&mut values.tier, &preset.values.tier);
    for (k, v) in &preset.values.boolean {
        values.boolean.entry(k.clone()).or_insert(*v);
    }
    out.constants.ticket_type = user
        .constants
        .ticket_type
        .clone()
        .or_else(|| preset.constants.ticket_type.clone());
    out.constants.priority = user
        .constants
        .priority
        .clone()
        .or_else(|| preset.constants.priority.clone());
    out.constants.client = user
        .constants
        .client
        .clone()
        .or_else(|| preset.constants.client.clone());
    out.constants.measure = user
        .constants
        .measure
        .clone()
        .or_else(|| preset.constants.measure.clone());
    out.escalation.reassignment_counts = user
        .escalation
        .reassignment_counts
        .or(preset.escalation.reassignment_counts);
    out.escalation.min_tier = user.escalation.min_tier.or(preset.escalation.min_tier);
    out.first_touch = user
        .first_touch
        .clone()
        .or_else(|| preset.first_touch.clone());
    out.units.paused_minutes = user
        .units
        .paused_minutes
        .clone()
        .or_else(|| preset.units.paused_minutes.clone());
    out
}

fn merge_columns(preset: &ColumnsConfig, user: &ColumnsConfig) -> ColumnsConfig {
    macro_rules! pick {
        ($($field:ident),*) => {
            // `field: ""` unmaps a column the preset maps (the export lacks it).
            ColumnsConfig { $($field: match &user.$field {
                Some(column) if column.trim().is_empty() => None,
                Some(column) => Some(column.clone()),
                None => preset.$field.clone(),
            },)* }
        };
    }
    pick!(
        id,
        client,
        created,
        first_response,
        resolved,
        closed,
        priority,
        status,
        ticket_type,
        category,
        title,
        assignment_group,
        tier,
        escalated,
        reassignments,
        reopens,
        reopened,
        reopened_at,
        first_touch,
        csat,
        paused_minutes,
        sla_response_met,
        sla_resolution_met,
        event_time,
        sequence,
        responded,
        comment,
        month,
        users,
        endpoints,
        first_response_minutes,
        measure,
        value,
        of,
        date,
        start,
        end
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_parses_and_validates() {
        for name in preset_names() {
            let preset = preset(name).unwrap_or_else(|| panic!("{name}"));
            assert!(
                !preset.columns.id.as_deref().unwrap_or("").is_empty(),
                "{name} maps an id"
            );
            assert!(preset_text(name).is_some());
        }
    }

    #[test]
    fn servicenow_preset_parses_and_user_overrides_win() {
        let preset = preset("servicenow").unwrap();
        assert_eq!(preset.columns.id.as_deref(), Some("number"));
        let mut user = SourceConfig {
            path: "x.csv".into(),
            ..Default::default()
        };
        user.columns.id = Some("ticket".into());
        let merged = merge(preset, &user);
        assert_eq!(merged.columns.id.as_deref(), Some("ticket"));
        assert_eq!(merged.columns.event_time.as_deref(), Some("sys_updated_at"));
        assert_eq!(merged.shape.as_deref(), Some("history"));
    }
}
