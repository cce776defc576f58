//! The compiled policy: the checked form the evaluator reads, and its files.
//!
//! A policy document is written for people and editors: texts in every locale side by side,
//! jurisdiction rules that inherit from each other, data categories whose sensitivity a purpose
//! inherits. [`CompiledPolicy`] is what evaluation and display need of it, worked out once:
//! each purpose with its flags, each jurisdiction rule with its inheritance resolved, what each
//! earlier version covered, and the texts per locale. The full loader builds it from a validated
//! [`Policy`] ([`CompiledPolicy::from_policy`]); the reader of compiled files ([`read`]) builds the
//! same value from the files `assent compile` writes ([`write`]), so a page can evaluate without
//! the validator. The file format is documented in `docs/compiled-policy.md`.

mod file;

pub use file::{read, write, CompiledError, CompiledFile, CompiledFiles, Core, FORMAT};

use crate::policy::{
    ConsentModeSignal, Entries, LocalizedTexts, Policy, PurposeKind, PurposeScope, Sensitivity, SortedMap, StorageItem,
    Vendor,
};
use crate::prelude::*;
use serde::{Deserialize, Serialize};

use crate::json::FromJson;

use crate::banner::words::Words;
use crate::eval::jurisdiction::{resolve, ResolvedRule};
use crate::eval::messages::{Lang, Messages};

/// The policy a compiled form was made from, as receipts name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SourcePolicy {
    /// The policy's id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// Hex SHA-256 of the RFC 8785 canonical JSON of the policy document.
    pub sha256: String,
}

/// A purpose, as evaluation and the banner need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompiledPurpose {
    /// What consent to it covers: its id, kind, legal basis, data, recipients and transfer abroad.
    pub scope: PurposeScope,
    /// The clause of the policy that states it.
    pub clause: String,
    /// Whether it needs a consent given for it alone: it says so, it uses sensitive data (its
    /// own or a refinement's), or it sends data abroad where that needs consent.
    pub separate: bool,
    /// Whether it uses a data category the policy marks sensitive (the US privacy signals'
    /// sensitive-data notices follow it).
    #[serde(default, skip_serializing_if = "core::ops::Not::not")]
    pub sensitive: bool,
    /// Cookies and storage it uses on the visitor's device.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub storage: Vec<StorageItem>,
    /// Consent Mode signals it grants when allowed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consent_mode: Vec<ConsentModeSignal>,
    /// IAB TCF purpose ids it corresponds to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tcf_purposes: Vec<u8>,
}

impl CompiledPurpose {
    /// The purpose id.
    pub fn id(&self) -> &str {
        &self.scope.id
    }

    /// Essential, basic or extended.
    pub fn kind(&self) -> PurposeKind {
        self.scope.kind
    }
}

/// How an earlier version's update notice is to be shown (its text is in the texts files).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NoticeTerms {
    /// Whether any change since that version is major.
    pub major: bool,
    /// Whether a change since that version reduces the person's rights.
    #[serde(default, skip_serializing_if = "core::ops::Not::not")]
    pub reduces_rights: bool,
}

/// An earlier version: what consent given under it covered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompiledVersion {
    /// That version.
    pub version: String,
    /// Its purposes then.
    pub purposes: Vec<PurposeScope>,
    /// Its update notice, when `assent diff` made one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<NoticeTerms>,
}

/// A clause of the published policy that the banner links to outside a purpose's own: its
/// heading in one locale and its fragment identifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClauseLink {
    /// The clause's heading.
    pub title: String,
    /// Its fragment identifier in the published policy (`#...`).
    pub anchor: String,
}

/// Everything a person reads in one locale: the texts `policy.texts(locale)` answers, the
/// update notices the evaluator writes into the page state, the clauses on minors the
/// guardian-guidance notice links to, the banner's words and the engine's messages (the
/// catalogue's for this locale, with the policy's own words in place), so that a page reads its
/// language's words from the one texts file it downloads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LocaleTexts {
    /// The texts of the banner and the guardian page.
    pub texts: LocalizedTexts,
    /// Per earlier version with an update notice: that notice's summary.
    pub notices: Entries<String>,
    /// Per clause id: the clauses a jurisdiction rule's minor age or the guardian settings cite.
    pub clauses: Entries<ClauseLink>,
    /// The banner's words in this locale: the catalogue's, with the policy's `words` in place.
    pub words: Words,
    /// The engine's messages (each decision's reasons, the update summaries) in this locale.
    pub messages: Messages,
}

impl LocaleTexts {
    /// The locale these texts are in.
    pub fn locale(&self) -> &str {
        &self.texts.locale
    }
}

/// A validated policy reduced to what evaluation and display need.
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledPolicy {
    /// The policy's id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// The locale used when a visitor's is not offered.
    pub default_locale: String,
    /// Every locale the policy offers, in its order.
    pub locales: Vec<String>,
    /// The purposes, in the policy's order.
    pub purposes: Vec<CompiledPurpose>,
    /// Per rule code of the policy, that rule with its inheritance resolved.
    pub jurisdictions: SortedMap<ResolvedRule>,
    /// Earlier versions, oldest first.
    pub history: Vec<CompiledVersion>,
    /// The clause the guardian settings cite.
    pub guardian_clause: String,
    /// The vendors the policy names for the IAB TCF.
    pub vendors: Vec<Vendor>,
    /// The first country the policy stores data in (the TC string's publisher country when the
    /// site's TCF settings name none).
    pub storage_country: Option<String>,
    /// The texts of the locales at hand: all of them from the full loader, those read from
    /// files from [`read`]. At least one.
    pub texts: Vec<LocaleTexts>,
}

impl CompiledPolicy {
    /// Compiles a policy that [`crate::policy::validate`] has passed.
    pub fn from_policy(policy: &Policy) -> CompiledPolicy {
        let sensitive = |id: &str| {
            policy.data_categories.iter().any(|d| {
                d.sensitivity == Sensitivity::Sensitive
                    && (d.id == id || d.id.strip_prefix(id).is_some_and(|r| r.starts_with('.')))
            })
        };
        let marked = |id: &String| {
            policy
                .data_categories
                .iter()
                .any(|d| d.sensitivity == Sensitivity::Sensitive && d.id == *id)
        };
        let purposes: Vec<CompiledPurpose> = policy
            .purposes
            .iter()
            .map(|p| CompiledPurpose {
                sensitive: p.data_categories.iter().any(marked),
                scope: p.scope(),
                clause: p.cite.clause.clone(),
                separate: p.separate_consent
                    || p.data_categories.iter().any(|d| sensitive(d))
                    || (p.cross_border && policy.storage.cross_border_needs_consent),
                storage: p.storage.clone(),
                consent_mode: p.consent_mode.clone(),
                tcf_purposes: p.tcf_purposes.clone(),
            })
            .collect();
        let rules: Vec<(String, ResolvedRule)> = policy
            .jurisdictions
            .iter()
            .filter_map(|j| Some((j.code.clone(), resolve(policy, &j.code)?)))
            .collect();
        let history: Vec<CompiledVersion> = policy
            .history
            .iter()
            .map(|h| CompiledVersion {
                version: h.version.clone(),
                purposes: h.purposes.clone(),
                notice: h.notice.as_ref().map(|n| NoticeTerms {
                    major: n.major,
                    reduces_rights: n.reduces_rights,
                }),
            })
            .collect();
        let cited: Vec<&str> = rules
            .iter()
            .map(|(_, rule)| rule.minor_age.source.clause.as_str())
            .chain([policy.guardian.cite.clause.as_str()])
            .collect();
        let texts = policy
            .locales
            .iter()
            .map(|locale| {
                let clauses = policy
                    .clauses
                    .iter()
                    .filter(|c| cited.contains(&c.id.as_str()))
                    .map(|c| {
                        let title = c.title.get(locale, &policy.default_locale).to_string();
                        (
                            c.id.clone(),
                            ClauseLink {
                                title,
                                anchor: c.anchor.clone(),
                            },
                        )
                    })
                    .collect();
                let notices = policy
                    .history
                    .iter()
                    .filter_map(|h| {
                        let n = h.notice.as_ref()?;
                        Some((
                            h.version.clone(),
                            n.summary.get(locale, &policy.default_locale).to_string(),
                        ))
                    })
                    .collect();
                LocaleTexts {
                    texts: policy.texts(locale),
                    notices: Entries(notices),
                    clauses: Entries(clauses),
                    words: policy.words.apply(locale, &Words::for_locale(locale)),
                    messages: Lang::of(locale).messages(),
                }
            })
            .collect();
        CompiledPolicy {
            id: policy.id.clone(),
            version: policy.version.clone(),
            default_locale: policy.default_locale.clone(),
            locales: policy.locales.clone(),
            purposes,
            jurisdictions: SortedMap::new(rules),
            history,
            guardian_clause: policy.guardian.cite.clause.clone(),
            vendors: policy.vendors.clone(),
            storage_country: policy.storage.countries.first().cloned(),
            texts,
        }
    }

    /// The texts in `locale` if they are at hand, else in the default locale, else in any
    /// locale at hand: as a policy's [`crate::policy::Text`] falls back.
    pub fn texts_or_fallback(&self, locale: &str) -> Option<&LocaleTexts> {
        let find = |l: &str| self.texts.iter().find(|t| t.locale() == l);
        find(locale)
            .or_else(|| find(&self.default_locale))
            .or_else(|| self.texts.first())
    }

    /// The rule of a jurisdiction code (normalised, as an evaluation's chain names it): its own,
    /// else its country's (`US` for `US-TX`), else that of the state its country is part of
    /// (`FR` for `RE`), else `*`.
    pub fn rule(&self, code: &str) -> Option<&ResolvedRule> {
        let country = code.split('-').next().unwrap_or(code);
        self.jurisdictions
            .get(code)
            .or_else(|| self.jurisdictions.get(country))
            .or_else(|| self.jurisdictions.get(crate::policy::iso3166::part_of(country)?))
            .or_else(|| self.jurisdictions.get("*"))
    }

    /// The texts in `locale`, when they are at hand.
    pub fn texts(&self, locale: &str) -> Option<&LocalizedTexts> {
        self.texts.iter().find(|t| t.locale() == locale).map(|t| &t.texts)
    }
}
