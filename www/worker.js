// assent at the edge: one module worker that serves the shop, gates its optional scripts and
// iframes before the page leaves the edge, records choices as signed receipts and keeps them in an
// append-only Merkle log (the ConsentLog Durable Object).
//
// The engine decides everything (src/ through the package's workerd entry); this file only turns a
// request into the engine's context and the engine's answers into HTTP. The private key (the
// SIGNING_KEYS secret, or a local file bound as text) never leaves the edge.
import { chainLink, loadPolicy, separateConsent, Signer, verifyAgeLock } from "assent";
import { changesPage } from "./changes-page.js";
import { currentDocument, POLICY_DOCUMENTS } from "./policies.js";
import { MAX_PAGE, rfc3339 } from "./consent-log.js";
import { guardianRoutes } from "./guardian.js";

export { ConsentLog } from "./consent-log.js";
export { GuardianRequests } from "./guardian-requests.js";

/** The largest request body accepted, in bytes. */
const MAX_BODY = 16 * 1024;

/** The consent cookie: the seed policy declares it under its essential purpose (lifetime P13M). */
const CONSENT_COOKIE = "assent_consent";
/** The age-lock cookie the age gate sets (see `ageLockFrom`). */
const AGE_COOKIE = "assent_age";
/** 13 months of 30 days, in seconds: the cookie's declared lifetime. */
const CONSENT_COOKIE_MAX_AGE = 13 * 30 * 24 * 3600;
/** The receipt ids the cookie may name: at most one per purpose of the policy. */
const MAX_COOKIE_RECEIPTS = 32;

const COLLECTION_METHODS = new Set(["banner_layer1", "banner_layer2", "guardian_page", "update_notice", "api"]);

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
  ".woff2": "font/woff2",
};

/** The Content Security Policy of every page: no inline script or style anywhere. */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "frame-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join("; ");

/** A request that cannot be answered as asked: becomes `{error: {code, message, hint?}}`. */
class HttpError extends Error {
  constructor(status, code, message, { hint, headers } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.hint = hint;
    this.headers = headers;
  }
}

/** The HTTP status for an engine error code. */
function statusFor(code) {
  if (code.startsWith("choice.")) return 422;
  if (code === "consent.stale_previous") return 409;
  if (code.startsWith("log.unknown")) return 404;
  // A guardian request in a state that does not allow the step (expired, already decided, ...).
  if (code.startsWith("guardian.")) return 409;
  if (code.startsWith("internal")) return 500;
  return 400;
}

function errorResponse(status, code, message, { hint, headers } = {}) {
  const error = hint ? { code, message, hint } : { code, message };
  return json({ error }, status, headers);
}

function json(body, status = 200, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

/** Throws the HttpError for an engine's AssentError (or an RPC `{error}` value). */
function fail(error) {
  throw new HttpError(statusFor(error.code), error.code, error.message, { hint: error.hint ?? undefined });
}

// ---------------------------------------------------------------------------------------------
// Per-isolate state: the policy, the signer (for the public keys and verification) and a cache of
// receipts by id. Receipts never change once logged, so the cache needs no invalidation; it only
// saves the Durable Object a read on page views, and every cached receipt is verified again anyway.

let edge;

function setup(env) {
  if (!edge) {
    const current = currentDocument(env);
    const policy = loadPolicy(current);
    if (!env.SIGNING_KEYS) throw new Error("the SIGNING_KEYS binding is missing (see README: Deploying to Cloudflare)");
    const signer = new Signer(env.SIGNING_KEYS, policy);
    edge = { policy, current, signer, jwks: signer.publicJwks(), receiptCache: new Map(), versions: null };
  }
  return edge;
}

function log(env) {
  return env.CONSENT_LOG.get(env.CONSENT_LOG.idFromName("main"));
}

/** The known versions of the policy, loaded once: `[{version, policy}]`, oldest first. */
function policyVersions(env) {
  const e = setup(env);
  if (!e.versions) {
    e.versions = POLICY_DOCUMENTS.filter((d) => d.id === e.current.id).map((d) => ({
      version: d.version,
      published: d.published ?? null,
      policy: d === e.current ? e.policy : loadPolicy(d),
    }));
  }
  return e.versions;
}

/** `GET /v1/policy/versions`: every version the worker knows, and which one is in force. */
function versions(env) {
  const { policy } = setup(env);
  return json({
    id: policy.id,
    current: policy.version,
    versions: policyVersions(env).map((v) => ({
      version: v.version,
      published: v.published,
      current: v.version === policy.version,
    })),
  });
}

/**
 * `GET /v1/receipts/mine`: the latest receipts of the subject this device's signed age lock names
 * (`{subject, receipts: [jws]}`; none without a lock). For a child these are the guardian's
 * receipts, which the guardian's page appended to the log: the child's banner fetches them,
 * verifies them with the published keys and unlocks what they approve. Only the signed lock
 * names the subject here: the consent cookie is not signed, so it could name anyone's.
 */
async function mine(request, env) {
  const lock = ageLockFrom(request, env, null, clock(request, env));
  const headers = { "cache-control": "private, no-store" };
  if (!lock?.subject) return json({ subject: null, receipts: [] }, 200, headers);
  const receipts = (await log(env).latestReceipts(lock.subject)).map((r) => r.jws);
  return json({ subject: lock.subject, receipts }, 200, headers);
}

/** `GET /v1/policy/diff?from=&to=`: the engine's diff of two known versions, older first. */
function diff(env, url) {
  return json(report(env, url));
}

/** `GET /policy/changes?from=&to=&lang=`: the same diff as a page for people. */
function changes(request, env, url) {
  const asked = url.searchParams.get("lang") ?? request.headers.get("accept-language")?.split(",")[0]?.split(";")[0]?.trim();
  const { policy } = setup(env);
  const locale = policy.texts(asked || undefined).locale;
  const to = policyVersions(env).find((v) => v.version === url.searchParams.get("to"));
  return changesPage(report(env, url), locale, to?.policy ?? policy, PAGE_CSP);
}

/** The engine's diff and notification plan between the versions `from` and `to` of the URL. */
function report(env, url) {
  const from = url.searchParams.get("from");
  const to = url.searchParams.get("to");
  if (!from || !to) throw invalid("`from` and `to` are required", "e.g. /v1/policy/diff?from=1.0.0&to=1.1.0");
  const known = policyVersions(env);
  const at = (v) => known.findIndex((k) => k.version === v);
  for (const v of [from, to]) {
    if (at(v) < 0) {
      throw new HttpError(404, "policy.unknown_version", `no policy version ${v} is known here`, {
        hint: `known: ${known.map((k) => k.version).join(", ")}`,
      });
    }
  }
  if (at(from) >= at(to)) {
    throw new HttpError(400, "policy.version_order", `\`from\` (${from}) must be older than \`to\` (${to})`);
  }
  try {
    return known[at(from)].policy.diff(known[at(to)].policy);
  } catch (e) {
    if (e?.name === "AssentError") fail(e);
    throw e;
  }
}

const RECEIPT_CACHE_SIZE = 4096;

/** Remembers a logged receipt, forgetting the oldest past RECEIPT_CACHE_SIZE. */
function cacheReceipt(env, id, jws) {
  const { receiptCache } = setup(env);
  if (receiptCache.size >= RECEIPT_CACHE_SIZE) receiptCache.delete(receiptCache.keys().next().value);
  receiptCache.set(id, jws);
}

async function receiptsById(env, ids) {
  const { receiptCache } = setup(env);
  const missing = ids.filter((id) => !receiptCache.has(id));
  if (missing.length) {
    for (const r of await log(env).receipts(missing)) cacheReceipt(env, r.receiptId, r.jws);
  }
  return ids.map((id) => receiptCache.get(id)).filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// The request context: what the engine needs to know about this visitor.

function cookies(request) {
  const out = new Map();
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

function b64urlDecode(text) {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function b64urlEncode(bytes) {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * The consent cookie: `base64url(JSON {v: 1, s: subject, r: [receiptId, ...]})`. It names receipts
 * instead of carrying them: one receipt for the whole banner is about 2.7 KB of compact JWS, so two
 * would already pass the 4 KB a browser keeps per cookie, while ids keep it under 1.5 KB for every
 * purpose of the policy. The ids are the fewest receipts that hold the subject's latest choice for
 * each purpose (the log computes them); the worker fetches them from the log (cached per isolate,
 * as receipts never change) and verifies each before it counts. A cookie naming someone else's
 * receipts gains nothing: receipts of another subject are refused.
 */
function consentCookie(request) {
  const raw = cookies(request).get(CONSENT_COOKIE);
  if (!raw) return null;
  try {
    const value = JSON.parse(new TextDecoder().decode(b64urlDecode(raw)));
    if (value?.v !== 1 || typeof value.s !== "string" || !Array.isArray(value.r)) return null;
    const ids = value.r.filter((id) => typeof id === "string" && /^[0-9a-f-]{36}$/.test(id));
    return { subject: value.s, ids: ids.slice(0, MAX_COOKIE_RECEIPTS) };
  } catch {
    return null;
  }
}

function consentCookieHeader(request, subject, ids) {
  const value = b64urlEncode(new TextEncoder().encode(JSON.stringify({ v: 1, s: subject, r: ids })));
  // HttpOnly: the page gets its receipts from the API's response bodies, never from this cookie,
  // so no script needs to read it. Secure whenever the site is served over HTTPS.
  const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
  return `${CONSENT_COOKIE}=${value}; Path=/; Max-Age=${CONSENT_COOKIE_MAX_AGE}; SameSite=Lax; HttpOnly${secure}`;
}

/**
 * Where the visitor is: Cloudflare's `request.cf.country` (with `regionCode`, e.g. `US-CA`) when
 * deployed. Only where the runtime gives no `cf` (local workerd, tests) may the request say it
 * itself, with an `X-Assent-Jurisdiction` header or `?jurisdiction=`; on Cloudflare those are
 * ignored, so a visitor cannot pick a laxer law. Otherwise DEFAULT_JURISDICTION (CN, the seed
 * policy's home) applies.
 */
function jurisdictionOf(request, env, url) {
  const valid = (code) =>
    typeof code === "string" && /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(code) && !["XX", "T1"].includes(code.slice(0, 2));
  const cf = request.cf;
  if (cf?.country) {
    const code = cf.regionCode ? `${cf.country}-${cf.regionCode}` : cf.country;
    if (valid(code)) return code;
    if (valid(cf.country)) return cf.country;
  } else {
    const asked = (request.headers.get("x-assent-jurisdiction") ?? url.searchParams.get("jurisdiction") ?? "")
      .trim()
      .toUpperCase();
    if (valid(asked)) return asked;
  }
  return env.DEFAULT_JURISDICTION || "CN";
}

/**
 * The age gate's answer from its signed age-lock cookie (`assent_age`, a JWS the edge signs with
 * `signer.signAgeLock`; it holds the band, never the age): the core checks its signature, expiry
 * and, when the subject is known, that it is this subject's. A lock failing any check is ignored
 * and the age stays unknown. `{band, subject}` or null.
 */
function ageLockFrom(request, env, subject, now) {
  const token = cookies(request).get(AGE_COOKIE);
  if (!token) return null;
  try {
    const signed = verifyAgeLock(token, setup(env).jwks, subject ? { now, subject } : { now });
    return { band: signed.lock.band, subject: signed.subject, lock: signed.lock };
  } catch (e) {
    if (e?.name === "AssentError") return null;
    throw e;
  }
}

/**
 * The visitor's context for the engine, and who they are. The subject is the one the request
 * claims (an API body's `subject` or `previous`), else the consent cookie's, else the age lock's;
 * null for a first visit. Consents count only from that subject's own receipts.
 */
async function visitor(request, env, url, claimed, now = clock(request, env)) {
  const { policy, jwks } = setup(env);
  const cookie = consentCookie(request);
  const lock = ageLockFrom(request, env, claimed ?? cookie?.subject, now);
  const subject = claimed ?? cookie?.subject ?? lock?.subject ?? null;
  const context = {
    now,
    jurisdiction: jurisdictionOf(request, env, url),
    gpc: request.headers.get("sec-gpc") === "1",
  };
  if (lock && lock.band !== "unknown") context.ageBand = lock.band;
  if (lock?.band === "below_guardian_age" && lock.subject === subject) {
    // A child's consents are their guardian's receipts, which the guardian's page appended to the
    // log under the child's subject; the subject is the one the signed age lock names.
    const receipts = (await log(env).latestReceipts(subject)).map((r) => r.jws);
    context.consents = policy.consentsFromReceipts(receipts, jwks, { now, subject }).consents;
  } else if (cookie?.ids.length && cookie.subject === subject) {
    const receipts = await receiptsById(env, cookie.ids);
    context.consents = policy.consentsFromReceipts(receipts, jwks, { now, subject }).consents;
  }
  return { context, subject, lock };
}

/**
 * The time: the real clock, or, only where the DEV_MODE binding is set (the local config), the
 * time an `X-Assent-Dev-Now` header gives, so tests can step past a guardian request's expiry.
 */
function clock(request, env) {
  const asked = env.DEV_MODE ? request.headers.get("x-assent-dev-now") : null;
  if (asked && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(asked) && !Number.isNaN(Date.parse(asked))) return asked;
  return rfc3339(Date.now());
}

// ---------------------------------------------------------------------------------------------
// Pages: static files from the ASSETS binding (a workerd disk service locally, Workers static
// assets on Cloudflare), HTML rewritten so that nothing optional runs before consent.

function contentType(path) {
  const dot = path.lastIndexOf(".");
  return CONTENT_TYPES[dot >= 0 ? path.slice(dot).toLowerCase() : ""] ?? "application/octet-stream";
}

/** The purposes the engine allows for this visitor. */
function allowedPurposes(evaluation) {
  return new Set(evaluation.purposes.filter((d) => d.decision === "allowed").map((d) => d.purpose));
}

/**
 * Rewrites gated markup: a `<script data-purpose>` whose purpose is not allowed becomes
 * `type="text/plain"` (its type, if it had one, kept in `data-type`), so the browser neither
 * fetches nor runs it; an `<iframe data-purpose>` (or `<embed>`) not allowed loses its `src` to
 * `data-src`. Both get `data-assent="blocked"`, for the banner that later restores them after
 * consent. `<html>` gets what the edge knows of the visitor and the page cannot: where they are
 * and the age band their age lock holds (`data-assent-jurisdiction`, `data-assent-age-band`), so
 * the banner's engine decides from the same facts as the edge; and, below the minor age, that youth
 * mode is on (`data-assent-youth-mode="on"`), for the page's styles even without scripts.
 */
function gate(response, allowed, context, youthMode = false) {
  const blocked = (el) => !allowed.has(el.getAttribute("data-purpose") ?? "");
  const frame = {
    element(el) {
      if (!blocked(el)) return;
      const src = el.getAttribute("src");
      if (src !== null) {
        el.setAttribute("data-src", src);
        el.removeAttribute("src");
      }
      el.setAttribute("data-assent", "blocked");
    },
  };
  return new HTMLRewriter()
    .on("html", {
      element(el) {
        el.setAttribute("data-assent-jurisdiction", context.jurisdiction);
        if (context.ageBand) el.setAttribute("data-assent-age-band", context.ageBand);
        if (youthMode) el.setAttribute("data-assent-youth-mode", "on");
      },
    })
    .on("script[data-purpose]", {
      element(el) {
        if (!blocked(el)) return;
        const type = el.getAttribute("type");
        if (type !== null) el.setAttribute("data-type", type);
        el.setAttribute("type", "text/plain");
        el.setAttribute("data-assent", "blocked");
      },
    })
    .on("iframe[data-purpose]", frame)
    .on("embed[data-purpose]", frame)
    .transform(response);
}

async function page(request, env, url) {
  if (request.method !== "GET" && request.method !== "HEAD") {
    throw new HttpError(405, "request.method", `${request.method} is not allowed here`, {
      headers: { allow: "GET, HEAD" },
    });
  }
  let path = url.pathname;
  if (path.endsWith("/")) path += "index.html";
  // URL parsing has already resolved `..`; a path still holding a dot segment or a backslash is refused.
  if (path.split("/").some((s) => s === ".." || s.startsWith(".")) || path.includes("\\")) {
    throw new HttpError(404, "request.not_found", `nothing at ${url.pathname}`);
  }
  const asset = await env.ASSETS.fetch(new Request(new URL(path, url.origin), { method: "GET" }));
  if (asset.status === 404) throw new HttpError(404, "request.not_found", `nothing at ${url.pathname}`);
  if (!asset.ok) throw new HttpError(502, "internal.assets", `the static files answered ${asset.status}`);
  const type = contentType(path);
  const headers = new Headers({ "content-type": type, "x-content-type-options": "nosniff" });
  if (!type.startsWith("text/html")) {
    headers.set("cache-control", "public, max-age=300");
    return new Response(request.method === "HEAD" ? null : asset.body, { status: 200, headers });
  }
  const { context } = await visitor(request, env, url);
  const evaluation = setup(env).policy.evaluate(context);
  const allowed = allowedPurposes(evaluation);
  // The page differs per visitor: never shared from a cache.
  headers.set("cache-control", "private, no-store");
  headers.set("vary", "Cookie, Sec-GPC");
  // The banner needs nothing inline: its own scripts, compiling its Wasm module, its stylesheet
  // and same-origin requests (the policy, the keys, the consent API).
  headers.set("content-security-policy", PAGE_CSP);
  const original = new Response(asset.body, { status: 200, headers });
  if (request.method === "HEAD") return new Response(null, { status: 200, headers });
  return stepLink(gate(original, allowed, context, evaluation.page.youthMode), evaluation.page, url);
}

/**
 * Where the engine's page state needs a step the shop's page cannot take itself, a plain link at the
 * end of the body to the server-rendered page for it (works without scripts): the age gate while
 * the engine asks for an age (`page.ageGate`), the guardian request while a child waits for a
 * guardian (`page.guardianFlow`).
 */
function stepLink(response, page, url) {
  let link = null;
  if (page.ageGate) {
    const back = encodeURIComponent(url.pathname + url.search);
    link = `<a href="/age?return=${back}" data-assent="age-gate">Age check / 年龄确认</a>`;
  } else if (page.guardianFlow === "pending_guardian") {
    link = `<a href="/guardian/request" data-assent="guardian-request">Ask a parent or guardian / 请父母或监护人同意</a>`;
  }
  if (!link) return response;
  return new HTMLRewriter()
    .on("body", {
      element(el) {
        el.append(`<p class="assent-step">${link}</p>`, { html: true });
      },
    })
    .transform(response);
}

// ---------------------------------------------------------------------------------------------
// The API.

/** Reads a JSON body: 415 unless JSON, 413 over MAX_BODY (declared or counted), 400 if malformed. */
async function readJson(request) {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") {
    throw new HttpError(415, "request.content_type", `expected application/json, got ${type || "no content type"}`, {
      hint: "send the body as JSON with Content-Type: application/json",
    });
  }
  const tooLarge = () =>
    new HttpError(413, "request.too_large", `the body is larger than ${MAX_BODY} bytes`, {
      hint: "send only the choices of this policy's purposes",
    });
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > MAX_BODY) throw tooLarge();
  // Count while reading too: a chunked body declares no length, and a declared one may lie.
  const chunks = [];
  let total = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > MAX_BODY) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (e) {
    throw new HttpError(400, "request.malformed_json", `the body is not valid JSON: ${e.message}`);
  }
}

function invalid(message, hint) {
  return new HttpError(400, "request.invalid", message, { hint });
}

function checkFields(body, allowed) {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw invalid("the body must be a JSON object");
  }
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw invalid(`unknown field \`${key}\``, `the fields are ${allowed.join(", ")}`);
  }
}

function optionalString(body, field) {
  if (body[field] === undefined) return undefined;
  if (typeof body[field] !== "string" || body[field] === "") throw invalid(`\`${field}\` must be a non-empty string`);
  return body[field];
}

function collectionMethod(body, fallback) {
  const method = body.method ?? fallback;
  if (!COLLECTION_METHODS.has(method)) {
    throw invalid(`\`method\` must be one of ${[...COLLECTION_METHODS].join(", ")}`, "banner_layer1 for accept/reject all");
  }
  return method;
}

/**
 * The subject an API body claims: its `subject`, or that of `previous`, which must verify and, with
 * both given, agree. `previous`'s chain link is then the position the caller expects to extend.
 * Without a claim the visitor's own subject applies (see `visitor`), or a new pseudonymous id:
 * random, never derived from an address or an email.
 */
function claimedSubject(env, body) {
  const subject = optionalString(body, "subject");
  if (body.previous === undefined) return { claimed: subject, expectedPrev: undefined };
  if (typeof body.previous !== "string") throw invalid("`previous` must be a compact JWS receipt");
  const { policy, jwks } = setup(env);
  let verified;
  try {
    verified = policy.verifyReceipt(body.previous, jwks, { now: rfc3339(Date.now()) });
  } catch (e) {
    if (e?.name === "AssentError") fail(e);
    throw e;
  }
  if (subject !== undefined && verified.receipt.subject !== subject) {
    throw new HttpError(400, "request.subject_mismatch", "`previous` is another subject's receipt");
  }
  return { claimed: verified.receipt.subject, expectedPrev: chainLink(body.previous) };
}

const newSubject = () => `s-${crypto.randomUUID()}`;

/** Checks a choice with the engine, has the log sign and store it, and answers with the receipt. */
async function record(request, env, who, choice, expectedPrev) {
  const { policy } = setup(env);
  try {
    policy.checkChoice(who.context, choice);
  } catch (e) {
    if (e?.name === "AssentError") fail(e);
    throw e;
  }
  const appended = await log(env).append({ choice, expectedPrev });
  if (appended.error) fail(appended.error);
  const { receipt, receiptId, logIndex, checkpoint, cover } = appended;
  cacheReceipt(env, receiptId, receipt);
  return json({ receipt, receiptId, logIndex, checkpoint }, 201, {
    location: `/v1/receipts/${receiptId}`,
    "set-cookie": consentCookieHeader(request, appended.subject, cover.slice(-MAX_COOKIE_RECEIPTS)),
  });
}

/** The receipt fields every choice shares. */
function baseChoice(who, subject, locale, method) {
  const choice = {
    subject,
    actor: { type: "self" },
    jurisdiction: who.context.jurisdiction,
    locale,
    purposes: [],
    collectionMethod: method,
  };
  if (who.context.ageBand) choice.ageBand = who.context.ageBand;
  return choice;
}

async function consent(request, env, url) {
  const body = await readJson(request);
  checkFields(body, ["subject", "locale", "choices", "method", "previous"]);
  const locale = optionalString(body, "locale");
  if (locale === undefined) throw invalid("`locale` is required: the locale the notice was shown in");
  const method = collectionMethod(body);
  const { choices } = body;
  if (choices === null || typeof choices !== "object" || Array.isArray(choices) || !Object.keys(choices).length) {
    throw invalid("`choices` must be an object of purpose ids to true or false", 'e.g. {"analytics-cookies": true}');
  }
  for (const [purpose, given] of Object.entries(choices)) {
    if (typeof given !== "boolean") throw invalid(`the choice for \`${purpose}\` must be true or false`);
  }
  const { claimed, expectedPrev } = claimedSubject(env, body);
  const who = await visitor(request, env, url, claimed);
  const choice = baseChoice(who, who.subject ?? newSubject(), locale, method);
  // Whether each choice counts as separate consent is the engine's rule (the way it was asked,
  // and for the update notice, whether the consent before was separate).
  const before = who.context.consents ?? {};
  choice.purposes = Object.entries(choices).map(([purpose, given]) => ({
    purpose,
    state: given ? "ConsentGiven" : "ConsentRefused",
    separate: separateConsent(method, given, before[purpose]),
  }));
  return record(request, env, who, choice, expectedPrev);
}

async function withdraw(request, env, url) {
  const body = await readJson(request);
  checkFields(body, ["subject", "locale", "purposes", "method", "previous"]);
  const { purposes } = body;
  if (!Array.isArray(purposes) || !purposes.length || purposes.some((p) => typeof p !== "string")) {
    throw invalid("`purposes` must be a non-empty array of purpose ids", 'e.g. {"purposes": ["advertising"]}');
  }
  const { claimed, expectedPrev } = claimedSubject(env, body);
  const who = await visitor(request, env, url, claimed);
  // Without a locale, the policy's best match for the browser's first language.
  const asked = request.headers.get("accept-language")?.split(",")[0]?.split(";")[0]?.trim() || undefined;
  const locale = optionalString(body, "locale") ?? setup(env).policy.texts(asked).locale;
  const method = collectionMethod(body, "api");
  const choice = baseChoice(who, who.subject ?? newSubject(), locale, method);
  choice.purposes = [...new Set(purposes)].map((purpose) => ({ purpose, state: "ConsentWithdrawn", separate: true }));
  return record(request, env, who, choice, expectedPrev);
}

function nonNegativeInt(url, name, fallback) {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^\d{1,15}$/.test(raw)) throw invalid(`\`${name}\` must be a non-negative integer`);
  return Number(raw);
}

async function entries(env, url) {
  const from = nonNegativeInt(url, "from", 0);
  const to = nonNegativeInt(url, "to", from + MAX_PAGE);
  if (to < from) throw invalid("`to` must not be below `from`", "`from` is inclusive, `to` exclusive");
  return json(await log(env).entries(from, to));
}

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** The API's routes: a path pattern, its methods and their handlers. */
const ROUTES = [
  { path: /^\/\.well-known\/jwks\.json$/, methods: { GET: (_r, env) => json(setup(env).jwks, 200, { "cache-control": "public, max-age=300" }) } },
  {
    path: /^\/v1\/policy$/,
    methods: {
      GET: (_r, env) => {
        const { policy } = setup(env);
        const document = policy.toJSON();
        return json({
          policy: document,
          version: policy.version,
          history: document.history ?? [],
          versions: policyVersions(env).map((v) => ({ id: policy.id, version: v.version, current: v.version === policy.version })),
        });
      },
    },
  },
  { path: /^\/v1\/policy\/versions$/, methods: { GET: (_r, env) => versions(env) } },
  { path: /^\/v1\/policy\/diff$/, methods: { GET: (_r, env, url) => diff(env, url) } },
  { path: /^\/policy\/changes$/, methods: { GET: changes } },
  { path: /^\/v1\/consent$/, methods: { POST: consent } },
  { path: /^\/v1\/receipts\/mine$/, methods: { GET: mine } },
  { path: /^\/v1\/consent\/withdraw$/, methods: { POST: withdraw } },
  {
    path: new RegExp(`^/v1/receipts/(${UUID})$`),
    methods: {
      GET: async (_r, env, _u, [id]) => {
        const [found] = await log(env).receipts([id]);
        if (!found) throw new HttpError(404, "log.unknown_receipt", `no receipt ${id} in the log`);
        return json(found);
      },
    },
  },
  { path: /^\/v1\/log\/head$/, methods: { GET: async (_r, env) => json(await log(env).head()) } },
  {
    path: /^\/v1\/log\/proof\/([^/]+)$/,
    methods: {
      GET: async (_r, env, _u, [id]) => {
        if (!new RegExp(`^${UUID}$`).test(id)) throw new HttpError(404, "log.unknown_receipt", `no receipt ${id} in the log`);
        const proof = await log(env).proof(id);
        if (proof.error) fail(proof.error);
        return json(proof);
      },
    },
  },
  { path: /^\/v1\/log\/entries$/, methods: { GET: (_r, env, url) => entries(env, url) } },
];

async function route(request, env) {
  const url = new URL(request.url);
  allRoutes ??= [...ROUTES, ...guardianRoutes(edgeApi)];
  for (const r of allRoutes) {
    const match = url.pathname.match(r.path);
    if (!match) continue;
    const handler = r.methods[request.method];
    if (!handler) {
      const allow = Object.keys(r.methods).join(", ");
      throw new HttpError(405, "request.method", `${request.method} is not allowed on ${url.pathname}`, {
        headers: { allow },
        hint: `use ${allow}`,
      });
    }
    return handler(request, env, url, match.slice(1));
  }
  if (url.pathname.startsWith("/v1/") || url.pathname === "/v1") {
    throw new HttpError(404, "request.not_found", `no API route ${url.pathname}`);
  }
  return page(request, env, url);
}

/** What www/guardian.js uses of this module (passed in, so neither imports the other). */
const edgeApi = {
  HttpError,
  json,
  fail,
  invalid,
  setup,
  log,
  visitor,
  clock,
  cookies,
  newSubject,
  readJson,
  checkFields,
};

let allRoutes;

export default {
  async fetch(request, env) {
    try {
      return await route(request, env);
    } catch (e) {
      if (e instanceof HttpError) return errorResponse(e.status, e.code, e.message, { hint: e.hint, headers: e.headers });
      console.error("assent edge:", e?.stack ?? e);
      return errorResponse(500, "internal.error", "the edge failed to answer; the error is in its log");
    }
  },
};
