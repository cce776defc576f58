//! Signed consent receipts: every choice a person makes becomes a record of exactly what was
//! shown and chosen, signed by the site, kept by the person, checkable by anyone with the
//! site's published keys.
//!
//! - [`record`]: the [`Receipt`] and how it is built from a [`Choice`];
//! - [`jcs`]: RFC 8785 canonical JSON, the bytes that are hashed and signed;
//! - [`jwk`]: Ed25519 keys as JWKs, thumbprints, the published [`Jwks`] and the private
//!   `SigningKeySet` (feature `sign`);
//! - [`jws`]: the compact JWS envelope.

pub mod error;
pub mod jcs;
pub mod jwk;
pub mod jws;
pub mod record;

pub use error::{ErrorCode, ReceiptError};
#[cfg(feature = "sign")]
pub use jwk::SigningKeySet;
pub use jwk::{thumbprint, Jwks};
#[cfg(feature = "sign")]
pub use jws::sign_receipt;
pub use record::{
    build_receipt, chain_link, new_receipt_id, notice_hash, notice_texts, policy_hash, Choice,
    CollectionMethod, ControllerRef, GuardianRelationship, NoticeRef, PolicyDoc, PolicyRef,
    PurposeChoice, Receipt, ReceiptActor, SCHEMA_VERSION,
};
