//! Locks on the output folder so two runs never work at once. They are advisory file locks
//! held by the operating system for the life of the process: a crashed or killed run releases
//! them, so a lock is never left held forever.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};

/// A held lock (released when dropped or when the process ends).
#[derive(Debug)]
pub struct Lock {
    _file: File,
    /// The lock file.
    pub path: PathBuf,
}

fn open(path: &Path) -> Result<File> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create `{}`", dir.display()))?;
    }
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(path)
        .with_context(|| format!("cannot open the lock file `{}`", path.display()))
}

fn holder(path: &Path) -> String {
    std::fs::read_to_string(path)
        .ok()
        .map(|t| t.trim().chars().take(200).collect::<String>())
        .filter(|t| !t.is_empty())
        .map(|t| format!(" ({t})"))
        .unwrap_or_default()
}

/// Takes a lock without waiting: `Ok(None)` when another process holds it.
pub fn try_lock(path: &Path, exclusive: bool, note: &str) -> Result<Option<Lock>> {
    let mut file = open(path)?;
    let taken = if exclusive {
        file.try_lock()
    } else {
        file.try_lock_shared()
    };
    match taken {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => return Ok(None),
        Err(TryLockError::Error(e)) => {
            return Err(anyhow!("cannot lock `{}`: {e}", path.display()));
        }
    }
    if exclusive {
        file.set_len(0).ok();
        writeln!(file, "{note}").ok();
    }
    Ok(Some(Lock {
        _file: file,
        path: path.to_path_buf(),
    }))
}

/// Takes a lock, or explains who holds it.
pub fn lock_or_explain(path: &Path, exclusive: bool, note: &str, what: &str) -> Result<Lock> {
    try_lock(path, exclusive, note)?.ok_or_else(|| {
        anyhow!(
            "{what} is already running on this output folder{} — lock `{}`; it is released when that process ends",
            holder(path),
            path.display()
        )
    })
}
