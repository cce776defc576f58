// The types of every entry of the package (browser, workerd, node): wasm-bindgen's declarations, whose
// doc comments come from the Rust source, without the init functions (each entry initializes itself).
export { __API__ } from "./assent_signing.js";
export type { __TYPES__ } from "./assent_signing.js";
// The values that cross the boundary, generated from the Rust types.
export * from "./types.js";
