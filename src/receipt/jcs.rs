//! RFC 8785 JSON Canonicalization Scheme (JCS), and the strict JSON reading it relies on.
//!
//! A signature covers bytes, not meaning, so a receipt is signed over exactly one spelling of
//! its JSON: object members sorted by the UTF-16 code units of their names, no whitespace,
//! numbers as ECMAScript prints them, strings with the minimal escapes. This is the project's one
//! canonical JSON writer; policy hashes and receipt payloads both go through it.

use crate::prelude::*;
use core::cell::RefCell;
use core::fmt;
use core::fmt::Write as _;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::error::{fail, ErrorCode, ReceiptError};

/// Nesting deeper than this is refused (serde_json's own parser stops at 128 too), so writing a
/// value built in code can never exhaust the stack.
const MAX_DEPTH: usize = 128;

/// The largest integer magnitude a double holds exactly (2^53); beyond it an integer is written
/// as the double it becomes, as a JavaScript parser would read it.
const MAX_EXACT_INT: u64 = 1 << 53;

/// The canonical JSON text of `value`.
pub fn to_string(value: &Value) -> Result<String, ReceiptError> {
    let mut out = String::new();
    write_value(value, &mut out, 0)?;
    Ok(out)
}

/// The canonical JSON of `value`, as the UTF-8 bytes that are hashed and signed.
pub fn to_vec(value: &Value) -> Result<Vec<u8>, ReceiptError> {
    to_string(value).map(String::into_bytes)
}

/// Parses JSON text and writes it canonically, rejecting repeated keys.
pub fn canonicalize_str(text: &str) -> Result<String, ReceiptError> {
    to_string(&parse_strict(text)?)
}

fn write_value(value: &Value, out: &mut String, depth: usize) -> Result<(), ReceiptError> {
    if depth > MAX_DEPTH {
        return fail(ErrorCode::Json, format!("JSON nested deeper than {MAX_DEPTH} levels"));
    }
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => write_number(n, out)?,
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out, depth + 1)?;
            }
            out.push(']');
        }
        Value::Object(members) => {
            let mut sorted: Vec<(&String, &Value)> = members.iter().collect();
            // RFC 8785 3.2.3: compare names as UTF-16 code units, not UTF-8 bytes or chars;
            // the two orders differ for characters above U+FFFF against U+E000..U+FFFF.
            sorted.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (i, (name, item)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(name, out);
                out.push(':');
                write_value(item, out, depth + 1)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

fn write_number(n: &Number, out: &mut String) -> Result<(), ReceiptError> {
    if let Some(u) = n.as_u64() {
        if u <= MAX_EXACT_INT {
            let _ = write!(out, "{u}");
            return Ok(());
        }
    } else if let Some(i) = n.as_i64() {
        if i.unsigned_abs() <= MAX_EXACT_INT {
            let _ = write!(out, "{i}");
            return Ok(());
        }
    }
    write_double(n, out)
}

#[cfg(feature = "doubles")]
fn write_double(n: &Number, out: &mut String) -> Result<(), ReceiptError> {
    match n.as_f64() {
        Some(x) => write_f64(x, out),
        None => fail(ErrorCode::Json, format!("number {n} is not a double")),
    }
}

/// Without the `doubles` feature (the banner's Wasm module), only integers up to 2^53 are
/// written. What that build canonicalizes has no other number: a policy (hashed) and a receipt
/// payload (compared) are read by their typed readers first, which refuse fractions, exponents
/// and out-of-range integers, and the notice texts (hashed) are an array of strings. Leaving out
/// ECMAScript's double printing leaves Rust's float formatting and parsing, and their tables, out
/// of the banner's module.
#[cfg(not(feature = "doubles"))]
fn write_double(_: &Number, _: &mut String) -> Result<(), ReceiptError> {
    fail(
        ErrorCode::Json,
        "a number that is not an integer of at most 2^53 cannot be canonicalized by this build, \
         which leaves out RFC 8785's doubles; receipts, keys and policies have no such numbers",
    )
}

#[cfg(feature = "doubles")]
/// Writes a double as ECMAScript's Number.prototype.toString does (ECMA-262 Number::toString),
/// which is what RFC 8785 3.2.2.3 requires. The digits are Rust's shortest round-trip digits,
/// which are the same digit string the ECMAScript algorithm asks for.
pub fn write_f64(x: f64, out: &mut String) -> Result<(), ReceiptError> {
    if !x.is_finite() {
        return fail(
            ErrorCode::Json,
            format!("{x} cannot be written as JSON (RFC 8785 refuses NaN and infinities)"),
        );
    }
    if x == 0.0 {
        // Both zeros print as 0.
        out.push('0');
        return Ok(());
    }
    if x < 0.0 {
        out.push('-');
    }
    // `{:e}` gives the shortest digits that read back to the same double: "d.ddde-7".
    let sci = format!("{:e}", x.abs());
    let (mantissa, exponent) = sci
        .split_once('e')
        .ok_or_else(|| ReceiptError::new(ErrorCode::Json, format!("cannot format {x}")))?;
    let exponent: i64 = exponent
        .parse()
        .map_err(|_| ReceiptError::new(ErrorCode::Json, format!("cannot format {x}")))?;
    let mut digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if let Some(even) = even_tie_digits(x.abs(), &digits, exponent) {
        digits = even;
    }
    // In ECMA-262's terms: the value is digits x 10^(n-k), with k digits.
    let k = i64::try_from(digits.len()).unwrap_or(i64::MAX);
    let n = exponent + 1;
    if k <= n && n <= 21 {
        out.push_str(&digits);
        push_zeros(out, n - k);
    } else if 0 < n && n <= 21 {
        let split = usize::try_from(n).unwrap_or(0);
        let (int, frac) = digits.split_at(split.min(digits.len()));
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        push_zeros(out, -n);
        out.push_str(&digits);
    } else {
        let mut chars = digits.chars();
        if let Some(first) = chars.next() {
            out.push(first);
        }
        let rest = chars.as_str();
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let e = n - 1;
        let _ = write!(out, "e{}{}", if e < 0 { '-' } else { '+' }, e.unsigned_abs());
    }
    Ok(())
}

#[cfg(feature = "doubles")]
/// ECMA-262 picks, of two shortest digit strings equally close to the value, the even one;
/// Rust's shortest formatting can pick the odd one (RFC 8785 Appendix B, "round to even":
/// 1424953923781206.25 must print as ...206.2). Returns the even digits when `digits` is the
/// odd half of such a tie and the even one also reads back to `x`.
fn even_tie_digits(x: f64, digits: &str, exponent: i64) -> Option<String> {
    // The exact decimal value of a double has at most 767 significant digits.
    let exact = format!("{x:.800e}");
    let (mantissa, exact_exp) = exact.split_once('e')?;
    if exact_exp.parse::<i64>().ok()? != exponent {
        return None;
    }
    let exact_digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exact_digits = exact_digits.trim_end_matches('0');
    // A tie: the exact value has one digit more than the shortest form, and it is a 5.
    if exact_digits.len() != digits.len() + 1 || !exact_digits.ends_with('5') {
        return None;
    }
    let low = exact_digits.get(..digits.len())?;
    let high = increment_digits(low)?;
    let last_even = |d: &str| d.bytes().last().is_some_and(|b| (b - b'0') % 2 == 0);
    let even = if last_even(low) { low.to_owned() } else { high };
    if even == digits {
        return None;
    }
    let (first, rest) = (even.get(..1)?, even.get(1..)?);
    let reread: f64 = format!("{first}.{rest}e{exponent}").parse().ok()?;
    (reread == x).then_some(even)
}

#[cfg(feature = "doubles")]
/// The decimal digit string plus one in its last place, if that keeps its length.
fn increment_digits(digits: &str) -> Option<String> {
    let mut bytes = digits.as_bytes().to_vec();
    for b in bytes.iter_mut().rev() {
        if *b == b'9' {
            *b = b'0';
        } else {
            *b += 1;
            return String::from_utf8(bytes).ok();
        }
    }
    None
}

#[cfg(feature = "doubles")]
fn push_zeros(out: &mut String, count: i64) {
    for _ in 0..count {
        out.push('0');
    }
}

/// Writes a string with exactly the escapes RFC 8785 3.2.2.2 allows: `\"`, `\\`, the five short
/// control escapes, `\u00xx` (lowercase hex) for the other controls, everything else verbatim;
/// which is how the crate's JSON writers quote every string, runs of plain text copied whole.
fn write_string(s: &str, out: &mut String) {
    crate::json::push_quoted(out, s);
}

/// Parses JSON text, refusing any object that repeats a member name.
///
/// serde_json keeps the last of two equal keys without a word; another parser might keep the
/// first, so a signed document with a repeated key could mean two things. It is refused.
pub fn parse_strict(text: &str) -> Result<Value, ReceiptError> {
    let duplicate = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = StrictSeed { duplicate: &duplicate }
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v));
    match parsed {
        Ok(v) => Ok(v),
        Err(e) => match duplicate.into_inner() {
            Some(key) => fail(
                ErrorCode::DuplicateKey,
                format!("the JSON object member `{key}` appears more than once"),
            ),
            None => fail(ErrorCode::Json, format!("invalid JSON: {e}")),
        },
    }
}

/// Parses JSON bytes strictly; they must be UTF-8.
pub fn parse_strict_bytes(bytes: &[u8]) -> Result<Value, ReceiptError> {
    let text = core::str::from_utf8(bytes).map_err(|_| ReceiptError::new(ErrorCode::Json, "JSON text is not UTF-8"))?;
    parse_strict(text)
}

#[derive(Clone, Copy)]
struct StrictSeed<'a> {
    duplicate: &'a RefCell<Option<String>>,
}

impl<'de> DeserializeSeed<'de> for StrictSeed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if members.contains_key(&key) {
                *self.duplicate.borrow_mut() = Some(key.clone());
                return Err(de::Error::custom(format!("duplicate key `{key}`")));
            }
            let value = map.next_value_seed(self)?;
            members.insert(key, value);
        }
        Ok(Value::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(bits: u64) -> String {
        let mut s = String::new();
        write_f64(f64::from_bits(bits), &mut s).unwrap();
        s
    }

    #[test]
    fn rfc8785_appendix_b_number_samples() {
        let samples: &[(u64, &str)] = &[
            (0x0000000000000000, "0"),
            (0x8000000000000000, "0"),
            (0x0000000000000001, "5e-324"),
            (0x8000000000000001, "-5e-324"),
            (0x7fefffffffffffff, "1.7976931348623157e+308"),
            (0xffefffffffffffff, "-1.7976931348623157e+308"),
            (0x4340000000000000, "9007199254740992"),
            (0xc340000000000000, "-9007199254740992"),
            (0x4430000000000000, "295147905179352830000"),
            (0x44b52d02c7e14af5, "9.999999999999997e+22"),
            (0x44b52d02c7e14af6, "1e+23"),
            (0x44b52d02c7e14af7, "1.0000000000000001e+23"),
            (0x444b1ae4d6e2ef4e, "999999999999999700000"),
            (0x444b1ae4d6e2ef4f, "999999999999999900000"),
            (0x444b1ae4d6e2ef50, "1e+21"),
            (0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"),
            (0x3eb0c6f7a0b5ed8d, "0.000001"),
            (0x41b3de4355555553, "333333333.3333332"),
            (0x41b3de4355555554, "333333333.33333325"),
            (0x41b3de4355555555, "333333333.3333333"),
            (0x41b3de4355555556, "333333333.3333334"),
            (0x41b3de4355555557, "333333333.33333343"),
            (0xbecbf647612f3696, "-0.0000033333333333333333"),
            (0x43143ff3c1cb0959, "1424953923781206.2"),
        ];
        for (bits, want) in samples {
            assert_eq!(num(*bits), *want, "{bits:016x}");
        }
    }

    #[test]
    fn non_finite_numbers_are_refused() {
        for bits in [0x7fffffffffffffff_u64, 0x7ff0000000000000, 0xfff0000000000000] {
            let mut s = String::new();
            let e = write_f64(f64::from_bits(bits), &mut s).unwrap_err();
            assert_eq!(e.code, ErrorCode::Json);
        }
    }

    #[test]
    fn integers_within_two_to_the_53_are_exact_and_beyond_become_doubles() {
        assert_eq!(
            canonicalize_str("[0,-0,1,-1,9007199254740992]").unwrap(),
            "[0,0,1,-1,9007199254740992]"
        );
        // 2^53 + 1 is not a double; JavaScript reads it as 2^53.
        assert_eq!(canonicalize_str("9007199254740993").unwrap(), "9007199254740992");
        assert_eq!(
            canonicalize_str("18446744073709551615").unwrap(),
            "18446744073709552000"
        );
        assert_eq!(
            canonicalize_str("-9223372036854775808").unwrap(),
            "-9223372036854776000"
        );
    }

    #[test]
    fn number_forms_change_to_the_ecmascript_form() {
        assert_eq!(
            canonicalize_str("[1E30, 4.50, 2e-3, 1e-7, 100, 1.0, 0.1, 123e-2, 1e21, 1e20]").unwrap(),
            "[1e+30,4.5,0.002,1e-7,100,1,0.1,1.23,1e+21,100000000000000000000]"
        );
    }

    #[test]
    fn rfc8785_section_3_2_2_example_output() {
        // The input of RFC 8785 3.2.2, written here with Rust escapes; its expected output.
        let input = "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n  \"literals\": [null, true, false]\n}";
        let want = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":\"\u{20ac}$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
        assert_eq!(canonicalize_str(input).unwrap(), want);
    }

    #[test]
    fn members_sort_by_utf16_code_units() {
        // RFC 8785 3.2.3: the sort order example.
        let input = r#"{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}"#;
        let want = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\"\u{f6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20ac}\":\"Euro Sign\",\"\u{1f600}\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}";
        // The emoji (UTF-16 D83D DE00) sorts before U+FB33, though its UTF-8 bytes sort after.
        assert_eq!(canonicalize_str(input).unwrap(), want);
    }

    #[test]
    fn names_sort_by_code_unit_not_by_locale() {
        let out = canonicalize_str(r#"{"sin":"ignore locale","pêche":"but canonicalization MUST","péché":"is wrong according to French","peach":"This sorting order"}"#).unwrap();
        assert_eq!(
            out,
            r#"{"peach":"This sorting order","péché":"is wrong according to French","pêche":"but canonicalization MUST","sin":"ignore locale"}"#
        );
    }

    #[test]
    fn strings_escape_exactly_the_rfc_set() {
        let v = Value::String("\u{0}\u{1f}\u{7f}/\u{8}\u{c}\"\\é\u{2028}".into());
        assert_eq!(
            to_string(&v).unwrap(),
            "\"\\u0000\\u001f\u{7f}/\\b\\f\\\"\\\\é\u{2028}\""
        );
    }

    #[test]
    fn whitespace_and_nesting_are_normalized() {
        assert_eq!(
            canonicalize_str(" { \"b\" : [ 1 , { \"d\":true, \"c\" : null } ], \"a\":\"x\" } ").unwrap(),
            r#"{"a":"x","b":[1,{"c":null,"d":true}]}"#
        );
        assert_eq!(canonicalize_str("{}").unwrap(), "{}");
        assert_eq!(canonicalize_str("[]").unwrap(), "[]");
    }

    #[test]
    fn duplicate_keys_are_refused_at_any_depth() {
        for text in [
            r#"{"a":1,"a":2}"#,
            r#"{"x":[{"b":1,"c":2,"b":3}]}"#,
            r#"{"a":{"a":1},"a":{}}"#,
        ] {
            let e = parse_strict(text).unwrap_err();
            assert_eq!(e.code, ErrorCode::DuplicateKey, "{text}");
        }
        // Equal names after unescaping are the same name.
        assert_eq!(
            parse_strict(r#"{"a":1,"\u0061":2}"#).unwrap_err().code,
            ErrorCode::DuplicateKey
        );
        assert!(parse_strict(r#"{"a":{"a":1}}"#).is_ok());
    }

    #[test]
    fn malformed_json_is_a_json_error() {
        for text in ["", "{", "[1,]", "{\"a\":1} x", "NaN", "\"\\ud800\""] {
            assert_eq!(parse_strict(text).unwrap_err().code, ErrorCode::Json, "{text}");
        }
    }

    #[test]
    fn deep_values_built_in_code_are_refused_not_overflowed() {
        let mut v = Value::Null;
        for _ in 0..10_000 {
            v = Value::Array(vec![v]);
        }
        assert_eq!(to_string(&v).unwrap_err().code, ErrorCode::Json);
        // Dropping a deep Value recurses too; unwrap it iteratively.
        while let Value::Array(mut items) = v {
            v = items.pop().unwrap_or(Value::Null);
        }
    }
}
