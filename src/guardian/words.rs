//! The words of the age gate's and the guardian flow's pages, in every language the engine speaks
//! ([`Lang::ALL`]: English, Simplified Chinese, German, French, Spanish, Japanese, Korean), side
//! by side so that they say the same thing. The purposes' own texts come from the policy
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
    /// Where the site has no way to send a request (no mail sender is bound): what the child
    /// does instead. The banner's guardian step says the same.
    pub cannot_send: &'static str,
    /// Above the purposes a child picks to ask for, where the child and a guardian consent
    /// together.
    pub pick_label: &'static str,
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
    /// The message's subject: `{operator}` (the policy's controller).
    pub message_subject: &'static str,
    /// Who asks, and who runs the site: `{site}` and `{operator}`.
    pub message_intro: &'static str,
    /// What is asked: `{list}` (the purposes' names).
    pub message_asks: &'static str,
    /// Before the link to the guardian's page.
    pub message_open: &'static str,
    /// What happens without an answer: `{date}` (the request's expiry).
    pub message_lapse: &'static str,
    /// The operator's policy and contact: `{operator}`, `{policy}` (its address), `{contact}`.
    pub message_policy: &'static str,
    /// Between the purposes' names in `message_asks`.
    pub list_sep: &'static str,
}

/// The message a guardian receives, in their language: who asks and who runs the site, what is
/// asked, the way to the guardian's page (the link, or the site and the short code), what
/// happens without an answer, and the operator's policy and contact (COPPA 16 CFR 312.4(c)(1);
/// GDPR Art. 14(1)(a)). Written by the engine from the request and the policy's texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GuardianMessage {
    /// The subject line.
    pub subject: String,
    /// The text, one paragraph a line.
    pub body: String,
    /// The guardian's page: `{origin}/guardian/{token}?lang={locale}`.
    pub link: String,
}

impl GuardianMessage {
    /// The message for `request`, whose link token is `token` and short code `code`, on the site
    /// at `origin`, in the words `w` and the policy's `texts` of the same locale.
    pub fn new(
        w: &GuardianWords,
        texts: &crate::policy::LocalizedTexts,
        request: &super::GuardianRequest,
        (origin, token, code): (&str, &str, &str),
    ) -> GuardianMessage {
        use crate::eval::messages::fill;
        let operator = texts.controller.as_str();
        let names: Vec<&str> = request
            .purposes
            .iter()
            .map(|p| texts.purposes.get(p).map_or(p.as_str(), |t| t.name.as_str()))
            .collect();
        let link = format!("{origin}/guardian/{token}?lang={}", texts.locale);
        // The moment it lapses, in UTC: a date alone would read as that whole day.
        let date = match (request.expires_at.get(..10), request.expires_at.get(11..16)) {
            (Some(day), Some(time)) => format!("{day} {time} UTC"),
            _ => request.expires_at.clone(),
        };
        let body = [
            fill(w.message_intro, &[("site", origin), ("operator", operator)]),
            fill(w.message_asks, &[("list", &names.join(w.list_sep))]),
            format!("{}\n{link}", w.message_open),
            fill(w.or_code, &[("origin", origin), ("code", code)]),
            fill(w.message_lapse, &[("date", &date)]),
            fill(
                w.message_policy,
                &[
                    ("operator", operator),
                    ("policy", &texts.url),
                    ("contact", &texts.contact),
                ],
            ),
        ]
        .join("\n\n");
        // A name that ends a sentence with its own full stop (`Example Ltd.`) takes no second one.
        let body = match operator.ends_with('.') {
            true => body.replace(&format!("{operator}."), operator),
            false => body,
        };
        GuardianMessage {
            subject: fill(w.message_subject, &[("operator", operator)]),
            body,
            link,
        }
    }
}

/// The words for a locale the policy resolved, by its language ([`Lang::of`]): one of the seven
/// the engine speaks, English for any other.
pub fn for_locale(locale: &str) -> &'static GuardianWords {
    Lang::of(locale).pick([&EN, &ZH, &DE, &FR, &ES, &JA, &KO])
}

pub(crate) const EN: GuardianWords = GuardianWords {
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
    cannot_send: "This site cannot send the request itself: ask a parent or guardian to contact us through the privacy policy.",
    pick_label: "What you agree to, and ask your parent or guardian to agree to as well",
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
    message_subject: "{operator}: a child asks for your consent",
    message_intro: "A child using {site} gave this address as their parent's or guardian's and asks for your consent. The site is run by {operator}.",
    message_asks: "They ask about: {list}.",
    message_open: "To see each use (the data it uses, who receives it, how long it is kept) and to decide on each, open:",
    message_lapse: "If you do not answer by {date}, the request lapses and your address is deleted; it is used for this request only. If you did not expect this message, you may ignore it.",
    message_policy: "The privacy policy of {operator}: {policy}. To reach them: {contact}.",
    list_sep: ", ",
};

pub(crate) const ZH: GuardianWords = GuardianWords {
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
    cannot_send: "本网站无法代为发送请求：请父母或监护人通过隐私政策中的联系方式与我们联系。",
    pick_label: "你同意并请父母或其他监护人一同同意的用途",
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
    message_subject: "{operator}：一名儿童请求您的同意",
    message_intro: "一名使用 {site} 的儿童填写了此地址作为其父母或其他监护人的地址，并请求您的同意。该网站由 {operator} 运营。",
    message_asks: "请求同意的用途：{list}。",
    message_open: "要查看每项用途（使用的信息、接收方、保存期限）并逐项决定，请打开：",
    message_lapse: "如果您在 {date} 之前未作答复，该请求将失效，您的地址将被删除；该地址仅用于此请求。如果您没有预料到此邮件，可以忽略。",
    message_policy: "{operator} 的隐私政策：{policy}。联系方式：{contact}。",
    list_sep: "、",
};

// The five languages below take their terms from the banner's catalogue (src/banner/words.rs)
// and the engine's messages, so that a page and the banner before it say the same thing: the
// GDPR's "Einwilligung", "consentement", "consentimiento"; "erziehungsberechtigte Person",
// "parent ou tuteur légal", "su padre, su madre o su tutor legal"; the APPI's 保護者 and 同意;
// PIPA's 법정대리인 and 동의.

pub(crate) const DE: GuardianWords = GuardianWords {
    locale: "de",
    age_title: "Bevor Sie fortfahren",
    age_question: "Wann sind Sie geboren?",
    year: "Jahr",
    month: "Monat",
    choose: "Bitte wählen…",
    r#continue: "Weiter",
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
    pending_title: "Einen Elternteil oder eine erziehungsberechtigte Person fragen",
    pending_text: "Bis ein Elternteil oder eine erziehungsberechtigte Person einwilligt, ist nur aktiv, was der Shop zum Funktionieren braucht.",
    contact_label: "E-Mail-Adresse des Elternteils oder der erziehungsberechtigten Person",
    cannot_send: "Diese Website kann die Anfrage nicht selbst senden: Bitten Sie einen Elternteil oder eine erziehungsberechtigte Person, uns über die Kontaktangaben in der Datenschutzerklärung zu kontaktieren.",
    pick_label: "Worin Sie einwilligen und worum Sie die erziehungsberechtigte Person ebenfalls bitten",
    send: "Anfrage senden",
    request_state: "Anfrage",
    expires: "gültig bis",
    states: Labels(&[
        (RequestState::Pending, "wartet"),
        (RequestState::Verified, "wird beantwortet"),
        (RequestState::Decided, "beantwortet"),
        (RequestState::Expired, "abgelaufen"),
        (RequestState::Cancelled, "zurückgezogen"),
    ]),
    guardian_title: "Ein Kind bittet um Ihre Einwilligung",
    who_asked: "Ein Kind, das diesen Shop nutzt (pseudonyme Kennung {id}), hat Sie am {date} um Ihre Einwilligung in die folgenden Verwendungen gebeten.",
    data: "Verwendete Daten",
    recipients: "Weitergegeben an",
    retention: "Speicherdauer",
    verify_title: "Bestätigen Sie zuerst, wer Sie sind",
    relationship: "Ihr Verhältnis zum Kind",
    relationships: Labels(&[
        (GuardianRelationship::Parent, "Elternteil"),
        (GuardianRelationship::LegalGuardian, "Vormund"),
    ]),
    method_names: Labels(&[
        (
            VerificationMethod::EmailPlus,
            "Bestätigung per E-Mail (wir senden einen Bestätigungslink an Ihre E-Mail-Adresse)",
        ),
        (VerificationMethod::SmsCode, "Code per SMS"),
        (VerificationMethod::CardCheck, "Prüfung einer Zahlungskarte"),
        (VerificationMethod::IdDocument, "Ausweisdokument"),
        (VerificationMethod::VideoCall, "Videoanruf"),
    ]),
    unavailable: "hier nicht verfügbar",
    dev_verifier: "Prüfung für die Entwicklung: eine Testkarten-Prüfung nur für lokale Testläufe, keine echte Überprüfung.",
    test_card: "Testkartennummer",
    your_email: "Ihre E-Mail-Adresse (an die diese Anfrage gesendet wurde)",
    verify: "Überprüfen",
    check_mail: "Wir haben Ihnen einen Bestätigungslink gesendet. Öffnen Sie ihn, um fortzufahren.",
    confirm_text: "Bestätigen Sie, dass dies Ihre E-Mail-Adresse ist und dass Sie für das Kind erziehungsberechtigt sind.",
    confirm: "Bestätigen",
    decide_title: "Ihre Entscheidung, für jede Verwendung einzeln",
    approve: "Erlauben",
    refuse: "Nicht erlauben",
    decide: "Meine Entscheidungen speichern",
    decided_title: "Ihre Entscheidungen sind gespeichert",
    decisions: Labels(&[
        (ConsentState::ConsentGiven, "erlaubt"),
        (ConsentState::ConsentRefused, "nicht erlaubt"),
        (ConsentState::ConsentRevoked, "widerrufen"),
    ]),
    manage: "Ändern oder widerrufen",
    manage_title: "Ihre Einwilligung widerrufen",
    revoke: "Widerrufen",
    nothing_to_revoke: "Derzeit ist nichts erlaubt.",
    expired_text: "Diese Anfrage ist abgelaufen. Das Kind kann eine neue senden.",
    error_title: "Etwas ist schiefgelaufen",
    code_label: "Der Code aus der Nachricht",
    or_code: "Oder öffnen Sie {origin}/guardian und geben Sie den Code {code} ein.",
    message_subject: "{operator}: Ein Kind bittet um Ihre Einwilligung",
    message_intro: "Ein Kind, das {site} nutzt, hat diese Adresse als die eines Elternteils oder einer erziehungsberechtigten Person angegeben und bittet um Ihre Einwilligung. Betrieben wird die Website von {operator}.",
    message_asks: "Es geht um: {list}.",
    message_open: "Um jeden Zweck zu sehen (welche Daten, wer sie erhält, wie lange sie gespeichert werden) und über jeden zu entscheiden, öffnen Sie:",
    message_lapse: "Wenn Sie bis zum {date} nicht antworten, verfällt die Anfrage und Ihre Adresse wird gelöscht; sie wird nur für diese Anfrage verwendet. Wenn Sie diese Nachricht nicht erwartet haben, können Sie sie ignorieren.",
    message_policy: "Die Datenschutzerklärung von {operator}: {policy}. Kontakt: {contact}.",
    list_sep: ", ",
};

pub(crate) const FR: GuardianWords = GuardianWords {
    locale: "fr",
    age_title: "Avant de continuer",
    age_question: "Quand êtes-vous né ou née\u{a0}?",
    year: "Année",
    month: "Mois",
    choose: "Choisir…",
    r#continue: "Continuer",
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
    pending_title: "Demander à un parent ou tuteur légal",
    pending_text: "Tant qu'un parent ou tuteur légal n'a pas donné son accord, seul ce dont la boutique a besoin pour fonctionner est actif.",
    contact_label: "Adresse e-mail du parent ou tuteur légal",
    cannot_send: "Ce site ne peut pas envoyer la demande lui-même\u{a0}: demandez à un parent ou tuteur légal de nous contacter par les moyens indiqués dans la politique de confidentialité.",
    pick_label: "Ce que vous acceptez, et demandez à un parent ou tuteur légal d'accepter avec vous",
    send: "Envoyer la demande",
    request_state: "Demande",
    expires: "valable jusqu'au",
    states: Labels(&[
        (RequestState::Pending, "en attente"),
        (RequestState::Verified, "réponse en cours"),
        (RequestState::Decided, "réponse donnée"),
        (RequestState::Expired, "expirée"),
        (RequestState::Cancelled, "annulée"),
    ]),
    guardian_title: "Un enfant vous demande votre consentement",
    who_asked: "Un enfant qui utilise cette boutique (identifiant pseudonyme {id}) vous a demandé le {date} votre consentement aux utilisations ci-dessous.",
    data: "Données utilisées",
    recipients: "Partagées avec",
    retention: "Durée de conservation",
    verify_title: "Confirmez d'abord votre identité",
    relationship: "Votre lien avec l'enfant",
    relationships: Labels(&[
        (GuardianRelationship::Parent, "parent"),
        (GuardianRelationship::LegalGuardian, "tuteur légal"),
    ]),
    method_names: Labels(&[
        (
            VerificationMethod::EmailPlus,
            "Confirmation par e-mail (nous envoyons un lien de confirmation à votre adresse e-mail)",
        ),
        (VerificationMethod::SmsCode, "Code par SMS"),
        (VerificationMethod::CardCheck, "Vérification par carte de paiement"),
        (VerificationMethod::IdDocument, "Pièce d'identité"),
        (VerificationMethod::VideoCall, "Appel vidéo"),
    ]),
    unavailable: "non disponible ici",
    dev_verifier: "Vérificateur de développement\u{a0}: une vérification par carte de test, réservée aux essais locaux, qui n'est pas une vraie vérification.",
    test_card: "Numéro de carte de test",
    your_email: "Votre adresse e-mail (celle à laquelle cette demande a été envoyée)",
    verify: "Vérifier",
    check_mail: "Nous vous avons envoyé un lien de confirmation. Ouvrez-le pour continuer.",
    confirm_text: "Confirmez qu'il s'agit de votre adresse e-mail et que vous êtes le parent ou le tuteur légal de l'enfant.",
    confirm: "Confirmer",
    decide_title: "Votre décision, utilisation par utilisation",
    approve: "Autoriser",
    refuse: "Ne pas autoriser",
    decide: "Enregistrer mes décisions",
    decided_title: "Vos décisions sont enregistrées",
    decisions: Labels(&[
        (ConsentState::ConsentGiven, "autorisé"),
        (ConsentState::ConsentRefused, "non autorisé"),
        (ConsentState::ConsentRevoked, "retiré"),
    ]),
    manage: "Modifier ou retirer",
    manage_title: "Retirer votre consentement",
    revoke: "Retirer",
    nothing_to_revoke: "Rien n'est autorisé pour le moment.",
    expired_text: "Cette demande a expiré. L'enfant peut en envoyer une nouvelle.",
    error_title: "Une erreur s'est produite",
    code_label: "Le code indiqué dans le message",
    or_code: "Ou ouvrez {origin}/guardian et saisissez le code {code}.",
    message_subject: "{operator} : un enfant demande votre consentement",
    message_intro: "Un enfant qui utilise {site} a indiqué cette adresse comme celle d'un parent ou tuteur légal et demande votre consentement. Le site est exploité par {operator}.",
    message_asks: "La demande porte sur : {list}.",
    message_open: "Pour voir chaque utilisation (les données, qui les reçoit, combien de temps elles sont conservées) et décider pour chacune, ouvrez :",
    message_lapse: "Sans réponse de votre part avant le {date}, la demande expire et votre adresse est supprimée ; elle ne sert qu'à cette demande. Si vous n'attendiez pas ce message, vous pouvez l'ignorer.",
    message_policy: "La politique de confidentialité de {operator} : {policy}. Pour les contacter : {contact}.",
    list_sep: ", ",
};

pub(crate) const ES: GuardianWords = GuardianWords {
    locale: "es",
    age_title: "Antes de continuar",
    age_question: "¿Cuándo nació?",
    year: "Año",
    month: "Mes",
    choose: "Elegir…",
    r#continue: "Continuar",
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
    pending_title: "Pedir permiso a su padre, su madre o su tutor legal",
    pending_text: "Hasta que su padre, su madre o su tutor legal dé su consentimiento, solo está activo lo que la tienda necesita para funcionar.",
    contact_label: "Correo electrónico de su padre, su madre o su tutor legal",
    cannot_send: "Este sitio no puede enviar la solicitud por sí mismo: pida a su padre, su madre o su tutor legal que se ponga en contacto con nosotros a través de la política de privacidad.",
    pick_label: "Lo que acepta y pide a su padre, su madre o su tutor legal que acepte también",
    send: "Enviar la solicitud",
    request_state: "Solicitud",
    expires: "válida hasta el",
    states: Labels(&[
        (RequestState::Pending, "en espera"),
        (RequestState::Verified, "respuesta en curso"),
        (RequestState::Decided, "respondida"),
        (RequestState::Expired, "caducada"),
        (RequestState::Cancelled, "cancelada"),
    ]),
    guardian_title: "Un menor solicita su consentimiento",
    who_asked: "Un menor que usa esta tienda (identificador seudónimo {id}) le pidió el {date} su consentimiento para los usos siguientes.",
    data: "Datos utilizados",
    recipients: "Se comparten con",
    retention: "Plazo de conservación",
    verify_title: "Primero, confirme su identidad",
    relationship: "Su relación con el menor",
    relationships: Labels(&[
        (GuardianRelationship::Parent, "padre o madre"),
        (GuardianRelationship::LegalGuardian, "tutor legal"),
    ]),
    method_names: Labels(&[
        (
            VerificationMethod::EmailPlus,
            "Confirmación por correo electrónico (le enviamos un enlace de confirmación a su correo)",
        ),
        (VerificationMethod::SmsCode, "Código por SMS"),
        (VerificationMethod::CardCheck, "Verificación con tarjeta de pago"),
        (VerificationMethod::IdDocument, "Documento de identidad"),
        (VerificationMethod::VideoCall, "Videollamada"),
    ]),
    unavailable: "no disponible aquí",
    dev_verifier: "Verificador de desarrollo: una comprobación con tarjeta de prueba solo para ejecuciones locales, no una verificación real.",
    test_card: "Número de tarjeta de prueba",
    your_email: "Su dirección de correo electrónico (a la que se envió esta solicitud)",
    verify: "Verificar",
    check_mail: "Le hemos enviado un enlace de confirmación. Ábralo para continuar.",
    confirm_text: "Confirme que esta es su dirección de correo electrónico y que es el padre, la madre o el tutor legal del menor.",
    confirm: "Confirmar",
    decide_title: "Su decisión, uso por uso",
    approve: "Permitir",
    refuse: "No permitir",
    decide: "Guardar mis decisiones",
    decided_title: "Sus decisiones se han guardado",
    decisions: Labels(&[
        (ConsentState::ConsentGiven, "permitido"),
        (ConsentState::ConsentRefused, "no permitido"),
        (ConsentState::ConsentRevoked, "retirado"),
    ]),
    manage: "Cambiar o retirar",
    manage_title: "Retirar su consentimiento",
    revoke: "Retirar",
    nothing_to_revoke: "En este momento no hay nada permitido.",
    expired_text: "Esta solicitud ha caducado. El menor puede enviar una nueva.",
    error_title: "Algo ha salido mal",
    code_label: "El código del mensaje",
    or_code: "O abra {origin}/guardian e introduzca el código {code}.",
    message_subject: "{operator}: un menor solicita su consentimiento",
    message_intro: "Un menor que usa {site} ha indicado esta dirección como la de su padre, su madre o su tutor legal y solicita su consentimiento. El sitio lo gestiona {operator}.",
    message_asks: "La solicitud se refiere a: {list}.",
    message_open: "Para ver cada uso (los datos que usa, quién los recibe, cuánto tiempo se conservan) y decidir sobre cada uno, abra:",
    message_lapse: "Si no responde antes del {date}, la solicitud caduca y su dirección se elimina; solo se usa para esta solicitud. Si no esperaba este mensaje, puede ignorarlo.",
    message_policy: "La política de privacidad de {operator}: {policy}. Contacto: {contact}.",
    list_sep: ", ",
};

pub(crate) const JA: GuardianWords = GuardianWords {
    locale: "ja",
    age_title: "続ける前に",
    age_question: "生まれた年月を教えてください。",
    year: "年",
    month: "月",
    choose: "選択してください…",
    r#continue: "続ける",
    months: [
        "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
    ],
    pending_title: "保護者の方に確認する",
    pending_text: "保護者の方が同意するまでは、ショップの動作に必要な機能だけがオンになります。",
    contact_label: "保護者の方のメールアドレス",
    cannot_send: "このサイトからは依頼を送信できません。プライバシーポリシーに記載の連絡先から、保護者の方に当社へご連絡いただいてください。",
    pick_label: "あなたが同意し、保護者にも一緒に同意を求める利用目的",
    send: "依頼を送信",
    request_state: "依頼",
    expires: "有効期限",
    states: Labels(&[
        (RequestState::Pending, "回答待ち"),
        (RequestState::Verified, "回答中"),
        (RequestState::Decided, "回答済み"),
        (RequestState::Expired, "期限切れ"),
        (RequestState::Cancelled, "取り消し済み"),
    ]),
    guardian_title: "お子さまが同意を求めています",
    who_asked:
        "このショップを利用しているお子さま（仮名ID {id}）が、{date}に以下の利用目的についてあなたの同意を求めました。",
    data: "利用する情報",
    recipients: "提供先",
    retention: "保存期間",
    verify_title: "まず、ご本人であることを確認します",
    relationship: "お子さまとの関係",
    relationships: Labels(&[
        (GuardianRelationship::Parent, "親"),
        (GuardianRelationship::LegalGuardian, "未成年後見人"),
    ]),
    method_names: Labels(&[
        (
            VerificationMethod::EmailPlus,
            "メールによる確認（確認用リンクをメールでお送りします）",
        ),
        (VerificationMethod::SmsCode, "SMSによる確認コード"),
        (VerificationMethod::CardCheck, "決済カードによる確認"),
        (VerificationMethod::IdDocument, "本人確認書類"),
        (VerificationMethod::VideoCall, "ビデオ通話"),
    ]),
    unavailable: "ここでは利用できません",
    dev_verifier: "開発用の確認手段：ローカル実行専用のテストカードによる確認で、実際の本人確認ではありません。",
    test_card: "テストカード番号",
    your_email: "あなたのメールアドレス（この依頼が送られたアドレス）",
    verify: "認証する",
    check_mail: "確認用リンクをお送りしました。続けるにはリンクを開いてください。",
    confirm_text: "これがあなたのメールアドレスであり、あなたがお子さまの保護者であることを確認してください。",
    confirm: "確認する",
    decide_title: "利用目的ごとのご判断",
    approve: "許可する",
    refuse: "許可しない",
    decide: "判断を保存",
    decided_title: "判断を保存しました",
    decisions: Labels(&[
        (ConsentState::ConsentGiven, "許可済み"),
        (ConsentState::ConsentRefused, "不許可"),
        (ConsentState::ConsentRevoked, "撤回済み"),
    ]),
    manage: "変更・撤回する",
    manage_title: "同意を撤回する",
    revoke: "撤回する",
    nothing_to_revoke: "現在、許可しているものはありません。",
    expired_text: "この依頼は期限切れです。お子さまは新しい依頼を送ることができます。",
    error_title: "問題が発生しました",
    code_label: "メッセージに記載のコード",
    or_code: "または {origin}/guardian を開き、コード {code} を入力してください。",
    message_subject: "{operator}：お子様があなたの同意を求めています",
    message_intro: "{site} を利用しているお子様が、このアドレスを保護者のものとして入力し、あなたの同意を求めています。このサイトは {operator} が運営しています。",
    message_asks: "同意を求める利用目的：{list}。",
    message_open: "各利用目的（使用するデータ、受け取る者、保存期間）を確認し、それぞれについて決めるには、次を開いてください：",
    message_lapse: "{date} までに回答がない場合、依頼は失効し、あなたのアドレスは削除されます。アドレスはこの依頼にのみ使われます。心当たりのない場合は、このメッセージを無視してください。",
    message_policy: "{operator} のプライバシーポリシー：{policy}。連絡先：{contact}。",
    list_sep: "、",
};

pub(crate) const KO: GuardianWords = GuardianWords {
    locale: "ko",
    age_title: "계속하기 전에",
    age_question: "언제 태어나셨나요?",
    year: "연도",
    month: "월",
    choose: "선택…",
    r#continue: "계속",
    months: [
        "1월", "2월", "3월", "4월", "5월", "6월", "7월", "8월", "9월", "10월", "11월", "12월",
    ],
    pending_title: "법정대리인에게 동의 요청",
    pending_text: "법정대리인이 동의하기 전까지는 쇼핑몰 운영에 필요한 기능만 켜집니다.",
    contact_label: "부모님 또는 법정대리인의 이메일",
    cannot_send: "이 사이트는 요청을 직접 보낼 수 없습니다. 부모님이나 법정대리인께 개인정보 처리방침의 연락처로 저희에게 연락해 달라고 요청하세요.",
    pick_label: "내가 동의하고 부모님이나 보호자에게도 함께 동의를 요청할 이용 목적",
    send: "요청 보내기",
    request_state: "요청",
    expires: "유효 기한",
    states: Labels(&[
        (RequestState::Pending, "대기 중"),
        (RequestState::Verified, "답변 중"),
        (RequestState::Decided, "답변 완료"),
        (RequestState::Expired, "만료됨"),
        (RequestState::Cancelled, "취소됨"),
    ]),
    guardian_title: "아동이 귀하의 동의를 요청합니다",
    who_asked: "이 쇼핑몰을 이용하는 아동(가명 ID {id})이 {date}에 아래 항목에 대한 귀하의 동의를 요청했습니다.",
    data: "처리하는 개인정보",
    recipients: "제공받는 자",
    retention: "보유 기간",
    verify_title: "먼저 본인 확인을 해 주세요",
    relationship: "아동과의 관계",
    relationships: Labels(&[
        (GuardianRelationship::Parent, "부모"),
        (GuardianRelationship::LegalGuardian, "미성년후견인"),
    ]),
    method_names: Labels(&[
        (
            VerificationMethod::EmailPlus,
            "이메일 확인(확인 링크를 이메일로 보내 드립니다)",
        ),
        (VerificationMethod::SmsCode, "문자 메시지 인증 코드"),
        (VerificationMethod::CardCheck, "결제 카드 확인"),
        (VerificationMethod::IdDocument, "신분증"),
        (VerificationMethod::VideoCall, "영상 통화"),
    ]),
    unavailable: "여기에서는 사용할 수 없음",
    dev_verifier: "개발용 확인 수단: 로컬 실행 전용 테스트 카드 확인이며 실제 본인 확인이 아닙니다.",
    test_card: "테스트 카드 번호",
    your_email: "귀하의 이메일 주소(이 요청을 받은 주소)",
    verify: "인증",
    check_mail: "확인 링크를 보내 드렸습니다. 계속하려면 링크를 여세요.",
    confirm_text: "이 이메일 주소가 귀하의 것이며 귀하가 아동의 법정대리인임을 확인해 주세요.",
    confirm: "확인",
    decide_title: "항목별 결정",
    approve: "허용",
    refuse: "허용 안 함",
    decide: "결정 저장",
    decided_title: "결정이 저장되었습니다",
    decisions: Labels(&[
        (ConsentState::ConsentGiven, "허용됨"),
        (ConsentState::ConsentRefused, "허용 안 함"),
        (ConsentState::ConsentRevoked, "철회됨"),
    ]),
    manage: "변경 또는 철회",
    manage_title: "동의 철회",
    revoke: "철회",
    nothing_to_revoke: "현재 허용된 항목이 없습니다.",
    expired_text: "이 요청은 만료되었습니다. 아동이 새 요청을 보낼 수 있습니다.",
    error_title: "문제가 발생했습니다",
    code_label: "메시지에 있는 코드",
    or_code: "또는 {origin}/guardian 페이지를 열고 다음 코드를 입력하세요: {code}",
    message_subject: "{operator}: 아동이 귀하의 동의를 요청합니다",
    message_intro: "{site}을(를) 이용하는 아동이 이 주소를 부모님 또는 보호자의 주소로 입력하고 귀하의 동의를 요청했습니다. 이 사이트는 {operator}이(가) 운영합니다.",
    message_asks: "동의를 요청하는 이용 목적: {list}.",
    message_open: "각 이용 목적(사용하는 정보, 받는 곳, 보관 기간)을 확인하고 각각에 대해 결정하려면 다음을 여세요:",
    message_lapse: "{date}까지 답하지 않으면 요청은 만료되고 귀하의 주소는 삭제됩니다. 주소는 이 요청에만 사용됩니다. 예상하지 못한 메시지라면 무시하셔도 됩니다.",
    message_policy: "{operator}의 개인정보 처리방침: {policy}. 연락처: {contact}.",
    list_sep: ", ",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::messages::placeholders;

    #[test]
    fn each_language_is_picked_by_its_tag_and_an_unknown_one_gets_english() {
        for lang in Lang::ALL {
            assert_eq!(for_locale(lang.tag()).locale, lang.tag(), "{lang:?}");
        }
        assert_eq!(for_locale("zh-TW").locale, "zh-CN");
        assert_eq!(for_locale("de-AT").locale, "de");
        assert_eq!(for_locale("fr-CA").age_title, "Avant de continuer");
        assert_eq!(for_locale("es_MX").locale, "es");
        assert_eq!(for_locale("it").locale, "en");
        assert_eq!(for_locale("").locale, "en");
        assert_eq!(for_locale("de").age_question, "Wann sind Sie geboren?");
        assert_eq!(for_locale("ja").months[11], "12月");
        assert_eq!(for_locale("ko").guardian_title, "아동이 귀하의 동의를 요청합니다");
    }

    /// Every string of `words` as JSON, by its path (`months.3`, `states.pending`).
    fn strings(words: &GuardianWords) -> Vec<(String, String)> {
        fn walk(at: &str, v: &serde_json::Value, out: &mut Vec<(String, String)>) {
            match v {
                serde_json::Value::String(s) => out.push((at.to_string(), s.clone())),
                serde_json::Value::Array(a) => a
                    .iter()
                    .enumerate()
                    .for_each(|(i, v)| walk(&format!("{at}.{i}"), v, out)),
                serde_json::Value::Object(o) => o.iter().for_each(|(k, v)| walk(&format!("{at}.{k}"), v, out)),
                other => panic!("{at}: not a string: {other}"),
            }
        }
        let v: serde_json::Value = serde_json::from_str(&crate::json::to_string(words).unwrap()).unwrap();
        let mut out = Vec::new();
        walk("", &v, &mut out);
        out
    }

    #[test]
    fn every_language_says_every_word_with_the_english_placeholders() {
        let english = strings(&EN);
        for lang in Lang::ALL {
            let words = for_locale(lang.tag());
            assert_eq!(words.locale, lang.tag());
            assert_eq!(words.months.len(), 12);
            let relationships: Vec<_> = words.relationships.0.iter().map(|(r, _)| *r).collect();
            assert_eq!(relationships, GuardianRelationship::ALL, "{lang:?}");
            let states: Vec<_> = words.states.0.iter().map(|(s, _)| *s).collect();
            assert_eq!(
                states,
                EN.states.0.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
                "{lang:?}"
            );
            let methods: Vec<_> = words.method_names.0.iter().map(|(m, _)| *m).collect();
            assert_eq!(
                methods,
                EN.method_names.0.iter().map(|(m, _)| *m).collect::<Vec<_>>(),
                "{lang:?}"
            );
            let decisions: Vec<_> = words.decisions.0.iter().map(|(d, _)| *d).collect();
            assert_eq!(
                decisions,
                EN.decisions.0.iter().map(|(d, _)| *d).collect::<Vec<_>>(),
                "{lang:?}"
            );
            let mine = strings(words);
            assert_eq!(
                mine.iter().map(|(k, _)| k).collect::<Vec<_>>(),
                english.iter().map(|(k, _)| k).collect::<Vec<_>>(),
                "{lang:?}: the same fields"
            );
            for ((at, text), (_, en)) in mine.iter().zip(&english) {
                assert!(!text.trim().is_empty(), "{lang:?}: `{at}` is empty");
                let mut named = placeholders(text);
                let mut theirs = placeholders(en);
                named.sort_unstable();
                theirs.sort_unstable();
                assert_eq!(named, theirs, "{lang:?}: `{at}` is {text}");
                // Each language's own words, never the English left in (German spells some
                // months as English does, French says "parent").
                let alike = [
                    ".months.3",
                    ".months.7",
                    ".months.8",
                    ".months.10",
                    ".relationships.parent",
                    ".listSep",
                ];
                if lang != Lang::En && at != ".locale" && !alike.contains(&at.as_str()) {
                    assert_ne!(text, en, "{lang:?}: `{at}` is still English");
                }
            }
        }
        assert!(EN.who_asked.contains("{id}") && EN.who_asked.contains("{date}"));
        assert!(EN.or_code.contains("{origin}") && EN.or_code.contains("{code}"));
        for lang in Lang::ALL {
            let w = for_locale(lang.tag());
            for (text, holes) in [
                (w.message_subject, &["{operator}"][..]),
                (w.message_intro, &["{site}", "{operator}"]),
                (w.message_asks, &["{list}"]),
                (w.message_lapse, &["{date}"]),
                (w.message_policy, &["{operator}", "{policy}", "{contact}"]),
            ] {
                for hole in holes {
                    assert!(text.contains(hole), "{lang:?}: {text} has no {hole}");
                }
            }
        }
    }

    #[test]
    fn the_age_gate_names_no_age_child_or_guardian_in_any_language() {
        let hints = [
            "child",
            "guardian",
            "parent",
            "Kind",
            "Eltern",
            "enfant",
            "tuteur",
            "menor",
            "tutor",
            "儿童",
            "监护",
            "子",
            "保護者",
            "아동",
            "법정대리인",
            "부모",
        ];
        for lang in Lang::ALL {
            let w = for_locale(lang.tag());
            let gate = [w.age_title, w.age_question, w.year, w.month, w.choose, w.r#continue];
            for text in gate {
                assert!(
                    !text.chars().any(|c| c.is_ascii_digit()),
                    "{lang:?}: `{text}` names a number"
                );
            }
            for text in gate.iter().chain(&w.months) {
                for hint in hints {
                    assert!(!text.contains(hint), "{lang:?}: `{text}` hints at `{hint}`");
                }
            }
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
