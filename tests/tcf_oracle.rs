//! The TC strings assent writes, read by the IAB's reference library (@iabtcf/core, run in
//! Node by tests/js/tcf-oracle/decode.mjs): every field must come back as the choice we
//! encoded. A string only our own decoder understands is worth nothing to a vendor.
//!
//! Needs `node` and the library: `npm ci --prefix tests/js/tcf-oracle`. Without them this test
//! fails (it does not skip), so a green run always means the oracle was consulted.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use std::collections::BTreeSet;

use assent::signals::tcf::DECISECONDS_PER_DAY;
use assent::signals::{PublisherRestriction, PublisherTc, RestrictionKind, TcfChoice};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use serde_json::{json, Value};

const RANDOM_CHOICES: usize = 200;

/// Decodes every string with the reference library in one Node process.
fn oracle(strings: &[String]) -> Vec<Value> {
    common::oracle::decode_all("decode.mjs", "@iabtcf/core", strings)
}

/// The restrictions as decode.mjs prints them: `[purpose, type, vendors]`, by purpose and type.
fn restrictions(c: &TcfChoice) -> Value {
    let mut list: Vec<(u8, u8, Vec<u16>)> = c
        .publisher_restrictions
        .iter()
        .map(|r| {
            let kind = match r.kind {
                RestrictionKind::NotAllowed => 0,
                RestrictionKind::RequireConsent => 1,
                RestrictionKind::RequireLegitimateInterest => 2,
            };
            (r.purpose, kind, r.vendors.iter().copied().collect())
        })
        .collect();
    list.sort();
    json!(list)
}

/// What the reference library must read back: decode.mjs's shape, from the choice.
fn expected(c: &TcfChoice) -> Value {
    let day = |d: u64| d - d % DECISECONDS_PER_DAY;
    let empty = PublisherTc::default();
    let p = c.publisher.as_ref().unwrap_or(&empty);
    json!({
        "version": 2,
        "created": day(c.created),
        "lastUpdated": day(c.last_updated),
        "cmpId": c.cmp_id,
        "cmpVersion": c.cmp_version,
        "consentScreen": c.consent_screen,
        "consentLanguage": c.consent_language.to_ascii_uppercase(),
        "vendorListVersion": c.vendor_list_version,
        "policyVersion": c.policy_version,
        "isServiceSpecific": c.is_service_specific,
        "useNonStandardTexts": c.use_non_standard_texts,
        "purposeOneTreatment": c.purpose_one_treatment,
        "publisherCountryCode": c.publisher_cc.to_ascii_uppercase(),
        "specialFeatureOptins": c.special_feature_opt_ins,
        "purposeConsents": c.purposes_consent,
        "purposeLegitimateInterests": c.purposes_li,
        "vendorConsents": c.vendor_consents,
        "vendorLegitimateInterests": c.vendor_li,
        "publisherRestrictions": restrictions(c),
        "vendorsDisclosed": c.disclosed_vendors.clone().unwrap_or_default(),
        "publisherConsents": p.purposes_consent,
        "publisherLegitimateInterests": p.purposes_li,
        "numCustomPurposes": p.num_custom_purposes,
        "publisherCustomConsents": p.custom_purposes_consent,
        "publisherCustomLegitimateInterests": p.custom_purposes_li,
    })
}

/// Hand-picked edges: everything empty, everything full, the highest vendor id alone and
/// with all below it, and the small case whose bits tcf.rs writes out by hand.
fn edge_choices() -> Vec<TcfChoice> {
    let base = TcfChoice {
        created: 20_786 * DECISECONDS_PER_DAY,
        last_updated: 20_786 * DECISECONDS_PER_DAY,
        cmp_id: 300,
        cmp_version: 2,
        consent_screen: 1,
        consent_language: "EN".into(),
        vendor_list_version: 150,
        policy_version: 4,
        is_service_specific: true,
        special_feature_opt_ins: [1].into(),
        purposes_consent: [1, 8, 9].into(),
        publisher_cc: "DE".into(),
        vendor_consents: [2, 6, 8].into(),
        ..TcfChoice::default()
    };
    let all24: BTreeSet<u8> = (1..=24).collect();
    vec![
        base.clone(),
        TcfChoice {
            cmp_id: 2,
            vendor_consents: BTreeSet::new(),
            special_feature_opt_ins: BTreeSet::new(),
            purposes_consent: BTreeSet::new(),
            is_service_specific: false,
            ..base.clone()
        },
        TcfChoice {
            created: common::LAST_DAY * DECISECONDS_PER_DAY,
            last_updated: common::LAST_DAY * DECISECONDS_PER_DAY + 5,
            cmp_id: 4095,
            cmp_version: 4095,
            consent_screen: 63,
            consent_language: "zz".into(),
            vendor_list_version: 4095,
            policy_version: 63,
            use_non_standard_texts: true,
            special_feature_opt_ins: (1..=12).collect(),
            purposes_consent: all24.clone(),
            purposes_li: all24.clone(),
            purpose_one_treatment: true,
            publisher_cc: "ZZ".into(),
            vendor_consents: [u16::MAX].into(),
            vendor_li: (1..=u16::MAX).collect(),
            disclosed_vendors: Some((1..=u16::MAX).step_by(2).take(2000).collect()),
            publisher: Some(PublisherTc {
                purposes_consent: all24.clone(),
                purposes_li: all24,
                num_custom_purposes: 63,
                custom_purposes_consent: (1..=63).collect(),
                custom_purposes_li: [63].into(),
            }),
            ..base.clone()
        },
        TcfChoice {
            disclosed_vendors: Some(BTreeSet::new()),
            publisher: Some(PublisherTc::default()),
            ..base.clone()
        },
        TcfChoice {
            publisher_restrictions: vec![
                PublisherRestriction {
                    purpose: 2,
                    kind: RestrictionKind::RequireConsent,
                    vendors: [8, 9, 10, 700].into(),
                },
                PublisherRestriction {
                    purpose: 1,
                    kind: RestrictionKind::NotAllowed,
                    vendors: [3].into(),
                },
                PublisherRestriction {
                    purpose: 7,
                    kind: RestrictionKind::RequireLegitimateInterest,
                    vendors: (1..=u16::MAX).collect(),
                },
            ],
            ..base
        },
    ]
}

#[test]
fn reference_library_reads_back_every_choice() {
    let mut runner = TestRunner::deterministic();
    let strategy = common::tcf_choice();
    let mut choices = edge_choices();
    for _ in 0..RANDOM_CHOICES {
        choices.push(strategy.new_tree(&mut runner).unwrap().current());
    }
    let strings: Vec<String> = choices.iter().map(|c| c.encode().unwrap()).collect();
    let decoded = oracle(&strings);
    let mut fields = 0;
    for ((c, s), got) in choices.iter().zip(&strings).zip(&decoded) {
        let want = expected(c);
        assert!(got.get("error").is_none(), "{s}: {}", got["error"]);
        for (k, v) in want.as_object().unwrap() {
            assert_eq!(&got[k], v, "field {k} of {s}");
            fields += 1;
        }
        assert_eq!(got, &want, "{s}");
    }
    eprintln!("oracle: {} TC strings, {fields} fields compared", strings.len());
    assert_eq!(strings.len(), RANDOM_CHOICES + edge_choices().len());
}

#[test]
fn hand_derived_vector_is_what_the_reference_library_reads() {
    // The string tcf.rs derives bit by bit from the specification.
    let got = oracle(&["CQuci4AQuci4AEsACBENCWEoAIGAAAAAAAYgAEEUAAAAAAAA".to_string()]);
    assert_eq!(got[0], expected(&edge_choices()[0]));
}
