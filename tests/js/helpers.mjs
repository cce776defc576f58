// Shared pieces of the package tests: the built package, headless Chromium, workerd and a static file
// server. Everything listens on loopback only, and every start has a stop and a time bound.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { request as httpsRequestRaw } from "node:https";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The repository root, and the package `cargo xtask build` wrote. */
export const root = fileURLToPath(new URL("../../", import.meta.url));
export const pkgDir = path.join(root, "pkg");

/** The `[package]` version in Cargo.toml: the version the engine must report. */
export async function crateVersion() {
  const manifest = await readFile(path.join(root, "Cargo.toml"), "utf8");
  const match = manifest.match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/m);
  if (!match) throw new Error("no [package] version in Cargo.toml");
  return match[1];
}

/** pkg/package.json, parsed. */
export async function pkgManifest() {
  return JSON.parse(await readFile(path.join(pkgDir, "package.json"), "utf8"));
}

/** The file the exports map gives for `condition`, relative to pkg/ (e.g. "workerd.js"). */
export async function entryFor(condition) {
  const entry = (await pkgManifest()).exports["."][condition];
  // A condition names its file, or its types and its file.
  const target = typeof entry === "object" && entry !== null ? entry.default : entry;
  if (typeof target !== "string") throw new Error(`exports["."] has no "${condition}" condition`);
  return path.posix.normalize(target);
}

/** A new empty folder under the system temp dir; `remove()` deletes it. */
export async function tempDir(label) {
  const dir = await mkdtemp(path.join(tmpdir(), `assent-${label}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A temp folder to serve as a site: `files` (name to content) with an empty favicon.ico (browsers
 * ask for it; an empty one keeps a 404 out of the console), and pkg/ linked to the built package.
 */
export async function siteWithPackage(label, files) {
  const site = await tempDir(label);
  for (const [name, content] of Object.entries({ "favicon.ico": "", ...files })) {
    await writeFile(path.join(site.dir, name), content);
  }
  await symlink(pkgDir, path.join(site.dir, "pkg"), "dir");
  return site;
}

/**
 * Compiles a policy document (an object or its JSON text) with the node entry, as `assent compile`
 * does, and writes its files into `dir`: the banner's configuration names the core file, whose
 * path under the site this returns (`/<sub>/<id>-<version>.core.json`); the texts files sit beside it.
 */
export async function writeCompiled(dir, policy, sub = "policy") {
  const { compilePolicy } = await import(pathToFileURL(path.join(pkgDir, "node.js")).href);
  const { core, texts } = compilePolicy(policy);
  await mkdir(path.join(dir, sub), { recursive: true });
  for (const f of [core, ...texts]) await writeFile(path.join(dir, sub, f.name), f.json);
  return `/${sub}/${core.name}`;
}

/**
 * The Content-Security-Policy of a site with the banner and no consent service (docs/banner.md):
 * its own scripts, styles and Wasm, nothing else.
 */
export const BANNER_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/** A visitor's choice under the seed policy, for the tests that sign receipts. */
export const SAMPLE_CHOICE = Object.freeze({
  subject: "u_5e2d1b7f90ac4e13",
  actor: { type: "self" },
  jurisdiction: "DE",
  locale: "en",
  ageBand: "adult",
  purposes: [
    { purpose: "analytics-cookies", state: "ConsentGiven" },
    { purpose: "advertising", state: "ConsentRefused" },
  ],
  collectionMethod: "banner_layer2",
});

/**
 * A temp project that depends on the built package: node_modules/assent links to pkg/, so Node and
 * TypeScript resolve `"assent"` through its exports map as they would after `npm install assent`.
 */
export async function projectUsingPackage(label) {
  const project = await tempDir(label);
  await mkdir(path.join(project.dir, "node_modules"));
  await symlink(pkgDir, path.join(project.dir, "node_modules", "assent"), "dir");
  return project;
}

/** The first `name` on PATH, as `command -v` finds it. */
export async function onPath(name) {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // not in this folder
    }
  }
  throw new Error(`${name} is not on PATH; run cargo xtask setup`);
}

/**
 * Chromium's flags as root on a machine with a closed network: no sandbox (root), and none of the
 * background connections Chromium makes at start, which this network refuses.
 */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Debian's chromium, headless, driven by playwright-core, with a fresh profile. Playwright passes
 * `--user-data-dir` itself for a persistent context, which is how a fresh profile dir is given.
 * Returns `{ context, close }`.
 */
export async function launchChromium({ javaScriptEnabled = true, ignoreHTTPSErrors = false } = {}) {
  const { chromium } = await import("playwright-core");
  const executablePath = await onPath("chromium");
  const profile = await tempDir("chromium-profile");
  const context = await chromium.launchPersistentContext(profile.dir, {
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
    timeout: 30_000,
    javaScriptEnabled,
    ignoreHTTPSErrors,
  });
  return {
    context,
    async close() {
      await context.close();
      await profile.remove();
    },
  };
}

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
};

/**
 * Serves `dir` on 127.0.0.1 on a port the system picks. `headers` is added to every response
 * (a Content-Security-Policy, say). Returns `{ url, requests, close }`; `requests` lists each path asked
 * for with the status and content type served.
 */
export async function serveStatic(dir, headers = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname);
    const file = path.join(dir, pathname.endsWith("/") ? `${pathname}index.html` : pathname);
    const inside = file === dir || file.startsWith(dir + path.sep);
    let info = null;
    if (inside) {
      try {
        info = await stat(file);
      } catch {
        info = null;
      }
    }
    if (!info?.isFile()) {
      requests.push({ pathname, status: 404 });
      res.writeHead(404, headers).end("not found");
      return;
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream";
    requests.push({ pathname, status: 200, type });
    res.writeHead(200, { ...headers, "content-type": type, "cache-control": "no-store" });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * workerd's config for one worker, "main", on the socket "http" (127.0.0.1, at a port workerd
 * picks), its files beside the config: `modules` maps each module's name to its file (a `.wasm`
 * file is a Wasm module, any other an ES module), `texts` each text binding's name to its file, and
 * `flags` are its compatibility flags.
 */
export function workerdConfig({ modules, texts = {}, flags = [] }) {
  const lines = (entries, line) => entries.map(([name, file]) => `    (name = "${name}", ${line(file)}),`).join("\n");
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [
${lines(Object.entries(modules), (file) => `${file.endsWith(".wasm") ? "wasm" : "esModule"} = embed "${file}"`)}
  ],
  bindings = [
${lines(Object.entries(texts), (file) => `text = embed "${file}"`)}
  ],
  compatibilityDate = "2025-01-01",
  compatibilityFlags = [${flags.map((f) => JSON.stringify(f)).join(", ")}],
);
`;
}

/** The workerd binary that the npm package `workerd` installed for this platform. */
export async function workerdBinary() {
  // A CommonJS package whose `default` export is the path of the platform package's binary.
  const binary = createRequire(import.meta.url)("workerd").default;
  if (typeof binary !== "string") throw new Error("the workerd package did not name its binary");
  await stat(binary);
  return binary;
}

/**
 * One HTTPS request to a loopback server whose certificate is `ca` (PEM), not following redirects:
 * resolves `{status, headers, setCookies, text}` (`headers` as node:http gives them, lower-case;
 * `setCookies` every Set-Cookie line). Node's own fetch has no way to trust one certificate.
 */
export function httpsRequest(url, { ca, method = "GET", headers = {}, body, timeoutMs = 20_000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = httpsRequestRaw(url, { ca, method, headers, timeout: timeoutMs }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, setCookies: res.headers["set-cookie"] ?? [], text }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`${method} ${url}: no answer in ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Starts `workerd serve <config>` with its socket `socketName` on 127.0.0.1 at a port the system picks
 * (workerd reports it on a control pipe), then waits until the socket answers HTTP (HTTPS with
 * `ca`, the PEM certificate of a socket the config serves over TLS). Returns
 * `{ url, output, stop, kill, exited, pid }`; `output()` is what workerd printed, for failure messages.
 */
export async function startWorkerd(config, { socketName = "http", timeoutMs = 30_000, port = 0, args = [], ca } = {}) {
  const binary = await workerdBinary();
  const child = spawn(
    binary,
    ["serve", config, "--socket-addr", `${socketName}=127.0.0.1:${port}`, "--control-fd", "3", ...args],
    { stdio: ["ignore", "pipe", "pipe", "pipe"], cwd: path.dirname(config) },
  );
  let printed = "";
  child.stdout.on("data", (d) => (printed += d));
  child.stderr.on("data", (d) => (printed += d));
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + timeoutMs;
  try {
    const port = await new Promise((resolve, reject) => {
      let control = "";
      const timer = setTimeout(() => reject(new Error("workerd reported no listening port in time")), timeoutMs);
      child.stdio[3].on("data", (d) => {
        control += d;
        for (const line of control.split("\n").slice(0, -1)) {
          const message = JSON.parse(line);
          if (message.event === "listen" && message.socket === socketName) {
            clearTimeout(timer);
            resolve(message.port);
          }
        }
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`workerd exited (code ${code}, signal ${signal}) before listening`));
      });
    });
    const url = `${ca ? "https" : "http"}://127.0.0.1:${port}/`;
    for (;;) {
      try {
        if (ca) await httpsRequest(url, { ca, timeoutMs: 2_000 });
        else await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(2_000) });
        break;
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`workerd at ${url} did not answer in time: ${e}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    // `kill` sends a signal without waiting, for tests that crash workerd on purpose (SIGKILL).
    return { url, output: () => printed, stop, kill: (signal) => child.kill(signal), exited, pid: child.pid };
  } catch (e) {
    await stop();
    throw new Error(`${e.message}\n--- workerd printed ---\n${printed}`);
  }
}

/**
 * The banner's first step where the policy's default rule asks the neutral age question: asserts it
 * comes first, answers it as an adult (born June 1990), and waits for the consent dialog after it.
 */
export async function answerAgeAsAdult(page) {
  const age = page.locator("[role=dialog].assent-age");
  assert.equal(await age.count(), 1, "the age question comes first");
  await age.locator("select[name=birthYear]").selectOption("1990");
  await age.locator("select[name=birthMonth]").selectOption("6");
  await age.locator("[data-assent-action=age]").click();
  await page.locator("[role=dialog]:not(.assent-age)").waitFor({ timeout: 10_000 });
}

/** The serious and critical violations axe-core finds in `page` (a playwright page), one line each. */
export async function axeViolations(page) {
  const { createRequire } = await import("node:module");
  const { readFile } = await import("node:fs/promises");
  const source = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  await page.evaluate(source);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/**
 * Vite and esbuild, as a site owner's build runs them, and `resolve` for the other packages of
 * tests/js/bundlers (its own lockfile; cargo xtask setup installs it).
 */
export async function bundlers() {
  const require = createRequire(path.join(root, "tests", "js", "bundlers", "package.json"));
  const [vite, esbuild] = await Promise.all([
    import(pathToFileURL(require.resolve("vite")).href),
    import(pathToFileURL(require.resolve("esbuild")).href),
  ]);
  return { vite, esbuild, resolve: (name) => require.resolve(name) };
}

/**
 * What the bakery of the site-owner tests answers `assent init`: a shop in France with one analytics
 * provider there, in `locales`; `cookies` names the provider's cookies.
 */
export function bakeryAnswers({ locales = ["en"], cookies } = {}) {
  return {
    site: "https://bakery.example",
    controller: { name: "Example Bakery", email: "privacy@bakery.example" },
    jurisdictions: ["EU"],
    storedIn: ["FR"],
    locales,
    purposes: [{ id: "analytics", provider: "Example Analytics", providerCountry: "FR", ...(cookies ? { cookies } : {}) }],
  };
}
