//! The one step of verification the core does not have to do itself: the Ed25519 arithmetic.
//!
//! Everything else (reading the token, choosing the key by `kid`, `alg` and `typ`, the payload,
//! expiry, policy and chain) is decided in [`verify`](mod@super::verify); it asks a [`Verifier`]
//! only whether a signature over some bytes verifies with a public key. Natively and in the
//! node/workerd bundle that is [`Ed25519`] (ed25519-dalek). A page has no synchronous
//! Ed25519 of its own, so it verifies in two passes: a [`CheckList`] collects every check the
//! verdicts could need, the page answers them with WebCrypto, and [`Answers`] replays them, so
//! the verdicts come from the same code with the same rules.

use crate::prelude::*;
use core::cell::RefCell;

/// One signature to check: does `signature` over `message` verify with the public key `key`?
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SignatureCheck {
    /// The Ed25519 public key (its 32-byte encoding, RFC 8032 section 5.1.5).
    pub key: [u8; 32],
    /// The signed bytes (a JWS signing input).
    pub message: Vec<u8>,
    /// The 64-byte signature.
    pub signature: [u8; 64],
}

/// Whatever checks Ed25519 signatures for the core.
pub trait Verifier {
    /// Whether the signature verifies. Strict: a non-canonical `S` (at or above the group order)
    /// never verifies.
    fn verify(&self, check: &SignatureCheck) -> bool;
}

/// Ed25519 in Rust (ed25519-dalek's strict verification: weak keys and non-canonical encodings
/// are refused, so a token has exactly one valid signature).
#[cfg(feature = "ed25519")]
#[derive(Debug, Clone, Copy, Default)]
pub struct Ed25519;

#[cfg(feature = "ed25519")]
impl Verifier for Ed25519 {
    fn verify(&self, check: &SignatureCheck) -> bool {
        let signature = ed25519_dalek::Signature::from_bytes(&check.signature);
        ed25519_dalek::VerifyingKey::from_bytes(&check.key)
            .is_ok_and(|key| key.verify_strict(&check.message, &signature).is_ok())
    }
}

/// The first pass: records every check asked for and answers each as if it verified, so that
/// verification goes on to every later check a verdict could need (a chain's previous receipt).
/// A check that fails in the second pass only ends its verdict sooner, so the list is complete.
#[derive(Debug, Default)]
pub struct CheckList {
    checks: RefCell<Vec<SignatureCheck>>,
}

impl CheckList {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// The checks asked for, each once, in the order first asked.
    pub fn into_checks(self) -> Vec<SignatureCheck> {
        self.checks.into_inner()
    }
}

impl Verifier for CheckList {
    fn verify(&self, check: &SignatureCheck) -> bool {
        let mut checks = self.checks.borrow_mut();
        if !checks.contains(check) {
            checks.push(check.clone());
        }
        true
    }
}

/// The second pass: the answers to a [`CheckList`]'s checks. A check without an answer does not
/// verify, so a missing or short answer never makes a receipt count.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    verified: Vec<SignatureCheck>,
}

impl Answers {
    /// The answers: `checks[i]` verified when `verified[i]` is true. Extra answers are ignored
    /// and missing ones count as failures.
    pub fn new(checks: Vec<SignatureCheck>, verified: &[bool]) -> Self {
        let verified = checks
            .into_iter()
            .zip(verified)
            .filter(|(_, ok)| **ok)
            .map(|(check, _)| check)
            .collect();
        Self { verified }
    }
}

impl Verifier for Answers {
    fn verify(&self, check: &SignatureCheck) -> bool {
        self.verified.contains(check)
    }
}

#[cfg(all(test, feature = "ed25519"))]
mod tests {
    use super::*;

    fn check(message: &[u8]) -> SignatureCheck {
        use ed25519_dalek::{Signer as _, SigningKey};
        let key = SigningKey::from_bytes(&[7; 32]);
        SignatureCheck {
            key: key.verifying_key().to_bytes(),
            message: message.to_vec(),
            signature: key.sign(b"signed").to_bytes(),
        }
    }

    #[test]
    fn answers_replay_exactly_the_checks_that_verified() {
        let good = check(b"signed");
        let bad = check(b"other");
        assert!(Ed25519.verify(&good));
        assert!(!Ed25519.verify(&bad));
        let list = CheckList::new();
        assert!(list.verify(&good) && list.verify(&bad) && list.verify(&good));
        let checks = list.into_checks();
        assert_eq!(checks, [good.clone(), bad.clone()]);
        let answers = Answers::new(checks.clone(), &[true, false]);
        assert!(answers.verify(&good));
        assert!(!answers.verify(&bad));
        let short = Answers::new(checks, &[]);
        assert!(!short.verify(&good), "a missing answer is a failure");
    }
}
