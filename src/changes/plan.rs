//! From a diff to what the site does: the notice, the messages to send, the date by which the
//! new version must be posted, the consents to ask for again, and whether the new version needs
//! the person's explicit acceptance.

use crate::prelude::*;
use alloc::collections::BTreeSet;

use serde::Serialize;

use super::diff::PolicyDiff;
use super::sections::days;
use crate::policy::{ChangeNotification, NoticeChannel, Policy, Problem, Text};
use crate::time::{civil_from_days, days_from_civil, parse_date, Duration, Timestamp};

/// How visible the notice of a new version is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeLevel {
    /// Nothing changed: no notice.
    None,
    /// Minor changes: posted on the policy's `changes.channels` for people to find.
    Passive,
    /// Major changes: a prominent notice in the page, and the policy's `changes.majorChannels`.
    Prominent,
}

/// The template of a notification, for the site to fill with the plan's summary.
pub mod template {
    /// A major change, to everyone.
    pub const MAJOR: &str = "policy_update.major";
    /// A minor change, to everyone.
    pub const MINOR: &str = "policy_update.minor";
    /// A purpose the person consented to grew: ask again.
    pub const RECONSENT: &str = "policy_update.reconsent";
}

/// One message for the site to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct NotificationEvent {
    /// The channel, as the policy names it (`email`, `in_page`, ...).
    pub channel: NoticeChannel,
    /// Who receives it: `all`, or `consented:<purpose>` for those who consented to a purpose.
    pub audience: String,
    /// Which template ([`template`]).
    pub template: &'static str,
}

/// What to do about a new version.
///
/// `requiresExplicitAcceptance` is set when a change reduces the person's rights. Until a person
/// accepts the new version explicitly, the version they last accepted keeps applying to them: the
/// site records acceptance per person (a receipt) and evaluates that person against the old
/// version meanwhile. Continued use is acceptance only for versions that do not reduce rights.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct NotificationPlan {
    /// The policy id.
    pub policy: String,
    /// The old version.
    pub from: String,
    /// The new version.
    pub to: String,
    /// How visible the notice is.
    pub notice: NoticeLevel,
    /// The messages to send.
    pub events: Vec<NotificationEvent>,
    /// When the new version was published, `YYYY-MM-DD`.
    pub published: String,
    /// When it takes effect, `YYYY-MM-DD`.
    pub effective: String,
    /// The last day to publish it: the effective date minus the policy's notice period (absent
    /// when a date or the period cannot be read).
    pub publish_by: Option<String>,
    /// Whether it was published after `publishBy`.
    pub published_late: bool,
    /// What is wrong with the plan (`plan.published_late`, `plan.invalid_date`).
    pub problems: Vec<Problem>,
    /// The purposes to ask again: those whose consent scope grew, and only those.
    pub reconsent: Vec<String>,
    /// The purposes that are new: asked for the first time.
    pub new_purposes: Vec<String>,
    /// Whether the person must accept the new version explicitly (some change reduces rights).
    pub requires_explicit_acceptance: bool,
    /// What changed, for a person, in `en` and `zh-CN`.
    pub summary: Text,
}

/// The plan for announcing `new`, from its diff with `old`, the version before. People were told
/// how a change would reach them by the version in force, `old`: a new version that promises
/// less (a shorter notice period, fewer channels) is still announced as `old` promised, and one
/// that promises more as it says itself.
pub fn plan(diff: &PolicyDiff, old: &Policy, new: &Policy) -> NotificationPlan {
    let notice = if diff.is_empty() {
        NoticeLevel::None
    } else if diff.is_major() {
        NoticeLevel::Prominent
    } else {
        NoticeLevel::Passive
    };
    let reconsent = diff.reconsent();
    let c = promised(&old.changes, &new.changes);
    let mut events = Vec::new();
    let all = |ch: NoticeChannel, template: &'static str| NotificationEvent {
        channel: ch,
        audience: "all".into(),
        template,
    };
    match notice {
        NoticeLevel::None => {}
        NoticeLevel::Passive => {
            let channels: BTreeSet<NoticeChannel> = c.channels.iter().copied().collect();
            events.extend(channels.into_iter().map(|ch| all(ch, template::MINOR)));
        }
        NoticeLevel::Prominent => {
            // Every change is posted on `channels`; a major one also goes out on the extra
            // channels, and always in the page.
            let mut channels: BTreeSet<NoticeChannel> = c.channels.iter().chain(&c.major_channels).copied().collect();
            channels.insert(NoticeChannel::InPage);
            events.extend(channels.iter().map(|ch| all(*ch, template::MAJOR)));
            let mut direct: BTreeSet<NoticeChannel> = c.major_channels.iter().copied().collect();
            direct.insert(NoticeChannel::InPage);
            for p in &reconsent {
                events.extend(direct.iter().map(|ch| NotificationEvent {
                    channel: *ch,
                    audience: format!("consented:{p}"),
                    template: template::RECONSENT,
                }));
            }
        }
    }
    let mut problems = Vec::new();
    let effective = parse_date(&new.effective);
    let period = Duration::parse(&c.notice_period);
    let publish_by = match (&effective, &period) {
        (Ok(e), Ok(d)) => Some(minus(*e, d)),
        (Err(e), _) => {
            problems.push(Problem::at("plan.invalid_date", "$.effective", e.0.clone()));
            None
        }
        (_, Err(e)) => {
            problems.push(Problem::at("plan.invalid_date", "$.changes.noticePeriod", e.0.clone()));
            None
        }
    };
    let published = parse_date(&new.published);
    if let Err(e) = &published {
        problems.push(Problem::at("plan.invalid_date", "$.published", e.0.clone()));
    }
    let published_late = match (&published, publish_by) {
        (Ok(p), Some(by)) => *p > by,
        _ => false,
    };
    if published_late && notice != NoticeLevel::None {
        let by = publish_by.map(Timestamp::date_string).unwrap_or_default();
        problems.push(
            Problem::at(
                "plan.published_late",
                "$.published",
                format!(
                    "published {} but taking effect {}: the policy promises {} of notice, so it had to be published by {by}",
                    new.published, new.effective, c.notice_period
                ),
            )
            .hint(format!(
                "move `effective` to {} or later, or publish by {by}",
                published
                    .as_ref()
                    .map(|p| p.plus(&period.clone().unwrap_or_default()).date_string())
                    .unwrap_or_default()
            )),
        );
    }
    NotificationPlan {
        policy: diff.policy.clone(),
        from: diff.from.clone(),
        to: diff.to.clone(),
        notice,
        events,
        published: new.published.clone(),
        effective: new.effective.clone(),
        publish_by: publish_by.map(Timestamp::date_string),
        published_late: published_late && notice != NoticeLevel::None,
        problems,
        reconsent,
        new_purposes: diff.new_purposes(),
        requires_explicit_acceptance: diff.reduces_rights(),
        summary: diff.summary.clone(),
    }
}

/// `t` minus `d`, months by the calendar (the day clamped to the month's end), as
/// [`Timestamp::plus`] adds them.
fn minus(t: Timestamp, d: &Duration) -> Timestamp {
    let days = t.0.div_euclid(86_400);
    let secs = t.0.rem_euclid(86_400);
    let (y, m, day) = civil_from_days(days);
    let total = y * 12 + i64::from(m) - 1 - i64::from(d.months);
    let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let first = days_from_civil(ny, nm as u32, 1);
    let next = if nm == 12 {
        days_from_civil(ny + 1, 1, 1)
    } else {
        days_from_civil(ny, nm as u32 + 1, 1)
    };
    let nd = i64::from(day).min(next - first);
    Timestamp((first + nd - 1) * 86_400 + secs - i64::from(d.days) * 86_400 - d.seconds)
}

/// The announcement terms that keep the promises of both `old` and `new`: every channel either
/// names, and the longer notice period (the old one when a period cannot be read).
fn promised(old: &ChangeNotification, new: &ChangeNotification) -> ChangeNotification {
    let union = |a: &[NoticeChannel], b: &[NoticeChannel]| -> Vec<NoticeChannel> {
        a.iter()
            .chain(b)
            .copied()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    let notice_period = match (days(&old.notice_period), days(&new.notice_period)) {
        (Some(o), Some(n)) if n > o => &new.notice_period,
        _ => &old.notice_period,
    };
    ChangeNotification {
        notice_period: notice_period.clone(),
        channels: union(&old.channels, &new.channels),
        major_channels: union(&old.major_channels, &new.major_channels),
        cite: new.cite.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Timestamp {
        parse_date(s).unwrap()
    }

    #[test]
    fn minus_counts_months_by_the_calendar() {
        let d = |s: &str| Duration::parse(s).unwrap();
        assert_eq!(minus(date("2026-11-15"), &d("P7D")).date_string(), "2026-11-08");
        assert_eq!(minus(date("2026-03-31"), &d("P1M")).date_string(), "2026-02-28");
        assert_eq!(minus(date("2026-01-15"), &d("P1M")).date_string(), "2025-12-15");
        assert_eq!(minus(date("2026-03-01"), &d("P1D")).date_string(), "2026-02-28");
        assert_eq!(minus(date("2024-03-01"), &d("P1Y")).date_string(), "2023-03-01");
    }
}
