//! The words of each rule, in every language the engine speaks: English, Simplified Chinese,
//! German, French, Spanish, Japanese and Korean.
//!
//! Every rule the evaluator applies has an id (`R-...`), and its message is a template here,
//! one table per language, so that the languages stay side by side and say the same thing.
//! A template names what it is filled with (`{age}`, `{law}`); a test holds every language to
//! the English template's names. The legal terms follow each law's own language versions: the
//! GDPR's "Einwilligung", "consentement", "consentimiento"; the APPI's 同意 and 要配慮個人情報;
//! PIPA's 동의, 민감정보 and 법정대리인; PIPL's 同意 and 监护人.

use alloc::borrow::Cow;
use serde::{Deserialize, Serialize};

use crate::prelude::*;
use crate::time::Timestamp;

/// Which language to speak: the engine's own messages and the banner's words exist in these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    /// English.
    En,
    /// Simplified Chinese.
    Zh,
    /// German.
    De,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Japanese.
    Ja,
    /// Korean.
    Ko,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 7] = [Lang::En, Lang::Zh, Lang::De, Lang::Fr, Lang::Es, Lang::Ja, Lang::Ko];

    /// The language of a locale, by its language subtag (`de-AT` speaks German, `zh-TW`
    /// Simplified Chinese), when the engine has words in it.
    pub fn find(locale: &str) -> Option<Lang> {
        let primary = locale.split(['-', '_']).next().unwrap_or(locale);
        Lang::ALL.into_iter().find(|l| {
            l.tag()
                .split('-')
                .next()
                .is_some_and(|p| p.eq_ignore_ascii_case(primary))
        })
    }

    /// The language for a resolved locale ([`Lang::find`]); English for a language the engine
    /// has no words in.
    pub fn of(locale: &str) -> Lang {
        Lang::find(locale).unwrap_or(Lang::En)
    }

    /// The language whose tag is `tag` (case-insensitive), if the engine speaks it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.tag().eq_ignore_ascii_case(tag))
    }

    /// The locale tag the engine's words are written for (`en`, `zh-CN`, `de`, ...).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::Ja => "ja",
            Lang::Ko => "ko",
        }
    }

    /// The engine's messages in this language.
    pub fn messages(self) -> &'static Messages {
        match self {
            Lang::En => &EN,
            Lang::Zh => &ZH,
            Lang::De => &DE,
            Lang::Fr => &FR,
            Lang::Es => &ES,
            Lang::Ja => &JA,
            Lang::Ko => &KO,
        }
    }
}

/// `template` with each `{name}` replaced by its value in `values`; a brace that does not open
/// a known name is kept as written.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (head, tail) = rest.split_at(open);
        out.push_str(head);
        let value = tail
            .find('}')
            .and_then(|close| tail.get(1..close).map(|name| (name, close)))
            .and_then(|(name, close)| values.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v, close)));
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = tail.get(close + 1..).unwrap_or("");
            }
            None => {
                out.push('{');
                rest = tail.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

/// The names a template is filled with (`{age}` gives `age`), in order, repeats included.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let tail = rest.get(open + 1..).unwrap_or("");
        match tail.find('}') {
            Some(close) => {
                let name = tail.get(..close).unwrap_or("");
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()) {
                    names.push(name);
                }
                rest = tail.get(close + 1..).unwrap_or("");
            }
            None => break,
        }
    }
    names
}

/// One message or template: the catalogue's own, or one read from a texts file.
pub type Message = Cow<'static, str>;

const fn m(s: &'static str) -> Message {
    Cow::Borrowed(s)
}

/// The engine's messages in one language: one template per rule, the words for what grew in a
/// purpose's scope, and the update notice's summaries. The catalogue has them in every [`Lang`];
/// a compiled policy's texts file carries its locale's ([`crate::compiled::LocaleTexts`]), which
/// is where the evaluator reads them, so a page's module carries no message table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Messages {
    /// R-ESSENTIAL.
    pub essential: Message,
    /// R-MINOR-FORBIDDEN: `{age}`, `{where}`, `{law}`.
    pub minor_forbidden: Message,
    /// R-AGE-GATE.
    pub age_gate: Message,
    /// R-GPC: `{where}`, `{law}`.
    pub gpc: Message,
    /// R-GUARDIAN-REQUIRED: `{age}`, `{where}`, `{law}`.
    pub guardian_required: Message,
    /// R-SELF-CONSENT-NOT-ENOUGH: `{age}`.
    pub self_consent_not_enough: Message,
    /// R-GUARDIAN-JOINT: `{age}`.
    pub guardian_joint: Message,
    /// R-CONSENT-VALID: `{given}`, `{until}`.
    pub consent_valid: Message,
    /// R-GUARDIAN-CONSENT: `{given}`, `{until}`.
    pub guardian_consent: Message,
    /// R-CONSENT-EXPIRED: `{given}`, `{expired}`.
    pub consent_expired: Message,
    /// R-CONSENT-FUTURE: `{at}`.
    pub consent_future: Message,
    /// R-SEPARATE-CONSENT.
    pub separate_consent: Message,
    /// R-CHILD-DATA-SENSITIVE: `{age}`, `{where}`, `{law}`.
    pub child_data_sensitive: Message,
    /// R-REFUSAL-REMEMBERED: `{refused}`, `{until}`.
    pub refusal_remembered: Message,
    /// R-REFUSAL-LAPSED: `{refused}`, `{until}`.
    pub refusal_lapsed: Message,
    /// R-REVOKED: `{at}`.
    pub revoked: Message,
    /// R-RECONSENT: `{version}`, `{what}` (the growth words).
    pub reconsent: Message,
    /// R-GUARDIAN-MATERIAL-CHANGE: `{version}`, `{law}`.
    pub guardian_again: Message,
    /// R-VERSION-UNKNOWN: `{version}`.
    pub version_unknown: Message,
    /// R-NO-VALID-CONSENT: `{state}`.
    pub no_valid_consent: Message,
    /// R-DEFAULT-DENY.
    pub default_deny: Message,
    /// A purpose uses more data.
    pub grew_data: Message,
    /// A purpose has new recipients.
    pub grew_recipients: Message,
    /// A purpose rests on another legal basis.
    pub grew_legal_basis: Message,
    /// A purpose now sends data abroad.
    pub grew_cross_border: Message,
    /// A purpose is new.
    pub grew_new: Message,
    /// A purpose changed otherwise.
    pub grew_other: Message,
    /// Separator between items of a list.
    pub list_sep: Message,
    /// Separator between the purposes an update summary names.
    pub change_sep: Message,
    /// An update that changes nothing agreed to: `{version}`, `{seen}`.
    pub update_unchanged: Message,
    /// An update that changes what was agreed to: `{version}`, `{seen}`, `{changes}`.
    pub update_changed: Message,
    /// Appended when purposes were dropped: `{list}`.
    pub update_removed: Message,
    /// An update whose changes the engine cannot list: `{version}`, `{seen}`.
    pub update_review: Message,
}

/// A rule the evaluator applies, with what its message needs.
#[derive(Debug, Clone)]
pub enum Msg<'a> {
    /// R-ESSENTIAL.
    Essential,
    /// R-MINOR-FORBIDDEN: the minor age, the jurisdiction, the law.
    MinorForbidden(u8, &'a str, &'a str),
    /// R-AGE-GATE.
    AgeGate,
    /// R-GPC: the jurisdiction, the law.
    Gpc(&'a str, &'a str),
    /// R-GUARDIAN-REQUIRED: the guardian age, the jurisdiction, the law.
    GuardianRequired(u8, &'a str, &'a str),
    /// R-SELF-CONSENT-NOT-ENOUGH: the guardian age.
    SelfConsentNotEnough(u8),
    /// R-GUARDIAN-JOINT: the guardian age.
    GuardianJoint(u8),
    /// R-CONSENT-VALID: given on, valid until.
    ConsentValid(Timestamp, Timestamp),
    /// R-GUARDIAN-CONSENT: given on, valid until.
    GuardianConsent(Timestamp, Timestamp),
    /// R-CONSENT-EXPIRED: given on, expired on.
    ConsentExpired(Timestamp, Timestamp),
    /// R-CONSENT-FUTURE: recorded at.
    ConsentFuture(&'a str),
    /// R-SEPARATE-CONSENT.
    SeparateConsent,
    /// R-CHILD-DATA-SENSITIVE: the age below which a child's data is sensitive, the
    /// jurisdiction, the law.
    ChildDataSensitive(u8, &'a str, &'a str),
    /// R-REFUSAL-REMEMBERED: refused on, not asked before.
    RefusalRemembered(Timestamp, Timestamp),
    /// R-REFUSAL-LAPSED: refused on, lapsed on.
    RefusalLapsed(Timestamp, Timestamp),
    /// R-REVOKED: revoked on.
    Revoked(Timestamp),
    /// R-RECONSENT: the version consented to, what grew.
    Reconsent(&'a str, &'a str),
    /// A guardian consented under that version; the policy changed materially since, and the law
    /// (named) asks the guardian again.
    GuardianAgain(&'a str, &'a str),
    /// R-VERSION-UNKNOWN: the version consented to.
    VersionUnknown(&'a str),
    /// R-NO-VALID-CONSENT: the recorded state.
    NoValidConsent(&'a str),
    /// R-DEFAULT-DENY.
    DefaultDeny,
}

impl Msg<'_> {
    /// The rule id.
    pub fn rule(&self) -> &'static str {
        match self {
            Msg::Essential => "R-ESSENTIAL",
            Msg::MinorForbidden(..) => "R-MINOR-FORBIDDEN",
            Msg::AgeGate => "R-AGE-GATE",
            Msg::Gpc(..) => "R-GPC",
            Msg::GuardianRequired(..) => "R-GUARDIAN-REQUIRED",
            Msg::SelfConsentNotEnough(..) => "R-SELF-CONSENT-NOT-ENOUGH",
            Msg::GuardianJoint(..) => "R-GUARDIAN-JOINT",
            Msg::ConsentValid(..) => "R-CONSENT-VALID",
            Msg::GuardianConsent(..) => "R-GUARDIAN-CONSENT",
            Msg::ConsentExpired(..) => "R-CONSENT-EXPIRED",
            Msg::ConsentFuture(..) => "R-CONSENT-FUTURE",
            Msg::SeparateConsent => "R-SEPARATE-CONSENT",
            Msg::ChildDataSensitive(..) => "R-CHILD-DATA-SENSITIVE",
            Msg::RefusalRemembered(..) => "R-REFUSAL-REMEMBERED",
            Msg::RefusalLapsed(..) => "R-REFUSAL-LAPSED",
            Msg::Revoked(..) => "R-REVOKED",
            Msg::Reconsent(..) => "R-RECONSENT",
            Msg::GuardianAgain(..) => "R-GUARDIAN-MATERIAL-CHANGE",
            Msg::VersionUnknown(..) => "R-VERSION-UNKNOWN",
            Msg::NoValidConsent(..) => "R-NO-VALID-CONSENT",
            Msg::DefaultDeny => "R-DEFAULT-DENY",
        }
    }

    /// The message in the language of `m` (the messages of the evaluation's locale).
    pub fn text(&self, m: &Messages) -> String {
        let day = |t: &Timestamp| t.date_string();
        let age = |a: &u8| a.to_string();
        match self {
            Msg::Essential => m.essential.to_string(),
            Msg::MinorForbidden(a, j, l) => fill(&m.minor_forbidden, &[("age", &age(a)), ("where", j), ("law", l)]),
            Msg::AgeGate => m.age_gate.to_string(),
            Msg::Gpc(j, l) => fill(&m.gpc, &[("where", j), ("law", l)]),
            Msg::GuardianRequired(a, j, l) => fill(&m.guardian_required, &[("age", &age(a)), ("where", j), ("law", l)]),
            Msg::SelfConsentNotEnough(a) => fill(&m.self_consent_not_enough, &[("age", &age(a))]),
            Msg::GuardianJoint(a) => fill(&m.guardian_joint, &[("age", &age(a))]),
            Msg::ConsentValid(g, u) => fill(&m.consent_valid, &[("given", &day(g)), ("until", &day(u))]),
            Msg::GuardianConsent(g, u) => fill(&m.guardian_consent, &[("given", &day(g)), ("until", &day(u))]),
            Msg::ConsentExpired(g, e) => fill(&m.consent_expired, &[("given", &day(g)), ("expired", &day(e))]),
            Msg::ConsentFuture(t) => fill(&m.consent_future, &[("at", t)]),
            Msg::SeparateConsent => m.separate_consent.to_string(),
            Msg::ChildDataSensitive(a, j, l) => {
                fill(&m.child_data_sensitive, &[("age", &age(a)), ("where", j), ("law", l)])
            }
            Msg::RefusalRemembered(r, u) => fill(&m.refusal_remembered, &[("refused", &day(r)), ("until", &day(u))]),
            Msg::RefusalLapsed(r, u) => fill(&m.refusal_lapsed, &[("refused", &day(r)), ("until", &day(u))]),
            Msg::Revoked(t) => fill(&m.revoked, &[("at", &day(t))]),
            Msg::Reconsent(v, w) => fill(&m.reconsent, &[("version", v), ("what", w)]),
            Msg::GuardianAgain(v, law) => fill(&m.guardian_again, &[("version", v), ("law", law)]),
            Msg::VersionUnknown(v) => fill(&m.version_unknown, &[("version", v)]),
            Msg::NoValidConsent(s) => fill(&m.no_valid_consent, &[("state", s)]),
            Msg::DefaultDeny => m.default_deny.to_string(),
        }
    }
}

/// Words for what grew in a purpose's scope, from the messages `m`.
pub fn growth_word<'m>(kind: &str, m: &'m Messages) -> &'m str {
    match kind {
        "data" => &m.grew_data,
        "recipients" => &m.grew_recipients,
        "legalBasis" => &m.grew_legal_basis,
        "crossBorder" => &m.grew_cross_border,
        "new" => &m.grew_new,
        _ => &m.grew_other,
    }
}

static EN: Messages = Messages {
    essential: m("Essential to provide the service; runs without consent."),
    minor_forbidden: m("Not allowed for minors under {age} in {where} ({law}), whatever the consent."),
    age_gate: m("The visitor's age is not known yet; the age question comes before any optional processing."),
    gpc: m("A Global Privacy Control signal opts out of this in {where} ({law})."),
    guardian_required: m("Below {age} in {where}, a parent or guardian must consent first ({law})."),
    self_consent_not_enough: m("The visitor's own consent does not count below {age}."),
    guardian_joint: m("Below {age}, the child and a guardian consent together; the guardian's consent does not record the child's."),
    consent_valid: m("Consent given on {given}, valid until {until}."),
    guardian_consent: m("A parent or guardian consented on {given}, valid until {until}."),
    consent_expired: m("Consent given on {given} expired on {expired}; ask again."),
    consent_future: m("The consent is dated {at}, after the current time; it is not trusted."),
    separate_consent: m("Uses sensitive personal information or sends data abroad: needs a consent given for this purpose alone."),
    child_data_sensitive: m("Below {age} in {where}, a child's personal information is sensitive personal information ({law}): every optional purpose needs a consent given for it alone."),
    refusal_remembered: m("Refused on {refused}; not asked again before {until}."),
    refusal_lapsed: m("Refused on {refused}; that refusal was remembered until {until}, so the visitor may be asked again."),
    revoked: m("Consent was revoked by a parent or guardian on {at}."),
    reconsent: m("Consent was given under version {version}; since then the purpose has grown ({what}), so ask again."),
    guardian_again: m("A parent or guardian consented under version {version}; the policy has changed materially since, and {law} asks the guardian again."),
    version_unknown: m("Consent was given under version {version}, which this policy's history does not describe; ask again."),
    no_valid_consent: m("No valid consent (the recorded state is {state})."),
    default_deny: m("No consent is recorded; nothing optional runs without one."),
    grew_data: m("more data"),
    grew_recipients: m("new recipients"),
    grew_legal_basis: m("another legal basis"),
    grew_cross_border: m("transfer abroad"),
    grew_new: m("a new purpose"),
    grew_other: m("changed"),
    list_sep: m(", "),
    change_sep: m("; "),
    update_unchanged: m("Version {version} replaces {seen}; what you agreed to is unchanged."),
    update_changed: m("Version {version} replaces {seen}. Changed: {changes}."),
    update_removed: m(" No longer used: {list}."),
    update_review: m("Version {version} replaces {seen}; review what changed."),
};

static ZH: Messages = Messages {
    essential: m("提供服务所必需，无需同意即可运行。"),
    minor_forbidden: m("在{where}，未满{age}周岁的未成年人不得使用此项，无论是否同意（{law}）。"),
    age_gate: m("尚不知道访问者的年龄；在任何可选处理之前须先询问年龄。"),
    gpc: m("在{where}，全球隐私控制（GPC）信号表示拒绝此项（{law}）。"),
    guardian_required: m("在{where}，未满{age}周岁须先取得父母或其他监护人的同意（{law}）。"),
    self_consent_not_enough: m("未满{age}周岁时，本人的同意不足以作为依据。"),
    guardian_joint: m("未满{age}周岁须由儿童与监护人共同同意；监护人的同意未记录儿童本人的同意。"),
    consent_valid: m("已于{given}同意，有效期至{until}。"),
    guardian_consent: m("父母或其他监护人已于{given}同意，有效期至{until}。"),
    consent_expired: m("于{given}作出的同意已于{expired}过期，需要重新征求。"),
    consent_future: m("该同意的时间为{at}，晚于当前时间，不予采信。"),
    separate_consent: m("涉及敏感个人信息或向境外提供：需要针对此项单独同意。"),
    child_data_sensitive: m(
        "在{where}，未满{age}周岁未成年人的个人信息属于敏感个人信息（{law}）：每项可选处理都需要单独同意。",
    ),
    refusal_remembered: m("已于{refused}拒绝；{until}之前不再询问。"),
    refusal_lapsed: m("已于{refused}拒绝；该拒绝记录保留至{until}，现在可以再次询问。"),
    revoked: m("父母或其他监护人已于{at}撤回同意。"),
    reconsent: m("同意是在{version}版下作出的；此后该目的的范围已扩大（{what}），需要重新征求同意。"),
    guardian_again: m(
        "父母或其他监护人是在{version}版下同意的；此后政策发生了重大变更，根据{law}，需要再次征得监护人同意。",
    ),
    version_unknown: m("同意是在{version}版下作出的，本政策的历史中没有该版本的记录，需要重新征求同意。"),
    no_valid_consent: m("没有有效的同意（记录的状态为{state}）。"),
    default_deny: m("尚无同意记录；未经同意，任何可选处理均不运行。"),
    grew_data: m("更多个人信息"),
    grew_recipients: m("新的接收方"),
    grew_legal_basis: m("处理依据变更"),
    grew_cross_border: m("向境外提供"),
    grew_new: m("新增目的"),
    grew_other: m("已变更"),
    list_sep: m("、"),
    change_sep: m("；"),
    update_unchanged: m("{version}版取代{seen}版；您已同意的内容没有变化。"),
    update_changed: m("{version}版取代{seen}版。变更：{changes}。"),
    update_removed: m("不再使用：{list}。"),
    update_review: m("{version}版取代{seen}版，请查看变更内容。"),
};

static DE: Messages = Messages {
    essential: m("Für die Bereitstellung des Dienstes erforderlich; läuft ohne Einwilligung."),
    minor_forbidden: m("In {where} für Minderjährige unter {age} Jahren nicht zulässig ({law}), auch nicht mit Einwilligung."),
    age_gate: m("Das Alter der besuchenden Person ist noch nicht bekannt; vor jeder optionalen Verarbeitung wird nach dem Alter gefragt."),
    gpc: m("In {where} gilt ein Global-Privacy-Control-Signal als Widerspruch gegen diese Verarbeitung ({law})."),
    guardian_required: m("Unter {age} Jahren muss in {where} zuerst ein Elternteil oder eine andere erziehungsberechtigte Person einwilligen ({law})."),
    self_consent_not_enough: m("Unter {age} Jahren genügt die eigene Einwilligung der besuchenden Person nicht."),
    guardian_joint: m("Unter {age} Jahren willigen das Kind und eine erziehungsberechtigte Person gemeinsam ein; die Einwilligung der erziehungsberechtigten Person umfasst nicht die des Kindes."),
    consent_valid: m("Einwilligung erteilt am {given}, gültig bis {until}."),
    guardian_consent: m("Ein Elternteil oder eine andere erziehungsberechtigte Person hat am {given} eingewilligt, gültig bis {until}."),
    consent_expired: m("Die am {given} erteilte Einwilligung ist am {expired} abgelaufen; erneut fragen."),
    consent_future: m("Die Einwilligung ist auf {at} datiert, also nach dem aktuellen Zeitpunkt; sie wird nicht anerkannt."),
    separate_consent: m("Verarbeitet sensible personenbezogene Daten oder übermittelt Daten ins Ausland: erfordert eine gesonderte Einwilligung nur für diesen Zweck."),
    child_data_sensitive: m("Unter {age} Jahren sind in {where} die personenbezogenen Daten eines Kindes sensible Daten ({law}): Jeder optionale Zweck erfordert eine gesonderte Einwilligung."),
    refusal_remembered: m("Abgelehnt am {refused}; vor dem {until} wird nicht erneut gefragt."),
    refusal_lapsed: m("Abgelehnt am {refused}; die Ablehnung galt bis zum {until}, daher darf erneut gefragt werden."),
    revoked: m("Die Einwilligung wurde am {at} von einem Elternteil oder einer anderen erziehungsberechtigten Person widerrufen."),
    reconsent: m("Die Einwilligung wurde unter Version {version} erteilt; seitdem wurde der Zweck erweitert ({what}), daher erneut fragen."),
    guardian_again: m("Ein Elternteil oder eine andere erziehungsberechtigte Person hat unter Version {version} eingewilligt; die Datenschutzerklärung wurde seitdem wesentlich geändert, und {law} verlangt eine erneute Einwilligung dieser Person."),
    version_unknown: m("Die Einwilligung wurde unter Version {version} erteilt, die in der Versionsgeschichte dieser Datenschutzerklärung nicht beschrieben ist; erneut fragen."),
    no_valid_consent: m("Keine gültige Einwilligung (erfasster Status: {state})."),
    default_deny: m("Es ist keine Einwilligung erfasst; ohne sie läuft nichts Optionales."),
    grew_data: m("mehr Daten"),
    grew_recipients: m("neue Empfänger"),
    grew_legal_basis: m("eine andere Rechtsgrundlage"),
    grew_cross_border: m("Übermittlung ins Ausland"),
    grew_new: m("ein neuer Zweck"),
    grew_other: m("geändert"),
    list_sep: m(", "),
    change_sep: m("; "),
    update_unchanged: m("Version {version} ersetzt {seen}; das, worin Sie eingewilligt haben, bleibt unverändert."),
    update_changed: m("Version {version} ersetzt {seen}. Geändert: {changes}."),
    update_removed: m(" Nicht mehr verwendet: {list}."),
    update_review: m("Version {version} ersetzt {seen}; bitte prüfen Sie die Änderungen."),
};

// French puts a no-break space before `:` and `;` (and a narrow one inside « »).
static FR: Messages = Messages {
    essential: m("Nécessaire à la fourniture du service\u{a0}; fonctionne sans consentement."),
    minor_forbidden: m("Interdit aux mineurs de moins de {age}\u{a0}ans ({where}, {law}), quel que soit le consentement."),
    age_gate: m("L'âge de la personne n'est pas encore connu\u{a0}; la question de l'âge précède tout traitement facultatif."),
    gpc: m("Un signal Global Privacy Control vaut opposition à ce traitement ({where}, {law})."),
    guardian_required: m("En dessous de {age}\u{a0}ans, un parent ou tuteur légal doit d'abord donner son consentement ({where}, {law})."),
    self_consent_not_enough: m("En dessous de {age}\u{a0}ans, le consentement de la personne elle-même ne suffit pas."),
    guardian_joint: m("En dessous de {age}\u{a0}ans, l'enfant et un parent ou tuteur légal consentent conjointement\u{a0}; le consentement du parent ne vaut pas celui de l'enfant."),
    consent_valid: m("Consentement donné le {given}, valable jusqu'au {until}."),
    guardian_consent: m("Un parent ou tuteur légal a donné son consentement le {given}, valable jusqu'au {until}."),
    consent_expired: m("Le consentement donné le {given} a expiré le {expired}\u{a0}; il faut le redemander."),
    consent_future: m("Le consentement est daté du {at}, postérieur à l'heure actuelle\u{a0}; il n'est pas pris en compte."),
    separate_consent: m("Utilise des données personnelles sensibles ou transfère des données à l'étranger\u{a0}: nécessite un consentement donné pour cette seule finalité."),
    child_data_sensitive: m("En dessous de {age}\u{a0}ans, les données personnelles d'un enfant sont des données sensibles ({where}, {law})\u{a0}: chaque finalité facultative nécessite un consentement distinct."),
    refusal_remembered: m("Refusé le {refused}\u{a0}; pas de nouvelle demande avant le {until}."),
    refusal_lapsed: m("Refusé le {refused}\u{a0}; ce refus était conservé jusqu'au {until}, la demande peut donc être renouvelée."),
    revoked: m("Le consentement a été retiré par un parent ou tuteur légal le {at}."),
    reconsent: m("Le consentement a été donné sous la version {version}\u{a0}; depuis, la finalité s'est élargie ({what}), il faut donc le redemander."),
    guardian_again: m("Un parent ou tuteur légal a donné son consentement sous la version {version}\u{a0}; la politique a depuis changé de manière substantielle, et {law} exige de le lui redemander."),
    version_unknown: m("Le consentement a été donné sous la version {version}, que l'historique de cette politique ne décrit pas\u{a0}; il faut le redemander."),
    no_valid_consent: m("Aucun consentement valable (état enregistré\u{a0}: {state})."),
    default_deny: m("Aucun consentement n'est enregistré\u{a0}; rien de facultatif ne fonctionne sans consentement."),
    grew_data: m("davantage de données"),
    grew_recipients: m("de nouveaux destinataires"),
    grew_legal_basis: m("une autre base légale"),
    grew_cross_border: m("un transfert à l'étranger"),
    grew_new: m("une nouvelle finalité"),
    grew_other: m("modifiée"),
    list_sep: m(", "),
    change_sep: m("\u{a0}; "),
    update_unchanged: m("La version {version} remplace la version {seen}\u{a0}; ce que vous avez accepté ne change pas."),
    update_changed: m("La version {version} remplace la version {seen}. Modifications\u{a0}: {changes}."),
    update_removed: m(" Ne sont plus utilisées\u{a0}: {list}."),
    update_review: m("La version {version} remplace la version {seen}\u{a0}; consultez les modifications."),
};

static ES: Messages = Messages {
    essential: m("Necesario para prestar el servicio; funciona sin consentimiento."),
    minor_forbidden: m("No permitido a menores de {age} años ({where}, {law}), con independencia del consentimiento."),
    age_gate: m("Aún no se conoce la edad de la persona; la pregunta sobre la edad va antes de cualquier tratamiento opcional."),
    gpc: m("Una señal Global Privacy Control equivale a oponerse a este tratamiento ({where}, {law})."),
    guardian_required: m("Por debajo de {age} años, primero debe dar su consentimiento el padre, la madre o el tutor legal ({where}, {law})."),
    self_consent_not_enough: m("Por debajo de {age} años, el consentimiento de la propia persona no basta."),
    guardian_joint: m("Por debajo de {age} años, el menor y su padre, madre o tutor legal consienten conjuntamente; el consentimiento del tutor no incluye el del menor."),
    consent_valid: m("Consentimiento otorgado el {given}, válido hasta el {until}."),
    guardian_consent: m("El padre, la madre o el tutor legal dio su consentimiento el {given}, válido hasta el {until}."),
    consent_expired: m("El consentimiento otorgado el {given} caducó el {expired}; hay que volver a solicitarlo."),
    consent_future: m("El consentimiento tiene fecha {at}, posterior a la hora actual; no se tiene en cuenta."),
    separate_consent: m("Usa datos personales sensibles o envía datos al extranjero: requiere un consentimiento otorgado solo para esta finalidad."),
    child_data_sensitive: m("Por debajo de {age} años, los datos personales de un menor son datos sensibles ({where}, {law}): cada finalidad opcional requiere un consentimiento específico."),
    refusal_remembered: m("Rechazado el {refused}; no se vuelve a preguntar antes del {until}."),
    refusal_lapsed: m("Rechazado el {refused}; ese rechazo se recordó hasta el {until}, así que se puede volver a preguntar."),
    revoked: m("El padre, la madre o el tutor legal retiró el consentimiento el {at}."),
    reconsent: m("El consentimiento se otorgó con la versión {version}; desde entonces la finalidad se ha ampliado ({what}), así que hay que volver a solicitarlo."),
    guardian_again: m("El padre, la madre o el tutor legal dio su consentimiento con la versión {version}; desde entonces la política ha cambiado de forma sustancial y {law} exige volver a solicitar su consentimiento."),
    version_unknown: m("El consentimiento se otorgó con la versión {version}, que el historial de esta política no describe; hay que volver a solicitarlo."),
    no_valid_consent: m("No hay un consentimiento válido (el estado registrado es {state})."),
    default_deny: m("No consta ningún consentimiento; sin él no funciona nada opcional."),
    grew_data: m("más datos"),
    grew_recipients: m("nuevos destinatarios"),
    grew_legal_basis: m("otra base jurídica"),
    grew_cross_border: m("transferencia al extranjero"),
    grew_new: m("una finalidad nueva"),
    grew_other: m("modificada"),
    list_sep: m(", "),
    change_sep: m("; "),
    update_unchanged: m("La versión {version} sustituye a la {seen}; lo que usted aceptó no cambia."),
    update_changed: m("La versión {version} sustituye a la {seen}. Cambios: {changes}."),
    update_removed: m(" Ya no se usan: {list}."),
    update_review: m("La versión {version} sustituye a la {seen}; revise los cambios."),
};

static JA: Messages = Messages {
    essential: m("サービスの提供に必要なため、同意なしで動作します。"),
    minor_forbidden: m("{where}では、{age}歳未満の未成年者には、同意の有無にかかわらず利用できません（{law}）。"),
    age_gate: m("訪問者の年齢がまだ分かりません。任意の処理を行う前に、まず年齢を確認します。"),
    gpc: m("{where}では、グローバル・プライバシー・コントロール（GPC）の信号は、この処理を拒否する意思表示となります（{law}）。"),
    guardian_required: m("{where}では、{age}歳未満の場合、まず保護者（法定代理人）の同意が必要です（{law}）。"),
    self_consent_not_enough: m("{age}歳未満の場合、本人の同意だけでは足りません。"),
    guardian_joint: m("{age}歳未満の場合、本人と保護者がともに同意します。保護者の同意には本人の同意は含まれません。"),
    consent_valid: m("{given}に同意済みで、{until}まで有効です。"),
    guardian_consent: m("保護者が{given}に同意済みで、{until}まで有効です。"),
    consent_expired: m("{given}の同意は{expired}に期限が切れました。改めて同意を求めてください。"),
    consent_future: m("この同意の日時は{at}で、現在時刻より後のため、採用しません。"),
    separate_consent: m("要配慮個人情報を取り扱うか、外国にデータを提供します。この目的だけについての個別の同意が必要です。"),
    child_data_sensitive: m("{where}では、{age}歳未満の子どもの個人情報は機微な個人情報に当たります（{law}）。任意の目的ごとに個別の同意が必要です。"),
    refusal_remembered: m("{refused}に拒否済みです。{until}までは改めて確認しません。"),
    refusal_lapsed: m("{refused}に拒否済みです。この拒否は{until}まで保持されていたため、改めて確認できます。"),
    revoked: m("保護者が{at}に同意を撤回しました。"),
    reconsent: m("同意はバージョン{version}で得たものです。その後、目的の範囲が広がったため（{what}）、改めて同意を求めてください。"),
    guardian_again: m("保護者はバージョン{version}で同意しました。その後ポリシーに重要な変更があり、{law}により保護者に改めて同意を求める必要があります。"),
    version_unknown: m("同意はバージョン{version}で得たものですが、このポリシーの履歴にそのバージョンの記録がありません。改めて同意を求めてください。"),
    no_valid_consent: m("有効な同意はありません（記録されている状態：{state}）。"),
    default_deny: m("同意の記録がありません。同意がない限り、任意の処理は行いません。"),
    grew_data: m("取り扱う情報の追加"),
    grew_recipients: m("提供先の追加"),
    grew_legal_basis: m("取扱いの根拠の変更"),
    grew_cross_border: m("外国への提供"),
    grew_new: m("新しい目的"),
    grew_other: m("変更あり"),
    list_sep: m("、"),
    change_sep: m("、"),
    update_unchanged: m("バージョン{version}がバージョン{seen}に代わりました。同意いただいた内容に変更はありません。"),
    update_changed: m("バージョン{version}がバージョン{seen}に代わりました。変更点：{changes}。"),
    update_removed: m("利用を終了したもの：{list}。"),
    update_review: m("バージョン{version}がバージョン{seen}に代わりました。変更内容をご確認ください。"),
};

static KO: Messages = Messages {
    essential: m("서비스 제공에 반드시 필요하므로 동의 없이 작동합니다."),
    minor_forbidden: m("{where}에서는 만 {age}세 미만 미성년자에게 동의 여부와 관계없이 허용되지 않습니다({law})."),
    age_gate: m("방문자의 나이를 아직 알 수 없습니다. 선택 항목을 처리하기 전에 먼저 나이를 확인합니다."),
    gpc: m("{where}에서는 GPC(Global Privacy Control) 신호가 이 처리에 대한 거부를 뜻합니다({law})."),
    guardian_required: m("{where}에서는 만 {age}세 미만인 경우 먼저 법정대리인의 동의를 받아야 합니다({law})."),
    self_consent_not_enough: m("만 {age}세 미만은 본인의 동의만으로는 충분하지 않습니다."),
    guardian_joint: m("만 {age}세 미만은 아동과 법정대리인이 함께 동의합니다. 법정대리인의 동의에는 아동 본인의 동의가 포함되지 않습니다."),
    consent_valid: m("{given}에 동의했으며 {until}까지 유효합니다."),
    guardian_consent: m("법정대리인이 {given}에 동의했으며 {until}까지 유효합니다."),
    consent_expired: m("{given}에 한 동의가 {expired}에 만료되었습니다. 다시 동의를 받아야 합니다."),
    consent_future: m("이 동의의 시각({at})이 현재 시각보다 나중이므로 인정하지 않습니다."),
    separate_consent: m("민감정보를 처리하거나 개인정보를 국외로 이전합니다. 이 목적에 대해서만 별도의 동의가 필요합니다."),
    child_data_sensitive: m("{where}에서는 만 {age}세 미만 아동의 개인정보가 민감한 개인정보에 해당합니다({law}). 선택 목적마다 별도의 동의가 필요합니다."),
    refusal_remembered: m("{refused}에 거부했습니다. {until} 전에는 다시 묻지 않습니다."),
    refusal_lapsed: m("{refused}에 거부했습니다. 이 거부는 {until}까지 유지되었으므로 다시 물을 수 있습니다."),
    revoked: m("법정대리인이 {at}에 동의를 철회했습니다."),
    reconsent: m("{version} 버전에서 동의했습니다. 이후 목적의 범위가 넓어졌으므로({what}) 다시 동의를 받아야 합니다."),
    guardian_again: m("법정대리인이 {version} 버전에서 동의했습니다. 이후 처리방침이 중요하게 변경되었으며, {law}에 따라 법정대리인의 동의를 다시 받아야 합니다."),
    version_unknown: m("{version} 버전에서 동의했으나, 이 처리방침의 이력에 해당 버전이 기록되어 있지 않습니다. 다시 동의를 받아야 합니다."),
    no_valid_consent: m("유효한 동의가 없습니다(기록된 상태: {state})."),
    default_deny: m("기록된 동의가 없습니다. 동의 없이는 어떤 선택 항목도 처리하지 않습니다."),
    grew_data: m("처리 항목 추가"),
    grew_recipients: m("제공받는 자 추가"),
    grew_legal_basis: m("처리 근거 변경"),
    grew_cross_border: m("국외 이전"),
    grew_new: m("새로운 목적"),
    grew_other: m("변경됨"),
    list_sep: m(", "),
    change_sep: m("; "),
    update_unchanged: m("{seen} 버전이 {version} 버전으로 바뀌었습니다. 동의하신 내용은 바뀌지 않았습니다."),
    update_changed: m("{seen} 버전이 {version} 버전으로 바뀌었습니다. 변경 사항: {changes}."),
    update_removed: m(" 더 이상 사용하지 않음: {list}."),
    update_review: m("{seen} 버전이 {version} 버전으로 바뀌었습니다. 변경 내용을 확인하세요."),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_message_with_the_english_placeholders() {
        let by_key = |lang: Lang| -> crate::sorted_map::SortedMap<String> {
            crate::json::from_str(&crate::json::to_string(lang.messages()).unwrap()).unwrap()
        };
        let english = by_key(Lang::En);
        assert_eq!(english.len(), 33);
        for lang in Lang::ALL {
            let entries = by_key(lang);
            assert_eq!(entries.len(), english.len());
            for ((name, text), (_, en)) in entries.iter().zip(english.iter()) {
                assert!(
                    !text.trim().is_empty() || name.ends_with("sep"),
                    "{lang:?} {name} is empty"
                );
                let mut mine = placeholders(text);
                let mut theirs = placeholders(en);
                mine.sort_unstable();
                theirs.sort_unstable();
                assert_eq!(mine, theirs, "{lang:?} {name}: {text}");
            }
        }
    }

    #[test]
    fn a_locale_speaks_its_language() {
        assert_eq!(Lang::of("de-AT"), Lang::De);
        assert_eq!(Lang::of("zh-TW"), Lang::Zh);
        assert_eq!(Lang::of("ja"), Lang::Ja);
        assert_eq!(Lang::of("KO_kr"), Lang::Ko);
        assert_eq!(Lang::of("pt-BR"), Lang::En);
        assert_eq!(Lang::find("pt-BR"), None);
        assert_eq!(Lang::from_tag("ZH-cn"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("zh"), None);
        for lang in Lang::ALL {
            assert_eq!(Lang::of(lang.tag()), lang);
        }
    }

    #[test]
    fn templates_are_filled_by_name() {
        assert_eq!(fill("{a} and {b}, {a}", &[("a", "x"), ("b", "y")]), "x and y, x");
        assert_eq!(fill("{unknown} {", &[("a", "x")]), "{unknown} {");
        assert_eq!(placeholders("{a}{} {b c} {d}"), vec!["a", "d"]);
        let de = Msg::GuardianRequired(16, "DE", "DSGVO Art. 8").text(Lang::De.messages());
        assert_eq!(
            de,
            "Unter 16 Jahren muss in DE zuerst ein Elternteil oder eine andere erziehungsberechtigte Person \
             einwilligen (DSGVO Art. 8)."
        );
    }
}
