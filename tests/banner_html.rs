//! The banner's HTML as the edge writes it (`policy.bannerHtml`): golden pages for the visitors
//! the edge meets, escaping, and the boundary's errors.
//!
//! `ASSENT_BLESS=1 cargo test --test banner_html` rewrites the golden files in
//! tests/golden/banner; review their diff.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use assent::api::LoadedPolicy;
use serde_json::{json, Value};

const SEED: &str = include_str!("../policies/seed.json");
const NOW: &str = "2026-11-29T12:00:00Z";

fn banner(policy: &str, context: Value, options: Value) -> (String, String) {
    let p = LoadedPolicy::load(policy).unwrap();
    let out: Value =
        serde_json::from_str(&p.banner_html_json(&context.to_string(), &options.to_string()).unwrap()).unwrap();
    (
        out["html"].as_str().unwrap().to_string(),
        out["opening"].as_str().unwrap().to_string(),
    )
}

fn edge() -> Value {
    json!({"action": "/consent/form", "returnTo": "/shop?item=1&size=m"})
}

/// Compares with tests/golden/banner/<name>.html (one line: the HTML has no added whitespace).
fn golden(name: &str, html: &str) {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/banner")
        .join(format!("{name}.html"));
    if std::env::var_os("ASSENT_BLESS").is_some() {
        std::fs::write(&file, format!("{html}\n")).unwrap();
        return;
    }
    let want =
        std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e} (run with ASSENT_BLESS=1)", file.display()));
    assert_eq!(
        html,
        want.trim_end(),
        "{name}.html differs; if intended, rerun with ASSENT_BLESS=1 and review"
    );
}

/// The number of times `needle` occurs in `haystack`.
fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn a_first_time_visitor_in_germany_of_unknown_age_is_asked_the_age_first() {
    let (html, opening) = banner(SEED, json!({"now": NOW, "jurisdiction": "DE", "locale": "en"}), edge());
    assert_eq!(opening, "age_step");
    golden("de-age-unknown", &html);
    // The form the edge's POST /age takes: birthYear, birthMonth, return, and nothing else.
    assert!(html.contains(r#"<form class="assent-form assent-age-step" method="post" action="/age?lang=en" data-assent-form="age"><input type="hidden" name="return" value="/shop?item=1&amp;size=m">"#));
    let names: Vec<&str> = html
        .split(" name=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    // The age form's fields; beside it the choice form of "reject all", which needs no age;
    // then the persistent button's form.
    assert_eq!(
        names,
        [
            "return",
            "birthYear",
            "birthMonth",
            "return",
            "lang",
            "action",
            "return",
            "lang",
            "action"
        ]
    );
    assert!(html.contains(
        r#"<form class="assent-form" method="post" action="/consent/form"><input type="hidden" name="return" value="/shop?item=1&amp;size=m"><input type="hidden" name="lang" value="en"><p class="assent-note" id="assent-reject-note">Optional uses stay off unless you agree. To refuse them all, you need not give your age.</p><div class="assent-actions"><button class="assent-btn" type="submit" name="action" value="reject" data-assent-action="reject" aria-describedby="assent-reject-note">Reject all</button></div></form>"#
    ));
    // Neutral: every year, the empty choice first and required, nothing selected.
    assert!(html.contains(
        r#"<select name="birthYear" required><option value="">Choose…</option><option value="2026">2026</option>"#
    ));
    assert!(html.contains(r#"<option value="1906">1906</option></select>"#));
    assert!(html.contains(
        r#"<select name="birthMonth" required><option value="">Choose…</option><option value="1">January</option>"#
    ));
    assert!(!html.contains("selected"));
    assert!(html.contains("Only your age band is kept"));
    assert!(!html.contains("assent-first"), "no choices before the age is known");
}

#[test]
fn an_adult_without_choices_gets_the_first_layer_with_three_equal_buttons() {
    let (html, opening) = banner(
        SEED,
        json!({"now": NOW, "jurisdiction": "DE", "ageBand": "adult", "locale": "en"}),
        edge(),
    );
    assert_eq!(opening, "banner");
    golden("de-adult-first-layer", &html);
    for (label, action) in [("Accept all", "accept"), ("Reject all", "reject"), ("Choose", "choose")] {
        let b = format!(
            r#"<button class="assent-btn" type="submit" name="action" value="{action}" data-assent-action="{action}">{label}</button>"#
        );
        assert_eq!(count(&html, &b), 1, "{b}");
    }
    assert!(html.contains(r#"<form class="assent-form" method="post" action="/consent/form">"#));
    assert!(
        html.contains(r#"aria-expanded="true""#),
        "the persistent button says the dialog is open"
    );
    assert!(html.contains(r#"<a class="assent-link" href="https://"#));
}

#[test]
fn a_visitor_with_valid_choices_gets_only_the_persistent_button() {
    let policy: Value = serde_json::from_str(SEED).unwrap();
    let consents: serde_json::Map<String, Value> = policy["purposes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] != "essential")
        .map(|p| {
            (
                p["id"].as_str().unwrap().to_string(),
                json!({"state": "ConsentRefused", "time": "2026-11-20T09:00:00Z", "policyVersion": policy["version"], "separate": true}),
            )
        })
        .collect();
    let (html, opening) = banner(
        SEED,
        json!({"now": NOW, "jurisdiction": "DE", "ageBand": "adult", "locale": "en",
               "consents": consents, "seenPolicyVersion": policy["version"]}),
        edge(),
    );
    assert_eq!(opening, "nothing");
    golden("de-adult-chosen", &html);
    assert!(!html.contains("role=\"dialog\""));
    assert_eq!(count(&html, "<button"), 1);
}

#[test]
fn a_child_in_china_waiting_for_a_guardian_gets_the_guardian_step() {
    let (html, opening) = banner(
        SEED,
        json!({"now": NOW, "jurisdiction": "CN", "ageBand": "below_guardian_age", "locale": "en"}),
        edge(),
    );
    assert_eq!(opening, "guardian_step");
    golden("cn-child-guardian", &html);
    assert!(html.contains(
        r#"<form class="assent-form assent-guardian-form" method="post" action="/guardian/request?lang=en""#
    ));
    assert!(html.contains(r#"<input type="email" name="contact" required autocomplete="off">"#));
    assert!(html.contains("Paused until then:"));
    assert!(html.contains("They will see each use we ask about"));
    assert!(
        !html.contains("assent-first"),
        "a child gets no banner to consent alone"
    );
}

#[test]
fn the_zh_cn_page_gets_the_chinese_first_layer() {
    let (html, opening) = banner(
        SEED,
        json!({"now": NOW, "jurisdiction": "CN", "ageBand": "adult"}),
        json!({"action": "/consent/form", "locale": "zh-CN"}),
    );
    assert_eq!(opening, "banner");
    golden("cn-adult-zh", &html);
    assert!(html.starts_with(
        r#"<aside class="assent assent-layout-modal" lang="zh-CN" aria-label="隐私选择" data-assent-ui>"#
    ));
    for label in ["全部接受", "全部拒绝", "自行选择", "您的隐私选择"] {
        assert!(html.contains(&format!(">{label}<")), "{label}");
    }
    assert!(!html.contains("name=\"return\""), "no return field unless asked");
}

#[test]
fn a_policy_text_with_markup_and_quotes_comes_out_escaped() {
    let hostile = SEED.replacen(
        r#""en": "Your privacy choices""#,
        r#""en": "<script>alert(\"x\")</script> & 'you'""#,
        1,
    );
    assert_ne!(hostile, SEED);
    let (html, _) = banner(
        &hostile,
        json!({"now": NOW, "jurisdiction": "DE", "ageBand": "adult", "locale": "en"}),
        json!({"action": "/consent/form\"><script>x</script>", "returnTo": "/a?b=\"c\"&d='e'"}),
    );
    assert!(!html.contains("<script"), "{html}");
    assert!(html.contains(">&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'you'</h2>"));
    assert!(html.contains(r#"action="/consent/form&quot;&gt;&lt;script&gt;x&lt;/script&gt;""#));
    assert!(html.contains(r#"value="/a?b=&quot;c&quot;&amp;d=&#39;e&#39;""#));
}

#[test]
fn after_choose_the_second_layer_is_drawn_open_with_one_switch_per_purpose() {
    let p = LoadedPolicy::load(SEED).unwrap();
    let ctx = json!({"now": NOW, "jurisdiction": "DE", "ageBand": "adult", "locale": "en"}).to_string();
    let out: Value = serde_json::from_str(
        &p.banner_html_json(
            &ctx,
            r#"{"action": "/consent/form", "returnTo": "/", "show": "second"}"#,
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        (out["opening"].as_str(), out["shown"].as_str()),
        (Some("banner"), Some("second"))
    );
    let html = out["html"].as_str().unwrap();
    golden("de-adult-second-layer", html);
    assert!(!html.contains("assent-first"));
    assert!(html.contains(r#"<input class="assent-switch" type="checkbox" role="switch" id="assent-p-analytics-cookies" name="p:analytics-cookies" aria-describedby="assent-d-analytics-cookies" data-assent-purpose="analytics-cookies">"#));
    assert!(!html.contains(" checked"), "every switch starts off");
    for action in ["close", "accept", "reject", "save"] {
        assert_eq!(
            count(html, &format!(r#"value="{action}" data-assent-action="{action}""#)),
            1,
            "{action}"
        );
    }
    // A dialog this visitor does not have is not drawn: what opens by itself is.
    let out: Value = serde_json::from_str(
        &p.banner_html_json(&ctx, r#"{"action": "/f", "show": "update"}"#)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(out["shown"], "first");
    assert_eq!(
        p.banner_html_json(&ctx, r#"{"action": "/f", "show": "third"}"#)
            .unwrap_err()
            .code,
        "input.unknown_dialog"
    );
}

#[test]
fn bad_options_and_contexts_are_api_errors() {
    let p = LoadedPolicy::load(SEED).unwrap();
    let ctx = json!({"now": NOW, "jurisdiction": "DE"}).to_string();
    assert_eq!(p.banner_html_json(&ctx, "{}").unwrap_err().code, "schema.missing_field");
    assert_eq!(
        p.banner_html_json(&ctx, r#"{"action": "/f", "retrunTo": "/"}"#)
            .unwrap_err()
            .code,
        "schema.unknown_field"
    );
    assert_eq!(
        p.banner_html_json(r#"{"now": "soon", "jurisdiction": "DE"}"#, r#"{"action": "/f"}"#)
            .unwrap_err()
            .code,
        "context.invalid_time"
    );
    // Closed for the session: nothing opens by itself.
    let out = p
        .banner_html_json(&ctx, r#"{"action": "/f", "dismissed": true}"#)
        .unwrap();
    assert!(out.contains(r#""opening":"nothing""#), "{out}");
}

/// The page's configuration gives the banner its own words, in the language the banner speaks:
/// the first and second layers the edge writes say them, and a word for another language or an
/// unknown key changes nothing or is refused by name.
#[test]
fn the_pages_own_words_replace_the_banners_in_their_language() {
    let p = LoadedPolicy::load(SEED).unwrap();
    let config = json!({"policy": "/v1/policy", "words": {
        "en": {"acceptAll": "Yes to everything", "rejectAll": "No to everything", "details": "More"},
        "zh-CN": {"acceptAll": "都同意"}
    }})
    .to_string();
    let ctx = json!({"now": NOW, "jurisdiction": "DE", "ageBand": "adult", "locale": "en"}).to_string();
    let first: Value = serde_json::from_str(
        &p.banner_html_json(&ctx, &json!({"action": "/f", "pageConfig": config}).to_string())
            .unwrap(),
    )
    .unwrap();
    let html = first["html"].as_str().unwrap();
    assert!(
        html.contains(">Yes to everything</button>") && html.contains(">No to everything</button>"),
        "{html}"
    );
    assert!(!html.contains(">Accept all<"), "{html}");
    let second: Value = serde_json::from_str(
        &p.banner_html_json(
            &ctx,
            &json!({"action": "/f", "show": "second", "pageConfig": config}).to_string(),
        )
        .unwrap(),
    )
    .unwrap();
    assert!(second["html"].as_str().unwrap().contains("<summary>More</summary>"));
    let zh = json!({"now": NOW, "jurisdiction": "DE", "ageBand": "adult", "locale": "zh-CN"}).to_string();
    let zh_html: Value = serde_json::from_str(
        &p.banner_html_json(&zh, &json!({"action": "/f", "pageConfig": config}).to_string())
            .unwrap(),
    )
    .unwrap();
    let zh_html = zh_html["html"].as_str().unwrap();
    assert!(zh_html.contains(">都同意</button>") && zh_html.contains(">全部拒绝</button>"));
    let bad = json!({"policy": "/p", "words": {"en": {"acceptALL": "Yes"}}}).to_string();
    let e = p
        .banner_html_json(&ctx, &json!({"action": "/f", "pageConfig": bad}).to_string())
        .unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("words.unknown_key", "$.words.en.acceptALL")
    );
    assert!(e.message.contains("acceptALL"), "{}", e.message);
}

#[test]
fn the_pages_configuration_gives_the_layout_and_the_theme_and_an_unknown_layout_is_refused() {
    let adult = json!({"now": NOW, "jurisdiction": "DE", "ageBand": "adult", "locale": "en"});
    let with = |config: &str| json!({"action": "/consent/form", "pageConfig": config});
    let (bar, _) = banner(
        SEED,
        adult.clone(),
        with(r#"{"policy": "/v1/policy", "layout": "bar", "theme": "dark"}"#),
    );
    golden("de-adult-bar-dark", &bar);
    assert!(bar.starts_with(r#"<aside class="assent assent-layout-bar" data-assent-theme="dark" lang="en""#));
    assert!(bar.contains(r#"<div class="assent-layer assent-modeless"><div class="assent-dialog assent-first" role="dialog" aria-labelledby="assent-title""#));
    assert_eq!(count(&bar, "aria-modal"), 0, "a bar leaves the page usable");
    let (modal, _) = banner(SEED, adult.clone(), with(r#"{"policy": "/v1/policy"}"#));
    let (plain, _) = banner(SEED, adult.clone(), json!({"action": "/consent/form"}));
    assert_eq!(modal, plain, "without a layout, the modal default");
    let p = LoadedPolicy::load(SEED).unwrap();
    let e = p
        .banner_html_json(
            &adult.to_string(),
            &with(r#"{"policy": "/v1/policy", "layout": "popup"}"#).to_string(),
        )
        .unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_str()), ("config.invalid", "$.layout"));
    assert!(e.message.contains("bar, box, modal"), "{}", e.message);
}

/// The policy's own words reach the compiled texts file of their locale and the banner the edge
/// writes; the page's configuration overrides them in turn, and the catalogue gives the rest:
/// page over policy over catalogue.
#[test]
fn the_policys_words_are_compiled_in_and_the_pages_override_them() {
    let mut seed: Value = serde_json::from_str(SEED).unwrap();
    seed["words"] = json!({
        "en": {"acceptAll": "Yes to all of it", "choose": "Let me pick"},
        "zh-CN": {"rejectAll": "都不要"}
    });
    let policy = seed.to_string();
    let files = assent::api::compile(&policy).unwrap();
    let texts = |locale: &str| -> Value {
        let file = files
            .texts
            .iter()
            .find(|t| t.locale.as_deref() == Some(locale))
            .unwrap();
        serde_json::from_str::<Value>(&file.json).unwrap()["texts"]["words"].clone()
    };
    let (en, zh) = (texts("en"), texts("zh-CN"));
    assert_eq!(
        (&en["acceptAll"], &en["rejectAll"]),
        (&json!("Yes to all of it"), &json!("Reject all"))
    );
    assert_eq!(
        (&zh["acceptAll"], &zh["rejectAll"]),
        (&json!("全部接受"), &json!("都不要"))
    );

    let adult = json!({"now": NOW, "jurisdiction": "DE", "ageBand": "adult", "locale": "en"});
    let (html, _) = banner(&policy, adult.clone(), json!({"action": "/f"}));
    assert!(
        html.contains(">Yes to all of it</button>") && html.contains(">Let me pick</button>"),
        "{html}"
    );
    let page = json!({"policy": "/v1/policy/compiled/core.json", "words": {"en": {"acceptAll": "The page says yes"}}});
    let (html, _) = banner(&policy, adult, json!({"action": "/f", "pageConfig": page.to_string()}));
    assert!(
        html.contains(">The page says yes</button>")
            && html.contains(">Let me pick</button>")
            && html.contains(">Reject all</button>"),
        "{html}"
    );
    assert!(!html.contains("Yes to all of it"), "{html}");

    // A wrong key in the policy is refused when the policy is checked, by name.
    seed["words"] = json!({"en": {"rejectAl": "No"}});
    let problems = assent::policy::load(&seed.to_string()).unwrap_err().0;
    let p = problems.iter().find(|p| p.code == "words.unknown_key").unwrap();
    assert_eq!(p.path, "$.words.en.rejectAl");
    assert!(p.hint.as_deref().unwrap().contains("rejectAll"), "{p:?}");
}
