// The consent events of the edge's callers: `createEdge({ policies, on: { "accept:analytics-cookies":
// fn, "reject:advertising": fn, change: fn } })`. After a receipt is durably in the log (the JSON
// API, the banner's forms without scripts, a guardian's decision), the engine says which events it
// raises (`policy.receiptEvents`, the rule the banner follows in the page) and the listeners of
// those events are called with `{ event, via, receiptId, subject, accepted, rejected, receipt }`.
//
// What it trusts: the listeners are the site's own code; the receipts are the ones its log has
// just signed. Nothing here can lose a record or fail a request: a listener that throws or
// rejects, or an engine refusal, is logged and the answer goes out as it would without listeners.
import { setup } from "./visitor.js";

/** Event name to its listeners, in the order they were given. */
const listeners = new Map();
/** Whether the names were checked against the policy in force (once per isolate). */
let checked = false;

/**
 * Keeps the listeners `on` names (an event name to a function, or to an array of functions). A
 * value that is not a function is a TypeError now; a name the policy does not know is reported
 * in the log on the first request, by the engine, with the policy's purposes.
 */
export function listen(on) {
  if (on === undefined) return;
  if (on === null || typeof on !== "object" || Array.isArray(on)) {
    throw new TypeError('createEdge: `on` must be an object of event names to functions, e.g. { "accept:analytics-cookies": fn }');
  }
  for (const [name, value] of Object.entries(on)) {
    const fns = Array.isArray(value) ? value : [value];
    if (!fns.length || fns.some((f) => typeof f !== "function")) {
      throw new TypeError(`createEdge: \`on["${name}"]\` must be a function or an array of functions`);
    }
    listeners.set(name, [...(listeners.get(name) ?? []), ...fns]);
  }
  checked = false;
}

/** Whether any listener waits: without one, nothing is computed. */
export function listening() {
  return listeners.size > 0;
}

/** Reports, once, each listened name that is no event of the policy in force. */
function checkNames(policy) {
  if (checked) return;
  checked = true;
  for (const name of listeners.keys()) {
    try {
      policy.checkEvents([name]);
    } catch (e) {
      if (e?.name !== "AssentError") throw e;
      console.error(`assent edge: \`on["${name}"]\` will never be called: ${e.message}${e.hint ? ` (${e.hint})` : ""}`);
    }
  }
}

/**
 * Calls the listeners of the events `receipts` raise (compact JWS, in the order they were logged)
 * for the visitor of `context`, whose `consents` are those before the first. `via` says how the
 * choice came: "api", "form" or "guardian". Resolves once every listener has returned or settled;
 * never rejects.
 */
export async function announce(env, via, context, receipts) {
  if (!listening() || !receipts.length) return;
  const calls = [];
  try {
    const { policy } = setup(env);
    checkNames(policy);
    const recorded = policy.receiptEvents(context, receipts);
    recorded.forEach((r, i) => {
      const detail = {
        via,
        receiptId: r.receiptId,
        subject: r.subject,
        accepted: r.accepted,
        rejected: r.rejected,
        receipt: receipts[i],
      };
      for (const event of r.events) {
        for (const listener of listeners.get(event) ?? []) {
          // Inside an async function, a listener that throws becomes a rejection like one that rejects.
          const call = (async () => listener({ event, ...detail }))();
          calls.push(
            call.catch((e) => console.error(`assent edge: the "${event}" listener failed (receipt ${r.receiptId} is recorded):`, e?.stack ?? e)),
          );
        }
      }
    });
  } catch (e) {
    console.error("assent edge: the consent events were not raised (the receipts are recorded):", e?.stack ?? e);
  }
  await Promise.all(calls);
}
