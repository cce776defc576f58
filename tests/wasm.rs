//! The Wasm boundary, run by wasm-bindgen-test in Node and in headless Chromium.
//!
//! The same file serves both: `WASM_BINDGEN_USE_BROWSER=1` picks the browser (see `cargo xtask test`).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn engine_version_is_the_crate_version() {
    assert_eq!(assent::wasm::engine_version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn engine_version_is_semver() {
    let version = assent::wasm::engine_version();
    let parts: Vec<&str> = version.split('.').collect();
    assert_eq!(parts.len(), 3, "{version}");
    assert!(
        parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())),
        "{version}"
    );
}
