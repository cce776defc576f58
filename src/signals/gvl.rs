//! The IAB Global Vendor List (GVL, version 3 of its format): the vendors registered with the
//! TCF, with the purposes each declares under consent or legitimate interest. The site serves
//! its own copy from its own origin; assent reads it and never fetches it from elsewhere.
//!
//! Reading it against the policy's vendors ([`crate::policy::Vendor`]) gives the publisher
//! restrictions the TC string must carry: a declared purpose the policy does not allow is
//! "not allowed", a flexible purpose moved to the other legal basis is "require consent" or
//! "require legitimate interest". A policy that asks more of a vendor than it declared is an
//! error, not a restriction.

use crate::prelude::*;
use alloc::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::tcf::{PublisherRestriction, RestrictionKind};
use crate::policy::{Problem, Vendor};

/// A purpose, feature or special feature as the list names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GvlItem {
    /// Its number.
    pub id: u8,
    /// Its standard name.
    pub name: String,
    /// Its standard description.
    #[serde(default)]
    pub description: String,
}

/// How long a vendor keeps data, in days.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataRetention {
    /// For every purpose not listed below.
    #[serde(default)]
    pub std_retention: Option<u32>,
    /// By purpose id.
    #[serde(default)]
    pub purposes: BTreeMap<String, u32>,
    /// By special purpose id.
    #[serde(default)]
    pub special_purposes: BTreeMap<String, u32>,
}

/// A vendor's policy links in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VendorUrl {
    /// The language (`en`).
    pub lang_id: String,
    /// Its privacy policy.
    pub privacy: String,
    /// Where it states its legitimate interest, if it claims one.
    #[serde(default)]
    pub leg_int_claim: Option<String>,
}

/// One vendor's declarations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GvlVendor {
    /// Its id.
    pub id: u16,
    /// Its name.
    pub name: String,
    /// Purposes under consent.
    #[serde(default)]
    pub purposes: Vec<u8>,
    /// Purposes under legitimate interest.
    #[serde(default)]
    pub leg_int_purposes: Vec<u8>,
    /// Purposes the publisher may move to the other legal basis.
    #[serde(default)]
    pub flexible_purposes: Vec<u8>,
    /// Special purposes (no choice is offered for them).
    #[serde(default)]
    pub special_purposes: Vec<u8>,
    /// Features.
    #[serde(default)]
    pub features: Vec<u8>,
    /// Special features (opt-in).
    #[serde(default)]
    pub special_features: Vec<u8>,
    /// How long its cookies live, in seconds.
    #[serde(default)]
    pub cookie_max_age_seconds: Option<i64>,
    /// Whether it uses cookies.
    #[serde(default)]
    pub uses_cookies: Option<bool>,
    /// How long it keeps data.
    #[serde(default)]
    pub data_retention: Option<DataRetention>,
    /// Its policy links.
    #[serde(default)]
    pub urls: Vec<VendorUrl>,
    /// When it left the list, if it did.
    #[serde(default)]
    pub deleted_date: Option<String>,
}

/// A Global Vendor List.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GlobalVendorList {
    /// The list's version: the TC string's VendorListVersion.
    pub vendor_list_version: u16,
    /// The TCF policy version: the TC string's TcfPolicyVersion.
    pub tcf_policy_version: u8,
    /// The purposes, by id.
    pub purposes: BTreeMap<String, GvlItem>,
    /// The special purposes, by id.
    #[serde(default)]
    pub special_purposes: BTreeMap<String, GvlItem>,
    /// The features, by id.
    #[serde(default)]
    pub features: BTreeMap<String, GvlItem>,
    /// The special features, by id.
    #[serde(default)]
    pub special_features: BTreeMap<String, GvlItem>,
    /// The vendors, by id.
    pub vendors: BTreeMap<String, GvlVendor>,
}

fn gvl_problem(code: &'static str, path: String, message: String, hint: &str) -> Problem {
    Problem::at(code, path, message).hint(hint)
}

impl GlobalVendorList {
    /// Reads a list (the JSON file as the IAB publishes it; members it does not use are
    /// ignored). Fails with a path on JSON that is not a list, a vendor filed under another
    /// id, a purpose under both legal bases, or a flexible purpose the vendor does not declare.
    pub fn from_json(text: &str) -> Result<GlobalVendorList, Problem> {
        let gvl: GlobalVendorList = crate::policy::parse_json(text)
            .map_err(|p| p.hint("serve the Global Vendor List JSON (format version 3) from the site"))?;
        for (key, v) in &gvl.vendors {
            let path = format!("$.vendors.{key}");
            if key.parse::<u16>().ok() != Some(v.id) || v.id == 0 {
                return Err(gvl_problem(
                    "gvl.vendor_id",
                    format!("{path}.id"),
                    format!("vendor {} is filed under `{key}`", v.id),
                    "each vendor's key is its id",
                ));
            }
            if let Some(t) = v.purposes.iter().find(|t| v.leg_int_purposes.contains(t)) {
                return Err(gvl_problem(
                    "gvl.two_bases",
                    format!("{path}.legIntPurposes"),
                    format!(
                        "vendor {} declares purpose {t} under consent and legitimate interest",
                        v.id
                    ),
                    "a vendor declares each purpose once; use an unmodified copy of the list",
                ));
            }
            if let Some(t) = v
                .flexible_purposes
                .iter()
                .find(|t| !v.purposes.contains(t) && !v.leg_int_purposes.contains(t))
            {
                return Err(gvl_problem(
                    "gvl.flexible_undeclared",
                    format!("{path}.flexiblePurposes"),
                    format!("vendor {} has flexible purpose {t} that it does not declare", v.id),
                    "use an unmodified copy of the list",
                ));
            }
        }
        Ok(gvl)
    }

    /// A vendor by id.
    pub fn vendor(&self, id: u16) -> Option<&GvlVendor> {
        self.vendors.get(&id.to_string())
    }

    /// The publisher restrictions for the policy's vendors, grouped by purpose and kind (in
    /// that order). Fails when a vendor is not in the list (or left it), when the policy asks
    /// for a purpose under a legal basis the vendor neither declared nor marked flexible, or
    /// for a special feature it did not declare.
    pub fn restrictions(&self, vendors: &[Vendor]) -> Result<Vec<PublisherRestriction>, Problem> {
        let mut groups: BTreeMap<(u8, RestrictionKind), BTreeSet<u16>> = BTreeMap::new();
        for (i, v) in vendors.iter().enumerate() {
            let path = format!("$.vendors[{i}]");
            let Some(g) = self.vendor(v.id).filter(|g| g.deleted_date.is_none()) else {
                return Err(gvl_problem(
                    "gvl.unknown_vendor",
                    format!("{path}.id"),
                    format!(
                        "vendor {} is not in Global Vendor List version {}",
                        v.id, self.vendor_list_version
                    ),
                    "remove the vendor from the policy, or serve a list that has it",
                ));
            };
            for (basis, list, own, other, kind) in [
                (
                    "consent",
                    &v.consent,
                    &g.purposes,
                    &g.leg_int_purposes,
                    RestrictionKind::RequireConsent,
                ),
                (
                    "legitimateInterest",
                    &v.legitimate_interest,
                    &g.leg_int_purposes,
                    &g.purposes,
                    RestrictionKind::RequireLegitimateInterest,
                ),
            ] {
                for (j, t) in list.iter().enumerate() {
                    if own.contains(t) {
                        continue;
                    }
                    if other.contains(t) && g.flexible_purposes.contains(t) {
                        groups.entry((*t, kind)).or_default().insert(v.id);
                        continue;
                    }
                    return Err(gvl_problem(
                        "gvl.undeclared_purpose",
                        format!("{path}.{basis}[{j}]"),
                        format!(
                            "vendor {} ({}) does not declare purpose {t} under {basis}",
                            v.id, g.name
                        ),
                        "allow the vendor only the purposes and legal bases it declares in the list",
                    ));
                }
            }
            for (j, f) in v.special_features.iter().enumerate() {
                if !g.special_features.contains(f) {
                    return Err(gvl_problem(
                        "gvl.undeclared_special_feature",
                        format!("{path}.specialFeatures[{j}]"),
                        format!("vendor {} ({}) does not declare special feature {f}", v.id, g.name),
                        "allow the vendor only the special features it declares",
                    ));
                }
            }
            for t in g.purposes.iter().chain(&g.leg_int_purposes) {
                if !v.consent.contains(t) && !v.legitimate_interest.contains(t) {
                    groups
                        .entry((*t, RestrictionKind::NotAllowed))
                        .or_default()
                        .insert(v.id);
                }
            }
        }
        Ok(groups
            .into_iter()
            .map(|((purpose, kind), vendors)| PublisherRestriction { purpose, kind, vendors })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = include_str!("../../tests/data/gvl-fixture.json");

    fn vendor(id: u16, consent: &[u8], li: &[u8], sf: &[u8]) -> Vendor {
        Vendor {
            id,
            consent: consent.to_vec(),
            legitimate_interest: li.to_vec(),
            special_features: sf.to_vec(),
            cite: crate::policy::Cite {
                clause: "sharing.advertising".into(),
                quote: "partners".into(),
            },
        }
    }

    #[test]
    fn reads_the_fixture_list() {
        let gvl = GlobalVendorList::from_json(FIXTURE).unwrap();
        assert_eq!((gvl.vendor_list_version, gvl.tcf_policy_version), (131, 5));
        assert_eq!(gvl.purposes.len(), 11);
        let v = gvl.vendor(8).unwrap();
        assert_eq!(v.name, "Example Ad Exchange");
        assert_eq!(v.flexible_purposes, [2, 7, 9]);
        assert_eq!(v.data_retention.as_ref().and_then(|r| r.std_retention), Some(365));
        assert_eq!(gvl.vendor(52).unwrap().cookie_max_age_seconds, None);
    }

    #[test]
    fn restrictions_follow_from_what_the_policy_allows_each_vendor() {
        let gvl = GlobalVendorList::from_json(FIXTURE).unwrap();
        let got = gvl
            .restrictions(&[
                // 8 declares 1, 3, 4 under consent and 2, 7, 8, 9 under LI (2, 7, 9 flexible):
                // the site wants 7 under consent, and not 8 or 9.
                vendor(8, &[1, 3, 4, 7], &[2], &[1]),
                // 21 exactly as declared.
                vendor(21, &[1, 8, 9], &[], &[]),
                // 52 without 10 (LI) and without 7.
                vendor(52, &[1, 2, 3, 4], &[], &[]),
            ])
            .unwrap();
        let r = |purpose, kind, vendors: &[u16]| PublisherRestriction {
            purpose,
            kind,
            vendors: vendors.iter().copied().collect(),
        };
        use RestrictionKind::*;
        assert_eq!(
            got,
            [
                r(7, NotAllowed, &[52]),
                r(7, RequireConsent, &[8]),
                r(8, NotAllowed, &[8]),
                r(9, NotAllowed, &[8]),
                r(10, NotAllowed, &[52]),
            ]
        );
    }

    #[test]
    fn asking_more_than_a_vendor_declared_is_an_error_with_a_path() {
        let gvl = GlobalVendorList::from_json(FIXTURE).unwrap();
        let code = |vs: &[Vendor]| gvl.restrictions(vs).map_err(|p| (p.code, p.path)).unwrap_err();
        assert_eq!(
            code(&[vendor(21, &[1], &[], &[]), vendor(8, &[1], &[8], &[2])]),
            (
                "gvl.undeclared_special_feature",
                "$.vendors[1].specialFeatures[0]".into()
            )
        );
        // 8 is LI for purpose 8 and not flexible there: consent cannot be required.
        assert_eq!(
            code(&[vendor(8, &[8], &[], &[])]),
            ("gvl.undeclared_purpose", "$.vendors[0].consent[0]".into())
        );
        assert_eq!(
            code(&[vendor(52, &[], &[3], &[])]),
            ("gvl.undeclared_purpose", "$.vendors[0].legitimateInterest[0]".into())
        );
        assert_eq!(code(&[vendor(999, &[1], &[], &[])]).0, "gvl.unknown_vendor");
        assert_eq!(
            code(&[vendor(300, &[1], &[], &[])]).0,
            "gvl.unknown_vendor",
            "deleted vendors are gone"
        );
    }

    #[test]
    fn malformed_lists_are_refused_with_a_path() {
        let bad_key = FIXTURE.replacen("\"21\": {", "\"22\": {", 1);
        let e = GlobalVendorList::from_json(&bad_key).unwrap_err();
        assert_eq!((e.code, e.path.as_str()), ("gvl.vendor_id", "$.vendors.22.id"));
        let two = FIXTURE.replacen("\"legIntPurposes\": [10]", "\"legIntPurposes\": [10, 2]", 1);
        assert_eq!(GlobalVendorList::from_json(&two).unwrap_err().code, "gvl.two_bases");
        let flex = FIXTURE.replacen("\"flexiblePurposes\": [8, 9]", "\"flexiblePurposes\": [8, 10]", 1);
        assert_eq!(
            GlobalVendorList::from_json(&flex).unwrap_err().code,
            "gvl.flexible_undeclared"
        );
        let e = GlobalVendorList::from_json("{\"vendorListVersion\": \"x\"}").unwrap_err();
        assert_eq!((e.code, e.path.as_str()), ("schema.type", "$.vendorListVersion"));
        assert!(GlobalVendorList::from_json("[]").is_err());
    }
}
