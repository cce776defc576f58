// The authoring entry, for editors and tools in a browser: the full loader (`loadPolicy`, with
// every problem's position and a did-you-mean), `diff` between versions and `compilePolicy`, which
// writes the compiled files that pages read. A page that shows a banner or asks the engine never
// needs it. Nothing that signs is in it.
import init from "./assent_authoring.js";

await init({ module_or_path: new URL("./assent_authoring_bg.wasm", import.meta.url) });

export { __API__ } from "./assent_authoring.js";
