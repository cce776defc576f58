//! The Ed25519 fallback of the receipts module a page fetches: where the browser's WebCrypto has
//! no Ed25519, the receipts module (src/wasm/signatures.js) fetches this module and asks it the
//! same question it would have asked `crypto.subtle.verify`. It decides nothing else: which key,
//! which bytes and what a failed check means are the core's (src/receipt/signature.rs).

use wasm_bindgen::prelude::wasm_bindgen;

/// On wasm32, the same allocator as assent's other modules (lol_alloc's free list).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
// SAFETY: without the atomics feature a wasm32 module has one thread, which is what
// `AssumeSingleThreaded` requires of its user.
#[allow(unsafe_code)]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

/// Whether `signature` (64 bytes) over `message` verifies with the Ed25519 public key `key`
/// (32 bytes). Strict, as the node verifier: weak keys and non-canonical encodings never verify.
/// Wrong lengths are a `false`, never an exception.
#[wasm_bindgen]
pub fn verify(key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let (Ok(key), Ok(signature)) = (<[u8; 32]>::try_from(key), <[u8; 64]>::try_from(signature)) else {
        return false;
    };
    let signature = ed25519_dalek::Signature::from_bytes(&signature);
    ed25519_dalek::VerifyingKey::from_bytes(&key).is_ok_and(|key| key.verify_strict(message, &signature).is_ok())
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    // RFC 8032 section 7.1, test 2: a one-byte message.
    const KEY: &str = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    const SIGNATURE: &str = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da\
                             085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

    fn bytes(hex: &str) -> Vec<u8> {
        (0..hex.len() / 2)
            .filter_map(|i| hex.get(2 * i..2 * i + 2))
            .filter_map(|h| u8::from_str_radix(h, 16).ok())
            .collect()
    }

    #[test]
    fn rfc8032_test_2_verifies_and_nothing_else_does() {
        let (key, signature) = (bytes(KEY), bytes(SIGNATURE));
        assert!(verify(&key, &[0x72], &signature));
        assert!(!verify(&key, &[0x73], &signature));
        let mut flipped = signature.clone();
        flipped[63] ^= 0x10;
        assert!(!verify(&key, &[0x72], &flipped));
        assert!(!verify(&key[..31], &[0x72], &signature));
        assert!(!verify(&key, &[0x72], &signature[..63]));
    }
}
