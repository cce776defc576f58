// The consent edge of {{SITE}}, written by `assent init`. It serves the site's own policy at
// /v1/policy, checked once by the engine, and everything else from the site's files (public/),
// where the banner's files are copied at build time (wrangler.toml, [build]).
//
// What it trusts: nothing from the request. /v1/policy reads no header, cookie, query or body;
// the policy is the one bundled with this worker.
import { loadPolicy } from "assent";
import policy from "./policy.json";

const POLICY_JSON = JSON.stringify(policy);
let checked;

/** The engine's verdict on the bundled policy, reached once per isolate. */
function check() {
  if (checked === undefined) {
    try {
      loadPolicy(POLICY_JSON);
      checked = null;
    } catch (error) {
      checked = { code: error.code ?? "policy.invalid", message: error.message };
    }
  }
  return checked;
}

/** A JSON answer that says what went wrong and how to fix it, in the shape of the edge's errors. */
function problem(status, code, message, hint, headers = {}) {
  return Response.json({ error: { code, message, hint } }, { status, headers: { "cache-control": "no-store", ...headers } });
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/v1/policy") {
      if (request.method !== "GET" && request.method !== "HEAD") {
        return problem(405, "request.method", `${request.method} is not allowed on /v1/policy`, "use GET", {
          allow: "GET, HEAD",
        });
      }
      const failure = check();
      if (failure) {
        return problem(503, failure.code, `the deployed policy is not valid: ${failure.message}`,
          "run `assent check policy.json`, fix what it reports and deploy again");
      }
      return new Response(request.method === "HEAD" ? null : POLICY_JSON, {
        headers: {
          "content-type": "application/json",
          "cache-control": "public, max-age=300",
          "x-content-type-options": "nosniff",
        },
      });
    }
    return env.ASSETS.fetch(request);
  },
};
