// The guardian flow's rate limits at the edge, in real workerd: wrong short codes lock a client's
// code entry (even the right code is refused until the window moves on), failed verifications lock
// a request, and a child or a guardian's address gets only so many requests and messages per day.
// Windows are stepped past with the X-Assent-Dev-Now dev clock, never by sleeping. Loopback only;
// every start has a stop.
import assert from "node:assert/strict";
import { test } from "node:test";

import { cookieClient, edgeForFile } from "./edge.mjs";

const rfc3339 = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;
const thisYear = new Date().getUTCFullYear();

const { state, edge } = await edgeForFile("guardian-limits");

/** A client with its own cookie jar and headers, talking to the edge without following redirects. */
const client = (headers = {}) => cookieClient(edge.url, headers);

/** A 10-year-old in CN who answered the age gate: below the guardian age, in the guardian flow. */
async function child() {
  const c = client({ "x-assent-jurisdiction": "CN" });
  const r = await c.req("/age", { method: "POST", form: { birthYear: thisYear - 10, birthMonth: 6, return: "/" } });
  assert.equal(r.status, 303);
  return c;
}

const ask = (c, contact, headers = {}) =>
  c.req("/v1/guardian/requests", { method: "POST", json: { contact, purposes: ["marketing"] }, headers });

/** The newest outbox message to `recipient`: its link's path and its short code. */
async function sentTo(recipient) {
  const { body } = await client().req("/dev/outbox");
  const m = body.messages.find((x) => x.recipient === recipient);
  assert.ok(m, `a message to ${recipient}`);
  return { link: new URL(m.link).pathname, code: m.body.match(/\b([2-9A-Z]{8})\b/)[1] };
}

/** A 429 with Retry-After in (0, max] seconds and the error code, as JSON or as the HTML page's data-code. */
function tooMany(r, code, max) {
  assert.equal(r.status, 429, typeof r.body === "string" ? r.body : JSON.stringify(r.body));
  const after = Number(r.headers.get("retry-after"));
  assert.ok(Number.isInteger(after) && after > 0 && after <= max, `retry-after ${r.headers.get("retry-after")}`);
  if (typeof r.body === "string") {
    assert.match(r.body, new RegExp(`data-code="${code.replace(".", "\\.")}"`));
    assert.match(r.body, /class="assent-hint"/);
  } else {
    assert.equal(r.body.error.code, code);
    assert.ok(r.body.error.message && r.body.error.hint, JSON.stringify(r.body));
  }
  return after;
}

test("wrong short codes lock the client's code entry: then even the right code is refused, until the window passes", async () => {
  const kid = await child();
  assert.equal((await ask(kid, "codes@example.test")).status, 201);
  const { link, code } = await sentTo("codes@example.test");
  const guesser = client({ "cf-connecting-ip": "198.51.100.7" });
  const wrong = code === "ZZZZZZZZ" ? "YYYYYYYY" : "ZZZZZZZZ";
  for (let i = 0; i < 5; i++) {
    const r = await guesser.req("/guardian", { method: "POST", form: { code: wrong } });
    assert.equal(r.status, 404, `wrong code ${i + 1}`);
    assert.match(r.body, /data-code="guardian\.unknown_request"/);
  }
  // Locked: the right code, typed or in the path, is refused as well.
  const right = await guesser.req("/guardian", { method: "POST", form: { code } });
  const after = tooMany(right, "guardian.too_many_codes", 15 * 60);
  tooMany(await guesser.req(`/guardian/${code}`), "guardian.too_many_codes", 15 * 60);
  // The link in the message still works, and another client's code entry is not locked.
  assert.equal((await guesser.req(link)).status, 200);
  const other = await client({ "cf-connecting-ip": "198.51.100.8" }).req("/guardian", { method: "POST", form: { code } });
  assert.equal(other.status, 303);
  // Once the window has moved past the wrong codes, the right code opens the request again.
  const later = { "x-assent-dev-now": rfc3339(Date.now() + after * 1000 + MINUTE) };
  const again = await guesser.req("/guardian", { method: "POST", form: { code }, headers: later });
  assert.equal(again.status, 303, again.body);
  assert.ok(again.headers.get("location").startsWith(`/guardian/${code}?lang=`), again.headers.get("location"));
});

test("the addresses of one IPv6 /64 count as one client for wrong short codes; another /64 does not", async () => {
  const kid = await child();
  assert.equal((await ask(kid, "sixty-four@example.test")).status, 201);
  const { code } = await sentTo("sixty-four@example.test");
  const wrong = code === "ZZZZZZZZ" ? "YYYYYYYY" : "ZZZZZZZZ";
  // Five wrong codes, each from another address of the same subscriber's block.
  for (let i = 1; i <= 5; i++) {
    const r = await client({ "cf-connecting-ip": `2001:db8:7:7::${i}` }).req("/guardian", { method: "POST", form: { code: wrong } });
    assert.equal(r.status, 404, `wrong code ${i}`);
  }
  tooMany(await client({ "cf-connecting-ip": "2001:db8:7:7:ffff::9" }).req("/guardian", { method: "POST", form: { code } }), "guardian.too_many_codes", 15 * 60);
  const neighbour = await client({ "cf-connecting-ip": "2001:db8:7:8::1" }).req("/guardian", { method: "POST", form: { code } });
  assert.equal(neighbour.status, 303);
});

test("failed verifications lock the request (423): then even the right test card is refused", async () => {
  const kid = await child();
  assert.equal((await ask(kid, "cards@example.test")).status, 201);
  const { link } = await sentTo("cards@example.test");
  const guardian = client();
  const card = (number) =>
    guardian.req(`${link}/verify`, { method: "POST", form: { method: "card_check", relationship: "parent", card: number } });
  for (let i = 0; i < 4; i++) {
    const r = await card("4000000000000002");
    assert.equal(r.status, 422, `attempt ${i + 1}`);
    assert.match(r.body, /data-code="guardian\.verification_failed"/);
  }
  const fifth = await card("4000000000000002");
  assert.equal(fifth.status, 423);
  assert.match(fifth.body, /data-code="guardian\.locked"/);
  const right = await card("4242 4242 4242 4242");
  assert.equal(right.status, 423);
  assert.equal((await guardian.req(link)).status, 423);
  // The child is still waiting and may ask again.
  assert.equal((await kid.req("/v1/state")).body.page.guardianFlow, "pending_guardian");
  assert.equal((await ask(kid, "cards2@example.test")).status, 201);
});

test("one child sends at most 3 requests a day: the 4th gets 429 with Retry-After, and after the window it is allowed again", async () => {
  const kid = await child();
  for (const n of [1, 2, 3]) assert.equal((await ask(kid, `parent${n}@example.test`)).status, 201, `request ${n}`);
  const fourth = await ask(kid, "parent4@example.test");
  const after = tooMany(fourth, "guardian.too_many_requests", 24 * 3600);
  assert.ok(after > 23 * 3600, `${after}`);
  // Nothing was stored or sent for the refused one.
  const { body } = await client().req("/dev/outbox");
  assert.ok(!body.messages.some((m) => m.recipient === "parent4@example.test"));
  // The same through the form the child's page shows.
  tooMany(await kid.req("/guardian/request", { method: "POST", form: { contact: "parent4@example.test" } }), "guardian.too_many_requests", 24 * 3600);
  // Just before the window ends: still refused; just after: allowed.
  const at = (ms) => ({ "x-assent-dev-now": rfc3339(ms) });
  tooMany(await ask(kid, "parent4@example.test", at(Date.now() + DAY - 10 * MINUTE)), "guardian.too_many_requests", 24 * 3600);
  const next = await ask(kid, "parent4@example.test", at(Date.now() + DAY + MINUTE));
  assert.equal(next.status, 201, JSON.stringify(next.body));
});

test("one guardian address gets at most 4 messages a day, from any child", async () => {
  const [a, b, c] = [await child(), await child(), await child()];
  const shared = "shared-guardian@example.test";
  for (let n = 0; n < 3; n++) assert.equal((await ask(a, shared)).status, 201);
  assert.equal((await ask(b, shared)).status, 201, "the 4th message");
  tooMany(await ask(c, shared), "guardian.too_many_messages", 24 * 3600);
  // The same mailbox under another case or a `+tag` is the same address for the limit.
  tooMany(await ask(c, "Shared-Guardian+again@Example.test"), "guardian.too_many_messages", 24 * 3600);
  // Another address is fine for the same child.
  assert.equal((await ask(c, "someone-else@example.test")).status, 201);
  const next = await ask(c, shared, { "x-assent-dev-now": rfc3339(Date.now() + DAY + MINUTE) });
  assert.equal(next.status, 201, JSON.stringify(next.body));
});
