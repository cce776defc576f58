// Ed25519 signature checks for the receipts module a page fetches (src/wasm/signatures.rs): the
// browser's WebCrypto where it has Ed25519, else the verify-only fallback module next to this one,
// fetched only then. It answers "does this signature verify with this key"; every verdict is the
// core's.

let fallback;

// The fallback module, loaded once, or undefined where it cannot be.
function loadFallback() {
  fallback ??= import(new URL("./assent_ed25519.js", import.meta.url).href)
    .then(async (m) => {
      await m.default({ module_or_path: new URL("./assent_ed25519_bg.wasm", import.meta.url) });
      return m;
    })
    .catch((error) => {
      console.error("assent: no Ed25519 in this browser, and its fallback did not load:", error);
      return undefined;
    });
  return fallback;
}

// True, false, or undefined where this browser's WebCrypto has no Ed25519 (or none at all: a page
// served over plain HTTP has no crypto.subtle).
async function webCrypto(key, signature, message) {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  let imported;
  try {
    imported = await subtle.importKey("raw", key, { name: "Ed25519" }, false, ["verify"]);
  } catch (error) {
    // NotSupportedError: no Ed25519 here. Anything else is this key's fault: it verifies nothing.
    return error?.name === "NotSupportedError" ? undefined : false;
  }
  try {
    return await subtle.verify({ name: "Ed25519" }, imported, signature, message);
  } catch {
    return false;
  }
}

export async function verifyEd25519(keys, signatures, messages, lengths) {
  const answers = new Uint8Array(lengths.length);
  let at = 0;
  for (let i = 0; i < lengths.length; i++) {
    const key = keys.subarray(i * 32, i * 32 + 32);
    const signature = signatures.subarray(i * 64, i * 64 + 64);
    const message = messages.subarray(at, at + lengths[i]);
    at += lengths[i];
    let ok = await webCrypto(key, signature, message);
    if (ok === undefined) {
      const module = await loadFallback();
      ok = module ? module.verify(key, message, signature) : false;
    }
    answers[i] = ok ? 1 : 0;
  }
  return answers;
}
