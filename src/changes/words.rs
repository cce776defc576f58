//! The words of change summaries, in English and Simplified Chinese, side by side: the changes'
//! one catalogue of words.
//!
//! A summary line is written for a person, so every enum value of the policy model that a line
//! mentions has a word here, and every line a diff writes is a [`Line`], said in both languages by
//! [`line`]. `diff.rs` decides which line a change gets and what goes in it; it writes no words.
//! The page that shows a diff to a person (`page.rs`) takes its frame from here too ([`page_word`]).

use super::kinds::MajorRule;
use crate::policy::{
    GuardianMode, LegalBasis, NoticeChannel, PurposeKind, RecipientRole, RetentionAction, RetentionTrigger,
    StorageKind, Text, VerificationMethod,
};
use crate::prelude::*;
use crate::time::Duration;

/// The same thing said in English and in Simplified Chinese.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Pair {
    /// English.
    pub en: String,
    /// Simplified Chinese.
    pub zh: String,
}

impl Pair {
    /// Two literal strings.
    pub fn lit(en: &str, zh: &str) -> Pair {
        Pair {
            en: en.to_string(),
            zh: zh.to_string(),
        }
    }

    /// The same string in both languages (ids, codes, addresses).
    pub fn same(s: &str) -> Pair {
        Pair::lit(s, s)
    }

    /// A policy text in `en` and `zh-CN`, each falling back to the policy's default locale.
    pub fn of(t: &Text, default_locale: &str) -> Pair {
        Pair {
            en: t.get("en", default_locale).to_string(),
            zh: t.get("zh-CN", default_locale).to_string(),
        }
    }

    /// A list, joined as each language joins lists.
    pub fn join(items: &[Pair]) -> Pair {
        Pair {
            en: items.iter().map(|p| p.en.as_str()).collect::<Vec<_>>().join(", "),
            zh: items.iter().map(|p| p.zh.as_str()).collect::<Vec<_>>().join("、"),
        }
    }

    /// As a policy [`Text`] keyed `en` and `zh-CN`.
    pub fn into_text(self) -> Text {
        Text([("en".to_string(), self.en), ("zh-CN".to_string(), self.zh)].into())
    }
}

/// A legal basis.
pub(crate) fn legal_basis(b: LegalBasis) -> Pair {
    match b {
        LegalBasis::Consent => Pair::lit("your consent", "您的同意"),
        LegalBasis::Contract => Pair::lit("a contract with you", "与您订立、履行合同所必需"),
        LegalBasis::LegalObligation => Pair::lit("a legal obligation", "履行法定义务"),
        LegalBasis::VitalInterests => Pair::lit("protecting someone's vital interests", "保护自然人的重大利益"),
        LegalBasis::PublicInterest => Pair::lit("the public interest", "公共利益"),
        LegalBasis::LegitimateInterests => Pair::lit("our legitimate interests", "我们的正当利益"),
    }
}

/// A kind of purpose.
pub(crate) fn purpose_kind(k: PurposeKind) -> Pair {
    match k {
        PurposeKind::Essential => Pair::lit("essential (runs without consent)", "必要功能（无需同意即运行）"),
        PurposeKind::Basic => Pair::lit("a basic function", "基本业务功能"),
        PurposeKind::Extended => Pair::lit("an extended function with its own opt-in", "需单独开启的扩展业务功能"),
    }
}

/// The role of a recipient.
pub(crate) fn role(r: RecipientRole) -> Pair {
    match r {
        RecipientRole::Processor => Pair::lit("a processor acting on our instructions", "按我们的指示处理的受托方"),
        RecipientRole::ThirdParty => Pair::lit("a third party deciding its own purposes", "自行决定处理目的的第三方"),
        RecipientRole::JointController => Pair::lit("a joint controller", "共同处理者"),
        RecipientRole::Affiliate => Pair::lit("a company of our group", "关联公司"),
    }
}

/// What starts a retention period.
pub(crate) fn trigger(t: RetentionTrigger) -> Pair {
    match t {
        RetentionTrigger::Collection => Pair::lit("collection", "收集之日"),
        RetentionTrigger::PurposeFulfilled => Pair::lit("when the purpose is fulfilled", "处理目的实现之日"),
        RetentionTrigger::AccountCancellation => Pair::lit("the cancellation of your account", "账户注销之日"),
        RetentionTrigger::ServiceTermination => Pair::lit("the end of the service", "停止服务之日"),
        RetentionTrigger::ConsentWithdrawal => Pair::lit("the withdrawal of your consent", "撤回同意之日"),
    }
}

/// What happens at the end of a retention period.
pub(crate) fn action(a: RetentionAction) -> Pair {
    match a {
        RetentionAction::Delete => Pair::lit("deleted", "删除"),
        RetentionAction::Anonymize => Pair::lit("anonymized", "匿名化处理"),
        RetentionAction::DeleteOrAnonymize => Pair::lit("deleted or anonymized", "删除或匿名化处理"),
    }
}

/// A kind of storage on the visitor's device.
pub(crate) fn storage_kind(k: StorageKind) -> Pair {
    match k {
        StorageKind::Cookie => Pair::lit("cookie", "Cookie"),
        StorageKind::LocalStorage => Pair::lit("local storage entry", "本地存储项"),
        StorageKind::SessionStorage => Pair::lit("session storage entry", "会话存储项"),
        StorageKind::IndexedDb => Pair::lit("IndexedDB database", "IndexedDB 数据库"),
        StorageKind::WebBeacon => Pair::lit("web beacon", "网络信标"),
    }
}

/// A notice channel.
pub(crate) fn channel(c: NoticeChannel) -> Pair {
    match c {
        NoticeChannel::Website => Pair::lit("website announcement", "网站公告"),
        NoticeChannel::InPage => Pair::lit("notice in the page", "页面内提示"),
        NoticeChannel::Email => Pair::lit("email", "电子邮件"),
        NoticeChannel::Sms => Pair::lit("SMS", "短信"),
        NoticeChannel::PrivateMessage => Pair::lit("private message", "站内信"),
    }
}

/// A way to verify a guardian.
pub(crate) fn verification(m: VerificationMethod) -> Pair {
    match m {
        VerificationMethod::EmailPlus => Pair::lit("email with a second confirmation", "电子邮件加二次确认"),
        VerificationMethod::SmsCode => Pair::lit("a code sent by SMS", "短信验证码"),
        VerificationMethod::CardCheck => Pair::lit("a small card payment", "小额银行卡验证"),
        VerificationMethod::IdDocument => Pair::lit("an identity document", "身份证件核验"),
        VerificationMethod::VideoCall => Pair::lit("a video call", "视频通话"),
    }
}

/// Whose consent counts below the guardian age.
pub(crate) fn guardian_mode(m: GuardianMode) -> Pair {
    match m {
        GuardianMode::Guardian => Pair::lit("the guardian alone", "仅由监护人同意"),
        GuardianMode::GuardianAndChild => Pair::lit("the guardian and the child together", "由监护人与儿童共同同意"),
    }
}

/// A duration for a person: `P13M` is "13 months", `P3Y` "3 years".
pub(crate) fn duration(iso: &str) -> Pair {
    let Ok(d) = Duration::parse(iso) else {
        return Pair::same(iso);
    };
    let mut en: Vec<String> = Vec::new();
    let mut zh = String::new();
    // Whole years read as years; otherwise months (`P13M` is "13 months", not "1 year 1 month").
    let (years, months) = if d.months % 12 == 0 {
        (d.months / 12, 0)
    } else {
        (0, d.months)
    };
    let mut unit = |n: i64, one: &str, many: &str, cn: &str| {
        if n > 0 {
            en.push(format!("{n} {}", if n == 1 { one } else { many }));
            zh.push_str(&format!("{n}{cn}"));
        }
    };
    unit(i64::from(years), "year", "years", "年");
    unit(i64::from(months), "month", "months", "个月");
    unit(i64::from(d.days), "day", "days", "天");
    unit(d.seconds / 3600, "hour", "hours", "小时");
    unit((d.seconds % 3600) / 60, "minute", "minutes", "分钟");
    unit(d.seconds % 60, "second", "seconds", "秒");
    if en.is_empty() {
        return Pair::lit("no time", "0天");
    }
    Pair { en: en.join(" "), zh }
}

/// Shortens a text for a one-line summary or a short old/new value.
pub(crate) fn short(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        return s;
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Which of the policy's lists of purposes a jurisdiction rule flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PurposeFlag {
    /// `forbiddenForMinors`.
    ForbiddenForMinors,
    /// `gpcOptsOut`.
    GpcOptsOut,
}

/// Which of the guardian section's lists of verification methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Risk {
    /// `lowRiskMethods`.
    Low,
    /// `highRiskMethods`.
    High,
}

/// Which of the changes section's lists of channels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Announced {
    /// `channels`: every change.
    Changes,
    /// `majorChannels`: major changes.
    MajorChanges,
}

/// The texts of a policy whose rewording is a wording-only change, named for a person.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Wording<'a> {
    /// A purpose's name.
    PurposeName(&'a Pair),
    /// A purpose's description.
    PurposeDescription(&'a Pair),
    /// A recipient's name.
    RecipientName(&'a Pair),
    /// A kind of information's label.
    CategoryLabel(&'a Pair),
    /// A retention rule's description, named by the purposes under it.
    Retention(&'a Pair),
    /// A right's description.
    RightDescription(&'a Pair),
    /// A case of processing without consent.
    LegalException,
    /// The impact assessment's summary.
    ImpactSummary,
    /// A clause's title.
    ClauseTitle(&'a Pair),
    /// The policy's title.
    PolicyTitle,
    /// The privacy notice's heading.
    NoticeTitle,
    /// The privacy notice's summary.
    NoticeSummary,
}

/// One line of a change summary, with what it mentions (names already in both languages).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Line<'a> {
    /// A text reads differently.
    Reworded(Wording<'a>),
    /// The controller's name: new, old.
    ControllerName(&'a Pair, &'a Pair),
    /// The ownership: the new text.
    ControllerOwnership(&'a Pair),
    /// The responsible department: the new text.
    ControllerDepartment(&'a Pair),
    /// The complaint channel: the new text.
    ControllerComplaintChannel(&'a Pair),
    /// A contact text (contact, address): the new text.
    ControllerContact(&'a Pair),
    /// A contact value (email, phone): new, old.
    ControllerContactValue(&'a str, &'a str),
    /// A new purpose: its name, and its legal basis unless it is consent.
    PurposeAdded(&'a Pair, Option<&'a Pair>),
    /// A purpose removed: its name.
    PurposeRemoved(&'a Pair),
    /// A purpose's data grew: the purpose, the kinds of information.
    PurposeDataAdded(&'a Pair, &'a Pair),
    /// A purpose's data shrank: the purpose, the kinds of information.
    PurposeDataRemoved(&'a Pair, &'a Pair),
    /// A purpose shares with more recipients: the purpose, the recipients.
    PurposeRecipientsAdded(&'a Pair, &'a Pair),
    /// A purpose shares with fewer recipients: the purpose, the recipients.
    PurposeRecipientsRemoved(&'a Pair, &'a Pair),
    /// A purpose's legal basis: the purpose, old, new.
    PurposeLegalBasis(&'a Pair, &'a Pair, &'a Pair),
    /// A purpose's kind: the purpose, the new kind.
    PurposeKind(&'a Pair, &'a Pair),
    /// A purpose sends data abroad (`true`) or no longer does.
    PurposeCrossBorder(&'a Pair, bool),
    /// A purpose asks for a consent of its own (`true`) or no longer does.
    PurposeSeparateConsent(&'a Pair, bool),
    /// A purpose's retention: the purpose, the old period, the new period.
    PurposeRetention(&'a Pair, &'a Pair, &'a Pair),
    /// A stored item added: the purpose, the kind of storage, the item's name, who sets it.
    PurposeStorageAdded(&'a Pair, &'a Pair, &'a str, &'a Pair),
    /// A stored item changed: the purpose, the kind of storage, its name, its life, who sets it.
    PurposeStorageChanged(&'a Pair, &'a Pair, &'a str, &'a Pair, &'a Pair),
    /// A stored item removed: the purpose, the kind of storage, its name.
    PurposeStorageRemoved(&'a Pair, &'a Pair, &'a str),
    /// More signals: the purpose, the signals.
    PurposeSignalsAdded(&'a Pair, &'a str),
    /// Fewer signals: the purpose, the signals.
    PurposeSignalsRemoved(&'a Pair, &'a str),
    /// A new recipient, and the purposes that use it if any.
    RecipientAdded(&'a Pair, Option<&'a Pair>),
    /// A recipient's role: the recipient, new, old.
    RecipientRole(&'a Pair, &'a Pair, &'a Pair),
    /// A recipient's country: the recipient, old, new.
    RecipientCountry(&'a Pair, &'a str, &'a str),
    /// A recipient receives de-identified information only (`true`), or no longer only.
    RecipientDeidentifiedOnly(&'a Pair, bool),
    /// A recipient removed.
    RecipientRemoved(&'a Pair),
    /// A kind of information described for the first time.
    DataCategoryAdded(&'a Pair),
    /// A kind of information is sensitive (`true`) or no longer is.
    DataCategorySensitivity(&'a Pair, bool),
    /// A kind of information no longer described.
    DataCategoryRemoved(&'a Pair),
    /// The minimum retention: old, new.
    RetentionMinimum(&'a Pair, &'a Pair),
    /// A new retention rule: its duration, trigger and action.
    RetentionRuleAdded(&'a Pair, &'a Pair, &'a Pair),
    /// A retention rule's duration: the purposes under it, old, new.
    RetentionDuration(&'a Pair, &'a Pair, &'a Pair),
    /// A retention rule's trigger: the purposes under it, old, new.
    RetentionTrigger(&'a Pair, &'a Pair, &'a Pair),
    /// A retention rule's action: the purposes under it, old, new.
    RetentionAction(&'a Pair, &'a Pair, &'a Pair),
    /// A retention rule no longer used: its id.
    RetentionRuleRemoved(&'a str),
    /// More storage countries.
    StorageCountriesAdded(&'a Pair),
    /// Fewer storage countries.
    StorageCountriesRemoved(&'a Pair),
    /// A transfer abroad needs consent (`true`) or no longer does.
    StorageCrossBorderConsent(bool),
    /// A new right: its description.
    RightAdded(&'a Pair),
    /// A right's kind changed: its description.
    RightKind(&'a Pair),
    /// A new way to exercise a right: its description, the new way.
    RightHow(&'a Pair, &'a Pair),
    /// A right removed: its description.
    RightRemoved(&'a Pair),
    /// A new case of processing without consent.
    LegalExceptionAdded(&'a Pair),
    /// A case of processing without consent removed.
    LegalExceptionRemoved(&'a Pair),
    /// An impact assessment found a high risk: its date, its summary.
    ImpactHighRisk(&'a str, &'a Pair),
    /// The impact assessment was updated and finds no high risk: its date.
    ImpactUpdated(&'a str),
    /// An impact assessment is published and finds no high risk: its date.
    ImpactPublished(&'a str),
    /// The impact assessment is no longer stated.
    ImpactGone,
    /// Rules for a place added: the place, the law.
    JurisdictionAdded(&'a Pair, &'a str),
    /// The law named for a place.
    JurisdictionLaw(&'a Pair),
    /// Rules for a place removed.
    JurisdictionRemoved(&'a Pair),
    /// The guardian age in a place: old, new.
    GuardianAge(&'a Pair, u8, u8),
    /// The minor age in a place: old, new.
    MinorAge(&'a Pair, u8, u8),
    /// The age below which a child's data is sensitive in a place, if any.
    ChildDataSensitiveBelow(&'a Pair, Option<u8>),
    /// Whether the age is asked in a place.
    AskAge(&'a Pair, bool),
    /// Whose consent counts below the guardian age in a place.
    GuardianMode(&'a Pair, &'a Pair),
    /// Purposes newly flagged and no longer flagged in a place.
    PurposeFlags(&'a Pair, PurposeFlag, Option<&'a Pair>, Option<&'a Pair>),
    /// How long a consent is valid in a place: old, new.
    ConsentValidity(&'a Pair, &'a Pair, &'a Pair),
    /// How long a refusal is remembered in a place: old, new.
    RefusalMemory(&'a Pair, &'a Pair, &'a Pair),
    /// More ways to verify a guardian.
    GuardianMethodsAdded(Risk, &'a Pair),
    /// Fewer ways to verify a guardian.
    GuardianMethodsRemoved(Risk, &'a Pair),
    /// How long a guardian request stays open: old, new.
    GuardianRequestValidity(&'a Pair, &'a Pair),
    /// The notice period: old, new.
    ChangesNoticePeriod(&'a Pair, &'a Pair),
    /// More channels.
    ChangesChannelsAdded(Announced, &'a Pair),
    /// Fewer channels.
    ChangesChannelsRemoved(Announced, &'a Pair),
    /// The policy's address.
    PolicyUrl(&'a str),
    /// More locales.
    PolicyLocalesAdded(&'a Pair),
    /// Fewer locales.
    PolicyLocalesRemoved(&'a Pair),
    /// The default locale.
    PolicyDefaultLocale(&'a str),
    /// A new clause: its title.
    ClauseAdded(&'a Pair),
    /// A clause moved: its title.
    ClauseAnchor(&'a Pair),
    /// A clause removed: its title.
    ClauseRemoved(&'a Pair),
    /// The summary's heading when nothing changed: from, to.
    Unchanged(&'a str, &'a str),
    /// The summary's heading: from, to.
    Replaces(&'a str, &'a str),
}

/// A line in both languages.
pub(crate) fn line(l: Line<'_>) -> Pair {
    use Line as L;
    let (en, zh) = match l {
        L::Reworded(what) => {
            let w = wording(what);
            (format!("Wording updated: {}.", w.en), format!("文字表述更新：{}。", w.zh))
        }
        L::ControllerName(nn, on) => (
            format!(
                "The company responsible for your information is now {} (was {}).",
                nn.en, on.en
            ),
            format!("负责处理您个人信息的公司变更为{}（原为{}）。", nn.zh, on.zh),
        ),
        L::ControllerOwnership(nn) => (
            format!("Our ownership has changed: {}", short(&nn.en, 160)),
            format!("我们的所有权结构发生变化：{}", short(&nn.zh, 100)),
        ),
        L::ControllerDepartment(v) => (
            format!(
                "The department responsible for your personal information is now: {}.",
                trim_stop(&v.en)
            ),
            format!("负责个人信息安全的部门变更为：{}。", trim_stop(&v.zh)),
        ),
        L::ControllerComplaintChannel(v) => (
            format!("Complaints now go to: {}.", trim_stop(&v.en)),
            format!("投诉渠道变更为：{}。", trim_stop(&v.zh)),
        ),
        L::ControllerContact(v) => (
            format!("New way to reach us: {}.", trim_stop(&v.en)),
            format!("联系方式变更为：{}。", trim_stop(&v.zh)),
        ),
        L::ControllerContactValue(nv, ov) => (
            format!("New way to reach us: {nv} (was {ov})."),
            format!("联系方式变更为：{nv}（原为{ov}）。"),
        ),
        L::PurposeAdded(name, None) => (
            format!("New purpose: {} (only if you agree).", name.en),
            format!("新增目的：{}（仅在您同意后进行）。", name.zh),
        ),
        L::PurposeAdded(name, Some(basis)) => (
            format!("New purpose: {}, based on {}.", name.en, basis.en),
            format!("新增目的：{}，处理依据为{}。", name.zh, basis.zh),
        ),
        L::PurposeRemoved(name) => (
            format!("{} is no longer carried out.", name.en),
            format!("不再进行：{}。", name.zh),
        ),
        L::PurposeDataAdded(name, labels) => (
            format!("{} now also uses: {}.", name.en, labels.en),
            format!("{}新增使用：{}。", name.zh, labels.zh),
        ),
        L::PurposeDataRemoved(name, labels) => (
            format!("{} no longer uses: {}.", name.en, labels.en),
            format!("{}不再使用：{}。", name.zh, labels.zh),
        ),
        L::PurposeRecipientsAdded(name, names) => (
            format!("{} now also shares with: {}.", name.en, names.en),
            format!("{}新增共享对象：{}。", name.zh, names.zh),
        ),
        L::PurposeRecipientsRemoved(name, names) => (
            format!("{} no longer shares with: {}.", name.en, names.en),
            format!("{}不再与以下对象共享：{}。", name.zh, names.zh),
        ),
        L::PurposeLegalBasis(name, ob, nb) => (
            format!("{} now rests on {} instead of {}.", name.en, nb.en, ob.en),
            format!("{}的处理依据由{}变更为{}。", name.zh, ob.zh, nb.zh),
        ),
        L::PurposeKind(name, k) => (format!("{} is now {}.", name.en, k.en), format!("{}现为{}。", name.zh, k.zh)),
        L::PurposeCrossBorder(name, true) => (
            format!("{} now sends your information abroad.", name.en),
            format!("{}将向境外提供您的个人信息。", name.zh),
        ),
        L::PurposeCrossBorder(name, false) => (
            format!("{} no longer sends your information abroad.", name.en),
            format!("{}不再向境外提供您的个人信息。", name.zh),
        ),
        L::PurposeSeparateConsent(name, true) => (
            format!("{} now asks for a consent of its own.", name.en),
            format!("{}现需单独征得您的同意。", name.zh),
        ),
        L::PurposeSeparateConsent(name, false) => (
            format!("{} no longer asks for a consent of its own.", name.en),
            format!("{}不再单独征求您的同意。", name.zh),
        ),
        L::PurposeRetention(name, pa, pb) => (
            format!("{}: now kept for {} (was {}).", name.en, pb.en, pa.en),
            format!("{}：保存期限变更为{}（原为{}）。", name.zh, pb.zh, pa.zh),
        ),
        L::PurposeStorageAdded(name, kind, item, who) => (
            format!("{} now uses the {} `{}`, set by {}.", name.en, kind.en, item, who.en),
            format!("{}新增使用{}“{}”，由{}设置。", name.zh, kind.zh, item, who.zh),
        ),
        L::PurposeStorageChanged(name, kind, item, life, who) => (
            format!(
                "{}: the {} `{}` now lasts {} and is set by {}.",
                name.en, kind.en, item, life.en, who.en
            ),
            format!("{}：{}“{}”的有效期现为{}，由{}设置。", name.zh, kind.zh, item, life.zh, who.zh),
        ),
        L::PurposeStorageRemoved(name, kind, item) => (
            format!("{} no longer uses the {} `{}`.", name.en, kind.en, item),
            format!("{}不再使用{}“{}”。", name.zh, kind.zh, item),
        ),
        L::PurposeSignalsAdded(name, list) => (
            format!("{} now also allows: {list}.", name.en),
            format!("{}新增允许：{list}。", name.zh),
        ),
        L::PurposeSignalsRemoved(name, list) => (
            format!("{} no longer allows: {list}.", name.en),
            format!("{}不再允许：{list}。", name.zh),
        ),
        L::RecipientAdded(r, None) => (format!("New recipient: {}.", r.en), format!("新增接收方：{}。", r.zh)),
        L::RecipientAdded(r, Some(users)) => (
            format!("New recipient: {} (for {}).", r.en, users.en),
            format!("新增接收方：{}（用于{}）。", r.zh, users.zh),
        ),
        L::RecipientRole(r, rn, ro) => (
            format!("{} is now {} (was {}).", r.en, rn.en, ro.en),
            format!("{}现为{}（原为{}）。", r.zh, rn.zh, ro.zh),
        ),
        L::RecipientCountry(r, was, now) => (
            format!("{} now processes your information in {now} (was {was}).", r.en),
            format!("{}处理您个人信息的所在地由{was}变更为{now}。", r.zh),
        ),
        L::RecipientDeidentifiedOnly(r, true) => (
            format!("{} now receives de-identified information only.", r.en),
            format!("{}今后仅接收去标识化信息。", r.zh),
        ),
        L::RecipientDeidentifiedOnly(r, false) => (
            format!(
                "{} now receives information that identifies you, not only de-identified data.",
                r.en
            ),
            format!("{}将接收可识别您身份的信息，而不再仅限于去标识化信息。", r.zh),
        ),
        L::RecipientRemoved(r) => (format!("No longer shared with: {}.", r.en), format!("不再与{}共享。", r.zh)),
        L::DataCategoryAdded(label) => (
            format!("Information described for the first time: {}.", label.en),
            format!("新增说明的个人信息类型：{}。", label.zh),
        ),
        L::DataCategorySensitivity(label, true) => (
            format!("{} is now treated as sensitive information.", label.en),
            format!("{}现作为敏感个人信息处理。", label.zh),
        ),
        L::DataCategorySensitivity(label, false) => (
            format!("{} is no longer treated as sensitive information.", label.en),
            format!("{}不再作为敏感个人信息处理。", label.zh),
        ),
        L::DataCategoryRemoved(label) => (
            format!("{} is no longer described.", label.en),
            format!("不再涉及：{}。", label.zh),
        ),
        L::RetentionMinimum(a, b) => (
            format!("The minimum retention is now {} (was {}).", b.en, a.en),
            format!("最短保存期限变更为{}（原为{}）。", b.zh, a.zh),
        ),
        L::RetentionRuleAdded(d, t, a) => (
            format!("New retention rule: kept for {} from {}, then {}.", d.en, t.en, a.en),
            format!("新增保存规则：自{}起保存{}，期满后{}。", t.zh, d.zh, a.zh),
        ),
        L::RetentionDuration(who, a, b) => (
            format!("{}: kept for {} instead of {}.", who.en, b.en, a.en),
            format!("{}：保存期限由{}变更为{}。", who.zh, a.zh, b.zh),
        ),
        L::RetentionTrigger(who, a, b) => (
            format!(
                "{}: the retention period now counts from {} (was {}).",
                who.en, b.en, a.en
            ),
            format!("{}：保存期限改为自{}起计算（原为自{}起）。", who.zh, b.zh, a.zh),
        ),
        L::RetentionAction(who, a, b) => (
            format!(
                "{}: at the end of the period, information is now {} (was {}).",
                who.en, b.en, a.en
            ),
            format!("{}：期满后改为{}（原为{}）。", who.zh, b.zh, a.zh),
        ),
        L::RetentionRuleRemoved(id) => (
            format!("Retention rule `{id}` is no longer used."),
            format!("保存规则“{id}”不再使用。"),
        ),
        L::StorageCountriesAdded(list) => (
            format!("Your information is now also stored in: {}.", list.en),
            format!("您的个人信息还将存储于：{}。", list.zh),
        ),
        L::StorageCountriesRemoved(list) => (
            format!("Your information is no longer stored in: {}.", list.en),
            format!("您的个人信息不再存储于：{}。", list.zh),
        ),
        L::StorageCrossBorderConsent(true) => (
            "A transfer abroad now needs your consent.".into(),
            "向境外提供个人信息将事先征得您的同意。".into(),
        ),
        L::StorageCrossBorderConsent(false) => (
            "A transfer abroad no longer needs your consent.".into(),
            "向境外提供个人信息不再征得您的同意。".into(),
        ),
        L::RightAdded(desc) => (
            format!("New right: {}.", trim_stop(&desc.en)),
            format!("新增权利：{}。", trim_stop(&desc.zh)),
        ),
        L::RightKind(desc) => (
            format!("This right changed: {}.", trim_stop(&desc.en)),
            format!("该项权利发生变化：{}。", trim_stop(&desc.zh)),
        ),
        L::RightHow(desc, how) => (
            format!(
                "New way to exercise a right ({}): {}",
                trim_stop(&desc.en),
                short(&how.en, 160)
            ),
            format!("权利行使方式变更（{}）：{}", trim_stop(&desc.zh), short(&how.zh, 100)),
        ),
        L::RightRemoved(desc) => (
            format!("Right removed: {}.", trim_stop(&desc.en)),
            format!("取消的权利：{}。", trim_stop(&desc.zh)),
        ),
        L::LegalExceptionAdded(desc) => (
            format!(
                "New case where your information may be processed without your consent: {}",
                desc.en
            ),
            format!("新增无需征得您同意即可处理个人信息的情形：{}", desc.zh),
        ),
        L::LegalExceptionRemoved(desc) => (
            format!("No longer a case of processing without consent: {}", desc.en),
            format!("删除无需同意即可处理的情形：{}", desc.zh),
        ),
        L::ImpactHighRisk(date, summary) => (
            format!(
                "A personal information security impact assessment of {date} found a high risk: {}",
                short(&summary.en, 160)
            ),
            format!("{date}的个人信息安全影响评估报告表明存在高风险：{}", short(&summary.zh, 100)),
        ),
        L::ImpactUpdated(date) => (
            format!("The impact assessment was updated ({date}); it finds no high risk."),
            format!("影响评估已更新（{date}），未发现高风险。"),
        ),
        L::ImpactPublished(date) => (
            format!("An impact assessment of {date} is now published; it finds no high risk."),
            format!("公布了{date}的影响评估，未发现高风险。"),
        ),
        L::ImpactGone => (
            "The impact assessment is no longer stated.".into(),
            "不再说明影响评估。".into(),
        ),
        L::JurisdictionAdded(place, law) => (
            format!("New rules for {} ({law}).", place.en),
            format!("新增适用于{}的规则（{law}）。", place.zh),
        ),
        L::JurisdictionLaw(place) => (
            format!("The law named for {} was updated.", place.en),
            format!("{}所依据的法律表述已更新。", place.zh),
        ),
        L::JurisdictionRemoved(place) => (
            format!(
                "The rules specific to {} were removed; the general rules apply.",
                place.en
            ),
            format!("删除适用于{}的专门规则，改为适用一般规则。", place.zh),
        ),
        L::GuardianAge(place, a, b) => (
            format!(
                "In {}: a parent or guardian must consent below age {b} (was {a}).",
                place.en
            ),
            format!("{}：须经监护人同意的年龄上限变更为{b}周岁（原为{a}周岁）。", place.zh),
        ),
        L::MinorAge(place, a, b) => (
            format!("In {}: visitors are treated as minors below age {b} (was {a}).", place.en),
            format!("{}：视为未成年人的年龄上限变更为{b}周岁（原为{a}周岁）。", place.zh),
        ),
        L::ChildDataSensitiveBelow(place, Some(b)) => (
            format!(
                "In {}: a child's personal information is now sensitive below age {b}, so each purpose needs its own consent.",
                place.en
            ),
            format!(
                "{}：未满{b}周岁未成年人的个人信息按敏感个人信息处理，每项处理都需要单独同意。",
                place.zh
            ),
        ),
        L::ChildDataSensitiveBelow(place, None) => (
            format!(
                "In {}: a child's personal information is no longer treated as sensitive for its age.",
                place.en
            ),
            format!("{}：不再因年龄将未成年人的个人信息按敏感个人信息处理。", place.zh),
        ),
        L::AskAge(place, true) => (
            format!("In {}: your age is now asked before any optional processing.", place.en),
            format!("{}：在任何可选处理之前将先询问您的年龄。", place.zh),
        ),
        L::AskAge(place, false) => (
            format!("In {}: your age is no longer asked before optional processing.", place.en),
            format!("{}：在可选处理之前不再询问您的年龄。", place.zh),
        ),
        L::GuardianMode(place, m) => (
            format!(
                "In {}: below the guardian age, consent is now given by {}.",
                place.en, m.en
            ),
            format!("{}：未满监护年龄时，改为{}。", place.zh, m.zh),
        ),
        L::PurposeFlags(place, flag, gained, lost) => {
            let what = match flag {
                PurposeFlag::ForbiddenForMinors => Pair::lit("not allowed for minors", "禁止向未成年人提供"),
                PurposeFlag::GpcOptsOut => Pair::lit(
                    "opted out of by a Global Privacy Control signal",
                    "可通过全球隐私控制（GPC）信号拒绝",
                ),
            };
            let mut en = Vec::new();
            let mut zh = Vec::new();
            if let Some(g) = gained {
                en.push(format!("now {}: {}", what.en, g.en));
                zh.push(format!("{}{}", what.zh, g.zh));
            }
            if let Some(l) = lost {
                en.push(format!("no longer {}: {}", what.en, l.en));
                zh.push(format!("不再{}{}", what.zh, l.zh));
            }
            (
                format!("In {}: {}.", place.en, en.join("; ")),
                format!("{}：{}。", place.zh, zh.join("；")),
            )
        }
        L::ConsentValidity(place, a, b) => (
            format!("In {}: a consent is now valid for {} (was {}).", place.en, b.en, a.en),
            format!("{}：同意的有效期变更为{}（原为{}）。", place.zh, b.zh, a.zh),
        ),
        L::RefusalMemory(place, a, b) => (
            format!(
                "In {}: after you refuse, you are not asked again for {} (was {}).",
                place.en, b.en, a.en
            ),
            format!("{}：您拒绝后，{}内不再询问（原为{}）。", place.zh, b.zh, a.zh),
        ),
        L::GuardianMethodsAdded(risk, l) => {
            let r = risk_words(risk);
            (
                format!(
                    "For {} purposes, a parent's or guardian's consent can now also be verified by: {}.",
                    r.en, l.en
                ),
                format!("{}事项中，监护人同意现在还可通过以下方式验证：{}。", r.zh, l.zh),
            )
        }
        L::GuardianMethodsRemoved(risk, l) => {
            let r = risk_words(risk);
            (
                format!(
                    "For {} purposes, a parent's or guardian's consent is no longer verified by: {}.",
                    r.en, l.en
                ),
                format!("{}事项中，监护人同意不再接受以下验证方式：{}。", r.zh, l.zh),
            )
        }
        L::GuardianRequestValidity(a, b) => (
            format!(
                "A request for a parent's or guardian's consent now stays open for {} (was {}).",
                b.en, a.en
            ),
            format!("监护人同意请求的有效期变更为{}（原为{}）。", b.zh, a.zh),
        ),
        L::ChangesNoticePeriod(a, b) => (
            format!(
                "Changes to this policy are now posted {} before they take effect (was {}).",
                b.en, a.en
            ),
            format!("本政策的更新将于生效前{}发布（原为{}）。", b.zh, a.zh),
        ),
        L::ChangesChannelsAdded(what, l) => {
            let w = announced_words(what);
            (
                format!("{} are now also announced by: {}.", w.en, l.en),
                format!("{}还将通过以下方式通知：{}。", w.zh, l.zh),
            )
        }
        L::ChangesChannelsRemoved(what, l) => {
            let w = announced_words(what);
            (
                format!("{} are no longer announced by: {}.", w.en, l.en),
                format!("{}不再通过以下方式通知：{}。", w.zh, l.zh),
            )
        }
        L::PolicyUrl(url) => (
            format!("This policy is now published at {url}."),
            format!("本政策的发布地址变更为{url}。"),
        ),
        L::PolicyLocalesAdded(l) => (
            format!("This policy is now also available in: {}.", l.en),
            format!("本政策新增以下语言版本：{}。", l.zh),
        ),
        L::PolicyLocalesRemoved(l) => (
            format!("This policy is no longer available in: {}.", l.en),
            format!("本政策不再提供以下语言版本：{}。", l.zh),
        ),
        L::PolicyDefaultLocale(l) => (
            format!("This policy's default language is now {l}."),
            format!("本政策的默认语言变更为{l}。"),
        ),
        L::ClauseAdded(title) => (format!("New section: {}.", title.en), format!("新增章节：{}。", title.zh)),
        L::ClauseAnchor(title) => (
            format!("Section moved: {}.", title.en),
            format!("章节位置调整：{}。", title.zh),
        ),
        L::ClauseRemoved(title) => (
            format!("Section removed: {}.", title.en),
            format!("删除章节：{}。", title.zh),
        ),
        L::Unchanged(from, to) => (
            format!("Version {to} replaces {from}; nothing that concerns you has changed."),
            format!("{to}版取代{from}版，与您相关的内容没有变化。"),
        ),
        L::Replaces(from, to) => (
            format!("Version {to} replaces {from}:"),
            format!("{to}版取代{from}版："),
        ),
    };
    Pair { en, zh }
}

/// What a wording-only change reworded, for a person.
fn wording(w: Wording<'_>) -> Pair {
    use Wording as W;
    let named = |n: &Pair, en: &str, zh: &str| Pair {
        en: format!("{} ({en})", n.en),
        zh: format!("{}（{zh}）", n.zh),
    };
    match w {
        W::PurposeName(n) => named(n, "name", "名称"),
        W::PurposeDescription(n) => named(n, "description", "说明"),
        W::RecipientName(n) => named(n, "name", "名称"),
        W::CategoryLabel(n) => named(n, "label", "名称"),
        W::Retention(n) => named(n, "retention", "保存期限说明"),
        W::RightDescription(d) => Pair {
            en: format!("the description of a right ({})", trim_stop(&d.en)),
            zh: format!("权利说明（{}）", trim_stop(&d.zh)),
        },
        W::LegalException => Pair::lit("a case of processing without consent", "无需同意即可处理的情形"),
        W::ImpactSummary => Pair::lit("the impact assessment's summary", "影响评估摘要"),
        W::ClauseTitle(t) => Pair {
            en: format!("the title of section {}", t.en),
            zh: format!("章节标题（{}）", t.zh),
        },
        W::PolicyTitle => Pair::lit("the policy's title", "政策标题"),
        W::NoticeTitle => Pair::lit("the heading of the privacy notice", "隐私提示的标题"),
        W::NoticeSummary => Pair::lit("the summary of the privacy notice", "隐私提示的摘要"),
    }
}

fn risk_words(r: Risk) -> Pair {
    match r {
        Risk::Low => Pair::lit("low-risk", "低风险"),
        Risk::High => Pair::lit("higher-risk", "高风险"),
    }
}

fn announced_words(a: Announced) -> Pair {
    match a {
        Announced::Changes => Pair::lit("Changes", "政策变更"),
        Announced::MajorChanges => Pair::lit("Major changes", "重大变更"),
    }
}

/// A retention period: how long, from when (`None`: a rule the version does not state).
pub(crate) fn period(rule: Option<(&str, RetentionTrigger)>) -> Pair {
    match rule {
        Some((d, t)) => {
            let (d, t) = (duration(d), trigger(t));
            Pair {
                en: format!("{} from {}", d.en, t.en),
                zh: format!("自{}起{}", t.zh, d.zh),
            }
        }
        None => Pair::lit("an unstated period", "未说明的期限"),
    }
}

/// How long a stored item lives (`None`: the session).
pub(crate) fn lifetime(l: Option<&str>) -> Pair {
    match l {
        Some(d) => duration(d),
        None => Pair::lit("the session", "本次会话期间"),
    }
}

/// Who sets a stored item.
pub(crate) fn party(first_party: bool) -> Pair {
    if first_party {
        Pair::lit("us", "我们")
    } else {
        Pair::lit("another party", "第三方")
    }
}

/// A retention rule no purpose uses, by its id.
pub(crate) fn retention_rule(id: &str) -> Pair {
    Pair {
        en: format!("Retention rule `{id}`"),
        zh: format!("保存规则“{id}”"),
    }
}

/// A jurisdiction code for a person (`*` is every place without rules of its own).
pub(crate) fn place(code: &str) -> Pair {
    if code == "*" {
        Pair::lit("all other places", "其他地区")
    } else {
        Pair::same(code)
    }
}

/// Why a major change is major, for a person.
pub(crate) fn major_rule(r: MajorRule) -> (&'static str, &'static str) {
    use MajorRule as R;
    match r {
        R::ServiceModel => (
            "(1) the service model changed: the purpose, the types of personal information or the way they are used",
            "（1）服务模式发生变化：处理个人信息的目的、类型或使用方式",
        ),
        R::Ownership => (
            "(2) the ownership or organisational structure changed",
            "（2）所有权结构、组织架构发生变化",
        ),
        R::Recipients => (
            "(3) the main recipients of sharing, transfer or public disclosure changed",
            "（3）个人信息共享、转让或公开披露的主要对象发生变化",
        ),
        R::Rights => (
            "(4) your rights over the processing, or how to exercise them, changed",
            "（4）您参与个人信息处理的权利及其行使方式发生变化",
        ),
        R::Contact => (
            "(5) the responsible department, contact details or complaint channel changed",
            "（5）负责处理个人信息安全的责任部门、联络方式或投诉渠道发生变化",
        ),
        R::ImpactAssessment => (
            "(6) a personal information security impact assessment shows a high risk",
            "（6）个人信息安全影响评估报告表明存在高风险",
        ),
        R::NewPurpose => (
            "a new purpose of processing (WP260: always to be communicated)",
            "新增处理目的（WP260：应始终告知）",
        ),
        R::NewRecipientCategory => (
            "a wider category of recipient (WP260: a fundamental change, to be told well in advance)",
            "接收方类别扩大（WP260：属根本性变化，应提前充分告知）",
        ),
        R::TransferAbroad => (
            "a new transfer abroad (WP260: a fundamental change, to be told well in advance)",
            "新增向境外提供（WP260：属根本性变化，应提前充分告知）",
        ),
        R::ReducesRights => (
            "it reduces your rights, which the policy does only with your explicit consent",
            "减少了您的权利，本政策承诺未经您明确同意不会这样做",
        ),
    }
}

/// A word of the changes page, around the lines a diff writes. `{name}` in a word is filled in
/// by the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageWord {
    /// The heading: `{from}` and `{to}` are the versions.
    Title,
    /// The label of a major change.
    Major,
    /// The label of a minor change.
    Minor,
    /// Between a change's label and its line.
    Colon,
    /// After a major change's line: `{rule}` is what makes it major ([`major_rule`]).
    MajorBecause,
    /// Under a change that reduces the person's rights.
    ReducesRights,
    /// Before the purposes asked again.
    Reconsent,
    /// When no purpose is asked again.
    NoReconsent,
    /// When the version was published and takes effect: `{published}`, `{effective}`.
    Dates,
    /// The link to the whole policy.
    WholePolicy,
}

/// A word of the changes page.
pub(crate) fn page_word(w: PageWord) -> Pair {
    match w {
        PageWord::Title => Pair::lit("What changed from version {from} to {to}", "{from}版至{to}版的变更"),
        PageWord::Major => Pair::lit("Major", "重大"),
        PageWord::Minor => Pair::lit("Minor", "一般"),
        PageWord::Colon => Pair::lit(": ", "："),
        PageWord::MajorBecause => Pair::lit("(major because {rule})", "（属于重大变更的原因：{rule}）"),
        PageWord::ReducesRights => Pair::lit(
            "Reduces your rights: the earlier terms apply to you until you accept this version.",
            "减少了您的权利：在您接受本版本之前，对您继续适用此前的条款。",
        ),
        PageWord::Reconsent => Pair::lit(
            "Asked again, because what they cover grew:",
            "以下用途的范围扩大，需要重新征得您的同意：",
        ),
        PageWord::NoReconsent => Pair::lit(
            "Nothing that consent covers grew; nothing is asked again.",
            "同意所涵盖的范围没有扩大，无需重新同意。",
        ),
        PageWord::Dates => Pair::lit(
            "Published {published}, in force from {effective}.",
            "发布于{published}，自{effective}起生效。",
        ),
        PageWord::WholePolicy => Pair::lit("The whole policy", "查看完整政策"),
    }
}

fn trim_stop(s: &str) -> String {
    s.trim_end_matches(['.', '。']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(duration("P13M").en, "13 months");
        assert_eq!(duration("P1Y6M").en, "18 months");
        assert_eq!(duration("P2Y").en, "2 years");
        assert_eq!(duration("P3Y").zh, "3年");
        assert_eq!(duration("P7D").en, "7 days");
        assert_eq!(duration("PT12H").en, "12 hours");
        assert_eq!(duration("nonsense").en, "nonsense");
    }

    #[test]
    fn short_texts_keep_whole_characters() {
        assert_eq!(short("a  b", 10), "a b");
        assert_eq!(short("个人信息保护政策", 5), "个人信息…");
    }
}
