// The package's `assent/react` entry: the banner's answers in React. `useConsent(purpose)` is
// whether the engine lets the purpose run now, kept up to date by the banner's `change` event;
// `<Consent purpose>` renders its children only then. They decide nothing: the banner (its Wasm
// engine) does. Before the banner has started, and on a server, every purpose is not allowed.
import { createElement, Fragment, useEffect, useState } from "react";

/** The banner on this page once it has started: resolves `window.assent`. */
function started() {
  if (typeof window === "undefined") return new Promise(() => {});
  if (window.assent) return Promise.resolve(window.assent);
  return new Promise((resolve) => {
    document.addEventListener("assent:ready", () => resolve(window.assent), { once: true });
  });
}

/** Whether `purpose` may run now (false until the banner has started, and on a server). */
export function useConsent(purpose) {
  const [allowed, setAllowed] = useState(false);
  useEffect(() => {
    let banner;
    let live = true;
    const listener = (state) => setAllowed(state.purposes[purpose] === true);
    started().then((b) => {
      if (!live) return;
      banner = b;
      // Throws an AssentError for a purpose the policy does not have: the mistake is the page's.
      banner.on("change", listener);
      listener(banner.state());
    });
    return () => {
      live = false;
      banner?.off("change", listener);
    };
  }, [purpose]);
  return allowed;
}

/** Renders `children` only while `purpose` may run; `fallback` (or nothing) otherwise. */
export function Consent({ purpose, fallback = null, children }) {
  return createElement(Fragment, null, useConsent(purpose) ? children : fallback);
}
