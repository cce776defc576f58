// Analytics (purpose "analytics-cookies"): counts page views and clicks under a first-party `_ga`
// cookie. It runs only when the edge served it as executable, that is after the visitor consented.
// In this demo the events stay in the page (window.__analytics) instead of going to a collector.
(() => {
  const cookie = document.cookie.split("; ").find((c) => c.startsWith("_ga="));
  const id = cookie ? cookie.slice(4) : `GA1.1.${Math.floor(Math.random() * 1e9)}.${Math.floor(Date.now() / 1000)}`;
  if (!cookie) document.cookie = `_ga=${id}; Path=/; Max-Age=${13 * 30 * 24 * 3600}; SameSite=Lax`;
  const events = (window.__analytics = window.__analytics ?? []);
  events.push({ type: "page_view", path: location.pathname, client: id, time: Date.now() });
  document.addEventListener("click", (e) => {
    const target = e.target instanceof Element ? e.target.closest("a, button") : null;
    if (target) events.push({ type: "click", label: target.textContent?.trim() ?? "", time: Date.now() });
  });
  document.documentElement.dataset.analytics = "on";
})();
