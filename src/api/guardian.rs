//! The guardian flow at the boundary: the age gate's answer, the device lock, and guardian
//! requests with their state machine. The edge stores requests (a Durable Object); every rule
//! is here.

use crate::prelude::*;
use serde::{Deserialize, Serialize};

use super::{to_json, ApiError, Decides, LoadedPolicy};
use crate::eval::AgeBand;
use crate::guardian::{self, AgeLock, ChildStep, GuardianEvent, GuardianRequest, GuardianStep, RequestState};
use crate::policy::{parse_json, GuardianMode, Problem};
use crate::receipt::Choice;
use crate::time::Timestamp;

fn now(s: &str) -> Result<Timestamp, ApiError> {
    Timestamp::parse(s).map_err(|e| {
        Problem::at("input.invalid_time", "$.now", e.0)
            .hint("pass now as RFC 3339")
            .into()
    })
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct AgeAnswer {
    birth_year: i64,
    birth_month: u32,
    jurisdiction: String,
    now: String,
    #[serde(default)]
    existing: Option<AgeLock>,
}

/// `policy.checkClaim`'s argument: the device's strictest lock, the moved subject's own, and
/// where the visitor is.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ClaimCheck {
    #[serde(default)]
    held: Option<AgeLock>,
    #[serde(default)]
    moved: Option<AgeLock>,
    jurisdiction: String,
}

#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub(crate) struct AgeGateResult {
    lock: AgeLock,
    /// Whether this answer disagreed with an earlier one (the stricter band stands).
    conflict: bool,
}

#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "NewGuardianRequest"))]
#[serde(rename_all = "camelCase")]
pub(crate) struct NewRequest {
    request: GuardianRequest,
    /// The guardian's link token: send it to the guardian, never store it.
    token: String,
    /// The short code the guardian may type instead.
    code: String,
    /// The verification methods the guardian may use for these purposes.
    methods: Vec<crate::policy::VerificationMethod>,
}

/// A guardian request a child asked for: [`NewRequest`] and the guardian's address.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub(crate) struct AskedGuardian {
    request: GuardianRequest,
    token: String,
    code: String,
    methods: Vec<crate::policy::VerificationMethod>,
    /// The address to send the guardian's message to.
    recipient: String,
    /// The form of the address its message limit counts against.
    contact_key: String,
    /// The message to send, when the site's `origin` was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<crate::guardian::words::GuardianMessage>,
    /// Where the child picks what to ask for: the purposes waiting for a guardian that the child
    /// left out. That is the child's own "no", for the edge to record as the child's refusal, so
    /// the guardian step does not ask about them again each visit.
    declined: Vec<String>,
}

/// The context a guardian's choice for a child is checked against: the child's place and age band.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub(crate) struct ChildContext {
    jurisdiction: String,
    age_band: AgeBand,
}

/// What a guardian's step records: the choice, and the child's context to check it against.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct GuardianChoice {
    choice: Choice,
    context: ChildContext,
}

/// The child's page of the guardian flow: what it shows, and the state of the child's newest
/// request (none if they never asked).
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub(crate) struct ChildPage {
    /// What the page shows.
    step: ChildStep,
    /// The newest request's state at the context's time; none if the child never asked.
    state: Option<RequestState>,
    /// Where the child and a guardian consent together, the purposes waiting for a guardian,
    /// for the child to pick what to ask for (`askGuardian`'s `purposes`); empty elsewhere, and
    /// when the page asks nothing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pick: Vec<String>,
}

/// The guardian's page of a request: what it asks of them, and the request's state.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub(crate) struct GuardianPage {
    /// What the page asks of the guardian.
    step: GuardianStep,
    /// The request's state at the time asked.
    state: RequestState,
}

impl LoadedPolicy {
    /// `policy.askGuardian(context, {child, lockSubject, contact, purposes?, origin?, locale?},
    /// random)`: a child
    /// asks a guardian. The address must be one ([`guardian::check_contact`]); the child must be
    /// in the guardian flow by their context, on the device whose age lock names them
    /// (`lockSubject` is `child`); the purposes are those needing a guardian's consent, or the
    /// `purposes` among them ([`guardian::purposes_to_ask`]).
    pub fn ask_guardian_json(&self, context: &str, args: &str, random: [u8; 40]) -> Result<String, ApiError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        struct Args {
            child: Option<String>,
            #[serde(default)]
            lock_subject: Option<String>,
            contact: String,
            #[serde(default)]
            purposes: Option<Vec<String>>,
            /// The site's origin, for the message's link and text.
            #[serde(default)]
            origin: Option<String>,
            /// The locale of the message (as `policy.texts` matches it).
            #[serde(default)]
            locale: Option<String>,
        }
        let a: Args = parse_json(args)?;
        let (recipient, contact_key) = guardian::contact_forms(&a.contact)?;
        let ctx = super::read_context(context)?;
        let at = now(&ctx.now)?;
        let evaluation = self.evaluation(&ctx, crate::eval::DecideOptions::default())?;
        let child = a.child.filter(|c| a.lock_subject.as_ref() == Some(c));
        let purposes = guardian::purposes_to_ask(&evaluation, child.is_some(), a.purposes.as_deref())?;
        let joint = self.engine().rule_for(&ctx.jurisdiction)?.guardian_mode.value == GuardianMode::GuardianAndChild;
        if joint && a.purposes.is_none() {
            return Err(Problem::at(
                "guardian.child_chooses",
                "$.purposes",
                "here a child and a guardian consent together: the child names the purposes they ask for",
            )
            .hint("pass `purposes`: those the child picked among the ones waiting for a guardian")
            .into());
        }
        let child = child.unwrap_or_default();
        let declined = match joint {
            true => evaluation
                .purposes
                .iter()
                .filter(|d| d.decision == crate::eval::Decision::NeedsGuardianConsent && !purposes.contains(&d.purpose))
                .map(|d| d.purpose.clone())
                .collect(),
            false => Vec::new(),
        };
        let p = self.engine().policy();
        let methods = guardian::accepted_methods(p, &purposes).to_vec();
        let (mut request, token, code) = guardian::new_request(p, &child, &ctx.jurisdiction, purposes, at, random)?;
        request.chosen_by_child = a.purposes.is_some();
        let message = a.origin.as_deref().map(|origin| {
            let texts = self.texts(a.locale.as_deref());
            let words = guardian::words::for_locale(&texts.locale);
            guardian::words::GuardianMessage::new(words, &texts, &request, (origin, &token, &code))
        });
        to_json(&AskedGuardian {
            request,
            token,
            code,
            methods,
            recipient,
            contact_key,
            message,
            declined,
        })
    }

    /// `policy.guardianChoice(request, event, locale)`: the choice a guardian's `decide` or
    /// `revoke` records for the child, with the child's context to check it against.
    pub fn guardian_choice_json(&self, request: &str, event: &str, locale: &str) -> Result<String, ApiError> {
        let r: GuardianRequest = parse_json(request)?;
        let e: GuardianEvent = parse_json(event)?;
        if matches!(e, GuardianEvent::Decide { .. }) {
            self.check_not_outdated(&r)?;
        }
        let mode = self.engine().rule_for(&r.jurisdiction)?.guardian_mode.value;
        let choice = r.choice(&e, locale, mode == GuardianMode::GuardianAndChild && r.chosen_by_child)?;
        to_json(&GuardianChoice {
            context: ChildContext {
                jurisdiction: r.jurisdiction.clone(),
                age_band: AgeBand::BelowGuardianAge,
            },
            choice,
        })
    }

    /// `policy.answerAgeGate({birthYear, birthMonth, jurisdiction, now, existing?})`: the band for
    /// this answer, locked for the device; an earlier lock is never loosened. The age itself is
    /// not returned.
    pub fn answer_age_gate_json(&self, answer: &str) -> Result<String, ApiError> {
        let a: AgeAnswer = parse_json(answer)?;
        let at = now(&a.now)?;
        let age = guardian::age_from_birth(a.birth_year, a.birth_month, at)?;
        let before = a.existing.as_ref().map(|l| l.conflicts);
        let lock = guardian::answer_lock(a.existing, &a.jurisdiction, age, self.engine().evaluator(), at)?;
        let conflict = before.is_some_and(|c| lock.conflicts > c);
        to_json(&AgeGateResult { lock, conflict })
    }

    /// `policy.checkClaim({held?, moved?, jurisdiction})`: whether a device holding `held` may
    /// take on a moved subject whose lock is `moved` (`device.lock_stricter` when that would
    /// loosen the device's lock; [`guardian::check_claim`]).
    pub fn check_claim_json(&self, args: &str) -> Result<(), ApiError> {
        let c: ClaimCheck = parse_json(args)?;
        let evaluator = self.engine().evaluator();
        let here = crate::eval::jurisdiction::normalise_code(&c.jurisdiction)?;
        guardian::check_claim(c.held.as_ref(), c.moved.as_ref(), &here, evaluator)?;
        Ok(())
    }

    /// `policy.checkGuardianDevice({request, subject?, held?})`: whether a guardian's step may be
    /// taken on the device whose credential names `subject` and which holds the age lock `held`
    /// (`guardian.childs_device` on the child's own device; [`guardian::check_guardians_device`]).
    pub fn check_guardian_device_json(&self, args: &str) -> Result<(), ApiError> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Args {
            request: GuardianRequest,
            #[serde(default)]
            subject: Option<String>,
            #[serde(default)]
            held: Option<AgeLock>,
        }
        let a: Args = parse_json(args)?;
        guardian::check_guardians_device(
            &a.request,
            a.subject.as_deref(),
            a.held.as_ref(),
            self.engine().evaluator(),
        )?;
        Ok(())
    }

    /// `policy.birthYears(now)`: every selectable birth year, newest first (no cutoff hinted).
    pub fn birth_years(&self, now_text: &str) -> Result<Vec<i64>, ApiError> {
        Ok(guardian::selectable_birth_years(now(now_text)?))
    }

    /// `policy.newGuardianRequest({child, jurisdiction, purposes, now}, random)`.
    pub fn new_guardian_request_json(&self, args: &str, random: [u8; 40]) -> Result<String, ApiError> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Args {
            child: String,
            jurisdiction: String,
            purposes: Vec<String>,
            now: String,
        }
        let a: Args = parse_json(args)?;
        let at = now(&a.now)?;
        let p = self.engine().policy();
        let methods = guardian::accepted_methods(p, &a.purposes).to_vec();
        let (request, token, code) = guardian::new_request(p, &a.child, &a.jurisdiction, a.purposes, at, random)?;
        to_json(&NewRequest {
            request,
            token,
            code,
            methods,
        })
    }

    /// `policy.applyGuardianEvent(request, event, now)`: the request after the event, or an
    /// `AssentError` (`guardian.*`) and no change.
    pub fn apply_guardian_event_json(&self, request: &str, event: &str, now_text: &str) -> Result<String, ApiError> {
        let mut r: GuardianRequest = parse_json(request)?;
        let e: GuardianEvent = parse_json(event)?;
        // An outdated request is neither verified nor decided: its guardian's effort would be lost.
        if matches!(e, GuardianEvent::Verify { .. } | GuardianEvent::Decide { .. }) {
            self.check_not_outdated(&r)?;
        }
        r.apply(self.engine().policy(), &e, now(now_text)?)?;
        to_json(&r)
    }

    /// `policy.childStep(context, newest)`: what the child's page shows ([`guardian::child_step`]),
    /// from their context and their newest guardian request (`null` if they never asked), judged
    /// at the context's time.
    pub fn child_step_json(&self, context: &str, newest: &str) -> Result<String, ApiError> {
        let ctx = super::read_context(context)?;
        let newest: Option<GuardianRequest> = parse_json(newest)?;
        let at = now(&ctx.now)?;
        let state = newest.as_ref().map(|r| r.state_at(at));
        // With reasons: they tell the child's own refusal from a guardian's (`guardian::askable`).
        let evaluation = self.evaluation(&ctx, crate::eval::DecideOptions::default())?;
        // A request its guardian can no longer answer (`check_not_outdated`) counts as none.
        let open = newest
            .as_ref()
            .filter(|r| self.check_not_outdated(r).is_ok())
            .and(state);
        let step = guardian::child_step(&evaluation, open);
        let joint = self.engine().rule_for(&ctx.jurisdiction)?.guardian_mode.value == GuardianMode::GuardianAndChild;
        let pick = if joint && step == ChildStep::Ask {
            guardian::askable(&evaluation).map(|d| d.purpose.clone()).collect()
        } else {
            Vec::new()
        };
        to_json(&ChildPage { step, state, pick })
    }

    /// `policy.guardianStep(request, now)`: what the guardian's page of a request asks of them at
    /// `now` ([`RequestState::guardian_step`]), and its state then.
    pub fn guardian_step_json(&self, request: &str, now_text: &str) -> Result<String, ApiError> {
        let r: GuardianRequest = parse_json(request)?;
        let state = r.state_at(now(now_text)?);
        if matches!(state, RequestState::Pending | RequestState::Verified) {
            self.check_not_outdated(&r)?;
        }
        to_json(&GuardianPage {
            step: state.guardian_step(),
            state,
        })
    }

    /// Refuses a request made where the child and a guardian consent together before the child
    /// picked what to ask for (stored before requests said `chosenByChild`): a guardian's answer
    /// to it could be no joint consent, so the child asks again.
    fn check_not_outdated(&self, r: &GuardianRequest) -> Result<(), ApiError> {
        let mode = self.engine().rule_for(&r.jurisdiction)?.guardian_mode.value;
        if mode == GuardianMode::GuardianAndChild && !r.chosen_by_child {
            return Err(Problem::at(
                "guardian.request_outdated",
                "$.request",
                "this request was made before the child could pick what to ask for, and here the child and a guardian consent together",
            )
            .hint("the child sends a new request from the site, picking the purposes they agree to")
            .into());
        }
        Ok(())
    }

    /// `policy.childWithdraws(request, choice, now)`: whether the child's logged `choice`
    /// withdraws their open `request` ([`GuardianRequest::withdrawn_by`]); the edge then applies
    /// the `cancel` event.
    pub fn child_withdraws_json(&self, request: &str, choice: &str, now_text: &str) -> Result<bool, ApiError> {
        let r: GuardianRequest = parse_json(request)?;
        let c: Choice = parse_json(choice)?;
        Ok(r.withdrawn_by(&c, now(now_text)?))
    }

    /// `policy.guardianRequestState(request, now)`: the state at `now` (an undecided request past
    /// its expiry is `expired`).
    pub fn guardian_request_state_json(&self, request: &str, now_text: &str) -> Result<String, ApiError> {
        let r: GuardianRequest = parse_json(request)?;
        to_json(&r.state_at(now(now_text)?))
    }
}

/// `guardianTokenMatches(request, token)` / code: whether a token or short code opens a request.
pub fn token_matches_json(request: &str, token: &str) -> Result<bool, ApiError> {
    let r: GuardianRequest = parse_json(request)?;
    Ok(r.token_matches(token) || r.code_matches(token))
}

/// `guardianVerification(offered, form, development)`: what to do with a guardian's verify form
/// for a request whose purposes allow the methods `offered`, with the edge's verifiers (the test
/// card only in `development`): [`guardian::GuardianVerifiers::verify`].
pub fn verification_json(
    offered: &str,
    form: &str,
    development: bool,
    contact_sha256: &str,
) -> Result<String, ApiError> {
    let offered: Vec<crate::policy::VerificationMethod> = parse_json(offered)?;
    let form: guardian::VerifyForm = parse_json(form)?;
    to_json(&guardian::GuardianVerifiers::of_edge(development).verify(&offered, &form, contact_sha256)?)
}

/// `guardianRevocable(request)`: the purposes a guardian may still revoke, in the request's order.
pub fn revocable_json(request: &str) -> Result<String, ApiError> {
    let r: GuardianRequest = parse_json(request)?;
    to_json(&r.revocable().collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorKind;
    use serde_json::Value;

    fn p() -> LoadedPolicy {
        LoadedPolicy::load(include_str!("../../policies/seed.json")).unwrap()
    }

    /// A new request of a child in CN for `search` and `location`: `{request, token, methods}`.
    fn child_asks_for_search_and_location(p: &LoadedPolicy) -> Value {
        let made = p
            .new_guardian_request_json(
                r#"{"child":"u_child","jurisdiction":"CN","purposes":["search","location"],"now":"2026-11-29T12:00:00Z"}"#,
                [9; 40],
            )
            .unwrap();
        serde_json::from_str(&made).unwrap()
    }

    /// The request once a guardian who says they are the child's `relationship` verified by card.
    fn verified_by_card(p: &LoadedPolicy, req: &str, relationship: &str) -> Result<String, ApiError> {
        let event = format!(r#"{{"type":"verify","method":"card_check","relationship":"{relationship}"}}"#);
        p.apply_guardian_event_json(req, &event, "2026-11-29T12:01:00Z")
    }

    #[test]
    fn a_verify_form_is_answered_with_the_verifier_that_proves_its_method_or_the_error_the_edge_sends() {
        // The request was sent to Parent@Example.com: its contact key is the address in lower case.
        let contact = super::guardian::contact_forms("Parent@Example.com").unwrap().1;
        let contact_sha256: String = <sha2::Sha256 as sha2::Digest>::digest(contact.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let verify = |offered: &str, form: &str, development: bool| {
            verification_json(offered, form, development, &contact_sha256)
                .map(|v| serde_json::from_str::<Value>(&v).unwrap())
                .map_err(|e| (e.code, e.kind))
        };
        let verification_json = |offered: &str, form: &str, development: bool| {
            verification_json(offered, form, development, &contact_sha256)
        };
        let both = r#"["email_plus","card_check"]"#;
        let link = verify(
            both,
            r#"{"method":"email_plus","relationship":"legal_guardian","email":" parent@example.com "}"#,
            false,
        );
        assert_eq!(
            link.unwrap(),
            serde_json::json!({"then": "send_link", "relationship": "legal_guardian", "recipient": "parent@example.com"})
        );
        // The link goes only to the address the request was sent to: another, or none, is a
        // failed attempt or an input error.
        let other = r#"{"method":"email_plus","relationship":"parent","email":"someone@example.com"}"#;
        assert_eq!(
            verify(both, other, false).unwrap_err(),
            ("guardian.verification_failed".into(), ErrorKind::Unprocessable)
        );
        let none = r#"{"method":"email_plus","relationship":"parent"}"#;
        assert_eq!(verify(both, none, false).unwrap_err().0, "input.contact");
        let card = r#"{"method":"card_check","relationship":"parent","card":"4242 4242-4242 4242"}"#;
        assert_eq!(
            verify(both, card, true).unwrap(),
            serde_json::json!({"then": "apply", "event": {"type": "verify", "method": "card_check", "relationship": "parent"}})
        );
        let refused = |offered: &str, form: &str, development: bool| verify(offered, form, development).unwrap_err();
        // The relationship first, then the method, then its verifier, then the card.
        for form in [
            r#"{"method":"email_plus"}"#,
            r#"{"method":"email_plus","relationship":"aunt"}"#,
            r#"{"method":"email_plus","relationship":"Parent"}"#,
        ] {
            assert_eq!(
                refused(both, form, true),
                ("input.relationship".into(), ErrorKind::Invalid),
                "{form}"
            );
            let hint = verification_json(both, form, true).unwrap_err().hint;
            assert_eq!(hint.as_deref(), Some("one of `parent`, `legal_guardian`"));
        }
        for form in [
            r#"{"method":"sms_code","relationship":"parent"}"#,
            r#"{"method":"telepathy","relationship":"parent"}"#,
            r#"{"relationship":"parent"}"#,
        ] {
            assert_eq!(
                refused(both, form, true),
                ("guardian.method_not_offered".into(), ErrorKind::Unprocessable),
                "{form}"
            );
        }
        // No method chosen: the message asks for one instead of naming an empty one.
        for form in [
            r#"{"relationship":"parent"}"#,
            r#"{"method":"","relationship":"parent"}"#,
        ] {
            let e = verification_json(both, form, true).unwrap_err();
            assert_eq!(e.message, "choose a way to verify", "{form}");
            assert!(e.hint.as_deref().is_some_and(|h| h.starts_with("one of `")), "{form}");
        }
        assert_eq!(
            refused(both, card, false),
            ("guardian.method_unavailable".into(), ErrorKind::Unprocessable)
        );
        assert_eq!(
            refused(
                r#"["id_document"]"#,
                r#"{"method":"id_document","relationship":"parent"}"#,
                true
            ),
            ("guardian.method_unavailable".into(), ErrorKind::Unprocessable)
        );
        for wrong in ["4242424242424241", "", "42424242424242420"] {
            let form = format!(r#"{{"method":"card_check","relationship":"parent","card":"{wrong}"}}"#);
            assert_eq!(
                refused(both, &form, true),
                ("guardian.verification_failed".into(), ErrorKind::Unprocessable)
            );
        }
        let no_card = r#"{"method":"card_check","relationship":"parent"}"#;
        assert_eq!(refused(both, no_card, true).0, "guardian.verification_failed");
        // A form or a list the engine cannot read is the caller's error.
        assert_eq!(refused(r#"["fax"]"#, card, true).1, ErrorKind::Invalid);
        assert_eq!(refused(both, r#"{"method":1}"#, true).1, ErrorKind::Invalid);
    }

    #[test]
    fn a_claim_never_loosens_the_lock_the_device_holds() {
        let p = p();
        let lock = |band: &str, j: &str| {
            format!(r#"{{"band":"{band}","jurisdiction":"{j}","lockedAt":"2026-11-01T00:00:00Z","conflicts":0}}"#)
        };
        let check = |held: Option<String>, moved: Option<String>, here: &str| {
            let field = |name: &str, l: Option<String>| l.map(|l| format!(r#""{name}":{l},"#)).unwrap_or_default();
            p.check_claim_json(&format!(
                r#"{{{}{}"jurisdiction":"{here}"}}"#,
                field("held", held),
                field("moved", moved)
            ))
        };
        let e = check(Some(lock("below_guardian_age", "CN")), Some(lock("adult", "DE")), "CN").unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.kind),
            ("device.lock_stricter", crate::error::ErrorKind::Conflict)
        );
        // Counted where the visitor is: a UK minor (13 to 17) is below Germany's guardian age of 16.
        assert!(check(Some(lock("minor", "GB")), Some(lock("minor", "DE")), "DE").is_err());
        assert!(check(Some(lock("minor", "DE")), Some(lock("minor", "GB")), "DE").is_ok());
        // A stricter or equal moved lock, no lock on either side, or an unknown band: allowed.
        assert!(check(Some(lock("adult", "DE")), Some(lock("below_guardian_age", "CN")), "DE").is_ok());
        assert!(check(Some(lock("adult", "DE")), Some(lock("adult", "DE")), "DE").is_ok());
        assert!(check(None, Some(lock("adult", "DE")), "DE").is_ok());
        assert!(check(Some(lock("unknown", "DE")), Some(lock("adult", "DE")), "DE").is_ok());
        // A subject without a known band takes on an adult's device, never a child's or a minor's:
        // its credential would carry no band.
        assert!(check(Some(lock("adult", "DE")), None, "DE").is_ok());
        assert!(check(Some(lock("adult", "DE")), Some(lock("unknown", "DE")), "DE").is_ok());
        assert!(check(Some(lock("below_guardian_age", "DE")), None, "DE").is_err());
        assert!(check(Some(lock("minor", "DE")), Some(lock("unknown", "DE")), "DE").is_err());
        assert_eq!(
            check(None, None, "Atlantis").unwrap_err().code,
            "context.invalid_jurisdiction"
        );
    }

    #[test]
    fn the_gate_locks_the_stricter_band_and_never_returns_an_age() {
        let p = p();
        let first: Value = serde_json::from_str(
            &p.answer_age_gate_json(
                r#"{"birthYear":2014,"birthMonth":3,"jurisdiction":"CN","now":"2026-11-29T12:00:00Z"}"#,
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(first["lock"]["band"], "below_guardian_age");
        assert!(!first.to_string().contains("\"age\""));
        let again = format!(
            r#"{{"birthYear":1990,"birthMonth":1,"jurisdiction":"CN","now":"2026-11-29T12:05:00Z","existing":{}}}"#,
            first["lock"]
        );
        let second: Value = serde_json::from_str(&p.answer_age_gate_json(&again).unwrap()).unwrap();
        assert_eq!(
            (second["lock"]["band"].as_str(), second["conflict"].as_bool()),
            (Some("below_guardian_age"), Some(true))
        );
        let bad = p.answer_age_gate_json(
            r#"{"birthYear":2030,"birthMonth":1,"jurisdiction":"CN","now":"2026-11-29T12:00:00Z"}"#,
        );
        assert_eq!(bad.unwrap_err().code, "age.future_birth");
        // A lock made under another place's rule is compared by the ages it stands for. China's
        // adults are 18 and over: a 36-year-old's answer in Korea agrees with it (an adult there);
        // a 12-year-old's does not, and then the lock's youngest age in Korea (18, a minor there,
        // where majority is at 19) stands against the answer's band, the stricter winning.
        let cn_adult = r#"{"band":"adult","jurisdiction":"CN","lockedAt":"2026-11-29T12:00:00Z","conflicts":0}"#;
        let in_korea = |year: i64| {
            let answer = format!(
                r#"{{"birthYear":{year},"birthMonth":1,"jurisdiction":"KR","now":"2026-11-29T12:05:00Z","existing":{cn_adult}}}"#
            );
            let v: Value = serde_json::from_str(&p.answer_age_gate_json(&answer).unwrap()).unwrap();
            (
                v["lock"]["band"].clone(),
                v["lock"]["jurisdiction"].clone(),
                v["conflict"].clone(),
            )
        };
        assert_eq!(in_korea(1990), ("adult".into(), "KR".into(), false.into()));
        assert_eq!(in_korea(2014), ("below_guardian_age".into(), "KR".into(), true.into()));
        // Germany's minors are 16 and 17: the lock and an answer of 17 in France agree (a minor
        // there); the lock never lets an answer of 12 pass as older.
        let de_minor = r#"{"band":"minor","jurisdiction":"DE","lockedAt":"2026-11-29T12:00:00Z","conflicts":0}"#;
        let in_france = format!(
            r#"{{"birthYear":2009,"birthMonth":1,"jurisdiction":"FR","now":"2026-11-29T12:05:00Z","existing":{de_minor}}}"#
        );
        let fr: Value = serde_json::from_str(&p.answer_age_gate_json(&in_france).unwrap()).unwrap();
        assert_eq!(
            (fr["lock"]["band"].as_str(), fr["conflict"].as_bool()),
            (Some("minor"), Some(false))
        );
    }

    #[test]
    fn a_request_goes_through_its_states_at_the_boundary() {
        let p = p();
        let made = child_asks_for_search_and_location(&p);
        let req = made["request"].to_string();
        assert!(token_matches_json(&req, made["token"].as_str().unwrap()).unwrap());
        assert!(!token_matches_json(&req, "nope").unwrap());
        assert_eq!(
            made["methods"],
            serde_json::json!(["card_check", "id_document", "video_call"])
        );
        let weak = p.apply_guardian_event_json(
            &req,
            r#"{"type":"verify","method":"email_plus","relationship":"parent"}"#,
            "2026-11-29T12:01:00Z",
        );
        assert_eq!(weak.unwrap_err().code, "guardian.method_too_weak");
        let verified = verified_by_card(&p, &req, "parent").unwrap();
        let decided = p
            .apply_guardian_event_json(
                &verified,
                r#"{"type":"decide","approvals":{"search":true,"location":false}}"#,
                "2026-11-29T12:02:00Z",
            )
            .unwrap();
        assert_eq!(
            p.guardian_request_state_json(&decided, "2027-01-01T00:00:00Z").unwrap(),
            "\"decided\""
        );
        assert_eq!(
            p.guardian_request_state_json(&req, "2027-01-01T00:00:00Z").unwrap(),
            "\"expired\""
        );
    }

    #[test]
    fn the_engine_says_what_the_child_and_the_guardian_see() {
        let p = p();
        let json = |t: Result<String, ApiError>| serde_json::from_str::<Value>(&t.unwrap()).unwrap();
        let child = r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"CN","ageBand":"below_guardian_age"}"#;
        let adult = r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"CN","ageBand":"adult"}"#;
        assert_eq!(
            json(p.child_step_json(child, "null")),
            serde_json::json!({"step": "ask", "state": null})
        );
        assert_eq!(json(p.child_step_json(adult, "null"))["step"], "leave");
        let made = json(p.new_guardian_request_json(
            r#"{"child":"s-kid","jurisdiction":"CN","purposes":["search"],"now":"2026-11-29T11:00:00Z"}"#,
            [5; 40],
        ));
        let req = made["request"].to_string();
        assert_eq!(
            json(p.child_step_json(child, &req)),
            serde_json::json!({"step": "wait", "state": "pending"})
        );
        assert_eq!(
            json(p.guardian_step_json(&req, "2026-11-29T12:00:00Z")),
            serde_json::json!({"step": "verify", "state": "pending"})
        );
        // Past its expiry, judged at the context's time: the child asks again, the guardian's page
        // is closed.
        let later = r#"{"now":"2027-06-01T00:00:00Z","jurisdiction":"CN","ageBand":"below_guardian_age"}"#;
        assert_eq!(
            json(p.child_step_json(later, &req)),
            serde_json::json!({"step": "ask", "state": "expired"})
        );
        assert_eq!(
            json(p.guardian_step_json(&req, "2027-06-01T00:00:00Z")),
            serde_json::json!({"step": "closed", "state": "expired"})
        );
        let verified = p
            .apply_guardian_event_json(
                &req,
                r#"{"type":"verify","method":"card_check","relationship":"parent"}"#,
                "2026-11-29T12:01:00Z",
            )
            .unwrap();
        assert_eq!(
            json(p.guardian_step_json(&verified, "2026-11-29T12:02:00Z"))["step"],
            "decide"
        );
        // What is not a request, or not a time, is refused as such.
        assert_eq!(
            p.child_step_json(child, "{}").unwrap_err().kind,
            crate::api::ErrorKind::Invalid
        );
        assert_eq!(
            p.guardian_step_json(&req, "soon").unwrap_err().code,
            "input.invalid_time"
        );
    }

    const CHILD_CN: &str = r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"CN","ageBand":"below_guardian_age"}"#;

    fn ask(p: &LoadedPolicy, context: &str, args: &str) -> Result<Value, String> {
        p.ask_guardian_json(context, args, [3; 40])
            .map(|t| serde_json::from_str(&t).unwrap())
            .map_err(|e| e.code.to_string())
    }

    #[test]
    fn only_a_child_in_the_guardian_flow_on_their_own_device_asks() {
        let p = p();
        let adult = r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"CN","ageBand":"adult"}"#;
        let mine = r#"{"child":"s-kid","lockSubject":"s-kid","contact":" Parent@Example.com "}"#;
        assert_eq!(ask(&p, adult, mine).unwrap_err(), "guardian.not_needed");
        let someone_elses = r#"{"child":"s-kid","lockSubject":"s-other","contact":"parent@example.com"}"#;
        assert_eq!(ask(&p, CHILD_CN, someone_elses).unwrap_err(), "guardian.not_needed");
        let no_subject = r#"{"child":null,"lockSubject":null,"contact":"parent@example.com"}"#;
        assert_eq!(ask(&p, CHILD_CN, no_subject).unwrap_err(), "guardian.not_needed");
        let made = ask(&p, CHILD_CN, mine).unwrap();
        assert_eq!(
            (made["recipient"].as_str(), made["contactKey"].as_str()),
            (Some("Parent@Example.com"), Some("parent@example.com"))
        );
        assert_eq!(made["request"]["child"], "s-kid");
        // Every purpose that needs a guardian's consent, and only those.
        let asked: Vec<String> = serde_json::from_value(made["request"]["purposes"].clone()).unwrap();
        let evaluation: Value = serde_json::from_str(&p.evaluate_json(CHILD_CN).unwrap()).unwrap();
        let needs: Vec<&str> = evaluation["purposes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["decision"] == "needs_guardian_consent")
            .map(|d| d["purpose"].as_str().unwrap())
            .collect();
        assert!(!needs.is_empty());
        assert_eq!(asked, needs);
    }

    #[test]
    fn a_child_may_ask_about_what_they_kept_off_but_not_about_what_a_guardian_refused() {
        let p = p();
        let with = |by: &str| {
            CHILD_CN.replace(
                r#""ageBand""#,
                &format!(
                    r#""consents":{{"search":{{"state":"ConsentRefused","time":"2026-11-28T12:00:00Z","policyVersion":"1.0.0","by":"{by}"}}}},"ageBand""#
                ),
            )
        };
        let search = r#"{"child":"s-kid","lockSubject":"s-kid","contact":"p@example.com","purposes":["search"]}"#;
        // The child's own "no": the purpose is off, and the child may still bring it to a guardian.
        let kept_off = with("self");
        let evaluation: Value = serde_json::from_str(&p.evaluate_json(&kept_off).unwrap()).unwrap();
        let search_decision = evaluation["purposes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["purpose"] == "search")
            .unwrap()["decision"]
            .clone();
        assert_eq!(search_decision, "denied");
        assert_eq!(
            ask(&p, &kept_off, search).unwrap()["request"]["purposes"],
            serde_json::json!(["search"])
        );
        // A guardian's "no" stands: the child does not ask again about it.
        assert_eq!(
            ask(&p, &with("guardian"), search).unwrap_err(),
            "guardian.purpose_not_asked"
        );
    }

    #[test]
    fn the_message_says_who_asks_who_runs_the_site_what_is_asked_and_when_the_address_goes() {
        let p = p();
        let args = r#"{"child":"s-kid","lockSubject":"s-kid","contact":"p@example.com","purposes":["search"],"origin":"https://shop.example","locale":"en"}"#;
        let made = ask(&p, CHILD_CN, args).unwrap();
        let m = &made["message"];
        let (subject, body, link) = (
            m["subject"].as_str().unwrap(),
            m["body"].as_str().unwrap(),
            m["link"].as_str().unwrap(),
        );
        assert_eq!(subject, "Example Shop Ltd.: a child asks for your consent");
        assert_eq!(
            link,
            format!(
                "https://shop.example/guardian/{}?lang=en",
                made["token"].as_str().unwrap()
            )
        );
        let at = made["request"]["expiresAt"].as_str().unwrap();
        let expires = format!("{} {} UTC", &at[..10], &at[11..16]);
        let code = made["code"].as_str().unwrap();
        for part in [
            "A child using https://shop.example gave this address",
            "The site is run by Example Shop Ltd.",
            "They ask about: Search.",
            link,
            code,
            &expires,
            "your address is deleted",
            "https://shop.example/privacy",
        ] {
            assert!(body.contains(part), "{part:?} not in {body}");
        }
        assert!(
            !body.contains("Ltd.."),
            "a name's own full stop ends the sentence: {body}"
        );
        // Where the guardian alone decides, the child declines nothing by asking.
        assert_eq!(made["declined"], serde_json::json!([]));
        // In the guardian's language, with the policy's own texts in it.
        let zh = args.replace(r#""locale":"en""#, r#""locale":"zh-CN""#);
        let m = &ask(&p, CHILD_CN, &zh).unwrap()["message"];
        assert!(m["subject"].as_str().unwrap().starts_with("示例商城有限公司"), "{m}");
        assert!(m["link"].as_str().unwrap().ends_with("?lang=zh-CN"));
        // Without the site's origin, no message is written.
        let bare = r#"{"child":"s-kid","lockSubject":"s-kid","contact":"p@example.com","purposes":["search"]}"#;
        assert!(ask(&p, CHILD_CN, bare).unwrap().get("message").is_none());
    }

    #[test]
    fn a_childs_refusal_of_what_an_open_request_asks_withdraws_it() {
        let p = p();
        let made = ask(
            &p,
            CHILD_CN,
            r#"{"child":"s-kid","lockSubject":"s-kid","contact":"p@example.com","purposes":["search"]}"#,
        )
        .unwrap();
        let request = made["request"].to_string();
        let choice = |purpose: &str, state: &str| {
            format!(
                r#"{{"subject":"s-kid","jurisdiction":"CN","locale":"en","purposes":[{{"purpose":"{purpose}","state":"{state}","separate":true}}],"collectionMethod":"banner_layer1"}}"#
            )
        };
        let at = "2026-11-29T12:00:00Z";
        assert!(p
            .child_withdraws_json(&request, &choice("search", "ConsentRefused"), at)
            .unwrap());
        // Another purpose, or once the request lapsed: nothing to withdraw.
        assert!(!p
            .child_withdraws_json(&request, &choice("location", "ConsentRefused"), at)
            .unwrap());
        assert!(!p
            .child_withdraws_json(&request, &choice("search", "ConsentRefused"), "2027-06-01T00:00:00Z")
            .unwrap());
    }

    #[test]
    fn the_address_is_checked_first_and_the_purposes_come_from_the_engine() {
        let p = p();
        let bad = r#"{"child":"s-kid","lockSubject":"s-kid","contact":"parent\u0007@example.com"}"#;
        assert_eq!(ask(&p, CHILD_CN, bad).unwrap_err(), "input.contact");
        let strange = r#"{"child":"s-kid","lockSubject":"s-kid","contact":"p@example.com","purposes":["search","essential-nope"]}"#;
        assert_eq!(ask(&p, CHILD_CN, strange).unwrap_err(), "guardian.purpose_not_asked");
        let some = r#"{"child":"s-kid","lockSubject":"s-kid","contact":"p@example.com","purposes":["search"]}"#;
        assert_eq!(
            ask(&p, CHILD_CN, some).unwrap()["request"]["purposes"],
            serde_json::json!(["search"])
        );
    }

    #[test]
    fn a_guardians_decision_records_each_purpose_in_the_requests_order() {
        let p = p();
        let made = child_asks_for_search_and_location(&p);
        let req = made["request"].to_string();
        let decide = r#"{"type":"decide","approvals":{"location":false,"search":true}}"#;
        assert_eq!(
            p.guardian_choice_json(&req, decide, "en").unwrap_err().code,
            "guardian.not_verified"
        );
        let verified = verified_by_card(&p, &req, "legal_guardian").unwrap();
        let step: Value = serde_json::from_str(&p.guardian_choice_json(&verified, decide, "zh-CN").unwrap()).unwrap();
        assert_eq!(
            step["choice"]["purposes"],
            serde_json::json!([
                {"purpose": "search", "state": "ConsentGiven", "separate": true},
                {"purpose": "location", "state": "ConsentRefused", "separate": true}
            ])
        );
        assert_eq!(
            step["choice"]["actor"],
            serde_json::json!({"type": "guardian", "relationship": "legal_guardian", "verification": "card_check"})
        );
        assert_eq!(
            (
                step["choice"]["collectionMethod"].as_str(),
                step["choice"]["ageBand"].as_str(),
                step["choice"]["locale"].as_str()
            ),
            (Some("guardian_page"), Some("below_guardian_age"), Some("zh-CN"))
        );
        assert_eq!(
            step["context"],
            serde_json::json!({"jurisdiction": "CN", "ageBand": "below_guardian_age"})
        );
        let revoke: Value = serde_json::from_str(
            &p.guardian_choice_json(&verified, r#"{"type":"revoke","purposes":["search"]}"#, "en")
                .unwrap(),
        )
        .unwrap();
        assert_eq!(revoke["choice"]["purposes"][0]["state"], "ConsentRevoked");
        let verify = r#"{"type":"verify","method":"card_check","relationship":"parent"}"#;
        assert_eq!(
            p.guardian_choice_json(&verified, verify, "en").unwrap_err().code,
            "guardian.no_choice"
        );
        // A relationship the engine does not know is refused by the event's reader.
        let uncle = verified_by_card(&p, &req, "uncle");
        assert!(uncle.is_err());
    }

    /// In France below 15 the child and a guardian consent together: the child's request names
    /// the purposes the child agrees to, and the guardian's approval completes the joint consent,
    /// which the receipt says and the evaluator then counts (R-GUARDIAN-JOINT before it).
    #[test]
    fn in_a_joint_jurisdiction_the_guardians_approval_of_the_childs_request_is_joint() {
        let p = p();
        let child_fr = r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"FR","ageBand":"below_guardian_age"}"#;
        // The child picks what to ask for: a request that names nothing is refused here.
        let all = r#"{"child":"s-kid","lockSubject":"s-kid","contact":"parent@example.com"}"#;
        assert_eq!(ask(&p, child_fr, all).unwrap_err(), "guardian.child_chooses");
        assert_eq!(
            p.ask_guardian_json(child_fr, all, [3; 40]).unwrap_err().kind,
            crate::api::ErrorKind::Unprocessable
        );
        let picked = r#"{"child":"s-kid","lockSubject":"s-kid","contact":"parent@example.com","purposes":["search"]}"#;
        let made = ask(&p, child_fr, picked).unwrap();
        assert_eq!(made["request"]["chosenByChild"], true);
        // What the child left out is their "no", for the edge to record.
        let declined: Vec<&str> = made["declined"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert!(!declined.is_empty() && !declined.contains(&"search"), "{declined:?}");
        assert!(declined.iter().all(|d| *d != "essential"));
        let verified = verified_by_card(&p, &made["request"].to_string(), "parent").unwrap();
        let decide = r#"{"type":"decide","approvals":{"search":true}}"#;
        let step: Value = serde_json::from_str(&p.guardian_choice_json(&verified, decide, "fr").unwrap()).unwrap();
        assert_eq!(step["choice"]["actor"]["joint"], true);
        // A revocation is the guardian's alone: never joint.
        let revoke = r#"{"type":"revoke","purposes":["search"]}"#;
        let taken: Value = serde_json::from_str(&p.guardian_choice_json(&verified, revoke, "fr").unwrap()).unwrap();
        assert_eq!(taken["choice"]["actor"].get("joint"), None);
        // A request the child did not pick (as one stored before children picked) is outdated.
        let unpicked = p
            .new_guardian_request_json(
                r#"{"child":"u_child","jurisdiction":"FR","purposes":["search"],"now":"2026-11-29T12:00:00Z"}"#,
                [9; 40],
            )
            .unwrap();
        let unpicked: Value = serde_json::from_str(&unpicked).unwrap();
        let unpicked = unpicked["request"].to_string();
        // Its guardian's page, verification and decision are refused: the child asks again.
        assert_eq!(
            verified_by_card(&p, &unpicked, "parent").unwrap_err().code,
            "guardian.request_outdated"
        );
        let outdated = p.guardian_step_json(&unpicked, "2026-11-29T12:02:00Z").unwrap_err();
        assert_eq!(
            (outdated.code.as_str(), outdated.kind),
            ("guardian.request_outdated", crate::api::ErrorKind::Conflict)
        );
        assert_eq!(
            p.guardian_choice_json(&unpicked, decide, "fr").unwrap_err().code,
            "guardian.request_outdated"
        );
        let page: Value = serde_json::from_str(&p.child_step_json(child_fr, &unpicked).unwrap()).unwrap();
        assert_eq!(page["step"], "ask", "the child may ask again at once");
        let consents = serde_json::json!({"search": {
            "state": "ConsentGiven", "time": "2026-11-29T12:02:00Z", "policyVersion": "1.0.0",
            "by": "guardian", "separate": true, "joint": step["choice"]["actor"]["joint"]}});
        let ctx =
            serde_json::json!({"now": "2026-11-29T12:03:00Z", "jurisdiction": "FR", "age": 14, "consents": consents});
        let decided: Value = serde_json::from_str(&p.decide_json("search", &ctx.to_string()).unwrap()).unwrap();
        assert_eq!(decided["decision"], "allowed");
        // Where the guardian's consent alone counts, the receipt is not joint.
        let verified_cn = verified_by_card(
            &p,
            &child_asks_for_search_and_location(&p)["request"].to_string(),
            "parent",
        )
        .unwrap();
        let step: Value = serde_json::from_str(&p.guardian_choice_json(&verified_cn, decide, "en").unwrap()).unwrap();
        assert_eq!(step["choice"]["actor"].get("joint"), None);
    }
}
