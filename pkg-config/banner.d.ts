// The banner entry's types: `window.assent` is the same Banner. The entry also exports the engine and
// receipt verification, typed as in index.d.ts, callable once `load()` (or `run()`) resolved.
import type { Banner } from "./assent_banner.js";
import type { BannerConfig } from "./types.js";

export { __API__ } from "./assent_banner.js";
export type { __TYPES__ } from "./assent_banner.js";
// The values that cross the boundary, generated from the Rust types.
export * from "./types.js";

/** Loads the banner's Wasm module once; the engine functions of this entry work after it. */
export declare function load(): Promise<unknown>;

/**
 * Starts the banner with `config` (without it, the page's `#assent-config`) and resolves to it
 * (also `window.assent`). Rejects outside a browser page, and with an `AssentError` for a bad
 * configuration or a policy that cannot be loaded.
 */
export declare function run(config?: BannerConfig): Promise<Banner>;

/**
 * The banner the page's `#assent-config` started at import, or undefined (no such configuration,
 * not a page, or it could not start: the console says why).
 */
export declare const banner: Promise<Banner | undefined>;

declare global {
  interface Window {
    /** The banner on this page, once it started. */
    assent?: Banner;
  }
}
