// This must NOT compile. types.test.mjs checks that tsc rejects each line, which proves the
// declarations carry real types (a declaration typed `any` would accept them).
import { engineVersion, loadPolicy, type Decision } from "assent";

export const version: number = engineVersion();
export const decision: number = loadPolicy("{}").decide("x", { now: "", jurisdiction: "DE" }).decision;
export const banner: string = loadPolicy("{}").evaluate({ now: "", jurisdiction: "DE" }).page.showBanner;
export const unknown: Decision = "maybe";
export const method: import("assent").CollectionMethod = "banner";
import { run } from "assent/banner";
export const listener = run().then((b) => b.on("change", (state) => state.purposes.nothing.toFixed()));
