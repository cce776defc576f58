// This repository's edge worker: the shop in www/site behind the package's edge (edge.js, the
// `assent/edge` entry), with the published versions of the seed policy (policies/releases/README.md).
// Publishing a new version is adding its file here and setting POLICY_VERSION (wrangler.toml).
import { createEdge } from "./edge.js";
import seed from "../policies/seed.json";
import v110 from "../policies/versions/seed-1.1.0.json";
import v111 from "../policies/releases/1.1.1.json";
import v200 from "../policies/releases/2.0.0.json";

// The edge's own pages (the guardian's, the age question, errors) take the shop's look.
export default createEdge({ policies: [seed, v110, v111, v200], stylesheet: "/styles.css" });
export { ConsentLog, GuardianRequests, LogHead } from "./edge.js";
