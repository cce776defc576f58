//! Receipts, signing and the log at the JavaScript boundary: conversions only.

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

#[cfg(all(feature = "compiled", feature = "ed25519"))]
use super::compiled::WasmCompiledPolicy;
#[cfg(feature = "sign")]
use super::interop::input_error;
use super::interop::{from_json, given, js_error, json_text, string_arg};
#[cfg(any(feature = "authoring", feature = "sign"))]
use super::policy::WasmPolicy;
#[cfg(feature = "sign")]
use crate::api;
use crate::api::receipts;
use crate::api::ApiError;
use crate::compiled::SourcePolicy;
use crate::receipt::Verifier;

#[cfg(feature = "sign")]
/// A size or index from JavaScript: a whole number from 0 to 2^53.
fn count(v: f64, what: &str) -> Result<u64, JsValue> {
    if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= 9_007_199_254_740_992.0 {
        Ok(v as u64)
    } else {
        Err(input_error(
            "input.type",
            what,
            format!("expected a whole number, got {v}"),
            "pass a non-negative integer",
        ))
    }
}

#[cfg(feature = "sign")]
fn unit(r: Result<(), ApiError>) -> Result<(), JsValue> {
    r.map_err(|e| js_error(&e))
}

/// What a verification answers: the answer itself where Ed25519 runs in Rust (node, workerd), a
/// promise of it in the receipts module a page fetches, whose page checks the signatures (see
/// [`settle`]).
#[cfg(feature = "ed25519")]
pub(super) type Verdict = JsValue;
/// What a verification answers: the answer itself where Ed25519 runs in Rust (node, workerd), a
/// promise of it in the receipts module a page fetches, whose page checks the signatures (see
/// [`settle`]).
#[cfg(not(feature = "ed25519"))]
pub(super) type Verdict = js_sys::Promise;

/// Runs a verification of the core with this module's [`Verifier`]: Ed25519 in Rust.
#[cfg(feature = "ed25519")]
fn settle(
    policy: Option<SourcePolicy>,
    verification: impl Fn(Option<&SourcePolicy>, &dyn Verifier) -> Result<String, ApiError>,
) -> Result<Verdict, JsValue> {
    from_json(verification(policy.as_ref(), &crate::receipt::signature::Ed25519))
}

/// Runs a verification of the core in its two passes (see [`crate::receipt::signature`]): the
/// checks the first lists are answered by the page (WebCrypto, or the fallback module where it
/// has no Ed25519), and the verdict is the second's, the core's again.
#[cfg(not(feature = "ed25519"))]
fn settle(
    policy: Option<SourcePolicy>,
    verification: impl Fn(Option<&SourcePolicy>, &dyn Verifier) -> Result<String, ApiError> + 'static,
) -> Result<Verdict, JsValue> {
    Ok(wasm_bindgen_futures::future_to_promise(async move {
        from_json(two_passes(|verifier| verification(policy.as_ref(), verifier)).await)
    }))
}

/// The two passes of a page's verification: the checks `verification` asks for with every
/// signature taken as good, answered by the page, then `verification` again with the answers.
#[cfg(not(feature = "ed25519"))]
async fn two_passes<T>(verification: impl Fn(&dyn Verifier) -> T) -> T {
    let list = crate::receipt::CheckList::new();
    // Its verdict is not the answer: every signature passed in it. Its errors come back below.
    let _ = verification(&list);
    let answers = super::signatures::answer(list.into_checks()).await;
    verification(&answers)
}

/// The policy whose hash a receipt of its version must carry, as `CompiledPolicy.source` gives
/// it (or its JSON text), if one was given.
fn source_arg(policy: &JsValue) -> Result<Option<SourcePolicy>, JsValue> {
    let Some(policy) = given(policy) else {
        return Ok(None);
    };
    let text = json_text(policy, "the policy")?;
    crate::policy::parse_json(&text)
        .map(Some)
        .map_err(|e| js_error(&ApiError::from(e)))
}

/// A token (`what` names it in an error) and the published keys to verify it with.
#[cfg(feature = "sign")]
fn token_and_keys(token: &JsValue, what: &str, jwks: &JsValue) -> Result<(String, String), JsValue> {
    Ok((string_arg(token, what)?, json_text(jwks, "the JWKS")?))
}

/// Verifies a receipt (compact JWS) with the published keys: structure, algorithm, key id,
/// signature (in node and workerd by Ed25519 in Rust; in a page by the browser's WebCrypto, or
/// the fallback module where it has no Ed25519), canonical payload, expiry at `options.now`, and
/// the chain link to `options.previous`; with `policy` (a compiled policy's `source`), a receipt
/// of its version must carry its hash, as `policy.verifyReceipt` checks it. Throws (node,
/// workerd) or rejects (a page) with an `AssentError` whose code names the failed check.
#[cfg_attr(
    feature = "ed25519",
    wasm_bindgen(js_name = "verifyReceipt", unchecked_return_type = "VerifiedReceipt")
)]
#[cfg_attr(
    not(feature = "ed25519"),
    wasm_bindgen(js_name = "verifyReceipt", unchecked_return_type = "Promise<VerifiedReceipt>")
)]
pub fn verify_receipt(
    #[wasm_bindgen(unchecked_param_type = "string")] jws: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Jwks | string")] jwks: JsValue,
    #[wasm_bindgen(unchecked_param_type = "VerifyOptions")] options: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SourcePolicy")] policy: JsValue,
) -> Result<Verdict, JsValue> {
    verify(&jws, &jwks, &options, source_arg(&policy)?)
}

pub(super) fn verify(
    jws: &JsValue,
    jwks: &JsValue,
    options: &JsValue,
    policy: Option<SourcePolicy>,
) -> Result<Verdict, JsValue> {
    let jws = string_arg(jws, "the receipt")?;
    verified(jws, jwks, options, policy, receipts::verify_receipt_json_with)
}

/// The consents recorded by the receipts that verify (their signatures checked as
/// `verifyReceipt` checks them); the others are listed as rejected and never trusted. With
/// `policy` (a compiled policy's `source`), receipts of its version are checked against its hash,
/// as `policy.consentsFromReceipts` checks them.
#[cfg_attr(
    feature = "ed25519",
    wasm_bindgen(js_name = "consentsFromReceipts", unchecked_return_type = "ConsentsFromReceipts")
)]
#[cfg_attr(
    not(feature = "ed25519"),
    wasm_bindgen(
        js_name = "consentsFromReceipts",
        unchecked_return_type = "Promise<ConsentsFromReceipts>"
    )
)]
pub fn consents_from_receipts(
    #[wasm_bindgen(unchecked_param_type = "string[]")] receipts_list: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Jwks | string")] jwks: JsValue,
    #[wasm_bindgen(unchecked_param_type = "VerifyOptions")] options: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SourcePolicy")] policy: JsValue,
) -> Result<Verdict, JsValue> {
    consents(&receipts_list, &jwks, &options, source_arg(&policy)?)
}

pub(super) fn consents(
    list: &JsValue,
    jwks: &JsValue,
    options: &JsValue,
    policy: Option<SourcePolicy>,
) -> Result<Verdict, JsValue> {
    let list = json_text(list, "the receipts")?;
    verified(list, jwks, options, policy, receipts::consents_from_receipts_json_with)
}

/// A verification of the core, `verifyReceipt`'s or `consentsFromReceipts`'s: what it verifies,
/// the published keys, the options, the policy and the signatures' verifier.
type Verification = fn(&str, &str, &str, Option<&SourcePolicy>, &dyn Verifier) -> Result<String, ApiError>;

/// `verification` of what it verifies with the published keys and the options, settled as this
/// module settles them.
fn verified(
    what: String,
    jwks: &JsValue,
    options: &JsValue,
    policy: Option<SourcePolicy>,
    verification: Verification,
) -> Result<Verdict, JsValue> {
    let keys = json_text(jwks, "the JWKS")?;
    let opts = json_text(options, "the options")?;
    settle(policy, move |policy, verifier| {
        verification(&what, &keys, &opts, policy, verifier)
    })
}

/// The banner's stored receipts, verified for its page (the banner's module asks; see
/// [`crate::banner::session::verify_stored`]): `receipts` their JSON list, `jwks` the site's
/// published keys (JSON), `now` RFC 3339, `subject` the visitor's subject if known, `policy` the
/// compiled policy's `source` (JSON). Resolves to the JSON text of the `VerifiedStore`, which the
/// banner's module reads; rejects with an `AssentError` for input it cannot read.
#[cfg(not(feature = "ed25519"))]
#[wasm_bindgen(js_name = "verifyStored", unchecked_return_type = "Promise<string>")]
pub fn verify_stored(
    receipts: String,
    jwks: String,
    now: String,
    subject: Option<String>,
    policy: String,
) -> Result<js_sys::Promise, JsValue> {
    let read = |e: crate::policy::Problem| js_error(&ApiError::from(e));
    let receipts: Vec<String> = crate::policy::parse_json(&receipts).map_err(read)?;
    let source: SourcePolicy = crate::policy::parse_json(&policy).map_err(read)?;
    let now = receipts::now(&now).map_err(|e| js_error(&e))?;
    Ok(wasm_bindgen_futures::future_to_promise(async move {
        let store = two_passes(|verifier| {
            crate::banner::session::verify_stored(&receipts, &jwks, now, subject.as_deref(), &source, verifier)
        })
        .await;
        let text = store.and_then(|s| crate::api::to_json(&s)).map_err(|e| js_error(&e))?;
        Ok(JsValue::from_str(&text))
    }))
}

/// Whether a choice collected this way counts as separate consent for its purpose, given whether
/// it is a yes and the purpose's consent before (from `consentsFromReceipts`, or undefined): asked
/// one by one, or a consent given again on the update notice where the one before was separate.
#[cfg(feature = "sign")]
#[wasm_bindgen(js_name = "separateConsent")]
pub fn separate_consent(
    #[wasm_bindgen(unchecked_param_type = "CollectionMethod")] method: JsValue,
    given: bool,
    #[wasm_bindgen(unchecked_optional_param_type = "Consent")] before: Option<JsValue>,
) -> Result<bool, JsValue> {
    let method = method_arg(&method)?;
    let before: Option<crate::eval::Consent> = match before.as_ref().and_then(super::interop::given) {
        Some(b) => Some(
            crate::policy::parse_json(&json_text(b, "the consent before")?)
                .map_err(|e| js_error(&ApiError::from(e)))?,
        ),
        None => None,
    };
    Ok(method.records_separate(given, before.as_ref()))
}

#[cfg(feature = "sign")]
fn method_arg(method: &JsValue) -> Result<crate::receipt::CollectionMethod, JsValue> {
    let name = string_arg(method, "the collection method")?;
    // A method name is snake_case letters only, so quoting it makes it a JSON string.
    let quoted = if name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit())
    {
        format!("\"{name}\"")
    } else {
        String::from("null")
    };
    crate::policy::parse_json(&quoted).map_err(|e| js_error(&ApiError::from(e)))
}

/// What the subject's next receipt puts in `prev`: the hex SHA-256 of this receipt's JWS.
#[wasm_bindgen(js_name = "chainLink")]
pub fn chain_link(#[wasm_bindgen(unchecked_param_type = "string")] jws: JsValue) -> Result<String, JsValue> {
    Ok(receipts::chain_link(&string_arg(&jws, "the receipt")?))
}

#[cfg(feature = "sign")]
/// A receipt as a Kantara Consent Receipt v1.1 document (decoded, not verified: verify first).
#[wasm_bindgen(js_name = "kantaraReceipt", unchecked_return_type = "Record<string, unknown>")]
pub fn kantara_receipt(#[wasm_bindgen(unchecked_param_type = "string")] jws: JsValue) -> Result<JsValue, JsValue> {
    kantara_with(&jws, None)
}

#[cfg(feature = "sign")]
pub(super) fn kantara_with(jws: &JsValue, policy: Option<&WasmPolicy>) -> Result<JsValue, JsValue> {
    let jws = string_arg(jws, "the receipt")?;
    from_json(receipts::kantara_json(&jws, policy.map(WasmPolicy::inner)))
}

#[cfg(feature = "sign")]
/// Verifies a signed log checkpoint and returns it.
#[wasm_bindgen(js_name = "verifyCheckpoint", unchecked_return_type = "Checkpoint")]
pub fn verify_checkpoint(
    #[wasm_bindgen(unchecked_param_type = "string")] jws: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Jwks | string")] jwks: JsValue,
) -> Result<JsValue, JsValue> {
    let (jws, keys) = token_and_keys(&jws, "the checkpoint", &jwks)?;
    from_json(receipts::verify_checkpoint_json(&jws, &keys))
}

#[cfg(feature = "sign")]
/// Verifies a device's signed age lock (`{now, subject}`): the lock when it is signed with a
/// published key, in time and the subject's; an `AssentError` (`age.lock_invalid`) otherwise.
#[wasm_bindgen(js_name = "verifyAgeLock", unchecked_return_type = "SignedAgeLock")]
pub fn verify_age_lock(
    #[wasm_bindgen(unchecked_param_type = "string")] jws: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Jwks | string")] jwks: JsValue,
    #[wasm_bindgen(unchecked_param_type = "VerifyOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let (jws, keys) = token_and_keys(&jws, "the age lock", &jwks)?;
    from_json(receipts::verify_age_lock_json(
        &jws,
        &keys,
        &json_text(&options, "the options")?,
    ))
}

#[cfg(feature = "sign")]
/// Who a request speaks for (`{now, device?, ageLock?}`, the tokens its cookies hold): the device
/// credential's subject, else the age lock's, and whether to issue the credential again.
/// `verdicts` are the runtime's answers to `identifyChecks` (`{device?, ageLock?}`: whether each
/// signature verified); a token without one is verified here.
#[wasm_bindgen(js_name = "identify", unchecked_return_type = "Identity")]
pub fn identify(
    #[wasm_bindgen(unchecked_param_type = "Presented")] presented: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Jwks | string")] jwks: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SignatureVerdicts | undefined")] verdicts: JsValue,
) -> Result<JsValue, JsValue> {
    let presented = json_text(&presented, "the presented credentials")?;
    let keys = json_text(&jwks, "the JWKS")?;
    let verdicts = match given(&verdicts) {
        Some(v) => json_text(v, "the signature verdicts")?,
        None => "{}".to_string(),
    };
    from_json(crate::api::credential::identify_checked_json(
        &presented, &keys, &verdicts,
    ))
}

#[cfg(feature = "sign")]
/// The signatures `identify` would verify, for the runtime to verify with its own Ed25519
/// (WebCrypto): `[{token, kid, x, signingInput, signature}]`, only for tokens that pass every
/// other check. Their verdicts go back to `identify`, which makes every other check itself.
#[wasm_bindgen(js_name = "identifyChecks", unchecked_return_type = "IdentifyCheck[]")]
pub fn identify_checks(
    #[wasm_bindgen(unchecked_param_type = "Presented")] presented: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Jwks | string")] jwks: JsValue,
) -> Result<JsValue, JsValue> {
    let presented = json_text(&presented, "the presented credentials")?;
    let keys = json_text(&jwks, "the JWKS")?;
    from_json(crate::api::credential::identify_checks_json(&presented, &keys))
}

#[cfg(feature = "sign")]
/// Verifies a credential the edge signed (`{now, kind}`); an `AssentError`
/// (`credential.invalid`) unless it is signed with a published key, of that kind and in time.
#[wasm_bindgen(js_name = "verifyCredential", unchecked_return_type = "Credential")]
pub fn verify_credential(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Jwks | string")] jwks: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ now: string; kind: CredentialKind }")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let (token, keys) = token_and_keys(&token, "the credential", &jwks)?;
    from_json(crate::api::credential::verify_credential_json(
        &token,
        &keys,
        &json_text(&options, "the options")?,
    ))
}

#[cfg(feature = "sign")]
/// The leaf hash (hex) of a log entry.
#[wasm_bindgen(js_name = "logLeafHash")]
pub fn log_leaf_hash(#[wasm_bindgen(unchecked_param_type = "string")] data: JsValue) -> Result<String, JsValue> {
    Ok(api::log::leaf_hash(&string_arg(&data, "the entry")?))
}

#[cfg(feature = "sign")]
/// The stored nodes that appending entry number `size` needs.
#[wasm_bindgen(js_name = "logAppendNeeds", unchecked_return_type = "NodeId[]")]
pub fn log_append_needs(size: f64) -> Result<JsValue, JsValue> {
    from_json(api::log::append_needs(count(size, "the size")?))
}

#[cfg(feature = "sign")]
/// Appends entry number `size` with leaf hash `leaf`: the new nodes to store.
#[wasm_bindgen(js_name = "logAppend", unchecked_return_type = "NodeHash[]")]
pub fn log_append(
    size: f64,
    #[wasm_bindgen(unchecked_param_type = "string")] leaf: JsValue,
    #[wasm_bindgen(unchecked_param_type = "NodeHash[]")] nodes: JsValue,
) -> Result<JsValue, JsValue> {
    let leaf = string_arg(&leaf, "the leaf hash")?;
    from_json(api::log::append(
        count(size, "the size")?,
        &leaf,
        &json_text(&nodes, "the nodes")?,
    ))
}

#[cfg(feature = "sign")]
/// The stored nodes the root of a log of `size` entries needs.
#[wasm_bindgen(js_name = "logRootNeeds", unchecked_return_type = "NodeId[]")]
pub fn log_root_needs(size: f64) -> Result<JsValue, JsValue> {
    from_json(api::log::root_needs(count(size, "the size")?))
}

#[cfg(feature = "sign")]
/// The root (hex) of a log of `size` entries.
#[wasm_bindgen(js_name = "logRoot")]
pub fn log_root(
    size: f64,
    #[wasm_bindgen(unchecked_param_type = "NodeHash[]")] nodes: JsValue,
) -> Result<String, JsValue> {
    api::log::root(count(size, "the size")?, &json_text(&nodes, "the nodes")?).map_err(|e| js_error(&e))
}

#[cfg(feature = "sign")]
/// The stored nodes an inclusion proof needs.
#[wasm_bindgen(js_name = "logInclusionNeeds", unchecked_return_type = "NodeId[]")]
pub fn log_inclusion_needs(index: f64, size: f64) -> Result<JsValue, JsValue> {
    from_json(api::log::inclusion_needs(
        count(index, "the index")?,
        count(size, "the size")?,
    ))
}

#[cfg(feature = "sign")]
/// The inclusion proof (hex hashes, leaf to root) of entry `index` in a log of `size`.
#[wasm_bindgen(js_name = "logInclusionProof", unchecked_return_type = "string[]")]
pub fn log_inclusion_proof(
    index: f64,
    size: f64,
    #[wasm_bindgen(unchecked_param_type = "NodeHash[]")] nodes: JsValue,
) -> Result<JsValue, JsValue> {
    from_json(api::log::inclusion_proof(
        count(index, "the index")?,
        count(size, "the size")?,
        &json_text(&nodes, "the nodes")?,
    ))
}

#[cfg(feature = "sign")]
/// The stored nodes a consistency proof needs.
#[wasm_bindgen(js_name = "logConsistencyNeeds", unchecked_return_type = "NodeId[]")]
pub fn log_consistency_needs(old_size: f64, new_size: f64) -> Result<JsValue, JsValue> {
    from_json(api::log::consistency_needs(
        count(old_size, "the old size")?,
        count(new_size, "the new size")?,
    ))
}

#[cfg(feature = "sign")]
/// The consistency proof (hex) that the first `oldSize` entries are a prefix of `newSize`.
#[wasm_bindgen(js_name = "logConsistencyProof", unchecked_return_type = "string[]")]
pub fn log_consistency_proof(
    old_size: f64,
    new_size: f64,
    #[wasm_bindgen(unchecked_param_type = "NodeHash[]")] nodes: JsValue,
) -> Result<JsValue, JsValue> {
    from_json(api::log::consistency_proof(
        count(old_size, "the old size")?,
        count(new_size, "the new size")?,
        &json_text(&nodes, "the nodes")?,
    ))
}

#[cfg(feature = "sign")]
/// Checks an inclusion proof; throws an `AssentError` (`log.proof_mismatch`) when it fails.
#[wasm_bindgen(js_name = "verifyInclusion")]
pub fn verify_inclusion(#[wasm_bindgen(unchecked_param_type = "InclusionProof")] args: JsValue) -> Result<(), JsValue> {
    unit(api::log::verify_inclusion(&json_text(&args, "the proof")?))
}

#[cfg(feature = "sign")]
/// Checks a consistency proof; throws an `AssentError` (`log.proof_mismatch`) when it fails.
#[wasm_bindgen(js_name = "verifyConsistency")]
pub fn verify_consistency(
    #[wasm_bindgen(unchecked_param_type = "ConsistencyProof")] args: JsValue,
) -> Result<(), JsValue> {
    unit(api::log::verify_consistency(&json_text(&args, "the proof")?))
}

#[cfg(feature = "sign")]
/// The shard (0 to `count - 1`) that keeps `subject`'s receipts: a keyed hash of the subject id
/// under the LOG_SHARD_KEY secret (any key for one shard).
#[wasm_bindgen(js_name = "logShard")]
pub fn log_shard(
    #[wasm_bindgen(unchecked_param_type = "string")] subject: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] key: JsValue,
    count: f64,
) -> Result<u32, JsValue> {
    let count = u32::try_from(self::count(count, "the shard count")?).unwrap_or(u32::MAX);
    api::log::shard_of(
        &string_arg(&subject, "the subject")?,
        &string_arg(&key, "the shard key")?,
        count,
    )
    .map_err(|e| js_error(&e))
}

#[cfg(feature = "sign")]
/// The origin shard `shard`'s checkpoints name, under the log's origin.
#[wasm_bindgen(js_name = "logShardOrigin")]
pub fn log_shard_origin(
    #[wasm_bindgen(unchecked_param_type = "string")] origin: JsValue,
    shard: u32,
) -> Result<String, JsValue> {
    Ok(api::log::shard_origin(&string_arg(&origin, "the origin")?, shard))
}

#[cfg(feature = "sign")]
/// The hex commitment a leaf makes to an entry (a receipt's JWS, an erasure record) under its
/// salt (32 random bytes, hex).
#[wasm_bindgen(js_name = "logCommitment")]
pub fn log_commitment(
    #[wasm_bindgen(unchecked_param_type = "string")] entry: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] salt: JsValue,
) -> Result<String, JsValue> {
    api::log::commitment(&string_arg(&entry, "the entry")?, &string_arg(&salt, "the salt")?).map_err(|e| js_error(&e))
}

#[cfg(feature = "sign")]
/// The leaf hash (hex) of an entry with this hex commitment.
#[wasm_bindgen(js_name = "logCommittedLeaf")]
pub fn log_committed_leaf(
    #[wasm_bindgen(unchecked_param_type = "string")] commitment: JsValue,
) -> Result<String, JsValue> {
    api::log::committed_leaf(&string_arg(&commitment, "the commitment")?).map_err(|e| js_error(&e))
}

#[cfg(feature = "sign")]
/// The erasure record the log appends when it erases entries `erased` at `time`.
#[wasm_bindgen(js_name = "logErasure")]
pub fn log_erasure(
    #[wasm_bindgen(unchecked_param_type = "number[]")] erased: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] time: JsValue,
) -> Result<String, JsValue> {
    let list: Vec<u64> = crate::policy::parse_json(&json_text(&erased, "the erased indices")?)
        .map_err(|e| js_error(&ApiError::from(e)))?;
    api::log::erasure_record(list, &string_arg(&time, "the time")?).map_err(|e| js_error(&e))
}

#[cfg(feature = "sign")]
/// The hex root of the head's tree over the shards' signed checkpoints, shard 0 first.
#[wasm_bindgen(js_name = "logHeadRoot")]
pub fn log_head_root(
    #[wasm_bindgen(unchecked_param_type = "string[]")] checkpoints: JsValue,
) -> Result<String, JsValue> {
    api::log::head_root(&json_text(&checkpoints, "the checkpoints")?).map_err(|e| js_error(&e))
}

#[cfg(feature = "sign")]
/// The inclusion proof (hex) of shard `shard`'s checkpoint in the head's tree.
#[wasm_bindgen(js_name = "logHeadProof", unchecked_return_type = "string[]")]
pub fn log_head_proof(
    #[wasm_bindgen(unchecked_param_type = "string[]")] checkpoints: JsValue,
    shard: u32,
) -> Result<JsValue, JsValue> {
    from_json(api::log::head_proof(
        &json_text(&checkpoints, "the checkpoints")?,
        shard,
    ))
}

#[cfg(feature = "sign")]
/// Verifies the signed head over all shards and returns it.
#[wasm_bindgen(js_name = "verifyLogHead", unchecked_return_type = "LogHead")]
pub fn verify_log_head(
    #[wasm_bindgen(unchecked_param_type = "string")] jws: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Jwks | string")] jwks: JsValue,
) -> Result<JsValue, JsValue> {
    let (jws, keys) = token_and_keys(&jws, "the head", &jwks)?;
    from_json(api::log::verify_log_head_json(&jws, &keys))
}

#[cfg(feature = "sign")]
/// The compact JWS of a signing input from a `Signer`'s `prepare*` and its Ed25519 signature
/// (64 bytes, from WebCrypto's `sign`).
#[wasm_bindgen(js_name = "finishJws")]
pub fn finish_jws(
    #[wasm_bindgen(unchecked_param_type = "string")] signing_input: JsValue,
    signature: &[u8],
) -> Result<String, JsValue> {
    receipts::finish_jws(&string_arg(&signing_input, "the signing input")?, signature).map_err(|e| js_error(&e))
}

#[cfg(feature = "sign")]
pub use signing::*;

#[cfg(feature = "sign")]
mod signing {
    use super::super::interop::{parse_json, random};
    use super::*;

    /// A new private key set with one active Ed25519 key, and its public JWKS. Keep the private
    /// set at the edge (a Worker secret); publish only the JWKS.
    #[wasm_bindgen(js_name = "generateKeySet", unchecked_return_type = "KeyPair")]
    pub fn generate_key_set() -> Result<JsValue, JsValue> {
        from_json(receipts::generate_key_set_json(random::<32>()?))
    }

    /// Signs receipts and checkpoints with a private key set, for one policy.
    #[wasm_bindgen(js_name = "Signer")]
    pub struct WasmSigner {
        inner: receipts::Signer,
    }

    #[wasm_bindgen(js_class = "Signer")]
    impl WasmSigner {
        /// A signer from the private key set (JSON text or object) and the policy.
        #[wasm_bindgen(constructor)]
        pub fn new(
            #[wasm_bindgen(unchecked_param_type = "PrivateKeySet | string")] private_key_set: JsValue,
            policy: &WasmPolicy,
        ) -> Result<WasmSigner, JsValue> {
            let keys = json_text(&private_key_set, "the private key set")?;
            receipts::Signer::new(&keys, policy.inner().clone())
                .map(|inner| WasmSigner { inner })
                .map_err(|e| js_error(&e))
        }

        /// The public keys to publish at /.well-known/jwks.json.
        #[wasm_bindgen(js_name = "publicJwks", unchecked_return_type = "Jwks")]
        pub fn public_jwks(&self) -> Result<JsValue, JsValue> {
            from_json(self.inner.public_jwks_json())
        }

        /// `identifyChecks(presented, jwks)` with this signer's public keys as the JWKS: the
        /// signatures to check of the credentials and age locks it signed.
        #[wasm_bindgen(js_name = "identifyChecks", unchecked_return_type = "IdentifyCheck[]")]
        pub fn identify_checks(
            &self,
            #[wasm_bindgen(unchecked_param_type = "Presented")] presented: JsValue,
        ) -> Result<JsValue, JsValue> {
            let presented = json_text(&presented, "the presented credentials")?;
            from_json(self.inner.identify_checks_json(&presented))
        }

        /// `identify(presented, jwks, verdicts)` with this signer's public keys as the JWKS.
        #[wasm_bindgen(unchecked_return_type = "Identity")]
        pub fn identify(
            &self,
            #[wasm_bindgen(unchecked_param_type = "Presented")] presented: JsValue,
            #[wasm_bindgen(unchecked_param_type = "SignatureVerdicts | undefined")] verdicts: JsValue,
        ) -> Result<JsValue, JsValue> {
            let presented = json_text(&presented, "the presented credentials")?;
            let verdicts = match given(&verdicts) {
                Some(v) => json_text(v, "the signature verdicts")?,
                None => "{}".to_string(),
            };
            from_json(self.inner.identify_json(&presented, &verdicts))
        }

        /// Signs a choice made at `now`: `{jws, receipt}`. The receipt id is a random v4 UUID
        /// unless `options.id` gives one.
        #[wasm_bindgen(unchecked_return_type = "SignedReceipt")]
        pub fn sign(
            &self,
            #[wasm_bindgen(unchecked_param_type = "Choice")] choice: JsValue,
            #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
            #[wasm_bindgen(unchecked_param_type = "{ id?: string } | undefined")] options: JsValue,
        ) -> Result<JsValue, JsValue> {
            self.receipt(choice_at(&choice, &now, &options)?, receipts::Signer::sign_json)
        }

        /// Checks the choice against the visitor's context (`policy.checkChoice`), then signs it.
        #[wasm_bindgen(js_name = "checkAndSign", unchecked_return_type = "SignedReceipt")]
        pub fn check_and_sign(
            &self,
            #[wasm_bindgen(unchecked_param_type = "Context")] context: JsValue,
            #[wasm_bindgen(unchecked_param_type = "Choice")] choice: JsValue,
            #[wasm_bindgen(unchecked_param_type = "{ id?: string } | undefined")] options: JsValue,
        ) -> Result<JsValue, JsValue> {
            self.receipt(
                choice_in(&context, &choice, &options)?,
                receipts::Signer::check_and_sign_json,
            )
        }

        /// Signs a device's age lock `{lock, subject, expiresAt}` for an HttpOnly cookie.
        #[wasm_bindgen(js_name = "signAgeLock")]
        pub fn sign_age_lock(
            &self,
            #[wasm_bindgen(unchecked_param_type = "SignedAgeLock")] lock: JsValue,
        ) -> Result<String, JsValue> {
            self.on_json(&lock, "the age lock", receipts::Signer::sign_age_lock_json)
        }

        /// Signs a credential `{kind, subject, issuedAt, expiresAt, nonce?}`.
        #[wasm_bindgen(js_name = "signCredential")]
        pub fn sign_credential(
            &self,
            #[wasm_bindgen(unchecked_param_type = "Credential")] credential: JsValue,
        ) -> Result<String, JsValue> {
            self.on_json(&credential, "the credential", receipts::Signer::sign_credential_json)
        }

        /// Issues a credential `{kind, subject, now, nonce?}` for its kind's lifetime:
        /// `{token, credential}`.
        #[wasm_bindgen(
            js_name = "issueCredential",
            unchecked_return_type = "{ token: string; credential: Credential }"
        )]
        pub fn issue_credential(
            &self,
            #[wasm_bindgen(
                unchecked_param_type = "{ kind: CredentialKind; subject: string; now: string; nonce?: string }"
            )]
            args: JsValue,
        ) -> Result<JsValue, JsValue> {
            parse_json(&self.on_json(
                &args,
                "the credential to issue",
                receipts::Signer::issue_credential_json,
            )?)
        }

        /// What `issueCredential` signs: `{signingInput, credential}`; `finishJws(signingInput,
        /// signature)` is the token.
        #[wasm_bindgen(js_name = "prepareCredential", unchecked_return_type = "PreparedCredential")]
        pub fn prepare_credential(
            &self,
            #[wasm_bindgen(
                unchecked_param_type = "{ kind: CredentialKind; subject: string; now: string; nonce?: string }"
            )]
            args: JsValue,
        ) -> Result<JsValue, JsValue> {
            parse_json(&self.on_json(
                &args,
                "the credential to issue",
                receipts::Signer::prepare_credential_json,
            )?)
        }

        /// Signs the head over all shards `{origin, shards, size, root, time}`.
        #[wasm_bindgen(js_name = "signLogHead")]
        pub fn sign_log_head(
            &self,
            #[wasm_bindgen(unchecked_param_type = "LogHead")] head: JsValue,
        ) -> Result<String, JsValue> {
            self.on_json(&head, "the head", receipts::Signer::sign_log_head_json)
        }

        /// The active key `{kid, jwk}` (private: `d` is in it), for WebCrypto's
        /// `importKey("jwk", jwk, "Ed25519", false, ["sign"])` at the edge.
        #[wasm_bindgen(js_name = "signingKey", unchecked_return_type = "SigningKey")]
        pub fn signing_key(&self) -> Result<JsValue, JsValue> {
            from_json(self.inner.signing_key_json())
        }

        /// What `sign` signs: `{signingInput, receipt}`; `finishJws(signingInput, signature)`
        /// makes the receipt.
        #[wasm_bindgen(unchecked_return_type = "PreparedReceipt")]
        pub fn prepare(
            &self,
            #[wasm_bindgen(unchecked_param_type = "Choice")] choice: JsValue,
            #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
            #[wasm_bindgen(unchecked_param_type = "{ id?: string } | undefined")] options: JsValue,
        ) -> Result<JsValue, JsValue> {
            self.receipt(choice_at(&choice, &now, &options)?, receipts::Signer::prepare_json)
        }

        /// `checkAndSign`'s check, then `prepare`.
        #[wasm_bindgen(js_name = "checkAndPrepare", unchecked_return_type = "PreparedReceipt")]
        pub fn check_and_prepare(
            &self,
            #[wasm_bindgen(unchecked_param_type = "Context")] context: JsValue,
            #[wasm_bindgen(unchecked_param_type = "Choice")] choice: JsValue,
            #[wasm_bindgen(unchecked_param_type = "{ id?: string } | undefined")] options: JsValue,
        ) -> Result<JsValue, JsValue> {
            self.receipt(
                choice_in(&context, &choice, &options)?,
                receipts::Signer::check_and_prepare_json,
            )
        }

        /// What `signCheckpoint` signs (the signing input).
        #[wasm_bindgen(js_name = "prepareCheckpoint")]
        pub fn prepare_checkpoint(
            &self,
            #[wasm_bindgen(unchecked_param_type = "Checkpoint")] checkpoint: JsValue,
        ) -> Result<String, JsValue> {
            self.on_json(&checkpoint, "the checkpoint", receipts::Signer::prepare_checkpoint_json)
        }

        /// What `signLogHead` signs (the signing input).
        #[wasm_bindgen(js_name = "prepareLogHead")]
        pub fn prepare_log_head(
            &self,
            #[wasm_bindgen(unchecked_param_type = "LogHead")] head: JsValue,
        ) -> Result<String, JsValue> {
            self.on_json(&head, "the head", receipts::Signer::prepare_log_head_json)
        }

        /// Signs a log checkpoint `{origin, size, root, time}`.
        #[wasm_bindgen(js_name = "signCheckpoint")]
        pub fn sign_checkpoint(
            &self,
            #[wasm_bindgen(unchecked_param_type = "Checkpoint")] checkpoint: JsValue,
        ) -> Result<String, JsValue> {
            self.on_json(&checkpoint, "the checkpoint", receipts::Signer::sign_checkpoint_json)
        }
    }

    impl WasmSigner {
        /// `make` of this signer on the JSON text of `arg` (`what` names it in an error).
        fn on_json<T>(
            &self,
            arg: &JsValue,
            what: &str,
            make: fn(&receipts::Signer, &str) -> Result<T, ApiError>,
        ) -> Result<T, JsValue> {
            make(&self.inner, &json_text(arg, what)?).map_err(|e| js_error(&e))
        }

        /// `make` of this signer on the three arguments of a receipt (see [`choice_at`] and
        /// [`choice_in`]).
        fn receipt(
            &self,
            (first, second, id): (String, String, String),
            make: fn(&receipts::Signer, &str, &str, &str) -> Result<String, ApiError>,
        ) -> Result<JsValue, JsValue> {
            from_json(make(&self.inner, &first, &second, &id))
        }
    }

    /// A choice made at a time, and its receipt id: the arguments of `sign` and `prepare`.
    fn choice_at(choice: &JsValue, now: &JsValue, options: &JsValue) -> Result<(String, String, String), JsValue> {
        Ok((
            json_text(choice, "the choice")?,
            string_arg(now, "now")?,
            receipt_id(options)?,
        ))
    }

    /// A choice with the visitor's context to check it against, and its receipt id: the arguments
    /// of `checkAndSign` and `checkAndPrepare`.
    fn choice_in(context: &JsValue, choice: &JsValue, options: &JsValue) -> Result<(String, String, String), JsValue> {
        Ok((
            json_text(context, "the context")?,
            json_text(choice, "the choice")?,
            receipt_id(options)?,
        ))
    }

    fn receipt_id(options: &JsValue) -> Result<String, JsValue> {
        let id = given(options).and_then(|o| {
            js_sys::Reflect::get(o, &JsValue::from_str("id"))
                .ok()
                .filter(|v| !v.is_undefined())
        });
        match id {
            Some(v) => string_arg(&v, "options.id"),
            None => Ok(crate::receipt::new_receipt_id(random::<16>()?)),
        }
    }
}

/// The receipt methods of `Policy`: the functions above, with the policy's hash and names.
#[cfg(any(feature = "authoring", feature = "sign"))]
#[wasm_bindgen(js_class = "Policy")]
impl WasmPolicy {
    /// `verifyReceipt`, also checking that a receipt of this version carries this policy's hash.
    #[cfg(feature = "ed25519")]
    #[wasm_bindgen(js_name = "verifyReceipt", unchecked_return_type = "VerifiedReceipt")]
    pub fn verify_receipt(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] jws: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Jwks | string")] jwks: JsValue,
        #[wasm_bindgen(unchecked_param_type = "VerifyOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        verify(&jws, &jwks, &options, Some(self.source()?))
    }

    /// `consentsFromReceipts`, also checking receipts of this version against this policy's hash.
    #[cfg(feature = "ed25519")]
    #[wasm_bindgen(js_name = "consentsFromReceipts", unchecked_return_type = "ConsentsFromReceipts")]
    pub fn consents_from_receipts(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] receipts: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Jwks | string")] jwks: JsValue,
        #[wasm_bindgen(unchecked_param_type = "VerifyOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        consents(&receipts, &jwks, &options, Some(self.source()?))
    }

    #[cfg(feature = "sign")]
    /// `kantaraReceipt`, with this policy's names, categories and retention filled in.
    #[wasm_bindgen(js_name = "kantaraReceipt", unchecked_return_type = "Record<string, unknown>")]
    pub fn kantara_receipt(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] jws: JsValue,
    ) -> Result<JsValue, JsValue> {
        kantara_with(&jws, Some(self))
    }
}

/// The receipt methods of `CompiledPolicy`, as `Policy` has them: the hash checked is that of
/// the policy it was compiled from.
#[cfg(all(feature = "compiled", feature = "ed25519"))]
#[wasm_bindgen(js_class = "CompiledPolicy")]
impl WasmCompiledPolicy {
    /// `verifyReceipt`, also checking that a receipt of this version carries the hash of the policy it was compiled from.
    #[wasm_bindgen(js_name = "verifyReceipt", unchecked_return_type = "VerifiedReceipt")]
    pub fn verify_receipt(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] jws: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Jwks | string")] jwks: JsValue,
        #[wasm_bindgen(unchecked_param_type = "VerifyOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        verify(&jws, &jwks, &options, Some(self.loaded().source().clone()))
    }

    /// `consentsFromReceipts`, also checking receipts of this version against the hash of the policy it was compiled from.
    #[wasm_bindgen(js_name = "consentsFromReceipts", unchecked_return_type = "ConsentsFromReceipts")]
    pub fn consents_from_receipts(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] receipts: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Jwks | string")] jwks: JsValue,
        #[wasm_bindgen(unchecked_param_type = "VerifyOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        consents(&receipts, &jwks, &options, Some(self.loaded().source().clone()))
    }
}
