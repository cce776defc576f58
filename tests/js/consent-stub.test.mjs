// The stub (pkg/stub.js) in headless Chromium: a static page whose data block `assent compile
// --page-config` wrote, under a CSP that allows no inline script. A fake ad tag that runs right
// after the stub, before the banner's module loads, finds Consent Mode's default already sent
// and calls __tcfapi and __gpp; its queued TCF calls are answered once the module has loaded (the
// TC string decoded with @iabtcf/core), and a child frame's postMessage calls are answered through
// the locator frames. Then the stub through the real edge in workerd, which writes the block.
import assert from "node:assert/strict";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { TCString } from "@iabtcf/core";

import { cli, edgeState, startEdge } from "./edge.mjs";
import { launchChromium, root, serveStatic, siteWithPackage, tempDir } from "./helpers.mjs";

const T = { timeout: 60_000 };
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; frame-src 'self'; connect-src 'self'";
const CONFIG = { policy: "assent-seed-1.0.0.core.json", jurisdiction: "DE", consentMode: { waitForUpdate: 500 }, tcf: { cmpId: 300 } };
const SEVEN = ["ad_storage", "ad_user_data", "ad_personalization", "analytics_storage", "functionality_storage", "personalization_storage", "security_storage"];

// The fake ad tag: a classic script that runs before the module, records what it finds and calls
// both APIs at once, as ad tags do.
const TAG = `
window.__seen = {
  layer: Array.from(window.dataLayer || [], (a) => Array.from(a)),
  moduleLoaded: typeof window.assent !== "undefined",
  tcf: [],
  gpp: [],
};
window.__tcfapi("ping", 2, (d, ok) => __seen.tcf.push(["ping", d, ok]));
window.__tcfapi("addEventListener", 2, (d, ok) => __seen.tcf.push(["event", d, ok]));
window.__gpp("ping", (d, ok) => __seen.gpp.push(["ping", d, ok]));
// What had answered by the end of this script, before the module could load.
__seen.atTag = { tcf: __seen.tcf.map(([kind, d]) => [kind, d.cmpStatus]), gpp: __seen.gpp.map(([kind, d]) => [kind, d.cmpStatus]) };
`;

// A child frame that calls its parent across frames through the locator frames, once as an
// object (TCF) and once as JSON text (GPP), when the test says so.
const FRAME = `
window.__answers = [];
addEventListener("message", (e) => {
  const data = typeof e.data === "string" ? JSON.parse(e.data) : e.data;
  if (data.__tcfapiReturn || data.__gppReturn) window.__answers.push(data);
});
window.located = () => Boolean(parent.frames.__tcfapiLocator && parent.frames.__gppLocator);
window.callParent = () => {
  parent.postMessage({ __tcfapiCall: { command: "ping", version: 2, callId: "t1" } }, "*");
  parent.postMessage(JSON.stringify({ __gppCall: { command: "ping", version: "1.1", callId: "g1" } }), "*");
};
`;

const page = (block) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
${block}<script src="pkg/stub.js"></script>
<script src="tag.js"></script>
<script type="application/json" id="assent-config">${JSON.stringify(CONFIG)}</script>
<link rel="stylesheet" href="pkg/assent.css">
<script type="module" src="pkg/banner.js"></script>
</head><body><p>An ad-funded page.</p><iframe src="frame.html" title="ad slot"></iframe></body></html>`;

let site;
let server;
let browser;

before(async () => {
  const out = await tempDir("stub-compile");
  const configFile = path.join(out.dir, "assent-config.json");
  await writeFile(configFile, JSON.stringify(CONFIG));
  const compiled = await cli(["compile", path.join(root, "policies/seed.json"), "--out", out.dir, "--page-config", configFile]);
  assert.equal(compiled.code, 0, compiled.stderr);
  const block = await readFile(path.join(out.dir, "stub.html"), "utf8");
  // The compiled files the banner reads, served beside the page as the configuration says.
  const policyFiles = {};
  for (const name of (await readdir(out.dir)).filter((n) => n.startsWith("assent-seed-"))) {
    policyFiles[name] = await readFile(path.join(out.dir, name), "utf8");
  }
  await out.remove();
  site = await siteWithPackage("stub", {
    "index.html": page(block),
    "bare.html": page(""),
    "tag.js": TAG,
    "frame.html": `<!doctype html><meta charset="utf-8"><script src="frame.js"></script>`,
    "frame.js": FRAME,
    ...policyFiles,
  });
  server = await serveStatic(site.dir, { "content-security-policy": CSP });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await site?.remove();
});

async function open(file) {
  const p = await browser.context.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(e.message));
  p.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await p.goto(`${server.url}${file}`, { waitUntil: "load", timeout: 20_000 });
  return { page: p, errors };
}

describe("the stub on a static page", () => {
  test("the default is sent before the ad tag runs, and its early calls are answered once the module loads", T, async () => {
    const { page: p, errors } = await open("index.html");
    try {
      const early = await p.evaluate(() => window.__seen);
      assert.equal(early.moduleLoaded, false);
      // Consent Mode: one default command (the seed decides the same in every region), all seven
      // types, before the tag.
      assert.equal(early.layer.length, 1);
      const [command, kind, value] = early.layer[0];
      assert.deepEqual([command, kind], ["consent", "default"]);
      assert.deepEqual(Object.keys(value), [...SEVEN, "wait_for_update"]);
      assert.ok(SEVEN.every((t) => value[t] === "denied"), JSON.stringify(value));
      assert.equal(value.wait_for_update, 500);
      // Ping is answered by the stub at once; the listener waits for the module.
      assert.deepEqual(early.atTag, { tcf: [["ping", "stub"]], gpp: [["ping", "stub"]] });

      await p.waitForFunction(() => window.__seen.tcf.some(([kind]) => kind === "event"), null, { timeout: 20_000 });
      const first = await p.evaluate(() => window.__seen.tcf.find(([kind]) => kind === "event"));
      assert.equal(first[2], true);
      assert.ok(["tcloaded", "cmpuishown"].includes(first[1].eventStatus), first[1].eventStatus);
      assert.equal(first[1].cmpId, 300);
      const before = TCString.decode(first[1].tcString);
      assert.equal(before.cmpId, 300);
      assert.deepEqual([...before.purposeConsents.values()], []);

      // Without an edge the age question comes first (the seed asks it everywhere).
      const age = p.locator("[role=dialog].assent-age");
      await age.locator("select[name=birthYear]").selectOption(String(new Date().getUTCFullYear() - 30));
      await age.locator("select[name=birthMonth]").selectOption("1");
      await age.locator("[data-assent-action=age]").click();
      await p.getByRole("button", { name: "Accept all", exact: true }).click();
      await p.waitForFunction(
        () => window.__seen.tcf.some(([kind, d]) => kind === "event" && d.eventStatus === "useractioncomplete"),
        null,
        { timeout: 20_000 },
      );
      const done = await p.evaluate(() => window.__seen.tcf.find(([, d]) => d?.eventStatus === "useractioncomplete"));
      const seed = JSON.parse(await readFile(path.join(root, "policies/seed.json"), "utf8"));
      const mapped = [...new Set(seed.purposes.flatMap((x) => x.tcfPurposes ?? []))].sort((a, b) => a - b);
      const tc = TCString.decode(done[1].tcString);
      assert.deepEqual([...tc.purposeConsents.values()].sort((a, b) => a - b), mapped);
      // No second default after the tags ran: only the stub's, then the module's updates.
      const kinds = await p.evaluate(() => Array.from(window.dataLayer, (a) => a[1]));
      assert.equal(kinds.filter((k) => k === "default").length, 1, kinds.join());
      assert.ok(kinds.includes("update"), kinds.join());
      // The child frame's calls, answered across frames.
      const frame = p.frames().find((f) => f.url().endsWith("frame.html"));
      await frame.waitForFunction(() => window.located(), null, { timeout: 10_000 });
      await frame.evaluate(() => window.callParent());
      await frame.waitForFunction(() => window.__answers.length === 2, null, { timeout: 10_000 });
      const answers = await frame.evaluate(() => window.__answers);
      const tcf = answers.find((a) => a.__tcfapiReturn).__tcfapiReturn;
      const gpp = answers.find((a) => a.__gppReturn).__gppReturn;
      assert.deepEqual([tcf.callId, tcf.success, tcf.returnValue.cmpId, tcf.returnValue.cmpStatus], ["t1", true, 300, "loaded"]);
      assert.deepEqual([gpp.callId, gpp.success, gpp.returnValue.gppVersion], ["g1", true, "1.1"]);
      assert.deepEqual(errors, []);
    } finally {
      await p.close();
    }
  });

  test("without its data block the stub says what is missing and sends nothing", T, async () => {
    const { page: p, errors } = await open("bare.html");
    try {
      // The module sends the default itself then, late; the stub sent nothing.
      await p.waitForFunction(() => window.assent, null, { timeout: 20_000 });
      assert.equal(await p.getAttribute("html", "data-assent-consent-default"), null);
      assert.ok(errors.some((e) => e.includes('id="assent-stub"') && e.includes("assent compile --page-config")), errors.join("\n"));
    } finally {
      await p.close();
    }
  });
});

describe("the stub through the edge", () => {
  let state;
  let edge;
  before(async () => {
    state = await edgeState("stub");
    edge = await startEdge(state);
  });
  after(async () => {
    await edge?.stop();
    await state?.remove();
  });

  test("the edge writes the engine's block just before the stub, for this visitor", T, async () => {
    for (const gpc of [false, true]) {
      const headers = { "x-assent-jurisdiction": "US-CA", ...(gpc ? { "sec-gpc": "1" } : {}) };
      const html = await (await fetch(new URL("/", edge.url), { headers })).text();
      const m = html.match(/<script type="application\/json" id="assent-stub">(.*?)<\/script><script src="\/assent\/stub.js"><\/script>/);
      assert.ok(m, html.slice(0, 600));
      const data = JSON.parse(m[1]);
      assert.equal(data.tcf, true);
      assert.ok(data.consentMode.length >= 1);
      assert.ok(data.consentMode.every((c) => SEVEN.every((t) => c[t] === "denied") && c.wait_for_update === 500));
    }
  });
});
