//! Where each value of a JSON text starts and ends, by JSON path, so a problem found on the typed
//! model, or an error serde_json reports at a byte position, can be reported by path, line and
//! column of the author's file. Built only when there is a problem to place.

use std::collections::HashMap;

/// Line and column (1-based, columns in characters).
pub type Position = (usize, usize);

/// One value of the text: its path, where it starts and ends (byte offsets, end exclusive), the
/// position of its first character and, for an object member, of its key.
#[derive(Debug)]
struct Span {
    path: String,
    start: usize,
    end: usize,
    at: Position,
    key_at: Option<Position>,
}

/// Every value of a JSON text, in document order (a value before the values inside it).
#[derive(Debug, Default)]
pub struct SpanIndex {
    spans: Vec<Span>,
    by_path: HashMap<String, usize>,
}

impl SpanIndex {
    /// Indexes a JSON text. A text that is not valid JSON is indexed as far as it goes.
    pub fn new(text: &str) -> Self {
        let mut s = Scanner {
            bytes: text.as_bytes(),
            pos: 0,
            line: 1,
            col: 1,
            spans: Vec::new(),
        };
        s.skip_ws();
        s.value("$".to_string(), None, 0);
        let by_path = s.spans.iter().enumerate().map(|(i, sp)| (sp.path.clone(), i)).collect();
        SpanIndex {
            spans: s.spans,
            by_path,
        }
    }

    /// The position of the value at `path`, or of its nearest indexed ancestor; (0, 0) when
    /// nothing is indexed.
    pub fn locate(&self, path: &str) -> Position {
        let mut p = path;
        loop {
            if let Some(sp) = self.by_path.get(p).and_then(|&i| self.spans.get(i)) {
                return sp.at;
            }
            match p.rfind(['.', '[']) {
                Some(i) if i > 0 => p = p.get(..i).unwrap_or("$"),
                _ => return (0, 0),
            }
        }
    }

    /// The position of the key of the object member at `path`.
    pub fn locate_key(&self, path: &str) -> Option<Position> {
        self.by_path
            .get(path)
            .and_then(|&i| self.spans.get(i))
            .and_then(|sp| sp.key_at)
    }

    /// The deepest value containing the byte at `offset` (a value missing after its key counts
    /// as covering the byte where it should start): its path and position.
    pub fn containing(&self, offset: usize) -> Option<(&str, Position)> {
        self.spans
            .iter()
            .rev()
            .find(|sp| sp.start <= offset && (offset < sp.end || offset == sp.start))
            .map(|sp| (sp.path.as_str(), sp.at))
    }
}

/// The path of an object member: `.key` for plain keys, `["key"]` for any other.
pub fn member_path(parent: &str, key: &str) -> String {
    if !key.is_empty() && key.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-') {
        format!("{parent}.{key}")
    } else {
        format!("{parent}[{key:?}]")
    }
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    col: usize,
    spans: Vec<Span>,
}

/// Deeper than this is not indexed (a hostile document cannot exhaust the stack).
const MAX_DEPTH: usize = 128;

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.pos += 1;
        if c == b'\n' {
            self.line += 1;
            self.col = 1;
        } else if c & 0xC0 != 0x80 {
            // Columns count characters: UTF-8 continuation bytes do not start one.
            self.col += 1;
        }
        Some(c)
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    fn value(&mut self, path: String, key_at: Option<Position>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let slot = self.spans.len();
        self.spans.push(Span {
            path,
            start: self.pos,
            end: self.pos,
            at: (self.line, self.col),
            key_at,
        });
        match self.peek() {
            Some(b'{') => {
                self.bump();
                loop {
                    self.skip_ws();
                    match self.peek() {
                        Some(b'"') => {
                            let key_at = (self.line, self.col);
                            let key = self.string();
                            self.skip_ws();
                            if self.peek() == Some(b':') {
                                self.bump();
                            }
                            self.skip_ws();
                            let parent = self.spans.get(slot).map(|s| s.path.as_str()).unwrap_or("$");
                            let child = member_path(parent, &key);
                            self.value(child, Some(key_at), depth + 1);
                            self.skip_ws();
                            if self.peek() == Some(b',') {
                                self.bump();
                            }
                        }
                        Some(b'}') => {
                            self.bump();
                            break;
                        }
                        _ => break,
                    }
                }
            }
            Some(b'[') => {
                self.bump();
                let mut i = 0usize;
                loop {
                    self.skip_ws();
                    match self.peek() {
                        Some(b']') => {
                            self.bump();
                            break;
                        }
                        None => break,
                        Some(_) => {
                            let before = self.pos;
                            let parent = self.spans.get(slot).map(|s| s.path.as_str()).unwrap_or("$");
                            let child = format!("{parent}[{i}]");
                            self.value(child, None, depth + 1);
                            i += 1;
                            self.skip_ws();
                            if self.peek() == Some(b',') {
                                self.bump();
                            } else if self.pos == before {
                                break;
                            }
                        }
                    }
                }
            }
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while matches!(self.peek(), Some(c) if !matches!(c, b',' | b'}' | b']' | b':' | b' ' | b'\t' | b'\n' | b'\r'))
                {
                    self.bump();
                }
            }
            None => {}
        }
        let end = self.pos;
        if let Some(sp) = self.spans.get_mut(slot) {
            sp.end = end;
        }
    }

    /// A string, unescaped (enough for keys: the simple escapes and `\uXXXX`, pairs included).
    fn string(&mut self) -> String {
        let mut s: Vec<u8> = Vec::new();
        let mut units: Vec<u16> = Vec::new();
        self.bump();
        while let Some(c) = self.bump() {
            if c == b'\\' && self.peek() == Some(b'u') {
                self.bump();
                let mut unit = 0u16;
                for _ in 0..4 {
                    let digit = self.bump().and_then(|d| char::from(d).to_digit(16)).unwrap_or(0);
                    unit = unit << 4 | digit as u16;
                }
                units.push(unit);
                continue;
            }
            if !units.is_empty() {
                s.extend(String::from_utf16_lossy(&units).bytes());
                units.clear();
            }
            match c {
                b'"' => break,
                b'\\' => match self.bump() {
                    Some(b'n') => s.push(b'\n'),
                    Some(b't') => s.push(b'\t'),
                    Some(b'r') => s.push(b'\r'),
                    Some(b'b') => s.push(8),
                    Some(b'f') => s.push(12),
                    Some(e) => s.push(e),
                    None => break,
                },
                c => s.push(c),
            }
        }
        s.extend(String::from_utf16_lossy(&units).bytes());
        String::from_utf8_lossy(&s).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_nested_values() {
        let t = "{\n  \"a\": [1,\n    {\"b\": \"x\"}],\n  \"c\": true\n}";
        let i = SpanIndex::new(t);
        assert_eq!(i.locate("$.a[1].b"), (3, 11));
        assert_eq!(i.locate("$.c"), (4, 8));
        assert_eq!(i.locate("$.a[1].missing"), (3, 5));
    }

    #[test]
    fn finds_the_deepest_value_at_a_byte() {
        let t = "{\"a\": [1, {\"b\": \"xé\"}], \"é c\": nul}";
        let i = SpanIndex::new(t);
        let at = |o: usize| i.containing(o).map(|(p, pos)| (p.to_string(), pos));
        // Inside "xé": the string; its key `b` is at column 12.
        let x = t.find("\"x").unwrap();
        assert_eq!(at(x + 1), Some(("$.a[1].b".into(), (1, 17))));
        assert_eq!(i.locate_key("$.a[1].b"), Some((1, 12)));
        // The brace that closes the inner object, and the space before `nul`'s key.
        assert_eq!(at(t.find('}').unwrap()).unwrap().0, "$.a[1]");
        assert_eq!(at(t.find(", \"é").unwrap() + 1).unwrap().0, "$");
        // A key that is not plain, and characters counted as one column each.
        assert_eq!(at(t.find("nul").unwrap() + 2), Some(("$[\"é c\"]".into(), (1, 32))));
        assert_eq!(i.locate_key("$[\"é c\"]"), Some((1, 25)));
        assert_eq!(i.containing(t.len() + 5).map(|s| s.0), None);
    }

    #[test]
    fn a_missing_value_covers_where_it_should_start() {
        let t = "{\n  \"v\": ,\n}";
        let i = SpanIndex::new(t);
        assert_eq!(i.containing(t.find(',').unwrap()).unwrap().0, "$.v");
    }

    #[test]
    fn keys_are_unescaped() {
        let i = SpanIndex::new(r#"{"a\"b": 1, "\u00e9\ud83d\ude00": 2, "\n": 3}"#);
        assert_eq!(i.locate("$[\"a\\\"b\"]"), (1, 10));
        assert_eq!(i.locate("$[\"é😀\"]"), (1, 35));
        assert_eq!(i.locate("$[\"\\n\"]"), (1, 44));
    }

    #[test]
    fn survives_truncated_and_deep_input() {
        let _ = SpanIndex::new("{\"a\": [1, 2");
        let _ = SpanIndex::new("{\"a\": \"\\u12");
        let deep = "[".repeat(10_000);
        let _ = SpanIndex::new(&deep);
    }
}
