//! A starter policy from a site owner's answers (`assent init`): who runs the site, where its
//! visitors are, which common optional purposes it uses and the cookies each sets. The policy it
//! writes is complete and valid; what only the owner can say is left as a mark
//! ([`crate::policy::marks`]) that `assent check` warns about until it is answered.
//!
//! The jurisdiction rules are the seed policy's (policies/seed.json), the project's researched
//! table of ages and laws, with its purposes mapped to the starter's.

mod words;

use serde::Deserialize;

use crate::policy::{
    did_you_mean, listed, ChangeNotification, Cite, Clause, ConsentModeSignal, Controller, DataCategory,
    GuardianPolicy, JurisdictionRule, LegalBasis, LegalException, Notice, NoticeChannel, Policy, Problem, Purpose,
    PurposeKind, Recipient, RecipientRole, Retention, RetentionAction, RetentionRule, RetentionTrigger, Right,
    RightKind, Sensitivity, StorageItem, StorageKind, StorageLocation, Text, VerificationMethod,
};
use crate::prelude::*;
pub use words::LOCALES;
use words::{ask, list, same, Words};

/// The optional purposes a starter policy can declare, by the id each gets.
pub const PURPOSES: [&str; 6] = [
    "analytics",
    "advertising",
    "embedded-media",
    "personalisation",
    "social-login",
    "transfers-abroad",
];

/// What the owner answered (the answers file, flags and prompts, merged).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Answers {
    /// The site's address, `https://shop.example`.
    #[serde(default)]
    pub site: Option<String>,
    /// The policy's id [default: from the site's host].
    #[serde(default)]
    pub id: Option<String>,
    /// Who is responsible for the site.
    #[serde(default)]
    pub controller: ControllerAnswers,
    /// Where the visitors are: `EU`, `GB`, `US`, `US-CA`, `CN`, ... (every code the seed policy
    /// has a rule for); every other visitor gets the `*` rule.
    #[serde(default)]
    pub jurisdictions: Vec<String>,
    /// The countries where the data is stored (ISO 3166-1 alpha-2).
    #[serde(default)]
    pub stored_in: Vec<String>,
    /// The optional purposes the site uses (ids from [`PURPOSES`], with their cookies).
    #[serde(default)]
    pub purposes: Vec<PurposeAnswer>,
    /// The locales of the texts; the first is the default [default: en].
    #[serde(default)]
    pub locales: Vec<String>,
    /// Where the human-readable policy is published [default: the site's /privacy].
    #[serde(default)]
    pub policy_url: Option<String>,
}

/// Who is responsible for the site.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ControllerAnswers {
    /// The organisation's (or person's) name.
    #[serde(default)]
    pub name: Option<String>,
    /// The privacy contact email.
    #[serde(default)]
    pub email: Option<String>,
    /// The postal address [default: a mark].
    #[serde(default)]
    pub address: Option<String>,
    /// The telephone [default: none].
    #[serde(default)]
    pub phone: Option<String>,
}

/// An optional purpose: its id alone, or with its provider and the cookies and storage it sets.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum PurposeAnswer {
    /// `"analytics"`.
    Id(String),
    /// `{"id": "analytics", "provider": "...", "cookies": ["_ga", "_ga_*"]}`.
    Detailed(PurposeDetails),
}

/// An optional purpose with its details.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PurposeDetails {
    /// One of [`PURPOSES`].
    pub id: String,
    /// Who provides it (the analytics or advertising company) [default: a mark].
    #[serde(default)]
    pub provider: Option<String>,
    /// Where the provider processes the data (ISO 3166-1 alpha-2) [default: the first country
    /// the data is stored in].
    #[serde(default)]
    pub provider_country: Option<String>,
    /// The cookies it sets; a trailing `*` matches a prefix.
    #[serde(default)]
    pub cookies: Vec<String>,
    /// The `localStorage` keys it sets.
    #[serde(default)]
    pub local_storage: Vec<String>,
}

impl PurposeAnswer {
    /// The purpose with its details (none for a bare id).
    pub fn details(&self) -> PurposeDetails {
        match self {
            PurposeAnswer::Id(id) => PurposeDetails {
                id: id.clone(),
                ..PurposeDetails::default()
            },
            PurposeAnswer::Detailed(d) => d.clone(),
        }
    }
}

/// An answer `assent init` still needs: where it goes in the answers file and which flag gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question {
    /// The answers file's field (`controller.email`).
    pub field: &'static str,
    /// The command-line flag (`--email`).
    pub flag: &'static str,
    /// What to ask a person.
    pub prompt: &'static str,
}

/// The answers a starter policy cannot be written without.
pub const REQUIRED: [Question; 5] = [
    Question {
        field: "site",
        flag: "--site",
        prompt: "The site's address (https://...)",
    },
    Question {
        field: "controller.name",
        flag: "--name",
        prompt: "Who is responsible for the site (organisation or person)",
    },
    Question {
        field: "controller.email",
        flag: "--email",
        prompt: "The privacy contact email",
    },
    Question {
        field: "jurisdictions",
        flag: "--jurisdiction",
        prompt: "Where your visitors are (codes, comma-separated: EU, GB, US, US-CA, CN, ...)",
    },
    Question {
        field: "storedIn",
        flag: "--stored-in",
        prompt: "Where the data is stored (country codes, comma-separated: DE, US, ...)",
    },
];

impl Answers {
    /// The required answers still missing.
    pub fn missing(&self) -> Vec<Question> {
        let given = |q: &Question| match q.field {
            "site" => self.site.is_some(),
            "controller.name" => self.controller.name.is_some(),
            "controller.email" => self.controller.email.is_some(),
            "jurisdictions" => !self.jurisdictions.is_empty(),
            _ => !self.stored_in.is_empty(),
        };
        REQUIRED.iter().filter(|q| !given(q)).copied().collect()
    }
}

/// The starter policy for `answers`, published on `today` (`YYYY-MM-DD`), as JSON; or every
/// problem with the answers, each at its field of the answers file with a fix.
pub fn starter_policy(answers: &Answers, today: &str) -> Result<Policy, Vec<Problem>> {
    let catalog = seed_rules()?;
    let mut problems = Vec::new();
    for q in answers.missing() {
        problems.push(
            Problem::at(
                "init.missing",
                format!("$.{}", q.field),
                format!("no answer for `{}`", q.field),
            )
            .hint(format!(
                "{}: give `{}` in the answers file or {}",
                q.prompt, q.field, q.flag
            )),
        );
    }
    let site = answers.site.clone().unwrap_or_default();
    let host = site
        .strip_prefix("https://")
        .or_else(|| site.strip_prefix("http://"))
        .map(|rest| rest.split('/').next().unwrap_or_default().to_owned());
    if answers.site.is_some() && host.as_deref().is_none_or(str::is_empty) {
        problems.push(
            Problem::at("init.site", "$.site", format!("`{site}` is not a site address"))
                .hint("write it as https://your.site"),
        );
    }
    let email = answers.controller.email.clone().unwrap_or_default();
    if answers.controller.email.is_some() && !email.contains('@') {
        problems.push(
            Problem::at(
                "init.email",
                "$.controller.email",
                format!("`{email}` is not an email address"),
            )
            .hint("write the address people write to about privacy, e.g. privacy@your.site"),
        );
    }
    let locales: Vec<String> = if answers.locales.is_empty() {
        vec!["en".into()]
    } else {
        answers.locales.clone()
    };
    for (i, l) in locales.iter().enumerate() {
        if !is_language_tag(l) {
            problems.push(
                Problem::at(
                    "init.locale",
                    format!("$.locales[{i}]"),
                    format!("`{l}` is not a locale"),
                )
                .hint("use a BCP 47 tag such as en, zh-CN, de"),
            );
        }
    }
    for (i, c) in answers.stored_in.iter().enumerate() {
        if !crate::policy::iso3166::is_country(c) {
            problems.push(
                Problem::at(
                    "init.country",
                    format!("$.storedIn[{i}]"),
                    format!("`{c}` is not a country code"),
                )
                .hint("use ISO 3166-1 alpha-2 codes in capitals: DE, US, CN"),
            );
        }
    }
    let known: Vec<&str> = catalog.iter().map(|r| r.code.as_str()).filter(|c| *c != "*").collect();
    for (i, j) in answers.jurisdictions.iter().enumerate() {
        if j != "*" && !known.contains(&j.as_str()) {
            problems.push(
                Problem::at(
                    "init.jurisdiction",
                    format!("$.jurisdictions[{i}]"),
                    format!("no rule is known for `{j}`"),
                )
                .hint(
                    did_you_mean(j, known.iter().copied())
                        .unwrap_or_else(|| format!("use one of {}", listed(known.iter().copied()))),
                ),
            );
        }
    }
    let purposes: Vec<PurposeDetails> = answers.purposes.iter().map(PurposeAnswer::details).collect();
    for (i, p) in purposes.iter().enumerate() {
        if !PURPOSES.contains(&p.id.as_str()) {
            problems.push(
                Problem::at(
                    "init.purpose",
                    format!("$.purposes[{i}]"),
                    format!("`{}` is not a purpose `assent init` knows", p.id),
                )
                .hint(did_you_mean(&p.id, PURPOSES).unwrap_or_else(|| {
                    format!("use one of {}, and add others to the policy yourself", listed(PURPOSES))
                })),
            );
        } else if purposes.iter().position(|q| q.id == p.id) != Some(i) {
            problems.push(
                Problem::at(
                    "init.purpose",
                    format!("$.purposes[{i}]"),
                    format!("`{}` is listed twice", p.id),
                )
                .hint("list each purpose once"),
            );
        }
        if p.provider.is_some() && p.provider_country.is_none() && p.id != "personalisation" {
            // Guessing the provider's country would hide a transfer abroad.
            problems.push(
                Problem::at(
                    "init.missing",
                    format!("$.purposes[{i}].providerCountry"),
                    format!("no country for `{}`'s provider", p.id),
                )
                .hint("give `providerCountry`, the ISO 3166-1 alpha-2 code of where the provider processes the data (US, IE)"),
            );
        }
        if let Some(c) = p
            .provider_country
            .as_deref()
            .filter(|c| !crate::policy::iso3166::is_country(c))
        {
            problems.push(
                Problem::at(
                    "init.country",
                    format!("$.purposes[{i}].providerCountry"),
                    format!("`{c}` is not a country code"),
                )
                .hint("use an ISO 3166-1 alpha-2 code in capitals: US, IE"),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let host = host.unwrap_or_default();
    let start = Start {
        locales,
        name: answers.controller.name.clone().unwrap_or_default(),
        email,
        stored_in: answers.stored_in.clone(),
    };
    Ok(start.policy(answers, &host, &site, &purposes, &catalog, today))
}

/// The jurisdiction rules of the seed policy.
fn seed_rules() -> Result<Vec<JurisdictionRule>, Vec<Problem>> {
    crate::policy::load(include_str!("../../policies/seed.json"))
        .map(|p| p.jurisdictions)
        .map_err(|e| e.0)
}

/// The seed's purposes a starter purpose stands for, in its rules' lists (forbidden for minors,
/// opted out of by GPC).
fn starter_id(seed_purpose: &str) -> Option<&'static str> {
    match seed_purpose {
        "advertising" | "partner-sharing" | "marketing-activities" | "marketing" => Some("advertising"),
        "analytics-cookies" | "deidentified-analytics" => Some("analytics"),
        _ => None,
    }
}

/// The answers that every part of the policy reads.
struct Start {
    locales: Vec<String>,
    name: String,
    email: String,
    stored_in: Vec<String>,
}

impl Start {
    fn text(&self, w: Words) -> Text {
        w.text(&self.locales)
    }

    fn cite(&self, clause: &str, w: Words) -> Cite {
        // The quote anchors the statement in the human-readable policy, which the starter's
        // own words begin.
        let quote: String =
            w.en.replace("{}", "")
                .split_whitespace()
                .take(6)
                .collect::<Vec<_>>()
                .join(" ");
        Cite {
            clause: clause.into(),
            quote,
        }
    }

    fn clause(&self, id: &str, title: Words) -> Clause {
        Clause {
            id: id.into(),
            title: self.text(title),
            anchor: id.replace('.', "-"),
        }
    }

    fn category(&self, id: &str, label: Words) -> DataCategory {
        DataCategory {
            id: id.into(),
            sensitivity: Sensitivity::Normal,
            label: self.text(label),
            cite: self.cite("purposes", label),
        }
    }

    fn retention(
        &self,
        id: &str,
        duration: &str,
        trigger: RetentionTrigger,
        action: RetentionAction,
        w: Words,
    ) -> RetentionRule {
        RetentionRule {
            id: id.into(),
            duration: duration.into(),
            trigger,
            action,
            description: self.text(w),
            cite: self.cite("retention", w),
        }
    }

    fn right(&self, kind: RightKind, id: &str, w: Words) -> Right {
        let how = if kind == RightKind::Withdrawal {
            self.text(words::RIGHT_HOW_WITHDRAW)
        } else {
            words::RIGHT_HOW.with(&self.locales, &self.email)
        };
        Right {
            id: id.into(),
            kind,
            description: self.text(w),
            how,
            cite: self.cite("rights", w),
        }
    }

    #[allow(clippy::too_many_lines)]
    fn policy(
        &self,
        answers: &Answers,
        host: &str,
        site: &str,
        purposes: &[PurposeDetails],
        catalog: &[JurisdictionRule],
        today: &str,
    ) -> Policy {
        let l = &self.locales;
        let policy_id = answers
            .id
            .clone()
            .unwrap_or_else(|| format!("{}-privacy", host.replace(['.', ':'], "-")));
        let chosen = |id: &str| purposes.iter().find(|p| p.id == id);
        let abroad = chosen("transfers-abroad").is_some();
        // PIPL Art. 38-39: sending the personal information of people in China abroad needs
        // their separate consent; the GDPR asks for a transfer mechanism, not consent.
        let consent_to_transfer = answers.jurisdictions.iter().any(|j| j.split('-').next() == Some("CN"));

        let mut clauses = vec![
            self.clause("controller", words::CLAUSE_CONTROLLER),
            self.clause("purposes", words::CLAUSE_PURPOSES),
        ];
        for p in purposes {
            clauses.push(Clause {
                id: format!("purposes.{}", p.id),
                title: purpose_words(&p.id).0.text(l),
                anchor: format!("purposes-{}", p.id),
            });
        }
        for (id, w) in [
            ("sharing", words::CLAUSE_SHARING),
            ("retention", words::CLAUSE_RETENTION),
            ("storage", words::CLAUSE_STORAGE),
            ("rights", words::CLAUSE_RIGHTS),
            ("children", words::CLAUSE_CHILDREN),
            ("changes", words::CLAUSE_CHANGES),
            ("exceptions", words::CLAUSE_EXCEPTIONS),
        ] {
            clauses.push(self.clause(id, w));
        }

        let mut categories = vec![
            self.category("online-identifiers", words::CATEGORY_IDENTIFIERS),
            self.category("device", words::CATEGORY_DEVICE),
        ];
        let uses = |ids: &[&str]| ids.iter().any(|id| chosen(id).is_some());
        if uses(&["analytics", "advertising", "personalisation", "transfers-abroad"]) {
            categories.push(self.category("usage", words::CATEGORY_USAGE));
        }
        if uses(&["personalisation"]) {
            categories.push(self.category("preferences", words::CATEGORY_PREFERENCES));
        }
        if uses(&["social-login"]) {
            categories.push(self.category("profile", words::CATEGORY_PROFILE));
        }

        let mut recipients = Vec::new();
        let mut optional = Vec::new();
        for p in purposes {
            let (name, description) = purpose_words(&p.id);
            let mut purpose = Purpose {
                id: p.id.clone(),
                kind: PurposeKind::Extended,
                legal_basis: LegalBasis::Consent,
                name: name.text(l),
                description: description.text(l),
                data_categories: Vec::new(),
                recipients: Vec::new(),
                retention: "after-withdrawal".into(),
                storage: Vec::new(),
                separate_consent: false,
                cross_border: false,
                consent_mode: Vec::new(),
                tcf_purposes: Vec::new(),
                cite: self.cite(&format!("purposes.{}", p.id), description),
            };
            let role = match p.id.as_str() {
                "analytics" => {
                    purpose.data_categories = vec!["online-identifiers".into(), "device".into(), "usage".into()];
                    purpose.retention = "measurement".into();
                    purpose.consent_mode = vec![ConsentModeSignal::AnalyticsStorage];
                    Some(RecipientRole::Processor)
                }
                "advertising" => {
                    purpose.data_categories = vec!["online-identifiers".into(), "device".into(), "usage".into()];
                    purpose.retention = "advertising".into();
                    purpose.consent_mode = vec![
                        ConsentModeSignal::AdStorage,
                        ConsentModeSignal::AdUserData,
                        ConsentModeSignal::AdPersonalization,
                    ];
                    Some(RecipientRole::ThirdParty)
                }
                "embedded-media" => {
                    purpose.data_categories = vec!["online-identifiers".into(), "device".into()];
                    Some(RecipientRole::ThirdParty)
                }
                "personalisation" => {
                    purpose.data_categories = vec!["preferences".into(), "usage".into()];
                    None
                }
                "social-login" => {
                    purpose.data_categories = vec!["profile".into(), "online-identifiers".into()];
                    Some(RecipientRole::ThirdParty)
                }
                _ => {
                    // Processing abroad: its own consent where a transfer needs one.
                    purpose.data_categories = vec!["online-identifiers".into(), "usage".into()];
                    purpose.cross_border = true;
                    purpose.separate_consent = true;
                    Some(RecipientRole::Processor)
                }
            };
            if let Some(role) = role {
                let id = format!("{}-provider", p.id);
                // Without a provider there is no country either: the name's mark asks for both,
                // and `assent check` warns if the country it gets is outside `storedIn` while the
                // purpose is not marked cross-border.
                let country = p
                    .provider_country
                    .clone()
                    .or_else(|| self.stored_in.first().cloned())
                    .unwrap_or_default();
                if !self.stored_in.contains(&country) {
                    purpose.cross_border = true;
                }
                recipients.push(Recipient {
                    id: id.clone(),
                    name: match &p.provider {
                        Some(n) => same(l, n),
                        None => ask(l, words::ASK_PROVIDER),
                    },
                    role,
                    country,
                    deidentified_only: false,
                    cite: self.cite("sharing", words::CLAUSE_SHARING),
                });
                purpose.recipients = vec![id];
            }
            let item = |kind: StorageKind, name: &String| StorageItem {
                kind,
                name: name.clone(),
                lifetime: None,
                first_party: !matches!(role, Some(RecipientRole::ThirdParty)),
            };
            purpose.storage = p
                .cookies
                .iter()
                .map(|n| item(StorageKind::Cookie, n))
                .chain(p.local_storage.iter().map(|n| item(StorageKind::LocalStorage, n)))
                .collect();
            if purpose.cross_border && (abroad || consent_to_transfer) {
                purpose.separate_consent = true;
            }
            optional.push(purpose);
        }
        let cross_border_needs_consent = abroad || (consent_to_transfer && optional.iter().any(|p| p.cross_border));

        let essential = Purpose {
            id: "essential".into(),
            kind: PurposeKind::Essential,
            // Running and securing the site for a visitor is no contract with them: a legitimate
            // interest (GDPR Art. 6(1)(f)), with its storage exempt as strictly necessary
            // (ePrivacy Art. 5(3)).
            legal_basis: LegalBasis::LegitimateInterests,
            name: self.text(words::ESSENTIAL_NAME),
            description: self.text(words::ESSENTIAL_DESCRIPTION),
            data_categories: vec!["online-identifiers".into(), "device".into()],
            recipients: Vec::new(),
            retention: "security-logs".into(),
            storage: banner_storage(&policy_id),
            separate_consent: false,
            cross_border: false,
            consent_mode: Vec::new(),
            tcf_purposes: Vec::new(),
            cite: self.cite("purposes", words::ESSENTIAL_DESCRIPTION),
        };

        let summary = if optional.is_empty() {
            self.text(words::NOTICE_ESSENTIAL_ONLY)
        } else {
            let mut text = Text::default();
            for locale in l {
                let names: Vec<String> = optional
                    .iter()
                    .map(|p| {
                        let name = p.name.get(locale, "en");
                        // Mid-sentence, a purpose's name is lower case where the language writes it so.
                        if ["en", "fr", "es"].contains(&locale.split('-').next().unwrap_or(locale)) {
                            name.to_lowercase()
                        } else {
                            name.to_owned()
                        }
                    })
                    .collect();
                let one = words::NOTICE_OPTIONAL.with(core::slice::from_ref(locale), &list(locale, &names));
                if let Some(t) = one.0.get(locale) {
                    text.0.insert(locale.clone(), t.clone());
                }
            }
            text
        };

        let mut rules: Vec<JurisdictionRule> = Vec::new();
        let wanted = |code: &str, extends: Option<&str>| {
            code == "*"
                || answers.jurisdictions.iter().any(|j| {
                    j == code
                        || extends == Some(j.as_str())
                        // A subdivision's country rule comes along: US for US-CA.
                        || j.split_once('-').is_some_and(|(country, _)| country == code)
                })
        };
        for rule in catalog {
            if !wanted(&rule.code, rule.extends.as_deref()) {
                continue;
            }
            let map = |ids: &Option<Vec<String>>| {
                ids.as_ref().map(|ids| {
                    let mut out: Vec<String> = Vec::new();
                    for id in ids.iter().filter_map(|id| starter_id(id)) {
                        if chosen(id).is_some() && !out.iter().any(|o| o == id) {
                            out.push(id.to_owned());
                        }
                    }
                    out
                })
            };
            let mut rule = rule.clone();
            rule.forbidden_for_minors = map(&rule.forbidden_for_minors);
            rule.gpc_opts_out = map(&rule.gpc_opts_out);
            rule.cite = None;
            rules.push(rule);
        }
        // A rule whose parent was not asked for extends it anyway (a member state of the EU).
        let codes: Vec<String> = rules.iter().map(|r| r.code.clone()).collect();
        for rule in &mut rules {
            if rule.extends.as_ref().is_some_and(|e| !codes.contains(e)) {
                rule.extends = None;
            }
        }

        let controller = &answers.controller;
        Policy {
            schema: None,
            id: policy_id,
            version: "1.0.0".into(),
            published: today.into(),
            effective: today.into(),
            url: answers
                .policy_url
                .clone()
                .unwrap_or_else(|| format!("{}/privacy", site.trim_end_matches('/'))),
            default_locale: l.first().cloned().unwrap_or_else(|| "en".into()),
            locales: l.clone(),
            title: words::TITLE.with(l, &self.name),
            notice: Notice {
                title: self.text(words::NOTICE_TITLE),
                summary,
                cite: self.cite("purposes", words::NOTICE_OPTIONAL),
            },
            controller: Controller {
                name: same(l, &self.name),
                contact: words::CONTACT.with(l, &self.email),
                address: match &controller.address {
                    Some(a) => same(l, a),
                    None => ask(l, words::ASK_ADDRESS),
                },
                email: self.email.clone(),
                phone: controller.phone.clone().unwrap_or_default(),
                department: ask(l, words::ASK_DEPARTMENT),
                complaint_channel: words::COMPLAINT.with(l, &self.email),
                ownership: ask(l, words::ASK_OWNERSHIP),
                cite: self.cite("controller", words::CLAUSE_CONTROLLER),
            },
            clauses,
            data_categories: categories,
            recipients,
            retention: Retention {
                minimum: "P30D".into(),
                cite: self.cite("retention", words::RETENTION_WITHDRAWAL),
                rules: vec![
                    self.retention(
                        "security-logs",
                        "P6M",
                        RetentionTrigger::Collection,
                        RetentionAction::Delete,
                        words::RETENTION_SECURITY,
                    ),
                    self.retention(
                        "measurement",
                        "P13M",
                        RetentionTrigger::Collection,
                        RetentionAction::DeleteOrAnonymize,
                        words::RETENTION_MEASUREMENT,
                    ),
                    self.retention(
                        "advertising",
                        "P13M",
                        RetentionTrigger::Collection,
                        RetentionAction::Delete,
                        words::RETENTION_ADVERTISING,
                    ),
                    self.retention(
                        "after-withdrawal",
                        "P30D",
                        RetentionTrigger::ConsentWithdrawal,
                        RetentionAction::Delete,
                        words::RETENTION_WITHDRAWAL,
                    ),
                ],
            },
            storage: StorageLocation {
                countries: self.stored_in.clone(),
                cross_border_needs_consent,
                cite: self.cite("storage", words::TRANSFER_DESCRIPTION),
            },
            purposes: core::iter::once(essential).chain(optional).collect(),
            legal_exceptions: vec![
                LegalException {
                    id: "legal-obligation".into(),
                    description: self.text(words::EXCEPTION_LAW),
                    cite: self.cite("exceptions", words::EXCEPTION_LAW),
                },
                LegalException {
                    id: "vital-interests".into(),
                    description: if consent_to_transfer {
                        let (gdpr, pipl) = (self.text(words::EXCEPTION_VITAL), self.text(words::EXCEPTION_VITAL_CN));
                        let mut both = Text::default();
                        for locale in l {
                            let (a, b) = (gdpr.0.get(locale), pipl.0.get(locale));
                            let joined = [a, b]
                                .into_iter()
                                .flatten()
                                .map(String::as_str)
                                .collect::<Vec<_>>()
                                .join(" ");
                            both.0.insert(locale.clone(), joined);
                        }
                        both
                    } else {
                        self.text(words::EXCEPTION_VITAL)
                    },
                    cite: self.cite("exceptions", words::EXCEPTION_VITAL),
                },
            ],
            rights: vec![
                self.right(RightKind::Access, "access", words::RIGHT_ACCESS),
                self.right(RightKind::Rectification, "rectification", words::RIGHT_RECTIFICATION),
                self.right(RightKind::Erasure, "erasure", words::RIGHT_ERASURE),
                self.right(RightKind::Withdrawal, "withdrawal", words::RIGHT_WITHDRAWAL),
                self.right(RightKind::Portability, "portability", words::RIGHT_PORTABILITY),
                self.right(RightKind::Objection, "objection", words::RIGHT_OBJECTION),
                self.right(RightKind::Complaint, "complaint", words::RIGHT_COMPLAINT),
            ],
            changes: ChangeNotification {
                notice_period: "P30D".into(),
                channels: vec![NoticeChannel::Website, NoticeChannel::InPage],
                major_channels: vec![NoticeChannel::InPage],
                cite: self.cite("changes", words::CLAUSE_CHANGES),
            },
            impact_assessment: None,
            jurisdictions: rules,
            guardian: GuardianPolicy {
                low_risk_methods: vec![
                    VerificationMethod::EmailPlus,
                    VerificationMethod::SmsCode,
                    VerificationMethod::CardCheck,
                    VerificationMethod::IdDocument,
                    VerificationMethod::VideoCall,
                ],
                high_risk_methods: vec![
                    VerificationMethod::CardCheck,
                    VerificationMethod::IdDocument,
                    VerificationMethod::VideoCall,
                ],
                request_validity: "P7D".into(),
                cite: self.cite("children", words::CLAUSE_CHILDREN),
            },
            history: Vec::new(),
            words: Default::default(),
            vendors: Vec::new(),
        }
    }
}

/// What assent itself keeps on a visitor's device, all strictly necessary to remember their
/// choices: the banner's `localStorage` and `sessionStorage` keys (src/wasm/banner) and the
/// edge's cookies (www/visitor.js, www/worker.js, www/guardian.js).
fn banner_storage(policy_id: &str) -> Vec<StorageItem> {
    let item = |kind, name: String, lifetime: Option<&str>| StorageItem {
        kind,
        name,
        lifetime: lifetime.map(str::to_owned),
        first_party: true,
    };
    let key = |name: &str| format!("assent:{policy_id}:{name}");
    let mut items: Vec<StorageItem> = ["receipts", "subject", "age", "seen", "guidance", "local"]
        .into_iter()
        .map(|name| item(StorageKind::LocalStorage, key(name), None))
        .collect();
    items.push(item(StorageKind::SessionStorage, key("dismissed"), None));
    items.extend([
        item(StorageKind::Cookie, "assent_consent".into(), Some("P13M")),
        item(StorageKind::Cookie, "assent_age".into(), Some("P12M")),
        item(StorageKind::Cookie, "assent_guided".into(), Some("P12M")),
        item(StorageKind::Cookie, "assent_dismissed".into(), None),
        item(StorageKind::Cookie, "assent_saved".into(), Some("PT1M")),
    ]);
    items
}

/// A starter purpose's name and description.
fn purpose_words(id: &str) -> (Words, Words) {
    match id {
        "analytics" => (words::ANALYTICS_NAME, words::ANALYTICS_DESCRIPTION),
        "advertising" => (words::ADVERTISING_NAME, words::ADVERTISING_DESCRIPTION),
        "embedded-media" => (words::MEDIA_NAME, words::MEDIA_DESCRIPTION),
        "personalisation" => (words::PERSONALISATION_NAME, words::PERSONALISATION_DESCRIPTION),
        "social-login" => (words::SOCIAL_LOGIN_NAME, words::SOCIAL_LOGIN_DESCRIPTION),
        _ => (words::TRANSFER_NAME, words::TRANSFER_DESCRIPTION),
    }
}

/// The page snippet: the stylesheet, the banner's configuration and its script, and how to gate
/// a script by purpose. `policy_path` is where the page fetches the compiled policy's core file
/// (its texts files beside it); `edge`, where the consent edge that records receipts answers
/// (none: choices stay in the browser). Behind the edge, which writes the banner into each page
/// and gates its scripts, the page loads the stub and `edge-banner.js`, with no Wasm; a static
/// site loads the banner module, which decides in the page.
pub fn page_snippet(policy: &Policy, policy_path: &str, edge: Option<&str>) -> String {
    let mut gated = String::new();
    for p in policy.purposes.iter().filter(|p| p.kind != PurposeKind::Essential) {
        let name = p.name.get("en", &policy.default_locale);
        let id = &p.id;
        gated.push_str(&match edge {
            Some(_) => format!(
                "<!-- {name}: mark each of its scripts and iframes data-purpose=\"{id}\"\n\
                 \x20    (<script data-purpose=\"{id}\" src=\"...\"></script>): the edge serves them inert until\n\
                 \x20    the visitor allows {id}. -->\n"
            ),
            None => format!(
                "<!-- {name}: load each of its scripts as\n\
                 \x20    <script type=\"text/plain\" data-purpose=\"{id}\" src=\"...\"></script>\n\
                 \x20    (and each iframe as <iframe data-purpose=\"{id}\" data-src=\"...\">): it runs only once the\n\
                 \x20    visitor allows {id}. -->\n"
            ),
        });
    }
    let (id, version) = (&policy.id, &policy.version);
    match edge {
        Some(edge) => format!(
            "<!-- assent: the consent banner for {id} (policy {version}), on pages the assent edge serves. Put these\n\
             \x20    lines in every page's <head>, the stub first. The edge writes the banner into each page and\n\
             \x20    records every choice; edge-banner.js (no Wasm) sends the banner's forms to it without a page\n\
             \x20    load. The build copies the files into /assent/. -->\n\
             <script src=\"/assent/stub.js\"></script>\n\
             <link rel=\"stylesheet\" href=\"/assent/assent.css\">\n\
             <script type=\"application/json\" id=\"assent-config\">{{\"policy\": \"{policy_path}\", \"edge\": \"{edge}\"}}</script>\n\
             <script type=\"module\" src=\"/assent/edge-banner.js\"></script>\n\
             {gated}"
        ),
        None => format!(
            "<!-- assent: the consent banner for {id} (policy {version}). Put these lines in every page's <head>;\n\
             \x20    the banner's files (banner.js, assent_banner.js, assent_banner_bg.wasm and assent.css, from\n\
             \x20    the package) are served from /assent/. The policy is read compiled (`npx assent compile`): its\n\
             \x20    core file from {policy_path}, and the texts file of the visitor's language beside it.\n\
             \x20    Without an edge no receipt is signed, so the receipts and Ed25519 files are not needed. -->\n\
             <link rel=\"stylesheet\" href=\"/assent/assent.css\">\n\
             <script type=\"application/json\" id=\"assent-config\">{{\"policy\": \"{policy_path}\"}}</script>\n\
             <script type=\"module\" src=\"/assent/banner.js\"></script>\n\
             {gated}"
        ),
    }
}

/// Whether `tag` has the shape of a BCP 47 language tag: a language of two or three letters
/// (`en`, `zh`), then subtags of one to eight letters or digits (`zh-CN`, `sr-Latn-RS`).
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default();
    (2..=3).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}
