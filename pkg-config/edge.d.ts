// The package's `assent/edge` entry: the consent edge for Cloudflare Workers (and workerd).

/** The bindings the edge reads (wrangler.toml: [vars], secrets, Durable Objects, [assets]). */
export interface EdgeEnv {
  /** The private key set (a secret): `assent keygen` or the package's `generateKeySet`. */
  SIGNING_KEYS: string;
  /** The site's static files. */
  ASSETS: { fetch(request: Request): Promise<Response> };
  /** The receipt log's shards and its head (Durable Object namespaces). */
  CONSENT_LOG: unknown;
  LOG_HEAD: unknown;
  /** Guardian requests for children's consent (a Durable Object namespace). */
  GUARDIAN_REQUESTS: unknown;
  /** How many shards the log has ("1" unless told); fixed for the life of the log. */
  LOG_SHARDS?: string;
  /** The key of the hash that puts a subject on its shard (a secret; needed with more than one shard). */
  LOG_SHARD_KEY?: string;
  /** The log's name in its signed checkpoints, e.g. "shop.example/consent-log". */
  LOG_ORIGIN?: string;
  /** The auditor's bearer token for the log's entries (a secret). */
  AUDITOR_TOKEN?: string;
  /** The site's own origin, for links in guardian messages. */
  SITE_ORIGIN?: string;
  /** Where a visitor is when the platform cannot tell. */
  DEFAULT_JURISDICTION?: string;
  /** The published policy version in force; the oldest of `policies` without it. */
  POLICY_VERSION?: string;
}

export interface EdgeOptions {
  /** The published versions of the site's policy, oldest first: JSON modules or their text. */
  policies: ReadonlyArray<object | string>;
  /**
   * Listeners of the consent events, by name: `change`, `accept:<purpose>`, `reject:<purpose>`.
   * Each is called after a receipt is in the log; the answer waits for it. One that throws or
   * rejects is logged, never turned into an error response.
   */
  on?: { [event: string]: ConsentEventListener | ReadonlyArray<ConsentEventListener> };
  /**
   * The stylesheet of the pages the edge writes itself (the guardian's pages, the age question,
   * the changes page, error pages), a path on the site: the package's `/assent/assent.css` unless
   * given (the site's own, for its look).
   */
  stylesheet?: string;
  /**
   * Sources the site adds to its pages' Content Security Policy, by directive (`script-src`,
   * `style-src`, `img-src`, `font-src`, `media-src`, `frame-src`, `connect-src`): what the gated
   * scripts load in turn, such as an analytics collector. The origins of the gated scripts and
   * frames a page names are added for that page without this.
   */
  contentSecurityPolicy?: { [directive: string]: ReadonlyArray<string> };
}

/** What a listener of `createEdge({ on })` is called with. */
export interface ConsentEvent {
  /** The event: `change`, `accept:<purpose>` or `reject:<purpose>`. */
  event: string;
  /** How the choice came: the JSON API, the banner's forms without scripts, or a guardian's decision. */
  via: "api" | "form" | "guardian" | "gpc";
  receiptId: string;
  /** Whose choice it records (the pseudonymous subject; a child's for a guardian's decision). */
  subject: string;
  /** The purposes that may run now and did not before. */
  accepted: string[];
  /** The purposes a choice or a rule now stops or refuses. */
  rejected: string[];
  /** The signed receipt (compact JWS). */
  receipt: string;
}

export type ConsentEventListener = (event: ConsentEvent) => void | Promise<void>;

/** The edge's handler: the site's worker exports it as its default. */
export function createEdge(options: EdgeOptions): { fetch(request: Request, env: EdgeEnv): Promise<Response> };

/** The Durable Object classes the bindings name: the site's worker re-exports them. */
export declare const ConsentLog: new (...args: any[]) => object;
export declare const LogHead: new (...args: any[]) => object;
export declare const GuardianRequests: new (...args: any[]) => object;
