// The banner entry's types: `window.assent` is the same Banner. The entry also exports the engine,
// typed as in index.d.ts, callable once `load()` (or `run()`) resolved, and receipt verification,
// whose functions import its own module when first called.
import type { Banner, Jwks } from "./assent_banner.js";
import type { BannerConfig, ConsentsFromReceipts, SourcePolicy, VerifiedReceipt, VerifyOptions } from "./types.js";

export { __API__ } from "./assent_banner.js";
export type { __TYPES__ } from "./assent_banner.js";
// The values that cross the boundary, generated from the Rust types.
export * from "./types.js";

/**
 * Verifies a receipt (compact JWS) with the site's published keys, as the node entry's
 * `verifyReceipt` does, the signature checked by the browser's WebCrypto (or, where it has no
 * Ed25519, a fallback module fetched then). With `policy` (a compiled policy's `source`), a
 * receipt of its version must carry its hash. Rejects with an `AssentError` naming the failed
 * check.
 */
export declare function verifyReceipt(
  jws: string,
  jwks: Jwks | string,
  options: VerifyOptions,
  policy?: SourcePolicy,
): Promise<VerifiedReceipt>;

/**
 * The consents recorded by the receipts that verify (checked as `verifyReceipt` checks them); the
 * others are listed as rejected and never trusted.
 */
export declare function consentsFromReceipts(
  jwsList: string[],
  jwks: Jwks | string,
  options: VerifyOptions,
  policy?: SourcePolicy,
): Promise<ConsentsFromReceipts>;

/** What the subject's next receipt puts in `prev`: the hex SHA-256 of this receipt's JWS. */
export declare function chainLink(jws: string): Promise<string>;

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
