//! The answers that cross the Wasm boundary, written without serde: [`ToJson`] says what a value
//! is, member by member, to a [`Sink`], which either writes JSON text ([`write`]) or packs the
//! answer for `unpack.js` ([`super::pack`]).
//!
//! serde's derived `Serialize` code is generic over the serializer, carries a `Result` through
//! every field and was compiled once per output format, for the policy, its texts, the problems
//! and the decisions. Here each type's writer is one list of
//! calls, compiled once per sink it writes to; the browser module writes to the packer alone, so
//! once. The derives stay, for native tools and as
//! the oracle: `tests/emit.rs` holds every writer to the bytes serde_json writes for the same
//! value.
//!
//! Types get their writer from `#[derive(ToJson)]`, which reads the serde attributes the type
//! already has (`rename_all`, `rename`, `skip_serializing_if`), so a member's name is written once.

use super::scalars::{push_decimal, push_quoted};
use crate::prelude::*;
use crate::sorted_map::SortedMap;

/// Where a value is written. Values are written in order; an object's members are each a name
/// ([`Sink::field`] or [`Sink::key`]) and then one value.
pub trait Sink {
    /// `null`.
    fn null(&mut self);
    /// `true` or `false`.
    fn bool(&mut self, v: bool);
    /// A string.
    fn str(&mut self, v: &str);
    /// An integer: its sign and its magnitude.
    fn int(&mut self, negative: bool, magnitude: u64);
    /// `[`: the values up to [`Sink::close_array`] are its elements.
    fn open_array(&mut self);
    /// `]`.
    fn close_array(&mut self);
    /// `{`: the members up to [`Sink::close_object`] are its members.
    fn open_object(&mut self);
    /// `}`.
    fn close_object(&mut self);
    /// A struct field's name (static text: a packer may tell names apart by address).
    fn field(&mut self, name: &'static str);
    /// A map key.
    fn key(&mut self, name: &str);
}

/// A value that can be written as JSON, exactly as serde_json writes its `Serialize` form.
pub trait ToJson {
    /// Writes the value to `out`.
    fn write_json<S: Sink + ?Sized>(&self, out: &mut S);
}

/// The value as compact JSON text: the bytes `serde_json::to_string` writes for its `Serialize`.
pub fn write<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = Text(String::with_capacity(256));
    value.write_json(&mut out);
    out.0
}

/// The JSON text sink.
struct Text(String);

impl Text {
    /// The comma before a value or a member, unless it is the first in its array or object (or
    /// the value of a member, after its `:`).
    fn separate(&mut self) {
        if !matches!(self.0.as_bytes().last(), None | Some(b'[' | b'{' | b':')) {
            self.0.push(',');
        }
    }
}

impl Sink for Text {
    fn null(&mut self) {
        self.separate();
        self.0.push_str("null");
    }

    fn bool(&mut self, v: bool) {
        self.separate();
        self.0.push_str(if v { "true" } else { "false" });
    }

    fn str(&mut self, v: &str) {
        self.separate();
        push_quoted(&mut self.0, v);
    }

    fn int(&mut self, negative: bool, magnitude: u64) {
        self.separate();
        if negative {
            self.0.push('-');
        }
        push_decimal(&mut self.0, magnitude);
    }

    fn open_array(&mut self) {
        self.separate();
        self.0.push('[');
    }

    fn close_array(&mut self) {
        self.0.push(']');
    }

    fn open_object(&mut self) {
        self.separate();
        self.0.push('{');
    }

    fn close_object(&mut self) {
        self.0.push('}');
    }

    fn field(&mut self, name: &'static str) {
        self.key(name);
    }

    fn key(&mut self, name: &str) {
        self.separate();
        push_quoted(&mut self.0, name);
        self.0.push(':');
    }
}

impl ToJson for str {
    fn write_json<S: Sink + ?Sized>(&self, out: &mut S) {
        out.str(self);
    }
}

impl ToJson for String {
    fn write_json<S: Sink + ?Sized>(&self, out: &mut S) {
        out.str(self);
    }
}

impl ToJson for bool {
    fn write_json<S: Sink + ?Sized>(&self, out: &mut S) {
        out.bool(*self);
    }
}

impl ToJson for i64 {
    fn write_json<S: Sink + ?Sized>(&self, out: &mut S) {
        out.int(*self < 0, self.unsigned_abs());
    }
}

macro_rules! unsigned_to_json {
    ($($ty:ty),*) => {
        $(
            impl ToJson for $ty {
                fn write_json<S: Sink + ?Sized>(&self, out: &mut S) {
                    out.int(false, u64::from(*self));
                }
            }
        )*
    };
}

unsigned_to_json!(u8, u16, u32, u64);

impl ToJson for usize {
    fn write_json<S: Sink + ?Sized>(&self, out: &mut S) {
        out.int(false, u64::try_from(*self).unwrap_or(u64::MAX));
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json<S: Sink + ?Sized>(&self, out: &mut S) {
        (**self).write_json(out);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json<S: Sink + ?Sized>(&self, out: &mut S) {
        match self {
            Some(v) => v.write_json(out),
            None => out.null(),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json<S: Sink + ?Sized>(&self, out: &mut S) {
        out.open_array();
        for v in self {
            v.write_json(out);
        }
        out.close_array();
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json<S: Sink + ?Sized>(&self, out: &mut S) {
        self.as_slice().write_json(out);
    }
}

/// A pair is an array of two, as serde writes a tuple.
impl<A: ToJson, B: ToJson> ToJson for (A, B) {
    fn write_json<S: Sink + ?Sized>(&self, out: &mut S) {
        out.open_array();
        self.0.write_json(out);
        self.1.write_json(out);
        out.close_array();
    }
}

impl<T: ToJson> ToJson for SortedMap<T> {
    fn write_json<S: Sink + ?Sized>(&self, out: &mut S) {
        write_entries(self.entries(), out);
    }
}

/// An object of `(key, value)` entries, in the order given.
pub fn write_entries<T: ToJson, S: Sink + ?Sized>(entries: &[(String, T)], out: &mut S) {
    out.open_object();
    for (k, v) in entries {
        out.key(k);
        v.write_json(out);
    }
    out.close_object();
}

/// A sample of every kind of value, for the writers' tests: both hold it to serde_json.
#[cfg(test)]
pub(super) mod tests {
    use super::*;

    #[derive(serde::Serialize, crate::json::ToJson)]
    #[serde(rename_all = "camelCase")]
    pub(in crate::json) struct Sample {
        text: String,
        n: u8,
        neg: i64,
        big: u64,
        size: usize,
        none: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        kept: Option<String>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        empty: Vec<u8>,
        #[serde(skip_serializing_if = "core::ops::Not::not")]
        flag: bool,
        list: Vec<(String, bool)>,
        nested: Vec<Vec<Option<u32>>>,
        map: SortedMap<Vec<u16>>,
    }

    pub(in crate::json) fn sample(flag: bool) -> Sample {
        Sample {
            text: "a \"quote\", a \\, \n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f} é 中文 😀 </script>".into(),
            n: 0,
            neg: i64::MIN,
            big: u64::MAX,
            size: 7,
            none: None,
            skipped: None,
            kept: Some("k".into()),
            empty: if flag { vec![3] } else { vec![] },
            flag,
            list: vec![("x".into(), true), (String::new(), false)],
            nested: vec![vec![], vec![None, Some(0), Some(42)], vec![]],
            map: SortedMap::new(vec![("k".to_string(), vec![1, 22, 333]), (String::new(), vec![])]),
        }
    }

    #[test]
    fn writes_what_serde_json_writes() {
        for flag in [false, true] {
            let s = sample(flag);
            assert_eq!(write(&s), serde_json::to_string(&s).unwrap());
        }
        let empty: Vec<Sample> = vec![];
        assert_eq!(write(&empty), "[]");
        assert_eq!(write(&(String::new(), 0u8)), "[\"\",0]");
    }

    proptest::proptest! {
        #[test]
        fn any_string_and_integer_is_written_as_serde_json_writes_it(s in ".*", n: i64, u: u64) {
            proptest::prop_assert_eq!(write(&s), serde_json::to_string(&s).unwrap());
            proptest::prop_assert_eq!(write(&n), serde_json::to_string(&n).unwrap());
            proptest::prop_assert_eq!(write(&u), serde_json::to_string(&u).unwrap());
        }
    }
}
