//! The receipt commands, run as the CLI runs them: keygen, rotation, sign, verify, kantara.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[allow(dead_code)]
#[path = "../src/bin/assent/receipt_cmd.rs"]
mod receipt_cmd;

use std::path::{Path, PathBuf};

use clap::{CommandFactory, Parser, Subcommand};
use receipt_cmd::{run_keygen_to, run_to, CmdFailure, KeygenArgs, ReceiptCmd};
use serde_json::Value;

/// The shape the main CLI gives these commands.
#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Top,
}

#[derive(Subcommand)]
enum Top {
    Keygen(KeygenArgs),
    #[command(subcommand)]
    Receipt(ReceiptCmd),
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("assent-receipt-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn seed() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/policies/seed.json").to_owned()
}

fn cmd(args: &[&str]) -> Result<String, CmdFailure> {
    let cli = Cli::try_parse_from(std::iter::once("assent").chain(args.iter().copied())).unwrap();
    let mut out = Vec::new();
    match cli.command {
        Top::Keygen(a) => run_keygen_to(a, &mut out)?,
        Top::Receipt(c) => run_to(c, &mut out)?,
    }
    Ok(String::from_utf8(out).unwrap())
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `assent receipt sign --key KEY CHOICES --policy <the seed> --now NOW`, then `more`.
fn sign(key: &Path, choices: &Path, now: &str, more: &[&str]) -> Result<String, CmdFailure> {
    let seed = seed();
    let mut args = vec!["receipt", "sign", "--key", path(key), path(choices)];
    args.extend(["--policy", &seed, "--now", now]);
    args.extend(more);
    cmd(&args)
}

/// `assent receipt verify --jwks JWKS RECEIPT --now NOW`, then `more`.
fn verify(jwks: &Path, receipt: &Path, now: &str, more: &[&str]) -> Result<String, CmdFailure> {
    let mut args = vec!["receipt", "verify", "--jwks", path(jwks), path(receipt)];
    args.extend(["--now", now]);
    args.extend(more);
    cmd(&args)
}

const CHOICES: &str = r#"{
  "subject": "u_7f3a9c2e41d8b6a0",
  "actor": {"type": "guardian", "relationship": "parent", "verification": "card_check"},
  "jurisdiction": "CN",
  "locale": "en",
  "ageBand": "below_guardian_age",
  "purposes": [
    {"purpose": "location", "state": "ConsentGiven", "separate": true},
    {"purpose": "marketing", "state": "ConsentRefused"}
  ],
  "collectionMethod": "guardian_page"
}"#;

#[test]
fn the_commands_are_well_formed_clap_definitions() {
    Cli::command().debug_assert();
}

#[test]
fn keygen_sign_verify_and_kantara_work_end_to_end() {
    let dir = scratch("e2e");
    let key = dir.join("keys.private.json");
    let jwks = dir.join("jwks.json");
    let printed = cmd(&["keygen", "--out", path(&key)]).unwrap();
    let public: Value = serde_json::from_str(&printed).unwrap();
    assert_eq!(public["keys"].as_array().unwrap().len(), 1);
    assert!(public["keys"][0].get("d").is_none());
    assert_eq!(std::fs::read_to_string(&jwks).unwrap().trim(), printed.trim());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // A private key set is never overwritten.
    assert_eq!(cmd(&["keygen", "--out", path(&key)]).unwrap_err().exit_code, 2);

    let choices = dir.join("choices.json");
    std::fs::write(&choices, CHOICES).unwrap();
    let policy = seed();
    let now = "2026-11-29T12:00:00Z";
    let token = sign(&key, &choices, now, &[]).unwrap();
    let token = token.trim();
    assert_eq!(token.split('.').count(), 3);
    let receipt = dir.join("r1.jws");
    std::fs::write(&receipt, format!("{token}\n")).unwrap();

    let payload = verify(&jwks, &receipt, now, &["--policy", &policy]).unwrap();
    let payload: Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(payload["subject"], "u_7f3a9c2e41d8b6a0");
    assert_eq!(payload["actor"]["type"], "guardian");
    assert_eq!(payload["ageBand"], "below_guardian_age");
    assert_eq!(payload["issuedAt"], now);

    // Expired: exit 1 with the code.
    let late = verify(&jwks, &receipt, "2030-01-01T00:00:00Z", &[]).unwrap_err();
    assert_eq!(late.exit_code, 1);
    assert!(late.message.starts_with("error[receipt.expired]"), "{}", late.message);

    // A tampered receipt: exit 1.
    let tampered = dir.join("tampered.jws");
    let mut bytes = token.as_bytes().to_vec();
    let middle = bytes.len() / 2;
    bytes[middle] = if bytes[middle] == b'A' { b'B' } else { b'A' };
    std::fs::write(&tampered, bytes).unwrap();
    let bad = verify(&jwks, &tampered, now, &[]).unwrap_err();
    assert_eq!(bad.exit_code, 1);
    assert!(bad.message.contains("receipt."), "{}", bad.message);

    // The next receipt links to the first.
    let second = sign(&key, &choices, "2026-11-30T00:00:00Z", &["--prev", path(&receipt)]).unwrap();
    let second_path = dir.join("r2.jws");
    std::fs::write(&second_path, second.trim()).unwrap();
    verify(&jwks, &second_path, "2026-11-30T00:00:00Z", &["--prev", path(&receipt)]).unwrap();
    let broken = verify(
        &jwks,
        &second_path,
        "2026-11-30T00:00:00Z",
        &["--prev", path(&second_path)],
    )
    .unwrap_err();
    assert!(
        broken.message.starts_with("error[receipt.chain_broken]"),
        "{}",
        broken.message
    );

    // Kantara, checked and unchecked.
    let kantara: Value = serde_json::from_str(
        &cmd(&[
            "receipt",
            "kantara",
            path(&receipt),
            "--policy",
            &policy,
            "--jwks",
            path(&jwks),
        ])
        .unwrap(),
    )
    .unwrap();
    assert_eq!(kantara["version"], "KI-CR-v1.1.0");
    assert_eq!(kantara["publicKey"], public["keys"][0]["x"]);
    assert_eq!(kantara["collectionMethod"], "Guardian consent page");
    let unchecked: Value = serde_json::from_str(&cmd(&["receipt", "kantara", path(&receipt)]).unwrap()).unwrap();
    assert!(unchecked.get("publicKey").is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn rotation_keeps_old_receipts_verifiable() {
    let dir = scratch("rotate");
    let key = dir.join("keys.private.json");
    let jwks = dir.join("public.json");
    cmd(&["keygen", "--out", path(&key), "--jwks", path(&jwks)]).unwrap();
    let choices = dir.join("choices.json");
    std::fs::write(&choices, CHOICES).unwrap();
    let now = "2026-11-29T12:00:00Z";
    let old = sign(&key, &choices, now, &[]).unwrap();
    let old_path = dir.join("old.jws");
    std::fs::write(&old_path, old).unwrap();
    let printed = cmd(&["keygen", "--out", path(&key), "--jwks", path(&jwks), "--rotate"]).unwrap();
    let public: Value = serde_json::from_str(&printed).unwrap();
    assert_eq!(public["keys"].as_array().unwrap().len(), 2);
    verify(&jwks, &old_path, now, &[]).unwrap();
    let new = sign(&key, &choices, now, &[]).unwrap();
    let new_kid = public["keys"][1]["kid"].as_str().unwrap();
    let header = new.split('.').next().unwrap();
    assert!(String::from_utf8(assent::receipt::jwk::b64url_decode(header).unwrap())
        .unwrap()
        .contains(new_kid));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_input_is_reported_with_its_place() {
    let dir = scratch("bad");
    let key = dir.join("k.json");
    cmd(&["keygen", "--out", path(&key)]).unwrap();
    let choices = dir.join("choices.json");
    std::fs::write(&choices, CHOICES.replace("\"subject\"", "\"subjekt\"")).unwrap();
    let e = sign(&key, &choices, "2026-11-29T12:00:00Z", &[]).unwrap_err();
    assert_eq!(e.exit_code, 2);
    assert!(e.message.contains("choices.json:"), "{}", e.message);
    std::fs::write(&choices, CHOICES.replace("u_7f3a9c2e41d8b6a0", "kid@example.com")).unwrap();
    let e = sign(&key, &choices, "2026-11-29T12:00:00Z", &[]).unwrap_err();
    assert!(e.message.starts_with("error[receipt.subject]"), "{}", e.message);
    let e = cmd(&[
        "receipt",
        "sign",
        "--key",
        path(&dir.join("missing.json")),
        path(&choices),
    ])
    .unwrap_err();
    assert!(e.message.contains("cannot read"), "{}", e.message);
    let _ = std::fs::remove_dir_all(&dir);
}
