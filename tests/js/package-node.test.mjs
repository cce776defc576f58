// The built package in Node.js, imported by name through its exports map as a user would.
import assert from "node:assert/strict";
import { readFile, writeFile, access } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";

import { crateVersion, pkgDir, pkgManifest, projectUsingPackage, root } from "./helpers.mjs";

let project;
let probe;

before(async () => {
  project = await projectUsingPackage("node");
  const file = path.join(project.dir, "probe.mjs");
  await writeFile(
    file,
    'export * as assent from "assent";\nexport const resolved = import.meta.resolve("assent");\n',
  );
  probe = await import(pathToFileURL(file).href);
});

after(async () => {
  await project?.remove();
});

test("Node resolves assent to the node entry", { timeout: 30_000 }, () => {
  assert.equal(probe.resolved, pathToFileURL(path.join(pkgDir, "node.js")).href);
});

test("engineVersion() in Node is the crate version", { timeout: 30_000 }, async () => {
  assert.equal(probe.assent.engineVersion(), await crateVersion());
});

test("the node entry exports exactly what index.d.ts declares", { timeout: 30_000 }, async () => {
  const declarations = await readFile(path.join(pkgDir, "index.d.ts"), "utf8");
  const declared = [...declarations.matchAll(/^export \{([^}]*)\} from/gm)]
    .flatMap((m) => m[1].split(","))
    .map((name) => name.trim())
    .filter(Boolean)
    .sort();
  assert.ok(declared.includes("engineVersion"), `index.d.ts declares ${declared}`);
  // No initSync or default init: each entry initializes the module itself.
  assert.deepEqual(Object.keys(probe.assent).sort(), declared);
});

test("package.json names every runtime, types first, and each entry exists", { timeout: 30_000 }, async () => {
  const manifest = await pkgManifest();
  assert.equal(manifest.name, "assent");
  assert.equal(manifest.type, "module");
  assert.equal(manifest.version, await crateVersion());
  const conditions = manifest.exports["."];
  // Wrangler resolves with workerd, worker and browser all set, so "workerd" must come before
  // "browser"; TypeScript reads the first matching condition, so each runtime names its own types,
  // and without one (a page's code, as Vite sets TypeScript up) they are the browser entry's.
  assert.deepEqual(Object.keys(conditions), ["workerd", "browser", "node", "types", "default"]);
  assert.deepEqual(conditions.workerd, { types: "./index.d.ts", default: "./workerd.js" });
  assert.deepEqual(conditions.browser, { types: "./browser.d.ts", default: "./browser.js" });
  assert.deepEqual(conditions.node, { types: "./index.d.ts", default: "./node.js" });
  assert.deepEqual([conditions.types, conditions.default], ["./browser.d.ts", "./browser.js"]);
  const files = Object.values(conditions).flatMap((c) => (typeof c === "string" ? [c] : Object.values(c)));
  files.push(...Object.values(manifest.exports["./authoring"]));
  for (const file of files) {
    await access(path.join(pkgDir, file));
  }
});

test("no file of the package names the machine that built it", { timeout: 30_000 }, async () => {
  // Panic locations name source files; the Wasm builds remap the toolchain's and the registry's
  // folders (xtask/src/build.rs), or every module would carry this machine's home paths.
  const { readdir } = await import("node:fs/promises");
  const home = process.env.HOME ?? "/root";
  const leaks = [`${home}/.cargo`, `${home}/.rustup`, "/registry/src/", "/lib/rustlib/src/"];
  const files = (await readdir(pkgDir)).filter((f) => /\.(wasm|js)$/.test(f));
  assert.ok(files.some((f) => f.endsWith(".wasm")), "pkg/ has Wasm modules");
  for (const file of files) {
    const text = (await readFile(path.join(pkgDir, file))).toString("latin1");
    for (const leak of leaks) {
      assert.ok(!text.includes(leak), `${file} contains ${leak}`);
    }
  }
});

test("policy.bannerHtml writes the banner for the edge's pages, in the visitor's language", { timeout: 30_000 }, async () => {
  const policy = probe.assent.loadPolicy(await readFile(path.join(root, "policies", "seed.json"), "utf8"));
  const now = "2026-11-29T12:00:00Z";
  const first = policy.bannerHtml({ now, jurisdiction: "DE", ageBand: "adult", locale: "en" }, { action: "/consent/form", returnTo: "/" });
  assert.equal(first.opening, "banner");
  assert.match(first.html, /^<aside class="assent assent-layout-modal" lang="en"/);
  for (const action of ["accept", "reject", "choose"]) {
    assert.match(first.html, new RegExp(`<button class="assent-btn" type="submit" name="action" value="${action}" data-assent-action="${action}">`));
  }
  const age = policy.bannerHtml({ now, jurisdiction: "DE" }, { action: "/consent/form", locale: "zh-CN" });
  assert.equal(age.opening, "age_step");
  assert.match(age.html, /action="\/age\?lang=zh-CN"/);
  assert.match(age.html, /您的出生年月是？/);
  assert.throws(
    () => policy.bannerHtml({ now, jurisdiction: "DE" }, { action: "/f", retrunTo: "/" }),
    (e) => probe.assent.isAssentError(e) && e.code === "schema.unknown_field",
  );
  policy.free();
});

// A server's process makes and drops engine objects for as long as it runs. The node and workerd
// module frees their Wasm memory in time that grows with what is freed, not with its square: with
// a free-list allocator, freeing the second thousand signers here held Node's event loop for many
// seconds (the edge bench's stalls of issue #24, whose bench dropped a signer per visitor).
test("the node entry frees thousands of Signers in bounded time, round after round", { timeout: 120_000 }, async () => {
  const { Signer, generateKeySet, loadPolicy } = probe.assent;
  const policy = loadPolicy(await readFile(path.join(root, "policies", "seed.json"), "utf8"));
  const { privateKeySet } = generateKeySet();
  for (let round = 0; round < 2; round++) {
    const signers = Array.from({ length: 1024 }, () => new Signer(privateKeySet, policy));
    // Each one at work first (an age lock, as the edge tests sign one per visitor), so its
    // memory is what a signer in use holds.
    const now = Date.now();
    const at = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
    for (const [i, signer] of signers.entries()) {
      const lock = { band: "adult", jurisdiction: "DE", lockedAt: at(now - 60_000), conflicts: 0 };
      const token = signer.signAgeLock({ lock, subject: `subject-${round}-${i}`, expiresAt: at(now + 3_600_000) });
      assert.equal(token.split(".").length, 3);
    }
    const start = performance.now();
    for (const signer of signers) signer.free();
    const ms = performance.now() - start;
    assert.ok(ms < 5_000, `round ${round}: freeing 1,024 signers took ${ms.toFixed(0)} ms`);
  }
});
