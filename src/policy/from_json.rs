//! The policy model read from JSON by the crate's own reader ([`crate::json::FromJson`]): each
//! type's JSON members, in declaration order, as `#[serde(rename_all = "camelCase")]` names them
//! for the JSON Schema and serde's writer; `default` marks the members that may be absent, `skip`
//! those that are also left out when empty. The same lists write the policy ([`ToJson`]).
//! `tests/policy_reader.rs` checks these lists against serde's derive for the same types.

use super::model::*;
use crate::banner::words::Overrides;
use crate::json::{FromJson, ReadError, Reader, Sink, Skip, ToJson, Unread};
use crate::{json_enum, json_object};

impl Unread for Text {
    fn unread() -> Self {
        Text::default()
    }
}

impl FromJson for Text {
    fn read(r: &mut Reader<'_>) -> Result<Self, ReadError> {
        SortedMap::read(r).map(Text)
    }
}

impl ToJson for Text {
    fn write_json<S: Sink + ?Sized>(&self, out: &mut S) {
        self.0.write_json(out);
    }
}

impl Unread for Overrides {
    fn unread() -> Self {
        Overrides::default()
    }
}

impl FromJson for Overrides {
    fn read(r: &mut Reader<'_>) -> Result<Self, ReadError> {
        SortedMap::read(r).map(Overrides)
    }
}

impl ToJson for Overrides {
    fn write_json<S: Sink + ?Sized>(&self, out: &mut S) {
        self.0.write_json(out);
    }
}

impl Skip for Overrides {
    fn skip(&self) -> bool {
        self.is_empty()
    }
}

json_object!(write Cite {
    clause: "clause",
    quote: "quote",
});

json_object!(write Policy {
    schema: "$schema" skip,
    id: "id",
    version: "version",
    published: "published",
    effective: "effective",
    url: "url",
    default_locale: "defaultLocale",
    locales: "locales",
    title: "title",
    notice: "notice",
    controller: "controller",
    clauses: "clauses",
    data_categories: "dataCategories",
    recipients: "recipients",
    retention: "retention",
    storage: "storage",
    purposes: "purposes",
    legal_exceptions: "legalExceptions",
    rights: "rights",
    changes: "changes",
    impact_assessment: "impactAssessment" skip,
    jurisdictions: "jurisdictions",
    guardian: "guardian",
    vendors: "vendors" skip,
    history: "history" skip,
    words: "words" skip,
});

json_object!(write Vendor {
    id: "id",
    consent: "consent" skip,
    legitimate_interest: "legitimateInterest" skip,
    special_features: "specialFeatures" skip,
    cite: "cite",
});

json_object!(write Notice {
    title: "title",
    summary: "summary",
    cite: "cite",
});

json_object!(write Controller {
    name: "name",
    contact: "contact",
    address: "address",
    email: "email",
    phone: "phone",
    department: "department",
    complaint_channel: "complaintChannel",
    ownership: "ownership",
    cite: "cite",
});

json_object!(write Clause {
    id: "id",
    title: "title",
    anchor: "anchor",
});

json_enum!(Sensitivity {
    Normal: "normal",
    Sensitive: "sensitive"
});

json_object!(write DataCategory {
    id: "id",
    sensitivity: "sensitivity",
    label: "label",
    cite: "cite",
});

json_enum!(RecipientRole {
    Processor: "processor",
    ThirdParty: "third_party",
    JointController: "joint_controller",
    Affiliate: "affiliate"
});

json_object!(write Recipient {
    id: "id",
    name: "name",
    role: "role",
    country: "country",
    deidentified_only: "deidentifiedOnly",
    cite: "cite",
});

json_object!(write Retention {
    minimum: "minimum",
    cite: "cite",
    rules: "rules",
});

json_enum!(RetentionTrigger {
    Collection: "collection",
    PurposeFulfilled: "purpose_fulfilled",
    AccountCancellation: "account_cancellation",
    ServiceTermination: "service_termination",
    ConsentWithdrawal: "consent_withdrawal"
});

json_enum!(RetentionAction {
    Delete: "delete",
    Anonymize: "anonymize",
    DeleteOrAnonymize: "delete_or_anonymize"
});

json_object!(write RetentionRule {
    id: "id",
    duration: "duration",
    trigger: "trigger",
    action: "action",
    description: "description",
    cite: "cite",
});

json_object!(write StorageLocation {
    countries: "countries",
    cross_border_needs_consent: "crossBorderNeedsConsent",
    cite: "cite",
});

json_enum!(PurposeKind {
    Essential: "essential",
    Basic: "basic",
    Extended: "extended"
});

json_enum!(LegalBasis {
    Consent: "consent",
    Contract: "contract",
    LegalObligation: "legal_obligation",
    VitalInterests: "vital_interests",
    PublicInterest: "public_interest",
    LegitimateInterests: "legitimate_interests"
});

json_enum!(StorageKind {
    Cookie: "cookie",
    LocalStorage: "localStorage",
    SessionStorage: "sessionStorage",
    IndexedDb: "indexedDb",
    WebBeacon: "webBeacon"
});

json_object!(write StorageItem {
    kind: "kind",
    name: "name",
    lifetime: "lifetime" skip,
    first_party: "firstParty",
});

json_enum!(ConsentModeSignal {
    AdStorage: "ad_storage",
    AdUserData: "ad_user_data",
    AdPersonalization: "ad_personalization",
    AnalyticsStorage: "analytics_storage",
    FunctionalityStorage: "functionality_storage",
    PersonalizationStorage: "personalization_storage",
    SecurityStorage: "security_storage"
});

json_object!(write Purpose {
    id: "id",
    kind: "kind",
    legal_basis: "legalBasis",
    name: "name",
    description: "description",
    data_categories: "dataCategories",
    recipients: "recipients" default,
    retention: "retention",
    storage: "storage" default,
    separate_consent: "separateConsent" default,
    cross_border: "crossBorder" default,
    consent_mode: "consentMode" skip,
    tcf_purposes: "tcfPurposes" skip,
    cite: "cite",
});

json_object!(write LegalException {
    id: "id",
    description: "description",
    cite: "cite",
});

json_enum!(RightKind {
    Access: "access",
    Rectification: "rectification",
    Erasure: "erasure",
    Withdrawal: "withdrawal",
    AccountCancellation: "account_cancellation",
    Complaint: "complaint",
    Portability: "portability",
    Objection: "objection"
});

json_object!(write Right {
    id: "id",
    kind: "kind",
    description: "description",
    how: "how",
    cite: "cite",
});

json_enum!(NoticeChannel {
    Website: "website",
    InPage: "in_page",
    Email: "email",
    Sms: "sms",
    PrivateMessage: "private_message"
});

json_object!(write ChangeNotification {
    notice_period: "noticePeriod",
    channels: "channels",
    major_channels: "majorChannels",
    cite: "cite",
});

json_object!(write ImpactAssessment {
    date: "date",
    high_risk: "highRisk",
    summary: "summary",
});

json_enum!(GuardianMode {
    Guardian: "guardian",
    GuardianAndChild: "guardian_and_child"
});

json_object!(write JurisdictionRule {
    code: "code",
    extends: "extends" skip,
    law: "law",
    guardian_age: "guardianAge" skip,
    minor_age: "minorAge" skip,
    ask_age: "askAge" skip,
    guardian_mode: "guardianMode" skip,
    forbidden_for_minors: "forbiddenForMinors" skip,
    gpc_opts_out: "gpcOptsOut" skip,
    consent_validity: "consentValidity" skip,
    refusal_memory: "refusalMemory" skip,
    guardian_again_on_major_change: "guardianAgainOnMajorChange" skip,
    child_data_sensitive_below: "childDataSensitiveBelow" skip,
    cite: "cite" skip,
});

json_enum!(VerificationMethod {
    EmailPlus: "email_plus",
    SmsCode: "sms_code",
    CardCheck: "card_check",
    IdDocument: "id_document",
    VideoCall: "video_call"
});

json_object!(write GuardianPolicy {
    low_risk_methods: "lowRiskMethods",
    high_risk_methods: "highRiskMethods",
    request_validity: "requestValidity",
    cite: "cite",
});

json_object!(write PurposeScope {
    id: "id",
    kind: "kind",
    legal_basis: "legalBasis",
    data_categories: "dataCategories",
    recipients: "recipients" default,
    cross_border: "crossBorder" default,
});

json_object!(write VersionScope {
    version: "version",
    effective: "effective",
    purposes: "purposes",
    notice: "notice" skip,
});

json_object!(write VersionNotice {
    major: "major",
    summary: "summary",
    reduces_rights: "reducesRights" skip,
});
