//! What a click means: each banner action becomes a [`ChoicePlan`], the consents and
//! withdrawals to record, with the collection method the receipt will name. Only purposes the
//! visitor may choose are ever part of a plan ([`super::offer`]); turning off a purpose that is
//! allowed now is a withdrawal, not a refusal.

use crate::prelude::*;
use serde::Serialize;

use crate::eval::{AgeBand, Consent, ConsentState, Decision, Evaluation};
use crate::policy::{did_you_mean, Problem, SortedMap};
use crate::receipt::CollectionMethod;
use crate::time::Timestamp;

use super::model::{first_rule, offer, Offer};

/// Something the visitor did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// "Accept all", on either layer: every purpose the visitor may choose, on, as one bundled
    /// answer.
    AcceptAll,
    /// "Reject all": every purpose the visitor may choose, off.
    RejectAll,
    /// "Save" on the second layer: the switches as they are; a purpose left out is off.
    Save(SortedMap<bool>),
    /// Only the purposes named, the others untouched (an embed's "allow", `assent.set`).
    Set(SortedMap<bool>),
    /// The answers on the notice of a major policy update: the purposes it asked about.
    Update(SortedMap<bool>),
    /// "Got it" on an update notice that asks nothing: the acknowledgement, recorded as the
    /// visitor's choices as they stand under the new version.
    Acknowledge,
}

/// The consents and withdrawals one action records.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChoicePlan {
    /// The collection method the receipt names.
    pub method: Option<CollectionMethod>,
    /// Purpose id to yes (consent given) or no (consent refused).
    pub consent: SortedMap<bool>,
    /// Purposes allowed now that the visitor turned off: withdrawn.
    pub withdraw: Vec<String>,
    /// Purposes of `consent` that need a consent given alone ([`crate::eval::PurposeDecision::alone`]):
    /// a bundled "yes" to them is recorded as deferred ([`CollectionMethod::records_state`]), as
    /// the receipt will say.
    pub needs_alone: Vec<String>,
}

/// The body of the edge's `POST /v1/consent`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentBody<'a> {
    /// The locale the notice was shown in.
    pub locale: &'a str,
    /// Purpose id to yes or no.
    pub choices: &'a SortedMap<bool>,
    /// The collection method.
    pub method: CollectionMethod,
}

/// The body of the edge's `POST /v1/consent/withdraw`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WithdrawBody<'a> {
    /// The locale the notice was shown in.
    pub locale: &'a str,
    /// The purposes withdrawn.
    pub purposes: &'a [String],
    /// The collection method.
    pub method: CollectionMethod,
}

impl ChoicePlan {
    /// Whether the plan records nothing.
    pub fn is_empty(&self) -> bool {
        self.consent.is_empty() && self.withdraw.is_empty()
    }

    /// The purposes the plan turns off (refused or withdrawn).
    pub fn turned_off(&self) -> impl Iterator<Item = &str> {
        self.consent
            .iter()
            .filter(|(_, yes)| !**yes)
            .map(|(p, _)| p.as_str())
            .chain(self.withdraw.iter().map(String::as_str))
    }

    /// The consent body for the edge, when the plan has consents or refusals.
    pub fn consent_body<'a>(&'a self, locale: &'a str) -> Option<ConsentBody<'a>> {
        match (&self.method, self.consent.is_empty()) {
            (Some(method), false) => Some(ConsentBody {
                locale,
                choices: &self.consent,
                method: *method,
            }),
            _ => None,
        }
    }

    /// The withdrawal body for the edge, when the plan withdraws something.
    pub fn withdraw_body<'a>(&'a self, locale: &'a str) -> Option<WithdrawBody<'a>> {
        match (&self.method, self.withdraw.is_empty()) {
            (Some(method), false) => Some(WithdrawBody {
                locale,
                purposes: &self.withdraw,
                method: *method,
            }),
            _ => None,
        }
    }

    /// The plan as unsigned consent records made at `now` under `version`, for a site without a
    /// consent service (or when recording failed): merged over `into`, each purpose's newest
    /// record kept.
    /// `before` is each purpose's consent before this plan: whether a choice counts as separate
    /// is the receipt's rule ([`CollectionMethod::records_separate`]), as at the edge.
    pub fn record_locally(
        &self,
        into: &mut SortedMap<Consent>,
        before: &SortedMap<Consent>,
        now: Timestamp,
        version: &str,
    ) {
        let separate = |purpose: &str, yes: bool| {
            self.method
                .is_some_and(|m| m.records_separate(yes, before.get(purpose)))
        };
        let state = |purpose: &str, yes: bool| match self.method {
            Some(m) => m.records_state(yes, before.get(purpose), self.needs_alone.iter().any(|p| p == purpose)),
            None if yes => ConsentState::ConsentGiven,
            None => ConsentState::ConsentRefused,
        };
        let record = |state: ConsentState, separate: bool| Consent {
            state,
            time: now.to_string(),
            policy_version: version.to_string(),
            by: Default::default(),
            separate,
            joint: false,
        };
        for (purpose, yes) in &self.consent {
            into.insert(purpose.clone(), record(state(purpose, *yes), separate(purpose, *yes)));
        }
        for purpose in &self.withdraw {
            into.insert(purpose.clone(), record(ConsentState::ConsentWithdrawn, true));
        }
    }
}

/// Plans an action for a visitor whose current decisions are `evaluation`.
pub fn plan(evaluation: &Evaluation, action: &Action) -> Result<ChoicePlan, Problem> {
    let mut out = choices(evaluation, action)?;
    out.needs_alone = evaluation
        .purposes
        .iter()
        .filter(|d| d.alone && out.consent.get(&d.purpose).is_some())
        .map(|d| d.purpose.clone())
        .collect();
    Ok(out)
}

/// The consents and withdrawals of an action, and how they are asked.
fn choices(evaluation: &Evaluation, action: &Action) -> Result<ChoicePlan, Problem> {
    let choosable = || {
        evaluation
            .purposes
            .iter()
            .filter(|d| offer(d, evaluation.age_band) == Offer::Choice)
    };
    let mut out = ChoicePlan::default();
    let put = |out: &mut ChoicePlan, purpose: &str, yes: bool, allowed: bool| {
        if !yes && allowed {
            out.withdraw.push(purpose.to_string());
        } else {
            out.consent.insert(purpose.to_string(), yes);
        }
    };
    let (method, wanted) = match action {
        Action::AcceptAll | Action::RejectAll => {
            let yes = *action == Action::AcceptAll;
            // A purpose needing a consent given alone that runs already is left as it is by
            // "accept all": giving it again in a bundle would be less than that consent.
            for d in choosable().filter(|d| !(yes && d.alone && d.decision == Decision::Allowed)) {
                put(&mut out, &d.purpose, yes, d.decision == Decision::Allowed);
            }
            if !yes && evaluation.age_band == AgeBand::Unknown {
                // Refusing needs no age: "reject all" on the age question says no to what waits
                // for it, and the question then opens no more by itself.
                for d in evaluation.purposes.iter() {
                    if d.decision == Decision::Denied
                        && first_rule(d) == "R-AGE-GATE"
                        && !out.withdraw.contains(&d.purpose)
                    {
                        out.consent.insert(d.purpose.clone(), false);
                    }
                }
            }
            if !yes && evaluation.age_band == AgeBand::BelowGuardianAge {
                // A child chooses nothing, but may say no (the guardian step's "keep them off"):
                // to what waits for a guardian, not to what a guardian allowed.
                for d in evaluation.purposes.iter() {
                    if d.decision == Decision::NeedsGuardianConsent {
                        out.consent.insert(d.purpose.clone(), false);
                    }
                }
            }
            out.method = Some(CollectionMethod::BannerLayer1);
            return Ok(out);
        }
        Action::Save(m) => (CollectionMethod::BannerLayer2, m),
        Action::Set(m) => (CollectionMethod::BannerLayer2, m),
        Action::Update(m) => (CollectionMethod::UpdateNotice, m),
        Action::Acknowledge => {
            reaffirm(&mut out, evaluation);
            out.method = Some(CollectionMethod::UpdateNotice);
            return Ok(out);
        }
    };
    for (purpose, yes) in wanted.iter() {
        let Some(d) = evaluation.purposes.iter().find(|d| &d.purpose == purpose) else {
            let ids = || evaluation.purposes.iter().map(|d| d.purpose.as_str());
            let hint = did_you_mean(purpose, ids()).unwrap_or_else(|| super::policy_purposes(ids()));
            return Err(Problem::at(
                "choice.unknown_purpose",
                format!("$.{purpose}"),
                format!("the policy has no purpose `{purpose}`"),
            )
            .hint(hint));
        };
        match offer(d, evaluation.age_band) {
            Offer::Choice => {}
            Offer::Essential => {
                return Err(Problem::at(
                    "choice.essential",
                    format!("$.{purpose}"),
                    format!("`{purpose}` is essential: it is always on, not a choice"),
                )
                .hint("leave essential purposes out"))
            }
            Offer::Unavailable if !*yes => continue,
            Offer::Unavailable => {
                let why = d.reasons.first().map(|r| r.message.as_str()).unwrap_or("");
                return Err(Problem::at(
                    "choice.not_offered",
                    format!("$.{purpose}"),
                    format!("`{purpose}` cannot be turned on here: {why}"),
                )
                .hint("only purposes the banner offers can be turned on"));
            }
        }
    }
    if matches!(action, Action::Save(_)) {
        for d in choosable() {
            let yes = wanted.get(&d.purpose).copied().unwrap_or(false);
            put(&mut out, &d.purpose, yes, d.decision == Decision::Allowed);
        }
    } else {
        for d in choosable() {
            if let Some(&yes) = wanted.get(&d.purpose) {
                put(&mut out, &d.purpose, yes, d.decision == Decision::Allowed);
            }
        }
    }
    let accepting = evaluation
        .page
        .update_notice
        .as_ref()
        .is_some_and(|n| n.requires_acceptance);
    if matches!(action, Action::Update(_)) && accepting && out.is_empty() {
        // Accepting a version that reduces rights when nothing is asked again: the visitor's
        // choices as they stand, recorded under the new version, are the acceptance (any answer
        // given under it is).
        reaffirm(&mut out, evaluation);
    }
    out.method = Some(method);
    Ok(out)
}

/// The visitor's current choices, to record again under the current version: what is allowed
/// stays given, what is refused stays refused; nothing turns on that was off, and a purpose
/// without a choice stays without one. While the age is unknown nothing is offered, but the
/// visitor's own refusals stand (a "no" needs no age) and are recorded again too.
fn reaffirm(out: &mut ChoicePlan, evaluation: &Evaluation) {
    for d in &evaluation.purposes {
        let yes = match (offer(d, evaluation.age_band), d.decision) {
            (Offer::Choice, Decision::Allowed) => true,
            (Offer::Choice, Decision::Denied) => false,
            _ if refused_without_age(d, evaluation.age_band) => false,
            _ => continue,
        };
        out.consent.insert(d.purpose.clone(), yes);
    }
}

/// Whether the visitor's own refusal of `d` stands while their age is unknown (the engine says
/// the age question first, then the refusal it remembers).
fn refused_without_age(d: &crate::eval::PurposeDecision, band: AgeBand) -> bool {
    band == AgeBand::Unknown
        && first_rule(d) == "R-AGE-GATE"
        && d.reasons.iter().any(|r| r.rule == "R-REFUSAL-REMEMBERED")
}
