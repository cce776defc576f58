//! The consent events at the boundary, for the edge's callers: which events each receipt the
//! edge has just logged raises (`change`, `accept:<purpose>`, `reject:<purpose>`), by the rule the
//! banner follows in the page ([`crate::banner::events::fired`]).

use crate::prelude::*;
use serde::Serialize;

use super::{to_json, ApiError, Decides, LoadedPolicy};
use crate::banner::events::{fired, BannerEvent, Outlook};
use crate::eval::DecideOptions;
use crate::policy::parse_json;
use crate::receipt;

/// What one logged receipt changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Recorded {
    /// The receipt's id.
    pub receipt_id: String,
    /// Whose choice it records.
    pub subject: String,
    /// The events it raises, `change` first, then each purpose's in the order of their ids.
    pub events: Vec<String>,
    /// The purposes that may run now and did not before.
    pub accepted: Vec<String>,
    /// The purposes a choice or a rule now stops or refuses.
    pub rejected: Vec<String>,
}

impl LoadedPolicy {
    /// `policy.receiptEvents(context, receipts)`: for each receipt (compact JWS, in the order
    /// they were logged), the events it raises for the visitor of `context`, whose `consents`
    /// are those recorded before the first of them. Each receipt is judged at its own `issuedAt`
    /// and adds its choices to the consents the next one is judged against. The receipts are
    /// decoded, not verified: they are the ones the caller's log has just signed.
    pub fn receipt_events_json(&self, context: &str, receipts: &str) -> Result<String, ApiError> {
        let mut ctx = super::read_context(context)?;
        let tokens: Vec<String> = parse_json(receipts)?;
        let quick = DecideOptions { reasons: false };
        let mut out = Vec::with_capacity(tokens.len());
        for token in &tokens {
            let r = receipt::decode_unverified(token)?;
            ctx.now = r.issued_at.clone();
            let before = Outlook::of(&self.evaluation(&ctx, quick)?);
            for (purpose, consent) in receipt::receipt_consents(&r) {
                ctx.consents.insert(purpose, consent);
            }
            let after = Outlook::of(&self.evaluation(&ctx, quick)?);
            let events = fired(before.states(), after.states());
            let of = |pick: fn(&BannerEvent) -> Option<&String>| events.iter().filter_map(pick).cloned().collect();
            out.push(Recorded {
                accepted: of(|e| match e {
                    BannerEvent::Accept(id) => Some(id),
                    _ => None,
                }),
                rejected: of(|e| match e {
                    BannerEvent::Reject(id) => Some(id),
                    _ => None,
                }),
                events: events.iter().map(BannerEvent::name).collect(),
                receipt_id: r.receipt_id,
                subject: r.subject,
            });
        }
        to_json(&out)
    }

    /// `policy.checkEvents(names)`: refuses (with the policy's purposes) a name that is no
    /// event: `change`, `accept:<purpose>` or `reject:<purpose>` of this policy.
    pub fn check_events_json(&self, names: &str) -> Result<(), ApiError> {
        let names: Vec<String> = parse_json(names)?;
        let purposes: Vec<&str> = self.engine().policy().purposes.iter().map(|p| p.id.as_str()).collect();
        for name in &names {
            BannerEvent::parse_among(name, &purposes)?;
        }
        Ok(())
    }
}

#[cfg(all(test, feature = "sign"))]
mod tests {
    use super::*;
    use crate::api::receipts::Signer;
    use crate::receipt::SigningKeySet;
    use serde_json::{json, Value};

    const SEED: &str = include_str!("../../policies/seed.json");
    const ADULT_DE: &str = r#"{"now": "2026-12-06T10:00:00Z", "jurisdiction": "DE", "ageBand": "adult"}"#;

    /// The receipt the edge logs for `request` (`receiptChoice`'s input), signed with real keys.
    fn receipt(policy: &LoadedPolicy, context: &str, request: Value, at: &str, id: &str) -> String {
        let keys = SigningKeySet::generate([7; 32]);
        let signer = Signer::new(&keys.to_json_pretty(), LoadedPolicy::load(SEED).unwrap()).unwrap();
        let choice = policy.receipt_choice_json(context, &request.to_string()).unwrap();
        let signed: Value = serde_json::from_str(&signer.sign_json(&choice, at, id).unwrap()).unwrap();
        signed["jws"].as_str().unwrap().to_string()
    }

    fn events(policy: &LoadedPolicy, context: &str, receipts: &[String]) -> Vec<Value> {
        let text = policy
            .receipt_events_json(context, &serde_json::to_string(receipts).unwrap())
            .unwrap();
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn a_logged_consent_accepts_and_a_later_withdrawal_rejects_what_it_names() {
        let p = LoadedPolicy::load(SEED).unwrap();
        let given = receipt(
            &p,
            ADULT_DE,
            json!({"subject": "s-0000-0001", "locale": "en", "method": "banner_layer2",
                   "choices": {"analytics-cookies": true, "advertising": false}}),
            "2026-12-06T10:00:01Z",
            "00000000-0000-4000-8000-000000000001",
        );
        let withdrawn = receipt(
            &p,
            ADULT_DE,
            json!({"subject": "s-0000-0001", "locale": "en", "method": "api", "withdraw": ["analytics-cookies"]}),
            "2026-12-06T10:00:02Z",
            "00000000-0000-4000-8000-000000000002",
        );
        let out = events(&p, ADULT_DE, &[given, withdrawn]);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0]["receiptId"], "00000000-0000-4000-8000-000000000001");
        assert_eq!(out[0]["subject"], "s-0000-0001");
        assert_eq!(
            out[0]["events"],
            json!(["change", "reject:advertising", "accept:analytics-cookies"])
        );
        assert_eq!(
            (&out[0]["accepted"], &out[0]["rejected"]),
            (&json!(["analytics-cookies"]), &json!(["advertising"]))
        );
        // The second is judged against the first: only what it stops is rejected.
        assert_eq!(out[1]["events"], json!(["change", "reject:analytics-cookies"]));
        assert_eq!(out[1]["accepted"], json!([]));
    }

    #[test]
    fn consenting_again_to_what_already_runs_raises_only_change() {
        let p = LoadedPolicy::load(SEED).unwrap();
        let before = r#"{"now": "2026-12-06T10:00:00Z", "jurisdiction": "DE", "ageBand": "adult",
            "consents": {"analytics-cookies": {"state": "ConsentGiven", "time": "2026-12-01T00:00:00Z", "policyVersion": "1.0.0"}}}"#;
        let again = receipt(
            &p,
            before,
            json!({"subject": "s-0000-0002", "locale": "en", "method": "api", "choices": {"analytics-cookies": true}}),
            "2026-12-06T10:00:01Z",
            "00000000-0000-4000-8000-000000000003",
        );
        assert_eq!(events(&p, before, &[again])[0]["events"], json!(["change"]));
    }

    #[test]
    fn a_bad_receipt_or_event_name_is_a_typed_error() {
        let p = LoadedPolicy::load(SEED).unwrap();
        let e = p.receipt_events_json(ADULT_DE, r#"["not.a.jws"]"#).unwrap_err();
        assert!(e.code.starts_with("receipt."), "{e:?}");
        assert_eq!(p.receipt_events_json(ADULT_DE, "{}").unwrap_err().path, "$");
        assert!(p
            .check_events_json(r#"["change", "accept:analytics-cookies", "reject:advertising"]"#)
            .is_ok());
        let e = p.check_events_json(r#"["accept:analytics"]"#).unwrap_err();
        assert_eq!(e.code, "input.event");
        assert!(e.hint.as_deref().unwrap_or("").contains("analytics-cookies"), "{e:?}");
        assert_eq!(p.check_events_json(r#"["allow:ads"]"#).unwrap_err().code, "input.event");
    }
}
