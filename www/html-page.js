// The HTML pages the edge writes itself (the guardian's pages, the policy-changes page): one shell,
// one escaping rule, one set of headers that every such page carries.
import { headersWith } from "./http.js";

/** `text` safe inside HTML text and attribute values. */
export const escape = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

/** The stylesheet the edge's own pages link (`createEdge({ stylesheet })`). */
let stylesheet = "/assent/assent.css";

/** Sets the stylesheet of the edge's own pages, a path on the site. */
export function usePageStylesheet(href) {
  if (href === undefined) return;
  if (typeof href !== "string" || !href.startsWith("/") || href.startsWith("//")) {
    throw new TypeError("createEdge: `stylesheet` must be a path on the site, such as /styles.css");
  }
  stylesheet = href;
}

/**
 * A page: `body` (HTML, already escaped) under an `<h1>` of `title`, inside `<main class=mainClass>`,
 * with the edge's page stylesheet. `headers` adds to (or overrides) text/html and nosniff: each page
 * gives its own Content-Security-Policy and caching.
 */
export function htmlPage({ lang, title, mainClass, body, status = 200, headers = {} }) {
  const page = `<!doctype html>
<html lang="${escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<link rel="stylesheet" href="${escape(stylesheet)}">
</head>
<body>
<main class="${escape(mainClass)}">
<h1>${escape(title)}</h1>
${body}
</main>
</body>
</html>
`;
  return new Response(page, {
    status,
    headers: headersWith({ "content-type": "text/html; charset=utf-8", "x-content-type-options": "nosniff" }, headers),
  });
}
