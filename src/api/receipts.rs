//! Receipts at the boundary: verify (everywhere), sign and key sets (node and workerd only, the
//! `sign` feature), consents from receipts, chain links, the Kantara projection, and signed log
//! checkpoints. JSON text in, JSON text out, one [`ApiError`].

use crate::prelude::*;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ed25519")]
use serde_json::Value;

use super::{to_json, ApiError, Decides, LoadedPolicy};
use crate::compiled::SourcePolicy;
use crate::policy::{parse_json, Problem};
#[cfg(feature = "ed25519")]
use crate::receipt::jws;
use crate::receipt::{self, Jwks, ReceiptError, VerifyOptions};
use crate::time::Timestamp;

impl From<ReceiptError> for ApiError {
    fn from(e: ReceiptError) -> Self {
        ApiError::from(Problem::at(e.code.as_str(), "$", e.message.clone()).hint(e.hint()))
    }
}

pub(crate) fn now(s: &str) -> Result<Timestamp, ApiError> {
    Timestamp::parse(s).map_err(|e| {
        Problem::at("input.invalid_time", "$.now", e.0)
            .hint("pass now as RFC 3339")
            .into()
    })
}

fn jwks(text: &str) -> Result<Jwks, ApiError> {
    Ok(Jwks::from_json(text)?)
}

/// Options of [`verify_receipt_json`].
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "VerifyOptions"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct VerifyArgs {
    now: String,
    #[serde(default)]
    previous: Option<String>,
    #[serde(default)]
    subject: Option<String>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "VerifiedReceipt"))]
#[serde(rename_all = "camelCase")]
pub(crate) struct Verified<'a> {
    receipt: &'a receipt::Receipt,
    kid: &'a str,
    issued: String,
    link: &'a str,
}

#[cfg(feature = "ed25519")]
/// `verifyReceipt(jws, jwks, {now, policy?, previous?})`: the receipt when every check passes.
/// With a policy, a receipt given under the same version must carry that policy's hash.
pub fn verify_receipt_json(
    token: &str,
    jwks_json: &str,
    options: &str,
    policy: Option<&SourcePolicy>,
) -> Result<String, ApiError> {
    verify_receipt_json_with(token, jwks_json, options, policy, &receipt::signature::Ed25519)
}

/// [`verify_receipt_json`], with the signatures checked by `verifier`.
pub fn verify_receipt_json_with(
    token: &str,
    jwks_json: &str,
    options: &str,
    policy: Option<&SourcePolicy>,
    verifier: &dyn receipt::Verifier,
) -> Result<String, ApiError> {
    let args: VerifyArgs = parse_json(options)?;
    let keys = jwks(jwks_json)?;
    let mut opts = VerifyOptions::at(now(&args.now)?);
    if let Some(p) = policy {
        opts = opts.with_policy(p);
    }
    if let Some(p) = &args.previous {
        opts.previous = Some(p);
    }
    let v = receipt::verify_with(token, &keys, &opts, verifier)?;
    to_json(&Verified {
        receipt: &v.receipt,
        kid: &v.kid,
        issued: v.issued.to_string(),
        link: &v.link,
    })
}

/// A receipt that did not verify: its place in the list and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "RejectedReceipt"))]
#[serde(rename_all = "camelCase")]
pub struct Rejected {
    /// Its index in the list given.
    pub index: usize,
    /// The failed check's code.
    pub code: String,
    /// What failed.
    pub message: String,
}

/// What a list of receipts says, once verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ConsentsFromReceipts"))]
#[serde(rename_all = "camelCase")]
pub struct FromReceipts {
    /// The consent state the receipts that verified record: for each purpose, its latest record,
    /// unless that record's receipt has expired (then nothing is recorded for it, and the person
    /// is asked again: an earlier choice never comes back because a later one expired).
    pub consents: alloc::collections::BTreeMap<String, crate::eval::Consent>,
    /// Their receipt ids.
    pub accepted: Vec<String>,
    /// The others, never trusted.
    pub rejected: Vec<Rejected>,
    /// The indexes of the expired receipts (among `rejected`) that the site signed for this
    /// subject and that still hold some purpose's latest record: they record no choice any more,
    /// but they end the earlier ones. Keep them until a newer receipt covers their purposes.
    pub lapsed: Vec<usize>,
}

#[cfg(feature = "ed25519")]
/// `consentsFromReceipts(jwsList, jwks, {now, policy?, subject?})`: the consent state recorded by
/// the receipts that verify; the others are listed as rejected and never trusted. A receipt of
/// the policy's current version must match its hash; one of an earlier version is judged by the
/// evaluator against the version history.
pub fn consents_from_receipts_json(
    list: &str,
    jwks_json: &str,
    options: &str,
    policy: Option<&SourcePolicy>,
) -> Result<String, ApiError> {
    consents_from_receipts_json_with(list, jwks_json, options, policy, &receipt::signature::Ed25519)
}

/// [`consents_from_receipts_json`], with the signatures checked by `verifier`.
pub fn consents_from_receipts_json_with(
    list: &str,
    jwks_json: &str,
    options: &str,
    policy: Option<&SourcePolicy>,
    verifier: &dyn receipt::Verifier,
) -> Result<String, ApiError> {
    let tokens: Vec<String> = parse_json(list)?;
    let args: VerifyArgs = parse_json(options)?;
    let keys = jwks(jwks_json)?;
    let at = now(&args.now)?;
    to_json(&consents_from_receipts_with(
        &tokens,
        &keys,
        at,
        args.subject.as_deref(),
        policy,
        verifier,
    )?)
}

/// [`consents_from_receipts_json`] on parsed arguments: receipts of `subject` (when given) that
/// verify with `keys` at `at`.
#[cfg(feature = "ed25519")]
pub fn consents_from_receipts(
    tokens: &[String],
    keys: &Jwks,
    at: Timestamp,
    subject: Option<&str>,
    policy: Option<&SourcePolicy>,
) -> Result<FromReceipts, ApiError> {
    consents_from_receipts_with(tokens, keys, at, subject, policy, &receipt::signature::Ed25519)
}

/// [`consents_from_receipts`], with the signatures checked by `verifier`.
pub fn consents_from_receipts_with(
    tokens: &[String],
    keys: &Jwks,
    at: Timestamp,
    subject: Option<&str>,
    policy: Option<&SourcePolicy>,
    verifier: &dyn receipt::Verifier,
) -> Result<FromReceipts, ApiError> {
    if tokens.len() > 1000 {
        return Err(Problem::at("input.too_many", "$", "more than 1000 receipts")
            .hint("send the latest receipts only")
            .into());
    }
    // Each receipt the site signed for this subject, and beside it whether it is in force and
    // its token's index.
    let mut signed: Vec<receipt::VerifiedReceipt> = Vec::new();
    let mut held: Vec<(bool, usize)> = Vec::new();
    let mut rejected = Vec::new();
    let of_subject = |r: &receipt::Receipt| subject.is_none_or(|s| s == r.subject);
    for (index, t) in tokens.iter().enumerate() {
        let same_version = match (policy, receipt::decode_unverified(t)) {
            (Some(p), Ok(r)) => r.policy.version == p.version,
            _ => false,
        };
        let mut opts = VerifyOptions::at(at);
        if same_version {
            if let Some(p) = policy {
                opts = opts.with_policy(p);
            }
        }
        let refuse = |code: &str, message: String| Rejected {
            index,
            code: code.into(),
            message,
        };
        match receipt::verify_with(t, keys, &opts, verifier) {
            Ok(v) if !of_subject(&v.receipt) => rejected.push(refuse(
                "receipt.subject_mismatch",
                "the receipt is another subject's".into(),
            )),
            Ok(v) => {
                signed.push(v);
                held.push((true, index));
            }
            Err(e) => {
                // An expired receipt the site signed for this subject still ends what came before
                // it for its purposes.
                if e.code == receipt::ErrorCode::Expired {
                    if let Some(v) = signed_expired(t, keys, verifier).filter(|v| of_subject(&v.receipt)) {
                        signed.push(v);
                        held.push((false, index));
                    }
                }
                rejected.push(refuse(e.code.as_str(), e.message));
            }
        }
    }
    // Without a subject given, an expired receipt ends only the choices of the subject whose
    // receipts are in force (when they are one subject's): another person's old "no" in a shared
    // browser ends nothing of this one's.
    if subject.is_none() {
        let in_force: Vec<&String> = signed
            .iter()
            .zip(&held)
            .filter(|(_, h)| h.0)
            .map(|(v, _)| &v.receipt.subject)
            .collect();
        let only = in_force
            .first()
            .filter(|first| in_force.iter().all(|s| s == *first))
            .map(|s| (*s).clone());
        let keep: Vec<bool> = signed
            .iter()
            .zip(&held)
            .map(|(v, h)| h.0 || only.as_ref() == Some(&v.receipt.subject))
            .collect();
        let mut k = keep.iter();
        signed.retain(|_| k.next().copied().unwrap_or(false));
        let mut k = keep.iter();
        held.retain(|_| k.next().copied().unwrap_or(false));
    }
    let mut consents = alloc::collections::BTreeMap::new();
    let mut lapsed = Vec::new();
    for (purpose, i) in receipt::latest_by_purpose(&signed) {
        let (Some(v), Some(&(in_force, index))) = (signed.get(i), held.get(i)) else {
            continue;
        };
        if in_force {
            consents.extend(receipt::receipt_consents(&v.receipt).filter(|(p, _)| *p == purpose));
        } else if !lapsed.contains(&index) {
            lapsed.push(index);
        }
    }
    lapsed.sort_unstable();
    let accepted = signed
        .iter()
        .zip(&held)
        .filter(|(_, (in_force, _))| *in_force)
        .map(|(v, _)| v.receipt.receipt_id.clone())
        .collect();
    Ok(FromReceipts {
        consents,
        accepted,
        rejected,
        lapsed,
    })
}

/// An expired receipt token as the site signed it: its signature and payload checked, not its
/// time, policy or chain.
fn signed_expired(token: &str, keys: &Jwks, verifier: &dyn receipt::Verifier) -> Option<receipt::VerifiedReceipt> {
    let (receipt, kid) = receipt::verify_signed_with(token, keys, verifier).ok()?;
    let issued = receipt.issued().ok()?;
    Some(receipt::VerifiedReceipt {
        receipt,
        kid,
        issued,
        link: receipt::chain_link(token),
    })
}

/// `chainLink(jws)`: what the subject's next receipt puts in `prev`.
pub fn chain_link(token: &str) -> String {
    receipt::chain_link(token)
}

/// `kantaraReceipt(jws, policy?)`: the receipt as a Kantara Consent Receipt v1.1 document. The
/// receipt is decoded, not verified: verify it first.
pub fn kantara_json(token: &str, policy: Option<&LoadedPolicy>) -> Result<String, ApiError> {
    let r = receipt::decode_unverified(token)?;
    let doc = policy.map(LoadedPolicy::doc).transpose()?;
    to_json(&receipt::kantara::to_kantara(&r, doc, None)?)
}

/// A signed statement of the log's size and root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Checkpoint {
    /// Which log (the site's origin).
    pub origin: String,
    /// How many entries it holds.
    pub size: u64,
    /// Hex SHA-256 Merkle root of those entries.
    pub root: String,
    /// When it was signed (RFC 3339).
    pub time: String,
}

/// The JWS `typ` of a checkpoint, so one can never pass for a receipt.
pub const CHECKPOINT_TYP: &str = "assent-checkpoint+jwt";

#[cfg(feature = "ed25519")]
/// `verifyCheckpoint(jws, jwks)`: the checkpoint when its signature verifies.
pub fn verify_checkpoint_json(token: &str, jwks_json: &str) -> Result<String, ApiError> {
    let keys = jwks(jwks_json)?;
    to_json(&verify_checkpoint(token, &keys)?)
}

#[cfg(feature = "ed25519")]
/// Verifies a compact JWS statement of type `typ` signed with a published key and returns its
/// payload: the one path for checkpoints and age locks (receipts have their own, stricter one).
pub(crate) fn verify_statement(token: &str, keys: &Jwks, typ: &str, code: &'static str) -> Result<Vec<u8>, ApiError> {
    verify_statement_as(token, keys, typ, code, None)
}

/// [`verify_statement`], where `checked` is the runtime's verdict on the signature of the check
/// [`statement_signature`] gave for this token (WebCrypto's Ed25519); `None` verifies it here.
/// Every other check (structure, `typ`, `alg`, a published `kid`) is made here either way.
#[cfg(feature = "ed25519")]
pub(crate) fn verify_statement_as(
    token: &str,
    keys: &Jwks,
    typ: &str,
    code: &'static str,
    checked: Option<bool>,
) -> Result<Vec<u8>, ApiError> {
    let (d, key) = decode_statement(token, keys, typ, code)?;
    match checked {
        None => d.verify_signature(key, &receipt::signature::Ed25519)?,
        Some(true) => {}
        Some(false) => {
            return Err(ReceiptError::new(receipt::ErrorCode::Signature, "the signature does not verify").into())
        }
    }
    Ok(d.payload)
}

/// A signature for the runtime to check with its own Ed25519 (WebCrypto's `verify`): the
/// published key (`kid`, and `x` as in its JWK), the signing input and the signature (base64url).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SignatureCheck {
    /// The key's id in the JWKS.
    pub kid: String,
    /// The public key, base64url (a JWK's `x`).
    pub x: String,
    /// What the signature covers.
    pub signing_input: String,
    /// The 64-byte signature, base64url.
    pub signature: String,
}

/// The signature check of a statement of type `typ`, when everything but the signature passes;
/// `None` for a token that fails before its signature would be checked.
#[cfg(feature = "ed25519")]
pub(crate) fn statement_signature(token: &str, keys: &Jwks, typ: &str) -> Option<SignatureCheck> {
    let (d, key) = decode_statement(token, keys, typ, "statement.invalid").ok()?;
    Some(SignatureCheck {
        kid: d.kid()?.to_string(),
        x: receipt::jwk::b64url(key),
        signing_input: d.signing_input().to_string(),
        signature: receipt::jwk::b64url(&d.signature_bytes()),
    })
}

/// A statement taken apart and checked up to its signature: its `typ`, `alg` and published key.
#[cfg(feature = "ed25519")]
fn decode_statement<'t, 'k>(
    token: &'t str,
    keys: &'k Jwks,
    typ: &str,
    code: &'static str,
) -> Result<(jws::DecodedJws<'t>, &'k [u8; 32]), ApiError> {
    let bad = |m: &str| ApiError::from(Problem::at(code, "$", m.to_string()).hint("ask the edge for a new one"));
    let d = jws::decode(token)?;
    if d.header.get("typ").and_then(Value::as_str) != Some(typ) {
        return Err(bad(&format!("this is not a {typ} token")));
    }
    if !matches!(d.header.get("alg").and_then(Value::as_str), Some("EdDSA" | "Ed25519")) {
        return Err(bad("the algorithm is not EdDSA"));
    }
    let kid = d.kid().ok_or_else(|| bad("no kid"))?;
    let key = keys.get(kid).ok_or_else(|| {
        ApiError::from(Problem::at(
            "receipt.kid_unknown",
            "$",
            format!("no published key `{kid}`"),
        ))
    })?;
    Ok((d, key))
}

#[cfg(feature = "ed25519")]
/// Verifies a checkpoint's signature and shape.
pub fn verify_checkpoint(token: &str, keys: &Jwks) -> Result<Checkpoint, ApiError> {
    let payload = verify_statement(token, keys, CHECKPOINT_TYP, "checkpoint.invalid")?;
    let text = core::str::from_utf8(&payload).unwrap_or_default();
    let c: Checkpoint = crate::json::from_str(text).map_err(|_| {
        ApiError::from(Problem::at(
            "checkpoint.invalid",
            "$",
            "the payload is not a checkpoint",
        ))
    })?;
    if crate::log::merkle::from_hex(&c.root).is_none() {
        return Err(Problem::at("checkpoint.invalid", "$.root", "the root is not 64 hex digits").into());
    }
    Ok(c)
}

/// The JWS `typ` of a device's age lock.
pub const AGE_LOCK_TYP: &str = "assent-age+jwt";

/// A device's age lock as the edge signs it into an HttpOnly cookie: the band, never the age.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignedAgeLock {
    /// The lock.
    pub lock: crate::guardian::AgeLock,
    /// The pseudonymous subject it belongs to.
    pub subject: String,
    /// Until when it counts (RFC 3339).
    pub expires_at: String,
}

#[cfg(feature = "ed25519")]
/// Whether a statement that counts until `expires_at` no longer counts at `now`.
pub(crate) fn expired(expires_at: &str, now: Timestamp) -> Result<bool, ApiError> {
    let expires = Timestamp::parse(expires_at).map_err(|_| {
        ApiError::from(Problem::at(
            "input.invalid_time",
            "$.expiresAt",
            "the expiry is not a time",
        ))
    })?;
    Ok(now >= expires)
}

#[cfg(feature = "ed25519")]
/// `verifyAgeLock(jws, jwks, {now, subject})`: the lock when it is signed with a published key,
/// not expired, and the subject's; an `AssentError` (`age.lock_invalid`) otherwise.
pub fn verify_age_lock_json(token: &str, jwks_json: &str, options: &str) -> Result<String, ApiError> {
    let args: VerifyArgs = parse_json(options)?;
    let keys = jwks(jwks_json)?;
    let payload = verify_statement(token, &keys, AGE_LOCK_TYP, "age.lock_invalid")?;
    let bad =
        |m: &str| ApiError::from(Problem::at("age.lock_invalid", "$", m.to_string()).hint("ask the age gate again"));
    let text = core::str::from_utf8(&payload).unwrap_or_default();
    let l: SignedAgeLock = crate::json::from_str(text).map_err(|_| bad("the payload is not an age lock"))?;
    if expired(&l.expires_at, now(&args.now)?).map_err(|_| bad("the expiry is not a time"))? {
        return Err(bad("the age lock expired"));
    }
    if args.subject.as_deref().is_some_and(|s| s != l.subject) {
        return Err(bad("the age lock belongs to another subject"));
    }
    to_json(&l)
}

/// What the visitor asks to record: `{subject, locale, method, choices}` (purpose to yes or no) or
/// `{subject, locale, method?, withdraw}` (purposes).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ChoiceRequest {
    subject: String,
    locale: String,
    /// How the choice was asked: required with `choices`; a withdrawal that does not say was made
    /// through the API ([`ChoiceRequest::method`]).
    #[serde(default)]
    method: Option<receipt::CollectionMethod>,
    #[serde(default)]
    choices: Option<crate::policy::SortedMap<bool>>,
    #[serde(default)]
    withdraw: Option<Vec<String>>,
}

impl ChoiceRequest {
    /// How the choice was asked. A withdrawal that does not say was made through the API (the
    /// edge's `POST /v1/consent/withdraw`); a consent must say, since it decides which choices
    /// count as separate consent.
    fn method(&self) -> Result<receipt::CollectionMethod, Problem> {
        match (self.method, &self.withdraw) {
            (Some(method), _) => Ok(method),
            (None, Some(_)) => Ok(receipt::CollectionMethod::Api),
            (None, None) => Err(Problem::at("schema.missing_field", "$", "missing field `method`")
                .hint("add `method`; see policies/policy.schema.json")),
        }
    }
}

impl LoadedPolicy {
    /// `policy.receiptChoice(context, {subject, locale, method, choices | withdraw})`: the choice
    /// a receipt records for the visitor of `context` (who chose: the person; where; their age
    /// band), each purpose's state, and whether it counts as separate consent, which is the
    /// receipt's rule: the way it was asked, and for the update notice, whether the consent before
    /// (in `context.consents`) was separate. A withdrawal is always separate. A "yes" given together
    /// with others to a purpose that needs a consent given alone for this visitor is recorded as
    /// `ConsentRequestDeferred`, not as a consent. The purposes come in the policy's order.
    pub fn receipt_choice_json(&self, context: &str, request: &str) -> Result<String, ApiError> {
        let ctx = super::read_context(context)?;
        let r: ChoiceRequest = parse_json(request)?;
        let method = r.method()?;
        let purposes: Vec<receipt::PurposeChoice> = match (r.choices, r.withdraw) {
            (Some(choices), None) => {
                // A "yes" given together with others ("accept all", the update notice) to a
                // purpose that needs a consent given alone here is no consent to it: the receipt
                // says the request was deferred, as the banner told the visitor. The evaluation
                // this needs is made only for a bundled "yes".
                let bundled = choices
                    .iter()
                    .any(|(p, &given)| given && !method.records_separate(given, ctx.consents.get(p)));
                let decisions: Vec<crate::eval::PurposeDecision> = if bundled {
                    self.evaluation(&ctx, crate::eval::DecideOptions { reasons: false })?
                        .purposes
                } else {
                    Vec::new()
                };
                let needs_alone = |purpose: &str| decisions.iter().any(|d| d.purpose == purpose && d.alone);
                choices
                    .iter()
                    .map(|(purpose, &given)| {
                        let before = ctx.consents.get(purpose);
                        receipt::PurposeChoice {
                            separate: method.records_separate(given, before),
                            state: method.records_state(given, before, needs_alone(purpose)),
                            purpose: purpose.clone(),
                        }
                    })
                    .collect()
            }
            (None, Some(withdraw)) => {
                let mut ids = withdraw;
                ids.sort();
                ids.dedup();
                ids.into_iter()
                    .map(|purpose| receipt::PurposeChoice {
                        purpose,
                        state: crate::eval::ConsentState::ConsentWithdrawn,
                        separate: true,
                    })
                    .collect()
            }
            _ => {
                return Err(
                    Problem::at("choice.request", "$", "give either `choices` or `withdraw`")
                        .hint("a consent and a withdrawal are two receipts")
                        .into(),
                )
            }
        };
        // In the policy's order, whatever order the request gave them in.
        let mut purposes = purposes;
        let order = &self.engine().policy().purposes;
        purposes.sort_by_key(|c| order.iter().position(|p| p.id == c.purpose).unwrap_or(usize::MAX));
        to_json(&receipt::Choice {
            age_band: ctx.age_band,
            ..receipt::Choice::new(r.subject, ctx.jurisdiction, r.locale, purposes, method)
        })
    }
}

#[cfg(feature = "sign")]
pub use signing::*;

#[cfg(feature = "sign")]
mod signing {
    use super::*;
    use crate::api::credential;
    use crate::eval::Context;
    use crate::receipt::{Choice, SigningKeySet};

    /// A key set and the policy it signs receipts for; the policy's hash is computed once, and
    /// the public keys (what the edge publishes and checks its own statements with) are read once.
    pub struct Signer {
        keys: SigningKeySet,
        public: Jwks,
        policy: LoadedPolicy,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Prepared<'a> {
        signing_input: &'a str,
        receipt: &'a receipt::Receipt,
    }

    fn checked_checkpoint(checkpoint: &str) -> Result<Checkpoint, ApiError> {
        let c: Checkpoint = parse_json(checkpoint)?;
        now(&c.time)?;
        if crate::log::merkle::from_hex(&c.root).is_none() {
            return Err(Problem::at("checkpoint.invalid", "$.root", "the root is not 64 hex digits").into());
        }
        Ok(c)
    }

    /// `finishJws(signingInput, signature)`: the compact JWS of a signing input that the
    /// [`Signer`]'s `prepare*` made and its Ed25519 signature (64 bytes).
    pub fn finish_jws(signing_input: &str, signature: &[u8]) -> Result<String, ApiError> {
        Ok(jws::attach_signature(signing_input, signature)?)
    }

    #[derive(Serialize)]
    struct Signed<'a> {
        jws: &'a str,
        receipt: &'a receipt::Receipt,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct KeyPair {
        private_key_set: Value,
        public_jwks: Value,
    }

    /// `generateKeySet()`: a new private key set (one active key) and its public JWKS, from 32
    /// random bytes the caller supplies.
    pub fn generate_key_set_json(seed: [u8; 32]) -> Result<String, ApiError> {
        let keys = SigningKeySet::generate(seed);
        let private: Value = serde_json::from_str(&keys.to_json_pretty())
            .map_err(|e| Problem::at("internal.json", "$", e.to_string()))?;
        to_json(&KeyPair {
            private_key_set: private,
            public_jwks: keys.public_jwks().to_value(),
        })
    }

    impl Signer {
        /// A signer from a private key set (JSON) and a loaded policy.
        pub fn new(private_key_set: &str, policy: LoadedPolicy) -> Result<Signer, ApiError> {
            let keys = SigningKeySet::from_json(private_key_set)?;
            policy.doc()?;
            // Receipts name the policy by its hash, and visitors read its texts: a policy that
            // still holds an owner's mark is a draft, never signed under.
            if let Some(mark) = crate::policy::owner_marks(policy.text()).into_iter().next() {
                return Err(Problem::at(
                    "policy.owner_mark",
                    mark.path,
                    format!("the policy in force still has an owner's mark: {}", mark.message),
                )
                .hint("answer every `<<owner: ...>>` mark (`npx assent check --deny-warnings` on each policy file) before it is deployed")
                .into());
            }
            let public = keys.public_jwks();
            Ok(Signer { keys, public, policy })
        }

        /// The public keys to publish.
        pub fn public_jwks_json(&self) -> Result<String, ApiError> {
            to_json(&self.public.to_value())
        }

        /// `identifyChecks(presented)` against this signer's own public keys: the edge checks the
        /// credentials and age locks it signed, without reading its JWKS again per request.
        pub fn identify_checks_json(&self, presented: &str) -> Result<String, ApiError> {
            let presented: credential::Presented = parse_json(presented)?;
            to_json(&credential::identify_checks(&presented, &self.public))
        }

        /// `identify(presented, verdicts)` against this signer's own public keys.
        pub fn identify_json(&self, presented: &str, verdicts: &str) -> Result<String, ApiError> {
            let presented: credential::Presented = parse_json(presented)?;
            let verdicts: credential::Verdicts = parse_json(verdicts)?;
            to_json(&credential::identify_checked(&presented, &self.public, &verdicts)?)
        }

        /// The policy.
        pub fn policy(&self) -> &LoadedPolicy {
            &self.policy
        }

        /// Signs a choice at `now` with receipt id `id` (a v4 UUID from the caller's randomness).
        pub fn sign_json(&self, choice: &str, now_text: &str, id: &str) -> Result<String, ApiError> {
            let choice: Choice = parse_json(choice)?;
            let at = now(now_text)?;
            let doc = self.policy.doc()?;
            let r = receipt::build_receipt(&choice, Some(doc), id, at)?;
            let token = jws::sign_receipt(&r, &self.keys)?;
            to_json(&Signed {
                jws: &token,
                receipt: &r,
            })
        }

        /// Checks a choice against the visitor's context, then signs it: the edge's one call.
        pub fn check_and_sign_json(&self, context: &str, choice: &str, id: &str) -> Result<String, ApiError> {
            let ctx = self.checked(context, choice)?;
            self.sign_json(choice, &ctx.now, id)
        }

        /// The context, once the choice passes the engine's check against it.
        fn checked(&self, context: &str, choice: &str) -> Result<Context, ApiError> {
            let ctx: Context = parse_json(context)?;
            let parsed: Choice = parse_json(choice)?;
            self.policy.check_recorded(&ctx, &parsed)?;
            Ok(ctx)
        }

        pub(crate) fn sign_statement<T: Serialize>(&self, typ: &str, payload: &T) -> Result<String, ApiError> {
            let (kid, key) = self.keys.active()?;
            let header = serde_json::json!({"alg": "EdDSA", "kid": kid, "typ": typ}).to_string();
            let payload =
                serde_json::to_string(payload).map_err(|e| Problem::at("internal.json", "$", e.to_string()))?;
            let token = jws::sign_raw(header.as_bytes(), payload.as_bytes(), key);
            // As for receipts: never issue a statement that verification would refuse.
            if token.len() > jws::MAX_TOKEN_BYTES {
                return Err(ReceiptError::new(
                    receipt::ErrorCode::TooLarge,
                    format!(
                        "the signed {typ} would be {} bytes; the limit is {}",
                        token.len(),
                        jws::MAX_TOKEN_BYTES
                    ),
                )
                .into());
            }
            Ok(token)
        }

        /// Signs a log checkpoint.
        pub fn sign_checkpoint_json(&self, checkpoint: &str) -> Result<String, ApiError> {
            let c = checked_checkpoint(checkpoint)?;
            self.sign_statement(CHECKPOINT_TYP, &c)
        }

        /// Signs the head over all shards `{origin, shards, size, root, time}`.
        pub fn sign_log_head_json(&self, head: &str) -> Result<String, ApiError> {
            let h: crate::log::head::LogHead = parse_json(head)?;
            crate::api::log::check_head(&h)?;
            self.sign_statement(crate::log::head::LOG_HEAD_TYP, &h)
        }

        /// The active key as a JWK `{kid, jwk: {kty, crv, x, d}}`, for a runtime that signs with
        /// its own Ed25519 (WebCrypto's `importKey("jwk", ...)`). Only where `sign` is built: the
        /// edge, never a page.
        pub fn signing_key_json(&self) -> Result<String, ApiError> {
            let (kid, key) = self.keys.active()?;
            let jwk = serde_json::json!({
                "kty": "OKP",
                "crv": "Ed25519",
                "x": receipt::jwk::b64url(key.verifying_key().as_bytes()),
                "d": receipt::jwk::b64url(key.as_bytes()),
            });
            to_json(&serde_json::json!({ "kid": kid, "jwk": jwk }))
        }

        /// What [`Signer::sign_json`] signs, for a signer outside: `{signingInput, receipt}`.
        /// [`finish_jws`] makes the receipt of the signing input and its signature.
        pub fn prepare_json(&self, choice: &str, now_text: &str, id: &str) -> Result<String, ApiError> {
            let choice: Choice = parse_json(choice)?;
            let at = now(now_text)?;
            let doc = self.policy.doc()?;
            let r = receipt::build_receipt(&choice, Some(doc), id, at)?;
            let input = jws::receipt_signing_input(&r, self.keys.active_kid())?;
            to_json(&Prepared {
                signing_input: &input,
                receipt: &r,
            })
        }

        /// [`Signer::check_and_sign_json`]'s check, then [`Signer::prepare_json`].
        pub fn check_and_prepare_json(&self, context: &str, choice: &str, id: &str) -> Result<String, ApiError> {
            let ctx = self.checked(context, choice)?;
            self.prepare_json(choice, &ctx.now, id)
        }

        /// What [`Signer::sign_checkpoint_json`] signs, for a signer outside.
        pub fn prepare_checkpoint_json(&self, checkpoint: &str) -> Result<String, ApiError> {
            let c = checked_checkpoint(checkpoint)?;
            self.prepare_statement(CHECKPOINT_TYP, &c)
        }

        /// What [`Signer::sign_log_head_json`] signs, for a signer outside.
        pub fn prepare_log_head_json(&self, head: &str) -> Result<String, ApiError> {
            let h: crate::log::head::LogHead = parse_json(head)?;
            crate::api::log::check_head(&h)?;
            self.prepare_statement(crate::log::head::LOG_HEAD_TYP, &h)
        }

        pub(crate) fn prepare_statement<T: Serialize>(&self, typ: &str, payload: &T) -> Result<String, ApiError> {
            let header = serde_json::json!({"alg": "EdDSA", "kid": self.keys.active_kid(), "typ": typ}).to_string();
            let payload =
                serde_json::to_string(payload).map_err(|e| Problem::at("internal.json", "$", e.to_string()))?;
            let input = jws::signing_input(header.as_bytes(), payload.as_bytes());
            if jws::signed_size(&input) > jws::MAX_TOKEN_BYTES {
                return Err(ReceiptError::new(
                    receipt::ErrorCode::TooLarge,
                    format!(
                        "the signed {typ} would be {} bytes; the limit is {}",
                        jws::signed_size(&input),
                        jws::MAX_TOKEN_BYTES
                    ),
                )
                .into());
            }
            Ok(input)
        }

        /// Signs a device's age lock `{lock, subject, expiresAt}` for an HttpOnly cookie.
        pub fn sign_age_lock_json(&self, lock: &str) -> Result<String, ApiError> {
            let l: SignedAgeLock = parse_json(lock)?;
            now(&l.expires_at)?;
            crate::receipt::record::validate_subject(&l.subject)?;
            self.sign_statement(AGE_LOCK_TYP, &l)
        }
    }
}

#[cfg(all(test, feature = "sign"))]
mod tests {
    use super::*;
    use crate::api::credential;
    use crate::receipt::SigningKeySet;

    fn signer() -> (Signer, String) {
        let keys = SigningKeySet::generate([5; 32]);
        let policy = LoadedPolicy::load(include_str!("../../policies/seed.json")).unwrap();
        let jwks = keys.public_jwks().to_json_pretty();
        (Signer::new(&keys.to_json_pretty(), policy).unwrap(), jwks)
    }

    #[test]
    fn a_policy_with_an_owners_mark_is_never_signed_under() {
        let keys = SigningKeySet::generate([5; 32]);
        let seed = include_str!("../../policies/seed.json");
        let draft = seed.replacen("\"Example Shop Ltd.\"", "\"<<owner: the company's legal name>>\"", 1);
        assert_ne!(draft, seed);
        let policy = LoadedPolicy::load(&draft).unwrap();
        let e = Signer::new(&keys.to_json_pretty(), policy).err().unwrap();
        assert_eq!(
            (e.code.as_str(), e.kind),
            ("policy.owner_mark", crate::error::ErrorKind::Misconfigured)
        );
        assert!(e.message.contains("the company's legal name"), "{}", e.message);
    }

    #[test]
    fn a_statement_too_large_to_verify_is_never_signed() {
        let (signer, jwks) = signer();
        let checkpoint = |origin: &str| {
            format!(
                r#"{{"origin":"{origin}","size":3,"root":"{}","time":"2026-11-29T12:00:00Z"}}"#,
                "ab".repeat(32)
            )
        };
        // What the signer issues, the verifier accepts.
        let token = signer.sign_checkpoint_json(&checkpoint("https://example.com")).unwrap();
        assert!(verify_checkpoint_json(&token, &jwks).is_ok());
        // An origin of 20,000 characters would make a token verification refuses as too large.
        let e = signer
            .sign_checkpoint_json(&checkpoint(&"x".repeat(20_000)))
            .unwrap_err();
        assert_eq!(e.code, "receipt.too_large");
        let lock = format!(
            r#"{{"lock":{{"band":"adult","jurisdiction":"DE","lockedAt":"2026-11-29T12:00:00Z","conflicts":0}},"subject":"u_{}","expiresAt":"2027-11-29T12:00:00Z"}}"#,
            "x".repeat(100)
        );
        assert!(signer.sign_age_lock_json(&lock).is_ok());
        let long = lock.replace("\"DE\"", &format!("\"{}\"", "D".repeat(20_000)));
        assert_eq!(signer.sign_age_lock_json(&long).unwrap_err().code, "receipt.too_large");
    }

    /// The signer's `identify` and `identifyChecks` are the free functions' with its published
    /// keys: for its own age lock, another key set's, a malformed one and none at all, with and
    /// without the runtime's verdicts.
    #[test]
    fn the_signer_identifies_as_its_published_keys_do() {
        let (signer, jwks) = signer();
        let other = Signer::new(
            &SigningKeySet::generate([9; 32]).to_json_pretty(),
            LoadedPolicy::load(include_str!("../../policies/seed.json")).unwrap(),
        )
        .unwrap();
        let lock = r#"{"lock":{"band":"adult","jurisdiction":"DE","lockedAt":"2026-11-29T12:00:00Z","conflicts":0},"subject":"s-0000-0001","expiresAt":"2027-11-29T12:00:00Z"}"#;
        let own = signer.sign_age_lock_json(lock).unwrap();
        let forged = other.sign_age_lock_json(lock).unwrap();
        let now = "2026-12-01T00:00:00Z";
        for token in [Some(own.as_str()), Some(forged.as_str()), Some("not.a.token"), None] {
            let presented = match token {
                Some(t) => format!(r#"{{"now":"{now}","ageLock":"{t}"}}"#),
                None => format!(r#"{{"now":"{now}"}}"#),
            };
            assert_eq!(
                signer.identify_checks_json(&presented).unwrap(),
                credential::identify_checks_json(&presented, &jwks).unwrap()
            );
            for verdicts in ["{}", r#"{"ageLock":true}"#, r#"{"ageLock":false}"#] {
                assert_eq!(
                    signer.identify_json(&presented, verdicts).unwrap(),
                    credential::identify_checked_json(&presented, &jwks, verdicts).unwrap(),
                    "{token:?} with {verdicts}"
                );
            }
        }
        // The signer's own lock names its subject; another key set's counts as absent.
        let presented = format!(r#"{{"now":"{now}","ageLock":"{own}"}}"#);
        assert!(signer.identify_json(&presented, "{}").unwrap().contains("s-0000-0001"));
        let presented = format!(r#"{{"now":"{now}","ageLock":"{forged}"}}"#);
        assert!(!signer.identify_json(&presented, "{}").unwrap().contains("s-0000-0001"));
        assert_eq!(
            signer.identify_json("{}", "{}").unwrap_err().code,
            credential::identify_json("{}", &jwks).unwrap_err().code
        );
    }
}

#[cfg(test)]
mod choice_tests {
    use super::*;

    fn choice(context: &str, request: &str) -> Result<Value, ApiError> {
        let policy = LoadedPolicy::load(include_str!("../../policies/seed.json"))?;
        let text = policy.receipt_choice_json(context, request)?;
        serde_json::from_str(&text).map_err(|e| Problem::at("test", "$", e.to_string()).into())
    }

    const ADULT: &str = r#"{"now": "2026-12-06T10:00:00Z", "jurisdiction": "DE", "ageBand": "adult",
        "consents": {"marketing": {"state": "ConsentGiven", "time": "2026-11-01T00:00:00Z", "policyVersion": "1.0.0", "separate": true}}}"#;

    /// A purpose named twice in `choices` is refused, never taken with its last answer.
    #[test]
    fn a_purpose_named_twice_is_refused() {
        let twice = r#"{"subject": "s-0000-0001", "locale": "en", "method": "api", "choices": {"marketing": false, "marketing": true}}"#;
        let e = choice(ADULT, twice).unwrap_err();
        assert!(e.message.contains("duplicate key `marketing`"), "{}", e.message);
    }

    #[test]
    fn accept_all_records_no_consent_to_what_needs_one_given_alone() {
        let policy = LoadedPolicy::load(include_str!("../../policies/seed.json")).unwrap();
        let bulk = r#"{"subject": "s-0000-0001", "locale": "en", "method": "banner_layer1", "choices": {"analytics-cookies": true, "cross-border": true, "location": false}}"#;
        let made: Value = serde_json::from_str(&policy.receipt_choice_json(ADULT, bulk).unwrap()).unwrap();
        let states: Vec<(&str, &str)> = made["purposes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["purpose"].as_str().unwrap(), p["state"].as_str().unwrap()))
            .collect();
        assert_eq!(
            states,
            [
                ("location", "ConsentRefused"),
                ("analytics-cookies", "ConsentGiven"),
                ("cross-border", "ConsentRequestDeferred")
            ]
        );
        // Deferred, it waits for its own answer without reopening the banner.
        let after = ADULT.replace(
            r#""consents": {"#,
            r#""consents": {"cross-border": {"state": "ConsentRequestDeferred", "time": "2026-12-06T10:00:00Z", "policyVersion": "1.0.0"}, "#,
        );
        let e: Value = serde_json::from_str(&policy.evaluate_json(&after).unwrap()).unwrap();
        let cross = e["purposes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["purpose"] == "cross-border")
            .unwrap();
        assert_eq!(cross["decision"], "needs_separate_consent");
        assert_eq!(cross["reasons"][0]["rule"], "R-SEPARATE-CONSENT");
        // Also once it was refused: the decision is `denied`, and a bundled "yes" is still none.
        let refused = ADULT.replace(
            r#""consents": {"#,
            r#""consents": {"cross-border": {"state": "ConsentRefused", "time": "2026-12-01T10:00:00Z", "policyVersion": "1.0.0", "separate": true}, "#,
        );
        let again = r#"{"subject": "s-0000-0001", "locale": "en", "method": "banner_layer1", "choices": {"cross-border": true}}"#;
        let made: Value = serde_json::from_str(&policy.receipt_choice_json(&refused, again).unwrap()).unwrap();
        assert_eq!(made["purposes"][0]["state"], "ConsentRequestDeferred");
        // One by one, it is a consent.
        let alone = r#"{"subject": "s-0000-0001", "locale": "en", "method": "banner_layer2", "choices": {"cross-border": true}}"#;
        let made: Value = serde_json::from_str(&policy.receipt_choice_json(ADULT, alone).unwrap()).unwrap();
        assert_eq!(made["purposes"][0]["state"], "ConsentGiven");
    }

    #[test]
    fn a_bulk_answer_is_not_separate_and_one_by_one_is() {
        let bulk = choice(ADULT, r#"{"subject": "s-0000-0001", "locale": "en", "method": "banner_layer1", "choices": {"analytics-cookies": true}}"#)
            .unwrap_or_default();
        assert_eq!(bulk["purposes"][0]["separate"], false);
        assert_eq!(bulk["purposes"][0]["state"], "ConsentGiven");
        assert_eq!(bulk["actor"]["type"], "self");
        assert_eq!(
            (bulk["jurisdiction"].as_str(), bulk["ageBand"].as_str()),
            (Some("DE"), Some("adult"))
        );
        let one = choice(ADULT, r#"{"subject": "s-0000-0001", "locale": "en", "method": "banner_layer2", "choices": {"analytics-cookies": false}}"#)
            .unwrap_or_default();
        assert_eq!(
            (
                one["purposes"][0]["separate"].as_bool(),
                one["purposes"][0]["state"].as_str()
            ),
            (Some(true), Some("ConsentRefused"))
        );
    }

    #[test]
    fn a_consent_given_again_on_the_update_notice_stays_separate_when_it_was() {
        let again = choice(ADULT, r#"{"subject": "s-0000-0001", "locale": "en", "method": "update_notice", "choices": {"marketing": true, "search": true}}"#)
            .unwrap_or_default();
        let separate: Vec<(String, bool)> = again["purposes"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .map(|p| (p["purpose"].as_str().unwrap_or("").to_string(), p["separate"] == true))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(
            separate,
            [("search".to_string(), false), ("marketing".to_string(), true)]
        );
    }

    #[test]
    fn a_withdrawal_is_separate_once_per_purpose_and_a_request_is_one_kind() {
        let w = choice(
            ADULT,
            r#"{"subject": "s-0000-0001", "locale": "en", "method": "api", "withdraw": ["marketing", "marketing"]}"#,
        )
        .unwrap_or_default();
        assert_eq!(w["purposes"].as_array().map(Vec::len), Some(1));
        assert_eq!(
            (
                w["purposes"][0]["state"].as_str(),
                w["purposes"][0]["separate"].as_bool()
            ),
            (Some("ConsentWithdrawn"), Some(true))
        );
        let both = choice(
            ADULT,
            r#"{"subject": "s-0000-0001", "locale": "en", "method": "api", "choices": {"a": true}, "withdraw": ["b"]}"#,
        );
        assert_eq!(both.err().map(|e| e.code).as_deref(), Some("choice.request"));
        let method = choice(
            ADULT,
            r#"{"subject": "s-0000-0001", "locale": "en", "method": "carrier_pigeon", "choices": {"a": true}}"#,
        );
        assert_eq!(method.err().map(|e| e.code).as_deref(), Some("schema.unknown_variant"));
    }

    #[test]
    fn a_withdrawal_without_a_method_was_made_through_the_api_and_a_consent_must_say() {
        let w = choice(
            ADULT,
            r#"{"subject": "s-0000-0001", "locale": "en", "withdraw": ["marketing"]}"#,
        )
        .unwrap_or_default();
        assert_eq!(w["collectionMethod"], "api");
        let consent = choice(
            ADULT,
            r#"{"subject": "s-0000-0001", "locale": "en", "choices": {"search": true}}"#,
        )
        .err()
        .map(|e| (e.code, e.message, e.hint));
        assert_eq!(
            consent,
            Some((
                "schema.missing_field".to_string(),
                "missing field `method`".to_string(),
                Some("add `method`; see policies/policy.schema.json".to_string())
            ))
        );
    }
}
