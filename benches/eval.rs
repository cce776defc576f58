//! Evaluation speed: every purpose of the seed policy for one visitor, and one purpose alone.
#![allow(missing_docs, clippy::expect_used)]

use assent::eval::{Context, Engine};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn context() -> Context {
    serde_json::from_str(
        r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"DE","age":34,"gpc":false,
            "consents":{
              "analytics-cookies":{"state":"ConsentGiven","time":"2026-10-01T09:00:00Z","policyVersion":"1.0.0"},
              "location":{"state":"ConsentGiven","time":"2026-10-01T09:00:00Z","policyVersion":"1.0.0","separate":true},
              "marketing":{"state":"ConsentRefused","time":"2026-10-01T09:00:00Z","policyVersion":"1.0.0"}},
            "locale":"en"}"#,
    )
    .expect("context")
}

fn bench(c: &mut Criterion) {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/policies/seed.json")).expect("seed");
    let engine = Engine::from_json(&text).expect("valid seed");
    let ctx = context();
    c.bench_function("evaluate_all_purposes_seed_de", |b| {
        b.iter(|| engine.evaluate(black_box(&ctx)))
    });
    c.bench_function("decide_one_purpose_seed_de", |b| {
        b.iter(|| engine.decide(black_box("analytics-cookies"), black_box(&ctx)))
    });
    c.bench_function("load_and_validate_seed_policy", |b| {
        b.iter(|| Engine::from_json(black_box(&text)))
    });
    // Its two halves: reading the typed document, and the checks that types alone do not make.
    c.bench_function("read_seed_policy", |b| {
        b.iter(|| assent::json::read_str::<assent::policy::Policy>(black_box(&text)))
    });
    let policy = engine.policy().clone();
    c.bench_function("validate_seed_policy", |b| {
        b.iter(|| assent::policy::validate(black_box(&policy)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
