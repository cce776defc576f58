//! Google Consent Mode v2: the seven consent types Google's tags read, from assent's decisions.
//!
//! Before any Google tag runs the page sends `gtag('consent', 'default', ConsentModeDefault)`
//! (the stub, `assent/stub.js`, sends what [`ConsentModeDefault::per_region`] decided); after
//! every choice, `gtag('consent', 'update', ConsentModeState)`. Both serialize to the exact
//! object gtag expects, keys always in the order `ad_storage`, `ad_user_data`,
//! `ad_personalization`, `analytics_storage`, `functionality_storage`,
//! `personalization_storage`, `security_storage` (then `wait_for_update`, `region`).
//!
//! Each purpose lists the types it needs in `consentMode`. A type is `granted` iff the rule in
//! [`super::vote`] says yes for the purposes that map to it: at least one is allowed and none is
//! denied or forbidden. A type no purpose maps to is `denied`.

use crate::prelude::*;
use serde::{Deserialize, Serialize};

use super::{decisions_for, vote, SignalError};
use crate::compiled::CompiledPolicy;
use crate::eval::{Context, Decision, Engine, Evaluation, PurposeDecision};
use crate::policy::{iso3166, ConsentModeSignal, Problem, PurposeKind};

/// The value of one signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConsentStatus {
    /// The tags may use it.
    Granted,
    /// They may not.
    Denied,
}

impl From<bool> for ConsentStatus {
    fn from(granted: bool) -> Self {
        if granted {
            ConsentStatus::Granted
        } else {
            ConsentStatus::Denied
        }
    }
}

/// The seven consent types: the argument of `gtag('consent', 'update', ...)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ConsentModeState {
    /// Storage (cookies) for advertising.
    pub ad_storage: ConsentStatus,
    /// Sending user data to Google for advertising.
    pub ad_user_data: ConsentStatus,
    /// Personalised advertising.
    pub ad_personalization: ConsentStatus,
    /// Storage (cookies) for analytics.
    pub analytics_storage: ConsentStatus,
    /// Storage that supports the site's functions.
    pub functionality_storage: ConsentStatus,
    /// Storage for personalisation other than ads.
    pub personalization_storage: ConsentStatus,
    /// Storage for security.
    pub security_storage: ConsentStatus,
}

impl ConsentModeState {
    /// Everything denied.
    pub const DENIED: ConsentModeState = ConsentModeState {
        ad_storage: ConsentStatus::Denied,
        ad_user_data: ConsentStatus::Denied,
        ad_personalization: ConsentStatus::Denied,
        analytics_storage: ConsentStatus::Denied,
        functionality_storage: ConsentStatus::Denied,
        personalization_storage: ConsentStatus::Denied,
        security_storage: ConsentStatus::Denied,
    };

    /// The state after the visitor's choices: each signal by [`super::vote`] over the decisions
    /// of the purposes that map to it. Decisions are joined to the policy's purposes by id; a
    /// purpose missing from `decisions` abstains.
    pub fn from_decisions(policy: &CompiledPolicy, decisions: &[PurposeDecision]) -> ConsentModeState {
        let signal = |s: ConsentModeSignal| {
            ConsentStatus::from(vote(
                decisions_for(policy, decisions, move |p| p.consent_mode.contains(&s)).map(|(_, d)| d),
            ))
        };
        ConsentModeState {
            ad_storage: signal(ConsentModeSignal::AdStorage),
            ad_user_data: signal(ConsentModeSignal::AdUserData),
            ad_personalization: signal(ConsentModeSignal::AdPersonalization),
            analytics_storage: signal(ConsentModeSignal::AnalyticsStorage),
            functionality_storage: signal(ConsentModeSignal::FunctionalityStorage),
            personalization_storage: signal(ConsentModeSignal::PersonalizationStorage),
            security_storage: signal(ConsentModeSignal::SecurityStorage),
        }
    }

    /// [`ConsentModeState::from_decisions`] for a whole evaluation.
    pub fn from_evaluation(policy: &CompiledPolicy, evaluation: &Evaluation) -> ConsentModeState {
        Self::from_decisions(policy, &evaluation.purposes)
    }

    /// One signal's value.
    pub fn get(&self, signal: ConsentModeSignal) -> ConsentStatus {
        match signal {
            ConsentModeSignal::AdStorage => self.ad_storage,
            ConsentModeSignal::AdUserData => self.ad_user_data,
            ConsentModeSignal::AdPersonalization => self.ad_personalization,
            ConsentModeSignal::AnalyticsStorage => self.analytics_storage,
            ConsentModeSignal::FunctionalityStorage => self.functionality_storage,
            ConsentModeSignal::PersonalizationStorage => self.personalization_storage,
            ConsentModeSignal::SecurityStorage => self.security_storage,
        }
    }
}

/// The argument of `gtag('consent', 'default', ...)`: what holds before the visitor chooses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ConsentModeDefault {
    /// The seven consent types.
    #[serde(flatten)]
    pub state: ConsentModeState,
    /// How long tags wait for the `update` command, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_for_update: Option<u32>,
    /// The ISO 3166 codes this default applies to; none means everywhere.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub region: Vec<String>,
}

impl ConsentModeDefault {
    /// The default for a policy: a signal is granted only when a purpose that runs without
    /// consent (an essential purpose) maps to it and nothing vetoes it; every purpose that needs
    /// consent abstains, as nobody has been asked yet. The evaluator allows essential purposes
    /// first in every jurisdiction (R-ESSENTIAL) and nothing else without consent, so the
    /// default is the same for every region; `region` only scopes the command.
    ///
    /// Region codes are ISO 3166-1 countries or ISO 3166-2 subdivisions (`ES`, `US-CA`), in any
    /// case; `EU` stands for its member states. Duplicates are dropped, order is kept.
    pub fn for_policy(
        policy: &CompiledPolicy,
        region: &[&str],
        wait_for_update: Option<u32>,
    ) -> Result<ConsentModeDefault, SignalError> {
        let before_choice: Vec<PurposeDecision> = policy
            .purposes
            .iter()
            .map(|p| PurposeDecision {
                purpose: p.id().to_string(),
                kind: p.kind(),
                decision: if p.kind() == PurposeKind::Essential {
                    Decision::Allowed
                } else {
                    Decision::NeedsConsent
                },
                reasons: Vec::new(),
                alone: false,
                deferred: false,
            })
            .collect();
        Ok(ConsentModeDefault {
            state: ConsentModeState::from_decisions(policy, &before_choice),
            wait_for_update,
            region: gtag_regions(region)?,
        })
    }

    /// The defaults a page sets before any tag, decided per region by the evaluator: for each
    /// region, the state of a first visit there (no consent given yet, age unknown, `gpc` as
    /// the visitor's browser says), so a jurisdiction rule that forbids or vetoes a purpose
    /// shows in its regions' defaults.
    ///
    /// With `regions` empty, the first command has no `region` (it is gtag's fallback, from the
    /// policy's `*` rule) and one command follows per group of the policy's jurisdictions whose
    /// state differs from it, grouped by state in policy order; with `regions`, one command per
    /// group of those regions and no fallback. gtag applies the most specific region's command.
    pub fn per_region(
        engine: &Engine,
        now: &str,
        gpc: bool,
        regions: &[&str],
        wait_for_update: Option<u32>,
    ) -> Result<Vec<ConsentModeDefault>, Problem> {
        let policy = engine.policy();
        let first_visit = |jurisdiction: &str| -> Result<ConsentModeState, Problem> {
            let ctx = Context {
                now: now.to_string(),
                jurisdiction: jurisdiction.to_string(),
                age: None,
                age_band: None,
                age_band_in: None,
                gpc,
                consents: Default::default(),
                seen_policy_version: None,
                locale: None,
            };
            Ok(ConsentModeState::from_evaluation(
                engine.evaluator().policy(),
                &engine.evaluate(&ctx)?,
            ))
        };
        let region_problem = |e: SignalError, at: String| {
            Problem::at("consent_mode.region", at, e.to_string())
                .hint("name ISO 3166 countries or subdivisions (`DE`, `US-CA`) or `EU`")
        };
        let mut out: Vec<ConsentModeDefault> = Vec::new();
        let codes: Vec<&str> = if regions.is_empty() {
            let fallback = first_visit("*")?;
            out.push(ConsentModeDefault {
                state: fallback,
                wait_for_update,
                region: Vec::new(),
            });
            policy
                .jurisdictions
                .iter()
                .map(|r| r.code.as_str())
                .filter(|c| *c != "*")
                .collect()
        } else {
            regions.to_vec()
        };
        for (i, code) in codes.iter().enumerate() {
            let expanded = gtag_regions(&[code]).map_err(|e| region_problem(e, format!("$.regions[{i}]")))?;
            let state = first_visit(code)?;
            if regions.is_empty() && out.first().is_some_and(|f| f.state == state) {
                continue;
            }
            match out.iter_mut().find(|d| d.state == state && !d.region.is_empty()) {
                Some(group) => {
                    for r in expanded {
                        if !group.region.contains(&r) {
                            group.region.push(r);
                        }
                    }
                }
                None => out.push(ConsentModeDefault {
                    state,
                    wait_for_update,
                    region: expanded,
                }),
            }
        }
        Ok(out)
    }
}

/// Region codes as gtag reads them: upper case, `EU` expanded, no duplicates.
fn gtag_regions(codes: &[&str]) -> Result<Vec<String>, SignalError> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |c: &str| {
        if !out.iter().any(|o| o == c) {
            out.push(c.to_string());
        }
    };
    for code in codes {
        let up = code.trim().to_ascii_uppercase();
        if up == "EU" {
            iso3166::EU_MEMBERS.iter().for_each(|m| add(m));
        } else if iso3166::is_jurisdiction(&up) {
            add(&up);
        } else {
            return Err(SignalError::InvalidRegion(code.to_string()));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::Engine;
    use ConsentStatus::{Denied, Granted};

    fn seed() -> Engine {
        Engine::from_json(include_str!("../../policies/seed.json")).unwrap()
    }

    fn decide(engine: &Engine, pairs: &[(&str, Decision)]) -> Vec<PurposeDecision> {
        engine
            .policy()
            .purposes
            .iter()
            .map(|p| PurposeDecision {
                purpose: p.id.clone(),
                kind: p.kind,
                decision: pairs.iter().find(|(id, _)| *id == p.id).map(|(_, d)| *d).unwrap_or(
                    if p.kind == PurposeKind::Essential {
                        Decision::Allowed
                    } else {
                        Decision::NeedsConsent
                    },
                ),
                reasons: vec![],
                alone: false,
                deferred: false,
            })
            .collect()
    }

    #[test]
    fn update_serializes_in_gtag_shape_and_order() {
        let e = seed();
        let s = ConsentModeState::from_decisions(
            e.evaluator().policy(),
            &decide(&e, &[("analytics-cookies", Decision::Allowed)]),
        );
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"granted","functionality_storage":"denied","personalization_storage":"denied","security_storage":"denied"}"#
        );
    }

    #[test]
    fn advertising_allowed_grants_its_three_signals() {
        let e = seed();
        let s = ConsentModeState::from_decisions(
            e.evaluator().policy(),
            &decide(&e, &[("advertising", Decision::Allowed)]),
        );
        assert_eq!(
            (s.ad_storage, s.ad_user_data, s.ad_personalization, s.analytics_storage),
            (Granted, Granted, Granted, Denied)
        );
    }

    #[test]
    fn refused_advertising_vetoes_ad_user_data_that_marketing_would_grant() {
        let e = seed();
        let s = ConsentModeState::from_decisions(
            e.evaluator().policy(),
            &decide(
                &e,
                &[("marketing", Decision::Allowed), ("advertising", Decision::Denied)],
            ),
        );
        assert_eq!(s.ad_user_data, Denied);
        let pending =
            ConsentModeState::from_decisions(e.evaluator().policy(), &decide(&e, &[("marketing", Decision::Allowed)]));
        assert_eq!(pending.ad_user_data, Granted);
    }

    #[test]
    fn advertising_forbidden_for_a_minor_vetoes_marketing_too() {
        let e = seed();
        let s = ConsentModeState::from_decisions(
            e.evaluator().policy(),
            &decide(
                &e,
                &[("marketing", Decision::Allowed), ("advertising", Decision::Forbidden)],
            ),
        );
        assert_eq!(s, ConsentModeState::DENIED);
    }

    #[test]
    fn default_denies_everything_for_the_seed_and_keeps_wait_and_region() {
        let e = seed();
        let d = ConsentModeDefault::for_policy(e.evaluator().policy(), &["es", "US-CA", "ES"], Some(500)).unwrap();
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#"{"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"denied","functionality_storage":"denied","personalization_storage":"denied","security_storage":"denied","wait_for_update":500,"region":["ES","US-CA"]}"#
        );
        let plain = ConsentModeDefault::for_policy(e.evaluator().policy(), &[], None).unwrap();
        assert_eq!(
            serde_json::to_string(&plain).unwrap(),
            r#"{"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"denied","functionality_storage":"denied","personalization_storage":"denied","security_storage":"denied"}"#
        );
    }

    #[test]
    fn default_grants_what_an_essential_purpose_needs() {
        let mut policy = seed().policy().clone();
        if let Some(p) = policy.purposes.iter_mut().find(|p| p.id == "essential") {
            p.consent_mode = vec![ConsentModeSignal::AnalyticsStorage];
        }
        let d = ConsentModeDefault::for_policy(&CompiledPolicy::from_policy(&policy), &[], None).unwrap();
        assert_eq!(d.state.analytics_storage, Granted);
        assert_eq!(d.state.ad_storage, Denied);
    }

    #[test]
    fn eu_region_expands_to_member_states() {
        let e = seed();
        let d = ConsentModeDefault::for_policy(e.evaluator().policy(), &["EU", "DE"], None).unwrap();
        assert_eq!(d.region.len(), 27);
        assert_eq!(d.region.first().map(String::as_str), Some("AT"));
    }

    #[test]
    fn unknown_region_is_an_error() {
        let e = seed();
        assert_eq!(
            ConsentModeDefault::for_policy(e.evaluator().policy(), &["XX"], None),
            Err(SignalError::InvalidRegion("XX".into()))
        );
        assert!(ConsentModeDefault::for_policy(e.evaluator().policy(), &["*"], None).is_err());
    }

    #[test]
    fn evaluation_of_a_californian_with_gpc_denies_ads() {
        let e = seed();
        let ctx: crate::eval::Context = serde_json::from_str(
            r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"US-CA","age":30,"gpc":true,
                "consents":{"advertising":{"state":"ConsentGiven","time":"2026-11-01T00:00:00Z","policyVersion":"VERSION","separate":true},
                            "analytics-cookies":{"state":"ConsentGiven","time":"2026-11-01T00:00:00Z","policyVersion":"VERSION","separate":true}}}"#
                .replace("VERSION", &e.evaluator().policy().version)
                .as_str(),
        )
        .unwrap();
        let ev = e.evaluate(&ctx).unwrap();
        let s = ConsentModeState::from_evaluation(e.evaluator().policy(), &ev);
        assert_eq!(s.ad_storage, Denied, "{:?}", ev.purposes);
        assert_eq!(s.analytics_storage, Granted, "{:?}", ev.purposes);
    }

    #[test]
    fn state_round_trips_through_json_and_rejects_unknown_keys() {
        let s = ConsentModeState::DENIED;
        let back: ConsentModeState = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(back, s);
        assert!(serde_json::from_str::<ConsentModeState>(
            r#"{"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"denied","x":1}"#
        )
        .is_err());
    }
}

#[cfg(test)]
mod per_region_tests {
    use super::*;
    use crate::policy::Policy;
    use ConsentStatus::{Denied, Granted};

    fn engine_with(edit: impl FnOnce(&mut Policy)) -> Engine {
        let mut policy = Engine::from_json(include_str!("../../policies/seed.json"))
            .unwrap()
            .policy()
            .clone();
        edit(&mut policy);
        Engine::new(policy).map_err(|e| format!("{e:?}")).unwrap()
    }

    const NOW: &str = "2026-11-29T12:00:00Z";

    #[test]
    fn the_seed_denies_all_seven_everywhere_in_one_fallback_command() {
        let e = engine_with(|_| ());
        let d = ConsentModeDefault::per_region(&e, NOW, false, &[], Some(500)).unwrap();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].state, ConsentModeState::DENIED);
        assert!(d[0].region.is_empty());
        assert_eq!(d[0].wait_for_update, Some(500));
    }

    #[test]
    fn an_essential_purpose_grants_its_types_before_any_choice() {
        let e = engine_with(|p| {
            let essential = p
                .purposes
                .iter_mut()
                .find(|p| p.kind == PurposeKind::Essential)
                .unwrap();
            essential.consent_mode = vec![
                ConsentModeSignal::SecurityStorage,
                ConsentModeSignal::FunctionalityStorage,
            ];
        });
        let d = ConsentModeDefault::per_region(&e, NOW, false, &[], None).unwrap();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            (
                d[0].state.security_storage,
                d[0].state.functionality_storage,
                d[0].state.ad_storage
            ),
            (Granted, Granted, Denied)
        );
    }

    #[test]
    fn named_regions_get_their_own_commands_and_no_fallback() {
        let e = engine_with(|_| ());
        let d = ConsentModeDefault::per_region(&e, NOW, true, &["EU", "US-CA"], None).unwrap();
        assert!(d.iter().all(|c| !c.region.is_empty()), "{d:?}");
        let all: Vec<&str> = d.iter().flat_map(|c| c.region.iter().map(String::as_str)).collect();
        assert!(all.contains(&"DE") && all.contains(&"US-CA"), "{all:?}");
    }

    #[test]
    fn a_region_that_is_not_one_is_a_problem_with_its_place() {
        let e = engine_with(|_| ());
        let p = ConsentModeDefault::per_region(&e, NOW, false, &["DE", "Mars"], None).unwrap_err();
        assert_eq!((p.code, p.path.as_str()), ("consent_mode.region", "$.regions[1]"));
    }
}
