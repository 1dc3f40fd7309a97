//! The review levels as data: `levels.yaml` (built in, replaceable in a workspace's
//! `templates/`) names each level's periods, trend length and sections; a level's templates are
//! `<level>.typ` and `<level>.html`. No level has code of its own.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Result, anyhow, bail};
use serde::Deserialize;

use crate::config::YamlFile;
use crate::period::{Period, PeriodKind};

/// How much a client's packs carry: the sections of the low-, medium- or high-touch pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Touch {
    /// The essentials.
    Low,
    /// The usual.
    Medium,
    /// Every section of the level.
    #[default]
    High,
}

impl Touch {
    /// Parses `low`, `medium`, `high`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "low" => Some(Self::Low),
            "medium" => Some(Self::Medium),
            "high" => Some(Self::High),
            _ => None,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelConfig {
    title: String,
    #[serde(default)]
    plan_title: Option<String>,
    periods: Vec<String>,
    trend: usize,
    #[serde(default)]
    pages: Option<usize>,
    sections: Vec<String>,
    #[serde(default)]
    touch: BTreeMap<String, Vec<String>>,
}

/// One review level.
#[derive(Debug, Clone)]
pub struct LevelSpec {
    /// Name (`sync`, `monthly`, `qbr`…), used in folders, history and commentary.
    pub name: String,
    /// Label id of its title.
    pub title: String,
    /// Label id of the title its `plan` section carries (default `operational_plan`).
    pub plan_title: String,
    /// Period kinds a pack covers.
    pub periods: Vec<PeriodKind>,
    /// Periods in trend tables and charts.
    pub trend: usize,
    /// The most pages its PDF may have: a longer one is typeset again with its lists shortened.
    pub pages: Option<usize>,
    /// Every section, in order.
    pub sections: Vec<String>,
    /// Sections of the low- and medium-touch packs.
    pub touch: BTreeMap<String, Vec<String>>,
}

impl LevelSpec {
    /// Checks that the level covers periods of this kind.
    pub fn check_period(&self, period: Period) -> Result<(), String> {
        if self.periods.contains(&period.kind()) {
            return Ok(());
        }
        let forms: Vec<&str> = self.periods.iter().map(|k| k.forms()).collect();
        Err(format!(
            "{} packs cover {}; `{period}` is a {}",
            self.name,
            forms.join(", or "),
            period.kind().name()
        ))
    }

    /// The sections of a pack: the client's own list for this level, else its touch level's.
    pub fn sections_for(&self, touch: Touch, chosen: Option<&[String]>) -> Vec<String> {
        if let Some(chosen) = chosen {
            return self
                .sections
                .iter()
                .filter(|s| chosen.contains(s))
                .cloned()
                .collect();
        }
        let key = match touch {
            Touch::Low => "low",
            Touch::Medium => "medium",
            Touch::High => return self.sections.clone(),
        };
        self.touch
            .get(key)
            .cloned()
            .unwrap_or_else(|| self.sections.clone())
    }
}

/// Every level.
#[derive(Debug, Clone)]
pub struct Levels {
    /// In file order.
    pub levels: Vec<LevelSpec>,
}

impl Levels {
    /// Reads `levels.yaml` (`path` as messages name it); `known` are the section names the pack
    /// can draw. Mistakes are located at their file, line and column.
    pub fn parse(path: &Path, text: &str, known: &[&str]) -> Result<Self> {
        let file = YamlFile::from_text(path, text.to_string());
        let configs: serde_yaml::Mapping = file.deserialize().map_err(|e| anyhow!("{e}"))?;
        let mut levels = Vec::new();
        for (key, value) in configs {
            let Some(name) = key.as_str().map(str::to_string) else {
                bail!("{}: a level name must be text", path.display());
            };
            let fail = |at: &str, message: String| anyhow!("{}", file.error_at(at, message));
            let config: LevelConfig = serde_yaml::from_value(value)
                .map_err(|e| fail(&name, format!("level `{name}`: {e}")))?;
            let mut periods = Vec::new();
            for (i, period) in config.periods.iter().enumerate() {
                periods.push(PeriodKind::parse(period).ok_or_else(|| {
                    fail(&format!("{name}.periods[{i}]"), format!("unknown period kind `{period}` (expected day, week, fortnight, month, quarter, half or year)"))
                })?);
            }
            let lists = std::iter::once(("sections".to_string(), &config.sections)).chain(
                config
                    .touch
                    .iter()
                    .map(|(touch, list)| (format!("touch.{touch}"), list)),
            );
            for (list_path, list) in lists {
                for (i, section) in list.iter().enumerate() {
                    if !known.contains(&section.as_str()) {
                        return Err(fail(
                            &format!("{name}.{list_path}[{i}]"),
                            format!(
                                "unknown section `{section}` (sections: {})",
                                known.join(", ")
                            ),
                        ));
                    }
                }
            }
            for touch in config.touch.keys() {
                if !matches!(touch.as_str(), "low" | "medium") {
                    return Err(fail(
                        &format!("{name}.touch.{touch}"),
                        format!(
                            "`touch` names `low` and `medium` (high is every section), not `{touch}`"
                        ),
                    ));
                }
            }
            if config.trend == 0 || config.trend > 60 {
                return Err(fail(
                    &format!("{name}.trend"),
                    "`trend` is 1 to 60 periods".to_string(),
                ));
            }
            if config.pages.is_some_and(|p| p == 0 || p > 1000) {
                return Err(fail(
                    &format!("{name}.pages"),
                    "`pages` is 1 to 1000 pages".to_string(),
                ));
            }
            levels.push(LevelSpec {
                name,
                title: config.title,
                plan_title: config
                    .plan_title
                    .unwrap_or_else(|| "operational_plan".to_string()),
                periods,
                trend: config.trend,
                pages: config.pages,
                sections: config.sections,
                touch: config.touch,
            });
        }
        Ok(Self { levels })
    }

    /// A level by name; an error names the known ones.
    pub fn get(&self, name: &str) -> Result<&LevelSpec, String> {
        self.levels.iter().find(|l| l.name == name).ok_or_else(|| {
            format!(
                "unknown review level `{name}` (levels: {})",
                self.names().join(", ")
            )
        })
    }

    /// Names of every level.
    pub fn names(&self) -> Vec<&str> {
        self.levels.iter().map(|l| l.name.as_str()).collect()
    }
}
