//! The Merkle log at the boundary. The Durable Object stores entries and node hashes; every
//! hash and proof is computed here. Node hashes cross as `{level, index, hash}` with hex hashes.

use crate::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use super::receipts::verify_statement;
use super::{to_json, ApiError};
use crate::log::entry;
use crate::log::head::{self, LogHead, LOG_HEAD_TYP};
use crate::log::merkle::{self, from_hex, to_hex, Hash, LogError, NodeId};
use crate::log::shard::{self, ShardError};
use crate::policy::{parse_json, Problem};
use crate::receipt::Jwks;

impl From<LogError> for ApiError {
    fn from(e: LogError) -> Self {
        let code = match e {
            LogError::MissingNode(..) => "log.missing_node",
            LogError::OutOfRange(_) => "log.out_of_range",
            LogError::ProofMismatch(_) => "log.proof_mismatch",
        };
        ApiError::from(Problem::at(code, "$", e.to_string()).hint(match code {
            "log.missing_node" => "fetch every node the matching *Needs function lists",
            "log.out_of_range" => "check the index and sizes against the log's head",
            _ => "the log or the proof was altered, or they belong to different logs",
        }))
    }
}

/// A stored node with its hash.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NodeHash {
    /// Height above the leaves.
    pub level: u32,
    /// Position in its level.
    pub index: u64,
    /// Hex SHA-256.
    pub hash: String,
}

fn hash(s: &str, what: &str) -> Result<Hash, ApiError> {
    from_hex(s).ok_or_else(|| {
        Problem::at("log.bad_hash", what.to_string(), format!("`{s}` is not 64 hex digits"))
            .hint("pass hashes as lower-case hex")
            .into()
    })
}

fn nodes(json: &str) -> Result<HashMap<NodeId, Hash>, ApiError> {
    let list: Vec<NodeHash> = parse_json(json)?;
    list.iter()
        .map(|n| {
            Ok((
                NodeId {
                    level: n.level,
                    index: n.index,
                },
                hash(&n.hash, "$.nodes")?,
            ))
        })
        .collect()
}

fn hex_list(hs: &[Hash]) -> Vec<String> {
    hs.iter().map(to_hex).collect()
}

/// `logLeafHash(data)`: the leaf hash of an entry (its compact JWS).
pub fn leaf_hash(data: &str) -> String {
    to_hex(&merkle::leaf_hash(data.as_bytes()))
}

/// `logAppendNeeds(size)`.
pub fn append_needs(size: u64) -> Result<String, ApiError> {
    to_json(&merkle::append_needs(size))
}

/// `logAppend(size, leaf, nodes)`: the new nodes to store.
pub fn append(size: u64, leaf: &str, nodes_json: &str) -> Result<String, ApiError> {
    let new = merkle::append(&nodes(nodes_json)?, size, hash(leaf, "$.leaf")?)?;
    let out: Vec<NodeHash> = new
        .into_iter()
        .map(|(id, h)| NodeHash {
            level: id.level,
            index: id.index,
            hash: to_hex(&h),
        })
        .collect();
    to_json(&out)
}

/// `logRootNeeds(size)`.
pub fn root_needs(size: u64) -> Result<String, ApiError> {
    to_json(&merkle::root_needs(size))
}

/// `logRoot(size, nodes)`: the hex root.
pub fn root(size: u64, nodes_json: &str) -> Result<String, ApiError> {
    Ok(to_hex(&merkle::root(&nodes(nodes_json)?, size)?))
}

/// `logInclusionNeeds(index, size)`.
pub fn inclusion_needs(index: u64, size: u64) -> Result<String, ApiError> {
    to_json(&merkle::inclusion_needs(index, size)?)
}

/// `logInclusionProof(index, size, nodes)`: the audit path, hex.
pub fn inclusion_proof(index: u64, size: u64, nodes_json: &str) -> Result<String, ApiError> {
    to_json(&hex_list(&merkle::inclusion_proof(&nodes(nodes_json)?, index, size)?))
}

/// `logConsistencyNeeds(old, new)`.
pub fn consistency_needs(old: u64, new: u64) -> Result<String, ApiError> {
    to_json(&merkle::consistency_needs(old, new)?)
}

/// `logConsistencyProof(old, new, nodes)`: hex.
pub fn consistency_proof(old: u64, new: u64, nodes_json: &str) -> Result<String, ApiError> {
    to_json(&hex_list(&merkle::consistency_proof(&nodes(nodes_json)?, old, new)?))
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "InclusionProof"))]
#[serde(deny_unknown_fields)]
pub(crate) struct InclusionArgs {
    leaf: String,
    index: u64,
    size: u64,
    proof: Vec<String>,
    root: String,
}

/// `verifyInclusion({leaf, index, size, proof, root})`: `leaf` is the entry (its JWS) or its
/// hex leaf hash.
pub fn verify_inclusion(args: &str) -> Result<(), ApiError> {
    let a: InclusionArgs = parse_json(args)?;
    let leaf = from_hex(&a.leaf).unwrap_or_else(|| merkle::leaf_hash(a.leaf.as_bytes()));
    let proof = a
        .proof
        .iter()
        .map(|p| hash(p, "$.proof"))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(merkle::verify_inclusion(
        &leaf,
        a.index,
        a.size,
        &proof,
        &hash(&a.root, "$.root")?,
    )?)
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ConsistencyProof"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ConsistencyArgs {
    old_size: u64,
    new_size: u64,
    proof: Vec<String>,
    old_root: String,
    new_root: String,
}

/// `verifyConsistency({oldSize, newSize, proof, oldRoot, newRoot})`.
pub fn verify_consistency(args: &str) -> Result<(), ApiError> {
    let a: ConsistencyArgs = parse_json(args)?;
    let proof = a
        .proof
        .iter()
        .map(|p| hash(p, "$.proof"))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(merkle::verify_consistency(
        a.old_size,
        a.new_size,
        &proof,
        &hash(&a.old_root, "$.oldRoot")?,
        &hash(&a.new_root, "$.newRoot")?,
    )?)
}

impl From<ShardError> for ApiError {
    fn from(e: ShardError) -> Self {
        let (code, hint) = match e {
            ShardError::Count(_) => ("log.shard_count", "set LOG_SHARDS to a whole number from 1 to 256"),
            ShardError::ShortKey(_) => (
                "log.shard_key",
                "set LOG_SHARD_KEY to at least 32 random characters (e.g. `openssl rand -base64 32`), and never change it",
            ),
            ShardError::Unknown(..) => ("log.unknown_shard", "shards are numbered from 0; /v1/log/head lists them"),
        };
        ApiError::from(Problem::at(code, "$", e.to_string()).hint(hint))
    }
}

/// `logShard(subject, key, count)`: the shard that keeps `subject`'s receipts.
pub fn shard_of(subject: &str, key: &str, count: u32) -> Result<u32, ApiError> {
    Ok(shard::shard_of(key.as_bytes(), subject, count)?)
}

/// `logShardOrigin(origin, shard)`: the origin shard `shard`'s checkpoints name.
pub fn shard_origin(origin: &str, shard: u32) -> String {
    shard::shard_origin(origin, shard)
}

fn salt(s: &str) -> Result<[u8; entry::SALT_BYTES], ApiError> {
    entry::salt_from_hex(s).ok_or_else(|| {
        Problem::at("log.bad_salt", "$.salt", format!("`{s}` is not 64 hex digits"))
            .hint("a salt is 32 random bytes as lower-case hex")
            .into()
    })
}

/// `logCommitment(entry, salt)`: the hex commitment to an entry under its hex salt.
pub fn commitment(entry_text: &str, salt_hex: &str) -> Result<String, ApiError> {
    Ok(to_hex(&entry::commitment(&salt(salt_hex)?, entry_text.as_bytes())))
}

/// `logCommittedLeaf(commitment)`: the leaf hash of an entry with this hex commitment.
pub fn committed_leaf(commitment_hex: &str) -> Result<String, ApiError> {
    Ok(to_hex(&entry::leaf(&hash(commitment_hex, "$.commitment")?)))
}

/// `logErasure(erased, time)`: the erasure record's JSON, the entry the log appends.
pub fn erasure_record(erased: Vec<u64>, time: &str) -> Result<String, ApiError> {
    crate::api::receipts::now(time)?;
    if erased.is_empty() {
        return Err(Problem::at("log.empty_erasure", "$.erased", "an erasure names at least one entry").into());
    }
    serde_json::to_string(&entry::Erasure::new(erased, time.to_string()))
        .map_err(|e| Problem::at("internal.json", "$", e.to_string()).into())
}

fn tokens(json: &str) -> Result<Vec<String>, ApiError> {
    Ok(parse_json(json)?)
}

/// `logHeadRoot(checkpoints)`: the hex root over the shards' signed checkpoints, shard 0 first.
pub fn head_root(checkpoints_json: &str) -> Result<String, ApiError> {
    let list = tokens(checkpoints_json)?;
    let refs: Vec<&str> = list.iter().map(String::as_str).collect();
    Ok(to_hex(&head::root(&refs)?))
}

/// `logHeadProof(checkpoints, shard)`: the hex inclusion proof of shard `shard`'s checkpoint.
pub fn head_proof(checkpoints_json: &str, shard: u32) -> Result<String, ApiError> {
    let list = tokens(checkpoints_json)?;
    let refs: Vec<&str> = list.iter().map(String::as_str).collect();
    to_json(&hex_list(&head::inclusion_proof(&refs, shard)?))
}

/// Verifies the signed head over all shards and returns it (its checkpoints are checked by
/// [`crate::log::audit::verify_head`]).
pub fn verify_log_head(token: &str, keys: &Jwks) -> Result<LogHead, ApiError> {
    let payload = verify_statement(token, keys, LOG_HEAD_TYP, "log.head_invalid")?;
    let head: LogHead = core::str::from_utf8(&payload)
        .ok()
        .and_then(|text| crate::json::from_str(text).ok())
        .ok_or_else(|| ApiError::from(Problem::at("log.head_invalid", "$", "the payload is not a log head")))?;
    check_head(&head)?;
    Ok(head)
}

/// The checks a head passes before it is signed and after it is verified.
pub(crate) fn check_head(head: &LogHead) -> Result<(), ApiError> {
    shard::check_count(head.shards)?;
    if from_hex(&head.root).is_none() {
        return Err(Problem::at("log.head_invalid", "$.root", "the root is not 64 hex digits").into());
    }
    crate::api::receipts::now(&head.time)?;
    Ok(())
}

/// `verifyLogHead(jws, jwks)`: the head over all shards when its signature verifies.
pub fn verify_log_head_json(token: &str, jwks_json: &str) -> Result<String, ApiError> {
    let keys = Jwks::from_json(jwks_json)?;
    to_json(&verify_log_head(token, &keys)?)
}
