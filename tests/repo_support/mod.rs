//! The repository's own files (policies, the golden corpus, docs), read by the tests by their path
//! from the package root; a file that cannot be read or parsed fails the test with its path.
#![allow(dead_code, clippy::panic)]

use std::path::Path;

use serde_json::Value;

/// The purposes of the shared vocabulary, in the order of `policies/seed.json` (which golden.rs
/// checks has them all).
pub const SEED_PURPOSES: &[&str] = &[
    "essential",
    "location",
    "search",
    "city-info",
    "third-party-services",
    "deidentified-analytics",
    "third-party-login",
    "mini-programs",
    "analytics-cookies",
    "marketing",
    "advertising",
    "partner-sharing",
    "marketing-activities",
    "cross-border",
];

/// The package root, where `policies/`, `tests/` and `docs/` are.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The text of the file at `rel`, a path from the package root.
pub fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every policy document the repository ships (the JSON files of `policies/`, `policies/versions/`
/// and `policies/releases/`, but the schema), each folder's in name order: its path and its text.
pub fn policy_files() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in ["policies", "policies/versions", "policies/releases"] {
        let mut paths: Vec<_> = std::fs::read_dir(root().join(dir))
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .map(|e| e.unwrap_or_else(|e| panic!("{dir}: {e}")).path())
            .filter(|p| p.extension().is_some_and(|x| x == "json") && !p.ends_with("policy.schema.json"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            out.push((path.display().to_string(), text));
        }
    }
    out
}

/// The file at `rel`, a path from the package root, as JSON.
pub fn json(rel: &str) -> Value {
    serde_json::from_str(&read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}
