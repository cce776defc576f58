//! The vendors in the banner's second layer: each vendor the policy names, as the site's copy of
//! the Global Vendor List describes it (its purposes under consent and under legitimate
//! interest, special features, retention, privacy policy), with a switch of its own. Accept all
//! and reject all speak for every vendor; save takes the switches as they are.

use crate::prelude::*;
use crate::sorted_map::SortedMap;

use super::adtech::VendorRow;
use super::markup::Element;
use super::words::{Word, Words};
use crate::eval::messages::fill;

fn text(tag: &'static str, class: &str, t: &str) -> Element {
    let e = Element::new(tag);
    let e = if class.is_empty() { e } else { e.attr("class", class) };
    e.text(t)
}

fn vendor(row: &VendorRow, on: bool, w: &Words) -> Element {
    let id = format!("assent-v-{}", row.id);
    let desc = format!("assent-vd-{}", row.id);
    let mut dl = Element::new("dl");
    for (term, items) in [
        (Word::VendorConsent, &row.consent),
        (Word::VendorLegitimateInterest, &row.legitimate_interest),
        (Word::VendorSpecialFeatures, &row.special_features),
    ] {
        if !items.is_empty() {
            dl = dl
                .child(text("dt", "", &w[term]))
                .child(text("dd", "", &items.join(&w[Word::ListSeparator])));
        }
    }
    if let Some(days) = row.retention_days {
        dl = dl.child(text("dt", "", &w[Word::RetentionLabel])).child(text(
            "dd",
            "",
            &fill(&w[Word::VendorRetentionDays], &[("days", &days.to_string())]),
        ));
    }
    let mut details = Element::new("details")
        .attr("class", "assent-details")
        .child(text("summary", "", &w[Word::Details]))
        .child(dl);
    if let Some(url) = &row.policy_url {
        details = details.child(
            Element::new("a")
                .attr("href", url.as_str())
                .attr("rel", "noopener")
                .attr("target", "_blank")
                .text(&fill(&w[Word::VendorPolicy], &[("name", &row.name)])),
        );
    }
    let summary: Vec<&str> = row.consent.iter().map(String::as_str).collect();
    Element::new("li")
        .attr("class", "assent-purpose assent-vendor")
        .child(
            Element::new("div")
                .attr("class", "assent-purpose-head")
                .child(
                    Element::new("input")
                        .attr("class", "assent-switch")
                        .attr("type", "checkbox")
                        .attr("role", "switch")
                        .attr("id", id.as_str())
                        .attr("name", format!("v:{}", row.id))
                        .attr("aria-describedby", desc.as_str())
                        .attr("data-assent-vendor", row.id.to_string())
                        .flag("checked", on),
                )
                .child(text("label", "assent-name", &row.name).attr("for", id)),
        )
        .child(text("p", "assent-desc", &summary.join(&w[Word::ListSeparator])).attr("id", desc))
        .child(details)
}

/// The vendors' section of the second layer, in the banner's `words`; `choices` are the
/// visitor's recorded choices (a vendor not chosen yet is off: nothing is pre-ticked). None
/// without vendors.
pub fn vendor_section(rows: &[VendorRow], choices: &SortedMap<bool>, w: &Words) -> Option<Element> {
    if rows.is_empty() {
        return None;
    }
    let items = rows
        .iter()
        .map(|r| vendor(r, choices.get(&r.id.to_string()).copied().unwrap_or(false), w));
    Some(
        Element::new("section")
            .attr("class", "assent-section assent-vendors")
            .attr("aria-labelledby", "assent-h-vendors")
            .child(text("h3", "", &w[Word::VendorsHeading]).attr("id", "assent-h-vendors"))
            .child(text("p", "assent-intro", &w[Word::VendorsIntro]))
            .child(Element::new("ul").attr("class", "assent-purposes").children(items)),
    )
}

/// The vendor switches a saved second layer posts (`v:<id>` fields, as the section names its
/// checkboxes): the vendors turned on, by id as the choices are kept ([`SortedMap`] of
/// `vendor_choices`). Others are off.
pub fn switches_of<'a>(on: impl IntoIterator<Item = &'a str>, rows: &[VendorRow]) -> SortedMap<bool> {
    let on: Vec<u16> = on.into_iter().filter_map(|id| id.parse().ok()).collect();
    SortedMap::new(rows.iter().map(|r| (r.id.to_string(), on.contains(&r.id))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::messages::Lang;

    fn row(id: u16, name: &str) -> VendorRow {
        VendorRow {
            id,
            name: name.into(),
            consent: vec!["Store and/or access information on a device".into()],
            legitimate_interest: vec![],
            special_features: vec![],
            retention_days: Some(390),
            policy_url: Some("https://vendor.example/privacy".into()),
        }
    }

    #[test]
    fn each_vendor_has_a_labelled_switch_off_until_chosen() {
        let rows = [row(8, "Eight"), row(21, "Twenty-one")];
        let s = vendor_section(&rows, &[("21".to_string(), true)].into(), &Words::of(Lang::En)).unwrap();
        let inputs: Vec<_> = s.descendants().into_iter().filter(|e| e.tag == "input").collect();
        assert_eq!(inputs.len(), 2);
        assert_eq!(inputs[0].get("data-assent-vendor"), Some("8"));
        assert_eq!(inputs[0].get("checked"), None, "nothing pre-ticked");
        assert_eq!(inputs[1].get("checked"), Some(""));
        let labels: Vec<_> = s.descendants().into_iter().filter(|e| e.tag == "label").collect();
        assert_eq!(labels[0].get("for"), Some("assent-v-8"));
        assert!(s.text_content().contains("390 days"));
        assert!(s.text_content().contains("Privacy policy (Eight)"));
        let de = vendor_section(&rows, &SortedMap::default(), &Words::of(Lang::De)).unwrap();
        assert!(de.text_content().contains("390 Tage"), "{}", de.text_content());
        assert!(vendor_section(&[], &SortedMap::default(), &Words::of(Lang::En)).is_none());
    }

    #[test]
    fn saved_switches_speak_for_every_listed_vendor() {
        let rows = [row(8, "Eight"), row(21, "Twenty-one")];
        assert_eq!(
            switches_of(["21", "999", "x"], &rows),
            SortedMap::new(vec![("8".into(), false), ("21".into(), true)])
        );
    }
}
