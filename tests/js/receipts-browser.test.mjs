// Receipt verification through the banner entry, in headless Chromium, against the Node entry.
//
// The entry's verification functions import the receipts module (assent_receipts) when first
// called; it has no Ed25519 of its own: the core lists the signature checks, the browser's
// WebCrypto answers them (or, where it has no Ed25519, the fallback module assent_ed25519,
// fetched only then), and the core decides every verdict from the answers. The Node entry
// verifies with Ed25519 in Rust. Both must give the same verdict, message included,
// on the tamper cases below, once with the browser's WebCrypto and once with its Ed25519 taken
// away before the module loads.
//
// The module is also built without RFC 8785's double printing (the cargo feature `doubles`), so
// this holds it to the same answers as the node bundle, which has it, for receipts that carry
// numbers where a receipt has none (fractions, exponents, integers past 2^53), that are not
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
const LATER = "2031-01-01T00:00:00Z";
const EARLIER = "2026-11-28T12:00:00Z";

const PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>assent receipts in the browser</title>
<pre id="answers"></pre>
<p><output id="error"></output></p>
<script type="module" src="./main.js"></script>
</html>
`;

// The banner entry, as a page imports it (this bare page has no #assent-config, so it starts no
// banner). With ?no-ed25519 the page's WebCrypto loses Ed25519 before the module loads, as in a browser
// that never had it.
const MAIN = `
if (new URL(location.href).searchParams.has("no-ed25519")) {
  const importKey = SubtleCrypto.prototype.importKey;
  SubtleCrypto.prototype.importKey = function (format, key, algorithm, ...rest) {
    const name = typeof algorithm === "string" ? algorithm : algorithm?.name;
    if (String(name).toLowerCase() === "ed25519") {
      return Promise.reject(new DOMException("Unrecognized name.", "NotSupportedError"));
    }
    return importKey.call(this, format, key, algorithm, ...rest);
  };
}

const assent = await import("./pkg/banner.js");

const answer = async (f) => {
  try {
    return { receipt: await f() };
  } catch (e) {
    return { code: e.code, message: e.message };
  }
};

try {
  await assent.load();
  const { cases, jwks } = await (await fetch("./receipts.json")).json();
  // The banner's module reads compiled policies only: the seed's core and its English texts. Its
  // source (id, version, hash) is the policy a receipt is checked against.
  const text = async (file) => (await fetch(file)).text();
  const { source } = assent.loadCompiled(await text("./core.json"), [await text("./texts.json")]);
  const answers = [];
  for (const { token, options } of cases) {
    answers.push({
      alone: await answer(() => assent.verifyReceipt(token, jwks, options)),
      withPolicy: await answer(() => assent.verifyReceipt(token, jwks, options, source)),
    });
  }
  const all = await answer(() => assent.consentsFromReceipts(cases.map((c) => c.token), jwks, { now: cases[0].options.now }, source));
  document.getElementById("answers").textContent = JSON.stringify({ answers, all });
  document.documentElement.dataset.state = "ready";
} catch (error) {
  document.getElementById("error").textContent = String(error);
  document.documentElement.dataset.state = "failed";
}
`;

/** Flips bit `bit` of character `at` of `text`. */
const flip = (text, at, bit) =>
  text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) ^ (1 << bit)) + text.slice(at + 1);

const b64 = (text) => jose.base64url.encode(new TextEncoder().encode(text));

/**
 * The cases of tests/receipt_tamper.rs, built here: a flipped bit at every character (one bit
 * each) and every bit of the signature, truncations, unsigned and HMAC tokens, other algorithms,
 * a stripped signature, unknown and swapped keys, `crit`, `typ`, extra header parameters, an
 * oversized token, garbage, padded base64, expiry, a receipt from the future, and a chain.
 */
async function tamperCases(jws, payload, header, sign) {
  const out = [];
  const at = (what, token, options = { now: NOW }) => out.push({ what, token, options });
  for (let i = 0; i < jws.length; i++) at(`bit ${i % 7} of character ${i} flipped`, flip(jws, i, i % 7));
  const [h, p, sig] = jws.split(".");
  const signature = jose.base64url.decode(sig);
  for (let bit = 0; bit < 512; bit++) {
    const bytes = signature.slice();
    bytes[bit >> 3] ^= 1 << (bit & 7);
    at(`signature bit ${bit} flipped`, `${h}.${p}.${jose.base64url.encode(bytes)}`);
  }
  for (let n = 0; n < jws.length; n += 11) at(`truncated to ${n}`, jws.slice(0, n));
  at("alg none, no signature", `${b64('{"alg":"none"}')}.${p}.`);
  at("alg none, with a signature", `${b64('{"alg":"none"}')}.${p}.${sig}`);
  const secret = new TextEncoder().encode(JSON.stringify(keys.publicJwks));
  const hs256 = new jose.CompactSign(new TextEncoder().encode(payload)).setProtectedHeader({ ...header, alg: "HS256" });
  at("HS256 with the key set as secret", await hs256.sign(secret));
  for (const alg of ["RS256", "ES256", "PS256", "EdDSA25519"]) at(`alg ${alg}`, `${b64(JSON.stringify({ ...header, alg }))}.${p}.${sig}`);
  at("a stripped signature", `${h}.${p}.`);
  at("a detached payload", `${h}..${sig}`);
  at("an unknown kid", await sign(payload, { ...header, kid: "unknown-key" }));
  const other = await jose.generateKeyPair("EdDSA", { crv: "Ed25519" });
  const swapped = new jose.CompactSign(new TextEncoder().encode(payload)).setProtectedHeader(header);
  at("another key under the same kid", await swapped.sign(other.privateKey));
  // jose will not sign a header with an unknown critical extension; the check comes first anyway.
  at("crit", `${b64(JSON.stringify({ ...header, crit: ["exp"], exp: 1 }))}.${p}.${sig}`);
  at("typ JWT", await sign(payload, { ...header, typ: "JWT" }));
  at("no typ", await sign(payload, { alg: header.alg, kid: header.kid }));
  at("jku in the header", await sign(payload, { ...header, jku: "https://attacker.example/jwks.json" }));
  at("alg Ed25519 (RFC 9864)", await sign(payload, { ...header, alg: "Ed25519" }));
  at("oversized", `${h}.${b64(" ".repeat(20_000))}.${sig}`);
  for (const garbage of ["", ".", "..", "...", "a.b.c", "not a token", `${h}.${p}`, `${h}.${p}.${sig}.x`]) {
    at(`garbage ${JSON.stringify(garbage)}`, garbage);
  }
  at("padded base64", `${h}.${p}.${sig}==`);
  at("standard base64 alphabet", `${h}.${p}.${sig.replaceAll("-", "+").replaceAll("_", "/")}`);
  at("expired", jws, { now: LATER });
  at("from the future", jws, { now: EARLIER });
  at("a first receipt given a previous one", jws, { now: NOW, previous: jws });
  return out;
}

let node;
let policy;
let keys;
/** [what, token] pairs. */
let tokens;
/** The tamper cases: {what, token, options}. */
let cases;
let site;
let browser;

/** The canonical payload text with `member` (already spelled) added as its last member. */
const withLast = (payload, member) => `${payload.slice(0, -1)},${member}}`;

before(async () => {
  node = await import(pathToFileURL(path.join(pkgDir, await entryFor("node"))).href);
  const seed = await readFile(path.join(root, "policies/seed.json"), "utf8");
  policy = node.loadPolicy(seed);
  const compiled = node.compilePolicy(seed);
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
  cases = tokens.map(([what, token]) => ({ what, token, options: { now: NOW } }));
  cases.push(...(await tamperCases(jws, payload, header, sign)));

  site = await siteWithPackage("receipts-browser", {
    "index.html": PAGE,
    "main.js": MAIN,
    "core.json": compiled.core.json,
    "texts.json": compiled.texts.find((t) => t.locale === "en").json,
    "receipts.json": JSON.stringify({ cases: cases.map(({ token, options }) => ({ token, options })), jwks: keys.publicJwks }),
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

async function inPage(query) {
  const server = await serveStatic(site.dir);
  const page = await browser.context.newPage();
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname.split("/").pop()));
  try {
    await page.goto(`${server.url}?${query}`, { timeout: 20_000 });
    await page.waitForSelector("html[data-state]", { timeout: 60_000 });
    assert.equal(await page.getAttribute("html", "data-state"), "ready", await page.textContent("#error"));
    return { ...JSON.parse(await page.textContent("#answers")), fetched };
  } finally {
    await page.close();
    await server.close();
  }
}

/** The page's verdicts are the Node entry's, case by case, message included. */
function sameAsNode(got) {
  assert.equal(got.answers.length, cases.length);
  cases.forEach(({ what, token, options }, i) => {
    const alone = answer(() => node.verifyReceipt(token, keys.publicJwks, options));
    const withPolicy = answer(() => policy.verifyReceipt(token, keys.publicJwks, options));
    assert.deepEqual(got.answers[i].alone, alone, what);
    assert.deepEqual(got.answers[i].withPolicy, withPolicy, what);
  });
  const tokensOnly = cases.map((c) => c.token);
  assert.deepEqual(got.all, answer(() => policy.consentsFromReceipts(tokensOnly, keys.publicJwks, { now: NOW })));
}

test("in Chromium the banner entry verifies receipts with WebCrypto exactly as the Node entry does", { timeout: 90_000 }, async () => {
  const got = await inPage("webcrypto");
  sameAsNode(got);
  assert.ok(got.fetched.includes("assent_receipts_bg.wasm"), "verification ran in the receipts module");
  assert.ok(!got.fetched.includes("assent_ed25519_bg.wasm"), "a browser with Ed25519 never fetches the fallback");
  // The variants reach the checks they are meant for, so the comparison says something.
  const codes = tokens.map(([what, token]) => [
    what,
    answer(() => node.verifyReceipt(token, keys.publicJwks, { now: NOW })).code ?? "valid",
  ]);
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
  const verdicts = new Set(got.answers.map((a) => a.alone.code ?? "valid"));
  for (const code of [
    "valid",
    "receipt.signature",
    "receipt.structure",
    "receipt.alg",
    "receipt.kid_unknown",
    "receipt.crit",
    "receipt.typ",
    "receipt.too_large",
    "receipt.expired",
    "receipt.not_yet_valid",
    "receipt.chain_broken",
  ]) {
    assert.ok(verdicts.has(code), `no tamper case ends in ${code}`);
  }
});

test("where WebCrypto has no Ed25519, the fallback module gives the same verdicts", { timeout: 90_000 }, async () => {
  const got = await inPage("no-ed25519");
  sameAsNode(got);
  assert.ok(got.fetched.includes("assent_ed25519_bg.wasm"), "the fallback module was fetched");
});
