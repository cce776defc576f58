// What a deploy with wrangler depends on, checked without Cloudflare: the package resolves to its
// workerd entry under wrangler's conditions, and wrangler.toml declares what config.capnp does
// locally, with the private key only ever a secret.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";

import { pkgManifest, root } from "./helpers.mjs";

test("under wrangler's conditions (workerd, worker, browser) the package resolves to workerd.js", async () => {
  // Conditions are tried in the order of the exports map's keys, not of the resolver's list:
  // a "browser" key before "workerd" would hand a Worker the bundle without signing.
  const conditions = new Set(["workerd", "worker", "browser", "import", "default"]);
  const entry = Object.entries((await pkgManifest()).exports["."]).find(([key]) => conditions.has(key));
  assert.deepEqual(entry, ["workerd", { types: "./index.d.ts", default: "./workerd.js" }]);
});

test("wrangler.toml declares the log, its SQLite migration, the wasm rule and gated assets", async () => {
  const toml = await readFile(path.join(root, "www", "wrangler.toml"), "utf8");
  assert.match(toml, /^main = "worker\.js"$/m);
  assert.match(toml, /\[\[durable_objects\.bindings\]\]\nname = "CONSENT_LOG"\nclass_name = "ConsentLog"/);
  assert.match(toml, /\[\[migrations\]\]\ntag = "v1"\nnew_sqlite_classes = \["ConsentLog"\]/);
  assert.match(toml, /\[\[rules\]\]\ntype = "CompiledWasm"\nglobs = \["\*\*\/\*\.wasm"\]/);
  assert.match(toml, /\[assets\][^[]*directory = "site"[^[]*binding = "ASSETS"[^[]*run_worker_first = true/);
  assert.doesNotMatch(toml.replace(/^#.*$/gm, ""), /SIGNING_KEYS/, "the key is a secret, never a var");
  const capnp = await readFile(path.join(root, "www", "config.capnp"), "utf8");
  for (const binding of ["SIGNING_KEYS", "ASSETS", "CONSENT_LOG", "LOG_ORIGIN", "DEFAULT_JURISDICTION"]) {
    assert.match(capnp, new RegExp(`name = "${binding}"`), binding);
  }
  assert.match(capnp, /className = "ConsentLog", uniqueKey = "[^"]+", enableSql = true/);
  assert.match(toml, /name = "GUARDIAN_REQUESTS"\nclass_name = "GuardianRequests"/);
  assert.match(toml, /new_sqlite_classes = \["GuardianRequests"\]/);
  assert.match(capnp, /className = "GuardianRequests", uniqueKey = "[^"]+", enableSql = true/);
  // The outbox, the development verifier and the test clock exist only in local runs.
  assert.doesNotMatch(toml.replace(/^#.*$/gm, ""), /DEV_MODE/);
});

test("nothing under www/site holds a private key", async () => {
  const files = await readdir(path.join(root, "www", "site"), { recursive: true, withFileTypes: true });
  for (const file of files.filter((f) => f.isFile())) {
    const text = await readFile(path.join(file.parentPath ?? file.path, file.name), "utf8").catch(() => "");
    assert.doesNotMatch(text, /"d"\s*:\s*"[A-Za-z0-9_-]{43}"/, file.name);
  }
});
