// Who a request is for, at the edge: the per-isolate engine and signer, the visitor's context
// for the engine (where they are, their age band, their recorded consents) and the subject they
// speak for, which comes only from a credential the edge signed (see `identity`). Used by every
// route of worker.js and guardian.js; it decides nothing itself: the engine does.
import { loadPolicy, Signer, visitorJurisdiction } from "assent";
import { rfc3339 } from "./consent-log.js";
import { b64urlDecode, b64urlEncode, cookieHeader, HttpError, ownCookies } from "./http.js";
import { checkLogConfig, logFor } from "./log-shards.js";
import { EdgeSigner, verified } from "./signatures.js";
import { currentDocument } from "./policies.js";

/** The consent cookie: the seed policy declares it under its essential purpose (lifetime P13M). */
export const CONSENT_COOKIE = "assent_consent";
/** The age-lock cookie the age gate sets (guardian.js). */
export const AGE_COOKIE = "assent_age";
/** 13 months of 30 days, in seconds: the cookie's declared lifetime. */
const CONSENT_COOKIE_MAX_AGE = 13 * 30 * 24 * 3600;

/**
 * The HTTP status of each kind of error the engine gives (its `kind`, which the engine decides from
 * the code). `misconfigured`: the deployment's own settings are wrong (LOG_SHARDS, LOG_SHARD_KEY,
 * DEFAULT_JURISDICTION), the server's fault, not the request's.
 */
const STATUS_OF_KIND = {
  invalid: 400,
  unprocessable: 422,
  conflict: 409,
  not_found: 404,
  gone: 410,
  misconfigured: 500,
  internal: 500,
};

/**
 * Throws the HttpError for an engine's AssentError (or an RPC `{error}` value, which carries the
 * same `kind`); an error of no known kind is the edge's own fault.
 */
export function fail(error) {
  throw httpError(error);
}

/** Calls the engine; its AssentError becomes the HTTP error with the same code. */
export function engine(call) {
  try {
    return call();
  } catch (e) {
    if (e?.name === "AssentError") fail(e);
    throw e;
  }
}

/** The HttpError `fail` throws, for a route that stores something before it throws it. */
export function httpError(error) {
  const status = STATUS_OF_KIND[error.kind] ?? 500;
  return new HttpError(status, error.code, error.message, { hint: error.hint ?? undefined });
}

// ---------------------------------------------------------------------------------------------
// Per-isolate state: the policy (loaded once, also for the log's Durable Objects in the same
// isolate), the engine's signer (it prepares what is signed and holds the public keys) and the
// same signer over WebCrypto (`edgeSigner`, which signs). What a subject chose is never kept here:
// each request reads it from the subject's shard, so a choice made anywhere holds on the next.

let edge;

export function setup(env) {
  if (!edge) {
    const current = currentDocument(env);
    const policy = loadPolicy(current);
    if (!env.SIGNING_KEYS) {
      throw new HttpError(500, "config.signing_keys", "the SIGNING_KEYS binding is missing: the edge has no key to sign receipts with", {
        hint:
          "make the key set with `npx assent keygen --out keys.private.json`; for a deploy, " +
          "`npx wrangler secret put SIGNING_KEYS < keys.private.json`; for `wrangler dev`, a line " +
          "SIGNING_KEYS='<the key set on one line>' in .dev.vars beside wrangler.toml (docs/ten-minutes.md, docs/deploy.md)",
      });
    }
    checkLogConfig(env);
    // The engine refuses to sign under a policy that still has an owner's mark (a draft). A key
    // set it cannot read is the operator's to fix, not the visitor's: 500, naming the binding.
    let signer;
    try {
      signer = new Signer(env.SIGNING_KEYS, policy);
    } catch (e) {
      if (e?.name !== "AssentError") throw e;
      if (e.code !== "receipt.key") fail(e);
      throw new HttpError(500, "config.signing_keys", `the SIGNING_KEYS binding is not a key set the edge can read: ${e.message}`, {
        hint:
          "give it the whole file `npx assent keygen` wrote, as it is: `npx wrangler secret put SIGNING_KEYS < keys.private.json`; " +
          "in .dev.vars, on one line in single quotes: printf \"SIGNING_KEYS='%s'\\n\" \"$(tr -d '\\n' < keys.private.json)\" > .dev.vars",
      });
    }
    const jwks = signer.publicJwks();
    // The keys as text too: the engine reads text, and an object would be serialized again on every
    // call.
    const edgeSigner = new EdgeSigner(signer);
    edge = { policy, current, signer, edgeSigner, jwks, jwksText: JSON.stringify(jwks), versions: null };
  }
  return edge;
}

// ---------------------------------------------------------------------------------------------
// The request context: what the engine needs to know about this visitor.

/** A compact JWS: what a credential or an age lock in a cookie must be to be read at all. */
const JWS_TEXT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * The device credential in the consent cookie, `base64url(JSON {v: 2, d: device credential})`:
 * the credential the edge signed for this device's subject (`signer.issueCredential`, kind
 * `device`), the only thing that says who the device speaks for. What the subject chose is in the
 * log, never in a cookie. (A cookie of earlier releases also named receipts, in `r`: ignored.)
 */
function deviceOf(request) {
  const raw = ownCookies(request).get(CONSENT_COOKIE);
  if (!raw) return undefined;
  try {
    const value = JSON.parse(new TextDecoder().decode(b64urlDecode(raw)));
    // A credential is a compact JWS: anything else in its place counts as no credential.
    return value?.v === 2 && typeof value.d === "string" && JWS_TEXT.test(value.d) ? value.d : undefined;
  } catch {
    return undefined;
  }
}

function consentCookieHeader(request, device) {
  const value = b64urlEncode(new TextEncoder().encode(JSON.stringify({ v: 2, d: device })));
  // HttpOnly: the page gets its receipts from the API's response bodies, never from this cookie.
  return cookieHeader(request, CONSENT_COOKIE, value, CONSENT_COOKIE_MAX_AGE);
}

/**
 * Who the request speaks for, by the engine's rule (`identify`): the device credential in the
 * consent cookie, else the edge-signed age lock; a cookie failing any check counts as absent.
 * The engine names the signatures to check (`identifyChecks`), WebCrypto checks them, and the
 * engine makes every other check and the verdict from their answers.
 */
export async function identity(request, env, now) {
  const presented = { now };
  const device = deviceOf(request);
  if (device) presented.device = device;
  const ageLock = ownCookies(request).get(AGE_COOKIE);
  if (ageLock && JWS_TEXT.test(ageLock)) presented.ageLock = ageLock;
  // The signer's own public keys (what /.well-known/jwks.json publishes), read once per isolate.
  const { signer } = setup(env);
  const verdicts = {};
  if (presented.device || presented.ageLock) {
    const checks = signer.identifyChecks(presented);
    await Promise.all(checks.map(async (c) => (verdicts[c.token] = await verified(c))));
  }
  return signer.identify(presented, verdicts);
}

/**
 * Issues a credential (`{kind, subject, now, nonce?}`): the engine prepares it, WebCrypto signs.
 * `{token, credential}`.
 */
export async function issueCredential(env, args) {
  const { signer, edgeSigner } = setup(env);
  const { signingInput, credential } = engine(() => signer.prepareCredential(args));
  return { token: await edgeSigner.sign(signingInput), credential };
}

/**
 * The device credential to set for `subject`: the one the request carried while it is still
 * good, else a new one the edge signs now (a first visit, a stale one, or a subject known only
 * from its age lock). A new one carries `ageLock`, else the subject's own lock as the request
 * showed it; giving `ageLock` (a new answer to the age gate) always signs a new one.
 */
export async function deviceCredential(request, env, who, subject, now, ageLock) {
  const carried = deviceOf(request);
  if (!ageLock && carried && who.subject === subject && !who.identity.issueDevice) return carried;
  const lock = ageLock ?? (who.subject === subject ? who.identity.ageLock : undefined);
  const args = { kind: "device", subject, now };
  if (lock) args.ageLock = lock;
  return (await issueCredential(env, args)).token;
}

/** The Set-Cookie of the consent cookie for `subject`, with `ageLock` as for `deviceCredential`. */
export async function deviceCookie(request, env, who, subject, now, ageLock) {
  return consentCookieHeader(request, await deviceCredential(request, env, who, subject, now, ageLock));
}

/**
 * Where the visitor is, by the engine's rule (`visitorJurisdiction`): what the runtime says when
 * deployed (Cloudflare's `request.cf.country` and `regionCode`); only where it says nothing (local
 * workerd, tests) or in a local run (DEV_MODE), what the request says (an `X-Assent-Jurisdiction`
 * header or `?jurisdiction=`); else the DEFAULT_JURISDICTION binding, or the engine's default.
 */
function jurisdictionOf(request, env, url) {
  const cf = request.cf;
  try {
    return visitorJurisdiction({
      country: cf?.country ?? null,
      region: cf?.regionCode ?? null,
      asked: request.headers.get("x-assent-jurisdiction") ?? url.searchParams.get("jurisdiction"),
      // A local run, whose runtime location is a placeholder (`wrangler dev`).
      local: Boolean(env.DEV_MODE),
      fallback: env.DEFAULT_JURISDICTION ?? null,
    });
  } catch (e) {
    if (e?.name === "AssentError") fail(e);
    throw e;
  }
}

/**
 * The visitor's context for the engine, and who they are. The subject is the credential's
 * (`identity`); null on a first visit. The engine's identity also says which age band the context
 * carries (only this subject's age lock's). The consents are the subject's latest receipts in the
 * log, of which the engine keeps only this subject's own; `erasedAt` says when the subject was
 * erased, if it was (another device erased it: this one then gets a new subject when it records),
 * and `head` the chain link of its latest receipt.
 */
export async function visitor(request, env, url, now = clock(request, env)) {
  const { policy, jwksText: jwks } = setup(env);
  const jurisdiction = jurisdictionOf(request, env, url);
  const id = await identity(request, env, now);
  const subject = id.subject;
  const context = {
    now,
    jurisdiction,
    gpc: request.headers.get("sec-gpc") === "1",
  };
  if (id.ageBand) {
    context.ageBand = id.ageBand;
    context.ageBandIn = id.ageBandIn;
  }
  // What the subject chose: its latest receipts in the log, whichever device recorded them (a
  // child's, their guardians'), read from its shard on every request; the engine keeps only this
  // subject's own. The shard also says whether the subject was erased (`erasedAt`).
  const recorded = subject ? await logFor(env, subject).latestChoices(subject) : { jws: [] };
  if (recorded.jws.length) context.consents = policy.consentsFromReceipts(recorded.jws, jwks, { now, subject }).consents;
  // The chain link of the subject's latest receipt as read (null: none): what a choice made on
  // this context was made on, which the log checks when it appends (appendChoice).
  return { context, subject, identity: id, erasedAt: recorded.erasedAt, head: recorded.head ?? null };
}

/**
 * The time: the real clock, or, only where the DEV_MODE binding is set (the local config), the
 * time an `X-Assent-Dev-Now` header gives, so tests can step past a guardian request's expiry.
 */
export function clock(request, env) {
  const asked = env.DEV_MODE ? request.headers.get("x-assent-dev-now") : null;
  // Only a real instant of years 0000 to 8999, written the way rfc3339 writes it back (no 30
  // February, no 24:00, no expanded year such as +010000, which the engine's times do not read),
  // so that what the edge dates from it (a credential's expiry, a lock's) stays within year 9999.
  if (asked && /^[0-8]\d{3}-/.test(asked) && !Number.isNaN(Date.parse(asked)) && rfc3339(Date.parse(asked)) === asked) return asked;
  return rfc3339(Date.now());
}

export const newSubject = () => `s-${crypto.randomUUID()}`;

