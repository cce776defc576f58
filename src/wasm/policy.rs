//! `loadPolicy` and the `Policy` class.

use crate::prelude::*;
use alloc::rc::Rc;
use core::cell::Cell;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

#[cfg(any(feature = "authoring", feature = "sign"))]
use super::interop::from_json;
use super::interop::{decide_options, given, js_error, json_text, parse_json, string_arg, to_js};
use super::visitor::WasmVisitorContext;
use crate::api::{Decides, LoadedPolicy};
use crate::eval::Context;
use crate::json::pack::Packed;

/// A loaded and validated policy.
#[wasm_bindgen(js_name = "Policy")]
pub struct WasmPolicy {
    inner: Rc<LoadedPolicy>,
    /// The context text of the last `evaluate` or `decide` and the context read from it. A page
    /// asks about each of its scripts with one visitor's context, so reading it once pays; the
    /// answer depends on nothing but the text, so an equal text is the same context.
    last_context: Cell<Option<(String, Rc<Context>)>>,
    /// The buffers its answers are packed into.
    packed: Cell<Packed>,
}

/// Loads and validates a policy from JSON text or a plain object. Throws an `AssentError` that
/// lists every problem (code, path, line, column, message, hint) when it is not valid.
#[wasm_bindgen(js_name = "loadPolicy")]
pub fn load_policy(
    #[wasm_bindgen(unchecked_param_type = "string | PolicyDocument | Record<string, unknown>")] input: JsValue,
) -> Result<WasmPolicy, JsValue> {
    let text = json_text(&input, "the policy")?;
    LoadedPolicy::load(&text)
        .map(|inner| WasmPolicy {
            inner: Rc::new(inner),
            last_context: Cell::new(None),
            packed: Cell::default(),
        })
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

    /// Decides every purpose for one visitor. With `{ reasons: false }` each decision's
    /// `reasons` is left empty, and the engine writes no message text (for callers that act on
    /// the decisions alone; everything else is the same).
    #[wasm_bindgen(unchecked_return_type = "Evaluation")]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Context | string")] context: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "DecideOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let ctx = json_text(&context, "the context")?;
        let options = decide_options(&options)?;
        let ctx = self.read_context(ctx)?;
        to_js(self.inner.evaluation(&ctx, options), &self.packed)
    }

    /// Reads and checks a visitor's context once, to ask about several purposes without reading
    /// it again (see `VisitorContext`). Throws the `AssentError` that `evaluate` would for a
    /// context that is not valid JSON, has the wrong shape, or a wrong time or jurisdiction.
    pub fn context(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Context | string")] context: JsValue,
    ) -> Result<WasmVisitorContext, JsValue> {
        let text = json_text(&context, "the context")?;
        let visitor = self.inner.visitor(&text).map_err(|e| js_error(&e))?;
        Ok(WasmVisitorContext::new(self.inner.engine().shared_evaluator(), visitor))
    }

    /// Decides one purpose for one visitor (`options` as for `evaluate`).
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
        let ctx = self.read_context(ctx)?;
        to_js(self.inner.decision(&purpose, &ctx, options), &self.packed)
    }

    /// The purposes as the policy states them.
    #[wasm_bindgen(unchecked_return_type = "Purpose[]")]
    pub fn purposes(&self) -> Result<JsValue, JsValue> {
        to_js(Ok(&self.inner.engine().policy().purposes), &self.packed)
    }

    /// Every text a person reads, in the best locale for `locale` (the policy's default when
    /// absent).
    #[wasm_bindgen(unchecked_return_type = "LocalizedTexts")]
    pub fn texts(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | undefined")] locale: JsValue,
    ) -> Result<JsValue, JsValue> {
        let locale = given(&locale).map(|l| string_arg(l, "the locale")).transpose()?;
        to_js(Ok(self.inner.texts(locale.as_deref())), &self.packed)
    }

    #[cfg(feature = "sign")]
    /// Refuses (throws an `AssentError` `choice.*`) a choice this visitor may not make: an
    /// unknown or essential purpose, one forbidden for them, opted out of by GPC, waiting for the
    /// age gate, or a child's consent without a guardian.
    /// Answers `{pinned}`: whether the verdict rests on the consents in force the context read
    /// (a withdrawal), so the choice is to be recorded only while the subject's latest receipt
    /// is still the one read.
    #[wasm_bindgen(js_name = "checkChoice", unchecked_return_type = "{ pinned: boolean }")]
    pub fn check_choice(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Context")] context: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Choice")] choice: JsValue,
    ) -> Result<JsValue, JsValue> {
        let ctx = json_text(&context, "the context")?;
        let choice = json_text(&choice, "the choice")?;
        from_json(self.inner.check_choice_json(&ctx, &choice))
    }

    /// The banner as HTML for the page the edge sends (`options`: `{action, locale?, returnTo?,
    /// ageAction?, guardianAction?, dismissed?, guided?, saved?, show?}`): `{html, opening, shown,
    /// state}`, the container with what opens by itself for this visitor (the age question, the
    /// guardian step, the first layer, an update notice), or only the persistent button when
    /// nothing does; `show` draws another dialog open (the second layer after "Choose"); `saved`
    /// writes the status line of a choice just recorded. `state` is the visitor's state for the
    /// page's script. The browser banner builds the same elements from the same tree, and adopts
    /// them.
    #[cfg(feature = "sign")]
    #[wasm_bindgen(js_name = "bannerHtml", unchecked_return_type = "BannerHtml")]
    pub fn banner_html(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Context")] context: JsValue,
        #[wasm_bindgen(unchecked_param_type = "BannerHtmlOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let ctx = json_text(&context, "the context")?;
        let options = json_text(&options, "the options")?;
        from_json(self.inner.banner_html_json(&ctx, &options))
    }

    /// `{html, data}`: the data block the page's stub (`assent/stub.js`) reads, for this visitor
    /// on a page configured with `pageConfig` (its `assent-config` JSON): Consent Mode's default
    /// commands per region, decided by the engine, and whether to install the TCF and GPP stubs.
    #[cfg(feature = "sign")]
    #[wasm_bindgen(js_name = "stubHtml", unchecked_return_type = "StubHtml")]
    pub fn stub_html(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Context")] context: JsValue,
        #[wasm_bindgen(js_name = "pageConfig", unchecked_param_type = "string | object")] page_config: JsValue,
    ) -> Result<JsValue, JsValue> {
        let ctx = json_text(&context, "the context")?;
        let config = json_text(&page_config, "the page configuration")?;
        from_json(self.inner.stub_html_json(&ctx, &config))
    }

    /// For each receipt the edge has just logged (compact JWS, in order), the events it raises
    /// for the visitor of `context` (whose `consents` are those before the first):
    /// `[{receiptId, subject, events, accepted, rejected}]`, by the rule the banner follows.
    #[cfg(feature = "sign")]
    #[wasm_bindgen(js_name = "receiptEvents", unchecked_return_type = "RecordedEvents[]")]
    pub fn receipt_events(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Context")] context: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[]")] receipts: JsValue,
    ) -> Result<JsValue, JsValue> {
        let ctx = json_text(&context, "the context")?;
        let receipts = json_text(&receipts, "the receipts")?;
        from_json(self.inner.receipt_events_json(&ctx, &receipts))
    }

    /// Refuses (throws an `AssentError` `input.event`, with the policy's purposes) a name that
    /// is not `change`, `accept:<purpose>` or `reject:<purpose>` of this policy.
    #[cfg(feature = "sign")]
    #[wasm_bindgen(js_name = "checkEvents")]
    pub fn check_events(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] names: JsValue,
    ) -> Result<(), JsValue> {
        let names = json_text(&names, "the event names")?;
        self.inner.check_events_json(&names).map_err(|e| js_error(&e))
    }

    /// The choice a receipt records for this visitor (`{subject, locale, method, choices}` or
    /// `{subject, locale, method?, withdraw}`, a withdrawal without a method being the API's):
    /// states, and whether each counts as separate consent.
    #[cfg(feature = "sign")]
    #[wasm_bindgen(js_name = "receiptChoice", unchecked_return_type = "Choice")]
    pub fn receipt_choice(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Context")] context: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "{ subject: string; locale: string; method: CollectionMethod; choices: Record<string, boolean> } | { subject: string; locale: string; method?: CollectionMethod; withdraw: string[] }"
        )]
        request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let ctx = json_text(&context, "the context")?;
        let request = json_text(&request, "the choice")?;
        from_json(self.inner.receipt_choice_json(&ctx, &request))
    }

    /// What a banner button does when its form is posted without scripts (`{action, on}`):
    /// `{then, record}`, what the page shows next (`page`, `second_layer`, `dismissed`, `guided`)
    /// and what the button records (`{method, consent, withdraw}`, or null for a button that
    /// records nothing); null for what is not a button of the banner.
    #[cfg(feature = "sign")]
    #[wasm_bindgen(js_name = "formChoice", unchecked_return_type = "FormAnswer | null")]
    pub fn form_choice(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Context")] context: JsValue,
        #[wasm_bindgen(unchecked_param_type = "{ action: string; on?: string[] }")] form: JsValue,
    ) -> Result<JsValue, JsValue> {
        let ctx = json_text(&context, "the context")?;
        let form = json_text(&form, "the form")?;
        from_json(self.inner.form_choice_json(&ctx, &form))
    }

    /// The purposes whose consent in force the context's Global Privacy Control signal opts out
    /// of here: what the edge withdraws by the signal (`method: "gpc"`) when it first sees it.
    #[cfg(feature = "sign")]
    #[wasm_bindgen(js_name = "gpcWithdrawals", unchecked_return_type = "string[]")]
    pub fn gpc_withdrawals(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Context")] context: JsValue,
    ) -> Result<JsValue, JsValue> {
        let ctx = json_text(&context, "the context")?;
        from_json(self.inner.gpc_withdrawals_json(&ctx))
    }

    /// Of the cookie names a request carried (`found`), those the storage entries of the
    /// `withdrawn` purposes name, never an essential purpose's: what the edge expires when it
    /// records a withdrawal.
    #[cfg(feature = "sign")]
    #[wasm_bindgen(js_name = "cookiesToForget", unchecked_return_type = "string[]")]
    pub fn cookies_to_forget(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ withdrawn: string[]; found: string[] }")] args: JsValue,
    ) -> Result<JsValue, JsValue> {
        let args = json_text(&args, "the arguments")?;
        from_json(self.inner.cookies_to_forget_json(&args))
    }

    /// Of the cookie names a request carried (`found`), those only optional purposes that may
    /// not run now name (refused, withdrawn, or their consent lapsed), never an essential
    /// purpose's: what the edge expires on a page view.
    #[cfg(feature = "sign")]
    #[wasm_bindgen(js_name = "cookiesNotAllowed", unchecked_return_type = "string[]")]
    pub fn cookies_not_allowed(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Context")] context: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[]")] found: JsValue,
    ) -> Result<JsValue, JsValue> {
        let ctx = json_text(&context, "the context")?;
        let found = json_text(&found, "the cookie names")?;
        from_json(self.inner.cookies_not_allowed_json(&ctx, &found))
    }

    /// What changed from this version to `newer` (a later version of the same policy): every
    /// change classified major or minor with why and the clause, whether it reduces rights, and
    /// the notification plan (channels, publish-by date, the purposes to ask again).
    #[cfg(feature = "authoring")]
    #[wasm_bindgen(js_name = "diff", unchecked_return_type = "PolicyChanges")]
    pub fn diff(&self, newer: &WasmPolicy) -> Result<JsValue, JsValue> {
        from_json(crate::api::diff_loaded(&self.inner, &newer.inner))
    }

    /// What changed from this version to `newer`, as `diff` answers, for two versions a reader
    /// asked to compare: throws an `AssentError` (`policy.version_order`) unless `newer` is later.
    #[cfg(feature = "authoring")]
    #[wasm_bindgen(js_name = "changesTo", unchecked_return_type = "PolicyChanges")]
    pub fn changes_to(&self, newer: &WasmPolicy) -> Result<JsValue, JsValue> {
        from_json(self.inner.changes_to_json(&newer.inner))
    }

    /// The same changes as a page for a person (`{lang, title, body}`, the body HTML with every
    /// text escaped), in English or Simplified Chinese by the best locale of `newer` for `locale`.
    #[cfg(feature = "authoring")]
    #[wasm_bindgen(js_name = "changesPage", unchecked_return_type = "ChangesPage")]
    pub fn changes_page(
        &self,
        newer: &WasmPolicy,
        #[wasm_bindgen(unchecked_param_type = "string | undefined")] locale: JsValue,
    ) -> Result<JsValue, JsValue> {
        let locale = given(&locale).map(|l| string_arg(l, "the locale")).transpose()?;
        from_json(self.inner.changes_page_json(&newer.inner, locale.as_deref()))
    }

    /// The policy document as it was loaded: its text, parsed, so `JSON.stringify(policy)` gives
    /// what the site published (members it left to their defaults stay absent), and its canonical
    /// form hashes to the policy hash that receipts name.
    #[wasm_bindgen(js_name = "toJSON", unchecked_return_type = "PolicyDocument")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        parse_json(self.inner.text())
    }
}

impl WasmPolicy {
    /// The context for one `evaluate` or `decide`: read from its JSON text, or the one read last
    /// time when the text is the same. Its time and jurisdiction are checked by the call itself.
    fn read_context(&self, text: String) -> Result<Rc<Context>, JsValue> {
        // Taken out and put back (a `Cell`, with no borrow to check or fail).
        let last = self.last_context.take();
        if let Some((last_text, ctx)) = &last {
            if *last_text == text {
                let ctx = Rc::clone(ctx);
                self.last_context.set(last);
                return Ok(ctx);
            }
        }
        let ctx = Rc::new(self.inner.visitor_unchecked(&text).map_err(|e| js_error(&e))?);
        self.last_context.set(Some((text, Rc::clone(&ctx))));
        Ok(ctx)
    }

    /// The buffers its answers are packed into, for other boundary modules.
    pub(super) fn packed(&self) -> &Cell<Packed> {
        &self.packed
    }

    /// The loaded policy, for other boundary modules.
    pub fn inner(&self) -> &LoadedPolicy {
        &self.inner
    }

    /// The policy as receipts name it.
    #[cfg(feature = "receipts")]
    pub(super) fn source(&self) -> Result<crate::compiled::SourcePolicy, JsValue> {
        self.inner.source().map_err(|e| js_error(&e))
    }
}
