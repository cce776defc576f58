// The published versions of the site's policy, as the site's worker hands them to `createEdge`
// (edge.js), oldest first, and the one in force: the POLICY_VERSION binding names it (a plain-text
// variable in wrangler.toml, a text binding locally); without it the oldest is. Publishing a new
// version is adding its document to the list and changing POLICY_VERSION: receipts given under
// earlier versions keep verifying, and the engine asks again only for what changed (each release
// carries a history entry per earlier one).
//
// The list is kept per isolate, set once when the worker's module is evaluated: the Durable
// Objects (consent-log.js, log-head.js) run in the same module graph and read it from here.

import { HttpError } from "./http.js";

let documents;

/**
 * Keeps the site's policy documents, oldest first; a second call must hand over the same list.
 * A document is an object (a JSON module) or its JSON text.
 */
export function publishPolicies(list) {
  if (!Array.isArray(list) || !list.length) {
    throw new TypeError("createEdge: `policies` must be a non-empty array of policy documents, oldest first");
  }
  const parsed = list.map((d, i) => {
    const document = typeof d === "string" ? JSON.parse(d) : d;
    if (document === null || typeof document !== "object" || typeof document.id !== "string") {
      throw new TypeError(`createEdge: policies[${i}] is not a policy document (an object with an \`id\`)`);
    }
    return document;
  });
  const ids = new Set(parsed.map((d) => d.id));
  if (ids.size !== 1) {
    throw new TypeError(`createEdge: the policies must be versions of one policy, not of ${[...ids].join(", ")}`);
  }
  documents = parsed;
}

/** Every published version, oldest first. */
export function policyDocuments() {
  if (!documents) throw new Error("the edge has no policy: the worker must call createEdge({ policies }) first");
  return documents;
}

/** The document in force: POLICY_VERSION's, or the oldest. An unknown version is a deploy error. */
export function currentDocument(env) {
  const all = policyDocuments();
  const wanted = env.POLICY_VERSION;
  if (!wanted) return all[0];
  const found = all.find((d) => d.version === wanted);
  if (!found) {
    const known = all.map((d) => d.version).join(", ");
    throw new HttpError(500, "config.policy_version", `POLICY_VERSION ${wanted} is not a published version of ${all[0].id} (known: ${known})`, {
      hint: "add the version's document to the `policies` the worker hands createEdge, or set POLICY_VERSION to one of those",
    });
  }
  return found;
}
