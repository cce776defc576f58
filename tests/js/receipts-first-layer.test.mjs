// Receipt verification and the first layer: a first visit's first layer never waits for the
// site's keys (it has no receipt to check, so neither the keys nor the receipts module that
// verifies receipts is fetched), and a returning visitor's banner
// never flashes: their stored receipts decide whether any layer opens, so they are checked (with
// the browser's WebCrypto) before anything is drawn. The real edge worker in workerd, headless
// Chromium; the keys' request is held by the test, so the order is seen, not timed.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";

import { ageLockCookie, edgeForFile } from "./edge.mjs";
import { launchChromium, root } from "./helpers.mjs";

const seed = JSON.parse(await readFile(path.join(root, "policies", "seed.json"), "utf8"));
const RECEIPTS = `assent:${seed.id}:receipts`;

const { state, edge } = await edgeForFile("first-layer");

/** Records, from before the page's first script, every dialog the banner ever puts in the page. */
function recordDialogs() {
  window.__dialogs = 0;
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeType === 1 && (n.matches("[role=dialog]") || n.querySelector("[role=dialog]"))) window.__dialogs += 1;
      }
    }
  }).observe(document, { childList: true, subtree: true });
}

/** A browser whose visitor is an adult in DE (the edge's age lock), on the edge's shop. */
async function adultInGermany() {
  const browser = await launchChromium();
  const [name, ...value] = ageLockCookie(state.privateKeySet, "adult", { jurisdiction: "DE" }).split("=");
  await browser.context.addCookies([{ name, value: value.join("="), url: edge.url }]);
  const page = await browser.context.newPage();
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname.split("/").pop()));
  await page.setExtraHTTPHeaders({ "x-assent-jurisdiction": "DE" });
  return { browser, page, fetched };
}

/** Opens the shop's home page and waits for the banner to start. */
async function openShop(page) {
  await page.goto(new URL("/", edge.url).href, { waitUntil: "load", timeout: 30_000 });
  await page.waitForFunction(() => window.assent, null, { timeout: 30_000 });
}

/** A first visit that accepts all: the edge signs the receipt, and this browser keeps it. */
async function acceptAll(page) {
  await openShop(page);
  await page.evaluate(() => window.assent.acceptAll());
  await page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) ?? "[]").length === 1, RECEIPTS, { timeout: 30_000 });
}

/** Holds the keys' request until `release()`; `asked` resolves when it was made. */
async function holdKeys(page) {
  let release;
  const released = new Promise((resolve) => (release = resolve));
  let heard;
  const asked = new Promise((resolve) => (heard = resolve));
  await page.route("**/.well-known/jwks.json", async (route) => {
    heard();
    await released;
    await route.continue();
  });
  return { asked, release };
}

test("a first visit's first layer is up at once, and no key is fetched for it", { timeout: 90_000 }, async () => {
  const { browser, page, fetched } = await adultInGermany();
  try {
    await holdKeys(page);
    await openShop(page);
    assert.equal(await page.locator("[role=dialog]").count(), 1);
    assert.equal(await page.textContent("#assent-title"), "Your privacy choices");
    assert.ok(!fetched.includes("jwks.json"), `nothing to verify, no key fetched: ${fetched.join(" ")}`);
    assert.ok(fetched.includes("assent_banner_bg.wasm"), `the banner's module was fetched: ${fetched.join(" ")}`);
    assert.ok(
      !fetched.includes("assent_receipts_bg.wasm"),
      `nothing to verify, no receipts module fetched: ${fetched.join(" ")}`,
    );
  } finally {
    await browser.close();
  }
});

test("a returning visitor's banner never flashes: the stored receipt is checked before anything is drawn", { timeout: 90_000 }, async () => {
  const { browser, page, fetched } = await adultInGermany();
  try {
    await acceptAll(page);

    const { asked, release } = await holdKeys(page);
    await page.addInitScript(recordDialogs);
    // What the returning visit fetches, from here on.
    fetched.length = 0;
    await page.reload({ waitUntil: "load" });
    await asked;
    // The keys are on their way: nothing is drawn yet, and the banner has not started.
    assert.equal(await page.evaluate(() => typeof window.assent), "undefined");
    assert.equal(await page.evaluate(() => window.__dialogs), 0);
    release();
    await page.waitForFunction(() => window.assent, null, { timeout: 30_000 });
    assert.equal(await page.locator("[role=dialog]").count(), 0, "the verified receipt answered the banner");
    assert.equal(await page.evaluate(() => window.__dialogs), 0, "no dialog was ever drawn");
    assert.equal(await page.evaluate(() => window.assent.state().purposes["analytics-cookies"]), true);
    assert.ok(fetched.includes("assent_receipts_bg.wasm"), `a stored receipt to verify: ${fetched.join(" ")}`);
    assert.ok(!fetched.includes("assent_ed25519_bg.wasm"), "Chromium's WebCrypto has Ed25519: no fallback fetched");
  } finally {
    await browser.close();
  }
});

test("a receipt whose signature was changed is refused and dropped: the first layer opens again", { timeout: 90_000 }, async () => {
  const { browser, page, fetched } = await adultInGermany();
  try {
    await acceptAll(page);
    // The signed receipt settled the unsigned record: only the receipt speaks for the choice.
    assert.equal(await page.evaluate(() => window.assent.state().unsigned.length), 0);
    const [jws] = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)), RECEIPTS);
    const changed = `${jws.slice(0, -4)}${jws.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    // The edge's log answers with the changed receipt (as a tampering proxy would): the module
    // takes the log's receipts for the browser's (banner/mod.rs logged_receipts), and checks them.
    await page.route("**/v1/receipts/mine", (route) =>
      route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ subject: null, receipts: [changed] }) }),
    );
    fetched.length = 0;
    await page.reload({ waitUntil: "load" });
    await page.waitForFunction(() => window.assent, null, { timeout: 30_000 });
    assert.ok(fetched.includes("assent_receipts_bg.wasm"), `a receipt to verify: ${fetched.join(" ")}`);
    assert.equal(await page.locator("[role=dialog]").count(), 1, "nothing trusted: the first layer asks again");
    assert.equal(await page.evaluate(() => window.assent.state().purposes["analytics-cookies"]), false);
    assert.deepEqual(await page.evaluate((key) => JSON.parse(localStorage.getItem(key)), RECEIPTS), [], "the receipt was dropped");
    // When the edge cannot be asked, what the browser kept is not trusted either: it may predate
    // a withdrawal made elsewhere.
    await page.evaluate(([key, kept]) => localStorage.setItem(key, JSON.stringify([kept])), [RECEIPTS, jws]);
    await page.unroute("**/v1/receipts/mine");
    await page.route("**/v1/receipts/mine", (route) => route.abort());
    await page.reload({ waitUntil: "load" });
    await page.waitForFunction(() => window.assent, null, { timeout: 30_000 });
    assert.equal(await page.locator("[role=dialog]").count(), 1, "no answer from the log: the first layer asks again");
    // When it answers, its own receipt holds the choice again.
    await page.unroute("**/v1/receipts/mine");
    await page.reload({ waitUntil: "load" });
    await page.waitForFunction(() => window.assent, null, { timeout: 30_000 });
    assert.equal(await page.locator("[role=dialog]").count(), 0, "the log's receipt answered the banner");
    assert.equal(await page.evaluate(() => window.assent.state().purposes["analytics-cookies"]), true);
    assert.deepEqual(await page.evaluate((key) => JSON.parse(localStorage.getItem(key)), RECEIPTS), [jws], "the browser keeps the log's receipts");
  } finally {
    await browser.close();
  }
});
