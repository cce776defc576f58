//! Shared by the TCF and GPP tests: random TCF choices, and the reference libraries that read what
//! assent writes.
#![allow(dead_code)]

pub mod oracle;

use std::collections::BTreeSet;

use assent::signals::tcf::DECISECONDS_PER_DAY;
use assent::signals::{PublisherRestriction, PublisherTc, RestrictionKind, TcfChoice};
use proptest::prelude::*;

/// The last day whose midnight fits in 36 bits of deciseconds (in 2187).
pub const LAST_DAY: u64 = ((1 << 36) - 1) / DECISECONDS_PER_DAY;

/// Vendor sets of every shape the encoder must handle: empty, dense (bit field), sparse up
/// to 65535 (ranges), and runs (ranges with IsARange = 1).
pub fn vendor_set() -> impl Strategy<Value = BTreeSet<u16>> {
    prop_oneof![
        Just(BTreeSet::new()),
        prop::collection::btree_set(1u16..=400, 0..120),
        prop::collection::btree_set(1u16..=u16::MAX, 0..12),
        prop::collection::vec((1u16..=3000, 0u16..300), 0..8).prop_map(|runs| runs
            .into_iter()
            .flat_map(|(a, len)| a..=a.saturating_add(len))
            .collect()),
    ]
}

fn ids(max: u8) -> impl Strategy<Value = BTreeSet<u8>> {
    prop::collection::btree_set(1..=max, 0..=usize::from(max))
}

fn publisher() -> impl Strategy<Value = PublisherTc> {
    (ids(24), ids(24), 0u8..=63, ids(63), ids(63)).prop_map(|(pc, pli, n, cc, cli)| PublisherTc {
        purposes_consent: pc,
        purposes_li: pli,
        num_custom_purposes: n,
        custom_purposes_consent: cc.into_iter().filter(|id| *id <= n).collect(),
        custom_purposes_li: cli.into_iter().filter(|id| *id <= n).collect(),
    })
}

/// Publisher restrictions: distinct (purpose, kind) pairs, each for at least one vendor (the
/// reference library keeps no restriction without vendors).
pub fn restrictions() -> impl Strategy<Value = Vec<PublisherRestriction>> {
    let kind = prop_oneof![
        Just(RestrictionKind::NotAllowed),
        Just(RestrictionKind::RequireConsent),
        Just(RestrictionKind::RequireLegitimateInterest),
    ];
    prop::collection::vec((1u8..=24, kind, vendor_set()), 0..4).prop_map(|list| {
        let mut out: Vec<PublisherRestriction> = Vec::new();
        for (purpose, kind, vendors) in list {
            if !vendors.is_empty() && !out.iter().any(|r| r.purpose == purpose && r.kind == kind) {
                out.push(PublisherRestriction { purpose, kind, vendors });
            }
        }
        out
    })
}

/// Any choice the encoder accepts, in the canonical form the decoder returns (timestamps at
/// midnight, letters in upper case), so that decode(encode(c)) == c.
pub fn tcf_choice() -> impl Strategy<Value = TcfChoice> {
    let head = (
        0..=LAST_DAY,
        0..=LAST_DAY,
        2u16..=4095,
        0u16..=4095,
        0u8..=63,
        "[A-Z]{2}",
        0u16..=4095,
        0u8..=63,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        "[A-Z]{2}",
    );
    let sets = (
        ids(12),
        ids(24),
        ids(24),
        vendor_set(),
        vendor_set(),
        prop::option::of(vendor_set()),
        prop::option::of(publisher()),
        restrictions(),
    );
    (head, sets).prop_map(|(h, s)| {
        let (created, updated, cmp_id, cmp_version, screen, lang, gvl, policy, ss, nst, p1t, cc) = h;
        let (sf, pc, pli, vc, vli, disclosed, publisher, restrictions) = s;
        TcfChoice {
            created: created * DECISECONDS_PER_DAY,
            last_updated: updated * DECISECONDS_PER_DAY,
            cmp_id,
            cmp_version,
            consent_screen: screen,
            consent_language: lang,
            vendor_list_version: gvl,
            policy_version: policy,
            is_service_specific: ss,
            use_non_standard_texts: nst,
            special_feature_opt_ins: sf,
            purposes_consent: pc,
            purposes_li: pli,
            // Both are allowed only in service-specific strings.
            purpose_one_treatment: p1t && ss,
            publisher_cc: cc,
            vendor_consents: vc,
            vendor_li: vli,
            publisher_restrictions: restrictions,
            disclosed_vendors: disclosed,
            publisher: publisher.filter(|_| ss),
        }
    })
}
