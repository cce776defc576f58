//! Everything a person reads in a policy, in one locale: what the banner and the guardian page
//! show. The engine picks the locale; the page only renders what it is given.

use serde::Serialize;
use std::collections::BTreeMap;

use super::{Policy, Text};

/// The texts of one purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PurposeTexts {
    /// Short name.
    pub name: String,
    /// What is done and why.
    pub description: String,
    /// Labels of the data categories it uses.
    pub data: Vec<String>,
    /// Names of who receives the data.
    pub recipients: Vec<String>,
    /// How long the data is kept.
    pub retention: String,
    /// The title of the clause it comes from.
    pub clause: String,
    /// The fragment of that clause in the published policy.
    pub anchor: String,
}

/// All texts of a policy in one locale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalizedTexts {
    /// The locale the texts are in.
    pub locale: String,
    /// The policy's title.
    pub title: String,
    /// Where the full policy is published.
    pub url: String,
    /// The banner's heading.
    pub notice_title: String,
    /// The banner's summary.
    pub notice_summary: String,
    /// The controller's name.
    pub controller: String,
    /// How to reach the controller.
    pub contact: String,
    /// Where to complain.
    pub complaint_channel: String,
    /// Per purpose id.
    pub purposes: BTreeMap<String, PurposeTexts>,
    /// Per right id: the right and how to exercise it.
    pub rights: BTreeMap<String, (String, String)>,
}

impl Policy {
    /// The texts in `locale` (the default locale's where a text lacks it).
    pub fn texts(&self, locale: &str) -> LocalizedTexts {
        let def = self.default_locale.as_str();
        let t = |x: &Text| x.get(locale, def).to_string();
        let clause = |id: &str| self.clauses.iter().find(|c| c.id == id);
        // Maps are filled by insertion: `collect()` into a BTreeMap sorts first, and each sort
        // instantiation costs the Wasm module 3 to 5 KB.
        let mut purposes = BTreeMap::new();
        for (id, texts) in self.purposes.iter().map(|p| {
            let c = clause(&p.cite.clause);
            let texts = PurposeTexts {
                name: t(&p.name),
                description: t(&p.description),
                data: p
                    .data_categories
                    .iter()
                    .filter_map(|d| self.data_categories.iter().find(|x| &x.id == d))
                    .map(|d| t(&d.label))
                    .collect(),
                recipients: p
                    .recipients
                    .iter()
                    .filter_map(|r| self.recipients.iter().find(|x| &x.id == r))
                    .map(|r| t(&r.name))
                    .collect(),
                retention: self
                    .retention
                    .rules
                    .iter()
                    .find(|r| r.id == p.retention)
                    .map(|r| t(&r.description))
                    .unwrap_or_default(),
                clause: c.map(|c| t(&c.title)).unwrap_or_default(),
                anchor: c.map(|c| c.anchor.clone()).unwrap_or_default(),
            };
            (p.id.clone(), texts)
        }) {
            purposes.insert(id, texts);
        }
        let mut rights = BTreeMap::new();
        for r in &self.rights {
            rights.insert(r.id.clone(), (t(&r.description), t(&r.how)));
        }
        LocalizedTexts {
            locale: locale.to_string(),
            title: t(&self.title),
            url: self.url.clone(),
            notice_title: t(&self.notice.title),
            notice_summary: t(&self.notice.summary),
            controller: t(&self.controller.name),
            contact: t(&self.controller.contact),
            complaint_channel: t(&self.controller.complaint_channel),
            purposes,
            rights,
        }
    }
}
