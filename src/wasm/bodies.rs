//! The JSON API's request bodies at the JavaScript boundary: the edge passes a body's text and
//! gets the typed body, or an `AssentError` (see [`crate::api::bodies`]).

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use super::interop::from_json;
use crate::api::bodies;

/// The body of `POST /v1/consent`, read from its JSON text: `{locale, choices, method?, subject?,
/// previous?}`. An `AssentError` (`request.malformed_json`, `request.invalid`,
/// `schema.unknown_variant`) naming the member that is wrong otherwise.
#[wasm_bindgen(js_name = "consentBody", unchecked_return_type = "ConsentBody")]
pub fn consent_body(text: &str) -> Result<JsValue, JsValue> {
    from_json(bodies::consent_body_json(text))
}

/// The body of `POST /v1/consent/withdraw`, read from its JSON text: `{purposes, locale?,
/// method?, subject?, previous?}`; an `AssentError` as [`consent_body`]'s otherwise.
#[wasm_bindgen(js_name = "withdrawBody", unchecked_return_type = "WithdrawBody")]
pub fn withdraw_body(text: &str) -> Result<JsValue, JsValue> {
    from_json(bodies::withdraw_body_json(text))
}

/// The body of `POST /v1/guardian/requests`, read from its JSON text: `{contact, locale?,
/// purposes?}`; an `AssentError` as [`consent_body`]'s otherwise.
#[wasm_bindgen(js_name = "guardianRequestBody", unchecked_return_type = "GuardianRequestBody")]
pub fn guardian_request_body(text: &str) -> Result<JsValue, JsValue> {
    from_json(bodies::guardian_request_body_json(text))
}
