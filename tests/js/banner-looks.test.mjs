// The banner's looks in real headless Chromium behind the real edge (workerd): each layout (bar,
// box, modal) in the light and the dark scheme, the edge's banner adopted by the module without a
// layout shift, axe-core (color-contrast included) finding nothing serious, reject as prominent as
// accept, the keyboard, and whether the page stays usable. Loopback only; every start has a stop.
import assert from "node:assert/strict";
import { symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { ageLockCookie, edgeState, startEdge } from "./edge.mjs";
import { axeViolations, launchChromium, root, tempDir } from "./helpers.mjs";

const T = { timeout: 60_000 };
const LAYOUTS = ["bar", "box", "modal"];

/** A page of the site with the banner configured as `config` says, and a control of its own. */
const pageWith = (config) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Looks</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/assent/assent.css">
  <script type="application/json" id="assent-config">${JSON.stringify({ policy: "/v1/policy/compiled/core.json", edge: "/", ...config })}</script>
  <script type="module" src="/assent/banner.js"></script>
</head>
<body>
  <main>
    <h1>Lamps</h1>
    <p>A page of the shop, with a control of its own at the top.</p>
    <button id="page-control" type="button">Add to cart</button>
  </main>
</body>
</html>
`;

let state;
let site;
let edge;
let browser;

before(async () => {
  site = await tempDir("looks-site");
  await symlink(path.join(root, "www", "site", "assent"), path.join(site.dir, "assent"), "dir");
  for (const layout of LAYOUTS) await writeFile(path.join(site.dir, `${layout}.html`), pageWith({ layout }));
  await writeFile(path.join(site.dir, "forced-dark.html"), pageWith({ layout: "box", theme: "dark" }));
  await writeFile(path.join(site.dir, "forced-light.html"), pageWith({ layout: "box", theme: "light" }));
  await writeFile(path.join(site.dir, "unknown.html"), pageWith({ layout: "sidebar" }));
  state = await edgeState("looks");
  edge = await startEdge(state, { site: site.dir });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await edge?.stop();
  await state?.remove();
  await site?.remove();
});

/**
 * A fresh adult visitor in DE on `route`, with the visitor's `scheme`: the page once the module
 * has adopted the edge's banner, and the layout shift measured from the first paint.
 */
async function visit(route, scheme) {
  const page = await browser.context.newPage();
  // A first visit: no cookie, and nothing an earlier visit kept in the browser.
  await browser.context.clearCookies();
  await page.goto(new URL("/assent/assent.css", edge.url).href);
  await page.evaluate(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  const [name, ...value] = ageLockCookie(state.privateKeySet, "adult").split("=");
  await browser.context.addCookies([{ name, value: value.join("="), url: edge.url }]);
  await page.setExtraHTTPHeaders({ "x-assent-jurisdiction": "DE" });
  await page.emulateMedia({ colorScheme: scheme });
  await page.addInitScript(() => {
    window.__shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(new URL(route, edge.url).href, { waitUntil: "load" });
  await page.waitForFunction(() => window.assent);
  await page.waitForTimeout(300);
  return { page, errors };
}

/** The first layer's colours and its three buttons' boxes and colours. */
const looks = (page) =>
  page.evaluate(() => {
    const dialog = document.querySelector(".assent-first");
    const box = (e) => e.getBoundingClientRect();
    const buttons = [...dialog.querySelectorAll(".assent-actions button")].map((b) => {
      const s = getComputedStyle(b);
      return { label: b.textContent, width: Math.round(box(b).width), height: Math.round(box(b).height), background: s.backgroundColor, color: s.color, weight: s.fontWeight };
    });
    return { surface: getComputedStyle(dialog).backgroundColor, text: getComputedStyle(dialog).color, buttons };
  });

/** Whether a click at the centre of the page's own control reaches it. */
const controlReachable = (page) =>
  page.evaluate(() => {
    const c = document.getElementById("page-control");
    const r = c.getBoundingClientRect();
    return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === c;
  });

const isDark = (rgb) => {
  const [r, g, b] = rgb.match(/\d+/g).map(Number);
  return r + g + b < 3 * 128;
};

describe("each layout in each scheme", () => {
  for (const layout of LAYOUTS) {
    for (const scheme of ["light", "dark"]) {
      test(`${layout}, ${scheme}: adopted without a shift, axe-clean, buttons of equal weight`, T, async () => {
        const { page, errors } = await visit(`/${layout}.html`, scheme);
        try {
          assert.deepEqual(errors, []);
          assert.equal(await page.locator("aside.assent").count(), 1, "one banner: the edge's, adopted");
          assert.equal(await page.locator(`aside.assent.assent-layout-${layout}`).count(), 1);
          assert.equal(await page.locator(".assent-first").count(), 1);
          assert.equal(await page.evaluate(() => window.__shift), 0);
          const l = await looks(page);
          assert.equal(isDark(l.surface), scheme === "dark", `surface ${l.surface} in ${scheme}`);
          assert.equal(isDark(l.text), scheme !== "dark", `text ${l.text} in ${scheme}`);
          assert.deepEqual(l.buttons.map((b) => b.label), ["Accept all", "Reject all", "Choose"]);
          const [accept, ...others] = l.buttons;
          for (const b of others) {
            assert.deepEqual({ ...b, label: "" }, { ...accept, label: "" }, `${b.label} as prominent as ${accept.label}`);
          }
          assert.deepEqual(await axeViolations(page), []);
          const modal = layout === "modal";
          assert.equal(await page.locator(".assent-first[aria-modal=true]").count(), modal ? 1 : 0);
          assert.equal(await controlReachable(page), !modal, modal ? "a modal holds the page" : "the page stays usable");
        } finally {
          await page.close();
        }
      });
    }
  }
});

describe("the second layer and the status line", () => {
  test("axe-clean in both schemes, every purpose's details open", T, async () => {
    for (const scheme of ["light", "dark"]) {
      const { page } = await visit("/box.html", scheme);
      try {
        await page.locator(".assent-first [data-assent-action=choose]").click();
        await page.locator(".assent-second").waitFor();
        assert.equal(await page.locator(".assent-second[aria-modal=true]").count(), 1, "modal in every layout");
        await page.evaluate(() => document.querySelectorAll(".assent-second details").forEach((d) => (d.open = true)));
        assert.equal(isDark((await page.evaluate(() => getComputedStyle(document.querySelector(".assent-second")).backgroundColor))), scheme === "dark");
        assert.deepEqual(await axeViolations(page), [], `${scheme} second layer`);
        await page.locator(".assent-second [data-assent-action=reject]").click();
        await page.waitForFunction(() => /signed a receipt/.test(document.querySelector(".assent-status")?.textContent ?? ""));
        assert.deepEqual(await axeViolations(page), [], `${scheme} status line and reopen button`);
      } finally {
        await page.close();
      }
    }
  });
});

describe("the keyboard", () => {
  test("a modal keeps Tab inside; bar and box let it out; Reject all works from the keyboard", T, async () => {
    for (const layout of LAYOUTS) {
      const { page } = await visit(`/${layout}.html`, "light");
      try {
        // Focus starts on the dialog's heading; Tab walks its controls.
        assert.equal(await page.evaluate(() => document.activeElement?.id), "assent-title", layout);
        const inside = [];
        for (let i = 0; i < 8; i++) {
          await page.keyboard.press("Tab");
          inside.push(await page.evaluate(() => Boolean(document.activeElement?.closest(".assent-first"))));
        }
        if (layout === "modal") assert.ok(inside.every(Boolean), `${layout}: focus stayed in the dialog`);
        else assert.ok(inside.includes(false), `${layout}: focus moved on to the page`);
        // Back into the dialog: to Reject all, and Enter records the refusal.
        await page.locator(".assent-first [data-assent-action=reject]").focus();
        await page.keyboard.press("Enter");
        await page.waitForFunction(() => /signed a receipt/.test(document.querySelector(".assent-status")?.textContent ?? ""));
        assert.equal(await page.locator(".assent-first").count(), 0, `${layout}: the dialog closed`);
      } finally {
        await page.close();
      }
    }
  });

  test("Escape in a bar dismisses it only while focus is in it", T, async () => {
    const { page } = await visit("/bar.html", "light");
    try {
      await page.locator("#page-control").focus();
      await page.keyboard.press("Escape");
      assert.equal(await page.locator(".assent-first").count(), 1, "the page's own Escape is left alone");
      await page.locator(".assent-first [data-assent-action=choose]").focus();
      await page.keyboard.press("Escape");
      assert.equal(await page.locator(".assent-first").count(), 0);
    } finally {
      await page.close();
    }
  });
});

describe("a theme forced by the page", () => {
  test("dark under a light preference, light under a dark one; axe-clean both", T, async () => {
    for (const [route, scheme, dark] of [
      ["/forced-dark.html", "light", true],
      ["/forced-light.html", "dark", false],
    ]) {
      const { page } = await visit(route, scheme);
      try {
        assert.equal(await page.locator(`aside.assent[data-assent-theme=${dark ? "dark" : "light"}]`).count(), 1);
        assert.equal(isDark((await looks(page)).surface), dark, route);
        assert.deepEqual(await axeViolations(page), [], route);
      } finally {
        await page.close();
      }
    }
  });

  test("an unknown layout: a typed error naming the valid ones; the edge's banner still asks", T, async () => {
    const html = await (await fetch(new URL("/unknown.html", edge.url), { headers: { "x-assent-jurisdiction": "DE" } })).text();
    assert.equal((html.match(/<aside class="assent assent-layout-modal"/g) ?? []).length, 1, "the edge falls back to the default look");
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    try {
      await page.goto(new URL("/unknown.html", edge.url).href);
      const refused = await page.evaluate(() =>
        import("/assent/banner.js").then((m) => m.run().then(() => null, (e) => ({ name: e.name, code: e.code, path: e.path, message: e.message }))),
      );
      assert.equal(refused?.name, "AssentError");
      assert.deepEqual([refused.code, refused.path], ["config.invalid", "$.layout"]);
      assert.match(refused.message, /`sidebar` is not a layout: use one of bar, box, modal/);
    } finally {
      await page.close();
    }
  });
});

describe("a page changed under the edge", () => {
  test("the edge reads a page's configuration again once its text changed", T, async () => {
    const get = async () => (await fetch(new URL("/changing.html", edge.url), { headers: { "x-assent-jurisdiction": "DE" } })).text();
    await writeFile(path.join(site.dir, "changing.html"), pageWith({ layout: "bar" }));
    assert.match(await get(), /<aside class="assent assent-layout-bar"/);
    assert.match(await get(), /<aside class="assent assent-layout-bar"/, "the same text, the same reading");
    await writeFile(path.join(site.dir, "changing.html"), pageWith({ layout: "box" }).replace('<html lang="en">', '<html lang="zh-CN">'));
    const html = await get();
    assert.match(html, /<aside class="assent assent-layout-box" lang="zh-CN"/);
    assert.match(html, /<style data-assent-css>/);
  });

  test("a stylesheet link the edge cannot read stays a link, and the page is served", T, async () => {
    const broken = {
      "unparsable-href.html": "https://[::1/assent.css",
      "missing-file.html": "/nowhere/assent.css",
    };
    for (const [name, href] of Object.entries(broken)) {
      await writeFile(path.join(site.dir, name), pageWith({ layout: "box" }).replace('href="/assent/assent.css"', `href="${href}"`));
      const res = await fetch(new URL(`/${name}`, edge.url), { headers: { "x-assent-jurisdiction": "DE" } });
      const html = await res.text();
      assert.equal(res.status, 200, `${name}: ${html.slice(0, 300)}`);
      assert.match(html, /<aside class="assent assent-layout-box"/, name);
      assert.doesNotMatch(html, /<style data-assent-css>/, name);
      assert.ok(html.includes(`href="${href}"`), `${name} keeps its link`);
      assert.doesNotMatch(res.headers.get("content-security-policy"), /sha256-/, `${name}: nothing inline is allowed`);
    }
  });
});
