// The shop's own script: the cart. Essential (the site does not work without it), so the page loads
// it for every visitor. The cart lives in sessionStorage and never leaves the browser.
(() => {
  const KEY = "cart";
  const read = () => {
    try {
      return JSON.parse(sessionStorage.getItem(KEY) ?? "[]");
    } catch {
      return [];
    }
  };
  const show = (items) => {
    const count = document.getElementById("cart-count");
    if (count) count.textContent = String(items.length);
  };
  document.addEventListener("DOMContentLoaded", () => {
    show(read());
    for (const button of document.querySelectorAll(".add-to-cart")) {
      button.addEventListener("click", () => {
        const sku = button.closest("[data-sku]")?.getAttribute("data-sku");
        if (!sku) return;
        const items = [...read(), sku];
        sessionStorage.setItem(KEY, JSON.stringify(items));
        show(items);
      });
    }
  });
})();
