//! The Wasm boundary, run by wasm-bindgen-test in Node and in headless Chromium.
//!
//! The same file serves both: `WASM_BINDGEN_USE_BROWSER=1` picks the browser (see `cargo xtask test`).
#![cfg(target_arch = "wasm32")]

mod repo_support;

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn engine_version_is_the_crate_version() {
    assert_eq!(assent::wasm::engine_version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn engine_version_is_semver() {
    let version = assent::wasm::engine_version();
    let parts: Vec<&str> = version.split('.').collect();
    assert_eq!(parts.len(), 3, "{version}");
    assert!(
        parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())),
        "{version}"
    );
}

mod api {
    use assent::wasm::{is_assent_error, load_policy};
    use js_sys::{Reflect, JSON};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::wasm_bindgen_test;

    const SEED: &str = include_str!("../policies/seed.json");

    fn get(v: &JsValue, path: &[&str]) -> JsValue {
        path.iter().fold(v.clone(), |acc, k| {
            Reflect::get(&acc, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
        })
    }

    fn code(e: &JsValue) -> String {
        assert!(is_assent_error(e.clone()), "not an AssentError");
        get(e, &["code"]).as_string().unwrap_or_default()
    }

    fn ctx(text: &str) -> JsValue {
        JSON::parse(text).unwrap()
    }

    #[wasm_bindgen_test]
    fn loads_the_seed_from_text_and_from_an_object() {
        let p = load_policy(JsValue::from_str(SEED)).unwrap();
        assert_eq!((p.id(), p.version()), ("assent-seed".to_string(), "1.0.0".to_string()));
        let q = load_policy(JSON::parse(SEED).unwrap()).unwrap();
        assert_eq!(q.version(), "1.0.0");
        let purposes = p.purposes().unwrap();
        assert_eq!(js_sys::Array::from(&purposes).length(), 14);
        assert_eq!(
            get(&p.texts(JsValue::from_str("zh")).unwrap(), &["locale"])
                .as_string()
                .as_deref(),
            Some("zh-CN")
        );
        assert_eq!(
            get(&p.to_json().unwrap(), &["id"]).as_string().as_deref(),
            Some("assent-seed")
        );
    }

    /// `birthYears` answers a plain array of numbers, newest first, from the year of `now`.
    #[wasm_bindgen_test]
    fn birth_years_are_numbers_newest_first() {
        let p = load_policy(JsValue::from_str(SEED)).unwrap();
        let years = js_sys::Array::from(&p.birth_years(JsValue::from_str("2026-11-29T12:00:00Z")).unwrap());
        let years: Vec<f64> = years.iter().map(|y| y.as_f64().unwrap()).collect();
        assert_eq!(years.first(), Some(&2026.0));
        assert!(years.len() > 100, "{} years", years.len());
        assert!(years.windows(2).all(|w| w[0] == w[1] + 1.0));
        assert_eq!(
            code(&p.birth_years(JsValue::from_str("yesterday")).unwrap_err()),
            "input.invalid_time"
        );
    }

    /// `toJSON` gives the document as loaded, member for member, whether it came as text or as
    /// an object, so its canonical form is the one receipts hash.
    #[wasm_bindgen_test]
    fn to_json_is_the_document_as_loaded() {
        let as_text = |v: &JsValue| JSON::stringify(v).unwrap().as_string().unwrap();
        let published = JSON::parse(SEED).unwrap();
        for input in [JsValue::from_str(SEED), JSON::parse(SEED).unwrap()] {
            let p = load_policy(input).unwrap();
            assert_eq!(as_text(&p.to_json().unwrap()), as_text(&published));
        }
        // The same document with `id` last: the engine's own writer would put it first.
        let reordered = JSON::parse(SEED).unwrap();
        let id = JsValue::from_str("id");
        let value = Reflect::get(&reordered, &id).unwrap();
        Reflect::delete_property(reordered.unchecked_ref::<js_sys::Object>(), &id).unwrap();
        Reflect::set(&reordered, &id, &value).unwrap();
        let p = load_policy(reordered.clone()).unwrap();
        assert_eq!(as_text(&p.to_json().unwrap()), as_text(&reordered));
        assert_ne!(as_text(&reordered), as_text(&published));
    }

    #[wasm_bindgen_test]
    fn evaluates_a_child_in_china_as_the_core_does() {
        let p = load_policy(JsValue::from_str(SEED)).unwrap();
        let out = p
            .evaluate(
                ctx(r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"CN","age":12}"#),
                None,
            )
            .unwrap();
        assert_eq!(
            get(&out, &["ageBand"]).as_string().as_deref(),
            Some("below_guardian_age")
        );
        assert_eq!(
            get(&out, &["page", "guardianFlow"]).as_string().as_deref(),
            Some("pending_guardian")
        );
        let d = p
            .decide(
                JsValue::from_str("advertising"),
                ctx(r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"CN","age":16}"#),
                None,
            )
            .unwrap();
        assert_eq!(get(&d, &["decision"]).as_string().as_deref(), Some("forbidden"));
    }

    #[wasm_bindgen_test]
    fn a_visitor_context_answers_as_the_policy_does() {
        let p = load_policy(JsValue::from_str(SEED)).unwrap();
        let text = r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"DE","age":30,
            "consents":{"location":{"state":"ConsentGiven","time":"2026-10-01T09:00:00Z","policyVersion":"1.0.0"}}}"#;
        let c = p.context(ctx(text)).unwrap();
        let same = |a: JsValue, b: JsValue| assert_eq!(JSON::stringify(&a).unwrap(), JSON::stringify(&b).unwrap());
        same(c.evaluate(None).unwrap(), p.evaluate(ctx(text), None).unwrap());
        for purpose in ["essential", "location", "advertising"] {
            let id = JsValue::from_str(purpose);
            same(
                c.decide(id.clone(), None).unwrap(),
                p.decide(id, JsValue::from_str(text), None).unwrap(),
            );
        }
        // Without reasons: the same decisions, and every `reasons` empty.
        let bare = JSON::parse(r#"{"reasons":false}"#).unwrap();
        let full = c.evaluate(None).unwrap();
        let lean = c.evaluate(Some(bare.clone())).unwrap();
        let decisions = |v: &JsValue| -> Vec<(String, u32)> {
            js_sys::Array::from(&get(v, &["purposes"]))
                .iter()
                .map(|d| {
                    let reasons = js_sys::Array::from(&get(&d, &["reasons"])).length();
                    (get(&d, &["decision"]).as_string().unwrap_or_default(), reasons)
                })
                .collect()
        };
        let (full, lean) = (decisions(&full), decisions(&lean));
        assert_eq!(full.len(), 14);
        for ((a, n), (b, m)) in full.iter().zip(&lean) {
            assert_eq!((a, *m), (b, 0));
            assert!(*n > 0);
        }
        let d = c.decide(JsValue::from_str("location"), Some(bare)).unwrap();
        assert_eq!(js_sys::Array::from(&get(&d, &["reasons"])).length(), 0);
        // A context is checked when it is read; options are checked when given.
        let bad = ctx(r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"Germany"}"#);
        assert_eq!(code(&p.context(bad).err().unwrap()), "context.invalid_jurisdiction");
        assert_eq!(code(&c.decide(JsValue::from_f64(1.0), None).unwrap_err()), "input.type");
        assert_eq!(
            code(&c.decide(JsValue::from_str("nope"), None).unwrap_err()),
            "context.unknown_purpose"
        );
        assert_eq!(
            code(&c.evaluate(Some(JsValue::from_str("x"))).unwrap_err()),
            "input.type"
        );
        let wrong = JSON::parse(r#"{"reasons":"no"}"#).unwrap();
        assert_eq!(code(&c.evaluate(Some(wrong)).unwrap_err()), "input.type");
        assert!(c.evaluate(Some(JsValue::UNDEFINED)).is_ok());
    }

    #[wasm_bindgen_test]
    fn a_repeated_context_answers_as_a_fresh_policy_does() {
        // The policy keeps the context it read last; alternating contexts, repeating one, and a
        // bad one in between must all answer exactly as a policy that never saw the others.
        let p = load_policy(JsValue::from_str(SEED)).unwrap();
        let adult = r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"DE","age":30,
            "consents":{"location":{"state":"ConsentGiven","time":"2026-10-01T09:00:00Z","policyVersion":"1.0.0"}}}"#;
        let child = r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"CN","age":12}"#;
        let later = r#"{"now":"2027-11-29T12:00:00Z","jurisdiction":"DE","age":30,
            "consents":{"location":{"state":"ConsentGiven","time":"2026-10-01T09:00:00Z","policyVersion":"1.0.0"}}}"#;
        let bad = r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"Germany"}"#;
        let text = |v: JsValue| JSON::stringify(&v).unwrap().as_string().unwrap();
        let fresh = |context: &str, purpose: Option<&str>| {
            let q = load_policy(JsValue::from_str(SEED)).unwrap();
            match purpose {
                Some(id) => text(q.decide(JsValue::from_str(id), ctx(context), None).unwrap()),
                None => text(q.evaluate(ctx(context), None).unwrap()),
            }
        };
        let mut answers = std::collections::BTreeSet::new();
        for context in [adult, adult, child, adult, later, later, child, bad, adult] {
            if context == bad {
                assert_eq!(
                    code(&p.decide(JsValue::from_str("location"), ctx(bad), None).unwrap_err()),
                    "context.invalid_jurisdiction"
                );
                assert_eq!(
                    code(&p.evaluate(ctx(bad), None).unwrap_err()),
                    "context.invalid_jurisdiction"
                );
                continue;
            }
            for purpose in [Some("location"), Some("advertising"), None] {
                let got = match purpose {
                    Some(id) => text(p.decide(JsValue::from_str(id), ctx(context), None).unwrap()),
                    None => text(p.evaluate(JsValue::from_str(context), None).unwrap()),
                };
                assert_eq!(got, fresh(context, purpose), "{context} {purpose:?}");
                if purpose.is_none() {
                    answers.insert(got);
                }
            }
        }
        // The three contexts are told apart: each has its own evaluation.
        assert_eq!(answers.len(), 3);
    }

    #[wasm_bindgen_test]
    fn every_bad_input_is_an_assent_error_not_a_trap() {
        let p = load_policy(JsValue::from_str(SEED)).unwrap();
        let ok = ctx(r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"DE"}"#);
        // loadPolicy
        assert_eq!(code(&load_policy(JsValue::UNDEFINED).err().unwrap()), "input.missing");
        assert_eq!(code(&load_policy(JsValue::from_f64(5.0)).err().unwrap()), "schema.type");
        assert_eq!(code(&load_policy(JsValue::from_str("{")).err().unwrap()), "json.eof");
        assert_eq!(
            code(&load_policy(JsValue::from_str("{\"id\":1}")).err().unwrap()),
            "schema.type"
        );
        assert_eq!(
            code(&load_policy(js_sys::BigInt::from(1u32).into()).err().unwrap()),
            "input.not_json"
        );
        let broken = SEED.replacen("\"legalBasis\": \"contract\"", "\"legalBasis\": \"consent\"", 1);
        let e = load_policy(JsValue::from_str(&broken)).err().unwrap();
        assert_eq!(code(&e), "policy.essential_with_consent");
        assert!(get(&e, &["line"]).as_f64().unwrap_or(0.0) > 0.0);
        assert!(get(&e, &["hint"]).as_string().is_some());
        // evaluate
        assert_eq!(
            code(&p.evaluate(JsValue::UNDEFINED, None).unwrap_err()),
            "input.missing"
        );
        assert_eq!(
            code(&p.evaluate(JsValue::from_str("not json"), None).unwrap_err()),
            "json.syntax"
        );
        assert_eq!(code(&p.evaluate(JsValue::TRUE, None).unwrap_err()), "schema.type");
        assert_eq!(
            code(&p.evaluate(ctx(r#"{"jurisdiction":"DE"}"#), None).unwrap_err()),
            "schema.missing_field"
        );
        assert_eq!(
            code(
                &p.evaluate(ctx(r#"{"now":"soon","jurisdiction":"DE"}"#), None)
                    .unwrap_err()
            ),
            "context.invalid_time"
        );
        // decide
        assert_eq!(
            code(&p.decide(JsValue::from_f64(3.0), ok.clone(), None).unwrap_err()),
            "input.type"
        );
        assert_eq!(
            code(&p.decide(JsValue::from_str("advertsing"), ok.clone(), None).unwrap_err()),
            "context.unknown_purpose"
        );
        assert_eq!(
            code(&p.decide(JsValue::from_str("search"), JsValue::NULL, None).unwrap_err()),
            "schema.type"
        );
        // texts
        assert_eq!(code(&p.texts(JsValue::from_f64(1.0)).unwrap_err()), "input.type");
        assert!(!is_assent_error(JsValue::from_str("AssentError")));
        assert!(!is_assent_error(js_sys::Error::new("x").into()));
    }
}

/// The module's allocator (lol_alloc's free list) in the real runtimes.
mod heap {
    use assent::wasm::load_policy;
    use core::arch::wasm32::memory_size;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::wasm_bindgen_test;

    const SEED: &str = include_str!("../policies/seed.json");

    fn load_and_evaluate() -> usize {
        let p = load_policy(JsValue::from_str(SEED)).unwrap();
        let context = js_sys::JSON::parse(r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"DE","age":30}"#).unwrap();
        let out = p.evaluate(context, None).unwrap();
        js_sys::Reflect::own_keys(&out).unwrap().length() as usize
    }

    /// Each round allocates and frees the same blocks, so the free lists serve every round after
    /// the first and linear memory stops growing: nothing leaks.
    #[wasm_bindgen_test]
    fn the_same_work_again_takes_no_more_memory() {
        let members = load_and_evaluate();
        assert!(members > 3, "evaluate answered {members} members");
        let pages = memory_size(0);
        for _ in 0..300 {
            assert_eq!(load_and_evaluate(), members);
        }
        assert_eq!(memory_size(0), pages, "memory grew from {pages} pages");
    }

    /// Pages that something else grows memory by (here the test itself, through `memory.grow`)
    /// are not handed out: blocks cut afterwards come from pages the allocator grew itself.
    #[wasm_bindgen_test]
    fn pages_grown_by_others_are_left_alone() {
        let old = core::arch::wasm32::memory_grow(0, 2);
        assert_ne!(old, usize::MAX);
        let theirs = old * 65_536..(old + 2) * 65_536;
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        let bytes = || js_sys::Uint8Array::new(&memory.buffer());
        bytes().fill(0x5A, theirs.start as u32, theirs.end as u32);
        // Small blocks until the heap has grown memory itself, so some were cut after the
        // foreign pages (bounded: 64 MiB at most).
        let mut blocks: Vec<Vec<u8>> = Vec::new();
        while memory_size(0) < old + 3 && blocks.len() < 65_536 {
            blocks.push(vec![0xA5; 1_000]);
        }
        blocks.extend((0..64).map(|_| vec![0xA5; 1_000]));
        assert!(memory_size(0) >= old + 3, "the heap did not grow memory");
        let view = bytes();
        for i in theirs.clone().step_by(997) {
            assert_eq!(view.get_index(i as u32), 0x5A, "byte {i} of the foreign pages changed");
        }
        assert!(blocks.iter().all(|b| b.iter().all(|x| *x == 0xA5)));
    }

    /// Blocks of many sizes at once keep their bytes, through growth and reallocation.
    #[wasm_bindgen_test]
    fn blocks_of_every_size_keep_their_bytes() {
        let mut blocks: Vec<Vec<u8>> = (0..400u32)
            .map(|i| {
                let len = (i as usize * 7919) % (1 << (i % 18));
                vec![i as u8; len]
            })
            .collect();
        for (i, block) in blocks.iter_mut().enumerate().filter(|(i, _)| i % 3 == 0) {
            block.extend(std::iter::repeat_n(i as u8, 5_000));
            block.shrink_to_fit();
        }
        blocks.retain(|b| b.len() % 2 == 0);
        let big = vec![0xA5u8; 3 << 20];
        for (i, block) in blocks.iter().enumerate() {
            assert!(
                block.iter().all(|b| *b == block[0]),
                "block {i} of {} bytes changed",
                block.len()
            );
        }
        assert!(big.iter().all(|b| *b == 0xA5));
    }
}

/// A compiled policy loaded through the boundary (`loadCompiled`) answers as the policy it was
/// compiled from (`loadPolicy`): every golden case, and generated contexts, in Node and in
/// headless Chromium.
#[cfg(feature = "compiled")]
mod compiled {
    use assent::wasm::{is_assent_error, load_compiled, load_policy, WasmCompiledPolicy, WasmPolicy};
    use js_sys::{Array, Reflect, JSON};
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::wasm_bindgen_test;

    const POLICIES: &[(&str, &str)] = &[
        ("policies/seed.json", include_str!("../policies/seed.json")),
        (
            "policies/versions/seed-1.1.0.json",
            include_str!("../policies/versions/seed-1.1.0.json"),
        ),
        (
            "policies/versions/seed-2.0.0-contact.json",
            include_str!("../policies/versions/seed-2.0.0-contact.json"),
        ),
        (
            "policies/releases/1.1.1.json",
            include_str!("../policies/releases/1.1.1.json"),
        ),
        (
            "policies/releases/2.0.0.json",
            include_str!("../policies/releases/2.0.0.json"),
        ),
    ];

    /// How many generated contexts each of the four generated-context tests compares: a quarter
    /// of `ASSENT_COMPILED_CASES` at build time (10,000 by default).
    fn quarter() -> u64 {
        option_env!("ASSENT_COMPILED_CASES")
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or(10_000)
            .div_ceil(4)
    }

    /// A policy loaded in full and compiled, both through the boundary.
    fn both(text: &str) -> (WasmPolicy, WasmCompiledPolicy) {
        let files = assent::api::compile(text).unwrap();
        let texts = Array::new();
        for t in &files.texts {
            texts.push(&JsValue::from_str(&t.json));
        }
        (
            load_policy(JsValue::from_str(text)).unwrap(),
            load_compiled(JsValue::from_str(&files.core.json), texts.into()).unwrap(),
        )
    }

    fn stringify(v: &JsValue) -> String {
        JSON::stringify(v).unwrap().as_string().unwrap()
    }

    /// The answers (or the errors' codes) of both for one context, as JSON text.
    fn answers(full: &WasmPolicy, compiled: &WasmCompiledPolicy, ctx: &str) -> (String, String) {
        let show = |r: Result<JsValue, JsValue>| match r {
            Ok(v) => stringify(&v),
            Err(e) => {
                assert!(is_assent_error(e.clone()));
                format!("error {}", stringify(&Reflect::get(&e, &"code".into()).unwrap()))
            }
        };
        (
            show(full.evaluate(JsValue::from_str(ctx), None)),
            show(compiled.evaluate(JsValue::from_str(ctx), None)),
        )
    }

    #[wasm_bindgen_test]
    fn every_golden_case_answers_the_same_compiled() {
        let cases: serde_json::Value = serde_json::from_str(include_str!("golden/eval.json")).unwrap();
        let loaded: Vec<_> = POLICIES.iter().map(|(name, text)| (*name, both(text))).collect();
        let mut n = 0;
        for case in cases.as_array().unwrap() {
            let policy = case["policy"].as_str().unwrap();
            let (_, (full, compiled)) = loaded.iter().find(|(name, _)| *name == policy).unwrap();
            let ctx = case["context"].to_string();
            let (a, b) = answers(full, compiled, &ctx);
            assert_eq!(a, b, "{}", case["name"]);
            assert!(!a.starts_with("error"), "{}", case["name"]);
            n += 1;
        }
        assert!(n >= 60);
    }

    /// A small deterministic generator (proptest does not build for wasm32).
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % n
        }

        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            from[self.below(from.len() as u64) as usize]
        }
    }

    const JURISDICTIONS: &[&str] = &[
        "CN", "cn", "DE", "FR", "EU", "US", "US-CA", "US-TX", "GB", "KR", "BR", "JP", "ZZ",
    ];
    const STATES: &[&str] = &[
        "ConsentGiven",
        "RenewedConsentGiven",
        "ConsentRefused",
        "ConsentWithdrawn",
        "ConsentRevoked",
        "ConsentExpired",
        "ConsentRequested",
        "ConsentUnknown",
    ];
    const VERSIONS: &[&str] = &["1.0.0", "1.1.0", "1.1.1", "2.0.0", "0.9.0", "3.0.0"];
    const LOCALES: &[&str] = &["en", "zh-CN", "zh", "fr"];
    const BANDS: &[&str] = &["unknown", "below_guardian_age", "minor", "adult"];
    const NOW: i64 = 1_795_953_600;

    fn context(g: &mut Lcg) -> String {
        let time = |t: i64| assent::time::Timestamp(t).to_string();
        let mut ctx = serde_json::json!({
            "now": time(NOW + (g.below(800) as i64 - 400) * 86_400),
            "jurisdiction": g.pick(JURISDICTIONS),
            "gpc": g.below(2) == 1,
        });
        if g.below(7) != 0 {
            ctx["age"] = g.below(40).into();
        }
        if g.below(5) == 0 {
            ctx["ageBand"] = g.pick(BANDS).into();
        }
        if g.below(2) == 0 {
            ctx["seenPolicyVersion"] = g.pick(VERSIONS).into();
        }
        if g.below(2) == 0 {
            ctx["locale"] = g.pick(LOCALES).into();
        }
        let mut consents = serde_json::Map::new();
        for _ in 0..g.below(10) {
            consents.insert(
                g.pick(crate::repo_support::SEED_PURPOSES).into(),
                serde_json::json!({
                    "state": g.pick(STATES),
                    "time": time(NOW - (g.below(910) as i64 - 10) * 86_400),
                    "policyVersion": g.pick(VERSIONS),
                    "by": if g.below(2) == 0 { "self" } else { "guardian" },
                    "separate": g.below(2) == 0,
                    "joint": g.below(2) == 0,
                }),
            );
        }
        ctx["consents"] = consents.into();
        ctx.to_string()
    }

    /// Compares both on a quarter of the generated contexts, from `seed`.
    fn generated(seed: u64) {
        let loaded: Vec<_> = POLICIES.iter().map(|(_, text)| both(text)).collect();
        let mut g = Lcg(seed);
        let mut answered = 0;
        for i in 0..quarter() {
            let (full, compiled) = &loaded[g.below(loaded.len() as u64) as usize];
            let ctx = context(&mut g);
            let (a, b) = answers(full, compiled, &ctx);
            assert_eq!(a, b, "case {i}: {ctx}");
            answered += usize::from(!a.starts_with("error"));
        }
        // Most contexts are answered rather than refused (an unknown purpose or jurisdiction).
        assert!(answered as u64 > quarter() / 2, "{answered}");
    }

    #[wasm_bindgen_test]
    fn generated_contexts_answer_the_same_compiled_1() {
        generated(1);
    }

    #[wasm_bindgen_test]
    fn generated_contexts_answer_the_same_compiled_2() {
        generated(2);
    }

    #[wasm_bindgen_test]
    fn generated_contexts_answer_the_same_compiled_3() {
        generated(3);
    }

    #[wasm_bindgen_test]
    fn generated_contexts_answer_the_same_compiled_4() {
        generated(4);
    }

    #[wasm_bindgen_test]
    fn a_damaged_file_is_an_assent_error_not_a_trap() {
        let files = assent::api::compile(POLICIES[0].1).unwrap();
        let en = JsValue::from_str(&files.texts[0].json);
        let core = &files.core.json;
        for (bad, code) in [
            (
                core.replace("assent-compiled/4", "assent-compiled/5"),
                "compiled.format",
            ),
            (core[..core.len() / 2].to_string(), "compiled.truncated"),
            (
                core.replacen("\"separate\":true", "\"separate\":false", 1),
                "compiled.corrupt",
            ),
        ] {
            let e = load_compiled(JsValue::from_str(&bad), en.clone()).err().unwrap();
            assert!(is_assent_error(e.clone()));
            assert_eq!(
                Reflect::get(&e, &"code".into()).unwrap().as_string().as_deref(),
                Some(code)
            );
        }
        let e = load_compiled(JsValue::from_str(core), Array::new().into())
            .err()
            .unwrap();
        assert_eq!(
            Reflect::get(&e, &"code".into()).unwrap().as_string().as_deref(),
            Some("compiled.missing_locale")
        );
        // A page that read one locale's texts answers texts() in it and refuses another.
        let p = load_compiled(JsValue::from_str(core), en).unwrap();
        assert_eq!(
            p.source()
                .map(|s| stringify(&Reflect::get(&s, &"id".into()).unwrap()))
                .unwrap(),
            "\"assent-seed\""
        );
        assert!(p.texts(JsValue::from_str("en")).is_ok());
        let e = p.texts(JsValue::from_str("zh-CN")).err().unwrap();
        assert_eq!(
            Reflect::get(&e, &"code".into()).unwrap().as_string().as_deref(),
            Some("compiled.missing_locale")
        );
    }
}
