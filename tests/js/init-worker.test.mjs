// `assent init --worker` end to end: the worker, wrangler.toml and policy it writes, with the
// package installed beside them and wrangler.toml's build command run as written, served by real
// workerd; headless Chromium sees the banner of the site's own policy and records a choice.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

import { assentCli, cli } from "./edge.mjs";
import { launchChromium, pkgDir, startWorkerd, tempDir } from "./helpers.mjs";

const run = promisify(execFile);
const T = { timeout: 90_000 };

const ANSWERS = {
  site: "https://bakery.example",
  controller: { name: "Example Bakery", email: "privacy@bakery.example" },
  jurisdictions: ["EU"],
  storedIn: ["FR"],
  locales: ["en", "zh-CN"],
  purposes: [{ id: "analytics", provider: "Example Analytics", providerCountry: "FR", cookies: ["_ea"] }],
};

/**
 * Workers Assets as Cloudflare serves them: the files of public/ with their content types (workerd's
 * disk service sends none). Test scaffolding for the platform, not part of what init writes.
 */
const ASSETS_WORKER = `const TYPES = { html: "text/html; charset=utf-8", js: "text/javascript", css: "text/css",
  wasm: "application/wasm", json: "application/json" };
export default {
  async fetch(request, env) {
    const response = await env.DISK.fetch(request);
    const type = TYPES[new URL(request.url).pathname.split(".").pop()];
    if (!response.ok || !type) return response;
    const headers = new Headers(response.headers);
    headers.set("content-type", type);
    return new Response(response.body, { status: response.status, headers });
  },
};
`;

/**
 * workerd's config for the generated project, declaring what wrangler.toml does: the worker, the
 * JSON module it imports, the package's workerd entry and its Wasm module, and public/ as ASSETS.
 */
function workerdConfig(project) {
  const pkg = "node_modules/assent";
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "site", worker = .site),
    (name = "assets", worker = (
      modules = [(name = "assets.js", esModule = embed "assets.js")],
      compatibilityDate = "2025-01-01",
      bindings = [(name = "DISK", service = "disk")],
    )),
    (name = "disk", disk = (path = "${path.join(project, "public")}", writable = false)),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "site")],
);
const site :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "policy.json", json = embed "policy.json"),
    (name = "assent", esModule = embed "${pkg}/workerd.js"),
    (name = "assent_signing.js", esModule = embed "${pkg}/assent_signing.js"),
    (name = "assent_signing_bg.wasm", wasm = embed "${pkg}/assent_signing_bg.wasm"),
  ],
  compatibilityDate = "2025-01-01",
  bindings = [(name = "ASSETS", service = "assets")],
);
`;
}

test("the worker assent init writes serves the site's policy and its banner in workerd", T, async () => {
  const work = await tempDir("init-worker");
  const project = path.join(work.dir, "consent");
  let edge;
  let chromium;
  try {
    const answersFile = path.join(work.dir, "answers.json");
    await writeFile(answersFile, JSON.stringify(ANSWERS));
    const init = await cli(["init", "--answers", answersFile, "--worker", "--out", project]);
    assert.equal(init.code, 0, init.stderr);

    // `npm install` of the package, then wrangler's [build] command exactly as written, with the
    // assent CLI that wrote the project on the PATH.
    await mkdir(path.join(project, "node_modules"));
    await symlink(pkgDir, path.join(project, "node_modules", "assent"), "dir");
    const wrangler = await readFile(path.join(project, "wrangler.toml"), "utf8");
    const build = wrangler.match(/^\[build\]\ncommand = "(.*)"$/m);
    assert.ok(build, "wrangler.toml has a [build] command");
    const env = { ...process.env, PATH: `${path.dirname(await assentCli())}${path.delimiter}${process.env.PATH}` };
    const building = () => run("sh", ["-c", build[1]], { cwd: project, env, timeout: 20_000 });

    // While a mark is left the build refuses, so no marked text reaches a visitor or a receipt.
    const policyFile = path.join(project, "policy.json");
    const marked = await readFile(policyFile, "utf8");
    assert.match(marked, /<<owner:/);
    const refused = await building().then(() => null, (e) => e);
    assert.ok(refused, "the build fails while marks are left");
    assert.match(refused.stderr, /warning\[policy\.owner_mark\]/);
    assert.match(refused.stderr, /left \(--deny-warnings\)/);
    // The owner answers every mark; then it builds.
    const answered = marked.replace(/<<owner: ([^>]*)>>/g, (_, question) => `Answered: ${question.replace(/`/g, "")}`);
    await writeFile(policyFile, answered);
    await building();
    assert.match(wrangler, /^main = "worker.js"$/m);
    assert.match(wrangler, /^directory = "public"$/m);

    // The owner's page: the snippet in its head, an analytics script gated by its purpose.
    const snippet = await readFile(path.join(project, "snippet.html"), "utf8");
    await writeFile(
      path.join(project, "public", "index.html"),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Bakery</title>\n${snippet}</head>
<body><main><h1>Example Bakery</h1></main>
<script type="text/plain" data-purpose="analytics" src="/analytics.js"></script></body></html>`,
    );
    await writeFile(path.join(project, "public", "analytics.js"), "window.analyticsRan = true;");
    await writeFile(path.join(project, "assets.js"), ASSETS_WORKER);
    const config = path.join(project, "config.capnp");
    await writeFile(config, workerdConfig(project));
    edge = await startWorkerd(config);

    const policy = JSON.parse(await readFile(path.join(project, "policy.json"), "utf8"));
    const served = await fetch(new URL("/v1/policy", edge.url));
    assert.equal(served.status, 200);
    assert.equal(served.headers.get("content-type"), "application/json");
    assert.deepEqual(await served.json(), policy);
    const post = await fetch(new URL("/v1/policy", edge.url), { method: "POST", body: "{}" });
    assert.equal(post.status, 405);
    assert.deepEqual(await post.json(), {
      error: { code: "request.method", message: "POST is not allowed on /v1/policy", hint: "use GET" },
    });
    assert.equal((await fetch(new URL("/assent/assent_banner_bg.wasm", edge.url))).status, 200);

    chromium = await launchChromium();
    const page = await chromium.context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(new URL("/index.html", edge.url).href);
    const dialog = page.locator("[role=dialog]");
    await dialog.waitFor({ timeout: 20_000 }).catch((e) => assert.fail(`${e.message}\n${errors.join("\n")}`));
    // The policy's default rule asks the neutral age question first; an adult answers it.
    const age = page.locator("[role=dialog].assent-age");
    assert.equal(await age.count(), 1, "the age question comes first");
    await age.locator("select[name=birthYear]").selectOption("1990");
    await age.locator("select[name=birthMonth]").selectOption("6");
    await age.locator("button[type=submit]").click();
    await page.locator("[role=dialog]:not(.assent-age)").waitFor({ timeout: 10_000 });
    assert.equal(await page.textContent("#assent-title"), "Your privacy choices");
    assert.match(await dialog.textContent(), /cookies and similar technologies for analytics/);
    assert.equal(await page.evaluate(() => window.analyticsRan ?? false), false, "nothing optional before a choice");
    await page.getByRole("button", { name: "Accept all", exact: true }).click();
    await page.waitForFunction(() => window.analyticsRan === true, null, { timeout: 15_000 });
    const state = await page.evaluate(() => window.assent.state());
    assert.equal(state.purposes.analytics, true);
    // Everything the banner keeps on the device is declared by the essential purpose.
    const kept = await page.evaluate(() => ({
      localStorage: Object.keys(localStorage),
      sessionStorage: Object.keys(sessionStorage),
    }));
    const essential = policy.purposes.find((p) => p.id === "essential");
    for (const [kind, names] of Object.entries(kept)) {
      for (const name of names.filter((n) => n.startsWith("assent:"))) {
        assert.ok(
          essential.storage.some((s) => s.kind === kind && s.name === name),
          `${kind} ${name} is declared in the essential purpose`,
        );
      }
    }
    assert.ok(kept.localStorage.some((n) => n.startsWith("assent:")), "the banner kept something to check");
    assert.deepEqual(errors, []);
  } finally {
    await chromium?.close();
    await edge?.stop();
    await work.remove();
  }
});
