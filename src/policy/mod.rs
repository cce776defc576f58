//! The policy document: its model, loading with positions, and validation.

pub(crate) mod ids;
pub mod iso3166;
mod load;
pub mod marks;
pub mod model;
mod problem;
mod span;
mod texts;
pub mod transfers;
mod validate;
mod version;

pub use load::{load, parse_json, read_json, MAX_POLICY_BYTES};
pub use marks::owner_marks;
pub use model::*;
pub use problem::{did_you_mean, edit_distance, listed, Problem, Problems};
pub use span::SpanIndex;
pub use texts::{Entries, LocalizedTexts, PurposeTexts};
pub use transfers::unflagged_transfers;
pub use validate::validate;
pub use version::Version;
