//! Fixtures shared by the receipt tests: the seed policy, a key set, a choice, a signed receipt.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use assent::eval::ConsentState;
use assent::receipt::{
    build_receipt, new_receipt_id, sign_receipt, Choice, CollectionMethod, PolicyDoc, PurposeChoice, Receipt,
    SigningKeySet,
};
use assent::time::Timestamp;

pub const NOW: &str = "2026-11-29T12:00:00Z";

pub fn now() -> Timestamp {
    Timestamp::parse(NOW).unwrap()
}

pub fn at(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}

pub fn seed_text() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/policies/seed.json")).unwrap()
}

pub fn seed() -> PolicyDoc {
    PolicyDoc::from_json(&seed_text()).unwrap()
}

pub fn keys() -> SigningKeySet {
    SigningKeySet::generate([7; 32])
}

/// A signer of receipts under the seed policy, with the key set generated from `[n; 32]`.
#[cfg(feature = "sign")]
pub fn signer(n: u8) -> assent::api::receipts::Signer {
    let policy = assent::api::LoadedPolicy::load(&seed_text()).unwrap();
    assent::api::receipts::Signer::new(&SigningKeySet::generate([n; 32]).to_json_pretty(), policy).unwrap()
}

pub fn choice() -> Choice {
    Choice::new(
        "u_7f3a9c2e41d8b6a0".into(),
        "CN".into(),
        "zh-CN".into(),
        vec![
            PurposeChoice {
                purpose: "location".into(),
                state: ConsentState::ConsentGiven,
                separate: true,
            },
            PurposeChoice {
                purpose: "marketing".into(),
                state: ConsentState::ConsentRefused,
                separate: false,
            },
        ],
        CollectionMethod::BannerLayer2,
    )
}

/// A receipt id from a counter, for distinct deterministic ids.
pub fn id(n: u8) -> String {
    new_receipt_id([n; 16])
}

pub fn receipt() -> Receipt {
    build_receipt(&choice(), Some(&seed()), &id(1), now()).unwrap()
}

pub fn token() -> String {
    sign_receipt(&receipt(), &keys()).unwrap()
}

/// HMAC-SHA-256 (RFC 2104), to forge an `HS256` token the way an algorithm-confusion attack
/// would: with the public key as the shared secret.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new().chain_update(pad(0x36)).chain_update(message).finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}
