// The browser entry. It fetches the Wasm module that sits next to this file and compiles it while it
// downloads (WebAssembly.instantiateStreaming, through wasm-bindgen's default init). This bundle is
// built without the `sign` feature: pages never carry receipt signing.
import init from "./assent.js";

await init({ module_or_path: new URL("./assent_bg.wasm", import.meta.url) });

export { __API__ } from "./assent.js";
