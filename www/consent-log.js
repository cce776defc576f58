// ConsentLog: the append-only receipt log, one SQLite-backed Durable Object, the single writer.
//
// Every receipt the edge signs is appended here, in one order, to an RFC 6962 Merkle tree. The tree
// arithmetic is the engine's (src/log/merkle.rs through the package): storage stays here, and each
// operation first names the perfect-subtree nodes it needs (`logAppendNeeds`, `logRootNeeds`,
// `logInclusionNeeds`), which this class reads from its `nodes` table. Only perfect subtrees are
// stored: they never change once complete, so the table is append-only like the entries.
//
// The subject's chain lives here too: a receipt's `prev` is `chainLink` of the subject's latest
// receipt in this log, looked up and signed in the same synchronous step as the append, so two
// consents of one subject can never both claim the same predecessor.
import { DurableObject } from "cloudflare:workers";
import {
  Signer,
  chainLink,
  loadPolicy,
  logAppend,
  logAppendNeeds,
  logConsistencyNeeds,
  logConsistencyProof,
  logInclusionNeeds,
  logInclusionProof,
  logLeafHash,
  logRoot,
  logRootNeeds,
} from "assent";
import { currentDocument } from "./policies.js";

/** The largest page `entries` returns. */
export const MAX_PAGE = 256;

/** The log's name in signed checkpoints, unless the deployment sets LOG_ORIGIN. */
const DEFAULT_ORIGIN = "assent.local/consent-log";

/** RFC 3339 in whole seconds, as receipts and checkpoints carry time. */
export function rfc3339(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** An error answered as a value: RPC carries plain objects faithfully, thrown errors less so. */
function failure(code, message, hint) {
  return { error: hint ? { code, message, hint } : { code, message } };
}

/** An AssentError thrown by the engine, as the same value. */
function engineFailure(e) {
  if (e?.name === "AssentError" && typeof e.code === "string") {
    return failure(e.code, e.message, e.hint ?? undefined);
  }
  throw e;
}

export class ConsentLog extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.origin = env.LOG_ORIGIN || DEFAULT_ORIGIN;
    this.policy = loadPolicy(currentDocument(env));
    this.signer = new Signer(env.SIGNING_KEYS, this.policy);
    // Synchronous SQL in the constructor: no request is delivered before it returns.
    this.sql.exec(`CREATE TABLE IF NOT EXISTS entries (
      idx INTEGER PRIMARY KEY,
      receipt_id TEXT NOT NULL UNIQUE,
      subject TEXT NOT NULL,
      jws TEXT NOT NULL,
      leaf TEXT NOT NULL,
      time TEXT NOT NULL
    )`);
    this.sql.exec("CREATE INDEX IF NOT EXISTS entries_subject ON entries (subject, idx)");
    // Perfect subtrees only: (level, idx) covers leaves idx*2^level .. (idx+1)*2^level.
    this.sql.exec(`CREATE TABLE IF NOT EXISTS nodes (
      level INTEGER NOT NULL,
      idx INTEGER NOT NULL,
      hash TEXT NOT NULL,
      PRIMARY KEY (level, idx)
    ) WITHOUT ROWID`);
    // Which purposes each entry speaks for, so the cookie can name the fewest receipts that
    // still hold the subject's latest choice for every purpose.
    this.sql.exec(`CREATE TABLE IF NOT EXISTS entry_purposes (
      subject TEXT NOT NULL,
      purpose TEXT NOT NULL,
      idx INTEGER NOT NULL,
      PRIMARY KEY (subject, purpose, idx)
    ) WITHOUT ROWID`);
    // Every signed head, so any two can later be proven consistent.
    this.sql.exec(`CREATE TABLE IF NOT EXISTS checkpoints (
      size INTEGER PRIMARY KEY,
      root TEXT NOT NULL,
      time TEXT NOT NULL,
      jws TEXT NOT NULL
    )`);
    // Appends made under a caller's key: the same key appends once, and asking again answers with
    // that entry (a guardian's step finished after a crash).
    this.sql.exec("CREATE TABLE IF NOT EXISTS append_keys (key TEXT PRIMARY KEY, idx INTEGER NOT NULL) WITHOUT ROWID");
    // The nonces of spent transfer credentials (hashed), kept until the credential expires.
    this.sql.exec(`CREATE TABLE IF NOT EXISTS spent_transfers (
      nonce_sha256 TEXT PRIMARY KEY,
      expires_at TEXT NOT NULL
    ) WITHOUT ROWID`);
    this.size = this.sql.exec("SELECT COUNT(*) AS n FROM entries").one().n;
  }

  /** The stored nodes with these ids, in the shape the package's log functions take. */
  nodes(ids) {
    return ids.map(({ level, index }) => {
      const row = this.sql.exec("SELECT hash FROM nodes WHERE level = ? AND idx = ?", level, index).toArray()[0];
      if (!row) throw new Error(`the log is missing its node at level ${level}, index ${index}`);
      return { level, index, hash: row.hash };
    });
  }

  /** The newest stored checkpoint, or a freshly signed one for the empty log. */
  latestCheckpoint() {
    const row = this.sql.exec("SELECT jws FROM checkpoints ORDER BY size DESC LIMIT 1").toArray()[0];
    if (row) return row.jws;
    const time = rfc3339(Date.now());
    return this.signer.signCheckpoint({ origin: this.origin, size: 0, root: logRoot(0, []), time });
  }

  /** The receipt ids that hold the subject's latest choice for each purpose, oldest first. */
  cover(subject) {
    return this.sql
      .exec(
        `SELECT e.receipt_id AS id FROM entries e
         WHERE e.idx IN (SELECT MAX(idx) FROM entry_purposes WHERE subject = ? GROUP BY purpose)
         ORDER BY e.idx`,
        subject,
      )
      .toArray()
      .map((r) => r.id);
  }

  /**
   * Signs the choice as the subject's next receipt and appends it. `expectedPrev`, when given, is
   * the chain link of the receipt the caller believes is the subject's latest: a mismatch means the
   * caller acted on a stale view and nothing is signed.
   *
   * Everything from reading the subject's latest receipt to the INSERTs is synchronous (no await),
   * so no other call interleaves: this object is the log's single writer.
   */
  append({ choice, expectedPrev, context, key }) {
    if (key !== undefined) {
      const done = this.sql.exec("SELECT e.idx, e.receipt_id, e.subject, e.jws FROM append_keys k JOIN entries e ON e.idx = k.idx WHERE k.key = ?", key).toArray()[0];
      if (done) {
        return {
          receipt: done.jws,
          receiptId: done.receipt_id,
          subject: done.subject,
          logIndex: done.idx,
          checkpoint: this.latestCheckpoint(),
          cover: this.cover(done.subject),
        };
      }
    }
    const latest = this.sql
      .exec("SELECT jws FROM entries WHERE subject = ? ORDER BY idx DESC LIMIT 1", choice.subject)
      .toArray()[0];
    const prev = latest ? chainLink(latest.jws) : undefined;
    if (expectedPrev !== undefined && expectedPrev !== prev) {
      return failure(
        "consent.stale_previous",
        "`previous` is not the subject's latest receipt; another choice was recorded since",
        "fetch the latest receipt (or drop `previous`) and send the choice again",
      );
    }
    const now = Date.now();
    let signed;
    try {
      const chained = prev ? { ...choice, prev } : choice;
      // With the context of the person the choice is for (a guardian's decision for a child), the
      // engine checks the choice against it before signing.
      signed = context ? this.signer.checkAndSign({ ...context, now: rfc3339(now) }, chained) : this.signer.sign(chained, rfc3339(now));
    } catch (e) {
      return engineFailure(e);
    }
    const { jws, receipt } = signed;
    const index = this.size;
    const size = index + 1;
    const leaf = logLeafHash(jws);
    const added = logAppend(index, leaf, this.nodes(logAppendNeeds(index)));
    // The new root needs nodes that may have been made just now; look those up first.
    const fresh = new Map(added.map((n) => [`${n.level}/${n.index}`, n]));
    const rootNodes = logRootNeeds(size).map((id) => fresh.get(`${id.level}/${id.index}`) ?? this.nodes([id])[0]);
    const root = logRoot(size, rootNodes);
    const time = rfc3339(now);
    const checkpoint = this.signer.signCheckpoint({ origin: this.origin, size, root, time });

    // One transaction: the entry, its nodes, its purposes and the new head are stored together or
    // not at all. Durability: workerd locks the object's output gate around the commit of every
    // SQLite transaction (src/workerd/io/actor-sqlite.c++: ExplicitTxn::commit and the implicit
    // transaction of ActorSqlite::onWrite both run `outputGate.lockWhile(commitImpl(...))`), and
    // Cloudflare documents the output gate as holding every outgoing message, this method's RPC
    // result included, until the write is confirmed. So the caller hears "appended" only after
    // the entry is stored; tests/js/edge-durability.test.mjs kills workerd mid-stream to check it.
    this.ctx.storage.transactionSync(() => {
      this.sql.exec(
        "INSERT INTO entries (idx, receipt_id, subject, jws, leaf, time) VALUES (?, ?, ?, ?, ?, ?)",
        index,
        receipt.receiptId,
        receipt.subject,
        jws,
        leaf,
        time,
      );
      for (const node of added) {
        this.sql.exec("INSERT INTO nodes (level, idx, hash) VALUES (?, ?, ?)", node.level, node.index, node.hash);
      }
      for (const p of receipt.purposes) {
        this.sql.exec(
          "INSERT INTO entry_purposes (subject, purpose, idx) VALUES (?, ?, ?)",
          receipt.subject,
          p.purpose,
          index,
        );
      }
      this.sql.exec("INSERT INTO checkpoints (size, root, time, jws) VALUES (?, ?, ?, ?)", size, root, time, checkpoint);
      if (key !== undefined) this.sql.exec("INSERT INTO append_keys (key, idx) VALUES (?, ?)", key, index);
    });
    this.size = size;
    return {
      receipt: jws,
      receiptId: receipt.receiptId,
      subject: receipt.subject,
      logIndex: index,
      checkpoint,
      cover: this.cover(receipt.subject),
    };
  }

  /** The subject's latest receipt, for a caller that needs its chain link. */
  latest(subject) {
    const row = this.sql
      .exec("SELECT idx, receipt_id, jws FROM entries WHERE subject = ? ORDER BY idx DESC LIMIT 1", subject)
      .toArray()[0];
    return row ? { index: row.idx, receiptId: row.receipt_id, jws: row.jws } : null;
  }

  /** The receipts that hold the subject's latest choice for each purpose, oldest first. */
  latestReceipts(subject) {
    return this.receipts(this.cover(subject));
  }

  /** The signed head. */
  head() {
    return { checkpoint: this.latestCheckpoint() };
  }

  /** Receipts by id, with the subject each names; ids not in the log are left out. */
  receipts(ids) {
    const out = [];
    for (const id of ids.slice(0, MAX_PAGE)) {
      const row = this.sql.exec("SELECT idx, subject, jws FROM entries WHERE receipt_id = ?", id).toArray()[0];
      if (row) out.push({ index: row.idx, receiptId: id, subject: row.subject, jws: row.jws });
    }
    return out;
  }

  /**
   * Spends a transfer credential's nonce (by its hash): `{ok: true}` the first time, `{ok: false}`
   * ever after. Spent nonces are forgotten once their credential has expired anyway.
   */
  spendTransfer(nonceSha256, expiresAt) {
    this.sql.exec("DELETE FROM spent_transfers WHERE expires_at < ?", rfc3339(Date.now()));
    const seen = this.sql.exec("SELECT 1 FROM spent_transfers WHERE nonce_sha256 = ?", nonceSha256).toArray().length;
    if (seen) return { ok: false };
    this.sql.exec("INSERT INTO spent_transfers (nonce_sha256, expires_at) VALUES (?, ?)", nonceSha256, expiresAt);
    return { ok: true };
  }

  /**
   * The consistency proof from the signed head of size `from` to the current one: both signed
   * heads and the proof, so anyone can check that the log only grew.
   */
  consistency(from) {
    const head = this.sql.exec("SELECT size, jws FROM checkpoints ORDER BY size DESC LIMIT 1").toArray()[0];
    const old = this.sql.exec("SELECT size, jws FROM checkpoints WHERE size = ?", from).toArray()[0];
    if (!head || !old) {
      return failure("log.unknown_head", `no signed head of size ${from} in the log`, "sizes come from /v1/log/head or a proof");
    }
    const proof = logConsistencyProof(from, head.size, this.nodes(logConsistencyNeeds(from, head.size)));
    return { oldSize: from, newSize: head.size, proof, oldCheckpoint: old.jws, checkpoint: head.jws };
  }

  /** Entries `from` (inclusive) to `to` (exclusive), at most MAX_PAGE, with the current head. */
  entries(from, to) {
    const end = Math.min(to, from + MAX_PAGE, this.size);
    const entries = this.sql
      .exec("SELECT idx, receipt_id, jws FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx", from, end)
      .toArray()
      .map((r) => ({ index: r.idx, receiptId: r.receipt_id, jws: r.jws }));
    return { entries, checkpoint: this.latestCheckpoint() };
  }

  /** The inclusion proof of a receipt in the current head. */
  proof(receiptId) {
    const row = this.sql.exec("SELECT idx, jws FROM entries WHERE receipt_id = ?", receiptId).toArray()[0];
    if (!row) return failure("log.unknown_receipt", `no receipt ${receiptId} in the log`);
    const head = this.sql.exec("SELECT size, jws FROM checkpoints ORDER BY size DESC LIMIT 1").one();
    const proof = logInclusionProof(row.idx, head.size, this.nodes(logInclusionNeeds(row.idx, head.size)));
    return { receiptId, index: row.idx, size: head.size, leaf: row.jws, proof, checkpoint: head.jws };
  }
}
