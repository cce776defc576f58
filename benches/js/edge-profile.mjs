// Where workerd's CPU goes while it records consents: the V8 sampling profiler of the edge's
// isolate (workerd's inspector, on loopback), during a bounded burst of POST /v1/consent from new
// adult visitors, as benches/js/edge-load.mjs sends them. Prints the functions with the most self
// time (JavaScript and the engine's Wasm, by name) and writes the whole profile to
// test-artifacts/edge-consent.cpuprofile, which Chromium's DevTools open. A report, not a test.
//
//   cargo xtask build && node --experimental-websocket benches/js/edge-profile.mjs
//   (EDGE_PROFILE_REQUESTS=3000 EDGE_PROFILE_CONCURRENCY=32 EDGE_PROFILE_SHARDS=1)
import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { adultHeaders, edgeState, startEdge } from "../../tests/js/edge.mjs";

const REQUESTS = Number(process.env.EDGE_PROFILE_REQUESTS ?? 3_000);
const CONCURRENCY = Number(process.env.EDGE_PROFILE_CONCURRENCY ?? 32);
const SHARDS = Number(process.env.EDGE_PROFILE_SHARDS ?? 1);
const RUN_LIMIT_MS = 5 * 60_000;
const root = fileURLToPath(new URL("../../", import.meta.url));

if (typeof WebSocket !== "function") {
  console.error("this needs WebSocket: run it with `node --experimental-websocket` (Node 20) or Node 22");
  process.exit(2);
}

/** A free loopback port for the inspector. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A DevTools protocol session over the inspector's WebSocket: `send(method, params)`. */
async function inspect(url) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = () => reject(new Error(`no inspector at ${url}`));
  });
  let next = 0;
  const waiting = new Map();
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    const pending = waiting.get(message.id);
    if (!pending) return;
    waiting.delete(message.id);
    if (message.error) pending.reject(new Error(message.error.message));
    else pending.resolve(message.result);
  };
  return {
    send(method, params = {}) {
      const id = ++next;
      socket.send(JSON.stringify({ id, method, params }));
      return new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
    },
    close: () => socket.close(),
  };
}

/** Self time per function (name and where), most first, from a V8 CPU profile. */
function selfTimes(profile) {
  const interval = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length);
  const hits = new Map();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const byName = new Map();
  for (const node of profile.nodes) {
    const n = hits.get(node.id) ?? 0;
    if (!n) continue;
    const f = node.callFrame;
    const where = f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : "";
    const key = `${f.functionName || "(anonymous)"} ${where}`.trim();
    byName.set(key, (byName.get(key) ?? 0) + n);
  }
  const total = profile.samples.length;
  return {
    totalMs: (total * interval) / 1000,
    rows: [...byName].sort((a, b) => b[1] - a[1]).map(([name, n]) => ({ name, share: n / total, ms: (n * interval) / 1000 })),
  };
}

const state = await edgeState("profile");
const inspectorPort = await freePort();
const edge = await startEdge(state, { shards: SHARDS, args: [`--inspector-addr=127.0.0.1:${inspectorPort}`] });
const started = Date.now();
try {
  const consent = JSON.stringify({ locale: "en", method: "banner_layer2", choices: { "analytics-cookies": true, advertising: false } });
  const url = new URL("/v1/consent", edge.url);
  const visitors = Array.from({ length: 1024 }, () => ({ ...adultHeaders(state), "content-type": "application/json" }));
  let next = 0;
  let failed = 0;
  const burst = async (count) => {
    let issued = 0;
    const loop = async () => {
      while (issued < count && Date.now() - started < RUN_LIMIT_MS) {
        issued++;
        const res = await fetch(url, { method: "POST", headers: visitors[next++ % visitors.length], body: consent });
        await res.arrayBuffer();
        if (res.status !== 201) failed++;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  };
  // The isolate exists once it has served a request; warm its JIT before profiling.
  await burst(300);
  const targets = await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json();
  if (!targets.length) throw new Error("workerd's inspector lists no isolate");
  const session = await inspect(targets[0].webSocketDebuggerUrl);
  await session.send("Profiler.enable");
  await session.send("Profiler.setSamplingInterval", { interval: 100 });
  await session.send("Profiler.start");
  const t0 = performance.now();
  await burst(REQUESTS);
  const seconds = (performance.now() - t0) / 1000;
  const { profile } = await session.send("Profiler.stop");
  session.close();

  const out = path.join(root, "test-artifacts", "edge-consent.cpuprofile");
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, JSON.stringify(profile));
  const { totalMs, rows } = selfTimes(profile);
  console.log(
    `${REQUESTS} consents at concurrency ${CONCURRENCY}, ${SHARDS} shard(s), ${failed} failed, in ${seconds.toFixed(1)} s; ` +
      `profiled ${totalMs.toFixed(0)} ms of the isolate (${((totalMs / REQUESTS) * 1000).toFixed(0)} µs a consent, idle included)`,
  );
  console.log("self time  share  function");
  for (const r of rows.slice(0, 40)) console.log(`${r.ms.toFixed(1).padStart(8)} ms ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.name}`);
  console.log(`profile: ${path.relative(root, out)}`);
} finally {
  await edge.stop();
  await state.remove();
}
