//! `assent log verify`: check what the edge's consent log published.
//!
//! - `--entries FILE` (the `GET /v1/log/entries` answer, or several pages' entries merged):
//!   every index from 0 is present once, every entry is a receipt signed with a published key,
//!   and the Merkle root of all entries equals the signed checkpoint's. A removed, reordered or
//!   altered entry fails.
//! - `--proof FILE` (the `GET /v1/log/proof/{id}` answer): the receipt is signed, and the
//!   inclusion proof leads from it to the signed checkpoint's root.
//! - `--consistency FILE` (the `GET /v1/log/consistency?from=N` answer, public): both signed
//!   heads, and the proof that the older log is a prefix of the newer: nothing was removed or
//!   changed between them. With `--head`, the newer head must be that one.
//! - `--head FILE` (the `GET /v1/log/head` answer): the checkpoint's signature; with
//!   `--entries` or `--proof`, it must also agree with theirs (same size and root) or, when
//!   smaller, be a prefix by the entries.

use std::path::PathBuf;

use assent::api::receipts::{verify_checkpoint, Checkpoint};
use assent::log::merkle::{self, from_hex, to_hex, MemoryTree};
use assent::receipt::{verify_signed, Jwks};
use clap::{Args, Subcommand};
use serde::Deserialize;

use super::{emit, read, Failure};

/// The log commands.
#[derive(Subcommand)]
pub enum LogCmd {
    /// Verify the log's entries, a receipt's inclusion proof, or a signed head.
    #[command(after_help = "Examples:\n  \
        assent log verify --jwks jwks.json --entries entries.json --head head.json\n  \
        curl -s https://shop.example/v1/log/proof/RECEIPT_ID | assent log verify --jwks jwks.json --proof -")]
    Verify(VerifyArgs),
}

/// What to verify.
#[derive(Args)]
pub struct VerifyArgs {
    /// The site's published keys (JWKS).
    #[arg(long)]
    jwks: PathBuf,
    /// All entries with their checkpoint (`GET /v1/log/entries`).
    #[arg(long)]
    entries: Option<PathBuf>,
    /// A receipt's inclusion proof (`GET /v1/log/proof/{id}`).
    #[arg(long)]
    proof: Option<PathBuf>,
    /// A consistency proof between two signed heads (`GET /v1/log/consistency?from=N`).
    #[arg(long)]
    consistency: Option<PathBuf>,
    /// A signed head (`GET /v1/log/head`).
    #[arg(long)]
    head: Option<PathBuf>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    index: u64,
    receipt_id: String,
    jws: String,
}

#[derive(Deserialize)]
struct Entries {
    entries: Vec<Entry>,
    checkpoint: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Proof {
    receipt_id: String,
    index: u64,
    size: u64,
    leaf: String,
    proof: Vec<String>,
    checkpoint: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Consistency {
    old_size: u64,
    new_size: u64,
    proof: Vec<String>,
    old_checkpoint: String,
    checkpoint: String,
}

#[derive(Deserialize)]
struct Head {
    checkpoint: String,
}

fn fail(message: String) -> Failure {
    Failure { message, code: 1 }
}

fn parse<T: serde::de::DeserializeOwned>(path: &std::path::Path) -> Result<T, Failure> {
    serde_json::from_str(&read(path)?).map_err(|e| Failure::from(format!("{}: {e}", path.display())))
}

fn checkpoint(token: &str, keys: &Jwks, what: &str) -> Result<Checkpoint, Failure> {
    verify_checkpoint(token, keys).map_err(|e| {
        fail(format!(
            "{what}: the checkpoint does not verify: [{}] {}",
            e.code, e.message
        ))
    })
}

/// Runs a log command.
pub fn run(cmd: LogCmd) -> Result<(), Failure> {
    let LogCmd::Verify(args) = cmd;
    if args.entries.is_none() && args.proof.is_none() && args.consistency.is_none() && args.head.is_none() {
        return Err(Failure::from(
            "give --entries, --proof, --consistency or --head".to_string(),
        ));
    }
    let keys =
        Jwks::from_json(&read(&args.jwks)?).map_err(|e| Failure::from(format!("{}: {}", args.jwks.display(), e)))?;
    let head = args
        .head
        .as_ref()
        .map(|h| parse::<Head>(h).and_then(|x| checkpoint(&x.checkpoint, &keys, "head")))
        .transpose()?;
    let mut out = String::new();
    if let Some(h) = &head {
        out.push_str(&format!(
            "head: {} entries, root {} (signed {})\n",
            h.size, h.root, h.time
        ));
    }
    if let Some(path) = &args.entries {
        let e: Entries = parse(path)?;
        let cp = checkpoint(&e.checkpoint, &keys, "entries")?;
        let mut tree = MemoryTree::new();
        for (i, entry) in e.entries.iter().enumerate() {
            let i = i as u64;
            if entry.index != i {
                return Err(fail(format!(
                    "entry {i} is missing: the next entry has index {} (a gap or a reorder)",
                    entry.index
                )));
            }
            let (receipt, _) = verify_signed(&entry.jws, &keys).map_err(|x| {
                fail(format!(
                    "entry {i}: the receipt does not verify: [{}] {}",
                    x.code.as_str(),
                    x.message
                ))
            })?;
            if receipt.receipt_id != entry.receipt_id {
                return Err(fail(format!(
                    "entry {i}: listed as {} but the signed receipt is {}",
                    entry.receipt_id, receipt.receipt_id
                )));
            }
            tree.push(entry.jws.as_bytes()).map_err(|x| fail(x.to_string()))?;
        }
        if tree.size() < cp.size {
            return Err(fail(format!(
                "the checkpoint signs {} entries but only {} were given",
                cp.size,
                tree.size()
            )));
        }
        let root = tree.root_at(cp.size).map_err(|x| fail(x.to_string()))?;
        if to_hex(&root) != cp.root {
            return Err(fail(format!(
                "the entries' Merkle root {} is not the signed root {}: an entry was altered or removed",
                to_hex(&root),
                cp.root
            )));
        }
        if let Some(h) = &head {
            if h.size > tree.size() {
                return Err(fail(format!(
                    "the head signs {} entries; only {} were given",
                    h.size,
                    tree.size()
                )));
            }
            if to_hex(&tree.root_at(h.size).map_err(|x| fail(x.to_string()))?) != h.root {
                return Err(fail(
                    "the head's root does not match the entries: the log was rewritten".into(),
                ));
            }
        }
        out.push_str(&format!(
            "entries: {} receipts, all signed, consecutive, Merkle root matches the signed checkpoint\n",
            tree.size()
        ));
    }
    if let Some(path) = &args.proof {
        let p: Proof = parse(path)?;
        let cp = checkpoint(&p.checkpoint, &keys, "proof")?;
        let (receipt, _) = verify_signed(&p.leaf, &keys).map_err(|x| {
            fail(format!(
                "the receipt does not verify: [{}] {}",
                x.code.as_str(),
                x.message
            ))
        })?;
        if receipt.receipt_id != p.receipt_id {
            return Err(fail(format!(
                "the proof is for {} but the receipt is {}",
                p.receipt_id, receipt.receipt_id
            )));
        }
        if p.size != cp.size {
            return Err(fail(format!(
                "the proof is for a log of {} entries, the checkpoint signs {}",
                p.size, cp.size
            )));
        }
        let proof = p
            .proof
            .iter()
            .map(|h| from_hex(h).ok_or_else(|| fail(format!("`{h}` is not a hash"))))
            .collect::<Result<Vec<_>, _>>()?;
        let root = from_hex(&cp.root).ok_or_else(|| fail("the checkpoint root is not a hash".into()))?;
        merkle::verify_inclusion(&merkle::leaf_hash(p.leaf.as_bytes()), p.index, p.size, &proof, &root)
            .map_err(|x| fail(format!("receipt {} is not proven in the log: {x}", p.receipt_id)))?;
        if let Some(h) = &head {
            if h.size == cp.size && h.root != cp.root {
                return Err(fail(
                    "the head and the proof's checkpoint disagree at the same size: the log forked".into(),
                ));
            }
        }
        out.push_str(&format!(
            "proof: receipt {} is entry {} of {} under the signed root\n",
            p.receipt_id, p.index, p.size
        ));
    }
    if let Some(path) = &args.consistency {
        let c: Consistency = parse(path)?;
        let old = checkpoint(&c.old_checkpoint, &keys, "consistency (older head)")?;
        let new = checkpoint(&c.checkpoint, &keys, "consistency (newer head)")?;
        if (old.size, new.size) != (c.old_size, c.new_size) {
            return Err(fail(format!(
                "the proof is from {} to {} entries, the signed heads are of {} and {}",
                c.old_size, c.new_size, old.size, new.size
            )));
        }
        let hash = |h: &str| from_hex(h).ok_or_else(|| fail(format!("`{h}` is not a hash")));
        let proof = c.proof.iter().map(|h| hash(h)).collect::<Result<Vec<_>, _>>()?;
        merkle::verify_consistency(old.size, new.size, &proof, &hash(&old.root)?, &hash(&new.root)?).map_err(|x| {
            fail(format!(
                "the log of {} entries is not a prefix of the log of {}: {x}",
                old.size, new.size
            ))
        })?;
        if let Some(h) = &head {
            if h.size == new.size && h.root != new.root {
                return Err(fail(
                    "the head and the consistency proof's newer head disagree at the same size: the log forked".into(),
                ));
            }
        }
        out.push_str(&format!(
            "consistency: the signed log of {} entries is a prefix of the signed log of {}\n",
            old.size, new.size
        ));
    }
    emit(&out);
    Ok(())
}
