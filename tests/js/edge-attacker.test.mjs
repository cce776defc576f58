// The attacks of issue "Who may speak for a subject", replayed in real workerd by an attacker who
// has only HTTP and none of the edge's keys (a key set of their own, at most), each asserting that
// the attack now fails; and the protections that already held, which must keep holding. Every test
// names the line of www/ it pins: with that protection removed, the test fails. Loopback only; the
// one workerd this file starts is stopped in `after`.
import assert from "node:assert/strict";
import { createHmac, generateKeyPairSync, sign } from "node:crypto";
import http from "node:http";
import { test } from "node:test";

import { assent, cookieClient, edgeForFile, policy } from "./edge.mjs";

const T = { timeout: 60_000 };
const rfc3339 = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const thisYear = new Date().getUTCFullYear();
/** A child's birth year: 2016 when this was written (10 years old, below the guardian age in CN). */
const CHILD_YEAR = thisYear - 10;
const CREDENTIAL_TYP = "assent-credential+jwt";

const { state, edge } = await edgeForFile("attacker");
/** The edge's own key id, as anyone reads it from /.well-known/jwks.json. */
const edgeKid = state.publicJwks.keys[0].kid;

// ---------------------------------------------------------------------------------------------
// What the attacker can make: cookies and JWS of their own, from bytes and a key of their own.

const b64 = (v) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");
const fromB64 = (s) => JSON.parse(Buffer.from(s, "base64url").toString("utf8"));
/** A consent cookie with any value the attacker likes. */
const consentCookie = (value) => `assent_consent=${b64(value)}`;
/** The payload of a compact JWS, unverified. */
const payloadOf = (jws) => fromB64(jws.split(".")[1]);
const headerOf = (jws) => fromB64(jws.split(".")[0]);

/** The attacker's own Ed25519 key: signs anything, but is not the edge's. */
const attackerKey = generateKeyPairSync("ed25519").privateKey;

/** A compact JWS of `header` and `payload` (objects or exact text), signed by `signer(input)`. */
function jws(header, payload, signer = (input) => sign(null, Buffer.from(input), attackerKey)) {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${Buffer.from(signer(input)).toString("base64url")}`;
}

/** A device credential for `subject` in the edge's exact form, under the edge's kid, signed by the attacker. */
function forgedDevice(subject) {
  const now = Date.now();
  return jws(
    { alg: "EdDSA", typ: CREDENTIAL_TYP, kid: edgeKid },
    { kind: "device", subject, issuedAt: rfc3339(now - 60_000), expiresAt: rfc3339(now + 3_600_000) },
  );
}

/** The same credential with `alg: none` and no signature. */
function unsignedDevice(subject) {
  const now = Date.now();
  return jws(
    { alg: "none", typ: CREDENTIAL_TYP, kid: edgeKid },
    { kind: "device", subject, issuedAt: rfc3339(now - 60_000), expiresAt: rfc3339(now + 3_600_000) },
    () => Buffer.alloc(0),
  );
}

/** A device credential the package signs, but with a key set the attacker generated. */
function otherKeyDevice(subject) {
  const { privateKeySet } = assent.generateKeySet();
  const now = Date.now();
  return new assent.Signer(privateKeySet, policy).signCredential({
    kind: "device",
    subject,
    issuedAt: rfc3339(now - 60_000),
    expiresAt: rfc3339(now + 3_600_000),
  });
}

/** Every consent cookie an attacker can make that names `subject`, by label. */
function forgedCookies(subject, receiptIds = []) {
  return {
    "v1 naming the subject": consentCookie({ v: 1, s: subject, r: receiptIds }),
    "v2 with a garbage credential": consentCookie({ v: 2, d: "garbage.garbage.garbage", r: receiptIds }),
    "v2 with the subject as credential": consentCookie({ v: 2, d: subject, s: subject, r: receiptIds }),
    "v2 forged under the edge's kid": consentCookie({ v: 2, d: forgedDevice(subject), r: receiptIds }),
    "v2 unsigned (alg none)": consentCookie({ v: 2, d: unsignedDevice(subject), r: receiptIds }),
    "v2 signed by another key set": consentCookie({ v: 2, d: otherKeyDevice(subject), r: receiptIds }),
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP: a client with a cookie jar (edge.mjs), raw requests where fetch would not send the bytes.

/** A client with its own cookie jar (edge.mjs), at this test's edge. */
const client = (headers = {}) => cookieClient(edge.url, headers);

/** An adult in Germany who answered the age gate: holds a device credential and an age lock. */
async function adult() {
  const v = client({ "x-assent-jurisdiction": "DE" });
  const r = await v.req("/age", { method: "POST", form: { birthYear: 1980, birthMonth: 1, return: "/" } });
  assert.equal(r.status, 303);
  assert.ok(v.jar.has("assent_consent") && v.jar.has("assent_age"), "the gate sets both cookies");
  return v;
}

/** A 10-year-old in CN who answered the age gate: in the guardian flow. */
async function child() {
  const v = client({ "x-assent-jurisdiction": "CN" });
  const r = await v.req("/age", { method: "POST", form: { birthYear: CHILD_YEAR, birthMonth: 6, return: "/" } });
  assert.equal(r.status, 303);
  return v;
}

const subjectOf = async (v) => (await v.req("/v1/state")).body.subject;
const cookieHeaderOf = (v) => [...v.jar].map(([k, val]) => `${k}=${val}`).join("; ");

/** An answer that is an error: its status, and its code (from JSON, or the HTML page's data-code). */
function assertError(r, status, code) {
  const shown = typeof r.body === "string" ? r.body.slice(0, 400) : JSON.stringify(r.body);
  assert.equal(r.status, status, shown);
  if (typeof r.body === "string") {
    assert.match(r.headers.get("content-type") ?? "", /^text\/html/, shown);
    assert.ok(r.body.includes(`data-code="${code}"`), `${code} in ${shown}`);
  } else {
    assert.match(r.headers.get("content-type") ?? "", /^application\/json/);
    assert.equal(r.body.error?.code, code, shown);
    assert.equal(typeof r.body.error.message, "string");
  }
}

/**
 * A request through node:http, for what fetch will not send: a Host header of the attacker's
 * choosing, a path with dot segments left encoded. `{status, headers, body}` (JSON parsed).
 */
function raw(method, path, { headers = {}, body } = {}) {
  const base = new URL(edge.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, path, method, headers, setHost: !("host" in headers) }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => {
        const isJson = (res.headers["content-type"] ?? "").startsWith("application/json");
        resolve({ status: res.statusCode, headers: new Headers(res.headers), body: isJson ? JSON.parse(text) : text });
      });
    });
    req.setTimeout(20_000, () => req.destroy(new Error(`no answer to ${method} ${path} in 20 s`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** Every log entry, read as the auditor, with each receipt verified with the published keys. */
async function auditedReceipts() {
  const out = [];
  for (let from = 0; ; ) {
    const r = await client({ authorization: `Bearer ${state.auditorToken}` }).req(`/v1/log/entries?from=${from}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    if (!r.body.entries.length) return out;
    from += r.body.entries.length;
    // An erased receipt has no content left to read; an erasure record is no receipt.
    for (const e of r.body.entries.filter((e) => e.kind === "receipt" && !e.erasedAt)) {
      out.push({ id: e.receiptId, ...policy.verifyReceipt(e.entry, state.publicJwks, { now: rfc3339(Date.now()) }).receipt });
    }
  }
}

const idsOf = async (subject) => (await auditedReceipts()).filter((r) => r.subject === subject).map((r) => r.id).sort();

const CONSENT = { locale: "en", method: "banner_layer2", choices: { "analytics-cookies": true, marketing: true } };

// ---------------------------------------------------------------------------------------------
// 1. Receipts in another visitor's name.

test("1. no receipt in another visitor's name: body subject, forged cookies and a foreign `previous` are refused", T, async () => {
  const b = await adult();
  const made = await b.req("/v1/consent", { method: "POST", json: CONSENT });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const B = payloadOf(made.body.receipt).subject;
  assert.equal(B, await subjectOf(b));
  const own = [made.body.receiptId];

  // A body `subject` naming B, from a device with no cookie or with its own: 403 (worker.js
  // claimedSubject, `subject !== who.subject`).
  const stranger = client({ "x-assent-jurisdiction": "DE" });
  const attacker = await adult();
  for (const [who, v] of [["no cookie", stranger], ["own cookie", attacker]]) {
    const w = await v.req("/v1/consent/withdraw", { method: "POST", json: { subject: B, purposes: ["marketing"] } });
    assertError(w, 403, "request.subject_not_yours");
    const c = await v.req("/v1/consent", { method: "POST", json: { ...CONSENT, subject: B } });
    assertError(c, 403, `request.subject_not_yours`);
    // The proof route does not show B's receipt to a device that does not hold it (log-api.js
    // proof): the 404 of an unknown id.
    const asked = await v.req(`/v1/log/proof/${made.body.receiptId}?shard=${made.body.shard}`);
    assertError(asked, 404, "log.unknown_receipt");
    // B's receipt, leaked some other way, as `previous`: 403 (worker.js claimedSubject,
    // `verified.receipt.subject !== who.subject`).
    const leaf = made.body.receipt;
    const p = await v.req("/v1/consent/withdraw", { method: "POST", json: { purposes: ["marketing"], previous: leaf } });
    assertError(p, 403, "request.subject_not_yours");
  }

  // Cookies naming B that the edge did not sign: the request speaks for nobody (visitor.js
  // identity: only a verified device credential names the subject). B's consent to marketing is
  // in force, but this request has none to withdraw (the engine's check_choice), and a choice is
  // recorded for a new subject, never for B; B's receipts are not shown.
  for (const [label, cookie] of Object.entries(forgedCookies(B, [made.body.receiptId]))) {
    const v = client({ "x-assent-jurisdiction": "DE", cookie });
    const nothing = await v.req("/v1/consent/withdraw", { method: "POST", json: { purposes: ["marketing"] } });
    assertError(nothing, 422, "choice.nothing_to_withdraw");
    const w = await v.req("/v1/consent", { method: "POST", json: { ...CONSENT, choices: { marketing: false } } });
    assert.equal(w.status, 201, `${label}: ${JSON.stringify(w.body)}`);
    const subject = payloadOf(w.body.receipt).subject;
    assert.notEqual(subject, B, label);
    assert.match(subject, /^s-[0-9a-f-]{36}$/, `${label}: a new subject of the edge's`);
    const mine = await client({ cookie }).req("/v1/receipts/mine");
    assert.deepEqual(mine.body, { subject: null, receipts: [] }, label);
    assertError(await client({ cookie }).req(`/v1/receipts/${made.body.receiptId}`), 404, "log.unknown_receipt");
  }

  // B itself still speaks for B.
  const mine = await b.req("/v1/receipts/mine");
  assert.deepEqual(mine.body, { subject: B, receipts: [made.body.receipt] });
  const withdrawn = await b.req("/v1/consent/withdraw", { method: "POST", json: { purposes: ["marketing"] } });
  assert.equal(withdrawn.status, 201, JSON.stringify(withdrawn.body));
  assert.equal(payloadOf(withdrawn.body.receipt).subject, B);
  own.push(withdrawn.body.receiptId);

  // The auditor's record: every receipt of B's is one B's own requests made.
  assert.deepEqual(await idsOf(B), own.sort());
});

test("1. a credential the edge has verified vouches for its exact bytes only, not for an edited copy", T, async () => {
  // The edge remembers signatures that verified (signatures.js). B's credential has just been
  // checked; copies of it with one part changed must still be checked, and fail.
  const b = await adult();
  const made = await b.req("/v1/consent", { method: "POST", json: CONSENT });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const B = payloadOf(made.body.receipt).subject;
  const cookie = fromB64(b.jar.get("assent_consent"));
  const [h, p, s] = cookie.d.split(".");
  const flipped = Buffer.from(s, "base64url");
  flipped[5] ^= 0x01;
  const attacker = await adult();
  const A = await subjectOf(attacker);
  const edited = {
    "a bit flipped in the signature": `${h}.${p}.${flipped.toString("base64url")}`,
    "the payload naming another subject": `${h}.${b64({ ...fromB64(p), subject: A })}.${s}`,
    "the payload with a later expiry": `${h}.${b64({ ...fromB64(p), expiresAt: rfc3339(Date.now() + 400 * 86_400_000) })}.${s}`,
    "the same header, spaced": `${b64(JSON.stringify(fromB64(h), null, 1))}.${p}.${s}`,
  };
  for (let round = 0; round < 2; round++) {
    for (const [label, d] of Object.entries(edited)) {
      const mine = await client({ cookie: consentCookie({ ...cookie, d }) }).req("/v1/receipts/mine");
      assert.deepEqual(mine.body, { subject: null, receipts: [] }, `${label} (round ${round})`);
    }
    // B's own credential, byte for byte, still speaks for B.
    const own = await b.req("/v1/receipts/mine");
    assert.equal(own.body.subject, B);
  }
});

test("1. a body that names a member twice is refused whole: no check reads one value and the record another", T, async () => {
  const b = await adult();
  const made = await b.req("/v1/consent", { method: "POST", json: CONSENT });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const B = payloadOf(made.body.receipt).subject;
  const attacker = await adult();
  const before = await idsOf(B);
  // JSON.parse keeps the last of two members; the engine's reader refuses the body instead.
  const bodies = [
    ["/v1/consent", `{"subject":${JSON.stringify(await subjectOf(attacker))},"subject":${JSON.stringify(B)},"locale":"en","choices":{"search":true}}`],
    ["/v1/consent", `{"locale":"en","choices":{"search":true},"choices":{"marketing":true}}`],
    // A key of a map given twice: which answer counts would be a guess.
    ["/v1/consent", `{"locale":"en","choices":{"marketing":false,"marketing":true}}`],
    ["/v1/consent/withdraw", `{"purposes":["marketing"],"previous":${JSON.stringify(made.body.receipt)},"purposes":["search"]}`],
  ];
  for (const [path, text] of bodies) {
    const r = await attacker.req(path, { method: "POST", ...rawJson(text) });
    assert.equal(r.status, 400, `${path} ${text.slice(0, 80)}: ${JSON.stringify(r.body)}`);
    assert.equal(typeof r.body.error?.code, "string");
    assert.match(r.body.error.message, /twice|duplicate|more than once|repeated/i, JSON.stringify(r.body));
  }
  assert.deepEqual(await idsOf(B), before, "nothing was recorded for B");
});

test("1. the banner's form records only for the device's own credential, whatever the form or a forged cookie names", T, async () => {
  const b = await adult();
  const made = await b.req("/v1/consent", { method: "POST", json: CONSENT });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const B = payloadOf(made.body.receipt).subject;
  for (const [label, forged] of Object.entries(forgedCookies(B, [made.body.receiptId]))) {
    // The attacker's own device (its own age lock), with a consent cookie naming B, posts the
    // banner's "accept all" form with B's subject as an extra field (worker.js consentForm:
    // the subject is the visitor's identity, never a form field).
    const attacker = await adult();
    const A = await subjectOf(attacker);
    const v = client({ "x-assent-jurisdiction": "DE", cookie: `${forged}; assent_age=${attacker.jar.get("assent_age")}` });
    const r = await v.req("/consent/form", { method: "POST", form: { action: "accept", lang: "en", return: "/", subject: B } });
    assert.equal(r.status, 303, `${label}: ${typeof r.body === "string" ? r.body.slice(0, 200) : JSON.stringify(r.body)}`);
    assert.equal(await subjectOf(v), A, `${label}: the form spoke for the attacker's own subject`);
    assert.ok((await idsOf(A)).length > 0, `${label}: the receipt is the attacker's`);
  }
  // B's record holds only what B did.
  assert.deepEqual(await idsOf(B), [made.body.receiptId]);
});

test("1. a planted duplicate of the edge's cookies speaks for nobody: the form records nothing in the planter's name", T, async () => {
  // A sibling subdomain (or a longer path) can set its own assent_consent and assent_age that the
  // browser sends before the site's. www/http.js cookies(): a repeated assent_* cookie is absent.
  const attacker = await adult();
  const A = await subjectOf(attacker);
  const before = await idsOf(A);
  const victim = await adult();
  const V = await subjectOf(victim);
  const cookie = [
    `assent_consent=${attacker.jar.get("assent_consent")}`,
    `assent_age=${attacker.jar.get("assent_age")}`,
    `assent_consent=${victim.jar.get("assent_consent")}`,
    `assent_age=${victim.jar.get("assent_age")}`,
  ].join("; ");
  const v = client({ "x-assent-jurisdiction": "DE", cookie });
  const r = await v.req("/consent/form", { method: "POST", form: { action: "accept", lang: "en", return: "/" } });
  assert.ok(r.status < 500, String(r.status));
  assert.deepEqual(await idsOf(A), before, "nothing was recorded in the planter's name");
  const set = r.headers.getSetCookie().find((c) => c.startsWith("assent_consent="));
  if (set) {
    const value = set.split(";")[0].slice("assent_consent=".length);
    const subject = value ? payloadOf(fromB64(value).d).subject : undefined;
    assert.notEqual(subject, A, "the answer does not install the planter's credential");
  }
  // The same request with each cookie once speaks for its holder, as before.
  const own = client({ "x-assent-jurisdiction": "DE", cookie: `assent_consent=${victim.jar.get("assent_consent")}; assent_age=${victim.jar.get("assent_age")}` });
  assert.equal(await subjectOf(own), V);
});

test("1. the log's entries are the auditor's alone; a receipt by id only for its own subject", T, async () => {
  const b = await adult();
  const made = await b.req("/v1/consent", { method: "POST", json: CONSENT });
  assert.equal(made.status, 201);
  const id = made.body.receiptId;

  // worker.js auditorOnly / isAuditor: no bearer, a wrong one, a near one, another scheme: 401.
  const bearer = (value) => client({ authorization: value }).req("/v1/log/entries");
  const none = await client().req("/v1/log/entries");
  assertError(none, 401, "log.auditor_only");
  assert.equal(none.headers.get("www-authenticate"), 'Bearer realm="assent-log"');
  for (const value of [
    "Bearer wrong-token-of-good-length",
    `Bearer ${state.auditorToken}x`,
    `Bearer ${state.auditorToken.slice(0, -1)}`,
    `bearer ${state.auditorToken}`,
    `Basic ${Buffer.from(`auditor:${state.auditorToken}`).toString("base64")}`,
    `Bearer  ${state.auditorToken}`,
  ]) {
    assertError(await bearer(value), 401, "log.auditor_only");
  }
  const ok = await bearer(`Bearer ${state.auditorToken}`);
  assert.equal(ok.status, 200);
  assert.ok(ok.body.entries.some((e) => e.receiptId === id));

  // worker.js receiptById: 404 to anyone but the subject and the auditor, as for an unknown id.
  const attacker = await adult();
  for (const v of [client(), attacker, ...Object.values(forgedCookies(payloadOf(made.body.receipt).subject, [id])).map((cookie) => client({ cookie }))]) {
    assertError(await v.req(`/v1/receipts/${id}`), 404, "log.unknown_receipt");
  }
  const byB = await b.req(`/v1/receipts/${id}`);
  assert.equal(byB.status, 200);
  assert.equal(byB.body.jws, made.body.receipt);
  const byAuditor = await client({ authorization: `Bearer ${state.auditorToken}` }).req(`/v1/receipts/${id}`);
  assert.equal(byAuditor.status, 200);
  assert.equal(byAuditor.body.jws, made.body.receipt);
  // The public log endpoints stay public; a receipt's proof is its holder's: 404 to a stranger,
  // the attacker and forged cookies, as for an unknown id.
  for (const path of ["/v1/log/head", "/v1/log/consistency?from=1", "/.well-known/jwks.json"]) {
    assert.equal((await client().req(path)).status, 200, path);
  }
  const proofOf = `/v1/log/proof/${id}?shard=${made.body.shard}`;
  for (const v of [client(), attacker, ...Object.values(forgedCookies(payloadOf(made.body.receipt).subject, [id])).map((cookie) => client({ cookie }))]) {
    assertError(await v.req(proofOf), 404, "log.unknown_receipt");
  }
  assert.equal((await b.req(proofOf)).status, 200);
  assert.equal((await client().req(`${proofOf}&link=${assent.chainLink(made.body.receipt)}`)).status, 200);
});

// ---------------------------------------------------------------------------------------------
// 2. Guardian consent for another's child.

test("2. another's child: no request in their name, their daily requests not exhausted, no withdrawal for them", T, async () => {
  const c = await child();
  const C = await subjectOf(c);
  const first = await c.req("/v1/guardian/requests", { method: "POST", json: { contact: "c-1@example.test", purposes: ["marketing"] } });
  assert.equal(first.status, 201, JSON.stringify(first.body));

  // Forged cookies naming C, with and without an age lock of the attacker's own (a child too):
  // guardian.js createRequest needs the credential's subject and that subject's child lock.
  const grown = await child();
  const attackerSubject = await subjectOf(grown);
  let n = 0;
  const mixedStatuses = [];
  for (const [label, cookie] of Object.entries(forgedCookies(C))) {
    const v = client({ "x-assent-jurisdiction": "CN", cookie });
    for (let i = 0; i < 2; i++) {
      const j = await v.req("/v1/guardian/requests", { method: "POST", json: { contact: `x-${++n}@example.test`, purposes: ["marketing"] } });
      assertError(j, 409, "guardian.not_needed");
      const f = await v.req("/guardian/request", { method: "POST", form: { contact: `x-${++n}@example.test` } });
      assertError(f, 409, "guardian.not_needed");
    }
    assertError(await v.req("/v1/consent/withdraw", { method: "POST", json: { subject: C, purposes: ["marketing"] } }), 403, "request.subject_not_yours");
    // The attacker's own child lock beside the forged cookie: the request speaks for the
    // attacker's subject only (visitor.js identity), so its requests count against the attacker.
    const mixed = client({ "x-assent-jurisdiction": "CN", cookie: `${cookie}; assent_age=${grown.jar.get("assent_age")}` });
    assert.equal((await mixed.req("/v1/state")).body.subject, attackerSubject, label);
    const r = await mixed.req("/v1/guardian/requests", { method: "POST", json: { contact: `x-${++n}@example.test`, purposes: ["marketing"] } });
    mixedStatuses.push(r.status);
  }
  // Three requests of the attacker's own a day, then the attacker's limit.
  assert.deepEqual(mixedStatuses, [201, 201, 201, 429, 429, 429]);

  // C still has its two remaining requests of the day, then the limit: only C's own count.
  for (const contact of ["c-2@example.test", "c-3@example.test"]) {
    const r = await c.req("/v1/guardian/requests", { method: "POST", json: { contact, purposes: ["marketing"] } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  assertError(
    await c.req("/v1/guardian/requests", { method: "POST", json: { contact: "c-4@example.test", purposes: ["marketing"] } }),
    429,
    "guardian.too_many_requests",
  );
  // Nothing was recorded in C's name.
  assert.deepEqual(await idsOf(C), []);
  // Only the attacker's own three requests sent a message to the attacker's addresses.
  const { body } = await client().req("/dev/outbox");
  assert.equal(body.messages.filter((m) => m.recipient.startsWith("x-")).length, 3);
});

// ---------------------------------------------------------------------------------------------
// 3. A huge chunked body.

/**
 * POSTs a 300 MiB body with no Content-Length (a ReadableStream, sent chunked), the stream stopped
 * as soon as an answer or the end of the connection arrives: `{status?, type?, text?, closed?,
 * sent, ms}`. The edge answers 413 once it has counted past its limit and then closes the
 * connection, usually while the client is still writing: the client then sees the connection
 * end (EPIPE, ECONNRESET) before it can read the 413, which is the same refusal.
 */
async function streamHuge(route, contentType, headers = {}) {
  const TOTAL = 300 * 1024 * 1024;
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  let sent = 0;
  let stop = false;
  const body = new ReadableStream({
    pull(controller) {
      if (stop || sent >= TOTAL) {
        controller.close();
        return;
      }
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  const started = Date.now();
  try {
    const response = await fetch(new URL(route, edge.url), {
      method: "POST",
      headers: { "content-type": contentType, ...headers },
      body,
      duplex: "half",
      signal: AbortSignal.timeout(20_000),
    });
    stop = true;
    const text = await response.text();
    return { status: response.status, type: response.headers.get("content-type"), text, sent, ms: Date.now() - started };
  } catch (e) {
    stop = true;
    const code = e.cause?.code;
    if (!["EPIPE", "ECONNRESET", "UND_ERR_SOCKET"].includes(code)) throw e;
    return { closed: code, sent, ms: Date.now() - started };
  }
}

/**
 * POSTs `bytes` of a body chunked (no Content-Length) and then writes nothing more (nor ends the
 * body, unless `end`), so the client is only reading when the edge answers: `{status, type, text}`.
 */
function chunkedThenWait(route, contentType, bytes, headers = {}, end = false) {
  const url = new URL(route, edge.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { "content-type": contentType, ...headers } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () => {
          req.destroy();
          resolve({ status: res.statusCode, type: res.headers["content-type"], text, chunked: req.getHeader("content-length") === undefined });
        });
      },
    );
    req.setTimeout(20_000, () => req.destroy(new Error(`no answer from ${route} in 20 s`)));
    req.on("error", reject);
    for (let at = 0; at < bytes; at += 1024) req.write("a".repeat(Math.min(1024, bytes - at)));
    if (end) req.end();
  });
}

test("3. a 300 MiB chunked body is refused with 413 after the limit, and the edge still answers", T, async () => {
  const kid = await child();
  const cases = [
    ["/guardian/request", "application/x-www-form-urlencoded", /^text\/html/, 8 * 1024],
    ["/age", "application/x-www-form-urlencoded", /^text\/html/, 8 * 1024],
    ["/v1/consent", "application/json", /^application\/json/, 16 * 1024],
    ["/v1/guardian/requests", "application/json", /^application\/json/, 16 * 1024],
  ];
  const headers = { cookie: cookieHeaderOf(kid), "x-assent-jurisdiction": "CN" };
  for (const [route, contentType, type, limit] of cases) {
    // http.js readBody: `total > max` cancels the read and throws 413, without buffering the rest.
    // Streamed as fast as the connection takes it: refused long before 300 MiB, and quickly.
    for (let i = 0; i < 2; i++) {
      const r = await streamHuge(route, contentType, headers);
      const shown = `${route}: ${JSON.stringify({ ...r, text: r.text?.slice(0, 200) })}`;
      if (!r.closed) {
        assert.equal(r.status, 413, shown);
        assert.match(r.type, type, shown);
        assert.match(r.text, /request\.too_large/, shown);
      }
      assert.ok(r.sent < 64 * 1024 * 1024, `stopped long before the end: ${shown}`);
      assert.ok(r.ms < 10_000, `answered quickly: ${shown}`);
      assert.equal((await client().req("/v1/log/head")).status, 200, `the edge answers after ${route}`);
    }
    // A chunked body just past the limit, the client then only reading: the 413 itself, by count.
    const over = await chunkedThenWait(route, contentType, limit + 1024, headers);
    assert.equal(over.chunked, true, "nothing declared a length");
    assert.equal(over.status, 413, `${route}: ${over.text.slice(0, 200)}`);
    assert.match(over.type, type);
    assert.match(over.text, /request\.too_large/);
    // And one at the limit is read (and refused for what it says, not for its size).
    const at = await chunkedThenWait(route, contentType, limit, headers, true);
    assert.ok(at.status >= 400 && at.status < 500 && at.status !== 413, `${route} at the limit: ${at.status} ${at.text.slice(0, 200)}`);
  }
  // And the child can still ask, so the refused bodies left nothing behind.
  const ask = await kid.req("/v1/guardian/requests", { method: "POST", json: { contact: "after-413@example.test", purposes: ["marketing"] } });
  assert.equal(ask.status, 201, JSON.stringify(ask.body));
});

// ---------------------------------------------------------------------------------------------
// 4. Open redirects.

test("4. the age gate's `return` never leads off the site, and never fails", T, async () => {
  const site = new URL(edge.url).origin;
  const answer = (ret) =>
    client({ "x-assent-jurisdiction": "DE" }).req("/age", { method: "POST", form: { birthYear: 1980, birthMonth: 1, return: ret } });
  // A path of the site is kept (so the test sees localPath is not simply "/").
  const offSite = [];
  const kept = await answer("/about.html?x=1#top");
  assert.equal(kept.status, 303);
  assert.equal(kept.headers.get("location"), "/about.html?x=1");
  for (const ret of [
    "/\t/evil.example/x",
    "/%09/evil.example/x",
    "//evil.example",
    "//evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "https://evil.example",
    "https:evil.example",
    "http://evil.example/",
    "javascript:alert(1)",
    "evil.example",
    "/\r\n/evil.example",
    "/\nLocation: https://evil.example",
    "/\u0000//evil.example",
    "/ /evil.example",
    "/\u00a0/evil.example",
    "/%2f%2fevil.example",
    "/.//evil.example",
    "/..//evil.example",
    "//@evil.example",
    "/@evil.example",
    "//evil%2Eexample",
    "//127.0.0.1@evil.example",
    "/./evil.example",
    "/a/..//evil.example",
    "/%2e//evil.example",
    "/%2e%2e//evil.example",
    "/.%2e//evil.example",
    "/x/../..//evil.example",
    "",
  ]) {
    const r = await answer(ret);
    assert.equal(r.status, 303, `${JSON.stringify(ret)}: ${r.status} ${typeof r.body === "string" ? r.body.slice(0, 200) : ""}`);
    const location = r.headers.get("location");
    // http.js localPath (through seeOther): the target resolves on this site, by a browser's rules.
    const onSite =
      new URL(location, edge.url).origin === site &&
      location.startsWith("/") &&
      !location.startsWith("//") &&
      !location.includes("\\") &&
      !/[\u0000-\u001f\u007f]/.test(location);
    if (!onSite) offSite.push(`${JSON.stringify(ret)} -> ${JSON.stringify(location)}`);
  }
  assert.deepEqual(offSite, [], "every `return` stays on the site");
  // The gate's page echoes `return` into its form the same way.
  const page = await client().req(`/age?return=${encodeURIComponent("//evil.example/x")}`);
  assert.equal(page.status, 200);
  assert.match(page.body, /name="return" value="\/"/);
});

// ---------------------------------------------------------------------------------------------
// 5. The Host header.

test("5. a request sent with Host: evil.example never puts evil.example in a guardian's message", T, async () => {
  const kid = await child();
  const cookie = cookieHeaderOf(kid);
  const before = (await client().req("/dev/outbox")).body.messages.length;
  let n = 0;
  for (const host of ["evil.example", "evil.example:80", `127.0.0.1.evil.example`, "localhost.evil.example", `evil.example:${new URL(edge.url).port}`]) {
    const headers = { host, cookie, "x-assent-jurisdiction": "CN" };
    const json = await raw("POST", "/v1/guardian/requests", {
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ contact: `host-${++n}@example.test`, purposes: ["marketing"] }),
    });
    // http.js siteOrigin: no SITE_ORIGIN locally and a Host that is not loopback: 421.
    assertError(json, 421, "request.misdirected");
    const form = await raw("POST", "/guardian/request", {
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ contact: `host-${++n}@example.test` }).toString(),
    });
    assertError(form, 421, "request.misdirected");
  }
  const { body } = await client().req("/dev/outbox");
  assert.equal(body.messages.length, before, "nothing was sent");
  assert.ok(!JSON.stringify(body).includes("evil.example"));
  // The same request with the loopback Host it came to: sent, with a loopback link.
  const ok = await kid.req("/v1/guardian/requests", { method: "POST", json: { contact: "host-ok@example.test", purposes: ["search"] } });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  const sent = (await client().req("/dev/outbox")).body.messages.find((m) => m.recipient === "host-ok@example.test");
  assert.equal(new URL(sent.link).origin, new URL(edge.url).origin);

  // The email confirmation link of the guardian's verification, asked for under Host: evil.example.
  const link = new URL(sent.link).pathname;
  const verify = await raw("POST", `${link}/verify`, {
    headers: { host: "evil.example", "content-type": "application/x-www-form-urlencoded" },
    body: "method=email_plus&relationship=parent&email=host-ok%40example.test",
  });
  assertError(verify, 421, "request.misdirected");
  const after = (await client().req("/dev/outbox")).body;
  assert.ok(!JSON.stringify(after).includes("evil.example"));
});

// ---------------------------------------------------------------------------------------------
// 6. Prototype keys and control characters: a 4xx with a code, never a 500.

test("6. prototype keys in choices, purposes and locale are a 4xx with a code, never a 500", T, async () => {
  const b = await adult();
  // Recorded consents first, so that the lookup of the previous choice (worker.js consent:
  // `own(before, purpose)`) meets a real object.
  assert.equal((await b.req("/v1/consent", { method: "POST", json: CONSENT })).status, 201);
  const KEYS = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf", "__defineGetter__"];
  for (const key of KEYS) {
    for (const method of ["banner_layer2", "update_notice", "banner_layer1"]) {
      // JSON text, so that `__proto__` is an own member as a client sends it.
      const text = `{"locale":"en","method":"${method}","choices":{${JSON.stringify(key)}:true}}`;
      const r = await b.req("/v1/consent", { method: "POST", ...rawJson(text) });
      assertError(r, 422, "choice.unknown_purpose");
    }
    assertError(await b.req("/v1/consent/withdraw", { method: "POST", json: { purposes: [key] } }), 422, "choice.unknown_purpose");
    // As a field of the body: an unknown field.
    const field = await b.req("/v1/consent", { method: "POST", ...rawJson(`{${JSON.stringify(key)}:{"x":1},"locale":"en","choices":{"search":true}}`) });
    assertError(field, 400, "request.invalid");
    // As the method of the choice.
    assertError(await b.req("/v1/consent", { method: "POST", json: { ...CONSENT, method: key } }), 400, "schema.unknown_variant");
  }
  // A guardian request with a prototype key as its locale: guardian.js createRequestJson,
  // `own(WORDS, body.locale)`; the words fall back to the visitor's locale.
  let n = 0;
  for (const locale of ["constructor", "__proto__", "toString"]) {
    const kid = await child();
    const contact = `proto-${++n}@example.test`;
    const r = await kid.req("/v1/guardian/requests", { method: "POST", json: { contact, locale, purposes: [locale] } });
    assertError(r, 422, "guardian.purpose_not_asked");
    const ok = await kid.req("/v1/guardian/requests", { method: "POST", json: { contact, locale, purposes: ["marketing"] } });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    const sent = (await client().req("/dev/outbox")).body.messages.find((m) => m.recipient === contact);
    assert.equal(new URL(sent.link).searchParams.get("lang"), "zh-CN", "the visitor's locale, not the key");
    // And as `?lang=` of the pages.
    for (const path of [`/age?lang=${locale}`, `/guardian?lang=${locale}`, `/guardian/request?lang=${locale}`, `${new URL(sent.link).pathname}?lang=${locale}`]) {
      // The guardian's page, as a guardian opens it: from a device of their own.
      const page = await (path.startsWith("/guardian/") && !path.startsWith("/guardian/request") ? client() : kid).req(path);
      assert.equal(page.status, 200, `${path}: ${String(page.body).slice(0, 300)}`);
      assert.match(page.body, /<html lang="(en|zh-CN)">/, path);
    }
  }
  // Control characters in `return` and in the fields: see test 4 for `return`; here the fields.
  for (const [bad, code] of [
    ["\u0000", "request.invalid"],
    ["1980\u0000", "request.invalid"],
    ["19\r\n80", "request.invalid"],
    // Number("\r\n") is 0: the engine refuses the year.
    ["\r\n", "age.too_old"],
  ]) {
    const r = await client().req("/age", { method: "POST", form: { birthYear: bad, birthMonth: "1", return: "/\r\n" } });
    assertError(r, 400, code);
  }
});

/** A `req` option set that sends `text` as the JSON body exactly (cookieClient JSON-encodes `json`). */
function rawJson(text) {
  return { headers: { "content-type": "application/json" }, body: text };
}

// ---------------------------------------------------------------------------------------------
// 7. Age-lock downgrade.

test("7. a child's lock is not loosened by dropping or forging the consent cookie and answering as an adult", T, async () => {
  const now = () => rfc3339(Date.now());
  // A device of the attacker's own that is an adult: a real device credential, of another subject.
  const grownUp = await adult();
  const adultCredential = fromB64(grownUp.jar.get("assent_consent")).d;
  const variants = {
    "consent cookie dropped": null,
    "v1 cookie naming a new subject": consentCookie({ v: 1, s: "s-00000000-0000-4000-8000-000000000000", r: [] }),
    "v2 cookie with a garbage credential": consentCookie({ v: 2, d: "x.y.z", r: [] }),
    "v2 cookie with another (adult) device's real credential": consentCookie({ v: 2, d: adultCredential, r: [] }),
  };
  for (const [label, replacement] of Object.entries(variants)) {
    const kid = await child();
    const childLock = kid.jar.get("assent_age");
    assert.equal(assent.verifyAgeLock(childLock, state.publicJwks, { now: now() }).lock.band, "below_guardian_age");
    kid.jar.delete("assent_consent");
    if (replacement) kid.jar.set("assent_consent", replacement.slice("assent_consent=".length));
    const again = await kid.req("/age", { method: "POST", form: { birthYear: 1980, birthMonth: 1, return: "/" } });
    assert.equal(again.status, 303, label);
    // guardian.js answerAge: `existing = who.identity.heldLock`, the strictest lock the device holds.
    const lock = assent.verifyAgeLock(kid.jar.get("assent_age"), state.publicJwks, { now: now() });
    assert.equal(lock.lock.band, "below_guardian_age", label);
    assert.equal(lock.lock.conflicts, 1, `${label}: the disagreeing answer is counted`);
    const s = (await kid.req("/v1/state")).body;
    assert.equal(s.ageBand, "below_guardian_age", label);
    assert.equal(s.page.guardianFlow, "pending_guardian", label);
  }
  // The adult device kept its own band: the check is not simply "always a child".
  assert.equal((await grownUp.req("/v1/state")).body.ageBand, "adult");
});

test("7. a child who drops only the age-lock cookie keeps the lock: the credential carries it", T, async () => {
  const now = () => rfc3339(Date.now());
  const kid = await child();
  const subject = await subjectOf(kid);
  // guardian.js answerAge signs the lock into the device credential too (visitor.js deviceCredential).
  assert.equal(payloadOf(fromB64(kid.jar.get("assent_consent")).d).ageLock?.lock.band, "below_guardian_age");
  kid.jar.delete("assent_age");
  assert.equal((await kid.req("/v1/state")).body.ageBand, "below_guardian_age", "the lock holds without its cookie");
  const again = await kid.req("/age", { method: "POST", form: { birthYear: 1980, birthMonth: 1, return: "/" } });
  assert.equal(again.status, 303);
  const lock = assent.verifyAgeLock(kid.jar.get("assent_age"), state.publicJwks, { now: now() });
  assert.equal(lock.lock.band, "below_guardian_age");
  assert.equal(lock.lock.conflicts, 1, "the disagreeing answer is counted");
  const s = (await kid.req("/v1/state")).body;
  assert.equal(s.subject, subject, "the same subject");
  assert.equal(s.ageBand, "below_guardian_age");
  const consent = await kid.req("/v1/consent", { method: "POST", json: { locale: "en", method: "api", choices: { "analytics-cookies": true } } });
  assert.ok(consent.status >= 400 && consent.status < 500, `the child still cannot consent alone: ${consent.status}`);
});

test("held: a dev clock the engine cannot read is ignored, never a 500", T, async () => {
  // visitor.js clock: only a time of years 0000 to 8999, as rfc3339 writes it back.
  for (const now of ["+010000-01-01T00:00:00Z", "+275760-09-13T00:00:00Z", "-000001-01-01T00:00:00Z", "2026-02-30T00:00:00Z"]) {
    const r = await client({ "x-assent-dev-now": now }).req("/");
    assert.equal(r.status, 200, `${now}: ${r.status}`);
  }
  // A time whose credential would expire past year 9999: ignored too, so a choice is recorded
  // and answered, never logged and then failed.
  const late = client({ "x-assent-dev-now": "9999-01-01T00:00:00Z" });
  const r = await late.req("/v1/consent", { method: "POST", json: { locale: "en", method: "api", choices: { location: false } } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.ok(payloadOf(r.body.receipt).issuedAt.startsWith(String(new Date().getUTCFullYear())));
});

test("7. a credential issued before credentials carried locks gets its lock on the next page", T, async () => {
  // A child's device as it stood before: a device credential without ageLock, and the lock cookie.
  const signer = new assent.Signer(state.privateKeySet, policy);
  const subject = `s-${crypto.randomUUID()}`;
  const now = Date.now();
  const credential = signer.signCredential({ kind: "device", subject, issuedAt: rfc3339(now - 60_000), expiresAt: rfc3339(now + 300 * 24 * 3600_000) });
  const lock = signer.signAgeLock({
    lock: { band: "below_guardian_age", jurisdiction: "CN", lockedAt: rfc3339(now - 60_000), conflicts: 0 },
    subject,
    expiresAt: rfc3339(now + 300 * 24 * 3600_000),
  });
  const kid = client({ "x-assent-jurisdiction": "CN" });
  kid.jar.set("assent_consent", consentCookie({ v: 2, d: credential, r: [] }).slice("assent_consent=".length));
  kid.jar.set("assent_age", lock);
  assert.equal((await kid.req("/")).status, 200);
  const upgraded = payloadOf(fromB64(kid.jar.get("assent_consent")).d);
  assert.equal(upgraded.subject, subject);
  assert.equal(upgraded.ageLock?.lock.band, "below_guardian_age", "the page issued the credential again, with the lock");
  // Dropping the lock's cookie now loosens nothing.
  kid.jar.delete("assent_age");
  assert.equal((await kid.req("/v1/state")).body.ageBand, "below_guardian_age");
});

// ---------------------------------------------------------------------------------------------
// 8. Guardian confirmation by GET.

/** A child with a request for low-risk purposes (email_plus offered) and the guardian's link path. */
async function lowRiskRequest(contact) {
  const kid = await child();
  const made = await kid.req("/v1/guardian/requests", { method: "POST", json: { contact, purposes: ["search", "analytics-cookies"] } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const sent = (await client().req("/dev/outbox")).body.messages.find((m) => m.recipient === contact);
  return { kid, contact, link: new URL(sent.link).pathname };
}

const requestState = async (link) => (await client().req(link)).body.match(/class="assent-request" data-state="([a-z]+)"/)?.[1];

test("8. following the email confirmation link (GET) confirms nothing; the page's POST does", T, async () => {
  const { kid, contact, link } = await lowRiskRequest("confirm-get@example.test");
  const asked = await client().req(`${link}/verify`, { method: "POST", form: { method: "email_plus", relationship: "parent", email: contact } });
  assert.equal(asked.status, 303);
  const messages = (await client().req("/dev/outbox")).body.messages;
  const confirmLink = new URL(messages.find((m) => m.link.includes(`${link}/confirm/`)).link);
  const confirmPath = confirmLink.pathname + confirmLink.search;

  // A mail scanner fetching the link, twice, and a HEAD: guardian.js routes GET to confirmPage,
  // which renders a form and changes nothing.
  for (let i = 0; i < 2; i++) {
    const page = await client().req(confirmPath);
    assert.equal(page.status, 200);
    assert.match(page.body, new RegExp(`<form method="post" action="${confirmLink.pathname}\\?lang=[^"]+" class="assent-confirm">`));
  }
  const head = await client().req(confirmPath, { method: "HEAD" });
  assert.deepEqual([head.status, head.body], [200, ""], "HEAD is GET without the body");
  assert.equal(await requestState(link), "pending");
  assert.equal((await kid.req("/v1/state")).body.guardianRequest.state, "pending");

  // The guardian presses the page's button: the POST confirms.
  const pressed = await client().req(confirmLink.pathname + confirmLink.search, { method: "POST", form: {} });
  assert.equal(pressed.status, 303);
  assert.equal(pressed.headers.get("location"), `${link}?lang=${confirmLink.searchParams.get("lang")}`);
  assert.equal(await requestState(link), "verified");
  assert.equal((await kid.req("/v1/state")).body.guardianRequest.state, "verified");
});

test("8. a confirmation POST with a wrong nonce is a 404 and counts as a failed verification (not a 500)", T, async () => {
  const { contact, link } = await lowRiskRequest("confirm-wrong@example.test");
  assert.equal((await client().req(`${link}/verify`, { method: "POST", form: { method: "email_plus", relationship: "parent", email: contact } })).status, 303);
  const wrong = await client().req(`${link}/confirm/${"B".repeat(43)}`, { method: "POST", form: {} });
  // guardian.js confirm: a nonce that is not the stored one is guardian.unknown_confirmation.
  assertError(wrong, 404, "guardian.unknown_confirmation");
  assert.equal(await requestState(link), "pending");
});

// ---------------------------------------------------------------------------------------------
// Held: receipt signature tricks, CSRF, content types, path traversal.

test("held: a tampered receipt as `previous` is refused and extends no chain", T, async () => {
  const b = await adult();
  const made = await b.req("/v1/consent", { method: "POST", json: CONSENT });
  assert.equal(made.status, 201);
  const B = payloadOf(made.body.receipt).subject;
  const real = made.body.receipt;
  const [h, p, s] = real.split(".");
  const header = headerOf(real);
  const payload = payloadOf(real);
  const flip = (text, at) => {
    const bytes = Buffer.from(text, "base64url");
    bytes[at % bytes.length] ^= 0x01;
    return bytes.toString("base64url");
  };
  const x = Buffer.from(state.publicJwks.keys[0].x, "base64url");
  const hmac = (input) => createHmac("sha256", x).update(input).digest();
  const tricks = {
    "alg none, no signature": jws({ ...header, alg: "none" }, payload, () => Buffer.alloc(0)),
    "alg none, the real signature": `${b64({ ...header, alg: "none" })}.${p}.${s}`,
    "HS256 keyed with the public key": jws({ ...header, alg: "HS256" }, payload, hmac),
    "a bit flipped in the signature": `${h}.${p}.${flip(s, 7)}`,
    "a bit flipped in the payload": `${h}.${flip(p, 40)}.${s}`,
    "the payload re-serialised (spaced)": `${h}.${b64(JSON.stringify(payload, null, 1))}.${s}`,
    "the payload re-serialised (keys reordered)": `${h}.${b64(Object.fromEntries(Object.entries(payload).reverse()))}.${s}`,
    "an unknown kid": `${b64({ ...header, kid: "attacker-kid" })}.${p}.${s}`,
    "signed by the attacker under the edge's kid": jws(header, payload),
    "no signature part": `${h}.${p}`,
    "an empty signature": `${h}.${p}.`,
  };
  for (const [label, previous] of Object.entries(tricks)) {
    const r = await b.req("/v1/consent", { method: "POST", json: { ...CONSENT, choices: { search: true }, previous } });
    // worker.js claimedSubject: `policy.verifyReceipt(body.previous, jwks, ...)` before its subject counts.
    assert.equal(r.status, 400, `${label}: ${JSON.stringify(r.body)}`);
    assert.match(r.body.error.code, /^receipt\./, label);
  }
  // The real one is accepted (so the refusals above are the tricks', not the request's).
  const good = await b.req("/v1/consent", { method: "POST", json: { ...CONSENT, choices: { search: true }, previous: real } });
  assert.equal(good.status, 201, JSON.stringify(good.body));
  assert.deepEqual(await idsOf(B), [made.body.receiptId, good.body.receiptId].sort());
});

test("held: forms from another site are 403, JSON sent as text/plain is 415", T, async () => {
  const kid = await child();
  const { link } = await lowRiskRequest("csrf@example.test");
  const forms = [
    ["/age", { birthYear: "1980", birthMonth: "1", return: "/" }],
    ["/guardian/request", { contact: "csrf2@example.test" }],
    ["/guardian", { code: "ABCDEFGH" }],
    [`${link}/verify`, { method: "card_check", relationship: "parent", card: "4242424242424242" }],
  ];
  for (const [route, form] of forms) {
    for (const headers of [
      { origin: "https://evil.example" },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { origin: `${new URL(edge.url).origin}.evil.example` },
    ]) {
      // http.js readForm: the Origin and Sec-Fetch-Site checks.
      const r = await kid.req(route, { method: "POST", form, headers });
      assertError(r, 403, "request.cross_site");
    }
  }
  assert.equal(await requestState(link), "pending", "the cross-site verification changed nothing");
  // From the site itself: accepted.
  const same = await kid.req("/age", { method: "POST", form: forms[0][1], headers: { origin: new URL(edge.url).origin, "sec-fetch-site": "same-origin" } });
  assert.equal(same.status, 303);

  for (const route of ["/v1/consent", "/v1/consent/withdraw", "/v1/guardian/requests", "/v1/device/transfer", "/v1/device/claim"]) {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain; application/json", ""]) {
      // http.js readJson: 415 unless application/json (a simple request another site can send).
      const r = await kid.req(route, { method: "POST", headers: type ? { "content-type": type } : {}, body: JSON.stringify({ purposes: ["search"] }) });
      assertError(r, 415, "request.content_type");
    }
  }
});

test("held: path traversal finds nothing outside the site", T, async () => {
  for (const path of [
    "/..%2f..%2fetc/passwd",
    "/..%2F..%2F..%2Fetc%2Fpasswd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/..%5c..%5cetc%5cpasswd",
    "/..\\..\\etc\\passwd",
    "/.%2e/.%2e/config.capnp",
    "/%2e%2e/",
    "/.env",
    "/.git/config",
    "/js/..%2f..%2fconfig.capnp",
    "/%252e%252e/%252e%252e/etc/passwd",
    // An empty segment: `new URL("//x", origin)` would read `x` as a host.
    "//anything",
    "/\\x.html",
    "//127.0.0.1/index.html",
    "/js//app.js",
  ]) {
    const r = await raw("GET", path);
    const shown = `${path}: ${r.status} ${typeof r.body === "string" ? r.body.slice(0, 120) : JSON.stringify(r.body)}`;
    assert.doesNotMatch(typeof r.body === "string" ? r.body : JSON.stringify(r.body), /root:|SIGNING_KEYS|using Workerd|"d":/, shown);
    if (r.status === 200) {
      // The URL parser resolved the dot segments away: the site's own home page, nothing else.
      assert.match(r.headers.get("content-type"), /^text\/html/, shown);
      assert.equal(r.body, (await raw("GET", "/")).body, shown);
    } else {
      // worker.js page: a dot segment or backslash left in the path is refused; the disk service has nothing else.
      assert.equal(r.status, 404, shown);
      assert.equal(r.body.error.code, "request.not_found", shown);
    }
  }
});

test("an encoded dot is the file it names: /index%2ehtml is gated as /index.html; a path naming another once decoded is 404", T, async () => {
  const plain = await raw("GET", "/about.html");
  for (const path of ["/about%2ehtml", "/about%2Ehtml", "/%61bout.html"]) {
    const r = await raw("GET", path);
    assert.equal(r.status, 200, path);
    assert.match(r.headers.get("content-type"), /^text\/html/, path);
    assert.equal(r.headers.get("cache-control"), plain.headers.get("cache-control"), `${path}: never a shared copy`);
    const optional = r.body.match(/<script[^>]*data-purpose[^>]*>/g) ?? [];
    assert.ok(optional.length > 0, path);
    for (const tag of optional) assert.match(tag, /type="text\/plain"/, `${path}: optional scripts are gated: ${tag}`);
  }
  for (const path of ["/about%3f.html", "/about%23.html", "/about%25.html", "/js%2fapp.js", "/%E0%A4%A.html", "/about.html%0A", "/about.html%09", "/about.html%00"]) {
    const r = await raw("GET", path);
    assert.equal(r.status, 404, path);
  }
});

test("a request target that is no path, and a credential that is no JWS, are 4xx or count as absent, never a 500", T, async () => {
  // edge.js route: `*` (and an authority form) is no URL of the site.
  for (const method of ["GET", "POST", "OPTIONS"]) {
    const r = await raw(method, "*");
    assert.equal(r.status, 400, `${method} *`);
    assert.equal(r.body.error.code, "request.target");
  }
  // visitor.js deviceOf: a lone surrogate (or anything but a compact JWS) in the cookie's `d` is
  // no credential, so the request is a first visit's, on every kind of route.
  const bad = (d) => `assent_consent=${Buffer.from(`{"v":2,"d":${d}}`).toString("base64url")}`;
  for (const cookie of [bad('"\\ud800"'), bad('"a.b.\\udfff"'), bad('"x y.z"'), `${bad('"a.b.c"')}; assent_age=%ED%A0%80`]) {
    for (const [method, path] of [["GET", "/"], ["GET", "/v1/state"], ["GET", "/v1/receipts/mine"], ["POST", "/v1/device/transfer"]]) {
      const r = await raw(method, path, { headers: { cookie, "x-assent-jurisdiction": "DE", ...(method === "POST" ? { "content-type": "application/json" } : {}) }, body: method === "POST" ? "{}" : undefined });
      assert.ok(r.status < 500, `${method} ${path} with ${cookie}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      if (path === "/v1/state") assert.equal(r.body.subject, null);
    }
  }
});

test("the changes page says it varies by language", T, async () => {
  const r = await raw("GET", "/policy/changes?from=1.0.0&to=1.1.0", { headers: { "accept-language": "zh-CN" } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get("vary") ?? "", /Accept-Language/i);
});

// ---------------------------------------------------------------------------------------------
// Device transfer.

test("device transfer: the claimed device speaks for the subject; a second claim is 409; a transfer is no device credential", T, async () => {
  const a = await adult();
  const made = await a.req("/v1/consent", { method: "POST", json: CONSENT });
  assert.equal(made.status, 201);
  const A = payloadOf(made.body.receipt).subject;

  // worker.js transfer: only a device with a subject gets one.
  assertError(await client().req("/v1/device/transfer", { method: "POST", json: {} }), 403, "device.no_subject");
  for (const cookie of Object.values(forgedCookies(A))) {
    assertError(await client({ cookie }).req("/v1/device/transfer", { method: "POST", json: {} }), 403, "device.no_subject");
  }
  const t = await a.req("/v1/device/transfer", { method: "POST", json: {} });
  assert.equal(t.status, 201, JSON.stringify(t.body));
  assert.equal(typeof t.body.token, "string");
  assert.ok(Date.parse(t.body.expiresAt) - Date.now() <= 10 * 60_000 + 2_000);
  assert.equal(headerOf(t.body.token).typ, CREDENTIAL_TYP);

  // A transfer token used as a device credential (the cookie's `d`): worker.js identity verifies
  // kind `device`, so it names nobody.
  const asDevice = client({ cookie: consentCookie({ v: 2, d: t.body.token, r: [made.body.receiptId] }) });
  assert.deepEqual((await asDevice.req("/v1/receipts/mine")).body, { subject: null, receipts: [] });
  assertError(await asDevice.req("/v1/device/transfer", { method: "POST", json: {} }), 403, "device.no_subject");

  // Device B claims it: B's cookie now names A, and B sees A's receipts.
  const b = client({ "x-assent-jurisdiction": "DE" });
  assert.deepEqual((await b.req("/v1/receipts/mine")).body, { subject: null, receipts: [] });
  const claimed = await b.req("/v1/device/claim", { method: "POST", json: { token: t.body.token } });
  assert.equal(claimed.status, 200, JSON.stringify(claimed.body));
  assert.deepEqual(claimed.body, { subject: A });
  assert.deepEqual((await b.req("/v1/receipts/mine")).body, { subject: A, receipts: [made.body.receipt] });
  const onB = await b.req("/v1/consent/withdraw", { method: "POST", json: { purposes: ["marketing"] } });
  assert.equal(onB.status, 201, JSON.stringify(onB.body));
  assert.equal(payloadOf(onB.body.receipt).subject, A);

  // worker.js claim: spendTransfer, once only.
  const c = client();
  assertError(await c.req("/v1/device/claim", { method: "POST", json: { token: t.body.token } }), 409, "device.transfer_spent");
  assert.deepEqual((await c.req("/v1/receipts/mine")).body, { subject: null, receipts: [] });
  // A device credential, a forged transfer and a receipt are not transfer credentials.
  const now = Date.now();
  const forgedTransfer = jws(
    { alg: "EdDSA", typ: CREDENTIAL_TYP, kid: edgeKid },
    { kind: "transfer", subject: A, issuedAt: rfc3339(now - 1000), expiresAt: rfc3339(now + 300_000), nonce: "n-1" },
  );
  for (const [token, code] of [
    [fromB64(a.jar.get("assent_consent")).d, "credential.invalid"],
    [made.body.receipt, "credential.invalid"],
    [forgedTransfer, "credential.invalid"],
    [jws({ alg: "EdDSA", typ: CREDENTIAL_TYP, kid: "attacker" }, payloadOf(forgedTransfer)), "credential.invalid"],
    ["x", "credential.invalid"],
  ]) {
    // worker.js claim: verifyCredential(token, jwks, {kind: "transfer"}) before anything is spent.
    assertError(await client().req("/v1/device/claim", { method: "POST", json: { token } }), 403, code);
  }
  // Two racing claims of one fresh token: exactly one wins.
  const t2 = (await a.req("/v1/device/transfer", { method: "POST", json: {} })).body.token;
  const race = await Promise.all([client(), client()].map((v) => v.req("/v1/device/claim", { method: "POST", json: { token: t2 } })));
  assert.deepEqual(race.map((r) => r.status).sort(), [200, 409]);
  // A keeps its own subject throughout.
  assert.equal((await a.req("/v1/receipts/mine")).body.subject, A);
});

test("an erased subject records nothing again: a transfer issued before the erasure is refused, a second device gets a new subject", T, async () => {
  const a = await adult();
  const made = await a.req("/v1/consent", { method: "POST", json: CONSENT });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const A = payloadOf(made.body.receipt).subject;
  // Device B speaks for A too; a transfer credential for A is left unspent.
  const b = client({ "x-assent-jurisdiction": "DE" });
  const moved = await b.req("/v1/device/claim", { method: "POST", json: { token: (await a.req("/v1/device/transfer", { method: "POST", json: {} })).body.token } });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  const pending = (await a.req("/v1/device/transfer", { method: "POST", json: {} })).body.token;
  // A's cookies as they stand, for a third device that keeps them.
  const a3jar = new Map(a.jar);

  const erased = await a.req("/v1/erasure", { method: "POST", json: {} });
  assert.equal(erased.status, 200, JSON.stringify(erased.body));
  assert.notEqual((await a.req("/v1/state")).body.subject, A, "the erasing device has a new subject");

  // consent-log.js spendTransfer: the credential issued before the erasure moves nothing.
  const c = client({ "x-assent-jurisdiction": "DE" });
  const claimed = await c.req("/v1/device/claim", { method: "POST", json: { token: pending } });
  assertError(claimed, 410, "device.subject_erased");
  assert.match(claimed.body.error.message, /erased at \d{4}-\d\d-\d\dT/);
  assert.equal((await c.req("/v1/state")).body.subject, null);

  // B still holds a credential naming A: it gets no transfer credential for A, its next choice
  // is refused (consent-log.js commitAppends), and B is given a new subject, under which the
  // same choice then records.
  assert.equal((await b.req("/v1/state")).body.subject, A);
  const fromB = await b.req("/v1/device/transfer", { method: "POST", json: {} });
  assertError(fromB, 410, "subject.erased");
  assert.equal(fromB.headers.getSetCookie().length, 2, "B moves on to a new subject");
  // Other devices still holding A's cookies move on too: answering the age question signs no
  // lock for A; a page view gives a new subject; /v1/receipts/mine is 410.
  const withA = () => {
    const v = client({ "x-assent-jurisdiction": "DE" });
    for (const [name, value] of a3jar) v.jar.set(name, value);
    return v;
  };
  const reanswering = withA();
  const reanswered = await reanswering.req("/age", { method: "POST", form: { birthYear: 1980, birthMonth: 1, return: "/" } });
  assert.equal(reanswered.status, 303);
  const movedOn = (await reanswering.req("/v1/state")).body.subject;
  assert.ok(movedOn && movedOn !== A, movedOn);
  const viewing = withA();
  const viewed = await viewing.req("/");
  assert.equal(viewed.status, 200);
  const set = viewed.headers.getSetCookie().map((c) => c.split("=")[0]);
  assert.ok(set.includes("assent_age") && set.includes("assent_consent"), `the age lock and the credential, for a new subject: ${set}`);
  assert.notEqual((await viewing.req("/v1/state")).body.subject, A);
  const asking = withA();
  const mine = await asking.req("/v1/receipts/mine");
  assertError(mine, 410, "subject.erased");
  assert.notEqual((await asking.req("/v1/state")).body.subject, A);
  // A third device that still holds A's credential is refused when it chooses.
  const c3 = client({ "x-assent-jurisdiction": "DE" });
  for (const [name, value] of a3jar) c3.jar.set(name, value);
  const refused = await c3.req("/v1/consent", { method: "POST", json: CONSENT });
  assertError(refused, 410, "subject.erased");
  assert.match(refused.body.error.hint, /new subject/);
  assert.equal(refused.headers.getSetCookie().length, 2, "the age lock and the credential, signed for a new subject");
  assert.notEqual((await c3.req("/v1/state")).body.subject, A);
  const fresh = (await b.req("/v1/state")).body;
  assert.ok(fresh.subject && fresh.subject !== A, JSON.stringify(fresh));
  assert.equal(fresh.ageBand, "adult", "the age lock stays");
  const again = await b.req("/v1/consent", { method: "POST", json: CONSENT });
  assert.equal(again.status, 201, JSON.stringify(again.body));
  assert.equal(payloadOf(again.body.receipt).subject, fresh.subject);
  // The form route refuses the same way, as a page, and also moves its device on.
  const formDevice = client({ "x-assent-jurisdiction": "DE" });
  const t = (await b.req("/v1/device/transfer", { method: "POST", json: {} })).body.token;
  assert.equal((await formDevice.req("/v1/device/claim", { method: "POST", json: { token: t } })).status, 200);
  assert.equal((await b.req("/v1/erasure", { method: "POST", json: {} })).status, 200);
  const form = await formDevice.req("/consent/form", { method: "POST", form: { action: "accept", lang: "en", return: "/" } });
  assertError(form, 410, "subject.erased");
  assert.notEqual((await formDevice.req("/v1/state")).body.subject, fresh.subject);
  // Nothing was logged under A after the erasure.
  assert.deepEqual(await idsOf(A), []);

  // A child's subject on a second device: after the erasure it asks no guardian (guardian.js
  // createRequest), and that device moves on to a new subject with the child's lock.
  const kid = await child();
  const kid2 = client({ "x-assent-jurisdiction": "CN" });
  const kidToken = (await kid.req("/v1/device/transfer", { method: "POST", json: {} })).body.token;
  assert.equal((await kid2.req("/v1/device/claim", { method: "POST", json: { token: kidToken } })).status, 200);
  const K = (await kid2.req("/v1/state")).body.subject;
  assert.equal((await kid.req("/v1/erasure", { method: "POST", json: {} })).status, 200);
  const asked = await kid2.req("/v1/guardian/requests", { method: "POST", json: { contact: "erased-kid@example.test", purposes: ["marketing"] } });
  assertError(asked, 410, "subject.erased");
  const after = (await kid2.req("/v1/state")).body;
  assert.ok(after.subject && after.subject !== K, JSON.stringify(after));
  assert.equal(after.ageBand, "below_guardian_age", "the child's lock stays");
  const { body: outbox } = await client().req("/dev/outbox");
  assert.ok(!outbox.messages.some((m) => m.recipient === "erased-kid@example.test"), "no message went out");
});

test("a claim never loosens the device's age lock: a child's device cannot take on an adult moved to it", T, async () => {
  // The child answered the gate on this device; an adult subject (the child's own on another
  // profile, say) is moved here. edge.js claim: policy.checkClaim before the token is spent.
  const kid = await child();
  const grown = await adult();
  const t = await grown.req("/v1/device/transfer", { method: "POST", json: {} });
  assert.equal(t.status, 201, JSON.stringify(t.body));
  const before = await kid.req("/v1/state");
  assertError(await kid.req("/v1/device/claim", { method: "POST", json: { token: t.body.token } }), 409, "device.lock_stricter");
  const after = await kid.req("/v1/state");
  assert.deepEqual([after.body.subject, after.body.ageBand], [before.body.subject, "below_guardian_age"]);
  assertError(await kid.req("/v1/consent", { method: "POST", json: { locale: "en", method: "banner_layer2", choices: { "analytics-cookies": true } } }), 422, "choice.needs_guardian");
  // The refused claim spent nothing: a device without a lock takes the subject.
  const fresh = client({ "x-assent-jurisdiction": "DE" });
  const claimed = await fresh.req("/v1/device/claim", { method: "POST", json: { token: t.body.token } });
  assert.equal(claimed.status, 200, JSON.stringify(claimed.body));
  assert.equal((await fresh.req("/v1/state")).body.ageBand, "adult");
  // The other way round loosens nothing: an adult's device may take on a child moved to it.
  const t2 = await kid.req("/v1/device/transfer", { method: "POST", json: {} });
  assert.equal(t2.status, 201, JSON.stringify(t2.body));
  const parent = await adult();
  const took = await parent.req("/v1/device/claim", { method: "POST", json: { token: t2.body.token } });
  assert.equal(took.status, 200, JSON.stringify(took.body));
  assert.equal((await parent.req("/v1/state")).body.ageBand, "below_guardian_age");
});

test("erasure erases only the requesting device's own subject: a body, forged cookies and another site's form erase nothing of B", T, async () => {
  const b = await adult();
  const made = await b.req("/v1/consent", { method: "POST", json: CONSENT });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const B = payloadOf(made.body.receipt).subject;
  const mine = `/v1/receipts/${made.body.receiptId}`;

  // A body naming B: the route reads no member at all (log-api.js erasure, checkFields(body, [])).
  const attacker = await adult();
  assert.equal((await attacker.req("/v1/erasure", { method: "POST", json: { subject: B } })).status, 400);
  // Cookies naming B that the edge did not sign: the request speaks for nobody (identity), 403.
  for (const [label, cookie] of Object.entries(forgedCookies(B, [made.body.receiptId]))) {
    const v = client({ "x-assent-jurisdiction": "DE", cookie });
    const r = await v.req("/v1/erasure", { method: "POST", json: {} });
    assert.equal(r.status, 403, `${label}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error.code, "erasure.no_subject", label);
  }
  // Another site's form, riding B's own cookies: not JSON, so nothing is read or erased.
  const cross = await b.req("/v1/erasure", { method: "POST", form: {}, headers: { origin: "https://evil.example" } });
  assert.ok(cross.status >= 400 && cross.status < 500, `${cross.status}`);
  // The attacker's own erasure erases the attacker's subject, which holds nothing of B.
  const own = await attacker.req("/v1/erasure", { method: "POST", json: {} });
  assert.equal(own.status, 200, JSON.stringify(own.body));
  assert.equal(own.body.erased, 0);

  // B's receipt is whole: B still reads it, content and all.
  const kept = await b.req(mine);
  assert.equal(kept.status, 200, JSON.stringify(kept.body));
  assert.equal(kept.body.erasedAt ?? null, null);
  assert.equal(payloadOf(kept.body.jws ?? kept.body.entry ?? kept.body.receipt).subject, B);
});

test("withdrawals of one consent sent at once: one is recorded, the others are told the state moved on", T, async () => {
  const v = await adult();
  const given = await v.req("/v1/consent", { method: "POST", json: { locale: "en", method: "banner_layer2", choices: { "analytics-cookies": true } } });
  assert.equal(given.status, 201, JSON.stringify(given.body));
  const subject = payloadOf(given.body.receipt).subject;
  const sent = await Promise.all(
    Array.from({ length: 12 }, () => v.req("/v1/consent/withdraw", { method: "POST", json: { purposes: ["analytics-cookies"] } })),
  );
  const codes = sent.map((r) => (r.status === 201 ? 201 : `${r.status} ${r.body.error.code}`));
  assert.equal(codes.filter((c) => c === 201).length, 1, codes.join(", "));
  assert.ok(codes.every((c) => c === 201 || c === "409 consent.stale_previous" || c === "422 choice.nothing_to_withdraw"), codes.join(", "));
  // The log holds the consent and one withdrawal of it: never a withdrawal of a consent withdrawn.
  const states = (await auditedReceipts()).filter((r) => r.subject === subject).map((r) => r.purposes.map((p) => p.state).join());
  assert.deepEqual(states, ["ConsentGiven", "ConsentWithdrawn"]);
});
