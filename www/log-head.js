// LogHead: the head over all shards of the receipt log, one SQLite-backed Durable Object. Each
// shard reports its latest signed checkpoint here (at most every REPORT_DELAY_MS after a commit);
// this object signs a head over all of them, the root of a tree whose leaf k is shard k's
// checkpoint (`logHeadRoot`), at most once every HEAD_INTERVAL_MS and only when a shard grew. A
// receipt is in its shard's signed checkpoint when it is acknowledged, and under a signed head
// within REPORT_DELAY_MS + HEAD_INTERVAL_MS (750 ms) plus the time to report and sign.
//
// Every head is kept with the checkpoints it signs over, so any older head can be proven a prefix
// of the current one, shard by shard (GET /v1/log/consistency?from=SIZE). A head's size (the
// entries of all shards together) names it: shards only grow, so two heads of one size are equal.
import { DurableObject } from "cloudflare:workers";
import { logHeadRoot } from "assent";
import { DEFAULT_ORIGIN, rfc3339 } from "./consent-log.js";
import { shard, shardCount } from "./log-shards.js";
import { setup } from "./visitor.js";

/** The least time between two signed heads. */
export const HEAD_INTERVAL_MS = 500;

export class LogHead extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.count = shardCount(env);
    this.origin = env.LOG_ORIGIN || DEFAULT_ORIGIN;
    this.signer = setup(env).edgeSigner;
    // Each shard's latest reported checkpoint.
    this.sql.exec("CREATE TABLE IF NOT EXISTS shards (shard INTEGER PRIMARY KEY, size INTEGER NOT NULL, jws TEXT NOT NULL)");
    // Every signed head with the checkpoints it signs over (a JSON array, shard 0 first).
    this.sql.exec(`CREATE TABLE IF NOT EXISTS heads (
      size INTEGER PRIMARY KEY,
      time TEXT NOT NULL,
      jws TEXT NOT NULL,
      checkpoints TEXT NOT NULL,
      sizes TEXT NOT NULL
    )`);
    this.signedAt = 0;
    this.alarmAt = null;
    this.signing = Promise.resolve();
  }

  /** A shard's new checkpoint: kept when it is newer than the one held. */
  async collect(k, size, jws) {
    if (!(Number.isInteger(k) && k >= 0 && k < this.count)) throw new Error(`shard ${k} is not one of ${this.count}`);
    this.sql.exec(
      "INSERT INTO shards (shard, size, jws) VALUES (?, ?, ?) ON CONFLICT (shard) DO UPDATE SET size = excluded.size, jws = excluded.jws WHERE excluded.size > shards.size",
      k,
      size,
      jws,
    );
    const due = this.signedAt + HEAD_INTERVAL_MS;
    if (Date.now() >= due) return this.sign();
    if (this.alarmAt === null) {
      this.alarmAt = due;
      this.ctx.storage.setAlarm(due);
    }
  }

  async alarm() {
    this.alarmAt = null;
    await this.sign();
  }

  /** Signs a new head when a shard grew since the last one; one signing at a time. */
  sign() {
    // A failed signing leaves the next one to try again.
    this.signing = this.signing.catch(() => {}).then(() => this.signNow());
    return this.signing;
  }

  async signNow() {
    // A shard that never reported (empty, or not yet) is asked for its checkpoint.
    const held = new Map(this.sql.exec("SELECT shard, size, jws FROM shards").toArray().map((r) => [r.shard, r]));
    for (let k = 0; k < this.count; k++) {
      if (held.has(k)) continue;
      const h = await shard(this.env, k).head();
      this.sql.exec("INSERT OR IGNORE INTO shards (shard, size, jws) VALUES (?, ?, ?)", k, h.size, h.checkpoint);
      held.set(k, { shard: k, size: h.size, jws: h.checkpoint });
    }
    const rows = Array.from({ length: this.count }, (_, k) => held.get(k));
    const size = rows.reduce((sum, r) => sum + r.size, 0);
    const last = this.sql.exec("SELECT size FROM heads ORDER BY size DESC LIMIT 1").toArray()[0];
    if (last && last.size >= size) return;
    const checkpoints = rows.map((r) => r.jws);
    const now = Date.now();
    const time = rfc3339(now);
    const head = { origin: this.origin, shards: this.count, size, root: logHeadRoot(checkpoints), time };
    const jws = await this.signer.sign(this.signer.engine.prepareLogHead(head));
    this.sql.exec(
      "INSERT INTO heads (size, time, jws, checkpoints, sizes) VALUES (?, ?, ?, ?, ?)",
      size,
      time,
      jws,
      JSON.stringify(checkpoints),
      JSON.stringify(rows.map((r) => r.size)),
    );
    this.signedAt = now;
  }

  /** The latest head `{head, checkpoints, sizes}`, signed now if there is none yet. */
  async latest() {
    let row = this.sql.exec("SELECT jws, checkpoints, sizes FROM heads ORDER BY size DESC LIMIT 1").toArray()[0];
    if (!row) {
      await this.sign();
      row = this.sql.exec("SELECT jws, checkpoints, sizes FROM heads ORDER BY size DESC LIMIT 1").one();
    }
    return { head: row.jws, checkpoints: JSON.parse(row.checkpoints), sizes: JSON.parse(row.sizes) };
  }

  /** The head of `size` entries, or null. */
  at(size) {
    const row = this.sql.exec("SELECT jws, checkpoints, sizes FROM heads WHERE size = ?", size).toArray()[0];
    return row ? { head: row.jws, checkpoints: JSON.parse(row.checkpoints), sizes: JSON.parse(row.sizes) } : null;
  }
}
