// The TC string codec beside the reference library: encoding and decoding a TC string with 50
// vendors (consents, legitimate interests and the disclosed-vendors segment) with assent's
// `encodeTcString` / `decodeTcString` (the node bundle, pkg/node.js) and with @iabtcf/core's
// `TCString.encode` / `TCString.decode`, in one Node run. Medians over batches, best of several
// interleaved rounds; run with `node benches/js/tcf-bench.mjs` after `cargo xtask build`.
// Aims (issue "Ad-funded sites", item 5): at least 20x @iabtcf/core's encoding speed, 3x its
// decoding speed. A report, never a timed test: each side first checks that the other decodes what
// it wrote to the same choices.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const assent = await import(pathToFileURL(path.join(root, "pkg", "node.js")).href);
const iab = await import(pathToFileURL(path.join(root, "tests/js/node_modules/@iabtcf/core/lib/mjs/index.js")).href);
const { GVL, TCModel, TCString } = iab;

// A vendor list of the real list's shape (the fixture's purposes and features) with 50 vendors,
// ids spread up to 1000 as on the real list.
const fixture = JSON.parse(await readFile(path.join(root, "tests/data/gvl-fixture.json"), "utf8"));
const template = Object.values(fixture.vendors)[0];
const ids = Array.from({ length: 50 }, (_, i) => 3 + i * 19 + (i % 7));
const vendors = Object.fromEntries(
  ids.map((id) => [id, { ...template, id, name: `Vendor ${id}`, purposes: [1, 2, 3, 4], legIntPurposes: [7], flexiblePurposes: [] }]),
);
const gvl = new GVL({ ...fixture, vendors });
gvl.lang_ = "EN";

const consented = ids.filter((_, i) => i % 3 !== 0);
const li = ids.filter((_, i) => i % 2 === 0);
const day = Math.floor(Date.UTC(2026, 10, 29) / 86_400_000) * 86_400_000;

const model = new TCModel(gvl);
model.cmpId = 300;
model.cmpVersion = 1;
model.created = new Date(day);
model.lastUpdated = new Date(day);
model.publisherCountryCode = "DE";
model.isServiceSpecific = true;
model.purposeConsents.set([1, 2, 3, 4]);
model.purposeLegitimateInterests.set([7]);
model.vendorConsents.set(consented);
model.vendorLegitimateInterests.set(li);

const choice = {
  created: day / 100,
  lastUpdated: day / 100,
  cmpId: 300,
  cmpVersion: 1,
  consentScreen: 0,
  consentLanguage: "EN",
  vendorListVersion: fixture.vendorListVersion,
  policyVersion: fixture.tcfPolicyVersion,
  isServiceSpecific: true,
  useNonStandardTexts: false,
  specialFeatureOptIns: [],
  purposesConsent: [1, 2, 3, 4],
  purposesLi: [7],
  purposeOneTreatment: false,
  publisherCc: "DE",
  vendorConsents: consented,
  vendorLi: li,
  disclosedVendors: ids,
};

// Each side reads the other's string to the same choices before anything is timed.
// Both write the core and disclosed-vendors segments (the library leaves the latter out of a
// service-specific string unless asked).
const SEGMENTS = { segments: ["core", "vendorsDisclosed"] };
const theirs = TCString.encode(model, SEGMENTS);
const ours = assent.encodeTcString(choice);
const fromTheirs = assent.decodeTcString(theirs);
const fromOurs = TCString.decode(ours);
const sorted = (v) => [...v].sort((a, b) => a - b);
assert.deepEqual(sorted(fromTheirs.vendorConsents), consented);
assert.deepEqual(sorted(fromTheirs.vendorLi), li);
assert.deepEqual(sorted(fromTheirs.disclosedVendors ?? []), ids);
assert.deepEqual(sorted(fromOurs.vendorConsents.values()), consented);
assert.deepEqual(sorted(fromOurs.vendorLegitimateInterests.values()), li);
assert.deepEqual(sorted(fromOurs.vendorsDisclosed.values()), ids);
assert.deepEqual(sorted(fromOurs.purposeConsents.values()), [1, 2, 3, 4]);

/** Median nanoseconds per call of `fn` over `batches` batches of `per` calls. */
function median(fn, { batches = 15, per = 100 } = {}) {
  const samples = [];
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < per; i++) fn();
    samples.push(Number(process.hrtime.bigint() - t0) / per);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

/** Each row's best median over `rounds` interleaved rounds (a shared machine slows stretches). */
function measureAll(rows, rounds = 9) {
  for (const row of rows) for (let i = 0; i < 300; i++) row.fn();
  for (let r = 0; r < rounds; r++) for (const row of rows) row.ns = Math.min(row.ns ?? Infinity, median(row.fn));
  return rows;
}

const fmt = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);

const [encIab, encOurs, decIab, decOurs] = measureAll([
  { name: "encode, @iabtcf/core TCString.encode", fn: () => TCString.encode(model, SEGMENTS) },
  { name: "encode, assent encodeTcString", fn: () => assent.encodeTcString(choice) },
  { name: "decode, @iabtcf/core TCString.decode", fn: () => TCString.decode(theirs) },
  { name: "decode, assent decodeTcString", fn: () => assent.decodeTcString(ours) },
]);

console.log(`TC string with 50 vendors (${ours.length} characters; @iabtcf/core's ${theirs.length}), Node ${process.version}, best median of 9 rounds`);
console.log("| operation | @iabtcf/core 1.5 | assent | speed-up | aim |");
console.log("|---|---:|---:|---:|---:|");
console.log(`| encode | ${fmt(encIab.ns)} | ${fmt(encOurs.ns)} | ${(encIab.ns / encOurs.ns).toFixed(1)}x | 20x |`);
console.log(`| decode | ${fmt(decIab.ns)} | ${fmt(decOurs.ns)} | ${(decIab.ns / decOurs.ns).toFixed(1)}x | 3x |`);
