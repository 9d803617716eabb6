// The DSFR breadcrumb below its md breakpoint (a phone, a window zoomed to 400 %): pressing « Voir le fil d'Ariane »
// hides the button and unfolds the list, so the focus has to move to the list's first link. The DSFR 1.14.4 moves
// it there and keeps moving it back for a while, as the link cannot take the focus while the list unfolds: a Tab
// pressed at once was undone, the focus back on the first link. Its disclosure event is stopped here before it
// reaches the DSFR's breadcrumb (vendored files untouched), and the first link is given the focus once it can take
// it, unless the user has moved the focus on meanwhile.
(function () {
  "use strict";
  var MAX_FRAMES = 60;

  function focusFirstLink(button, link, frame) {
    var active = document.activeElement;
    var movedOn = active && active !== document.body && active !== button && active !== link;
    if (movedOn || active === link || frame > MAX_FRAMES) return;
    link.focus();
    window.requestAnimationFrame(function () { focusFirstLink(button, link, frame + 1); });
  }

  document.addEventListener("dsfr.disclose", function (event) {
    var breadcrumb = event.target.closest ? event.target.closest(".fr-breadcrumb") : null;
    if (!breadcrumb) return;
    event.stopPropagation();
    var link = breadcrumb.querySelector("a[href]");
    if (link) focusFirstLink(breadcrumb.querySelector(".fr-breadcrumb__button"), link, 0);
  }, true);
})();
