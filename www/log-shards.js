// Where the receipt log lives: LOG_SHARDS Durable Objects of the ConsentLog class (`shard-0`,
// `shard-1`, ...), each the single writer of its own tree, and one LogHead object over them.
// Which shard keeps a subject is the engine's rule (`logShard`: a keyed hash of the subject id
// under the LOG_SHARD_KEY secret); this file only turns it into Durable Object stubs.
//
// The count and the key are fixed for the life of a log: changing either moves subjects to other
// shards, away from their chains. Growing a log means a new log (a new LOG_ORIGIN).
import { logShard } from "assent";
import { HttpError } from "./http.js";

/** A receipt id (a UUID, as the engine makes them), the whole string. */
export const RECEIPT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** How many shards the log has: the LOG_SHARDS binding, 1 without it (the engine checks the range). */
export function shardCount(env) {
  const raw = env.LOG_SHARDS === undefined || env.LOG_SHARDS === "" ? "1" : String(env.LOG_SHARDS);
  if (!/^\d{1,3}$/.test(raw)) {
    throw new HttpError(500, "log.shard_count", `LOG_SHARDS is \`${raw.slice(0, 32)}\`, not a shard count`, {
      hint: "set LOG_SHARDS to a whole number from 1 to 256",
    });
  }
  return Number(raw);
}

/**
 * Checks the log's settings once, when the isolate starts: the count is 1 to 256 and, with more
 * than one shard, LOG_SHARD_KEY is long enough (the engine's rule, `logShard`). A misconfigured
 * deployment answers every request 500 with the setting's code and hint, never an untyped crash.
 */
export function checkLogConfig(env) {
  try {
    logShard("", env.LOG_SHARD_KEY ?? "", shardCount(env));
  } catch (e) {
    if (e?.name === "AssentError") throw new HttpError(500, e.code, e.message, { hint: e.hint ?? undefined });
    throw e;
  }
}

/** The shard number that keeps `subject`'s receipts. */
export function shardOf(env, subject) {
  return logShard(subject, env.LOG_SHARD_KEY ?? "", shardCount(env));
}

/** Shard `k`'s Durable Object. */
export function shard(env, k) {
  return env.CONSENT_LOG.get(env.CONSENT_LOG.idFromName(`shard-${k}`));
}

/** The shard that keeps `subject`'s receipts: their appends, reads, transfers and erasure. */
export function logFor(env, subject) {
  return shard(env, shardOf(env, subject));
}

/** Every shard, shard 0 first. */
export function allShards(env) {
  return Array.from({ length: shardCount(env) }, (_, k) => shard(env, k));
}

/** The head object over all shards. */
export function logHead(env) {
  return env.LOG_HEAD.get(env.LOG_HEAD.idFromName("head"));
}
