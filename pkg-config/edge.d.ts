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
}

/** The edge's handler: the site's worker exports it as its default. */
export function createEdge(options: EdgeOptions): { fetch(request: Request, env: EdgeEnv): Promise<Response> };

/** The Durable Object classes the bindings name: the site's worker re-exports them. */
export declare const ConsentLog: new (...args: any[]) => object;
export declare const LogHead: new (...args: any[]) => object;
export declare const GuardianRequests: new (...args: any[]) => object;
