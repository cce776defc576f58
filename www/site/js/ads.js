// Advertising (purpose "advertising"): fills the sponsored slot and sets the partner's `ad_id`
// cookie. Runs only after consent; in this demo the "partner" is a local placeholder.
(() => {
  const slot = document.getElementById("ad-slot");
  if (!document.cookie.split("; ").some((c) => c.startsWith("ad_id="))) {
    document.cookie = `ad_id=${crypto.randomUUID()}; Path=/; Max-Age=${13 * 30 * 24 * 3600}; SameSite=Lax`;
  }
  if (slot) slot.textContent = "Spring sale at our partner's store: 20% off ceramic tea sets.";
  document.documentElement.dataset.ads = "on";
})();
