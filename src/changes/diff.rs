//! Comparing two versions of one policy, section by section.
//!
//! Each comparison below states its classification where it is made: the kind, whether the
//! change is major and by which rule, and whether it reduces the person's rights. Two principles
//! run through them:
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

use super::kinds::{ChangeKind, ChangeKind as K, MajorRule, MajorRule as R, Severity};
use super::words::{self, short, Pair};
use crate::eval::jurisdiction::{resolve, ResolvedRule};
use crate::eval::messages::Lang;
use crate::eval::scope_growth;
use crate::policy::{
    GuardianMode, LegalBasis, Policy, Problem, Purpose, RecipientRole, RetentionAction, RetentionRule,
    RetentionTrigger, Sensitivity, StorageItem, Text, Version,
};
use crate::time::Duration;

/// One change between two versions of a policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[serde(rename_all = "camelCase")]
pub struct PurposeGrowth {
    /// The purpose id.
    pub purpose: String,
    /// What grew: `data`, `recipients`, `legalBasis`, `crossBorder`.
    pub grew: Vec<&'static str>,
}

/// Every change between two versions of one policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
                Lang::En => "en",
                Lang::Zh => "zh-CN",
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

/// A change being built.
struct Entry {
    kind: ChangeKind,
    subject: String,
    paths: Vec<String>,
    old: Value,
    new: Value,
    rule: Option<MajorRule>,
    reduces: bool,
    line: Pair,
}

impl Entry {
    fn new(kind: ChangeKind, subject: &str, path: impl Into<String>) -> Entry {
        Entry {
            kind,
            subject: subject.to_string(),
            paths: vec![path.into()],
            old: Value::Null,
            new: Value::Null,
            rule: None,
            reduces: false,
            line: Pair::default(),
        }
    }

    fn values(mut self, old: Value, new: Value) -> Entry {
        self.old = old;
        self.new = new;
        self
    }

    fn paths(mut self, more: impl IntoIterator<Item = String>) -> Entry {
        self.paths.extend(more);
        self
    }

    fn major(mut self, rule: Option<MajorRule>) -> Entry {
        self.rule = rule;
        self
    }

    fn reduces(mut self, reduces: bool) -> Entry {
        self.reduces = reduces;
        self
    }

    fn say(mut self, en: String, zh: String) -> Entry {
        self.line = Pair { en, zh };
        self
    }
}

struct Differ<'a> {
    old: &'a Policy,
    new: &'a Policy,
    changes: Vec<Change>,
    wording: Vec<Change>,
    major_clause: String,
    rights_clause: String,
}

fn string(s: &str) -> Value {
    Value::String(s.to_string())
}

fn strings<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Value {
    Value::Array(
        items
            .into_iter()
            .map(|s| Value::String(s.as_ref().to_string()))
            .collect(),
    )
}

/// An enum value as the policy writes it (`third_party`).
fn code_of<T: Serialize>(t: &T) -> String {
    serde_json::to_value(t)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn code_value<T: Serialize>(t: &T) -> Value {
    Value::String(code_of(t))
}

/// The locales in which two texts differ, each text short.
fn text_values(old: &Text, new: &Text) -> (Value, Value) {
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

fn text_value(t: &Text) -> Value {
    Value::Object(t.0.iter().map(|(k, v)| (k.clone(), string(&short(v, 80)))).collect())
}

/// Whether `id` is within one of `ids` (itself or a refinement: `user.device.id` is within
/// `user.device`), as the evaluator's scope comparison reads it.
fn covered(ids: &[String], id: &str) -> bool {
    ids.iter()
        .any(|o| o == id || id.strip_prefix(o.as_str()).is_some_and(|rest| rest.starts_with('.')))
}

fn days(iso: &str) -> Option<i64> {
    Duration::parse(iso).ok().map(|d| d.approx_days())
}

/// Whether `new` is longer than `old`; an unreadable duration counts as longer.
fn longer(old: &str, new: &str) -> bool {
    match (days(old), days(new)) {
        (Some(a), Some(b)) => b > a,
        _ => old != new,
    }
}

/// Whether a period counted from `new` may end later than one counted from `old`. Collection
/// comes first; the other events come later, in an order the policy does not fix, so a move
/// between two of them is assumed to be later.
fn later_start(old: RetentionTrigger, new: RetentionTrigger) -> bool {
    old != new && new != RetentionTrigger::Collection
}

fn kept_longer(old: &RetentionRule, new: &RetentionRule) -> bool {
    longer(&old.duration, &new.duration) || later_start(old.trigger, new.trigger)
}

/// Session-only (`None`) is the shortest lifetime.
fn lifetime_longer(old: &Option<String>, new: &Option<String>) -> bool {
    match (old, new) {
        (None, Some(_)) => true,
        (Some(a), Some(b)) => longer(a, b),
        _ => false,
    }
}

/// Whether a rewritten text only adds to the old one: every old text is still there, word for
/// word, in the same locale.
fn only_adds(old: &Text, new: &Text) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    !old.0.is_empty()
        && old
            .0
            .iter()
            .all(|(loc, o)| new.0.get(loc).is_some_and(|n| norm(n).contains(&norm(o))))
}

fn trim_stop(s: &str) -> String {
    s.trim_end_matches(['.', '。']).to_string()
}

fn signals(p: &Purpose) -> Vec<String> {
    p.consent_mode
        .iter()
        .map(code_of)
        .chain(p.tcf_purposes.iter().map(|n| format!("tcf:{n}")))
        .collect()
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

    fn push(&mut self, e: Entry) {
        let rule = e.rule.or_else(|| e.reduces.then_some(MajorRule::ReducesRights));
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
    fn wording(&mut self, subject: &str, path: String, what: Pair, old: &Text, new: &Text) {
        if old == new {
            return;
        }
        let (o, n) = text_values(old, new);
        self.push(Entry::new(K::TextChanged, subject, path).values(o, n).say(
            format!("Wording updated: {}.", what.en),
            format!("文字表述更新：{}。", what.zh),
        ));
    }

    fn name_new(&self, t: &Text) -> Pair {
        Pair::of(t, &self.new.default_locale)
    }

    fn name_old(&self, t: &Text) -> Pair {
        Pair::of(t, &self.old.default_locale)
    }

    fn category(&self, id: &str) -> Pair {
        if let Some(c) = self.new.data_categories.iter().find(|c| c.id == id) {
            return self.name_new(&c.label);
        }
        if let Some(c) = self.old.data_categories.iter().find(|c| c.id == id) {
            return self.name_old(&c.label);
        }
        Pair::same(id)
    }

    fn recipient(&self, id: &str) -> Pair {
        if let Some(r) = self.new.recipients.iter().find(|r| r.id == id) {
            return self.name_new(&r.name);
        }
        if let Some(r) = self.old.recipients.iter().find(|r| r.id == id) {
            return self.name_old(&r.name);
        }
        Pair::same(id)
    }

    fn purpose_name(&self, id: &str) -> Pair {
        if let Some(p) = self.new.purposes.iter().find(|p| p.id == id) {
            return self.name_new(&p.name);
        }
        if let Some(p) = self.old.purposes.iter().find(|p| p.id == id) {
            return self.name_old(&p.name);
        }
        Pair::same(id)
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
        let again: Vec<Pair> = scope_growth
            .iter()
            .map(|g| {
                new.purposes
                    .iter()
                    .find(|p| p.id == g.purpose)
                    .map(|p| Pair::of(&p.name, &new.default_locale))
                    .unwrap_or_else(|| Pair::same(&g.purpose))
            })
            .collect();
        let summary = summarise(old, new, &changes, &again);
        PolicyDiff {
            policy: new.id.clone(),
            from: old.version.clone(),
            to: new.version.clone(),
            changes,
            scope_growth,
            summary,
        }
    }

    // (2) and (5): who is responsible and how to reach them.
    fn controller(&mut self) {
        let (o, n) = (&self.old.controller, &self.new.controller);
        if o.name != n.name {
            let (on, nn) = (self.name_old(&o.name), self.name_new(&n.name));
            self.push(
                Entry::new(K::ControllerName, "controller", "$.controller.name")
                    .values(text_value(&o.name), text_value(&n.name))
                    .major(Some(R::Ownership))
                    .say(
                        format!(
                            "The company responsible for your information is now {} (was {}).",
                            nn.en, on.en
                        ),
                        format!("负责处理您个人信息的公司变更为{}（原为{}）。", nn.zh, on.zh),
                    ),
            );
        }
        if o.ownership != n.ownership {
            let nn = self.name_new(&n.ownership);
            self.push(
                Entry::new(K::ControllerOwnership, "controller", "$.controller.ownership")
                    .values(text_value(&o.ownership), text_value(&n.ownership))
                    .major(Some(R::Ownership))
                    .say(
                        format!("Our ownership has changed: {}", short(&nn.en, 160)),
                        format!("我们的所有权结构发生变化：{}", short(&nn.zh, 100)),
                    ),
            );
        }
        let texts = [
            (K::ControllerContact, "contact", &o.contact, &n.contact),
            (K::ControllerContact, "address", &o.address, &n.address),
            (K::ControllerDepartment, "department", &o.department, &n.department),
            (
                K::ControllerComplaintChannel,
                "complaintChannel",
                &o.complaint_channel,
                &n.complaint_channel,
            ),
        ];
        for (kind, field, ot, nt) in texts {
            if ot == nt {
                continue;
            }
            let v = self.name_new(nt);
            let (en, zh) = match kind {
                K::ControllerDepartment => (
                    format!(
                        "The department responsible for your personal information is now: {}.",
                        trim_stop(&v.en)
                    ),
                    format!("负责个人信息安全的部门变更为：{}。", trim_stop(&v.zh)),
                ),
                K::ControllerComplaintChannel => (
                    format!("Complaints now go to: {}.", trim_stop(&v.en)),
                    format!("投诉渠道变更为：{}。", trim_stop(&v.zh)),
                ),
                _ => (
                    format!("New way to reach us: {}.", trim_stop(&v.en)),
                    format!("联系方式变更为：{}。", trim_stop(&v.zh)),
                ),
            };
            self.push(
                Entry::new(kind, "controller", format!("$.controller.{field}"))
                    .values(text_value(ot), text_value(nt))
                    .major(Some(R::Contact))
                    .say(en, zh),
            );
        }
        for (field, ov, nv) in [("email", &o.email, &n.email), ("phone", &o.phone, &n.phone)] {
            if ov != nv {
                self.push(
                    Entry::new(K::ControllerContact, "controller", format!("$.controller.{field}"))
                        .values(string(ov), string(nv))
                        .major(Some(R::Contact))
                        .say(
                            format!("New way to reach us: {nv} (was {ov})."),
                            format!("联系方式变更为：{nv}（原为{ov}）。"),
                        ),
                );
            }
        }
    }

    fn purposes(&mut self) {
        let (old, new) = (self.old, self.new);
        for (i, np) in new.purposes.iter().enumerate() {
            let path = format!("$.purposes[{i}]");
            match old.purposes.iter().find(|o| o.id == np.id) {
                Some(op) => self.purpose_changed(&path, op, np),
                None => {
                    // A new purpose resting on consent runs only once the person agrees to it;
                    // one on another basis runs without asking, which reduces their rights.
                    let name = self.name_new(&np.name);
                    let basis = words::legal_basis(np.legal_basis);
                    let (en, zh) = if np.legal_basis == LegalBasis::Consent {
                        (
                            format!("New purpose: {} (only if you agree).", name.en),
                            format!("新增目的：{}（仅在您同意后进行）。", name.zh),
                        )
                    } else {
                        (
                            format!("New purpose: {}, based on {}.", name.en, basis.en),
                            format!("新增目的：{}，处理依据为{}。", name.zh, basis.zh),
                        )
                    };
                    self.push(
                        Entry::new(K::PurposeAdded, &np.id, path)
                            .values(Value::Null, string(&np.id))
                            .major(Some(R::NewPurpose))
                            .reduces(np.legal_basis != LegalBasis::Consent)
                            .say(en, zh),
                    );
                }
            }
        }
        for (j, op) in old.purposes.iter().enumerate() {
            if !new.purposes.iter().any(|n| n.id == op.id) {
                let name = self.name_old(&op.name);
                self.push(
                    Entry::new(K::PurposeRemoved, &op.id, format!("$.purposes[{j}]"))
                        .values(string(&op.id), Value::Null)
                        .say(
                            format!("{} is no longer carried out.", name.en),
                            format!("不再进行：{}。", name.zh),
                        ),
                );
            }
        }
    }

    fn purpose_changed(&mut self, path: &str, op: &Purpose, np: &Purpose) {
        let (old, new) = (self.old, self.new);
        let id = np.id.as_str();
        let name = self.name_new(&np.name);

        // (1) The types of personal information: more is major; less, or a refinement of a
        // kind already covered, is minor.
        let added: Vec<&String> = np
            .data_categories
            .iter()
            .filter(|d| !covered(&op.data_categories, d))
            .collect();
        if !added.is_empty() {
            let labels = Pair::join(&added.iter().map(|d| self.category(d)).collect::<Vec<_>>());
            self.push(
                Entry::new(K::PurposeDataAdded, id, format!("{path}.dataCategories"))
                    .values(Value::Null, strings(&added))
                    .major(Some(R::ServiceModel))
                    .reduces(true)
                    .say(
                        format!("{} now also uses: {}.", name.en, labels.en),
                        format!("{}新增使用：{}。", name.zh, labels.zh),
                    ),
            );
        }
        let removed: Vec<&String> = op
            .data_categories
            .iter()
            .filter(|d| !np.data_categories.contains(d))
            .collect();
        if !removed.is_empty() {
            let labels = Pair::join(&removed.iter().map(|d| self.category(d)).collect::<Vec<_>>());
            self.push(
                Entry::new(K::PurposeDataRemoved, id, format!("{path}.dataCategories"))
                    .values(strings(&removed), Value::Null)
                    .say(
                        format!("{} no longer uses: {}.", name.en, labels.en),
                        format!("{}不再使用：{}。", name.zh, labels.zh),
                    ),
            );
        }

        // (3) Recipients. One new to the policy is reported once, as `recipient.added`, with
        // this purpose's path; here only recipients the old version already had.
        let gained: Vec<&String> = np
            .recipients
            .iter()
            .filter(|r| !op.recipients.contains(r) && old.recipients.iter().any(|x| &x.id == *r))
            .collect();
        if !gained.is_empty() {
            let names = Pair::join(&gained.iter().map(|r| self.recipient(r)).collect::<Vec<_>>());
            self.push(
                Entry::new(K::PurposeRecipientsAdded, id, format!("{path}.recipients"))
                    .values(Value::Null, strings(&gained))
                    .major(Some(R::Recipients))
                    .reduces(true)
                    .say(
                        format!("{} now also shares with: {}.", name.en, names.en),
                        format!("{}新增共享对象：{}。", name.zh, names.zh),
                    ),
            );
        }
        let dropped: Vec<&String> = op
            .recipients
            .iter()
            .filter(|r| !np.recipients.contains(r) && new.recipients.iter().any(|x| &x.id == *r))
            .collect();
        if !dropped.is_empty() {
            let names = Pair::join(&dropped.iter().map(|r| self.recipient(r)).collect::<Vec<_>>());
            self.push(
                Entry::new(K::PurposeRecipientsRemoved, id, format!("{path}.recipients"))
                    .values(strings(&dropped), Value::Null)
                    .say(
                        format!("{} no longer shares with: {}.", name.en, names.en),
                        format!("{}不再与以下对象共享：{}。", name.zh, names.zh),
                    ),
            );
        }

        // (1) The way of use: the legal basis is always major; leaving consent removes the
        // person's choice.
        if op.legal_basis != np.legal_basis {
            let (ob, nb) = (words::legal_basis(op.legal_basis), words::legal_basis(np.legal_basis));
            self.push(
                Entry::new(K::PurposeLegalBasis, id, format!("{path}.legalBasis"))
                    .values(code_value(&op.legal_basis), code_value(&np.legal_basis))
                    .major(Some(R::ServiceModel))
                    .reduces(op.legal_basis == LegalBasis::Consent && np.legal_basis != LegalBasis::Consent)
                    .say(
                        format!("{} now rests on {} instead of {}.", name.en, nb.en, ob.en),
                        format!("{}的处理依据由{}变更为{}。", name.zh, ob.zh, nb.zh),
                    ),
            );
        }

        // Essential < basic < extended: towards essential the person loses a choice (major);
        // towards extended they gain one (minor).
        if op.kind != np.kind {
            let fewer_choices = np.kind < op.kind;
            let k = words::purpose_kind(np.kind);
            self.push(
                Entry::new(K::PurposeKind, id, format!("{path}.kind"))
                    .values(code_value(&op.kind), code_value(&np.kind))
                    .major(fewer_choices.then_some(R::ServiceModel))
                    .reduces(fewer_choices)
                    .say(
                        format!("{} is now {}.", name.en, k.en),
                        format!("{}现为{}。", name.zh, k.zh),
                    ),
            );
        }

        if op.cross_border != np.cross_border {
            let e = Entry::new(K::PurposeCrossBorder, id, format!("{path}.crossBorder"))
                .values(Value::Bool(op.cross_border), Value::Bool(np.cross_border));
            self.push(if np.cross_border {
                e.major(Some(R::TransferAbroad)).reduces(true).say(
                    format!("{} now sends your information abroad.", name.en),
                    format!("{}将向境外提供您的个人信息。", name.zh),
                )
            } else {
                e.say(
                    format!("{} no longer sends your information abroad.", name.en),
                    format!("{}不再向境外提供您的个人信息。", name.zh),
                )
            });
        }

        if op.separate_consent != np.separate_consent {
            let e = Entry::new(K::PurposeSeparateConsent, id, format!("{path}.separateConsent"))
                .values(Value::Bool(op.separate_consent), Value::Bool(np.separate_consent));
            self.push(if np.separate_consent {
                e.say(
                    format!("{} now asks for a consent of its own.", name.en),
                    format!("{}现需单独征得您的同意。", name.zh),
                )
            } else {
                e.reduces(true).say(
                    format!("{} no longer asks for a consent of its own.", name.en),
                    format!("{}不再单独征求您的同意。", name.zh),
                )
            });
        }

        if op.retention != np.retention {
            let or = old.retention.rules.iter().find(|r| r.id == op.retention);
            let nr = new.retention.rules.iter().find(|r| r.id == np.retention);
            let period = |r: Option<&RetentionRule>| match r {
                Some(r) => {
                    let (d, t) = (words::duration(&r.duration), words::trigger(r.trigger));
                    Pair {
                        en: format!("{} from {}", d.en, t.en),
                        zh: format!("自{}起{}", t.zh, d.zh),
                    }
                }
                None => Pair::lit("an unstated period", "未说明的期限"),
            };
            let (pa, pb) = (period(or), period(nr));
            let longer = match (or, nr) {
                (Some(a), Some(b)) => kept_longer(a, b),
                _ => true,
            };
            self.push(
                Entry::new(K::PurposeRetention, id, format!("{path}.retention"))
                    .values(string(&op.retention), string(&np.retention))
                    .reduces(longer)
                    .say(
                        format!("{}: now kept for {} (was {}).", name.en, pb.en, pa.en),
                        format!("{}：保存期限变更为{}（原为{}）。", name.zh, pb.zh, pa.zh),
                    ),
            );
        }

        self.purpose_storage(path, op, np, &name);

        // More Consent Mode signals or TCF purposes let others use the data in more ways.
        let (os, ns) = (signals(op), signals(np));
        let more: Vec<&String> = ns.iter().filter(|s| !os.contains(s)).collect();
        let fewer: Vec<&String> = os.iter().filter(|s| !ns.contains(s)).collect();
        if !more.is_empty() {
            let list = more.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
            self.push(
                Entry::new(K::PurposeSignalsAdded, id, path.to_string())
                    .values(Value::Null, strings(&more))
                    .major(Some(R::ServiceModel))
                    .reduces(true)
                    .say(
                        format!("{} now also allows: {list}.", name.en),
                        format!("{}新增允许：{list}。", name.zh),
                    ),
            );
        }
        if !fewer.is_empty() {
            let list = fewer.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
            self.push(
                Entry::new(K::PurposeSignalsRemoved, id, path.to_string())
                    .values(strings(&fewer), Value::Null)
                    .say(
                        format!("{} no longer allows: {list}.", name.en),
                        format!("{}不再允许：{list}。", name.zh),
                    ),
            );
        }

        let what = |field_en: &str, field_zh: &str| Pair {
            en: format!("{} ({field_en})", name.en),
            zh: format!("{}（{field_zh}）", name.zh),
        };
        self.wording(id, format!("{path}.name"), what("name", "名称"), &op.name, &np.name);
        self.wording(
            id,
            format!("{path}.description"),
            what("description", "说明"),
            &op.description,
            &np.description,
        );
    }

    /// Cookies and storage: a new item set by another party, a longer life, or an item handed
    /// to another party change the way of use; the rest is minor.
    fn purpose_storage(&mut self, path: &str, op: &Purpose, np: &Purpose, name: &Pair) {
        let id = np.id.as_str();
        let same = |a: &StorageItem, b: &StorageItem| a.kind == b.kind && a.name == b.name;
        let life = |l: &Option<String>| match l {
            Some(d) => words::duration(d),
            None => Pair::lit("the session", "本次会话期间"),
        };
        let party = |first: bool| {
            if first {
                Pair::lit("us", "我们")
            } else {
                Pair::lit("another party", "第三方")
            }
        };
        for (k, ni) in np.storage.iter().enumerate() {
            let kind = words::storage_kind(ni.kind);
            let item_path = format!("{path}.storage[{k}]");
            let who = party(ni.first_party);
            match op.storage.iter().find(|o| same(o, ni)) {
                None => {
                    let third = !ni.first_party;
                    self.push(
                        Entry::new(K::PurposeStorageAdded, id, item_path)
                            .values(Value::Null, string(&ni.name))
                            .major(third.then_some(R::ServiceModel))
                            .reduces(third)
                            .say(
                                format!("{} now uses the {} `{}`, set by {}.", name.en, kind.en, ni.name, who.en),
                                format!("{}新增使用{}“{}”，由{}设置。", name.zh, kind.zh, ni.name, who.zh),
                            ),
                    );
                }
                Some(oi) if oi != ni => {
                    let to_third = oi.first_party && !ni.first_party;
                    let l = life(&ni.lifetime);
                    self.push(
                        Entry::new(K::PurposeStorageChanged, id, item_path)
                            .values(
                                oi.lifetime.as_deref().map(string).unwrap_or(Value::Null),
                                ni.lifetime.as_deref().map(string).unwrap_or(Value::Null),
                            )
                            .major(to_third.then_some(R::ServiceModel))
                            .reduces(to_third || lifetime_longer(&oi.lifetime, &ni.lifetime))
                            .say(
                                format!(
                                    "{}: the {} `{}` now lasts {} and is set by {}.",
                                    name.en, kind.en, ni.name, l.en, who.en
                                ),
                                format!(
                                    "{}：{}“{}”的有效期现为{}，由{}设置。",
                                    name.zh, kind.zh, ni.name, l.zh, who.zh
                                ),
                            ),
                    );
                }
                Some(_) => {}
            }
        }
        let old_index = self.old.purposes.iter().position(|p| p.id == op.id).unwrap_or_default();
        for (k, oi) in op.storage.iter().enumerate() {
            if !np.storage.iter().any(|n| same(n, oi)) {
                let kind = words::storage_kind(oi.kind);
                self.push(
                    Entry::new(
                        K::PurposeStorageRemoved,
                        id,
                        format!("$.purposes[{old_index}].storage[{k}]"),
                    )
                    .values(string(&oi.name), Value::Null)
                    .say(
                        format!("{} no longer uses the {} `{}`.", name.en, kind.en, oi.name),
                        format!("{}不再使用{}“{}”。", name.zh, kind.zh, oi.name),
                    ),
                );
            }
        }
    }

    // (3) The main recipients.
    fn recipients(&mut self) {
        let (old, new) = (self.old, self.new);
        for (i, nr) in new.recipients.iter().enumerate() {
            let path = format!("$.recipients[{i}]");
            let rname = self.name_new(&nr.name);
            let Some(or) = old.recipients.iter().find(|o| o.id == nr.id) else {
                let users: Vec<(usize, &Purpose)> = new
                    .purposes
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.recipients.contains(&nr.id))
                    .collect();
                let names = Pair::join(&users.iter().map(|(_, p)| self.name_new(&p.name)).collect::<Vec<_>>());
                let (en, zh) = if users.is_empty() {
                    (
                        format!("New recipient: {}.", rname.en),
                        format!("新增接收方：{}。", rname.zh),
                    )
                } else {
                    (
                        format!("New recipient: {} (for {}).", rname.en, names.en),
                        format!("新增接收方：{}（用于{}）。", rname.zh, names.zh),
                    )
                };
                self.push(
                    Entry::new(K::RecipientAdded, &nr.id, path)
                        .paths(users.iter().map(|(j, _)| format!("$.purposes[{j}].recipients")))
                        .values(Value::Null, string(&nr.id))
                        .major(Some(R::Recipients))
                        .reduces(!users.is_empty())
                        .say(en, zh),
                );
                continue;
            };
            if or.role != nr.role {
                // A processor acts on our instructions; any other role decides for itself, so
                // leaving "processor" widens the category of recipient.
                let (rule, reduces) = match (or.role, nr.role) {
                    (_, RecipientRole::Processor) => (None, false),
                    (RecipientRole::Processor, _) => (Some(R::NewRecipientCategory), true),
                    _ => (Some(R::NewRecipientCategory), false),
                };
                let (ro, rn) = (words::role(or.role), words::role(nr.role));
                self.push(
                    Entry::new(K::RecipientRole, &nr.id, format!("{path}.role"))
                        .values(code_value(&or.role), code_value(&nr.role))
                        .major(rule)
                        .reduces(reduces)
                        .say(
                            format!("{} is now {} (was {}).", rname.en, rn.en, ro.en),
                            format!("{}现为{}（原为{}）。", rname.zh, rn.zh, ro.zh),
                        ),
                );
            }
            if or.country != nr.country {
                let abroad = !new.storage.countries.contains(&nr.country);
                self.push(
                    Entry::new(K::RecipientCountry, &nr.id, format!("{path}.country"))
                        .values(string(&or.country), string(&nr.country))
                        .major(abroad.then_some(R::TransferAbroad))
                        .reduces(abroad)
                        .say(
                            format!(
                                "{} now processes your information in {} (was {}).",
                                rname.en, nr.country, or.country
                            ),
                            format!(
                                "{}处理您个人信息的所在地由{}变更为{}。",
                                rname.zh, or.country, nr.country
                            ),
                        ),
                );
            }
            if or.deidentified_only != nr.deidentified_only {
                let e = Entry::new(K::RecipientDeidentifiedOnly, &nr.id, format!("{path}.deidentifiedOnly"))
                    .values(Value::Bool(or.deidentified_only), Value::Bool(nr.deidentified_only));
                self.push(if nr.deidentified_only {
                    e.say(
                        format!("{} now receives de-identified information only.", rname.en),
                        format!("{}今后仅接收去标识化信息。", rname.zh),
                    )
                } else {
                    e.major(Some(R::NewRecipientCategory)).reduces(true).say(
                        format!(
                            "{} now receives information that identifies you, not only de-identified data.",
                            rname.en
                        ),
                        format!("{}将接收可识别您身份的信息，而不再仅限于去标识化信息。", rname.zh),
                    )
                });
            }
            self.wording(
                &nr.id,
                format!("{path}.name"),
                Pair {
                    en: format!("{} (name)", rname.en),
                    zh: format!("{}（名称）", rname.zh),
                },
                &or.name,
                &nr.name,
            );
        }
        for (j, or) in old.recipients.iter().enumerate() {
            if new.recipients.iter().any(|n| n.id == or.id) {
                continue;
            }
            let rname = self.name_old(&or.name);
            let users = old
                .purposes
                .iter()
                .enumerate()
                .filter(|(_, p)| p.recipients.contains(&or.id))
                .map(|(k, _)| format!("$.purposes[{k}].recipients"));
            self.push(
                Entry::new(K::RecipientRemoved, &or.id, format!("$.recipients[{j}]"))
                    .paths(users)
                    .values(string(&or.id), Value::Null)
                    .say(
                        format!("No longer shared with: {}.", rname.en),
                        format!("不再与{}共享。", rname.zh),
                    ),
            );
        }
    }

    /// The kinds of information defined. Using one is a purpose's change; here only the
    /// definitions, and sensitivity, which decides whether a separate consent is needed.
    fn data_categories(&mut self) {
        let (old, new) = (self.old, self.new);
        for (i, nc) in new.data_categories.iter().enumerate() {
            let path = format!("$.dataCategories[{i}]");
            let label = self.name_new(&nc.label);
            let Some(oc) = old.data_categories.iter().find(|o| o.id == nc.id) else {
                self.push(
                    Entry::new(K::DataCategoryAdded, &nc.id, path)
                        .values(Value::Null, string(&nc.id))
                        .say(
                            format!("Information described for the first time: {}.", label.en),
                            format!("新增说明的个人信息类型：{}。", label.zh),
                        ),
                );
                continue;
            };
            if oc.sensitivity != nc.sensitivity {
                let e = Entry::new(K::DataCategorySensitivity, &nc.id, format!("{path}.sensitivity"))
                    .values(code_value(&oc.sensitivity), code_value(&nc.sensitivity));
                self.push(if nc.sensitivity == Sensitivity::Sensitive {
                    e.say(
                        format!("{} is now treated as sensitive information.", label.en),
                        format!("{}现作为敏感个人信息处理。", label.zh),
                    )
                } else {
                    e.reduces(true).say(
                        format!("{} is no longer treated as sensitive information.", label.en),
                        format!("{}不再作为敏感个人信息处理。", label.zh),
                    )
                });
            }
            self.wording(
                &nc.id,
                format!("{path}.label"),
                Pair {
                    en: format!("{} (label)", label.en),
                    zh: format!("{}（名称）", label.zh),
                },
                &oc.label,
                &nc.label,
            );
        }
        for (j, oc) in old.data_categories.iter().enumerate() {
            if !new.data_categories.iter().any(|n| n.id == oc.id) {
                let label = self.name_old(&oc.label);
                self.push(
                    Entry::new(K::DataCategoryRemoved, &oc.id, format!("$.dataCategories[{j}]"))
                        .values(string(&oc.id), Value::Null)
                        .say(
                            format!("{} is no longer described.", label.en),
                            format!("不再涉及：{}。", label.zh),
                        ),
                );
            }
        }
    }

    /// Retention: keeping longer, counting from a later event, or anonymizing where data was
    /// deleted reduce rights; the opposite is minor.
    fn retention(&mut self) {
        let (old, new) = (self.old, self.new);
        let (om, nm) = (&old.retention.minimum, &new.retention.minimum);
        if om != nm {
            let (a, b) = (words::duration(om), words::duration(nm));
            self.push(
                Entry::new(K::RetentionMinimum, "retention", "$.retention.minimum")
                    .values(string(om), string(nm))
                    .say(
                        format!("The minimum retention is now {} (was {}).", b.en, a.en),
                        format!("最短保存期限变更为{}（原为{}）。", b.zh, a.zh),
                    ),
            );
        }
        for (i, nr) in new.retention.rules.iter().enumerate() {
            let path = format!("$.retention.rules[{i}]");
            let Some(or) = old.retention.rules.iter().find(|o| o.id == nr.id) else {
                let (d, t, a) = (
                    words::duration(&nr.duration),
                    words::trigger(nr.trigger),
                    words::action(nr.action),
                );
                self.push(
                    Entry::new(K::RetentionRuleAdded, &nr.id, path)
                        .values(Value::Null, string(&nr.id))
                        .say(
                            format!("New retention rule: kept for {} from {}, then {}.", d.en, t.en, a.en),
                            format!("新增保存规则：自{}起保存{}，期满后{}。", t.zh, d.zh, a.zh),
                        ),
                );
                continue;
            };
            let users: Vec<Pair> = new
                .purposes
                .iter()
                .filter(|p| p.retention == nr.id)
                .map(|p| self.name_new(&p.name))
                .collect();
            let who = if users.is_empty() {
                Pair {
                    en: format!("Retention rule `{}`", nr.id),
                    zh: format!("保存规则“{}”", nr.id),
                }
            } else {
                Pair::join(&users)
            };
            if or.duration != nr.duration {
                let (a, b) = (words::duration(&or.duration), words::duration(&nr.duration));
                self.push(
                    Entry::new(K::RetentionDuration, &nr.id, format!("{path}.duration"))
                        .values(string(&or.duration), string(&nr.duration))
                        .reduces(longer(&or.duration, &nr.duration))
                        .say(
                            format!("{}: kept for {} instead of {}.", who.en, b.en, a.en),
                            format!("{}：保存期限由{}变更为{}。", who.zh, a.zh, b.zh),
                        ),
                );
            }
            if or.trigger != nr.trigger {
                let (a, b) = (words::trigger(or.trigger), words::trigger(nr.trigger));
                self.push(
                    Entry::new(K::RetentionTrigger, &nr.id, format!("{path}.trigger"))
                        .values(code_value(&or.trigger), code_value(&nr.trigger))
                        .reduces(later_start(or.trigger, nr.trigger))
                        .say(
                            format!(
                                "{}: the retention period now counts from {} (was {}).",
                                who.en, b.en, a.en
                            ),
                            format!("{}：保存期限改为自{}起计算（原为自{}起）。", who.zh, b.zh, a.zh),
                        ),
                );
            }
            if or.action != nr.action {
                let (a, b) = (words::action(or.action), words::action(nr.action));
                self.push(
                    Entry::new(K::RetentionAction, &nr.id, format!("{path}.action"))
                        .values(code_value(&or.action), code_value(&nr.action))
                        .reduces(or.action == RetentionAction::Delete && nr.action != RetentionAction::Delete)
                        .say(
                            format!(
                                "{}: at the end of the period, information is now {} (was {}).",
                                who.en, b.en, a.en
                            ),
                            format!("{}：期满后改为{}（原为{}）。", who.zh, b.zh, a.zh),
                        ),
                );
            }
            self.wording(
                &nr.id,
                format!("{path}.description"),
                Pair {
                    en: format!("{} (retention)", who.en),
                    zh: format!("{}（保存期限说明）", who.zh),
                },
                &or.description,
                &nr.description,
            );
        }
        for (j, or) in old.retention.rules.iter().enumerate() {
            if !new.retention.rules.iter().any(|n| n.id == or.id) {
                self.push(
                    Entry::new(K::RetentionRuleRemoved, &or.id, format!("$.retention.rules[{j}]"))
                        .values(string(&or.id), Value::Null)
                        .say(
                            format!("Retention rule `{}` is no longer used.", or.id),
                            format!("保存规则“{}”不再使用。", or.id),
                        ),
                );
            }
        }
    }

    /// Where data is stored: a new country is a transfer abroad.
    fn storage(&mut self) {
        let (o, n) = (&self.old.storage, &self.new.storage);
        let added: Vec<&String> = n.countries.iter().filter(|c| !o.countries.contains(c)).collect();
        if !added.is_empty() {
            let list = Pair::join(&added.iter().map(|c| Pair::same(c)).collect::<Vec<_>>());
            self.push(
                Entry::new(K::StorageCountriesAdded, "storage", "$.storage.countries")
                    .values(Value::Null, strings(&added))
                    .major(Some(R::TransferAbroad))
                    .reduces(true)
                    .say(
                        format!("Your information is now also stored in: {}.", list.en),
                        format!("您的个人信息还将存储于：{}。", list.zh),
                    ),
            );
        }
        let removed: Vec<&String> = o.countries.iter().filter(|c| !n.countries.contains(c)).collect();
        if !removed.is_empty() {
            let list = Pair::join(&removed.iter().map(|c| Pair::same(c)).collect::<Vec<_>>());
            self.push(
                Entry::new(K::StorageCountriesRemoved, "storage", "$.storage.countries")
                    .values(strings(&removed), Value::Null)
                    .say(
                        format!("Your information is no longer stored in: {}.", list.en),
                        format!("您的个人信息不再存储于：{}。", list.zh),
                    ),
            );
        }
        if o.cross_border_needs_consent != n.cross_border_needs_consent {
            let e = Entry::new(
                K::StorageCrossBorderConsent,
                "storage",
                "$.storage.crossBorderNeedsConsent",
            )
            .values(
                Value::Bool(o.cross_border_needs_consent),
                Value::Bool(n.cross_border_needs_consent),
            );
            self.push(if n.cross_border_needs_consent {
                e.say(
                    "A transfer abroad now needs your consent.".into(),
                    "向境外提供个人信息将事先征得您的同意。".into(),
                )
            } else {
                e.major(Some(R::TransferAbroad)).reduces(true).say(
                    "A transfer abroad no longer needs your consent.".into(),
                    "向境外提供个人信息不再征得您的同意。".into(),
                )
            });
        }
    }

    // (4) Rights and how to exercise them.
    fn rights(&mut self) {
        let (old, new) = (self.old, self.new);
        for (i, nr) in new.rights.iter().enumerate() {
            let path = format!("$.rights[{i}]");
            let desc = self.name_new(&nr.description);
            let Some(or) = old.rights.iter().find(|o| o.id == nr.id) else {
                self.push(
                    Entry::new(K::RightAdded, &nr.id, path)
                        .values(Value::Null, string(&nr.id))
                        .say(
                            format!("New right: {}.", trim_stop(&desc.en)),
                            format!("新增权利：{}。", trim_stop(&desc.zh)),
                        ),
                );
                continue;
            };
            if or.kind != nr.kind {
                self.push(
                    Entry::new(K::RightKind, &nr.id, format!("{path}.kind"))
                        .values(code_value(&or.kind), code_value(&nr.kind))
                        .major(Some(R::Rights))
                        .reduces(true)
                        .say(
                            format!("This right changed: {}.", trim_stop(&desc.en)),
                            format!("该项权利发生变化：{}。", trim_stop(&desc.zh)),
                        ),
                );
            }
            if or.how != nr.how {
                // Prose cannot be ranked; only a text that keeps the old one word for word and
                // adds to it is taken not to narrow the way.
                let how = self.name_new(&nr.how);
                let (o, n) = text_values(&or.how, &nr.how);
                self.push(
                    Entry::new(K::RightHow, &nr.id, format!("{path}.how"))
                        .values(o, n)
                        .major(Some(R::Rights))
                        .reduces(!only_adds(&or.how, &nr.how))
                        .say(
                            format!(
                                "New way to exercise a right ({}): {}",
                                trim_stop(&desc.en),
                                short(&how.en, 160)
                            ),
                            format!("权利行使方式变更（{}）：{}", trim_stop(&desc.zh), short(&how.zh, 100)),
                        ),
                );
            }
            self.wording(
                &nr.id,
                format!("{path}.description"),
                Pair {
                    en: format!("the description of a right ({})", trim_stop(&desc.en)),
                    zh: format!("权利说明（{}）", trim_stop(&desc.zh)),
                },
                &or.description,
                &nr.description,
            );
        }
        for (j, or) in old.rights.iter().enumerate() {
            if !new.rights.iter().any(|n| n.id == or.id) {
                let desc = self.name_old(&or.description);
                self.push(
                    Entry::new(K::RightRemoved, &or.id, format!("$.rights[{j}]"))
                        .values(string(&or.id), Value::Null)
                        .major(Some(R::Rights))
                        .reduces(true)
                        .say(
                            format!("Right removed: {}.", trim_stop(&desc.en)),
                            format!("取消的权利：{}。", trim_stop(&desc.zh)),
                        ),
                );
            }
        }
    }

    /// More cases of processing without consent reduce rights.
    fn legal_exceptions(&mut self) {
        let (old, new) = (self.old, self.new);
        for (i, ne) in new.legal_exceptions.iter().enumerate() {
            let path = format!("$.legalExceptions[{i}]");
            let desc = self.name_new(&ne.description);
            match old.legal_exceptions.iter().find(|o| o.id == ne.id) {
                None => self.push(
                    Entry::new(K::LegalExceptionAdded, &ne.id, path)
                        .values(Value::Null, string(&ne.id))
                        .reduces(true)
                        .say(
                            format!(
                                "New case where your information may be processed without your consent: {}",
                                desc.en
                            ),
                            format!("新增无需征得您同意即可处理个人信息的情形：{}", desc.zh),
                        ),
                ),
                Some(oe) => self.wording(
                    &ne.id,
                    format!("{path}.description"),
                    Pair::lit("a case of processing without consent", "无需同意即可处理的情形"),
                    &oe.description,
                    &ne.description,
                ),
            }
        }
        for (j, oe) in old.legal_exceptions.iter().enumerate() {
            if !new.legal_exceptions.iter().any(|n| n.id == oe.id) {
                let desc = self.name_old(&oe.description);
                self.push(
                    Entry::new(K::LegalExceptionRemoved, &oe.id, format!("$.legalExceptions[{j}]"))
                        .values(string(&oe.id), Value::Null)
                        .say(
                            format!("No longer a case of processing without consent: {}", desc.en),
                            format!("删除无需同意即可处理的情形：{}", desc.zh),
                        ),
                );
            }
        }
    }

    // (6) An impact assessment showing a high risk: a new report that finds one is major.
    fn impact_assessment(&mut self) {
        let path = "$.impactAssessment";
        let state = |a: &crate::policy::ImpactAssessment| {
            let mut m = Map::new();
            m.insert("date".into(), string(&a.date));
            m.insert("highRisk".into(), Value::Bool(a.high_risk));
            Value::Object(m)
        };
        let def = self.new.default_locale.clone();
        match (&self.old.impact_assessment, &self.new.impact_assessment) {
            (o, Some(n)) if n.high_risk && o.as_ref().is_none_or(|o| !o.high_risk || o.date != n.date) => {
                let s = Pair::of(&n.summary, &def);
                self.push(
                    Entry::new(K::ImpactAssessmentHighRisk, "impactAssessment", path)
                        .values(o.as_ref().map(state).unwrap_or(Value::Null), state(n))
                        .major(Some(R::ImpactAssessment))
                        .say(
                            format!(
                                "A personal information security impact assessment of {} found a high risk: {}",
                                n.date,
                                short(&s.en, 160)
                            ),
                            format!(
                                "{}的个人信息安全影响评估报告表明存在高风险：{}",
                                n.date,
                                short(&s.zh, 100)
                            ),
                        ),
                );
            }
            (Some(o), Some(n)) => {
                if o.high_risk != n.high_risk || o.date != n.date {
                    self.push(
                        Entry::new(K::ImpactAssessmentChanged, "impactAssessment", path)
                            .values(state(o), state(n))
                            .say(
                                format!("The impact assessment was updated ({}); it finds no high risk.", n.date),
                                format!("影响评估已更新（{}），未发现高风险。", n.date),
                            ),
                    );
                }
                self.wording(
                    "impactAssessment",
                    format!("{path}.summary"),
                    Pair::lit("the impact assessment's summary", "影响评估摘要"),
                    &o.summary,
                    &n.summary,
                );
            }
            (None, Some(n)) => self.push(
                Entry::new(K::ImpactAssessmentChanged, "impactAssessment", path)
                    .values(Value::Null, state(n))
                    .say(
                        format!(
                            "An impact assessment of {} is now published; it finds no high risk.",
                            n.date
                        ),
                        format!("公布了{}的影响评估，未发现高风险。", n.date),
                    ),
            ),
            (Some(o), None) => self.push(
                Entry::new(K::ImpactAssessmentChanged, "impactAssessment", path)
                    .values(state(o), Value::Null)
                    .say(
                        "The impact assessment is no longer stated.".into(),
                        "不再说明影响评估。".into(),
                    ),
            ),
            (None, None) => {}
        }
    }

    // (4) How the person takes part: ages, the age gate, guardians, GPC, how long a consent
    // and a refusal last. Compared as they apply (after `extends` and `*`), reported where the
    // declared rule changed.
    fn jurisdictions(&mut self) {
        let (old, new) = (self.old, self.new);
        for (i, nj) in new.jurisdictions.iter().enumerate() {
            let path = format!("$.jurisdictions[{i}]");
            let place = place(&nj.code);
            // The k-th rule for a code pairs with the k-th of the old version, so a document with
            // a repeated code (invalid, but still diffable) compares equal to itself.
            let k = new.jurisdictions.iter().take(i).filter(|x| x.code == nj.code).count();
            match old.jurisdictions.iter().filter(|o| o.code == nj.code).nth(k) {
                None => {
                    let fields = self.rule_fields(&nj.code);
                    let reduces = fields.iter().any(|f| f.reduces);
                    let (o, n) = field_values(&fields);
                    self.push(
                        Entry::new(K::JurisdictionAdded, &nj.code, path)
                            .values(o, n)
                            .major(reduces.then_some(R::Rights))
                            .reduces(reduces)
                            .say(
                                format!("New rules for {} ({}).", place.en, nj.law),
                                format!("新增适用于{}的规则（{}）。", place.zh, nj.law),
                            ),
                    );
                }
                Some(oj) if oj != nj => {
                    for f in self.rule_fields(&nj.code) {
                        self.push(
                            Entry::new(K::JurisdictionChanged, &nj.code, format!("{path}.{}", f.field))
                                .values(f.old, f.new)
                                .major(f.reduces.then_some(R::Rights))
                                .reduces(f.reduces)
                                .say(f.line.en, f.line.zh),
                        );
                    }
                    if oj.law != nj.law {
                        self.push(
                            Entry::new(K::JurisdictionLaw, &nj.code, format!("{path}.law"))
                                .values(string(&short(&oj.law, 80)), string(&short(&nj.law, 80)))
                                .say(
                                    format!("The law named for {} was updated.", place.en),
                                    format!("{}所依据的法律表述已更新。", place.zh),
                                ),
                        );
                    }
                }
                Some(_) => {}
            }
        }
        for (j, oj) in old.jurisdictions.iter().enumerate() {
            let k = old.jurisdictions.iter().take(j).filter(|x| x.code == oj.code).count();
            if new.jurisdictions.iter().filter(|n| n.code == oj.code).nth(k).is_some() {
                continue;
            }
            let place = place(&oj.code);
            let fields = self.rule_fields(&oj.code);
            let reduces = fields.iter().any(|f| f.reduces);
            let (o, n) = field_values(&fields);
            self.push(
                Entry::new(K::JurisdictionRemoved, &oj.code, format!("$.jurisdictions[{j}]"))
                    .values(o, n)
                    .major(reduces.then_some(R::Rights))
                    .reduces(reduces)
                    .say(
                        format!(
                            "The rules specific to {} were removed; the general rules apply.",
                            place.en
                        ),
                        format!("删除适用于{}的专门规则，改为适用一般规则。", place.zh),
                    ),
            );
        }
    }

    /// The fields that apply differently to `code` in the new version than in the old.
    fn rule_fields(&self, code: &str) -> Vec<FieldChange> {
        let (Some(o), Some(n)) = (resolve(self.old, code), resolve(self.new, code)) else {
            return Vec::new();
        };
        let place = place(code);
        let mut out = Vec::new();
        let age = |field: &'static str, a: u8, b: u8, en: &str, zh: &str| FieldChange {
            field,
            old: Value::from(a),
            new: Value::from(b),
            reduces: b < a,
            line: Pair {
                en: format!("In {}: {en} {b} (was {a}).", place.en),
                zh: format!("{}：{zh}{b}周岁（原为{a}周岁）。", place.zh),
            },
        };
        if o.guardian_age.value != n.guardian_age.value {
            out.push(age(
                "guardianAge",
                o.guardian_age.value,
                n.guardian_age.value,
                "a parent or guardian must consent below age",
                "须经监护人同意的年龄上限变更为",
            ));
        }
        if o.minor_age.value != n.minor_age.value {
            out.push(age(
                "minorAge",
                o.minor_age.value,
                n.minor_age.value,
                "visitors are treated as minors below age",
                "视为未成年人的年龄上限变更为",
            ));
        }
        let (was, now) = (
            o.child_data_sensitive_below.as_ref().map(|s| s.value),
            n.child_data_sensitive_below.as_ref().map(|s| s.value),
        );
        if was != now {
            let (en, zh) = match now {
                Some(b) => (
                    format!("a child's personal information is now sensitive below age {b}, so each purpose needs its own consent"),
                    format!("未满{b}周岁未成年人的个人信息按敏感个人信息处理，每项处理都需要单独同意"),
                ),
                None => (
                    "a child's personal information is no longer treated as sensitive for its age".to_string(),
                    "不再因年龄将未成年人的个人信息按敏感个人信息处理".to_string(),
                ),
            };
            out.push(FieldChange {
                field: "childDataSensitiveBelow",
                old: was.map_or(Value::Null, Value::from),
                new: now.map_or(Value::Null, Value::from),
                // A lower age, or none, takes a separate consent away from some children.
                reduces: now.unwrap_or(0) < was.unwrap_or(0),
                line: Pair {
                    en: format!("In {}: {en}.", place.en),
                    zh: format!("{}：{zh}。", place.zh),
                },
            });
        }
        if o.ask_age.value != n.ask_age.value {
            let now = n.ask_age.value;
            out.push(FieldChange {
                field: "askAge",
                old: Value::Bool(o.ask_age.value),
                new: Value::Bool(now),
                reduces: !now,
                line: if now {
                    Pair {
                        en: format!("In {}: your age is now asked before any optional processing.", place.en),
                        zh: format!("{}：在任何可选处理之前将先询问您的年龄。", place.zh),
                    }
                } else {
                    Pair {
                        en: format!(
                            "In {}: your age is no longer asked before optional processing.",
                            place.en
                        ),
                        zh: format!("{}：在可选处理之前不再询问您的年龄。", place.zh),
                    }
                },
            });
        }
        if o.guardian_mode.value != n.guardian_mode.value {
            let m = words::guardian_mode(n.guardian_mode.value);
            out.push(FieldChange {
                field: "guardianMode",
                old: code_value(&o.guardian_mode.value),
                new: code_value(&n.guardian_mode.value),
                reduces: o.guardian_mode.value == GuardianMode::GuardianAndChild,
                line: Pair {
                    en: format!(
                        "In {}: below the guardian age, consent is now given by {}.",
                        place.en, m.en
                    ),
                    zh: format!("{}：未满监护年龄时，改为{}。", place.zh, m.zh),
                },
            });
        }
        let lists: [(&'static str, &ResolvedRule, &ResolvedRule, Pair); 2] = [
            (
                "forbiddenForMinors",
                &o,
                &n,
                Pair::lit("not allowed for minors", "禁止向未成年人提供"),
            ),
            (
                "gpcOptsOut",
                &o,
                &n,
                Pair::lit(
                    "opted out of by a Global Privacy Control signal",
                    "可通过全球隐私控制（GPC）信号拒绝",
                ),
            ),
        ];
        for (field, ro, rn, what) in lists {
            let pick = |p: &Policy, r: &ResolvedRule| -> Vec<String> {
                let flags = if field == "gpcOptsOut" {
                    &r.gpc_opts_out.value
                } else {
                    &r.forbidden_for_minors.value
                };
                p.purposes
                    .iter()
                    .zip(flags)
                    .filter(|(_, on)| **on)
                    .map(|(p, _)| p.id.clone())
                    .collect()
            };
            let (a, b) = (pick(self.old, ro), pick(self.new, rn));
            let gained: Vec<&String> = b.iter().filter(|x| !a.contains(x)).collect();
            // A purpose that is gone is not a protection lost.
            let lost: Vec<&String> = a
                .iter()
                .filter(|x| !b.contains(x) && self.new.purposes.iter().any(|p| &p.id == *x))
                .collect();
            if gained.is_empty() && lost.is_empty() {
                continue;
            }
            let names = |ids: &[&String]| Pair::join(&ids.iter().map(|id| self.purpose_name(id)).collect::<Vec<_>>());
            let mut en = Vec::new();
            let mut zh = Vec::new();
            if !gained.is_empty() {
                let g = names(&gained);
                en.push(format!("now {}: {}", what.en, g.en));
                zh.push(format!("{}{}", what.zh, g.zh));
            }
            if !lost.is_empty() {
                let l = names(&lost);
                en.push(format!("no longer {}: {}", what.en, l.en));
                zh.push(format!("不再{}{}", what.zh, l.zh));
            }
            out.push(FieldChange {
                field,
                old: strings(&a),
                new: strings(&b),
                reduces: !lost.is_empty(),
                line: Pair {
                    en: format!("In {}: {}.", place.en, en.join("; ")),
                    zh: format!("{}：{}。", place.zh, zh.join("；")),
                },
            });
        }
        let periods = [
            (
                "consentValidity",
                &o.consent_validity.value,
                &n.consent_validity.value,
                true,
            ),
            ("refusalMemory", &o.refusal_memory.value, &n.refusal_memory.value, false),
        ];
        for (field, a, b, longer_reduces) in periods {
            if a == b {
                continue;
            }
            let (ia, ib) = (iso(a), iso(b));
            let (wa, wb) = (words::duration(&ia), words::duration(&ib));
            let grew = b.approx_days() > a.approx_days();
            let line = if field == "consentValidity" {
                Pair {
                    en: format!("In {}: a consent is now valid for {} (was {}).", place.en, wb.en, wa.en),
                    zh: format!("{}：同意的有效期变更为{}（原为{}）。", place.zh, wb.zh, wa.zh),
                }
            } else {
                Pair {
                    en: format!(
                        "In {}: after you refuse, you are not asked again for {} (was {}).",
                        place.en, wb.en, wa.en
                    ),
                    zh: format!("{}：您拒绝后，{}内不再询问（原为{}）。", place.zh, wb.zh, wa.zh),
                }
            };
            out.push(FieldChange {
                field,
                old: string(&ia),
                new: string(&ib),
                // A consent kept longer, or a refusal forgotten sooner (GB/T 35273-2020 5.3:
                // do not ask again frequently), reduces the person's control.
                reduces: grew == longer_reduces,
                line,
            });
        }
        out
    }

    // (4) for a child: the guardian consents, so accepting a weaker way to verify the guardian
    // lowers the child's protection; accepting fewer ways is minor.
    fn guardian(&mut self) {
        let (o, n) = (&self.old.guardian, &self.new.guardian);
        let lists = [
            (
                "lowRiskMethods",
                &o.low_risk_methods,
                &n.low_risk_methods,
                Pair::lit("low-risk", "低风险"),
            ),
            (
                "highRiskMethods",
                &o.high_risk_methods,
                &n.high_risk_methods,
                Pair::lit("higher-risk", "高风险"),
            ),
        ];
        for (field, a, b, risk) in lists {
            let path = format!("$.guardian.{field}");
            let gained: Vec<_> = b.iter().filter(|m| !a.contains(m)).copied().collect();
            let lost: Vec<_> = a.iter().filter(|m| !b.contains(m)).copied().collect();
            let names = |ms: &[crate::policy::VerificationMethod]| {
                Pair::join(&ms.iter().map(|m| words::verification(*m)).collect::<Vec<_>>())
            };
            let codes = |ms: &[crate::policy::VerificationMethod]| strings(ms.iter().map(code_of));
            if !gained.is_empty() {
                let l = names(&gained);
                self.push(
                    Entry::new(K::GuardianMethodsAdded, "guardian", path.clone())
                        .values(Value::Null, codes(&gained))
                        .major(Some(R::Rights))
                        .reduces(true)
                        .say(
                            format!(
                                "For {} purposes, a parent's or guardian's consent can now also be verified by: {}.",
                                risk.en, l.en
                            ),
                            format!("{}事项中，监护人同意现在还可通过以下方式验证：{}。", risk.zh, l.zh),
                        ),
                );
            }
            if !lost.is_empty() {
                let l = names(&lost);
                self.push(
                    Entry::new(K::GuardianMethodsRemoved, "guardian", path)
                        .values(codes(&lost), Value::Null)
                        .say(
                            format!(
                                "For {} purposes, a parent's or guardian's consent is no longer verified by: {}.",
                                risk.en, l.en
                            ),
                            format!("{}事项中，监护人同意不再接受以下验证方式：{}。", risk.zh, l.zh),
                        ),
                );
            }
        }
        if o.request_validity != n.request_validity {
            let (a, b) = (
                words::duration(&o.request_validity),
                words::duration(&n.request_validity),
            );
            self.push(
                Entry::new(K::GuardianRequestValidity, "guardian", "$.guardian.requestValidity")
                    .values(string(&o.request_validity), string(&n.request_validity))
                    .say(
                        format!(
                            "A request for a parent's or guardian's consent now stays open for {} (was {}).",
                            b.en, a.en
                        ),
                        format!("监护人同意请求的有效期变更为{}（原为{}）。", b.zh, a.zh),
                    ),
            );
        }
    }

    fn changes_section(&mut self) {
        let (o, n) = (&self.old.changes, &self.new.changes);
        if o.notice_period != n.notice_period {
            let (a, b) = (words::duration(&o.notice_period), words::duration(&n.notice_period));
            self.push(
                Entry::new(K::ChangesNoticePeriod, "changes", "$.changes.noticePeriod")
                    .values(string(&o.notice_period), string(&n.notice_period))
                    .reduces(longer(&n.notice_period, &o.notice_period))
                    .say(
                        format!(
                            "Changes to this policy are now posted {} before they take effect (was {}).",
                            b.en, a.en
                        ),
                        format!("本政策的更新将于生效前{}发布（原为{}）。", b.zh, a.zh),
                    ),
            );
        }
        let lists = [
            ("channels", &o.channels, &n.channels, Pair::lit("Changes", "政策变更")),
            (
                "majorChannels",
                &o.major_channels,
                &n.major_channels,
                Pair::lit("Major changes", "重大变更"),
            ),
        ];
        for (field, a, b, what) in lists {
            let path = format!("$.changes.{field}");
            let gained: Vec<_> = b.iter().filter(|c| !a.contains(c)).copied().collect();
            let lost: Vec<_> = a.iter().filter(|c| !b.contains(c)).copied().collect();
            let codes = |cs: &[crate::policy::NoticeChannel]| strings(cs.iter().map(|c| words::channel_code(*c)));
            let names = |cs: &[crate::policy::NoticeChannel]| {
                Pair::join(&cs.iter().map(|c| words::channel(*c)).collect::<Vec<_>>())
            };
            if !gained.is_empty() {
                let l = names(&gained);
                self.push(
                    Entry::new(K::ChangesChannelsAdded, "changes", path.clone())
                        .values(Value::Null, codes(&gained))
                        .say(
                            format!("{} are now also announced by: {}.", what.en, l.en),
                            format!("{}还将通过以下方式通知：{}。", what.zh, l.zh),
                        ),
                );
            }
            if !lost.is_empty() {
                let l = names(&lost);
                self.push(
                    Entry::new(K::ChangesChannelsRemoved, "changes", path)
                        .values(codes(&lost), Value::Null)
                        .reduces(true)
                        .say(
                            format!("{} are no longer announced by: {}.", what.en, l.en),
                            format!("{}不再通过以下方式通知：{}。", what.zh, l.zh),
                        ),
                );
            }
        }
    }

    /// Where and in which languages the policy is published, its sections, and the texts of
    /// the policy as a whole.
    fn meta(&mut self) {
        let (old, new) = (self.old, self.new);
        if old.url != new.url {
            self.push(
                Entry::new(K::PolicyUrl, "policy", "$.url")
                    .values(string(&old.url), string(&new.url))
                    .say(
                        format!("This policy is now published at {}.", new.url),
                        format!("本政策的发布地址变更为{}。", new.url),
                    ),
            );
        }
        let gained: Vec<&String> = new.locales.iter().filter(|l| !old.locales.contains(l)).collect();
        if !gained.is_empty() {
            let l = Pair::join(&gained.iter().map(|x| Pair::same(x)).collect::<Vec<_>>());
            self.push(
                Entry::new(K::PolicyLocalesAdded, "policy", "$.locales")
                    .values(Value::Null, strings(&gained))
                    .say(
                        format!("This policy is now also available in: {}.", l.en),
                        format!("本政策新增以下语言版本：{}。", l.zh),
                    ),
            );
        }
        let lost: Vec<&String> = old.locales.iter().filter(|l| !new.locales.contains(l)).collect();
        if !lost.is_empty() {
            let l = Pair::join(&lost.iter().map(|x| Pair::same(x)).collect::<Vec<_>>());
            self.push(
                Entry::new(K::PolicyLocalesRemoved, "policy", "$.locales")
                    .values(strings(&lost), Value::Null)
                    .say(
                        format!("This policy is no longer available in: {}.", l.en),
                        format!("本政策不再提供以下语言版本：{}。", l.zh),
                    ),
            );
        }
        if old.default_locale != new.default_locale {
            self.push(
                Entry::new(K::PolicyDefaultLocale, "policy", "$.defaultLocale")
                    .values(string(&old.default_locale), string(&new.default_locale))
                    .say(
                        format!("This policy's default language is now {}.", new.default_locale),
                        format!("本政策的默认语言变更为{}。", new.default_locale),
                    ),
            );
        }
        for (i, nc) in new.clauses.iter().enumerate() {
            let path = format!("$.clauses[{i}]");
            let title = self.name_new(&nc.title);
            match old.clauses.iter().find(|o| o.id == nc.id) {
                None => self.push(
                    Entry::new(K::ClauseAdded, &nc.id, path)
                        .values(Value::Null, string(&nc.id))
                        .say(
                            format!("New section: {}.", title.en),
                            format!("新增章节：{}。", title.zh),
                        ),
                ),
                Some(oc) => {
                    if oc.anchor != nc.anchor {
                        self.push(
                            Entry::new(K::ClauseAnchor, &nc.id, format!("{path}.anchor"))
                                .values(string(&oc.anchor), string(&nc.anchor))
                                .say(
                                    format!("Section moved: {}.", title.en),
                                    format!("章节位置调整：{}。", title.zh),
                                ),
                        );
                    }
                    self.wording(
                        &nc.id,
                        format!("{path}.title"),
                        Pair {
                            en: format!("the title of section {}", title.en),
                            zh: format!("章节标题（{}）", title.zh),
                        },
                        &oc.title,
                        &nc.title,
                    );
                }
            }
        }
        for (j, oc) in old.clauses.iter().enumerate() {
            if !new.clauses.iter().any(|n| n.id == oc.id) {
                let title = self.name_old(&oc.title);
                self.push(
                    Entry::new(K::ClauseRemoved, &oc.id, format!("$.clauses[{j}]"))
                        .values(string(&oc.id), Value::Null)
                        .say(
                            format!("Section removed: {}.", title.en),
                            format!("删除章节：{}。", title.zh),
                        ),
                );
            }
        }
        self.wording(
            "policy",
            "$.title".into(),
            Pair::lit("the policy's title", "政策标题"),
            &old.title,
            &new.title,
        );
        self.wording(
            "notice",
            "$.notice.title".into(),
            Pair::lit("the heading of the privacy notice", "隐私提示的标题"),
            &old.notice.title,
            &new.notice.title,
        );
        self.wording(
            "notice",
            "$.notice.summary".into(),
            Pair::lit("the summary of the privacy notice", "隐私提示的摘要"),
            &old.notice.summary,
            &new.notice.summary,
        );
    }
}

/// One field of a jurisdiction rule that applies differently.
struct FieldChange {
    field: &'static str,
    old: Value,
    new: Value,
    reduces: bool,
    line: Pair,
}

fn field_values(fields: &[FieldChange]) -> (Value, Value) {
    let (mut o, mut n) = (Map::new(), Map::new());
    for f in fields {
        o.insert(f.field.to_string(), f.old.clone());
        n.insert(f.field.to_string(), f.new.clone());
    }
    (Value::Object(o), Value::Object(n))
}

/// A jurisdiction code for a person.
fn place(code: &str) -> Pair {
    if code == "*" {
        Pair::lit("all other places", "其他地区")
    } else {
        Pair::same(code)
    }
}

/// A duration back as ISO 8601 text.
fn iso(d: &Duration) -> String {
    let mut s = String::from("P");
    let (y, m) = (d.months / 12, d.months % 12);
    if y > 0 {
        s.push_str(&format!("{y}Y"));
    }
    if m > 0 {
        s.push_str(&format!("{m}M"));
    }
    if d.days > 0 {
        s.push_str(&format!("{}D", d.days));
    }
    if d.seconds > 0 {
        s.push_str(&format!("T{}S", d.seconds));
    }
    if s == "P" {
        s.push_str("0D");
    }
    s
}

/// The person's summary: a heading, one line per change, then what they are asked to do.
fn summarise(old: &Policy, new: &Policy, changes: &[Change], again: &[Pair]) -> Text {
    let (from, to) = (&old.version, &new.version);
    let mut en = Vec::new();
    let mut zh = Vec::new();
    if changes.is_empty() {
        en.push(format!(
            "Version {to} replaces {from}; nothing that concerns you has changed."
        ));
        zh.push(format!("{to}版取代{from}版，与您相关的内容没有变化。"));
    } else {
        en.push(format!("Version {to} replaces {from}:"));
        zh.push(format!("{to}版取代{from}版："));
    }
    for c in changes {
        for (lines, loc) in [(&mut en, "en"), (&mut zh, "zh-CN")] {
            if let Some(s) = c.summary.0.get(loc) {
                lines.push(s.clone());
            }
        }
    }
    if !again.is_empty() {
        let names = Pair::join(again);
        en.push(format!("We will ask for your consent again for: {}.", names.en));
        zh.push(format!("我们将就以下事项重新征求您的同意：{}。", names.zh));
    }
    if changes.iter().any(|c| c.reduces_rights) {
        en.push(
            "Some changes reduce your rights: until you accept this version, the version you accepted keeps applying to you."
                .into(),
        );
        zh.push("部分变更会减少您的权利：在您明确同意本版本之前，对您继续适用您此前同意的版本。".into());
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

    fn text(en: &str) -> Text {
        Text([("en".to_string(), en.to_string())].into())
    }

    #[test]
    fn a_rewritten_text_that_keeps_the_old_one_only_adds() {
        assert!(only_adds(
            &text("Delete it online."),
            &text("Delete it online. Or call us.")
        ));
        assert!(!only_adds(&text("Delete it online."), &text("Call us to delete it.")));
    }

    #[test]
    fn retention_directions() {
        assert!(longer("P6M", "P13M"));
        assert!(!longer("P13M", "P12M"));
        assert!(later_start(
            RetentionTrigger::Collection,
            RetentionTrigger::PurposeFulfilled
        ));
        assert!(!later_start(
            RetentionTrigger::PurposeFulfilled,
            RetentionTrigger::Collection
        ));
        assert!(lifetime_longer(&None, &Some("P1D".into())));
        assert!(!lifetime_longer(&Some("P1D".into()), &None));
    }

    #[test]
    fn durations_print_back_as_iso() {
        for s in ["P6M", "P1Y", "P1Y6M", "P30D"] {
            assert_eq!(iso(&Duration::parse(s).unwrap()), s);
        }
    }
}
