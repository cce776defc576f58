// The edge API end to end in real workerd: consent, withdrawal, receipts, the log and its proofs,
// checked with jose (a JOSE library that is not ours), the CLI and the package; and every error
// answer, with its status and JSON body.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { describe, test } from "node:test";

import { compactVerify, decodeProtectedHeader, importJWK } from "jose";

import { adultHeaders, ageLockCookie, assent, auditor, cli, edgeForFile, get, post } from "./edge.mjs";

const T = { timeout: 60_000 };
const { state, edge } = await edgeForFile("api");
const adult = adultHeaders(state);

const consent = (choices, extra = {}, options = {}) =>
  post(edge.url, "/v1/consent", { locale: "en", method: "banner_layer2", choices, ...extra }, { headers: adult, ...options });

/** Verifies a compact JWS with jose against the edge's published JWKS; returns the payload. */
async function joseVerify(jws) {
  const { body: jwks } = await get(edge.url, "/.well-known/jwks.json");
  const { kid, alg } = decodeProtectedHeader(jws);
  assert.equal(alg, "EdDSA");
  const jwk = jwks.keys.find((k) => k.kid === kid);
  assert.ok(jwk, `kid ${kid} is published`);
  const { payload } = await compactVerify(jws, await importJWK({ ...jwk, alg: "EdDSA" }, "EdDSA"), { algorithms: ["EdDSA"] });
  return JSON.parse(new TextDecoder().decode(payload));
}

function assertError(res, status, code) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(res.headers.get("content-type"), /^application\/json/);
  assert.equal(res.body.error?.code, code, JSON.stringify(res.body));
  assert.equal(typeof res.body.error.message, "string");
}

describe("keys and policy", () => {
  test("/.well-known/jwks.json publishes the public half of the edge's key, and nothing private", T, async () => {
    const { status, body } = await get(edge.url, "/.well-known/jwks.json");
    assert.equal(status, 200);
    assert.deepEqual(
      body.keys.map((k) => k.kid),
      state.publicJwks.keys.map((k) => k.kid),
    );
    assert.ok(body.keys.every((k) => k.kty === "OKP" && k.crv === "Ed25519" && !("d" in k)));
  });

  test("/v1/policy gives the current policy and the versions the edge knows", T, async () => {
    const { status, body } = await get(edge.url, "/v1/policy");
    assert.equal(status, 200);
    assert.equal(body.policy.id, "assent-seed");
    assert.equal(body.version, "1.0.0");
    assert.deepEqual(body.history, []);
    assert.deepEqual(body.versions, [
      { id: "assent-seed", version: "1.0.0", current: true },
      { id: "assent-seed", version: "1.1.0", current: false },
      { id: "assent-seed", version: "1.1.1", current: false },
      { id: "assent-seed", version: "2.0.0", current: false },
    ]);
  });
});

describe("consent", () => {
  test("a consent is signed, logged, set in an HttpOnly cookie, and verifies with jose and the CLI", T, async () => {
    const res = await consent({ "analytics-cookies": true, advertising: false });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const { receipt, receiptId, logIndex, checkpoint } = res.body;
    assert.equal(res.headers.get("location"), `/v1/receipts/${receiptId}`);
    assert.equal(typeof logIndex, "number");

    const payload = await joseVerify(receipt);
    assert.equal(payload.receiptId, receiptId);
    assert.match(payload.subject, /^s-[0-9a-f-]{36}$/);
    assert.equal(payload.jurisdiction, "DE");
    assert.equal(payload.ageBand, "adult");
    assert.equal(payload.collectionMethod, "banner_layer2");
    assert.equal(payload.prev, null);
    assert.deepEqual(payload.purposes, [
      { purpose: "analytics-cookies", state: "ConsentGiven", separate: true },
      { purpose: "advertising", state: "ConsentRefused", separate: true },
    ]);

    const head = assent.verifyCheckpoint(checkpoint, state.publicJwks);
    assert.ok(head.size > logIndex);
    assert.match(head.root, /^[0-9a-f]{64}$/);

    const set = res.headers.getSetCookie().find((c) => c.startsWith("assent_consent="));
    assert.match(set, /; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly$/, "no Secure over plain http");

    const file = path.join(state.dir, "receipt.jws");
    await writeFile(file, receipt);
    const verified = await cli(["receipt", "verify", "--jwks", path.join(state.dir, "jwks.json"), file]);
    assert.equal(verified.code, 0, verified.stderr);
    assert.equal(JSON.parse(verified.stdout).receiptId, receiptId);
  });

  test("the subject's next receipt links to the previous one, and a stale `previous` is refused", T, async () => {
    const first = await consent({ "analytics-cookies": true });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const second = await consent({ marketing: true }, {}, { cookie: first.cookie });
    assert.equal(second.status, 201, JSON.stringify(second.body));
    const [p1, p2] = [await joseVerify(first.body.receipt), await joseVerify(second.body.receipt)];
    assert.equal(p2.subject, p1.subject);
    assert.equal(p2.prev, assent.chainLink(first.body.receipt));
    assert.ok(second.body.logIndex > first.body.logIndex);

    // Acting on `first` after `second` was recorded: the caller's view is stale.
    const stale = await consent({ marketing: false }, { previous: first.body.receipt });
    assertError(stale, 409, "consent.stale_previous");
    // Acting on the latest one: accepted, chained, same subject though no cookie was sent.
    const third = await consent({ marketing: false }, { previous: second.body.receipt });
    assert.equal(third.status, 201, JSON.stringify(third.body));
    const p3 = await joseVerify(third.body.receipt);
    assert.equal(p3.subject, p1.subject);
    assert.equal(p3.prev, assent.chainLink(second.body.receipt));
  });

  test("a body may name only the subject of the device's own credential", T, async () => {
    const app = adultHeaders(state, "DE", "app-user-7f3a9c21");
    const ok = await consent({ search: true }, { subject: "app-user-7f3a9c21", method: "api" }, { headers: app });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal((await joseVerify(ok.body.receipt)).subject, "app-user-7f3a9c21");
    // Another subject, or an email address: refused before anything is signed.
    for (const subject of ["app-user-somebody-else", "someone@example.com"]) {
      assertError(await consent({ search: true }, { subject, method: "api" }, { headers: app }), 403, "request.subject_not_yours");
    }
  });

  test("withdrawal is a ConsentWithdrawn receipt chained to the subject's consent", T, async () => {
    const given = await consent({ "analytics-cookies": true, marketing: true });
    const res = await post(edge.url, "/v1/consent/withdraw", { purposes: ["marketing"] }, { headers: adult, cookie: given.cookie });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const payload = await joseVerify(res.body.receipt);
    assert.deepEqual(payload.purposes, [{ purpose: "marketing", state: "ConsentWithdrawn", separate: true }]);
    assert.equal(payload.collectionMethod, "api");
    assert.equal(payload.prev, assent.chainLink(given.body.receipt));
    assert.equal(payload.notice.locale, "zh-CN", "no locale given and no Accept-Language: the policy's default");
  });

  test("a withdrawal of what was never consented to is refused, and nothing is logged", T, async () => {
    // A first visit's withdrawal: nothing is in force to withdraw.
    const first = await post(edge.url, "/v1/consent/withdraw", { purposes: ["marketing"] }, { headers: adult });
    assertError(first, 422, "choice.nothing_to_withdraw");
    assert.equal(first.cookie, null, "no credential is issued for what was not recorded");
    // A refusal is not a consent in force either; what was given can be withdrawn.
    const answered = await consent({ "analytics-cookies": true, marketing: false });
    const mine = async () => (await get(edge.url, "/v1/receipts/mine", { headers: adult, cookie: answered.cookie })).body;
    const logged = await mine();
    assert.equal(logged.receipts.at(-1), answered.body.receipt);
    const refused = await post(edge.url, "/v1/consent/withdraw", { purposes: ["marketing"] }, { headers: adult, cookie: answered.cookie });
    assertError(refused, 422, "choice.nothing_to_withdraw");
    assert.match(refused.body.error.message, /`marketing` has no consent in force/);
    assert.deepEqual(await mine(), logged, "nothing was logged");
    const taken = await post(edge.url, "/v1/consent/withdraw", { purposes: ["analytics-cookies"] }, { headers: adult, cookie: answered.cookie });
    assert.equal(taken.status, 201, JSON.stringify(taken.body));
  });
});

describe("receipts and the log", () => {
  test("a receipt is served by id to its own subject and the auditor, and to no one else", T, async () => {
    const made = await consent({ "analytics-cookies": true });
    const route = `/v1/receipts/${made.body.receiptId}`;
    const subject = (await joseVerify(made.body.receipt)).subject;
    const expected = { index: made.body.logIndex, shard: 0, receiptId: made.body.receiptId, subject, jws: made.body.receipt };
    const own = await get(edge.url, route, { headers: adult, cookie: made.cookie });
    assert.equal(own.status, 200);
    assert.deepEqual(own.body, expected);
    assert.deepEqual((await get(edge.url, route, { headers: auditor(state) })).body, expected);
    // Anyone else gets what an unknown id gets.
    assertError(await get(edge.url, route), 404, "log.unknown_receipt");
    assertError(await get(edge.url, route, { headers: adultHeaders(state) }), 404, "log.unknown_receipt");
    assertError(await get(edge.url, "/v1/receipts/00000000-0000-4000-8000-000000000000", { headers: auditor(state) }), 404, "log.unknown_receipt");
  });

  test("the head is signed over each shard's checkpoint {origin, size, root, time}", T, async () => {
    const { status, body } = await get(edge.url, "/v1/log/head");
    assert.equal(status, 200);
    const head = assent.verifyLogHead(body.head, state.publicJwks);
    assert.deepEqual(Object.keys(head).sort(), ["origin", "root", "shards", "size", "time"]);
    assert.equal(head.origin, "127.0.0.1:8787/consent-log");
    assert.equal(head.shards, 1);
    assert.equal(head.root, assent.logHeadRoot(body.checkpoints));
    assert.match(head.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(await joseVerify(body.head), head);
    const shard = assent.verifyCheckpoint(body.checkpoints[0], state.publicJwks);
    assert.deepEqual(Object.keys(shard).sort(), ["origin", "root", "size", "time"]);
    assert.equal(shard.origin, "127.0.0.1:8787/consent-log/shard/0");
    assert.equal(shard.size, head.size);
    assert.deepEqual(await joseVerify(body.checkpoints[0]), shard);
  });

  test("an inclusion proof leads from the receipt to its shard's signed root", T, async () => {
    const made = await consent({ "analytics-cookies": true });
    const link = assent.chainLink(made.body.receipt);
    const proofUrl = `/v1/log/proof/${made.body.receiptId}?shard=${made.body.shard}`;
    const { status, body } = await get(edge.url, `${proofUrl}&link=${link}`);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.jws, made.body.receipt);
    assert.equal(body.index, made.body.logIndex);
    const head = assent.verifyCheckpoint(body.checkpoint, state.publicJwks);
    assert.equal(body.size, head.size);
    const leaf = assent.logCommittedLeaf(assent.logCommitment(body.jws, body.salt));
    assent.verifyInclusion({ leaf, index: body.index, size: body.size, proof: body.proof, root: head.root });
    // A proof for another leaf does not pass, nor the receipt without its salt.
    for (const other of ["x", body.jws]) {
      assert.throws(
        () => assent.verifyInclusion({ leaf: other, index: body.index, size: body.size, proof: body.proof, root: head.root }),
        (e) => e.code === "log.proof_mismatch",
      );
    }
    assertError(await get(edge.url, "/v1/log/proof/not-a-receipt"), 404, "log.unknown_receipt");
    // Only who holds the receipt: its subject's device and the auditor get the same proof; without
    // the link, with another receipt's link or on another shard, the 404 of an unknown id.
    for (const options of [{ cookie: made.cookie }, { headers: auditor(state) }]) {
      const again = await get(edge.url, proofUrl, options);
      assert.equal(again.status, 200, JSON.stringify(again.body));
      assert.equal(again.body.jws, made.body.receipt);
    }
    const other = await consent({ marketing: true });
    for (const url of [proofUrl, `${proofUrl}&link=${assent.chainLink(other.body.receipt)}`, `/v1/log/proof/${made.body.receiptId}?shard=1&link=${link}`]) {
      const refused = await get(edge.url, url);
      assertError(refused, 404, "log.unknown_receipt");
      assert.equal(JSON.stringify(refused.body).includes(made.body.receipt), false);
    }
    assertError(await get(edge.url, `${proofUrl}&link=${link.toUpperCase()}`), 400, "request.invalid");
  });

  test("entries come in bounded pages, in order, with the head; `from` inclusive, `to` exclusive", T, async () => {
    await consent({ "analytics-cookies": true });
    assertError(await get(edge.url, "/v1/log/entries"), 401, "log.auditor_only");
    const all = await get(edge.url, "/v1/log/entries", { headers: auditor(state) });
    assert.equal(all.status, 200);
    const head = assent.verifyCheckpoint(all.body.checkpoint, state.publicJwks);
    assert.equal(all.body.entries.length, head.size);
    all.body.entries.forEach((e, i) => {
      assert.equal(e.index, i);
      assert.equal(typeof e.receiptId, "string");
    });
    const page = await get(edge.url, "/v1/log/entries?from=1&to=3", { headers: auditor(state) });
    assert.deepEqual(
      page.body.entries.map((e) => e.index),
      [1, 2],
    );
    assert.deepEqual((await get(edge.url, `/v1/log/entries?from=${head.size + 5}`, { headers: auditor(state) })).body.entries, []);
    assertError(await get(edge.url, "/v1/log/entries?from=3&to=1", { headers: auditor(state) }), 400, "request.invalid");
    assertError(await get(edge.url, "/v1/log/entries?from=-1", { headers: auditor(state) }), 400, "request.invalid");
  });
});

describe("errors are JSON with the right status", () => {
  test("malformed JSON is 400", T, async () => {
    assertError(await post(edge.url, "/v1/consent", '{"locale": "en", "choices": {', { headers: adult }), 400, "request.malformed_json");
  });

  test("a body that is not a choice is 400, naming the field", T, async () => {
    assertError(await consent({ "analytics-cookies": "yes" }), 400, "request.invalid");
    assertError(await consent({}), 400, "request.invalid");
    assertError(await consent({ search: true }, { extra: 1 }), 400, "request.invalid");
    assertError(await consent({ search: true }, { method: "carrier_pigeon" }), 400, "schema.unknown_variant");
    assertError(await post(edge.url, "/v1/consent", [1, 2], { headers: adult }), 400, "request.invalid");
  });

  test("a purpose the policy does not offer this visitor is 422 with the engine's code", T, async () => {
    assertError(await consent({ "analytics-cookie": true }), 422, "choice.unknown_purpose");
    assertError(await consent({ essential: false }), 422, "choice.essential");
    // California with Global Privacy Control: advertising is opted out and cannot be consented to.
    const gpc = { ...adultHeaders(state, "US-CA"), "sec-gpc": "1" };
    assertError(await consent({ advertising: true }, {}, { headers: gpc }), 422, "choice.not_offered");
    // No age known yet: the age gate comes first.
    assertError(
      await post(edge.url, "/v1/consent", { locale: "en", method: "api", choices: { search: true } }, { headers: { "x-assent-jurisdiction": "DE" } }),
      422,
      "choice.not_offered",
    );
    // A child's own consent: a guardian must give it.
    const child = { "x-assent-jurisdiction": "CN", cookie: ageLockCookie(state.privateKeySet, "below_guardian_age", { jurisdiction: "CN" }) };
    assertError(await consent({ search: true }, {}, { headers: child }), 422, "choice.needs_guardian");
  });

  test("a forged, expired or another subject's age lock is ignored: the visitor's age stays unknown", T, async () => {
    const other = assent.generateKeySet().privateKeySet;
    const forged = { "x-assent-jurisdiction": "DE", cookie: ageLockCookie(other, "adult") };
    assertError(await consent({ search: true }, {}, { headers: forged }), 422, "choice.not_offered");
    const expiresAt = "2020-01-01T00:00:00Z";
    const expired = { "x-assent-jurisdiction": "DE", cookie: ageLockCookie(state.privateKeySet, "adult", { expiresAt }) };
    assertError(await consent({ search: true }, {}, { headers: expired }), 422, "choice.not_offered");
    // A lock for A with a consent cookie of B: not B's lock. B's credential carries B's own lock
    // (adult, from the lock it showed when it first chose), and A's child lock takes nothing from it.
    const b = await consent({ search: true });
    assert.equal(b.status, 201, JSON.stringify(b.body));
    const foreign = { "x-assent-jurisdiction": "DE", cookie: ageLockCookie(state.privateKeySet, "below_guardian_age") };
    const again = await consent({ marketing: true }, {}, { headers: foreign, cookie: b.cookie });
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.equal(JSON.parse(Buffer.from(again.body.receipt.split(".")[1], "base64url")).ageBand, "adult");
  });

  test("a body over the limit is 413, by Content-Length and by counting a chunked body", T, async () => {
    const big = JSON.stringify({ locale: "en", method: "api", choices: { search: true }, pad: "x".repeat(20_000) });
    assertError(await post(edge.url, "/v1/consent", big, { headers: adult }), 413, "request.too_large");
    // No Content-Length: a chunked body is counted as it is read. node:http, because the edge
    // answers before the body ends, and the client must still read that answer.
    const url = new URL("/v1/consent", edge.url);
    const response = await new Promise((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { "content-type": "application/json", ...adult } },
        resolve,
      );
      req.setTimeout(20_000, () => req.destroy(new Error("no answer in 20 s")));
      req.on("error", reject);
      // 20 KiB, then no end: the edge must answer once the count passes the limit, without waiting
      // for the rest (and the client, no longer writing, cannot be reset mid-write).
      for (let i = 0; i < 5; i++) req.write("x".repeat(4096));
    });
    assert.equal(response.req.getHeader("content-length"), undefined, "sent chunked: nothing declared a length");
    let text = "";
    for await (const part of response) text += part;
    response.req.destroy();
    assert.equal(response.statusCode, 413);
    assert.equal(JSON.parse(text).error.code, "request.too_large");
  });

  test("a body that is not JSON is 415", T, async () => {
    const res = await post(edge.url, "/v1/consent", "locale=en", { headers: { ...adult, "content-type": "application/x-www-form-urlencoded" } });
    assertError(res, 415, "request.content_type");
  });

  test("a wrong method is 405 with Allow", T, async () => {
    const res = await get(edge.url, "/v1/consent");
    assertError(res, 405, "request.method");
    assert.equal(res.headers.get("allow"), "POST");
    const put = await fetch(new URL("/v1/log/head", edge.url), { method: "PUT", signal: AbortSignal.timeout(10_000) });
    assert.equal(put.status, 405);
    assert.equal(put.headers.get("allow"), "GET, HEAD");
    const page = await fetch(new URL("/", edge.url), { method: "DELETE", signal: AbortSignal.timeout(10_000) });
    assert.equal(page.status, 405);
    assert.equal(page.headers.get("allow"), "GET, HEAD");
  });

  test("HEAD answers every GET route's status and headers without a body", T, async () => {
    for (const route of ["/v1/policy/compiled/core.json", "/.well-known/jwks.json", "/v1/log/head", "/v1/policy/versions"]) {
      const got = await fetch(new URL(route, edge.url), { signal: AbortSignal.timeout(10_000) });
      const head = await fetch(new URL(route, edge.url), { method: "HEAD", signal: AbortSignal.timeout(10_000) });
      assert.equal(head.status, got.status, route);
      assert.equal(head.headers.get("content-type"), got.headers.get("content-type"), route);
      if (got.headers.has("etag")) assert.equal(head.headers.get("etag"), got.headers.get("etag"), route);
      assert.equal(await head.text(), "", route);
      await got.arrayBuffer();
    }
    const missing = await fetch(new URL("/v1/policy/compiled/nothing.json", edge.url), { method: "HEAD", signal: AbortSignal.timeout(10_000) });
    assert.equal(missing.status, 404);
  });

  test("an unknown route is 404", T, async () => {
    assertError(await get(edge.url, "/v1/consents"), 404, "request.not_found");
    assertError(await get(edge.url, "/no-such-page.html"), 404, "request.not_found");
    assertError(await get(edge.url, "/.assent-local/keys.private.json"), 404, "request.not_found");
  });
});
