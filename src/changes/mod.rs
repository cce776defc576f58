//! Policy updates: what changed between two versions of a policy, how important each change is,
//! whom to tell and how, and which consents to ask for again.
//!
//! Consent managers commonly bump a revision number and ask everyone everything again. Here the
//! two versions are compared ([`diff`]): every change gets a stable kind, the JSON paths it
//! touches, the old and new values, a severity and, when it is major, the rule that makes it so
//! ([`MajorRule`]): one of the six kinds of major change the policy lists in its `changes.major`
//! clause (the GB/T 35273-2020 Appendix D template), a change the Article 29 Working Party's
//! transparency guidelines (WP260 rev.01) say must be told in advance (a new purpose, a wider
//! category of recipient, a transfer abroad), or any change that reduces the person's rights.
//! Wording-only changes are minor.
//!
//! [`plan`] turns a diff into what the site does: a prominent or a passive notice, the messages
//! to send on the policy's channels, the date by which the new version must be posted, the
//! purposes to ask again (only those whose consent scope grew), and whether the person must
//! accept the new version explicitly. Until a person accepts a version that reduces their
//! rights, the version they accepted before keeps applying to them: the policy promises not to
//! reduce rights without explicit consent.

mod diff;
mod kinds;
#[cfg(feature = "std")]
mod page;
mod plan;
mod sections;
mod words;

pub use diff::{diff, Change, PolicyDiff, PurposeGrowth};
pub use kinds::{ChangeKind, MajorRule, Severity};
#[cfg(feature = "std")]
pub use page::{page, page_lang, ChangesPage};
pub use plan::{plan, template, NoticeLevel, NotificationEvent, NotificationPlan};

use serde::Serialize;

use crate::policy::{Policy, Problem, Version, VersionNotice, VersionScope};

/// A diff and its notification plan, as `assent diff --format json` prints them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "PolicyChanges"))]
pub struct Report {
    /// What changed.
    pub diff: PolicyDiff,
    /// What to do about it.
    pub plan: NotificationPlan,
}

/// Compares two versions of a policy and plans the announcement of the new one.
pub fn report(old: &Policy, new: &Policy) -> Result<Report, Problem> {
    let d = diff(old, new)?;
    let p = plan(&d, old, new);
    Ok(Report { diff: d, plan: p })
}

/// [`report`] for the versions `from` and `to` of a policy that a reader asked to compare: `to`
/// must be later than `from` (`policy.version_order`, the same version included; [`diff`] itself
/// accepts the same version twice when nothing differs).
pub fn between(from: &Policy, to: &Policy) -> Result<Report, Problem> {
    if let (Some(older), Some(newer)) = (Version::parse(&from.version), Version::parse(&to.version)) {
        if newer <= older {
            return Err(Problem::at(
                "policy.version_order",
                "$.version",
                format!("`from` ({}) must be older than `to` ({})", from.version, to.version),
            )
            .hint("ask for the earlier version as `from` and the later one as `to`"));
        }
    }
    report(from, to)
}

/// The `history` entry that `new` keeps for `old`: what consent covered under `old`, and the
/// notice for a visitor who last saw `old`, so the evaluator's update notice says what changed.
pub fn history_entry(old: &Policy, new: &Policy) -> Result<VersionScope, Problem> {
    let d = diff(old, new)?;
    let mut scope = old.scope();
    scope.notice = Some(VersionNotice {
        major: d.is_major(),
        reduces_rights: d.reduces_rights(),
        summary: d.summary,
    });
    Ok(scope)
}
