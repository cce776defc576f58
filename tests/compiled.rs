//! The compiled policy answers as the policy it was compiled from: every golden case and
//! generated contexts give the same decisions, reasons and page state, byte for byte; and its
//! reader refuses another format, a cut or changed file and a missing locale with typed errors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::collections::HashMap;
use std::sync::OnceLock;

mod eval_support;
mod repo_support;

use assent::api::{compile, Decides, LoadedCompiled, LoadedPolicy};
use assent::compiled::CompiledFiles;
use assent::eval::{AgeBand, Context, DecideOptions};
use assent::receipt::record::sha256_hex;
use eval_support::{consent, NOW};
use proptest::prelude::*;
use repo_support::{policy_files, read, root};
use serde_json::Value;

/// A policy loaded both ways: in full, and compiled then read with every locale's texts (and
/// with each locale's alone, as a page reads it).
struct Both {
    full: LoadedPolicy,
    files: CompiledFiles,
    compiled: LoadedCompiled,
    per_locale: HashMap<String, LoadedCompiled>,
}

impl Both {
    fn new(text: &str) -> Both {
        let files = compile(text).unwrap();
        let texts: Vec<&str> = files.texts.iter().map(|f| f.json.as_str()).collect();
        let per_locale = files
            .texts
            .iter()
            .map(|t| {
                let one = LoadedCompiled::read(&files.core.json, &[&t.json]).unwrap();
                (t.locale.clone().unwrap(), one)
            })
            .collect();
        Both {
            full: LoadedPolicy::load(text).unwrap(),
            compiled: LoadedCompiled::read(&files.core.json, &texts).unwrap(),
            files,
            per_locale,
        }
    }

    /// The compiled policy read with the texts of one locale only, as a page reads it.
    fn with_locale(&self, locale: &str) -> &LoadedCompiled {
        &self.per_locale[locale]
    }

    /// Asserts that both answer `ctx` alike: the whole evaluation, with and without reasons,
    /// each purpose's decision, and the same with the texts of the visitor's locale alone.
    fn assert_same(&self, ctx: &Context, name: &str) -> Result<(), TestCaseError> {
        let text = serde_json::to_string(ctx).unwrap();
        let full = self.full.evaluate_json(&text);
        let compiled = self.compiled.evaluate_json(&text);
        prop_assert_eq!(&full, &compiled, "{}", name);
        let Ok(full) = full else { return Ok(()) };
        let none = DecideOptions { reasons: false };
        let (a, b) = (
            self.full.evaluation(ctx, none).unwrap(),
            self.compiled.evaluation(ctx, none).unwrap(),
        );
        prop_assert_eq!(a, b, "{} without reasons", name);
        let v: Value = serde_json::from_str(&full).unwrap();
        for d in v["purposes"].as_array().unwrap() {
            let purpose = d["purpose"].as_str().unwrap();
            prop_assert_eq!(
                self.full.decide_json(purpose, &text).unwrap(),
                self.compiled.decide_json(purpose, &text).unwrap(),
                "{} {}",
                name,
                purpose
            );
        }
        let page = self.with_locale(v["locale"].as_str().unwrap());
        prop_assert_eq!(page.evaluate_json(&text).unwrap(), full, "{} with one locale", name);
        Ok(())
    }
}

#[test]
fn every_golden_case_answers_the_same_compiled() {
    let cases: Value = serde_json::from_str(&read("tests/golden/eval.json")).unwrap();
    let mut policies: HashMap<String, Both> = HashMap::new();
    let mut n = 0;
    for case in cases.as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let policy = case["policy"].as_str().unwrap();
        let both = policies
            .entry(policy.to_string())
            .or_insert_with(|| Both::new(&read(policy)));
        let ctx: Context = serde_json::from_value(case["context"].clone()).unwrap();
        both.assert_same(&ctx, name).unwrap();
        // The context read once answers the same too.
        let text = serde_json::to_string(&ctx).unwrap();
        let (vf, vc) = (both.full.visitor(&text).unwrap(), both.compiled.visitor(&text).unwrap());
        let all = DecideOptions::default();
        assert_eq!(
            both.full.evaluate_for(&vf, all).unwrap(),
            assent::json::write(&both.compiled.visitor_evaluation(&vc, all).unwrap()),
            "{name}"
        );
        n += 1;
    }
    assert!(n >= 60, "only {n} golden cases");
}

/// Every policy the repository ships, each loaded both ways.
fn policies() -> &'static [(String, Both)] {
    static P: OnceLock<Vec<(String, Both)>> = OnceLock::new();
    P.get_or_init(|| {
        let out: Vec<_> = policy_files()
            .into_iter()
            .map(|(path, text)| (path, Both::new(&text)))
            .collect();
        assert!(out.len() >= 10, "only {} policies", out.len());
        out
    })
}

#[test]
fn texts_are_the_policys_in_every_locale() {
    for (name, both) in policies() {
        for wanted in [None, Some("en"), Some("zh"), Some("zh-CN"), Some("fr")] {
            let full = assent::json::write(&both.full.texts(wanted));
            assert_eq!(
                assent::json::write(both.compiled.texts(wanted).unwrap()),
                full,
                "{name} {wanted:?}"
            );
        }
        assert_eq!(both.compiled.source().sha256, both.full.doc().unwrap().sha256, "{name}");
    }
}

const JURISDICTIONS: &[&str] = &[
    "CN", "cn", "DE", "FR", "EU", "US", "US-CA", "US-CO", "US-TX", "GB", "IN", "KR", "BR", "JP", "NO", "IT", "ES",
    "RE", "AX", "PR", "ZZ", "Germany",
];
const VERSIONS: &[&str] = &["1.0.0", "1.0.1", "1.1.0", "1.1.1", "2.0.0", "0.9.0", "3.0.0", "x"];
const LOCALES: &[&str] = &["en", "zh-CN", "zh", "ZH-cn", "en-GB", "fr"];
const BANDS: &[AgeBand] = &[
    AgeBand::Unknown,
    AgeBand::BelowGuardianAge,
    AgeBand::Minor,
    AgeBand::Adult,
];
/// A policy (its index in [`policies`]) and a visitor's context for it.
fn case() -> impl Strategy<Value = (usize, Context)> {
    (0..policies().len()).prop_flat_map(|i| {
        let ids: Vec<String> = policies()[i]
            .1
            .full
            .engine()
            .policy()
            .purposes
            .iter()
            .map(|p| p.id.clone())
            .collect();
        (
            Just(i),
            (
                0..JURISDICTIONS.len(),
                proptest::option::weighted(0.85, 0u8..40),
                proptest::option::weighted(0.2, 0..BANDS.len()),
                any::<bool>(),
                proptest::collection::btree_map(proptest::sample::select(ids), consent(-10..900, VERSIONS), 0..10),
                proptest::option::of(0..VERSIONS.len()),
                proptest::option::of(0..LOCALES.len()),
                -400i64..400,
                proptest::option::weighted(0.3, 0..JURISDICTIONS.len()),
            )
                .prop_map(|(j, age, band, gpc, consents, seen, locale, days, band_in)| Context {
                    now: assent::time::Timestamp(NOW + days * 86_400).to_string(),
                    jurisdiction: JURISDICTIONS[j].into(),
                    age,
                    age_band: band.map(|b| BANDS[b]),
                    age_band_in: band_in.map(|j| JURISDICTIONS[j].into()),
                    gpc,
                    consents: consents.into_iter().collect(),
                    seen_policy_version: seen.map(|v| VERSIONS[v].into()),
                    locale: locale.map(|l| LOCALES[l].into()),
                }),
        )
    })
}

/// How many contexts the property compares (`ASSENT_COMPILED_CASES`; 10,000 by default).
fn cases() -> u32 {
    std::env::var("ASSENT_COMPILED_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn generated_contexts_answer_the_same_compiled((i, ctx) in case()) {
        let (name, both) = &policies()[i];
        both.assert_same(&ctx, name)?;
    }
}

/// The seed policy's compiled files.
fn seed_files() -> &'static CompiledFiles {
    &policies()
        .iter()
        .find(|(name, _)| name.ends_with("policies/seed.json"))
        .unwrap()
        .1
        .files
}

fn texts_of<'a>(files: &'a CompiledFiles, locale: &str) -> &'a str {
    &files
        .texts
        .iter()
        .find(|f| f.locale.as_deref() == Some(locale))
        .unwrap()
        .json
}

fn refusal(core: &str, texts: &[&str]) -> String {
    let e = LoadedCompiled::read(core, texts).unwrap_err();
    assert!(e.hint.is_some(), "{e:?}");
    e.code
}

#[test]
fn files_are_named_after_the_policy_and_its_locales() {
    let f = seed_files();
    let stem = format!("{}-1.0.0", seed_id());
    assert_eq!(f.core.name, format!("{stem}.core.json"));
    let names: Vec<&str> = f.texts.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, [format!("{stem}.en.json"), format!("{stem}.zh-CN.json")]);
    let core: Value = serde_json::from_str(&f.core.json).unwrap();
    assert_eq!(core["format"], "assent-compiled/4");
    assert_eq!(core["policy"]["source"]["version"], "1.0.0");
    // The core holds no text for people: those are in the texts files.
    assert!(!f
        .core
        .json
        .contains(&policies()[0].1.full.texts(Some("en")).notice_summary));
}

fn seed_id() -> String {
    let seed: Value = serde_json::from_str(&read("policies/seed.json")).unwrap();
    seed["id"].as_str().unwrap().to_string()
}

#[test]
fn another_format_version_is_refused() {
    let f = seed_files();
    let en = texts_of(f, "en");
    let v2 = f.core.json.replace("assent-compiled/4", "assent-compiled/5");
    assert_eq!(refusal(&v2, &[en]), "compiled.format");
    let en2 = en.replace("assent-compiled/4", "assent-compiled/5");
    assert_eq!(refusal(&f.core.json, &[&en2]), "compiled.format");
    // A policy document is not a compiled policy.
    assert_eq!(refusal(&read("policies/seed.json"), &[en]), "compiled.format");
    assert_eq!(refusal("{}", &[en]), "compiled.format");
    assert_eq!(refusal("[1]", &[en]), "compiled.corrupt");
}

#[test]
fn a_cut_file_is_truncated() {
    let f = seed_files();
    let en = texts_of(f, "en");
    for (file, is_core) in [(f.core.json.as_str(), true), (en, false)] {
        for cut in (0..file.len())
            .step_by(file.len() / 300 + 1)
            .filter(|&i| file.is_char_boundary(i))
        {
            let part = &file[..cut];
            let code = if is_core {
                refusal(part, &[en])
            } else {
                refusal(&f.core.json, &[part])
            };
            assert_eq!(code, "compiled.truncated", "cut at {cut}");
        }
    }
}

#[test]
fn a_changed_byte_is_refused() {
    let f = seed_files();
    let en = texts_of(f, "en");
    let mut refused = std::collections::BTreeMap::<String, usize>::new();
    for (file, is_core) in [(f.core.json.as_str(), true), (en, false)] {
        for at in (0..file.len()).step_by(file.len() / 400 + 1) {
            for bit in [0x01u8, 0x20] {
                let mut bytes = file.as_bytes().to_vec();
                bytes[at] ^= bit;
                let Ok(changed) = String::from_utf8(bytes) else {
                    continue;
                };
                let code = if is_core {
                    refusal(&changed, &[en])
                } else {
                    refusal(&f.core.json, &[&changed])
                };
                assert!(
                    [
                        "compiled.corrupt",
                        "compiled.format",
                        "compiled.truncated",
                        "compiled.mismatch"
                    ]
                    .contains(&code.as_str()),
                    "byte {at}: {code}"
                );
                *refused.entry(code).or_default() += 1;
            }
        }
    }
    // Most changes leave valid JSON whose digest no longer matches.
    assert!(
        refused["compiled.corrupt"] > refused.values().sum::<usize>() / 2,
        "{refused:?}"
    );
}

#[test]
fn a_file_edited_by_hand_is_refused_even_with_its_digest_redone() {
    let f = seed_files();
    let en = texts_of(f, "en");
    // A changed value with the file's own digest left as it was.
    let core = f
        .core
        .json
        .replacen("\"guardianAge\":{\"value\":14", "\"guardianAge\":{\"value\":4", 1);
    assert_ne!(core, f.core.json);
    assert_eq!(refusal(&core, &[en]), "compiled.corrupt");
    // A texts file with a changed text and its own digest redone: the core lists another.
    let title = &policies()[0].1.full.texts(Some("en")).title;
    let changed = en.replacen(
        &format!("\"title\":{}", serde_json::to_string(title).unwrap()),
        "\"title\":\"Else\"",
        1,
    );
    assert_ne!(changed, en);
    let body_at = changed.find(",\"texts\":").unwrap() + ",\"texts\":".len();
    let body = &changed[body_at..changed.len() - 1];
    let old_digest = &en[en.find("\"sha256\":\"").unwrap() + 10..][..64];
    let edited = changed.replacen(old_digest, &sha256_hex(body.as_bytes()), 1);
    assert_eq!(refusal(&f.core.json, &[&edited]), "compiled.mismatch");
}

#[test]
fn texts_of_another_policy_are_a_mismatch() {
    let other = &policies()
        .iter()
        .find(|(name, _)| name.ends_with("seed-1.1.0.json"))
        .unwrap()
        .1
        .files;
    assert_eq!(
        refusal(&seed_files().core.json, &[texts_of(other, "en")]),
        "compiled.mismatch"
    );
}

#[test]
fn a_missing_locale_is_a_typed_error() {
    let f = seed_files();
    assert_eq!(refusal(&f.core.json, &[]), "compiled.missing_locale");
    let en_only = LoadedCompiled::read(&f.core.json, &[texts_of(f, "en")]).unwrap();
    assert_eq!(en_only.texts(Some("en")).unwrap().locale, "en");
    assert_eq!(
        en_only.texts(Some("zh-CN")).unwrap_err().code,
        "compiled.missing_locale"
    );
    // Evaluation does not need the texts of the visitor's locale: it answers all the same.
    let ctx = r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"CN","age":30,"locale":"zh-CN"}"#;
    assert!(en_only.evaluate_json(ctx).is_ok());
}

#[test]
fn a_file_too_large_is_refused_before_it_is_read() {
    let f = seed_files();
    let huge = format!("{}{}", f.core.json, " ".repeat(assent::policy::MAX_POLICY_BYTES));
    assert_eq!(refusal(&huge, &[texts_of(f, "en")]), "compiled.too_large");
}

#[test]
fn an_invalid_policy_does_not_compile_and_says_why_as_loading_does() {
    let text = read("policies/seed.json").replacen("\"locales\"", "\"locale\"", 1);
    let compiled = compile(&text).unwrap_err();
    let loaded = LoadedPolicy::load(&text).unwrap_err();
    assert_eq!(compiled, loaded);
    assert_eq!(compiled.code, "schema.unknown_field");
}

#[test]
fn the_cli_writes_the_files_compile_makes() {
    let dir = std::env::temp_dir().join(format!("assent-compile-{}", std::process::id()));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_assent"))
        .args(["compile", "policies/seed.json", "--out"])
        .arg(&dir)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let f = seed_files();
    for file in std::iter::once(&f.core).chain(&f.texts) {
        assert_eq!(
            std::fs::read_to_string(dir.join(&file.name)).unwrap(),
            file.json,
            "{}",
            file.name
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
    // An invalid policy is reported as `assent check` reports it, and nothing is written.
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_assent"))
        .args(["compile", "tests/golden/eval.json", "--out"])
        .arg(&dir)
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("error[schema.type]"));
    assert!(!dir.exists());
}

/// Rebuilds a compiled file (`{"format", "sha256", "<member>": body}`) around a new body, with
/// the digest the compiler would write.
fn rebuilt(file: &str, member: &str, body: &str) -> String {
    let format = serde_json::from_str::<Value>(file).unwrap()["format"].clone();
    format!(
        "{{\"format\":{format},\"sha256\":\"{}\",\"{member}\":{body}}}",
        sha256_hex(body.as_bytes())
    )
}

#[test]
fn a_texts_file_without_a_word_is_refused_even_when_its_digests_agree() {
    // As a file compiled before the word existed would be: consistent, but one word short.
    let f = seed_files();
    let en = texts_of(f, "en");
    let mut body = serde_json::from_str::<Value>(en).unwrap()["texts"].clone();
    assert!(body["words"].as_object_mut().unwrap().remove("vendorPolicy").is_some());
    let short = rebuilt(en, "texts", &body.to_string());
    let old = serde_json::from_str::<Value>(en).unwrap()["sha256"]
        .as_str()
        .unwrap()
        .to_string();
    let new = serde_json::from_str::<Value>(&short).unwrap()["sha256"]
        .as_str()
        .unwrap()
        .to_string();
    let core_body = serde_json::from_str::<Value>(&f.core.json).unwrap()["policy"].to_string();
    assert_eq!(core_body.matches(&old).count(), 1);
    let core = rebuilt(&f.core.json, "policy", &core_body.replace(&old, &new));
    let e = LoadedCompiled::read(&core, &[&short]).unwrap_err();
    assert_eq!(e.code, "compiled.corrupt", "{e:?}");
    assert!(e.message.contains("vendorPolicy"), "{}", e.message);
    // The same rebuilding without the cut reads, so the refusal is the word's.
    let whole = serde_json::from_str::<Value>(en).unwrap()["texts"].to_string();
    let same = rebuilt(en, "texts", &whole);
    let new = serde_json::from_str::<Value>(&same).unwrap()["sha256"]
        .as_str()
        .unwrap()
        .to_string();
    let core = rebuilt(&f.core.json, "policy", &core_body.replace(&old, &new));
    LoadedCompiled::read(&core, &[&same]).unwrap();
}

#[test]
fn each_rule_source_is_written_once_and_a_field_naming_an_unlisted_one_is_refused() {
    let f = seed_files();
    let en = texts_of(f, "en");
    let body = serde_json::from_str::<Value>(&f.core.json).unwrap()["policy"].clone();
    // The sources, once each, in code order; the fields name them by code.
    let codes: Vec<&str> = body["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["code"].as_str().unwrap())
        .collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(codes, sorted);
    assert_eq!(body["jurisdictions"]["AT"]["guardianAge"]["source"], "AT");
    assert_eq!(body["jurisdictions"]["AT"]["consentValidity"]["source"], "EU");
    // What a compile of the full engine's rules says: the law and clause behind each field.
    let loaded = LoadedCompiled::read(&f.core.json, &[en]).unwrap();
    let at = loaded.shared_evaluator().rule_for("AT").unwrap();
    assert_eq!(at.consent_validity.source.code, "EU");
    assert!(at.consent_validity.source.law.contains("GDPR"));
    // A field naming a code `sources` does not list, with the digest redone: refused.
    let mut cut = body.clone();
    cut["sources"].as_array_mut().unwrap().retain(|s| s["code"] != "EU");
    let core = rebuilt(&f.core.json, "policy", &cut.to_string());
    let e = LoadedCompiled::read(&core, &[en]).unwrap_err();
    assert_eq!(e.code, "compiled.corrupt", "{e:?}");
    assert!(e.message.contains("source"), "{}", e.message);
    // The same rebuilding without the cut reads.
    LoadedCompiled::read(&rebuilt(&f.core.json, "policy", &body.to_string()), &[en]).unwrap();
}
