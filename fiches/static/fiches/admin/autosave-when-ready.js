// Wagtail's autosave of a new page posts as soon as a field changes; while the title (and the slug
// Wagtail derives from it) or a school year is missing, the post is refused and the editor reads
// « L'enregistrement automatique est en pause — erreurs de validation » before having done anything
// wrong. Hold the autosave request until those fields are filled; it starts with the next change.
(function () {
  "use strict";
  var REQUIRED = "input[name='title'], input[name='slug'], [name^='school_year_links-'][name$='-school_year']";

  function missing(form) {
    return Array.prototype.some.call(form.querySelectorAll(REQUIRED), function (field) {
      var row = field.closest("[id^='inline_child_']");
      var deleted = row && row.querySelector("input[name$='-DELETE']");
      return !(deleted && deleted.value === "1") && field.value.trim() === "";
    });
  }

  document.addEventListener(
    "w-unsaved:add",
    function (event) {
      var form = event.target instanceof Element ? event.target.closest("form") : null;
      if (form && missing(form)) {
        event.stopImmediatePropagation();
      }
    },
    true
  );
})();
