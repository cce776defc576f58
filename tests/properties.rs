//! Properties of the evaluator over random visitors: nothing optional is allowed without a
//! basis, and taking something away (consent, age, GPC off) never turns a "no" into a "yes".
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::collections::BTreeMap;
use std::sync::OnceLock;

mod eval_support;

use assent::eval::{Actor, Consent, ConsentState, Context, Decision, Engine, Evaluation};
use assent::policy::PurposeKind;
use eval_support::consent;
use proptest::prelude::*;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/policies/versions/seed-1.1.0.json"
        ))
        .unwrap();
        Engine::from_json(&text).unwrap()
    })
}

const JURISDICTIONS: &[&str] = &[
    "CN", "DE", "FR", "US", "US-CA", "US-CO", "GB", "IN", "KR", "BR", "IT", "US-TX",
];
const VERSIONS: &[&str] = &["1.0.0", "1.1.0", "0.9.0"];

fn context() -> impl Strategy<Value = Context> {
    let ids: Vec<String> = engine().policy().purposes.iter().map(|p| p.id.clone()).collect();
    (
        0..JURISDICTIONS.len(),
        proptest::option::weighted(0.85, 0u8..40),
        any::<bool>(),
        // Consents mostly in the past; a few in the future to exercise the clock-skew rule.
        proptest::collection::btree_map(proptest::sample::select(ids), consent(-5..795, VERSIONS), 0..10),
    )
        .prop_map(|(j, age, gpc, consents)| Context {
            now: "2026-11-29T12:00:00Z".into(),
            jurisdiction: JURISDICTIONS[j].into(),
            age,
            age_band: None,
            age_band_in: None,
            gpc,
            consents: consents.into_iter().collect(),
            seen_policy_version: None,
            locale: None,
        })
}

fn allowed(e: &Evaluation) -> BTreeMap<String, bool> {
    e.purposes
        .iter()
        .map(|d| (d.purpose.clone(), d.decision == Decision::Allowed))
        .collect()
}

/// Every purpose allowed in `after` was allowed in `before`.
fn no_new_allowed(before: &Evaluation, after: &Evaluation) -> Result<(), TestCaseError> {
    let b = allowed(before);
    for (p, a) in allowed(after) {
        prop_assert!(
            !a || b[&p],
            "{p} became allowed: {:?}",
            after.purposes.iter().find(|d| d.purpose == p)
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn nothing_optional_is_allowed_without_a_valid_consent(ctx in context()) {
        let out = engine().evaluate(&ctx).unwrap();
        for d in &out.purposes {
            if d.decision != Decision::Allowed || d.kind == PurposeKind::Essential {
                continue;
            }
            let c = ctx.consents.get(&d.purpose);
            prop_assert!(c.is_some_and(|c| c.state.is_valid_consent()), "{} allowed without consent: {d:?}", d.purpose);
            prop_assert!(ctx.age.is_some(), "allowed before the age is known");
            if out.age_band == assent::eval::AgeBand::BelowGuardianAge {
                prop_assert_eq!(c.map(|c| c.by), Some(Actor::Guardian), "a child's purpose allowed without a guardian");
            }
        }
    }

    #[test]
    fn withdrawing_or_revoking_never_allows(ctx in context(), pick in any::<prop::sample::Index>(), revoke in any::<bool>()) {
        let before = engine().evaluate(&ctx).unwrap();
        let ids: Vec<String> = engine().policy().purposes.iter().map(|p| p.id.clone()).collect();
        let id = pick.get(&ids).clone();
        let mut after_ctx = ctx.clone();
        if !after_ctx.consents.contains_key(&id) {
            let given = Consent {
                state: ConsentState::ConsentGiven,
                time: "2026-11-01T00:00:00Z".into(),
                policy_version: "1.1.0".into(),
                by: Actor::Subject,
                separate: true,
                joint: true,
            };
            after_ctx.consents.insert(id.clone(), given);
        }
        let entry = after_ctx.consents.get_mut(&id).unwrap();
        entry.state = if revoke { ConsentState::ConsentRevoked } else { ConsentState::ConsentWithdrawn };
        let after = engine().evaluate(&after_ctx).unwrap();
        no_new_allowed(&before, &after)?;
        let d = after.purposes.iter().find(|d| d.purpose == id).unwrap();
        prop_assert!(d.kind == PurposeKind::Essential || d.decision != Decision::Allowed, "{id} still allowed after withdrawal");
    }

    #[test]
    fn lowering_the_age_never_allows(ctx in context(), drop in 1u8..30) {
        prop_assume!(ctx.age.is_some());
        let before = engine().evaluate(&ctx).unwrap();
        let mut younger = ctx.clone();
        younger.age = ctx.age.map(|a| a.saturating_sub(drop));
        let after = engine().evaluate(&younger).unwrap();
        no_new_allowed(&before, &after)?;
    }

    #[test]
    fn turning_gpc_on_never_allows(ctx in context()) {
        let mut off = ctx.clone();
        off.gpc = false;
        let mut on = ctx;
        on.gpc = true;
        no_new_allowed(&engine().evaluate(&off).unwrap(), &engine().evaluate(&on).unwrap())?;
    }

    #[test]
    fn every_decision_explains_itself(ctx in context()) {
        let out = engine().evaluate(&ctx).unwrap();
        for d in &out.purposes {
            prop_assert!(!d.reasons.is_empty(), "{} has no reason", d.purpose);
            for r in &d.reasons {
                prop_assert!(r.rule.starts_with("R-") && !r.clause.is_empty() && !r.message.is_empty());
            }
        }
    }
}
