//! How a page configures the banner (the JSON in `<script type="application/json"
//! id="assent-config">`, or the object passed to `startBanner`), and how the visitor facts the
//! edge writes on `<html>` are read.

use crate::prelude::*;
use serde::Deserialize;

use crate::json::FromJson;

use crate::eval::AgeBand;
use crate::policy::Problem;

use super::session::Visitor;
use super::tcf::TcfSettings;
use super::words::{Overrides, Words};
use crate::compiled::CompiledPolicy;

/// The page's configuration.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "BannerConfig"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Config {
    /// Where the compiled policy's core file is (`assent compile` writes it, the edge serves the
    /// version in force at `/v1/policy/compiled/core.json`); its texts files sit beside it.
    pub policy: String,
    /// The consent service's base URL (the edge); without it choices are kept in the browser,
    /// unsigned.
    #[serde(default)]
    pub edge: Option<String>,
    /// The jurisdiction when the edge does not say (`data-assent-jurisdiction` on `<html>`);
    /// the policy's `*` rule when neither does.
    #[serde(default)]
    pub jurisdiction: Option<String>,
    /// Development mode: presets from the query or a cookie are honoured
    /// (see [`super::preset`]). Never on in production.
    #[serde(default)]
    pub development: bool,
    /// Google Consent Mode.
    #[serde(default)]
    pub consent_mode: ConsentModeConfig,
    /// IAB TCF settings; the TCF stays off without them.
    #[serde(default)]
    pub tcf: Option<TcfSettings>,
    /// The site's own words for the banner, per language (`{"de": {"acceptAll": "..."}}`);
    /// the keys are listed in docs/banner.md.
    #[serde(default)]
    pub words: Overrides,
    /// Where the first layer sits: `bar`, `box` or `modal` (the default).
    #[serde(default)]
    pub layout: Layout,
    /// The colour scheme: `auto` (the visitor's `prefers-color-scheme`, the default), `light`
    /// or `dark`.
    #[serde(default)]
    pub theme: Theme,
}

/// Where the first layer sits, and whether it holds the page. The second layer, the age
/// question, the guardian step and the update notice ask for an answer before the visitor goes
/// on: they are modal in every layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema), schemars(transform = Layout::names_in_schema))]
#[serde(try_from = "String")]
pub enum Layout {
    /// A full-width bar along the bottom edge; the page stays usable.
    Bar,
    /// A box in the bottom corner; the page stays usable.
    Box,
    /// A dialog over a dimmed page, which holds focus until the visitor answers.
    #[default]
    Modal,
}

impl Layout {
    /// Every layout, as the configuration names it.
    pub const ALL: [Layout; 3] = [Layout::Bar, Layout::Box, Layout::Modal];

    /// The layout's name in the configuration and in the container's class
    /// (`assent-layout-<name>`).
    pub fn name(self) -> &'static str {
        match self {
            Layout::Bar => "bar",
            Layout::Box => "box",
            Layout::Modal => "modal",
        }
    }

    /// Its JSON Schema: serde reads it from a string, which must be one of these names.
    #[cfg(feature = "schema")]
    fn names_in_schema(schema: &mut schemars::Schema) {
        schema.insert("enum".into(), Layout::ALL.map(Layout::name).into_iter().collect());
    }

    /// Whether the first layer holds the page (a modal dialog) or leaves it usable.
    pub fn is_modal(self) -> bool {
        self == Layout::Modal
    }
}

impl TryFrom<String> for Layout {
    type Error = String;

    fn try_from(name: String) -> Result<Self, String> {
        Layout::ALL.into_iter().find(|l| l.name() == name).ok_or_else(|| {
            let known: Vec<&str> = Layout::ALL.iter().map(|l| l.name()).collect();
            format!("`{name}` is not a layout: use one of {}", known.join(", "))
        })
    }
}

/// The banner's colour scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema), schemars(transform = Theme::names_in_schema))]
#[serde(try_from = "String")]
pub enum Theme {
    /// The visitor's `prefers-color-scheme`.
    #[default]
    Auto,
    /// Light, whatever the visitor prefers.
    Light,
    /// Dark, whatever the visitor prefers.
    Dark,
}

impl Theme {
    /// Every theme, as the configuration names it.
    pub const ALL: [Theme; 3] = [Theme::Auto, Theme::Light, Theme::Dark];

    /// Its JSON Schema: serde reads it from a string, which must be one of these names.
    #[cfg(feature = "schema")]
    fn names_in_schema(schema: &mut schemars::Schema) {
        schema.insert("enum".into(), Theme::ALL.map(Theme::name).into_iter().collect());
    }

    /// The theme's name in the configuration and in `data-assent-theme`.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

impl TryFrom<String> for Theme {
    type Error = String;

    fn try_from(name: String) -> Result<Self, String> {
        Theme::ALL.into_iter().find(|t| t.name() == name).ok_or_else(|| {
            let known: Vec<&str> = Theme::ALL.iter().map(|t| t.name()).collect();
            format!("`{name}` is not a theme: use one of {}", known.join(", "))
        })
    }
}

/// How the banner looks: its layout and colour scheme, from the page's configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Look {
    /// Where the first layer sits.
    pub layout: Layout,
    /// The colour scheme.
    pub theme: Theme,
}

impl Config {
    /// The banner's look this configuration asks for.
    pub fn look(&self) -> Look {
        Look {
            layout: self.layout,
            theme: self.theme,
        }
    }
}

/// Google Consent Mode settings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConsentModeConfig {
    /// Whether to send the commands (only when the policy maps purposes to signals).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The regions the default applies to; everywhere when empty.
    #[serde(default)]
    pub regions: Vec<String>,
    /// How long tags wait for the update, in milliseconds.
    #[serde(default)]
    pub wait_for_update: Option<u32>,
}

fn yes() -> bool {
    true
}

impl Default for ConsentModeConfig {
    fn default() -> Self {
        ConsentModeConfig {
            enabled: true,
            regions: Vec::new(),
            wait_for_update: None,
        }
    }
}

impl Config {
    /// Reads the configuration JSON. Its `words` are checked against the words they replace
    /// once the policy's texts are read ([`Config::words_over`]).
    pub fn from_json(text: &str) -> Result<Config, Problem> {
        crate::policy::read_json(text).map_err(|e| {
            Problem::at("config.invalid", e.path, e.message)
                .hint("see docs/banner.md: the banner's configuration needs at least {\"policy\": URL}")
        })
    }

    /// The banner's words in `locale`: those of the policy's texts file (the catalogue's, with
    /// the policy's own in place), with this configuration's `words` in place. An unknown
    /// locale or key, an empty word or a template name the word is not filled with is refused
    /// with its own code (`words.unknown_key`, ...) at its place under `$.words`.
    pub fn words_over(&self, policy: &CompiledPolicy, locale: &str) -> Result<Words, Problem> {
        let texts = policy.texts_or_fallback(locale).ok_or_else(|| {
            Problem::from(crate::compiled::CompiledError::MissingLocale {
                locale: locale.to_string(),
            })
        })?;
        self.words.check(&policy.locales, "$.words")?;
        Ok(self.words.apply(locale, &texts.words))
    }

    /// Reads the core file fetched from `policy`. A file of no compiled format (a policy document,
    /// or the edge's `/v1/policy`) is refused as the compiled reader refuses it
    /// (`compiled.format`), with a hint at the configuration that named it; every refusal names
    /// the URL it was read from.
    pub fn read_core(&self, text: &str) -> Result<crate::compiled::Core, Problem> {
        crate::compiled::Core::read(text).map_err(|e| {
            let mut p = Problem::from(e);
            p.message = format!("{} (read from `{}`)", p.message, self.policy);
            if p.code == "compiled.format" {
                let hint = format!(
                    "`policy` ({}) must name a compiled core file: `assent compile` writes one, and the edge serves /v1/policy/compiled/core.json; pages do not read policy documents",
                    self.policy
                );
                p.hint(hint)
            } else {
                p
            }
        })
    }

    /// The URL of the texts file `name` (a name the core file gives, [`crate::compiled::Core::texts_file_name`]):
    /// beside the core file, in the same folder.
    pub fn texts_url(&self, name: &str) -> String {
        let core = self.policy.split(['?', '#']).next().unwrap_or(&self.policy);
        match core.rfind('/') {
            Some(slash) => format!("{}{name}", &core[..=slash]),
            None => name.to_string(),
        }
    }

    /// The consent service's URL for `path` (`/v1/consent`), when there is one.
    pub fn edge_url(&self, path: &str) -> Option<String> {
        let base = self.edge.as_deref()?;
        Some(format!(
            "{}/{}",
            base.trim_end_matches('/'),
            path.trim_start_matches('/')
        ))
    }
}

/// Why an answer to a request for a JSON file (`what`: "a compiled policy file", ...) at `url`
/// is refused although its status is 2xx: it is an HTML page (its `content_type` is `text/html`,
/// or its `body` opens with `<`). A dev server (Vite's, and most single-page setups) answers a
/// path it does not have with its `index.html` and a 200, which the JSON reader would otherwise
/// report as a corrupt file at `$`.
pub fn html_in_place_of(what: &str, url: &str, content_type: Option<&str>, body: &str) -> Option<String> {
    let media_type = content_type.and_then(|t| t.split(';').next()).map(str::trim);
    let html = media_type.is_some_and(|t| t.eq_ignore_ascii_case("text/html"))
        || body.trim_start_matches('\u{feff}').trim_start().starts_with('<');
    html.then(|| {
        format!(
            "`{url}` answered an HTML page, not {what}: is the path right? (a dev server answers a missing file with its index.html)"
        )
    })
}

/// An age band as the edge names it (`data-assent-age-band`, `/v1/state`'s `ageBand`); `None`
/// for one it does not know (`unknown` among them).
pub fn age_band(name: &str) -> Option<AgeBand> {
    match name.trim() {
        "below_guardian_age" => Some(AgeBand::BelowGuardianAge),
        "minor" => Some(AgeBand::Minor),
        "adult" => Some(AgeBand::Adult),
        _ => None,
    }
}

/// The visitor facts: the jurisdiction and age band the edge wrote on `<html>`
/// (`data-assent-jurisdiction`, `data-assent-age-band`), else the configured jurisdiction,
/// else `*`; and Global Privacy Control, the browser's or the request's as the edge saw it.
pub fn visitor(config: &Config, edge_jurisdiction: Option<&str>, edge_age_band: Option<&str>, gpc: bool) -> Visitor {
    let jurisdiction = edge_jurisdiction
        .map(str::trim)
        .filter(|j| !j.is_empty())
        .or(config.jurisdiction.as_deref())
        .unwrap_or("*")
        .to_string();
    let age_band = edge_age_band.and_then(age_band);
    Visitor {
        jurisdiction,
        age_band,
        gpc,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minimal_config_names_the_policy() {
        let c = Config::from_json(r#"{"policy": "/v1/policy/compiled/core.json"}"#).unwrap();
        assert_eq!(c.edge, None);
        assert!(c.consent_mode.enabled && !c.development && c.tcf.is_none());
        assert_eq!(c.look(), Look::default());
        assert_eq!((c.layout, c.theme), (Layout::Modal, Theme::Auto));
        assert_eq!(c.edge_url("/v1/consent"), None);
        let c = Config::from_json(
            r#"{"policy": "/p.json", "edge": "https://shop.example/", "tcf": {"cmpId": 300},
                "consentMode": {"waitForUpdate": 500, "regions": ["EU"]}, "development": true}"#,
        )
        .unwrap();
        assert_eq!(
            c.edge_url("/v1/consent").as_deref(),
            Some("https://shop.example/v1/consent")
        );
        assert_eq!(c.tcf.unwrap().cmp_id, 300);
        assert_eq!(c.consent_mode.wait_for_update, Some(500));
    }

    #[test]
    fn texts_files_are_fetched_beside_the_core_file() {
        let at = |policy: &str| Config {
            policy: policy.into(),
            ..Config::from_json(r#"{"policy": "/"}"#).unwrap()
        };
        let name = "assent-seed-1.0.0.en.json";
        assert_eq!(
            at("/v1/policy/compiled/core.json").texts_url(name),
            "/v1/policy/compiled/assent-seed-1.0.0.en.json"
        );
        assert_eq!(
            at("https://cdn.example/p/assent-seed-1.0.0.core.json?v=2#x").texts_url(name),
            "https://cdn.example/p/assent-seed-1.0.0.en.json"
        );
        assert_eq!(at("assent-seed-1.0.0.core.json").texts_url(name), name);
    }

    #[test]
    fn a_policy_document_in_place_of_the_core_file_says_what_to_name() {
        let c = Config::from_json(r#"{"policy": "/v1/policy"}"#).unwrap();
        let e = c.read_core(include_str!("../../policies/seed.json")).unwrap_err();
        assert_eq!(e.code, "compiled.format");
        assert!(
            e.hint
                .as_deref()
                .unwrap_or_default()
                .contains("/v1/policy/compiled/core.json"),
            "{e:?}"
        );
        let files = crate::loaded::compile(include_str!("../../policies/seed.json")).unwrap();
        assert_eq!(c.read_core(&files.core.json).unwrap().source().id, "assent-seed");
        let cut = &files.core.json[..files.core.json.len() / 2];
        let e = c.read_core(cut).unwrap_err();
        assert_eq!(e.code, "compiled.truncated");
        assert!(e.message.contains("`/v1/policy`"), "{e:?}");
    }

    #[test]
    fn an_html_page_in_place_of_a_file_is_named_with_its_url() {
        let what = "a compiled policy file";
        let url = "/policy/typo.core.json";
        let said = html_in_place_of(what, url, Some("text/html; charset=utf-8"), "").unwrap();
        assert!(
            said.starts_with("`/policy/typo.core.json` answered an HTML page, not a compiled policy file"),
            "{said}"
        );
        assert!(said.contains("index.html"), "{said}");
        for body in ["<!doctype html><title>app</title>", "\u{feff}\n  <html>"] {
            assert!(
                html_in_place_of(what, url, Some("application/json"), body).is_some(),
                "{body}"
            );
        }
        assert!(html_in_place_of(what, url, Some("TEXT/HTML"), "{}").is_some());
        let files = crate::loaded::compile(include_str!("../../policies/seed.json")).unwrap();
        assert_eq!(
            html_in_place_of(what, url, Some("application/json"), &files.core.json),
            None
        );
        assert_eq!(html_in_place_of(what, url, None, " {\"format\": 1}"), None);
    }

    #[test]
    fn a_config_with_a_typo_is_refused_with_its_place() {
        let e = Config::from_json(r#"{"policy": "/p", "egde": "/"}"#).unwrap_err();
        assert_eq!(e.code, "config.invalid");
        assert!(e.message.contains("egde"), "{}", e.message);
        assert_eq!(Config::from_json("{}").unwrap_err().code, "config.invalid");
    }

    #[test]
    fn the_pages_words_are_checked_against_the_texts_and_a_wrong_one_named() {
        use crate::banner::words::Word;
        let seed = crate::policy::load(include_str!("../../policies/seed.json")).unwrap();
        let policy = CompiledPolicy::from_policy(&seed);
        let c = Config::from_json(r#"{"policy": "/p", "words": {"zh-CN": {"acceptAll": "都同意"}}}"#).unwrap();
        let zh = c.words_over(&policy, "zh-CN").unwrap();
        assert_eq!((&zh[Word::AcceptAll], &zh[Word::RejectAll]), ("都同意", "全部拒绝"));
        assert_eq!(&c.words_over(&policy, "en").unwrap()[Word::AcceptAll], "Accept all");
        let wrong = |json: &str| Config::from_json(json).unwrap().words_over(&policy, "en").unwrap_err();
        let e = wrong(r#"{"policy": "/p", "words": {"en": {"acceptall": "x"}}}"#);
        assert_eq!((e.code, e.path.as_str()), ("words.unknown_key", "$.words.en.acceptall"));
        assert!(e.hint.unwrap().contains("acceptAll"));
        let e = wrong(r#"{"policy": "/p", "words": {"kr": {}}}"#);
        assert_eq!((e.code, e.path.as_str()), ("words.unknown_locale", "$.words.kr"));
        let e = wrong(r#"{"policy": "/p", "words": {"en": {"clauseLink": "See {section}"}}}"#);
        assert_eq!(e.code, "words.unknown_placeholder");
        // A shape that is not words at all is the configuration's problem.
        assert_eq!(
            Config::from_json(r#"{"policy": "/p", "words": []}"#).unwrap_err().code,
            "config.invalid"
        );
        let e = Config::from_json(r#"{"policy": "/p", "words": {"en": {"acceptAll": 1}}}"#).unwrap_err();
        assert_eq!(e.path, "$.words.en.acceptAll");
    }

    #[test]
    fn a_layout_and_a_theme_are_read_and_an_unknown_one_lists_the_valid_ones() {
        let c = Config::from_json(r#"{"policy": "/p", "layout": "bar", "theme": "dark"}"#).unwrap();
        assert_eq!(
            c.look(),
            Look {
                layout: Layout::Bar,
                theme: Theme::Dark
            }
        );
        assert!(!c.layout.is_modal() && Layout::Modal.is_modal());
        let e = Config::from_json(r#"{"policy": "/p", "layout": "sidebar"}"#).unwrap_err();
        assert_eq!((e.code, e.path.as_str()), ("config.invalid", "$.layout"));
        assert!(
            e.message
                .contains("`sidebar` is not a layout: use one of bar, box, modal"),
            "{}",
            e.message
        );
        let e = Config::from_json(r#"{"policy": "/p", "theme": "sepia"}"#).unwrap_err();
        assert_eq!(e.path, "$.theme");
        assert!(e.message.contains("auto, light, dark"), "{}", e.message);
        assert!(Config::from_json(r#"{"policy": "/p", "layout": 3}"#).is_err());
    }

    #[test]
    fn the_edge_says_where_and_how_old_the_visitor_is() {
        let c = Config::from_json(r#"{"policy": "/p", "jurisdiction": "FR"}"#).unwrap();
        let v = visitor(&c, Some("DE"), Some("adult"), true);
        assert_eq!(
            (v.jurisdiction.as_str(), v.age_band, v.gpc),
            ("DE", Some(AgeBand::Adult), true)
        );
        let v = visitor(&c, None, Some("nonsense"), false);
        assert_eq!((v.jurisdiction.as_str(), v.age_band), ("FR", None));
        let bare = Config::from_json(r#"{"policy": "/p"}"#).unwrap();
        assert_eq!(visitor(&bare, Some(" "), Some("unknown"), false).jurisdiction, "*");
    }
}
