//! Checks beyond the schema: ids, references, consent rules, translations, jurisdictions, dates.

use super::ids::IdIndex;
use super::iso3166::{is_country, is_jurisdiction};
use super::problem::{did_you_mean, listed, Problem};
use super::*;
use crate::prelude::*;
use crate::time::{parse_date, Duration};

/// How many "did you mean" hints one policy's problems get. Each measures a name against every
/// candidate, so a policy of thousands of dangling references to thousands of ids would cost their
/// product; past the first hundred, a person fixing the policy is helped no more by hints.
const MAX_SUGGESTIONS: usize = 100;

struct Checker<'a> {
    policy: &'a Policy,
    problems: Vec<Problem>,
    clauses: IdIndex<'a>,
    locales: IdIndex<'a>,
    /// The locales as a hint lists them, written once: every missing translation repeats it.
    all_locales: String,
    suggestions_left: core::cell::Cell<usize>,
}

/// How many rules a jurisdiction's `extends` chain may pass through. Real chains are two or three
/// long (`US-CA`, `US`, `*`); without a bound, checking a chain of a thousand rules for cycles took
/// seconds (every rule walks the chain, each step a search of the list), and one of 40,000 would
/// not end.
const MAX_EXTENDS_DEPTH: usize = 16;

/// How many problems one policy reports. A policy's texts times its locales can be millions of
/// missing translations (a thousand locales made 1.2 GB of problems); the first thousand are
/// plenty to fix first.
const MAX_PROBLEMS: usize = 1000;

impl<'a> Checker<'a> {
    fn push(&mut self, p: Problem) {
        match self.problems.len() {
            n if n < MAX_PROBLEMS => self.problems.push(p),
            MAX_PROBLEMS => self.problems.push(
                Problem::at(
                    "policy.too_many_problems",
                    "$",
                    format!("the policy has more than {MAX_PROBLEMS} problems; the first {MAX_PROBLEMS} are listed"),
                )
                .hint("fix the problems listed and check again"),
            ),
            _ => {}
        }
    }

    /// Whether no further problem will be recorded.
    fn full(&self) -> bool {
        self.problems.len() > MAX_PROBLEMS
    }

    /// [`did_you_mean`], while the policy's hints last.
    fn suggest<'c>(&self, wrong: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<String> {
        let left = self.suggestions_left.get().checked_sub(1)?;
        self.suggestions_left.set(left);
        did_you_mean(wrong, candidates)
    }

    fn text(&mut self, path: &str, t: &Text) {
        // Once full, the texts times the locales are not even looked at.
        if self.full() {
            return;
        }
        for loc in &self.policy.locales {
            if self.full() {
                return;
            }
            match t.0.get(loc) {
                None => self.push(
                    Problem::at("policy.missing_translation", path, format!("no `{loc}` text")).hint(format!(
                        "add a `{loc}` entry; every text needs all of {}",
                        self.all_locales
                    )),
                ),
                Some(s) if s.trim().is_empty() => self.push(Problem::at(
                    "policy.empty_text",
                    crate::json::member_path(path, loc),
                    "the text is empty",
                )),
                Some(_) => {}
            }
        }
        for loc in t.0.keys() {
            if self.full() {
                return;
            }
            if !self.locales.contains(loc) {
                self.push(
                    Problem::at(
                        "policy.unknown_locale",
                        crate::json::member_path(path, loc),
                        format!("`{loc}` is not one of the policy's locales"),
                    )
                    .maybe_hint(self.suggest(loc, self.policy.locales.iter().map(String::as_str)))
                    .or_hint(format!("add `{loc}` to `locales` or remove this entry")),
                );
            }
        }
    }

    fn cite(&mut self, path: &str, c: &Cite) {
        if !self.clauses.contains(c.clause.as_str()) {
            let hint = self.suggest(&c.clause, self.clauses.ids());
            self.push(
                Problem::at(
                    "policy.dangling_reference",
                    format!("{path}.clause"),
                    format!("unknown clause `{}`", c.clause),
                )
                .maybe_hint(hint)
                .or_hint("cite the id of an entry in `clauses`"),
            );
        }
        if c.quote.trim().is_empty() {
            self.push(
                Problem::at("policy.empty_quote", format!("{path}.quote"), "the quote is empty")
                    .hint("quote a few words of the clause so a reader can find it"),
            );
        }
    }

    fn duration(&mut self, path: &str, s: &str) -> Option<Duration> {
        match Duration::parse(s) {
            Ok(d) => Some(d),
            Err(e) => {
                self.push(
                    Problem::at("policy.invalid_duration", path, e.0)
                        .hint("write an ISO 8601 duration such as P6M, P30D or P1Y"),
                );
                None
            }
        }
    }

    fn date(&mut self, path: &str, s: &str) {
        if let Err(e) = parse_date(s) {
            self.push(Problem::at("policy.invalid_date", path, e.0).hint("write the date as YYYY-MM-DD"));
        }
    }

    fn country(&mut self, path: &str, code: &str) {
        if !is_country(code) {
            self.push(
                Problem::at(
                    "policy.unknown_jurisdiction",
                    path,
                    format!("`{code}` is not an ISO 3166-1 alpha-2 country code"),
                )
                .maybe_hint(self.suggest(code, super::iso3166::countries()))
                .or_hint("use an upper-case two-letter code such as CN, DE or US"),
            );
        }
    }

    /// Reports duplicate ids in one list.
    fn unique<'b>(&mut self, list: &str, ids: impl Iterator<Item = &'b str>) {
        let mut list_ids: Vec<&str> = Vec::new();
        for id in ids {
            list_ids.push(id);
        }
        let ids = list_ids;
        for (i, first) in IdIndex::new(ids.iter().copied()).repeats() {
            let id = ids.get(i).copied().unwrap_or_default();
            self.push(
                Problem::at(
                    "policy.duplicate_id",
                    format!("$.{list}[{i}].id"),
                    format!("`{id}` is already used by {list}[{first}]"),
                )
                .hint("give every entry its own id"),
            );
        }
    }

    /// Reports a reference that names nothing.
    fn reference(&mut self, path: &str, what: &str, id: &str, known: &IdIndex<'_>) {
        if !known.contains(id) {
            let hint = self.suggest(id, known.ids());
            self.push(
                Problem::at("policy.dangling_reference", path, format!("unknown {what} `{id}`"))
                    .maybe_hint(hint)
                    .or_hint(format!("declare the {what} first, or use one that is declared")),
            );
        }
    }
}

trait OrHint {
    fn or_hint(self, h: impl Into<String>) -> Self;
}

impl OrHint for Problem {
    fn or_hint(mut self, h: impl Into<String>) -> Self {
        if self.hint.is_none() {
            self.hint = Some(h.into());
        }
        self
    }
}

/// Every problem in a policy that the types alone do not catch. Empty means valid.
pub fn validate(policy: &Policy) -> Vec<Problem> {
    let mut c = Checker {
        policy,
        problems: Vec::new(),
        clauses: IdIndex::new(policy.clauses.iter().map(|c| c.id.as_str())),
        locales: IdIndex::new(policy.locales.iter().map(String::as_str)),
        all_locales: listed(policy.locales.iter().map(String::as_str)),
        suggestions_left: core::cell::Cell::new(MAX_SUGGESTIONS),
    };
    let p = policy;

    // Identity, version and dates.
    if p.id.trim().is_empty() {
        c.push(
            Problem::at("policy.empty_id", "$.id", "the policy id is empty")
                .hint("name the policy, e.g. `shop-privacy`"),
        );
    }
    if Version::parse(&p.version).is_none() {
        c.push(
            Problem::at(
                "policy.invalid_version",
                "$.version",
                format!("`{}` is not MAJOR.MINOR.PATCH", p.version),
            )
            .hint("write the version as three numbers, e.g. 1.2.0"),
        );
    }
    c.date("$.published", &p.published);
    c.date("$.effective", &p.effective);

    // Locales.
    if p.locales.is_empty() {
        c.push(
            Problem::at("policy.no_locales", "$.locales", "no locales are declared")
                .hint("list the locales, e.g. [\"en\", \"zh-CN\"]"),
        );
    }
    if !p.locales.contains(&p.default_locale) {
        c.push(
            Problem::at(
                "policy.unknown_locale",
                "$.defaultLocale",
                format!("`{}` is not in `locales`", p.default_locale),
            )
            .maybe_hint(c.suggest(&p.default_locale, p.locales.iter().map(String::as_str)))
            .or_hint(format!(
                "use one of {}, or add it to `locales`",
                listed(p.locales.iter().map(String::as_str))
            )),
        );
    }

    // The banner's words (page configurations are checked the same way).
    if let Err(problem) = p.words.check(&p.locales, "$.words") {
        c.push(problem);
    }

    // Ids.
    c.unique("clauses", p.clauses.iter().map(|x| x.id.as_str()));
    c.unique("dataCategories", p.data_categories.iter().map(|x| x.id.as_str()));
    c.unique("recipients", p.recipients.iter().map(|x| x.id.as_str()));
    c.unique("purposes", p.purposes.iter().map(|x| x.id.as_str()));
    c.unique("legalExceptions", p.legal_exceptions.iter().map(|x| x.id.as_str()));
    c.unique("rights", p.rights.iter().map(|x| x.id.as_str()));
    {
        for (i, first) in IdIndex::new(p.retention.rules.iter().map(|r| r.id.as_str())).repeats() {
            if let Some(r) = p.retention.rules.get(i) {
                c.push(
                    Problem::at(
                        "policy.duplicate_id",
                        format!("$.retention.rules[{i}].id"),
                        format!("`{}` is already used by retention.rules[{first}]", r.id),
                    )
                    .hint("give every entry its own id"),
                );
            }
        }
        for (i, first) in IdIndex::new(p.jurisdictions.iter().map(|j| j.code.as_str())).repeats() {
            if let Some(j) = p.jurisdictions.get(i) {
                c.push(
                    Problem::at(
                        "policy.duplicate_id",
                        format!("$.jurisdictions[{i}].code"),
                        format!("`{}` already has a rule at jurisdictions[{first}]", j.code),
                    )
                    .hint("merge the two rules"),
                );
            }
        }
    }

    // Texts and citations everywhere.
    c.text("$.title", &p.title);
    c.text("$.notice.title", &p.notice.title);
    c.text("$.notice.summary", &p.notice.summary);
    c.cite("$.notice.cite", &p.notice.cite);
    let ctl = &p.controller;
    for (f, t) in [
        ("name", &ctl.name),
        ("contact", &ctl.contact),
        ("address", &ctl.address),
        ("department", &ctl.department),
        ("complaintChannel", &ctl.complaint_channel),
        ("ownership", &ctl.ownership),
    ] {
        c.text(&format!("$.controller.{f}"), t);
    }
    c.cite("$.controller.cite", &ctl.cite);
    for (i, cl) in p.clauses.iter().enumerate() {
        c.text(&format!("$.clauses[{i}].title"), &cl.title);
        if let Some((parent, _)) = cl.id.rsplit_once('.') {
            if !c.clauses.contains(parent) {
                c.push(
                    Problem::at(
                        "policy.dangling_reference",
                        format!("$.clauses[{i}].id"),
                        format!("clause `{}` refines `{parent}`, which is not declared", cl.id),
                    )
                    .hint(format!("add a clause `{parent}` before it")),
                );
            }
        }
    }

    // Data categories: hierarchy and sensitivity.
    let category_ids = IdIndex::new(p.data_categories.iter().map(|d| d.id.as_str()));
    for (i, d) in p.data_categories.iter().enumerate() {
        let path = format!("$.dataCategories[{i}]");
        c.text(&format!("{path}.label"), &d.label);
        c.cite(&format!("{path}.cite"), &d.cite);
        if let Some((parent, _)) = d.id.rsplit_once('.') {
            match category_ids.first(parent).and_then(|k| p.data_categories.get(k)) {
                None => c.push(
                    Problem::at(
                        "policy.dangling_reference",
                        format!("{path}.id"),
                        format!("category `{}` refines `{parent}`, which is not declared", d.id),
                    )
                    .hint(format!("declare `{parent}` as a category too")),
                ),
                Some(pd) if pd.sensitivity == Sensitivity::Sensitive && d.sensitivity == Sensitivity::Normal => c.push(
                    Problem::at(
                        "policy.sensitivity_downgrade",
                        format!("{path}.sensitivity"),
                        format!("`{}` is marked normal inside the sensitive `{parent}`", d.id),
                    )
                    .hint("mark it sensitive, or move it out of the sensitive category"),
                ),
                Some(_) => {}
            }
        }
    }
    // A category is sensitive when it, or anything inside it, is.
    let covers_sensitive = |id: &str| {
        p.data_categories.iter().any(|d| {
            d.sensitivity == Sensitivity::Sensitive
                && (d.id == id || d.id.strip_prefix(id).is_some_and(|rest| rest.starts_with('.')))
        })
    };

    // Recipients.
    for (i, r) in p.recipients.iter().enumerate() {
        let path = format!("$.recipients[{i}]");
        c.text(&format!("{path}.name"), &r.name);
        c.cite(&format!("{path}.cite"), &r.cite);
        c.country(&format!("{path}.country"), &r.country);
    }

    // Retention: valid durations, never below the policy's own floor.
    let minimum = c.duration("$.retention.minimum", &p.retention.minimum);
    c.cite("$.retention.cite", &p.retention.cite);
    for (i, r) in p.retention.rules.iter().enumerate() {
        let path = format!("$.retention.rules[{i}]");
        c.text(&format!("{path}.description"), &r.description);
        c.cite(&format!("{path}.cite"), &r.cite);
        if let (Some(d), Some(min)) = (c.duration(&format!("{path}.duration"), &r.duration), minimum) {
            if d.approx_days() < min.approx_days() {
                c.push(
                    Problem::at(
                        "policy.retention_below_minimum",
                        format!("{path}.duration"),
                        format!(
                            "`{}` keeps data for less than the policy's own minimum `{}`",
                            r.duration, p.retention.minimum
                        ),
                    )
                    .hint(format!(
                        "use at least {} or lower `retention.minimum` if the policy text allows it",
                        p.retention.minimum
                    )),
                );
            }
        }
    }

    // Storage location.
    for (i, cc) in p.storage.countries.iter().enumerate() {
        c.country(&format!("$.storage.countries[{i}]"), cc);
    }
    c.cite("$.storage.cite", &p.storage.cite);

    // Purposes.
    let recipient_ids = IdIndex::new(p.recipients.iter().map(|r| r.id.as_str()));
    let retention_ids = IdIndex::new(p.retention.rules.iter().map(|r| r.id.as_str()));
    let purpose_ids = IdIndex::new(p.purposes.iter().map(|x| x.id.as_str()));
    for (i, pu) in p.purposes.iter().enumerate() {
        let path = format!("$.purposes[{i}]");
        c.text(&format!("{path}.name"), &pu.name);
        c.text(&format!("{path}.description"), &pu.description);
        c.cite(&format!("{path}.cite"), &pu.cite);
        if pu.data_categories.is_empty() && pu.kind != PurposeKind::Essential {
            c.push(
                Problem::at(
                    "policy.purpose_without_data",
                    format!("{path}.dataCategories"),
                    format!("purpose `{}` names no data categories", pu.id),
                )
                .hint("list the categories of personal information it uses"),
            );
        }
        for (j, d) in pu.data_categories.iter().enumerate() {
            c.reference(
                &format!("{path}.dataCategories[{j}]"),
                "data category",
                d,
                &category_ids,
            );
        }
        for (j, r) in pu.recipients.iter().enumerate() {
            c.reference(&format!("{path}.recipients[{j}]"), "recipient", r, &recipient_ids);
        }
        c.reference(
            &format!("{path}.retention"),
            "retention rule",
            &pu.retention,
            &retention_ids,
        );
        for (j, s) in pu.storage.iter().enumerate() {
            if let Some(l) = &s.lifetime {
                c.duration(&format!("{path}.storage[{j}].lifetime"), l);
            }
            if s.name.trim().is_empty() {
                c.push(Problem::at(
                    "policy.empty_id",
                    format!("{path}.storage[{j}].name"),
                    "the storage name is empty",
                ));
            }
        }
        for (j, t) in pu.tcf_purposes.iter().enumerate() {
            if !(1..=11).contains(t) {
                c.push(
                    Problem::at(
                        "policy.invalid_tcf_purpose",
                        format!("{path}.tcfPurposes[{j}]"),
                        format!("TCF purpose {t} does not exist"),
                    )
                    .hint("IAB TCF v2 purposes are numbered 1 to 11"),
                );
            }
        }
        if pu.kind == PurposeKind::Essential && pu.legal_basis == LegalBasis::Consent {
            c.push(
                Problem::at("policy.essential_with_consent", format!("{path}.legalBasis"), format!("essential purpose `{}` rests on consent", pu.id))
                    .hint("an essential purpose runs without consent: give it the basis it really has (contract, legal_obligation), or make it `basic`"),
            );
        }
        // Consent Mode's advertising, analytics and personalisation types and TCF purposes
        // need consent (EDPB cookie banner taskforce 2023: no non-essential cookie labelled
        // essential); security and functionality storage may be strictly necessary.
        if pu.kind == PurposeKind::Essential {
            let needs_consent = |s: &ConsentModeSignal| {
                !matches!(
                    s,
                    ConsentModeSignal::SecurityStorage | ConsentModeSignal::FunctionalityStorage
                )
            };
            for (field, set) in [
                ("consentMode", pu.consent_mode.iter().any(needs_consent)),
                ("tcfPurposes", !pu.tcf_purposes.is_empty()),
            ] {
                if set {
                    c.push(
                        Problem::at(
                            "policy.essential_mislabelled",
                            format!("{path}.{field}"),
                            format!("essential purpose `{}` declares `{field}`, which only consent covers", pu.id),
                        )
                        .hint("advertising and measurement are not strictly necessary: move them to a `basic` or `extended` purpose"),
                    );
                }
            }
        }
        if pu.kind != PurposeKind::Essential && pu.legal_basis != LegalBasis::Consent {
            c.push(
                Problem::at(
                    "policy.optional_without_consent",
                    format!("{path}.legalBasis"),
                    format!("optional purpose `{}` does not rest on consent", pu.id),
                )
                .hint("a basic or extended purpose needs the visitor's consent; make it `essential` if it truly is"),
            );
        }
        if !pu.separate_consent && pu.kind != PurposeKind::Essential {
            if let Some(d) = pu.data_categories.iter().find(|d| covers_sensitive(d)) {
                c.push(
                    Problem::at(
                        "policy.sensitive_without_separate_consent",
                        format!("{path}.separateConsent"),
                        format!("purpose `{}` uses sensitive information (`{d}`) without separate consent", pu.id),
                    )
                    .hint("set `separateConsent: true`: sensitive personal information needs its own consent (PIPL Art. 29)"),
                );
            }
            if pu.cross_border && p.storage.cross_border_needs_consent {
                c.push(
                    Problem::at(
                        "policy.cross_border_without_separate_consent",
                        format!("{path}.separateConsent"),
                        format!("purpose `{}` sends data abroad without separate consent", pu.id),
                    )
                    .hint("set `separateConsent: true`: the policy says a transfer abroad needs the person's consent"),
                );
            }
        }
    }

    // Legal exceptions and rights.
    for (i, e) in p.legal_exceptions.iter().enumerate() {
        c.text(&format!("$.legalExceptions[{i}].description"), &e.description);
        c.cite(&format!("$.legalExceptions[{i}].cite"), &e.cite);
    }
    for (i, r) in p.rights.iter().enumerate() {
        c.text(&format!("$.rights[{i}].description"), &r.description);
        c.text(&format!("$.rights[{i}].how"), &r.how);
        c.cite(&format!("$.rights[{i}].cite"), &r.cite);
    }

    // Change notification and impact assessment.
    c.duration("$.changes.noticePeriod", &p.changes.notice_period);
    c.cite("$.changes.cite", &p.changes.cite);
    if let Some(ia) = &p.impact_assessment {
        c.date("$.impactAssessment.date", &ia.date);
        c.text("$.impactAssessment.summary", &ia.summary);
    }

    // Guardian verification.
    let g = &p.guardian;
    c.duration("$.guardian.requestValidity", &g.request_validity);
    c.cite("$.guardian.cite", &g.cite);
    if g.low_risk_methods.is_empty() {
        c.push(
            Problem::at(
                "policy.no_verification_method",
                "$.guardian.lowRiskMethods",
                "no verification method is accepted",
            )
            .hint("list at least one, e.g. [\"email_plus\"]"),
        );
    }
    if g.high_risk_methods.is_empty() {
        c.push(
            Problem::at(
                "policy.no_verification_method",
                "$.guardian.highRiskMethods",
                "no verification method is accepted for high-risk purposes",
            )
            .hint("list at least one, e.g. [\"card_check\"]"),
        );
    }
    for (i, m) in g.high_risk_methods.iter().enumerate() {
        if !g.low_risk_methods.contains(m) {
            c.push(
                Problem::at(
                    "policy.verification_order",
                    format!("$.guardian.highRiskMethods[{i}]"),
                    format!(
                        "`{}` is accepted for high-risk purposes but not for low-risk ones",
                        m.json_name()
                    ),
                )
                .hint("a method strong enough for high risk is strong enough for low risk: add it to lowRiskMethods"),
            );
        }
    }

    check_jurisdictions(&mut c, &purpose_ids);
    check_history(&mut c);
    check_vendors(&mut c);
    c.problems
}

fn check_jurisdictions(c: &mut Checker<'_>, purpose_ids: &IdIndex<'_>) {
    let p = c.policy;
    let codes = IdIndex::new(p.jurisdictions.iter().map(|j| j.code.as_str()));
    let essential = IdIndex::new(
        p.purposes
            .iter()
            .filter(|x| x.kind == PurposeKind::Essential)
            .map(|x| x.id.as_str()),
    );
    for (i, j) in p.jurisdictions.iter().enumerate() {
        let path = format!("$.jurisdictions[{i}]");
        if j.code != "*" && !is_jurisdiction(&j.code) {
            let hint = c.suggest(&j.code, super::iso3166::countries()).unwrap_or_else(|| {
                "use an ISO 3166 code: `DE`, a subdivision like `US-CA`, `EU`, or `*` for everywhere else".into()
            });
            c.push(
                Problem::at(
                    "policy.unknown_jurisdiction",
                    format!("{path}.code"),
                    format!("`{}` is not a known jurisdiction code", j.code),
                )
                .hint(hint),
            );
        }
        if let Some(e) = &j.extends {
            if !codes.contains(e.as_str()) {
                c.reference(&format!("{path}.extends"), "jurisdiction", e, &codes);
            }
        }
        if let Some(cite) = &j.cite {
            c.cite(&format!("{path}.cite"), cite);
        }
        for (field, list) in [
            ("forbiddenForMinors", &j.forbidden_for_minors),
            ("gpcOptsOut", &j.gpc_opts_out),
        ] {
            for (k, id) in list.iter().flatten().enumerate() {
                let at = format!("{path}.{field}[{k}]");
                c.reference(&at, "purpose", id, purpose_ids);
                if essential.contains(id.as_str()) {
                    c.push(
                        Problem::at(
                            "policy.essential_restricted",
                            at,
                            format!("`{id}` is essential and cannot be switched off here"),
                        )
                        .hint("only optional purposes can be forbidden or opted out of"),
                    );
                }
            }
        }
        for (field, v) in [
            ("consentValidity", &j.consent_validity),
            ("refusalMemory", &j.refusal_memory),
        ] {
            if let Some(v) = v {
                c.duration(&format!("{path}.{field}"), v);
            }
        }
        if let (Some(g), Some(m)) = (j.guardian_age, j.minor_age) {
            if g > m {
                c.push(
                    Problem::at(
                        "policy.age_order",
                        format!("{path}.guardianAge"),
                        format!("guardian age {g} is above the minor age {m}"),
                    )
                    .hint("the guardian age is at most the age of majority"),
                );
            }
        }
        for (field, v) in [
            ("guardianAge", j.guardian_age),
            ("minorAge", j.minor_age),
            ("childDataSensitiveBelow", j.child_data_sensitive_below),
        ] {
            if v.is_some_and(|a| a > 21) {
                c.push(
                    Problem::at(
                        "policy.age_range",
                        format!("{path}.{field}"),
                        "an age above 21 is not a legal age threshold",
                    )
                    .hint("use the age the law names (13 to 18)"),
                );
            }
        }
        // Cycles in `extends`: reported at each rule that is part of one.
        let mut seen = vec![j.code.as_str()];
        let mut cur = j.extends.as_deref();
        while let Some(code) = cur {
            if seen.contains(&code) && code != j.code {
                break;
            }
            if code == j.code {
                c.push(
                    Problem::at(
                        "policy.jurisdiction_cycle",
                        format!("{path}.extends"),
                        format!("`{}` extends itself through {}", j.code, seen.join(" -> ")),
                    )
                    .hint("remove one `extends` from the cycle"),
                );
                break;
            }
            if seen.len() > MAX_EXTENDS_DEPTH {
                c.push(
                    Problem::at(
                        "policy.extends_too_deep",
                        format!("{path}.extends"),
                        format!("`{}` extends more than {MAX_EXTENDS_DEPTH} rules in a chain", j.code),
                    )
                    .hint("extend the region's rule directly (`DE` extends `EU`, `US-CA` extends `US`)"),
                );
                break;
            }
            seen.push(code);
            cur = codes
                .first(code)
                .and_then(|r| p.jurisdictions.get(r))
                .and_then(|r| r.extends.as_deref());
        }
    }
    match p.jurisdictions.iter().position(|j| j.code == "*") {
        None => c.push(
            Problem::at(
                "policy.no_default_jurisdiction",
                "$.jurisdictions",
                "there is no rule for `*` (everywhere else)",
            )
            .hint("add a rule with code `*` that sets every field"),
        ),
        Some(i) => {
            let j = p.jurisdictions.get(i);
            let mut missing: Vec<&str> = Vec::new();
            if let Some(j) = j {
                for (field, absent) in [
                    ("guardianAge", j.guardian_age.is_none()),
                    ("minorAge", j.minor_age.is_none()),
                    ("askAge", j.ask_age.is_none()),
                    ("guardianMode", j.guardian_mode.is_none()),
                    ("forbiddenForMinors", j.forbidden_for_minors.is_none()),
                    ("gpcOptsOut", j.gpc_opts_out.is_none()),
                    ("consentValidity", j.consent_validity.is_none()),
                    ("refusalMemory", j.refusal_memory.is_none()),
                ] {
                    if absent {
                        missing.push(field);
                    }
                }
            }
            if !missing.is_empty() {
                c.push(
                    Problem::at(
                        "policy.incomplete_default_jurisdiction",
                        format!("$.jurisdictions[{i}]"),
                        format!("the `*` rule does not set {}", missing.join(", ")),
                    )
                    .hint("the `*` rule is the last fallback, so it must set every field"),
                );
            }
        }
    }
}

/// TCF purposes a vendor may never rest on legitimate interest: storage and access (1) and
/// the personalisation purposes 3 to 6 (TCF policy v2.2).
const CONSENT_ONLY_TCF_PURPOSES: [u8; 5] = [1, 3, 4, 5, 6];

/// The vendors: GVL ids unique and non-zero; TCF purposes that exist, each under one legal
/// basis, legitimate interest only where the TCF allows it, and only purposes the visitor is
/// asked about (some purpose of the policy maps to them); special features 1 and 2.
fn check_vendors(c: &mut Checker<'_>) {
    let policy = c.policy;
    let asked: Vec<u8> = policy
        .purposes
        .iter()
        .flat_map(|p| p.tcf_purposes.iter().copied())
        .collect();
    for (i, v) in policy.vendors.iter().enumerate() {
        let path = format!("$.vendors[{i}]");
        c.cite(&format!("{path}.cite"), &v.cite);
        if v.id == 0 {
            c.push(
                Problem::at("policy.vendor_id", format!("{path}.id"), "vendor id 0 does not exist")
                    .hint("use the vendor's id in the Global Vendor List (1 to 65535)"),
            );
        }
        if policy
            .vendors
            .get(..i)
            .is_some_and(|before| before.iter().any(|b| b.id == v.id))
        {
            c.push(
                Problem::at(
                    "policy.duplicate_id",
                    format!("{path}.id"),
                    format!("vendor {} is listed twice", v.id),
                )
                .hint("list each vendor once, with all the purposes it may process for"),
            );
        }
        for (field, list) in [("consent", &v.consent), ("legitimateInterest", &v.legitimate_interest)] {
            for (j, t) in list.iter().enumerate() {
                let at = format!("{path}.{field}[{j}]");
                if !(1..=11).contains(t) {
                    c.push(
                        Problem::at(
                            "policy.invalid_tcf_purpose",
                            at,
                            format!("TCF purpose {t} does not exist"),
                        )
                        .hint("IAB TCF v2 purposes are numbered 1 to 11"),
                    );
                } else if !asked.contains(t) {
                    c.push(
                        Problem::at(
                            "policy.vendor_purpose_not_asked",
                            at,
                            format!("vendor {} processes for TCF purpose {t}, which no purpose of the policy maps to", v.id),
                        )
                        .hint("add the TCF purpose to the `tcfPurposes` of the purpose it belongs to, so the visitor is asked about it"),
                    );
                }
            }
        }
        for (j, t) in v.legitimate_interest.iter().enumerate() {
            let at = format!("{path}.legitimateInterest[{j}]");
            if v.consent.contains(t) {
                c.push(
                    Problem::at(
                        "policy.vendor_two_bases",
                        at,
                        format!("vendor {} has TCF purpose {t} under both consent and legitimate interest", v.id),
                    )
                    .hint("a vendor processes for a purpose under one legal basis: keep it in `consent` or in `legitimateInterest`"),
                );
            } else if CONSENT_ONLY_TCF_PURPOSES.contains(t) {
                c.push(
                    Problem::at(
                        "policy.vendor_legitimate_interest",
                        at,
                        format!("TCF purpose {t} cannot rest on legitimate interest"),
                    )
                    .hint("TCF policy v2.2 allows purposes 1 and 3 to 6 only with consent: move it to `consent`"),
                );
            }
        }
        for (j, f) in v.special_features.iter().enumerate() {
            if !(1..=2).contains(f) {
                c.push(
                    Problem::at(
                        "policy.invalid_special_feature",
                        format!("{path}.specialFeatures[{j}]"),
                        format!("TCF special feature {f} does not exist"),
                    )
                    .hint("IAB TCF v2 special features are 1 (precise geolocation) and 2 (device scanning)"),
                );
            }
        }
    }
}

fn check_history(c: &mut Checker<'_>) {
    let p = c.policy;
    let current = Version::parse(&p.version);
    let mut last: Option<Version> = None;
    for (i, h) in p.history.iter().enumerate() {
        let path = format!("$.history[{i}]");
        c.date(&format!("{path}.effective"), &h.effective);
        match Version::parse(&h.version) {
            None => c.push(Problem::at(
                "policy.invalid_version",
                format!("{path}.version"),
                format!("`{}` is not MAJOR.MINOR.PATCH", h.version),
            )),
            Some(v) => {
                if current.is_some_and(|cur| v >= cur) {
                    c.push(
                        Problem::at(
                            "policy.history_order",
                            format!("{path}.version"),
                            format!(
                                "history version {} is not older than the current {}",
                                h.version, p.version
                            ),
                        )
                        .hint("history lists earlier versions only"),
                    );
                }
                if last.is_some_and(|l| v <= l) {
                    c.push(
                        Problem::at(
                            "policy.history_order",
                            format!("{path}.version"),
                            "history is not in ascending version order",
                        )
                        .hint("list versions oldest first"),
                    );
                }
                last = Some(v);
            }
        }
        if let Some(n) = &h.notice {
            c.text(&format!("{path}.notice.summary"), &n.summary);
        }
        for (k, _) in IdIndex::new(h.purposes.iter().map(|s| s.id.as_str())).repeats() {
            if let Some(s) = h.purposes.get(k) {
                c.push(Problem::at(
                    "policy.duplicate_id",
                    format!("{path}.purposes[{k}].id"),
                    format!("`{}` appears twice in this version", s.id),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Thousands of dangling references to thousands of ids, each near the others: only the
    /// first hundred problems are measured for a hint, so the load ends in moments, not hours.
    #[test]
    fn only_the_first_hundred_problems_get_a_suggestion() {
        let mut doc: serde_json::Value = serde_json::from_str(include_str!("../../policies/seed.json")).unwrap();
        let template = doc["dataCategories"][1].clone();
        let id = |i: usize| format!("user.{}{i:06}", "k".repeat(50));
        for i in 0..1_000 {
            let mut c = template.clone();
            c["id"] = id(i).into();
            doc["dataCategories"].as_array_mut().unwrap().push(c);
        }
        let refs = doc["purposes"][0]["dataCategories"].as_array_mut().unwrap();
        refs.extend((0..1_000).map(|i| serde_json::Value::from(format!("{}x", id(i)))));
        let problems = super::super::load(&doc.to_string()).unwrap_err().0;
        let dangling = |p: &&Problem| p.code == "policy.dangling_reference";
        assert_eq!(problems.iter().filter(dangling).count(), 1_000);
        let hinted = problems
            .iter()
            .filter(dangling)
            .filter(|p| p.hint.as_deref().is_some_and(|h| h.starts_with("did you mean")))
            .count();
        assert_eq!(hinted, MAX_SUGGESTIONS);
    }

    /// A thousand locales, none translated: a thousand problems and one saying so, not a
    /// missing translation for every text and locale, each listing every locale.
    #[test]
    fn a_policy_reports_at_most_a_thousand_problems() {
        let mut doc: serde_json::Value = serde_json::from_str(include_str!("../../policies/seed.json")).unwrap();
        doc["locales"] = (0..1_000).map(|i| format!("l{i}")).collect::<Vec<_>>().into();
        let problems = super::super::load(&doc.to_string()).unwrap_err().0;
        assert_eq!(problems.len(), MAX_PROBLEMS + 1);
        // 60,000 locales and a text in each (1.3 MB): neither loop over them is quadratic.
        let many: Vec<String> = (0..60_000).map(|i| format!("l{i}")).collect();
        doc["locales"] = many.clone().into();
        doc["title"] = many.iter().map(|l| (l.clone(), serde_json::Value::from("t"))).collect();
        let problems = super::super::load(&doc.to_string()).unwrap_err().0;
        assert_eq!(problems.len(), MAX_PROBLEMS + 1);
        let last = problems.iter().filter(|p| p.code == "policy.too_many_problems").count();
        assert_eq!(last, 1);
        assert!(problems.iter().all(|p| p.hint.as_ref().is_none_or(|h| h.len() < 300)));
    }

    /// A chain of 1,200 rules, each extending the next: every rule is told the chain is too deep,
    /// after a bounded walk, instead of walking (and searching) the whole chain from every rule.
    #[test]
    fn an_extends_chain_deeper_than_sixteen_is_refused_in_bounded_time() {
        let mut doc: serde_json::Value = serde_json::from_str(include_str!("../../policies/seed.json")).unwrap();
        let rules = doc["jurisdictions"].as_array_mut().unwrap();
        let n = 1_200;
        rules.extend((0..n).map(|i| {
            let next = if i + 1 < n { format!("C{}", i + 1) } else { "*".into() };
            serde_json::json!({"code": format!("C{i}"), "extends": next, "law": "x"})
        }));
        let problems = super::super::load(&doc.to_string()).unwrap_err().0;
        let deep = problems.iter().filter(|p| p.code == "policy.extends_too_deep").count();
        assert!(deep > 100, "{deep}");
        // The seed's own chains (`DE` extends `EU`) are well within the bound.
        assert!(super::super::load(include_str!("../../policies/seed.json")).is_ok());
    }

    /// A problem in one locale's text is placed at that text, not at the object holding it: its
    /// path is written as the span index writes member paths.
    #[test]
    fn locale_problems_point_at_the_text_itself() {
        let mut doc: serde_json::Value = serde_json::from_str(include_str!("../../policies/seed.json")).unwrap();
        doc["title"]["fr"] = "Politique".into();
        doc["title"]["zh-CN"] = " ".into();
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let problems = super::super::load(&text).unwrap_err().0;
        let at = |needle: &str| {
            let offset = text.find(needle).unwrap() + needle.find(':').unwrap() + 2;
            let before = &text[..offset];
            let line = 1 + before.matches('\n').count();
            (line, 1 + before.len() - before.rfind('\n').map_or(0, |i| i + 1))
        };
        let found: Vec<_> = problems
            .iter()
            .map(|p| (p.code, p.path.as_str(), (p.line, p.column)))
            .collect();
        assert!(
            found.contains(&("policy.unknown_locale", "$.title.fr", at("\"fr\": \"Politique\""))),
            "{found:?}"
        );
        assert!(
            found.contains(&("policy.empty_text", "$.title.zh-CN", at("\"zh-CN\": \" \""))),
            "{found:?}"
        );
    }

    #[test]
    fn vendors_are_checked_against_the_tcf_and_the_policy_purposes() {
        let mut doc: serde_json::Value = serde_json::from_str(include_str!("../../policies/seed.json")).unwrap();
        let cite = serde_json::json!({"clause": "sharing.advertising", "quote": "advertising partners"});
        doc["vendors"] = serde_json::json!([
            {"id": 755, "consent": [1, 2, 3, 4, 7], "legitimateInterest": [8], "specialFeatures": [1], "cite": cite},
            {"id": 0, "consent": [12], "legitimateInterest": [3, 5], "specialFeatures": [3], "cite": cite},
            {"id": 755, "consent": [2, 10], "legitimateInterest": [2], "cite": cite},
        ]);
        let problems = super::super::load(&doc.to_string()).unwrap_err().0;
        let mut found: Vec<(&str, &str)> = problems.iter().map(|p| (p.code, p.path.as_str())).collect();
        found.sort();
        let mut want = vec![
            ("policy.vendor_id", "$.vendors[1].id"),
            ("policy.invalid_tcf_purpose", "$.vendors[1].consent[0]"),
            // 3 is asked (advertising maps to it) but is consent only; 5 is neither.
            (
                "policy.vendor_legitimate_interest",
                "$.vendors[1].legitimateInterest[0]",
            ),
            ("policy.vendor_purpose_not_asked", "$.vendors[1].legitimateInterest[1]"),
            (
                "policy.vendor_legitimate_interest",
                "$.vendors[1].legitimateInterest[1]",
            ),
            ("policy.invalid_special_feature", "$.vendors[1].specialFeatures[0]"),
            ("policy.duplicate_id", "$.vendors[2].id"),
            ("policy.vendor_purpose_not_asked", "$.vendors[2].consent[1]"),
            ("policy.vendor_two_bases", "$.vendors[2].legitimateInterest[0]"),
        ];
        want.sort();
        assert_eq!(found, want);
    }

    #[test]
    fn a_vendor_within_the_policy_purposes_is_valid() {
        let mut doc: serde_json::Value = serde_json::from_str(include_str!("../../policies/seed.json")).unwrap();
        doc["vendors"] = serde_json::json!([
            {"id": 755, "consent": [1, 3, 4], "legitimateInterest": [2, 7, 8, 9], "specialFeatures": [1, 2],
             "cite": {"clause": "sharing.advertising", "quote": "advertising partners"}},
        ]);
        let policy = super::super::load(&doc.to_string()).unwrap();
        assert_eq!(
            policy.vendors.first().map(|v| v.legitimate_interest.clone()),
            Some(vec![2, 7, 8, 9])
        );
    }
}
