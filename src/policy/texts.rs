//! Everything a person reads in a policy, in one locale: what the banner and the guardian page
//! show. The engine picks the locale; the page only renders what it is given.

use crate::prelude::*;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Policy, Text};
use crate::json::{FromJson, ReadError, Reader, Sink, ToJson, Unread};

/// The texts of one purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
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

/// All texts of a policy in one locale: what `policy.texts(locale)` answers, and the body of a
/// compiled policy's texts file for that locale (`src/compiled`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
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
    /// Per purpose id, in the policy's order.
    pub purposes: Entries<PurposeTexts>,
    /// Per right id, in the policy's order: the right and how to exercise it.
    pub rights: Entries<(String, String)>,
}

/// Values by id, in the order the policy lists them, written as a JSON object. The ids are unique
/// (validation refuses a repeated one), so a list does what a map would, without a map's
/// insertion and rebalancing code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entries<T>(pub Vec<(String, T)>);

impl<T> Default for Entries<T> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<T> Entries<T> {
    /// The value of `id`.
    pub fn get(&self, id: &str) -> Option<&T> {
        self.0.iter().find(|(k, _)| k == id).map(|(_, v)| v)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Its JSON Schema is a map's: an object whose every value is a `T`.
#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for Entries<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> alloc::borrow::Cow<'static, str> {
        <alloc::collections::BTreeMap<String, T> as schemars::JsonSchema>::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <alloc::collections::BTreeMap<String, T> as schemars::JsonSchema>::json_schema(generator)
    }
}

impl<T: Serialize> Serialize for Entries<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Entries<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(EntriesVisitor(core::marker::PhantomData))
    }
}

/// Reads a JSON object into [`Entries`], keeping the order of its members.
struct EntriesVisitor<T>(core::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for EntriesVisitor<T> {
    type Value = Entries<T>;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Entries<T>, A::Error> {
        crate::sorted_map::unique_entries(map).map(Entries)
    }
}

impl<T> Unread for Entries<T> {
    fn unread() -> Self {
        Entries::default()
    }
}

/// Read as its serde visitor reads it: an object, every member kept in the text's order.
impl<T: FromJson> FromJson for Entries<T> {
    fn read(r: &mut Reader<'_>) -> Result<Self, ReadError> {
        r.map_entries("an object").map(Entries)
    }
}

impl<T: ToJson> ToJson for Entries<T> {
    fn write_json<S: Sink + ?Sized>(&self, out: &mut S) {
        crate::json::write_entries(&self.0, out);
    }
}

impl Policy {
    /// The texts in `locale` (the default locale's where a text lacks it).
    pub fn texts(&self, locale: &str) -> LocalizedTexts {
        let def = self.default_locale.as_str();
        let t = |x: &Text| x.get(locale, def).to_string();
        let clause = |id: &str| self.clauses.iter().find(|c| c.id == id);
        let purposes = self.purposes.iter().map(|p| {
            let c = clause(&p.cite.clause);
            let data = p
                .data_categories
                .iter()
                .filter_map(|d| self.data_categories.iter().find(|x| &x.id == d))
                .map(|d| t(&d.label))
                .collect();
            let recipients = p
                .recipients
                .iter()
                .filter_map(|r| self.recipients.iter().find(|x| &x.id == r))
                .map(|r| t(&r.name))
                .collect();
            let texts = PurposeTexts {
                name: t(&p.name),
                description: t(&p.description),
                data,
                recipients,
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
        });
        let rights = self
            .rights
            .iter()
            .map(|r| (r.id.clone(), (t(&r.description), t(&r.how))));
        LocalizedTexts {
            locale: locale.to_string(),
            title: t(&self.title),
            url: self.url.clone(),
            notice_title: t(&self.notice.title),
            notice_summary: t(&self.notice.summary),
            controller: t(&self.controller.name),
            contact: t(&self.controller.contact),
            complaint_channel: t(&self.controller.complaint_channel),
            purposes: Entries(purposes.collect()),
            rights: Entries(rights.collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    /// Purposes and rights are written as JSON objects keyed by id, in the policy's order.
    #[test]
    fn entries_are_objects_in_the_policys_order() {
        let policy = crate::policy::load(include_str!("../../policies/seed.json")).unwrap();
        let texts = policy.texts("zh-CN");
        let text = crate::json::to_string(&texts).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        // serde_json's `Value` sorts keys, so the order is read off the text.
        let at = |key: &str| {
            text.find(&format!("\"{key}\":{{\""))
                .or_else(|| text.find(&format!("\"{key}\":[")))
        };
        let in_order = |ids: Vec<&String>| ids.windows(2).all(|w| at(w[0]).unwrap() < at(w[1]).unwrap());
        assert!(in_order(policy.purposes.iter().map(|p| &p.id).collect()));
        assert!(in_order(policy.rights.iter().map(|r| &r.id).collect()));
        assert_eq!(json["purposes"].as_object().unwrap().len(), policy.purposes.len());
        assert_eq!(json["rights"].as_object().unwrap().len(), policy.rights.len());
        for p in &policy.purposes {
            let t = texts.purposes.get(&p.id).unwrap();
            assert_eq!(json["purposes"][&p.id]["name"], t.name.as_str());
            assert_eq!(t.name, p.name.get("zh-CN", "en"));
        }
        assert_eq!(json["rights"][&policy.rights[0].id][1], texts.rights.0[0].1 .1.as_str());
        assert_eq!(texts.purposes.get("no-such-purpose"), None);
    }
}
