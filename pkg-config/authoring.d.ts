// The authoring entry's types: the full loader, `diff` and `compilePolicy`.
export { __API__ } from "./assent_authoring.js";
export type { __TYPES__ } from "./assent_authoring.js";
