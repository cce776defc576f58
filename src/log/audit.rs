//! Checking what the log publishes, as an auditor does (`assent log verify` and the tests): the
//! head over all shards, each shard's entries against its signed checkpoint, a receipt's path up
//! to the head, and that a newer head only extends an older one, shard by shard.
//!
//! An erased entry (no content, no salt, its commitment kept) is accepted as erased when a later
//! erasure record of the same shard names it; content missing without one is tampering, and so is
//! content still present after a record says it was erased.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::entry::{self, EntryKind, Erasure};
use super::head::{self, LogHead};
use super::merkle::{self, from_hex, to_hex, Hash, MemoryTree};
use super::shard::shard_origin;
use crate::api::log::verify_log_head;
use crate::api::receipts::{verify_checkpoint, Checkpoint};
use crate::error::ApiError;
use crate::receipt::{verify_signed, Jwks};

/// Why what the log published does not hold up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditError {
    /// A signed statement (head, checkpoint, receipt) does not verify.
    #[error("{0}")]
    Signature(String),
    /// The log contradicts its own signed heads: something was removed, altered or reordered.
    #[error("{0}")]
    Tampered(String),
    /// The input is not what the log publishes (a missing field, a hash that is not hex).
    #[error("{0}")]
    Shape(String),
}

fn signature(what: &str, e: &ApiError) -> AuditError {
    AuditError::Signature(format!("{what} does not verify: [{}] {}", e.code, e.message))
}

fn hex(h: &str, what: &str) -> Result<Hash, AuditError> {
    from_hex(h).ok_or_else(|| AuditError::Shape(format!("{what}: `{h}` is not 64 hex digits")))
}

fn hashes(list: &[String], what: &str) -> Result<Vec<Hash>, AuditError> {
    list.iter().map(|h| hex(h, what)).collect()
}

/// One entry as `GET /v1/log/entries` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogEntry {
    /// Its place in its shard's tree.
    pub index: u64,
    /// A receipt or an erasure record.
    pub kind: EntryKind,
    /// The receipt's id (receipts only; kept after erasure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_id: Option<String>,
    /// The entry: the receipt's compact JWS or the erasure record's JSON; null once erased.
    pub entry: Option<String>,
    /// The salt of the commitment (hex); null once erased.
    pub salt: Option<String>,
    /// The commitment the leaf hashes (hex).
    pub commitment: String,
    /// When the entry was erased (RFC 3339), once it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erased_at: Option<String>,
}

/// A shard's entries with its signed checkpoint (`GET /v1/log/entries?shard=k`, pages merged).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardEntries {
    /// Which shard.
    pub shard: u32,
    /// Every entry from index 0.
    pub entries: Vec<LogEntry>,
    /// The shard's signed checkpoint.
    pub checkpoint: String,
}

/// The head over all shards with the checkpoints it signs over (`GET /v1/log/head`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadAnswer {
    /// The signed [`LogHead`].
    pub head: String,
    /// Each shard's signed checkpoint, shard 0 first.
    pub checkpoints: Vec<String>,
}

/// A receipt's path up to the head (`GET /v1/log/proof/{receiptId}?shard=K`, to the receipt's
/// holder or the auditor).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProofAnswer {
    /// The receipt's id.
    pub receipt_id: String,
    /// Its shard.
    pub shard: u32,
    /// Its index in the shard.
    pub index: u64,
    /// The shard's size the proof is for.
    pub size: u64,
    /// The receipt.
    pub jws: String,
    /// Its salt (hex).
    pub salt: String,
    /// Inclusion of the receipt's leaf in the shard's tree of `size`.
    pub proof: Vec<String>,
    /// The shard's signed checkpoint of `size`.
    pub checkpoint: String,
    /// The head over all shards that includes that checkpoint; null while the receipt is newer
    /// than the latest head (a head covers it within a second).
    pub head: Option<String>,
    /// Inclusion of the checkpoint among the head's leaves; null with `head`.
    pub head_proof: Option<Vec<String>>,
}

/// That a newer head extends an older one (`GET /v1/log/consistency?from=SIZE`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsistencyAnswer {
    /// The older head.
    pub old: HeadAnswer,
    /// The newer head.
    pub new: HeadAnswer,
    /// For each shard, the consistency proof from its older checkpoint to its newer one.
    pub proofs: Vec<Vec<String>>,
}

/// A verified head over all shards.
#[derive(Debug, Clone)]
pub struct VerifiedHead {
    /// The head's payload.
    pub head: LogHead,
    /// Each shard's checkpoint payload, shard 0 first.
    pub checkpoints: Vec<Checkpoint>,
}

/// Verifies the head's signature, each checkpoint's, that each is its shard's, that the sizes
/// add up, and that the root is the tree over the checkpoints.
pub fn verify_head(answer: &HeadAnswer, keys: &Jwks) -> Result<VerifiedHead, AuditError> {
    let head = verify_log_head(&answer.head, keys).map_err(|e| signature("the head", &e))?;
    if head.shards as usize != answer.checkpoints.len() {
        return Err(AuditError::Tampered(format!(
            "the head signs over {} shards but {} checkpoints were given",
            head.shards,
            answer.checkpoints.len()
        )));
    }
    let mut checkpoints = Vec::with_capacity(answer.checkpoints.len());
    for (k, token) in answer.checkpoints.iter().enumerate() {
        let c = verify_checkpoint(token, keys).map_err(|e| signature(&format!("shard {k}'s checkpoint"), &e))?;
        let want = shard_origin(&head.origin, k as u32);
        if c.origin != want {
            return Err(AuditError::Tampered(format!(
                "checkpoint {k} is of `{}`, not of shard {k} (`{want}`)",
                c.origin
            )));
        }
        checkpoints.push(c);
    }
    let total: u64 = checkpoints.iter().map(|c| c.size).sum();
    if total != head.size {
        return Err(AuditError::Tampered(format!(
            "the head signs {} entries but its checkpoints hold {total}",
            head.size
        )));
    }
    let tokens: Vec<&str> = answer.checkpoints.iter().map(String::as_str).collect();
    let root = head::root(&tokens).map_err(|e| AuditError::Shape(e.to_string()))?;
    if to_hex(&root) != head.root {
        return Err(AuditError::Tampered(
            "the head's root is not the tree over the given checkpoints".into(),
        ));
    }
    Ok(VerifiedHead { head, checkpoints })
}

/// What a shard's entries hold, once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardAudit {
    /// The shard.
    pub shard: u32,
    /// The entries a signed root covers: the checkpoint's size, or the head's for the shard when
    /// it is larger. Only these are authenticated.
    pub size: u64,
    /// Receipts with their content, among the covered entries.
    pub receipts: u64,
    /// Receipts erased, each named by a covered erasure record.
    pub erased: u64,
    /// Erasure records among the covered entries.
    pub erasures: u64,
    /// Entries given past `size`: no signed root covers them, so nothing they say is trusted.
    pub uncovered: u64,
}

/// The log's origin a shard origin (`{origin}/shard/{k}`) names for shard `k`, if it names it.
fn origin_of_shard(shard_origin_text: &str, k: u32) -> Option<&str> {
    shard_origin_text.strip_suffix(&format!("/shard/{k}"))
}

/// Checks a shard's entries against its signed checkpoint (and, with `head`, against the head's
/// checkpoint for the shard too):
///
/// - the checkpoint is the shard's: its origin is `{origin}/shard/{k}`, with the head's origin
///   when a head is given;
/// - the entries run from index 0 without a gap, each commitment is the hash of its entry and
///   salt, each receipt is signed with a published key and listed under its own id;
/// - the Merkle root over the first `size` leaves is the signed root, for the checkpoint's size and
///   for the head's;
/// - only entries under a signed root (below the larger of the two sizes) are authenticated: an
///   erasure record past it explains nothing, so an entry erased on its word alone fails;
/// - an erasure record lists receipts only, ascending, each before itself and named by no other
///   record; each named receipt is gone (no entry, no salt) with `erasedAt` the record's time,
///   and every receipt that is gone is named by one.
pub fn verify_shard(shard: &ShardEntries, keys: &Jwks, head: Option<&VerifiedHead>) -> Result<ShardAudit, AuditError> {
    let k = shard.shard;
    let cp =
        verify_checkpoint(&shard.checkpoint, keys).map_err(|e| signature(&format!("shard {k}'s checkpoint"), &e))?;
    let want = head.map(|h| shard_origin(&h.head.origin, k));
    let of_shard = match &want {
        Some(want) => cp.origin == *want,
        None => origin_of_shard(&cp.origin, k).is_some_and(|o| !o.is_empty()),
    };
    if !of_shard {
        return Err(AuditError::Tampered(format!(
            "the entries' checkpoint is of `{}`, not of shard {k} (`{}`)",
            cp.origin,
            want.unwrap_or_else(|| shard_origin("…", k))
        )));
    }
    let head_cp = match head {
        Some(h) => Some(
            h.checkpoints
                .get(k as usize)
                .ok_or_else(|| AuditError::Shape(format!("the head has no shard {k}")))?,
        ),
        None => None,
    };
    let covered = head_cp.map_or(cp.size, |h| h.size.max(cp.size));
    let mut tree = MemoryTree::new();
    // Erased index -> the index and time of the record that erased it.
    let mut erased_by: BTreeMap<u64, (u64, String)> = BTreeMap::new();
    let mut audit = ShardAudit {
        shard: k,
        size: covered,
        receipts: 0,
        erased: 0,
        erasures: 0,
        uncovered: (shard.entries.len() as u64).saturating_sub(covered),
    };
    for (i, e) in shard.entries.iter().enumerate() {
        let i = i as u64;
        if e.index != i {
            return Err(AuditError::Tampered(format!(
                "shard {k}: entry {i} is missing: the next entry has index {} (a gap or a reorder)",
                e.index
            )));
        }
        let is_covered = i < covered;
        let commitment = hex(&e.commitment, &format!("shard {k}, entry {i}, commitment"))?;
        match (&e.entry, &e.salt) {
            (Some(text), Some(salt)) => {
                let salt = entry::salt_from_hex(salt)
                    .ok_or_else(|| AuditError::Shape(format!("shard {k}, entry {i}: the salt is not 64 hex digits")))?;
                if entry::commitment(&salt, text.as_bytes()) != commitment {
                    return Err(AuditError::Tampered(format!(
                        "shard {k}, entry {i}: the entry is not what its leaf committed to: it was altered"
                    )));
                }
                if e.erased_at.is_some() {
                    return Err(AuditError::Tampered(format!(
                        "shard {k}, entry {i}: listed as erased, but its content is here"
                    )));
                }
                match e.kind {
                    EntryKind::Receipt => {
                        let (receipt, _) = verify_signed(text, keys).map_err(|x| {
                            AuditError::Signature(format!(
                                "shard {k}, entry {i}: the receipt does not verify: [{}] {}",
                                x.code.as_str(),
                                x.message
                            ))
                        })?;
                        if e.receipt_id.as_deref() != Some(receipt.receipt_id.as_str()) {
                            return Err(AuditError::Tampered(format!(
                                "shard {k}, entry {i}: listed as {:?} but the signed receipt is {}",
                                e.receipt_id, receipt.receipt_id
                            )));
                        }
                        if is_covered {
                            audit.receipts += 1;
                        }
                    }
                    EntryKind::Erasure => {
                        let record: Erasure = serde_json::from_str(text).map_err(|x| {
                            AuditError::Tampered(format!("shard {k}, entry {i}: not an erasure record: {x}"))
                        })?;
                        if !record
                            .erased
                            .iter()
                            .zip(record.erased.iter().skip(1))
                            .all(|(a, b)| a < b)
                        {
                            return Err(AuditError::Tampered(format!(
                                "shard {k}, entry {i}: the erasure record's list is not ascending without repeats"
                            )));
                        }
                        for &gone in &record.erased {
                            if gone >= i {
                                return Err(AuditError::Tampered(format!(
                                    "shard {k}, entry {i}: the erasure names entry {gone}, which is not before it"
                                )));
                            }
                            if shard.entries.get(gone as usize).map(|g| g.kind) != Some(EntryKind::Receipt) {
                                return Err(AuditError::Tampered(format!(
                                    "shard {k}, entry {i}: the erasure names entry {gone}, an erasure record: only receipts are erased"
                                )));
                            }
                            // A record no signed root covers explains nothing.
                            if !is_covered {
                                continue;
                            }
                            if let Some((by, _)) = erased_by.insert(gone, (i, record.time.clone())) {
                                return Err(AuditError::Tampered(format!(
                                    "shard {k}, entry {i}: the erasure names entry {gone}, which the record at {by} already erased"
                                )));
                            }
                        }
                        if is_covered {
                            audit.erasures += 1;
                        }
                    }
                }
            }
            (None, None) if e.kind == EntryKind::Receipt => {
                if is_covered {
                    audit.erased += 1;
                }
            }
            _ => {
                return Err(AuditError::Tampered(format!(
                    "shard {k}, entry {i}: part of the entry is missing (only receipts are erased, with their salt)"
                )))
            }
        }
        tree.push(&commitment).map_err(|x| AuditError::Shape(x.to_string()))?;
    }
    // Every erased entry is named by a covered record at the time it says, and every named entry
    // is erased.
    for e in &shard.entries {
        let named = erased_by.get(&e.index);
        match (e.entry.is_none(), named) {
            (true, None) => {
                let past = if audit.uncovered > 0 {
                    format!(
                        " under the signed root (its first {covered} entries; a record past it is not authenticated)"
                    )
                } else {
                    String::new()
                };
                return Err(AuditError::Tampered(format!(
                    "shard {k}, entry {}: its content is gone but no erasure record{past} names it: it was removed, not erased",
                    e.index
                )));
            }
            (true, Some((by, time))) if e.erased_at.as_deref() != Some(time.as_str()) => {
                return Err(AuditError::Tampered(format!(
                    "shard {k}, entry {}: erased at {:?}, but the erasure record at {by} says {time}",
                    e.index, e.erased_at
                )))
            }
            (false, Some((by, _))) => {
                return Err(AuditError::Tampered(format!(
                    "shard {k}, entry {}: the erasure record at {by} names it, but its content is still here",
                    e.index
                )))
            }
            _ => {}
        }
    }
    if tree.size() < cp.size {
        return Err(AuditError::Tampered(format!(
            "shard {k}: the checkpoint signs {} entries but only {} were given",
            cp.size,
            tree.size()
        )));
    }
    let root = tree.root_at(cp.size).map_err(|x| AuditError::Shape(x.to_string()))?;
    if to_hex(&root) != cp.root {
        return Err(AuditError::Tampered(format!(
            "shard {k}: the entries' Merkle root {} is not the signed root {}: an entry was altered or removed",
            to_hex(&root),
            cp.root
        )));
    }
    if let Some(h) = head_cp {
        let at = h.size;
        if at > tree.size() {
            return Err(AuditError::Tampered(format!(
                "shard {k}: the head signs {at} entries; only {} were given",
                tree.size()
            )));
        }
        if to_hex(&tree.root_at(at).map_err(|x| AuditError::Shape(x.to_string()))?) != h.root {
            return Err(AuditError::Tampered(format!(
                "shard {k}: the head's root for the shard does not match the entries: the shard was rewritten"
            )));
        }
    }
    Ok(audit)
}

/// Checks a receipt's path: its signature, its commitment's inclusion under the shard's signed
/// root, and, when the answer has a head, the checkpoint's inclusion under the head's root.
/// Returns whether the path reaches a head.
pub fn verify_proof(p: &ProofAnswer, keys: &Jwks) -> Result<bool, AuditError> {
    let cp = verify_checkpoint(&p.checkpoint, keys).map_err(|e| signature("the proof's checkpoint", &e))?;
    let (receipt, _) = verify_signed(&p.jws, keys).map_err(|x| {
        AuditError::Signature(format!(
            "the receipt does not verify: [{}] {}",
            x.code.as_str(),
            x.message
        ))
    })?;
    if receipt.receipt_id != p.receipt_id {
        return Err(AuditError::Tampered(format!(
            "the proof is for {} but the receipt is {}",
            p.receipt_id, receipt.receipt_id
        )));
    }
    if p.size != cp.size {
        return Err(AuditError::Tampered(format!(
            "the proof is for a shard of {} entries, the checkpoint signs {}",
            p.size, cp.size
        )));
    }
    let salt =
        entry::salt_from_hex(&p.salt).ok_or_else(|| AuditError::Shape("the salt is not 64 hex digits".into()))?;
    let leaf = entry::leaf(&entry::commitment(&salt, p.jws.as_bytes()));
    merkle::verify_inclusion(
        &leaf,
        p.index,
        p.size,
        &hashes(&p.proof, "the proof")?,
        &hex(&cp.root, "the root")?,
    )
    .map_err(|x| {
        AuditError::Tampered(format!(
            "receipt {} is not proven in shard {}: {x}",
            p.receipt_id, p.shard
        ))
    })?;
    let (Some(token), Some(path)) = (&p.head, &p.head_proof) else {
        return Ok(false);
    };
    let head = verify_log_head(token, keys).map_err(|e| signature("the head", &e))?;
    if cp.origin != shard_origin(&head.origin, p.shard) {
        return Err(AuditError::Tampered(format!(
            "the checkpoint is of `{}`, not of shard {} of `{}`",
            cp.origin, p.shard, head.origin
        )));
    }
    merkle::verify_inclusion(
        &merkle::leaf_hash(p.checkpoint.as_bytes()),
        u64::from(p.shard),
        u64::from(head.shards),
        &hashes(path, "the head proof")?,
        &hex(&head.root, "the head's root")?,
    )
    .map_err(|x| AuditError::Tampered(format!("shard {}'s checkpoint is not under the head: {x}", p.shard)))?;
    Ok(true)
}

/// Checks that the newer head extends the older: both verify, they name the same log and shard
/// count, and each shard's newer tree extends its older one (RFC 6962 consistency).
pub fn verify_consistency(c: &ConsistencyAnswer, keys: &Jwks) -> Result<(VerifiedHead, VerifiedHead), AuditError> {
    let old = verify_head(&c.old, keys)?;
    let new = verify_head(&c.new, keys)?;
    if old.head.origin != new.head.origin || old.head.shards != new.head.shards {
        return Err(AuditError::Tampered(format!(
            "the heads are of different logs: `{}` with {} shards and `{}` with {}",
            old.head.origin, old.head.shards, new.head.origin, new.head.shards
        )));
    }
    if c.proofs.len() != old.checkpoints.len() {
        return Err(AuditError::Shape(format!(
            "{} consistency proofs for {} shards",
            c.proofs.len(),
            old.checkpoints.len()
        )));
    }
    for (k, ((o, n), proof)) in old.checkpoints.iter().zip(&new.checkpoints).zip(&c.proofs).enumerate() {
        let proof = hashes(proof, &format!("shard {k}'s proof"))?;
        let shrunk = || {
            AuditError::Tampered(format!(
                "shard {k}: the tree of {} entries is not a prefix of the tree of {}",
                o.size, n.size
            ))
        };
        if o.size > n.size {
            return Err(shrunk());
        }
        if o.size == 0 {
            // The empty tree is a prefix of every tree.
            if !proof.is_empty() {
                return Err(AuditError::Shape(format!(
                    "shard {k}: a proof from the empty tree is empty"
                )));
            }
            continue;
        }
        merkle::verify_consistency(o.size, n.size, &proof, &hex(&o.root, "root")?, &hex(&n.root, "root")?)
            .map_err(|x| AuditError::Tampered(format!("{}: {x}", shrunk())))?;
    }
    Ok((old, new))
}
