// The package's speed in Node: loading the seed policy, evaluate for one context, decide for one
// purpose, beside Cedar's prepared authorizer on a comparable question in the same run. Medians
// over many batches, best of several interleaved rounds; run with
// `node benches/js/node-bench.mjs` after `cargo xtask build`.
//
// Measured: the node/workerd bundle (node.js; built for speed, profile `edge`) loading the policy
// document, and the page's own module (the browser entry's assent.js; built for size, profile
// `browser`, instantiated here from its file) loading the compiled policy, its core and the
// English texts, as a page does. Aims (#21): loading a compiled policy < 100 µs, evaluate < 10 µs,
// visitor.decide < 1 µs, and at least 100x faster than Cedar's statefulIsAuthorized (its policy
// set parsed once beforehand) asking whether one purpose may run for one visitor.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const assent = await import(pathToFileURL(path.join(root, "pkg", "node.js")).href);
const browser = await import(pathToFileURL(path.join(root, "pkg", "assent.js")).href);
browser.initSync({ module: await readFile(path.join(root, "pkg", "assent_bg.wasm")) });
const seed = await readFile(path.join(root, "policies", "seed.json"), "utf8");
const compiled = assent.compilePolicy(seed);
const core = compiled.core.json;
const english = compiled.texts.find((t) => t.locale === "en").json;
const cedar = createRequire(path.join(root, "tests", "js", "package.json"))("@cedar-policy/cedar-wasm/nodejs");

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
  const page = !all;
  const load = page ? () => bundle.loadCompiled(core, english) : () => bundle.loadPolicy(seed);
  const policy = load();
  const visitor = policy.context(context);
  const aims = page ? { load: 100e3, evaluate: 10e3, decide: 1e3 } : { load: 1e6, evaluate: 20e3, decide: 2e3 };
  const rows = [
    page
      ? { name: "loadCompiled(core, en texts)", fn: () => load().free(), per: 20, batches: 9, aim: aims.load }
      : { name: "loadPolicy(seed text)", fn: () => load().free(), per: 10, batches: 9, aim: aims.load },
    // One context asked about again and again, as a page does for its scripts: the policy keeps
    // the context it read last, so only the first call reads it.
    { name: "policy.evaluate(context)", fn: () => policy.evaluate(context), per: 50, aim: aims.evaluate },
    { name: "policy.decide(purpose, context)", fn: () => policy.decide("analytics-cookies", context), aim: aims.decide * 2 },
    // A new visitor each call, as at the edge: two contexts alternate, so every call reads its own.
    {
      name: "policy.evaluate(context), a new context",
      fn: () => (policy.evaluate(context), policy.evaluate(other)),
      per: 25,
      calls: 2,
      aim: aims.evaluate,
    },
    {
      name: "policy.decide(purpose, context), a new one",
      fn: () => (policy.decide("analytics-cookies", context), policy.decide("analytics-cookies", other)),
      per: 100,
      calls: 2,
      aim: aims.decide * 2,
    },
    // The context read once (policy.context).
    { name: "visitor.evaluate()", fn: () => visitor.evaluate(), per: 50, aim: aims.evaluate },
    { name: "visitor.decide(purpose)", fn: () => visitor.decide("analytics-cookies"), aim: aims.decide },
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

/**
 * Cedar's prepared authorizer on the question `visitor.decide("analytics-cookies")` answers: may
 * this purpose run for this visitor (consent given, no GPC opt-out, not forbidden below an age)?
 * The policy set is parsed once (preparsePolicySet); each call passes the visitor's context.
 */
function cedarRows() {
  const policies = `
permit (principal, action == Action::"run", resource == Purpose::"analytics-cookies")
when { context.consents has "analytics-cookies" && context.consents["analytics-cookies"] == "ConsentGiven" };
forbid (principal, action == Action::"run", resource == Purpose::"analytics-cookies")
when { context.gpc && context.jurisdiction like "US-*" };
forbid (principal, action == Action::"run", resource == Purpose::"advertising")
when { context.age < 18 };
permit (principal, action == Action::"run", resource == Purpose::"essential");
`;
  const parsed = cedar.preparsePolicySet("consent", { staticPolicies: policies });
  if (parsed.type !== "success") throw new Error(`cedar: ${JSON.stringify(parsed.errors)}`);
  const consents = Object.fromEntries(Object.entries(context.consents).map(([k, v]) => [k, v.state]));
  const call = {
    principal: { type: "Visitor", id: "v" },
    action: { type: "Action", id: "run" },
    resource: { type: "Purpose", id: "analytics-cookies" },
    context: { jurisdiction: context.jurisdiction, age: context.age, gpc: context.gpc, consents },
    preparsedPolicySetId: "consent",
    entities: [],
  };
  const answer = cedar.statefulIsAuthorized(call);
  if (answer.type !== "success" || answer.response.decision !== "allow") throw new Error(`cedar: ${JSON.stringify(answer)}`);
  if (browser.loadCompiled(core, english).decide("analytics-cookies", context).decision !== "allowed") {
    throw new Error("assent and Cedar were not asked the same question");
  }
  return [{ name: "statefulIsAuthorized (prepared policy set)", fn: () => cedar.statefulIsAuthorized(call), per: 20, label: `Cedar ${cedar.getCedarVersion()}` }];
}

const rows = measureAll([
  ...rowsFor(browser, "the page's module (assent.js, the browser entry), compiled policy", false),
  ...rowsFor(assent, "node/workerd bundle (node.js), policy document", true),
  ...cedarRows(),
]);

console.log(`assent ${assent.engineVersion()} in Node ${process.version}: time per call (best median of 9 rounds)`);
let label;
for (const row of rows) {
  if (row.label !== label) console.log(`${(label = row.label)}:`);
  const { name, ns, aim } = row;
  const goal = aim === undefined ? "" : `   aim < ${fmt(aim)}${ns <= aim ? "" : "  (over the aim)"}`;
  console.log(`  ${name.padEnd(44)} ${fmt(ns).padStart(10)}${goal}`);
}
const decide = rows.find((r) => r.name === "visitor.decide(purpose)").ns;
const prepared = rows.find((r) => r.name.startsWith("statefulIsAuthorized")).ns;
const times = prepared / decide;
console.log(`\nthe page's visitor.decide against Cedar's prepared statefulIsAuthorized: ${times.toFixed(0)}x faster (aim: at least 100x)`);
