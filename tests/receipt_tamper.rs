//! Every way a receipt token can be forged or damaged is refused, each with its own code, and
//! no input makes verification panic.
#![cfg(feature = "sign")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod receipt_support;

use assent::receipt::jwk::{b64url, b64url_decode};
use assent::receipt::jws::{self, MAX_TOKEN_BYTES};
use assent::receipt::signature::Ed25519;
use assent::receipt::{
    build_receipt, chain_link, jcs, sign_receipt, verify_with, Answers, CheckList, ErrorCode, Jwks, PolicyDoc,
    ReceiptError, VerifiedReceipt, Verifier, VerifyOptions,
};
use receipt_support::*;
use serde_json::Value;

/// Verifies `token` both ways the core offers and insists they agree to the letter: with Ed25519
/// in Rust, and in the two passes a page makes (the core lists the signature checks, something
/// else answers them, the core finishes the verdict from the answers). Here the answers come from
/// Rust's Ed25519 too, so any difference is the core's; the browser test holds WebCrypto's answers
/// to the same verdicts.
fn verify(token: &str, jwks: &Jwks, options: &VerifyOptions<'_>) -> Result<VerifiedReceipt, ReceiptError> {
    let direct = assent::receipt::verify(token, jwks, options);
    let list = CheckList::new();
    let first_pass = verify_with(token, jwks, options, &list);
    let checks = list.into_checks();
    let answers: Vec<bool> = checks.iter().map(|c| Ed25519.verify(c)).collect();
    let two_passes = verify_with(token, jwks, options, &Answers::new(checks, &answers));
    assert_eq!(two_passes, direct, "{token}");
    if direct.is_ok() {
        assert!(first_pass.is_ok(), "the first pass refused a valid token: {token}");
    }
    direct
}

fn check(token: &str) -> Result<(), ErrorCode> {
    verify(token, &keys().public_jwks(), &VerifyOptions::at(now()))
        .map(|_| ())
        .map_err(|e| e.code)
}

/// Signs `payload` with the right key under a receipt header, so that only the payload's own
/// defects can be the reason for a refusal.
fn resign(payload: &str) -> String {
    let keys = keys();
    let (kid, key) = keys.active().unwrap();
    jws::sign_raw(jws::receipt_header(kid).unwrap().as_bytes(), payload.as_bytes(), key)
}

fn payload_of(token: &str) -> String {
    String::from_utf8(jws::decode(token).unwrap().payload).unwrap()
}

#[test]
fn the_untampered_token_verifies() {
    assert_eq!(check(&token()), Ok(()));
}

#[test]
fn every_single_bit_flip_is_refused() {
    let token = token();
    let jwks = keys().public_jwks();
    let options = VerifyOptions::at(now());
    let mut flips = 0;
    for i in 0..token.len() {
        for bit in 0..8 {
            let mut bytes = token.as_bytes().to_vec();
            bytes[i] ^= 1 << bit;
            // A flip into the high half is not UTF-8; the nearest &str still differs from
            // the token and must be refused too.
            let text = String::from_utf8_lossy(&bytes);
            let result = verify(&text, &jwks, &options);
            assert!(result.is_err(), "flipping bit {bit} of byte {i} was accepted");
            flips += 1;
        }
    }
    assert_eq!(flips, token.len() * 8);
}

#[test]
fn hs256_signed_with_the_public_key_as_secret_is_refused() {
    let keys = keys();
    let kid = keys.active_kid();
    let public = keys.public_jwks();
    let x = *public.get(kid).unwrap();
    let header = format!(r#"{{"alg":"HS256","kid":"{kid}","typ":"assent-receipt+jwt"}}"#);
    let input = format!(
        "{}.{}",
        b64url(header.as_bytes()),
        b64url(payload_of(&token()).as_bytes())
    );
    // Both secrets an attacker might try: the raw key, and the JWK text.
    for secret in [x.to_vec(), public.to_json_pretty().into_bytes()] {
        let mac = hmac_sha256(&secret, input.as_bytes());
        let forged = format!("{input}.{}", b64url(&mac));
        assert_eq!(check(&forged), Err(ErrorCode::Alg));
    }
}

#[test]
fn alg_none_is_refused_with_or_without_a_signature() {
    let header = b64url(br#"{"alg":"none","typ":"assent-receipt+jwt"}"#);
    let payload = b64url(payload_of(&token()).as_bytes());
    assert_eq!(check(&format!("{header}.{payload}.")), Err(ErrorCode::Alg));
    let sig = token().rsplit('.').next().unwrap().to_owned();
    assert_eq!(check(&format!("{header}.{payload}.{sig}")), Err(ErrorCode::Alg));
}

#[test]
fn other_algorithms_are_refused() {
    for alg in ["RS256", "PS384", "ES256", "ES512", "HS512", "EdDSA448", "eddsa"] {
        let keys = keys();
        let (kid, key) = keys.active().unwrap();
        let header = format!(r#"{{"alg":"{alg}","kid":"{kid}","typ":"assent-receipt+jwt"}}"#);
        let token = jws::sign_raw(header.as_bytes(), payload_of(&token()).as_bytes(), key);
        assert_eq!(check(&token), Err(ErrorCode::Alg), "{alg}");
    }
}

#[test]
fn a_stripped_signature_is_refused() {
    let token = token();
    let unsigned = &token[..=token.rfind('.').unwrap()];
    assert_eq!(check(unsigned), Err(ErrorCode::Structure));
    let two_parts = &token[..token.rfind('.').unwrap()];
    assert_eq!(check(two_parts), Err(ErrorCode::Structure));
}

#[test]
fn a_signature_by_another_key_under_the_same_kid_is_refused() {
    let other = assent::receipt::SigningKeySet::generate([8; 32]);
    let (_, key) = other.active().unwrap();
    let header = jws::receipt_header(keys().active_kid()).unwrap();
    let forged = jws::sign_raw(header.as_bytes(), payload_of(&token()).as_bytes(), key);
    assert_eq!(check(&forged), Err(ErrorCode::Signature));
}

#[test]
fn an_unknown_kid_is_refused() {
    let other = assent::receipt::SigningKeySet::generate([8; 32]);
    let token = sign_receipt(&receipt(), &other).unwrap();
    assert_eq!(check(&token), Err(ErrorCode::KidUnknown));
    // A header with no kid at all.
    let keys = keys();
    let (_, key) = keys.active().unwrap();
    let token = jws::sign_raw(
        br#"{"alg":"EdDSA","typ":"assent-receipt+jwt"}"#,
        payload_of(&token).as_bytes(),
        key,
    );
    assert_eq!(check(&token), Err(ErrorCode::Structure));
}

#[test]
fn crit_typ_and_unexpected_header_parameters_are_refused() {
    let keys = keys();
    let (kid, key) = keys.active().unwrap();
    let payload = payload_of(&token());
    let sign = |header: String| jws::sign_raw(header.as_bytes(), payload.as_bytes(), key);
    let crit = sign(format!(
        r#"{{"alg":"EdDSA","crit":["exp"],"exp":1,"kid":"{kid}","typ":"assent-receipt+jwt"}}"#
    ));
    assert_eq!(check(&crit), Err(ErrorCode::Crit));
    let jwt = sign(format!(r#"{{"alg":"EdDSA","kid":"{kid}","typ":"JWT"}}"#));
    assert_eq!(check(&jwt), Err(ErrorCode::Typ));
    let untyped = sign(format!(r#"{{"alg":"EdDSA","kid":"{kid}"}}"#));
    assert_eq!(check(&untyped), Err(ErrorCode::Typ));
    let jku = sign(format!(
        r#"{{"alg":"EdDSA","jku":"https://evil.example/jwks","kid":"{kid}","typ":"assent-receipt+jwt"}}"#
    ));
    assert_eq!(check(&jku), Err(ErrorCode::Structure));
    let b64 = sign(format!(
        r#"{{"alg":"EdDSA","b64":false,"kid":"{kid}","typ":"assent-receipt+jwt"}}"#
    ));
    assert_eq!(check(&b64), Err(ErrorCode::Structure));
    let not_object = sign("[]".into());
    assert_eq!(check(&not_object), Err(ErrorCode::Structure));
}

#[test]
fn every_truncation_is_refused() {
    let token = token();
    for len in 0..token.len() {
        assert!(check(&token[..len]).is_err(), "truncated to {len} bytes");
    }
}

#[test]
fn oversized_tokens_are_refused_before_decoding() {
    let token = token();
    let padded = format!("{token}{}", "A".repeat(MAX_TOKEN_BYTES));
    assert_eq!(check(&padded), Err(ErrorCode::TooLarge));
    // Even a well-formed, correctly signed one.
    let mut value: Value = serde_json::from_str(&payload_of(&token)).unwrap();
    value["controller"]["address"] = Value::String("x".repeat(MAX_TOKEN_BYTES));
    let big = resign(&jcs::to_string(&value).unwrap());
    assert_eq!(check(&big), Err(ErrorCode::TooLarge));
    // Not garbage of any other kind either: just over the limit.
    assert_eq!(check(&"~".repeat(MAX_TOKEN_BYTES + 1)), Err(ErrorCode::TooLarge));
}

#[test]
fn garbage_is_a_structure_error() {
    for token in [
        "",
        ".",
        "..",
        "...",
        "a.b.c",
        "a.b.c.d",
        "é.é.é",
        "eyJ.e30.AA",
        "e30.e30.AA",
    ] {
        let code = check(token).unwrap_err();
        assert!(
            matches!(code, ErrorCode::Structure | ErrorCode::Alg),
            "{token}: {code:?}"
        );
    }
}

#[test]
fn duplicate_keys_in_the_payload_are_refused_even_when_signed() {
    let payload = payload_of(&token());
    // The same member again at the end: serde_json alone would take the second.
    let forged = format!("{},\"subject\":\"u_someone_else_1\"}}", &payload[..payload.len() - 1]);
    assert_eq!(check(&resign(&forged)), Err(ErrorCode::DuplicateKey));
    let nested = payload.replacen("\"locale\":", "\"locale\":\"en\",\"locale\":", 1);
    assert_eq!(check(&resign(&nested)), Err(ErrorCode::DuplicateKey));
}

#[test]
fn duplicate_keys_in_the_header_are_refused() {
    let keys = keys();
    let (kid, key) = keys.active().unwrap();
    let header = format!(r#"{{"alg":"none","alg":"EdDSA","kid":"{kid}","typ":"assent-receipt+jwt"}}"#);
    let token = jws::sign_raw(header.as_bytes(), payload_of(&token()).as_bytes(), key);
    assert_eq!(check(&token), Err(ErrorCode::DuplicateKey));
}

#[test]
fn a_reordered_or_respaced_payload_signed_with_the_right_key_is_not_canonical() {
    let payload = payload_of(&token());
    let value: Value = serde_json::from_str(&payload).unwrap();
    let members = value.as_object().unwrap();
    let reversed: Vec<String> = members
        .iter()
        .rev()
        .map(|(k, v)| format!("{}:{}", serde_json::to_string(k).unwrap(), jcs::to_string(v).unwrap()))
        .collect();
    let reordered = format!("{{{}}}", reversed.join(","));
    assert_ne!(reordered, payload);
    assert_eq!(check(&resign(&reordered)), Err(ErrorCode::NotCanonical));
    let spaced = serde_json::to_string_pretty(&value).unwrap();
    assert_eq!(check(&resign(&spaced)), Err(ErrorCode::NotCanonical));
    let trailing = format!("{payload}\n");
    assert_eq!(check(&resign(&trailing)), Err(ErrorCode::NotCanonical));
    // Canonical JSON, but a null where receipts leave a field out.
    let mut with_null = value.clone();
    with_null["ageBand"] = Value::Null;
    assert_eq!(
        check(&resign(&jcs::to_string(&with_null).unwrap())),
        Err(ErrorCode::NotCanonical)
    );
}

#[test]
fn a_signed_payload_that_is_not_a_valid_receipt_is_refused() {
    let value: Value = serde_json::from_str(&payload_of(&token())).unwrap();
    let cases: Vec<(&str, Value)> = vec![
        ("unknown field", {
            let mut v = value.clone();
            v["extra"] = Value::Bool(true);
            v
        }),
        ("email subject", {
            let mut v = value.clone();
            v["subject"] = "bob@example.com".into();
            v
        }),
        ("ip subject", {
            let mut v = value.clone();
            v["subject"] = "198.51.100.23".into();
            v
        }),
        ("schema version", {
            let mut v = value.clone();
            v["schemaVersion"] = "assent-receipt/2".into();
            v
        }),
        ("age not band", {
            let mut v = value.clone();
            v["ageBand"] = 12.into();
            v
        }),
        ("state", {
            let mut v = value.clone();
            v["purposes"][0]["state"] = "Yes".into();
            v
        }),
        ("time form", {
            let mut v = value.clone();
            v["issuedAt"] = "2026-11-29T20:00:00+08:00".into();
            v
        }),
        ("array", Value::Array(vec![])),
    ];
    for (what, v) in cases {
        assert_eq!(
            check(&resign(&jcs::to_string(&v).unwrap())),
            Err(ErrorCode::Payload),
            "{what}"
        );
    }
    assert_eq!(check(&resign("not json")), Err(ErrorCode::Payload));
    let not_utf8 = {
        let keys = keys();
        let (kid, key) = keys.active().unwrap();
        jws::sign_raw(jws::receipt_header(kid).unwrap().as_bytes(), &[0xff, 0xfe], key)
    };
    assert_eq!(check(&not_utf8), Err(ErrorCode::Payload));
}

#[test]
fn an_expired_receipt_is_refused() {
    let token = token();
    let receipt = receipt();
    let jwks = keys().public_jwks();
    let expires = at(&receipt.expires_at);
    assert!(verify(
        &token,
        &jwks,
        &VerifyOptions::at(assent::time::Timestamp(expires.0 - 1))
    )
    .is_ok());
    let e = verify(&token, &jwks, &VerifyOptions::at(expires)).unwrap_err();
    assert_eq!(e.code, ErrorCode::Expired);
    assert_eq!(e.code.as_str(), "receipt.expired");
}

#[test]
fn a_receipt_from_the_future_is_refused() {
    let jwks = keys().public_jwks();
    let early = at("2026-11-29T11:00:00Z");
    let e = verify(&token(), &jwks, &VerifyOptions::at(early)).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotYetValid);
    // A few minutes of clock skew are tolerated.
    assert!(verify(&token(), &jwks, &VerifyOptions::at(at("2026-11-29T11:57:00Z"))).is_ok());
}

#[test]
fn a_changed_policy_document_is_a_policy_mismatch() {
    let token = token();
    let jwks = keys().public_jwks();
    let doc = seed();
    assert!(verify(&token, &jwks, &VerifyOptions::at(now()).with_policy(&doc)).is_ok());
    // Same id and version, one word changed: the hash tells.
    let mut value: Value = serde_json::from_str(&seed_text()).unwrap();
    value["url"] = Value::String("https://shop.example/privacy-v2".into());
    let changed = PolicyDoc::from_json(&value.to_string()).unwrap();
    assert_eq!(changed.policy.version, doc.policy.version);
    let e = verify(&token, &jwks, &VerifyOptions::at(now()).with_policy(&changed)).unwrap_err();
    assert_eq!(e.code, ErrorCode::PolicyMismatch);
    assert!(e.message.contains("hash"), "{}", e.message);
    // Another version.
    value["version"] = Value::String("9.0.0".into());
    let other = PolicyDoc::from_json(&value.to_string()).unwrap();
    let e = verify(&token, &jwks, &VerifyOptions::at(now()).with_policy(&other)).unwrap_err();
    assert_eq!(e.code, ErrorCode::PolicyMismatch);
}

#[test]
fn the_same_policy_spelled_differently_has_the_same_hash() {
    let value: Value = serde_json::from_str(&seed_text()).unwrap();
    let compact = PolicyDoc::from_json(&value.to_string()).unwrap();
    let pretty = PolicyDoc::from_json(&serde_json::to_string_pretty(&value).unwrap()).unwrap();
    assert_eq!(compact.sha256, seed().sha256);
    assert_eq!(pretty.sha256, seed().sha256);
}

#[test]
fn a_broken_chain_is_refused() {
    let keys = keys();
    let jwks = keys.public_jwks();
    let doc = seed();
    let first = token();
    let mut c = choice();
    c.prev = Some(chain_link(&first));
    let second = sign_receipt(&build_receipt(&c, Some(&doc), &id(2), now()).unwrap(), &keys).unwrap();
    let chained = |prev: &str| verify(&second, &jwks, &VerifyOptions::at(now()).with_previous(prev)).map(|_| ());
    assert_eq!(chained(&first), Ok(()));
    // Another receipt given as the previous one.
    let mut other = choice();
    other.validity = Some("P1M".into());
    let other = sign_receipt(&build_receipt(&other, Some(&doc), &id(9), now()).unwrap(), &keys).unwrap();
    assert_eq!(chained(&other).unwrap_err().code, ErrorCode::ChainBroken);
    // The first receipt has no prev, so nothing can precede it.
    let e = verify(&first, &jwks, &VerifyOptions::at(now()).with_previous(&other)).unwrap_err();
    assert_eq!(e.code, ErrorCode::ChainBroken);
    // A previous receipt that hashes right but is about another subject.
    let mut stranger = choice();
    stranger.subject = "u_another_person_42".into();
    let stranger = sign_receipt(&build_receipt(&stranger, Some(&doc), &id(4), now()).unwrap(), &keys).unwrap();
    let mut c = choice();
    c.prev = Some(chain_link(&stranger));
    let linked = sign_receipt(&build_receipt(&c, Some(&doc), &id(5), now()).unwrap(), &keys).unwrap();
    let e = verify(&linked, &jwks, &VerifyOptions::at(now()).with_previous(&stranger)).unwrap_err();
    assert_eq!(e.code, ErrorCode::ChainBroken);
}

#[test]
fn every_error_code_is_distinct_and_stable() {
    use ErrorCode::*;
    let all = assent::json::variants::<ErrorCode>();
    assert!(all.contains(&Policy), "the list reaches the last code");
    let codes: std::collections::BTreeSet<&str> = all.iter().map(|c| c.as_str()).collect();
    assert_eq!(codes.len(), all.len());
    assert!(codes.iter().all(|c| c.starts_with("receipt.")));
    assert!(all.iter().all(|c| !c.hint().is_empty()));
    assert_eq!(Signature.as_str(), "receipt.signature");
    assert_eq!(KidUnknown.as_str(), "receipt.kid_unknown");
}

#[test]
fn base64_in_another_alphabet_or_padded_is_refused() {
    let token = token();
    let parts: Vec<&str> = token.split('.').collect();
    let sig = b64url_decode(parts[2]).unwrap();
    use base64::Engine as _;
    let padded_std = base64::engine::general_purpose::STANDARD.encode(&sig);
    let forged = format!("{}.{}.{}", parts[0], parts[1], padded_std);
    assert_eq!(check(&forged), Err(ErrorCode::Structure));
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn json_text() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| Value::Number(n.into())),
            "[a-zA-Z0-9@:.\\-]{0,12}".prop_map(Value::String),
        ];
        let value = leaf.prop_recursive(3, 24, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-zA-Z]{1,12}", inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        });
        value.prop_map(|v| v.to_string())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn arbitrary_text_is_refused_without_panicking(text in any::<String>()) {
            prop_assert!(check(&text).is_err());
        }

        #[test]
        fn arbitrary_dotted_base64_is_refused_without_panicking(
            parts in prop::collection::vec("[A-Za-z0-9_-]{0,120}", 0..5),
        ) {
            prop_assert!(check(&parts.join(".")).is_err());
        }

        #[test]
        fn arbitrary_json_signed_with_the_right_key_is_refused_without_panicking(
            payload in json_text(),
            header in json_text(),
        ) {
            prop_assert!(check(&resign(&payload)).is_err());
            let keys = keys();
            let (_, key) = keys.active().unwrap();
            let token = jws::sign_raw(header.as_bytes(), payload.as_bytes(), key);
            prop_assert!(check(&token).is_err());
        }

        #[test]
        fn a_valid_receipt_with_one_field_replaced_is_refused_or_still_valid(
            field in prop::sample::select(vec![
                "subject", "jurisdiction", "issuedAt", "expiresAt", "receiptId", "prev", "ageBand",
                "collectionMethod", "schemaVersion", "purposes", "actor", "notice", "policy",
            ]),
            replacement in json_text(),
        ) {
            let mut value: Value = serde_json::from_str(&payload_of(&token())).unwrap();
            value[field] = serde_json::from_str(&replacement).unwrap();
            // Whatever the replacement, verification answers without panicking; if it accepts,
            // the receipt it returns is exactly what was signed.
            let token = resign(&jcs::to_string(&value).unwrap());
            if let Ok(verified) = verify(&token, &keys().public_jwks(), &VerifyOptions::at(now())) {
                prop_assert_eq!(verified.receipt.canonical_json().unwrap(), jcs::to_string(&value).unwrap());
            }
        }
    }
}
