//! [`FileLog`]: a [`DocumentLog`] on plain files, one pair per project under a folder:
//!
//! - `<project>.ylog`: append-only records `[length u32][crc32 u32][seq i64][update]`
//!   (little-endian; the CRC covers seq and update). Each append is one `write` followed by
//!   `fsync` before it returns. A torn tail (a crash mid-append) fails its length or CRC and is
//!   cut off the next time the project is opened; everything before it stays.
//! - `<project>.ysnap`: `OMNSNAP1`, `[up_to_seq i64][crc32 u32][document]`, replaced
//!   atomically (written to a temporary file, fsynced, renamed, folder fsynced).
//!
//! Compaction writes the snapshot first, then rewrites the log without the records it holds;
//! a crash between the two leaves records the snapshot already holds, which loading skips by
//! sequence number. One process owns a folder (records are numbered in memory).

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;

use super::is_project_id;
use super::storage::{DocumentLog, StorageError, StoredDocument};

const SNAPSHOT_MAGIC: &[u8; 8] = b"OMNSNAP1";
const RECORD_HEADER: usize = 4 + 4 + 8;

/// Why the file log failed.
#[derive(Debug, thiserror::Error)]
pub enum FileLogError {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: io::Error,
    },
    /// The project id cannot name a file.
    #[error("not a project id: {0:?}")]
    BadProject(String),
    /// The snapshot file fails its checksum.
    #[error("{0}: snapshot is damaged (checksum)")]
    DamagedSnapshot(PathBuf),
    /// The blocking file task did not finish.
    #[error("file task failed: {0}")]
    Task(String),
}

/// A project's log as this process knows it.
#[derive(Default)]
struct ProjectFiles {
    /// The next sequence number; `None` until the files were read once (and a torn tail cut).
    next_seq: Option<i64>,
}

/// Document logs as files in one folder (see the module's documentation for the format).
pub struct FileLog {
    dir: PathBuf,
    projects: Mutex<HashMap<String, Arc<tokio::sync::Mutex<ProjectFiles>>>>,
}

impl std::fmt::Debug for FileLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileLog").field("dir", &self.dir).finish()
    }
}

impl FileLog {
    /// Logs under `dir`, created with the first write (a server nobody edits on leaves no
    /// folder behind). Fails if `dir` exists and is not a folder.
    pub fn open(dir: impl Into<PathBuf>) -> Result<Self, FileLogError> {
        let dir = dir.into();
        if dir.exists() && !dir.is_dir() {
            return Err(io_err(&dir)(io::Error::new(
                io::ErrorKind::NotADirectory,
                "not a folder",
            )));
        }
        Ok(Self {
            dir,
            projects: Mutex::new(HashMap::new()),
        })
    }

    /// The folder holding the files.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn paths(&self, project: &str) -> Result<Paths, FileLogError> {
        if !is_project_id(project) {
            return Err(FileLogError::BadProject(project.to_owned()));
        }
        Ok(Paths {
            dir: self.dir.clone(),
            log: self.dir.join(format!("{project}.ylog")),
            snapshot: self.dir.join(format!("{project}.ysnap")),
        })
    }

    fn project(&self, project: &str) -> Arc<tokio::sync::Mutex<ProjectFiles>> {
        let mut projects = self
            .projects
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        projects.entry(project.to_owned()).or_default().clone()
    }

    /// Runs `work` on the blocking pool with the project's lock held.
    async fn with_project<T: Send + 'static>(
        &self,
        project: &str,
        work: impl FnOnce(&Paths, &mut ProjectFiles) -> Result<T, FileLogError> + Send + 'static,
    ) -> Result<T, StorageError> {
        let paths = self.paths(project).map_err(StorageError::new)?;
        let mut files = self.project(project).lock_owned().await;
        tokio::task::spawn_blocking(move || work(&paths, &mut files))
            .await
            .map_err(|e| StorageError::new(FileLogError::Task(e.to_string())))?
            .map_err(StorageError::new)
    }
}

struct Paths {
    dir: PathBuf,
    log: PathBuf,
    snapshot: PathBuf,
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> FileLogError + '_ {
    move |source| FileLogError::Io {
        path: path.to_owned(),
        source,
    }
}

fn checksum(seq: i64, bytes: &[u8]) -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(&seq.to_le_bytes());
    hasher.update(bytes);
    hasher.finalize()
}

fn encode_record(seq: i64, update: &[u8]) -> Result<Vec<u8>, FileLogError> {
    let len = u32::try_from(update.len()).map_err(|_| FileLogError::Io {
        path: PathBuf::new(),
        source: io::Error::new(io::ErrorKind::InvalidInput, "update over 4 GiB"),
    })?;
    let mut record = Vec::with_capacity(RECORD_HEADER + update.len());
    record.extend_from_slice(&len.to_le_bytes());
    record.extend_from_slice(&checksum(seq, update).to_le_bytes());
    record.extend_from_slice(&seq.to_le_bytes());
    record.extend_from_slice(update);
    Ok(record)
}

/// The whole records of `bytes` and where the last whole one ends.
fn decode_records(bytes: &[u8]) -> (Vec<(i64, Vec<u8>)>, usize) {
    let mut records = Vec::new();
    let mut at = 0;
    while let Some(header) = bytes.get(at..at + RECORD_HEADER) {
        let word = |i: usize| [header[i], header[i + 1], header[i + 2], header[i + 3]];
        let len = u32::from_le_bytes(word(0)) as usize;
        let crc = u32::from_le_bytes(word(4));
        let mut seq_bytes = [0u8; 8];
        seq_bytes.copy_from_slice(&header[8..16]);
        let seq = i64::from_le_bytes(seq_bytes);
        let Some(update) = bytes.get(at + RECORD_HEADER..at + RECORD_HEADER + len) else {
            break;
        };
        if checksum(seq, update) != crc {
            break;
        }
        records.push((seq, update.to_vec()));
        at += RECORD_HEADER + len;
    }
    (records, at)
}

fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, FileLogError> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_err(path)(e)),
    }
}

/// The snapshot and the sequence number it holds everything up to.
fn read_snapshot(path: &Path) -> Result<Option<(i64, Vec<u8>)>, FileLogError> {
    let Some(bytes) = read_optional(path)? else {
        return Ok(None);
    };
    let damaged = || FileLogError::DamagedSnapshot(path.to_owned());
    let rest = bytes.strip_prefix(SNAPSHOT_MAGIC).ok_or_else(damaged)?;
    if rest.len() < 12 {
        return Err(damaged());
    }
    let mut seq = [0u8; 8];
    seq.copy_from_slice(&rest[..8]);
    let seq = i64::from_le_bytes(seq);
    let crc = u32::from_le_bytes([rest[8], rest[9], rest[10], rest[11]]);
    let document = &rest[12..];
    if checksum(seq, document) != crc {
        return Err(damaged());
    }
    Ok(Some((seq, document.to_vec())))
}

/// Reads the project's files, cutting a torn tail off the log; the sequence number is known
/// afterwards.
fn read_document(paths: &Paths, files: &mut ProjectFiles) -> Result<StoredDocument, FileLogError> {
    let snapshot = read_snapshot(&paths.snapshot)?;
    let log = read_optional(&paths.log)?.unwrap_or_default();
    let (records, whole) = decode_records(&log);
    if whole < log.len() {
        tracing::warn!(
            "{}: cutting a torn tail of {} bytes (a crash during an append)",
            paths.log.display(),
            log.len() - whole
        );
        let file = OpenOptions::new()
            .write(true)
            .open(&paths.log)
            .map_err(io_err(&paths.log))?;
        file.set_len(whole as u64).map_err(io_err(&paths.log))?;
        file.sync_all().map_err(io_err(&paths.log))?;
    }
    let compacted = snapshot.as_ref().map_or(0, |(seq, _)| *seq);
    let last = records.last().map_or(0, |(seq, _)| *seq);
    files.next_seq = Some(compacted.max(last) + 1);
    Ok(StoredDocument {
        snapshot: snapshot.map(|(_, document)| document),
        updates: records
            .into_iter()
            .filter(|(seq, _)| *seq > compacted)
            .collect(),
    })
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, fsynced, renamed over it,
/// then the folder fsynced so the rename itself is durable.
fn replace_file(dir: &Path, path: &Path, bytes: &[u8]) -> Result<(), FileLogError> {
    let temp = path.with_extension("tmp");
    {
        let mut file = File::create(&temp).map_err(io_err(&temp))?;
        file.write_all(bytes).map_err(io_err(&temp))?;
        file.sync_all().map_err(io_err(&temp))?;
    }
    fs::rename(&temp, path).map_err(io_err(path))?;
    sync_dir(dir)
}

fn sync_dir(dir: &Path) -> Result<(), FileLogError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err(dir))
}

#[async_trait]
impl DocumentLog for FileLog {
    async fn append_update(&self, project: &str, update: &[u8]) -> Result<i64, StorageError> {
        let update = update.to_vec();
        self.with_project(project, move |paths, files| {
            if files.next_seq.is_none() {
                read_document(paths, files)?;
            }
            let seq = files.next_seq.unwrap_or(1);
            let record = encode_record(seq, &update)?;
            fs::create_dir_all(&paths.dir).map_err(io_err(&paths.dir))?;
            let created = !paths.log.exists();
            let mut file = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&paths.log)
                .map_err(io_err(&paths.log))?;
            file.write_all(&record).map_err(io_err(&paths.log))?;
            file.sync_data().map_err(io_err(&paths.log))?;
            if created {
                sync_dir(&paths.dir)?;
            }
            files.next_seq = Some(seq + 1);
            Ok(seq)
        })
        .await
    }

    async fn load_document(&self, project: &str) -> Result<StoredDocument, StorageError> {
        self.with_project(project, read_document).await
    }

    async fn compact(
        &self,
        project: &str,
        snapshot: &[u8],
        up_to_seq: i64,
    ) -> Result<(), StorageError> {
        let snapshot = snapshot.to_vec();
        self.with_project(project, move |paths, files| {
            let kept = read_document(paths, files)?
                .updates
                .into_iter()
                .filter(|(seq, _)| *seq > up_to_seq);
            fs::create_dir_all(&paths.dir).map_err(io_err(&paths.dir))?;
            let mut bytes = Vec::with_capacity(SNAPSHOT_MAGIC.len() + 12 + snapshot.len());
            bytes.extend_from_slice(SNAPSHOT_MAGIC);
            bytes.extend_from_slice(&up_to_seq.to_le_bytes());
            bytes.extend_from_slice(&checksum(up_to_seq, &snapshot).to_le_bytes());
            bytes.extend_from_slice(&snapshot);
            replace_file(&paths.dir, &paths.snapshot, &bytes)?;
            let mut log = Vec::new();
            for (seq, update) in kept {
                log.extend(encode_record(seq, &update)?);
            }
            replace_file(&paths.dir, &paths.log, &log)?;
            let next = files.next_seq.unwrap_or(1).max(up_to_seq + 1);
            files.next_seq = Some(next);
            Ok(())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn appends_survive_a_reopen_and_a_torn_tail_is_cut() {
        let dir = tempfile::tempdir().expect("temp dir");
        let log = FileLog::open(dir.path()).expect("open");
        assert_eq!(log.append_update("p1", b"one").await.expect("append"), 1);
        assert_eq!(log.append_update("p1", b"two").await.expect("append"), 2);
        // A crash in the middle of a third append.
        let mut file = OpenOptions::new()
            .append(true)
            .open(dir.path().join("p1.ylog"))
            .expect("log");
        file.write_all(&encode_record(3, b"three").expect("record")[..9])
            .expect("torn");
        drop(log);

        let log = FileLog::open(dir.path()).expect("reopen");
        let stored = log.load_document("p1").await.expect("load");
        assert_eq!(
            stored.updates,
            vec![(1, b"one".to_vec()), (2, b"two".to_vec())]
        );
        assert_eq!(log.append_update("p1", b"four").await.expect("append"), 3);
        let stored = log.load_document("p1").await.expect("load");
        assert_eq!(stored.updates.len(), 3);
    }

    #[tokio::test]
    async fn compaction_keeps_later_updates_and_numbers_go_on() {
        let dir = tempfile::tempdir().expect("temp dir");
        let log = FileLog::open(dir.path()).expect("open");
        for update in [b"a", b"b", b"c"] {
            log.append_update("p", update).await.expect("append");
        }
        log.compact("p", b"snapshot-of-a-b", 2)
            .await
            .expect("compact");
        let stored = log.load_document("p").await.expect("load");
        assert_eq!(stored.snapshot.as_deref(), Some(&b"snapshot-of-a-b"[..]));
        assert_eq!(stored.updates, vec![(3, b"c".to_vec())]);
        drop(log);
        let log = FileLog::open(dir.path()).expect("reopen");
        assert_eq!(log.append_update("p", b"d").await.expect("append"), 4);
    }

    #[tokio::test]
    async fn a_project_id_that_is_not_a_file_name_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let log = FileLog::open(dir.path()).expect("open");
        assert!(log.append_update("../x", b"a").await.is_err());
        assert!(log.load_document("").await.is_err());
    }
}
