//! The evaluator: may this purpose run for this visitor, and why.

pub mod context;

pub use context::*;
