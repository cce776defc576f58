//! `assent demo`: the decisions for five typical visitors, side by side.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use assent::eval::{Actor, Consent, ConsentState, Context, Decision, Evaluation};
use assent::time::Timestamp;

use super::{engine_of, load_engine, Failure};

struct Visitor {
    name: &'static str,
    updated_policy: bool,
    ctx: Context,
}

fn consent(state: ConsentState, time: Timestamp, version: &str, separate: bool) -> Consent {
    Consent {
        state,
        time: time.to_string(),
        policy_version: version.into(),
        by: Actor::Subject,
        separate,
        joint: false,
    }
}

fn visitors(now: Timestamp, old_version: &str) -> Vec<Visitor> {
    let ctx = |jurisdiction: &str, age: Option<u8>| Context {
        now: now.to_string(),
        jurisdiction: jurisdiction.into(),
        age,
        age_band: None,
        age_band_in: None,
        gpc: false,
        consents: Default::default(),
        seen_policy_version: None,
        locale: Some("en".into()),
    };
    let month_ago = Timestamp(now.0 - 30 * 86_400);
    let mut californian = ctx("US-CA", Some(41));
    californian.gpc = true;
    for p in ["advertising", "analytics-cookies"] {
        californian.consents.insert(
            p.into(),
            consent(ConsentState::ConsentGiven, month_ago, old_version, false),
        );
    }
    let mut returning = ctx("DE", Some(37));
    returning.seen_policy_version = Some(old_version.into());
    for (p, separate) in [
        ("analytics-cookies", false),
        ("advertising", false),
        ("location", true),
        ("search", false),
    ] {
        returning.consents.insert(
            p.into(),
            consent(ConsentState::ConsentGiven, month_ago, old_version, separate),
        );
    }
    returning.consents.insert(
        "marketing".into(),
        consent(ConsentState::ConsentRefused, month_ago, old_version, false),
    );
    vec![
        Visitor {
            name: "adult, DE",
            updated_policy: false,
            ctx: ctx("DE", Some(34)),
        },
        Visitor {
            name: "12 y.o., CN",
            updated_policy: false,
            ctx: ctx("CN", Some(12)),
        },
        Visitor {
            name: "16 y.o., CN",
            updated_policy: false,
            ctx: ctx("CN", Some(16)),
        },
        Visitor {
            name: "US-CA, GPC on",
            updated_policy: false,
            ctx: californian,
        },
        Visitor {
            name: "returning, DE",
            updated_policy: true,
            ctx: returning,
        },
    ]
}

fn cell(d: Decision) -> &'static str {
    match d {
        Decision::Allowed => "allowed",
        Decision::Denied => "denied",
        Decision::NeedsConsent => "needs consent",
        Decision::NeedsSeparateConsent => "needs separate",
        Decision::NeedsGuardianConsent => "needs guardian",
        Decision::NeedsReconsent => "needs reconsent",
        Decision::Forbidden => "FORBIDDEN",
    }
}

/// The seed policy and its 1.1.0, built in, for `assent demo` without a policy of one's own.
const SEED: &str = include_str!("../../../policies/seed.json");
const SEED_UPDATE: &str = include_str!("../../../policies/versions/seed-1.1.0.json");

pub fn run(policy: Option<&Path>, update: Option<&Path>) -> Result<(), Failure> {
    let mut out = String::new();
    let (base, updated) = match policy {
        Some(file) => (load_engine(file)?, update.map(load_engine).transpose()?),
        None if update.is_some() => {
            return Err(Failure::from(
                "--update is a later version of the --policy given: give that policy too".to_string(),
            ))
        }
        None => (
            engine_of(Path::new("seed.json"), SEED)?,
            Some(engine_of(Path::new("seed-1.1.0.json"), SEED_UPDATE)?),
        ),
    };
    let _ = writeln!(
        out,
        "policy `{}` version {} is valid: {} purposes, {} jurisdiction rules",
        base.policy().id,
        base.policy().version,
        base.policy().purposes.len(),
        base.policy().jurisdictions.len()
    );
    if let Some(updated) = &updated {
        let _ = writeln!(
            out,
            "update: version {} (history: {:?})",
            updated.policy().version,
            updated.policy().history.iter().map(|h| &h.version).collect::<Vec<_>>()
        );
    }
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let now = Timestamp(i64::try_from(secs).unwrap_or(0));
    // Without a later version there is no returning visitor to show.
    let visitors: Vec<Visitor> = visitors(now, &base.policy().version)
        .into_iter()
        .filter(|v| !v.updated_policy || updated.is_some())
        .collect();
    let mut results: Vec<Evaluation> = Vec::new();
    for v in &visitors {
        let engine = match &updated {
            Some(updated) if v.updated_policy => updated,
            _ => &base,
        };
        results.push(
            engine
                .evaluate(&v.ctx)
                .map_err(|p| Failure::from(format!("{}: {}", v.name, p.message)))?,
        );
    }
    let _ = writeln!(out, "decisions at {now}\n");
    let w = 20;
    let _ = write!(out, "{:<24}", "purpose");
    for v in &visitors {
        let _ = write!(out, "{:<w$}", v.name);
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", "-".repeat(24 + w * visitors.len()));
    for (i, p) in updated.as_ref().unwrap_or(&base).policy().purposes.iter().enumerate() {
        let _ = write!(out, "{:<24}", p.id);
        for r in &results {
            let d = r
                .purposes
                .get(i)
                .filter(|d| d.purpose == p.id)
                .or_else(|| r.purposes.iter().find(|d| d.purpose == p.id));
            let _ = write!(out, "{:<w$}", d.map(|d| cell(d.decision)).unwrap_or("-"));
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "{}", "-".repeat(24 + w * visitors.len()));
    let yes = |b: bool| if b { "yes" } else { "no" };
    type Row<'a> = (&'a str, &'a dyn Fn(&Evaluation) -> String);
    let rows: [Row<'_>; 6] = [
        ("age band", &|e| {
            serde_json::to_value(e.age_band)
                .ok()
                .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
                .unwrap_or_default()
        }),
        ("show banner", &|e| yes(e.page.show_banner).into()),
        ("age gate", &|e| yes(e.page.age_gate).into()),
        ("guardian flow", &|e| {
            e.page.guardian_flow.clone().unwrap_or_else(|| "-".into())
        }),
        ("youth mode", &|e| yes(e.page.youth_mode).into()),
        ("update notice", &|e| {
            e.page
                .update_notice
                .as_ref()
                .map(|n| if n.major { "major" } else { "minor" }.to_string())
                .unwrap_or_else(|| "-".into())
        }),
    ];
    for (label, f) in rows {
        let _ = write!(out, "{label:<24}");
        for r in &results {
            let _ = write!(out, "{:<w$}", f(r));
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out);
    for (v, r) in visitors.iter().zip(&results) {
        if let Some(n) = &r.page.update_notice {
            let _ = writeln!(out, "{}: {}", v.name, n.summary);
        }
        if let Some(d) = r
            .purposes
            .iter()
            .find(|d| d.decision != Decision::Allowed && d.kind != assent::policy::PurposeKind::Essential)
        {
            if let Some(reason) = d.reasons.first() {
                let _ = writeln!(
                    out,
                    "{}: {} -> {} [{} / {}]",
                    v.name, d.purpose, reason.message, reason.rule, reason.clause
                );
            }
        }
    }
    super::emit(&out);
    Ok(())
}
