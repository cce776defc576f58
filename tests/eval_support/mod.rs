//! Random consents, for the property tests of the evaluator.
#![allow(dead_code, clippy::indexing_slicing)]

use std::ops::Range;

use assent::eval::{Actor, Consent, ConsentState};
use proptest::prelude::*;

/// The consent states a random consent is in.
pub const STATES: &[ConsentState] = &[
    ConsentState::ConsentGiven,
    ConsentState::RenewedConsentGiven,
    ConsentState::ConsentRefused,
    ConsentState::ConsentWithdrawn,
    ConsentState::ConsentRevoked,
    ConsentState::ConsentExpired,
    ConsentState::ConsentRequested,
    ConsentState::ConsentUnknown,
];

/// 2026-11-29T12:00:00Z.
pub const NOW: i64 = 1_795_953_600;

/// A consent in one of [`STATES`], given a number of days in `days_ago` before [`NOW`] (after it,
/// where negative) under one of `versions`, by the subject or a guardian, separate and joint or not.
pub fn consent(days_ago: Range<i64>, versions: &'static [&'static str]) -> impl Strategy<Value = Consent> {
    (
        0..STATES.len(),
        days_ago,
        0..versions.len(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(move |(s, days_ago, v, guardian, separate, joint)| Consent {
            state: STATES[s],
            time: assent::time::Timestamp(NOW - days_ago * 86_400).to_string(),
            policy_version: versions[v].into(),
            by: if guardian { Actor::Guardian } else { Actor::Subject },
            separate,
            joint,
        })
}
