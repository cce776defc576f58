//! The banner's own words (buttons, headings, labels, notices): one key list ([`Word`]), the
//! catalogue that gives every key in each language the banner ships (en, zh-CN, de, fr, es, ja,
//! ko; [`Lang`]), and a policy's or a page's own words for any of them ([`Overrides`]).
//! Everything the policy says comes from its texts; these are only the words around them.
//!
//! The catalogue is read where a policy is compiled ([`crate::compiled::CompiledPolicy::from_policy`]):
//! each locale's texts file carries that locale's words, the policy's overrides in place, so a
//! page's module reads its words from the texts file it downloads and carries no word table of
//! its own. A locale whose language the catalogue lacks gets the English words, with the
//! policy's own for that locale in place; `assent check` warns about it ([`missing_language`]).
//!
//! Each word has a key (`acceptAll`), the name a policy's or a page's `words` overrides it by
//! (`"words": {"de": {"acceptAll": "Alle akzeptieren"}}`). A word that is a sentence around
//! values is a template: `{list}`, `{purpose}` and the like stand for what is filled in, and an
//! override may use the names the word it replaces uses, no others.

use serde::{Deserialize, Serialize};

use crate::eval::messages::{fill, placeholders, Lang};
use crate::guardian::words as guardian;
use crate::json::{self, FromJson, ToJson};
use crate::policy::{did_you_mean, Problem};
use crate::prelude::*;
use crate::sorted_map::SortedMap;

/// The key of each of the banner's words: one list, in the order the docs list them. Each is
/// named as the texts file and an override name it (`acceptAll`: [`Word::key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum Word {
    /// First-layer button: consent to everything optional that may be offered.
    AcceptAll,
    /// First-layer button: refuse everything optional.
    RejectAll,
    /// First-layer button: open the second layer.
    Choose,
    /// Second-layer button: record the toggles as they are.
    Save,
    /// Second-layer button: close without saving (the defaults stay).
    Close,
    /// The link to the full policy.
    PolicyLink,
    /// The second layer's heading.
    SecondTitle,
    /// The second layer's introduction.
    SecondIntro,
    /// Heading of the essential purposes.
    EssentialHeading,
    /// What the essential purposes are.
    EssentialIntro,
    /// Heading of the basic functions.
    BasicHeading,
    /// What consent to basic functions means (GB/T 35273-2020 5.3).
    BasicIntro,
    /// Heading of the extended functions.
    ExtendedHeading,
    /// What consent to extended functions means (GB/T 35273-2020 5.3).
    ExtendedIntro,
    /// The badge of an essential purpose.
    AlwaysOn,
    /// Label of the data a purpose uses.
    DataLabel,
    /// Label of who receives it.
    RecipientsLabel,
    /// When nobody outside the controller receives it.
    NoRecipients,
    /// Label of how long it is kept.
    RetentionLabel,
    /// The disclosure that holds a purpose's details.
    Details,
    /// The persistent button that reopens the choices.
    PrivacyChoices,
    /// A purpose that needs a consent given for it alone.
    NeedsSeparate,
    /// Shown when no consent service signs the choice.
    Unsigned,
    /// Shown after a choice was recorded and signed.
    SavedSigned,
    /// Shown after a choice was kept in this browser only.
    SavedUnsigned,
    /// Shown in the page the edge sends after it recorded a choice posted to it.
    SavedAtEdge,
    /// The update notice's heading for a major change.
    UpdateMajorTitle,
    /// The update notice's heading for a minor change.
    UpdateMinorTitle,
    /// The update notice's introduction to the purposes it asks about again.
    UpdateReconsentIntro,
    /// The update notice's button that records the answers.
    UpdateConfirm,
    /// The minor update bar's button that dismisses it.
    UpdateDismiss,
    /// The button that accepts a version that reduces the visitor's rights.
    UpdateAccept,
    /// The button that leaves that acceptance for later (the older terms keep applying).
    UpdateLater,
    /// What applies until then: `{version}`, the version the visitor agreed to.
    UpdateTermsNote,
    /// The link to the full list of changes.
    UpdateDiff,
    /// The label of the "allowed" side of a toggle, for screen readers and the legend.
    Allowed,
    /// The label of the "not allowed" side.
    NotAllowed,
    /// Separator between items of a list.
    ListSeparator,
    /// The guardian-guidance notice's heading.
    GuidanceTitle,
    /// The guardian-guidance notice: what the policy asks of a visitor under `{age}` (the
    /// seed's clause on minors: read the policy, and decide whether to agree, under the
    /// supervision and guidance of a parent or other guardian).
    GuidanceText,
    /// The guardian-guidance notice's button: on to the banner.
    GuidanceContinue,
    /// The age question's heading.
    AgeTitle,
    /// Why the age is asked, and that only the band is kept (no cutoff named).
    AgeWhy,
    /// The age question.
    AgeQuestion,
    /// The birth-year select's label.
    AgeYear,
    /// The birth-month select's label.
    AgeMonth,
    /// The empty first option of each select.
    AgeChoose,
    /// The months' names in the birth-month select, January first.
    January,
    /// The second month's name in the birth-month select.
    February,
    /// The third month's name in the birth-month select.
    March,
    /// The fourth month's name in the birth-month select.
    April,
    /// The fifth month's name in the birth-month select.
    May,
    /// The sixth month's name in the birth-month select.
    June,
    /// The seventh month's name in the birth-month select.
    July,
    /// The eighth month's name in the birth-month select.
    August,
    /// The ninth month's name in the birth-month select.
    September,
    /// The tenth month's name in the birth-month select.
    October,
    /// The eleventh month's name in the birth-month select.
    November,
    /// The twelfth month's name in the birth-month select.
    December,
    /// The age question's button.
    AgeContinue,
    /// The guardian step's heading.
    GuardianTitle,
    /// The guardian step, when no use waits for the guardian by name.
    GuardianPaused,
    /// The guardian step: what is paused until a parent or guardian agrees, `{list}`.
    GuardianPausedList,
    /// How to ask a guardian, when a consent service sends the request.
    GuardianHow,
    /// How to ask a guardian, when no consent service can send a request.
    GuardianHowOffline,
    /// What the guardian will see and decide.
    GuardianSees,
    /// The label of the guardian's email field.
    GuardianContact,
    /// Above the purposes a child picks to ask for, where the child and a guardian consent
    /// together (France below 15): what the child agrees to.
    GuardianPick,
    /// The button that sends the request.
    GuardianSend,
    /// The guardian step's other button: keep the waiting purposes off, asking nobody.
    GuardianNotNow,
    /// The first layer's note when "accept all" cannot turn some purposes on, because each of
    /// them needs a consent given for it alone (PIPL Art. 29, 39; GB/T 35273-2020 5.4):
    /// `{accept}` and `{choose}` (the buttons' words), `{list}` (the purposes).
    SeparateNote,
    /// The label of a link to the clause a purpose comes from: `{clause}`.
    ClauseLink,
    /// The placeholder of a gated embed whose data nobody else receives: `{what}`,
    /// `{purpose}`, `{data}`.
    Placeholder,
    /// The placeholder of a gated embed whose data is shared: `{what}`, `{purpose}`, `{data}`,
    /// `{recipients}`.
    PlaceholderShared,
    /// What a placeholder calls an embed that has no title of its own.
    EmbeddedContent,
    /// The placeholder's button: consent to that one purpose, `{purpose}`.
    AllowPurpose,
    /// After a withdrawal of purposes whose code already ran on the page, said again in the page
    /// reloaded to stop it: `{list}`.
    ReloadNeeded,
    /// After a withdrawal that needs no reload: `{list}`.
    Withdrawn,
    /// When recording a choice failed: a refusal still applies here, unsigned, and what was
    /// allowed stays off; `{why}`.
    NotRecorded,
    /// When a choice changed nothing that could be recorded (every switch was unavailable).
    NothingRecorded,
    /// The second layer's vendors section (a site with IAB TCF vendors): its heading.
    VendorsHeading,
    /// What the vendors section is and what its switches do.
    VendorsIntro,
    /// A vendor's purposes under consent.
    VendorConsent,
    /// A vendor's purposes under its legitimate interest (its switch off is an objection).
    VendorLegitimateInterest,
    /// A vendor's special features.
    VendorSpecialFeatures,
    /// How long a vendor keeps data: `{days}`.
    VendorRetentionDays,
    /// The link to a vendor's privacy policy: `{name}`.
    VendorPolicy,
    /// The first layer, when the browser sent Global Privacy Control and the visitor's law makes
    /// it an opt-out: which uses it keeps off, `{list}`.
    GpcHonoured,
    /// The guardian step, while the child's request waits for the guardian's answer.
    GuardianWaiting,
    /// Beside the age question's "Reject all": what it refuses, and that refusing needs no age.
    AgeRejectNote,
}

/// The banner's words in one language: per key ([`Word::key`]), the word. A texts file holds
/// every key (the compiler writes them all from the catalogue); `words[Word::AcceptAll]` reads one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[serde(transparent)]
pub struct Words(SortedMap<String>);

/// The catalogue's table of words in `lang`.
fn table(lang: Lang) -> &'static [(Word, &'static str)] {
    lang.pick([EN, ZH, DE, FR, ES, JA, KO])
}

static EN: &[(Word, &str)] = &[
    (Word::AcceptAll, "Accept all"),
    (Word::RejectAll, "Reject all"),
    (Word::Choose, "Choose"),
    (Word::Save, "Save my choices"),
    (Word::Close, "Close"),
    (Word::PolicyLink, "Read the privacy policy"),
    (Word::SecondTitle, "Choose what you allow"),
    (
        Word::SecondIntro,
        "Everything optional is off until you turn it on. Essential functions always run. \
                   You can change or withdraw your choices at any time with the Privacy choices button.",
    ),
    (Word::EssentialHeading, "Always on"),
    (
        Word::EssentialIntro,
        "Needed for the site to work; these run without consent.",
    ),
    (Word::BasicHeading, "Basic functions"),
    (Word::BasicIntro, "Functions of the service itself."),
    (Word::ExtendedHeading, "Extended functions"),
    (
        Word::ExtendedIntro,
        "Each needs its own consent. Saying no to one never limits the basic functions.",
    ),
    (Word::AlwaysOn, "Always on"),
    (Word::DataLabel, "Data used"),
    (Word::RecipientsLabel, "Shared with"),
    (Word::NoRecipients, "No one outside us"),
    (Word::RetentionLabel, "Kept"),
    (Word::Details, "Details"),
    (Word::PrivacyChoices, "Privacy choices"),
    (
        Word::NeedsSeparate,
        "Needs a consent given for this purpose alone: turn it on here.",
    ),
    (
        Word::Unsigned,
        "This site has no consent service: your choices are kept in this browser only, without a signed receipt.",
    ),
    (
        Word::SavedSigned,
        "Your choices are saved. The site signed a receipt of them, kept in this browser.",
    ),
    (
        Word::SavedUnsigned,
        "Your choices are saved in this browser only; no signed receipt was issued.",
    ),
    (Word::SavedAtEdge, "Your choices are saved, and the site signed a receipt of them."),
    (Word::UpdateMajorTitle, "Our privacy policy has changed"),
    (Word::UpdateMinorTitle, "Our privacy policy was updated"),
    (
        Word::UpdateReconsentIntro,
        "These uses changed since you agreed to them. They stay off until you turn them on again.",
    ),
    (Word::UpdateConfirm, "Save my choices"),
    (Word::UpdateDismiss, "Got it"),
    (Word::UpdateAccept, "Accept the new terms"),
    (Word::UpdateLater, "Not now"),
    (
        Word::UpdateTermsNote,
        "Until you accept them, the terms of version {version}, under which you made your choices, keep applying to you.",
    ),
    (Word::UpdateDiff, "See every change"),
    (Word::Allowed, "On"),
    (Word::NotAllowed, "Off"),
    (Word::ListSeparator, ", "),
    (Word::GuidanceTitle, "Read this with a parent or guardian"),
    (
        Word::GuidanceText,
        "You are under {age}. Our privacy policy asks you to read it, and to decide whether to agree, \
                    under the supervision and guidance of a parent or other guardian.",
    ),
    (Word::GuidanceContinue, "Continue"),
    (Word::AgeTitle, "Before you continue"),
    (
        Word::AgeWhy,
        "We ask when you were born because the law protects children's data in particular ways. \
              Only your age band is kept, never the date.",
    ),
    (Word::AgeQuestion, "When were you born?"),
    (Word::AgeYear, "Year"),
    (Word::AgeMonth, "Month"),
    (Word::AgeChoose, "Choose\u{2026}"),
    (Word::January, "January"),
    (Word::February, "February"),
    (Word::March, "March"),
    (Word::April, "April"),
    (Word::May, "May"),
    (Word::June, "June"),
    (Word::July, "July"),
    (Word::August, "August"),
    (Word::September, "September"),
    (Word::October, "October"),
    (Word::November, "November"),
    (Word::December, "December"),
    (Word::AgeContinue, "Continue"),
    (Word::GuardianTitle, "Ask a parent or guardian"),
    (
        Word::GuardianPaused,
        "Until a parent or guardian agrees, only what the site needs to work is on.",
    ),
    (
        Word::GuardianPausedList,
        "Until a parent or guardian agrees, only what the site needs to work is on. \
                           Paused until then: {list}.",
    ),
    (
        Word::GuardianHow,
        "Give us your parent's or guardian's email address: we send them a link and a code to answer.",
    ),
    (Word::GuardianHowOffline, guardian::EN.cannot_send),
    (
        Word::GuardianSees,
        "They will see each use we ask about, with the data it uses, who receives it and how long it \
                    is kept, and decide on each one. They can withdraw their consent at any time.",
    ),
    (Word::GuardianContact, "Your parent's or guardian's email"),
    (Word::GuardianPick, "What you agree to, and ask your parent or guardian to agree to as well"),
    (Word::GuardianSend, "Send the request"),
    (Word::GuardianNotNow, "Keep them off"),
    (
        Word::SeparateNote,
        "Some uses need a consent given for each one alone, so \u{201c}{accept}\u{201d} does not turn \
                    them on: {list}. You can turn them on under \u{201c}{choose}\u{201d}.",
    ),
    (Word::ClauseLink, "In the privacy policy: {clause}"),
    (
        Word::Placeholder,
        "{what} is not loaded. Loading it is part of \u{201c}{purpose}\u{201d} and would use: {data}.",
    ),
    (
        Word::PlaceholderShared,
        "{what} is not loaded. Loading it is part of \u{201c}{purpose}\u{201d}: it would use {data}, \
                         shared with {recipients}.",
    ),
    (Word::EmbeddedContent, "This embedded content"),
    (Word::AllowPurpose, "Allow \u{201c}{purpose}\u{201d}"),
    (
        Word::ReloadNeeded,
        "Withdrawn: {list}. The cookies and storage the privacy policy names for each were deleted, and the \
                    page was reloaded to stop what already ran.",
    ),
    (
        Word::Withdrawn,
        "Withdrawn: {list}. The cookies and storage the privacy policy names for each were deleted.",
    ),
    (
        Word::NotRecorded,
        "The site could not record your choices ({why}); no signed receipt was issued. A refusal applies in this browser; what you allowed stays off until it is recorded.",
    ),
    (Word::NothingRecorded, "Nothing was recorded: none of these choices can be made here yet."),
    (Word::VendorsHeading, "Vendors"),
    (Word::VendorsIntro, "The advertising partners this site works with. Each one may use your information only for the purposes you allow above; you can also turn each one off."),
    (Word::VendorConsent, "With your consent"),
    (Word::VendorLegitimateInterest, "On its legitimate interest (turning it off objects)"),
    (Word::VendorSpecialFeatures, "Special features"),
    (Word::VendorRetentionDays, "{days} days"),
    (Word::VendorPolicy, "Privacy policy ({name})"),
    (Word::GpcHonoured, "Your browser sent the Global Privacy Control signal, and we honour it by keeping these off: {list}."),
    (Word::GuardianWaiting, "Your request was sent and is waiting for your parent's or guardian's answer."),
    (Word::AgeRejectNote, "Optional uses stay off unless you agree. To refuse them all, you need not give your age."),
];

static ZH: &[(Word, &str)] = &[
    (Word::AcceptAll, "全部接受"),
    (Word::RejectAll, "全部拒绝"),
    (Word::Choose, "自行选择"),
    (Word::Save, "保存我的选择"),
    (Word::Close, "关闭"),
    (Word::PolicyLink, "阅读隐私政策"),
    (Word::SecondTitle, "选择您允许的用途"),
    (
        Word::SecondIntro,
        "所有可选用途在您开启之前均保持关闭，必要功能始终运行。\
                   您可以随时通过“隐私选择”按钮更改或撤回您的选择。",
    ),
    (Word::EssentialHeading, "始终开启"),
    (Word::EssentialIntro, "网站正常运行所必需，无需同意即可运行。"),
    (Word::BasicHeading, "基本业务功能"),
    (Word::BasicIntro, "服务本身提供的功能。"),
    (Word::ExtendedHeading, "扩展业务功能"),
    (
        Word::ExtendedIntro,
        "每一项都需要您单独同意；拒绝其中任何一项都不会影响基本业务功能。",
    ),
    (Word::AlwaysOn, "始终开启"),
    (Word::DataLabel, "使用的个人信息"),
    (Word::RecipientsLabel, "接收方"),
    (Word::NoRecipients, "不向第三方提供"),
    (Word::RetentionLabel, "保存期限"),
    (Word::Details, "详情"),
    (Word::PrivacyChoices, "隐私选择"),
    (Word::NeedsSeparate, "此用途需要您单独同意：请在此处开启。"),
    (
        Word::Unsigned,
        "本网站未配置同意服务：您的选择仅保存在本浏览器中，没有签名回执。",
    ),
    (
        Word::SavedSigned,
        "您的选择已保存。网站已为此签发回执，保存在本浏览器中。",
    ),
    (Word::SavedUnsigned, "您的选择仅保存在本浏览器中，未签发签名回执。"),
    (Word::SavedAtEdge, "您的选择已保存，网站已为此签发回执。"),
    (Word::UpdateMajorTitle, "我们的隐私政策已变更"),
    (Word::UpdateMinorTitle, "我们的隐私政策已更新"),
    (
        Word::UpdateReconsentIntro,
        "以下用途在您同意之后发生了变化。在您重新开启之前，它们保持关闭。",
    ),
    (Word::UpdateConfirm, "保存我的选择"),
    (Word::UpdateDismiss, "知道了"),
    (Word::UpdateAccept, "接受新条款"),
    (Word::UpdateLater, "暂不接受"),
    (
        Word::UpdateTermsNote,
        "在您接受之前，对您继续适用您作出选择时所依据的{version}版条款。",
    ),
    (Word::UpdateDiff, "查看全部变更"),
    (Word::Allowed, "开启"),
    (Word::NotAllowed, "关闭"),
    (Word::ListSeparator, "、"),
    (Word::GuidanceTitle, "请在监护人的指导下阅读"),
    (
        Word::GuidanceText,
        "您未满{age}周岁。我们的隐私政策请您在父母或其他监护人的监护和指导下阅读本政策，\
                    并决定是否同意。",
    ),
    (Word::GuidanceContinue, "继续"),
    (Word::AgeTitle, "继续之前"),
    (
        Word::AgeWhy,
        "法律对儿童的个人信息有特别保护，因此我们询问您的出生年月。我们只保存您所属的年龄段，不保存出生日期。",
    ),
    (Word::AgeQuestion, "您的出生年月是？"),
    (Word::AgeYear, "年"),
    (Word::AgeMonth, "月"),
    (Word::AgeChoose, "请选择\u{2026}"),
    (Word::January, "1月"),
    (Word::February, "2月"),
    (Word::March, "3月"),
    (Word::April, "4月"),
    (Word::May, "5月"),
    (Word::June, "6月"),
    (Word::July, "7月"),
    (Word::August, "8月"),
    (Word::September, "9月"),
    (Word::October, "10月"),
    (Word::November, "11月"),
    (Word::December, "12月"),
    (Word::AgeContinue, "继续"),
    (Word::GuardianTitle, "请征得父母或监护人同意"),
    (
        Word::GuardianPaused,
        "在父母或监护人同意之前，只开启网站运行所必需的功能。",
    ),
    (
        Word::GuardianPausedList,
        "在父母或监护人同意之前，只开启网站运行所必需的功能。在此之前暂停：{list}。",
    ),
    (
        Word::GuardianHow,
        "请填写父母或监护人的电子邮箱：我们会向其发送用于答复的链接和验证码。",
    ),
    (Word::GuardianHowOffline, guardian::ZH.cannot_send),
    (
        Word::GuardianSees,
        "他们将看到我们请求的每一项用途，包括使用的个人信息、接收方和保存期限，并逐项作出决定。他们可以随时撤回同意。",
    ),
    (Word::GuardianContact, "父母或监护人的电子邮箱"),
    (Word::GuardianPick, "你同意并请父母或其他监护人一同同意的用途"),
    (Word::GuardianSend, "发送请求"),
    (Word::GuardianNotNow, "保持关闭"),
    (
        Word::SeparateNote,
        "部分用途需要您逐项单独同意，“{accept}”不会开启它们：{list}。您可以在“{choose}”中开启。",
    ),
    (Word::ClauseLink, "隐私政策中的相关条款：{clause}"),
    (
        Word::Placeholder,
        "{what}尚未加载。加载它属于“{purpose}”，将会使用：{data}。",
    ),
    (
        Word::PlaceholderShared,
        "{what}尚未加载。加载它属于“{purpose}”，将会使用{data}，并提供给{recipients}。",
    ),
    (Word::EmbeddedContent, "此嵌入内容"),
    (Word::AllowPurpose, "允许“{purpose}”"),
    (
        Word::ReloadNeeded,
        "已撤回：{list}。隐私政策为其列出的 Cookie 和本地存储已删除，页面已重新加载，以停止已运行的内容。",
    ),
    (
        Word::Withdrawn,
        "已撤回：{list}。隐私政策为其列出的 Cookie 和本地存储已删除。",
    ),
    (
        Word::NotRecorded,
        "网站未能记录您的选择（{why}），未签发签名回执。拒绝已在本浏览器中生效；您允许的用途在记录之前保持关闭。",
    ),
    (Word::NothingRecorded, "未记录任何内容：这里的选项目前都还不能更改。"),
    (Word::VendorsHeading, "合作方"),
    (
        Word::VendorsIntro,
        "本网站合作的广告合作方。每个合作方只能在您于上方允许的目的内使用您的信息；您也可以逐一关闭。",
    ),
    (Word::VendorConsent, "经您同意"),
    (Word::VendorLegitimateInterest, "基于其合法利益（关闭即表示反对）"),
    (Word::VendorSpecialFeatures, "特殊功能"),
    (Word::VendorRetentionDays, "{days} 天"),
    (Word::VendorPolicy, "隐私政策（{name}）"),
    (
        Word::GpcHonoured,
        "您的浏览器发送了全球隐私控制（GPC）信号，我们予以遵从，以下用途保持关闭：{list}。",
    ),
    (Word::GuardianWaiting, "你的请求已发送，正在等待父母或监护人的答复。"),
    (
        Word::AgeRejectNote,
        "可选用途在您同意之前不会开启。如需全部拒绝，无需提供年龄。",
    ),
];

static DE: &[(Word, &str)] = &[
    (Word::AcceptAll, "Alle akzeptieren"),
    (Word::RejectAll, "Alle ablehnen"),
    (Word::Choose, "Selbst auswählen"),
    (Word::Save, "Auswahl speichern"),
    (Word::Close, "Schließen"),
    (Word::PolicyLink, "Datenschutzerklärung lesen"),
    (Word::SecondTitle, "Wählen Sie, was Sie erlauben"),
    (
        Word::SecondIntro,
        "Alles Optionale bleibt aus, bis Sie es einschalten. Notwendige Funktionen laufen immer. \
                   Über die Schaltfläche \u{201e}Datenschutzeinstellungen\u{201c} können Sie Ihre Auswahl jederzeit \
                   ändern oder Ihre Einwilligung widerrufen.",
    ),
    (Word::EssentialHeading, "Immer aktiv"),
    (
        Word::EssentialIntro,
        "Für den Betrieb der Website erforderlich; diese Funktionen laufen ohne Einwilligung.",
    ),
    (Word::BasicHeading, "Grundfunktionen"),
    (Word::BasicIntro, "Funktionen des Dienstes selbst."),
    (Word::ExtendedHeading, "Erweiterte Funktionen"),
    (
        Word::ExtendedIntro,
        "Jede erfordert eine eigene Einwilligung. Eine Ablehnung schränkt die Grundfunktionen nie ein.",
    ),
    (Word::AlwaysOn, "Immer aktiv"),
    (Word::DataLabel, "Verwendete Daten"),
    (Word::RecipientsLabel, "Weitergegeben an"),
    (Word::NoRecipients, "Niemanden außerhalb unseres Unternehmens"),
    (Word::RetentionLabel, "Speicherdauer"),
    (Word::Details, "Details"),
    (Word::PrivacyChoices, "Datenschutzeinstellungen"),
    (
        Word::NeedsSeparate,
        "Erfordert eine gesonderte Einwilligung nur für diesen Zweck: Schalten Sie ihn hier ein.",
    ),
    (
        Word::Unsigned,
        "Diese Website hat keinen Einwilligungsdienst: Ihre Auswahl wird nur in diesem Browser gespeichert, \
               ohne signierten Beleg.",
    ),
    (
        Word::SavedSigned,
        "Ihre Auswahl ist gespeichert. Die Website hat darüber einen Beleg signiert, der in diesem Browser \
                   gespeichert ist.",
    ),
    (
        Word::SavedUnsigned,
        "Ihre Auswahl ist nur in diesem Browser gespeichert; es wurde kein signierter Beleg ausgestellt.",
    ),
    (Word::SavedAtEdge, "Ihre Auswahl ist gespeichert, und die Website hat darüber einen Beleg signiert."),
    (Word::UpdateMajorTitle, "Unsere Datenschutzerklärung hat sich geändert"),
    (Word::UpdateMinorTitle, "Unsere Datenschutzerklärung wurde aktualisiert"),
    (
        Word::UpdateReconsentIntro,
        "Diese Verwendungen haben sich geändert, seit Sie eingewilligt haben. Sie bleiben aus, \
                             bis Sie sie wieder einschalten.",
    ),
    (Word::UpdateConfirm, "Auswahl speichern"),
    (Word::UpdateDismiss, "Verstanden"),
    (Word::UpdateAccept, "Neue Bedingungen akzeptieren"),
    (Word::UpdateLater, "Nicht jetzt"),
    (
        Word::UpdateTermsNote,
        "Bis Sie sie akzeptieren, gelten für Sie weiterhin die Bedingungen der Version {version}, \
                        unter der Sie Ihre Auswahl getroffen haben.",
    ),
    (Word::UpdateDiff, "Alle Änderungen ansehen"),
    (Word::Allowed, "An"),
    (Word::NotAllowed, "Aus"),
    (Word::ListSeparator, ", "),
    (
        Word::GuidanceTitle,
        "Bitte gemeinsam mit einem Elternteil oder einer erziehungsberechtigten Person lesen",
    ),
    (
        Word::GuidanceText,
        "Sie sind jünger als {age} Jahre. Unsere Datenschutzerklärung bittet Sie, sie unter Aufsicht und \
                    Anleitung eines Elternteils oder einer anderen erziehungsberechtigten Person zu lesen und zu \
                    entscheiden, ob Sie einwilligen.",
    ),
    (Word::GuidanceContinue, "Weiter"),
    (Word::AgeTitle, "Bevor Sie fortfahren"),
    (
        Word::AgeWhy,
        "Wir fragen, wann Sie geboren sind, weil das Gesetz die Daten von Kindern besonders schützt. \
              Gespeichert wird nur Ihre Altersgruppe, nie das Datum.",
    ),
    (Word::AgeQuestion, "Wann sind Sie geboren?"),
    (Word::AgeYear, "Jahr"),
    (Word::AgeMonth, "Monat"),
    (Word::AgeChoose, "Bitte wählen\u{2026}"),
    (Word::January, "Januar"),
    (Word::February, "Februar"),
    (Word::March, "März"),
    (Word::April, "April"),
    (Word::May, "Mai"),
    (Word::June, "Juni"),
    (Word::July, "Juli"),
    (Word::August, "August"),
    (Word::September, "September"),
    (Word::October, "Oktober"),
    (Word::November, "November"),
    (Word::December, "Dezember"),
    (Word::AgeContinue, "Weiter"),
    (
        Word::GuardianTitle,
        "Einen Elternteil oder eine erziehungsberechtigte Person fragen",
    ),
    (
        Word::GuardianPaused,
        "Bis ein Elternteil oder eine erziehungsberechtigte Person einwilligt, ist nur aktiv, was die \
                      Website zum Funktionieren braucht.",
    ),
    (
        Word::GuardianPausedList,
        "Bis ein Elternteil oder eine erziehungsberechtigte Person einwilligt, ist nur aktiv, was \
                           die Website zum Funktionieren braucht. Bis dahin pausiert: {list}.",
    ),
    (
        Word::GuardianHow,
        "Geben Sie die E-Mail-Adresse eines Elternteils oder einer erziehungsberechtigten Person an: Wir \
                   senden dorthin einen Link und einen Code für die Antwort.",
    ),
    (Word::GuardianHowOffline, guardian::DE.cannot_send),
    (
        Word::GuardianSees,
        "Die erziehungsberechtigte Person sieht jede Verwendung, nach der wir fragen, mit den verwendeten \
                    Daten, den Empfängern und der Speicherdauer, und entscheidet über jede einzeln. Sie kann ihre \
                    Einwilligung jederzeit widerrufen.",
    ),
    (
        Word::GuardianContact,
        "E-Mail-Adresse des Elternteils oder der erziehungsberechtigten Person",
    ),
    (Word::GuardianPick, "Worin Sie einwilligen und worum Sie die erziehungsberechtigte Person ebenfalls bitten"),
    (Word::GuardianSend, "Anfrage senden"),
    (Word::GuardianNotNow, "Ausgeschaltet lassen"),
    (
        Word::SeparateNote,
        "Einige Verwendungen erfordern jeweils eine gesonderte Einwilligung, daher schaltet \
                    \u{201e}{accept}\u{201c} sie nicht ein: {list}. Sie können sie unter \u{201e}{choose}\u{201c} \
                    einschalten.",
    ),
    (Word::ClauseLink, "In der Datenschutzerklärung: {clause}"),
    (
        Word::Placeholder,
        "{what} ist nicht geladen. Das Laden gehört zu \u{201e}{purpose}\u{201c} und würde Folgendes \
                  verwenden: {data}.",
    ),
    (
        Word::PlaceholderShared,
        "{what} ist nicht geladen. Das Laden gehört zu \u{201e}{purpose}\u{201c}: Es würde {data} \
                         verwenden, weitergegeben an {recipients}.",
    ),
    (Word::EmbeddedContent, "Dieser eingebettete Inhalt"),
    (Word::AllowPurpose, "\u{201e}{purpose}\u{201c} erlauben"),
    (
        Word::ReloadNeeded,
        "Widerrufen: {list}. Die in der Datenschutzerklärung dafür genannten Cookies und gespeicherten Daten \
                    wurden gelöscht, und die Seite wurde neu geladen, um zu beenden, was bereits lief.",
    ),
    (
        Word::Withdrawn,
        "Widerrufen: {list}. Die in der Datenschutzerklärung dafür genannten Cookies und gespeicherten Daten \
                    wurden gelöscht.",
    ),
    (
        Word::NotRecorded,
        "Die Website konnte Ihre Auswahl nicht erfassen ({why}); es wurde kein signierter Beleg ausgestellt. Eine Ablehnung gilt in diesem Browser; was Sie erlaubt haben, bleibt aus, bis es erfasst ist.",
    ),
    (Word::NothingRecorded, "Es wurde nichts erfasst: Keine dieser Einstellungen kann hier schon gewählt werden."),
    (Word::VendorsHeading, "Anbieter"),
    (Word::VendorsIntro, "Die Werbepartner, mit denen diese Website zusammenarbeitet. Jeder darf Ihre Daten nur für die Zwecke verwenden, die Sie oben erlauben; Sie können auch jeden einzeln ausschalten."),
    (Word::VendorConsent, "Mit Ihrer Einwilligung"),
    (Word::VendorLegitimateInterest, "Auf Grundlage seines berechtigten Interesses (Ausschalten ist ein Widerspruch)"),
    (Word::VendorSpecialFeatures, "Besondere Merkmale"),
    (Word::VendorRetentionDays, "{days} Tage"),
    (Word::VendorPolicy, "Datenschutzerklärung ({name})"),
    (Word::GpcHonoured, "Ihr Browser hat das Signal Global Privacy Control gesendet, und wir beachten es. Diese Verwendungen bleiben ausgeschaltet: {list}."),
    (Word::GuardianWaiting, "Ihre Anfrage wurde gesendet und wartet auf die Antwort des Elternteils oder der erziehungsberechtigten Person."),
    (Word::AgeRejectNote, "Optionale Zwecke bleiben aus, solange Sie nicht zustimmen. Um alle abzulehnen, müssen Sie Ihr Alter nicht angeben."),
];

// French puts a no-break space before `:`, `;` and `?`, and inside « ».
static FR: &[(Word, &str)] = &[
    (Word::AcceptAll, "Tout accepter"),
    (Word::RejectAll, "Tout refuser"),
    (Word::Choose, "Personnaliser"),
    (Word::Save, "Enregistrer mes choix"),
    (Word::Close, "Fermer"),
    (Word::PolicyLink, "Lire la politique de confidentialité"),
    (Word::SecondTitle, "Choisissez ce que vous autorisez"),
    (
        Word::SecondIntro,
        "Tout ce qui est facultatif reste désactivé tant que vous ne l'activez pas. Les fonctions \
                   essentielles sont toujours actives. Vous pouvez modifier vos choix ou retirer votre consentement \
                   à tout moment avec le bouton «\u{a0}Choix de confidentialité\u{a0}».",
    ),
    (Word::EssentialHeading, "Toujours actives"),
    (
        Word::EssentialIntro,
        "Nécessaires au fonctionnement du site\u{a0}; elles fonctionnent sans consentement.",
    ),
    (Word::BasicHeading, "Fonctions de base"),
    (Word::BasicIntro, "Les fonctions du service lui-même."),
    (Word::ExtendedHeading, "Fonctions étendues"),
    (
        Word::ExtendedIntro,
        "Chacune nécessite son propre consentement. En refuser une ne limite jamais les fonctions de base.",
    ),
    (Word::AlwaysOn, "Toujours actif"),
    (Word::DataLabel, "Données utilisées"),
    (Word::RecipientsLabel, "Partagées avec"),
    (Word::NoRecipients, "Personne en dehors de nous"),
    (Word::RetentionLabel, "Durée de conservation"),
    (Word::Details, "Détails"),
    (Word::PrivacyChoices, "Choix de confidentialité"),
    (
        Word::NeedsSeparate,
        "Nécessite un consentement donné pour cette seule finalité\u{a0}: activez-la ici.",
    ),
    (
        Word::Unsigned,
        "Ce site n'a pas de service de consentement\u{a0}: vos choix sont conservés uniquement dans ce \
               navigateur, sans reçu signé.",
    ),
    (
        Word::SavedSigned,
        "Vos choix sont enregistrés. Le site en a signé un reçu, conservé dans ce navigateur.",
    ),
    (
        Word::SavedUnsigned,
        "Vos choix sont enregistrés dans ce navigateur uniquement\u{a0}; aucun reçu signé n'a été délivré.",
    ),
    (Word::SavedAtEdge, "Vos choix sont enregistrés, et le site en a signé un reçu."),
    (Word::UpdateMajorTitle, "Notre politique de confidentialité a changé"),
    (
        Word::UpdateMinorTitle,
        "Notre politique de confidentialité a été mise à jour",
    ),
    (
        Word::UpdateReconsentIntro,
        "Ces utilisations ont changé depuis que vous les avez acceptées. Elles restent \
                             désactivées tant que vous ne les réactivez pas.",
    ),
    (Word::UpdateConfirm, "Enregistrer mes choix"),
    (Word::UpdateDismiss, "J'ai compris"),
    (Word::UpdateAccept, "Accepter les nouvelles conditions"),
    (Word::UpdateLater, "Pas maintenant"),
    (
        Word::UpdateTermsNote,
        "Tant que vous ne les acceptez pas, les conditions de la version {version}, sous laquelle vous \
                        avez fait vos choix, continuent de s'appliquer à vous.",
    ),
    (Word::UpdateDiff, "Voir toutes les modifications"),
    (Word::Allowed, "Activé"),
    (Word::NotAllowed, "Désactivé"),
    (Word::ListSeparator, ", "),
    (Word::GuidanceTitle, "À lire avec un parent ou un tuteur légal"),
    (
        Word::GuidanceText,
        "Vous avez moins de {age}\u{a0}ans. Notre politique de confidentialité vous demande de la lire, et \
                    de décider si vous l'acceptez, sous la surveillance et avec l'aide d'un parent ou d'un autre \
                    tuteur légal.",
    ),
    (Word::GuidanceContinue, "Continuer"),
    (Word::AgeTitle, "Avant de continuer"),
    (
        Word::AgeWhy,
        "Nous vous demandons quand vous êtes né ou née parce que la loi protège particulièrement les données \
              des enfants. Seule votre tranche d'âge est conservée, jamais la date.",
    ),
    (Word::AgeQuestion, "Quand êtes-vous né ou née\u{a0}?"),
    (Word::AgeYear, "Année"),
    (Word::AgeMonth, "Mois"),
    (Word::AgeChoose, "Choisir\u{2026}"),
    (Word::January, "janvier"),
    (Word::February, "février"),
    (Word::March, "mars"),
    (Word::April, "avril"),
    (Word::May, "mai"),
    (Word::June, "juin"),
    (Word::July, "juillet"),
    (Word::August, "août"),
    (Word::September, "septembre"),
    (Word::October, "octobre"),
    (Word::November, "novembre"),
    (Word::December, "décembre"),
    (Word::AgeContinue, "Continuer"),
    (Word::GuardianTitle, "Demander à un parent ou tuteur légal"),
    (
        Word::GuardianPaused,
        "Tant qu'un parent ou tuteur légal n'a pas donné son accord, seul ce dont le site a besoin \
                      pour fonctionner est actif.",
    ),
    (
        Word::GuardianPausedList,
        "Tant qu'un parent ou tuteur légal n'a pas donné son accord, seul ce dont le site a \
                           besoin pour fonctionner est actif. En attendant, sont suspendues\u{a0}: {list}.",
    ),
    (
        Word::GuardianHow,
        "Indiquez l'adresse e-mail d'un parent ou tuteur légal\u{a0}: nous lui enverrons un lien et un \
                   code pour répondre.",
    ),
    (Word::GuardianHowOffline, guardian::FR.cannot_send),
    (
        Word::GuardianSees,
        "Il verra chaque utilisation pour laquelle nous demandons son accord, avec les données utilisées, \
                    leurs destinataires et leur durée de conservation, et décidera pour chacune. Il pourra retirer \
                    son consentement à tout moment.",
    ),
    (Word::GuardianContact, "Adresse e-mail du parent ou tuteur légal"),
    (Word::GuardianPick, "Ce que vous acceptez, et demandez à un parent ou tuteur légal d'accepter avec vous"),
    (Word::GuardianSend, "Envoyer la demande"),
    (Word::GuardianNotNow, "Les laisser désactivés"),
    (
        Word::SeparateNote,
        "Certaines utilisations nécessitent chacune un consentement distinct, donc \
                    «\u{a0}{accept}\u{a0}» ne les active pas\u{a0}: {list}. Vous pouvez les activer sous \
                    «\u{a0}{choose}\u{a0}».",
    ),
    (Word::ClauseLink, "Dans la politique de confidentialité\u{a0}: {clause}"),
    (
        Word::Placeholder,
        "{what} n'est pas chargé. Le charger relève de «\u{a0}{purpose}\u{a0}» et utiliserait\u{a0}: \
                  {data}.",
    ),
    (
        Word::PlaceholderShared,
        "{what} n'est pas chargé. Le charger relève de «\u{a0}{purpose}\u{a0}»\u{a0}: cela \
                         utiliserait {data}, partagées avec {recipients}.",
    ),
    (Word::EmbeddedContent, "Ce contenu intégré"),
    (Word::AllowPurpose, "Autoriser «\u{a0}{purpose}\u{a0}»"),
    (
        Word::ReloadNeeded,
        "Retiré\u{a0}: {list}. Les cookies et le stockage que la politique de confidentialité indique pour \
                    cet usage ont été supprimés, et la page a été rechargée pour arrêter ce qui s'exécutait déjà.",
    ),
    (
        Word::Withdrawn,
        "Retiré\u{a0}: {list}. Les cookies et le stockage que la politique de confidentialité indique pour \
                    cet usage ont été supprimés.",
    ),
    (
        Word::NotRecorded,
        "Le site n'a pas pu enregistrer vos choix ({why})\u{a0}; aucun reçu signé n'a été délivré. Un refus s'applique dans ce navigateur\u{a0}; ce que vous avez autorisé reste désactivé tant qu'il n'est pas enregistré.",
    ),
    (Word::NothingRecorded, "Rien n'a été enregistré\u{a0}: aucun de ces choix ne peut encore être fait ici."),
    (Word::VendorsHeading, "Partenaires"),
    (Word::VendorsIntro, "Les partenaires publicitaires avec lesquels ce site travaille. Chacun ne peut utiliser vos données que pour les finalités que vous autorisez ci-dessus ; vous pouvez aussi désactiver chacun d\u{2019}eux."),
    (Word::VendorConsent, "Avec votre consentement"),
    (Word::VendorLegitimateInterest, "Sur la base de son intérêt légitime (le désactiver vaut opposition)"),
    (Word::VendorSpecialFeatures, "Fonctionnalités spéciales"),
    (Word::VendorRetentionDays, "{days} jours"),
    (Word::VendorPolicy, "Politique de confidentialité ({name})"),
    (Word::GpcHonoured, "Votre navigateur a envoyé le signal Global Privacy Control, et nous le respectons. Ces utilisations restent désactivées\u{a0}: {list}."),
    (Word::GuardianWaiting, "Votre demande a été envoyée et attend la réponse du parent ou tuteur légal."),
    (Word::AgeRejectNote, "Les usages facultatifs restent désactivés tant que vous n'y consentez pas. Pour tous les refuser, vous n'avez pas à indiquer votre âge."),
];

static ES: &[(Word, &str)] = &[
    (Word::AcceptAll, "Aceptar todo"),
    (Word::RejectAll, "Rechazar todo"),
    (Word::Choose, "Configurar"),
    (Word::Save, "Guardar mis opciones"),
    (Word::Close, "Cerrar"),
    (Word::PolicyLink, "Leer la política de privacidad"),
    (Word::SecondTitle, "Elija lo que permite"),
    (
        Word::SecondIntro,
        "Todo lo opcional está desactivado hasta que usted lo active. Las funciones esenciales siempre \
                   están activas. Puede cambiar sus opciones o retirar su consentimiento en cualquier momento con el \
                   botón «Opciones de privacidad».",
    ),
    (Word::EssentialHeading, "Siempre activas"),
    (
        Word::EssentialIntro,
        "Necesarias para que el sitio funcione; funcionan sin consentimiento.",
    ),
    (Word::BasicHeading, "Funciones básicas"),
    (Word::BasicIntro, "Funciones del propio servicio."),
    (Word::ExtendedHeading, "Funciones ampliadas"),
    (
        Word::ExtendedIntro,
        "Cada una necesita su propio consentimiento. Rechazar una nunca limita las funciones básicas.",
    ),
    (Word::AlwaysOn, "Siempre activa"),
    (Word::DataLabel, "Datos utilizados"),
    (Word::RecipientsLabel, "Se comparten con"),
    (Word::NoRecipients, "Nadie fuera de nuestra organización"),
    (Word::RetentionLabel, "Plazo de conservación"),
    (Word::Details, "Detalles"),
    (Word::PrivacyChoices, "Opciones de privacidad"),
    (
        Word::NeedsSeparate,
        "Necesita un consentimiento otorgado solo para esta finalidad: actívela aquí.",
    ),
    (
        Word::Unsigned,
        "Este sitio no tiene servicio de consentimiento: sus opciones se guardan solo en este navegador, sin \
               recibo firmado.",
    ),
    (
        Word::SavedSigned,
        "Sus opciones se han guardado. El sitio ha firmado un recibo de ellas, guardado en este navegador.",
    ),
    (
        Word::SavedUnsigned,
        "Sus opciones se han guardado solo en este navegador; no se ha emitido ningún recibo firmado.",
    ),
    (Word::SavedAtEdge, "Sus opciones se han guardado y el sitio ha firmado un recibo de ellas."),
    (Word::UpdateMajorTitle, "Nuestra política de privacidad ha cambiado"),
    (
        Word::UpdateMinorTitle,
        "Nuestra política de privacidad se ha actualizado",
    ),
    (
        Word::UpdateReconsentIntro,
        "Estos usos han cambiado desde que los aceptó. Seguirán desactivados hasta que los \
                             vuelva a activar.",
    ),
    (Word::UpdateConfirm, "Guardar mis opciones"),
    (Word::UpdateDismiss, "Entendido"),
    (Word::UpdateAccept, "Aceptar las nuevas condiciones"),
    (Word::UpdateLater, "Ahora no"),
    (
        Word::UpdateTermsNote,
        "Hasta que las acepte, se le siguen aplicando las condiciones de la versión {version}, con la \
                        que usted hizo sus elecciones.",
    ),
    (Word::UpdateDiff, "Ver todos los cambios"),
    (Word::Allowed, "Activado"),
    (Word::NotAllowed, "Desactivado"),
    (Word::ListSeparator, ", "),
    (Word::GuidanceTitle, "Lea esto con su padre, su madre o su tutor legal"),
    (
        Word::GuidanceText,
        "Tiene menos de {age} años. Nuestra política de privacidad le pide que la lea, y que decida si \
                    la acepta, bajo la supervisión y orientación de su padre, su madre u otro tutor legal.",
    ),
    (Word::GuidanceContinue, "Continuar"),
    (Word::AgeTitle, "Antes de continuar"),
    (
        Word::AgeWhy,
        "Le preguntamos cuándo nació porque la ley protege de forma especial los datos de los menores. Solo \
              se guarda su franja de edad, nunca la fecha.",
    ),
    (Word::AgeQuestion, "¿Cuándo nació?"),
    (Word::AgeYear, "Año"),
    (Word::AgeMonth, "Mes"),
    (Word::AgeChoose, "Elegir\u{2026}"),
    (Word::January, "enero"),
    (Word::February, "febrero"),
    (Word::March, "marzo"),
    (Word::April, "abril"),
    (Word::May, "mayo"),
    (Word::June, "junio"),
    (Word::July, "julio"),
    (Word::August, "agosto"),
    (Word::September, "septiembre"),
    (Word::October, "octubre"),
    (Word::November, "noviembre"),
    (Word::December, "diciembre"),
    (Word::AgeContinue, "Continuar"),
    (
        Word::GuardianTitle,
        "Pedir permiso a su padre, su madre o su tutor legal",
    ),
    (
        Word::GuardianPaused,
        "Hasta que su padre, su madre o su tutor legal dé su consentimiento, solo está activo lo que el \
                      sitio necesita para funcionar.",
    ),
    (
        Word::GuardianPausedList,
        "Hasta que su padre, su madre o su tutor legal dé su consentimiento, solo está activo lo \
                           que el sitio necesita para funcionar. En pausa hasta entonces: {list}.",
    ),
    (
        Word::GuardianHow,
        "Indique la dirección de correo electrónico de su padre, su madre o su tutor legal: le enviaremos \
                   un enlace y un código para responder.",
    ),
    (Word::GuardianHowOffline, guardian::ES.cannot_send),
    (
        Word::GuardianSees,
        "Verá cada uso por el que preguntamos, con los datos que utiliza, quién los recibe y cuánto \
                    tiempo se conservan, y decidirá sobre cada uno. Puede retirar su consentimiento en cualquier \
                    momento.",
    ),
    (
        Word::GuardianContact,
        "Correo electrónico de su padre, su madre o su tutor legal",
    ),
    (Word::GuardianPick, "Lo que acepta y pide a su padre, su madre o su tutor legal que acepte también"),
    (Word::GuardianSend, "Enviar la solicitud"),
    (Word::GuardianNotNow, "Dejarlos desactivados"),
    (
        Word::SeparateNote,
        "Algunos usos necesitan un consentimiento específico para cada uno, así que «{accept}» no los \
                    activa: {list}. Puede activarlos en «{choose}».",
    ),
    (Word::ClauseLink, "En la política de privacidad: {clause}"),
    (
        Word::Placeholder,
        "{what} no está cargado. Cargarlo forma parte de «{purpose}» y usaría: {data}.",
    ),
    (
        Word::PlaceholderShared,
        "{what} no está cargado. Cargarlo forma parte de «{purpose}»: usaría {data}, que se \
                         comparten con {recipients}.",
    ),
    (Word::EmbeddedContent, "Este contenido insertado"),
    (Word::AllowPurpose, "Permitir «{purpose}»"),
    (
        Word::ReloadNeeded,
        "Retirado: {list}. Se han eliminado las cookies y el almacenamiento que la política de privacidad \
                    indica para ello, y la página se ha recargado para detener lo que ya se ejecutaba.",
    ),
    (
        Word::Withdrawn,
        "Retirado: {list}. Se han eliminado las cookies y el almacenamiento que la política de privacidad \
                    indica para ello.",
    ),
    (
        Word::NotRecorded,
        "El sitio no ha podido registrar sus opciones ({why}); no se ha emitido ningún recibo firmado. Un rechazo se aplica en este navegador; lo que ha permitido sigue desactivado hasta que se registre.",
    ),
    (Word::NothingRecorded, "No se ha registrado nada: ninguna de estas opciones puede elegirse aquí todavía."),
    (Word::VendorsHeading, "Proveedores"),
    (Word::VendorsIntro, "Los socios publicitarios con los que trabaja este sitio. Cada uno solo puede usar sus datos para los fines que usted permita arriba; también puede desactivar cada uno."),
    (Word::VendorConsent, "Con su consentimiento"),
    (Word::VendorLegitimateInterest, "Sobre la base de su interés legítimo (desactivarlo supone oponerse)"),
    (Word::VendorSpecialFeatures, "Características especiales"),
    (Word::VendorRetentionDays, "{days} días"),
    (Word::VendorPolicy, "Política de privacidad ({name})"),
    (Word::GpcHonoured, "Su navegador envió la señal Global Privacy Control y la respetamos. Estos usos permanecen desactivados: {list}."),
    (Word::GuardianWaiting, "Su solicitud se ha enviado y espera la respuesta de su padre, su madre o su tutor legal."),
    (Word::AgeRejectNote, "Los usos opcionales siguen desactivados mientras no los acepte. Para rechazarlos todos, no necesita indicar su edad."),
];

static JA: &[(Word, &str)] = &[
    (Word::AcceptAll, "すべて同意する"),
    (Word::RejectAll, "すべて拒否する"),
    (Word::Choose, "自分で選ぶ"),
    (Word::Save, "選択を保存"),
    (Word::Close, "閉じる"),
    (Word::PolicyLink, "プライバシーポリシーを読む"),
    (Word::SecondTitle, "許可する内容を選択"),
    (
        Word::SecondIntro,
        "任意の項目は、オンにするまですべてオフです。必須の機能は常に動作します。\
                   選択の変更や同意の撤回は、「プライバシー設定」ボタンからいつでもできます。",
    ),
    (Word::EssentialHeading, "常にオン"),
    (Word::EssentialIntro, "サイトの動作に必要なため、同意なしで動作します。"),
    (Word::BasicHeading, "基本機能"),
    (Word::BasicIntro, "サービス自体の機能です。"),
    (Word::ExtendedHeading, "拡張機能"),
    (
        Word::ExtendedIntro,
        "それぞれに個別の同意が必要です。いずれかを拒否しても、基本機能が制限されることはありません。",
    ),
    (Word::AlwaysOn, "常にオン"),
    (Word::DataLabel, "利用する情報"),
    (Word::RecipientsLabel, "提供先"),
    (Word::NoRecipients, "当社以外には提供しません"),
    (Word::RetentionLabel, "保存期間"),
    (Word::Details, "詳細"),
    (Word::PrivacyChoices, "プライバシー設定"),
    (
        Word::NeedsSeparate,
        "この目的だけについての個別の同意が必要です。ここでオンにしてください。",
    ),
    (
        Word::Unsigned,
        "このサイトには同意サービスがありません。選択はこのブラウザにのみ保存され、署名付きの記録は発行されません。",
    ),
    (
        Word::SavedSigned,
        "選択を保存しました。サイトが署名した記録を、このブラウザに保存しています。",
    ),
    (
        Word::SavedUnsigned,
        "選択はこのブラウザにのみ保存されました。署名付きの記録は発行されていません。",
    ),
    (Word::SavedAtEdge, "選択を保存しました。サイトが署名した記録を発行しました。"),
    (Word::UpdateMajorTitle, "プライバシーポリシーが変更されました"),
    (Word::UpdateMinorTitle, "プライバシーポリシーが更新されました"),
    (
        Word::UpdateReconsentIntro,
        "以下の利用目的は、同意いただいた後に変更されました。改めてオンにするまでオフのままです。",
    ),
    (Word::UpdateConfirm, "選択を保存"),
    (Word::UpdateDismiss, "確認しました"),
    (Word::UpdateAccept, "新しい内容に同意する"),
    (Word::UpdateLater, "後で"),
    (
        Word::UpdateTermsNote,
        "同意いただくまでは、選択をされた時点のバージョン{version}の内容が引き続き適用されます。",
    ),
    (Word::UpdateDiff, "すべての変更を見る"),
    (Word::Allowed, "オン"),
    (Word::NotAllowed, "オフ"),
    (Word::ListSeparator, "、"),
    (Word::GuidanceTitle, "保護者の方と一緒にお読みください"),
    (
        Word::GuidanceText,
        "あなたは{age}歳未満です。このプライバシーポリシーは、保護者の方の監督と指導のもとで読み、\
                    同意するかどうかを決めていただくようお願いしています。",
    ),
    (Word::GuidanceContinue, "続ける"),
    (Word::AgeTitle, "続ける前に"),
    (
        Word::AgeWhy,
        "法律は子どもの個人情報を特に保護しているため、生まれた年月をお尋ねします。\
              保存するのは年齢層だけで、生年月は保存しません。",
    ),
    (Word::AgeQuestion, "生まれた年月を教えてください。"),
    (Word::AgeYear, "年"),
    (Word::AgeMonth, "月"),
    (Word::AgeChoose, "選択してください\u{2026}"),
    (Word::January, "1月"),
    (Word::February, "2月"),
    (Word::March, "3月"),
    (Word::April, "4月"),
    (Word::May, "5月"),
    (Word::June, "6月"),
    (Word::July, "7月"),
    (Word::August, "8月"),
    (Word::September, "9月"),
    (Word::October, "10月"),
    (Word::November, "11月"),
    (Word::December, "12月"),
    (Word::AgeContinue, "続ける"),
    (Word::GuardianTitle, "保護者の方に確認する"),
    (
        Word::GuardianPaused,
        "保護者の方が同意するまでは、サイトの動作に必要な機能だけがオンになります。",
    ),
    (
        Word::GuardianPausedList,
        "保護者の方が同意するまでは、サイトの動作に必要な機能だけがオンになります。\
                           それまで停止するもの：{list}。",
    ),
    (
        Word::GuardianHow,
        "保護者の方のメールアドレスを入力してください。返答用のリンクとコードをお送りします。",
    ),
    (Word::GuardianHowOffline, guardian::JA.cannot_send),
    (
        Word::GuardianSees,
        "保護者の方には、お尋ねする利用目的ごとに、利用する情報、提供先、保存期間が表示され、\
                    それぞれについて判断していただきます。同意はいつでも撤回できます。",
    ),
    (Word::GuardianContact, "保護者の方のメールアドレス"),
    (Word::GuardianPick, "あなたが同意し、保護者にも一緒に同意を求める利用目的"),
    (Word::GuardianSend, "依頼を送信"),
    (Word::GuardianNotNow, "オフのままにする"),
    (
        Word::SeparateNote,
        "一部の利用目的はそれぞれ個別の同意が必要なため、「{accept}」ではオンになりません：{list}。\
                    「{choose}」からオンにできます。",
    ),
    (Word::ClauseLink, "プライバシーポリシーの該当箇所：{clause}"),
    (
        Word::Placeholder,
        "{what}は読み込まれていません。読み込みは「{purpose}」に含まれ、次の情報を利用します：{data}。",
    ),
    (
        Word::PlaceholderShared,
        "{what}は読み込まれていません。読み込みは「{purpose}」に含まれ、{data}を利用し、\
                         {recipients}に提供します。",
    ),
    (Word::EmbeddedContent, "この埋め込みコンテンツ"),
    (Word::AllowPurpose, "「{purpose}」を許可"),
    (
        Word::ReloadNeeded,
        "撤回しました：{list}。プライバシーポリシーに記載されたCookieと保存データを削除し、すでに動作して\
                    いたものを止めるためにページを再読み込みしました。",
    ),
    (
        Word::Withdrawn,
        "撤回しました：{list}。プライバシーポリシーに記載されたCookieと保存データは削除しました。",
    ),
    (
        Word::NotRecorded,
        "サイトで選択を記録できませんでした（{why}）。署名付きの記録は発行されていません。拒否はこのブラウザで有効です。許可したものは記録されるまで無効のままです。",
    ),
    (Word::NothingRecorded, "何も記録されていません。ここではまだどの選択もできません。"),
    (Word::VendorsHeading, "ベンダー"),
    (Word::VendorsIntro, "このサイトが提携している広告パートナーです。各パートナーは、上で許可した目的にのみお客様の情報を利用できます。パートナーごとにオフにすることもできます。"),
    (Word::VendorConsent, "同意に基づく"),
    (Word::VendorLegitimateInterest, "正当な利益に基づく（オフにすると異議を申し立てたことになります）"),
    (Word::VendorSpecialFeatures, "特別な機能"),
    (Word::VendorRetentionDays, "{days}日"),
    (Word::VendorPolicy, "プライバシーポリシー（{name}）"),
    (Word::GpcHonoured, "お使いのブラウザーからグローバル・プライバシー・コントロール（GPC）の信号が送信されたため、これに従い、次の利用目的はオフのままにします：{list}。"),
    (Word::GuardianWaiting, "依頼は送信済みで、保護者の方の回答を待っています。"),
    (Word::AgeRejectNote, "任意の利用は、同意されるまで行いません。すべて拒否する場合、年齢を入力する必要はありません。"),
];

static KO: &[(Word, &str)] = &[
    (Word::AcceptAll, "모두 동의"),
    (Word::RejectAll, "모두 거부"),
    (Word::Choose, "직접 선택"),
    (Word::Save, "선택 저장"),
    (Word::Close, "닫기"),
    (Word::PolicyLink, "개인정보 처리방침 읽기"),
    (Word::SecondTitle, "허용할 항목 선택"),
    (
        Word::SecondIntro,
        "선택 항목은 직접 켜기 전까지 모두 꺼져 있습니다. 필수 기능은 항상 작동합니다. \
                   \u{2018}개인정보 설정\u{2019} 버튼으로 언제든지 선택을 변경하거나 동의를 철회할 수 있습니다.",
    ),
    (Word::EssentialHeading, "항상 켜짐"),
    (Word::EssentialIntro, "사이트 운영에 필요하므로 동의 없이 작동합니다."),
    (Word::BasicHeading, "기본 기능"),
    (Word::BasicIntro, "서비스 자체의 기능입니다."),
    (Word::ExtendedHeading, "확장 기능"),
    (
        Word::ExtendedIntro,
        "각각 별도의 동의가 필요합니다. 어느 하나를 거부해도 기본 기능은 제한되지 않습니다.",
    ),
    (Word::AlwaysOn, "항상 켜짐"),
    (Word::DataLabel, "처리하는 개인정보"),
    (Word::RecipientsLabel, "제공받는 자"),
    (Word::NoRecipients, "외부에 제공하지 않음"),
    (Word::RetentionLabel, "보유 기간"),
    (Word::Details, "자세히"),
    (Word::PrivacyChoices, "개인정보 설정"),
    (
        Word::NeedsSeparate,
        "이 목적에 대해서만 별도의 동의가 필요합니다. 여기에서 켜세요.",
    ),
    (
        Word::Unsigned,
        "이 사이트에는 동의 서비스가 없습니다. 선택은 이 브라우저에만 저장되며 서명된 확인서는 발급되지 않습니다.",
    ),
    (
        Word::SavedSigned,
        "선택이 저장되었습니다. 사이트가 서명한 확인서를 이 브라우저에 보관합니다.",
    ),
    (
        Word::SavedUnsigned,
        "선택이 이 브라우저에만 저장되었습니다. 서명된 확인서는 발급되지 않았습니다.",
    ),
    (Word::SavedAtEdge, "선택이 저장되었습니다. 사이트가 서명한 확인서를 발급했습니다."),
    (Word::UpdateMajorTitle, "개인정보 처리방침이 변경되었습니다"),
    (Word::UpdateMinorTitle, "개인정보 처리방침이 업데이트되었습니다"),
    (
        Word::UpdateReconsentIntro,
        "아래 항목은 동의하신 후 변경되었습니다. 다시 켜기 전까지 꺼져 있습니다.",
    ),
    (Word::UpdateConfirm, "선택 저장"),
    (Word::UpdateDismiss, "확인"),
    (Word::UpdateAccept, "새 약관에 동의"),
    (Word::UpdateLater, "나중에"),
    (
        Word::UpdateTermsNote,
        "동의하시기 전까지는 선택하실 때 적용되던 {version} 버전의 내용이 계속 적용됩니다.",
    ),
    (Word::UpdateDiff, "모든 변경 사항 보기"),
    (Word::Allowed, "켜짐"),
    (Word::NotAllowed, "꺼짐"),
    (Word::ListSeparator, ", "),
    (Word::GuidanceTitle, "부모님이나 법정대리인과 함께 읽어 주세요"),
    (
        Word::GuidanceText,
        "귀하는 만 {age}세 미만입니다. 개인정보 처리방침은 부모님 등 법정대리인의 감독과 지도 아래 \
                    읽고 동의 여부를 결정하도록 안내합니다.",
    ),
    (Word::GuidanceContinue, "계속"),
    (Word::AgeTitle, "계속하기 전에"),
    (
        Word::AgeWhy,
        "법은 아동의 개인정보를 특별히 보호하므로 태어난 연월을 여쭙니다. 연령대만 저장하며 생년월은 \
              저장하지 않습니다.",
    ),
    (Word::AgeQuestion, "언제 태어나셨나요?"),
    (Word::AgeYear, "연도"),
    (Word::AgeMonth, "월"),
    (Word::AgeChoose, "선택\u{2026}"),
    (Word::January, "1월"),
    (Word::February, "2월"),
    (Word::March, "3월"),
    (Word::April, "4월"),
    (Word::May, "5월"),
    (Word::June, "6월"),
    (Word::July, "7월"),
    (Word::August, "8월"),
    (Word::September, "9월"),
    (Word::October, "10월"),
    (Word::November, "11월"),
    (Word::December, "12월"),
    (Word::AgeContinue, "계속"),
    (Word::GuardianTitle, "법정대리인에게 동의 요청"),
    (
        Word::GuardianPaused,
        "법정대리인이 동의하기 전까지는 사이트 운영에 필요한 기능만 켜집니다.",
    ),
    (
        Word::GuardianPausedList,
        "법정대리인이 동의하기 전까지는 사이트 운영에 필요한 기능만 켜집니다. \
                           그때까지 중지되는 항목: {list}.",
    ),
    (
        Word::GuardianHow,
        "부모님이나 법정대리인의 이메일 주소를 입력하세요. 답변용 링크와 코드를 보내 드립니다.",
    ),
    (Word::GuardianHowOffline, guardian::KO.cannot_send),
    (
        Word::GuardianSees,
        "법정대리인은 저희가 요청하는 각 항목의 처리하는 개인정보, 제공받는 자, 보유 기간을 확인하고 \
                    항목별로 결정합니다. 동의는 언제든지 철회할 수 있습니다.",
    ),
    (Word::GuardianContact, "부모님 또는 법정대리인의 이메일"),
    (Word::GuardianPick, "내가 동의하고 부모님이나 보호자에게도 함께 동의를 요청할 이용 목적"),
    (Word::GuardianSend, "요청 보내기"),
    (Word::GuardianNotNow, "끈 채로 두기"),
    (
        Word::SeparateNote,
        "일부 항목은 각각 별도의 동의가 필요하므로 \u{2018}{accept}\u{2019} 버튼으로는 켜지지 않습니다: \
                    {list}. \u{2018}{choose}\u{2019}에서 켤 수 있습니다.",
    ),
    (Word::ClauseLink, "개인정보 처리방침의 관련 조항: {clause}"),
    (
        Word::Placeholder,
        "불러오지 않은 콘텐츠: {what}. 불러오면 \u{2018}{purpose}\u{2019}에 해당하며 다음 정보를 \
                  처리합니다: {data}.",
    ),
    (
        Word::PlaceholderShared,
        "불러오지 않은 콘텐츠: {what}. 불러오면 \u{2018}{purpose}\u{2019}에 해당하며 {data} \
                         정보를 처리하고 {recipients}에게 제공합니다.",
    ),
    (Word::EmbeddedContent, "이 삽입 콘텐츠"),
    (Word::AllowPurpose, "\u{2018}{purpose}\u{2019} 허용"),
    (
        Word::ReloadNeeded,
        "철회했습니다: {list}. 개인정보 처리방침에 적힌 쿠키와 저장 데이터를 삭제했고, 이미 실행 중이던 \
                    것을 멈추기 위해 페이지를 새로고침했습니다.",
    ),
    (
        Word::Withdrawn,
        "철회했습니다: {list}. 개인정보 처리방침에 적힌 쿠키와 저장 데이터를 삭제했습니다.",
    ),
    (
        Word::NotRecorded,
        "사이트에서 선택을 기록하지 못했습니다({why}). 서명된 확인서는 발급되지 않았습니다. 거부는 이 브라우저에서 적용되며, 허용한 항목은 기록될 때까지 꺼진 상태로 유지됩니다.",
    ),
    (Word::NothingRecorded, "기록된 내용이 없습니다. 여기서는 아직 어떤 선택도 할 수 없습니다."),
    (Word::VendorsHeading, "광고 파트너"),
    (Word::VendorsIntro, "이 사이트와 협력하는 광고 파트너입니다. 각 파트너는 위에서 허용한 목적으로만 귀하의 정보를 이용할 수 있으며, 파트너별로 끌 수도 있습니다."),
    (Word::VendorConsent, "귀하의 동의에 따라"),
    (Word::VendorLegitimateInterest, "정당한 이익에 근거함(끄면 이의를 제기하는 것입니다)"),
    (Word::VendorSpecialFeatures, "특별 기능"),
    (Word::VendorRetentionDays, "{days}일"),
    (Word::VendorPolicy, "개인정보 처리방침({name})"),
    (Word::GpcHonoured, "브라우저가 글로벌 프라이버시 컨트롤(GPC) 신호를 보냈으며, 저희는 이를 따릅니다. 다음 항목은 꺼진 상태로 유지됩니다: {list}."),
    (Word::GuardianWaiting, "요청을 보냈으며 부모님 또는 법정대리인의 답변을 기다리고 있습니다."),
    (Word::AgeRejectNote, "선택 항목은 동의하기 전까지 사용하지 않습니다. 모두 거부하려면 나이를 입력할 필요가 없습니다."),
];

/// A page's or a policy's own words: per locale, per key, the word to say instead of the
/// catalogue's (`{"de": {"acceptAll": "Alle annehmen"}}`). A locale is one of the catalogue's
/// language tags (`de` also speaks for `de-AT`) or one of the policy's locales (`it`, for a
/// language the catalogue lacks); a key left out keeps the word below it. Checked with
/// [`Overrides::check`] against the words it replaces.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(transparent)]
pub struct Overrides(pub SortedMap<SortedMap<String>>);

/// Its JSON Schema: per locale, [`Words`] with every key optional, so that an editor and the
/// TypeScript declarations know each key and what it is.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Overrides {
    fn schema_name() -> alloc::borrow::Cow<'static, str> {
        "WordOverrides".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // Every key of `Word`, with its doc comment, as an optional string member.
        let keys = <Word as schemars::JsonSchema>::json_schema(generator);
        let mut members = serde_json::Map::new();
        for variant in keys.get("oneOf").and_then(|v| v.as_array()).into_iter().flatten() {
            let (Some(key), description) = (
                variant.get("const").and_then(|k| k.as_str()),
                variant.get("description").cloned(),
            ) else {
                continue;
            };
            let mut member = serde_json::Map::new();
            member.insert("type".into(), "string".into());
            if let Some(d) = description {
                member.insert("description".into(), d);
            }
            members.insert(key.into(), member.into());
        }
        schemars::json_schema!({
            "description": "The banner's own words: per locale (a language tag of the banner's catalogue, or one of the policy's locales), per key, the word to say instead (docs/banner.md).",
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": members,
                "additionalProperties": false,
            },
        })
    }
}

impl Overrides {
    /// Whether no word is overridden.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The overrides that speak for `locale`: its language's (`de` for `de-AT`), then its own
    /// tag's, which win.
    fn for_locale(&self, locale: &str) -> Vec<&SortedMap<String>> {
        let language = Lang::find(locale).map(Lang::tag);
        let mut found: Vec<&SortedMap<String>> = Vec::new();
        for (tag, words) in self.0.iter() {
            if language.is_some_and(|l| l.eq_ignore_ascii_case(tag)) {
                found.insert(0, words);
            } else if tag.eq_ignore_ascii_case(locale) {
                found.push(words);
            }
        }
        found
    }

    /// `base`, the words in `locale`, with these overrides for that locale in place.
    pub fn apply(&self, locale: &str, base: &Words) -> Words {
        let patches = self.for_locale(locale);
        if patches.iter().all(|p| p.is_empty()) {
            return base.clone();
        }
        let mut all = base.clone();
        for patch in patches {
            for (key, word) in patch.iter() {
                if let Some(slot) = all.0.get_mut(key) {
                    slot.clone_from(word);
                }
            }
        }
        all
    }

    /// Refuses a locale that is neither a catalogue language nor one of `locales` (the
    /// policy's), a key that is no [`Word`], an empty word, or a template that names a value
    /// the code does not fill that word with (`{list}` in `acceptAll`: [`Word::fills`]); `at`
    /// is where the overrides are (`$.words`). What a policy or a page overrode before does not
    /// change what is allowed.
    pub fn check(&self, locales: &[String], at: &str) -> Result<(), Problem> {
        let all = Word::all();
        for (locale, words) in self.0.iter() {
            let here = json::member_path(at, locale);
            if Lang::from_tag(locale).is_none() && !locales.iter().any(|l| l.eq_ignore_ascii_case(locale)) {
                let mut valid: Vec<&str> = Lang::ALL.iter().map(|l| l.tag()).collect();
                for l in locales {
                    if !valid.iter().any(|v| v.eq_ignore_ascii_case(l)) {
                        valid.push(l);
                    }
                }
                return Err(unknown(
                    "words.unknown_locale",
                    here,
                    format!("the banner has no words in `{locale}` and the policy offers no such locale"),
                    locale,
                    &valid,
                    "locales",
                ));
            }
            for (key, text) in words.iter() {
                // A word the banner no longer says: a site's override of it stays valid, unused.
                if RETIRED.contains(&key.as_str()) {
                    continue;
                }
                let path = json::member_path(&here, key);
                let Some(word) = all.iter().find(|w| w.key() == *key) else {
                    let keys: Vec<String> = all.iter().map(|w| w.key()).collect();
                    let valid: Vec<&str> = keys.iter().map(String::as_str).collect();
                    return Err(unknown(
                        "words.unknown_key",
                        path,
                        format!("the banner has no word `{key}` to override"),
                        key,
                        &valid,
                        "keys",
                    ));
                };
                if text.trim().is_empty() {
                    return Err(Problem::at("words.empty", path, format!("the word `{key}` is empty"))
                        .hint("write the word, or leave the key out to keep the banner's own"));
                }
                let allowed = word.fills();
                if let Some(bad) = placeholders(text).into_iter().find(|p| !allowed.contains(p)) {
                    let hint = if allowed.is_empty() {
                        format!("`{key}` is filled with nothing: write it without {{{bad}}}")
                    } else {
                        let names: Vec<String> = allowed.iter().map(|a| format!("{{{a}}}")).collect();
                        format!("`{key}` is filled with {}", names.join(", "))
                    };
                    return Err(Problem::at(
                        "words.unknown_placeholder",
                        path,
                        format!("the word `{key}` names {{{bad}}}, which it is not filled with"),
                    )
                    .hint(hint));
                }
            }
        }
        Ok(())
    }
}

/// An unknown locale or key, named, with the closest valid one and the list of valid ones.
fn unknown(code: &'static str, path: String, message: String, name: &str, valid: &[&str], what: &str) -> Problem {
    let list = valid.join(", ");
    let hint = match did_you_mean(name, valid.iter().copied()) {
        Some(near) => format!("{near} The {what} are: {list}."),
        None => format!("the {what} are: {list}"),
    };
    Problem::at(code, path, message).hint(hint)
}

/// A warning for each of the policy's `locales` whose language the catalogue lacks: its banner
/// says the catalogue's English words (and the decisions' reasons are English) except where
/// `overrides` give that locale's own. `None` for a locale the catalogue speaks.
pub fn missing_language(locale: &str, overrides: &Overrides, at: &str) -> Option<Problem> {
    if Lang::find(locale).is_some() {
        return None;
    }
    let given = overrides.for_locale(locale);
    let english = Words::of(Lang::En).0;
    let missing = english
        .keys()
        .filter(|k| !given.iter().any(|g| g.contains_key(k)))
        .count();
    let tags: Vec<&str> = Lang::ALL.iter().map(|l| l.tag()).collect();
    let words = if missing == 0 {
        String::from("the policy gives every banner word")
    } else {
        format!("{missing} of its {} banner words are English", english.len())
    };
    Some(
        Problem::at(
            "words.locale_fallback",
            json::member_path(at, locale),
            format!(
                "the banner ships no words in `{locale}`: {words}, and the reasons the engine gives for its decisions are English"
            ),
        )
        .hint(format!(
            "give the banner's words for `{locale}` under `words` (docs/banner.md lists the keys), or offer one of {}",
            tags.join(", ")
        )),
    )
}

/// Words the banner once said and no longer does (`reload`: the page now reloads by itself after
/// a withdrawal), whose overrides in a site's policy are accepted and ignored.
const RETIRED: &[&str] = &["reload"];

impl Word {
    /// Its key, as the texts file and an override name it (`acceptAll`).
    pub fn key(self) -> String {
        let quoted = json::to_string(&self).unwrap_or_default();
        quoted.trim_matches('"').to_string()
    }

    /// The names the code fills this word's template with (`{list}`); an override may use
    /// them, in any order, or none. Every language's catalogue word uses exactly these.
    pub fn fills(self) -> &'static [&'static str] {
        match self {
            Word::UpdateTermsNote => &["version"],
            Word::GuidanceText => &["age"],
            Word::GuardianPausedList | Word::ReloadNeeded | Word::Withdrawn | Word::GpcHonoured => &["list"],
            Word::SeparateNote => &["accept", "choose", "list"],
            Word::ClauseLink => &["clause"],
            Word::Placeholder => &["what", "purpose", "data"],
            Word::PlaceholderShared => &["what", "purpose", "data", "recipients"],
            Word::AllowPurpose => &["purpose"],
            Word::NotRecorded => &["why"],
            Word::VendorRetentionDays => &["days"],
            Word::VendorPolicy => &["name"],
            _ => &[],
        }
    }
    /// Every key, in declaration order.
    pub fn all() -> Vec<Word> {
        json::variants()
    }
}

impl core::ops::Index<Word> for Words {
    type Output = str;

    /// The word of `key`; a texts file has every key (an empty word for one it lacked).
    fn index(&self, key: Word) -> &str {
        self.0.get(&key.key()).map_or("", String::as_str)
    }
}

impl Words {
    /// The catalogue's words in `lang`.
    pub fn of(lang: Lang) -> Words {
        Words(table(lang).iter().map(|(k, w)| (k.key(), (*w).to_string())).collect())
    }

    /// The catalogue's words for a policy's `locale`: its language's, or English for a
    /// language the catalogue lacks ([`missing_language`] warns about it).
    pub fn for_locale(locale: &str) -> Words {
        Words::of(Lang::find(locale).unwrap_or(Lang::En))
    }

    /// Every word by its key.
    pub fn by_key(&self) -> &SortedMap<String> {
        &self.0
    }

    fn list(&self, names: &[&str]) -> String {
        names.join(&self[Word::ListSeparator])
    }

    /// The first layer's note on the purposes "accept all" does not turn on.
    pub fn separate_note_for(&self, names: &[&str]) -> String {
        fill(
            &self[Word::SeparateNote],
            &[
                ("accept", &self[Word::AcceptAll]),
                ("choose", &self[Word::Choose]),
                ("list", &self.list(names)),
            ],
        )
    }

    /// The guardian-guidance notice for a visitor under `minor_age`.
    pub fn guidance_for(&self, minor_age: u8) -> String {
        fill(&self[Word::GuidanceText], &[("age", &minor_age.to_string())])
    }

    /// The guardian step: what is paused until a parent or guardian agrees.
    pub fn guardian_paused_for(&self, names: &[&str]) -> String {
        if names.is_empty() {
            self[Word::GuardianPaused].to_string()
        } else {
            fill(&self[Word::GuardianPausedList], &[("list", &self.list(names))])
        }
    }

    /// The label of a link to the clause a purpose comes from.
    pub fn clause_link_to(&self, clause: &str) -> String {
        fill(&self[Word::ClauseLink], &[("clause", clause)])
    }

    /// The text of the placeholder that stands in for a gated embed: what loading it would
    /// share, with whom, and for which purpose.
    pub fn placeholder_for(&self, what: &str, purpose: &str, data: &[String], recipients: &[String]) -> String {
        let data = data.join(&self[Word::ListSeparator]);
        if recipients.is_empty() {
            fill(
                &self[Word::Placeholder],
                &[("what", what), ("purpose", purpose), ("data", &data)],
            )
        } else {
            let to = recipients.join(&self[Word::ListSeparator]);
            fill(
                &self[Word::PlaceholderShared],
                &[
                    ("what", what),
                    ("purpose", purpose),
                    ("data", &data),
                    ("recipients", &to),
                ],
            )
        }
    }

    /// The placeholder's button: consent to that one purpose.
    pub fn allow_purpose_for(&self, purpose: &str) -> String {
        fill(&self[Word::AllowPurpose], &[("purpose", purpose)])
    }

    /// After a withdrawal: what already ran on this page and keeps running until a reload.
    pub fn reload_needed_for(&self, names: &[&str]) -> String {
        fill(&self[Word::ReloadNeeded], &[("list", &self.list(names))])
    }

    /// The first layer's line on Global Privacy Control: the uses it keeps off.
    pub fn gpc_honoured_for(&self, names: &[&str]) -> String {
        fill(&self[Word::GpcHonoured], &[("list", &self.list(names))])
    }

    /// After a withdrawal that needs no reload.
    pub fn withdrawn_for(&self, names: &[&str]) -> String {
        fill(&self[Word::Withdrawn], &[("list", &self.list(names))])
    }

    /// When recording a choice failed: it still applies here, unsigned.
    pub fn not_recorded_for(&self, why: &str) -> String {
        fill(&self[Word::NotRecorded], &[("why", why)])
    }

    /// What applies until the visitor accepts a version that reduces their rights.
    pub fn terms_note_for(&self, version: &str) -> String {
        fill(&self[Word::UpdateTermsNote], &[("version", version)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_word_with_the_english_placeholders() {
        let keys: Vec<String> = Word::all().into_iter().map(Word::key).collect();
        assert_eq!(keys.len(), 90);
        assert_eq!((keys[0].as_str(), keys[89].as_str()), ("acceptAll", "ageRejectNote"));
        let english = Words::of(Lang::En).0;
        for lang in Lang::ALL {
            // Each language's table names every key once.
            let mut named: Vec<String> = table(lang).iter().map(|(k, _)| k.key()).collect();
            named.sort_unstable();
            named.dedup();
            assert_eq!(named.len(), keys.len(), "{lang:?}: a key missing or given twice");
            let words = Words::of(lang).0;
            assert_eq!(words.len(), english.len(), "{lang:?}");
            for ((key, text), (en_key, en)) in words.iter().zip(english.iter()) {
                assert_eq!(key, en_key);
                let word = Word::all().into_iter().find(|w| w.key() == *key).unwrap();
                let mut fills = word.fills().to_vec();
                fills.sort_unstable();
                let mut named = placeholders(text);
                named.sort_unstable();
                assert_eq!(named, fills, "{lang:?}: `{key}` fills what the code fills");
                assert!(!text.trim().is_empty(), "{lang:?}: `{key}` is empty");
                let mut mine = placeholders(text);
                let mut theirs = placeholders(en);
                mine.sort_unstable();
                theirs.sort_unstable();
                assert_eq!(mine, theirs, "{lang:?}: `{key}` is {text}");
                // A word other than English's is its language's own, never the English left in
                // (a month may be spelled alike: German's April, August, September).
                let alike = ["listSeparator", "details", "april", "august", "september", "november"];
                if lang != Lang::En && !alike.contains(&key.as_str()) {
                    assert_ne!(text, en, "{lang:?}: `{key}` is still English");
                }
            }
        }
        assert_eq!(&Words::of(Lang::Zh)[Word::AcceptAll], "全部接受");
        assert_eq!(&Words::of(Lang::De)[Word::AcceptAll], "Alle akzeptieren");
        assert_eq!(Words::for_locale("it"), Words::of(Lang::En));
    }

    #[test]
    fn accept_all_and_reject_all_are_equally_short() {
        for lang in Lang::ALL {
            let w = Words::of(lang);
            let (a, r) = (w[Word::AcceptAll].chars().count(), w[Word::RejectAll].chars().count());
            assert!(
                a.abs_diff(r) <= 3,
                "{lang:?}: {} / {}",
                &w[Word::AcceptAll],
                &w[Word::RejectAll]
            );
        }
    }

    #[test]
    fn the_separate_note_names_the_buttons_it_talks_about() {
        let en = Words::of(Lang::En).separate_note_for(&["Location services", "Transfers abroad"]);
        assert!(en.contains("\u{201c}Accept all\u{201d}") && en.contains("\u{201c}Choose\u{201d}"));
        assert!(en.contains("Location services, Transfers abroad"));
        let zh = Words::of(Lang::Zh).separate_note_for(&["定位服务", "个人信息出境"]);
        assert!(zh.contains("定位服务、个人信息出境") && zh.contains("“全部接受”"));
        let ja = Words::of(Lang::Ja).separate_note_for(&["位置情報", "外国への提供"]);
        assert!(ja.contains("「すべて同意する」") && ja.contains("位置情報、外国への提供"));
    }

    #[test]
    fn the_placeholder_says_what_would_be_shared_and_with_whom() {
        let w = Words::of(Lang::En);
        let text = w.placeholder_for(
            "Map of the workshop",
            "Location services",
            &["Precise location".into()],
            &[],
        );
        assert_eq!(
            text,
            "Map of the workshop is not loaded. Loading it is part of \u{201c}Location services\u{201d} and would use: Precise location."
        );
        let shared = w.placeholder_for("Video", "Marketing", &["Clicks".into()], &["Partners".into()]);
        assert!(shared.ends_with("shared with Partners."));
    }

    fn overrides(json: &str) -> Result<Overrides, Problem> {
        let o: Overrides = crate::policy::parse_json(json)?;
        o.check(&["en".into(), "de-AT".into(), "it".into()], "$").map(|()| o)
    }

    #[test]
    fn an_override_replaces_a_word_in_its_language_only() {
        let o = overrides(
            r#"{"de": {"acceptAll": "Einverstanden", "january": "Jänner"}, "de-AT": {"rejectAll": "Nein danke"}}"#,
        )
        .unwrap();
        let de = o.apply("de-AT", &Words::for_locale("de-AT"));
        assert_eq!(
            (
                &de[Word::AcceptAll],
                &de[Word::RejectAll],
                &de[Word::January],
                &de[Word::February]
            ),
            ("Einverstanden", "Nein danke", "Jänner", "Februar")
        );
        assert!(de.separate_note_for(&["X"]).contains("\u{201e}Einverstanden\u{201c}"));
        let de_de = o.apply("de-DE", &Words::for_locale("de-DE"));
        assert_eq!(
            (&de_de[Word::AcceptAll], &de_de[Word::RejectAll]),
            ("Einverstanden", "Alle ablehnen")
        );
        assert_eq!(o.apply("en", &Words::for_locale("en")), Words::of(Lang::En));
        assert_eq!(
            Overrides::default().apply("fr", &Words::of(Lang::Fr)),
            Words::of(Lang::Fr)
        );
        // A policy locale the catalogue lacks takes its own words over the English ones.
        let it = overrides(r#"{"it": {"acceptAll": "Accetta tutto"}}"#).unwrap();
        let words = it.apply("it", &Words::for_locale("it"));
        assert_eq!(
            (&words[Word::AcceptAll], &words[Word::RejectAll]),
            ("Accetta tutto", "Reject all")
        );
    }

    #[test]
    fn an_unknown_key_or_language_is_named_with_the_valid_ones() {
        let e = overrides(r#"{"de": {"acceptAl": "Ja"}}"#).unwrap_err();
        assert_eq!((e.code, e.path.as_str()), ("words.unknown_key", "$.de.acceptAl"));
        assert!(e.message.contains("`acceptAl`"), "{}", e.message);
        let hint = e.hint.unwrap();
        assert!(hint.contains("acceptAll") && hint.contains("rejectAll"), "{hint}");
        // A retired word's override is accepted, and ignored.
        assert!(overrides(r#"{"en": {"reload": "Reload the page"}}"#).is_ok());
        let e = overrides(r#"{"pt": {"acceptAll": "Aceitar"}}"#).unwrap_err();
        assert_eq!((e.code, e.path.as_str()), ("words.unknown_locale", "$.pt"));
        assert!(e.message.contains("`pt`"));
        assert!(e.hint.unwrap().contains("en, zh-CN, de, fr, es, ja, ko, de-AT, it"));
        let e = overrides(r#"{"zh": {}}"#).unwrap_err();
        assert!(e.hint.unwrap().contains("zh-CN"));
    }

    #[test]
    fn an_empty_word_or_a_stray_placeholder_is_refused() {
        let e = overrides(r#"{"fr": {"rejectAll": "  "}}"#).unwrap_err();
        assert_eq!((e.code, e.path.as_str()), ("words.empty", "$.fr.rejectAll"));
        let e = overrides(r#"{"en": {"acceptAll": "Accept {list}"}}"#).unwrap_err();
        assert_eq!(e.code, "words.unknown_placeholder");
        let e = overrides(r#"{"en": {"withdrawn": "Off: {what}"}}"#).unwrap_err();
        assert!(e.hint.unwrap().contains("{list}"));
        overrides(r#"{"en": {"withdrawn": "Turned off: {list}"}}"#).unwrap();
        let e = crate::policy::parse_json::<Overrides>(r#"{"ja": {"january": ["1"]}}"#).unwrap_err();
        assert_eq!(e.path, "$.ja.january");
    }

    #[test]
    fn a_language_the_catalogue_lacks_is_warned_about_with_what_stays_english() {
        assert!(missing_language("de-AT", &Overrides::default(), "$.words").is_none());
        let w = missing_language("it", &Overrides::default(), "$.words").unwrap();
        assert_eq!((w.code, w.path.as_str()), ("words.locale_fallback", "$.words.it"));
        assert!(
            w.message.contains("90 of its 90 banner words are English"),
            "{}",
            w.message
        );
        let all: SortedMap<String> = Words::of(Lang::En).by_key().clone();
        let given = Overrides(SortedMap::new(vec![("it".into(), all)]));
        let w = missing_language("it", &given, "$.words").unwrap();
        assert!(w.message.contains("every banner word"), "{}", w.message);
    }
}
