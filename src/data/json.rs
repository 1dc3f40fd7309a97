//! Reading a JSON export — one object per line (JSON lines), an array of objects, or such an
//! array inside an envelope object (`{"tickets": [...], "next_page": ...}`), as PSA APIs return
//! them — into the same frame a CSV gives: the mapped columns as text, and `__row`, the record's
//! number in the file. A mapped column is a key or a dotted path into nested objects
//! (`priority.name`, `_info.dateEntered`, `tags.0`).

use std::collections::BTreeMap;

use anyhow::{Result, bail};
use polars::prelude::*;
use serde_json::Value;
use serde_json::value::RawValue;

use super::read::{ROW_COLUMN, mapped_column_names};
use crate::config::{Field, SourceOptions, suggest};

/// How many records are searched for the paths a file holds, to suggest one for a mapped path
/// that is in no record.
const PATHS_FROM: usize = 200;

/// Reads a JSON export into a frame of the source's mapped columns.
pub fn read_json(source: &SourceOptions, data: &[u8], label: &str) -> Result<DataFrame> {
    if data.iter().all(|b| b.is_ascii_whitespace()) {
        bail!(
            "`{label}` is empty (expected JSON records: an array of objects, or one object per line)"
        );
    }
    let columns = mapped_column_names(source);
    // One pass over the file gives the records and, for `json.join`, the sideloaded objects.
    let (records, sideload) = values(
        source.json_records.as_deref(),
        source.json_join.as_ref().map(|j| j.records.as_str()),
        &columns,
        data,
        label,
    )?;
    let joined = match (&source.json_join, sideload) {
        (Some(join), Some(items)) => Some(join_table(join, &items, label)?),
        (Some(join), None) => bail!(
            "`{label}`: `json.join.records: {}` is in no top-level object of the file (sideload it with the records, e.g. Zendesk's `include=metric_sets`)",
            join.records
        ),
        _ => None,
    };
    let mut values: Vec<Vec<Option<String>>> =
        vec![Vec::with_capacity(records.len()); columns.len()];
    let mut found = vec![false; columns.len()];
    let mut rows: Vec<IdxSize> = Vec::with_capacity(records.len());
    let mut seen_paths: Vec<String> = Vec::new();
    let mut matched = 0usize;
    let mut lines = LineCounter::new(data);
    for (index, raw) in records.iter().enumerate() {
        let offset = raw.get().as_ptr() as usize - data.as_ptr() as usize;
        let line = lines.line_of(offset);
        let number = index + 1;
        rows.push(IdxSize::try_from(number).unwrap_or(IdxSize::MAX));
        let mut record: Value = serde_json::from_str(raw.get()).map_err(|e| {
            anyhow::anyhow!(
                "`{label}` record {number} (line {}): the JSON does not parse: {}",
                line + e.line() - 1,
                e.to_string().split(" at line ").next().unwrap_or_default()
            )
        })?;
        if !record.is_object() {
            bail!(
                "`{label}` record {number} (line {line}) is {}, not an object (expected an object per record, `{{\"id\": …, \"created\": …}}`)",
                kind_of(&record)
            );
        }
        if let (Some(join), Some(table)) = (&source.json_join, &joined) {
            let on = lookup(&record, &join.on).and_then(|v| text(v).ok().flatten());
            if let (Some(other), Value::Object(fields)) =
                (on.and_then(|key| table.get(&key)), &mut record)
            {
                fields.insert(join.name.clone(), other.clone());
                matched += 1;
            }
        }
        if index < PATHS_FROM {
            collect_paths(&record, "", &mut seen_paths);
        }
        for (c, column) in columns.iter().enumerate() {
            let value = match lookup(&record, column) {
                None => None,
                Some(value) => {
                    found[c] = true;
                    text(value).map_err(|what| {
                        anyhow::anyhow!(
                            "`{label}` record {number} (line {line}): `{column}` is {what}; map one of its fields with a dotted path{}",
                            example_path(column, value)
                        )
                    })?
                }
            };
            // As in a CSV, an empty value is no value; and so is each of `missing`.
            let value = value.filter(|v| !v.is_empty() && !source.missing.iter().any(|m| m == v));
            values[c].push(value);
        }
    }
    // A path in no record is a mistake when the file has a path close to it (a typo) or when
    // the field is one a ticket cannot lack; otherwise it is a field the API leaves out when
    // it is empty (ConnectWise omits empty fields): read as empty, and its KPIs say "no data".
    let candidates: Vec<&str> = seen_paths.iter().map(String::as_str).collect();
    let missing: Vec<String> = columns
        .iter()
        .zip(&found)
        .filter(|(_, found)| !**found)
        .filter_map(|(column, _)| {
            let fields: Vec<Field> = source
                .columns
                .iter()
                .filter(|(_, c)| *c == column)
                .map(|(f, _)| *f)
                .collect();
            let close = suggest(column, &candidates);
            let required = fields
                .iter()
                .any(|f| matches!(f, Field::Id | Field::Created | Field::EventTime));
            (close.is_some() || required).then(|| {
                let hint = close
                    .map(|s| format!(" — the closest path in the file is `{s}`"))
                    .unwrap_or_default();
                let keys: Vec<&str> = fields.iter().map(|f| f.key()).collect();
                format!(
                    "`{column}` (mapped to `{}`) is in no record{hint}",
                    keys.join("`, `")
                )
            })
        })
        .collect();
    // A file without records has no paths: that is a file with no data rows, reported by
    // `check`, not a mapping mistake.
    if !missing.is_empty() && !records.is_empty() {
        let shown: Vec<&str> = seen_paths.iter().take(40).map(String::as_str).collect();
        bail!(
            "`{label}`: {}\n  the records' paths are: {}",
            missing.join("; "),
            shown.join(", ")
        );
    }
    if let (Some(join), Some(table)) = (&source.json_join, &joined)
        && matched == 0
        && !table.is_empty()
        && !records.is_empty()
    {
        bail!(
            "`{label}`: `json.join`: no record's `{}` equals the `{}` of any of the {} `{}` objects; check `on` and `key`",
            join.on,
            join.key,
            table.len(),
            join.records
        );
    }
    let height = rows.len();
    let mut frame_columns: Vec<Column> = columns
        .iter()
        .zip(values)
        .map(|(name, values)| Column::new(name.as_str().into(), values))
        .collect();
    frame_columns.push(Column::new(ROW_COLUMN.into(), rows));
    Ok(DataFrame::new(height, frame_columns)?)
}

/// The records of the file, each a slice of it. The file is a stream of JSON values — one, or
/// several appended (JSON lines, or API pages saved one after the other) — and each value is:
/// an array (its elements are records); an envelope object holding the records in an array (at
/// `json_records`, or, without it, in its only array of objects when it holds none of the
/// `mapped` keys itself); or a record.
pub fn records<'a>(
    json_records: Option<&str>,
    mapped: &[String],
    data: &'a [u8],
    label: &str,
) -> Result<Vec<&'a RawValue>> {
    values(json_records, None, mapped, data, label).map(|(records, _)| records)
}

/// The records, and the elements of the `sideload` array of every envelope that has one
/// (`None` when none has it).
type Values<'a> = (Vec<&'a RawValue>, Option<Vec<&'a RawValue>>);

fn values<'a>(
    json_records: Option<&str>,
    sideload: Option<&str>,
    mapped: &[String],
    data: &'a [u8],
    label: &str,
) -> Result<Values<'a>> {
    let text = std::str::from_utf8(data).map_err(|e| {
        let line = data[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        anyhow::anyhow!(
            "`{label}` line {line}: the file is not UTF-8 text; export it again as UTF-8 JSON"
        )
    })?;
    let top_keys: Vec<&str> = mapped
        .iter()
        .map(|m| m.split('.').next().unwrap_or(m))
        .collect();
    let mut out = Vec::new();
    let mut sideloaded: Option<Vec<&RawValue>> = None;
    for value in serde_json::Deserializer::from_str(text).into_iter::<&RawValue>() {
        let value = value.map_err(|e| syntax(label, &e))?;
        match value.get().as_bytes().first() {
            Some(b'[') => out.extend(array(value, label)?),
            Some(b'{') => {
                let object: BTreeMap<&str, &RawValue> =
                    serde_json::from_str(value.get()).map_err(|e| syntax(label, &e))?;
                if let Some(found) = sideload.and_then(|path| walk(&object, path, label).ok()) {
                    sideloaded
                        .get_or_insert_with(Vec::new)
                        .extend(array(found, label)?);
                }
                if let Some(path) = json_records {
                    out.extend(array(walk(&object, path, label)?, label)?);
                    continue;
                }
                let holds_mapped = mapped.iter().any(|m| object.contains_key(m.as_str()))
                    || top_keys.iter().any(|k| object.contains_key(k));
                let arrays: Vec<&str> = object
                    .iter()
                    .filter(|(_, v)| is_record_array(v))
                    .map(|(k, _)| *k)
                    .collect();
                match arrays.as_slice() {
                    [key] if !holds_mapped => out.extend(array(object[key], label)?),
                    [_, _, ..] if !holds_mapped => bail!(
                        "`{label}`: the file is an object with several arrays of records ({}); name the one to read with `json.records`",
                        arrays.join(", ")
                    ),
                    _ => out.push(value),
                }
            }
            _ => out.push(value),
        }
    }
    Ok((out, sideloaded))
}

/// The sideloaded objects of `json.join`, by their key.
fn join_table(
    join: &crate::config::types::JsonJoinConfig,
    items: &[&RawValue],
    label: &str,
) -> Result<std::collections::HashMap<String, Value>> {
    let mut table = std::collections::HashMap::new();
    for item in items {
        let item: Value = serde_json::from_str(item.get()).map_err(|e| syntax(label, &e))?;
        if let Some(key) = lookup(&item, &join.key).and_then(|v| text(v).ok().flatten()) {
            table.insert(key, item);
        }
    }
    Ok(table)
}

/// Whether a value is an array of objects (or an empty array).
fn is_record_array(value: &RawValue) -> bool {
    let text = value.get();
    text.starts_with('[') && matches!(text[1..].trim_start().as_bytes().first(), Some(b'{' | b']'))
}

fn array<'a>(value: &'a RawValue, label: &str) -> Result<Vec<&'a RawValue>> {
    serde_json::from_str::<Vec<&RawValue>>(value.get()).map_err(|e| syntax(label, &e))
}

/// The value at `json.records` in an envelope.
fn walk<'a>(
    object: &BTreeMap<&'a str, &'a RawValue>,
    path: &str,
    label: &str,
) -> Result<&'a RawValue> {
    let mut here: BTreeMap<&'a str, &'a RawValue> = object.clone();
    let mut walked: Vec<&str> = Vec::new();
    let keys: Vec<&str> = path.split('.').collect();
    for (depth, key) in keys.iter().enumerate() {
        walked.push(key);
        let Some(value) = here.get(key).copied() else {
            let names: Vec<&str> = here.keys().copied().collect();
            let hint = suggest(key, &names)
                .map(|s| format!(" — did you mean `{s}`?"))
                .unwrap_or_default();
            bail!(
                "`{label}`: `json.records: {path}`: there is no `{}`{hint} (keys there: {})",
                walked.join("."),
                names.join(", ")
            );
        };
        if depth + 1 == keys.len() {
            if !value.get().starts_with('[') {
                bail!("`{label}`: `json.records: {path}` is not an array of records");
            }
            return Ok(value);
        }
        here = serde_json::from_str(value.get()).map_err(|_| {
            anyhow::anyhow!(
                "`{label}`: `json.records: {path}`: `{}` is not an object",
                walked.join(".")
            )
        })?;
    }
    bail!("`{label}`: `json.records` is empty")
}

/// A JSON syntax error at its line and column.
fn syntax(label: &str, error: &serde_json::Error) -> anyhow::Error {
    let message = error.to_string();
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
    anyhow::anyhow!(
        "`{label}` line {} column {}: the JSON does not parse: {message}",
        error.line(),
        error.column()
    )
}

/// The value at a key or dotted path: the whole name as a key first (keys may hold dots), then
/// the path, key by key (a number picks an array's element).
pub fn lookup<'v>(record: &'v Value, path: &str) -> Option<&'v Value> {
    if let Some(value) = record.get(path) {
        return Some(value);
    }
    let mut at = record;
    for key in path.split('.') {
        at = match at {
            Value::Object(map) => map.get(key)?,
            Value::Array(items) => items.get(key.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(at)
}

/// A cell's text: strings as they are, numbers as written, booleans `true`/`false`, an array of
/// plain values joined by `; `. An object (or an array of objects) is a mapping mistake.
pub fn text(value: &Value) -> std::result::Result<Option<String>, String> {
    Ok(match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => {
            if items.iter().any(|i| i.is_object() || i.is_array()) {
                return Err("an array of objects".to_string());
            }
            let parts: Vec<String> = items
                .iter()
                .filter_map(|i| text(i).ok().flatten())
                .collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        Value::Object(map) => {
            let keys: Vec<&str> = map.keys().map(String::as_str).take(8).collect();
            return Err(format!("an object (keys: {})", keys.join(", ")));
        }
    })
}

fn example_path(column: &str, value: &Value) -> String {
    let first = match value {
        Value::Object(map) => ["name", "value", "label", "id"]
            .into_iter()
            .find(|k| map.contains_key(*k))
            .or_else(|| map.keys().next().map(String::as_str))
            .map(|k| format!("{column}.{k}")),
        Value::Array(_) => Some(format!("{column}.0")),
        _ => None,
    };
    first.map(|p| format!(", e.g. `{p}`")).unwrap_or_default()
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Every path to a plain value in a record, in order of first appearance.
pub fn collect_paths(value: &Value, prefix: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                collect_paths(inner, &path, out);
            }
        }
        Value::Array(items) if items.iter().any(Value::is_object) => {
            if let Some(first) = items.first() {
                collect_paths(first, &format!("{prefix}.0"), out);
            }
        }
        _ => {
            if !prefix.is_empty() && !out.iter().any(|p| p == prefix) {
                out.push(prefix.to_string());
            }
        }
    }
}

/// Line numbers of byte offsets, for offsets that only grow.
struct LineCounter<'a> {
    data: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(data: &'a [u8]) -> Self {
        Self {
            data,
            offset: 0,
            line: 1,
        }
    }

    fn line_of(&mut self, offset: usize) -> usize {
        if offset >= self.offset {
            self.line += memchr::memchr_iter(b'\n', &self.data[self.offset..offset]).count();
        } else {
            self.line = memchr::memchr_iter(b'\n', &self.data[..offset]).count() + 1;
        }
        self.offset = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_reach_nested_objects_and_array_elements() {
        let record: Value = serde_json::json!({
            "id": 7, "priority": {"id": 2, "name": "Priority 2 - High"},
            "tags": ["vip", "onsite"], "a.b": "literal", "custom": [{"value": "x"}]
        });
        assert_eq!(
            lookup(&record, "priority.name"),
            Some(&Value::from("Priority 2 - High"))
        );
        assert_eq!(lookup(&record, "a.b"), Some(&Value::from("literal")));
        assert_eq!(lookup(&record, "custom.0.value"), Some(&Value::from("x")));
        assert_eq!(lookup(&record, "priority.nam"), None);
        assert_eq!(text(&record["id"]).unwrap().as_deref(), Some("7"));
        assert_eq!(
            text(&record["tags"]).unwrap().as_deref(),
            Some("vip; onsite")
        );
        assert!(
            text(&record["priority"])
                .unwrap_err()
                .contains("keys: id, name")
        );
        let mut paths = Vec::new();
        collect_paths(&record, "", &mut paths);
        assert!(paths.contains(&"priority.name".to_string()));
        assert!(paths.contains(&"custom.0.value".to_string()));
    }

    fn count(text: &str, records_at: Option<&str>) -> Result<usize> {
        records(records_at, &["id".to_string()], text.as_bytes(), "x.json").map(|r| r.len())
    }

    #[test]
    fn every_form_an_api_writes_gives_its_records() {
        assert_eq!(count(r#"[{"id":1},{"id":2}]"#, None).unwrap(), 2);
        assert_eq!(count("{\"id\":1}\n\n{\"id\":2}\n", None).unwrap(), 2);
        // Pages appended: arrays, or envelopes, one after the other.
        assert_eq!(
            count("[{\"id\":1}]\n[{\"id\":2},{\"id\":3}]", None).unwrap(),
            3
        );
        let pages =
            "{\"tickets\":[{\"id\":1}],\"next\":2}\n{\"tickets\":[{\"id\":2}],\"next\":null}";
        assert_eq!(count(pages, None).unwrap(), 2);
        assert_eq!(count(pages, Some("tickets")).unwrap(), 2);
        // A named envelope still reads a bare array.
        assert_eq!(count(r#"[{"id":1}]"#, Some("items")).unwrap(), 1);
        // An envelope with no records is a file with no records.
        assert_eq!(
            count(r#"{"tickets":[],"next_page":null}"#, None).unwrap(),
            0
        );
        // A lone record is a record, not an envelope.
        assert_eq!(count(r#"{"id":1,"tags":[{"a":1}]}"#, None).unwrap(), 1);
        let several = count(r#"{"a":[{"x":1}],"b":[{"y":1}]}"#, None).unwrap_err();
        assert!(several.to_string().contains("json.records"), "{several}");
        let deep = count(r#"{"data":{"rows":[{"id":1}]}}"#, Some("data.rows")).unwrap();
        assert_eq!(deep, 1);
        let wrong = count(r#"{"data":{"rows":[]}}"#, Some("data.row")).unwrap_err();
        assert!(wrong.to_string().contains("did you mean `rows`"), "{wrong}");
        // Whitespace only (Unicode spaces included) is no records, never a panic.
        for blank in ["", "  \n", "\u{a0}", "\u{3000}"] {
            assert!(count(blank, None).map_or(true, |n| n == 0), "{blank:?}");
        }
    }

    #[test]
    fn lines_follow_offsets_forwards_and_back() {
        let data = b"a\nb\nc\nd";
        let mut lines = LineCounter::new(data);
        assert_eq!(lines.line_of(0), 1);
        assert_eq!(lines.line_of(4), 3);
        assert_eq!(lines.line_of(6), 4);
        assert_eq!(lines.line_of(2), 2);
    }
}
