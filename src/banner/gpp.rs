//! The IAB GPP side of the banner: the GPP string of the visitor's decisions (written by
//! [`crate::signals::gpp`]) and the objects `window.__gpp` hands to its callers, as the GPP
//! CMP API 1.1 defines them (`ping`, `addEventListener`, `removeEventListener`, `hasSection`,
//! `getSection`, `getField`).
//!
//! Which sections: `tcfeuv2` where the GDPR applies and the TCF is on; `usnat` for any US
//! visitor, and `usca` or `usco` in California or Colorado. The US values come from the
//! engine: the purposes the visitor's jurisdiction rule opts out on Global Privacy Control
//! (`gpcOptsOut`) are the ones the state's law calls sale and sharing, so their notices are
//! given, and the visitor has opted out of sale and sharing (and targeted advertising) when
//! any of them is denied or forbidden, which GPC does (R-GPC). Sensitive data: the policy's
//! optional purposes that use a sensitive data category; every category field carries the
//! visitor's decision for them (the policy does not map its categories to the sections' own
//! lists). Known-child consents follow the age band: below the guardian age, the under-13
//! entry; a minor, the teen entries; consent (2) when the sale and sharing purposes are
//! allowed, no consent (1) otherwise.

use crate::prelude::*;
use alloc::collections::BTreeMap;

use serde::Serialize;

use crate::eval::{AgeBand, Decision};
use crate::signals::gpp::{FieldValue, GppSection, GppString, UsKind, UsSection, SUPPORTED_APIS};
use crate::signals::SignalError;

use super::adtech::{AdFacts, AdPurpose};

/// The GPP version `ping` reports.
pub const GPP_VERSION: &str = "1.1";

/// What the visitor's decisions say about a set of purposes: opted out (1) if any is denied
/// or forbidden, else did not opt out (2); not applicable (0) for no purposes.
fn opt_out(decisions: &[Decision]) -> u8 {
    if decisions.is_empty() {
        0
    } else if decisions
        .iter()
        .any(|d| matches!(d, Decision::Denied | Decision::Forbidden))
    {
        1
    } else {
        2
    }
}

/// The decisions (in the policy's order) of the purposes `wanted` selects by index.
fn decisions_where(decisions: &[Decision], wanted: impl Fn(usize) -> bool) -> Vec<Decision> {
    decisions
        .iter()
        .enumerate()
        .filter(|(i, _)| wanted(*i))
        .map(|(_, d)| *d)
        .collect()
}

/// What the US sections say, from the visitor's decisions: the decisions of the purposes the
/// state laws call sale and sharing (those the jurisdiction rule opts out on GPC), of those
/// among them that target ads, and of the optional purposes that use sensitive data. The ad-tech
/// module works them out and writes the sections from them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsFacts {
    /// Sale and sharing.
    pub sale: Vec<Decision>,
    /// Targeted advertising.
    pub ads: Vec<Decision>,
    /// Sensitive data.
    pub sensitive: Vec<Decision>,
}

impl UsFacts {
    /// The facts for a visitor whose jurisdiction rule opts `gpc_opts_out` out on GPC (per
    /// purpose), from their `decisions` (both in the policy's order, as `purposes`).
    pub fn new(purposes: &[AdPurpose], gpc_opts_out: &[bool], decisions: &[Decision]) -> UsFacts {
        let sale_share = |i: usize| gpc_opts_out.get(i).copied().unwrap_or(false);
        let sale = decisions_where(decisions, sale_share);
        let ads = decisions_where(decisions, |i| sale_share(i) && purposes.get(i).is_some_and(|p| p.ads));
        let ads = if ads.is_empty() { sale.clone() } else { ads };
        let sensitive = decisions_where(decisions, |i| purposes.get(i).is_some_and(|p| p.sensitive));
        UsFacts { sale, ads, sensitive }
    }
}

/// One US section for the visitor.
pub fn us_section(kind: UsKind, us: &UsFacts, age_band: AgeBand, gpc: bool) -> UsSection {
    let UsFacts { sale, ads, sensitive } = us;
    let notice = |d: &[Decision]| if d.is_empty() { 0 } else { 1 };
    let mut s = UsSection::new(kind);
    s.sharing_notice = notice(sale);
    s.sale_opt_out_notice = notice(sale);
    s.sharing_opt_out_notice = notice(sale);
    s.targeted_advertising_opt_out_notice = notice(ads);
    s.sensitive_data_processing_opt_out_notice = notice(sensitive);
    s.sensitive_data_limit_use_notice = notice(sensitive);
    s.sale_opt_out = opt_out(sale);
    s.sharing_opt_out = opt_out(sale);
    s.targeted_advertising_opt_out = opt_out(ads);
    s.sensitive_data_processing = vec![opt_out(sensitive); kind.sensitive_len()];
    let child_consent = if sale.is_empty() {
        0
    } else if sale.iter().all(|d| *d == Decision::Allowed) {
        2
    } else {
        1
    };
    // Entry order: usnat (13-16, under 13, 16-17); usca (under 13, 13-16); usco (one field,
    // under 13).
    let child = |under13: u8, teen: u8| match kind {
        UsKind::UsNat => vec![teen, under13, teen],
        UsKind::UsCa => vec![under13, teen],
        UsKind::UsCo => vec![under13],
    };
    s.known_child_sensitive_data_consents = match age_band {
        AgeBand::BelowGuardianAge => child(child_consent, 0),
        AgeBand::Minor => child(0, child_consent),
        AgeBand::Adult | AgeBand::Unknown => child(0, 0),
    };
    s.gpc = Some(gpc);
    s.own_fields_only()
}

/// Whether the visitor's jurisdiction chain is in the United States.
pub fn in_us(jurisdiction: &[String]) -> bool {
    jurisdiction.iter().any(|c| c == "US" || c.starts_with("US-"))
}

/// The sections the visitor's jurisdiction needs: `tcfeuv2` with the TC string when it is
/// given (the GDPR applies and the TCF is on), `usnat` and the state's section for a US
/// visitor.
pub fn gpp_string(facts: &AdFacts, tc_string: Option<String>) -> GppString {
    let mut sections = Vec::new();
    if let Some(tc) = tc_string {
        sections.push(GppSection::TcfEuV2(tc));
    }
    let chain = &facts.jurisdiction;
    if let (true, Some(us)) = (in_us(chain), &facts.us) {
        sections.push(GppSection::Us(us_section(UsKind::UsNat, us, facts.age_band, facts.gpc)));
        for (code, kind) in [("US-CA", UsKind::UsCa), ("US-CO", UsKind::UsCo)] {
            if chain.iter().any(|c| c == code) {
                sections.push(GppSection::Us(us_section(kind, us, facts.age_band, facts.gpc)));
            }
        }
    }
    GppString { sections }
}

/// What `__gpp('ping', callback)` passes to the callback (and every event's `pingData`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GppPing {
    /// `1.1`.
    pub gpp_version: &'static str,
    /// `loaded`.
    pub cmp_status: &'static str,
    /// `visible` while the banner shows, else `hidden`.
    pub cmp_display_status: &'static str,
    /// `ready`: the string reflects the visitor's decisions (the banner answers once it has
    /// loaded them).
    pub signal_status: &'static str,
    /// The sections the CMP can write.
    #[serde(rename = "supportedAPIs")]
    pub supported_apis: Vec<&'static str>,
    /// The CMP id.
    pub cmp_id: u16,
    /// The ids of the sections in the string.
    pub section_list: Vec<u16>,
    /// The sections in force: the state's, else usnat, else tcfeuv2; `[-1]` for none.
    pub applicable_sections: Vec<i32>,
    /// The GPP string.
    pub gpp_string: String,
    /// Every section's fields by section name.
    pub parsed_sections: BTreeMap<String, BTreeMap<String, FieldValue>>,
}

/// The `ping` answer for a string.
pub fn ping(gpp: &GppString, cmp_id: u16, banner_visible: bool) -> Result<GppPing, SignalError> {
    let ids: Vec<u16> = gpp.sections.iter().map(GppSection::id).collect();
    let applicable = ids
        .iter()
        .copied()
        .filter(|id| *id != 7 || !ids.iter().any(|i| matches!(i, 8 | 10)))
        .filter(|id| *id != 2 || ids.len() == 1)
        .map(i32::from)
        .collect::<Vec<_>>();
    Ok(GppPing {
        gpp_version: GPP_VERSION,
        cmp_status: "loaded",
        cmp_display_status: if banner_visible { "visible" } else { "hidden" },
        signal_status: "ready",
        supported_apis: SUPPORTED_APIS.to_vec(),
        cmp_id,
        section_list: ids,
        applicable_sections: if applicable.is_empty() { vec![-1] } else { applicable },
        gpp_string: gpp.encode()?,
        parsed_sections: gpp
            .sections
            .iter()
            .map(|s| {
                let fields = match s {
                    GppSection::Us(us) => us.fields().into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
                    GppSection::TcfEuV2(_) => BTreeMap::new(),
                };
                (s.name().to_string(), fields)
            })
            .collect(),
    })
}

/// What an event listener receives.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GppEvent {
    /// `listenerRegistered`, `signalStatus`, `cmpDisplayStatus`, `sectionChange`.
    pub event_name: &'static str,
    /// The listener's id.
    pub listener_id: u32,
    /// The event's data: `true` for a registration, the status or the section name otherwise.
    pub data: serde_json::Value,
    /// The current ping.
    pub ping_data: GppPing,
}
