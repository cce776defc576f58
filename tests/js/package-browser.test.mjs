// The built package in headless Chromium: a page served from loopback under a strict Content Security
// Policy imports the browser entry (found through the exports map), shows engineVersion(), loads the
// seed policy compiled (its core file and one locale's texts, as `assent compile` writes them) and
// evaluates the golden corpus's contexts for it; the answers must equal the Node entry's, which
// loads the policy document itself. The browser entry has no loader of policy documents; the
// authoring entry, for editors, has it and compiles in the page what the browser entry reads.
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
<pre id="loaders"></pre>
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
    const [core, texts, purposes] = await Promise.all(
      ["./seed.core.json", "./seed.en.json", "./purposes.json"].map((f) => fetch(f).then((r) => r.text())),
    );
    const policy = assent.loadCompiled(core, texts);
    const contexts = await (await fetch("./contexts.json")).json();
    const answers = contexts.map((context) => ({
      evaluation: policy.evaluate(context),
      decisions: JSON.parse(purposes).map((id) => policy.decide(id, context)),
      visitor: policy.context(context).evaluate(),
    }));
    document.getElementById("answers").textContent = JSON.stringify(answers);
    document.getElementById("loaders").textContent = JSON.stringify({
      loadPolicy: typeof assent.loadPolicy,
      compilePolicy: typeof assent.compilePolicy,
    });
    document.documentElement.dataset.state = "ready";
  },
  (error) => {
    document.getElementById("error").textContent = String(error);
    document.documentElement.dataset.state = "failed";
  },
);
`;

/** The authoring entry in a page: loads the policy document, diffs nothing, compiles it. */
const AUTHORING = `
import("./pkg/authoring.js").then(
  async (authoring) => {
    const policy = authoring.loadPolicy(await (await fetch("./seed.json")).text());
    const { core, texts } = authoring.compilePolicy(policy.toJSON());
    let problem = null;
    try {
      authoring.loadPolicy('{"id": "x", "versoin": "1.0.0"}');
    } catch (error) {
      problem = { code: error.code, problems: error.problems ?? [] };
    }
    document.getElementById("answers").textContent = JSON.stringify({
      version: policy.version,
      core: core.json,
      texts: texts.map((t) => t.locale),
      problem,
    });
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
/** The seed policy's files as `assent compile` writes them, from the Node entry. */
let compiled;

before(async () => {
  const cases = JSON.parse(await readFile(path.join(root, "tests/golden/eval.json"), "utf8"));
  contexts = cases.filter((c) => c.policy === "policies/seed.json").map((c) => c.context);
  const node = await import(pathToFileURL(path.join(pkgDir, await entryFor("node"))).href);
  const seed = await readFile(path.join(root, "policies/seed.json"), "utf8");
  compiled = node.compilePolicy(seed);
  site = await siteWithPackage("browser", {
    "index.html": PAGE,
    "contexts.json": JSON.stringify(contexts),
    "seed.json": seed,
    "seed.core.json": compiled.core.json,
    "seed.en.json": compiled.texts.find((t) => t.locale === "en").json,
    "purposes.json": JSON.stringify(node.loadPolicy(seed).purposes().map((p) => p.id)),
    "main.js": main(await entryFor("browser")),
    "authoring.html": PAGE.replace("./main.js", "./authoring.js"),
    "authoring.js": AUTHORING,
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await site?.remove();
});

/** Opens the page (`file`) served under `csp`; returns its outcome, its console and the requests served. */
async function openPage(csp, file = "") {
  const server = await serveStatic(site.dir, { "content-security-policy": csp });
  const page = await browser.context.newPage();
  const console = [];
  page.on("console", (message) => console.push(`${message.type()}: ${message.text()}`));
  page.on("pageerror", (error) => console.push(`pageerror: ${error.message}`));
  try {
    await page.goto(server.url + file, { timeout: 20_000 });
    await page.waitForSelector("html[data-state]", { timeout: 20_000 });
    return {
      state: await page.getAttribute("html", "data-state"),
      version: await page.textContent("#version"),
      error: await page.textContent("#error"),
      violations: await page.textContent("#violations"),
      answers: await page.textContent("#answers"),
      loaders: await page.textContent("#loaders"),
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

test("in Chromium the browser entry evaluates the compiled seed policy exactly as the Node entry does the document", { timeout: 90_000 }, async () => {
  const outcome = await openPage(STRICT_CSP);
  assert.equal(outcome.state, "ready", outcome.error);
  const inPage = JSON.parse(outcome.answers);
  assert.ok(contexts.length >= 20, `${contexts.length} contexts`);
  assert.equal(inPage.length, contexts.length);
  const node = await import(pathToFileURL(path.join(pkgDir, await entryFor("node"))).href);
  const policy = node.loadPolicy(await readFile(path.join(root, "policies/seed.json"), "utf8"));
  contexts.forEach((context, i) => {
    // The page read the English texts only: the Node policy answers in English too.
    const asked = { ...context, locale: context.locale ?? undefined };
    const evaluation = policy.evaluate(asked);
    if (evaluation.locale !== "en") return;
    assert.deepEqual(inPage[i].evaluation, evaluation, `context ${i}`);
    assert.deepEqual(inPage[i].visitor, evaluation, `context ${i}`);
    const decisions = policy.purposes().map((p) => policy.decide(p.id, asked));
    assert.deepEqual(inPage[i].decisions, decisions, `context ${i}`);
  });
  // The answers say something: both decisions occur among them.
  const all = inPage.flatMap((a) => a.decisions.map((d) => d.decision));
  assert.ok(new Set(all).size >= 2, [...new Set(all)].join(" "));
});

test("without 'wasm-unsafe-eval' the CSP stops the module, so the CSP docs/banner.md gives is the minimum", { timeout: 90_000 }, async () => {
  const outcome = await openPage("default-src 'none'; script-src 'self'; connect-src 'self'");
  assert.equal(outcome.state, "failed");
  assert.match(outcome.error, /WebAssembly/);
  assert.match(outcome.violations, /^script-src wasm-eval;/);
});

test("the browser entry has no loader of policy documents: pages read compiled policies", { timeout: 90_000 }, async () => {
  const outcome = await openPage(STRICT_CSP);
  assert.equal(outcome.state, "ready", outcome.error);
  assert.deepEqual(JSON.parse(outcome.loaders), { loadPolicy: "undefined", compilePolicy: "undefined" });
});

test("the authoring entry loads documents with every problem placed, and compiles what the browser entry reads", { timeout: 90_000 }, async () => {
  const outcome = await openPage(STRICT_CSP, "authoring.html");
  assert.equal(outcome.state, "ready", outcome.error);
  assert.deepEqual(outcome.console, []);
  const { version, core, texts, problem } = JSON.parse(outcome.answers);
  assert.equal(version, "1.0.0");
  // Compiled in the page, byte for byte what the Node entry compiles.
  assert.equal(core, compiled.core.json);
  assert.deepEqual(texts, compiled.texts.map((t) => t.locale));
  // The problem placed (path, line, column), and the misspelt member named with what was meant.
  assert.ok(problem.problems.length >= 1, JSON.stringify(problem));
  assert.ok(problem.problems.every((p) => p.code && p.path && p.line >= 1), JSON.stringify(problem));
  assert.ok(
    problem.problems.some((p) => /versoin/.test(p.message + p.path) && /`?version`?/.test(p.hint ?? "")),
    JSON.stringify(problem.problems),
  );
  const loaded = outcome.requests.map((r) => r.pathname);
  assert.ok(loaded.includes("/pkg/assent_authoring_bg.wasm"), loaded.join(" "));
  assert.ok(!loaded.some((p) => p.includes("signing")), loaded.join(" "));
});
