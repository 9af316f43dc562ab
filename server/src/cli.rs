//! `omnios backup`, `omnios restore` and `omnios verify`: the `.omnios` backup format on the
//! command line, the same bytes the editor downloads and reads (omnios-engine's `backup`).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use omnios_engine::backup::{read_backup, Asset, Backup, BackupError};
use omnios_engine::{Clock, Engine, EngineError, EngineOptions, Snapshot};

/// Why a backup command failed. Nothing on disk changed when one is returned.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: io::Error,
    },
    /// The project JSON is invalid.
    #[error("{path}: {source}")]
    Project {
        /// The file.
        path: PathBuf,
        /// What the engine refused.
        source: EngineError,
    },
    /// The backup is invalid or was altered.
    #[error("{path}: {source}")]
    Backup {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        source: BackupError,
    },
    /// The restore target is not empty.
    #[error("{0} exists and is not empty; restore into a new folder")]
    TargetNotEmpty(PathBuf),
}

struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64)
    }
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> CliError + '_ {
    move |source| CliError::Io {
        path: path.to_owned(),
        source,
    }
}

fn options() -> EngineOptions {
    EngineOptions::new(1, Arc::new(SystemClock))
}

/// Collects every file under `dir` as an asset, paths relative to it, sorted.
fn collect_assets(dir: &Path) -> Result<Vec<Asset>, CliError> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).map_err(io_err(&folder))? {
            let entry = entry.map_err(io_err(&folder))?;
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                let bytes = fs::read(&path).map_err(io_err(&path))?;
                out.push(Asset { path: rel, bytes });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Writes `project` (an `*.omnios.json` snapshot) and the files under `assets` as `out`.
pub fn backup(
    project: &Path,
    assets: Option<&Path>,
    name: Option<&str>,
    out: &Path,
) -> Result<String, CliError> {
    let json = fs::read_to_string(project).map_err(io_err(project))?;
    let snapshot = Snapshot::from_json(&json).map_err(|source| CliError::Project {
        path: project.to_owned(),
        source,
    })?;
    let engine =
        Engine::from_snapshot(options(), &snapshot).map_err(|source| CliError::Project {
            path: project.to_owned(),
            source,
        })?;
    let assets = match assets {
        Some(dir) => collect_assets(dir)?,
        None => Vec::new(),
    };
    let name = name.map(str::to_owned).unwrap_or_else(|| {
        snapshot
            .pages
            .first()
            .map(|p| p.name.clone())
            .unwrap_or_else(|| "OMNIOS project".into())
    });
    let bytes = engine
        .write_backup(&name, SystemClock.now_ms(), &assets)
        .map_err(|source| CliError::Backup {
            path: out.to_owned(),
            source,
        })?;
    let partial = out.with_extension("omnios.partial");
    fs::write(&partial, &bytes).map_err(io_err(&partial))?;
    fs::rename(&partial, out).map_err(io_err(out))?;
    Ok(format!(
        "wrote {} ({} bytes): {} pages, {} elements, {} assets",
        out.display(),
        bytes.len(),
        snapshot.pages.len(),
        snapshot.elements.len(),
        assets.len()
    ))
}

fn read(file: &Path) -> Result<Backup, CliError> {
    let bytes = fs::read(file).map_err(io_err(file))?;
    read_backup(&bytes).map_err(|source| CliError::Backup {
        path: file.to_owned(),
        source,
    })
}

/// Checks a backup and describes it.
pub fn verify(file: &Path) -> Result<String, CliError> {
    let backup = read(file)?;
    let mut lines = vec![format!(
        "{}: valid OMNIOS backup v{} of {:?}: {} pages, {} elements, {} assets",
        file.display(),
        backup.manifest.version,
        backup.manifest.name,
        backup.snapshot.pages.len(),
        backup.snapshot.elements.len(),
        backup.assets.len()
    )];
    for f in &backup.manifest.files {
        lines.push(format!("  {}  {:>10}  {}", f.sha256, f.size, f.path));
    }
    Ok(lines.join("\n"))
}

/// Verifies `file`, then writes its project into the new folder `out`.
pub fn restore(file: &Path, out: &Path) -> Result<String, CliError> {
    let backup = read(file)?;
    if out.exists() && fs::read_dir(out).map_err(io_err(out))?.next().is_some() {
        return Err(CliError::TargetNotEmpty(out.to_owned()));
    }
    let engine = Engine::from_backup(options(), &backup).map_err(|source| CliError::Backup {
        path: file.to_owned(),
        source,
    })?;
    // Write into a sibling folder first, so a failure leaves no half-restored project.
    let staging = out.with_extension("restoring");
    let _ = fs::remove_dir_all(&staging);
    let write = |path: PathBuf, bytes: &[u8]| -> Result<(), CliError> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        fs::write(&path, bytes).map_err(io_err(&path))
    };
    write(
        staging.join("project.omnios.json"),
        engine.to_snapshot().to_json().as_bytes(),
    )?;
    write(staging.join("document.ydoc"), &backup.document)?;
    for asset in &backup.assets {
        write(staging.join("assets").join(&asset.path), &asset.bytes)?;
    }
    if out.exists() {
        fs::remove_dir(out).map_err(io_err(out))?;
    }
    fs::rename(&staging, out).map_err(io_err(out))?;
    Ok(format!(
        "restored {:?} into {}",
        backup.manifest.name,
        out.display()
    ))
}
