//! The boundary in plain Rust: every function the Wasm package exports, taking and returning
//! JSON text, with one error shape. The Wasm layer only wraps these, so the boundary is tested
//! natively too, and the CLI prints exactly what the package returns.
//!
//! JSON text is the transport (read and written by [`crate::json`]); `evaluate` and `decide`
//! also have typed forms ([`Decides::evaluation`], [`Decides::decision`]), which the
//! Wasm layer turns into objects directly because that measured faster (see `src/wasm`).

// The error carries every problem; it is the cold path of a call made once per request.
#![allow(clippy::result_large_err)]

use crate::prelude::*;

pub(crate) use crate::error::to_json;
pub use crate::error::{ApiError, ErrorKind};
#[cfg(feature = "std")]
pub use crate::loaded::compile;
use crate::loaded::read_context;
pub use crate::loaded::{Decides, LoadedCompiled, LoadedPolicy, MAX_CONTEXT_BYTES};

/// `diff(old, new)`: what changed between two versions of one policy, and the plan for
/// announcing the new one, as JSON `{diff, plan}` (see [`crate::changes`]). A comparison that
/// is refused (`diff.different_policy`, `diff.version_order`) is an error like any other.
pub fn diff_json(old: &str, new: &str) -> Result<String, ApiError> {
    let old = LoadedPolicy::load(old)?;
    let new = LoadedPolicy::load(new)?;
    to_json(&crate::changes::report(old.engine().policy(), new.engine().policy())?)
}

/// `policy.diff(newer)`: the same, for two loaded policies.
pub fn diff_loaded(old: &LoadedPolicy, new: &LoadedPolicy) -> Result<String, ApiError> {
    to_json(&crate::changes::report(old.engine().policy(), new.engine().policy())?)
}

impl LoadedPolicy {
    /// `policy.changesTo(newer)`: what changed from this version to `newer`, a later version a
    /// reader asked to compare it with ([`crate::changes::between`]), as JSON `{diff, plan}`.
    pub fn changes_to_json(&self, newer: &LoadedPolicy) -> Result<String, ApiError> {
        to_json(&crate::changes::between(
            self.engine().policy(),
            newer.engine().policy(),
        )?)
    }

    /// `policy.changesPage(newer, locale)`: the same changes as a page for a person, in the
    /// language of the best locale of `newer` for `locale` ([`crate::changes::page`]).
    #[cfg(feature = "std")]
    pub fn changes_page_json(&self, newer: &LoadedPolicy, locale: Option<&str>) -> Result<String, ApiError> {
        let report = crate::changes::between(self.engine().policy(), newer.engine().policy())?;
        let lang = crate::changes::page_lang(newer.engine().locale_for(locale));
        let texts = newer.texts(Some(lang.tag()));
        to_json(&crate::changes::page(&report, &texts, lang))
    }
}

#[cfg(feature = "std")]
pub mod banner;
pub mod bodies;
// Both verify the edge's signed statements synchronously, with Ed25519 in Rust.
#[cfg(all(feature = "std", feature = "ed25519"))]
pub mod credential;
#[cfg(feature = "std")]
pub mod events;
pub mod guardian;
#[cfg(all(feature = "std", feature = "ed25519"))]
pub mod log;
#[cfg(feature = "std")]
pub mod receipts;
pub mod visitor;

/// [`compile`] as JSON: `{core: {name, json}, texts: [{name, locale, json}]}`.
#[cfg(feature = "std")]
pub fn compile_json(text: &str) -> Result<String, ApiError> {
    to_json(&compile(text)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Problem;

    fn seed() -> LoadedPolicy {
        LoadedPolicy::load(include_str!("../policies/seed.json")).unwrap()
    }

    #[test]
    fn every_error_carries_the_kind_the_engine_gives_its_code() {
        let p = seed();
        let kind = |e: ApiError| (e.code, e.kind);
        // A context the engine cannot read: the caller's input.
        assert_eq!(
            kind(p.evaluate_json(r#"{"now":"soon","jurisdiction":"DE"}"#).unwrap_err()),
            ("context.invalid_time".into(), ErrorKind::Invalid)
        );
        // A choice the policy does not offer: readable, but refused.
        let essential = r#"{"subject":"s-visitor-1","jurisdiction":"DE","locale":"en",
            "purposes":[{"purpose":"essential","state":"ConsentRefused"}],"collectionMethod":"api"}"#;
        let refused = p.check_choice_json(r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"DE"}"#, essential);
        assert_eq!(
            kind(refused.unwrap_err()),
            ("choice.essential".into(), ErrorKind::Unprocessable)
        );
        // The deployment's own settings, and a shard that is not there.
        assert_eq!(
            kind(log::shard_of("s-1", "short", 4).unwrap_err()).1,
            ErrorKind::Misconfigured
        );
        assert_eq!(
            kind(log::shard_of("s-1", &"k".repeat(32), 0).unwrap_err()),
            ("log.shard_count".into(), ErrorKind::Misconfigured)
        );
        assert_eq!(
            kind(visitor::jurisdiction_json(r#"{"fallback":"nowhere"}"#).unwrap_err()).1,
            ErrorKind::Misconfigured
        );
        // Each family's kind, and the codes named apart from their family's.
        for (code, expected) in [
            ("guardian.invalid_transition", ErrorKind::Conflict),
            ("guardian.not_needed", ErrorKind::Conflict),
            ("guardian.purpose_not_asked", ErrorKind::Unprocessable),
            ("choice.not_offered", ErrorKind::Unprocessable),
            ("log.unknown_shard", ErrorKind::NotFound),
            ("log.bad_salt", ErrorKind::Invalid),
            ("internal.json", ErrorKind::Internal),
            ("internal", ErrorKind::Internal),
            ("jurisdiction.law", ErrorKind::Invalid),
            ("input.type", ErrorKind::Invalid),
        ] {
            assert_eq!(ApiError::from(Problem::at(code, "$", "")).kind, expected, "{code}");
        }
        // The kind is in the error's JSON, beside its code.
        let text = ApiError::from(Problem::at("guardian.not_needed", "$", "")).to_json();
        assert!(text.contains(r#""kind":"conflict""#), "{text}");
    }

    #[test]
    fn diff_json_reports_or_refuses() {
        let (v1, v11) = (
            include_str!("../policies/seed.json"),
            include_str!("../policies/versions/seed-1.1.0.json"),
        );
        let v: serde_json::Value = serde_json::from_str(&diff_json(v1, v11).unwrap()).unwrap();
        assert_eq!(v["plan"]["reconsent"][0], "advertising");
        assert_eq!(v["diff"]["changes"][0]["majorBecause"], "recipients");
        assert_eq!(diff_json(v11, v1).unwrap_err().code, "diff.version_order");
        assert_eq!(diff_json("{", v1).unwrap_err().code, "json.eof");
    }
}
