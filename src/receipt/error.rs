//! The one error type of the receipt layer: a stable code, a message about this case, a hint.

use crate::prelude::*;
use core::fmt;
use serde::{Deserialize, Serialize};

/// What went wrong, as a stable machine-readable code. Each check has its own code so that a
/// caller (or a test) can tell a forged signature from an expired receipt without reading text.
/// Its serde derive lists every code ([`crate::json::variants`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ErrorCode {
    /// The token is not three base64url parts with a JSON object header.
    Structure,
    /// The algorithm is not EdDSA/Ed25519 (`none`, HMAC, RSA and ECDSA are never accepted).
    Alg,
    /// The header has a `crit` parameter; no extension is understood.
    Crit,
    /// The header's `typ` is not the receipt type.
    Typ,
    /// No key with the header's `kid` is in the key set.
    KidUnknown,
    /// The signature does not verify.
    Signature,
    /// The payload is not exactly the canonical JSON of the receipt it holds.
    NotCanonical,
    /// The receipt has expired.
    Expired,
    /// The receipt was issued after `now` (beyond the allowed clock skew).
    NotYetValid,
    /// The receipt was given under another policy document than the one checked against.
    PolicyMismatch,
    /// The receipt does not link to the previous receipt given.
    ChainBroken,
    /// The input is larger than the limit.
    TooLarge,
    /// A JSON object has the same key twice.
    DuplicateKey,
    /// The payload is not a valid receipt.
    Payload,
    /// The subject id is not pseudonymous (an email or IP address) or is malformed.
    Subject,
    /// A receipt field being built is invalid.
    Record,
    /// A key or key set is invalid.
    Key,
    /// A JSON document is malformed or cannot be put in canonical form.
    Json,
    /// A policy document is unusable, or a choice does not fit it.
    Policy,
}

impl ErrorCode {
    /// The stable string form, e.g. `receipt.signature`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Structure => "receipt.structure",
            Self::Alg => "receipt.alg",
            Self::Crit => "receipt.crit",
            Self::Typ => "receipt.typ",
            Self::KidUnknown => "receipt.kid_unknown",
            Self::Signature => "receipt.signature",
            Self::NotCanonical => "receipt.not_canonical",
            Self::Expired => "receipt.expired",
            Self::NotYetValid => "receipt.not_yet_valid",
            Self::PolicyMismatch => "receipt.policy_mismatch",
            Self::ChainBroken => "receipt.chain_broken",
            Self::TooLarge => "receipt.too_large",
            Self::DuplicateKey => "receipt.duplicate_key",
            Self::Payload => "receipt.payload",
            Self::Subject => "receipt.subject",
            Self::Record => "receipt.record",
            Self::Key => "receipt.key",
            Self::Json => "receipt.json",
            Self::Policy => "receipt.policy",
        }
    }

    /// What to do about it, in a sentence.
    pub fn hint(self) -> &'static str {
        match self {
            Self::Structure => "a receipt is a compact JWS: three base64url parts joined by dots, the first a JSON object header",
            Self::Alg => "assent receipts are signed with Ed25519 only (alg EdDSA or Ed25519); a token with another alg was not made by assent",
            Self::Crit => "no JWS extension is understood, so a token that marks one critical must be refused",
            Self::Typ => "the header must say typ \"assent-receipt+jwt\"; a token of another type must not be taken for a receipt",
            Self::KidUnknown => "fetch the site's current /.well-known/jwks.json; retired keys stay listed there, so an unknown kid means the key was never published",
            Self::Signature => "the token was changed after signing or signed by another key; keep the receipt exactly as issued",
            Self::NotCanonical => "the payload must be the RFC 8785 canonical JSON of the receipt; a re-ordered or re-spaced payload is not the one the site issued",
            Self::Expired => "ask the person again: an expired receipt no longer counts as consent",
            Self::NotYetValid => "check the clock passed as `now`; a receipt cannot come from the future",
            Self::PolicyMismatch => "verify against the policy document the receipt names (id, version and hash), or ask for consent under the current policy",
            Self::ChainBroken => "pass the subject's receipt immediately before this one as the previous receipt",
            Self::TooLarge => "receipts are small; an input this large is refused before it is decoded",
            Self::DuplicateKey => "JSON with a repeated key reads differently in different parsers, so it is never accepted",
            Self::Payload => "the payload must be an assent-receipt/1 record with every field valid",
            Self::Subject => "use a pseudonymous id (a random or keyed-hash identifier), never an email or IP address",
            Self::Record => "fix the field named in the message",
            Self::Key => "generate keys with `assent keygen`; a key set must be Ed25519 JWKs whose kid is the RFC 7638 thumbprint",
            Self::Json => "check the JSON text; numbers must be finite",
            Self::Policy => "check the policy document and that the choice names only its purposes and locales",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error of the receipt layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ReceiptError {
    /// The stable code.
    pub code: ErrorCode,
    /// What is wrong in this case.
    pub message: String,
}

impl ReceiptError {
    /// An error with this code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        self.code.hint()
    }
}

/// Shorthand for an `Err` with this code and message.
pub(crate) fn fail<T>(code: ErrorCode, message: impl Into<String>) -> Result<T, ReceiptError> {
    Err(ReceiptError::new(code, message))
}
