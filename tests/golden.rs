#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! The golden corpus: policy + context -> expected decisions; broken policies -> expected
//! problems; broken contexts -> expected errors. Plus checks that the checked-in artefacts
//! (schema, seed citations, version history) agree with the code and the seed text.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

mod repo_support;

use assent::eval::{Context, DecideOptions, Engine, Evaluation};
use assent::policy::{self, Policy};
use repo_support::{json, read, root, SEED_PURPOSES};
use serde_json::Value;

#[test]
fn eval_corpus_matches_expected_decisions() {
    let cases = json("tests/golden/eval.json");
    let cases = cases.as_array().unwrap();
    assert!(
        cases.len() >= 60,
        "the corpus has {} cases; it must keep at least 60",
        cases.len()
    );
    let mut engines: HashMap<String, Engine> = HashMap::new();
    let mut rules_seen = BTreeSet::new();
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let policy = case["policy"].as_str().unwrap();
        let engine = engines
            .entry(policy.to_string())
            .or_insert_with(|| Engine::from_json(&read(policy)).unwrap_or_else(|p| panic!("{policy}: {p}")));
        let ctx: Context = serde_json::from_value(case["context"].clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let out: Evaluation = engine.evaluate(&ctx).unwrap_or_else(|e| panic!("{name}: {e}"));
        // The same context read once (Evaluator::visitor) answers the same, whole and per purpose.
        let evaluator = engine.evaluator();
        let visitor = evaluator.visitor(ctx.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let options = DecideOptions::default();
        assert_eq!(evaluator.evaluate_visitor(&visitor, options).unwrap(), out, "{name}");
        for d in &out.purposes {
            assert_eq!(
                &evaluator.decide_visitor(&d.purpose, &visitor, options).unwrap(),
                d,
                "{name}"
            );
        }
        for d in &out.purposes {
            for r in &d.reasons {
                rules_seen.insert(r.rule.clone());
            }
        }
        let got = serde_json::to_value(&out).unwrap();
        // The decision for `purpose`, if the evaluation has one.
        let decision = |purpose: &str| {
            got["purposes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["purpose"] == *purpose)
        };
        let expect = &case["expect"];
        if let Some(ds) = expect["decisions"].as_object() {
            for (purpose, want) in ds {
                let have = decision(purpose).map(|d| d["decision"].clone()).unwrap_or(Value::Null);
                if have != *want {
                    failures.push(format!("{name}: {purpose} is {have}, expected {want}"));
                }
            }
        }
        if let Some(rs) = expect["firstReason"].as_object() {
            for (purpose, want) in rs {
                let d = decision(purpose).unwrap();
                let have = &d["reasons"][0]["rule"];
                if have != want {
                    failures.push(format!("{name}: {purpose} first reason is {have}, expected {want}"));
                }
            }
        }
        // `reasons`: every reason's rule id, in order.
        if let Some(rs) = expect["reasons"].as_object() {
            for (purpose, want) in rs {
                let d = decision(purpose).unwrap();
                let have: Vec<Value> = d["reasons"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r["rule"].clone())
                    .collect();
                if Value::Array(have.clone()) != *want {
                    failures.push(format!("{name}: {purpose} reasons are {have:?}, expected {want}"));
                }
            }
        }
        if let Some(page) = expect["page"].as_object() {
            for (field, want) in page {
                let have = &got["page"][field];
                let ok = match (want, have) {
                    (Value::Object(w), Value::Object(h)) => w.iter().all(|(k, v)| h.get(k) == Some(v)),
                    _ => have == want,
                };
                if !ok {
                    failures.push(format!("{name}: page.{field} is {have}, expected {want}"));
                }
            }
        }
        for field in ["jurisdiction", "ageBand"] {
            if !expect[field].is_null() && got[field] != expect[field] {
                failures.push(format!("{name}: {field} is {}, expected {}", got[field], expect[field]));
            }
        }
        // The locale of the messages follows the context.
        if ctx.locale.as_deref() == Some("zh-CN") {
            let msg = got["purposes"][1]["reasons"][0]["message"].as_str().unwrap();
            if msg.is_ascii() {
                failures.push(format!("{name}: expected a Chinese message, got {msg}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
    for rule in [
        "R-ESSENTIAL",
        "R-MINOR-FORBIDDEN",
        "R-AGE-GATE",
        "R-GPC",
        "R-GUARDIAN-REQUIRED",
        "R-SELF-CONSENT-NOT-ENOUGH",
        "R-GUARDIAN-JOINT",
        "R-CONSENT-VALID",
        "R-GUARDIAN-CONSENT",
        "R-CONSENT-EXPIRED",
        "R-CONSENT-FUTURE",
        "R-SEPARATE-CONSENT",
        "R-CHILD-DATA-SENSITIVE",
        "R-GUARDIAN-MATERIAL-CHANGE",
        "R-REFUSAL-REMEMBERED",
        "R-REFUSAL-LAPSED",
        "R-REVOKED",
        "R-RECONSENT",
        "R-VERSION-UNKNOWN",
        "R-NO-VALID-CONSENT",
        "R-DEFAULT-DENY",
    ] {
        assert!(rules_seen.contains(rule), "no golden case exercises {rule}");
    }
}

fn apply(doc: &mut Value, op: &Value) {
    let path = op["path"].as_str().unwrap();
    let (parent, key) = path.rsplit_once('/').unwrap();
    let target = doc.pointer_mut(parent).unwrap_or_else(|| panic!("no {parent}"));
    match op["op"].as_str().unwrap() {
        "set" => match target {
            Value::Object(m) => {
                m.insert(key.to_string(), op["value"].clone());
            }
            Value::Array(a) => a[key.parse::<usize>().unwrap()] = op["value"].clone(),
            _ => panic!("cannot set in {parent}"),
        },
        "remove" => {
            target
                .as_object_mut()
                .unwrap()
                .remove(key)
                .unwrap_or_else(|| panic!("nothing at {path}"));
        }
        "push" => target
            .get_mut(key)
            .and_then(Value::as_array_mut)
            .unwrap()
            .push(op["value"].clone()),
        other => panic!("unknown op {other}"),
    }
}

#[test]
fn invalid_policies_report_exactly_the_expected_problems() {
    let seed = json("policies/seed.json");
    let cases = json("tests/golden/invalid.json");
    let mut failures = Vec::new();
    for case in cases.as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let mut doc = seed.clone();
        for op in case["ops"].as_array().unwrap() {
            apply(&mut doc, op);
        }
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let problems = match policy::load(&text) {
            Ok(_) => {
                failures.push(format!("{name}: loaded without problems"));
                continue;
            }
            Err(p) => p.0,
        };
        let got: BTreeSet<(String, String)> = problems.iter().map(|p| (p.code.to_string(), p.path.clone())).collect();
        let want: BTreeSet<(String, String)> = case["expect"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["code"].as_str().unwrap().to_string(),
                    e["path"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        if got != want {
            failures.push(format!("{name}: got {got:?}, expected {want:?}"));
        }
        for e in case["expect"].as_array().unwrap() {
            if let Some(h) = e["hint"].as_str() {
                if !problems.iter().any(|p| p.hint.as_deref() == Some(h)) {
                    failures.push(format!("{name}: no problem has the hint {h:?}: {problems:?}"));
                }
            }
        }
        // The Wasm boundary writes problems with the crate's own writer: as serde writes them.
        assert_eq!(
            assent::json::write(&problems),
            serde_json::to_string(&problems).unwrap()
        );
        for p in &problems {
            if p.line == 0 || p.column == 0 || p.message.is_empty() || p.hint.is_none() {
                failures.push(format!("{name}: problem without position, message or hint: {p:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn bad_contexts_get_typed_errors() {
    let engine = Engine::from_json(&read("policies/seed.json")).unwrap();
    let cases = json("tests/golden/bad-context.json");
    for case in cases.as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let text = serde_json::to_string(&case["context"]).unwrap();
        let err = match policy::parse_json::<Context>(&text) {
            Err(e) => e,
            Ok(ctx) => engine.evaluate(&ctx).expect_err(name),
        };
        assert_eq!(err.code, case["code"].as_str().unwrap(), "{name}: {err:?}");
        assert_eq!(err.path, case["path"].as_str().unwrap(), "{name}: {err:?}");
        assert!(!err.message.is_empty(), "{name}");
    }
}

#[test]
fn unknown_purpose_is_a_typed_error_with_suggestion() {
    let engine = Engine::from_json(&read("policies/seed.json")).unwrap();
    let ctx: Context = serde_json::from_str(r#"{"now":"2026-11-29T12:00:00Z","jurisdiction":"DE","age":30}"#).unwrap();
    let err = engine.decide("advertsing", &ctx).unwrap_err();
    assert_eq!(err.code, "context.unknown_purpose");
    assert_eq!(err.hint.as_deref(), Some("did you mean `advertising`?"));
}

#[test]
fn malformed_json_reports_line_and_column() {
    let err = policy::load("{\n  \"id\": \"x\",\n  \"version\": ,\n}").unwrap_err();
    let p = &err.0[0];
    assert_eq!((p.code, p.line, p.column), ("json.syntax", 3, 14));
    let err = policy::load("{\"id\": \"x\"").unwrap_err();
    assert_eq!(err.0[0].code, "json.eof");
    let err = policy::load("").unwrap_err();
    assert_eq!(err.0[0].code, "json.eof");
    let big = " ".repeat(policy::MAX_POLICY_BYTES + 1);
    assert_eq!(policy::load(&big).unwrap_err().0[0].code, "policy.too_large");
}

#[test]
fn checked_in_schema_is_current() {
    let generated = assent::schema::policy_schema_json();
    let checked_in = read("policies/policy.schema.json");
    assert!(
        generated == checked_in,
        "policies/policy.schema.json is stale: run `cargo run -- schema > policies/policy.schema.json`"
    );
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cites(v: &Value, path: &str, out: &mut Vec<(String, String, String)>) {
    match v {
        Value::Object(m) => {
            if let (Some(Value::String(c)), Some(Value::String(q))) = (m.get("clause"), m.get("quote")) {
                out.push((path.to_string(), c.clone(), q.clone()));
            }
            for (k, v) in m {
                cites(v, &format!("{path}.{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                cites(v, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// The seed and every version of it under `policies/versions/` and `policies/releases/`.
fn seed_versions() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join("policies/versions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .map(|n| format!("policies/versions/{n}"))
        .collect();
    files.sort();
    assert!(files.len() >= 12, "expected the prepared versions: {files:?}");
    files.insert(0, "policies/seed.json".into());
    files.extend([
        "policies/releases/1.1.1.json".into(),
        "policies/releases/2.0.0.json".into(),
    ]);
    files
}

#[test]
fn every_seed_citation_quotes_the_seed_text() {
    let text = normalise(&read("policies/seed.txt"));
    for file in seed_versions() {
        let file = file.as_str();
        let mut found = Vec::new();
        cites(&json(file), "$", &mut found);
        assert!(found.len() > 50, "{file}: only {} citations", found.len());
        let missing: Vec<_> = found.iter().filter(|(_, _, q)| !text.contains(&normalise(q))).collect();
        assert!(
            missing.is_empty(),
            "{file}: quotes not found in the seed text: {missing:#?}"
        );
    }
}

#[test]
fn every_purpose_of_the_shared_vocabulary_is_in_the_seed() {
    let p: Policy = policy::load(&read("policies/seed.json")).unwrap();
    let ids: Vec<&str> = p.purposes.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, SEED_PURPOSES);
    for code in assent::policy::iso3166::EU_MEMBERS
        .iter()
        .chain(&["CN", "GB", "US", "US-CA", "US-CO", "KR", "IN", "*"])
    {
        assert!(p.jurisdictions.iter().any(|j| j.code == *code), "no rule for {code}");
    }
}

#[test]
fn version_history_records_the_previous_scope() {
    let v1: Policy = policy::load(&read("policies/seed.json")).unwrap();
    for file in seed_versions().iter().skip(1) {
        let v: Policy = policy::load(&read(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        // The notice `assent diff --format history` adds is checked in tests/changes.rs.
        // Releases keep an entry per earlier release, the seed's first.
        let mut last = v
            .history
            .first()
            .cloned()
            .unwrap_or_else(|| panic!("{file}: no history"));
        last.notice = None;
        assert_eq!(
            last,
            v1.scope(),
            "{file}: regenerate the history with `assent scope policies/seed.json`"
        );
    }
}

/// The tokens between backticks in a table cell.
fn backticked(cell: &str) -> Vec<&str> {
    cell.split('`').skip(1).step_by(2).collect()
}

/// The texts between double quotes in a table cell.
fn quoted(cell: &str) -> Vec<&str> {
    cell.split('"').skip(1).step_by(2).collect()
}

/// Every Rust file under `dir`, read.
fn rust_sources(dir: &Path, out: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
}

#[test]
fn rules_table_names_only_what_exists() {
    let doc = read("docs/rules.md");
    let case_names = |rel: &str| -> BTreeSet<String> {
        json(rel)
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    };
    let mut cases = case_names("tests/golden/eval.json");
    cases.extend(case_names("tests/golden/invalid.json"));
    let messages = read("src/eval/messages.rs");
    let mut rust = String::new();
    rust_sources(&root().join("src"), &mut rust);
    rust_sources(&root().join("tests"), &mut rust);
    let mut js = String::new();
    for entry in std::fs::read_dir(root().join("tests/js")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "mjs") {
            js.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
    let mut failures = Vec::new();
    let mut rows = 0;
    for line in doc.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| #")) {
        // | # | source | asks | rule id | policy field | golden cases | other tests | status |
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').map(str::trim).collect();
        let [num, _, _, rule_ids, _, golden, others, status] = cells[..] else {
            failures.push(format!("a row without eight cells: {line}"));
            continue;
        };
        rows += 1;
        for id in backticked(rule_ids) {
            if !messages.contains(&format!("=> \"{id}\"")) {
                failures.push(format!("row {num}: no engine rule {id}"));
            }
        }
        for name in backticked(golden) {
            if !cases.contains(name) {
                failures.push(format!("row {num}: no golden case {name}"));
            }
        }
        for name in backticked(others) {
            if !rust.contains(&format!("fn {name}(")) {
                failures.push(format!("row {num}: no Rust test {name}"));
            }
        }
        for title in quoted(others) {
            if !js.contains(title) {
                failures.push(format!("row {num}: no JavaScript test {title:?}"));
            }
        }
        if status.starts_with("implemented outside the engine") {
            if backticked(others).is_empty() && quoted(others).is_empty() {
                failures.push(format!("row {num}: implemented without a test"));
            }
        } else if status.starts_with("implemented") && backticked(golden).is_empty() {
            failures.push(format!("row {num}: implemented without a golden case"));
        }
    }
    assert!(rows >= 36, "the table lost rows: {rows}");
    assert!(failures.is_empty(), "docs/rules.md:\n{}", failures.join("\n"));
}
