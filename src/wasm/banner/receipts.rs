//! The visitor's stored receipts, verified by the receipts module (`assent_receipts`), which the
//! banner entry imports only when there is a receipt to verify: a first visit downloads nothing
//! for it. Every rule of verification (the token, the key, the payload's canonical form, expiry,
//! the policy's hash, the subject, which receipts to keep) is the core's, run in that module
//! ([`crate::banner::session::verify_stored`]); this only carries JSON text there and back.

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::banner::session::VerifiedStore;
use crate::compiled::SourcePolicy;
use crate::prelude::*;
use crate::time::Timestamp;

/// Starts importing the receipts module through `import` (`options.receipts`, the banner
/// entry's dynamic import): a promise of the module.
pub fn import(import: Option<&Function>) -> Result<js_sys::Promise, JsValue> {
    let import = import.ok_or_else(|| {
        super::fail(
            "banner.receipts_missing",
            "the visitor has stored receipts, and the banner was started without its receipts module".into(),
            "start the banner through the package's `assent/banner` entry, which loads it",
        )
    })?;
    Ok(js_sys::Promise::resolve(&import.call0(&JsValue::NULL)?))
}

/// Verifies the stored `receipts` with the receipts module (`module`, from [`import`]): with the
/// site's published keys (`jwks`, JSON) at `now`, as the visitor's (`subject`, when known),
/// against the policy the banner shows. An error means nothing could be verified (no module, or
/// input it refused): nothing is trusted then.
pub async fn verify(
    module: js_sys::Promise,
    receipts: &[String],
    jwks: &str,
    now: Timestamp,
    subject: Option<&str>,
    policy: &SourcePolicy,
) -> Result<VerifiedStore, JsValue> {
    let module = JsFuture::from(module).await?;
    let verify_stored = Reflect::get(&module, &JsValue::from_str("verifyStored"))?.dyn_into::<Function>()?;
    let receipts = crate::api::to_json(&receipts).map_err(super::api)?;
    let policy = crate::api::to_json(policy).map_err(super::api)?;
    let args = js_sys::Array::of5(
        &JsValue::from_str(&receipts),
        &JsValue::from_str(jwks),
        &JsValue::from_str(&now.to_string()),
        &subject.map_or(JsValue::UNDEFINED, JsValue::from_str),
        &JsValue::from_str(&policy),
    );
    let answer = JsFuture::from(
        verify_stored
            .apply(&JsValue::NULL, &args)?
            .dyn_into::<js_sys::Promise>()?,
    )
    .await?;
    let text = answer.as_string().unwrap_or_default();
    crate::policy::read_json(&text).map_err(super::problem)
}
