//! WebAssembly bindings of `omnios-media`, loaded by the editor's media worker
//! (`web/src/assets/mediaWorker.ts`) only when a designer adds a file. Each export converts its
//! arguments, calls the crate and converts the result or error.
//!
//! Metadata crosses as JSON text (the crate's serde forms, camelCase); encoded pictures cross
//! as `Uint8Array`s. Errors are thrown as `Error` objects whose message is the designer-facing
//! text and whose `code` is `MediaError::code`.

use js_sys::{Array, Object, Reflect, Uint8Array};
use omnios_media::{MediaError, OptimiseOptions};
use wasm_bindgen::prelude::*;

/// `inspect(bytes, name)` as `AssetInfo` JSON.
#[wasm_bindgen]
pub fn inspect(bytes: &[u8], name: &str) -> Result<String, JsValue> {
    let info = omnios_media::inspect(bytes, name).map_err(to_js_error)?;
    to_json(&info)
}

/// `sanitise_svg(bytes)` as `SanitisedSvg` JSON.
#[wasm_bindgen(js_name = sanitiseSvg)]
pub fn sanitise_svg(bytes: &[u8]) -> Result<String, JsValue> {
    let svg = omnios_media::sanitise_svg(bytes).map_err(to_js_error)?;
    to_json(&svg)
}

/// `optimise_image` with the given WebP quality (0–100) and widths. Returns
/// `{ meta, variants, placeholder }`: `meta` is the `Optimised` JSON without the bytes,
/// `variants` the WebP bytes in the order of `meta.variants`, `placeholder` its bytes.
#[wasm_bindgen(js_name = optimiseImage)]
pub fn optimise_image(
    bytes: &[u8],
    name: &str,
    quality: u8,
    widths: Vec<u32>,
) -> Result<Object, JsValue> {
    let options = OptimiseOptions {
        widths,
        quality,
        ..OptimiseOptions::default()
    };
    let optimised = omnios_media::optimise_image(bytes, name, &options).map_err(to_js_error)?;
    let variants: Array = optimised
        .variants
        .iter()
        .map(|variant| Uint8Array::from(variant.bytes.as_slice()))
        .collect();
    let result = Object::new();
    Reflect::set(&result, &"meta".into(), &to_json(&optimised)?.into())?;
    Reflect::set(&result, &"variants".into(), &variants)?;
    let placeholder = Uint8Array::from(optimised.placeholder.bytes.as_slice());
    Reflect::set(&result, &"placeholder".into(), &placeholder)?;
    Ok(result)
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, JsValue> {
    serde_json::to_string(value)
        .map_err(|error| JsValue::from(js_sys::Error::new(&error.to_string())))
}

fn to_js_error(error: MediaError) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    js.set_name("MediaError");
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(&js, &"code".into(), &error.code().into());
    js.into()
}
