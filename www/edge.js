// assent at the edge, the package's `assent/edge` entry: `createEdge({ policies })` gives the
// handler of a module worker that serves the site, gates its optional scripts and iframes before
// the page leaves the edge, records choices as signed receipts and keeps them in an append-only
// Merkle log (ConsentLog Durable Objects, one per shard, and the LogHead over them). The site's
// worker exports it as its default and re-exports the Durable Object classes (www/worker.js is
// this repository's; `assent init --worker` writes one for a site).
//
// The engine decides everything (src/ through the package's workerd entry); this file only turns a
// request into the engine's context and the engine's answers into HTTP. The private key (the
// SIGNING_KEYS secret, or a local file bound as text) never leaves the edge.
import { chainLink, compilePolicy, consentBody, loadPolicy, verifyCredential, withdrawBody } from "assent";
import { escape, htmlPage, usePageStylesheet } from "./html-page.js";
import { announce, listen } from "./events.js";
import { policyDocuments, publishPolicies } from "./policies.js";
import { rfc3339 } from "./consent-log.js";
import { logRoutes } from "./log-api.js";
import { logFor } from "./log-shards.js";
import { appendChoice, guardianAsked, guardianRoutes, newSubjectCookies, page as htmlRoute, sendsToGuardians, subjectErased } from "./guardian.js";
import {
  askedLocale,
  errorResponse,
  HttpError,
  invalid,
  json,
  checkFields,
  cookieHeader,
  cookies,
  expireUnprefixed,
  isOwnCookie,
  ownCookies,
  localPath,
  own,
  readForm,
  seeOther,
  readJson,
  readJsonText,
  sha256Hex,
} from "./http.js";
import {
  clock,
  deviceCookie,
  engine,
  fail,
  identity,
  issueCredential,
  newSubject,
  setup,
  visitor,
} from "./visitor.js";

export { ConsentLog } from "./consent-log.js";
export { LogHead } from "./log-head.js";
export { GuardianRequests } from "./guardian-requests.js";


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
const PAGE_CSP_DIRECTIVES = [
  ["default-src", "'self'"],
  ["script-src", "'self' 'wasm-unsafe-eval'"],
  ["style-src", "'self'"],
  ["img-src", "'self' data:"],
  ["font-src", "'self'"],
  ["media-src", "'self'"],
  ["frame-src", "'self'"],
  ["connect-src", "'self'"],
  ["object-src", "'none'"],
  ["base-uri", "'none'"],
  ["form-action", "'self'"],
  ["frame-ancestors", "'self'"],
];
const PAGE_CSP = PAGE_CSP_DIRECTIVES.map((d) => d.join(" ")).join("; ");

/** The directives a site may add sources to (`createEdge({ contentSecurityPolicy })`). */
const SITE_CSP_DIRECTIVES = new Set(["script-src", "style-src", "img-src", "font-src", "media-src", "frame-src", "connect-src"]);

/** The sources the site's worker adds, by directive (`createEdge({ contentSecurityPolicy })`). */
let siteSources = new Map();

/**
 * Reads `createEdge({ contentSecurityPolicy })`: `{directive: [source]}` for the directives of
 * SITE_CSP_DIRECTIVES, each source one token of the CSP grammar. Anything else throws when the
 * worker starts, naming what is wrong.
 */
function useSiteSources(extra) {
  siteSources = new Map();
  if (extra === undefined) return;
  if (typeof extra !== "object" || extra === null || Array.isArray(extra)) {
    throw new TypeError("createEdge: `contentSecurityPolicy` is `{directive: [source]}`, such as {\"script-src\": [\"https://analytics.example\"]}");
  }
  for (const [directive, sources] of Object.entries(extra)) {
    if (!SITE_CSP_DIRECTIVES.has(directive)) {
      throw new TypeError(`createEdge: \`contentSecurityPolicy\` cannot add to \`${directive}\`; it adds to ${[...SITE_CSP_DIRECTIVES].join(", ")}`);
    }
    if (!Array.isArray(sources) || sources.some((s) => typeof s !== "string" || !/^[\x21-\x2b\x2d-\x3a\x3c-\x7e]+$/.test(s))) {
      throw new TypeError(`createEdge: \`contentSecurityPolicy["${directive}"]\` must be a list of sources, each one token without spaces, commas or semicolons`);
    }
    siteSources.set(directive, sources);
  }
}

/**
 * The page's CSP: PAGE_CSP, with the one `<style>` block the edge writes allowed by its hash, the
 * origins of the page's own gated scripts and frames and the hashes of its gated inline scripts
 * (a static file of the site, trusted as its
 * configuration is: they are inert until their purpose is allowed, and must then be able to load),
 * and the sources the site's worker adds.
 */
function pageCsp(style, found) {
  const added = new Map([...siteSources].map(([d, s]) => [d, [...s]]));
  const add = (directive, sources) => added.set(directive, [...(added.get(directive) ?? []), ...sources]);
  if (style) add("style-src", [style.source]);
  if (found?.scriptOrigins.size || found?.scriptHashes.size) add("script-src", [...found.scriptOrigins, ...found.scriptHashes]);
  if (found?.frameOrigins.size) add("frame-src", [...found.frameOrigins]);
  // An <embed> loads under object-src, which is 'none' until a page names one of its own.
  const objects = found?.embedOrigins.size ? [...found.embedOrigins].join(" ") : null;
  return PAGE_CSP_DIRECTIVES.map(([d, base]) =>
    d === "object-src" && objects ? `${d} ${objects}` : [d, base, ...new Set(added.get(d) ?? [])].join(" "),
  ).join("; ");
}

/**
 * The origin of `src` when it names another site over HTTP(S), else null; also null for one the
 * CSP could not carry as one source (a host holding `;`, `,` or a quote, which URL parsing keeps).
 */
function otherOrigin(src) {
  if (!src || !/^(https?:)?\/\//i.test(src.trim())) return null;
  try {
    const { origin } = new URL(src.trim(), "https://assent.invalid");
    if (origin === "https://assent.invalid" || !/^https?:\/\/[A-Za-z0-9.\-[\]:]+$/.test(origin)) return null;
    return origin;
  } catch {
    return null;
  }
}

/** The known versions of the policy, loaded once: `[{version, policy}]`, oldest first. */
function policyVersions(env) {
  const e = setup(env);
  if (!e.versions) {
    e.versions = policyDocuments().filter((d) => d.id === e.current.id).map((d) => ({
      version: d.version,
      published: d.published ?? null,
      policy: d === e.current ? e.policy : loadPolicy(d),
    }));
  }
  return e.versions;
}

/**
 * The compiled files of every version the worker knows, by file name (`assent-seed-1.0.0.core.json`,
 * `assent-seed-1.0.0.en.json`, ...): compiled once per isolate, the version in force first (a page
 * asks for it), the others when a file of theirs is asked for (a page that read an older core just
 * before a new version took force).
 */
function compiledFiles(env, all) {
  const e = setup(env);
  if (!e.compiled) {
    const { core, texts } = compilePolicy(e.current);
    e.compiled = {
      current: core.json,
      // The core's digest names its content: a page revalidates it and gets 304 while it stands.
      etag: `"${JSON.parse(core.json).sha256}"`,
      files: new Map([core, ...texts].map((f) => [f.name, f.json])),
      all: false,
    };
  }
  if (all && !e.compiled.all) {
    for (const d of policyDocuments().filter((d) => d.id === e.current.id && d !== e.current)) {
      const { core, texts } = compilePolicy(d);
      for (const f of [core, ...texts]) e.compiled.files.set(f.name, f.json);
    }
    e.compiled.all = true;
  }
  return e.compiled;
}

/**
 * `GET /v1/policy/compiled/core.json`: the core file of the version in force, which the banner's
 * configuration names; `GET /v1/policy/compiled/<name>`: a file of a known version by the name
 * `assent compile` gives it (the texts files a page fetches beside the core). Trusts nothing of the
 * request but the name, which only selects among the files compiled here.
 */
function compiledFile(request, env, _url, [name]) {
  const reply = (body, cache, more = {}) =>
    new Response(body, { headers: { "content-type": "application/json; charset=utf-8", "cache-control": cache, ...more } });
  if (name === "core.json") {
    // Revalidated on every page: a new version in force must reach the next page at once, or its
    // banner would decide under the old one while the edge gates under the new.
    const { current, etag } = compiledFiles(env, false);
    if (request.headers.get("if-none-match") === etag) {
      return new Response(null, { status: 304, headers: { etag, "cache-control": "no-cache" } });
    }
    return reply(current, "no-cache", { etag });
  }
  const body = compiledFiles(env, false).files.get(name) ?? compiledFiles(env, true).files.get(name);
  if (body === undefined) {
    throw new HttpError(404, "policy.unknown_file", `no compiled policy file ${name}`, {
      hint: "ask for core.json, or a file its policy's compile names: <id>-<version>.core.json or <id>-<version>.<locale>.json",
    });
  }
  // A file named by its version is what that version compiles to.
  return reply(body, "public, max-age=3600");
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
 * `GET /v1/receipts/mine`: the latest receipts of the subject this device's credential names
 * (`{subject, receipts: [jws]}`; none without one): what it chose on any of its devices, and for
 * a child what the guardian's page appended. The banner module takes them for those it kept,
 * verifies them with the published keys, and gates by them. 410 `subject.erased`, with a new
 * subject's cookies, when the subject was erased.
 */
async function mine(request, env) {
  const now = clock(request, env);
  const id = await identity(request, env, now);
  const { subject } = id;
  const headers = { "cache-control": "private, no-store" };
  if (!subject) return json({ subject: null, receipts: [] }, 200, headers);
  const { jws: receipts, erasedAt } = await logFor(env, subject).latestChoices(subject);
  // Erased on another device: this one moves on to a new subject, as it would on a choice.
  if (erasedAt) throw await subjectErased(request, env, { identity: id, context: { now }, erasedAt });
  return json({ subject, receipts }, 200, headers);
}

/** `GET /v1/policy/diff?from=&to=`: the engine's diff of two known versions, older first. */
function diff(env, url) {
  const { from, to } = versionsAsked(env, url);
  return json(engine(() => from.changesTo(to)));
}

/** `GET /policy/changes?from=&to=&lang=`: the same diff as a page for people, written by the engine. */
function changes(request, env, url) {
  const { from, to } = versionsAsked(env, url);
  const page = engine(() => from.changesPage(to, askedLocale(request, url)));
  return htmlPage({
    ...page,
    mainClass: "assent-changes",
    // The language comes from `lang` or, without it, from Accept-Language.
    headers: { "cache-control": "public, max-age=300", vary: "Accept-Language", "content-security-policy": PAGE_CSP },
  });
}

/**
 * The loaded policies of the versions `from` and `to` of the URL (404 for a version this worker
 * does not know). Which may be compared with which is the engine's to say.
 */
function versionsAsked(env, url) {
  const from = url.searchParams.get("from");
  const to = url.searchParams.get("to");
  if (!from || !to) throw invalid("`from` and `to` are required", "e.g. /v1/policy/diff?from=1.0.0&to=1.1.0");
  const known = policyVersions(env);
  const [older, newer] = [from, to].map((v) => {
    const found = known.find((k) => k.version === v);
    if (!found) {
      throw new HttpError(404, "policy.unknown_version", `no policy version ${v} is known here`, {
        hint: `known: ${known.map((k) => k.version).join(", ")}`,
      });
    }
    return found.policy;
  });
  return { from: older, to: newer };
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
 * What the edge reads of a page before sending it, in one pass over its HTML: the text of its
 * `<script type="application/json" id="assent-config">` (or null), its `<html lang>`, whether it
 * has the stub (`<script src=".../assent/stub.js">`) and the address of the package's stylesheet it
 * links for every medium (`<link rel="stylesheet" href=".../assent.css">`, or null).
 */
async function readPage(html) {
  const found = { configText: null, lang: undefined, stub: false, stylesheet: null, scriptOrigins: new Set(), scriptHashes: new Set(), frameOrigins: new Set(), embedOrigins: new Set() };
  const inline = [];
  let text = "";
  const gated = (origins, ...attributes) => ({
    element(el) {
      for (const name of attributes) {
        const origin = otherOrigin(el.getAttribute(name));
        if (origin) origins.add(origin);
      }
    },
  });
  await new HTMLRewriter()
    .on("script[data-purpose]", gated(found.scriptOrigins, "src", "data-src"))
    // A gated inline script runs, once allowed, only by its hash in the page's script-src.
    .on("script[data-purpose]:not([src]):not([data-src])", {
      text(chunk) {
        text += chunk.text;
        if (chunk.lastInTextNode) {
          inline.push(text);
          text = "";
        }
      },
    })
    .on("iframe[data-purpose]", gated(found.frameOrigins, "src", "data-src"))
    .on("embed[data-purpose]", gated(found.embedOrigins, "src", "data-src"))
    .on("html", {
      element(el) {
        found.lang = el.getAttribute("lang") ?? undefined;
      },
    })
    .on("script#assent-config", {
      text(chunk) {
        found.configText = (found.configText ?? "") + chunk.text;
      },
    })
    .on(STUB_SCRIPT, {
      element() {
        found.stub = true;
      },
    })
    .on(STYLESHEET_LINK, {
      element(el) {
        const media = el.getAttribute("media");
        if (found.stylesheet === null && (media === null || media.trim().toLowerCase() === "all")) {
          found.stylesheet = el.getAttribute("href");
        }
      },
    })
    .transform(new Response(html))
    .text();
  // A browser hashes a script's text with its line breaks as LF, whatever the file has.
  for (const source of inline) if (source.trim()) found.scriptHashes.add(await sha256Source(source.replace(/\r\n?/g, "\n")));
  return found;
}

/** The CSP source that allows exactly the inline text `source`: `'sha256-…'`. */
async function sha256Source(source) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(source));
  return `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
}

/** How many bytes of page text an isolate keeps to compare with (pages past it are read again). */
const PAGE_TEXT_BUDGET = 8 * 1024 * 1024;

/**
 * What readPage finds in the page at `path`, read once per isolate for each text the page has (a
 * page's text is compared, not trusted to be the one read before). The texts kept are bounded by
 * PAGE_TEXT_BUDGET, the oldest forgotten first.
 */
async function pageFacts(env, path, html) {
  const e = setup(env);
  e.pages ??= new Map();
  e.pageBytes ??= 0;
  const known = e.pages.get(path);
  if (known?.html === html) return known.found;
  const found = await readPage(html);
  if (known) {
    e.pages.delete(path);
    e.pageBytes -= known.html.length;
  }
  if (html.length <= PAGE_TEXT_BUDGET) {
    while (e.pageBytes + html.length > PAGE_TEXT_BUDGET) {
      const [oldest, kept] = e.pages.entries().next().value;
      e.pages.delete(oldest);
      e.pageBytes -= kept.html.length;
    }
    e.pages.set(path, { html, found });
    e.pageBytes += html.length;
  }
  return found;
}

const STUB_SCRIPT = 'script[src$="assent/stub.js"]';
const STYLESHEET_LINK = 'link[rel="stylesheet"][href$="assent.css"]';

/**
 * The data block the page's stub (`assent/stub.js`) reads, from the engine: Consent Mode's
 * defaults for this visitor's GPC, per region, and whether the page's configuration turns the TCF
 * on. Trusts the page's own configuration (a static file of this site). Without a configuration,
 * nothing; with one the engine refuses, the engine's problem as `#assent-stub-error`, which the
 * stub reports in the console (the page itself is still served).
 */
function stubBlock(policy, context, configText) {
  if (configText === null) return "";
  try {
    return policy.stubHtml(context, configText).html;
  } catch (e) {
    if (e?.name !== "AssentError") throw e;
    const problem = JSON.stringify({ code: e.code, path: e.path, message: e.message, hint: e.hint ?? null });
    return `<script type="application/json" id="assent-stub-error">${problem.replaceAll("<", "\\u003c")}</script>`;
  }
}

/**
 * The package's stylesheet at `href` (a path of this site), as the edge writes it into a page:
 * `{css, source}` (`source`: the CSP source that allows exactly that `<style>` block), or null when
 * it cannot be inlined (another origin, not a file of the site, or text that could end the
 * element). Read from the static files once per isolate, as they change only with a deployment.
 */
function inlineStylesheet(env, url, href) {
  let target;
  try {
    target = new URL(href, url);
  } catch {
    return null;
  }
  if (target.origin !== url.origin) return null;
  const e = setup(env);
  e.stylesheets ??= new Map();
  let entry = e.stylesheets.get(target.pathname);
  if (!entry) {
    entry = (async () => {
      const asset = await env.ASSETS.fetch(new Request(new URL(target.pathname, url.origin), { method: "GET" }));
      // A site that answers every path with its page (an app's fallback) answers a missing
      // stylesheet with HTML, which is not written in as one.
      if (!asset.ok || /^text\/html/i.test(asset.headers.get("content-type") ?? "")) return null;
      // The parser reads line ends as LF: the hash is of the text the browser holds.
      const css = (await asset.text()).replace(/\r\n?/g, "\n");
      if (/<\/style|\0/i.test(css)) return null;
      return { css, source: await sha256Source(css) };
    })();
    // A failed read is tried again by the next page; an answer (null too) holds for the isolate.
    entry.catch(() => e.stylesheets.delete(target.pathname));
    // The stylesheets a site links are few; past the bound the oldest is read again when asked.
    if (e.stylesheets.size >= 64) e.stylesheets.delete(e.stylesheets.keys().next().value);
    e.stylesheets.set(target.pathname, entry);
  }
  // A stylesheet that cannot be read leaves the page's link as it is.
  return entry.catch(() => null);
}


/** The `Sec-Fetch-Dest` values of a document inside another page. */
const FRAME_DESTINATIONS = new Set(["iframe", "frame", "embed", "object"]);

/** What a page without a banner carries of one. */
const NO_BANNER = { html: "", state: "", shown: false, saved: false };

async function page(request, env, url) {
  if (request.method !== "GET" && request.method !== "HEAD") {
    throw new HttpError(405, "request.method", `${request.method} is not allowed here`, {
      headers: { allow: "GET, HEAD" },
    });
  }
  // The path as the static files read it: decoded, so that its type and the checks below see the
  // file that is served (`/index%2ehtml` is `/index.html`). A path that does not decode, or that
  // decodes to one naming another file (an encoded slash, backslash, `%`, `?`, `#` or a control
  // character, which the URL parser drops), is refused.
  let path;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    throw new HttpError(404, "request.not_found", `nothing at ${url.pathname}`);
  }
  if (/%(2f|5c)/i.test(url.pathname) || /[%?#\\\x00-\x1f\x7f]/.test(path)) {
    throw new HttpError(404, "request.not_found", `nothing at ${url.pathname}`);
  }
  if (path.endsWith("/")) path += "index.html";
  // URL parsing has already resolved `..` and turned backslashes into slashes; a path still
  // holding a dot segment, or an empty one (`//x`, which the file lookup below would read as a
  // host), is refused.
  if (path.includes("//") || path.split("/").some((s) => s === ".." || s.startsWith("."))) {
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
  const html = await asset.text();
  const found = await pageFacts(env, path, html);
  // A HEAD request changes nothing: the signal is honoured on the GET, whose answer expires the cookies.
  const gpc = await honourGpc(request, env, url, await visitor(request, env, url), found.lang, request.method === "GET");
  const { who } = gpc;
  const { context } = who;
  const { policy } = setup(env);
  // The gate needs decisions only; the banner writes the reasons in the page's language.
  const evaluation = policy.evaluate(context, { reasons: false });
  // A page loaded into a frame (an embed of this site in another of its pages) is gated but
  // shows no banner: the page around it asks. A browser says where a document goes.
  const framed = FRAME_DESTINATIONS.has(request.headers.get("sec-fetch-dest") ?? "");
  const asked = await guardianAsked(env, who, evaluation.ageBand);
  const banner = framed ? NO_BANNER : bannerFor(request, env, url, context, { ...found, guardianAsked: asked });
  // A dialog open at first paint is painted from the stylesheet written into the page, so the
  // first frame waits on no request; a page with only the "privacy choices" button keeps the link
  // (cached across pages).
  const sheet = found.stylesheet ? await inlineStylesheet(env, url, found.stylesheet) : null;
  const style = banner.shown ? sheet : null;
  // The page differs per visitor: never shared from a cache.
  headers.set("cache-control", "private, no-store");
  headers.set("vary", "Cookie, Sec-GPC");
  // The banner needs nothing inline but its stylesheet, allowed by its hash: its own scripts,
  // compiling its Wasm module and same-origin requests (the policy, the keys, the consent API).
  // Allowed whether or not this page writes it in: a dialog opened later in place comes in the
  // edge's next page, which assent/edge-banner.js parses under this page's policy.
  headers.set("content-security-policy", pageCsp(sheet, found));
  if (request.method === "HEAD") return new Response(null, { status: 200, headers });
  for (const cookie of [...gpc.cookies, ...(await pageViewCookies(request, env, url, who, banner))]) headers.append("set-cookie", cookie);
  return rewrite(new Response(html, { status: 200, headers }), {
    allowed: allowedPurposes(evaluation),
    facts: htmlFacts(env, context, evaluation, asked),
    stub: found.stub ? stubBlock(policy, context, found.configText) : "",
    // The banner, and beside it the visitor's state for the page's script (assent/edge-banner.js).
    banner: banner.html + banner.state,
    style,
  });
}

/**
 * The cookies a page view sets, whether the edge wrote the banner into the page or a static page
 * fetched it (`GET /v1/banner`).
 */
async function pageViewCookies(request, env, url, who, banner) {
  const set = [];
  // What only purposes that may not run now stored is expired, a lapsed consent's as a
  // withdrawn one's (the engine's `cookiesNotAllowed`).
  const found = [...cookies(request).keys()].filter((name) => !isOwnCookie(name));
  if (found.length) set.push(...expireCookies(url, engine(() => setup(env).policy.cookiesNotAllowed(who.context, found))));
  // The status line has said it: once.
  if (banner.saved) set.push(cookieHeader(request, SAVED_COOKIE, "", 0));
  set.push(...expireUnprefixed(request));
  if (who.erasedAt) {
    // The subject was erased on another device: this one moves on to a new subject now.
    set.push(...(await newSubjectCookies(request, env, who.identity.heldLock, who.context.now)));
  } else if (who.subject && who.identity.ageLock && who.identity.issueDevice) {
    // A credential that does not carry its subject's age lock (issued before credentials carried
    // one) is issued again with it on the next page, so that dropping the lock's cookie loosens
    // nothing from then on.
    set.push(await deviceCookie(request, env, who, who.subject, who.context.now));
  }
  return set;
}

/**
 * A page view that carries Global Privacy Control where the visitor's law makes it an opt-out
 * withdraws, by the signal, the consents in force it opts out of (the engine's `gpcWithdrawals`):
 * a receipt whose method is `gpc` goes to the log, listeners hear of it, and the cookies those
 * purposes name are expired, as for any withdrawal (CCPA regulations 7025: the signal is a
 * request to opt out; 7101: its record). `{who, cookies}`: the visitor read again after it, and
 * the `Set-Cookie` values. When another request of the same subject withdrew them first (409),
 * nothing more is recorded: the engine keeps them off whatever the log says.
 */
async function honourGpc(request, env, url, who, lang, records) {
  if (!records || !who.context.gpc || !who.subject || who.erasedAt) return { who, cookies: [] };
  const { policy } = setup(env);
  const opted = engine(() => policy.gpcWithdrawals(who.context));
  if (!opted.length) return { who, cookies: [] };
  const choice = receiptChoice(env, who, { subject: who.subject, locale: policy.texts(lang).locale, method: "gpc", withdraw: opted });
  try {
    const { receipt } = await appendChoice(request, env, who, choice);
    // Heard as the withdrawal it records: from the consents before it, whatever the signal
    // already keeps off (a `reject:` listener deletes what the purpose kept).
    await announce(env, "gpc", { ...who.context, gpc: false }, [receipt]);
  } catch (e) {
    if (!(e instanceof HttpError) || e.status !== 409) throw e;
    return { who: await visitor(request, env, url, who.context.now), cookies: [] };
  }
  return { who: await visitor(request, env, url, who.context.now), cookies: forgetCookies(request, env, url, opted) };
}

/** The values `GET /v1/banner` takes for the banner's look, as a page's configuration names them. */
const BANNER_LOOKS = { layout: new Set(["bar", "box", "modal"]), theme: new Set(["auto", "light", "dark"]) };

/**
 * `GET /v1/banner?page=PATH&lang=TAG&layout=&theme=`: the banner and the visitor's state that the
 * edge writes into a page it serves, as a document of their own, for a page it does not serve (a
 * site's static files on the same origin): assent/edge-banner.js fetches it when its page has no
 * banner of the edge's, and again after each choice. The `<html>` element carries what the edge
 * writes on a page's (jurisdiction, age band, GPC, youth mode). Trusts the visitor's cookies, as
 * every route does. `page` is only where the banner's forms send the visitor back (a path of this
 * site, `/` otherwise); `lang` picks among the policy's languages; `layout` and `theme` take only
 * the values a configuration does. The banner keeps the policy's own words: no words come from a
 * request, so no link to this route makes a banner say other words. Never cached or framed.
 */
async function bannerDocument(request, env, url) {
  const at = new URL(localPath(url.searchParams.get("page") ?? "/"), url.origin);
  const config = { policy: "/v1/policy/compiled/core.json" };
  for (const [name, values] of Object.entries(BANNER_LOOKS)) {
    const value = url.searchParams.get(name);
    if (value === null) continue;
    if (!values.has(value)) throw invalid(`\`${name}\` is not one of ${[...values].join(", ")}`, `leave \`${name}\` out, or use one of them`);
    config[name] = value;
  }
  // A language the policy speaks, whatever the request named (the page-language cache holds those).
  const named = url.searchParams.get("lang");
  const lang = named ? setup(env).policy.texts(named).locale : undefined;
  const gpc = await honourGpc(request, env, url, await visitor(request, env, url), lang, request.method === "GET");
  const { who } = gpc;
  const { context } = who;
  const { policy } = setup(env);
  const evaluation = policy.evaluate(context, { reasons: false });
  const asked = await guardianAsked(env, who, evaluation.ageBand);
  const banner = bannerFor(request, env, at, context, { lang, configText: JSON.stringify(config), guardianAsked: asked });
  const facts = htmlFacts(env, context, evaluation, asked).map(([name, value]) => `${name}="${escape(value)}"`);
  const headers = new Headers({
    "content-type": "text/html; charset=utf-8",
    "x-content-type-options": "nosniff",
    "cache-control": "private, no-store",
    vary: "Cookie, Sec-GPC, Accept-Language",
    // A document for a script to read: nothing in it runs, and no page may frame it.
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'; form-action 'self'",
  });
  if (request.method === "HEAD") return new Response(null, { status: 200, headers });
  for (const cookie of [...gpc.cookies, ...(await pageViewCookies(request, env, url, who, banner))]) headers.append("set-cookie", cookie);
  const body = `<!doctype html>\n<html ${facts.join(" ")}><head><meta charset="utf-8"><title>assent</title></head><body>${banner.html}${banner.state}</body></html>\n`;
  return new Response(body, { status: 200, headers });
}

/**
 * What the edge writes on a page's `<html>` about its visitor (`[[name, value]]`; see rewrite),
 * the same on a page it serves and on the document of `GET /v1/banner`.
 */
function htmlFacts(env, context, evaluation, guardianAsked) {
  const facts = [["data-assent-jurisdiction", context.jurisdiction]];
  if (evaluation.ageBand !== "unknown") facts.push(["data-assent-age-band", evaluation.ageBand]);
  if (context.gpc) facts.push(["data-assent-gpc", "1"]);
  if (evaluation.page.youthMode) facts.push(["data-assent-youth-mode", "on"]);
  if (!sendsToGuardians(env)) facts.push(["data-assent-guardian-mail", "off"]);
  if (guardianAsked) facts.push(["data-assent-guardian-asked", "1"]);
  return facts;
}

/**
 * The page as the edge sends it, in one pass. Gated markup: a `<script data-purpose>` whose
 * purpose is not allowed becomes `type="text/plain"` (its type, if it had one, kept in
 * `data-type`), so the browser neither fetches nor runs it; an `<iframe data-purpose>` (or
 * `<embed>`) not allowed loses its `src` to `data-src`. Both get `data-assent="blocked"`, for the
 * banner that later restores them after consent. `<html>` gets what the edge knows of the visitor
 * and the page cannot: where they are and the age band the engine took from their age lock, as
 * it counts here (`data-assent-jurisdiction`, `data-assent-age-band`), and that the request
 * carried Global Privacy Control (`data-assent-gpc="1"`: the `Sec-GPC` header, which a browser may
 * send without `navigator.globalPrivacyControl`), so the banner's engine decides from the same
 * facts as the edge; and, below the minor age, that youth mode is on
 * (`data-assent-youth-mode="on"`), for the page's styles even without scripts; and, on a site that
 * sends no messages to guardians, `data-assent-guardian-mail="off"`; and, for a child whose
 * request waits for a guardian, `data-assent-guardian-asked="1"`. The stub's data
 * block goes just before the stub's script; the package's stylesheet, when `style` is given,
 * replaces the page's link to it as a `<style data-assent-css>` block (which the module takes for
 * the link); the banner goes before the end of the body.
 */
function rewrite(response, { allowed, facts, stub, banner, style }) {
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
  let styled = false;
  return new HTMLRewriter()
    .on("html", {
      element(el) {
        for (const [name, value] of facts) el.setAttribute(name, value);
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
    .on(STUB_SCRIPT, {
      element(el) {
        if (stub) el.before(stub, { html: true });
      },
    })
    .on(STYLESHEET_LINK, {
      element(el) {
        // The link readPage chose: the first one for every medium.
        if (!style || styled) return;
        const media = el.getAttribute("media");
        if (media !== null && media.trim().toLowerCase() !== "all") return;
        styled = true;
        el.replace(`<style data-assent-css>${style.css}</style>`, { html: true });
      },
    })
    .on("body", {
      element(el) {
        el.onEndTag((end) => {
          end.before(banner, { html: true });
        });
      },
    })
    .transform(response);
}

// ---------------------------------------------------------------------------------------------
// The API.

function optionalString(body, field) {
  if (body[field] === undefined) return undefined;
  if (typeof body[field] !== "string" || body[field] === "") throw invalid(`\`${field}\` must be a non-empty string`);
  return body[field];
}


/**
 * A JSON API body, read by the engine (`consentBody`, `withdrawBody`): its members, typed, or 400
 * naming the member that is wrong and how to fix it.
 */
async function apiBody(request, read) {
  const text = await readJsonText(request);
  try {
    return read(text);
  } catch (e) {
    if (e?.name === "AssentError") fail(e);
    throw e;
  }
}

/**
 * What an API body (as the engine read it) says of its subject, checked against the credential's:
 * a `subject`, or the subject of `previous` (which must verify), is refused unless it is the one
 * the device's credential names. `previous`'s chain link is then the position the caller expects
 * to extend.
 */
function claimedSubject(env, body, who) {
  const notYours = () =>
    new HttpError(403, "request.subject_not_yours", "this device speaks only for the subject the edge issued to it", {
      hint: "leave `subject` out: the edge takes it from this device's credential (the consent cookie)",
    });
  if (body.subject !== undefined && body.subject !== who.subject) throw notYours();
  if (body.previous === undefined) return undefined;
  const { policy, jwks } = setup(env);
  let verified;
  try {
    verified = policy.verifyReceipt(body.previous, jwks, { now: rfc3339(Date.now()) });
  } catch (e) {
    if (e?.name === "AssentError") fail(e);
    throw e;
  }
  if (verified.receipt.subject !== who.subject) throw notYours();
  return chainLink(body.previous);
}

/**
 * Records a choice and answers with the receipt, the device's cookie and the expiry of the
 * cookies of every purpose it withdraws (the JSON API).
 */
async function record(request, env, url, who, choice, expectedPrev) {
  const { receipt, receiptId, logIndex, shard, checkpoint, subject } = await appendChoice(request, env, who, choice, expectedPrev);
  await announce(env, "api", who.context, [receipt]);
  const response = json({ receipt, receiptId, logIndex, shard, checkpoint }, 201, {
    location: `/v1/receipts/${receiptId}`,
    "set-cookie": await deviceCookie(request, env, who, subject, who.context.now),
  });
  for (const cookie of forgetCookies(request, env, url, withdrawnBy([choice]))) response.headers.append("set-cookie", cookie);
  return response;
}

/**
 * The purposes these choices withdraw: the engine records a "no" to a purpose with a consent in
 * force as its withdrawal (`ConsentWithdrawn`), whichever way it was asked.
 */
function withdrawnBy(choices) {
  return choices.flatMap((c) => c.purposes.filter((p) => p.state === "ConsentWithdrawn").map((p) => p.purpose));
}

async function consent(request, env, url) {
  const body = await apiBody(request, consentBody);
  const { locale, method, choices } = body;
  const who = await visitor(request, env, url);
  const expectedPrev = claimedSubject(env, body, who);
  const choice = receiptChoice(env, who, { subject: who.subject ?? newSubject(), locale, method, choices });
  return record(request, env, url, who, choice, expectedPrev);
}

async function withdraw(request, env, url) {
  const body = await apiBody(request, withdrawBody);
  const { purposes } = body;
  const who = await visitor(request, env, url);
  const expectedPrev = claimedSubject(env, body, who);
  // Without a locale, the policy's best match for the browser's languages.
  const locale = body.locale ?? setup(env).policy.texts(askedLocale(request, url)).locale;
  // Without a method, the engine records the withdrawal as made through this API.
  const choice = receiptChoice(env, who, { subject: who.subject ?? newSubject(), locale, method: body.method, withdraw: purposes });
  return record(request, env, url, who, choice, expectedPrev);
}

/**
 * The `Set-Cookie` values that expire the cookies this request carries which the storage entries
 * of the `withdrawn` purposes name (the engine's `cookiesToForget`: never a name another purpose's
 * entry names too, an essential purpose's among them):
 * on the path `/`, for this host and each parent domain a script may have set them for. The
 * banner module deletes them in the page too; a page without scripts, or with
 * assent/edge-banner.js, has only these.
 */
function forgetCookies(request, env, url, withdrawn) {
  if (!withdrawn.length) return [];
  return expireCookies(url, setup(env).policy.cookiesToForget({ withdrawn, found: [...cookies(request).keys()] }));
}

/**
 * The `Set-Cookie` values that expire the cookies `names` on the path `/`, for this host and each
 * parent domain a script may have set them for; never one of the edge's own cookies, whatever a
 * policy's pattern says.
 */
function expireCookies(url, names) {
  names = names.filter((name) => !isOwnCookie(name));
  const host = url.hostname;
  const labels = host.split(".");
  // No Domain for an address: a browser keeps host-only cookies there.
  const domains = /^[\d.]+$|^\[/.test(host) ? [] : labels.slice(0, -1).map((_, i) => labels.slice(i).join("."));
  return names.flatMap((name) => {
    // A prefixed cookie is replaced only by one that keeps its prefix's rules.
    const secure = name.startsWith("__Secure-") || name.startsWith("__Host-") ? "; Secure" : "";
    const expire = `${name}=; Max-Age=0; Path=/${secure}`;
    return name.startsWith("__Host-") ? [expire] : [expire, ...domains.map((d) => `${expire}; Domain=${d}`)];
  });
}

/**
 * The choice a receipt records (the engine's `receiptChoice`): the visitor as the context knows
 * them, each purpose's state, and whether it counts as separate consent.
 */
function receiptChoice(env, who, request) {
  try {
    return setup(env).policy.receiptChoice(who.context, request);
  } catch (e) {
    if (e?.name === "AssentError") fail(e);
    throw e;
  }
}

/** The session cookie of a banner closed without a choice: it does not open by itself again. */
const DISMISSED_COOKIE = "assent_dismissed";
/**
 * The cookie of a choice `/consent/form` has just recorded: the next page says so in the banner's
 * status line, once, and expires it. Set only by the edge's own answer to a post, so a link
 * cannot make a page say a choice was saved.
 */
const SAVED_COOKIE = "assent_saved";
/** The cookie of a minor who read the guardian-guidance notice (a year, as the age lock). */
const GUIDED_COOKIE = "assent_guided";
const GUIDED_SECONDS = 365 * 24 * 3600;

/**
 * `POST /consent/form`: the banner's buttons without JavaScript. The engine says what the button
 * does (`policy.formChoice`: what the page shows next, and what it records by the rule the browser
 * banner follows); the receipts are recorded
 * exactly as `POST /v1/consent` and `/v1/consent/withdraw` record them (same checks, same log,
 * the device's credential), and the visitor goes back to the page (303). "Choose" comes back with
 * the second layer open; "close" keeps the banner closed for the browsing session.
 */
async function consentForm(request, env, url) {
  const form = await readForm(request);
  const action = form.get("action") ?? "";
  const back = localPath(form.get("return") ?? "/");
  const who = await visitor(request, env, url);
  const { policy } = setup(env);
  const locale = policy.texts(form.get("lang") || askedLocale(request, url)).locale;
  const withLayer = (layer) => {
    const target = new URL(back, url.origin);
    target.searchParams.set("assent", layer);
    return target.pathname + target.search;
  };
  const on = [...form.keys()].filter((k) => k.startsWith("p:") && form.get(k) === "on").map((k) => k.slice(2));
  let answer;
  try {
    answer = policy.formChoice(who.context, { action, on });
  } catch (e) {
    if (e?.name === "AssentError") fail(e);
    throw e;
  }
  if (!answer) throw invalid(`\`${action}\` is not a button of the banner`, "accept, reject, choose, save, close, ...");
  // What the page shows next is the engine's answer; the cookies that carry it are this file's.
  if (answer.then === "second_layer") return seeOther(withLayer("second"));
  if (answer.then === "dismissed") return seeOther(back, { "set-cookie": cookieHeader(request, DISMISSED_COOKIE, "1", null) });
  if (answer.then === "guided") return seeOther(back, { "set-cookie": cookieHeader(request, GUIDED_COOKIE, "1", GUIDED_SECONDS) });
  const plan = answer.record;
  const subject = who.subject ?? newSubject();
  const choices = [];
  const base = { subject, locale, method: plan.method };
  if (Object.keys(plan.consent).length) choices.push(receiptChoice(env, who, { ...base, choices: plan.consent }));
  if (plan.withdraw.length) choices.push(receiptChoice(env, who, { ...base, withdraw: plan.withdraw }));
  const receipts = [];
  // The withdrawal on the consent just recorded, when there are both.
  let head;
  for (const choice of choices) {
    const { receipt } = await appendChoice(request, env, who, choice, head);
    receipts.push(receipt);
    head = chainLink(receipt);
  }
  await announce(env, "form", who.context, receipts);
  const response = seeOther(back);
  if (choices.length) {
    response.headers.append("set-cookie", await deviceCookie(request, env, who, subject, who.context.now));
    response.headers.append("set-cookie", cookieHeader(request, SAVED_COOKIE, "1", 60));
  }
  for (const cookie of forgetCookies(request, env, url, withdrawnBy(choices))) response.headers.append("set-cookie", cookie);
  return response;
}

/**
 * The banner as the engine writes it for this visitor (`policy.bannerHtml`), `{html, shown}`, to
 * add before the end of the page's body: the age question, the guardian step, the first layer or
 * an update notice, in the page's own language, with forms that post to the edge, so a first-time
 * visitor is asked at first paint and can answer without JavaScript. The banner module adopts it
 * when it loads. A visitor with nothing to answer gets only the persistent "privacy choices"
 * button (`shown` null). The page's configuration (a static file of this site, trusted as the
 * stub's is) gives the banner's `words`, layout and colour scheme, as it does to the module that
 * adopts the banner, so the first layer says what the module will; one the engine refuses is
 * reported by the stub's error block, and the banner keeps its own words and default look (the
 * visitor is still asked). Also `state`, the visitor's state block for assent/edge-banner.js, and
 * `saved`: whether the status line says a choice was just recorded (the page then expires the
 * cookie that said so).
 */
function bannerFor(request, env, url, context, { lang, configText, guardianAsked: asked = false }) {
  const { policy } = setup(env);
  const jar = ownCookies(request);
  const returnTo = new URL(url);
  returnTo.searchParams.delete("assent");
  const options = {
    action: "/consent/form",
    returnTo: returnTo.pathname + returnTo.search,
    dismissed: jar.get(DISMISSED_COOKIE) === "1",
    guided: jar.get(GUIDED_COOKIE) === "1",
    saved: jar.get(SAVED_COOKIE) === "1",
    locale: pageLocale(env, lang),
  };
  if (!sendsToGuardians(env)) options.noGuardianMail = true;
  if (asked) options.guardianAsked = true;
  if (url.searchParams.get("assent") === "second") {
    options.show = "second";
    // The age question stands in for the choices until it is answered; once it is, the visitor
    // comes back to the choices they asked for.
    options.ageAction = `/age?lang=${encodeURIComponent(options.locale)}&then=second`;
  }
  try {
    return { ...policy.bannerHtml(context, { ...options, pageConfig: configText ?? undefined }), saved: options.saved };
  } catch (e) {
    if (e?.name !== "AssentError" || configText === null) throw e;
    return { ...policy.bannerHtml(context, options), saved: options.saved };
  }
}

/**
 * The policy's locale for a page in `lang` (its `<html lang>`), by the engine's choice; kept per
 * isolate, as the pages' languages are few and the policy is the isolate's.
 */
function pageLocale(env, lang) {
  const e = setup(env);
  e.pageLocales ??= new Map();
  const key = lang ?? "";
  let locale = e.pageLocales.get(key);
  if (locale === undefined) {
    locale = e.policy.texts(lang).locale;
    // A site's pages speak a handful of languages; a bound all the same.
    if (e.pageLocales.size < 64) e.pageLocales.set(key, locale);
  }
  return locale;
}

/**
 * `POST /v1/device/transfer`: this device's subject, moved to another device. Only a device
 * holding the credential gets a transfer credential: single-use, valid for ten minutes, to open
 * (or type) on the other device, whose `POST /v1/device/claim` spends it.
 */
async function transfer(request, env, url) {
  checkFields(await readJson(request), []);
  const now = clock(request, env);
  const who = await identity(request, env, now);
  if (!who.subject) {
    throw new HttpError(403, "device.no_subject", "this device has no subject to move", {
      hint: "a device gets its subject when it records its first choice",
    });
  }
  // An erased subject moves to no device: this one moves on to a new subject instead.
  const erasedAt = await logFor(env, who.subject).erasedAt(await sha256Hex(who.subject));
  if (erasedAt) throw await subjectErased(request, env, { identity: who, context: { now }, erasedAt });
  const nonce = crypto.randomUUID();
  // The subject's age lock goes along: the other device cannot answer the age gate afresh.
  const args = { kind: "transfer", subject: who.subject, now, nonce };
  if (who.ageLock) args.ageLock = who.ageLock;
  const { token, credential } = await issueCredential(env, args);
  return json({ token, expiresAt: credential.expiresAt, claim: "/v1/device/claim" }, 201);
}

/** `POST /v1/device/claim {token}`: this device now speaks for the transfer's subject. */
async function claim(request, env, url) {
  const body = await readJson(request);
  checkFields(body, ["token"]);
  const token = optionalString(body, "token");
  if (token === undefined) throw invalid("`token` is required: the transfer credential from the other device");
  const now = clock(request, env);
  let moved;
  try {
    moved = verifyCredential(token, setup(env).jwks, { now, kind: "transfer" });
  } catch (e) {
    if (e?.name === "AssentError") throw new HttpError(403, e.code, e.message, { hint: e.hint ?? undefined });
    throw e;
  }
  const who = await visitor(request, env, url, now);
  // A claim never loosens the strictest age lock this device holds (the engine's rule); checked
  // before the token is spent, so a refused claim leaves it for another device.
  engine(() =>
    setup(env).policy.checkClaim({ held: who.identity.heldLock ?? null, moved: moved.ageLock?.lock ?? null, jurisdiction: who.context.jurisdiction }),
  );
  const spent = await logFor(env, moved.subject).spendTransfer(await sha256Hex(moved.nonce), moved.expiresAt, await sha256Hex(moved.subject));
  if (spent.erasedAt) {
    throw new HttpError(410, "device.subject_erased", `the subject this transfer credential moves was erased at ${spent.erasedAt}`, {
      hint: "an erased subject moves to no device; this device keeps its own",
    });
  }
  if (!spent.ok) throw new HttpError(409, "device.transfer_spent", "this transfer credential was already used");
  return json({ subject: moved.subject }, 200, {
    "set-cookie": await deviceCookie(request, env, { ...who, subject: null }, moved.subject, now, moved.ageLock ?? undefined),
  });
}

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
  { path: /^\/v1\/policy\/compiled\/([A-Za-z0-9._-]{1,200})$/, methods: { GET: compiledFile } },
  { path: /^\/v1\/policy\/diff$/, methods: { GET: (_r, env, url) => diff(env, url) } },
  { path: /^\/policy\/changes$/, methods: { GET: changes } },
  { path: /^\/v1\/consent$/, methods: { POST: consent } },
  { path: /^\/consent\/form$/, methods: { POST: htmlRoute(consentForm) } },
  { path: /^\/v1\/receipts\/mine$/, methods: { GET: mine } },
  { path: /^\/v1\/banner$/, methods: { GET: bannerDocument } },
  { path: /^\/v1\/consent\/withdraw$/, methods: { POST: withdraw } },
  { path: /^\/v1\/device\/transfer$/, methods: { POST: transfer } },
  { path: /^\/v1\/device\/claim$/, methods: { POST: claim } },
];

async function route(request, env) {
  // A request target that is no URL of this site (`*`, an authority form) names nothing here.
  let url;
  try {
    url = new URL(request.url);
  } catch {
    url = null;
  }
  if (!url?.pathname.startsWith("/")) {
    throw new HttpError(400, "request.target", "the request's target is not a path on this site", { hint: "ask for a path, such as /" });
  }
  // A site whose origin is HTTPS answers plain HTTP for its own host with a redirect and nothing
  // else: over HTTP the edge's cookies carry no __Host- prefix, so anyone on the network could
  // plant one. Another host (a local run of the same settings on localhost) is left alone.
  if (url.protocol === "http:" && env.SITE_ORIGIN?.startsWith("https:") && url.hostname === new URL(env.SITE_ORIGIN).hostname) {
    url.protocol = "https:";
    return new Response(null, { status: 308, headers: { location: url.href, "cache-control": "no-store" } });
  }
  allRoutes ??= [...ROUTES, ...logRoutes(), ...guardianRoutes()];
  for (const r of allRoutes) {
    const match = url.pathname.match(r.path);
    if (!match) continue;
    // HEAD is GET without the body, on every route that answers GET (RFC 9110, 9.3.2).
    const head = request.method === "HEAD" && r.methods.GET;
    const handler = head ? r.methods.GET : r.methods[request.method];
    if (!handler) {
      const allow = Object.keys(r.methods)
        .flatMap((m) => (m === "GET" ? ["GET", "HEAD"] : [m]))
        .join(", ");
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

let allRoutes;

/** The response to `request`: its route's, or the error it ended in (a 500 only for a bug). */
async function answer(request, env) {
  try {
    return await route(request, env);
  } catch (e) {
    if (e instanceof HttpError) return errorResponse(e.status, e.code, e.message, { hint: e.hint, headers: e.headers });
    console.error("assent edge:", e?.stack ?? e);
    return errorResponse(500, "internal.error", "the edge failed to answer; the error is in its log");
  }
}

/**
 * The edge for a site's policy: `{ fetch }`, the default export of the site's worker, which also
 * re-exports `ConsentLog`, `LogHead` and `GuardianRequests` for its Durable Object bindings.
 * `policies`: the published versions of the site's policy, oldest first (JSON modules or text);
 * the POLICY_VERSION binding names the one in force, the oldest without it. `on`: listeners of
 * the consent events (`change`, `accept:<purpose>`, `reject:<purpose>`), called after each
 * receipt is in the log (events.js).
 */
export function createEdge({ policies, on, stylesheet, contentSecurityPolicy } = {}) {
  useSiteSources(contentSecurityPolicy);
  publishPolicies(policies);
  listen(on);
  usePageStylesheet(stylesheet);
  return {
    async fetch(request, env) {
      const response = await answer(request, env);
      // A HEAD request gets the status and headers GET would, never a body (errors included).
      return request.method === "HEAD" && response.body
        ? new Response(null, { status: response.status, statusText: response.statusText, headers: response.headers })
        : response;
    },
  };
}
