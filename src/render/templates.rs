//! Report templates: the built-in ones from `report-templates/`, embedded in the binary, each
//! replaceable by a file of the same name in the workspace's `templates/` folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The built-in templates, by file name.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "levels.yaml",
        include_str!("../../report-templates/levels.yaml"),
    ),
    ("en.ftl", include_str!("../../report-templates/en.ftl")),
    ("it.ftl", include_str!("../../report-templates/it.ftl")),
    ("pack.typ", include_str!("../../report-templates/pack.typ")),
    (
        "marginals.typ",
        include_str!("../../report-templates/marginals.typ"),
    ),
    (
        "sections.typ",
        include_str!("../../report-templates/sections.typ"),
    ),
    ("sync.typ", include_str!("../../report-templates/sync.typ")),
    (
        "monthly.typ",
        include_str!("../../report-templates/monthly.typ"),
    ),
    ("qbr.typ", include_str!("../../report-templates/qbr.typ")),
    (
        "semiannual.typ",
        include_str!("../../report-templates/semiannual.typ"),
    ),
    (
        "annual.typ",
        include_str!("../../report-templates/annual.typ"),
    ),
    (
        "page.html",
        include_str!("../../report-templates/page.html"),
    ),
    (
        "components.html",
        include_str!("../../report-templates/components.html"),
    ),
    (
        "sections.html",
        include_str!("../../report-templates/sections.html"),
    ),
    (
        "sync.html",
        include_str!("../../report-templates/sync.html"),
    ),
    (
        "monthly.html",
        include_str!("../../report-templates/monthly.html"),
    ),
    ("qbr.html", include_str!("../../report-templates/qbr.html")),
    (
        "semiannual.html",
        include_str!("../../report-templates/semiannual.html"),
    ),
    (
        "annual.html",
        include_str!("../../report-templates/annual.html"),
    ),
    ("pack.css", include_str!("../../report-templates/pack.css")),
    (
        "mail.html",
        include_str!("../../report-templates/mail.html"),
    ),
];

/// The folder of a workspace that overrides templates.
pub const TEMPLATES_DIR: &str = "templates";

/// The templates a pack is rendered with.
#[derive(Debug, Clone)]
pub struct Templates {
    files: BTreeMap<String, String>,
    /// Files taken from the workspace (for the manifest).
    pub overrides: Vec<PathBuf>,
}

impl Templates {
    /// The built-in templates only.
    pub fn builtin() -> Self {
        Self {
            files: BUILTIN
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
            overrides: Vec::new(),
        }
    }

    /// The built-in templates with the workspace's `templates/` files laid over them.
    pub fn load(workspace: &Path) -> Result<Self> {
        let mut templates = Self::builtin();
        let dir = workspace.join(TEMPLATES_DIR);
        if !dir.is_dir() {
            return Ok(templates);
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .with_context(|| format!("cannot list `{}`", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        entries.sort();
        let boundary = crate::config::boundary::Boundary::new(workspace);
        for path in entries {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            if !matches!(
                Path::new(&name).extension().and_then(|e| e.to_str()),
                Some("typ" | "html" | "css" | "ftl" | "yaml")
            ) {
                continue;
            }
            boundary
                .check(&path, &format!("{TEMPLATES_DIR}/{name}"))
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let text = std::fs::read_to_string(&path).with_context(|| {
                format!(
                    "cannot read template `{}` (templates must be UTF-8 text)",
                    path.display()
                )
            })?;
            templates.files.insert(name, text);
            templates.overrides.push(path);
        }
        Ok(templates)
    }

    /// Every file by name (built-in ones with the workspace's laid over them).
    pub fn files(&self) -> &BTreeMap<String, String> {
        &self.files
    }

    /// The review levels (`levels.yaml`), checked against the sections packs can draw.
    pub fn levels(&self) -> Result<crate::pack::levels::Levels> {
        let path = self
            .overrides
            .iter()
            .find(|p| p.file_name().is_some_and(|n| n == "levels.yaml"))
            .cloned()
            .unwrap_or_else(|| PathBuf::from("report-templates/levels.yaml (built in)"));
        crate::pack::levels::Levels::parse(
            &path,
            self.get("levels.yaml")?,
            &crate::pack::sections::section_names(),
        )
    }

    /// A template's text.
    pub fn get(&self, name: &str) -> Result<&str> {
        match self.files.get(name) {
            Some(text) => Ok(text),
            None => bail!("template `{name}` does not exist"),
        }
    }

    /// Every template of a kind (`.typ`, `.html`, `.css`).
    pub fn with_extension<'a>(
        &'a self,
        extension: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.files
            .iter()
            .filter(move |(n, _)| n.ends_with(extension))
            .map(|(n, t)| (n.as_str(), t.as_str()))
    }
}

/// Writes the built-in templates into `dir` for editing; existing files are kept unless `force`.
pub fn eject(dir: &Path, force: bool) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let mut written = Vec::new();
    for (name, text) in BUILTIN {
        let path = dir.join(name);
        if path.exists() && !force {
            bail!(
                "`{}` exists; pass --force to overwrite it with the built-in template",
                path.display()
            );
        }
        std::fs::write(&path, text)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
