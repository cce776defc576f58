// Policy updates end to end: one visitor in headless Chromium, the real edge worker in workerd,
// and the site publishing the seed's later versions one after another (policies/releases/): the
// edge is restarted on the same port and storage with POLICY_VERSION set to the next version, as a
// deploy would. What the visitor is asked, what keeps running, which terms apply, and the
// receipts (verified with jose against the edge's published keys). Screenshots to test-artifacts/.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import * as jose from "jose";

import { ageLockCookie, edgeState, get, startEdge } from "./edge.mjs";
import { launchChromium, root } from "./helpers.mjs";

const T = { timeout: 180_000 };
const artifacts = path.join(root, "test-artifacts");
const RECEIPTS = "assent:assent-seed:receipts";

let state;
let edge;
let port;
let browser;
let jwks;

/** Publishes `version` (empty: the seed): the edge restarts on the same port and storage. */
async function publish(version) {
  await edge?.stop();
  // The port was just released; a moment may pass before it can be bound again.
  for (let attempt = 0; ; attempt++) {
    try {
      edge = await startEdge(state, { policyVersion: version, port });
      break;
    } catch (e) {
      if (attempt >= 20) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  port = Number(new URL(edge.url).port);
  const { body } = await get(edge.url, "/v1/policy/versions");
  assert.equal(body.current, version || "1.0.0");
}

before(async () => {
  await mkdir(artifacts, { recursive: true });
  state = await edgeState("updates");
  await publish("");
  jwks = await (await fetch(new URL("/.well-known/jwks.json", edge.url))).json();
  browser = await launchChromium();
  const [name, ...value] = ageLockCookie(state.privateKeySet, "adult", { jurisdiction: "DE" }).split("=");
  await browser.context.addCookies([{ name, value: value.join("="), url: edge.url }]);
});

after(async () => {
  await browser?.close();
  await edge?.stop();
  await state?.remove();
});

/** Opens the shop's home page in a new tab: the page, the paths it requested, its errors. */
async function visit() {
  const page = await browser.context.newPage();
  const requests = [];
  const errors = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  page.on("pageerror", (e) => errors.push(e.message));
  await page.setExtraHTTPHeaders({ "x-assent-jurisdiction": "DE" });
  await page.goto(new URL("/", edge.url).href, { waitUntil: "load", timeout: 30_000 });
  await page.waitForFunction(() => window.assent, null, { timeout: 30_000 });
  return { page, requests, errors };
}

const button = (page, name) => page.getByRole("button", { name, exact: true });
const state_ = (page) => page.evaluate(() => window.assent.state());
const ran = (requests, file) => requests.filter((p) => p === file).length;

async function status(page) {
  await page.waitForFunction(() => document.querySelector(".assent-status")?.textContent, null, { timeout: 15_000 });
  return page.textContent(".assent-status");
}

/** The receipts the browser holds, verified with jose against the edge's keys: their payloads. */
async function receipts(page) {
  const tokens = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? "[]"), RECEIPTS);
  const keys = jose.createLocalJWKSet(jwks);
  const out = [];
  for (const t of tokens) {
    const { payload } = await jose.compactVerify(t, keys, { algorithms: ["EdDSA"] });
    out.push(JSON.parse(new TextDecoder().decode(payload)));
  }
  return out.sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
}

/** The receipt that holds `purpose`'s latest record. */
const latestFor = (payloads, purpose) => payloads.filter((p) => p.purposes.some((x) => x.purpose === purpose)).at(-1);

describe("a visitor across published versions of the policy", () => {
  test("1.0.0: analytics and advertising accepted one by one", T, async () => {
    const { page, errors } = await visit();
    try {
      await button(page, "Choose").click();
      await page.check("#assent-p-analytics-cookies");
      await page.check("#assent-p-advertising");
      await button(page, "Save my choices").click();
      assert.match(await status(page), /signed a receipt/);
      await page.waitForFunction(() => document.documentElement.dataset.ads === "on");
      const s = await state_(page);
      assert.equal(s.version, "1.0.0");
      assert.equal(s.termsVersion, "1.0.0");
      assert.equal(s.purposes.advertising && s.purposes["analytics-cookies"], true);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  test("1.1.0, a new advertising partner: a prominent notice asks about advertising alone", T, async () => {
    await publish("1.1.0");
    const { page, requests, errors } = await visit();
    try {
      // The edge already holds advertising back (its scope grew); analytics keeps running.
      assert.equal(ran(requests, "/js/ads.js"), 0, requests.join(" "));
      await page.waitForFunction(() => document.documentElement.dataset.analytics === "on");
      const modal = page.locator(".assent-update[role=dialog]");
      await modal.waitFor();
      assert.equal(await page.textContent("#assent-title"), "Our privacy policy has changed");
      assert.match(await page.textContent("#assent-desc"), /New recipient: Advertising measurement partners/);
      const asked = await modal
        .locator("input[data-assent-purpose]")
        .evaluateAll((xs) => xs.map((x) => [x.dataset.assentPurpose, x.checked]));
      assert.deepEqual(asked, [["advertising", false]], "only advertising is asked, and it is off");
      assert.match(await modal.locator(".assent-terms").textContent(), /terms of version 1\.0\.0/);
      let s = await state_(page);
      assert.equal(s.termsVersion, "1.0.0");
      assert.equal(s.updateFrom, "1.0.0");
      assert.equal(s.decisions.advertising, "needs_reconsent");
      const others = Object.entries(s.decisions).filter(([id]) => id !== "advertising" && id !== "essential");
      assert.ok(others.every(([, d]) => d !== "needs_reconsent"), JSON.stringify(s.decisions));
      assert.equal(s.purposes["analytics-cookies"], true);
      await page.screenshot({ path: path.join(artifacts, "update-en-1.1.0-major.png") });

      // The full diff, for people, one link away.
      const href = await modal.getByRole("link", { name: "See every change" }).getAttribute("href");
      assert.equal(new URL(href, edge.url).pathname + new URL(href, edge.url).search, "/policy/changes?from=1.0.0&to=1.1.0&lang=en");
      const diff = await browser.context.newPage();
      await diff.goto(new URL(href, edge.url).href);
      assert.equal(await diff.textContent("h1"), "What changed from version 1.0.0 to 1.1.0");
      assert.match(await diff.textContent(".assent-change[data-severity=major]"), /New recipient/);
      assert.deepEqual(await diff.locator(".assent-reconsent li").evaluateAll((xs) => xs.map((x) => x.dataset.purpose)), ["advertising"]);
      await diff.close();

      await page.check("#assent-p-advertising");
      await button(page, "Accept the new terms").click();
      assert.match(await status(page), /signed a receipt/);
      await page.waitForFunction(() => document.documentElement.dataset.ads === "on");
      s = await state_(page);
      assert.equal(s.termsVersion, "1.1.0");
      assert.equal(s.purposes.advertising, true);
      const payloads = await receipts(page);
      const answer = latestFor(payloads, "advertising");
      assert.equal(answer.policy.version, "1.1.0");
      assert.equal(answer.collectionMethod, "update_notice");
      assert.deepEqual(answer.purposes.map((p) => [p.purpose, p.state]), [["advertising", "ConsentGiven"]]);
      // Analytics was not asked again: its record is still the one given under 1.0.0.
      assert.equal(latestFor(payloads, "analytics-cookies").policy.version, "1.0.0");
      await page.reload({ waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      assert.equal(await page.locator("[role=dialog]").count(), 0, "answered: no notice again");
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  test("1.1.1, wording only: a passive bar, nothing asked; its acknowledgement is a receipt", T, async () => {
    await publish("1.1.1");
    const { page, requests, errors } = await visit();
    try {
      const before = (await receipts(page)).length;
      assert.equal(ran(requests, "/js/ads.js"), 1, "advertising runs: its consent still covers it");
      const bar = page.getByRole("region", { name: "Our privacy policy was updated" });
      await bar.waitFor();
      assert.equal(await page.locator("[role=dialog]").count(), 0, "not modal");
      assert.match(await bar.textContent(), /Wording updated/);
      assert.equal(
        await bar.getByRole("link", { name: "See every change" }).getAttribute("href"),
        "/policy/changes?from=1.1.0&to=1.1.1&lang=en",
      );
      const s = await state_(page);
      assert.equal(s.termsVersion, "1.1.1");
      assert.equal(s.purposes.advertising && s.purposes["analytics-cookies"], true);
      await page.screenshot({ path: path.join(artifacts, "update-en-1.1.1-minor.png") });
      await bar.getByRole("button", { name: "Got it" }).click();
      assert.match(await status(page), /signed a receipt/);
      assert.equal(await bar.count(), 0);
      // The acknowledgement: the choices as they stand, recorded under 1.1.1, nothing turned on.
      const payloads = await receipts(page);
      const ack = payloads.at(-1);
      assert.equal(ack.policy.version, "1.1.1");
      assert.equal(ack.collectionMethod, "update_notice");
      const by = Object.fromEntries(ack.purposes.map((p) => [p.purpose, p.state]));
      assert.equal(by.advertising, "ConsentGiven");
      assert.equal(by["analytics-cookies"], "ConsentGiven");
      assert.ok(
        Object.entries(by).every(([id, st]) => st === "ConsentRefused" || id === "advertising" || id === "analytics-cookies"),
        JSON.stringify(by),
      );
      assert.ok(payloads.length <= before + 1, "superseded receipts are dropped from the browser's store");
      await page.reload({ waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      assert.equal(await page.locator(".assent-bar").count(), 0);
      const s2 = await state_(page);
      assert.equal(s2.termsVersion, "1.1.1");
      assert.equal(s2.purposes.advertising && s2.purposes["analytics-cookies"], true);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  test("2.0.0, a right removed: the old terms apply until the visitor accepts", T, async () => {
    await publish("2.0.0");
    let { page, requests, errors } = await visit();
    try {
      const modal = page.locator(".assent-update[role=dialog]");
      await modal.waitFor();
      assert.match(await page.textContent("#assent-desc"), /Right removed: Refuse programmatic advertising/);
      assert.equal(await modal.locator("input[data-assent-purpose]").count(), 0, "no purpose is asked again");
      assert.match(await modal.locator(".assent-terms").textContent(), /terms of version 1\.1\.1, under which you made your choices/);
      assert.equal(ran(requests, "/js/ads.js"), 1, "nothing consent covers changed: advertising keeps running");
      await page.screenshot({ path: path.join(artifacts, "update-en-2.0.0-rights.png") });

      // Not now: the older terms keep applying, and the notice stays away for this session.
      await button(page, "Not now").click();
      assert.equal(await page.locator("[role=dialog]").count(), 0);
      let s = await state_(page);
      assert.equal(s.version, "2.0.0");
      assert.equal(s.termsVersion, "1.1.1");
      assert.equal(s.purposes.advertising && s.purposes["analytics-cookies"], true);
      await page.reload({ waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      assert.equal(await page.locator("[role=dialog]").count(), 0, "not again in this session");
      assert.equal((await state_(page)).termsVersion, "1.1.1");
      await page.close();

      // A new tab is a new browsing session: the notice asks again.
      ({ page, requests, errors } = await visit());
      await page.locator(".assent-update[role=dialog]").waitFor();
      await button(page, "Accept the new terms").click();
      assert.match(await status(page), /signed a receipt/);
      s = await state_(page);
      assert.equal(s.termsVersion, "2.0.0");
      assert.equal(s.updateFrom, null);
      const accepted = (await receipts(page)).at(-1);
      assert.equal(accepted.policy.version, "2.0.0");
      assert.equal(accepted.collectionMethod, "update_notice");
      const by = Object.fromEntries(accepted.purposes.map((p) => [p.purpose, p]));
      assert.equal(by.advertising.state, "ConsentGiven");
      assert.equal(by["analytics-cookies"].state, "ConsentGiven");
      assert.equal(by["analytics-cookies"].separate, true, "a consent given one by one stays separate");
      assert.equal(by.marketing.state, "ConsentRefused", "accepting turns nothing on");
      await page.reload({ waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      assert.equal(await page.locator("[role=dialog]").count(), 0, "accepted: no notice again");
      assert.equal((await state_(page)).termsVersion, "2.0.0");
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  test("the edge serves every version and the diff between any two, as JSON and as a page in zh-CN", T, async () => {
    const { body } = await get(edge.url, "/v1/policy/versions");
    assert.deepEqual(
      body.versions.map((v) => [v.version, v.current]),
      [
        ["1.0.0", false],
        ["1.1.0", false],
        ["1.1.1", false],
        ["2.0.0", true],
      ],
    );
    const diff = await get(edge.url, "/v1/policy/diff?from=1.1.1&to=2.0.0");
    assert.equal(diff.status, 200);
    assert.deepEqual(
      diff.body.diff.changes.map((c) => [c.kind, c.severity, c.reducesRights]),
      [["right.removed", "major", true]],
    );
    assert.equal(diff.body.plan.requiresExplicitAcceptance, true);
    const page = await browser.context.newPage();
    try {
      await page.goto(new URL("/policy/changes?from=1.0.0&to=2.0.0&lang=zh-CN", edge.url).href);
      assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
      assert.equal(await page.textContent("h1"), "1.0.0版至2.0.0版的变更");
      assert.match(await page.textContent("main"), /取消的权利：拒绝程序化广告推送/);
      assert.match(await page.textContent("main"), /属于重大变更的原因：（4）您参与个人信息处理的权利及其行使方式发生变化/);
      await page.screenshot({ path: path.join(artifacts, "update-zh-CN-diff.png") });
    } finally {
      await page.close();
    }
    const wrong = await get(edge.url, "/policy/changes?from=2.0.0&to=1.0.0");
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.code, "policy.version_order");
  });
});

test("a POLICY_VERSION that is not published is a typed deploy error, not an internal one", T, async () => {
  // Its own state dir: the publish steps above keep theirs.
  const own = await edgeState("unpublished");
  const wrong = await startEdge(own, { policyVersion: "9.9.9" });
  try {
    const r = await get(wrong.url, "/v1/state", { headers: { "x-assent-jurisdiction": "DE" } });
    assert.equal(r.status, 500);
    assert.equal(r.body.error.code, "config.policy_version");
    assert.match(r.body.error.message, /9\.9\.9 is not a published version of assent-seed \(known: 1\.0\.0, .*2\.0\.0\)/);
    assert.match(r.body.error.hint, /policies/);
  } finally {
    await wrong.stop();
    await own.remove();
  }
});
