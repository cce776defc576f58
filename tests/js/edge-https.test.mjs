// The edge over HTTPS (real workerd serving TLS with a certificate made for this run, headless
// Chromium): its own cookies carry the `__Host-` prefix, which a browser keeps only from this host
// over HTTPS with no Domain, so a cookie a sibling subdomain planted before the visitor's first
// visit speaks for nobody. Over plain HTTP (the other edge tests) the names have no prefix.
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";

import { readFile, writeFile } from "node:fs/promises";

import { edgeState, startEdge, writeEdgeConfig } from "./edge.mjs";
import { httpsRequest, launchChromium, startWorkerd } from "./helpers.mjs";

const T = { timeout: 120_000 };
const thisYear = new Date().getUTCFullYear();

const state = await edgeState("https");
const edge = await startEdge(state, { https: true });
after(async () => {
  await edge.stop();
  await state.remove();
});
assert.match(edge.url, /^https:\/\/127\.0\.0\.1:\d+\/$/);

/** A client over HTTPS with its own cookie jar, as curl with `-b`/`-c` would be: `{req, jar, cookie}`. */
function client(headers = { "x-assent-jurisdiction": "DE" }) {
  const jar = new Map();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  async function req(route, { method = "GET", form, json, headers: extra = {} } = {}) {
    const h = { ...headers, ...extra };
    if (jar.size && !("cookie" in extra)) h.cookie = cookie();
    let body;
    if (form) {
      body = new URLSearchParams(form).toString();
      h["content-type"] = "application/x-www-form-urlencoded";
    }
    if (json) {
      body = JSON.stringify(json);
      h["content-type"] = "application/json";
    }
    const r = await httpsRequest(new URL(route, edge.url), { ca: edge.ca, method, headers: h, body });
    for (const c of r.setCookies) {
      const [kv] = c.split(";");
      const eq = kv.indexOf("=");
      if (kv.slice(eq + 1)) jar.set(kv.slice(0, eq), kv.slice(eq + 1));
      else jar.delete(kv.slice(0, eq));
    }
    const isJson = (r.headers["content-type"] ?? "").startsWith("application/json");
    return { ...r, body: isJson && r.text ? JSON.parse(r.text) : r.text };
  }
  return { req, jar, cookie };
}

/** The subject a consent cookie's value (base64url JSON, `d` the device credential) speaks for. */
function subjectOfConsent(value) {
  const { d } = JSON.parse(Buffer.from(value, "base64url").toString());
  return JSON.parse(Buffer.from(d.split(".")[1], "base64url").toString()).subject;
}

/** The ids of every receipt of `subject` in the log, as the auditor reads it. */
async function receiptIds(subject) {
  const r = await httpsRequest(new URL("/v1/log/entries", edge.url), { ca: edge.ca, headers: { authorization: `Bearer ${state.auditorToken}` } });
  assert.equal(r.status, 200, r.text);
  return JSON.parse(r.text)
    .entries.filter((e) => e.entry && JSON.parse(Buffer.from(e.entry.split(".")[1], "base64url").toString()).subject === subject)
    .map((e) => e.receiptId);
}

/** A visitor who answered the age gate as an adult and accepted everything, over HTTPS. */
async function adult() {
  const v = client();
  const age = await v.req("/age?lang=en", { method: "POST", form: { birthYear: String(thisYear - 35), birthMonth: "6", return: "/" } });
  assert.equal(age.status, 303, age.text);
  const made = await v.req("/v1/consent", { method: "POST", json: { locale: "en", method: "banner_layer2", choices: { "analytics-cookies": true } } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  return { ...v, subject: subjectOfConsent(v.jar.get("__Host-assent_consent")) };
}

describe("the edge over HTTPS", () => {
  test("its cookies are __Host- cookies: Secure, Path=/, no Domain, HttpOnly", T, async () => {
    const v = client();
    const age = await v.req("/age?lang=en", { method: "POST", form: { birthYear: String(thisYear - 35), birthMonth: "6", return: "/" } });
    assert.equal(age.status, 303);
    const names = age.setCookies.map((c) => c.split("=")[0]).sort();
    assert.deepEqual(names, ["__Host-assent_age", "__Host-assent_consent"]);
    for (const c of age.setCookies) {
      const attributes = c.split(";").slice(1).map((a) => a.trim().split("=")[0].toLowerCase());
      for (const a of ["path", "secure", "httponly", "samesite"]) assert.ok(attributes.includes(a), `${a} in ${c}`);
      assert.ok(!attributes.includes("domain"), c);
      assert.match(c, /; Path=\/(;|$)/);
    }
    // The cookies speak for the visitor: their next page has no age question.
    const page = await v.req("/");
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.body, /class="assent-dialog assent-age"/);
    // Cookies of the names the edge used before the prefix are expired, as it set them; others stay.
    const old = await v.req("/", { headers: { cookie: `${v.cookie()}; assent_consent=old; assent_age=old; assent_preset=accept-all; cart=1` } });
    assert.deepEqual(old.setCookies.filter((c) => !c.startsWith("__Host-")).sort(), [
      "assent_age=; Max-Age=0; Path=/; Secure",
      "assent_consent=; Max-Age=0; Path=/; Secure",
    ]);
    assert.doesNotMatch(old.body, /class="assent-dialog assent-age"/, "the visitor's own cookies still speak for them");
  });

  test("an attacker's unprefixed cookies, planted before the victim's first visit, speak for nobody", T, async () => {
    const attacker = await adult();
    const before = await receiptIds(attacker.subject);
    assert.equal(before.length, 1);
    // What a sibling subdomain can set for the parent domain: the same names without the prefix.
    const planted = `assent_consent=${attacker.jar.get("__Host-assent_consent")}; assent_age=${attacker.jar.get("__Host-assent_age")}`;
    const victim = client({ "x-assent-jurisdiction": "DE", cookie: planted });
    // The victim's first page view asks them, from the age question on.
    const page = await victim.req("/");
    assert.match(page.body, /class="assent-dialog assent-age"/, "a first-time visitor is asked their age");
    // A choice straight away (the banner's form, without an age) records nothing in the planter's name.
    const form = await victim.req("/consent/form", { method: "POST", form: { action: "accept", lang: "en", return: "/" } });
    assert.ok(form.status < 500, String(form.status));
    assert.deepEqual(await receiptIds(attacker.subject), before, "nothing was recorded in the planter's name");
    // The victim answers the age question and accepts: a subject of their own.
    const age = await victim.req("/age?lang=en", { method: "POST", form: { birthYear: String(thisYear - 40), birthMonth: "3", return: "/" } });
    assert.equal(age.status, 303);
    const made = await victim.req("/v1/consent", { method: "POST", json: { locale: "en", method: "banner_layer2", choices: { "analytics-cookies": true } } });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const subject = subjectOfConsent(victim.jar.get("__Host-assent_consent"));
    assert.notEqual(subject, attacker.subject);
    assert.deepEqual(await receiptIds(attacker.subject), before, "nothing was recorded in the planter's name");
    assert.deepEqual(await receiptIds(subject), [made.body.receiptId]);
    // The planter's cookies under their own prefixed names still speak for the planter.
    const own = await attacker.req("/v1/consent", { method: "POST", json: { locale: "en", method: "banner_layer2", choices: { "analytics-cookies": false } } });
    assert.equal(own.status, 201);
    assert.equal(subjectOfConsent(attacker.jar.get("__Host-assent_consent")), attacker.subject);
  });

  test("a planted name that only looks like the edge's, or a name smuggled in a value, speaks for nobody", T, async () => {
    const attacker = await adult();
    const before = await receiptIds(attacker.subject);
    const consent = attacker.jar.get("__Host-assent_consent");
    const age = attacker.jar.get("__Host-assent_age");
    // A browser keeps these as names that do not start with `__Host-`, so a sibling subdomain can
    // set them for the parent domain; `String.trim` would make them the edge's own.
    const lookalikes = ["\u00a0", "\ufeff", "\u3000", "\u2028", "\u0085"].map(
      (c) => `${c}__Host-assent_consent=${consent}; ${c}__Host-assent_age=${age}`,
    );
    // A comma separates no cookies: a browser keeps `, name=value` inside a planted cookie's value.
    const smuggled = `planted=x, __Host-assent_consent=${consent}, __Host-assent_age=${age}`;
    for (const planted of [...lookalikes, smuggled]) {
      // The header's bytes as UTF-8, as a browser sends them.
      const cookie = Buffer.from(planted, "utf8").toString("latin1");
      const victim = client({ "x-assent-jurisdiction": "DE", cookie });
      const state = await victim.req("/v1/state");
      assert.equal(state.status, 200, state.text);
      assert.equal(state.body.subject ?? null, null, JSON.stringify(planted));
      const made = await victim.req("/v1/consent", { method: "POST", json: { locale: "en", method: "banner_layer2", choices: { marketing: true } } });
      assert.notEqual(made.status, 201, "a first visit without an age answer records nothing here");
    }
    assert.deepEqual(await receiptIds(attacker.subject), before, "nothing was recorded in the planter's name");
    // Beside a visitor's own cookies, a look-alike changes nothing: they stay themselves.
    const victim = await adult();
    const mixed = `${victim.cookie()}; \u00a0__Host-assent_consent=${consent}`;
    const own = client({ "x-assent-jurisdiction": "DE", cookie: Buffer.from(mixed, "utf8").toString("latin1") });
    assert.equal((await own.req("/v1/state")).body.subject, victim.subject);
  });

  test("in Chromium: a planted cookie is ignored, the first visit is asked, and the browser keeps the __Host- cookies", T, async () => {
    const attacker = await adult();
    const before = await receiptIds(attacker.subject);
    const browser = await launchChromium({ javaScriptEnabled: false, ignoreHTTPSErrors: true });
    try {
      const { context } = browser;
      // The cookies a sibling subdomain planted, before the victim ever came.
      await context.addCookies([
        { name: "assent_consent", value: attacker.jar.get("__Host-assent_consent"), url: edge.url },
        { name: "assent_age", value: attacker.jar.get("__Host-assent_age"), url: edge.url },
      ]);
      const page = await context.newPage();
      await page.setExtraHTTPHeaders({ "x-assent-jurisdiction": "DE" });
      await page.goto(edge.url);
      const age = page.locator("[role=dialog].assent-age");
      assert.equal(await age.count(), 1, "a first-time visitor is asked their age");
      await age.locator("select[name=birthYear]").selectOption(String(thisYear - 30));
      await age.locator("select[name=birthMonth]").selectOption("6");
      await Promise.all([page.waitForNavigation(), age.locator("[data-assent-action=age]").click()]);
      await page.locator("[role=dialog].assent-first").waitFor();
      await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Accept all", exact: true }).click()]);
      assert.equal(await page.locator("[role=dialog]").count(), 0, "a recorded choice: no dialog");

      const cookies = await context.cookies(edge.url);
      const consent = cookies.find((c) => c.name === "__Host-assent_consent");
      assert.ok(consent, `the browser kept the edge's __Host- cookie: ${cookies.map((c) => c.name)}`);
      assert.equal(consent.secure, true);
      assert.equal(consent.httpOnly, true);
      assert.ok(cookies.some((c) => c.name === "__Host-assent_age"));
      const subject = subjectOfConsent(consent.value);
      assert.notEqual(subject, attacker.subject);
      assert.equal((await receiptIds(subject)).length, 1, "the victim's choice is the victim's");
      assert.deepEqual(await receiptIds(attacker.subject), before, "nothing was recorded in the planter's name");

      // The browser sends its __Host- cookies back: the next page view asks nothing.
      await page.reload();
      assert.equal(await page.locator("[role=dialog]").count(), 0);
    } finally {
      await browser.close();
    }
  });

  test("a site whose origin is HTTPS answers plain HTTP for its host with a redirect to HTTPS and nothing else", T, async () => {
    const plain = await edgeState("https-only");
    const config = await writeEdgeConfig(plain.dir);
    const text = await readFile(config, "utf8");
    await writeFile(config, text.replace("bindings = [", 'bindings = [\n    (name = "SITE_ORIGIN", text = "https://127.0.0.1"),'));
    const http = await startWorkerd(config);
    try {
      for (const method of ["GET", "POST"]) {
        const r = await fetch(new URL("/about.html?x=1", http.url), { method, redirect: "manual", headers: { cookie: "assent_consent=planted" } });
        assert.equal(r.status, 308, method);
        assert.equal(r.headers.get("location"), new URL("/about.html?x=1", http.url).href.replace(/^http:/, "https:"));
        assert.deepEqual(r.headers.getSetCookie(), [], "nothing is set over plain HTTP");
      }
      // Another host with the same settings (a local run of a deployed config) is served as it is.
      const local = await fetch(new URL("/about.html", http.url.replace("127.0.0.1", "localhost")), { redirect: "manual" });
      assert.equal(local.status, 200);
    } finally {
      await http.stop();
      await plain.remove();
    }
  });
});
