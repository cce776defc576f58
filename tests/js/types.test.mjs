// The package's type declarations: tsc --noEmit, strict, over a file that uses the package as a
// TypeScript user would, and over one that misuses it and must be rejected.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFile, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { pkgDir, projectUsingPackage } from "./helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const tsc = path.join(here, "node_modules", "typescript", "bin", "tsc");

let project;

before(async () => {
  project = await projectUsingPackage("types");
  for (const file of ["types-check.ts", "types-misuse.ts"]) {
    await copyFile(path.join(here, file), path.join(project.dir, file));
  }
});

after(async () => {
  await project?.remove();
});

/**
 * Runs tsc --noEmit on one file in the temp project; returns its exit code and output. `conditions`
 * are the project's `customConditions`: `node` for code that runs in Node or a worker, none for a
 * page's code (a bundler for the browser, as Vite's templates set TypeScript up).
 */
async function typeCheck(file, conditions = ["node"]) {
  const tsconfig = path.join(project.dir, `tsconfig.${file}.json`);
  await writeFile(
    tsconfig,
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "es2022",
        module: "esnext",
        // Resolves "assent" through package.json "exports", reading the "types" condition.
        moduleResolution: "bundler",
        customConditions: conditions,
        // Vite's templates' libs: the package's declarations ask for esnext.disposable
        // themselves, where wasm-bindgen declares `[Symbol.dispose]` on classes.
        lib: ["es2023", "dom", "dom.iterable"],
        types: [],
        // The package's own .d.ts files are checked too: a broken declaration fails here.
        skipLibCheck: false,
      },
      files: [file],
    }),
  );
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [tsc, "-p", tsconfig], {
      cwd: project.dir,
      timeout: 60_000,
    });
    return { code: 0, output: stdout };
  } catch (e) {
    if (typeof e.code !== "number") throw e;
    return { code: e.code, output: `${e.stdout}${e.stderr}` };
  }
}

test("a TypeScript user's code type-checks against index.d.ts", { timeout: 90_000 }, async () => {
  const { code, output } = await typeCheck("types-check.ts");
  assert.equal(code, 0, output);
});

test("a page's code gets the browser entry's types: no full loader, which its bundle does not have", { timeout: 90_000 }, async () => {
  const file = "types-browser.ts";
  await writeFile(
    path.join(project.dir, file),
    'import { loadCompiled, loadPolicy } from "assent";\nexport const both = [loadCompiled, loadPolicy];\n',
  );
  const { code, output } = await typeCheck(file, []);
  assert.notEqual(code, 0);
  assert.match(output, /has no exported member named 'loadPolicy'|has no exported member 'loadPolicy'/);
  assert.doesNotMatch(output, /loadCompiled/);
});

test("misusing the API is a type error, so the declarations are not `any`", { timeout: 90_000 }, async () => {
  const { code, output } = await typeCheck("types-misuse.ts");
  assert.notEqual(code, 0);
  assert.match(output, /types-misuse\.ts\(5,14\): error TS2322: Type 'string' is not assignable to type 'number'/);
  assert.match(output, /types-misuse\.ts\(6,14\): error TS2322: Type '(Decision|string)' is not assignable to type 'number'/);
  assert.match(output, /types-misuse\.ts\(7,14\): error TS2322: Type 'boolean' is not assignable to type 'string'/);
  assert.match(output, /types-misuse\.ts\(8,14\): error TS2322: Type '"maybe"' is not assignable to type 'Decision'/);
  assert.match(output, /types-misuse\.ts\(9,14\): error TS2322: Type '"banner"' is not assignable to type 'CollectionMethod'/);
  // A listener's parameter is the banner's state (not `any`), so a wrong use of it is caught.
  assert.match(output, /types-misuse\.ts\(11,\d+\): error TS2339: Property 'toFixed' does not exist on type 'boolean'/);
});

// xtask gives the modules' exports short names; `InitOutput` (what `initSync` returns) must name
// them as the module does, or a TypeScript user reads members that are not there.
test("each bundle's InitOutput declares only exports its module has", async () => {
  for (const name of ["assent", "assent_banner", "assent_signing"]) {
    const dts = await readFile(path.join(pkgDir, `${name}.d.ts`), "utf8");
    const block = dts.slice(dts.indexOf("export interface InitOutput {"));
    const declared = [...block.slice(0, block.indexOf("\n}")).matchAll(/readonly (\S+):/g)].map((m) => m[1]);
    const module = await WebAssembly.compile(await readFile(path.join(pkgDir, `${name}_bg.wasm`)));
    const exported = WebAssembly.Module.exports(module).map((e) => e.name);
    assert.ok(declared.length > 10, `${name}: ${declared.length} members`);
    assert.deepEqual(declared.filter((d) => !exported.includes(d)), [], name);
  }
});
