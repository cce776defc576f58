//! The tamper-evident consent log: a Merkle tree over every receipt, with proofs that a receipt
//! is in the log and that the log only ever grew. The log is split over shards ([`shard`]), each
//! the single writer of its own tree; one head ([`head`]) signs over all of them. A leaf commits
//! to its entry with a salt ([`entry`]), so an erased entry leaves its proofs intact.
//! [`audit`] checks what the log publishes, as an auditor does.

pub mod audit;
pub mod entry;
pub mod head;
pub mod merkle;
pub mod shard;
