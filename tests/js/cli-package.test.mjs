// The command-line tool the package ships (`npx assent`: pkg/cli/assent.js running the Rust CLI
// built for WASI) against the repository's native build of the same program as the oracle: for
// each command, the same exit code, the same output and the same files, byte for byte. Paths
// relative to where it is called from and absolute ones, standard input for `-`, and failures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";

import { assentCli } from "./edge.mjs";
import { pkgDir, root, tempDir } from "./helpers.mjs";

const T = { timeout: 120_000 };
const packaged = path.join(pkgDir, "cli", "assent.js");

/** Runs `command args` in `cwd` with `input` on standard input: `{code, stdout, stderr}`. */
function run(command, args, { cwd = root, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { cwd, timeout: 60_000, env: { ...process.env, CI: "true" } }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") reject(error);
      else resolve({ code: error?.code ?? 0, stdout, stderr });
    });
    // A command that does not read standard input may exit before it is written: the pipe is then
    // closed, which is not this test's concern (the exit code and output are).
    child.stdin.on("error", (error) => {
      if (error.code !== "EPIPE") reject(error);
    });
    child.stdin.end(input ?? "");
  });
}

/**
 * The same command by both builds; asserts they agree and returns the packaged one's answer. The
 * one difference allowed: the number in "(os error N)", which is the platform's (WASI numbers its
 * errors its own way); the words before it are the same.
 */
async function agree(args, options = {}) {
  const same = ({ code, stdout, stderr }) => ({ code, stdout, stderr: stderr.replace(/\(os error \d+\)/g, "(os error N)") });
  const native = same(await run(await assentCli(), args, options));
  const wasi = same(await run(process.execPath, [packaged, ...args], options));
  assert.deepEqual(wasi, native, `assent ${args.join(" ")}`);
  return wasi;
}

test("the package's CLI answers as the native build does", T, async () => {
  const work = await tempDir("cli-package");
  try {
    const seed = path.join(root, "policies", "seed.json");
    // Relative to where it is called from, and absolute.
    assert.equal((await agree(["check", "policies/seed.json"])).code, 0);
    assert.equal((await agree(["check", seed], { cwd: work.dir })).code, 0);
    assert.equal((await agree(["check", "../../policies/seed.json"], { cwd: path.join(root, "tests", "js") })).code, 0);
    // Standard input, and a broken policy: every problem with its place and fix, the same exit code.
    const broken = JSON.stringify({ ...JSON.parse(await readFile(seed, "utf8")), version: "one" });
    const refused = await agree(["check", "--format", "json", "-"], { input: broken });
    assert.notEqual(refused.code, 0);
    assert.match(refused.stdout + refused.stderr, /version/);
    // A file that is not there, an unknown command.
    assert.notEqual((await agree(["check", "no-such-policy.json"], { cwd: work.dir })).code, 0);
    assert.notEqual((await agree(["no-such-command"])).code, 0);
    // What it decides, what changed between two versions, every command's help.
    await writeFile(path.join(work.dir, "context.json"), JSON.stringify({ jurisdiction: "DE", ageBand: "adult", now: "2026-12-06T00:00:00Z" }));
    assert.equal((await agree(["eval", seed, "context.json", "--locale", "en"], { cwd: work.dir })).code, 0);
    assert.equal((await agree(["diff", "policies/seed.json", "policies/versions/seed-1.1.0.json"])).code, 0);
    await agree(["--help"]);
    await agree(["init", "--help"]);
    // The files it writes: the compiled policy, byte for byte.
    const out = (name) => path.join(work.dir, name);
    const nativeCompile = await run(await assentCli(), ["compile", seed, "--out", out("native")]);
    assert.equal(nativeCompile.code, 0, nativeCompile.stderr);
    const wasiCompile = await run(process.execPath, [packaged, "compile", seed, "--out", "wasi"], { cwd: work.dir });
    assert.equal(wasiCompile.code, 0, wasiCompile.stderr);
    const files = (await readdir(out("native"))).sort();
    assert.deepEqual((await readdir(out("wasi"))).sort(), files);
    assert.ok(files.length >= 3, "the core and a texts file per locale");
    for (const file of files) {
      assert.ok((await readFile(path.join(out("wasi"), file))).equals(await readFile(path.join(out("native"), file))), file);
    }
    // Keys: a new Ed25519 key set, which the native build reads and signs with.
    const keys = await run(process.execPath, [packaged, "keygen", "--out", "keys.private.json", "--jwks", "jwks.json"], { cwd: work.dir });
    assert.equal(keys.code, 0, keys.stderr);
    const jwks = JSON.parse(await readFile(out("jwks.json"), "utf8"));
    assert.equal(jwks.keys[0].crv, "Ed25519");
    assert.equal(JSON.parse(await readFile(out("keys.private.json"), "utf8")).keys.length, 1);
  } finally {
    await work.remove();
  }
});
