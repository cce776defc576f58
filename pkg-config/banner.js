// The banner entry. A page includes this file (and, for no flash of unstyled content, links
// assent.css itself), and the banner starts from the page's configuration,
// <script type="application/json" id="assent-config">. Nothing here decides anything: the Rust
// core does; this only hands it gtag's queue function and the stylesheet's address.
//
// Its module holds the engine and receipt verification too, and this entry exports all of it, so a
// page with the banner that also asks the engine loads one module, not two.
import init, { startBanner } from "./assent_banner.js";

await init({ module_or_path: new URL("./assent_banner_bg.wasm", import.meta.url) });

export { __API__ } from "./assent_banner.js";

// gtag's own queue function, for pages without window.gtag: Google's tags read the `arguments`
// object itself from window.dataLayer, not an array, so it has to be a plain function.
function gtag() {
  (window.dataLayer = window.dataLayer || []).push(arguments);
}

/** The banner (also `window.assent`), or undefined when it could not start. */
export const banner = await startBanner({ stylesheet: new URL("./assent.css", import.meta.url).href, gtag }).catch(
  (error) => {
    // Gated scripts stay inert: failing to start never lets anything optional run.
    console.error("assent: the banner did not start:", error);
    return undefined;
  },
);
