// The package as a site installs it: `npm pack` of pkg/, installed offline into (a) a static page,
// (b) a Vite app (dev server and production build), (c) an esbuild bundle and (d) a
// server-rendering setup that imports the engine on the server and the banner only in the
// browser. In each, headless Chromium sees the banner of a policy `assent init` wrote and records
// a choice. No bundler is configured for the package: each app is the few lines a site writes.
// Vite and esbuild come from tests/js/bundlers (its lockfile; cargo xtask setup installs it).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { cp, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

import { assent, cli } from "./edge.mjs";
import { answerAgeAsAdult, bakeryAnswers, bundlers, launchChromium, pkgDir, serveStatic, tempDir, writeCompiled } from "./helpers.mjs";

const run = promisify(execFile);
const T = { timeout: 60_000 };
const { vite, esbuild, resolve: resolveInBundlers } = await bundlers();

const ANSWERS = bakeryAnswers();

/** What every app's page script does: start the banner with the site's policy. */
const MAIN = `import { run } from "assent/banner";

run({ policy: "__POLICY__", jurisdiction: "FR" });
`;

let work;
let tarball;
let policyJson;
/** Where a page finds the compiled policy's core file (`writeCompiled` puts it there). */
let corePath;
let chromium;

before(async () => {
  work = await tempDir("bundlers");
  const packed = await run("npm", ["pack", pkgDir, "--pack-destination", work.dir, "--json"], { timeout: 60_000 });
  tarball = path.join(work.dir, JSON.parse(packed.stdout)[0].filename);
  const out = path.join(work.dir, "init");
  const answers = path.join(work.dir, "answers.json");
  await writeFile(answers, JSON.stringify(ANSWERS));
  const init = await cli(["init", "--answers", answers, "--out", out]);
  assert.equal(init.code, 0, init.stderr);
  policyJson = await readFile(path.join(out, "policy.json"), "utf8");
  corePath = `/policy/${assent.compilePolicy(policyJson).core.name}`;
  chromium = await launchChromium();
});

after(async () => {
  await chromium?.close();
  await work?.remove();
});

/** A new app folder with the packed package installed offline, as `npm install assent` would. */
async function app(name, files) {
  const dir = path.join(work.dir, name);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "package.json"), JSON.stringify({ name, private: true, type: "module" }));
  await run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball], {
    cwd: dir,
    timeout: 60_000,
  });
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text.replaceAll("__POLICY__", corePath));
  }
  return dir;
}

const PAGE = (head, body = "") => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Bakery</title>${head}</head>
<body><main><h1>Example Bakery</h1></main>
<script type="text/plain" data-purpose="analytics" src="/analytics.js"></script>${body}</body></html>
`;
const ANALYTICS = "window.analyticsRan = true;";

/**
 * The Vite app's page script: the banner from npm, the page's own callbacks on its per-purpose
 * events, and React components (`assent/react`) that show what the engine allows.
 */
const REACT_MAIN = `import { createElement as h } from "react";
import { createRoot } from "react-dom/client";
import { run } from "assent/banner";
import { Consent, useConsent } from "assent/react";

function Status() {
  return h("p", { id: "react-status" }, useConsent("analytics") ? "analytics on" : "analytics off");
}

createRoot(document.getElementById("root")).render(
  h("div", null, h(Status), h(Consent, { purpose: "analytics" }, h("p", { id: "react-gated" }, "the analytics chart"))),
);

window.heard = [];
const banner = await run({ policy: "__POLICY__", jurisdiction: "FR" });
banner.on("accept:analytics", () => window.heard.push("accept:analytics"));
banner.on("reject:analytics", () => window.heard.push("reject:analytics"));
banner.on("change", () => window.heard.push("change"));
`;

/** What the React components and the page's callbacks show: `{status, gated, heard}`. */
async function reactView(page) {
  await page.locator("#react-status").waitFor({ timeout: 10_000 });
  return page.evaluate(() => ({
    status: document.getElementById("react-status").textContent,
    gated: document.getElementById("react-gated") !== null,
    heard: window.heard ?? [],
  }));
}

/**
 * Opens `url`: the banner shows, nothing optional ran; Accept all runs analytics and is kept.
 * `react`: the page is REACT_MAIN's, whose components and callbacks follow the choice.
 */
async function acceptsInBrowser(url, { react = false } = {}) {
  const page = await chromium.context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  try {
    await page.goto(url);
    await page
      .locator("[role=dialog]")
      .waitFor({ timeout: 20_000 })
      .catch((e) => assert.fail(`no banner at ${url}: ${e.message}\n${errors.join("\n")}`));
    await answerAgeAsAdult(page);
    assert.equal(await page.textContent("#assent-title"), "Your privacy choices");
    assert.equal(await page.evaluate(() => window.analyticsRan ?? false), false, "nothing optional before a choice");
    // The age answer changed the state, and neither accepted nor refused a purpose.
    if (react) assert.deepEqual(await reactView(page), { status: "analytics off", gated: false, heard: ["change"] });
    await page.getByRole("button", { name: "Accept all", exact: true }).click();
    await page.waitForFunction(() => window.analyticsRan === true, null, { timeout: 10_000 });
    assert.equal(await page.evaluate(() => window.assent.state().purposes.analytics), true);
    if (react) {
      await page.locator("#react-gated").waitFor({ timeout: 10_000 });
      const view = await reactView(page);
      assert.equal(view.status, "analytics on");
      assert.deepEqual(view.heard, ["change", "change", "accept:analytics"], "one more change, and analytics accepted once");
    }
    // The choice is kept: a reload shows no banner and runs analytics at once.
    await page.reload();
    await page.waitForFunction(() => window.analyticsRan === true, null, { timeout: 10_000 });
    assert.equal(await page.locator("[role=dialog]").count(), 0);
    if (react) {
      await page.locator("#react-gated").waitFor({ timeout: 10_000 });
      // A listener added while analytics may already run is called at once.
      assert.deepEqual((await reactView(page)).heard, ["accept:analytics"]);
      // Withdrawing it, from the page's own code, fires reject and unmounts the gated component.
      await page.evaluate(() => window.assent.set({ analytics: false }));
      await page.locator("#react-gated").waitFor({ state: "detached", timeout: 10_000 });
      const view = await reactView(page);
      assert.equal(view.status, "analytics off");
      assert.deepEqual(view.heard, ["accept:analytics", "change", "reject:analytics"]);
      // An event for a purpose the policy does not have is a typed error, not a silent listener.
      const refused = await page.evaluate(() => {
        try {
          window.assent.on("accept:analytic", () => {});
          return null;
        } catch (e) {
          return { name: e.name, code: e.code, hint: e.hint };
        }
      });
      assert.equal(refused?.name, "AssentError");
      assert.equal(refused.code, "input.event");
      assert.match(refused.hint, /analytics/);
    }
    assert.deepEqual(errors, []);
  } finally {
    await page.evaluate(() => localStorage.clear()).catch(() => {});
    await page.close();
  }
}

describe("the packed package in every install route", () => {
  test("(a) a static page: the banner's files copied beside the page, its configuration in the page", T, async () => {
    const dir = await app("static", {
      "site/index.html": PAGE(
        `\n<script type="application/json" id="assent-config">{"policy": "__POLICY__", "jurisdiction": "FR"}</script>
<script type="module" src="/assent/banner.js"></script>`,
      ),
      "site/analytics.js": ANALYTICS,
    });
    await writeCompiled(path.join(dir, "site"), policyJson);
    for (const f of ["banner.js", "assent_banner.js", "assent_banner_bg.wasm", "assent.css"]) {
      await cp(path.join(dir, "node_modules", "assent", f), path.join(dir, "site", "assent", f), { recursive: true });
    }
    const server = await serveStatic(path.join(dir, "site"));
    try {
      await acceptsInBrowser(server.url);
    } finally {
      await server.close();
    }
  });

  test("(b) a Vite app with React: the dev server and the production build, with no Vite configuration", T, async () => {
    const dir = await app("vite", {
      "index.html": PAGE("", `\n<div id="root"></div><script type="module" src="/main.js"></script>`),
      "main.js": REACT_MAIN,
      "public/analytics.js": ANALYTICS,
    });
    // React as the app's own dependency (`npm install react react-dom`): tests/js/bundlers' copy.
    for (const name of ["react", "react-dom"]) {
      await symlink(path.dirname(resolveInBundlers(`${name}/package.json`)), path.join(dir, "node_modules", name), "dir");
    }
    await writeCompiled(path.join(dir, "public"), policyJson);
    const server = await vite.createServer({
      root: dir,
      configFile: false,
      logLevel: "silent",
      server: { host: "127.0.0.1", port: 0, strictPort: false, hmr: false },
    });
    await server.listen();
    try {
      await acceptsInBrowser(server.resolvedUrls.local[0], { react: true });
    } finally {
      await server.close();
    }
    await vite.build({ root: dir, configFile: false, logLevel: "silent", build: { outDir: path.join(dir, "dist") } });
    const built = await serveStatic(path.join(dir, "dist"));
    try {
      await acceptsInBrowser(built.url, { react: true });
    } finally {
      await built.close();
    }
  });

  test("(c) an esbuild bundle, with the module and stylesheet copied beside it (esbuild copies no asset a module names by URL)", T, async () => {
    const dir = await app("esbuild", {
      "src/main.js": MAIN,
      "dist/index.html": PAGE("", `\n<script type="module" src="/main.js"></script>`),
      "dist/analytics.js": ANALYTICS,
    });
    await writeCompiled(path.join(dir, "dist"), policyJson);
    await esbuild.build({
      entryPoints: [path.join(dir, "src", "main.js")],
      bundle: true,
      format: "esm",
      outdir: path.join(dir, "dist"),
      absWorkingDir: dir,
      logLevel: "silent",
    });
    // The one step esbuild needs, as docs/ten-minutes.md says.
    for (const f of ["assent_banner_bg.wasm", "assent.css"]) {
      await cp(path.join(dir, "node_modules", "assent", f), path.join(dir, "dist", f));
    }
    const server = await serveStatic(path.join(dir, "dist"));
    try {
      await acceptsInBrowser(server.url);
    } finally {
      await server.close();
    }
  });

  test("(d) server rendering: the engine on the server, the banner only in the browser", T, async () => {
    // The server imports both entries, as a framework rendering a page's modules on the server
    // does, renders the policy's notice with the engine, and serves the client bundle.
    const dir = await app("ssr", {
      "client.js": MAIN,
      "server.js": `import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { loadPolicy } from "assent";
import { banner, run } from "assent/banner";

const policyJson = await readFile(new URL("./policy.json", import.meta.url), "utf8");
const policy = loadPolicy(policyJson);
if ((await banner) !== undefined) throw new Error("the banner started on the server");
const refused = await run({ policy: "/policy.json" }).then(() => "started", (e) => e.message);
const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json" };

const server = createServer(async (req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  if (url.pathname === "/") {
    const page = policy.context({ now: new Date().toISOString(), jurisdiction: "FR", age: 30 }).evaluate();
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(\`<!doctype html><html lang="en" data-server-banner="\${page.page.showBanner}"><head><meta charset="utf-8">
<link rel="icon" href="data:,"><title>Bakery</title><script type="module" src="/client.js"></script></head>
<body><main><h1>Example Bakery</h1><p id="server-note">\${refused}</p></main>
<script type="text/plain" data-purpose="analytics" src="/analytics.js"></script></body></html>\`);
    return;
  }
  // The client's build (dist/), the compiled policy and the analytics script; nothing else.
  const own = url.pathname === "/analytics.js" || url.pathname.startsWith("/policy/");
  const file = own ? url.pathname.slice(1) : "dist" + url.pathname;
  try {
    if (!file || file.includes("..")) throw new Error("not found");
    const body = await readFile(new URL("./" + file, import.meta.url));
    res.writeHead(200, { "content-type": TYPES[file.slice(file.lastIndexOf("."))] ?? "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404).end("not found");
  }
});
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
`,
      "analytics.js": ANALYTICS,
    });
    await writeFile(path.join(dir, "policy.json"), policyJson);
    await writeCompiled(dir, policyJson);
    await vite.build({
      root: dir,
      configFile: false,
      logLevel: "silent",
      build: { outDir: path.join(dir, "dist"), rollupOptions: { input: path.join(dir, "client.js"), output: { entryFileNames: "client.js" } } },
    });
    const server = spawn(process.execPath, ["server.js"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let printed = "";
    server.stderr.on("data", (d) => (printed += d));
    try {
      const port = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the server did not start:\n${printed}`)), 15_000);
        server.stdout.on("data", (d) => {
          clearTimeout(timer);
          resolve(JSON.parse(String(d)).port);
        });
        server.once("exit", (code) => reject(new Error(`the server exited (${code}):\n${printed}`)));
      });
      const url = `http://127.0.0.1:${port}/`;
      const html = await (await fetch(url)).text();
      assert.match(html, /data-server-banner="true"/, "the engine decided on the server");
      assert.match(html, /the banner runs in a browser page/, "run() on the server says where it runs");
      await acceptsInBrowser(url);
    } finally {
      server.kill();
    }
  });
});
