// The built package in workerd, the runtime of Cloudflare Workers, started from the npm package's
// binary: a worker imports the package's workerd entry, found through the exports map, and serves
// engineVersion() over HTTP on loopback.
import assert from "node:assert/strict";
import { copyFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";

import { crateVersion, entryFor, pkgDir, startWorkerd, tempDir, workerdConfig } from "./helpers.mjs";

// The worker answers with the engine version, and with what happens when it compiles Wasm from bytes:
// production Workers refuse that, and the package must not depend on it.
const WORKER = `
import { engineVersion } from "assent";

// The smallest valid module: the magic number and version 1.
const EMPTY_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

export default {
  async fetch() {
    let compileFromBytes;
    try {
      await WebAssembly.compile(EMPTY_MODULE);
      compileFromBytes = "allowed";
    } catch (e) {
      compileFromBytes = "refused: " + e.message;
    }
    return Response.json({ version: engineVersion(), compileFromBytes });
  },
};
`;

let site;
let workerd;

before(async () => {
  site = await tempDir("workerd");
  const entry = await entryFor("workerd");
  const glue = "assent_signing.js";
  const wasm = "assent_signing_bg.wasm";
  for (const file of [entry, glue, wasm]) {
    await copyFile(path.join(pkgDir, file), path.join(site.dir, file));
  }
  await writeFile(path.join(site.dir, "worker.js"), WORKER);
  const configPath = path.join(site.dir, "config.capnp");
  // Module names are resolved like paths: "assent" imports "./<glue>", which is the module "<glue>".
  const config = workerdConfig({ modules: { "worker.js": "worker.js", assent: entry, [glue]: glue, [wasm]: wasm } });
  await writeFile(configPath, config);
  workerd = await startWorkerd(configPath);
});

after(async () => {
  await workerd?.stop();
  await site?.remove();
});

test("engineVersion() in workerd is the crate version", { timeout: 60_000 }, async () => {
  const response = await fetch(workerd.url, { signal: AbortSignal.timeout(10_000) });
  assert.equal(response.status, 200, workerd.output());
  const body = await response.json();
  assert.equal(body.version, await crateVersion());
});

test("workerd refuses to compile Wasm from bytes, so the entry must import the module", { timeout: 60_000 }, async () => {
  const response = await fetch(workerd.url, { signal: AbortSignal.timeout(10_000) });
  const body = await response.json();
  assert.match(body.compileFromBytes, /^refused:/, JSON.stringify(body));
});
