//! Comparing two versions of one policy: the diff's types, the generic comparison of keyed lists
//! and sets, and how a change is classified.
//!
//! The sections themselves are compared in `sections.rs`; each change says there whether it goes
//! against the person (more data, recipients, places or ways of use, a weaker protection) and
//! whether it reduces their rights. What that makes it (major or minor, and by which rule) is the
//! kind's row in the table [`ChangeKind::major_rule`]; the words are the catalogue's
//! (`words.rs`). Two principles run through the comparisons:
//! - a change that only narrows processing or widens what the person may do is minor (a
//!   recipient removed, a retention shortened, a right added), while one of the kinds the policy
//!   lists is major whichever way it goes when no direction can be told (a new contact channel);
//! - when the direction cannot be told (a retention period counted from another event, a right's
//!   `how` rewritten), the change is assumed to reduce rights: a needless "please accept" costs a
//!   click, a missed one breaks the policy's promise.
//!
//! A change that reduces rights is always major: the policy promises never to do so without
//! explicit consent, so the person must be told prominently.

use crate::prelude::*;
use alloc::collections::BTreeSet;

use serde::Serialize;
use serde_json::{Map, Value};

use super::kinds::{ChangeKind, MajorRule, Severity, When};
use super::words::{line, short, Line, Pair};
use crate::eval::messages::Lang;
use crate::eval::scope_growth;
use crate::policy::{Policy, Problem, Text, Version};

/// One change between two versions of a policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "PolicyChange"))]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// What changed, as a stable code.
    pub kind: ChangeKind,
    /// The id of what changed: a purpose, recipient, right, rule or jurisdiction code; the
    /// section name (`controller`, `storage`, ...) for the policy's single objects.
    pub subject: String,
    /// The JSON paths affected: in the new version, or in the old one for what was removed.
    pub paths: Vec<String>,
    /// The old value, short (`null` when something was added).
    pub old: Value,
    /// The new value, short (`null` when something was removed).
    pub new: Value,
    /// Major or minor.
    pub severity: Severity,
    /// For a major change, the rule that makes it major.
    pub major_because: Option<MajorRule>,
    /// For a major change, what that rule says, for a person, in `en` and `zh-CN`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<Text>,
    /// For a major change, the clause of the policy that says so.
    pub clause: Option<String>,
    /// Whether the change reduces the person's rights: the new version then applies to a person
    /// only once they accept it explicitly.
    pub reduces_rights: bool,
    /// One line for a person, in `en` and `zh-CN`.
    pub summary: Text,
}

/// What a purpose's consent scope gained, so that a consent given under the old version no
/// longer covers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct PurposeGrowth {
    /// The purpose id.
    pub purpose: String,
    /// What grew: `data`, `recipients`, `legalBasis`, `crossBorder`.
    pub grew: Vec<&'static str>,
}

/// Every change between two versions of one policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct PolicyDiff {
    /// The policy id.
    pub policy: String,
    /// The old version.
    pub from: String,
    /// The new version.
    pub to: String,
    /// The changes: the substantive ones in the order of the policy's sections, then the
    /// wording-only ones.
    pub changes: Vec<Change>,
    /// The purposes whose consent scope grew, in the new version's order.
    pub scope_growth: Vec<PurposeGrowth>,
    /// What changed, for a person: a heading line, one line per change, then what the person
    /// is asked to do. Keyed `en` and `zh-CN`. Serialized once, in the plan, which is what the
    /// site sends.
    #[serde(skip)]
    pub summary: Text,
}

impl PolicyDiff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Whether any change is major.
    pub fn is_major(&self) -> bool {
        self.changes.iter().any(|c| c.severity == Severity::Major)
    }

    /// Whether any change reduces the person's rights.
    pub fn reduces_rights(&self) -> bool {
        self.changes.iter().any(|c| c.reduces_rights)
    }

    /// The purposes to ask again: those whose consent scope grew.
    pub fn reconsent(&self) -> Vec<String> {
        self.scope_growth.iter().map(|g| g.purpose.clone()).collect()
    }

    /// The purposes that are new in this version (asked for the first time, not again).
    pub fn new_purposes(&self) -> Vec<String> {
        self.changes
            .iter()
            .filter(|c| c.kind == ChangeKind::PurposeAdded)
            .map(|c| c.subject.clone())
            .collect()
    }

    /// The summary in one language.
    pub fn summary_in(&self, lang: Lang) -> &str {
        self.summary
            .0
            .get(match lang {
                Lang::Zh => "zh-CN",
                _ => "en",
            })
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// Compares two versions of one policy.
///
/// Refuses, with a typed [`Problem`], two different policies (`diff.different_policy`), a
/// `new` whose version is not later than `old`'s (`diff.version_order`; the same version is
/// accepted only when nothing differs), and a version that is not `MAJOR.MINOR.PATCH`
/// (`policy.invalid_version`). Never panics, whatever the two policies hold.
pub fn diff(old: &Policy, new: &Policy) -> Result<PolicyDiff, Problem> {
    if old.id != new.id {
        return Err(Problem::at(
            "diff.different_policy",
            "$.id",
            format!(
                "`{}` and `{}` are different policies; only two versions of one policy can be compared",
                old.id, new.id
            ),
        )
        .hint("pass an earlier and a later version of the same policy"));
    }
    let version = |p: &Policy, which: &str| {
        Version::parse(&p.version).ok_or_else(|| {
            Problem::at(
                "policy.invalid_version",
                "$.version",
                format!("the {which} version `{}` is not MAJOR.MINOR.PATCH", p.version),
            )
            .hint("write the version as three numbers, e.g. 1.2.0")
        })
    };
    let (ov, nv) = (version(old, "old")?, version(new, "new")?);
    if nv < ov {
        return Err(Problem::at(
            "diff.version_order",
            "$.version",
            format!(
                "the new version {} is earlier than the old version {}",
                new.version, old.version
            ),
        )
        .hint("pass the earlier version first: assent diff OLD NEW"));
    }
    let d = Differ::new(old, new).run();
    if nv == ov && !d.changes.is_empty() {
        return Err(Problem::at(
            "diff.version_order",
            "$.version",
            format!(
                "both are version {} but they differ in {} place{}",
                new.version,
                d.changes.len(),
                if d.changes.len() == 1 { "" } else { "s" }
            ),
        )
        .hint("give the new version a later version number"));
    }
    Ok(d)
}

/// An item of a keyed list (purposes, recipients, rights, ...), matched across the versions.
pub(super) enum Matched<'a, T> {
    /// Only in the new version: its index there.
    Added(usize, &'a T),
    /// In both: the index in the new version, the old item and the new one.
    Kept(usize, &'a T, &'a T),
    /// Only in the old version: its index there.
    Removed(usize, &'a T),
}

/// Matches two versions of a keyed list: each new item in order, with the first old item that is
/// `same` (has its key), then each old item that no new one has the key of, in order. A diff
/// reports a list's changes in this order.
pub(super) fn keyed<'a, T>(old: &'a [T], new: &'a [T], same: impl Fn(&T, &T) -> bool) -> Vec<Matched<'a, T>> {
    let mut out = Vec::new();
    for (i, n) in new.iter().enumerate() {
        out.push(match old.iter().find(|o| same(o, n)) {
            Some(o) => Matched::Kept(i, o, n),
            None => Matched::Added(i, n),
        });
    }
    for (j, o) in old.iter().enumerate() {
        if !new.iter().any(|n| same(o, n)) {
            out.push(Matched::Removed(j, o));
        }
    }
    out
}

/// Two versions of a list of values (countries, locales, channels): what the new one has that
/// the old one lacks, and what the old one has that the new one lacks, each in its list's order.
pub(super) fn gained_lost<'a, T: PartialEq>(old: &'a [T], new: &'a [T]) -> (Vec<&'a T>, Vec<&'a T>) {
    (
        new.iter().filter(|x| !old.contains(x)).collect(),
        old.iter().filter(|x| !new.contains(x)).collect(),
    )
}

/// A change being built.
pub(super) struct Entry {
    kind: ChangeKind,
    subject: String,
    paths: Vec<String>,
    old: Value,
    new: Value,
    against: bool,
    reduces: bool,
    line: Pair,
}

impl Entry {
    pub(super) fn new(kind: ChangeKind, subject: &str, path: impl Into<String>) -> Entry {
        Entry {
            kind,
            subject: subject.to_string(),
            paths: vec![path.into()],
            old: Value::Null,
            new: Value::Null,
            against: false,
            reduces: false,
            line: Pair::default(),
        }
    }

    /// Something added: its value in the new version.
    pub(super) fn added(kind: ChangeKind, subject: &str, path: impl Into<String>, new: Value) -> Entry {
        Entry::new(kind, subject, path).values(Value::Null, new)
    }

    /// Something removed: its value in the old version.
    pub(super) fn removed(kind: ChangeKind, subject: &str, path: impl Into<String>, old: Value) -> Entry {
        Entry::new(kind, subject, path).values(old, Value::Null)
    }

    pub(super) fn values(mut self, old: Value, new: Value) -> Entry {
        self.old = old;
        self.new = new;
        self
    }

    pub(super) fn paths(mut self, more: impl IntoIterator<Item = String>) -> Entry {
        self.paths.extend(more);
        self
    }

    /// Whether the change goes against the person, which also reduces their rights (set
    /// [`Entry::reduces`] after it where the two differ).
    pub(super) fn against(mut self, against: bool) -> Entry {
        self.against = against;
        self.reduces = against;
        self
    }

    /// Whether the change reduces the person's rights.
    pub(super) fn reduces(mut self, reduces: bool) -> Entry {
        self.reduces = reduces;
        self
    }

    pub(super) fn say(self, l: Line<'_>) -> Entry {
        self.said(line(l))
    }

    /// The line, already said in both languages.
    pub(super) fn said(mut self, line: Pair) -> Entry {
        self.line = line;
        self
    }
}

pub(super) struct Differ<'a> {
    pub(super) old: &'a Policy,
    pub(super) new: &'a Policy,
    changes: Vec<Change>,
    wording: Vec<Change>,
    major_clause: String,
    rights_clause: String,
}

pub(super) fn string(s: &str) -> Value {
    Value::String(s.to_string())
}

pub(super) fn strings<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Value {
    Value::Array(
        items
            .into_iter()
            .map(|s| Value::String(s.as_ref().to_string()))
            .collect(),
    )
}

/// An enum value as the policy writes it (`third_party`).
pub(super) fn code_of<T: Serialize>(t: &T) -> String {
    serde_json::to_value(t)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub(super) fn code_value<T: Serialize>(t: &T) -> Value {
    Value::String(code_of(t))
}

/// The locales in which two texts differ, each text short.
pub(super) fn text_values(old: &Text, new: &Text) -> (Value, Value) {
    let locales: BTreeSet<&String> = old.0.keys().chain(new.0.keys()).collect();
    let (mut o, mut n) = (Map::new(), Map::new());
    for loc in locales {
        let (a, b) = (old.0.get(loc), new.0.get(loc));
        if a != b {
            if let Some(a) = a {
                o.insert(loc.clone(), string(&short(a, 80)));
            }
            if let Some(b) = b {
                n.insert(loc.clone(), string(&short(b, 80)));
            }
        }
    }
    (Value::Object(o), Value::Object(n))
}

pub(super) fn text_value(t: &Text) -> Value {
    Value::Object(t.0.iter().map(|(k, v)| (k.clone(), string(&short(v, 80)))).collect())
}

impl<'a> Differ<'a> {
    fn new(old: &'a Policy, new: &'a Policy) -> Differ<'a> {
        let major_clause = new.changes.cite.clause.clone();
        // The promise not to reduce rights opens the section whose sub-clause lists the major
        // changes (`changes` above `changes.major`); cite that section when the policy has it.
        let rights_clause = major_clause
            .rsplit_once('.')
            .map(|(parent, _)| parent)
            .filter(|parent| new.clauses.iter().any(|c| c.id == *parent))
            .unwrap_or(&major_clause)
            .to_string();
        Differ {
            old,
            new,
            changes: Vec::new(),
            wording: Vec::new(),
            major_clause,
            rights_clause,
        }
    }

    /// Classifies a change by its kind's row of the table and records it.
    pub(super) fn push(&mut self, e: Entry) {
        let rule = match e.kind.major_rule() {
            Some((rule, When::Always)) => Some(rule),
            Some((rule, When::Against)) if e.against => Some(rule),
            _ => None,
        }
        .or_else(|| e.reduces.then_some(MajorRule::ReducesRights));
        let clause = rule.map(|r| {
            if r == MajorRule::ReducesRights {
                self.rights_clause.clone()
            } else {
                self.major_clause.clone()
            }
        });
        let change = Change {
            kind: e.kind,
            subject: e.subject,
            paths: e.paths,
            old: e.old,
            new: e.new,
            severity: if rule.is_some() {
                Severity::Major
            } else {
                Severity::Minor
            },
            major_because: rule,
            why: rule.map(|r| {
                Text(
                    [
                        ("en".to_string(), r.explain(Lang::En).to_string()),
                        ("zh-CN".to_string(), r.explain(Lang::Zh).to_string()),
                    ]
                    .into(),
                )
            }),
            clause,
            reduces_rights: e.reduces,
            summary: e.line.into_text(),
        };
        if change.kind == ChangeKind::TextChanged {
            self.wording.push(change);
        } else {
            self.changes.push(change);
        }
    }

    /// A wording-only change of a text, when the text differs.
    pub(super) fn wording(
        &mut self,
        subject: &str,
        path: String,
        what: super::words::Wording<'_>,
        old: &Text,
        new: &Text,
    ) {
        if old == new {
            return;
        }
        let (o, n) = text_values(old, new);
        self.push(
            Entry::new(ChangeKind::TextChanged, subject, path)
                .values(o, n)
                .say(Line::Reworded(what)),
        );
    }

    pub(super) fn name_new(&self, t: &Text) -> Pair {
        Pair::of(t, &self.new.default_locale)
    }

    pub(super) fn name_old(&self, t: &Text) -> Pair {
        Pair::of(t, &self.old.default_locale)
    }

    fn run(mut self) -> PolicyDiff {
        self.controller();
        self.purposes();
        self.recipients();
        self.data_categories();
        self.retention();
        self.storage();
        self.rights();
        self.legal_exceptions();
        self.impact_assessment();
        self.jurisdictions();
        self.guardian();
        self.changes_section();
        self.meta();
        let (old, new) = (self.old, self.new);
        let scope_growth: Vec<PurposeGrowth> = new
            .purposes
            .iter()
            .filter_map(|np| {
                let op = old.purposes.iter().find(|o| o.id == np.id)?;
                let grew = scope_growth(&op.scope(), &np.scope());
                (!grew.is_empty()).then(|| PurposeGrowth {
                    purpose: np.id.clone(),
                    grew,
                })
            })
            .collect();
        let mut changes = self.changes;
        changes.append(&mut self.wording);
        let summary = summarise(old, new, &changes);
        PolicyDiff {
            policy: new.id.clone(),
            from: old.version.clone(),
            to: new.version.clone(),
            changes,
            scope_growth,
            summary,
        }
    }
}

/// The person's summary: a heading, then one line per change. What a visitor is asked to do is
/// theirs, not the version's: the update notice lists the purposes it asks them about, and says
/// which terms keep applying to them, from their own choices.
fn summarise(old: &Policy, new: &Policy, changes: &[Change]) -> Text {
    let (from, to) = (old.version.as_str(), new.version.as_str());
    let heading = line(if changes.is_empty() {
        Line::Unchanged(from, to)
    } else {
        Line::Replaces(from, to)
    });
    let (mut en, mut zh) = (vec![heading.en], vec![heading.zh]);
    for c in changes {
        for (out, loc) in [(&mut en, "en"), (&mut zh, "zh-CN")] {
            if let Some(s) = c.summary.0.get(loc) {
                out.push(s.clone());
            }
        }
    }
    Pair {
        en: en.join("\n"),
        zh: zh.join("\n"),
    }
    .into_text()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keyed_list_matches_by_key_then_lists_what_is_gone() {
        let old = [("a", 1), ("b", 2), ("c", 3)];
        let new = [("c", 3), ("d", 4), ("a", 5)];
        let seen: Vec<String> = keyed(&old, &new, |x, y| x.0 == y.0)
            .into_iter()
            .map(|m| match m {
                Matched::Added(i, n) => format!("+{i}{}", n.0),
                Matched::Kept(i, o, n) => format!("={i}{}{}{}", n.0, o.1, n.1),
                Matched::Removed(j, o) => format!("-{j}{}", o.0),
            })
            .collect();
        assert_eq!(seen, ["=0c33", "+1d", "=2a15", "-1b"]);
    }

    #[test]
    fn a_set_gains_and_loses_in_list_order() {
        let (gained, lost) = gained_lost(&["CN", "DE", "FR"], &["US", "CN", "JP"]);
        assert_eq!((gained, lost), (vec![&"US", &"JP"], vec![&"DE", &"FR"]));
    }
}
