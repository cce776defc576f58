//! Google Consent Mode v2: the four signals Google's tags read, from assent's decisions.
//!
//! Before any Google tag runs the page sends `gtag('consent', 'default', ConsentModeDefault)`;
//! after every choice, `gtag('consent', 'update', ConsentModeState)`. Both serialize to the
//! exact object gtag expects, keys always in the order `ad_storage`, `ad_user_data`,
//! `ad_personalization`, `analytics_storage` (then `wait_for_update`, `region`):
//! `{"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"granted"}`.
//!
//! Each purpose lists the signals it needs in `consentMode`. A signal is `granted` iff the
//! rule in [`super::vote`] says yes for the purposes that map to it: at least one is allowed
//! and none is denied or forbidden. A signal no purpose maps to is `denied`.

use crate::prelude::*;
use serde::{Deserialize, Serialize};

use super::{decisions_for, vote, SignalError};
use crate::eval::{Decision, Evaluation, PurposeDecision};
use crate::policy::{iso3166, ConsentModeSignal, Policy, PurposeKind};

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

/// The four signals: the argument of `gtag('consent', 'update', ...)`.
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
}

impl ConsentModeState {
    /// Everything denied.
    pub const DENIED: ConsentModeState = ConsentModeState {
        ad_storage: ConsentStatus::Denied,
        ad_user_data: ConsentStatus::Denied,
        ad_personalization: ConsentStatus::Denied,
        analytics_storage: ConsentStatus::Denied,
    };

    /// The state after the visitor's choices: each signal by [`super::vote`] over the decisions
    /// of the purposes that map to it. Decisions are joined to the policy's purposes by id; a
    /// purpose missing from `decisions` abstains.
    pub fn from_decisions(policy: &Policy, decisions: &[PurposeDecision]) -> ConsentModeState {
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
        }
    }

    /// [`ConsentModeState::from_decisions`] for a whole evaluation.
    pub fn from_evaluation(policy: &Policy, evaluation: &Evaluation) -> ConsentModeState {
        Self::from_decisions(policy, &evaluation.purposes)
    }

    /// One signal's value.
    pub fn get(&self, signal: ConsentModeSignal) -> ConsentStatus {
        match signal {
            ConsentModeSignal::AdStorage => self.ad_storage,
            ConsentModeSignal::AdUserData => self.ad_user_data,
            ConsentModeSignal::AdPersonalization => self.ad_personalization,
            ConsentModeSignal::AnalyticsStorage => self.analytics_storage,
        }
    }
}

/// The argument of `gtag('consent', 'default', ...)`: what holds before the visitor chooses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ConsentModeDefault {
    /// The four signals.
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
        policy: &Policy,
        region: &[&str],
        wait_for_update: Option<u32>,
    ) -> Result<ConsentModeDefault, SignalError> {
        let before_choice: Vec<PurposeDecision> = policy
            .purposes
            .iter()
            .map(|p| PurposeDecision {
                purpose: p.id.clone(),
                kind: p.kind,
                decision: if p.kind == PurposeKind::Essential {
                    Decision::Allowed
                } else {
                    Decision::NeedsConsent
                },
                reasons: Vec::new(),
            })
            .collect();
        Ok(ConsentModeDefault {
            state: ConsentModeState::from_decisions(policy, &before_choice),
            wait_for_update,
            region: gtag_regions(region)?,
        })
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
            })
            .collect()
    }

    #[test]
    fn update_serializes_in_gtag_shape_and_order() {
        let e = seed();
        let s = ConsentModeState::from_decisions(e.policy(), &decide(&e, &[("analytics-cookies", Decision::Allowed)]));
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"granted"}"#
        );
    }

    #[test]
    fn advertising_allowed_grants_its_three_signals() {
        let e = seed();
        let s = ConsentModeState::from_decisions(e.policy(), &decide(&e, &[("advertising", Decision::Allowed)]));
        assert_eq!(
            (s.ad_storage, s.ad_user_data, s.ad_personalization, s.analytics_storage),
            (Granted, Granted, Granted, Denied)
        );
    }

    #[test]
    fn refused_advertising_vetoes_ad_user_data_that_marketing_would_grant() {
        let e = seed();
        let s = ConsentModeState::from_decisions(
            e.policy(),
            &decide(
                &e,
                &[("marketing", Decision::Allowed), ("advertising", Decision::Denied)],
            ),
        );
        assert_eq!(s.ad_user_data, Denied);
        let pending = ConsentModeState::from_decisions(e.policy(), &decide(&e, &[("marketing", Decision::Allowed)]));
        assert_eq!(pending.ad_user_data, Granted);
    }

    #[test]
    fn advertising_forbidden_for_a_minor_vetoes_marketing_too() {
        let e = seed();
        let s = ConsentModeState::from_decisions(
            e.policy(),
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
        let d = ConsentModeDefault::for_policy(e.policy(), &["es", "US-CA", "ES"], Some(500)).unwrap();
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#"{"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"denied","wait_for_update":500,"region":["ES","US-CA"]}"#
        );
        let plain = ConsentModeDefault::for_policy(e.policy(), &[], None).unwrap();
        assert_eq!(
            serde_json::to_string(&plain).unwrap(),
            r#"{"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"denied"}"#
        );
    }

    #[test]
    fn default_grants_what_an_essential_purpose_needs() {
        let mut policy = seed().policy().clone();
        if let Some(p) = policy.purposes.iter_mut().find(|p| p.id == "essential") {
            p.consent_mode = vec![ConsentModeSignal::AnalyticsStorage];
        }
        let d = ConsentModeDefault::for_policy(&policy, &[], None).unwrap();
        assert_eq!(d.state.analytics_storage, Granted);
        assert_eq!(d.state.ad_storage, Denied);
    }

    #[test]
    fn eu_region_expands_to_member_states() {
        let e = seed();
        let d = ConsentModeDefault::for_policy(e.policy(), &["EU", "DE"], None).unwrap();
        assert_eq!(d.region.len(), 27);
        assert_eq!(d.region.first().map(String::as_str), Some("AT"));
    }

    #[test]
    fn unknown_region_is_an_error() {
        let e = seed();
        assert_eq!(
            ConsentModeDefault::for_policy(e.policy(), &["XX"], None),
            Err(SignalError::InvalidRegion("XX".into()))
        );
        assert!(ConsentModeDefault::for_policy(e.policy(), &["*"], None).is_err());
    }

    #[test]
    fn evaluation_of_a_californian_with_gpc_denies_ads() {
        let e = seed();
        let ctx: crate::eval::Context = serde_json::from_str(
            r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"US-CA","age":30,"gpc":true,
                "consents":{"advertising":{"state":"ConsentGiven","time":"2026-11-01T00:00:00Z","policyVersion":"VERSION","separate":true},
                            "analytics-cookies":{"state":"ConsentGiven","time":"2026-11-01T00:00:00Z","policyVersion":"VERSION","separate":true}}}"#
                .replace("VERSION", &e.policy().version)
                .as_str(),
        )
        .unwrap();
        let ev = e.evaluate(&ctx).unwrap();
        let s = ConsentModeState::from_evaluation(e.policy(), &ev);
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
