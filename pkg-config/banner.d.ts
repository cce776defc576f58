// The banner entry's types: `window.assent` is the same Banner.
import type { Banner } from "./assent.js";

export type { Banner, BannerConfig, BannerOptions, BannerState } from "./assent.js";

/** The banner, or undefined when it could not start (the console says why). */
export declare const banner: Banner | undefined;

declare global {
  interface Window {
    /** The banner on this page, once `banner.js` has started it. */
    assent?: Banner;
  }
}
