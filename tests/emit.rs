#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! The crate's own writers (`assent::json::ToJson`, what the Wasm boundary answers with) must
//! write exactly what serde_json writes for the same value through serde's derive: the policies,
//! with every member that may be left out both present and absent, their purposes and texts in
//! every locale, and every evaluation and decision of the golden corpus.

use assent::eval::DecideOptions;
use assent::json::write;
use assent::policy::{
    self, Cite, ConsentModeSignal, GuardianMode, Policy, StorageItem, StorageKind, Text, VersionNotice,
};
use serde_json::Value;

mod golden_support;
mod repo_support;

use repo_support::{policy_files, read};

/// Every policy document of the repository that loads.
fn policies() -> Vec<(String, Policy)> {
    let out: Vec<_> = policy_files()
        .into_iter()
        .map(|(path, text)| {
            let loaded = policy::load(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
            (path, loaded)
        })
        .collect();
    assert!(out.len() >= 6, "only {} policies", out.len());
    out
}

fn same<T: assent::json::ToJson + serde::Serialize + ?Sized>(what: &str, v: &T) {
    assert_eq!(write(v), serde_json::to_string(v).unwrap(), "{what}");
}

fn text(s: &str) -> Text {
    Text(
        [
            ("en".to_string(), s.to_string()),
            ("zh-CN".to_string(), format!("{s} (zh)")),
        ]
        .into(),
    )
}

/// Every member that may be left out, given a value.
fn filled(mut p: Policy) -> Policy {
    p.schema = Some("./policy.schema.json".into());
    for purpose in &mut p.purposes {
        purpose.consent_mode = vec![ConsentModeSignal::AdStorage, ConsentModeSignal::AnalyticsStorage];
        purpose.tcf_purposes = vec![1, 7];
        purpose.storage.push(StorageItem {
            kind: StorageKind::Cookie,
            name: "_x\"\\".into(),
            lifetime: Some("P1Y".into()),
            first_party: false,
        });
    }
    for rule in &mut p.jurisdictions {
        rule.extends = Some("*".into());
        rule.guardian_age = Some(14);
        rule.minor_age = Some(18);
        rule.ask_age = Some(false);
        rule.guardian_mode = Some(GuardianMode::GuardianAndChild);
        rule.forbidden_for_minors = Some(vec![]);
        rule.gpc_opts_out = Some(vec!["advertising".into()]);
        rule.consent_validity = Some("P1Y".into());
        rule.refusal_memory = Some("P6M".into());
        rule.guardian_again_on_major_change = Some(true);
        rule.child_data_sensitive_below = Some(14);
        rule.cite = Some(Cite {
            clause: "c".into(),
            quote: "q".into(),
        });
    }
    let scope = p.purposes.iter().map(|x| x.scope()).collect();
    p.history.push(assent::policy::VersionScope {
        version: "0.9.0".into(),
        effective: "2020-01-01".into(),
        purposes: scope,
        notice: Some(VersionNotice {
            major: true,
            summary: text("changed"),
            reduces_rights: true,
        }),
    });
    for h in &mut p.history {
        if h.notice.is_none() {
            h.notice = Some(VersionNotice {
                major: false,
                summary: text("minor"),
                reduces_rights: false,
            });
        }
    }
    p
}

/// Every member that may be left out, without a value.
fn emptied(mut p: Policy) -> Policy {
    p.schema = None;
    p.impact_assessment = None;
    for purpose in &mut p.purposes {
        purpose.consent_mode.clear();
        purpose.tcf_purposes.clear();
        for s in &mut purpose.storage {
            s.lifetime = None;
        }
    }
    for rule in &mut p.jurisdictions {
        rule.extends = None;
        rule.guardian_age = None;
        rule.minor_age = None;
        rule.ask_age = None;
        rule.guardian_mode = None;
        rule.forbidden_for_minors = None;
        rule.gpc_opts_out = None;
        rule.consent_validity = None;
        rule.refusal_memory = None;
        rule.guardian_again_on_major_change = None;
        rule.child_data_sensitive_below = None;
        rule.cite = None;
    }
    for h in &mut p.history {
        h.notice = None;
    }
    let with_history = p.clone();
    p.history.clear();
    same("a policy without history", &p);
    with_history
}

#[test]
fn every_policy_is_written_as_serde_writes_it() {
    for (name, p) in policies() {
        same(&name, &p);
        same(&format!("{name}, purposes"), &p.purposes);
        for locale in p.locales.iter().map(String::as_str).chain(["fr", ""]) {
            same(&format!("{name}, texts in {locale:?}"), &p.texts(locale));
        }
        let full = filled(p.clone());
        same(&format!("{name}, every optional member set"), &full);
        assert!(write(&full).contains("\"reducesRights\":true"));
        let empty = emptied(full);
        same(&format!("{name}, every optional member unset"), &empty);
        assert!(!write(&empty).contains("\"$schema\""));
    }
}

#[test]
fn every_golden_evaluation_is_written_as_serde_writes_it() {
    let mut checked = 0;
    for (engine, ctx) in golden_support::golden_contexts() {
        for reasons in [true, false] {
            let Ok(out) = engine.evaluator().evaluate_with(&ctx, DecideOptions { reasons }) else {
                continue;
            };
            same("an evaluation", &out);
            for d in &out.purposes {
                same("a decision", d);
            }
            checked += 1;
        }
    }
    assert!(checked >= 240, "only {checked} evaluations were checked");
}

#[test]
fn boundary_errors_are_written_as_serde_writes_them() {
    let seed = read("policies/seed.json");
    let mut doc: Value = serde_json::from_str(&seed).unwrap();
    doc["id"] = Value::from("");
    doc["version"] = Value::from("one");
    let many = policy::load(&serde_json::to_string_pretty(&doc).unwrap()).unwrap_err();
    assert!(many.0.len() > 1);
    same("an error of several problems", &assent::api::ApiError::from(many));
    let bare = assent::api::ApiError::from(policy::Problem::at("x.y", "$.a", "no hint"));
    assert!(bare.hint.is_none());
    same("an error without a hint", &bare);
    let read = policy::load("{\"id\": 1}").unwrap_err();
    same("a reader's error", &assent::api::ApiError::from(read));
}
