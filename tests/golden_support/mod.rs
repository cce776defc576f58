//! The golden corpus of evaluations (`tests/golden/eval.json`), for the tests that check how each
//! of its answers is written.

use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use assent::eval::{Context, Engine};
use serde_json::Value;

/// Every case of the corpus in both locales: the engine of its policy (one per policy file) and
/// the case's context in that locale.
pub fn golden_contexts() -> Vec<(Rc<Engine>, Context)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let cases: Value = serde_json::from_str(&read("tests/golden/eval.json")).expect("the corpus is JSON");
    let mut engines: HashMap<String, Rc<Engine>> = HashMap::new();
    let mut out = Vec::new();
    for case in cases.as_array().expect("the corpus is a list") {
        let policy = case["policy"].as_str().expect("each case names its policy");
        let engine = engines
            .entry(policy.to_string())
            .or_insert_with(|| Rc::new(Engine::from_json(&read(policy)).expect("the policy loads")));
        for locale in ["en", "zh-CN"] {
            let mut ctx = case["context"].clone();
            ctx["locale"] = Value::from(locale);
            out.push((
                Rc::clone(engine),
                serde_json::from_value(ctx).expect("the context reads"),
            ));
        }
    }
    out
}
