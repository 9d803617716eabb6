// « Imprimer » buttons of the SAS timetables (a static file: the CSP allows no inline script).
document.querySelectorAll("[data-sas-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
