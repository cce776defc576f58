// Load on the edge worker in real workerd, on loopback only: receipts per second and p50/p99 latency
// of POST /v1/consent (check, sign, append to the subject's log shard, a checkpoint per batch) for
// a log of 1, 2 and 4 shards, from a pool of visitors (each its own subject, so the receipts spread
// over the shards as a site's would), at a few concurrency levels; then GET / with the HTML
// rewritten for a visitor with consent (receipt fetch and verification, evaluate, HTMLRewriter);
// and workerd's CPU time per request (process user+system time from /proc over the requests
// served: an upper bound on what Workers would bill) against the free plan's 10 ms.
//
// Bounded: each phase stops after PHASE_MS or PHASE_MAX requests, whichever comes first, and the
// whole run stops itself; workerd is stopped and its temp state removed after each log size.
// Run after `cargo xtask build`: node benches/js/edge-load.mjs
// (EDGE_LOAD_SHARDS=1,2,4 EDGE_LOAD_LEVELS=1,8,32,128 EDGE_LOAD_PAGES=1 EDGE_LOAD_PHASE_MS=5000)
import { readFile } from "node:fs/promises";

import { adultHeaders, edgeState, post, startEdge } from "../../tests/js/edge.mjs";

const PHASE_MS = Number(process.env.EDGE_LOAD_PHASE_MS ?? 5_000);
const PHASE_MAX = Number(process.env.EDGE_LOAD_PHASE_MAX ?? 3_000);
const LEVELS = (process.env.EDGE_LOAD_LEVELS ?? "1,8,32,128").split(",").map(Number);
const SHARDS = (process.env.EDGE_LOAD_SHARDS ?? "1,2,4").split(",").map(Number);
const PAGES = process.env.EDGE_LOAD_PAGES !== "0";
const VISITORS = 1024;
const RUN_LIMIT_MS = 8 * 60_000;
const FREE_PLAN_CPU_MS = 10;

const started = Date.now();

/** workerd's CPU seconds so far (user + system), from /proc/<pid>/stat. */
async function cpuSeconds(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which is in parentheses and may hold spaces).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
  return ticks / 100; // USER_HZ is 100 on Linux
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `request` from `concurrency` loops until the phase's time or count bound. */
async function phase(pid, concurrency, request) {
  const latencies = [];
  let failures = 0;
  let issued = 0;
  const cpu0 = await cpuSeconds(pid);
  const t0 = performance.now();
  const deadline = t0 + PHASE_MS;
  const worker = async () => {
    while (performance.now() < deadline && issued < PHASE_MAX && Date.now() - started < RUN_LIMIT_MS) {
      issued++;
      const s = performance.now();
      const ok = await request().catch(() => false);
      if (ok) latencies.push(performance.now() - s);
      else failures++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = (await cpuSeconds(pid)) - cpu0;
  latencies.sort((a, b) => a - b);
  return {
    concurrency,
    requests: latencies.length,
    failures,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
    cpuMsPerRequest: (cpu * 1000) / Math.max(1, latencies.length + failures),
  };
}

function row(name, r) {
  const cells = [
    name.padEnd(26),
    String(r.concurrency).padStart(4),
    String(r.requests).padStart(6),
    r.perSecond.toFixed(0).padStart(7),
    r.p50.toFixed(2).padStart(8),
    r.p99.toFixed(2).padStart(8),
    r.max.toFixed(0).padStart(7),
    r.cpuMsPerRequest.toFixed(2).padStart(8),
    r.failures ? `  ${r.failures} failed` : "",
  ];
  console.log(cells.join(" "));
}

const consent = { locale: "en", method: "banner_layer2", choices: { "analytics-cookies": true, advertising: false } };
const body = JSON.stringify(consent);
const header = ["what".padEnd(26), "conc".padStart(4), "reqs".padStart(6), "req/s".padStart(7), "p50 ms".padStart(8), "p99 ms".padStart(8), "max ms".padStart(7), "cpu ms".padStart(8)];
const results = [];

async function run(shards, pages) {
  const state = await edgeState("load");
  let edge;
  try {
    edge = await startEdge(state, { shards });
    // A pool of adult visitors, each with its own age lock and so its own subject.
    const visitors = Array.from({ length: VISITORS }, () => ({ ...adultHeaders(state), "content-type": "application/json" }));
    let next = 0;
    const consentUrl = new URL("/v1/consent", edge.url);
    const postConsent = async () => {
      const res = await fetch(consentUrl, { method: "POST", headers: visitors[next++ % VISITORS], body });
      await res.arrayBuffer();
      return res.status === 201;
    };

    // One visitor with a consent, for the page phase: cookie with one receipt id, adult age lock.
    const headers = adultHeaders(state);
    const visitor = await post(edge.url, "/v1/consent", consent, { headers });
    if (visitor.status !== 201) throw new Error(`consent failed: ${JSON.stringify(visitor.body)}`);
    const pageHeaders = { ...headers, cookie: `${headers.cookie}; ${visitor.cookie}` };
    const home = new URL("/", edge.url);

    // Warm up: the isolate, the Durable Objects, the JIT.
    for (let i = 0; i < 50; i++) {
      await (await fetch(home, { headers: pageHeaders })).arrayBuffer();
      await postConsent();
    }

    console.log(`\nedge load on ${edge.url} (loopback), log of ${shards} shard${shards > 1 ? "s" : ""}, phases of ${PHASE_MS} ms or ${PHASE_MAX} requests`);
    console.log(header.join(" "));
    for (const concurrency of LEVELS) {
      const r = await phase(edge.pid, concurrency, postConsent);
      row(`POST /v1/consent, ${shards} shard${shards > 1 ? "s" : ""}`, r);
      results.push({ what: "consent", shards, ...r });
    }
    if (!pages) return;
    for (const concurrency of LEVELS) {
      const r = await phase(edge.pid, concurrency, async () => {
        const res = await fetch(home, { headers: pageHeaders });
        const html = await res.text();
        return res.status === 200 && html.includes('data-purpose="advertising" src="/js/ads.js" defer type="text/plain"');
      });
      row("GET / (gated, rewritten)", r);
      results.push({ what: "page", shards, ...r });
    }
  } finally {
    await edge?.stop();
    await state.remove();
  }
}

for (const [i, shards] of SHARDS.entries()) await run(shards, PAGES && i === 0);
const worst = Math.max(...results.map((r) => r.cpuMsPerRequest));
console.log(
  `\nworkerd CPU per request (process time / requests, all of workerd): at most ${worst.toFixed(2)} ms; ` +
    `the Workers free plan allows ${FREE_PLAN_CPU_MS} ms: ${worst < FREE_PLAN_CPU_MS ? "within" : "OVER"} it`,
);
if (process.env.EDGE_LOAD_JSON) console.log(JSON.stringify(results));
