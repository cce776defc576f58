//! Receipt signing and verification: what one consent choice costs the site (sign) and anyone
//! checking it (verify, with and without the policy and chain checks).

use std::hint::black_box;

use assent::eval::ConsentState;
use assent::receipt::{
    build_receipt, chain_link, jcs, new_receipt_id, sign_receipt, verify, Choice, CollectionMethod, PolicyDoc,
    PurposeChoice, SigningKeySet, VerifyOptions,
};
use assent::time::Timestamp;
use criterion::{criterion_group, criterion_main, Criterion};

fn receipts(c: &mut Criterion) {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/policies/seed.json")).unwrap_or_default();
    let Ok(doc) = PolicyDoc::from_json(&text) else {
        eprintln!("policies/seed.json is missing or invalid; nothing to measure");
        return;
    };
    let now = Timestamp(1_795_953_600);
    let purposes = doc
        .policy
        .purposes
        .iter()
        .take(4)
        .map(|p| PurposeChoice {
            purpose: p.id.clone(),
            state: ConsentState::ConsentGiven,
            separate: p.separate_consent,
        })
        .collect();
    let choice = Choice::new(
        "u_7f3a9c2e41d8b6a0".into(),
        "CN".into(),
        "zh-CN".into(),
        purposes,
        CollectionMethod::BannerLayer2,
    );
    let keys = SigningKeySet::generate([7; 32]);
    let jwks = keys.public_jwks();
    let Ok(receipt) = build_receipt(&choice, Some(&doc), &new_receipt_id([1; 16]), now) else {
        return;
    };
    let Ok(token) = sign_receipt(&receipt, &keys) else {
        return;
    };
    let mut next = choice.clone();
    next.prev = Some(chain_link(&token));
    let Ok(second) =
        build_receipt(&next, Some(&doc), &new_receipt_id([2; 16]), now).and_then(|r| sign_receipt(&r, &keys))
    else {
        return;
    };
    eprintln!("receipt token: {} bytes", token.len());

    c.bench_function("receipt/build", |b| {
        b.iter(|| {
            build_receipt(
                black_box(&choice),
                Some(&doc),
                "01010101-0101-4101-8101-010101010101",
                now,
            )
        })
    });
    c.bench_function("receipt/canonical_json", |b| {
        b.iter(|| black_box(&receipt).canonical_json())
    });
    c.bench_function("receipt/sign", |b| b.iter(|| sign_receipt(black_box(&receipt), &keys)));
    let options = VerifyOptions::at(now);
    c.bench_function("receipt/verify", |b| {
        b.iter(|| verify(black_box(&token), &jwks, &options))
    });
    let full = VerifyOptions::at(now).with_policy(&doc).with_previous(&token);
    c.bench_function("receipt/verify_with_policy_and_chain", |b| {
        b.iter(|| verify(black_box(&second), &jwks, &full))
    });
    c.bench_function("policy/hash_seed", |b| {
        b.iter(|| jcs::canonicalize_str(black_box(&text)))
    });
}

criterion_group!(benches, receipts);
criterion_main!(benches);
