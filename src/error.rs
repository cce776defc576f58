//! The crate's one error shape: every problem found, the first one's fields lifted out, and the
//! kind of failure it is. The core's calls return it, and the boundary ([`crate::api`]) passes it
//! on as JSON.

// The error carries every problem; it is the cold path of a call made once per request.
#![allow(clippy::result_large_err)]

use crate::prelude::*;
use serde::Serialize;

use crate::json::ToJson;
use crate::policy::{Problem, Problems};

/// What kind of failure an error is: what a caller does about it without reading its code. The
/// edge answers each kind with one HTTP status (docs/edge.md); which code is of which kind is
/// the engine's alone ([`ErrorKind::of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The input is malformed, or not what the call takes: a policy, a context, an argument.
    Invalid,
    /// Well-formed, but the policy does not allow it: a choice this visitor is not offered, a
    /// purpose a guardian is not asked about.
    Unprocessable,
    /// What it acts on is not in a state that allows it: a guardian request expired, already
    /// decided or not yet verified; a child who needs no guardian.
    Conflict,
    /// What it names does not exist.
    NotFound,
    /// What it names existed and is gone for good (an erased receipt).
    Gone,
    /// The deployment's own settings are wrong (its log shards, its default jurisdiction): the
    /// operator's to fix, not the caller's.
    Misconfigured,
    /// The engine itself failed.
    Internal,
}

impl ErrorKind {
    /// The kind of the errors of `code`: its family (the part before the first dot) decides,
    /// except for the few codes named here.
    pub fn of(code: &str) -> ErrorKind {
        let (family, name) = code.split_once('.').unwrap_or((code, ""));
        match (family, name) {
            ("internal", _) => ErrorKind::Internal,
            ("log", "shard_count" | "shard_key") | ("jurisdiction", "invalid_default") | ("policy", "owner_mark") => {
                ErrorKind::Misconfigured
            }
            ("choice", _)
            | (
                "guardian",
                "purpose_not_asked"
                | "method_not_offered"
                | "method_unavailable"
                | "verification_failed"
                | "child_chooses",
            ) => ErrorKind::Unprocessable,
            ("guardian", _) | ("device", "lock_stricter") => ErrorKind::Conflict,
            ("log", "unknown_shard") => ErrorKind::NotFound,
            _ => ErrorKind::Invalid,
        }
    }
}

/// The one error shape at the boundary: the first problem's fields, and all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    /// A stable code (`policy.dangling_reference`, `context.invalid_time`, ...).
    pub code: String,
    /// What kind of failure the first problem is ([`ErrorKind::of`] its code).
    pub kind: ErrorKind,
    /// JSON path of the first problem.
    pub path: String,
    /// Its line (1-based; 0 when unknown).
    pub line: usize,
    /// Its column (1-based; 0 when unknown).
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// Every problem found (one or more).
    pub problems: Vec<Problem>,
}

impl From<Problems> for ApiError {
    fn from(Problems(problems): Problems) -> Self {
        let first = problems
            .first()
            .cloned()
            .unwrap_or_else(|| Problem::at("internal", "$", "unknown problem"));
        ApiError {
            code: first.code.to_string(),
            kind: ErrorKind::of(first.code),
            path: first.path,
            line: first.line,
            column: first.column,
            message: if problems.len() > 1 {
                format!(
                    "{} (and {} more problem{})",
                    first.message,
                    problems.len() - 1,
                    if problems.len() == 2 { "" } else { "s" }
                )
            } else {
                first.message
            },
            hint: first.hint,
            problems,
        }
    }
}

impl From<Problem> for ApiError {
    fn from(p: Problem) -> Self {
        ApiError::from(Problems(vec![p]))
    }
}

impl ApiError {
    /// The error as JSON text.
    pub fn to_json(&self) -> String {
        crate::json::to_string(self).unwrap_or_else(|_| format!("{{\"code\":\"{}\",\"message\":\"\"}}", self.code))
    }
}

/// `v` as JSON text; failing to write it is the engine's own error (`internal.serialize`).
pub(crate) fn to_json<T: Serialize>(v: &T) -> Result<String, ApiError> {
    crate::json::to_string(v).map_err(|e| ApiError::from(Problem::at("internal.serialize", "$", e.to_string())))
}
