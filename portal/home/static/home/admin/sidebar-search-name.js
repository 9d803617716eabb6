// Wagtail's sidebar (drawn by its JavaScript) holds a search form, a search landmark, without a name: a screen
// reader lists it as « recherche » beside the dashboard's own. It gets the name its script tag carries.
(() => {
  const label = document.currentScript.dataset.label;
  const name = () => {
    const form = document.querySelector("[data-wagtail-sidebar] [role=search]");
    if (form && !form.hasAttribute("aria-label")) form.setAttribute("aria-label", label);
    return Boolean(form);
  };
  document.addEventListener("DOMContentLoaded", () => {
    const sidebar = document.querySelector("[data-wagtail-sidebar]");
    if (name() || !sidebar) return;
    const observer = new MutationObserver(() => { if (name()) observer.disconnect(); });
    observer.observe(sidebar, {childList: true, subtree: true});
  });
})();
