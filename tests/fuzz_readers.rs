//! Every reader a client's bytes can reach, fed generated input: the policy loader, the visitor's
//! context, receipt tokens, key sets, age locks, checkpoints, guardian requests and the canonical
//! JSON. Bad input must come back as a typed error (a code, a message, a JSON path where one
//! applies), never as a panic, an overflow or a stack overflow.
//!
//! The inputs are raw noise (bytes, strings, JSON token soup) and damaged valid documents: the
//! seed policy, the golden contexts and freshly signed receipts, with a member removed, repeated,
//! renamed or given a value of another type, a hostile value put in (huge numbers, long strings,
//! NUL, lone surrogates, deep nesting), bytes flipped, inserted or cut, and token segments
//! dropped, swapped or replaced.
//!
//! Each reader runs a fixed number of cases, so the file stays well under a minute in a debug
//! build. `ASSENT_FUZZ_CASES=N` runs `N` cases per reader instead (default 48), for a longer
//! search on a laptop: `ASSENT_FUZZ_CASES=5000 cargo test --release --test fuzz_readers`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod receipt_support;

use std::sync::OnceLock;

use assent::api::receipts::{
    consents_from_receipts_json, kantara_json, verify_age_lock_json, verify_checkpoint_json, verify_receipt_json,
    Signer,
};
use assent::api::{self, ApiError, Decides, LoadedPolicy};
use assent::receipt::jwk::b64url;
use assent::receipt::{
    self, build_receipt, decode_unverified, jcs, jws, verify, verify_signed, Jwks, ReceiptError, SigningKeySet,
    VerifyOptions,
};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::Value;

use receipt_support::{choice, now, seed, seed_text, NOW};

/// Cases per reader when `ASSENT_FUZZ_CASES` is not set.
const DEFAULT_CASES: u32 = 48;

fn config() -> ProptestConfig {
    let cases = std::env::var("ASSENT_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    ProptestConfig {
        cases,
        // A failure is shrunk a little, not for minutes: the input is printed either way.
        max_shrink_iters: 256,
        ..ProptestConfig::default()
    }
}

// ----- What every error must carry -----

fn check_api_error(e: &ApiError) -> Result<(), TestCaseError> {
    prop_assert!(!e.code.is_empty(), "no code: {:?}", e);
    prop_assert!(e.code.contains('.'), "code is not namespaced: {:?}", e);
    prop_assert!(!e.message.is_empty(), "no message: {:?}", e);
    prop_assert!(e.path.starts_with('$'), "path is not a JSON path: {:?}", e);
    prop_assert!(!e.problems.is_empty(), "no problems: {:?}", e);
    prop_assert_eq!(e.problems[0].code, e.code.as_str());
    Ok(())
}

fn check_receipt_error(e: &ReceiptError) -> Result<(), TestCaseError> {
    prop_assert!(e.code.as_str().starts_with("receipt."), "{:?}", e);
    prop_assert!(!e.message.is_empty(), "no message: {:?}", e);
    Ok(())
}

/// The start of a long input, for a failure message.
fn short(s: &str) -> String {
    let head: String = s.chars().take(160).collect();
    format!("{head}... ({} bytes)", s.len())
}

/// Whatever the answer, an error is a well-formed [`ApiError`].
fn answered<T>(r: Result<T, ApiError>) -> Result<Option<T>, TestCaseError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) => check_api_error(&e).map(|()| None),
    }
}

fn receipt_answered<T>(r: Result<T, ReceiptError>) -> Result<Option<T>, TestCaseError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) => check_receipt_error(&e).map(|()| None),
    }
}

// ----- Fixtures, made once -----

struct Fixtures {
    policy: LoadedPolicy,
    seed: Value,
    contexts: Vec<Value>,
    keys: SigningKeySet,
    jwks: Jwks,
    jwks_json: String,
    private_json: String,
    signer: Signer,
    token: String,
    age_lock: String,
    checkpoint: String,
    guardian_request: Value,
}

fn fixtures() -> &'static Fixtures {
    static F: OnceLock<Fixtures> = OnceLock::new();
    F.get_or_init(|| {
        let text = seed_text();
        let policy = LoadedPolicy::load(&text).unwrap();
        let golden: Value = serde_json::from_str(
            &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/eval.json")).unwrap(),
        )
        .unwrap();
        let contexts = golden
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["policy"] == "policies/seed.json")
            .map(|c| c["context"].clone())
            .collect::<Vec<_>>();
        assert!(!contexts.is_empty());
        let keys = SigningKeySet::generate([3; 32]);
        let private_json = keys.to_json_pretty();
        let signer = Signer::new(&private_json, policy.clone()).unwrap();
        let made = |r: Result<String, ApiError>| -> Value { serde_json::from_str(&r.unwrap()).unwrap() };
        let token = made(signer.sign_json(&serde_json::to_string(&choice()).unwrap(), NOW, &receipt_support::id(1)))
            ["jws"]
            .as_str()
            .unwrap()
            .to_owned();
        let age_lock = signer
            .sign_age_lock_json(
                r#"{"lock":{"band":"adult","jurisdiction":"DE","lockedAt":"2026-11-29T12:00:00Z","conflicts":0},"subject":"u_7f3a9c2e41d8b6a0","expiresAt":"2027-11-29T12:00:00Z"}"#,
            )
            .unwrap();
        let checkpoint = signer
            .sign_checkpoint_json(&format!(
                r#"{{"origin":"https://example.com","size":3,"root":"{}","time":"{NOW}"}}"#,
                "ab".repeat(32)
            ))
            .unwrap();
        let request = made(policy.new_guardian_request_json(
            r#"{"child":"u_child_1234","jurisdiction":"CN","purposes":["search","location"],"now":"2026-11-29T12:00:00Z"}"#,
            [9; 40],
        ));
        Fixtures {
            seed: serde_json::from_str(&text).unwrap(),
            contexts,
            jwks: keys.public_jwks(),
            jwks_json: keys.public_jwks().to_json_pretty(),
            private_json,
            keys,
            signer,
            token,
            age_lock,
            checkpoint,
            guardian_request: request["request"].clone(),
            policy,
        }
    })
}

// ----- Generators: noise -----

/// Pieces JSON is made of, and pieces that break it.
const SOUP: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\"a\"",
    "\"now\"",
    "\"purposes\"",
    "\"keys\"",
    "null",
    "true",
    "false",
    "0",
    "-0",
    "1",
    "-1",
    "1.5",
    "1e400",
    "-1e-400",
    "18446744073709551616",
    "-9223372036854775809",
    "\\",
    "\\u0000",
    "\\ud800",
    "\\udc00",
    "\\uZZZZ",
    "\u{0}",
    "\u{1f}",
    "\u{7f}",
    "\u{feff}",
    "\u{10ffff}",
    " ",
    "\n",
    "\t",
    "NaN",
    "Infinity",
    "\"2026-11-29T12:00:00Z\"",
    "\"DE\"",
    "\"CN\"",
    "/",
    "*",
    ".",
    "eyJ",
    "=",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(SOUP), 0..64).prop_map(|parts| parts.concat())
}

/// Any text a client could send: random characters, random bytes made text, JSON token soup.
fn noise() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(any::<u8>(), 0..512).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        soup(),
    ]
}

/// Arbitrary JSON values, floats and awkward strings included.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
        "[\\x00-\\x1f\"\\\\a-z\u{e000}-\u{e010}\u{10000}-\u{10010}]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(("[a-z\u{80}-\u{ff}\u{1f600}]{0,4}", inner), 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

// ----- Generators: damage to valid documents -----

/// A value JSON cannot hold exactly, or that a reader must bound: written as raw text.
fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "18446744073709551616",
            "-9223372036854775809",
            "123456789012345678901234567890123456789",
            "1e400",
            "-1e400",
            "1e-400",
            "-0",
            "0.5",
            "1E+2",
            "4294967296",
            "-1",
            "\"\\u0000\"",
            "\"a\\u0000b\"",
            "\"\\ud800\"",
            "\"\\udc00\\ud800\"",
            "\"\\ud83d\\ude00\"",
            "\"\u{0}\"",
            "\"\u{feff}\"",
            "\"\"",
            "NaN",
            "Infinity",
            "undefined",
        ])
        .prop_map(str::to_owned),
        (1usize..200_000).prop_map(|n| format!("\"{}\"", "x".repeat(n))),
        prop::sample::select(vec![127usize, 128, 129, 10_000]).prop_map(|n| format!(
            "{}{}",
            "[".repeat(n),
            "]".repeat(n)
        )),
        prop::sample::select(vec![127usize, 129, 10_000]).prop_map(|n| format!(
            "{}1{}",
            "{\"a\":".repeat(n),
            "}".repeat(n)
        )),
    ]
}

/// One edit to one node of a document (the node chosen by `at`, modulo the node count).
#[derive(Debug, Clone)]
enum Edit {
    /// The member or element is left out (at the root: the whole document is empty).
    Remove,
    /// The member or element is written twice.
    Duplicate,
    /// The member gets another name.
    Rename(String),
    /// The value is replaced (usually a change of type).
    Replace(Value),
    /// The value is replaced by raw text.
    Raw(String),
    /// The value is wrapped in an array.
    Wrap,
    /// An array's element is written this many times, each copy's id or text made its own: a
    /// policy of thousands of locales, rules or references, to find work that grows faster
    /// than the text.
    Grow(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        2 => Just(Edit::Remove),
        1 => Just(Edit::Duplicate),
        1 => prop_oneof![
            "[a-zA-Z]{0,12}".boxed(),
            Just("__proto__".to_owned()).boxed(),
            Just("\u{0}".to_owned()).boxed()
        ]
        .prop_map(Edit::Rename),
        2 => json_value().prop_map(Edit::Replace),
        2 => hostile().prop_map(Edit::Raw),
        1 => Just(Edit::Wrap),
        1 => (50usize..3_000).prop_map(Edit::Grow),
    ]
}

/// How many nodes a value has (itself and everything inside it).
fn size(v: &Value) -> usize {
    1 + match v {
        Value::Array(items) => items.iter().map(size).sum(),
        Value::Object(members) => members.values().map(size).sum(),
        _ => 0,
    }
}

/// Writes a document with one edit applied at the node numbered `target` in pre-order.
struct Damage<'a> {
    target: usize,
    edit: &'a Edit,
    next: usize,
}

impl Damage<'_> {
    fn apply(v: &Value, at: usize, edit: &Edit) -> String {
        let mut d = Damage {
            target: at % size(v),
            edit,
            next: 0,
        };
        let mut out = String::new();
        d.write(v, &mut out);
        out
    }

    fn write(&mut self, v: &Value, out: &mut String) {
        let me = self.next;
        self.next += 1;
        if me == self.target {
            match self.edit {
                Edit::Replace(r) => return out.push_str(&r.to_string()),
                Edit::Raw(raw) => return out.push_str(raw),
                Edit::Wrap => {
                    out.push('[');
                    out.push_str(&v.to_string());
                    out.push(']');
                    self.next += size(v) - 1;
                    return;
                }
                Edit::Remove if me == 0 => return,
                _ => {}
            }
        }
        match v {
            Value::Array(items) => {
                out.push('[');
                let mut first = true;
                for item in items {
                    let (hit, text) = self.child(item);
                    for k in 0..self.copies(hit) {
                        if !std::mem::take(&mut first) {
                            out.push(',');
                        }
                        out.push_str(&own_copy(&text, k));
                    }
                }
                out.push(']');
            }
            Value::Object(members) => {
                out.push('{');
                let mut first = true;
                for (key, item) in members {
                    let (hit, text) = self.child(item);
                    let key = match (hit, self.edit) {
                        (true, Edit::Rename(new)) => new.as_str(),
                        _ => key.as_str(),
                    };
                    for _ in 0..self.copies(hit) {
                        if !std::mem::take(&mut first) {
                            out.push(',');
                        }
                        out.push_str(&Value::from(key).to_string());
                        out.push(':');
                        out.push_str(&text);
                    }
                }
                out.push('}');
            }
            leaf => out.push_str(&leaf.to_string()),
        }
    }

    /// A child written on its own; whether it is the node edited.
    fn child(&mut self, item: &Value) -> (bool, String) {
        let hit = self.next == self.target;
        let mut text = String::new();
        self.write(item, &mut text);
        (hit, text)
    }

    fn copies(&self, hit: bool) -> usize {
        match (hit, self.edit) {
            (true, Edit::Remove) => 0,
            (true, Edit::Duplicate) => 2,
            (true, Edit::Grow(n)) => *n,
            _ => 1,
        }
    }
}

/// Copy `k` of an element, told apart from the others: a string gets `k` appended, an object a
/// new `id`, or a new `code` extending the next copy's (so that rules chain). Copy 0 is unchanged.
fn own_copy(text: &str, k: usize) -> String {
    if k == 0 {
        return text.to_owned();
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::String(s)) => Value::from(format!("{s}{k}")).to_string(),
        Ok(Value::Object(mut m)) => {
            if let Some(Value::String(id)) = m.get_mut("id") {
                id.insert_str(0, &format!("{k}."));
            }
            if m.contains_key("code") {
                m.insert("code".into(), format!("C{k}").into());
                m.insert("extends".into(), format!("C{}", k + 1).into());
            }
            Value::Object(m).to_string()
        }
        _ => text.to_owned(),
    }
}

/// A change to the bytes of a text.
#[derive(Debug, Clone)]
enum ByteEdit {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Truncate(usize),
    Repeat(usize, usize),
}

fn byte_edits() -> impl Strategy<Value = Vec<ByteEdit>> {
    let one = prop_oneof![
        (any::<usize>(), 1u8..=255).prop_map(|(at, bits)| ByteEdit::Flip(at, bits)),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8)).prop_map(|(at, b)| ByteEdit::Insert(at, b)),
        (any::<usize>(), 1usize..16).prop_map(|(at, n)| ByteEdit::Delete(at, n)),
        any::<usize>().prop_map(ByteEdit::Truncate),
        (any::<usize>(), 1usize..32).prop_map(|(at, n)| ByteEdit::Repeat(at, n)),
    ];
    prop::collection::vec(one, 1..4)
}

fn apply_bytes(mut b: Vec<u8>, edits: &[ByteEdit]) -> Vec<u8> {
    for e in edits {
        let len = b.len();
        let pos = |at: usize| if len == 0 { 0 } else { at % len };
        match e {
            ByteEdit::Flip(at, bits) if len > 0 => b[pos(*at)] ^= *bits,
            ByteEdit::Flip(..) => {}
            ByteEdit::Insert(at, bytes) => {
                let at = if len == 0 { 0 } else { at % (len + 1) };
                b.splice(at..at, bytes.iter().copied());
            }
            ByteEdit::Delete(at, n) => {
                let at = pos(*at);
                b.drain(at..(at + n).min(len));
            }
            ByteEdit::Truncate(at) => b.truncate(pos(*at)),
            ByteEdit::Repeat(at, n) => {
                let at = pos(*at);
                let piece = b[at..(at + n).min(len)].to_vec();
                b.splice(at..at, piece);
            }
        }
    }
    b
}

/// A text with its bytes changed, made text again (the readers take `&str`).
fn damaged_text(text: &str, edits: &[ByteEdit]) -> String {
    String::from_utf8_lossy(&apply_bytes(text.as_bytes().to_vec(), edits)).into_owned()
}

/// Damage of any kind to a valid document: structure-aware or byte-level, or noise instead.
fn damaged(doc: Value) -> impl Strategy<Value = String> {
    let text = doc.to_string();
    prop_oneof![
        4 => (any::<usize>(), edit()).prop_map(move |(at, e)| Damage::apply(&doc, at, &e)),
        2 => byte_edits().prop_map(move |edits| damaged_text(&text, &edits)),
        1 => noise(),
    ]
}

/// What can go wrong with a compact JWS as it travels.
#[derive(Debug, Clone)]
enum TokenEdit {
    /// Its characters changed.
    Bytes(Vec<ByteEdit>),
    /// Segment `i` replaced by the base64url of random bytes.
    Segment(usize, Vec<u8>),
    /// Segment `i` replaced by the base64url of its own bytes, changed.
    SegmentBytes(usize, Vec<ByteEdit>),
    /// Segment `i` replaced by random text.
    SegmentText(usize, String),
    /// Segment `i` dropped.
    Drop(usize),
    /// Segment `i` written twice.
    Repeat(usize),
    /// Segments `i` and `j` swapped.
    Swap(usize, usize),
    /// Padding, whitespace or a prefix added.
    Affix(String, String),
}

fn token_edit() -> impl Strategy<Value = TokenEdit> {
    prop_oneof![
        3 => byte_edits().prop_map(TokenEdit::Bytes),
        1 => (0usize..3, prop::collection::vec(any::<u8>(), 0..128)).prop_map(|(i, b)| TokenEdit::Segment(i, b)),
        3 => (0usize..3, byte_edits()).prop_map(|(i, e)| TokenEdit::SegmentBytes(i, e)),
        1 => (0usize..3, noise()).prop_map(|(i, t)| TokenEdit::SegmentText(i, t)),
        1 => (0usize..3).prop_map(TokenEdit::Drop),
        1 => (0usize..3).prop_map(TokenEdit::Repeat),
        1 => (0usize..3, 0usize..3).prop_map(|(i, j)| TokenEdit::Swap(i, j)),
        1 => (
            prop::sample::select(vec!["", " ", "\n", ".", "Bearer ", "\u{0}"]),
            prop::sample::select(vec!["", " ", "=", "==", ".", "\n", "\u{0}"])
        )
            .prop_map(|(a, b)| TokenEdit::Affix(a.to_owned(), b.to_owned())),
    ]
}

fn apply_token(token: &str, edit: &TokenEdit) -> String {
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let n = parts.len();
    match edit {
        TokenEdit::Bytes(edits) => return damaged_text(token, edits),
        TokenEdit::Segment(i, bytes) => parts[i % n] = b64url(bytes),
        TokenEdit::SegmentBytes(i, edits) => {
            let bytes = receipt::jwk::b64url_decode(&parts[i % n]).unwrap_or_default();
            parts[i % n] = b64url(&apply_bytes(bytes, edits));
        }
        TokenEdit::SegmentText(i, text) => parts[i % n].clone_from(text),
        TokenEdit::Drop(i) => {
            parts.remove(i % n);
        }
        TokenEdit::Repeat(i) => {
            let p = parts[i % n].clone();
            parts.insert(i % n, p);
        }
        TokenEdit::Swap(i, j) => parts.swap(i % n, j % n),
        TokenEdit::Affix(before, after) => return format!("{before}{token}{after}"),
    }
    parts.join(".")
}

/// The payload bytes of a compact JWS, if it has a decodable one.
fn payload_of(token: &str) -> Option<Vec<u8>> {
    receipt::jwk::b64url_decode(token.split('.').nth(1)?)
}

// ----- The policy loader -----

/// Far more than any reader needs for these inputs (milliseconds), even on a loaded machine in a
/// debug build: what takes longer grows faster than its input.
const SLOW: std::time::Duration = std::time::Duration::from_secs(10);

fn policy_load_answers(text: &str) -> Result<(), TestCaseError> {
    let started = std::time::Instant::now();
    let loaded = answered(LoadedPolicy::load(text))?;
    prop_assert!(
        started.elapsed() < SLOW,
        "{:?} to load {}",
        started.elapsed(),
        short(text)
    );
    if let Some(p) = loaded {
        // A policy that loads is hashed for receipts and compared against the seed.
        answered(p.doc().map(drop))?;
        answered(api::diff_json(&seed_text(), text))?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn policy_loader_answers_damaged_policies_with_typed_errors(text in damaged(fixtures().seed.clone())) {
        policy_load_answers(&text)?;
    }

    #[test]
    fn policy_loader_answers_noise_with_typed_errors(text in prop_oneof![noise(), json_value().prop_map(|v| v.to_string())]) {
        policy_load_answers(&text)?;
    }
}

// ----- The evaluation context -----

fn contexts() -> impl Strategy<Value = String> {
    let f = fixtures();
    (0..f.contexts.len()).prop_flat_map(move |i| damaged(f.contexts[i].clone()))
}

fn context_answers(text: &str, choice: &str) -> Result<(), TestCaseError> {
    let p = &fixtures().policy;
    let started = std::time::Instant::now();
    answered(p.evaluate_json(text))?;
    prop_assert!(
        started.elapsed() < SLOW,
        "{:?} to evaluate {}",
        started.elapsed(),
        short(text)
    );
    answered(p.decide_json("advertising", text))?;
    answered(p.check_choice_json(text, choice))?;
    if let Some(v) = answered(p.visitor(text))? {
        answered(p.evaluate_for(&v, Default::default()))?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn context_reader_answers_damaged_contexts_with_typed_errors(text in contexts()) {
        context_answers(&text, &serde_json::to_string(&choice()).unwrap())?;
    }

    #[test]
    fn context_reader_answers_noise_with_typed_errors(text in noise(), choice in damaged(serde_json::to_value(choice()).unwrap())) {
        context_answers(&text, &choice)?;
        let ctx = fixtures().contexts[0].to_string();
        context_answers(&ctx, &choice)?;
    }
}

// ----- Receipts -----

/// Every reader of a receipt token, on one token; whether it verified.
fn receipt_readers(token: &str, jwks: &Jwks) -> Result<bool, TestCaseError> {
    let f = fixtures();
    let doc = seed();
    receipt_answered(decode_unverified(token))?;
    receipt_answered(verify_signed(token, jwks))?;
    let verified = receipt_answered(verify(token, jwks, &VerifyOptions::at(now()).with_policy(&doc)))?;
    if let Some(v) = &verified {
        // What verifies is the canonical JSON of the receipt it holds, byte for byte.
        prop_assert_eq!(
            Some(v.receipt.canonical_json().unwrap().into_bytes()),
            payload_of(token)
        );
    }
    let options = format!(r#"{{"now":"{NOW}"}}"#);
    answered(verify_receipt_json(
        token,
        &f.jwks_json,
        &options,
        Some(&f.policy.source().unwrap()),
    ))?;
    answered(kantara_json(token, Some(&f.policy)))?;
    let list = serde_json::to_string(&[token, f.token.as_str()]).unwrap();
    if let Some(out) = answered(consents_from_receipts_json(
        &list,
        &f.jwks_json,
        &options,
        Some(&f.policy.source().unwrap()),
    ))? {
        let out: Value = serde_json::from_str(&out).unwrap();
        prop_assert!(out["accepted"].as_array().is_some_and(|a| !a.is_empty()));
    }
    Ok(verified.is_some())
}

proptest! {
    #![proptest_config(config())]

    /// A receipt signed with a fresh key, then damaged in transit: it verifies only unchanged.
    #[test]
    fn damaged_receipt_tokens_never_verify(key in any::<[u8; 32]>(), edits in prop::collection::vec(token_edit(), 1..3)) {
        let keys = SigningKeySet::generate(key);
        let r = build_receipt(&choice(), Some(&seed()), &receipt_support::id(2), now()).unwrap();
        let token = receipt::sign_receipt(&r, &keys).unwrap();
        let mut bad = token.clone();
        for e in &edits {
            bad = apply_token(&bad, e);
        }
        let verified = receipt_readers(&bad, &keys.public_jwks())?;
        prop_assert_eq!(verified, bad == token, "{}", short(&bad));
    }

    /// A damaged payload, signed properly: accepted only if it is exactly a valid receipt's
    /// canonical JSON.
    #[test]
    fn re_signed_damaged_payloads_verify_only_when_canonical(payload in damaged(fixtures().signer_receipt())) {
        let f = fixtures();
        let (kid, key) = f.keys.active().unwrap();
        let token = jws::sign_raw(jws::receipt_header(kid).unwrap().as_bytes(), payload.as_bytes(), key);
        receipt_readers(&token, &f.jwks)?;
    }

    /// A damaged header, signed properly: only `alg`, `kid` and `typ` as receipts write them pass.
    #[test]
    fn re_signed_damaged_headers_verify_only_when_exact(header in damaged(serde_json::json!({"alg": "EdDSA", "kid": fixtures().keys.active_kid(), "typ": jws::TYP}))) {
        let f = fixtures();
        let (_, key) = f.keys.active().unwrap();
        let payload = payload_of(&f.token).unwrap();
        let token = jws::sign_raw(header.as_bytes(), &payload, key);
        if receipt_readers(&token, &f.jwks)? {
            let h: serde_json::Map<String, Value> = serde_json::from_str(&header).unwrap();
            prop_assert_eq!(h.len(), 3);
            prop_assert!(matches!(h["alg"].as_str(), Some("EdDSA" | "Ed25519")));
            prop_assert_eq!(h["typ"].as_str(), Some(jws::TYP));
        }
    }

    /// Bytes that are not UTF-8, or not JSON, in the header and payload.
    #[test]
    fn raw_bytes_in_every_segment_are_refused(header in prop::collection::vec(any::<u8>(), 0..96), payload in prop::collection::vec(any::<u8>(), 0..256), sig in prop::collection::vec(any::<u8>(), 0..80)) {
        let f = fixtures();
        let token = format!("{}.{}.{}", b64url(&header), b64url(&payload), b64url(&sig));
        prop_assert!(!receipt_readers(&token, &f.jwks)?);
        let (_, key) = f.keys.active().unwrap();
        let signed = jws::sign_raw(&header, &payload, key);
        prop_assert!(!receipt_readers(&signed, &f.jwks)?);
        receipt_answered(jcs::parse_strict_bytes(&payload))?;
    }

    #[test]
    fn receipt_readers_answer_noise(token in noise()) {
        prop_assert!(!receipt_readers(&token, &fixtures().jwks)?);
    }
}

impl Fixtures {
    /// The payload of the signed receipt, as a JSON value to damage.
    fn signer_receipt(&self) -> Value {
        serde_json::from_slice(&payload_of(&self.token).unwrap()).unwrap()
    }
}

// ----- Key sets -----

fn key_set_readers(text: &str) -> Result<(), TestCaseError> {
    if let Some(set) = receipt_answered(Jwks::from_json(text))? {
        // What reads writes back as itself.
        prop_assert_eq!(Jwks::from_value(&set.to_value()).unwrap(), set);
    }
    if let Some(set) = receipt_answered(SigningKeySet::from_json(text))? {
        prop_assert!(set.active().is_ok());
        let again = SigningKeySet::from_json(&set.to_json_pretty()).unwrap();
        prop_assert_eq!(again.public_jwks(), set.public_jwks());
    }
    answered(Signer::new(text, fixtures().policy.clone()).map(drop))?;
    let options = format!(r#"{{"now":"{NOW}"}}"#);
    answered(verify_receipt_json(&fixtures().token, text, &options, None))?;
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn key_set_readers_answer_damaged_public_sets(text in damaged(fixtures().jwks.to_value())) {
        key_set_readers(&text)?;
    }

    #[test]
    fn key_set_readers_answer_damaged_private_sets(text in damaged(serde_json::from_str(&fixtures().private_json).unwrap())) {
        key_set_readers(&text)?;
    }

    #[test]
    fn key_set_readers_answer_noise(text in noise()) {
        key_set_readers(&text)?;
    }
}

// ----- Age locks and checkpoints -----

fn statement_readers(token: &str) -> Result<(bool, bool), TestCaseError> {
    let f = fixtures();
    let options = format!(r#"{{"now":"{NOW}","subject":"u_7f3a9c2e41d8b6a0"}}"#);
    let lock = answered(verify_age_lock_json(token, &f.jwks_json, &options))?;
    let checkpoint = answered(verify_checkpoint_json(token, &f.jwks_json))?;
    Ok((lock.is_some(), checkpoint.is_some()))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn damaged_age_locks_and_checkpoints_never_verify(which in any::<bool>(), edits in prop::collection::vec(token_edit(), 1..3)) {
        let f = fixtures();
        let token = if which { &f.age_lock } else { &f.checkpoint };
        let mut bad = token.clone();
        for e in &edits {
            bad = apply_token(&bad, e);
        }
        let (lock, checkpoint) = statement_readers(&bad)?;
        prop_assert_eq!(lock, which && bad == *token);
        prop_assert_eq!(checkpoint, !which && bad == *token);
    }

    /// Damaged statements, signed properly: the signer and the verifiers refuse what is not one.
    #[test]
    fn damaged_age_locks_and_checkpoints_are_refused_when_signed(which in any::<bool>(), seed in any::<usize>(), e in edit(), options in noise()) {
        let f = fixtures();
        let token = if which { &f.age_lock } else { &f.checkpoint };
        let payload: Value = serde_json::from_slice(&payload_of(token).unwrap()).unwrap();
        let text = Damage::apply(&payload, seed, &e);
        let signed = if which { f.signer.sign_age_lock_json(&text) } else { f.signer.sign_checkpoint_json(&text) };
        if let Some(t) = answered(signed)? {
            let (_, checkpoint) = statement_readers(&t)?;
            prop_assert!(which || checkpoint, "a signed checkpoint does not verify: {}", short(&t));
        }
        answered(verify_age_lock_json(&f.age_lock, &f.jwks_json, &options))?;
    }
}

// ----- The guardian flow -----

proptest! {
    #![proptest_config(config())]

    #[test]
    fn guardian_readers_answer_damaged_requests(
        answer in damaged(serde_json::json!({"birthYear": 2014, "birthMonth": 3, "jurisdiction": "CN", "now": NOW,
            "existing": {"band": "adult", "jurisdiction": "CN", "lockedAt": NOW, "conflicts": 4294967295u32}})),
        args in damaged(serde_json::json!({"child": "u_child_1234", "jurisdiction": "CN", "purposes": ["search"], "now": NOW})),
        request in damaged(fixtures().guardian_request.clone()),
        event in damaged(serde_json::json!({"type": "decide", "approvals": {"search": true, "location": false}})),
        when in prop_oneof![Just(NOW.to_owned()), noise()],
    ) {
        let p = &fixtures().policy;
        answered(p.answer_age_gate_json(&answer))?;
        answered(p.new_guardian_request_json(&args, [1; 40]))?;
        answered(p.apply_guardian_event_json(&request, &event, &when))?;
        answered(p.guardian_request_state_json(&request, &when))?;
        answered(p.birth_years(&when))?;
        answered(api::guardian::token_matches_json(&request, &when))?;
    }
}

// ----- Signing what a client sends -----

proptest! {
    #![proptest_config(config())]

    #[test]
    fn signer_answers_damaged_choices_and_contexts(
        choice in damaged(serde_json::to_value(choice()).unwrap()),
        context in contexts(),
        id in prop_oneof![Just(receipt_support::id(5)), noise()],
    ) {
        let f = fixtures();
        if let Some(out) = answered(f.signer.sign_json(&choice, NOW, &id))? {
            let out: Value = serde_json::from_str(&out).unwrap();
            let token = out["jws"].as_str().unwrap();
            // What the signer issues, the verifier accepts.
            prop_assert!(verify_signed(token, &f.jwks).is_ok());
        }
        answered(f.signer.check_and_sign_json(&context, &choice, &id))?;
    }
}

// ----- Canonical JSON -----

proptest! {
    #![proptest_config(config())]

    #[test]
    fn canonical_json_is_a_fixed_point_of_any_value(v in json_value()) {
        if let Some(once) = receipt_answered(jcs::to_string(&v))? {
            prop_assert_eq!(jcs::canonicalize_str(&once).unwrap(), once.clone());
            prop_assert_eq!(jcs::canonicalize_str(&v.to_string()).unwrap(), once);
        }
    }

    #[test]
    fn canonical_json_answers_noise_and_damage(text in prop_oneof![noise(), damaged(fixtures().seed.clone())]) {
        if let Some(once) = receipt_answered(jcs::canonicalize_str(&text))? {
            prop_assert_eq!(jcs::canonicalize_str(&once).unwrap(), once);
        }
    }
}

// ----- Nesting, one reader at a time -----

/// 10,000 nested arrays, alone and as a member's value: an error from every reader, not a stack
/// overflow (which would abort the whole test process, not fail one test).
#[test]
fn ten_thousand_nested_arrays_are_an_error_in_every_reader() {
    let f = fixtures();
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let member = format!(r#"{{"now":{deep},"jurisdiction":"DE"}}"#);
    let objects = format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    fn code<T>(r: Result<T, ApiError>) -> String {
        r.map(drop).unwrap_err().code
    }
    for text in [&deep, &member, &objects] {
        assert!(!code(LoadedPolicy::load(text)).is_empty());
        assert!(!code(f.policy.evaluate_json(text)).is_empty());
        assert!(!code(f.policy.answer_age_gate_json(text)).is_empty());
        assert!(!code(f.policy.apply_guardian_event_json(text, text, NOW)).is_empty());
        assert!(!code(f.signer.sign_json(text, NOW, &receipt_support::id(6))).is_empty());
        assert!(!code(Signer::new(text, f.policy.clone()).map(drop)).is_empty());
        assert!(jcs::canonicalize_str(text).is_err());
        assert!(Jwks::from_json(text).is_err());
        assert!(SigningKeySet::from_json(text).is_err());
        let (_, key) = f.keys.active().unwrap();
        let in_payload = jws::sign_raw(
            jws::receipt_header(f.keys.active_kid()).unwrap().as_bytes(),
            text.as_bytes(),
            key,
        );
        let in_header = jws::sign_raw(text.as_bytes(), &payload_of(&f.token).unwrap(), key);
        for token in [&in_payload, &in_header] {
            assert!(verify_signed(token, &f.jwks).is_err());
            assert!(verify_age_lock_json(token, &f.jwks_json, &format!(r#"{{"now":"{NOW}"}}"#)).is_err());
            assert!(verify_checkpoint_json(token, &f.jwks_json).is_err());
        }
    }
}

/// A choice's `validity` is the client's, and unbounded in length: a sum of hours past what an
/// `i64` of seconds holds is refused as a bad record, not an overflow.
#[test]
fn a_choice_valid_for_longer_than_time_can_hold_is_refused() {
    let mut c = serde_json::to_value(choice()).unwrap();
    c["validity"] = Value::from(format!("PT{}", "4294967295H".repeat(600_000)));
    let e = fixtures()
        .signer
        .sign_json(&c.to_string(), NOW, &receipt_support::id(7))
        .unwrap_err();
    assert_eq!(e.code, "receipt.record");
}
