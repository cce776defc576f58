// Server-side gating: the edge rewrites the shop's pages so that a script or iframe runs only when
// the engine allows its purpose for this visitor, before any client JavaScript. Checked on the HTML
// and in headless Chromium, where the scripts really run or not.
import assert from "node:assert/strict";
import { test } from "node:test";

import { adultHeaders, ageLockCookie, edgeForFile, get, post } from "./edge.mjs";
import { launchChromium } from "./helpers.mjs";

const T = { timeout: 90_000 };
const GATED = ["analytics-cookies", "advertising", "location", "marketing"];

const { state, edge } = await edgeForFile("gating");

/** Every `<script|iframe data-purpose>` tag of a page, with its attributes. */
function gatedTags(html) {
  return [...html.matchAll(/<(script|iframe)\b([^>]*\bdata-purpose="[^"]*"[^>]*)>/g)].map(([, tag, attrs]) => ({
    tag,
    attrs: Object.fromEntries([...attrs.matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map(([, k, v]) => [k, v ?? ""])),
  }));
}

/** Whether a gated tag will run (script) or load (iframe) as served. */
const live = ({ tag, attrs }) => (tag === "script" ? attrs.type !== "text/plain" : "src" in attrs);

function purposesLive(html) {
  const tags = gatedTags(html);
  assert.deepEqual([...new Set(tags.map((t) => t.attrs["data-purpose"]))].sort(), [...GATED].sort());
  return [...new Set(tags.filter(live).map((t) => t.attrs["data-purpose"]))].sort();
}

test("with no consent, every gated script is text/plain and every gated iframe has no src", T, async () => {
  const adult = adultHeaders(state);
  for (const headers of [{}, adult, { "x-assent-jurisdiction": "US-CA", "sec-gpc": "1" }]) {
    const { status, headers: h, body } = await get(edge.url, "/", { headers });
    assert.equal(status, 200);
    assert.equal(h.get("content-type"), "text/html; charset=utf-8");
    assert.equal(h.get("cache-control"), "private, no-store");
    const tags = gatedTags(body);
    for (const { tag, attrs } of tags) {
      assert.equal(attrs["data-assent"], "blocked");
      if (tag === "script") {
        assert.equal(attrs.type, "text/plain");
        assert.ok(attrs.src.startsWith("/js/"), "the src stays: a text/plain script is never fetched");
      } else {
        assert.ok(!("src" in attrs));
        assert.ok(attrs["data-src"].startsWith("/embed/"));
      }
    }
    assert.deepEqual(purposesLive(body), []);
  }
  // The essential cart script is not gated.
  assert.match((await get(edge.url, "/")).body, /<script src="\/js\/shop.js" defer><\/script>/);
});

test("after consent to analytics only, only the analytics script is executable", T, async () => {
  const adult = adultHeaders(state);
  const given = await post(
    edge.url,
    "/v1/consent",
    { locale: "en", method: "banner_layer2", choices: { "analytics-cookies": true, advertising: false, marketing: false } },
    { headers: adult },
  );
  assert.equal(given.status, 201, JSON.stringify(given.body));
  const page = await get(edge.url, "/", { headers: adult, cookie: given.cookie });
  assert.deepEqual(purposesLive(page.body), ["analytics-cookies"]);
  const analytics = gatedTags(page.body).find((t) => t.attrs["data-purpose"] === "analytics-cookies");
  assert.ok(!("type" in analytics.attrs) && !("data-assent" in analytics.attrs), "left exactly as authored");
  // Other pages are gated the same way.
  assert.match((await get(edge.url, "/about.html", { headers: adult, cookie: given.cookie })).body, /data-purpose="analytics-cookies" src="\/js\/analytics.js" defer>/);

  // Withdrawn: blocked again on the next page.
  const withdrawn = await post(edge.url, "/v1/consent/withdraw", { purposes: ["analytics-cookies"] }, { headers: adult, cookie: given.cookie });
  assert.equal(withdrawn.status, 201, JSON.stringify(withdrawn.body));
  assert.deepEqual(purposesLive((await get(edge.url, "/", { headers: adult, cookie: withdrawn.cookie })).body), []);
});

test("a cookie naming another subject's receipts gains nothing", T, async () => {
  const adult = adultHeaders(state);
  const given = await post(edge.url, "/v1/consent", { locale: "en", method: "api", choices: { "analytics-cookies": true } }, { headers: adult });
  assert.equal(given.status, 201, JSON.stringify(given.body));
  // A cookie of earlier releases named receipts (`r`); this one names the receipt just logged.
  const r = [given.body.receiptId];
  const forged = `assent_consent=${Buffer.from(JSON.stringify({ v: 1, s: "s-somebody-else-0001", r })).toString("base64url")}`;
  // An adult too, by their own age lock: only the receipts are someone else's.
  const theirs = { "x-assent-jurisdiction": "DE", cookie: ageLockCookie(state.privateKeySet, "adult", { subject: "s-somebody-else-0001" }) };
  assert.deepEqual(purposesLive((await get(edge.url, "/", { headers: theirs, cookie: forged })).body), []);
  const withTheirReceipts = `assent_consent=${Buffer.from(JSON.stringify({ v: 2, d: "x.y.z", r, s: "s-somebody-else-0001" })).toString("base64url")}`;
  const page = await get(edge.url, "/", { headers: theirs, cookie: withTheirReceipts });
  assert.equal(page.status, 200);
  assert.deepEqual(purposesLive(page.body), []);
  const garbage = "assent_consent=%%%not-base64";
  assert.equal((await get(edge.url, "/", { headers: adult, cookie: garbage })).status, 200);
});

test("a withdrawal on another device of the same subject holds here, and an older cookie put back brings nothing back", T, async () => {
  // Device A (an adult by its age lock) consents to analytics; its cookie from then is kept, as an
  // attacker (or a backup) would keep it.
  const a = adultHeaders(state);
  const given = await post(edge.url, "/v1/consent", { locale: "en", method: "api", choices: { "analytics-cookies": true } }, { headers: a });
  assert.equal(given.status, 201, JSON.stringify(given.body));
  const kept = given.cookie;
  assert.deepEqual(purposesLive((await get(edge.url, "/", { headers: a, cookie: kept })).body), ["analytics-cookies"]);
  // The subject moves to device B too (its age lock goes along), which withdraws.
  const t = await post(edge.url, "/v1/device/transfer", {}, { headers: a, cookie: kept });
  assert.equal(t.status, 201, JSON.stringify(t.body));
  const de = { "x-assent-jurisdiction": "DE" };
  const b = await post(edge.url, "/v1/device/claim", { token: t.body.token }, { headers: de });
  assert.equal(b.status, 200, JSON.stringify(b.body));
  const withdrawn = await post(edge.url, "/v1/consent/withdraw", { purposes: ["analytics-cookies"] }, { headers: de, cookie: b.cookie });
  assert.equal(withdrawn.status, 201, JSON.stringify(withdrawn.body));
  // Device A, with the cookie it kept from before the withdrawal: blocked (visitor.js reads the
  // subject's latest receipts from the log, never a list the cookie carries).
  assert.deepEqual(purposesLive((await get(edge.url, "/", { headers: a, cookie: kept })).body), []);
  // A cookie of an earlier release, with the consent's receipt id in `r`: blocked too.
  const device = JSON.parse(Buffer.from(kept.split("=")[1], "base64url").toString()).d;
  const old = `assent_consent=${Buffer.from(JSON.stringify({ v: 2, d: device, r: [given.body.receiptId] })).toString("base64url")}`;
  assert.deepEqual(purposesLive((await get(edge.url, "/", { headers: a, cookie: old })).body), []);
  const seen = await get(edge.url, "/v1/state", { headers: a, cookie: kept });
  assert.equal(seen.body.purposes.find((p) => p.purpose === "analytics-cookies").decision, "denied", JSON.stringify(seen.body));
});

test("static files keep their content types", T, async () => {
  for (const [route, type] of [
    ["/styles.css", "text/css; charset=utf-8"],
    ["/js/analytics.js", "text/javascript; charset=utf-8"],
    ["/img/lamp.svg", "image/svg+xml"],
    ["/embed/map.html", "text/html; charset=utf-8"],
  ]) {
    const res = await get(edge.url, route);
    assert.equal(res.status, 200, route);
    assert.equal(res.headers.get("content-type"), type, route);
  }
});

test("in Chromium, nothing optional runs before consent, and analytics runs after it", T, async () => {
  const adult = adultHeaders(state);
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.setExtraHTTPHeaders({ "x-assent-jurisdiction": "DE" });
    const age = adult.cookie.split("=");
    await browser.context.addCookies([{ name: age[0], value: age.slice(1).join("="), url: edge.url }]);
    await page.goto(edge.url, { waitUntil: "load", timeout: 30_000 });
    const before = await page.evaluate(() => ({ ...document.documentElement.dataset, cookies: document.cookie }));
    assert.equal(before.analytics, undefined);
    assert.equal(before.ads, undefined);
    assert.doesNotMatch(before.cookies, /_ga=|ad_id=/);
    assert.deepEqual(page.frames().map((f) => f.url()).filter((u) => u.includes("/embed/")), [], "no iframe loaded");

    // The page's own request, as the banner will make it; the cookie comes back HttpOnly.
    const status = await page.evaluate(async () => {
      const res = await fetch("/v1/consent", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ locale: "en", method: "banner_layer2", choices: { "analytics-cookies": true } }),
      });
      return res.status;
    });
    assert.equal(status, 201);
    assert.doesNotMatch(await page.evaluate(() => document.cookie), /assent_consent/, "HttpOnly");
    await page.reload({ waitUntil: "load", timeout: 30_000 });
    const after = await page.evaluate(() => ({ ...document.documentElement.dataset, cookies: document.cookie }));
    assert.equal(after.analytics, "on");
    assert.equal(after.ads, undefined);
    assert.match(after.cookies, /_ga=/);
    assert.doesNotMatch(after.cookies, /ad_id=/);
  } finally {
    await browser.close();
  }
});

test("Global Privacy Control withdraws a consent in force by the signal: one receipt, its cookies expired, once", T, async () => {
  const ca = adultHeaders(state, "US-CA");
  const given = await post(edge.url, "/v1/consent", { locale: "en", method: "banner_layer2", choices: { advertising: true, "analytics-cookies": true } }, { headers: ca });
  assert.equal(given.status, 201, JSON.stringify(given.body));
  const mine = async (cookie) => (await get(edge.url, "/v1/receipts/mine", { headers: ca, cookie })).body.receipts.map((jws) => JSON.parse(Buffer.from(jws.split(".")[1], "base64url")));
  // A HEAD request with the signal changes nothing; the GET that follows records the opt-out
  // and expires the cookie.
  const head = await fetch(new URL("/", edge.url), { method: "HEAD", headers: { ...ca, "sec-gpc": "1", cookie: `${ca.cookie}; ${given.cookie}; ad_id=a-1` } });
  assert.equal(head.status, 200);
  assert.equal((await mine(given.cookie)).filter((r) => r.collectionMethod === "gpc").length, 0);
  const page = await get(edge.url, "/", { headers: { ...ca, "sec-gpc": "1" }, cookie: [given.cookie, "ad_id=a-1"] });
  assert.equal(page.status, 200);
  assert.ok(page.headers.getSetCookie().some((c) => /^ad_id=; Max-Age=0/.test(c)), page.headers.getSetCookie().join("\n"));
  assert.ok(!purposesLive(page.body).includes("advertising"));
  const receipts = await mine(given.cookie);
  const byGpc = receipts.filter((r) => r.collectionMethod === "gpc");
  assert.equal(byGpc.length, 1, JSON.stringify(receipts));
  assert.deepEqual(byGpc[0].purposes, [{ purpose: "advertising", state: "ConsentWithdrawn", separate: true }]);
  // Analytics, which GPC does not opt out of, still runs; the next page records nothing more.
  assert.ok(purposesLive(page.body).includes("analytics-cookies"));
  await get(edge.url, "/about.html", { headers: { ...ca, "sec-gpc": "1" }, cookie: given.cookie });
  assert.equal((await mine(given.cookie)).filter((r) => r.collectionMethod === "gpc").length, 1);
  // Nobody else may name the signal, nor the guardian's page, nor an update that is not there.
  const lies = [
    ["/v1/consent/withdraw", { purposes: ["analytics-cookies"], method: "gpc" }],
    ["/v1/consent", { locale: "en", method: "guardian_page", choices: { "analytics-cookies": false } }],
    ["/v1/consent", { locale: "en", method: "update_notice", choices: { marketing: false } }],
  ];
  for (const [route, body] of lies) {
    const r = await post(edge.url, route, body, { headers: ca, cookie: given.cookie });
    assert.equal(r.status, 422, `${route} ${body.method}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error.code, "choice.method");
  }
});
