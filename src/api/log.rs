//! The Merkle log at the boundary. The Durable Object stores entries and node hashes; every
//! hash and proof is computed here. Node hashes cross as `{level, index, hash}` with hex hashes.

use crate::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use super::{to_json, ApiError};
use crate::log::merkle::{self, from_hex, to_hex, Hash, LogError, NodeId};
use crate::policy::{parse_json, Problem};

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
#[serde(deny_unknown_fields)]
struct InclusionArgs {
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
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ConsistencyArgs {
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
