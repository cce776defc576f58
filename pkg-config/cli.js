#!/usr/bin/env node
// `npx assent COMMAND`: the assent command-line tool from the npm package, so a site needs no Rust
// toolchain to write, check and compile its policy or make its keys. It is the same Rust program
// as `cargo run -- COMMAND` (src/bin/assent), built for WASI (wasm32-wasip1) and run by Node's
// WASI: the file system is opened at `/`, and the program starts in the directory it was called
// from (PWD), so paths work as they do natively. Standard input, output, the exit code and the
// terminal questions of `assent init` are the process's own.
import { readFile } from "node:fs/promises";
import process from "node:process";

// Node marks its WASI as experimental with a warning on every run; this program's output is its
// own, so that one warning is left out (every other warning is printed as usual).
const warn = process.emitWarning;
process.emitWarning = function (warning, ...rest) {
  const text = typeof warning === "string" ? warning : warning?.message ?? "";
  if (/\bWASI\b/.test(text)) return;
  return warn.call(this, warning, ...rest);
};
const { WASI } = await import("node:wasi");

const wasi = new WASI({
  version: "preview1",
  args: ["assent", ...process.argv.slice(2)],
  env: { ...process.env, PWD: process.cwd() },
  preopens: { "/": "/" },
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(new URL("./assent.wasm", import.meta.url)));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
