// A first-time visitor's first page view through the edge (real workerd, headless Chromium): the
// banner is in the HTML the edge sends, the age question is its first step, and every choice works
// without JavaScript (forms posting to the edge). With JavaScript, the banner module adopts the
// element the edge wrote: one banner, and the page does not move.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";

import { adultHeaders, ageLockCookie, auditor, cookieClient, edgeForFile, get, receiptsOf, subjectOf } from "./edge.mjs";
import { axeViolations, launchChromium } from "./helpers.mjs";

const T = { timeout: 120_000 };
const thisYear = new Date().getUTCFullYear();

const { state, edge } = await edgeForFile("first-visit");

/** A page in a fresh browser, in `jurisdiction`, with or without JavaScript. */
async function freshPage({ jurisdiction = "DE", javaScriptEnabled = false } = {}) {
  const browser = await launchChromium({ javaScriptEnabled });
  const page = await browser.context.newPage();
  await page.setExtraHTTPHeaders({ "x-assent-jurisdiction": jurisdiction });
  return { browser, page };
}

const dialog = (page) => page.locator("[role=dialog]");
const button = (page, name) => page.getByRole("button", { name, exact: true });

/** Answers the age question in the dialog and waits for the page it goes back to. */
async function answerAge(page, year, month = 6) {
  const age = page.locator("[role=dialog].assent-age");
  await age.locator("select[name=birthYear]").selectOption(String(year));
  await age.locator("select[name=birthMonth]").selectOption(String(month));
  await Promise.all([page.waitForNavigation(), age.locator("[data-assent-action=age]").click()]);
}

/** The same with the banner's module in the page: the edge locks the answer, the page stays. */
async function answerAgeInPlace(page, year, month = 6) {
  const age = page.locator("[role=dialog].assent-age");
  await age.locator("select[name=birthYear]").selectOption(String(year));
  await age.locator("select[name=birthMonth]").selectOption(String(month));
  await age.locator("[data-assent-action=age]").click();
  await page.waitForFunction(() => document.documentElement.hasAttribute("data-assent-age-band"));
  await page.locator("[role=dialog]:not(.assent-age)").waitFor();
}

const axe = axeViolations;

describe("a first-time visitor, from the first page view", () => {
  test("the edge's HTML already holds the banner, its first step the neutral age question", T, async () => {
    const res = await fetch(new URL("/", edge.url), { headers: { "x-assent-jurisdiction": "DE" } });
    const html = await res.text();
    assert.equal((html.match(/<aside class="assent assent-layout-modal"/g) ?? []).length, 1);
    assert.match(html, /<div class="assent-dialog assent-age" role="dialog" aria-modal="true"/);
    assert.match(html, /<form class="assent-form assent-age-step" method="post" action="\/age\?lang=en"/);
    // No default, no hint of a cutoff: the empty choice first, then every year the engine lists.
    assert.match(html, /<select name="birthYear" required><option value="">Choose…<\/option><option value="\d{4}">/);
    assert.doesNotMatch(html, /<option[^>]*\bselected\b/);
    assert.doesNotMatch(html, /data-assent="age-gate"/, "no link below the footer any more");
    // The gated scripts stay inert in the same page.
    assert.match(html, /<script data-purpose="analytics-cookies" src="\/js\/analytics.js" defer type="text\/plain"/);
  });

  test("a page loaded into a frame is gated but shows no banner: the page around it asks", T, async () => {
    const ask = (dest) =>
      fetch(new URL("/embed/video.html", edge.url), { headers: { "x-assent-jurisdiction": "DE", ...(dest ? { "sec-fetch-dest": dest } : {}) } }).then((r) => r.text());
    for (const dest of ["iframe", "frame", "embed", "object"]) {
      assert.doesNotMatch(await ask(dest), /<aside class="assent/, dest);
    }
    assert.match(await ask("document"), /<aside class="assent/);
    assert.match(await ask(null), /<aside class="assent/, "a client that does not say is asked");
  });

  test("an adult without JavaScript: age, reject all, then analytics from the second layer; signed and logged", T, async () => {
    const { browser, page } = await freshPage();
    try {
      await page.goto(new URL("/", edge.url).href);
      assert.equal(await dialog(page).count(), 1);
      assert.match(await page.locator(".assent-age #assent-desc").textContent(), /Only your age band is kept/);
      await answerAge(page, thisYear - 35);
      // The same dialog goes on: the first layer, three equal buttons.
      await page.locator("[role=dialog].assent-first").waitFor();
      const looks = [];
      for (const name of ["Accept all", "Reject all", "Choose"]) {
        const b = button(page, name);
        looks.push([await b.evaluate((el) => `${el.tagName} ${el.className}`), (await b.boundingBox()).height]);
      }
      assert.equal(new Set(looks.map(String)).size, 1, JSON.stringify(looks));
      // By keyboard: focus "Reject all" and press Enter.
      await button(page, "Reject all").focus();
      await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
      assert.equal(await dialog(page).count(), 0, "a recorded choice: no dialog");
      const subject = await subjectOf(page);
      // The persistent button reopens the choices: the second layer, one switch per purpose.
      await Promise.all([page.waitForNavigation(), button(page, "Privacy choices").click()]);
      await page.locator("[role=dialog].assent-second").waitFor();
      assert.ok((await page.locator("input[type=checkbox][name^='p:']").count()) >= 5);
      await page.check("#assent-p-analytics-cookies");
      await Promise.all([page.waitForNavigation(), button(page, "Save my choices").click()]);
      assert.equal(await dialog(page).count(), 0);
      assert.equal(new URL(page.url()).pathname, "/");
      // The page the edge sends now runs analytics, and still not advertising.
      const html = await (await fetch(new URL("/", edge.url), { headers: { "x-assent-jurisdiction": "DE", cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ") } })).text();
      assert.match(html, /<script data-purpose="analytics-cookies" src="\/js\/analytics.js" defer>/);
      assert.match(html, /<script data-purpose="advertising" src="\/js\/ads.js" defer type="text\/plain"/);
      // Both choices are signed receipts in the log, in this device's name.
      const receipts = await receiptsOf(edge.url, state, subject);
      assert.equal(receipts.length, 2, JSON.stringify(receipts));
      const [rejected, saved] = receipts;
      assert.equal(rejected.collectionMethod, "banner_layer1");
      assert.ok(rejected.purposes.every((p) => p.state === "ConsentRefused"));
      assert.equal(rejected.ageBand, "adult");
      assert.equal(saved.collectionMethod, "banner_layer2");
      assert.deepEqual(
        saved.purposes.filter((p) => p.state === "ConsentGiven").map((p) => p.purpose),
        ["analytics-cookies"],
      );
    } finally {
      await browser.close();
    }
  });

  test("a child in CN without JavaScript: age, then the guardian step in the same dialog, and the request is sent", T, async () => {
    const { browser, page } = await freshPage({ jurisdiction: "CN" });
    try {
      await page.goto(new URL("/", edge.url).href);
      await answerAge(page, thisYear - 12);
      const step = page.locator("[role=dialog].assent-guardian");
      await step.waitFor();
      assert.match(await step.textContent(), /Until a parent or guardian agrees/);
      assert.equal(await page.locator("button[data-assent-action=accept]").count(), 0, "a child is offered no switch");
      await step.locator("input[name=contact]").fill("parent@example.test");
      await Promise.all([page.waitForNavigation(), step.locator("button[type=submit]").last().click()]);
      assert.match(page.url(), /\/guardian\/request/);
      const { body } = await get(edge.url, "/dev/outbox");
      assert.ok(body.messages.some((m) => m.recipient === "parent@example.test"));
    } finally {
      await browser.close();
    }
  });

  test("a form from another site is refused, and a button the banner does not have is a 400 page", T, async () => {
    const post = (form, headers = {}) =>
      fetch(new URL("/consent/form", edge.url), {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-assent-jurisdiction": "DE", ...headers },
        body: new URLSearchParams(form),
      });
    assert.equal((await post({ action: "accept" }, { origin: "https://evil.example" })).status, 403);
    const bad = await post({ action: "launch" });
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get("content-type"), /text\/html/);
    // Without an age, nothing optional can be accepted yet: the engine refuses, nothing is signed.
    const early = await post({ action: "save", "p:analytics-cookies": "on" });
    assert.equal(early.status, 422);
    // The update notice's "Got it": refused from another site; from this one, a visitor with no
    // choice on record has nothing to acknowledge, so the notice closes and nothing is signed.
    assert.equal((await post({ action: "update-dismiss" }, { origin: "https://evil.example" })).status, 403);
    const before = (await get(edge.url, "/v1/log/entries", { headers: auditor(state) })).body.entries.length;
    const dismissed = await post({ action: "update-dismiss" }, { cookie: ageLockCookie(state.privateKeySet, "adult") });
    assert.equal(dismissed.status, 303);
    assert.doesNotMatch(dismissed.headers.get("set-cookie") ?? "", /assent_consent=/);
    assert.equal((await get(edge.url, "/v1/log/entries", { headers: auditor(state) })).body.entries.length, before);
  });

  test("with JavaScript, the module adopts the edge's banner: one banner, no layout shift", T, async () => {
    const { browser, page } = await freshPage({ javaScriptEnabled: true });
    try {
      const [name, ...value] = ageLockCookie(state.privateKeySet, "adult").split("=");
      await browser.context.addCookies([{ name, value: value.join("="), url: edge.url }]);
      await page.addInitScript(() => {
        window.__shift = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
        }).observe({ type: "layout-shift", buffered: true });
      });
      await page.goto(new URL("/", edge.url).href, { waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      await page.waitForTimeout(500);
      assert.equal(await page.locator("aside.assent").count(), 1);
      assert.equal(await dialog(page).count(), 1);
      assert.equal(await page.evaluate(() => window.__shift), 0);
      // The adopted banner works as the module's own: Accept all records a receipt.
      await button(page, "Accept all").click();
      await page.waitForFunction(() => /signed a receipt/.test(document.querySelector(".assent-status")?.textContent ?? ""));
      assert.equal(await dialog(page).count(), 0);
    } finally {
      await browser.close();
    }
  });

  test("with JavaScript, a consent written into the browser's storage allows nothing the edge has not signed", T, async () => {
    const { browser, page } = await freshPage({ javaScriptEnabled: true });
    try {
      await page.goto(new URL("/", edge.url).href, { waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      await answerAgeInPlace(page, thisYear - 35);
      await button(page, "Reject all").click();
      await page.waitForFunction(() => /signed a receipt/.test(document.querySelector(".assent-status")?.textContent ?? ""));
      // A script of the page (or a person at the console) writes a consent the edge never signed.
      await page.evaluate((time) => {
        const key = Object.keys(localStorage).find((k) => k.endsWith(":local"));
        const record = { state: "ConsentGiven", time, policyVersion: "1.0.0", by: "guardian", separate: true, joint: false };
        localStorage.setItem(key ?? "assent:assent-seed:local", JSON.stringify({ advertising: record, "analytics-cookies": record }));
      }, new Date().toISOString().replace(/\.\d{3}Z$/, "Z"));
      await page.reload({ waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      await page.waitForTimeout(300);
      const state = await page.evaluate(() => window.assent.state());
      assert.notEqual(state.decisions.advertising, "allowed", JSON.stringify(state.decisions));
      assert.notEqual(state.decisions["analytics-cookies"], "allowed");
      assert.equal(await page.locator('script[data-purpose="advertising"][type="text/plain"]').count(), 1, "the ad script stays inert");
      assert.ok(!(await browser.context.cookies()).some((c) => c.name === "ad_id"));
    } finally {
      await browser.close();
    }
  });

  test("with JavaScript, GPC sent as a header binds the banner's engine as it binds the edge (California)", T, async () => {
    const { browser, page } = await freshPage({ jurisdiction: "US-CA", javaScriptEnabled: true });
    try {
      // Sec-GPC on every request, without navigator.globalPrivacyControl (as Chromium has none).
      await page.setExtraHTTPHeaders({ "x-assent-jurisdiction": "US-CA", "sec-gpc": "1" });
      await page.goto(new URL("/", edge.url).href, { waitUntil: "load" });
      assert.equal(await page.evaluate(() => navigator.globalPrivacyControl), undefined);
      assert.equal(await page.getAttribute("html", "data-assent-gpc"), "1");
      await page.waitForFunction(() => window.assent);
      await answerAgeInPlace(page, thisYear - 35);
      assert.equal(await page.evaluate(() => window.assent.state().gpc), true);
      await button(page, "Accept all").click();
      await page.waitForFunction(() => /signed a receipt|not recorded/.test(document.querySelector(".assent-status")?.textContent ?? ""));
      const state = await page.evaluate(() => window.assent.state());
      assert.notEqual(state.decisions.advertising, "allowed", JSON.stringify(state.decisions));
      assert.equal(state.decisions["analytics-cookies"], "allowed", "what GPC does not opt out of is accepted");
      assert.equal(await page.locator('script[data-purpose="advertising"][type="text/plain"]').count(), 1, "the ad script stays inert");
      assert.ok(!(await browser.context.cookies()).some((c) => c.name === "ad_id"));
    } finally {
      await browser.close();
    }
  });

  test("a first visit's page holds the package's stylesheet, allowed by its hash alone; a returning visitor's links it, allowed alike", T, async () => {
    const css = await (await fetch(new URL("/assent/assent.css", edge.url))).text();
    const hash = `'sha256-${createHash("sha256").update(css).digest("base64")}'`;
    const directives = (res) => Object.fromEntries(res.headers.get("content-security-policy").split("; ").map((d) => [d.split(" ")[0], d]));
    for (const route of ["/", "/zh/"]) {
      const res = await fetch(new URL(route, edge.url), { headers: { "x-assent-jurisdiction": "DE" } });
      const html = await res.text();
      const blocks = [...html.matchAll(/<style data-assent-css>([^]*?)<\/style>/g)];
      assert.equal(blocks.length, 1, route);
      assert.equal(blocks[0][1], css, `${route}: the block is the file, byte for byte`);
      assert.doesNotMatch(html, /<link rel="stylesheet" href="\/assent\/assent.css">/, route);
      assert.match(html, /<link rel="stylesheet" href="\/styles.css">/, `${route}: the site's own stylesheet stays a link`);
      // The block comes before anything of the banner's, in the head.
      assert.ok(blocks[0].index < html.indexOf("</head>") && html.indexOf("</head>") < html.indexOf('<aside class="assent'), route);
      const csp = directives(res);
      assert.equal(csp["style-src"], `style-src 'self' ${hash}`, route);
      assert.equal(csp["script-src"], "script-src 'self' 'wasm-unsafe-eval'", route);
      assert.doesNotMatch(res.headers.get("content-security-policy"), /unsafe-inline/);
      // HEAD answers the headers GET does.
      const head = await fetch(new URL(route, edge.url), { method: "HEAD", headers: { "x-assent-jurisdiction": "DE" } });
      assert.equal(head.headers.get("content-security-policy"), res.headers.get("content-security-policy"), route);
    }
    // Once nothing opens by itself (an adult who rejected all), the page keeps its link (cached
    // across pages).
    const subject = `s-${crypto.randomUUID()}`;
    const { cookie: ageLock, ...where } = adultHeaders(state, "DE", subject);
    const v = cookieClient(edge.url, where);
    const rejected = await v.req("/consent/form", { method: "POST", form: { action: "reject", lang: "en", return: "/" }, headers: { cookie: ageLock } });
    assert.equal(rejected.status, 303);
    const after = await fetch(new URL("/", edge.url), { headers: { ...where, cookie: `${v.cookie()}; ${ageLock}` } });
    const html = await after.text();
    assert.doesNotMatch(html, /role="dialog"/);
    assert.match(html, /<link rel="stylesheet" href="\/assent\/assent.css">/);
    assert.doesNotMatch(html, /<style/);
    // Its policy still allows the block by its hash: a dialog opened in place from the edge's
    // next page (edge-banner.js parses it under this page's policy) breaks no rule.
    assert.equal(directives(after)["style-src"], `style-src 'self' ${hash}`);
  });

  test("in Chromium the written stylesheet breaks no rule of the CSP, and the module takes it as its own", T, async () => {
    const { browser, page } = await freshPage({ javaScriptEnabled: true });
    try {
      await page.addInitScript(() => {
        window.__violations = [];
        document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      const requests = [];
      page.on("request", (r) => requests.push(new URL(r.url()).pathname));
      const layer = () => page.locator(".assent-layer").evaluate((el) => getComputedStyle(el).position);
      await page.goto(new URL("/", edge.url).href, { waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      await page.waitForTimeout(300);
      assert.deepEqual(await page.evaluate(() => window.__violations), []);
      assert.equal(await layer(), "fixed", "the dialog is laid out by the written stylesheet");
      assert.ok(!requests.includes("/assent/assent.css"), requests.join(" "));
      assert.equal(await page.locator("[data-assent-css]").count(), 1, "the module links no second copy");
      assert.equal(await page.locator("aside.assent").count(), 1);

      // The same page under a CSP whose hash is not the block's: Chromium refuses the block and
      // says so, which is what the checks above would see of a wrong hash.
      await page.route("**/", async (route) => {
        const res = await route.fetch();
        const headers = { ...res.headers(), "content-security-policy": res.headers()["content-security-policy"].replace(/'sha256-[^']+'/, `'sha256-${"A".repeat(43)}='`) };
        await route.fulfill({ response: res, headers });
      });
      await page.goto(new URL("/", edge.url).href, { waitUntil: "load" });
      assert.match((await page.evaluate(() => window.__violations)).join("\n"), /style-src/);
      assert.notEqual(await layer(), "fixed");
    } finally {
      await browser.close();
    }
  });

  test("axe finds nothing serious in the edge's banner, in English and in Chinese", T, async () => {
    const { browser, page } = await freshPage({ javaScriptEnabled: true });
    try {
      // The edge's markup alone: the module is kept from loading.
      await page.route("**/assent/banner.js", (r) => r.abort());
      for (const route of ["/", "/zh/"]) {
        await page.goto(new URL(route, edge.url).href);
        await dialog(page).waitFor();
        assert.deepEqual(await axe(page), [], `${route} age step`);
      }
    } finally {
      await browser.close();
    }
  });
});
