// assent/edge-banner.js: the banner of a page that the assent edge serves, with no Wasm and no rule
// of its own. The edge writes the banner into the page (its dialogs are forms that post to the edge,
// so they work without scripts) and, beside it, the visitor's state (`#assent-state`: whether each
// purpose may run, and Google Consent Mode's update once they have chosen). This script spares the
// visitor a page load: it posts a dialog's form itself, reads the page the edge answers with, and
// puts that page's banner, state and gated elements in place of this one's. It decides nothing: a
// script or frame starts when the edge's new page serves it runnable, and when the edge stops a
// purpose whose code already runs here, only a reload stops it, so the page reloads.
// `window.assent` has `state()` and `on("change", fn)` / `off`, which `assent/react` reads.

const d = document;
const UI = "aside[data-assent-ui]";
const GATED = "script[data-purpose], iframe[data-purpose], embed[data-purpose]";
const STATE = "assent-state";
const HTML_FACTS = ["data-assent-jurisdiction", "data-assent-age-band", "data-assent-youth-mode"];

/** The state the edge wrote into `doc`. */
function read(doc) {
  const block = doc.getElementById(STATE);
  try {
    return block ? JSON.parse(block.textContent) : null;
  } catch {
    return null;
  }
}

let state = read(d);
if (!state) {
  console.error(
    `assent/edge-banner.js: no <script type="application/json" id="${STATE}"> in the page. ` +
      "Serve the page through the assent edge, which writes it; a page without the edge loads assent/banner.",
  );
}
const listeners = new Set();
let busy = false;

/** Google Consent Mode's update, when the edge wrote one (the stub installed `gtag`). */
function consentMode() {
  if (state?.consentMode && typeof window.gtag === "function") window.gtag("consent", "update", state.consentMode);
}

/** Starts a gated element the edge now serves runnable: a script as a new element, a frame by its source. */
function release(el) {
  if (el.tagName !== "SCRIPT") {
    el.setAttribute("src", el.getAttribute("data-src") ?? "");
    el.removeAttribute("data-src");
    el.removeAttribute("data-assent");
    return;
  }
  const script = d.createElement("script");
  for (const { name, value } of el.attributes) {
    if (name !== "type" && name !== "data-type" && name !== "data-assent") script.setAttribute(name, value);
  }
  const type = el.getAttribute("data-type");
  if (type) script.setAttribute("type", type);
  script.text = el.text;
  el.replaceWith(script);
}

/** Focus after a swap: the heading of a dialog that opened, else the button that reopens one. */
function focusIn(ui, hadFocus) {
  const title = ui.querySelector("[role=dialog] #assent-title");
  if (title) title.focus();
  else if (hadFocus) ui.querySelector(".assent-reopen")?.focus();
}

/**
 * Puts the edge's new page `next` in place of this one's banner, state and gated elements; false
 * when `next` is not this page as the edge serves it now (then the caller goes there).
 */
function adopt(next) {
  const fresh = next.querySelector(UI);
  const mine = d.querySelector(UI);
  const now = [...d.querySelectorAll(GATED)];
  const then = [...next.querySelectorAll(GATED)];
  if (!fresh || !mine || now.length !== then.length) return false;
  const blocked = (el) => el.getAttribute("data-assent") === "blocked";
  if (now.some((el, i) => !blocked(el) && blocked(then[i]))) {
    // Code of a purpose the edge has now stopped already runs on this page.
    location.reload();
    return true;
  }
  for (const name of HTML_FACTS) {
    const value = next.documentElement.getAttribute(name);
    if (value === null) d.documentElement.removeAttribute(name);
    else d.documentElement.setAttribute(name, value);
  }
  const hadFocus = mine.contains(d.activeElement);
  mine.replaceWith(d.adoptNode(fresh));
  const block = next.getElementById(STATE);
  const old = d.getElementById(STATE);
  if (block && old) old.replaceWith(d.adoptNode(block));
  else if (block) fresh.after(d.adoptNode(block));
  const before = JSON.stringify(state);
  state = read(d);
  now.forEach((el, i) => {
    if (blocked(el) && !blocked(then[i])) release(el);
  });
  focusIn(fresh, hadFocus);
  consentMode();
  if (JSON.stringify(state) !== before) {
    for (const fn of listeners) fn(structuredClone(state));
  }
  return true;
}

/**
 * Where `form` posts. Read from its attribute: the banner's buttons are named `action`, so the
 * form's `action` property is those buttons, not the address.
 */
const target = (form) => new URL(form.getAttribute("action") ?? "", location.href);

/**
 * Posts `form` as the browser would (with `submitter`'s name and value, or the button `action`),
 * and adopts the page the edge answers with; true when done, false when the edge refused it.
 */
async function post(form, submitter, action) {
  const body = new URLSearchParams(new FormData(form, submitter));
  if (action) body.set("action", action);
  const response = await fetch(target(form), { method: "POST", body, credentials: "same-origin" });
  if (!response.ok) return false;
  const url = new URL(response.url);
  const html = (response.headers.get("content-type") ?? "").startsWith("text/html");
  if (url.origin !== location.origin || url.pathname !== location.pathname || !html) {
    // The edge answered with another page (a guardian's step, say): go there.
    location.assign(url.href);
    return true;
  }
  if (!adopt(new DOMParser().parseFromString(await response.text(), "text/html"))) location.assign(url.href);
  return true;
}

/**
 * Sends `form` through `post`, one form at a time. When the edge refuses it or cannot be reached,
 * the browser posts the form itself and shows the edge's answer, as it does without scripts.
 */
function send(form, submitter, action) {
  if (busy) return;
  busy = true;
  const ui = form.closest(UI);
  ui.setAttribute("aria-busy", "true");
  post(form, submitter, action)
    .catch(() => false)
    .then((done) => {
      busy = false;
      ui.removeAttribute("aria-busy");
      if (done) return;
      form.dataset.assentNative = "";
      if (action) {
        const button = Object.assign(d.createElement("button"), { type: "submit", name: "action", value: action, hidden: true });
        form.append(button);
        submitter = button;
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

// A modal dialog keeps focus until it is answered or closed. Escape closes the dialog (in a modal
// one, or with focus in a bar or box; the page's own keys go on working) as the edge closes it
// without a choice: nothing optional runs, and it does not open by itself again this session. The
// guidance notice has one way on, to the banner, and Escape takes it.
d.addEventListener("keydown", (event) => {
  const dialog = d.querySelector(`${UI} [role=dialog]`);
  if (!dialog) return;
  const modal = dialog.getAttribute("aria-modal") === "true";
  if (event.key === "Escape" && (modal || dialog.contains(d.activeElement))) {
    event.preventDefault();
    const onward = dialog.querySelector('button[name=action][value="guidance-continue"]');
    const reopen = d.querySelector(`${UI} .assent-reopen`)?.form;
    if (onward) onward.click();
    else if (reopen) send(reopen, undefined, "close");
    return;
  }
  if (event.key !== "Tab" || !modal) return;
  const stops = [...dialog.querySelectorAll("a[href], button, input, select, textarea")].filter(
    (el) => !el.disabled && el.getClientRects().length > 0,
  );
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
  /** The visitor's state as the edge served it: `{purposes: {purpose: boolean}, consentMode}`. */
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
consentMode();
const opened = d.querySelector(`${UI} [role=dialog][aria-modal=true] #assent-title`);
if (opened) opened.focus();
d.dispatchEvent(new CustomEvent("assent:ready"));
