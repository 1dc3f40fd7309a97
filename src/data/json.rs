//! Reading a JSON export — one object per line (JSON lines), an array of objects, or such an
//! array inside an envelope object (`{"tickets": [...], "next_page": ...}`), as PSA APIs return
//! them — into the same frame a CSV gives: the mapped columns as text, and `__row`, the line
//! each record starts on. A mapped column is a key or a dotted path into nested objects
//! (`priority.name`, `_info.dateEntered`, `tags.0`).

use anyhow::{Result, bail};
use polars::prelude::*;
use serde_json::Value;
use serde_json::value::RawValue;

use super::read::{ROW_COLUMN, mapped_column_names};
use crate::config::{SourceOptions, suggest};

/// How many records are searched for the paths a file holds, to suggest one for a mapped path
/// that is in no record.
const PATHS_FROM: usize = 200;

/// Reads a JSON export into a frame of the source's mapped columns.
pub fn read_json(source: &SourceOptions, data: &[u8], label: &str) -> Result<DataFrame> {
    let start = data
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(data.len());
    if start == data.len() {
        bail!(
            "`{label}` is empty (expected JSON records: an array of objects, or one object per line)"
        );
    }
    let records = records(source, data, label)?;
    let lines = LineCounter::new(data);
    let columns = mapped_column_names(source);
    let mut values: Vec<Vec<Option<String>>> =
        vec![Vec::with_capacity(records.len()); columns.len()];
    let mut found = vec![false; columns.len()];
    let mut rows: Vec<IdxSize> = Vec::with_capacity(records.len());
    let mut seen_paths: Vec<String> = Vec::new();
    let mut lines = lines;
    for (index, raw) in records.iter().enumerate() {
        let offset = raw.get().as_ptr() as usize - data.as_ptr() as usize;
        let line = lines.line_of(offset);
        rows.push(IdxSize::try_from(line).unwrap_or(IdxSize::MAX));
        let record: Value = serde_json::from_str(raw.get()).map_err(|e| syntax(label, &e))?;
        if !record.is_object() {
            bail!(
                "`{label}` line {line}: record {} is {}, not an object (expected an object per record, `{{\"id\": …, \"created\": …}}`)",
                index + 1,
                kind_of(&record)
            );
        }
        if index < PATHS_FROM {
            collect_paths(&record, "", &mut seen_paths);
        }
        for (c, column) in columns.iter().enumerate() {
            let value = match lookup(&record, column) {
                None | Some(Value::Null) => None,
                Some(value) => {
                    found[c] = true;
                    text(value).map_err(|what| {
                        anyhow::anyhow!(
                            "`{label}` line {line}: `{column}` is {what}; map one of its fields with a dotted path{}",
                            example_path(column, value)
                        )
                    })?
                }
            };
            let value = value.filter(|v| !source.missing.iter().any(|m| m == v));
            values[c].push(value);
        }
    }
    let missing: Vec<String> = columns
        .iter()
        .zip(&found)
        .filter(|(_, found)| !**found)
        .map(|(column, _)| {
            let field = source
                .columns
                .iter()
                .find(|(_, c)| *c == column)
                .map_or("?", |(f, _)| f.key());
            let candidates: Vec<&str> = seen_paths.iter().map(String::as_str).collect();
            let hint = suggest(column, &candidates)
                .map(|s| format!(" — the closest path in the file is `{s}`"))
                .unwrap_or_default();
            format!("`{column}` (mapped to `{field}`) is in no record{hint}")
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
    let height = rows.len();
    let mut frame_columns: Vec<Column> = columns
        .iter()
        .zip(values)
        .map(|(name, values)| Column::new(name.as_str().into(), values))
        .collect();
    frame_columns.push(Column::new(ROW_COLUMN.into(), rows));
    Ok(DataFrame::new(height, frame_columns)?)
}

/// The records of the file, each a slice of it.
fn records<'a>(source: &SourceOptions, data: &'a [u8], label: &str) -> Result<Vec<&'a RawValue>> {
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
    let first = text.trim_start().as_bytes()[0];
    if let Some(path) = &source.json_records {
        let top: &RawValue = serde_json::from_str(text).map_err(|e| syntax(label, &e))?;
        let mut at = top;
        let mut walked = Vec::new();
        for key in path.split('.') {
            let object: std::collections::BTreeMap<String, &RawValue> =
                match serde_json::from_str(at.get()) {
                    Ok(object) => object,
                    Err(_) => bail!(
                        "`{label}`: `json.records: {path}`: {} is not an object",
                        if walked.is_empty() {
                            "the top level".to_string()
                        } else {
                            format!("`{}`", walked.join("."))
                        }
                    ),
                };
            walked.push(key);
            at = match object.get(key) {
                Some(value) => value,
                None => {
                    let keys: Vec<&str> = object.keys().map(String::as_str).collect();
                    let hint = suggest(key, &keys)
                        .map(|s| format!(" — did you mean `{s}`?"))
                        .unwrap_or_default();
                    bail!(
                        "`{label}`: `json.records: {path}`: there is no `{}`{hint} (keys there: {})",
                        walked.join("."),
                        keys.join(", ")
                    );
                }
            };
        }
        return serde_json::from_str::<Vec<&RawValue>>(at.get()).map_err(|_| {
            anyhow::anyhow!("`{label}`: `json.records: {path}` is not an array of records")
        });
    }
    if first == b'[' {
        return serde_json::from_str::<Vec<&RawValue>>(text).map_err(|e| syntax(label, &e));
    }
    let mut out = Vec::new();
    for value in serde_json::Deserializer::from_str(text).into_iter::<&RawValue>() {
        out.push(value.map_err(|e| syntax(label, &e))?);
    }
    if let [only] = out.as_slice() {
        // One object: an envelope with the records in an array, or a single record.
        let object: std::collections::BTreeMap<String, Value> =
            serde_json::from_str(only.get()).unwrap_or_default();
        let arrays: Vec<&str> = object
            .iter()
            .filter(|(_, v)| v.as_array().is_some_and(|a| a.iter().any(Value::is_object)))
            .map(|(k, _)| k.as_str())
            .collect();
        let holds_mapped = mapped_column_names(source)
            .iter()
            .any(|c| lookup(&Value::Object(object.clone().into_iter().collect()), c).is_some());
        if !holds_mapped {
            match arrays.as_slice() {
                [key] => {
                    let envelope: std::collections::BTreeMap<String, &RawValue> =
                        serde_json::from_str(only.get()).map_err(|e| syntax(label, &e))?;
                    return serde_json::from_str::<Vec<&RawValue>>(envelope[*key].get())
                        .map_err(|e| syntax(label, &e));
                }
                [] => {}
                several => bail!(
                    "`{label}`: the file is one object with several arrays of records ({}); name the one to read with `json.records`",
                    several.join(", ")
                ),
            }
        }
    }
    Ok(out)
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
fn text(value: &Value) -> std::result::Result<Option<String>, String> {
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
fn collect_paths(value: &Value, prefix: &str, out: &mut Vec<String>) {
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
