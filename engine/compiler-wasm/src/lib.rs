//! WebAssembly bindings of `omnios-compiler`, a module of its own so the editor loads it only
//! when someone exports (web/src/export/compilerModule.ts imports it with a dynamic `import()`).
//! Each export converts its arguments, calls the compiler and converts the result or error.
//!
//! The project crosses as snapshot JSON (what the editor's engine writes with `toJSON`); the
//! files come back one by one as `Uint8Array`s, in path order, the manifest among them. Errors
//! are thrown as `Error` objects whose message is the compiler's, written for people.

use omnios_compiler::{compile, select_pages, Assets, CompileError, Export, Target};
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

/// Compiles a project (snapshot JSON) for `target` (`nextjs` or `static`). `pages` chooses
/// pages by id; absent, every page is exported. No assets are passed yet: the editor keeps none
/// of its own (images are URLs), so an image naming `assets/…` is refused with a message that
/// names the element and the asset.
#[wasm_bindgen(js_name = compileProject)]
pub fn compile_project(
    snapshot_json: &str,
    target: &str,
    pages: Option<Vec<String>>,
) -> Result<CompiledExport, JsError> {
    let target = Target::parse(target).ok_or_else(|| {
        JsError::new(&format!(
            "unknown export target {target:?} (nextjs or static)"
        ))
    })?;
    let snapshot = Snapshot::from_json(snapshot_json).map_err(|e| JsError::new(&e.to_string()))?;
    let snapshot = match pages {
        Some(ids) => select_pages(&snapshot, &ids).map_err(|e| JsError::new(&e.to_string()))?,
        None => snapshot,
    };
    let export =
        compile(&snapshot, &Assets::new(), target).map_err(|e| JsError::new(&message_of(&e)))?;
    Ok(CompiledExport { export })
}

/// The compiler's message, except for a missing asset: the command line's advice (pass the
/// assets folder) means nothing in the editor, which holds no asset files yet.
fn message_of(error: &CompileError) -> String {
    match error {
        CompileError::MissingAsset { element, path } => format!(
            "element {element} shows the image {path:?}, a file this browser does not hold: \
             use a full https:// address for the image, or export from the command line \
             (omnios export --assets)"
        ),
        other => other.to_string(),
    }
}
