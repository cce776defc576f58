//! The words of each rule, in English and Simplified Chinese.
//!
//! Every rule the evaluator applies has an id (`R-...`), and its message is built here so that
//! the two languages stay side by side and say the same thing.

use crate::prelude::*;
use crate::time::Timestamp;

/// Which language to speak: the engine's own messages exist in English and Simplified Chinese.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// The language for a resolved locale.
    pub fn of(locale: &str) -> Lang {
        if locale.starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
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

    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use Lang::*;
        let day = |t: &Timestamp| t.date_string();
        match (self, lang) {
            (Msg::Essential, En) => "Essential to provide the service; runs without consent.".into(),
            (Msg::Essential, Zh) => "提供服务所必需，无需同意即可运行。".into(),
            (Msg::MinorForbidden(a, j, l), En) => format!("Not allowed for minors under {a} in {j} ({l}), whatever the consent."),
            (Msg::MinorForbidden(a, j, l), Zh) => format!("在{j}，未满{a}周岁的未成年人不得使用此项，无论是否同意（{l}）。"),
            (Msg::AgeGate, En) => "The visitor's age is not known yet; the age question comes before any optional processing.".into(),
            (Msg::AgeGate, Zh) => "尚不知道访问者的年龄；在任何可选处理之前须先询问年龄。".into(),
            (Msg::Gpc(j, l), En) => format!("A Global Privacy Control signal opts out of this in {j} ({l})."),
            (Msg::Gpc(j, l), Zh) => format!("在{j}，全球隐私控制（GPC）信号表示拒绝此项（{l}）。"),
            (Msg::GuardianRequired(a, j, l), En) => format!("Below {a} in {j}, a parent or guardian must consent first ({l})."),
            (Msg::GuardianRequired(a, j, l), Zh) => format!("在{j}，未满{a}周岁须先取得父母或其他监护人的同意（{l}）。"),
            (Msg::SelfConsentNotEnough(a), En) => format!("The visitor's own consent does not count below {a}."),
            (Msg::SelfConsentNotEnough(a), Zh) => format!("未满{a}周岁时，本人的同意不足以作为依据。"),
            (Msg::GuardianJoint(a), En) => format!("Below {a}, the child and a guardian consent together; the guardian's consent does not record the child's."),
            (Msg::GuardianJoint(a), Zh) => format!("未满{a}周岁须由儿童与监护人共同同意；监护人的同意未记录儿童本人的同意。"),
            (Msg::ConsentValid(g, u), En) => format!("Consent given on {g}, valid until {u}.", g = day(g), u = day(u)),
            (Msg::ConsentValid(g, u), Zh) => format!("已于{g}同意，有效期至{u}。", g = day(g), u = day(u)),
            (Msg::GuardianConsent(g, u), En) => format!("A parent or guardian consented on {g}, valid until {u}.", g = day(g), u = day(u)),
            (Msg::GuardianConsent(g, u), Zh) => format!("父母或其他监护人已于{g}同意，有效期至{u}。", g = day(g), u = day(u)),
            (Msg::ConsentExpired(g, e), En) => format!("Consent given on {g} expired on {e}; ask again.", g = day(g), e = day(e)),
            (Msg::ConsentExpired(g, e), Zh) => format!("于{g}作出的同意已于{e}过期，需要重新征求。", g = day(g), e = day(e)),
            (Msg::ConsentFuture(t), En) => format!("The consent is dated {t}, after the current time; it is not trusted."),
            (Msg::ConsentFuture(t), Zh) => format!("该同意的时间为{t}，晚于当前时间，不予采信。"),
            (Msg::SeparateConsent, En) => "Uses sensitive personal information or sends data abroad: needs a consent given for this purpose alone.".into(),
            (Msg::SeparateConsent, Zh) => "涉及敏感个人信息或向境外提供：需要针对此项单独同意。".into(),
            (Msg::ChildDataSensitive(a, j, l), En) => format!("Below {a} in {j}, a child's personal information is sensitive personal information ({l}): every optional purpose needs a consent given for it alone."),
            (Msg::ChildDataSensitive(a, j, l), Zh) => format!("在{j}，未满{a}周岁未成年人的个人信息属于敏感个人信息（{l}）：每项可选处理都需要单独同意。"),
            (Msg::RefusalRemembered(r, u), En) => format!("Refused on {r}; not asked again before {u}.", r = day(r), u = day(u)),
            (Msg::RefusalRemembered(r, u), Zh) => format!("已于{r}拒绝；{u}之前不再询问。", r = day(r), u = day(u)),
            (Msg::RefusalLapsed(r, u), En) => format!("Refused on {r}; that refusal was remembered until {u}, so the visitor may be asked again.", r = day(r), u = day(u)),
            (Msg::RefusalLapsed(r, u), Zh) => format!("已于{r}拒绝；该拒绝记录保留至{u}，现在可以再次询问。", r = day(r), u = day(u)),
            (Msg::Revoked(t), En) => format!("Consent was revoked by a parent or guardian on {t}.", t = day(t)),
            (Msg::Revoked(t), Zh) => format!("父母或其他监护人已于{t}撤回同意。", t = day(t)),
            (Msg::Reconsent(v, w), En) => format!("Consent was given under version {v}; since then the purpose has grown ({w}), so ask again."),
            (Msg::GuardianAgain(v, law), En) => format!("A parent or guardian consented under version {v}; the policy has changed materially since, and {law} asks the guardian again."),
            (Msg::GuardianAgain(v, law), Zh) => format!("父母或其他监护人是在{v}版下同意的；此后政策发生了重大变更，根据{law}，需要再次征得监护人同意。"),
            (Msg::Reconsent(v, w), Zh) => format!("同意是在{v}版下作出的；此后该目的的范围已扩大（{w}），需要重新征求同意。"),
            (Msg::VersionUnknown(v), En) => format!("Consent was given under version {v}, which this policy's history does not describe; ask again."),
            (Msg::VersionUnknown(v), Zh) => format!("同意是在{v}版下作出的，本政策的历史中没有该版本的记录，需要重新征求同意。"),
            (Msg::NoValidConsent(s), En) => format!("No valid consent (the recorded state is {s})."),
            (Msg::NoValidConsent(s), Zh) => format!("没有有效的同意（记录的状态为{s}）。"),
            (Msg::DefaultDeny, En) => "No consent is recorded; nothing optional runs without one.".into(),
            (Msg::DefaultDeny, Zh) => "尚无同意记录；未经同意，任何可选处理均不运行。".into(),
        }
    }
}

/// Words for what grew in a purpose's scope.
pub fn growth_word(kind: &str, lang: Lang) -> &'static str {
    match (kind, lang) {
        ("data", Lang::En) => "more data",
        ("data", Lang::Zh) => "更多个人信息",
        ("recipients", Lang::En) => "new recipients",
        ("recipients", Lang::Zh) => "新的接收方",
        ("legalBasis", Lang::En) => "another legal basis",
        ("legalBasis", Lang::Zh) => "处理依据变更",
        ("crossBorder", Lang::En) => "transfer abroad",
        ("crossBorder", Lang::Zh) => "向境外提供",
        ("new", Lang::En) => "a new purpose",
        ("new", Lang::Zh) => "新增目的",
        (_, Lang::En) => "changed",
        (_, Lang::Zh) => "已变更",
    }
}
