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
    name();
    // Kept on: the sidebar draws its form again when it collapses or expands (a phone, a narrow window).
    if (sidebar) new MutationObserver(name).observe(sidebar, {childList: true, subtree: true});
  });
})();
