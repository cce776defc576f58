// The ad-tech signals in headless Chromium: the banner's module imports the ad-tech module
// (assent_adtech) only on a page that needs it, and the strings it writes are read back with the
// IAB's reference libraries, @iabtcf/core (TC strings) and @iabgpp/cmpapi (GPP strings), and
// compared with the choices made. The site is static (no consent service): the policy is the seed
// with three vendors of the fixture Global Vendor List, compiled, and served with the list from
// the site's own origin. A fake ad tag calls __tcfapi and __gpp before any module has loaded; the
// stub queues the calls and the ad-tech module, loaded after the banner is drawn, answers them.
// The stub's data block is the engine's (`stubHtml`), as the edge and `assent compile` write it.
import assert from "node:assert/strict";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { pathToFileURL } from "node:url";

import { GppModel } from "@iabgpp/cmpapi";
import { TCString } from "@iabtcf/core";

import { BANNER_CSP, axeViolations, launchChromium, pkgDir, root, serveStatic, tempDir, writeCompiled } from "./helpers.mjs";

const T = { timeout: 60_000 };
const seed = JSON.parse(await readFile(path.join(root, "policies", "seed.json"), "utf8"));
const cite = { clause: "sharing.advertising", quote: "advertising partners" };
const policy = {
  ...seed,
  vendors: [
    { id: 8, consent: [1, 3, 4, 7], legitimateInterest: [2], specialFeatures: [1], cite },
    { id: 21, consent: [1, 8, 9], cite },
    { id: 52, consent: [1, 2, 3, 4, 7], cite },
  ],
};
const ADTECH = ["/pkg/assent_adtech.js", "/pkg/assent_adtech_bg.wasm"];

// Before any module: the ad tag's early calls, and everything the APIs answer it.
const AD_TAG = `
window.__heard = { tcf: [], gpp: [] };
if (typeof window.__tcfapi === "function") {
  window.__tcfapi("ping", 2, function (ping, ok) { window.__heard.ping = { ping: ping, ok: ok }; });
  window.__tcfapi("addEventListener", 2, function (data, ok) {
    window.__heard.tcf.push({ ok: ok, eventStatus: data && data.eventStatus, tcString: data && data.tcString });
  });
  window.__tcfapi("getTCData", 2, function (data, ok) { window.__heard.getTCData = { ok: ok, tcString: data && data.tcString }; });
}
window.__gpp("addEventListener", function (event, ok) {
  window.__heard.gpp.push({ ok: ok, eventName: event.eventName, data: event.data, gppString: event.pingData.gppString });
});
`;

/** The page's configuration, and the stub's data block the engine writes for it under `policy`. */
function config(policyDoc, { tcf, core, vendorList }) {
  const settings = tcf ? `, "tcf": {"cmpId": 300, "vendorList": "${vendorList}"}` : "";
  const text = `{"policy": "${core}"${settings}}`;
  const now = new Date().toISOString();
  const stub = engine.loadPolicy(JSON.stringify(policyDoc)).stubHtml({ jurisdiction: "DE", now }, text).html;
  return { text, stub };
}

function page({ jurisdiction, tcf = true, stub = true, policyDoc = policy, core = corePath, vendorList = "/gvl.json" }) {
  const c = config(policyDoc, { tcf, core, vendorList });
  return `<!doctype html>
<html lang="en" data-assent-age-band="adult" data-assent-jurisdiction="${jurisdiction}">
<head>
<meta charset="utf-8">
<title>Ad-funded shop</title>
<link rel="stylesheet" href="/pkg/assent.css">
${stub ? `${c.stub}\n<script src="/pkg/stub.js"></script>\n<script src="/js/adtag.js"></script>` : ""}
<script type="application/json" id="assent-config">${c.text}</script>
<script type="module" src="/pkg/banner.js"></script>
</head>
<body><main><h1>Ad-funded shop</h1></main></body>
</html>`;
}

let site;
let server;
/** Where the page finds the compiled policy's core file (`writeCompiled` puts it there). */
let corePath;
/** The package's Node entry: the engine that writes the stub's data block. */
let engine;
/** A policy that maps no purpose to the TCF and names no vendor. */
const withoutTcf = {
  ...seed,
  purposes: seed.purposes.map(({ tcfPurposes, ...p }) => p),
};

before(async () => {
  site = await tempDir("adtech");
  await symlink(pkgDir, path.join(site.dir, "pkg"), "dir");
  engine = await import(pathToFileURL(path.join(pkgDir, "node.js")).href);
  corePath = await writeCompiled(site.dir, policy);
  const noTcfCore = await writeCompiled(site.dir, withoutTcf, "no-tcf");
  await writeFile(path.join(site.dir, "gvl.json"), await readFile(path.join(root, "tests/data/gvl-fixture.json")));
  await mkdir(path.join(site.dir, "js"));
  await writeFile(path.join(site.dir, "js", "adtag.js"), AD_TAG);
  await writeFile(path.join(site.dir, "favicon.ico"), "");
  await writeFile(path.join(site.dir, "eea.html"), page({ jurisdiction: "DE" }));
  await writeFile(path.join(site.dir, "ca.html"), page({ jurisdiction: "US-CA" }));
  await writeFile(path.join(site.dir, "co.html"), page({ jurisdiction: "US-CO" }));
  await writeFile(path.join(site.dir, "plain.html"), page({ jurisdiction: "DE", tcf: false, stub: false }));
  await writeFile(path.join(site.dir, "no-tcf.html"), page({ jurisdiction: "DE", policyDoc: withoutTcf, core: noTcfCore }));
  await writeFile(path.join(site.dir, "no-list.html"), page({ jurisdiction: "DE", vendorList: "/no-such-list.json" }));
  server = await serveStatic(site.dir, { "content-security-policy": BANNER_CSP });
});

after(async () => {
  await server?.close();
  await site?.remove();
});

/**
 * Opens `route` in a fresh Chromium (with Global Privacy Control when `gpc`); with `ad`, waits
 * until the ad-tech module replaced the stub's `__gpp` (the stub's function has a `queue`).
 */
async function open(route, { gpc = false, ad = true } = {}) {
  const browser = await launchChromium();
  const tab = await browser.context.newPage();
  const errors = [];
  tab.on("pageerror", (e) => errors.push(e.message));
  tab.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  if (gpc) {
    await tab.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true }));
  }
  const from = server.requests.length;
  await tab.goto(new URL(route, server.url).href, { waitUntil: "load" });
  await tab.waitForFunction(() => window.assent, null, { timeout: 30_000 });
  if (ad) await tab.waitForFunction(() => typeof window.__gpp === "function" && !("queue" in window.__gpp), null, { timeout: 30_000 });
  const fetched = () => server.requests.slice(from).map((r) => r.pathname);
  return { browser, page: tab, errors, fetched };
}

const button = (p, name) => p.getByRole("button", { name, exact: true });
const ids = (v) => [...v.values()].sort((a, b) => a - b);
const bits = (v) => v.flatMap((on, i) => (on ? [i + 1] : []));

/** What __tcfapi's addEventListener hands a new listener now. */
const tcData = (p) =>
  p.evaluate(() => new Promise((resolve) => window.__tcfapi("addEventListener", 2, (data, ok) => resolve({ ...data, ok }))));
/** What __gpp's ping answers now. */
const gppPing = (p) => p.evaluate(() => new Promise((resolve) => window.__gpp("ping", (data, ok) => resolve({ ...data, ok }))));

describe("the ad-tech signals", () => {
  test("a site without ad tech never fetches the ad-tech module and has no __tcfapi or __gpp", T, async () => {
    const { browser, page: p, errors, fetched } = await open("/plain.html", { ad: false });
    try {
      await button(p, "Accept all").click();
      await p.waitForFunction(() => window.assent.state().purposes["analytics-cookies"]);
      const apis = await p.evaluate(() => [typeof window.__tcfapi, typeof window.__gpp, window.assent.state().tcString]);
      assert.deepEqual(apis, ["undefined", "undefined", null]);
      assert.ok(fetched().includes("/pkg/assent_banner_bg.wasm"), "the banner's own module was fetched");
      for (const file of ADTECH) assert.ok(!fetched().includes(file), `${file} was not fetched`);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test("an EEA visitor: the early calls are answered, vendors are chosen one by one in the second layer, and the TC string says so", T, async () => {
    const { browser, page: p, errors, fetched } = await open("/eea.html");
    try {
      for (const file of ADTECH) assert.ok(fetched().includes(file), `${file} was fetched`);
      // The stub answered the early ping itself; the queued calls were answered once the module loaded.
      const early = await p.evaluate(() => window.__heard);
      assert.equal(early.ping.ping.cmpStatus, "stub");
      assert.equal(early.getTCData.ok, true);
      assert.ok(early.tcf.length >= 1 && early.tcf.every((h) => h.ok), JSON.stringify(early.tcf));
      assert.equal(TCString.decode(early.tcf[0].tcString).cmpId, 300);
      // The banner was drawn before the module loaded: the listener's first event says it shows.
      assert.equal(early.tcf[0].eventStatus, "cmpuishown");
      assert.deepEqual(early.gpp[0].eventName, "listenerRegistered");

      // The second layer lists the vendors with what the site's list says of them, all off.
      await button(p, "Choose").click();
      const vendors = p.locator(".assent-vendors");
      await vendors.waitFor();
      assert.deepEqual(await vendors.locator("label").allTextContents(), [
        "Example Ad Exchange",
        "Example Measurement Co",
        "Example Retargeting Ltd",
      ]);
      assert.deepEqual(await vendors.locator("input[data-assent-vendor]:checked").count(), 0, "nothing pre-ticked");
      assert.match(await vendors.textContent(), /365 days/);
      assert.equal(await vendors.locator("a[href='https://adx.example/privacy']").count(), 1);
      assert.deepEqual(await axeViolations(p), []);

      // Three purposes on, and one vendor, from the keyboard.
      for (const id of ["analytics-cookies", "advertising", "marketing"]) await p.check(`#assent-p-${id}`);
      await p.focus("#assent-v-8");
      await p.keyboard.press("Space");
      assert.equal(await p.isChecked("#assent-v-8"), true);
      await button(p, "Save my choices").click();
      await p.waitForFunction(() => window.__heard.tcf.some((h) => h.eventStatus === "useractioncomplete"));

      const data = await tcData(p);
      const tc = TCString.decode(data.tcString);
      assert.deepEqual(
        {
          purposeConsents: ids(tc.purposeConsents),
          purposeLegitimateInterests: ids(tc.purposeLegitimateInterests),
          vendorConsents: ids(tc.vendorConsents),
          vendorLegitimateInterests: ids(tc.vendorLegitimateInterests),
          vendorsDisclosed: ids(tc.vendorsDisclosed),
          specialFeatureOptins: ids(tc.specialFeatureOptins),
          vendorListVersion: tc.vendorListVersion,
          policyVersion: tc.policyVersion,
          isServiceSpecific: tc.isServiceSpecific,
        },
        {
          purposeConsents: [1, 2, 3, 4, 7, 8, 9],
          purposeLegitimateInterests: [2],
          vendorConsents: [8],
          vendorLegitimateInterests: [8],
          vendorsDisclosed: [8, 21, 52],
          specialFeatureOptins: [1],
          vendorListVersion: 131,
          policyVersion: 5,
          isServiceSpecific: true,
        },
      );
      assert.deepEqual(data.vendor.consents, { 8: true, 21: false, 52: false });
      const heard = await p.evaluate(() => window.__heard.tcf.at(-1));
      assert.equal(heard.tcString, data.tcString, "the early listener heard the same string");
      assert.equal((await p.evaluate(() => window.assent.state())).tcString, data.tcString);

      // GPP: in the EEA the string carries the same TC string as its tcfeuv2 section.
      const gpp = await gppPing(p);
      assert.deepEqual([gpp.ok, gpp.gppVersion, gpp.cmpId, gpp.sectionList, gpp.applicableSections], [true, "1.1", 300, [2], [2]]);
      const model = new GppModel(gpp.gppString);
      assert.deepEqual(model.getFieldValue("tcfeuv2", "VendorConsents"), [8]);
      assert.deepEqual(bits(model.getFieldValue("tcfeuv2", "PurposeConsents")), [1, 2, 3, 4, 7, 8, 9]);

      // Accept all and reject all speak for every vendor.
      await p.evaluate(() => window.assent.acceptAll());
      assert.deepEqual(ids(TCString.decode((await tcData(p)).tcString).vendorConsents), [8, 21, 52]);
      await p.evaluate(() => window.assent.rejectAll());
      const rejected = TCString.decode((await tcData(p)).tcString);
      assert.deepEqual([ids(rejected.vendorConsents), ids(rejected.vendorLegitimateInterests)], [[], []]);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test("a Californian with GPC has opted out of sale and sharing in usnat and usca", T, async () => {
    const { browser, page: p, errors } = await open("/ca.html", { gpc: true });
    try {
      const gpp = await gppPing(p);
      assert.deepEqual([gpp.sectionList, gpp.applicableSections], [[7, 8], [8]]);
      assert.equal(gpp.gppString, (await p.evaluate(() => window.assent.state())).gppString);
      const model = new GppModel(gpp.gppString);
      for (const section of ["usnat", "usca"]) {
        assert.deepEqual(
          ["SaleOptOutNotice", "SaleOptOut", "SharingOptOut", "Gpc"].map((f) => model.getFieldValue(section, f)),
          [1, 1, 1, true],
          section,
        );
      }
      assert.equal(model.getFieldValue("usnat", "TargetedAdvertisingOptOut"), 1);
      assert.deepEqual(model.getFieldValue("usca", "KnownChildSensitiveDataConsents"), [0, 0]);
      const field = await p.evaluate(() => new Promise((resolve) => window.__gpp("getField", (v) => resolve(v), "usca.SaleOptOut")));
      assert.equal(field, 1);
      // Outside the GDPR the TCF API still answers, saying so.
      assert.equal((await tcData(p)).gdprApplies, false);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test("a Californian without GPC who accepts has not opted out", T, async () => {
    const { browser, page: p, errors } = await open("/ca.html");
    try {
      await button(p, "Accept all").click();
      await p.waitForFunction(() => window.__heard.gpp.some((e) => e.eventName === "signalStatus"));
      const model = new GppModel((await gppPing(p)).gppString);
      for (const section of ["usnat", "usca"]) {
        assert.deepEqual(
          ["SaleOptOut", "SharingOptOut", "Gpc"].map((f) => model.getFieldValue(section, f)),
          [2, 2, false],
          section,
        );
      }
      const heard = await p.evaluate(() => window.__heard.gpp.filter((e) => e.eventName === "signalStatus").at(-1));
      assert.equal(new GppModel(heard.gppString).getFieldValue("usca", "SaleOptOut"), 2, "the early listener heard it");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test("a Colorado visitor who accepts: usnat and usco say they did not opt out", T, async () => {
    const { browser, page: p, errors } = await open("/co.html");
    try {
      await button(p, "Accept all").click();
      await p.waitForFunction(() => window.__heard.gpp.some((e) => e.eventName === "signalStatus"));
      const gpp = await gppPing(p);
      assert.deepEqual([gpp.sectionList, gpp.applicableSections], [[7, 10], [10]]);
      const model = new GppModel(gpp.gppString);
      assert.deepEqual(model.getSectionIds(), [7, 10]);
      assert.deepEqual(
        ["SaleOptOutNotice", "SaleOptOut", "TargetedAdvertisingOptOut", "Gpc"].map((f) => model.getFieldValue("usco", f)),
        [1, 2, 2, false],
      );
      assert.equal(model.getFieldValue("usco", "KnownChildSensitiveDataConsents"), 0);
      assert.equal(model.getFieldValue("usnat", "SharingOptOut"), 2);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test("a site with TCF settings whose policy maps nothing to the TCF: __gpp answers a visitor in the EEA, and no __tcfapi waits forever", T, async () => {
    const { browser, page: p, errors, fetched } = await open("/no-tcf.html");
    try {
      for (const file of ADTECH) assert.ok(fetched().includes(file), `${file} was fetched`);
      // The ad tag found no __tcfapi (the stub installed none), as on a page without a CMP; its
      // __gpp listener, queued by the stub, was answered by the module.
      const early = await p.evaluate(() => ({ ...window.__heard, tcfapi: typeof window.__tcfapi }));
      assert.equal(early.tcfapi, "undefined");
      assert.equal(early.gpp[0]?.eventName, "listenerRegistered", JSON.stringify(early.gpp));
      assert.equal(early.gpp[0].ok, true);
      const gpp = await gppPing(p);
      assert.deepEqual([gpp.ok, gpp.cmpStatus, gpp.signalStatus, gpp.sectionList], [true, "loaded", "ready", []]);
      assert.equal(await p.evaluate(() => window.assent.state().tcString), null);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test("when the vendor list cannot be loaded, the banner still asks and every queued call is answered as failed", T, async () => {
    const { browser, page: p, errors } = await open("/no-list.html", { ad: false });
    try {
      await p.waitForFunction(() => typeof window.__tcfapi === "function" && !("queue" in window.__tcfapi), null, { timeout: 30_000 });
      const early = await p.evaluate(() => window.__heard);
      assert.deepEqual([early.tcf.map((h) => h.ok), early.getTCData?.ok], [[false], false]);
      const later = await p.evaluate(() => new Promise((resolve) => window.__gpp("ping", (data, ok) => resolve([data, ok]))));
      assert.deepEqual(later, [null, false]);
      // The banner asks all the same, and records a choice.
      await button(p, "Accept all").click();
      await p.waitForFunction(() => window.assent.state().purposes["analytics-cookies"]);
      assert.ok(errors.some((e) => e.includes("ad-tech signals did not start")), JSON.stringify(errors));
    } finally {
      await browser.close();
    }
  });
});
