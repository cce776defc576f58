//! The schemas generated from the Rust types so they cannot drift from them: the policy JSON
//! Schema, and the TypeScript declarations of what crosses the JavaScript boundary.

// Every type the boundary carries is compiled natively with the standard library and Ed25519.
#[cfg(all(feature = "std", feature = "ed25519"))]
mod boundary;
#[cfg(all(feature = "std", feature = "ed25519"))]
pub mod typescript;

use crate::policy::Policy;

/// The JSON Schema of a policy document, pretty-printed, with a trailing newline.
pub fn policy_schema_json() -> String {
    let schema = schemars::schema_for!(Policy);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
