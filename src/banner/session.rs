//! One visitor's banner on one page: the policy, what is known of the visitor, the consents
//! they recorded (signed receipts, verified here, and choices kept unsigned in the browser),
//! and every answer the page needs from them. The browser layer only fetches, stores and draws;
//! it passes the time in, as the core has no clock.

// Errors carry every problem, as at the boundary; they are the cold path of a page load.
#![allow(clippy::result_large_err)]

use crate::prelude::*;

use serde::{Deserialize, Serialize};

use crate::json::FromJson;

use crate::compiled::{CompiledPolicy, Core, SourcePolicy};
use crate::error::ApiError;
use crate::eval::{AgeBand, Consent, Context, Decision, Evaluation};
use crate::guardian::{self, AgeLock};
use crate::loaded::{Decides, LoadedCompiled};
use crate::policy::{Problem, SortedMap};
use crate::signals::{ConsentModeDefault, ConsentModeState, SignalError};
use crate::time::Timestamp;

use super::adtech::{AdSetup, AdStrings, AdVisit};
use super::choice::{plan, Action, ChoicePlan};
use super::locale::choose_locale;
use super::model::{build, BannerModel, ModelOptions};
use super::tcf::{self, TcfSettings};
use super::words::{Overrides, Words};

/// What the site knows of the visitor before any consent: where they are (the edge says), the
/// age band the age gate locked (the edge says), and whether their browser sends Global
/// Privacy Control.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Visitor {
    /// ISO 3166 code; `*` when nobody said.
    pub jurisdiction: String,
    /// The locked age band, if the age gate was answered.
    pub age_band: Option<AgeBand>,
    /// `navigator.globalPrivacyControl === true`.
    pub gpc: bool,
}

/// The receipts kept after verification, and what they say. The receipts module a page fetches
/// ([`verify_stored`]) hands it to the banner's module as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, FromJson)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerifiedStore {
    /// The consent state the receipts that verified record.
    pub consents: SortedMap<Consent>,
    /// The receipts that verified and hold some purpose's latest record, in their stored order.
    pub kept: Vec<String>,
    /// How many did not verify (and are dropped, never trusted). An expired receipt that still
    /// holds a purpose's latest record is kept and not counted here: it records no choice any
    /// more, but it ends the ones before it.
    pub rejected: usize,
    /// How many verified but hold no purpose's latest record any more (dropped too).
    pub superseded: usize,
    /// Whose they are: the subject asked for, or else the subject of the latest receipt that
    /// verified (a browser that has not stored its subject yet learns it from there).
    pub subject: Option<String>,
}

/// Verifies a visitor's stored receipts with the site's published keys (`jwks`, JSON) at `now`
/// against the compiled policy's `source`, their signatures checked by `verifier`: the consents
/// of those that verify (and are `subject`'s, when given), and which of them to keep. A receipt
/// stays while it holds the latest record of some purpose; one a later receipt superseded for
/// every purpose it names is dropped, so the store does not grow with every choice.
pub fn verify_stored(
    receipts: &[String],
    jwks: &str,
    now: Timestamp,
    subject: Option<&str>,
    source: &SourcePolicy,
    verifier: &dyn crate::receipt::Verifier,
) -> Result<VerifiedStore, ApiError> {
    if receipts.is_empty() {
        return Ok(VerifiedStore::default());
    }
    let keys = crate::receipt::Jwks::from_json(jwks)?;
    let read = |subject: Option<&str>| {
        crate::api::receipts::consents_from_receipts_with(receipts, &keys, now, subject, Some(source), verifier)
    };
    let mut out = read(subject)?;
    // Without a subject, the latest receipt that verified names it; receipts another subject's
    // are then refused as such (a browser shared by two people, a credential replaced).
    let subject = match subject {
        Some(s) => Some(s.to_string()),
        None => {
            let latest = receipts
                .iter()
                .enumerate()
                .filter(|(i, _)| !out.rejected.iter().any(|r| r.index == *i))
                .filter_map(|(_, t)| crate::receipt::decode_unverified(t).ok())
                .max_by_key(|r| Timestamp::parse(&r.issued_at).ok())
                .map(|r| r.subject);
            if latest.is_some() && out.accepted.len() > 1 {
                out = read(latest.as_deref())?;
            }
            latest
        }
    };
    // Expired receipts that still hold a purpose's latest record stay: they end the choices
    // before them.
    let dropped: Vec<usize> = out
        .rejected
        .iter()
        .map(|r| r.index)
        .filter(|i| !out.lapsed.contains(i))
        .collect();
    let holds_latest = |token: &str| {
        crate::receipt::decode_unverified(token).is_ok_and(|r| {
            r.purposes.iter().any(|p| {
                out.consents
                    .get(&p.purpose)
                    .is_some_and(|c| c.state == p.state && c.time == r.issued_at)
            })
        })
    };
    let verified: Vec<(usize, &String)> = receipts
        .iter()
        .enumerate()
        .filter(|(i, _)| !dropped.contains(i))
        .collect();
    let kept: Vec<String> = verified
        .iter()
        .filter(|(i, r)| out.lapsed.contains(i) || holds_latest(r))
        .map(|(_, r)| r.to_string())
        .collect();
    Ok(VerifiedStore {
        superseded: verified.len() - kept.len(),
        kept,
        rejected: dropped.len(),
        consents: out.consents.into_iter().collect(),
        subject,
    })
}

/// What `window.assent.state()` returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct BannerState {
    /// The policy id.
    pub policy: String,
    /// Its version.
    pub version: String,
    /// The version whose terms apply to the visitor: `version`, unless a later change reduced
    /// their rights and they have not accepted it yet.
    pub terms_version: String,
    /// The version a pending update notice is about, when one awaits the visitor.
    pub update_from: Option<String>,
    /// The banner's locale.
    pub locale: String,
    /// The jurisdiction rule chain that applied.
    pub jurisdiction: Vec<String>,
    /// Whether Global Privacy Control is on.
    pub gpc: bool,
    /// Whether the banner or a notice is open.
    pub open: bool,
    /// Whether a consent service signs the choices.
    pub signed: bool,
    /// Every purpose: whether it may run now.
    pub purposes: SortedMap<bool>,
    /// Every purpose's decision.
    pub decisions: SortedMap<Decision>,
    /// Purposes whose latest record is kept in this browser without a signed receipt.
    pub unsigned: Vec<String>,
    /// The Google Consent Mode state sent with the latest `update`.
    pub consent_mode: ConsentModeState,
    /// The TC string, when the policy maps purposes to the TCF and TCF settings were given.
    pub tc_string: Option<String>,
    /// The GPP string, when the TCF settings were given.
    pub gpp_string: Option<String>,
    /// The visitor's age band, as the evaluator used it.
    pub age_band: AgeBand,
    /// Youth mode is on (a visitor below the minor age): the page should turn on its youth
    /// mode (the banner also marks `<html data-assent-youth-mode>`).
    pub youth_mode: bool,
}

/// One visitor's banner.
#[derive(Debug, Clone)]
pub struct Session {
    policy: LoadedCompiled,
    /// The core file as read, for the texts of another locale.
    core: Core,
    visitor: Visitor,
    locale: String,
    signed: SortedMap<Consent>,
    local: SortedMap<Consent>,
    /// A development mode's preset choices ([`Session::record_preset`]).
    preset: SortedMap<Consent>,
    seen: Option<String>,
    service: bool,
    /// Whether the consent service sends a child's request to a guardian.
    guardian_mail: bool,
    /// Whether the child's newest request to a guardian waits for the guardian's answer.
    guardian_asked: bool,
    dismissed: bool,
    guided: bool,
    tcf: Option<TcfSettings>,
    /// The visitor's choice per vendor of the policy (the TCF's vendor consents), by the
    /// vendor's id as the browser stores the choices (`{"755": true}`).
    vendor_choices: SortedMap<bool>,
    /// The page's own words (its configuration's `words`).
    overrides: Overrides,
    /// The banner's words in its locale: the texts file's, with the page's own in place.
    words: Words,
}

/// A map of purpose id to something of its decision.
fn by_purpose<T>(evaluation: &Evaluation, f: impl Fn(Decision) -> T) -> SortedMap<T> {
    evaluation
        .purposes
        .iter()
        .map(|d| (d.purpose.clone(), f(d.decision)))
        .collect()
}

impl Session {
    /// A session for a compiled policy (its core file, read, and the texts files at hand: at
    /// least that of the locale [`choose_locale`] picks for the page's `lang` and the browser's
    /// languages, which the session speaks), a visitor; `service` says whether a consent
    /// service signs choices.
    pub fn new(
        core: Core,
        texts: &[&str],
        visitor: Visitor,
        page_lang: Option<&str>,
        languages: &[String],
        service: bool,
    ) -> Result<Session, ApiError> {
        let locale = choose_locale(core.policy(), page_lang, languages).to_string();
        let read = texts
            .iter()
            .map(|t| core.read_texts(t))
            .collect::<Result<Vec<_>, _>>()?;
        let policy = LoadedCompiled::from_core(core.clone(), read)?;
        let Some(texts) = policy
            .evaluator()
            .policy()
            .texts_or_fallback(&locale)
            .filter(|t| t.locale() == locale)
        else {
            return Err(crate::compiled::CompiledError::MissingLocale { locale }.into());
        };
        let words = texts.words.clone();
        Ok(Session {
            policy,
            core,
            visitor,
            locale,
            signed: SortedMap::default(),
            local: SortedMap::default(),
            preset: SortedMap::default(),
            seen: None,
            service,
            guardian_mail: true,
            guardian_asked: false,
            dismissed: false,
            guided: false,
            tcf: None,
            vendor_choices: SortedMap::default(),
            overrides: Overrides::default(),
            words,
        })
    }

    /// The compiled policy.
    pub fn policy(&self) -> &CompiledPolicy {
        self.policy.evaluator().policy()
    }

    /// The name of the texts file of the policy's locale that best matches `wanted`, when the
    /// session has not read it yet (it sits beside the core file); `None` when it has, or when
    /// the policy offers no such language.
    pub fn texts_needed(&self, wanted: &str) -> Option<String> {
        let locale = super::locale::match_locale(self.policy(), wanted)?;
        self.policy()
            .texts(locale)
            .is_none()
            .then(|| self.core.texts_file_name(locale))
    }

    /// Reads the texts file of another of the policy's locales (one the core file lists).
    pub fn add_texts(&mut self, text: &str) -> Result<(), ApiError> {
        let t = self.core.read_texts(text)?;
        let mut all = self.policy().texts.clone();
        all.push(t);
        self.policy = LoadedCompiled::from_core(self.core.clone(), all)?;
        Ok(())
    }

    /// Speaks the policy's locale that best matches `wanted` from now on; refused
    /// (`compiled.missing_locale`) while its texts file is not read, and (`banner.locale`) for
    /// a language the policy does not offer.
    pub fn set_locale(&mut self, wanted: &str) -> Result<(), ApiError> {
        let Some(locale) = super::locale::match_locale(self.policy(), wanted) else {
            return Err(Problem::at(
                "banner.locale",
                "$",
                format!("the policy offers no locale for `{wanted}`"),
            )
            .hint("ask for one of the policy's locales")
            .into());
        };
        if self.policy().texts(locale).is_none() {
            return Err(crate::compiled::CompiledError::MissingLocale {
                locale: locale.to_string(),
            }
            .into());
        }
        // The locale and its words change together, or neither does.
        let locale = locale.to_string();
        let previous = core::mem::replace(&mut self.locale, locale);
        match self.words_in(&self.overrides) {
            Ok(words) => {
                self.words = words;
                Ok(())
            }
            Err(p) => {
                self.locale = previous;
                Err(p.into())
            }
        }
    }

    /// The words of the locale's texts with `overrides` in place, once they are checked
    /// against them.
    fn words_in(&self, overrides: &Overrides) -> Result<Words, Problem> {
        let policy = self.policy();
        let texts = policy.texts_or_fallback(&self.locale).ok_or_else(|| {
            Problem::from(crate::compiled::CompiledError::MissingLocale {
                locale: self.locale.clone(),
            })
        })?;
        overrides.check(&policy.locales, "$.words")?;
        Ok(overrides.apply(&self.locale, &texts.words))
    }

    /// The policy the compiled files were made from (what receipts name).
    pub fn source(&self) -> &crate::compiled::SourcePolicy {
        self.policy.source()
    }

    /// The banner's locale.
    pub fn locale(&self) -> &str {
        &self.locale
    }

    /// Takes the page's own words for the banner (its configuration's `words`), refused by
    /// name (`words.unknown_key`, ...) as [`Overrides::check`] says against the texts' words.
    pub fn set_words(&mut self, overrides: Overrides) -> Result<(), Problem> {
        self.words = self.words_in(&overrides)?;
        self.overrides = overrides;
        Ok(())
    }

    /// The banner's words: those of its locale's texts file, with the page's own in place.
    pub fn words(&self) -> &Words {
        &self.words
    }

    /// The visitor.
    pub fn visitor(&self) -> &Visitor {
        &self.visitor
    }

    /// Takes the age band this browser locked earlier (a site without an edge keeps it in the
    /// browser), unless the edge said the visitor's band.
    pub fn set_local_age_lock(&mut self, lock: Option<AgeLock>) {
        if self.visitor.age_band.is_none() {
            self.visitor.age_band = lock.map(|l| self.band_here(&l));
        }
    }

    /// Takes the band the edge gives the visitor now (after it locked an answer to the age
    /// question).
    pub fn set_age_band(&mut self, band: AgeBand) {
        self.visitor.age_band = Some(band);
    }

    /// A lock's band as it counts in the visitor's jurisdiction: a lock made under another rule
    /// (a page configured for another place) counts as its youngest age would here
    /// ([`crate::eval::Evaluator::band_in`]); a lock naming no place keeps its band.
    fn band_here(&self, lock: &AgeLock) -> AgeBand {
        self.policy
            .evaluator()
            .band_in(lock.band, &lock.jurisdiction, &self.visitor.jurisdiction)
            .unwrap_or(lock.band)
    }

    /// Answers the age question in the browser, on a site without an edge: the band for this
    /// birth year and month under the visitor's jurisdiction, locked as the edge locks it (an
    /// earlier lock is never loosened). The visitor has that band from now on; the lock is for the
    /// browser to keep. The age itself is not kept.
    pub fn answer_age(
        &mut self,
        year: i64,
        month: u32,
        now: Timestamp,
        existing: Option<AgeLock>,
    ) -> Result<AgeLock, Problem> {
        let age = guardian::age_from_birth(year, month, now)?;
        let lock = guardian::answer_lock(existing, &self.visitor.jurisdiction, age, self.policy.evaluator(), now)?;
        self.visitor.age_band = Some(lock.band);
        Ok(lock)
    }

    /// Whether a consent service signs choices.
    pub fn has_service(&self) -> bool {
        self.service
    }

    /// The site's TCF settings (its CMP registration): with them the page loads the ad-tech
    /// module for every visitor ([`Session::ad_setup`]).
    pub fn set_tcf(&mut self, settings: Option<TcfSettings>) {
        self.tcf = settings;
    }

    /// Whether the TCF is on: the site gave its settings and the policy maps purposes to it.
    pub fn tcf_on(&self) -> bool {
        self.tcf.is_some() && tcf::applies(self.policy())
    }

    /// What the ad-tech module is set up with, when the site gave TCF settings; the page then
    /// needs the module for every visitor. The stub installed `__gpp` (and `__tcfapi` where the
    /// policy speaks the TCF) and queues the ad tags' calls, which only the module answers: a
    /// visitor outside the GDPR and the US states gets `gdprApplies: false` and no GPP section,
    /// but an answer.
    pub fn ad_setup(&self) -> Option<AdSetup> {
        Some(AdSetup::new(self.policy(), self.tcf.clone()?))
    }

    /// The visitor as the ad-tech signals read them at `now` (what the banner hands the ad-tech
    /// module after every change). Their first and latest choice are the first and the latest
    /// recorded consent (or `now` before any).
    pub fn ad_visit(&self, evaluation: &Evaluation, now: Timestamp, banner_visible: bool) -> AdVisit {
        let times: Vec<Timestamp> = self
            .consents()
            .values()
            .filter_map(|c| Timestamp::parse(&c.time).ok())
            .collect();
        let chosen = |wanted: bool| {
            self.vendor_choices
                .iter()
                .filter(|(_, on)| **on == wanted)
                .filter_map(|(id, _)| id.parse::<u16>().ok())
                .collect()
        };
        AdVisit {
            jurisdiction: evaluation.jurisdiction.clone(),
            locale: evaluation.locale.clone(),
            first: times.iter().min().copied().unwrap_or(now).0,
            last: times.iter().max().copied().unwrap_or(now).0,
            decisions: evaluation.purposes.iter().map(|d| d.decision).collect(),
            gpc_opts_out: self
                .policy
                .evaluator()
                .rule_for(&self.visitor.jurisdiction)
                .ok()
                .map(|rule| rule.gpc_opts_out.value),
            vendors_on: chosen(true),
            vendors_off: chosen(false),
            age_band: evaluation.age_band,
            gpc: self.visitor.gpc,
            banner_visible,
        }
    }

    /// The visitor's choice per vendor.
    pub fn vendor_choices(&self) -> &SortedMap<bool> {
        &self.vendor_choices
    }

    /// Takes the visitor's vendor choices as this browser stored them (JSON of vendor id to
    /// yes or no); anything unreadable, or about a vendor the policy does not name, is dropped.
    pub fn set_vendor_choices_json(&mut self, text: Option<&str>) {
        let ids: Vec<u16> = self.policy().vendors.iter().map(|v| v.id).collect();
        let read: SortedMap<bool> = text.and_then(|t| crate::policy::read_json(t).ok()).unwrap_or_default();
        // Each key as the policy's vendor id writes it (`755`, never `0755`).
        self.vendor_choices = SortedMap::new(
            read.iter()
                .filter_map(|(k, &on)| {
                    k.parse::<u16>()
                        .ok()
                        .filter(|id| ids.contains(id))
                        .map(|id| (id.to_string(), on))
                })
                .collect(),
        );
    }

    /// The vendor choices as JSON text, for the browser to keep.
    pub fn vendor_choices_json(&self) -> String {
        crate::error::to_json(&self.vendor_choices).unwrap_or_else(|_| "{}".into())
    }

    /// Records what an action says about the vendors: accept all turns every vendor on, reject
    /// all turns every one off, the second layer's save (and an update's answers) take the
    /// vendor switches as they are (a vendor left out is off); other actions leave them.
    ///
    /// `switches` is `None` when the second layer listed no vendor (the ad-tech module had not
    /// loaded yet): a save then leaves each vendor's choice as it was.
    pub fn record_vendors(&mut self, action: &Action, switches: Option<&SortedMap<bool>>) {
        let ids: Vec<String> = self.policy().vendors.iter().map(|v| v.id.to_string()).collect();
        if !self.tcf_on() {
            return;
        }
        for id in ids {
            let on = match (action, switches) {
                (Action::AcceptAll, _) => true,
                (Action::RejectAll, _) => false,
                (Action::Save(_) | Action::Update(_), Some(s)) => s.get(&id).copied().unwrap_or(false),
                (Action::Save(_) | Action::Update(_), None) | (Action::Set(_) | Action::Acknowledge, _) => continue,
            };
            self.vendor_choices.insert(id, on);
        }
    }

    /// The policy version the visitor last saw.
    pub fn set_seen(&mut self, version: Option<String>) {
        self.seen = version;
    }

    /// Whether the visitor closed the banner in this session without choosing.
    pub fn set_dismissed(&mut self, dismissed: bool) {
        self.dismissed = dismissed;
    }

    /// Whether the visitor acknowledged the guardian-guidance notice in this browser.
    pub fn set_guided(&mut self, guided: bool) {
        self.guided = guided;
    }

    /// Whether the consent service sends a child's request to a guardian: an edge whose site
    /// bound no mail sender says it does not, and the guardian step then says what to do instead.
    pub fn set_guardian_mail(&mut self, sends: bool) {
        self.guardian_mail = sends;
    }

    /// Whether the child's newest request to a guardian waits for the guardian's answer (the
    /// edge says so on the page): the guardian step then says so, asks nobody again, and does
    /// not open by itself.
    pub fn set_guardian_asked(&mut self, asked: bool) {
        self.guardian_asked = asked;
    }

    /// The choices kept unsigned in this browser.
    pub fn local(&self) -> &SortedMap<Consent> {
        &self.local
    }

    /// Replaces the choices kept unsigned in this browser (as stored: JSON text of purpose id to
    /// consent); anything unreadable is dropped, never trusted.
    pub fn set_local_json(&mut self, text: Option<&str>) {
        self.local = text
            .and_then(|t| crate::policy::read_json::<SortedMap<Consent>>(t).ok())
            .unwrap_or_default();
    }

    /// The stored local choices as JSON text.
    pub fn local_json(&self) -> String {
        crate::error::to_json(&self.local).unwrap_or_else(|_| "{}".into())
    }

    /// Verifies stored receipts with the site's published keys at `now`: the consents of those
    /// that verify (and are `subject`'s, when given) become the signed consent state; the others
    /// are dropped.
    #[cfg(feature = "ed25519")]
    pub fn verify_receipts(
        &mut self,
        receipts: &[String],
        jwks: &str,
        now: Timestamp,
        subject: Option<&str>,
    ) -> Result<VerifiedStore, ApiError> {
        self.verify_receipts_with(receipts, jwks, now, subject, &crate::receipt::signature::Ed25519)
    }

    /// The Ed25519 checks that verifying `receipts` may need (the first of a page's two passes):
    /// the page answers them with its WebCrypto and hands the answers to
    /// [`Session::verify_receipts_with`] as [`crate::receipt::Answers`]. Changes nothing.
    pub fn signature_checks(
        &self,
        receipts: &[String],
        jwks: &str,
        now: Timestamp,
        subject: Option<&str>,
    ) -> Result<Vec<crate::receipt::SignatureCheck>, ApiError> {
        if receipts.is_empty() {
            return Ok(Vec::new());
        }
        let keys = crate::receipt::Jwks::from_json(jwks)?;
        let list = crate::receipt::CheckList::new();
        crate::api::receipts::consents_from_receipts_with(receipts, &keys, now, subject, Some(self.source()), &list)?;
        Ok(list.into_checks())
    }

    /// [`Session::verify_receipts`], with the signatures checked by `verifier` ([`verify_stored`]).
    pub fn verify_receipts_with(
        &mut self,
        receipts: &[String],
        jwks: &str,
        now: Timestamp,
        subject: Option<&str>,
        verifier: &dyn crate::receipt::Verifier,
    ) -> Result<VerifiedStore, ApiError> {
        let store = verify_stored(receipts, jwks, now, subject, self.source(), verifier)?;
        self.set_signed(store.consents.clone());
        Ok(store)
    }

    /// The consents verified receipts record.
    pub fn signed_consents(&self) -> &SortedMap<Consent> {
        &self.signed
    }

    /// Replaces the signed consent state with what verified receipts record ([`verify_stored`]).
    pub fn set_signed(&mut self, consents: SortedMap<Consent>) {
        self.signed = consents;
    }

    /// Every recorded consent: the signed ones, overridden by the local ones. A local record is
    /// this browser's latest choice for its purpose, kept only until a verified receipt holds it
    /// ([`Session::settle`]): it wins even when the consent service's clock put the receipt a
    /// second or more after it. With a consent service, a local consent counts only once its
    /// receipt is signed: a record kept in the browser alone never allows a purpose the service
    /// has not signed (it may have refused it, or a script wrote it into the storage), while a
    /// refusal or a withdrawal kept there counts at once.
    pub fn consents(&self) -> SortedMap<Consent> {
        let mut all = self.signed.clone();
        for (purpose, c) in self.preset.iter() {
            all.insert(purpose.clone(), c.clone());
        }
        for (purpose, c) in self.local.iter() {
            if !(self.service && c.state.is_valid_consent()) {
                all.insert(purpose.clone(), c.clone());
            }
        }
        all
    }

    /// The purposes whose current record is unsigned.
    pub fn unsigned(&self) -> Vec<String> {
        self.local.keys().cloned().collect()
    }

    /// The evaluator's context at `now`.
    pub fn context(&self, now: Timestamp) -> Context {
        Context {
            now: now.to_string(),
            jurisdiction: self.visitor.jurisdiction.clone(),
            age: None,
            age_band: self.visitor.age_band,
            age_band_in: None,
            gpc: self.visitor.gpc,
            consents: self.consents(),
            seen_policy_version: self.seen.clone(),
            locale: Some(self.locale.clone()),
        }
    }

    /// The decisions at `now`.
    pub fn evaluate(&self, now: Timestamp) -> Result<Evaluation, Problem> {
        self.policy.evaluator().evaluate(&self.context(now))
    }

    /// The banner's content for an evaluation made at `now`.
    pub fn model(&self, evaluation: &Evaluation, now: Timestamp) -> BannerModel {
        build(
            self.policy(),
            evaluation,
            ModelOptions {
                now,
                signed: self.service,
                asks_guardians: self.service && self.guardian_mail,
                dismissed: self.dismissed,
                guided: self.guided,
                guardian_asked: self.guardian_asked,
                words: &self.words,
            },
        )
    }

    /// What an action records.
    pub fn plan(&self, evaluation: &Evaluation, action: &Action) -> Result<ChoicePlan, Problem> {
        plan(evaluation, action)
    }

    /// Keeps a plan's choices in this browser, unsigned. A development preset of a purpose the
    /// plan records gives way to it.
    pub fn record_locally(&mut self, plan: &ChoicePlan, now: Timestamp) {
        let version = self.policy().version.clone();
        let before = self.consents();
        plan.record_locally(&mut self.local, &before, now, &version);
        let local = &self.local;
        self.preset.retain(|purpose, _| !local.contains_key(purpose));
    }

    /// Applies a development mode's preset as the visitor's choice for this page (a site's own
    /// headless-browser tests, `src/banner/preset.rs`): it counts with or without a consent
    /// service, is never stored, and a choice made on the page afterwards overrides it.
    pub fn record_preset(&mut self, plan: &ChoicePlan, now: Timestamp) {
        let version = self.policy().version.clone();
        let before = self.consents();
        plan.record_locally(&mut self.preset, &before, now, &version);
    }

    /// Drops the unsigned records that a verified receipt now holds (the same purpose in the
    /// same state): the consent service recorded the choice, and its receipt is the record.
    pub fn settle(&mut self) {
        let signed = &self.signed;
        self.local
            .retain(|p, c| signed.get(p).is_none_or(|s| s.state != c.state));
    }

    /// `gtag('consent', 'default', ...)`: before the visitor chooses.
    pub fn consent_mode_default(
        &self,
        regions: &[&str],
        wait_for_update: Option<u32>,
    ) -> Result<ConsentModeDefault, SignalError> {
        ConsentModeDefault::for_policy(self.policy(), regions, wait_for_update)
    }

    /// Whether the policy maps purposes to Consent Mode signals.
    pub fn consent_mode_on(&self) -> bool {
        self.policy().purposes.iter().any(|p| !p.consent_mode.is_empty())
    }

    /// `gtag('consent', 'update', ...)`: after the visitor's choices.
    pub fn consent_mode(&self, evaluation: &Evaluation) -> ConsentModeState {
        ConsentModeState::from_evaluation(self.policy(), evaluation)
    }

    /// What `window.assent.state()` returns, with the strings the ad-tech module wrote.
    pub fn state(&self, evaluation: &Evaluation, open: bool, signals: AdStrings) -> BannerState {
        BannerState {
            policy: evaluation.policy.clone(),
            version: evaluation.version.clone(),
            terms_version: evaluation.page.terms_version.clone(),
            update_from: evaluation.page.update_notice.as_ref().map(|n| n.from.clone()),
            locale: self.locale.clone(),
            jurisdiction: evaluation.jurisdiction.clone(),
            gpc: self.visitor.gpc,
            open,
            signed: self.service,
            purposes: by_purpose(evaluation, |d| d == Decision::Allowed),
            decisions: by_purpose(evaluation, |d| d),
            unsigned: self.unsigned(),
            consent_mode: self.consent_mode(evaluation),
            tc_string: signals.tc_string,
            gpp_string: signals.gpp_string,
            age_band: evaluation.age_band,
            youth_mode: evaluation.page.youth_mode,
        }
    }
}

/// A session for a policy document, compiled here with every locale's texts: the tests' way
/// to a session (a page reads the compiled files).
#[cfg(test)]
pub(crate) fn document_session(
    document: &str,
    visitor: Visitor,
    page_lang: Option<&str>,
    languages: &[String],
    service: bool,
) -> Result<Session, ApiError> {
    let files = crate::loaded::compile(document)?;
    let texts: Vec<&str> = files.texts.iter().map(|f| f.json.as_str()).collect();
    Session::new(
        Core::read(&files.core.json)?,
        &texts,
        visitor,
        page_lang,
        languages,
        service,
    )
}
