//! The IAB's reference libraries, run in Node by the scripts of tests/js/tcf-oracle: the oracle
//! that the TC and GPP strings assent writes are read against.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

const INSTALL: &str = "run `npm ci --prefix tests/js/tcf-oracle` (cargo xtask test does it)";

/// Decodes every string with `script` (a file of tests/js/tcf-oracle that reads one string a line
/// and prints one JSON answer a line) in one Node process. `library` is the package the script
/// needs: without it, or without `node`, the test fails rather than skips.
pub fn decode_all(script: &str, library: &str, strings: &[String]) -> Vec<Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/tcf-oracle");
    assert!(
        dir.join("node_modules").join(library).join("package.json").is_file(),
        "the oracle library {library} is not installed in {}: {INSTALL}",
        dir.display()
    );
    let mut child = Command::new("node")
        .arg(dir.join(script))
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run `node` ({e}): install Node.js, then {INSTALL}"));
    let input = strings.join("\n");
    let mut stdin = child.stdin.take().unwrap();
    // Written from another thread so that a full stdout pipe cannot stall us both.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        out.status.success(),
        "{script} failed ({}): {}\n{INSTALL}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), strings.len(), "one answer per string");
    lines
}
