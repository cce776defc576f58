#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! Policy updates: `seed.json` against each prepared version under `policies/versions/`.
//!
//! For every version the classification is asserted from the rules (kind, subject, severity,
//! why it is major, whether it reduces rights, the purposes to ask again), and the whole diff +
//! plan is compared exactly with `tests/golden/diff/<name>.json`. After a deliberate change,
//! `ASSENT_BLESS=1 cargo test --test changes` rewrites the golden files; review their diff.

mod repo_support;

use assent::changes::{self, ChangeKind, MajorRule, NoticeLevel, Severity};
use assent::eval::{Actor, Consent, ConsentState, Context, Decision, Engine};
use assent::policy::{self, Policy};
use proptest::prelude::*;
use repo_support::{read, root};

fn load(rel: &str) -> Policy {
    policy::load(&read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn seed() -> Policy {
    load("policies/seed.json")
}

use MajorRule as R;
use Severity::{Major, Minor};

/// One expected change: kind, subject, severity, why major, reduces rights.
type Want = (&'static str, &'static str, Severity, Option<MajorRule>, bool);

struct Case {
    name: &'static str,
    changes: Vec<Want>,
    reconsent: Vec<&'static str>,
    notice: NoticeLevel,
    explicit: bool,
}

/// What each version must come out as, reasoned from the rules, not read off the output.
fn cases() -> Vec<Case> {
    vec![
        // (3) a new main recipient; the advertising purpose shares with it, so its consent
        // scope grew.
        Case {
            name: "seed-1.1.0",
            changes: vec![(
                "recipient.added",
                "ad-measurement-partners",
                Major,
                Some(R::Recipients),
                true,
            )],
            reconsent: vec!["advertising"],
            notice: NoticeLevel::Prominent,
            explicit: true,
        },
        // (1) a purpose uses a type of information it did not: major, and its consent no longer
        // covers it.
        Case {
            name: "seed-2.0.0-service-model",
            changes: vec![
                ("purpose.data_added", "search", Major, Some(R::ServiceModel), true),
                ("text.changed", "search", Minor, None, false),
            ],
            reconsent: vec!["search"],
            notice: NoticeLevel::Prominent,
            explicit: true,
        },
        // (2) new owners: major, but no right is taken away and no consent scope grows.
        Case {
            name: "seed-2.0.0-ownership",
            changes: vec![("controller.ownership", "controller", Major, Some(R::Ownership), false)],
            reconsent: vec![],
            notice: NoticeLevel::Prominent,
            explicit: false,
        },
        // (4) how to exercise erasure was rewritten without keeping the old way: assumed
        // narrowed, so it reduces rights.
        Case {
            name: "seed-2.0.0-rights",
            changes: vec![("right.how", "erasure", Major, Some(R::Rights), true)],
            reconsent: vec![],
            notice: NoticeLevel::Prominent,
            explicit: true,
        },
        // (4) a right removed.
        Case {
            name: "seed-2.0.0-right-removed",
            changes: vec![("right.removed", "objection", Major, Some(R::Rights), true)],
            reconsent: vec![],
            notice: NoticeLevel::Prominent,
            explicit: true,
        },
        // (5) a new responsible department and a new email.
        Case {
            name: "seed-2.0.0-contact",
            changes: vec![
                ("controller.department", "controller", Major, Some(R::Contact), false),
                ("controller.contact", "controller", Major, Some(R::Contact), false),
            ],
            reconsent: vec![],
            notice: NoticeLevel::Prominent,
            explicit: false,
        },
        // (6) an impact assessment found a high risk.
        Case {
            name: "seed-2.0.0-impact-assessment",
            changes: vec![(
                "impact_assessment.high_risk",
                "impactAssessment",
                Major,
                Some(R::ImpactAssessment),
                false,
            )],
            reconsent: vec![],
            notice: NoticeLevel::Prominent,
            explicit: false,
        },
        // A new purpose resting on consent: major, but it runs only once the person agrees, so
        // nobody's rights shrink and nobody is asked *again*.
        Case {
            name: "seed-2.0.0-new-purpose",
            changes: vec![("purpose.added", "find-friends", Major, Some(R::NewPurpose), false)],
            reconsent: vec![],
            notice: NoticeLevel::Prominent,
            explicit: false,
        },
        // Search now sends data abroad (and, as the policy requires, asks a consent of its own,
        // which only widens the person's choice).
        Case {
            name: "seed-2.0.0-transfer-abroad",
            changes: vec![
                ("purpose.cross_border", "search", Major, Some(R::TransferAbroad), true),
                ("purpose.separate_consent", "search", Minor, None, false),
                ("text.changed", "search", Minor, None, false),
            ],
            reconsent: vec!["search"],
            notice: NoticeLevel::Prominent,
            explicit: true,
        },
        // Wording only.
        Case {
            name: "seed-1.0.1-wording",
            changes: vec![
                ("text.changed", "location", Minor, None, false),
                ("text.changed", "access", Minor, None, false),
                ("text.changed", "notice", Minor, None, false),
            ],
            reconsent: vec![],
            notice: NoticeLevel::Passive,
            explicit: false,
        },
        // Kept for less time: minor.
        Case {
            name: "seed-1.0.1-retention-shorter",
            changes: vec![
                ("retention.duration", "analytics", Minor, None, false),
                ("text.changed", "analytics", Minor, None, false),
            ],
            reconsent: vec![],
            notice: NoticeLevel::Passive,
            explicit: false,
        },
        // Shared with fewer: minor.
        Case {
            name: "seed-1.0.1-recipient-removed",
            changes: vec![("recipient.removed", "mini-program-developers", Minor, None, false)],
            reconsent: vec![],
            notice: NoticeLevel::Passive,
            explicit: false,
        },
    ]
}

#[test]
fn each_version_is_classified_by_the_rules() {
    let old = seed();
    for case in cases() {
        let new = load(&format!("policies/versions/{}.json", case.name));
        let r = changes::report(&old, &new).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let got: Vec<Want> = r
            .diff
            .changes
            .iter()
            .map(|c| {
                let subject: &'static str = Box::leak(c.subject.clone().into_boxed_str());
                (c.kind.code(), subject, c.severity, c.major_because, c.reduces_rights)
            })
            .collect();
        assert_eq!(got, case.changes, "{}", case.name);
        assert_eq!(r.plan.reconsent, case.reconsent, "{}: reconsent", case.name);
        assert_eq!(r.plan.notice, case.notice, "{}: notice", case.name);
        assert_eq!(
            r.plan.requires_explicit_acceptance, case.explicit,
            "{}: explicit acceptance",
            case.name
        );
        for c in &r.diff.changes {
            assert_eq!(
                c.clause.as_deref(),
                c.major_because.map(|_| "changes.major"),
                "{}: {} cites the list of major changes",
                case.name,
                c.kind.code()
            );
            assert!(!c.paths.is_empty() && c.paths.iter().all(|p| p.starts_with("$.")));
        }
    }
}

#[test]
fn every_major_kind_of_the_seed_has_a_version() {
    let old = seed();
    let mut seen = std::collections::BTreeSet::new();
    for case in cases() {
        let new = load(&format!("policies/versions/{}.json", case.name));
        for c in changes::diff(&old, &new).unwrap().changes {
            seen.extend(c.major_because);
        }
    }
    for rule in [
        R::ServiceModel,
        R::Ownership,
        R::Recipients,
        R::Rights,
        R::Contact,
        R::ImpactAssessment,
        R::NewPurpose,
        R::TransferAbroad,
    ] {
        assert!(seen.contains(&rule), "no version exercises {}", rule.code());
    }
}

#[test]
fn diff_and_plan_match_the_golden_files() {
    let old = seed();
    let bless = std::env::var_os("ASSENT_BLESS").is_some();
    let mut failures = Vec::new();
    for case in cases() {
        let new = load(&format!("policies/versions/{}.json", case.name));
        let r = changes::report(&old, &new).unwrap();
        let got = serde_json::to_string_pretty(&r).unwrap() + "\n";
        let file = root().join(format!("tests/golden/diff/{}.json", case.name));
        if bless {
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("{}: {e} (run with ASSENT_BLESS=1)", file.display()));
        if got != want {
            failures.push(case.name);
        }
    }
    assert!(
        failures.is_empty(),
        "diff output differs from tests/golden/diff for {failures:?}; if intended, rerun with ASSENT_BLESS=1 and review"
    );
}

#[test]
fn the_plan_dates_and_events_follow_the_policy() {
    let old = seed();
    let late = changes::report(&old, &load("policies/versions/seed-2.0.0-ownership.json"))
        .unwrap()
        .plan;
    assert_eq!(late.publish_by.as_deref(), Some("2026-11-08"));
    assert!(late.published_late);
    assert_eq!(late.problems.len(), 1);
    assert_eq!(late.problems[0].code, "plan.published_late");

    let major = changes::report(&old, &load("policies/versions/seed-1.1.0.json"))
        .unwrap()
        .plan;
    assert!(!major.published_late && major.problems.is_empty());
    let events: Vec<(String, String, String)> = major
        .events
        .iter()
        .map(|e| {
            (
                assent::json::variant_name(&e.channel),
                e.audience.clone(),
                e.template.into(),
            )
        })
        .collect();
    let ev = |c: &str, a: &str, t: &str| (c.to_string(), a.to_string(), t.to_string());
    assert_eq!(
        events,
        [
            ev("website", "all", "policy_update.major"),
            ev("in_page", "all", "policy_update.major"),
            ev("email", "all", "policy_update.major"),
            ev("sms", "all", "policy_update.major"),
            ev("private_message", "all", "policy_update.major"),
            ev("in_page", "consented:advertising", "policy_update.reconsent"),
            ev("email", "consented:advertising", "policy_update.reconsent"),
            ev("sms", "consented:advertising", "policy_update.reconsent"),
            ev("private_message", "consented:advertising", "policy_update.reconsent"),
        ]
    );

    let minor = changes::report(&old, &load("policies/versions/seed-1.0.1-wording.json"))
        .unwrap()
        .plan;
    let channels: Vec<String> = minor
        .events
        .iter()
        .map(|e| assent::json::variant_name(&e.channel))
        .collect();
    assert_eq!(channels, ["website", "in_page"]);
    assert!(minor
        .events
        .iter()
        .all(|e| e.audience == "all" && e.template == "policy_update.minor"));
}

/// A version is announced as the version in force promised: one that shortens the notice period
/// and drops channels is still posted in time and sent on the old channels; one that promises
/// more is announced as it says itself.
#[test]
fn a_new_version_is_announced_under_the_promises_in_force() {
    let old = seed();
    let mut weaker = load("policies/versions/seed-1.1.0.json");
    weaker.changes.notice_period = "P1D".into();
    weaker.changes.major_channels.clear();
    weaker
        .changes
        .channels
        .retain(|c| assent::json::variant_name(c) == "website");
    let plan = changes::report(&old, &weaker).unwrap().plan;
    let strong = changes::report(&old, &load("policies/versions/seed-1.1.0.json"))
        .unwrap()
        .plan;
    assert_eq!(plan.publish_by, strong.publish_by, "the old notice period still holds");
    assert_eq!(plan.events, strong.events, "the old channels still hold");

    let mut stronger = load("policies/versions/seed-1.1.0.json");
    stronger.changes.notice_period = "P60D".into();
    let plan = changes::report(&old, &stronger).unwrap().plan;
    let effective = stronger.effective.clone();
    assert!(
        plan.publish_by.as_deref() < strong.publish_by.as_deref(),
        "a longer period promised by the new version counts: {:?} for {effective}",
        plan.publish_by
    );
}

/// A visitor who consented to every purpose under 1.0.0, separately where that is needed.
fn consented_to_everything(p: &Policy) -> Context {
    let consents = p
        .purposes
        .iter()
        .map(|x| {
            (
                x.id.clone(),
                Consent {
                    state: ConsentState::ConsentGiven,
                    time: "2026-11-20T09:00:00Z".into(),
                    policy_version: "1.0.0".into(),
                    by: Actor::default(),
                    separate: true,
                    joint: false,
                },
            )
        })
        .collect();
    Context {
        now: "2026-11-29T12:00:00Z".into(),
        jurisdiction: "DE".into(),
        age: Some(30),
        age_band: None,
        age_band_in: None,
        gpc: false,
        consents,
        seen_policy_version: Some("1.0.0".into()),
        locale: Some("zh-CN".into()),
    }
}

#[test]
fn reconsent_is_what_the_evaluator_asks_again() {
    let old = seed();
    let ctx = consented_to_everything(&old);
    for case in cases() {
        let file = format!("policies/versions/{}.json", case.name);
        let new = load(&file);
        let plan = changes::report(&old, &new).unwrap().plan;
        let engine = Engine::new(new).unwrap();
        let out = engine.evaluate(&ctx).unwrap();
        let asked: Vec<&str> = out
            .purposes
            .iter()
            .filter(|d| d.decision == Decision::NeedsReconsent)
            .map(|d| d.purpose.as_str())
            .collect();
        assert_eq!(asked, plan.reconsent, "{}", case.name);
    }
}

/// Consent covers how a purpose works too: a third-party cookie, more Consent Mode signals or TCF
/// purposes, or another kind of use makes a consent given before ask again, in the plan and in
/// the evaluator alike; a first-party cookie does not.
#[test]
fn storage_others_set_signals_and_kind_ask_again() {
    use assent::policy::{ConsentModeSignal, Purpose, PurposeKind, StorageItem, StorageKind};
    let old = seed();
    let ctx = consented_to_everything(&old);
    // What is asked again once `change` is made to purpose `id`, by the evaluator and by the plan.
    let asked_of = |id: &str, change: &dyn Fn(&mut Purpose)| {
        let mut new = old.clone();
        new.version = "1.2.0".into();
        change(new.purposes.iter_mut().find(|x| x.id == id).unwrap());
        new.history = vec![changes::history_entry(&old, &new).unwrap()];
        let plan = changes::report(&old, &new).unwrap().plan;
        let out = Engine::new(new).unwrap().evaluate(&ctx).unwrap();
        let evaluator: Vec<String> = out
            .purposes
            .iter()
            .filter(|d| d.decision == Decision::NeedsReconsent)
            .map(|d| d.purpose.clone())
            .collect();
        assert_eq!(evaluator, plan.reconsent);
        evaluator
    };
    let asked = |change: &dyn Fn(&mut Purpose)| asked_of("marketing", change);
    let cookie = |first_party: bool| StorageItem {
        kind: StorageKind::Cookie,
        name: "mkt_xid".into(),
        lifetime: Some("P30D".into()),
        first_party,
    };
    let none: Vec<String> = Vec::new();
    assert_eq!(asked(&|m| m.storage.push(cookie(false))), ["marketing"]);
    assert_eq!(asked(&|m| m.storage.push(cookie(true))), none);
    assert_eq!(
        asked(&|m| m.consent_mode.push(ConsentModeSignal::AdPersonalization)),
        ["marketing"]
    );
    assert_eq!(asked(&|m| m.tcf_purposes.extend([3, 4])), ["marketing"]);
    // A basic function that becomes an extended one asks again; the other way does not.
    let basic = old
        .purposes
        .iter()
        .find(|x| x.kind == PurposeKind::Basic)
        .unwrap()
        .id
        .clone();
    assert_eq!(asked_of(&basic, &|p| p.kind = PurposeKind::Extended), [basic]);
    assert_eq!(asked(&|m| m.kind = PurposeKind::Basic), none);
}

/// A history entry written before storage and signals were recorded takes them from the first
/// later entry that has them: a consent given under the older version is asked again at least
/// for what one given under the newer would be.
#[test]
fn an_older_entry_without_storage_takes_it_from_a_later_one() {
    use assent::policy::{StorageItem, StorageKind};
    let v1 = seed();
    let mut v11 = v1.clone();
    v11.version = "1.1.0".into();
    let mut new = v1.clone();
    new.version = "1.2.0".into();
    new.purposes
        .iter_mut()
        .find(|x| x.id == "marketing")
        .unwrap()
        .storage
        .push(StorageItem {
            kind: StorageKind::Cookie,
            name: "mkt_xid".into(),
            lifetime: Some("P30D".into()),
            first_party: false,
        });
    // 1.0.0's entry as an older `assent diff` wrote it: without the members.
    let mut old_entry = changes::history_entry(&v1, &new).unwrap();
    for p in &mut old_entry.purposes {
        (p.third_party_storage, p.consent_mode, p.tcf_purposes) = (None, None, None);
    }
    new.history = vec![old_entry, changes::history_entry(&v11, &new).unwrap()];
    let ctx = consented_to_everything(&v1);
    let out = Engine::new(new).unwrap().evaluate(&ctx).unwrap();
    let marketing = out.purposes.iter().find(|d| d.purpose == "marketing").unwrap();
    assert_eq!(marketing.decision, Decision::NeedsReconsent);
}

#[test]
fn the_update_notice_says_what_the_history_notice_says() {
    let old = seed();
    let ctx = consented_to_everything(&old);
    for case in cases() {
        let file = format!("policies/versions/{}.json", case.name);
        let new = load(&file);
        let Some(stored) = new.history.last().and_then(|h| h.notice.clone()) else {
            // 1.1.0 predates the notice; its update notice is built from the scopes.
            assert_eq!(case.name, "seed-1.1.0");
            continue;
        };
        // The stored notice is exactly what `assent diff --format history` makes today.
        let entry = changes::history_entry(&old, &new).unwrap();
        assert_eq!(
            entry.notice.as_ref(),
            Some(&stored),
            "{file}: stale notice; regenerate the history with `assent diff policies/seed.json {file} --format history`"
        );
        let d = changes::diff(&old, &new).unwrap();
        let engine = Engine::new(new).unwrap();
        let n = engine.evaluate(&ctx).unwrap().page.update_notice.unwrap();
        assert_eq!((n.from.as_str(), n.major), ("1.0.0", d.is_major()));
        assert_eq!(&n.summary, stored.summary.0.get("zh-CN").unwrap());
        // What the person is asked is theirs, not the version's: the banner's notice lists it.
        assert_eq!(
            n.summary.lines().count(),
            1 + d.changes.len(),
            "{file}: a heading, then one line per change"
        );
    }
}

#[test]
fn a_policy_compared_with_itself_has_no_changes() {
    for file in ["policies/seed.json", "policies/versions/seed-1.1.0.json"] {
        let p = load(file);
        let r = changes::report(&p, &p).unwrap();
        assert!(r.diff.is_empty(), "{file}: {:?}", r.diff.changes);
        assert!(r.diff.scope_growth.is_empty());
        assert_eq!(r.plan.notice, NoticeLevel::None);
        assert!(r.plan.events.is_empty() && !r.plan.requires_explicit_acceptance);
    }
}

#[test]
fn refusals_are_typed() {
    let old = seed();
    let new = load("policies/versions/seed-1.1.0.json");

    let mut other = new.clone();
    other.id = "another-policy".into();
    let e = changes::diff(&old, &other).unwrap_err();
    assert_eq!((e.code, e.path.as_str()), ("diff.different_policy", "$.id"));
    assert!(e.hint.is_some());

    let e = changes::diff(&new, &old).unwrap_err();
    assert_eq!((e.code, e.path.as_str()), ("diff.version_order", "$.version"));

    let mut same_version = new.clone();
    same_version.version = old.version.clone();
    let e = changes::diff(&old, &same_version).unwrap_err();
    assert_eq!(e.code, "diff.version_order");
    assert!(e.message.contains("differ"), "{}", e.message);

    let mut bad = new;
    bad.version = "2".into();
    assert_eq!(changes::diff(&old, &bad).unwrap_err().code, "policy.invalid_version");
    assert_eq!(
        changes::history_entry(&old, &bad).unwrap_err().code,
        "policy.invalid_version"
    );
}

#[test]
fn directions_the_prepared_versions_do_not_cover() {
    let old = seed();
    let bump = |f: &dyn Fn(&mut Policy)| {
        let mut p = old.clone();
        p.version = "2.0.0".into();
        f(&mut p);
        changes::diff(&old, &p).unwrap().changes
    };
    let only = |cs: Vec<changes::Change>| {
        assert_eq!(cs.len(), 1, "{cs:#?}");
        let c = cs.into_iter().next().unwrap();
        (c.kind, c.severity, c.major_because, c.reduces_rights)
    };
    // Retention lengthened: not one of the six kinds, but it reduces rights.
    assert_eq!(
        only(bump(&|p| p.retention.rules[5].duration = "P24M".into())),
        (ChangeKind::RetentionDuration, Major, Some(R::ReducesRights), true)
    );
    // The notice period shortened.
    assert_eq!(
        only(bump(&|p| p.changes.notice_period = "P3D".into())),
        (ChangeKind::ChangesNoticePeriod, Major, Some(R::ReducesRights), true)
    );
    // An opt-out removed: GPC no longer opts out of advertising in California.
    let cs = bump(&|p| {
        let ca = p.jurisdictions.iter_mut().find(|j| j.code == "US-CA").unwrap();
        ca.gpc_opts_out = Some(vec!["partner-sharing".into(), "marketing-activities".into()]);
    });
    assert_eq!(
        only(cs),
        (ChangeKind::JurisdictionChanged, Major, Some(R::Rights), true)
    );
    // A right added widens rights: minor.
    assert_eq!(
        only(bump(&|p| {
            let mut r = p.rights[0].clone();
            r.id = "portability".into();
            r.kind = policy::RightKind::Portability;
            p.rights.push(r);
        })),
        (ChangeKind::RightAdded, Minor, None, false)
    );
    // A processor turned third party: a wider category of recipient.
    assert_eq!(
        only(bump(&|p| p.recipients[2].role = policy::RecipientRole::ThirdParty)),
        (ChangeKind::RecipientRole, Major, Some(R::NewRecipientCategory), true)
    );
    // A recipient that processes abroad.
    assert_eq!(
        only(bump(&|p| p.recipients[0].country = "SG".into())),
        (ChangeKind::RecipientCountry, Major, Some(R::TransferAbroad), true)
    );
    // A purpose that no longer rests on consent removes the person's choice.
    let cs = bump(&|p| {
        p.purposes[2].legal_basis = policy::LegalBasis::Contract;
    });
    assert_eq!(
        only(cs),
        (ChangeKind::PurposeLegalBasis, Major, Some(R::ServiceModel), true)
    );
    // A new controller name is a change of who is responsible.
    assert_eq!(
        only(bump(&|p| {
            p.controller
                .name
                .0
                .insert("en".into(), "Example Group Shop Ltd.".into());
        })),
        (ChangeKind::ControllerName, Major, Some(R::Ownership), false)
    );
    // A weaker way to verify a guardian for higher-risk purposes lowers a child's protection.
    assert_eq!(
        only(bump(&|p| p
            .guardian
            .high_risk_methods
            .push(policy::VerificationMethod::SmsCode))),
        (ChangeKind::GuardianMethodsAdded, Major, Some(R::Rights), true)
    );
    // A right's way kept word for word and added to does not narrow it.
    assert_eq!(
        only(bump(&|p| {
            for how in p.rights[2].how.0.values_mut() {
                how.push_str(" +");
            }
        })),
        (ChangeKind::RightHow, Major, Some(R::Rights), false)
    );
}

#[cfg(feature = "cli")]
#[test]
fn the_cli_prints_text_and_json_and_refuses_with_exit_1() {
    use std::process::Command;
    let bin = env!("CARGO_BIN_EXE_assent");
    let run = |args: &[&str]| Command::new(bin).current_dir(root()).args(args).output().unwrap();

    let out = run(&["diff", "policies/seed.json", "policies/versions/seed-2.0.0-rights.json"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Major changes"), "{text}");
    assert!(text.contains("right.how [erasure]"), "{text}");
    assert!(text.contains("clause changes.major"), "{text}");
    assert!(text.contains("version 1.0.0 keeps applying"), "{text}");

    let out = run(&[
        "diff",
        "policies/seed.json",
        "policies/versions/seed-1.1.0.json",
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["plan"]["reconsent"], serde_json::json!(["advertising"]));

    let out = run(&["diff", "policies/versions/seed-1.1.0.json", "policies/seed.json"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("error[diff.version_order]"), "{err}");
    assert!(err.contains("cannot compare"), "{err}");
}

/// Random edits of the seed: each picks a part of the policy by the two numbers.
fn mutate(p: &mut Policy, op: u8, a: usize, b: usize) {
    use policy::*;
    fn pick<T>(v: &mut [T], i: usize) -> Option<&mut T> {
        let n = v.len();
        if n == 0 {
            None
        } else {
            v.get_mut(i % n)
        }
    }
    let categories: Vec<String> = p.data_categories.iter().map(|c| c.id.clone()).collect();
    let recipients: Vec<String> = p.recipients.iter().map(|r| r.id.clone()).collect();
    let rules: Vec<String> = p.retention.rules.iter().map(|r| r.id.clone()).collect();
    let purposes: Vec<String> = p.purposes.iter().map(|x| x.id.clone()).collect();
    let nth = |v: &[String], i: usize| v.get(i % v.len().max(1)).cloned().unwrap_or_default();
    match op {
        0 => {
            if !p.purposes.is_empty() {
                let i = a % p.purposes.len();
                p.purposes.remove(i);
            }
        }
        1 => {
            if let Some(x) = pick(&mut p.purposes, a) {
                x.data_categories.push(nth(&categories, b));
            }
        }
        2 => {
            if let Some(x) = pick(&mut p.purposes, a) {
                if !x.data_categories.is_empty() {
                    let i = b % x.data_categories.len();
                    x.data_categories.remove(i);
                }
            }
        }
        3 => {
            if let Some(x) = pick(&mut p.purposes, a) {
                x.cross_border = !x.cross_border;
                x.separate_consent = b % 2 == 0;
            }
        }
        4 => {
            if let Some(x) = pick(&mut p.purposes, a) {
                x.legal_basis = [LegalBasis::Consent, LegalBasis::Contract, LegalBasis::LegalObligation][b % 3];
                x.kind = [PurposeKind::Essential, PurposeKind::Basic, PurposeKind::Extended][b % 3];
            }
        }
        5 => {
            if let Some(x) = pick(&mut p.purposes, a) {
                x.retention = nth(&rules, b);
                x.recipients.push(nth(&recipients, b));
            }
        }
        6 => {
            if !p.recipients.is_empty() {
                let i = a % p.recipients.len();
                p.recipients.remove(i);
            }
        }
        7 => {
            if let Some(r) = pick(&mut p.recipients, a) {
                r.role = [
                    RecipientRole::Processor,
                    RecipientRole::ThirdParty,
                    RecipientRole::Affiliate,
                ][b % 3];
                r.country = ["CN", "SG", "DE"][b % 3].into();
                r.deidentified_only = b % 2 == 1;
            }
        }
        8 => {
            if let Some(r) = pick(&mut p.retention.rules, a) {
                r.duration = ["P1M", "P6M", "P3Y", "PT1H", "bogus"][b % 5].into();
                r.trigger = [RetentionTrigger::Collection, RetentionTrigger::ConsentWithdrawal][b % 2];
                r.action = [RetentionAction::Delete, RetentionAction::Anonymize][b % 2];
            }
        }
        9 => {
            if !p.rights.is_empty() {
                let i = a % p.rights.len();
                if b % 2 == 0 {
                    p.rights.remove(i);
                } else if let Some(r) = p.rights.get_mut(i) {
                    r.how.0.insert("en".into(), format!("call {b}"));
                    r.kind = RightKind::Objection;
                }
            }
        }
        10 => {
            let c = &mut p.controller;
            let t = [
                &mut c.contact,
                &mut c.department,
                &mut c.complaint_channel,
                &mut c.ownership,
                &mut c.name,
            ];
            if let Some(t) = t.into_iter().nth(a % 5) {
                t.0.insert("zh-CN".into(), format!("变更{b}"));
            }
            if b % 3 == 0 {
                c.email = format!("x{b}@shop.example");
            }
        }
        11 => {
            p.impact_assessment = match b % 3 {
                0 => None,
                n => Some(ImpactAssessment {
                    date: format!("2026-10-{:02}", 1 + a % 28),
                    high_risk: n == 1,
                    summary: Text([("en".to_string(), format!("s{a}"))].into()),
                }),
            };
        }
        12 => {
            p.storage.countries = vec!["CN".into(), ["SG", "CN", "DE"][b % 3].into()][..1 + a % 2].to_vec();
            p.storage.cross_border_needs_consent = b % 2 == 0;
        }
        13 => {
            if let Some(j) = pick(&mut p.jurisdictions, a) {
                j.guardian_age = Some((b % 20) as u8);
                j.minor_age = if b % 3 == 0 { None } else { Some(18) };
                j.gpc_opts_out = Some(vec![nth(&purposes, b)]);
                j.consent_validity = Some(["P6M", "P24M", "x"][b % 3].into());
                j.ask_age = Some(b % 2 == 0);
            }
        }
        14 => {
            if !p.jurisdictions.is_empty() {
                let i = a % p.jurisdictions.len();
                p.jurisdictions.remove(i);
            }
        }
        15 => {
            p.changes.notice_period = ["P1D", "P30D", "nope"][b % 3].into();
            p.changes.major_channels.truncate(a % 4);
            p.changes.channels.push(NoticeChannel::Email);
        }
        16 => {
            p.locales.truncate(1 + a % 2);
            if let Some(c) = pick(&mut p.clauses, b) {
                c.anchor = format!("moved-{a}");
            }
            p.url = format!("https://shop.example/privacy/{b}");
        }
        17 => {
            p.notice.summary.0.insert("en".into(), format!("new words {a}"));
            if let Some(c) = pick(&mut p.data_categories, b) {
                c.sensitivity = if a % 2 == 0 {
                    Sensitivity::Normal
                } else {
                    Sensitivity::Sensitive
                };
                c.label.0.insert("en".into(), format!("label {b}"));
            }
        }
        18 => {
            if let Some(x) = pick(&mut p.purposes, a) {
                x.storage.push(StorageItem {
                    kind: StorageKind::Cookie,
                    name: format!("c{b}"),
                    lifetime: (b % 2 == 0).then(|| "P1Y".to_string()),
                    first_party: b % 3 == 0,
                });
                if let Some(s) = x.storage.first_mut() {
                    s.lifetime = None;
                    s.first_party = !s.first_party;
                }
                x.consent_mode.push(ConsentModeSignal::AdPersonalization);
                x.tcf_purposes = vec![(b % 11) as u8 + 1];
            }
        }
        19 => {
            if !p.legal_exceptions.is_empty() {
                let i = a % p.legal_exceptions.len();
                let mut e = p.legal_exceptions.remove(i);
                if b % 2 == 0 {
                    e.id = format!("new-{b}");
                    p.legal_exceptions.push(e);
                }
            }
            if !p.clauses.is_empty() && b % 3 == 0 {
                let i = b % p.clauses.len();
                p.clauses.remove(i);
            }
        }
        20 => {
            // Definitions removed (dangling references are fine: diff must not care).
            if !p.data_categories.is_empty() {
                let i = a % p.data_categories.len();
                p.data_categories.remove(i);
            }
            if !p.retention.rules.is_empty() {
                let i = b % p.retention.rules.len();
                p.retention.rules.remove(i);
            }
            p.retention.minimum = ["P1M", "P1Y"][b % 2].into();
            p.default_locale = ["en", "zh-CN"][a % 2].into();
            p.guardian.low_risk_methods.truncate(a % 3);
            p.guardian.high_risk_methods.push(VerificationMethod::EmailPlus);
            p.guardian.request_validity = ["P1D", "P30D", "never"][b % 3].into();
        }
        _ => {
            let mut j = JurisdictionRule {
                code: ["BR", "JP", "US-TX", "*"][a % 4].into(),
                extends: (b % 2 == 0).then(|| "EU".to_string()),
                law: format!("law {b}"),
                guardian_age: Some(12),
                minor_age: None,
                ask_age: None,
                guardian_mode: Some(GuardianMode::Guardian),
                forbidden_for_minors: None,
                gpc_opts_out: None,
                consent_validity: None,
                refusal_memory: Some("P1M".into()),
                guardian_again_on_major_change: (a % 2 == 0).then_some(true),
                child_data_sensitive_below: (b % 3 == 0).then_some(12),
                cite: None,
            };
            if j.code == "*" {
                p.jurisdictions.retain(|x| x.code != "*");
                j.extends = None;
            }
            p.jurisdictions.push(j);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn diff_never_panics_and_keeps_its_invariants(
        ops in prop::collection::vec((0u8..22, any::<u16>(), any::<u16>()), 0..6)
    ) {
        let old = seed();
        let mut new = old.clone();
        new.version = "2.0.0".into();
        for (op, a, b) in &ops {
            mutate(&mut new, *op, usize::from(*a), usize::from(*b));
        }
        let r = changes::report(&old, &new).unwrap();
        let d = &r.diff;
        for c in &d.changes {
            // Reducing rights makes a change major; major always says why and cites a clause.
            prop_assert!(!c.reduces_rights || c.severity == Major, "{c:?}");
            prop_assert_eq!(c.severity == Major, c.major_because.is_some());
            prop_assert_eq!(c.major_because.is_some(), c.clause.is_some());
            prop_assert!(!c.paths.is_empty());
            prop_assert!(c.summary.0.contains_key("en") && c.summary.0.contains_key("zh-CN"));
        }
        prop_assert_eq!(r.plan.requires_explicit_acceptance, d.reduces_rights());
        prop_assert_eq!(r.plan.notice == NoticeLevel::None, d.is_empty());
        for p in &r.plan.reconsent {
            prop_assert!(old.purposes.iter().any(|x| &x.id == p));
            prop_assert!(new.purposes.iter().any(|x| &x.id == p));
        }
        // Compared with itself, nothing changed; backwards, the comparison is refused.
        prop_assert!(changes::diff(&new, &new).unwrap().is_empty());
        prop_assert_eq!(changes::diff(&new, &old).unwrap_err().code, "diff.version_order");
        // The other direction (the mutated version as the old one) never panics either.
        let mut later = old.clone();
        later.version = "3.0.0".into();
        let back = changes::diff(&new, &later).unwrap();
        prop_assert_eq!(back.to.as_str(), "3.0.0");
    }
}

/// The published line the edge serves, oldest first: each release keeps a history entry for
/// every earlier one, so a visitor is told what changed since the version they last saw.
const RELEASES: [&str; 4] = [
    "policies/seed.json",
    "policies/versions/seed-1.1.0.json",
    "policies/releases/1.1.1.json",
    "policies/releases/2.0.0.json",
];

#[test]
fn every_release_keeps_an_entry_for_each_earlier_release() {
    let all: Vec<Policy> = RELEASES.iter().map(|f| load(f)).collect();
    for pair in all.windows(2) {
        // Each release was published at least the policy's notice period before it took effect.
        let plan = changes::report(&pair[0], &pair[1]).unwrap().plan;
        assert!(
            plan.problems.is_empty() && !plan.published_late,
            "{}: {:?}",
            pair[1].version,
            plan.problems
        );
    }
    for (i, new) in all.iter().enumerate().skip(1) {
        let want: Vec<_> = all
            .iter()
            .take(i)
            .map(|old| changes::history_entry(old, new).unwrap())
            .collect();
        assert_eq!(
            new.history, want,
            "{}: stale history; regenerate each entry with `assent diff OLD {} --format history` (see policies/releases/README.md)",
            RELEASES[i], RELEASES[i]
        );
    }
}

/// `consented_to_everything`, given under `version`, having last seen `seen`.
fn agreed_under(p: &Policy, version: &str, seen: Option<&str>) -> Context {
    let mut ctx = consented_to_everything(p);
    for c in ctx.consents.values_mut() {
        c.policy_version = version.into();
    }
    ctx.seen_policy_version = seen.map(Into::into);
    ctx.locale = Some("en".into());
    ctx
}

#[test]
fn old_terms_apply_until_the_visitor_accepts_a_rights_reduction() {
    let v111 = load("policies/releases/1.1.1.json");
    let v200 = Engine::new(load("policies/releases/2.0.0.json")).unwrap();

    // Agreed under 1.1.1; 2.0.0 removes the right to refuse programmatic advertising.
    let out = v200.evaluate(&agreed_under(&v111, "1.1.1", Some("1.1.1"))).unwrap();
    assert_eq!(out.page.terms_version, "1.1.1");
    let n = out.page.update_notice.unwrap();
    assert!(n.major && n.requires_acceptance, "{n:?}");
    assert_eq!((n.from.as_str(), n.to.as_str()), ("1.1.1", "2.0.0"));
    assert!(n.summary.contains("Right removed"), "{}", n.summary);
    // Nothing a consent covers grew: every purpose keeps running under the old terms.
    assert!(
        out.purposes.iter().all(|d| d.decision == Decision::Allowed),
        "{:?}",
        out.purposes
    );

    // Having dismissed the notice (seen 2.0.0) does not accept it: the old terms still apply,
    // and the notice stays.
    let out = v200.evaluate(&agreed_under(&v111, "1.1.1", Some("2.0.0"))).unwrap();
    assert_eq!(out.page.terms_version, "1.1.1");
    assert!(out.page.update_notice.is_some_and(|n| n.requires_acceptance));

    // A choice made under 2.0.0 is the acceptance.
    let mut accepted = agreed_under(&v111, "1.1.1", Some("2.0.0"));
    if let Some(c) = accepted.consents.get_mut("advertising") {
        c.policy_version = "2.0.0".into();
    }
    let out = v200.evaluate(&accepted).unwrap();
    assert_eq!(out.page.terms_version, "2.0.0");
    assert_eq!(out.page.update_notice, None);

    // Agreed under 1.0.0: the new advertising recipient asks again about advertising alone,
    // and the 1.0.0 terms apply meanwhile.
    let seed = seed();
    let out = v200.evaluate(&agreed_under(&seed, "1.0.0", Some("1.0.0"))).unwrap();
    assert_eq!(out.page.terms_version, "1.0.0");
    let asked: Vec<&str> = out
        .purposes
        .iter()
        .filter(|d| d.decision == Decision::NeedsReconsent)
        .map(|d| d.purpose.as_str())
        .collect();
    assert_eq!(asked, ["advertising"]);

    // A wording change reduces nothing: the new terms apply at once, and the notice is passive.
    let v110 = load("policies/versions/seed-1.1.0.json");
    let out = Engine::new(v111.clone())
        .unwrap()
        .evaluate(&agreed_under(&v110, "1.1.0", Some("1.1.0")))
        .unwrap();
    assert_eq!(out.page.terms_version, "1.1.1");
    let n = out.page.update_notice.unwrap();
    assert!(!n.major && !n.requires_acceptance, "{n:?}");

    // A visitor who never made a choice has no older terms: nothing to accept.
    let mut fresh = agreed_under(&v111, "1.1.1", Some("1.1.1"));
    fresh.consents = Default::default();
    let out = v200.evaluate(&fresh).unwrap();
    assert_eq!(out.page.terms_version, "2.0.0");
    assert!(out
        .page
        .update_notice
        .is_some_and(|n| n.major && !n.requires_acceptance));
}

/// A 10-year-old in `jurisdiction` whose guardian consented to every purpose under 1.0.0.
fn child_with_guardian_consent(p: &Policy, jurisdiction: &str) -> Context {
    let mut ctx = consented_to_everything(p);
    for c in ctx.consents.values_mut() {
        c.by = Actor::Guardian;
    }
    ctx.jurisdiction = jurisdiction.into();
    ctx.age = Some(10);
    ctx.locale = Some("en".into());
    ctx
}

#[test]
fn under_coppa_a_major_change_asks_the_guardian_again_for_every_purpose() {
    let seed = seed();
    let optional = |out: &assent::eval::Evaluation| -> Vec<(String, Decision)> {
        out.purposes
            .iter()
            .filter(|d| d.purpose != "essential")
            .map(|d| (d.purpose.clone(), d.decision))
            .collect()
    };
    // A new complaint channel grows no purpose's scope, but it is a major change: in the US the
    // guardian is asked again for everything (16 CFR 312.5(a)(1)).
    let contact = Engine::new(load("policies/versions/seed-2.0.0-contact.json")).unwrap();
    let us = contact.evaluate(&child_with_guardian_consent(&seed, "US")).unwrap();
    assert!(
        optional(&us).iter().all(|(_, d)| *d == Decision::NeedsGuardianConsent),
        "{:?}",
        optional(&us)
    );
    let reason = &us.purposes[1].reasons[0];
    assert_eq!(reason.rule, "R-GUARDIAN-MATERIAL-CHANGE");
    assert!(reason.message.contains("COPPA"), "{}", reason.message);
    assert_eq!(us.page.guardian_flow.as_deref(), Some("pending_guardian"));
    // The same change elsewhere asks no one: nothing a consent covers grew.
    let de = contact.evaluate(&child_with_guardian_consent(&seed, "DE")).unwrap();
    assert!(
        optional(&de).iter().all(|(_, d)| *d == Decision::Allowed),
        "{:?}",
        optional(&de)
    );
    // A minor change asks no one, in the US either.
    let wording = Engine::new(load("policies/versions/seed-1.0.1-wording.json")).unwrap();
    let us = wording.evaluate(&child_with_guardian_consent(&seed, "US")).unwrap();
    assert!(
        optional(&us).iter().all(|(_, d)| *d == Decision::Allowed),
        "{:?}",
        optional(&us)
    );
    // US-CA inherits the rule from US.
    let ca = contact.evaluate(&child_with_guardian_consent(&seed, "US-CA")).unwrap();
    assert!(optional(&ca).iter().all(|(_, d)| *d == Decision::NeedsGuardianConsent));
}

#[test]
fn a_reader_compares_an_earlier_version_with_a_later_one_only() {
    let old = seed();
    let new = load("policies/versions/seed-1.1.0.json");
    let report = changes::between(&old, &new).unwrap();
    assert_eq!(report, changes::report(&old, &new).unwrap());
    // Backwards, or one version with itself (which `diff` accepts as "nothing changed").
    for (from, to) in [(&new, &old), (&old, &old), (&new, &new)] {
        let e = changes::between(from, to).unwrap_err();
        assert_eq!((e.code, e.path.as_str()), ("policy.version_order", "$.version"));
        assert!(
            e.message.contains(&format!("`from` ({})", from.version)),
            "{}",
            e.message
        );
        assert!(e.hint.is_some());
    }
    assert!(changes::diff(&old, &old).unwrap().is_empty());
}

#[test]
fn the_changes_page_says_each_change_in_the_readers_language_with_every_text_escaped() {
    let old = seed();
    let mut new = load("policies/versions/seed-1.1.0.json");
    // A policy's words are text, never markup, on this page as in the banner.
    let ads = new.purposes.iter_mut().find(|p| p.id == "advertising").unwrap();
    for name in ads.name.0.values_mut() {
        name.push_str(" <b>&</b>");
    }
    let report = changes::between(&old, &new).unwrap();
    assert!(report.diff.is_major() && report.diff.reduces_rights());
    assert_eq!(report.plan.reconsent, ["advertising"]);

    let en = changes::page(&report, &new.texts("en"), changes::page_lang("en-GB"));
    assert_eq!(en.lang, "en");
    assert_eq!(
        en.title,
        format!("What changed from version {} to {}", old.version, new.version)
    );
    assert!(
        en.body.starts_with(&format!(
            "<p>Published {}, in force from {}.</p>\n<ol><li class=\"assent-change\" data-severity=\"major\" data-kind=\"recipient.added\"><strong>Major</strong>: ",
            report.plan.published, report.plan.effective
        )),
        "{}",
        en.body
    );
    let change = &report.diff.changes[0];
    let why = change.why.as_ref().unwrap().get("en", "en");
    assert!(
        en.body
            .contains(&format!(" <span class=\"assent-why\">(major because {why})</span>")),
        "{}",
        en.body
    );
    assert!(en.body.contains("<p class=\"assent-reduces\">Reduces your rights: "));
    assert!(en.body.contains("<p>Asked again, because what they cover grew:</p>\n<ul class=\"assent-reconsent\"><li data-purpose=\"advertising\">"));
    assert!(en.body.contains(" &lt;b&gt;&amp;&lt;/b&gt;</li></ul>"), "{}", en.body);
    assert!(!en.body.contains("<b>"));
    assert!(en.body.ends_with(&format!(
        "<p><a href=\"{}\">The whole policy</a></p>",
        new.texts("en").url
    )));

    // Chinese for a Chinese locale; English for a language the diff's lines are not written in.
    let zh = changes::page(&report, &new.texts("zh-CN"), changes::page_lang("zh-CN"));
    assert_eq!(zh.lang, "zh-CN");
    assert_eq!(zh.title, format!("{}版至{}版的变更", old.version, new.version));
    let why = change.why.as_ref().unwrap().get("zh-CN", "en");
    // The line names the purpose, whose name is escaped like any text.
    let line = change
        .summary
        .get("zh-CN", "en")
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    assert!(
        zh.body.contains(&format!("<strong>重大</strong>：{line}")),
        "{line} in {}",
        zh.body
    );
    assert!(
        zh.body.contains(&format!("（属于重大变更的原因：{why}）")),
        "{}",
        zh.body
    );
    assert!(zh.body.contains("以下用途的范围扩大，需要重新征得您的同意："));
    assert_eq!(changes::page_lang("de").tag(), "en");

    // A minor change and nothing asked again.
    let wording = load("policies/versions/seed-1.0.1-wording.json");
    let minor = changes::page(
        &changes::between(&old, &wording).unwrap(),
        &wording.texts("en"),
        changes::page_lang("en"),
    );
    assert!(minor.body.contains("data-severity=\"minor\""), "{}", minor.body);
    assert!(!minor.body.contains("assent-why") && !minor.body.contains("assent-reduces"));
    assert!(minor
        .body
        .contains("<p>Nothing that consent covers grew; nothing is asked again.</p>"));
}
