//! `omnios backup`, `omnios restore` and `omnios verify`: the `.omnios` backup format on the
//! command line, the same bytes the editor downloads and reads (omnios-engine's `backup`).
//! `omnios export` compiles a backup or snapshot with omnios-compiler; `omnios verify DIR` checks
//! an export against its `manifest.json`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use omnios_compiler::{
    blobs_needed, compile, read_manifest, sha256_hex, Assets, CompileError, Target, MANIFEST,
};
use omnios_engine::backup::{read_backup, sha256, AssetFile, Backup, BackupError};
use omnios_engine::{is_sha256_hex, Clock, Engine, EngineError, EngineOptions, Snapshot};

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
    /// The blob store refused or failed.
    #[error("{path}: {source}")]
    Blobs {
        /// The backup whose blobs were being stored.
        path: PathBuf,
        /// What went wrong.
        source: crate::blobs::BlobError,
    },
    /// The restore or export target is not empty.
    #[error("{0} exists and is not empty; write into a new folder")]
    TargetNotEmpty(PathBuf),
    /// The project cannot be compiled.
    #[error("{path}: cannot export: {source}")]
    Compile {
        /// The project file.
        path: PathBuf,
        /// What the compiler refused.
        source: CompileError,
    },
    /// An export's `manifest.json` is missing or unreadable.
    #[error("{path}: not an OMNIOS export manifest: {reason}")]
    Manifest {
        /// The manifest's path.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// An export's files differ from its manifest; one line per missing, extra or changed file.
    #[error("{} does not match its manifest:\n{}", dir.display(), problems.join("\n"))]
    ExportMismatch {
        /// The export's folder.
        dir: PathBuf,
        /// `missing PATH`, `extra PATH` or `changed PATH`, in path order.
        problems: Vec<String>,
    },
}

/// The wall clock, for engines the server runs.
pub(crate) struct SystemClock;

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
fn collect_assets(dir: &Path) -> Result<Vec<AssetFile>, CliError> {
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
                out.push(AssetFile { path: rel, bytes });
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
        Some(dir) => blobs_by_hash(collect_assets(dir)?, &engine.referenced_blobs()),
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

/// Files whose bytes are a blob the asset library needs go in under their SHA-256, whatever
/// they were called in the folder (each blob once); the others keep their paths.
fn blobs_by_hash(files: Vec<AssetFile>, needed: &[String]) -> Vec<AssetFile> {
    let mut out: Vec<AssetFile> = Vec::with_capacity(files.len());
    for mut file in files {
        let hash = sha256(&file.bytes);
        if needed.contains(&hash) {
            if out.iter().any(|f| f.path == hash) {
                continue;
            }
            file.path = hash;
        }
        out.push(file);
    }
    out
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

/// Verifies `file`, then writes its project into the new folder `out` (or an empty one).
///
/// The files are written into a staging folder this call creates next to `out` (a fresh
/// name, never an existing folder), then moved into place; on any failure the staging folder
/// is removed and `out` is left as it was. Nothing outside what this call created is deleted.
pub fn restore(file: &Path, out: &Path) -> Result<String, CliError> {
    let backup = read(file)?;
    if out.exists() && fs::read_dir(out).map_err(io_err(out))?.next().is_some() {
        return Err(CliError::TargetNotEmpty(out.to_owned()));
    }
    let engine = Engine::from_backup(options(), &backup).map_err(|source| CliError::Backup {
        path: file.to_owned(),
        source,
    })?;
    let staging = new_staging_folder(out)?;
    let written = write_restored(&staging, &engine, &backup).and_then(|()| {
        if out.exists() {
            // `out` is empty: move each restored entry into it, keeping the folder itself.
            for entry in fs::read_dir(&staging).map_err(io_err(&staging))? {
                let entry = entry.map_err(io_err(&staging))?;
                let to = out.join(entry.file_name());
                fs::rename(entry.path(), &to).map_err(io_err(&to))?;
            }
            fs::remove_dir(&staging).map_err(io_err(&staging))
        } else {
            fs::rename(&staging, out).map_err(io_err(out))
        }
    });
    if let Err(e) = written {
        // Only the staging folder is ours to remove; a partly filled `out` keeps what the
        // user had (nothing: it was empty) plus whatever was moved before the failure.
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    Ok(format!(
        "restored {:?} into {}",
        backup.manifest.name,
        out.display()
    ))
}

/// Creates a staging folder beside `out` under a name no folder has yet.
fn new_staging_folder(out: &Path) -> Result<PathBuf, CliError> {
    let base = out
        .file_name()
        .map_or_else(|| "restore".into(), |n| n.to_string_lossy().into_owned());
    let parent = out.parent().unwrap_or(Path::new("."));
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    for n in 0..1000u32 {
        let staging = parent.join(format!(".{base}.restoring-{}-{n}", std::process::id()));
        match fs::create_dir(&staging) {
            Ok(()) => return Ok(staging),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io_err(&staging)(e)),
        }
    }
    Err(io_err(parent)(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "no free name for a staging folder",
    )))
}

/// Writes the restored project's files under `staging`.
fn write_restored(staging: &Path, engine: &Engine, backup: &Backup) -> Result<(), CliError> {
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
    Ok(())
}

/// Text safe to print on a terminal: control characters (escape sequences, bells, carriage
/// returns) and invisible direction overrides from a file's names come out as `\u{…}`; line
/// breaks stay.
pub fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let hidden = (c.is_control() && c != '\n')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if hidden {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Reads a project for export: a `.omnios` backup (with its assets) or a snapshot
/// (`*.omnios.json`), checked by the engine either way.
fn read_project(project: &Path) -> Result<(Snapshot, Vec<AssetFile>), CliError> {
    let bytes = fs::read(project).map_err(io_err(project))?;
    let invalid = |source: EngineError| CliError::Project {
        path: project.to_owned(),
        source,
    };
    // A backup is a zip (`PK…`); anything else is read as snapshot JSON.
    if bytes.starts_with(b"PK") {
        let backup = read_backup(&bytes).map_err(|source| CliError::Backup {
            path: project.to_owned(),
            source,
        })?;
        let engine =
            Engine::from_backup(options(), &backup).map_err(|source| CliError::Backup {
                path: project.to_owned(),
                source,
            })?;
        return Ok((engine.to_snapshot(), backup.assets));
    }
    let json = String::from_utf8(bytes).map_err(|e| {
        invalid(EngineError::InvalidSnapshot {
            reason: format!("not UTF-8 text: {e}"),
        })
    })?;
    let snapshot = Snapshot::from_json(&json).map_err(invalid)?;
    let engine = Engine::from_snapshot(options(), &snapshot).map_err(invalid)?;
    Ok((engine.to_snapshot(), Vec::new()))
}

/// Compiles `project` (a `.omnios` backup or `*.omnios.json` snapshot) for `target` into the new
/// folder `out`. Files under `assets` join (and override) the backup's assets; the asset
/// library's blobs the pages use come from the backup or, by their bytes, from `assets`.
pub fn export(
    project: &Path,
    target: Target,
    out: &Path,
    assets: Option<&Path>,
) -> Result<String, CliError> {
    let (snapshot, backup_files) = read_project(project)?;
    let compile_err = |source| CliError::Compile {
        path: project.to_owned(),
        source,
    };
    let needed = blobs_needed(&snapshot).map_err(compile_err)?;
    let mut set = Assets::new();
    // A backup keeps the library's blobs under their SHA-256 and other files by path.
    for asset in backup_files {
        if is_sha256_hex(&asset.path) {
            if needed.contains(&asset.path) {
                set.insert_blob(&asset.path, asset.bytes)
                    .map_err(compile_err)?;
            }
        } else {
            set.insert(&asset.path, asset.bytes).map_err(compile_err)?;
        }
    }
    // A folder's files are there by path, and as a library blob when the pages use their bytes.
    if let Some(dir) = assets {
        for asset in collect_assets(dir)? {
            let hash = sha256(&asset.bytes);
            if needed.contains(&hash) {
                set.insert_blob(&hash, asset.bytes.clone())
                    .map_err(compile_err)?;
            }
            set.insert(&asset.path, asset.bytes).map_err(compile_err)?;
        }
    }
    let export = compile(&snapshot, &set, target).map_err(compile_err)?;
    if out.exists() && fs::read_dir(out).map_err(io_err(out))?.next().is_some() {
        return Err(CliError::TargetNotEmpty(out.to_owned()));
    }
    // Write into a sibling folder first, so a failure leaves no half-written export.
    let staging = out.with_extension("exporting");
    let _ = fs::remove_dir_all(&staging);
    let mut bytes = 0;
    for file in &export.files {
        let path = staging.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        fs::write(&path, &file.bytes).map_err(io_err(&path))?;
        bytes += file.bytes.len();
    }
    if out.exists() {
        fs::remove_dir(out).map_err(io_err(out))?;
    }
    fs::rename(&staging, out).map_err(io_err(out))?;
    let mut lines = vec![format!(
        "exported {} pages as {} into {}: {} files, {} bytes",
        snapshot.pages.len(),
        target.as_str(),
        out.display(),
        export.files.len(),
        bytes
    )];
    lines.extend(export.warnings.iter().map(|w| format!("warning: {w}")));
    Ok(lines.join("\n"))
}

/// Every file under `dir` (symbolic links included, never followed), relative, `/`-separated.
fn list_files(dir: &Path) -> Result<Vec<String>, CliError> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).map_err(io_err(&folder))? {
            let entry = entry.map_err(io_err(&folder))?;
            let path = entry.path();
            let kind = entry.file_type().map_err(io_err(&path))?;
            if kind.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap_or(&path);
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Checks an export folder against its `manifest.json`: names every missing, extra and changed
/// file (an error listing them all), or describes the export.
pub fn verify_export(dir: &Path) -> Result<String, CliError> {
    let manifest_path = dir.join(MANIFEST);
    let bytes = fs::read(&manifest_path).map_err(|e| CliError::Manifest {
        path: manifest_path.clone(),
        reason: e.to_string(),
    })?;
    let manifest = read_manifest(&bytes).map_err(|reason| CliError::Manifest {
        path: manifest_path.clone(),
        reason,
    })?;
    let present: std::collections::BTreeSet<String> = list_files(dir)?
        .into_iter()
        .filter(|p| p != MANIFEST)
        .collect();
    let mut problems = Vec::new();
    let mut listed = std::collections::BTreeSet::new();
    for file in &manifest.files {
        listed.insert(file.path.clone());
        let safe = !file.path.starts_with('/')
            && file.path.split('/').all(|part| {
                !part.is_empty() && part != "." && part != ".." && !part.contains('\\')
            });
        if !safe {
            problems.push((file.path.clone(), format!("unsafe path {:?}", file.path)));
            continue;
        }
        if !present.contains(&file.path) {
            problems.push((file.path.clone(), format!("missing {}", file.path)));
            continue;
        }
        let path = dir.join(&file.path);
        let content = fs::read(&path).map_err(io_err(&path))?;
        if content.len() as u64 != file.size || sha256_hex(&content) != file.sha256 {
            problems.push((file.path.clone(), format!("changed {}", file.path)));
        }
    }
    for path in present.difference(&listed) {
        problems.push((path.clone(), format!("extra {path}")));
    }
    if !problems.is_empty() {
        problems.sort();
        return Err(CliError::ExportMismatch {
            dir: dir.to_owned(),
            problems: problems.into_iter().map(|(_, line)| line).collect(),
        });
    }
    Ok(format!(
        "{}: valid OMNIOS export ({}): {} files match manifest.json",
        dir.display(),
        manifest.target.as_str(),
        manifest.files.len()
    ))
}

/// Stores a verified backup's library blobs (its `assets/<sha256>` files) in `store`: how a
/// project's assets reach the server until uploads have accounts. Nothing is stored unless the
/// whole backup verifies; each blob is checked against its hash again as it is put.
pub async fn import_blobs(file: &Path, store: &crate::BlobStore) -> Result<String, CliError> {
    let backup = read(file)?;
    let (mut stored, mut present) = (0, 0);
    for asset in backup
        .assets
        .iter()
        .filter(|a| omnios_engine::is_sha256_hex(&a.path))
    {
        let put = store
            .put(&asset.path, asset.bytes.clone().into())
            .await
            .map_err(|source| CliError::Blobs {
                path: file.to_owned(),
                source,
            })?;
        match put {
            crate::blobs::Put::Stored => stored += 1,
            crate::blobs::Put::AlreadyThere => present += 1,
        }
    }
    Ok(format!(
        "{}: {stored} blobs stored, {present} already there",
        file.display()
    ))
}
