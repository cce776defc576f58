// The authoring entry's types: the full loader, `diff` and `compilePolicy`.
export { __API__ } from "./assent_authoring.js";
export type { __TYPES__ } from "./assent_authoring.js";
// The values that cross the boundary, generated from the Rust types.
export * from "./types.js";
