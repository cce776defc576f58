// The package's speed in Node: loadPolicy on the seed policy, evaluate for one context, decide
// for one purpose. Medians over many batches, best of several interleaved rounds; run with
// `node benches/js/node-bench.mjs` after `cargo xtask build`.
// Aims (issue "The Wasm package"): loadPolicy < 1 ms, evaluate < 20 µs, decide < 2 µs.
//
// Both bundles are measured: the node/workerd one (node.js; built for speed, profile `edge`) and
// the browser one (built for size, profile `browser`), instantiated here from its file.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const assent = await import(pathToFileURL(path.join(root, "pkg", "node.js")).href);
const browser = await import(pathToFileURL(path.join(root, "pkg", "assent.js")).href);
browser.initSync({ module: await readFile(path.join(root, "pkg", "assent_bg.wasm")) });
const seed = await readFile(path.join(root, "policies", "seed.json"), "utf8");

const context = {
  now: "2026-11-29T12:00:00Z",
  jurisdiction: "DE",
  age: 34,
  gpc: false,
  consents: {
    "analytics-cookies": { state: "ConsentGiven", time: "2026-10-01T09:00:00Z", policyVersion: "1.0.0" },
    location: { state: "ConsentGiven", time: "2026-10-01T09:00:00Z", policyVersion: "1.0.0", separate: true },
    marketing: { state: "ConsentRefused", time: "2026-10-01T09:00:00Z", policyVersion: "1.0.0" },
  },
  locale: "en",
};

/** Median nanoseconds per call of `fn` over `batches` batches of `per` calls, each divided by `calls`. */
function median(fn, { batches = 15, per = 200, calls = 1 }) {
  const samples = [];
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < per; i++) fn();
    samples.push(Number(process.hrtime.bigint() - t0) / per / calls);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

/**
 * Each row's best median over `rounds` rounds, the rows taking turns in every round: on a shared
 * machine another process slows whole stretches of time, and interleaving spreads that over all
 * rows while the best round shows what the code itself costs.
 */
function measureAll(rows, rounds = 9) {
  for (const row of rows) for (let i = 0; i < 600; i++) row.fn(); // warm up the JIT and the Wasm tiers
  for (let r = 0; r < rounds; r++) {
    for (const row of rows) row.ns = Math.min(row.ns ?? Infinity, median(row.fn, row));
  }
  return rows;
}

const fmt = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);

const contextJson = JSON.stringify(context);
const other = { ...context, age: 35 };
const lean = { reasons: false };

/** The rows for one bundle; `all` adds those that only compare ways of calling. */
function rowsFor(bundle, label, all) {
  const policy = bundle.loadPolicy(seed);
  const visitor = policy.context(context);
  const rows = [
    { name: "loadPolicy(seed text)", fn: () => bundle.loadPolicy(seed).free(), per: 10, batches: 9, aim: 1e6 },
    // One context asked about again and again, as a page does for its scripts: the policy keeps
    // the context it read last, so only the first call reads it.
    { name: "policy.evaluate(context)", fn: () => policy.evaluate(context), per: 50, aim: 20e3 },
    { name: "policy.decide(purpose, context)", fn: () => policy.decide("analytics-cookies", context), aim: 2e3 },
    // A new visitor each call, as at the edge: two contexts alternate, so every call reads its own.
    {
      name: "policy.evaluate(context), a new context",
      fn: () => (policy.evaluate(context), policy.evaluate(other)),
      per: 25,
      calls: 2,
      aim: 20e3,
    },
    {
      name: "policy.decide(purpose, context), a new one",
      fn: () => (policy.decide("analytics-cookies", context), policy.decide("analytics-cookies", other)),
      per: 100,
      calls: 2,
      aim: 2e3,
    },
    // The context read once (policy.context).
    { name: "visitor.evaluate()", fn: () => visitor.evaluate(), per: 50, aim: 20e3 },
    { name: "visitor.decide(purpose)", fn: () => visitor.decide("analytics-cookies"), aim: 2e3 },
  ];
  if (all) {
    rows.push(
      { name: "policy.decide(purpose, contextJson)", fn: () => policy.decide("analytics-cookies", contextJson), aim: 2e3 },
      // Decisions without their reasons.
      { name: "visitor.evaluate({ reasons: false })", fn: () => visitor.evaluate(lean), per: 50, aim: 20e3 },
      { name: "visitor.decide(purpose, { reasons: false })", fn: () => visitor.decide("analytics-cookies", lean), aim: 2e3 },
    );
  }
  return rows.map((row) => ({ ...row, label }));
}

const rows = measureAll([...rowsFor(assent, "node/workerd bundle (node.js)", true), ...rowsFor(browser, "browser bundle (assent.js, the engine)", false)]);

console.log(`assent ${assent.engineVersion()} in Node ${process.version}: time per call (best median of 9 rounds)`);
let label;
for (const row of rows) {
  if (row.label !== label) console.log(`${(label = row.label)}:`);
  const { name, ns, aim } = row;
  console.log(`  ${name.padEnd(44)} ${fmt(ns).padStart(10)}   aim < ${fmt(aim)}${ns <= aim ? "" : "  (over the aim)"}`);
}
