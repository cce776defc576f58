//! The page's answers to the core's signature checks (the second of verification's two passes,
//! [`crate::receipt::signature`]): the browser's WebCrypto Ed25519 where it has it, and the
//! verify-only fallback module (`assent_ed25519`), fetched only where it has not. The verdicts
//! stay the core's; this only carries bytes to `crypto.subtle.verify` and booleans back.

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_futures::JsFuture;

use crate::prelude::*;
use crate::receipt::{Answers, SignatureCheck};

#[wasm_bindgen(module = "/src/wasm/signatures.js")]
extern "C" {
    /// Checks `n` signatures: `keys` is `n` keys of 32 bytes, `signatures` `n` of 64, `messages`
    /// the messages one after another, `lengths` their lengths. Resolves to `n` bytes, 1 for each
    /// signature that verifies.
    #[wasm_bindgen(js_name = "verifyEd25519")]
    fn verify_ed25519(keys: Vec<u8>, signatures: Vec<u8>, messages: Vec<u8>, lengths: Vec<u32>) -> js_sys::Promise;
}

/// The page's answers to `checks`. A check the page could not answer (no WebCrypto Ed25519 and
/// no fallback module) does not verify.
pub async fn answer(checks: Vec<SignatureCheck>) -> Answers {
    if checks.is_empty() {
        return Answers::default();
    }
    let mut keys = Vec::with_capacity(checks.len() * 32);
    let mut signatures = Vec::with_capacity(checks.len() * 64);
    let mut messages = Vec::new();
    let mut lengths = Vec::with_capacity(checks.len());
    for c in &checks {
        keys.extend_from_slice(&c.key);
        signatures.extend_from_slice(&c.signature);
        messages.extend_from_slice(&c.message);
        // A message is a token's signing input, under 16 KiB (`jws::MAX_TOKEN_BYTES`).
        lengths.push(u32::try_from(c.message.len()).unwrap_or(u32::MAX));
    }
    let verified: Vec<bool> = match JsFuture::from(verify_ed25519(keys, signatures, messages, lengths)).await {
        Ok(answer) => js_sys::Uint8Array::new(&answer)
            .to_vec()
            .iter()
            .map(|b| *b == 1)
            .collect(),
        Err(_) => Vec::new(),
    };
    Answers::new(checks, &verified)
}
