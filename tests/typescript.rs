//! pkg-config/types.d.ts is what the Rust types generate: a type changed without regenerating the
//! declarations fails here. `ASSENT_BLESS=1 cargo test --test typescript` rewrites the file; the
//! package tests then type-check it with tsc (tests/js/types.test.mjs).

#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use std::path::Path;

#[test]
fn checked_in_declarations_are_current() {
    let generated = assent::schema::typescript::declarations().unwrap_or_else(|e| panic!("{e}"));
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("pkg-config/types.d.ts");
    if std::env::var_os("ASSENT_BLESS").is_some() {
        std::fs::write(&file, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        generated == checked_in,
        "pkg-config/types.d.ts is stale: run `ASSENT_BLESS=1 cargo test --test typescript` and review its diff"
    );
}
