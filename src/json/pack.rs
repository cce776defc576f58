//! Answers as one string and one array of numbers, which `pkg-config/unpack.js` turns into the
//! plain object that `JSON.parse` would give for the answer's JSON (the Wasm boundary's fast way
//! out for `evaluate` and `decide`; plain Rust, so that it is tested natively).
//!
//! Building an answer field by field from Rust costs a call across the boundary for every field
//! and every string; for `evaluate` those calls were most of the time. Here every string of the
//! answer is appended to one text (decoded once in JavaScript), and `shape` says, in order, what
//! each value is: a tag, then a count or the value's length in UTF-16 units, which is how
//! JavaScript's `substring` counts.
//!
//! Member names are written once per answer, at the end: the text ends with each distinct name,
//! and `shape` with their lengths and then their count; a member's key in `shape` is its name's
//! index there. JavaScript makes each name a property key once per answer instead of once per
//! object, which measured more than half of the unpacking.
//!
//! The tags, kept in step with `unpack.js` by the tests that read the packed answers back:

use std::fmt::{Display, Write as _};

use serde::ser::{self, Impossible, Serialize};

use super::write::{KeySink, KeyWriter};

/// `null`.
const NULL: u32 = 0;
/// `true`.
const TRUE: u32 = 1;
/// `false`.
const FALSE: u32 = 2;
/// A string: its length follows.
const STRING: u32 = 3;
/// An integer, written in the text in decimal: its length follows.
const NUMBER: u32 = 4;
/// An array: its element count follows, then the elements.
const ARRAY: u32 = 5;
/// An object: its member count follows, then each member as its name's index and its value.
const OBJECT: u32 = 6;

/// A serialised answer.
#[derive(Debug, Default, PartialEq)]
pub struct Packed {
    /// Every string and number of the answer, one after another, then the member names.
    pub text: String,
    /// Tags, counts, lengths and name indices, then the names' lengths and their count.
    pub shape: Vec<u32>,
    /// The distinct member names so far, one after another, and each one's byte range there.
    names: String,
    name_ranges: Vec<Name>,
    /// The index after the name used last: objects of one type repeat their names in one order,
    /// so it is usually the next name asked for.
    next_name: usize,
}

/// Where a member name is in `Packed::names`, and, for a field name (a `&'static str`), its
/// address, which finds it again without comparing text.
#[derive(Debug, Default, PartialEq, Clone, Copy)]
struct Name {
    start: usize,
    end: usize,
    field_at: Option<usize>,
}

/// Why a value cannot be packed: the writer's reasons (floats, keys that are not strings or
/// integers), which no answer of this crate has.
pub use super::write::Error;

/// Packs `value` as its JSON would read: absent options and units are `null`, maps are objects,
/// unit variants are their names.
pub fn pack<T: Serialize + ?Sized>(value: &T) -> Result<Packed, Error> {
    let mut out = Packed::default();
    out.pack(value)?;
    Ok(out)
}

impl Packed {
    /// Packs `value` in place of what this held, keeping the buffers: the Wasm boundary packs every
    /// answer into the same one, so a small answer costs no allocation.
    pub fn pack<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.text.clear();
        self.shape.clear();
        self.names.clear();
        self.name_ranges.clear();
        self.next_name = 0;
        value.serialize(&mut *self)?;
        for n in &self.name_ranges {
            let name = self.names.get(n.start..n.end).unwrap_or_default();
            self.shape.push(utf16_len(name));
        }
        self.shape
            .push(u32::try_from(self.name_ranges.len()).unwrap_or(u32::MAX));
        self.text.push_str(&self.names);
        Ok(())
    }
}

/// A string's length in UTF-16 units.
fn utf16_len(s: &str) -> u32 {
    let n = if s.is_ascii() {
        s.len()
    } else {
        s.chars().map(char::len_utf16).sum()
    };
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Packed {
    fn string(&mut self, s: &str) {
        self.shape.extend([STRING, utf16_len(s)]);
        self.text.push_str(s);
    }

    /// A struct field's name, as its index among the answer's names. Field names are static, so
    /// their address tells them apart: first the name after the last one used, then any.
    fn field_key(&mut self, s: &'static str) {
        let at = Some(s.as_ptr() as usize);
        let is = |n: &Name| n.field_at == at && n.end - n.start == s.len();
        let index = match self.name_ranges.get(self.next_name) {
            Some(n) if is(n) => Some(self.next_name),
            _ => self.name_ranges.iter().position(is),
        };
        self.push_key(index, s, at);
    }

    /// A map key's name (any text), as its index among the answer's names.
    fn key(&mut self, s: &str) {
        let names = &self.names;
        let index = self
            .name_ranges
            .iter()
            .position(|n| n.end - n.start == s.len() && names.get(n.start..n.end) == Some(s));
        self.push_key(index, s, None);
    }

    /// Writes the index of a name found, or adds the name.
    fn push_key(&mut self, found: Option<usize>, s: &str, field_at: Option<usize>) {
        let index = found.unwrap_or_else(|| {
            let start = self.names.len();
            self.names.push_str(s);
            self.name_ranges.push(Name {
                start,
                end: self.names.len(),
                field_at,
            });
            self.name_ranges.len() - 1
        });
        self.next_name = index + 1;
        self.shape.push(u32::try_from(index).unwrap_or(u32::MAX));
    }

    fn number(&mut self, n: impl Display) {
        let start = self.text.len();
        // Writing an integer to a String cannot fail.
        let _ = write!(self.text, "{n}");
        let len = self.text.len() - start;
        self.shape.extend([NUMBER, u32::try_from(len).unwrap_or(u32::MAX)]);
    }

    /// Opens an array or object whose count is known only at its end: the count's slot.
    fn open(&mut self, tag: u32) -> usize {
        self.shape.extend([tag, 0]);
        self.shape.len() - 1
    }

    fn close(&mut self, slot: usize, n: u32) {
        if let Some(c) = self.shape.get_mut(slot) {
            *c = n;
        }
    }
}

impl KeySink for Packed {
    fn key_str(&mut self, s: &str) {
        self.key(s);
    }

    fn key_signed(&mut self, v: i64) {
        self.key(&v.to_string());
    }

    fn key_unsigned(&mut self, v: u64) {
        self.key(&v.to_string());
    }
}

/// An array or object being written; counts its elements or members.
pub struct Compound<'a> {
    out: &'a mut Packed,
    slot: usize,
    n: u32,
}

impl<'a> Compound<'a> {
    fn new(out: &'a mut Packed, tag: u32) -> Self {
        let slot = out.open(tag);
        Compound { out, slot, n: 0 }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.n = self.n.saturating_add(1);
        value.serialize(&mut *self.out)
    }

    fn member<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.n = self.n.saturating_add(1);
        self.out.field_key(key);
        value.serialize(&mut *self.out)
    }

    fn end(self) -> Result<(), Error> {
        self.out.close(self.slot, self.n);
        Ok(())
    }
}

impl<'a> ser::Serializer for &'a mut Packed {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.shape.push(if v { TRUE } else { FALSE });
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }

    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }

    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }

    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.number(v);
        Ok(())
    }

    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }

    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }

    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }

    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.number(v);
        Ok(())
    }

    fn serialize_f32(self, _v: f32) -> Result<(), Error> {
        Err(Error::new("floating-point numbers are not packed"))
    }

    fn serialize_f64(self, _v: f64) -> Result<(), Error> {
        // As the writer: no float formatting is linked into the module for answers that have none.
        Err(Error::new("floating-point numbers are not packed"))
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = Compound::new(self, ARRAY);
        for b in v {
            seq.element(b)?;
        }
        seq.end()
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.shape.push(NULL);
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.shape.push(NULL);
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), Error> {
        self.string(variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let mut object = Compound::new(self, OBJECT);
        object.member(variant, value)?;
        object.end()
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(Compound::new(self, ARRAY))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a>, Error> {
        Ok(Compound::new(self, ARRAY))
    }

    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>, Error> {
        Ok(Compound::new(self, ARRAY))
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(Error::new(format!("{name}::{variant}: tuple variants are not packed")))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(Compound::new(self, OBJECT))
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>, Error> {
        Ok(Compound::new(self, OBJECT))
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(Error::new(format!("{name}::{variant}: struct variants are not packed")))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.member(key, value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.n = self.n.saturating_add(1);
        key.serialize(KeyWriter(&mut *self.out))
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.out)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}
