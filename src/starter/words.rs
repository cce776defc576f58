//! The starter policy's words, in the locales it ships (en, zh-CN, de, fr, es, ja, ko: the
//! languages the banner speaks). A locale of another language gets a mark asking the owner to
//! translate the English.

use crate::eval::messages::Lang;
use crate::policy::marks::mark;
use crate::policy::Text;
use crate::prelude::*;

/// The locales the starter has words in.
pub const LOCALES: [&str; 7] = ["en", "zh-CN", "de", "fr", "es", "ja", "ko"];

/// One thing said in each language the starter ships. `{}` stands for one value filled in by
/// [`Words::with`].
#[derive(Clone, Copy)]
pub struct Words {
    /// In English.
    pub en: &'static str,
    /// In Simplified Chinese.
    pub zh: &'static str,
    /// In German.
    pub de: &'static str,
    /// In French.
    pub fr: &'static str,
    /// In Spanish.
    pub es: &'static str,
    /// In Japanese.
    pub ja: &'static str,
    /// In Korean.
    pub ko: &'static str,
}

impl Words {
    /// The words in `lang`.
    pub fn in_lang(&self, lang: Lang) -> &'static str {
        lang.pick([self.en, self.zh, self.de, self.fr, self.es, self.ja, self.ko])
    }

    /// The words in every one of `locales`.
    pub fn text(&self, locales: &[String]) -> Text {
        self.with(locales, "")
    }

    /// The words with `{}` replaced by `value` (the same in every locale: a name, an address).
    /// A locale without words gets a mark asking for the English to be translated.
    pub fn with(&self, locales: &[String], value: &str) -> Text {
        let english = self.en.replace("{}", value);
        localized(locales, |locale| match Lang::find(locale) {
            Some(lang) => self.in_lang(lang).replace("{}", value),
            None => mark(&format!("translate into {locale}: {english}")),
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
        mark(Lang::find(locale).map_or(question.en, |l| question.in_lang(l)))
    })
}

fn localized(locales: &[String], words: impl Fn(&str) -> String) -> Text {
    let mut text = Text::default();
    for locale in locales {
        text.0.insert(locale.clone(), words(locale));
    }
    text
}

/// A list in a locale's way: "a, b and c", "a、b和c", "a, b und c".
pub fn list(locale: &str, items: &[String]) -> String {
    let (sep, last) = match Lang::find(locale) {
        Some(Lang::Zh) => ("、", "和"),
        Some(Lang::Ja) => ("、", "、"),
        Some(Lang::De) => (", ", " und "),
        Some(Lang::Fr) => (", ", " et "),
        Some(Lang::Es) => (", ", " y "),
        Some(Lang::Ko) => (", ", " 및 "),
        Some(Lang::En) | None => (", ", " and "),
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
    de: "Datenschutzerklärung von {}",
    fr: "Politique de confidentialité de {}",
    es: "Política de privacidad de {}",
    ja: "{} プライバシーポリシー",
    ko: "{} 개인정보 처리방침",
};
pub const NOTICE_TITLE: Words = Words {
    en: "Your privacy choices",
    zh: "您的隐私选择",
    de: "Ihre Datenschutzeinstellungen",
    fr: "Vos choix de confidentialité",
    es: "Sus opciones de privacidad",
    ja: "プライバシーに関する選択",
    ko: "개인정보 설정",
};
pub const NOTICE_ESSENTIAL_ONLY: Words = Words {
    en: "This site uses only what it needs to work and to remember your choices. You can read the policy and change your choices at any time.",
    zh: "本网站仅使用运行所必需的信息并记住您的选择。您可以随时阅读本政策并更改您的选择。",
    de: "Diese Website verwendet nur, was sie zum Funktionieren und zum Speichern Ihrer Auswahl braucht. Sie können die Datenschutzerklärung jederzeit lesen und Ihre Auswahl ändern.",
    fr: "Ce site n'utilise que ce dont il a besoin pour fonctionner et pour mémoriser vos choix. Vous pouvez lire la politique et modifier vos choix à tout moment.",
    es: "Este sitio solo usa lo que necesita para funcionar y para recordar sus opciones. Puede leer la política y cambiar sus opciones en cualquier momento.",
    ja: "このサイトは、動作とお客様の選択の記憶に必要なものだけを利用します。ポリシーはいつでも読むことができ、選択もいつでも変更できます。",
    ko: "이 사이트는 운영과 선택 내용 저장에 필요한 것만 사용합니다. 언제든지 처리방침을 읽고 선택을 변경할 수 있습니다.",
};
/// `{}` is the list of optional purposes, in the locale's own words.
pub const NOTICE_OPTIONAL: Words = Words {
    en: "This site uses what it needs to work. With your consent it also uses cookies and similar technologies for {}. Nothing optional happens unless you agree, and you can change your choices at any time.",
    zh: "本网站使用运行所必需的信息。经您同意后，我们还会将 Cookie 及类似技术用于{}。未经您同意，不会进行任何可选处理；您可以随时更改您的选择。",
    de: "Diese Website verwendet, was sie zum Funktionieren braucht. Mit Ihrer Einwilligung verwendet sie außerdem Cookies und ähnliche Technologien für {}. Ohne Ihre Einwilligung geschieht nichts Optionales, und Sie können Ihre Auswahl jederzeit ändern.",
    fr: "Ce site utilise ce dont il a besoin pour fonctionner. Avec votre consentement, il utilise aussi des cookies et technologies similaires pour {}. Rien de facultatif n'a lieu sans votre accord, et vous pouvez modifier vos choix à tout moment.",
    es: "Este sitio usa lo que necesita para funcionar. Con su consentimiento, también usa cookies y tecnologías similares para {}. No se hace nada opcional sin su consentimiento, y puede cambiar sus opciones en cualquier momento.",
    ja: "このサイトは、動作に必要なものを利用します。同意いただいた場合は、{}のためにCookieや類似の技術も利用します。同意がない限り任意の処理は行わず、選択はいつでも変更できます。",
    ko: "이 사이트는 운영에 필요한 것을 사용합니다. 동의하시면 {}을(를) 위해 쿠키 및 유사 기술도 사용합니다. 동의 없이는 선택 항목을 처리하지 않으며, 언제든지 선택을 변경할 수 있습니다.",
};
pub const CONTACT: Words = Words {
    en: "Email {}",
    zh: "发送电子邮件至 {}",
    de: "E-Mail an {}",
    fr: "Écrivez à {}",
    es: "Escriba a {}",
    ja: "{} までメールでご連絡ください",
    ko: "{}(으)로 이메일을 보내 주세요",
};
pub const ASK_ADDRESS: Words = Words {
    en: "the postal address of the organisation responsible for the site",
    zh: "网站负责单位的通讯地址",
    de: "die Postanschrift der für die Website verantwortlichen Stelle",
    fr: "l'adresse postale de l'organisme responsable du site",
    es: "la dirección postal de la organización responsable del sitio",
    ja: "サイトの運営責任者の住所",
    ko: "사이트 운영 책임 기관의 우편 주소",
};
pub const ASK_DEPARTMENT: Words = Words {
    en: "who is responsible for data protection (a person, team or data protection officer) and how to reach them",
    zh: "个人信息保护负责人或部门及其联系方式",
    de: "wer für den Datenschutz zuständig ist (eine Person, ein Team oder die oder der Datenschutzbeauftragte) und wie diese Stelle erreichbar ist",
    fr: "qui est responsable de la protection des données (une personne, une équipe ou le délégué à la protection des données) et comment le joindre",
    es: "quién se encarga de la protección de datos (una persona, un equipo o el delegado de protección de datos) y cómo contactar con él",
    ja: "個人情報の取扱いの責任者（担当者、担当部署または個人情報保護管理者）とその連絡先",
    ko: "개인정보 보호책임자 또는 담당 부서와 그 연락처",
};
pub const ASK_OWNERSHIP: Words = Words {
    en: "who owns the organisation (its legal form and owners, as you state them to users)",
    zh: "运营单位的所有权及组织结构（法律形式及所有者）",
    de: "wem die Organisation gehört (Rechtsform und Eigentümer, wie Sie sie den Nutzern nennen)",
    fr: "à qui appartient l'organisme (sa forme juridique et ses propriétaires, tels que vous les indiquez aux utilisateurs)",
    es: "a quién pertenece la organización (su forma jurídica y sus propietarios, tal como los indica a los usuarios)",
    ja: "運営組織の所有者（法人の形態と所有者。利用者に示すとおりに）",
    ko: "운영 기관의 소유 구조(법적 형태와 소유자, 이용자에게 안내하는 대로)",
};
pub const COMPLAINT: Words = Words {
    en: "Write to {}. You may also complain to the data protection authority where you live.",
    zh: "请发送电子邮件至 {}。您也可以向您所在地的个人信息保护监管机构投诉。",
    de: "Schreiben Sie an {}. Sie können sich auch bei der Datenschutzaufsichtsbehörde an Ihrem Wohnort beschweren.",
    fr: "Écrivez à {}. Vous pouvez aussi introduire une réclamation auprès de l'autorité de protection des données de votre lieu de résidence.",
    es: "Escriba a {}. También puede presentar una reclamación ante la autoridad de protección de datos de su lugar de residencia.",
    ja: "{} までご連絡ください。お住まいの地域の個人情報保護の監督機関に苦情を申し立てることもできます。",
    ko: "{}(으)로 연락해 주세요. 거주지의 개인정보 보호 감독기관에 민원을 제기할 수도 있습니다.",
};
pub const ASK_PROVIDER: Words = Words {
    en: "the name of the provider you use for this, and set its `country` code beside this name",
    zh: "您为此使用的服务商名称，并在旁边的 `country` 中填写其所在国家代码",
    de: "den Namen des Anbieters, den Sie dafür nutzen, und setzen Sie neben diesem Namen dessen Ländercode unter `country`",
    fr: "le nom du prestataire que vous utilisez pour cela, et indiquez le code de son pays dans `country` à côté de ce nom",
    es: "el nombre del proveedor que usa para esto, e indique el código de su país en `country` junto a este nombre",
    ja: "このために利用しているサービス提供者の名前。その横の `country` に所在国のコードを記入してください",
    ko: "이를 위해 이용하는 서비스 제공자의 이름과, 그 옆 `country`에 소재 국가 코드를 기재하세요",
};

pub const CLAUSE_CONTROLLER: Words = Words {
    en: "Who we are",
    zh: "我们是谁",
    de: "Wer wir sind",
    fr: "Qui nous sommes",
    es: "Quiénes somos",
    ja: "当社について",
    ko: "개인정보 처리자",
};
pub const CLAUSE_PURPOSES: Words = Words {
    en: "What we use and why",
    zh: "我们使用哪些信息以及用途",
    de: "Was wir verwenden und warum",
    fr: "Ce que nous utilisons et pourquoi",
    es: "Qué usamos y para qué",
    ja: "利用する情報と利用目的",
    ko: "처리하는 개인정보와 처리 목적",
};
pub const CLAUSE_SHARING: Words = Words {
    en: "Who we share it with",
    zh: "我们与谁共享",
    de: "An wen wir Daten weitergeben",
    fr: "Avec qui nous les partageons",
    es: "Con quién los compartimos",
    ja: "第三者への提供",
    ko: "개인정보의 제3자 제공",
};
pub const CLAUSE_RETENTION: Words = Words {
    en: "How long we keep it",
    zh: "保存期限",
    de: "Wie lange wir Daten speichern",
    fr: "Combien de temps nous les conservons",
    es: "Cuánto tiempo los conservamos",
    ja: "保存期間",
    ko: "보유 기간",
};
pub const CLAUSE_STORAGE: Words = Words {
    en: "Where it is kept",
    zh: "存储地点",
    de: "Wo Daten gespeichert werden",
    fr: "Où elles sont conservées",
    es: "Dónde se guardan",
    ja: "保存場所",
    ko: "보관 장소",
};
pub const CLAUSE_RIGHTS: Words = Words {
    en: "Your rights",
    zh: "您的权利",
    de: "Ihre Rechte",
    fr: "Vos droits",
    es: "Sus derechos",
    ja: "お客様の権利",
    ko: "정보주체의 권리",
};
pub const CLAUSE_CHILDREN: Words = Words {
    en: "Children",
    zh: "儿童",
    de: "Kinder",
    fr: "Enfants",
    es: "Menores",
    ja: "子どもの個人情報",
    ko: "아동의 개인정보",
};
pub const CLAUSE_CHANGES: Words = Words {
    en: "Changes to this policy",
    zh: "本政策的变更",
    de: "Änderungen dieser Datenschutzerklärung",
    fr: "Modifications de cette politique",
    es: "Cambios en esta política",
    ja: "本ポリシーの変更",
    ko: "처리방침의 변경",
};
pub const CLAUSE_EXCEPTIONS: Words = Words {
    en: "When we use information without consent",
    zh: "无需同意的情形",
    de: "Wann wir Daten ohne Einwilligung verwenden",
    fr: "Quand nous utilisons des données sans consentement",
    es: "Cuándo usamos datos sin consentimiento",
    ja: "同意なしに利用する場合",
    ko: "동의 없이 처리하는 경우",
};

pub const CATEGORY_IDENTIFIERS: Words = Words {
    en: "Online identifiers (cookie and device identifiers, IP address)",
    zh: "网络标识符（Cookie 与设备标识符、IP 地址）",
    de: "Online-Kennungen (Cookie- und Gerätekennungen, IP-Adresse)",
    fr: "Identifiants en ligne (identifiants de cookies et d'appareil, adresse IP)",
    es: "Identificadores en línea (identificadores de cookies y de dispositivo, dirección IP)",
    ja: "オンライン識別子（Cookieと端末の識別子、IPアドレス）",
    ko: "온라인 식별자(쿠키 및 기기 식별자, IP 주소)",
};
pub const CATEGORY_DEVICE: Words = Words {
    en: "Device and browser information (type, operating system, language, screen size)",
    zh: "设备与浏览器信息（型号、操作系统、语言、屏幕尺寸）",
    de: "Geräte- und Browserinformationen (Typ, Betriebssystem, Sprache, Bildschirmgröße)",
    fr: "Informations sur l'appareil et le navigateur (type, système d'exploitation, langue, taille d'écran)",
    es: "Información del dispositivo y del navegador (tipo, sistema operativo, idioma, tamaño de pantalla)",
    ja: "端末とブラウザの情報（機種、OS、言語、画面サイズ）",
    ko: "기기 및 브라우저 정보(종류, 운영체제, 언어, 화면 크기)",
};
pub const CATEGORY_USAGE: Words = Words {
    en: "How you use the site (pages visited, clicks, time spent)",
    zh: "网站使用信息（访问的页面、点击、停留时间）",
    de: "Wie Sie die Website nutzen (besuchte Seiten, Klicks, Verweildauer)",
    fr: "Votre utilisation du site (pages consultées, clics, temps passé)",
    es: "Cómo usa el sitio (páginas visitadas, clics, tiempo de permanencia)",
    ja: "サイトの利用状況（閲覧したページ、クリック、滞在時間）",
    ko: "사이트 이용 정보(방문한 페이지, 클릭, 체류 시간)",
};
pub const CATEGORY_PREFERENCES: Words = Words {
    en: "Your preferences and interests on the site",
    zh: "您在本网站的偏好与兴趣",
    de: "Ihre Vorlieben und Interessen auf der Website",
    fr: "Vos préférences et centres d'intérêt sur le site",
    es: "Sus preferencias e intereses en el sitio",
    ja: "サイトでのお客様の好みや関心",
    ko: "사이트에서의 선호와 관심사",
};
pub const CATEGORY_PROFILE: Words = Words {
    en: "Your profile from the sign-in provider (name, email address, picture)",
    zh: "来自第三方登录服务的资料（昵称、电子邮箱、头像）",
    de: "Ihr Profil beim Anmeldedienst (Name, E-Mail-Adresse, Bild)",
    fr: "Votre profil chez le fournisseur de connexion (nom, adresse e-mail, photo)",
    es: "Su perfil del proveedor de inicio de sesión (nombre, correo electrónico, foto)",
    ja: "ログインサービスのプロフィール（名前、メールアドレス、写真）",
    ko: "로그인 서비스의 프로필(이름, 이메일 주소, 사진)",
};

pub const RETENTION_SECURITY: Words = Words {
    en: "Security logs are kept 6 months from when they are made, then deleted.",
    zh: "安全日志自生成起保存 6 个月，之后删除。",
    de: "Sicherheitsprotokolle werden ab ihrer Erstellung 6 Monate gespeichert und dann gelöscht.",
    fr: "Les journaux de sécurité sont conservés 6 mois à compter de leur création, puis supprimés.",
    es: "Los registros de seguridad se conservan 6 meses desde su creación y después se eliminan.",
    ja: "セキュリティログは作成から6か月間保存し、その後削除します。",
    ko: "보안 로그는 생성 시점부터 6개월간 보관한 후 삭제합니다.",
};
pub const RETENTION_MEASUREMENT: Words = Words {
    en: "Measurement data is kept 13 months from collection, then deleted or anonymized.",
    zh: "统计数据自收集起保存 13 个月，之后删除或匿名化处理。",
    de: "Messdaten werden ab ihrer Erhebung 13 Monate gespeichert und dann gelöscht oder anonymisiert.",
    fr: "Les données de mesure sont conservées 13 mois à compter de leur collecte, puis supprimées ou anonymisées.",
    es: "Los datos de medición se conservan 13 meses desde su recogida y después se eliminan o se anonimizan.",
    ja: "計測データは収集から13か月間保存し、その後削除または匿名化します。",
    ko: "측정 데이터는 수집 시점부터 13개월간 보관한 후 삭제하거나 익명처리합니다.",
};
pub const RETENTION_ADVERTISING: Words = Words {
    en: "Advertising identifiers are kept 13 months from collection, then deleted.",
    zh: "广告标识符自收集起保存 13 个月，之后删除。",
    de: "Werbekennungen werden ab ihrer Erhebung 13 Monate gespeichert und dann gelöscht.",
    fr: "Les identifiants publicitaires sont conservés 13 mois à compter de leur collecte, puis supprimés.",
    es: "Los identificadores publicitarios se conservan 13 meses desde su recogida y después se eliminan.",
    ja: "広告識別子は収集から13か月間保存し、その後削除します。",
    ko: "광고 식별자는 수집 시점부터 13개월간 보관한 후 삭제합니다.",
};
pub const RETENTION_WITHDRAWAL: Words = Words {
    en: "Deleted within 30 days after you withdraw your consent.",
    zh: "在您撤回同意后 30 天内删除。",
    de: "Gelöscht innerhalb von 30 Tagen nach dem Widerruf Ihrer Einwilligung.",
    fr: "Supprimées dans les 30 jours suivant le retrait de votre consentement.",
    es: "Se eliminan en los 30 días siguientes a la retirada de su consentimiento.",
    ja: "同意の撤回から30日以内に削除します。",
    ko: "동의를 철회한 날부터 30일 이내에 삭제합니다.",
};

pub const ESSENTIAL_NAME: Words = Words {
    en: "Strictly necessary",
    zh: "必要功能",
    de: "Unbedingt erforderlich",
    fr: "Strictement nécessaires",
    es: "Estrictamente necesarias",
    ja: "必須",
    ko: "필수",
};
pub const ESSENTIAL_DESCRIPTION: Words = Words {
    en: "Runs the site, keeps it secure and remembers your privacy choices. Always on.",
    zh: "运行网站、保障安全并记住您的隐私选择。始终开启。",
    de: "Betreibt die Website, hält sie sicher und speichert Ihre Datenschutzeinstellungen. Immer aktiv.",
    fr: "Fait fonctionner le site, le sécurise et mémorise vos choix de confidentialité. Toujours actif.",
    es: "Hace funcionar el sitio, lo mantiene seguro y recuerda sus opciones de privacidad. Siempre activo.",
    ja: "サイトを動作させ、安全を保ち、プライバシーに関する選択を記憶します。常にオンです。",
    ko: "사이트를 운영하고 보안을 유지하며 개인정보 설정을 기억합니다. 항상 켜져 있습니다.",
};
pub const ANALYTICS_NAME: Words = Words {
    en: "Analytics",
    zh: "统计分析",
    de: "Statistik",
    fr: "Mesure d'audience",
    es: "Analítica",
    ja: "アクセス解析",
    ko: "통계 분석",
};
pub const ANALYTICS_DESCRIPTION: Words = Words {
    en: "Counts visits and measures how the site is used, so we can improve it.",
    zh: "统计访问量并衡量网站的使用情况，以便我们改进网站。",
    de: "Zählt Besuche und misst, wie die Website genutzt wird, damit wir sie verbessern können.",
    fr: "Compte les visites et mesure l'utilisation du site, afin que nous puissions l'améliorer.",
    es: "Cuenta las visitas y mide cómo se usa el sitio, para que podamos mejorarlo.",
    ja: "訪問数を数え、サイトの利用状況を計測して、サイトの改善に役立てます。",
    ko: "방문 수를 세고 사이트 이용 방식을 측정하여 사이트를 개선합니다.",
};
pub const ADVERTISING_NAME: Words = Words {
    en: "Advertising",
    zh: "广告",
    de: "Werbung",
    fr: "Publicité",
    es: "Publicidad",
    ja: "広告",
    ko: "광고",
};
pub const ADVERTISING_DESCRIPTION: Words = Words {
    en: "Shows ads that may match your interests and measures how they perform, with our advertising partners.",
    zh: "与我们的广告合作伙伴一起展示可能符合您兴趣的广告，并衡量广告效果。",
    de: "Zeigt mit unseren Werbepartnern Anzeigen, die Ihren Interessen entsprechen können, und misst deren Wirkung.",
    fr: "Affiche, avec nos partenaires publicitaires, des publicités susceptibles de correspondre à vos centres d'intérêt et mesure leur performance.",
    es: "Muestra, con nuestros socios publicitarios, anuncios que pueden ajustarse a sus intereses y mide su rendimiento.",
    ja: "広告パートナーとともに、お客様の関心に合う可能性のある広告を表示し、その効果を計測します。",
    ko: "광고 파트너와 함께 관심사에 맞을 수 있는 광고를 보여 주고 그 성과를 측정합니다.",
};
pub const MEDIA_NAME: Words = Words {
    en: "Embedded media",
    zh: "嵌入式媒体",
    de: "Eingebettete Medien",
    fr: "Contenus intégrés",
    es: "Contenido insertado",
    ja: "埋め込みコンテンツ",
    ko: "삽입 콘텐츠",
};
pub const MEDIA_DESCRIPTION: Words = Words {
    en: "Plays videos, maps and other content from other sites inside our pages; those sites receive your device information.",
    zh: "在我们的页面中播放来自其他网站的视频、地图等内容；这些网站会收到您的设备信息。",
    de: "Spielt Videos, Karten und andere Inhalte anderer Websites auf unseren Seiten ab; diese Websites erhalten Ihre Geräteinformationen.",
    fr: "Lit des vidéos, cartes et autres contenus d'autres sites dans nos pages\u{a0}; ces sites reçoivent les informations de votre appareil.",
    es: "Reproduce vídeos, mapas y otros contenidos de otros sitios dentro de nuestras páginas; esos sitios reciben la información de su dispositivo.",
    ja: "他のサイトの動画、地図などのコンテンツを当社のページ内で再生します。それらのサイトはお客様の端末情報を受け取ります。",
    ko: "다른 사이트의 동영상, 지도 등의 콘텐츠를 저희 페이지 안에서 재생합니다. 해당 사이트는 기기 정보를 받습니다.",
};
pub const PERSONALISATION_NAME: Words = Words {
    en: "Personalisation",
    zh: "个性化",
    de: "Personalisierung",
    fr: "Personnalisation",
    es: "Personalización",
    ja: "パーソナライズ",
    ko: "맞춤 설정",
};
pub const PERSONALISATION_DESCRIPTION: Words = Words {
    en: "Remembers your preferences and suggests content based on what you use.",
    zh: "记住您的偏好，并根据您的使用情况推荐内容。",
    de: "Speichert Ihre Vorlieben und schlägt Inhalte auf Grundlage Ihrer Nutzung vor.",
    fr: "Mémorise vos préférences et vous suggère des contenus selon votre utilisation.",
    es: "Recuerda sus preferencias y le sugiere contenidos según lo que usa.",
    ja: "お客様の好みを記憶し、利用状況に基づいてコンテンツをおすすめします。",
    ko: "선호를 기억하고 이용 내역에 따라 콘텐츠를 추천합니다.",
};
pub const SOCIAL_LOGIN_NAME: Words = Words {
    en: "Sign in with another account",
    zh: "第三方账号登录",
    de: "Anmeldung mit einem anderen Konto",
    fr: "Connexion avec un autre compte",
    es: "Inicio de sesión con otra cuenta",
    ja: "他のアカウントでログイン",
    ko: "다른 계정으로 로그인",
};
pub const SOCIAL_LOGIN_DESCRIPTION: Words = Words {
    en: "Lets you sign in with an account you have elsewhere; the sign-in provider learns that you use this site.",
    zh: "允许您使用其他平台的账号登录；登录服务商会知道您在使用本网站。",
    de: "Ermöglicht die Anmeldung mit einem Konto, das Sie anderswo haben; der Anmeldedienst erfährt, dass Sie diese Website nutzen.",
    fr: "Vous permet de vous connecter avec un compte que vous avez ailleurs\u{a0}; le fournisseur de connexion apprend que vous utilisez ce site.",
    es: "Le permite iniciar sesión con una cuenta que tiene en otro sitio; el proveedor de inicio de sesión sabrá que usa este sitio.",
    ja: "他のサービスのアカウントでログインできます。ログインサービスは、お客様がこのサイトを利用していることを知ります。",
    ko: "다른 곳의 계정으로 로그인할 수 있습니다. 로그인 서비스 제공자는 이 사이트를 이용한다는 사실을 알게 됩니다.",
};
pub const TRANSFER_NAME: Words = Words {
    en: "Processing abroad",
    zh: "境外处理",
    de: "Verarbeitung im Ausland",
    fr: "Traitement à l'étranger",
    es: "Tratamiento en el extranjero",
    ja: "外国での取扱い",
    ko: "국외 처리",
};
pub const TRANSFER_DESCRIPTION: Words = Words {
    en: "Sends information to our service providers in other countries, who process it for the purposes above.",
    zh: "将信息发送至位于其他国家或地区的服务商，由其为上述目的进行处理。",
    de: "Übermittelt Informationen an unsere Dienstleister in anderen Ländern, die sie für die oben genannten Zwecke verarbeiten.",
    fr: "Transmet des informations à nos prestataires situés dans d'autres pays, qui les traitent pour les finalités ci-dessus.",
    es: "Envía información a nuestros proveedores en otros países, que la tratan para las finalidades anteriores.",
    ja: "外国にある当社の委託先に情報を提供し、委託先は上記の目的のために取り扱います。",
    ko: "다른 국가에 있는 서비스 제공자에게 정보를 이전하며, 제공자는 위 목적을 위해 처리합니다.",
};

pub const EXCEPTION_LAW: Words = Words {
    en: "To comply with a legal obligation, a court order or a request of a competent authority.",
    zh: "为履行法定义务、执行法院命令或应主管机关的要求。",
    de: "Um eine rechtliche Verpflichtung, eine gerichtliche Anordnung oder ein Ersuchen einer zuständigen Behörde zu erfüllen.",
    fr: "Pour respecter une obligation légale, une décision de justice ou une demande d'une autorité compétente.",
    es: "Para cumplir una obligación legal, una orden judicial o un requerimiento de una autoridad competente.",
    ja: "法令上の義務、裁判所の命令または権限のある機関の要請に従うため。",
    ko: "법령상 의무, 법원의 명령 또는 관계 기관의 요청을 따르기 위한 경우.",
};
/// GDPR Art. 6(1)(d): the vital interests of the person or of another, which means their life.
pub const EXCEPTION_VITAL: Words = Words {
    en: "To protect your life or another person's life when your consent cannot be asked in time.",
    zh: "为保护您或他人的生命安全而又无法及时征得您的同意的。",
    de: "Um Ihr Leben oder das Leben einer anderen Person zu schützen, wenn Ihre Einwilligung nicht rechtzeitig eingeholt werden kann.",
    fr: "Pour protéger votre vie ou celle d'une autre personne lorsque votre consentement ne peut pas être demandé à temps.",
    es: "Para proteger su vida o la de otra persona cuando no se pueda pedir su consentimiento a tiempo.",
    ja: "お客様または他の人の生命を保護するために必要で、同意を適時に得ることができない場合。",
    ko: "정보주체 또는 다른 사람의 생명을 보호하기 위해 필요하고 동의를 제때 받을 수 없는 경우.",
};
/// PIPL Art. 13(4), added where Chinese law applies: it also names health and property.
pub const EXCEPTION_VITAL_CN: Words = Words {
    en: "Where Chinese law applies, also when necessary in an emergency to protect a person's life, health or property, or to respond to a public health emergency.",
    zh: "适用中国法律时，还包括为应对突发公共卫生事件，或者紧急情况下为保护自然人的生命健康和财产安全所必需的。",
    de: "Wenn chinesisches Recht gilt, auch wenn es in einem Notfall zum Schutz des Lebens, der Gesundheit oder des Eigentums einer Person oder zur Bewältigung eines Notfalls im Bereich der öffentlichen Gesundheit erforderlich ist.",
    fr: "Lorsque le droit chinois s'applique, également lorsque cela est nécessaire en cas d'urgence pour protéger la vie, la santé ou les biens d'une personne, ou pour faire face à une urgence de santé publique.",
    es: "Cuando se aplica la ley china, también cuando sea necesario en una emergencia para proteger la vida, la salud o los bienes de una persona, o para responder a una emergencia de salud pública.",
    ja: "中国の法律が適用される場合は、公衆衛生上の緊急事態への対応、または緊急時に人の生命、健康もしくは財産を保護するために必要な場合も含みます。",
    ko: "중국 법률이 적용되는 경우, 공중보건 비상사태에 대응하거나 긴급한 상황에서 사람의 생명, 건강 또는 재산을 보호하기 위해 필요한 경우도 포함합니다.",
};

pub const RIGHT_HOW: Words = Words {
    en: "Write to {}; we answer within one month.",
    zh: "请发送电子邮件至 {}，我们将在一个月内答复。",
    de: "Schreiben Sie an {}; wir antworten innerhalb eines Monats.",
    fr: "Écrivez à {}\u{a0}; nous répondons dans un délai d'un mois.",
    es: "Escriba a {}; le responderemos en el plazo de un mes.",
    ja: "{} までご連絡ください。1か月以内に回答します。",
    ko: "{}(으)로 연락해 주세요. 1개월 이내에 답변합니다.",
};
pub const RIGHT_HOW_WITHDRAW: Words = Words {
    en: "Open the privacy choices from the button on every page and turn off what you no longer want.",
    zh: "点击每个页面上的隐私选择按钮，关闭您不再同意的项目。",
    de: "Öffnen Sie die Datenschutzeinstellungen über die Schaltfläche auf jeder Seite und schalten Sie aus, was Sie nicht mehr möchten.",
    fr: "Ouvrez les choix de confidentialité avec le bouton présent sur chaque page et désactivez ce que vous ne souhaitez plus.",
    es: "Abra las opciones de privacidad con el botón de cada página y desactive lo que ya no desee.",
    ja: "各ページのボタンからプライバシー設定を開き、不要になった項目をオフにしてください。",
    ko: "각 페이지의 버튼으로 개인정보 설정을 열고 더 이상 원하지 않는 항목을 끄세요.",
};
pub const RIGHT_ACCESS: Words = Words {
    en: "See the personal information we hold about you.",
    zh: "查阅我们持有的您的个人信息。",
    de: "Die personenbezogenen Daten einsehen, die wir über Sie haben.",
    fr: "Consulter les données personnelles que nous détenons sur vous.",
    es: "Ver los datos personales que tenemos sobre usted.",
    ja: "当社が保有するお客様の個人情報の開示を求めること。",
    ko: "저희가 보유한 개인정보의 열람을 요구할 권리.",
};
pub const RIGHT_RECTIFICATION: Words = Words {
    en: "Have it corrected when it is wrong.",
    zh: "在信息有误时要求更正。",
    de: "Sie berichtigen lassen, wenn sie falsch sind.",
    fr: "Les faire rectifier lorsqu'elles sont inexactes.",
    es: "Que se rectifiquen cuando sean incorrectos.",
    ja: "内容が事実でない場合に訂正を求めること。",
    ko: "정보가 틀린 경우 정정을 요구할 권리.",
};
pub const RIGHT_ERASURE: Words = Words {
    en: "Have it deleted.",
    zh: "要求删除您的个人信息。",
    de: "Sie löschen lassen.",
    fr: "Les faire effacer.",
    es: "Que se supriman.",
    ja: "削除を求めること。",
    ko: "삭제를 요구할 권리.",
};
pub const RIGHT_WITHDRAWAL: Words = Words {
    en: "Withdraw your consent at any time, as easily as you gave it.",
    zh: "随时撤回同意，与给予同意一样方便。",
    de: "Ihre Einwilligung jederzeit so einfach widerrufen, wie Sie sie erteilt haben.",
    fr: "Retirer votre consentement à tout moment, aussi simplement que vous l'avez donné.",
    es: "Retirar su consentimiento en cualquier momento, con la misma facilidad con que lo dio.",
    ja: "同意したときと同じように簡単に、いつでも同意を撤回すること。",
    ko: "동의할 때와 같이 쉽게 언제든지 동의를 철회할 권리.",
};
pub const RIGHT_PORTABILITY: Words = Words {
    en: "Receive a copy in a common machine-readable format.",
    zh: "以通用的机器可读格式获取副本。",
    de: "Eine Kopie in einem gängigen, maschinenlesbaren Format erhalten.",
    fr: "Recevoir une copie dans un format courant et lisible par machine.",
    es: "Recibir una copia en un formato común de lectura mecánica.",
    ja: "一般的な機械可読形式で写しを受け取ること。",
    ko: "일반적으로 쓰이는 기계 판독 가능한 형식으로 사본을 받을 권리.",
};
pub const RIGHT_OBJECTION: Words = Words {
    en: "Object to processing, including for direct marketing.",
    zh: "反对对您信息的处理，包括用于直接营销。",
    de: "Der Verarbeitung widersprechen, auch zu Zwecken der Direktwerbung.",
    fr: "Vous opposer au traitement, y compris à des fins de prospection.",
    es: "Oponerse al tratamiento, incluido con fines de mercadotecnia directa.",
    ja: "ダイレクトマーケティングを含め、取扱いの停止を求めること。",
    ko: "직접 마케팅을 포함한 처리의 정지를 요구할 권리.",
};
pub const RIGHT_COMPLAINT: Words = Words {
    en: "Complain to us or to a data protection authority.",
    zh: "向我们或个人信息保护监管机构投诉。",
    de: "Sich bei uns oder bei einer Datenschutzaufsichtsbehörde beschweren.",
    fr: "Introduire une réclamation auprès de nous ou d'une autorité de protection des données.",
    es: "Presentar una reclamación ante nosotros o ante una autoridad de protección de datos.",
    ja: "当社または個人情報保護の監督機関に苦情を申し立てること。",
    ko: "저희 또는 개인정보 보호 감독기관에 민원을 제기할 권리.",
};
