// The consent edge of {{SITE}}, written by `assent init`: the package's edge (`assent/edge`) with
// the site's own policy. It serves the site's files from public/, gates each optional script and
// iframe before the page leaves the edge, shows the banner, records each choice as a signed receipt
// in the append-only log (Durable Objects) and answers the API at /v1/*.
//
// What it trusts: a visitor's subject only from a credential the edge signed (the consent cookie);
// where they are from Cloudflare (request.cf), and from the request only where Cloudflare says
// nothing; every body only after the engine has checked it. Publishing a new policy version is adding its file
// to `policies` (oldest first) and setting POLICY_VERSION in wrangler.toml.
import { createEdge } from "assent/edge";
import policy from "./policy.json";

// Pages carry a Content Security Policy: the site's own origin, and the origins of the gated
// scripts and frames the pages name (`data-purpose`). What those load in turn (an analytics
// script's collector, say) is added here, by directive:
// createEdge({ policies: [policy], contentSecurityPolicy: { "connect-src": ["https://collect.example"] } })
export default createEdge({ policies: [policy] });
export { ConsentLog, GuardianRequests, LogHead } from "assent/edge";
