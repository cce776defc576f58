// The banner entry. A page that includes this file with its configuration in
// <script type="application/json" id="assent-config"> gets the banner started; an app calls
// `run(config)` instead, when and where it wants the banner. Importing it never starts anything
// without one of the two, and never touches the DOM or the network outside a page, so a
// server-rendering framework may import it on the server. Nothing here decides anything: the Rust
// core does; this only hands it gtag's queue function and the stylesheet's address.
//
// No top-level await: a bundler targeting browsers without it (and an app's own module, which
// would wait for the banner's network requests) would otherwise stop at this import.
//
// Its module holds the engine too, and this entry exports all of it (ready once `load()` or
// `run()` resolved), so a page with the banner that also asks the engine loads one module, not
// two. Receipt verification is a module of its own, imported only when there is a receipt to
// verify: a first visit never downloads it.
import init, { startBanner } from "./assent_banner.js";

export { __API__ } from "./assent_banner.js";

// gtag's own queue function, for pages without window.gtag: Google's tags read the `arguments`
// object itself from window.dataLayer, not an array, so it has to be a plain function.
function gtag() {
  (window.dataLayer = window.dataLayer || []).push(arguments);
}

let loading;

/**
 * Where the edge already wrote the banner into the page, resolves once the browser has painted
 * it, so that compiling the Wasm module never competes with the banner's first frame; elsewhere at
 * once. The edge's banner works without the module (its buttons are forms), so nothing waits on it.
 */
function firstPaint() {
  if (!document.querySelector("aside.assent[data-assent-ui]")) return Promise.resolve();
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

// The ad-tech module (__tcfapi, __gpp, the TC and GPP strings, the vendor list), imported only
// when the banner's module asks for it: on a page with TCF settings, once the banner is drawn. A
// site without ad tech never downloads it.
function adSignals() {
  return import("./assent_adtech.js").then(async (m) => {
    await m.default({ module_or_path: new URL("./assent_adtech_bg.wasm", import.meta.url) });
    return m;
  });
}

let verifying;

// The receipts module (every rule of verification, in Rust, with the signatures checked by the
// browser's WebCrypto), imported once, when the banner has a receipt to verify or the page calls
// one of the functions below.
function receipts() {
  verifying ??= import("./assent_receipts.js")
    .then(async (m) => {
      await m.default({ module_or_path: new URL("./assent_receipts_bg.wasm", import.meta.url) });
      return m;
    })
    .catch((error) => {
      // A failed fetch is tried again the next time a receipt needs checking.
      verifying = undefined;
      throw error;
    });
  return verifying;
}

/**
 * Verifies a receipt with the site's published keys: every check, as the node entry's
 * `verifyReceipt`; with `policy` (a compiled policy's `source`), a receipt of its version must
 * carry its hash.
 */
export async function verifyReceipt(jws, jwks, options, policy) {
  return (await receipts()).verifyReceipt(jws, jwks, options, policy);
}

/** The consents recorded by the receipts that verify; the others are listed as rejected. */
export async function consentsFromReceipts(jwsList, jwks, options, policy) {
  return (await receipts()).consentsFromReceipts(jwsList, jwks, options, policy);
}

/** What the subject's next receipt puts in `prev`: the hex SHA-256 of this receipt's JWS. */
export async function chainLink(jws) {
  return (await receipts()).chainLink(jws);
}

/** Loads the banner's Wasm module (once); the engine functions of this entry work after it. */
export function load() {
  loading ??= init({ module_or_path: new URL("./assent_banner_bg.wasm", import.meta.url) });
  return loading;
}

/** The configuration `run` was given, or the page's, as an object; undefined where it cannot be read here (the module then reads it and says what is wrong). */
function configOf(config) {
  try {
    const given = config ?? document.getElementById("assent-config")?.textContent;
    return typeof given === "string" ? JSON.parse(given) : given;
  } catch {
    return undefined;
  }
}

/** Sends `url`'s request now; a failed one is reported when the module reads the answer, never as an unhandled rejection. */
function request(url, init) {
  const sent = fetch(url, init);
  sent.catch(() => {});
  return sent;
}

/**
 * The request for the compiled policy's core file, sent while the module compiles: the banner
 * needs both before it can decide anything.
 */
function requestCore(config) {
  return typeof config?.policy === "string" ? request(config.policy) : undefined;
}

/** How long the consent service has to answer what its log holds for this device. */
const LOGGED_WITHIN_MS = 10_000;

/**
 * With a consent service (`edge`), the request for what its log holds for this device, sent
 * while the module compiles: a returning visitor's choices. Its answer, body included, must come
 * within LOGGED_WITHIN_MS (the module's own loading does not count against it): without one the
 * module trusts nothing the browser kept.
 */
function requestLogged(config) {
  if (typeof config?.edge !== "string") return undefined;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), LOGGED_WITHIN_MS);
  const sent = fetch(`${config.edge.replace(/\/+$/, "")}/v1/receipts/mine`, { signal: controller.signal })
    .then(async (r) => new Response(await r.text(), { status: r.status, statusText: r.statusText, headers: r.headers }))
    .finally(() => clearTimeout(timer));
  // The module reports a failed request when it reads the answer; until then it is not lost.
  sent.catch(() => {});
  return sent;
}

/**
 * Starts the banner with `config` (`{policy, edge, ...}`; without it, the page's
 * #assent-config) and resolves to it (also `window.assent`). In a page only.
 */
export async function run(config) {
  if (typeof document === "undefined") {
    throw new TypeError("assent: the banner runs in a browser page; on a server, import the engine from \"assent\"");
  }
  await firstPaint();
  const given = configOf(config);
  const core = requestCore(given);
  const logged = requestLogged(given);
  await load();
  return startBanner({ config, core, logged, stylesheet: new URL("./assent.css", import.meta.url).href, gtag, adSignals, receipts });
}

/**
 * The banner the page's #assent-config started, or undefined (no such page, or it could not
 * start: the console says why, and gated scripts stay inert).
 */
export const banner =
  typeof document !== "undefined" && document.getElementById("assent-config")
    ? run().catch((error) => {
        console.error("assent: the banner did not start:", error);
        return undefined;
      })
    : Promise.resolve(undefined);
