//! Signed consent receipts: every choice a person makes becomes a record of exactly what was
//! shown and chosen, signed by the site, kept by the person, checkable by anyone with the
//! site's published keys.
//!
//! - [`record`]: the [`Receipt`] and how it is built from a [`Choice`];
//! - [`jcs`]: RFC 8785 canonical JSON, the bytes that are hashed and signed;
//! - [`jwk`]: Ed25519 keys as JWKs, thumbprints, the published [`Jwks`] and the private
//!   [`SigningKeySet`] (feature `sign`);
//! - [`jws`]: the compact JWS envelope;
//! - [`verify`](mod@verify): every check, each with its own [`ErrorCode`];
//! - [`signature`]: who does the Ed25519 arithmetic for it (Rust, or the page's WebCrypto);
//! - [`kantara`]: the Kantara Consent Receipt v1.1 projection.
//!
//! Verified receipts are also the consent state: [`receipts_to_consents`] turns them into the
//! evaluator's `consents`.

pub mod error;
pub mod jcs;
pub mod jwk;
pub mod jws;
pub mod kantara;
pub mod record;
pub mod signature;
pub mod verify;

use alloc::collections::BTreeMap;

pub use error::{ErrorCode, ReceiptError};
#[cfg(feature = "sign")]
pub use jwk::SigningKeySet;
pub use jwk::{thumbprint, Jwks};
#[cfg(feature = "sign")]
pub use jws::sign_receipt;
pub use kantara::to_kantara;
pub use record::{
    build_receipt, chain_link, new_receipt_id, notice_hash, notice_texts, policy_hash, Choice, CollectionMethod,
    ControllerRef, GuardianRelationship, NoticeRef, PolicyDoc, PolicyRef, PurposeChoice, Receipt, ReceiptActor,
    SCHEMA_VERSION,
};
pub use signature::{Answers, CheckList, SignatureCheck, Verifier};
pub use verify::{decode_unverified, verify_signed_with, verify_with, PolicyCheck, VerifiedReceipt, VerifyOptions};
#[cfg(feature = "ed25519")]
pub use verify::{verify, verify_signed};

use crate::eval::Consent;
use crate::prelude::*;

/// The evaluator's `consents` from one subject's verified receipts: for each purpose, the state
/// in the latest receipt that mentions it. "Latest" is by `issuedAt`; receipts issued in the
/// same second are ordered by their chain (a receipt comes after the one its `prev` names),
/// then by their order in `receipts`.
pub fn receipts_to_consents(receipts: &[VerifiedReceipt]) -> BTreeMap<String, Consent> {
    latest_by_purpose(receipts)
        .into_iter()
        .filter_map(|(purpose, i)| {
            let consent = receipts
                .get(i)
                .and_then(|r| receipt_consents(&r.receipt).find(|(p, _)| *p == purpose))?;
            Some(consent)
        })
        .collect()
}

/// For each purpose, the index in `receipts` of the latest receipt that mentions it, ordered as
/// [`receipts_to_consents`] orders them.
pub fn latest_by_purpose(receipts: &[VerifiedReceipt]) -> BTreeMap<String, usize> {
    let by_link: BTreeMap<&str, usize> = receipts.iter().enumerate().map(|(i, r)| (r.link.as_str(), i)).collect();
    // How many receipts of this set precede each one in its chain; bounded by the set's
    // size, so a (hash-impossible) cycle cannot loop.
    let depth = |start: usize| {
        let mut depth = 0;
        let mut at = start;
        while depth < receipts.len() {
            let prev = receipts
                .get(at)
                .and_then(|r| r.receipt.prev.as_deref())
                .and_then(|p| by_link.get(p));
            match prev {
                Some(&before) => {
                    depth += 1;
                    at = before;
                }
                None => break,
            }
        }
        depth
    };
    let mut order: Vec<(crate::time::Timestamp, usize, usize)> = receipts
        .iter()
        .enumerate()
        .map(|(i, r)| (r.issued, depth(i), i))
        .collect();
    order.sort_unstable();
    order
        .iter()
        .filter_map(|&(_, _, i)| Some((i, receipts.get(i)?)))
        .flat_map(|(i, r)| r.receipt.purposes.iter().map(move |p| (p.purpose.clone(), i)))
        .collect()
}

/// One receipt's choices as the evaluator's consents, each to replace what was recorded for its
/// purpose before: how a receipt changes the consent state, for a list of receipts as for one
/// just logged.
pub fn receipt_consents(receipt: &Receipt) -> impl Iterator<Item = (String, Consent)> + '_ {
    receipt.purposes.iter().map(|p| {
        (
            p.purpose.clone(),
            Consent {
                state: p.state,
                time: receipt.issued_at.clone(),
                policy_version: receipt.policy.version.clone(),
                by: receipt.actor.kind,
                separate: p.separate,
                joint: receipt.actor.joint,
            },
        )
    })
}
