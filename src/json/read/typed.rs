//! Reading the crate's own document types without serde's generated code.
//!
//! `#[derive(Deserialize)]` writes, for every struct, a visitor that matches member names, tracks
//! and checks each field, and reads each value, for every struct and enum of the policy model. Here a struct's reader is a
//! short list of its fields (`#[derive(FromJson)]`, from the same serde attributes), and the work is done once, in the
//! non-generic [`Reader::fields`]: finding each member by its index in the names, refusing unknown,
//! repeated and missing members, and placing errors. Members are read in place into a struct made
//! of [`Unread`] values, so there is no per-field code for moving values out of `Option`s or for
//! dropping those read before a missing member. It reports
//! the same problems, with the same kinds, messages, paths and positions, as serde's derive does
//! over [`super::from_str`]; the policy tests read every golden document both ways and compare
//! (`tests/policy_reader.rs`).

use crate::prelude::*;
use crate::sorted_map::SortedMap;
use serde::de::Error as _;

use super::{Error, ErrorKind, Reader, Segment};

/// A type read from JSON text by the crate's own code (see the module documentation).
pub trait FromJson: Sized {
    /// Reads one value at the reader's position.
    fn read(r: &mut Reader<'_>) -> Result<Self, Error>;
}

/// What a struct's reader does with a member it does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownMembers {
    /// Refuses it (`#[serde(deny_unknown_fields)]`).
    Refused,
    /// Skips its value, as serde's derive does without `deny_unknown_fields`.
    Skipped,
}

/// Reads a `T` from the whole of `text`, as [`super::from_str`] does for a serde type.
pub fn read_str<T: FromJson>(text: &str) -> Result<T, Error> {
    let mut r = Reader::new(text);
    let value = T::read(&mut r)?;
    r.end()?;
    Ok(value)
}

impl<'t> Reader<'t> {
    /// Reads an object with the members `names`, calling `field` with each member's index in
    /// `names`. Refuses a member not in `names` at its key, or skips it (`unknown`), and refuses a
    /// repeated one at the object; names the member in the path of an error inside it. Then
    /// refuses, at the object's start, the first member of `names` that is absent and not
    /// `optional` (the flag at the same index), as serde's derive does.
    #[inline(never)]
    pub fn fields(
        &mut self,
        expected: &'static str,
        names: &'static [&'static str],
        optional: &'static [bool],
        unknown: UnknownMembers,
        field: &mut dyn FnMut(&mut Reader<'t>, usize) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let mut seen = 0u64;
        let start = self.within(b'{', &expected, &mut |r| {
            seen = r.members(names, unknown, field)?;
            Ok(())
        })?;
        let absent = names
            .iter()
            .zip(optional)
            .enumerate()
            .find(|&(i, (_, &optional))| !optional && seen & bit(i) == 0);
        match absent {
            Some((_, (name, _))) => Err(Error::missing_field(name).at(start)),
            None => Ok(()),
        }
    }

    /// Moves into an object or array (`bracket`), runs `body` over its contents, and checks that
    /// it was read to its end; an error inside is placed at the start when it has no place of its
    /// own. Returns where it starts.
    fn within(
        &mut self,
        bracket: u8,
        expected: &dyn serde::de::Expected,
        body: &mut dyn FnMut(&mut Reader<'t>) -> Result<(), Error>,
    ) -> Result<usize, Error> {
        let start = self.open(bracket, expected)?;
        let depth = self.depth;
        body(self).map_err(|e| e.at_least(start))?;
        self.closed(depth)?;
        Ok(start)
    }

    /// Reads the members; returns which of `names` were seen, one bit each.
    fn members(
        &mut self,
        names: &'static [&'static str],
        unknown: UnknownMembers,
        field: &mut dyn FnMut(&mut Reader<'t>, usize) -> Result<(), Error>,
    ) -> Result<u64, Error> {
        let mut seen: u64 = 0;
        let mut first = true;
        while let Some((key, at)) = self.member(first)? {
            first = false;
            let Some(i) = names.iter().position(|n| *n == key) else {
                if unknown == UnknownMembers::Skipped {
                    self.skip().map_err(|e| self.in_member(e, at))?;
                    continue;
                }
                let e = Error::unknown_field(key, names);
                return Err(self.in_member(e, at));
            };
            let mask = bit(i);
            if seen & mask != 0 {
                return Err(Error::duplicate_field(names.get(i).copied().unwrap_or("")));
            }
            seen |= mask;
            field(self, i).map_err(|e| self.in_member(e, at))?;
        }
        Ok(seen)
    }

    /// Reads a value into `slot`.
    pub fn put<T: FromJson>(&mut self, slot: &mut T) -> Result<(), Error> {
        *slot = T::read(self)?;
        Ok(())
    }

    /// Reads a `T` and converts it into a `U`, as serde's `#[serde(try_from = "T")]` does: a
    /// conversion refused is an error with the conversion's message, placed where the value's
    /// member starts.
    pub fn converted<T: FromJson, U: TryFrom<T>>(&mut self) -> Result<U, Error>
    where
        U::Error: core::fmt::Display,
    {
        U::try_from(T::read(self)?).map_err(Error::custom)
    }

    /// Reads a string that must be one of `names`; the value at the same index of `values`.
    pub fn variant<T: Copy>(
        &mut self,
        expected: &'static str,
        names: &'static [&'static str],
        values: &[T],
    ) -> Result<T, Error> {
        let i = self.variant_index(expected, names)?;
        values
            .get(i)
            .copied()
            .ok_or_else(|| Error::new(ErrorKind::Invalid, format!("`{expected}` has no value {i}")))
    }

    #[inline(never)]
    fn variant_index(&mut self, expected: &'static str, names: &'static [&'static str]) -> Result<usize, Error> {
        let (name, start) = self.str_value(&expected)?;
        names
            .iter()
            .position(|n| *n == name)
            .ok_or_else(|| Error::unknown_variant(name, names).at_least(start))
    }

    /// Reads an array, calling `element` at each element.
    #[inline(never)]
    fn elements(&mut self, element: &mut dyn FnMut(&mut Reader<'t>) -> Result<(), Error>) -> Result<(), Error> {
        self.within(b'[', &"a sequence", &mut |r| {
            let mut index = 0;
            while r.element(index)? {
                element(r).map_err(|e| e.inside(Segment::Index(index)))?;
                index += 1;
            }
            Ok(())
        })
        .map(drop)
    }
}

/// The bit of the member at `index` in a word of members seen (none past the 64th; `#[derive(FromJson)]`
/// refuses more).
fn bit(index: usize) -> u64 {
    u32::try_from(index).ok().and_then(|i| 1u64.checked_shl(i)).unwrap_or(0)
}

/// What a struct's field holds until its member is read. A struct is made with every field
/// unread (or, for a member that may be absent, its default) and its members are read into it in
/// place; a required member that is absent is an error, so an unread value is never returned.
pub trait Unread {
    /// The value before its member is read.
    fn unread() -> Self;
}

impl Unread for String {
    fn unread() -> Self {
        String::new()
    }
}

impl Unread for bool {
    fn unread() -> Self {
        false
    }
}

impl<T> Unread for Option<T> {
    fn unread() -> Self {
        None
    }
}

impl<T> Unread for Vec<T> {
    fn unread() -> Self {
        Vec::new()
    }
}

impl FromJson for String {
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (s, _) = r.str_value(&"a string")?;
        Ok(s.to_owned())
    }
}

impl FromJson for bool {
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.bool_value(&"a boolean").map(|(b, _)| b)
    }
}

/// Small unsigned integers (policy numbers: ages, TCF ids, vendor ids), refused when out of
/// their range.
macro_rules! small_unsigned_from_json {
    ($($ty:ident),*) => {
        $(
            impl Unread for $ty {
                fn unread() -> Self {
                    0
                }
            }

            impl FromJson for $ty {
                fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
                    let (int, start) = r.integer_value(&stringify!($ty))?;
                    let unexpected = match int {
                        super::Int::Unsigned(u) => match $ty::try_from(u) {
                            Ok(v) => return Ok(v),
                            Err(_) => serde::de::Unexpected::Unsigned(u),
                        },
                        super::Int::Negative(i) => serde::de::Unexpected::Signed(i),
                    };
                    Err(Error::invalid_value(unexpected, &stringify!($ty)).at(start))
                }
            }
        )*
    };
}

small_unsigned_from_json!(u8, u16, u32, usize);

impl Unread for i64 {
    fn unread() -> Self {
        0
    }
}

impl FromJson for i64 {
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (int, start) = r.integer_value(&"i64")?;
        match int {
            super::Int::Negative(i) => Ok(i),
            super::Int::Unsigned(u) => {
                i64::try_from(u).map_err(|_| Error::invalid_value(serde::de::Unexpected::Unsigned(u), &"i64").at(start))
            }
        }
    }
}

/// The expectation of a pair, in serde's words.
const PAIR: &str = "a tuple of size 2";

/// A pair is an array of exactly two elements, as serde reads a tuple.
impl<A: FromJson, B: FromJson> FromJson for (A, B) {
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let start = r.open(b'[', &PAIR)?;
        let depth = r.depth;
        let a = r.pair_element(0).map_err(|e| e.at_least(start))?;
        let b = r.pair_element(1).map_err(|e| e.at_least(start))?;
        if r.element(2)? {
            return Err(r.syntax("the array has more elements than expected"));
        }
        r.closed(depth)?;
        Ok((a, b))
    }
}

impl Reader<'_> {
    /// The element at `index` of a pair, which must have one there.
    fn pair_element<T: FromJson>(&mut self, index: usize) -> Result<T, Error> {
        if !self.element(index)? {
            return Err(Error::invalid_length(index, &PAIR));
        }
        T::read(self).map_err(|e| e.inside(Segment::Index(index)))
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        if r.null()? {
            Ok(None)
        } else {
            T::read(r).map(Some)
        }
    }
}

impl<V> Unread for SortedMap<V> {
    fn unread() -> Self {
        SortedMap::default()
    }
}

impl<V: FromJson> FromJson for SortedMap<V> {
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.map_entries("a map").map(SortedMap::new)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let mut out = Vec::new();
        r.elements(&mut |r| {
            out.push(T::read(r)?);
            Ok(())
        })?;
        Ok(out)
    }
}

impl Reader<'_> {
    /// Reads an object of `T` values into its members, in the text's order (a repeated key
    /// appears twice; the map made of them keeps the last). `expected` names what it reads in a
    /// type error, as the type's serde visitor names it.
    pub fn map_entries<T: FromJson>(&mut self, expected: &'static str) -> Result<Vec<(String, T)>, Error> {
        let mut out = Vec::new();
        let mut keys = alloc::collections::BTreeSet::new();
        self.within(b'{', &expected, &mut |r| {
            let mut first = true;
            while let Some((key, at)) = r.member(first)? {
                first = false;
                let key = key.to_owned();
                let value = T::read(r).map_err(|e| r.in_member(e, at))?;
                // A key given twice: which value counts would be a guess, so neither does.
                if !keys.insert(key.clone()) {
                    return Err(serde::de::Error::custom(format_args!("duplicate key `{key}`")));
                }
                out.push((key, value));
            }
            Ok(())
        })?;
        Ok(out)
    }
}
