// Time from navigation to a visible banner, and bytes transferred, for assent's banner beside
// vanilla-cookieconsent 3 and Klaro, on the same test page in the same headless Chromium: assent
// on a static site (the module draws the banner), assent through its edge worker in real workerd
// (the banner and its stylesheet are in the HTML the edge sends; the page loads the banner module,
// or only assent/edge-banner.js, no Wasm), and a 10-line inline banner as the floor. A report, not a test: it prints a table and writes test-artifacts/banner-compare.json.
//
//   cargo xtask build && node benches/js/banner-compare.mjs [runs]
//
// Each library gets the same page (a heading, three products, one analytics script gated by its
// category), served from loopback with gzip -9 as a production server would, and each visit opens
// it in a fresh browser context (cold cache); the candidates take turns, one visit each per round. "Visible" is the first animation frame in which the
// banner's element is laid out with a size and is not hidden, measured in the page against the
// navigation's start (performance.now()). assent's bytes include its Wasm engine and the compiled
// policy it decides from (its core file and the texts of the page's language); the others carry their rules in their JavaScript configuration. Also
// reported: the bytes received before the banner was visible (the page and every resource that
// had ended by then, from the page's resource timing) and the cumulative layout shift. The edge's
// answers pass through a loopback proxy that gzips them (-9), as the other pages are served; the
// edge's visitor is a first-time one in DE, whose banner's first step is the age question. The
// machine's load averages before and after the visits are printed and kept with the figures: on a
// shared machine they say how far a run's medians can be trusted.
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { Agent, createServer, request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = fileURLToPath(new URL("../../", import.meta.url));
const testsJs = path.join(root, "tests", "js");
const require = createRequire(path.join(testsJs, "package.json"));
const { chromium } = require("playwright-core");
const { CHROMIUM_FLAGS, onPath, writeCompiled } = await import(path.join(testsJs, "helpers.mjs"));

const RUNS = Number(process.argv[2] ?? 15);

const BODY = `<main>
  <h1>Warm light for long evenings</h1>
  <p>Hand-made paper lamps and woven throws, shipped from our workshop.</p>
  <ul><li>Moon paper lamp, ¥ 268</li><li>Indigo stripe throw, ¥ 459</li><li>Tall festival lantern, ¥ 188</li></ul>
</main>`;

/** The <head> of a page the edge serves, loading assent's `script`: the banner module, or the script without Wasm. */
function edgeHead(script) {
  return `<link rel="stylesheet" href="/assent/assent.css">
<script type="application/json" id="assent-config">{"policy": "/v1/policy/compiled/core.json", "edge": "/"}</script>
<script type="module" src="/assent/${script}"></script>
<script data-purpose="analytics-cookies" src="/analytics.js"></script>`;
}

/** The pages: what each library needs in <head>, and the selector of its banner. */
const CANDIDATES = {
  assent: {
    selector: ".assent-dialog",
    head: `<link rel="stylesheet" href="/assent/assent.css">
<script type="application/json" id="assent-config">{"policy": "/policy/assent-seed-1.0.0.core.json", "jurisdiction": "DE"}</script>
<script type="module" src="/assent/banner.js"></script>
<script type="text/plain" data-purpose="analytics-cookies" src="/analytics.js"></script>`,
    html: ` data-assent-age-band="adult"`,
  },
  "assent at the edge": { selector: ".assent-dialog", edge: true, head: edgeHead("banner.js"), html: "" },
  "assent at the edge, no Wasm": { selector: ".assent-dialog", edge: true, head: edgeHead("edge-banner.js"), html: "" },
  "inline banner (floor)": {
    selector: "#floor",
    head: `<link rel="stylesheet" href="/floor.css">`,
    body: `<div id="floor" role="dialog" aria-label="Cookies"><p>We use cookies for analytics, only if you agree.</p>
<button>Accept all</button> <button>Reject all</button> <button>Choose</button></div>
<script src="/floor.js"></script>`,
    html: "",
  },
  "vanilla-cookieconsent 3": {
    selector: "#cc-main .cm",
    head: `<link rel="stylesheet" href="/cc/cookieconsent.css">
<script type="module" src="/cc-init.js"></script>
<script type="text/plain" data-category="analytics" src="/analytics.js"></script>`,
    html: "",
  },
  "Klaro 0.7": {
    selector: ".klaro .cookie-notice",
    head: `<script defer src="/klaro-config.js"></script>
<script defer src="/klaro/klaro.js"></script>
<script type="text/plain" data-type="application/javascript" data-name="analytics" data-src="/analytics.js"></script>`,
    html: "",
  },
};

const CC_INIT = `import * as CookieConsent from "/cc/cookieconsent.esm.js";
CookieConsent.run({
  // Its default hides the banner from automated browsers (navigator.webdriver), which this is.
  hideFromBots: false,
  categories: { necessary: { enabled: true, readOnly: true }, analytics: {} },
  language: {
    default: "en",
    translations: {
      en: {
        consentModal: {
          title: "Your privacy choices",
          description: "We use cookies for analytics, only if you agree.",
          acceptAllBtn: "Accept all",
          acceptNecessaryBtn: "Reject all",
          showPreferencesBtn: "Choose",
        },
        preferencesModal: {
          title: "Choose what you allow",
          acceptAllBtn: "Accept all",
          acceptNecessaryBtn: "Reject all",
          savePreferencesBtn: "Save my choices",
          sections: [
            { title: "Strictly necessary", linkedCategory: "necessary" },
            { title: "Analytics cookies", linkedCategory: "analytics" },
          ],
        },
      },
    },
  },
});
`;

const KLARO_CONFIG = `window.klaroConfig = {
  version: 1,
  acceptAll: true,
  mustConsent: false,
  services: [{ name: "analytics", title: "Analytics cookies", purposes: ["analytics"], cookies: ["_ga"] }],
};
`;

const FLOOR_CSS = "#floor { position: fixed; inset: auto 0 0 0; padding: 1em; background: #fff; border-top: 1px solid #888; }\n";
const FLOOR_JS = 'for (const b of document.querySelectorAll("#floor button")) b.onclick = () => document.getElementById("floor").remove();\n';

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

/** A loopback static server that gzips (-9) what a production server would. */
async function serve(dir) {
  const cache = new Map();
  const server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname);
    const file = path.join(dir, pathname);
    let info;
    try {
      info = await stat(file);
    } catch {
      info = null;
    }
    if (!file.startsWith(dir) || !info?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    const type = TYPES[path.extname(file)] ?? "application/octet-stream";
    const headers = { "content-type": type, "cache-control": "no-store" };
    if ((req.headers["accept-encoding"] ?? "").includes("gzip")) {
      if (!cache.has(file)) cache.set(file, gzipSync(await readFile(file), { level: 9 }));
      res.writeHead(200, { ...headers, "content-encoding": "gzip" }).end(cache.get(file));
    } else {
      res.writeHead(200, headers);
      createReadStream(file).pipe(res);
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

async function site() {
  const dir = await mkdtemp(path.join(tmpdir(), "assent-banner-compare-"));
  await mkdir(path.join(dir, "assent"));
  for (const f of ["banner.js", "assent_banner.js", "assent_banner_bg.wasm", "assent.css", "edge-banner.js"]) {
    await symlink(path.join(root, "pkg", f), path.join(dir, "assent", f));
  }
  await symlink(path.join(testsJs, "node_modules", "vanilla-cookieconsent", "dist"), path.join(dir, "cc"));
  await symlink(path.join(testsJs, "node_modules", "klaro", "dist"), path.join(dir, "klaro"));
  await writeCompiled(dir, await readFile(path.join(root, "policies", "seed.json"), "utf8"));
  await writeFile(path.join(dir, "analytics.js"), 'document.documentElement.dataset.analytics = "on";\n');
  await writeFile(path.join(dir, "cc-init.js"), CC_INIT);
  await writeFile(path.join(dir, "klaro-config.js"), KLARO_CONFIG);
  await writeFile(path.join(dir, "favicon.ico"), "");
  await writeFile(path.join(dir, "floor.css"), FLOOR_CSS);
  await writeFile(path.join(dir, "floor.js"), FLOOR_JS);
  const pages = {};
  for (const [i, [name, c]] of Object.entries(CANDIDATES).entries()) {
    const file = `page-${i}.html`;
    await writeFile(
      path.join(dir, file),
      `<!doctype html>\n<html lang="en"${c.html}>\n<head>\n<meta charset="utf-8">\n<title>${name}</title>\n${c.head}\n</head>\n<body>\n${BODY}\n${c.body ?? ""}\n</body>\n</html>\n`,
    );
    pages[name] = `/${file}`;
  }
  return { dir, pages, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A loopback proxy in front of the edge that gzips (-9) its text, JSON and Wasm answers, as a CDN
 * in front of a worker would.
 */
async function gzipProxy(target) {
  const upstream = new URL(target);
  // Kept-alive connections to the edge, as a CDN keeps them to its origin.
  const agent = new Agent({ keepAlive: true });
  const server = createServer((req, res) => {
    const headers = { ...req.headers, host: upstream.host, "accept-encoding": "identity" };
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent },
      (answer) => {
        const chunks = [];
        answer.on("data", (c) => chunks.push(c));
        answer.on("end", () => {
          const out = { ...answer.headers };
          delete out["content-length"];
          delete out["content-encoding"];
          delete out["transfer-encoding"];
          delete out.connection;
          const body = Buffer.concat(chunks);
          if ((req.headers["accept-encoding"] ?? "").includes("gzip")) {
            res.writeHead(answer.statusCode, { ...out, "content-encoding": "gzip" }).end(gzipSync(body, { level: 9 }));
          } else {
            res.writeHead(answer.statusCode, out).end(body);
          }
        });
      },
    );
    forward.on("error", () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => server.close(() => (agent.destroy(), r()))),
  };
}

/**
 * In the page before anything else: the first frame in which `selector` is visible, the bytes
 * received by then, and the layout shifts.
 */
function watchFor(selector) {
  window.__shift = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
  }).observe({ type: "layout-shift", buffered: true });
  const tick = () => {
    const el = document.querySelector(selector);
    if (el) {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (box.width > 0 && box.height > 0 && style.visibility !== "hidden" && style.display !== "none") {
        const at = performance.now();
        window.__visibleAt = at;
        const [nav] = performance.getEntriesByType("navigation");
        window.__bytesBefore =
          (nav?.transferSize ?? 0) +
          performance
            .getEntriesByType("resource")
            .filter((r) => r.responseEnd <= at)
            .reduce((a, r) => a + r.transferSize, 0);
        return;
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

const browser = await chromium.launch({ executablePath: await onPath("chromium"), args: CHROMIUM_FLAGS, headless: true });
const s = await site();
const server = await serve(s.dir);
// The edge serves the same site directory (the assent files, the pages) through workerd.
const { edgeState, startEdge } = await import(path.join(testsJs, "edge.mjs"));
const edgeStateDir = await edgeState("banner-compare");
const edge = await startEdge(edgeStateDir, { site: s.dir });
const proxy = await gzipProxy(edge.url);
const results = {};
const load = { before: loadavg() };
/** One fresh visit of candidate `name`: when its banner became visible, the bytes by then, the shift. */
async function visit(name, c) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const transfers = [];
  page.on("requestfinished", async (request) => {
    const sizes = await request.sizes().catch(() => null);
    if (sizes) transfers.push({ url: new URL(request.url()).pathname, body: sizes.responseBodySize, headers: sizes.responseHeadersSize });
  });
  page.on("pageerror", (e) => console.error(`${name}: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && console.error(`${name}: ${m.text()}`));
  await page.addInitScript(watchFor, c.selector);
  if (c.edge) await page.setExtraHTTPHeaders({ "x-assent-jurisdiction": "DE" });
  await page.goto((c.edge ? proxy.url : server.url) + s.pages[name], { waitUntil: "load" });
  await page.waitForFunction(() => window.__visibleAt !== undefined, null, { timeout: 30_000 });
  const time = await page.evaluate(() => window.__visibleAt);
  const before = await page.evaluate(() => window.__bytesBefore);
  await page.waitForLoadState("networkidle");
  const shift = await page.evaluate(() => window.__shift);
  const library = transfers.filter((t) => !t.url.startsWith("/page-") && t.url !== "/favicon.ico");
  const bytes = {
    files: library.length,
    body: library.reduce((a, t) => a + t.body, 0),
    withHeaders: library.reduce((a, t) => a + t.body + t.headers, 0),
    list: library.map((t) => `${t.url} ${t.body}`),
  };
  await context.close();
  return { time, before, shift, bytes };
}

try {
  // Visits take turns (one of each candidate per round), so a change in the machine's load over
  // the run weighs on every candidate alike instead of on whichever ran at the time.
  const visits = Object.fromEntries(Object.keys(CANDIDATES).map((name) => [name, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const [name, c] of Object.entries(CANDIDATES)) visits[name].push(await visit(name, c));
  }
  for (const [name, vs] of Object.entries(visits)) {
    const times = vs.map((v) => v.time);
    const shifts = vs.map((v) => v.shift);
    results[name] = {
      runs: RUNS,
      visibleMs: { median: quantile(times, 0.5), p90: quantile(times, 0.9), min: Math.min(...times) },
      bytesBeforeVisible: quantile(vs.map((v) => v.before), 0.5),
      cls: { median: quantile(shifts, 0.5), worst: Math.max(...shifts), shifted: shifts.filter((x) => x > 0).length },
      bytes: vs.at(-1).bytes,
    };
  }
  load.after = loadavg();
} finally {
  await server.close();
  await proxy.close();
  await edge.stop();
  await edgeStateDir.remove();
  await browser.close();
  await s.remove();
}

const out = path.join(root, "test-artifacts");
await mkdir(out, { recursive: true });
await writeFile(path.join(out, "banner-compare.json"), JSON.stringify({ chromium: await onPath("chromium"), load, results }, null, 2));
const floor = results["inline banner (floor)"].visibleMs.median;
const averages = (l) => l.map((x) => x.toFixed(2)).join(", ");
console.log(`\nload average (1, 5, 15 min): ${averages(load.before)} before, ${averages(load.after)} after`);
console.log(`\n| banner | visible, median ms | × floor | p90 ms | bytes before visible | CLS median / worst (visits that shifted) | files | bytes transferred (gzip) |`);
console.log(`|---|---:|---:|---:|---:|---:|---:|---:|`);
for (const [name, r] of Object.entries(results)) {
  const m = r.visibleMs.median;
  console.log(
    `| ${name} | ${m.toFixed(0)} | ${(m / floor).toFixed(2)} | ${r.visibleMs.p90.toFixed(0)} | ${r.bytesBeforeVisible} | ${r.cls.median.toFixed(3)} / ${r.cls.worst.toFixed(3)} (${r.cls.shifted}) | ${r.bytes.files} | ${r.bytes.body} |`,
  );
}
for (const [name, r] of Object.entries(results)) console.log(`\n${name}:\n  ${r.bytes.list.join("\n  ")}`);
