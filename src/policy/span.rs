//! Where each value of a JSON text starts, by JSON path, so a problem found on the typed model
//! can be reported at a line and column of the author's file.

use std::collections::HashMap;

/// Line and column (1-based, columns in characters) of every value, keyed by JSON path.
#[derive(Debug, Default)]
pub struct SpanIndex {
    spans: HashMap<String, (usize, usize)>,
}

impl SpanIndex {
    /// Indexes a JSON text. A text that is not valid JSON is indexed as far as it goes.
    pub fn new(text: &str) -> Self {
        let mut s = Scanner {
            chars: text.chars().collect(),
            pos: 0,
            line: 1,
            col: 1,
            out: HashMap::new(),
        };
        s.skip_ws();
        s.value("$".to_string(), 0);
        SpanIndex { spans: s.out }
    }

    /// The position of the value at `path`, or of its nearest indexed ancestor.
    pub fn locate(&self, path: &str) -> (usize, usize) {
        let mut p = path;
        loop {
            if let Some(pos) = self.spans.get(p) {
                return *pos;
            }
            match p.rfind(['.', '[']) {
                Some(i) if i > 0 => p = p.get(..i).unwrap_or("$"),
                _ => return (0, 0),
            }
        }
    }
}

struct Scanner {
    chars: Vec<char>,
    pos: usize,
    line: usize,
    col: usize,
    out: HashMap<String, (usize, usize)>,
}

/// Deeper than this is not indexed (a hostile document cannot exhaust the stack).
const MAX_DEPTH: usize = 128;

impl Scanner {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.bump();
        }
    }

    fn value(&mut self, path: String, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        self.out.insert(path.clone(), (self.line, self.col));
        match self.peek() {
            Some('{') => {
                self.bump();
                loop {
                    self.skip_ws();
                    match self.peek() {
                        Some('"') => {
                            let key = self.string();
                            self.skip_ws();
                            if self.peek() == Some(':') {
                                self.bump();
                            }
                            self.skip_ws();
                            let child = if key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                                && !key.is_empty()
                            {
                                format!("{path}.{key}")
                            } else {
                                format!("{path}[{key:?}]")
                            };
                            self.value(child, depth + 1);
                            self.skip_ws();
                            if self.peek() == Some(',') {
                                self.bump();
                            }
                        }
                        Some('}') => {
                            self.bump();
                            return;
                        }
                        _ => return,
                    }
                }
            }
            Some('[') => {
                self.bump();
                let mut i = 0usize;
                loop {
                    self.skip_ws();
                    match self.peek() {
                        Some(']') => {
                            self.bump();
                            return;
                        }
                        None => return,
                        Some(_) => {
                            let before = self.pos;
                            self.value(format!("{path}[{i}]"), depth + 1);
                            i += 1;
                            self.skip_ws();
                            if self.peek() == Some(',') {
                                self.bump();
                            } else if self.pos == before {
                                return;
                            }
                        }
                    }
                }
            }
            Some('"') => {
                self.string();
            }
            Some(_) => {
                while matches!(self.peek(), Some(c) if !matches!(c, ',' | '}' | ']' | ' ' | '\t' | '\n' | '\r')) {
                    self.bump();
                }
            }
            None => {}
        }
    }

    fn string(&mut self) -> String {
        let mut s = String::new();
        self.bump();
        while let Some(c) = self.bump() {
            match c {
                '"' => break,
                '\\' => {
                    if let Some(e) = self.bump() {
                        s.push(e);
                    }
                }
                c => s.push(c),
            }
        }
        s
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
    fn survives_truncated_and_deep_input() {
        let _ = SpanIndex::new("{\"a\": [1, 2");
        let deep = "[".repeat(10_000);
        let _ = SpanIndex::new(&deep);
    }
}
