// The age gate and the guardian flow at the edge, in real workerd: the gate's neutral question and
// its device lock, a child below the guardian age waiting for a guardian, the guardian's page in a
// second browser, approval, revocation, expiry, forged receipts, the 14-17 notice, and the policy
// version endpoints. Loopback only; every start has a stop.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { before, test } from "node:test";

import { assent, cookieClient, edgeForFile, policy } from "./edge.mjs";
import { launchChromium, root } from "./helpers.mjs";

const ARTIFACTS = path.join(root, "test-artifacts");
const rfc3339 = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const DAY = 24 * 3600 * 1000;

const { state, edge } = await edgeForFile("guardian");

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
});

/** A visitor with its own cookie jar, talking to the edge without following redirects. */
const visitor = (headers = {}) => cookieClient(edge.url, headers);

/** A visitor in `jurisdiction` who answered the gate with this birth date. */
async function answered(year, month = 6, jurisdiction = "CN") {
  const v = visitor({ "x-assent-jurisdiction": jurisdiction });
  const r = await v.req("/age", { method: "POST", form: { birthYear: year, birthMonth: month, return: "/about.html" } });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get("location"), "/about.html");
  assert.match(r.headers.getSetCookie().join("\n"), /assent_age=[^;]+; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly/);
  return v;
}

const thisYear = new Date().getUTCFullYear();
const allowed = (s) => s.purposes.filter((p) => p.decision === "allowed").map((p) => p.purpose).sort();
const essential = () => policy.toJSON().purposes.filter((p) => p.kind === "essential").map((p) => p.id).sort();

/** The newest outbox message whose link contains `part`. */
async function outboxLink(part) {
  const { body } = await visitor().req("/dev/outbox");
  const found = body.messages.find((m) => m.link.includes(part));
  assert.ok(found, `an outbox message with ${part}`);
  return new URL(found.link).pathname + new URL(found.link).search;
}

/** Each child's guardian gets their own address: one address receives at most a few messages a day. */
let guardianCount = 0;

/** A child in CN (10 years old) with a guardian request sent; `{child, link}`. */
async function childWithRequest(purposes) {
  const child = await answered(thisYear - 10);
  const contact = `parent${++guardianCount}@example.test`;
  const made = await child.req("/v1/guardian/requests", { method: "POST", json: { contact, purposes } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.equal(made.body.state, "pending");
  assert.ok(!JSON.stringify(made.body).includes("/guardian/"), "the child never sees the guardian's link");
  const subject = (await child.req("/v1/state")).body.subject;
  const { body } = await visitor().req("/dev/outbox");
  const message = body.messages.find((m) => m.recipient === contact);
  return { child, subject, contact, link: new URL(message.link).pathname, purposes: made.body.purposes };
}

test("the gate asks neutrally: every year the engine lists, no default, no cutoff, en and zh-CN", async () => {
  for (const [lang, word] of [["en", "When were you born"], ["zh-CN", "出生"]]) {
    const { status, headers, body } = await visitor().req(`/age?lang=${lang}&return=/about.html`);
    assert.equal(status, 200);
    assert.match(headers.get("content-security-policy"), /default-src 'none'/);
    assert.match(body, new RegExp(`<html lang="${lang}">`));
    assert.ok(body.includes(word));
    assert.doesNotMatch(body, /<script|style=/, "no inline script or style");
    const years = [...body.matchAll(/<option value="(\d{4})">/g)].map((m) => Number(m[1]));
    assert.deepEqual(years, policy.birthYears(rfc3339(Date.now())));
    assert.equal([...body.matchAll(/ selected/g)].length, 2, "only the two empty placeholders are selected");
    assert.match(body, /<option value="" selected disabled>/);
    const text = body.replace(/<select[\s\S]*?<\/select>/g, "").replace(/<[^>]+>/g, " ");
    assert.doesNotMatch(text, /\b1[0-9]\b|under|child|guardian|parent|儿童|监护/i, "nothing hints at the cutoff");
  }
});

test("the pages' words speak each of the engine's languages, English for another", () => {
  const titles = { en: "Before you continue", "zh-CN": "继续之前", de: "Bevor Sie fortfahren", fr: "Avant de continuer", es: "Antes de continuar", ja: "続ける前に", ko: "계속하기 전에" };
  for (const [tag, title] of Object.entries(titles)) {
    const words = assent.guardianWords(tag);
    assert.equal(words.locale, tag);
    assert.equal(words.ageTitle, title);
    assert.equal(words.months.length, 12);
    assert.deepEqual(Object.keys(words.relationships), ["parent", "legal_guardian"]);
  }
  assert.equal(assent.guardianWords("de-AT").whoAsked, assent.guardianWords("de").whoAsked);
  assert.equal(assent.guardianWords("it").locale, "en");
});

test("the lock keeps the stricter band: an adult answer after a child's changes nothing, and is counted", async () => {
  const v = await answered(thisYear - 10);
  const first = (await v.req("/v1/state")).body;
  assert.equal(first.ageBand, "below_guardian_age");
  assert.equal(first.page.guardianFlow, "pending_guardian");
  const again = await v.req("/age", { method: "POST", form: { birthYear: 1980, birthMonth: 1, return: "/" } });
  assert.equal(again.status, 303);
  const second = (await v.req("/v1/state")).body;
  assert.equal(second.ageBand, "below_guardian_age");
  assert.equal(second.subject, first.subject, "the lock keeps its subject");
  const signed = assent.verifyAgeLock(v.jar.get("assent_age"), state.publicJwks, { now: rfc3339(Date.now()) });
  assert.equal(signed.lock.conflicts, 1);
  assert.ok(!JSON.stringify(signed).match(/birth|"age"/i), "the age is never stored");
  // Bad answers: the same code as JSON would give, as a page.
  const future = await v.req("/age", { method: "POST", form: { birthYear: thisYear + 2, birthMonth: 1 } });
  assert.equal(future.status, 400);
  assert.match(future.body, /data-code="age\.future_birth"/);
  assert.equal((await v.req("/age", { method: "POST", form: { birthYear: "" } })).status, 400);
  assert.equal((await v.req("/age", { method: "POST", json: { birthYear: 1990 } })).status, 415);
  // A form posted from another site would arrive without the lock: refused.
  const crossSite = await v.req("/age", { method: "POST", headers: { origin: "http://elsewhere.test" }, form: { birthYear: 1980, birthMonth: 1 } });
  assert.equal(crossSite.status, 403);
  assert.match(crossSite.body, /data-code="request\.cross_site"/);
  const sameSite = await v.req("/age", { method: "POST", headers: { origin: new URL(edge.url).origin }, form: { birthYear: 1980, birthMonth: 1 } });
  assert.equal(sameSite.status, 303);
});

test("in Chromium without scripts: the age question in the page, and no second answer loosens the lock", async () => {
  const browser = await launchChromium({ javaScriptEnabled: false });
  try {
    await browser.context.setExtraHTTPHeaders({ "x-assent-jurisdiction": "CN" });
    const page = await browser.context.newPage();
    // The edge writes the banner into the page, its first step the age question.
    await page.goto(new URL("/about.html", edge.url).href);
    const age = page.locator("[role=dialog].assent-age");
    await age.waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "guardian-gate-en.png"), fullPage: true });
    await age.locator("select[name=birthYear]").selectOption(String(thisYear - 9));
    await age.locator("select[name=birthMonth]").selectOption("3");
    await age.locator("[data-assent-action=age]").click();
    await page.waitForURL(/\/about\.html$/);
    // Back, and to the age page itself, as a child might, to answer again as an adult.
    await page.goBack();
    await page.goto(new URL("/age?return=%2Fabout.html", edge.url).href);
    await page.selectOption("select[name=birthYear]", "1970");
    await page.selectOption("select[name=birthMonth]", "1");
    await page.click("button[type=submit]");
    await page.waitForURL(/\/about\.html$/);
    const s = await (await page.request.get(new URL("/v1/state", edge.url).href)).json();
    assert.equal(s.ageBand, "below_guardian_age");
    assert.deepEqual(allowed(s), essential());
    // The page now asks for a guardian in the same dialog, and no longer for the age.
    await page.goto(new URL("/about.html", edge.url).href);
    assert.equal(await page.locator("[role=dialog].assent-age").count(), 0);
    assert.equal(await page.locator("[role=dialog].assent-guardian input[name=contact]").count(), 1);
    await page.goto(new URL("/age?lang=zh-CN", edge.url).href);
    await page.screenshot({ path: path.join(ARTIFACTS, "guardian-gate-zh-CN.png"), fullPage: true });
    for (const lang of ["en", "zh-CN"]) {
      await page.goto(new URL(`/guardian/request?lang=${lang}`, edge.url).href);
      await page.screenshot({ path: path.join(ARTIFACTS, `guardian-pending-${lang}.png`), fullPage: true });
    }
  } finally {
    await browser.close();
  }
});

test("below 14 in CN: pending, only essential purposes, and the child cannot consent alone", async () => {
  const child = await answered(thisYear - 12);
  const s = (await child.req("/v1/state")).body;
  assert.equal(s.page.guardianFlow, "pending_guardian");
  assert.equal(s.page.youthMode, true);
  assert.equal(s.page.ageGate, false);
  assert.deepEqual(allowed(s), essential());
  assert.ok(s.purposes.some((p) => p.decision === "needs_guardian_consent"));
  const optional = s.purposes.find((p) => p.decision === "needs_guardian_consent").purpose;
  const alone = await child.req("/v1/consent", { method: "POST", json: { locale: "en", method: "banner_layer2", choices: { [optional]: true } } });
  assert.equal(alone.status, 422, JSON.stringify(alone.body));
  assert.deepEqual(allowed((await child.req("/v1/state")).body), essential());
  // Without an age lock there is no child to ask for.
  const none = await visitor({ "x-assent-jurisdiction": "CN" }).req("/v1/guardian/requests", { method: "POST", json: { contact: "a@b.test" } });
  assert.equal(none.status, 409);
  assert.equal(none.body.error.code, "guardian.not_needed");
  const badContact = await child.req("/v1/guardian/requests", { method: "POST", json: { contact: "not an address" } });
  assert.equal(badContact.status, 400);
});

test("a guardian approves some purposes in another browser; the child gets exactly those; revoking locks them again", async () => {
  const { child, subject, link, purposes } = await childWithRequest();
  assert.ok(purposes.length >= 2, `purposes asked: ${purposes}`);
  const forbidden = (await child.req("/v1/state")).body.purposes.filter((p) => p.decision === "forbidden").map((p) => p.purpose);
  for (const f of forbidden) assert.ok(!purposes.includes(f), `${f} is forbidden for minors and never asked`);
  const [approve, ...refuse] = purposes;
  const guardian = await launchChromium();
  try {
    const page = await guardian.context.newPage();
    for (const lang of ["zh-CN", "en"]) {
      await page.goto(new URL(`${link}?lang=${lang}`, edge.url).href);
      await page.screenshot({ path: path.join(ARTIFACTS, `guardian-page-${lang}.png`), fullPage: true });
    }
    assert.equal(await page.locator("fieldset.assent-purpose").count(), purposes.length);
    assert.match(await page.locator(".assent-dev-verifier").innerText(), /Development verifier/);
    // The development card verifier refuses any other number.
    await page.selectOption("form[data-method=card_check] select[name=relationship]", "parent");
    await page.fill("form[data-method=card_check] input[name=card]", "4000 0000 0000 0002");
    await page.click("form[data-method=card_check] button");
    assert.match(await page.content(), /guardian\.verification_failed/);
    await page.goto(new URL(`${link}?lang=en`, edge.url).href);
    await page.selectOption("form[data-method=card_check] select[name=relationship]", "parent");
    await page.fill("form[data-method=card_check] input[name=card]", "4242 4242 4242 4242");
    await page.click("form[data-method=card_check] button");
    await page.waitForSelector("form.assent-decide");
    await page.check(`input[name="p:${approve}"][value=allow]`);
    for (const p of refuse) await page.check(`input[name="p:${p}"][value=refuse]`);
    await page.click("form.assent-decide button[type=submit]");
    await page.waitForSelector(".assent-decision");
    await page.screenshot({ path: path.join(ARTIFACTS, "guardian-decided-en.png"), fullPage: true });

    const after = (await child.req("/v1/state")).body;
    assert.deepEqual(allowed(after), [...essential(), approve].sort());
    assert.equal(after.guardianRequest.state, "decided");

    // The child's receipts: a guardian's, verified with the published keys, one per decision.
    const { body: log } = await visitor({ authorization: `Bearer ${state.auditorToken}` }).req("/v1/log/entries?from=0");
    const mine = log.entries
      .map((e) => policy.verifyReceipt(e.entry, state.publicJwks, { now: rfc3339(Date.now()) }).receipt)
      .filter((r) => r.subject === subject);
    assert.equal(mine.length, 1);
    assert.deepEqual(mine[0].actor, { type: "guardian", relationship: "parent", verification: "card_check" });
    assert.equal(mine[0].collectionMethod, "guardian_page");
    assert.deepEqual(
      mine[0].purposes.map((p) => [p.purpose, p.state, p.separate]).sort(),
      purposes.map((p) => [p, p === approve ? "ConsentGiven" : "ConsentRefused", true]).sort(),
    );
    assert.ok(!JSON.stringify(log).includes("@example.test"), "the guardian's contact is not in the log");

    // Deciding twice is refused by the engine.
    const twice = await visitor().req(`${link}/decide`, { method: "POST", form: Object.fromEntries(purposes.map((p) => [`p:${p}`, "allow"])) });
    assert.equal(twice.status, 409);

    await page.goto(new URL(`${link}/manage?lang=en`, edge.url).href);
    await page.check(`input[name=purpose][value="${approve}"]`);
    await page.click("form.assent-revoke button");
    await page.waitForSelector(`.assent-decision[data-state=ConsentRevoked]`);
    assert.deepEqual(allowed((await child.req("/v1/state")).body), essential());
  } finally {
    await guardian.close();
  }
});

test("two browsers: the child's open shop page unlocks exactly what the guardian approves, and locks again on revocation", async () => {
  const childBrowser = await launchChromium();
  const guardian = await launchChromium();
  try {
    await childBrowser.context.setExtraHTTPHeaders({ "x-assent-jurisdiction": "CN" });
    const child = await childBrowser.context.newPage();
    const errors = [];
    child.on("pageerror", (e) => errors.push(e.message));
    await child.goto(new URL("/age?return=/", edge.url).href);
    await child.selectOption("select[name=birthYear]", String(thisYear - 10));
    await child.selectOption("select[name=birthMonth]", "6");
    await child.click("button[type=submit]");
    await child.waitForURL(new URL("/", edge.url).href);
    await child.waitForFunction(() => window.assent, null, { timeout: 30_000 });
    let s = await child.evaluate(() => window.assent.state());
    assert.equal(s.ageBand, "below_guardian_age");
    assert.equal(s.youthMode, true);
    assert.equal(s.decisions["analytics-cookies"], "needs_guardian_consent");
    assert.equal(await child.locator("[role=dialog].assent-first").count(), 0, "a child gets no banner to consent alone");
    assert.equal(await child.evaluate(() => document.documentElement.dataset.analytics), undefined);
    assert.equal(await child.locator(".assent-placeholder button").count(), 0, "no 'allow' on embeds for a child");

    // The child asks, in a second tab; the shop page stays open.
    const ask = await childBrowser.context.newPage();
    await ask.goto(new URL("/guardian/request?lang=en", edge.url).href);
    const contact = `parent${++guardianCount}@example.test`;
    await ask.fill("input[name=contact]", contact);
    await ask.click("button[type=submit]");
    await ask.waitForSelector(".assent-pending");
    const { body } = await visitor().req("/dev/outbox");
    const link = new URL(body.messages.find((m) => m.recipient === contact).link).pathname;

    // The guardian, in another browser, allows analytics and refuses the rest.
    const page = await guardian.context.newPage();
    await page.goto(new URL(`${link}?lang=en`, edge.url).href);
    await page.selectOption("form[data-method=card_check] select[name=relationship]", "parent");
    await page.fill("form[data-method=card_check] input[name=card]", "4242 4242 4242 4242");
    await page.click("form[data-method=card_check] button");
    await page.waitForSelector("form.assent-decide");
    const asked = await page.locator("form.assent-decide input[value=allow]").evaluateAll((xs) => xs.map((x) => x.name.slice(2)));
    assert.ok(asked.includes("analytics-cookies"), asked.join(" "));
    for (const p of asked) await page.check(`input[name="p:${p}"][value=${p === "analytics-cookies" ? "allow" : "refuse"}]`);
    await page.click("form.assent-decide button[type=submit]");
    await page.waitForSelector(".assent-decision");

    // The child's open page learns of it, verifies the guardian's receipt, and runs analytics.
    await child.waitForFunction(() => document.documentElement.dataset.analytics === "on", null, { timeout: 30_000 });
    s = await child.evaluate(() => window.assent.state());
    assert.equal(s.purposes["analytics-cookies"], true);
    assert.ok(asked.filter((p) => p !== "analytics-cookies").every((p) => s.purposes[p] === false), JSON.stringify(s.purposes));
    const held = await child.evaluate(() => JSON.parse(localStorage.getItem("assent:assent-seed:receipts") ?? "[]"));
    const receipts = held.map((t) => policy.verifyReceipt(t, state.publicJwks, { now: rfc3339(Date.now()) }).receipt);
    assert.ok(receipts.some((r) => r.actor.type === "guardian" && r.purposes.some((p) => p.purpose === "analytics-cookies" && p.state === "ConsentGiven")));

    // A tick the edge does not answer changes nothing (banner/mod.rs watch_guardian): no
    // reload, the guardian's consent still holds.
    await child.evaluate(() => (window.beforeSilence = true));
    await child.route("**/v1/receipts/mine", (route) => route.abort());
    await child.waitForTimeout(6_000);
    assert.equal(await child.evaluate(() => window.beforeSilence), true, "no reload");
    assert.equal(await child.evaluate(() => window.assent.state().purposes["analytics-cookies"]), true);
    await child.unroute("**/v1/receipts/mine");
    // The guardian revokes: the child's open page stops analytics at once (banner/mod.rs
    // stop_revoked): its cookies go and the page reloads by itself, where nothing of it runs.
    assert.match(await child.evaluate(() => document.cookie), /_ga=/);
    await child.evaluate(() => (window.beforeRevoke = true));
    const scripts = [];
    child.on("request", (r) => scripts.push(new URL(r.url()).pathname));
    await page.goto(new URL(`${link}/manage?lang=en`, edge.url).href);
    await page.check('input[name=purpose][value="analytics-cookies"]');
    await page.click("form.assent-revoke button");
    await page.waitForSelector(".assent-decision[data-state=ConsentRevoked]");
    await child.waitForFunction(() => !window.beforeRevoke && window.assent?.state().purposes["analytics-cookies"] === false, null, { timeout: 30_000, polling: 200 });
    assert.equal(await child.evaluate(() => document.documentElement.dataset.analytics), undefined);
    assert.doesNotMatch(await child.evaluate(() => document.cookie), /_ga=/, "its cookie was deleted");
    assert.ok(!scripts.includes("/js/analytics.js"), scripts.join(" "));
    await child.waitForFunction(() => /Analytics/.test(document.querySelector(".assent [role=status]")?.textContent ?? ""), null, { timeout: 10_000 });
    assert.equal(await child.locator(".assent-placeholder button").count(), 0, "refused by the guardian: still no 'allow'");
    await child.screenshot({ path: path.join(ARTIFACTS, "guardian-child-after-revoke-en.png"), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await childBrowser.close();
    await guardian.close();
  }
});

test("a receipt of the device's own subject is all /v1/receipts/mine gives, and only with a signed age lock", async () => {
  const stranger = await visitor().req("/v1/receipts/mine");
  assert.deepEqual(stranger.body, { subject: null, receipts: [] });
  // A forged consent cookie naming another subject gets nothing either.
  const { subject } = await childWithRequest();
  const forged = Buffer.from(JSON.stringify({ v: 1, s: subject, r: [] })).toString("base64url");
  const r = await visitor({ cookie: `assent_consent=${forged}` }).req("/v1/receipts/mine");
  assert.deepEqual(r.body, { subject: null, receipts: [] });
});

test("email_plus: refused for high-risk purposes; for low-risk ones a second click on the sent link verifies", async () => {
  const high = await childWithRequest();
  const offered = (body) => [...body.matchAll(/data-method="([a-z_]+)"/g)].map((m) => m[1]);
  assert.deepEqual(offered((await visitor().req(high.link)).body), ["card_check", "id_document", "video_call"]);
  const weak = await visitor().req(`${high.link}/verify`, { method: "POST", form: { method: "email_plus", relationship: "parent" } });
  assert.equal(weak.status, 422);
  assert.match(weak.body, /guardian\.method_not_offered/);

  const { child, contact, link, purposes } = await childWithRequest(["search", "analytics-cookies"]);
  assert.deepEqual(purposes, ["search", "analytics-cookies"]);
  assert.ok(offered((await visitor().req(link)).body).includes("email_plus"));
  const unknown = await child.req("/v1/guardian/requests", { method: "POST", json: { contact: "p@example.test", purposes: ["advertising"] } });
  assert.equal(unknown.status, 422);
  assert.equal(unknown.body.error.code, "guardian.purpose_not_asked");
  // The link goes only to the address the request was sent to, which the guardian gives again.
  const elsewhere = await visitor().req(`${link}/verify`, { method: "POST", form: { method: "email_plus", relationship: "legal_guardian", email: "someone-else@example.test" } });
  assert.equal(elsewhere.status, 422);
  assert.match(elsewhere.body, /guardian\.verification_failed/);
  const asked = await visitor().req(`${link}/verify`, { method: "POST", form: { method: "email_plus", relationship: "legal_guardian", email: contact.toUpperCase() } });
  assert.equal(asked.status, 303);
  assert.equal((await visitor().req("/dev/outbox")).body.messages.find((m) => m.link.includes(`${link}/confirm/`)).recipient, contact.toUpperCase());
  const confirm = await outboxLink(`${link}/confirm/`);
  // Following the link (as a mail scanner would) only shows a page with a button: nothing changes.
  const opened = await visitor().req(confirm);
  assert.equal(opened.status, 200);
  assert.match(opened.body, /form method="post" action="[^"]+\/confirm\//);
  assert.doesNotMatch((await visitor().req(link)).body, /\/decide/);
  assert.equal((await visitor().req(confirm, { method: "POST", form: {} })).status, 303);
  assert.match((await visitor().req(link)).body, /form method="post" action="[^"]+\/decide/);
  assert.equal((await visitor().req(confirm, { method: "POST", form: {} })).status, 404, "a confirmation works once");
  const decided = await visitor().req(`${link}/decide`, { method: "POST", form: { "p:search": "allow", "p:analytics-cookies": "refuse" } });
  assert.equal(decided.status, 303);
  assert.deepEqual(allowed((await child.req("/v1/state")).body), [...essential(), "search"].sort());
});

test("an expired request leaves the child pending and the guardian can no longer decide", async () => {
  const { child, link, purposes } = await childWithRequest();
  const later = { "x-assent-dev-now": rfc3339(Date.now() + 8 * DAY) };
  const s = (await child.req("/v1/state", { headers: later })).body;
  assert.equal(s.guardianRequest.state, "expired");
  assert.equal(s.page.guardianFlow, "pending_guardian");
  assert.deepEqual(allowed(s), essential());
  const page = await visitor().req(link, { headers: later });
  assert.equal(page.status, 410);
  const verifyLate = await visitor().req(`${link}/verify`, {
    method: "POST",
    headers: later,
    form: { method: "card_check", relationship: "parent", card: "4242424242424242" },
  });
  assert.equal(verifyLate.status, 409);
  assert.match(verifyLate.body, /data-code="guardian\./);
  assert.ok(purposes.length);
  // The pending page offers to ask again.
  assert.match((await child.req("/guardian/request", { headers: later })).body, /name="contact"/);
});

test("a child's erasure deletes its guardian requests and its pseudonym; the lock stays", async () => {
  const { child, link, subject } = await childWithRequest();
  assert.equal((await visitor().req(link)).status, 200);
  assert.equal((await child.req("/v1/state")).body.guardianRequest.state, "pending");
  const erased = await child.req("/v1/erasure", { method: "POST", json: {} });
  assert.equal(erased.status, 200, JSON.stringify(erased.body));
  assert.equal(erased.body.guardianRequests, 1);
  const gone = await visitor().req(link);
  assert.equal(gone.status, 404);
  assert.match(gone.body, /guardian\.unknown_request/);
  // The erased pseudonym is gone: the device speaks for a new subject, under the same lock, with
  // no request any more, and may ask again.
  const after = (await child.req("/v1/state")).body;
  assert.equal(after.guardianRequest, null);
  assert.notEqual(after.subject, subject, "a new subject, not the erased one");
  assert.ok(after.subject, "the device still has a subject: its lock is kept");
  assert.equal(after.ageBand, "below_guardian_age", "erasing never loosens the lock");
});

test("forged or foreign receipts and locks are ignored: another key, another child's subject", async () => {
  const { link, subject, purposes } = await childWithRequest();
  const other = await answered(thisYear - 11);
  // A receipt for the child signed with another key, claimed as the chain's previous: refused.
  const stranger = assent.generateKeySet();
  const forger = new assent.Signer(stranger.privateKeySet, policy);
  const { jws } = forger.sign(
    {
      subject,
      actor: { type: "guardian", relationship: "parent", verification: "card_check" },
      jurisdiction: "CN",
      locale: "en",
      ageBand: "below_guardian_age",
      purposes: purposes.map((purpose) => ({ purpose, state: "ConsentGiven", separate: true })),
      collectionMethod: "guardian_page",
    },
    rfc3339(Date.now()),
  );
  const forged = await other.req("/v1/consent", { method: "POST", json: { locale: "en", method: "guardian_page", choices: { [purposes[0]]: true }, previous: jws } });
  assert.equal(forged.status, 400);
  // An age lock naming the first child, signed with another key: the band is unknown again.
  const lock = new assent.Signer(stranger.privateKeySet, policy).signAgeLock({
    lock: { band: "below_guardian_age", jurisdiction: "CN", lockedAt: rfc3339(Date.now()), conflicts: 0 },
    subject,
    expiresAt: rfc3339(Date.now() + DAY),
  });
  const impostor = visitor({ "x-assent-jurisdiction": "CN", cookie: `assent_age=${lock}` });
  assert.equal((await impostor.req("/v1/state")).body.page.ageGate, true);
  // The first child's guardian approves everything; the other child stays locked.
  const g = visitor();
  await g.req(`${link}/verify`, { method: "POST", form: { method: "card_check", relationship: "parent", card: "4242424242424242" } });
  const done = await g.req(`${link}/decide`, { method: "POST", form: Object.fromEntries(purposes.map((p) => [`p:${p}`, "allow"])) });
  assert.equal(done.status, 303);
  assert.deepEqual(allowed((await other.req("/v1/state")).body), essential());
  assert.equal((await other.req("/v1/state")).body.page.guardianFlow, "pending_guardian");
  // A link token that is not a request's opens nothing.
  assert.equal((await visitor().req(`/guardian/${"A".repeat(43)}`)).status, 404);
});

test("two decisions racing: one is stored and signed, the other is refused", async () => {
  const { child, subject, link, purposes } = await childWithRequest(["search", "marketing"]);
  const g = visitor();
  assert.equal((await g.req(`${link}/verify`, { method: "POST", form: { method: "card_check", relationship: "parent", card: "4242424242424242" } })).status, 303);
  const [a, b] = await Promise.all([
    g.req(`${link}/decide`, { method: "POST", form: { "p:search": "allow", "p:marketing": "allow" } }),
    g.req(`${link}/decide`, { method: "POST", form: { "p:search": "refuse", "p:marketing": "refuse" } }),
  ]);
  assert.deepEqual([a.status, b.status].sort(), [303, 409]);
  const { body: log } = await visitor({ authorization: `Bearer ${state.auditorToken}` }).req("/v1/log/entries?from=0");
  const mine = log.entries.filter((e) => policy.verifyReceipt(e.entry, state.publicJwks, { now: rfc3339(Date.now()) }).receipt.subject === subject);
  assert.equal(mine.length, 1, "one receipt for one decision");
  const expected = a.status === 303 ? ["search", "marketing"] : [];
  assert.deepEqual(allowed((await child.req("/v1/state")).body), [...essential(), ...expected].sort());
  assert.deepEqual(purposes, ["search", "marketing"]);
});

test("a step logged but not cleared when the child erases is cleared, never logged again", async () => {
  const { child, subject, link } = await childWithRequest(["search", "marketing"]);
  const g = visitor();
  assert.equal((await g.req(`${link}/verify`, { method: "POST", form: { method: "card_check", relationship: "parent", card: "4242424242424242" } })).status, 303);
  // The process stops between logging the guardian's receipt and clearing the step.
  const stopped = await g.req(`${link}/decide`, {
    method: "POST",
    form: { "p:search": "allow", "p:marketing": "allow" },
    headers: { "x-assent-dev-crash": "after-log" },
  });
  assert.equal(stopped.status, 500);
  const auditor = visitor({ authorization: `Bearer ${state.auditorToken}` });
  const receiptsOf = async () =>
    (await auditor.req("/v1/log/entries?from=0")).body.entries.filter(
      (e) => e.kind === "receipt" && e.entry && policy.verifyReceipt(e.entry, state.publicJwks, { now: rfc3339(Date.now()) }).receipt.subject === subject,
    );
  assert.equal((await receiptsOf()).length, 1);
  // The child erases (the age lock names its subject): the receipt's content leaves the log.
  const erased = await child.req("/v1/erasure", { method: "POST", json: {} });
  assert.equal(erased.status, 200, JSON.stringify(erased.body));
  assert.equal(erased.body.erased, 1);
  // The erasure took the child's guardian request with it, pending step and all: the link opens
  // nothing, and the erased receipt is not logged again.
  assert.equal((await g.req(link)).status, 404);
  assert.equal((await child.req("/v1/state")).status, 200);
  assert.deepEqual(await receiptsOf(), []);
  assert.deepEqual(allowed((await child.req("/v1/state")).body), essential());
});

test("the short code in the message opens the same request, typed in any case and with spaces", async () => {
  const { link } = await childWithRequest(["marketing"]);
  const { body } = await visitor().req("/dev/outbox");
  const message = body.messages.find((m) => m.link.includes(link));
  const code = message.body.match(/\b([2-9A-Z]{8})\b/)[1];
  const form = await visitor().req("/guardian?lang=zh-CN");
  assert.equal(form.status, 200);
  assert.match(form.body, /name="code"/);
  const typed = `${code.slice(0, 4).toLowerCase()} ${code.slice(4)}`;
  const entered = await visitor().req("/guardian?lang=en", { method: "POST", form: { code: typed } });
  assert.equal(entered.status, 303);
  assert.equal(entered.headers.get("location"), `/guardian/${code}?lang=en`);
  const page = await visitor().req(entered.headers.get("location"));
  assert.equal(page.status, 200);
  assert.match(page.body, /data-purpose="marketing"/);
  const wrong = await visitor().req("/guardian", { method: "POST", form: { code: "ZZZZZZZZ" } });
  assert.equal(wrong.status, 404);
  assert.match(wrong.body, /data-code="guardian\.unknown_request"/);
});

test("16 in CN: the guidance notice and youth mode, no guardian flow, nothing forbidden for minors", async () => {
  const teen = await answered(thisYear - 17, 1);
  const s = (await teen.req("/v1/state")).body;
  assert.equal(s.ageBand, "minor");
  assert.equal(s.page.guardianNotice, true);
  assert.equal(s.page.youthMode, true);
  assert.equal(s.page.guardianFlow, null);
  assert.ok(s.purposes.some((p) => p.purpose === "advertising" && p.decision === "forbidden"));
  const ask = await teen.req("/v1/guardian/requests", { method: "POST", json: { contact: "p@example.test" } });
  assert.equal(ask.status, 409);
  assert.equal((await teen.req("/guardian/request")).status, 303);
});

test("the policy versions and their diff", async () => {
  const v = visitor();
  const { status, body } = await v.req("/v1/policy/versions");
  assert.equal(status, 200);
  assert.deepEqual(body.versions.map((x) => [x.version, x.current]), [
    ["1.0.0", true],
    ["1.1.0", false],
    ["1.1.1", false],
    ["2.0.0", false],
  ]);
  const diff = await v.req("/v1/policy/diff?from=1.0.0&to=1.1.0");
  assert.equal(diff.status, 200);
  assert.equal(diff.body.diff.from, "1.0.0");
  assert.equal(diff.body.diff.to, "1.1.0");
  assert.ok(diff.body.plan.reconsent.includes("advertising"));
  for (const [query, code, status] of [
    ["from=1.0.0&to=9.9.9", "policy.unknown_version", 404],
    ["from=0.1.0&to=1.0.0", "policy.unknown_version", 404],
    ["from=1.1.0&to=1.0.0", "policy.version_order", 400],
    ["from=1.0.0&to=1.0.0", "policy.version_order", 400],
    ["from=1.0.0", "request.invalid", 400],
  ]) {
    const r = await v.req(`/v1/policy/diff?${query}`);
    assert.equal(r.status, status, query);
    assert.equal(r.body.error.code, code, query);
  }
  assert.equal((await v.req("/dev/outbox")).status, 200, "the local config sets DEV_MODE");
});

test("the outbox as JSON lines, oldest first, after an id (what cargo xtask demo copies to a file)", async () => {
  await childWithRequest(["marketing"]);
  const all = await fetch(new URL("/dev/outbox.jsonl?after=0", edge.url), { signal: AbortSignal.timeout(20_000) });
  assert.match(all.headers.get("content-type"), /^application\/x-ndjson/);
  const lines = (await all.text()).split("\n").filter(Boolean);
  assert.ok(lines.length >= 1);
  assert.ok(lines.every((l) => l.startsWith('{"id":')));
  const ids = lines.map((l) => JSON.parse(l).id);
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
  const last = ids.at(-1);
  assert.equal(await (await fetch(new URL(`/dev/outbox.jsonl?after=${last}`, edge.url))).text(), "");
  assert.equal((await visitor().req("/dev/outbox.jsonl?after=-1")).status, 400);
});

test("erasing a child deletes its messages to guardians too, the address among them", async () => {
  const { child, contact } = await childWithRequest();
  assert.ok((await visitor().req("/dev/outbox")).body.messages.some((m) => m.recipient === contact));
  const erased = await child.req("/v1/erasure", { method: "POST", json: {} });
  assert.equal(erased.status, 200, JSON.stringify(erased.body));
  const after = (await visitor().req("/dev/outbox")).body.messages;
  assert.ok(!after.some((m) => m.recipient === contact), "no message to the child's guardian is left");
});

test("in France below 15 the child picks what to ask for, and the guardian's approval is their joint consent", async () => {
  const child = await answered(thisYear - 12, 6, "FR");
  // The banner's guardian step, as the edge writes it: one box per purpose waiting, none ticked.
  const page = await child.req("/");
  const boxes = [...page.body.matchAll(/<input type="checkbox" name="purpose" value="([^"]+)">/g)].map((m) => m[1]);
  const waiting = (await child.req("/v1/state")).body.purposes.filter((p) => p.decision === "needs_guardian_consent").map((p) => p.purpose);
  assert.deepEqual(boxes, waiting);
  assert.match(page.body, /<legend>What you agree to, and ask your parent or guardian to agree to as well<\/legend>/);
  // The child's own page offers the same boxes.
  const pending = await child.req("/guardian/request?lang=fr");
  assert.deepEqual([...pending.body.matchAll(/name="purpose" value="([^"]+)"/g)].map((m) => m[1]), waiting);
  // Naming nothing asks for nothing: here the child's agreement is half of the consent.
  const contact = `parent${++guardianCount}@example.test`;
  const none = await child.req("/guardian/request?lang=en", { method: "POST", form: { contact } });
  assert.equal(none.status, 422, none.body.slice(0, 300));
  assert.match(none.body, /guardian\.child_chooses/);
  const [picked] = waiting;
  const sent = await child.req("/guardian/request?lang=en", { method: "POST", form: new URLSearchParams([["contact", contact], ["purpose", picked]]) });
  assert.equal(sent.status, 303, sent.body.slice?.(0, 300));
  const afterAsking = (await child.req("/v1/state")).body;
  const asked = afterAsking.guardianRequest;
  assert.deepEqual(asked.purposes, [picked], "the request names what the child picked, and only that");
  // What the child left out is their own "no": it no longer waits, so the step stops asking.
  const left = waiting.filter((p) => p !== picked);
  assert.ok(left.length > 0);
  for (const p of left) assert.equal(afterAsking.purposes.find((d) => d.purpose === p).decision, "denied", p);
  // The child's page says when the request lapses as a person reads it.
  const waitingPage = (await child.req("/guardian/request?lang=en")).body;
  assert.match(waitingPage, /class="assent-request"[^>]*>[^<]*\(valid until \d{4}-\d\d-\d\d \d\d:\d\d UTC\)/);
  // The guardian verifies and approves; the receipt says the consent is joint.
  const link = await outboxLink("/guardian/");
  const token = link.split("/")[2].split("?")[0];
  const guardian = visitor();
  const verified = await guardian.req(`/guardian/${token}/verify?lang=en`, { method: "POST", form: { method: "card_check", relationship: "parent", card: "4242 4242 4242 4242" } });
  assert.ok(verified.status < 400, String(verified.status));
  const decided = await guardian.req(`/guardian/${token}/decide?lang=en`, { method: "POST", form: { [`p:${picked}`]: "allow" } });
  assert.ok(decided.status < 400, `${decided.status} ${String(decided.body).slice(0, 300)}`);
  const subject = (await child.req("/v1/state")).body.subject;
  const { body: log } = await visitor({ authorization: `Bearer ${state.auditorToken}` }).req("/v1/log/entries?from=0");
  const receipts = log.entries
    .filter((e) => e.kind === "receipt" && e.entry)
    .map((e) => policy.verifyReceipt(e.entry, state.publicJwks, { now: rfc3339(Date.now()) }).receipt)
    .filter((r) => r.subject === subject);
  assert.equal(receipts.length, 2, "the child's refusal of what they left out, then the guardian's approval");
  const [own, theirs] = receipts;
  assert.equal(own.actor.type, "self");
  assert.equal(own.collectionMethod, "banner_layer2");
  assert.deepEqual(own.purposes.map((p) => [p.purpose, p.state]).sort(), left.map((p) => [p, "ConsentRefused"]).sort());
  assert.equal(theirs.actor.joint, true);
  assert.deepEqual(theirs.purposes.map((p) => [p.purpose, p.state]), [[picked, "ConsentGiven"]]);
  const decidedState = (await child.req("/v1/state")).body;
  assert.ok(allowed(decidedState).includes(picked));
  assert.equal(decidedState.page.guardianFlow ?? null, null, "nothing waits for a guardian: the step does not open by itself");
});

test("a child may keep what waits off and still ask later; the child's own devices take no guardian step; a guardian's no stays a guardian's", async () => {
  // "Keep them off", as the guardian step's form posts it: the child's own refusal.
  const child = await answered(thisYear - 10);
  const first = await child.req("/");
  assert.match(first.body, /<button class="assent-btn" type="submit" name="action" value="reject" data-assent-action="reject">Keep them off<\/button>/);
  const kept = await child.req("/consent/form", { method: "POST", form: { action: "reject", return: "/", lang: "en" } });
  assert.equal(kept.status, 303);
  const off = (await child.req("/v1/state")).body;
  assert.equal(off.page.guardianFlow ?? null, null, "nothing waits for a guardian any more");
  assert.deepEqual(allowed(off), essential());
  assert.equal(off.purposes.find((p) => p.purpose === "search").decision, "denied");
  // The step no longer opens by itself; the privacy-choices button still leads to it.
  const next = await child.req("/");
  assert.doesNotMatch(next.body, /assent-dialog/);
  const reopened = await child.req("/consent/form", { method: "POST", form: { action: "reopen", return: "/", lang: "en" } });
  assert.equal(reopened.status, 303);
  const step = (await child.req(reopened.headers.get("location"))).body;
  assert.match(step, /Ask a parent or guardian/);
  assert.doesNotMatch(step, /Keep them off/, "nothing is left to keep off");
  // The child asks after all, about what they kept off.
  const contact = `parent${++guardianCount}@example.test`;
  const made = await child.req("/v1/guardian/requests", { method: "POST", json: { contact, purposes: ["search", "analytics-cookies"] } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const link = new URL((await visitor().req("/dev/outbox")).body.messages.find((m) => m.recipient === contact).link).pathname;

  // The child's device, and another device where a child answered the gate, take no guardian step.
  const otherChild = await answered(thisYear - 9);
  for (const device of [child, otherChild]) {
    const page = await device.req(link);
    assert.equal(page.status, 409, String(page.body).slice(0, 200));
    assert.match(page.body, /guardian\.childs_device/);
    const verify = await device.req(`${link}/verify`, { method: "POST", form: { method: "email_plus", relationship: "parent", email: contact } });
    assert.equal(verify.status, 409);
  }
  const decideHere = await child.req(`${link}/decide`, { method: "POST", form: { "p:search": "allow", "p:analytics-cookies": "allow" } });
  assert.equal(decideHere.status, 409);

  // The guardian, on their own device, refuses both.
  const guardian = visitor();
  assert.equal((await guardian.req(link)).status, 200);
  const verified = await guardian.req(`${link}/verify`, { method: "POST", form: { method: "email_plus", relationship: "parent", email: contact } });
  assert.equal(verified.status, 303);
  assert.equal((await guardian.req(await outboxLink(`${link}/confirm/`), { method: "POST", form: {} })).status, 303);
  const refused = await guardian.req(`${link}/decide`, { method: "POST", form: { "p:search": "refuse", "p:analytics-cookies": "refuse" } });
  assert.equal(refused.status, 303);
  // The child's own "no" cannot cover the guardian's, which would let them ask someone else.
  const cover = await child.req("/v1/consent", { method: "POST", json: { locale: "en", method: "banner_layer2", choices: { search: false } } });
  assert.equal(cover.status, 422, JSON.stringify(cover.body));
  assert.equal(cover.body.error.code, "choice.guardian_refused");
  const again = await child.req("/v1/guardian/requests", { method: "POST", json: { contact: "second@example.test", purposes: ["search"] } });
  assert.ok([409, 422].includes(again.status), JSON.stringify(again.body));
  assert.deepEqual(allowed((await child.req("/v1/state")).body), essential());
});

test("the pages speak the first language of the browser's list that the policy offers", async () => {
  // The seed offers en and zh-CN (its default): a German browser that also reads English gets English.
  const page = await visitor({ "accept-language": "de-DE,de;q=0.9,en;q=0.8" }).req("/age");
  assert.match(page.body, /<html lang="en"/);
  const chinese = await visitor({ "accept-language": "fr;q=0.5, zh-CN;q=0.9" }).req("/age");
  assert.match(chinese.body, /<html lang="zh-CN"/);
});

test("the guardian's message says who asks, who runs the site, what is asked, its policy and when the address goes", async () => {
  const { contact, link, purposes } = await childWithRequest(["search"]);
  const { body } = await visitor().req("/dev/outbox");
  const message = body.messages.find((m) => m.recipient === contact);
  // The request's expiry, by which an unanswered request lapses and the address goes.
  assert.match(message.body, /\d{4}-\d{2}-\d{2}/);
  // In the visitor's language (the seed's default here is Chinese): the site, the link, the
  // short code's page, the policy's address.
  const origin = edge.url.replace(/\/$/, "");
  for (const part of [`${origin} `, link, `${origin}/guardian `, policy.toJSON().url]) {
    assert.ok(message.body.includes(part), `${part} in ${message.body}`);
  }
  assert.match(message.subject, /Example Shop Ltd\.|示例商城有限公司/);
  assert.deepEqual(purposes, ["search"]);
});

test("a child's 'keep them off' while a guardian request is open withdraws it: the guardian can no longer turn on what the child refused", async () => {
  const { child, link } = await childWithRequest(["search"]);
  const kept = await child.req("/consent/form", { method: "POST", form: { action: "reject", return: "/", lang: "en" } });
  assert.equal(kept.status, 303);
  const after = (await child.req("/v1/state")).body;
  assert.equal(after.guardianRequest.state, "cancelled");
  assert.equal(after.purposes.find((p) => p.purpose === "search").decision, "denied");
  // The guardian, on their own device, finds the request closed and decides nothing.
  const guardian = visitor();
  const page = await guardian.req(link);
  assert.equal(page.status, 410, String(page.body).slice(0, 200));
  const decided = await guardian.req(`${link}/decide`, { method: "POST", form: { "p:search": "allow" } });
  assert.ok(decided.status >= 400, String(decided.status));
  assert.deepEqual(allowed((await child.req("/v1/state")).body), essential());
});

test("a child has one open request: a second mailbox's closes the first, so no answer overrides another guardian's", async () => {
  const { child, subject, link: first } = await childWithRequest(["search", "marketing"]);
  // The child asks again, of another mailbox (their own, say), while the first is open.
  const own = `own${++guardianCount}@example.test`;
  const again = await child.req("/v1/guardian/requests", { method: "POST", json: { contact: own, purposes: ["search", "marketing"] } });
  assert.equal(again.status, 201, JSON.stringify(again.body));
  const { body: outbox } = await visitor().req("/dev/outbox");
  const second = new URL(outbox.messages.find((m) => m.recipient === own).link).pathname;
  // The first guardian finds the request closed: their "no" cannot be overtaken, nor given.
  const parent = visitor();
  assert.equal((await parent.req(first)).status, 410);
  const verify = { method: "card_check", relationship: "parent", card: "4242424242424242" };
  assert.ok((await parent.req(`${first}/verify`, { method: "POST", form: verify })).status >= 400);
  assert.deepEqual((await child.req("/v1/state")).body.guardianRequest.state, "pending");
  // Only the newest request is answered; the child's state follows it alone.
  const g = visitor();
  assert.equal((await g.req(`${second}/verify`, { method: "POST", form: verify })).status, 303);
  const refused = await g.req(`${second}/decide`, { method: "POST", form: { "p:search": "refuse", "p:marketing": "refuse" } });
  assert.equal(refused.status, 303);
  assert.deepEqual(allowed((await child.req("/v1/state")).body), essential());
  // Two requests sent at once, by another child: whichever are stored, one is open at the end.
  const twin = await answered(thisYear - 10);
  const contacts = ["x", "y"].map((m) => `${m}${++guardianCount}@example.test`);
  const sent = await Promise.all(contacts.map((contact) => twin.req("/v1/guardian/requests", { method: "POST", json: { contact, purposes: ["search"] } })));
  assert.ok(sent.every((r) => [201, 409].includes(r.status)), JSON.stringify(sent.map((r) => r.body)));
  const { body: after } = await visitor().req("/dev/outbox");
  const links = contacts.map((c) => after.messages.find((m) => m.recipient === c)).filter(Boolean).map((m) => new URL(m.link).pathname);
  assert.equal(links.length, sent.filter((r) => r.status === 201).length);
  const open = [];
  for (const link of links) if ((await visitor().req(link)).status === 200) open.push(link);
  assert.equal(open.length, 1, JSON.stringify(links));
  assert.equal(subject, (await child.req("/v1/state")).body.subject);
});

test("a child whose request waits is not asked again on every page: the step says it waits, and sends nothing", async () => {
  const fresh = await answered(thisYear - 10);
  const before = await fresh.req("/about.html");
  assert.match(before.body, /class="assent-dialog assent-guardian"/, "the step opens by itself before anyone is asked");
  assert.match(before.body, /name="contact"/);
  const { child } = await childWithRequest(["search"]);
  for (const path of ["/", "/about.html", "/"]) {
    const page = await child.req(path);
    assert.equal(page.status, 200);
    assert.match(page.body, /<html[^>]* data-assent-guardian-asked="1"/, path);
    assert.doesNotMatch(page.body, /class="assent-dialog assent-guardian"/, `${path}: no step opens by itself`);
  }
  // Opened from "Privacy choices", the step says the request waits and has no form to send again.
  const opened = await child.req("/consent/form", { method: "POST", form: { action: "reopen", return: "/", lang: "en" } });
  const shown = await child.req(opened.headers.get("location"));
  const step = shown.body.match(/<div class="assent-dialog assent-guardian"[\s\S]*?<\/aside>/)?.[0] ?? "";
  assert.match(step, /<p class="assent-request">Your request was sent and is waiting for your parent's or guardian's answer.<\/p>/, shown.body.slice(0, 400));
  assert.doesNotMatch(step, /name="contact"/);
});
