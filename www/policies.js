// The published versions of the site's policy (policies/releases/README.md), oldest first, and
// the one in force: the POLICY_VERSION binding names it (a plain-text variable in wrangler.toml,
// a text binding locally); without it the seed is. Publishing a new version is adding its file
// here and changing POLICY_VERSION: receipts given under earlier versions keep verifying, and the
// engine asks again only for what changed (each release carries a history entry per earlier one).
import seed from "../policies/seed.json";
import v110 from "../policies/versions/seed-1.1.0.json";
import v111 from "../policies/releases/1.1.1.json";
import v200 from "../policies/releases/2.0.0.json";

/** Every published version, oldest first. */
export const POLICY_DOCUMENTS = [seed, v110, v111, v200];

/** The document in force: POLICY_VERSION's, or the seed. An unknown version is a deploy error. */
export function currentDocument(env) {
  const wanted = env.POLICY_VERSION;
  if (!wanted) return seed;
  const found = POLICY_DOCUMENTS.find((d) => d.id === seed.id && d.version === wanted);
  if (!found) {
    const known = POLICY_DOCUMENTS.map((d) => d.version).join(", ");
    throw new Error(`POLICY_VERSION ${wanted} is not a published version of ${seed.id} (known: ${known})`);
  }
  return found;
}
