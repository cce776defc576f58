//! Properties of the signal codecs: TC strings round-trip, the decoder never panics on any
//! input, and the signals follow the evaluator (a signal never grants what a decision denies).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use assent::banner::adtech::AdPurpose;
use assent::compiled::CompiledPolicy;
use assent::eval::{Decision, PurposeDecision};
use assent::policy::{ConsentModeSignal, PurposeKind};
use assent::signals::tcf::MAX_TC_STRING_LEN;
use assent::signals::{ConsentModeState, ConsentStatus, Gpc, TcfChoice};
use proptest::prelude::*;

fn seed() -> CompiledPolicy {
    assent::eval::Engine::from_json(include_str!("../policies/seed.json"))
        .unwrap()
        .evaluator()
        .policy()
        .clone()
}

fn decision() -> impl Strategy<Value = Decision> {
    prop_oneof![
        Just(Decision::Allowed),
        Just(Decision::Denied),
        Just(Decision::NeedsConsent),
        Just(Decision::NeedsSeparateConsent),
        Just(Decision::NeedsGuardianConsent),
        Just(Decision::NeedsReconsent),
        Just(Decision::Forbidden),
    ]
}

fn decisions(policy: &CompiledPolicy) -> impl Strategy<Value = Vec<PurposeDecision>> {
    let purposes: Vec<(String, PurposeKind)> = policy.purposes.iter().map(|p| (p.id().to_string(), p.kind())).collect();
    prop::collection::vec(decision(), purposes.len()).prop_map(move |ds| {
        purposes
            .iter()
            .zip(ds)
            .map(|((id, kind), d)| PurposeDecision {
                purpose: id.clone(),
                kind: *kind,
                decision: if *kind == PurposeKind::Essential {
                    Decision::Allowed
                } else {
                    d
                },
                reasons: vec![],
                alone: false,
                deferred: false,
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn tc_string_round_trips(c in common::tcf_choice()) {
        let s = c.encode().unwrap();
        prop_assert_eq!(TcfChoice::decode(&s).unwrap(), c);
    }

    #[test]
    fn tc_string_is_url_safe_and_dot_joined(c in common::tcf_choice()) {
        let s = c.encode().unwrap();
        let segments = 1 + usize::from(c.disclosed_vendors.is_some()) + usize::from(c.publisher.is_some());
        prop_assert_eq!(s.split('.').count(), segments);
        for seg in s.split('.') {
            prop_assert!(!seg.is_empty() && seg.len() % 4 == 0, "{}", seg);
            prop_assert!(seg.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        }
    }

    #[test]
    fn decoder_never_panics_on_base64url_noise(s in "[A-Za-z0-9_.-]{0,400}") {
        let _ = TcfChoice::decode(&s);
    }

    #[test]
    fn decoder_never_panics_on_any_text(s in any::<String>()) {
        let _ = TcfChoice::decode(&s);
    }

    #[test]
    fn decoder_never_panics_on_damaged_strings(c in common::tcf_choice(), cut in any::<prop::sample::Index>(), flip in any::<prop::sample::Index>(), ch in "[A-Za-z0-9_.-]") {
        let s = c.encode().unwrap();
        let bytes = s.as_bytes();
        let truncated = &s[..cut.index(bytes.len() + 1)];
        let _ = TcfChoice::decode(truncated);
        let mut damaged = s.clone().into_bytes();
        let at = flip.index(damaged.len());
        damaged[at] = ch.as_bytes()[0];
        let damaged = String::from_utf8(damaged).unwrap();
        if let Ok(back) = TcfChoice::decode(&damaged) {
            // Whatever it read fits its fields, so it encodes again, unless it is one of the
            // strings the decoder reads leniently but the encoder refuses to write (CmpId 0 or
            // 1, publisher data in a global string).
            let lenient = back.cmp_id < 2
                || (!back.is_service_specific && (back.publisher.is_some() || back.purpose_one_treatment));
            prop_assert!(lenient || back.encode().is_ok(), "{}", damaged);
        }
    }

    #[test]
    fn consent_mode_never_grants_what_a_mapped_purpose_refuses(ds in decisions(&seed())) {
        let policy = seed();
        let state = ConsentModeState::from_decisions(&policy, &ds);
        for signal in [ConsentModeSignal::AdStorage, ConsentModeSignal::AdUserData, ConsentModeSignal::AdPersonalization, ConsentModeSignal::AnalyticsStorage, ConsentModeSignal::FunctionalityStorage, ConsentModeSignal::PersonalizationStorage, ConsentModeSignal::SecurityStorage] {
            let mapped: Vec<Decision> = policy.purposes.iter().zip(&ds)
                .filter(|(p, _)| p.consent_mode.contains(&signal))
                .map(|(_, d)| d.decision).collect();
            let granted = state.get(signal) == ConsentStatus::Granted;
            if mapped.iter().any(|d| matches!(d, Decision::Denied | Decision::Forbidden)) {
                prop_assert!(!granted, "{:?} granted despite {:?}", signal, mapped);
            }
            prop_assert_eq!(granted, mapped.contains(&Decision::Allowed) && !mapped.iter().any(|d| matches!(d, Decision::Denied | Decision::Forbidden)));
        }
    }

    #[test]
    fn tcf_purposes_never_include_one_a_mapped_purpose_refuses(ds in decisions(&seed())) {
        let policy = seed();
        let purposes: Vec<AdPurpose> = policy.purposes.iter().map(AdPurpose::of).collect();
        let in_order: Vec<Decision> = ds.iter().map(|d| d.decision).collect();
        let consented = assent::banner::tcf::purposes_consent(&purposes, &in_order);
        for t in 1..=24u8 {
            let mapped: Vec<Decision> = policy.purposes.iter().zip(&ds)
                .filter(|(p, _)| p.tcf_purposes.contains(&t))
                .map(|(_, d)| d.decision).collect();
            if consented.contains(&t) {
                prop_assert!(mapped.contains(&Decision::Allowed));
                prop_assert!(!mapped.iter().any(|d| matches!(d, Decision::Denied | Decision::Forbidden)));
            }
        }
    }

    #[test]
    fn sec_gpc_is_on_only_for_one(v in any::<String>()) {
        prop_assert_eq!(Gpc::from_header(Some(&v)).is_on(), v.trim_matches([' ', '\t']) == "1");
    }
}

#[test]
fn the_longest_accepted_string_is_read_and_one_more_byte_is_refused() {
    let long = "A".repeat(MAX_TC_STRING_LEN);
    assert!(!matches!(
        TcfChoice::decode(&long),
        Err(assent::signals::SignalError::TooLong { .. })
    ));
    assert!(matches!(
        TcfChoice::decode(&(long + "A")),
        Err(assent::signals::SignalError::TooLong { .. })
    ));
}
