//! The banner's own words (buttons, headings, labels, notices) in every language the engine
//! speaks ([`Lang`]: en, zh-CN, de, fr, es, ja, ko), side by side so that they say the same
//! thing, and a page's or a policy's own words for any of them ([`Overrides`]). Everything the
//! policy says comes from [`Policy::texts`](crate::policy::Policy::texts); these are only the
//! words around it.
//!
//! Each word has a key (`acceptAll`), the name a page's configuration overrides it by
//! (`"words": {"de": {"acceptAll": "Alle akzeptieren"}}`). A word that is a sentence around
//! values is a template: `{list}`, `{purpose}` and the like stand for what is filled in, and an
//! override may use the same names as the English word, no others.

use serde::Deserialize;

use crate::eval::messages::{fill, placeholders, Lang};
use crate::policy::{did_you_mean, Problem};
use crate::prelude::*;

macro_rules! words {
    ($($(#[doc = $doc:literal])* $field:ident $key:tt,)*) => {
        /// The fixed words of the banner in one language: the shipped ones
        /// ([`Words::of`]), or those with a page's or policy's overrides ([`Words::resolve`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct Words<'a> {
            $($(#[doc = $doc])* pub $field: &'a str,)*
            /// The months, January first (the key `months`: a list of twelve).
            pub months: [&'a str; 12],
        }

        /// A page's or policy's own words for one language; a key left out keeps the shipped
        /// word.
        #[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(deny_unknown_fields)]
        pub struct WordOverrides {
            $(#[serde(rename = $key, default)] $field: Option<String>,)*
            #[serde(default)]
            months: Option<[String; 12]>,
        }

        /// Every key of the banner's words, as a page or a policy names it.
        pub const KEYS: &[&str] = &[$($key,)* "months"];

        impl<'a> Words<'a> {
            /// Every word but the months, with its key, in the order of [`KEYS`].
            pub fn entries(&self) -> Vec<(&'static str, &'a str)> {
                vec![$(($key, self.$field),)*]
            }
        }

        impl WordOverrides {
            /// `w` with these words in place of its own.
            fn apply<'a>(&'a self, w: &mut Words<'a>) {
                $(if let Some(v) = &self.$field {
                    w.$field = v;
                })*
                if let Some(months) = &self.months {
                    for (slot, m) in w.months.iter_mut().zip(months) {
                        *slot = m;
                    }
                }
            }

            /// Every overridden word with its key (the months as `months`).
            fn entries(&self) -> Vec<(&'static str, &str)> {
                let mut all = Vec::new();
                $(if let Some(v) = &self.$field {
                    all.push(($key, v.as_str()));
                })*
                if let Some(months) = &self.months {
                    all.extend(months.iter().map(|m| ("months", m.as_str())));
                }
                all
            }
        }
    };
}

words! {
    /// First-layer button: consent to everything optional that may be offered.
    accept_all "acceptAll",
    /// First-layer button: refuse everything optional.
    reject_all "rejectAll",
    /// First-layer button: open the second layer.
    choose "choose",
    /// Second-layer button: record the toggles as they are.
    save "save",
    /// Second-layer button: close without saving (the defaults stay).
    close "close",
    /// The link to the full policy.
    policy_link "policyLink",
    /// The second layer's heading.
    second_title "secondTitle",
    /// The second layer's introduction.
    second_intro "secondIntro",
    /// Heading of the essential purposes.
    essential_heading "essentialHeading",
    /// What the essential purposes are.
    essential_intro "essentialIntro",
    /// Heading of the basic functions.
    basic_heading "basicHeading",
    /// What consent to basic functions means (GB/T 35273-2020 5.3).
    basic_intro "basicIntro",
    /// Heading of the extended functions.
    extended_heading "extendedHeading",
    /// What consent to extended functions means (GB/T 35273-2020 5.3).
    extended_intro "extendedIntro",
    /// The badge of an essential purpose.
    always_on "alwaysOn",
    /// Label of the data a purpose uses.
    data_label "dataLabel",
    /// Label of who receives it.
    recipients_label "recipientsLabel",
    /// When nobody outside the controller receives it.
    no_recipients "noRecipients",
    /// Label of how long it is kept.
    retention_label "retentionLabel",
    /// The disclosure that holds a purpose's details.
    details "details",
    /// The persistent button that reopens the choices.
    privacy_choices "privacyChoices",
    /// A purpose that needs a consent given for it alone.
    needs_separate "needsSeparate",
    /// Shown when no consent service signs the choice.
    unsigned "unsigned",
    /// Shown after a choice was recorded and signed.
    saved_signed "savedSigned",
    /// Shown after a choice was kept in this browser only.
    saved_unsigned "savedUnsigned",
    /// The button that reloads the page after a withdrawal.
    reload "reload",
    /// The update notice's heading for a major change.
    update_major_title "updateMajorTitle",
    /// The update notice's heading for a minor change.
    update_minor_title "updateMinorTitle",
    /// The update notice's introduction to the purposes it asks about again.
    update_reconsent_intro "updateReconsentIntro",
    /// The update notice's button that records the answers.
    update_confirm "updateConfirm",
    /// The minor update bar's button that dismisses it.
    update_dismiss "updateDismiss",
    /// The button that accepts a version that reduces the visitor's rights.
    update_accept "updateAccept",
    /// The button that leaves that acceptance for later (the older terms keep applying).
    update_later "updateLater",
    /// What applies until then: `{version}`, the version the visitor agreed to.
    update_terms_note "updateTermsNote",
    /// The link to the full list of changes.
    update_diff "updateDiff",
    /// The label of the "allowed" side of a toggle, for screen readers and the legend.
    allowed "allowed",
    /// The label of the "not allowed" side.
    not_allowed "notAllowed",
    /// Separator between items of a list.
    list_sep "listSeparator",
    /// The guardian-guidance notice's heading.
    guidance_title "guidanceTitle",
    /// The guardian-guidance notice: what the policy asks of a visitor under `{age}` (the
    /// seed's clause on minors: read the policy, and decide whether to agree, under the
    /// supervision and guidance of a parent or other guardian).
    guidance_text "guidanceText",
    /// The guardian-guidance notice's button: on to the banner.
    guidance_continue "guidanceContinue",
    /// The age question's heading.
    age_title "ageTitle",
    /// Why the age is asked, and that only the band is kept (no cutoff named).
    age_why "ageWhy",
    /// The age question.
    age_question "ageQuestion",
    /// The birth-year select's label.
    age_year "ageYear",
    /// The birth-month select's label.
    age_month "ageMonth",
    /// The empty first option of each select.
    age_choose "ageChoose",
    /// The age question's button.
    age_continue "ageContinue",
    /// The guardian step's heading.
    guardian_title "guardianTitle",
    /// The guardian step, when no use waits for the guardian by name.
    guardian_paused "guardianPaused",
    /// The guardian step: what is paused until a parent or guardian agrees, `{list}`.
    guardian_paused_list "guardianPausedList",
    /// How to ask a guardian, when a consent service sends the request.
    guardian_how "guardianHow",
    /// How to ask a guardian, when no consent service can send a request.
    guardian_how_offline "guardianHowOffline",
    /// What the guardian will see and decide.
    guardian_sees "guardianSees",
    /// The label of the guardian's email field.
    guardian_contact "guardianContact",
    /// The button that sends the request.
    guardian_send "guardianSend",
    /// The first layer's note when "accept all" cannot turn some purposes on, because each of
    /// them needs a consent given for it alone (PIPL Art. 29, 39; GB/T 35273-2020 5.4):
    /// `{accept}` and `{choose}` (the buttons' words), `{list}` (the purposes).
    separate_note "separateNote",
    /// The label of a link to the clause a purpose comes from: `{clause}`.
    clause_link "clauseLink",
    /// The placeholder of a gated embed whose data nobody else receives: `{what}`,
    /// `{purpose}`, `{data}`.
    placeholder "placeholder",
    /// The placeholder of a gated embed whose data is shared: `{what}`, `{purpose}`, `{data}`,
    /// `{recipients}`.
    placeholder_shared "placeholderShared",
    /// What a placeholder calls an embed that has no title of its own.
    embedded_content "embeddedContent",
    /// The placeholder's button: consent to that one purpose, `{purpose}`.
    allow_purpose "allowPurpose",
    /// After a withdrawal: what already ran on this page and keeps running until a reload,
    /// `{list}`.
    reload_needed "reloadNeeded",
    /// After a withdrawal that needs no reload: `{list}`.
    withdrawn "withdrawn",
    /// When recording a choice failed: it still applies here, unsigned; `{why}`.
    not_recorded "notRecorded",
}

const EN: Words<'static> = Words {
    accept_all: "Accept all",
    reject_all: "Reject all",
    choose: "Choose",
    save: "Save my choices",
    close: "Close",
    policy_link: "Read the privacy policy",
    second_title: "Choose what you allow",
    second_intro: "Everything optional is off until you turn it on. Essential functions always run. \
                   You can change or withdraw your choices at any time with the Privacy choices button.",
    essential_heading: "Always on",
    essential_intro: "Needed for the site to work; these run without consent.",
    basic_heading: "Basic functions",
    basic_intro: "Functions of the service itself.",
    extended_heading: "Extended functions",
    extended_intro: "Each needs its own consent. Saying no to one never limits the basic functions.",
    always_on: "Always on",
    data_label: "Data used",
    recipients_label: "Shared with",
    no_recipients: "No one outside us",
    retention_label: "Kept",
    details: "Details",
    privacy_choices: "Privacy choices",
    needs_separate: "Needs a consent given for this purpose alone: turn it on here.",
    unsigned: "This site has no consent service: your choices are kept in this browser only, without a signed receipt.",
    saved_signed: "Your choices are saved. The site signed a receipt of them, kept in this browser.",
    saved_unsigned: "Your choices are saved in this browser only; no signed receipt was issued.",
    reload: "Reload the page",
    update_major_title: "Our privacy policy has changed",
    update_minor_title: "Our privacy policy was updated",
    update_reconsent_intro: "These uses changed since you agreed to them. They stay off until you turn them on again.",
    update_confirm: "Save my choices",
    update_dismiss: "Got it",
    update_accept: "Accept the new terms",
    update_later: "Not now",
    update_terms_note:
        "Until you accept them, the terms of version {version}, which you agreed to, keep applying to you.",
    update_diff: "See every change",
    allowed: "On",
    not_allowed: "Off",
    list_sep: ", ",
    guidance_title: "Read this with a parent or guardian",
    guidance_text: "You are under {age}. Our privacy policy asks you to read it, and to decide whether to agree, \
                    under the supervision and guidance of a parent or other guardian. Youth mode is on, and some uses \
                    are not available to you.",
    guidance_continue: "Continue",
    age_title: "Before you continue",
    age_why: "We ask when you were born because the law protects children's data in particular ways. \
              Only your age band is kept, never the date.",
    age_question: "When were you born?",
    age_year: "Year",
    age_month: "Month",
    age_choose: "Choose\u{2026}",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    age_continue: "Continue",
    guardian_title: "Ask a parent or guardian",
    guardian_paused: "Until a parent or guardian agrees, only what the site needs to work is on.",
    guardian_paused_list: "Until a parent or guardian agrees, only what the site needs to work is on. \
                           Paused until then: {list}.",
    guardian_how: "Give us your parent's or guardian's email address: we send them a link and a code to answer.",
    guardian_how_offline: "This site cannot send the request itself: ask a parent or guardian to contact us \
                           through the privacy policy.",
    guardian_sees: "They will see each use we ask about, with the data it uses, who receives it and how long it \
                    is kept, and decide on each one. They can withdraw their consent at any time.",
    guardian_contact: "Your parent's or guardian's email",
    guardian_send: "Send the request",
    separate_note: "Some uses need a consent given for each one alone, so \u{201c}{accept}\u{201d} does not turn \
                    them on: {list}. You can turn them on under \u{201c}{choose}\u{201d}.",
    clause_link: "In the privacy policy: {clause}",
    placeholder: "{what} is not loaded. Loading it is part of \u{201c}{purpose}\u{201d} and would use: {data}.",
    placeholder_shared: "{what} is not loaded. Loading it is part of \u{201c}{purpose}\u{201d}: it would use {data}, \
                         shared with {recipients}.",
    embedded_content: "This embedded content",
    allow_purpose: "Allow \u{201c}{purpose}\u{201d}",
    reload_needed: "Withdrawn. The cookies and storage of {list} were deleted, but its scripts already ran on this \
                    page: reload the page to stop them.",
    withdrawn: "Withdrawn: {list}. Its cookies and storage were deleted.",
    not_recorded: "Your choices apply in this browser, but the site could not record them ({why}); no signed \
                   receipt was issued.",
};

const ZH: Words<'static> = Words {
    accept_all: "全部接受",
    reject_all: "全部拒绝",
    choose: "自行选择",
    save: "保存我的选择",
    close: "关闭",
    policy_link: "阅读隐私政策",
    second_title: "选择您允许的用途",
    second_intro: "所有可选用途在您开启之前均保持关闭，必要功能始终运行。\
                   您可以随时通过“隐私选择”按钮更改或撤回您的选择。",
    essential_heading: "始终开启",
    essential_intro: "网站正常运行所必需，无需同意即可运行。",
    basic_heading: "基本业务功能",
    basic_intro: "服务本身提供的功能。",
    extended_heading: "扩展业务功能",
    extended_intro: "每一项都需要您单独同意；拒绝其中任何一项都不会影响基本业务功能。",
    always_on: "始终开启",
    data_label: "使用的个人信息",
    recipients_label: "接收方",
    no_recipients: "不向第三方提供",
    retention_label: "保存期限",
    details: "详情",
    privacy_choices: "隐私选择",
    needs_separate: "此用途需要您单独同意：请在此处开启。",
    unsigned: "本网站未配置同意服务：您的选择仅保存在本浏览器中，没有签名回执。",
    saved_signed: "您的选择已保存。网站已为此签发回执，保存在本浏览器中。",
    saved_unsigned: "您的选择仅保存在本浏览器中，未签发签名回执。",
    reload: "重新加载页面",
    update_major_title: "我们的隐私政策已变更",
    update_minor_title: "我们的隐私政策已更新",
    update_reconsent_intro: "以下用途在您同意之后发生了变化。在您重新开启之前，它们保持关闭。",
    update_confirm: "保存我的选择",
    update_dismiss: "知道了",
    update_accept: "接受新条款",
    update_later: "暂不接受",
    update_terms_note: "在您接受之前，对您继续适用您此前同意的{version}版条款。",
    update_diff: "查看全部变更",
    allowed: "开启",
    not_allowed: "关闭",
    list_sep: "、",
    guidance_title: "请在监护人的指导下阅读",
    guidance_text: "您未满{age}周岁。我们的隐私政策请您在父母或其他监护人的监护和指导下阅读本政策，\
                    并决定是否同意。青少年模式已开启，部分用途对您不可用。",
    guidance_continue: "继续",
    age_title: "继续之前",
    age_why: "法律对儿童的个人信息有特别保护，因此我们询问您的出生年月。我们只保存您所属的年龄段，不保存出生日期。",
    age_question: "您的出生年月是？",
    age_year: "年",
    age_month: "月",
    age_choose: "请选择\u{2026}",
    months: [
        "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
    ],
    age_continue: "继续",
    guardian_title: "请征得父母或监护人同意",
    guardian_paused: "在父母或监护人同意之前，只开启网站运行所必需的功能。",
    guardian_paused_list: "在父母或监护人同意之前，只开启网站运行所必需的功能。在此之前暂停：{list}。",
    guardian_how: "请填写父母或监护人的电子邮箱：我们会向其发送用于答复的链接和验证码。",
    guardian_how_offline: "本网站无法代为发送请求：请父母或监护人通过隐私政策中的联系方式与我们联系。",
    guardian_sees:
        "他们将看到我们请求的每一项用途，包括使用的个人信息、接收方和保存期限，并逐项作出决定。他们可以随时撤回同意。",
    guardian_contact: "父母或监护人的电子邮箱",
    guardian_send: "发送请求",
    separate_note: "部分用途需要您逐项单独同意，“{accept}”不会开启它们：{list}。您可以在“{choose}”中开启。",
    clause_link: "隐私政策中的相关条款：{clause}",
    placeholder: "{what}尚未加载。加载它属于“{purpose}”，将会使用：{data}。",
    placeholder_shared: "{what}尚未加载。加载它属于“{purpose}”，将会使用{data}，并提供给{recipients}。",
    embedded_content: "此嵌入内容",
    allow_purpose: "允许“{purpose}”",
    reload_needed: "已撤回。{list}的 Cookie 和本地存储已删除，但其脚本已在本页运行：请重新加载页面以停止它们。",
    withdrawn: "已撤回：{list}。相关 Cookie 和本地存储已删除。",
    not_recorded: "您的选择已在本浏览器中生效，但网站未能记录（{why}），未签发签名回执。",
};

const DE: Words<'static> = Words {
    accept_all: "Alle akzeptieren",
    reject_all: "Alle ablehnen",
    choose: "Selbst auswählen",
    save: "Auswahl speichern",
    close: "Schließen",
    policy_link: "Datenschutzerklärung lesen",
    second_title: "Wählen Sie, was Sie erlauben",
    second_intro: "Alles Optionale bleibt aus, bis Sie es einschalten. Notwendige Funktionen laufen immer. \
                   Über die Schaltfläche \u{201e}Datenschutzeinstellungen\u{201c} können Sie Ihre Auswahl jederzeit \
                   ändern oder Ihre Einwilligung widerrufen.",
    essential_heading: "Immer aktiv",
    essential_intro: "Für den Betrieb der Website erforderlich; diese Funktionen laufen ohne Einwilligung.",
    basic_heading: "Grundfunktionen",
    basic_intro: "Funktionen des Dienstes selbst.",
    extended_heading: "Erweiterte Funktionen",
    extended_intro: "Jede erfordert eine eigene Einwilligung. Eine Ablehnung schränkt die Grundfunktionen nie ein.",
    always_on: "Immer aktiv",
    data_label: "Verwendete Daten",
    recipients_label: "Weitergegeben an",
    no_recipients: "Niemanden außerhalb unseres Unternehmens",
    retention_label: "Speicherdauer",
    details: "Details",
    privacy_choices: "Datenschutzeinstellungen",
    needs_separate: "Erfordert eine gesonderte Einwilligung nur für diesen Zweck: Schalten Sie ihn hier ein.",
    unsigned: "Diese Website hat keinen Einwilligungsdienst: Ihre Auswahl wird nur in diesem Browser gespeichert, \
               ohne signierten Beleg.",
    saved_signed: "Ihre Auswahl ist gespeichert. Die Website hat darüber einen Beleg signiert, der in diesem Browser \
                   gespeichert ist.",
    saved_unsigned: "Ihre Auswahl ist nur in diesem Browser gespeichert; es wurde kein signierter Beleg ausgestellt.",
    reload: "Seite neu laden",
    update_major_title: "Unsere Datenschutzerklärung hat sich geändert",
    update_minor_title: "Unsere Datenschutzerklärung wurde aktualisiert",
    update_reconsent_intro: "Diese Verwendungen haben sich geändert, seit Sie eingewilligt haben. Sie bleiben aus, \
                             bis Sie sie wieder einschalten.",
    update_confirm: "Auswahl speichern",
    update_dismiss: "Verstanden",
    update_accept: "Neue Bedingungen akzeptieren",
    update_later: "Nicht jetzt",
    update_terms_note: "Bis Sie sie akzeptieren, gelten für Sie weiterhin die Bedingungen der Version {version}, \
                        denen Sie zugestimmt haben.",
    update_diff: "Alle Änderungen ansehen",
    allowed: "An",
    not_allowed: "Aus",
    list_sep: ", ",
    guidance_title: "Bitte gemeinsam mit einem Elternteil oder einer erziehungsberechtigten Person lesen",
    guidance_text: "Sie sind jünger als {age} Jahre. Unsere Datenschutzerklärung bittet Sie, sie unter Aufsicht und \
                    Anleitung eines Elternteils oder einer anderen erziehungsberechtigten Person zu lesen und zu \
                    entscheiden, ob Sie einwilligen. Der Jugendmodus ist aktiv, und einige Verwendungen stehen Ihnen \
                    nicht zur Verfügung.",
    guidance_continue: "Weiter",
    age_title: "Bevor Sie fortfahren",
    age_why: "Wir fragen, wann Sie geboren sind, weil das Gesetz die Daten von Kindern besonders schützt. \
              Gespeichert wird nur Ihre Altersgruppe, nie das Datum.",
    age_question: "Wann sind Sie geboren?",
    age_year: "Jahr",
    age_month: "Monat",
    age_choose: "Bitte wählen\u{2026}",
    months: [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    age_continue: "Weiter",
    guardian_title: "Einen Elternteil oder eine erziehungsberechtigte Person fragen",
    guardian_paused: "Bis ein Elternteil oder eine erziehungsberechtigte Person einwilligt, ist nur aktiv, was die \
                      Website zum Funktionieren braucht.",
    guardian_paused_list: "Bis ein Elternteil oder eine erziehungsberechtigte Person einwilligt, ist nur aktiv, was \
                           die Website zum Funktionieren braucht. Bis dahin pausiert: {list}.",
    guardian_how: "Geben Sie die E-Mail-Adresse eines Elternteils oder einer erziehungsberechtigten Person an: Wir \
                   senden dorthin einen Link und einen Code für die Antwort.",
    guardian_how_offline: "Diese Website kann die Anfrage nicht selbst senden: Bitten Sie einen Elternteil oder eine \
                           erziehungsberechtigte Person, uns über die Kontaktangaben in der Datenschutzerklärung zu \
                           kontaktieren.",
    guardian_sees: "Die erziehungsberechtigte Person sieht jede Verwendung, nach der wir fragen, mit den verwendeten \
                    Daten, den Empfängern und der Speicherdauer, und entscheidet über jede einzeln. Sie kann ihre \
                    Einwilligung jederzeit widerrufen.",
    guardian_contact: "E-Mail-Adresse des Elternteils oder der erziehungsberechtigten Person",
    guardian_send: "Anfrage senden",
    separate_note: "Einige Verwendungen erfordern jeweils eine gesonderte Einwilligung, daher schaltet \
                    \u{201e}{accept}\u{201c} sie nicht ein: {list}. Sie können sie unter \u{201e}{choose}\u{201c} \
                    einschalten.",
    clause_link: "In der Datenschutzerklärung: {clause}",
    placeholder: "{what} ist nicht geladen. Das Laden gehört zu \u{201e}{purpose}\u{201c} und würde Folgendes \
                  verwenden: {data}.",
    placeholder_shared: "{what} ist nicht geladen. Das Laden gehört zu \u{201e}{purpose}\u{201c}: Es würde {data} \
                         verwenden, weitergegeben an {recipients}.",
    embedded_content: "Dieser eingebettete Inhalt",
    allow_purpose: "\u{201e}{purpose}\u{201c} erlauben",
    reload_needed: "Widerrufen. Die Cookies und gespeicherten Daten von {list} wurden gelöscht, aber die Skripte \
                    liefen auf dieser Seite bereits: Laden Sie die Seite neu, um sie zu beenden.",
    withdrawn: "Widerrufen: {list}. Die zugehörigen Cookies und gespeicherten Daten wurden gelöscht.",
    not_recorded: "Ihre Auswahl gilt in diesem Browser, aber die Website konnte sie nicht erfassen ({why}); es wurde \
                   kein signierter Beleg ausgestellt.",
};

// French puts a no-break space before `:`, `;` and `?`, and inside « ».
const FR: Words<'static> = Words {
    accept_all: "Tout accepter",
    reject_all: "Tout refuser",
    choose: "Personnaliser",
    save: "Enregistrer mes choix",
    close: "Fermer",
    policy_link: "Lire la politique de confidentialité",
    second_title: "Choisissez ce que vous autorisez",
    second_intro: "Tout ce qui est facultatif reste désactivé tant que vous ne l'activez pas. Les fonctions \
                   essentielles sont toujours actives. Vous pouvez modifier vos choix ou retirer votre consentement \
                   à tout moment avec le bouton «\u{a0}Choix de confidentialité\u{a0}».",
    essential_heading: "Toujours actives",
    essential_intro: "Nécessaires au fonctionnement du site\u{a0}; elles fonctionnent sans consentement.",
    basic_heading: "Fonctions de base",
    basic_intro: "Les fonctions du service lui-même.",
    extended_heading: "Fonctions étendues",
    extended_intro: "Chacune nécessite son propre consentement. En refuser une ne limite jamais les fonctions de base.",
    always_on: "Toujours actif",
    data_label: "Données utilisées",
    recipients_label: "Partagées avec",
    no_recipients: "Personne en dehors de nous",
    retention_label: "Durée de conservation",
    details: "Détails",
    privacy_choices: "Choix de confidentialité",
    needs_separate: "Nécessite un consentement donné pour cette seule finalité\u{a0}: activez-la ici.",
    unsigned: "Ce site n'a pas de service de consentement\u{a0}: vos choix sont conservés uniquement dans ce \
               navigateur, sans reçu signé.",
    saved_signed: "Vos choix sont enregistrés. Le site en a signé un reçu, conservé dans ce navigateur.",
    saved_unsigned: "Vos choix sont enregistrés dans ce navigateur uniquement\u{a0}; aucun reçu signé n'a été délivré.",
    reload: "Recharger la page",
    update_major_title: "Notre politique de confidentialité a changé",
    update_minor_title: "Notre politique de confidentialité a été mise à jour",
    update_reconsent_intro: "Ces utilisations ont changé depuis que vous les avez acceptées. Elles restent \
                             désactivées tant que vous ne les réactivez pas.",
    update_confirm: "Enregistrer mes choix",
    update_dismiss: "J'ai compris",
    update_accept: "Accepter les nouvelles conditions",
    update_later: "Pas maintenant",
    update_terms_note: "Tant que vous ne les acceptez pas, les conditions de la version {version}, que vous avez \
                        acceptées, continuent de s'appliquer à vous.",
    update_diff: "Voir toutes les modifications",
    allowed: "Activé",
    not_allowed: "Désactivé",
    list_sep: ", ",
    guidance_title: "À lire avec un parent ou un tuteur légal",
    guidance_text: "Vous avez moins de {age}\u{a0}ans. Notre politique de confidentialité vous demande de la lire, et \
                    de décider si vous l'acceptez, sous la surveillance et avec l'aide d'un parent ou d'un autre \
                    tuteur légal. Le mode jeunesse est activé et certaines utilisations ne vous sont pas accessibles.",
    guidance_continue: "Continuer",
    age_title: "Avant de continuer",
    age_why: "Nous vous demandons quand vous êtes né ou née parce que la loi protège particulièrement les données \
              des enfants. Seule votre tranche d'âge est conservée, jamais la date.",
    age_question: "Quand êtes-vous né ou née\u{a0}?",
    age_year: "Année",
    age_month: "Mois",
    age_choose: "Choisir\u{2026}",
    months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    age_continue: "Continuer",
    guardian_title: "Demander à un parent ou tuteur légal",
    guardian_paused: "Tant qu'un parent ou tuteur légal n'a pas donné son accord, seul ce dont le site a besoin \
                      pour fonctionner est actif.",
    guardian_paused_list: "Tant qu'un parent ou tuteur légal n'a pas donné son accord, seul ce dont le site a \
                           besoin pour fonctionner est actif. En attendant, sont suspendues\u{a0}: {list}.",
    guardian_how: "Indiquez l'adresse e-mail d'un parent ou tuteur légal\u{a0}: nous lui enverrons un lien et un \
                   code pour répondre.",
    guardian_how_offline: "Ce site ne peut pas envoyer la demande lui-même\u{a0}: demandez à un parent ou tuteur \
                           légal de nous contacter par les moyens indiqués dans la politique de confidentialité.",
    guardian_sees: "Il verra chaque utilisation pour laquelle nous demandons son accord, avec les données utilisées, \
                    leurs destinataires et leur durée de conservation, et décidera pour chacune. Il pourra retirer \
                    son consentement à tout moment.",
    guardian_contact: "Adresse e-mail du parent ou tuteur légal",
    guardian_send: "Envoyer la demande",
    separate_note: "Certaines utilisations nécessitent chacune un consentement distinct, donc \
                    «\u{a0}{accept}\u{a0}» ne les active pas\u{a0}: {list}. Vous pouvez les activer sous \
                    «\u{a0}{choose}\u{a0}».",
    clause_link: "Dans la politique de confidentialité\u{a0}: {clause}",
    placeholder: "{what} n'est pas chargé. Le charger relève de «\u{a0}{purpose}\u{a0}» et utiliserait\u{a0}: \
                  {data}.",
    placeholder_shared: "{what} n'est pas chargé. Le charger relève de «\u{a0}{purpose}\u{a0}»\u{a0}: cela \
                         utiliserait {data}, partagées avec {recipients}.",
    embedded_content: "Ce contenu intégré",
    allow_purpose: "Autoriser «\u{a0}{purpose}\u{a0}»",
    reload_needed: "Retiré. Les cookies et le stockage de {list} ont été supprimés, mais ses scripts se sont déjà \
                    exécutés sur cette page\u{a0}: rechargez la page pour les arrêter.",
    withdrawn: "Retiré\u{a0}: {list}. Ses cookies et son stockage ont été supprimés.",
    not_recorded: "Vos choix s'appliquent dans ce navigateur, mais le site n'a pas pu les enregistrer \
                   ({why})\u{a0}; aucun reçu signé n'a été délivré.",
};

const ES: Words<'static> = Words {
    accept_all: "Aceptar todo",
    reject_all: "Rechazar todo",
    choose: "Configurar",
    save: "Guardar mis opciones",
    close: "Cerrar",
    policy_link: "Leer la política de privacidad",
    second_title: "Elija lo que permite",
    second_intro: "Todo lo opcional está desactivado hasta que usted lo active. Las funciones esenciales siempre \
                   están activas. Puede cambiar sus opciones o retirar su consentimiento en cualquier momento con el \
                   botón «Opciones de privacidad».",
    essential_heading: "Siempre activas",
    essential_intro: "Necesarias para que el sitio funcione; funcionan sin consentimiento.",
    basic_heading: "Funciones básicas",
    basic_intro: "Funciones del propio servicio.",
    extended_heading: "Funciones ampliadas",
    extended_intro: "Cada una necesita su propio consentimiento. Rechazar una nunca limita las funciones básicas.",
    always_on: "Siempre activa",
    data_label: "Datos utilizados",
    recipients_label: "Se comparten con",
    no_recipients: "Nadie fuera de nuestra organización",
    retention_label: "Plazo de conservación",
    details: "Detalles",
    privacy_choices: "Opciones de privacidad",
    needs_separate: "Necesita un consentimiento otorgado solo para esta finalidad: actívela aquí.",
    unsigned: "Este sitio no tiene servicio de consentimiento: sus opciones se guardan solo en este navegador, sin \
               recibo firmado.",
    saved_signed: "Sus opciones se han guardado. El sitio ha firmado un recibo de ellas, guardado en este navegador.",
    saved_unsigned: "Sus opciones se han guardado solo en este navegador; no se ha emitido ningún recibo firmado.",
    reload: "Recargar la página",
    update_major_title: "Nuestra política de privacidad ha cambiado",
    update_minor_title: "Nuestra política de privacidad se ha actualizado",
    update_reconsent_intro: "Estos usos han cambiado desde que los aceptó. Seguirán desactivados hasta que los \
                             vuelva a activar.",
    update_confirm: "Guardar mis opciones",
    update_dismiss: "Entendido",
    update_accept: "Aceptar las nuevas condiciones",
    update_later: "Ahora no",
    update_terms_note: "Hasta que las acepte, se le siguen aplicando las condiciones de la versión {version}, que \
                        usted aceptó.",
    update_diff: "Ver todos los cambios",
    allowed: "Activado",
    not_allowed: "Desactivado",
    list_sep: ", ",
    guidance_title: "Lea esto con su padre, su madre o su tutor legal",
    guidance_text: "Tiene menos de {age} años. Nuestra política de privacidad le pide que la lea, y que decida si \
                    la acepta, bajo la supervisión y orientación de su padre, su madre u otro tutor legal. El modo \
                    para menores está activado y algunos usos no están disponibles para usted.",
    guidance_continue: "Continuar",
    age_title: "Antes de continuar",
    age_why: "Le preguntamos cuándo nació porque la ley protege de forma especial los datos de los menores. Solo \
              se guarda su franja de edad, nunca la fecha.",
    age_question: "¿Cuándo nació?",
    age_year: "Año",
    age_month: "Mes",
    age_choose: "Elegir\u{2026}",
    months: [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    age_continue: "Continuar",
    guardian_title: "Pedir permiso a su padre, su madre o su tutor legal",
    guardian_paused: "Hasta que su padre, su madre o su tutor legal dé su consentimiento, solo está activo lo que el \
                      sitio necesita para funcionar.",
    guardian_paused_list: "Hasta que su padre, su madre o su tutor legal dé su consentimiento, solo está activo lo \
                           que el sitio necesita para funcionar. En pausa hasta entonces: {list}.",
    guardian_how: "Indique la dirección de correo electrónico de su padre, su madre o su tutor legal: le enviaremos \
                   un enlace y un código para responder.",
    guardian_how_offline: "Este sitio no puede enviar la solicitud por sí mismo: pida a su padre, su madre o su \
                           tutor legal que se ponga en contacto con nosotros a través de la política de privacidad.",
    guardian_sees: "Verá cada uso por el que preguntamos, con los datos que utiliza, quién los recibe y cuánto \
                    tiempo se conservan, y decidirá sobre cada uno. Puede retirar su consentimiento en cualquier \
                    momento.",
    guardian_contact: "Correo electrónico de su padre, su madre o su tutor legal",
    guardian_send: "Enviar la solicitud",
    separate_note: "Algunos usos necesitan un consentimiento específico para cada uno, así que «{accept}» no los \
                    activa: {list}. Puede activarlos en «{choose}».",
    clause_link: "En la política de privacidad: {clause}",
    placeholder: "{what} no está cargado. Cargarlo forma parte de «{purpose}» y usaría: {data}.",
    placeholder_shared: "{what} no está cargado. Cargarlo forma parte de «{purpose}»: usaría {data}, que se \
                         comparten con {recipients}.",
    embedded_content: "Este contenido insertado",
    allow_purpose: "Permitir «{purpose}»",
    reload_needed: "Retirado. Se han eliminado las cookies y el almacenamiento de {list}, pero sus scripts ya se han \
                    ejecutado en esta página: recargue la página para detenerlos.",
    withdrawn: "Retirado: {list}. Se han eliminado sus cookies y su almacenamiento.",
    not_recorded: "Sus opciones se aplican en este navegador, pero el sitio no ha podido registrarlas ({why}); no \
                   se ha emitido ningún recibo firmado.",
};

const JA: Words<'static> = Words {
    accept_all: "すべて同意する",
    reject_all: "すべて拒否する",
    choose: "自分で選ぶ",
    save: "選択を保存",
    close: "閉じる",
    policy_link: "プライバシーポリシーを読む",
    second_title: "許可する内容を選択",
    second_intro: "任意の項目は、オンにするまですべてオフです。必須の機能は常に動作します。\
                   選択の変更や同意の撤回は、「プライバシー設定」ボタンからいつでもできます。",
    essential_heading: "常にオン",
    essential_intro: "サイトの動作に必要なため、同意なしで動作します。",
    basic_heading: "基本機能",
    basic_intro: "サービス自体の機能です。",
    extended_heading: "拡張機能",
    extended_intro: "それぞれに個別の同意が必要です。いずれかを拒否しても、基本機能が制限されることはありません。",
    always_on: "常にオン",
    data_label: "利用する情報",
    recipients_label: "提供先",
    no_recipients: "当社以外には提供しません",
    retention_label: "保存期間",
    details: "詳細",
    privacy_choices: "プライバシー設定",
    needs_separate: "この目的だけについての個別の同意が必要です。ここでオンにしてください。",
    unsigned:
        "このサイトには同意サービスがありません。選択はこのブラウザにのみ保存され、署名付きの記録は発行されません。",
    saved_signed: "選択を保存しました。サイトが署名した記録を、このブラウザに保存しています。",
    saved_unsigned: "選択はこのブラウザにのみ保存されました。署名付きの記録は発行されていません。",
    reload: "ページを再読み込み",
    update_major_title: "プライバシーポリシーが変更されました",
    update_minor_title: "プライバシーポリシーが更新されました",
    update_reconsent_intro: "以下の利用目的は、同意いただいた後に変更されました。改めてオンにするまでオフのままです。",
    update_confirm: "選択を保存",
    update_dismiss: "確認しました",
    update_accept: "新しい内容に同意する",
    update_later: "後で",
    update_terms_note: "同意いただくまでは、以前に同意いただいたバージョン{version}の内容が引き続き適用されます。",
    update_diff: "すべての変更を見る",
    allowed: "オン",
    not_allowed: "オフ",
    list_sep: "、",
    guidance_title: "保護者の方と一緒にお読みください",
    guidance_text: "あなたは{age}歳未満です。このプライバシーポリシーは、保護者の方の監督と指導のもとで読み、\
                    同意するかどうかを決めていただくようお願いしています。青少年モードがオンになっており、\
                    一部の利用目的はご利用いただけません。",
    guidance_continue: "続ける",
    age_title: "続ける前に",
    age_why: "法律は子どもの個人情報を特に保護しているため、生まれた年月をお尋ねします。\
              保存するのは年齢層だけで、生年月は保存しません。",
    age_question: "生まれた年月を教えてください。",
    age_year: "年",
    age_month: "月",
    age_choose: "選択してください\u{2026}",
    months: [
        "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
    ],
    age_continue: "続ける",
    guardian_title: "保護者の方に確認する",
    guardian_paused: "保護者の方が同意するまでは、サイトの動作に必要な機能だけがオンになります。",
    guardian_paused_list: "保護者の方が同意するまでは、サイトの動作に必要な機能だけがオンになります。\
                           それまで停止するもの：{list}。",
    guardian_how: "保護者の方のメールアドレスを入力してください。返答用のリンクとコードをお送りします。",
    guardian_how_offline: "このサイトからは依頼を送信できません。プライバシーポリシーに記載の連絡先から、\
                           保護者の方に当社へご連絡いただいてください。",
    guardian_sees: "保護者の方には、お尋ねする利用目的ごとに、利用する情報、提供先、保存期間が表示され、\
                    それぞれについて判断していただきます。同意はいつでも撤回できます。",
    guardian_contact: "保護者の方のメールアドレス",
    guardian_send: "依頼を送信",
    separate_note: "一部の利用目的はそれぞれ個別の同意が必要なため、「{accept}」ではオンになりません：{list}。\
                    「{choose}」からオンにできます。",
    clause_link: "プライバシーポリシーの該当箇所：{clause}",
    placeholder: "{what}は読み込まれていません。読み込みは「{purpose}」に含まれ、次の情報を利用します：{data}。",
    placeholder_shared: "{what}は読み込まれていません。読み込みは「{purpose}」に含まれ、{data}を利用し、\
                         {recipients}に提供します。",
    embedded_content: "この埋め込みコンテンツ",
    allow_purpose: "「{purpose}」を許可",
    reload_needed: "撤回しました。{list}のCookieと保存データは削除しましたが、そのスクリプトはこのページで\
                    すでに動作しています。停止するにはページを再読み込みしてください。",
    withdrawn: "撤回しました：{list}。関連するCookieと保存データは削除しました。",
    not_recorded: "選択はこのブラウザでは有効ですが、サイトで記録できませんでした（{why}）。\
                   署名付きの記録は発行されていません。",
};

const KO: Words<'static> = Words {
    accept_all: "모두 동의",
    reject_all: "모두 거부",
    choose: "직접 선택",
    save: "선택 저장",
    close: "닫기",
    policy_link: "개인정보 처리방침 읽기",
    second_title: "허용할 항목 선택",
    second_intro: "선택 항목은 직접 켜기 전까지 모두 꺼져 있습니다. 필수 기능은 항상 작동합니다. \
                   \u{2018}개인정보 설정\u{2019} 버튼으로 언제든지 선택을 변경하거나 동의를 철회할 수 있습니다.",
    essential_heading: "항상 켜짐",
    essential_intro: "사이트 운영에 필요하므로 동의 없이 작동합니다.",
    basic_heading: "기본 기능",
    basic_intro: "서비스 자체의 기능입니다.",
    extended_heading: "확장 기능",
    extended_intro: "각각 별도의 동의가 필요합니다. 어느 하나를 거부해도 기본 기능은 제한되지 않습니다.",
    always_on: "항상 켜짐",
    data_label: "처리하는 개인정보",
    recipients_label: "제공받는 자",
    no_recipients: "외부에 제공하지 않음",
    retention_label: "보유 기간",
    details: "자세히",
    privacy_choices: "개인정보 설정",
    needs_separate: "이 목적에 대해서만 별도의 동의가 필요합니다. 여기에서 켜세요.",
    unsigned:
        "이 사이트에는 동의 서비스가 없습니다. 선택은 이 브라우저에만 저장되며 서명된 확인서는 발급되지 않습니다.",
    saved_signed: "선택이 저장되었습니다. 사이트가 서명한 확인서를 이 브라우저에 보관합니다.",
    saved_unsigned: "선택이 이 브라우저에만 저장되었습니다. 서명된 확인서는 발급되지 않았습니다.",
    reload: "페이지 새로고침",
    update_major_title: "개인정보 처리방침이 변경되었습니다",
    update_minor_title: "개인정보 처리방침이 업데이트되었습니다",
    update_reconsent_intro: "아래 항목은 동의하신 후 변경되었습니다. 다시 켜기 전까지 꺼져 있습니다.",
    update_confirm: "선택 저장",
    update_dismiss: "확인",
    update_accept: "새 약관에 동의",
    update_later: "나중에",
    update_terms_note: "동의하시기 전까지는 이전에 동의하신 {version} 버전의 내용이 계속 적용됩니다.",
    update_diff: "모든 변경 사항 보기",
    allowed: "켜짐",
    not_allowed: "꺼짐",
    list_sep: ", ",
    guidance_title: "부모님이나 법정대리인과 함께 읽어 주세요",
    guidance_text: "귀하는 만 {age}세 미만입니다. 개인정보 처리방침은 부모님 등 법정대리인의 감독과 지도 아래 \
                    읽고 동의 여부를 결정하도록 안내합니다. 청소년 모드가 켜져 있으며 일부 항목은 이용할 수 없습니다.",
    guidance_continue: "계속",
    age_title: "계속하기 전에",
    age_why: "법은 아동의 개인정보를 특별히 보호하므로 태어난 연월을 여쭙니다. 연령대만 저장하며 생년월은 \
              저장하지 않습니다.",
    age_question: "언제 태어나셨나요?",
    age_year: "연도",
    age_month: "월",
    age_choose: "선택\u{2026}",
    months: [
        "1월", "2월", "3월", "4월", "5월", "6월", "7월", "8월", "9월", "10월", "11월", "12월",
    ],
    age_continue: "계속",
    guardian_title: "법정대리인에게 동의 요청",
    guardian_paused: "법정대리인이 동의하기 전까지는 사이트 운영에 필요한 기능만 켜집니다.",
    guardian_paused_list: "법정대리인이 동의하기 전까지는 사이트 운영에 필요한 기능만 켜집니다. \
                           그때까지 중지되는 항목: {list}.",
    guardian_how: "부모님이나 법정대리인의 이메일 주소를 입력하세요. 답변용 링크와 코드를 보내 드립니다.",
    guardian_how_offline: "이 사이트는 요청을 직접 보낼 수 없습니다. 부모님이나 법정대리인께 개인정보 처리방침의 \
                           연락처로 저희에게 연락해 달라고 요청하세요.",
    guardian_sees: "법정대리인은 저희가 요청하는 각 항목의 처리하는 개인정보, 제공받는 자, 보유 기간을 확인하고 \
                    항목별로 결정합니다. 동의는 언제든지 철회할 수 있습니다.",
    guardian_contact: "부모님 또는 법정대리인의 이메일",
    guardian_send: "요청 보내기",
    separate_note: "일부 항목은 각각 별도의 동의가 필요하므로 \u{2018}{accept}\u{2019} 버튼으로는 켜지지 않습니다: \
                    {list}. \u{2018}{choose}\u{2019}에서 켤 수 있습니다.",
    clause_link: "개인정보 처리방침의 관련 조항: {clause}",
    placeholder: "불러오지 않은 콘텐츠: {what}. 불러오면 \u{2018}{purpose}\u{2019}에 해당하며 다음 정보를 \
                  처리합니다: {data}.",
    placeholder_shared: "불러오지 않은 콘텐츠: {what}. 불러오면 \u{2018}{purpose}\u{2019}에 해당하며 {data} \
                         정보를 처리하고 {recipients}에게 제공합니다.",
    embedded_content: "이 삽입 콘텐츠",
    allow_purpose: "\u{2018}{purpose}\u{2019} 허용",
    reload_needed: "철회했습니다. {list} 관련 쿠키와 저장 데이터는 삭제했지만, 해당 스크립트가 이미 이 페이지에서 \
                    실행되었습니다. 중지하려면 페이지를 새로고침하세요.",
    withdrawn: "철회했습니다: {list}. 관련 쿠키와 저장 데이터를 삭제했습니다.",
    not_recorded: "선택은 이 브라우저에서 적용되지만 사이트에서 기록하지 못했습니다({why}). 서명된 확인서는 \
                   발급되지 않았습니다.",
};

/// A page's or a policy's own words, per language (`"words": {"de": {"acceptAll": "..."}}`).
/// The languages are those the banner ships words in, by their tags; each key is one of
/// [`KEYS`]. Read with [`Overrides::check`] to hold each word to its template's names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    #[serde(default)]
    en: Option<WordOverrides>,
    #[serde(default, rename = "zh-CN")]
    zh: Option<WordOverrides>,
    #[serde(default)]
    de: Option<WordOverrides>,
    #[serde(default)]
    fr: Option<WordOverrides>,
    #[serde(default)]
    es: Option<WordOverrides>,
    #[serde(default)]
    ja: Option<WordOverrides>,
    #[serde(default)]
    ko: Option<WordOverrides>,
}

impl Overrides {
    /// The overrides for one language.
    pub fn of(&self, lang: Lang) -> Option<&WordOverrides> {
        match lang {
            Lang::En => self.en.as_ref(),
            Lang::Zh => self.zh.as_ref(),
            Lang::De => self.de.as_ref(),
            Lang::Fr => self.fr.as_ref(),
            Lang::Es => self.es.as_ref(),
            Lang::Ja => self.ja.as_ref(),
            Lang::Ko => self.ko.as_ref(),
        }
    }

    /// Refuses a word that is empty, or that names a value its key is not filled with
    /// (`{list}` in `acceptAll`); `at` is where the overrides are (`$.words`).
    pub fn check(&self, at: &str) -> Result<(), Problem> {
        let english: Vec<(&str, &str)> = EN.entries();
        for lang in Lang::ALL {
            let Some(o) = self.of(lang) else { continue };
            for (key, text) in o.entries() {
                let path = format!("{at}.{}.{key}", lang.tag());
                if text.trim().is_empty() {
                    return Err(Problem::at("words.empty", path, format!("the word `{key}` is empty"))
                        .hint("write the word, or leave the key out to keep the banner's own"));
                }
                let allowed: Vec<&str> = english
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, t)| placeholders(t))
                    .unwrap_or_default();
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

    /// What the JSON reader's refusal of an unknown member under `at` (`$.words`) means here:
    /// an unknown language (`$.words.pt`) or an unknown key (`$.words.de.acceptAl`), named,
    /// with the closest valid name and the list of valid ones. Any other problem is kept.
    pub fn explain(p: Problem, at: &str) -> Problem {
        if p.code != "schema.unknown_field" {
            return p;
        }
        let Some(rest) = p.path.strip_prefix(at) else { return p };
        let parts: Vec<&str> = rest
            .trim_start_matches('.')
            .split('.')
            .filter(|s| !s.is_empty())
            .collect();
        let tags: Vec<&str> = Lang::ALL.iter().map(|l| l.tag()).collect();
        let (code, name, valid, what): (&'static str, &str, Vec<&str>, &str) = match parts.as_slice() {
            [name] => ("words.unknown_locale", name, tags, "language"),
            [_, name] => ("words.unknown_key", name, KEYS.to_vec(), "key"),
            _ => return p,
        };
        let near = did_you_mean(name, valid.iter().copied());
        let list = valid.join(", ");
        let hint = match near {
            Some(near) => format!("{near} The {what}s are: {list}."),
            None => format!("the {what}s are: {list}"),
        };
        Problem {
            code,
            message: format!("the banner has no {what} `{name}` to override"),
            hint: Some(hint),
            ..p
        }
    }
}

impl Words<'static> {
    /// The banner's own words in `lang`.
    pub fn of(lang: Lang) -> &'static Words<'static> {
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
}

impl<'a> Words<'a> {
    /// The words for `locale`: those of its language, with each word `overrides` gives for
    /// that language in place of the banner's own.
    pub fn resolve(locale: &str, overrides: &'a Overrides) -> Words<'a> {
        let lang = Lang::of(locale);
        let mut w = *Words::of(lang);
        if let Some(o) = overrides.of(lang) {
            o.apply(&mut w);
        }
        w
    }

    fn list(&self, names: &[&str]) -> String {
        names.join(self.list_sep)
    }

    /// The first layer's note on the purposes "accept all" does not turn on.
    pub fn separate_note_for(&self, names: &[&str]) -> String {
        fill(
            self.separate_note,
            &[
                ("accept", self.accept_all),
                ("choose", self.choose),
                ("list", &self.list(names)),
            ],
        )
    }

    /// The guardian-guidance notice for a visitor under `minor_age`.
    pub fn guidance_for(&self, minor_age: u8) -> String {
        fill(self.guidance_text, &[("age", &minor_age.to_string())])
    }

    /// The guardian step: what is paused until a parent or guardian agrees.
    pub fn guardian_paused_for(&self, names: &[&str]) -> String {
        if names.is_empty() {
            self.guardian_paused.to_string()
        } else {
            fill(self.guardian_paused_list, &[("list", &self.list(names))])
        }
    }

    /// The label of a link to the clause a purpose comes from.
    pub fn clause_link_to(&self, clause: &str) -> String {
        fill(self.clause_link, &[("clause", clause)])
    }

    /// The text of the placeholder that stands in for a gated embed: what loading it would
    /// share, with whom, and for which purpose.
    pub fn placeholder_for(&self, what: &str, purpose: &str, data: &[String], recipients: &[String]) -> String {
        let data = data.join(self.list_sep);
        if recipients.is_empty() {
            fill(
                self.placeholder,
                &[("what", what), ("purpose", purpose), ("data", &data)],
            )
        } else {
            let to = recipients.join(self.list_sep);
            fill(
                self.placeholder_shared,
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
        fill(self.allow_purpose, &[("purpose", purpose)])
    }

    /// After a withdrawal: what already ran on this page and keeps running until a reload.
    pub fn reload_needed_for(&self, names: &[&str]) -> String {
        fill(self.reload_needed, &[("list", &self.list(names))])
    }

    /// After a withdrawal that needs no reload.
    pub fn withdrawn_for(&self, names: &[&str]) -> String {
        fill(self.withdrawn, &[("list", &self.list(names))])
    }

    /// When recording a choice failed: it still applies here, unsigned.
    pub fn not_recorded_for(&self, why: &str) -> String {
        fill(self.not_recorded, &[("why", why)])
    }

    /// What applies until the visitor accepts a version that reduces their rights.
    pub fn terms_note_for(&self, version: &str) -> String {
        fill(self.update_terms_note, &[("version", version)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_word_with_the_english_placeholders() {
        let english = Words::of(Lang::En).entries();
        assert_eq!(english.len() + 1, KEYS.len());
        for lang in Lang::ALL {
            let w = Words::of(lang);
            let entries = w.entries();
            assert_eq!(entries.len(), english.len());
            for ((key, text), (en_key, en)) in entries.iter().zip(&english) {
                assert_eq!(key, en_key);
                assert!(!text.trim().is_empty(), "{lang:?}: `{key}` is empty");
                let mut mine = placeholders(text);
                let mut theirs = placeholders(en);
                mine.sort_unstable();
                theirs.sort_unstable();
                assert_eq!(mine, theirs, "{lang:?}: `{key}` is {text}");
                // A word other than English's is its language's own, never the English left in.
                if lang != Lang::En && !matches!(*key, "listSeparator" | "details") {
                    assert_ne!(text, en, "{lang:?}: `{key}` is still English");
                }
            }
            for m in w.months {
                assert!(!m.trim().is_empty(), "{lang:?}: a month is empty");
            }
        }
        assert_eq!(Words::of(Lang::Zh).accept_all, "全部接受");
        assert_eq!(Words::of(Lang::De).accept_all, "Alle akzeptieren");
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
        crate::policy::parse_json::<Overrides>(json)
            .map_err(|p| Overrides::explain(p, "$"))
            .and_then(|o| o.check("$").map(|()| o))
    }

    #[test]
    fn an_override_replaces_a_word_in_its_language_only() {
        let o = overrides(r#"{"de": {"acceptAll": "Einverstanden", "months": ["Jänner","Februar","März","April","Mai","Juni","Juli","August","September","Oktober","November","Dezember"]}}"#).unwrap();
        let de = Words::resolve("de-AT", &o);
        assert_eq!(
            (de.accept_all, de.reject_all, de.months[0]),
            ("Einverstanden", "Alle ablehnen", "Jänner")
        );
        assert!(de.separate_note_for(&["X"]).contains("\u{201e}Einverstanden\u{201c}"));
        assert_eq!(Words::resolve("en", &o).accept_all, "Accept all");
        assert_eq!(Words::resolve("fr", &Overrides::default()), *Words::of(Lang::Fr));
    }

    #[test]
    fn an_unknown_key_or_language_is_named_with_the_valid_ones() {
        let e = overrides(r#"{"de": {"acceptAl": "Ja"}}"#).unwrap_err();
        assert_eq!(e.code, "words.unknown_key");
        assert!(e.message.contains("`acceptAl`"), "{}", e.message);
        let hint = e.hint.unwrap();
        assert!(
            hint.contains("acceptAll") && hint.contains("rejectAll, choose"),
            "{hint}"
        );
        let e = overrides(r#"{"pt": {"acceptAll": "Aceitar"}}"#).unwrap_err();
        assert_eq!(e.code, "words.unknown_locale");
        assert!(e.message.contains("`pt`"));
        assert!(e.hint.unwrap().contains("en, zh-CN, de, fr, es, ja, ko"));
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
        let e = overrides(r#"{"ja": {"months": ["1"]}}"#).unwrap_err();
        assert_eq!(e.path, "$.ja.months");
    }
}
