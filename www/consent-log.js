// ConsentLog: one shard of the append-only receipt log, a SQLite-backed Durable Object named
// `shard-<k>`, the single writer of its own RFC 6962 Merkle tree. Which shard keeps a subject is
// the engine's keyed hash (www/log-shards.js); the head over all shards is www/log-head.js.
//
// The tree arithmetic is the engine's (src/log through the package): storage stays here, and each
// operation first names the perfect-subtree nodes it needs (`logAppendNeeds`, `logRootNeeds`,
// `logInclusionNeeds`), which this class reads from its `nodes` table. Only perfect subtrees are
// stored: they never change once complete, so the table is append-only like the leaves.
//
// A leaf commits to its entry with a random salt kept beside it (`logCommitment`): erasing a
// subject deletes its receipts and their salts, keeps the commitments, and appends an erasure
// record, so every head and proof still verifies and the log shows what was erased and when.
//
// Appends that arrive together commit together: each call joins a queue, and one batch at a time
// is signed (the receipts and one checkpoint, with the runtime's WebCrypto Ed25519) and committed
// in one transaction. The subject's chain lives here too: a receipt's `prev` is `chainLink` of
// the subject's latest receipt, in the log or earlier in the same batch, so two consents of one
// subject can never both claim the same predecessor.
import { DurableObject } from "cloudflare:workers";
import {
  chainLink,
  logAppend,
  logAppendNeeds,
  logCommitment,
  logCommittedLeaf,
  logConsistencyNeeds,
  logConsistencyProof,
  logErasure,
  logInclusionNeeds,
  logInclusionProof,
  logRoot,
  logRootNeeds,
  logShardOrigin,
} from "assent";
import { setup } from "./visitor.js";
import { sha256Hex } from "./http.js";

/** The largest page `entries` returns. */
export const MAX_PAGE = 256;

/** The most appends one batch commits. */
const MAX_BATCH = 256;

/** How soon after a commit the shard reports its checkpoint to the head object, at the latest. */
export const REPORT_DELAY_MS = 250;

/** The log's name in signed statements, unless the deployment sets LOG_ORIGIN. */
export const DEFAULT_ORIGIN = "assent.local/consent-log";

/** RFC 3339 in whole seconds, as receipts and checkpoints carry time. */
export function rfc3339(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * An error answered as a value: RPC carries plain objects faithfully, thrown errors less so. `kind`
 * is the engine's kind of error (`fail` in visitor.js turns it into the HTTP status): the engine's
 * own for its errors, the storage's fact for the log's (`not_found`, `gone`, `conflict`).
 */
function failure(kind, code, message, hint) {
  return { error: hint ? { kind, code, message, hint } : { kind, code, message } };
}

/** `log.erased`: `what` (a receipt) was erased at `at`; its leaf stays. */
export function erasedFailure(what, at) {
  return failure("gone", "log.erased", `${what} was erased at ${at}`, "its leaf stays in the log, and the erasure record says when; it is not logged again");
}

/**
 * `subject.erased`: the subject a request speaks for was erased at `at`, on this device or
 * another that spoke for it; nothing is recorded or asked under its id again.
 */
export function subjectErasedFailure(at) {
  return failure("gone", "subject.erased", `the subject this device spoke for was erased at ${at}; nothing is recorded or asked under it again`, "this device now speaks for a new subject: make the choice again");
}

/** An AssentError thrown by the engine, as the same value. */
function engineFailure(e) {
  if (e?.name === "AssentError" && typeof e.code === "string") {
    return failure(e.kind, e.code, e.message, e.hint ?? undefined);
  }
  throw e;
}

/** Whether two strings are equal, in time that does not depend on where they differ. */
function sameText(a, b) {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  return x.length === y.length && crypto.subtle.timingSafeEqual(x, y);
}

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/** The most bound parameters a Durable Object's SQL statement may have (Cloudflare's limits). */
const MAX_PARAMETERS = 100;

/** Inserts rows (arrays of equal length) into `into` ("table (columns)"), as few statements as the parameter limit allows. */
function insertRows(sql, into, rows) {
  if (!rows.length) return;
  const width = rows[0].length;
  const per = Math.floor(MAX_PARAMETERS / width);
  const row = `(${Array(width).fill("?").join(", ")})`;
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    sql.exec(`INSERT INTO ${into} VALUES ${Array(chunk.length).fill(row).join(", ")}`, ...chunk.flat());
  }
}

export class ConsentLog extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    const name = /^shard-(\d{1,3})$/.exec(ctx.id.name ?? "");
    if (!name) throw new Error(`a log shard is named shard-<k>, not ${ctx.id.name}`);
    this.shard = Number(name[1]);
    this.origin = logShardOrigin(env.LOG_ORIGIN || DEFAULT_ORIGIN, this.shard);
    // The isolate's policy and signer (www/visitor.js), shared with the worker's routes.
    this.signer = setup(env).edgeSigner;
    // Synchronous SQL in the constructor: no request is delivered before it returns.
    // `entry` and `salt` are null once erased; `subject` too. `commitment` is kept forever.
    this.sql.exec(`CREATE TABLE IF NOT EXISTS entries (
      idx INTEGER PRIMARY KEY,
      kind TEXT NOT NULL,
      receipt_id TEXT UNIQUE,
      subject TEXT,
      entry TEXT,
      salt TEXT,
      commitment TEXT NOT NULL,
      time TEXT NOT NULL,
      erased_at TEXT
    )`);
    this.sql.exec("CREATE INDEX IF NOT EXISTS entries_subject ON entries (subject, idx)");
    // Perfect subtrees only: (level, idx) covers leaves idx*2^level .. (idx+1)*2^level.
    this.sql.exec(`CREATE TABLE IF NOT EXISTS nodes (
      level INTEGER NOT NULL,
      idx INTEGER NOT NULL,
      hash TEXT NOT NULL,
      PRIMARY KEY (level, idx)
    ) WITHOUT ROWID`);
    // Which purposes each entry speaks for, so that a request reads only the fewest receipts
    // that still hold the subject's latest choice for every purpose.
    this.sql.exec(`CREATE TABLE IF NOT EXISTS entry_purposes (
      subject TEXT NOT NULL,
      purpose TEXT NOT NULL,
      idx INTEGER NOT NULL,
      PRIMARY KEY (subject, purpose, idx)
    ) WITHOUT ROWID`);
    // The shard's latest signed checkpoint (one row). Older ones are in the heads the head object
    // keeps; any two sizes can be proven consistent from the nodes alone.
    this.sql.exec(`CREATE TABLE IF NOT EXISTS checkpoint (
      id INTEGER PRIMARY KEY CHECK (id = 0),
      size INTEGER NOT NULL,
      jws TEXT NOT NULL
    )`);
    // Appends made under a caller's key: the same key appends once, and asking again answers with
    // that entry (a guardian's step finished after a crash).
    this.sql.exec("CREATE TABLE IF NOT EXISTS append_keys (key TEXT PRIMARY KEY, idx INTEGER NOT NULL) WITHOUT ROWID");
    // The subjects erased here, by the SHA-256 of their id (the id itself goes with the receipts):
    // an erased pseudonym records nothing again, whatever credential still names it.
    this.sql.exec(`CREATE TABLE IF NOT EXISTS erased_subjects (
      subject_sha256 TEXT PRIMARY KEY,
      erased_at TEXT NOT NULL
    ) WITHOUT ROWID`);
    // The nonces of spent transfer credentials (hashed), kept until the credential expires.
    this.sql.exec(`CREATE TABLE IF NOT EXISTS spent_transfers (
      nonce_sha256 TEXT PRIMARY KEY,
      expires_at TEXT NOT NULL
    ) WITHOUT ROWID`);
    this.size = this.sql.exec("SELECT COUNT(*) AS n FROM entries").one().n;
    // The right edge of the committed tree, by "level/index"; filled by the first commit.
    this.edge = new Map();
    this.queue = [];
    this.flushing = null;
    this.reportAt = null;
  }

  // -------------------------------------------------------------------------------------------
  // Writing: the queue, one batch at a time.

  /**
   * Signs the choice as the subject's next receipt and appends it: `{receipt, receiptId, subject,
   * logIndex, shard, checkpoint}` once it is committed. `expectedPrev`, when given, is the
   * chain link of the receipt the caller believes is the subject's latest (null: none): a
   * mismatch means the caller acted on a stale view and nothing is signed. `context` (a guardian's decision for a
   * child) has the engine check the choice against it; `key` makes the append idempotent.
   */
  async append({ choice, expectedPrev, context, key }) {
    const subjectSha256 = await sha256Hex(choice.subject);
    return this.enqueue({ kind: "append", choice, subjectSha256, expectedPrev, context, key });
  }

  /**
   * Erases every receipt of `subject` in this shard: their content, salts and subject are
   * deleted, their commitments kept, and an erasure record naming them is appended.
   * `{erased: [index], receiptIds, at, record: index, shard, checkpoint}`, or `{erased: []}` when
   * there was nothing to erase.
   */
  async erase(subject) {
    return this.enqueue({ kind: "erase", subject, subjectSha256: await sha256Hex(subject) });
  }

  /** When the subject with this id hash was erased here, or undefined. */
  erasedAt(subjectSha256) {
    return this.sql.exec("SELECT erased_at FROM erased_subjects WHERE subject_sha256 = ?", subjectSha256).toArray()[0]?.erased_at;
  }

  enqueue(request) {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  async flush() {
    try {
      while (this.queue.length) {
        // One turn of the event loop, so that appends delivered together join this batch.
        await new Promise((r) => setTimeout(r, 0));
        // An erasure commits alone, so it sees every append before it and none after.
        const first = this.queue[0].request.kind === "erase";
        const end = first ? 1 : this.queue.findIndex((q) => q.request.kind === "erase");
        const batch = this.queue.splice(0, Math.min(end < 0 ? this.queue.length : end, MAX_BATCH));
        try {
          await (first ? this.commitErasure(batch[0]) : this.commitAppends(batch));
        } catch (e) {
          for (const item of batch) item.reject(e);
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  /**
   * The stored nodes with these ids: those made earlier in this batch first, then the tree's right
   * edge as the last commit left it, then the table.
   */
  nodes(ids, fresh = new Map()) {
    return ids.map(({ level, index }) => {
      const key = `${level}/${index}`;
      const known = fresh.get(key) ?? this.edge.get(key);
      if (known) return known;
      const row = this.sql.exec("SELECT hash FROM nodes WHERE level = ? AND idx = ?", level, index).toArray()[0];
      if (!row) throw new Error(`shard ${this.shard} is missing its node at level ${level}, index ${index}`);
      return { level, index, hash: row.hash };
    });
  }

  /**
   * Adds leaves to the tree in memory: the new nodes, the root over them, and the tree's new
   * right edge (the perfect subtrees that cover it, all the next append and root need).
   */
  grow(leaves) {
    const fresh = new Map();
    let size = this.size;
    for (const leaf of leaves) {
      for (const n of logAppend(size, leaf, this.nodes(logAppendNeeds(size), fresh))) fresh.set(`${n.level}/${n.index}`, n);
      size++;
    }
    const edge = this.nodes(logRootNeeds(size), fresh);
    return { fresh: [...fresh.values()], size, root: logRoot(size, edge), edge };
  }

  /** Keeps the right edge of the tree just committed, so the next batch reads no node. */
  grown(size, edge) {
    this.size = size;
    this.edge = new Map(edge.map((n) => [`${n.level}/${n.index}`, n]));
  }

  /** A new salt and the entry's commitment and leaf. */
  commit(text) {
    const salt = hex(crypto.getRandomValues(new Uint8Array(32)));
    const commitment = logCommitment(text, salt);
    return { salt, commitment, leaf: logCommittedLeaf(commitment) };
  }

  async signCheckpoint(size, root, time) {
    return this.signer.sign(this.signer.engine.prepareCheckpoint({ origin: this.origin, size, root, time }));
  }

  /**
   * The rows of `query(values)` for `subjects`, one statement per MAX_PARAMETERS of them: `values`
   * is the SQL list of their placeholders, `(?), (?), ...`, to use as a table of subjects.
   */
  *bySubjects(subjects, query) {
    const all = [...subjects];
    for (let i = 0; i < all.length; i += MAX_PARAMETERS) {
      const chunk = all.slice(i, i + MAX_PARAMETERS);
      yield* this.sql.exec(query(chunk.map(() => "(?)").join(", ")), ...chunk);
    }
  }

  /**
   * The latest chain link in the log of each of `subjects` that has a receipt here, by subject: a
   * batch asks once, not once per append. Each subject's lookup walks its index backwards and stops
   * at its latest receipt, however long its chain.
   */
  latestLinks(subjects) {
    const links = new Map();
    const rows = this.bySubjects(
      subjects,
      (values) => `WITH s(subject) AS (VALUES ${values})
        SELECT s.subject, (SELECT entry FROM entries e WHERE e.subject = s.subject AND e.kind = 'receipt'
                           ORDER BY e.idx DESC LIMIT 1) AS entry
        FROM s`,
    );
    for (const row of rows) if (row.entry !== null) links.set(row.subject, chainLink(row.entry));
    return links;
  }

  async commitAppends(batch) {
    const now = Date.now();
    const time = rfc3339(now);
    const links = new Map(); // subject -> chain link of its latest receipt in this batch
    const byKey = new Map(); // append key -> the item of this batch that appends under it
    const signed = []; // {item, jws, receipt, salt, commitment, leaf}
    const settled = []; // {item, answer} of items answered without a new entry
    const logged = this.latestLinks(new Set(batch.map((item) => item.request.choice.subject)));
    for (const item of batch) {
      const { choice, subjectSha256, expectedPrev, context, key } = item.request;
      if (key !== undefined) {
        const earlier = byKey.get(key);
        if (earlier) {
          settled.push({ item, sameAs: earlier });
          continue;
        }
        const done = this.sql
          .exec("SELECT e.idx, e.receipt_id, e.subject, e.entry, e.erased_at FROM append_keys k JOIN entries e ON e.idx = k.idx WHERE k.key = ?", key)
          .toArray()[0];
        if (done?.entry === null) {
          settled.push({ item, answer: erasedFailure(`receipt ${done.receipt_id}, appended under this key,`, done.erased_at) });
          continue;
        }
        if (done) {
          settled.push({ item, done });
          continue;
        }
        byKey.set(key, item);
      }
      const erasedAt = this.erasedAt(subjectSha256);
      if (erasedAt !== undefined) {
        settled.push({ item, answer: subjectErasedFailure(erasedAt) });
        continue;
      }
      const prev = links.has(choice.subject) ? links.get(choice.subject) : logged.get(choice.subject);
      if (expectedPrev !== undefined && expectedPrev !== (prev ?? null)) {
        settled.push({
          item,
          answer: failure(
            "conflict",
            "consent.stale_previous",
            "another choice of this subject was recorded since this one was made: it was made on what the subject had chosen before",
            "read the subject's latest receipts (GET /v1/receipts/mine) and send the choice again",
          ),
        });
        continue;
      }
      let prepared;
      try {
        const chained = prev ? { ...choice, prev } : choice;
        // With the context of the person the choice is for (a guardian's decision for a child),
        // the engine checks the choice against it before signing.
        prepared = context
          ? this.signer.engine.checkAndPrepare({ ...context, now: time }, chained)
          : this.signer.engine.prepare(chained, time);
      } catch (e) {
        settled.push({ item, answer: engineFailure(e) });
        continue;
      }
      const jws = await this.signer.sign(prepared.signingInput);
      links.set(choice.subject, chainLink(jws));
      signed.push({ item, jws, receipt: prepared.receipt, key, ...this.commit(jws) });
    }

    let checkpoint = this.latestCheckpoint()?.jws;
    const first = this.size;
    if (signed.length) {
      const { fresh, size, root, edge } = this.grow(signed.map((s) => s.leaf));
      checkpoint = await this.signCheckpoint(size, root, time);
      // One transaction: the entries, their nodes, their purposes and the new checkpoint are
      // stored together or not at all. Durability: workerd locks the object's output gate around
      // the commit of every SQLite transaction (src/workerd/io/actor-sqlite.c++), and the output
      // gate holds every outgoing message, these appends' RPC results included, until the write
      // is confirmed. So no caller hears "appended" before its entry is stored;
      // tests/js/edge-log.test.mjs kills workerd mid-stream to check it.
      this.ctx.storage.transactionSync(() => {
        const index = (i) => first + i;
        insertRows(
          this.sql,
          "entries (idx, kind, receipt_id, subject, entry, salt, commitment, time)",
          signed.map((s, i) => [index(i), "receipt", s.receipt.receiptId, s.receipt.subject, s.jws, s.salt, s.commitment, time]),
        );
        insertRows(
          this.sql,
          "entry_purposes (subject, purpose, idx)",
          signed.flatMap((s, i) => s.receipt.purposes.map((p) => [s.receipt.subject, p.purpose, index(i)])),
        );
        insertRows(
          this.sql,
          "append_keys (key, idx)",
          signed.flatMap((s, i) => (s.key === undefined ? [] : [[s.key, index(i)]])),
        );
        insertRows(this.sql, "nodes (level, idx, hash)", fresh.map((n) => [n.level, n.index, n.hash]));
        this.sql.exec("INSERT OR REPLACE INTO checkpoint (id, size, jws) VALUES (0, ?, ?)", size, checkpoint);
      });
      this.grown(size, edge);
      this.scheduleReport(now);
    }
    checkpoint ??= (await this.head()).checkpoint;

    const answers = new Map();
    signed.forEach((s, i) => {
      const answer = {
        receipt: s.jws,
        receiptId: s.receipt.receiptId,
        subject: s.receipt.subject,
        logIndex: first + i,
        shard: this.shard,
        checkpoint,
      };
      answers.set(s.item, answer);
      s.item.resolve(answer);
    });
    for (const { item, answer, done, sameAs } of settled) {
      if (answer) item.resolve(answer);
      else if (sameAs) item.resolve(answers.get(sameAs) ?? failure("internal", "internal.append", "the append under this key failed"));
      else {
        item.resolve({
          receipt: done.entry,
          receiptId: done.receipt_id,
          subject: done.subject,
          logIndex: done.idx,
          shard: this.shard,
          checkpoint,
        });
      }
    }
  }

  async commitErasure(item) {
    const { subject, subjectSha256 } = item.request;
    const now = Date.now();
    const time = rfc3339(now);
    const retire = () => this.sql.exec("INSERT OR IGNORE INTO erased_subjects (subject_sha256, erased_at) VALUES (?, ?)", subjectSha256, time);
    const rows = this.sql
      .exec("SELECT idx, receipt_id FROM entries WHERE subject = ? AND kind = 'receipt' AND entry IS NOT NULL ORDER BY idx", subject)
      .toArray();
    const erased = rows.map((r) => r.idx);
    const receiptIds = rows.map((r) => r.receipt_id);
    if (!erased.length) {
      retire();
      item.resolve({ erased: [], receiptIds, shard: this.shard });
      return;
    }
    const record = logErasure(erased, time);
    const c = this.commit(record);
    const index = this.size;
    const { fresh, size, root, edge } = this.grow([c.leaf]);
    const checkpoint = await this.signCheckpoint(size, root, time);
    this.ctx.storage.transactionSync(() => {
      for (const idx of erased) {
        // The entry's append key stays: a step replayed under it is refused as erased, never
        // logged again.
        this.sql.exec("UPDATE entries SET entry = NULL, salt = NULL, subject = NULL, erased_at = ? WHERE idx = ?", time, idx);
      }
      this.sql.exec("DELETE FROM entry_purposes WHERE subject = ?", subject);
      retire();
      this.sql.exec(
        "INSERT INTO entries (idx, kind, entry, salt, commitment, time) VALUES (?, 'erasure', ?, ?, ?, ?)",
        index,
        record,
        c.salt,
        c.commitment,
        time,
      );
      insertRows(this.sql, "nodes (level, idx, hash)", fresh.map((n) => [n.level, n.index, n.hash]));
      this.sql.exec("INSERT OR REPLACE INTO checkpoint (id, size, jws) VALUES (0, ?, ?)", size, checkpoint);
    });
    this.grown(size, edge);
    this.scheduleReport(now);
    item.resolve({ erased, receiptIds, at: time, record: index, shard: this.shard, checkpoint });
  }

  // -------------------------------------------------------------------------------------------
  // Reporting to the head object: at most every REPORT_DELAY_MS, by an alarm, which outlives an
  // eviction or a restart of the object.

  scheduleReport(now) {
    if (this.reportAt !== null) return;
    this.reportAt = now + REPORT_DELAY_MS;
    this.ctx.storage.setAlarm(this.reportAt);
  }

  async alarm() {
    this.reportAt = null;
    const latest = this.latestCheckpoint();
    if (!latest) return;
    const head = this.env.LOG_HEAD.get(this.env.LOG_HEAD.idFromName("head"));
    await head.collect(this.shard, latest.size, latest.jws);
  }

  // -------------------------------------------------------------------------------------------
  // Reading.

  latestCheckpoint() {
    return this.sql.exec("SELECT size, jws FROM checkpoint WHERE id = 0").toArray()[0] ?? null;
  }

  /** The shard's signed checkpoint `{shard, size, checkpoint}` (signed now for an empty shard). */
  async head() {
    const row = this.latestCheckpoint();
    if (row) return { shard: this.shard, size: row.size, checkpoint: row.jws };
    const checkpoint = await this.signCheckpoint(0, logRoot(0, []), rfc3339(Date.now()));
    return { shard: this.shard, size: 0, checkpoint };
  }

  /** The receipt ids that hold the subject's latest choice for each purpose, oldest first. */
  cover(subject) {
    const rows = this.sql.exec(
      `SELECT DISTINCT e.idx, e.receipt_id AS id FROM entries e
       JOIN (SELECT MAX(idx) AS idx FROM entry_purposes WHERE subject = ? GROUP BY purpose) p ON e.idx = p.idx
       ORDER BY e.idx`,
      subject,
    );
    return [...rows].map((row) => row.id);
  }

  /** The receipts that hold the subject's latest choice for each purpose, oldest first. */
  latestReceipts(subject) {
    return this.receipts(this.cover(subject));
  }

  /**
   * What `subject` chose, for a request that speaks for it: `{jws, erasedAt}`, the JWS of its
   * latest receipts (oldest first) and, when the subject was erased here, when.
   */
  async latestChoices(subject) {
    const erasedAt = this.erasedAt(await sha256Hex(subject));
    const head = this.latestLinks(new Set([subject])).get(subject) ?? null;
    return { jws: this.latestReceipts(subject).flatMap((r) => (r.jws ? [r.jws] : [])), erasedAt, head };
  }

  /**
   * Receipts by id, with the subject each names; ids not in this shard are left out, and an
   * erased receipt is `{receiptId, erasedAt}` without content.
   */
  receipts(ids) {
    const out = [];
    for (const id of ids.slice(0, MAX_PAGE)) {
      const row = this.sql.exec("SELECT idx, subject, entry, erased_at FROM entries WHERE receipt_id = ?", id).toArray()[0];
      if (!row) continue;
      out.push(
        row.entry === null
          ? { index: row.idx, shard: this.shard, receiptId: id, erasedAt: row.erased_at }
          : { index: row.idx, shard: this.shard, receiptId: id, subject: row.subject, jws: row.entry },
      );
    }
    return out;
  }

  /**
   * Spends a transfer credential's nonce (by its hash): `{ok: true}` the first time, `{ok: false}`
   * ever after. Spent nonces are forgotten once their credential has expired anyway. A credential
   * for a subject erased since it was issued is never spent: `{ok: false, erasedAt}`.
   */
  spendTransfer(nonceSha256, expiresAt, subjectSha256) {
    const erasedAt = this.erasedAt(subjectSha256);
    if (erasedAt !== undefined) return { ok: false, erasedAt };
    this.sql.exec("DELETE FROM spent_transfers WHERE expires_at < ?", rfc3339(Date.now()));
    const seen = this.sql.exec("SELECT 1 FROM spent_transfers WHERE nonce_sha256 = ?", nonceSha256).toArray().length;
    if (seen) return { ok: false };
    this.sql.exec("INSERT INTO spent_transfers (nonce_sha256, expires_at) VALUES (?, ?)", nonceSha256, expiresAt);
    return { ok: true };
  }

  /** The consistency proof (hex) from this shard's tree of `from` entries to its tree of `to`. */
  consistency(from, to) {
    if (!(from <= to && to <= this.size)) {
      return failure("not_found", "log.unknown_head", `shard ${this.shard} has no trees of ${from} and ${to} entries (it has ${this.size})`);
    }
    if (from === 0) return { proof: [] };
    return { proof: logConsistencyProof(from, to, this.nodes(logConsistencyNeeds(from, to))) };
  }

  /** Entries `from` (inclusive) to `to` (exclusive), at most MAX_PAGE, with the current checkpoint. */
  async entries(from, to) {
    const end = Math.min(to, from + MAX_PAGE, this.size);
    const entries = this.sql
      .exec("SELECT idx, kind, receipt_id, entry, salt, commitment, erased_at FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx", from, end)
      .toArray()
      .map((r) => {
        const e = { index: r.idx, kind: r.kind, entry: r.entry, salt: r.salt, commitment: r.commitment };
        if (r.receipt_id !== null) e.receiptId = r.receipt_id;
        if (r.erased_at !== null) e.erasedAt = r.erased_at;
        return e;
      });
    return { shard: this.shard, entries, checkpoint: (await this.head()).checkpoint };
  }

  /**
   * The inclusion proof of a receipt in this shard's tree of `size` entries (the size the latest
   * head over all shards signs for this shard), or in the current tree when the receipt is newer.
   * Only for who holds it (`who`: the auditor, its subject, or `link`, its chain link); for anyone
   * else it is unknown, and an erased receipt is `log.erased` to the auditor only.
   */
  proof(receiptId, size, { auditor = false, subject = null, link = null } = {}) {
    const unknown = failure("not_found", "log.unknown_receipt", `no receipt ${receiptId} in the log`);
    const row = this.sql.exec("SELECT idx, subject, entry, salt, erased_at FROM entries WHERE receipt_id = ?", receiptId).toArray()[0];
    if (!row) return unknown;
    if (row.entry === null) {
      if (!auditor) return unknown;
      return erasedFailure(`receipt ${receiptId}`, row.erased_at);
    }
    const holds = auditor || (subject !== null && subject === row.subject) || (link !== null && sameText(link, chainLink(row.entry)));
    if (!holds) return unknown;
    const latest = this.latestCheckpoint();
    const underHead = size !== undefined && row.idx < size && size <= latest.size;
    const at = underHead ? size : latest.size;
    const proof = logInclusionProof(row.idx, at, this.nodes(logInclusionNeeds(row.idx, at)));
    // Under the head, the checkpoint is the head's for this shard (the caller has it).
    const checkpoint = underHead ? null : latest.jws;
    return { receiptId, shard: this.shard, index: row.idx, size: at, jws: row.entry, salt: row.salt, proof, checkpoint };
  }
}
