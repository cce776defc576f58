//! `assent log verify` against a log built the way the edge builds it: shards of signed receipts,
//! each leaf a salted commitment, each shard an RFC 6962 tree with a signed checkpoint, one signed
//! head over the shards' checkpoints, erasure records; and against every way of tampering with it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod receipt_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use assent::api::receipts::Signer;
use assent::log::entry::{commitment, leaf};
use assent::log::head;
use assent::log::merkle::{inclusion_proof, to_hex, MemoryTree};
use assent::log::shard::shard_origin;
use serde_json::{json, Value};

const ORIGIN: &str = "https://shop.example/consent-log";

fn signer(seed: u8) -> (Signer, String) {
    let s = receipt_support::signer(seed);
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

/// One shard as the edge keeps it: its entries as `GET /v1/log/entries` lists them, and its tree.
struct Shard {
    k: u32,
    entries: Vec<Value>,
    tree: MemoryTree,
}

impl Shard {
    fn new(k: u32) -> Self {
        Shard {
            k,
            entries: Vec::new(),
            tree: MemoryTree::new(),
        }
    }

    fn push(&mut self, kind: &str, text: &str, receipt_id: Option<&str>) {
        let i = self.entries.len();
        let salt = [i as u8 + 1; 32];
        let c = commitment(&salt, text.as_bytes());
        self.tree.push(&c).unwrap();
        let mut e = json!({"index": i, "kind": kind, "entry": text, "salt": to_hex(&salt), "commitment": to_hex(&c)});
        if let Some(id) = receipt_id {
            e["receiptId"] = json!(id);
        }
        self.entries.push(e);
    }

    fn receipts(s: &Signer, k: u32, from: u8, n: u8) -> Self {
        let mut shard = Shard::new(k);
        for i in from..from + n {
            let (jws, id) = receipt(s, i);
            shard.push("receipt", &jws, Some(&id));
        }
        shard
    }

    fn checkpoint(&self, s: &Signer, size: u64) -> String {
        let cp = json!({"origin": shard_origin(ORIGIN, self.k), "size": size, "root": to_hex(&self.tree.root_at(size).unwrap()), "time": "2026-11-29T12:00:01Z"});
        s.sign_checkpoint_json(&cp.to_string()).unwrap()
    }

    fn doc(&self, entries: &[Value], checkpoint: String) -> Value {
        json!({"shard": self.k, "entries": entries, "checkpoint": checkpoint})
    }
}

/// The head over these checkpoints, as `GET /v1/log/head` answers.
fn head_doc(s: &Signer, checkpoints: &[String], size: u64) -> Value {
    let refs: Vec<&str> = checkpoints.iter().map(String::as_str).collect();
    let h = json!({"origin": ORIGIN, "shards": checkpoints.len(), "size": size, "root": to_hex(&head::root(&refs).unwrap()), "time": "2026-11-29T12:00:02Z"});
    json!({"head": s.sign_log_head_json(&h.to_string()).unwrap(), "checkpoints": checkpoints})
}

fn dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("assent-log-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, v: &Value) -> String {
    let p = dir.join(name);
    std::fs::write(&p, v.to_string()).unwrap();
    p.to_str().unwrap().to_string()
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

/// A test's signer (from `seed`), its folder, and the path of the site's public keys written there.
fn setup(seed: u8, name: &str) -> (Signer, PathBuf, String) {
    let (s, jwks) = signer(seed);
    let d = dir(name);
    let jwks = write(&d, "jwks.json", &serde_json::from_str(&jwks).unwrap());
    (s, d, jwks)
}

/// `assent log verify --jwks JWKS FLAG FILE`, where FILE is `v` written to `name` in `dir`.
fn verify_file(jwks: &str, dir: &Path, flag: &str, name: &str, v: &Value) -> (i32, String) {
    verify(&["--jwks", jwks, flag, &write(dir, name, v)])
}

/// An erasure record naming the entries `erased`.
fn erasure(erased: &[u64]) -> String {
    json!({"type": "erasure", "erased": erased, "time": "2026-11-30T00:00:00Z"}).to_string()
}

/// An entry as the edge leaves it once the erasure record at 2026-11-30 erased it.
fn erase(e: &mut Value) {
    e["entry"] = Value::Null;
    e["salt"] = Value::Null;
    e["erasedAt"] = json!("2026-11-30T00:00:00Z");
}

/// Asserts that a run of `assent log verify` failed (exit code 1), saying `want`.
#[track_caller]
fn assert_fails_with((code, out): (i32, String), want: &str) {
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(want), "{out}");
}

fn hexes(v: Vec<[u8; 32]>) -> Vec<String> {
    v.iter().map(to_hex).collect()
}

#[test]
fn an_intact_two_shard_log_verifies_by_head_entries_and_a_proof_up_to_the_head() {
    let (s, d, jwks) = setup(1, "intact");
    let a = Shard::receipts(&s, 0, 0, 7);
    let b = Shard::receipts(&s, 1, 10, 3);
    let cps = [a.checkpoint(&s, 7), b.checkpoint(&s, 3)];
    let head = head_doc(&s, &cps, 10);
    let head_file = write(&d, "head.json", &head);
    let e0 = write(&d, "e0.json", &a.doc(&a.entries, cps[0].clone()));
    let e1 = write(&d, "e1.json", &b.doc(&b.entries, cps[1].clone()));
    let refs: Vec<&str> = cps.iter().map(String::as_str).collect();
    let proof = json!({"receiptId": a.entries[4]["receiptId"], "shard": 0, "index": 4, "size": 7,
        "jws": a.entries[4]["entry"], "salt": a.entries[4]["salt"],
        "proof": hexes(inclusion_proof(a.tree.nodes(), 4, 7).unwrap()), "checkpoint": cps[0],
        "head": head["head"], "headProof": hexes(head::inclusion_proof(&refs, 0).unwrap())});
    let proof_file = write(&d, "proof.json", &proof);
    let (code, out) = verify(&[
        "--jwks",
        &jwks,
        "--head",
        &head_file,
        "--entries",
        &e0,
        "--entries",
        &e1,
        "--proof",
        &proof_file,
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("head: 10 entries in 2 shards"), "{out}");
    assert!(
        out.contains("shard 0: 7 entries") && out.contains("shard 1: 3 entries"),
        "{out}"
    );
    assert!(out.contains("all 2 shards verify against the head"), "{out}");
    assert!(
        out.contains("entry 4 of 7 in shard 0, and the shard's checkpoint is under the signed head"),
        "{out}"
    );

    // The proof's checkpoint placed at the other shard's leaf does not reach the head.
    let mut moved = proof.clone();
    moved["shard"] = json!(1);
    let (code, out) = verify_file(&jwks, &d, "--proof", "moved.json", &moved);
    assert_eq!(code, 1, "{out}");
    // One shard left out under the head.
    assert_fails_with(
        verify(&["--jwks", &jwks, "--head", &head_file, "--entries", &e0]),
        "shard 1's entries were not given",
    );
    // The checkpoints swapped: each is signed, but not for its place.
    let swapped = head_doc(&s, &[cps[1].clone(), cps[0].clone()], 10);
    assert_fails_with(
        verify_file(&jwks, &d, "--head", "swapped.json", &swapped),
        "not of shard 0",
    );
    // A head whose size is not its checkpoints' sum.
    assert_fails_with(
        verify_file(&jwks, &d, "--head", "sum.json", &head_doc(&s, &cps, 11)),
        "its checkpoints hold 10",
    );
}

#[test]
fn every_kind_of_tampering_is_detected() {
    let (s, d, jwks) = setup(2, "tamper");
    let a = Shard::receipts(&s, 0, 0, 6);
    let cp = a.checkpoint(&s, 6);
    let check = |name: &str, entries: &[Value], cp: &str| {
        verify_file(&jwks, &d, "--entries", name, &a.doc(entries, cp.to_string()))
    };
    assert_eq!(check("ok.json", &a.entries, &cp).0, 0);

    // A removed entry: a gap in the indices.
    let gap: Vec<Value> = a.entries.iter().filter(|e| e["index"] != 2).cloned().collect();
    assert_fails_with(check("gap.json", &gap, &cp), "entry 2 is missing");

    // The last entry dropped: fewer entries than the checkpoint signs.
    assert_fails_with(check("short.json", &a.entries[..5], &cp), "only 5 were given");

    // An entry replaced by another validly signed receipt with its own commitment: the root no
    // longer matches.
    let mut other = Shard::receipts(&s, 0, 99, 1).entries[0].clone();
    other["index"] = json!(3);
    let mut swapped = a.entries.clone();
    swapped[3] = other;
    assert_fails_with(check("swap.json", &swapped, &cp), "altered or removed");

    // An entry whose bytes were edited under its commitment.
    let mut edited = a.entries.clone();
    edited[1]["entry"] = json!(edited[1]["entry"].as_str().unwrap().replacen('e', "f", 1));
    assert_fails_with(
        check("edit.json", &edited, &cp),
        "entry 1: the entry is not what its leaf committed to",
    );

    // Content removed as if erased, with no erasure record naming it.
    let mut hidden = a.entries.clone();
    hidden[2]["entry"] = Value::Null;
    hidden[2]["salt"] = Value::Null;
    assert_fails_with(check("hidden.json", &hidden, &cp), "removed, not erased");

    // A checkpoint signed by a key the site never published.
    let (mallory, _) = signer(3);
    assert_fails_with(
        check("forged.json", &a.entries, &a.checkpoint(&mallory, 6)),
        "checkpoint does not verify",
    );

    // An inclusion proof for the wrong position.
    let wrong = json!({"receiptId": a.entries[3]["receiptId"], "shard": 0, "index": 4, "size": 6,
        "jws": a.entries[3]["entry"], "salt": a.entries[3]["salt"],
        "proof": hexes(inclusion_proof(a.tree.nodes(), 4, 6).unwrap()), "checkpoint": cp, "head": null, "headProof": null});
    assert_fails_with(verify_file(&jwks, &d, "--proof", "wrong.json", &wrong), "not proven");
}

#[test]
fn an_erased_entry_verifies_as_erased_and_a_half_done_erasure_does_not() {
    let (s, d, jwks) = setup(4, "erasure");
    let mut a = Shard::receipts(&s, 0, 0, 4);
    let before = a.checkpoint(&s, 4);
    a.push("erasure", &erasure(&[1, 2]), None);
    let cp = a.checkpoint(&s, 5);
    let mut erased = a.entries.clone();
    for i in [1, 2] {
        erase(&mut erased[i]);
    }
    let check = |name: &str, entries: &[Value], cp: &str| {
        verify_file(&jwks, &d, "--entries", name, &a.doc(entries, cp.to_string()))
    };
    let (code, out) = check("erased.json", &erased, &cp);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("2 receipts signed, 2 erased (each named by one of 1 erasure records)"),
        "{out}"
    );
    // The same entries against the checkpoint from before the erasure: the record at index 4 is
    // past the signed root, so it authenticates nothing and the erased entries were removed.
    assert_fails_with(
        check("before.json", &erased, &before),
        "entry 1: its content is gone but no erasure record under the signed root",
    );
    // Unerased entries past the checkpoint verify, reported as not covered.
    let (code, out) = check("before-kept.json", &a.entries, &before);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("shard 0: 1 entries past the signed root are not covered"),
        "{out}"
    );
    assert!(
        out.contains("4 receipts signed, 0 erased (each named by one of 0 erasure records)"),
        "{out}"
    );

    // Someone who can write storage but holds no signing key nulls a receipt and appends an
    // unsigned erasure record at the checkpoint's size: refused.
    let mut forged = Shard::receipts(&s, 0, 0, 3);
    let forged_cp = forged.checkpoint(&s, 3);
    forged.push("erasure", &erasure(&[1]), None);
    let mut nulled = forged.entries.clone();
    erase(&mut nulled[1]);
    assert_fails_with(
        verify_file(&jwks, &d, "--entries", "forged.json", &forged.doc(&nulled, forged_cp)),
        "removed, not erased",
    );

    // `erasedAt` that is not the record's time.
    let mut late = erased.clone();
    late[2]["erasedAt"] = json!("2026-12-01T00:00:00Z");
    assert_fails_with(
        check("late.json", &late, &cp),
        "the erasure record at 4 says 2026-11-30T00:00:00Z",
    );
    // Content present but listed as erased.
    let mut listed = a.entries.clone();
    listed[0]["erasedAt"] = json!("2026-11-30T00:00:00Z");
    assert_fails_with(
        check("listed.json", &listed, &before),
        "listed as erased, but its content is here",
    );

    // The record says entry 2 was erased, but its content is still here.
    let mut kept = erased.clone();
    kept[2] = a.entries[2].clone();
    assert_fails_with(
        check("kept.json", &kept, &cp),
        "names it, but its content is still here",
    );
    // The erasure record itself erased: records are never erased.
    let mut no_record = erased.clone();
    no_record[4]["entry"] = Value::Null;
    no_record[4]["salt"] = Value::Null;
    let (code, out) = check("norecord.json", &no_record, &cp);
    assert_eq!(code, 1, "{out}");
    // A record naming an entry after itself.
    let mut b = Shard::receipts(&s, 0, 0, 2);
    b.push("erasure", &erasure(&[5]), None);
    assert_fails_with(
        verify_file(
            &jwks,
            &d,
            "--entries",
            "later.json",
            &b.doc(&b.entries, b.checkpoint(&s, 3)),
        ),
        "which is not before it",
    );

    // A record naming an erasure record, a record whose list is out of order, and a receipt
    // named by two records.
    let cases: [(&str, &[&[u64]], &str); 3] = [
        (
            "names-record.json",
            &[&[0], &[2]],
            "entry 2, an erasure record: only receipts are erased",
        ),
        ("unordered.json", &[&[1, 0]], "not ascending without repeats"),
        ("twice.json", &[&[0], &[0]], "which the record at 2 already erased"),
    ];
    for (name, records, want) in cases {
        let mut c = Shard::receipts(&s, 0, 0, 2);
        for r in records {
            c.push("erasure", &erasure(r), None);
        }
        let n = c.entries.len() as u64;
        let mut entries = c.entries.clone();
        for (i, e) in entries.iter_mut().enumerate() {
            if e["kind"] == "receipt" && records.iter().any(|r| r.contains(&(i as u64))) {
                erase(e);
            }
        }
        let (code, out) = verify_file(&jwks, &d, "--entries", name, &c.doc(&entries, c.checkpoint(&s, n)));
        assert_eq!(code, 1, "{name}: {out}");
        assert!(out.contains(want), "{name}: {out}");
    }

    // Without a head, a checkpoint of another shard (or of no shard) is refused.
    let e = Shard::receipts(&s, 0, 0, 1);
    let mut elsewhere = Shard::receipts(&s, 1, 0, 1);
    assert_fails_with(
        verify_file(
            &jwks,
            &d,
            "--entries",
            "origin.json",
            &e.doc(&e.entries, elsewhere.checkpoint(&s, 1)),
        ),
        "not of shard 0",
    );
    elsewhere.k = 0;
    let cp = json!({"origin": ORIGIN, "size": 1, "root": to_hex(&elsewhere.tree.root_at(1).unwrap()), "time": "2026-11-29T12:00:01Z"});
    assert_fails_with(
        verify_file(
            &jwks,
            &d,
            "--entries",
            "no-shard.json",
            &elsewhere.doc(&e.entries, s.sign_checkpoint_json(&cp.to_string()).unwrap()),
        ),
        "not of shard 0",
    );
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
fn consistency_across_shards_shows_the_older_head_is_a_prefix_and_a_rewrite_is_caught() {
    let (s, d, jwks) = setup(3, "consistency");
    let a = Shard::receipts(&s, 0, 0, 9);
    let b = Shard::receipts(&s, 1, 20, 2);
    let old_cps = [a.checkpoint(&s, 4), b.checkpoint(&s, 0)];
    let new_cps = [a.checkpoint(&s, 9), b.checkpoint(&s, 2)];
    let proofs = json!([
        hexes(assent::log::merkle::consistency_proof(a.tree.nodes(), 4, 9).unwrap()),
        []
    ]);
    let doc = |old: Value| json!({"old": old, "new": head_doc(&s, &new_cps, 11), "proofs": proofs});
    let good = write(&d, "consistency.json", &doc(head_doc(&s, &old_cps, 4)));
    let (code, out) = verify(&["--jwks", &jwks, "--consistency", &good]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("log of 4 entries is a prefix of the signed log of 11, in each of 2 shards"),
        "{out}"
    );

    // The older head of a shard whose fourth entry was rewritten: a different root, signed anyway.
    let mut other = Shard::receipts(&s, 0, 0, 3);
    let (jws, id) = receipt(&s, 200);
    other.push("receipt", &jws, Some(&id));
    let rewritten = write(
        &d,
        "rewritten.json",
        &doc(head_doc(&s, &[other.checkpoint(&s, 4), old_cps[1].clone()], 4)),
    );
    assert_fails_with(verify(&["--jwks", &jwks, "--consistency", &rewritten]), "not a prefix");

    // A proof with one hash flipped.
    let mut flipped = doc(head_doc(&s, &old_cps, 4));
    flipped["proofs"][0][0] = json!(to_hex(&[0u8; 32]));
    assert_eq!(verify_file(&jwks, &d, "--consistency", "flipped.json", &flipped).0, 1);
}

#[test]
fn a_leaf_is_the_salted_commitment_not_the_receipt() {
    let salt = [7u8; 32];
    let c = commitment(&salt, b"x.y.z");
    assert_eq!(leaf(&c), assent::log::merkle::leaf_hash(&c));
    assert_ne!(leaf(&c), assent::log::merkle::leaf_hash(b"x.y.z"));
}
