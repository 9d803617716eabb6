// The synthesis shows one collapsible part per académie: following a link to an académie (the table of
// contents, the table of académies, an address with #academie-…) opens its part.
(function () {
  "use strict";
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    var part = target ? target.querySelector("[data-synthesis-part]") : null;
    if (part) {
      part.open = true;
    }
  }
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("DOMContentLoaded", openTarget);
})();
