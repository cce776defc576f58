//! The policy JSON Schema, generated from the Rust types so it cannot drift from them.

use crate::policy::Policy;

/// The JSON Schema of a policy document, pretty-printed, with a trailing newline.
pub fn policy_schema_json() -> String {
    let schema = schemars::schema_for!(Policy);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
