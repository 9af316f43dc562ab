//! # omnios-compiler
//!
//! Compiles an OMNIOS project ([`Snapshot`]) and its assets to code a developer can inherit:
//! a Next.js app (App Router, TypeScript) or static HTML with one shared CSS file.
//!
//! Images come from three places: `http(s)` URLs, files by site path (`assets/hero.png`, the
//! caller's assets folder) and the project's asset library (`asset:<sha256>`): the library's
//! metadata is in the snapshot, the bytes are blobs the caller hands over by SHA-256
//! ([`Assets::insert_blob`]; [`blobs_needed`] says which). The export copies the blobs its pages
//! use to `assets/<sha256>.<ext>` (`public/assets/` in Next.js).
//!
//! Pure: no I/O, no clock, no randomness. The same snapshot and assets always give the same
//! files, byte for byte, listed in path order with a `manifest.json` (path, size and SHA-256 of
//! every other file) that `omnios verify DIR` checks.
//!
//! Components export as the canvas shows them. The static site inlines each instance: its
//! master's subtree as the engine expands it (variant, prop values, overrides, slot children),
//! with the engine's derived ids (`__` and 32 hex digits) as classes (`components.rs`). The
//! Next.js app writes each master as `components/<Name>.tsx` (typed props, variants, slots) and
//! each instance the component can show as `<Name … />`; an instance with overrides stays inline
//! (`react.rs`). Masters themselves are not pages.
//!
//! Design tokens become CSS custom properties on `:root` in the shared stylesheet, and a style
//! naming a token is written `var(--<token name>)` (`tokens.rs`).
//!
//! Both targets lay out exactly like the editor's canvas: the canvas's reset (`reset.css`, read
//! from the editor's sources at compile time) comes first, then one rule per element and slot
//! with the element's class (`o-<id>`), breakpoints as `@media (max-width: …)` with the widths
//! the canvas's container queries use (tablet 991 px, mobile 767 px).
//!
//! ```
//! use omnios_compiler::{compile, Assets, Target};
//! use omnios_engine::{Engine, EngineOptions, Command};
//!
//! let mut engine = Engine::new(EngineOptions::deterministic(1));
//! engine.commit(Command::CreatePage {
//!     id: None, name: "Home".into(), slug: None, title: None, description: None, index: None,
//! }).unwrap();
//! let export = compile(&engine.to_snapshot(), &Assets::default(), Target::Static).unwrap();
//! assert!(export.file("index.html").is_some());
//! assert!(export.file("manifest.json").is_some());
//! ```
#![warn(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used))]

mod components;
mod css;
mod fonts;
mod html;
mod image;
mod next;
mod pages;
mod react;
mod site;
mod text;
mod tokens;

use std::collections::BTreeMap;

use omnios_engine::Snapshot;

pub use pages::{select_pages, PageSelectionError};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The shared reset: the same file the canvas applies (`web/src/canvas/reset.css`).
pub const RESET_CSS: &str = include_str!("../../../web/src/canvas/reset.css");

/// The name of the manifest every export carries.
pub const MANIFEST: &str = "manifest.json";

/// What the project compiles to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// A Next.js app: App Router, TypeScript, ESLint, `next/image` and `next/link`.
    NextJs,
    /// One HTML file per page and one shared `styles.css`; no script.
    Static,
}

impl Target {
    /// The target's name on the command line and in the manifest (`nextjs`, `static`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NextJs => "nextjs",
            Self::Static => "static",
        }
    }

    /// Reads a target's name.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "nextjs" | "next" => Some(Self::NextJs),
            "static" | "html" => Some(Self::Static),
            _ => None,
        }
    }
}

/// The project's asset files: files by path relative to the assets folder (`hero.png`,
/// `team/ada.jpg`), which an element names as `assets/hero.png` or `/assets/hero.png`, and the
/// asset library's blobs by SHA-256, which an element names as `asset:<sha256>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assets {
    files: BTreeMap<String, Vec<u8>>,
    blobs: BTreeMap<String, Vec<u8>>,
}

impl Assets {
    /// No assets.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) one asset. Refused when the path is not a safe relative path of
    /// `A-Za-z0-9-_.` segments.
    pub fn insert(&mut self, path: &str, bytes: Vec<u8>) -> Result<(), CompileError> {
        if !site::asset_path_ok(path) {
            return Err(CompileError::UnsafeAssetPath {
                path: text::clip(path),
            });
        }
        self.files.insert(path.to_owned(), bytes);
        Ok(())
    }

    /// Adds (or replaces) one blob of the asset library under its SHA-256 (64 lowercase hex
    /// digits). Refused when the bytes do not have that SHA-256. Only the blobs the exported
    /// pages use are copied into the export.
    pub fn insert_blob(&mut self, sha256: &str, bytes: Vec<u8>) -> Result<(), CompileError> {
        if sha256_hex(&bytes) != sha256 {
            return Err(CompileError::BlobHash {
                blob: text::clip(sha256),
            });
        }
        self.blobs.insert(sha256.to_owned(), bytes);
        Ok(())
    }

    /// One blob's bytes, by SHA-256.
    pub fn blob(&self, sha256: &str) -> Option<&[u8]> {
        self.blobs.get(sha256).map(Vec::as_slice)
    }

    /// One asset's bytes.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// Every asset file (not the blobs), in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
    }

    /// How many asset files and blobs there are.
    pub fn len(&self) -> usize {
        self.files.len() + self.blobs.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.blobs.is_empty()
    }
}

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    /// Path relative to the export's folder, `/`-separated.
    pub path: String,
    /// The content.
    pub bytes: Vec<u8>,
}

/// What [`compile`] produced: files in path order (the manifest among them) and warnings about
/// content left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// Every file, sorted by path.
    pub files: Vec<ExportFile>,
    /// Things the export left out or changed, for people (e.g. a refused `javascript:` link).
    pub warnings: Vec<String>,
}

impl Export {
    /// One file's bytes.
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.bytes.as_slice())
    }
}

/// A listed file in `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// Path relative to the export's folder.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, lowercase hex.
    pub sha256: String,
}

/// `manifest.json`: every other file of an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `omnios-export`.
    pub format: String,
    /// Manifest version (1).
    pub version: u32,
    /// The target it was compiled for.
    pub target: Target,
    /// Every file but the manifest, in path order.
    pub files: Vec<ManifestEntry>,
}

/// The manifest's `format`.
pub const MANIFEST_FORMAT: &str = "omnios-export";

/// Why a project cannot be compiled. Nothing is produced when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompileError {
    /// The project has no page.
    #[error("the project has no page to export")]
    NoPages,
    /// Two pages have the same slug (one URL, two pages).
    #[error("pages {first} and {second} both have the slug {slug:?}")]
    DuplicateSlug {
        /// The slug.
        slug: String,
        /// The first page's id.
        first: String,
        /// The second page's id.
        second: String,
    },
    /// A slug is not a safe path (only `a-z`, `0-9`, `-`, and `/` between segments).
    #[error("page {page} has the slug {slug:?}, which is not a safe path (a-z, 0-9, - and / between segments)")]
    UnsafeSlug {
        /// The page's id.
        page: String,
        /// The slug (clipped).
        slug: String,
    },
    /// A page's body element is not in the snapshot.
    #[error("page {page} names the body {root}, which is not in the project")]
    MissingRoot {
        /// The page's id.
        page: String,
        /// The missing body's id.
        root: String,
    },
    /// An element names an asset the export was not given.
    #[error("element {element} shows the asset {path:?}, which is not among the assets (pass the assets folder)")]
    MissingAsset {
        /// The element's id.
        element: String,
        /// The asset's path.
        path: String,
    },
    /// An element shows an asset of the library whose bytes the export was not given.
    #[error("element {element} shows the asset {name:?} ({asset}), whose file was not given to the export")]
    MissingBlob {
        /// The element's id.
        element: String,
        /// The asset's SHA-256.
        asset: String,
        /// The asset's name in the library.
        name: String,
    },
    /// An element names an asset (`asset:<sha256>`) the project's library does not have.
    #[error(
        "element {element} shows the asset {asset}, which is not in the project's asset library"
    )]
    UnknownAsset {
        /// The element's id.
        element: String,
        /// The SHA-256 it names (clipped).
        asset: String,
    },
    /// Bytes handed over as a blob do not have the SHA-256 they were given under.
    #[error("the bytes given for the blob {blob} do not have that SHA-256")]
    BlobHash {
        /// The SHA-256 they were given under (clipped).
        blob: String,
    },
    /// An asset path is not a safe relative path.
    #[error("the asset path {path:?} is not a safe relative path")]
    UnsafeAssetPath {
        /// The path (clipped).
        path: String,
    },
    /// A design token the engine would refuse (the snapshot was not written by the engine).
    #[error("token {token}: {reason}")]
    InvalidToken {
        /// The token's id (clipped).
        token: String,
        /// What is wrong.
        reason: String,
    },
    /// A style value the engine would refuse (the snapshot was not written by the engine).
    #[error("element {element}: {reason}")]
    InvalidStyle {
        /// The element's id.
        element: String,
        /// What is wrong.
        reason: String,
    },
}

/// Compiles the project for `target`. Deterministic: the same inputs give the same bytes.
pub fn compile(
    snapshot: &Snapshot,
    assets: &Assets,
    target: Target,
) -> Result<Export, CompileError> {
    // Next.js writes masters as React components (`react.rs`): their default trees are read
    // with the pages.
    let plan = match target {
        Target::NextJs => react::plan(snapshot),
        Target::Static => react::Plan::default(),
    };
    let resolved = components::resolve(snapshot, &plan.records);
    let site = site::Site::read(&resolved, assets, site::Mode::Compile, &plan.extra)?;
    let mut warnings = site.warnings.clone();
    let mut files: BTreeMap<String, Vec<u8>> = match target {
        Target::NextJs => next::files(&site, &plan, &mut warnings),
        Target::Static => html::files(&site, &mut warnings),
    };
    let asset_dir = match target {
        Target::NextJs => "public/assets",
        Target::Static => "assets",
    };
    for (path, bytes) in assets.iter() {
        files.insert(format!("{asset_dir}/{path}"), bytes.to_vec());
    }
    for used in &site.blobs {
        // next/image makes its own responsive sizes from the original: variants would be dead files.
        if used.variant && target == Target::NextJs {
            continue;
        }
        if let Some(bytes) = assets.blob(&used.sha256) {
            files.insert(format!("{asset_dir}/{}", used.file), bytes.to_vec());
        }
    }
    let manifest = manifest_of(target, &files);
    files.insert(MANIFEST.to_owned(), manifest);
    Ok(Export {
        files: files
            .into_iter()
            .map(|(path, bytes)| ExportFile { path, bytes })
            .collect(),
        warnings,
    })
}

/// The SHA-256s of the library blobs an export of `snapshot` copies (each asset's original and
/// its variants, for the images of its visible elements), sorted: what a caller reads from its
/// blob store before [`compile`]. Fails as `compile` would for an image naming an asset the
/// library lacks.
pub fn blobs_needed(snapshot: &Snapshot) -> Result<Vec<String>, CompileError> {
    let none = Assets::new();
    // The Next.js target's component trees may show a master's default image no page shows.
    let plan = react::plan(snapshot);
    let resolved = components::resolve(snapshot, &plan.records);
    let site = site::Site::read(&resolved, &none, site::Mode::ListBlobs, &plan.extra)?;
    let mut out: Vec<String> = site.blobs.into_iter().map(|b| b.sha256).collect();
    out.sort();
    out.dedup();
    Ok(out)
}

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn manifest_of(target: Target, files: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    let manifest = Manifest {
        format: MANIFEST_FORMAT.into(),
        version: 1,
        target,
        files: files
            .iter()
            .map(|(path, bytes)| ManifestEntry {
                path: path.clone(),
                size: bytes.len() as u64,
                sha256: sha256_hex(bytes),
            })
            .collect(),
    };
    let mut json = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    json.push('\n');
    json.into_bytes()
}

/// Reads a `manifest.json`.
pub fn read_manifest(bytes: &[u8]) -> Result<Manifest, String> {
    let manifest: Manifest = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if manifest.format != MANIFEST_FORMAT {
        return Err(format!(
            "not an OMNIOS export manifest (format {:?})",
            manifest.format
        ));
    }
    Ok(manifest)
}
