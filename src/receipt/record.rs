//! The consent receipt record: what was shown, what was chosen, by whom, under which policy.
//!
//! The fields follow ISO/IEC TS 27560 (record header, processing, parties, event) and the W3C
//! Data Privacy Vocabulary consent states, reduced to what a site needs to prove a choice: the
//! policy document and the notice texts are pinned by their SHA-256, so the receipt stays small
//! and a later reader can check that the texts they are shown are the ones the person saw.

use crate::prelude::*;
use alloc::collections::BTreeSet;
use core::net::IpAddr;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::error::{fail, ErrorCode, ReceiptError};
use super::jcs;
use crate::eval::jurisdiction::resolve;
use crate::eval::{Actor, AgeBand, ConsentState};
use crate::json::{FromJson, ToJson};
use crate::policy::{iso3166, load, Policy, Problems, VerificationMethod};
use crate::time::{Duration, Timestamp};

/// The `schemaVersion` of every receipt this code writes and reads.
pub const SCHEMA_VERSION: &str = "assent-receipt/1";

/// One consent receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Receipt {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: String,
    /// A UUID v4, lowercase.
    pub receipt_id: String,
    /// The person, by a pseudonymous id: never an email address, IP address or phone number.
    pub subject: String,
    /// Who made the choice.
    pub actor: ReceiptActor,
    /// Where the person was, as an ISO 3166 code (`CN`, `US-CA`).
    pub jurisdiction: String,
    /// The policy document the choice was made under.
    pub policy: PolicyRef,
    /// The notice that was shown.
    pub notice: NoticeRef,
    /// The choice for each purpose that was asked about.
    pub purposes: Vec<PurposeChoice>,
    /// The age band the choice was made in, when the site asked; never the age itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_band: Option<AgeBand>,
    /// Where the choice was made.
    pub collection_method: CollectionMethod,
    /// When the choice was recorded (RFC 3339, UTC, whole seconds).
    pub issued_at: String,
    /// When the receipt stops counting as the person's consent state.
    pub expires_at: String,
    /// Who is responsible for the processing, as the notice named them.
    pub controller: ControllerRef,
    /// Hex SHA-256 of the compact JWS of the subject's previous receipt; null for the first.
    pub prev: Option<String>,
}

/// Who made the choice: the person, or their guardian.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReceiptActor {
    /// `self` or `guardian`.
    #[serde(rename = "type")]
    pub kind: Actor,
    /// A guardian's relationship to the person (guardian only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship: Option<GuardianRelationship>,
    /// How the guardian was verified (guardian only; one of the policy's methods).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<VerificationMethod>,
    /// Whether the child consented together with the guardian (guardian only; for rules whose
    /// `guardianMode` is `guardian_and_child`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub joint: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A guardian's relationship to the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum GuardianRelationship {
    /// A parent.
    Parent,
    /// A legal guardian who is not a parent.
    LegalGuardian,
}

impl GuardianRelationship {
    /// Every relationship, in the order a form offers them.
    pub const ALL: [GuardianRelationship; 2] = [GuardianRelationship::Parent, GuardianRelationship::LegalGuardian];
}

/// The policy document a receipt was given under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicyRef {
    /// The policy id.
    pub id: String,
    /// The policy version.
    pub version: String,
    /// Where the human-readable policy is published (Kantara's `policyUrl` needs it).
    pub url: String,
    /// Hex SHA-256 of the RFC 8785 canonical JSON of the policy document.
    pub sha256: String,
}

/// The notice that was shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NoticeRef {
    /// The locale it was shown in.
    pub locale: String,
    /// Hex SHA-256 of the canonical JSON array of the exact texts shown, in order
    /// (see [`notice_hash`]).
    pub sha256: String,
}

/// The choice for one purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PurposeChoice {
    /// The purpose id in the policy.
    pub purpose: String,
    /// The DPV consent state chosen.
    pub state: ConsentState,
    /// Whether it was asked for on its own (separate consent), not bundled with others.
    #[serde(default)]
    pub separate: bool,
}

/// Where a choice was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CollectionMethod {
    /// The banner's bundled answers, "accept all" and "reject all", on whichever layer they
    /// were pressed (the first layer holds nothing else).
    BannerLayer1,
    /// The banner's second layer (per-purpose settings).
    BannerLayer2,
    /// The page where a guardian gives or refuses consent.
    GuardianPage,
    /// The notice of a policy update.
    UpdateNotice,
    /// A call to the site's API (e.g. a settings page or an app).
    Api,
    /// The browser's Global Privacy Control signal, where the visitor's law makes it an
    /// opt-out: the withdrawal of a consent in force to what it opts out of, recorded by the edge
    /// when the signal first reaches it.
    Gpc,
}

impl CollectionMethod {
    /// Whether a choice made this way was asked purpose by purpose, and so counts as separate
    /// consent: everything but the banner's first layer ("accept all" bundles the purposes) and
    /// the update notice (which asks about what changed together).
    pub fn asks_one_by_one(self) -> bool {
        !matches!(self, CollectionMethod::BannerLayer1 | CollectionMethod::UpdateNotice)
    }

    /// Whether a choice recorded this way counts as separate consent for its purpose, given the
    /// purpose's consent `before`: asked one by one, or, on the update notice (which bundles its
    /// answers), a consent given again where the one before was separate. Accepting or
    /// acknowledging a new version records the visitor's choices again; they stay what they were.
    pub fn records_separate(self, given: bool, before: Option<&crate::eval::Consent>) -> bool {
        self.asks_one_by_one()
            || withdraws(given, before)
            || (self == CollectionMethod::UpdateNotice
                && given
                && before.is_some_and(|c| c.state == ConsentState::ConsentGiven && c.separate))
    }

    /// The state a choice made this way records: a "yes" given together with others (not
    /// separate, by [`Self::records_separate`]) to a purpose that needs a consent given alone
    /// (`needs_alone`, [`crate::eval::PurposeDecision::alone`]) is no consent to it, and is
    /// recorded as deferred.
    /// A "no" to a purpose with a consent in force takes that consent back: a withdrawal, however
    /// it was asked, never a refusal that would hide a consent was given.
    pub fn records_state(self, given: bool, before: Option<&crate::eval::Consent>, needs_alone: bool) -> ConsentState {
        match given {
            true if needs_alone && !self.records_separate(given, before) => ConsentState::ConsentRequestDeferred,
            true => ConsentState::ConsentGiven,
            false if withdraws(given, before) => ConsentState::ConsentWithdrawn,
            false => ConsentState::ConsentRefused,
        }
    }

    /// The method in words, for documents meant for people (Kantara's `collectionMethod`).
    pub fn describe(self) -> &'static str {
        match self {
            Self::BannerLayer1 => "Consent banner, first layer",
            Self::BannerLayer2 => "Consent banner, second layer (per-purpose choices)",
            Self::GuardianPage => "Guardian consent page",
            Self::UpdateNotice => "Policy update notice",
            Self::Api => "Consent settings via the site's API",
            Self::Gpc => "Global Privacy Control signal sent by the browser",
        }
    }
}

/// The controller as the notice named them, in the notice's locale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ControllerRef {
    /// The organisation's name.
    pub name: String,
    /// How to reach it.
    pub contact: String,
    /// Contact email.
    pub email: String,
    /// Contact telephone.
    pub phone: String,
    /// Postal address.
    pub address: String,
}

/// What a person chose, as the page (or the CLI's CHOICES.json) reports it: the input from
/// which [`build_receipt`] makes a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Choice {
    /// The pseudonymous subject id.
    pub subject: String,
    /// Who chose; the person themself when absent.
    #[serde(default)]
    pub actor: ReceiptActor,
    /// Where the person is.
    pub jurisdiction: String,
    /// The locale the notice was shown in.
    pub locale: String,
    /// The choice per purpose.
    pub purposes: Vec<PurposeChoice>,
    /// The age band, when the site asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_band: Option<AgeBand>,
    /// Where the choice was made.
    pub collection_method: CollectionMethod,
    /// The exact texts shown, in order; derived from the policy when absent
    /// (see [`notice_texts`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shown_texts: Option<Vec<String>>,
    /// The hash of the texts shown, when the page computed it itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_sha256: Option<String>,
    /// How long the receipt counts (ISO 8601 duration); from the policy's jurisdiction rules
    /// when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<String>,
    /// The link to the subject's previous receipt (see [`chain_link`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
    /// The policy reference, when no policy document is given to [`build_receipt`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyRef>,
    /// The controller, when no policy document is given to [`build_receipt`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<ControllerRef>,
}

impl Choice {
    /// The person's own choice of `purposes`, made in `locale` where `collection_method` says,
    /// with no age band and nothing the signer derives from the policy (the texts shown,
    /// validity, policy and controller) nor a link to a previous receipt.
    pub fn new(
        subject: String,
        jurisdiction: String,
        locale: String,
        purposes: Vec<PurposeChoice>,
        collection_method: CollectionMethod,
    ) -> Choice {
        Choice {
            subject,
            actor: ReceiptActor::subject(),
            jurisdiction,
            locale,
            purposes,
            age_band: None,
            collection_method,
            shown_texts: None,
            notice_sha256: None,
            validity: None,
            prev: None,
            policy: None,
            controller: None,
        }
    }
}

/// A policy document with its hash: the parsed [`Policy`] and the hex SHA-256 of the canonical
/// JSON of the document exactly as published (defaults the model would fill in are not added,
/// so anyone with the published file and any RFC 8785 implementation gets the same hash).
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyDoc {
    /// The policy.
    pub policy: Policy,
    /// Hex SHA-256 of the document's canonical JSON.
    pub sha256: String,
}

impl PolicyDoc {
    /// Reads and validates a policy document (as `policy::load` does) and hashes it. Repeated
    /// keys are refused: the hash must be of one unambiguous document.
    pub fn from_json(text: &str) -> Result<Self, ReceiptError> {
        let value = jcs::parse_strict(text).map_err(|e| match e.code {
            ErrorCode::DuplicateKey => e,
            _ => ReceiptError::new(ErrorCode::Policy, format!("policy document: {}", e.message)),
        })?;
        let policy = load(text).map_err(|Problems(problems)| {
            let list: Vec<String> = problems
                .iter()
                .take(3)
                .map(|p| format!("{} at {}: {}", p.code, p.path, p.message))
                .collect();
            ReceiptError::new(
                ErrorCode::Policy,
                format!(
                    "the policy is not valid ({} problems; `assent check` lists them): {}",
                    problems.len(),
                    list.join("; ")
                ),
            )
        })?;
        Ok(Self {
            policy,
            sha256: policy_hash(&value)?,
        })
    }

    /// The reference a receipt carries.
    pub fn reference(&self) -> PolicyRef {
        PolicyRef {
            id: self.policy.id.clone(),
            version: self.policy.version.clone(),
            url: self.policy.url.clone(),
            sha256: self.sha256.clone(),
        }
    }
}

/// Hex SHA-256 of the RFC 8785 canonical JSON of a policy document.
pub fn policy_hash(document: &Value) -> Result<String, ReceiptError> {
    Ok(sha256_hex(&jcs::to_vec(document)?))
}

/// Lowercase hex of the SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        for nibble in [b >> 4, b & 0x0f] {
            out.push(char::from(DIGITS.get(usize::from(nibble)).copied().unwrap_or(b'0')));
        }
    }
    out
}

/// The `prev` value of the receipt that follows this one: hex SHA-256 of its compact JWS.
pub fn chain_link(compact_jws: &str) -> String {
    sha256_hex(compact_jws.as_bytes())
}

/// Hex SHA-256 of the canonical JSON array of the texts shown, in the order shown.
///
/// An array of strings (rather than the texts run together) keeps the boundaries between texts,
/// so moving a sentence from one text to the next changes the hash.
pub fn notice_hash(texts: &[String]) -> Result<String, ReceiptError> {
    let array = Value::Array(texts.iter().cloned().map(Value::String).collect());
    Ok(sha256_hex(&jcs::to_vec(&array)?))
}

/// The texts a page shows for these purposes in `locale`, in order: the policy title, the
/// notice title and summary, then each purpose's name and description. The default notice when
/// a [`Choice`] does not list its texts.
pub fn notice_texts(policy: &Policy, locale: &str, purposes: &[PurposeChoice]) -> Vec<String> {
    let fallback = policy.default_locale.as_str();
    let mut texts = vec![
        policy.title.get(locale, fallback).to_owned(),
        policy.notice.title.get(locale, fallback).to_owned(),
        policy.notice.summary.get(locale, fallback).to_owned(),
    ];
    for choice in purposes {
        if let Some(p) = policy.purposes.iter().find(|p| p.id == choice.purpose) {
            texts.push(p.name.get(locale, fallback).to_owned());
            texts.push(p.description.get(locale, fallback).to_owned());
        }
    }
    texts
}

/// Formats 16 random bytes as a UUID v4 (RFC 9562): the version and variant bits are set, the
/// other 122 bits are the caller's randomness. The core has no random source of its own.
pub fn new_receipt_id(rng_bytes: [u8; 16]) -> String {
    let mut b = rng_bytes;
    if let Some(v) = b.get_mut(6) {
        *v = (*v & 0x0f) | 0x40;
    }
    if let Some(v) = b.get_mut(8) {
        *v = (*v & 0x3f) | 0x80;
    }
    let h = hex(&b);
    let part = |r: core::ops::Range<usize>| h.get(r).unwrap_or("");
    format!(
        "{}-{}-{}-{}-{}",
        part(0..8),
        part(8..12),
        part(12..16),
        part(16..20),
        part(20..32)
    )
}

/// Whether `s` is a lowercase UUID v4 in its hyphenated form.
pub fn is_uuid_v4(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(c),
        })
        && b.get(14) == Some(&b'4')
        && matches!(b.get(19), Some(b'8' | b'9' | b'a' | b'b'))
}

/// Checks that a subject id is pseudonymous: not an email address, an IP address or a phone
/// number, 8 to 128 characters of `A-Z a-z 0-9 . _ ~ : -`.
pub fn validate_subject(subject: &str) -> Result<(), ReceiptError> {
    let err = |m: String| fail(ErrorCode::Subject, m);
    if subject.contains('@') {
        return err(format!(
            "subject `{subject}` looks like an email address; a receipt names a person only by a pseudonymous id"
        ));
    }
    if looks_like_ip(subject) {
        return err(format!(
            "subject `{subject}` looks like an IP address; a receipt names a person only by a pseudonymous id"
        ));
    }
    let digits = subject.strip_prefix('+').unwrap_or(subject);
    if (7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        return err(format!(
            "subject `{subject}` looks like a phone number; a receipt names a person only by a pseudonymous id"
        ));
    }
    if !(8..=128).contains(&subject.len()) {
        return err(format!(
            "subject must be 8 to 128 characters long, found {}",
            subject.len()
        ));
    }
    if let Some(c) = subject
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '~' | ':' | '-')))
    {
        return err(format!(
            "subject contains `{}`; use only A-Z a-z 0-9 . _ ~ : -",
            c.escape_default()
        ));
    }
    Ok(())
}

fn looks_like_ip(s: &str) -> bool {
    let bare = s.trim_start_matches('[');
    let bare = bare.split(']').next().unwrap_or(bare);
    // An IPv6 zone (`fe80::1%eth0`) is not part of the address.
    let bare = bare.split('%').next().unwrap_or(bare);
    if bare.parse::<IpAddr>().is_ok() {
        return true;
    }
    // IPv4 with a port, or with leading zeros (which the standard parser refuses).
    let host = match s.rsplit_once(':') {
        Some((h, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => s,
    };
    let octets: Vec<&str> = host.split('.').collect();
    if octets.len() == 4
        && octets.iter().all(|o| {
            (1..=3).contains(&o.len())
                && o.bytes().all(|b| b.is_ascii_digit())
                && o.parse::<u16>().is_ok_and(|n| n <= 255)
        })
    {
        return true;
    }
    // IPv6 in any spelling: only hex digits and colons (and an embedded IPv4), two colons or more.
    let colons = s.matches(':').count();
    colons >= 2
        && s.chars()
            .all(|c| c.is_ascii_hexdigit() || matches!(c, ':' | '.' | '[' | ']' | '%'))
}

fn is_hex64(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A visitor's location: a country or a subdivision (`EU` names rules, not a place one is in).
fn is_jurisdiction(s: &str) -> bool {
    s != "EU" && iso3166::is_jurisdiction(s)
}

fn is_locale(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 35
        && s.split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Parses a timestamp that must be in the one form receipts use: `YYYY-MM-DDTHH:MM:SSZ`.
pub(crate) fn parse_receipt_time(field: &str, s: &str) -> Result<Timestamp, ReceiptError> {
    let t = Timestamp::parse(s).map_err(|e| ReceiptError::new(ErrorCode::Record, format!("{field}: {e}")))?;
    if t.to_string() != s {
        return fail(
            ErrorCode::Record,
            format!("{field} `{s}` must be written in UTC with whole seconds, as `{t}`"),
        );
    }
    Ok(t)
}

fn text_field(field: &str, s: &str, max: usize) -> Result<(), ReceiptError> {
    if s.trim().is_empty() || s.len() > max {
        return fail(
            ErrorCode::Record,
            format!("{field} must be 1 to {max} bytes and not blank"),
        );
    }
    Ok(())
}

impl Receipt {
    /// Checks every field; a receipt that passes is one this code would issue.
    pub fn validate(&self) -> Result<(), ReceiptError> {
        let rec = |m: String| fail(ErrorCode::Record, m);
        if self.schema_version != SCHEMA_VERSION {
            return rec(format!(
                "schemaVersion `{}` is not `{SCHEMA_VERSION}`",
                self.schema_version
            ));
        }
        if !is_uuid_v4(&self.receipt_id) {
            return rec(format!("receiptId `{}` is not a lowercase UUID v4", self.receipt_id));
        }
        validate_subject(&self.subject)?;
        self.actor.validate()?;
        if !is_jurisdiction(&self.jurisdiction) {
            return rec(format!(
                "jurisdiction `{}` is not an ISO 3166 code such as CN or US-CA",
                self.jurisdiction
            ));
        }
        text_field("policy.id", &self.policy.id, 128)?;
        text_field("policy.version", &self.policy.version, 64)?;
        text_field("policy.url", &self.policy.url, 2048)?;
        if !(self.policy.url.starts_with("https://") || self.policy.url.starts_with("http://")) {
            return rec(format!("policy.url `{}` is not an http(s) URL", self.policy.url));
        }
        if !is_hex64(&self.policy.sha256) {
            return rec("policy.sha256 must be 64 lowercase hex digits".into());
        }
        if !is_locale(&self.notice.locale) {
            return rec(format!(
                "notice.locale `{}` is not a language tag such as en or zh-CN",
                self.notice.locale
            ));
        }
        if !is_hex64(&self.notice.sha256) {
            return rec("notice.sha256 must be 64 lowercase hex digits".into());
        }
        if self.purposes.is_empty() || self.purposes.len() > 256 {
            return rec("purposes must list 1 to 256 choices".into());
        }
        let mut seen = BTreeSet::new();
        for p in &self.purposes {
            text_field("purposes[].purpose", &p.purpose, 128)?;
            if !seen.insert(p.purpose.as_str()) {
                return rec(format!("purpose `{}` is listed twice", p.purpose));
            }
        }
        if self.age_band == Some(AgeBand::Unknown) {
            return rec("ageBand `unknown` is written by leaving ageBand out".into());
        }
        let issued = parse_receipt_time("issuedAt", &self.issued_at)?;
        let expires = parse_receipt_time("expiresAt", &self.expires_at)?;
        if expires <= issued {
            return rec(format!(
                "expiresAt {} is not after issuedAt {}",
                self.expires_at, self.issued_at
            ));
        }
        text_field("controller.name", &self.controller.name, 512)?;
        for (field, value) in [
            ("controller.contact", &self.controller.contact),
            ("controller.email", &self.controller.email),
            ("controller.phone", &self.controller.phone),
            ("controller.address", &self.controller.address),
        ] {
            if value.len() > 1024 {
                return rec(format!("{field} is longer than 1024 bytes"));
            }
        }
        if let Some(prev) = &self.prev {
            if !is_hex64(prev) {
                return rec("prev must be 64 lowercase hex digits or null".into());
            }
        }
        Ok(())
    }

    /// When it was issued.
    pub fn issued(&self) -> Result<Timestamp, ReceiptError> {
        parse_receipt_time("issuedAt", &self.issued_at)
    }

    /// When it expires.
    pub fn expires(&self) -> Result<Timestamp, ReceiptError> {
        parse_receipt_time("expiresAt", &self.expires_at)
    }

    /// The receipt as a JSON value.
    pub fn to_value(&self) -> Result<Value, ReceiptError> {
        serde_json::to_value(self).map_err(|e| ReceiptError::new(ErrorCode::Json, format!("receipt to JSON: {e}")))
    }

    /// The RFC 8785 canonical JSON of the receipt: the bytes that are signed.
    pub fn canonical_json(&self) -> Result<String, ReceiptError> {
        jcs::to_string(&self.to_value()?)
    }
}

impl ReceiptActor {
    /// The person themself.
    pub fn subject() -> Self {
        Self::default()
    }

    /// A guardian, with their relationship and how they were verified.
    pub fn guardian(relationship: GuardianRelationship, verification: VerificationMethod) -> Self {
        Self {
            kind: Actor::Guardian,
            relationship: Some(relationship),
            verification: Some(verification),
            joint: false,
        }
    }

    fn validate(&self) -> Result<(), ReceiptError> {
        match (self.kind, &self.relationship, &self.verification) {
            (Actor::Subject, None, None) if !self.joint => Ok(()),
            (Actor::Subject, _, _) => fail(
                ErrorCode::Record,
                "actor.relationship, actor.verification and actor.joint are for a guardian only",
            ),
            (Actor::Guardian, Some(_), Some(_)) => Ok(()),
            (Actor::Guardian, _, _) => fail(
                ErrorCode::Record,
                "a guardian actor needs both relationship and verification",
            ),
        }
    }
}

/// When a receipt issued at `now` stops counting. From the policy's rules for the jurisdiction
/// (resolved as the evaluator resolves them): `consentValidity`, or for a receipt of refusals
/// only `refusalMemory`, which is how long a "no" is remembered. The choice's own `validity`
/// may shorten a consent's; one longer than the jurisdiction allows is refused. Without the
/// policy document, the choice's `validity` is all there is.
fn receipt_expiry(choice: &Choice, policy: Option<&Policy>, now: Timestamp) -> Result<Timestamp, ReceiptError> {
    let own = choice
        .validity
        .as_deref()
        .map(|v| Duration::parse(v).map_err(|e| ReceiptError::new(ErrorCode::Record, format!("validity: {e}"))))
        .transpose()?;
    let Some(policy) = policy else {
        return match own {
            Some(v) => Ok(now.plus(&v)),
            None => fail(
                ErrorCode::Record,
                "no validity: give `validity` (e.g. P12M) or the policy document",
            ),
        };
    };
    let Some(rule) = resolve(policy, &choice.jurisdiction) else {
        return match own {
            Some(v) => Ok(now.plus(&v)),
            None => fail(
                ErrorCode::Policy,
                format!(
                    "the policy has no complete rule for {}; give `validity` (e.g. P12M)",
                    choice.jurisdiction
                ),
            ),
        };
    };
    let refusals_only = choice.purposes.iter().all(|p| !p.state.is_valid_consent());
    let by_rule = now.plus(if refusals_only {
        &rule.refusal_memory.value
    } else {
        &rule.consent_validity.value
    });
    match (own.map(|v| now.plus(&v)), choice.validity.as_deref()) {
        (Some(end), Some(given)) if !refusals_only && end > by_rule => fail(
            ErrorCode::Record,
            format!(
                "validity {given} outlasts a consent in {}, which {} ends at {by_rule}; give a shorter validity, or none to take that one",
                choice.jurisdiction,
                rule.consent_validity.source.law
            ),
        ),
        (Some(end), _) => Ok(end),
        (None, _) => Ok(by_rule),
    }
}

/// Makes the receipt for a choice. The time and the id come from the caller (the core has no
/// clock and no random source); `policy` is the document the notice was built from, and may be
/// left out when the choice carries the policy reference, controller and notice hash itself.
pub fn build_receipt(
    choice: &Choice,
    policy: Option<&PolicyDoc>,
    receipt_id: &str,
    now: Timestamp,
) -> Result<Receipt, ReceiptError> {
    let locale = choice.locale.as_str();
    let (policy_ref, controller) = match policy {
        Some(doc) => {
            let p = &doc.policy;
            if !p.locales.iter().any(|l| l == locale) {
                return fail(
                    ErrorCode::Policy,
                    format!(
                        "locale `{locale}` is not one of the policy's locales ({})",
                        crate::policy::listed(p.locales.iter().map(String::as_str))
                    ),
                );
            }
            for c in &choice.purposes {
                if !p.purposes.iter().any(|q| q.id == c.purpose) {
                    return fail(
                        ErrorCode::Policy,
                        format!("purpose `{}` is not in policy {} {}", c.purpose, p.id, p.version),
                    );
                }
            }
            let reference = doc.reference();
            if choice.policy.as_ref().is_some_and(|r| *r != reference) {
                return fail(
                    ErrorCode::PolicyMismatch,
                    "the choice names another policy than the document given",
                );
            }
            let c = &p.controller;
            let fallback = p.default_locale.as_str();
            let controller = ControllerRef {
                name: c.name.get(locale, fallback).to_owned(),
                contact: c.contact.get(locale, fallback).to_owned(),
                email: c.email.clone(),
                phone: c.phone.clone(),
                address: c.address.get(locale, fallback).to_owned(),
            };
            (reference, controller)
        }
        None => match (&choice.policy, &choice.controller) {
            (Some(r), Some(c)) => (r.clone(), c.clone()),
            _ => {
                return fail(
                    ErrorCode::Record,
                    "without a policy document the choice must give `policy` and `controller`",
                )
            }
        },
    };
    let notice_sha256 = match (&choice.notice_sha256, &choice.shown_texts, policy) {
        (Some(h), None, _) => h.clone(),
        (None, Some(texts), _) => notice_hash(texts)?,
        (None, None, Some(doc)) => notice_hash(&notice_texts(&doc.policy, locale, &choice.purposes))?,
        (Some(_), Some(_), _) => return fail(ErrorCode::Record, "give shownTexts or noticeSha256, not both"),
        (None, None, None) => {
            return fail(
                ErrorCode::Record,
                "without a policy document the choice must give shownTexts or noticeSha256",
            )
        }
    };
    let expires = receipt_expiry(choice, policy.map(|d| &d.policy), now)?;
    let receipt = Receipt {
        schema_version: SCHEMA_VERSION.to_owned(),
        receipt_id: receipt_id.to_owned(),
        subject: choice.subject.clone(),
        actor: choice.actor.clone(),
        jurisdiction: choice.jurisdiction.clone(),
        policy: policy_ref,
        notice: NoticeRef {
            locale: locale.to_owned(),
            sha256: notice_sha256,
        },
        purposes: choice.purposes.clone(),
        age_band: choice.age_band.filter(|b| *b != AgeBand::Unknown),
        collection_method: choice.collection_method,
        issued_at: now.to_string(),
        expires_at: expires.to_string(),
        controller,
        prev: choice.prev.clone(),
    };
    receipt.validate()?;
    Ok(receipt)
}

/// Whether a "no" takes back a consent in force (a withdrawal, always separate).
fn withdraws(given: bool, before: Option<&crate::eval::Consent>) -> bool {
    !given && before.is_some_and(|c| c.state.is_valid_consent())
}

#[cfg(test)]
mod collection_tests {
    use super::CollectionMethod::*;

    #[test]
    fn only_the_first_layer_and_the_update_notice_bundle_purposes() {
        assert!(!BannerLayer1.asks_one_by_one() && !UpdateNotice.asks_one_by_one());
        assert!(BannerLayer2.asks_one_by_one() && GuardianPage.asks_one_by_one() && Api.asks_one_by_one());
    }

    #[test]
    fn a_consent_given_again_on_the_update_notice_stays_separate_when_it_was() {
        use crate::eval::{Actor, ConsentState};
        let before = |state: ConsentState, separate: bool| crate::eval::Consent {
            state,
            time: "2026-11-01T00:00:00Z".into(),
            policy_version: "1.0.0".into(),
            by: Actor::Subject,
            separate,
            joint: false,
        };
        let given_alone = before(ConsentState::ConsentGiven, true);
        assert!(UpdateNotice.records_separate(true, Some(&given_alone)));
        assert!(
            !UpdateNotice.records_separate(false, Some(&before(ConsentState::ConsentRefused, true))),
            "a refusal is no consent"
        );
        // A "no" over a consent in force is its withdrawal, separate however it was asked.
        for method in [BannerLayer1, UpdateNotice, BannerLayer2, Api] {
            assert!(method.records_separate(false, Some(&given_alone)));
            assert_eq!(
                method.records_state(false, Some(&given_alone), false),
                ConsentState::ConsentWithdrawn
            );
            assert_eq!(method.records_state(false, None, false), ConsentState::ConsentRefused);
        }
        assert!(!UpdateNotice.records_separate(true, Some(&before(ConsentState::ConsentGiven, false))));
        assert!(!UpdateNotice.records_separate(true, Some(&before(ConsentState::ConsentRefused, true))));
        assert!(!UpdateNotice.records_separate(true, None));
        assert!(
            !BannerLayer1.records_separate(true, Some(&given_alone)),
            "accept all bundles"
        );
        assert!(BannerLayer2.records_separate(false, None));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_ids_are_uuid_v4_whatever_the_bytes() {
        for bytes in [[0u8; 16], [0xff; 16], *b"0123456789abcdef"] {
            let id = new_receipt_id(bytes);
            assert!(is_uuid_v4(&id), "{id}");
        }
        assert_eq!(new_receipt_id([0; 16]), "00000000-0000-4000-8000-000000000000");
        assert_eq!(new_receipt_id([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert!(!is_uuid_v4("00000000-0000-1000-8000-000000000000"));
        assert!(!is_uuid_v4("00000000-0000-4000-c000-000000000000"));
        assert!(!is_uuid_v4("FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF"));
    }

    #[test]
    fn subject_email_addresses_are_refused() {
        for s in ["alice@example.com", "a@b", "user+tag@mail.example.cn"] {
            let e = validate_subject(s).unwrap_err();
            assert_eq!(e.code, ErrorCode::Subject);
            assert!(e.message.contains("email"), "{}", e.message);
        }
    }

    #[test]
    fn subject_ip_addresses_are_refused() {
        for s in [
            "192.168.1.20",
            "010.001.002.003",
            "203.0.113.9:8443",
            "2001:db8::1",
            "[2001:db8::1]:443",
            "::ffff:192.0.2.1",
            "fe80::1%eth0",
            "::1",
        ] {
            let e = validate_subject(s).unwrap_err();
            assert!(e.message.contains("IP address"), "{s}: {}", e.message);
        }
    }

    #[test]
    fn subject_phone_numbers_and_odd_ids_are_refused() {
        assert!(validate_subject("+8613800138000")
            .unwrap_err()
            .message
            .contains("phone"));
        assert!(validate_subject("13800138000").unwrap_err().message.contains("phone"));
        assert!(validate_subject("short").is_err());
        assert!(validate_subject("has space in it").is_err());
        assert!(validate_subject(&"x".repeat(129)).is_err());
    }

    #[test]
    fn pseudonymous_subjects_are_accepted() {
        for s in [
            "u_7f3a9c2e41d8",
            "sub:0f9e8d7c6b5a",
            "a1b2c3d4-e5f6-4789-8abc-def012345678",
            "1234567890123456",
        ] {
            validate_subject(s).unwrap();
        }
    }

    #[test]
    fn notice_hash_keeps_text_boundaries() {
        let a = notice_hash(&["ab".into(), "c".into()]).unwrap();
        let b = notice_hash(&["a".into(), "bc".into()]).unwrap();
        assert_ne!(a, b);
        // SHA-256 of the canonical array `["ab","c"]`.
        assert_eq!(a, sha256_hex(br#"["ab","c"]"#));
    }

    #[test]
    fn jurisdiction_codes() {
        for ok in ["CN", "US-CA", "GB-ENG", "FR"] {
            assert!(is_jurisdiction(ok), "{ok}");
        }
        for bad in ["cn", "*", "EU", "XX", "US-", "US-CALI", ""] {
            assert!(!is_jurisdiction(bad), "{bad}");
        }
    }
}
