//! WebAssembly bindings of `omnios-compiler`, a module of its own so the editor loads it only
//! when someone exports (web/src/export/compilerModule.ts imports it with a dynamic `import()`).
//! Each export converts its arguments, calls the compiler and converts the result or error.
//!
//! The project crosses as snapshot JSON (what the editor's engine writes with `toJSON`), the
//! asset library's blobs as bytes by SHA-256 ([`ExportJob`]); the files come back one by one as `Uint8Array`s, in path order, the manifest among them. Errors
//! are thrown as `Error` objects whose message is the compiler's, written for people.

use omnios_compiler::{blobs_needed, compile, select_pages, Assets, CompileError, Export, Target};
use omnios_engine::Snapshot;
use wasm_bindgen::prelude::*;

/// The compiler's version (the crate's), for the dialog and the bench report.
#[wasm_bindgen]
pub fn version() -> String {
    format!("omnios-compiler {}", env!("CARGO_PKG_VERSION"))
}

/// A compiled export: its files in path order and the warnings about content left out.
#[wasm_bindgen]
pub struct CompiledExport {
    export: Export,
}

#[wasm_bindgen]
impl CompiledExport {
    /// Every file's path relative to the export's folder, in path order.
    pub fn paths(&self) -> Vec<String> {
        self.export.files.iter().map(|f| f.path.clone()).collect()
    }

    /// The bytes of the file at `index` in [`CompiledExport::paths`].
    pub fn bytes(&self, index: usize) -> Result<Vec<u8>, JsError> {
        self.export
            .files
            .get(index)
            .map(|f| f.bytes.clone())
            .ok_or_else(|| JsError::new(&format!("the export has no file number {index}")))
    }

    /// Things the export left out or changed, for people.
    pub fn warnings(&self) -> Vec<String> {
        self.export.warnings.clone()
    }
}

/// One export of a project: the snapshot read once (and cut down to the chosen pages), then the
/// library blobs the pages use handed over one by one, then compiled. The editor asks
/// [`ExportJob::blobs_needed`], reads each from its blob store, [`ExportJob::add_blob`]s it and
/// calls [`ExportJob::compile`]; a blob it could not read is simply not added, and the compiler's
/// error names the asset and the element showing it.
#[wasm_bindgen]
pub struct ExportJob {
    snapshot: Snapshot,
    assets: Assets,
}

#[wasm_bindgen]
impl ExportJob {
    /// Reads a project (snapshot JSON); `pages` chooses pages by id, all when absent.
    #[wasm_bindgen(constructor)]
    pub fn new(snapshot_json: &str, pages: Option<Vec<String>>) -> Result<ExportJob, JsError> {
        let snapshot =
            Snapshot::from_json(snapshot_json).map_err(|e| JsError::new(&e.to_string()))?;
        let snapshot = match pages {
            Some(ids) => select_pages(&snapshot, &ids).map_err(|e| JsError::new(&e.to_string()))?,
            None => snapshot,
        };
        Ok(ExportJob {
            snapshot,
            assets: Assets::new(),
        })
    }

    /// The SHA-256s of the library blobs the export copies, sorted.
    #[wasm_bindgen(js_name = blobsNeeded)]
    pub fn blobs_needed(&self) -> Result<Vec<String>, JsError> {
        blobs_needed(&self.snapshot).map_err(|e| JsError::new(&message_of(&e)))
    }

    /// Hands over one blob's bytes; refused when they do not have that SHA-256.
    #[wasm_bindgen(js_name = addBlob)]
    pub fn add_blob(&mut self, sha256: &str, bytes: Vec<u8>) -> Result<(), JsError> {
        self.assets
            .insert_blob(sha256, bytes)
            .map_err(|e| JsError::new(&message_of(&e)))
    }

    /// Compiles for `target` (`nextjs` or `static`).
    pub fn compile(&self, target: &str) -> Result<CompiledExport, JsError> {
        let target = Target::parse(target).ok_or_else(|| {
            JsError::new(&format!(
                "unknown export target {target:?} (nextjs or static)"
            ))
        })?;
        let export = compile(&self.snapshot, &self.assets, target)
            .map_err(|e| JsError::new(&message_of(&e)))?;
        Ok(CompiledExport { export })
    }
}

/// The compiler's message, with advice that fits the editor: a file by site path (`assets/…`)
/// is something only the command line's assets folder holds; a library asset's missing file is
/// one this browser's blob store lacks.
fn message_of(error: &CompileError) -> String {
    match error {
        CompileError::MissingAsset { element, path } => format!(
            "element {element} shows the image {path:?}, a file this browser does not hold: \
             use a full https:// address or an asset of the Assets panel for the image, or export \
             from the command line (omnios export --assets)"
        ),
        CompileError::MissingBlob {
            element,
            asset,
            name,
        } => format!(
            "element {element} shows the asset {name:?} ({asset}), whose file this browser does \
             not hold: add the file again in the Assets panel, or restore a backup that has it"
        ),
        other => other.to_string(),
    }
}
