//! Where each value of a JSON text starts, by JSON path, so a problem found on the typed model can
//! be reported at a line and column of the author's file. Built only when there is a problem.

use crate::prelude::*;
use crate::sorted_map::SortedMap;

/// Line and column (1-based, columns in characters).
pub type Position = (usize, usize);

/// The position of every value of a JSON text, by path.
#[derive(Debug, Default)]
pub struct SpanIndex {
    spans: SortedMap<Position>,
}

impl SpanIndex {
    /// Indexes a JSON text, with the crate's JSON reader. A text that is not valid JSON is indexed
    /// as far as it goes.
    pub fn new(text: &str) -> Self {
        let starts = crate::json::value_starts(text);
        // The starts come in the text's order, so one pass turns every offset into its place.
        let (mut position, mut at) = ((1, 1), 0);
        let mut spans = Vec::with_capacity(starts.len());
        for (path, offset) in starts {
            position = crate::text::advance(position, text.get(at..offset).unwrap_or_default());
            at = at.max(offset);
            spans.push((path, position));
        }
        SpanIndex {
            spans: SortedMap::new(spans),
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
            match p.rsplit_once(['.', '[']) {
                Some((parent, _)) if !parent.is_empty() => p = parent,
                _ => return (0, 0),
            }
        }
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
