//! Ed25519 keys as JSON Web Keys (RFC 8037), their RFC 7638 thumbprints, and key sets.
//!
//! A site signs with one active key and publishes every public key it ever signed with at
//! `/.well-known/jwks.json`: a receipt is kept for years, so a retired key must stay listed or
//! the receipts it signed could no longer be checked. The private key set (behind the `sign`
//! feature, so it never reaches the browser build) records which key is active.

use crate::prelude::*;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use super::error::{fail, ErrorCode, ReceiptError};
use super::jcs;

#[cfg(feature = "sign")]
use ed25519_dalek::{SigningKey, VerifyingKey};

/// base64url without padding (RFC 7515 section 2).
pub fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes base64url without padding. Only the canonical spelling is accepted: padding, other
/// alphabets and non-zero trailing bits are refused, so two strings never decode to one value.
pub fn b64url_decode(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text).ok()
}

fn key_err<T>(message: impl Into<String>) -> Result<T, ReceiptError> {
    fail(ErrorCode::Key, message)
}

/// The RFC 7638 thumbprint of an Ed25519 public key (base64url of SHA-256 over the canonical
/// JSON of its required members), used as its `kid`. `key` is the key's 32-byte encoding.
pub fn thumbprint(key: &[u8; 32]) -> String {
    let members = format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#, b64url(key));
    b64url(&Sha256::digest(members.as_bytes()))
}

/// The public JWK of a key: `kty`, `crv`, `x`, and `kid`, `use`, `alg` so that generic JOSE
/// libraries pick it for EdDSA signatures.
pub fn public_jwk(key: &[u8; 32]) -> Value {
    json!({
        "kty": "OKP",
        "crv": "Ed25519",
        "x": b64url(key),
        "kid": thumbprint(key),
        "use": "sig",
        "alg": "EdDSA",
    })
}

fn str_member<'a>(jwk: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>, ReceiptError> {
    match jwk.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => key_err(format!("JWK member `{name}` must be a string")),
    }
}

fn decode_32(name: &str, text: &str) -> Result<[u8; 32], ReceiptError> {
    b64url_decode(text)
        .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
        .ok_or_else(|| ReceiptError::new(ErrorCode::Key, format!("JWK `{name}` must be 32 bytes in base64url")))
}

/// Reads an Ed25519 JWK's public key and checks its `kid` (when present) is its thumbprint.
/// Returns `None` for a key of another type or curve.
fn read_public(jwk: &Map<String, Value>) -> Result<Option<(String, [u8; 32])>, ReceiptError> {
    if str_member(jwk, "kty")? != Some("OKP") || str_member(jwk, "crv")? != Some("Ed25519") {
        return Ok(None);
    }
    let x = str_member(jwk, "x")?.ok_or_else(|| ReceiptError::new(ErrorCode::Key, "JWK has no `x`"))?;
    let key = decode_32("x", x)?;
    check_point(&key)?;
    let kid = thumbprint(&key);
    if let Some(given) = str_member(jwk, "kid")? {
        if given != kid {
            return key_err(format!(
                "JWK kid `{given}` is not the RFC 7638 thumbprint of its key (`{kid}`)"
            ));
        }
    }
    if let Some(alg) = str_member(jwk, "alg")? {
        if alg != "EdDSA" && alg != "Ed25519" {
            return key_err(format!("Ed25519 JWK `{kid}` has alg `{alg}`"));
        }
    }
    Ok(Some((kid, key)))
}

/// Checks that `key` is a point of the curve and not of small order (a "weak" key, for which
/// anyone can make signatures that verify).
#[cfg(feature = "ed25519")]
fn check_point(key: &[u8; 32]) -> Result<(), ReceiptError> {
    let point = ed25519_dalek::VerifyingKey::from_bytes(key)
        .map_err(|_| ReceiptError::new(ErrorCode::Key, "JWK `x` is not an Ed25519 public key"))?;
    if point.is_weak() {
        return key_err("JWK `x` is a small-order point, which no real key is");
    }
    Ok(())
}

/// Without Ed25519 in Rust (the banner's module) the key is read as 32 bytes and the curve
/// checks are left to the key set's publisher, the same site whose edge signs: a key that is not
/// a point fails every signature check the page's WebCrypto makes with it.
#[cfg(not(feature = "ed25519"))]
fn check_point(_key: &[u8; 32]) -> Result<(), ReceiptError> {
    Ok(())
}

/// A published key set: the public keys receipts are checked against, looked up by `kid`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Jwks {
    keys: Vec<(String, [u8; 32])>,
}

impl Jwks {
    /// A key set of these public keys (their 32-byte encodings).
    pub fn from_keys(keys: impl IntoIterator<Item = [u8; 32]>) -> Self {
        let mut set = Self::default();
        for key in keys {
            set.insert(key);
        }
        set
    }

    /// Reads a JWKS document (`{"keys":[...]}`). Keys of other types are skipped (a site may
    /// publish other keys beside its receipt keys); an Ed25519 key with private material, a
    /// wrong `kid`, or a repeated key is an error.
    pub fn from_json(text: &str) -> Result<Self, ReceiptError> {
        let value = jcs::parse_strict(text).map_err(|e| match e.code {
            ErrorCode::DuplicateKey => e,
            _ => ReceiptError::new(ErrorCode::Key, format!("JWKS: {}", e.message)),
        })?;
        Self::from_value(&value)
    }

    /// Reads a parsed JWKS document.
    pub fn from_value(value: &Value) -> Result<Self, ReceiptError> {
        let Some(keys) = value.get("keys").and_then(Value::as_array) else {
            return key_err("a JWKS is an object with a `keys` array");
        };
        let mut set = Self::default();
        for jwk in keys {
            let Some(jwk) = jwk.as_object() else {
                return key_err("every entry of `keys` must be a JSON object");
            };
            if jwk.contains_key("d") {
                return key_err("a public JWKS holds a private key (`d`); never publish it");
            }
            if let Some((kid, key)) = read_public(jwk)? {
                if set.get(&kid).is_some() {
                    return key_err(format!("key `{kid}` is listed twice"));
                }
                set.keys.push((kid, key));
            }
        }
        Ok(set)
    }

    /// The JWKS document, keys in the order they were added.
    pub fn to_value(&self) -> Value {
        json!({ "keys": self.keys.iter().map(|(_, k)| public_jwk(k)).collect::<Vec<_>>() })
    }

    /// The JWKS document as indented JSON.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.to_value()).unwrap_or_default()
    }

    /// The key with this `kid` (its 32-byte encoding).
    pub fn get(&self, kid: &str) -> Option<&[u8; 32]> {
        self.keys.iter().find(|(k, _)| k == kid).map(|(_, key)| key)
    }

    /// The kids, in order.
    pub fn kids(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(|(k, _)| k.as_str())
    }

    /// Adds a key unless it is already there.
    pub fn insert(&mut self, key: [u8; 32]) {
        let kid = thumbprint(&key);
        if self.get(&kid).is_none() {
            self.keys.push((kid, key));
        }
    }

    /// Every key of `self` and then every new key of `other`: what to publish after a
    /// rotation, so that a key published once is never dropped.
    pub fn union(&self, other: &Jwks) -> Jwks {
        let mut out = self.clone();
        for (_, key) in &other.keys {
            out.insert(*key);
        }
        out
    }

    /// How many keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// The site's private keys: one active for signing, the retired ones kept so that the public
/// key set made from it still lists them. Its JSON form is
/// `{"active": kid, "keys": [private JWKs]}`; a retired key may have its `d` removed.
#[cfg(feature = "sign")]
#[derive(Clone)]
pub struct SigningKeySet {
    active: String,
    keys: Vec<(String, VerifyingKey, Option<SigningKey>)>,
}

#[cfg(feature = "sign")]
impl core::fmt::Debug for SigningKeySet {
    // Never print private keys, even in a debug log.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SigningKeySet")
            .field("active", &self.active)
            .field("kids", &self.keys.iter().map(|(k, _, _)| k).collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

#[cfg(feature = "sign")]
impl SigningKeySet {
    /// A set of one new key, made from 32 random bytes the caller supplies (the CLI reads
    /// them from the operating system).
    pub fn generate(seed: [u8; 32]) -> Self {
        let secret = SigningKey::from_bytes(&seed);
        let public = secret.verifying_key();
        let kid = thumbprint(public.as_bytes());
        Self {
            active: kid.clone(),
            keys: vec![(kid, public, Some(secret))],
        }
    }

    /// Adds a new key made from `seed` and makes it the active one; the previous keys stay
    /// in the set (and so in its public JWKS). Returns the new kid.
    pub fn rotate(&mut self, seed: [u8; 32]) -> Result<String, ReceiptError> {
        let secret = SigningKey::from_bytes(&seed);
        let public = secret.verifying_key();
        let kid = thumbprint(public.as_bytes());
        if self.keys.iter().any(|(k, _, _)| *k == kid) {
            return key_err("the new key is already in the set; use fresh random bytes");
        }
        self.keys.push((kid.clone(), public, Some(secret)));
        self.active = kid.clone();
        Ok(kid)
    }

    /// Forgets the private half of a retired key; its public half stays published.
    pub fn destroy_private(&mut self, kid: &str) -> Result<(), ReceiptError> {
        if kid == self.active {
            return key_err("the active key's private half cannot be destroyed; rotate first");
        }
        match self.keys.iter_mut().find(|(k, _, _)| k == kid) {
            Some(entry) => {
                entry.2 = None;
                Ok(())
            }
            None => key_err(format!("no key `{kid}` in the set")),
        }
    }

    /// The active key's kid.
    pub fn active_kid(&self) -> &str {
        &self.active
    }

    /// The active key.
    pub fn active(&self) -> Result<(&str, &SigningKey), ReceiptError> {
        self.keys
            .iter()
            .find(|(k, _, _)| *k == self.active)
            .and_then(|(k, _, s)| s.as_ref().map(|s| (k.as_str(), s)))
            .ok_or_else(|| ReceiptError::new(ErrorCode::Key, "the active key has no private key"))
    }

    /// The public key set to publish: every key, retired ones included.
    pub fn public_jwks(&self) -> Jwks {
        Jwks::from_keys(self.keys.iter().map(|(_, public, _)| public.to_bytes()))
    }

    /// The set as JSON (holds private keys: store it with owner-only permissions).
    pub fn to_json_pretty(&self) -> String {
        let keys: Vec<Value> = self
            .keys
            .iter()
            .map(|(_, public, secret)| {
                let mut jwk = public_jwk(public.as_bytes());
                if let (Some(secret), Some(obj)) = (secret, jwk.as_object_mut()) {
                    obj.insert("d".into(), Value::String(b64url(secret.as_bytes())));
                }
                jwk
            })
            .collect();
        serde_json::to_string_pretty(&json!({ "active": self.active, "keys": keys })).unwrap_or_default()
    }

    /// Reads a private key set, checking that each `d` matches its `x` and `kid`, and that the
    /// active key is present with its private key.
    pub fn from_json(text: &str) -> Result<Self, ReceiptError> {
        let value = jcs::parse_strict(text).map_err(|e| match e.code {
            ErrorCode::DuplicateKey => e,
            _ => ReceiptError::new(ErrorCode::Key, format!("private key set: {}", e.message)),
        })?;
        let Some(active) = value.get("active").and_then(Value::as_str) else {
            return key_err("a private key set needs `active`, the kid of the signing key");
        };
        let Some(entries) = value.get("keys").and_then(Value::as_array) else {
            return key_err("a private key set needs a `keys` array");
        };
        let mut keys: Vec<(String, VerifyingKey, Option<SigningKey>)> = Vec::new();
        for jwk in entries {
            let Some(jwk) = jwk.as_object() else {
                return key_err("every entry of `keys` must be a JSON object");
            };
            let Some((kid, public)) = read_public(jwk)? else {
                return key_err("a private key set holds Ed25519 (OKP) keys only");
            };
            let public = VerifyingKey::from_bytes(&public)
                .map_err(|_| ReceiptError::new(ErrorCode::Key, "JWK `x` is not an Ed25519 public key"))?;
            let secret = match str_member(jwk, "d")? {
                Some(d) => {
                    let secret = SigningKey::from_bytes(&decode_32("d", d)?);
                    if secret.verifying_key() != public {
                        return key_err(format!("key `{kid}`: `d` does not belong to `x`"));
                    }
                    Some(secret)
                }
                None => None,
            };
            if keys.iter().any(|(k, _, _)| *k == kid) {
                return key_err(format!("key `{kid}` is listed twice"));
            }
            keys.push((kid, public, secret));
        }
        let set = Self {
            active: active.to_owned(),
            keys,
        };
        set.active()?;
        Ok(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 8037 Appendix A.1 to A.3.
    const RFC8037_D: &str = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
    const RFC8037_X: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
    const RFC8037_KID: &str = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";

    fn rfc_key() -> [u8; 32] {
        decode_32("x", RFC8037_X).unwrap()
    }

    #[test]
    fn rfc8037_thumbprint_is_the_kid() {
        assert_eq!(thumbprint(&rfc_key()), RFC8037_KID);
    }

    #[cfg(feature = "sign")]
    #[test]
    fn rfc8037_private_key_derives_its_public_key() {
        let d = decode_32("d", RFC8037_D).unwrap();
        assert_eq!(b64url(SigningKey::from_bytes(&d).verifying_key().as_bytes()), RFC8037_X);
    }

    #[test]
    fn jwks_round_trips_and_skips_other_key_types() {
        let doc = format!(
            r#"{{"keys":[{{"kty":"RSA","n":"xyz","e":"AQAB"}},{{"kty":"OKP","crv":"Ed25519","x":"{RFC8037_X}","kid":"{RFC8037_KID}"}}]}}"#
        );
        let set = Jwks::from_json(&doc).unwrap();
        assert_eq!(set.kids().collect::<Vec<_>>(), [RFC8037_KID]);
        let again = Jwks::from_value(&set.to_value()).unwrap();
        assert_eq!(again, set);
    }

    #[cfg(feature = "ed25519")]
    #[test]
    fn jwks_refuses_private_keys_wrong_kids_and_bad_points() {
        let with_d = format!(r#"{{"keys":[{{"kty":"OKP","crv":"Ed25519","x":"{RFC8037_X}","d":"{RFC8037_D}"}}]}}"#);
        assert!(Jwks::from_json(&with_d).unwrap_err().message.contains("private"));
        let wrong_kid = format!(r#"{{"keys":[{{"kty":"OKP","crv":"Ed25519","x":"{RFC8037_X}","kid":"abc"}}]}}"#);
        assert!(Jwks::from_json(&wrong_kid).unwrap_err().message.contains("thumbprint"));
        // The identity point (small order) and a short key.
        let weak = format!(
            r#"{{"keys":[{{"kty":"OKP","crv":"Ed25519","x":"{}"}}]}}"#,
            b64url(&{
                let mut b = [0u8; 32];
                b[0] = 1;
                b
            })
        );
        assert_eq!(Jwks::from_json(&weak).unwrap_err().code, ErrorCode::Key);
        let short = r#"{"keys":[{"kty":"OKP","crv":"Ed25519","x":"AAAA"}]}"#;
        assert_eq!(Jwks::from_json(short).unwrap_err().code, ErrorCode::Key);
        assert_eq!(
            Jwks::from_json(r#"{"keys":[],"keys":[]}"#).unwrap_err().code,
            ErrorCode::DuplicateKey
        );
        assert_eq!(Jwks::from_json("[]").unwrap_err().code, ErrorCode::Key);
    }

    #[cfg(feature = "sign")]
    #[test]
    fn rotation_keeps_every_public_key_and_switches_the_active_one() {
        let mut set = SigningKeySet::generate([1; 32]);
        let first = set.active_kid().to_owned();
        let second = set.rotate([2; 32]).unwrap();
        assert_ne!(first, second);
        assert_eq!(set.active().unwrap().0, second);
        let public = set.public_jwks();
        assert_eq!(public.kids().collect::<Vec<_>>(), [first.as_str(), second.as_str()]);
        assert!(set.rotate([2; 32]).is_err());
        set.destroy_private(&first).unwrap();
        assert!(set.destroy_private(&second).is_err());
        let reread = SigningKeySet::from_json(&set.to_json_pretty()).unwrap();
        assert_eq!(reread.public_jwks(), public);
        assert_eq!(reread.active().unwrap().0, second);
        assert!(!format!("{set:?}").contains(&b64url(&[2; 32])));
    }

    #[cfg(feature = "sign")]
    #[test]
    fn private_set_refuses_a_d_that_is_not_the_keys() {
        let other = b64url(&[9; 32]);
        let text = format!(
            r#"{{"active":"{RFC8037_KID}","keys":[{{"kty":"OKP","crv":"Ed25519","x":"{RFC8037_X}","d":"{other}"}}]}}"#
        );
        assert!(SigningKeySet::from_json(&text)
            .unwrap_err()
            .message
            .contains("does not belong"));
        let no_active = format!(
            r#"{{"active":"nope","keys":[{{"kty":"OKP","crv":"Ed25519","x":"{RFC8037_X}","d":"{RFC8037_D}"}}]}}"#
        );
        assert_eq!(SigningKeySet::from_json(&no_active).unwrap_err().code, ErrorCode::Key);
    }

    #[test]
    fn base64url_decoding_is_canonical_only() {
        assert_eq!(b64url_decode("AQ").unwrap(), [1]);
        assert!(b64url_decode("AR").is_none(), "non-zero trailing bits");
        assert!(b64url_decode("AQ==").is_none(), "padding");
        assert!(b64url_decode("A+/").is_none(), "standard alphabet");
    }
}
