//! A receipt as a Kantara Initiative Consent Receipt v1.1 document, for people and tools that
//! read that format.
//!
//! Kantara records what was consented to, so only purposes whose state is a valid consent
//! (`ConsentGiven`, `RenewedConsentGiven`) are listed; refusals and withdrawals have no place in
//! it (the assent receipt keeps them). With the policy document, purposes carry their names,
//! data categories, retention and recipients; without it, the document says so and points to
//! the policy instead of guessing, and counts disclosure and sensitivity on the safe side.

use crate::prelude::*;
use serde_json::{json, Value};

use super::error::{fail, ErrorCode, ReceiptError};
use super::record::{PolicyDoc, Receipt};
use crate::policy::{Policy, PurposeKind, RecipientRole, Sensitivity};

/// The Kantara `version` value.
pub const KANTARA_VERSION: &str = "KI-CR-v1.1.0";

/// Projects a receipt to a Kantara Consent Receipt v1.1 document. `policy`, when given, must be
/// the document the receipt names (same id, version and hash). `public_key` fills Kantara's
/// optional `publicKey` (e.g. the signing key's base64url `x`).
pub fn to_kantara(
    receipt: &Receipt,
    policy: Option<&PolicyDoc>,
    public_key: Option<&str>,
) -> Result<Value, ReceiptError> {
    if let Some(doc) = policy {
        if doc.reference() != receipt.policy {
            return fail(
                ErrorCode::PolicyMismatch,
                format!(
                    "the receipt names policy {} {} ({}), not the document given",
                    receipt.policy.id, receipt.policy.version, receipt.policy.sha256
                ),
            );
        }
    }
    let issued = receipt.issued()?;
    let Ok(timestamp) = u64::try_from(issued.0) else {
        return fail(ErrorCode::Record, "Kantara timestamps cannot be before 1970");
    };
    let policy = policy.map(|d| &d.policy);
    let locale = receipt.notice.locale.as_str();
    let given: Vec<&str> = receipt
        .purposes
        .iter()
        .filter(|p| p.state.is_valid_consent())
        .map(|p| p.purpose.as_str())
        .collect();
    let purposes: Vec<Value> = given.iter().map(|id| purpose_entry(id, receipt, policy)).collect();
    let (sensitive, spi) = match policy {
        Some(p) => sensitive_categories(p, &given, locale),
        None => (
            receipt
                .purposes
                .iter()
                .any(|p| p.state.is_valid_consent() && p.separate),
            Vec::new(),
        ),
    };
    let c = &receipt.controller;
    let mut doc = json!({
        "version": KANTARA_VERSION,
        "jurisdiction": receipt.jurisdiction,
        "consentTimestamp": timestamp,
        "collectionMethod": receipt.collection_method.describe(),
        "consentReceiptID": receipt.receipt_id,
        "language": locale,
        "piiPrincipalId": receipt.subject,
        "piiControllers": [{
            "piiController": c.name,
            "contact": c.contact,
            "address": { "streetAddress": c.address },
            "email": c.email,
            "phone": c.phone,
        }],
        "policyUrl": receipt.policy.url,
        "services": [{
            "service": match policy {
                Some(p) => p.title.get(locale, &p.default_locale).to_owned(),
                None => format!("{} {}", receipt.policy.id, receipt.policy.version),
            },
            "purposes": purposes,
        }],
        "sensitive": sensitive,
        "spiCat": spi,
    });
    if let (Some(key), Some(obj)) = (public_key, doc.as_object_mut()) {
        obj.insert("publicKey".into(), Value::String(key.to_owned()));
    }
    Ok(doc)
}

fn purpose_entry(id: &str, receipt: &Receipt, policy: Option<&Policy>) -> Value {
    let url = &receipt.policy.url;
    let locale = receipt.notice.locale.as_str();
    let found = policy.and_then(|p| p.purposes.iter().find(|q| q.id == id).map(|q| (p, q)));
    let Some((p, purpose)) = found else {
        return json!({
            "purpose": id,
            "consentType": "EXPLICIT",
            "purposeCategory": [],
            "piiCategory": [],
            "termination": format!("As stated in the policy at {url}"),
            "thirdPartyDisclosure": true,
            "thirdPartyName": format!("See the recipients listed in the policy at {url}"),
        });
    };
    let fallback = p.default_locale.as_str();
    let pii: Vec<String> = purpose
        .data_categories
        .iter()
        .map(|cat| {
            p.data_categories
                .iter()
                .find(|d| d.id == *cat)
                .map(|d| d.label.get(locale, fallback).to_owned())
                .unwrap_or_else(|| cat.clone())
        })
        .collect();
    let termination = p
        .retention
        .rules
        .iter()
        .find(|r| r.id == purpose.retention)
        .map(|r| r.description.get(locale, fallback).to_owned())
        .unwrap_or_else(|| format!("As stated in the policy at {url}"));
    let third_parties: Vec<String> = purpose
        .recipients
        .iter()
        .filter_map(|rid| p.recipients.iter().find(|r| r.id == *rid))
        .filter(|r| r.role != RecipientRole::Processor)
        .map(|r| r.name.get(locale, fallback).to_owned())
        .collect();
    let category = match purpose.kind {
        PurposeKind::Essential => "Essential service",
        PurposeKind::Basic => "Basic business function",
        PurposeKind::Extended => "Extended function",
    };
    let mut entry = json!({
        "purpose": purpose.name.get(locale, fallback),
        "consentType": "EXPLICIT",
        "purposeCategory": [category],
        "piiCategory": pii,
        "primaryPurpose": purpose.kind != PurposeKind::Extended,
        "termination": termination,
        "thirdPartyDisclosure": !third_parties.is_empty(),
    });
    if let (false, Some(obj)) = (third_parties.is_empty(), entry.as_object_mut()) {
        obj.insert("thirdPartyName".into(), Value::String(third_parties.join("; ")));
    }
    entry
}

/// Whether any consented purpose uses sensitive data, and the labels of those categories. A
/// category counts as sensitive when it, or a category it refines (`a.b` refines `a`), is.
fn sensitive_categories(policy: &Policy, given: &[&str], locale: &str) -> (bool, Vec<String>) {
    let is_sensitive = |id: &str| {
        policy.data_categories.iter().any(|d| {
            d.sensitivity == Sensitivity::Sensitive
                && (d.id == id || id.strip_prefix(d.id.as_str()).is_some_and(|r| r.starts_with('.')))
        })
    };
    let mut labels: Vec<String> = Vec::new();
    for purpose in policy.purposes.iter().filter(|p| given.contains(&p.id.as_str())) {
        for cat in purpose.data_categories.iter().filter(|c| is_sensitive(c)) {
            let label = policy
                .data_categories
                .iter()
                .find(|d| d.id == *cat)
                .map(|d| d.label.get(locale, &policy.default_locale).to_owned())
                .unwrap_or_else(|| cat.clone());
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
    }
    (!labels.is_empty(), labels)
}
