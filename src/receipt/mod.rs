//! Signed consent receipts: every choice a person makes becomes a record of exactly what was
//! shown and chosen, signed by the site, kept by the person, checkable by anyone with the
//! site's published keys.
//!
//! - [`jcs`]: RFC 8785 canonical JSON, the bytes that are hashed and signed.

pub mod error;
pub mod jcs;

pub use error::{ErrorCode, ReceiptError};
