// The edge worker (www/) in real workerd, for the edge-*.test.mjs tests and benches/js/edge-load.mjs:
// a state dir with a generated key and the filled-in www/config.capnp, workerd on a free loopback
// port, and small helpers for the API. Loopback only; every start has a stop.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { access, mkdir, readFile, writeFile } from "node:fs/promises";
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { after } from "node:test";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";

import * as jose from "jose";

import { pkgDir, root, startWorkerd, tempDir } from "./helpers.mjs";

const run = promisify(execFile);

/** The built package's node entry (for the test's own checks: the key, log functions). */
export const assent = await import(pathToFileURL(path.join(pkgDir, "node.js")).href);

/** The seed policy, loaded by the package. */
export const policy = assent.loadPolicy(await readFile(path.join(root, "policies", "seed.json"), "utf8"));

/**
 * Fills www/config.capnp for a state dir: the config is written into it, beside
 * keys.private.json, and names the repository relative to itself (workerd embeds only relative
 * paths). The same substitution as `cargo xtask demo` (xtask/src/demo.rs).
 */
export async function writeEdgeConfig(stateDir, { policyVersion = "", site = path.join(root, "www", "site"), shards = 1 } = {}) {
  const template = await readFile(path.join(root, "www", "config.capnp"), "utf8");
  const text = template
    .replaceAll("{{ROOT}}", path.relative(stateDir, root) || ".")
    .replaceAll("{{SITE}}", site)
    .replaceAll("{{STATE}}", stateDir)
    .replaceAll("{{POLICY_VERSION}}", policyVersion)
    .replaceAll("{{LOG_SHARDS}}", String(shards));
  await mkdir(path.join(stateDir, "do"), { recursive: true });
  const config = path.join(stateDir, "config.capnp");
  await writeFile(config, text);
  return config;
}

/**
 * `writeEdgeConfig` as the edge is deployed: without the local DEV_MODE binding (no outbox, no
 * development verifier, no test clock) and, with `mailPort`, with GUARDIAN_MAIL bound to the HTTP
 * server on that loopback port, standing in for the site's mail Worker.
 */
export async function writeDeployedConfig(stateDir, { mailPort } = {}) {
  const config = await writeEdgeConfig(stateDir);
  const text = await readFile(config, "utf8");
  const dev = /^\s*\(name = "DEV_MODE".*\n/m;
  assert.match(text, dev, "the local config sets DEV_MODE");
  let deployed = text.replace(dev, "");
  if (mailPort) {
    deployed = deployed
      .replace("bindings = [", 'bindings = [\n    (name = "GUARDIAN_MAIL", service = "guardian-mail"),')
      .replace("services = [", `services = [\n    (name = "guardian-mail", external = (address = "127.0.0.1:${mailPort}", http = ())),`);
  }
  await writeFile(config, deployed);
  return config;
}

/** A new state dir with a fresh key set (from the package's generateKeySet) and its JWKS. */
export async function edgeState(label) {
  const state = await tempDir(`edge-${label}`);
  const { privateKeySet, publicJwks } = assent.generateKeySet();
  await writeFile(path.join(state.dir, "keys.private.json"), JSON.stringify(privateKeySet, null, 2), { mode: 0o600 });
  await writeFile(path.join(state.dir, "jwks.json"), JSON.stringify(publicJwks, null, 2));
  const auditorToken = randomBytes(32).toString("base64url");
  await writeFile(path.join(state.dir, "auditor.token"), auditorToken, { mode: 0o600 });
  await writeFile(path.join(state.dir, "shard.key"), randomBytes(32).toString("base64url"), { mode: 0o600 });
  return { ...state, privateKeySet, publicJwks, auditorToken };
}

/**
 * A self-signed certificate for 127.0.0.1 (openssl; a P-256 key, valid for a day), written into the
 * state dir as tls.key.pem and tls.cert.pem. Resolves the certificate's PEM, for clients to trust.
 */
export async function loopbackCertificate(stateDir) {
  const key = path.join(stateDir, "tls.key.pem");
  const cert = path.join(stateDir, "tls.cert.pem");
  await run("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
  ], { timeout: 30_000 });
  return readFile(cert, "utf8");
}

/**
 * Starts workerd on the state dir; `{url, stop, kill, exited, output}` as startWorkerd gives.
 * `policyVersion`: the published version in force (empty: the seed); `port`: a fixed loopback
 * port, to restart the edge where a browser already has state for it (0: any free port); `site`:
 * the static files it serves (www/site unless told); `shards`: how many shards the receipt log has;
 * `args`: more of workerd's command-line flags (the profiler's `--inspector-addr`); `https`: serve
 * over TLS with a new `loopbackCertificate`, whose PEM the answer then carries as `ca`.
 */
export async function startEdge(state, { policyVersion = "", port = 0, site, shards = 1, args = [], https = false } = {}) {
  const config = await writeEdgeConfig(state.dir, { policyVersion, site, shards });
  if (!https) return startWorkerd(config, { port, args });
  const ca = await loopbackCertificate(state.dir);
  const text = await readFile(config, "utf8");
  const plain = '(name = "http", address = "127.0.0.1:8787", http = (),';
  assert.ok(text.includes(plain), "www/config.capnp's socket is as this helper expects");
  const tls = 'https = (options = (), tlsOptions = (keypair = (privateKey = embed "tls.key.pem", certificateChain = embed "tls.cert.pem"))),';
  await writeFile(config, text.replace(plain, `(name = "http", address = "127.0.0.1:8787", ${tls}`));
  return { ...(await startWorkerd(config, { port, args, ca })), ca };
}

/**
 * The edge of one test file: a new state dir (`edgeState(label)`) and workerd on it (`startEdge`
 * with `options`), stopped and removed in the file's `after`. Returns `{ state, edge }`.
 */
export async function edgeForFile(label, options) {
  let state;
  let edge;
  const stop = async () => {
    await edge?.stop();
    await state?.remove();
  };
  after(stop);
  try {
    state = await edgeState(label);
    edge = await startEdge(state, options);
  } catch (e) {
    await stop();
    throw e;
  }
  return { state, edge };
}

/** `target/debug/assent`, built with cargo first if it is missing. */
export async function assentCli() {
  const binary = path.join(root, "target", "debug", "assent");
  try {
    await access(binary);
  } catch {
    await run("cargo", ["build", "--bin", "assent"], { cwd: root, timeout: 600_000 });
  }
  return binary;
}

/** Runs the CLI; resolves `{code, stdout, stderr}` whatever the exit code. */
export async function cli(args) {
  const binary = await assentCli();
  try {
    const { stdout, stderr } = await run(binary, args, { cwd: root, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    if (typeof e.code !== "number") throw e;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The value of the assent_consent cookie a response sets, as a Cookie header, or null. */
export function consentCookie(response) {
  const set = response.headers.getSetCookie?.() ?? [];
  const cookie = set.find((c) => c.startsWith("assent_consent="));
  return cookie ? cookie.split(";")[0] : null;
}

/** Headers with the cookies of `headers.cookie` and `cookie` joined into one Cookie header. */
function withCookies(headers, cookie) {
  const all = [headers.cookie, cookie].flat().filter(Boolean);
  return all.length ? { ...headers, cookie: all.join("; ") } : headers;
}

/** POSTs JSON to the edge: `{status, body, headers, cookie}` (cookie: the consent cookie set). */
export async function post(base, route, body, { headers = {}, cookie } = {}) {
  const response = await fetch(new URL(route, base), {
    method: "POST",
    headers: withCookies({ "content-type": "application/json", ...headers }, cookie),
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: await response.json(),
    cookie: consentCookie(response),
  };
}

/** GETs JSON from the edge: `{status, body, headers}`. */
export async function get(base, route, { headers = {}, cookie } = {}) {
  const response = await fetch(new URL(route, base), {
    headers: withCookies(headers, cookie),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  let body = text;
  if ((response.headers.get("content-type") ?? "").startsWith("application/json")) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body };
}

const rfc3339 = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** One Signer per private key set, for as long as the key set lives. */
const signers = new WeakMap();

/**
 * The Signer of `privateKeySet`, made once: a Signer per cookie would leave a bench's thousands of
 * them to the garbage collector, and each one's Wasm memory to be freed in one go.
 */
function signerOf(privateKeySet) {
  let signer = signers.get(privateKeySet);
  if (!signer) {
    signer = new assent.Signer(privateKeySet, policy);
    signers.set(privateKeySet, signer);
  }
  return signer;
}

/**
 * An age-lock cookie as the age gate will set it: the band (never the age) for one subject, signed
 * by the core's `signer.signAgeLock` with the edge's key (or another key, to forge one).
 */
export function ageLockCookie(privateKeySet, band, { subject = `s-${randomUUID()}`, expiresAt, jurisdiction = "DE" } = {}) {
  const signer = signerOf(privateKeySet);
  const now = Date.now();
  const token = signer.signAgeLock({
    lock: { band, jurisdiction, lockedAt: rfc3339(now - 60_000), conflicts: 0 },
    subject,
    expiresAt: expiresAt ?? rfc3339(now + 3_600_000),
  });
  return `assent_age=${token}`;
}

/** The auditor's request headers: the AUDITOR_TOKEN of the state dir as a bearer token. */
export const auditor = (state) => ({ authorization: `Bearer ${state.auditorToken}` });

/** Shard `shard`'s entries from index 0, page by page, as the auditor: `{shard, entries, checkpoint}`. */
export async function shardEntries(base, state, shard = 0) {
  const entries = [];
  let checkpoint;
  for (;;) {
    const { status, body } = await get(base, `/v1/log/entries?shard=${shard}&from=${entries.length}`, { headers: auditor(state) });
    if (status !== 200) throw new Error(`entries: ${status} ${JSON.stringify(body)}`);
    checkpoint = body.checkpoint;
    if (!body.entries.length) break;
    entries.push(...body.entries);
  }
  return { shard, entries, checkpoint };
}

/**
 * Recomputes a shard's Merkle tree from its entries alone, with the package's log functions, as an
 * outside verifier would: each leaf from the entry and its salt (or, once erased, the commitment
 * kept). `{entries, checkpoint, size, root, nodes}`; `nodes` maps `level/index` to a node.
 */
export async function recomputeLog(base, state, shard = 0) {
  const { entries, checkpoint } = await shardEntries(base, state, shard);
  const nodes = new Map();
  entries.forEach((entry, i) => {
    if (entry.index !== i) throw new Error(`entry ${i} has index ${entry.index}`);
    const commitment = entry.entry === null ? entry.commitment : assent.logCommitment(entry.entry, entry.salt);
    if (commitment !== entry.commitment) throw new Error(`entry ${i} is not what its leaf committed to`);
    const needed = assent.logAppendNeeds(i).map(({ level, index }) => nodes.get(`${level}/${index}`));
    for (const n of assent.logAppend(i, assent.logCommittedLeaf(commitment), needed)) nodes.set(`${n.level}/${n.index}`, n);
  });
  const rootNodes = assent.logRootNeeds(entries.length).map(({ level, index }) => nodes.get(`${level}/${index}`));
  return { entries, checkpoint, size: entries.length, root: assent.logRoot(entries.length, rootNodes), nodes };
}

/**
 * `assent log verify` (the CLI) on the edge's log as an auditor would fetch it: the head over all
 * shards, every shard's entries (pages merged), and the proof of `receipt` (a consent answer:
 * `{receiptId, shard}`) when given. Resolves the CLI's `{code, stdout, stderr}`.
 */
export async function cliVerifyLog(base, state, receipt, { shards = 1, consistencyFrom } = {}) {
  const dir = state.dir;
  const head = path.join(dir, "log-head.json");
  await writeFile(head, JSON.stringify((await get(base, "/v1/log/head")).body));
  const args = ["log", "verify", "--jwks", path.join(dir, "jwks.json"), "--head", head];
  for (let k = 0; k < shards; k++) {
    const file = path.join(dir, `log-entries-${k}.json`);
    await writeFile(file, JSON.stringify(await shardEntries(base, state, k)));
    args.push("--entries", file);
  }
  if (receipt) {
    const file = path.join(dir, "log-proof.json");
    const proof = await get(base, `/v1/log/proof/${receipt.receiptId}?shard=${receipt.shard}`, { headers: auditor(state) });
    await writeFile(file, JSON.stringify(proof.body));
    args.push("--proof", file);
  }
  if (consistencyFrom !== undefined) {
    const file = path.join(dir, "log-consistency.json");
    await writeFile(file, JSON.stringify((await get(base, `/v1/log/consistency?from=${consistencyFrom}`)).body));
    args.push("--consistency", file);
  }
  return cli(args);
}

/** The head over all shards, verified: `{head, checkpoints}` with their payloads. */
export async function verifiedHead(base, jwks) {
  const { body } = await get(base, "/v1/log/head");
  return {
    head: assent.verifyLogHead(body.head, jwks),
    checkpoints: body.checkpoints.map((c) => assent.verifyCheckpoint(c, jwks)),
    body,
  };
}

/** Waits (at most `ms`) until the head over all shards signs at least `size` entries. */
export async function headCovering(base, jwks, size, ms = 3_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const h = await verifiedHead(base, jwks);
    if (h.head.size >= size || Date.now() > deadline) return h;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A new adult visitor: in `jurisdiction` (Germany unless told), with an age lock for a new subject,
 * who is then the subject of the visitor's receipts.
 */
export function adultHeaders(state, jurisdiction = "DE", subject = undefined) {
  return { "x-assent-jurisdiction": jurisdiction, cookie: ageLockCookie(state.privateKeySet, "adult", { subject, jurisdiction }) };
}

/**
 * A client of the edge at `base` with its own cookie jar and `headers`, not following redirects:
 * `req(route, {method, form, json, body, headers})` resolves `{status, headers, body}` (JSON parsed
 * when the answer is JSON), keeping every cookie the edge sets. `body` sends exact bytes (with the
 * `headers` given) where `form` and `json` encode; `cookie()` is the jar as a Cookie header.
 */
export function cookieClient(base, headers = {}) {
  const jar = new Map();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  async function req(route, { method = "GET", form, json, body, headers: extra = {} } = {}) {
    const h = { ...headers, ...extra };
    if (jar.size) h.cookie = cookie();
    if (form) {
      body = new URLSearchParams(form).toString();
      h["content-type"] = "application/x-www-form-urlencoded";
    }
    if (json) {
      body = JSON.stringify(json);
      h["content-type"] = "application/json";
    }
    const r = await fetch(new URL(route, base), { method, headers: h, body, redirect: "manual", signal: AbortSignal.timeout(20_000) });
    for (const c of r.headers.getSetCookie()) {
      const [kv] = c.split(";");
      const eq = kv.indexOf("=");
      jar.set(kv.slice(0, eq), kv.slice(eq + 1));
    }
    const text = await r.text();
    const isJson = (r.headers.get("content-type") ?? "").startsWith("application/json");
    return { status: r.status, headers: r.headers, body: isJson && text ? JSON.parse(text) : text };
  }
  return { req, jar, cookie };
}

/** The subject the edge issued to a browser page: its device credential, read from the consent cookie. */
export async function subjectOf(page) {
  const cookie = (await page.context().cookies()).find((c) => c.name === "assent_consent");
  assert.ok(cookie, "the edge set the consent cookie");
  assert.equal(cookie.httpOnly, true);
  const { d } = JSON.parse(Buffer.from(cookie.value, "base64url").toString());
  return JSON.parse(Buffer.from(d.split(".")[1], "base64url").toString()).subject;
}

/**
 * Every receipt of `subject` in the log of the edge at `base`, as its auditor (`state`) reads it,
 * each verified with jose against the keys the edge publishes.
 */
export async function receiptsOf(base, state, subject) {
  const jwks = jose.createLocalJWKSet(await (await fetch(new URL("/.well-known/jwks.json", base))).json());
  const { body } = await get(base, "/v1/log/entries", { headers: auditor(state) });
  const out = [];
  for (const e of body.entries) {
    const { payload } = await jose.compactVerify(e.entry, jwks, { algorithms: ["EdDSA"] });
    const r = JSON.parse(new TextDecoder().decode(payload));
    if (r.subject === subject) out.push(r);
  }
  return out;
}
