// The package's speed in Node: loadPolicy on the seed policy, evaluate for one context, decide
// for one purpose. Medians over many batches; run with `cargo xtask bench` (after a build).
// Aims (issue "The Wasm package"): loadPolicy < 1 ms, evaluate < 20 µs, decide < 2 µs.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const assent = await import(pathToFileURL(path.join(root, "pkg", "node.js")).href);
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

/** Median nanoseconds per call of `fn`, over `batches` batches of `per` calls. */
function measure(fn, { batches = 31, per = 200 } = {}) {
  for (let i = 0; i < per * 3; i++) fn(); // warm up the JIT and the Wasm tiers
  const samples = [];
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < per; i++) fn();
    samples.push(Number(process.hrtime.bigint() - t0) / per);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const fmt = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);

const policy = assent.loadPolicy(seed);
const rows = [
  ["loadPolicy(seed text)", measure(() => assent.loadPolicy(seed).free(), { batches: 15, per: 20 }), 1e6],
  ["policy.evaluate(context)", measure(() => policy.evaluate(context)), 20e3],
  ["policy.decide(purpose, context)", measure(() => policy.decide("analytics-cookies", context)), 2e3],
];
const contextJson = JSON.stringify(context);
rows.push(["policy.decide(purpose, contextJson)", measure(() => policy.decide("analytics-cookies", contextJson)), 2e3]);
// The context read once (policy.context), and decisions without their reasons.
const visitor = policy.context(context);
const lean = { reasons: false };
rows.push(
  ["visitor.evaluate()", measure(() => visitor.evaluate()), 20e3],
  ["visitor.evaluate({ reasons: false })", measure(() => visitor.evaluate(lean)), 20e3],
  ["visitor.decide(purpose)", measure(() => visitor.decide("analytics-cookies")), 2e3],
  ["visitor.decide(purpose, { reasons: false })", measure(() => visitor.decide("analytics-cookies", lean)), 2e3],
);

console.log(`assent ${assent.engineVersion()} in Node ${process.version}: median time per call`);
for (const [name, ns, aim] of rows) {
  console.log(`  ${name.padEnd(44)} ${fmt(ns).padStart(10)}   aim < ${fmt(aim)}${ns <= aim ? "" : "  (over the aim)"}`);
}
