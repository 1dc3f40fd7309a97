//! The workspace is the boundary of what reviewpack reads. A file found by convention
//! (`clients/*.yaml`, commentary, CSI registers, published reviews, templates) or named by a
//! relative path (a source's `path`, `msp.logo`) must resolve inside the workspace: a symbolic
//! link or a `..` cannot take it out (to `/etc/passwd`, say). A file outside is read only when
//! the configuration names it by an absolute path — an export on a shared drive, a logo shared by
//! several workspaces — which is an explicit choice of whoever writes the configuration.

use std::path::{Path, PathBuf};

/// The workspace folder, resolved.
#[derive(Debug, Clone)]
pub struct Boundary {
    root: PathBuf,
}

impl Boundary {
    /// The boundary of the workspace at `root`.
    pub fn new(root: &Path) -> Self {
        Self {
            root: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
        }
    }

    /// Checks a file about to be read: found by convention or named relative to the workspace.
    /// A file that does not exist passes (its reader says it is missing).
    pub fn check(&self, path: &Path, shown: &str) -> Result<(), String> {
        let Ok(resolved) = std::fs::canonicalize(path) else {
            return Ok(());
        };
        if resolved.starts_with(&self.root) {
            return Ok(());
        }
        Err(format!(
            "`{shown}` resolves outside the workspace (a link or `..` leading to `{}`); reviewpack reads only files inside the workspace, or files the configuration names by an absolute path",
            resolved.display()
        ))
    }

    /// Checks a file named in the configuration: an absolute path is the configuration's explicit
    /// choice; a relative one must stay inside the workspace.
    pub fn check_named(&self, configured: &str, path: &Path) -> Result<(), String> {
        if Path::new(configured).is_absolute() {
            return Ok(());
        }
        self.check(path, configured)
    }

    /// Checks a file the configuration named, given as `root.join(configured)`: a path outside
    /// the (unresolved) root was configured as an absolute path.
    pub fn check_joined(&self, root: &Path, path: &Path, shown: &str) -> Result<(), String> {
        if !path.starts_with(root) {
            return Ok(());
        }
        self.check(path, shown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_out_of_the_workspace_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("ws");
        std::fs::create_dir_all(ws.join("commentary")).unwrap();
        let outside = dir.path().join("secret.txt");
        std::fs::write(&outside, "secret").unwrap();
        std::fs::write(ws.join("commentary/ok.md"), "fine").unwrap();
        std::os::unix::fs::symlink(&outside, ws.join("commentary/evil.md")).unwrap();
        let boundary = Boundary::new(&ws);
        assert!(boundary.check(&ws.join("commentary/ok.md"), "ok").is_ok());
        let error = boundary
            .check(&ws.join("commentary/evil.md"), "commentary/evil.md")
            .unwrap_err();
        assert!(error.contains("resolves outside the workspace"), "{error}");
        assert!(!error.contains("secret\n"));
        // Named by an absolute path: the configuration's choice.
        assert!(
            boundary
                .check_named(outside.to_str().unwrap(), &outside)
                .is_ok()
        );
        assert!(
            boundary
                .check_named("../secret.txt", &ws.join("../secret.txt"))
                .is_err()
        );
        // Missing files are the reader's business.
        assert!(boundary.check(&ws.join("nothing"), "nothing").is_ok());
    }
}
