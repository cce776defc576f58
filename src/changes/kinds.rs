//! The vocabulary of a diff: the kinds of change, how important a change is, and why a change
//! is major.

use serde::{Serialize, Serializer};

use crate::eval::messages::Lang;

/// How a change is announced: major changes get the prominent notice and the extra channels of
/// the policy's `changes.majorChannels`; minor ones a passive notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Wording, or a change that narrows processing or widens what the person may do.
    Minor,
    /// One of the kinds of change the policy (or the law) says must be announced prominently.
    Major,
}

/// Why a change is major: one of the six kinds the seed policy lists in its `changes.major`
/// clause (the "policy updates" section of the GB/T 35273-2020 Appendix D template), or a rule
/// from elsewhere for what that list ("including but not limited to") does not spell out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum MajorRule {
    /// (1) The service model: the purpose of processing, the types of personal information, the
    /// way it is used.
    ServiceModel,
    /// (2) The ownership or organisational structure (including who the controller is).
    Ownership,
    /// (3) The main recipients of sharing, transfer or public disclosure.
    Recipients,
    /// (4) The person's rights over the processing and how to exercise them.
    Rights,
    /// (5) The responsible department, the contact details or the complaint channel.
    Contact,
    /// (6) A personal-information security impact assessment showing a high risk.
    ImpactAssessment,
    /// A new purpose of processing (Art. 29 WP260 rev.01: a change in processing purpose is
    /// always to be communicated).
    NewPurpose,
    /// A recipient now in a wider category: identifiable data where it had de-identified data,
    /// a third party where it was a processor (WP260 rev.01: an enlargement of the categories of
    /// recipients is a fundamental change).
    NewRecipientCategory,
    /// Data newly leaving the country where it is stored (WP260 rev.01: the introduction of
    /// transfers to a third country is a fundamental change).
    TransferAbroad,
    /// A change outside those kinds that reduces the person's rights, which the seed promises
    /// never to do without explicit consent, so the person must be told prominently.
    ReducesRights,
}

impl MajorRule {
    /// The stable code (`service_model`, ...), as in JSON.
    pub fn code(self) -> &'static str {
        match self {
            MajorRule::ServiceModel => "service_model",
            MajorRule::Ownership => "ownership",
            MajorRule::Recipients => "recipients",
            MajorRule::Rights => "rights",
            MajorRule::Contact => "contact",
            MajorRule::ImpactAssessment => "impact_assessment",
            MajorRule::NewPurpose => "new_purpose",
            MajorRule::NewRecipientCategory => "new_recipient_category",
            MajorRule::TransferAbroad => "transfer_abroad",
            MajorRule::ReducesRights => "reduces_rights",
        }
    }

    /// Where the rule comes from.
    pub fn source(self) -> &'static str {
        match self {
            MajorRule::ServiceModel => "the policy's list of major changes, item (1)",
            MajorRule::Ownership => "the policy's list of major changes, item (2)",
            MajorRule::Recipients => "the policy's list of major changes, item (3)",
            MajorRule::Rights => "the policy's list of major changes, item (4)",
            MajorRule::Contact => "the policy's list of major changes, item (5)",
            MajorRule::ImpactAssessment => "the policy's list of major changes, item (6)",
            MajorRule::NewPurpose
            | MajorRule::NewRecipientCategory
            | MajorRule::TransferAbroad => {
                "Art. 29 Working Party, Guidelines on transparency (WP260 rev.01), on changes to Art. 13 and 14 information"
            }
            MajorRule::ReducesRights => {
                "the policy's promise not to reduce your rights without your explicit consent"
            }
        }
    }

    /// What the rule says, for a person. A diff's words exist in English and Simplified
    /// Chinese (the languages `assent diff` writes a history entry's notices in); other
    /// languages read the English.
    pub fn explain(self, lang: Lang) -> &'static str {
        let (en, zh) = super::words::major_rule(self);
        match lang {
            Lang::Zh => zh,
            _ => en,
        }
    }
}

/// When a kind's rule makes a change of that kind major.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum When {
    /// Every change of the kind, whichever way it goes (a new controller, a new purpose).
    Always,
    /// Only a change that goes against the person: more data, recipients, places or ways of
    /// use, a weaker protection.
    Against,
}

impl ChangeKind {
    /// What a change of this kind means: the rule that makes it major, and when. A change with
    /// no such rule is major only when it reduces the person's rights
    /// ([`MajorRule::ReducesRights`]); the change detector says, per change, whether it goes
    /// against the person and whether it reduces their rights.
    pub(crate) fn major_rule(self) -> Option<(MajorRule, When)> {
        use ChangeKind as K;
        use MajorRule as R;
        Some(match self {
            K::ControllerName | K::ControllerOwnership => (R::Ownership, When::Always),
            K::ControllerContact | K::ControllerDepartment | K::ControllerComplaintChannel => {
                (R::Contact, When::Always)
            }
            K::PurposeAdded => (R::NewPurpose, When::Always),
            K::PurposeLegalBasis => (R::ServiceModel, When::Always),
            K::PurposeDataAdded
            | K::PurposeKind
            | K::PurposeStorageAdded
            | K::PurposeStorageChanged
            | K::PurposeSignalsAdded => (R::ServiceModel, When::Against),
            K::PurposeRecipientsAdded => (R::Recipients, When::Against),
            K::RecipientAdded => (R::Recipients, When::Always),
            K::RecipientRole | K::RecipientDeidentifiedOnly => (R::NewRecipientCategory, When::Against),
            K::PurposeCrossBorder | K::RecipientCountry | K::StorageCountriesAdded | K::StorageCrossBorderConsent => {
                (R::TransferAbroad, When::Against)
            }
            K::RightKind | K::RightHow | K::RightRemoved | K::GuardianMethodsAdded => (R::Rights, When::Always),
            K::JurisdictionAdded | K::JurisdictionChanged | K::JurisdictionRemoved => (R::Rights, When::Against),
            K::ImpactAssessmentHighRisk => (R::ImpactAssessment, When::Always),
            _ => return None,
        })
    }
}

macro_rules! change_kinds {
    ($( $(#[doc = $doc:literal])* $name:ident = $code:literal, )*) => {
        /// What changed. Each kind has a stable code (`purpose.data_added`) used in JSON.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ChangeKind {
            $( $(#[doc = $doc])* $name, )*
        }

        impl ChangeKind {
            /// Every kind, in the order a diff lists them.
            pub const ALL: &'static [ChangeKind] = &[$(ChangeKind::$name,)*];

            /// The stable code.
            pub fn code(self) -> &'static str {
                match self {
                    $( ChangeKind::$name => $code, )*
                }
            }
        }
    };
}

change_kinds! {
    /// The controller's name: who is responsible.
    ControllerName = "controller.name",
    /// The ownership or organisational structure.
    ControllerOwnership = "controller.ownership",
    /// How to reach the controller: contact channels, address, email, phone.
    ControllerContact = "controller.contact",
    /// The department responsible for personal-information security.
    ControllerDepartment = "controller.department",
    /// Where to complain.
    ControllerComplaintChannel = "controller.complaint_channel",
    /// A purpose added.
    PurposeAdded = "purpose.added",
    /// A purpose removed.
    PurposeRemoved = "purpose.removed",
    /// A purpose uses kinds of information it did not cover.
    PurposeDataAdded = "purpose.data_added",
    /// A purpose uses less information.
    PurposeDataRemoved = "purpose.data_removed",
    /// A purpose shares with a recipient it did not share with.
    PurposeRecipientsAdded = "purpose.recipients_added",
    /// A purpose no longer shares with a recipient.
    PurposeRecipientsRemoved = "purpose.recipients_removed",
    /// A purpose rests on another legal basis.
    PurposeLegalBasis = "purpose.legal_basis",
    /// A purpose is essential, basic or extended where it was another kind.
    PurposeKind = "purpose.kind",
    /// A purpose keeps its data under another retention rule.
    PurposeRetention = "purpose.retention",
    /// A purpose sends data abroad, or no longer does.
    PurposeCrossBorder = "purpose.cross_border",
    /// A purpose needs a separate consent, or no longer does.
    PurposeSeparateConsent = "purpose.separate_consent",
    /// A purpose stores something new on the device.
    PurposeStorageAdded = "purpose.storage_added",
    /// A purpose stores something less on the device.
    PurposeStorageRemoved = "purpose.storage_removed",
    /// A stored item lives longer or shorter, or changes party.
    PurposeStorageChanged = "purpose.storage_changed",
    /// A purpose grants more Consent Mode signals or TCF purposes.
    PurposeSignalsAdded = "purpose.signals_added",
    /// A purpose grants fewer Consent Mode signals or TCF purposes.
    PurposeSignalsRemoved = "purpose.signals_removed",
    /// A recipient added.
    RecipientAdded = "recipient.added",
    /// A recipient removed.
    RecipientRemoved = "recipient.removed",
    /// A recipient plays another role.
    RecipientRole = "recipient.role",
    /// A recipient processes in another country.
    RecipientCountry = "recipient.country",
    /// A recipient receives identifiable data where it had de-identified data only, or the
    /// reverse.
    RecipientDeidentifiedOnly = "recipient.deidentified_only",
    /// A kind of information defined.
    DataCategoryAdded = "data_category.added",
    /// A kind of information no longer defined.
    DataCategoryRemoved = "data_category.removed",
    /// A kind of information is sensitive, or no longer is.
    DataCategorySensitivity = "data_category.sensitivity",
    /// The policy's own minimum retention.
    RetentionMinimum = "retention.minimum",
    /// A retention rule added.
    RetentionRuleAdded = "retention.rule_added",
    /// A retention rule removed.
    RetentionRuleRemoved = "retention.rule_removed",
    /// A retention rule keeps data longer or shorter.
    RetentionDuration = "retention.duration",
    /// A retention period counts from another event.
    RetentionTrigger = "retention.trigger",
    /// What happens at the end of a retention period.
    RetentionAction = "retention.action",
    /// Data is stored in more countries.
    StorageCountriesAdded = "storage.countries_added",
    /// Data is stored in fewer countries.
    StorageCountriesRemoved = "storage.countries_removed",
    /// Whether a transfer abroad needs the person's consent.
    StorageCrossBorderConsent = "storage.cross_border_consent",
    /// A right added.
    RightAdded = "right.added",
    /// A right removed.
    RightRemoved = "right.removed",
    /// How to exercise a right.
    RightHow = "right.how",
    /// Which right an entry grants.
    RightKind = "right.kind",
    /// A case of processing without consent added.
    LegalExceptionAdded = "legal_exception.added",
    /// A case of processing without consent removed.
    LegalExceptionRemoved = "legal_exception.removed",
    /// An impact assessment found a high risk.
    ImpactAssessmentHighRisk = "impact_assessment.high_risk",
    /// An impact assessment added, removed or updated without a high risk.
    ImpactAssessmentChanged = "impact_assessment.changed",
    /// Rules for a jurisdiction added.
    JurisdictionAdded = "jurisdiction.added",
    /// Rules for a jurisdiction removed: the more general ones apply.
    JurisdictionRemoved = "jurisdiction.removed",
    /// One rule for a jurisdiction changed (the effective value, after inheritance).
    JurisdictionChanged = "jurisdiction.changed",
    /// The law a jurisdiction rule names.
    JurisdictionLaw = "jurisdiction.law",
    /// More ways to verify a guardian are accepted.
    GuardianMethodsAdded = "guardian.methods_added",
    /// Fewer ways to verify a guardian are accepted.
    GuardianMethodsRemoved = "guardian.methods_removed",
    /// How long a request for a guardian's consent stays open.
    GuardianRequestValidity = "guardian.request_validity",
    /// How long before taking effect a new version is posted.
    ChangesNoticePeriod = "changes.notice_period",
    /// Channels added for announcing changes.
    ChangesChannelsAdded = "changes.channels_added",
    /// Channels removed for announcing changes.
    ChangesChannelsRemoved = "changes.channels_removed",
    /// Where the policy is published.
    PolicyUrl = "policy.url",
    /// Locales added.
    PolicyLocalesAdded = "policy.locales_added",
    /// Locales removed.
    PolicyLocalesRemoved = "policy.locales_removed",
    /// The default locale.
    PolicyDefaultLocale = "policy.default_locale",
    /// A clause added to the human-readable policy.
    ClauseAdded = "clause.added",
    /// A clause removed.
    ClauseRemoved = "clause.removed",
    /// A clause moved to another anchor.
    ClauseAnchor = "clause.anchor",
    /// Wording only: a text for people reads differently.
    TextChanged = "text.changed",
}

impl Serialize for ChangeKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// Its JSON Schema: one of the codes.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for ChangeKind {
    fn schema_name() -> alloc::borrow::Cow<'static, str> {
        "ChangeKind".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = ChangeKind::ALL.iter().map(|k| k.code()).collect();
        schemars::json_schema!({ "type": "string", "enum": codes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_dotted() {
        let mut seen = alloc::collections::BTreeSet::new();
        for k in ChangeKind::ALL {
            assert!(seen.insert(k.code()), "{} twice", k.code());
            assert!(k.code().contains('.'), "{}", k.code());
        }
    }
}
