//! Who a request speaks for. The edge issues each device a pseudonymous subject inside a
//! credential only it can sign; every route that records, reads or withdraws takes the subject
//! from that credential alone, never from a request body or an unsigned cookie. The same
//! signed statement, short-lived and single-use, moves a subject to another device.
//!
//! The rule of which credential names the subject is here, so that the edge, the CLI and the
//! tests apply one rule: see [`identify_json`].

use crate::prelude::*;
use serde::{Deserialize, Serialize};

use super::receipts::{
    expired, now, statement_signature, verify_statement_as, SignatureCheck, SignedAgeLock, AGE_LOCK_TYP,
};
use super::{to_json, ApiError};
use crate::eval::AgeBand;
use crate::guardian::AgeLock;
use crate::policy::parse_json;
use crate::policy::Problem;
use crate::receipt::Jwks;
use crate::time::Timestamp;

/// The JWS `typ` of a credential the edge issues.
pub const CREDENTIAL_TYP: &str = "assent-credential+jwt";

/// How long a device credential lasts: the consent cookie's declared lifetime (P13M).
pub const DEVICE_SECONDS: i64 = 13 * 30 * 24 * 3600;

/// How long a transfer credential lasts: long enough to open a link on another device.
pub const TRANSFER_SECONDS: i64 = 10 * 60;

/// A device credential is issued again, for the same subject, once less than this is left.
const RENEW_SECONDS: i64 = 30 * 24 * 3600;

/// What a credential lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CredentialKind {
    /// Speak for the subject on the device the edge issued it to: record, read and withdraw.
    Device,
    /// Move the subject to another device, once (its `nonce` is spent when claimed).
    Transfer,
}

/// A credential as the edge signs it (typ `assent-credential+jwt`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Credential {
    /// What it allows.
    pub kind: CredentialKind,
    /// The pseudonymous subject it speaks for.
    pub subject: String,
    /// When the edge signed it (RFC 3339).
    pub issued_at: String,
    /// Until when it counts (RFC 3339).
    pub expires_at: String,
    /// A transfer's single-use nonce.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    /// The strictest age lock the edge knew for the subject when it signed this, with the lock's
    /// own expiry (a lock lasts its year, whatever the credential's life): a device that drops
    /// its age-lock cookie keeps the lock in its credential, and a subject moved to another device
    /// takes it along.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_lock: Option<SignedAgeLock>,
}

impl Credential {
    /// A credential of `kind` for `subject`, issued at `now` for its kind's lifetime.
    pub fn issue(
        kind: CredentialKind,
        subject: &str,
        now: Timestamp,
        nonce: Option<String>,
        age_lock: Option<SignedAgeLock>,
    ) -> Credential {
        let seconds = match kind {
            CredentialKind::Device => DEVICE_SECONDS,
            CredentialKind::Transfer => TRANSFER_SECONDS,
        };
        Credential {
            kind,
            subject: subject.to_string(),
            issued_at: now.to_string(),
            expires_at: Timestamp(now.0 + seconds).to_string(),
            nonce,
            age_lock,
        }
    }

    /// Checks the fields the signature cannot: times, the subject's form, a transfer's nonce.
    pub(crate) fn check(&self) -> Result<(), ApiError> {
        let issued =
            Timestamp::parse(&self.issued_at).map_err(|_| invalid("$.issuedAt", "the issue time is not a time"))?;
        let expires =
            Timestamp::parse(&self.expires_at).map_err(|_| invalid("$.expiresAt", "the expiry is not a time"))?;
        if expires <= issued {
            return Err(invalid("$.expiresAt", "the credential expires before it is issued"));
        }
        crate::receipt::record::validate_subject(&self.subject)?;
        match (self.kind, &self.nonce) {
            (CredentialKind::Transfer, None) => Err(invalid("$.nonce", "a transfer needs its single-use nonce")),
            (CredentialKind::Device, Some(_)) => Err(invalid("$.nonce", "a device credential has no nonce")),
            _ => Ok(()),
        }
    }
}

fn invalid(path: &str, message: &str) -> ApiError {
    Problem::at("credential.invalid", path, message.to_string())
        .hint("ask the edge for a new credential")
        .into()
}

/// Verifies a credential: signed with a published key, of the `kind` asked for, issued and not
/// expired at `now`. `credential.invalid` otherwise.
pub fn verify_credential(
    token: &str,
    keys: &Jwks,
    kind: CredentialKind,
    now: Timestamp,
) -> Result<Credential, ApiError> {
    verify_credential_as(token, keys, kind, now, None)
}

/// [`verify_credential`], with the runtime's verdict on the signature (see [`identify_checks`]).
fn verify_credential_as(
    token: &str,
    keys: &Jwks,
    kind: CredentialKind,
    now: Timestamp,
    checked: Option<bool>,
) -> Result<Credential, ApiError> {
    // Whatever check fails (structure, key id, signature), the answer is the credential's own code.
    let payload = verify_statement_as(token, keys, CREDENTIAL_TYP, "credential.invalid", checked).map_err(|e| {
        ApiError::from(Problem::at("credential.invalid", "$", e.message).hint("ask the edge for a new credential"))
    })?;
    let text = core::str::from_utf8(&payload).unwrap_or_default();
    let c: Credential = crate::json::from_str(text).map_err(|_| invalid("$", "the payload is not a credential"))?;
    c.check()?;
    if c.kind != kind {
        return Err(invalid("$.kind", "this credential is of another kind"));
    }
    let issued = Timestamp::parse(&c.issued_at).map_err(|_| invalid("$.issuedAt", "the issue time is not a time"))?;
    if issued > now {
        return Err(invalid("$.issuedAt", "the credential is issued in the future"));
    }
    if expired(&c.expires_at, now)? {
        return Err(invalid("$.expiresAt", "the credential expired"));
    }
    Ok(c)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct VerifyCredentialArgs {
    now: String,
    kind: CredentialKind,
}

/// `verifyCredential(token, jwks, {now, kind})`: the credential, or `credential.invalid`.
pub fn verify_credential_json(token: &str, jwks_json: &str, options: &str) -> Result<String, ApiError> {
    let args: VerifyCredentialArgs = parse_json(options)?;
    let keys = Jwks::from_json(jwks_json)?;
    to_json(&verify_credential(token, &keys, args.kind, now(&args.now)?)?)
}

/// What a request carries: its device credential and its age lock, as the cookies hold them.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Presented {
    /// The time to judge them at.
    pub now: String,
    /// The device credential, if any.
    #[serde(default)]
    pub device: Option<String>,
    /// The signed age lock, if any.
    #[serde(default)]
    pub age_lock: Option<String>,
}

/// Who a request speaks for, what the edge must do about its credential, and what of the visitor's
/// context follows from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    /// The subject: the device credential's; without a valid one, the age lock's (the edge signed
    /// it for this device too); none on a first visit.
    pub subject: Option<String>,
    /// Whether to issue the device credential (again): it was missing, invalid, or near its end.
    pub issue_device: bool,
    /// The age lock, when it is this subject's: the age band the engine may use.
    pub age_lock: Option<SignedAgeLock>,
    /// The strictest lock this device holds, whoever's it names: a new answer to the age gate
    /// never loosens it, whatever cookies were swapped.
    pub held_lock: Option<AgeLock>,
    /// The age band the visitor's context carries: this subject's age lock's, unless it is
    /// `unknown` (which says nothing); none without the subject's lock.
    pub age_band: Option<AgeBand>,
    /// Where that band was locked (the lock's jurisdiction), for the context's `ageBandIn`: a band
    /// counts elsewhere as the strictest it can be there.
    pub age_band_in: Option<String>,
}

impl Identity {
    /// The identity of `subject`, whose age lock (if it is theirs) is `age_lock`, on a device that
    /// holds `held_lock`.
    fn of(
        subject: Option<String>,
        issue_device: bool,
        age_lock: Option<SignedAgeLock>,
        held_lock: Option<AgeLock>,
    ) -> Identity {
        let band = age_lock.as_ref().map(|l| l.lock.band);
        let age_band_in = age_lock
            .as_ref()
            .filter(|l| l.lock.band != AgeBand::Unknown)
            .map(|l| l.lock.jurisdiction.clone());
        Identity {
            subject,
            issue_device,
            age_lock,
            held_lock,
            age_band: band.filter(|b| *b != AgeBand::Unknown),
            age_band_in,
        }
    }
}

/// The rule of who a request speaks for (see [`Identity`]). A credential or lock that fails any
/// check counts as absent: an attacker's cookie gains nothing, and a visitor's stale one only
/// means a new credential.
pub fn identify(presented: &Presented, keys: &Jwks) -> Result<Identity, ApiError> {
    identify_checked(presented, keys, &Verdicts::default())
}

/// Which token of a request a [`SignatureCheck`] is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum PresentedToken {
    /// The device credential.
    Device,
    /// The signed age lock.
    AgeLock,
}

/// A signature [`identify`] needs checked, for a runtime that verifies Ed25519 itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct IdentifyCheck {
    /// Whose signature it is.
    pub token: PresentedToken,
    /// The key, the signing input and the signature.
    #[serde(flatten)]
    pub check: SignatureCheck,
}

/// The runtime's verdicts on the [`IdentifyCheck`]s of a request: whether each token's signature
/// verified. A token without a verdict is verified by the engine itself.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "SignatureVerdicts"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Verdicts {
    /// The device credential's signature.
    #[serde(default)]
    pub device: Option<bool>,
    /// The age lock's signature.
    #[serde(default)]
    pub age_lock: Option<bool>,
}

/// The signatures [`identify`] would check, for the runtime to check instead: only those of tokens
/// that pass every other check up to the signature (a token failing before counts as absent anyway).
pub fn identify_checks(presented: &Presented, keys: &Jwks) -> Vec<IdentifyCheck> {
    let tokens = [
        (PresentedToken::Device, presented.device.as_deref(), CREDENTIAL_TYP),
        (PresentedToken::AgeLock, presented.age_lock.as_deref(), AGE_LOCK_TYP),
    ];
    tokens
        .into_iter()
        .filter_map(|(token, text, typ)| {
            let check = statement_signature(text?, keys, typ)?;
            Some(IdentifyCheck { token, check })
        })
        .collect()
}

/// [`identify`], taking each token's signature verdict from the runtime where it gave one.
pub fn identify_checked(presented: &Presented, keys: &Jwks, verdicts: &Verdicts) -> Result<Identity, ApiError> {
    let at = now(&presented.now)?;
    let device = presented
        .device
        .as_deref()
        .and_then(|t| verify_credential_as(t, keys, CredentialKind::Device, at, verdicts.device).ok());
    let lock = presented
        .age_lock
        .as_deref()
        .and_then(|t| verify_age_lock(t, keys, at, verdicts.age_lock).ok());
    let subject = device
        .as_ref()
        .map(|d| d.subject.clone())
        .or_else(|| lock.as_ref().map(|l| l.subject.clone()));
    // The subject's own lock: the cookie's when it names the subject, the one the credential
    // carries while it lasts and names the subject too, or the stricter of both.
    let cookie_lock = lock.clone().filter(|l| Some(&l.subject) == subject.as_ref());
    let carried = device
        .as_ref()
        .and_then(|d| d.age_lock.clone())
        .filter(|l| Some(&l.subject) == subject.as_ref() && !expired(&l.expires_at, at).unwrap_or(true));
    let stricter = |a: SignedAgeLock, b: SignedAgeLock| {
        if b.lock.band.stricter(a.lock.band) != a.lock.band {
            b
        } else {
            a
        }
    };
    let own_lock = match (cookie_lock, carried.clone()) {
        (Some(a), Some(b)) => Some(stricter(a, b)),
        (a, b) => a.or(b),
    };
    // A credential is issued again when it is missing or near its end, and when it does not
    // carry the subject's own lock as it stands (one issued before credentials carried locks,
    // or before a stricter answer): then dropping the lock's cookie would loosen it.
    let renew = |d: &Credential| Timestamp::parse(&d.expires_at).map_or(true, |e| e.0 - at.0 < RENEW_SECONDS);
    let issue_device = device.as_ref().is_none_or(renew) || (own_lock.is_some() && own_lock != carried);
    // The strictest lock of all the device holds, whoever's subject it names.
    let held = [lock, carried].into_iter().flatten().reduce(stricter).map(|l| l.lock);
    Ok(Identity::of(subject, issue_device, own_lock, held))
}

/// `identify({now, device?, ageLock?}, jwks)`: the [`Identity`] of a request.
pub fn identify_json(presented: &str, jwks_json: &str) -> Result<String, ApiError> {
    identify_checked_json(presented, jwks_json, "{}")
}

/// `identifyChecks({now, device?, ageLock?}, jwks)`: the [`IdentifyCheck`]s of a request.
pub fn identify_checks_json(presented: &str, jwks_json: &str) -> Result<String, ApiError> {
    let presented: Presented = parse_json(presented)?;
    let keys = Jwks::from_json(jwks_json)?;
    to_json(&identify_checks(&presented, &keys))
}

/// `identify(presented, jwks, verdicts)`: the [`Identity`] of a request, with the runtime's
/// [`Verdicts`] on its signatures.
pub fn identify_checked_json(presented: &str, jwks_json: &str, verdicts: &str) -> Result<String, ApiError> {
    let presented: Presented = parse_json(presented)?;
    let verdicts: Verdicts = parse_json(verdicts)?;
    let keys = Jwks::from_json(jwks_json)?;
    to_json(&identify_checked(&presented, &keys, &verdicts)?)
}

/// Verifies a signed age lock at `now`, whoever's subject it names (`checked`: the runtime's
/// verdict on its signature, if it gave one).
fn verify_age_lock(token: &str, keys: &Jwks, at: Timestamp, checked: Option<bool>) -> Result<SignedAgeLock, ApiError> {
    let payload = verify_statement_as(token, keys, AGE_LOCK_TYP, "age.lock_invalid", checked)?;
    let text = core::str::from_utf8(&payload).unwrap_or_default();
    let lock: SignedAgeLock = crate::json::from_str(text)
        .map_err(|_| ApiError::from(Problem::at("age.lock_invalid", "$", "the payload is not an age lock")))?;
    if expired(&lock.expires_at, at)? {
        return Err(Problem::at("age.lock_invalid", "$.expiresAt", "the age lock expired").into());
    }
    Ok(lock)
}

#[cfg(feature = "sign")]
mod signing {
    use super::*;
    use crate::api::receipts::Signer;

    /// What [`Signer::issue_credential_json`] takes: the kind, for whom, when, and a transfer's nonce.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct IssueArgs {
        kind: CredentialKind,
        subject: String,
        now: String,
        #[serde(default)]
        nonce: Option<String>,
        #[serde(default)]
        age_lock: Option<SignedAgeLock>,
    }

    /// A credential to issue: what to sign, and what it says.
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct PreparedCredential {
        signing_input: String,
        credential: Credential,
    }

    /// A credential just issued: the token and what it says.
    #[derive(Serialize)]
    struct Issued {
        token: String,
        credential: Credential,
    }

    impl Signer {
        /// Signs a credential `{kind, subject, issuedAt, expiresAt, nonce?}`.
        pub fn sign_credential_json(&self, credential: &str) -> Result<String, ApiError> {
            let c: Credential = parse_json(credential)?;
            c.check()?;
            self.sign_statement(CREDENTIAL_TYP, &c)
        }

        /// Issues a credential `{kind, subject, now, nonce?}` for its kind's lifetime (a device's
        /// [`DEVICE_SECONDS`], a transfer's [`TRANSFER_SECONDS`]): `{token, credential}`.
        pub fn issue_credential_json(&self, args: &str) -> Result<String, ApiError> {
            let a: IssueArgs = parse_json(args)?;
            let c = Credential::issue(a.kind, &a.subject, now(&a.now)?, a.nonce, a.age_lock);
            c.check()?;
            let token = self.sign_statement(CREDENTIAL_TYP, &c)?;
            to_json(&Issued { token, credential: c })
        }

        /// What [`Signer::issue_credential_json`] signs, for a signer outside (WebCrypto at the
        /// edge): `{signingInput, credential}`; `finishJws(signingInput, signature)` is the token.
        pub fn prepare_credential_json(&self, args: &str) -> Result<String, ApiError> {
            let a: IssueArgs = parse_json(args)?;
            let c = Credential::issue(a.kind, &a.subject, now(&a.now)?, a.nonce, a.age_lock);
            c.check()?;
            let signing_input = self.prepare_statement(CREDENTIAL_TYP, &c)?;
            to_json(&PreparedCredential {
                signing_input,
                credential: c,
            })
        }
    }
}

#[cfg(all(test, feature = "sign"))]
mod tests {
    use super::*;
    use crate::api::receipts::Signer;
    use crate::eval::AgeBand;
    use crate::receipt::SigningKeySet;

    const NOW: &str = "2026-12-06T10:00:00Z";

    fn signer(seed: u8) -> (Signer, Jwks) {
        let keys = SigningKeySet::generate([seed; 32]);
        let jwks = Jwks::from_json(&keys.public_jwks().to_value().to_string()).unwrap_or_else(|e| panic!("{e:?}"));
        let policy = crate::api::LoadedPolicy::load(include_str!("../../policies/seed.json"))
            .unwrap_or_else(|e| panic!("{e:?}"));
        (
            Signer::new(&keys.to_json_pretty(), policy).unwrap_or_else(|e| panic!("{e:?}")),
            jwks,
        )
    }

    fn at(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn device(signer: &Signer, subject: &str, now: &str) -> String {
        let c = Credential::issue(CredentialKind::Device, subject, at(now), None, None);
        signer
            .sign_credential_json(&to_json(&c).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn lock(signer: &Signer, subject: &str, band: AgeBand) -> String {
        let l = SignedAgeLock {
            lock: AgeLock {
                band,
                jurisdiction: "CN".into(),
                locked_at: NOW.into(),
                conflicts: 0,
                oldest: None,
            },
            subject: subject.into(),
            expires_at: "2027-12-06T10:00:00Z".into(),
        };
        signer
            .sign_age_lock_json(&to_json(&l).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn who(device: Option<&str>, age_lock: Option<&str>, keys: &Jwks) -> Identity {
        let presented = Presented {
            now: NOW.into(),
            device: device.map(str::to_string),
            age_lock: age_lock.map(str::to_string),
        };
        identify(&presented, keys).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn a_first_visit_has_no_subject_and_needs_a_credential() {
        let (_, keys) = signer(1);
        let id = who(None, None, &keys);
        assert_eq!(
            (id.subject, id.issue_device, id.age_lock, id.held_lock),
            (None, true, None, None)
        );
    }

    #[test]
    fn the_device_credential_names_the_subject() {
        let (s, keys) = signer(1);
        let id = who(Some(&device(&s, "s-device-1", NOW)), None, &keys);
        assert_eq!(id.subject.as_deref(), Some("s-device-1"));
        assert!(!id.issue_device);
    }

    #[test]
    fn a_credential_signed_by_another_key_counts_as_absent() {
        let (s, _) = signer(1);
        let (_, keys) = signer(2);
        let id = who(Some(&device(&s, "s-device-1", NOW)), None, &keys);
        assert_eq!(id.subject, None);
    }

    #[test]
    fn an_expired_or_future_credential_counts_as_absent() {
        let (s, keys) = signer(1);
        assert_eq!(
            who(Some(&device(&s, "s-old-device", "2025-01-01T00:00:00Z")), None, &keys).subject,
            None
        );
        assert_eq!(
            who(
                Some(&device(&s, "s-future-device", "2027-01-01T00:00:00Z")),
                None,
                &keys
            )
            .subject,
            None
        );
    }

    #[test]
    fn a_credential_near_its_end_is_issued_again_for_the_same_subject() {
        let (s, keys) = signer(1);
        // Issued 380 days before NOW: 10 days left of 390.
        let id = who(Some(&device(&s, "s-renew-device", "2025-11-21T10:00:00Z")), None, &keys);
        assert_eq!((id.subject.as_deref(), id.issue_device), (Some("s-renew-device"), true));
    }

    #[test]
    fn without_a_credential_the_age_lock_names_the_subject_and_a_credential_is_issued() {
        let (s, keys) = signer(1);
        let id = who(None, Some(&lock(&s, "s-locked", AgeBand::Adult)), &keys);
        assert_eq!(id.subject.as_deref(), Some("s-locked"));
        assert!(id.issue_device);
        assert_eq!(id.age_lock.map(|l| l.lock.band), Some(AgeBand::Adult));
    }

    #[test]
    fn another_subjects_age_lock_gives_no_band_but_still_holds_its_strictness() {
        let (s, keys) = signer(1);
        let child = lock(&s, "s-child-device", AgeBand::BelowGuardianAge);
        let id = who(Some(&device(&s, "s-adult-device", NOW)), Some(&child), &keys);
        assert_eq!(id.subject.as_deref(), Some("s-adult-device"));
        assert_eq!(id.age_lock, None);
        assert_eq!(id.held_lock.map(|l| l.band), Some(AgeBand::BelowGuardianAge));
    }

    #[test]
    fn the_identity_says_which_band_the_context_carries() {
        let (s, keys) = signer(1);
        let band_of = |id: Identity| id.age_band;
        // A first visit, and a device without an age lock: no band.
        assert_eq!(band_of(who(None, None, &keys)), None);
        let adult = device(&s, "s-adult-device", NOW);
        assert_eq!(band_of(who(Some(&adult), None, &keys)), None);
        // The subject's own lock gives its band.
        let child = lock(&s, "s-child-device", AgeBand::BelowGuardianAge);
        assert_eq!(band_of(who(None, Some(&child), &keys)), Some(AgeBand::BelowGuardianAge));
        let minor = lock(&s, "s-minor-device", AgeBand::Minor);
        assert_eq!(band_of(who(None, Some(&minor), &keys)), Some(AgeBand::Minor));
        // An `unknown` band says nothing: it is left out of the context.
        let unknown = lock(&s, "s-unknown-device", AgeBand::Unknown);
        assert_eq!(band_of(who(None, Some(&unknown), &keys)), None);
        // Another subject's child lock gives no band to this one.
        assert_eq!(band_of(who(Some(&adult), Some(&child), &keys)), None);
    }

    /// A child who drops the age-lock cookie but keeps the device credential keeps the lock: the
    /// credential carries it (for the lock's own year), an adult lock of the same subject loosens
    /// nothing, and a credential without the lock is issued again with it.
    #[test]
    fn the_credential_keeps_the_subject_s_lock_when_its_cookie_is_dropped() {
        let (s, keys) = signer(1);
        let child = |expires_at: &str| SignedAgeLock {
            lock: AgeLock {
                band: AgeBand::BelowGuardianAge,
                jurisdiction: "CN".into(),
                locked_at: NOW.into(),
                conflicts: 0,
                oldest: None,
            },
            subject: "s-child-0001".into(),
            expires_at: expires_at.into(),
        };
        let carrying = |lock: SignedAgeLock| {
            let c = Credential::issue(CredentialKind::Device, "s-child-0001", at(NOW), None, Some(lock));
            s.sign_credential_json(&to_json(&c).unwrap_or_default())
                .unwrap_or_else(|e| panic!("{e:?}"))
        };
        let token = carrying(child("2027-12-06T10:00:00Z"));
        let dropped = who(Some(&token), None, &keys);
        assert_eq!(dropped.subject.as_deref(), Some("s-child-0001"));
        assert_eq!(dropped.age_band, Some(AgeBand::BelowGuardianAge));
        assert_eq!(dropped.held_lock.as_ref(), Some(&child("").lock));
        assert!(!dropped.issue_device, "it carries its lock: nothing to issue");
        // A lock cookie of the same subject that says adult (the cookie dropped, then the gate
        // answered again elsewhere) does not loosen it.
        let adult = lock(&s, "s-child-0001", AgeBand::Adult);
        let both = who(Some(&token), Some(&adult), &keys);
        assert_eq!(both.age_band, Some(AgeBand::BelowGuardianAge));
        assert_eq!(both.held_lock.map(|l| l.band), Some(AgeBand::BelowGuardianAge));
        // A credential without a lock (issued before credentials carried one) stands beside the
        // cookie's lock, and is issued again to carry it.
        let plain = device(&s, "s-child-0001", NOW);
        let upgraded = who(Some(&plain), Some(&adult), &keys);
        assert_eq!(upgraded.age_band, Some(AgeBand::Adult));
        assert!(upgraded.issue_device);
        // The carried lock lasts its own year, not the credential's thirteen months.
        let stale = carrying(child("2026-12-01T00:00:00Z"));
        let old = who(Some(&stale), None, &keys);
        assert_eq!((old.age_band, old.held_lock), (None, None));
    }

    #[test]
    fn a_transfer_is_not_a_device_credential() {
        let (s, keys) = signer(1);
        let c = Credential::issue(
            CredentialKind::Transfer,
            "s-move-device",
            at(NOW),
            Some("n0nce-n0nce-n0nce".into()),
            None,
        );
        let token = s
            .sign_credential_json(&to_json(&c).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(who(Some(&token), None, &keys).subject, None);
        let ok = verify_credential(&token, &keys, CredentialKind::Transfer, at(NOW));
        assert_eq!(ok.map(|c| c.subject).ok().as_deref(), Some("s-move-device"));
        let late = verify_credential(&token, &keys, CredentialKind::Transfer, at("2026-12-06T10:11:00Z"));
        assert_eq!(late.err().map(|e| e.code).as_deref(), Some("credential.invalid"));
    }

    #[test]
    fn the_edge_refuses_to_sign_a_credential_for_an_email_address_or_without_its_nonce() {
        let (s, _) = signer(1);
        let email = Credential::issue(CredentialKind::Device, "someone@example.com", at(NOW), None, None);
        assert!(s.sign_credential_json(&to_json(&email).unwrap_or_default()).is_err());
        let no_nonce = Credential::issue(CredentialKind::Transfer, "s-move-device", at(NOW), None, None);
        assert!(s.sign_credential_json(&to_json(&no_nonce).unwrap_or_default()).is_err());
    }

    /// The runtime's side of `identifyChecks`, done with the engine's own verifier.
    fn runtime_verdicts(checks: &[IdentifyCheck]) -> Verdicts {
        let verified = |c: &SignatureCheck| {
            let bytes = |t: &str| crate::receipt::jwk::b64url_decode(t).unwrap_or_default();
            let key = <[u8; 32]>::try_from(bytes(&c.x)).unwrap_or_else(|e| panic!("{e:?}"));
            let sig = <[u8; 64]>::try_from(bytes(&c.signature)).unwrap_or_else(|e| panic!("{e:?}"));
            ed25519_dalek::VerifyingKey::from_bytes(&key)
                .and_then(|k| k.verify_strict(c.signing_input.as_bytes(), &ed25519_dalek::Signature::from_bytes(&sig)))
                .is_ok()
        };
        let of = |t: PresentedToken| checks.iter().find(|c| c.token == t).map(|c| verified(&c.check));
        Verdicts {
            device: of(PresentedToken::Device),
            age_lock: of(PresentedToken::AgeLock),
        }
    }

    fn presented(device: Option<&str>, age_lock: Option<&str>) -> Presented {
        Presented {
            now: NOW.into(),
            device: device.map(str::to_string),
            age_lock: age_lock.map(str::to_string),
        }
    }

    #[test]
    fn the_runtimes_signature_checks_give_the_engines_identity() {
        let (s, keys) = signer(1);
        let (other, _) = signer(2);
        let cases = [
            (
                Some(device(&s, "s-checked-device", NOW)),
                Some(lock(&s, "s-checked-device", AgeBand::Adult)),
            ),
            (None, Some(lock(&s, "s-checked-lock", AgeBand::BelowGuardianAge))),
            (Some(device(&s, "s-old-device", "2025-01-01T00:00:00Z")), None),
            (
                Some(device(&other, "s-forged-device", NOW)),
                Some(lock(&other, "s-forged", AgeBand::Adult)),
            ),
            (
                Some(lock(&s, "s-lock-as-device", AgeBand::Adult)),
                Some("not.a.token".into()),
            ),
        ];
        for (d, l) in cases {
            let p = presented(d.as_deref(), l.as_deref());
            let checks = identify_checks(&p, &keys);
            let via_runtime =
                identify_checked(&p, &keys, &runtime_verdicts(&checks)).unwrap_or_else(|e| panic!("{e:?}"));
            assert_eq!(via_runtime, identify(&p, &keys).unwrap_or_else(|e| panic!("{e:?}")));
        }
    }

    #[test]
    fn only_tokens_that_pass_up_to_their_signature_are_checked_by_the_runtime() {
        let (s, keys) = signer(1);
        let (other, _) = signer(2);
        // Signed with an unpublished key: no kid to check with, so nothing for the runtime.
        let p = presented(
            Some(&device(&other, "s-unpublished-device", NOW)),
            Some(&lock(&s, "s-published-lock", AgeBand::Adult)),
        );
        let checks = identify_checks(&p, &keys);
        assert_eq!(
            checks.iter().map(|c| c.token).collect::<Vec<_>>(),
            [PresentedToken::AgeLock]
        );
        // A lock presented as the device credential has the wrong typ.
        let p = presented(Some(&lock(&s, "s-wrong-typ-lock", AgeBand::Adult)), None);
        assert!(identify_checks(&p, &keys).is_empty());
    }

    #[test]
    fn a_failed_runtime_verdict_makes_a_token_absent_and_a_passed_one_skips_no_other_check() {
        let (s, keys) = signer(1);
        let good = device(&s, "s-verdict-device", NOW);
        let refused = Verdicts {
            device: Some(false),
            age_lock: None,
        };
        let id = identify_checked(&presented(Some(&good), None), &keys, &refused).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((id.subject, id.issue_device), (None, true));
        // Expired: the engine refuses it whatever the runtime said of its signature.
        let old = device(&s, "s-stale-device", "2025-01-01T00:00:00Z");
        let passed = Verdicts {
            device: Some(true),
            age_lock: None,
        };
        let id = identify_checked(&presented(Some(&old), None), &keys, &passed).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(id.subject, None);
    }

    #[test]
    fn a_prepared_credential_signed_outside_is_the_issued_one() {
        let (s, keys) = signer(3);
        let args = r#"{"kind": "device", "subject": "s-prepared-device", "now": "2026-12-06T10:00:00Z"}"#;
        let prepared: serde_json::Value =
            serde_json::from_str(&s.prepare_credential_json(args).unwrap_or_else(|e| panic!("{e:?}")))
                .unwrap_or_default();
        let issued: serde_json::Value =
            serde_json::from_str(&s.issue_credential_json(args).unwrap_or_else(|e| panic!("{e:?}")))
                .unwrap_or_default();
        assert_eq!(prepared["credential"], issued["credential"]);
        let input = prepared["signingInput"].as_str().unwrap_or_default();
        let token = issued["token"].as_str().unwrap_or_default();
        // Ed25519 is deterministic: the same input under the same key is the same token.
        assert!(token.starts_with(&format!("{input}.")));
        let c = verify_credential(token, &keys, CredentialKind::Device, at(NOW)).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(c.subject, "s-prepared-device");
    }

    #[test]
    fn an_issued_credential_lasts_its_kinds_lifetime() {
        let (s, keys) = signer(4);
        let issue = |args: &str| -> serde_json::Value {
            serde_json::from_str(&s.issue_credential_json(args).unwrap_or_else(|e| panic!("{e:?}"))).unwrap_or_default()
        };
        let device = issue(r#"{"kind": "device", "subject": "s-issued-device", "now": "2026-12-06T10:00:00Z"}"#);
        assert_eq!(device["credential"]["expiresAt"], "2027-12-31T10:00:00Z");
        let transfer = issue(
            r#"{"kind": "transfer", "subject": "s-issued-device", "now": "2026-12-06T10:00:00Z", "nonce": "n-0000-0001"}"#,
        );
        assert_eq!(transfer["credential"]["expiresAt"], "2026-12-06T10:10:00Z");
        let token = transfer["token"].as_str().unwrap_or_default();
        assert!(verify_credential(token, &keys, CredentialKind::Transfer, at(NOW)).is_ok());
    }
}
