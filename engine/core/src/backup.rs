//! The `.omnios` backup file: one zip holding the project's JSON snapshot, its encoded Yjs
//! document, its assets, and `manifest.json` listing every file with its size and SHA-256.
//!
//! | file | what |
//! |---|---|
//! | `manifest.json` | `{format: "omnios-backup", version, name, createdAt, files: [{path, size, sha256}]}` |
//! | `project.omnios.json` | the [`Snapshot`] |
//! | `document.ydoc` | the whole document as one Yjs v1 update |
//! | `assets/<sha256>` | the bytes of every blob the asset library needs (each asset, its variants, a placeholder stored as a blob), named by their SHA-256 |
//! | `assets/<name>` | other files that came with the project (a site's `assets/` folder) |
//!
//! The zip's comment is `omnios-sha256:` + the SHA-256 of every byte before it, so a change of
//! any single byte — in a file, a header or the comment — is caught before anything is read.
//! Reading checks, in order: the seal, the zip, the manifest, every file's size and hash,
//! that no file is unlisted, the snapshot, that the document and the snapshot agree, that every
//! file named by a SHA-256 holds those bytes, and that every blob the library needs is there.
//! Writing refuses a library whose blobs the caller did not hand over.

use std::io::{Cursor, Read, Write};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;
use zip::write::SimpleFileOptions;

use crate::asset::is_sha256_hex;
use crate::engine::{Engine, EngineOptions};
use crate::snapshot::Snapshot;

/// The manifest's format name.
pub const FORMAT: &str = "omnios-backup";
/// The newest backup version written and read.
pub const VERSION: u32 = 1;
const SEAL: &str = "omnios-sha256:";
const SEAL_LEN: usize = 14 + 64;
const SNAPSHOT_PATH: &str = "project.omnios.json";
const DOCUMENT_PATH: &str = "document.ydoc";
const MANIFEST_PATH: &str = "manifest.json";
/// Largest backup read, in bytes.
pub const MAX_BACKUP_BYTES: usize = 1024 * 1024 * 1024;
/// Most bytes a backup's files may unpack to: also at most [`MAX_UNPACK_RATIO`] times the
/// backup's own size, with [`MIN_UNPACK_ALLOWANCE`] for small ones. Checked against the
/// manifest and every zip entry before anything is inflated, and each entry is read through a
/// limit of its listed size, so a small file cannot make a reader allocate gigabytes.
pub const MAX_UNPACKED_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// How many times its own size a backup may unpack to (JSON compresses about tenfold, pictures
/// not at all).
pub const MAX_UNPACK_RATIO: u64 = 100;
/// What any backup may unpack to, however small.
pub const MIN_UNPACK_ALLOWANCE: u64 = 64 * 1024 * 1024;
/// Largest `manifest.json`, in bytes.
const MAX_MANIFEST_BYTES: u64 = 16 * 1024 * 1024;

/// Why a backup was refused. Nothing is restored when one is returned.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum BackupError {
    /// Too short or without the OMNIOS seal: not an `.omnios` file, or cut short.
    #[error("this is not an OMNIOS backup, or it was cut short: {0}")]
    NotABackup(String),
    /// The seal does not match the content: the file was changed after it was written.
    #[error(
        "the backup was altered or damaged after it was written (its checksum does not match)"
    )]
    Altered,
    /// The zip could not be read.
    #[error("the backup's zip structure is damaged: {0}")]
    Damaged(String),
    /// The manifest is missing or unreadable, or of another format.
    #[error("the backup's manifest is missing or invalid: {0}")]
    Manifest(String),
    /// Written by a newer OMNIOS.
    #[error("backup version {0} is newer than this OMNIOS reads ({VERSION})")]
    UnsupportedVersion(u32),
    /// A listed file is missing.
    #[error("{0:?} is listed in the manifest but missing")]
    MissingFile(String),
    /// A file's size or hash differs from the manifest.
    #[error("{path:?} does not match the manifest ({what})")]
    Mismatch {
        /// The file.
        path: String,
        /// `size` or `sha256`.
        what: &'static str,
    },
    /// A file the manifest does not list.
    #[error("{0:?} is in the backup but not in its manifest")]
    Unlisted(String),
    /// A file is listed twice in the manifest, or stored twice in the zip.
    #[error("{0:?} appears twice in the backup")]
    Duplicate(String),
    /// The files would unpack to more than the backup may hold.
    #[error("the backup would unpack to {bytes} bytes, more than the {limit} it may hold")]
    TooLarge {
        /// What the manifest or the zip claims.
        bytes: u64,
        /// The limit for a backup of this size.
        limit: u64,
    },
    /// The snapshot or document is invalid, or they disagree.
    #[error("the project inside the backup is invalid: {0}")]
    Project(String),
    /// An asset path is unusable.
    #[error("invalid asset path {0:?}")]
    AssetPath(String),
    /// A file named by a SHA-256 holds other bytes.
    #[error("assets/{0:?} does not hold the bytes its name (their SHA-256) promises")]
    AssetHash(String),
    /// The asset library names a blob the backup does not carry.
    #[error("the asset library needs blob {0}, which is not in the backup")]
    MissingAsset(String),
}

impl BackupError {
    /// A stable code for hosts.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotABackup(_) => "not_a_backup",
            Self::Altered => "altered",
            Self::Damaged(_) => "damaged",
            Self::Manifest(_) => "manifest",
            Self::UnsupportedVersion(_) => "unsupported_version",
            Self::MissingFile(_) => "missing_file",
            Self::Mismatch { .. } => "mismatch",
            Self::Unlisted(_) => "unlisted",
            Self::Duplicate(_) => "duplicate",
            Self::TooLarge { .. } => "too_large",
            Self::Project(_) => "project",
            Self::AssetPath(_) => "asset_path",
            Self::AssetHash(_) => "asset_hash",
            Self::MissingAsset(_) => "missing_asset",
        }
    }
}

/// One file below `assets/`: a blob of the library (named by its SHA-256) or another file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetFile {
    /// Path below `assets/` (a SHA-256, or e.g. `img/hero.png`).
    pub path: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// A listed file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// Path in the zip.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, lowercase hex.
    pub sha256: String,
}

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    /// Always `omnios-backup`.
    pub format: String,
    /// Backup version.
    pub version: u32,
    /// Project name.
    pub name: String,
    /// When it was written (host clock, ms).
    pub created_at: u64,
    /// Every other file.
    pub files: Vec<ManifestFile>,
}

/// A verified backup's content.
#[derive(Debug, Clone, PartialEq)]
pub struct Backup {
    /// The manifest.
    pub manifest: Manifest,
    /// The snapshot.
    pub snapshot: Snapshot,
    /// The encoded document.
    pub document: Vec<u8>,
    /// The files below `assets/`.
    pub assets: Vec<AssetFile>,
}

impl Backup {
    /// The bytes of a blob of the library, by SHA-256.
    pub fn blob(&self, sha256: &str) -> Option<&[u8]> {
        self.assets
            .iter()
            .find(|a| a.path == sha256)
            .map(|a| a.bytes.as_slice())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of `bytes` in lowercase hex: the name of a blob.
pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Checks the files below `assets/`: one named by a SHA-256 holds those bytes, and every blob
/// in `needed` is there.
fn check_blobs(files: &[AssetFile], needed: &[String]) -> Result<(), BackupError> {
    for file in files {
        if is_sha256_hex(&file.path) && sha256(&file.bytes) != file.path {
            return Err(BackupError::AssetHash(file.path.clone()));
        }
    }
    match needed
        .iter()
        .find(|hash| !files.iter().any(|f| &f.path == *hash))
    {
        Some(hash) => Err(BackupError::MissingAsset(hash.clone())),
        None => Ok(()),
    }
}

fn asset_path_ok(path: &str) -> bool {
    !path.is_empty()
        && path.len() <= 256
        && !path.starts_with('/')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b))
}

impl Engine {
    /// Writes the project as an `.omnios` backup. `assets` must hold every blob the asset
    /// library needs ([`Engine::referenced_blobs`]), each at its SHA-256; other files may join.
    pub fn write_backup(
        &self,
        name: &str,
        created_at: u64,
        assets: &[AssetFile],
    ) -> Result<Vec<u8>, BackupError> {
        check_blobs(assets, &self.referenced_blobs())?;
        let snapshot = self.to_snapshot().to_json().into_bytes();
        let document = self
            .encode_state_as_update(&[])
            .map_err(|e| BackupError::Project(e.to_string()))?;
        seal(name, created_at, &snapshot, &document, assets)
    }

    /// An engine holding a verified backup's document.
    pub fn from_backup(options: EngineOptions, backup: &Backup) -> Result<Self, BackupError> {
        let mut engine = Engine::new(options);
        engine
            .load(&backup.document)
            .map_err(|e| BackupError::Project(e.to_string()))?;
        engine.clear_history();
        let _ = engine.take_local_updates();
        Ok(engine)
    }
}

/// Zips the files with their manifest and seals the zip (no check of what they hold).
fn seal(
    name: &str,
    created_at: u64,
    snapshot: &[u8],
    document: &[u8],
    assets: &[AssetFile],
) -> Result<Vec<u8>, BackupError> {
    let mut files: Vec<(String, &[u8])> = vec![
        (SNAPSHOT_PATH.into(), snapshot),
        (DOCUMENT_PATH.into(), document),
    ];
    for asset in assets {
        if !asset_path_ok(&asset.path) {
            return Err(BackupError::AssetPath(asset.path.clone()));
        }
        files.push((format!("assets/{}", asset.path), &asset.bytes));
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        version: VERSION,
        name: name.to_owned(),
        created_at,
        files: files
            .iter()
            .map(|(path, bytes)| ManifestFile {
                path: path.clone(),
                size: bytes.len() as u64,
                sha256: sha256(bytes),
            })
            .collect(),
    };
    let manifest_json =
        serde_json::to_vec_pretty(&manifest).map_err(|e| BackupError::Manifest(e.to_string()))?;
    let damaged = |e: &dyn std::fmt::Display| BackupError::Damaged(e.to_string());
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file(MANIFEST_PATH, options)
        .map_err(|e| damaged(&e))?;
    zip.write_all(&manifest_json).map_err(|e| damaged(&e))?;
    for (path, bytes) in &files {
        zip.start_file(path.as_str(), options)
            .map_err(|e| damaged(&e))?;
        zip.write_all(bytes).map_err(|e| damaged(&e))?;
    }
    zip.set_comment(format!("{SEAL}{}", "0".repeat(64)))
        .map_err(|e| damaged(&e))?;
    let mut bytes = zip.finish().map_err(|e| damaged(&e))?.into_inner();
    let body = bytes.len() - SEAL_LEN;
    let seal = format!("{SEAL}{}", sha256(&bytes[..body]));
    bytes[body..].copy_from_slice(seal.as_bytes());
    Ok(bytes)
}

fn le16(bytes: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?).into())
}

fn le32(bytes: &[u8], at: usize) -> Option<usize> {
    usize::try_from(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?)).ok()
}

/// Refuses a zip whose central directory names one file twice. `body` is the zip up to its
/// comment, which is the seal (so the end-of-directory record is its last 22 bytes).
fn check_unique_entries(body: &[u8]) -> Result<(), BackupError> {
    let damaged = |what: &str| BackupError::Damaged(what.into());
    let end = body
        .len()
        .checked_sub(22)
        .filter(|&at| body.get(at..at + 4) == Some(b"PK\x05\x06".as_slice()))
        .ok_or_else(|| damaged("no end of central directory"))?;
    let count = le16(body, end + 10).ok_or_else(|| damaged("short directory"))?;
    let mut at = le32(body, end + 16).ok_or_else(|| damaged("short directory"))?;
    if count == 0xFFFF || at == 0xFFFF_FFFF {
        return Err(damaged("zip64 backups are not read"));
    }
    let mut names = std::collections::HashSet::new();
    for _ in 0..count {
        if body.get(at..at + 4) != Some(b"PK\x01\x02".as_slice()) {
            return Err(damaged("central directory entry"));
        }
        let name_len = le16(body, at + 28).ok_or_else(|| damaged("short entry"))?;
        let extra = le16(body, at + 30).ok_or_else(|| damaged("short entry"))?;
        let comment = le16(body, at + 32).ok_or_else(|| damaged("short entry"))?;
        let name = body
            .get(at + 46..at + 46 + name_len)
            .ok_or_else(|| damaged("short entry"))?;
        if !names.insert(name) {
            return Err(BackupError::Duplicate(
                String::from_utf8_lossy(name).into_owned(),
            ));
        }
        at += 46 + name_len + extra + comment;
    }
    Ok(())
}

/// Reads and verifies an `.omnios` backup. Any change to the file is refused.
pub fn read_backup(bytes: &[u8]) -> Result<Backup, BackupError> {
    if bytes.len() > MAX_BACKUP_BYTES {
        return Err(BackupError::NotABackup(format!(
            "{} bytes is larger than any backup",
            bytes.len()
        )));
    }
    if bytes.len() < SEAL_LEN + 22 {
        return Err(BackupError::NotABackup(format!(
            "only {} bytes",
            bytes.len()
        )));
    }
    let body = bytes.len() - SEAL_LEN;
    let Some(seal) = bytes[body..].strip_prefix(SEAL.as_bytes()) else {
        return Err(BackupError::NotABackup("no OMNIOS seal at its end".into()));
    };
    if seal != sha256(&bytes[..body]).as_bytes() {
        return Err(BackupError::Altered);
    }
    let damaged = |e: &dyn std::fmt::Display| BackupError::Damaged(e.to_string());
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    // Every entry once, and what all of them claim to unpack to, before inflating any.
    let allowance = (bytes.len() as u64)
        .saturating_mul(MAX_UNPACK_RATIO)
        .clamp(MIN_UNPACK_ALLOWANCE, MAX_UNPACKED_BYTES);
    // The zip reader keeps one entry per name, so duplicates are looked for in the central
    // directory itself.
    check_unique_entries(&bytes[..body])?;
    let mut claimed = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| damaged(&e))?;
        claimed = claimed.saturating_add(entry.size());
    }
    if claimed > allowance {
        return Err(BackupError::TooLarge {
            bytes: claimed,
            limit: allowance,
        });
    }
    // Reads an entry, never more than `limit` bytes however much it inflates to.
    let mut read = |path: &str, limit: u64| -> Result<Option<Vec<u8>>, BackupError> {
        let file = match zip.by_name(path) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(damaged(&e)),
        };
        if file.size() > limit {
            return Err(BackupError::Mismatch {
                path: path.to_owned(),
                what: "size",
            });
        }
        let mut out = Vec::new();
        file.take(limit.saturating_add(1))
            .read_to_end(&mut out)
            .map_err(|e| damaged(&e))?;
        Ok(Some(out))
    };
    let manifest_bytes = read(MANIFEST_PATH, MAX_MANIFEST_BYTES)?
        .ok_or_else(|| BackupError::Manifest("no manifest.json".into()))?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes)
        .map_err(|e| BackupError::Manifest(e.to_string()))?;
    if manifest.format != FORMAT {
        return Err(BackupError::Manifest(format!(
            "format {:?} is not {FORMAT}",
            manifest.format
        )));
    }
    if manifest.version > VERSION {
        return Err(BackupError::UnsupportedVersion(manifest.version));
    }
    let mut listed_paths = std::collections::HashSet::new();
    let mut listed_total = 0u64;
    for listed in &manifest.files {
        if !listed_paths.insert(listed.path.as_str()) {
            return Err(BackupError::Duplicate(listed.path.clone()));
        }
        listed_total = listed_total.saturating_add(listed.size);
    }
    if listed_total > allowance {
        return Err(BackupError::TooLarge {
            bytes: listed_total,
            limit: allowance,
        });
    }
    let mut snapshot = None;
    let mut document = None;
    let mut assets = Vec::new();
    for listed in &manifest.files {
        let content = read(&listed.path, listed.size)?
            .ok_or_else(|| BackupError::MissingFile(listed.path.clone()))?;
        if content.len() as u64 != listed.size {
            return Err(BackupError::Mismatch {
                path: listed.path.clone(),
                what: "size",
            });
        }
        if sha256(&content) != listed.sha256 {
            return Err(BackupError::Mismatch {
                path: listed.path.clone(),
                what: "sha256",
            });
        }
        match listed.path.as_str() {
            SNAPSHOT_PATH => snapshot = Some(content),
            DOCUMENT_PATH => document = Some(content),
            other => match other.strip_prefix("assets/").filter(|p| asset_path_ok(p)) {
                Some(path) => assets.push(AssetFile {
                    path: path.to_owned(),
                    bytes: content,
                }),
                None => return Err(BackupError::AssetPath(other.to_owned())),
            },
        }
    }
    for i in 0..zip.len() {
        let name = match zip.name_for_index(i) {
            Some(Ok(n)) => n.into_owned(),
            Some(Err(e)) => return Err(damaged(&e)),
            None => continue,
        };
        if name != MANIFEST_PATH && !manifest.files.iter().any(|f| f.path == name) {
            return Err(BackupError::Unlisted(name));
        }
    }
    let snapshot = snapshot.ok_or_else(|| BackupError::MissingFile(SNAPSHOT_PATH.into()))?;
    let document = document.ok_or_else(|| BackupError::MissingFile(DOCUMENT_PATH.into()))?;
    let text = String::from_utf8(snapshot).map_err(|e| BackupError::Project(e.to_string()))?;
    let snapshot = Snapshot::from_json(&text).map_err(|e| BackupError::Project(e.to_string()))?;
    // The document and the snapshot must describe the same project.
    let check = Engine::from_backup(
        EngineOptions::new(0, std::sync::Arc::new(crate::clock::ManualClock::new(0))),
        &Backup {
            manifest: manifest.clone(),
            snapshot: snapshot.clone(),
            document: document.clone(),
            assets: Vec::new(),
        },
    )?;
    crate::plan::check_document(check.state()).map_err(|e| BackupError::Project(e.to_string()))?;
    if check.to_snapshot() != snapshot {
        return Err(BackupError::Project(
            "the document and the snapshot disagree".into(),
        ));
    }
    check_blobs(&assets, &check.referenced_blobs())?;
    Ok(Backup {
        manifest,
        snapshot,
        document,
        assets,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EngineOptions;

    fn project() -> Engine {
        let mut e = Engine::new(EngineOptions::deterministic(1));
        e.commit_json(r#"{"type":"create_page","name":"Home"}"#)
            .unwrap();
        let body = e.state().pages_in_order()[0].root.clone();
        e.commit_json(&format!(r#"{{"type":"create_element","kind":"text","parent":"{body}","content":"Hello","styles":{{"base":{{"color":"red"}}}}}}"#))
            .unwrap();
        e
    }

    #[test]
    fn a_backup_restores_the_identical_project() {
        let e = project();
        let assets = vec![AssetFile {
            path: "img/logo.png".into(),
            bytes: vec![1, 2, 3, 250],
        }];
        let bytes = e.write_backup("Site", 42, &assets).unwrap();
        let backup = read_backup(&bytes).unwrap();
        assert_eq!(backup.manifest.name, "Site");
        assert_eq!(backup.assets, assets);
        let restored = Engine::from_backup(EngineOptions::deterministic(2), &backup).unwrap();
        assert_eq!(restored.to_snapshot(), e.to_snapshot());
        assert_eq!(
            restored.encode_state_as_update(&[]).unwrap(),
            e.encode_state_as_update(&[]).unwrap()
        );
    }

    #[test]
    fn every_single_byte_flip_is_refused() {
        let bytes = project().write_backup("Site", 1, &[]).unwrap();
        for i in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0x01;
            assert!(
                read_backup(&bad).is_err(),
                "flip at byte {i} of {} was accepted",
                bytes.len()
            );
        }
    }

    #[test]
    fn truncated_and_foreign_files_are_refused_with_a_reason() {
        let bytes = project().write_backup("Site", 1, &[]).unwrap();
        assert!(matches!(
            read_backup(&bytes[..bytes.len() / 2]),
            Err(BackupError::NotABackup(_))
        ));
        assert!(matches!(
            read_backup(b"PK\x03\x04 definitely not ours"),
            Err(BackupError::NotABackup(_))
        ));
        let mut foreign = zip::ZipWriter::new(Cursor::new(Vec::new()));
        foreign
            .start_file("readme.txt", SimpleFileOptions::default())
            .unwrap();
        foreign.write_all(b"hello").unwrap();
        let foreign = foreign.finish().unwrap().into_inner();
        let err = read_backup(&foreign).unwrap_err();
        assert!(matches!(err, BackupError::NotABackup(_)));
        assert!(err.to_string().contains("not an OMNIOS backup"));
    }

    #[test]
    fn asset_paths_cannot_escape() {
        let e = project();
        for bad in ["../x", "/etc/passwd", "a//b", "", "a b"] {
            let asset = AssetFile {
                path: bad.into(),
                bytes: vec![],
            };
            assert!(
                matches!(
                    e.write_backup("x", 0, &[asset]),
                    Err(BackupError::AssetPath(_))
                ),
                "{bad}"
            );
        }
    }
}

#[cfg(test)]
mod library_tests {
    use super::*;
    use crate::EngineOptions;

    const PHOTO: &[u8] = b"\x89PNG pretend photo";
    const SMALL: &[u8] = b"\x89PNG pretend 640px variant";

    /// A project whose library holds one photo with one variant, used by one image.
    fn project() -> Engine {
        let mut e = Engine::new(EngineOptions::deterministic(1));
        e.commit_json(r#"{"type":"create_page","name":"Home"}"#)
            .unwrap();
        let body = e.state().pages_in_order()[0].root.clone();
        let asset = serde_json::json!({"type": "add_asset", "asset": {
            "id": sha256(PHOTO), "name": "photo.png", "mime": "image/png",
            "size": PHOTO.len(), "alt": "A photo",
            "variants": [{"width": 640, "hash": sha256(SMALL)}]}});
        e.commit_json(&asset.to_string()).unwrap();
        let image = serde_json::json!({"type": "create_element", "kind": "image",
            "parent": body, "props": {"src": format!("asset:{}", sha256(PHOTO))}});
        e.commit_json(&image.to_string()).unwrap();
        e
    }

    fn blob(bytes: &[u8]) -> AssetFile {
        AssetFile {
            path: sha256(bytes),
            bytes: bytes.to_vec(),
        }
    }

    /// Seals files the way a writer would, skipping the writer's checks: a hostile backup.
    fn forged(e: &Engine, assets: &[AssetFile]) -> Vec<u8> {
        let snapshot = e.to_snapshot().to_json().into_bytes();
        let document = e.encode_state_as_update(&[]).unwrap();
        seal("Forged", 0, &snapshot, &document, assets).unwrap()
    }

    /// Zips `entries` in order and seals them, with no check at all: what anyone can make, as
    /// the seal is a checksum, not a signature.
    fn sealed(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            zip.start_file(*name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.set_comment(format!("{SEAL}{}", "0".repeat(64)))
            .unwrap();
        reseal(zip.finish().unwrap().into_inner())
    }

    fn reseal(mut bytes: Vec<u8>) -> Vec<u8> {
        let body = bytes.len() - SEAL_LEN;
        let seal = format!("{SEAL}{}", sha256(&bytes[..body]));
        bytes[body..].copy_from_slice(seal.as_bytes());
        bytes
    }

    fn manifest_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        serde_json::to_vec(&Manifest {
            format: FORMAT.into(),
            version: VERSION,
            name: "x".into(),
            created_at: 0,
            files: files
                .iter()
                .map(|(path, bytes)| ManifestFile {
                    path: (*path).into(),
                    size: bytes.len() as u64,
                    sha256: sha256(bytes),
                })
                .collect(),
        })
        .unwrap()
    }

    #[test]
    fn a_document_holding_what_no_command_could_write_is_refused() {
        // The id `x,*` restyles every element once it reaches a selector; the style value adds
        // a declaration and fires a request.
        let mut e = project();
        let body = e.state().pages_in_order()[0].root.clone();
        let mut bad = e.state().elements[&body].clone();
        bad.id = crate::ElementId("x,*".into());
        bad.kind = crate::ElementKind::Container;
        bad.parent = Some(body);
        bad.styles.entry(crate::Slot::BASE).or_default().insert(
            crate::Property::BackgroundImage,
            "url(https://evil.example/beacon); position: fixed".into(),
        );
        e.write_unrecorded(vec![crate::plan::Op::PutElement(bad)]);
        let err = read_backup(&forged(&e, &[blob(PHOTO), blob(SMALL)])).unwrap_err();
        assert_eq!(err.code(), "project", "{err}");
    }

    #[test]
    fn a_file_listed_twice_and_an_entry_stored_twice_are_refused() {
        let e = project();
        let snapshot = e.to_snapshot().to_json().into_bytes();
        let document = e.encode_state_as_update(&[]).unwrap();
        let files: [(&str, &[u8]); 3] = [
            (SNAPSHOT_PATH, &snapshot),
            (DOCUMENT_PATH, &document),
            (SNAPSHOT_PATH, &snapshot),
        ];
        let manifest = manifest_of(&files);
        let bytes = sealed(&[
            (MANIFEST_PATH, &manifest),
            (SNAPSHOT_PATH, &snapshot),
            (DOCUMENT_PATH, &document),
        ]);
        assert_eq!(
            read_backup(&bytes),
            Err(BackupError::Duplicate(SNAPSHOT_PATH.into()))
        );
        // Two zip entries of one name: written under two names of one length, then renamed.
        let manifest = manifest_of(&files[..2]);
        let renamed = sealed(&[
            (MANIFEST_PATH, &manifest),
            (SNAPSHOT_PATH, &snapshot),
            (DOCUMENT_PATH, &document),
            ("project.omnios.jsoN", b"{}"),
        ]);
        let mut bytes = renamed.clone();
        let from = b"project.omnios.jsoN";
        let mut at = 0;
        while let Some(i) = bytes[at..].windows(from.len()).position(|w| w == from) {
            bytes[at + i + from.len() - 1] = b'n';
            at += i + 1;
        }
        let err = read_backup(&reseal(bytes)).unwrap_err();
        assert_eq!(err, BackupError::Duplicate(SNAPSHOT_PATH.into()));
    }

    #[test]
    fn a_small_backup_that_unpacks_to_far_more_is_refused_before_inflating() {
        let e = project();
        let snapshot = e.to_snapshot().to_json().into_bytes();
        let document = e.encode_state_as_update(&[]).unwrap();
        let zeros = vec![0u8; 70 * 1024 * 1024];
        let files: [(&str, &[u8]); 3] = [
            (SNAPSHOT_PATH, &snapshot),
            (DOCUMENT_PATH, &document),
            ("assets/zeros.bin", &zeros),
        ];
        let bytes = sealed(&[
            (MANIFEST_PATH, &manifest_of(&files)),
            (SNAPSHOT_PATH, &snapshot),
            (DOCUMENT_PATH, &document),
            ("assets/zeros.bin", &zeros),
        ]);
        assert!(bytes.len() < 1024 * 1024, "{} bytes", bytes.len());
        let err = read_backup(&bytes).unwrap_err();
        assert_eq!(err.code(), "too_large", "{err}");
        // A manifest that lies about the size: the entry is read no further than it says.
        let small: [(&str, &[u8]); 3] = [
            (SNAPSHOT_PATH, &snapshot),
            (DOCUMENT_PATH, &document),
            ("assets/zeros.bin", b"tiny"),
        ];
        let bytes = sealed(&[
            (MANIFEST_PATH, &manifest_of(&small)),
            (SNAPSHOT_PATH, &snapshot),
            (DOCUMENT_PATH, &document),
            ("assets/zeros.bin", &zeros[..1024 * 1024]),
        ]);
        let err = read_backup(&bytes).unwrap_err();
        assert_eq!(err.code(), "mismatch", "{err}");
    }

    #[test]
    fn the_library_travels_by_hash_and_restores_with_its_alt_text() {
        let e = project();
        let bytes = e
            .write_backup("Site", 1, &[blob(PHOTO), blob(SMALL)])
            .unwrap();
        let backup = read_backup(&bytes).unwrap();
        assert_eq!(backup.blob(&sha256(PHOTO)), Some(PHOTO));
        assert_eq!(backup.blob(&sha256(SMALL)), Some(SMALL));
        let restored = Engine::from_backup(EngineOptions::deterministic(2), &backup).unwrap();
        let id = crate::AssetId(sha256(PHOTO));
        assert_eq!(restored.asset(&id).unwrap().alt, "A photo");
        assert_eq!(restored.asset_usage()[0].elements.len(), 1);
        assert_eq!(backup.snapshot.assets.len(), 1);
    }

    #[test]
    fn writing_refuses_a_library_whose_blobs_are_missing() {
        let e = project();
        assert_eq!(
            e.write_backup("Site", 1, &[blob(PHOTO)]),
            Err(BackupError::MissingAsset(sha256(SMALL)))
        );
        let lying = AssetFile {
            path: sha256(SMALL),
            bytes: b"other bytes".to_vec(),
        };
        assert_eq!(
            e.write_backup("Site", 1, &[blob(PHOTO), lying]),
            Err(BackupError::AssetHash(sha256(SMALL)))
        );
    }

    #[test]
    fn reading_refuses_wrong_bytes_under_a_hash_and_a_blob_the_backup_lacks() {
        let e = project();
        let lying = AssetFile {
            path: sha256(SMALL),
            bytes: b"other bytes".to_vec(),
        };
        let err = read_backup(&forged(&e, &[blob(PHOTO), lying])).unwrap_err();
        assert_eq!(err, BackupError::AssetHash(sha256(SMALL)));
        assert_eq!(err.code(), "asset_hash");
        let err = read_backup(&forged(&e, &[blob(PHOTO)])).unwrap_err();
        assert_eq!(err, BackupError::MissingAsset(sha256(SMALL)));
        assert_eq!(err.code(), "missing_asset");
    }
}
