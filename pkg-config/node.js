// The Node.js entry: reads the Wasm module next to this file and instantiates it synchronously.
import { readFileSync } from "node:fs";
import { initSync } from "./assent_signing.js";

initSync({ module: readFileSync(new URL("./assent_signing_bg.wasm", import.meta.url)) });

export { __API__ } from "./assent_signing.js";
