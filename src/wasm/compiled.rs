//! `loadCompiled` and the `CompiledPolicy` class: a policy compiled by `assent compile` (or
//! `compilePolicy`), read and checked without the validator; and `compilePolicy` itself, in the
//! node and workerd entry.

use crate::prelude::*;
use core::cell::Cell;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

#[cfg(feature = "authoring")]
use super::interop::from_json;
use super::interop::{decide_options, js_error, json_text, parse_json, string_arg, to_js};
use super::visitor::WasmVisitorContext;
use crate::api::{Decides, LoadedCompiled};
use crate::json::pack::Packed;

/// A compiled policy, read from its core file and the texts files of one or more locales. It
/// answers `evaluate` and `decide` exactly as the `Policy` it was compiled from.
#[wasm_bindgen(js_name = "CompiledPolicy")]
pub struct WasmCompiledPolicy {
    inner: LoadedCompiled,
    /// The buffers its answers are packed into.
    packed: Cell<Packed>,
}

/// Reads a compiled policy: its core file and the texts file of one locale or several (each as
/// JSON text or the parsed object). Throws an `AssentError` `compiled.format` for another format
/// version, `compiled.truncated` or `compiled.corrupt` for a file cut short or changed,
/// `compiled.mismatch` for a texts file of another compile, `compiled.missing_locale` for none.
#[wasm_bindgen(js_name = "loadCompiled")]
pub fn load_compiled(
    #[wasm_bindgen(unchecked_param_type = "string | object")] core: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | object | Array<string | object>")] texts: JsValue,
) -> Result<WasmCompiledPolicy, JsValue> {
    let core = json_text(&core, "the compiled core")?;
    let files = match texts.dyn_ref::<js_sys::Array>() {
        Some(list) => list
            .iter()
            .map(|t| json_text(&t, "a compiled texts file"))
            .collect::<Result<Vec<_>, _>>()?,
        None => vec![json_text(&texts, "the compiled texts")?],
    };
    let refs: Vec<&str> = files.iter().map(String::as_str).collect();
    LoadedCompiled::read(&core, &refs)
        .map(|inner| WasmCompiledPolicy {
            inner,
            packed: Cell::default(),
        })
        .map_err(|e| js_error(&e))
}

impl WasmCompiledPolicy {
    /// The compiled policy, for other boundary modules.
    #[cfg(all(feature = "receipts", feature = "ed25519"))]
    pub(super) fn loaded(&self) -> &LoadedCompiled {
        &self.inner
    }
}

#[wasm_bindgen(js_class = "CompiledPolicy")]
impl WasmCompiledPolicy {
    /// The id of the policy it was compiled from.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id()
    }

    /// The version of the policy it was compiled from.
    #[wasm_bindgen(getter)]
    pub fn version(&self) -> String {
        self.inner.version()
    }

    /// The policy it was compiled from: id, version and the SHA-256 of its canonical JSON (the
    /// hash receipts name).
    #[wasm_bindgen(getter, unchecked_return_type = "SourcePolicy")]
    pub fn source(&self) -> Result<JsValue, JsValue> {
        parse_json(&crate::api::to_json(self.inner.source()).map_err(|e| js_error(&e))?)
    }

    /// Decides every purpose for one visitor, as `Policy.evaluate` does.
    #[wasm_bindgen(unchecked_return_type = "Evaluation")]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Context | string")] context: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "DecideOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let ctx = json_text(&context, "the context")?;
        let options = decide_options(&options)?;
        let ctx = self.inner.read_context(&ctx).map_err(|e| js_error(&e))?;
        to_js(self.inner.evaluation(&ctx, options), &self.packed)
    }

    /// Reads and checks a visitor's context once, to ask about several purposes without reading
    /// it again (see `VisitorContext`), as `Policy.context` does.
    pub fn context(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Context | string")] context: JsValue,
    ) -> Result<WasmVisitorContext, JsValue> {
        let text = json_text(&context, "the context")?;
        let visitor = self.inner.visitor(&text).map_err(|e| js_error(&e))?;
        Ok(WasmVisitorContext::new(self.inner.shared_evaluator(), visitor))
    }

    /// Decides one purpose for one visitor, as `Policy.decide` does.
    #[wasm_bindgen(unchecked_return_type = "PurposeDecision")]
    pub fn decide(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] purpose: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Context | string")] context: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "DecideOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let purpose = string_arg(&purpose, "the purpose id")?;
        let ctx = json_text(&context, "the context")?;
        let options = decide_options(&options)?;
        let ctx = self.inner.read_context(&ctx).map_err(|e| js_error(&e))?;
        to_js(self.inner.decision(&purpose, &ctx, options), &self.packed)
    }

    /// Every text a person reads, in the best locale for `locale` (the policy's default when
    /// absent); `compiled.missing_locale` when that locale's texts file was not read.
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
        to_js(self.inner.texts(locale.as_deref()), &self.packed)
    }
}

/// Validates a policy (JSON text or a plain object) and compiles it: the core file and one
/// texts file per locale, each `{name, json}`, to store or serve as they are. Throws the
/// `AssentError` `loadPolicy` would for a policy that is not valid.
#[cfg(feature = "authoring")]
#[wasm_bindgen(js_name = "compilePolicy", unchecked_return_type = "CompiledFiles")]
pub fn compile_policy(
    #[wasm_bindgen(unchecked_param_type = "string | PolicyDocument | Record<string, unknown>")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let text = json_text(&input, "the policy")?;
    from_json(crate::api::compile_json(&text))
}
