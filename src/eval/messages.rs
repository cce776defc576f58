//! The words of each rule, in every language the engine speaks: English, Simplified Chinese,
//! German, French, Spanish, Japanese and Korean.
//!
//! Every rule the evaluator applies has an id (`R-...`), and its message is a template here,
//! one table per language, so that the languages stay side by side and say the same thing.
//! A template names what it is filled with (`{age}`, `{law}`); a test holds every language to
//! the English template's names. The legal terms follow each law's own language versions: the
//! GDPR's "Einwilligung", "consentement", "consentimiento"; the APPI's 同意 and 要配慮個人情報;
//! PIPA's 동의, 민감정보 and 법정대리인; PIPL's 同意 and 监护人.
//!
//! The tables are the catalogue a policy is compiled with: each locale's texts file carries that
//! locale's [`Messages`], and the evaluator reads them from the compiled policy, never from here,
//! so a page's module carries none of them.

use serde::{Deserialize, Serialize};

use crate::prelude::*;
use crate::sorted_map::SortedMap;
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

    /// This language's one of `each`, which holds one per language in the order of
    /// [`Lang::ALL`]: every table of the catalogue is picked from by this one match.
    #[inline(always)]
    pub fn pick<T>(self, each: [T; 7]) -> T {
        let [en, zh, de, fr, es, ja, ko] = each;
        match self {
            Lang::En => en,
            Lang::Zh => zh,
            Lang::De => de,
            Lang::Fr => fr,
            Lang::Es => es,
            Lang::Ja => ja,
            Lang::Ko => ko,
        }
    }

    /// The locale tag the engine's words are written for (`en`, `zh-CN`, `de`, ...).
    pub fn tag(self) -> &'static str {
        self.pick(["en", "zh-CN", "de", "fr", "es", "ja", "ko"])
    }

    /// The catalogue's messages in this language (what the compiler writes into a texts file).
    pub fn messages(self) -> Messages {
        Messages(self.table().iter().map(|(k, m)| (k.key(), (*m).to_string())).collect())
    }

    /// The catalogue's table of messages in this language.
    fn table(self) -> &'static [(MessageKey, &'static str)] {
        self.pick([EN, ZH, DE, FR, ES, JA, KO])
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

/// The key of each of the engine's messages: one template per rule, the words for what grew in
/// a purpose's scope, and the update notice's summaries. Named as the texts file names them
/// (`minorForbidden`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MessageKey {
    /// R-ESSENTIAL.
    Essential,
    /// R-MINOR-FORBIDDEN: `{age}`, `{where}`, `{law}`.
    MinorForbidden,
    /// R-AGE-GATE.
    AgeGate,
    /// R-GPC: `{where}`, `{law}`.
    Gpc,
    /// R-GUARDIAN-REQUIRED: `{age}`, `{where}`, `{law}`.
    GuardianRequired,
    /// R-SELF-CONSENT-NOT-ENOUGH: `{age}`.
    SelfConsentNotEnough,
    /// R-GUARDIAN-JOINT: `{age}`.
    GuardianJoint,
    /// R-CONSENT-VALID: `{given}`, `{until}`.
    ConsentValid,
    /// R-GUARDIAN-CONSENT: `{given}`, `{until}`.
    GuardianConsent,
    /// R-CONSENT-EXPIRED: `{given}`, `{expired}`.
    ConsentExpired,
    /// R-CONSENT-FUTURE: `{at}`.
    ConsentFuture,
    /// R-SEPARATE-CONSENT.
    SeparateConsent,
    /// R-CHILD-DATA-SENSITIVE: `{age}`, `{where}`, `{law}`.
    ChildDataSensitive,
    /// R-REFUSAL-REMEMBERED: `{refused}`, `{until}`.
    RefusalRemembered,
    /// R-REFUSAL-LAPSED: `{refused}`, `{until}`.
    RefusalLapsed,
    /// R-REVOKED: `{at}`.
    Revoked,
    /// R-RECONSENT: `{version}`, `{what}` (the growth words).
    Reconsent,
    /// R-GUARDIAN-MATERIAL-CHANGE: `{version}`, `{law}`.
    GuardianAgain,
    /// R-VERSION-UNKNOWN: `{version}`.
    VersionUnknown,
    /// R-NO-VALID-CONSENT: `{state}`.
    NoValidConsent,
    /// R-DEFAULT-DENY.
    DefaultDeny,
    /// A purpose uses more data.
    GrewData,
    /// A purpose has new recipients.
    GrewRecipients,
    /// A purpose rests on another legal basis.
    GrewLegalBasis,
    /// A purpose now sends data abroad.
    GrewCrossBorder,
    /// A purpose is now of another kind (what it is used for).
    GrewKind,
    /// Others than the site now set storage for a purpose.
    GrewStorage,
    /// A purpose now sends more signals to advertising services.
    GrewSignals,
    /// A purpose is new.
    GrewNew,
    /// A purpose changed otherwise.
    GrewOther,
    /// Separator between items of a list.
    ListSep,
    /// Separator between the purposes an update summary names.
    ChangeSep,
    /// An update that changes nothing agreed to: `{version}`, `{seen}`.
    UpdateUnchanged,
    /// An update that changes what was agreed to: `{version}`, `{seen}`, `{changes}`.
    UpdateChanged,
    /// Appended when purposes were dropped: `{list}`.
    UpdateRemoved,
    /// An update whose changes the engine cannot list: `{version}`, `{seen}`.
    UpdateReview,
}

impl MessageKey {
    /// Every key, in declaration order.
    pub fn all() -> Vec<MessageKey> {
        crate::json::variants()
    }

    /// Its key, as the texts file names it.
    pub fn key(self) -> String {
        let quoted = crate::json::to_string(&self).unwrap_or_default();
        quoted.trim_matches('"').to_string()
    }
}

/// The engine's messages in one language, per key ([`MessageKey`]). The catalogue has them in
/// every [`Lang`]; a compiled policy's texts file carries its locale's
/// ([`crate::compiled::LocaleTexts`]), which is where the evaluator reads them, so a page's
/// module carries no message table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, crate::json::FromJson)]
#[serde(transparent)]
pub struct Messages(pub SortedMap<String>);

impl core::ops::Index<MessageKey> for Messages {
    type Output = str;

    fn index(&self, key: MessageKey) -> &str {
        self.0.get(&key.key()).map_or("", String::as_str)
    }
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
            Msg::Essential => m[MessageKey::Essential].to_string(),
            Msg::MinorForbidden(a, j, l) => fill(
                &m[MessageKey::MinorForbidden],
                &[("age", &age(a)), ("where", j), ("law", l)],
            ),
            Msg::AgeGate => m[MessageKey::AgeGate].to_string(),
            Msg::Gpc(j, l) => fill(&m[MessageKey::Gpc], &[("where", j), ("law", l)]),
            Msg::GuardianRequired(a, j, l) => fill(
                &m[MessageKey::GuardianRequired],
                &[("age", &age(a)), ("where", j), ("law", l)],
            ),
            Msg::SelfConsentNotEnough(a) => fill(&m[MessageKey::SelfConsentNotEnough], &[("age", &age(a))]),
            Msg::GuardianJoint(a) => fill(&m[MessageKey::GuardianJoint], &[("age", &age(a))]),
            Msg::ConsentValid(g, u) => fill(&m[MessageKey::ConsentValid], &[("given", &day(g)), ("until", &day(u))]),
            Msg::GuardianConsent(g, u) => fill(
                &m[MessageKey::GuardianConsent],
                &[("given", &day(g)), ("until", &day(u))],
            ),
            Msg::ConsentExpired(g, e) => fill(
                &m[MessageKey::ConsentExpired],
                &[("given", &day(g)), ("expired", &day(e))],
            ),
            Msg::ConsentFuture(t) => fill(&m[MessageKey::ConsentFuture], &[("at", t)]),
            Msg::SeparateConsent => m[MessageKey::SeparateConsent].to_string(),
            Msg::ChildDataSensitive(a, j, l) => fill(
                &m[MessageKey::ChildDataSensitive],
                &[("age", &age(a)), ("where", j), ("law", l)],
            ),
            Msg::RefusalRemembered(r, u) => fill(
                &m[MessageKey::RefusalRemembered],
                &[("refused", &day(r)), ("until", &day(u))],
            ),
            Msg::RefusalLapsed(r, u) => fill(
                &m[MessageKey::RefusalLapsed],
                &[("refused", &day(r)), ("until", &day(u))],
            ),
            Msg::Revoked(t) => fill(&m[MessageKey::Revoked], &[("at", &day(t))]),
            Msg::Reconsent(v, w) => fill(&m[MessageKey::Reconsent], &[("version", v), ("what", w)]),
            Msg::GuardianAgain(v, law) => fill(&m[MessageKey::GuardianAgain], &[("version", v), ("law", law)]),
            Msg::VersionUnknown(v) => fill(&m[MessageKey::VersionUnknown], &[("version", v)]),
            Msg::NoValidConsent(s) => fill(&m[MessageKey::NoValidConsent], &[("state", s)]),
            Msg::DefaultDeny => m[MessageKey::DefaultDeny].to_string(),
        }
    }
}

/// Words for what grew in a purpose's scope, from the messages `m`.
pub fn growth_word<'m>(kind: &str, m: &'m Messages) -> &'m str {
    match kind {
        "data" => &m[MessageKey::GrewData],
        "recipients" => &m[MessageKey::GrewRecipients],
        "legalBasis" => &m[MessageKey::GrewLegalBasis],
        "crossBorder" => &m[MessageKey::GrewCrossBorder],
        "kind" => &m[MessageKey::GrewKind],
        "storage" => &m[MessageKey::GrewStorage],
        "signals" => &m[MessageKey::GrewSignals],
        "new" => &m[MessageKey::GrewNew],
        _ => &m[MessageKey::GrewOther],
    }
}

static EN: &[(MessageKey, &str)] = &[
    (MessageKey::Essential, "Essential to provide the service; runs without consent."),
    (MessageKey::MinorForbidden, "Not allowed for minors under {age} in {where} ({law}), whatever the consent."),
    (MessageKey::AgeGate, "The visitor's age is not known yet; the age question comes before any optional processing."),
    (MessageKey::Gpc, "A Global Privacy Control signal opts out of this in {where} ({law})."),
    (MessageKey::GuardianRequired, "Below {age} in {where}, a parent or guardian must consent first ({law})."),
    (MessageKey::SelfConsentNotEnough, "The visitor's own consent does not count below {age}."),
    (MessageKey::GuardianJoint, "Below {age}, the child and a guardian consent together; the guardian's consent does not record the child's."),
    (MessageKey::ConsentValid, "Consent given on {given}, valid until {until}."),
    (MessageKey::GuardianConsent, "A parent or guardian consented on {given}, valid until {until}."),
    (MessageKey::ConsentExpired, "Consent given on {given} expired on {expired}; ask again."),
    (MessageKey::ConsentFuture, "The consent is dated {at}, after the current time; it is not trusted."),
    (MessageKey::SeparateConsent, "Uses sensitive personal information or sends data abroad: needs a consent given for this purpose alone."),
    (MessageKey::ChildDataSensitive, "Below {age} in {where}, a child's personal information is sensitive personal information ({law}): every optional purpose needs a consent given for it alone."),
    (MessageKey::RefusalRemembered, "Refused on {refused}; not asked again before {until}."),
    (MessageKey::RefusalLapsed, "Refused on {refused}; that refusal was remembered until {until}, so the visitor may be asked again."),
    (MessageKey::Revoked, "Consent was revoked by a parent or guardian on {at}."),
    (MessageKey::Reconsent, "Consent was given under version {version}; since then the purpose has grown ({what}), so ask again."),
    (MessageKey::GuardianAgain, "A parent or guardian consented under version {version}; the policy has changed materially since, and {law} asks the guardian again."),
    (MessageKey::VersionUnknown, "Consent was given under version {version}, which this policy's history does not describe; ask again."),
    (MessageKey::NoValidConsent, "No valid consent (the recorded state is {state})."),
    (MessageKey::DefaultDeny, "No consent is recorded; nothing optional runs without one."),
    (MessageKey::GrewData, "more data"),
    (MessageKey::GrewRecipients, "new recipients"),
    (MessageKey::GrewLegalBasis, "another legal basis"),
    (MessageKey::GrewCrossBorder, "transfer abroad"),
    (MessageKey::GrewKind, "a different kind of use"),
    (MessageKey::GrewStorage, "third-party cookies or storage"),
    (MessageKey::GrewSignals, "signals to advertising services"),
    (MessageKey::GrewNew, "a new purpose"),
    (MessageKey::GrewOther, "changed"),
    (MessageKey::ListSep, ", "),
    (MessageKey::ChangeSep, "; "),
    (MessageKey::UpdateUnchanged, "Version {version} replaces {seen}; what you agreed to is unchanged."),
    (MessageKey::UpdateChanged, "Version {version} replaces {seen}. Changed: {changes}."),
    (MessageKey::UpdateRemoved, " No longer used: {list}."),
    (MessageKey::UpdateReview, "Version {version} replaces {seen}; review what changed."),
];

static ZH: &[(MessageKey, &str)] = &[
    (MessageKey::Essential, "提供服务所必需，无需同意即可运行。"),
    (
        MessageKey::MinorForbidden,
        "在{where}，未满{age}周岁的未成年人不得使用此项，无论是否同意（{law}）。",
    ),
    (
        MessageKey::AgeGate,
        "尚不知道访问者的年龄；在任何可选处理之前须先询问年龄。",
    ),
    (
        MessageKey::Gpc,
        "在{where}，全球隐私控制（GPC）信号表示拒绝此项（{law}）。",
    ),
    (
        MessageKey::GuardianRequired,
        "在{where}，未满{age}周岁须先取得父母或其他监护人的同意（{law}）。",
    ),
    (
        MessageKey::SelfConsentNotEnough,
        "未满{age}周岁时，本人的同意不足以作为依据。",
    ),
    (
        MessageKey::GuardianJoint,
        "未满{age}周岁须由儿童与监护人共同同意；监护人的同意未记录儿童本人的同意。",
    ),
    (MessageKey::ConsentValid, "已于{given}同意，有效期至{until}。"),
    (
        MessageKey::GuardianConsent,
        "父母或其他监护人已于{given}同意，有效期至{until}。",
    ),
    (
        MessageKey::ConsentExpired,
        "于{given}作出的同意已于{expired}过期，需要重新征求。",
    ),
    (
        MessageKey::ConsentFuture,
        "该同意的时间为{at}，晚于当前时间，不予采信。",
    ),
    (
        MessageKey::SeparateConsent,
        "涉及敏感个人信息或向境外提供：需要针对此项单独同意。",
    ),
    (
        MessageKey::ChildDataSensitive,
        "在{where}，未满{age}周岁未成年人的个人信息属于敏感个人信息（{law}）：每项可选处理都需要单独同意。",
    ),
    (
        MessageKey::RefusalRemembered,
        "已于{refused}拒绝；{until}之前不再询问。",
    ),
    (
        MessageKey::RefusalLapsed,
        "已于{refused}拒绝；该拒绝记录保留至{until}，现在可以再次询问。",
    ),
    (MessageKey::Revoked, "父母或其他监护人已于{at}撤回同意。"),
    (
        MessageKey::Reconsent,
        "同意是在{version}版下作出的；此后该目的的范围已扩大（{what}），需要重新征求同意。",
    ),
    (
        MessageKey::GuardianAgain,
        "父母或其他监护人是在{version}版下同意的；此后政策发生了重大变更，根据{law}，需要再次征得监护人同意。",
    ),
    (
        MessageKey::VersionUnknown,
        "同意是在{version}版下作出的，本政策的历史中没有该版本的记录，需要重新征求同意。",
    ),
    (MessageKey::NoValidConsent, "没有有效的同意（记录的状态为{state}）。"),
    (
        MessageKey::DefaultDeny,
        "尚无同意记录；未经同意，任何可选处理均不运行。",
    ),
    (MessageKey::GrewData, "更多个人信息"),
    (MessageKey::GrewRecipients, "新的接收方"),
    (MessageKey::GrewLegalBasis, "处理依据变更"),
    (MessageKey::GrewCrossBorder, "向境外提供"),
    (MessageKey::GrewKind, "用途类型变更"),
    (MessageKey::GrewStorage, "第三方 Cookie 或存储"),
    (MessageKey::GrewSignals, "向广告服务发送的信号"),
    (MessageKey::GrewNew, "新增目的"),
    (MessageKey::GrewOther, "已变更"),
    (MessageKey::ListSep, "、"),
    (MessageKey::ChangeSep, "；"),
    (
        MessageKey::UpdateUnchanged,
        "{version}版取代{seen}版；您已同意的内容没有变化。",
    ),
    (MessageKey::UpdateChanged, "{version}版取代{seen}版。变更：{changes}。"),
    (MessageKey::UpdateRemoved, "不再使用：{list}。"),
    (MessageKey::UpdateReview, "{version}版取代{seen}版，请查看变更内容。"),
];

static DE: &[(MessageKey, &str)] = &[
    (MessageKey::Essential, "Für die Bereitstellung des Dienstes erforderlich; läuft ohne Einwilligung."),
    (MessageKey::MinorForbidden, "In {where} für Minderjährige unter {age} Jahren nicht zulässig ({law}), auch nicht mit Einwilligung."),
    (MessageKey::AgeGate, "Das Alter der besuchenden Person ist noch nicht bekannt; vor jeder optionalen Verarbeitung wird nach dem Alter gefragt."),
    (MessageKey::Gpc, "In {where} gilt ein Global-Privacy-Control-Signal als Widerspruch gegen diese Verarbeitung ({law})."),
    (MessageKey::GuardianRequired, "Unter {age} Jahren muss in {where} zuerst ein Elternteil oder eine andere erziehungsberechtigte Person einwilligen ({law})."),
    (MessageKey::SelfConsentNotEnough, "Unter {age} Jahren genügt die eigene Einwilligung der besuchenden Person nicht."),
    (MessageKey::GuardianJoint, "Unter {age} Jahren willigen das Kind und eine erziehungsberechtigte Person gemeinsam ein; die Einwilligung der erziehungsberechtigten Person umfasst nicht die des Kindes."),
    (MessageKey::ConsentValid, "Einwilligung erteilt am {given}, gültig bis {until}."),
    (MessageKey::GuardianConsent, "Ein Elternteil oder eine andere erziehungsberechtigte Person hat am {given} eingewilligt, gültig bis {until}."),
    (MessageKey::ConsentExpired, "Die am {given} erteilte Einwilligung ist am {expired} abgelaufen; erneut fragen."),
    (MessageKey::ConsentFuture, "Die Einwilligung ist auf {at} datiert, also nach dem aktuellen Zeitpunkt; sie wird nicht anerkannt."),
    (MessageKey::SeparateConsent, "Verarbeitet sensible personenbezogene Daten oder übermittelt Daten ins Ausland: erfordert eine gesonderte Einwilligung nur für diesen Zweck."),
    (MessageKey::ChildDataSensitive, "Unter {age} Jahren sind in {where} die personenbezogenen Daten eines Kindes sensible Daten ({law}): Jeder optionale Zweck erfordert eine gesonderte Einwilligung."),
    (MessageKey::RefusalRemembered, "Abgelehnt am {refused}; vor dem {until} wird nicht erneut gefragt."),
    (MessageKey::RefusalLapsed, "Abgelehnt am {refused}; die Ablehnung galt bis zum {until}, daher darf erneut gefragt werden."),
    (MessageKey::Revoked, "Die Einwilligung wurde am {at} von einem Elternteil oder einer anderen erziehungsberechtigten Person widerrufen."),
    (MessageKey::Reconsent, "Die Einwilligung wurde unter Version {version} erteilt; seitdem wurde der Zweck erweitert ({what}), daher erneut fragen."),
    (MessageKey::GuardianAgain, "Ein Elternteil oder eine andere erziehungsberechtigte Person hat unter Version {version} eingewilligt; die Datenschutzerklärung wurde seitdem wesentlich geändert, und {law} verlangt eine erneute Einwilligung dieser Person."),
    (MessageKey::VersionUnknown, "Die Einwilligung wurde unter Version {version} erteilt, die in der Versionsgeschichte dieser Datenschutzerklärung nicht beschrieben ist; erneut fragen."),
    (MessageKey::NoValidConsent, "Keine gültige Einwilligung (erfasster Status: {state})."),
    (MessageKey::DefaultDeny, "Es ist keine Einwilligung erfasst; ohne sie läuft nichts Optionales."),
    (MessageKey::GrewData, "mehr Daten"),
    (MessageKey::GrewRecipients, "neue Empfänger"),
    (MessageKey::GrewLegalBasis, "eine andere Rechtsgrundlage"),
    (MessageKey::GrewCrossBorder, "Übermittlung ins Ausland"),
    (MessageKey::GrewKind, "eine andere Art der Nutzung"),
    (MessageKey::GrewStorage, "Cookies oder Speicher Dritter"),
    (MessageKey::GrewSignals, "Signale an Werbedienste"),
    (MessageKey::GrewNew, "ein neuer Zweck"),
    (MessageKey::GrewOther, "geändert"),
    (MessageKey::ListSep, ", "),
    (MessageKey::ChangeSep, "; "),
    (MessageKey::UpdateUnchanged, "Version {version} ersetzt {seen}; das, worin Sie eingewilligt haben, bleibt unverändert."),
    (MessageKey::UpdateChanged, "Version {version} ersetzt {seen}. Geändert: {changes}."),
    (MessageKey::UpdateRemoved, " Nicht mehr verwendet: {list}."),
    (MessageKey::UpdateReview, "Version {version} ersetzt {seen}; bitte prüfen Sie die Änderungen."),
];

// French puts a no-break space before `:` and `;` (and a narrow one inside « »).
static FR: &[(MessageKey, &str)] = &[
    (MessageKey::Essential, "Nécessaire à la fourniture du service\u{a0}; fonctionne sans consentement."),
    (MessageKey::MinorForbidden, "Interdit aux mineurs de moins de {age}\u{a0}ans ({where}, {law}), quel que soit le consentement."),
    (MessageKey::AgeGate, "L'âge de la personne n'est pas encore connu\u{a0}; la question de l'âge précède tout traitement facultatif."),
    (MessageKey::Gpc, "Un signal Global Privacy Control vaut opposition à ce traitement ({where}, {law})."),
    (MessageKey::GuardianRequired, "En dessous de {age}\u{a0}ans, un parent ou tuteur légal doit d'abord donner son consentement ({where}, {law})."),
    (MessageKey::SelfConsentNotEnough, "En dessous de {age}\u{a0}ans, le consentement de la personne elle-même ne suffit pas."),
    (MessageKey::GuardianJoint, "En dessous de {age}\u{a0}ans, l'enfant et un parent ou tuteur légal consentent conjointement\u{a0}; le consentement du parent ne vaut pas celui de l'enfant."),
    (MessageKey::ConsentValid, "Consentement donné le {given}, valable jusqu'au {until}."),
    (MessageKey::GuardianConsent, "Un parent ou tuteur légal a donné son consentement le {given}, valable jusqu'au {until}."),
    (MessageKey::ConsentExpired, "Le consentement donné le {given} a expiré le {expired}\u{a0}; il faut le redemander."),
    (MessageKey::ConsentFuture, "Le consentement est daté du {at}, postérieur à l'heure actuelle\u{a0}; il n'est pas pris en compte."),
    (MessageKey::SeparateConsent, "Utilise des données personnelles sensibles ou transfère des données à l'étranger\u{a0}: nécessite un consentement donné pour cette seule finalité."),
    (MessageKey::ChildDataSensitive, "En dessous de {age}\u{a0}ans, les données personnelles d'un enfant sont des données sensibles ({where}, {law})\u{a0}: chaque finalité facultative nécessite un consentement distinct."),
    (MessageKey::RefusalRemembered, "Refusé le {refused}\u{a0}; pas de nouvelle demande avant le {until}."),
    (MessageKey::RefusalLapsed, "Refusé le {refused}\u{a0}; ce refus était conservé jusqu'au {until}, la demande peut donc être renouvelée."),
    (MessageKey::Revoked, "Le consentement a été retiré par un parent ou tuteur légal le {at}."),
    (MessageKey::Reconsent, "Le consentement a été donné sous la version {version}\u{a0}; depuis, la finalité s'est élargie ({what}), il faut donc le redemander."),
    (MessageKey::GuardianAgain, "Un parent ou tuteur légal a donné son consentement sous la version {version}\u{a0}; la politique a depuis changé de manière substantielle, et {law} exige de le lui redemander."),
    (MessageKey::VersionUnknown, "Le consentement a été donné sous la version {version}, que l'historique de cette politique ne décrit pas\u{a0}; il faut le redemander."),
    (MessageKey::NoValidConsent, "Aucun consentement valable (état enregistré\u{a0}: {state})."),
    (MessageKey::DefaultDeny, "Aucun consentement n'est enregistré\u{a0}; rien de facultatif ne fonctionne sans consentement."),
    (MessageKey::GrewData, "davantage de données"),
    (MessageKey::GrewRecipients, "de nouveaux destinataires"),
    (MessageKey::GrewLegalBasis, "une autre base légale"),
    (MessageKey::GrewCrossBorder, "un transfert à l'étranger"),
    (MessageKey::GrewKind, "un autre type d'usage"),
    (MessageKey::GrewStorage, "des cookies ou un stockage de tiers"),
    (MessageKey::GrewSignals, "des signaux aux services publicitaires"),
    (MessageKey::GrewNew, "une nouvelle finalité"),
    (MessageKey::GrewOther, "modifiée"),
    (MessageKey::ListSep, ", "),
    (MessageKey::ChangeSep, "\u{a0}; "),
    (MessageKey::UpdateUnchanged, "La version {version} remplace la version {seen}\u{a0}; ce que vous avez accepté ne change pas."),
    (MessageKey::UpdateChanged, "La version {version} remplace la version {seen}. Modifications\u{a0}: {changes}."),
    (MessageKey::UpdateRemoved, " Ne sont plus utilisées\u{a0}: {list}."),
    (MessageKey::UpdateReview, "La version {version} remplace la version {seen}\u{a0}; consultez les modifications."),
];

static ES: &[(MessageKey, &str)] = &[
    (MessageKey::Essential, "Necesario para prestar el servicio; funciona sin consentimiento."),
    (MessageKey::MinorForbidden, "No permitido a menores de {age} años ({where}, {law}), con independencia del consentimiento."),
    (MessageKey::AgeGate, "Aún no se conoce la edad de la persona; la pregunta sobre la edad va antes de cualquier tratamiento opcional."),
    (MessageKey::Gpc, "Una señal Global Privacy Control equivale a oponerse a este tratamiento ({where}, {law})."),
    (MessageKey::GuardianRequired, "Por debajo de {age} años, primero debe dar su consentimiento el padre, la madre o el tutor legal ({where}, {law})."),
    (MessageKey::SelfConsentNotEnough, "Por debajo de {age} años, el consentimiento de la propia persona no basta."),
    (MessageKey::GuardianJoint, "Por debajo de {age} años, el menor y su padre, madre o tutor legal consienten conjuntamente; el consentimiento del tutor no incluye el del menor."),
    (MessageKey::ConsentValid, "Consentimiento otorgado el {given}, válido hasta el {until}."),
    (MessageKey::GuardianConsent, "El padre, la madre o el tutor legal dio su consentimiento el {given}, válido hasta el {until}."),
    (MessageKey::ConsentExpired, "El consentimiento otorgado el {given} caducó el {expired}; hay que volver a solicitarlo."),
    (MessageKey::ConsentFuture, "El consentimiento tiene fecha {at}, posterior a la hora actual; no se tiene en cuenta."),
    (MessageKey::SeparateConsent, "Usa datos personales sensibles o envía datos al extranjero: requiere un consentimiento otorgado solo para esta finalidad."),
    (MessageKey::ChildDataSensitive, "Por debajo de {age} años, los datos personales de un menor son datos sensibles ({where}, {law}): cada finalidad opcional requiere un consentimiento específico."),
    (MessageKey::RefusalRemembered, "Rechazado el {refused}; no se vuelve a preguntar antes del {until}."),
    (MessageKey::RefusalLapsed, "Rechazado el {refused}; ese rechazo se recordó hasta el {until}, así que se puede volver a preguntar."),
    (MessageKey::Revoked, "El padre, la madre o el tutor legal retiró el consentimiento el {at}."),
    (MessageKey::Reconsent, "El consentimiento se otorgó con la versión {version}; desde entonces la finalidad se ha ampliado ({what}), así que hay que volver a solicitarlo."),
    (MessageKey::GuardianAgain, "El padre, la madre o el tutor legal dio su consentimiento con la versión {version}; desde entonces la política ha cambiado de forma sustancial y {law} exige volver a solicitar su consentimiento."),
    (MessageKey::VersionUnknown, "El consentimiento se otorgó con la versión {version}, que el historial de esta política no describe; hay que volver a solicitarlo."),
    (MessageKey::NoValidConsent, "No hay un consentimiento válido (el estado registrado es {state})."),
    (MessageKey::DefaultDeny, "No consta ningún consentimiento; sin él no funciona nada opcional."),
    (MessageKey::GrewData, "más datos"),
    (MessageKey::GrewRecipients, "nuevos destinatarios"),
    (MessageKey::GrewLegalBasis, "otra base jurídica"),
    (MessageKey::GrewCrossBorder, "transferencia al extranjero"),
    (MessageKey::GrewKind, "otro tipo de uso"),
    (MessageKey::GrewStorage, "cookies o almacenamiento de terceros"),
    (MessageKey::GrewSignals, "señales a servicios publicitarios"),
    (MessageKey::GrewNew, "una finalidad nueva"),
    (MessageKey::GrewOther, "modificada"),
    (MessageKey::ListSep, ", "),
    (MessageKey::ChangeSep, "; "),
    (MessageKey::UpdateUnchanged, "La versión {version} sustituye a la {seen}; lo que usted aceptó no cambia."),
    (MessageKey::UpdateChanged, "La versión {version} sustituye a la {seen}. Cambios: {changes}."),
    (MessageKey::UpdateRemoved, " Ya no se usan: {list}."),
    (MessageKey::UpdateReview, "La versión {version} sustituye a la {seen}; revise los cambios."),
];

static JA: &[(MessageKey, &str)] = &[
    (MessageKey::Essential, "サービスの提供に必要なため、同意なしで動作します。"),
    (MessageKey::MinorForbidden, "{where}では、{age}歳未満の未成年者には、同意の有無にかかわらず利用できません（{law}）。"),
    (MessageKey::AgeGate, "訪問者の年齢がまだ分かりません。任意の処理を行う前に、まず年齢を確認します。"),
    (MessageKey::Gpc, "{where}では、グローバル・プライバシー・コントロール（GPC）の信号は、この処理を拒否する意思表示となります（{law}）。"),
    (MessageKey::GuardianRequired, "{where}では、{age}歳未満の場合、まず保護者（法定代理人）の同意が必要です（{law}）。"),
    (MessageKey::SelfConsentNotEnough, "{age}歳未満の場合、本人の同意だけでは足りません。"),
    (MessageKey::GuardianJoint, "{age}歳未満の場合、本人と保護者がともに同意します。保護者の同意には本人の同意は含まれません。"),
    (MessageKey::ConsentValid, "{given}に同意済みで、{until}まで有効です。"),
    (MessageKey::GuardianConsent, "保護者が{given}に同意済みで、{until}まで有効です。"),
    (MessageKey::ConsentExpired, "{given}の同意は{expired}に期限が切れました。改めて同意を求めてください。"),
    (MessageKey::ConsentFuture, "この同意の日時は{at}で、現在時刻より後のため、採用しません。"),
    (MessageKey::SeparateConsent, "要配慮個人情報を取り扱うか、外国にデータを提供します。この目的だけについての個別の同意が必要です。"),
    (MessageKey::ChildDataSensitive, "{where}では、{age}歳未満の子どもの個人情報は機微な個人情報に当たります（{law}）。任意の目的ごとに個別の同意が必要です。"),
    (MessageKey::RefusalRemembered, "{refused}に拒否済みです。{until}までは改めて確認しません。"),
    (MessageKey::RefusalLapsed, "{refused}に拒否済みです。この拒否は{until}まで保持されていたため、改めて確認できます。"),
    (MessageKey::Revoked, "保護者が{at}に同意を撤回しました。"),
    (MessageKey::Reconsent, "同意はバージョン{version}で得たものです。その後、目的の範囲が広がったため（{what}）、改めて同意を求めてください。"),
    (MessageKey::GuardianAgain, "保護者はバージョン{version}で同意しました。その後ポリシーに重要な変更があり、{law}により保護者に改めて同意を求める必要があります。"),
    (MessageKey::VersionUnknown, "同意はバージョン{version}で得たものですが、このポリシーの履歴にそのバージョンの記録がありません。改めて同意を求めてください。"),
    (MessageKey::NoValidConsent, "有効な同意はありません（記録されている状態：{state}）。"),
    (MessageKey::DefaultDeny, "同意の記録がありません。同意がない限り、任意の処理は行いません。"),
    (MessageKey::GrewData, "取り扱う情報の追加"),
    (MessageKey::GrewRecipients, "提供先の追加"),
    (MessageKey::GrewLegalBasis, "取扱いの根拠の変更"),
    (MessageKey::GrewCrossBorder, "外国への提供"),
    (MessageKey::GrewKind, "利用の種類の変更"),
    (MessageKey::GrewStorage, "第三者のCookieやストレージ"),
    (MessageKey::GrewSignals, "広告サービスへの信号"),
    (MessageKey::GrewNew, "新しい目的"),
    (MessageKey::GrewOther, "変更あり"),
    (MessageKey::ListSep, "、"),
    (MessageKey::ChangeSep, "、"),
    (MessageKey::UpdateUnchanged, "バージョン{version}がバージョン{seen}に代わりました。同意いただいた内容に変更はありません。"),
    (MessageKey::UpdateChanged, "バージョン{version}がバージョン{seen}に代わりました。変更点：{changes}。"),
    (MessageKey::UpdateRemoved, "利用を終了したもの：{list}。"),
    (MessageKey::UpdateReview, "バージョン{version}がバージョン{seen}に代わりました。変更内容をご確認ください。"),
];

static KO: &[(MessageKey, &str)] = &[
    (MessageKey::Essential, "서비스 제공에 반드시 필요하므로 동의 없이 작동합니다."),
    (MessageKey::MinorForbidden, "{where}에서는 만 {age}세 미만 미성년자에게 동의 여부와 관계없이 허용되지 않습니다({law})."),
    (MessageKey::AgeGate, "방문자의 나이를 아직 알 수 없습니다. 선택 항목을 처리하기 전에 먼저 나이를 확인합니다."),
    (MessageKey::Gpc, "{where}에서는 GPC(Global Privacy Control) 신호가 이 처리에 대한 거부를 뜻합니다({law})."),
    (MessageKey::GuardianRequired, "{where}에서는 만 {age}세 미만인 경우 먼저 법정대리인의 동의를 받아야 합니다({law})."),
    (MessageKey::SelfConsentNotEnough, "만 {age}세 미만은 본인의 동의만으로는 충분하지 않습니다."),
    (MessageKey::GuardianJoint, "만 {age}세 미만은 아동과 법정대리인이 함께 동의합니다. 법정대리인의 동의에는 아동 본인의 동의가 포함되지 않습니다."),
    (MessageKey::ConsentValid, "{given}에 동의했으며 {until}까지 유효합니다."),
    (MessageKey::GuardianConsent, "법정대리인이 {given}에 동의했으며 {until}까지 유효합니다."),
    (MessageKey::ConsentExpired, "{given}에 한 동의가 {expired}에 만료되었습니다. 다시 동의를 받아야 합니다."),
    (MessageKey::ConsentFuture, "이 동의의 시각({at})이 현재 시각보다 나중이므로 인정하지 않습니다."),
    (MessageKey::SeparateConsent, "민감정보를 처리하거나 개인정보를 국외로 이전합니다. 이 목적에 대해서만 별도의 동의가 필요합니다."),
    (MessageKey::ChildDataSensitive, "{where}에서는 만 {age}세 미만 아동의 개인정보가 민감한 개인정보에 해당합니다({law}). 선택 목적마다 별도의 동의가 필요합니다."),
    (MessageKey::RefusalRemembered, "{refused}에 거부했습니다. {until} 전에는 다시 묻지 않습니다."),
    (MessageKey::RefusalLapsed, "{refused}에 거부했습니다. 이 거부는 {until}까지 유지되었으므로 다시 물을 수 있습니다."),
    (MessageKey::Revoked, "법정대리인이 {at}에 동의를 철회했습니다."),
    (MessageKey::Reconsent, "{version} 버전에서 동의했습니다. 이후 목적의 범위가 넓어졌으므로({what}) 다시 동의를 받아야 합니다."),
    (MessageKey::GuardianAgain, "법정대리인이 {version} 버전에서 동의했습니다. 이후 처리방침이 중요하게 변경되었으며, {law}에 따라 법정대리인의 동의를 다시 받아야 합니다."),
    (MessageKey::VersionUnknown, "{version} 버전에서 동의했으나, 이 처리방침의 이력에 해당 버전이 기록되어 있지 않습니다. 다시 동의를 받아야 합니다."),
    (MessageKey::NoValidConsent, "유효한 동의가 없습니다(기록된 상태: {state})."),
    (MessageKey::DefaultDeny, "기록된 동의가 없습니다. 동의 없이는 어떤 선택 항목도 처리하지 않습니다."),
    (MessageKey::GrewData, "처리 항목 추가"),
    (MessageKey::GrewRecipients, "제공받는 자 추가"),
    (MessageKey::GrewLegalBasis, "처리 근거 변경"),
    (MessageKey::GrewCrossBorder, "국외 이전"),
    (MessageKey::GrewKind, "이용 유형 변경"),
    (MessageKey::GrewStorage, "제3자 쿠키 또는 저장소"),
    (MessageKey::GrewSignals, "광고 서비스로 보내는 신호"),
    (MessageKey::GrewNew, "새로운 목적"),
    (MessageKey::GrewOther, "변경됨"),
    (MessageKey::ListSep, ", "),
    (MessageKey::ChangeSep, "; "),
    (MessageKey::UpdateUnchanged, "{seen} 버전이 {version} 버전으로 바뀌었습니다. 동의하신 내용은 바뀌지 않았습니다."),
    (MessageKey::UpdateChanged, "{seen} 버전이 {version} 버전으로 바뀌었습니다. 변경 사항: {changes}."),
    (MessageKey::UpdateRemoved, " 더 이상 사용하지 않음: {list}."),
    (MessageKey::UpdateReview, "{seen} 버전이 {version} 버전으로 바뀌었습니다. 변경 내용을 확인하세요."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_message_with_the_english_placeholders() {
        let english = Lang::En.messages().0;
        assert_eq!(english.len(), 36);
        for lang in Lang::ALL {
            // Each language's table names every key once.
            assert_eq!(
                lang.table().len(),
                english.len(),
                "{lang:?}: a key missing or given twice"
            );
            let entries = lang.messages().0;
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
        let de = Msg::GuardianRequired(16, "DE", "DSGVO Art. 8").text(&Lang::De.messages());
        assert_eq!(
            de,
            "Unter 16 Jahren muss in DE zuerst ein Elternteil oder eine andere erziehungsberechtigte Person \
             einwilligen (DSGVO Art. 8)."
        );
    }
}
