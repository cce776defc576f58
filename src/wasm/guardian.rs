//! The guardian flow at the JavaScript boundary: conversions only.

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

#[cfg(feature = "sign")]
use super::interop::{from_json, js_error, json_text, random};
use super::interop::{string_arg, to_js};
use super::policy::WasmPolicy;
#[cfg(feature = "sign")]
use crate::api::{guardian, ApiError};

#[wasm_bindgen(js_class = "Policy")]
impl WasmPolicy {
    #[cfg(feature = "sign")]
    /// The neutral age gate's answer (`{birthYear, birthMonth, jurisdiction, now, existing?}`):
    /// the age band locked for the device. An earlier lock is never loosened: the stricter band
    /// stands and `conflict` says an answer disagreed. The age itself is never returned.
    #[wasm_bindgen(js_name = "answerAgeGate", unchecked_return_type = "AgeGateResult")]
    pub fn answer_age_gate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AgeAnswer")] answer: JsValue,
    ) -> Result<JsValue, JsValue> {
        from_json(self.inner().answer_age_gate_json(&json_text(&answer, "the answer")?))
    }

    #[cfg(feature = "sign")]
    /// Whether a device may take on a subject moved from another (`{held?, moved?,
    /// jurisdiction}`: the device's strictest age lock, the moved subject's own, where the visitor
    /// is). Throws `device.lock_stricter` when the claim would loosen the device's lock.
    #[wasm_bindgen(js_name = "checkClaim")]
    pub fn check_claim(
        &self,
        #[wasm_bindgen(
            unchecked_param_type = "{ held?: AgeLock | null; moved?: AgeLock | null; jurisdiction: string }"
        )]
        args: JsValue,
    ) -> Result<(), JsValue> {
        self.inner()
            .check_claim_json(&json_text(&args, "the claim")?)
            .map_err(|e| js_error(&e))
    }

    #[cfg(feature = "sign")]
    /// Whether a guardian's step may be taken on this device (`{request, subject?, held?}`: the
    /// request, the subject the device's credential names, its strictest age lock). Throws
    /// `guardian.childs_device` on the child's own device, or one holding a child's or a minor's
    /// lock.
    #[wasm_bindgen(js_name = "checkGuardianDevice")]
    pub fn check_guardian_device(
        &self,
        #[wasm_bindgen(
            unchecked_param_type = "{ request: GuardianRequest; subject?: string | null; held?: AgeLock | null }"
        )]
        args: JsValue,
    ) -> Result<(), JsValue> {
        self.inner()
            .check_guardian_device_json(&json_text(&args, "the device")?)
            .map_err(|e| js_error(&e))
    }

    /// Every birth year the gate offers, newest first, so the list hints at no cutoff.
    #[wasm_bindgen(js_name = "birthYears", unchecked_return_type = "number[]")]
    pub fn birth_years(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(self.inner().birth_years(&string_arg(&now, "now")?), self.packed())
    }

    #[cfg(feature = "sign")]
    /// A new guardian request for a child (`{child, jurisdiction, purposes, now}`): the request to
    /// store (it keeps only hashes of its secrets), the link token and short code to send to the
    /// guardian, and the verification methods the purposes allow.
    #[wasm_bindgen(js_name = "newGuardianRequest", unchecked_return_type = "NewGuardianRequest")]
    pub fn new_guardian_request(
        &self,
        #[wasm_bindgen(
            unchecked_param_type = "{ child: string; jurisdiction: string; purposes: string[]; now: string }"
        )]
        args: JsValue,
    ) -> Result<JsValue, JsValue> {
        from_json(
            self.inner()
                .new_guardian_request_json(&json_text(&args, "the request")?, random::<40>()?),
        )
    }

    #[cfg(feature = "sign")]
    /// A child asks a guardian (`context`, then `{child, lockSubject, contact, purposes?,
    /// origin?, locale?}`): the engine checks the address, that the child is in the guardian flow
    /// on the device whose age lock names them, and which purposes are asked; then the request to
    /// store, the link token and short code to send, the methods the purposes allow, the address
    /// to send to and the form of it that message limits count against, and with the site's
    /// `origin`, the message itself in `locale`.
    #[wasm_bindgen(js_name = "askGuardian", unchecked_return_type = "AskedGuardian")]
    pub fn ask_guardian(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Context")] context: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "{ child: string | null; lockSubject?: string | null; contact: string; purposes?: string[]; origin?: string; locale?: string }"
        )]
        args: JsValue,
    ) -> Result<JsValue, JsValue> {
        from_json(self.inner().ask_guardian_json(
            &json_text(&context, "the context")?,
            &json_text(&args, "the request")?,
            random::<40>()?,
        ))
    }

    #[cfg(feature = "sign")]
    /// What a guardian's `decide` or `revoke` records for the child: `{choice, context}`, the
    /// choice to sign and the child's context the log checks it against.
    #[wasm_bindgen(js_name = "guardianChoice", unchecked_return_type = "GuardianChoice")]
    pub fn guardian_choice(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GuardianRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_param_type = "GuardianEvent")] event: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] locale: JsValue,
    ) -> Result<JsValue, JsValue> {
        from_json(self.inner().guardian_choice_json(
            &json_text(&request, "the request")?,
            &json_text(&event, "the event")?,
            &string_arg(&locale, "the locale")?,
        ))
    }

    #[cfg(feature = "sign")]
    /// The request after an event (verify, decide, revoke, cancel), or an `AssentError`
    /// (`guardian.*`) when the transition is not allowed; the stored request is not changed then.
    #[wasm_bindgen(js_name = "applyGuardianEvent", unchecked_return_type = "GuardianRequest")]
    pub fn apply_guardian_event(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GuardianRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_param_type = "GuardianEvent")] event: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
    ) -> Result<JsValue, JsValue> {
        from_json(self.inner().apply_guardian_event_json(
            &json_text(&request, "the request")?,
            &json_text(&event, "the event")?,
            &string_arg(&now, "now")?,
        ))
    }

    #[cfg(feature = "sign")]
    /// What the child's page of the guardian flow shows (`leave`: the visitor is not a child
    /// waiting for a guardian; `ask`: no request yet, or the newest expired or was cancelled;
    /// `wait`), from their context and their newest request (`null` if none), and that request's
    /// state at the context's time.
    #[wasm_bindgen(js_name = "childStep", unchecked_return_type = "ChildPage")]
    pub fn child_step(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Context")] context: JsValue,
        #[wasm_bindgen(unchecked_param_type = "GuardianRequest | null")] newest: JsValue,
    ) -> Result<JsValue, JsValue> {
        from_json(self.inner().child_step_json(
            &json_text(&context, "the context")?,
            &json_text(&newest, "the newest request")?,
        ))
    }

    #[cfg(feature = "sign")]
    /// What the guardian's page of a request asks of them at `now` (`verify`, `decide`,
    /// `decided`, or `closed` once it expired or was cancelled), and the request's state then.
    #[wasm_bindgen(js_name = "guardianStep", unchecked_return_type = "GuardianPage")]
    pub fn guardian_step(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GuardianRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
    ) -> Result<JsValue, JsValue> {
        from_json(
            self.inner()
                .guardian_step_json(&json_text(&request, "the request")?, &string_arg(&now, "now")?),
        )
    }

    #[cfg(feature = "sign")]
    /// Whether the child's just-logged `choice` withdraws their open `request`: it refuses a
    /// purpose the request asks about. The edge then applies the `cancel` event.
    #[wasm_bindgen(js_name = "childWithdraws")]
    pub fn child_withdraws(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GuardianRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Choice")] choice: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
    ) -> Result<bool, JsValue> {
        self.inner()
            .child_withdraws_json(
                &json_text(&request, "the request")?,
                &json_text(&choice, "the choice")?,
                &string_arg(&now, "now")?,
            )
            .map_err(|e| js_error(&e))
    }

    #[cfg(feature = "sign")]
    /// The request's state at `now`: an undecided request past its expiry is `expired`.
    #[wasm_bindgen(js_name = "guardianRequestState", unchecked_return_type = "GuardianRequestState")]
    pub fn guardian_request_state(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GuardianRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
    ) -> Result<JsValue, JsValue> {
        from_json(
            self.inner()
                .guardian_request_state_json(&json_text(&request, "the request")?, &string_arg(&now, "now")?),
        )
    }
}

#[cfg(feature = "sign")]
/// Whether a link token or a short code opens this guardian request (compared by hash).
#[wasm_bindgen(js_name = "guardianTokenMatches")]
pub fn guardian_token_matches(
    #[wasm_bindgen(unchecked_param_type = "GuardianRequest")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
) -> Result<bool, JsValue> {
    guardian::token_matches_json(&json_text(&request, "the request")?, &string_arg(&token, "the token")?)
        .map_err(|e| js_error(&e))
}

#[cfg(feature = "sign")]
/// The relationships a guardian may have to the child, as the engine spells them.
#[wasm_bindgen(js_name = "guardianRelationships", unchecked_return_type = "GuardianRelationship[]")]
pub fn guardian_relationships() -> Result<JsValue, JsValue> {
    from_json(crate::api::to_json(&crate::receipt::GuardianRelationship::ALL))
}

#[cfg(feature = "sign")]
/// A short code as a guardian typed it, in its normal form (spaces dropped, capitals), or
/// undefined when it is not a well-formed code and so opens no request.
#[wasm_bindgen(js_name = "guardianShortCode")]
pub fn guardian_short_code(
    #[wasm_bindgen(unchecked_param_type = "string")] typed: JsValue,
) -> Result<Option<String>, JsValue> {
    Ok(crate::guardian::short_code(&string_arg(&typed, "the code")?))
}

#[cfg(feature = "sign")]
/// Which verification method each of the edge's verifiers proves (`link`, and `testCard` only
/// when `development` is true).
#[wasm_bindgen(js_name = "guardianVerifiers", unchecked_return_type = "GuardianVerifiers")]
pub fn guardian_verifiers(development: bool) -> Result<JsValue, JsValue> {
    let verifiers = crate::guardian::GuardianVerifiers::of_edge(development);
    super::interop::parse_json(&crate::json::write(&verifiers))
}

#[cfg(feature = "sign")]
/// What to do with a guardian's verify form (`{method, relationship, card, email}` as posted) for
/// a request whose purposes allow the methods `offered` and whose contact key hashes to
/// `contactSha256`, with this edge's verifiers (the test card only when `development`):
/// `{then: "send_link", relationship, recipient}` or `{then: "apply", event}`. Throws
/// an `AssentError` for an unknown relationship (`input.relationship`), a method not offered
/// (`guardian.method_not_offered`) or without a verifier here (`guardian.method_unavailable`),
/// and a wrong test card or another address (`guardian.verification_failed`).
#[wasm_bindgen(js_name = "guardianVerification", unchecked_return_type = "Verification")]
pub fn guardian_verification(
    #[wasm_bindgen(unchecked_param_type = "VerificationMethod[]")] offered: JsValue,
    #[wasm_bindgen(unchecked_param_type = "VerifyForm")] form: JsValue,
    development: bool,
    #[wasm_bindgen(js_name = "contactSha256")] contact_sha256: String,
) -> Result<JsValue, JsValue> {
    from_json(guardian::verification_json(
        &json_text(&offered, "the methods offered")?,
        &json_text(&form, "the form")?,
        development,
        &contact_sha256,
    ))
}

#[cfg(feature = "sign")]
/// The purposes a guardian approved and may still revoke, in the request's order.
#[wasm_bindgen(js_name = "guardianRevocable", unchecked_return_type = "string[]")]
pub fn guardian_revocable(
    #[wasm_bindgen(unchecked_param_type = "GuardianRequest")] request: JsValue,
) -> Result<JsValue, JsValue> {
    from_json(guardian::revocable_json(&json_text(&request, "the request")?))
}

#[cfg(feature = "sign")]
/// The words of the age gate's and the guardian flow's pages, for a locale the policy resolved:
/// its language's, one of the seven the engine speaks (`de-AT` gets German), English for any other
/// (`locale` says which). `{name}` in a sentence is for the page to fill in.
#[wasm_bindgen(js_name = "guardianWords", unchecked_return_type = "GuardianWords")]
pub fn guardian_words(#[wasm_bindgen(unchecked_param_type = "string")] locale: JsValue) -> Result<JsValue, JsValue> {
    let words = crate::guardian::words::for_locale(&string_arg(&locale, "the locale")?);
    from_json(crate::api::to_json(words))
}

#[cfg(feature = "sign")]
/// Checks a guardian's email address (one address: a local part, `@`, a domain with a dot; no
/// spaces, control characters or list separators). Throws an `AssentError` (`input.contact`).
#[wasm_bindgen(js_name = "checkGuardianContact")]
pub fn check_guardian_contact(
    #[wasm_bindgen(unchecked_param_type = "string")] contact: JsValue,
) -> Result<(), JsValue> {
    crate::guardian::check_contact(&string_arg(&contact, "the contact")?).map_err(|p| js_error(&ApiError::from(p)))
}
