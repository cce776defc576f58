// The banner of a page the edge serves, without Wasm (assent/edge-banner.js), in real workerd and
// headless Chromium, from a first-time visitor's first page view: the edge writes the banner and
// the visitor's state into the page, the script posts the dialogs' forms and adopts the page the
// edge answers with. The demo shop's pages, with assent/edge-banner.js in place of assent/banner.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { cp, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, describe, test } from "node:test";

import { ageLockCookie, cli, cookieClient, edgeForFile, receiptsOf, subjectOf } from "./edge.mjs";
import { axeViolations, bakeryAnswers, launchChromium, root, tempDir } from "./helpers.mjs";

const T = { timeout: 120_000 };

/** The demo shop with the edge's banner script: no banner module, no Wasm, no policy file. */
async function edgeBannerSite() {
  const site = await tempDir("edge-banner-site");
  after(() => site.remove());
  await cp(path.join(root, "www", "site"), site.dir, { recursive: true });
  const pages = (await readdir(site.dir, { recursive: true })).filter((f) => f.endsWith(".html") && !f.startsWith("embed"));
  for (const file of pages) {
    const full = path.join(site.dir, file);
    const html = await readFile(full, "utf8");
    const changed = html
      .replace('<script type="module" src="/assent/banner.js"></script>', '<script type="module" src="/assent/edge-banner.js"></script>')
      .replace(/\s*<link rel="preload"[^>]*>/g, "")
      // No TCF settings: the ad-tech module answers __tcfapi, and this page loads no module.
      .replace(', "tcf": {"cmpId": 300}', "");
    if (html.includes("/assent/banner.js")) assert.notEqual(changed, html, file);
    await writeFile(full, changed);
  }
  // A page whose own content forges the state block (as a comment or a post a sanitiser let
  // through might), and whose analytics script is written inert, as for a static site.
  const index = await readFile(path.join(site.dir, "index.html"), "utf8");
  const forged = JSON.stringify({
    purposes: { "analytics-cookies": true, advertising: true, marketing: true },
    consentMode: { ad_storage: "granted", analytics_storage: "granted" },
  });
  await writeFile(
    path.join(site.dir, "forged.html"),
    index
      .replace("<body>", `<body>\n<div id="assent-state">${forged}</div>\n<script type="application/json" id="assent-state">${forged}</script>`)
      .replace(
        '<script data-purpose="analytics-cookies" src="/js/analytics.js" defer></script>',
        '<script type="text/plain" data-purpose="analytics-cookies" src="/js/analytics.js"></script>',
      ),
  );
  // A page that gates another site's script and video, as a site owner writes them.
  await writeFile(
    path.join(site.dir, "third-party.html"),
    index.replace(
      "<body>",
      '<body>\n<script data-purpose="analytics-cookies" src="https://analytics.example/script.js" async></script>\n' +
        '<iframe data-purpose="marketing" src="https://video.example/embed/1" title="Video"></iframe>\n<embed data-purpose="marketing" data-src="//media.example/clip">',
    ),
  );
  // A page with a gated inline script, as analytics snippets often are.
  await writeFile(
    path.join(site.dir, "inline.html"),
    index.replace("<body>", '<body>\n<script data-purpose="analytics-cookies">document.documentElement.dataset.inline = "on";</script>'),
  );
  await writeFile(
    path.join(site.dir, "odd-origin.html"),
    index.replace("<body>", '<body>\n<script data-purpose="analytics-cookies" src="https://evil;sandbox/x.js"></script>'),
  );
  // And a page whose <head> is the snippet `assent init --worker` writes, as a site owner pastes it.
  const answers = path.join(site.dir, "answers.json");
  await writeFile(answers, JSON.stringify(bakeryAnswers()));
  const init = await cli(["init", "--answers", answers, "--worker", "--out", path.join(site.dir, "init")]);
  assert.equal(init.code, 0, init.stderr);
  const snippet = await readFile(path.join(site.dir, "init", "snippet.html"), "utf8");
  await writeFile(
    path.join(site.dir, "snippet.html"),
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>From the snippet</title>\n<link rel="icon" href="/favicon.svg">\n${snippet}` +
      '<script data-purpose="analytics-cookies" src="/js/analytics.js"></script>\n</head>\n<body>\n<h1>From the snippet</h1>\n</body>\n</html>\n',
  );
  return site.dir;
}

const { state, edge } = await edgeForFile("edge-banner", { site: await edgeBannerSite() });

/** Puts an adult's age lock, as the edge signs it, in `client`'s cookie jar. */
function holdAdultLock(client) {
  const adult = ageLockCookie(state.privateKeySet, "adult");
  const eq = adult.indexOf("=");
  client.jar.set(adult.slice(0, eq), adult.slice(eq + 1));
}

/** A client in Germany that answered the age question as an adult. */
function adultClient() {
  const client = cookieClient(edge.url, { "x-assent-jurisdiction": "DE" });
  holdAdultLock(client);
  return client;
}

/** A fresh browser in Germany, with every request it makes listed in `requests`. */
async function freshPage() {
  const browser = await launchChromium();
  const page = await browser.context.newPage();
  await page.setExtraHTTPHeaders({ "x-assent-jurisdiction": "DE" });
  const requests = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  return { browser, page, requests, errors };
}

/** Runs `visit` with a fresh browser's page (`freshPage`), then closes the browser. */
async function inFreshPage(visit) {
  const fresh = await freshPage();
  try {
    await visit(fresh);
  } finally {
    await fresh.browser.close();
  }
}

const dialog = (page) => page.locator("[role=dialog]");
const button = (page, name) => page.getByRole("button", { name, exact: true });
const focused = (page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.className || "");
/** Whether the page is still the one first loaded: a mark a reload would wipe. */
const samePage = (page) => page.evaluate(() => window.__first === true);
const analyticsRan = (page) => page.evaluate(() => document.documentElement.dataset.analytics === "on");

/** Loads `/` and marks the page; the age question comes first, its heading focused. */
async function firstView(page) {
  await page.goto(new URL("/", edge.url).href, { waitUntil: "load" });
  await page.waitForFunction(() => window.assent);
  await page.evaluate(() => {
    window.__first = true;
    window.__changes = [];
    window.assent.on("change", (s) => window.__changes.push(s));
  });
  await page.locator("[role=dialog].assent-age").waitFor();
  assert.equal(await focused(page), "assent-title");
}

/** Answers the age question as an adult: the first layer takes its place without a page load. */
async function answerAdult(page) {
  const age = page.locator("[role=dialog].assent-age");
  await age.locator("select[name=birthYear]").selectOption(String(new Date().getUTCFullYear() - 35));
  await age.locator("select[name=birthMonth]").selectOption("6");
  await age.locator("[data-assent-action=age]").click();
  await page.locator("[role=dialog].assent-first").waitFor();
  assert.ok(await samePage(page), "no page load");
  assert.equal(await focused(page), "assent-title");
}

/** The `gtag('consent', 'update', ...)` calls the page made, in order. */
const consentUpdates = (page) =>
  page.evaluate(() =>
    (window.dataLayer ?? []).map((e) => Array.from(e)).filter((e) => e[0] === "consent" && e[1] === "update").map((e) => e[2]),
  );

describe("the banner of a page the edge serves, without Wasm", () => {
  test("a first visit: age, Accept all, and the analytics script starts in the same page; signed and logged", T, () =>
    inFreshPage(async ({ page, requests, errors }) => {
      await firstView(page);
      assert.equal(await analyticsRan(page), false, "nothing optional before a choice");
      assert.deepEqual(await page.evaluate(() => window.assent.state().purposes["analytics-cookies"]), false);
      await answerAdult(page);
      assert.deepEqual(await consentUpdates(page), [], "no Consent Mode update before a choice");
      await page.evaluate(() => {
        document.querySelector(".assent-status").__mark = true;
      });
      await button(page, "Accept all").click();
      await page.waitForFunction(() => document.documentElement.dataset.analytics === "on");
      assert.ok(await samePage(page), "no page load");
      // The edge's word after a recorded choice, in the live region the page had all along.
      const status = await page.evaluate(() => {
        const s = document.querySelector(".assent-status");
        return [s.__mark === true, s.textContent];
      });
      assert.deepEqual(status, [true, "Your choices are saved, and the site signed a receipt of them."]);
      assert.equal(await dialog(page).count(), 0);
      assert.equal(await page.locator("aside.assent").count(), 1);
      assert.equal(await page.evaluate(() => window.assent.state().purposes["analytics-cookies"]), true);
      // The marketing video's frame loads; the map asks for a consent of its own, so it stays empty.
      assert.equal(await page.locator('iframe[data-purpose="marketing"]').getAttribute("src"), "/embed/video.html");
      assert.equal(await page.locator('iframe[data-purpose="location"]').getAttribute("src"), null);
      const changes = await page.evaluate(() => window.__changes);
      assert.equal(changes.at(-1).purposes.advertising, true, JSON.stringify(changes.at(-1)));
      const [update] = (await consentUpdates(page)).slice(-1);
      assert.equal(update?.analytics_storage, "granted", JSON.stringify(update));
      // Nothing of the engine came to the page.
      assert.deepEqual(requests.filter((p) => p.endsWith(".wasm") || p.startsWith("/v1/policy") || p.endsWith("/banner.js")), []);
      assert.ok(requests.includes("/assent/edge-banner.js"));
      const receipts = await receiptsOf(edge.url, state, await subjectOf(page));
      assert.equal(receipts.length, 1, JSON.stringify(receipts));
      assert.equal(receipts[0].collectionMethod, "banner_layer1");
      assert.equal(receipts[0].ageBand, "adult");
      // "Accept all" consents to what it may; to a purpose that needs a consent given alone, the
      // first layer said it does not, and the receipt says the request was deferred.
      const states = Object.fromEntries(receipts[0].purposes.map((p) => [p.purpose, p.state]));
      assert.equal(states["analytics-cookies"], "ConsentGiven", JSON.stringify(states));
      assert.equal(states["cross-border"], "ConsentRequestDeferred", JSON.stringify(states));
      assert.ok(Object.values(states).every((s) => s === "ConsentGiven" || s === "ConsentRequestDeferred"), JSON.stringify(states));
      assert.deepEqual(errors, []);
    }));

  test("Reject all, then Privacy choices, one switch and Save: analytics starts, advertising stays inert", T, () =>
    inFreshPage(async ({ page, errors }) => {
      await firstView(page);
      await answerAdult(page);
      await button(page, "Reject all").click();
      await dialog(page).waitFor({ state: "detached" });
      assert.equal(await analyticsRan(page), false);
      assert.equal((await consentUpdates(page)).at(-1)?.analytics_storage, "denied");
      // The persistent button opens the second layer, in place, its heading focused.
      await button(page, "Privacy choices").click();
      await page.locator("[role=dialog].assent-second").waitFor();
      assert.equal(await focused(page), "assent-title");
      assert.deepEqual(await axeViolations(page), []);
      // Through every control of the second layer and around, both ways, never out of it.
      const stops = await page.locator("[role=dialog] :is(a[href], button, input:not([type=hidden]), summary)").count();
      for (const key of ["Tab", "Shift+Tab"]) {
        for (let i = 0; i < stops + 2; i++) {
          await page.keyboard.press(key);
          assert.ok(await page.evaluate(() => !!document.activeElement.closest("[role=dialog]")), `${key} ${i}`);
        }
      }
      await page.check("#assent-p-analytics-cookies");
      await button(page, "Save my choices").click();
      await page.waitForFunction(() => document.documentElement.dataset.analytics === "on");
      assert.ok(await samePage(page));
      assert.equal(await page.locator('script[data-purpose="advertising"]').getAttribute("type"), "text/plain");
      assert.equal(await page.evaluate(() => window.assent.state().purposes.advertising), false);
      const receipts = await receiptsOf(edge.url, state, await subjectOf(page));
      assert.deepEqual(receipts.map((r) => r.collectionMethod), ["banner_layer1", "banner_layer2"]);
      assert.deepEqual(
        receipts[1].purposes.filter((p) => p.state === "ConsentGiven").map((p) => p.purpose),
        ["analytics-cookies"],
      );
      assert.deepEqual(errors, []);
    }));

  test("refusing needs no age: Reject all on the age question records refusals, and nothing opens again", T, () =>
    inFreshPage(async ({ page, errors }) => {
      await firstView(page);
      const age = page.locator("[role=dialog].assent-age");
      // As prominent as the answer: the same kind of button, in the same dialog.
      const [reject, answer] = await Promise.all(
        ["Reject all", "Continue"].map((name) => age.getByRole("button", { name, exact: true }).evaluate((b) => [b.className, b.offsetHeight])),
      );
      assert.deepEqual(reject, answer);
      await age.getByRole("button", { name: "Reject all", exact: true }).click();
      await dialog(page).waitFor({ state: "detached" });
      assert.ok(await samePage(page), "no page load");
      assert.equal(await analyticsRan(page), false);
      const receipts = await receiptsOf(edge.url, state, await subjectOf(page));
      assert.equal(receipts.length, 1, JSON.stringify(receipts));
      assert.equal(receipts[0].collectionMethod, "banner_layer1");
      assert.equal(receipts[0].ageBand, undefined, "the receipt claims no age band");
      assert.ok(receipts[0].purposes.length > 0 && receipts[0].purposes.every((p) => p.state === "ConsentRefused"), JSON.stringify(receipts[0].purposes));
      // The next page asks nothing; the persistent button opens the age question, before any "yes".
      await page.reload({ waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      assert.equal(await dialog(page).count(), 0);
      await button(page, "Privacy choices").click();
      const again = page.locator("[role=dialog].assent-age");
      await again.waitFor();
      // Answered, the choices the visitor asked for open.
      await again.locator("select[name=birthYear]").selectOption(String(new Date().getUTCFullYear() - 35));
      await again.locator("select[name=birthMonth]").selectOption("6");
      await again.locator("[data-assent-action=age]").click();
      await page.locator("[role=dialog].assent-second").waitFor();
      assert.deepEqual(errors, []);
    }));

  test("by keyboard: focus stays in the modal dialog, and Escape closes it for the session", T, () =>
    inFreshPage(async ({ page }) => {
      await firstView(page);
      await answerAdult(page);
      for (let i = 0; i < 8; i++) {
        await page.keyboard.press("Tab");
        assert.ok(await page.evaluate(() => !!document.activeElement.closest("[role=dialog]")), `tab ${i}`);
      }
      for (let i = 0; i < 3; i++) {
        await page.keyboard.press("Shift+Tab");
        assert.ok(await page.evaluate(() => !!document.activeElement.closest("[role=dialog]")), `shift-tab ${i}`);
      }
      assert.deepEqual(await axeViolations(page), []);
      await page.keyboard.press("Escape");
      await dialog(page).waitFor({ state: "detached" });
      assert.ok(await samePage(page));
      assert.equal(await analyticsRan(page), false);
      // Closed, not answered: the next page of the session does not ask again, nothing is signed.
      await page.goto(new URL("/about.html", edge.url).href);
      assert.equal(await dialog(page).count(), 0);
      assert.deepEqual(await receiptsOf(edge.url, state, await subjectOf(page)), []);
    }));

  test("withdrawing a purpose whose script already runs reloads the page, where the edge serves it inert", T, () =>
    inFreshPage(async ({ page }) => {
      await firstView(page);
      await answerAdult(page);
      await button(page, "Accept all").click();
      await page.waitForFunction(() => document.documentElement.dataset.analytics === "on");
      const names = async () => (await page.context().cookies()).map((c) => c.name);
      assert.ok((await names()).includes("_ga"), "the analytics script set its cookie");
      // What the search feature keeps once allowed, and the cart, which is essential.
      await page.evaluate(() => {
        localStorage.setItem("search_history", "paper lamp");
        localStorage.setItem("cart", "2");
      });
      await button(page, "Privacy choices").click();
      await page.locator("[role=dialog].assent-second").waitFor();
      await page.uncheck("#assent-p-analytics-cookies");
      await page.uncheck("#assent-p-search");
      // The reload, not the history entry's new state the script keeps for it.
      await Promise.all([page.waitForEvent("load"), button(page, "Save my choices").click()]);
      assert.equal(await samePage(page), false, "the page was loaded again");
      // The edge expired the withdrawn purpose's cookie with its answer; the consent cookie stays.
      assert.ok(!(await names()).includes("_ga"), (await names()).join(", "));
      assert.ok((await names()).includes("assent_consent"));
      // The reloaded page still says the choice was saved.
      await page.waitForFunction(() => /Your choices are saved/.test(document.querySelector(".assent-status")?.textContent ?? ""));
      // The withdrawn search purpose's entry in local storage is gone; the cart's stays.
      await page.waitForFunction(() => window.assent);
      assert.deepEqual(await page.evaluate(() => [localStorage.getItem("search_history"), localStorage.getItem("cart")]), [null, "2"]);
      await page.waitForFunction(() => window.assent);
      assert.equal(await page.locator('script[data-purpose="analytics-cookies"]').getAttribute("type"), "text/plain");
      assert.equal(await page.evaluate(() => window.assent.state().purposes["analytics-cookies"]), false);
      const receipts = await receiptsOf(edge.url, state, await subjectOf(page));
      const last = receipts.at(-1).purposes.find((p) => p.purpose === "analytics-cookies");
      assert.equal(last?.state, "ConsentWithdrawn", JSON.stringify(receipts.at(-1)));
    }));

  test("the snippet `assent init --worker` writes: the stub, the banner at first paint, a choice without a page load", T, () =>
    inFreshPage(async ({ page, requests, errors }) => {
      await page.goto(new URL("/snippet.html", edge.url).href, { waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      await page.evaluate(() => {
        window.__first = true;
      });
      await answerAdult(page);
      await button(page, "Accept all").click();
      await page.waitForFunction(() => document.documentElement.dataset.analytics === "on");
      assert.ok(await samePage(page));
      assert.ok(requests.includes("/assent/stub.js") && requests.includes("/assent/edge-banner.js"), requests.join(" "));
      assert.deepEqual(requests.filter((p) => p.endsWith(".wasm") || p.startsWith("/v1/policy")), []);
      assert.deepEqual(errors, []);
    }));

  test("a state block the page's own content forges is not the edge's: nothing starts, no Consent Mode update", T, () =>
    inFreshPage(async ({ page, errors }) => {
      await page.goto(new URL("/forged.html", edge.url).href, { waitUntil: "load" });
      await page.waitForFunction(() => window.assent);
      await page.evaluate(() => {
        window.__first = true;
      });
      assert.deepEqual(await page.evaluate(() => window.assent.state().purposes.advertising), false);
      assert.deepEqual(await consentUpdates(page), []);
      await page.waitForTimeout(300);
      assert.equal(await analyticsRan(page), false);
      assert.equal(await page.locator('iframe[data-purpose="marketing"]').getAttribute("src"), null);
      // The edge's own answer still works: the script written inert starts once it is allowed.
      await answerAdult(page);
      await button(page, "Accept all").click();
      await page.waitForFunction(() => document.documentElement.dataset.analytics === "on");
      assert.ok(await samePage(page));
      assert.deepEqual(errors, []);
    }));

  test("Escape on the age question closes it for the session, as the edge closes a dialog", T, () =>
    inFreshPage(async ({ page }) => {
      await firstView(page);
      await page.keyboard.press("Escape");
      await dialog(page).waitFor({ state: "detached" });
      assert.ok(await samePage(page));
      await page.reload();
      assert.equal(await dialog(page).count(), 0);
      assert.equal(await page.locator(".assent-reopen").count(), 1);
    }));

  test("the status line says a choice was saved once, after the edge recorded one, and never from a link", T, async () => {
    const client = adultClient();
    const statusOf = (html) => html.match(/<div class="assent-status"[^>]*>(.*?)<\/div>/)?.[1];
    assert.equal(statusOf((await client.req("/")).body), "");
    // A post from another site records nothing and sets nothing to say.
    const forged = await client.req("/consent/form", {
      method: "POST",
      form: { action: "reject", return: "/", lang: "en" },
      headers: { origin: "https://evil.example" },
    });
    assert.equal(forged.status, 403);
    assert.ok(!forged.headers.getSetCookie().some((c) => c.startsWith("assent_saved=")));
    const posted = await client.req("/consent/form", { method: "POST", form: { action: "reject", return: "/", lang: "en" } });
    assert.equal(posted.status, 303);
    const page = await client.req("/");
    assert.equal(statusOf(page.body), "<p>Your choices are saved, and the site signed a receipt of them.</p>");
    assert.ok(page.headers.getSetCookie().some((c) => /^assent_saved=;.*Max-Age=0/.test(c)));
    assert.equal(statusOf((await client.req("/")).body), "", "said once");
    // A button that records nothing says nothing.
    await client.req("/consent/form", { method: "POST", form: { action: "choose", return: "/", lang: "en" } });
    assert.equal(statusOf((await client.req("/")).body), "");
  });

  test("without scripts too, Reject all on the age question records refusals and the next page opens nothing", T, async () => {
    const client = cookieClient(edge.url, { "x-assent-jurisdiction": "DE" });
    assert.match((await client.req("/")).body, /class="assent-dialog assent-age"/);
    const posted = await client.req("/consent/form", { method: "POST", form: { action: "reject", return: "/", lang: "en" } });
    assert.equal(posted.status, 303);
    const page = (await client.req("/")).body;
    assert.doesNotMatch(page, /role="dialog"/);
    // A "yes" still needs the age first.
    const yes = await client.req("/v1/consent", { method: "POST", json: { locale: "en", method: "api", choices: { "analytics-cookies": true } } });
    assert.equal(yes.status, 422);
    assert.equal(yes.body.error.code, "choice.not_offered");
    // "Privacy choices" opens the age question first; answered, it leads to the choices.
    const choices = (await client.req("/?assent=second")).body;
    const action = /<form class="assent-form assent-age-step" method="post" action="([^"]+)"/.exec(choices)?.[1]?.replaceAll("&amp;", "&");
    assert.ok(action?.includes("then=second"), action);
    const year = String(new Date().getUTCFullYear() - 35);
    const answered = await client.req(action, { method: "POST", form: { birthYear: year, birthMonth: "6", return: "/" } });
    assert.equal(answered.status, 303);
    assert.equal(answered.headers.get("location"), "/?assent=second");
    assert.match((await client.req("/?assent=second")).body, /class="assent-dialog assent-second"/);
  });

  test("a withdrawal through the API expires the withdrawn purposes' cookies the request carried, and no other", T, async () => {
    const client = adultClient();
    const given = await client.req("/v1/consent", {
      method: "POST",
      json: { locale: "en", method: "banner_layer2", choices: { "analytics-cookies": true, advertising: true } },
    });
    assert.equal(given.status, 201, JSON.stringify(given.body));
    for (const [k, v] of [["_ga", "GA1.1.1"], ["_ga_X1", "GS1"], ["ad_id", "a"], ["cart", "3"]]) client.jar.set(k, v);
    const withdrawn = await client.req("/v1/consent/withdraw", { method: "POST", json: { purposes: ["analytics-cookies"] } });
    assert.equal(withdrawn.status, 201, JSON.stringify(withdrawn.body));
    const expired = withdrawn.headers
      .getSetCookie()
      .filter((c) => /;\s*Max-Age=0/.test(c))
      .map((c) => c.split("=")[0]);
    assert.deepEqual([...new Set(expired)].sort(), ["_ga", "_ga_X1"]);
    assert.ok(withdrawn.headers.getSetCookie().some((c) => c.startsWith("assent_consent=") && !/Max-Age=0/.test(c)));
    // A body that lies (an essential purpose, an unknown one, another subject) records nothing and
    // expires nothing, whatever cookies the request carries.
    for (const body of [{ purposes: ["essential"] }, { purposes: ["analytics-cookie"] }, { purposes: ["advertising"], subject: "s-someone-else" }]) {
      const refused = await client.req("/v1/consent/withdraw", { method: "POST", json: body });
      assert.ok(refused.status >= 400 && refused.status < 500, `${JSON.stringify(body)}: ${refused.status}`);
      assert.deepEqual(refused.headers.getSetCookie(), [], JSON.stringify(body));
    }
  });

  test("a \"no\" through the consent API over a consent in force is its withdrawal: recorded, pinned and its cookies expired", T, async () => {
    const client = adultClient();
    const given = await client.req("/v1/consent", { method: "POST", json: { locale: "en", method: "api", choices: { "analytics-cookies": true } } });
    assert.equal(given.status, 201, JSON.stringify(given.body));
    for (const [k, v] of [["_ga", "GA1.1.1"], ["_ga_X1", "GS1"], ["cart", "3"]]) client.jar.set(k, v);
    const off = { locale: "en", method: "api", choices: { "analytics-cookies": false, advertising: false } };
    // Sent several times at once: one withdrawal stands; the others find it recorded (409), or
    // come after it and record a refusal, nothing being in force any more.
    const answers = await Promise.all(Array.from({ length: 6 }, () => client.req("/v1/consent", { method: "POST", json: off })));
    const said = answers.map((a) => `${a.status} ${a.body?.error?.code ?? ""}`).join(", ");
    for (const a of answers.filter((a) => a.status !== 201)) assert.equal(a.body.error.code, "consent.stale_previous", said);
    const claims = (jws) => JSON.parse(Buffer.from(jws.split(".")[1], "base64url"));
    const states = (a) => Object.fromEntries(claims(a.body.receipt).purposes.map((p) => [p.purpose, p.state]));
    const withdrawals = answers.filter((a) => a.status === 201 && states(a)["analytics-cookies"] === "ConsentWithdrawn");
    assert.equal(withdrawals.length, 1, said);
    assert.deepEqual(states(withdrawals[0]), { "analytics-cookies": "ConsentWithdrawn", advertising: "ConsentRefused" });
    for (const a of answers.filter((a) => a.status === 201 && a !== withdrawals[0])) {
      assert.deepEqual(states(a), { "analytics-cookies": "ConsentRefused", advertising: "ConsentRefused" });
    }
    const expired = withdrawals[0].headers
      .getSetCookie()
      .filter((c) => /;\s*Max-Age=0/.test(c))
      .map((c) => c.split("=")[0]);
    assert.deepEqual([...new Set(expired)].sort(), ["_ga", "_ga_X1"]);
  });

  test("a consent that lapsed leaves no identifier: the next page view expires its purpose's cookies, and only those", T, async () => {
    const client = adultClient();
    const given = await client.req("/v1/consent", { method: "POST", json: { locale: "en", method: "api", choices: { "analytics-cookies": true } } });
    assert.equal(given.status, 201, JSON.stringify(given.body));
    for (const [k, v] of [["_ga", "GA1.1.1"], ["_ga_X1", "GS1"], ["cart", "3"]]) client.jar.set(k, v);
    const expired = (res) => res.headers.getSetCookie().filter((c) => /;\s*Max-Age=0/.test(c)).map((c) => c.split("=")[0]);
    // While the consent stands, the page keeps them.
    const now = await client.req("/");
    assert.deepEqual(expired(now).filter((n) => !n.startsWith("assent_")), []);
    // Past its validity (12 months here), the consent no longer counts, and its cookies go.
    const later = new Date(Date.now() + 400 * 86400_000).toISOString().replace(/\.\d+Z$/, "Z");
    const lapsed = await client.req("/", { headers: { "x-assent-dev-now": later } });
    assert.deepEqual([...new Set(expired(lapsed).filter((n) => !n.startsWith("assent_")))].sort(), ["_ga", "_ga_X1"]);
  });

  test("a form the edge refuses goes to the edge's own answer, as without scripts", T, () =>
    inFreshPage(async ({ page }) => {
      await firstView(page);
      // A button the banner does not have, as a page's own script might add: the edge's 400 page.
      await page.evaluate(() => document.querySelector(".assent-reopen").setAttribute("value", "launch"));
      const posts = [];
      page.on("request", (r) => r.method() === "POST" && posts.push(r.resourceType()));
      await Promise.all([page.waitForNavigation(), page.evaluate(() => document.querySelector(".assent-reopen").click())]);
      assert.match(await page.content(), /is not a button of the banner/);
      // The script posted it first; the edge refused, so the browser posted it itself.
      assert.deepEqual(posts, ["fetch", "document"]);
    }));
});

/**
 * A page the edge does not serve: a static file on the same origin (the browser's route answers
 * it, as a static host would behind the edge's API routes), whose configuration names the edge.
 */
const STATIC_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>A static page</title>
<link rel="stylesheet" href="/assent/assent.css">
<script type="application/json" id="assent-config">{"edge": "/", "layout": "bar"}</script>
<script type="module" src="/assent/edge-banner.js"></script>
<script type="text/plain" data-purpose="analytics-cookies" src="/js/analytics.js"></script>
</head>
<body>
<h1>A static page</h1>
<iframe data-purpose="marketing" data-src="/embed/video.html" title="Video"></iframe>
</body>
</html>
`;

/** Opens the static page in `page`, its file answered by the browser's route, and marks it. */
async function staticView(page) {
  // (A fetch that follows a redirect to the page is not routed: it meets the edge's 404, as a
  // page of another host would answer what it likes.)
  await page.route("**/static/shop.html*", (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: STATIC_PAGE }));
  await page.goto(new URL("/static/shop.html", edge.url).href, { waitUntil: "load" });
  await page.waitForFunction(() => window.assent);
  await page.evaluate(() => {
    window.__first = true;
  });
}

test("a page's gated scripts and frames of other sites may load once allowed: their origins are in its CSP", T, async () => {
  const client = cookieClient(edge.url, { "x-assent-jurisdiction": "DE" });
  const page = await client.req("/third-party.html");
  assert.equal(page.status, 200);
  const csp = Object.fromEntries(page.headers.get("content-security-policy").split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));
  assert.deepEqual(csp["script-src"], ["'self'", "'wasm-unsafe-eval'", "https://analytics.example"]);
  assert.deepEqual(csp["frame-src"], ["'self'", "https://video.example"]);
  // An <embed> loads under object-src, which names only the page's own embeds.
  assert.deepEqual(csp["object-src"], ["https://media.example"]);
  assert.deepEqual(csp["connect-src"], ["'self'"]);
  // Inert as served, until their purpose is allowed.
  assert.match(page.body, /<script data-purpose="analytics-cookies" src="https:\/\/analytics.example\/script.js" async type="text\/plain"/);
  // A page without them keeps the base policy.
  const home = await client.req("/");
  assert.match(home.headers.get("content-security-policy"), /script-src 'self' 'wasm-unsafe-eval'; /);
  assert.match(home.headers.get("content-security-policy"), /object-src 'none'/);
  // A source the CSP could not carry as one token is left out, not spliced in.
  const odd = await client.req("/odd-origin.html");
  assert.equal(odd.status, 200);
  assert.doesNotMatch(odd.headers.get("content-security-policy"), /sandbox|evil/);
});

test("a gated inline script runs once allowed, by its hash in the page's CSP, and not before", T, () =>
  inFreshPage(async ({ page, errors }) => {
    const script = 'document.documentElement.dataset.inline = "on";';
    const hash = `'sha256-${createHash("sha256").update(script).digest("base64")}'`;
    const response = await page.goto(new URL("/inline.html", edge.url).href, { waitUntil: "load" });
    assert.ok(response.headers()["content-security-policy"].includes(`script-src 'self' 'wasm-unsafe-eval' ${hash}`));
    await page.waitForFunction(() => window.assent);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.inline), undefined);
    await page.evaluate(() => {
      window.__first = true;
    });
    await answerAdult(page);
    await button(page, "Accept all").click();
    await page.waitForFunction(() => document.documentElement.dataset.inline === "on");
    assert.deepEqual(errors, []);
    // Served to a visitor who allowed it, it runs as the page loads.
    await page.reload({ waitUntil: "load" });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.inline), "on");
    assert.deepEqual(errors, []);
  }));

describe("a static page that fetches its banner from the edge (GET /v1/banner)", () => {
  test("a first visit: the age question, Accept all in the same page, a reload, a withdrawal", T, () =>
    inFreshPage(async ({ page, requests, errors }) => {
      await staticView(page);
      await page.locator("[role=dialog].assent-age").waitFor();
      assert.equal(await analyticsRan(page), false, "nothing optional before a choice");
      assert.equal(await page.locator("aside.assent").getAttribute("class"), "assent assent-layout-bar");
      assert.equal(await page.evaluate(() => document.documentElement.dataset.assentJurisdiction), "DE");
      await answerAdult(page);
      await button(page, "Accept all").click();
      await page.waitForFunction(() => document.documentElement.dataset.analytics === "on");
      assert.ok(await samePage(page), "no page load");
      assert.equal(await page.locator(".assent-status").textContent(), "Your choices are saved, and the site signed a receipt of them.");
      assert.equal(await page.locator('iframe[data-purpose="marketing"]').getAttribute("src"), "/embed/video.html");
      const receipts = await receiptsOf(edge.url, state, await subjectOf(page));
      assert.deepEqual(receipts.map((r) => [r.collectionMethod, r.ageBand]), [["banner_layer1", "adult"]]);
      // No engine came to the page: the edge decided, wrote the banner and signed the receipt.
      assert.deepEqual(requests.filter((p) => p.endsWith(".wasm") || p.startsWith("/v1/policy") || p.endsWith("/banner.js")), []);
      assert.ok(requests.filter((p) => p === "/v1/banner").length >= 2, requests.join(" "));

      // The next page view: nothing to ask, the script runs as soon as the edge says so.
      await page.reload({ waitUntil: "load" });
      await page.waitForFunction(() => document.documentElement.dataset.analytics === "on");
      assert.equal(await dialog(page).count(), 0);
      // Privacy choices, analytics off, Save: its code already runs, so the page reloads, and
      // the script stays inert from then on.
      await button(page, "Privacy choices").click();
      await page.locator("[role=dialog].assent-second").waitFor();
      await page.uncheck("#assent-p-analytics-cookies");
      await Promise.all([page.waitForNavigation(), button(page, "Save my choices").click()]);
      await page.waitForFunction(() => window.assent?.state().purposes.advertising === true);
      assert.equal(await analyticsRan(page), false);
      assert.equal(await page.locator('script[data-purpose="analytics-cookies"]').getAttribute("type"), "text/plain");
      const after = await receiptsOf(edge.url, state, await subjectOf(page));
      const withdrawn = after.at(-1).purposes.filter((p) => p.state === "ConsentWithdrawn").map((p) => p.purpose);
      assert.deepEqual(withdrawn, ["analytics-cookies"]);
      // The followed redirects' 404s are the stand-in host's (staticView), not the banner's.
      assert.deepEqual(errors.filter((e) => !e.includes("status of 404")), []);
    }));

  test("the route: the visitor's banner and state, never cached or framed; a look it does not know is refused", T, async () => {
    const client = cookieClient(edge.url, { "x-assent-jurisdiction": "DE" });
    const doc = await client.req("/v1/banner?page=%2Fstatic%2Fshop.html%3Fitem%3D1&lang=en&theme=dark");
    assert.equal(doc.status, 200);
    assert.equal(doc.headers.get("cache-control"), "private, no-store");
    assert.match(doc.headers.get("content-security-policy"), /frame-ancestors 'none'/);
    assert.match(doc.body, /<html data-assent-jurisdiction="DE">/);
    assert.match(doc.body, /class="assent-dialog assent-age"/);
    assert.match(doc.body, /<input type="hidden" name="return" value="\/static\/shop.html\?item=1">/);
    assert.match(doc.body, /data-assent-theme="dark"/);
    assert.match(doc.body, /<script type="application\/json" id="assent-state">/);
    // Another site, or no page at all: the forms send the visitor back to this site's root.
    for (const page of ["//evil.example/x", "https://evil.example/", ""]) {
      const other = await client.req(`/v1/banner?page=${encodeURIComponent(page)}`);
      assert.match(other.body, /<input type="hidden" name="return" value="\/">/, page);
    }
    const bad = await client.req("/v1/banner?layout=%3Cscript%3E");
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, "request.invalid");
    assert.match(bad.body.error.message, /`layout` is not one of bar, box, modal/);
    // Words never come from the request: a link cannot make the banner say something else.
    // An adult's first layer, in the language asked for when the policy speaks it.
    holdAdultLock(client);
    const first = await client.req("/v1/banner?lang=zh-CN");
    assert.match(first.body, /class="assent-dialog assent-first"/);
    assert.match(first.body, /lang="zh-CN"/);
    assert.equal((await client.req("/v1/banner?lang=xx-nonsense")).status, 200);
  });
});
