//! `loadPolicy` and the `Policy` class.

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use super::interop::{from_json, js_error, json_text, string_arg};
use crate::api::LoadedPolicy;

/// A loaded and validated policy.
#[wasm_bindgen(js_name = "Policy")]
pub struct WasmPolicy {
    inner: LoadedPolicy,
}

/// Loads and validates a policy from JSON text or a plain object. Throws an `AssentError` that
/// lists every problem (code, path, line, column, message, hint) when it is not valid.
#[wasm_bindgen(js_name = "loadPolicy")]
pub fn load_policy(
    #[wasm_bindgen(unchecked_param_type = "string | PolicyDocument")] input: JsValue,
) -> Result<WasmPolicy, JsValue> {
    let text = json_text(&input, "the policy")?;
    LoadedPolicy::load(&text)
        .map(|inner| WasmPolicy { inner })
        .map_err(|e| js_error(&e))
}

#[wasm_bindgen(js_class = "Policy")]
impl WasmPolicy {
    /// The policy's id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id()
    }

    /// The policy's version (`MAJOR.MINOR.PATCH`).
    #[wasm_bindgen(getter)]
    pub fn version(&self) -> String {
        self.inner.version()
    }

    /// Decides every purpose for one visitor.
    #[wasm_bindgen(unchecked_return_type = "Evaluation")]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Context | string")] context: JsValue,
    ) -> Result<JsValue, JsValue> {
        let ctx = json_text(&context, "the context")?;
        from_json(self.inner.evaluate_json(&ctx))
    }

    /// Decides one purpose for one visitor.
    #[wasm_bindgen(unchecked_return_type = "PurposeDecision")]
    pub fn decide(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] purpose: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Context | string")] context: JsValue,
    ) -> Result<JsValue, JsValue> {
        let purpose = string_arg(&purpose, "the purpose id")?;
        let ctx = json_text(&context, "the context")?;
        from_json(self.inner.decide_json(&purpose, &ctx))
    }

    /// The purposes as the policy states them.
    #[wasm_bindgen(unchecked_return_type = "Purpose[]")]
    pub fn purposes(&self) -> Result<JsValue, JsValue> {
        from_json(self.inner.purposes_json())
    }

    /// Every text a person reads, in the best locale for `locale` (the policy's default when
    /// absent).
    #[wasm_bindgen(unchecked_return_type = "LocalizedTexts")]
    pub fn texts(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | undefined")] locale: JsValue,
    ) -> Result<JsValue, JsValue> {
        let locale = if locale.is_undefined() || locale.is_null() {
            None
        } else {
            Some(string_arg(&locale, "the locale")?)
        };
        from_json(self.inner.texts_json(locale.as_deref()))
    }

    #[cfg(feature = "sign")]
    /// Refuses (throws an `AssentError` `choice.*`) a choice this visitor may not make: an
    /// unknown or essential purpose, one forbidden for them, opted out of by GPC, waiting for the
    /// age gate, or a child's consent without a guardian.
    #[wasm_bindgen(js_name = "checkChoice")]
    pub fn check_choice(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Context")] context: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Choice")] choice: JsValue,
    ) -> Result<(), JsValue> {
        let ctx = json_text(&context, "the context")?;
        let choice = json_text(&choice, "the choice")?;
        self.inner.check_choice_json(&ctx, &choice).map_err(|e| js_error(&e))
    }

    /// `verifyReceipt`, also checking that a receipt of this version carries this policy's hash.
    #[wasm_bindgen(js_name = "verifyReceipt", unchecked_return_type = "VerifiedReceipt")]
    pub fn verify_receipt(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] jws: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Jwks | string")] jwks: JsValue,
        #[wasm_bindgen(unchecked_param_type = "VerifyOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        super::receipts::verify_with(&jws, &jwks, &options, Some(self))
    }

    /// `consentsFromReceipts`, also checking receipts of this version against this policy's hash.
    #[wasm_bindgen(js_name = "consentsFromReceipts", unchecked_return_type = "ConsentsFromReceipts")]
    pub fn consents_from_receipts(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] receipts: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Jwks | string")] jwks: JsValue,
        #[wasm_bindgen(unchecked_param_type = "VerifyOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        super::receipts::consents_with(&receipts, &jwks, &options, Some(self))
    }

    #[cfg(feature = "sign")]
    /// `kantaraReceipt`, with this policy's names, categories and retention filled in.
    #[wasm_bindgen(js_name = "kantaraReceipt", unchecked_return_type = "Record<string, unknown>")]
    pub fn kantara_receipt(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] jws: JsValue,
    ) -> Result<JsValue, JsValue> {
        super::receipts::kantara_with(&jws, Some(self))
    }

    /// What changed from this version to `newer` (a later version of the same policy): every
    /// change classified major or minor with why and the clause, whether it reduces rights, and
    /// the notification plan (channels, publish-by date, the purposes to ask again).
    #[cfg(feature = "sign")]
    #[wasm_bindgen(js_name = "diff", unchecked_return_type = "PolicyChanges")]
    pub fn diff(&self, newer: &WasmPolicy) -> Result<JsValue, JsValue> {
        from_json(crate::api::diff_loaded(&self.inner, &newer.inner))
    }

    /// The policy document.
    #[wasm_bindgen(js_name = "toJSON", unchecked_return_type = "PolicyDocument")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        from_json(self.inner.policy_json())
    }
}

impl WasmPolicy {
    /// The loaded policy, for other boundary modules.
    pub fn inner(&self) -> &LoadedPolicy {
        &self.inner
    }
}
