//! Signals the advertising and privacy ecosystem reads, derived from assent's decisions:
//! Google Consent Mode v2 ([`consent_mode`]), the IAB TCF v2.2/v2.3 TC string ([`tcf`]) and
//! Global Privacy Control ([`gpc`]).
//!
//! Each signal folds several purpose decisions into one yes or no with the same rule
//! ([`vote`]): **yes iff at least one purpose mapped to it is allowed and none mapped to it is
//! denied or forbidden**. A purpose still waiting for an answer (needs consent, separate
//! consent, a guardian, or consent again) is neither a yes nor a no. So a "no" beats a "yes",
//! as everywhere in the evaluator: a visitor who refused `advertising` does not have
//! `ad_user_data` granted because they accepted `marketing`, and a purpose forbidden for a minor
//! vetoes every signal it maps to.

pub mod consent_mode;
pub mod gpc;
pub mod gpp;
pub mod gvl;
pub mod tcf;

use crate::compiled::{CompiledPolicy, CompiledPurpose};
use crate::eval::{Decision, PurposeDecision};
use crate::policy::Problem;

use crate::prelude::*;
pub use consent_mode::{ConsentModeDefault, ConsentModeState, ConsentStatus};
pub use gpc::Gpc;
pub use tcf::{PublisherRestriction, PublisherTc, RestrictionKind, TcfChoice};

/// Everything that can be wrong when building or reading a signal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignalError {
    /// The TC string is longer than [`tcf::MAX_TC_STRING_LEN`].
    #[error("the TC string is {len} characters long; at most {max} are read")]
    TooLong {
        /// Its length in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A segment of the TC string is empty (an empty string, `..`, or a trailing `.`).
    #[error("segment {segment} of the TC string is empty")]
    EmptySegment {
        /// The segment's position, from 0.
        segment: usize,
    },
    /// A character outside the base64url alphabet (`A-Z a-z 0-9 - _`; no `=` padding).
    #[error("segment {segment} of the TC string has {found:?}, which is not base64url")]
    NotBase64Url {
        /// The segment's position, from 0.
        segment: usize,
        /// The character.
        found: char,
    },
    /// The bits ran out in the middle of a field.
    #[error("segment {segment} of the TC string ends inside its field {field}")]
    Truncated {
        /// The segment's position, from 0.
        segment: usize,
        /// The field being read.
        field: &'static str,
    },
    /// The core segment's Version is not 2.
    #[error("TC string version {0} is not supported; only version 2 is")]
    UnsupportedVersion(u64),
    /// A segment type assent does not read (2, AllowedVendors, is never stored; 4-7 are
    /// undefined), or a second core segment.
    #[error("segment type {0} is not supported in a stored TC string")]
    UnsupportedSegment(u64),
    /// The same segment type appears twice.
    #[error("segment type {0} appears more than once")]
    DuplicateSegment(u64),
    /// A value outside what its field may hold (an id of 0, a letter past Z, a range that ends
    /// before it starts or past MaxVendorId, a number too wide for its bits).
    #[error("{field} cannot be {value}")]
    InvalidValue {
        /// The field.
        field: &'static str,
        /// The offending value.
        value: String,
    },
    /// Fields that contradict each other under the TCF rules.
    #[error("{0}")]
    Inconsistent(&'static str),
    /// A Consent Mode region that is not an ISO 3166 code.
    #[error("`{0}` is not an ISO 3166 country or subdivision code")]
    InvalidRegion(String),
}

impl SignalError {
    /// A stable code for tools and documentation (`tcf.truncated`, `consent_mode.invalid_region`).
    pub fn code(&self) -> &'static str {
        match self {
            SignalError::TooLong { .. } => "tcf.too_long",
            SignalError::EmptySegment { .. } => "tcf.empty_segment",
            SignalError::NotBase64Url { .. } => "tcf.not_base64url",
            SignalError::Truncated { .. } => "tcf.truncated",
            SignalError::UnsupportedVersion(_) => "tcf.unsupported_version",
            SignalError::UnsupportedSegment(_) => "tcf.unsupported_segment",
            SignalError::DuplicateSegment(_) => "tcf.duplicate_segment",
            SignalError::InvalidValue { .. } => "tcf.invalid_value",
            SignalError::Inconsistent(_) => "tcf.inconsistent",
            SignalError::InvalidRegion(_) => "consent_mode.invalid_region",
        }
    }
}

// The boundary has one error shape; signals join it here, in one place.
impl From<SignalError> for Problem {
    fn from(e: SignalError) -> Self {
        Problem::at(e.code(), "$", e.to_string())
    }
}

/// The one rule that folds purpose decisions into a signal: yes iff at least one decision is
/// `allowed` and none is `denied` or `forbidden`; the `needs_*` decisions abstain.
pub fn vote(decisions: impl IntoIterator<Item = Decision>) -> bool {
    let mut yes = false;
    for d in decisions {
        match d {
            Decision::Allowed => yes = true,
            Decision::Denied | Decision::Forbidden => return false,
            Decision::NeedsConsent
            | Decision::NeedsSeparateConsent
            | Decision::NeedsGuardianConsent
            | Decision::NeedsReconsent => {}
        }
    }
    yes
}

/// The decision for each purpose of the policy that `wanted` selects, joined by purpose id;
/// a purpose with no decision in `decisions` is left out (it abstains).
pub(crate) fn decisions_for<'a>(
    policy: &'a CompiledPolicy,
    decisions: &'a [PurposeDecision],
    wanted: impl Fn(&CompiledPurpose) -> bool + 'a,
) -> impl Iterator<Item = (&'a CompiledPurpose, Decision)> + 'a {
    policy
        .purposes
        .iter()
        .filter(move |p| wanted(p))
        .filter_map(move |p| decisions.iter().find(|d| d.purpose == p.id()).map(|d| (p, d.decision)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Decision::*;

    #[test]
    fn one_allowed_and_the_rest_pending_is_yes() {
        assert!(vote([Allowed, NeedsConsent, NeedsReconsent]));
    }

    #[test]
    fn a_refusal_or_a_prohibition_vetoes_an_allowed_purpose() {
        assert!(!vote([Allowed, Denied]));
        assert!(!vote([Forbidden, Allowed]));
    }

    #[test]
    fn nothing_allowed_or_nothing_mapped_is_no() {
        assert!(!vote([NeedsConsent, NeedsGuardianConsent, NeedsSeparateConsent]));
        assert!(!vote([]));
    }

    #[test]
    fn signal_errors_become_problems_with_stable_codes() {
        let p = Problem::from(SignalError::UnsupportedVersion(1));
        assert_eq!(p.code, "tcf.unsupported_version");
        assert_eq!(p.message, "TC string version 1 is not supported; only version 2 is");
    }
}
