//! Where each value of a JSON text starts, by JSON path, so a problem found on the typed model can
//! be reported at a line and column of the author's file. Built only when there is a problem.

use super::ids::SortedMap;
use crate::json::member_path;

/// Line and column (1-based, columns in characters).
pub type Position = (usize, usize);

/// The position of every value of a JSON text, by path.
#[derive(Debug, Default)]
pub struct SpanIndex {
    spans: SortedMap<Position>,
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
        s.value("$".to_string(), 0);
        SpanIndex {
            spans: SortedMap::new(s.spans),
        }
    }

    /// The position of the value at `path`, or of its nearest indexed ancestor; (0, 0) when
    /// nothing is indexed.
    pub fn locate(&self, path: &str) -> Position {
        let mut p = path;
        loop {
            if let Some(&at) = self.spans.get(p) {
                return at;
            }
            match p.rfind(['.', '[']) {
                Some(i) if i > 0 => p = p.get(..i).unwrap_or("$"),
                _ => return (0, 0),
            }
        }
    }
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    col: usize,
    spans: Vec<(String, Position)>,
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

    fn value(&mut self, path: String, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        self.spans.push((path.clone(), (self.line, self.col)));
        match self.peek() {
            Some(b'{') => {
                self.bump();
                loop {
                    self.skip_ws();
                    match self.peek() {
                        Some(b'"') => {
                            let key = self.string();
                            self.skip_ws();
                            if self.peek() == Some(b':') {
                                self.bump();
                            }
                            self.skip_ws();
                            self.value(member_path(&path, &key), depth + 1);
                            self.skip_ws();
                            if self.peek() == Some(b',') {
                                self.bump();
                            }
                        }
                        Some(b'}') => {
                            self.bump();
                            return;
                        }
                        _ => return,
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
                            return;
                        }
                        None => return,
                        Some(_) => {
                            let before = self.pos;
                            self.value(format!("{path}[{i}]"), depth + 1);
                            i += 1;
                            self.skip_ws();
                            if self.peek() == Some(b',') {
                                self.bump();
                            } else if self.pos == before {
                                return;
                            }
                        }
                    }
                }
            }
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while matches!(self.peek(), Some(c) if !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                {
                    self.bump();
                }
            }
            None => {}
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
    fn columns_count_characters_and_keys_are_unescaped() {
        let i = SpanIndex::new(r#"{"a\"b": "é", "\u00e9\ud83d\ude00": 2, "\n": 3, "é c": 4}"#);
        assert_eq!(i.locate("$[\"a\\\"b\"]"), (1, 10));
        assert_eq!(i.locate("$[\"é😀\"]"), (1, 37));
        assert_eq!(i.locate("$[\"\\n\"]"), (1, 46));
        assert_eq!(i.locate("$[\"é c\"]"), (1, 56));
    }

    #[test]
    fn survives_truncated_and_deep_input() {
        let _ = SpanIndex::new("{\"a\": [1, 2");
        let _ = SpanIndex::new("{\"a\": \"\\u12");
        let deep = "[".repeat(10_000);
        let _ = SpanIndex::new(&deep);
    }
}
