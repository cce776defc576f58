//! The evaluator. An [`Evaluator`] is a compiled policy ([`CompiledPolicy`]) with its lookups
//! prepared once, so each decision is a few map look-ups and comparisons; an [`Engine`] is a
//! validated policy document with the evaluator compiled from it.
//!
//! Order of the rules for one purpose (the first that decides wins; a "no" beats a "yes"):
//! 1. essential purposes are allowed (R-ESSENTIAL);
//! 2. a purpose forbidden for minors is forbidden below the minor age (R-MINOR-FORBIDDEN);
//! 3. while the age is unknown where the age gate is asked, nothing optional runs (R-AGE-GATE);
//! 4. GPC opts out where the jurisdiction says so (R-GPC);
//! 5. below the guardian age only a guardian's consent counts (R-GUARDIAN-*);
//! 6. otherwise the recorded consent decides: valid and in time (R-CONSENT-VALID), expired,
//!    not separate where it must be, given under a version whose scope has since grown,
//!    refused or withdrawn (remembered for the refusal interval), revoked; none at all is a "no"
//!    (R-DEFAULT-DENY).
//!
//! A consent must be separate (R-SEPARATE-CONSENT) when the purpose uses sensitive data or sends
//! data abroad, and, for a child below the age where the jurisdiction makes a child's data
//! sensitive (`childDataSensitiveBelow`: PIPL Art. 28, 29, 31), for every optional purpose
//! (R-CHILD-DATA-SENSITIVE, which follows R-SEPARATE-CONSENT or R-GUARDIAN-REQUIRED to say why).

use super::context::*;
use super::jurisdiction::{normalise_code, ResolvedRule};
use super::messages::{fill, growth_word, MessageKey, Messages, Msg};
use crate::compiled::CompiledPolicy;
use crate::policy::{self, Policy, Problem, Problems, PurposeKind, PurposeScope, Version};
use crate::prelude::*;
use crate::sorted_map::SortedMap;
use crate::time::Timestamp;
use alloc::sync::Arc;

/// What a consent given under an earlier version did not cover, per purpose.
type Growth = Vec<&'static str>;

/// A policy document loaded for evaluation: the authoring model, for the tools that read all
/// of it (the banner, signals, guardian flows, diffs), and its [`Evaluator`], which answers.
#[derive(Debug, Clone)]
pub struct Engine {
    policy: Policy,
    /// Shared with the visitor contexts made at the JavaScript boundary, which keep it alive.
    evaluator: Arc<Evaluator>,
}

/// The evaluator: a [`CompiledPolicy`] with its lookups prepared once, so each decision is a
/// few look-ups and comparisons. The full loader ([`Engine`]) and the reader of compiled files
/// ([`crate::compiled::read`]) both make one, so both answer alike.
#[derive(Debug, Clone)]
pub struct Evaluator {
    policy: CompiledPolicy,
    version: Version,
    index: SortedMap<usize>,
    /// Per history version: per purpose (current order), what grew since then; `None` when
    /// the purpose did not exist then.
    growth: SortedMap<Vec<Option<Growth>>>,
}

/// What grew from `old` to `new`: data, recipients, legal basis, transfer abroad, its kind (from
/// essential to basic to extended), storage others set, and the signals it sends to advertising services (Consent
/// Mode, IAB TCF purposes). Storage and signals are compared only where `old` recorded them.
pub fn scope_growth(old: &PurposeScope, new: &PurposeScope) -> Growth {
    let covered = |id: &str| {
        old.data_categories
            .iter()
            .any(|o| o == id || id.strip_prefix(o.as_str()).is_some_and(|rest| rest.starts_with('.')))
    };
    let mut g = Vec::new();
    if new.data_categories.iter().any(|d| !covered(d)) {
        g.push("data");
    }
    if new.recipients.iter().any(|r| !old.recipients.contains(r)) {
        g.push("recipients");
    }
    if new.legal_basis != old.legal_basis {
        g.push("legalBasis");
    }
    if new.cross_border && !old.cross_border {
        g.push("crossBorder");
    }
    // Essential, then a basic function, then an extended one: a purpose that moved up is more
    // than the consent given to it.
    let rank = |k: PurposeKind| match k {
        PurposeKind::Essential => 0,
        PurposeKind::Basic => 1,
        PurposeKind::Extended => 2,
    };
    if rank(new.kind) > rank(old.kind) {
        g.push("kind");
    }
    /// Whether `new` names something `old` did not, where `old` recorded it.
    fn added<T: PartialEq>(old: &Option<Vec<T>>, new: &Option<Vec<T>>) -> bool {
        match (old, new) {
            (Some(old), Some(new)) => new.iter().any(|n| !old.contains(n)),
            _ => false,
        }
    }
    if added(&old.third_party_storage, &new.third_party_storage) {
        g.push("storage");
    }
    if added(&old.consent_mode, &new.consent_mode) || added(&old.tcf_purposes, &new.tcf_purposes) {
        g.push("signals");
    }
    g
}

/// `mine`, or where it is absent, the first of `later` that has it (`pick`).
fn or_later<T: Clone>(mine: &Option<T>, later: &[&PurposeScope], pick: fn(&PurposeScope) -> &Option<T>) -> Option<T> {
    mine.clone().or_else(|| later.iter().find_map(|o| pick(o).clone()))
}

impl Engine {
    /// Loads and validates a policy from JSON text and prepares it.
    pub fn from_json(text: &str) -> Result<Engine, Problems> {
        // `load` has validated it (and placed each problem on its line): not a second time.
        Engine::from_valid(policy::load(text)?)
    }

    /// Prepares a policy, validating it first.
    pub fn new(policy: Policy) -> Result<Engine, Problems> {
        let problems = policy::validate(&policy);
        if !problems.is_empty() {
            return Err(Problems(problems));
        }
        Engine::from_valid(policy)
    }

    /// Prepares a policy that [`policy::validate`] has passed.
    fn from_valid(policy: Policy) -> Result<Engine, Problems> {
        let evaluator = Arc::new(Evaluator::new(CompiledPolicy::from_policy(&policy))?);
        Ok(Engine { policy, evaluator })
    }

    /// The policy document.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The evaluator, which reads the policy's compiled form.
    pub fn evaluator(&self) -> &Evaluator {
        &self.evaluator
    }

    /// The evaluator, shared.
    pub fn shared_evaluator(&self) -> Arc<Evaluator> {
        Arc::clone(&self.evaluator)
    }

    /// See [`Evaluator::rule_for`].
    pub fn rule_for(&self, code: &str) -> Result<ResolvedRule, Problem> {
        self.evaluator.rule_for(code)
    }

    /// See [`Evaluator::locale_for`].
    pub fn locale_for(&self, wanted: Option<&str>) -> &str {
        self.evaluator.locale_for(wanted)
    }

    /// See [`Evaluator::evaluate`].
    pub fn evaluate(&self, ctx: &Context) -> Result<Evaluation, Problem> {
        self.evaluator.evaluate(ctx)
    }

    /// See [`Evaluator::decide`].
    pub fn decide(&self, purpose: &str, ctx: &Context) -> Result<PurposeDecision, Problem> {
        self.evaluator.decide(purpose, ctx)
    }

    /// See [`Evaluator::update_notice`].
    pub fn update_notice(&self, seen: &str, locale: &str) -> Option<UpdateNotice> {
        self.evaluator.update_notice(seen, locale)
    }
}

impl Evaluator {
    /// Prepares a compiled policy. Refused only when it has no `*` rule, which validation and
    /// the compiled reader both rule out.
    pub fn new(policy: CompiledPolicy) -> Result<Evaluator, Problems> {
        let version = Version::parse(&policy.version).unwrap_or_default();
        let index = policy
            .purposes
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id().to_string(), i))
            .collect::<SortedMap<_>>();
        if policy.jurisdictions.get("*").is_none() {
            return Err(Problems(vec![Problem::at(
                "policy.no_default_jurisdiction",
                "$.jurisdictions",
                "no complete `*` rule",
            )]));
        }
        let growth = policy
            .history
            .iter()
            .enumerate()
            .map(|(k, h)| {
                let per: Vec<Option<Growth>> = policy
                    .purposes
                    .iter()
                    .map(|p| {
                        let old = h.purposes.iter().find(|o| o.id == p.id())?;
                        // A member an older entry did not record is taken from the first later
                        // entry that did, so that an older consent is asked again for at least
                        // what a newer one would be.
                        let later: Vec<&PurposeScope> = policy
                            .history
                            .iter()
                            .skip(k + 1)
                            .filter_map(|l| l.purposes.iter().find(|o| o.id == p.id()))
                            .collect();
                        let old = PurposeScope {
                            third_party_storage: or_later(&old.third_party_storage, &later, |o| &o.third_party_storage),
                            consent_mode: or_later(&old.consent_mode, &later, |o| &o.consent_mode),
                            tcf_purposes: or_later(&old.tcf_purposes, &later, |o| &o.tcf_purposes),
                            ..old.clone()
                        };
                        Some(scope_growth(&old, &p.scope))
                    })
                    .collect();
                (h.version.clone(), per)
            })
            .collect::<SortedMap<_>>();
        Ok(Evaluator {
            policy,
            version,
            index,
            growth,
        })
    }

    /// The compiled policy it reads.
    pub fn policy(&self) -> &CompiledPolicy {
        &self.policy
    }

    /// The rules for a jurisdiction code (normalised), resolved through its chain.
    pub fn rule_for(&self, code: &str) -> Result<ResolvedRule, Problem> {
        self.rule_ref(code).map(alloc::borrow::Cow::into_owned)
    }

    /// The rule of a code the policy names; for another code, the rule of its country (`US` for
    /// `US-TX`), else of the state its country is part of (`FR` for `RE`), else `*`. A code without its own rule resolves through exactly that chain, so
    /// the rules resolved for the policy's own codes answer every code.
    fn rule_ref(&self, code: &str) -> Result<alloc::borrow::Cow<'_, ResolvedRule>, Problem> {
        let code = normalise_code(code)?;
        self.policy
            .rule(&code)
            .map(alloc::borrow::Cow::Borrowed)
            .ok_or_else(|| {
                Problem::at(
                    "policy.no_default_jurisdiction",
                    "$.jurisdictions",
                    "no complete `*` rule",
                )
            })
    }

    /// The locale to speak to this visitor: theirs if offered, the same language if offered,
    /// else the policy's default. `wanted` is one tag (`fr-CA`) or a browser's Accept-Language
    /// list (`de-DE,de;q=0.9,en;q=0.8`), whose tags are tried most preferred first: the first
    /// one offered, or whose language is, is the visitor's.
    pub fn locale_for(&self, wanted: Option<&str>) -> &str {
        let p = &self.policy;
        let mut tags: Vec<(&str, u16)> = wanted
            .unwrap_or("")
            .split(',')
            .filter_map(|part| {
                let mut fields = part.split(';');
                let tag = fields.next()?.trim();
                let q = fields
                    .map(str::trim)
                    .find_map(|f| f.strip_prefix("q=").or_else(|| f.strip_prefix("Q=")))
                    .map_or(Some(1000), quality)?;
                (!tag.is_empty() && tag != "*" && q > 0).then_some((tag, q))
            })
            .collect();
        // Stable: tags of equal weight keep the order the browser gave them.
        tags.sort_by_key(|t| core::cmp::Reverse(t.1));
        for (w, _) in tags {
            if let Some(l) = p.locales.iter().find(|l| l.eq_ignore_ascii_case(w)) {
                return l;
            }
            let lang = w.split(['-', '_']).next().unwrap_or(w);
            if let Some(l) = p
                .locales
                .iter()
                .find(|l| l.split('-').next().unwrap_or(l).eq_ignore_ascii_case(lang))
            {
                return l;
            }
        }
        &p.default_locale
    }

    /// The engine's messages in `locale`, from the compiled texts at hand (as texts fall back).
    fn messages(&self, locale: &str) -> Option<&Messages> {
        self.policy.texts_or_fallback(locale).map(|t| &t.messages)
    }

    /// Decides every purpose for this visitor.
    pub fn evaluate(&self, ctx: &Context) -> Result<Evaluation, Problem> {
        self.evaluate_with(ctx, DecideOptions::default())
    }

    /// [`Engine::evaluate`], with options.
    pub fn evaluate_with(&self, ctx: &Context, options: DecideOptions) -> Result<Evaluation, Problem> {
        let mut prepared = self.prepare(ctx)?;
        prepared.reasons = options.reasons;
        self.evaluate_prepared(ctx, &prepared)
    }

    fn evaluate_prepared(&self, ctx: &Context, prepared: &Prepared<'_>) -> Result<Evaluation, Problem> {
        let purposes = (0..self.policy.purposes.len())
            .map(|i| self.decide_index(i, ctx, prepared))
            .collect::<Result<Vec<_>, _>>()?;
        let page = self.page(ctx, prepared, &purposes);
        Ok(Evaluation {
            policy: self.policy.id.clone(),
            version: self.policy.version.clone(),
            jurisdiction: prepared.rule.chain.clone(),
            age_band: prepared.band,
            locale: prepared.locale.to_string(),
            purposes,
            page,
        })
    }

    /// Decides one purpose for this visitor.
    pub fn decide(&self, purpose: &str, ctx: &Context) -> Result<PurposeDecision, Problem> {
        self.decide_with(purpose, ctx, DecideOptions::default())
    }

    /// [`Engine::decide`], with options.
    pub fn decide_with(
        &self,
        purpose: &str,
        ctx: &Context,
        options: DecideOptions,
    ) -> Result<PurposeDecision, Problem> {
        let i = self.purpose_index(purpose)?;
        let mut prepared = self.prepare(ctx)?;
        prepared.reasons = options.reasons;
        self.decide_index(i, ctx, &prepared)
    }

    /// Reads what every answer for `ctx` needs once (its time, jurisdiction rule, age band and
    /// locale), refusing a context whose time or jurisdiction is wrong; then
    /// [`Evaluator::evaluate_visitor`] and [`Evaluator::decide_visitor`] answer as
    /// [`Evaluator::evaluate_with`] and [`Evaluator::decide_with`] would, without working it out again.
    pub fn visitor(&self, ctx: Context) -> Result<Visitor, Problem> {
        let prepared = self.prepare(&ctx)?;
        let (now, rule, band, child_sensitive, locale) = (
            prepared.now,
            prepared.rule.into_owned(),
            prepared.band,
            prepared.child_sensitive,
            prepared.locale.to_string(),
        );
        Ok(Visitor {
            ctx,
            now,
            rule,
            band,
            child_sensitive,
            locale,
        })
    }

    fn prepared<'a>(&'a self, v: &'a Visitor, options: DecideOptions) -> Prepared<'a> {
        Prepared {
            now: v.now,
            rule: alloc::borrow::Cow::Borrowed(&v.rule),
            band: v.band,
            child_sensitive: v.child_sensitive,
            locale: &v.locale,
            messages: self.messages(&v.locale),
            reasons: options.reasons,
        }
    }

    /// [`Evaluator::evaluate_with`] for a visitor read once.
    pub fn evaluate_visitor(&self, v: &Visitor, options: DecideOptions) -> Result<Evaluation, Problem> {
        self.evaluate_prepared(&v.ctx, &self.prepared(v, options))
    }

    /// [`Evaluator::decide_with`] for a visitor read once.
    pub fn decide_visitor(
        &self,
        purpose: &str,
        v: &Visitor,
        options: DecideOptions,
    ) -> Result<PurposeDecision, Problem> {
        let i = self.purpose_index(purpose)?;
        self.decide_index(i, &v.ctx, &self.prepared(v, options))
    }

    /// The index of a purpose of the policy, or the problem naming the ids it has.
    fn purpose_index(&self, purpose: &str) -> Result<usize, Problem> {
        let Some(&i) = self.index.get(purpose) else {
            let hint = policy::did_you_mean(purpose, self.policy.purposes.iter().map(|p| p.id()));
            return Err(Problem::at(
                "context.unknown_purpose",
                "$",
                format!("the policy has no purpose `{purpose}`"),
            )
            .maybe_hint(hint.or_else(|| Some("see policy.purposes() for the ids".into()))));
        };
        Ok(i)
    }

    fn prepare<'a>(&'a self, ctx: &'a Context) -> Result<Prepared<'a>, Problem> {
        let now = Timestamp::parse(&ctx.now).map_err(|e| {
            Problem::at("context.invalid_time", "$.now", e.0)
                .hint("pass the current time as RFC 3339, e.g. 2026-11-29T12:00:00Z")
        })?;
        let rule = self.rule_ref(&ctx.jurisdiction)?;
        let band = match ctx.age {
            None => AgeBand::Unknown,
            Some(a) if a < rule.guardian_age.value => AgeBand::BelowGuardianAge,
            Some(a) if a < rule.minor_age.value => AgeBand::Minor,
            Some(_) => AgeBand::Adult,
        };
        let locked = match (ctx.age_band, ctx.age_band_in.as_deref()) {
            (Some(b), Some(there)) => self.band_here(b, there, &rule)?,
            (b, _) => b.unwrap_or(AgeBand::Unknown),
        };
        let band = band.stricter(locked);
        let child_sensitive = child_data_sensitive(&rule, ctx.age, band);
        let locale = self.locale_for(ctx.locale.as_deref());
        Ok(Prepared {
            now,
            rule,
            band,
            child_sensitive,
            locale,
            messages: self.messages(locale),
            reasons: true,
        })
    }

    /// Whether `age` is one of the ages the band `band` stands for under the rule of `there`.
    pub fn band_admits(&self, band: AgeBand, there: &str, age: u8) -> Result<bool, Problem> {
        let rule = self.rule_ref(there)?;
        let (guardian, minor) = (rule.guardian_age.value, rule.minor_age.value);
        Ok(match band {
            AgeBand::Unknown => true,
            AgeBand::BelowGuardianAge => age < guardian,
            AgeBand::Minor => (guardian..minor).contains(&age),
            AgeBand::Adult => age >= minor,
        })
    }

    /// The oldest age `band` stands for under the rule of `there`: none for an adult, or when
    /// the band is not known.
    pub fn oldest_age(&self, band: AgeBand, there: &str) -> Result<Option<u8>, Problem> {
        let rule = self.rule_ref(there)?;
        Ok(match band {
            AgeBand::BelowGuardianAge => Some(rule.guardian_age.value.saturating_sub(1)),
            AgeBand::Minor => Some(rule.minor_age.value.saturating_sub(1)),
            AgeBand::Adult | AgeBand::Unknown => None,
        })
    }

    /// The band `band`, locked under the rule of `there`, as it counts in the jurisdiction `here`
    /// ([`Evaluator::band_here`]).
    pub fn band_in(&self, band: AgeBand, there: &str, here: &str) -> Result<AgeBand, Problem> {
        self.band_here(band, there, &*self.rule_ref(here)?)
    }

    /// The band `band`, locked under the rule of `there`, counts as here (`rule`): the strictest
    /// band its youngest age has here. The same ages give the same band.
    fn band_here(&self, band: AgeBand, there: &str, rule: &ResolvedRule) -> Result<AgeBand, Problem> {
        let then = self.rule_ref(there).map_err(|p| Problem {
            path: "$.ageBandIn".into(),
            ..p
        })?;
        let youngest = match band {
            AgeBand::Unknown => return Ok(AgeBand::Unknown),
            AgeBand::BelowGuardianAge => 0,
            AgeBand::Minor => then.guardian_age.value,
            AgeBand::Adult => then.minor_age.value,
        };
        Ok(if youngest < rule.guardian_age.value {
            AgeBand::BelowGuardianAge
        } else if youngest < rule.minor_age.value {
            AgeBand::Minor
        } else {
            AgeBand::Adult
        })
    }

    fn decide_index(&self, i: usize, ctx: &Context, pr: &Prepared<'_>) -> Result<PurposeDecision, Problem> {
        let p = self
            .policy
            .purposes
            .get(i)
            .ok_or_else(|| Problem::at("context.unknown_purpose", "$", "purpose index out of range"))?;
        let rule = &*pr.rule;
        let jur = rule.chain.first().map(String::as_str).unwrap_or("*");
        let explain = pr.reasons;
        let mut reasons = Vec::with_capacity(if explain { 2 } else { 0 });
        // The most decisive rule, kept whether or not the reasons are.
        let mut decisive = None;
        let mut say = |m: Msg<'_>, clause: &str| {
            decisive.get_or_insert(m.rule());
            if !explain {
                return;
            }
            reasons.push(Reason {
                rule: m.rule().to_string(),
                clause: clause.to_string(),
                message: pr.messages.map(|ms| m.text(ms)).unwrap_or_default(),
            });
        };
        let clause = p.clause.as_str();
        let flag = |v: &Vec<bool>| v.get(i).copied().unwrap_or(false);

        let decision = 'decide: {
            if p.kind() == PurposeKind::Essential {
                say(Msg::Essential, clause);
                break 'decide Decision::Allowed;
            }
            let is_minor = matches!(pr.band, AgeBand::BelowGuardianAge | AgeBand::Minor);
            if is_minor && flag(&rule.forbidden_for_minors.value) {
                let s = &rule.forbidden_for_minors.source;
                say(Msg::MinorForbidden(rule.minor_age.value, &s.code, &s.law), &s.clause);
                break 'decide Decision::Forbidden;
            }
            if pr.band == AgeBand::Unknown && rule.ask_age.value {
                // Nothing optional runs before the age question; but a "no" needs no age: a
                // refusal still remembered is an answer, and the question does not open for it.
                say(Msg::AgeGate, &rule.ask_age.source.clause);
                if let Some(c) = ctx.consents.get(p.id()).filter(|c| refusal_stands(c, pr)) {
                    break 'decide self.judge_consent(i, c, pr, &mut say, false)?;
                }
                break 'decide Decision::Denied;
            }
            if ctx.gpc && flag(&rule.gpc_opts_out.value) {
                let s = &rule.gpc_opts_out.source;
                say(Msg::Gpc(jur, &s.law), &s.clause);
                break 'decide Decision::Denied;
            }
            let consent = ctx.consents.get(p.id());
            if pr.band == AgeBand::BelowGuardianAge {
                let g = &rule.guardian_age;
                match consent {
                    Some(c) if c.by == Actor::Guardian => {
                        if rule.guardian_mode.value == policy::GuardianMode::GuardianAndChild
                            && c.state.is_valid_consent()
                            && !c.joint
                        {
                            say(Msg::GuardianJoint(g.value), &rule.guardian_mode.source.clause);
                            break 'decide Decision::NeedsGuardianConsent;
                        }
                        let d = self.judge_consent(i, c, pr, &mut say, true)?;
                        break 'decide d;
                    }
                    // The child's own "no" counts, as anyone's does: refusing needs no
                    // guardian. It is remembered as any refusal; a guardian may still be asked.
                    Some(c) if c.state.is_refusal() => {
                        let d = self.judge_consent(i, c, pr, &mut say, true)?;
                        if d == Decision::Denied {
                            say(Msg::GuardianRequired(g.value, jur, &g.source.law), &g.source.clause);
                        }
                        break 'decide d;
                    }
                    Some(c) if c.state.is_valid_consent() => {
                        say(Msg::GuardianRequired(g.value, jur, &g.source.law), &g.source.clause);
                        say(Msg::SelfConsentNotEnough(g.value), &g.source.clause);
                        break 'decide Decision::NeedsGuardianConsent;
                    }
                    _ => {
                        say(Msg::GuardianRequired(g.value, jur, &g.source.law), &g.source.clause);
                        if pr.child_sensitive {
                            say_child_sensitive(rule, &mut say);
                        }
                        break 'decide Decision::NeedsGuardianConsent;
                    }
                }
            }
            match consent {
                Some(c) => self.judge_consent(i, c, pr, &mut say, false)?,
                None => {
                    say(Msg::DefaultDeny, clause);
                    if self.separate_needed(i, pr) {
                        say(Msg::SeparateConsent, clause);
                        if pr.child_sensitive {
                            say_child_sensitive(rule, &mut say);
                        }
                        Decision::NeedsSeparateConsent
                    } else {
                        Decision::NeedsConsent
                    }
                }
            }
        };
        // A "yes" given with others is an answer: the purpose waits in the second layer.
        let deferred = decision.asks() && decisive == Some(Msg::SeparateConsent.rule());
        Ok(PurposeDecision {
            purpose: p.id().to_string(),
            kind: p.kind(),
            decision,
            reasons,
            alone: p.kind() != PurposeKind::Essential && self.separate_needed(i, pr),
            deferred,
        })
    }

    /// Whether purpose `i` needs a consent given for it alone for this visitor: its own data or
    /// transfer abroad say so, or the visitor is a child whose data the jurisdiction makes
    /// sensitive.
    fn separate_needed(&self, i: usize, pr: &Prepared<'_>) -> bool {
        self.policy.purposes.get(i).is_none_or(|p| p.separate) || pr.child_sensitive
    }

    /// Judges a recorded consent. `guardian` is set when it is a guardian's consent for a child,
    /// so that "ask again" means asking the guardian.
    fn judge_consent(
        &self,
        i: usize,
        c: &Consent,
        pr: &Prepared<'_>,
        say: &mut impl FnMut(Msg<'_>, &str),
        guardian: bool,
    ) -> Result<Decision, Problem> {
        let p = self
            .policy
            .purposes
            .get(i)
            .ok_or_else(|| Problem::at("context.unknown_purpose", "$", "purpose index out of range"))?;
        let clause = p.clause.as_str();
        let rule = &*pr.rule;
        let time = Timestamp::parse(&c.time).map_err(|e| {
            Problem::at("context.invalid_time", format!("$.consents.{}.time", p.id()), e.0)
                .hint("record consent times as RFC 3339")
        })?;
        let separate_needed = self.separate_needed(i, pr);
        let ask = |separate: bool| {
            if guardian {
                Decision::NeedsGuardianConsent
            } else if separate {
                Decision::NeedsSeparateConsent
            } else {
                Decision::NeedsConsent
            }
        };
        if time > pr.now {
            say(Msg::ConsentFuture(&c.time), clause);
            return Ok(ask(separate_needed));
        }
        let given = time;
        match c.state {
            s if s.is_valid_consent() => {
                let until = time.plus(&rule.consent_validity.value);
                if until <= pr.now {
                    say(Msg::ConsentExpired(given, until), &rule.consent_validity.source.clause);
                    return Ok(ask(separate_needed));
                }
                if separate_needed && !c.separate {
                    say(Msg::SeparateConsent, clause);
                    if pr.child_sensitive {
                        say_child_sensitive(rule, say);
                    }
                    return Ok(ask(true));
                }
                if c.policy_version != self.policy.version {
                    let older = Version::parse(&c.policy_version).is_some_and(|v| v < self.version);
                    if let (true, true, Some(law)) = (guardian, older, &rule.guardian_again_on_major_change) {
                        let major = self
                            .policy
                            .history
                            .iter()
                            .find(|h| h.version == c.policy_version)
                            .and_then(|h| h.notice)
                            .is_none_or(|n| n.major);
                        if major {
                            say(Msg::GuardianAgain(&c.policy_version, &law.law), &law.clause);
                            return Ok(Decision::NeedsGuardianConsent);
                        }
                    }
                    match self.growth.get(&c.policy_version).and_then(|g| g.get(i)) {
                        Some(Some(grew)) if older && grew.is_empty() => {}
                        Some(Some(grew)) if older => {
                            let mut words: Vec<&str> = Vec::with_capacity(grew.len());
                            let mut sep = "";
                            if let Some(m) = pr.messages {
                                for k in grew {
                                    words.push(growth_word(k, m));
                                }
                                sep = &m[MessageKey::ListSep];
                            }
                            say(Msg::Reconsent(&c.policy_version, &words.join(sep)), clause);
                            return Ok(if guardian {
                                Decision::NeedsGuardianConsent
                            } else {
                                Decision::NeedsReconsent
                            });
                        }
                        _ => {
                            say(Msg::VersionUnknown(&c.policy_version), clause);
                            return Ok(if guardian {
                                Decision::NeedsGuardianConsent
                            } else {
                                Decision::NeedsReconsent
                            });
                        }
                    }
                }

                if guardian {
                    say(Msg::GuardianConsent(given, until), clause);
                } else {
                    say(Msg::ConsentValid(given, until), clause);
                }
                Ok(Decision::Allowed)
            }
            // "Accept all" named the purpose among others, which cannot count where it needs a
            // consent given alone: the receipt says the request was deferred to the second
            // layer, where it waits, an answer that keeps the banner from reopening, for as long
            // as a refusal is remembered (a deferral is no consent, and the receipt lasts as
            // long).
            ConsentState::ConsentRequestDeferred
                if separate_needed && time.plus(&rule.refusal_memory.value) > pr.now =>
            {
                say(Msg::SeparateConsent, clause);
                if pr.child_sensitive {
                    say_child_sensitive(rule, say);
                }
                Ok(ask(true))
            }
            ConsentState::ConsentRevoked => {
                say(Msg::Revoked(given), clause);
                Ok(Decision::Denied)
            }
            s if s.is_refusal() => {
                let until = time.plus(&rule.refusal_memory.value);
                let src = &rule.refusal_memory.source.clause;
                if until > pr.now {
                    say(Msg::RefusalRemembered(given, until), src);
                    Ok(Decision::Denied)
                } else {
                    say(Msg::RefusalLapsed(given, until), src);
                    Ok(ask(separate_needed))
                }
            }
            s => {
                say(Msg::NoValidConsent(s.json_name()), clause);
                Ok(ask(separate_needed))
            }
        }
    }

    fn page(&self, ctx: &Context, pr: &Prepared<'_>, decisions: &[PurposeDecision]) -> PageState {
        // The age question opens by itself while an optional purpose waits for it: one the
        // visitor has not refused (refusing needs no age).
        let unanswered = decisions.iter().any(|d| {
            d.kind != PurposeKind::Essential && !ctx.consents.get(&d.purpose).is_some_and(|c| refusal_stands(c, pr))
        });
        let age_gate = unanswered && pr.band == AgeBand::Unknown && pr.rule.ask_age.value;
        let pending = decisions.iter().any(|d| d.decision == Decision::NeedsGuardianConsent);
        let asks = decisions.iter().any(PurposeDecision::awaits_answer);
        let minor = matches!(pr.band, AgeBand::BelowGuardianAge | AgeBand::Minor);
        // The terms the visitor agreed to: those of the newest version they made a choice under.
        // When a later change reduced their rights, those terms keep applying until they accept.
        let agreed = self.terms_pending(ctx);
        let update_notice = match agreed {
            Some(agreed) => self.update_notice(agreed, pr.locale).map(|n| UpdateNotice {
                requires_acceptance: true,
                ..n
            }),
            None => ctx
                .seen_policy_version
                .as_deref()
                .and_then(|seen| self.update_notice(seen, pr.locale)),
        };
        PageState {
            show_banner: asks && !age_gate && pr.band != AgeBand::BelowGuardianAge,
            age_gate,
            guardian_flow: (pr.band == AgeBand::BelowGuardianAge && pending)
                .then(|| super::PENDING_GUARDIAN.to_string()),
            guardian_notice: minor,
            youth_mode: minor,
            update_notice,
            terms_version: agreed.unwrap_or(&self.policy.version).to_string(),
        }
    }

    /// The version whose terms still apply to a visitor who has not accepted a later change
    /// that reduces their rights: the newest version among their consents, when the history entry
    /// `assent diff` made for it says the changes since reduce rights. `None`: the current terms.
    fn terms_pending<'c>(&self, ctx: &'c Context) -> Option<&'c str> {
        let agreed = ctx
            .consents
            .values()
            .filter_map(|c| Version::parse(&c.policy_version).map(|v| (v, c.policy_version.as_str())))
            .max()?;
        if agreed.0 >= self.version {
            return None;
        }
        self.policy
            .history
            .iter()
            .find(|h| h.version == agreed.1)
            .and_then(|h| h.notice)
            .is_some_and(|n| n.reduces_rights)
            .then_some(agreed.1)
    }

    /// The notice for a visitor who last saw `seen`: major when what consent covers changed.
    /// Its texts and words are in `locale` (the policy's texts fall back as a text does).
    pub fn update_notice(&self, seen: &str, locale: &str) -> Option<UpdateNotice> {
        if seen == self.policy.version || Version::parse(seen).is_some_and(|v| v > self.version) {
            return None;
        }
        let p = &self.policy;
        let texts = p.texts_or_fallback(locale);
        let none = Messages::default();
        let m = texts.map_or(&none, |t| &t.messages);
        // A history entry made by `assent diff` carries the classification of every change.
        if let Some(n) = p.history.iter().find(|h| h.version == seen).and_then(|h| h.notice) {
            return Some(UpdateNotice {
                from: seen.to_string(),
                to: p.version.clone(),
                major: n.major,
                summary: texts.and_then(|t| t.notices.get(seen)).cloned().unwrap_or_default(),
                requires_acceptance: false,
            });
        }
        let name = |i: usize| {
            texts
                .and_then(|t| t.texts.purposes.0.get(i))
                .map(|(_, x)| x.name.clone())
                .unwrap_or_default()
        };
        let (major, summary) = match (self.growth.get(seen), p.history.iter().find(|h| h.version == seen)) {
            (Some(per), Some(h)) => {
                let mut parts = Vec::new();
                for (i, g) in per.iter().enumerate() {
                    match g {
                        None => parts.push(format!("{} ({})", name(i), growth_word("new", m))),
                        Some(g) if !g.is_empty() => {
                            let sep = &m[MessageKey::ListSep];
                            let mut w: Vec<&str> = Vec::with_capacity(g.len());
                            for k in g {
                                w.push(growth_word(k, m));
                            }
                            parts.push(format!("{} ({})", name(i), w.join(sep)));
                        }
                        Some(_) => {}
                    }
                }
                let current = |id: &str| p.purposes.iter().any(|x| x.id() == id);
                let mut removed: Vec<&str> = Vec::new();
                for x in &h.purposes {
                    if !current(&x.id) {
                        removed.push(&x.id);
                    }
                }
                let version = p.version.as_str();
                let mut summary = if parts.is_empty() {
                    fill(&m[MessageKey::UpdateUnchanged], &[("version", version), ("seen", seen)])
                } else {
                    let changes = parts.join(&m[MessageKey::ChangeSep]);
                    fill(
                        &m[MessageKey::UpdateChanged],
                        &[("version", version), ("seen", seen), ("changes", &changes)],
                    )
                };
                if !removed.is_empty() {
                    summary.push_str(&fill(
                        &m[MessageKey::UpdateRemoved],
                        &[("list", &removed.join(&m[MessageKey::ListSep]))],
                    ));
                }
                (!parts.is_empty() || !removed.is_empty(), summary)
            }
            _ => (
                true,
                fill(
                    &m[MessageKey::UpdateReview],
                    &[("version", p.version.as_str()), ("seen", seen)],
                ),
            ),
        };
        Some(UpdateNotice {
            from: seen.to_string(),
            to: p.version.clone(),
            major,
            summary,
            requires_acceptance: false,
        })
    }
}

/// Whether a visitor of this age and band is a child whose personal information the rule makes
/// sensitive. Without an exact age, a band below the guardian age is such a child when the
/// sensitive age is at least the guardian age.
fn child_data_sensitive(rule: &ResolvedRule, age: Option<u8>, band: AgeBand) -> bool {
    let Some(below) = &rule.child_data_sensitive_below else {
        return false;
    };
    age.is_some_and(|a| a < below.value)
        || (band == AgeBand::BelowGuardianAge && below.value >= rule.guardian_age.value)
}

/// An Accept-Language weight (RFC 9110 12.4.2: `0`, `0.5`, `1.000`) in thousandths; `None`
/// for anything else, which leaves its tag out.
fn quality(q: &str) -> Option<u16> {
    let (whole, fraction) = q.trim().split_once('.').unwrap_or((q.trim(), ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// Says why a child's consent must be separate: the jurisdiction makes a child's data sensitive.
fn say_child_sensitive(rule: &ResolvedRule, say: &mut impl FnMut(Msg<'_>, &str)) {
    if let Some(below) = &rule.child_data_sensitive_below {
        let s = &below.source;
        say(Msg::ChildDataSensitive(below.value, &s.code, &s.law), &s.clause);
    }
}

/// A visitor's context with what every answer for it needs worked out once (see
/// [`Evaluator::visitor`]).
#[derive(Debug, Clone)]
pub struct Visitor {
    ctx: Context,
    now: Timestamp,
    rule: ResolvedRule,
    band: AgeBand,
    child_sensitive: bool,
    locale: String,
}

impl Visitor {
    /// The context as it was read.
    pub fn context(&self) -> &Context {
        &self.ctx
    }
}

struct Prepared<'a> {
    now: Timestamp,
    rule: alloc::borrow::Cow<'a, ResolvedRule>,
    band: AgeBand,
    /// Whether the visitor is a child whose personal information the jurisdiction makes
    /// sensitive, so that every optional purpose needs a separate consent.
    child_sensitive: bool,
    locale: &'a str,
    /// The messages of the locale's texts (every compiled policy has some texts at hand).
    messages: Option<&'a Messages>,
    /// Whether to write each decision's reasons.
    reasons: bool,
}

/// Whether `c` is a refusal (or withdrawal) by the visitor that is still remembered at `pr.now`.
fn refusal_stands(c: &Consent, pr: &Prepared<'_>) -> bool {
    c.state.is_refusal()
        && c.by != Actor::Guardian
        && Timestamp::parse(&c.time).is_ok_and(|t| t <= pr.now && pr.now < t.plus(&pr.rule.refusal_memory.value))
}

/// How much of an answer to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecideOptions {
    /// Write each decision's reasons (the default). Without them every decision, its kind and
    /// the page state are the same, and `reasons` is empty: for callers that act on the
    /// decision alone, the engine then builds no message text, which is most of its work.
    pub reasons: bool,
}

impl Default for DecideOptions {
    fn default() -> Self {
        DecideOptions { reasons: true }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> Engine {
        Engine::from_json(include_str!("../../policies/seed.json")).unwrap()
    }

    fn band(here: &str, band: AgeBand, there: Option<&str>) -> Result<AgeBand, Problem> {
        let ctx = Context {
            now: "2026-11-29T12:00:00Z".into(),
            jurisdiction: here.into(),
            age: None,
            age_band: Some(band),
            age_band_in: there.map(String::from),
            gpc: false,
            consents: Default::default(),
            seen_policy_version: None,
            locale: None,
        };
        engine().evaluate(&ctx).map(|e| e.age_band)
    }

    #[test]
    fn gpc_opts_out_of_sale_and_sharing_in_each_state_whose_law_honours_it() {
        let e = engine();
        for (state, honoured) in [
            ("US-CA", true),
            ("US-CO", true),
            ("US-TX", true),
            ("US-CT", true),
            ("US-NY", false),
        ] {
            let ctx = Context {
                now: "2026-11-29T12:00:00Z".into(),
                jurisdiction: state.into(),
                age: Some(30),
                age_band: None,
                age_band_in: None,
                gpc: true,
                consents: Default::default(),
                seen_policy_version: None,
                locale: None,
            };
            let d = e.decide("advertising", &ctx).unwrap();
            assert_eq!(d.decision == Decision::Denied, honoured, "{state}: {d:?}");
            if honoured {
                assert_eq!(d.reasons[0].rule, "R-GPC", "{state}");
            }
        }
    }

    /// After "accept all", a purpose that needs a consent given alone waits in the second layer:
    /// the page opens no banner for it, whether or not the reasons are asked for.
    #[test]
    fn a_deferred_yes_is_an_answer_and_opens_no_banner() {
        let e = engine();
        let first: Context =
            serde_json::from_str(r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"DE","age":30}"#).unwrap();
        let asked = e.evaluate(&first).unwrap();
        assert!(asked.page.show_banner);
        assert!(asked.purposes.iter().all(|d| !d.deferred));
        let alone: Vec<&str> = asked
            .purposes
            .iter()
            .filter(|d| d.alone)
            .map(|d| d.purpose.as_str())
            .collect();
        assert!(!alone.is_empty());
        // What "accept all" records: a consent to each optional purpose, a deferral for the others.
        let consents = asked
            .purposes
            .iter()
            .filter(|d| d.kind != PurposeKind::Essential)
            .map(|d| {
                let state = if d.alone { "ConsentRequestDeferred" } else { "ConsentGiven" };
                let c = serde_json::json!({"state": state, "time": "2026-11-29T11:00:00Z", "policyVersion": e.policy().version});
                (d.purpose.clone(), c)
            })
            .collect::<serde_json::Map<_, _>>();
        let mut after = serde_json::to_value(&first).unwrap();
        after["consents"] = consents.into();
        let after: Context = serde_json::from_value(after).unwrap();
        for reasons in [true, false] {
            let answered = e.evaluator().evaluate_with(&after, DecideOptions { reasons }).unwrap();
            assert!(!answered.page.show_banner, "reasons {reasons}");
            for d in &answered.purposes {
                assert_eq!(d.deferred, alone.contains(&d.purpose.as_str()), "{}: {d:?}", d.purpose);
                if d.deferred {
                    assert_eq!(d.decision, Decision::NeedsSeparateConsent);
                }
            }
        }
    }

    #[test]
    fn a_browsers_language_list_is_read_in_its_order_of_preference() {
        let e = engine();
        let l = |wanted: &str| e.locale_for(Some(wanted)).to_string();
        // The seed offers en and zh-CN, zh-CN by default.
        assert_eq!(l("de-DE,de;q=0.9,en;q=0.8"), "en");
        assert_eq!(l("zh-TW"), "zh-CN");
        assert_eq!(l("fr;q=0.2, en-GB;q=0.7, zh;q=0.9"), "zh-CN");
        assert_eq!(l("en;q=0, zh-CN;q=0.1"), "zh-CN");
        assert_eq!(l("en;q=0.5, de"), "en");
        assert_eq!(l("en;Q=0, zh-CN;q=0.1"), "zh-CN", "the weight's name in any case");
        assert_eq!(l("en;q=2, de"), "zh-CN", "a weight that is none leaves its tag out");
        assert_eq!(l("*"), "zh-CN");
        assert_eq!(l(""), "zh-CN");
        assert_eq!(quality("0.125"), Some(125));
        assert_eq!(quality("1.000"), Some(1000));
        assert_eq!(quality("0.1234"), None);
        assert_eq!(quality("1.5"), None);
    }

    /// A locked band counts elsewhere as the strictest band its ages can have there.
    #[test]
    fn a_band_locked_elsewhere_counts_as_its_youngest_age_here() {
        use AgeBand::{Adult, BelowGuardianAge, Minor};
        // GB's minors are 13 to 17: the youngest is below Germany's and France's guardian age.
        assert_eq!(band("DE", Minor, Some("GB")), Ok(BelowGuardianAge));
        assert_eq!(band("FR", Minor, Some("GB")), Ok(BelowGuardianAge));
        // China's adults are 18 and over: a minor in Korea, where majority is 19.
        assert_eq!(band("KR", Adult, Some("CN")), Ok(Minor));
        // Germany's minors (16 and 17) are minors in GB too; its children stay children.
        assert_eq!(band("GB", Minor, Some("DE")), Ok(Minor));
        assert_eq!(band("GB", BelowGuardianAge, Some("DE")), Ok(BelowGuardianAge));
        // Where the ages are the same, or the band is where it was locked, nothing changes.
        assert_eq!(band("DE", Minor, Some("DE")), Ok(Minor));
        assert_eq!(band("DE", Adult, Some("FR")), Ok(Adult));
        assert_eq!(band("DE", Minor, None), Ok(Minor));
        // A code that is no place is the caller's error, at its own path.
        let e = band("DE", Minor, Some("Germany")).unwrap_err();
        assert_eq!(
            (e.code, e.path.as_ref()),
            ("context.invalid_jurisdiction", "$.ageBandIn")
        );
    }
}
