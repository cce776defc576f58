//! Verification: is this token a receipt the site issued, unchanged, still in force, under
//! this policy, following that receipt? Each check fails with its own [`ErrorCode`].

use crate::prelude::*;
use serde_json::Value;

use super::error::{fail, ErrorCode, ReceiptError};
use super::jcs;
use super::jwk::Jwks;
use super::jws::{self, DecodedJws, TYP};
use super::record::{chain_link, PolicyDoc, Receipt};
use super::signature::Verifier;
use crate::compiled::SourcePolicy;
use crate::time::Timestamp;

/// The header parameters a receipt token may carry. Anything else (`jku`, `jwk`, `x5u`, `b64`,
/// ...) is refused rather than ignored: keys come only from the published key set.
const HEADER_PARAMS: [&str; 3] = ["alg", "kid", "typ"];

/// The policy a receipt must name: its id, version and the SHA-256 of its canonical JSON. A
/// policy document gives them, and so does a compiled policy, which names its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyCheck<'a> {
    /// The policy's id.
    pub id: &'a str,
    /// Its version.
    pub version: &'a str,
    /// Hex SHA-256 of its canonical JSON.
    pub sha256: &'a str,
}

impl<'a> From<&'a PolicyDoc> for PolicyCheck<'a> {
    fn from(doc: &'a PolicyDoc) -> Self {
        PolicyCheck {
            id: &doc.policy.id,
            version: &doc.policy.version,
            sha256: &doc.sha256,
        }
    }
}

impl<'a> From<&'a SourcePolicy> for PolicyCheck<'a> {
    fn from(source: &'a SourcePolicy) -> Self {
        PolicyCheck {
            id: &source.id,
            version: &source.version,
            sha256: &source.sha256,
        }
    }
}

/// What to check a receipt against.
#[derive(Debug, Clone, Copy)]
pub struct VerifyOptions<'a> {
    /// The current time: a receipt expired by then is refused.
    pub now: Timestamp,
    /// The policy to check the receipt's policy id, version and hash against.
    pub policy: Option<PolicyCheck<'a>>,
    /// The subject's previous receipt (compact JWS), to check the `prev` link against.
    pub previous: Option<&'a str>,
    /// How far in the future `issuedAt` may be, for clocks that disagree a little.
    pub max_clock_skew_seconds: i64,
}

impl<'a> VerifyOptions<'a> {
    /// Options for checking at `now`, with no policy or chain check and five minutes of skew.
    pub fn at(now: Timestamp) -> Self {
        Self {
            now,
            policy: None,
            previous: None,
            max_clock_skew_seconds: 300,
        }
    }

    /// Also check the policy.
    pub fn with_policy(mut self, policy: impl Into<PolicyCheck<'a>>) -> Self {
        self.policy = Some(policy.into());
        self
    }

    /// Also check the link to the previous receipt.
    pub fn with_previous(mut self, previous: &'a str) -> Self {
        self.previous = Some(previous);
        self
    }
}

/// A receipt that passed verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedReceipt {
    /// The receipt.
    pub receipt: Receipt,
    /// The kid of the key that signed it.
    pub kid: String,
    /// When it was issued.
    pub issued: Timestamp,
    /// Its chain link: the `prev` value of the receipt that follows it.
    pub link: String,
}

/// Verifies a receipt token: structure and size, algorithm, header, key, signature, the
/// payload's canonical form and fields, expiry against `options.now`, and the policy and chain
/// when the options give them.
#[cfg(feature = "ed25519")]
pub fn verify(jws: &str, jwks: &Jwks, options: &VerifyOptions<'_>) -> Result<VerifiedReceipt, ReceiptError> {
    verify_with(jws, jwks, options, &super::signature::Ed25519)
}

/// [`verify`], with the signatures checked by `verifier`.
pub fn verify_with(
    jws: &str,
    jwks: &Jwks,
    options: &VerifyOptions<'_>,
    verifier: &dyn Verifier,
) -> Result<VerifiedReceipt, ReceiptError> {
    let (receipt, kid) = verify_signed_with(jws, jwks, verifier)?;
    let issued = receipt.issued().map_err(as_payload)?;
    let expires = receipt.expires().map_err(as_payload)?;
    if options.now >= expires {
        return fail(
            ErrorCode::Expired,
            format!(
                "the receipt expired at {}; it is now {}",
                receipt.expires_at, options.now
            ),
        );
    }
    if issued.0 > options.now.0.saturating_add(options.max_clock_skew_seconds) {
        return fail(
            ErrorCode::NotYetValid,
            format!(
                "the receipt was issued at {}, after now ({})",
                receipt.issued_at, options.now
            ),
        );
    }
    if let Some(want) = options.policy {
        check_policy(&receipt, want)?;
    }
    if let Some(previous) = options.previous {
        check_chain(&receipt, issued, previous, jwks, verifier)?;
    }
    Ok(VerifiedReceipt {
        receipt,
        kid,
        issued,
        link: chain_link(jws),
    })
}

/// Checks everything but time, policy and chain: that the site signed this exact receipt.
/// For a receipt as a historic record (what was chosen then), not as consent in force now.
#[cfg(feature = "ed25519")]
pub fn verify_signed(jws: &str, jwks: &Jwks) -> Result<(Receipt, String), ReceiptError> {
    verify_signed_with(jws, jwks, &super::signature::Ed25519)
}

/// [`verify_signed`], with the signature checked by `verifier`.
pub fn verify_signed_with(jws: &str, jwks: &Jwks, verifier: &dyn Verifier) -> Result<(Receipt, String), ReceiptError> {
    let decoded = jws::decode(jws)?;
    let kid = check_header(&decoded)?;
    let key = jwks.get(&kid).ok_or_else(|| {
        ReceiptError::new(
            ErrorCode::KidUnknown,
            format!("no key `{kid}` in the key set ({} keys)", jwks.len()),
        )
    })?;
    decoded.verify_signature(key, verifier)?;
    Ok((read_payload(&decoded.payload)?, kid))
}

/// Reads the receipt in a token without checking the signature: every structural and payload
/// check, none of the cryptography. For showing a receipt, never for trusting one.
pub fn decode_unverified(jws: &str) -> Result<Receipt, ReceiptError> {
    let decoded = jws::decode(jws)?;
    check_header(&decoded)?;
    read_payload(&decoded.payload)
}

fn check_header(decoded: &DecodedJws<'_>) -> Result<String, ReceiptError> {
    if let Some(name) = decoded.header.keys().find(|k| !HEADER_PARAMS.contains(&k.as_str())) {
        return fail(
            ErrorCode::Structure,
            format!("header parameter `{name}` is not used by receipts and is refused"),
        );
    }
    match decoded.header.get("typ") {
        Some(Value::String(t)) if t == TYP => {}
        Some(Value::String(t)) => {
            return fail(ErrorCode::Typ, format!("typ `{t}` is not `{TYP}`"));
        }
        _ => return fail(ErrorCode::Typ, format!("the header has no typ `{TYP}`")),
    }
    match decoded.kid() {
        Some(kid) => Ok(kid.to_owned()),
        None => fail(ErrorCode::Structure, "the header has no kid naming the signing key"),
    }
}

fn as_payload(e: ReceiptError) -> ReceiptError {
    ReceiptError::new(ErrorCode::Payload, format!("{}: {}", e.code, e.message))
}

/// The payload must be exactly the canonical JSON of a valid receipt, spelled as this code
/// spells it. Any other spelling of the same content is refused, so a receipt has one form.
///
/// The receipt's typed reader runs before the canonical form is checked: it refuses every
/// number (a receipt has none), so what is canonicalized here never needs RFC 8785's doubles,
/// and a build without them (the banner's) answers exactly as one with them.
fn read_payload(payload: &[u8]) -> Result<Receipt, ReceiptError> {
    let text =
        core::str::from_utf8(payload).map_err(|_| ReceiptError::new(ErrorCode::Payload, "the payload is not UTF-8"))?;
    let value = jcs::parse_strict(text).map_err(|e| match e.code {
        ErrorCode::DuplicateKey => ReceiptError::new(e.code, format!("in the payload: {}", e.message)),
        _ => ReceiptError::new(ErrorCode::Payload, format!("the payload is not JSON: {}", e.message)),
    })?;
    // Read with the crate's own reader, like every other typed document in the Wasm module, so
    // that serde_json's Value deserializer is not compiled in for the receipt's types too.
    let receipt: Receipt = crate::json::read_str(text)
        .map_err(|e| ReceiptError::new(ErrorCode::Payload, format!("not a receipt: {e} at {}", e.path())))?;
    if jcs::to_string(&value)? != text {
        return fail(
            ErrorCode::NotCanonical,
            "the payload is not in RFC 8785 canonical form (members re-ordered, spaces added, or numbers or strings re-spelled)",
        );
    }
    drop(value);
    receipt.validate().map_err(as_payload)?;
    if receipt.canonical_json()? != text {
        return fail(
            ErrorCode::NotCanonical,
            "the payload spells a field in a form receipts do not use (e.g. an explicit null for an absent field)",
        );
    }
    Ok(receipt)
}

fn check_policy(receipt: &Receipt, want: PolicyCheck<'_>) -> Result<(), ReceiptError> {
    let got = &receipt.policy;
    if got.id != want.id || got.version != want.version {
        return fail(
            ErrorCode::PolicyMismatch,
            format!(
                "the receipt was given under policy {} {}, not {} {}",
                got.id, got.version, want.id, want.version
            ),
        );
    }
    if got.sha256 != want.sha256 {
        return fail(
            ErrorCode::PolicyMismatch,
            format!(
                "policy {} {}: the receipt's hash {} is not the document's {}; the document was changed",
                got.id, got.version, got.sha256, want.sha256
            ),
        );
    }
    Ok(())
}

fn check_chain(
    receipt: &Receipt,
    issued: Timestamp,
    previous: &str,
    jwks: &Jwks,
    verifier: &dyn Verifier,
) -> Result<(), ReceiptError> {
    let link = chain_link(previous);
    match &receipt.prev {
        Some(p) if *p == link => {}
        Some(p) => {
            return fail(
                ErrorCode::ChainBroken,
                format!("prev is {p}, but the previous receipt given hashes to {link}"),
            )
        }
        None => {
            return fail(
                ErrorCode::ChainBroken,
                "the receipt is the first of its chain (prev is null), but a previous receipt was given",
            )
        }
    }
    let (before, _) = verify_signed_with(previous, jwks, verifier).map_err(|e| {
        ReceiptError::new(
            ErrorCode::ChainBroken,
            format!("the previous receipt does not verify: {}: {}", e.code, e.message),
        )
    })?;
    if before.subject != receipt.subject {
        return fail(ErrorCode::ChainBroken, "the previous receipt is about another subject");
    }
    let before_issued = before.issued().map_err(as_payload)?;
    if before_issued > issued {
        return fail(
            ErrorCode::ChainBroken,
            format!(
                "the previous receipt was issued at {}, after this one ({})",
                before.issued_at, receipt.issued_at
            ),
        );
    }
    Ok(())
}
