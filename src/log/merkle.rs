//! An append-only Merkle tree after RFC 6962 / RFC 9162: leaf and node hashes, the root of
//! any size, inclusion and consistency proofs, and their verification.
//!
//! Storage stays outside: only *perfect* subtrees (2^level leaves starting at a multiple of
//! 2^level) are ever stored, because they never change once complete. Each function first says
//! which stored nodes it needs ([`NodeId`]), the caller fetches them (from SQLite in a Durable
//! Object, from memory natively), and the function computes from them. Every other hash of the
//! tree is derived from those.

use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// A SHA-256 hash.
pub type Hash = [u8; 32];

/// A stored perfect subtree: `level` 0 is a leaf; it covers leaves
/// `index * 2^level .. (index + 1) * 2^level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NodeId {
    /// Height above the leaves.
    pub level: u32,
    /// Position among the nodes of that level.
    pub index: u64,
}

/// Why a log computation or proof failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogError {
    /// A node the computation needs was not supplied.
    #[error("the stored node at level {0}, index {1} is missing")]
    MissingNode(u32, u64),
    /// The indices do not fit the tree size.
    #[error("{0}")]
    OutOfRange(String),
    /// A proof does not lead to the expected root.
    #[error("{0}")]
    ProofMismatch(String),
}

/// The hash of a leaf: SHA-256(0x00 || data).
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(data);
    h.finalize().into()
}

/// The hash of an interior node: SHA-256(0x01 || left || right).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The hash of the empty tree: SHA-256 of nothing.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// The largest power of two strictly below `n` (n >= 2).
fn split(n: u64) -> u64 {
    let mut k = 1u64;
    while k << 1 < n {
        k <<= 1;
    }
    k
}

/// Where stored nodes come from.
pub trait Nodes {
    /// The hash of a stored perfect subtree, if present.
    fn node(&self, id: NodeId) -> Option<Hash>;
}

impl Nodes for HashMap<NodeId, Hash> {
    fn node(&self, id: NodeId) -> Option<Hash> {
        self.get(&id).copied()
    }
}

/// The perfect subtrees that make up leaves `lo..hi`, left to right.
fn cover(lo: u64, hi: u64, out: &mut Vec<NodeId>) {
    if hi <= lo {
        return;
    }
    let n = hi - lo;
    if n.is_power_of_two() && lo % n == 0 {
        out.push(NodeId {
            level: n.trailing_zeros(),
            index: lo / n,
        });
        return;
    }
    let k = split(n);
    cover(lo, lo + k, out);
    cover(lo + k, hi, out);
}

/// The hash of leaves `lo..hi` (RFC 6962 MTH of that range).
fn range_hash(nodes: &impl Nodes, lo: u64, hi: u64) -> Result<Hash, LogError> {
    let n = hi - lo;
    if n.is_power_of_two() && lo % n == 0 {
        let id = NodeId {
            level: n.trailing_zeros(),
            index: lo / n,
        };
        return nodes.node(id).ok_or(LogError::MissingNode(id.level, id.index));
    }
    let k = split(n);
    Ok(node_hash(
        &range_hash(nodes, lo, lo + k)?,
        &range_hash(nodes, lo + k, hi)?,
    ))
}

/// The stored nodes the root of a tree of `size` leaves needs.
pub fn root_needs(size: u64) -> Vec<NodeId> {
    let mut out = Vec::new();
    cover(0, size, &mut out);
    out
}

/// The root hash of the first `size` leaves.
pub fn root(nodes: &impl Nodes, size: u64) -> Result<Hash, LogError> {
    if size == 0 {
        return Ok(empty_root());
    }
    range_hash(nodes, 0, size)
}

/// What appending leaf number `size` (0-based) needs: the left siblings it completes.
pub fn append_needs(size: u64) -> Vec<NodeId> {
    let mut out = Vec::new();
    let (mut level, mut index) = (0u32, size);
    while index % 2 == 1 {
        out.push(NodeId {
            level,
            index: index - 1,
        });
        level += 1;
        index /= 2;
    }
    out
}

/// Appends leaf number `size` with hash `leaf`: the new perfect nodes to store (the leaf
/// first, then every subtree it completes).
pub fn append(nodes: &impl Nodes, size: u64, leaf: Hash) -> Result<Vec<(NodeId, Hash)>, LogError> {
    let mut out = vec![(NodeId { level: 0, index: size }, leaf)];
    let (mut level, mut index, mut hash) = (0u32, size, leaf);
    while index % 2 == 1 {
        let sib = NodeId {
            level,
            index: index - 1,
        };
        let left = nodes.node(sib).ok_or(LogError::MissingNode(sib.level, sib.index))?;
        hash = node_hash(&left, &hash);
        level += 1;
        index /= 2;
        out.push((NodeId { level, index }, hash));
    }
    Ok(out)
}

fn inclusion_ranges(m: u64, lo: u64, hi: u64, out: &mut Vec<(u64, u64)>) {
    let n = hi - lo;
    if n <= 1 {
        return;
    }
    let k = split(n);
    if m < lo + k {
        inclusion_ranges(m, lo, lo + k, out);
        out.push((lo + k, hi));
    } else {
        inclusion_ranges(m, lo + k, hi, out);
        out.push((lo, lo + k));
    }
}

fn check_index(m: u64, size: u64) -> Result<(), LogError> {
    if m >= size {
        return Err(LogError::OutOfRange(format!(
            "leaf {m} is not in a log of {size} entries"
        )));
    }
    Ok(())
}

/// The stored nodes an inclusion proof of leaf `m` in a tree of `size` needs.
pub fn inclusion_needs(m: u64, size: u64) -> Result<Vec<NodeId>, LogError> {
    check_index(m, size)?;
    let mut ranges = Vec::new();
    inclusion_ranges(m, 0, size, &mut ranges);
    let mut out = Vec::new();
    for (lo, hi) in ranges {
        cover(lo, hi, &mut out);
    }
    Ok(out)
}

/// The inclusion proof (audit path, leaf to root) of leaf `m` in a tree of `size`.
pub fn inclusion_proof(nodes: &impl Nodes, m: u64, size: u64) -> Result<Vec<Hash>, LogError> {
    check_index(m, size)?;
    let mut ranges = Vec::new();
    inclusion_ranges(m, 0, size, &mut ranges);
    ranges.into_iter().map(|(lo, hi)| range_hash(nodes, lo, hi)).collect()
}

/// Checks an inclusion proof (RFC 9162 2.1.3.2).
pub fn verify_inclusion(leaf: &Hash, m: u64, size: u64, proof: &[Hash], root: &Hash) -> Result<(), LogError> {
    check_index(m, size)?;
    let (mut f, mut s) = (m, size - 1);
    let mut r = *leaf;
    for p in proof {
        if s == 0 {
            return Err(LogError::ProofMismatch(
                "the inclusion proof is longer than the tree is deep".into(),
            ));
        }
        if f % 2 == 1 || f == s {
            r = node_hash(p, &r);
            if f % 2 == 0 {
                while f % 2 == 0 && f != 0 {
                    f >>= 1;
                    s >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    if s != 0 {
        return Err(LogError::ProofMismatch("the inclusion proof is too short".into()));
    }
    if &r != root {
        return Err(LogError::ProofMismatch(
            "the inclusion proof does not lead to the root".into(),
        ));
    }
    Ok(())
}

fn consistency_ranges(m: u64, lo: u64, hi: u64, complete: bool, out: &mut Vec<(u64, u64)>) {
    // RFC 6962 SUBPROOF(m, D[lo:hi], b).
    let n = hi - lo;
    if m == n {
        if !complete {
            out.push((lo, hi));
        }
        return;
    }
    let k = split(n);
    if m <= k {
        consistency_ranges(m, lo, lo + k, complete, out);
        out.push((lo + k, hi));
    } else {
        consistency_ranges(m - k, lo + k, hi, false, out);
        out.push((lo, lo + k));
    }
}

fn check_sizes(old: u64, new: u64) -> Result<(), LogError> {
    if old == 0 || old > new {
        return Err(LogError::OutOfRange(format!(
            "no consistency proof from size {old} to size {new}"
        )));
    }
    Ok(())
}

/// The stored nodes a consistency proof from `old` to `new` entries needs.
pub fn consistency_needs(old: u64, new: u64) -> Result<Vec<NodeId>, LogError> {
    check_sizes(old, new)?;
    let mut ranges = Vec::new();
    if old < new {
        consistency_ranges(old, 0, new, true, &mut ranges);
    }
    let mut out = Vec::new();
    for (lo, hi) in ranges {
        cover(lo, hi, &mut out);
    }
    Ok(out)
}

/// The consistency proof that the first `old` entries are a prefix of the first `new`.
pub fn consistency_proof(nodes: &impl Nodes, old: u64, new: u64) -> Result<Vec<Hash>, LogError> {
    check_sizes(old, new)?;
    let mut ranges = Vec::new();
    if old < new {
        consistency_ranges(old, 0, new, true, &mut ranges);
    }
    ranges.into_iter().map(|(lo, hi)| range_hash(nodes, lo, hi)).collect()
}

/// Checks a consistency proof (RFC 9162 2.1.4.2).
pub fn verify_consistency(
    old: u64,
    new: u64,
    proof: &[Hash],
    old_root: &Hash,
    new_root: &Hash,
) -> Result<(), LogError> {
    check_sizes(old, new)?;
    let bad = |what: &str| Err(LogError::ProofMismatch(format!("the consistency proof {what}")));
    if old == new {
        return if proof.is_empty() && old_root == new_root {
            Ok(())
        } else {
            bad("is wrong for equal sizes")
        };
    }
    let mut path: Vec<Hash> = proof.to_vec();
    if old.is_power_of_two() {
        path.insert(0, *old_root);
    }
    let Some((first, rest)) = path.split_first() else {
        return bad("is empty");
    };
    let (mut f, mut s) = (old - 1, new - 1);
    while f % 2 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (*first, *first);
    for c in rest {
        if s == 0 {
            return bad("is longer than the tree is deep");
        }
        if f % 2 == 1 || f == s {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f % 2 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    if s != 0 {
        return bad("is too short");
    }
    if &fr != old_root {
        return bad("does not lead to the old root");
    }
    if &sr != new_root {
        return bad("does not lead to the new root");
    }
    Ok(())
}

/// Lower-case hex of a hash.
pub fn to_hex(h: &Hash) -> String {
    h.iter().map(|b| format!("{b:02x}")).collect()
}

/// A hash from 64 hex digits.
pub fn from_hex(s: &str) -> Option<Hash> {
    if s.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// An in-memory tree, for the CLI and tests: every perfect node kept in a map.
#[derive(Debug, Default, Clone)]
pub struct MemoryTree {
    nodes: HashMap<NodeId, Hash>,
    size: u64,
}

impl MemoryTree {
    /// An empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a leaf's data.
    pub fn push(&mut self, data: &[u8]) -> Result<(), LogError> {
        let new = append(&self.nodes, self.size, leaf_hash(data))?;
        self.nodes.extend(new);
        self.size += 1;
        Ok(())
    }

    /// Number of leaves.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The current root.
    pub fn root(&self) -> Result<Hash, LogError> {
        root(&self.nodes, self.size)
    }

    /// The root at an earlier size.
    pub fn root_at(&self, size: u64) -> Result<Hash, LogError> {
        if size > self.size {
            return Err(LogError::OutOfRange(format!("the tree has only {} entries", self.size)));
        }
        root(&self.nodes, size)
    }

    /// The stored nodes.
    pub fn nodes(&self) -> &HashMap<NodeId, Hash> {
        &self.nodes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The RFC 6962 definition, computed directly from the leaves.
    fn mth(leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => empty_root(),
            1 => leaves[0],
            n => {
                let k = split(n as u64) as usize;
                node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
            }
        }
    }

    fn tree(n: u64) -> (MemoryTree, Vec<Hash>) {
        let mut t = MemoryTree::new();
        let mut leaves = Vec::new();
        for i in 0..n {
            let d = format!("entry {i}");
            t.push(d.as_bytes()).unwrap();
            leaves.push(leaf_hash(d.as_bytes()));
        }
        (t, leaves)
    }

    #[test]
    fn roots_match_the_recursive_definition_at_every_size() {
        let (t, leaves) = tree(70);
        for n in 0..=70u64 {
            assert_eq!(t.root_at(n).unwrap(), mth(&leaves[..n as usize]), "size {n}");
        }
    }

    #[test]
    fn every_inclusion_proof_verifies_and_a_wrong_one_does_not() {
        let (t, leaves) = tree(37);
        for n in 1..=37u64 {
            let r = t.root_at(n).unwrap();
            for m in 0..n {
                let p = inclusion_proof(t.nodes(), m, n).unwrap();
                verify_inclusion(&leaves[m as usize], m, n, &p, &r).unwrap();
                assert!(
                    verify_inclusion(&leaves[(m as usize + 1) % 37], m, n, &p, &r).is_err()
                        || n == 1 && m == 0 && leaves.len() == 1
                );
                if !p.is_empty() {
                    let mut bad = p.clone();
                    bad[0][0] ^= 1;
                    assert!(verify_inclusion(&leaves[m as usize], m, n, &bad, &r).is_err());
                    assert!(verify_inclusion(&leaves[m as usize], m, n, &p[1..], &r).is_err());
                }
                // The needed nodes are exactly enough.
                let need = inclusion_needs(m, n).unwrap();
                let subset: HashMap<NodeId, Hash> = need.iter().map(|id| (*id, t.nodes()[id])).collect();
                assert_eq!(inclusion_proof(&subset, m, n).unwrap(), p);
            }
        }
    }

    #[test]
    fn every_consistency_proof_verifies_and_a_forked_log_does_not() {
        let (t, _) = tree(33);
        let (mut forked, _) = tree(20);
        for i in 20..33 {
            forked.push(format!("other {i}").as_bytes()).unwrap();
        }
        for n in 1..=33u64 {
            for m in 1..=n {
                let p = consistency_proof(t.nodes(), m, n).unwrap();
                verify_consistency(m, n, &p, &t.root_at(m).unwrap(), &t.root_at(n).unwrap()).unwrap();
                let need = consistency_needs(m, n).unwrap();
                let subset: HashMap<NodeId, Hash> = need.iter().map(|id| (*id, t.nodes()[id])).collect();
                assert_eq!(consistency_proof(&subset, m, n).unwrap(), p);
                if m <= 20 && n > 20 {
                    assert!(verify_consistency(m, n, &p, &t.root_at(m).unwrap(), &forked.root_at(n).unwrap()).is_err());
                }
            }
        }
    }

    #[test]
    fn append_needs_exactly_the_left_siblings() {
        let (t, _) = tree(10);
        let need = append_needs(t.size());
        let subset: HashMap<NodeId, Hash> = need.iter().map(|id| (*id, t.nodes()[id])).collect();
        assert!(append(&subset, t.size(), leaf_hash(b"x")).is_ok());
        assert_eq!(
            append(&HashMap::new(), 11, leaf_hash(b"x")),
            Err(LogError::MissingNode(0, 10))
        );
        let root_subset: HashMap<NodeId, Hash> = root_needs(10).iter().map(|id| (*id, t.nodes()[id])).collect();
        assert_eq!(root(&root_subset, 10).unwrap(), t.root().unwrap());
    }

    #[test]
    fn matches_the_rfc6962_reference_roots() {
        // The eight leaves used by the reference implementation's tests.
        let data: [&[u8]; 8] = [
            b"",
            b"\x00",
            b"\x10",
            b"\x20\x21",
            b"\x30\x31",
            b"\x40\x41\x42\x43",
            b"\x50\x51\x52\x53\x54\x55\x56\x57",
            b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
        ];
        let mut t = MemoryTree::new();
        for d in data {
            t.push(d).unwrap();
        }
        assert_eq!(
            to_hex(&t.root_at(1).unwrap()),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
        );
        assert_eq!(
            to_hex(&t.root().unwrap()),
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
        );
        assert_eq!(
            to_hex(&empty_root()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn bad_indices_are_errors_not_panics() {
        let (t, leaves) = tree(5);
        assert!(inclusion_proof(t.nodes(), 5, 5).is_err());
        assert!(consistency_proof(t.nodes(), 0, 5).is_err());
        assert!(consistency_proof(t.nodes(), 6, 5).is_err());
        assert!(verify_inclusion(&leaves[0], 9, 5, &[], &t.root().unwrap()).is_err());
        assert!(verify_consistency(3, 2, &[], &leaves[0], &leaves[1]).is_err());
        assert!(verify_consistency(2, 5, &[], &leaves[0], &leaves[1]).is_err());
        assert_eq!(from_hex(&to_hex(&leaves[0])), Some(leaves[0]));
        assert_eq!(from_hex("zz"), None);
    }
}
