// A new site owner's route, end to end, without a Rust toolchain: the packed package is installed
// offline, as `npm install assent` would, and `npx assent init --worker` (the package's own
// command-line tool, run by Node's WASI) writes the policy, the worker and wrangler.toml; the site
// is a Vite app built into public/; wrangler.toml's build command runs as written, and the
// worker is bundled as `wrangler deploy` bundles it (esbuild, the workerd conditions, .wasm kept as
// a module) and served by real workerd with the bindings wrangler.toml declares. Headless Chromium
// sees the banner of the site's own policy and records a choice; the receipt the edge signed
// verifies with jose against the edge's published keys and is in the log (`assent log verify`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import * as jose from "jose";

import { cli, cliVerifyLog } from "./edge.mjs";
import { answerAgeAsAdult, bakeryAnswers, bundlers, launchChromium, pkgDir, startWorkerd, tempDir } from "./helpers.mjs";

const run = promisify(execFile);
const T = { timeout: 120_000 };
const { vite, esbuild } = await bundlers();

const ANSWERS = bakeryAnswers({ locales: ["en", "zh-CN"], cookies: ["_ea"] });

/** The owner's Vite app: a page with a gated analytics script, and the banner started from npm. */
const APP = {
  "index.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>Bakery</title><script type="module" src="/main.js"></script></head>
<body><main><h1>Example Bakery</h1></main>
<script type="text/plain" data-purpose="analytics" src="/analytics.js"></script></body></html>
`,
  "main.js": `import { run } from "assent/banner";

run({ policy: "/v1/policy/compiled/core.json", edge: "/" });
`,
  "public/analytics.js": "window.analyticsRan = true;\n",
};

/**
 * workerd's config for what `wrangler deploy` uploads: the bundled worker and the package's Wasm
 * module beside it, the bindings and Durable Objects wrangler.toml declares, public/ as ASSETS and
 * the secrets from files. DEFAULT_JURISDICTION stands in for Cloudflare's request.cf, which
 * workerd does not have.
 */
function workerdConfig(project, wrangler) {
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "site", worker = .site),
    (name = "public", disk = (path = "${path.join(project, "public")}", writable = false)),
    (name = "storage", disk = (path = "${path.join(project, ".state")}", writable = true)),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "site")],
);
const site :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "dist/worker.js"),
    (name = "assent_signing_bg.wasm", wasm = embed "node_modules/assent/assent_signing_bg.wasm"),
  ],
  compatibilityDate = "2025-01-01",
  bindings = [
    (name = "ASSETS", service = "public"),
    (name = "SIGNING_KEYS", text = embed "keys.private.json"),
    (name = "AUDITOR_TOKEN", text = embed "auditor.token"),
    (name = "CONSENT_LOG", durableObjectNamespace = "ConsentLog"),
    (name = "LOG_HEAD", durableObjectNamespace = "LogHead"),
    (name = "GUARDIAN_REQUESTS", durableObjectNamespace = "GuardianRequests"),
${varsOf(wrangler)}
    (name = "DEFAULT_JURISDICTION", text = "FR"),
  ],
  durableObjectNamespaces = [
    (className = "ConsentLog", uniqueKey = "consent-log", enableSql = true),
    (className = "LogHead", uniqueKey = "log-head", enableSql = true),
    (className = "GuardianRequests", uniqueKey = "guardian-requests", enableSql = true),
  ],
  durableObjectStorage = (localDisk = "storage"),
);
`;
}

/** wrangler.toml's [vars] as workerd text bindings. */
function varsOf(wrangler) {
  const vars = wrangler.slice(wrangler.indexOf("\n[vars]\n"));
  return [...vars.matchAll(/^([A-Z_]+) = "(.*)"$/gm)].map(([, k, v]) => `    (name = "${k}", text = "${v}"),`).join("\n");
}

test("from assent init to a Vite site whose banner records signed receipts in the log", T, async () => {
  const work = await tempDir("init-worker");
  const project = path.join(work.dir, "consent");
  let edge;
  let chromium;
  try {
    // `npx assent init`, as an owner without the package types it: npx fetches the package (here
    // the packed one, offline, into a cache of this test's own) and runs its command-line tool.
    const packed = await run("npm", ["pack", pkgDir, "--pack-destination", work.dir, "--json"], { timeout: 60_000 });
    const tarball = path.join(work.dir, JSON.parse(packed.stdout)[0].filename);
    const npmEnv = { ...process.env, npm_config_cache: path.join(work.dir, "npm-cache") };
    const answersFile = path.join(work.dir, "answers.json");
    await writeFile(answersFile, JSON.stringify(ANSWERS));
    await run("npx", ["--yes", "--offline", "--package", tarball, "assent", "init", "--answers", answersFile, "--worker", "--out", "consent"], {
      cwd: work.dir,
      env: npmEnv,
      timeout: 60_000,
    });
    const wrangler = await readFile(path.join(project, "wrangler.toml"), "utf8");
    assert.match(wrangler, /^main = "worker.js"$/m);
    assert.match(wrangler, /^directory = "public"$/m);
    for (const cls of ["ConsentLog", "LogHead", "GuardianRequests"]) assert.match(wrangler, new RegExp(`^class_name = "${cls}"$`, "m"));
    // What the package's tool wrote is what the repository's native build writes from the same answers.
    const native = path.join(work.dir, "native");
    const nativeInit = await cli(["init", "--answers", answersFile, "--worker", "--out", native]);
    assert.equal(nativeInit.code, 0, nativeInit.stderr);
    for (const file of ["policy.json", "snippet.html", "worker.js", "wrangler.toml", "package.json", ".gitignore"]) {
      assert.equal(await readFile(path.join(project, file), "utf8"), await readFile(path.join(native, file), "utf8"), file);
    }

    // `npm install` in the project: its package.json names assent, here the packed one, offline;
    // and wrangler, for its scripts, which this test stands in for (esbuild's bundle, workerd),
    // so it is left out of what an offline install could not fetch.
    const manifestFile = path.join(project, "package.json");
    const manifest = JSON.parse(await readFile(manifestFile, "utf8"));
    assert.equal(manifest.devDependencies.wrangler, "^4");
    delete manifest.devDependencies;
    await writeFile(manifestFile, JSON.stringify(manifest, null, 2));
    await run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball], { cwd: project, env: npmEnv, timeout: 60_000 });
    // `npx assent ...` in the project: the installed package's command-line tool.
    const npx = (args) => run("npx", ["--offline", "assent", ...args], { cwd: project, env: npmEnv, timeout: 60_000 });

    // The site: a Vite app built into public/, then wrangler's [build] command exactly as written.
    const app = path.join(project, "app");
    for (const [file, text] of Object.entries(APP)) {
      await mkdir(path.dirname(path.join(app, file)), { recursive: true });
      await writeFile(path.join(app, file), text);
    }
    await vite.build({ root: app, configFile: false, logLevel: "silent", build: { outDir: path.join(project, "public"), emptyOutDir: true } });
    const build = wrangler.match(/^\[build\]\ncommand = "(.*)"$/m);
    assert.ok(build, "wrangler.toml has a [build] command");
    // wrangler's [build] command exactly as written (its `npx assent` is the installed package's).
    const building = () => run("sh", ["-c", build[1]], { cwd: project, env: npmEnv, timeout: 60_000 });

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

    // `wrangler deploy`'s bundle of worker.js.
    await esbuild.build({
      entryPoints: [path.join(project, "worker.js")],
      bundle: true,
      format: "esm",
      conditions: ["workerd", "worker", "browser"],
      external: ["cloudflare:*", "*.wasm"],
      outfile: path.join(project, "dist", "worker.js"),
      absWorkingDir: project,
      logLevel: "silent",
    });

    // The secrets, as the comments of wrangler.toml say to make them.
    await npx(["keygen", "--out", "keys.private.json"]);
    const auditorToken = randomBytes(32).toString("base64url");
    await writeFile(path.join(project, "auditor.token"), auditorToken);
    await mkdir(path.join(project, ".state"));
    const config = path.join(project, "config.capnp");
    await writeFile(config, workerdConfig(project, wrangler));
    edge = await startWorkerd(config);

    // The site's own policy, as the engine loaded it.
    const policy = JSON.parse(await readFile(path.join(project, "policy.json"), "utf8"));
    const served = await (await fetch(new URL("/v1/policy", edge.url))).json();
    assert.equal(served.policy.id, policy.id);
    assert.equal(served.version, policy.version);
    // And compiled, as the banner reads it: the core names the document it was compiled from.
    const core = await (await fetch(new URL("/v1/policy/compiled/core.json", edge.url))).json();
    assert.deepEqual([core.format, core.policy.source.id, core.policy.source.version], ["assent-compiled/4", policy.id, policy.version]);
    // The edge's own pages link the package's stylesheet, which the build copied: no 404 behind them.
    const agePage = await (await fetch(new URL("/age", edge.url))).text();
    const sheet = agePage.match(/<link rel="stylesheet" href="([^"]+)">/)?.[1];
    assert.equal(sheet, "/assent/assent.css");
    assert.equal((await fetch(new URL(sheet, edge.url))).status, 200);

    chromium = await launchChromium();
    const page = await chromium.context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(new URL("/index.html", edge.url).href);
    const dialog = page.locator("[role=dialog]");
    await dialog.waitFor({ timeout: 20_000 }).catch((e) => assert.fail(`${e.message}\n${errors.join("\n")}\n${edge.output()}`));
    await answerAgeAsAdult(page);
    assert.match(await dialog.textContent(), /cookies and similar technologies for analytics/);
    assert.equal(await page.evaluate(() => window.analyticsRan ?? false), false, "nothing optional before a choice");
    const recorded = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/v1/consent", { timeout: 15_000 });
    await page.getByRole("button", { name: "Accept all", exact: true }).click();
    const response = await recorded;
    assert.equal(response.status(), 201, await response.text());
    const answer = await response.json();
    const { receipt } = answer;
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

    // The receipt verifies with jose against the keys the edge publishes, and names the site's policy.
    const jwks = jose.createLocalJWKSet(await (await fetch(new URL("/.well-known/jwks.json", edge.url))).json());
    const { payload } = await jose.compactVerify(receipt, jwks);
    const claims = JSON.parse(new TextDecoder().decode(payload));
    assert.equal(JSON.stringify(claims).includes(policy.id), true, "the receipt names the site's policy");
    assert.equal(JSON.stringify(claims).includes("analytics"), true, "the receipt records the analytics choice");

    // And it is in the log: the CLI verifies the head, every entry and the receipt's inclusion proof.
    await writeFile(path.join(project, "jwks.json"), JSON.stringify(await (await fetch(new URL("/.well-known/jwks.json", edge.url))).json()));
    const verified = await cliVerifyLog(edge.url, { dir: project, auditorToken }, answer);
    assert.equal(verified.code, 0, verified.stderr);
  } finally {
    await chromium?.close();
    await edge?.stop();
    await work.remove();
  }
});
