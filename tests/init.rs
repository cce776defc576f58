//! `assent init` as a site owner runs it: the policy it writes is one `assent check` accepts and
//! the engine evaluates, every place left for the owner is a warning until answered, missing
//! answers are errors (never questions) without a terminal, and questions are asked in one.
#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod cli_support;

use cli_support::assent;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use assent::eval::{Context, Decision, Engine, Evaluation};
use serde_json::{json, Value};

fn scratch(name: &str) -> PathBuf {
    cli_support::scratch("init", name)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The answers of a shop selling in the EU, California and China, in English and Chinese.
fn answers() -> Value {
    json!({
        "site": "https://shop.example",
        "controller": {"name": "Example Shop Ltd", "email": "privacy@shop.example", "phone": "+49 30 000000"},
        "jurisdictions": ["EU", "US-CA", "CN"],
        "storedIn": ["DE"],
        "locales": ["en", "zh-CN"],
        "purposes": [
            {"id": "analytics", "provider": "Example Analytics GmbH", "providerCountry": "DE", "cookies": ["_ea", "_ea_*"]},
            "advertising",
            "embedded-media"
        ]
    })
}

/// `assent init --answers -` in a fresh folder; the policy it wrote.
fn init(name: &str, answers: &Value, extra: &[&str]) -> (PathBuf, String) {
    let dir = scratch(name);
    let out = dir.join("consent");
    let mut args = vec!["init", "--answers", "-", "--out", s(&out)];
    args.extend_from_slice(extra);
    let run = assent(&args, Some(&answers.to_string()));
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let policy = std::fs::read_to_string(out.join("policy.json")).unwrap();
    (out, policy)
}

#[test]
fn check_accepts_the_policy_and_warns_at_each_place_left_for_the_owner() {
    let (out, policy) = init("check", &answers(), &[]);
    let file = out.join("policy.json");
    let run = assent(&["check", s(&file)], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("is valid (4 purposes"), "{}", run.stdout);
    // Exactly the places only the owner can answer, in both locales: the address, who is
    // responsible for data protection, the ownership, and the two providers not named.
    let json = assent(&["check", "--format", "json", s(&file)], None);
    assert_eq!(json.code, 0);
    let warnings: Vec<Value> = serde_json::from_str(&json.stdout).unwrap();
    let mut places: Vec<&str> = warnings.iter().map(|w| w["path"].as_str().unwrap()).collect();
    places.sort_unstable();
    let recipients: Value = serde_json::from_str::<Value>(&policy).unwrap()["recipients"].clone();
    let unnamed: Vec<usize> = (0..recipients.as_array().unwrap().len())
        .filter(|&i| recipients[i]["name"]["en"].as_str().unwrap().starts_with("<<owner:"))
        .collect();
    assert_eq!(
        unnamed,
        vec![1, 2],
        "advertising and embedded media have no provider named"
    );
    assert_eq!(
        places,
        vec![
            "$.controller.address.en",
            "$.controller.address.zh-CN",
            "$.controller.department.en",
            "$.controller.department.zh-CN",
            "$.controller.ownership.en",
            "$.controller.ownership.zh-CN",
            "$.recipients[1].name.en",
            "$.recipients[1].name.zh-CN",
            "$.recipients[2].name.en",
            "$.recipients[2].name.zh-CN",
        ]
    );
    for w in &warnings {
        assert_eq!(w["severity"], "warning");
        assert_eq!(w["code"], "policy.owner_mark");
        let line = w["line"].as_u64().unwrap() as usize;
        let column = w["column"].as_u64().unwrap() as usize;
        let at: String = policy
            .lines()
            .nth(line - 1)
            .unwrap()
            .chars()
            .skip(column - 1)
            .take(8)
            .collect();
        assert_eq!(at, "<<owner:", "{w}");
    }
    assert!(
        run.stderr
            .contains("warning[policy.owner_mark]: left for the site owner to answer: the postal address"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("10 marks left for the owner to answer"),
        "{}",
        run.stderr
    );
    assert_eq!(assent(&["check", "--deny-warnings", s(&file)], None).code, 1);

    // Compiling publishes the marks as the policy's words: it says so, and with
    // --deny-warnings writes nothing.
    let compiled = file.with_file_name("compiled");
    let run = assent(&["compile", s(&file), "--out", s(&compiled)], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("10 marks left for the owner to answer"),
        "{}",
        run.stderr
    );
    let strict = file.with_file_name("strict");
    let run = assent(&["compile", s(&file), "--out", s(&strict), "--deny-warnings"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("10 warnings left (--deny-warnings)"),
        "{}",
        run.stderr
    );
    assert!(!strict.exists(), "nothing is written while a mark is left");

    // Once every mark is answered, check is silent and --deny-warnings passes.
    let mut answered = policy.clone();
    while let Some(start) = answered.find("<<owner:") {
        let end = start + answered[start..].find(">>").unwrap() + 2;
        answered.replace_range(start..end, "Answered by the owner");
    }
    std::fs::write(&file, &answered).unwrap();
    let run = assent(&["check", "--deny-warnings", s(&file)], None);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let run = assent(&["compile", s(&file), "--out", s(&strict), "--deny-warnings"], None);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}

fn evaluate(engine: &Engine, context: Value) -> Evaluation {
    let ctx: Context = assent::policy::parse_json(&context.to_string()).unwrap();
    engine.evaluate(&ctx).unwrap()
}

fn decision(e: &Evaluation, purpose: &str) -> Decision {
    e.purposes.iter().find(|p| p.purpose == purpose).unwrap().decision
}

fn given(purposes: &[&str]) -> Value {
    purposes
        .iter()
        .map(|p| {
            (
                (*p).to_owned(),
                json!({"state": "ConsentGiven", "time": "2026-11-01T10:00:00Z", "policyVersion": "1.0.0"}),
            )
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

#[test]
fn the_engine_evaluates_the_starter_policy_by_the_laws_asked_for() {
    let (_, policy) = init("eval", &answers(), &[]);
    let engine = Engine::from_json(&policy).unwrap();
    let now = "2026-12-01T10:00:00Z";

    // A German adult: nothing optional before a choice, the banner shows, and a consent counts.
    let de = evaluate(&engine, json!({"now": now, "jurisdiction": "DE", "age": 34}));
    assert_eq!(de.jurisdiction, vec!["DE", "EU", "*"]);
    assert_eq!(decision(&de, "essential"), Decision::Allowed);
    for p in ["analytics", "advertising", "embedded-media"] {
        assert_eq!(decision(&de, p), Decision::NeedsConsent, "{p}");
    }
    assert!(de.page.show_banner);
    let de = evaluate(
        &engine,
        json!({"now": now, "jurisdiction": "DE", "age": 34, "consents": given(&["analytics"])}),
    );
    assert_eq!(decision(&de, "analytics"), Decision::Allowed);
    assert_eq!(decision(&de, "advertising"), Decision::NeedsConsent);

    // France's rule came with the EU's: a 14-year-old needs a guardian there (15), not in Italy (14).
    let fr = evaluate(&engine, json!({"now": now, "jurisdiction": "FR", "age": 14}));
    assert_eq!(decision(&fr, "analytics"), Decision::NeedsGuardianConsent);
    let it = evaluate(&engine, json!({"now": now, "jurisdiction": "IT", "age": 14}));
    assert_eq!(decision(&it, "analytics"), Decision::NeedsConsent);

    // California: Global Privacy Control opts out of advertising, whatever was consented.
    let ca = evaluate(
        &engine,
        json!({"now": now, "jurisdiction": "US-CA", "age": 40, "gpc": true, "consents": given(&["analytics", "advertising"])}),
    );
    assert_eq!(ca.jurisdiction, vec!["US-CA", "US", "*"]);
    assert_eq!(decision(&ca, "advertising"), Decision::Denied);
    assert_eq!(decision(&ca, "analytics"), Decision::Allowed);

    // China: advertising is never for minors.
    let cn = evaluate(
        &engine,
        json!({"now": now, "jurisdiction": "CN", "age": 16, "consents": given(&["advertising"])}),
    );
    assert_eq!(decision(&cn, "advertising"), Decision::Forbidden);

    // A visitor whose place is unknown (a static page without an edge) gets the default rule.
    let anywhere = evaluate(&engine, json!({"now": now, "jurisdiction": "*", "age": 30}));
    assert_eq!(anywhere.jurisdiction, vec!["*"]);
    assert_eq!(decision(&anywhere, "analytics"), Decision::NeedsConsent);

    // The messages come in the locales asked for.
    let zh = evaluate(
        &engine,
        json!({"now": now, "jurisdiction": "CN", "age": 30, "locale": "zh-CN"}),
    );
    assert_eq!(zh.locale, "zh-CN");
}

/// `assent init` writes its texts in every language the banner speaks, checked as written, and
/// the banner then speaks the same language around them.
#[test]
fn the_texts_come_in_each_language_the_banner_speaks() {
    let mut a = answers();
    a["purposes"] = json!(["analytics", "advertising"]);
    a["locales"] = json!(["de", "en", "zh-CN", "fr", "es", "ja", "ko"]);
    let (out, policy) = init("seven", &a, &[]);
    assert_eq!(assent(&["check", s(&out.join("policy.json"))], None).code, 0);
    let engine = Engine::from_json(&policy).unwrap();
    assert_eq!(engine.policy().default_locale, "de");
    let files = assent::api::compile(&policy).unwrap();
    let en: Value = serde_json::from_str(
        &files
            .texts
            .iter()
            .find(|t| t.locale.as_deref() == Some("en"))
            .unwrap()
            .json,
    )
    .unwrap();
    let (english_words, english_messages) = (en["texts"]["words"].clone(), en["texts"]["messages"].clone());
    let expected = [
        ("de", "Statistik", "Alle akzeptieren"),
        ("en", "Analytics", "Accept all"),
        ("zh-CN", "统计分析", "全部接受"),
        ("fr", "Mesure d'audience", "Tout accepter"),
        ("es", "Analítica", "Aceptar todo"),
        ("ja", "アクセス解析", "すべて同意する"),
        ("ko", "통계 분석", "모두 동의"),
    ];
    for (locale, analytics, accept) in expected {
        let texts = engine.policy().texts(locale);
        assert_eq!(texts.purposes.get("analytics").unwrap().name, analytics, "{locale}");
        assert!(
            !texts.notice_summary.contains("<<owner"),
            "{locale}: {}",
            texts.notice_summary
        );
        // The banner's words and the engine's messages travel in that locale's texts file.
        let file = &files
            .texts
            .iter()
            .find(|t| t.locale.as_deref() == Some(locale))
            .unwrap()
            .json;
        let texts: Value = serde_json::from_str(file).unwrap();
        let (words, messages) = (&texts["texts"]["words"], &texts["texts"]["messages"]);
        assert_eq!(words["acceptAll"], accept, "{locale}");
        for (what, all, english) in [
            ("word", words, &english_words),
            ("message", messages, &english_messages),
        ] {
            let all = all.as_object().unwrap();
            assert_eq!(all.len(), english.as_object().unwrap().len(), "{locale}: every {what}");
            for (key, text) in all {
                let text = text.as_str().unwrap();
                assert!(
                    !text.trim().is_empty() || key.ends_with("Sep"),
                    "{locale}: {what} `{key}` is empty"
                );
                let alike = [
                    "listSeparator",
                    "details",
                    "april",
                    "august",
                    "september",
                    "november",
                    "listSep",
                ];
                if locale != "en" && !alike.contains(&key.as_str()) && !key.starts_with("change") {
                    assert_ne!(text, english[key], "{locale}: {what} `{key}` is English");
                }
            }
        }
    }
    // The optional purposes are named in the notice the way each language writes them.
    assert!(engine
        .policy()
        .texts("fr")
        .notice_summary
        .contains("mesure d'audience et publicité"));
    assert!(engine
        .policy()
        .texts("de")
        .notice_summary
        .contains("Statistik und Werbung"));
}

#[test]
fn every_purpose_and_a_locale_without_words_still_make_a_valid_policy() {
    let mut a = answers();
    a["purposes"] = json!([
        "analytics",
        "advertising",
        "embedded-media",
        "personalisation",
        "social-login",
        "transfers-abroad"
    ]);
    a["locales"] = json!(["pt", "en"]);
    a["jurisdictions"] = json!(["GB", "KR", "IN"]);
    let (out, policy) = init("all", &a, &["--worker"]);
    let engine = Engine::from_json(&policy).unwrap();
    assert_eq!(engine.policy().default_locale, "pt");
    // Processing abroad needs its own consent, and Portuguese texts are marked for translation.
    let e = evaluate(
        &engine,
        json!({"now": "2026-12-01T10:00:00Z", "jurisdiction": "GB", "age": 30}),
    );
    assert_eq!(decision(&e, "transfers-abroad"), Decision::NeedsSeparateConsent);
    assert!(
        policy.contains("\"pt\": \"<<owner: translate into pt: Analytics>>\""),
        "{policy}"
    );
    let checked = assent(&["check", s(&out.join("policy.json"))], None);
    assert_eq!(checked.code, 0);
    // The banner has no words in Portuguese: `assent check` says so, and what stays English.
    let said = format!("{}{}", checked.stdout, checked.stderr);
    let warning =
        "warning[words.locale_fallback]: the banner ships no words in `pt`: 90 of its 90 banner words are English";
    assert!(said.contains(warning), "{said}");
    assert!(!said.contains("no words in `en`"), "{said}");
    // The worker's files name the package and the site, and nothing is left unfilled.
    for file in ["worker.js", "wrangler.toml", "package.json", "snippet.html"] {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(!text.contains("{{"), "{file}: {text}");
    }
    assert!(out.join("public").is_dir());
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(out.join("package.json")).unwrap()).unwrap();
    assert_eq!(
        manifest["dependencies"]["assent"],
        format!("^{}", env!("CARGO_PKG_VERSION"))
    );
    // Its scripts run wrangler, so the project installs it.
    assert_eq!(manifest["scripts"]["dev"], "wrangler dev");
    assert_eq!(manifest["devDependencies"]["wrangler"], "^4");
    assert!(std::fs::read_to_string(out.join("worker.js"))
        .unwrap()
        .contains("from \"assent/edge\""));
    let wrangler = std::fs::read_to_string(out.join("wrangler.toml")).unwrap();
    assert!(
        wrangler.contains("LOG_ORIGIN = \"shop.example/consent-log\""),
        "{wrangler}"
    );
    // The page records its choices at the edge, which the worker is.
    assert!(std::fs::read_to_string(out.join("snippet.html"))
        .unwrap()
        .contains(r#"{"policy": "/v1/policy/compiled/core.json", "edge": "/"}"#));
    // The signing keys and the secrets of `wrangler dev` stay out of git.
    let ignored = std::fs::read_to_string(out.join(".gitignore")).unwrap();
    for name in ["keys.private.json", ".dev.vars", "node_modules/"] {
        assert!(ignored.lines().any(|l| l == name), "{name}: {ignored}");
    }
}

#[test]
fn a_gitignore_the_folder_has_is_kept_and_told_what_it_lacks() {
    let dir = scratch("gitignore");
    let out = dir.join("consent");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(".gitignore"), "dist/\n/keys.private.json\n").unwrap();
    let run = assent(
        &["init", "--answers", "-", "--worker", "--force", "--out", s(&out)],
        Some(&answers().to_string()),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(out.join(".gitignore")).unwrap(),
        "dist/\n/keys.private.json\n"
    );
    assert!(run.stdout.contains(".gitignore: add .dev.vars to it"), "{}", run.stdout);
}

#[test]
fn the_closing_hint_names_the_policy_written_and_npx() {
    let dir = scratch("hint");
    let out = dir.join("site-consent");
    let run = assent(
        &["init", "--answers", "-", "--out", s(&out)],
        Some(&answers().to_string()),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let compile = format!(
        "`npx assent compile {} --out public/assent/policy`",
        out.join("policy.json").display()
    );
    assert!(run.stdout.contains(&compile), "{}", run.stdout);
    assert!(!run.stdout.contains("once its marks are answered"), "{}", run.stdout);
}

#[test]
fn the_answers_file_of_the_help_is_accepted() {
    let help = assent(&["init", "--help"], None);
    assert_eq!(help.code, 0, "{}", help.stderr);
    let (_, example) = help.stdout.split_once("An answers file:\n").unwrap();
    let answers: Value = serde_json::from_str(example.trim()).unwrap_or_else(|e| panic!("{e}: {example}"));
    let (_, policy) = init("help-example", &answers, &[]);
    assert!(policy.contains("\"Example Analytics\""), "{policy}");
}

#[test]
fn without_a_terminal_missing_answers_are_errors_not_questions() {
    let dir = scratch("missing");
    let run = assent(&["init", "--out", s(&dir), "--site", "https://shop.example"], None);
    assert_eq!(run.code, 1);
    for flag in ["--name", "--email", "--jurisdiction", "--stored-in"] {
        assert!(run.stderr.contains(flag), "{flag}: {}", run.stderr);
    }
    assert!(!run.stderr.contains("--site"), "{}", run.stderr);
    assert!(run.stderr.contains("no questions were asked"), "{}", run.stderr);
    assert!(!dir.join("policy.json").exists());
}

#[test]
fn a_wrong_answer_is_refused_with_its_place_and_a_suggestion() {
    let mut a = answers();
    a["purposes"] = json!(["analytic"]);
    a["jurisdictions"] = json!(["EU", "US-CX"]);
    a["storedIn"] = json!(["Germany"]);
    a["controller"]["email"] = json!("privacy");
    // An answer typed into the wrong question: a purpose where a locale goes.
    a["locales"] = json!(["en", "analytics", "zh-CN"]);
    let run = assent(
        &["init", "--answers", "-", "--out", s(&scratch("wrong"))],
        Some(&a.to_string()),
    );
    assert_eq!(run.code, 1);
    for expected in [
        "error[init.purpose]: `analytic` is not a purpose `assent init` knows\n  --> answers at $.purposes[0]\n  help: did you mean `analytics`?",
        "error[init.jurisdiction]: no rule is known for `US-CX`\n  --> answers at $.jurisdictions[1]\n  help: did you mean `US-CA`?",
        "error[init.country]: `Germany` is not a country code",
        "error[init.email]: `privacy` is not an email address",
        "error[init.locale]: `analytics` is not a locale\n  --> answers at $.locales[1]",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n---\n{}", run.stderr);
    }
    // A typo in the answers file's fields is placed in the file.
    let run = assent(
        &["init", "--answers", "-", "--out", s(&scratch("typo"))],
        Some("{\n  \"sit\": \"x\"\n}"),
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("--> <stdin>:2:3 at $.sit"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `site`?"), "{}", run.stderr);
}

#[test]
fn flags_override_the_answers_file_and_files_are_not_replaced_without_force() {
    let (out, policy) = init(
        "flags",
        &answers(),
        &["--locale", "zh-CN", "--purpose", "none", "--name", "Other Ltd"],
    );
    let p: Value = serde_json::from_str(&policy).unwrap();
    assert_eq!(p["locales"], json!(["zh-CN"]));
    assert_eq!(p["controller"]["name"]["zh-CN"], "Other Ltd");
    assert_eq!(p["purposes"].as_array().unwrap().len(), 1, "only the essential purpose");
    let run = assent(
        &["init", "--answers", "-", "--out", s(&out)],
        Some(&answers().to_string()),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("policy.json") && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(out.join("policy.json")).unwrap(), policy);
    let run = assent(
        &["init", "--answers", "-", "--out", s(&out), "--force"],
        Some(&answers().to_string()),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn in_a_terminal_it_asks_for_each_missing_answer() {
    // `script` gives the command a pseudo-terminal, and types the answers into it.
    let dir = scratch("terminal");
    let command = format!(
        "{} init --out {} --site https://shop.example",
        env!("CARGO_BIN_EXE_assent"),
        dir.display()
    );
    let mut child = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_remove("CI")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script (util-linux) runs the command in a terminal");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Example Shop Ltd\nprivacy@shop.example\nEU, US-CA\nDE\nanalytics, advertising\nen, zh-CN\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    // The site was given as a flag, so it is not asked.
    assert!(!shown.contains("The site's address"), "{shown}");
    for question in [
        "Who is responsible for the site",
        "The privacy contact email",
        "Where your visitors are",
        "Optional purposes",
        "Locales of the texts",
    ] {
        assert!(shown.contains(question), "{question}: {shown}");
    }
    let policy: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("policy.json")).unwrap()).unwrap();
    assert_eq!(policy["controller"]["email"], "privacy@shop.example");
    assert_eq!(policy["locales"], json!(["en", "zh-CN"]));
    let ids: Vec<&str> = policy["purposes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["essential", "analytics", "advertising"]);
    // CI=true in the same terminal: no questions, an error instead.
    let mut child = Command::new("script")
        .args(["-qec", &command.replace("terminal", "terminal-ci"), "/dev/null"])
        .env("CI", "true")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success());
    assert!(shown.contains("no questions were asked"), "{shown}");
}

/// The purpose `id` of a policy's JSON.
fn purpose<'a>(policy: &'a Value, id: &str) -> &'a Value {
    policy["purposes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap()
}

#[test]
fn a_provider_outside_the_storage_countries_is_a_transfer_needing_consent_only_where_the_law_asks() {
    let mut a = answers();
    a["jurisdictions"] = json!(["EU"]);
    a["storedIn"] = json!(["FR"]);
    a["purposes"] = json!([{"id": "analytics", "provider": "Example Analytics Inc.", "providerCountry": "US"}]);
    // The GDPR asks for a transfer mechanism, not consent: flagged, no consent asked.
    let (out, policy) = init("abroad-eu", &a, &[]);
    let p: Value = serde_json::from_str(&policy).unwrap();
    assert_eq!(purpose(&p, "analytics")["crossBorder"], true);
    assert_eq!(purpose(&p, "analytics")["separateConsent"], false);
    assert_eq!(p["storage"]["crossBorderNeedsConsent"], false);
    let check = assent(&["check", "--format", "json", s(&out.join("policy.json"))], None);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        !check.stdout.contains("policy.transfer_not_flagged"),
        "{}",
        check.stdout
    );

    // PIPL Art. 38-39: with visitors in China the transfer needs their separate consent.
    a["jurisdictions"] = json!(["EU", "CN"]);
    let (_, policy) = init("abroad-cn", &a, &[]);
    let p: Value = serde_json::from_str(&policy).unwrap();
    assert_eq!(purpose(&p, "analytics")["crossBorder"], true);
    assert_eq!(purpose(&p, "analytics")["separateConsent"], true);
    assert_eq!(p["storage"]["crossBorderNeedsConsent"], true);
    let engine = Engine::from_json(&policy).unwrap();
    let e = evaluate(
        &engine,
        json!({"now": "2026-12-01T10:00:00Z", "jurisdiction": "CN", "age": 30}),
    );
    assert_eq!(decision(&e, "analytics"), Decision::NeedsSeparateConsent);

    // A provider at home is no transfer.
    a["purposes"][0]["providerCountry"] = json!("FR");
    let (_, policy) = init("home", &a, &[]);
    let p: Value = serde_json::from_str(&policy).unwrap();
    assert_eq!(purpose(&p, "analytics")["crossBorder"], false);
    assert_eq!(p["storage"]["crossBorderNeedsConsent"], false);
}

#[test]
fn a_provider_without_its_country_is_asked_for_never_guessed() {
    let mut a = answers();
    a["purposes"] = json!([{"id": "analytics", "provider": "Example Analytics Inc."}]);
    let run = assent(
        &["init", "--answers", "-", "--out", s(&scratch("no-country"))],
        Some(&a.to_string()),
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error[init.missing]: no country for `analytics`'s provider\n  --> answers at $.purposes[0].providerCountry\n  help: give `providerCountry`"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn check_warns_when_the_owner_puts_a_provider_abroad_without_flagging_the_transfer() {
    // A provider not named gets a mark asking for its name and country; the owner answers
    // "US" for a site storing in DE.
    let (out, policy) = init("owner-abroad", &answers(), &[]);
    let mut p: Value = serde_json::from_str(&policy).unwrap();
    let i = p["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .position(|r| r["id"] == "advertising-provider")
        .unwrap();
    assert_eq!(
        p["recipients"][i]["country"], "DE",
        "the name's mark asks for the country"
    );
    p["recipients"][i]["country"] = json!("US");
    let file = out.join("policy.json");
    std::fs::write(&file, serde_json::to_string_pretty(&p).unwrap()).unwrap();
    let run = assent(&["check", "--format", "json", s(&file)], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warnings: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let transfer: Vec<&Value> = warnings
        .iter()
        .filter(|w| w["code"] == "policy.transfer_not_flagged")
        .collect();
    let at = p["purposes"]
        .as_array()
        .unwrap()
        .iter()
        .position(|x| x["id"] == "advertising")
        .unwrap();
    assert_eq!(transfer.len(), 1, "{warnings:?}");
    assert_eq!(transfer[0]["path"], format!("$.purposes[{at}].crossBorder"));
    assert_eq!(transfer[0]["severity"], "warning");
    assert_eq!(
        transfer[0]["message"],
        "purpose `advertising` sends data to `advertising-provider` in US, outside the storage countries (DE), but is not marked cross-border"
    );
    let text = assent(&["check", "--deny-warnings", s(&file)], None);
    assert_eq!(text.code, 1);
    // Counted apart from the marks, and shown where `crossBorder` is in the file, not at 0:0.
    assert!(
        text.stderr.contains("1 other warning, besides the marks"),
        "{}",
        text.stderr
    );
    assert!(!text.stderr.contains(":0:0"), "{}", text.stderr);

    // Flagged (with the separate consent PIPL asks of this policy's CN visitors), it is quiet.
    p["purposes"][at]["crossBorder"] = json!(true);
    p["purposes"][at]["separateConsent"] = json!(true);
    std::fs::write(&file, serde_json::to_string_pretty(&p).unwrap()).unwrap();
    let run = assent(&["check", "--format", "json", s(&file)], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("policy.transfer_not_flagged"), "{}", run.stdout);
}

/// The cookie names a file of the edge defines as `const X_COOKIE = "name"`.
fn edge_cookies(file: &str) -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
    text.lines()
        .filter_map(|l| {
            let (left, right) = l.split_once("_COOKIE = \"")?;
            left.trim_start()
                .starts_with("export const ")
                .then_some(())
                .or_else(|| left.trim_start().starts_with("const ").then_some(()))?;
            Some(right.split('"').next()?.to_owned())
        })
        .collect()
}

#[test]
fn the_essential_purpose_rests_on_legitimate_interests_and_declares_what_assent_keeps() {
    let (_, policy) = init("essential", &answers(), &[]);
    let p: Value = serde_json::from_str(&policy).unwrap();
    let essential = purpose(&p, "essential");
    assert_eq!(essential["legalBasis"], "legitimate_interests");
    let declared: Vec<(String, String)> = essential["storage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["kind"].as_str().unwrap().to_owned(),
                s["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // The edge's cookies, read from its source (the banner's keys are checked in a browser by
    // tests/js/init-worker.test.mjs).
    let mut cookies: Vec<String> = ["www/visitor.js", "www/edge.js"]
        .iter()
        .flat_map(|f| edge_cookies(f))
        .collect();
    cookies.sort_unstable();
    assert_eq!(
        cookies,
        [
            "assent_age",
            "assent_consent",
            "assent_dismissed",
            "assent_guided",
            "assent_saved"
        ]
    );
    for name in &cookies {
        assert!(
            declared.contains(&("cookie".into(), name.clone())),
            "{name}: {declared:?}"
        );
    }
    for key in ["receipts", "subject", "age", "seen", "guidance", "local"] {
        let name = format!("assent:shop-example-privacy:{key}");
        assert!(declared.contains(&("localStorage".into(), name.clone())), "{name}");
    }
    assert!(declared.contains(&("sessionStorage".into(), "assent:shop-example-privacy:dismissed".into())));
}

#[test]
fn vital_interests_are_a_life_and_property_only_where_chinese_law_applies() {
    let mut a = answers();
    a["jurisdictions"] = json!(["EU", "GB"]);
    let (_, policy) = init("vital-eu", &a, &[]);
    let p: Value = serde_json::from_str(&policy).unwrap();
    let vital = |p: &Value| {
        p["legalExceptions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == "vital-interests")
            .unwrap()["description"]
            .clone()
    };
    assert_eq!(
        vital(&p)["en"],
        "To protect your life or another person's life when your consent cannot be asked in time."
    );
    a["jurisdictions"] = json!(["EU", "CN"]);
    let (_, policy) = init("vital-cn", &a, &[]);
    let p: Value = serde_json::from_str(&policy).unwrap();
    let en = vital(&p)["en"].as_str().unwrap().to_owned();
    assert!(en.starts_with("To protect your life or another person's life"), "{en}");
    assert!(en.contains("Where Chinese law applies, also when necessary in an emergency to protect a person's life, health or property"), "{en}");
    assert!(vital(&p)["zh-CN"].as_str().unwrap().contains("财产安全"));
}

/// The fenced blocks of `lang` in a Markdown text, in order.
fn blocks<'a>(markdown: &'a str, lang: &str) -> Vec<&'a str> {
    let open = format!("```{lang}\n");
    markdown
        .split(open.as_str())
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .collect()
}

/// The words of a shell command line: continuations joined, double quotes grouping.
fn shell_words(line: &str) -> Vec<String> {
    let line = line.replace("\\\n", " ");
    let (mut words, mut word, mut quoted) = (Vec::new(), String::new(), false);
    for c in line.trim().chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[test]
fn ten_minutes_shows_what_its_commands_print() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ten-minutes.md")).unwrap();
    let dir = scratch("ten-minutes");
    let run_in = |args: &[String], stdin: Option<&str>| cli_support::assent_in(&dir, args, stdin);
    // The flags example, as written (it writes consent/ in the folder it runs in).
    let flags = blocks(&doc, "sh").into_iter().find(|b| b.contains("--site")).unwrap();
    // The doc runs the package's `npx assent`; this runs the same tool's native build.
    let words = shell_words(flags);
    assert_eq!(words[..2], ["npx", "assent"]);
    let out = run_in(&words[2..], None);
    assert_eq!(out.code, 0, "{}", out.stderr);

    // Its `assent check` shows what the text block in step 2 says, line for line but the `...`.
    let shown = blocks(&doc, "text")
        .into_iter()
        .find(|b| b.starts_with("$ npx assent check"))
        .unwrap();
    let mut lines = shown.lines();
    let command = shell_words(lines.next().unwrap().trim_start_matches("$ "));
    let out = run_in(&command[2..], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let printed = format!("{}{}", out.stderr, out.stdout);
    for line in lines.filter(|l| *l != "...") {
        let line = line.trim_end_matches("...)").trim_end_matches(", ");
        assert!(
            printed.contains(line),
            "the doc shows `{line}`, check printed:\n{printed}"
        );
    }

    // The answers file example is one `assent init` takes, and leaves no address to ask for.
    let answers = blocks(&doc, "json")
        .into_iter()
        .find(|b| b.contains("\"storedIn\""))
        .unwrap();
    let args: Vec<String> = ["init", "--answers", "-", "--out", "from-file"]
        .map(String::from)
        .to_vec();
    let out = run_in(&args, Some(answers));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let policy = std::fs::read_to_string(dir.join("from-file/policy.json")).unwrap();
    assert_eq!(policy.matches("<<owner:").count(), 6, "{policy}");
    assert!(!policy.contains("postal address"));
}

/// `--locales de,fr` (or `--locale`) takes the place of the answers' locales.
#[test]
fn the_locales_flag_writes_the_texts_in_the_languages_it_names() {
    let (out, policy) = init("locales-flag", &answers(), &["--locales", "de,fr"]);
    assert_eq!(assent(&["check", s(&out.join("policy.json"))], None).code, 0);
    let engine = Engine::from_json(&policy).unwrap();
    assert_eq!(engine.policy().locales, ["de", "fr"]);
    assert_eq!(engine.policy().texts("fr").notice_title, "Vos choix de confidentialité");
    assert_eq!(
        engine.policy().texts("de").notice_title,
        "Ihre Datenschutzeinstellungen"
    );
}
