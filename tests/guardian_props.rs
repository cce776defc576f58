//! For any subject below the guardian age, no optional purpose is ever allowed without a valid,
//! unrevoked guardian receipt for that purpose and that subject: random histories of real signed
//! receipts, with the child's own consents, other children's receipts and forgeries mixed in.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod receipt_support;

use std::sync::OnceLock;

use assent::api::receipts::{consents_from_receipts_json, Signer};
use assent::api::{Decides, LoadedPolicy};
use proptest::prelude::*;
use serde_json::{json, Value};

const SEED: &str = include_str!("../policies/seed.json");
const CHILD: &str = "u_child0000000001";
const OTHER: &str = "u_child0000000002";
const PURPOSES: &[&str] = &[
    "search",
    "location",
    "analytics-cookies",
    "marketing",
    "mini-programs",
    "cross-border",
];
const STATES: &[&str] = &["ConsentGiven", "ConsentRefused", "ConsentWithdrawn", "ConsentRevoked"];

struct Fixture {
    policy: LoadedPolicy,
    site: Signer,
    forger: Signer,
    jwks: String,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let policy = LoadedPolicy::load(SEED).unwrap();
        let site = receipt_support::signer(1);
        let forger = receipt_support::signer(2);
        let jwks = site.public_jwks_json().unwrap();
        Fixture {
            policy,
            site,
            forger,
            jwks,
        }
    })
}

#[derive(Debug, Clone)]
struct Event {
    purpose: usize,
    state: usize,
    guardian: bool,
    other_child: bool,
    forged: bool,
    day: u8,
    separate: bool,
}

fn event() -> impl Strategy<Value = Event> {
    (
        0..PURPOSES.len(),
        0..STATES.len(),
        any::<bool>(),
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.2),
        0u8..28,
        any::<bool>(),
    )
        .prop_map(|(purpose, state, guardian, other_child, forged, day, separate)| Event {
            purpose,
            state,
            guardian,
            other_child,
            forged,
            day,
            separate,
        })
}

fn sign(e: &Event, n: usize) -> String {
    let f = fixture();
    let actor = if e.guardian {
        json!({"type": "guardian", "relationship": "parent", "verification": "card_check"})
    } else {
        json!({"type": "self"})
    };
    let choice = json!({
        "subject": if e.other_child { OTHER } else { CHILD }, "actor": actor, "jurisdiction": "CN", "locale": "zh-CN",
        "ageBand": "below_guardian_age", "collectionMethod": if e.guardian { "guardian_page" } else { "banner_layer2" },
        "purposes": [{"purpose": PURPOSES[e.purpose], "state": STATES[e.state], "separate": e.separate}],
    });
    let signer = if e.forged { &f.forger } else { &f.site };
    let id = format!("00000000-0000-4000-8000-{n:012x}");
    let out: Value = serde_json::from_str(
        &signer
            .sign_json(
                &choice.to_string(),
                &format!("2026-11-{:02}T10:00:{:02}Z", e.day + 1, n % 60),
                &id,
            )
            .unwrap(),
    )
    .unwrap();
    out["jws"].as_str().unwrap().to_string()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn a_childs_optional_purpose_needs_a_valid_unrevoked_guardian_receipt(events in prop::collection::vec(event(), 0..8)) {
        let f = fixture();
        let tokens: Vec<String> = events.iter().enumerate().map(|(n, e)| sign(e, n)).collect();
        let opts = json!({"now": "2026-11-29T12:00:00Z", "subject": CHILD}).to_string();
        let from: Value = serde_json::from_str(&consents_from_receipts_json(&serde_json::to_string(&tokens).unwrap(), &f.jwks, &opts, Some(&f.policy.source().unwrap())).unwrap()).unwrap();
        let ctx = json!({"now": "2026-11-29T12:00:00Z", "jurisdiction": "CN", "age": 10, "consents": from["consents"]});
        let out: Value = serde_json::from_str(&f.policy.evaluate_json(&ctx.to_string()).unwrap()).unwrap();
        for d in out["purposes"].as_array().unwrap() {
            if d["kind"] == "essential" || d["decision"] != "allowed" {
                continue;
            }
            let p = d["purpose"].as_str().unwrap();
            // The latest genuine receipt of this child for this purpose...
            let latest = events.iter().enumerate()
                .filter(|(_, e)| !e.forged && !e.other_child && PURPOSES[e.purpose] == p)
                .max_by_key(|(n, e)| (e.day, *n % 60, *n));
            let (_, e) = latest.unwrap_or_else(|| panic!("{p} allowed with no genuine receipt of this child: {events:?}"));
            // ...is a guardian's consent, not the child's own and not a revocation.
            prop_assert!(e.guardian, "{p} allowed on the child's own receipt: {events:?}");
            prop_assert_eq!(STATES[e.state], "ConsentGiven", "{} allowed after {}", p, STATES[e.state]);
        }
    }
}
