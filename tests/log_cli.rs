//! `assent log verify` against a log built the way the edge builds it: signed receipts, an RFC
//! 6962 Merkle tree, a signed checkpoint; and against every way of tampering with it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use assent::api::receipts::Signer;
use assent::api::LoadedPolicy;
use assent::log::merkle::{inclusion_proof, to_hex, MemoryTree};
use assent::receipt::SigningKeySet;
use serde_json::{json, Value};

const SEED: &str = include_str!("../policies/seed.json");

fn signer(seed: u8) -> (Signer, String) {
    let keys = SigningKeySet::generate([seed; 32]);
    let s = Signer::new(&keys.to_json_pretty(), LoadedPolicy::load(SEED).unwrap()).unwrap();
    let jwks = s.public_jwks_json().unwrap();
    (s, jwks)
}

fn receipt(s: &Signer, n: u8) -> (String, String) {
    let choice = json!({"subject": format!("u_{n:016x}"), "actor": {"type": "self"}, "jurisdiction": "DE", "locale": "en",
        "purposes": [{"purpose": "analytics-cookies", "state": "ConsentGiven"}], "collectionMethod": "api"});
    let id = format!("6f1c2a52-9b0e-4c8d-8a1e-2f3b4c5d6e{n:02x}");
    let out: Value =
        serde_json::from_str(&s.sign_json(&choice.to_string(), "2026-11-29T12:00:00Z", &id).unwrap()).unwrap();
    (out["jws"].as_str().unwrap().to_string(), id)
}

fn checkpoint(s: &Signer, tree: &MemoryTree, size: u64) -> String {
    let cp = json!({"origin": "https://shop.example", "size": size, "root": to_hex(&tree.root_at(size).unwrap()), "time": "2026-11-29T12:00:01Z"});
    s.sign_checkpoint_json(&cp.to_string()).unwrap()
}

struct Log {
    dir: PathBuf,
    entries: Vec<(String, String)>,
    tree: MemoryTree,
}

fn build(name: &str, s: &Signer, n: u8) -> Log {
    let dir = std::env::temp_dir().join(format!("assent-log-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut tree = MemoryTree::new();
    let mut entries = Vec::new();
    for i in 0..n {
        let (jws, id) = receipt(s, i);
        tree.push(jws.as_bytes()).unwrap();
        entries.push((jws, id));
    }
    Log { dir, entries, tree }
}

fn write(dir: &Path, name: &str, v: &Value) -> String {
    let p = dir.join(name);
    std::fs::write(&p, v.to_string()).unwrap();
    p.to_str().unwrap().to_string()
}

fn entries_doc(entries: &[(u64, &(String, String))], cp: String) -> Value {
    json!({"entries": entries.iter().map(|(i, (jws, id))| json!({"index": i, "receiptId": id, "jws": jws})).collect::<Vec<_>>(), "checkpoint": cp})
}

fn verify(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_assent"))
        .arg("log")
        .arg("verify")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn an_intact_log_verifies_by_entries_proof_and_head() {
    let (s, jwks) = signer(1);
    let log = build("intact", &s, 7);
    let jwks = write(&log.dir, "jwks.json", &serde_json::from_str(&jwks).unwrap());
    let cp = checkpoint(&s, &log.tree, 7);
    let all: Vec<(u64, &(String, String))> = log.entries.iter().enumerate().map(|(i, e)| (i as u64, e)).collect();
    let entries = write(&log.dir, "entries.json", &entries_doc(&all, cp.clone()));
    let proof: Vec<String> = inclusion_proof(log.tree.nodes(), 4, 7)
        .unwrap()
        .iter()
        .map(to_hex)
        .collect();
    let proof = write(
        &log.dir,
        "proof.json",
        &json!({"receiptId": log.entries[4].1, "index": 4, "size": 7, "leaf": log.entries[4].0, "proof": proof, "checkpoint": cp}),
    );
    let head = write(
        &log.dir,
        "head.json",
        &json!({"checkpoint": checkpoint(&s, &log.tree, 5)}),
    );
    let (code, out) = verify(&[
        "--jwks",
        &jwks,
        "--entries",
        &entries,
        "--proof",
        &proof,
        "--head",
        &head,
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("entries: 7 receipts") && out.contains("entry 4 of 7"),
        "{out}"
    );
}

#[test]
fn every_kind_of_tampering_is_detected() {
    let (s, jwks_text) = signer(2);
    let log = build("tamper", &s, 6);
    let jwks = write(&log.dir, "jwks.json", &serde_json::from_str(&jwks_text).unwrap());
    let cp = checkpoint(&s, &log.tree, 6);
    let all: Vec<(u64, &(String, String))> = log.entries.iter().enumerate().map(|(i, e)| (i as u64, e)).collect();

    // A removed entry: a gap in the indices.
    let gap: Vec<_> = all.iter().filter(|(i, _)| *i != 2).cloned().collect();
    let (code, out) = verify(&[
        "--jwks",
        &jwks,
        "--entries",
        &write(&log.dir, "gap.json", &entries_doc(&gap, cp.clone())),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("entry 2 is missing"), "{out}");

    // The last entry dropped: fewer entries than the checkpoint signs.
    let (code, out) = verify(&[
        "--jwks",
        &jwks,
        "--entries",
        &write(&log.dir, "short.json", &entries_doc(&all[..5], cp.clone())),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("only 5 were given"), "{out}");

    // An entry replaced by another validly signed receipt: the root no longer matches.
    let other = receipt(&s, 99);
    let mut swapped = all.clone();
    swapped[3] = (3, &other);
    let (code, out) = verify(&[
        "--jwks",
        &jwks,
        "--entries",
        &write(&log.dir, "swap.json", &entries_doc(&swapped, cp.clone())),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("altered or removed"), "{out}");

    // An entry whose bytes were edited: its signature fails.
    let mut edited = log.entries[1].clone();
    edited.0 = edited.0.replacen('e', "f", 1);
    let mut bad = all.clone();
    bad[1] = (1, &edited);
    let (code, out) = verify(&[
        "--jwks",
        &jwks,
        "--entries",
        &write(&log.dir, "edit.json", &entries_doc(&bad, cp.clone())),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("entry 1"), "{out}");

    // A checkpoint signed by a key the site never published.
    let (mallory, _) = signer(3);
    let forged = checkpoint(&mallory, &log.tree, 6);
    let (code, out) = verify(&[
        "--jwks",
        &jwks,
        "--entries",
        &write(&log.dir, "forged.json", &entries_doc(&all, forged)),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("checkpoint does not verify"), "{out}");

    // An inclusion proof for the wrong position.
    let proof: Vec<String> = inclusion_proof(log.tree.nodes(), 4, 6)
        .unwrap()
        .iter()
        .map(to_hex)
        .collect();
    let wrong = write(
        &log.dir,
        "wrong.json",
        &json!({"receiptId": log.entries[3].1, "index": 4, "size": 6, "leaf": log.entries[3].0, "proof": proof, "checkpoint": cp}),
    );
    let (code, out) = verify(&["--jwks", &jwks, "--proof", &wrong]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("not proven"), "{out}");
}

#[test]
fn an_age_lock_is_signed_for_one_subject_and_refused_when_forged_expired_or_someone_elses() {
    use assent::api::receipts::verify_age_lock_json;
    let (s, jwks) = signer(5);
    let (mallory, _) = signer(6);
    let lock = json!({"lock": {"band": "below_guardian_age", "jurisdiction": "CN", "lockedAt": "2026-11-29T12:00:00Z", "conflicts": 0},
        "subject": "u_child0000000001", "expiresAt": "2027-11-29T12:00:00Z"})
    .to_string();
    let token = s.sign_age_lock_json(&lock).unwrap();
    let ok: Value = serde_json::from_str(
        &verify_age_lock_json(
            &token,
            &jwks,
            r#"{"now":"2026-12-01T00:00:00Z","subject":"u_child0000000001"}"#,
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(ok["lock"]["band"], "below_guardian_age");
    let code = |t: &str, opts: &str| verify_age_lock_json(t, &jwks, opts).unwrap_err().code;
    assert_eq!(code(&token, r#"{"now":"2028-01-01T00:00:00Z"}"#), "age.lock_invalid");
    assert_eq!(
        code(&token, r#"{"now":"2026-12-01T00:00:00Z","subject":"u_other"}"#),
        "age.lock_invalid"
    );
    assert_eq!(
        code(
            &mallory.sign_age_lock_json(&lock).unwrap(),
            r#"{"now":"2026-12-01T00:00:00Z"}"#
        ),
        "receipt.kid_unknown"
    );
    // A checkpoint is not an age lock, even though both are signed by the same key.
    let cp = json!({"origin": "o", "size": 0, "root": to_hex(&MemoryTree::new().root().unwrap()), "time": "2026-11-29T12:00:00Z"});
    assert_eq!(
        code(
            &s.sign_checkpoint_json(&cp.to_string()).unwrap(),
            r#"{"now":"2026-12-01T00:00:00Z"}"#
        ),
        "age.lock_invalid"
    );
    assert!(s
        .sign_age_lock_json(&lock.replace("u_child0000000001", "kid@example.com"))
        .is_err());
}

#[test]
fn a_consistency_proof_shows_the_older_head_is_a_prefix_and_a_rewrite_is_caught() {
    let (s, jwks) = signer(3);
    let log = build("consistency", &s, 9);
    let jwks = write(&log.dir, "jwks.json", &serde_json::from_str(&jwks).unwrap());
    let proof: Vec<String> = assent::log::merkle::consistency_proof(log.tree.nodes(), 4, 9)
        .unwrap()
        .iter()
        .map(to_hex)
        .collect();
    let doc = |old_cp: String, proof: &[String]| json!({"oldSize": 4, "newSize": 9, "proof": proof, "oldCheckpoint": old_cp, "checkpoint": checkpoint(&s, &log.tree, 9)});
    let good = write(&log.dir, "consistency.json", &doc(checkpoint(&s, &log.tree, 4), &proof));
    let (code, out) = verify(&["--jwks", &jwks, "--consistency", &good]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("log of 4 entries is a prefix of the signed log of 9"),
        "{out}"
    );

    // The older head of a log whose fourth entry was rewritten: a different root, signed anyway.
    let mut other = MemoryTree::new();
    for (i, (jws, _)) in log.entries.iter().take(4).enumerate() {
        let leaf = if i == 3 { receipt(&s, 200).0 } else { jws.clone() };
        other.push(leaf.as_bytes()).unwrap();
    }
    let rewritten = write(&log.dir, "rewritten.json", &doc(checkpoint(&s, &other, 4), &proof));
    let (code, out) = verify(&["--jwks", &jwks, "--consistency", &rewritten]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("not a prefix"), "{out}");

    // A proof with one hash flipped.
    let mut flipped = proof.clone();
    flipped[0] = to_hex(&[0u8; 32]);
    let flipped = write(&log.dir, "flipped.json", &doc(checkpoint(&s, &log.tree, 4), &flipped));
    assert_eq!(verify(&["--jwks", &jwks, "--consistency", &flipped]).0, 1);
}
