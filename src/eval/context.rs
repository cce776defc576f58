//! What the evaluator is asked about (the visitor's context) and what it answers.

use crate::prelude::*;
use serde::{Deserialize, Serialize};

use crate::json::{FromJson, ToJson};
use crate::policy::PurposeKind;

/// A consent state, after the W3C Data Privacy Vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ConsentState {
    /// Consent was given.
    ConsentGiven,
    /// Consent was given again, renewing an earlier one.
    RenewedConsentGiven,
    /// Consent was asked for and the answer is pending.
    ConsentRequested,
    /// The person put off the decision.
    ConsentRequestDeferred,
    /// The person said no.
    ConsentRefused,
    /// Consent lapsed.
    ConsentExpired,
    /// Consent was invalidated (for example by a policy change).
    ConsentInvalidated,
    /// Consent was revoked by someone else (a guardian).
    ConsentRevoked,
    /// The person withdrew consent.
    ConsentWithdrawn,
    /// Nothing is known.
    ConsentUnknown,
}

impl ConsentState {
    /// Whether this state, if still in time, allows processing.
    pub fn is_valid_consent(self) -> bool {
        matches!(self, Self::ConsentGiven | Self::RenewedConsentGiven)
    }

    /// Whether a choice recording this state says "yes": a consent, or a bundled "yes" recorded
    /// as deferred (which may be made only where a consent could be).
    pub fn is_yes(self) -> bool {
        self.is_valid_consent() || self == Self::ConsentRequestDeferred
    }

    /// Whether this state is a "no" that should be remembered before asking again.
    pub fn is_refusal(self) -> bool {
        matches!(self, Self::ConsentRefused | Self::ConsentWithdrawn)
    }
}

/// Who gave a consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The visitor themself.
    #[default]
    #[serde(rename = "self")]
    Subject,
    /// The visitor's parent or guardian.
    Guardian,
}

/// The latest recorded choice for one purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Consent {
    /// The DPV state.
    pub state: ConsentState,
    /// When it was recorded (RFC 3339).
    pub time: String,
    /// The policy version it was given under.
    pub policy_version: String,
    /// Who gave it.
    #[serde(default)]
    pub by: Actor,
    /// Whether it was given for this purpose alone.
    #[serde(default)]
    pub separate: bool,
    /// For a guardian's consent: whether the child consented together with the guardian
    /// (jurisdictions whose `guardianMode` is `guardian_and_child`).
    #[serde(default)]
    pub joint: bool,
}

/// The visitor, as far as the site knows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Context {
    /// The current time (RFC 3339); the engine has no clock of its own.
    pub now: String,
    /// ISO 3166 code of where the visitor is (`DE`, `US-CA`).
    pub jurisdiction: String,
    /// The visitor's age, or null when not known.
    #[serde(default)]
    pub age: Option<u8>,
    /// The visitor's locked age band, when the age itself is not kept (the age gate's answer,
    /// recorded by the edge). With both, the stricter band stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_band: Option<AgeBand>,
    /// Where `age_band` was locked (its jurisdiction code), when that is known. Bands depend on
    /// the jurisdiction's ages: elsewhere, the band counts as the strictest one the ages it
    /// stands for can have there (a 13-to-17-year-old "minor" of GB is below Germany's guardian
    /// age of 16 at the youngest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_band_in: Option<String>,
    /// Whether a Global Privacy Control signal is on.
    #[serde(default)]
    pub gpc: bool,
    /// The latest consent per purpose id.
    #[serde(default)]
    pub consents: crate::policy::SortedMap<Consent>,
    /// The policy version the visitor last saw, if any.
    #[serde(default)]
    pub seen_policy_version: Option<String>,
    /// The locale for messages (`en`, `zh-CN`); the policy's default when absent.
    #[serde(default)]
    pub locale: Option<String>,
}

/// The answer for one purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// It may run.
    Allowed,
    /// It may not run, and the visitor should not be asked now.
    Denied,
    /// It may not run until the visitor consents.
    NeedsConsent,
    /// It may not run until the visitor consents to it separately.
    NeedsSeparateConsent,
    /// It may not run until a guardian consents.
    NeedsGuardianConsent,
    /// Consent was given to an earlier, narrower version; ask again.
    NeedsReconsent,
    /// It may never run for this visitor, whatever the consent.
    Forbidden,
}

impl Decision {
    /// Whether the visitor is the one to ask: their consent, separate or renewed, is missing.
    pub fn asks(self) -> bool {
        matches!(
            self,
            Self::NeedsConsent | Self::NeedsSeparateConsent | Self::NeedsReconsent
        )
    }
}

/// One reason behind a decision: which rule, from which clause, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Reason {
    /// The rule's id (`R-GPC`).
    pub rule: String,
    /// The policy clause (or law) the rule applies.
    pub clause: String,
    /// The reason in the requested locale.
    pub message: String,
}

/// The decision for one purpose, with its reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct PurposeDecision {
    /// The purpose id.
    pub purpose: String,
    /// Essential, basic or extended.
    pub kind: PurposeKind,
    /// The answer.
    pub decision: Decision,
    /// Why, most decisive first.
    pub reasons: Vec<Reason>,
    /// Whether a consent to it counts only when given for it alone (its own data or transfer
    /// abroad, or a child's data the jurisdiction makes sensitive): a "yes" given with others
    /// ("accept all") is no consent to it.
    #[serde(default, skip_serializing_if = "core::ops::Not::not")]
    pub alone: bool,
    /// Whether the visitor answered it with a "yes" given with others, which cannot count where it
    /// needs a consent given alone: it waits in the second layer, and opens no banner by itself.
    #[serde(default, skip_serializing_if = "core::ops::Not::not")]
    pub deferred: bool,
}

impl PurposeDecision {
    /// Whether the visitor still owes an answer about it, so a banner opens by itself: they are
    /// the one to ask, and no answer of theirs is waiting for a consent given alone.
    pub fn awaits_answer(&self) -> bool {
        self.decision.asks() && !self.deferred
    }
}

/// The age band that matters for a decision; the age itself is never kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AgeBand {
    /// Below the jurisdiction's guardian age.
    BelowGuardianAge,
    /// At or above the guardian age, below the minor age.
    Minor,
    /// Adult.
    Adult,
    /// Not known.
    Unknown,
}

impl AgeBand {
    /// How protected the band is: lower is stricter.
    fn rank(self) -> u8 {
        match self {
            AgeBand::BelowGuardianAge => 0,
            AgeBand::Minor => 1,
            AgeBand::Adult => 2,
            AgeBand::Unknown => 3,
        }
    }

    /// The stricter of two bands; `Unknown` yields to any known band.
    pub fn stricter(self, other: AgeBand) -> AgeBand {
        if other.rank() < self.rank() {
            other
        } else {
            self
        }
    }
}

/// What the page should show about a policy update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateNotice {
    /// The version the visitor last saw.
    pub from: String,
    /// The current version.
    pub to: String,
    /// Whether the change is major (prominent notice) or minor (passive notice).
    pub major: bool,
    /// What changed, in the requested locale.
    pub summary: String,
    /// Whether the visitor must accept the new version explicitly: a change since the terms they
    /// agreed to reduces their rights, and those terms keep applying to them until they accept.
    #[serde(default)]
    pub requires_acceptance: bool,
}

/// The page's guardian flow while a child waits for a guardian's consent.
pub const PENDING_GUARDIAN: &str = "pending_guardian";

/// What the page should do for this visitor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct PageState {
    /// Show the consent banner: some optional purpose awaits the visitor's choice
    /// ([`PurposeDecision::awaits_answer`]; one `deferred` after "accept all" does not).
    pub show_banner: bool,
    /// Ask the neutral age gate before anything optional.
    pub age_gate: bool,
    /// [`PENDING_GUARDIAN`] while a guardian's consent is awaited.
    pub guardian_flow: Option<String>,
    /// Show the notice that minors read the policy with a guardian.
    pub guardian_notice: bool,
    /// Youth mode is on.
    pub youth_mode: bool,
    /// The update notice, when the visitor last saw an older version, or has yet to accept a
    /// version that reduces their rights.
    pub update_notice: Option<UpdateNotice>,
    /// The policy version whose terms apply to this visitor: the current one, unless a later
    /// version reduced their rights and they have not accepted it yet (then the newest version
    /// they made a choice under).
    #[serde(default)]
    pub terms_version: String,
}

/// The whole answer for one visitor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    /// The policy id.
    pub policy: String,
    /// The policy version decided against.
    pub version: String,
    /// The jurisdiction rule chain that applied, most specific first.
    pub jurisdiction: Vec<String>,
    /// The visitor's age band.
    pub age_band: AgeBand,
    /// The locale of the messages.
    pub locale: String,
    /// One decision per purpose, in the policy's order.
    pub purposes: Vec<PurposeDecision>,
    /// What the page should do.
    pub page: PageState,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_state_names_are_their_json() {
        let all = crate::json::variants::<ConsentState>();
        assert_eq!(all.len(), 10);
        for s in all {
            assert_eq!(serde_json::to_value(s).unwrap(), s.json_name());
        }
    }
}
