//! The JavaScript boundary: the only module that sees `JsValue`.
//!
//! It converts and calls into the core (through [`crate::api`], whose JSON twins are tested
//! natively); it decides nothing itself. Inputs cross as JSON text (`JSON.stringify`, then the
//! crate's own reader, which knows the path of every problem). The engine's answers (the
//! decisions, purposes, texts, the policy document and the `AssentError`) are written by the
//! crate's own `ToJson` and packed into one text and one array of numbers that
//! `pkg-config/unpack.js` reads in one call: measured fastest for the per-request calls (see
//! [`interop::to_js`] for the figures), and one writer in the module for all of them. The
//! banner's and receipts' answers cross as JSON text and `JSON.parse`.

#[cfg(feature = "adtech")]
mod adtech;
#[cfg(feature = "banner")]
mod banner;
#[cfg(feature = "sign")]
mod bodies;
#[cfg(feature = "compiled")]
mod compiled;
#[cfg(any(feature = "authoring", feature = "sign"))]
mod guardian;
mod interop;
#[cfg(feature = "sign")]
mod jurisdiction;
#[cfg(any(feature = "authoring", feature = "sign"))]
mod policy;
#[cfg(feature = "receipts")]
mod receipts;
// A page's Ed25519: its WebCrypto, or the fallback module (the receipts module without `ed25519`).
#[cfg(all(feature = "receipts", not(feature = "ed25519")))]
mod signatures;
#[cfg(feature = "sign")]
mod tcf;
mod types;
// The engine's answers for one visitor: in every bundle but the ad-tech module's and the
// receipts module's, which evaluate nothing (they write signals from the facts the banner hands
// them, and verify receipts).
#[cfg(any(feature = "compiled", feature = "authoring", feature = "sign"))]
mod visitor;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::prelude::*;
#[cfg(feature = "adtech")]
pub use adtech::WasmAdSignals;
#[cfg(feature = "banner")]
pub use banner::{start_banner, Banner};
#[cfg(feature = "sign")]
pub use bodies::{consent_body, guardian_request_body, withdraw_body};
#[cfg(all(feature = "compiled", feature = "authoring"))]
pub use compiled::compile_policy;
#[cfg(feature = "compiled")]
pub use compiled::{load_compiled, WasmCompiledPolicy};
#[cfg(feature = "sign")]
pub use guardian::{guardian_relationships, guardian_token_matches};
#[cfg(feature = "sign")]
pub use jurisdiction::visitor_jurisdiction;
#[cfg(any(feature = "authoring", feature = "sign"))]
pub use policy::{load_policy, WasmPolicy};
#[cfg(feature = "receipts")]
pub use receipts::*;
#[cfg(feature = "sign")]
pub use tcf::{decode_tc_string, encode_tc_string};
#[cfg(any(feature = "compiled", feature = "authoring", feature = "sign"))]
pub use visitor::WasmVisitorContext;

/// The version of the engine inside this Wasm module, so a page or worker can log and pin it.
#[wasm_bindgen(js_name = "engineVersion")]
pub fn engine_version() -> String {
    env!("CARGO_PKG_VERSION").into()
}

/// Whether a thrown value is an error from assent (an `Error` named `AssentError` with a code).
#[wasm_bindgen(js_name = "isAssentError", unchecked_return_type = "e is AssentError")]
pub fn is_assent_error(e: JsValue) -> bool {
    let name = js_sys::Reflect::get(&e, &JsValue::from_str("name"))
        .ok()
        .and_then(|v| v.as_string());
    let code = js_sys::Reflect::get(&e, &JsValue::from_str("code"))
        .ok()
        .and_then(|v| v.as_string());
    e.is_instance_of::<js_sys::Error>() && name.as_deref() == Some("AssentError") && code.is_some()
}
