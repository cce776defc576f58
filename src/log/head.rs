//! The head over all shards: one tree whose leaf `k` is shard `k`'s signed checkpoint (its compact
//! JWS), signed as a [`LogHead`]. An auditor checks that one signature and gets, for any receipt,
//! a path from the receipt to its shard's root and from that shard's checkpoint to the head's root.

use serde::{Deserialize, Serialize};

use super::merkle::{self, Hash, LogError, MemoryTree};

/// The JWS `typ` of the head over all shards.
pub const LOG_HEAD_TYP: &str = "assent-log-head+jwt";

/// The signed statement over all shards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogHead {
    /// Which log (the site's log origin; each shard's checkpoints name `{origin}/shard/{k}`).
    pub origin: String,
    /// How many shards, and so how many leaves the head's tree has.
    pub shards: u32,
    /// The entries of all shards together: the sum of the checkpoints' sizes.
    pub size: u64,
    /// Hex Merkle root over the shards' signed checkpoints, shard 0 first.
    pub root: String,
    /// When it was signed (RFC 3339).
    pub time: String,
}

fn tree(checkpoints: &[&str]) -> Result<MemoryTree, LogError> {
    let mut t = MemoryTree::new();
    for c in checkpoints {
        t.push(c.as_bytes())?;
    }
    Ok(t)
}

/// The root over the shards' signed checkpoints, shard 0 first.
pub fn root(checkpoints: &[&str]) -> Result<Hash, LogError> {
    tree(checkpoints)?.root()
}

/// The inclusion proof of shard `shard`'s checkpoint among `checkpoints`.
pub fn inclusion_proof(checkpoints: &[&str], shard: u32) -> Result<Vec<Hash>, LogError> {
    let t = tree(checkpoints)?;
    merkle::inclusion_proof(t.nodes(), u64::from(shard), t.size())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_checkpoint_is_proven_under_the_root_and_only_at_its_own_place() {
        let cps = ["a.b.c", "d.e.f", "g.h.i"];
        let r = root(&cps).unwrap();
        for (k, c) in cps.iter().enumerate() {
            let p = inclusion_proof(&cps, k as u32).unwrap();
            merkle::verify_inclusion(&merkle::leaf_hash(c.as_bytes()), k as u64, 3, &p, &r).unwrap();
            let other = (k + 1) % 3;
            assert!(merkle::verify_inclusion(&merkle::leaf_hash(c.as_bytes()), other as u64, 3, &p, &r).is_err());
        }
        assert!(inclusion_proof(&cps, 3).is_err());
        assert_eq!(root(&["x"]).unwrap(), merkle::leaf_hash(b"x"));
    }
}
