//! The IAB TC string codec at the boundary (the node/workerd bundle only; pages never load it):
//! `encodeTcString(choice)` and `decodeTcString(text)`, for servers that read or write TC
//! strings, and for the benchmark beside @iabtcf/core (benches/js/tcf-bench.mjs).

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use super::interop::{from_json, js_error, json_text};
use crate::api::{to_json, ApiError};
use crate::policy::Problem;
use crate::signals::TcfChoice;

/// The TC string for `choice` (every field of the core and vendor segments, publisher
/// restrictions, the disclosed vendors and the publisher's purposes). Throws an `AssentError`
/// naming the field that cannot be written.
#[wasm_bindgen(js_name = "encodeTcString")]
pub fn encode_tc_string(
    #[wasm_bindgen(unchecked_param_type = "TcfChoice")] choice: JsValue,
) -> Result<String, JsValue> {
    let text = json_text(&choice, "the choice")?;
    let choice: TcfChoice = crate::policy::parse_json(&text).map_err(|p| {
        js_error(&ApiError::from(
            Problem {
                code: "tcf.invalid_choice",
                ..p
            }
            .hint("see TcfChoice in the package's types"),
        ))
    })?;
    choice.encode().map_err(|e| js_error(&ApiError::from(Problem::from(e))))
}

/// What a TC string says. Throws an `AssentError` naming the segment and field that cannot
/// be read.
#[wasm_bindgen(js_name = "decodeTcString", unchecked_return_type = "TcfChoice")]
pub fn decode_tc_string(text: &str) -> Result<JsValue, JsValue> {
    from_json(
        TcfChoice::decode(text)
            .map_err(|e| ApiError::from(Problem::from(e)))
            .and_then(|c| to_json(&c)),
    )
}
