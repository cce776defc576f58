//! The evaluator: may this purpose run for this visitor, and why.

pub mod choice;
pub mod context;
mod engine;
pub mod jurisdiction;
pub mod messages;

pub use choice::ChoiceItem;
pub use context::*;
pub use engine::{scope_growth, DecideOptions, Engine, Evaluator, Visitor};
