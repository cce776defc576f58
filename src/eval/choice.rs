//! Which choices a visitor may make: the edge checks every choice against the policy and the
//! visitor's context before it signs anything, so a receipt never records a consent the policy
//! does not offer.

use super::context::{Actor, AgeBand, ConsentState, Context, Decision};
use super::engine::{Engine, Evaluator};
use crate::policy::{did_you_mean, Problem, PurposeKind};
use crate::prelude::*;

/// One purpose's choice, as a page or API sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChoiceItem<'a> {
    /// The purpose id.
    pub purpose: &'a str,
    /// The state chosen.
    pub state: ConsentState,
}

impl Engine {
    /// See [`Evaluator::check_choice`].
    pub fn check_choice(&self, ctx: &Context, by: Actor, items: &[ChoiceItem<'_>]) -> Result<(), Problem> {
        self.evaluator().check_choice(ctx, by, items)
    }
}

impl Evaluator {
    /// Checks that every choice is one this visitor may make now. A "no" (refusal, withdrawal,
    /// revocation) is always accepted for an optional purpose; a "yes" is refused when the
    /// purpose is forbidden for the visitor, opted out of by GPC, waiting for the age gate, or
    /// (below the guardian age) not made by a guardian.
    pub fn check_choice(&self, ctx: &Context, by: Actor, items: &[ChoiceItem<'_>]) -> Result<(), Problem> {
        if items.is_empty() {
            return Err(Problem::at("choice.empty", "$.purposes", "the choice names no purpose")
                .hint("send at least one purpose"));
        }
        let eval = self.evaluate(ctx)?;
        for (i, item) in items.iter().enumerate() {
            let path = format!("$.purposes[{i}]");
            let Some(d) = eval.purposes.iter().find(|d| d.purpose == item.purpose) else {
                let hint = did_you_mean(item.purpose, self.policy().purposes.iter().map(|p| p.id()))
                    .unwrap_or_else(|| "choose one of the policy's purposes".into());
                return Err(Problem::at(
                    "choice.unknown_purpose",
                    path,
                    format!("the policy has no purpose `{}`", item.purpose),
                )
                .hint(hint));
            };
            if d.kind == PurposeKind::Essential {
                return Err(Problem::at(
                    "choice.essential",
                    path,
                    format!("`{}` is essential: it is not a choice", item.purpose),
                )
                .hint("leave essential purposes out of the choice"));
            }
            if items.iter().take(i).any(|o| o.purpose == item.purpose) {
                return Err(
                    Problem::at("choice.duplicate", path, format!("`{}` is chosen twice", item.purpose))
                        .hint("send each purpose once"),
                );
            }
            if !item.state.is_yes() {
                // A child's "no" replaces the latest answer about the purpose, and a child's own
                // refusal may be taken to a guardian later: over a guardian's refusal or
                // revocation it would let the child ask someone else about what a guardian
                // refused. It is off already; only a guardian reopens it.
                let guardian_said_no = ctx
                    .consents
                    .get(item.purpose)
                    .is_some_and(|c| c.by == Actor::Guardian && !c.state.is_valid_consent());
                if eval.age_band == AgeBand::BelowGuardianAge
                    && by != Actor::Guardian
                    && guardian_said_no
                    && d.decision == Decision::Denied
                {
                    return Err(Problem::at(
                        "choice.guardian_refused",
                        path,
                        format!(
                            "a guardian refused `{}`: it is off, and only a guardian answers about it",
                            item.purpose
                        ),
                    )
                    .hint("leave it out of the choice"));
                }
                if matches!(item.state, ConsentState::ConsentRevoked) && by != Actor::Guardian {
                    return Err(Problem::at(
                        "choice.revoke_by_guardian",
                        path,
                        "only a guardian revokes; a person withdraws",
                    )
                    .hint("use ConsentWithdrawn"));
                }
                // A withdrawal takes back a consent in force; over anything else a receipt
                // saying "withdrawn" would claim a consent that was never given.
                let in_force = ctx
                    .consents
                    .get(item.purpose)
                    .is_some_and(|c| c.state.is_valid_consent());
                if matches!(item.state, ConsentState::ConsentWithdrawn) && !in_force {
                    return Err(Problem::at(
                        "choice.nothing_to_withdraw",
                        path,
                        format!("`{}` has no consent in force to withdraw", item.purpose),
                    )
                    .hint("leave it out of the withdrawal; to refuse it, record a choice of `false` for it"));
                }
                continue;
            }
            let rule = d.reasons.first().map(|r| r.rule.as_str()).unwrap_or("");
            let refuse = |why: &str, hint: &str| {
                Err(Problem::at(
                    "choice.not_offered",
                    path.clone(),
                    format!("`{}` cannot be consented to here: {why}", item.purpose),
                )
                .hint(hint.to_string()))
            };
            match (d.decision, rule) {
                (Decision::Forbidden, _) => {
                    return refuse("it is forbidden for minors in this jurisdiction", "do not offer it")
                }
                (_, "R-GPC") => {
                    return refuse(
                        "a Global Privacy Control signal opts out of it",
                        "honour the signal; do not ask",
                    )
                }
                (_, "R-AGE-GATE") => return refuse("the age gate has not been answered", "ask the age gate first"),
                _ => {}
            }
            if eval.age_band == AgeBand::BelowGuardianAge && by != Actor::Guardian {
                return Err(Problem::at(
                    "choice.needs_guardian",
                    path,
                    format!("a child cannot consent to `{}` alone", item.purpose),
                )
                .hint("ask a parent or guardian through the guardian flow"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> Engine {
        Engine::from_json(include_str!("../../policies/seed.json")).unwrap()
    }

    fn ctx(json: &str) -> Context {
        serde_json::from_str(json).unwrap()
    }

    fn yes(purpose: &str) -> ChoiceItem<'_> {
        ChoiceItem {
            purpose,
            state: ConsentState::ConsentGiven,
        }
    }

    #[test]
    fn a_child_cannot_cover_a_guardians_refusal_with_their_own() {
        let e = engine();
        let no = |state: ConsentState| ChoiceItem {
            purpose: "search",
            state,
        };
        let by = |who: &str| {
            ctx(&format!(
                r#"{{"now":"2026-11-29T12:00:00Z","jurisdiction":"CN","ageBand":"below_guardian_age",
                "consents":{{"search":{{"state":"ConsentRefused","time":"2026-11-28T12:00:00Z","policyVersion":"1.0.0","by":"{who}"}}}}}}"#
            ))
        };
        let guardian_refused = by("guardian");
        for state in [ConsentState::ConsentRefused, ConsentState::ConsentWithdrawn] {
            assert_eq!(
                e.check_choice(&guardian_refused, Actor::Subject, &[no(state)])
                    .unwrap_err()
                    .code,
                "choice.guardian_refused"
            );
        }
        // The guardian may answer again; the child may refuse what a guardian has not refused.
        e.check_choice(&guardian_refused, Actor::Guardian, &[no(ConsentState::ConsentRefused)])
            .unwrap();
        e.check_choice(&by("self"), Actor::Subject, &[no(ConsentState::ConsentRefused)])
            .unwrap();
    }

    #[test]
    fn a_withdrawal_takes_back_only_a_consent_in_force() {
        let e = engine();
        let withdraw = [ChoiceItem {
            purpose: "analytics-cookies",
            state: ConsentState::ConsentWithdrawn,
        }];
        let with = |state: &str| {
            ctx(&format!(
                r#"{{"now":"2026-11-29T12:00:00Z","jurisdiction":"DE","age":30,
                "consents":{{"analytics-cookies":{{"state":"{state}","time":"2026-11-28T12:00:00Z","policyVersion":"1.0.0"}}}}}}"#
            ))
        };
        e.check_choice(&with("ConsentGiven"), Actor::Subject, &withdraw)
            .unwrap();
        let first_visit = ctx(r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"DE","age":30}"#);
        for c in [first_visit, with("ConsentRefused"), with("ConsentWithdrawn")] {
            let refused = e.check_choice(&c, Actor::Subject, &withdraw).unwrap_err();
            assert_eq!(
                (refused.code, refused.path.as_str()),
                ("choice.nothing_to_withdraw", "$.purposes[0]")
            );
        }
    }

    #[test]
    fn adults_may_consent_or_refuse_optional_purposes() {
        let e = engine();
        let c = ctx(r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"DE","age":30}"#);
        e.check_choice(
            &c,
            Actor::Subject,
            &[
                yes("analytics-cookies"),
                ChoiceItem {
                    purpose: "advertising",
                    state: ConsentState::ConsentRefused,
                },
            ],
        )
        .unwrap();
    }

    #[test]
    fn choices_the_policy_does_not_offer_are_refused() {
        let e = engine();
        let adult = ctx(r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"DE","age":30}"#);
        let code = |c: &Context, by, items: &[ChoiceItem<'_>]| e.check_choice(c, by, items).unwrap_err().code;
        assert_eq!(
            code(&adult, Actor::Subject, &[yes("advertsing")]),
            "choice.unknown_purpose"
        );
        assert_eq!(code(&adult, Actor::Subject, &[yes("essential")]), "choice.essential");
        assert_eq!(
            code(&adult, Actor::Subject, &[yes("search"), yes("search")]),
            "choice.duplicate"
        );
        assert_eq!(code(&adult, Actor::Subject, &[]), "choice.empty");
        let minor = ctx(r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"CN","age":16}"#);
        assert_eq!(
            code(&minor, Actor::Subject, &[yes("advertising")]),
            "choice.not_offered"
        );
        let gpc = ctx(r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"US-CA","age":30,"gpc":true}"#);
        assert_eq!(code(&gpc, Actor::Subject, &[yes("advertising")]), "choice.not_offered");
        let unknown_age = ctx(r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"DE"}"#);
        assert_eq!(
            code(&unknown_age, Actor::Subject, &[yes("search")]),
            "choice.not_offered"
        );
        let child = ctx(r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"CN","age":10}"#);
        assert_eq!(code(&child, Actor::Subject, &[yes("search")]), "choice.needs_guardian");
        // A bundled "yes" recorded as deferred is a "yes" all the same: never a child's alone.
        let deferred = [ChoiceItem {
            purpose: "marketing",
            state: ConsentState::ConsentRequestDeferred,
        }];
        assert_eq!(code(&child, Actor::Subject, &deferred), "choice.needs_guardian");
        assert_eq!(code(&unknown_age, Actor::Subject, &deferred), "choice.not_offered");
        e.check_choice(&child, Actor::Guardian, &[yes("search")]).unwrap();
        e.check_choice(
            &child,
            Actor::Subject,
            &[ChoiceItem {
                purpose: "search",
                state: ConsentState::ConsentRefused,
            }],
        )
        .unwrap();
        assert_eq!(
            code(
                &adult,
                Actor::Subject,
                &[ChoiceItem {
                    purpose: "search",
                    state: ConsentState::ConsentRevoked
                }]
            ),
            "choice.revoke_by_guardian"
        );
    }
}
