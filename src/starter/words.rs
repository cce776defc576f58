//! The starter policy's words, in the locales it ships (en, zh-CN). Any other locale asked for
//! gets a mark asking the owner to translate the English.

use crate::policy::marks::mark;
use crate::policy::Text;
use crate::prelude::*;

/// The locales the starter has words in.
pub const LOCALES: [&str; 2] = ["en", "zh-CN"];

/// One thing said, in English and in Chinese. `{}` in either stands for one value filled in by
/// [`Words::with`].
#[derive(Clone, Copy)]
pub struct Words {
    /// In English.
    pub en: &'static str,
    /// In simplified Chinese.
    pub zh: &'static str,
}

impl Words {
    /// The words in every one of `locales`.
    pub fn text(&self, locales: &[String]) -> Text {
        self.with(locales, "")
    }

    /// The words with `{}` replaced by `value` (the same in every locale: a name, an address).
    /// A locale without words gets a mark asking for the English to be translated.
    pub fn with(&self, locales: &[String], value: &str) -> Text {
        let english = self.en.replace("{}", value);
        localized(locales, |locale| match locale {
            "en" => english.clone(),
            "zh-CN" => self.zh.replace("{}", value),
            other => mark(&format!("translate into {other}: {english}")),
        })
    }
}

/// The same text in every locale (a name the owner gave).
pub fn same(locales: &[String], value: &str) -> Text {
    localized(locales, |_| value.to_owned())
}

/// A mark in every locale, asking in the locale's words where there are some.
pub fn ask(locales: &[String], question: Words) -> Text {
    localized(locales, |locale| {
        mark(if locale == "zh-CN" { question.zh } else { question.en })
    })
}

fn localized(locales: &[String], words: impl Fn(&str) -> String) -> Text {
    let mut text = Text::default();
    for locale in locales {
        text.0.insert(locale.clone(), words(locale));
    }
    text
}

/// A list in a locale's way: "a, b and c" / "a、b和c".
pub fn list(locale: &str, items: &[String]) -> String {
    let (sep, last) = if locale == "zh-CN" {
        ("、", "和")
    } else {
        (", ", " and ")
    };
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => format!("{}{last}{tail}", init.join(sep)),
    }
}

pub const TITLE: Words = Words {
    en: "{} privacy policy",
    zh: "{}隐私政策",
};
pub const NOTICE_TITLE: Words = Words {
    en: "Your privacy choices",
    zh: "您的隐私选择",
};
pub const NOTICE_ESSENTIAL_ONLY: Words = Words {
    en: "This site uses only what it needs to work and to remember your choices. You can read the policy and change your choices at any time.",
    zh: "本网站仅使用运行所必需的信息并记住您的选择。您可以随时阅读本政策并更改您的选择。",
};
/// `{}` is the list of optional purposes, in the locale's own words.
pub const NOTICE_OPTIONAL: Words = Words {
    en: "This site uses what it needs to work. With your consent it also uses cookies and similar technologies for {}. Nothing optional happens unless you agree, and you can change your choices at any time.",
    zh: "本网站使用运行所必需的信息。经您同意后，我们还会将 Cookie 及类似技术用于{}。未经您同意，不会进行任何可选处理；您可以随时更改您的选择。",
};
pub const CONTACT: Words = Words {
    en: "Email {}",
    zh: "发送电子邮件至 {}",
};
pub const ASK_ADDRESS: Words = Words {
    en: "the postal address of the organisation responsible for the site",
    zh: "网站负责单位的通讯地址",
};
pub const ASK_DEPARTMENT: Words = Words {
    en: "who is responsible for data protection (a person, team or data protection officer) and how to reach them",
    zh: "个人信息保护负责人或部门及其联系方式",
};
pub const ASK_OWNERSHIP: Words = Words {
    en: "who owns the organisation (its legal form and owners, as you state them to users)",
    zh: "运营单位的所有权及组织结构（法律形式及所有者）",
};
pub const COMPLAINT: Words = Words {
    en: "Write to {}. You may also complain to the data protection authority where you live.",
    zh: "请发送电子邮件至 {}。您也可以向您所在地的个人信息保护监管机构投诉。",
};
pub const ASK_PROVIDER: Words = Words {
    en: "the name of the provider you use for this, and set its `country` code beside this name",
    zh: "您为此使用的服务商名称，并在旁边的 `country` 中填写其所在国家代码",
};

pub const CLAUSE_CONTROLLER: Words = Words {
    en: "Who we are",
    zh: "我们是谁",
};
pub const CLAUSE_PURPOSES: Words = Words {
    en: "What we use and why",
    zh: "我们使用哪些信息以及用途",
};
pub const CLAUSE_SHARING: Words = Words {
    en: "Who we share it with",
    zh: "我们与谁共享",
};
pub const CLAUSE_RETENTION: Words = Words {
    en: "How long we keep it",
    zh: "保存期限",
};
pub const CLAUSE_STORAGE: Words = Words {
    en: "Where it is kept",
    zh: "存储地点",
};
pub const CLAUSE_RIGHTS: Words = Words {
    en: "Your rights",
    zh: "您的权利",
};
pub const CLAUSE_CHILDREN: Words = Words {
    en: "Children",
    zh: "儿童",
};
pub const CLAUSE_CHANGES: Words = Words {
    en: "Changes to this policy",
    zh: "本政策的变更",
};
pub const CLAUSE_EXCEPTIONS: Words = Words {
    en: "When we use information without consent",
    zh: "无需同意的情形",
};

pub const CATEGORY_IDENTIFIERS: Words = Words {
    en: "Online identifiers (cookie and device identifiers, IP address)",
    zh: "网络标识符（Cookie 与设备标识符、IP 地址）",
};
pub const CATEGORY_DEVICE: Words = Words {
    en: "Device and browser information (type, operating system, language, screen size)",
    zh: "设备与浏览器信息（型号、操作系统、语言、屏幕尺寸）",
};
pub const CATEGORY_USAGE: Words = Words {
    en: "How you use the site (pages visited, clicks, time spent)",
    zh: "网站使用信息（访问的页面、点击、停留时间）",
};
pub const CATEGORY_PREFERENCES: Words = Words {
    en: "Your preferences and interests on the site",
    zh: "您在本网站的偏好与兴趣",
};
pub const CATEGORY_PROFILE: Words = Words {
    en: "Your profile from the sign-in provider (name, email address, picture)",
    zh: "来自第三方登录服务的资料（昵称、电子邮箱、头像）",
};

pub const RETENTION_SECURITY: Words = Words {
    en: "Security logs are kept 6 months from when they are made, then deleted.",
    zh: "安全日志自生成起保存 6 个月，之后删除。",
};
pub const RETENTION_MEASUREMENT: Words = Words {
    en: "Measurement data is kept 13 months from collection, then deleted or anonymized.",
    zh: "统计数据自收集起保存 13 个月，之后删除或匿名化处理。",
};
pub const RETENTION_ADVERTISING: Words = Words {
    en: "Advertising identifiers are kept 13 months from collection, then deleted.",
    zh: "广告标识符自收集起保存 13 个月，之后删除。",
};
pub const RETENTION_WITHDRAWAL: Words = Words {
    en: "Deleted within 30 days after you withdraw your consent.",
    zh: "在您撤回同意后 30 天内删除。",
};

pub const ESSENTIAL_NAME: Words = Words {
    en: "Strictly necessary",
    zh: "必要功能",
};
pub const ESSENTIAL_DESCRIPTION: Words = Words {
    en: "Runs the site, keeps it secure and remembers your privacy choices. Always on.",
    zh: "运行网站、保障安全并记住您的隐私选择。始终开启。",
};
pub const ANALYTICS_NAME: Words = Words {
    en: "Analytics",
    zh: "统计分析",
};
pub const ANALYTICS_DESCRIPTION: Words = Words {
    en: "Counts visits and measures how the site is used, so we can improve it.",
    zh: "统计访问量并衡量网站的使用情况，以便我们改进网站。",
};
pub const ADVERTISING_NAME: Words = Words {
    en: "Advertising",
    zh: "广告",
};
pub const ADVERTISING_DESCRIPTION: Words = Words {
    en: "Shows ads that may match your interests and measures how they perform, with our advertising partners.",
    zh: "与我们的广告合作伙伴一起展示可能符合您兴趣的广告，并衡量广告效果。",
};
pub const MEDIA_NAME: Words = Words {
    en: "Embedded media",
    zh: "嵌入式媒体",
};
pub const MEDIA_DESCRIPTION: Words = Words {
    en: "Plays videos, maps and other content from other sites inside our pages; those sites receive your device information.",
    zh: "在我们的页面中播放来自其他网站的视频、地图等内容；这些网站会收到您的设备信息。",
};
pub const PERSONALISATION_NAME: Words = Words {
    en: "Personalisation",
    zh: "个性化",
};
pub const PERSONALISATION_DESCRIPTION: Words = Words {
    en: "Remembers your preferences and suggests content based on what you use.",
    zh: "记住您的偏好，并根据您的使用情况推荐内容。",
};
pub const SOCIAL_LOGIN_NAME: Words = Words {
    en: "Sign in with another account",
    zh: "第三方账号登录",
};
pub const SOCIAL_LOGIN_DESCRIPTION: Words = Words {
    en: "Lets you sign in with an account you have elsewhere; the sign-in provider learns that you use this site.",
    zh: "允许您使用其他平台的账号登录；登录服务商会知道您在使用本网站。",
};
pub const TRANSFER_NAME: Words = Words {
    en: "Processing abroad",
    zh: "境外处理",
};
pub const TRANSFER_DESCRIPTION: Words = Words {
    en: "Sends information to our service providers in other countries, who process it for the purposes above.",
    zh: "将信息发送至位于其他国家或地区的服务商，由其为上述目的进行处理。",
};

pub const EXCEPTION_LAW: Words = Words {
    en: "To comply with a legal obligation, a court order or a request of a competent authority.",
    zh: "为履行法定义务、执行法院命令或应主管机关的要求。",
};
/// GDPR Art. 6(1)(d): the vital interests of the person or of another, which means their life.
pub const EXCEPTION_VITAL: Words = Words {
    en: "To protect your life or another person's life when your consent cannot be asked in time.",
    zh: "为保护您或他人的生命安全而又无法及时征得您的同意的。",
};
/// PIPL Art. 13(4), added where Chinese law applies: it also names health and property.
pub const EXCEPTION_VITAL_CN: Words = Words {
    en: "Where Chinese law applies, also when necessary in an emergency to protect a person's life, health or property, or to respond to a public health emergency.",
    zh: "适用中国法律时，还包括为应对突发公共卫生事件，或者紧急情况下为保护自然人的生命健康和财产安全所必需的。",
};

pub const RIGHT_HOW: Words = Words {
    en: "Write to {}; we answer within one month.",
    zh: "请发送电子邮件至 {}，我们将在一个月内答复。",
};
pub const RIGHT_HOW_WITHDRAW: Words = Words {
    en: "Open the privacy choices from the button on every page and turn off what you no longer want.",
    zh: "点击每个页面上的隐私选择按钮，关闭您不再同意的项目。",
};
pub const RIGHT_ACCESS: Words = Words {
    en: "See the personal information we hold about you.",
    zh: "查阅我们持有的您的个人信息。",
};
pub const RIGHT_RECTIFICATION: Words = Words {
    en: "Have it corrected when it is wrong.",
    zh: "在信息有误时要求更正。",
};
pub const RIGHT_ERASURE: Words = Words {
    en: "Have it deleted.",
    zh: "要求删除您的个人信息。",
};
pub const RIGHT_WITHDRAWAL: Words = Words {
    en: "Withdraw your consent at any time, as easily as you gave it.",
    zh: "随时撤回同意，与给予同意一样方便。",
};
pub const RIGHT_PORTABILITY: Words = Words {
    en: "Receive a copy in a common machine-readable format.",
    zh: "以通用的机器可读格式获取副本。",
};
pub const RIGHT_OBJECTION: Words = Words {
    en: "Object to processing, including for direct marketing.",
    zh: "反对对您信息的处理，包括用于直接营销。",
};
pub const RIGHT_COMPLAINT: Words = Words {
    en: "Complain to us or to a data protection authority.",
    zh: "向我们或个人信息保护监管机构投诉。",
};
