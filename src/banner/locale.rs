//! Which locale the banner speaks: the page's `lang` first (the site chose the language of the
//! page the visitor is reading), then the browser's `navigator.languages` in order, then the
//! policy's default. The page only reads those values and passes them in.

use crate::compiled::CompiledPolicy;
use crate::prelude::*;

/// The policy's locale that best matches `wanted`: the same tag (case-insensitive), else the
/// same language (`zh-TW` finds `zh-CN`, `en-GB` finds `en`); `None` when the policy has neither.
pub fn match_locale<'a>(policy: &'a CompiledPolicy, wanted: &str) -> Option<&'a str> {
    let wanted = wanted.trim().replace('_', "-");
    if wanted.is_empty() || wanted == "*" {
        return None;
    }
    if let Some(l) = policy.locales.iter().find(|l| l.eq_ignore_ascii_case(&wanted)) {
        return Some(l);
    }
    let lang = wanted.split('-').next().unwrap_or(&wanted);
    policy
        .locales
        .iter()
        .find(|l| l.split('-').next().is_some_and(|x| x.eq_ignore_ascii_case(lang)))
        .map(String::as_str)
}

/// The banner's locale: the page's `lang`, then each of the browser's languages, then the
/// policy's default locale.
pub fn choose_locale<'a>(policy: &'a CompiledPolicy, page_lang: Option<&str>, languages: &[String]) -> &'a str {
    page_lang
        .into_iter()
        .chain(languages.iter().map(String::as_str))
        .find_map(|w| match_locale(policy, w))
        .unwrap_or(&policy.default_locale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> CompiledPolicy {
        CompiledPolicy::from_policy(&crate::policy::load(include_str!("../../policies/seed.json")).unwrap())
    }

    #[test]
    fn the_page_language_comes_first() {
        let p = seed();
        assert_eq!(choose_locale(&p, Some("en"), &["zh-CN".into()]), "en");
        assert_eq!(choose_locale(&p, Some("zh-CN"), &["en-US".into()]), "zh-CN");
    }

    #[test]
    fn then_the_browser_languages_in_order() {
        let p = seed();
        assert_eq!(
            choose_locale(&p, Some("fr"), &["de-DE".into(), "en-GB".into(), "zh".into()]),
            "en"
        );
        assert_eq!(choose_locale(&p, None, &["zh-TW".into(), "en".into()]), "zh-CN");
        assert_eq!(choose_locale(&p, Some(""), &["EN_us".into()]), "en");
    }

    #[test]
    fn then_the_policy_default() {
        let p = seed();
        assert_eq!(choose_locale(&p, Some("fr"), &["de".into()]), "zh-CN");
        assert_eq!(choose_locale(&p, None, &[]), "zh-CN");
        assert_eq!(match_locale(&p, "*"), None);
    }
}
