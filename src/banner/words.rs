//! The banner's own words (buttons, headings, labels, notices) in English and Simplified
//! Chinese, side by side so that the two say the same thing. Everything the policy says comes
//! from [`Policy::texts`](crate::policy::Policy::texts); these are only the words around it.

use crate::eval::messages::Lang;
use crate::prelude::*;

/// The fixed words of the banner in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    /// First-layer button: consent to everything optional that may be offered.
    pub accept_all: &'static str,
    /// First-layer button: refuse everything optional.
    pub reject_all: &'static str,
    /// First-layer button: open the second layer.
    pub choose: &'static str,
    /// Second-layer button: record the toggles as they are.
    pub save: &'static str,
    /// Second-layer button: close without saving (the defaults stay).
    pub close: &'static str,
    /// The link to the full policy.
    pub policy_link: &'static str,
    /// The second layer's heading.
    pub second_title: &'static str,
    /// The second layer's introduction.
    pub second_intro: &'static str,
    /// Heading of the essential purposes.
    pub essential_heading: &'static str,
    /// What the essential purposes are.
    pub essential_intro: &'static str,
    /// Heading of the basic functions.
    pub basic_heading: &'static str,
    /// What consent to basic functions means (GB/T 35273-2020 5.3).
    pub basic_intro: &'static str,
    /// Heading of the extended functions.
    pub extended_heading: &'static str,
    /// What consent to extended functions means (GB/T 35273-2020 5.3).
    pub extended_intro: &'static str,
    /// The badge of an essential purpose.
    pub always_on: &'static str,
    /// Label of the data a purpose uses.
    pub data_label: &'static str,
    /// Label of who receives it.
    pub recipients_label: &'static str,
    /// When nobody outside the controller receives it.
    pub no_recipients: &'static str,
    /// Label of how long it is kept.
    pub retention_label: &'static str,
    /// The disclosure that holds a purpose's details.
    pub details: &'static str,
    /// The persistent button that reopens the choices.
    pub privacy_choices: &'static str,
    /// A purpose that needs a consent given for it alone.
    pub needs_separate: &'static str,
    /// Shown when no consent service signs the choice.
    pub unsigned: &'static str,
    /// Shown after a choice was recorded and signed.
    pub saved_signed: &'static str,
    /// Shown after a choice was kept in this browser only.
    pub saved_unsigned: &'static str,
    /// The button that reloads the page after a withdrawal.
    pub reload: &'static str,
    /// The update notice's heading for a major change.
    pub update_major_title: &'static str,
    /// The update notice's heading for a minor change.
    pub update_minor_title: &'static str,
    /// The update notice's introduction to the purposes it asks about again.
    pub update_reconsent_intro: &'static str,
    /// The update notice's button that records the answers.
    pub update_confirm: &'static str,
    /// The minor update bar's button that dismisses it.
    pub update_dismiss: &'static str,
    /// The button that accepts a version that reduces the visitor's rights.
    pub update_accept: &'static str,
    /// The button that leaves that acceptance for later (the older terms keep applying).
    pub update_later: &'static str,
    /// What applies until then; `{v}` is the version the visitor agreed to.
    pub update_terms_note: &'static str,
    /// The link to the full list of changes.
    pub update_diff: &'static str,
    /// The label of the "allowed" side of a toggle, for screen readers and the legend.
    pub allowed: &'static str,
    /// The label of the "not allowed" side.
    pub not_allowed: &'static str,
    /// Separator between items of a list.
    pub list_sep: &'static str,
    /// The guardian-guidance notice's heading.
    pub guidance_title: &'static str,
    /// The guardian-guidance notice's button: on to the banner.
    pub guidance_continue: &'static str,
    /// The age question's heading.
    pub age_title: &'static str,
    /// Why the age is asked, and that only the band is kept (no cutoff named).
    pub age_why: &'static str,
    /// The age question.
    pub age_question: &'static str,
    /// The birth-year select's label.
    pub age_year: &'static str,
    /// The birth-month select's label.
    pub age_month: &'static str,
    /// The empty first option of each select.
    pub age_choose: &'static str,
    /// The months, January first.
    pub months: [&'static str; 12],
    /// The age question's button.
    pub age_continue: &'static str,
    /// The guardian step's heading.
    pub guardian_title: &'static str,
    /// How to ask a guardian, when a consent service sends the request.
    pub guardian_how: &'static str,
    /// How to ask a guardian, when no consent service can send a request.
    pub guardian_how_offline: &'static str,
    /// What the guardian will see and decide.
    pub guardian_sees: &'static str,
    /// The label of the guardian's email field.
    pub guardian_contact: &'static str,
    /// The button that sends the request.
    pub guardian_send: &'static str,
}

const EN: Words = Words {
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
    update_terms_note: "Until you accept them, the terms of version {v}, which you agreed to, keep applying to you.",
    update_diff: "See every change",
    allowed: "On",
    not_allowed: "Off",
    list_sep: ", ",
    guidance_title: "Read this with a parent or guardian",
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
    guardian_how: "Give us your parent's or guardian's email address: we send them a link and a code to answer.",
    guardian_how_offline: "This site cannot send the request itself: ask a parent or guardian to contact us \
                           through the privacy policy.",
    guardian_sees: "They will see each use we ask about, with the data it uses, who receives it and how long it \
                    is kept, and decide on each one. They can withdraw their consent at any time.",
    guardian_contact: "Your parent's or guardian's email",
    guardian_send: "Send the request",
};

const ZH: Words = Words {
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
    update_terms_note: "在您接受之前，对您继续适用您此前同意的{v}版条款。",
    update_diff: "查看全部变更",
    allowed: "开启",
    not_allowed: "关闭",
    list_sep: "、",
    guidance_title: "请在监护人的指导下阅读",
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
    guardian_how: "请填写父母或监护人的电子邮箱：我们会向其发送用于答复的链接和验证码。",
    guardian_how_offline: "本网站无法代为发送请求：请父母或监护人通过隐私政策中的联系方式与我们联系。",
    guardian_sees:
        "他们将看到我们请求的每一项用途，包括使用的个人信息、接收方和保存期限，并逐项作出决定。他们可以随时撤回同意。",
    guardian_contact: "父母或监护人的电子邮箱",
    guardian_send: "发送请求",
};

impl Words {
    /// The words in `lang`.
    pub fn of(lang: Lang) -> &'static Words {
        match lang {
            Lang::En => &EN,
            Lang::Zh => &ZH,
        }
    }

    /// The first layer's note when "accept all" cannot turn some purposes on, because each of
    /// them needs a consent given for it alone (PIPL Art. 29, 39; GB/T 35273-2020 5.4).
    pub fn separate_note(&self, lang: Lang, names: &[&str]) -> String {
        let list = names.join(self.list_sep);
        match lang {
            Lang::En => format!(
                "Some uses need a consent given for each one alone, so \u{201c}{}\u{201d} does not turn them on: {list}. \
                 You can turn them on under \u{201c}{}\u{201d}.",
                self.accept_all, self.choose
            ),
            Lang::Zh => format!(
                "部分用途需要您逐项单独同意，“{}”不会开启它们：{list}。您可以在“{}”中开启。",
                self.accept_all, self.choose
            ),
        }
    }

    /// The guardian-guidance notice: what the policy asks of a visitor under `minor_age`
    /// (the seed's clause on minors: read the policy, and decide whether to agree, under the
    /// supervision and guidance of a parent or other guardian).
    pub fn guidance_text(&self, lang: Lang, minor_age: u8) -> String {
        match lang {
            Lang::En => format!(
                "You are under {minor_age}. Our privacy policy asks you to read it, and to decide whether to agree, \
                 under the supervision and guidance of a parent or other guardian. Youth mode is on, and some uses \
                 are not available to you."
            ),
            Lang::Zh => format!(
                "您未满{minor_age}周岁。我们的隐私政策请您在父母或其他监护人的监护和指导下阅读本政策，\
                 并决定是否同意。青少年模式已开启，部分用途对您不可用。"
            ),
        }
    }

    /// The guardian step: what is paused until a parent or guardian agrees.
    pub fn guardian_paused(&self, lang: Lang, names: &[&str]) -> String {
        let list = names.join(self.list_sep);
        match (lang, names.is_empty()) {
            (Lang::En, true) => "Until a parent or guardian agrees, only what the site needs to work is on.".into(),
            (Lang::En, false) => format!(
                "Until a parent or guardian agrees, only what the site needs to work is on. Paused until then: {list}."
            ),
            (Lang::Zh, true) => "在父母或监护人同意之前，只开启网站运行所必需的功能。".into(),
            (Lang::Zh, false) => {
                format!("在父母或监护人同意之前，只开启网站运行所必需的功能。在此之前暂停：{list}。")
            }
        }
    }

    /// The label of a link to the clause a purpose comes from.
    pub fn clause_link(&self, lang: Lang, clause: &str) -> String {
        match lang {
            Lang::En => format!("In the privacy policy: {clause}"),
            Lang::Zh => format!("隐私政策中的相关条款：{clause}"),
        }
    }

    /// The text of the placeholder that stands in for a gated embed: what loading it would
    /// share, with whom, and for which purpose.
    pub fn placeholder(&self, lang: Lang, what: &str, purpose: &str, data: &[String], recipients: &[String]) -> String {
        let data = data.join(self.list_sep);
        match (lang, recipients.is_empty()) {
            (Lang::En, true) => format!(
                "{what} is not loaded. Loading it is part of \u{201c}{purpose}\u{201d} and would use: {data}."
            ),
            (Lang::En, false) => format!(
                "{what} is not loaded. Loading it is part of \u{201c}{purpose}\u{201d}: it would use {data}, shared with {}.",
                recipients.join(self.list_sep)
            ),
            (Lang::Zh, true) => format!("{what}尚未加载。加载它属于“{purpose}”，将会使用：{data}。"),
            (Lang::Zh, false) => format!(
                "{what}尚未加载。加载它属于“{purpose}”，将会使用{data}，并提供给{}。",
                recipients.join(self.list_sep)
            ),
        }
    }

    /// What a placeholder calls an embed that has no title of its own.
    pub fn embedded_content(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => "This embedded content",
            Lang::Zh => "此嵌入内容",
        }
    }

    /// The placeholder's button: consent to that one purpose.
    pub fn allow_purpose(&self, lang: Lang, purpose: &str) -> String {
        match lang {
            Lang::En => format!("Allow \u{201c}{purpose}\u{201d}"),
            Lang::Zh => format!("允许“{purpose}”"),
        }
    }

    /// After a withdrawal: what already ran on this page and keeps running until a reload.
    pub fn reload_needed(&self, lang: Lang, names: &[&str]) -> String {
        let list = names.join(self.list_sep);
        match lang {
            Lang::En => format!(
                "Withdrawn. The cookies and storage of {list} were deleted, but its scripts already ran on this page: \
                 reload the page to stop them."
            ),
            Lang::Zh => {
                format!("已撤回。{list}的 Cookie 和本地存储已删除，但其脚本已在本页运行：请重新加载页面以停止它们。")
            }
        }
    }

    /// After a withdrawal that needs no reload.
    pub fn withdrawn(&self, lang: Lang, names: &[&str]) -> String {
        let list = names.join(self.list_sep);
        match lang {
            Lang::En => format!("Withdrawn: {list}. Its cookies and storage were deleted."),
            Lang::Zh => format!("已撤回：{list}。相关 Cookie 和本地存储已删除。"),
        }
    }

    /// When recording a choice failed: it still applies here, unsigned.
    pub fn not_recorded(&self, lang: Lang, why: &str) -> String {
        match lang {
            Lang::En => format!(
                "Your choices apply in this browser, but the site could not record them ({why}); no signed receipt was issued."
            ),
            Lang::Zh => format!("您的选择已在本浏览器中生效，但网站未能记录（{why}），未签发签名回执。"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_every_word() {
        for lang in [Lang::En, Lang::Zh] {
            let w = Words::of(lang);
            for word in [
                w.accept_all,
                w.reject_all,
                w.choose,
                w.save,
                w.close,
                w.policy_link,
                w.second_title,
                w.second_intro,
                w.essential_heading,
                w.basic_heading,
                w.extended_heading,
                w.always_on,
                w.privacy_choices,
                w.unsigned,
                w.update_major_title,
                w.update_minor_title,
                w.guidance_title,
                w.guidance_continue,
                w.age_title,
                w.age_why,
                w.age_question,
                w.age_choose,
                w.age_continue,
                w.guardian_title,
                w.guardian_how,
                w.guardian_sees,
                w.guardian_contact,
                w.guardian_send,
            ] {
                assert!(!word.trim().is_empty());
            }
        }
        assert_eq!(Words::of(Lang::Zh).accept_all, "全部接受");
    }

    #[test]
    fn the_separate_note_names_the_buttons_it_talks_about() {
        let en = Words::of(Lang::En).separate_note(Lang::En, &["Location services", "Transfers abroad"]);
        assert!(en.contains("\u{201c}Accept all\u{201d}") && en.contains("\u{201c}Choose\u{201d}"));
        assert!(en.contains("Location services, Transfers abroad"));
        let zh = Words::of(Lang::Zh).separate_note(Lang::Zh, &["定位服务", "个人信息出境"]);
        assert!(zh.contains("定位服务、个人信息出境") && zh.contains("“全部接受”"));
    }

    #[test]
    fn the_placeholder_says_what_would_be_shared_and_with_whom() {
        let w = Words::of(Lang::En);
        let text = w.placeholder(
            Lang::En,
            "Map of the workshop",
            "Location services",
            &["Precise location".into()],
            &[],
        );
        assert_eq!(
            text,
            "Map of the workshop is not loaded. Loading it is part of \u{201c}Location services\u{201d} and would use: Precise location."
        );
        let shared = w.placeholder(Lang::En, "Video", "Marketing", &["Clicks".into()], &["Partners".into()]);
        assert!(shared.ends_with("shared with Partners."));
    }
}
