// The differential test: for every case of the golden corpus, the Wasm build in Node and the
// native CLI (`assent eval`) return identical decisions, reasons and page state.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFile, writeFile, access } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";

import { root, pkgDir, tempDir, entryFor } from "./helpers.mjs";

const run = promisify(execFile);
let tmp;
let assent;
let cli;

before(async () => {
  tmp = await tempDir("differential");
  assent = await import(pathToFileURL(path.join(pkgDir, await entryFor("node"))).href);
  cli = path.join(root, "target", "debug", "assent");
  try {
    await access(cli);
  } catch {
    await run("cargo", ["build", "--quiet", "--bin", "assent"], { cwd: root, timeout: 600_000 });
  }
});

after(async () => {
  await tmp?.remove();
});

test("Wasm in Node and the native CLI decide every golden case identically", { timeout: 300_000 }, async () => {
  const cases = JSON.parse(await readFile(path.join(root, "tests/golden/eval.json"), "utf8"));
  assert.ok(cases.length >= 60);
  const policies = new Map();
  let compared = 0;
  for (const c of cases) {
    if (!policies.has(c.policy)) {
      policies.set(c.policy, assent.loadPolicy(await readFile(path.join(root, c.policy), "utf8")));
    }
    const wasm = policies.get(c.policy).evaluate(c.context);
    const ctxFile = path.join(tmp.dir, `${c.name}.json`);
    await writeFile(ctxFile, JSON.stringify(c.context));
    const { stdout } = await run(cli, ["eval", path.join(root, c.policy), ctxFile], { timeout: 30_000 });
    assert.deepEqual(wasm, JSON.parse(stdout), c.name);
    compared += 1;
  }
  assert.equal(compared, cases.length);
});

test("Wasm and the CLI report the same problems for a broken policy", { timeout: 60_000 }, async () => {
  const seed = JSON.parse(await readFile(path.join(root, "policies/seed.json"), "utf8"));
  seed.purposes[0].legalBasis = "consent";
  seed.purposes[1].dataCategories.push("user.devcie.id");
  const text = JSON.stringify(seed, null, 2);
  const file = path.join(tmp.dir, "broken.json");
  await writeFile(file, text);
  let thrown;
  try {
    assent.loadPolicy(text);
  } catch (e) {
    thrown = e;
  }
  assert.ok(assent.isAssentError(thrown));
  const cliOut = await run(cli, ["check", "--format", "json", file]).catch((e) => e);
  assert.equal(cliOut.code, 1);
  assert.deepEqual(thrown.problems, JSON.parse(cliOut.stdout));
  assert.equal(thrown.problems.length, 2);
  assert.equal(thrown.code, thrown.problems[0].code);
});
