//! The words of the age gate's and the guardian flow's pages, in English and Simplified Chinese,
//! side by side so that the two say the same thing. The purposes' own texts come from the policy
//! ([`Policy::texts`](crate::policy::Policy::texts)); these are only the pages' frame. The edge
//! renders its pages from them (`guardianWords` in the package).

use serde::{Serialize, Serializer};

use super::RequestState;
use crate::eval::messages::Lang;
use crate::eval::ConsentState;
use crate::policy::VerificationMethod;
use crate::receipt::GuardianRelationship;

/// Labels by the value they name, written as a JSON object whose keys are the values' JSON names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Labels<K: 'static>(pub &'static [(K, &'static str)]);

impl<K: Serialize> Serialize for Labels<K> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// Its JSON Schema: an object of strings.
#[cfg(feature = "schema")]
impl<K> schemars::JsonSchema for Labels<K> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> alloc::borrow::Cow<'static, str> {
        "Labels".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "object", "additionalProperties": { "type": "string" } })
    }
}

/// The fixed words of the age gate's and the guardian's pages in one locale. `{name}` in a
/// sentence is filled in by the page that shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct GuardianWords {
    /// The locale these words are in.
    pub locale: &'static str,
    /// The age gate's heading.
    pub age_title: &'static str,
    /// The age gate's neutral question.
    pub age_question: &'static str,
    /// The birth year's label.
    pub year: &'static str,
    /// The birth month's label.
    pub month: &'static str,
    /// The empty first entry of a list to choose from.
    pub choose: &'static str,
    /// The age gate's button.
    pub r#continue: &'static str,
    /// The months, January first.
    pub months: [&'static str; 12],
    /// The heading shown to a child who needs a guardian's consent.
    pub pending_title: &'static str,
    /// What holds until the guardian agrees.
    pub pending_text: &'static str,
    /// The label of the guardian's address.
    pub contact_label: &'static str,
    /// The button that sends the request.
    pub send: &'static str,
    /// "Request", before its state.
    pub request_state: &'static str,
    /// "valid until", before the request's expiry.
    pub expires: &'static str,
    /// Each request state, as the child reads it.
    pub states: Labels<RequestState>,
    /// The guardian page's heading (and the message's subject line).
    pub guardian_title: &'static str,
    /// Who asked and when: `{id}` (the child's pseudonymous id, shortened) and `{date}`.
    pub who_asked: &'static str,
    /// The label of a purpose's data.
    pub data: &'static str,
    /// The label of a purpose's recipients.
    pub recipients: &'static str,
    /// The label of a purpose's retention.
    pub retention: &'static str,
    /// The verification step's heading.
    pub verify_title: &'static str,
    /// The label of the guardian's relationship to the child.
    pub relationship: &'static str,
    /// Each relationship a guardian may have to the child, in the order offered.
    pub relationships: Labels<GuardianRelationship>,
    /// Each verification method's name.
    pub method_names: Labels<VerificationMethod>,
    /// A method the jurisdiction or this edge does not offer.
    pub unavailable: &'static str,
    /// The development verifier's warning.
    pub dev_verifier: &'static str,
    /// The development verifier's card number label.
    pub test_card: &'static str,
    /// The confirmation link's field: the guardian's own email address.
    pub your_email: &'static str,
    /// The verify button.
    pub verify: &'static str,
    /// After the email step: where to go on.
    pub check_mail: &'static str,
    /// What the guardian confirms by following the email's link.
    pub confirm_text: &'static str,
    /// The confirm button.
    pub confirm: &'static str,
    /// The decision step's heading.
    pub decide_title: &'static str,
    /// The radio button that allows a purpose.
    pub approve: &'static str,
    /// The radio button that refuses a purpose.
    pub refuse: &'static str,
    /// The button that saves the decisions.
    pub decide: &'static str,
    /// The heading once the decisions are saved.
    pub decided_title: &'static str,
    /// Each state a guardian's decision can leave a purpose in.
    pub decisions: Labels<ConsentState>,
    /// The link to the page where decisions are withdrawn.
    pub manage: &'static str,
    /// That page's heading.
    pub manage_title: &'static str,
    /// Its button.
    pub revoke: &'static str,
    /// That page when nothing is allowed.
    pub nothing_to_revoke: &'static str,
    /// An expired request's page.
    pub expired_text: &'static str,
    /// An error page's heading.
    pub error_title: &'static str,
    /// The label of the short code.
    pub code_label: &'static str,
    /// The message's second way in: `{origin}` (the site) and `{code}`.
    pub or_code: &'static str,
}

/// The words for a locale the policy resolved: Simplified Chinese for `zh*`, English otherwise.
pub fn for_locale(locale: &str) -> &'static GuardianWords {
    match Lang::of(locale) {
        Lang::Zh => &ZH,
        _ => &EN,
    }
}

const EN: GuardianWords = GuardianWords {
    locale: "en",
    age_title: "Before you continue",
    age_question: "When were you born?",
    year: "Year",
    month: "Month",
    choose: "Choose…",
    r#continue: "Continue",
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
    pending_title: "Ask a parent or guardian",
    pending_text: "Until a parent or guardian agrees, only what the shop needs to work is on.",
    contact_label: "Your parent's or guardian's email",
    send: "Send the request",
    request_state: "Request",
    expires: "valid until",
    states: Labels(&[
        (RequestState::Pending, "waiting"),
        (RequestState::Verified, "being answered"),
        (RequestState::Decided, "answered"),
        (RequestState::Expired, "expired"),
        (RequestState::Cancelled, "cancelled"),
    ]),
    guardian_title: "A child asks for your consent",
    who_asked: "A child using this shop (pseudonymous id {id}) asked on {date} for your consent to the uses below.",
    data: "Data",
    recipients: "Shared with",
    retention: "Kept for",
    verify_title: "First, confirm who you are",
    relationship: "You are the child's",
    relationships: Labels(&[
        (GuardianRelationship::Parent, "parent"),
        (GuardianRelationship::LegalGuardian, "legal guardian"),
    ]),
    method_names: Labels(&[
        (
            VerificationMethod::EmailPlus,
            "Email confirmation (we send a confirmation link to your email)",
        ),
        (VerificationMethod::SmsCode, "Text message code"),
        (VerificationMethod::CardCheck, "Payment card check"),
        (VerificationMethod::IdDocument, "Identity document"),
        (VerificationMethod::VideoCall, "Video call"),
    ]),
    unavailable: "not available here",
    dev_verifier: "Development verifier: a test card check for local runs only, not a real verification.",
    test_card: "Test card number",
    your_email: "Your email address (the one this request was sent to)",
    verify: "Verify",
    check_mail: "We sent you a confirmation link. Open it to continue.",
    confirm_text: "Confirm that this is your email address and that you answer for the child.",
    confirm: "Confirm",
    decide_title: "Your decision, use by use",
    approve: "Allow",
    refuse: "Do not allow",
    decide: "Save my decisions",
    decided_title: "Your decisions are saved",
    decisions: Labels(&[
        (ConsentState::ConsentGiven, "allowed"),
        (ConsentState::ConsentRefused, "not allowed"),
        (ConsentState::ConsentRevoked, "withdrawn"),
    ]),
    manage: "Change or withdraw",
    manage_title: "Withdraw your consent",
    revoke: "Withdraw",
    nothing_to_revoke: "Nothing is allowed at the moment.",
    expired_text: "This request has expired. The child can send a new one.",
    error_title: "Something went wrong",
    code_label: "The code from the message",
    or_code: "Or open {origin}/guardian and type the code {code}.",
};

const ZH: GuardianWords = GuardianWords {
    locale: "zh-CN",
    age_title: "继续之前",
    age_question: "您的出生年月是？",
    year: "年",
    month: "月",
    choose: "请选择…",
    r#continue: "继续",
    months: [
        "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
    ],
    pending_title: "请征得父母或监护人同意",
    pending_text: "在父母或监护人同意之前，只开启商店运行所必需的功能。",
    contact_label: "父母或监护人的电子邮箱",
    send: "发送请求",
    request_state: "请求",
    expires: "有效期至",
    states: Labels(&[
        (RequestState::Pending, "等待中"),
        (RequestState::Verified, "答复中"),
        (RequestState::Decided, "已答复"),
        (RequestState::Expired, "已过期"),
        (RequestState::Cancelled, "已取消"),
    ]),
    guardian_title: "一名儿童请求您的同意",
    who_asked: "本商店的一名儿童用户（匿名标识 {id}）于 {date} 请求您同意以下用途。",
    data: "数据",
    recipients: "提供给",
    retention: "保存期限",
    verify_title: "首先，请确认您的身份",
    relationship: "您是该儿童的",
    relationships: Labels(&[
        (GuardianRelationship::Parent, "父母"),
        (GuardianRelationship::LegalGuardian, "法定监护人"),
    ]),
    method_names: Labels(&[
        (
            VerificationMethod::EmailPlus,
            "电子邮件确认（我们向您的邮箱发送确认链接）",
        ),
        (VerificationMethod::SmsCode, "短信验证码"),
        (VerificationMethod::CardCheck, "银行卡验证"),
        (VerificationMethod::IdDocument, "身份证件"),
        (VerificationMethod::VideoCall, "视频通话"),
    ]),
    unavailable: "此处不可用",
    dev_verifier: "开发用验证器：仅供本地运行的测试卡验证，并非真实验证。",
    test_card: "测试卡号",
    your_email: "您的电子邮箱地址（即收到本请求的地址）",
    verify: "验证",
    check_mail: "我们已向您发送确认链接，请打开该链接继续。",
    confirm_text: "请确认这是您的电子邮箱，并且您是该儿童的监护人。",
    confirm: "确认",
    decide_title: "请逐项作出决定",
    approve: "允许",
    refuse: "不允许",
    decide: "保存我的决定",
    decided_title: "您的决定已保存",
    decisions: Labels(&[
        (ConsentState::ConsentGiven, "已允许"),
        (ConsentState::ConsentRefused, "不允许"),
        (ConsentState::ConsentRevoked, "已撤回"),
    ]),
    manage: "更改或撤回",
    manage_title: "撤回您的同意",
    revoke: "撤回",
    nothing_to_revoke: "目前没有任何已允许的用途。",
    expired_text: "此请求已过期。儿童可以重新发送请求。",
    error_title: "出错了",
    code_label: "消息中的验证码",
    or_code: "或打开 {origin}/guardian 并输入验证码 {code}。",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resolved_locale_picks_its_words_and_others_fall_back_to_english() {
        assert_eq!(for_locale("zh-CN").locale, "zh-CN");
        assert_eq!(for_locale("en").locale, "en");
        assert_eq!(for_locale("de").locale, "en");
    }

    #[test]
    fn both_locales_label_every_relationship_method_and_request_state() {
        for words in [&EN, &ZH] {
            let relationships: Vec<_> = words.relationships.0.iter().map(|(r, _)| *r).collect();
            assert_eq!(relationships, GuardianRelationship::ALL);
            assert_eq!(words.method_names.0.len(), 5, "{}", words.locale);
            assert_eq!(words.states.0.len(), 5, "{}", words.locale);
            assert!(words.who_asked.contains("{id}") && words.who_asked.contains("{date}"));
            assert!(words.or_code.contains("{origin}") && words.or_code.contains("{code}"));
        }
    }

    #[test]
    fn labels_are_keyed_by_the_values_json_names() {
        let text = crate::json::to_string(for_locale("en")).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["relationships"]["legal_guardian"], "legal guardian");
        assert_eq!(v["methodNames"]["email_plus"], EN.method_names.0[0].1);
        assert_eq!(v["decisions"]["ConsentRevoked"], "withdrawn");
        assert_eq!(v["states"]["cancelled"], "cancelled");
        assert_eq!(v["continue"], "Continue");
    }
}
