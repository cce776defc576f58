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
use alloc::sync::Arc;
use serde::Serialize;

use crate::compiled::SourcePolicy;
use crate::eval::{Context, DecideOptions, Engine, Evaluation, Evaluator, PurposeDecision, Visitor};
use crate::json::ToJson;
use crate::policy::{self, Problem, Problems};

/// Largest context accepted, in bytes.
pub const MAX_CONTEXT_BYTES: usize = 256 * 1024;

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
            ("log", "shard_count" | "shard_key") | ("jurisdiction", "invalid_default") => ErrorKind::Misconfigured,
            ("choice", _)
            | ("guardian", "purpose_not_asked" | "method_not_offered" | "method_unavailable" | "verification_failed") => {
                ErrorKind::Unprocessable
            }
            ("guardian", _) => ErrorKind::Conflict,
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

pub(crate) fn to_json<T: Serialize>(v: &T) -> Result<String, ApiError> {
    crate::json::to_string(v).map_err(|e| ApiError::from(Problem::at("internal.serialize", "$", e.to_string())))
}

/// `diff(old, new)`: what changed between two versions of one policy, and the plan for
/// announcing the new one, as JSON `{diff, plan}` (see [`crate::changes`]). A comparison that
/// is refused (`diff.different_policy`, `diff.version_order`) is an error like any other.
pub fn diff_json(old: &str, new: &str) -> Result<String, ApiError> {
    let old = LoadedPolicy::load(old)?;
    let new = LoadedPolicy::load(new)?;
    to_json(&crate::changes::report(old.engine.policy(), new.engine.policy())?)
}

/// `policy.diff(newer)`: the same, for two loaded policies.
pub fn diff_loaded(old: &LoadedPolicy, new: &LoadedPolicy) -> Result<String, ApiError> {
    to_json(&crate::changes::report(old.engine.policy(), new.engine.policy())?)
}

impl LoadedPolicy {
    /// `policy.changesTo(newer)`: what changed from this version to `newer`, a later version a
    /// reader asked to compare it with ([`crate::changes::between`]), as JSON `{diff, plan}`.
    pub fn changes_to_json(&self, newer: &LoadedPolicy) -> Result<String, ApiError> {
        to_json(&crate::changes::between(self.engine.policy(), newer.engine.policy())?)
    }

    /// `policy.changesPage(newer, locale)`: the same changes as a page for a person, in the
    /// language of the best locale of `newer` for `locale` ([`crate::changes::page`]).
    #[cfg(feature = "std")]
    pub fn changes_page_json(&self, newer: &LoadedPolicy, locale: Option<&str>) -> Result<String, ApiError> {
        let report = crate::changes::between(self.engine.policy(), newer.engine.policy())?;
        let lang = crate::changes::page_lang(newer.engine.locale_for(locale));
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

/// A loaded, validated policy, ready to answer.
#[derive(Debug, Clone)]
pub struct LoadedPolicy {
    engine: Engine,
    /// The document as published: `toJSON` at the boundary returns it, and receipts name its hash.
    text: String,
    /// Receipts only, so the browser entry (which has no receipts) leaves it out.
    #[cfg(feature = "std")]
    doc: std::sync::OnceLock<crate::receipt::PolicyDoc>,
}

impl LoadedPolicy {
    /// Loads a policy from JSON text.
    pub fn load(text: &str) -> Result<LoadedPolicy, ApiError> {
        Ok(LoadedPolicy {
            engine: Engine::from_json(text)?,
            text: text.to_string(),
            #[cfg(feature = "std")]
            doc: std::sync::OnceLock::new(),
        })
    }

    /// The policy with the hash of its canonical JSON, computed on first use.
    #[cfg(feature = "std")]
    pub fn doc(&self) -> Result<&crate::receipt::PolicyDoc, ApiError> {
        if let Some(d) = self.doc.get() {
            return Ok(d);
        }
        let d = crate::receipt::PolicyDoc::from_json(&self.text)?;
        Ok(self.doc.get_or_init(|| d))
    }

    /// The policy as receipts name it: id, version and the hash of its canonical JSON.
    #[cfg(feature = "std")]
    pub fn source(&self) -> Result<SourcePolicy, ApiError> {
        let doc = self.doc()?;
        Ok(SourcePolicy {
            id: doc.policy.id.clone(),
            version: doc.policy.version.clone(),
            sha256: doc.sha256.clone(),
        })
    }

    /// The document's JSON text, as it was loaded.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// `policy.version`.
    pub fn version(&self) -> String {
        self.engine.policy().version.clone()
    }

    /// `policy.id`.
    pub fn id(&self) -> String {
        self.engine.policy().id.clone()
    }

    /// The context read (its shape checked, not yet its time and jurisdiction), for a single
    /// question: [`LoadedPolicy::evaluate_for`] and [`LoadedPolicy::decide_for`] check the rest.
    pub fn visitor_unchecked(&self, context: &str) -> Result<Context, ApiError> {
        read_context(context)
    }

    /// [`Decides::visitor_evaluation`] as JSON.
    pub fn evaluate_for(&self, v: &Visitor, options: DecideOptions) -> Result<String, ApiError> {
        Ok(crate::json::write(&self.visitor_evaluation(v, options)?))
    }

    /// [`Decides::visitor_decision`] as JSON.
    pub fn decide_for(&self, purpose: &str, v: &Visitor, options: DecideOptions) -> Result<String, ApiError> {
        Ok(crate::json::write(&self.visitor_decision(purpose, v, options)?))
    }

    /// `policy.texts(locale)`: every text in the best locale for `locale`.
    pub fn texts(&self, locale: Option<&str>) -> crate::policy::LocalizedTexts {
        self.engine.policy().texts(self.engine.locale_for(locale))
    }

    /// `policy.checkChoice(context, choice)`: refuses a choice this visitor may not make.
    pub fn check_choice_json(&self, context: &str, choice: &str) -> Result<(), ApiError> {
        let ctx = read_context(context)?;
        let parsed: crate::receipt::Choice = policy::parse_json(choice)?;
        let items: Vec<crate::eval::ChoiceItem<'_>> = parsed
            .purposes
            .iter()
            .map(|p| crate::eval::ChoiceItem {
                purpose: &p.purpose,
                state: p.state,
            })
            .collect();
        Ok(self.engine.check_choice(&ctx, parsed.actor.kind, &items)?)
    }
}

/// The questions a loaded policy answers, full ([`LoadedPolicy`]) or compiled
/// ([`LoadedCompiled`]): both ask one [`Evaluator`], so both answer alike.
pub trait Decides {
    /// The evaluator that decides.
    fn evaluator(&self) -> &Evaluator;

    /// `policy.evaluate(context)`: the whole evaluation as JSON.
    fn evaluate_json(&self, context: &str) -> Result<String, ApiError> {
        Ok(crate::json::write(
            &self.evaluation(&read_context(context)?, DecideOptions::default())?,
        ))
    }

    /// `policy.decide(purpose, context)`: one purpose's decision as JSON.
    fn decide_json(&self, purpose: &str, context: &str) -> Result<String, ApiError> {
        Ok(crate::json::write(&self.decision(
            purpose,
            &read_context(context)?,
            DecideOptions::default(),
        )?))
    }

    /// `policy.context(context)`: the context read and checked once (its time and jurisdiction),
    /// for [`Decides::visitor_evaluation`] and [`Decides::visitor_decision`] to answer without
    /// reading it again.
    fn visitor(&self, context: &str) -> Result<Visitor, ApiError> {
        Ok(self.evaluator().visitor(read_context(context)?)?)
    }

    /// `visitorContext.evaluate(options)`: the whole evaluation for a context already read.
    fn evaluation(&self, ctx: &Context, options: DecideOptions) -> Result<Evaluation, ApiError> {
        Ok(self.evaluator().evaluate_with(ctx, options)?)
    }

    /// `visitorContext.decide(purpose, options)`: one purpose's decision for a context already
    /// read.
    fn decision(&self, purpose: &str, ctx: &Context, options: DecideOptions) -> Result<PurposeDecision, ApiError> {
        Ok(self.evaluator().decide_with(purpose, ctx, options)?)
    }

    /// `visitorContext.evaluate(options)`: the whole evaluation for a visitor read once.
    fn visitor_evaluation(&self, v: &Visitor, options: DecideOptions) -> Result<Evaluation, ApiError> {
        Ok(self.evaluator().evaluate_visitor(v, options)?)
    }

    /// `visitorContext.decide(purpose, options)`: one purpose's decision for a visitor read once.
    fn visitor_decision(
        &self,
        purpose: &str,
        v: &Visitor,
        options: DecideOptions,
    ) -> Result<PurposeDecision, ApiError> {
        Ok(self.evaluator().decide_visitor(purpose, v, options)?)
    }
}

impl Decides for LoadedPolicy {
    fn evaluator(&self) -> &Evaluator {
        self.engine.evaluator()
    }
}

impl Decides for LoadedCompiled {
    fn evaluator(&self) -> &Evaluator {
        &self.evaluator
    }
}

/// Reads a visitor's context, refusing one larger than [`MAX_CONTEXT_BYTES`].
fn read_context(text: &str) -> Result<Context, ApiError> {
    if text.len() > MAX_CONTEXT_BYTES {
        return Err(Problem::at(
            "context.too_large",
            "$",
            format!("the context is {} bytes; the limit is {MAX_CONTEXT_BYTES}", text.len()),
        )
        .hint("send only the consents of this policy's purposes")
        .into());
    }
    Ok(policy::read_json(text)?)
}

/// `compilePolicy(json)`: validates a policy (every problem is reported as [`LoadedPolicy::load`]
/// reports it) and writes its compiled files (see [`crate::compiled`]), which name the policy's
/// id, version and the SHA-256 of its canonical JSON.
#[cfg(feature = "std")]
pub fn compile(text: &str) -> Result<crate::compiled::CompiledFiles, ApiError> {
    let loaded = LoadedPolicy::load(text)?;
    let source = loaded.source()?;
    crate::compiled::write(loaded.engine.evaluator().policy(), &source)
        .map_err(|e| ApiError::from(Problem::at("internal.serialize", "$", e.to_string())))
}

/// [`compile`] as JSON: `{core: {name, json}, texts: [{name, locale, json}]}`.
#[cfg(feature = "std")]
pub fn compile_json(text: &str) -> Result<String, ApiError> {
    to_json(&compile(text)?)
}

/// A compiled policy read from its files (`loadCompiled(core, texts)`), ready to answer as the
/// [`LoadedPolicy`] it was compiled from answers, without the validator.
#[derive(Debug, Clone)]
pub struct LoadedCompiled {
    evaluator: Arc<Evaluator>,
    source: SourcePolicy,
}

impl LoadedCompiled {
    /// Reads a core file and the texts files of one or more of its locales.
    pub fn read(core: &str, texts: &[&str]) -> Result<LoadedCompiled, ApiError> {
        let (policy, source) = crate::compiled::read(core, texts)?;
        Self::new(policy, source)
    }

    /// A core file already read, with the texts of one or more of its locales (read with
    /// [`crate::compiled::Core::read_texts`]).
    pub fn from_core(
        core: crate::compiled::Core,
        texts: Vec<crate::compiled::LocaleTexts>,
    ) -> Result<LoadedCompiled, ApiError> {
        let (policy, source) = core.with_texts(texts)?;
        Self::new(policy, source)
    }

    fn new(policy: crate::compiled::CompiledPolicy, source: SourcePolicy) -> Result<LoadedCompiled, ApiError> {
        Ok(LoadedCompiled {
            evaluator: Arc::new(Evaluator::new(policy)?),
            source,
        })
    }

    /// The policy it was compiled from: id, version and the SHA-256 of its canonical JSON.
    pub fn source(&self) -> &SourcePolicy {
        &self.source
    }

    /// The evaluator, shared.
    pub fn shared_evaluator(&self) -> Arc<Evaluator> {
        Arc::clone(&self.evaluator)
    }

    /// `policy.id`.
    pub fn id(&self) -> String {
        self.source.id.clone()
    }

    /// Reads a visitor's context (its shape; the call checks its time and jurisdiction).
    pub fn read_context(&self, context: &str) -> Result<Context, ApiError> {
        read_context(context)
    }

    /// `policy.version`.
    pub fn version(&self) -> String {
        self.source.version.clone()
    }

    /// `policy.texts(locale)`: every text in the best locale for `locale`, when its texts file
    /// was read (`compiled.missing_locale` when it was not).
    pub fn texts(&self, locale: Option<&str>) -> Result<&crate::policy::LocalizedTexts, ApiError> {
        let locale = self.evaluator.locale_for(locale);
        self.evaluator.policy().texts(locale).ok_or_else(|| {
            crate::compiled::CompiledError::MissingLocale {
                locale: locale.to_string(),
            }
            .into()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn evaluate_json_round_trips_in_camel_case() {
        let out = seed()
            .evaluate_json(r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"CN","age":12}"#)
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["ageBand"], "below_guardian_age");
        assert_eq!(v["page"]["guardianFlow"], "pending_guardian");
    }

    #[test]
    fn a_context_read_once_answers_as_the_one_shot_calls_do() {
        let p = seed();
        let text = r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"cn","age":16,"locale":"zh-CN"}"#;
        let ctx = p.visitor(text).unwrap();
        let all = DecideOptions::default();
        assert_eq!(p.evaluate_for(&ctx, all).unwrap(), p.evaluate_json(text).unwrap());
        for purpose in ["essential", "advertising", "location"] {
            assert_eq!(
                p.decide_for(purpose, &ctx, all).unwrap(),
                p.decide_json(purpose, text).unwrap()
            );
        }
        assert_eq!(
            p.decide_for("nope", &ctx, all).unwrap_err().code,
            "context.unknown_purpose"
        );
        // A context whose time or jurisdiction is wrong is refused when it is read.
        for (bad, code) in [
            (r#"{"now":"soon","jurisdiction":"DE"}"#, "context.invalid_time"),
            (
                r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"Germany"}"#,
                "context.invalid_jurisdiction",
            ),
            (r#"{"now":"2026-11-29T12:00:00Z"}"#, "schema.missing_field"),
        ] {
            assert_eq!(p.visitor(bad).unwrap_err().code, code, "{bad}");
        }
    }

    #[test]
    fn without_reasons_only_the_reasons_are_left_out() {
        let p = seed();
        let ctx = p
            .visitor(r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"DE","age":30,"seenPolicyVersion":"0.9.0"}"#)
            .unwrap();
        let parse = |s: String| serde_json::from_str::<serde_json::Value>(&s).unwrap();
        let mut full = parse(p.evaluate_for(&ctx, DecideOptions::default()).unwrap());
        let bare = parse(p.evaluate_for(&ctx, DecideOptions { reasons: false }).unwrap());
        for d in full["purposes"].as_array_mut().unwrap() {
            assert!(!d["reasons"].as_array().unwrap().is_empty());
            d["reasons"] = serde_json::json!([]);
        }
        assert_eq!(full, bare);
        let one = parse(
            p.decide_for("advertising", &ctx, DecideOptions { reasons: false })
                .unwrap(),
        );
        assert_eq!(one, full["purposes"][10]);
    }

    #[test]
    fn every_bad_input_is_an_api_error() {
        let p = seed();
        for (ctx, code) in [
            ("", "json.eof"),
            ("[]", "schema.type"),
            ("{\"now\":1}", "schema.type"),
            (
                "{\"now\":\"2026-11-29T12:00:00Z\",\"jurisdiction\":\"ZZ\"}",
                "context.invalid_jurisdiction",
            ),
            (
                "{\"now\":\"2026-11-29T12:00:00Z\",\"jurisdiction\":\"DE\"} x",
                "json.trailing",
            ),
        ] {
            assert_eq!(p.evaluate_json(ctx).unwrap_err().code, code, "{ctx}");
        }
        let ok = r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"DE"}"#;
        assert_eq!(p.decide_json("nope", ok).unwrap_err().code, "context.unknown_purpose");
        let big = format!("{{\"now\":\"{}\"}}", "x".repeat(MAX_CONTEXT_BYTES));
        assert_eq!(p.evaluate_json(&big).unwrap_err().code, "context.too_large");
        let e = LoadedPolicy::load("{").unwrap_err();
        assert_eq!((e.code.as_str(), e.line), ("json.eof", 1));
        assert!(e.to_json().contains("\"problems\""));
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

    #[test]
    fn texts_follow_the_locale() {
        let p = seed();
        let zh: serde_json::Value = serde_json::from_str(&crate::json::write(&p.texts(Some("zh")))).unwrap();
        assert_eq!(zh["locale"], "zh-CN");
        let en: serde_json::Value = serde_json::from_str(&crate::json::write(&p.texts(Some("en-GB")))).unwrap();
        assert_eq!(en["locale"], "en");
        assert!(!en["purposes"]["advertising"]["recipients"]
            .as_array()
            .unwrap()
            .is_empty());
    }
}
