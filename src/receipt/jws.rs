//! Compact JWS (RFC 7515) with Ed25519 (RFC 8037): the envelope a receipt travels in.
//!
//! A receipt token is `BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature)` where
//! the header is `{"alg":"EdDSA","kid":<RFC 7638 thumbprint>,"typ":"assent-receipt+jwt"}` and
//! the payload is the RFC 8785 canonical JSON of the receipt.
//!
//! `typ` is `assent-receipt+jwt` (explicit typing, RFC 8725 section 3.11): the payload is a JSON
//! object, so by RFC 7519 it is a JWT claims set and generic JOSE libraries (jose's `jwtVerify`
//! with `typ: "assent-receipt+jwt"`, PyJWT) verify it as is, while the distinct type keeps a
//! receipt from being accepted where an ID or access token is expected, and the reverse.
//! Verification accepts `alg` `EdDSA` (RFC 8037) and `Ed25519` (RFC 9864) and nothing else.

use crate::prelude::*;
use serde_json::{Map, Value};

use super::error::{fail, ErrorCode, ReceiptError};
use super::jcs;
use super::jwk::b64url_decode;
use super::signature::{SignatureCheck, Verifier};

#[cfg(feature = "sign")]
use super::jwk::{b64url, SigningKeySet};
#[cfg(feature = "sign")]
use super::record::Receipt;
#[cfg(feature = "sign")]
use ed25519_dalek::{Signer as _, SigningKey};

/// The `typ` header of a receipt token.
pub const TYP: &str = "assent-receipt+jwt";

/// The `alg` header this code writes.
pub const ALG: &str = "EdDSA";

/// Tokens longer than this are refused before any decoding. A receipt is well under 4 KiB.
pub const MAX_TOKEN_BYTES: usize = 16 * 1024;

/// A compact JWS taken apart, its header read and its signature decoded, not yet verified.
#[derive(Debug, Clone)]
pub struct DecodedJws<'a> {
    /// The protected header.
    pub header: Map<String, Value>,
    /// The payload bytes.
    pub payload: Vec<u8>,
    signature: [u8; 64],
    signing_input: &'a str,
}

fn structure<T>(message: impl Into<String>) -> Result<T, ReceiptError> {
    fail(ErrorCode::Structure, message)
}

/// Takes a compact JWS apart: the size limit, three base64url parts, a JSON object header
/// with a supported `alg` and no `crit`, a 64-byte signature. The signature is not checked.
pub fn decode(token: &str) -> Result<DecodedJws<'_>, ReceiptError> {
    if token.len() > MAX_TOKEN_BYTES {
        return fail(
            ErrorCode::TooLarge,
            format!("the token is {} bytes; the limit is {MAX_TOKEN_BYTES}", token.len()),
        );
    }
    let mut parts = token.split('.');
    let (Some(header_b64), Some(payload_b64), Some(signature_b64), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return structure("a compact JWS has exactly three parts separated by dots");
    };
    if header_b64.is_empty() {
        return structure("the token has no header");
    }
    let signing_input = token
        .get(..header_b64.len() + 1 + payload_b64.len())
        .ok_or_else(|| ReceiptError::new(ErrorCode::Structure, "malformed token"))?;
    let header_bytes = b64url_decode(header_b64)
        .ok_or_else(|| ReceiptError::new(ErrorCode::Structure, "the header is not base64url"))?;
    let header = match jcs::parse_strict_bytes(&header_bytes) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return structure("the header is not a JSON object"),
        Err(e) if e.code == ErrorCode::DuplicateKey => {
            return fail(ErrorCode::DuplicateKey, format!("in the header: {}", e.message))
        }
        Err(e) => return structure(format!("the header is not JSON: {}", e.message)),
    };
    check_alg(&header)?;
    if header.contains_key("crit") {
        return fail(
            ErrorCode::Crit,
            "the header marks extensions critical (`crit`), and none is understood",
        );
    }
    // Only now, so that an unsigned `alg: none` token is reported as such.
    if payload_b64.is_empty() || signature_b64.is_empty() {
        return structure("the payload or the signature is empty (a detached or stripped signature?)");
    }
    let payload = b64url_decode(payload_b64)
        .ok_or_else(|| ReceiptError::new(ErrorCode::Structure, "the payload is not base64url"))?;
    let signature = b64url_decode(signature_b64)
        .and_then(|bytes| <[u8; 64]>::try_from(bytes).ok())
        .ok_or_else(|| ReceiptError::new(ErrorCode::Structure, "the signature is not 64 bytes of base64url"))?;
    Ok(DecodedJws {
        header,
        payload,
        signature,
        signing_input,
    })
}

fn check_alg(header: &Map<String, Value>) -> Result<(), ReceiptError> {
    match header.get("alg") {
        Some(Value::String(alg)) if alg == "EdDSA" || alg == "Ed25519" => Ok(()),
        Some(Value::String(alg)) if alg.eq_ignore_ascii_case("none") => fail(
            ErrorCode::Alg,
            format!("alg `{alg}`: an unsigned token is never accepted"),
        ),
        Some(Value::String(alg)) => fail(
            ErrorCode::Alg,
            format!("alg `{alg}` is not accepted; receipts are signed with EdDSA (Ed25519) only"),
        ),
        Some(_) => fail(ErrorCode::Alg, "alg must be a string"),
        None => fail(ErrorCode::Alg, "the header has no alg"),
    }
}

impl DecodedJws<'_> {
    /// The header's `kid`, if it is a string.
    pub fn kid(&self) -> Option<&str> {
        self.header.get("kid").and_then(Value::as_str)
    }

    /// Checks the signature with the public key `key`, by `verifier`.
    pub fn verify_signature(&self, key: &[u8; 32], verifier: &dyn Verifier) -> Result<(), ReceiptError> {
        let check = SignatureCheck {
            key: *key,
            message: self.signing_input.as_bytes().to_vec(),
            signature: self.signature,
        };
        if verifier.verify(&check) {
            Ok(())
        } else {
            fail(ErrorCode::Signature, "the signature does not verify")
        }
    }

    /// The bytes the signature covers, `b64url(header).b64url(payload)`, for a runtime that checks
    /// the signature with its own Ed25519.
    pub fn signing_input(&self) -> &str {
        self.signing_input
    }

    /// The 64 signature bytes.
    pub fn signature_bytes(&self) -> [u8; 64] {
        self.signature
    }
}

#[cfg(feature = "sign")]
/// The JWS signing input, `b64url(header).b64url(payload)`: the bytes the signature covers.
pub fn signing_input(header_json: &[u8], payload: &[u8]) -> String {
    let mut input = b64url(header_json);
    input.push('.');
    input.push_str(&b64url(payload));
    input
}

#[cfg(feature = "sign")]
/// Bytes of an Ed25519 signature.
pub const SIGNATURE_BYTES: usize = 64;

#[cfg(feature = "sign")]
/// The compact JWS a signature makes of its signing input (signed here or by the runtime's
/// WebCrypto). Refuses a signature of the wrong length and a token that verification would refuse
/// for its size.
pub fn attach_signature(signing_input: &str, signature: &[u8]) -> Result<String, ReceiptError> {
    if signature.len() != SIGNATURE_BYTES {
        return fail(
            ErrorCode::Signature,
            format!(
                "an Ed25519 signature is {SIGNATURE_BYTES} bytes, not {}",
                signature.len()
            ),
        );
    }
    let mut token = String::with_capacity(signing_input.len() + 87);
    token.push_str(signing_input);
    token.push('.');
    token.push_str(&b64url(signature));
    check_size(&token, "token")?;
    Ok(token)
}

#[cfg(feature = "sign")]
/// The size a token with this signing input will have once signed.
pub fn signed_size(signing_input: &str) -> usize {
    // '.' and 64 bytes in unpadded base64url.
    signing_input.len() + 1 + 86
}

#[cfg(feature = "sign")]
fn check_size(token: &str, what: &str) -> Result<(), ReceiptError> {
    if token.len() > MAX_TOKEN_BYTES {
        return fail(
            ErrorCode::TooLarge,
            format!(
                "the signed {what} would be {} bytes; the limit is {MAX_TOKEN_BYTES}",
                token.len()
            ),
        );
    }
    Ok(())
}

/// Signs `payload` under a protected header given as its exact JSON bytes. Low level: the
/// bytes are used as given, so tests can build any token. Receipts use [`sign_receipt`].
#[cfg(feature = "sign")]
pub fn sign_raw(header_json: &[u8], payload: &[u8], key: &SigningKey) -> String {
    let mut token = signing_input(header_json, payload);
    let signature = key.sign(token.as_bytes());
    token.push('.');
    token.push_str(&b64url(&signature.to_bytes()));
    token
}

/// The header of a receipt token signed by key `kid`, in canonical JSON.
pub fn receipt_header(kid: &str) -> Result<String, ReceiptError> {
    jcs::to_string(&serde_json::json!({ "alg": ALG, "kid": kid, "typ": TYP }))
}

#[cfg(feature = "sign")]
/// A receipt's signing input under key `kid`, once the receipt is valid and the token it makes
/// fits the limit: what [`sign_receipt`] signs, for a signer outside this crate.
pub fn receipt_signing_input(receipt: &Receipt, kid: &str) -> Result<String, ReceiptError> {
    receipt.validate()?;
    let input = signing_input(receipt_header(kid)?.as_bytes(), receipt.canonical_json()?.as_bytes());
    if signed_size(&input) > MAX_TOKEN_BYTES {
        // Never issue a receipt that verification would refuse.
        return fail(
            ErrorCode::TooLarge,
            format!(
                "the signed receipt would be {} bytes; the limit is {MAX_TOKEN_BYTES}",
                signed_size(&input)
            ),
        );
    }
    Ok(input)
}

/// Signs a receipt with the set's active key: the compact JWS the person keeps.
#[cfg(feature = "sign")]
pub fn sign_receipt(receipt: &Receipt, keys: &SigningKeySet) -> Result<String, ReceiptError> {
    let (kid, key) = keys.active()?;
    let input = receipt_signing_input(receipt, kid)?;
    let signature = key.sign(input.as_bytes());
    attach_signature(&input, &signature.to_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alg_none_hmac_rsa_and_ecdsa_are_refused() {
        for alg in [
            "none",
            "NONE",
            "HS256",
            "HS512",
            "RS256",
            "PS256",
            "ES256",
            "ES256K",
            "EdDSA25519",
        ] {
            let header = format!(r#"{{"alg":"{alg}"}}"#);
            let token = format!(
                "{}.{}.{}",
                super::super::jwk::b64url(header.as_bytes()),
                super::super::jwk::b64url(b"{}"),
                super::super::jwk::b64url(&[0; 64])
            );
            assert_eq!(decode(&token).unwrap_err().code, ErrorCode::Alg, "{alg}");
        }
    }

    #[test]
    fn a_token_over_the_limit_is_refused_before_decoding() {
        let token = "a".repeat(MAX_TOKEN_BYTES + 1);
        assert_eq!(decode(&token).unwrap_err().code, ErrorCode::TooLarge);
    }
}
