//! The comparison of each section of a policy: which kind a change is, what it touches, whether
//! it goes against the person or reduces their rights, and which line says it. Keyed lists go
//! through [`keyed`], lists of values through [`gained_lost`]; the words are the catalogue's.

use crate::prelude::*;

use serde_json::{Map, Value};

use super::diff::{
    code_of, code_value, gained_lost, keyed, string, strings, text_value, text_values, Differ, Entry, Matched,
};
use super::kinds::ChangeKind as K;
use super::words::{self, short, Announced, Line, Pair, PurposeFlag, Risk, Wording};
use crate::eval::jurisdiction::{resolve, ResolvedRule};
use crate::policy::{
    GuardianMode, ImpactAssessment, JurisdictionRule, LegalBasis, Policy, Purpose, RecipientRole, RetentionAction,
    RetentionRule, RetentionTrigger, Sensitivity, StorageItem,
};
use crate::time::Duration;

/// Whether `id` is within one of `ids` (itself or a refinement: `user.device.id` is within
/// `user.device`), as the evaluator's scope comparison reads it.
fn covered(ids: &[String], id: &str) -> bool {
    ids.iter()
        .any(|o| o == id || id.strip_prefix(o.as_str()).is_some_and(|rest| rest.starts_with('.')))
}

pub(super) fn days(iso: &str) -> Option<i64> {
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
fn only_adds(old: &crate::policy::Text, new: &crate::policy::Text) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    !old.0.is_empty()
        && old
            .0
            .iter()
            .all(|(loc, o)| new.0.get(loc).is_some_and(|n| norm(n).contains(&norm(o))))
}

fn signals(p: &Purpose) -> Vec<String> {
    p.consent_mode
        .iter()
        .map(code_of)
        .chain(p.tcf_purposes.iter().map(|n| format!("tcf:{n}")))
        .collect()
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

/// The jurisdiction rules with, for each, how many rules for the same code come before it: the
/// k-th rule for a code pairs with the k-th of the other version, so a document with a repeated
/// code (invalid, but still diffable) compares equal to itself.
fn numbered(rules: &[JurisdictionRule]) -> Vec<(&JurisdictionRule, usize)> {
    rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r, rules.iter().take(i).filter(|x| x.code == r.code).count()))
        .collect()
}

impl Differ<'_> {
    /// The name of an id in whichever version has it (the new one first), else the id.
    fn named<T>(
        &self,
        id: &str,
        list: impl Fn(&Policy) -> &[T],
        key: impl Fn(&T) -> &str,
        name: impl Fn(&T) -> &crate::policy::Text,
    ) -> Pair {
        if let Some(x) = list(self.new).iter().find(|x| key(x) == id) {
            return self.name_new(name(x));
        }
        if let Some(x) = list(self.old).iter().find(|x| key(x) == id) {
            return self.name_old(name(x));
        }
        Pair::same(id)
    }

    fn category(&self, id: &str) -> Pair {
        self.named(id, |p| &p.data_categories, |c| &c.id, |c| &c.label)
    }

    fn recipient(&self, id: &str) -> Pair {
        self.named(id, |p| &p.recipients, |r| &r.id, |r| &r.name)
    }

    fn purpose_name(&self, id: &str) -> Pair {
        self.named(id, |p| &p.purposes, |p| &p.id, |p| &p.name)
    }

    fn names(&self, ids: &[&String], name: impl Fn(&Self, &str) -> Pair) -> Pair {
        Pair::join(&ids.iter().map(|id| name(self, id)).collect::<Vec<_>>())
    }

    // (2) and (5): who is responsible and how to reach them.
    pub(super) fn controller(&mut self) {
        let (o, n) = (&self.old.controller, &self.new.controller);
        if o.name != n.name {
            let (on, nn) = (self.name_old(&o.name), self.name_new(&n.name));
            self.push(
                Entry::new(K::ControllerName, "controller", "$.controller.name")
                    .values(text_value(&o.name), text_value(&n.name))
                    .say(Line::ControllerName(&nn, &on)),
            );
        }
        if o.ownership != n.ownership {
            let nn = self.name_new(&n.ownership);
            self.push(
                Entry::new(K::ControllerOwnership, "controller", "$.controller.ownership")
                    .values(text_value(&o.ownership), text_value(&n.ownership))
                    .say(Line::ControllerOwnership(&nn)),
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
            let said = match kind {
                K::ControllerDepartment => Line::ControllerDepartment(&v),
                K::ControllerComplaintChannel => Line::ControllerComplaintChannel(&v),
                _ => Line::ControllerContact(&v),
            };
            self.push(
                Entry::new(kind, "controller", format!("$.controller.{field}"))
                    .values(text_value(ot), text_value(nt))
                    .say(said),
            );
        }
        for (field, ov, nv) in [("email", &o.email, &n.email), ("phone", &o.phone, &n.phone)] {
            if ov != nv {
                self.push(
                    Entry::new(K::ControllerContact, "controller", format!("$.controller.{field}"))
                        .values(string(ov), string(nv))
                        .say(Line::ControllerContactValue(nv, ov)),
                );
            }
        }
    }

    pub(super) fn purposes(&mut self) {
        for m in keyed(&self.old.purposes, &self.new.purposes, |a, b| a.id == b.id) {
            match m {
                Matched::Added(i, np) => {
                    // A new purpose resting on consent runs only once the person agrees to it;
                    // one on another basis runs without asking, which reduces their rights.
                    let name = self.name_new(&np.name);
                    let on_consent = np.legal_basis == LegalBasis::Consent;
                    let basis = words::legal_basis(np.legal_basis);
                    self.push(
                        Entry::added(K::PurposeAdded, &np.id, format!("$.purposes[{i}]"), string(&np.id))
                            .reduces(!on_consent)
                            .say(Line::PurposeAdded(&name, (!on_consent).then_some(&basis))),
                    );
                }
                Matched::Kept(i, op, np) => self.purpose_changed(&format!("$.purposes[{i}]"), op, np),
                Matched::Removed(j, op) => {
                    let name = self.name_old(&op.name);
                    self.push(
                        Entry::removed(K::PurposeRemoved, &op.id, format!("$.purposes[{j}]"), string(&op.id))
                            .say(Line::PurposeRemoved(&name)),
                    );
                }
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
            let labels = self.names(&added, Self::category);
            self.push(
                Entry::added(
                    K::PurposeDataAdded,
                    id,
                    format!("{path}.dataCategories"),
                    strings(&added),
                )
                .against(true)
                .say(Line::PurposeDataAdded(&name, &labels)),
            );
        }
        let (_, removed) = gained_lost(&op.data_categories, &np.data_categories);
        if !removed.is_empty() {
            let labels = self.names(&removed, Self::category);
            self.push(
                Entry::removed(
                    K::PurposeDataRemoved,
                    id,
                    format!("{path}.dataCategories"),
                    strings(&removed),
                )
                .say(Line::PurposeDataRemoved(&name, &labels)),
            );
        }

        // (3) Recipients. One new to the policy is reported once, as `recipient.added`, with
        // this purpose's path; here only recipients the old version already had (and, for one
        // dropped, that the new version still has).
        let (gained, dropped) = gained_lost(&op.recipients, &np.recipients);
        let gained: Vec<&String> = gained
            .into_iter()
            .filter(|r| old.recipients.iter().any(|x| &x.id == *r))
            .collect();
        let dropped: Vec<&String> = dropped
            .into_iter()
            .filter(|r| new.recipients.iter().any(|x| &x.id == *r))
            .collect();
        if !gained.is_empty() {
            let names = self.names(&gained, Self::recipient);
            self.push(
                Entry::added(
                    K::PurposeRecipientsAdded,
                    id,
                    format!("{path}.recipients"),
                    strings(&gained),
                )
                .against(true)
                .say(Line::PurposeRecipientsAdded(&name, &names)),
            );
        }
        if !dropped.is_empty() {
            let names = self.names(&dropped, Self::recipient);
            self.push(
                Entry::removed(
                    K::PurposeRecipientsRemoved,
                    id,
                    format!("{path}.recipients"),
                    strings(&dropped),
                )
                .say(Line::PurposeRecipientsRemoved(&name, &names)),
            );
        }

        // (1) The way of use: the legal basis is always major; leaving consent removes the
        // person's choice.
        if op.legal_basis != np.legal_basis {
            let (ob, nb) = (words::legal_basis(op.legal_basis), words::legal_basis(np.legal_basis));
            self.push(
                Entry::new(K::PurposeLegalBasis, id, format!("{path}.legalBasis"))
                    .values(code_value(&op.legal_basis), code_value(&np.legal_basis))
                    .reduces(op.legal_basis == LegalBasis::Consent && np.legal_basis != LegalBasis::Consent)
                    .say(Line::PurposeLegalBasis(&name, &ob, &nb)),
            );
        }

        // Essential < basic < extended: towards essential the person loses a choice (major);
        // towards extended they gain one (minor).
        if op.kind != np.kind {
            let k = words::purpose_kind(np.kind);
            self.push(
                Entry::new(K::PurposeKind, id, format!("{path}.kind"))
                    .values(code_value(&op.kind), code_value(&np.kind))
                    .against(np.kind < op.kind)
                    .say(Line::PurposeKind(&name, &k)),
            );
        }

        if op.cross_border != np.cross_border {
            self.push(
                Entry::new(K::PurposeCrossBorder, id, format!("{path}.crossBorder"))
                    .values(Value::Bool(op.cross_border), Value::Bool(np.cross_border))
                    .against(np.cross_border)
                    .say(Line::PurposeCrossBorder(&name, np.cross_border)),
            );
        }

        if op.separate_consent != np.separate_consent {
            self.push(
                Entry::new(K::PurposeSeparateConsent, id, format!("{path}.separateConsent"))
                    .values(Value::Bool(op.separate_consent), Value::Bool(np.separate_consent))
                    .reduces(!np.separate_consent)
                    .say(Line::PurposeSeparateConsent(&name, np.separate_consent)),
            );
        }

        if op.retention != np.retention {
            let or = old.retention.rules.iter().find(|r| r.id == op.retention);
            let nr = new.retention.rules.iter().find(|r| r.id == np.retention);
            let period = |r: Option<&RetentionRule>| words::period(r.map(|r| (r.duration.as_str(), r.trigger)));
            let (pa, pb) = (period(or), period(nr));
            let longer = match (or, nr) {
                (Some(a), Some(b)) => kept_longer(a, b),
                _ => true,
            };
            self.push(
                Entry::new(K::PurposeRetention, id, format!("{path}.retention"))
                    .values(string(&op.retention), string(&np.retention))
                    .reduces(longer)
                    .say(Line::PurposeRetention(&name, &pa, &pb)),
            );
        }

        self.purpose_storage(path, op, np, &name);

        // More Consent Mode signals or TCF purposes let others use the data in more ways.
        let (os, ns) = (signals(op), signals(np));
        let (more, fewer) = gained_lost(&os, &ns);
        let list = |xs: &[&String]| xs.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
        if !more.is_empty() {
            self.push(
                Entry::added(K::PurposeSignalsAdded, id, path, strings(&more))
                    .against(true)
                    .say(Line::PurposeSignalsAdded(&name, &list(&more))),
            );
        }
        if !fewer.is_empty() {
            self.push(
                Entry::removed(K::PurposeSignalsRemoved, id, path, strings(&fewer))
                    .say(Line::PurposeSignalsRemoved(&name, &list(&fewer))),
            );
        }

        self.wording(
            id,
            format!("{path}.name"),
            Wording::PurposeName(&name),
            &op.name,
            &np.name,
        );
        self.wording(
            id,
            format!("{path}.description"),
            Wording::PurposeDescription(&name),
            &op.description,
            &np.description,
        );
    }

    /// Cookies and storage: a new item set by another party, a longer life, or an item handed
    /// to another party change the way of use; the rest is minor.
    fn purpose_storage(&mut self, path: &str, op: &Purpose, np: &Purpose, name: &Pair) {
        let id = np.id.as_str();
        let old_index = self.old.purposes.iter().position(|p| p.id == op.id).unwrap_or_default();
        let same = |a: &StorageItem, b: &StorageItem| a.kind == b.kind && a.name == b.name;
        for m in keyed(&op.storage, &np.storage, same) {
            match m {
                Matched::Added(k, ni) => {
                    let (kind, who) = (words::storage_kind(ni.kind), words::party(ni.first_party));
                    self.push(
                        Entry::added(
                            K::PurposeStorageAdded,
                            id,
                            format!("{path}.storage[{k}]"),
                            string(&ni.name),
                        )
                        .against(!ni.first_party)
                        .say(Line::PurposeStorageAdded(name, &kind, &ni.name, &who)),
                    );
                }
                Matched::Kept(k, oi, ni) if oi != ni => {
                    let (kind, who) = (words::storage_kind(ni.kind), words::party(ni.first_party));
                    let to_third = oi.first_party && !ni.first_party;
                    let life = words::lifetime(ni.lifetime.as_deref());
                    let lifetime = |i: &StorageItem| i.lifetime.as_deref().map(string).unwrap_or(Value::Null);
                    self.push(
                        Entry::new(K::PurposeStorageChanged, id, format!("{path}.storage[{k}]"))
                            .values(lifetime(oi), lifetime(ni))
                            .against(to_third)
                            .reduces(to_third || lifetime_longer(&oi.lifetime, &ni.lifetime))
                            .say(Line::PurposeStorageChanged(name, &kind, &ni.name, &life, &who)),
                    );
                }
                Matched::Kept(..) => {}
                Matched::Removed(k, oi) => {
                    let kind = words::storage_kind(oi.kind);
                    self.push(
                        Entry::removed(
                            K::PurposeStorageRemoved,
                            id,
                            format!("$.purposes[{old_index}].storage[{k}]"),
                            string(&oi.name),
                        )
                        .say(Line::PurposeStorageRemoved(name, &kind, &oi.name)),
                    );
                }
            }
        }
    }

    // (3) The main recipients.
    pub(super) fn recipients(&mut self) {
        let (old, new) = (self.old, self.new);
        // The purposes of a version that share with a recipient, with their indexes.
        let users = |p: &'_ Policy, id: &str| -> Vec<usize> {
            p.purposes
                .iter()
                .enumerate()
                .filter(|(_, x)| x.recipients.iter().any(|r| r == id))
                .map(|(k, _)| k)
                .collect()
        };
        let user_paths = |ks: &[usize]| {
            ks.iter()
                .map(|k| format!("$.purposes[{k}].recipients"))
                .collect::<Vec<_>>()
        };
        for m in keyed(&old.recipients, &new.recipients, |a, b| a.id == b.id) {
            let (i, or, nr) = match m {
                Matched::Added(i, nr) => {
                    let rname = self.name_new(&nr.name);
                    let using = users(new, &nr.id);
                    let names = Pair::join(
                        &using
                            .iter()
                            .filter_map(|&k| new.purposes.get(k))
                            .map(|p| self.name_new(&p.name))
                            .collect::<Vec<_>>(),
                    );
                    self.push(
                        Entry::added(K::RecipientAdded, &nr.id, format!("$.recipients[{i}]"), string(&nr.id))
                            .paths(user_paths(&using))
                            .reduces(!using.is_empty())
                            .say(Line::RecipientAdded(&rname, (!using.is_empty()).then_some(&names))),
                    );
                    continue;
                }
                Matched::Removed(j, or) => {
                    let rname = self.name_old(&or.name);
                    self.push(
                        Entry::removed(
                            K::RecipientRemoved,
                            &or.id,
                            format!("$.recipients[{j}]"),
                            string(&or.id),
                        )
                        .paths(user_paths(&users(old, &or.id)))
                        .say(Line::RecipientRemoved(&rname)),
                    );
                    continue;
                }
                Matched::Kept(i, or, nr) => (i, or, nr),
            };
            let path = format!("$.recipients[{i}]");
            let rname = self.name_new(&nr.name);
            if or.role != nr.role {
                // A processor acts on our instructions; any other role decides for itself, so
                // leaving "processor" widens the category of recipient, and reduces rights.
                let (against, reduces) = match (or.role, nr.role) {
                    (_, RecipientRole::Processor) => (false, false),
                    (RecipientRole::Processor, _) => (true, true),
                    _ => (true, false),
                };
                let (ro, rn) = (words::role(or.role), words::role(nr.role));
                self.push(
                    Entry::new(K::RecipientRole, &nr.id, format!("{path}.role"))
                        .values(code_value(&or.role), code_value(&nr.role))
                        .against(against)
                        .reduces(reduces)
                        .say(Line::RecipientRole(&rname, &rn, &ro)),
                );
            }
            if or.country != nr.country {
                self.push(
                    Entry::new(K::RecipientCountry, &nr.id, format!("{path}.country"))
                        .values(string(&or.country), string(&nr.country))
                        .against(!new.storage.countries.contains(&nr.country))
                        .say(Line::RecipientCountry(&rname, &or.country, &nr.country)),
                );
            }
            if or.deidentified_only != nr.deidentified_only {
                self.push(
                    Entry::new(K::RecipientDeidentifiedOnly, &nr.id, format!("{path}.deidentifiedOnly"))
                        .values(Value::Bool(or.deidentified_only), Value::Bool(nr.deidentified_only))
                        .against(!nr.deidentified_only)
                        .say(Line::RecipientDeidentifiedOnly(&rname, nr.deidentified_only)),
                );
            }
            self.wording(
                &nr.id,
                format!("{path}.name"),
                Wording::RecipientName(&rname),
                &or.name,
                &nr.name,
            );
        }
    }

    /// The kinds of information defined. Using one is a purpose's change; here only the
    /// definitions, and sensitivity, which decides whether a separate consent is needed.
    pub(super) fn data_categories(&mut self) {
        for m in keyed(&self.old.data_categories, &self.new.data_categories, |a, b| {
            a.id == b.id
        }) {
            match m {
                Matched::Added(i, nc) => {
                    let label = self.name_new(&nc.label);
                    self.push(
                        Entry::added(
                            K::DataCategoryAdded,
                            &nc.id,
                            format!("$.dataCategories[{i}]"),
                            string(&nc.id),
                        )
                        .say(Line::DataCategoryAdded(&label)),
                    );
                }
                Matched::Kept(i, oc, nc) => {
                    let path = format!("$.dataCategories[{i}]");
                    let label = self.name_new(&nc.label);
                    if oc.sensitivity != nc.sensitivity {
                        let sensitive = nc.sensitivity == Sensitivity::Sensitive;
                        self.push(
                            Entry::new(K::DataCategorySensitivity, &nc.id, format!("{path}.sensitivity"))
                                .values(code_value(&oc.sensitivity), code_value(&nc.sensitivity))
                                .reduces(!sensitive)
                                .say(Line::DataCategorySensitivity(&label, sensitive)),
                        );
                    }
                    self.wording(
                        &nc.id,
                        format!("{path}.label"),
                        Wording::CategoryLabel(&label),
                        &oc.label,
                        &nc.label,
                    );
                }
                Matched::Removed(j, oc) => {
                    let label = self.name_old(&oc.label);
                    self.push(
                        Entry::removed(
                            K::DataCategoryRemoved,
                            &oc.id,
                            format!("$.dataCategories[{j}]"),
                            string(&oc.id),
                        )
                        .say(Line::DataCategoryRemoved(&label)),
                    );
                }
            }
        }
    }

    /// Retention: keeping longer, counting from a later event, or anonymizing where data was
    /// deleted reduce rights; the opposite is minor.
    pub(super) fn retention(&mut self) {
        let (old, new) = (self.old, self.new);
        let (om, nm) = (&old.retention.minimum, &new.retention.minimum);
        if om != nm {
            let (a, b) = (words::duration(om), words::duration(nm));
            self.push(
                Entry::new(K::RetentionMinimum, "retention", "$.retention.minimum")
                    .values(string(om), string(nm))
                    .say(Line::RetentionMinimum(&a, &b)),
            );
        }
        for m in keyed(&old.retention.rules, &new.retention.rules, |a, b| a.id == b.id) {
            let (i, or, nr) = match m {
                Matched::Added(i, nr) => {
                    let (d, t, a) = (
                        words::duration(&nr.duration),
                        words::trigger(nr.trigger),
                        words::action(nr.action),
                    );
                    self.push(
                        Entry::added(
                            K::RetentionRuleAdded,
                            &nr.id,
                            format!("$.retention.rules[{i}]"),
                            string(&nr.id),
                        )
                        .say(Line::RetentionRuleAdded(&d, &t, &a)),
                    );
                    continue;
                }
                Matched::Removed(j, or) => {
                    self.push(
                        Entry::removed(
                            K::RetentionRuleRemoved,
                            &or.id,
                            format!("$.retention.rules[{j}]"),
                            string(&or.id),
                        )
                        .say(Line::RetentionRuleRemoved(&or.id)),
                    );
                    continue;
                }
                Matched::Kept(i, or, nr) => (i, or, nr),
            };
            let path = format!("$.retention.rules[{i}]");
            let users: Vec<Pair> = new
                .purposes
                .iter()
                .filter(|p| p.retention == nr.id)
                .map(|p| self.name_new(&p.name))
                .collect();
            let who = if users.is_empty() {
                words::retention_rule(&nr.id)
            } else {
                Pair::join(&users)
            };
            if or.duration != nr.duration {
                let (a, b) = (words::duration(&or.duration), words::duration(&nr.duration));
                self.push(
                    Entry::new(K::RetentionDuration, &nr.id, format!("{path}.duration"))
                        .values(string(&or.duration), string(&nr.duration))
                        .reduces(longer(&or.duration, &nr.duration))
                        .say(Line::RetentionDuration(&who, &a, &b)),
                );
            }
            if or.trigger != nr.trigger {
                let (a, b) = (words::trigger(or.trigger), words::trigger(nr.trigger));
                self.push(
                    Entry::new(K::RetentionTrigger, &nr.id, format!("{path}.trigger"))
                        .values(code_value(&or.trigger), code_value(&nr.trigger))
                        .reduces(later_start(or.trigger, nr.trigger))
                        .say(Line::RetentionTrigger(&who, &a, &b)),
                );
            }
            if or.action != nr.action {
                let (a, b) = (words::action(or.action), words::action(nr.action));
                self.push(
                    Entry::new(K::RetentionAction, &nr.id, format!("{path}.action"))
                        .values(code_value(&or.action), code_value(&nr.action))
                        .reduces(or.action == RetentionAction::Delete && nr.action != RetentionAction::Delete)
                        .say(Line::RetentionAction(&who, &a, &b)),
                );
            }
            self.wording(
                &nr.id,
                format!("{path}.description"),
                Wording::Retention(&who),
                &or.description,
                &nr.description,
            );
        }
    }

    /// Where data is stored: a new country is a transfer abroad.
    pub(super) fn storage(&mut self) {
        let (o, n) = (&self.old.storage, &self.new.storage);
        let (added, removed) = gained_lost(&o.countries, &n.countries);
        let list = |cs: &[&String]| Pair::join(&cs.iter().map(|c| Pair::same(c)).collect::<Vec<_>>());
        if !added.is_empty() {
            self.push(
                Entry::added(
                    K::StorageCountriesAdded,
                    "storage",
                    "$.storage.countries",
                    strings(&added),
                )
                .against(true)
                .say(Line::StorageCountriesAdded(&list(&added))),
            );
        }
        if !removed.is_empty() {
            self.push(
                Entry::removed(
                    K::StorageCountriesRemoved,
                    "storage",
                    "$.storage.countries",
                    strings(&removed),
                )
                .say(Line::StorageCountriesRemoved(&list(&removed))),
            );
        }
        if o.cross_border_needs_consent != n.cross_border_needs_consent {
            self.push(
                Entry::new(
                    K::StorageCrossBorderConsent,
                    "storage",
                    "$.storage.crossBorderNeedsConsent",
                )
                .values(
                    Value::Bool(o.cross_border_needs_consent),
                    Value::Bool(n.cross_border_needs_consent),
                )
                .against(!n.cross_border_needs_consent)
                .say(Line::StorageCrossBorderConsent(n.cross_border_needs_consent)),
            );
        }
    }

    // (4) Rights and how to exercise them.
    pub(super) fn rights(&mut self) {
        for m in keyed(&self.old.rights, &self.new.rights, |a, b| a.id == b.id) {
            match m {
                Matched::Added(i, nr) => {
                    let desc = self.name_new(&nr.description);
                    self.push(
                        Entry::added(K::RightAdded, &nr.id, format!("$.rights[{i}]"), string(&nr.id))
                            .say(Line::RightAdded(&desc)),
                    );
                }
                Matched::Kept(i, or, nr) => {
                    let path = format!("$.rights[{i}]");
                    let desc = self.name_new(&nr.description);
                    if or.kind != nr.kind {
                        self.push(
                            Entry::new(K::RightKind, &nr.id, format!("{path}.kind"))
                                .values(code_value(&or.kind), code_value(&nr.kind))
                                .reduces(true)
                                .say(Line::RightKind(&desc)),
                        );
                    }
                    if or.how != nr.how {
                        // Prose cannot be ranked; only a text that keeps the old one word for
                        // word and adds to it is taken not to narrow the way.
                        let how = self.name_new(&nr.how);
                        let (o, n) = text_values(&or.how, &nr.how);
                        self.push(
                            Entry::new(K::RightHow, &nr.id, format!("{path}.how"))
                                .values(o, n)
                                .reduces(!only_adds(&or.how, &nr.how))
                                .say(Line::RightHow(&desc, &how)),
                        );
                    }
                    self.wording(
                        &nr.id,
                        format!("{path}.description"),
                        Wording::RightDescription(&desc),
                        &or.description,
                        &nr.description,
                    );
                }
                Matched::Removed(j, or) => {
                    let desc = self.name_old(&or.description);
                    self.push(
                        Entry::removed(K::RightRemoved, &or.id, format!("$.rights[{j}]"), string(&or.id))
                            .reduces(true)
                            .say(Line::RightRemoved(&desc)),
                    );
                }
            }
        }
    }

    /// More cases of processing without consent reduce rights.
    pub(super) fn legal_exceptions(&mut self) {
        for m in keyed(&self.old.legal_exceptions, &self.new.legal_exceptions, |a, b| {
            a.id == b.id
        }) {
            match m {
                Matched::Added(i, ne) => {
                    let desc = self.name_new(&ne.description);
                    self.push(
                        Entry::added(
                            K::LegalExceptionAdded,
                            &ne.id,
                            format!("$.legalExceptions[{i}]"),
                            string(&ne.id),
                        )
                        .reduces(true)
                        .say(Line::LegalExceptionAdded(&desc)),
                    );
                }
                Matched::Kept(i, oe, ne) => self.wording(
                    &ne.id,
                    format!("$.legalExceptions[{i}].description"),
                    Wording::LegalException,
                    &oe.description,
                    &ne.description,
                ),
                Matched::Removed(j, oe) => {
                    let desc = self.name_old(&oe.description);
                    self.push(
                        Entry::removed(
                            K::LegalExceptionRemoved,
                            &oe.id,
                            format!("$.legalExceptions[{j}]"),
                            string(&oe.id),
                        )
                        .say(Line::LegalExceptionRemoved(&desc)),
                    );
                }
            }
        }
    }

    // (6) An impact assessment showing a high risk: a new report that finds one is major.
    pub(super) fn impact_assessment(&mut self) {
        let path = "$.impactAssessment";
        let state = |a: &ImpactAssessment| {
            let mut m = Map::new();
            m.insert("date".into(), string(&a.date));
            m.insert("highRisk".into(), Value::Bool(a.high_risk));
            Value::Object(m)
        };
        let def = self.new.default_locale.clone();
        let entry = |o: Option<&ImpactAssessment>, n: Option<&ImpactAssessment>, kind| {
            Entry::new(kind, "impactAssessment", path)
                .values(o.map(state).unwrap_or(Value::Null), n.map(state).unwrap_or(Value::Null))
        };
        match (&self.old.impact_assessment, &self.new.impact_assessment) {
            (o, Some(n)) if n.high_risk && o.as_ref().is_none_or(|o| !o.high_risk || o.date != n.date) => {
                let s = Pair::of(&n.summary, &def);
                self.push(
                    entry(o.as_ref(), Some(n), K::ImpactAssessmentHighRisk).say(Line::ImpactHighRisk(&n.date, &s)),
                );
            }
            (Some(o), Some(n)) => {
                if o.high_risk != n.high_risk || o.date != n.date {
                    self.push(entry(Some(o), Some(n), K::ImpactAssessmentChanged).say(Line::ImpactUpdated(&n.date)));
                }
                self.wording(
                    "impactAssessment",
                    format!("{path}.summary"),
                    Wording::ImpactSummary,
                    &o.summary,
                    &n.summary,
                );
            }
            (None, Some(n)) => {
                self.push(entry(None, Some(n), K::ImpactAssessmentChanged).say(Line::ImpactPublished(&n.date)));
            }
            (Some(o), None) => self.push(entry(Some(o), None, K::ImpactAssessmentChanged).say(Line::ImpactGone)),
            (None, None) => {}
        }
    }

    // (4) How the person takes part: ages, the age gate, guardians, GPC, how long a consent
    // and a refusal last. Compared as they apply (after `extends` and `*`), reported where the
    // declared rule changed.
    pub(super) fn jurisdictions(&mut self) {
        let (old, new) = (numbered(&self.old.jurisdictions), numbered(&self.new.jurisdictions));
        let same = |a: &(&JurisdictionRule, usize), b: &(&JurisdictionRule, usize)| a.0.code == b.0.code && a.1 == b.1;
        for m in keyed(&old, &new, same) {
            match m {
                Matched::Added(i, &(nj, _)) => {
                    let fields = self.rule_fields(&nj.code);
                    let reduces = fields.iter().any(|f| f.reduces);
                    let (o, n) = field_values(&fields);
                    self.push(
                        Entry::new(K::JurisdictionAdded, &nj.code, format!("$.jurisdictions[{i}]"))
                            .values(o, n)
                            .against(reduces)
                            .say(Line::JurisdictionAdded(&words::place(&nj.code), &nj.law)),
                    );
                }
                Matched::Kept(i, &(oj, _), &(nj, _)) if oj != nj => {
                    let path = format!("$.jurisdictions[{i}]");
                    for f in self.rule_fields(&nj.code) {
                        self.push(
                            Entry::new(K::JurisdictionChanged, &nj.code, format!("{path}.{}", f.field))
                                .values(f.old, f.new)
                                .against(f.reduces)
                                .said(f.line),
                        );
                    }
                    if oj.law != nj.law {
                        self.push(
                            Entry::new(K::JurisdictionLaw, &nj.code, format!("{path}.law"))
                                .values(string(&short(&oj.law, 80)), string(&short(&nj.law, 80)))
                                .say(Line::JurisdictionLaw(&words::place(&nj.code))),
                        );
                    }
                }
                Matched::Kept(..) => {}
                Matched::Removed(j, &(oj, _)) => {
                    let fields = self.rule_fields(&oj.code);
                    let reduces = fields.iter().any(|f| f.reduces);
                    let (o, n) = field_values(&fields);
                    self.push(
                        Entry::new(K::JurisdictionRemoved, &oj.code, format!("$.jurisdictions[{j}]"))
                            .values(o, n)
                            .against(reduces)
                            .say(Line::JurisdictionRemoved(&words::place(&oj.code))),
                    );
                }
            }
        }
    }

    /// The fields that apply differently to `code` in the new version than in the old.
    fn rule_fields(&self, code: &str) -> Vec<FieldChange> {
        let (Some(o), Some(n)) = (resolve(self.old, code), resolve(self.new, code)) else {
            return Vec::new();
        };
        let place = words::place(code);
        let mut out = Vec::new();
        let mut field = |field: &'static str, old: Value, new: Value, reduces: bool, l: Line<'_>| {
            out.push(FieldChange {
                field,
                old,
                new,
                reduces,
                line: words::line(l),
            })
        };
        let (a, b) = (o.guardian_age.value, n.guardian_age.value);
        if a != b {
            field(
                "guardianAge",
                a.into(),
                b.into(),
                b < a,
                Line::GuardianAge(&place, a, b),
            );
        }
        let (a, b) = (o.minor_age.value, n.minor_age.value);
        if a != b {
            field("minorAge", a.into(), b.into(), b < a, Line::MinorAge(&place, a, b));
        }
        let (was, now) = (
            o.child_data_sensitive_below.as_ref().map(|s| s.value),
            n.child_data_sensitive_below.as_ref().map(|s| s.value),
        );
        if was != now {
            field(
                "childDataSensitiveBelow",
                was.map_or(Value::Null, Value::from),
                now.map_or(Value::Null, Value::from),
                // A lower age, or none, takes a separate consent away from some children.
                now.unwrap_or(0) < was.unwrap_or(0),
                Line::ChildDataSensitiveBelow(&place, now),
            );
        }
        if o.ask_age.value != n.ask_age.value {
            let now = n.ask_age.value;
            field(
                "askAge",
                Value::Bool(o.ask_age.value),
                Value::Bool(now),
                !now,
                Line::AskAge(&place, now),
            );
        }
        if o.guardian_mode.value != n.guardian_mode.value {
            let m = words::guardian_mode(n.guardian_mode.value);
            field(
                "guardianMode",
                code_value(&o.guardian_mode.value),
                code_value(&n.guardian_mode.value),
                o.guardian_mode.value == GuardianMode::GuardianAndChild,
                Line::GuardianMode(&place, &m),
            );
        }
        for (name, flag) in [
            ("forbiddenForMinors", PurposeFlag::ForbiddenForMinors),
            ("gpcOptsOut", PurposeFlag::GpcOptsOut),
        ] {
            let pick = |p: &Policy, r: &ResolvedRule| -> Vec<String> {
                let flags = match flag {
                    PurposeFlag::GpcOptsOut => &r.gpc_opts_out.value,
                    PurposeFlag::ForbiddenForMinors => &r.forbidden_for_minors.value,
                };
                p.purposes
                    .iter()
                    .zip(flags)
                    .filter(|(_, on)| **on)
                    .map(|(p, _)| p.id.clone())
                    .collect()
            };
            let (a, b) = (pick(self.old, &o), pick(self.new, &n));
            let (gained, lost) = gained_lost(&a, &b);
            // A purpose that is gone is not a protection lost.
            let lost: Vec<&String> = lost
                .into_iter()
                .filter(|x| self.new.purposes.iter().any(|p| &p.id == *x))
                .collect();
            if gained.is_empty() && lost.is_empty() {
                continue;
            }
            let (g, l) = (
                self.names(&gained, Self::purpose_name),
                self.names(&lost, Self::purpose_name),
            );
            let said = Line::PurposeFlags(
                &place,
                flag,
                (!gained.is_empty()).then_some(&g),
                (!lost.is_empty()).then_some(&l),
            );
            field(name, strings(&a), strings(&b), !lost.is_empty(), said);
        }
        // A consent kept longer, or a refusal forgotten sooner (GB/T 35273-2020 5.3: do not ask
        // again frequently), reduces the person's control.
        let (a, b) = (&o.consent_validity.value, &n.consent_validity.value);
        if a != b {
            let (ia, ib) = (iso(a), iso(b));
            let (wa, wb) = (words::duration(&ia), words::duration(&ib));
            let grew = b.approx_days() > a.approx_days();
            field(
                "consentValidity",
                string(&ia),
                string(&ib),
                grew,
                Line::ConsentValidity(&place, &wa, &wb),
            );
        }
        let (a, b) = (&o.refusal_memory.value, &n.refusal_memory.value);
        if a != b {
            let (ia, ib) = (iso(a), iso(b));
            let (wa, wb) = (words::duration(&ia), words::duration(&ib));
            let grew = b.approx_days() > a.approx_days();
            field(
                "refusalMemory",
                string(&ia),
                string(&ib),
                !grew,
                Line::RefusalMemory(&place, &wa, &wb),
            );
        }
        out
    }

    // (4) for a child: the guardian consents, so accepting a weaker way to verify the guardian
    // lowers the child's protection; accepting fewer ways is minor.
    pub(super) fn guardian(&mut self) {
        let (o, n) = (&self.old.guardian, &self.new.guardian);
        let lists = [
            ("lowRiskMethods", &o.low_risk_methods, &n.low_risk_methods, Risk::Low),
            (
                "highRiskMethods",
                &o.high_risk_methods,
                &n.high_risk_methods,
                Risk::High,
            ),
        ];
        for (field, a, b, risk) in lists {
            let path = format!("$.guardian.{field}");
            let (gained, lost) = gained_lost(a, b);
            let names = |ms: &[&crate::policy::VerificationMethod]| {
                Pair::join(&ms.iter().map(|m| words::verification(**m)).collect::<Vec<_>>())
            };
            let codes = |ms: &[&crate::policy::VerificationMethod]| strings(ms.iter().map(code_of));
            if !gained.is_empty() {
                self.push(
                    Entry::added(K::GuardianMethodsAdded, "guardian", path.clone(), codes(&gained))
                        .reduces(true)
                        .say(Line::GuardianMethodsAdded(risk, &names(&gained))),
                );
            }
            if !lost.is_empty() {
                self.push(
                    Entry::removed(K::GuardianMethodsRemoved, "guardian", path, codes(&lost))
                        .say(Line::GuardianMethodsRemoved(risk, &names(&lost))),
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
                    .say(Line::GuardianRequestValidity(&a, &b)),
            );
        }
    }

    pub(super) fn changes_section(&mut self) {
        let (o, n) = (&self.old.changes, &self.new.changes);
        if o.notice_period != n.notice_period {
            let (a, b) = (words::duration(&o.notice_period), words::duration(&n.notice_period));
            self.push(
                Entry::new(K::ChangesNoticePeriod, "changes", "$.changes.noticePeriod")
                    .values(string(&o.notice_period), string(&n.notice_period))
                    .reduces(longer(&n.notice_period, &o.notice_period))
                    .say(Line::ChangesNoticePeriod(&a, &b)),
            );
        }
        let lists = [
            ("channels", &o.channels, &n.channels, Announced::Changes),
            (
                "majorChannels",
                &o.major_channels,
                &n.major_channels,
                Announced::MajorChanges,
            ),
        ];
        for (field, a, b, what) in lists {
            let path = format!("$.changes.{field}");
            let (gained, lost) = gained_lost(a, b);
            let codes =
                |cs: &[&crate::policy::NoticeChannel]| strings(cs.iter().map(|c| crate::json::variant_name(*c)));
            let names = |cs: &[&crate::policy::NoticeChannel]| {
                Pair::join(&cs.iter().map(|c| words::channel(**c)).collect::<Vec<_>>())
            };
            if !gained.is_empty() {
                self.push(
                    Entry::added(K::ChangesChannelsAdded, "changes", path.clone(), codes(&gained))
                        .say(Line::ChangesChannelsAdded(what, &names(&gained))),
                );
            }
            if !lost.is_empty() {
                self.push(
                    Entry::removed(K::ChangesChannelsRemoved, "changes", path, codes(&lost))
                        .reduces(true)
                        .say(Line::ChangesChannelsRemoved(what, &names(&lost))),
                );
            }
        }
    }

    /// Where and in which languages the policy is published, its sections, and the texts of
    /// the policy as a whole.
    pub(super) fn meta(&mut self) {
        let (old, new) = (self.old, self.new);
        if old.url != new.url {
            self.push(
                Entry::new(K::PolicyUrl, "policy", "$.url")
                    .values(string(&old.url), string(&new.url))
                    .say(Line::PolicyUrl(&new.url)),
            );
        }
        let (gained, lost) = gained_lost(&old.locales, &new.locales);
        let list = |ls: &[&String]| Pair::join(&ls.iter().map(|x| Pair::same(x)).collect::<Vec<_>>());
        if !gained.is_empty() {
            self.push(
                Entry::added(K::PolicyLocalesAdded, "policy", "$.locales", strings(&gained))
                    .say(Line::PolicyLocalesAdded(&list(&gained))),
            );
        }
        if !lost.is_empty() {
            self.push(
                Entry::removed(K::PolicyLocalesRemoved, "policy", "$.locales", strings(&lost))
                    .say(Line::PolicyLocalesRemoved(&list(&lost))),
            );
        }
        if old.default_locale != new.default_locale {
            self.push(
                Entry::new(K::PolicyDefaultLocale, "policy", "$.defaultLocale")
                    .values(string(&old.default_locale), string(&new.default_locale))
                    .say(Line::PolicyDefaultLocale(&new.default_locale)),
            );
        }
        for m in keyed(&old.clauses, &new.clauses, |a, b| a.id == b.id) {
            match m {
                Matched::Added(i, nc) => {
                    let title = self.name_new(&nc.title);
                    self.push(
                        Entry::added(K::ClauseAdded, &nc.id, format!("$.clauses[{i}]"), string(&nc.id))
                            .say(Line::ClauseAdded(&title)),
                    );
                }
                Matched::Kept(i, oc, nc) => {
                    let path = format!("$.clauses[{i}]");
                    let title = self.name_new(&nc.title);
                    if oc.anchor != nc.anchor {
                        self.push(
                            Entry::new(K::ClauseAnchor, &nc.id, format!("{path}.anchor"))
                                .values(string(&oc.anchor), string(&nc.anchor))
                                .say(Line::ClauseAnchor(&title)),
                        );
                    }
                    self.wording(
                        &nc.id,
                        format!("{path}.title"),
                        Wording::ClauseTitle(&title),
                        &oc.title,
                        &nc.title,
                    );
                }
                Matched::Removed(j, oc) => {
                    let title = self.name_old(&oc.title);
                    self.push(
                        Entry::removed(K::ClauseRemoved, &oc.id, format!("$.clauses[{j}]"), string(&oc.id))
                            .say(Line::ClauseRemoved(&title)),
                    );
                }
            }
        }
        self.wording("policy", "$.title".into(), Wording::PolicyTitle, &old.title, &new.title);
        self.wording(
            "notice",
            "$.notice.title".into(),
            Wording::NoticeTitle,
            &old.notice.title,
            &new.notice.title,
        );
        self.wording(
            "notice",
            "$.notice.summary".into(),
            Wording::NoticeSummary,
            &old.notice.summary,
            &new.notice.summary,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(en: &str) -> crate::policy::Text {
        crate::policy::Text([("en".to_string(), en.to_string())].into())
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
