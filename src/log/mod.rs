//! The tamper-evident consent log: a Merkle tree over every receipt, with proofs that a receipt
//! is in the log and that the log only ever grew.

pub mod merkle;
