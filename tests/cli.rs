//! The CLI as people use CLIs, run as the built binary: `-` reads standard input wherever a
//! file is read, every command's `--help` ends with an example, and the completion scripts work.
#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod cli_support;
mod receipt_support;

use cli_support::assent;
use std::path::{Path, PathBuf};
use std::process::Command;

use assent::log::head as log_head;
use assent::log::merkle::to_hex;
use assent::log::shard::shard_origin;
use serde_json::json;

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/seed.json");
const SEED_1_1: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/versions/seed-1.1.0.json");

fn ok(args: &[&str], stdin: Option<&str>) -> String {
    let run = assent(args, stdin);
    assert_eq!(run.code, 0, "assent {args:?} failed:\n{}{}", run.stdout, run.stderr);
    run.stdout
}

fn scratch(name: &str) -> PathBuf {
    cli_support::scratch("cli", name)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// The subcommands `--help` lists under "Commands:", without `help`.
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| l.trim() != "Commands:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_commands_help_ends_with_an_example() {
    let mut pending = vec![Vec::<String>::new()];
    let mut seen = Vec::new();
    while let Some(path) = pending.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = ok(&args, None);
        let example = help.find("\nExample:\n").or_else(|| help.find("\nExamples:\n"));
        assert!(example.is_some(), "`assent {}` has no example:\n{help}", args.join(" "));
        let after = &help[example.unwrap()..];
        assert!(
            after.contains("\n  assent ") || after.contains("| assent "),
            "the example of `assent {}` does not run assent:\n{after}",
            args.join(" ")
        );
        for sub in subcommands(&help) {
            let mut next = path.clone();
            next.push(sub);
            pending.push(next);
        }
        seen.push(path.join(" "));
    }
    // The walk reached the nested commands too, so a new one cannot slip past it.
    for command in [
        "check",
        "eval",
        "completions",
        "receipt sign",
        "receipt verify",
        "log verify",
    ] {
        assert!(seen.iter().any(|s| s == command), "{command} was not walked: {seen:?}");
    }
}

#[test]
fn a_dash_reads_the_policy_from_standard_input_wherever_a_file_is_read() {
    let seed = read(SEED);
    // check: the same verdict as with the path, named <stdin>.
    let by_path = ok(&["check", SEED], None);
    let by_stdin = ok(&["check", "-"], Some(&seed));
    assert_eq!(by_stdin, by_path.replace(SEED, "<stdin>"));
    // A bad policy on standard input is located in it.
    let run = assent(&["check", "-"], Some("{\"id\": 3}"));
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("--> <stdin>:1:"), "{}", run.stderr);

    // scope, compile, diff (either side), demo: byte for byte what the path gives.
    assert_eq!(ok(&["scope", "-"], Some(&seed)), ok(&["scope", SEED], None));
    let (a, b) = (scratch("compile-path"), scratch("compile-stdin"));
    ok(&["compile", SEED, "--out", a.to_str().unwrap()], None);
    ok(&["compile", "-", "--out", b.to_str().unwrap()], Some(&seed));
    for entry in std::fs::read_dir(&a).unwrap() {
        let name = entry.unwrap().file_name();
        assert_eq!(
            std::fs::read(a.join(&name)).unwrap(),
            std::fs::read(b.join(&name)).unwrap(),
            "{name:?}"
        );
    }
    let diff = ok(&["diff", SEED, SEED_1_1, "--format", "json"], None);
    assert_eq!(ok(&["diff", "-", SEED_1_1, "--format", "json"], Some(&seed)), diff);
    assert_eq!(
        ok(&["diff", SEED, "-", "--format", "json"], Some(&read(SEED_1_1))),
        diff
    );
    let demo = ok(&["demo", "--policy", SEED, "--update", SEED_1_1], None);
    let demo_rows = |t: &str| {
        t.lines()
            .filter(|l| !l.contains("20"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        demo_rows(&ok(&["demo", "--policy", "-", "--update", SEED_1_1], Some(&seed))),
        demo_rows(&demo)
    );
    // Anywhere (an npm install has no policies/ folder): the built-in seed and its update.
    assert_eq!(demo_rows(&ok(&["demo"], None)), demo_rows(&demo));
    // A policy of one's own without a later version: no returning visitor's column.
    let alone = ok(&["demo", "--policy", SEED], None);
    assert!(!alone.contains("returning") && !alone.contains("update:"), "{alone}");
    assert!(demo.contains("returning, DE"), "{demo}");
}

#[test]
fn a_dash_reads_a_context_receipt_or_key_from_standard_input() {
    let dir = scratch("eval");
    let context = json!({"now": "2026-12-01T10:00:00Z", "jurisdiction": "DE", "age": 34}).to_string();
    let context_file = dir.join("context.json");
    std::fs::write(&context_file, &context).unwrap();
    let by_path = ok(
        &["eval", SEED, context_file.to_str().unwrap(), "--purpose", "advertising"],
        None,
    );
    assert_eq!(
        ok(&["eval", SEED, "-", "--purpose", "advertising"], Some(&context)),
        by_path
    );
    assert!(by_path.contains("\"decision\""), "{by_path}");

    // receipt sign reads the choice, verify and kantara the receipt, from standard input.
    let keys = dir.join("keys.private.json");
    ok(&["keygen", "--out", keys.to_str().unwrap()], None);
    let jwks = dir.join("jwks.json");
    let choice = json!({"subject": "u_7f3a9c2e41d8b6a0", "actor": {"type": "self"}, "jurisdiction": "DE",
        "locale": "en", "purposes": [{"purpose": "analytics-cookies", "state": "ConsentGiven"}],
        "collectionMethod": "api"})
    .to_string();
    let receipt = ok(
        &[
            "receipt",
            "sign",
            "--key",
            keys.to_str().unwrap(),
            "--policy",
            SEED,
            "--now",
            "2026-12-01T10:00:00Z",
            "-",
        ],
        Some(&choice),
    );
    let verified = ok(
        &[
            "receipt",
            "verify",
            "--jwks",
            jwks.to_str().unwrap(),
            "--now",
            "2026-12-02T10:00:00Z",
            "-",
        ],
        Some(&receipt),
    );
    assert!(verified.contains("u_7f3a9c2e41d8b6a0"), "{verified}");
    let kantara = ok(
        &["receipt", "kantara", "--jwks", jwks.to_str().unwrap(), "-"],
        Some(&receipt),
    );
    assert!(kantara.contains("KI-CR-v1.1.0"), "{kantara}");

    // log verify reads a signed head from standard input.
    let signer = receipt_support::signer(7);
    let log_jwks = dir.join("log-jwks.json");
    std::fs::write(&log_jwks, signer.public_jwks_json().unwrap()).unwrap();
    // One empty shard under a head over all shards, as `GET /v1/log/head` answers.
    let origin = "https://shop.example/consent-log";
    let empty_root = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    let checkpoint = signer
        .sign_checkpoint_json(
            &json!({"origin": shard_origin(origin, 0), "size": 0, "root": empty_root,
                "time": "2026-12-01T10:00:00Z"})
            .to_string(),
        )
        .unwrap();
    let root = to_hex(&log_head::root(&[checkpoint.as_str()]).unwrap());
    let signed = signer
        .sign_log_head_json(
            &json!({"origin": origin, "shards": 1, "size": 0, "root": root, "time": "2026-12-01T10:00:01Z"})
                .to_string(),
        )
        .unwrap();
    let head = json!({"head": signed, "checkpoints": [checkpoint]}).to_string();
    let out = ok(
        &["log", "verify", "--jwks", log_jwks.to_str().unwrap(), "--head", "-"],
        Some(&head),
    );
    assert!(out.starts_with("head: 0 entries"), "{out}");
}

#[test]
fn standard_input_stands_for_one_file_only() {
    let seed = read(SEED);
    for args in [
        &["diff", "-", "-"][..],
        &["eval", "-", "-"],
        &["demo", "--policy", "-", "--update", "-"],
    ] {
        let run = assent(args, Some(&seed));
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("`-` (standard input) stands for one file only"),
            "{args:?}: {}",
            run.stderr
        );
    }
    let run = assent(&["receipt", "sign", "--key", "-", "-"], Some(&seed));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("stands for one file only") || run.stderr.contains("key"),
        "{}",
        run.stderr
    );
}

/// The top-level subcommands, as `assent --help` lists them.
fn top_commands() -> Vec<String> {
    subcommands(&ok(&["--help"], None))
}

#[test]
fn the_bash_completion_completes_commands_and_nested_commands() {
    let bash = Path::new("/bin/bash");
    assert!(bash.is_file(), "bash is needed to run the completion script");
    let script = scratch("bash").join("assent.bash");
    std::fs::write(&script, ok(&["completions", "bash"], None)).unwrap();
    let complete = |words: &str| -> String {
        let line = format!(
            "source {}; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
             _assent assent \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; echo \"${{COMPREPLY[*]}}\"",
            script.display()
        );
        let out = Command::new(bash).args(["--norc", "-c", &line]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
    assert_eq!(complete("assent che"), "check");
    assert_eq!(complete("assent receipt ver"), "verify");
    assert_eq!(complete("assent completions z"), "zsh");
    let all = complete("assent ''");
    for command in top_commands() {
        assert!(all.split(' ').any(|c| c == command), "{command} missing from `{all}`");
    }
}

#[test]
fn the_zsh_and_fish_completions_name_every_command() {
    let zsh = ok(&["completions", "zsh"], None);
    assert!(zsh.starts_with("#compdef assent"), "{}", &zsh[..80]);
    let fish = ok(&["completions", "fish"], None);
    assert!(fish.contains("\ncomplete -c assent -n "), "{fish}");
    for command in top_commands() {
        assert!(zsh.contains(&format!("'{command}:")), "zsh: {command}");
        assert!(fish.contains(&format!(" -a \"{command}\"")), "fish: {command}");
    }
    let run = assent(&["completions", "tcsh"], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("possible values"), "{}", run.stderr);
}

/// The site owner's run: a mark left in a new version was copied into its history entry, and
/// `check` then counted five marks for one. The history step refuses such a version.
#[test]
fn the_history_entry_is_refused_while_the_new_version_has_owner_marks() {
    let marked = read(SEED_1_1).replacen(
        "\"en\": \"Example Shop Ltd.\"",
        "\"en\": \"<<owner: the company's legal name>>\"",
        1,
    );
    assert_ne!(marked, read(SEED_1_1), "the mark went in");
    let run = assent(&["diff", SEED, "-", "--format", "history"], Some(&marked));
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.is_empty(), "no entry is printed: {}", run.stdout);
    assert!(
        run.stderr
            .contains("error[policy.owner_mark]: <stdin> still has 1 mark"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("the company's legal name"), "{}", run.stderr);
    // The other formats still compare it; and without the mark the entry is written.
    assert_eq!(assent(&["diff", SEED, "-", "--format", "json"], Some(&marked)).code, 0);
    ok(&["diff", SEED, SEED_1_1, "--format", "history"], None);
}
