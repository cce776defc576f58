//! Signing and verifying receipts: the RFC 8037 vector, the round trip, key rotation, chains,
//! and receipts as the evaluator's consent state.
#![cfg(feature = "sign")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod receipt_support;

use assent::eval::{Actor, AgeBand, ConsentState};
use assent::policy::VerificationMethod;
use assent::receipt::jwk::{b64url, b64url_decode};
use assent::receipt::signature::Ed25519;
use assent::receipt::{
    build_receipt, chain_link, jws, receipts_to_consents, sign_receipt, thumbprint, verify, Choice, ErrorCode,
    GuardianRelationship, Jwks, PurposeChoice, ReceiptActor, SigningKeySet, VerifyOptions, SCHEMA_VERSION,
};
use ed25519_dalek::{SigningKey, VerifyingKey};
use receipt_support::*;

// RFC 8037 Appendix A.1 (key), A.3 (thumbprint) and A.4 (signature).
const RFC8037_D: &str = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
const RFC8037_X: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
const RFC8037_KID: &str = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";
const RFC8037_JWS: &str = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

#[test]
fn rfc8037_appendix_a4_signs_byte_for_byte() {
    let d: [u8; 32] = b64url_decode(RFC8037_D).unwrap().try_into().unwrap();
    let key = SigningKey::from_bytes(&d);
    assert_eq!(b64url(key.verifying_key().as_bytes()), RFC8037_X);
    assert_eq!(thumbprint(key.verifying_key().as_bytes()), RFC8037_KID);
    let token = jws::sign_raw(br#"{"alg":"EdDSA"}"#, b"Example of Ed25519 signing", &key);
    assert_eq!(token, RFC8037_JWS);
}

#[test]
fn rfc8037_appendix_a5_verifies() {
    let x: [u8; 32] = b64url_decode(RFC8037_X).unwrap().try_into().unwrap();
    let key = VerifyingKey::from_bytes(&x).unwrap().to_bytes();
    let decoded = jws::decode(RFC8037_JWS).unwrap();
    assert_eq!(decoded.payload, b"Example of Ed25519 signing");
    decoded.verify_signature(&key, &Ed25519).unwrap();
    // The same signature under the RFC 9864 alg name is a different signing input: refused.
    let other = jws::decode(
        RFC8037_JWS
            .replacen("eyJhbGciOiJFZERTQSJ9", &b64url(br#"{"alg":"Ed25519"}"#), 1)
            .as_str(),
    )
    .map(|d| d.verify_signature(&key, &Ed25519));
    assert_eq!(other.unwrap().unwrap_err().code, ErrorCode::Signature);
}

#[test]
fn a_signed_receipt_verifies_and_gives_back_the_receipt() {
    let keys = keys();
    let receipt = receipt();
    let token = sign_receipt(&receipt, &keys).unwrap();
    let header = jws::decode(&token).unwrap().header;
    assert_eq!(header["alg"], "EdDSA");
    assert_eq!(header["typ"], "assent-receipt+jwt");
    assert_eq!(header["kid"], keys.active_kid());
    let verified = verify(&token, &keys.public_jwks(), &VerifyOptions::at(now())).unwrap();
    assert_eq!(verified.receipt, receipt);
    assert_eq!(verified.kid, keys.active_kid());
    assert_eq!(verified.link, chain_link(&token));
    assert_eq!(verified.receipt.schema_version, SCHEMA_VERSION);
    // The payload is the receipt's canonical JSON, exactly.
    let payload = jws::decode(&token).unwrap().payload;
    assert_eq!(String::from_utf8(payload).unwrap(), receipt.canonical_json().unwrap());
}

#[test]
fn alg_ed25519_from_rfc9864_is_accepted() {
    let keys = keys();
    let (kid, key) = keys.active().unwrap();
    let header = format!(r#"{{"alg":"Ed25519","kid":"{kid}","typ":"assent-receipt+jwt"}}"#);
    let token = jws::sign_raw(header.as_bytes(), receipt().canonical_json().unwrap().as_bytes(), key);
    verify(&token, &keys.public_jwks(), &VerifyOptions::at(now())).unwrap();
}

#[test]
fn a_receipt_signed_with_a_retired_key_still_verifies_after_rotation() {
    let mut keys = SigningKeySet::generate([1; 32]);
    let kid_a = keys.active_kid().to_owned();
    let old = sign_receipt(&receipt(), &keys).unwrap();
    let kid_b = keys.rotate([2; 32]).unwrap();
    let new = sign_receipt(&receipt(), &keys).unwrap();
    assert_eq!(jws::decode(&new).unwrap().kid(), Some(kid_b.as_str()));
    assert_eq!(jws::decode(&old).unwrap().kid(), Some(kid_a.as_str()));
    // Even with A's private half destroyed, its public half stays published.
    keys.destroy_private(&kid_a).unwrap();
    let published = Jwks::from_json(&keys.public_jwks().to_json_pretty()).unwrap();
    assert_eq!(published.len(), 2);
    let options = VerifyOptions::at(now());
    assert_eq!(verify(&old, &published, &options).unwrap().kid, kid_a);
    assert_eq!(verify(&new, &published, &options).unwrap().kid, kid_b);
    // Why a retired key is never dropped: without it the old receipt is unverifiable.
    let only_b = Jwks::from_keys([*published.get(&kid_b).unwrap()]);
    assert_eq!(verify(&old, &only_b, &options).unwrap_err().code, ErrorCode::KidUnknown);
}

#[test]
fn publishing_after_rotation_keeps_every_key_ever_published() {
    let first = SigningKeySet::generate([1; 32]).public_jwks();
    let fresh = SigningKeySet::generate([3; 32]).public_jwks();
    let published = first.union(&fresh);
    assert_eq!(published.len(), 2);
    assert_eq!(published.union(&first), published);
}

#[test]
fn receipts_chain_by_the_hash_of_the_previous_token() {
    let keys = keys();
    let doc = seed();
    let first = sign_receipt(&receipt(), &keys).unwrap();
    let mut next_choice = choice();
    next_choice.purposes = vec![PurposeChoice {
        purpose: "location".into(),
        state: ConsentState::ConsentWithdrawn,
        separate: true,
    }];
    next_choice.prev = Some(chain_link(&first));
    let next = build_receipt(&next_choice, Some(&doc), &id(2), at("2026-12-01T08:00:00Z")).unwrap();
    let second = sign_receipt(&next, &keys).unwrap();
    let options = VerifyOptions::at(at("2026-12-02T00:00:00Z"))
        .with_previous(&first)
        .with_policy(&doc);
    let verified = verify(&second, &keys.public_jwks(), &options).unwrap();
    assert_eq!(verified.receipt.prev.as_deref(), Some(chain_link(&first).as_str()));
}

#[test]
fn the_latest_receipt_per_purpose_becomes_the_consent_state() {
    let keys = keys();
    let doc = seed();
    let jwks = keys.public_jwks();
    let first = sign_receipt(&receipt(), &keys).unwrap();
    // The same second: the chain decides which is later, not the order given.
    let mut c = choice();
    c.purposes = vec![PurposeChoice {
        purpose: "location".into(),
        state: ConsentState::ConsentWithdrawn,
        separate: true,
    }];
    c.prev = Some(chain_link(&first));
    let second = sign_receipt(&build_receipt(&c, Some(&doc), &id(2), now()).unwrap(), &keys).unwrap();
    let options = VerifyOptions::at(now());
    let verified = [
        verify(&second, &jwks, &options).unwrap(),
        verify(&first, &jwks, &options).unwrap(),
    ];
    let consents = receipts_to_consents(&verified);
    assert_eq!(consents.len(), 2);
    let location = &consents["location"];
    assert_eq!(location.state, ConsentState::ConsentWithdrawn);
    assert_eq!(location.time, NOW);
    assert_eq!(location.policy_version, doc.policy.version);
    assert_eq!(location.by, Actor::Subject);
    assert!(location.separate);
    assert_eq!(consents["marketing"].state, ConsentState::ConsentRefused);
}

#[test]
fn a_later_receipt_wins_by_issued_at_whatever_the_order_given() {
    let keys = keys();
    let doc = seed();
    let jwks = keys.public_jwks();
    let mut c = choice();
    c.actor = ReceiptActor::guardian(GuardianRelationship::Parent, VerificationMethod::CardCheck);
    c.age_band = Some(AgeBand::BelowGuardianAge);
    c.purposes[1].state = ConsentState::ConsentGiven;
    let later = build_receipt(&c, Some(&doc), &id(3), at("2026-11-30T09:00:00Z")).unwrap();
    let later = sign_receipt(&later, &keys).unwrap();
    let earlier = token();
    let options = VerifyOptions::at(at("2026-12-01T00:00:00Z"));
    let verified = [
        verify(&later, &jwks, &options).unwrap(),
        verify(&earlier, &jwks, &options).unwrap(),
    ];
    let consents = receipts_to_consents(&verified);
    assert_eq!(consents["marketing"].state, ConsentState::ConsentGiven);
    assert_eq!(consents["marketing"].by, Actor::Guardian);
    assert_eq!(consents["marketing"].time, "2026-11-30T09:00:00Z");
}

#[test]
fn validity_comes_from_the_policy_rule_of_the_jurisdiction() {
    let doc = seed();
    // CN: consents for 12 months.
    let r = build_receipt(&choice(), Some(&doc), &id(1), now()).unwrap();
    assert_eq!(r.issued_at, NOW);
    assert_eq!(r.expires_at, "2027-11-29T12:00:00Z");
    // A receipt of refusals only lasts as long as a refusal is remembered (6 months in CN).
    let mut c = choice();
    c.purposes.remove(0);
    let r = build_receipt(&c, Some(&doc), &id(1), now()).unwrap();
    assert_eq!(r.expires_at, "2027-05-29T12:00:00Z");
    // An explicit validity wins.
    c.validity = Some("P30D".into());
    let r = build_receipt(&c, Some(&doc), &id(1), now()).unwrap();
    assert_eq!(r.expires_at, "2026-12-29T12:00:00Z");
}

#[test]
fn building_refuses_what_the_policy_does_not_have() {
    let doc = seed();
    let mut c = choice();
    c.purposes[0].purpose = "mind-reading".into();
    assert_eq!(
        build_receipt(&c, Some(&doc), &id(1), now()).unwrap_err().code,
        ErrorCode::Policy
    );
    let mut c = choice();
    c.locale = "fr".into();
    assert_eq!(
        build_receipt(&c, Some(&doc), &id(1), now()).unwrap_err().code,
        ErrorCode::Policy
    );
    let mut c = choice();
    c.subject = "alice@example.com".into();
    assert_eq!(
        build_receipt(&c, Some(&doc), &id(1), now()).unwrap_err().code,
        ErrorCode::Subject
    );
    let mut c = choice();
    c.subject = "203.0.113.7".into();
    assert_eq!(
        build_receipt(&c, Some(&doc), &id(1), now()).unwrap_err().code,
        ErrorCode::Subject
    );
    assert_eq!(
        build_receipt(&choice(), Some(&doc), "not-a-uuid", now())
            .unwrap_err()
            .code,
        ErrorCode::Record
    );
    let mut c = choice();
    c.actor = ReceiptActor {
        kind: Actor::Guardian,
        relationship: None,
        verification: None,
        joint: false,
    };
    assert_eq!(
        build_receipt(&c, Some(&doc), &id(1), now()).unwrap_err().code,
        ErrorCode::Record
    );
    let mut c = choice();
    c.purposes.push(c.purposes[0].clone());
    assert_eq!(
        build_receipt(&c, Some(&doc), &id(1), now()).unwrap_err().code,
        ErrorCode::Record
    );
}

#[test]
fn a_choice_without_a_policy_document_carries_its_own_references() {
    let full = receipt();
    let c = Choice {
        policy: Some(full.policy.clone()),
        controller: Some(full.controller.clone()),
        notice_sha256: Some(full.notice.sha256.clone()),
        validity: Some("P12M".into()),
        ..choice()
    };
    assert_eq!(build_receipt(&c, None, &id(1), now()).unwrap(), full);
    let bare = Choice {
        validity: Some("P12M".into()),
        ..choice()
    };
    assert_eq!(
        build_receipt(&bare, None, &id(1), now()).unwrap_err().code,
        ErrorCode::Record
    );
}

#[test]
fn the_notice_hash_pins_the_exact_texts_shown() {
    let doc = seed();
    let mut c = choice();
    c.shown_texts = Some(vec!["标题".into(), "摘要".into()]);
    let a = build_receipt(&c, Some(&doc), &id(1), now()).unwrap();
    c.shown_texts = Some(vec!["标题".into(), "摘要。".into()]);
    let b = build_receipt(&c, Some(&doc), &id(1), now()).unwrap();
    assert_ne!(a.notice.sha256, b.notice.sha256);
    assert_ne!(a.notice.sha256, receipt().notice.sha256);
}

mod round_trip {
    use super::*;
    use proptest::prelude::*;

    fn state() -> impl Strategy<Value = ConsentState> {
        prop_oneof![
            Just(ConsentState::ConsentGiven),
            Just(ConsentState::RenewedConsentGiven),
            Just(ConsentState::ConsentRefused),
            Just(ConsentState::ConsentWithdrawn),
            Just(ConsentState::ConsentRevoked),
            Just(ConsentState::ConsentRequestDeferred),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn sign_then_verify_gives_back_the_same_receipt(
            seed_bytes in any::<[u8; 32]>(),
            id_bytes in any::<[u8; 16]>(),
            subject in "[A-Za-z0-9._~-]{8,64}",
            picks in prop::collection::vec((any::<prop::sample::Index>(), state(), any::<bool>()), 1..6),
            secs in 0i64..4_000_000_000,
            guardian in any::<bool>(),
        ) {
            prop_assume!(assent::receipt::record::validate_subject(&subject).is_ok());
            let doc = seed();
            let mut c = choice();
            c.subject = subject;
            let mut purposes: Vec<PurposeChoice> = Vec::new();
            for (index, state, separate) in picks {
                let p = index.get(&doc.policy.purposes);
                if purposes.iter().all(|q| q.purpose != p.id) {
                    purposes.push(PurposeChoice { purpose: p.id.clone(), state, separate });
                }
            }
            c.purposes = purposes;
            if guardian {
                c.actor = ReceiptActor::guardian(GuardianRelationship::LegalGuardian, VerificationMethod::IdDocument);
                c.collection_method = assent::receipt::CollectionMethod::GuardianPage;
            }
            let now = assent::time::Timestamp(secs);
            let receipt = build_receipt(&c, Some(&doc), &assent::receipt::new_receipt_id(id_bytes), now).unwrap();
            let keys = SigningKeySet::generate(seed_bytes);
            let token = sign_receipt(&receipt, &keys).unwrap();
            let verified = verify(&token, &keys.public_jwks(), &VerifyOptions::at(now).with_policy(&doc)).unwrap();
            prop_assert_eq!(verified.receipt, receipt);
            prop_assert_eq!(verified.kid, keys.active_kid());
        }
    }
}

/// A choice's own `validity` may shorten a consent, never outlast the jurisdiction's
/// `consentValidity` (12 months in CN for the seed): a longer one is refused, not signed.
#[test]
fn a_choice_cannot_make_a_consent_outlast_its_jurisdiction() {
    let doc = seed();
    let mut c = choice();
    c.validity = Some("P5Y".into());
    let e = build_receipt(&c, Some(&doc), &id(1), now()).unwrap_err();
    assert_eq!(e.code, ErrorCode::Record);
    assert!(e.message.contains("P5Y") && e.message.contains("CN"), "{}", e.message);
    c.validity = Some("P1M".into());
    let r = build_receipt(&c, Some(&doc), &id(1), now()).unwrap();
    assert_eq!(
        r.expires_at,
        now().plus(&assent::time::Duration::parse("P1M").unwrap()).to_string()
    );
    c.validity = None;
    let r = build_receipt(&c, Some(&doc), &id(1), now()).unwrap();
    assert_eq!(
        r.expires_at,
        now().plus(&assent::time::Duration::parse("P12M").unwrap()).to_string()
    );
}
