// The browser entry: the engine a page runs, reading compiled policies (`loadCompiled`, from the
// files `assent compile` writes), without the validator, the banner or receipts, so that a page
// that only asks the engine downloads the smallest module. It fetches the Wasm module that sits
// next to this file and compiles it while it downloads (WebAssembly.instantiateStreaming, through
// wasm-bindgen's default init). Nothing that signs is in it.
import init from "./assent.js";

await init({ module_or_path: new URL("./assent_bg.wasm", import.meta.url) });

export { __API__ } from "./assent.js";
