//! `cargo xtask test`: every test, in order, stopping at the first failure.

use std::path::{Path, PathBuf};

use crate::proc::{cargo_tool, heading, on_path, Cmd};
use crate::{build, error, setup, size, Result};

/// Runs the steps in order; the first failure stops the run and names its step.
pub fn run(root: &Path) -> Result {
    type Step = fn(&Path) -> Result;
    let steps: [(&str, Step); 7] = [
        ("setup: tools and npm packages", setup::all),
        ("native tests: cargo test --workspace", native),
        ("wasm tests in Node: wasm-bindgen-test-runner", wasm_in_node),
        (
            "wasm tests in headless Chromium: wasm-bindgen-test-runner with chromedriver",
            wasm_in_chromium,
        ),
        ("package: cargo xtask build", build::run),
        (
            "size report of the browser entry and the banner entry (budget reported, not a test)",
            size::report_only,
        ),
        ("package tests: node --test tests/js/*.test.mjs", js),
    ];
    let total = steps.len();
    for (i, (name, step)) in steps.iter().enumerate() {
        heading(&format!("[{}/{total}] {name}", i + 1));
        step(root).map_err(|e| error(format!("step {}/{total} ({name}) failed:\n{e}", i + 1)))?;
    }
    println!("\nxtask test: all {total} steps passed");
    Ok(())
}

fn native(root: &Path) -> Result {
    Cmd::cargo().args(["test", "--workspace"]).cwd(root).minutes(30).run()
}

/// The wasm-bindgen tests in tests/wasm.rs, run by the wasm-bindgen test runner. They build the
/// engine with `authoring` (which brings `compiled`): `loadPolicy` to compare with
/// `loadCompiled`. The browser entry's module itself (compiled policies only) is what the package
/// tests load, in Node, workerd and Chromium.
fn wasm_tests(root: &Path) -> Result<Cmd> {
    let runner = cargo_tool("wasm-bindgen-test-runner")
        .ok_or_else(|| error("wasm-bindgen-test-runner is not installed; run `cargo xtask setup`"))?;
    Ok(Cmd::cargo()
        .args([
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "--no-default-features",
            "--features",
            "wasm,authoring",
        ])
        .args(["--test", "wasm"])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", runner)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "60")
        .cwd(root)
        .minutes(20))
}

fn wasm_in_node(root: &Path) -> Result {
    wasm_tests(root)?.run()
}

fn wasm_in_chromium(root: &Path) -> Result {
    let chromedriver =
        on_path("chromedriver").ok_or_else(|| error("chromedriver is not on PATH; run `cargo xtask setup`"))?;
    wasm_tests(root)?
        .env("WASM_BINDGEN_USE_BROWSER", "1")
        .env("CHROMEDRIVER", chromedriver)
        // Extra Chromium flags for a closed network; the runner adds headless and no-sandbox itself.
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", root.join("webdriver.json"))
        .run()
}

/// Node's test runner over tests/js/*.test.mjs, against the pkg/ just built.
fn js(root: &Path) -> Result {
    let dir = root.join("tests/js");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".test.mjs"))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(error(format!("no *.test.mjs files in {}", dir.display())));
    }
    let relative = files.iter().filter_map(|f| f.strip_prefix(&dir).ok());
    Cmd::new("node")
        .args(["--test", "--test-timeout=120000"])
        .args(relative)
        .cwd(&dir)
        .minutes(15)
        .run()
}
