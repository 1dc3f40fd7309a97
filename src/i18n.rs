//! Every user-facing word of a pack in one place per language: Project Fluent files
//! (`en.ftl`, `it.ftl` in `report-templates/`, replaceable in a workspace's `templates/`), with
//! plurals and agreement handled by Fluent's selectors rather than by hand.

use std::collections::BTreeMap;

use anyhow::{Result, anyhow};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde_json::Value;

/// A value passed to a message: a number (for plural selectors) or preformatted text.
#[derive(Debug, Clone)]
pub enum Arg {
    /// A number, used by selectors (`{ $count -> [one] … *[other] … }`).
    Number(f64),
    /// Text already formatted for the locale (`93,4%`, `4 h 05 min`).
    Text(String),
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Self::Text(text.to_string())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Self::Number(n as f64)
    }
}

/// The messages of one language.
pub struct Localizer {
    bundle: FluentBundle<FluentResource>,
    ids: Vec<String>,
    /// Messages without variables, formatted once.
    fixed: BTreeMap<String, &'static str>,
}

impl std::fmt::Debug for Localizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Localizer({} messages)", self.ids.len())
    }
}

impl Localizer {
    /// Reads a Fluent file for a language (`en`, `it`); `file` names it in errors.
    pub fn parse(language: &str, file: &str, text: &str) -> Result<Self> {
        let resource = FluentResource::try_new(text.to_string()).map_err(|(_, errors)| {
            let first = errors
                .first()
                .map(|e| {
                    let line = text[..e.pos.start.min(text.len())].lines().count().max(1);
                    format!("line {line}: {:?}", e.kind)
                })
                .unwrap_or_default();
            anyhow!("`{file}` is not a valid Fluent file: {first}")
        })?;
        let ids: Vec<String> = resource
            .entries()
            .filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect();
        let id = language
            .parse()
            .map_err(|_| anyhow!("`{language}` is not a language tag"))?;
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Pack text is laid out by typst and browsers: no bidi isolation marks around values.
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .map_err(|errors| anyhow!("`{file}`: {errors:?}"))?;
        let mut localizer = Self {
            bundle,
            ids,
            fixed: BTreeMap::new(),
        };
        // Formatted once per process and kept for its life (a few hundred short strings), so
        // labels are `&'static str` wherever a pack needs them.
        localizer.fixed = localizer
            .labels()
            .into_iter()
            .filter_map(|(id, value)| match value {
                Value::String(text) => Some((id, &*Box::leak(text.into_boxed_str()))),
                _ => None,
            })
            .collect();
        Ok(localizer)
    }

    /// A message without variables, if the language has it.
    pub fn fixed(&self, id: &str) -> Option<&'static str> {
        self.fixed.get(id).copied()
    }

    /// A message without variables (its id when missing, so a gap shows, never panics).
    pub fn text(&self, id: &str) -> String {
        self.format(id, &[])
    }

    /// A message with variables.
    pub fn format(&self, id: &str, args: &[(&str, Arg)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
                Arg::Text(t) => fluent_args.set(*name, FluentValue::from(t.as_str())),
            }
        }
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }

    /// Whether the language has a message.
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// Every message that needs no variable, for templates (`labels.<id>`).
    pub fn labels(&self) -> BTreeMap<String, Value> {
        self.ids
            .iter()
            .filter_map(|id| {
                let message = self.bundle.get_message(id)?;
                let pattern = message.value()?;
                let mut errors = Vec::new();
                let text = self.bundle.format_pattern(pattern, None, &mut errors);
                errors
                    .is_empty()
                    .then(|| (id.clone(), Value::String(text.into_owned())))
            })
            .collect()
    }

    /// Message ids (for consistency checks between languages).
    pub fn ids(&self) -> &[String] {
        &self.ids
    }
}

/// The message id of a metric's title (`metric`) or definition (`definition`):
/// `metric-response-time-median` for `response_time.median`.
pub fn metric_id(prefix: &str, key: &str) -> String {
    format!("{prefix}-{}", key.replace(['.', '_'], "-"))
}

/// Built-in message files by language.
pub const BUILTIN: &[(&str, &str)] = &[
    ("en", include_str!("../report-templates/en.ftl")),
    ("it", include_str!("../report-templates/it.ftl")),
];

static INSTALLED: std::sync::OnceLock<BTreeMap<String, &'static Localizer>> =
    std::sync::OnceLock::new();

/// Installs the languages of a run: the built-in files, each replaced by a workspace's
/// `templates/<language>.ftl` when there is one. The first call wins; later calls (and every
/// use before any call) see the same languages for the life of the process.
pub fn install(files: &BTreeMap<String, String>) -> Result<()> {
    if INSTALLED.get().is_some() {
        return Ok(());
    }
    let mut languages = BTreeMap::new();
    for (language, builtin) in BUILTIN {
        let name = format!("{language}.ftl");
        let (shown, text) = match files.get(&name) {
            Some(text) if text != builtin => (format!("templates/{name}"), text.as_str()),
            _ => (name.clone(), *builtin),
        };
        let localizer = Localizer::parse(language, &shown, text)?;
        languages.insert(language.to_string(), &*Box::leak(Box::new(localizer)));
    }
    let _ = INSTALLED.set(languages);
    Ok(())
}

/// The messages of a language (`en`, `it`); English for an unknown one.
pub fn language(language: &str) -> &'static Localizer {
    if INSTALLED.get().is_none() {
        // Nothing installed (unit tests, tools): the built-in files, which always parse.
        let _ = install(&BTreeMap::new());
    }
    let installed = INSTALLED.get().expect("languages are installed");
    installed
        .get(language)
        .or_else(|| installed.get("en"))
        .copied()
        .expect("English is built in")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_the_same_messages_and_plurals_agree() {
        let en = language("en");
        let it = language("it");
        assert_eq!(en.ids(), it.ids());
        assert_eq!(
            it.format(
                "overdue-open",
                &[("count", 1.into()), ("backlog", "4".into())]
            ),
            "1 ticket aperto ha già superato l'obiettivo di risoluzione (su 4 in arretrato)."
        );
        assert!(
            en.format(
                "overdue-open",
                &[("count", 2.into()), ("backlog", "4".into())]
            )
            .starts_with("2 open tickets are")
        );
    }
}
