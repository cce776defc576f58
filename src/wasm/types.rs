//! The TypeScript shapes of what crosses the boundary without a serde type to generate them
//! from: the error class, the options read member by member, and what the key and signing code
//! writes itself. Every other shape is declared in pkg-config/types.d.ts, generated from the Rust
//! types (`crate::schema::typescript`), whose names `cargo xtask build` imports into each
//! bundle's .d.ts.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** Options of `evaluate` and `decide` (on a `Policy` and on a `VisitorContext`). */
export interface DecideOptions {
  /**
   * `false`: leave each decision's `reasons` empty. Decisions, kinds and the page state are the
   * same; the engine just writes no message text, which is most of its work. For callers that act
   * on the decisions alone. Default `true`.
   */
  reasons?: boolean;
}

/** What assent throws: an Error named "AssentError" carrying the first problem and all of them. */
export interface AssentError extends Error {
  name: "AssentError";
  code: string;
  /** What kind of failure it is, decided by the engine from the code: an edge's HTTP status. */
  kind: ErrorKind;
  path: string;
  line: number;
  column: number;
  hint: string | null;
  problems: Problem[];
}

/** A public key set, as published at /.well-known/jwks.json. */
export interface Jwks {
  keys: { kty: "OKP"; crv: "Ed25519"; x: string; kid: string; alg?: string; use?: string }[];
}

/** A private key set: keep it at the edge (a Worker secret), never in a page. */
export interface PrivateKeySet {
  active: string;
  keys: Record<string, unknown>[];
  [field: string]: unknown;
}

export interface KeyPair {
  privateKeySet: PrivateKeySet;
  publicJwks: Jwks;
}

export interface SignedReceipt {
  jws: string;
  receipt: Receipt;
}

/** What a `Signer` signs, for a runtime that signs with its own Ed25519 (`finishJws`). */
export interface PreparedReceipt {
  signingInput: string;
  receipt: Receipt;
}

/** The signer's active key, private part included: for WebCrypto's importKey at the edge only. */
export interface SigningKey {
  kid: string;
  jwk: { kty: "OKP"; crv: "Ed25519"; x: string; d: string };
}

/** What `issueCredential` signs, for a runtime that signs with its own Ed25519 (`finishJws`). */
export interface PreparedCredential {
  signingInput: string;
  credential: Credential;
}
"#;
