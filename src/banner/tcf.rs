//! The IAB TCF side of the banner: the TC string of the visitor's choices (written by
//! [`crate::signals::tcf`]) and the objects `window.__tcfapi` hands to its callers (`ping`,
//! `addEventListener`), as the TCF v2.2 CMP API defines them.
//!
//! Without a Global Vendor List assent speaks for the site itself: its strings disclose no
//! vendors and carry the visitor's consent to the TCF purposes the policy maps its own purposes
//! to, in the core segment and in the publisher segment alike. With the site's copy of the list
//! ([`VendorState`]), the policy's vendors are disclosed and carry the visitor's per-vendor
//! choices, legitimate interests and the publisher restrictions the list and the policy imply.
//! Strings are always service specific (TCF v2.2 ended global consent).

use crate::prelude::*;
use alloc::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::json::FromJson;

use super::adtech::{AdFacts, AdPurpose};
use crate::compiled::CompiledPolicy;
use crate::eval::messages::Lang;
use crate::eval::Decision;
use crate::policy::Vendor;
use crate::signals::gvl::GlobalVendorList;
use crate::signals::tcf::{deciseconds_of_day, TCF_POLICY_VERSION_2_2};
use crate::signals::{vote, PublisherRestriction, PublisherTc, RestrictionKind, SignalError, TcfChoice};
use crate::time::Timestamp;

/// The TCF version `ping` reports.
pub const TCF_API_VERSION: &str = "2.2";

/// What the site tells assent about itself for the TCF: its CMP registration and the list and
/// policy versions it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TcfSettings {
    /// The CMP id the IAB registered for this deployment (2 to 4095).
    pub cmp_id: u16,
    /// The CMP's version.
    #[serde(default = "one")]
    pub cmp_version: u16,
    /// The Global Vendor List version shown (0 when none is).
    #[serde(default)]
    pub vendor_list_version: u16,
    /// The TCF policy version.
    #[serde(default = "policy_version")]
    pub policy_version: u8,
    /// The country whose law the publisher follows (ISO 3166-1 alpha-2); the first country the
    /// policy stores data in when absent.
    #[serde(default)]
    pub publisher_cc: Option<String>,
    /// Where the site serves its copy of the Global Vendor List (its own origin); without it the
    /// policy's vendors are not disclosed.
    #[serde(default)]
    pub vendor_list: Option<String>,
}

/// The vendors side of the TCF: the site's Global Vendor List and the publisher restrictions
/// it and the policy imply. The visitor's choice per vendor comes with the facts
/// ([`AdFacts::vendors_on`] and [`AdFacts::vendors_off`]; on: consent; off: no consent and an objection to its
/// legitimate interest; not chosen: no consent, legitimate interest stands).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorState {
    /// The list.
    pub gvl: GlobalVendorList,
    /// The restrictions.
    pub restrictions: Vec<PublisherRestriction>,
}

impl VendorState {
    /// Reads the list against the policy's vendors.
    pub fn new(vendors: &[Vendor], gvl_text: &str) -> Result<VendorState, crate::policy::Problem> {
        let gvl = GlobalVendorList::from_json(gvl_text)?;
        let restrictions = gvl.restrictions(vendors)?;
        Ok(VendorState { gvl, restrictions })
    }
}

/// The TCF purposes the visitor consented to, from the decisions (in the policy's order) and
/// the purposes' `tcfPurposes` mapping, by the rule in [`crate::signals::vote`] over the
/// consent-based purposes mapped to each TCF purpose: consented iff at least one of them is
/// allowed and none is denied or forbidden. Purposes the visitor has not answered yet abstain;
/// purposes that run without consent (essential ones) are not consent, so they never set a bit.
pub fn purposes_consent(purposes: &[AdPurpose], decisions: &[Decision]) -> BTreeSet<u8> {
    (1..=24u8)
        .filter(|t| {
            vote(
                purposes
                    .iter()
                    .zip(decisions)
                    .filter(|(p, _)| p.consent && p.tcf.contains(t))
                    .map(|(_, d)| *d),
            )
        })
        .collect()
}

/// The TCF purposes whose legitimate interest stands: some vendor of the policy uses it under
/// legitimate interest, and the visitor has not objected (refused, or been forbidden, a purpose
/// of the policy mapped to it).
pub fn purposes_li(vendors: &[Vendor], purposes: &[AdPurpose], decisions: &[Decision]) -> BTreeSet<u8> {
    vendors
        .iter()
        .flat_map(|v| v.legitimate_interest.iter().copied())
        .filter(|t| {
            !purposes
                .iter()
                .zip(decisions)
                .any(|(p, d)| p.tcf.contains(t) && matches!(d, Decision::Denied | Decision::Forbidden))
        })
        .collect()
}

fn one() -> u16 {
    1
}

fn policy_version() -> u8 {
    TCF_POLICY_VERSION_2_2
}

/// Whether the policy speaks TCF at all: some purpose maps to a TCF purpose.
pub fn applies(policy: &CompiledPolicy) -> bool {
    policy.purposes.iter().any(|p| !p.tcf_purposes.is_empty())
}

/// Whether the GDPR applies to the visitor, from the jurisdiction rules the evaluator applied:
/// the EU (and the EEA members the policy files under it) and the United Kingdom.
pub fn gdpr_applies(jurisdiction: &[String]) -> bool {
    jurisdiction
        .iter()
        .any(|c| matches!(c.as_str(), "EU" | "GB" | "IS" | "LI" | "NO"))
}

/// The TC string's content for the visitor's decisions, as the banner reported them in
/// `facts`. The string keeps only the days of the first and latest choice.
pub fn tc_choice(facts: &AdFacts, settings: &TcfSettings, vendors: &[Vendor], list: Option<&VendorState>) -> TcfChoice {
    let consented = &facts.purposes_consent;
    let mut choice = base_choice(facts, settings);
    if let Some(state) = list {
        let li = &facts.purposes_li;
        choice.vendor_list_version = state.gvl.vendor_list_version;
        choice.policy_version = state.gvl.tcf_policy_version;
        for v in vendors {
            let chosen = if facts.vendors_on.contains(&v.id) {
                Some(true)
            } else if facts.vendors_off.contains(&v.id) {
                Some(false)
            } else {
                None
            };
            if chosen == Some(true) && v.consent.iter().any(|t| consented.contains(t)) {
                choice.vendor_consents.insert(v.id);
                choice
                    .special_feature_opt_ins
                    .extend(v.special_features.iter().copied());
            }
            if chosen != Some(false) && v.legitimate_interest.iter().any(|t| li.contains(t)) {
                choice.vendor_li.insert(v.id);
            }
        }
        choice.purposes_li = li.clone();
        choice.publisher_restrictions = state.restrictions.clone();
        choice.disclosed_vendors = Some(vendors.iter().map(|v| v.id).collect());
    }
    choice
}

fn base_choice(facts: &AdFacts, settings: &TcfSettings) -> TcfChoice {
    let cc = settings
        .publisher_cc
        .clone()
        .or_else(|| facts.storage_country.as_ref().map(|c| c.chars().take(2).collect()))
        .unwrap_or_else(|| "AA".into());
    TcfChoice {
        created: deciseconds_of_day(Timestamp(facts.first)),
        last_updated: deciseconds_of_day(Timestamp(facts.last)),
        cmp_id: settings.cmp_id,
        cmp_version: settings.cmp_version,
        consent_screen: 1,
        // The language of the words shown, as two letters (`zh-CN` is `ZH`).
        consent_language: Lang::of(&facts.locale)
            .tag()
            .get(..2)
            .unwrap_or("en")
            .to_ascii_uppercase(),
        vendor_list_version: settings.vendor_list_version,
        policy_version: settings.policy_version,
        is_service_specific: true,
        // The banner shows the policy's own words, not the IAB's standard purpose texts.
        use_non_standard_texts: true,
        special_feature_opt_ins: BTreeSet::new(),
        purposes_consent: facts.purposes_consent.clone(),
        purposes_li: BTreeSet::new(),
        purpose_one_treatment: false,
        publisher_cc: cc.to_ascii_uppercase(),
        vendor_consents: BTreeSet::new(),
        vendor_li: BTreeSet::new(),
        publisher_restrictions: Vec::new(),
        disclosed_vendors: Some(BTreeSet::new()),
        publisher: Some(PublisherTc {
            purposes_consent: facts.purposes_consent.clone(),
            ..PublisherTc::default()
        }),
    }
}

/// A TCF id-to-yes map, as the CMP API writes `purpose.consents` (every standard purpose 1-11).
fn id_map(ids: &BTreeSet<u8>, upto: u8) -> BTreeMap<String, bool> {
    let mut map = BTreeMap::new();
    for i in 1..=upto {
        map.insert(i.to_string(), ids.contains(&i));
    }
    map
}

/// Consents and legitimate interests by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Votes {
    /// Consent by id.
    pub consents: BTreeMap<String, bool>,
    /// Legitimate interest by id.
    pub legitimate_interests: BTreeMap<String, bool>,
}

/// The publisher's part of [`TcData`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PublisherVotes {
    /// Consent by purpose id.
    pub consents: BTreeMap<String, bool>,
    /// Legitimate interest by purpose id.
    pub legitimate_interests: BTreeMap<String, bool>,
    /// The publisher's custom purposes.
    pub custom_purpose: Votes,
    /// Publisher restrictions: purpose id to vendor id to restriction type (0 not allowed, 1
    /// consent required, 2 legitimate interest required).
    pub restrictions: BTreeMap<String, BTreeMap<String, u8>>,
}

/// What `__tcfapi('addEventListener', 2, callback)` passes to the callback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TcData {
    /// The TC string.
    pub tc_string: String,
    /// The TCF policy version.
    pub tcf_policy_version: u8,
    /// The CMP id.
    pub cmp_id: u16,
    /// The CMP version.
    pub cmp_version: u16,
    /// Whether the GDPR applies to the visitor.
    pub gdpr_applies: bool,
    /// `tcloaded`, `cmpuishown` or `useractioncomplete`.
    pub event_status: &'static str,
    /// Always `loaded` once the callback runs.
    pub cmp_status: &'static str,
    /// The listener's id (absent for `getTCData`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listener_id: Option<u32>,
    /// Whether the string is service specific.
    pub is_service_specific: bool,
    /// Whether the CMP used its own texts.
    pub use_non_standard_texts: bool,
    /// The publisher's country.
    #[serde(rename = "publisherCC")]
    pub publisher_cc: String,
    /// Whether Purpose 1 was not disclosed.
    pub purpose_one_treatment: bool,
    /// Purposes.
    pub purpose: Votes,
    /// Vendors.
    pub vendor: Votes,
    /// Special features opted into.
    pub special_feature_optins: BTreeMap<String, bool>,
    /// The publisher's purposes.
    pub publisher: PublisherVotes,
}

/// Where the visitor stands, for the TCF event status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TcEvent {
    /// The visitor had chosen before this page: the string is ready.
    Loaded,
    /// The banner is showing.
    UiShown,
    /// The visitor just chose.
    ActionComplete,
}

impl TcEvent {
    /// The event of a CMP API name, as the banner hands it over.
    pub fn parse(name: &str) -> Option<TcEvent> {
        [TcEvent::Loaded, TcEvent::UiShown, TcEvent::ActionComplete]
            .into_iter()
            .find(|e| e.name() == name)
    }

    /// Its name in the CMP API (`eventStatus`).
    pub fn name(self) -> &'static str {
        match self {
            TcEvent::Loaded => "tcloaded",
            TcEvent::UiShown => "cmpuishown",
            TcEvent::ActionComplete => "useractioncomplete",
        }
    }
}

/// A vendor id-to-yes map over the disclosed vendors.
fn vendor_map(ids: &BTreeSet<u16>, disclosed: &BTreeSet<u16>) -> BTreeMap<String, bool> {
    disclosed.iter().map(|v| (v.to_string(), ids.contains(v))).collect()
}

/// The callback's object for one listener (`None` for `getTCData`).
pub fn tc_data(
    choice: &TcfChoice,
    gdpr_applies: bool,
    event: TcEvent,
    listener_id: Option<u32>,
) -> Result<TcData, SignalError> {
    let none = || Votes {
        consents: BTreeMap::new(),
        legitimate_interests: BTreeMap::new(),
    };
    let publisher = choice.publisher.clone().unwrap_or_default();
    let disclosed = choice.disclosed_vendors.clone().unwrap_or_default();
    let mut restrictions: BTreeMap<String, BTreeMap<String, u8>> = BTreeMap::new();
    for r in &choice.publisher_restrictions {
        let kind = match r.kind {
            RestrictionKind::NotAllowed => 0,
            RestrictionKind::RequireConsent => 1,
            RestrictionKind::RequireLegitimateInterest => 2,
        };
        let by_vendor = restrictions.entry(r.purpose.to_string()).or_default();
        for v in &r.vendors {
            by_vendor.insert(v.to_string(), kind);
        }
    }
    Ok(TcData {
        tc_string: choice.encode()?,
        tcf_policy_version: choice.policy_version,
        cmp_id: choice.cmp_id,
        cmp_version: choice.cmp_version,
        gdpr_applies,
        event_status: event.name(),
        cmp_status: "loaded",
        listener_id,
        is_service_specific: choice.is_service_specific,
        use_non_standard_texts: choice.use_non_standard_texts,
        publisher_cc: choice.publisher_cc.clone(),
        purpose_one_treatment: choice.purpose_one_treatment,
        purpose: Votes {
            consents: id_map(&choice.purposes_consent, 11),
            legitimate_interests: id_map(&choice.purposes_li, 11),
        },
        vendor: Votes {
            consents: vendor_map(&choice.vendor_consents, &disclosed),
            legitimate_interests: vendor_map(&choice.vendor_li, &disclosed),
        },
        special_feature_optins: id_map(&choice.special_feature_opt_ins, 2),
        publisher: PublisherVotes {
            consents: id_map(&publisher.purposes_consent, 11),
            legitimate_interests: id_map(&publisher.purposes_li, 11),
            custom_purpose: none(),
            restrictions,
        },
    })
}

/// What `__tcfapi('ping', 2, callback)` passes to the callback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Ping {
    /// Whether the GDPR applies to the visitor.
    pub gdpr_applies: bool,
    /// Always true: the API answers only once assent has loaded.
    pub cmp_loaded: bool,
    /// `loaded`.
    pub cmp_status: &'static str,
    /// `visible` while the banner shows, else `hidden`.
    pub display_status: &'static str,
    /// `2.2`.
    pub api_version: &'static str,
    /// The CMP version.
    pub cmp_version: u16,
    /// The CMP id.
    pub cmp_id: u16,
    /// The vendor list version.
    pub gvl_version: u16,
    /// The TCF policy version.
    pub tcf_policy_version: u8,
}

/// The `ping` answer; the list's versions when the site serves one.
pub fn ping(settings: &TcfSettings, vendors: Option<&VendorState>, gdpr_applies: bool, banner_visible: bool) -> Ping {
    Ping {
        gdpr_applies,
        cmp_loaded: true,
        cmp_status: "loaded",
        display_status: if banner_visible { "visible" } else { "hidden" },
        api_version: TCF_API_VERSION,
        cmp_version: settings.cmp_version,
        cmp_id: settings.cmp_id,
        gvl_version: vendors.map_or(settings.vendor_list_version, |v| v.gvl.vendor_list_version),
        tcf_policy_version: vendors.map_or(settings.policy_version, |v| v.gvl.tcf_policy_version),
    }
}
