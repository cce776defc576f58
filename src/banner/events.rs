//! The consent events: the names a listener may ask for (`window.assent.on(name, fn)` in a
//! page, `createEdge({ on })` at the edge) and which of them a change of the visitor's state
//! fires. The banner and the edge ask the same rule ([`fired`]), so a choice raises the same
//! events in the browser and on the server.
//!
//! - `change`: after every change of state;
//! - `accept:<purpose>`: when the purpose may run and did not before; a listener added while it
//!   already may run is called at once, so a site's loader runs whether the consent is old or new;
//! - `reject:<purpose>`: when a change stops the purpose, or makes its decision a refusal
//!   ([`Decision::Denied`] or [`Decision::Forbidden`]: the visitor refused it, or a rule forbids
//!   it). A decision that only moves between ways of asking (an age answered, say) fires none.

use crate::prelude::*;

use crate::eval::{Decision, Evaluation};
use crate::policy::{Problem, SortedMap};

/// What the events are read from: each purpose's decision and whether it may run (the
/// `decisions` and `purposes` of the banner's state).
#[derive(Debug, Clone, Copy)]
pub struct PurposeStates<'a> {
    /// Whether each purpose may run now.
    pub runs: &'a SortedMap<bool>,
    /// Each purpose's decision.
    pub decisions: &'a SortedMap<Decision>,
}

/// Each purpose's decision and whether it may run, read from an evaluation: the state
/// [`fired`] compares, owned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outlook {
    /// Whether each purpose may run.
    pub runs: SortedMap<bool>,
    /// Each purpose's decision.
    pub decisions: SortedMap<Decision>,
}

impl Outlook {
    /// The outlook of an evaluation: a purpose runs when it is allowed.
    pub fn of(evaluation: &Evaluation) -> Self {
        let purposes = &evaluation.purposes;
        Outlook {
            runs: purposes
                .iter()
                .map(|d| (d.purpose.clone(), d.decision == Decision::Allowed))
                .collect(),
            decisions: purposes.iter().map(|d| (d.purpose.clone(), d.decision)).collect(),
        }
    }

    /// The outlook as [`fired`] reads it.
    pub fn states(&self) -> PurposeStates<'_> {
        PurposeStates {
            runs: &self.runs,
            decisions: &self.decisions,
        }
    }
}

/// An event a listener may ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BannerEvent {
    /// Every change of state.
    Change,
    /// The purpose may now run.
    Accept(String),
    /// The purpose may not run, by a choice or a rule.
    Reject(String),
}

impl BannerEvent {
    /// Reads an event name, checking a purpose against the policy's.
    pub fn parse(name: &str, state: PurposeStates<'_>) -> Result<Self, Problem> {
        let known: Vec<&str> = state.runs.keys().map(String::as_str).collect();
        Self::parse_among(name, &known)
    }

    /// Reads an event name, checking a purpose against `purposes` (the policy's ids).
    pub fn parse_among(name: &str, purposes: &[&str]) -> Result<Self, Problem> {
        let purpose = |id: &str, make: fn(String) -> Self| {
            if purposes.contains(&id) {
                Ok(make(id.to_string()))
            } else {
                Err(Problem::at(
                    "input.event",
                    "event",
                    format!("`{name}` names no purpose of the policy"),
                )
                .hint(super::policy_purposes(purposes.iter().copied())))
            }
        };
        match name.split_once(':') {
            None if name == "change" => Ok(Self::Change),
            Some(("accept", id)) => purpose(id, Self::Accept),
            Some(("reject", id)) => purpose(id, Self::Reject),
            _ => Err(Problem::at(
                "input.event",
                "event",
                format!("`{name}` is not an event of the banner"),
            )
            .hint("use \"change\", \"accept:<purpose>\" or \"reject:<purpose>\", e.g. \"accept:analytics-cookies\"")),
        }
    }

    /// The event's name, as a listener asks for it (`change`, `accept:<purpose>`, ...).
    pub fn name(&self) -> String {
        match self {
            Self::Change => "change".to_string(),
            Self::Accept(id) => format!("accept:{id}"),
            Self::Reject(id) => format!("reject:{id}"),
        }
    }

    /// Whether a listener added now, in `state`, is called at once: `accept:` for a purpose that
    /// may already run.
    pub fn holds(&self, state: PurposeStates<'_>) -> bool {
        match self {
            Self::Accept(id) => state.runs.get(id) == Some(&true),
            Self::Change | Self::Reject(_) => false,
        }
    }
}

/// The events a change from `before` to `after` fires: `change` first, then each purpose's, in
/// the order of their ids.
pub fn fired(before: PurposeStates<'_>, after: PurposeStates<'_>) -> Vec<BannerEvent> {
    let mut events = vec![BannerEvent::Change];
    for (id, &runs) in after.runs.iter() {
        let ran = before.runs.get(id) == Some(&true);
        let refused =
            |s: PurposeStates<'_>| matches!(s.decisions.get(id), Some(Decision::Denied | Decision::Forbidden));
        if runs && !ran {
            events.push(BannerEvent::Accept(id.clone()));
        } else if !runs && (ran || (refused(after) && !refused(before))) {
            events.push(BannerEvent::Reject(id.clone()));
        }
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    type Maps = (SortedMap<bool>, SortedMap<Decision>);

    fn state(purposes: &[(&str, bool, Decision)]) -> Maps {
        let mut s: Maps = Default::default();
        for (id, runs, decision) in purposes {
            s.0.insert(id.to_string(), *runs);
            s.1.insert(id.to_string(), *decision);
        }
        s
    }

    fn view(s: &Maps) -> PurposeStates<'_> {
        PurposeStates {
            runs: &s.0,
            decisions: &s.1,
        }
    }

    #[test]
    fn names_are_change_or_a_known_purpose() {
        let s = state(&[("analytics", false, Decision::NeedsConsent)]);
        assert_eq!(BannerEvent::parse("change", view(&s)), Ok(BannerEvent::Change));
        assert_eq!(
            BannerEvent::parse("accept:analytics", view(&s)),
            Ok(BannerEvent::Accept("analytics".into()))
        );
        let unknown = BannerEvent::parse("reject:ads", view(&s)).unwrap_err();
        assert_eq!(unknown.code, "input.event");
        assert!(unknown.hint.as_deref().unwrap().contains("analytics"), "{unknown:?}");
        for bad in ["", "Change", "accept", "allow:analytics", "accept:"] {
            assert!(BannerEvent::parse(bad, view(&s)).is_err(), "{bad}");
        }
    }

    #[test]
    fn accepting_fires_accept_and_refusing_fires_reject() {
        // Before the age question the engine denies what needs consent (the age gate); the
        // answer of an adult turns that into asking, which refuses nothing.
        let unknown_age = state(&[
            ("analytics", false, Decision::Denied),
            ("ads", false, Decision::Denied),
            ("maps", true, Decision::Allowed),
        ]);
        let asked = state(&[
            ("analytics", false, Decision::NeedsConsent),
            ("ads", false, Decision::NeedsConsent),
            ("maps", true, Decision::Allowed),
        ]);
        let chosen = state(&[
            ("analytics", true, Decision::Allowed),
            ("ads", false, Decision::Denied),
            ("maps", true, Decision::Allowed),
        ]);
        assert_eq!(fired(view(&unknown_age), view(&asked)), vec![BannerEvent::Change]);
        assert_eq!(
            fired(view(&asked), view(&chosen)),
            vec![
                BannerEvent::Change,
                BannerEvent::Reject("ads".into()),
                BannerEvent::Accept("analytics".into()),
            ]
        );
        // Withdrawing stops what ran; nothing else changed, so nothing else fires.
        let withdrawn = state(&[
            ("analytics", false, Decision::Denied),
            ("ads", false, Decision::Denied),
            ("maps", true, Decision::Allowed),
        ]);
        assert_eq!(
            fired(view(&chosen), view(&withdrawn)),
            vec![BannerEvent::Change, BannerEvent::Reject("analytics".into())]
        );
        assert_eq!(fired(view(&withdrawn), view(&withdrawn)), vec![BannerEvent::Change]);
    }

    #[test]
    fn a_name_reads_back_as_the_event_it_names() {
        let purposes = ["analytics", "ads"];
        for e in [
            BannerEvent::Change,
            BannerEvent::Accept("ads".into()),
            BannerEvent::Reject("analytics".into()),
        ] {
            assert_eq!(BannerEvent::parse_among(&e.name(), &purposes), Ok(e));
        }
        let e = BannerEvent::parse_among("accept:maps", &purposes).unwrap_err();
        assert_eq!(e.hint.as_deref(), Some("the policy's purposes: `analytics`, `ads`"));
    }

    #[test]
    fn a_late_accept_listener_is_called_at_once_only_if_the_purpose_runs() {
        let s = state(&[("analytics", true, Decision::Allowed), ("ads", false, Decision::Denied)]);
        assert!(BannerEvent::Accept("analytics".into()).holds(view(&s)));
        assert!(!BannerEvent::Accept("ads".into()).holds(view(&s)));
        assert!(!BannerEvent::Reject("ads".into()).holds(view(&s)));
        assert!(!BannerEvent::Change.holds(view(&s)));
    }
}
