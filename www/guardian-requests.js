// GuardianRequests: the guardian requests the edge has sent, and the local outbox, in one
// SQLite-backed Durable Object. It only stores: every state change is computed by the engine
// (`policy.applyGuardianEvent`) in www/guardian.js before it is written here.
//
// A request is keyed by the SHA-256 of its link token (the engine keeps only that hash in the
// request too), so a copy of this table opens nothing. The guardian's contact is never kept in
// a request: the row keeps a hash only, to notice a repeated contact. The message to it waits in
// the outbox, written with the request in one transaction, only until the sender has it: the
// GUARDIAN_MAIL binding (the site's mail Worker) is handed each message and the row is deleted;
// one it has not taken within MESSAGE_LIFETIME is dropped. Locally (DEV_MODE, no sender) the
// outbox is the mailbox itself, shown at /dev/outbox.
import { DurableObject } from "cloudflare:workers";

/** The most outbox messages `outbox()` returns, newest first, and the most one delivery hands over. */
const OUTBOX_PAGE = 100;
/** How long a message waits for the sender before it is dropped, and how long between attempts. */
const MESSAGE_LIFETIME = 24 * 60 * 60 * 1000;
const RETRY_AFTER = 60 * 1000;

// Rate limits: sliding windows over the `hits` table, in the edge's clock (the X-Assent-Dev-Now
// dev clock in tests). A request over a limit is refused before anything is stored or sent, with
// the seconds until the oldest counted hit leaves its window (`retryAfter`).
const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;
/**
 * Guardian requests one child (subject) may create per day. Each sends a message; three lets a
 * child retry a mistyped address or ask the other parent, without turning the edge into a mailer.
 */
export const REQUESTS_PER_CHILD = 3;
export const REQUESTS_PER_CHILD_WINDOW = DAY;
/**
 * Messages one guardian contact (by its hash) may receive per day, from any child: new requests
 * and email confirmation links together. Bounds what anyone can send to one mailbox.
 */
export const MESSAGES_PER_CONTACT = 4;
export const MESSAGES_PER_CONTACT_WINDOW = DAY;
/**
 * Wrong short codes one client (address) may type per 15 minutes. A wrong code matches no
 * request, so it counts against whoever typed it: past the limit that client's code entry is
 * refused, even with the right code, until the window moves on (the link in the message still
 * works). With 32^8 codes, 5 guesses per 15 minutes make finding a live one hopeless.
 */
export const WRONG_CODES_PER_CLIENT = 5;
export const WRONG_CODES_WINDOW = 15 * MINUTE;
/** Wrong short codes from all clients together per 15 minutes: a bound on guessing spread over many addresses. */
export const WRONG_CODES_ALL = 200;
/**
 * Failed verifications on one request (a wrong development test card, a wrong or stale email
 * confirmation link). Past it the request is locked for good (423): the child sends a new one.
 */
export const FAILED_VERIFICATIONS_PER_REQUEST = 5;
/** The longest window, after which hits are deleted. */
const LONGEST_WINDOW = DAY;

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
    // A guardian's step whose receipt is not yet in the log (`{key, choice, context}`: the append
    // key, the child's choice and the context the log checks it against): stored with
    // the new state in one write, and cleared once the log has the receipt, so a process that
    // dies between the two leaves a step to finish, never a decision without its receipt.
    const columns = this.sql.exec("PRAGMA table_info(requests)").toArray().map((c) => c.name);
    if (!columns.includes("pending")) this.sql.exec("ALTER TABLE requests ADD COLUMN pending TEXT");
    this.sql.exec("CREATE INDEX IF NOT EXISTS requests_child ON requests (child, created)");
    this.sql.exec("CREATE INDEX IF NOT EXISTS requests_code ON requests (code_sha256)");
    // Counted events for the rate limits: `key` is `child:<subject>`, `contact:<sha256>`,
    // `code:<client>`, `code:*`; `at` in milliseconds of the edge's clock.
    this.sql.exec("CREATE TABLE IF NOT EXISTS hits (key TEXT NOT NULL, at INTEGER NOT NULL)");
    this.sql.exec("CREATE INDEX IF NOT EXISTS hits_key ON hits (key, at)");
    // Failed verifications per request, and whether it is locked.
    this.sql.exec("CREATE TABLE IF NOT EXISTS failures (token_sha256 TEXT PRIMARY KEY, count INTEGER NOT NULL)");
    // The local sender: what would have been sent, to whom. Only DEV_MODE shows it.
    this.sql.exec(`CREATE TABLE IF NOT EXISTS outbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      recipient TEXT NOT NULL,
      subject TEXT NOT NULL,
      body TEXT NOT NULL,
      link TEXT NOT NULL,
      time TEXT NOT NULL
    )`);
    // Which request a message is for, so that erasing the child deletes its messages too.
    const outboxColumns = this.sql.exec("PRAGMA table_info(outbox)").toArray().map((c) => c.name);
    if (!outboxColumns.includes("token_sha256")) this.sql.exec("ALTER TABLE outbox ADD COLUMN token_sha256 TEXT");
  }

  /**
   * The limit `key` is over at `now` (ms): null while fewer than `max` hits are in the window, else
   * `{retryAfter}` in whole seconds until the oldest counted hit leaves it.
   */
  over(key, max, window, now) {
    const rows = this.sql
      .exec("SELECT at FROM hits WHERE key = ? AND at > ? ORDER BY at DESC LIMIT ?", key, now - window, max)
      .toArray();
    if (rows.length < max) return null;
    const oldest = rows[rows.length - 1].at;
    return { retryAfter: Math.max(1, Math.ceil((oldest + window - now) / 1000)) };
  }

  hit(key, now) {
    this.sql.exec("INSERT INTO hits (key, at) VALUES (?, ?)", key, now);
    this.sql.exec("DELETE FROM hits WHERE at <= ?", now - LONGEST_WINDOW);
  }

  /**
   * Stores a new request and queues its message, unless the child or the contact is over its
   * limit: then nothing is stored and `{ok: false, limited: {code, retryAfter}}` says which.
   * `newest` is the child's newest request as the caller read it (its token's hash, or null), and
   * `superseded`, when that one was still open, its cancelled state: written in the same
   * transaction, so a child has one open request at a time. When the newest request is no longer
   * the one read (another request came meanwhile), nothing is stored: `{ok: false, changed: true}`.
   */
  async create({ tokenSha256, codeSha256, request, methods, contactSha256, message, time, newest = null, superseded = null }) {
    const now = Date.parse(time);
    const latest = this.latestFor(request.child);
    if ((latest?.tokenSha256 ?? null) !== newest) return { ok: false, changed: true };
    if (superseded && JSON.stringify(latest.request) !== JSON.stringify(superseded.before)) return { ok: false, changed: true };
    const child = `child:${request.child}`;
    const contact = `contact:${contactSha256}`;
    const byChild = this.over(child, REQUESTS_PER_CHILD, REQUESTS_PER_CHILD_WINDOW, now);
    if (byChild) return { ok: false, limited: { code: "guardian.too_many_requests", ...byChild } };
    const byContact = this.over(contact, MESSAGES_PER_CONTACT, MESSAGES_PER_CONTACT_WINDOW, now);
    if (byContact) return { ok: false, limited: { code: "guardian.too_many_messages", ...byContact } };
    this.forgetLapsed(time);
    this.ctx.storage.transactionSync(() => {
      this.hit(child, now);
      this.hit(contact, now);
      if (superseded) {
        this.sql.exec("UPDATE requests SET request = ?, pending = NULL WHERE token_sha256 = ?", JSON.stringify(superseded.after), newest);
      }
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
      this.send(tokenSha256, message, time);
    });
    await this.toSender();
    // The request's lapse, when its guardian's address goes, is an alarm away.
    await this.wakeAt();
    return { ok: true };
  }

  /**
   * Forgets the guardian's address (its hash, the only form a request keeps) of every request
   * that can no longer be answered: decided, or lapsed unanswered by `time`, as the message to
   * the guardian promises. Only open requests keep it (to check the address an email link is
   * sent to), so this reads only those and the ones just closed.
   */
  forgetLapsed(time) {
    this.sql.exec(
      `UPDATE requests SET contact_sha256 = '' WHERE contact_sha256 != ''
         AND (json_extract(request, '$.decidedAt') IS NOT NULL OR json_extract(request, '$.expiresAt') <= ?)`,
      time,
    );
  }

  /**
   * Sets the one alarm this object has to the earliest of `at` (when given) and the next lapse of
   * an open request; an alarm already set sooner stays.
   */
  async wakeAt(at) {
    const lapse = this.sql
      .exec(`SELECT MIN(json_extract(request, '$.expiresAt')) AS at FROM requests WHERE contact_sha256 != ''`)
      .toArray()[0]?.at;
    const times = [at, lapse ? Date.parse(lapse) : undefined].filter(Number.isFinite);
    if (!times.length) return;
    const want = Math.min(...times);
    const set = await this.ctx.storage.getAlarm();
    if (set === null || want < set) await this.ctx.storage.setAlarm(want);
  }

  send(tokenSha256, { recipient, subject, body, link }, time) {
    this.sql.exec(
      "INSERT INTO outbox (token_sha256, recipient, subject, body, link, time) VALUES (?, ?, ?, ?, ?, ?)",
      tokenSha256,
      recipient,
      subject,
      body,
      link,
      time,
    );
  }

  /** With a sender, delivery starts now (the alarm): the request's answer never waits on mail. */
  async toSender() {
    if (this.env.GUARDIAN_MAIL) await this.wakeAt(Date.now());
  }

  /**
   * The one alarm: hands each waiting message to the sender, forgets the addresses of requests
   * that can no longer be answered, and wakes again for what is left (a retry, the next lapse).
   */
  async alarm() {
    const retry = await this.deliver();
    this.forgetLapsed(new Date().toISOString().replace(/\.\d{3}Z$/, "Z"));
    await this.wakeAt(retry);
  }

  /**
   * Hands each waiting message to the sender (`POST /send`, JSON `{to, subject, text, link}`), and
   * deletes each one it took (a 2xx). Messages older than MESSAGE_LIFETIME are dropped; when any
   * are left, the time to try again (RETRY_AFTER from now).
   */
  async deliver() {
    this.sql.exec("DELETE FROM outbox WHERE time < ?", new Date(Date.now() - MESSAGE_LIFETIME).toISOString());
    if (!this.env.GUARDIAN_MAIL) return undefined;
    const rows = this.sql.exec("SELECT id, recipient, subject, body, link FROM outbox ORDER BY id LIMIT ?", OUTBOX_PAGE).toArray();
    for (const r of rows) {
      let taken = false;
      try {
        const answer = await this.env.GUARDIAN_MAIL.fetch("https://guardian-mail/send", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ to: r.recipient, subject: r.subject, text: r.body, link: r.link }),
        });
        taken = answer.ok;
        await answer.body?.cancel();
      } catch (e) {
        console.log(`assent guardian mail: the sender failed (${e?.message ?? e}); trying again later`);
      }
      if (taken) this.sql.exec("DELETE FROM outbox WHERE id = ?", r.id);
    }
    // A message queued while this ran has set an alarm for now, which stays (wakeAt only ever
    // brings the alarm sooner).
    const left = this.sql.exec("SELECT 1 FROM outbox LIMIT 1").toArray().length > 0;
    return left ? Date.now() + RETRY_AFTER : undefined;
  }

  row(where, value) {
    const r = this.sql.exec(`SELECT * FROM requests WHERE ${where} = ? ORDER BY created DESC, rowid DESC LIMIT 1`, value).toArray()[0];
    if (!r) return null;
    return {
      locked: this.locked(r.token_sha256),
      tokenSha256: r.token_sha256,
      request: JSON.parse(r.request),
      methods: JSON.parse(r.methods),
      contactSha256: r.contact_sha256,
      confirmSha256: r.confirm_sha256 ?? null,
      confirmRelationship: r.confirm_relationship ?? null,
      pending: r.pending ? JSON.parse(r.pending) : null,
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

  /**
   * A short code typed by `client` at `time`: `{limited: {code, retryAfter}}` while the client (or
   * everyone) typed too many wrong codes, else `{stored}` (null when it opens nothing, which counts
   * as a wrong code). Checked before the look-up, so a locked client learns nothing, not even
   * from the right code.
   */
  byCodeFrom(codeSha256, client, time) {
    const now = Date.parse(time);
    const mine = `code:${client}`;
    const limited =
      this.over(mine, WRONG_CODES_PER_CLIENT, WRONG_CODES_WINDOW, now) ?? this.over("code:*", WRONG_CODES_ALL, WRONG_CODES_WINDOW, now);
    if (limited) return { limited: { code: "guardian.too_many_codes", ...limited } };
    const stored = this.byCode(codeSha256);
    if (!stored) this.wrongCode(client, time);
    return { stored };
  }

  /** Counts a wrong code typed by `client` (also one whose request the engine did not accept). */
  wrongCode(client, time) {
    const now = Date.parse(time);
    this.ctx.storage.transactionSync(() => {
      this.hit(`code:${client}`, now);
      this.hit("code:*", now);
    });
  }

  /** Whether a request is locked after too many failed verifications. */
  locked(tokenSha256) {
    const r = this.sql.exec("SELECT count FROM failures WHERE token_sha256 = ?", tokenSha256).toArray()[0];
    return (r?.count ?? 0) >= FAILED_VERIFICATIONS_PER_REQUEST;
  }

  /** Counts a failed verification on a request; `{locked}` once it reaches the limit. */
  failed(tokenSha256) {
    this.sql.exec(
      `INSERT INTO failures (token_sha256, count) VALUES (?, 1)
       ON CONFLICT (token_sha256) DO UPDATE SET count = count + 1`,
      tokenSha256,
    );
    return { locked: this.locked(tokenSha256) };
  }

  /**
   * Erases the child's requests (the subject's right to deletion, with its receipts in the log):
   * each request, its guardian's contact hash, a pending step and its failed verifications. A
   * guardian's link to an erased request then opens nothing. The rate-limit hits stay, keyed by
   * the erased pseudonym, until their window passes (a day at most). The device goes on under a
   * new pseudonym (the erasure signs its lock again), whose per-child limit starts afresh, as after
   * clearing cookies; the limit per guardian address still holds. `{erased}`: how many requests.
   */
  erase(child) {
    const tokens = this.sql.exec("SELECT token_sha256 FROM requests WHERE child = ?", child).toArray();
    this.ctx.storage.transactionSync(() => {
      for (const { token_sha256: token } of tokens) {
        this.sql.exec("DELETE FROM failures WHERE token_sha256 = ?", token);
        this.sql.exec("DELETE FROM outbox WHERE token_sha256 = ?", token);
      }
      this.sql.exec("DELETE FROM requests WHERE child = ?", child);
    });
    return { erased: tokens.length };
  }

  /** The child's newest request, or null. */
  latestFor(child) {
    return this.row("child", child);
  }

  /**
   * Replaces a request with the engine's next state, only if it is still `before` (compared as
   * stored), so two decisions racing cannot both be written.
   */
  update(tokenSha256, before, after, pending = null) {
    const current = this.sql.exec("SELECT request FROM requests WHERE token_sha256 = ?", tokenSha256).toArray()[0];
    if (!current || current.request !== JSON.stringify(before)) return { ok: false };
    this.sql.exec(
      "UPDATE requests SET request = ?, pending = ?, confirm_sha256 = NULL, confirm_relationship = NULL WHERE token_sha256 = ?",
      JSON.stringify(after),
      pending ? JSON.stringify(pending) : null,
      tokenSha256,
    );
    return { ok: true };
  }

  /** The step `key` has its receipt in the log: nothing is pending on the request any more. */
  settle(tokenSha256, key) {
    const row = this.sql.exec("SELECT pending FROM requests WHERE token_sha256 = ?", tokenSha256).toArray()[0];
    if (row?.pending && JSON.parse(row.pending).key === key) {
      this.sql.exec("UPDATE requests SET pending = NULL WHERE token_sha256 = ?", tokenSha256);
    }
    return { ok: true };
  }

  /**
   * Remembers a pending email confirmation (its nonce's hash) and queues its message, unless the
   * request's contact is over its message limit (`{ok: false, limited}`, nothing changed).
   */
  async awaitConfirmation(tokenSha256, { confirmSha256, relationship, message, time }) {
    const now = Date.parse(time);
    const row = this.sql.exec("SELECT contact_sha256 FROM requests WHERE token_sha256 = ?", tokenSha256).toArray()[0];
    const contact = `contact:${row?.contact_sha256 ?? tokenSha256}`;
    const limited = this.over(contact, MESSAGES_PER_CONTACT, MESSAGES_PER_CONTACT_WINDOW, now);
    if (limited) return { ok: false, limited: { code: "guardian.too_many_messages", ...limited } };
    this.ctx.storage.transactionSync(() => {
      this.hit(contact, now);
      this.sql.exec(
        "UPDATE requests SET confirm_sha256 = ?, confirm_relationship = ? WHERE token_sha256 = ?",
        confirmSha256,
        relationship,
        tokenSha256,
      );
      this.send(tokenSha256, message, time);
    });
    await this.toSender();
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
