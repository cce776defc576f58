// The banner end to end: the demo shop served by the real edge worker in workerd, visited by
// headless Chromium. What the visitor sees, what runs (checked on the network and in the DOM),
// the receipts (verified with jose against the site's JWKS), keyboard use, axe-core, zh-CN,
// Google Consent Mode and the IAB TCF string (decoded by @iabtcf/core). Screenshots of both
// layers in both languages go to test-artifacts/ (git-ignored).
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile, symlink } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { TCString } from "@iabtcf/core";
import * as jose from "jose";

import { ageLockCookie, assent as engine, cookieClient, edgeForFile } from "./edge.mjs";
import { BANNER_CSP, axeViolations, launchChromium, pkgDir, root, serveStatic, tempDir, writeCompiled } from "./helpers.mjs";

const T = { timeout: 120_000 };
const artifacts = path.join(root, "test-artifacts");
const seed = JSON.parse(await readFile(path.join(root, "policies", "seed.json"), "utf8"));
const optional = seed.purposes.filter((p) => p.kind !== "essential").map((p) => p.id);
const RECEIPTS = `assent:${seed.id}:receipts`;

const { state, edge } = await edgeForFile("banner");
const jwks = await (await fetch(new URL("/.well-known/jwks.json", edge.url))).json();

before(async () => {
  await mkdir(artifacts, { recursive: true });
});

/**
 * Before any page script: record the order of gtag commands (the banner pushes gtag's arguments
 * onto window.dataLayer) and of the gated scripts running (the demo's analytics and ad scripts
 * mark <html data-analytics|data-ads>).
 */
function probe() {
  window.__order = [];
  window.dataLayer = [];
  const push = Array.prototype.push;
  window.dataLayer.push = function (entry) {
    window.__order.push(`gtag ${entry[0]} ${entry[1]}`);
    return push.call(this, entry);
  };
  new MutationObserver(() => {
    const d = document.documentElement?.dataset ?? {};
    for (const name of ["analytics", "ads"]) {
      if (d[name] && !window.__order.includes(`${name} ran`)) window.__order.push(`${name} ran`);
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-analytics", "data-ads"] });
}

/**
 * Opens `route` on the edge as an adult (a signed age lock) in `jurisdiction`, in a fresh browser
 * unless one is given. Returns the page, the paths it requested, its errors and the time from
 * navigation to a visible dialog (when one opens).
 */
async function visit(route = "/", { jurisdiction = "DE", gpc = false, browser, band = "adult" } = {}) {
  const b = browser ?? (await launchChromium());
  const page = await b.context.newPage();
  const requests = [];
  const errors = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.setExtraHTTPHeaders({ "x-assent-jurisdiction": jurisdiction, ...(gpc ? { "sec-gpc": "1" } : {}) });
  if (!browser && band) {
    const [name, ...value] = ageLockCookie(state.privateKeySet, band, { jurisdiction }).split("=");
    await b.context.addCookies([{ name, value: value.join("="), url: edge.url }]);
  }
  await page.addInitScript(probe);
  if (gpc) {
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true }));
  }
  const started = Date.now();
  await page.goto(new URL(route, edge.url).href, { waitUntil: "load", timeout: 30_000 });
  await page.waitForFunction(() => window.assent, null, { timeout: 30_000 });
  const visibleMs = (await page.locator(".assent-dialog").count()) ? Date.now() - started : null;
  return { browser: b, page, requests, errors, visibleMs };
}

const dialog = (page) => page.locator("[role=dialog]");
const button = (page, name) => page.getByRole("button", { name, exact: true });
const ran = (requests, file) => requests.filter((p) => p === file).length;
const stored = (page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? "[]"), RECEIPTS);

/** Waits until the status line says something, and returns it. */
async function status(page) {
  await page.waitForFunction(() => document.querySelector(".assent-status")?.textContent, null, { timeout: 15_000 });
  return page.textContent(".assent-status");
}

/** Each receipt verified with jose against the edge's published keys; their payloads. */
async function verifiedPayloads(receipts) {
  const keys = jose.createLocalJWKSet(jwks);
  const out = [];
  for (const r of receipts) {
    const { payload } = await jose.compactVerify(r, keys, { algorithms: ["EdDSA"] });
    out.push(JSON.parse(new TextDecoder().decode(payload)));
  }
  return out;
}

/** Only the analytics switch on, saved from the second layer. */
async function onlyAnalytics(page) {
  await button(page, "Choose").click();
  await page.check("#assent-p-analytics-cookies");
  await button(page, "Save my choices").click();
  assert.match(await status(page), /signed a receipt/);
}

const axe = axeViolations;

describe("the banner through the edge worker", () => {
  test("a first visit shows the first layer: three equal buttons, focus on its heading, nothing optional run", T, async () => {
    const { browser, page, requests, errors, visibleMs } = await visit("/");
    try {
      await dialog(page).waitFor();
      assert.equal(await dialog(page).getAttribute("aria-modal"), "true");
      assert.equal(await page.textContent("#" + (await dialog(page).getAttribute("aria-labelledby"))), "Your privacy choices");
      assert.match(await page.textContent("#" + (await dialog(page).getAttribute("aria-describedby"))), /^We use your account/);
      assert.equal(await page.evaluate(() => document.activeElement.id), "assent-title");
      const boxes = [];
      for (const name of ["Accept all", "Reject all", "Choose"]) {
        const b = button(page, name);
        const look = await b.evaluate((el) => {
          const s = getComputedStyle(el);
          return [s.backgroundColor, s.color, s.fontWeight, s.fontSize, s.borderTopWidth].join(" ");
        });
        boxes.push({ ...(await b.boundingBox()), look });
      }
      for (const b of boxes.slice(1)) {
        assert.equal(Math.round(b.width), Math.round(boxes[0].width), "same width");
        assert.equal(Math.round(b.height), Math.round(boxes[0].height), "same height");
        assert.equal(b.look, boxes[0].look, "same look");
      }
      assert.equal(ran(requests, "/js/analytics.js") + ran(requests, "/js/ads.js"), 0);
      assert.ok(!requests.some((p) => p.startsWith("/embed/") && p.endsWith(".html")), requests.join(" "));
      assert.equal(await page.locator(".assent-placeholder").count(), 2, "map and video wait behind placeholders");
      assert.deepEqual(errors, []);
      // The banner's module fetched once (the page's preload is the one the entry uses), then the
      // ad-tech module, which the demo's `tcf` settings ask for.
      assert.deepEqual(
        requests.filter((p) => p.endsWith(".wasm")),
        ["/assent/assent_banner_bg.wasm", "/assent/assent_adtech_bg.wasm"],
        requests.join(" "),
      );
      await page.screenshot({ path: path.join(artifacts, "banner-en-layer1.png") });
      await button(page, "Choose").click();
      await page.waitForSelector(".assent-second");
      await page.screenshot({ path: path.join(artifacts, "banner-en-layer2.png") });
      console.log(`# navigation to a visible banner: ${visibleMs} ms`);
    } finally {
      await browser.close();
    }
  });

  test("reject all: no gated script ran, the refusal is signed, and the banner stays away", T, async () => {
    const { browser, page, requests } = await visit("/");
    try {
      await button(page, "Reject all").click();
      assert.match(await status(page), /signed a receipt/);
      await page.reload({ waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      assert.equal(await dialog(page).count(), 0, "no banner after the refusal");
      assert.equal(ran(requests, "/js/analytics.js") + ran(requests, "/js/ads.js"), 0, requests.join(" "));
      assert.ok(!requests.some((p) => /^\/embed\/.*\.html$/.test(p)), requests.join(" "));
      const dom = await page.evaluate(() => ({ ...document.documentElement.dataset, cookies: document.cookie }));
      assert.equal(dom.analytics, undefined);
      assert.equal(dom.ads, undefined);
      assert.doesNotMatch(dom.cookies, /_ga|ad_id/);
      const [payload] = await verifiedPayloads(await stored(page));
      assert.equal(payload.collectionMethod, "banner_layer1");
      assert.deepEqual(payload.purposes.map((p) => p.state).sort(), optional.map(() => "ConsentRefused"));
      const s = await page.evaluate(() => window.assent.state());
      assert.ok(optional.every((id) => s.decisions[id] === "denied"), JSON.stringify(s.decisions));
      assert.deepEqual(s.unsigned, []);
      // What a refused purpose stored in the page (search's history) is gone on the next page:
      // the module deletes what the edge's state says may not stay.
      await page.evaluate(() => localStorage.setItem("search_history", "lamps"));
      await page.reload({ waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      assert.equal(await page.evaluate(() => localStorage.getItem("search_history")), null);
    } finally {
      await browser.close();
    }
  });

  test("only analytics accepted: only analytics runs, its receipt verifies, and a reload shows no banner", T, async () => {
    const { browser, page, requests } = await visit("/");
    try {
      await onlyAnalytics(page);
      await page.waitForFunction(() => document.documentElement.dataset.analytics === "on");
      assert.equal(ran(requests, "/js/analytics.js"), 1);
      assert.equal(ran(requests, "/js/ads.js"), 0);
      assert.ok(!requests.some((p) => /^\/embed\/.*\.html$/.test(p)), requests.join(" "));
      assert.match(await page.evaluate(() => document.cookie), /_ga=/);
      const receipts = await stored(page);
      assert.equal(receipts.length, 1);
      const [payload] = await verifiedPayloads(receipts);
      assert.equal(payload.collectionMethod, "banner_layer2");
      const states = Object.fromEntries(payload.purposes.map((p) => [p.purpose, p.state]));
      assert.equal(states["analytics-cookies"], "ConsentGiven");
      assert.ok(optional.filter((id) => id !== "analytics-cookies").every((id) => states[id] === "ConsentRefused"));

      const before = requests.length;
      await page.reload({ waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      assert.equal(await dialog(page).count(), 0, "no banner");
      const again = requests.slice(before);
      // The edge served analytics live this time; the banner verified the stored receipt with
      // the site's keys before trusting it, and ran nothing twice.
      assert.equal(ran(again, "/js/analytics.js"), 1, again.join(" "));
      assert.ok(again.includes("/.well-known/jwks.json"));
      assert.equal(ran(again, "/js/ads.js"), 0);
      const s = await page.evaluate(() => window.assent.state());
      assert.equal(s.purposes["analytics-cookies"], true);
      assert.equal(s.purposes.advertising, false);
      assert.equal(await page.evaluate(() => window.__analytics.filter((e) => e.type === "page_view").length), 1);
    } finally {
      await browser.close();
    }
  });

  test("withdrawing deletes the purpose's cookies and reloads the page to stop what already ran", T, async () => {
    const { browser, page } = await visit("/");
    try {
      await onlyAnalytics(page);
      await page.waitForFunction(() => document.cookie.includes("_ga="));
      await page.evaluate(() => (document.cookie = "_ga_X1Y2=1; Path=/"));
      // Marks this page: a reload makes a new document without it.
      await page.evaluate(() => (window.__before = true));
      await button(page, "Privacy choices").click();
      assert.equal(await page.isChecked("#assent-p-analytics-cookies"), true, "the switch shows the consent");
      await page.uncheck("#assent-p-analytics-cookies");
      await button(page, "Save my choices").click();
      // The analytics script ran on this page: the withdrawal reloads it, and the reloaded page
      // says what happened.
      await page.waitForFunction(() => window.__before === undefined && window.assent, null, { timeout: 30_000 });
      await page.waitForFunction(() => document.querySelector(".assent-status")?.textContent.includes("reloaded"));
      assert.match(await page.textContent(".assent-status"), /Analytics cookies.*the page was reloaded/);
      assert.doesNotMatch(await page.evaluate(() => document.cookie), /_ga/, "_ga and _ga_* deleted");
      assert.equal(await page.evaluate(() => document.documentElement.dataset.analytics), undefined, "analytics no longer runs");
      // The save refused the other purposes again and withdrew analytics: two more receipts, and
      // the store keeps those that still hold some purpose's latest record.
      const payloads = await verifiedPayloads(await stored(page));
      assert.ok(payloads.length >= 2 && payloads.length <= 3, `${payloads.length} receipts kept`);
      const last = payloads.at(-1);
      assert.deepEqual(
        last.purposes.map((p) => [p.purpose, p.state]),
        [["analytics-cookies", "ConsentWithdrawn"]],
      );
      assert.equal(await page.evaluate(() => window.assent.state().purposes["analytics-cookies"]), false);
    } finally {
      await browser.close();
    }
  });

  test("a withdrawal on another device of the same subject holds in this page's module too", T, async () => {
    const { browser, page, requests } = await visit("/");
    try {
      await onlyAnalytics(page);
      await page.waitForFunction(() => document.documentElement.dataset.analytics === "on");
      // The subject moves to device B (a client outside the browser), which withdraws.
      const token = await page.evaluate(async () => (await (await fetch("/v1/device/transfer", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).json()).token);
      const b = cookieClient(edge.url, { "x-assent-jurisdiction": "DE" });
      assert.equal((await b.req("/v1/device/claim", { method: "POST", json: { token } })).status, 200);
      assert.equal((await b.req("/v1/consent/withdraw", { method: "POST", json: { purposes: ["analytics-cookies"] } })).status, 201);
      // Back on A: the browser still keeps its consent receipt, but the log's latest stand for it
      // (banner/mod.rs logged_receipts), so nothing releases the script the edge gated.
      requests.length = 0;
      await page.reload({ waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      await page.waitForTimeout(500);
      assert.equal(ran(requests, "/js/analytics.js"), 0, requests.join(" "));
      assert.equal(await page.evaluate(() => document.documentElement.dataset.analytics), undefined);
      assert.equal(await page.evaluate(() => window.assent.state().purposes["analytics-cookies"]), false);
      const kept = await verifiedPayloads(await stored(page));
      assert.ok(kept.some((r) => r.purposes.some((p) => p.purpose === "analytics-cookies" && p.state === "ConsentWithdrawn")), "the withdrawal's receipt is kept");
    } finally {
      await browser.close();
    }
  });

  test("keyboard only: focus stays in the dialog, Escape keeps the defaults, switches and save work", T, async () => {
    const { browser, page, requests } = await visit("/");
    try {
      await dialog(page).waitFor();
      const active = () => page.evaluate(() => document.activeElement?.textContent?.trim() || document.activeElement?.id);
      const inDialog = () => page.evaluate(() => !!document.activeElement?.closest("[role=dialog]"));
      await page.keyboard.press("Tab");
      assert.equal(await active(), "Read the privacy policy");
      await page.keyboard.press("Tab");
      assert.equal(await active(), "Accept all");
      // Backwards past the first element wraps to the last button, forwards past it to the first.
      await page.keyboard.press("Shift+Tab");
      await page.keyboard.press("Shift+Tab");
      assert.equal(await active(), "Choose");
      await page.keyboard.press("Tab");
      assert.equal(await active(), "Read the privacy policy");
      // Escape closes, keeping the defaults: nothing optional, and it does not reopen by itself.
      await page.keyboard.press("Escape");
      assert.equal(await dialog(page).count(), 0);
      const s = await page.evaluate(() => window.assent.state());
      assert.ok(optional.every((id) => !s.purposes[id]));
      await page.reload({ waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      assert.equal(await dialog(page).count(), 0, "dismissed for this session");
      // The privacy-choices button, by keyboard.
      await page.focus(".assent-reopen");
      await page.keyboard.press("Enter");
      await page.waitForSelector(".assent-second");
      assert.equal(await page.evaluate(() => document.activeElement.id), "assent-title");
      for (let i = 0; i < 200 && (await page.evaluate(() => document.activeElement.id)) !== "assent-p-analytics-cookies"; i++) {
        await page.keyboard.press("Tab");
        assert.ok(await inDialog(), "focus never leaves the open dialog");
      }
      await page.keyboard.press("Space");
      assert.equal(await page.isChecked("#assent-p-analytics-cookies"), true);
      for (let i = 0; i < 200 && (await active()) !== "Save my choices"; i++) {
        await page.keyboard.press("Tab");
        assert.ok(await inDialog(), "focus never leaves the open dialog");
      }
      await page.keyboard.press("Enter");
      assert.match(await status(page), /signed a receipt/);
      await page.waitForFunction(() => document.documentElement.dataset.analytics === "on");
      assert.equal(ran(requests, "/js/ads.js"), 0);
      assert.equal(await page.evaluate(() => document.activeElement.className), "assent-reopen", "focus returns");
    } finally {
      await browser.close();
    }
  });

  test("the page fetches the compiled core and its own language's texts, no policy document, no other language", T, async () => {
    const compiled = /^\/v1\/policy\/compiled\//;
    const texts = (requests, locale) => requests.filter((p) => compiled.test(p) && p.endsWith(`.${locale}.json`));
    const { browser, page, requests, errors } = await visit("/");
    try {
      await dialog(page).waitFor();
      assert.equal(ran(requests, "/v1/policy/compiled/core.json"), 1);
      assert.equal(texts(requests, "en").length, 1, requests.join(" "));
      assert.deepEqual(texts(requests, "zh-CN"), []);
      assert.deepEqual(requests.filter((p) => p === "/v1/policy" || p.endsWith("seed.json")), [], "no policy document");
      // Switching language fetches that language's texts once, then speaks it.
      const state = await page.evaluate(() => window.assent.setLocale("zh-CN"));
      assert.equal(state.locale, "zh-CN");
      assert.equal(texts(requests, "zh-CN").length, 1);
      assert.equal(await page.textContent("#assent-title"), "您的隐私选择");
      await page.evaluate(() => window.assent.setLocale("en"));
      assert.equal(texts(requests, "en").length, 1, "a language already read is not fetched again");
      const refused = await page.evaluate(() => window.assent.setLocale("fr").then(() => null, (e) => e.code));
      assert.equal(refused, "banner.locale");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
    // A Chinese page fetches the Chinese texts only.
    const zh = await visit("/zh/", { jurisdiction: "CN" });
    try {
      await dialog(zh.page).waitFor();
      assert.equal(texts(zh.requests, "zh-CN").length, 1);
      assert.deepEqual(texts(zh.requests, "en"), []);
    } finally {
      await zh.browser.close();
    }
  });

  test("the zh-CN page speaks Chinese in both layers", T, async () => {
    const { browser, page } = await visit("/zh/", { jurisdiction: "CN" });
    try {
      await dialog(page).waitFor();
      assert.equal(await page.getAttribute(".assent", "lang"), "zh-CN");
      assert.equal(await page.textContent("#assent-title"), "您的隐私选择");
      for (const name of ["全部接受", "全部拒绝", "自行选择"]) assert.equal(await button(page, name).count(), 1, name);
      assert.match(await page.textContent(".assent-placeholder"), /工坊地图尚未加载/);
      await page.screenshot({ path: path.join(artifacts, "banner-zh-CN-layer1.png") });
      await button(page, "自行选择").click();
      await page.waitForSelector(".assent-second");
      assert.equal(await page.textContent("#assent-title"), "选择您允许的用途");
      assert.equal(await page.locator(".assent-section h3").first().textContent(), "始终开启");
      await page.screenshot({ path: path.join(artifacts, "banner-zh-CN-layer2.png") });
      await button(page, "保存我的选择").click();
      assert.match(await status(page), /网站已为此签发回执/);
      const [payload] = await verifiedPayloads(await stored(page));
      assert.equal(payload.notice.locale, "zh-CN");
    } finally {
      await browser.close();
    }
  });

  test("axe-core finds nothing serious or critical, on either layer, in either language", T, async () => {
    for (const route of ["/", "/zh/"]) {
      const { browser, page } = await visit(route, { jurisdiction: route === "/" ? "DE" : "CN" });
      try {
        await dialog(page).waitFor();
        assert.deepEqual(await axe(page), [], `${route} first layer`);
        await page.locator("[data-assent-action=choose]").click();
        await page.waitForSelector(".assent-second");
        for (const summary of await page.locator(".assent-details summary").all()) await summary.click();
        assert.deepEqual(await axe(page), [], `${route} second layer`);
        await page.keyboard.press("Escape");
        assert.deepEqual(await axe(page), [], `${route} closed, with the placeholders`);
      } finally {
        await browser.close();
      }
    }
  });

  test("Consent Mode: default before any tag, then an update after every choice", T, async () => {
    const { browser, page } = await visit("/");
    try {
      await dialog(page).waitFor();
      assert.deepEqual(await page.evaluate(() => window.__order), ["gtag consent default"]);
      const first = await page.evaluate(() => [Object.prototype.toString.call(window.dataLayer[0]), Array.from(window.dataLayer[0])]);
      assert.deepEqual(first, [
        "[object Arguments]",
        ["consent", "default", { ad_storage: "denied", ad_user_data: "denied", ad_personalization: "denied", analytics_storage: "denied", functionality_storage: "denied", personalization_storage: "denied", security_storage: "denied", wait_for_update: 500 }],
      ]);
      await onlyAnalytics(page);
      await page.waitForFunction(() => window.__order.includes("analytics ran"));
      await button(page, "Privacy choices").click();
      await button(page, "Accept all").click();
      await page.waitForFunction(() => window.__order.includes("ads ran"));
      const order = await page.evaluate(() => window.__order);
      assert.deepEqual(order, [
        "gtag consent default",
        "gtag consent update",
        "analytics ran",
        "gtag consent update",
        "ads ran",
      ]);
      const updates = await page.evaluate(() => window.dataLayer.filter((a) => a[1] === "update").map((a) => a[2]));
      assert.deepEqual(updates, [
        { ad_storage: "denied", ad_user_data: "denied", ad_personalization: "denied", analytics_storage: "granted", functionality_storage: "denied", personalization_storage: "denied", security_storage: "denied" },
        { ad_storage: "granted", ad_user_data: "granted", ad_personalization: "granted", analytics_storage: "granted", functionality_storage: "denied", personalization_storage: "denied", security_storage: "denied" },
      ]);
    } finally {
      await browser.close();
    }
  });

  test("a withdrawal reaches Consent Mode and the page before the edge answers; a consent waits for its receipt", T, async () => {
    const { browser, page } = await visit("/");
    try {
      await onlyAnalytics(page);
      // The edge answers a withdrawal only after 3 s.
      let release;
      const held = new Promise((r) => (release = r));
      await page.route("**/v1/consent/withdraw", async (route) => {
        await held;
        await route.continue();
      });
      await button(page, "Privacy choices").click();
      await page.uncheck("#assent-p-analytics-cookies");
      await button(page, "Save my choices").click();
      // While the edge has not answered: analytics is off for the page and for Consent Mode.
      await page.waitForFunction(() => window.assent.state().purposes["analytics-cookies"] === false, null, { timeout: 2_000 });
      const last = await page.evaluate(() => window.dataLayer.filter((a) => a[1] === "update").at(-1)[2]);
      assert.equal(last.analytics_storage, "denied");
      const answered = page.waitForResponse((r) => r.url().endsWith("/v1/consent/withdraw"));
      release();
      assert.equal((await answered).status(), 201);
      // The choice is over once the status line says what the withdrawal needs.
      await page.waitForFunction(() => /^Withdrawn/.test(document.querySelector(".assent-status")?.textContent ?? ""), null, { timeout: 10_000 });
      await page.unroute("**/v1/consent/withdraw");
      // A consent waits for its receipt: held at the edge, nothing is granted yet.
      let releaseConsent;
      const heldConsent = new Promise((r) => (releaseConsent = r));
      await page.route("**/v1/consent", async (route) => {
        await heldConsent;
        await route.continue();
      });
      await button(page, "Privacy choices").click();
      await page.check("#assent-p-analytics-cookies");
      await button(page, "Save my choices").click();
      await page.waitForTimeout(500);
      assert.equal(await page.evaluate(() => window.assent.state().purposes["analytics-cookies"]), false);
      releaseConsent();
      await page.waitForFunction(() => window.assent.state().purposes["analytics-cookies"] === true, null, { timeout: 10_000 });
    } finally {
      await browser.close();
    }
  });

  test("TCF: our TC string decodes with @iabtcf/core to exactly what the visitor chose", T, async () => {
    const { browser, page } = await visit("/");
    try {
      await onlyAnalytics(page);
      const api = await page.evaluate(
        () =>
          new Promise((resolve) => {
            window.__tcfapi("ping", 2, (ping, ok) => {
              window.__tcfapi("addEventListener", 2, (data, ok2) => {
                window.__tcfapi("removeEventListener", 2, (removed) => resolve({ ping, ok, data, ok2, removed }), data.listenerId);
              });
            });
          }),
      );
      assert.equal(api.ok, true);
      assert.equal(api.ok2, true);
      assert.equal(api.removed, true);
      assert.deepEqual(
        { ...api.ping },
        { gdprApplies: true, cmpLoaded: true, cmpStatus: "loaded", displayStatus: "hidden", apiVersion: "2.2", cmpVersion: 1, cmpId: 300, gvlVersion: 0, tcfPolicyVersion: 4 },
      );
      assert.equal(api.data.eventStatus, "tcloaded");
      // What the visitor chose: analytics yes, every other optional purpose no. A TCF purpose is
      // consented iff a "yes" purpose maps to it and no "no" purpose does.
      const yes = seed.purposes.filter((p) => p.id === "analytics-cookies");
      const no = seed.purposes.filter((p) => p.kind !== "essential" && p.id !== "analytics-cookies");
      const expected = [...new Set(yes.flatMap((p) => p.tcfPurposes ?? []))]
        .filter((t) => !no.some((p) => (p.tcfPurposes ?? []).includes(t)))
        .sort((a, b) => a - b);
      assert.deepEqual(expected, [8, 9]);
      const tc = TCString.decode(api.data.tcString);
      const ids = (v) => [...v.values()].sort((a, b) => a - b);
      const today = Math.floor(Date.now() / 86_400_000) * 86_400_000;
      assert.deepEqual(
        {
          version: tc.version,
          created: tc.created.getTime(),
          lastUpdated: tc.lastUpdated.getTime(),
          cmpId: tc.cmpId,
          cmpVersion: tc.cmpVersion,
          consentScreen: tc.consentScreen,
          consentLanguage: tc.consentLanguage,
          vendorListVersion: tc.vendorListVersion,
          policyVersion: tc.policyVersion,
          isServiceSpecific: tc.isServiceSpecific,
          useNonStandardTexts: tc.useNonStandardStacks,
          purposeOneTreatment: tc.purposeOneTreatment,
          publisherCountryCode: tc.publisherCountryCode,
          specialFeatureOptins: ids(tc.specialFeatureOptins),
          purposeConsents: ids(tc.purposeConsents),
          purposeLegitimateInterests: ids(tc.purposeLegitimateInterests),
          vendorConsents: ids(tc.vendorConsents),
          vendorLegitimateInterests: ids(tc.vendorLegitimateInterests),
          vendorsDisclosed: ids(tc.vendorsDisclosed),
          publisherConsents: ids(tc.publisherConsents),
          publisherLegitimateInterests: ids(tc.publisherLegitimateInterests),
          numCustomPurposes: tc.numCustomPurposes,
        },
        {
          version: 2,
          created: today,
          lastUpdated: today,
          cmpId: 300,
          cmpVersion: 1,
          consentScreen: 1,
          consentLanguage: "EN",
          vendorListVersion: 0,
          policyVersion: 4,
          isServiceSpecific: true,
          useNonStandardTexts: true,
          purposeOneTreatment: false,
          publisherCountryCode: "CN",
          specialFeatureOptins: [],
          purposeConsents: expected,
          purposeLegitimateInterests: [],
          vendorConsents: [],
          vendorLegitimateInterests: [],
          vendorsDisclosed: [],
          publisherConsents: expected,
          publisherLegitimateInterests: [],
          numCustomPurposes: 0,
        },
      );
      const consents = Object.entries(api.data.purpose.consents).filter(([, v]) => v).map(([k]) => Number(k));
      assert.deepEqual(consents, expected);
    } finally {
      await browser.close();
    }
  });

  test("Global Privacy Control in California takes advertising off the table", T, async () => {
    const { browser, page } = await visit("/", { jurisdiction: "US-CA", gpc: true });
    try {
      await dialog(page).waitFor();
      await button(page, "Choose").click();
      assert.equal(await page.isDisabled("#assent-p-advertising"), true);
      const note = await page.locator("#assent-p-advertising").locator("xpath=ancestor::li").locator(".assent-note").textContent();
      assert.match(note, /Global Privacy Control/);
      await button(page, "Accept all").click();
      await status(page);
      const s = await page.evaluate(() => window.assent.state());
      assert.equal(s.gpc, true);
      assert.equal(s.decisions.advertising, "denied");
      assert.equal(s.consentMode.ad_storage, "denied");
      assert.equal(s.purposes["analytics-cookies"], true);
    } finally {
      await browser.close();
    }
  });

  test("a fresh visitor answers the age question in the banner's dialog, then the first layer opens", T, async () => {
    const { browser, page } = await visit("/", { band: null });
    try {
      // Age unknown where the policy asks for it: nothing optional is offered, and the dialog's
      // first step is the neutral age question: nothing preselected, every year offered.
      const age = page.locator("[role=dialog].assent-age");
      await age.waitFor();
      assert.equal(await page.evaluate(() => document.activeElement.id), "assent-title");
      assert.equal(await page.evaluate(() => window.assent.state().decisions["analytics-cookies"]), "denied");
      assert.deepEqual(await age.locator("select").evaluateAll((s) => s.map((e) => e.value)), ["", ""]);
      assert.equal(await age.locator("select[name=birthYear] option").count(), 122);
      assert.match(await age.locator("#assent-desc").textContent(), /Only your age band is kept/);
      // Answered, the module posts it to the edge's /age, which locks the band in its cookie;
      // the page stays (a single-page app keeps its state) and the same dialog goes on.
      await page.evaluate(() => {
        window.__same = true;
      });
      await age.locator("select[name=birthYear]").selectOption(String(new Date().getUTCFullYear() - 30));
      await age.locator("select[name=birthMonth]").selectOption("1");
      await age.locator("[data-assent-action=age]").click();
      await page.locator("[role=dialog].assent-first").waitFor();
      assert.equal(await page.evaluate(() => window.__same), true, "no page load");
      assert.equal(await page.getAttribute("html", "data-assent-age-band"), "adult");
      assert.equal(await page.evaluate(() => document.activeElement.id), "assent-title");
      await button(page, "Accept all").click();
      assert.match(await status(page), /signed a receipt/);
      await page.waitForFunction(() => document.documentElement.dataset.analytics === "on");
    } finally {
      await browser.close();
    }
  });

  test("16 in CN after the age gate: the guidance notice first, then the banner; youth mode, no guardian, no advertising", T, async () => {
    const { browser, page } = await visit("/", { band: null, jurisdiction: "CN" });
    try {
      const age = page.locator("[role=dialog].assent-age");
      await age.locator("select[name=birthYear]").selectOption(String(new Date().getUTCFullYear() - 16));
      await age.locator("select[name=birthMonth]").selectOption("1");
      await age.locator("[data-assent-action=age]").click();
      // Answered in place: the edge locked the band, and the same dialog goes on.
      await page.locator("[role=dialog].assent-guidance").waitFor();
      assert.equal(await page.getAttribute("html", "data-assent-age-band"), "minor");
      assert.equal(await page.getAttribute("html", "data-assent-youth-mode"), "on");
      // No guardian is demanded at 16 in CN: no link to the guardian request, no pending state.
      assert.equal(await page.locator("a[data-assent=guardian-request]").count(), 0);
      const s = await page.evaluate(() => window.assent.state());
      assert.equal(s.ageBand, "minor");
      assert.equal(s.youthMode, true);
      assert.ok(!Object.values(s.decisions).includes("needs_guardian_consent"), JSON.stringify(s.decisions));
      assert.equal(s.decisions.advertising, "forbidden");
      // The guidance notice comes first: one labelled dialog, focus on its heading, the policy's
      // clause on minors linked, one button.
      await dialog(page).waitFor();
      assert.equal(await dialog(page).count(), 1);
      const notice = page.locator("[role=dialog].assent-guidance");
      assert.equal(await notice.getAttribute("aria-labelledby"), "assent-title");
      assert.equal(await page.textContent("#assent-title"), "Read this with a parent or guardian");
      assert.equal(await page.evaluate(() => document.activeElement.id), "assent-title");
      assert.match(await notice.locator("#assent-desc").textContent(), /under 18.*supervision and guidance of a parent or other guardian/);
      const clause = notice.locator("a.assent-link");
      assert.match(await clause.getAttribute("href"), /#minors$/);
      assert.match(await clause.textContent(), /Special protection for minors/);
      assert.equal(await notice.getByRole("button").count(), 1);
      assert.deepEqual(await axe(page), []);
      await page.screenshot({ path: path.join(artifacts, "banner-en-guidance.png") });
      await button(page, "Continue").click();
      // Then the banner's first layer, in the same place, focus on its heading.
      await page.locator("[role=dialog].assent-first").waitFor();
      assert.equal(await page.locator("[role=dialog].assent-guidance").count(), 0);
      assert.equal(await page.evaluate(() => document.activeElement.id), "assent-title");
      assert.equal(await page.evaluate((key) => localStorage.getItem(key), `assent:${seed.id}:guidance`), "1");
      // Forbidden for minors: no switch to turn on in the second layer.
      await button(page, "Choose").click();
      assert.equal(await page.locator("#assent-p-advertising").isDisabled(), true);
      await page.keyboard.press("Escape");
      // Acknowledged once: a reload opens the banner, not the notice again, and the edge no
      // longer writes the notice into its pages (the module told it, by the notice's form).
      await page.reload({ waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      assert.equal(await page.locator("[role=dialog].assent-guidance").count(), 0);
      const served = await page.context().request.get(new URL("/about.html", edge.url).href, { headers: { "x-assent-jurisdiction": "CN" } });
      assert.doesNotMatch(await served.text(), /assent-guidance/);
      await page.evaluate(() => window.assent.acceptAll());
      const after = await page.evaluate(() => window.assent.state());
      assert.equal(after.purposes.advertising, false);
      assert.equal(after.purposes["analytics-cookies"], true);
    } finally {
      await browser.close();
    }
  });

  test("the guidance notice in zh-CN, then the Chinese banner; acknowledged, it stays away but the banner opens", T, async () => {
    const { browser, page } = await visit("/zh/", { jurisdiction: "CN", band: "minor" });
    try {
      const notice = page.locator("[role=dialog].assent-guidance");
      await notice.waitFor();
      assert.equal(await page.textContent("#assent-title"), "请在监护人的指导下阅读");
      assert.match(await notice.locator("#assent-desc").textContent(), /未满18周岁.*监护和指导/);
      assert.match(await notice.locator("a.assent-link").textContent(), /未成年人个人信息的特别保护/);
      assert.equal(await page.getAttribute("html", "data-assent-youth-mode"), "on");
      assert.deepEqual(await axe(page), []);
      await page.screenshot({ path: path.join(artifacts, "banner-zh-CN-guidance.png") });
      // Escape takes the notice's one way out as well.
      await page.keyboard.press("Escape");
      await page.locator("[role=dialog].assent-first").waitFor();
      assert.equal(await page.textContent("#assent-title"), seed.notice.title["zh-CN"]);
      await page.reload({ waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      await page.locator("[role=dialog].assent-first").waitFor();
      assert.equal(await notice.count(), 0);
      assert.equal(await page.evaluate(() => window.assent.state().youthMode), true);
    } finally {
      await browser.close();
    }
  });

  test("an embed's placeholder allows its one purpose and loads it", T, async () => {
    const { browser, page, requests } = await visit("/about.html");
    try {
      await page.keyboard.press("Escape");
      const placeholder = page.locator(".assent-placeholder");
      assert.match(await placeholder.textContent(), /Map of the workshop is not loaded.*Location services/);
      await placeholder.getByRole("button").click();
      await page.waitForFunction(() => document.querySelector("iframe[data-purpose=location]")?.getAttribute("src"));
      await page.waitForFunction(() => !document.querySelector(".assent-placeholder"));
      assert.ok(requests.includes("/embed/map.html"));
      // Applied at once; the receipt follows.
      await page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) ?? "[]").length === 1, RECEIPTS);
      const [payload] = await verifiedPayloads(await stored(page));
      assert.deepEqual(payload.purposes.map((p) => [p.purpose, p.state, p.separate]), [["location", "ConsentGiven", true]]);
    } finally {
      await browser.close();
    }
  });
});

describe("the banner without a consent service, and presets in development mode", () => {
  let site;
  let server;

  before(async () => {
    site = await tempDir("banner-static");
    await symlink(pkgDir, path.join(site.dir, "pkg"), "dir");
    const core = await writeCompiled(site.dir, seed);
    await mkdir(path.join(site.dir, "js"));
    await writeFile(path.join(site.dir, "js", "analytics.js"), 'document.documentElement.dataset.analytics = "on";');
    const page = (development) => `<!doctype html>
<html lang="en" data-assent-age-band="adult">
<head>
<meta charset="utf-8">
<title>Static shop</title>
<link rel="stylesheet" href="/pkg/assent.css">
<script type="application/json" id="assent-config">{"policy": "${core}", "jurisdiction": "DE", "development": ${development}}</script>
<script type="module" src="/pkg/banner.js"></script>
<script type="text/plain" data-purpose="analytics-cookies" src="/js/analytics.js"></script>
</head>
<body><main><h1>Static shop</h1></main></body>
</html>`;
    await writeFile(path.join(site.dir, "dev.html"), page(true));
    await writeFile(path.join(site.dir, "prod.html"), page(false));
    // Later versions of the policy, for the update notice: a major change and a minor one.
    for (const [file, version] of [["major.html", "seed-1.1.0"], ["minor.html", "seed-1.0.1-wording"]]) {
      const policy = await readFile(path.join(root, "policies", "versions", `${version}.json`), "utf8");
      const later = await writeCompiled(site.dir, policy, version);
      await writeFile(path.join(site.dir, file), page(false).replace(core, later));
    }
    // No age band from an edge: the banner asks the age itself.
    await writeFile(path.join(site.dir, "age.html"), page(false).replace(' data-assent-age-band="adult"', ""));
    // The banner written into the page as the edge would (policy.bannerHtml), and a script that
    // notes its dialog before the module runs.
    const policy = engine.loadPolicy(JSON.stringify(seed));
    const written = policy.bannerHtml(
      { now: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"), jurisdiction: "DE", ageBand: "adult", locale: "en" },
      { action: "/consent/form", returnTo: "/written.html" },
    );
    policy.free();
    await writeFile(path.join(site.dir, "js", "note.js"), 'window.__written = document.querySelector(".assent-dialog");');
    await writeFile(
      path.join(site.dir, "written.html"),
      page(false).replace("</main>", `</main>${written.html}<script src="/js/note.js"></script>`),
    );
    // A configuration that names a core file the site does not have.
    await writeFile(path.join(site.dir, "missing.html"), page(false).replace(core, "/policy/none.core.json"));
    // Core URLs that answer an HTML page with a 200, as a dev server answers a path it does not
    // have with its index.html: one served as text/html, one whose type says JSON.
    await writeFile(path.join(site.dir, "index.html"), "<!doctype html><title>app</title><div id=app></div>");
    await writeFile(path.join(site.dir, "typed.html"), page(false).replace(core, "/index.html"));
    await writeFile(path.join(site.dir, "policy", "typo.core.json"), "<!doctype html><title>app</title>");
    await writeFile(path.join(site.dir, "untyped.html"), page(false).replace(core, "/policy/typo.core.json"));
    // Markup written as for the edge, which a static site does not gate: the script runs at once.
    await writeFile(
      path.join(site.dir, "ungated.html"),
      page(false).replace('<script type="text/plain" data-purpose="analytics-cookies" src="/js/analytics.js">', '<script data-purpose="analytics-cookies" src="/js/analytics.js">'),
    );
    await writeFile(path.join(site.dir, "favicon.ico"), "");
    await writeFile(path.join(site.dir, "blank.html"), "<!doctype html><title>blank</title>");
    server = await serveStatic(site.dir, { "content-security-policy": BANNER_CSP });
  });

  after(async () => {
    await server?.close();
    await site?.remove();
  });

  async function open(route) {
    const browser = await launchChromium();
    const page = await browser.context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(new URL(route, server.url).href, { waitUntil: "load" });
    await page.waitForFunction(() => window.assent, null, { timeout: 30_000 });
    return { browser, page, errors };
  }

  test("without an edge the choice applies, is kept locally, and the page says it is unsigned", T, async () => {
    const { browser, page, errors } = await open("/prod.html");
    try {
      await button(page, "Choose").click();
      assert.match(await page.textContent(".assent-second"), /no consent service/);
      await page.check("#assent-p-analytics-cookies");
      await button(page, "Save my choices").click();
      assert.match(await status(page), /no signed receipt/);
      await page.waitForFunction(() => document.documentElement.dataset.analytics === "on");
      const s = await page.evaluate(() => window.assent.state());
      assert.equal(s.signed, false);
      assert.deepEqual([...s.unsigned].sort(), [...optional].sort());
      await page.reload({ waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      assert.equal(await dialog(page).count(), 0);
      await page.waitForFunction(() => document.documentElement.dataset.analytics === "on");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test("markup that ran before its purpose was allowed is named on the console, with how to write it", T, async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const warnings = [];
      page.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
      await page.goto(new URL("/ungated.html", server.url).href, { waitUntil: "load" });
      await page.waitForFunction(() => window.assent, null, { timeout: 30_000 });
      const said = warnings.find((w) => w.startsWith("assent: markup of these purposes ran before they were allowed"));
      assert.ok(said, warnings.join("\n"));
      assert.match(said, /type="text\/plain"/);
      assert.match(said, /analytics-cookies/);
      // Markup written to be gated draws no such warning.
      const gated = await browser.context.newPage();
      const quiet = [];
      gated.on("console", (m) => m.type() === "warning" && quiet.push(m.text()));
      await gated.goto(new URL("/prod.html", server.url).href, { waitUntil: "load" });
      await gated.waitForFunction(() => window.assent, null, { timeout: 30_000 });
      assert.deepEqual(quiet.filter((w) => w.startsWith("assent:")), []);
    } finally {
      await browser.close();
    }
  });

  test("the core file is requested once, beside the module; a missing one is reported, and nothing optional runs", T, async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const requests = [];
      page.on("request", (r) => requests.push(new URL(r.url()).pathname));
      const reported = page.waitForEvent("console", {
        predicate: (m) => m.type() === "error" && m.text().startsWith("assent: the banner did not start"),
        timeout: 30_000,
      });
      await page.goto(new URL("/missing.html", server.url).href, { waitUntil: "load" });
      const failure = (await reported).text();
      assert.match(failure, /the policy could not be loaded: \/policy\/none\.core\.json answered 404/);
      assert.equal(requests.filter((p) => p === "/policy/none.core.json").length, 1, requests.join(" "));
      assert.equal(await page.evaluate(() => document.documentElement.dataset.analytics), undefined);
      assert.equal(await page.locator(".assent-dialog").count(), 0);
    } finally {
      await browser.close();
    }
    // A page that works asks for its core file once too.
    const { browser: b2, page } = await open("/prod.html");
    try {
      const cores = await page.evaluate(() => performance.getEntriesByType("resource").filter((e) => e.name.endsWith(".core.json")).length);
      assert.equal(cores, 1);
    } finally {
      await b2.close();
    }
  });

  test("a core URL that answers an HTML page with 200 is reported with its URL, and no dialog opens", T, async () => {
    for (const [route, core] of [["/typed.html", "/index.html"], ["/untyped.html", "/policy/typo.core.json"]]) {
      const browser = await launchChromium();
      try {
        const page = await browser.context.newPage();
        const reported = page.waitForEvent("console", {
          predicate: (m) => m.type() === "error" && m.text().startsWith("assent: the banner did not start"),
          timeout: 30_000,
        });
        await page.goto(new URL(route, server.url).href, { waitUntil: "load" });
        const failure = (await reported).text();
        assert.ok(
          failure.includes(
            `the policy could not be loaded: \`${core}\` answered an HTML page, not a compiled policy file: is the path right? (a dev server answers a missing file with its index.html)`,
          ),
          failure,
        );
        assert.doesNotMatch(failure, /corrupt/);
        assert.equal(await page.evaluate(() => document.documentElement.dataset.analytics), undefined);
        assert.equal(await page.locator(".assent-dialog").count(), 0);
      } finally {
        await browser.close();
      }
    }
  });

  test("without an edge the age question is answered in the page, and the same dialog goes on", T, async () => {
    const { browser, page, errors } = await open("/age.html");
    try {
      const age = page.locator("[role=dialog].assent-age");
      await age.waitFor();
      await age.locator("select[name=birthYear]").selectOption(String(new Date().getUTCFullYear() - 30));
      // Required: without a month nothing is answered.
      await age.locator("[data-assent-action=age]").click();
      assert.equal(await age.count(), 1);
      await age.locator("select[name=birthMonth]").selectOption("1");
      await age.locator("[data-assent-action=age]").click();
      await page.locator("[role=dialog].assent-first").waitFor();
      assert.equal(new URL(page.url()).pathname, "/age.html", "no navigation");
      assert.equal(await page.locator(".assent").count(), 1, "one banner");
      assert.equal(await page.evaluate(() => document.activeElement.id), "assent-title");
      assert.equal(await page.evaluate(() => window.assent.state().ageBand), "adult");
      // Only the band is kept in the browser, never the birth date.
      const kept = await page.evaluate(() => localStorage.getItem("assent:assent-seed:age"));
      assert.equal(JSON.parse(kept).band, "adult");
      assert.deepEqual(Object.keys(JSON.parse(kept)).sort(), ["band", "conflicts", "jurisdiction", "lockedAt"]);
      await page.reload({ waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      await page.locator("[role=dialog].assent-first").waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
    const child = await open("/age.html");
    try {
      const age = child.page.locator("[role=dialog].assent-age");
      await age.locator("select[name=birthYear]").selectOption(String(new Date().getUTCFullYear() - 10));
      await age.locator("select[name=birthMonth]").selectOption("1");
      await age.locator("[data-assent-action=age]").click();
      const guardian = child.page.locator("[role=dialog].assent-guardian");
      await guardian.waitFor();
      assert.match(await guardian.textContent(), /cannot send the request itself/);
      assert.equal(await guardian.locator("input[name=contact]").count(), 0, "no edge to send it");
      assert.equal(await child.page.evaluate(() => window.assent.state().ageBand), "below_guardian_age");
    } finally {
      await child.browser.close();
    }
  });

  test("without an edge, Reject all on the age question refuses everything with no age, and the question stays away", T, async () => {
    const { browser, page, errors } = await open("/age.html");
    try {
      const age = page.locator("[role=dialog].assent-age");
      await age.waitFor();
      await age.getByRole("button", { name: "Reject all", exact: true }).click();
      await age.waitFor({ state: "detached" });
      assert.equal(new URL(page.url()).pathname, "/age.html", "no navigation");
      const state = await page.evaluate(() => window.assent.state());
      assert.equal(state.ageBand, "unknown");
      const { essential, ...optional } = state.purposes;
      assert.equal(essential, true);
      assert.ok(Object.values(optional).every((on) => on === false), JSON.stringify(state.purposes));
      await page.reload({ waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      await page.waitForTimeout(300);
      assert.equal(await page.locator("[role=dialog]").count(), 0);
      // A "yes" still starts at the age question; answered, the choices asked for open.
      await page.getByRole("button", { name: "Privacy choices", exact: true }).click();
      const again = page.locator("[role=dialog].assent-age");
      await again.waitFor();
      await again.locator("select[name=birthYear]").selectOption(String(new Date().getUTCFullYear() - 30));
      await again.locator("select[name=birthMonth]").selectOption("1");
      await again.locator("[data-assent-action=age]").click();
      await page.locator("[role=dialog].assent-second").waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test("a banner the edge wrote into the page is taken over, not drawn twice", T, async () => {
    const { browser, page, errors } = await open("/written.html");
    try {
      assert.equal(await page.locator(".assent").count(), 1, "one container");
      assert.equal(await dialog(page).count(), 1, "one dialog");
      assert.ok(await page.evaluate(() => window.__written === document.querySelector(".assent-dialog")), "the same element");
      assert.equal(await page.evaluate(() => document.activeElement.id), "assent-title");
      // Its buttons are the module's now: the choice applies without leaving the page.
      await button(page, "Accept all").click();
      assert.match(await status(page), /no signed receipt/);
      assert.equal(new URL(page.url()).pathname, "/written.html");
      assert.equal(await dialog(page).count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test("a preset in the query is honoured only when the page opts into development mode", T, async () => {
    const dev = await open("/dev.html?assent-preset=analytics-cookies:1");
    try {
      assert.equal(await dialog(dev.page).count(), 0, "the preset answered the banner");
      await dev.page.waitForFunction(() => document.documentElement.dataset.analytics === "on");
      const s = await dev.page.evaluate(() => window.assent.state());
      assert.equal(s.purposes["analytics-cookies"], true);
      assert.equal(s.purposes.advertising, false);
    } finally {
      await dev.browser.close();
    }
    const prod = await open("/prod.html?assent-preset=accept-all");
    try {
      assert.equal(await dialog(prod.page).count(), 1, "ignored outside development mode");
      assert.equal(await prod.page.evaluate(() => window.assent.state().purposes["analytics-cookies"]), false);
    } finally {
      await prod.browser.close();
    }
  });

  /** A visitor who accepted everything, one by one, under 1.0.0 and last saw 1.0.0. */
  async function returning(browser) {
    const page = await browser.context.newPage();
    await page.goto(new URL("/blank.html", server.url).href);
    const time = new Date(Date.now() - 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");
    const consents = Object.fromEntries(
      optional.map((id) => [id, { state: "ConsentGiven", time, policyVersion: "1.0.0", separate: true }]),
    );
    await page.evaluate(
      ([id, consents]) => {
        localStorage.setItem(`assent:${id}:seen`, "1.0.0");
        localStorage.setItem(`assent:${id}:local`, JSON.stringify(consents));
      },
      [seed.id, consents],
    );
    return page;
  }

  test("a major policy change opens a modal that asks again only about what changed", T, async () => {
    const browser = await launchChromium();
    try {
      const page = await returning(browser);
      await page.goto(new URL("/major.html", server.url).href, { waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      const modal = page.locator(".assent-update[role=dialog]");
      await modal.waitFor();
      assert.equal(await page.textContent("#assent-title"), "Our privacy policy has changed");
      assert.match(await page.textContent("#assent-desc"), /Version 1\.1\.0 replaces 1\.0\.0:\nNew recipient/);
      const asked = await modal.locator("input[data-assent-purpose]").evaluateAll((xs) => xs.map((x) => [x.dataset.assentPurpose, x.checked]));
      assert.deepEqual(asked, [["advertising", false]]);
      await page.screenshot({ path: path.join(artifacts, "banner-en-update-major.png") });
      assert.equal(await page.evaluate(() => window.assent.state().decisions.advertising), "needs_reconsent");
      assert.equal(await page.evaluate(() => window.assent.state().purposes["analytics-cookies"]), true, "unchanged purposes keep running");
      // A new recipient reduces rights: answering accepts 1.1.0; until then 1.0.0's terms apply.
      assert.equal(await page.evaluate(() => window.assent.state().termsVersion), "1.0.0");
      assert.match(await modal.locator(".assent-terms").textContent(), /terms of version 1\.0\.0/);
      await page.check("#assent-p-advertising");
      await button(page, "Accept the new terms").click();
      await status(page);
      assert.equal(await page.evaluate(() => window.assent.state().purposes.advertising), true);
      assert.equal(await page.evaluate(() => window.assent.state().termsVersion), "1.1.0");
      await page.reload({ waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      assert.equal(await page.locator("[role=dialog]").count(), 0, "seen: no notice again");
    } finally {
      await browser.close();
    }
  });

  test("a minor policy change shows a bar that one click dismisses", T, async () => {
    const browser = await launchChromium();
    try {
      const page = await returning(browser);
      await page.goto(new URL("/minor.html", server.url).href, { waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      assert.equal(await page.locator("[role=dialog]").count(), 0, "not modal");
      const bar = page.getByRole("region", { name: "Our privacy policy was updated" });
      assert.match(await bar.textContent(), /Wording updated/);
      await page.screenshot({ path: path.join(artifacts, "banner-en-update-minor.png") });
      await bar.getByRole("button", { name: "Got it" }).click();
      assert.equal(await bar.count(), 0);
      await page.reload({ waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      assert.equal(await page.locator(".assent-bar").count(), 0);
    } finally {
      await browser.close();
    }
  });

  test("window.assent: set, on('change'), and errors that name the purpose", T, async () => {
    const { browser, page } = await open("/prod.html");
    try {
      const out = await page.evaluate(async () => {
        const seen = [];
        window.assent.on("change", (s) => seen.push(s.purposes["analytics-cookies"]));
        const after = await window.assent.set({ "analytics-cookies": true });
        let error;
        try {
          await window.assent.set({ essential: false });
        } catch (e) {
          error = { name: e.name, code: e.code };
        }
        let typo;
        try {
          await window.assent.set({ "analytcs-cookies": true });
        } catch (e) {
          typo = { code: e.code, hint: e.hint };
        }
        const rejected = await window.assent.rejectAll();
        return { seen, after: after.purposes["analytics-cookies"], error, typo, rejected: rejected.purposes["analytics-cookies"] };
      });
      assert.deepEqual(out.seen, [true, false]);
      assert.equal(out.after, true);
      assert.deepEqual(out.error, { name: "AssentError", code: "choice.essential" });
      assert.equal(out.typo.code, "choice.unknown_purpose");
      assert.match(out.typo.hint, /analytics-cookies/);
      assert.equal(out.rejected, false);
    } finally {
      await browser.close();
    }
  });
});
