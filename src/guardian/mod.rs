//! Guardian consent: the neutral age gate, the device's locked age band, and the guardian
//! request's state machine.
//!
//! The age gate asks for a birth year and month with no default and no hint of the cutoff; the
//! answer becomes an age band (never stored as an age). A second, different answer on the same
//! device does not replace the first: the stricter band stands and the conflict is counted.
//! Below the guardian age, a guardian request is created; the guardian verifies with a method
//! strong enough for the purposes asked, then approves or refuses each purpose on its own, and
//! can revoke later. Every other transition is refused with a typed error.

pub mod words;

use crate::prelude::*;
use alloc::collections::BTreeMap;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::eval::jurisdiction::ResolvedRule;
use crate::eval::{AgeBand, ConsentState, Decision, Evaluation, PurposeDecision};
use crate::json::{FromJson, ToJson};
use crate::policy::{listed, Policy, Problem, RecipientRole, Sensitivity, VerificationMethod};
use crate::receipt::{Choice, CollectionMethod, GuardianRelationship, PurposeChoice, ReceiptActor};
use crate::time::{civil_from_days, Duration, Timestamp};

/// The oldest age the gate offers, so every plausible birth year is selectable.
pub const MAX_AGE: i64 = 120;

fn problem(code: &'static str, message: impl Into<String>, hint: &str) -> Problem {
    Problem::at(code, "$", message).hint(hint)
}

/// The birth years the gate lists, newest first: every year from this one back `MAX_AGE`
/// years, so the list itself gives no hint of any cutoff.
pub fn selectable_birth_years(now: Timestamp) -> Vec<i64> {
    let (year, _, _) = civil_from_days(now.0.div_euclid(86_400));
    (year - MAX_AGE..=year).rev().collect()
}

/// The age of someone born in `year`/`month`, on `now`. Without the day, a birthday in the
/// current month is taken as not yet reached: the answer errs on the younger side.
pub fn age_from_birth(year: i64, month: u32, now: Timestamp) -> Result<u8, Problem> {
    let (y, m, _) = civil_from_days(now.0.div_euclid(86_400));
    if !(1..=12).contains(&month) {
        return Err(problem(
            "age.invalid_month",
            format!("month {month} does not exist"),
            "choose a month from 1 to 12",
        ));
    }
    if year > y || (year == y && month > m) {
        return Err(problem(
            "age.future_birth",
            format!("{year}-{month:02} is in the future"),
            "choose the year and month you were born",
        ));
    }
    if year < y - MAX_AGE {
        return Err(problem(
            "age.too_old",
            format!("{year} is more than {MAX_AGE} years ago"),
            "choose the year you were born",
        ));
    }
    let mut age = y - year;
    if m <= month {
        age -= 1;
    }
    u8::try_from(age.max(0))
        .map_err(|_| problem("age.out_of_range", "age out of range", "choose the year you were born"))
}

/// The band an age falls in under a jurisdiction's rules.
pub fn band_for(age: u8, rule: &ResolvedRule) -> AgeBand {
    if age < rule.guardian_age.value {
        AgeBand::BelowGuardianAge
    } else if age < rule.minor_age.value {
        AgeBand::Minor
    } else {
        AgeBand::Adult
    }
}

/// The age gate's answer as kept for a device: the band only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AgeLock {
    /// The band that stands.
    pub band: AgeBand,
    /// Where the answer was given (bands depend on the jurisdiction).
    pub jurisdiction: String,
    /// When the first answer was given.
    pub locked_at: String,
    /// How many later answers disagreed with it.
    pub conflicts: u32,
    /// The oldest age every answer so far allows: the band's oldest where it was first locked,
    /// and never older after, wherever the visitor answers again (none: no bound, an adult's
    /// lock). A lock written before it was kept stands for its band's oldest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oldest: Option<u8>,
}

/// The device's lock after an answer of `age` given `here`: the first answer locks; a later one
/// never loosens it. A lock made under another place's rule is first put in `here`'s terms
/// ([`lock_in`]), so that ages are compared, not the names of bands that mean other ages; then a
/// different band counts as a disagreement and the stricter stands ([`lock_answer`]). The lock
/// keeps the oldest age its answers allow, so answering again in one place after another never
/// widens what it stands for.
pub fn answer_lock(
    existing: Option<AgeLock>,
    here: &str,
    age: u8,
    evaluator: &crate::eval::Evaluator,
    now: Timestamp,
) -> Result<AgeLock, Problem> {
    let band = band_for(age, &evaluator.rule_for(here)?);
    let existing = existing.map(|l| lock_in(l, here, age, band, evaluator)).transpose()?;
    let mut lock = lock_answer(existing, band, here, now);
    let oldest_here = evaluator.oldest_age(lock.band, here)?;
    lock.oldest = match (lock.oldest, oldest_here) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    Ok(lock)
}

/// A lock made under another place's rule, in the terms of `here`'s, for a new answer of `age`
/// that puts the visitor in `band` here. When `age` is one the lock stands for (its band there,
/// and no older than its oldest), the answer agrees with it: the lock takes `band`. When it is
/// not, the lock's band is that of its youngest age here
/// ([`crate::eval::Evaluator::band_in`]), and the stricter stands. A lock of `here` is unchanged.
/// Either way the lock keeps its oldest age (a lock written before it was kept: its band's).
fn lock_in(
    lock: AgeLock,
    here: &str,
    age: u8,
    band: AgeBand,
    evaluator: &crate::eval::Evaluator,
) -> Result<AgeLock, Problem> {
    let oldest = match lock.oldest {
        Some(oldest) => Some(oldest),
        None => evaluator.oldest_age(lock.band, &lock.jurisdiction)?,
    };
    if lock.jurisdiction == here {
        return Ok(AgeLock { oldest, ..lock });
    }
    let agrees = evaluator.band_admits(lock.band, &lock.jurisdiction, age)? && oldest.is_none_or(|o| age <= o);
    let band = if agrees {
        band
    } else {
        evaluator.band_in(lock.band, &lock.jurisdiction, here)?
    };
    Ok(AgeLock {
        band,
        jurisdiction: here.to_string(),
        oldest,
        ..lock
    })
}

/// Records an answer on a device: the first answer locks; a later different one does not
/// loosen it, the stricter band stands, and the disagreement is counted.
pub(crate) fn lock_answer(existing: Option<AgeLock>, band: AgeBand, jurisdiction: &str, now: Timestamp) -> AgeLock {
    match existing {
        None => AgeLock {
            band,
            jurisdiction: jurisdiction.to_string(),
            locked_at: now.to_string(),
            conflicts: 0,
            oldest: None,
        },
        Some(mut lock) => {
            if lock.band != band {
                lock.conflicts = lock.conflicts.saturating_add(1);
                lock.band = lock.band.stricter(band);
            }
            lock
        }
    }
}

/// Whether a device that holds `held` (its strictest lock, whoever's subject it names) may take
/// on a subject moved from another device whose own lock is `moved`, with the visitor `here`.
/// Never when that loosens the device's lock: moving a subject onto a device trades a child's
/// lock for an adult's no more than swapping cookies does. Both locks count as they would here
/// ([`crate::eval::Evaluator::band_in`]). A subject without a known band takes on no device that
/// holds a child's or a minor's lock, since its credential would carry no band at all.
pub fn check_claim(
    held: Option<&AgeLock>,
    moved: Option<&AgeLock>,
    here: &str,
    evaluator: &crate::eval::Evaluator,
) -> Result<(), Problem> {
    let Some(held) = held else {
        return Ok(());
    };
    let held_here = evaluator.band_in(held.band, &held.jurisdiction, here)?;
    let moved_here = match moved {
        Some(m) => evaluator.band_in(m.band, &m.jurisdiction, here)?,
        None => AgeBand::Unknown,
    };
    let loosens = match moved_here {
        AgeBand::Unknown => matches!(held_here, AgeBand::BelowGuardianAge | AgeBand::Minor),
        _ => held_here.stricter(moved_here) != moved_here,
    };
    if !loosens {
        return Ok(());
    }
    Err(Problem::at(
        "device.lock_stricter",
        "$.token",
        "this device holds a stricter age lock than the subject moved to it: the claim would loosen it",
    )
    .hint("claim the subject on a device that answered the age gate for it, or on a new one"))
}

/// Refuses a guardian's step (opening the request, verifying, deciding) taken on the child's
/// own device: one whose credential names the child, or that holds the age lock of a child or a
/// minor (`held`, as it counts in the request's jurisdiction). The guardian answers from a
/// device of their own, where the child's answers do not stand in for theirs.
pub fn check_guardians_device(
    request: &GuardianRequest,
    subject: Option<&str>,
    held: Option<&AgeLock>,
    evaluator: &crate::eval::Evaluator,
) -> Result<(), Problem> {
    let held_here = match held {
        Some(l) => evaluator.band_in(l.band, &l.jurisdiction, &request.jurisdiction)?,
        None => AgeBand::Unknown,
    };
    if subject != Some(request.child.as_str()) && !matches!(held_here, AgeBand::BelowGuardianAge | AgeBand::Minor) {
        return Ok(());
    }
    Err(Problem::at(
        "guardian.childs_device",
        "$",
        "this is the device the request was made from, or a child's or a minor's: a guardian answers from their own",
    )
    .hint("open the link from the message on the parent's or guardian's own phone or computer"))
}

/// How risky a purpose is for a child, which decides how strongly a guardian must be verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    /// Ordinary data kept by the site itself.
    Low,
    /// Sensitive data, a transfer abroad, or sharing with third parties.
    High,
}

/// The risk of one purpose.
pub fn risk_of(policy: &Policy, purpose: &str) -> Option<Risk> {
    let p = policy.purposes.iter().find(|p| p.id == purpose)?;
    let sensitive = p.data_categories.iter().any(|d| {
        policy.data_categories.iter().any(|c| {
            c.sensitivity == Sensitivity::Sensitive
                && (&c.id == d || c.id.strip_prefix(d.as_str()).is_some_and(|r| r.starts_with('.')))
        })
    });
    let shared = p.recipients.iter().any(|r| {
        policy
            .recipients
            .iter()
            .any(|x| &x.id == r && matches!(x.role, RecipientRole::ThirdParty | RecipientRole::JointController))
    });
    Some(if sensitive || shared || p.cross_border || p.separate_consent {
        Risk::High
    } else {
        Risk::Low
    })
}

/// The methods that may verify a guardian for these purposes.
pub fn accepted_methods<'a>(policy: &'a Policy, purposes: &[String]) -> &'a [VerificationMethod] {
    let high = purposes.iter().any(|p| risk_of(policy, p) == Some(Risk::High));
    if high {
        &policy.guardian.high_risk_methods
    } else {
        &policy.guardian.low_risk_methods
    }
}

/// Which verification method each of the edge's verifiers proves: following a confirmation link
/// sent to the guardian's address proves `email_plus`; the development verifier's test card
/// stands in for `card_check`, and only where the edge runs in development mode. Any other method
/// a policy allows has no verifier at the edge, and its page says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct GuardianVerifiers {
    /// The method a followed confirmation link proves.
    pub link: VerificationMethod,
    /// The method the development verifier's test card stands in for; none outside development.
    pub test_card: Option<VerificationMethod>,
}

impl GuardianVerifiers {
    /// The edge's verifiers; `development` turns the test card on.
    pub fn of_edge(development: bool) -> Self {
        GuardianVerifiers {
            link: VerificationMethod::EmailPlus,
            test_card: development.then_some(VerificationMethod::CardCheck),
        }
    }
}

/// The development verifier's only card number: a test number, never a real card.
const DEV_TEST_CARD: &str = "4242424242424242";

/// A guardian's verify form as posted: the method they chose, their relationship to the child
/// and, for the development verifier, a card number. Each as sent, or absent.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerifyForm {
    /// The verification method chosen (`email_plus`, ...).
    pub method: Option<String>,
    /// The guardian's relationship to the child (`parent`, `legal_guardian`).
    pub relationship: Option<String>,
    /// The card number given to the development verifier (spaces and dashes ignored).
    pub card: Option<String>,
    /// For the confirmation link: the guardian's email address, which must be the one the
    /// request was sent to (the request keeps only its hash, so the guardian gives it again).
    #[serde(default)]
    pub email: Option<String>,
}

/// What the edge does with a verify form the engine accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "then", rename_all = "snake_case")]
pub enum Verification {
    /// Send a confirmation link to the guardian's address: following it proves the link's method
    /// ([`GuardianVerifiers::link`]) for this relationship.
    SendLink {
        /// The relationship the guardian chose, kept until the link is followed.
        relationship: GuardianRelationship,
        /// Where to send it: the address the guardian gave, as the request's message was sent.
        recipient: String,
    },
    /// The guardian proved who they are: apply this `verify` event to the request.
    Apply {
        /// The event.
        event: GuardianEvent,
    },
}

impl GuardianVerifiers {
    /// What to do with a verify form for a request whose purposes allow the methods `offered`: a
    /// relationship the engine knows (`input.relationship`), a method among `offered`
    /// (`guardian.method_not_offered`) that one of these verifiers proves
    /// (`guardian.method_unavailable`) and, for the development verifier, its test card number
    /// (`guardian.verification_failed`, a failed attempt the edge counts). For the confirmation
    /// link, the address given must be the request's: `contact_sha256` is the hex SHA-256 of the
    /// request's contact key ([`contact_forms`]); another address is a failed attempt too.
    pub fn verify(
        self,
        offered: &[VerificationMethod],
        form: &VerifyForm,
        contact_sha256: &str,
    ) -> Result<Verification, Problem> {
        let relationship = form
            .relationship
            .as_deref()
            .and_then(crate::json::variant_named::<GuardianRelationship>)
            .ok_or_else(|| {
                Problem::at(
                    "input.relationship",
                    "$.relationship",
                    "choose your relationship to the child",
                )
                .hint(format!(
                    "one of {}",
                    listed(GuardianRelationship::ALL.iter().map(|r| r.json_name()))
                ))
            })?;
        let Some(named) = form.method.as_deref().filter(|m| !m.is_empty()) else {
            return Err(
                Problem::at("guardian.method_not_offered", "$.method", "choose a way to verify")
                    .hint(format!("one of {}", listed(offered.iter().map(|m| m.json_name())))),
            );
        };
        let method = crate::json::variant_named::<VerificationMethod>(named)
            .filter(|m| offered.contains(m))
            .ok_or_else(|| {
                Problem::at(
                    "guardian.method_not_offered",
                    "$.method",
                    format!("{named} is not a method these purposes allow"),
                )
            })?;
        if method == self.link {
            let (recipient, key) = contact_forms(form.email.as_deref().unwrap_or("")).map_err(|p| Problem {
                path: "$.email".into(),
                ..p
            })?;
            if sha256_hex(&key) != contact_sha256 {
                return Err(Problem::at(
                    "guardian.verification_failed",
                    "$.email",
                    "this is not the address the request was sent to",
                )
                .hint("give the address at which you received the request"));
            }
            return Ok(Verification::SendLink {
                relationship,
                recipient,
            });
        }
        if Some(method) != self.test_card {
            return Err(Problem::at(
                "guardian.method_unavailable",
                "$.method",
                format!("no verifier for {named} is configured here"),
            ));
        }
        let card: String = form
            .card
            .as_deref()
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if card != DEV_TEST_CARD {
            return Err(Problem::at(
                "guardian.verification_failed",
                "$.card",
                "the development verifier accepts only its test card number",
            ));
        }
        Ok(Verification::Apply {
            event: GuardianEvent::Verify { method, relationship },
        })
    }
}

/// Where a guardian request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "GuardianRequestState"))]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    /// Created and sent; waiting for the guardian.
    Pending,
    /// The guardian verified; waiting for their decisions.
    Verified,
    /// The guardian decided; they may come back to revoke.
    Decided,
    /// Nobody decided in time.
    Expired,
    /// The child or the site withdrew the request.
    Cancelled,
}

/// What the guardian's page of a request asks of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum GuardianStep {
    /// Prove who they are, with a method the purposes allow.
    Verify,
    /// Approve or refuse each purpose.
    Decide,
    /// Nothing more: their decisions stand, and they may revoke an approval.
    Decided,
    /// Nothing: the request expired or was cancelled, and only the child can ask again.
    Closed,
}

impl RequestState {
    /// The guardian's step at this state.
    pub fn guardian_step(self) -> GuardianStep {
        match self {
            RequestState::Pending => GuardianStep::Verify,
            RequestState::Verified => GuardianStep::Decide,
            RequestState::Decided => GuardianStep::Decided,
            RequestState::Expired | RequestState::Cancelled => GuardianStep::Closed,
        }
    }
}

/// What can happen to a guardian request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum GuardianEvent {
    /// The guardian proved who they are.
    Verify {
        /// The method used.
        method: VerificationMethod,
        /// Their relationship to the child.
        relationship: GuardianRelationship,
    },
    /// The guardian approved or refused each purpose asked.
    Decide {
        /// Per purpose: approved or not.
        approvals: crate::policy::SortedMap<bool>,
    },
    /// The guardian revoked purposes they had approved.
    Revoke {
        /// The purposes revoked.
        purposes: Vec<String>,
    },
    /// The request is withdrawn.
    Cancel,
}

/// A request for a guardian's consent, as the edge keeps it. The token and the short code are
/// kept only as SHA-256 hashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GuardianRequest {
    /// The child's pseudonymous subject id.
    pub child: String,
    /// Where the child is.
    pub jurisdiction: String,
    /// The policy version asked about.
    pub policy_version: String,
    /// The purposes the guardian is asked about.
    pub purposes: Vec<String>,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it lapses if undecided (RFC 3339).
    pub expires_at: String,
    /// Where it stands.
    pub state: RequestState,
    /// How the guardian verified.
    pub verification: Option<VerificationMethod>,
    /// The guardian's relationship to the child.
    pub relationship: Option<GuardianRelationship>,
    /// Per purpose: the guardian's answer, then any revocation.
    pub decisions: BTreeMap<String, ConsentState>,
    /// When the last decision or revocation was made (RFC 3339).
    pub decided_at: Option<String>,
    /// SHA-256 (hex) of the guardian's link token.
    pub token_sha256: String,
    /// SHA-256 (hex) of the short code.
    pub code_sha256: String,
    /// Whether the child picked these purposes themselves, rather than asking about everything
    /// that waits for a guardian: only then, where the child and a guardian consent together
    /// ([`crate::policy::GuardianMode::GuardianAndChild`]), does the guardian's approval
    /// complete a joint consent.
    #[serde(default, skip_serializing_if = "core::ops::Not::not")]
    pub chosen_by_child: bool,
}

/// Letters that cannot be mistaken for each other when read aloud or typed.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// Checks a guardian's email address as a mailer takes one: a local part of at most 64
/// characters, one `@`, and a domain with a dot, without spaces, control characters, or the
/// separators that would make it a list of addresses (`,` `;` `:` `<` `>` `(` `)` `[` `]` `\` `"`).
/// Letters of any script are fine (`父母@例子.中国`).
pub fn check_contact(contact: &str) -> Result<(), Problem> {
    let bad = |why: &str| {
        Err(
            Problem::at("input.contact", "$.contact", format!("the guardian's address {why}"))
                .hint("give one email address, such as parent@example.com"),
        )
    };
    let allowed = |c: char| !c.is_control() && !c.is_whitespace() && !"@,;:<>()[]\\\"".contains(c);
    let Some((local, domain)) = contact.split_once('@') else {
        return bad("has no @");
    };
    if !(1..=64).contains(&local.chars().count()) || !(4..=253).contains(&domain.chars().count()) {
        return bad("is not of an address's length");
    }
    if !local.chars().chain(domain.chars()).all(allowed) {
        return bad("holds a space, a control character or a separator");
    }
    if !domain.contains('.') {
        return bad("has no domain with a dot");
    }
    // Each label of the domain: not empty (`b..com`), not opening or closing with a hyphen.
    if domain
        .split('.')
        .any(|label| label.is_empty() || label.starts_with('-') || label.ends_with('-'))
    {
        return bad("has a domain that is not a host name");
    }
    Ok(())
}

/// The purposes a child may ask a guardian about: those waiting for a guardian's consent, and
/// those the child refused themself (the guardian step's "not now"), which a guardian's consent
/// can still turn on. Empty for anyone but a child below the guardian age, and where a guardian
/// refused or revoked: the child does not ask again about what a guardian answered. Reads the
/// decisions' reasons, so the evaluation must carry them.
pub fn askable(e: &Evaluation) -> impl Iterator<Item = &PurposeDecision> {
    let child = e.age_band == AgeBand::BelowGuardianAge;
    e.purposes.iter().filter(move |d| {
        child
            && match d.decision {
                Decision::NeedsGuardianConsent => true,
                // A child's own refusal names the guardian it still needs; a guardian's does not.
                Decision::Denied => d.reasons.iter().any(|r| r.rule == "R-GUARDIAN-REQUIRED"),
                _ => false,
            }
    })
}

/// What the child's page of the guardian flow shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChildStep {
    /// Nothing: the visitor is not a child waiting for a guardian, and the page is not theirs.
    Leave,
    /// The form that asks a guardian: no request was made yet, the newest one expired or was
    /// cancelled, or it was decided and purposes still wait.
    Ask,
    /// The newest request, while the guardian has it open.
    Wait,
}

/// What the child's page shows, from the child's evaluation and the state of their newest
/// guardian request (none if they never asked).
pub fn child_step(e: &Evaluation, newest: Option<RequestState>) -> ChildStep {
    match newest {
        _ if askable(e).next().is_none() => ChildStep::Leave,
        // Decided, yet purposes still wait: ones the child did not pick (where the child picks) or
        // ones a later version added. The child may ask about them.
        None | Some(RequestState::Expired | RequestState::Cancelled | RequestState::Decided) => ChildStep::Ask,
        Some(RequestState::Pending | RequestState::Verified) => ChildStep::Wait,
    }
}

/// The purposes a child asks a guardian about: those the child's evaluation says need a
/// guardian's consent (never one forbidden for minors, which is not asked at all), or the `only`
/// ones among them. Only a child the evaluation puts in the guardian flow may ask, and only from
/// the device whose age lock names them (`holds_lock`): a lock answered for someone else asks
/// nothing.
pub fn purposes_to_ask(e: &Evaluation, holds_lock: bool, only: Option<&[String]>) -> Result<Vec<String>, Problem> {
    if askable(e).next().is_none() || !holds_lock {
        return Err(Problem::at(
            "guardian.not_needed",
            "$",
            "no guardian consent is needed for this visitor",
        )
        .hint("answer the age gate first"));
    }
    let mut purposes: Vec<String> = askable(e).map(|d| d.purpose.clone()).collect();
    if let Some(only) = only {
        let strange: Vec<&str> = only
            .iter()
            .filter(|p| !purposes.contains(p))
            .map(String::as_str)
            .collect();
        if !strange.is_empty() {
            return Err(Problem::at(
                "guardian.purpose_not_asked",
                "$.purposes",
                format!("no guardian consent is asked for {}", strange.join(", ")),
            )
            .hint(format!("the purposes are {}", purposes.join(", "))));
        }
        purposes.retain(|p| only.contains(p));
    }
    if purposes.is_empty() {
        return Err(Problem::at(
            "guardian.nothing_to_ask",
            "$.purposes",
            "no purpose needs a guardian's consent",
        ));
    }
    Ok(purposes)
}

/// A guardian's address as the request keeps it: the recipient of the message (trimmed), and the
/// key its message limit counts against: one key a mailbox, so lower case (`Parent@x` and
/// `parent@x` are one address) and without a `+tag` (`parent+1@x` reaches `parent@x`'s box).
/// Checked by [`check_contact`].
pub fn contact_forms(contact: &str) -> Result<(String, String), Problem> {
    let recipient = contact.trim();
    check_contact(recipient)?;
    let lower = recipient.to_lowercase();
    let key = match lower.split_once('@') {
        Some((local, domain)) => {
            let mailbox = local.split_once('+').map_or(local, |(mailbox, _)| mailbox);
            format!("{}@{domain}", if mailbox.is_empty() { local } else { mailbox })
        }
        None => lower.clone(),
    };
    Ok((recipient.to_string(), key))
}

impl GuardianRequest {
    /// The choice a guardian's step records for the child, for the log to check against the
    /// child's context and sign: each purpose the guardian decided (given or refused, in the
    /// request's order) or revoked, asked one by one on the guardian's page, by the guardian
    /// as verified. Only a decision or a revocation by a verified guardian records a choice.
    /// `joint`: the child's jurisdiction has the child and a guardian consent together
    /// ([`crate::policy::GuardianMode::GuardianAndChild`]) and the child picked exactly these
    /// purposes ([`GuardianRequest::chosen_by_child`]; a guardian decides only what the request
    /// names), so the guardian's answer completes a consent the two give jointly, and the
    /// receipt says so; a revocation is never joint. The verification is the one the guardian
    /// passed on this request: their link, sent to the address they verified for, is what lets
    /// them revoke later.
    pub fn choice(&self, event: &GuardianEvent, locale: &str, joint: bool) -> Result<Choice, Problem> {
        let purposes: Vec<PurposeChoice> = match event {
            GuardianEvent::Decide { approvals } => self
                .purposes
                .iter()
                .filter_map(|p| approvals.get(p).map(|given| (p, *given)))
                .map(|(p, given)| PurposeChoice {
                    purpose: p.clone(),
                    state: if given {
                        ConsentState::ConsentGiven
                    } else {
                        ConsentState::ConsentRefused
                    },
                    separate: true,
                })
                .collect(),
            GuardianEvent::Revoke { purposes } => purposes
                .iter()
                .map(|p| PurposeChoice {
                    purpose: p.clone(),
                    state: ConsentState::ConsentRevoked,
                    separate: true,
                })
                .collect(),
            GuardianEvent::Verify { .. } | GuardianEvent::Cancel => {
                return Err(problem(
                    "guardian.no_choice",
                    "only a guardian's decision or revocation records a choice",
                    "record the choice of a `decide` or `revoke` event",
                ))
            }
        };
        let (Some(relationship), Some(verification)) = (self.relationship, self.verification) else {
            return Err(problem(
                "guardian.not_verified",
                "the guardian has not verified, so no choice of theirs can be recorded",
                "the guardian verifies first",
            ));
        };
        // A revocation is the guardian's alone: what the two gave jointly, either may take back.
        let joint = joint && matches!(event, GuardianEvent::Decide { .. });
        Ok(Choice {
            actor: ReceiptActor {
                joint,
                ..ReceiptActor::guardian(relationship, verification)
            },
            age_band: Some(AgeBand::BelowGuardianAge),
            ..Choice::new(
                self.child.clone(),
                self.jurisdiction.clone(),
                locale.to_string(),
                purposes,
                CollectionMethod::GuardianPage,
            )
        })
    }
}

/// How many letters a short code has.
const CODE_LENGTH: usize = 8;

/// A short code as a person typed it, in the form its hash is kept of: spaces dropped, letters in
/// capitals. `None` when that is not [`CODE_LENGTH`] letters of the codes' alphabet: no request
/// has such a code, so the edge need not look one up (nor count it as a wrong guess).
pub fn short_code(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let well_formed = code.len() == CODE_LENGTH && code.bytes().all(|b| CODE_ALPHABET.contains(&b));
    well_formed.then_some(code)
}

/// A short code drawn from `seed` with every letter equally likely: bytes come from SHA-256 of the
/// seed and a counter, and a byte past the largest multiple of the alphabet's size is drawn again
/// (a plain modulo would favour the first letters).
fn draw_short_code(seed: &[u8]) -> String {
    let unbiased = 256 - 256 % CODE_ALPHABET.len();
    (0u32..)
        .flat_map(|round| {
            Sha256::new()
                .chain_update(seed)
                .chain_update(round.to_be_bytes())
                .finalize()
        })
        .filter(|b| usize::from(*b) < unbiased)
        .filter_map(|b| CODE_ALPHABET.get(usize::from(b) % CODE_ALPHABET.len()))
        .take(CODE_LENGTH)
        .map(|&b| char::from(b))
        .collect()
}

fn sha256_hex(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn b64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            let idx = ((n >> (18 - 6 * i)) & 63) as usize;
            out.push(char::from(A.get(idx).copied().unwrap_or(b'A')));
        }
    }
    out
}

/// A new request with its secrets: the link token (256 bits) and the short code (8 letters).
/// The caller supplies the randomness, so the core stays deterministic.
pub fn new_request(
    policy: &Policy,
    child: &str,
    jurisdiction: &str,
    purposes: Vec<String>,
    now: Timestamp,
    random: [u8; 40],
) -> Result<(GuardianRequest, String, String), Problem> {
    if child.trim().is_empty() {
        return Err(problem(
            "guardian.no_subject",
            "the child's subject id is empty",
            "pass the pseudonymous subject id",
        ));
    }
    if purposes.is_empty() {
        return Err(problem(
            "guardian.no_purposes",
            "no purposes to ask about",
            "ask about at least one optional purpose",
        ));
    }
    for p in &purposes {
        match policy.purposes.iter().find(|x| &x.id == p) {
            None => {
                return Err(Problem::at(
                    "guardian.unknown_purpose",
                    "$.purposes",
                    format!("the policy has no purpose `{p}`"),
                )
                .maybe_hint(crate::policy::did_you_mean(
                    p,
                    policy.purposes.iter().map(|x| x.id.as_str()),
                )))
            }
            Some(x) if x.kind == crate::policy::PurposeKind::Essential => {
                return Err(problem(
                    "guardian.essential_purpose",
                    format!("`{p}` is essential"),
                    "only optional purposes need a guardian",
                ))
            }
            Some(_) => {}
        }
    }
    let validity = Duration::parse(&policy.guardian.request_validity)
        .map_err(|e| problem("policy.invalid_duration", e.0, "fix guardian.requestValidity"))?;
    let (token_bytes, code_bytes) = random.split_at(32);
    let token = b64url(token_bytes);
    let code = draw_short_code(code_bytes);
    let req = GuardianRequest {
        child: child.to_string(),
        jurisdiction: jurisdiction.to_string(),
        policy_version: policy.version.clone(),
        purposes,
        created_at: now.to_string(),
        expires_at: now.plus(&validity).to_string(),
        state: RequestState::Pending,
        verification: None,
        relationship: None,
        decisions: BTreeMap::new(),
        decided_at: None,
        token_sha256: sha256_hex(&token),
        code_sha256: sha256_hex(&code),
        chosen_by_child: false,
    };
    Ok((req, token, code))
}

/// Compares two equal-length strings without stopping at the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl GuardianRequest {
    /// The purposes the guardian approved and has not revoked, in the request's order: those a
    /// `revoke` event may name.
    pub fn revocable(&self) -> impl Iterator<Item = &str> {
        self.purposes
            .iter()
            .filter(|p| self.decisions.get(p.as_str()) == Some(&ConsentState::ConsentGiven))
            .map(String::as_str)
    }

    /// Whether `token` opens this request.
    pub fn token_matches(&self, token: &str) -> bool {
        same(&sha256_hex(token), &self.token_sha256)
    }

    /// Whether `code` (case-insensitive, spaces ignored: [`short_code`]) opens this request.
    pub fn code_matches(&self, code: &str) -> bool {
        short_code(code).is_some_and(|c| same(&sha256_hex(&c), &self.code_sha256))
    }

    /// Whether the child's `choice`, just logged, withdraws this request: it refuses (or
    /// withdraws) a purpose the request asks about while the request is open, so no guardian
    /// then turns on what the child refused.
    pub fn withdrawn_by(&self, choice: &Choice, now: Timestamp) -> bool {
        matches!(self.state_at(now), RequestState::Pending | RequestState::Verified)
            && choice
                .purposes
                .iter()
                .any(|c| !c.state.is_valid_consent() && self.purposes.contains(&c.purpose))
    }

    /// The state at `now`: an undecided request past its expiry is expired.
    pub fn state_at(&self, now: Timestamp) -> RequestState {
        match self.state {
            RequestState::Pending | RequestState::Verified
                if Timestamp::parse(&self.expires_at).map(|e| now >= e).unwrap_or(true) =>
            {
                RequestState::Expired
            }
            s => s,
        }
    }

    /// Applies an event at `now`, or refuses it with a typed error and changes nothing.
    pub fn apply(&mut self, policy: &Policy, event: &GuardianEvent, now: Timestamp) -> Result<(), Problem> {
        let state = self.state_at(now);
        let refuse = |what: &str| {
            Err(Problem::at(
                "guardian.invalid_transition",
                "$",
                format!("cannot {what} a request that is {}", state.json_name()),
            )
            .hint(match state {
                RequestState::Expired => "the request expired: the child can ask again",
                RequestState::Cancelled => "the request was cancelled: the child can ask again",
                RequestState::Pending => "the guardian verifies first",
                RequestState::Verified => "the guardian decides next",
                RequestState::Decided => "a decided request can only be revoked; ask again for more",
            }))
        };
        match (state, event) {
            (RequestState::Pending, GuardianEvent::Verify { method, relationship }) => {
                let accepted = accepted_methods(policy, &self.purposes);
                if !accepted.contains(method) {
                    return Err(Problem::at(
                        "guardian.method_too_weak",
                        "$.method",
                        format!("`{}` is not accepted for these purposes", method.json_name()),
                    )
                    .hint(format!(
                        "use one of {}: the purposes asked need a stronger check",
                        listed(accepted.iter().map(|m| m.json_name()))
                    )));
                }
                self.verification = Some(*method);
                self.relationship = Some(*relationship);
                self.state = RequestState::Verified;
                Ok(())
            }
            (RequestState::Verified, GuardianEvent::Decide { approvals }) => {
                if let Some(extra) = approvals.keys().find(|k| !self.purposes.contains(k)) {
                    return Err(Problem::at(
                        "guardian.unknown_purpose",
                        "$.approvals",
                        format!("`{extra}` was not asked about"),
                    )
                    .hint("decide only on the purposes of this request"));
                }
                if let Some(missing) = self.purposes.iter().find(|p| !approvals.contains_key(p)) {
                    return Err(Problem::at(
                        "guardian.missing_decision",
                        "$.approvals",
                        format!("no answer for `{missing}`"),
                    )
                    .hint("approve or refuse every purpose asked"));
                }
                self.decisions = approvals
                    .iter()
                    .map(|(k, v)| {
                        let state = if *v {
                            ConsentState::ConsentGiven
                        } else {
                            ConsentState::ConsentRefused
                        };
                        (k.clone(), state)
                    })
                    .collect();
                self.decided_at = Some(now.to_string());
                self.state = RequestState::Decided;
                Ok(())
            }
            (RequestState::Decided, GuardianEvent::Revoke { purposes }) => {
                if purposes.is_empty() {
                    return Err(problem(
                        "guardian.nothing_to_revoke",
                        "no purposes to revoke",
                        "name the purposes to revoke",
                    ));
                }
                for p in purposes {
                    match self.decisions.get(p) {
                        Some(ConsentState::ConsentGiven) => {}
                        Some(_) => {
                            return Err(Problem::at(
                                "guardian.not_approved",
                                "$.purposes",
                                format!("`{p}` is not approved, so it cannot be revoked"),
                            )
                            .hint("revoke only approved purposes"))
                        }
                        None => {
                            return Err(Problem::at(
                                "guardian.unknown_purpose",
                                "$.purposes",
                                format!("`{p}` was not asked about"),
                            )
                            .hint("revoke only purposes of this request"))
                        }
                    }
                }
                for p in purposes {
                    self.decisions.insert(p.clone(), ConsentState::ConsentRevoked);
                }
                self.decided_at = Some(now.to_string());
                Ok(())
            }
            (RequestState::Pending | RequestState::Verified, GuardianEvent::Cancel) => {
                self.state = RequestState::Cancelled;
                Ok(())
            }
            (_, GuardianEvent::Verify { .. }) => refuse("verify"),
            (_, GuardianEvent::Decide { .. }) => refuse("decide on"),
            (_, GuardianEvent::Revoke { .. }) => refuse("revoke"),
            (_, GuardianEvent::Cancel) => refuse("cancel"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::Engine;

    fn engine() -> Engine {
        Engine::from_json(include_str!("../../policies/seed.json")).unwrap()
    }

    fn t(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    const NOW: &str = "2026-11-29T12:00:00Z";

    /// Messages name a state as JSON writes it.
    #[test]
    fn state_names_are_the_wire_names() {
        use RequestState::*;
        for state in [Pending, Verified, Decided, Expired, Cancelled] {
            assert_eq!(serde_json::to_value(state).unwrap(), state.json_name());
        }
    }

    fn evaluation(context: &str) -> Evaluation {
        let ctx: crate::eval::Context = serde_json::from_str(context).unwrap();
        engine().evaluate(&ctx).unwrap()
    }

    #[test]
    fn the_child_asks_again_only_once_their_newest_request_is_over() {
        use RequestState::*;
        let child = evaluation(r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"CN","ageBand":"below_guardian_age"}"#);
        assert_eq!(child_step(&child, None), ChildStep::Ask);
        // Decided while purposes still wait (the child picked only some, or a version added
        // some): the child may ask about them.
        for over in [Expired, Cancelled, Decided] {
            assert_eq!(child_step(&child, Some(over)), ChildStep::Ask, "{over:?}");
        }
        for open in [Pending, Verified] {
            assert_eq!(child_step(&child, Some(open)), ChildStep::Wait, "{open:?}");
        }
        // A visitor the engine does not put in the guardian flow has no page here, whatever
        // request a device once made.
        for band in ["adult", "minor", "unknown"] {
            let other = evaluation(&format!(
                r#"{{"now":"2026-11-29T12:00:00Z","jurisdiction":"CN","ageBand":"{band}"}}"#
            ));
            for newest in [None, Some(Pending), Some(Expired)] {
                assert_eq!(child_step(&other, newest), ChildStep::Leave, "{band} {newest:?}");
            }
        }
    }

    #[test]
    fn the_guardians_step_follows_the_state_and_every_event_it_offers_is_allowed() {
        use RequestState::*;
        assert_eq!(
            [Pending, Verified, Decided, Expired, Cancelled].map(RequestState::guardian_step),
            [
                GuardianStep::Verify,
                GuardianStep::Decide,
                GuardianStep::Decided,
                GuardianStep::Closed,
                GuardianStep::Closed
            ]
        );
        // The step a page offers is the one the state machine takes next.
        let e = engine();
        let now = t(NOW);
        let (mut r, _, _) = request(&["search"]);
        assert_eq!(r.state_at(now).guardian_step(), GuardianStep::Verify);
        r.apply(e.policy(), &verify(VerificationMethod::CardCheck), now)
            .unwrap();
        assert_eq!(r.state_at(now).guardian_step(), GuardianStep::Decide);
        r.apply(e.policy(), &decide(&[("search", true)]), now).unwrap();
        assert_eq!(r.state_at(now).guardian_step(), GuardianStep::Decided);
        // An undecided request past its expiry is closed to the guardian.
        let (late, _, _) = request(&["search"]);
        assert_eq!(
            late.state_at(t("2027-06-01T00:00:00Z")).guardian_step(),
            GuardianStep::Closed
        );
    }

    #[test]
    fn gate_lists_every_year_without_a_cutoff() {
        let years = selectable_birth_years(t(NOW));
        assert_eq!(years.first(), Some(&2026));
        assert_eq!(years.len(), 121);
    }

    #[test]
    fn age_errs_on_the_younger_side_within_the_birth_month() {
        assert_eq!(age_from_birth(2012, 11, t(NOW)).unwrap(), 13);
        assert_eq!(age_from_birth(2012, 10, t(NOW)).unwrap(), 14);
        assert_eq!(age_from_birth(2012, 12, t(NOW)).unwrap(), 13);
        assert_eq!(age_from_birth(2027, 1, t(NOW)).unwrap_err().code, "age.future_birth");
        assert_eq!(age_from_birth(2026, 12, t(NOW)).unwrap_err().code, "age.future_birth");
        assert_eq!(age_from_birth(1800, 1, t(NOW)).unwrap_err().code, "age.too_old");
        assert_eq!(age_from_birth(2000, 13, t(NOW)).unwrap_err().code, "age.invalid_month");
    }

    #[test]
    fn a_second_answer_cannot_loosen_the_lock() {
        let e = engine();
        let cn = e.rule_for("CN").unwrap();
        let first = lock_answer(None, band_for(12, &cn), "CN", t(NOW));
        assert_eq!(first.band, AgeBand::BelowGuardianAge);
        let second = lock_answer(Some(first.clone()), band_for(30, &cn), "CN", t(NOW));
        assert_eq!((second.band, second.conflicts), (AgeBand::BelowGuardianAge, 1));
        let adult = lock_answer(None, AgeBand::Adult, "CN", t(NOW));
        let stricter = lock_answer(Some(adult), AgeBand::Minor, "CN", t(NOW));
        assert_eq!((stricter.band, stricter.conflicts), (AgeBand::Minor, 1));
        let same = lock_answer(Some(first.clone()), AgeBand::BelowGuardianAge, "CN", t(NOW));
        assert_eq!(same, first);
    }

    /// Answering again in one place after another never widens what a lock stands for: a child
    /// of 10 in CN who answers 13 in the US, 17 in KR and 18 in CN stays a child in CN.
    #[test]
    fn answers_in_other_places_never_widen_the_lock() {
        let e = engine();
        let ev = e.evaluator();
        let answer = |lock: Option<AgeLock>, here: &str, age: u8| answer_lock(lock, here, age, ev, t(NOW)).unwrap();
        let child = answer(None, "CN", 10);
        assert_eq!((child.band, child.oldest), (AgeBand::BelowGuardianAge, Some(13)));
        let us = answer(Some(child), "US", 13);
        assert_eq!(
            (us.band, us.oldest, us.conflicts),
            (AgeBand::Minor, Some(13), 0),
            "13 agrees with below 14"
        );
        let kr = answer(Some(us), "KR", 17);
        assert_eq!(
            (kr.band, kr.conflicts),
            (AgeBand::BelowGuardianAge, 1),
            "17 is older than any answer allowed"
        );
        let cn = answer(Some(kr), "CN", 18);
        assert_eq!((cn.band, cn.oldest), (AgeBand::BelowGuardianAge, Some(13)));
        assert!(cn.conflicts >= 2);
        // An adult's lock has no bound, and an adult who travels is still one where they answer.
        let adult = answer(None, "DE", 30);
        assert_eq!((adult.band, adult.oldest), (AgeBand::Adult, None));
        assert_eq!(answer(Some(adult), "KR", 30).band, AgeBand::Adult);
        // A lock written before the bound was kept stands for its band's oldest.
        let old = AgeLock {
            band: AgeBand::BelowGuardianAge,
            jurisdiction: "CN".into(),
            locked_at: NOW.into(),
            conflicts: 0,
            oldest: None,
        };
        let moved = answer(Some(old), "US", 13);
        assert_eq!(moved.oldest, Some(13));
        assert_eq!(answer(Some(moved), "KR", 17).band, AgeBand::BelowGuardianAge);
    }

    #[test]
    fn risk_follows_sensitive_data_and_sharing() {
        let e = engine();
        let p = e.policy();
        assert_eq!(risk_of(p, "search"), Some(Risk::Low));
        assert_eq!(risk_of(p, "location"), Some(Risk::High));
        assert_eq!(risk_of(p, "advertising"), Some(Risk::High));
        assert_eq!(risk_of(p, "nope"), None);
    }

    fn request(purposes: &[&str]) -> (GuardianRequest, String, String) {
        let e = engine();
        new_request(
            e.policy(),
            "subj-child-1",
            "CN",
            purposes.iter().map(|s| s.to_string()).collect(),
            t(NOW),
            [7u8; 40],
        )
        .unwrap()
    }

    fn verify(method: VerificationMethod) -> GuardianEvent {
        GuardianEvent::Verify {
            method,
            relationship: GuardianRelationship::Parent,
        }
    }

    fn decide(pairs: &[(&str, bool)]) -> GuardianEvent {
        GuardianEvent::Decide {
            approvals: pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        }
    }

    #[test]
    fn every_allowed_transition_works() {
        let e = engine();
        let p = e.policy();
        let now = t(NOW);
        let (mut r, token, code) = request(&["search", "location"]);
        assert!(r.token_matches(&token) && !r.token_matches("x") && r.code_matches(&code.to_lowercase()));
        assert_eq!(code.len(), CODE_LENGTH);
        r.apply(p, &verify(VerificationMethod::CardCheck), now).unwrap();
        assert_eq!(r.state, RequestState::Verified);
        r.apply(p, &decide(&[("search", true), ("location", false)]), now)
            .unwrap();
        assert_eq!(r.decisions["search"], ConsentState::ConsentGiven);
        assert_eq!(r.decisions["location"], ConsentState::ConsentRefused);
        assert_eq!(r.revocable().collect::<Vec<_>>(), ["search"]);
        // A decided request can be revoked even after the request window closed.
        r.apply(
            p,
            &GuardianEvent::Revoke {
                purposes: vec!["search".into()],
            },
            t("2027-06-01T00:00:00Z"),
        )
        .unwrap();
        assert_eq!(r.decisions["search"], ConsentState::ConsentRevoked);
        assert_eq!(r.revocable().count(), 0);
        let (mut c, _, _) = request(&["search"]);
        c.apply(p, &GuardianEvent::Cancel, now).unwrap();
        assert_eq!(c.state, RequestState::Cancelled);
    }

    #[test]
    fn every_other_transition_is_refused_and_changes_nothing() {
        let e = engine();
        let p = e.policy();
        let now = t(NOW);
        let events = [
            verify(VerificationMethod::CardCheck),
            decide(&[("search", true)]),
            GuardianEvent::Revoke {
                purposes: vec!["search".into()],
            },
            GuardianEvent::Cancel,
        ];
        let allowed = [
            (RequestState::Pending, 0),
            (RequestState::Pending, 3),
            (RequestState::Verified, 1),
            (RequestState::Verified, 3),
            (RequestState::Decided, 2),
        ];
        for state in [
            RequestState::Pending,
            RequestState::Verified,
            RequestState::Decided,
            RequestState::Expired,
            RequestState::Cancelled,
        ] {
            for (i, ev) in events.iter().enumerate() {
                let (mut r, _, _) = request(&["search"]);
                if state == RequestState::Decided {
                    r.decisions.insert("search".into(), ConsentState::ConsentGiven);
                }
                r.state = if state == RequestState::Expired {
                    RequestState::Pending
                } else {
                    state
                };
                let at = if state == RequestState::Expired {
                    t("2026-12-30T00:00:00Z")
                } else {
                    now
                };
                let before = r.clone();
                let res = r.apply(p, ev, at);
                if allowed.contains(&(state, i)) {
                    assert!(res.is_ok(), "{state:?} + event {i}: {res:?}");
                } else {
                    assert_eq!(
                        res.unwrap_err().code,
                        "guardian.invalid_transition",
                        "{state:?} + event {i}"
                    );
                    assert_eq!(r, before, "{state:?} + event {i} changed the request");
                }
            }
        }
    }

    #[test]
    fn weak_methods_and_bad_decisions_are_refused() {
        let e = engine();
        let p = e.policy();
        let now = t(NOW);
        let (mut r, _, _) = request(&["search", "advertising"]);
        assert_eq!(
            r.apply(p, &verify(VerificationMethod::EmailPlus), now)
                .unwrap_err()
                .code,
            "guardian.method_too_weak"
        );
        let (mut low, _, _) = request(&["search"]);
        low.apply(p, &verify(VerificationMethod::EmailPlus), now).unwrap();
        assert_eq!(
            low.apply(p, &decide(&[("search", true), ("marketing", true)]), now)
                .unwrap_err()
                .code,
            "guardian.unknown_purpose"
        );
        assert_eq!(
            low.apply(p, &decide(&[]), now).unwrap_err().code,
            "guardian.missing_decision"
        );
        low.apply(p, &decide(&[("search", false)]), now).unwrap();
        assert_eq!(
            low.apply(
                p,
                &GuardianEvent::Revoke {
                    purposes: vec!["search".into()]
                },
                now
            )
            .unwrap_err()
            .code,
            "guardian.not_approved"
        );
        assert_eq!(
            r.apply(p, &verify(VerificationMethod::CardCheck), t("2026-12-07T00:00:00Z"))
                .unwrap_err()
                .code,
            "guardian.invalid_transition"
        );
        let bad = new_request(p, "c", "CN", vec!["essential".into()], now, [0; 40]).unwrap_err();
        assert_eq!(bad.code, "guardian.essential_purpose");
        let bad = new_request(p, "c", "CN", vec!["serch".into()], now, [0; 40]).unwrap_err();
        assert_eq!(bad.hint.as_deref(), Some("did you mean `search`?"));
    }

    #[test]
    fn short_codes_use_every_letter_about_equally() {
        let mut counts = [0u32; 256];
        for seed in 0u32..40_000 {
            for b in draw_short_code(&seed.to_be_bytes()).bytes() {
                counts[usize::from(b)] += 1;
            }
        }
        let used: Vec<u32> = CODE_ALPHABET.iter().map(|&b| counts[usize::from(b)]).collect();
        let expected = 40_000 * CODE_LENGTH as u32 / CODE_ALPHABET.len() as u32;
        // 320,000 letters over 31: about 10,323 each, with a standard deviation near 100. A byte
        // taken modulo 31 would draw the first 8 letters 9/256 of the time (about 11,250) and the
        // others 8/256 (10,000): far outside five deviations.
        for (letter, n) in CODE_ALPHABET.iter().zip(&used) {
            assert!(
                n.abs_diff(expected) < 500,
                "{} drawn {n} times, expected about {expected}",
                char::from(*letter)
            );
        }
        assert_eq!(used.iter().sum::<u32>(), 40_000 * CODE_LENGTH as u32);
    }

    #[test]
    fn a_typed_short_code_is_read_without_case_or_spaces_and_only_in_the_codes_alphabet() {
        let (r, _, code) = request(&["search"]);
        let typed = format!(" {} {} ", code[..4].to_lowercase(), &code[4..]);
        assert_eq!(short_code(&typed).as_deref(), Some(code.as_str()));
        assert!(r.code_matches(&typed));
        // Too short or long, or with a letter a code never has (0, 1, I, L, O, punctuation).
        for bad in [
            "",
            "ABCDEFG",
            "ABCDEFGHJ",
            "ABCDEFG0",
            "ABCDEFGI",
            "abcdefgl",
            "ABCD-EFG",
            "ÀBCDEFGH",
        ] {
            assert_eq!(short_code(bad), None, "{bad}");
            assert!(!r.code_matches(bad), "{bad}");
        }
        assert_eq!(short_code("abcd efgh").as_deref(), Some("ABCDEFGH"));
    }

    #[test]
    fn a_guardian_contact_is_one_address() {
        for ok in ["p@example.test", "父母@例子.中国", "first.last+tag@mail.example.org"] {
            assert!(check_contact(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "parent",
            "\u{0}@\u{0}",
            "parent\u{7}@example.test",
            "a@b,c.d",
            "a b@c.de",
            "a@localhost",
            "a@b@c.de",
            "a@.example",
            "@example.test",
            "a@b..com",
            "a@-b.com",
            "a@b-.com",
            "a@example.test.",
        ] {
            assert_eq!(
                check_contact(bad).err().map(|p| p.code),
                Some("input.contact"),
                "{bad:?}"
            );
        }
        // One key a mailbox: case and a `+tag` do not make another address for the limits.
        let key = |c: &str| contact_forms(c).unwrap().1;
        assert_eq!(key(" Parent+1@Example.test "), "parent@example.test");
        assert_eq!(key("parent+a+b@example.test"), "parent@example.test");
        assert_eq!(key("parent@example.test"), "parent@example.test");
        assert_eq!(key("+tag@example.test"), "+tag@example.test");
        assert_eq!(
            contact_forms(" Parent+1@Example.test ").unwrap().0,
            "Parent+1@Example.test"
        );
    }

    #[test]
    fn the_test_card_verifies_only_in_development_and_the_link_always() {
        for development in [false, true] {
            let verifiers = GuardianVerifiers::of_edge(development);
            let written = crate::json::write(&verifiers);
            assert_eq!(written, serde_json::to_string(&verifiers).unwrap());
            let expected = if development {
                r#"{"link":"email_plus","testCard":"card_check"}"#
            } else {
                r#"{"link":"email_plus","testCard":null}"#
            };
            assert_eq!(written, expected);
        }
    }
}
