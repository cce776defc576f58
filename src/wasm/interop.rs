//! Every conversion between JavaScript values and the core's JSON text, and the one way a Rust
//! error becomes a JavaScript error. Nothing here decides anything.
// The ad-tech module alone (`wasm,adtech`) and the receipts module alone (`wasm,receipts`) take
// only the error and JSON helpers.
#![cfg_attr(
    not(any(feature = "compiled", feature = "authoring", feature = "sign")),
    allow(dead_code, unused_imports)
)]

use crate::prelude::*;
use core::cell::Cell;

use js_sys::{Error, Reflect, JSON};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::api::ApiError;
use crate::eval::DecideOptions;
use crate::json::pack::Packed;
use crate::json::ToJson;
use crate::policy::Problem;

/// Builds the `AssentError` a caller sees: a real `Error` named `AssentError`, with `code`,
/// `path`, `line`, `column`, `hint` (`null` when there is none) and every `problems` entry,
/// packed and read by `assentError` in `unpack.js`.
pub fn js_error(e: &ApiError) -> JsValue {
    let packed = crate::json::pack::pack(e);
    assent_error(&packed.text, &packed.shape)
}

/// `N` random bytes from the runtime (getrandom's JavaScript backend), or the `AssentError` that
/// says it has none.
#[cfg(feature = "sign")]
pub fn random<const N: usize>() -> Result<[u8; N], JsValue> {
    let mut b = [0u8; N];
    getrandom::getrandom(&mut b).map_err(|e| {
        js_error(&ApiError::from(Problem::at(
            "internal.random",
            "$",
            format!("no random source: {e}"),
        )))
    })?;
    Ok(b)
}

/// A problem with the caller's input itself (not JSON, wrong type), as an `AssentError`.
pub fn input_error(code: &'static str, what: &str, message: String, hint: &str) -> JsValue {
    js_error(&ApiError::from(
        Problem::at(code, "$", format!("{what}: {message}")).hint(hint),
    ))
}

/// The JSON text of a value: a string is taken as JSON text already; anything else is
/// serialised with `JSON.stringify`. `undefined`, functions and symbols are refused.
pub fn json_text(v: &JsValue, what: &str) -> Result<String, JsValue> {
    if let Some(s) = v.as_string() {
        return Ok(s);
    }
    if v.is_undefined() || v.is_function() || v.is_symbol() {
        let got = v.js_typeof().as_string().unwrap_or_default();
        return Err(input_error(
            "input.missing",
            what,
            format!("expected an object or JSON text, got {got}"),
            "pass a plain object or its JSON text",
        ));
    }
    match JSON::stringify(v) {
        Ok(s) => s.as_string().ok_or_else(|| {
            input_error(
                "input.not_json",
                what,
                "it has no JSON form".into(),
                "pass a plain object or its JSON text",
            )
        }),
        Err(e) => {
            let why = e
                .dyn_ref::<Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_default();
            Err(input_error(
                "input.not_json",
                what,
                format!("it cannot be written as JSON ({why})"),
                "remove BigInt values and cycles",
            ))
        }
    }
}

/// An optional argument, when it was given: `undefined` and `null` are not.
#[cfg(any(feature = "authoring", feature = "receipts", feature = "banner"))]
pub fn given(v: &JsValue) -> Option<&JsValue> {
    (!v.is_undefined() && !v.is_null()).then_some(v)
}

/// A string argument, or an `AssentError` saying what was passed instead.
pub fn string_arg(v: &JsValue, what: &str) -> Result<String, JsValue> {
    v.as_string().ok_or_else(|| {
        let got = v.js_typeof().as_string().unwrap_or_default();
        input_error(
            "input.type",
            what,
            format!("expected a string, got {got}"),
            "pass a string",
        )
    })
}

/// The options of `evaluate` and `decide`: absent means the defaults; otherwise an object whose
/// `reasons`, when present, is a boolean.
pub fn decide_options(v: &Option<JsValue>) -> Result<DecideOptions, JsValue> {
    let mut options = DecideOptions::default();
    let Some(v) = v.as_ref().filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(options);
    };
    let bad = |message: String| {
        input_error(
            "input.type",
            "the options",
            message,
            "pass { reasons: false } or nothing",
        )
    };
    if !v.is_object() {
        return Err(bad(format!(
            "expected an object, got {}",
            v.js_typeof().as_string().unwrap_or_default()
        )));
    }
    let reasons = Reflect::get(v, &JsValue::from_str("reasons")).unwrap_or(JsValue::UNDEFINED);
    if !reasons.is_undefined() {
        options.reasons = reasons
            .as_bool()
            .ok_or_else(|| bad("`reasons` must be true or false".into()))?;
    }
    Ok(options)
}

#[wasm_bindgen(module = "/pkg-config/unpack.js")]
extern "C" {
    /// Builds the plain object of a packed answer (see [`crate::json::pack`]).
    #[wasm_bindgen(js_name = "unpack")]
    fn unpack(text: &str, shape: &[u32]) -> JsValue;

    /// The `AssentError` of a packed [`ApiError`].
    #[wasm_bindgen(js_name = "assentError")]
    fn assent_error(text: &str, shape: &[u32]) -> JsValue;
}

/// Turns a core answer into a plain JavaScript value, the one that `JSON.parse` of its JSON gives:
/// packed into one text and one array of numbers, which `unpack.js` reads in one call.
///
/// `evaluate` and `decide` are called per request: packed answers measured faster in Node than
/// answers built field by field or sent as JSON text (the commit that chose packing has the
/// figures).
///
/// `buffers` are the caller's, kept between its calls so that a small answer costs no allocation
/// (an object's own rather than one thread-local set).
pub fn to_js<T: ToJson>(answer: Result<T, ApiError>, buffers: &Cell<Packed>) -> Result<JsValue, JsValue> {
    let value = answer.map_err(|e| js_error(&e))?;
    // Taken out while in use, so that a re-entrant call (none is expected) gets fresh buffers. A
    // `Cell` rather than a `RefCell`: there is no borrow to check, so no panic path either.
    let mut packed = buffers.take();
    packed.pack(&value);
    Ok(unpacked(packed, buffers))
}

/// The answer packed in `packed`, as a JavaScript value; the buffers go back to `buffers`.
fn unpacked(packed: Packed, buffers: &Cell<Packed>) -> JsValue {
    let answer = unpack(&packed.text, &packed.shape);
    buffers.set(packed);
    answer
}

/// Turns the core's JSON answer into a plain JavaScript value (the receipts' and the guardian
/// flow's answers, the ad-tech module's; the browser entry packs all of its own).
#[cfg(any(feature = "authoring", feature = "receipts", feature = "banner", feature = "adtech"))]
pub fn from_json(text: Result<String, ApiError>) -> Result<JsValue, JsValue> {
    parse_json(&text.map_err(|e| js_error(&e))?)
}

/// JSON text that the engine made or accepted, as a plain JavaScript value.
pub fn parse_json(text: &str) -> Result<JsValue, JsValue> {
    JSON::parse(text).map_err(|_| {
        js_error(&ApiError::from(Problem::at(
            "internal.json",
            "$",
            "the engine produced invalid JSON",
        )))
    })
}

/// A value of the core, as JSON text and then a plain JavaScript value (the banner's answers
/// and the ad-tech module's, made a few times per page).
#[cfg(any(feature = "banner", feature = "adtech"))]
pub fn json_to_js<T: serde::Serialize>(v: &T) -> Result<JsValue, JsValue> {
    from_json(crate::api::to_json(v))
}
