//! Workspace configuration: reading `reviewpack.yaml` and `clients/*.yaml`, reporting every
//! mistake with file, line, column and a suggestion, and validating into typed `Options`.

pub mod boundary;
pub mod inputs;
mod locate;
pub mod options;
mod parse;
pub mod types;
mod validate;
mod validate_delivery;
mod validate_source;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

pub use inputs::{FirstTouchFact, FirstTouchRule, Input, Provided};
pub use locate::YamlPositions;
pub use options::*;
pub use parse::{parse_duration_minutes, parse_percent};
pub use validate_delivery::{PASSWORD_ENV, USERNAME_ENV};
pub use validate_source::mapped_columns;

/// The main configuration file of a workspace.
pub const CONFIG_FILE: &str = "reviewpack.yaml";
/// The largest configuration file or register: 4 MiB.
pub const MAX_YAML_BYTES: u64 = 4 << 20;
/// The longest name (MSP, client, CSF, KPI): 200 characters.
pub const MAX_NAME_CHARS: usize = 200;
/// The folder of per-client configuration files.
pub const CLIENTS_DIR: &str = "clients";

/// One configuration mistake, located in its file.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    /// The file, as the user named it.
    pub file: PathBuf,
    /// 1-based line and column, when known.
    pub position: Option<(usize, usize)>,
    /// The key path (`clients[0].sla.targets.P1`), when known.
    pub path: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": ")?;
        if let Some(path) = &self.path {
            write!(f, "`{path}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// All mistakes found in a workspace's configuration.
#[derive(Debug, Clone)]
pub struct ConfigErrors(pub Vec<ConfigError>);

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        if count > 1 {
            write!(f, "\n{count} configuration errors")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

/// A YAML file read from disk with the positions of its keys.
pub struct YamlFile {
    /// Path as displayed in messages.
    pub path: PathBuf,
    /// The text.
    pub text: String,
    /// Key positions.
    pub positions: YamlPositions,
    /// Where the text nests deeper than `MAX_YAML_DEPTH`, if it does.
    too_deep: Option<(usize, usize)>,
}

/// The deepest nesting of mappings and lists a configuration file may have: 64 levels.
pub const MAX_YAML_DEPTH: usize = 64;

/// Where `text` first nests deeper than `MAX_YAML_DEPTH` (flow brackets, or block indentation
/// of more than two columns a level), so that a pathological file is refused before a parser
/// spends its time (or stack) on it.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    for (number, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent > 2 * MAX_YAML_DEPTH {
            return Some((number + 1, 1));
        }
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        for (column, c) in line.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_YAML_DEPTH {
                        return Some((number + 1, column + 1));
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    None
}

impl YamlFile {
    /// Reads a YAML file of the workspace at `root`, refusing one that resolves outside it.
    pub fn read_inside(root: &Path, path: &Path) -> Result<Self, ConfigError> {
        let shown = path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string();
        boundary::Boundary::new(root)
            .check(path, &shown)
            .map_err(|message| ConfigError {
                file: path.to_path_buf(),
                position: None,
                path: None,
                message,
            })?;
        Self::read(path)
    }

    /// Reads a YAML file (a regular file of at most `MAX_YAML_BYTES`).
    pub fn read(path: &Path) -> Result<Self, ConfigError> {
        let refuse = |message: String| ConfigError {
            file: path.to_path_buf(),
            position: None,
            path: None,
            message,
        };
        if let Ok(metadata) = std::fs::metadata(path) {
            if !metadata.is_file() {
                return Err(refuse(
                    "not a regular file (a FIFO, a device or a folder)".into(),
                ));
            }
            if metadata.len() > MAX_YAML_BYTES {
                return Err(refuse(format!(
                    "{} kB; a configuration file may hold at most {} kB",
                    metadata.len() >> 10,
                    MAX_YAML_BYTES >> 10
                )));
            }
        }
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: path.to_path_buf(),
            position: None,
            path: None,
            message: format!("cannot read the file: {e}"),
        })?;
        Ok(Self::from_text(path, text))
    }

    /// Wraps text already in memory.
    pub fn from_text(path: &Path, text: String) -> Self {
        let too_deep = too_deep(&text);
        let positions = if too_deep.is_some() {
            YamlPositions::default()
        } else {
            YamlPositions::index(&text)
        };
        Self {
            path: path.to_path_buf(),
            text,
            positions,
            too_deep,
        }
    }

    /// Deserializes the whole file, turning serde's message into a located, helpful one.
    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<T, ConfigError> {
        if let Some(position) = self.too_deep {
            return Err(ConfigError {
                file: self.path.clone(),
                position: Some(position),
                path: None,
                message: format!(
                    "the file nests lists or mappings more than {MAX_YAML_DEPTH} levels deep; a configuration never does"
                ),
            });
        }
        // A key given twice would silently win; it is a mistake at the repeated key.
        if let Some((path, here, first)) = self.positions.duplicates.first() {
            return Err(ConfigError {
                file: self.path.clone(),
                position: Some(*here),
                path: Some(path.clone()),
                message: format!(
                    "this key is given twice in the same mapping (first at line {}); keep one",
                    first.0
                ),
            });
        }
        serde_yaml::from_str(&self.text).map_err(|e| self.serde_error(&e))
    }

    fn serde_error(&self, error: &serde_yaml::Error) -> ConfigError {
        let position = error.location().map(|l| (l.line(), l.column()));
        let mut text = error.to_string();
        if let Some(cut) = text.rfind(" at line ") {
            text.truncate(cut);
        }
        let (path, message) = split_path(&text);
        ConfigError {
            file: self.path.clone(),
            position,
            path,
            message: shorten_quoted(&explain_serde_message(&message)),
        }
    }

    /// An error at a key path of this file.
    pub fn error_at(&self, path: &str, message: impl Into<String>) -> ConfigError {
        ConfigError {
            file: self.path.clone(),
            position: self.positions.find(path),
            path: Some(path.to_string()),
            message: message.into(),
        }
    }
}

/// Shortens every double-quoted value in a parser's message to 60 characters: a file that is
/// not YAML at all (a text read as one long string) is never echoed whole.
fn shorten_quoted(message: &str) -> String {
    const LIMIT: usize = 60;
    let mut out = String::new();
    let mut parts = message.split('"');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (i, part) in parts.enumerate() {
        out.push('"');
        if i % 2 == 0 && part.chars().count() > LIMIT {
            out.extend(part.chars().take(LIMIT));
            out.push('…');
        } else {
            out.push_str(part);
        }
    }
    out
}

/// Splits serde_yaml's `path: message` (the path has no spaces; messages do).
fn split_path(text: &str) -> (Option<String>, String) {
    if let Some((head, rest)) = text.split_once(": ")
        && !head.contains(' ')
        && !head.is_empty()
    {
        return (Some(head.to_string()), rest.to_string());
    }
    (None, text.to_string())
}

/// Rewrites serde's messages: unknown fields get a "did you mean" suggestion.
fn explain_serde_message(message: &str) -> String {
    // Rust's integer types in serde's words become the range a reader understands.
    for (rust, range) in [
        ("expected u8", "expected a whole number from 0 to 255"),
        ("expected u16", "expected a whole number from 0 to 65535"),
        (
            "expected u32",
            "expected a whole number from 0 to 4294967295",
        ),
        ("expected u64", "expected a whole number of at least 0"),
        ("expected usize", "expected a whole number of at least 0"),
    ] {
        if let Some(head) = message.strip_suffix(rust) {
            return format!("{head}{range}");
        }
    }
    if message.starts_with("found character that cannot start any token") {
        return format!(
            "{message} (YAML is indented with spaces, never tabs; quote values that start with `@`, `` ` `` or `%`)"
        );
    }
    let Some(rest) = message.strip_prefix("unknown field `") else {
        if message.starts_with("data did not match any variant of untagged enum") {
            return format!("{message} (check the form this key takes in docs/configuration.md)");
        }
        return message.to_string();
    };
    let Some((unknown, expected)) = rest.split_once('`') else {
        return message.to_string();
    };
    let candidates: Vec<&str> = expected
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s)
        .collect();
    let mut text = format!("unknown key `{unknown}`");
    if let Some(best) = suggest(unknown, &candidates) {
        text.push_str(&format!(" — did you mean `{best}`?"));
    }
    if !candidates.is_empty() {
        text.push_str(&format!(" (expected one of: {})", candidates.join(", ")));
    }
    text
}

/// The candidate closest to `word`, if close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .iter()
        .map(|c| (edit_distance(&word, &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance with adjacent transpositions counted as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

/// Reads and validates the workspace at `root`.
pub fn load_workspace(root: &Path) -> Result<WorkspaceOptions, ConfigErrors> {
    let main_path = root.join(CONFIG_FILE);
    if !main_path.exists() {
        return Err(ConfigErrors(vec![ConfigError {
            file: main_path,
            position: None,
            path: None,
            message: "no workspace configuration here (run `reviewpack sample --out DIR` for an example, or pass `-w DIR`)".to_string(),
        }]));
    }
    let main = YamlFile::read_inside(root, &main_path).map_err(|e| ConfigErrors(vec![e]))?;
    let config: types::WorkspaceConfig = main.deserialize().map_err(|e| ConfigErrors(vec![e]))?;
    let mut errors = Vec::new();
    let mut client_files = Vec::new();
    for path in client_file_paths(root).map_err(|e| ConfigErrors(vec![e]))? {
        match YamlFile::read_inside(root, &path) {
            Ok(file) => match file.deserialize::<types::ClientConfig>() {
                Ok(client) => client_files.push((file, client)),
                Err(e) => errors.push(e),
            },
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(ConfigErrors(errors));
    }
    validate::validate(root, &main, config, client_files)
}

fn client_file_paths(root: &Path) -> Result<Vec<PathBuf>, ConfigError> {
    let dir = root.join(CLIENTS_DIR);
    if !dir.is_dir() {
        // Missing is fine (clients may all be in reviewpack.yaml); anything else in its place —
        // a file, a link to nowhere or a link loop — is a mistake, not "no clients".
        if std::fs::symlink_metadata(&dir).is_ok() {
            return Err(ConfigError {
                file: dir,
                position: None,
                path: None,
                message: "`clients` is not a folder (a file, or a link that leads nowhere or in a loop); it holds one YAML file per client".to_string(),
            });
        }
        return Ok(Vec::new());
    }
    let entries = std::fs::read_dir(&dir).map_err(|e| ConfigError {
        file: dir.clone(),
        position: None,
        path: None,
        message: format!("cannot list the folder: {e}"),
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
        .collect();
    paths.sort();
    Ok(paths)
}

/// The sources of a YAML text holding a `sources:` mapping, merged with their presets and
/// validated as `check` validates them (for `mapping suggest`, which checks its own proposal).
pub fn sources_from_text(
    root: &Path,
    label: &Path,
    text: &str,
) -> Result<Vec<SourceOptions>, ConfigErrors> {
    #[derive(serde::Deserialize)]
    struct OnlySources {
        #[serde(default)]
        sources: std::collections::BTreeMap<String, types::SourceConfig>,
    }
    let file = YamlFile::from_text(label, text.to_string());
    let only: OnlySources = file.deserialize().map_err(|e| ConfigErrors(vec![e]))?;
    let mut errors = Vec::new();
    let mut checker = validate::Checker {
        file: &file,
        errors: &mut errors,
    };
    let sources = validate::validate_sources(&mut checker, root, &only.sources);
    if errors.is_empty() {
        Ok(sources)
    } else {
        Err(ConfigErrors(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_file_is_not_echoed() {
        let long = "root:x:0:0:root:/root:/bin/bash ".repeat(20);
        let file = YamlFile::from_text(Path::new("clients/x.yaml"), long.clone());
        let error = file.deserialize::<types::ClientConfig>().unwrap_err();
        let text = error.to_string();
        assert!(text.len() < 300, "{text}");
        assert!(text.contains('…'), "{text}");
    }

    #[test]
    fn suggests_close_keys() {
        let message = explain_serde_message(
            "unknown field `resolution_traget`, expected one of `response_target`, `resolution_target`, `calendar`",
        );
        assert!(
            message.contains("did you mean `resolution_target`?"),
            "{message}"
        );
        assert_eq!(suggest("calender", &["calendar", "sla"]), Some("calendar"));
        assert_eq!(suggest("zzzzzz", &["calendar", "sla"]), None);
    }

    #[test]
    fn located_unknown_key() {
        let file = YamlFile::from_text(
            Path::new("reviewpack.yaml"),
            "msp:\n  name: X\n  colours: {}\n".to_string(),
        );
        let error = file.deserialize::<types::WorkspaceConfig>().unwrap_err();
        let text = error.to_string();
        assert!(
            text.starts_with(
                "reviewpack.yaml:3:3: `msp`: unknown key `colours` — did you mean `colors`?"
            ),
            "{text}"
        );
    }
}
