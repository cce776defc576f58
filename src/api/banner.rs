//! The banner's markup at the boundary, for the edge: the first layer (or what else opens by
//! itself) as HTML, written from the same model, words and element tree as the browser banner
//! draws ([`crate::banner::markup`]), so the page the edge sends needs no template of its own.

use crate::prelude::*;
use serde::{Deserialize, Serialize};

use super::{to_json, ApiError, LoadedPolicy};
use crate::banner::config::Config;
use crate::banner::markup::{page_with, Shown, Target};
use crate::banner::model::{awaits_answer, build, Link, ModelOptions, Opening};
use crate::banner::served::ServedState;
use crate::banner::words::Word;
use crate::banner::{plan, Action};
use crate::loaded::Decides as _;
use crate::policy::{parse_json, Problem, SortedMap};
use crate::receipt::CollectionMethod;
use crate::time::Timestamp;

/// `policy.bannerHtml(context, options)`'s options.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "BannerHtmlOptions"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct HtmlOptions {
    /// Where the choice forms post (the edge's `/consent/form`).
    action: String,
    /// The locale to speak, instead of the context's.
    #[serde(default)]
    locale: Option<String>,
    /// The page to come back to after a post (the forms' `return` field).
    #[serde(default)]
    return_to: Option<String>,
    /// Where the age question posts; `/age?lang=<locale>` by default.
    #[serde(default)]
    age_action: Option<String>,
    /// Where the guardian request posts; `/guardian/request?lang=<locale>` by default.
    #[serde(default)]
    guardian_action: Option<String>,
    /// The site sends no messages to guardians (no mail sender is bound): a child's guardian step
    /// says what to do instead of asking for an address. False by default.
    #[serde(default)]
    no_guardian_mail: bool,
    /// The visitor closed the banner in this browsing session: it does not open by itself.
    #[serde(default)]
    dismissed: bool,
    /// The minor acknowledged the guardian-guidance notice.
    #[serde(default)]
    guided: bool,
    /// The child's newest request to a guardian waits for the guardian's answer.
    #[serde(default)]
    guardian_asked: bool,
    /// The edge has just recorded a choice this visitor posted: the status line says so.
    #[serde(default)]
    saved: bool,
    /// A dialog to draw open instead of what opens by itself: `first`, `second`, `update`,
    /// `guidance`, `age` or `guardian` (the second layer after "Choose" without scripts).
    #[serde(default)]
    show: Option<String>,
    /// The page's configuration (the text of its `assent-config`), for the banner's layout and
    /// colour scheme; the defaults without it.
    #[serde(default)]
    page_config: Option<String>,
}

/// What `bannerHtml` answers.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct BannerHtml {
    /// The banner's container, with the dialog (or bar) that opens by itself, if any.
    html: String,
    /// What opens by itself.
    opening: &'static str,
    /// The dialog drawn open in `html`, if any (`first`, `second`, ...).
    shown: Option<&'static str>,
    /// The data block of the visitor's state (`<script type="application/json"
    /// id="assent-state">`), to place in the page beside `html`: what the page's script
    /// (`assent/edge-banner.js`) applies.
    state: String,
}

/// What `stubHtml` answers.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct StubHtml {
    /// The data block, to place before the stub's `<script>`.
    html: String,
    /// What it holds.
    data: crate::banner::stub::StubData,
}

/// An [`Opening`] as the boundary names it.
pub fn opening_name(o: Opening) -> &'static str {
    match o {
        Opening::Nothing => "nothing",
        Opening::Guidance => "guidance",
        Opening::AgeStep => "age_step",
        Opening::GuardianStep => "guardian_step",
        Opening::Banner => "banner",
        Opening::UpdateModal => "update_modal",
        Opening::UpdateBar => "update_bar",
    }
}

impl LoadedPolicy {
    /// `policy.stubHtml(context, pageConfig)`: `{html, data}`, the data block the page's stub
    /// reads (`<script type="application/json" id="assent-stub">`) for this visitor (the
    /// context's `now` and `gpc`) on a page configured with `pageConfig` (the text of its
    /// `assent-config`): Consent Mode's default commands per region, and whether the TCF is on.
    /// A configuration the stub cannot act on is refused; its `words` are not the stub's
    /// concern (the banner reports a wrong word), so a typo in a button's label never holds
    /// back Consent Mode's defaults.
    pub fn stub_html_json(&self, context: &str, page_config: &str) -> Result<String, ApiError> {
        let ctx = super::read_context(context)?;
        let config = crate::banner::config::Config::from_json(page_config)?;
        let data = crate::banner::stub::StubData::for_page(self.engine(), &config, &ctx.now, ctx.gpc)?;
        let html = data
            .element()
            .map_err(|e| ApiError::from(Problem::at("internal.serialize", "$", e.to_string())))?;
        to_json(&StubHtml { html, data })
    }

    /// `policy.bannerHtml(context, {action, locale?, returnTo?, ageAction?, guardianAction?,
    /// noGuardianMail?, dismissed?, guided?, guardianAsked?, saved?, show?, pageConfig?})`: `{html, opening, shown, state}`, the
    /// banner's container as HTML with what opens by itself for this visitor (the age question,
    /// the guardian step, the first layer, an update notice), or only the persistent "privacy
    /// choices" button when nothing does; `show` draws another dialog open instead (the second
    /// layer after "Choose"); `saved` says in the status line that the edge has just recorded a
    /// choice; `state`, the visitor's state for the page's script ([`ServedState`]). `pageConfig`,
    /// the page's configuration text, gives the words, the
    /// layout and the colour scheme, so the banner the module draws from the same configuration
    /// is the same.
    /// Choices are taken as signed (the edge records them).
    pub fn banner_html_json(&self, context: &str, options: &str) -> Result<String, ApiError> {
        let o: HtmlOptions = parse_json(options)?;
        let asked = match o.show.as_deref() {
            None => None,
            Some(name) => Some(Shown::named(name).ok_or_else(|| {
                ApiError::from(
                    Problem::at(
                        "input.unknown_dialog",
                        "$.show",
                        format!("no dialog is called `{name}`"),
                    )
                    .hint("show one of first, second, update, guidance, age, guardian"),
                )
            })?),
        };
        let config = match o.page_config.as_deref() {
            Some(text) => Some(Config::from_json(text)?),
            None => None,
        };
        let look = config.as_ref().map(Config::look).unwrap_or_default();
        let mut ctx = super::read_context(context)?;
        if let Some(l) = o.locale {
            ctx.locale = Some(l);
        }
        // The engine checks the time first, with its own error.
        let evaluation = self.engine().evaluate(&ctx)?;
        let now = Timestamp::parse(&ctx.now).map_err(|e| {
            ApiError::from(Problem::at("context.invalid_time", "$.now", e.0).hint("pass now as RFC 3339"))
        })?;
        let policy = self.engine().evaluator().policy();
        let words = match &config {
            Some(c) => c.words_over(policy, &evaluation.locale)?,
            None => crate::banner::model::texts_in(policy, &evaluation.locale).words.clone(),
        };
        let model = build(
            policy,
            &evaluation,
            ModelOptions {
                now,
                signed: true,
                asks_guardians: !o.no_guardian_mail,
                dismissed: o.dismissed,
                guided: o.guided,
                guardian_asked: o.guardian_asked,
                words: &words,
            },
        );
        let locale = model.locale.as_str();
        let target = Target {
            action: o.action,
            age_action: o.age_action.unwrap_or_else(|| format!("/age?lang={locale}")),
            guardian_action: o
                .guardian_action
                .unwrap_or_else(|| format!("/guardian/request?lang={locale}")),
            return_to: o.return_to.unwrap_or_default(),
            diff: model.update.as_ref().map(|u| Link {
                label: words[Word::UpdateDiff].to_string(),
                href: format!("/policy/changes?from={}&to={}&lang={locale}", u.from, u.to),
            }),
            look,
            status: if o.saved {
                words[Word::SavedAtEdge].to_string()
            } else {
                String::new()
            },
        };
        // A dialog the model does not have for this visitor (no update, no age question) is not
        // drawn: what opens by itself is.
        let shown = asked
            .filter(|s| crate::banner::markup::dialog_of(&model, *s, &target).is_some())
            .or(Shown::of(model.opening));
        let consent_mode = config.as_ref().is_none_or(|c| c.consent_mode.enabled);
        let state = ServedState::new(policy, &ctx, &evaluation, consent_mode)
            .element()
            .map_err(|e| ApiError::from(Problem::at("internal.serialize", "$", e.to_string())))?;
        to_json(&BannerHtml {
            html: page_with(&model, shown, &target).to_html(),
            opening: opening_name(model.opening),
            shown: shown.map(Shown::name),
            state,
        })
    }

    /// `policy.cookiesToForget({withdrawn, found})`: of the cookie names a request carried
    /// (`found`), those the storage entries of the `withdrawn` purposes name (never an essential
    /// purpose's), for the edge to expire when it records the withdrawal.
    pub fn cookies_to_forget_json(&self, args: &str) -> Result<String, ApiError> {
        let a: ForgetArgs = parse_json(args)?;
        let withdrawn: Vec<&str> = a.withdrawn.iter().map(String::as_str).collect();
        let policy = self.engine().evaluator().policy();
        to_json(&crate::banner::storage::cookies_to_forget(policy, &withdrawn, &a.found))
    }

    /// `policy.cookiesNotAllowed(context, found)`: of the cookie names a request carried
    /// (`found`), those only optional purposes that may not run now name
    /// ([`crate::banner::storage::not_running`]): what the edge expires on a page view, so a
    /// consent that lapsed (expired, asked again after a policy change, a guardian to answer
    /// again) leaves no identifier behind, as a withdrawal does.
    pub fn cookies_not_allowed_json(&self, context: &str, found: &str) -> Result<String, ApiError> {
        let ctx = super::read_context(context)?;
        let found: Vec<String> = parse_json(found)?;
        let evaluation = self.evaluation(&ctx, crate::eval::DecideOptions { reasons: false })?;
        let stopped = crate::banner::storage::not_running(&evaluation);
        let policy = self.engine().evaluator().policy();
        to_json(&crate::banner::storage::cookies_to_forget(policy, &stopped, &found))
    }

    /// `policy.formChoice(context, {action, on})`: what a banner button does when its form is
    /// posted without scripts: `{then, record}`, where `then` is what the page shows next and
    /// `record` what the button records, by the rule the browser banner follows (`plan`):
    /// `{method, consent: {purpose: bool}, withdraw: [purpose]}`, or `null` for a button that
    /// records nothing (`choose`, `close`, ...). `null` for what is not a button of the banner.
    /// `on` lists the purposes whose switches were on; a switch left out is off.
    pub fn form_choice_json(&self, context: &str, form: &str) -> Result<String, ApiError> {
        let f: FormArgs = parse_json(form)?;
        let then = match f.action.as_str() {
            "choose" | "reopen" => Some(FormNext::SecondLayer),
            // "Later" on a notice whose older terms keep applying closes it like "close".
            "close" | "update-later" => Some(FormNext::Dismissed),
            "guidance-continue" => Some(FormNext::Guided),
            _ => None,
        };
        if let Some(then) = then {
            return to_json(&Some(FormAnswer { then, record: None }));
        }
        let ctx = super::read_context(context)?;
        let evaluation = self.engine().evaluate(&ctx)?;
        let action = match f.action.as_str() {
            "accept" => Action::AcceptAll,
            "reject" => Action::RejectAll,
            "save" => Action::Save(switches(f.on.iter().map(String::as_str), &f.on)),
            // The purposes the notice asked about: those still awaiting an answer.
            "update-confirm" => Action::Update(switches(
                evaluation
                    .purposes
                    .iter()
                    .filter(|d| awaits_answer(d, evaluation.age_band))
                    .map(|d| d.purpose.as_str()),
                &f.on,
            )),
            // "Got it" on a notice that asks nothing: the choices as they stand, under the new
            // version, as the browser banner records it; a visitor with no choice on record has
            // nothing to acknowledge, and the notice closes like "close".
            "update-dismiss" => Action::Acknowledge,
            _ => return to_json(&Option::<FormAnswer>::None),
        };
        let p = plan(&evaluation, &action)?;
        if action == Action::Acknowledge && p.is_empty() {
            return to_json(&Some(FormAnswer {
                then: FormNext::Dismissed,
                record: None,
            }));
        }
        to_json(&p.method.map(|method| FormAnswer {
            then: FormNext::Page,
            record: Some(FormChoice {
                method,
                consent: p.consent,
                withdraw: p.withdraw,
            }),
        }))
    }
}

/// Each of `purposes` on when `on` names it, off otherwise.
fn switches<'a>(purposes: impl Iterator<Item = &'a str>, on: &[String]) -> SortedMap<bool> {
    purposes.map(|p| (p.to_string(), on.iter().any(|o| o == p))).collect()
}

/// `policy.cookiesToForget`'s arguments: the withdrawn purposes, and the cookie names found.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ForgetArgs {
    withdrawn: Vec<String>,
    found: Vec<String>,
}

/// `policy.formChoice`'s form: the button pressed and the switches that were on.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FormArgs {
    action: String,
    #[serde(default)]
    on: Vec<String>,
}

/// What the page shows after a banner button posted without scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub(crate) enum FormNext {
    /// The page again, after the button's choices are recorded.
    Page,
    /// The page with the banner's second layer open.
    SecondLayer,
    /// The page with the banner closed for the browsing session: it does not open by itself.
    Dismissed,
    /// The page with the guardian-guidance notice read: it does not show again.
    Guided,
}

/// What one button of a banner form does: what the page shows next, and what it records.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct FormAnswer {
    /// What the page shows next.
    then: FormNext,
    /// What the button records; none for a button that only changes what the page shows.
    record: Option<FormChoice>,
}

/// What one button of a banner form records.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct FormChoice {
    method: CollectionMethod,
    consent: SortedMap<bool>,
    withdraw: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADULT_DE: &str = r#"{"now": "2026-12-06T10:00:00Z", "jurisdiction": "DE", "ageBand": "adult"}"#;

    fn choice(form: &str) -> Result<serde_json::Value, ApiError> {
        let policy = LoadedPolicy::load(include_str!("../../policies/seed.json"))?;
        let text = policy.form_choice_json(ADULT_DE, form)?;
        serde_json::from_str(&text).map_err(|e| Problem::at("test", "$", e.to_string()).into())
    }

    #[test]
    fn accept_all_on_the_first_layer_consents_to_every_purpose_the_visitor_may_choose() {
        let c = choice(r#"{"action": "accept"}"#).unwrap_or_default();
        assert_eq!(c["then"], "page");
        let c = &c["record"];
        assert_eq!(c["method"], "banner_layer1");
        let consent = c["consent"].as_object().cloned().unwrap_or_default();
        assert!(consent.len() > 3 && consent.values().all(|v| v == true), "{c}");
        assert!(!consent.contains_key("essential"));
    }

    #[test]
    fn save_records_the_switches_that_were_on_and_refuses_the_others() {
        let c = choice(r#"{"action": "save", "on": ["analytics-cookies"]}"#).unwrap_or_default();
        let c = &c["record"];
        assert_eq!(c["method"], "banner_layer2");
        assert_eq!(c["consent"]["analytics-cookies"], true);
        assert_eq!(c["consent"]["advertising"], false);
    }

    #[test]
    fn a_button_that_records_nothing_says_what_the_page_shows_next() {
        for (action, then) in [
            ("choose", "second_layer"),
            ("reopen", "second_layer"),
            ("close", "dismissed"),
            ("update-later", "dismissed"),
            ("guidance-continue", "guided"),
        ] {
            let c = choice(&format!(r#"{{"action": "{action}"}}"#)).unwrap_or_default();
            assert_eq!(c, serde_json::json!({"then": then, "record": null}), "{action}");
        }
    }

    #[test]
    fn got_it_records_the_choices_as_they_stand_or_closes_the_notice_for_a_visitor_without_any() {
        let policy = LoadedPolicy::load(include_str!("../../policies/seed.json")).unwrap_or_else(|e| panic!("{e:?}"));
        let chose = r#"{"now": "2026-12-06T10:00:00Z", "jurisdiction": "DE", "ageBand": "adult",
            "consents": {"analytics-cookies": {"state": "ConsentGiven", "time": "2026-12-01T00:00:00Z", "policyVersion": "1.0.0"}}}"#;
        let answer = |context: &str| {
            let text = policy
                .form_choice_json(context, r#"{"action": "update-dismiss"}"#)
                .unwrap_or_else(|e| panic!("{e:?}"));
            serde_json::from_str::<serde_json::Value>(&text).unwrap_or_default()
        };
        let c = answer(chose);
        assert_eq!(c["then"], "page", "{c}");
        assert_eq!(c["record"]["method"], "update_notice");
        assert_eq!(c["record"]["consent"]["analytics-cookies"], true, "{c}");
        assert_eq!(
            answer(ADULT_DE),
            serde_json::json!({"then": "dismissed", "record": null})
        );
    }

    /// The state block `bannerHtml` writes beside the banner, read back as JSON.
    fn served(context: &str, options: &str) -> serde_json::Value {
        let policy = LoadedPolicy::load(include_str!("../../policies/seed.json")).unwrap_or_else(|e| panic!("{e:?}"));
        let text = policy
            .banner_html_json(context, options)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let answer: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let block = answer["state"].as_str().unwrap_or_default();
        let json = block
            .strip_prefix(r#"<script type="application/json" id="assent-state">"#)
            .and_then(|b| b.strip_suffix("</script>"))
            .unwrap_or_else(|| panic!("not the state block: {block}"));
        serde_json::from_str(json).unwrap_or_default()
    }

    #[test]
    fn the_state_block_says_what_may_run_and_consent_mode_only_after_a_choice() {
        let options = r#"{"action": "/consent/form"}"#;
        let first = served(ADULT_DE, options);
        assert_eq!(first["purposes"]["essential"], true, "{first}");
        assert_eq!(first["purposes"]["analytics-cookies"], false, "{first}");
        // Before any choice the stub's defaults stand: no update.
        assert_eq!(first["consentMode"], serde_json::Value::Null);
        let chose = r#"{"now": "2026-12-06T10:00:00Z", "jurisdiction": "DE", "ageBand": "adult",
            "consents": {"analytics-cookies": {"state": "ConsentGiven", "time": "2026-12-01T00:00:00Z", "policyVersion": "1.0.0"}}}"#;
        // What may not run has no business on the device: search's history goes before any
        // answer too, and while search is not chosen.
        let search_only = |forget: &serde_json::Value| {
            forget
                .as_array()
                .map(|f| f.iter().map(|s| s["name"].clone()).collect::<Vec<_>>())
                == Some(vec![serde_json::json!("search_history")])
        };
        assert!(search_only(&first["forget"]), "{first}");
        let after = served(chose, options);
        assert!(search_only(&after["forget"]), "{after}");
        let searching = r#"{"now": "2026-12-06T10:00:00Z", "jurisdiction": "DE", "ageBand": "adult",
            "consents": {"search": {"state": "ConsentGiven", "time": "2026-12-01T00:00:00Z", "policyVersion": "1.0.0", "separate": true}}}"#;
        assert_eq!(
            served(searching, options)["forget"],
            serde_json::json!([]),
            "search runs"
        );
        assert_eq!(after["purposes"]["analytics-cookies"], true, "{after}");
        assert_eq!(after["purposes"]["advertising"], false, "{after}");
        assert_eq!(after["consentMode"]["analytics_storage"], "granted", "{after}");
        assert_eq!(after["consentMode"]["ad_storage"], "denied", "{after}");
        // A withdrawn purpose's storage in the page is to be deleted; its cookies are the edge's.
        let withdrew = r#"{"now": "2026-12-06T10:00:00Z", "jurisdiction": "DE", "ageBand": "adult",
            "consents": {"search": {"state": "ConsentWithdrawn", "time": "2026-12-01T00:00:00Z", "policyVersion": "1.0.0"},
                         "analytics-cookies": {"state": "ConsentWithdrawn", "time": "2026-12-01T00:00:00Z", "policyVersion": "1.0.0"}}}"#;
        let forget = &served(withdrew, options)["forget"];
        assert_eq!(forget[0]["kind"], "localStorage", "{forget}");
        assert_eq!(forget[0]["name"], "search_history", "{forget}");
        assert_eq!(forget.as_array().map(Vec::len), Some(1), "{forget}");
        // A page that turns Consent Mode off gets no update.
        let off = r#"{"action": "/consent/form", "pageConfig": "{\"policy\": \"/p\", \"consentMode\": {\"enabled\": false}}"}"#;
        assert_eq!(served(chose, off)["consentMode"], serde_json::Value::Null);
    }

    #[test]
    fn a_withdrawal_forgets_the_purposes_cookies_and_never_an_essential_one() {
        let policy = LoadedPolicy::load(include_str!("../../policies/seed.json")).unwrap_or_else(|e| panic!("{e:?}"));
        let forget = |args: &str| policy.cookies_to_forget_json(args).unwrap_or_else(|e| panic!("{e:?}"));
        let found = r#"["_ga", "_ga_X1", "ad_id", "assent_consent", "cart"]"#;
        assert_eq!(
            forget(&format!(r#"{{"withdrawn": ["analytics-cookies"], "found": {found}}}"#)),
            r#"["_ga","_ga_X1"]"#
        );
        assert_eq!(
            forget(&format!(
                r#"{{"withdrawn": ["essential", "advertising"], "found": {found}}}"#
            )),
            r#"["ad_id"]"#
        );
        assert!(policy
            .cookies_to_forget_json(r#"{"withdrawn": "analytics-cookies"}"#)
            .is_err());
    }

    #[test]
    fn a_visitor_who_refused_without_giving_an_age_can_accept_terms_that_reduce_rights() {
        // Refused everything on the age question under 1.0.0; 1.1.1 reduces rights since.
        let policy =
            LoadedPolicy::load(include_str!("../../policies/releases/1.1.1.json")).unwrap_or_else(|e| panic!("{e:?}"));
        let seed: serde_json::Value =
            serde_json::from_str(include_str!("../../policies/seed.json")).unwrap_or_default();
        let refused: serde_json::Map<String, serde_json::Value> = seed["purposes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["kind"] != "essential")
            .map(|p| {
                let no = serde_json::json!({"state": "ConsentRefused", "time": "2026-12-01T00:00:00Z", "policyVersion": "1.0.0"});
                (p["id"].as_str().unwrap_or_default().to_string(), no)
            })
            .collect();
        let ctx =
            serde_json::json!({"now": "2026-12-06T10:00:00Z", "jurisdiction": "DE", "consents": refused}).to_string();
        let e: serde_json::Value =
            serde_json::from_str(&policy.evaluate_json(&ctx).unwrap_or_default()).unwrap_or_default();
        assert_eq!(e["page"]["ageGate"], false, "{}", e["page"]);
        assert_eq!(e["page"]["updateNotice"]["requiresAcceptance"], true, "{}", e["page"]);
        let answer: serde_json::Value = serde_json::from_str(
            &policy
                .form_choice_json(&ctx, r#"{"action": "update-confirm"}"#)
                .unwrap_or_else(|e| panic!("{e:?}")),
        )
        .unwrap_or_default();
        let record = &answer["record"];
        assert_eq!(record["method"], "update_notice", "{answer}");
        let consent = record["consent"].as_object().cloned().unwrap_or_default();
        assert_eq!(consent.len(), refused.len(), "{answer}");
        assert!(consent.values().all(|v| v == false), "{answer}");
    }

    #[test]
    fn a_page_view_expires_what_only_purposes_that_may_not_run_stored() {
        let policy = LoadedPolicy::load(include_str!("../../policies/seed.json")).unwrap_or_else(|e| panic!("{e:?}"));
        let found = r#"["_ga", "_ga_X1", "ad_id", "assent_consent", "cart"]"#;
        let at = |now: &str| {
            format!(
                r#"{{"now":"{now}","jurisdiction":"DE","age":30,"consents":{{"analytics-cookies":{{"state":"ConsentGiven","time":"2026-11-01T00:00:00Z","policyVersion":"1.0.0","separate":true}}}}}}"#
            )
        };
        let expire = |ctx: &str| {
            policy
                .cookies_not_allowed_json(ctx, found)
                .unwrap_or_else(|e| panic!("{e:?}"))
        };
        // Analytics runs; advertising was never allowed.
        assert_eq!(expire(&at("2026-12-01T00:00:00Z")), r#"["ad_id"]"#);
        // Its consent lapsed: its cookies go too, as a withdrawal's would.
        assert_eq!(expire(&at("2028-01-01T00:00:00Z")), r#"["_ga","_ga_X1","ad_id"]"#);
        assert!(policy
            .cookies_not_allowed_json(&at("2026-12-01T00:00:00Z"), "[1]")
            .is_err());
    }

    #[test]
    fn a_name_another_purpose_also_names_is_never_forgotten() {
        // A careless policy: analytics claims every `assent` cookie (the essential purpose's
        // consent cookie among them), and marketing shares the search purpose's history.
        let mut seed: serde_json::Value =
            serde_json::from_str(include_str!("../../policies/seed.json")).unwrap_or_default();
        for p in seed["purposes"].as_array_mut().into_iter().flatten() {
            let extra = match p["id"].as_str() {
                Some("analytics-cookies") => {
                    serde_json::json!({"kind": "cookie", "name": "assent*", "firstParty": true})
                }
                Some("marketing") => {
                    serde_json::json!({"kind": "localStorage", "name": "search_*", "firstParty": true})
                }
                _ => continue,
            };
            if let Some(storage) = p["storage"].as_array_mut() {
                storage.push(extra);
            }
        }
        let policy = LoadedPolicy::load(&seed.to_string()).unwrap_or_else(|e| panic!("{e:?}"));
        let forgot = policy
            .cookies_to_forget_json(
                r#"{"withdrawn": ["analytics-cookies"], "found": ["_ga", "assent_consent", "assent_x"]}"#,
            )
            .unwrap_or_else(|e| panic!("{e:?}"));
        // assent_x is analytics' alone; the consent cookie is the essential purpose's too.
        assert_eq!(forgot, r#"["_ga","assent_x"]"#);
        let withdrew = r#"{"now": "2026-12-06T10:00:00Z", "jurisdiction": "DE", "ageBand": "adult",
            "consents": {"search": {"state": "ConsentWithdrawn", "time": "2026-12-01T00:00:00Z", "policyVersion": "1.0.0"},
                         "marketing": {"state": "ConsentGiven", "time": "2026-12-01T00:00:00Z", "policyVersion": "1.0.0", "separate": true}}}"#;
        let text = policy
            .banner_html_json(withdrew, r#"{"action": "/consent/form"}"#)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let answer: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert!(
            answer["state"].as_str().unwrap_or_default().contains(r#""forget":[]"#),
            "search_history may be marketing's, which runs: {answer}"
        );
    }

    #[test]
    fn what_is_not_a_button_is_null_and_an_unknown_purpose_is_an_error() {
        assert_eq!(choice(r#"{"action": "launch"}"#).ok(), Some(serde_json::Value::Null));
        let bad = choice(r#"{"action": "save", "on": ["analytics-cookie"]}"#);
        assert_eq!(bad.err().map(|e| e.code).as_deref(), Some("choice.unknown_purpose"));
    }
}
