//! Small text helpers shared by the engine's modules.

use crate::prelude::*;

/// `parts` joined by `sep`. The standard library's `join` is compiled once per part type, with
/// copy code for each separator length; this one small loop does for every caller here (0.15 KB
/// less of the gzipped engine module).
pub fn join<S: AsRef<str>>(parts: &[S], sep: &str) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(part.as_ref());
    }
    out
}

/// The 1-based line and column (columns in characters) reached after `text`, from `at`.
///
/// This and the helpers below work on bytes or one character at a time: the standard library's
/// character counting, pattern searches, `trim` and integer parsing are fast but large routines,
/// and the texts these read (positions before a problem, versions, times, codes) are short.
pub fn advance(at: (usize, usize), text: &[u8]) -> (usize, usize) {
    let (mut line, mut column) = at;
    for &b in text {
        if b == b'\n' {
            line += 1;
            column = 1;
        } else if b & 0xC0 != 0x80 {
            // A character's first byte: continuation bytes of UTF-8 are not columns.
            column += 1;
        }
    }
    (line, column)
}

/// Whether every byte of `s` is an ASCII digit (true for the empty text).
pub fn all_digits(s: &str) -> bool {
    for &b in s.as_bytes() {
        if !b.is_ascii_digit() {
            return false;
        }
    }
    true
}

/// How many characters `s` has.
pub fn char_count(s: &str) -> usize {
    s.bytes().filter(|b| b & 0xC0 != 0x80).count()
}

/// Whether `b` is one of `set`. `[u8]::contains` would search with `memchr`, a large routine
/// built for long haystacks; these sets have one to four bytes.
#[allow(clippy::manual_contains)]
pub fn is_one_of(b: u8, set: &[u8]) -> bool {
    set.iter().any(|&s| s == b)
}

/// The part of `s` before the last of `seps` (ASCII) in it, if there is one.
pub fn before_last<'a>(s: &'a str, seps: &[u8]) -> Option<&'a str> {
    let mut at = None;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if is_one_of(b, seps) {
            at = Some(i);
        }
    }
    s.get(..at?)
}

/// `s` without the whitespace at either end, as `str::trim` gives it, found in one forward pass
/// (the standard one searches from both ends, with a reverse UTF-8 decoder for the end).
pub fn trim(s: &str) -> &str {
    let mut start = None;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        if !c.is_whitespace() {
            start.get_or_insert(i);
            end = i + c.len_utf8();
        }
    }
    start.and_then(|start| s.get(start..end)).unwrap_or("")
}

/// Whether `s` is empty or only whitespace.
pub fn is_blank(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

/// The number written by `s` in decimal ASCII digits (at least one, nothing else), if it fits a
/// `u32`: `str::parse`'s answer for such text, without its generic integer parser.
pub fn decimal(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    s.bytes().try_fold(0u32, |n, b| {
        let digit = b.checked_sub(b'0').filter(|d| *d <= 9)?;
        n.checked_mul(10)?.checked_add(u32::from(digit))
    })
}

/// `s` split at the first of `seps` (ASCII): the part before it, and the part after it if there
/// is one. `split_first(s, b"-")` is `s.split_once('-')` with the first part kept when there is no
/// `-`, and its first part is `s.split('-').next()`; a byte loop in place of the standard
/// library's character searchers.
pub fn split_first<'a>(s: &'a str, seps: &[u8]) -> (&'a str, Option<&'a str>) {
    for (at, &b) in s.as_bytes().iter().enumerate() {
        if is_one_of(b, seps) {
            return (s.get(..at).unwrap_or(""), s.get(at + 1..));
        }
    }
    (s, None)
}

#[cfg(test)]
mod tests {
    use super::{advance, all_digits, before_last, char_count, decimal, is_blank, join, split_first, trim};

    #[test]
    fn joins_as_the_standard_join_does() {
        let cases: [&[&str]; 4] = [&[], &["a"], &["a", "b"], &["", "x", ""]];
        for parts in cases {
            for sep in ["", ", ", "、", " -> "] {
                assert_eq!(join(parts, sep), parts.join(sep));
                let owned: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
                assert_eq!(join(&owned, sep), owned.join(sep));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn reads_decimals_as_parse_does(s in "[0-9]{0,12}|[+0-9a ]{0,4}", n: u32) {
            let digits_only = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            proptest::prop_assert_eq!(all_digits(&s), s.bytes().all(|b| b.is_ascii_digit()));
            proptest::prop_assert_eq!(decimal(&s), if digits_only { s.parse::<u32>().ok() } else { None });
            proptest::prop_assert_eq!(decimal(&n.to_string()), Some(n));
        }
    }

    proptest::proptest! {
        #[test]
        fn counts_and_splits_as_the_standard_ones(s in "[a-z.\\[\n \t\u{a0}\u{3000}\u{e9}\u{4e2d}\u{1f600}]{0,24}") {
            proptest::prop_assert_eq!(char_count(&s), s.chars().count());
            proptest::prop_assert_eq!(trim(&s), s.trim());
            let (first, rest) = split_first(&s, b".");
            proptest::prop_assert_eq!(Some(first), s.split('.').next());
            proptest::prop_assert_eq!(rest, s.split_once('.').map(|(_, r)| r));
            proptest::prop_assert_eq!(split_first(&s, b".[").0, s.split(['.', '[']).next().unwrap_or(""));
            proptest::prop_assert_eq!(is_blank(&s), s.trim().is_empty());
            proptest::prop_assert_eq!(before_last(&s, b"."), s.rsplit_once('.').map(|(a, _)| a));
            proptest::prop_assert_eq!(before_last(&s, b".["), s.rfind(['.', '[']).map(|i| &s[..i]));
            let line = 1 + s.matches('\n').count();
            let last = s.rfind('\n').map_or(s.as_str(), |i| &s[i + 1..]);
            proptest::prop_assert_eq!(advance((1, 1), s.as_bytes()), (line, 1 + last.chars().count()));
            let mid = (0..=s.len() / 2).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0);
            let (head, tail) = s.split_at(mid);
            proptest::prop_assert_eq!(
                advance(advance((1, 1), head.as_bytes()), tail.as_bytes()),
                advance((1, 1), s.as_bytes())
            );
        }
    }
}
