//! The words of change summaries, in English and Simplified Chinese, side by side.
//!
//! A summary line is written for a person, so every enum value of the policy model that a line
//! mentions has a word here; the lines themselves are built in `diff.rs`, each next to the
//! rule that produces it.

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
        LegalBasis::VitalInterests => Pair::lit("protecting life or property", "保护生命健康和财产安全"),
        LegalBasis::PublicInterest => Pair::lit("the public interest", "公共利益"),
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

/// The code of a notice channel, as the policy writes it.
pub(crate) fn channel_code(c: NoticeChannel) -> &'static str {
    match c {
        NoticeChannel::Website => "website",
        NoticeChannel::InPage => "in_page",
        NoticeChannel::Email => "email",
        NoticeChannel::Sms => "sms",
        NoticeChannel::PrivateMessage => "private_message",
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
