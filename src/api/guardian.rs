//! The guardian flow at the boundary: the age gate's answer, the device lock, and guardian
//! requests with their state machine. The edge stores requests (a Durable Object); every rule
//! is here.

use crate::prelude::*;
use serde::{Deserialize, Serialize};

use super::{to_json, ApiError, LoadedPolicy};
use crate::guardian::{self, AgeLock, GuardianEvent, GuardianRequest};
use crate::policy::{parse_json, Problem};
use crate::time::Timestamp;

fn now(s: &str) -> Result<Timestamp, ApiError> {
    Timestamp::parse(s).map_err(|e| {
        Problem::at("input.invalid_time", "$.now", e.0)
            .hint("pass now as RFC 3339")
            .into()
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AgeAnswer {
    birth_year: i64,
    birth_month: u32,
    jurisdiction: String,
    now: String,
    #[serde(default)]
    existing: Option<AgeLock>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AgeGateResult {
    lock: AgeLock,
    /// Whether this answer disagreed with an earlier one (the stricter band stands).
    conflict: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewRequest {
    request: GuardianRequest,
    /// The guardian's link token: send it to the guardian, never store it.
    token: String,
    /// The short code the guardian may type instead.
    code: String,
    /// The verification methods the guardian may use for these purposes.
    methods: Vec<crate::policy::VerificationMethod>,
}

impl LoadedPolicy {
    /// `policy.answerAgeGate({birthYear, birthMonth, jurisdiction, now, existing?})`: the band for
    /// this answer, locked for the device; an earlier lock is never loosened. The age itself is
    /// not returned.
    pub fn answer_age_gate_json(&self, answer: &str) -> Result<String, ApiError> {
        let a: AgeAnswer = parse_json(answer)?;
        let at = now(&a.now)?;
        let rule = self.engine().rule_for(&a.jurisdiction)?;
        let age = guardian::age_from_birth(a.birth_year, a.birth_month, at)?;
        let band = guardian::band_for(age, &rule);
        let before = a.existing.as_ref().map(|l| (l.band, l.conflicts));
        let lock = guardian::lock_answer(a.existing, band, &a.jurisdiction, at);
        let conflict = before.is_some_and(|(_, c)| lock.conflicts > c);
        to_json(&AgeGateResult { lock, conflict })
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
        r.apply(self.engine().policy(), &e, now(now_text)?)?;
        to_json(&r)
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn p() -> LoadedPolicy {
        LoadedPolicy::load(include_str!("../../policies/seed.json")).unwrap()
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
    }

    #[test]
    fn a_request_goes_through_its_states_at_the_boundary() {
        let p = p();
        let made: Value = serde_json::from_str(
            &p.new_guardian_request_json(
                r#"{"child":"u_child","jurisdiction":"CN","purposes":["search","location"],"now":"2026-11-29T12:00:00Z"}"#,
                [9; 40],
            )
            .unwrap(),
        )
        .unwrap();
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
        let verified = p
            .apply_guardian_event_json(
                &req,
                r#"{"type":"verify","method":"card_check","relationship":"parent"}"#,
                "2026-11-29T12:01:00Z",
            )
            .unwrap();
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
}
