//! Loading a policy from JSON text: parse, type-check, validate, and place every problem.

use super::problem::{did_you_mean, Problem, Problems};
use super::span::SpanIndex;
use super::validate::validate;
use super::Policy;
use crate::json::{self, ErrorKind};
use crate::prelude::*;

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
    let policy: Policy = json::read_str(text).map_err(|e| Problems(vec![from_json(text, &e, "policy document")]))?;
    let problems = validate(&policy);
    if problems.is_empty() {
        return Ok(policy);
    }
    // Each at its line and column, sorted by place; at one place, in the order validate found them.
    let index = SpanIndex::new(text);
    let mut located: Vec<Problem> = problems
        .into_iter()
        .map(|mut p| {
            (p.line, p.column) = index.locate(&p.path);
            p
        })
        .collect();
    // The sort is stable: problems at one place keep validate's order.
    located.sort_by_key(|p| (p.line, p.column));
    Err(Problems(located))
}

/// Parses any JSON document (a context, a choice) with the same problem reporting as a policy:
/// a JSON path, line, column and a hint. Unknown fields are reported where the type denies them.
pub fn parse_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Problem> {
    json::from_str(text).map_err(|e| from_json(text, &e, "JSON document"))
}

/// [`parse_json`] for the types the crate reads with its own code ([`json::FromJson`]): the
/// visitor's context, and every document a page's module reads (the banner's configuration, what
/// it keeps in the browser, the answers it is sent), so that no serde visitor is linked there.
pub fn read_json<T: json::FromJson>(text: &str) -> Result<T, Problem> {
    json::read_str(text).map_err(|e| from_json(text, &e, "JSON document"))
}

/// The problem for an error of the JSON reader; `document` names what was read.
fn from_json(text: &str, e: &json::ReadError, document: &str) -> Problem {
    let schema_hint = |s: &str| Some(format!("{s}; see policies/policy.schema.json"));
    let (code, message, hint) = match e.kind() {
        ErrorKind::Syntax => ("json.syntax", None, Some("fix the JSON syntax at this position".into())),
        ErrorKind::Eof => (
            "json.eof",
            None,
            Some("the text ends early: close every object, array and string".into()),
        ),
        ErrorKind::Trailing => (
            "json.trailing",
            Some(format!("there is more text after the {document}")),
            Some("remove everything after the closing `}`".into()),
        ),
        ErrorKind::UnknownField { field, expected } => (
            "schema.unknown_field",
            None,
            did_you_mean(field, expected.iter().copied())
                .or_else(|| Some("remove the field; unknown fields are not allowed".into())),
        ),
        ErrorKind::UnknownVariant { variant, expected } => (
            "schema.unknown_variant",
            None,
            did_you_mean(variant, expected.iter().copied()),
        ),
        ErrorKind::MissingField(field) => ("schema.missing_field", None, schema_hint(&format!("add `{field}`"))),
        ErrorKind::Type { object: true } => (
            "schema.type",
            None,
            Some("pass a JSON object with the fields the schema names".into()),
        ),
        ErrorKind::Type { object: false } => (
            "schema.type",
            None,
            schema_hint("use a value of the type after `expected`"),
        ),
        ErrorKind::Invalid => (
            "schema.invalid",
            None,
            Some("see policies/policy.schema.json for the allowed values".into()),
        ),
    };
    let message = message.unwrap_or_else(|| e.message().to_string());
    Problem::of_reading(code, text, e, message, hint)
}
