//! A policy loaded and ready to answer: the full document, validated ([`LoadedPolicy`]), or
//! its compiled files ([`LoadedCompiled`]), and the questions both answer ([`Decides`]).

// The error carries every problem; it is the cold path of a call made once per request.
#![allow(clippy::result_large_err)]

use crate::prelude::*;
use alloc::sync::Arc;

use crate::compiled::SourcePolicy;
use crate::error::ApiError;
use crate::eval::{Context, DecideOptions, Engine, Evaluation, Evaluator, PurposeDecision, Visitor};
use crate::policy::{self, Problem};

/// Largest context accepted, in bytes.
pub const MAX_CONTEXT_BYTES: usize = 256 * 1024;

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

    /// `policy.checkChoice(context, choice)`: refuses a choice this visitor may not make, or
    /// answers [`Checked`] as JSON.
    pub fn check_choice_json(&self, context: &str, choice: &str) -> Result<String, ApiError> {
        let ctx = read_context(context)?;
        let parsed: crate::receipt::Choice = policy::parse_json(choice)?;
        Ok(crate::json::write(&self.check_recorded(&ctx, &parsed)?))
    }

    /// Refuses a choice to record that this visitor may not make ([`Engine::check_choice`]), or
    /// that names a way of asking it was not made by: a guardian's choice is made on the
    /// guardian's page and nobody else's is; the update notice answers only a visitor who chose
    /// under an earlier version (or is shown one); Global Privacy Control only withdraws a
    /// consent in force to what the signal opts out of ([`LoadedPolicy::gpc_withdrawals`]).
    pub fn check_recorded(&self, ctx: &Context, choice: &crate::receipt::Choice) -> Result<Checked, ApiError> {
        use crate::receipt::CollectionMethod;
        let items: Vec<crate::eval::ChoiceItem<'_>> = choice
            .purposes
            .iter()
            .map(|p| crate::eval::ChoiceItem {
                purpose: &p.purpose,
                state: p.state,
            })
            .collect();
        self.engine.check_choice(ctx, choice.actor.kind, &items)?;
        // A withdrawal is allowed only over a consent in force as the context read it.
        let checked = Checked {
            pinned: choice
                .purposes
                .iter()
                .any(|p| p.state == crate::eval::ConsentState::ConsentWithdrawn),
        };
        let method = choice.collection_method;
        let refuse = |why: &str, hint: &str| -> Result<(), ApiError> {
            Err(Problem::at(
                "choice.method",
                "$.collectionMethod",
                format!("this way of asking {why}"),
            )
            .hint(hint.to_string())
            .into())
        };
        let by_guardian = choice.actor.kind == crate::eval::Actor::Guardian;
        match method {
            CollectionMethod::GuardianPage if !by_guardian => refuse(
                "records a guardian's choice, on the guardian's page",
                "give the way this choice was asked",
            ),
            _ if by_guardian && method != CollectionMethod::GuardianPage => refuse(
                "is not the guardian's page, where a guardian chooses",
                "use guardian_page",
            ),
            CollectionMethod::UpdateNotice => {
                let version = &self.engine.policy().version;
                let earlier = ctx.consents.values().any(|c| &c.policy_version != version);
                if earlier
                    || self
                        .evaluation(ctx, DecideOptions { reasons: false })?
                        .page
                        .update_notice
                        .is_some()
                {
                    Ok(())
                } else {
                    refuse(
                        "answers a policy update, and this visitor has none to answer",
                        "give the way this choice was asked",
                    )
                }
            }
            CollectionMethod::BannerLayer1 => {
                // The first layer has "accept all" and "reject all": it answers every purpose
                // alike (a withdrawal is a "no"; "accept all" makes none).
                let mut answers = choice.purposes.iter().map(|p| p.state.is_yes());
                let first = answers.next();
                if answers.all(|yes| Some(yes) == first) {
                    Ok(())
                } else {
                    refuse(
                        "answers every purpose alike (accept all, reject all), and this choice does not",
                        "use banner_layer2 for choices made one by one, or api",
                    )
                }
            }
            CollectionMethod::Gpc => {
                let opted = self.gpc_withdrawals(ctx)?;
                let withdraws_opted = choice
                    .purposes
                    .iter()
                    .all(|p| p.state == crate::eval::ConsentState::ConsentWithdrawn && opted.contains(&p.purpose));
                if withdraws_opted {
                    Ok(())
                } else {
                    refuse(
                        "withdraws only a consent in force to what the signal opts out of here",
                        "give the way this choice was asked",
                    )
                }
            }
            _ => Ok(()),
        }?;
        Ok(checked)
    }

    /// The purposes whose consent in force the context's Global Privacy Control signal opts out
    /// of here (`R-GPC`), in the policy's order: what the edge withdraws by the signal when it
    /// first sees it. None without the signal, or where the visitor's law does not make it an
    /// opt-out.
    pub fn gpc_withdrawals(&self, ctx: &Context) -> Result<Vec<String>, ApiError> {
        if !ctx.gpc {
            return Ok(Vec::new());
        }
        let e = self.evaluation(ctx, DecideOptions { reasons: true })?;
        Ok(e.purposes
            .into_iter()
            .filter(|d| {
                d.decision == crate::eval::Decision::Denied && d.reasons.first().is_some_and(|r| r.rule == "R-GPC")
            })
            .filter(|d| ctx.consents.get(&d.purpose).is_some_and(|c| c.state.is_valid_consent()))
            .map(|d| d.purpose)
            .collect())
    }

    /// `policy.gpcWithdrawals(context)`: [`LoadedPolicy::gpc_withdrawals`] as JSON.
    pub fn gpc_withdrawals_json(&self, context: &str) -> Result<String, ApiError> {
        Ok(crate::json::write(&self.gpc_withdrawals(&read_context(context)?)?))
    }
}

/// What the check of a choice to record found ([`LoadedPolicy::check_recorded`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, crate::json::ToJson)]
pub struct Checked {
    /// Whether the verdict rests on the consents in force as the context read them (a
    /// withdrawal takes back a consent in force): the log appends the choice only while the
    /// subject's latest receipt is still the one that context was read from, so two withdrawals
    /// of one consent sent at once never both stand.
    pub pinned: bool,
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
pub(crate) fn read_context(text: &str) -> Result<Context, ApiError> {
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

    /// GPC withdraws only a consent in force to what it opts out of, and a receipt names only the
    /// way its choice could have been asked.
    #[test]
    fn gpc_withdraws_what_it_opts_out_of_and_methods_say_how_a_choice_was_asked() {
        let p = seed();
        let ctx = |extra: &str| -> Context {
            serde_json::from_str(&format!(
                r#"{{"now":"2026-11-29T12:00:00Z","jurisdiction":"US-CA","age":30{extra},
                "consents":{{"advertising":{{"state":"ConsentGiven","time":"2026-11-28T12:00:00Z","policyVersion":"1.0.0","separate":true}},
                "analytics-cookies":{{"state":"ConsentGiven","time":"2026-11-28T12:00:00Z","policyVersion":"1.0.0","separate":true}}}}}}"#
            ))
            .unwrap()
        };
        let with_gpc = ctx(r#","gpc":true"#);
        assert_eq!(p.gpc_withdrawals(&with_gpc).unwrap(), ["advertising"]);
        assert!(p.gpc_withdrawals(&ctx("")).unwrap().is_empty());
        let choice = |method: &str, purpose: &str, state: &str, actor: &str| -> crate::receipt::Choice {
            serde_json::from_value(serde_json::json!({
                "subject": "s-1", "actor": {"type": actor}, "jurisdiction": "US-CA", "locale": "en",
                "purposes": [{"purpose": purpose, "state": state, "separate": true}], "collectionMethod": method,
            }))
            .unwrap()
        };
        // A choice of several purposes said to come from the first layer.
        let first_layer = |items: &[(&str, &str)]| -> crate::receipt::Choice {
            let purposes: Vec<serde_json::Value> = items
                .iter()
                .map(|(purpose, state)| serde_json::json!({"purpose": purpose, "state": state, "separate": false}))
                .collect();
            serde_json::from_value(serde_json::json!({
                "subject": "s-1", "actor": {"type": "self"}, "jurisdiction": "US-CA", "locale": "en",
                "purposes": purposes, "collectionMethod": "banner_layer1",
            }))
            .unwrap()
        };
        let code = |c: &Context, ch: &crate::receipt::Choice| p.check_recorded(c, ch).err().map(|e| e.code);
        assert_eq!(
            code(&with_gpc, &choice("gpc", "advertising", "ConsentWithdrawn", "self")),
            None
        );
        // A withdrawal rests on the consent in force as read; a refusal on nothing recorded.
        let pinned = |c: &Context, ch: &crate::receipt::Choice| p.check_recorded(c, ch).unwrap().pinned;
        assert!(pinned(
            &with_gpc,
            &choice("gpc", "advertising", "ConsentWithdrawn", "self")
        ));
        assert!(!pinned(
            &ctx(""),
            &choice("banner_layer2", "analytics-cookies", "ConsentRefused", "self")
        ));
        for (c, ch) in [
            (ctx(""), choice("gpc", "advertising", "ConsentWithdrawn", "self")),
            (
                with_gpc.clone(),
                choice("gpc", "analytics-cookies", "ConsentWithdrawn", "self"),
            ),
            (
                ctx(""),
                choice("guardian_page", "analytics-cookies", "ConsentRefused", "self"),
            ),
            (
                ctx(""),
                choice("update_notice", "analytics-cookies", "ConsentRefused", "self"),
            ),
            (
                ctx(""),
                first_layer(&[("analytics-cookies", "ConsentGiven"), ("advertising", "ConsentRefused")]),
            ),
            // A withdrawal is a "no" too: beside a "yes", no first layer made it.
            (
                ctx(""),
                first_layer(&[("analytics-cookies", "ConsentWithdrawn"), ("marketing", "ConsentGiven")]),
            ),
        ] {
            assert_eq!(code(&c, &ch).as_deref(), Some("choice.method"), "{ch:?}");
        }
        assert_eq!(
            code(&ctx(""), &choice("api", "analytics-cookies", "ConsentRefused", "self")),
            None
        );
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
