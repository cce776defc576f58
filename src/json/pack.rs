//! Answers as one string and one array of numbers, which `pkg-config/unpack.js` turns into the
//! plain object that `JSON.parse` would give for the answer's JSON (the way out of the Wasm
//! boundary for every answer of the engine, and its errors; plain Rust, so that it is tested
//! natively).
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

use super::emit::{Sink, ToJson};
use super::scalars::push_decimal;
use crate::prelude::*;

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
    /// The arrays and objects open: where each one's count goes, the count so far, and whether
    /// it is an array (whose values count) or an object (whose names count).
    open: Vec<Open>,
}

/// An array or object being packed.
#[derive(Debug, Default, PartialEq, Clone, Copy)]
struct Open {
    slot: usize,
    count: u32,
    array: bool,
}

/// Where a member name is in `Packed::names`, and, for a field name (a `&'static str`), its
/// address, which finds it again without comparing text.
#[derive(Debug, Default, PartialEq, Clone, Copy)]
struct Name {
    start: usize,
    end: usize,
    field_at: Option<usize>,
}

/// Packs `value` as its JSON would read: absent options are `null`, maps are objects, unit
/// variants are their names.
pub fn pack<T: ToJson + ?Sized>(value: &T) -> Packed {
    let mut out = Packed::default();
    out.pack(value);
    out
}

impl Packed {
    /// Packs `value` in place of what this held, keeping the buffers: at the Wasm boundary each
    /// `Policy` and `VisitorContext` packs its answers into its own, so a small answer costs no
    /// allocation.
    pub fn pack<T: ToJson + ?Sized>(&mut self, value: &T) {
        self.clear();
        value.write_json(self);
        self.finish();
    }

    // Kept out of `pack`, which is compiled once per answer type.
    #[inline(never)]
    fn clear(&mut self) {
        self.text.clear();
        self.shape.clear();
        self.names.clear();
        self.name_ranges.clear();
        self.next_name = 0;
        self.open.clear();
    }

    /// Ends the answer with its member names.
    #[inline(never)]
    fn finish(&mut self) {
        for n in &self.name_ranges {
            let name = self.names.get(n.start..n.end).unwrap_or_default();
            self.shape.push(utf16_len(name));
        }
        self.shape
            .push(u32::try_from(self.name_ranges.len()).unwrap_or(u32::MAX));
        self.text.push_str(&self.names);
    }
}

/// A string's length in UTF-16 units, counted on its UTF-8 bytes: each character's first byte
/// counts one unit, and the first byte of a four-byte character (0xF0 and up) one more, for its
/// surrogate pair. No character is decoded.
fn utf16_len(s: &str) -> u32 {
    let n: usize = s
        .bytes()
        .map(|b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum();
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Packed {
    /// Counts a value that is an array's element (an object's members are counted by name).
    fn element(&mut self) {
        if let Some(open) = self.open.last_mut().filter(|o| o.array) {
            open.count = open.count.saturating_add(1);
        }
    }

    /// Counts a member of the object open.
    fn member(&mut self) {
        if let Some(open) = self.open.last_mut() {
            open.count = open.count.saturating_add(1);
        }
    }

    /// A value with its tag and its text (a string, or a number's digits).
    fn text_value(&mut self, tag: u32, s: &str) {
        self.element();
        self.shape.push(tag);
        self.shape.push(utf16_len(s));
        self.text.push_str(s);
    }

    /// Opens an array or object, whose count is known only at its end.
    fn open(&mut self, tag: u32, array: bool) {
        self.element();
        self.shape.push(tag);
        self.shape.push(0);
        self.open.push(Open {
            slot: self.shape.len() - 1,
            count: 0,
            array,
        });
    }

    /// Closes the array or object open, writing its count.
    fn close(&mut self) {
        if let Some(open) = self.open.pop() {
            if let Some(c) = self.shape.get_mut(open.slot) {
                *c = open.count;
            }
        }
    }

    /// Writes the index of a name found, or adds the name.
    fn push_key(&mut self, found: Option<usize>, s: &str, field_at: Option<usize>) {
        self.member();
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
}

impl Sink for Packed {
    fn null(&mut self) {
        self.element();
        self.shape.push(NULL);
    }

    fn bool(&mut self, v: bool) {
        self.element();
        self.shape.push(if v { TRUE } else { FALSE });
    }

    fn str(&mut self, v: &str) {
        self.text_value(STRING, v);
    }

    fn int(&mut self, negative: bool, magnitude: u64) {
        self.element();
        let start = self.text.len();
        if negative {
            self.text.push('-');
        }
        push_decimal(&mut self.text, magnitude);
        // ASCII digits: as many UTF-16 units as bytes.
        let len = self.text.len() - start;
        self.shape.push(NUMBER);
        self.shape.push(u32::try_from(len).unwrap_or(u32::MAX));
    }

    fn open_array(&mut self) {
        self.open(ARRAY, true);
    }

    fn close_array(&mut self) {
        self.close();
    }

    fn open_object(&mut self) {
        self.open(OBJECT, false);
    }

    fn close_object(&mut self) {
        self.close();
    }

    /// A struct field's name, as its index among the answer's names. Field names are static, so
    /// their address tells them apart: first the name after the last one used, then any.
    fn field(&mut self, s: &'static str) {
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
}

#[cfg(test)]
mod tests {
    use super::utf16_len;

    proptest::proptest! {
        #[test]
        fn utf16_len_counts_as_encode_utf16_does(s in "(\\PC|[\u{e9}\u{4e2d}\u{1f600}\u{10ffff}])*") {
            proptest::prop_assert_eq!(utf16_len(&s) as usize, s.encode_utf16().count());
        }
    }
}
