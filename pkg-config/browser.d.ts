// The browser entry's types: the engine a page runs, which reads compiled policies
// (`loadCompiled`); the full loader is in `assent/authoring` and the node and workerd entries.
export { __API__ } from "./assent.js";
export type { __TYPES__ } from "./assent.js";
// The values that cross the boundary, generated from the Rust types.
export * from "./types.js";
