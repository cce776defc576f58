// GuardianRequests: the guardian requests the edge has sent, and the local outbox, in one
// SQLite-backed Durable Object. It only stores: every state change is computed by the engine
// (`policy.applyGuardianEvent`) in www/guardian.js before it is written here.
//
// A request is keyed by the SHA-256 of its link token (the engine keeps only that hash in the
// request too), so a copy of this table opens nothing. The guardian's contact is never stored
// here in clear: the message to it goes to the sender (the outbox, locally) and the row keeps a
// hash only, to notice a repeated contact.
import { DurableObject } from "cloudflare:workers";

/** The most outbox messages `outbox()` returns, newest first. */
const OUTBOX_PAGE = 100;

export class GuardianRequests extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS requests (
      token_sha256 TEXT PRIMARY KEY,
      code_sha256 TEXT NOT NULL,
      child TEXT NOT NULL,
      request TEXT NOT NULL,
      methods TEXT NOT NULL,
      contact_sha256 TEXT NOT NULL,
      confirm_sha256 TEXT,
      confirm_relationship TEXT,
      created TEXT NOT NULL
    )`);
    this.sql.exec("CREATE INDEX IF NOT EXISTS requests_child ON requests (child, created)");
    this.sql.exec("CREATE INDEX IF NOT EXISTS requests_code ON requests (code_sha256)");
    // The local sender: what would have been sent, to whom. Only DEV_MODE shows it.
    this.sql.exec(`CREATE TABLE IF NOT EXISTS outbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      recipient TEXT NOT NULL,
      subject TEXT NOT NULL,
      body TEXT NOT NULL,
      link TEXT NOT NULL,
      time TEXT NOT NULL
    )`);
  }

  /** Stores a new request and queues its message. */
  create({ tokenSha256, codeSha256, request, methods, contactSha256, message, time }) {
    this.ctx.storage.transactionSync(() => {
      this.sql.exec(
        `INSERT INTO requests (token_sha256, code_sha256, child, request, methods, contact_sha256, created)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        tokenSha256,
        codeSha256,
        request.child,
        JSON.stringify(request),
        JSON.stringify(methods),
        contactSha256,
        time,
      );
      this.send(message, time);
    });
    return { ok: true };
  }

  send({ recipient, subject, body, link }, time) {
    this.sql.exec(
      "INSERT INTO outbox (recipient, subject, body, link, time) VALUES (?, ?, ?, ?, ?)",
      recipient,
      subject,
      body,
      link,
      time,
    );
  }

  row(where, value) {
    const r = this.sql.exec(`SELECT * FROM requests WHERE ${where} = ? ORDER BY created DESC LIMIT 1`, value).toArray()[0];
    if (!r) return null;
    return {
      tokenSha256: r.token_sha256,
      request: JSON.parse(r.request),
      methods: JSON.parse(r.methods),
      confirmSha256: r.confirm_sha256 ?? null,
      confirmRelationship: r.confirm_relationship ?? null,
    };
  }

  /** The request a token's hash opens, or null. */
  byToken(tokenSha256) {
    return this.row("token_sha256", tokenSha256);
  }

  /** The request a short code's hash opens, or null. */
  byCode(codeSha256) {
    return this.row("code_sha256", codeSha256);
  }

  /** The child's newest request, or null. */
  latestFor(child) {
    return this.row("child", child);
  }

  /**
   * Replaces a request with the engine's next state, only if it is still `before` (compared as
   * stored), so two decisions racing cannot both be written.
   */
  update(tokenSha256, before, after) {
    const current = this.sql.exec("SELECT request FROM requests WHERE token_sha256 = ?", tokenSha256).toArray()[0];
    if (!current || current.request !== JSON.stringify(before)) return { ok: false };
    this.sql.exec(
      "UPDATE requests SET request = ?, confirm_sha256 = NULL, confirm_relationship = NULL WHERE token_sha256 = ?",
      JSON.stringify(after),
      tokenSha256,
    );
    return { ok: true };
  }

  /** Remembers a pending email confirmation (its nonce's hash) and queues its message. */
  awaitConfirmation(tokenSha256, { confirmSha256, relationship, message, time }) {
    this.ctx.storage.transactionSync(() => {
      this.sql.exec(
        "UPDATE requests SET confirm_sha256 = ?, confirm_relationship = ? WHERE token_sha256 = ?",
        confirmSha256,
        relationship,
        tokenSha256,
      );
      this.send(message, time);
    });
    return { ok: true };
  }

  /** Outbox messages after the id `after`, oldest first, at most OUTBOX_PAGE. */
  outboxAfter(after) {
    return this.sql
      .exec("SELECT id, time, recipient, subject, body, link FROM outbox WHERE id > ? ORDER BY id LIMIT ?", after, OUTBOX_PAGE)
      .toArray()
      .map((r) => ({ ...r }));
  }

  /** The newest outbox messages. */
  outbox() {
    return this.sql
      .exec("SELECT id, recipient, subject, body, link, time FROM outbox ORDER BY id DESC LIMIT ?", OUTBOX_PAGE)
      .toArray()
      .map((r) => ({ ...r }));
  }
}
