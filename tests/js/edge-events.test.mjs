// The consent events of the edge's callers (`createEdge({ policies, on })`), in real workerd: a
// worker like a site's own listens to `change`, `accept:` and `reject:` events; the JSON API, the
// banner's forms without scripts and a guardian's decision each call them once the receipt is in
// the log, with the engine's answer of what changed; a listener that throws or rejects is logged
// and loses nothing. Loopback only; every start has a stop.
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";

import { ageLockCookie, auditor, cookieClient, edgeState, get, policy, post, writeEdgeConfig } from "./edge.mjs";
import { startWorkerd } from "./helpers.mjs";

const T = { timeout: 60_000 };
const thisYear = new Date().getUTCFullYear();

/**
 * The site's worker: the edge with listeners that keep what they hear (read back at
 * /test/heard, which empties it), one that throws, one that rejects, and one for a name the
 * policy does not have.
 */
const WORKER = `import { createEdge } from "./edge.js";
import seed from "../policies/seed.json";

const heard = [];
const keep = (e) => {
  heard.push(e);
};
const edge = createEdge({
  policies: [seed],
  contentSecurityPolicy: { "connect-src": ["https://collect.example"], "img-src": ["https://pixel.example"] },
  on: {
    change: keep,
    "accept:analytics-cookies": [keep],
    "reject:analytics-cookies": keep,
    "reject:advertising": [keep, () => {
      throw new Error("a listener that throws");
    }],
    "accept:advertising": async () => {
      throw new Error("a listener that rejects");
    },
    "accept:location": keep,
    "reject:location": keep,
    "accept:analytic": keep,
  },
});

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === "/test/heard") return Response.json(heard.splice(0));
    return edge.fetch(request, env);
  },
};
export { ConsentLog, GuardianRequests, LogHead } from "./edge.js";
`;

let state;
let edge;

before(async () => {
  state = await edgeState("events");
  const config = await writeEdgeConfig(state.dir);
  await writeFile(path.join(state.dir, "events-worker.js"), WORKER);
  // The same edge and bindings as the demo's, with this worker in place of www/worker.js.
  const text = (await readFile(config, "utf8")).replace(/embed "[^"]*\/www\/worker\.js"/, 'embed "events-worker.js"');
  assert.match(text, /embed "events-worker.js"/);
  await writeFile(config, text);
  edge = await startWorkerd(config);
});

after(async () => {
  await edge?.stop();
  await state?.remove();
});

const heard = async () => (await get(edge.url, "/test/heard")).body;
const names = (events) => events.map((e) => e.event);

/** The receipts of the log, by id, as the auditor reads them. */
async function logged() {
  const { body } = await get(edge.url, "/v1/log/entries", { headers: auditor(state) });
  return new Set(body.entries.map((e) => policy.verifyReceipt(e.entry, state.publicJwks, { now: new Date().toISOString().replace(/\.\d{3}Z$/, "Z") }).receipt.receiptId));
}

test("the sources the site's worker adds are in every page's Content Security Policy, and nothing else changes", T, async () => {
  const page = await get(edge.url, "/", { headers: { "x-assent-jurisdiction": "DE" } });
  const csp = Object.fromEntries(page.headers.get("content-security-policy").split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));
  assert.deepEqual(csp["connect-src"], ["'self'", "https://collect.example"]);
  assert.deepEqual(csp["img-src"], ["'self'", "data:", "https://pixel.example"]);
  assert.deepEqual(csp["script-src"], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(csp["object-src"], ["'none'"]);
});

test("the JSON API: each receipt raises change and what it accepts or rejects, after it is logged", T, async () => {
  const headers = { "x-assent-jurisdiction": "DE" };
  const cookie = ageLockCookie(state.privateKeySet, "adult");
  const given = await post(
    edge.url,
    "/v1/consent",
    { locale: "en", method: "banner_layer2", choices: { "analytics-cookies": true, advertising: false } },
    { headers, cookie },
  );
  assert.equal(given.status, 201, JSON.stringify(given.body));
  const first = await heard();
  // A listener that throws (the second of reject:advertising's) loses nothing: the answer is 201.
  assert.deepEqual(names(first), ["change", "reject:advertising", "accept:analytics-cookies"]);
  for (const e of first) {
    assert.equal(e.via, "api");
    assert.equal(e.receiptId, given.body.receiptId);
    assert.equal(e.receipt, given.body.receipt);
    assert.deepEqual(e.accepted, ["analytics-cookies"]);
    assert.deepEqual(e.rejected, ["advertising"]);
  }
  const subject = first[0].subject;
  assert.match(subject, /\S{8,}/);

  // Withdrawing, with the device's cookie: judged against the consent before, only what stops.
  const withdrawn = await post(edge.url, "/v1/consent/withdraw", { purposes: ["analytics-cookies"], locale: "en" }, { headers, cookie: [cookie, given.cookie] });
  assert.equal(withdrawn.status, 201, JSON.stringify(withdrawn.body));
  const second = await heard();
  assert.deepEqual(names(second), ["change", "reject:analytics-cookies"]);
  assert.deepEqual([second[1].subject, second[1].receiptId], [subject, withdrawn.body.receiptId]);

  // The listener that rejects (accept:advertising) is logged too, and the record stands.
  const accepted = await post(edge.url, "/v1/consent", { locale: "en", method: "api", choices: { advertising: true } }, { headers, cookie: [cookie, withdrawn.cookie] });
  assert.equal(accepted.status, 201);
  assert.deepEqual(names(await heard()), ["change"]);
  const inLog = await logged();
  for (const r of [given, withdrawn, accepted]) assert.ok(inLog.has(r.body.receiptId), `${r.body.receiptId} is in the log`);
  const printed = edge.output();
  assert.match(printed, /the "reject:advertising" listener failed \(receipt [0-9a-f-]+ is recorded\):[^\n]*\n?[^\n]*a listener that throws/);
  assert.match(printed, /the "accept:advertising" listener failed[^\n]*\n?[^\n]*a listener that rejects/);
  // A name the policy does not have is reported once, with the policy's purposes.
  assert.equal(printed.match(/`on\["accept:analytic"\]` will never be called/g)?.length, 1);
  assert.match(printed, /names no purpose of the policy \(the policy's purposes: [^)]*analytics-cookies/);
});

test("the banner's forms without scripts: reject all raises the events of every purpose it refuses", T, async () => {
  const v = cookieClient(edge.url, { "x-assent-jurisdiction": "DE", cookie: ageLockCookie(state.privateKeySet, "adult") });
  const r = await v.req("/consent/form", { method: "POST", form: { action: "reject", lang: "en", return: "/" } });
  assert.equal(r.status, 303);
  const events = await heard();
  assert.equal(events[0].event, "change");
  assert.ok(events.every((e) => e.via === "form"));
  assert.ok(names(events).includes("reject:analytics-cookies") && names(events).includes("reject:advertising"), names(events).join());
  assert.ok(events[0].rejected.includes("analytics-cookies") && !events[0].accepted.length);
  assert.ok((await logged()).has(events[0].receiptId));
});

test("a guardian's decision raises the child's events, with the child's subject", T, async () => {
  const child = cookieClient(edge.url, { "x-assent-jurisdiction": "CN" });
  const aged = await child.req("/age", { method: "POST", form: { birthYear: thisYear - 10, birthMonth: 6, return: "/" } });
  assert.equal(aged.status, 303);
  const made = await child.req("/v1/guardian/requests", { method: "POST", json: { contact: "parent@example.test", purposes: ["location", "analytics-cookies"] } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const subject = (await child.req("/v1/state")).body.subject;
  const { body } = await child.req("/dev/outbox");
  const link = new URL(body.messages.find((m) => m.recipient === "parent@example.test").link).pathname;
  const guardian = cookieClient(edge.url);
  const verified = await guardian.req(`${link}/verify?lang=en`, {
    method: "POST",
    form: { method: "card_check", relationship: "parent", card: "4242 4242 4242 4242" },
  });
  assert.ok([200, 303].includes(verified.status), `verify: ${verified.status}`);
  assert.deepEqual(await heard(), [], "verifying records nothing");
  const decided = await guardian.req(`${link}/decide?lang=en`, {
    method: "POST",
    form: { "p:location": "allow", "p:analytics-cookies": "refuse" },
  });
  assert.ok([200, 303].includes(decided.status), `decide: ${decided.status}`);
  const events = await heard();
  // Refused by the guardian: from waiting for a guardian to a refusal, which raises reject.
  assert.deepEqual(names(events), ["change", "reject:analytics-cookies", "accept:location"]);
  assert.ok(events.every((e) => e.via === "guardian" && e.subject === subject));
  assert.deepEqual([events[0].accepted, events[0].rejected], [["location"], ["analytics-cookies"]]);
  assert.ok((await logged()).has(events[0].receiptId));
});

test("a key set the edge cannot read is the operator's to fix: 500 config.signing_keys, naming the binding and .dev.vars", T, async () => {
  const broken = await edgeState("broken-keys");
  const config = await writeEdgeConfig(broken.dir);
  // What a .dev.vars line without quotes gives wrangler: the file's first line only.
  await writeFile(path.join(broken.dir, "keys.private.json"), "{");
  const worker = await startWorkerd(config);
  try {
    const r = await get(worker.url, "/", { headers: { "x-assent-jurisdiction": "DE" } });
    assert.equal(r.status, 500);
    assert.equal(r.body.error.code, "config.signing_keys");
    assert.match(r.body.error.message, /SIGNING_KEYS/);
    assert.match(r.body.error.hint, /\.dev\.vars/);
  } finally {
    await worker.stop();
    await broken.remove();
  }
});

test("a withdrawal by Global Privacy Control is heard as one: change and reject:, via gpc", T, async () => {
  const headers = { "x-assent-jurisdiction": "US-CA" };
  const cookie = ageLockCookie(state.privateKeySet, "adult", { jurisdiction: "US-CA" });
  const given = await post(edge.url, "/v1/consent", { locale: "en", method: "banner_layer2", choices: { advertising: true } }, { headers, cookie });
  assert.equal(given.status, 201, JSON.stringify(given.body));
  await heard();
  const page = await get(edge.url, "/", { headers: { ...headers, "sec-gpc": "1", cookie: [cookie, given.cookie].join("; ") } });
  assert.equal(page.status, 200);
  const events = await heard();
  assert.deepEqual(names(events), ["change", "reject:advertising"]);
  assert.ok(events.every((e) => e.via === "gpc" && e.rejected.includes("advertising")), JSON.stringify(events));
});
