//! `assent log verify`: check what the edge's consent log published, across all its shards.
//! The checks are the core's ([`assent::log::audit`]); this reads the files and prints.
//!
//! - `--head FILE` (the `GET /v1/log/head` answer, `{head, checkpoints}`): the head's signature,
//!   every shard's checkpoint, and that the head's root is the tree over them.
//! - `--entries FILE`, once per shard (the `GET /v1/log/entries?shard=k` answer, pages merged):
//!   every index from 0 is present once, every entry is what its leaf committed to, every receipt
//!   is signed with a published key, every erased entry is named by a later erasure record, and
//!   the Merkle root is the shard's signed root. With `--head`, every shard must be given, and each
//!   must also lead to the head's root for it.
//! - `--proof FILE` (the `GET /v1/log/proof/{id}` answer): the receipt is signed, the proof leads
//!   from its leaf to its shard's signed root, and from that checkpoint to the head's root.
//! - `--consistency FILE` (the `GET /v1/log/consistency?from=N` answer): both heads verify, and
//!   every shard's newer tree extends its older one: nothing was removed or changed between them.
//!
//! An erased entry is reported as erased; content missing without an erasure record, or an
//! erasure record whose entry still has its content, fails as tampering.

use std::path::{Path, PathBuf};

use assent::log::audit::{self, AuditError, ConsistencyAnswer, HeadAnswer, ProofAnswer, ShardEntries, VerifiedHead};
use assent::receipt::Jwks;
use clap::{Args, Subcommand};

use super::{emit, read, Failure};

/// The log commands.
#[derive(Subcommand)]
pub enum LogCmd {
    /// Verify the log's head over all shards, each shard's entries, a receipt's proof, or that a
    /// newer head extends an older one.
    #[command(after_help = "Examples:\n  \
        assent log verify --jwks jwks.json --head head.json --entries shard-0.json --entries shard-1.json\n  \
        curl -s \"https://shop.example/v1/log/proof/RECEIPT_ID?shard=K&link=CHAIN_LINK\" | assent log verify --jwks jwks.json --proof -")]
    Verify(VerifyArgs),
}

/// What to verify.
#[derive(Args)]
pub struct VerifyArgs {
    /// The site's published keys (JWKS).
    #[arg(long)]
    jwks: PathBuf,
    /// The head over all shards (`GET /v1/log/head`).
    #[arg(long)]
    head: Option<PathBuf>,
    /// One shard's entries with its checkpoint (`GET /v1/log/entries?shard=k`); once per shard.
    #[arg(long)]
    entries: Vec<PathBuf>,
    /// A receipt's proof up to the head (`GET /v1/log/proof/{id}`).
    #[arg(long)]
    proof: Option<PathBuf>,
    /// That a newer head extends an older one (`GET /v1/log/consistency?from=N`).
    #[arg(long)]
    consistency: Option<PathBuf>,
}

fn parse<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, Failure> {
    serde_json::from_str(&read(path)?).map_err(|e| Failure::from(format!("{}: {e}", path.display())))
}

/// A failed check: exit code 1, as for any log that does not verify.
fn failed(path: &Path, e: AuditError) -> Failure {
    let kind = match e {
        AuditError::Signature(_) => "a signature does not verify",
        AuditError::Tampered(_) => "the log was tampered with",
        AuditError::Shape(_) => "not what the log publishes",
    };
    Failure {
        message: format!("{}: {kind}: {e}", path.display()),
        code: 1,
    }
}

/// Runs a log command.
pub fn run(cmd: LogCmd) -> Result<(), Failure> {
    let LogCmd::Verify(args) = cmd;
    if args.entries.is_empty() && args.proof.is_none() && args.consistency.is_none() && args.head.is_none() {
        return Err(Failure::from(
            "give --head, --entries (once per shard), --proof or --consistency".to_string(),
        ));
    }
    let keys =
        Jwks::from_json(&read(&args.jwks)?).map_err(|e| Failure::from(format!("{}: {}", args.jwks.display(), e)))?;
    let mut out = String::new();
    let head: Option<VerifiedHead> = match &args.head {
        Some(path) => {
            let answer: HeadAnswer = parse(path)?;
            let h = audit::verify_head(&answer, &keys).map_err(|e| failed(path, e))?;
            out.push_str(&format!(
                "head: {} entries in {} shards, root {} (signed {})\n",
                h.head.size, h.head.shards, h.head.root, h.head.time
            ));
            Some(h)
        }
        None => None,
    };
    let mut seen = Vec::new();
    for path in &args.entries {
        let shard: ShardEntries = parse(path)?;
        if seen.contains(&shard.shard) {
            return Err(Failure::from(format!(
                "{}: shard {} was given twice",
                path.display(),
                shard.shard
            )));
        }
        seen.push(shard.shard);
        let a = audit::verify_shard(&shard, &keys, head.as_ref()).map_err(|e| failed(path, e))?;
        out.push_str(&format!(
            "shard {}: {} entries consecutive under the signed root: {} receipts signed, {} erased (each named by one of {} erasure records)\n",
            a.shard, a.size, a.receipts, a.erased, a.erasures
        ));
        if a.uncovered > 0 {
            out.push_str(&format!(
                "shard {}: {} entries past the signed root are not covered by any signed checkpoint: not authenticated, not counted\n",
                a.shard, a.uncovered
            ));
        }
    }
    if let (Some(h), false) = (&head, args.entries.is_empty()) {
        if let Some(missing) = (0..h.head.shards).find(|k| !seen.contains(k)) {
            return Err(Failure {
                message: format!(
                    "the head has {} shards; shard {missing}'s entries were not given (--entries once per shard)",
                    h.head.shards
                ),
                code: 1,
            });
        }
        if let Some(extra) = seen.iter().find(|k| **k >= h.head.shards) {
            return Err(Failure {
                message: format!("shard {extra} is not one of the head's {} shards", h.head.shards),
                code: 1,
            });
        }
        out.push_str(&format!("all {} shards verify against the head\n", h.head.shards));
    }
    if let Some(path) = &args.proof {
        let p: ProofAnswer = parse(path)?;
        let reached = audit::verify_proof(&p, &keys).map_err(|e| failed(path, e))?;
        if let Some(h) = &head {
            // The proof's checkpoint and the head's for the same shard, at the same size, must be
            // the same tree.
            let theirs = assent::api::receipts::verify_checkpoint(&p.checkpoint, &keys).map_err(|e| Failure {
                message: format!("{}: the checkpoint does not verify: {}", path.display(), e.message),
                code: 1,
            })?;
            let ours = h.checkpoints.get(p.shard as usize).ok_or_else(|| Failure {
                message: format!(
                    "the proof is in shard {}, the head has {} shards",
                    p.shard, h.head.shards
                ),
                code: 1,
            })?;
            if ours.size == theirs.size && ours.root != theirs.root {
                return Err(Failure {
                    message: format!(
                        "shard {}: the proof's checkpoint and the head's disagree at the same size: the shard forked",
                        p.shard
                    ),
                    code: 1,
                });
            }
        }
        out.push_str(&format!(
            "proof: receipt {} is entry {} of {} in shard {}{}\n",
            p.receipt_id,
            p.index,
            p.size,
            p.shard,
            if reached {
                ", and the shard's checkpoint is under the signed head"
            } else {
                " under the shard's signed checkpoint (not yet under a head: one covers it within a second)"
            }
        ));
    }
    if let Some(path) = &args.consistency {
        let c: ConsistencyAnswer = parse(path)?;
        let (old, new) = audit::verify_consistency(&c, &keys).map_err(|e| failed(path, e))?;
        if let Some(h) = &head {
            if h.head.size == new.head.size && h.head.root != new.head.root {
                return Err(Failure {
                    message:
                        "the head and the consistency proof's newer head disagree at the same size: the log forked"
                            .into(),
                    code: 1,
                });
            }
        }
        out.push_str(&format!(
            "consistency: the signed log of {} entries is a prefix of the signed log of {}, in each of {} shards\n",
            old.head.size, new.head.size, new.head.shards
        ));
    }
    emit(&out);
    Ok(())
}
