//! WebAssembly bindings for `omnios-engine`. Each export converts its arguments, calls the
//! engine and converts the result or error; domain logic belongs in the engine.
//!
//! Commands, deltas, queries and snapshots cross as JSON text (the engine's serde forms; see
//! `command.rs` and `engine.rs` in omnios-engine); document updates cross as `Uint8Array`s.
//! Errors are thrown as `Error` objects with a `code` (the engine's stable error code) and
//! `details` (the error's fields as JSON).

use omnios_engine::backup::{read_backup, AssetFile, BackupError};
use omnios_engine::layout::{BoxRect, SnapRequest, TextMeasurer, TextRequest};
use omnios_engine::{
    Breakpoint, Clock, ElementId, EngineError, EngineOptions, PageId, Query, Snapshot,
};
use std::collections::BTreeMap;
use std::sync::Arc;
use wasm_bindgen::prelude::*;

mod collab;

/// The engine's version string, read from the Rust crate.
#[wasm_bindgen]
pub fn version() -> String {
    format!("omnios-engine {}", omnios_engine::VERSION)
}

/// The stable error codes the engine can throw, for the host's union type.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Vec<String> {
    EngineError::CODES.iter().map(|c| c.to_string()).collect()
}

// The one generator of the 10,000-element benchmark page, shared with the native benches:
// only in a build with the `bench-page` feature, never in the editor's.
#[cfg(feature = "bench-page")]
#[allow(dead_code)]
#[path = "../../../tests/fixtures/benchmark_page.rs"]
mod benchmark_page;

/// The 10,000-element benchmark page as snapshot JSON (`flexOnly`: block boxes as flex
/// columns, for layout engines without block layout).
#[cfg(feature = "bench-page")]
#[wasm_bindgen(js_name = benchmarkPage)]
pub fn benchmark_page(flex_only: bool) -> String {
    let elements = benchmark_page::elements();
    let elements = if flex_only {
        benchmark_page::flex_only(elements)
    } else {
        elements
    };
    benchmark_page::snapshot(elements).to_json()
}

struct BrowserClock;

impl Clock for BrowserClock {
    fn now_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }
}

/// Measures text with a host function `(requestJson, maxWidth | undefined) => [width, height]`.
struct JsMeasurer(js_sys::Function);

impl TextMeasurer for JsMeasurer {
    fn measure(&mut self, request: &TextRequest, max_width: Option<f32>) -> (f32, f32) {
        let width = max_width.map_or(JsValue::UNDEFINED, |w| JsValue::from_f64(w as f64));
        let answer = self
            .0
            .call2(&JsValue::NULL, &json(request).into(), &width)
            .unwrap_or(JsValue::NULL);
        let pair = js_sys::Array::from(&answer);
        let get = |i: u32| {
            pair.get(i)
                .as_f64()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .unwrap_or(0.0) as f32
        };
        (get(0), get(1))
    }
}

fn bad_input(field: &str, reason: String) -> JsValue {
    to_js(EngineError::InvalidValue {
        element: None,
        field: field.into(),
        reason,
    })
}

fn to_js(err: EngineError) -> JsValue {
    let js = js_sys::Error::new(&err.to_string());
    js.set_name("EngineError");
    let details = serde_json::to_string(&err).unwrap_or_default();
    let _ = js_sys::Reflect::set(&js, &"code".into(), &err.code().into());
    let _ = js_sys::Reflect::set(&js, &"details".into(), &details.into());
    js.into()
}

fn backup_to_js(err: BackupError) -> JsValue {
    let js = js_sys::Error::new(&err.to_string());
    js.set_name("BackupError");
    let _ = js_sys::Reflect::set(&js, &"code".into(), &err.code().into());
    js.into()
}

/// Verifies an `.omnios` backup and describes it as JSON `{manifest, assets: [{path, size}]}`;
/// throws a `BackupError` (with `code`) saying what is wrong otherwise.
#[wasm_bindgen(js_name = verifyBackup)]
pub fn verify_backup(bytes: &[u8]) -> Result<String, JsValue> {
    let backup = read_backup(bytes).map_err(backup_to_js)?;
    let assets: Vec<serde_json::Value> = backup
        .assets
        .iter()
        .map(|a| serde_json::json!({"path": a.path, "size": a.bytes.len()}))
        .collect();
    Ok(json(
        &serde_json::json!({"manifest": backup.manifest, "assets": assets}),
    ))
}

/// The SHA-256 of every blob a saved version (Yjs v1 update) needs, as a JSON list: what the
/// version store must keep while it keeps the version.
#[wasm_bindgen(js_name = blobsInVersion)]
pub fn blobs_in_version(update: &[u8]) -> Result<String, JsValue> {
    Ok(json(
        &omnios_engine::blobs_in_version(update).map_err(to_js)?,
    ))
}

/// One asset's bytes from a verified backup.
#[wasm_bindgen(js_name = backupAsset)]
pub fn backup_asset(bytes: &[u8], path: &str) -> Result<Option<Vec<u8>>, JsValue> {
    let backup = read_backup(bytes).map_err(backup_to_js)?;
    Ok(backup
        .assets
        .into_iter()
        .find(|a| a.path == path)
        .map(|a| a.bytes))
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The engine as JavaScript sees it.
#[wasm_bindgen]
pub struct Engine {
    inner: omnios_engine::Engine,
    on_local_update: Option<js_sys::Function>,
    subscriptions: BTreeMap<u32, js_sys::Function>,
    /// The live-collaboration connection's protocol state (`collab.rs`), made on first use.
    peer: Option<omnios_engine::collab::Peer>,
}

#[wasm_bindgen]
impl Engine {
    /// An engine with an empty document. `clientId` must be unique per peer session
    /// (a random integer below 2^53).
    #[wasm_bindgen(constructor)]
    pub fn new(client_id: f64) -> Engine {
        let options = EngineOptions::new(client_id as u64, Arc::new(BrowserClock));
        Engine {
            inner: omnios_engine::Engine::new(options),
            on_local_update: None,
            subscriptions: BTreeMap::new(),
            peer: None,
        }
    }

    /// An engine holding a JSON snapshot (`*.omnios.json`).
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(client_id: f64, json: &str) -> Result<Engine, JsValue> {
        let snapshot = Snapshot::from_json(json).map_err(to_js)?;
        let options = EngineOptions::new(client_id as u64, Arc::new(BrowserClock));
        let inner = omnios_engine::Engine::from_snapshot(options, &snapshot).map_err(to_js)?;
        Ok(Engine {
            inner,
            on_local_update: None,
            subscriptions: BTreeMap::new(),
            peer: None,
        })
    }

    /// An engine holding a whole saved document (Yjs v1 update bytes): the fast way to open.
    #[wasm_bindgen(js_name = fromUpdate)]
    pub fn from_update(client_id: f64, update: &[u8]) -> Result<Engine, JsValue> {
        let options = EngineOptions::new(client_id as u64, Arc::new(BrowserClock));
        let mut inner = omnios_engine::Engine::new(options);
        inner.load(update).map_err(to_js)?;
        inner.clear_history();
        let _ = inner.take_local_updates();
        Ok(Engine {
            inner,
            on_local_update: None,
            subscriptions: BTreeMap::new(),
            peer: None,
        })
    }

    /// An engine holding a verified `.omnios` backup's document (throws `BackupError`).
    #[wasm_bindgen(js_name = fromBackup)]
    pub fn from_backup(client_id: f64, bytes: &[u8]) -> Result<Engine, JsValue> {
        let backup = read_backup(bytes).map_err(backup_to_js)?;
        let options = EngineOptions::new(client_id as u64, Arc::new(BrowserClock));
        let inner = omnios_engine::Engine::from_backup(options, &backup).map_err(backup_to_js)?;
        Ok(Engine {
            inner,
            on_local_update: None,
            subscriptions: BTreeMap::new(),
            peer: None,
        })
    }

    /// The project as an `.omnios` backup; `assets` is an array of `{path, bytes: Uint8Array}`
    /// holding every blob of `referencedBlobs()` at its SHA-256 (throws `BackupError`
    /// `missing_asset` otherwise).
    #[wasm_bindgen(js_name = writeBackup)]
    pub fn write_backup(
        &self,
        name: &str,
        created_at: f64,
        assets: js_sys::Array,
    ) -> Result<Vec<u8>, JsValue> {
        let mut list = Vec::new();
        for item in assets.iter() {
            let path = js_sys::Reflect::get(&item, &"path".into())?
                .as_string()
                .unwrap_or_default();
            let bytes =
                js_sys::Uint8Array::new(&js_sys::Reflect::get(&item, &"bytes".into())?).to_vec();
            list.push(AssetFile { path, bytes });
        }
        self.inner
            .write_backup(name, created_at as u64, &list)
            .map_err(backup_to_js)
    }

    /// The engine's version.
    pub fn version(&self) -> String {
        version()
    }

    fn flush_updates(&mut self) {
        let updates = self.inner.take_local_updates();
        if let Some(callback) = &self.on_local_update {
            for update in updates {
                let bytes = js_sys::Uint8Array::from(update.as_slice());
                let _ = callback.call1(&JsValue::NULL, &bytes);
            }
        }
    }

    /// Applies one command (JSON). Returns what it created, as JSON.
    pub fn commit(&mut self, command: &str) -> Result<String, JsValue> {
        let applied = self.inner.commit_json(command).map_err(to_js)?;
        self.flush_updates();
        Ok(json(&applied))
    }

    /// Applies a JSON array of commands as one transaction and one undo step.
    #[wasm_bindgen(js_name = commitBatch)]
    pub fn commit_batch(&mut self, commands: &str) -> Result<String, JsValue> {
        let applied = self.inner.commit_batch_json(commands).map_err(to_js)?;
        self.flush_updates();
        Ok(json(&applied))
    }

    /// Applies one comment command (JSON, `CommentCommand`) as the local user: not an undo
    /// step. Returns what it created (`CommentApplied`), as JSON.
    pub fn comment(&mut self, command: &str) -> Result<String, JsValue> {
        let applied = self.inner.comment_json(command).map_err(to_js)?;
        self.flush_updates();
        Ok(json(&applied))
    }

    /// Every comment thread with its messages (`Thread[]`), as JSON.
    pub fn comments(&self) -> String {
        json(&self.inner.comments())
    }

    /// Sets who writes comments from this engine: a user id (an account's, or this browser's)
    /// and the name shown beside their comments.
    #[wasm_bindgen(js_name = setLocalUser)]
    pub fn set_local_user(&mut self, id: &str, name: &str) -> Result<(), JsValue> {
        self.inner
            .set_local_user(omnios_engine::Author {
                id: omnios_engine::UserId(id.to_owned()),
                name: name.to_owned(),
            })
            .map_err(to_js)
    }

    /// What changed since the last call, as JSON; also calls subscription callbacks.
    #[wasm_bindgen(js_name = takeDeltas)]
    pub fn take_deltas(&mut self) -> String {
        let deltas = self.inner.take_deltas();
        for event in self.inner.take_subscription_events() {
            if let Some(callback) = self.subscriptions.get(&event.subscription) {
                let _ = callback.call1(&JsValue::NULL, &json(&event).into());
            }
        }
        json(&deltas)
    }

    /// Everything, as deltas (JSON): for a host that just attached.
    #[wasm_bindgen(js_name = fullDeltas)]
    pub fn full_deltas(&self) -> String {
        json(&self.inner.full_deltas())
    }

    /// Undoes this user's last step: `true` when it changed the document, `false` when there
    /// was none. Throws `undo_overwritten` when collaborators had since overwritten everything
    /// the step wrote: nothing changed and the step is dropped, so the next undo never reaches
    /// past it unseen.
    pub fn undo(&mut self) -> Result<bool, JsValue> {
        let result = self.inner.try_undo();
        self.flush_updates();
        result.map_err(to_js)
    }

    /// Redoes the last undone step; throws `undo_overwritten` as [`Engine::undo`] does.
    pub fn redo(&mut self) -> Result<bool, JsValue> {
        let result = self.inner.try_redo();
        self.flush_updates();
        result.map_err(to_js)
    }

    /// Whether there is a step to undo.
    #[wasm_bindgen(js_name = canUndo)]
    pub fn can_undo(&self) -> bool {
        self.inner.can_undo()
    }

    /// Whether there is a step to redo.
    #[wasm_bindgen(js_name = canRedo)]
    pub fn can_redo(&self) -> bool {
        self.inner.can_redo()
    }

    /// Forgets undo history.
    #[wasm_bindgen(js_name = clearHistory)]
    pub fn clear_history(&mut self) {
        self.inner.clear_history();
    }

    /// Starts a gesture: commands are previewed until `endGesture`.
    #[wasm_bindgen(js_name = beginGesture)]
    pub fn begin_gesture(&mut self) {
        self.inner.begin_gesture();
    }

    /// Writes the gesture once, as one undo step.
    #[wasm_bindgen(js_name = endGesture)]
    pub fn end_gesture(&mut self) -> Result<String, JsValue> {
        let applied = self.inner.end_gesture().map_err(to_js)?;
        self.flush_updates();
        Ok(json(&applied))
    }

    /// Drops the gesture.
    #[wasm_bindgen(js_name = cancelGesture)]
    pub fn cancel_gesture(&mut self) {
        self.inner.cancel_gesture();
    }

    /// Runs a query (JSON); returns `{total, elements}` as JSON.
    pub fn query(&self, query: &str) -> Result<String, JsValue> {
        let query = Query::from_json(query).map_err(to_js)?;
        Ok(json(&self.inner.query(&query)))
    }

    /// The default-state styles in force on an element at a breakpoint, each with the
    /// breakpoint that set it: `{property: {value, from}}` as JSON.
    #[wasm_bindgen(js_name = cascadedStyles)]
    pub fn cascaded_styles(&self, id: &str, breakpoint: &str) -> Result<String, JsValue> {
        let bp: Breakpoint = serde_json::from_value(serde_json::Value::String(
            breakpoint.to_owned(),
        ))
        .map_err(|_| bad_input("breakpoint", format!("unknown breakpoint {breakpoint:?}")))?;
        let id = ElementId::parse(id).map_err(to_js)?;
        Ok(json(&self.inner.cascaded_styles(&id, bp).map_err(to_js)?))
    }

    /// The asset library as JSON `AssetDelta[]` (each asset with the elements using it),
    /// sorted by name.
    pub fn assets(&self) -> String {
        json(&self.inner.assets())
    }

    /// Usage of every asset as JSON `AssetUsage[]`, including assets elements name but the
    /// library lacks (`missing: true`).
    #[wasm_bindgen(js_name = assetUsage)]
    pub fn asset_usage(&self) -> String {
        json(&self.inner.asset_usage())
    }

    /// The SHA-256 of every blob the library needs, as a JSON list: what a backup carries.
    #[wasm_bindgen(js_name = referencedBlobs)]
    pub fn referenced_blobs(&self) -> String {
        json(&self.inner.referenced_blobs())
    }

    /// Page ids in the order the page list shows them, as a JSON list.
    #[wasm_bindgen(js_name = pageOrder)]
    pub fn page_order(&self) -> String {
        json(&self.inner.page_order())
    }

    /// Subscribes to a query; `callback` receives each event's JSON during `takeDeltas`.
    /// Returns the subscription id.
    pub fn subscribe(&mut self, query: &str, callback: js_sys::Function) -> Result<u32, JsValue> {
        let query = Query::from_json(query).map_err(to_js)?;
        let (id, _) = self.inner.subscribe(query);
        self.subscriptions.insert(id, callback);
        Ok(id)
    }

    /// Ends a subscription.
    pub fn unsubscribe(&mut self, id: u32) -> Result<(), JsValue> {
        self.subscriptions.remove(&id);
        self.inner.unsubscribe(id).map_err(to_js)
    }

    /// This document's state vector (Yjs v1).
    #[wasm_bindgen(js_name = encodeStateVector)]
    pub fn encode_state_vector(&self) -> Vec<u8> {
        self.inner.encode_state_vector()
    }

    /// What a peer with `stateVector` lacks, as a Yjs v1 update (empty: the whole document).
    #[wasm_bindgen(js_name = encodeStateAsUpdate)]
    pub fn encode_state_as_update(&self, state_vector: &[u8]) -> Result<Vec<u8>, JsValue> {
        self.inner
            .encode_state_as_update(state_vector)
            .map_err(to_js)
    }

    /// Applies a peer's update (Yjs v1).
    #[wasm_bindgen(js_name = applyUpdate)]
    pub fn apply_update(&mut self, update: &[u8]) -> Result<(), JsValue> {
        self.inner.apply_update(update).map_err(to_js)
    }

    /// Loads what the project saved itself: its document and the updates stored after it
    /// (`Uint8Array[]`, in order); values refused since they were saved are left out. Returns
    /// them as JSON (`Dropped[]`).
    #[wasm_bindgen(js_name = loadSaved)]
    pub fn load_saved(&mut self, pieces: js_sys::Array) -> Result<String, JsValue> {
        let pieces: Vec<Vec<u8>> = pieces
            .iter()
            .map(|piece| js_sys::Uint8Array::new(&piece).to_vec())
            .collect();
        let slices: Vec<&[u8]> = pieces.iter().map(Vec::as_slice).collect();
        let dropped = self.inner.load_saved(&slices).map_err(to_js)?;
        serde_json::to_string(&dropped).map_err(|e| JsValue::from_str(&e.to_string()))
    }

    /// Restores a saved version (a whole document as a Yjs v1 update) as one undo step.
    pub fn restore(&mut self, update: &[u8]) -> Result<(), JsValue> {
        self.inner.restore(update).map_err(to_js)?;
        self.flush_updates();
        Ok(())
    }

    /// Registers the callback that receives each local update (`Uint8Array`) for the peers.
    #[wasm_bindgen(js_name = onLocalUpdate)]
    pub fn on_local_update(&mut self, callback: js_sys::Function) {
        self.on_local_update = Some(callback);
    }

    /// The whole project as snapshot JSON.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> String {
        self.inner.to_snapshot().to_json()
    }

    /// Number of elements.
    #[wasm_bindgen(js_name = elementCount)]
    pub fn element_count(&self) -> usize {
        self.inner.state().elements.len()
    }

    /// Lays out the active page (incrementally); returns `{boxes: {id: {x, y, width, height}},
    /// removed: [id]}` as JSON: the boxes that changed since the last call.
    pub fn layout(&mut self) -> String {
        json(&self.inner.layout())
    }

    /// All current boxes of the active page as JSON `{id: {x, y, width, height}}`.
    #[wasm_bindgen(js_name = allBoxes)]
    pub fn all_boxes(&mut self) -> String {
        json(&self.inner.all_boxes())
    }

    /// Lays out `pageId` (empty: the first page) from now on.
    #[wasm_bindgen(js_name = setLayoutPage)]
    pub fn set_layout_page(&mut self, page_id: &str) {
        let page = (!page_id.is_empty()).then(|| PageId(page_id.to_owned()));
        self.inner.set_layout_page(page);
    }

    /// Sets the breakpoint laid out (`base`, `tablet`, `mobile`) and the frame height.
    #[wasm_bindgen(js_name = setBreakpoint)]
    pub fn set_breakpoint(&mut self, breakpoint: &str, frame_height: f64) -> Result<(), JsValue> {
        let bp: Breakpoint = serde_json::from_value(serde_json::Value::String(
            breakpoint.to_owned(),
        ))
        .map_err(|_| bad_input("breakpoint", format!("unknown breakpoint {breakpoint:?}")))?;
        self.inner.set_breakpoint(bp, frame_height as f32);
        Ok(())
    }

    /// Sets the text measurer: `(requestJson, maxWidth | undefined) => [width, height]`.
    #[wasm_bindgen(js_name = setTextMeasurer)]
    pub fn set_text_measurer(&mut self, measure: js_sys::Function) {
        self.inner.set_text_measurer(Box::new(JsMeasurer(measure)));
    }

    /// The topmost selectable element at a page point, or undefined.
    #[wasm_bindgen(js_name = hitTest)]
    pub fn hit_test(&mut self, x: f32, y: f32) -> Option<String> {
        self.inner.hit_test(x, y).map(|id| id.0)
    }

    /// Selectable elements inside a page rectangle (outermost only), as a JSON id list.
    pub fn marquee(&mut self, x: f32, y: f32, width: f32, height: f32) -> String {
        json(&self.inner.marquee(BoxRect {
            x,
            y,
            width,
            height,
        }))
    }

    /// Where a flow element dropped at a page point would land: `excluding` is a JSON id list
    /// (the elements being moved), `inside` turns the edge zones off (Alt held); returns
    /// `{parent, index, rect}` as JSON, or undefined.
    #[wasm_bindgen(js_name = dropTarget)]
    pub fn drop_target(
        &mut self,
        x: f32,
        y: f32,
        excluding: &str,
        inside: bool,
    ) -> Result<Option<String>, JsValue> {
        let excluding: Vec<ElementId> =
            serde_json::from_str(excluding).map_err(|e| bad_input("excluding", e.to_string()))?;
        Ok(self
            .inner
            .drop_target(x, y, &excluding, inside)
            .map(|t| json(&t)))
    }

    /// Snaps a box: `request` is `{id?, rect: {x, y, width, height}, resize?: {left, right, top,
    /// bottom}, zoom, threshold}` (JSON); returns `{rect, dx, dy, guides}` as JSON.
    pub fn snap(&mut self, request: &str) -> Result<String, JsValue> {
        let request: SnapRequest =
            serde_json::from_str(request).map_err(|e| bad_input("snap", e.to_string()))?;
        Ok(json(&self.inner.snap(&request)))
    }
}
