// HTTP at the edge: errors, bodies, cookies and redirects, for every route of worker.js and
// guardian.js. Nothing here decides anything about consent; it only reads requests defensively
// (every byte a client sends is untrusted) and writes responses.

/** A request that cannot be answered as asked: becomes `{error: {code, message, hint?}}`. */
export class HttpError extends Error {
  constructor(status, code, message, { hint, headers } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.hint = hint;
    this.headers = headers;
  }
}

/**
 * `base` with `extra` laid over it: an object, Headers, or `[name, value]` pairs (where
 * `Set-Cookie` may come more than once). A header of `extra` replaces the same of `base`, except
 * `Set-Cookie`, each of which is kept.
 */
export function headersWith(base, extra = {}) {
  const headers = new Headers(base);
  const pairs = Array.isArray(extra) || extra instanceof Headers ? extra : Object.entries(extra);
  for (const [name, value] of pairs) {
    if (name.toLowerCase() === "set-cookie") headers.append(name, value);
    else headers.set(name, value);
  }
  return headers;
}

export function json(body, status = 200, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: headersWith({ "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }, headers),
  });
}

export function errorResponse(status, code, message, { hint, headers } = {}) {
  const error = hint ? { code, message, hint } : { code, message };
  return json({ error }, status, headers);
}

export function invalid(message, hint) {
  return new HttpError(400, "request.invalid", message, { hint });
}

/** `table[key]` for a key a client sent: own members only, never `constructor` or `__proto__`. */
export function own(table, key) {
  return typeof key === "string" && Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * The body's bytes, at most `max`: 413 as soon as the declared length or the bytes read so far
 * pass it. A body from the network is never buffered beyond the limit: HTTP framing ends it at its
 * declared length, so the runtime reads it whole, and a body of unknown length (chunked) is counted
 * chunk by chunk. What it trusts: a Request built by code of the same deployment (a service
 * binding's caller) to declare its own length truly; such a body is read whole, then refused.
 */
export async function readBody(request, max, hint) {
  const tooLarge = () => new HttpError(413, "request.too_large", `the body is larger than ${max} bytes`, { hint });
  const declared = request.headers.get("content-length");
  if (declared !== null && !(Number(declared) <= max)) throw tooLarge();
  if (declared !== null && request.body) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength > max) throw tooLarge();
    return bytes;
  }
  const chunks = [];
  let total = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > max) {
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
  return bytes;
}

function contentType(request) {
  return (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
}

/** Text as UTF-8, or 400: a body that is not UTF-8 is not guessed at. */
function utf8(bytes, what) {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, "request.encoding", `the ${what} is not UTF-8`);
  }
}

/** The largest JSON body accepted, in bytes. */
export const MAX_JSON = 16 * 1024;

/**
 * A JSON body's text, for the engine to read (`consentBody`, ...): 415 unless JSON, 413 over
 * MAX_JSON (declared or counted), 400 unless UTF-8.
 */
export async function readJsonText(request) {
  const type = contentType(request);
  if (type !== "application/json") {
    throw new HttpError(415, "request.content_type", `expected application/json, got ${type || "no content type"}`, {
      hint: "send the body as JSON with Content-Type: application/json",
    });
  }
  return utf8(await readBody(request, MAX_JSON, "send only the choices of this policy's purposes"), "body");
}

/** Reads a JSON body: as `readJsonText`, then 400 if malformed. */
export async function readJson(request) {
  const text = await readJsonText(request);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, "request.malformed_json", `the body is not valid JSON: ${e.message}`);
  }
}

/** 400 unless `body` is a JSON object whose members are all among `allowed`. */
export function checkFields(body, allowed) {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw invalid("the body must be a JSON object");
  }
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw invalid(`unknown field \`${key}\``, `the fields are ${allowed.join(", ")}`);
  }
}

/** The largest form body accepted, in bytes. */
export const MAX_FORM = 8 * 1024;

/**
 * Reads a form-encoded body: 403 from another site, 415 unless form-encoded, 413 over MAX_FORM.
 * A form posted from another site would act with this site's cookies; browsers name the posting
 * page's origin (and the fetch site), which must be this site.
 */
export async function readForm(request) {
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  const own = new URL(request.url).origin;
  if ((origin !== null && origin !== own) || site === "cross-site" || site === "same-site") {
    const from = origin !== null ? `a page of ${origin}` : `a ${site} page`;
    throw new HttpError(403, "request.cross_site", `forms are accepted only from this site's own pages (${own}); this one came from ${from}`, {
      hint: "post the form from a page this edge serves; a development server in front of the edge must pass the page through it",
    });
  }
  const type = contentType(request);
  if (type !== "application/x-www-form-urlencoded") {
    throw new HttpError(415, "request.content_type", `expected a form (application/x-www-form-urlencoded), got ${type || "none"}`);
  }
  return new URLSearchParams(utf8(await readBody(request, MAX_FORM), "form"));
}

/** Whether the visitor reached the edge over HTTPS (on Cloudflare, the scheme the browser used). */
function overHttps(request) {
  return new URL(request.url).protocol === "https:";
}

/**
 * The name the browser holds the edge's own cookie `name` (`assent_…`) under: `__Host-assent_…`
 * over HTTPS. A browser keeps a `__Host-` cookie only when this host set it over HTTPS, with
 * `Secure`, `Path=/` and no `Domain`, so neither a sibling subdomain nor anyone on the network can
 * set or replace it. Over plain HTTP (a local run) there is no such guarantee and no prefix.
 */
function ownName(request, name) {
  return overHttps(request) ? `__Host-${name}` : name;
}

/** Spaces and tabs at either end: all that is dropped around a cookie's name and value. */
const COOKIE_SPACE = /^[ \t]+|[ \t]+$/g;

/**
 * The name-value pairs of a request's Cookie header, in order, split at `;`. Only spaces and tabs
 * around a name or a value are dropped (RFC 6265, 5.4): a name with any other character before it
 * (a no-break space, a byte-order mark) is another name, never the edge's, whatever a browser let
 * a sibling subdomain set under it. A comma separates nothing: a browser keeps `, name=value` as
 * part of a planted cookie's value, so splitting there would let a value smuggle in a name.
 */
function cookiePairs(request) {
  const pairs = [];
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) pairs.push([part.slice(0, eq).replace(COOKIE_SPACE, ""), part.slice(eq + 1).replace(COOKIE_SPACE, "")]);
  }
  return pairs;
}

/** Every cookie of a request by name, the first of a repeated name: the site's, for the policy's rules. */
export function cookies(request) {
  const out = new Map();
  for (const [name, value] of cookiePairs(request)) if (!out.has(name)) out.set(name, value);
  return out;
}

/**
 * The edge's own cookies (`assent_*`), by the name without a prefix. Over HTTPS only the
 * `__Host-` ones count: an unprefixed `assent_consent` there was set by someone else (a sibling
 * subdomain, for the parent domain or a longer path), and a first visit carrying one must not be
 * recorded in its planter's name. A name counts only as the edge writes it, byte for byte
 * (`cookiePairs`). Over HTTP, where such a cookie can be planted too, a repeated one is absent:
 * which one the edge set cannot be told, so neither is trusted.
 */
export function ownCookies(request) {
  const prefix = ownName(request, "assent_");
  const out = new Map();
  const repeated = new Set();
  for (const [name, value] of cookiePairs(request)) {
    if (!name.startsWith(prefix)) continue;
    const own = name.slice(prefix.length - "assent_".length);
    if (!out.has(own)) out.set(own, value);
    else repeated.add(own);
  }
  for (const name of repeated) out.delete(name);
  return out;
}

/** The names the edge set its cookies under before they took the `__Host-` prefix over HTTPS. */
const UNPREFIXED = ["assent_consent", "assent_age", "assent_dismissed", "assent_saved", "assent_guided"];

/**
 * Over HTTPS, `Set-Cookie` lines that expire the unprefixed cookies a request carries, as the edge
 * once set them (host-only, `Path=/`, `Secure`): they are never read there, and each is sent with
 * every request until it expires (the consent cookie lasts 13 months). A planted one set for a
 * parent domain is the planter's to remove; it is ignored all the same.
 */
export function expireUnprefixed(request) {
  if (!overHttps(request)) return [];
  const carried = cookies(request);
  return UNPREFIXED.filter((name) => carried.has(name)).map((name) => `${name}=; Max-Age=0; Path=/; Secure`);
}

/** Whether `name` is one of the edge's own cookies as a browser sends it, with or without the prefix. */
export function isOwnCookie(name) {
  return name.startsWith("assent_") || name.startsWith("__Host-assent_");
}

/**
 * The edge's own cookie `name` (`assent_…`) as it sets every one: HttpOnly, SameSite=Lax, and over
 * HTTPS `Secure` under the `__Host-` name (`ownName`); `maxAge` in seconds, or null for a cookie
 * that ends with the browsing session.
 */
export function cookieHeader(request, name, value, maxAge) {
  const secure = overHttps(request) ? "; Secure" : "";
  const age = maxAge === null ? "" : `; Max-Age=${maxAge}`;
  return `${ownName(request, name)}=${value}; Path=/${age}; SameSite=Lax; HttpOnly${secure}`;
}

export function b64urlDecode(text) {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export function b64urlEncode(bytes) {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** 32 random bytes, base64url: link tokens and nonces. */
export function randomToken() {
  return b64urlEncode(crypto.getRandomValues(new Uint8Array(32)));
}

export async function sha256Hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A redirect target from a client, kept on this site: the path and query it names once a browser
 * has resolved it against this origin (tabs and newlines dropped, backslashes read as slashes,
 * exactly as a browser would), or `/` when it would leave the site or holds a control character.
 */
export function localPath(value) {
  if (typeof value !== "string" || !value.startsWith("/") || /[\u0000-\u001f\u007f]/.test(value)) return "/";
  const base = "https://assent.invalid";
  let resolved;
  try {
    resolved = new URL(value, base);
  } catch {
    return "/";
  }
  // Dot segments can leave a path that starts with `//` (`/.//host`): a browser reads that as
  // another host, so it is refused like one.
  if (resolved.origin !== base || resolved.pathname.startsWith("//")) return "/";
  return resolved.pathname + resolved.search;
}

/** A 303 to a path on this site. */
export function seeOther(path, headers = {}) {
  return new Response(null, { status: 303, headers: { location: localPath(path), "cache-control": "no-store", ...headers } });
}

/**
 * The origin links in messages point to: the SITE_ORIGIN binding where it is set (always, when
 * deployed); else, for a local run, the request's own origin only if it is a loopback address.
 * The Host header is the client's word, so it never chooses where a guardian's link leads.
 */
export function siteOrigin(env, url) {
  if (env.SITE_ORIGIN) return env.SITE_ORIGIN.replace(/\/+$/, "");
  if (["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) return url.origin;
  throw new HttpError(421, "request.misdirected", `this edge does not serve ${url.host}`, {
    hint: "set the SITE_ORIGIN binding to the site's own origin",
  });
}

/**
 * The locale a person asked for: `?lang=`, else the browser's Accept-Language list as it came,
 * whose order of preference the engine reads (`locale_for`).
 */
export function askedLocale(request, url) {
  return (url.searchParams.get("lang") ?? request.headers.get("accept-language") ?? undefined) || undefined;
}
