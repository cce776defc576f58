// How a TypeScript user calls assent. types.test.mjs compiles this against the built package's
// index.d.ts, resolving "assent" through the package's exports map. Every export is used.
import {
  engineVersion,
  isAssentError,
  loadPolicy,
  type AssentError,
  type Context,
  type DecideOptions,
  type Decision,
  type Evaluation,
  type LocalizedTexts,
  type Policy,
  type Purpose,
  type PurposeDecision,
  type VisitorContext,
} from "assent";

const version: string = engineVersion();
export const major: number = Number(version.split(".")[0]);

// A policy imported as a JSON module: its literals widen (`channels: string[]`), and it still loads.
const imported = { id: "shop", version: "1.0.0", changes: { channels: ["banner", "email"] } };
export const fromModule = (): Policy => loadPolicy(imported);

export function decideAll(policyJson: string, ctx: Context): Decision[] {
  const policy: Policy = loadPolicy(policyJson);
  const out: Evaluation = policy.evaluate(ctx);
  const one: PurposeDecision = policy.decide("analytics-cookies", ctx);
  const purposes: Purpose[] = policy.purposes();
  const texts: LocalizedTexts = policy.texts("zh-CN");
  const ids: string[] = purposes.map((p) => p.id).concat(Object.keys(texts.purposes));
  const showBanner: boolean = out.page.showBanner;
  const doc = policy.toJSON();
  const docVersion: string = doc.version;
  void [ids, showBanner, docVersion, policy.id, policy.version];
  return [one.decision, ...out.purposes.map((d) => d.decision)];
}

export function decideOften(policy: Policy, ctx: Context, purposes: string[]): Decision[] {
  const visitor: VisitorContext = policy.context(ctx);
  const lean: DecideOptions = { reasons: false };
  const banner: boolean = visitor.evaluate(lean).page.showBanner;
  const all: Evaluation = visitor.evaluate();
  const once: Evaluation = policy.evaluate(ctx, lean);
  void [banner, all, once, policy.decide("search", ctx, { reasons: true })];
  return purposes.map((p) => visitor.decide(p, lean).decision);
}

export function explain(e: unknown): string {
  if (isAssentError(e)) {
    const err: AssentError = e;
    return `${err.code} at ${err.path} (${err.line}:${err.column}): ${err.message}; ${err.hint ?? ""}`;
  }
  return String(e);
}

// The banner entry: `banner` (a promise of the banner a page's #assent-config started, also
// window.assent), `run(config)` and its state are typed, and it exports the engine and receipt
// verification of its own module (after `load()`), so a page with the banner loads one module.
import {
  banner,
  load,
  run,
  loadCompiled as loadWithBanner,
  verifyReceipt as verifyWithBanner,
  type BannerState,
  type Evaluation as BannerEvaluation,
} from "assent/banner";

export async function fromTheBannerModule(core: string, texts: string, jws: string, jwks: string): Promise<boolean> {
  const evaluation: BannerEvaluation = loadWithBanner(core, [texts]).evaluate({ now: "2026-11-29T00:00:00Z", jurisdiction: "DE" });
  // In a page the signatures are checked by WebCrypto: a promise.
  const receipt = await verifyWithBanner(jws, jwks, { now: "2026-11-29T00:00:00Z" });
  return evaluation.page.showBanner && receipt.kid.length > 0;
}

export async function started(): Promise<boolean> {
  await load();
  const b = await run({ policy: "/v1/policy/compiled/core.json", edge: "/", jurisdiction: "DE", layout: "box", theme: "dark" });
  return b.state().purposes["analytics-cookies"] === true;
}

export async function analyticsOnly(): Promise<boolean> {
  const b = (await banner) ?? window.assent;
  if (!b) return false;
  b.on("change", (s: BannerState) => void s.purposes);
  // Under `strict`, a listener without a type annotation is given the banner's state.
  const onAnalytics = (state: BannerState) => void state.unsigned;
  b.on("change", (state) => void state.purposes["analytics-cookies"]);
  b.on("accept:analytics-cookies", onAnalytics);
  b.off("accept:analytics-cookies", onAnalytics);
  const state: BannerState = await b.set({ "analytics-cookies": true, advertising: false });
  const decision: Decision | undefined = state.decisions["analytics-cookies"];
  const tc: string | null = b.state().tcString;
  void [decision, tc];
  return state.purposes["analytics-cookies"] === true;
}

// The edge entry: createEdge with listeners of the consent events, one or several per name.
import { createEdge, type ConsentEvent } from "assent/edge";

export const siteEdge = createEdge({
  policies: [{ id: "shop" }],
  on: {
    "accept:analytics-cookies": (e: ConsentEvent) => {
      const via: "api" | "form" | "guardian" | "gpc" = e.via;
      void [via, e.receiptId, e.subject, e.receipt];
    },
    change: [async ({ accepted, rejected }) => void [...accepted, ...rejected]],
  },
});

// The shapes generated from the Rust types (types.d.ts): a guardian event narrows by its `type`,
// and a receipt's collection method and consent states are the engine's own names.
import {
  guardianWords,
  type CollectionMethod,
  type GuardianEvent,
  type GuardianWords,
  type PolicyChanges,
  type Receipt,
} from "assent";

export function describeEvent(event: GuardianEvent): string {
  switch (event.type) {
    case "verify":
      return `${event.method} by the child's ${event.relationship}`;
    case "decide":
      return Object.keys(event.approvals).join(", ");
    case "revoke":
      return event.purposes.join(", ");
    case "cancel":
      return "cancelled";
  }
}

export function givenIn(receipt: Receipt): string[] {
  const method: CollectionMethod = receipt.collectionMethod;
  return receipt.purposes.filter((p) => p.state === "ConsentGiven").map((p) => `${p.purpose} (${method})`);
}

export function relationshipOptions(locale: string): string[] {
  const words: GuardianWords = guardianWords(locale);
  return Object.entries(words.relationships).map(([value, label]) => `${value}: ${label}`);
}

export function majorChanges(changes: PolicyChanges): number {
  return changes.diff.changes.filter((c) => c.severity === "major").length;
}
