//! The machine-readable privacy policy: the types a policy JSON document deserializes into.
//!
//! Field names are camelCase in JSON; unknown fields are errors so that a typo in a policy is
//! reported instead of silently ignored. Everything a person reads is a [`Text`] with one entry
//! per locale the policy declares, and every purpose and rule carries a [`Cite`] back to the
//! clause of the human-readable policy it comes from.

pub use crate::banner::words::Overrides;
use crate::json::{FromJson, ToJson};
use crate::prelude::*;
pub use crate::sorted_map::SortedMap;
use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

/// Text for people, keyed by locale (`en`, `zh-CN`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(transparent)]
pub struct Text(pub SortedMap<String>);

impl Text {
    /// The text in `locale`, else in `fallback`, else any text there is.
    pub fn get<'a>(&'a self, locale: &str, fallback: &str) -> &'a str {
        self.0
            .get(locale)
            .or_else(|| self.0.get(fallback))
            .or_else(|| self.0.values().next())
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// Where in the human-readable policy a statement comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Cite {
    /// The id of a clause in `clauses`.
    pub clause: String,
    /// A short verbatim quote from that clause of the human text, as an anchor.
    pub quote: String,
}

/// The whole policy document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Policy {
    /// Optional pointer to the JSON Schema, for editors.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// A stable id for the policy across its versions.
    pub id: String,
    /// `MAJOR.MINOR.PATCH`; later versions compare greater.
    pub version: String,
    /// The date this version was published, `YYYY-MM-DD`.
    pub published: String,
    /// The date this version takes effect, `YYYY-MM-DD`.
    pub effective: String,
    /// Where the human-readable policy is published.
    pub url: String,
    /// The locale used when a visitor's locale is not offered.
    pub default_locale: String,
    /// Every locale the texts are given in; each [`Text`] must have all of them.
    pub locales: Vec<String>,
    /// The policy's title.
    pub title: Text,
    /// What the first layer of the banner says.
    pub notice: Notice,
    /// Who is responsible for the processing.
    pub controller: Controller,
    /// The sections of the human-readable policy that statements cite.
    pub clauses: Vec<Clause>,
    /// The kinds of personal information the policy covers.
    pub data_categories: Vec<DataCategory>,
    /// Who personal information is shared with or transferred to.
    pub recipients: Vec<Recipient>,
    /// How long information is kept.
    pub retention: Retention,
    /// Where information is stored and what a transfer abroad needs.
    pub storage: StorageLocation,
    /// Why information is processed.
    pub purposes: Vec<Purpose>,
    /// Circumstances in which information is processed without consent.
    pub legal_exceptions: Vec<LegalException>,
    /// The rights a person has and how to exercise them.
    pub rights: Vec<Right>,
    /// How changes to the policy are announced.
    pub changes: ChangeNotification,
    /// The latest personal-information security impact assessment, if the policy states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact_assessment: Option<ImpactAssessment>,
    /// Rules that depend on where the visitor is.
    pub jurisdictions: Vec<JurisdictionRule>,
    /// How a guardian's consent is asked for and verified.
    pub guardian: GuardianPolicy,
    /// The IAB TCF vendors (Global Vendor List ids) the site works with, each with the TCF
    /// purposes it may process for and under which legal basis.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vendors: Vec<Vendor>,
    /// The scope of each purpose in earlier published versions, oldest first, so consents given
    /// under an older version can be judged against this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<VersionScope>,
    /// The banner's words as this policy says them: per locale (a language tag of the banner's
    /// catalogue, `de`, or one of the policy's locales), per key (`acceptAll`), the word the
    /// banner says instead of its own. The page's configuration can override these in turn.
    /// The keys are listed in docs/banner.md.
    #[serde(default, skip_serializing_if = "Overrides::is_empty")]
    pub words: Overrides,
}

/// The first layer of the banner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Notice {
    /// A short heading.
    pub title: Text,
    /// Two or three sentences on what is collected and why.
    pub summary: Text,
    /// Where the summary comes from.
    pub cite: Cite,
}

/// The controller: who decides why and how information is processed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Controller {
    /// The organisation's name.
    pub name: Text,
    /// How to reach it in general (service channels).
    pub contact: Text,
    /// Postal address.
    pub address: Text,
    /// Contact email.
    pub email: String,
    /// Contact telephone.
    pub phone: String,
    /// The department responsible for personal-information security.
    pub department: Text,
    /// Where to complain.
    pub complaint_channel: Text,
    /// The ownership and organisational structure, as stated to users.
    pub ownership: Text,
    /// Where the controller's details come from.
    pub cite: Cite,
}

/// A section of the human-readable policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Clause {
    /// Dotted id, e.g. `collection.search`.
    pub id: String,
    /// The section's heading.
    pub title: Text,
    /// The fragment identifier of the section in the published policy (`#...`).
    pub anchor: String,
}

/// Whether a kind of information is sensitive personal information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    /// Ordinary personal information.
    Normal,
    /// Sensitive personal information: needs separate consent.
    Sensitive,
}

/// A kind of personal information. Ids are hierarchical (`user.device.id` is within
/// `user.device`); a parent must be declared before it is refined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DataCategory {
    /// Dotted, hierarchical id.
    pub id: String,
    /// Normal or sensitive.
    pub sensitivity: Sensitivity,
    /// What a person reads.
    pub label: Text,
    /// Where the policy names it.
    pub cite: Cite,
}

/// The role a recipient plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecipientRole {
    /// Processes on the controller's instructions.
    Processor,
    /// Decides its own purposes for what it receives.
    ThirdParty,
    /// Decides purposes jointly with the controller.
    JointController,
    /// A company of the same group.
    Affiliate,
}

/// Someone information is shared with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Recipient {
    /// Stable id.
    pub id: String,
    /// What a person reads.
    pub name: Text,
    /// Their role.
    pub role: RecipientRole,
    /// ISO 3166 code of where they process the data.
    pub country: String,
    /// Whether they only ever receive de-identified or aggregated data.
    pub deidentified_only: bool,
    /// Where the policy names them.
    pub cite: Cite,
}

/// How long information is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Retention {
    /// The policy's own floor: no rule may keep data for less (ISO 8601 duration).
    pub minimum: String,
    /// Where the floor is stated.
    pub cite: Cite,
    /// The retention rules that purposes refer to.
    pub rules: Vec<RetentionRule>,
}

/// What starts a retention period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RetentionTrigger {
    /// Counting from collection.
    Collection,
    /// Counting from when the purpose is fulfilled.
    PurposeFulfilled,
    /// Counting from the cancellation of the account.
    AccountCancellation,
    /// Counting from the end of the service.
    ServiceTermination,
    /// Counting from the withdrawal of consent.
    ConsentWithdrawal,
}

/// What happens at the end of a retention period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RetentionAction {
    /// The data is deleted.
    Delete,
    /// The data is anonymized.
    Anonymize,
    /// Either, as the controller chooses.
    DeleteOrAnonymize,
}

/// One retention rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RetentionRule {
    /// Stable id.
    pub id: String,
    /// ISO 8601 duration (`P6M`, `P30D`).
    pub duration: String,
    /// What starts the period.
    pub trigger: RetentionTrigger,
    /// What happens at its end.
    pub action: RetentionAction,
    /// What a person reads.
    pub description: Text,
    /// Where the rule is stated.
    pub cite: Cite,
}

/// Where data is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StorageLocation {
    /// ISO 3166 codes of where data is stored.
    pub countries: Vec<String>,
    /// Whether a transfer abroad needs notice and the person's consent.
    pub cross_border_needs_consent: bool,
    /// Where this is stated.
    pub cite: Cite,
}

/// Essential, basic or extended, in the sense of GB/T 35273-2020 5.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PurposeKind {
    /// Strictly necessary; runs without consent.
    Essential,
    /// A basic business function: may share one consent with other basic functions.
    Basic,
    /// An extended function: its own opt-in; refusing it must not degrade basic ones.
    Extended,
}

/// The legal basis of a purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LegalBasis {
    /// The person's consent.
    Consent,
    /// Necessary to perform a contract with the person.
    Contract,
    /// Required by law.
    LegalObligation,
    /// To protect someone's vital interests: their life (GDPR Art. 6(1)(d)); under PIPL
    /// Art. 13(4) also health and property in an emergency.
    VitalInterests,
    /// A task in the public interest.
    PublicInterest,
    /// The legitimate interests of the controller or a third party, weighed against the
    /// person's (GDPR Art. 6(1)(f)): running and securing a site for its visitors. Storage on
    /// the device still needs consent unless it is strictly necessary (ePrivacy Art. 5(3)).
    LegitimateInterests,
}

/// Where a purpose keeps something on the visitor's device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum StorageKind {
    /// An HTTP cookie.
    Cookie,
    /// `localStorage`.
    LocalStorage,
    /// `sessionStorage`.
    SessionStorage,
    /// An IndexedDB database.
    IndexedDb,
    /// A web beacon (pixel); stores nothing but is gated the same way.
    WebBeacon,
}

/// One cookie or storage entry a purpose uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StorageItem {
    /// Cookie, local storage, ...
    pub kind: StorageKind,
    /// The cookie or key name; a trailing `*` matches a prefix.
    pub name: String,
    /// How long it lives (ISO 8601 duration); absent for session-only entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifetime: Option<String>,
    /// Whether it is set by the site itself or by someone else.
    pub first_party: bool,
}

/// The seven Google Consent Mode v2 consent types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConsentModeSignal {
    /// Advertising cookies.
    AdStorage,
    /// Sending user data to Google for advertising.
    AdUserData,
    /// Personalised advertising.
    AdPersonalization,
    /// Analytics cookies.
    AnalyticsStorage,
    /// Storage that supports the site's functions (language, settings).
    FunctionalityStorage,
    /// Storage for personalisation other than ads (recommendations).
    PersonalizationStorage,
    /// Storage for security (authentication, fraud prevention).
    SecurityStorage,
}

/// A reason for processing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Purpose {
    /// Stable id (`location`, `analytics-cookies`, ...).
    pub id: String,
    /// Essential, basic or extended.
    pub kind: PurposeKind,
    /// Why processing is lawful.
    pub legal_basis: LegalBasis,
    /// A short name.
    pub name: Text,
    /// What is done and why, in a sentence or two.
    pub description: Text,
    /// Ids of the data categories it uses.
    pub data_categories: Vec<String>,
    /// Ids of the recipients it shares with.
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Id of the retention rule that applies.
    pub retention: String,
    /// Cookies and storage it uses on the visitor's device.
    #[serde(default)]
    pub storage: Vec<StorageItem>,
    /// Whether it needs a consent given for it alone (sensitive data, transfers abroad).
    #[serde(default)]
    pub separate_consent: bool,
    /// Whether data leaves the country where it is stored.
    #[serde(default)]
    pub cross_border: bool,
    /// Consent Mode signals this purpose grants when allowed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consent_mode: Vec<ConsentModeSignal>,
    /// IAB TCF purpose ids (1-11) this purpose corresponds to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tcf_purposes: Vec<u8>,
    /// Where the purpose is stated.
    pub cite: Cite,
}

/// A vendor of the IAB Global Vendor List the site works with, and what the site lets it do.
///
/// The vendor's own declarations are in the Global Vendor List; these are the publisher's side:
/// where they are narrower than the declarations, the TC string carries publisher restrictions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Vendor {
    /// Its id in the Global Vendor List.
    pub id: u16,
    /// TCF purposes (1-11) it may process for with the visitor's consent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consent: Vec<u8>,
    /// TCF purposes (2, 7-11) it may process for under its legitimate interest, to which the
    /// visitor may object.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legitimate_interest: Vec<u8>,
    /// TCF special features (1-2) it may use once the visitor opts in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub special_features: Vec<u8>,
    /// Where the policy names the vendor or its kind of partner.
    pub cite: Cite,
}

/// A circumstance in which information is processed without consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LegalException {
    /// Stable id.
    pub id: String,
    /// What a person reads.
    pub description: Text,
    /// Where it is stated.
    pub cite: Cite,
}

/// The kinds of rights a person has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RightKind {
    /// See what is held.
    Access,
    /// Correct or update it.
    Rectification,
    /// Have it deleted.
    Erasure,
    /// Withdraw consent or turn functions off.
    Withdrawal,
    /// Cancel the account.
    AccountCancellation,
    /// Complain or give feedback.
    Complaint,
    /// Receive a copy in a portable form.
    Portability,
    /// Object to a kind of processing (e.g. programmatic advertising).
    Objection,
}

/// A right and how to exercise it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Right {
    /// Stable id.
    pub id: String,
    /// Which right.
    pub kind: RightKind,
    /// What a person reads: the right.
    pub description: Text,
    /// What a person reads: how to exercise it.
    pub how: Text,
    /// Where it is stated.
    pub cite: Cite,
}

/// Channels through which a change is announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeChannel {
    /// An announcement on the website.
    Website,
    /// A notice in the page itself.
    InPage,
    /// Email.
    Email,
    /// SMS.
    Sms,
    /// A private message in the service.
    PrivateMessage,
}

/// How changes to the policy are announced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChangeNotification {
    /// How long before the effective date a new version is posted (ISO 8601 duration).
    pub notice_period: String,
    /// Channels for every change.
    pub channels: Vec<NoticeChannel>,
    /// Extra channels for a major change.
    pub major_channels: Vec<NoticeChannel>,
    /// Where this is stated.
    pub cite: Cite,
}

/// A personal-information security impact assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImpactAssessment {
    /// When it was made, `YYYY-MM-DD`.
    pub date: String,
    /// Whether it found a high risk.
    pub high_risk: bool,
    /// What a person reads.
    pub summary: Text,
}

/// How a guardian's consent is combined with the child's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum GuardianMode {
    /// The guardian's consent alone.
    Guardian,
    /// The guardian and the child together (France below 15).
    GuardianAndChild,
}

/// Rules for visitors in one jurisdiction. Unset fields come from the rule named in `extends`,
/// then from the rule for the country of a subdivision (`US` for `US-CA`), then from `*`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JurisdictionRule {
    /// ISO 3166-1 alpha-2 code, a subdivision like `US-CA`, `EU`, or `*` for everywhere else.
    pub code: String,
    /// Another rule this one refines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// The law the rule comes from (`PIPL Art. 28, 29, 31`).
    pub law: String,
    /// Below this age a guardian must consent to optional processing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guardian_age: Option<u8>,
    /// Below this age the visitor is a minor (guidance notice, youth mode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minor_age: Option<u8>,
    /// Whether the age gate is asked before optional processing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ask_age: Option<bool>,
    /// Whose consent counts below the guardian age.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guardian_mode: Option<GuardianMode>,
    /// Purposes never allowed for minors, whatever the consent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forbidden_for_minors: Option<Vec<String>>,
    /// Purposes that a Global Privacy Control signal opts out of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpc_opts_out: Option<Vec<String>>,
    /// How long a consent stays valid (ISO 8601 duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_validity: Option<String>,
    /// How long a refusal is remembered before asking again (ISO 8601 duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal_memory: Option<String>,
    /// Whether a major change since a guardian consented for a child asks the guardian again for
    /// every purpose, not only for those whose scope grew (COPPA, 16 CFR 312.5(a)(1): consent to
    /// any material change). Unset everywhere: no.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guardian_again_on_major_change: Option<bool>,
    /// Below this age a child's personal information is sensitive personal information (PIPL
    /// Art. 28), so every optional purpose needs a consent given for it alone (Art. 29), from the
    /// guardian below the guardian age (Art. 31). Unset everywhere: a child's data is as
    /// sensitive as its data categories say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_data_sensitive_below: Option<u8>,
    /// Where the policy text supports the rule, if it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<Cite>,
}

/// A way to verify that the person approving is the child's parent or guardian.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum VerificationMethod {
    /// Email with a delayed second confirmation ("email plus").
    EmailPlus,
    /// A one-time code to the guardian's phone.
    SmsCode,
    /// A small card transaction in the guardian's name.
    CardCheck,
    /// A government ID checked against a live picture.
    IdDocument,
    /// A video call with trained staff.
    VideoCall,
}

/// How guardian consent is asked for and verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GuardianPolicy {
    /// Methods accepted when every purpose asked about is low risk.
    pub low_risk_methods: Vec<VerificationMethod>,
    /// Methods accepted when a purpose uses sensitive data, sends data abroad or shares it with
    /// third parties (supplied by a pluggable verifier at the edge).
    pub high_risk_methods: Vec<VerificationMethod>,
    /// How long a guardian request stays open (ISO 8601 duration).
    pub request_validity: String,
    /// Where the policy asks for a guardian's consent.
    pub cite: Cite,
}

/// What a purpose covered in an earlier version: the part of it that consent was given to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PurposeScope {
    /// The purpose id.
    pub id: String,
    /// Its kind then.
    pub kind: PurposeKind,
    /// Its legal basis then.
    pub legal_basis: LegalBasis,
    /// Its data categories then.
    pub data_categories: Vec<String>,
    /// Its recipients then.
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Whether it crossed borders then.
    #[serde(default)]
    pub cross_border: bool,
    /// The names of the cookies and other storage that others than the site set for it then.
    /// Absent in a history written before storage was recorded; then it is not compared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub third_party_storage: Option<Vec<String>>,
    /// The Google Consent Mode signals it stood for then (absent as above).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_mode: Option<Vec<ConsentModeSignal>>,
    /// The IAB TCF purposes it stood for then (absent as above).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tcf_purposes: Option<Vec<u8>>,
}

/// An earlier published version, reduced to what consent was given to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VersionScope {
    /// That version.
    pub version: String,
    /// Its effective date.
    pub effective: String,
    /// Its purposes.
    pub purposes: Vec<PurposeScope>,
    /// What changed from that version to this one, as `assent diff` classified it; when present,
    /// the update notice for a visitor who last saw that version says this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<VersionNotice>,
}

/// The update notice for a visitor who last saw an earlier version, made by `assent diff`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VersionNotice {
    /// Whether any change since that version is major (a prominent notice).
    pub major: bool,
    /// What changed, for a person: a heading line, then one line per change.
    pub summary: Text,
    /// Whether a change since that version reduces the person's rights. The policy promises not
    /// to do so without explicit consent: a person who agreed under that version keeps its terms
    /// until they accept the new ones.
    #[serde(default, skip_serializing_if = "core::ops::Not::not")]
    pub reduces_rights: bool,
}

impl Purpose {
    /// This purpose reduced to its consent scope.
    pub fn scope(&self) -> PurposeScope {
        PurposeScope {
            id: self.id.clone(),
            kind: self.kind,
            legal_basis: self.legal_basis,
            data_categories: self.data_categories.clone(),
            recipients: self.recipients.clone(),
            cross_border: self.cross_border,
            third_party_storage: Some(
                self.storage
                    .iter()
                    .filter(|s| !s.first_party)
                    .map(|s| s.name.clone())
                    .collect(),
            ),
            consent_mode: Some(self.consent_mode.clone()),
            tcf_purposes: Some(self.tcf_purposes.clone()),
        }
    }
}

impl Policy {
    /// This version reduced to what consent is given to, for the `history` of a later version.
    pub fn scope(&self) -> VersionScope {
        VersionScope {
            version: self.version.clone(),
            effective: self.effective.clone(),
            purposes: self.purposes.iter().map(Purpose::scope).collect(),
            notice: None,
        }
    }
}
