//! What the edge knows of a visitor, at the JavaScript boundary: conversions only.

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use super::interop::{from_json, json_text};

/// The jurisdiction a visitor is in (`{country?, region?, asked?, fallback?, local?}`): the
/// runtime's country and subdivision, else (only where the runtime gives none, or in a `local`
/// run) what the request says, else the site's default. An `AssentError` for a default that is
/// not a place.
#[wasm_bindgen(js_name = "visitorJurisdiction")]
pub fn visitor_jurisdiction(
    #[wasm_bindgen(
        unchecked_param_type = "{ country?: string | null; region?: string | null; asked?: string | null; fallback?: string | null; local?: boolean }"
    )]
    whereabouts: JsValue,
) -> Result<JsValue, JsValue> {
    from_json(crate::api::visitor::jurisdiction_json(&json_text(
        &whereabouts,
        "where the visitor is",
    )?))
}
