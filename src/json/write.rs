//! Compact JSON text from any `Serialize` type, into a `String`.
//!
//! The same bytes as `serde_json::to_string`: no spaces, strings escaped the same way (`"`, `\`,
//! control characters; nothing else). Each method is a thin call into a few non-generic writers,
//! so a type's `Serialize` code stays small, and nothing goes through `io::Write`.

use super::scalars::{push_decimal, push_quoted};
use crate::prelude::*;
use core::fmt::{self, Display};

use serde::ser::{self, Impossible, Serialize};

/// Why a value could not be written: only floating-point numbers and non-string map keys,
/// which no type of this crate has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl core::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// The value as compact JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut w = Writer {
        out: String::with_capacity(256),
    };
    value.serialize(&mut w)?;
    Ok(w.out)
}

/// A serializer's eight integer methods: each widens its integer and hands it to the
/// serializer's own `signed` or `unsigned`.
macro_rules! integers {
    () => {
        integers!(signed: serialize_i8 i8, serialize_i16 i16, serialize_i32 i32, serialize_i64 i64);
        integers!(unsigned: serialize_u8 u8, serialize_u16 u16, serialize_u32 u32, serialize_u64 u64);
    };
    ($how:ident: $($method:ident $ty:ty),*) => {$(
        fn $method(self, v: $ty) -> Result<(), Error> {
            self.$how(v.into());
            Ok(())
        }
    )*};
}

/// The serde traits of an array or an object being written: each writes its elements with
/// [`Compound::element`], or its members, named by `key`, with [`Compound::field`].
macro_rules! compound {
    (@write $method:ident) => {
        fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
            self.element(value)
        }
    };
    (@write $method:ident(key)) => {
        fn $method<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
            self.field(key, value)
        }
    };
    ($($serialize:ident::$method:ident$(($key:ident))?),* $(,)?) => {$(
        impl ser::$serialize for Compound<'_> {
            type Ok = ();
            type Error = Error;

            compound!(@write $method$(($key))?);

            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        }
    )*};
}

/// Writes JSON into a byte buffer.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
}

impl Writer {
    fn unsigned(&mut self, v: u64) {
        push_decimal(&mut self.out, v);
    }

    fn signed(&mut self, v: i64) {
        if v < 0 {
            self.out.push('-');
        }
        self.unsigned(v.unsigned_abs());
    }

    fn open(&mut self, bracket: char, close: &'static str) -> Compound<'_> {
        self.out.push(bracket);
        Compound {
            w: self,
            first: true,
            close,
        }
    }

    /// `{"variant":` before a variant's content.
    fn tag(&mut self, variant: &str) {
        self.out.push('{');
        push_quoted(&mut self.out, variant);
        self.out.push(':');
    }
}

/// An array or object being written; `close` ends it.
#[derive(Debug)]
pub struct Compound<'a> {
    w: &'a mut Writer,
    first: bool,
    close: &'static str,
}

impl Compound<'_> {
    fn comma(&mut self) {
        if !self.first {
            self.w.out.push(',');
        }
        self.first = false;
    }

    fn element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        self.comma();
        v.serialize(&mut *self.w)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, v: &T) -> Result<(), Error> {
        self.comma();
        push_quoted(&mut self.w.out, key);
        self.w.out.push(':');
        v.serialize(&mut *self.w)
    }

    fn finish(self) -> Result<(), Error> {
        self.w.out.push_str(self.close);
        Ok(())
    }
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    integers!();

    fn serialize_f32(self, _: f32) -> Result<(), Error> {
        Err(Error("floating-point numbers are not written".into()))
    }

    fn serialize_f64(self, _: f64) -> Result<(), Error> {
        Err(Error("floating-point numbers are not written".into()))
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        push_quoted(&mut self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        push_quoted(&mut self.out, v);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = self.open('[', "]");
        for b in v {
            seq.element(b)?;
        }
        seq.finish()
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.serialize_none()
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_none()
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.tag(variant);
        value.serialize(&mut *self)?;
        self.out.push('}');
        Ok(())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.open('[', "]"))
    }

    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, Error> {
        Ok(self.open('[', "]"))
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Error> {
        Ok(self.open('[', "]"))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Error> {
        self.tag(variant);
        Ok(self.open('[', "]}"))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.open('{', "}"))
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Error> {
        Ok(self.open('{', "}"))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Error> {
        self.tag(variant);
        Ok(self.open('{', "}}"))
    }
}

compound!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
    SerializeStruct::serialize_field(key),
    SerializeStructVariant::serialize_field(key),
);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        key.serialize(KeyWriter(&mut *self.w))?;
        self.w.out.push(':');
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.w)
    }

    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

/// Where a map key goes. JSON keys are strings, so a key is a string, or an integer written as one;
/// the writer quotes it.
trait KeySink {
    /// A key that is a string (or a unit variant's name).
    fn key_str(&mut self, s: &str);
    /// A key that is a signed integer.
    fn key_signed(&mut self, v: i64);
    /// A key that is an unsigned integer.
    fn key_unsigned(&mut self, v: u64);
}

impl KeySink for Writer {
    fn key_str(&mut self, s: &str) {
        push_quoted(&mut self.out, s);
    }

    fn key_signed(&mut self, v: i64) {
        self.out.push('"');
        self.signed(v);
        self.out.push('"');
    }

    fn key_unsigned(&mut self, v: u64) {
        self.out.push('"');
        self.unsigned(v);
        self.out.push('"');
    }
}

/// A map key, handed to its [`KeySink`]; anything but a string or an integer is refused.
struct KeyWriter<'a, S>(&'a mut S);

impl<S: KeySink> KeyWriter<'_, S> {
    fn signed(self, v: i64) {
        self.0.key_signed(v);
    }

    fn unsigned(self, v: u64) {
        self.0.key_unsigned(v);
    }
}

fn bad_key() -> Error {
    Error("a map key must be a string or an integer".into())
}

impl<S: KeySink> ser::Serializer for KeyWriter<'_, S> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.0.key_str(v);
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    integers!();

    fn serialize_bool(self, _: bool) -> Result<(), Error> {
        Err(bad_key())
    }

    fn serialize_f32(self, _: f32) -> Result<(), Error> {
        Err(bad_key())
    }

    fn serialize_f64(self, _: f64) -> Result<(), Error> {
        Err(bad_key())
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        Err(bad_key())
    }

    fn serialize_none(self) -> Result<(), Error> {
        Err(bad_key())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Error> {
        Err(bad_key())
    }

    fn serialize_unit(self) -> Result<(), Error> {
        Err(bad_key())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        Err(bad_key())
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        Err(bad_key())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(bad_key())
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Err(bad_key())
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Error> {
        Err(bad_key())
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(bad_key())
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(bad_key())
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Err(bad_key())
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(bad_key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeMap;

    #[test]
    fn writes_what_serde_json_writes() {
        for flag in [false, true] {
            let sample = crate::json::emit::tests::sample(flag);
            assert_eq!(to_string(&sample).unwrap(), serde_json::to_string(&sample).unwrap());
        }
        // What the sample has not: integer map keys, a unit, a unit variant.
        #[derive(serde::Serialize)]
        struct Serde {
            ints: BTreeMap<u16, char>,
            unit: (),
            kind: crate::policy::PurposeKind,
        }
        let more = Serde {
            ints: [(7, 'z'), (65535, '"')].into(),
            unit: (),
            kind: crate::policy::PurposeKind::Extended,
        };
        assert_eq!(to_string(&more).unwrap(), serde_json::to_string(&more).unwrap());
    }

    #[test]
    fn the_seed_policy_is_written_as_serde_json_writes_it() {
        let policy = crate::policy::load(include_str!("../../policies/seed.json")).unwrap();
        assert_eq!(to_string(&policy).unwrap(), serde_json::to_string(&policy).unwrap());
    }

    #[test]
    fn refuses_floats_and_composite_keys() {
        assert!(to_string(&1.5f64).is_err());
        let m: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
        assert!(to_string(&m).is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_string_is_escaped_as_serde_json_escapes_it(s in ".*", t in "[\\x00-\\x7f]*") {
            proptest::prop_assert_eq!(to_string(&s).unwrap(), serde_json::to_string(&s).unwrap());
            proptest::prop_assert_eq!(to_string(&t).unwrap(), serde_json::to_string(&t).unwrap());
        }
    }
}
