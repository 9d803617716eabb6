// The synthesis shows one collapsible part per académie: following a link to an académie (the table of
// contents, the table of académies, an address with #academie-…) opens its part. Printing the page opens
// every part (a closed one would print as its title alone), and closes again those it opened.
(function () {
  "use strict";
  var openedForPrint = [];
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    var part = target ? target.querySelector("[data-synthesis-part]") : null;
    if (part) {
      part.open = true;
    }
  }
  function openAllForPrint() {
    openedForPrint = Array.prototype.filter.call(document.querySelectorAll("[data-synthesis-part]"), function (part) {
      return !part.open;
    });
    openedForPrint.forEach(function (part) { part.open = true; });
  }
  function closeAfterPrint() {
    openedForPrint.forEach(function (part) { part.open = false; });
    openedForPrint = [];
  }
  window.addEventListener("hashchange", openTarget);
  window.addEventListener("beforeprint", openAllForPrint);
  window.addEventListener("afterprint", closeAfterPrint);
  document.addEventListener("DOMContentLoaded", openTarget);
})();
