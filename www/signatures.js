// The runtime's Ed25519 (workerd's WebCrypto) for what the engine prepared or asked to check:
// `sign` signs a signing input from a `Signer`'s `prepare*` and has the engine finish the token;
// `verified` checks one signature the engine named (`identifyChecks`) and answers only whether it
// verified, for the engine to finish its verdict. Nothing is decided here.
//
// Keys are imported once per isolate: the signer's active key (not extractable) when it first
// signs, and each published key when a signature under it is first checked.
import { finishJws } from "assent";
import { b64urlDecode } from "./http.js";

const ED25519 = { name: "Ed25519" };
const encoder = new TextEncoder();

/** Published keys imported for verification, by their `x`: only keys of the JWKS get here. */
const verifyingKeys = new Map();

/**
 * Signatures that verified, by key, signing input and signature together: a device presents the
 * same credential on every request, and a good signature over the same bytes stays good. Only
 * `true` is kept, and at most VERIFIED_SIZE, the least recently presented forgotten first.
 */
const verifiedChecks = new Set();
const VERIFIED_SIZE = 4096;

/** Signs what an engine `Signer` prepares, with its active key imported into WebCrypto once. */
export class EdgeSigner {
  /** `engine`: the engine's `Signer` (it prepares every statement and holds the key set). */
  constructor(engine) {
    this.engine = engine;
    this.key = null;
  }

  /** The compact JWS of `signingInput` (from `engine.prepare*`), signed with the active key. */
  async sign(signingInput) {
    this.key ??= crypto.subtle.importKey("jwk", this.engine.signingKey().jwk, ED25519, false, ["sign"]);
    const signature = await crypto.subtle.sign(ED25519, await this.key, encoder.encode(signingInput));
    return finishJws(signingInput, new Uint8Array(signature));
  }
}

/**
 * Whether the signature of one of the engine's checks (`{x, signingInput, signature}`) verifies
 * under its published key; undefined where WebCrypto cannot say (the engine then verifies itself).
 */
export async function verified(check) {
  const id = `${check.x}.${check.signingInput}.${check.signature}`;
  if (verifiedChecks.delete(id)) {
    // Kept as the most recent: a device that comes back stays remembered.
    verifiedChecks.add(id);
    return true;
  }
  const verdict = await verify(check);
  if (verdict === true) {
    if (verifiedChecks.size >= VERIFIED_SIZE) verifiedChecks.delete(verifiedChecks.values().next().value);
    verifiedChecks.add(id);
  }
  return verdict;
}

async function verify(check) {
  let key = verifyingKeys.get(check.x);
  if (!key) {
    key = crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: check.x }, ED25519, false, ["verify"]);
    verifyingKeys.set(check.x, key);
  }
  try {
    return await crypto.subtle.verify(ED25519, await key, b64urlDecode(check.signature), encoder.encode(check.signingInput));
  } catch {
    verifyingKeys.delete(check.x);
    return undefined;
  }
}
