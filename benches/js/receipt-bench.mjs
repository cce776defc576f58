// Receipt signing and verification in Node: assent's Wasm (full receipt: build, canonical JSON,
// Ed25519, and on verify every check), side by side with WebCrypto's Ed25519 and with jose over the
// same payload bytes (signature only). Medians of batches. Run after `cargo xtask build`:
//   node benches/js/receipt-bench.mjs
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { webcrypto as crypto } from "node:crypto";

const root = fileURLToPath(new URL("../../", import.meta.url));
const assent = await import(pathToFileURL(path.join(root, "pkg", "node.js")).href);
const jose = await import(pathToFileURL(path.join(root, "tests/js/node_modules/jose/dist/webapi/index.js")).href);

const NOW = "2026-11-29T12:00:00Z";
const policy = assent.loadPolicy(await readFile(path.join(root, "policies", "seed.json"), "utf8"));
const keys = assent.generateKeySet();
const signer = new assent.Signer(keys.privateKeySet, policy);
const choice = {
  subject: "u_5e2d1b7f90ac4e13", actor: { type: "self" }, jurisdiction: "DE", locale: "en", ageBand: "adult",
  purposes: [{ purpose: "analytics-cookies", state: "ConsentGiven" }, { purpose: "advertising", state: "ConsentRefused" }],
  collectionMethod: "banner_layer2",
};
const { jws } = signer.sign(choice, NOW);
const [h, p] = jws.split(".");
const signingInput = new TextEncoder().encode(`${h}.${p}`);
const payload = jose.base64url.decode(p);

const active = keys.privateKeySet.keys.find((k) => k.kid === keys.privateKeySet.active);
const priv = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: active.x, d: active.d }, { name: "Ed25519" }, false, ["sign"]);
const pub = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: active.x }, { name: "Ed25519" }, false, ["verify"]);
const sig = new Uint8Array(await crypto.subtle.sign("Ed25519", priv, signingInput));
const josePriv = await jose.importJWK({ kty: "OKP", crv: "Ed25519", x: active.x, d: active.d }, "EdDSA");
const josePub = await jose.importJWK({ kty: "OKP", crv: "Ed25519", x: active.x }, "EdDSA");
const joseToken = await new jose.CompactSign(payload).setProtectedHeader({ alg: "EdDSA", kid: active.kid }).sign(josePriv);

async function measure(fn, { batches = 21, per = 100 } = {}) {
  for (let i = 0; i < per * 2; i++) await fn();
  const s = [];
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < per; i++) await fn();
    s.push(Number(process.hrtime.bigint() - t0) / per);
  }
  s.sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const rows = [
  ["assent (Wasm) sign: build + JCS + Ed25519", await measure(() => signer.sign(choice, NOW, { id: "6f1c2a52-9b0e-4c8d-8a1e-2f3b4c5d6e7f" }))],
  ["assent (Wasm) verifyReceipt: every check", await measure(() => assent.verifyReceipt(jws, keys.publicJwks, { now: NOW }))],
  ["assent (Wasm) policy.verifyReceipt: + hash", await measure(() => policy.verifyReceipt(jws, keys.publicJwks, { now: NOW }))],
  ["WebCrypto Ed25519 sign (bytes only)", await measure(() => crypto.subtle.sign("Ed25519", priv, signingInput))],
  ["WebCrypto Ed25519 verify (bytes only)", await measure(() => crypto.subtle.verify("Ed25519", pub, sig, signingInput))],
  ["jose CompactSign EdDSA", await measure(() => new jose.CompactSign(payload).setProtectedHeader({ alg: "EdDSA", kid: active.kid }).sign(josePriv))],
  ["jose compactVerify EdDSA", await measure(() => jose.compactVerify(joseToken, josePub))],
];
console.log(`receipts in Node ${process.version}, token ${jws.length} bytes: median µs per operation`);
for (const [name, ns] of rows) console.log(`  ${name.padEnd(46)} ${(ns / 1000).toFixed(1).padStart(8)} µs`);
