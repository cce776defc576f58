//! How a page configures the banner (the JSON in `<script type="application/json"
//! id="assent-config">`, or the object passed to `startBanner`), and how the visitor facts the
//! edge writes on `<html>` are read.

use crate::prelude::*;
use serde::Deserialize;

use crate::eval::AgeBand;
use crate::policy::Problem;

use super::session::Visitor;
use super::tcf::TcfSettings;

/// The page's configuration.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "BannerConfig"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Config {
    /// Where the policy is: the document, or the edge's `/v1/policy`.
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
}

/// Google Consent Mode settings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
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
    /// Reads the configuration JSON.
    pub fn from_json(text: &str) -> Result<Config, Problem> {
        crate::policy::parse_json(text).map_err(|e| {
            Problem::at("config.invalid", e.path, e.message)
                .hint("see docs/banner.md: the banner's configuration needs at least {\"policy\": URL}")
        })
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

/// The visitor facts: the jurisdiction and age band the edge wrote on `<html>`
/// (`data-assent-jurisdiction`, `data-assent-age-band`), else the configured jurisdiction,
/// else `*`; and the browser's Global Privacy Control.
pub fn visitor(config: &Config, edge_jurisdiction: Option<&str>, edge_age_band: Option<&str>, gpc: bool) -> Visitor {
    let jurisdiction = edge_jurisdiction
        .map(str::trim)
        .filter(|j| !j.is_empty())
        .or(config.jurisdiction.as_deref())
        .unwrap_or("*")
        .to_string();
    let age_band = edge_age_band.and_then(|b| match b.trim() {
        "below_guardian_age" => Some(AgeBand::BelowGuardianAge),
        "minor" => Some(AgeBand::Minor),
        "adult" => Some(AgeBand::Adult),
        _ => None,
    });
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
        let c = Config::from_json(r#"{"policy": "/v1/policy"}"#).unwrap();
        assert_eq!(c.edge, None);
        assert!(c.consent_mode.enabled && !c.development && c.tcf.is_none());
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
    fn a_config_with_a_typo_is_refused_with_its_place() {
        let e = Config::from_json(r#"{"policy": "/p", "egde": "/"}"#).unwrap_err();
        assert_eq!(e.code, "config.invalid");
        assert!(e.message.contains("egde"), "{}", e.message);
        assert_eq!(Config::from_json("{}").unwrap_err().code, "config.invalid");
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
