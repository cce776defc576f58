// Receipt verification in the banner's module, in headless Chromium, against the Node entry. The
// banner's module is built without RFC 8785's double printing (the cargo feature `doubles`), so this
// holds it to the same answers as the node bundle, which has it, for receipts that are valid, that
// carry numbers where a receipt has none (fractions, exponents, integers past 2^53), that are not
// canonical, that repeat a member, or whose header carries a number. Every variant is signed with
// the real key (by the npm package `jose`), so each reaches the check it is meant for.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";

import * as jose from "jose";

import { SAMPLE_CHOICE, entryFor, launchChromium, pkgDir, root, serveStatic, siteWithPackage } from "./helpers.mjs";

const NOW = "2026-11-29T12:00:00Z";

const PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>assent receipts in the browser</title>
<pre id="answers"></pre>
<p><output id="error"></output></p>
<script type="module" src="./main.js"></script>
</html>
`;

// The banner's module itself, not banner.js, which would also start a banner on this bare page.
const MAIN = `
import init, * as assent from "./pkg/assent_banner.js";

const answer = (f) => {
  try {
    return { receipt: f() };
  } catch (e) {
    return { code: e.code, message: e.message };
  }
};

try {
  await init({ module_or_path: new URL("./pkg/assent_banner_bg.wasm", import.meta.url) });
  const { tokens, jwks, now } = await (await fetch("./receipts.json")).json();
  const policy = assent.loadPolicy(await (await fetch("./seed.json")).text());
  const answers = tokens.map((t) => ({
    alone: answer(() => assent.verifyReceipt(t, jwks, { now })),
    withPolicy: answer(() => policy.verifyReceipt(t, jwks, { now })),
  }));
  document.getElementById("answers").textContent = JSON.stringify(answers);
  document.documentElement.dataset.state = "ready";
} catch (error) {
  document.getElementById("error").textContent = String(error);
  document.documentElement.dataset.state = "failed";
}
`;


let node;
let policy;
let keys;
/** [what, token] pairs. */
let tokens;
let site;
let browser;

/** The canonical payload text with `member` (already spelled) added as its last member. */
const withLast = (payload, member) => `${payload.slice(0, -1)},${member}}`;

before(async () => {
  node = await import(pathToFileURL(path.join(pkgDir, await entryFor("node"))).href);
  const seed = await readFile(path.join(root, "policies/seed.json"), "utf8");
  policy = node.loadPolicy(seed);
  keys = node.generateKeySet();
  const signer = new node.Signer(keys.privateKeySet, policy);
  const { jws } = signer.sign(SAMPLE_CHOICE, NOW);
  const payload = new TextDecoder().decode(jose.base64url.decode(jws.split(".")[1]));
  const active = keys.privateKeySet.keys.find((k) => k.kid === keys.privateKeySet.active);
  const key = await jose.importJWK({ kty: "OKP", crv: "Ed25519", x: active.x, d: active.d }, "EdDSA");
  const header = { alg: "EdDSA", typ: "assent-receipt+jwt", kid: active.kid };
  const sign = (text, h = header) => new jose.CompactSign(new TextEncoder().encode(text)).setProtectedHeader(h).sign(key);
  assert.ok(payload.includes('"locale":"en"'), payload);
  tokens = [
    ["as signed", jws],
    ["re-signed by jose", await sign(payload)],
    ["a fraction in a new member", await sign(withLast(payload, '"zz":1.5'))],
    ["a fraction for a string", await sign(payload.replace('"locale":"en"', '"locale":1.5'))],
    ["a small double", await sign(withLast(payload, '"zz":-0.0000033333333333333333'))],
    ["an exponent", await sign(withLast(payload, '"zz":1e+21'))],
    ["an exponent, not as JavaScript spells it", await sign(withLast(payload, '"zz":1E21'))],
    ["an integer past 2^53", await sign(withLast(payload, '"zz":9007199254740993'))],
    ["an integer", await sign(withLast(payload, '"zz":7'))],
    ["spaces", await sign(payload.replace(",", ", "))],
    ["a repeated member", await sign(payload.replace('"locale":"en"', '"locale":"en","locale":"en"'))],
    ["a number in the header", await sign(payload, { ...header, v: 0.5 })],
    ["a changed signature", `${jws.slice(0, -4)}${jws.endsWith("AAAA") ? "BBBB" : "AAAA"}`],
  ];

  site = await siteWithPackage("receipts-browser", {
    "index.html": PAGE,
    "main.js": MAIN,
    "seed.json": seed,
    "receipts.json": JSON.stringify({ tokens: tokens.map(([, t]) => t), jwks: keys.publicJwks, now: NOW }),
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await site?.remove();
});

function answer(f) {
  try {
    return { receipt: f() };
  } catch (e) {
    return { code: e.code, message: e.message };
  }
}

test("in Chromium the banner's module verifies receipts exactly as the Node entry does", { timeout: 90_000 }, async () => {
  const server = await serveStatic(site.dir);
  const page = await browser.context.newPage();
  let inPage;
  try {
    await page.goto(server.url, { timeout: 20_000 });
    await page.waitForSelector("html[data-state]", { timeout: 20_000 });
    assert.equal(await page.getAttribute("html", "data-state"), "ready", await page.textContent("#error"));
    inPage = JSON.parse(await page.textContent("#answers"));
  } finally {
    await page.close();
    await server.close();
  }
  assert.equal(inPage.length, tokens.length);
  const codes = [];
  tokens.forEach(([what, token], i) => {
    const alone = answer(() => node.verifyReceipt(token, keys.publicJwks, { now: NOW }));
    const withPolicy = answer(() => policy.verifyReceipt(token, keys.publicJwks, { now: NOW }));
    assert.deepEqual(inPage[i].alone, alone, what);
    assert.deepEqual(inPage[i].withPolicy, withPolicy, what);
    codes.push([what, alone.code ?? "valid"]);
  });
  // The variants reach the checks they are meant for, so the comparison says something.
  assert.deepEqual(codes, [
    ["as signed", "valid"],
    ["re-signed by jose", "valid"],
    ["a fraction in a new member", "receipt.payload"],
    ["a fraction for a string", "receipt.payload"],
    ["a small double", "receipt.payload"],
    ["an exponent", "receipt.payload"],
    ["an exponent, not as JavaScript spells it", "receipt.payload"],
    ["an integer past 2^53", "receipt.payload"],
    ["an integer", "receipt.payload"],
    ["spaces", "receipt.not_canonical"],
    ["a repeated member", "receipt.duplicate_key"],
    ["a number in the header", "receipt.structure"],
    ["a changed signature", "receipt.signature"],
  ]);
});
