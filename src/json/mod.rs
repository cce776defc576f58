//! JSON text in and out of the model's types: the one reader and the one writer of the boundary.
//!
//! Both are serde's data model over JSON text, written for this crate instead of taken from
//! serde_json, because in the Wasm module they decide what every type costs:
//! - the reader knows the JSON path and the position of what it rejects, with no wrapper around
//!   each type's visitor (serde_path_to_error compiled every type twice);
//! - its per-type parts are thin calls into code shared by every type, where serde_json inlines its
//!   parsing into each type's copy;
//! - numbers are integers: a fraction or exponent is a type error stated with the number's own text,
//!   so neither float parsing nor float formatting (`f64 as Display`) is linked;
//! - the writer writes compact JSON straight into a `String`, byte for byte what
//!   `serde_json::to_string` writes for these types (a test holds it to that).
//!
//! The documents read on the way to a decision (the policy, the context, a receipt, a compiled
//! policy's files) and everything the banner reads go further: [`FromJson`] reads them with a
//! member list per type over the same reader ([`read_str`]), without serde's derived visitors,
//! and reports the same problems (`tests/policy_reader.rs`). The modules a page downloads read
//! only that way; [`from_str`] (serde's derive over the same reader) is for the node and workerd
//! entry's other inputs, the CLI, and the tests, where it is the readers' oracle. The answers
//! of the engine's boundary (the policy, its texts, decisions, errors) go the same way out:
//! [`ToJson`] writes them from member lists to a [`Sink`], JSON text ([`write()`]) or the packed
//! form ([`pack`]), without serde's `Serialize` (`tests/emit.rs` holds them to it). Both member
//! lists are derived (`#[derive(FromJson, ToJson)]`, the workspace's `json-derive`) from the serde
//! attributes already on each type, so a member's name is written once, for serde, the JSON
//! Schema, the TypeScript declarations and these.
//!
//! serde_json stays for native tools (the CLI, tests, `changes`), where size does not matter.

mod emit;
pub mod pack;
mod read;
mod scalars;
mod write;

use crate::prelude::*;
pub use assent_json_derive::{FromJson, ToJson};
pub use emit::{write, write_entries, Sink, ToJson};
pub use read::{
    from_str, read_str, value_starts, Error as ReadError, ErrorKind, FromJson, Reader, UnknownMembers, Unread,
};
pub use write::{to_string, Error as WriteError};

/// A JSON string as every writer of the crate quotes it; RFC 8785's canonical form too (`receipt::jcs`).
pub(crate) use scalars::push_quoted;

/// The path of an object member: `.key` for plain keys, `["key"]` (a JSON string) for any other.
pub fn member_path(parent: &str, key: &str) -> String {
    let mut s = String::with_capacity(parent.len() + key.len() + 4);
    s.push_str(parent);
    push_member(&mut s, key);
    s
}

fn push_member(s: &mut String, key: &str) {
    let mut plain = !key.is_empty();
    for &c in key.as_bytes() {
        plain &= c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
    }
    if plain {
        s.push('.');
        s.push_str(key);
    } else {
        s.push('[');
        scalars::push_quoted(s, key);
        s.push(']');
    }
}

/// Every variant of a field-less enum, in declaration order, from its serde derive (which
/// numbers the variants): one list, however many keys the enum gains.
pub fn variants<T: serde::de::DeserializeOwned>() -> Vec<T> {
    use serde::de::IntoDeserializer;
    (0u32..)
        .map(|i| T::deserialize(IntoDeserializer::<NoVariant>::into_deserializer(i)))
        .map_while(Result::ok)
        .collect()
}

/// The serde name of a field-less enum's variant (`major` for `Severity::Major`), as its JSON
/// writes it.
pub fn variant_name<T: serde::Serialize>(variant: &T) -> String {
    to_string(variant)
        .map(|json| json.trim_matches('"').to_string())
        .unwrap_or_default()
}

/// The variant of a field-less enum whose serde name is `name` (`"legal_guardian"`), if it has one.
pub fn variant_named<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
    use serde::de::IntoDeserializer;
    T::deserialize(IntoDeserializer::<NoVariant>::into_deserializer(name)).ok()
}

/// What [`variants`] meets past the last variant, and [`variant_named`] for a name no variant has. It keeps no message: serde's own value error
/// would format what it was given, floats included, for a message nobody reads.
#[derive(Debug)]
struct NoVariant;

impl core::fmt::Display for NoVariant {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("no such variant")
    }
}

impl std::error::Error for NoVariant {}

impl serde::de::Error for NoVariant {
    fn custom<M: core::fmt::Display>(_: M) -> Self {
        NoVariant
    }
}
