//! The policy document: its model, loading with positions, and validation.

pub mod model;

pub use model::*;
