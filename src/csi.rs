//! The CSI register (continual service improvement): the actions that carry from one review to
//! the next, one file per client (`csi/<client>.yaml`), validated like the configuration, and
//! compared with the register as it stood at the last published review.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::config::{ClientOptions, ConfigError, ConfigErrors, YamlFile, suggest};

/// The folder of registers in a workspace.
pub const CSI_DIR: &str = "csi";

/// Where an action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    /// Agreed, not started.
    Open,
    /// Being worked on.
    InProgress,
    /// Completed.
    Done,
    /// Abandoned.
    Dropped,
}

impl ActionStatus {
    /// Configuration word.
    pub fn key(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::Dropped => "dropped",
        }
    }

    /// Still to be done.
    pub fn is_active(self) -> bool {
        matches!(self, Self::Open | Self::InProgress)
    }
}

/// One improvement action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// Identifier, unique in the register (`CSI-001`).
    pub id: String,
    /// What is to be done.
    pub title: String,
    /// The CSF it serves (a CSF id of the client).
    pub csf: Option<String>,
    /// Who owns it.
    pub owner: Option<String>,
    /// The review it was opened in (`monthly-2026-07`).
    pub opened: Option<String>,
    /// When it is due.
    pub due: Option<NaiveDate>,
    /// Where it stands.
    pub status: ActionStatus,
    /// Notes.
    pub notes: Option<String>,
}

/// A client's register.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Register {
    /// The actions, in file order.
    pub actions: Vec<Action>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegisterConfig {
    #[serde(default)]
    actions: Vec<ActionConfig>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionConfig {
    id: String,
    title: String,
    #[serde(default)]
    csf: Option<String>,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    opened: Option<String>,
    #[serde(default)]
    due: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    notes: Option<String>,
}

/// The register file of a client.
pub fn register_path(workspace: &Path, client: &str) -> PathBuf {
    workspace.join(CSI_DIR).join(format!("{client}.yaml"))
}

/// Reads and validates a client's register (empty when the client has none). Every mistake is
/// reported with file, line and column.
pub fn load_register(workspace: &Path, client: &ClientOptions) -> Result<Register, ConfigErrors> {
    let path = register_path(workspace, &client.id);
    if !path.exists() {
        return Ok(Register::default());
    }
    let file = YamlFile::read_inside(workspace, &path).map_err(|e| ConfigErrors(vec![e]))?;
    let config: RegisterConfig = file.deserialize().map_err(|e| ConfigErrors(vec![e]))?;
    validate(&file, client, config)
}

fn validate(
    file: &YamlFile,
    client: &ClientOptions,
    config: RegisterConfig,
) -> Result<Register, ConfigErrors> {
    let mut errors: Vec<ConfigError> = Vec::new();
    let csfs: Vec<&str> = client.csfs.iter().map(|c| c.id.as_str()).collect();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut actions = Vec::new();
    for (i, action) in config.actions.into_iter().enumerate() {
        let at = |key: &str| format!("actions[{i}].{key}");
        if action.id.trim().is_empty() {
            errors.push(file.error_at(&at("id"), "an action needs an id (e.g. `CSI-001`)"));
        }
        if let Some(first) = seen.insert(action.id.clone(), i) {
            errors.push(file.error_at(
                &at("id"),
                format!("`{}` is already the id of actions[{first}]", action.id),
            ));
        }
        if action.title.trim().is_empty() {
            errors.push(file.error_at(&at("title"), "an action needs a title"));
        }
        if let Some(csf) = &action.csf
            && !csfs.contains(&csf.as_str())
        {
            let hint = suggest(csf, &csfs)
                .map(|s| format!(" — did you mean `{s}`?"))
                .unwrap_or_default();
            errors.push(file.error_at(
                &at("csf"),
                format!(
                    "`{csf}` is not a CSF of client `{}`{hint} (CSFs: {})",
                    client.id,
                    csfs.join(", ")
                ),
            ));
        }
        let due = match &action.due {
            None => None,
            Some(text) => match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
                Ok(date) => Some(date),
                Err(_) => {
                    errors.push(file.error_at(
                        &at("due"),
                        format!("`{text}` is not a date (expected YYYY-MM-DD, e.g. 2026-10-31)"),
                    ));
                    None
                }
            },
        };
        let status = match action.status.as_deref().map(str::trim) {
            None | Some("open") => ActionStatus::Open,
            Some("in_progress") | Some("in progress") => ActionStatus::InProgress,
            Some("done") => ActionStatus::Done,
            Some("dropped") => ActionStatus::Dropped,
            Some(other) => {
                let words = ["open", "in_progress", "done", "dropped"];
                let hint = suggest(other, &words)
                    .map(|s| format!(" — did you mean `{s}`?"))
                    .unwrap_or_default();
                errors.push(file.error_at(
                    &at("status"),
                    format!("unknown status `{other}`{hint} (expected open, in_progress, done or dropped)"),
                ));
                ActionStatus::Open
            }
        };
        if let Some(opened) = &action.opened
            && !is_review_id(opened)
        {
            errors.push(file.error_at(
                &at("opened"),
                format!("`{opened}` is not a review (expected `<level>-<period>`, e.g. `monthly-2026-07` or `qbr-2026-Q3`)"),
            ));
        }
        actions.push(Action {
            id: action.id,
            title: action.title,
            csf: action.csf,
            owner: action.owner,
            opened: action.opened,
            due,
            status,
            notes: action.notes,
        });
    }
    if errors.is_empty() {
        Ok(Register { actions })
    } else {
        Err(ConfigErrors(errors))
    }
}

fn is_review_id(text: &str) -> bool {
    text.split_once('-').is_some_and(|(level, period)| {
        !level.is_empty() && level.chars().all(|c| c.is_ascii_lowercase()) && !period.is_empty()
    })
}

/// What happened to an action since the last published review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Not in the register at the last review.
    Opened,
    /// Done since.
    Completed,
    /// Dropped since.
    Dropped,
    /// Past its due date and not done (newly, or still).
    Overdue,
    /// Still open or in progress, on time.
    Ongoing,
    /// Done or dropped before the last review.
    Closed,
}

/// An action with its change since the last review.
#[derive(Debug, Clone, Serialize)]
pub struct ActionChange {
    /// The action as it stands.
    pub action: Action,
    /// What changed.
    pub change: Change,
    /// Its status at the last review, if it was in the register then.
    pub previous_status: Option<ActionStatus>,
}

/// Compares the register with the one recorded at the last published review (`None`: no review
/// was published); `today` decides what is overdue.
pub fn changes(
    current: &Register,
    previous: Option<&Register>,
    today: NaiveDate,
) -> Vec<ActionChange> {
    current
        .actions
        .iter()
        .map(|action| {
            let before = previous.and_then(|p| p.actions.iter().find(|a| a.id == action.id));
            let previous_status = before.map(|a| a.status);
            let change = match (previous_status, action.status) {
                (Some(s), _) if !s.is_active() => Change::Closed,
                (_, ActionStatus::Done) => Change::Completed,
                (_, ActionStatus::Dropped) => Change::Dropped,
                _ if action.due.is_some_and(|d| d < today) => Change::Overdue,
                (None, _) if previous.is_some() => Change::Opened,
                _ => Change::Ongoing,
            };
            ActionChange {
                action: action.clone(),
                change,
                previous_status,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(id: &str, status: ActionStatus, due: Option<(i32, u32, u32)>) -> Action {
        Action {
            id: id.into(),
            title: id.into(),
            csf: None,
            owner: None,
            opened: None,
            due: due.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            status,
            notes: None,
        }
    }

    #[test]
    fn changes_since_the_last_review() {
        use ActionStatus::*;
        let before = Register {
            actions: vec![
                action("A", Open, None),
                action("B", InProgress, None),
                action("C", Open, Some((2026, 9, 1))),
                action("D", Done, None),
            ],
        };
        let now = Register {
            actions: vec![
                action("A", Done, None),
                action("B", Dropped, None),
                action("C", InProgress, Some((2026, 9, 1))),
                action("D", Done, None),
                action("E", Open, Some((2026, 12, 1))),
            ],
        };
        let today = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
        let got: Vec<(String, Change)> = changes(&now, Some(&before), today)
            .into_iter()
            .map(|c| (c.action.id, c.change))
            .collect();
        assert_eq!(
            got,
            vec![
                ("A".into(), Change::Completed),
                ("B".into(), Change::Dropped),
                ("C".into(), Change::Overdue),
                ("D".into(), Change::Closed),
                ("E".into(), Change::Opened),
            ]
        );
    }
}
