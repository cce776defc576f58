// The guardian flow as deployed: the same worker in workerd with the local config minus its
// DEV_MODE binding, as wrangler.toml declares it, and a sender bound (GUARDIAN_MAIL; a loopback
// server takes every message). No outbox, no development verifier, no test clock; the rest of
// the flow still works. Loopback only; every start has a stop.
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, test } from "node:test";

import { edgeState, writeDeployedConfig } from "./edge.mjs";
import { startWorkerd } from "./helpers.mjs";

let state;
let edge;
const sink = http.createServer((q, s) => q.resume().on("end", () => s.writeHead(202).end()));

before(async () => {
  await new Promise((resolve) => sink.listen(0, "127.0.0.1", resolve));
  state = await edgeState("guardian-deploy");
  edge = await startWorkerd(await writeDeployedConfig(state.dir, { mailPort: sink.address().port }));
});

after(async () => {
  await edge?.stop();
  await state?.remove();
  sink.close();
});

const rfc3339 = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

async function req(route, { method = "GET", form, cookie, headers = {} } = {}) {
  const h = { "x-assent-jurisdiction": "CN", ...headers };
  if (cookie) h.cookie = cookie;
  if (form) h["content-type"] = "application/x-www-form-urlencoded";
  const r = await fetch(new URL(route, edge.url), {
    method,
    headers: h,
    body: form ? new URLSearchParams(form).toString() : undefined,
    redirect: "manual",
    signal: AbortSignal.timeout(20_000),
  });
  const text = await r.text();
  const isJson = (r.headers.get("content-type") ?? "").startsWith("application/json");
  return { status: r.status, headers: r.headers, body: isJson ? JSON.parse(text) : text };
}

test("without DEV_MODE: no outbox, and the dev clock header is ignored; the child still asks", async () => {
  const outbox = await req("/dev/outbox");
  assert.equal(outbox.status, 404);
  assert.equal(outbox.body.error.code, "request.not_found");
  assert.equal((await req("/dev/outbox.jsonl")).status, 404);

  const gate = await req("/age", { method: "POST", form: { birthYear: new Date().getUTCFullYear() - 10, birthMonth: 5, return: "/" } });
  assert.equal(gate.status, 303);
  const cookie = gate.headers.getSetCookie()[0].split(";")[0];
  const made = await fetch(new URL("/v1/guardian/requests", edge.url), {
    method: "POST",
    headers: { "content-type": "application/json", "x-assent-jurisdiction": "CN", cookie },
    body: JSON.stringify({ contact: "parent@example.test" }),
    signal: AbortSignal.timeout(20_000),
  });
  assert.equal(made.status, 201);

  // Eight days later by the header: ignored, the request is still pending.
  const later = await req("/v1/state", { cookie, headers: { "x-assent-dev-now": rfc3339(Date.now() + 8 * 24 * 3600 * 1000) } });
  assert.equal(later.body.guardianRequest.state, "pending");
  assert.equal(later.body.page.guardianFlow, "pending_guardian");
});
