//! JSON text into any `Deserialize` type, with the path and position of the first problem.
//!
//! Strict RFC 8259 JSON. The path is built only when something fails: each object member and
//! array element an error passes through on its way out adds its key or index, so a document that
//! reads cleanly costs nothing for it. Numbers are read as integers; a number with a fraction or an
//! exponent is refused as the wrong type, quoting its own text.

use crate::prelude::*;
use core::fmt::{self, Display};

use serde::de::{self, DeserializeOwned, DeserializeSeed, Expected, Unexpected, Visitor};

mod typed;

pub use typed::{read_str, FromJson, UnknownMembers, Unread};

/// Deeper nesting than this is refused, so a hostile document cannot exhaust the stack.
const MAX_DEPTH: usize = 128;

/// What kind of problem stopped the reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text is not JSON.
    Syntax,
    /// The text ends inside a value.
    Eof,
    /// More text follows the value.
    Trailing,
    /// A member the type does not have; `expected` lists the ones it has.
    UnknownField {
        /// The member's name.
        field: String,
        /// The names the type accepts.
        expected: &'static [&'static str],
    },
    /// A string that is none of the enum's values.
    UnknownVariant {
        /// The string.
        variant: String,
        /// The values the type accepts.
        expected: &'static [&'static str],
    },
    /// A member the type requires is absent.
    MissingField(&'static str),
    /// A value of the wrong JSON type; `object` when the type wanted an object with fields.
    Type {
        /// Whether a struct (a JSON object with named fields) was expected.
        object: bool,
    },
    /// A value of the right type that is not allowed: out of range, a duplicate member.
    Invalid,
}

/// A problem with the text: what, where (byte offset and JSON path), and a message. Boxed, so
/// that every `Result` the reader passes along stays two words wide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(Box<Inner>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    message: String,
    at: Option<usize>,
    /// Innermost first: segments are added as the error leaves each member and element.
    rev_path: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

impl Error {
    #[cold]
    fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error(Box::new(Inner {
            kind,
            message: message.into(),
            at: None,
            rev_path: Vec::new(),
        }))
    }

    #[cold]
    fn type_mismatch(unexpected: &str, exp: &dyn Expected) -> Self {
        // One formatting: what was expected is the message's end.
        let message = format!("invalid type: {unexpected}, expected {exp}");
        let expected = message
            .get("invalid type: ".len() + unexpected.len() + ", expected ".len()..)
            .unwrap_or_default();
        Error::new(
            ErrorKind::Type {
                object: expected.starts_with("struct "),
            },
            message,
        )
    }

    fn at(mut self, offset: usize) -> Self {
        self.0.at = Some(offset);
        self
    }

    /// Places an error raised by a visitor, which knows no position, at the value it was reading.
    fn at_least(mut self, offset: usize) -> Self {
        self.0.at.get_or_insert(offset);
        self
    }

    fn inside(mut self, segment: Segment) -> Self {
        self.0.rev_path.push(segment);
        self
    }

    /// What kind of problem it is.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// What is wrong, in words.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The byte offset in the text where the problem is: the start of the value rejected, the
    /// key of an unknown member, the object missing a member, or the character that is not JSON.
    pub fn offset(&self) -> usize {
        self.0.at.unwrap_or(0)
    }

    /// The JSON path of the value (`$.purposes[1].kind`); for an unknown member, its own path.
    pub fn path(&self) -> String {
        let mut s = String::from("$");
        for seg in self.0.rev_path.iter().rev() {
            match seg {
                Segment::Key(k) => super::push_member(&mut s, k),
                Segment::Index(i) => {
                    s.push('[');
                    s.push_str(&i.to_string());
                    s.push(']');
                }
            }
        }
        s
    }

    /// The 1-based line and column (in characters) of [`Error::offset`] in `text`.
    pub fn position(&self, text: &str) -> (usize, usize) {
        let before = text.get(..self.offset()).unwrap_or(text);
        crate::text::advance((1, 1), before)
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl core::error::Error for Error {}

/// Says what a visitor was given, in serde's words but without formatting a float.
fn describe(u: &Unexpected<'_>) -> String {
    match *u {
        Unexpected::Bool(b) => format!("boolean `{b}`"),
        Unexpected::Unsigned(n) => format!("integer `{n}`"),
        Unexpected::Signed(n) => format!("integer `{n}`"),
        Unexpected::Float(_) => "floating point number".into(),
        Unexpected::Char(c) => format!("character `{c}`"),
        Unexpected::Str(s) => format!("string {}", quoted(s)),
        Unexpected::Unit => "null".into(),
        Unexpected::Seq => "sequence".into(),
        Unexpected::Map => "map".into(),
        Unexpected::Other(o) => o.into(),
        _ => "value".into(),
    }
}

fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    super::scalars::push_quoted(&mut out, s);
    out
}

/// `` `a` ``, `` `a` or `b` ``, `` one of `a`, `b`, `c` ``.
fn one_of(names: &[&str]) -> String {
    let list = |names: &[&str]| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>();
    match names {
        [] => "nothing".into(),
        [a, b] => format!("`{a}` or `{b}`"),
        [a] => format!("`{a}`"),
        _ => format!("one of {}", list(names).join(", ")),
    }
}

impl de::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error::new(ErrorKind::Invalid, msg.to_string())
    }

    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        Error::type_mismatch(&describe(&unexp), exp)
    }

    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        Error::new(
            ErrorKind::Invalid,
            format!("invalid value: {}, expected {exp}", describe(&unexp)),
        )
    }

    fn invalid_length(len: usize, exp: &dyn Expected) -> Self {
        Error::new(ErrorKind::Invalid, format!("invalid length {len}, expected {exp}"))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Error::new(
            ErrorKind::UnknownVariant {
                variant: variant.into(),
                expected,
            },
            format!("unknown variant `{variant}`, expected {}", one_of(expected)),
        )
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Error::new(
            ErrorKind::UnknownField {
                field: field.into(),
                expected,
            },
            format!("unknown field `{field}`, expected {}", one_of(expected)),
        )
    }

    fn missing_field(field: &'static str) -> Self {
        Error::new(ErrorKind::MissingField(field), format!("missing field `{field}`"))
    }

    fn duplicate_field(field: &'static str) -> Self {
        Error::new(ErrorKind::Invalid, format!("duplicate field `{field}`"))
    }
}

/// Reads a `T` from the whole of `text`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    let mut r = Reader::new(text);
    let value = T::deserialize(&mut r)?;
    r.end()?;
    Ok(value)
}

/// A number as written: its sign, its integer digits, and whether it has a fraction or exponent.
struct Number<'t> {
    text: &'t str,
    negative: bool,
    digits: &'t str,
    float: bool,
}

/// An integer as a visitor is given it.
enum Int {
    Unsigned(u64),
    Negative(i64),
}

/// Where each value of a JSON text starts, as a byte offset, by JSON path (`$`, `$.a`, `$.a[0]`,
/// `$["a b"]`), in the text's order. Keys are unescaped as the reader reads them. Indexing stops
/// at the first error: what a truncated or broken text has before it is kept.
pub fn value_starts(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    // An error only ends the walk; the starts found so far are the answer.
    let _ = Reader::new(text).starts("$".to_string(), &mut out);
    out
}

/// Where a string read last lies: in the text (no escapes) or, unescaped, in the scratch buffer.
#[derive(Clone, Copy)]
enum Str {
    Text(usize, usize),
    Scratch,
}

/// The reading position in a JSON text.
///
/// What serde's generic code calls (once per type) is a thin shell: it asks one of the
/// `#[inline(never)]` methods below for the next token, then calls the visitor, so the parser
/// itself exists once, not once per type.
pub struct Reader<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    depth: usize,
    scratch: String,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str) -> Self {
        Reader {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            depth: 0,
            scratch: String::new(),
        }
    }

    /// Only whitespace may follow the value.
    fn end(&mut self) -> Result<(), Error> {
        self.skip_ws();
        if self.pos < self.bytes.len() {
            return Err(Error::new(ErrorKind::Trailing, "trailing characters").at(self.pos));
        }
        Ok(())
    }

    fn skip_ws(&mut self) {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        self.pos += rest
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            .unwrap_or(rest.len());
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips whitespace to the start of a value; its first byte, or an error at the end of text.
    fn value_start(&mut self) -> Result<u8, Error> {
        self.skip_ws();
        self.peek().ok_or_else(|| self.eof("EOF while parsing a value"))
    }

    #[cold]
    fn syntax(&self, message: &str) -> Error {
        Error::new(ErrorKind::Syntax, message).at(self.pos)
    }

    #[cold]
    fn eof(&self, message: &str) -> Error {
        Error::new(ErrorKind::Eof, message).at(self.bytes.len())
    }

    /// A syntax error at the current byte, or the end of text if there is none.
    #[cold]
    fn unexpected_byte(&self, message: &str, at_end: &str) -> Error {
        if self.pos >= self.bytes.len() {
            self.eof(at_end)
        } else {
            self.syntax(message)
        }
    }

    /// The wrong type of value at the current position, for a visitor expecting `exp`.
    #[cold]
    #[inline(never)]
    fn wrong_type(&mut self, exp: &dyn Expected) -> Error {
        let start = self.pos;
        let what = match self.peek() {
            Some(b'{') => "map".to_string(),
            Some(b'[') => "sequence".to_string(),
            Some(b'"') => match self.string() {
                Ok(s) => format!("string {}", quoted(self.str_of(s))),
                Err(e) => return e,
            },
            // A literal is described only once it is one: `nonsense` is a syntax error.
            Some(b't') => match self.literal(b"true") {
                Ok(()) => "boolean `true`".to_string(),
                Err(e) => return e,
            },
            Some(b'f') => match self.literal(b"false") {
                Ok(()) => "boolean `false`".to_string(),
                Err(e) => return e,
            },
            Some(b'n') => match self.literal(b"null") {
                Ok(()) => "null".to_string(),
                Err(e) => return e,
            },
            Some(b'-' | b'0'..=b'9') => match self.number() {
                Ok(n) if n.float => format!("floating point `{}`", n.text),
                Ok(n) => format!("integer `{}`", n.text),
                Err(e) => return e,
            },
            _ => return self.unexpected_byte("expected value", "EOF while parsing a value"),
        };
        Error::type_mismatch(&what, exp).at(start)
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), Error> {
        for &expected in word {
            match self.peek() {
                Some(b) if b == expected => self.pos += 1,
                _ => return Err(self.unexpected_byte("expected ident", "EOF while parsing a value")),
            }
        }
        Ok(())
    }

    fn str_of(&self, s: Str) -> &str {
        match s {
            Str::Text(start, end) => self.text.get(start..end).unwrap_or(""),
            Str::Scratch => &self.scratch,
        }
    }

    /// A string, the current byte being its opening quote.
    fn string(&mut self) -> Result<Str, Error> {
        self.pos += 1;
        let start = self.pos;
        self.plain_run();
        match self.peek() {
            Some(b'"') => {
                self.pos += 1;
                return Ok(Str::Text(start, self.pos - 1));
            }
            Some(b'\\') => {}
            Some(_) => return Err(self.control_character()),
            None => return Err(self.eof("EOF while parsing a string")),
        }
        self.scratch.clear();
        self.scratch.push_str(self.text.get(start..self.pos).unwrap_or(""));
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Str::Scratch);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let c = self.unicode_escape()?;
                            self.scratch.push(c);
                            continue;
                        }
                        _ => return Err(self.unexpected_byte("invalid escape", "EOF while parsing a string")),
                    };
                    self.scratch.push(c);
                    self.pos += 1;
                }
                Some(0..=0x1f) => return Err(self.control_character()),
                Some(_) => {
                    let run = self.pos;
                    self.plain_run();
                    let plain = self.text.get(run..self.pos).unwrap_or("");
                    self.scratch.push_str(plain);
                }
                None => return Err(self.eof("EOF while parsing a string")),
            }
        }
    }

    /// Moves past characters that stand for themselves in a string, to the next `"`, `\` or
    /// control character (all ASCII, so the run ends on a character boundary).
    fn plain_run(&mut self) {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        self.pos += rest
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            .unwrap_or(rest.len());
    }

    #[cold]
    fn control_character(&self) -> Error {
        self.syntax("control character (\\u0000-\\u001F) found while parsing a string")
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut v = 0;
        for _ in 0..4 {
            let digit = match self.peek() {
                Some(b) => char::from(b).to_digit(16),
                None => return Err(self.eof("unexpected end of hex escape")),
            };
            v = v << 4 | digit.ok_or_else(|| self.syntax("invalid escape"))?;
            self.pos += 1;
        }
        Ok(v)
    }

    /// The character of a `\u` escape (after the `u`), joining a surrogate pair.
    fn unicode_escape(&mut self) -> Result<char, Error> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                    return Err(self.syntax("lone leading surrogate in hex escape"));
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.syntax("lone leading surrogate in hex escape"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            code => code,
        };
        char::from_u32(code).ok_or_else(|| self.syntax("invalid unicode code point"))
    }

    /// A number, checked against the JSON grammar.
    fn number(&mut self) -> Result<Number<'t>, Error> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let int_start = self.pos;
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.unexpected_byte("invalid number", "EOF while parsing a value")),
        }
        let int_end = self.pos;
        let mut float = false;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.one_or_more_digits()?;
            float = true;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.one_or_more_digits()?;
            float = true;
        }
        Ok(Number {
            text: self.text.get(start..self.pos).unwrap_or(""),
            negative,
            digits: self.text.get(int_start..int_end).unwrap_or(""),
            float,
        })
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    fn one_or_more_digits(&mut self) -> Result<(), Error> {
        match self.peek() {
            Some(b'0'..=b'9') => {
                self.digits();
                Ok(())
            }
            _ => Err(self.unexpected_byte("invalid number", "EOF while parsing a value")),
        }
    }

    // The tokens serde's generic code asks for. Each returns where its value starts, to place an
    // error a visitor raises without knowing where it is.

    #[inline(never)]
    fn bool_value(&mut self, exp: &dyn Expected) -> Result<(bool, usize), Error> {
        let start = self.pos;
        let value = match self.value_start()? {
            b't' => true,
            b'f' => false,
            _ => return Err(self.wrong_type(exp)),
        };
        self.literal(if value { b"true" } else { b"false" })?;
        Ok((value, start))
    }

    /// An integer; a number with a fraction or exponent is the wrong type.
    #[inline(never)]
    fn integer_value(&mut self, exp: &dyn Expected) -> Result<(Int, usize), Error> {
        if !matches!(self.value_start()?, b'-' | b'0'..=b'9') {
            return Err(self.wrong_type(exp));
        }
        let start = self.pos;
        let n = self.number()?;
        if n.float {
            self.pos = start;
            return Err(self.wrong_type(exp));
        }
        let out_of_range = || Error::new(ErrorKind::Invalid, "number out of range").at(start);
        let magnitude: u64 = n.digits.parse().map_err(|_| out_of_range())?;
        let int = if n.negative {
            Int::Negative(0i64.checked_sub_unsigned(magnitude).ok_or_else(out_of_range)?)
        } else {
            Int::Unsigned(magnitude)
        };
        Ok((int, start))
    }

    #[inline(never)]
    fn str_value(&mut self, exp: &dyn Expected) -> Result<(&str, usize), Error> {
        if self.value_start()? != b'"' {
            return Err(self.wrong_type(exp));
        }
        let start = self.pos;
        let s = self.string()?;
        Ok((self.str_of(s), start))
    }

    /// Whether the value is `null` (and if so, moves past it).
    #[inline(never)]
    fn null(&mut self) -> Result<bool, Error> {
        if self.value_start()? != b'n' {
            return Ok(false);
        }
        self.literal(b"null")?;
        Ok(true)
    }

    #[inline(never)]
    fn null_value(&mut self, exp: &dyn Expected) -> Result<(), Error> {
        if self.null()? {
            Ok(())
        } else {
            Err(self.wrong_type(exp))
        }
    }

    /// Moves into an object or array (`bracket`); where it starts.
    #[inline(never)]
    fn open(&mut self, bracket: u8, exp: &dyn Expected) -> Result<usize, Error> {
        if self.value_start()? != bracket {
            return Err(self.wrong_type(exp));
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.syntax("recursion limit exceeded"));
        }
        let start = self.pos;
        self.pos += 1;
        Ok(start)
    }

    /// Checks that a visitor read the object or array opened at `depth` to its end.
    #[inline(never)]
    fn closed(&self, depth: usize) -> Result<(), Error> {
        if self.depth < depth {
            Ok(())
        } else {
            Err(self.syntax("the value was not read to its end"))
        }
    }

    /// The next member's key (and where it starts), or `None` after the closing `}`.
    #[inline(never)]
    fn member(&mut self, first: bool) -> Result<Option<(&str, usize)>, Error> {
        self.skip_ws();
        match self.peek() {
            Some(b'}') => {
                self.pos += 1;
                self.depth -= 1;
                return Ok(None);
            }
            Some(b',') if !first => {
                self.pos += 1;
                self.skip_ws();
                if self.peek() == Some(b'}') {
                    return Err(self.syntax("trailing comma"));
                }
            }
            _ if first => {}
            _ => return Err(self.unexpected_byte("expected `,` or `}`", "EOF while parsing an object")),
        }
        if self.peek() != Some(b'"') {
            return Err(self.unexpected_byte("key must be a string", "EOF while parsing an object"));
        }
        let at = self.pos;
        let key = self.string()?;
        self.colon()?;
        Ok(Some((self.str_of(key), at)))
    }

    /// Whether there is a next element (moving to it), or not (after the closing `]`).
    #[inline(never)]
    fn element(&mut self, index: usize) -> Result<bool, Error> {
        self.skip_ws();
        match self.peek() {
            Some(b']') => {
                self.pos += 1;
                self.depth -= 1;
                Ok(false)
            }
            Some(b',') if index > 0 => {
                self.pos += 1;
                self.skip_ws();
                if self.peek() == Some(b']') {
                    return Err(self.syntax("trailing comma"));
                }
                Ok(true)
            }
            Some(_) if index == 0 => Ok(true),
            _ => Err(self.unexpected_byte("expected `,` or `]`", "EOF while parsing a list")),
        }
    }

    /// Names the member whose key starts at `at` in the path of an error from inside it.
    #[cold]
    #[inline(never)]
    fn in_member(&self, e: Error, at: usize) -> Error {
        let mut r = Reader::new(self.text);
        r.pos = at;
        let key = match r.string() {
            Ok(k) => r.str_of(k).to_string(),
            Err(_) => String::new(),
        };
        e.at_least(at).inside(Segment::Key(key))
    }

    fn colon(&mut self) -> Result<(), Error> {
        self.skip_ws();
        if self.peek() == Some(b':') {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected_byte("expected `:`", "EOF while parsing an object"))
        }
    }

    /// Records where the value at `path` starts, and where each value inside it does.
    fn starts(&mut self, path: String, out: &mut Vec<(String, usize)>) -> Result<(), Error> {
        let first = self.value_start()?;
        out.push((path.clone(), self.pos));
        match first {
            b'{' => {
                self.open(b'{', &"an object")?;
                let mut first = true;
                while let Some((key, _)) = self.member(first)? {
                    first = false;
                    let inner = super::member_path(&path, key);
                    self.starts(inner, out)?;
                }
                Ok(())
            }
            b'[' => {
                self.open(b'[', &"an array")?;
                let mut index = 0;
                while self.element(index)? {
                    self.starts(format!("{path}[{index}]"), out)?;
                    index += 1;
                }
                Ok(())
            }
            _ => self.skip(),
        }
    }

    /// Skips one value of any kind.
    fn skip(&mut self) -> Result<(), Error> {
        match self.value_start()? {
            b'{' => {
                self.open(b'{', &"an object")?;
                let mut first = true;
                while self.member(first)?.is_some() {
                    first = false;
                    self.skip()?;
                }
                Ok(())
            }
            b'[' => {
                self.open(b'[', &"an array")?;
                let mut index = 0;
                while self.element(index)? {
                    index += 1;
                    self.skip()?;
                }
                Ok(())
            }
            b'"' => self.string().map(drop),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            _ => self.number().map(drop),
        }
    }

    fn object<V: Visitor<'t>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        let start = self.open(b'{', &visitor)?;
        let depth = self.depth;
        let members = Members {
            r: &mut *self,
            first: true,
            key_at: 0,
        };
        let value = visitor.visit_map(members).map_err(|e: Error| e.at_least(start))?;
        self.closed(depth)?;
        Ok(value)
    }

    fn array<V: Visitor<'t>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        let start = self.open(b'[', &visitor)?;
        let depth = self.depth;
        let elements = Elements {
            r: &mut *self,
            index: 0,
        };
        let value = visitor.visit_seq(elements).map_err(|e: Error| e.at_least(start))?;
        self.closed(depth)?;
        Ok(value)
    }

    /// Reads an array of `len` elements into a tuple, whose visitor stops after the last one
    /// it wants: the array must end there.
    fn tuple<V: Visitor<'t>>(&mut self, len: usize, visitor: V) -> Result<V::Value, Error> {
        let start = self.open(b'[', &visitor)?;
        let depth = self.depth;
        let elements = Elements {
            r: &mut *self,
            index: 0,
        };
        let value = visitor.visit_seq(elements).map_err(|e: Error| e.at_least(start))?;
        if self.depth >= depth && self.element(len)? {
            return Err(self.syntax("the array has more elements than expected"));
        }
        self.closed(depth)?;
        Ok(value)
    }
}

/// `deserialize_*` methods that each read as `$to` does (every integer as `i64`, which visits
/// an unsigned one as `u64`), as serde's `forward_to_deserialize_any!` forwards to
/// `deserialize_any`.
macro_rules! forward_to {
    ($to:ident: $($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.$to(visitor)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value_start()? {
            b'{' => self.object(visitor),
            b'[' => self.array(visitor),
            b'"' => self.deserialize_str(visitor),
            b't' | b'f' => self.deserialize_bool(visitor),
            b'n' => self.deserialize_unit(visitor),
            _ => self.deserialize_i64(visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let (value, start) = self.bool_value(&visitor)?;
        visitor.visit_bool(value).map_err(|e: Error| e.at_least(start))
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let (int, start) = self.integer_value(&visitor)?;
        match int {
            Int::Unsigned(u) => visitor.visit_u64(u),
            Int::Negative(i) => visitor.visit_i64(i),
        }
        .map_err(|e: Error| e.at_least(start))
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let (s, start) = self.str_value(&visitor)?;
        visitor.visit_str(s).map_err(|e: Error| e.at_least(start))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.null()? {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.null_value(&visitor)?;
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.array(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        self.tuple(len, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.array(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.object(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.object(visitor)
    }

    /// Enums are their variant's name as a string (unit variants: all this crate's enums).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let (name, start) = self.str_value(&visitor)?;
        visitor
            .visit_enum(UnitVariant(name))
            .map_err(|e: Error| e.at_least(start))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.skip()?;
        visitor.visit_unit()
    }

    forward_to!(deserialize_i64: deserialize_i8 deserialize_i16 deserialize_i32 deserialize_u8 deserialize_u16
        deserialize_u32 deserialize_u64);
    forward_to!(deserialize_str: deserialize_string deserialize_identifier);

    serde::forward_to_deserialize_any! {
        i128 u128 f32 f64 char bytes byte_buf
    }
}

/// The members of an object, for `visit_map`.
struct Members<'a, 't> {
    r: &'a mut Reader<'t>,
    first: bool,
    /// Where the key of the member whose value is next starts, to name it if the value fails.
    key_at: usize,
}

impl<'de> de::MapAccess<'de> for Members<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let first = core::mem::replace(&mut self.first, false);
        let Some((key, at)) = self.r.member(first)? else {
            return Ok(None);
        };
        self.key_at = at;
        match seed.deserialize(Key(key)) {
            Ok(k) => Ok(Some(k)),
            Err(e) => Err(self.r.in_member(e, at)),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match seed.deserialize(&mut *self.r) {
            Ok(v) => Ok(v),
            Err(e) => Err(self.r.in_member(e, self.key_at)),
        }
    }
}

/// The elements of an array, for `visit_seq`.
struct Elements<'a, 't> {
    r: &'a mut Reader<'t>,
    index: usize,
}

impl<'de> de::SeqAccess<'de> for Elements<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        if !self.r.element(self.index)? {
            return Ok(None);
        }
        let i = self.index;
        self.index += 1;
        match seed.deserialize(&mut *self.r) {
            Ok(v) => Ok(Some(v)),
            Err(e) => Err(e.inside(Segment::Index(i))),
        }
    }
}

/// An object key, or an enum's variant name: a string and nothing else.
struct Key<'k>(&'k str);

impl<'de> de::Deserializer<'de> for Key<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(self.0)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// An enum written as its variant's name.
struct UnitVariant<'k>(&'k str);

impl<'de, 'k> de::EnumAccess<'de> for UnitVariant<'k> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        Ok((seed.deserialize(Key(self.0))?, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariant<'_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _: T) -> Result<T::Value, Error> {
        Err(de::Error::invalid_type(
            Unexpected::UnitVariant,
            &"a variant with content",
        ))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Error> {
        Err(de::Error::invalid_type(Unexpected::UnitVariant, &"a tuple variant"))
    }

    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], _: V) -> Result<V::Value, Error> {
        Err(de::Error::invalid_type(Unexpected::UnitVariant, &"a struct variant"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeMap;

    use crate::eval::Context;
    use crate::policy::Policy;

    fn err<T: DeserializeOwned + fmt::Debug>(text: &str) -> (ErrorKind, String, (usize, usize), String) {
        let e = from_str::<T>(text).unwrap_err();
        (e.kind().clone(), e.path(), e.position(text), e.message().to_string())
    }

    #[test]
    fn reads_the_seed_as_serde_json_does() {
        let text = include_str!("../../policies/seed.json");
        let ours: Policy = from_str(text).unwrap();
        let theirs: Policy = serde_json::from_str(text).unwrap();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn reads_strings_numbers_and_literals() {
        let v: Vec<String> = from_str(r#"["plain", "a\"b\\c\/d\b\f\n\r\t", "\u00e9\ud83d\ude00", "é中😀"]"#).unwrap();
        assert_eq!(v, ["plain", "a\"b\\c/d\u{8}\u{c}\n\r\t", "é😀", "é中😀"]);
        let n: Vec<i64> = from_str(" [0, -0, 12, -9223372036854775808, 9223372036854775807] ").unwrap();
        assert_eq!(n, [0, 0, 12, i64::MIN, i64::MAX]);
        let big: u64 = from_str("18446744073709551615").unwrap();
        assert_eq!(big, u64::MAX);
        let o: Vec<Option<bool>> = from_str("[true,false,null]").unwrap();
        assert_eq!(o, [Some(true), Some(false), None]);
        let m: BTreeMap<String, u8> = from_str("{}").unwrap();
        assert!(m.is_empty());
        let e: Vec<u8> = from_str("[ ]").unwrap();
        assert!(e.is_empty());
    }

    #[test]
    fn syntax_errors_name_the_line_and_column() {
        use ErrorKind::*;
        let cases: [(&str, ErrorKind, (usize, usize)); 14] = [
            ("{\n  \"id\": \"x\",\n  \"version\": ,\n}", Syntax, (3, 14)),
            ("", Eof, (1, 1)),
            ("{", Eof, (1, 2)),
            ("[1,", Eof, (1, 4)),
            ("\"abc", Eof, (1, 5)),
            ("{\"a\":1,}", Syntax, (1, 8)),
            ("[1,]", Syntax, (1, 4)),
            ("[1 2]", Syntax, (1, 4)),
            ("{\"a\" 1}", Syntax, (1, 6)),
            ("{a:1}", Syntax, (1, 2)),
            ("[tru]", Syntax, (1, 5)),
            ("\"a\tb\"", Syntax, (1, 3)),
            ("\"\\x\"", Syntax, (1, 3)),
            ("\"\\ud800x\"", Syntax, (1, 8)),
        ];
        for (text, kind, at) in cases {
            let (k, _, pos, _) = err::<serde::de::IgnoredAny>(text);
            assert_eq!((k, pos), (kind, at), "{text:?}");
        }
        assert_eq!(err::<Vec<u8>>("[1] x").0, Trailing);
        // Not JSON where a value of the wrong type would be: a syntax error, not a type error.
        for text in ["not json", "tru", "nul", "-", "\"abc", "@"] {
            assert!(matches!(err::<Context>(text).0, Syntax | Eof), "{text}");
        }
        assert_eq!(err::<Context>("null").0, Type { object: true });
        assert_eq!(err::<Vec<u8>>("[-]").0, Syntax);
        assert_eq!(err::<Vec<u8>>("[1.]").0, Syntax);
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(err::<serde::de::IgnoredAny>(&deep).3, "recursion limit exceeded");
    }

    /// A map that names a key twice is refused by both readers alike, at the same place: which
    /// value counts would be a guess (`{"marketing": false, "marketing": true}`).
    #[test]
    fn a_map_key_given_twice_is_refused() {
        let text = r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"DE","consents":{
 "marketing":{"state":"ConsentRefused","time":"2026-11-01T00:00:00Z","policyVersion":"1.0.0"},
 "marketing":{"state":"ConsentGiven","time":"2026-11-01T00:00:00Z","policyVersion":"1.0.0"}}}"#;
        let (kind, path, pos, msg) = err::<Context>(text);
        assert_eq!((kind, msg.as_str()), (ErrorKind::Invalid, "duplicate key `marketing`"));
        let ours = crate::json::read_str::<Context>(text).unwrap_err();
        assert_eq!(
            (ours.kind().clone(), ours.path(), ours.position(text), ours.message()),
            (ErrorKind::Invalid, path, pos, msg.as_str())
        );
    }

    #[test]
    fn data_errors_name_the_path_of_the_value() {
        let ctx = |t: &str| err::<Context>(t);
        let (kind, path, pos, msg) = ctx("{\"now\":\"x\",\n \"jurisdiction\":\"DE\",\n \"gcp\":true}");
        assert_eq!(
            (kind, path.as_str(), pos),
            (
                ErrorKind::UnknownField {
                    field: "gcp".into(),
                    expected: &[
                        "now",
                        "jurisdiction",
                        "age",
                        "ageBand",
                        "ageBandIn",
                        "gpc",
                        "consents",
                        "seenPolicyVersion",
                        "locale"
                    ]
                },
                "$.gcp",
                (3, 2)
            )
        );
        assert!(
            msg.starts_with("unknown field `gcp`, expected one of `now`, `jurisdiction`"),
            "{msg}"
        );
        let c = r#"{"now":"x","jurisdiction":"DE","consents":{"a b":{"state":"Yes","time":"t","policyVersion":"1"}}}"#;
        let (kind, path, pos, _) = ctx(c);
        assert!(matches!(kind, ErrorKind::UnknownVariant { .. }));
        assert_eq!((path.as_str(), pos), ("$.consents[\"a b\"].state", (1, 59)));
        let (kind, path, _, _) = ctx(r#"{"now":"x","jurisdiction":"DE","consents":{"a":{"state":"ConsentGiven"}}}"#);
        assert_eq!((kind, path.as_str()), (ErrorKind::MissingField("time"), "$.consents.a"));
        let (kind, path, _, msg) = ctx(r#"{"now":"x","jurisdiction":"DE","age":1.5e1}"#);
        assert_eq!((kind, path.as_str()), (ErrorKind::Type { object: false }, "$.age"));
        assert_eq!(msg, "invalid type: floating point `1.5e1`, expected u8");
        let (kind, _, _, msg) = ctx(r#"{"now":"x","jurisdiction":"DE","age":-3}"#);
        assert_eq!(
            (kind, msg.as_str()),
            (ErrorKind::Invalid, "invalid value: integer `-3`, expected u8")
        );
        let (kind, path, _, msg) = ctx(r#"[]"#);
        assert_eq!((kind, path.as_str()), (ErrorKind::Type { object: true }, "$"));
        assert_eq!(msg, "invalid type: sequence, expected struct Context");
        let (kind, _, _, msg) = ctx(r#"{"now":"x","now":"y"}"#);
        assert_eq!((kind, msg.as_str()), (ErrorKind::Invalid, "duplicate field `now`"));
        let (_, path, _, msg) = err::<Vec<Vec<String>>>(r#"[[], ["a", {"b": 1}]]"#);
        assert_eq!(
            (path.as_str(), msg.as_str()),
            ("$[1][1]", "invalid type: map, expected a string")
        );
        let (kind, _, _, _) = err::<u8>("99999999999999999999");
        assert_eq!(kind, ErrorKind::Invalid);
    }

    #[test]
    fn a_tuple_is_an_array_of_exactly_its_length() {
        let pair: (String, String) = from_str(r#"["a", "b"]"#).unwrap();
        assert_eq!(pair, ("a".to_string(), "b".to_string()));
        let pairs: Vec<(String, u8)> = from_str(r#"[["a", 1], ["b", 2]]"#).unwrap();
        assert_eq!(pairs.len(), 2);
        assert!(from_str::<(String, String)>(r#"["a", "b", "c"]"#).is_err());
        assert!(from_str::<(String, String)>(r#"["a"]"#).is_err());
        assert_eq!(
            from_str::<(String, String)>(r#"["a", "b""#).unwrap_err().kind(),
            &ErrorKind::Eof
        );
    }
}
