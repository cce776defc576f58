// The first layer never waits for receipt verification: on a returning visit the banner draws
// what it would show without the stored receipts at once, then fetches the site's keys and checks
// the receipts (with the browser's WebCrypto), and only then applies what they record. The real
// edge worker in workerd, headless Chromium; the keys' request is held by the test, so the order
// is seen, not timed.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";

import { ageLockCookie, edgeState, startEdge } from "./edge.mjs";
import { launchChromium, root } from "./helpers.mjs";

const seed = JSON.parse(await readFile(path.join(root, "policies", "seed.json"), "utf8"));
const RECEIPTS = `assent:${seed.id}:receipts`;

let state;
let edge;

before(async () => {
  state = await edgeState("first-layer");
  edge = await startEdge(state);
});

after(async () => {
  await edge?.stop();
  await state?.remove();
});

test("a returning visitor's banner shows before the stored receipts are checked, and closes once they verify", { timeout: 90_000 }, async () => {
  const browser = await launchChromium();
  try {
    const [name, ...value] = ageLockCookie(state.privateKeySet, "adult", { jurisdiction: "DE" }).split("=");
    await browser.context.addCookies([{ name, value: value.join("="), url: edge.url }]);
    const page = await browser.context.newPage();
    const fetched = [];
    page.on("request", (r) => fetched.push(new URL(r.url()).pathname.split("/").pop()));
    await page.setExtraHTTPHeaders({ "x-assent-jurisdiction": "DE" });
    await page.goto(new URL("/", edge.url).href, { waitUntil: "load", timeout: 30_000 });
    await page.waitForFunction(() => window.assent, null, { timeout: 30_000 });
    await page.evaluate(() => window.assent.acceptAll());
    // Signed by the edge and kept in this browser.
    await page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) ?? "[]").length === 1, RECEIPTS, { timeout: 30_000 });

    // The keys' request waits until the test lets it go.
    let release;
    const released = new Promise((resolve) => (release = resolve));
    let heard;
    const asked = new Promise((resolve) => (heard = resolve));
    await page.route("**/.well-known/jwks.json", async (route) => {
      heard();
      await released;
      await route.continue();
    });
    await page.reload({ waitUntil: "load" });
    await page.locator("[role=dialog]").waitFor({ timeout: 30_000 });
    assert.equal(await page.textContent("#assent-title"), "Your privacy choices");
    await asked;
    // The first layer is up while the keys are still on their way: the banner has not finished
    // starting (window.assent comes once the stored receipts are checked).
    assert.equal(await page.evaluate(() => typeof window.assent), "undefined");
    assert.equal(await page.locator("[role=dialog]").count(), 1);
    release();
    await page.waitForFunction(() => window.assent, null, { timeout: 30_000 });
    assert.equal(await page.locator("[role=dialog]").count(), 0, "the verified receipt answered the banner");
    assert.equal(await page.evaluate(() => window.assent.state().purposes["analytics-cookies"]), true);
    assert.ok(!fetched.includes("assent_ed25519_bg.wasm"), "Chromium's WebCrypto has Ed25519: no fallback fetched");
  } finally {
    await browser.close();
  }
});
