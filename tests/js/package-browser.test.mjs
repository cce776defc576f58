// The built package in headless Chromium: a page served from loopback under a strict Content Security
// Policy imports the browser entry (found through the exports map), shows engineVersion(), loads the
// seed policy and evaluates the golden corpus's contexts for it; the answers must equal the Node
// entry's.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";

import { crateVersion, entryFor, launchChromium, pkgDir, root, serveStatic, siteWithPackage } from "./helpers.mjs";

/** What the package needs and nothing more: its own scripts, compiling Wasm, fetching its module. */
const STRICT_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";

const PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>assent package test</title>
<p>engine <output id="version">loading</output></p>
<p><output id="error"></output></p>
<p><output id="violations"></output></p>
<pre id="answers"></pre>
<script type="module" src="./main.js"></script>
</html>
`;

const main = (entry) => `
document.addEventListener("securitypolicyviolation", (event) => {
  document.getElementById("violations").textContent += event.violatedDirective + " " + event.blockedURI + ";";
});
import("./pkg/${entry}").then(
  async (assent) => {
    document.getElementById("version").textContent = assent.engineVersion();
    const policy = assent.loadPolicy(await (await fetch("./seed.json")).text());
    const contexts = await (await fetch("./contexts.json")).json();
    const answers = contexts.map((context) => ({
      evaluation: policy.evaluate(context),
      decisions: policy.purposes().map((p) => policy.decide(p.id, context)),
    }));
    document.getElementById("answers").textContent = JSON.stringify(answers);
    document.documentElement.dataset.state = "ready";
  },
  (error) => {
    document.getElementById("error").textContent = String(error);
    document.documentElement.dataset.state = "failed";
  },
);
`;

let site;
let browser;
/** The golden corpus's contexts for the seed policy. */
let contexts;

before(async () => {
  const cases = JSON.parse(await readFile(path.join(root, "tests/golden/eval.json"), "utf8"));
  contexts = cases.filter((c) => c.policy === "policies/seed.json").map((c) => c.context);
  site = await siteWithPackage("browser", {
    "index.html": PAGE,
    "contexts.json": JSON.stringify(contexts),
    "seed.json": await readFile(path.join(root, "policies/seed.json")),
    "main.js": main(await entryFor("browser")),
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await site?.remove();
});

/** Opens the page served under `csp`; returns its outcome, its console and the requests served. */
async function openPage(csp) {
  const server = await serveStatic(site.dir, { "content-security-policy": csp });
  const page = await browser.context.newPage();
  const console = [];
  page.on("console", (message) => console.push(`${message.type()}: ${message.text()}`));
  page.on("pageerror", (error) => console.push(`pageerror: ${error.message}`));
  try {
    await page.goto(server.url, { timeout: 20_000 });
    await page.waitForSelector("html[data-state]", { timeout: 20_000 });
    return {
      state: await page.getAttribute("html", "data-state"),
      version: await page.textContent("#version"),
      error: await page.textContent("#error"),
      violations: await page.textContent("#violations"),
      answers: await page.textContent("#answers"),
      console,
      requests: server.requests,
    };
  } finally {
    await page.close();
    await server.close();
  }
}

test("under a strict CSP the browser entry streams its module and reports the version", { timeout: 90_000 }, async () => {
  const outcome = await openPage(STRICT_CSP);
  assert.equal(outcome.state, "ready", outcome.error);
  assert.equal(outcome.version, await crateVersion());
  // No CSP report, no fallback warning (instantiateStreaming needs application/wasm), no error.
  assert.deepEqual(outcome.console, []);
  assert.equal(outcome.violations, "");
  const wasm = outcome.requests.filter((r) => r.pathname.endsWith(".wasm"));
  assert.deepEqual(wasm, [{ pathname: "/pkg/assent_bg.wasm", status: 200, type: "application/wasm" }]);
});

test("the browser entry loads the engine alone: never the signing bundle, nor the banner's", { timeout: 90_000 }, async () => {
  const outcome = await openPage(STRICT_CSP);
  const loaded = outcome.requests.map((r) => r.pathname);
  assert.ok(loaded.includes("/pkg/assent.js"), loaded.join(" "));
  assert.ok(!loaded.some((p) => p.includes("signing") || p.includes("banner")), loaded.join(" "));
});

test("in Chromium the browser entry evaluates the seed policy exactly as the Node entry does", { timeout: 90_000 }, async () => {
  const outcome = await openPage(STRICT_CSP);
  assert.equal(outcome.state, "ready", outcome.error);
  const inPage = JSON.parse(outcome.answers);
  assert.ok(contexts.length >= 20, `${contexts.length} contexts`);
  assert.equal(inPage.length, contexts.length);
  const node = await import(pathToFileURL(path.join(pkgDir, await entryFor("node"))).href);
  const policy = node.loadPolicy(await readFile(path.join(root, "policies/seed.json"), "utf8"));
  contexts.forEach((context, i) => {
    assert.deepEqual(inPage[i].evaluation, policy.evaluate(context), `context ${i}`);
    const decisions = policy.purposes().map((p) => policy.decide(p.id, context));
    assert.deepEqual(inPage[i].decisions, decisions, `context ${i}`);
  });
  // The answers say something: both decisions occur among them.
  const all = inPage.flatMap((a) => a.decisions.map((d) => d.decision));
  assert.ok(new Set(all).size >= 2, [...new Set(all)].join(" "));
});

test("without 'wasm-unsafe-eval' the CSP stops the module, so the README's CSP is the minimum", { timeout: 90_000 }, async () => {
  const outcome = await openPage("default-src 'none'; script-src 'self'; connect-src 'self'");
  assert.equal(outcome.state, "failed");
  assert.match(outcome.error, /WebAssembly/);
  assert.match(outcome.violations, /^script-src wasm-eval;/);
});
