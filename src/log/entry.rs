//! What a leaf of the log commits to, and the record an erasure leaves.
//!
//! A leaf does not hash an entry's bytes directly: it hashes a *commitment*, SHA-256 over a domain
//! tag, a per-entry random salt and the entry. The log keeps the entry and its salt beside the
//! commitment. Erasing an entry deletes the entry and the salt and keeps the commitment: the leaf,
//! every node above it, every signed head and every proof stay exactly as they were, and with the
//! salt gone, nobody can test a guessed receipt against the commitment. An erasure is itself an
//! entry of the log ([`Erasure`]): which entries were erased and when, so an erased entry is
//! always explained by a later record, and a missing entry without one is tampering.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::merkle::{self, from_hex, Hash};

/// Bytes of an entry's salt.
pub const SALT_BYTES: usize = 32;

/// Separates this use of SHA-256 from every other hash of the log.
const COMMITMENT_TAG: &[u8] = b"assent-log-entry-v1\0";

/// The commitment to `entry` under `salt`.
pub fn commitment(salt: &[u8; SALT_BYTES], entry: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update(COMMITMENT_TAG);
    h.update(salt);
    h.update(entry);
    h.finalize().into()
}

/// The leaf hash of an entry with this commitment (RFC 6962's leaf hash of the commitment).
pub fn leaf(commitment: &Hash) -> Hash {
    merkle::leaf_hash(commitment)
}

/// A salt from 64 hex digits.
pub fn salt_from_hex(s: &str) -> Option<[u8; SALT_BYTES]> {
    from_hex(s)
}

/// What an entry of the log is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A signed receipt (a compact JWS).
    Receipt,
    /// The record of an erasure ([`Erasure`], as JSON).
    Erasure,
}

/// The log's record that entries were erased: which, and when. It names no subject: it stays in the
/// log forever, long after what it erased.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Erasure {
    /// Always `"erasure"`, so the record says what it is.
    #[serde(rename = "type")]
    pub kind: ErasureTag,
    /// The indices of the erased entries, ascending, each below this record's own.
    pub erased: Vec<u64>,
    /// When (RFC 3339).
    pub time: String,
}

/// The one value of [`Erasure::kind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErasureTag {
    /// An erasure.
    Erasure,
}

impl Erasure {
    /// The record of erasing `erased` at `time`.
    pub fn new(mut erased: Vec<u64>, time: String) -> Self {
        erased.sort_unstable();
        erased.dedup();
        Erasure {
            kind: ErasureTag::Erasure,
            erased,
            time,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_commitment_depends_on_salt_and_entry_and_hides_the_entry_without_the_salt() {
        let a = commitment(&[1; 32], b"receipt");
        assert_ne!(a, commitment(&[2; 32], b"receipt"));
        assert_ne!(a, commitment(&[1; 32], b"receipt."));
        // Not the plain hash, nor the leaf hash, of the entry.
        assert_ne!(a, <[u8; 32]>::from(Sha256::digest(b"receipt")));
        assert_ne!(leaf(&a), merkle::leaf_hash(b"receipt"));
        assert_eq!(leaf(&a), merkle::leaf_hash(&a));
    }

    #[test]
    fn an_erasure_record_lists_each_index_once_in_order() {
        let e = Erasure::new(vec![7, 3, 7], "2026-01-01T00:00:00Z".into());
        assert_eq!(e.erased, [3, 7]);
        let text = serde_json::to_string(&e).unwrap();
        assert_eq!(
            text,
            r#"{"type":"erasure","erased":[3,7],"time":"2026-01-01T00:00:00Z"}"#
        );
        assert_eq!(serde_json::from_str::<Erasure>(&text).unwrap(), e);
        assert!(serde_json::from_str::<Erasure>(r#"{"type":"other","erased":[],"time":""}"#).is_err());
    }
}
