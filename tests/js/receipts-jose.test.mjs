// Interop with a standard JOSE library (the npm package `jose`): receipts signed by assent verify
// with jose in Node and inside workerd, and a token jose signs with an assent key verifies in
// assent. Also the tamper basics through the package boundary.
import assert from "node:assert/strict";
import { readdir, readFile, writeFile, copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";

import * as jose from "jose";

import { SAMPLE_CHOICE, entryFor, pkgDir, root, startWorkerd, tempDir, workerdConfig } from "./helpers.mjs";

const NOW = "2026-11-29T12:00:00Z";
let assent;
let policy;
let keys;
let signer;

const choice = SAMPLE_CHOICE;


before(async () => {
  assent = await import(pathToFileURL(path.join(pkgDir, await entryFor("node"))).href);
  policy = assent.loadPolicy(await readFile(path.join(root, "policies/seed.json"), "utf8"));
  keys = assent.generateKeySet();
  signer = new assent.Signer(keys.privateKeySet, policy);
});

test("a receipt signed by assent verifies with jose in Node", async () => {
  const { jws, receipt } = signer.sign(choice, NOW);
  const jwks = jose.createLocalJWKSet(signer.publicJwks());
  const { payload, protectedHeader } = await jose.compactVerify(jws, jwks, { algorithms: ["EdDSA"] });
  assert.equal(protectedHeader.alg, "EdDSA");
  assert.equal(protectedHeader.typ, "assent-receipt+jwt");
  assert.equal(protectedHeader.kid, keys.publicJwks.keys[0].kid);
  assert.deepEqual(JSON.parse(new TextDecoder().decode(payload)), receipt);
  // And assent agrees, policy hash included.
  const verified = policy.verifyReceipt(jws, keys.publicJwks, { now: NOW });
  assert.equal(verified.receipt.receiptId, receipt.receiptId);
});

test("a token jose signs with an assent key verifies in assent, with alg EdDSA", async () => {
  const { jws } = signer.sign(choice, NOW);
  const payload = jose.base64url.decode(jws.split(".")[1]);
  const active = keys.privateKeySet.keys.find((k) => k.kid === keys.privateKeySet.active);
  const key = await jose.importJWK({ kty: "OKP", crv: "Ed25519", x: active.x, d: active.d }, "EdDSA");
  const token = await new jose.CompactSign(payload)
    .setProtectedHeader({ alg: "EdDSA", typ: "assent-receipt+jwt", kid: active.kid })
    .sign(key);
  const verified = assent.verifyReceipt(token, keys.publicJwks, { now: NOW });
  assert.equal(verified.kid, active.kid);
  // A jose token over a payload that is not canonical JSON is refused.
  const respaced = new TextEncoder().encode(JSON.stringify(JSON.parse(new TextDecoder().decode(payload)), null, 1));
  const loose = await new jose.CompactSign(respaced)
    .setProtectedHeader({ alg: "EdDSA", typ: "assent-receipt+jwt", kid: active.kid })
    .sign(key);
  assert.throws(() => assent.verifyReceipt(loose, keys.publicJwks, { now: NOW }), (e) => e.code === "receipt.not_canonical");
  // HMAC with the public key as the secret (alg confusion) is refused.
  const hs = await new jose.CompactSign(payload)
    .setProtectedHeader({ alg: "HS256", typ: "assent-receipt+jwt", kid: active.kid })
    .sign(new TextEncoder().encode(active.x));
  assert.throws(() => assent.verifyReceipt(hs, keys.publicJwks, { now: NOW }), (e) => e.code === "receipt.alg");
});

test("consents come only from receipts that verify", () => {
  const good = signer.sign(choice, NOW).jws;
  const other = new assent.Signer(assent.generateKeySet().privateKeySet, policy).sign(
    { ...choice, purposes: [{ purpose: "advertising", state: "ConsentGiven" }] },
    NOW,
  ).jws;
  const out = policy.consentsFromReceipts([good, other, "not.a.jws"], keys.publicJwks, { now: NOW });
  assert.deepEqual(Object.keys(out.consents).sort(), ["advertising", "analytics-cookies"]);
  assert.equal(out.consents.advertising.state, "ConsentRefused");
  assert.deepEqual(out.rejected.map((r) => [r.index, r.code]), [
    [1, "receipt.kid_unknown"],
    [2, "receipt.structure"],
  ]);
});

test("checkAndSign refuses a choice the policy does not offer", () => {
  const ctx = { now: NOW, jurisdiction: "CN", age: 16 };
  const minorChoice = { ...choice, jurisdiction: "CN", purposes: [{ purpose: "advertising", state: "ConsentGiven" }] };
  assert.throws(() => signer.checkAndSign(ctx, minorChoice), (e) => assent.isAssentError(e) && e.code === "choice.not_offered");
  const ok = signer.checkAndSign(ctx, { ...minorChoice, purposes: [{ purpose: "search", state: "ConsentGiven" }] });
  assert.equal(ok.receipt.purposes[0].purpose, "search");
});

// Inside workerd: a worker signs with assent and verifies with jose, both in the Workers runtime.
const WORKER = `
import { loadPolicy, Signer } from "assent";
import * as jose from "jose/index.js";

// Key order differs (the payload is canonical JSON, sorted); compare by content.
const sorted = (v) =>
  Array.isArray(v) ? v.map(sorted) : v && typeof v === "object"
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v;

export default {
  async fetch(request, env) {
    const policy = loadPolicy(env.POLICY);
    const signer = new Signer(env.KEYS, policy);
    const { jws, receipt } = signer.sign(JSON.parse(env.CHOICE), "${NOW}");
    const { payload, protectedHeader } = await jose.compactVerify(jws, jose.createLocalJWKSet(signer.publicJwks()));
    const same = JSON.stringify(sorted(JSON.parse(new TextDecoder().decode(payload)))) === JSON.stringify(sorted(receipt));
    return Response.json({ alg: protectedHeader.alg, same, receiptId: receipt.receiptId });
  },
};
`;

let site;
let workerd;

after(async () => {
  await workerd?.stop();
  await site?.remove();
});

async function joseModules(dir) {
  const base = path.join(root, "tests/js/node_modules/jose/dist/webapi");
  const out = [];
  async function walk(rel) {
    for (const e of await readdir(path.join(base, rel), { withFileTypes: true })) {
      const r = path.posix.join(rel, e.name);
      if (e.isDirectory()) await walk(r);
      else if (e.name.endsWith(".js")) {
        await mkdir(path.join(dir, "jose", rel), { recursive: true });
        await copyFile(path.join(base, r), path.join(dir, "jose", r));
        out.push(`jose/${r}`);
      }
    }
  }
  await walk("");
  return out;
}

test("a receipt signed by assent verifies with jose inside workerd", { timeout: 90_000 }, async () => {
  site = await tempDir("jose-workerd");
  const entry = await entryFor("workerd");
  const files = [entry, "assent_signing.js", "assent_signing_bg.wasm"];
  for (const f of files) await copyFile(path.join(pkgDir, f), path.join(site.dir, f));
  await writeFile(path.join(site.dir, "worker.js"), WORKER);
  await writeFile(path.join(site.dir, "keys.json"), JSON.stringify(keys.privateKeySet));
  await writeFile(path.join(site.dir, "choice.json"), JSON.stringify(choice));
  await copyFile(path.join(root, "policies/seed.json"), path.join(site.dir, "policy.json"));
  const jose = await joseModules(site.dir);
  const modules = { "worker.js": "worker.js", assent: entry };
  for (const m of ["assent_signing.js", "assent_signing_bg.wasm", ...jose]) modules[m] = m;
  const config = workerdConfig({
    modules,
    texts: { POLICY: "policy.json", KEYS: "keys.json", CHOICE: "choice.json" },
    flags: ["nodejs_compat"],
  });
  const configPath = path.join(site.dir, "config.capnp");
  await writeFile(configPath, config);
  workerd = await startWorkerd(configPath);
  const res = await fetch(workerd.url, { signal: AbortSignal.timeout(20_000) });
  const text = await res.text();
  assert.equal(res.status, 200, `${text}\n${workerd.output()}`);
  const body = JSON.parse(text);
  assert.deepEqual([body.alg, body.same], ["EdDSA", true]);
  assert.match(body.receiptId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
