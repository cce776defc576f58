//! The `VisitorContext` class: one visitor's context, read once, for a `Policy` or a
//! `CompiledPolicy` alike.

use alloc::sync::Arc;
use core::cell::Cell;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use super::interop::{decide_options, string_arg, to_js};
use crate::api::ApiError;
use crate::eval::{Evaluator, Visitor};
use crate::json::pack::Packed;

/// One visitor's context, read and checked once against one policy (`policy.context(ctx)`), to
/// ask about several purposes: `ctx.decide("analytics-cookies")` answers exactly as
/// `policy.decide("analytics-cookies", ctx)` does, without converting and reading the context
/// again. It holds its own copy of the context and keeps the policy alive; `free()` it (or let
/// the garbage collector) when done.
#[wasm_bindgen(js_name = "VisitorContext")]
pub struct WasmVisitorContext {
    /// The policy's evaluator, which this context keeps alive.
    evaluator: Arc<Evaluator>,
    visitor: Visitor,
    /// The buffers its answers are packed into.
    packed: Cell<Packed>,
}

#[wasm_bindgen(js_class = "VisitorContext")]
impl WasmVisitorContext {
    /// Decides every purpose for this visitor: what `policy.evaluate(context, options)` returns.
    #[wasm_bindgen(unchecked_return_type = "Evaluation")]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "DecideOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let options = decide_options(&options)?;
        let answer = self.evaluator.evaluate_visitor(&self.visitor, options);
        to_js(answer.map_err(ApiError::from), &self.packed)
    }

    /// Decides one purpose for this visitor: what `policy.decide(purpose, context, options)`
    /// returns.
    #[wasm_bindgen(unchecked_return_type = "PurposeDecision")]
    pub fn decide(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] purpose: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "DecideOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let purpose = string_arg(&purpose, "the purpose id")?;
        let options = decide_options(&options)?;
        let answer = self.evaluator.decide_visitor(&purpose, &self.visitor, options);
        to_js(answer.map_err(ApiError::from), &self.packed)
    }
}

impl WasmVisitorContext {
    /// A context for `visitor`, answered by `evaluator`.
    pub(super) fn new(evaluator: Arc<Evaluator>, visitor: Visitor) -> WasmVisitorContext {
        WasmVisitorContext {
            evaluator,
            visitor,
            packed: Cell::default(),
        }
    }
}
