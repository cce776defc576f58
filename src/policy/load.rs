//! Loading a policy from JSON text: parse, type-check, validate, and place every problem.

use super::problem::{did_you_mean, Problem, Problems};
use super::span::{member_path, Position, SpanIndex};
use super::validate::validate;
use super::Policy;
use serde::Deserialize;

/// The largest policy text accepted (a hostile document cannot cost much).
pub const MAX_POLICY_BYTES: usize = 2 * 1024 * 1024;

/// Parses and validates a policy. On failure, every problem found, each with its JSON path,
/// line and column, message and (where one can be given) a fix.
pub fn load(text: &str) -> Result<Policy, Problems> {
    if text.len() > MAX_POLICY_BYTES {
        return Err(Problems(vec![Problem::at(
            "policy.too_large",
            "$",
            format!("the policy is {} bytes; the limit is {MAX_POLICY_BYTES}", text.len()),
        )
        .hint("split long texts or remove unused entries")]));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let policy = match Policy::deserialize(&mut de) {
        Ok(p) => p,
        Err(e) => return Err(Problems(vec![from_serde(text, &e)])),
    };
    if let Err(e) = de.end() {
        return Err(Problems(vec![Problem {
            code: "json.trailing",
            path: "$".into(),
            line: e.line(),
            column: e.column(),
            message: "there is more text after the policy document".into(),
            hint: Some("remove everything after the closing `}`".into()),
        }]));
    }
    let mut problems = validate(&policy);
    if problems.is_empty() {
        return Ok(policy);
    }
    let index = SpanIndex::new(text);
    for p in &mut problems {
        let (line, column) = index.locate(&p.path);
        p.line = line;
        p.column = column;
    }
    problems.sort_by_key(|p| (p.line, p.column));
    Err(Problems(problems))
}

/// Parses any JSON document (a context, a choice) with the same problem reporting as a policy:
/// a JSON path, line, column and a hint. Unknown fields are reported where the type denies them.
pub fn parse_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Problem> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(&mut de).map_err(|e| from_serde(text, &e))?;
    de.end().map_err(|e| Problem {
        code: "json.trailing",
        path: "$".into(),
        line: e.line(),
        column: e.column(),
        message: "there is more text after the JSON document".into(),
        hint: Some("remove everything after the closing `}`".into()),
    })?;
    Ok(value)
}

/// The names serde lists after "expected one of".
fn expected_names(msg: &str) -> Vec<&str> {
    msg.split_once("expected one of ")
        .map(|(_, rest)| rest.split(", ").map(|s| s.trim_matches('`')).collect())
        .unwrap_or_default()
}

fn quoted(msg: &str) -> Option<&str> {
    let start = msg.find('`')? + 1;
    let len = msg.get(start..)?.find('`')?;
    msg.get(start..start + len)
}

/// Where serde_json stopped, as a byte offset: its column counts the bytes consumed on the line.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = match line {
        0 | 1 => 0,
        n => text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .nth(n - 2)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    line_start + column
}

/// The path and position of the value a serde_json error is about, found from where it stopped
/// (no per-type tracking: the span index of the text is built only on this error path). serde_json
/// stops after the value it rejects (for a missing field, after the object's `}`), except before an
/// object or array it rejects whole. An unknown field is the member of the object it is in.
fn place(text: &str, e: &serde_json::Error, msg: &str) -> (String, Position) {
    let index = SpanIndex::new(text);
    let at = offset_of(text, e.line(), e.column());
    let unconsumed = msg.starts_with("invalid type: map") || msg.starts_with("invalid type: sequence");
    let found = if unconsumed {
        index.containing(at)
    } else {
        index.containing(at.saturating_sub(1))
    };
    let (path, value_at) = found.unwrap_or(("$", (e.line(), e.column())));
    if e.classify() != serde_json::error::Category::Data {
        return (path.to_string(), (e.line(), e.column()));
    }
    match quoted(msg).filter(|_| msg.starts_with("unknown field")) {
        Some(field) => {
            let path = member_path(path, field);
            let key_at = index.locate_key(&path).unwrap_or(value_at);
            (path, key_at)
        }
        None => (path.to_string(), value_at),
    }
}

fn from_serde(text: &str, inner: &serde_json::Error) -> Problem {
    let full = inner.to_string();
    // serde_json appends " at line L column C"; the position is reported separately.
    let msg = match full.rfind(" at line ") {
        Some(i) => full.get(..i).unwrap_or(&full).to_string(),
        None => full.clone(),
    };
    let (path, (line, column)) = place(text, inner, &msg);
    use serde_json::error::Category;
    let (code, hint) = match inner.classify() {
        Category::Syntax | Category::Io => ("json.syntax", Some("fix the JSON syntax at this position".to_string())),
        Category::Eof => (
            "json.eof",
            Some("the text ends early: close every object, array and string".to_string()),
        ),
        Category::Data if msg.starts_with("unknown field") => (
            "schema.unknown_field",
            quoted(&msg)
                .and_then(|w| did_you_mean(w, expected_names(&msg)))
                .or_else(|| Some("remove the field; unknown fields are not allowed".into())),
        ),
        Category::Data if msg.starts_with("unknown variant") => (
            "schema.unknown_variant",
            quoted(&msg).and_then(|w| did_you_mean(w, expected_names(&msg))),
        ),
        Category::Data if msg.starts_with("missing field") => (
            "schema.missing_field",
            quoted(&msg).map(|f| format!("add `{f}`; see policies/policy.schema.json")),
        ),
        Category::Data if msg.contains("expected struct") => (
            "schema.type",
            Some("pass a JSON object with the fields the schema names".to_string()),
        ),
        Category::Data if msg.starts_with("invalid type") => (
            "schema.type",
            Some("use a value of the type after `expected`; see policies/policy.schema.json".to_string()),
        ),
        Category::Data => (
            "schema.invalid",
            Some("see policies/policy.schema.json for the allowed values".to_string()),
        ),
    };
    Problem {
        code,
        path,
        line,
        column,
        message: msg,
        hint,
    }
}
