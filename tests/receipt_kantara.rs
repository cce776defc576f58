//! The Kantara Consent Receipt v1.1 projection validates against the Kantara schema.
#![cfg(feature = "sign")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod receipt_support;

use assent::eval::ConsentState;
use assent::receipt::{build_receipt, to_kantara, ErrorCode, PolicyDoc, PurposeChoice};
use receipt_support::*;
use serde_json::Value;

fn schema() -> jsonschema::Validator {
    let text = include_str!("data/kantara-consent-receipt-v1_1-schema.json");
    let schema: Value = serde_json::from_str(text).unwrap();
    jsonschema::draft4::new(&schema).unwrap()
}

fn assert_valid(doc: &Value) {
    let validator = schema();
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{doc:#}");
}

#[test]
fn the_schema_check_accepts_the_kantara_example_and_refuses_a_broken_one() {
    let example: Value = serde_json::from_str(include_str!("data/kantara-consent-receipt-v1_1-example.json")).unwrap();
    assert_valid(&example);
    let mut broken = example.clone();
    broken.as_object_mut().unwrap().remove("piiPrincipalId");
    assert!(!schema().is_valid(&broken));
    let mut disclosed_without_name = example;
    disclosed_without_name["services"][0]["purposes"][1]["thirdPartyDisclosure"] = Value::Bool(true);
    assert!(!schema().is_valid(&disclosed_without_name));
}

#[test]
fn a_receipt_with_its_policy_projects_to_a_valid_kantara_receipt() {
    let doc = seed();
    let receipt = receipt();
    let kantara = to_kantara(&receipt, Some(&doc), Some("x-of-the-key")).unwrap();
    assert_valid(&kantara);
    assert_eq!(kantara["version"], "KI-CR-v1.1.0");
    assert_eq!(kantara["consentReceiptID"], receipt.receipt_id.as_str());
    assert_eq!(kantara["consentTimestamp"], now().0);
    assert_eq!(kantara["piiPrincipalId"], receipt.subject.as_str());
    assert_eq!(kantara["jurisdiction"], "CN");
    assert_eq!(kantara["language"], "zh-CN");
    assert_eq!(kantara["policyUrl"], doc.policy.url.as_str());
    assert_eq!(kantara["publicKey"], "x-of-the-key");
    // Only the consented purpose: location was given, marketing refused.
    let purposes = kantara["services"][0]["purposes"].as_array().unwrap();
    assert_eq!(purposes.len(), 1);
    let location = doc.policy.purposes.iter().find(|p| p.id == "location").unwrap();
    assert_eq!(purposes[0]["purpose"], location.name.get("zh-CN", "zh-CN"));
    assert_eq!(purposes[0]["consentType"], "EXPLICIT");
    assert!(!purposes[0]["piiCategory"].as_array().unwrap().is_empty());
}

#[test]
fn every_purpose_of_the_seed_policy_projects_validly_in_every_locale() {
    let doc = seed();
    for locale in &doc.policy.locales {
        let mut c = choice();
        c.locale = locale.clone();
        c.purposes = doc
            .policy
            .purposes
            .iter()
            .map(|p| PurposeChoice {
                purpose: p.id.clone(),
                state: ConsentState::ConsentGiven,
                separate: p.separate_consent,
            })
            .collect();
        let receipt = build_receipt(&c, Some(&doc), &id(1), now()).unwrap();
        let kantara = to_kantara(&receipt, Some(&doc), None).unwrap();
        assert_valid(&kantara);
        assert_eq!(
            kantara["services"][0]["purposes"].as_array().unwrap().len(),
            doc.policy.purposes.len()
        );
        // The seed policy has sensitive data (precise location, among others).
        assert_eq!(
            kantara["sensitive"],
            Value::Bool(!kantara["spiCat"].as_array().unwrap().is_empty())
        );
    }
}

#[test]
fn without_the_policy_the_projection_is_still_valid_and_errs_on_the_safe_side() {
    let kantara = to_kantara(&receipt(), None, None).unwrap();
    assert_valid(&kantara);
    let purpose = &kantara["services"][0]["purposes"][0];
    assert_eq!(purpose["purpose"], "location");
    assert_eq!(purpose["thirdPartyDisclosure"], true);
    // Location was asked for separately, so it is counted as sensitive.
    assert_eq!(kantara["sensitive"], true);
}

#[test]
fn a_refusal_only_receipt_projects_with_no_purposes() {
    let mut c = choice();
    c.purposes.remove(0);
    let receipt = build_receipt(&c, Some(&seed()), &id(1), now()).unwrap();
    let kantara = to_kantara(&receipt, Some(&seed()), None).unwrap();
    assert_valid(&kantara);
    assert_eq!(kantara["services"][0]["purposes"], Value::Array(vec![]));
    assert_eq!(kantara["sensitive"], false);
}

#[test]
fn projecting_with_another_policy_document_is_refused() {
    let mut value: Value = serde_json::from_str(&seed_text()).unwrap();
    value["version"] = Value::String("2.0.0".into());
    let other = PolicyDoc::from_json(&value.to_string()).unwrap();
    assert_eq!(
        to_kantara(&receipt(), Some(&other), None).unwrap_err().code,
        ErrorCode::PolicyMismatch
    );
}
