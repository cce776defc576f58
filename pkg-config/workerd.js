// The workerd (Cloudflare Workers) entry. A worker may not compile Wasm from bytes at run time, so the
// module is imported: the deploy bundler (or the workerd config) turns the import into a
// WebAssembly.Module, and initSync instantiates that.
import wasmModule from "./assent_signing_bg.wasm";
import { initSync } from "./assent_signing.js";

initSync({ module: wasmModule });

export { __API__ } from "./assent_signing.js";
