// The banner's words in the visitor's language, the policy's own and the site's own, in headless
// Chromium. A policy `assent init` wrote in de, ja and en, with words of its own for de, is compiled
// (`assent compile`) and served as static files, each page carrying the first layer the engine's
// `policy.bannerHtml` writes for it, as the edge writes it into the HTML. A German page gets the
// German banner, written and then drawn by the module (which fetches the German texts file and no
// other), a Japanese page the Japanese one (both axe-clean on both layers), and a page whose
// assent-config overrides a word says it in both, over the policy's word, over the catalogue's.
// Then the real edge in workerd serves a page of the demo shop whose configuration overrides
// words: the first layer the edge writes into the HTML says them, and so does the banner module
// once it takes the page over.
import assert from "node:assert/strict";
import { cp, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { ageLockCookie, assent, cli, edgeState, startEdge } from "./edge.mjs";
import { BANNER_CSP, axeViolations, launchChromium, pkgDir, root, serveStatic, tempDir } from "./helpers.mjs";

const T = { timeout: 60_000 };
const button = (page, name) => page.getByRole("button", { name, exact: true });
const dialog = (page) => page.locator("[role=dialog]");

describe("the banner speaks the page's language among the policy's, in the policy's and the page's words", () => {
  let site;
  let server;

  before(async () => {
    site = await tempDir("banner-words");
    const answers = path.join(site.dir, "answers.json");
    await writeFile(
      answers,
      JSON.stringify({
        site: "https://laden.example",
        controller: { name: "Beispiel GmbH", email: "datenschutz@laden.example" },
        jurisdictions: ["EU"],
        storedIn: ["DE"],
        locales: ["de", "ja", "en"],
        purposes: [{ id: "analytics", provider: "Example Analytics", providerCountry: "DE", cookies: ["_ea"] }],
      }),
    );
    const out = path.join(site.dir, "consent");
    const run = await cli(["init", "--answers", answers, "--out", out]);
    assert.equal(run.code, 0, run.stderr);
    // The policy's own word for "choose" in German.
    const policyFile = path.join(out, "policy.json");
    const policyText = JSON.stringify({ ...JSON.parse(await readFile(policyFile, "utf8")), words: { de: { choose: "Einstellungen" } } });
    await writeFile(policyFile, policyText);
    assert.equal((await cli(["check", policyFile])).code, 0);
    const compiled = path.join(site.dir, "compiled");
    const compiledRun = await cli(["compile", policyFile, "--out", compiled]);
    assert.equal(compiledRun.code, 0, compiledRun.stderr);
    const core = (await readdir(compiled)).find((f) => f.endsWith(".core.json"));
    await symlink(pkgDir, path.join(site.dir, "pkg"), "dir");
    // What the edge writes into each page: the engine's own first layer for this visitor.
    const engine = assent.loadPolicy(policyText);
    const page = (lang, words) => {
      const config = JSON.stringify({ policy: `/compiled/${core}`, jurisdiction: "DE", ...(words ? { words } : {}) });
      const context = { now: new Date().toISOString(), jurisdiction: "DE", ageBand: "adult", locale: lang };
      const { html } = engine.bannerHtml(context, { action: "/consent/form", locale: lang, pageConfig: config });
      return `<!doctype html>
<html lang="${lang}" data-assent-age-band="adult">
<head>
<meta charset="utf-8">
<title>Laden</title>
<link rel="stylesheet" href="/pkg/assent.css">
<script type="application/json" id="assent-config">${config}</script>
<script type="module" src="/pkg/banner.js"></script>
</head>
<body><main><h1>Laden</h1></main>
${html}</body>
</html>`;
    };
    await writeFile(path.join(site.dir, "de.html"), page("de"));
    await writeFile(path.join(site.dir, "ja.html"), page("ja"));
    await writeFile(path.join(site.dir, "de-words.html"), page("de", { de: { acceptAll: "Ja, alle erlauben" } }));
    await writeFile(path.join(site.dir, "favicon.ico"), "");
    server = await serveStatic(site.dir, { "content-security-policy": BANNER_CSP });
  });

  after(async () => {
    await server?.close();
    await site?.remove();
  });

  async function open(route, { javaScriptEnabled = true } = {}) {
    const browser = await launchChromium({ javaScriptEnabled });
    const page = await browser.context.newPage();
    const errors = [];
    const fetched = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto(new URL(route, server.url).href, { waitUntil: "load" });
    if (javaScriptEnabled) await page.waitForFunction(() => window.assent, null, { timeout: 30_000 });
    await dialog(page).waitFor();
    return { browser, page, errors, fetched };
  }

  test("without scripts, the first layer written for a German visitor is German, with the policy's own word", T, async () => {
    const { browser, page } = await open("/de.html", { javaScriptEnabled: false });
    try {
      assert.equal(await page.getAttribute(".assent", "lang"), "de");
      for (const name of ["Alle akzeptieren", "Alle ablehnen", "Einstellungen"]) assert.equal(await button(page, name).count(), 1, name);
      assert.equal(await button(page, "Selbst auswählen").count(), 0, "the policy's word replaces the catalogue's");
    } finally {
      await browser.close();
    }
  });

  for (const [route, lang, words] of [
    ["/de.html", "de", { accept: "Alle akzeptieren", reject: "Alle ablehnen", choose: "Einstellungen", save: "Auswahl speichern", title: "Ihre Datenschutzeinstellungen" }],
    ["/ja.html", "ja", { accept: "すべて同意する", reject: "すべて拒否する", choose: "自分で選ぶ", save: "選択を保存", title: "プライバシーに関する選択" }],
  ]) {
    test(`a ${lang} page on a policy with ${lang} texts: the module's words are ${lang}, from the ${lang} texts file alone, axe-clean on both layers`, T, async () => {
      const { browser, page, errors, fetched } = await open(route);
      try {
        assert.equal(await page.locator(".assent").count(), 1, "the module took over the written banner");
        assert.equal(await page.getAttribute(".assent", "lang"), lang);
        assert.equal(await page.textContent("#assent-title"), words.title);
        for (const name of [words.accept, words.reject, words.choose]) assert.equal(await button(page, name).count(), 1, name);
        assert.deepEqual(await axeViolations(page), [], `${lang} first layer`);
        await button(page, words.choose).click();
        await page.waitForSelector(".assent-second");
        for (const summary of await page.locator(".assent-details summary").all()) await summary.click();
        assert.equal(await button(page, words.save).count(), 1);
        assert.deepEqual(await axeViolations(page), [], `${lang} second layer`);
        const texts = fetched.filter((p) => p.startsWith("/compiled/") && !p.endsWith(".core.json"));
        assert.equal(texts.length, 1, texts.join(", "));
        assert.ok(texts[0].endsWith(`.${lang}.json`), texts[0]);
        assert.deepEqual(errors, []);
      } finally {
        await browser.close();
      }
    });
  }

  test("the page's own word wins over the policy's and the catalogue's, in the written and the module-drawn banner", T, async () => {
    const written = await open("/de-words.html", { javaScriptEnabled: false });
    try {
      assert.equal(await button(written.page, "Ja, alle erlauben").count(), 1);
      assert.equal(await button(written.page, "Alle akzeptieren").count(), 0);
      assert.equal(await button(written.page, "Einstellungen").count(), 1, "the policy's word where the page gives none");
      assert.equal(await button(written.page, "Alle ablehnen").count(), 1, "the catalogue's where neither does");
    } finally {
      await written.browser.close();
    }
    const { browser, page, errors } = await open("/de-words.html");
    try {
      assert.equal(await page.locator(".assent").count(), 1);
      assert.equal(await button(page, "Ja, alle erlauben").count(), 1);
      assert.equal(await button(page, "Alle akzeptieren").count(), 0);
      assert.equal(await button(page, "Alle ablehnen").count(), 1);
      await button(page, "Einstellungen").click();
      await page.waitForSelector(".assent-second");
      assert.equal(await button(page, "Ja, alle erlauben").count(), 1, "the second layer says it too");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
});

describe("the edge writes the page's own words into the first layer, as the module draws them", () => {
  let state;
  let edge;
  let site;
  const WORDS = { en: { acceptAll: "Yes to all", rejectAll: "No to all" } };

  before(async () => {
    site = await tempDir("edge-words");
    await cp(path.join(root, "www", "site"), site.dir, { recursive: true });
    const index = await readFile(path.join(site.dir, "index.html"), "utf8");
    const config = '"tcf": {"cmpId": 300}}</script>';
    assert.ok(index.includes(config));
    await writeFile(
      path.join(site.dir, "words.html"),
      index.replace(config, `"tcf": {"cmpId": 300}, "words": ${JSON.stringify(WORDS)}}</script>`),
    );
    state = await edgeState("words");
    edge = await startEdge(state, { site: site.dir });
  });

  after(async () => {
    await edge?.stop();
    await state?.remove();
    await site?.remove();
  });

  async function visit(javaScriptEnabled) {
    const browser = await launchChromium({ javaScriptEnabled });
    const [name, ...value] = ageLockCookie(state.privateKeySet, "adult", { jurisdiction: "DE" }).split("=");
    await browser.context.addCookies([{ name, value: value.join("="), url: edge.url }]);
    const page = await browser.context.newPage();
    await page.setExtraHTTPHeaders({ "x-assent-jurisdiction": "DE" });
    await page.goto(new URL("/words.html", edge.url).href, { waitUntil: "load", timeout: 30_000 });
    return { browser, page };
  }

  test("without scripts the edge's first layer says the page's words", T, async () => {
    const { browser, page } = await visit(false);
    try {
      await dialog(page).waitFor();
      assert.equal(await button(page, "Yes to all").count(), 1);
      assert.equal(await button(page, "No to all").count(), 1);
      assert.equal(await button(page, "Accept all").count(), 0);
    } finally {
      await browser.close();
    }
  });

  test("the module that takes the page over says the same words on both layers", T, async () => {
    const { browser, page } = await visit(true);
    try {
      await page.waitForFunction(() => window.assent, null, { timeout: 30_000 });
      await dialog(page).waitFor();
      assert.equal(await page.locator(".assent").count(), 1, "one banner");
      assert.equal(await button(page, "Yes to all").count(), 1);
      await button(page, "Choose").click();
      await page.waitForSelector(".assent-second");
      assert.equal(await button(page, "Yes to all").count(), 1);
      assert.equal(await button(page, "No to all").count(), 1);
      await button(page, "No to all").click();
      await page.waitForFunction(() => document.querySelector(".assent-status")?.textContent, null, { timeout: 15_000 });
      assert.match(await page.textContent(".assent-status"), /signed a receipt/);
    } finally {
      await browser.close();
    }
  });
});
