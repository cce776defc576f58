//! What the page's stub (`assent/stub.js`, the first script in `<head>`) applies before any
//! tag runs and before the banner's module loads: Google Consent Mode's default commands, and
//! whether to install the IAB TCF and GPP API stubs that queue ad tags' early calls.
//!
//! The stub decides nothing: it reads this data from `<script type="application/json"
//! id="assent-stub">`, which the edge writes for each visitor (`policy.stubHtml`) or which
//! `assent compile --page-config` writes once for a static site.

use crate::prelude::*;
use serde::Serialize;

use super::config::Config;
use crate::eval::Engine;
use crate::policy::Problem;
use crate::signals::ConsentModeDefault;

/// The id of the element the stub reads.
pub const ELEMENT_ID: &str = "assent-stub";

/// The stub's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct StubData {
    /// The arguments of `gtag('consent', 'default', ...)`, sent in this order; none when the
    /// page turns Consent Mode off or the policy maps no purpose to a consent type.
    pub consent_mode: Vec<ConsentModeDefault>,
    /// Whether the stub installs `__tcfapi` (its locator frame and cross-frame answers): the page
    /// has TCF settings (`tcf` in its configuration) and the policy speaks the TCF (maps some
    /// purpose to a TCF purpose), so the ad-tech module will answer what the stub queued.
    pub tcf: bool,
    /// Whether the stub installs `__gpp` the same way: the page has TCF settings, so the banner
    /// loads the ad-tech module for every visitor and its `__gpp` answers each one.
    pub gpp: bool,
}

impl StubData {
    /// The data for a page with `config`, for a visitor whose browser does (`gpc`) or does not
    /// send Global Privacy Control, at `now` (RFC 3339).
    pub fn for_page(engine: &Engine, config: &Config, now: &str, gpc: bool) -> Result<StubData, Problem> {
        let on = config.consent_mode.enabled && engine.policy().purposes.iter().any(|p| !p.consent_mode.is_empty());
        let consent_mode = if on {
            let regions: Vec<&str> = config.consent_mode.regions.iter().map(String::as_str).collect();
            ConsentModeDefault::per_region(engine, now, gpc, &regions, config.consent_mode.wait_for_update).map_err(
                |p| Problem {
                    path: format!("$.consentMode{}", p.path.trim_start_matches('$')),
                    ..p
                },
            )?
        } else {
            Vec::new()
        };
        let ad_tech = config.tcf.is_some();
        Ok(StubData {
            consent_mode,
            tcf: ad_tech && super::tcf::applies(engine.evaluator().policy()),
            gpp: ad_tech,
        })
    }

    /// The element the stub reads, to place before the stub's `<script>` ([`data_block`]).
    pub fn element(&self) -> Result<String, serde_json::Error> {
        data_block(ELEMENT_ID, self)
    }
}

/// `value` as a JSON data block with the id `id`: a `<script type="application/json">`, which
/// the browser never runs (no inline script for the page's CSP to allow), with `<` escaped so
/// that nothing in it can close the element.
pub fn data_block(id: &str, value: &impl Serialize) -> Result<String, serde_json::Error> {
    let json = serde_json::to_string(value)?.replace('<', "\\u003c");
    Ok(format!(r#"<script type="application/json" id="{id}">{json}</script>"#))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> Engine {
        Engine::from_json(include_str!("../../policies/seed.json")).unwrap()
    }

    const NOW: &str = "2026-11-29T12:00:00Z";

    #[test]
    fn a_page_with_tcf_and_a_wait_gets_both() {
        let c = Config::from_json(r#"{"policy": "/p", "consentMode": {"waitForUpdate": 500}, "tcf": {"cmpId": 300}}"#)
            .unwrap();
        let d = StubData::for_page(&engine(), &c, NOW, false).unwrap();
        assert!(d.tcf);
        assert_eq!(d.consent_mode.len(), 1);
        assert_eq!(d.consent_mode[0].wait_for_update, Some(500));
        let html = d.element().unwrap();
        assert!(
            html.starts_with(
                r#"<script type="application/json" id="assent-stub">{"consentMode":[{"ad_storage":"denied""#
            ),
            "{html}"
        );
        assert!(html.ends_with(r#""tcf":true,"gpp":true}</script>"#), "{html}");
    }

    #[test]
    fn a_policy_that_maps_no_tcf_purpose_gets_no_tcfapi_stub() {
        // Nothing would ever answer a queued `__tcfapi` call: the ad-tech module installs it only
        // where the policy speaks the TCF. `__gpp` is still answered (the module loads).
        let mut policy = engine().policy().clone();
        for p in &mut policy.purposes {
            p.tcf_purposes.clear();
        }
        let c = Config::from_json(r#"{"policy": "/p", "tcf": {"cmpId": 300}}"#).unwrap();
        let d = StubData::for_page(&Engine::new(policy).unwrap(), &c, NOW, false).unwrap();
        assert_eq!((d.tcf, d.gpp), (false, true));
    }

    #[test]
    fn consent_mode_off_sends_no_default() {
        let c = Config::from_json(r#"{"policy": "/p", "consentMode": {"enabled": false}}"#).unwrap();
        let d = StubData::for_page(&engine(), &c, NOW, false).unwrap();
        assert_eq!(
            d,
            StubData {
                consent_mode: vec![],
                tcf: false,
                gpp: false
            }
        );
    }

    #[test]
    fn a_bad_region_in_the_config_is_named_where_it_is() {
        let c = Config::from_json(r#"{"policy": "/p", "consentMode": {"regions": ["DE", "Atlantis"]}}"#).unwrap();
        let p = StubData::for_page(&engine(), &c, NOW, false).unwrap_err();
        assert_eq!(
            (p.code, p.path.as_str()),
            ("consent_mode.region", "$.consentMode.regions[1]")
        );
    }
}
