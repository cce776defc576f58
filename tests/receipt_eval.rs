//! `assent eval --receipts DIR --jwks J`: consents come only from receipts that verify, and the
//! evaluator decides from them exactly as it does from the equivalent `consents`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_assent"))
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("assent-receipt-eval-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = bin().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/seed.json");
const NOW: &str = "2026-11-29T12:00:00Z";

fn sign(dir: &Path, key: &Path, name: &str, choice: &Value, now: &str) -> String {
    let file = dir.join(format!("{name}.choice.json"));
    std::fs::write(&file, choice.to_string()).unwrap();
    let (code, out, err) = run(&[
        "receipt",
        "sign",
        "--key",
        p(key),
        p(&file),
        "--policy",
        SEED,
        "--now",
        now,
    ]);
    assert_eq!(code, 0, "{err}");
    out.trim().to_string()
}

#[test]
fn receipts_decide_exactly_as_the_equivalent_consents_and_forgeries_are_ignored() {
    let dir = scratch("same");
    let key = dir.join("keys.private.json");
    let jwks = dir.join("keys.json");
    assert_eq!(run(&["keygen", "--out", p(&key), "--jwks", p(&jwks)]).0, 0);
    let other_key = dir.join("other.private.json");
    assert_eq!(
        run(&["keygen", "--out", p(&other_key), "--jwks", p(&dir.join("other.json"))]).0,
        0
    );

    let receipts = dir.join("receipts");
    std::fs::create_dir_all(&receipts).unwrap();
    let base = json!({
        "subject": "u_3c1f9a77d2e04b51", "actor": {"type": "self"}, "jurisdiction": "DE", "locale": "en",
        "ageBand": "adult", "collectionMethod": "banner_layer2",
    });
    let mut first = base.clone();
    first["purposes"] = json!([
        {"purpose": "analytics-cookies", "state": "ConsentGiven"},
        {"purpose": "location", "state": "ConsentGiven", "separate": true},
        {"purpose": "marketing", "state": "ConsentGiven"}
    ]);
    let r1 = sign(&dir, &key, "r1", &first, "2026-10-01T09:00:00Z");
    let mut second = base.clone();
    second["purposes"] = json!([{"purpose": "marketing", "state": "ConsentWithdrawn"}]);
    let r2 = sign(&dir, &key, "r2", &second, "2026-11-20T09:00:00Z");
    std::fs::write(receipts.join("01.jws"), &r1).unwrap();
    std::fs::write(receipts.join("02.jws"), &r2).unwrap();

    // Forgeries: signed with a key the site never published, and a flipped signature byte.
    let mut forged = base.clone();
    forged["purposes"] = json!([{"purpose": "advertising", "state": "ConsentGiven"}]);
    std::fs::write(
        receipts.join("03.jws"),
        sign(&dir, &other_key, "f1", &forged, "2026-11-01T00:00:00Z"),
    )
    .unwrap();
    let mut flipped = sign(&dir, &key, "f2", &forged, "2026-11-01T00:00:00Z").into_bytes();
    let last = flipped.len() - 2;
    flipped[last] = if flipped[last] == b'A' { b'B' } else { b'A' };
    std::fs::write(receipts.join("04.jws"), flipped).unwrap();

    let ctx = dir.join("ctx.json");
    std::fs::write(&ctx, json!({"now": NOW, "jurisdiction": "DE", "age": 30}).to_string()).unwrap();
    let (code, from_receipts, err) = run(&["eval", SEED, p(&ctx), "--receipts", p(&receipts), "--jwks", p(&jwks)]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err.matches("ignored").count(), 2, "{err}");
    assert!(err.contains("03.jws") && err.contains("04.jws"), "{err}");

    let equivalent = json!({"now": NOW, "jurisdiction": "DE", "age": 30, "consents": {
        "analytics-cookies": {"state": "ConsentGiven", "time": "2026-10-01T09:00:00Z", "policyVersion": "1.0.0", "by": "self", "separate": false},
        "location": {"state": "ConsentGiven", "time": "2026-10-01T09:00:00Z", "policyVersion": "1.0.0", "by": "self", "separate": true},
        "marketing": {"state": "ConsentWithdrawn", "time": "2026-11-20T09:00:00Z", "policyVersion": "1.0.0", "by": "self", "separate": false}
    }});
    let ctx2 = dir.join("ctx2.json");
    std::fs::write(&ctx2, equivalent.to_string()).unwrap();
    let (code, from_consents, _) = run(&["eval", SEED, p(&ctx2)]);
    assert_eq!(code, 0);
    let a: Value = serde_json::from_str(&from_receipts).unwrap();
    let b: Value = serde_json::from_str(&from_consents).unwrap();
    assert_eq!(a, b);
    let decision = |v: &Value, id: &str| {
        v["purposes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["purpose"] == id)
            .unwrap()["decision"]
            .clone()
    };
    assert_eq!(decision(&a, "analytics-cookies"), "allowed");
    assert_eq!(decision(&a, "location"), "allowed");
    assert_eq!(decision(&a, "marketing"), "denied");
    assert_eq!(
        decision(&a, "advertising"),
        "needs_consent",
        "a forged receipt must never be trusted"
    );
}

/// A withdrawal or a guardian's revocation outlives its own receipt: once the receipt of the
/// "no" expires (the jurisdiction's `refusalMemory`, shorter than `consentValidity`), the person
/// is asked again; the consent given before it never comes back.
#[test]
fn an_expired_withdrawal_does_not_bring_back_the_consent_before_it() {
    let dir = scratch("lapsed");
    let key = dir.join("keys.private.json");
    let jwks = dir.join("keys.json");
    assert_eq!(run(&["keygen", "--out", p(&key), "--jwks", p(&jwks)]).0, 0);
    let decide = |receipts: &Path, ctx: Value, purpose: &str| {
        let file = dir.join("ctx.json");
        std::fs::write(&file, ctx.to_string()).unwrap();
        let (code, out, err) = run(&[
            "eval",
            SEED,
            p(&file),
            "--receipts",
            p(receipts),
            "--jwks",
            p(&jwks),
            "--purpose",
            purpose,
        ]);
        assert_eq!(code, 0, "{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        (v["decision"].as_str().unwrap().to_string(), err)
    };

    // An adult in Germany consents to two purposes, then withdraws one.
    let adult = dir.join("adult");
    std::fs::create_dir_all(&adult).unwrap();
    let base = json!({
        "subject": "u_3c1f9a77d2e04b51", "actor": {"type": "self"}, "jurisdiction": "DE", "locale": "en",
        "ageBand": "adult", "collectionMethod": "banner_layer2",
    });
    let mut given = base.clone();
    given["purposes"] = json!([
        {"purpose": "analytics-cookies", "state": "ConsentGiven"},
        {"purpose": "marketing", "state": "ConsentGiven"}
    ]);
    let mut withdrawn = base.clone();
    withdrawn["purposes"] = json!([{"purpose": "analytics-cookies", "state": "ConsentWithdrawn"}]);
    std::fs::write(
        adult.join("a.jws"),
        sign(&dir, &key, "a", &given, "2026-01-01T12:00:00Z"),
    )
    .unwrap();
    std::fs::write(
        adult.join("b.jws"),
        sign(&dir, &key, "b", &withdrawn, "2026-02-01T12:00:00Z"),
    )
    .unwrap();
    let at = |now: &str| json!({"now": now, "jurisdiction": "DE", "ageBand": "adult", "locale": "en"});
    assert_eq!(
        decide(&adult, at("2026-07-15T00:00:00Z"), "analytics-cookies").0,
        "denied"
    );
    let (after, err) = decide(&adult, at("2026-08-02T00:00:00Z"), "analytics-cookies");
    assert_eq!(after, "needs_consent", "the withdrawn consent came back: {err}");
    assert!(err.contains("b.jws") && err.contains("receipt.expired"), "{err}");
    assert_eq!(
        decide(&adult, at("2026-08-02T00:00:00Z"), "marketing").0,
        "allowed",
        "the other purpose of the first receipt is still in force"
    );

    // A guardian consents for a 12-year-old in China, then revokes one purpose.
    let child = dir.join("child");
    std::fs::create_dir_all(&child).unwrap();
    let base = json!({
        "subject": "u_5d2a0b88e3f14c62", "jurisdiction": "CN", "locale": "en", "ageBand": "below_guardian_age",
        "collectionMethod": "guardian_page",
        "actor": {"type": "guardian", "relationship": "parent", "verification": "email_plus"},
    });
    let mut given = base.clone();
    given["purposes"] = json!([{"purpose": "location", "state": "ConsentGiven", "separate": true}]);
    let mut revoked = base.clone();
    revoked["purposes"] = json!([{"purpose": "location", "state": "ConsentRevoked", "separate": true}]);
    std::fs::write(
        child.join("a.jws"),
        sign(&dir, &key, "ga", &given, "2026-01-01T12:00:00Z"),
    )
    .unwrap();
    std::fs::write(
        child.join("b.jws"),
        sign(&dir, &key, "gb", &revoked, "2026-02-01T12:00:00Z"),
    )
    .unwrap();
    let at = |now: &str| json!({"now": now, "jurisdiction": "CN", "age": 12, "locale": "en"});
    assert_eq!(decide(&child, at("2026-03-01T00:00:00Z"), "location").0, "denied");
    let (after, err) = decide(&child, at("2026-08-02T00:00:00Z"), "location");
    assert_eq!(after, "needs_guardian_consent", "the revoked consent came back: {err}");
}
