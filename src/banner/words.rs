//! The banner's own words (buttons, headings, labels, notices): one key list ([`Words`]), the
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

use alloc::borrow::Cow;
use serde::{Deserialize, Serialize};

use crate::eval::messages::{fill, placeholders, Lang};
use crate::json;
use crate::policy::{did_you_mean, Problem};
use crate::prelude::*;
use crate::sorted_map::SortedMap;

/// One word or template: the catalogue's own, or one read from a texts file or an override.
pub type Word = Cow<'static, str>;

const fn w(s: &'static str) -> Word {
    Cow::Borrowed(s)
}

/// The banner's words in one language: every key once, as the texts file and an override name
/// it (`acceptAll`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Words {
    /// First-layer button: consent to everything optional that may be offered.
    pub accept_all: Word,
    /// First-layer button: refuse everything optional.
    pub reject_all: Word,
    /// First-layer button: open the second layer.
    pub choose: Word,
    /// Second-layer button: record the toggles as they are.
    pub save: Word,
    /// Second-layer button: close without saving (the defaults stay).
    pub close: Word,
    /// The link to the full policy.
    pub policy_link: Word,
    /// The second layer's heading.
    pub second_title: Word,
    /// The second layer's introduction.
    pub second_intro: Word,
    /// Heading of the essential purposes.
    pub essential_heading: Word,
    /// What the essential purposes are.
    pub essential_intro: Word,
    /// Heading of the basic functions.
    pub basic_heading: Word,
    /// What consent to basic functions means (GB/T 35273-2020 5.3).
    pub basic_intro: Word,
    /// Heading of the extended functions.
    pub extended_heading: Word,
    /// What consent to extended functions means (GB/T 35273-2020 5.3).
    pub extended_intro: Word,
    /// The badge of an essential purpose.
    pub always_on: Word,
    /// Label of the data a purpose uses.
    pub data_label: Word,
    /// Label of who receives it.
    pub recipients_label: Word,
    /// When nobody outside the controller receives it.
    pub no_recipients: Word,
    /// Label of how long it is kept.
    pub retention_label: Word,
    /// The disclosure that holds a purpose's details.
    pub details: Word,
    /// The persistent button that reopens the choices.
    pub privacy_choices: Word,
    /// A purpose that needs a consent given for it alone.
    pub needs_separate: Word,
    /// Shown when no consent service signs the choice.
    pub unsigned: Word,
    /// Shown after a choice was recorded and signed.
    pub saved_signed: Word,
    /// Shown after a choice was kept in this browser only.
    pub saved_unsigned: Word,
    /// The button that reloads the page after a withdrawal.
    pub reload: Word,
    /// The update notice's heading for a major change.
    pub update_major_title: Word,
    /// The update notice's heading for a minor change.
    pub update_minor_title: Word,
    /// The update notice's introduction to the purposes it asks about again.
    pub update_reconsent_intro: Word,
    /// The update notice's button that records the answers.
    pub update_confirm: Word,
    /// The minor update bar's button that dismisses it.
    pub update_dismiss: Word,
    /// The button that accepts a version that reduces the visitor's rights.
    pub update_accept: Word,
    /// The button that leaves that acceptance for later (the older terms keep applying).
    pub update_later: Word,
    /// What applies until then: `{version}`, the version the visitor agreed to.
    pub update_terms_note: Word,
    /// The link to the full list of changes.
    pub update_diff: Word,
    /// The label of the "allowed" side of a toggle, for screen readers and the legend.
    pub allowed: Word,
    /// The label of the "not allowed" side.
    pub not_allowed: Word,
    /// Separator between items of a list.
    pub list_separator: Word,
    /// The guardian-guidance notice's heading.
    pub guidance_title: Word,
    /// The guardian-guidance notice: what the policy asks of a visitor under `{age}` (the
    /// seed's clause on minors: read the policy, and decide whether to agree, under the
    /// supervision and guidance of a parent or other guardian).
    pub guidance_text: Word,
    /// The guardian-guidance notice's button: on to the banner.
    pub guidance_continue: Word,
    /// The age question's heading.
    pub age_title: Word,
    /// Why the age is asked, and that only the band is kept (no cutoff named).
    pub age_why: Word,
    /// The age question.
    pub age_question: Word,
    /// The birth-year select's label.
    pub age_year: Word,
    /// The birth-month select's label.
    pub age_month: Word,
    /// The empty first option of each select.
    pub age_choose: Word,
    /// The months' names in the birth-month select, January first.
    pub january: Word,
    /// The second month's name in the birth-month select.
    pub february: Word,
    /// The third month's name in the birth-month select.
    pub march: Word,
    /// The fourth month's name in the birth-month select.
    pub april: Word,
    /// The fifth month's name in the birth-month select.
    pub may: Word,
    /// The sixth month's name in the birth-month select.
    pub june: Word,
    /// The seventh month's name in the birth-month select.
    pub july: Word,
    /// The eighth month's name in the birth-month select.
    pub august: Word,
    /// The ninth month's name in the birth-month select.
    pub september: Word,
    /// The tenth month's name in the birth-month select.
    pub october: Word,
    /// The eleventh month's name in the birth-month select.
    pub november: Word,
    /// The twelfth month's name in the birth-month select.
    pub december: Word,
    /// The age question's button.
    pub age_continue: Word,
    /// The guardian step's heading.
    pub guardian_title: Word,
    /// The guardian step, when no use waits for the guardian by name.
    pub guardian_paused: Word,
    /// The guardian step: what is paused until a parent or guardian agrees, `{list}`.
    pub guardian_paused_list: Word,
    /// How to ask a guardian, when a consent service sends the request.
    pub guardian_how: Word,
    /// How to ask a guardian, when no consent service can send a request.
    pub guardian_how_offline: Word,
    /// What the guardian will see and decide.
    pub guardian_sees: Word,
    /// The label of the guardian's email field.
    pub guardian_contact: Word,
    /// The button that sends the request.
    pub guardian_send: Word,
    /// The first layer's note when "accept all" cannot turn some purposes on, because each of
    /// them needs a consent given for it alone (PIPL Art. 29, 39; GB/T 35273-2020 5.4):
    /// `{accept}` and `{choose}` (the buttons' words), `{list}` (the purposes).
    pub separate_note: Word,
    /// The label of a link to the clause a purpose comes from: `{clause}`.
    pub clause_link: Word,
    /// The placeholder of a gated embed whose data nobody else receives: `{what}`,
    /// `{purpose}`, `{data}`.
    pub placeholder: Word,
    /// The placeholder of a gated embed whose data is shared: `{what}`, `{purpose}`, `{data}`,
    /// `{recipients}`.
    pub placeholder_shared: Word,
    /// What a placeholder calls an embed that has no title of its own.
    pub embedded_content: Word,
    /// The placeholder's button: consent to that one purpose, `{purpose}`.
    pub allow_purpose: Word,
    /// After a withdrawal: what already ran on this page and keeps running until a reload,
    /// `{list}`.
    pub reload_needed: Word,
    /// After a withdrawal that needs no reload: `{list}`.
    pub withdrawn: Word,
    /// When recording a choice failed: it still applies here, unsigned; `{why}`.
    pub not_recorded: Word,
}

static EN: Words = Words {
    accept_all: w("Accept all"),
    reject_all: w("Reject all"),
    choose: w("Choose"),
    save: w("Save my choices"),
    close: w("Close"),
    policy_link: w("Read the privacy policy"),
    second_title: w("Choose what you allow"),
    second_intro: w(
        "Everything optional is off until you turn it on. Essential functions always run. \
                   You can change or withdraw your choices at any time with the Privacy choices button.",
    ),
    essential_heading: w("Always on"),
    essential_intro: w("Needed for the site to work; these run without consent."),
    basic_heading: w("Basic functions"),
    basic_intro: w("Functions of the service itself."),
    extended_heading: w("Extended functions"),
    extended_intro: w("Each needs its own consent. Saying no to one never limits the basic functions."),
    always_on: w("Always on"),
    data_label: w("Data used"),
    recipients_label: w("Shared with"),
    no_recipients: w("No one outside us"),
    retention_label: w("Kept"),
    details: w("Details"),
    privacy_choices: w("Privacy choices"),
    needs_separate: w("Needs a consent given for this purpose alone: turn it on here."),
    unsigned: w(
        "This site has no consent service: your choices are kept in this browser only, without a signed receipt.",
    ),
    saved_signed: w("Your choices are saved. The site signed a receipt of them, kept in this browser."),
    saved_unsigned: w("Your choices are saved in this browser only; no signed receipt was issued."),
    reload: w("Reload the page"),
    update_major_title: w("Our privacy policy has changed"),
    update_minor_title: w("Our privacy policy was updated"),
    update_reconsent_intro: w(
        "These uses changed since you agreed to them. They stay off until you turn them on again.",
    ),
    update_confirm: w("Save my choices"),
    update_dismiss: w("Got it"),
    update_accept: w("Accept the new terms"),
    update_later: w("Not now"),
    update_terms_note: w(
        "Until you accept them, the terms of version {version}, which you agreed to, keep applying to you.",
    ),
    update_diff: w("See every change"),
    allowed: w("On"),
    not_allowed: w("Off"),
    list_separator: w(", "),
    guidance_title: w("Read this with a parent or guardian"),
    guidance_text: w(
        "You are under {age}. Our privacy policy asks you to read it, and to decide whether to agree, \
                    under the supervision and guidance of a parent or other guardian. Youth mode is on, and some uses \
                    are not available to you.",
    ),
    guidance_continue: w("Continue"),
    age_title: w("Before you continue"),
    age_why: w(
        "We ask when you were born because the law protects children's data in particular ways. \
              Only your age band is kept, never the date.",
    ),
    age_question: w("When were you born?"),
    age_year: w("Year"),
    age_month: w("Month"),
    age_choose: w("Choose\u{2026}"),
    january: w("January"),
    february: w("February"),
    march: w("March"),
    april: w("April"),
    may: w("May"),
    june: w("June"),
    july: w("July"),
    august: w("August"),
    september: w("September"),
    october: w("October"),
    november: w("November"),
    december: w("December"),
    age_continue: w("Continue"),
    guardian_title: w("Ask a parent or guardian"),
    guardian_paused: w("Until a parent or guardian agrees, only what the site needs to work is on."),
    guardian_paused_list: w(
        "Until a parent or guardian agrees, only what the site needs to work is on. \
                           Paused until then: {list}.",
    ),
    guardian_how: w("Give us your parent's or guardian's email address: we send them a link and a code to answer."),
    guardian_how_offline: w(
        "This site cannot send the request itself: ask a parent or guardian to contact us \
                           through the privacy policy.",
    ),
    guardian_sees: w(
        "They will see each use we ask about, with the data it uses, who receives it and how long it \
                    is kept, and decide on each one. They can withdraw their consent at any time.",
    ),
    guardian_contact: w("Your parent's or guardian's email"),
    guardian_send: w("Send the request"),
    separate_note: w(
        "Some uses need a consent given for each one alone, so \u{201c}{accept}\u{201d} does not turn \
                    them on: {list}. You can turn them on under \u{201c}{choose}\u{201d}.",
    ),
    clause_link: w("In the privacy policy: {clause}"),
    placeholder: w("{what} is not loaded. Loading it is part of \u{201c}{purpose}\u{201d} and would use: {data}."),
    placeholder_shared: w(
        "{what} is not loaded. Loading it is part of \u{201c}{purpose}\u{201d}: it would use {data}, \
                         shared with {recipients}.",
    ),
    embedded_content: w("This embedded content"),
    allow_purpose: w("Allow \u{201c}{purpose}\u{201d}"),
    reload_needed: w(
        "Withdrawn. The cookies and storage of {list} were deleted, but its scripts already ran on this \
                    page: reload the page to stop them.",
    ),
    withdrawn: w("Withdrawn: {list}. Its cookies and storage were deleted."),
    not_recorded: w(
        "Your choices apply in this browser, but the site could not record them ({why}); no signed \
                   receipt was issued.",
    ),
};

static ZH: Words = Words {
    accept_all: w("全部接受"),
    reject_all: w("全部拒绝"),
    choose: w("自行选择"),
    save: w("保存我的选择"),
    close: w("关闭"),
    policy_link: w("阅读隐私政策"),
    second_title: w("选择您允许的用途"),
    second_intro: w("所有可选用途在您开启之前均保持关闭，必要功能始终运行。\
                   您可以随时通过“隐私选择”按钮更改或撤回您的选择。"),
    essential_heading: w("始终开启"),
    essential_intro: w("网站正常运行所必需，无需同意即可运行。"),
    basic_heading: w("基本业务功能"),
    basic_intro: w("服务本身提供的功能。"),
    extended_heading: w("扩展业务功能"),
    extended_intro: w("每一项都需要您单独同意；拒绝其中任何一项都不会影响基本业务功能。"),
    always_on: w("始终开启"),
    data_label: w("使用的个人信息"),
    recipients_label: w("接收方"),
    no_recipients: w("不向第三方提供"),
    retention_label: w("保存期限"),
    details: w("详情"),
    privacy_choices: w("隐私选择"),
    needs_separate: w("此用途需要您单独同意：请在此处开启。"),
    unsigned: w("本网站未配置同意服务：您的选择仅保存在本浏览器中，没有签名回执。"),
    saved_signed: w("您的选择已保存。网站已为此签发回执，保存在本浏览器中。"),
    saved_unsigned: w("您的选择仅保存在本浏览器中，未签发签名回执。"),
    reload: w("重新加载页面"),
    update_major_title: w("我们的隐私政策已变更"),
    update_minor_title: w("我们的隐私政策已更新"),
    update_reconsent_intro: w("以下用途在您同意之后发生了变化。在您重新开启之前，它们保持关闭。"),
    update_confirm: w("保存我的选择"),
    update_dismiss: w("知道了"),
    update_accept: w("接受新条款"),
    update_later: w("暂不接受"),
    update_terms_note: w("在您接受之前，对您继续适用您此前同意的{version}版条款。"),
    update_diff: w("查看全部变更"),
    allowed: w("开启"),
    not_allowed: w("关闭"),
    list_separator: w("、"),
    guidance_title: w("请在监护人的指导下阅读"),
    guidance_text: w(
        "您未满{age}周岁。我们的隐私政策请您在父母或其他监护人的监护和指导下阅读本政策，\
                    并决定是否同意。青少年模式已开启，部分用途对您不可用。",
    ),
    guidance_continue: w("继续"),
    age_title: w("继续之前"),
    age_why: w("法律对儿童的个人信息有特别保护，因此我们询问您的出生年月。我们只保存您所属的年龄段，不保存出生日期。"),
    age_question: w("您的出生年月是？"),
    age_year: w("年"),
    age_month: w("月"),
    age_choose: w("请选择\u{2026}"),
    january: w("1月"),
    february: w("2月"),
    march: w("3月"),
    april: w("4月"),
    may: w("5月"),
    june: w("6月"),
    july: w("7月"),
    august: w("8月"),
    september: w("9月"),
    october: w("10月"),
    november: w("11月"),
    december: w("12月"),
    age_continue: w("继续"),
    guardian_title: w("请征得父母或监护人同意"),
    guardian_paused: w("在父母或监护人同意之前，只开启网站运行所必需的功能。"),
    guardian_paused_list: w("在父母或监护人同意之前，只开启网站运行所必需的功能。在此之前暂停：{list}。"),
    guardian_how: w("请填写父母或监护人的电子邮箱：我们会向其发送用于答复的链接和验证码。"),
    guardian_how_offline: w("本网站无法代为发送请求：请父母或监护人通过隐私政策中的联系方式与我们联系。"),
    guardian_sees: w(
        "他们将看到我们请求的每一项用途，包括使用的个人信息、接收方和保存期限，并逐项作出决定。他们可以随时撤回同意。",
    ),
    guardian_contact: w("父母或监护人的电子邮箱"),
    guardian_send: w("发送请求"),
    separate_note: w("部分用途需要您逐项单独同意，“{accept}”不会开启它们：{list}。您可以在“{choose}”中开启。"),
    clause_link: w("隐私政策中的相关条款：{clause}"),
    placeholder: w("{what}尚未加载。加载它属于“{purpose}”，将会使用：{data}。"),
    placeholder_shared: w("{what}尚未加载。加载它属于“{purpose}”，将会使用{data}，并提供给{recipients}。"),
    embedded_content: w("此嵌入内容"),
    allow_purpose: w("允许“{purpose}”"),
    reload_needed: w("已撤回。{list}的 Cookie 和本地存储已删除，但其脚本已在本页运行：请重新加载页面以停止它们。"),
    withdrawn: w("已撤回：{list}。相关 Cookie 和本地存储已删除。"),
    not_recorded: w("您的选择已在本浏览器中生效，但网站未能记录（{why}），未签发签名回执。"),
};

static DE: Words = Words {
    accept_all: w("Alle akzeptieren"),
    reject_all: w("Alle ablehnen"),
    choose: w("Selbst auswählen"),
    save: w("Auswahl speichern"),
    close: w("Schließen"),
    policy_link: w("Datenschutzerklärung lesen"),
    second_title: w("Wählen Sie, was Sie erlauben"),
    second_intro: w(
        "Alles Optionale bleibt aus, bis Sie es einschalten. Notwendige Funktionen laufen immer. \
                   Über die Schaltfläche \u{201e}Datenschutzeinstellungen\u{201c} können Sie Ihre Auswahl jederzeit \
                   ändern oder Ihre Einwilligung widerrufen.",
    ),
    essential_heading: w("Immer aktiv"),
    essential_intro: w("Für den Betrieb der Website erforderlich; diese Funktionen laufen ohne Einwilligung."),
    basic_heading: w("Grundfunktionen"),
    basic_intro: w("Funktionen des Dienstes selbst."),
    extended_heading: w("Erweiterte Funktionen"),
    extended_intro: w("Jede erfordert eine eigene Einwilligung. Eine Ablehnung schränkt die Grundfunktionen nie ein."),
    always_on: w("Immer aktiv"),
    data_label: w("Verwendete Daten"),
    recipients_label: w("Weitergegeben an"),
    no_recipients: w("Niemanden außerhalb unseres Unternehmens"),
    retention_label: w("Speicherdauer"),
    details: w("Details"),
    privacy_choices: w("Datenschutzeinstellungen"),
    needs_separate: w("Erfordert eine gesonderte Einwilligung nur für diesen Zweck: Schalten Sie ihn hier ein."),
    unsigned: w(
        "Diese Website hat keinen Einwilligungsdienst: Ihre Auswahl wird nur in diesem Browser gespeichert, \
               ohne signierten Beleg.",
    ),
    saved_signed: w(
        "Ihre Auswahl ist gespeichert. Die Website hat darüber einen Beleg signiert, der in diesem Browser \
                   gespeichert ist.",
    ),
    saved_unsigned: w(
        "Ihre Auswahl ist nur in diesem Browser gespeichert; es wurde kein signierter Beleg ausgestellt.",
    ),
    reload: w("Seite neu laden"),
    update_major_title: w("Unsere Datenschutzerklärung hat sich geändert"),
    update_minor_title: w("Unsere Datenschutzerklärung wurde aktualisiert"),
    update_reconsent_intro: w(
        "Diese Verwendungen haben sich geändert, seit Sie eingewilligt haben. Sie bleiben aus, \
                             bis Sie sie wieder einschalten.",
    ),
    update_confirm: w("Auswahl speichern"),
    update_dismiss: w("Verstanden"),
    update_accept: w("Neue Bedingungen akzeptieren"),
    update_later: w("Nicht jetzt"),
    update_terms_note: w(
        "Bis Sie sie akzeptieren, gelten für Sie weiterhin die Bedingungen der Version {version}, \
                        denen Sie zugestimmt haben.",
    ),
    update_diff: w("Alle Änderungen ansehen"),
    allowed: w("An"),
    not_allowed: w("Aus"),
    list_separator: w(", "),
    guidance_title: w("Bitte gemeinsam mit einem Elternteil oder einer erziehungsberechtigten Person lesen"),
    guidance_text: w(
        "Sie sind jünger als {age} Jahre. Unsere Datenschutzerklärung bittet Sie, sie unter Aufsicht und \
                    Anleitung eines Elternteils oder einer anderen erziehungsberechtigten Person zu lesen und zu \
                    entscheiden, ob Sie einwilligen. Der Jugendmodus ist aktiv, und einige Verwendungen stehen Ihnen \
                    nicht zur Verfügung.",
    ),
    guidance_continue: w("Weiter"),
    age_title: w("Bevor Sie fortfahren"),
    age_why: w(
        "Wir fragen, wann Sie geboren sind, weil das Gesetz die Daten von Kindern besonders schützt. \
              Gespeichert wird nur Ihre Altersgruppe, nie das Datum.",
    ),
    age_question: w("Wann sind Sie geboren?"),
    age_year: w("Jahr"),
    age_month: w("Monat"),
    age_choose: w("Bitte wählen\u{2026}"),
    january: w("Januar"),
    february: w("Februar"),
    march: w("März"),
    april: w("April"),
    may: w("Mai"),
    june: w("Juni"),
    july: w("Juli"),
    august: w("August"),
    september: w("September"),
    october: w("Oktober"),
    november: w("November"),
    december: w("Dezember"),
    age_continue: w("Weiter"),
    guardian_title: w("Einen Elternteil oder eine erziehungsberechtigte Person fragen"),
    guardian_paused: w(
        "Bis ein Elternteil oder eine erziehungsberechtigte Person einwilligt, ist nur aktiv, was die \
                      Website zum Funktionieren braucht.",
    ),
    guardian_paused_list: w(
        "Bis ein Elternteil oder eine erziehungsberechtigte Person einwilligt, ist nur aktiv, was \
                           die Website zum Funktionieren braucht. Bis dahin pausiert: {list}.",
    ),
    guardian_how: w(
        "Geben Sie die E-Mail-Adresse eines Elternteils oder einer erziehungsberechtigten Person an: Wir \
                   senden dorthin einen Link und einen Code für die Antwort.",
    ),
    guardian_how_offline: w(
        "Diese Website kann die Anfrage nicht selbst senden: Bitten Sie einen Elternteil oder eine \
                           erziehungsberechtigte Person, uns über die Kontaktangaben in der Datenschutzerklärung zu \
                           kontaktieren.",
    ),
    guardian_sees: w(
        "Die erziehungsberechtigte Person sieht jede Verwendung, nach der wir fragen, mit den verwendeten \
                    Daten, den Empfängern und der Speicherdauer, und entscheidet über jede einzeln. Sie kann ihre \
                    Einwilligung jederzeit widerrufen.",
    ),
    guardian_contact: w("E-Mail-Adresse des Elternteils oder der erziehungsberechtigten Person"),
    guardian_send: w("Anfrage senden"),
    separate_note: w(
        "Einige Verwendungen erfordern jeweils eine gesonderte Einwilligung, daher schaltet \
                    \u{201e}{accept}\u{201c} sie nicht ein: {list}. Sie können sie unter \u{201e}{choose}\u{201c} \
                    einschalten.",
    ),
    clause_link: w("In der Datenschutzerklärung: {clause}"),
    placeholder: w(
        "{what} ist nicht geladen. Das Laden gehört zu \u{201e}{purpose}\u{201c} und würde Folgendes \
                  verwenden: {data}.",
    ),
    placeholder_shared: w(
        "{what} ist nicht geladen. Das Laden gehört zu \u{201e}{purpose}\u{201c}: Es würde {data} \
                         verwenden, weitergegeben an {recipients}.",
    ),
    embedded_content: w("Dieser eingebettete Inhalt"),
    allow_purpose: w("\u{201e}{purpose}\u{201c} erlauben"),
    reload_needed: w(
        "Widerrufen. Die Cookies und gespeicherten Daten von {list} wurden gelöscht, aber die Skripte \
                    liefen auf dieser Seite bereits: Laden Sie die Seite neu, um sie zu beenden.",
    ),
    withdrawn: w("Widerrufen: {list}. Die zugehörigen Cookies und gespeicherten Daten wurden gelöscht."),
    not_recorded: w(
        "Ihre Auswahl gilt in diesem Browser, aber die Website konnte sie nicht erfassen ({why}); es wurde \
                   kein signierter Beleg ausgestellt.",
    ),
};

// French puts a no-break space before `:`, `;` and `?`, and inside « ».
static FR: Words = Words {
    accept_all: w("Tout accepter"),
    reject_all: w("Tout refuser"),
    choose: w("Personnaliser"),
    save: w("Enregistrer mes choix"),
    close: w("Fermer"),
    policy_link: w("Lire la politique de confidentialité"),
    second_title: w("Choisissez ce que vous autorisez"),
    second_intro: w(
        "Tout ce qui est facultatif reste désactivé tant que vous ne l'activez pas. Les fonctions \
                   essentielles sont toujours actives. Vous pouvez modifier vos choix ou retirer votre consentement \
                   à tout moment avec le bouton «\u{a0}Choix de confidentialité\u{a0}».",
    ),
    essential_heading: w("Toujours actives"),
    essential_intro: w("Nécessaires au fonctionnement du site\u{a0}; elles fonctionnent sans consentement."),
    basic_heading: w("Fonctions de base"),
    basic_intro: w("Les fonctions du service lui-même."),
    extended_heading: w("Fonctions étendues"),
    extended_intro: w(
        "Chacune nécessite son propre consentement. En refuser une ne limite jamais les fonctions de base.",
    ),
    always_on: w("Toujours actif"),
    data_label: w("Données utilisées"),
    recipients_label: w("Partagées avec"),
    no_recipients: w("Personne en dehors de nous"),
    retention_label: w("Durée de conservation"),
    details: w("Détails"),
    privacy_choices: w("Choix de confidentialité"),
    needs_separate: w("Nécessite un consentement donné pour cette seule finalité\u{a0}: activez-la ici."),
    unsigned: w(
        "Ce site n'a pas de service de consentement\u{a0}: vos choix sont conservés uniquement dans ce \
               navigateur, sans reçu signé.",
    ),
    saved_signed: w("Vos choix sont enregistrés. Le site en a signé un reçu, conservé dans ce navigateur."),
    saved_unsigned: w(
        "Vos choix sont enregistrés dans ce navigateur uniquement\u{a0}; aucun reçu signé n'a été délivré.",
    ),
    reload: w("Recharger la page"),
    update_major_title: w("Notre politique de confidentialité a changé"),
    update_minor_title: w("Notre politique de confidentialité a été mise à jour"),
    update_reconsent_intro: w(
        "Ces utilisations ont changé depuis que vous les avez acceptées. Elles restent \
                             désactivées tant que vous ne les réactivez pas.",
    ),
    update_confirm: w("Enregistrer mes choix"),
    update_dismiss: w("J'ai compris"),
    update_accept: w("Accepter les nouvelles conditions"),
    update_later: w("Pas maintenant"),
    update_terms_note: w(
        "Tant que vous ne les acceptez pas, les conditions de la version {version}, que vous avez \
                        acceptées, continuent de s'appliquer à vous.",
    ),
    update_diff: w("Voir toutes les modifications"),
    allowed: w("Activé"),
    not_allowed: w("Désactivé"),
    list_separator: w(", "),
    guidance_title: w("À lire avec un parent ou un tuteur légal"),
    guidance_text: w(
        "Vous avez moins de {age}\u{a0}ans. Notre politique de confidentialité vous demande de la lire, et \
                    de décider si vous l'acceptez, sous la surveillance et avec l'aide d'un parent ou d'un autre \
                    tuteur légal. Le mode jeunesse est activé et certaines utilisations ne vous sont pas accessibles.",
    ),
    guidance_continue: w("Continuer"),
    age_title: w("Avant de continuer"),
    age_why: w(
        "Nous vous demandons quand vous êtes né ou née parce que la loi protège particulièrement les données \
              des enfants. Seule votre tranche d'âge est conservée, jamais la date.",
    ),
    age_question: w("Quand êtes-vous né ou née\u{a0}?"),
    age_year: w("Année"),
    age_month: w("Mois"),
    age_choose: w("Choisir\u{2026}"),
    january: w("janvier"),
    february: w("février"),
    march: w("mars"),
    april: w("avril"),
    may: w("mai"),
    june: w("juin"),
    july: w("juillet"),
    august: w("août"),
    september: w("septembre"),
    october: w("octobre"),
    november: w("novembre"),
    december: w("décembre"),
    age_continue: w("Continuer"),
    guardian_title: w("Demander à un parent ou tuteur légal"),
    guardian_paused: w(
        "Tant qu'un parent ou tuteur légal n'a pas donné son accord, seul ce dont le site a besoin \
                      pour fonctionner est actif.",
    ),
    guardian_paused_list: w(
        "Tant qu'un parent ou tuteur légal n'a pas donné son accord, seul ce dont le site a \
                           besoin pour fonctionner est actif. En attendant, sont suspendues\u{a0}: {list}.",
    ),
    guardian_how: w(
        "Indiquez l'adresse e-mail d'un parent ou tuteur légal\u{a0}: nous lui enverrons un lien et un \
                   code pour répondre.",
    ),
    guardian_how_offline: w(
        "Ce site ne peut pas envoyer la demande lui-même\u{a0}: demandez à un parent ou tuteur \
                           légal de nous contacter par les moyens indiqués dans la politique de confidentialité.",
    ),
    guardian_sees: w(
        "Il verra chaque utilisation pour laquelle nous demandons son accord, avec les données utilisées, \
                    leurs destinataires et leur durée de conservation, et décidera pour chacune. Il pourra retirer \
                    son consentement à tout moment.",
    ),
    guardian_contact: w("Adresse e-mail du parent ou tuteur légal"),
    guardian_send: w("Envoyer la demande"),
    separate_note: w(
        "Certaines utilisations nécessitent chacune un consentement distinct, donc \
                    «\u{a0}{accept}\u{a0}» ne les active pas\u{a0}: {list}. Vous pouvez les activer sous \
                    «\u{a0}{choose}\u{a0}».",
    ),
    clause_link: w("Dans la politique de confidentialité\u{a0}: {clause}"),
    placeholder: w(
        "{what} n'est pas chargé. Le charger relève de «\u{a0}{purpose}\u{a0}» et utiliserait\u{a0}: \
                  {data}.",
    ),
    placeholder_shared: w(
        "{what} n'est pas chargé. Le charger relève de «\u{a0}{purpose}\u{a0}»\u{a0}: cela \
                         utiliserait {data}, partagées avec {recipients}.",
    ),
    embedded_content: w("Ce contenu intégré"),
    allow_purpose: w("Autoriser «\u{a0}{purpose}\u{a0}»"),
    reload_needed: w(
        "Retiré. Les cookies et le stockage de {list} ont été supprimés, mais ses scripts se sont déjà \
                    exécutés sur cette page\u{a0}: rechargez la page pour les arrêter.",
    ),
    withdrawn: w("Retiré\u{a0}: {list}. Ses cookies et son stockage ont été supprimés."),
    not_recorded: w(
        "Vos choix s'appliquent dans ce navigateur, mais le site n'a pas pu les enregistrer \
                   ({why})\u{a0}; aucun reçu signé n'a été délivré.",
    ),
};

static ES: Words = Words {
    accept_all: w("Aceptar todo"),
    reject_all: w("Rechazar todo"),
    choose: w("Configurar"),
    save: w("Guardar mis opciones"),
    close: w("Cerrar"),
    policy_link: w("Leer la política de privacidad"),
    second_title: w("Elija lo que permite"),
    second_intro: w(
        "Todo lo opcional está desactivado hasta que usted lo active. Las funciones esenciales siempre \
                   están activas. Puede cambiar sus opciones o retirar su consentimiento en cualquier momento con el \
                   botón «Opciones de privacidad».",
    ),
    essential_heading: w("Siempre activas"),
    essential_intro: w("Necesarias para que el sitio funcione; funcionan sin consentimiento."),
    basic_heading: w("Funciones básicas"),
    basic_intro: w("Funciones del propio servicio."),
    extended_heading: w("Funciones ampliadas"),
    extended_intro: w("Cada una necesita su propio consentimiento. Rechazar una nunca limita las funciones básicas."),
    always_on: w("Siempre activa"),
    data_label: w("Datos utilizados"),
    recipients_label: w("Se comparten con"),
    no_recipients: w("Nadie fuera de nuestra organización"),
    retention_label: w("Plazo de conservación"),
    details: w("Detalles"),
    privacy_choices: w("Opciones de privacidad"),
    needs_separate: w("Necesita un consentimiento otorgado solo para esta finalidad: actívela aquí."),
    unsigned: w(
        "Este sitio no tiene servicio de consentimiento: sus opciones se guardan solo en este navegador, sin \
               recibo firmado.",
    ),
    saved_signed: w(
        "Sus opciones se han guardado. El sitio ha firmado un recibo de ellas, guardado en este navegador.",
    ),
    saved_unsigned: w("Sus opciones se han guardado solo en este navegador; no se ha emitido ningún recibo firmado."),
    reload: w("Recargar la página"),
    update_major_title: w("Nuestra política de privacidad ha cambiado"),
    update_minor_title: w("Nuestra política de privacidad se ha actualizado"),
    update_reconsent_intro: w(
        "Estos usos han cambiado desde que los aceptó. Seguirán desactivados hasta que los \
                             vuelva a activar.",
    ),
    update_confirm: w("Guardar mis opciones"),
    update_dismiss: w("Entendido"),
    update_accept: w("Aceptar las nuevas condiciones"),
    update_later: w("Ahora no"),
    update_terms_note: w(
        "Hasta que las acepte, se le siguen aplicando las condiciones de la versión {version}, que \
                        usted aceptó.",
    ),
    update_diff: w("Ver todos los cambios"),
    allowed: w("Activado"),
    not_allowed: w("Desactivado"),
    list_separator: w(", "),
    guidance_title: w("Lea esto con su padre, su madre o su tutor legal"),
    guidance_text: w(
        "Tiene menos de {age} años. Nuestra política de privacidad le pide que la lea, y que decida si \
                    la acepta, bajo la supervisión y orientación de su padre, su madre u otro tutor legal. El modo \
                    para menores está activado y algunos usos no están disponibles para usted.",
    ),
    guidance_continue: w("Continuar"),
    age_title: w("Antes de continuar"),
    age_why: w(
        "Le preguntamos cuándo nació porque la ley protege de forma especial los datos de los menores. Solo \
              se guarda su franja de edad, nunca la fecha.",
    ),
    age_question: w("¿Cuándo nació?"),
    age_year: w("Año"),
    age_month: w("Mes"),
    age_choose: w("Elegir\u{2026}"),
    january: w("enero"),
    february: w("febrero"),
    march: w("marzo"),
    april: w("abril"),
    may: w("mayo"),
    june: w("junio"),
    july: w("julio"),
    august: w("agosto"),
    september: w("septiembre"),
    october: w("octubre"),
    november: w("noviembre"),
    december: w("diciembre"),
    age_continue: w("Continuar"),
    guardian_title: w("Pedir permiso a su padre, su madre o su tutor legal"),
    guardian_paused: w(
        "Hasta que su padre, su madre o su tutor legal dé su consentimiento, solo está activo lo que el \
                      sitio necesita para funcionar.",
    ),
    guardian_paused_list: w(
        "Hasta que su padre, su madre o su tutor legal dé su consentimiento, solo está activo lo \
                           que el sitio necesita para funcionar. En pausa hasta entonces: {list}.",
    ),
    guardian_how: w(
        "Indique la dirección de correo electrónico de su padre, su madre o su tutor legal: le enviaremos \
                   un enlace y un código para responder.",
    ),
    guardian_how_offline: w(
        "Este sitio no puede enviar la solicitud por sí mismo: pida a su padre, su madre o su \
                           tutor legal que se ponga en contacto con nosotros a través de la política de privacidad.",
    ),
    guardian_sees: w(
        "Verá cada uso por el que preguntamos, con los datos que utiliza, quién los recibe y cuánto \
                    tiempo se conservan, y decidirá sobre cada uno. Puede retirar su consentimiento en cualquier \
                    momento.",
    ),
    guardian_contact: w("Correo electrónico de su padre, su madre o su tutor legal"),
    guardian_send: w("Enviar la solicitud"),
    separate_note: w(
        "Algunos usos necesitan un consentimiento específico para cada uno, así que «{accept}» no los \
                    activa: {list}. Puede activarlos en «{choose}».",
    ),
    clause_link: w("En la política de privacidad: {clause}"),
    placeholder: w("{what} no está cargado. Cargarlo forma parte de «{purpose}» y usaría: {data}."),
    placeholder_shared: w(
        "{what} no está cargado. Cargarlo forma parte de «{purpose}»: usaría {data}, que se \
                         comparten con {recipients}.",
    ),
    embedded_content: w("Este contenido insertado"),
    allow_purpose: w("Permitir «{purpose}»"),
    reload_needed: w(
        "Retirado. Se han eliminado las cookies y el almacenamiento de {list}, pero sus scripts ya se han \
                    ejecutado en esta página: recargue la página para detenerlos.",
    ),
    withdrawn: w("Retirado: {list}. Se han eliminado sus cookies y su almacenamiento."),
    not_recorded: w(
        "Sus opciones se aplican en este navegador, pero el sitio no ha podido registrarlas ({why}); no \
                   se ha emitido ningún recibo firmado.",
    ),
};

static JA: Words = Words {
    accept_all: w("すべて同意する"),
    reject_all: w("すべて拒否する"),
    choose: w("自分で選ぶ"),
    save: w("選択を保存"),
    close: w("閉じる"),
    policy_link: w("プライバシーポリシーを読む"),
    second_title: w("許可する内容を選択"),
    second_intro: w(
        "任意の項目は、オンにするまですべてオフです。必須の機能は常に動作します。\
                   選択の変更や同意の撤回は、「プライバシー設定」ボタンからいつでもできます。",
    ),
    essential_heading: w("常にオン"),
    essential_intro: w("サイトの動作に必要なため、同意なしで動作します。"),
    basic_heading: w("基本機能"),
    basic_intro: w("サービス自体の機能です。"),
    extended_heading: w("拡張機能"),
    extended_intro: w("それぞれに個別の同意が必要です。いずれかを拒否しても、基本機能が制限されることはありません。"),
    always_on: w("常にオン"),
    data_label: w("利用する情報"),
    recipients_label: w("提供先"),
    no_recipients: w("当社以外には提供しません"),
    retention_label: w("保存期間"),
    details: w("詳細"),
    privacy_choices: w("プライバシー設定"),
    needs_separate: w("この目的だけについての個別の同意が必要です。ここでオンにしてください。"),
    unsigned: w(
        "このサイトには同意サービスがありません。選択はこのブラウザにのみ保存され、署名付きの記録は発行されません。",
    ),
    saved_signed: w("選択を保存しました。サイトが署名した記録を、このブラウザに保存しています。"),
    saved_unsigned: w("選択はこのブラウザにのみ保存されました。署名付きの記録は発行されていません。"),
    reload: w("ページを再読み込み"),
    update_major_title: w("プライバシーポリシーが変更されました"),
    update_minor_title: w("プライバシーポリシーが更新されました"),
    update_reconsent_intro: w(
        "以下の利用目的は、同意いただいた後に変更されました。改めてオンにするまでオフのままです。",
    ),
    update_confirm: w("選択を保存"),
    update_dismiss: w("確認しました"),
    update_accept: w("新しい内容に同意する"),
    update_later: w("後で"),
    update_terms_note: w("同意いただくまでは、以前に同意いただいたバージョン{version}の内容が引き続き適用されます。"),
    update_diff: w("すべての変更を見る"),
    allowed: w("オン"),
    not_allowed: w("オフ"),
    list_separator: w("、"),
    guidance_title: w("保護者の方と一緒にお読みください"),
    guidance_text: w(
        "あなたは{age}歳未満です。このプライバシーポリシーは、保護者の方の監督と指導のもとで読み、\
                    同意するかどうかを決めていただくようお願いしています。青少年モードがオンになっており、\
                    一部の利用目的はご利用いただけません。",
    ),
    guidance_continue: w("続ける"),
    age_title: w("続ける前に"),
    age_why: w(
        "法律は子どもの個人情報を特に保護しているため、生まれた年月をお尋ねします。\
              保存するのは年齢層だけで、生年月は保存しません。",
    ),
    age_question: w("生まれた年月を教えてください。"),
    age_year: w("年"),
    age_month: w("月"),
    age_choose: w("選択してください\u{2026}"),
    january: w("1月"),
    february: w("2月"),
    march: w("3月"),
    april: w("4月"),
    may: w("5月"),
    june: w("6月"),
    july: w("7月"),
    august: w("8月"),
    september: w("9月"),
    october: w("10月"),
    november: w("11月"),
    december: w("12月"),
    age_continue: w("続ける"),
    guardian_title: w("保護者の方に確認する"),
    guardian_paused: w("保護者の方が同意するまでは、サイトの動作に必要な機能だけがオンになります。"),
    guardian_paused_list: w(
        "保護者の方が同意するまでは、サイトの動作に必要な機能だけがオンになります。\
                           それまで停止するもの：{list}。",
    ),
    guardian_how: w("保護者の方のメールアドレスを入力してください。返答用のリンクとコードをお送りします。"),
    guardian_how_offline: w(
        "このサイトからは依頼を送信できません。プライバシーポリシーに記載の連絡先から、\
                           保護者の方に当社へご連絡いただいてください。",
    ),
    guardian_sees: w(
        "保護者の方には、お尋ねする利用目的ごとに、利用する情報、提供先、保存期間が表示され、\
                    それぞれについて判断していただきます。同意はいつでも撤回できます。",
    ),
    guardian_contact: w("保護者の方のメールアドレス"),
    guardian_send: w("依頼を送信"),
    separate_note: w(
        "一部の利用目的はそれぞれ個別の同意が必要なため、「{accept}」ではオンになりません：{list}。\
                    「{choose}」からオンにできます。",
    ),
    clause_link: w("プライバシーポリシーの該当箇所：{clause}"),
    placeholder: w("{what}は読み込まれていません。読み込みは「{purpose}」に含まれ、次の情報を利用します：{data}。"),
    placeholder_shared: w(
        "{what}は読み込まれていません。読み込みは「{purpose}」に含まれ、{data}を利用し、\
                         {recipients}に提供します。",
    ),
    embedded_content: w("この埋め込みコンテンツ"),
    allow_purpose: w("「{purpose}」を許可"),
    reload_needed: w(
        "撤回しました。{list}のCookieと保存データは削除しましたが、そのスクリプトはこのページで\
                    すでに動作しています。停止するにはページを再読み込みしてください。",
    ),
    withdrawn: w("撤回しました：{list}。関連するCookieと保存データは削除しました。"),
    not_recorded: w(
        "選択はこのブラウザでは有効ですが、サイトで記録できませんでした（{why}）。\
                   署名付きの記録は発行されていません。",
    ),
};

static KO: Words = Words {
    accept_all: w("모두 동의"),
    reject_all: w("모두 거부"),
    choose: w("직접 선택"),
    save: w("선택 저장"),
    close: w("닫기"),
    policy_link: w("개인정보 처리방침 읽기"),
    second_title: w("허용할 항목 선택"),
    second_intro: w(
        "선택 항목은 직접 켜기 전까지 모두 꺼져 있습니다. 필수 기능은 항상 작동합니다. \
                   \u{2018}개인정보 설정\u{2019} 버튼으로 언제든지 선택을 변경하거나 동의를 철회할 수 있습니다.",
    ),
    essential_heading: w("항상 켜짐"),
    essential_intro: w("사이트 운영에 필요하므로 동의 없이 작동합니다."),
    basic_heading: w("기본 기능"),
    basic_intro: w("서비스 자체의 기능입니다."),
    extended_heading: w("확장 기능"),
    extended_intro: w("각각 별도의 동의가 필요합니다. 어느 하나를 거부해도 기본 기능은 제한되지 않습니다."),
    always_on: w("항상 켜짐"),
    data_label: w("처리하는 개인정보"),
    recipients_label: w("제공받는 자"),
    no_recipients: w("외부에 제공하지 않음"),
    retention_label: w("보유 기간"),
    details: w("자세히"),
    privacy_choices: w("개인정보 설정"),
    needs_separate: w("이 목적에 대해서만 별도의 동의가 필요합니다. 여기에서 켜세요."),
    unsigned: w(
        "이 사이트에는 동의 서비스가 없습니다. 선택은 이 브라우저에만 저장되며 서명된 확인서는 발급되지 않습니다.",
    ),
    saved_signed: w("선택이 저장되었습니다. 사이트가 서명한 확인서를 이 브라우저에 보관합니다."),
    saved_unsigned: w("선택이 이 브라우저에만 저장되었습니다. 서명된 확인서는 발급되지 않았습니다."),
    reload: w("페이지 새로고침"),
    update_major_title: w("개인정보 처리방침이 변경되었습니다"),
    update_minor_title: w("개인정보 처리방침이 업데이트되었습니다"),
    update_reconsent_intro: w("아래 항목은 동의하신 후 변경되었습니다. 다시 켜기 전까지 꺼져 있습니다."),
    update_confirm: w("선택 저장"),
    update_dismiss: w("확인"),
    update_accept: w("새 약관에 동의"),
    update_later: w("나중에"),
    update_terms_note: w("동의하시기 전까지는 이전에 동의하신 {version} 버전의 내용이 계속 적용됩니다."),
    update_diff: w("모든 변경 사항 보기"),
    allowed: w("켜짐"),
    not_allowed: w("꺼짐"),
    list_separator: w(", "),
    guidance_title: w("부모님이나 법정대리인과 함께 읽어 주세요"),
    guidance_text: w(
        "귀하는 만 {age}세 미만입니다. 개인정보 처리방침은 부모님 등 법정대리인의 감독과 지도 아래 \
                    읽고 동의 여부를 결정하도록 안내합니다. 청소년 모드가 켜져 있으며 일부 항목은 이용할 수 없습니다.",
    ),
    guidance_continue: w("계속"),
    age_title: w("계속하기 전에"),
    age_why: w(
        "법은 아동의 개인정보를 특별히 보호하므로 태어난 연월을 여쭙니다. 연령대만 저장하며 생년월은 \
              저장하지 않습니다.",
    ),
    age_question: w("언제 태어나셨나요?"),
    age_year: w("연도"),
    age_month: w("월"),
    age_choose: w("선택\u{2026}"),
    january: w("1월"),
    february: w("2월"),
    march: w("3월"),
    april: w("4월"),
    may: w("5월"),
    june: w("6월"),
    july: w("7월"),
    august: w("8월"),
    september: w("9월"),
    october: w("10월"),
    november: w("11월"),
    december: w("12월"),
    age_continue: w("계속"),
    guardian_title: w("법정대리인에게 동의 요청"),
    guardian_paused: w("법정대리인이 동의하기 전까지는 사이트 운영에 필요한 기능만 켜집니다."),
    guardian_paused_list: w("법정대리인이 동의하기 전까지는 사이트 운영에 필요한 기능만 켜집니다. \
                           그때까지 중지되는 항목: {list}."),
    guardian_how: w("부모님이나 법정대리인의 이메일 주소를 입력하세요. 답변용 링크와 코드를 보내 드립니다."),
    guardian_how_offline: w(
        "이 사이트는 요청을 직접 보낼 수 없습니다. 부모님이나 법정대리인께 개인정보 처리방침의 \
                           연락처로 저희에게 연락해 달라고 요청하세요.",
    ),
    guardian_sees: w(
        "법정대리인은 저희가 요청하는 각 항목의 처리하는 개인정보, 제공받는 자, 보유 기간을 확인하고 \
                    항목별로 결정합니다. 동의는 언제든지 철회할 수 있습니다.",
    ),
    guardian_contact: w("부모님 또는 법정대리인의 이메일"),
    guardian_send: w("요청 보내기"),
    separate_note: w(
        "일부 항목은 각각 별도의 동의가 필요하므로 \u{2018}{accept}\u{2019} 버튼으로는 켜지지 않습니다: \
                    {list}. \u{2018}{choose}\u{2019}에서 켤 수 있습니다.",
    ),
    clause_link: w("개인정보 처리방침의 관련 조항: {clause}"),
    placeholder: w(
        "불러오지 않은 콘텐츠: {what}. 불러오면 \u{2018}{purpose}\u{2019}에 해당하며 다음 정보를 \
                  처리합니다: {data}.",
    ),
    placeholder_shared: w(
        "불러오지 않은 콘텐츠: {what}. 불러오면 \u{2018}{purpose}\u{2019}에 해당하며 {data} \
                         정보를 처리하고 {recipients}에게 제공합니다.",
    ),
    embedded_content: w("이 삽입 콘텐츠"),
    allow_purpose: w("\u{2018}{purpose}\u{2019} 허용"),
    reload_needed: w(
        "철회했습니다. {list} 관련 쿠키와 저장 데이터는 삭제했지만, 해당 스크립트가 이미 이 페이지에서 \
                    실행되었습니다. 중지하려면 페이지를 새로고침하세요.",
    ),
    withdrawn: w("철회했습니다: {list}. 관련 쿠키와 저장 데이터를 삭제했습니다."),
    not_recorded: w(
        "선택은 이 브라우저에서 적용되지만 사이트에서 기록하지 못했습니다({why}). 서명된 확인서는 \
                   발급되지 않았습니다.",
    ),
};

/// A page's or a policy's own words: per locale, per key, the word to say instead of the
/// catalogue's (`{"de": {"acceptAll": "Alle annehmen"}}`). A locale is one of the catalogue's
/// language tags (`de` also speaks for `de-AT`) or one of the policy's locales (`it`, for a
/// language the catalogue lacks); a key left out keeps the word below it. Checked with
/// [`Overrides::check`] against the words it replaces.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Overrides(pub SortedMap<SortedMap<String>>);

/// Its JSON Schema: per locale, [`Words`] with every key optional, so that an editor and the
/// TypeScript declarations know each key and what it is.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Overrides {
    fn schema_name() -> Cow<'static, str> {
        "WordOverrides".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut words = <Words as schemars::JsonSchema>::json_schema(generator);
        words.remove("required");
        words.remove("title");
        schemars::json_schema!({
            "description": "The banner's own words: per locale (a language tag of the banner's catalogue, or one of the policy's locales), per key, the word to say instead (docs/banner.md).",
            "type": "object",
            "additionalProperties": words,
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
        let mut all = base.by_key();
        for patch in patches {
            for (key, word) in patch.iter() {
                if let Some(slot) = all.get_mut(key) {
                    slot.clone_from(word);
                }
            }
        }
        Words::from_keys(&all).unwrap_or_else(|| base.clone())
    }

    /// Refuses a locale that is neither a catalogue language nor one of `locales` (the
    /// policy's), a key `base` does not have, an empty word, or a template that names a value
    /// the word it replaces is not filled with (`{list}` in `acceptAll`). `base` is the words
    /// in any language (they share their keys and their templates' names); `at` is where the
    /// overrides are (`$.words`).
    pub fn check(&self, base: &Words, locales: &[String], at: &str) -> Result<(), Problem> {
        let keys = base.by_key();
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
                let path = json::member_path(&here, key);
                let Some(model) = keys.get(key) else {
                    let valid: Vec<&str> = keys.keys().map(String::as_str).collect();
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
                let allowed = placeholders(model);
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
    let english = Words::of(Lang::En).by_key();
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

impl Words {
    /// The catalogue's words in `lang`.
    pub fn of(lang: Lang) -> &'static Words {
        match lang {
            Lang::En => &EN,
            Lang::Zh => &ZH,
            Lang::De => &DE,
            Lang::Fr => &FR,
            Lang::Es => &ES,
            Lang::Ja => &JA,
            Lang::Ko => &KO,
        }
    }

    /// The catalogue's words for a policy's `locale`: its language's, or English for a
    /// language the catalogue lacks ([`missing_language`] warns about it).
    pub fn for_locale(locale: &str) -> &'static Words {
        Words::of(Lang::find(locale).unwrap_or(Lang::En))
    }

    /// Every word by its key.
    pub fn by_key(&self) -> SortedMap<String> {
        json::to_string(self)
            .ok()
            .and_then(|text| json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// The words of `all` (every key, as [`Words::by_key`] gives them).
    fn from_keys(all: &SortedMap<String>) -> Option<Words> {
        json::to_string(all).ok().and_then(|text| json::from_str(&text).ok())
    }

    fn list(&self, names: &[&str]) -> String {
        names.join(&self.list_separator)
    }

    /// The first layer's note on the purposes "accept all" does not turn on.
    pub fn separate_note_for(&self, names: &[&str]) -> String {
        fill(
            &self.separate_note,
            &[
                ("accept", &self.accept_all),
                ("choose", &self.choose),
                ("list", &self.list(names)),
            ],
        )
    }

    /// The guardian-guidance notice for a visitor under `minor_age`.
    pub fn guidance_for(&self, minor_age: u8) -> String {
        fill(&self.guidance_text, &[("age", &minor_age.to_string())])
    }

    /// The guardian step: what is paused until a parent or guardian agrees.
    pub fn guardian_paused_for(&self, names: &[&str]) -> String {
        if names.is_empty() {
            self.guardian_paused.to_string()
        } else {
            fill(&self.guardian_paused_list, &[("list", &self.list(names))])
        }
    }

    /// The label of a link to the clause a purpose comes from.
    pub fn clause_link_to(&self, clause: &str) -> String {
        fill(&self.clause_link, &[("clause", clause)])
    }

    /// The text of the placeholder that stands in for a gated embed: what loading it would
    /// share, with whom, and for which purpose.
    pub fn placeholder_for(&self, what: &str, purpose: &str, data: &[String], recipients: &[String]) -> String {
        let data = data.join(&self.list_separator);
        if recipients.is_empty() {
            fill(
                &self.placeholder,
                &[("what", what), ("purpose", purpose), ("data", &data)],
            )
        } else {
            let to = recipients.join(&self.list_separator);
            fill(
                &self.placeholder_shared,
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
        fill(&self.allow_purpose, &[("purpose", purpose)])
    }

    /// After a withdrawal: what already ran on this page and keeps running until a reload.
    pub fn reload_needed_for(&self, names: &[&str]) -> String {
        fill(&self.reload_needed, &[("list", &self.list(names))])
    }

    /// After a withdrawal that needs no reload.
    pub fn withdrawn_for(&self, names: &[&str]) -> String {
        fill(&self.withdrawn, &[("list", &self.list(names))])
    }

    /// When recording a choice failed: it still applies here, unsigned.
    pub fn not_recorded_for(&self, why: &str) -> String {
        fill(&self.not_recorded, &[("why", why)])
    }

    /// What applies until the visitor accepts a version that reduces their rights.
    pub fn terms_note_for(&self, version: &str) -> String {
        fill(&self.update_terms_note, &[("version", version)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_word_with_the_english_placeholders() {
        let english = Words::of(Lang::En).by_key();
        assert_eq!(english.len(), 77);
        for lang in Lang::ALL {
            let words = Words::of(lang).by_key();
            assert_eq!(words.len(), english.len(), "{lang:?}");
            for ((key, text), (en_key, en)) in words.iter().zip(english.iter()) {
                assert_eq!(key, en_key);
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
        assert_eq!(Words::of(Lang::Zh).accept_all, "全部接受");
        assert_eq!(Words::of(Lang::De).accept_all, "Alle akzeptieren");
        assert_eq!(Words::for_locale("it"), Words::of(Lang::En));
    }

    #[test]
    fn accept_all_and_reject_all_are_equally_short() {
        for lang in Lang::ALL {
            let w = Words::of(lang);
            let (a, r) = (w.accept_all.chars().count(), w.reject_all.chars().count());
            assert!(a.abs_diff(r) <= 3, "{lang:?}: {} / {}", w.accept_all, w.reject_all);
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
        o.check(Words::of(Lang::En), &["en".into(), "de-AT".into(), "it".into()], "$")
            .map(|()| o)
    }

    #[test]
    fn an_override_replaces_a_word_in_its_language_only() {
        let o = overrides(
            r#"{"de": {"acceptAll": "Einverstanden", "january": "Jänner"}, "de-AT": {"rejectAll": "Nein danke"}}"#,
        )
        .unwrap();
        let de = o.apply("de-AT", Words::for_locale("de-AT"));
        assert_eq!(
            (&*de.accept_all, &*de.reject_all, &*de.january, &*de.february),
            ("Einverstanden", "Nein danke", "Jänner", "Februar")
        );
        assert!(de.separate_note_for(&["X"]).contains("\u{201e}Einverstanden\u{201c}"));
        let de_de = o.apply("de-DE", Words::for_locale("de-DE"));
        assert_eq!(
            (&*de_de.accept_all, &*de_de.reject_all),
            ("Einverstanden", "Alle ablehnen")
        );
        assert_eq!(o.apply("en", Words::for_locale("en")), *Words::of(Lang::En));
        assert_eq!(
            Overrides::default().apply("fr", Words::of(Lang::Fr)),
            *Words::of(Lang::Fr)
        );
        // A policy locale the catalogue lacks takes its own words over the English ones.
        let it = overrides(r#"{"it": {"acceptAll": "Accetta tutto"}}"#).unwrap();
        let words = it.apply("it", Words::for_locale("it"));
        assert_eq!(
            (&*words.accept_all, &*words.reject_all),
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
            w.message.contains("77 of its 77 banner words are English"),
            "{}",
            w.message
        );
        let all: SortedMap<String> = Words::of(Lang::En).by_key();
        let given = Overrides(SortedMap::new(vec![("it".into(), all)]));
        let w = missing_language("it", &given, "$.words").unwrap();
        assert!(w.message.contains("every banner word"), "{}", w.message);
    }
}
