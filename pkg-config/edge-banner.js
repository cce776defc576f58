// assent/edge-banner.js: the banner of a page that the assent edge serves, with no Wasm and no rule
// of its own. The edge writes the banner into the page (its dialogs are forms that post to the edge,
// so they work without scripts) and, right after it, the visitor's state (`#assent-state`: whether
// each purpose may run, and Google Consent Mode's update once they have chosen). This script spares
// the visitor a page load: it posts a dialog's form itself, reads the page the edge answers with,
// and puts that page's banner and state in place of this one's. A page the edge does not serve (a
// static file on the same origin, whose configuration names the edge: `{"edge": "/"}`) gets the
// same banner and state from the edge's `GET /v1/banner`, at first and after each choice. It
// decides nothing:
// - the storage of a purpose that may not run (refused, withdrawn, never answered, lapsed), as
//   the state lists it, is deleted;
// - a gated script or frame (`data-purpose`, inert as the edge served it or as the page wrote it:
//   a `text/plain` script, a frame with `data-src`) starts when the state says its purpose may
//   run; when the state stops a purpose whose code already runs, only a reload stops it, so the
//   page reloads;
// - Escape posts the button the edge's markup names for the dialog (`data-assent-escape`).
// `window.assent` has `state()` and `on("change", fn)` / `off`, which `assent/react` reads.

const d = document;
const UI = "aside[data-assent-ui]";
const STATE = "assent-state";
const GATED = "script[data-purpose], iframe[data-purpose], embed[data-purpose]";
const HTML_FACTS = ["data-assent-jurisdiction", "data-assent-age-band", "data-assent-youth-mode", "data-assent-guardian-asked"];
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/**
 * The banner the edge wrote into `doc` and its state: the last banner of the body (the edge writes
 * it at the end), and the data block right after it. Nothing else in a page can stand for them.
 */
function served(doc) {
  const ui = [...doc.querySelectorAll(UI)].pop() ?? null;
  const block = ui?.nextElementSibling;
  let state = null;
  if (block?.id === STATE && block.localName === "script" && block.type === "application/json") {
    try {
      state = JSON.parse(block.textContent);
    } catch {}
  }
  return { ui, block: state ? block : null, state };
}

/**
 * Where this page's banner comes from when the edge did not write it in: a static page of the same
 * origin names the edge in its configuration (`{"edge": "/"}`), and the edge's `GET /v1/banner`
 * answers with the banner and state it would have written. Null for a page the edge served, or
 * with no configuration naming an edge of this origin.
 */
function bannerSource() {
  if (served(d).state) return null;
  let config;
  try {
    config = JSON.parse(d.getElementById("assent-config")?.textContent ?? "null");
  } catch {
    config = null;
  }
  if (typeof config?.edge !== "string") return null;
  const source = new URL("v1/banner", new URL(config.edge.endsWith("/") ? config.edge : `${config.edge}/`, location.href));
  if (source.origin !== location.origin) {
    console.error(`assent/edge-banner.js: the edge ${source.origin} is not this page's origin; its cookies are the visitor's credential, so it must be`);
    return null;
  }
  for (const name of ["layout", "theme"]) if (typeof config[name] === "string") source.searchParams.set(name, config[name]);
  const lang = d.documentElement.getAttribute("lang");
  if (lang) source.searchParams.set("lang", lang);
  return source;
}

const source = bannerSource();
let { state } = served(d);
// A page in a frame gets no banner from the edge (the page around it asks), and its gates are
// already the edge's: nothing to say.
if (!state && !source && window.self === window.top) {
  console.error(
    `assent/edge-banner.js: no <script type="application/json" id="${STATE}"> after the banner. ` +
      'Serve the page through the assent edge, which writes both, or name the edge in the page\'s configuration ({"edge": "/"}); a page without an edge loads assent/banner.',
  );
}
const listeners = new Set();
let busy = false;

const allowed = (el) => state?.purposes?.[el.getAttribute("data-purpose")] === true;
/** Whether a gated element is inert as served: a script that is not run, a frame without its source. */
const inert = (el) =>
  el.localName === "script" ? (el.getAttribute("type") ?? "").toLowerCase() === "text/plain" : !el.hasAttribute("src");

/** Starts a gated element: a script as a new element, in the page's order; a frame by its source. */
function release(el) {
  if (el.localName !== "script") {
    const src = el.getAttribute("data-src");
    if (src === null) return;
    el.setAttribute("src", src);
    el.removeAttribute("data-src");
    el.setAttribute("data-assent", "released");
    return;
  }
  const script = d.createElement("script");
  for (const { name, value } of el.attributes) {
    if (!["type", "data-type", "data-src", "data-assent"].includes(name)) script.setAttribute(name, value);
  }
  const type = el.getAttribute("data-type");
  if (type && type.toLowerCase() !== "text/plain") script.setAttribute("type", type);
  // A script inserted by a script runs as soon as it loads unless told otherwise.
  script.async = false;
  const src = el.getAttribute("data-src");
  if (src !== null) script.src = src;
  else if (!el.hasAttribute("src")) script.text = el.text;
  script.setAttribute("data-assent", "released");
  el.replaceWith(script);
}

/** Starts what the state allows; false when it stops a purpose whose code already runs here. */
function gate() {
  const gated = [...d.querySelectorAll(GATED)];
  if (gated.some((el) => !inert(el) && !allowed(el))) return false;
  for (const el of gated) if (inert(el) && allowed(el)) release(el);
  return true;
}

/**
 * Deletes what the state says to forget (the storage of purposes that may not run now):
 * the local and session storage keys it names, a trailing `*` a prefix, and IndexedDB databases
 * named exactly.
 */
function forget() {
  for (const { kind, name } of state?.forget ?? []) {
    const prefix = name.endsWith("*") ? name.slice(0, -1) : null;
    try {
      if (kind === "indexedDb") {
        if (prefix === null) indexedDB.deleteDatabase(name);
        continue;
      }
      const store = { localStorage, sessionStorage }[kind];
      for (const key of store ? Object.keys(store) : []) {
        if (prefix === null ? key === name : key.startsWith(prefix)) store.removeItem(key);
      }
    } catch {
      // Storage the browser does not give this page holds nothing to delete.
    }
  }
}

/** Google Consent Mode's update, when the edge wrote one (the stub installed `gtag`). */
function consentMode() {
  if (state?.consentMode && typeof window.gtag === "function") window.gtag("consent", "update", state.consentMode);
}

/** Focuses the heading of the dialog open in `ui`; true when there is one. */
function focusDialog(ui) {
  const title = ui?.querySelector("[role=dialog] #assent-title");
  title?.focus();
  return !!title;
}

/**
 * Makes the banner `mine` the edge's new one, `fresh`: its attributes and content, but its status
 * line stays the element it is (the live region assistive technology watches) and takes the new
 * one's words, so what the edge says there is announced. Returns the banner.
 */
function swap(mine, fresh) {
  const status = mine.querySelector(":scope > [role=status]");
  const said = fresh.querySelector(":scope > [role=status]");
  if (!status || !said) {
    mine.replaceWith(d.adoptNode(fresh));
    return fresh;
  }
  for (const { name } of [...mine.attributes]) if (!fresh.hasAttribute(name)) mine.removeAttribute(name);
  for (const { name, value } of fresh.attributes) mine.setAttribute(name, value);
  for (const node of [...mine.childNodes]) if (node !== status) node.remove();
  for (const node of [...fresh.childNodes]) if (node !== said) status.before(d.adoptNode(node));
  status.replaceChildren(...[...said.childNodes].map((n) => d.adoptNode(n)));
  return mine;
}

/**
 * Puts the edge's new page `next` in place of this one's banner and state, and starts what it
 * allows; false when `next` has no banner and state of the edge's (the caller goes to it).
 */
function adopt(next) {
  const fresh = served(next);
  const mine = served(d);
  if (!fresh.state || !mine.ui) return false;
  const before = JSON.stringify(state);
  state = fresh.state;
  for (const name of HTML_FACTS) {
    const value = next.documentElement.getAttribute(name);
    if (value === null) d.documentElement.removeAttribute(name);
    else d.documentElement.setAttribute(name, value);
  }
  const hadFocus = mine.ui.contains(d.activeElement);
  const ui = swap(mine.ui, fresh.ui);
  if (mine.block) mine.block.replaceWith(d.adoptNode(fresh.block));
  else ui.after(d.adoptNode(fresh.block));
  forget();
  if (!gate()) {
    // Code of a purpose the edge has now stopped already runs on this page. The reloaded page
    // says again what the edge said in the status line (the session history keeps it).
    const said = ui.querySelector("[role=status]")?.textContent;
    if (said) history.replaceState({ ...history.state, assentStatus: said }, "");
    location.reload();
    return true;
  }
  if (!focusDialog(ui) && hadFocus) ui.querySelector(".assent-reopen")?.focus();
  consentMode();
  if (JSON.stringify(state) !== before) {
    for (const fn of listeners) {
      try {
        fn(structuredClone(state));
      } catch (e) {
        reportError(e);
      }
    }
  }
  return true;
}

/**
 * The edge's banner for this static page, as it would be at `page` (a path of this page's, with
 * the query the edge sends the visitor back with): a document, or null when the edge did not
 * answer with one.
 */
async function fetchBanner(page) {
  const url = new URL(source);
  url.searchParams.set("page", page);
  const response = await fetch(url, { credentials: "same-origin", headers: { accept: "text/html" } });
  if (!response.ok || !(response.headers.get("content-type") ?? "").startsWith("text/html")) {
    console.error(`assent/edge-banner.js: ${url.pathname} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    return null;
  }
  return new DOMParser().parseFromString(await response.text(), "text/html");
}

/**
 * Where `form` posts. Read from its attribute: the banner's buttons are named `action`, so the
 * form's `action` property is those buttons, not the address.
 */
const target = (form) => new URL(form.getAttribute("action") ?? "", location.href);

/**
 * Posts `form` as the browser would (with `submitter`'s name and value, or the button `action`)
 * and adopts the page the edge answers with. `"done"`; `"refused"` when the edge answered the
 * post itself with an error, which then recorded nothing.
 */
async function post(form, submitter, action) {
  const body = new URLSearchParams(new FormData(form, submitter));
  if (action) body.set("action", action);
  const response = await fetch(target(form), { method: "POST", body, credentials: "same-origin" });
  if (!response.redirected && !response.ok) return "refused";
  const url = new URL(response.url);
  // After the edge's 303, the post is done: whatever the page it leads to, never post again.
  try {
    const html = (response.headers.get("content-type") ?? "").startsWith("text/html");
    const here = url.origin === location.origin && url.pathname === location.pathname;
    if (source && response.redirected && here) {
      // A static page is the same file whatever was chosen (and its host's answer is not the
      // edge's): the edge's banner for it is the answer.
      const next = await fetchBanner(url.pathname + url.search);
      if (next && adopt(next)) return "done";
    } else if (response.ok && html && here) {
      if (adopt(new DOMParser().parseFromString(await response.text(), "text/html"))) return "done";
    }
  } catch (e) {
    reportError(e);
  }
  // Another page (a guardian's step, say), or one this script cannot adopt: go there.
  location.assign(url.href);
  return "done";
}

/**
 * Sends `form` through `post`, one post at a time (a press while one is under way is dropped:
 * the page it leads to is about to replace the buttons). When the edge refuses the post or cannot
 * be reached, the browser posts the form itself and shows the edge's answer, as without scripts.
 */
function send(form, submitter, action) {
  if (busy) return;
  busy = true;
  const ui = form.closest(UI);
  ui.setAttribute("aria-busy", "true");
  post(form, submitter, action)
    .catch(() => "refused")
    .then((outcome) => {
      busy = false;
      ui.removeAttribute("aria-busy");
      if (outcome === "done") return;
      form.dataset.assentNative = "";
      if (action) {
        submitter = Object.assign(d.createElement("button"), { type: "submit", name: "action", value: action, hidden: true });
        form.append(submitter);
      }
      form.requestSubmit(submitter);
    });
}

d.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.closest(UI) || form.dataset.assentNative !== undefined) return;
  if (form.getAttribute("method")?.toLowerCase() !== "post" || target(form).origin !== location.origin) return;
  event.preventDefault();
  send(form, event.submitter ?? undefined);
});

// A modal dialog keeps focus until it is answered or closed. Escape (in a modal dialog, or with
// focus in a bar or box: the page's own keys go on working) posts the button the edge's markup
// names for the dialog, through the banner's own form.
d.addEventListener("keydown", (event) => {
  const { ui } = served(d);
  const dialog = ui?.querySelector("[role=dialog]");
  if (!dialog) return;
  const modal = dialog.getAttribute("aria-modal") === "true";
  if (event.key === "Escape" && (modal || dialog.contains(d.activeElement))) {
    const escape = dialog.getAttribute("data-assent-escape");
    const form = ui.querySelector(".assent-reopen")?.form;
    if (escape && form) {
      event.preventDefault();
      send(form, undefined, escape);
    }
    return;
  }
  if (event.key !== "Tab" || !modal) return;
  const stops = [...dialog.querySelectorAll(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
  if (stops.length === 0) return;
  const first = stops[0];
  const last = stops[stops.length - 1];
  const at = d.activeElement;
  if (!dialog.contains(at)) {
    event.preventDefault();
    first.focus();
  } else if (event.shiftKey && (at === first || !stops.includes(at))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && at === last) {
    event.preventDefault();
    first.focus();
  }
});

window.assent = Object.freeze({
  /** The visitor's state as the edge served it: `{purposes: {purpose: boolean}, consentMode, forget}`. */
  state: () => structuredClone(state ?? { purposes: {}, consentMode: null }),
  /** Calls `fn(state)` after every change the edge answers with. */
  on(event, fn) {
    if (event !== "change") {
      throw new TypeError(
        `assent/edge-banner.js tells "change" only, not "${event}": read state().purposes in its listener, or load assent/banner for accept: and reject: events`,
      );
    }
    listeners.add(fn);
  },
  /** Stops calling `fn`. */
  off(event, fn) {
    listeners.delete(fn);
  },
});
/** Starts the page by its state: what it allows runs, what may not run is forgotten. */
function start() {
  if (!state) return;
  forget();
  gate();
  consentMode();
  focusDialog(served(d).ui);
  // What the status line said before this page reloaded itself, said again once it is live.
  const said = history.state?.assentStatus;
  const status = served(d).ui?.querySelector("[role=status]");
  if (said && status) {
    history.replaceState({ ...history.state, assentStatus: undefined }, "");
    setTimeout(() => {
      const line = d.createElement("p");
      line.textContent = said;
      status.replaceChildren(line);
    }, 100);
  }
}

/**
 * A static page's banner, from the edge: put at the end of the body, with the facts the edge
 * writes on `<html>`. In a frame only its state is taken (the page around it asks).
 */
async function fetchOwnBanner() {
  const next = await fetchBanner(location.pathname + location.search);
  const fresh = next && served(next);
  if (!fresh?.state) return;
  state = fresh.state;
  for (const name of [...HTML_FACTS, "data-assent-gpc", "data-assent-guardian-mail"]) {
    const value = next.documentElement.getAttribute(name);
    if (value !== null) d.documentElement.setAttribute(name, value);
  }
  if (window.self === window.top) d.body.append(d.adoptNode(fresh.ui), d.adoptNode(fresh.block));
}

if (source) {
  fetchOwnBanner()
    .catch((e) => console.error("assent/edge-banner.js: the edge's banner could not be fetched; optional scripts stay inert:", e))
    .finally(() => {
      start();
      d.dispatchEvent(new CustomEvent("assent:ready"));
    });
} else {
  start();
  d.dispatchEvent(new CustomEvent("assent:ready"));
}
