//! Owner marks: the places `assent init` leaves for the site owner to answer, written into a
//! text as `<<owner: what to write>>`. A policy with marks is valid (the banner can show it while
//! the owner works), and `assent check` warns at each mark until none is left.

use super::Problem;
use crate::prelude::*;

/// How a mark opens: `<<owner: ` then the question, then [`MARK_CLOSE`].
pub const MARK_OPEN: &str = "<<owner:";
/// How a mark closes.
pub const MARK_CLOSE: &str = ">>";

/// A mark asking `question`, as it is written into a text.
pub fn mark(question: &str) -> String {
    format!("{MARK_OPEN} {question}{MARK_CLOSE}")
}

/// A warning for every mark left in the string values of a JSON text (a policy), at the mark's
/// own line and column, in the text's order. A text that is not JSON is searched as far as it
/// reads.
pub fn owner_marks(text: &str) -> Vec<Problem> {
    let mut found = Vec::new();
    let (mut position, mut at) = ((1, 1), 0);
    for (path, offset) in crate::json::value_starts(text) {
        let Some(token) = text.get(offset..).and_then(string_token) else {
            continue;
        };
        let mut searched = 0;
        while let Some(open) = token.get(searched..).and_then(|t| t.find(MARK_OPEN)) {
            let start = searched + open;
            let inner = token.get(start + MARK_OPEN.len()..).unwrap_or_default();
            let question = inner
                .find(MARK_CLOSE)
                .map_or(inner, |end| inner.get(..end).unwrap_or_default());
            let mark_at = offset + start;
            position = crate::text::advance(position, text.get(at..mark_at).unwrap_or_default());
            at = mark_at;
            let mut p = Problem::at(
                "policy.owner_mark",
                path.clone(),
                format!("left for the site owner to answer: {}", question.trim()),
            )
            .hint("replace the whole `<<owner: ...>>` with the answer; `assent check` warns until no mark is left");
            (p.line, p.column) = position;
            found.push(p);
            searched = start + MARK_OPEN.len();
        }
    }
    found
}

/// The JSON string token at the start of `text` (quotes included, escapes as written), or
/// `None` when `text` does not start with a string.
fn string_token(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    if bytes.first() != Some(&b'"') {
        return None;
    }
    let mut i = 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return text.get(..=i),
            _ => i += 1,
        }
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mark_is_a_warning_at_its_own_place() {
        let text = "{\n  \"a\": {\"en\": \"Write to <<owner: your postal address>>\",\n    \"zh-CN\": \"<<owner: 地址>> and <<owner: 电话>>\"},\n  \"n\": 3, \"b\": [\"plain\", \"x \\\" <<owner: y>>\"]\n}";
        let found = owner_marks(text);
        let got: Vec<(&str, usize, usize, &str)> = found
            .iter()
            .map(|p| (p.path.as_str(), p.line, p.column, p.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "$.a.en",
                    2,
                    25,
                    "left for the site owner to answer: your postal address"
                ),
                ("$.a.zh-CN", 3, 15, "left for the site owner to answer: 地址"),
                ("$.a.zh-CN", 3, 33, "left for the site owner to answer: 电话"),
                ("$.b[1]", 4, 32, "left for the site owner to answer: y"),
            ]
        );
        assert!(found.iter().all(|p| p.code == "policy.owner_mark" && p.hint.is_some()));
    }

    #[test]
    fn a_text_without_marks_or_not_json_has_none() {
        assert!(owner_marks("{\"a\": \"<<not a mark>>\", \"owner\": 1}").is_empty());
        assert!(owner_marks("not json <<owner: x>>").is_empty());
        assert_eq!(mark("the address"), "<<owner: the address>>");
    }
}
