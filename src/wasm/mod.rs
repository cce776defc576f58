//! The JavaScript boundary: the only module that sees `JsValue`.
//!
//! It converts and calls into the core; it decides nothing itself.

use wasm_bindgen::prelude::wasm_bindgen;

/// The version of the engine inside this Wasm module, so a page or worker can log and pin it.
#[wasm_bindgen(js_name = "engineVersion")]
pub fn engine_version() -> String {
    env!("CARGO_PKG_VERSION").into()
}
