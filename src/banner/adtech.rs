//! The ad-tech signals, split in two so that a page of a site without ad tech never downloads
//! them: the banner's module hands the ad-tech module (`assent_adtech`, the `adtech` feature)
//! the policy's side once ([`AdSetup`]: the site's TCF settings, the policy's vendors and what
//! the signals read of each purpose) and the visitor's side after every change ([`AdVisit`]:
//! the decisions as the evaluator made them, the vendor choices, the jurisdiction). The ad-tech
//! module holds [`AdSignals`]: it folds both into the [`AdFacts`] the TCF and GPP carry, reads
//! the site's Global Vendor List and writes the TC and GPP strings and the `__tcfapi` and `__gpp`
//! answers. Both halves are this crate's core; only the setup and the visit cross between them.

use crate::prelude::*;
use alloc::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::json::FromJson;

use super::gpp::{self as gpp_api, GppPing, UsFacts};
use super::tcf::{self, Ping, TcData, TcEvent, TcfSettings, VendorState};
use crate::compiled::{CompiledPolicy, CompiledPurpose};
use crate::eval::{AgeBand, Decision};
use crate::policy::{ConsentModeSignal, LegalBasis, Problem, PurposeKind, Vendor};
use crate::signals::gpp::GppString;
use crate::signals::{SignalError, TcfChoice};

/// What the ad-tech module is set up with, once per page: the site's TCF settings, whether the
/// policy speaks TCF (maps purposes to it), the vendors the policy names and what the signals
/// read of its purposes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdSetup {
    /// The site's TCF settings (`tcf` in the banner's configuration).
    pub settings: TcfSettings,
    /// Whether there is a TC string: the policy maps some purpose to a TCF purpose.
    pub tcf: bool,
    /// The policy's vendors.
    pub vendors: Vec<Vendor>,
    /// The policy's purposes, in its order.
    pub purposes: Vec<AdPurpose>,
    /// The first country the policy stores data in (the publisher's country unless the
    /// settings name one).
    pub storage_country: Option<String>,
}

impl AdSetup {
    /// The setup for `policy` with the site's TCF `settings`.
    pub fn new(policy: &CompiledPolicy, settings: TcfSettings) -> AdSetup {
        AdSetup {
            settings,
            tcf: tcf::applies(policy),
            vendors: policy.vendors.clone(),
            purposes: policy.purposes.iter().map(AdPurpose::of).collect(),
            storage_country: policy.storage_country.clone(),
        }
    }
}

/// What the TCF and GPP read of one purpose of the policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdPurpose {
    /// The TCF purposes it corresponds to.
    pub tcf: Vec<u8>,
    /// Whether its legal basis is consent: only then does its decision count as a TCF consent.
    pub consent: bool,
    /// Whether it personalises ads (Consent Mode's `ad_personalization`, or TCF purpose 3 or 4):
    /// the US sections' targeted advertising.
    pub ads: bool,
    /// Whether it is optional and uses sensitive data: the US sections' sensitive data.
    pub sensitive: bool,
}

impl AdPurpose {
    /// What the signals read of `p`.
    pub fn of(p: &CompiledPurpose) -> AdPurpose {
        AdPurpose {
            tcf: p.tcf_purposes.clone(),
            consent: p.scope.legal_basis == LegalBasis::Consent,
            ads: p.consent_mode.contains(&ConsentModeSignal::AdPersonalization)
                || p.tcf_purposes.iter().any(|t| matches!(t, 3 | 4)),
            sensitive: p.kind() != PurposeKind::Essential && p.sensitive,
        }
    }
}

/// The visitor as the banner hands them over after every change: their jurisdiction, decisions
/// and vendor choices, as they stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdVisit {
    /// The jurisdiction rule chain that applied (`["EU", "DE"]`, `["US", "US-CA"]`).
    pub jurisdiction: Vec<String>,
    /// The banner's locale (the TC string's consent language).
    pub locale: String,
    /// When the visitor first chose (or now, before any choice), in seconds since the epoch.
    pub first: i64,
    /// When the visitor last chose (or now).
    pub last: i64,
    /// Each purpose's decision, in the policy's order ([`AdSetup::purposes`]).
    pub decisions: Vec<Decision>,
    /// Per purpose (the policy's order): whether the visitor's jurisdiction rule opts it out on
    /// Global Privacy Control, which the US sections call sale and sharing; none when the rule
    /// could not be resolved.
    pub gpc_opts_out: Option<Vec<bool>>,
    /// The vendors the visitor switched on.
    pub vendors_on: Vec<u16>,
    /// The vendors the visitor switched off.
    pub vendors_off: Vec<u16>,
    /// The age band the evaluator used.
    pub age_band: AgeBand,
    /// Global Privacy Control.
    pub gpc: bool,
    /// Whether the banner shows a dialog.
    pub banner_visible: bool,
}

/// What the signals depend on: the visitor's jurisdiction and decisions folded into what the
/// TCF and GPP carry. The ad-tech module works them out from the setup and the visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdFacts {
    /// The jurisdiction rule chain that applied.
    pub jurisdiction: Vec<String>,
    /// The banner's locale.
    pub locale: String,
    /// The first country the policy stores data in.
    pub storage_country: Option<String>,
    /// When the visitor first chose (or now), in seconds since the epoch.
    pub first: i64,
    /// When the visitor last chose (or now).
    pub last: i64,
    /// The TCF purposes the visitor consented to.
    pub purposes_consent: BTreeSet<u8>,
    /// The TCF purposes whose legitimate interest stands.
    pub purposes_li: BTreeSet<u8>,
    /// The vendors the visitor switched on (consent).
    pub vendors_on: BTreeSet<u16>,
    /// The vendors the visitor switched off (no consent, and an objection to their legitimate
    /// interest). A vendor in neither has not been chosen.
    pub vendors_off: BTreeSet<u16>,
    /// What the US sections say (a visitor in the United States).
    pub us: Option<UsFacts>,
    /// The age band the evaluator used.
    pub age_band: AgeBand,
    /// Global Privacy Control.
    pub gpc: bool,
    /// Whether the banner shows a dialog.
    pub banner_visible: bool,
}

impl AdFacts {
    /// The facts of `visit` under `setup`.
    pub fn new(setup: &AdSetup, visit: AdVisit) -> AdFacts {
        let purposes = &setup.purposes;
        let decisions = &visit.decisions;
        let us = match &visit.gpc_opts_out {
            Some(sale) if gpp_api::in_us(&visit.jurisdiction) => Some(UsFacts::new(purposes, sale, decisions)),
            _ => None,
        };
        AdFacts {
            purposes_consent: tcf::purposes_consent(purposes, decisions),
            purposes_li: tcf::purposes_li(&setup.vendors, purposes, decisions),
            storage_country: setup.storage_country.clone(),
            jurisdiction: visit.jurisdiction,
            locale: visit.locale,
            first: visit.first,
            last: visit.last,
            vendors_on: visit.vendors_on.into_iter().collect(),
            vendors_off: visit.vendors_off.into_iter().collect(),
            us,
            age_band: visit.age_band,
            gpc: visit.gpc,
            banner_visible: visit.banner_visible,
        }
    }
}

/// The strings of the visitor's signals, for `window.assent.state()`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, FromJson)]
#[serde(rename_all = "camelCase")]
pub struct AdStrings {
    /// The TC string, when the TCF is on.
    pub tc_string: Option<String>,
    /// The GPP string.
    pub gpp_string: Option<String>,
}

/// One vendor in the banner's second layer: what the site's copy of the Global Vendor List and
/// the policy say of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[serde(rename_all = "camelCase")]
pub struct VendorRow {
    /// Its id in the list.
    pub id: u16,
    /// Its name.
    pub name: String,
    /// The purposes it may process for with the visitor's consent (the list's names).
    pub consent: Vec<String>,
    /// The purposes it processes for under its legitimate interest, to which the visitor may
    /// object.
    pub legitimate_interest: Vec<String>,
    /// The special features it uses once the visitor opts in.
    pub special_features: Vec<String>,
    /// How long it keeps data, in days (its standard retention).
    pub retention_days: Option<u32>,
    /// Its privacy policy.
    pub policy_url: Option<String>,
}

/// The ad-tech module's state on one page.
#[derive(Debug, Clone)]
pub struct AdSignals {
    setup: AdSetup,
    list: Option<VendorState>,
}

impl AdSignals {
    /// Sets up the signals, reading the site's Global Vendor List (`gvl_text`) against the
    /// policy's vendors when there is one. Fails, with a path, on a list that is not one or that
    /// lacks a vendor, a purpose or a legal basis the policy gives a vendor.
    pub fn new(setup: AdSetup, gvl_text: Option<&str>) -> Result<AdSignals, Problem> {
        let list = match gvl_text {
            Some(text) => Some(VendorState::new(&setup.vendors, text)?),
            None => None,
        };
        Ok(AdSignals { setup, list })
    }

    /// Whether there is a TC string (and a `__tcfapi`).
    pub fn tcf_on(&self) -> bool {
        self.setup.tcf
    }

    /// The facts of `visit`.
    pub fn facts(&self, visit: AdVisit) -> AdFacts {
        AdFacts::new(&self.setup, visit)
    }

    /// The TC string's content, when the TCF is on.
    pub fn tc_choice(&self, facts: &AdFacts) -> Option<TcfChoice> {
        self.setup
            .tcf
            .then(|| tcf::tc_choice(facts, &self.setup.settings, &self.setup.vendors, self.list.as_ref()))
    }

    /// The GPP string's sections: `tcfeuv2` where the GDPR applies, the US sections for a US
    /// visitor.
    pub fn gpp(&self, facts: &AdFacts) -> Result<GppString, SignalError> {
        let tc = match self.tc_choice(facts) {
            Some(c) if tcf::gdpr_applies(&facts.jurisdiction) => Some(c.encode()?),
            _ => None,
        };
        Ok(gpp_api::gpp_string(facts, tc))
    }

    /// Both strings.
    pub fn strings(&self, facts: &AdFacts) -> Result<AdStrings, SignalError> {
        let tc_string = self.tc_choice(facts).map(|c| c.encode()).transpose()?;
        let gpp_string = Some(self.gpp(facts)?.encode()?);
        Ok(AdStrings { tc_string, gpp_string })
    }

    /// What a `__tcfapi` listener (or `getTCData`, without an id) receives; `None` without a
    /// TC string.
    pub fn tc_data(&self, facts: &AdFacts, event: TcEvent, id: Option<u32>) -> Result<Option<TcData>, SignalError> {
        self.tc_choice(facts)
            .map(|c| tcf::tc_data(&c, tcf::gdpr_applies(&facts.jurisdiction), event, id))
            .transpose()
    }

    /// The `__tcfapi('ping')` answer.
    pub fn ping(&self, facts: &AdFacts) -> Ping {
        tcf::ping(
            &self.setup.settings,
            self.list.as_ref(),
            tcf::gdpr_applies(&facts.jurisdiction),
            facts.banner_visible,
        )
    }

    /// The `__gpp('ping')` answer.
    pub fn gpp_ping(&self, facts: &AdFacts) -> Result<GppPing, SignalError> {
        gpp_api::ping(&self.gpp(facts)?, self.setup.settings.cmp_id, facts.banner_visible)
    }

    /// The policy's vendors as the second layer lists them, in the policy's order; none without
    /// the site's list. Names, purposes and links are the list's own (it is in English).
    pub fn vendor_rows(&self) -> Vec<VendorRow> {
        let Some(list) = &self.list else {
            return Vec::new();
        };
        let gvl = &list.gvl;
        let names = |ids: &[u8], items: &BTreeMap<String, crate::signals::gvl::GvlItem>| -> Vec<String> {
            ids.iter()
                .map(|id| {
                    items
                        .get(&id.to_string())
                        .map_or_else(|| format!("{id}"), |i| i.name.clone())
                })
                .collect()
        };
        self.setup
            .vendors
            .iter()
            .filter_map(|v| {
                let declared = gvl.vendor(v.id)?;
                let url = declared
                    .urls
                    .iter()
                    .find(|u| u.lang_id.eq_ignore_ascii_case("en"))
                    .or(declared.urls.first());
                Some(VendorRow {
                    id: v.id,
                    name: declared.name.clone(),
                    consent: names(&v.consent, &gvl.purposes),
                    legitimate_interest: names(&v.legitimate_interest, &gvl.purposes),
                    special_features: names(&v.special_features, &gvl.special_features),
                    retention_days: declared.data_retention.as_ref().and_then(|r| r.std_retention),
                    policy_url: url.map(|u| u.privacy.clone()),
                })
            })
            .collect()
    }
}
