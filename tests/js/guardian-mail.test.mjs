// Messages to guardians outside development: a deployment sends them through its GUARDIAN_MAIL
// binding (the site's mail Worker; here a loopback HTTP server stands in for it, as a mail sink
// would), never keeps them once the sender took them, and without a sender asks nothing of a
// guardian. Two workerd processes, neither with DEV_MODE: one with the binding, one without.
// Loopback only; both are stopped in `after`.
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, test } from "node:test";

import { cookieClient, edgeState, writeDeployedConfig } from "./edge.mjs";
import { startWorkerd } from "./helpers.mjs";

const T = { timeout: 60_000 };
const CHILD_YEAR = new Date().getUTCFullYear() - 10;

/** The mail sink: every message the edge hands over, and whether to take the next ones. */
const received = [];
let taking = true;
const sink = http.createServer((req, res) => {
  let body = "";
  req.on("data", (d) => (body += d));
  req.on("end", () => {
    if (req.method === "POST" && req.url === "/send" && taking) {
      received.push(JSON.parse(body));
      res.writeHead(202).end();
    } else {
      res.writeHead(503).end();
    }
  });
});

/** An edge as deployed: with `GUARDIAN_MAIL` bound to the sink when `mail`, else without a sender. */
async function productionLike(label, mail) {
  const state = await edgeState(label);
  const config = await writeDeployedConfig(state.dir, { mailPort: mail ? sink.address().port : undefined });
  return { state, edge: await startWorkerd(config) };
}

let withMail;
let withoutMail;
before(async () => {
  await new Promise((resolve) => sink.listen(0, "127.0.0.1", resolve));
  withMail = await productionLike("mail", true);
  withoutMail = await productionLike("no-mail", false);
});
after(async () => {
  for (const e of [withMail, withoutMail]) {
    await e?.edge.stop();
    await e?.state.remove();
  }
  sink.close();
});

/** A 10-year-old in CN on `base`, through the age gate: in the guardian flow. */
async function child(base) {
  const v = cookieClient(base, { "x-assent-jurisdiction": "CN" });
  const r = await v.req("/age", { method: "POST", form: { birthYear: CHILD_YEAR, birthMonth: 6, return: "/" } });
  assert.equal(r.status, 303);
  return v;
}

/** Waits until the sink has a message for which `match` holds (the edge sends from an alarm). */
async function waitFor(match) {
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    const m = received.find(match);
    if (m) return m;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`no such message reached the sender: ${JSON.stringify(received)}`);
}

test("without a sender, the child is told what to do instead, a request is refused (503) and nothing is stored", T, async () => {
  const base = withoutMail.edge.url;
  const kid = await child(base);
  // The page says so on <html>, and the banner's guardian step asks for no address.
  const page = await kid.req("/");
  assert.match(page.body, /<html[^>]*data-assent-guardian-mail="off"/);
  assert.doesNotMatch(page.body, /name="contact"/);
  assert.match(page.body, /cannot send the request itself/);
  // The child's own page, in the child's language: no form, the same sentence.
  const own = await kid.req("/guardian/request?lang=zh-CN");
  assert.equal(own.status, 200);
  assert.doesNotMatch(own.body, /<form/);
  assert.match(own.body, /本网站无法代为发送请求/);
  const r = await kid.req("/v1/guardian/requests", { method: "POST", json: { contact: "nobody@example.test" }, headers: { "accept-language": "en" } });
  assert.equal(r.status, 503, JSON.stringify(r.body));
  assert.equal(r.body.error.code, "guardian.no_sender");
  assert.match(r.body.error.message, /cannot send the request itself/);
  assert.doesNotMatch(JSON.stringify(r.body), /GUARDIAN_MAIL/, "the operator's fix is for the log, not the child");
  assert.equal((await kid.req("/v1/state")).body.guardianRequest, null, "no request was stored");
  assert.equal((await cookieClient(base).req("/dev/outbox")).status, 404);
  // With a sender, the same page asks for the address and carries no such mark.
  const withSender = await (await child(withMail.edge.url)).req("/");
  assert.doesNotMatch(withSender.body, /data-assent-guardian-mail/);
  assert.match(withSender.body, /name="contact"/);
});

test("with a sender, the request and the confirmation link reach the guardian's address", T, async () => {
  const base = withMail.edge.url;
  const kid = await child(base);
  const contact = "Guardian.Mail@example.test";
  const made = await kid.req("/v1/guardian/requests", { method: "POST", json: { contact, purposes: ["search", "analytics-cookies"] } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const request = await waitFor((m) => m.to === contact);
  assert.ok(request.subject && request.text.includes(request.link), JSON.stringify(request));
  const link = new URL(request.link).pathname;
  assert.match(link, /^\/guardian\/[A-Za-z0-9_-]+$/);
  assert.equal((await cookieClient(base).req("/dev/outbox")).status, 404, "no outbox to read outside development");

  // email_plus: the guardian gives the address again; the confirmation link goes there.
  const guardian = cookieClient(base);
  const verify = await guardian.req(`${link}/verify`, {
    method: "POST",
    form: { method: "email_plus", relationship: "parent", email: "guardian.mail@example.test" },
  });
  assert.equal(verify.status, 303, String(verify.body).slice(0, 300));
  const confirm = await waitFor((m) => m.link.includes(`${link}/confirm/`));
  assert.equal(confirm.to, "guardian.mail@example.test");
  const confirmUrl = new URL(confirm.link);
  assert.equal((await guardian.req(confirmUrl.pathname + confirmUrl.search, { method: "POST", form: {} })).status, 303);
  assert.equal((await kid.req("/v1/state")).body.guardianRequest.state, "verified");
});

test("a message the sender does not take waits, and is handed over once it does", T, async () => {
  const base = withMail.edge.url;
  taking = false;
  const kid = await child(base);
  const contact = "later@example.test";
  try {
    const made = await kid.req("/v1/guardian/requests", { method: "POST", json: { contact } });
    assert.equal(made.status, 201, "the child's request does not wait on the mail");
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(received.find((m) => m.to === contact), undefined);
  } finally {
    taking = true;
  }
  // The next request's delivery hands over everything still waiting, the earlier message too.
  const other = await child(base);
  assert.equal((await other.req("/v1/guardian/requests", { method: "POST", json: { contact: "next@example.test" } })).status, 201);
  await waitFor((m) => m.to === "next@example.test");
  await waitFor((m) => m.to === contact);
});
