//! Which shard keeps a subject's receipts.
//!
//! The log is split over `count` shards, each the single writer of its own Merkle tree. A subject
//! always lands on the same shard, so its chain of receipts (each naming the one before) stays in
//! one tree and one writer orders it. The shard is a keyed hash of the subject id: HMAC-SHA256
//! under a secret key, so nobody without the key can pick subject ids that all land on one shard,
//! and the mapping says nothing about the subject to a reader of the shard's public heads.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The most shards a log may have.
pub const MAX_SHARDS: u32 = 256;

/// The shortest shard key accepted, in bytes (the key is the binding's text as UTF-8).
pub const MIN_KEY_BYTES: usize = 32;

/// Why a subject could not be placed on a shard.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShardError {
    /// The shard count is 0 or above [`MAX_SHARDS`].
    #[error("a log has 1 to {MAX_SHARDS} shards, not {0}")]
    Count(u32),
    /// Several shards and a key too short to keep the mapping secret.
    #[error("the shard key is {0} bytes; with more than one shard it must be at least {MIN_KEY_BYTES}")]
    ShortKey(usize),
    /// A shard number that is not below the count.
    #[error("shard {0} is not one of the log's {1} shards (0 to {max})", max = .1.saturating_sub(1))]
    Unknown(u32, u32),
}

/// Checks a shard count.
pub fn check_count(count: u32) -> Result<(), ShardError> {
    if count == 0 || count > MAX_SHARDS {
        return Err(ShardError::Count(count));
    }
    Ok(())
}

/// Checks that `shard` is one of `count` shards.
pub fn check_shard(shard: u32, count: u32) -> Result<(), ShardError> {
    check_count(count)?;
    if shard >= count {
        return Err(ShardError::Unknown(shard, count));
    }
    Ok(())
}

/// The shard of `subject` among `count`: HMAC-SHA256(key, subject), its first eight bytes as a
/// big-endian number, modulo `count`. One shard needs no key.
pub fn shard_of(key: &[u8], subject: &str, count: u32) -> Result<u32, ShardError> {
    check_count(count)?;
    if count == 1 {
        return Ok(0);
    }
    if key.len() < MIN_KEY_BYTES {
        return Err(ShardError::ShortKey(key.len()));
    }
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).map_err(|_| ShardError::ShortKey(key.len()))?;
    mac.update(subject.as_bytes());
    let tag = mac.finalize().into_bytes();
    let mut first = [0u8; 8];
    first.copy_from_slice(tag.get(..8).unwrap_or(&[0; 8]));
    // u64 modulo a count of at most 256: the bias is below 2^-56.
    Ok((u64::from_be_bytes(first) % u64::from(count)) as u32)
}

/// The origin a shard's checkpoints name: the log's origin and the shard's number, so a checkpoint
/// of one shard can never pass for another's.
pub fn shard_origin(origin: &str, shard: u32) -> String {
    format!("{origin}/shard/{shard}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn a_subject_always_lands_on_the_same_shard_and_subjects_spread_over_all() {
        let mut seen = [0u32; 4];
        for i in 0..4000 {
            let subject = format!("s-{i:08}");
            let shard = shard_of(KEY, &subject, 4).unwrap();
            assert_eq!(shard_of(KEY, &subject, 4).unwrap(), shard);
            seen[shard as usize] += 1;
        }
        // 1000 expected per shard; a keyed hash stays well within 20% of it.
        for n in seen {
            assert!((800..1200).contains(&n), "{seen:?}");
        }
    }

    #[test]
    fn another_key_places_subjects_differently() {
        let other = b"fedcba9876543210fedcba9876543210";
        let moved = (0..200)
            .filter(|i| {
                let s = format!("s-{i}");
                shard_of(KEY, &s, 8).unwrap() != shard_of(other, &s, 8).unwrap()
            })
            .count();
        assert!(moved > 100, "{moved}");
    }

    #[test]
    fn is_hmac_sha256_as_rfc_4231_computes_it() {
        // RFC 4231 test case 6: key 0xaa x 131, this data; the tag starts 60e431591ee0b67f.
        let key = [0xaa; 131];
        let data = "Test Using Larger Than Block-Size Key - Hash Key First";
        assert_eq!(shard_of(&key, data, 256), Ok(0x7f));
        assert_eq!(shard_of(&key, data, 10), Ok((0x60e4_3159_1ee0_b67f_u64 % 10) as u32));
    }

    #[test]
    fn bad_counts_short_keys_and_unknown_shards_are_errors() {
        assert_eq!(shard_of(KEY, "s", 0), Err(ShardError::Count(0)));
        assert_eq!(shard_of(KEY, "s", 257), Err(ShardError::Count(257)));
        assert_eq!(shard_of(b"short", "s", 2), Err(ShardError::ShortKey(5)));
        assert_eq!(shard_of(b"", "s", 1), Ok(0));
        assert_eq!(check_shard(4, 4), Err(ShardError::Unknown(4, 4)));
        assert_eq!(check_shard(3, 4), Ok(()));
        assert_eq!(
            shard_origin("shop.example/consent-log", 2),
            "shop.example/consent-log/shard/2"
        );
    }
}
