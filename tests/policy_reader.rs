//! The crate's own reader (`json::read_str`, a member list for each type) against serde's derive
//! for the same types (`json::from_str`), which the types keep as this oracle: on every policy in
//! the repository, every golden context, receipts as the edge writes them, the parts of compiled
//! policies and the documents a banner page reads (its configuration, what it stores in the
//! browser, what the edge and its other modules answer it), and on random damage to them (a
//! member removed, added, repeated or given a value of another type, the text cut short), both
//! must give the same value or the same error: kind, message, byte offset and JSON path.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod receipt_support;
mod repo_support;

use assent::banner::adtech::{AdStrings, VendorRow};
use assent::banner::config::Config;
use assent::banner::session::VerifiedStore;
use assent::banner::words::Words;
use assent::compiled::{ClauseLink, CompiledPurpose, CompiledVersion, SourcePolicy};
use assent::eval::jurisdiction::{ResolvedRule, Source};
use assent::eval::messages::Messages;
use assent::eval::{Consent, Context};
use assent::guardian::AgeLock;
use assent::json;
use assent::policy::{Entries, LocalizedTexts, Policy, SortedMap};
use assent::receipt::{Receipt, ReceiptActor};
use proptest::prelude::*;
use repo_support::root;
use serde_json::{json, Value};

fn seed_value() -> Value {
    repo_support::json("policies/seed.json")
}

/// Both readers on one text: the same policy, or the same error in every detail.
fn same(text: &str) -> Result<(), TestCaseError> {
    same_as::<Policy>(text)
}

/// Both readers on one text, for any type that has both.
fn same_as<T>(text: &str) -> Result<(), TestCaseError>
where
    T: json::FromJson + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let ours = json::read_str::<T>(text);
    let serde = json::from_str::<T>(text);
    match (&ours, &serde) {
        (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
        (Err(a), Err(b)) => {
            prop_assert_eq!(a.kind(), b.kind(), "{}", text);
            prop_assert_eq!(a.message(), b.message());
            prop_assert_eq!(a.offset(), b.offset(), "{}", a.message());
            prop_assert_eq!(a.path(), b.path(), "{}", a.message());
        }
        _ => prop_assert!(
            false,
            "ours {:?}, serde {:?}",
            ours.as_ref().err(),
            serde.as_ref().err()
        ),
    }
    Ok(())
}

#[test]
fn every_policy_in_the_repository_reads_the_same() {
    let mut files = vec![root().join("policies/seed.json")];
    for dir in ["policies/versions", "policies/releases", "tests/golden/diff"] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "json") {
                files.push(p);
            }
        }
    }
    let mut read = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        if json::from_str::<Policy>(&text).is_ok() {
            read += 1;
        }
        same(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
    }
    assert!(
        files.len() >= 10 && read >= 10,
        "{} files, {read} policies",
        files.len()
    );
}

/// Every object and array in a value, by JSON Pointer.
fn containers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            out.push(at.clone());
            for (k, x) in m {
                containers(x, format!("{at}/{k}"), out);
            }
        }
        Value::Array(a) => {
            out.push(at.clone());
            for (i, x) in a.iter().enumerate() {
                containers(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// A replacement value of each JSON type, including the edges the readers refuse differently:
/// a float, a negative number, a number too big for a byte, a string no enum has.
const VALUES: &[&str] = &[
    "null",
    "true",
    "0",
    "7",
    "300",
    "-1",
    "1.5",
    "2e3",
    "\"bogus\"",
    "\"normal\"",
    "\"\"",
    "[]",
    "[1]",
    "[\"x\"]",
    "{}",
    "{\"en\":\"x\"}",
    "{\"en\":1}",
    "18446744073709551616",
];

#[derive(Debug, Clone)]
enum Damage {
    /// Removes the n-th member of the object.
    Remove(usize),
    /// Replaces the n-th member's or element's value.
    Replace(usize, usize),
    /// Adds a member that no type has.
    Add,
    /// Writes the n-th member twice.
    Repeat(usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (0usize..40).prop_map(Damage::Remove),
        (0usize..40, 0..VALUES.len()).prop_map(|(i, v)| Damage::Replace(i, v)),
        Just(Damage::Add),
        (0usize..40).prop_map(Damage::Repeat),
    ]
}

/// The seed policy with `damage` done to the container at `pointer`, as JSON text.
fn damaged(pointer: &str, damage: &Damage) -> String {
    damaged_doc(seed_value(), pointer, damage)
}

/// `doc` with `damage` done to the container at `pointer`, as JSON text.
fn damaged_doc(mut doc: Value, pointer: &str, damage: &Damage) -> String {
    let mut repeat = None;
    let target = doc.pointer_mut(pointer).unwrap();
    match (target, damage) {
        (Value::Object(m), Damage::Remove(n)) if !m.is_empty() => {
            let key = m.keys().nth(n % m.len()).unwrap().clone();
            m.remove(&key);
        }
        (Value::Object(m), Damage::Replace(n, v)) if !m.is_empty() => {
            let key = m.keys().nth(n % m.len()).unwrap().clone();
            m.insert(key, serde_json::from_str(VALUES[*v]).unwrap());
        }
        (Value::Array(a), Damage::Replace(n, v)) if !a.is_empty() => {
            let len = a.len();
            a[n % len] = serde_json::from_str(VALUES[*v]).unwrap();
        }
        (Value::Array(a), Damage::Remove(n)) if !a.is_empty() => {
            let len = a.len();
            a.remove(n % len);
        }
        (Value::Object(m), Damage::Add) => {
            m.insert("unexpectedMember".into(), Value::Bool(true));
        }
        (Value::Object(m), Damage::Repeat(n)) if !m.is_empty() => {
            let key = m.keys().nth(n % m.len()).unwrap().clone();
            repeat = Some((key.clone(), m[&key].clone()));
            // A marker member, replaced below by the repeated one: serde_json's maps cannot
            // hold a key twice.
            m.insert("\u{1}repeat".into(), Value::Null);
        }
        _ => {}
    }
    let text = serde_json::to_string_pretty(&doc).unwrap();
    match repeat {
        Some((key, value)) => text.replace(
            "\"\\u0001repeat\": null",
            &format!("{}: {}", serde_json::to_string(&key).unwrap(), value),
        ),
        None => text,
    }
}

/// One of `docs`, with `damage` done to one of its objects or arrays, as JSON text.
fn damage_one(docs: Vec<Value>, which: prop::sample::Index, inner: prop::sample::Index, damage: &Damage) -> String {
    let doc = which.get(&docs).clone();
    let mut places = Vec::new();
    containers(&doc, String::new(), &mut places);
    let pointer = inner.get(&places).clone();
    damaged_doc(doc, &pointer, damage)
}

fn pointers() -> Vec<String> {
    let mut out = Vec::new();
    containers(&seed_value(), String::new(), &mut out);
    out
}

/// The contexts of the golden corpus, and the ones it expects to be refused.
fn contexts() -> Vec<Value> {
    let mut out: Vec<Value> = repo_support::json("tests/golden/eval.json")
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["context"].clone())
        .collect();
    for c in repo_support::json("tests/golden/bad-context.json").as_array().unwrap() {
        if let Some(ctx) = c.get("context") {
            out.push(ctx.clone());
        }
    }
    out
}

/// Receipts as the edge writes them: a person's choice, a guardian's with every actor field, and
/// one chained to a previous receipt.
fn receipts() -> Vec<Value> {
    let mut guardian = receipt_support::receipt();
    guardian.actor = ReceiptActor {
        relationship: Some(assent::receipt::GuardianRelationship::LegalGuardian),
        verification: Some(assent::policy::VerificationMethod::SmsCode),
        joint: true,
        ..ReceiptActor::default()
    };
    guardian.age_band = Some(assent::eval::AgeBand::BelowGuardianAge);
    let mut chained = receipt_support::receipt();
    chained.prev = Some("x".repeat(43));
    [receipt_support::receipt(), guardian, chained]
        .iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .collect()
}

#[test]
fn receipts_read_the_same() {
    for r in receipts() {
        same_as::<Receipt>(&serde_json::to_string(&r).unwrap()).unwrap();
        let ours: Receipt = json::read_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(serde_json::to_value(&ours).unwrap(), r);
    }
    // `prev` may be absent, as serde reads an Option.
    let mut r = receipts().remove(0);
    r.as_object_mut().unwrap().remove("prev");
    same_as::<Receipt>(&r.to_string()).unwrap();
}

#[test]
fn every_golden_context_reads_the_same() {
    let all = contexts();
    assert!(all.len() >= 60, "{} contexts", all.len());
    for c in &all {
        same_as::<Context>(&serde_json::to_string(c).unwrap()).unwrap();
    }
}

/// A document and the check of both readers on its text, for the type it is.
type Check = fn(&str) -> Result<(), TestCaseError>;

/// The body of a compiled file (`{"format", "sha256", <member>: body}`).
fn body(file: &str, member: &str) -> Value {
    let v: Value = serde_json::from_str(file).unwrap();
    v[member].clone()
}

/// Every part of the compiled files of the seed policy and of a release with history, each with
/// the check for its type: what a page's module reads with `FromJson` from the core file and the
/// texts files (the bodies themselves are checked in `src/compiled/file.rs`).
fn compiled_parts() -> &'static [(Value, Check)] {
    static PARTS: std::sync::OnceLock<Vec<(Value, Check)>> = std::sync::OnceLock::new();
    PARTS.get_or_init(compile_parts)
}

fn compile_parts() -> Vec<(Value, Check)> {
    let mut out: Vec<(Value, Check)> = Vec::new();
    for policy in ["policies/seed.json", "policies/releases/2.0.0.json"] {
        let text = std::fs::read_to_string(root().join(policy)).unwrap();
        let files = assent::api::compile(&text).unwrap();
        let core = body(&files.core.json, "policy");
        out.push((core["source"].clone(), same_as::<SourcePolicy>));
        for p in core["purposes"].as_array().unwrap() {
            out.push((p.clone(), same_as::<CompiledPurpose>));
        }
        for h in core["history"].as_array().into_iter().flatten() {
            out.push((h.clone(), same_as::<CompiledVersion>));
        }
        out.push((core["sources"].clone(), same_as::<Vec<Source>>));
        for r in core["jurisdictions"].as_object().unwrap().values() {
            out.push((r.clone(), same_as::<ResolvedRule<String>>));
        }
        out.push((
            core["jurisdictions"].clone(),
            same_as::<SortedMap<ResolvedRule<String>>>,
        ));
        out.push((core["texts"].clone(), same_as::<SortedMap<String>>));
        for t in files.texts.iter().take(2) {
            let texts = body(&t.json, "texts");
            out.push((texts["texts"].clone(), same_as::<LocalizedTexts>));
            out.push((texts["notices"].clone(), same_as::<Entries<String>>));
            out.push((texts["clauses"].clone(), same_as::<Entries<ClauseLink>>));
            out.push((texts["words"].clone(), same_as::<Words>));
            out.push((texts["messages"].clone(), same_as::<Messages>));
        }
    }
    out
}

#[test]
fn every_part_of_a_compiled_policy_reads_the_same() {
    let parts = compiled_parts();
    assert!(parts.len() >= 40, "{} parts", parts.len());
    for (v, check) in parts {
        check(&serde_json::to_string(v).unwrap()).unwrap();
    }
}

/// The documents a banner page reads, each with every member it may have: its configuration,
/// what it keeps in the browser (choices, the age lock, receipts, vendor choices), and what the
/// receipts module and the ad-tech module answer it.
fn banner_documents() -> Vec<(Value, Check)> {
    let consent = json!({
        "state": "ConsentGiven",
        "time": "2026-01-02T03:04:05Z",
        "policyVersion": "1.0.0",
        "by": "guardian",
        "separate": true,
        "joint": false
    });
    vec![
        (
            json!({
                "policy": "/v1/policy/compiled/core.json",
                "edge": "https://consent.example",
                "jurisdiction": "DE",
                "development": true,
                "consentMode": {"enabled": false, "regions": ["DE", "FR"], "waitForUpdate": 500},
                "tcf": {
                    "cmpId": 300,
                    "cmpVersion": 2,
                    "vendorListVersion": 80,
                    "policyVersion": 5,
                    "publisherCc": "DE",
                    "vendorList": "/gvl.json"
                },
                "words": {"de": {"acceptAll": "Alle annehmen"}, "en": {"rejectAll": "No"}},
                "layout": "bar",
                "theme": "dark"
            }),
            same_as::<Config>,
        ),
        (
            json!({"policy": "/p", "layout": "box", "theme": "auto"}),
            same_as::<Config>,
        ),
        (
            json!({"band": "minor", "jurisdiction": "DE", "lockedAt": "2026-01-02T03:04:05Z", "conflicts": 2}),
            same_as::<AgeLock>,
        ),
        (
            json!({"analytics-cookies": consent, "marketing": consent}),
            same_as::<SortedMap<Consent>>,
        ),
        (
            json!({"analytics-cookies": true, "marketing": false}),
            same_as::<SortedMap<bool>>,
        ),
        (json!({"1": true, "755": false}), same_as::<SortedMap<bool>>),
        (json!(["a.b.c", "d.e.f"]), same_as::<Vec<String>>),
        (
            json!({
                "consents": {"marketing": consent},
                "kept": ["a.b.c"],
                "rejected": 1,
                "superseded": 2,
                "subject": "s-1"
            }),
            same_as::<VerifiedStore>,
        ),
        (
            json!([{
                "id": 755,
                "name": "A vendor",
                "consent": ["Store and/or access information on a device"],
                "legitimateInterest": ["Measure content performance"],
                "specialFeatures": [],
                "retentionDays": 30,
                "policyUrl": "https://vendor.example/privacy",
                "unknownToTheBanner": {"kept": false}
            }]),
            same_as::<Vec<VendorRow>>,
        ),
        (
            json!({"tcString": "CQ", "gppString": "DBAA", "other": [1, 2]}),
            same_as::<AdStrings>,
        ),
    ]
}

#[test]
fn every_banner_document_reads_the_same() {
    for (v, check) in banner_documents() {
        check(&serde_json::to_string(&v).unwrap()).unwrap();
    }
    // A layout or theme that is none is refused by its conversion, with the conversion's words.
    let e = json::read_str::<Config>(r#"{"policy": "/p", "layout": "sidebar"}"#).unwrap_err();
    assert_eq!(e.message(), "`sidebar` is not a layout: use one of bar, box, modal");
    assert_eq!(e.path(), "$.layout");
    same_as::<Config>(r#"{"policy": "/p", "theme": "neon"}"#).unwrap();
    // Unknown members of the answers the banner reads only in part are skipped, as serde does;
    // a repeated one is still refused, and one that is not JSON is still a syntax error.
    same_as::<AdStrings>(r#"{"tcString": null, "x": 1, "x": 2}"#).unwrap();
    same_as::<AdStrings>(r#"{"tcString": null, "tcString": null}"#).unwrap();
    same_as::<AdStrings>(r#"{"x": [1, }"#).unwrap();
    same_as::<Entries<(String, String)>>(r#"{"a": ["x", "y"], "b": ["x"], "c": ["x", "y", "z"]}"#).unwrap();
    for pair in [
        r#"["x"]"#,
        r#"["x", "y", "z"]"#,
        r#"[]"#,
        r#"["x", 1]"#,
        r#"{}"#,
        r#"["x", "y""#,
    ] {
        same_as::<(String, String)>(pair).unwrap();
    }
    for n in [
        "-1",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "1.0",
    ] {
        same_as::<i64>(n).unwrap();
        same_as::<u32>(n).unwrap();
        same_as::<usize>(n).unwrap();
    }
}

/// One of `docs` (with its check), with `damage` done to one of its objects or arrays.
fn damage_checked(
    docs: &[(Value, Check)],
    which: prop::sample::Index,
    inner: prop::sample::Index,
    damage: &Damage,
) -> Result<(), TestCaseError> {
    let (doc, check) = which.get(docs).clone();
    let mut places = Vec::new();
    containers(&doc, String::new(), &mut places);
    let pointer = inner.get(&places).clone();
    check(&damaged_doc(doc, &pointer, damage))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn damaged_compiled_parts_fail_the_same_way(
        which in any::<prop::sample::Index>(),
        inner in any::<prop::sample::Index>(),
        damage in damage(),
    ) {
        damage_checked(compiled_parts(), which, inner, &damage)?;
    }

    #[test]
    fn damaged_banner_documents_fail_the_same_way(
        which in any::<prop::sample::Index>(),
        inner in any::<prop::sample::Index>(),
        damage in damage(),
    ) {
        damage_checked(&banner_documents(), which, inner, &damage)?;
    }

    #[test]
    fn damaged_receipts_fail_the_same_way(
        which in any::<prop::sample::Index>(),
        inner in any::<prop::sample::Index>(),
        damage in damage(),
    ) {
        same_as::<Receipt>(&damage_one(receipts(), which, inner, &damage))?;
    }

    #[test]
    fn damaged_contexts_fail_the_same_way(
        which in any::<prop::sample::Index>(),
        inner in any::<prop::sample::Index>(),
        damage in damage(),
    ) {
        same_as::<Context>(&damage_one(contexts(), which, inner, &damage))?;
    }

    #[test]
    fn damaged_policies_fail_the_same_way(which in any::<prop::sample::Index>(), damage in damage()) {
        let all = pointers();
        let pointer = which.get(&all);
        same(&damaged(pointer, &damage))?;
    }

    #[test]
    fn cut_policies_fail_the_same_way(at in any::<prop::sample::Index>()) {
        let text = serde_json::to_string_pretty(&seed_value()).unwrap();
        let cut = at.index(text.len());
        if let Some(prefix) = text.get(..cut) {
            same(prefix)?;
        }
    }
}

#[test]
fn the_damage_reaches_every_kind_of_error() {
    // The generator above is only worth something if the readers disagree when they can: check
    // that damage of each sort produces the errors it should, through the new reader.
    use assent::json::ErrorKind;
    let seed = seed_value();
    let index = |pointer: &str, key: &str| {
        seed.pointer(pointer)
            .unwrap()
            .as_object()
            .unwrap()
            .keys()
            .position(|k| k == key)
            .unwrap()
    };
    let kinds: Vec<ErrorKind> = [
        ("", Damage::Remove(index("", "version"))),
        ("", Damage::Add),
        ("", Damage::Repeat(index("", "id"))),
        ("/purposes/0", Damage::Replace(index("/purposes/0", "kind"), 8)),
        ("/purposes/0", Damage::Replace(index("/purposes/0", "id"), 2)),
    ]
    .iter()
    .map(|(p, d)| json::read_str::<Policy>(&damaged(p, d)).unwrap_err().kind().clone())
    .collect();
    assert!(matches!(kinds[0], ErrorKind::MissingField(_)), "{kinds:?}");
    assert!(matches!(kinds[1], ErrorKind::UnknownField { .. }), "{kinds:?}");
    assert!(matches!(kinds[2], ErrorKind::Invalid), "{kinds:?}");
    assert!(matches!(kinds[3], ErrorKind::UnknownVariant { .. }), "{kinds:?}");
    assert!(matches!(kinds[4], ErrorKind::Type { object: false }), "{kinds:?}");
}
