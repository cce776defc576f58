//! The two pieces of JSON text every writer of this module makes: a quoted string and a
//! decimal integer. The serde writer (`write`), the member-list writer (`emit`), the packed form
//! (`pack`) and the reader's messages (`read`) all take them from here, so none of them imports
//! another.

use crate::prelude::*;

/// Where the first byte of `s` that JSON escapes (`"`, `\`, a control character) is.
fn next_escape(s: &str) -> Option<usize> {
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if b == b'"' || b == b'\\' || b < 0x20 {
            return Some(i);
        }
    }
    None
}

/// Appends `s` as a JSON string: quoted, with `"`, `\` and control characters escaped. These are
/// exactly RFC 8785's escapes (3.2.2.2): the five short control escapes, `\u00xx` in lowercase hex
/// for the other controls, and everything else verbatim, so canonical JSON quotes with it too.
pub(crate) fn push_quoted(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    // Copy runs of plain text whole; only `"`, `\` and control characters are escaped. Each of
    // those is one ASCII byte, so the text around it splits at character boundaries.
    let mut rest = s;
    while let Some(i) = next_escape(rest) {
        let (Some(plain), Some(tail), Some(&b)) = (rest.get(..i), rest.get(i + 1..), rest.as_bytes().get(i)) else {
            break;
        };
        out.push_str(plain);
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            _ => "",
        };
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let hex = |n: u8| char::from(HEX.get(usize::from(n)).copied().unwrap_or(b'0'));
            out.push_str("\\u00");
            out.push(hex(b >> 4));
            out.push(hex(b & 0xf));
        } else {
            out.push_str(short);
        }
        rest = tail;
    }
    out.push_str(rest);
    out.push('"');
}

/// Appends the decimal digits of `v`.
pub(super) fn push_decimal(out: &mut String, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut n = digits.len();
    loop {
        n -= 1;
        if let Some(d) = digits.get_mut(n) {
            *d = b'0' + (v % 10) as u8;
        }
        v /= 10;
        if v == 0 || n == 0 {
            break;
        }
    }
    for &d in digits.get(n..).unwrap_or_default() {
        out.push(char::from(d));
    }
}
