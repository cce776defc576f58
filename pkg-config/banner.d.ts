// The banner entry's types: `window.assent` is the same Banner. The entry also exports the engine and
// receipt verification, typed as in index.d.ts.
import type { Banner } from "./assent_banner.js";

export { __API__ } from "./assent_banner.js";
export type { __TYPES__ } from "./assent_banner.js";

/** The banner, or undefined when it could not start (the console says why). */
export declare const banner: Banner | undefined;

declare global {
  interface Window {
    /** The banner on this page, once `banner.js` has started it. */
    assent?: Banner;
  }
}
