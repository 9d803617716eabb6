// The keyboard focus comes back where the user was when something of the admin closes
// (tests/e2e/test_keyboard_journeys.py); before, it fell on the page's body and the next Tab started over from
// the top of the page:
// - Escape in an open dropdown (the « Actions » of a fiche waiting for moderation) closes it: the focus goes
//   back to its toggle;
// - a dialog opened from a dropdown (« Approuver et publier… »): Wagtail's modal gives the focus back to the
//   button that opened it, which the closed dropdown hides; the focus now goes to the dropdown's toggle;
// - on a narrow window (200 % zoom, a phone), Wagtail's sidebar takes every Escape as its own and moves the focus
//   to its toggle, even closed: the focus now stays where that Escape left it.
(function () {
  "use strict";

  var DROPDOWN = '[data-controller~="w-dropdown"]';
  var DROPDOWN_TOGGLE = '[data-w-dropdown-target="toggle"]';
  var MOBILE_SIDEBAR_TOGGLE = ".sidebar-nav-toggle--mobile";
  var lastOutsideDialogs = null;

  function shown(element) {
    if (!element || !element.isConnected) return false;
    if (!element.checkVisibility) return element.getClientRects().length > 0;
    return element.checkVisibility({ visibilityProperty: true });
  }

  function dropdownToggleOf(element) {
    var dropdown = element && element.isConnected && element.closest(DROPDOWN);
    return dropdown ? dropdown.querySelector(DROPDOWN_TOGGLE) : null;
  }

  document.addEventListener("focusin", function (event) {
    if (!event.target.closest(".modal")) lastOutsideDialogs = event.target;
  });

  if (window.jQuery) {
    // Bound on the document, it runs after Wagtail's own handler on the dialog (which removes the dialog).
    window.jQuery(document).on("hidden.bs.modal", function () {
      var now = document.activeElement;
      if (shown(now) && now !== document.body && !now.matches(MOBILE_SIDEBAR_TOGGLE)) return;
      var target = shown(lastOutsideDialogs) ? lastOutsideDialogs : dropdownToggleOf(lastOutsideDialogs);
      if (shown(target)) target.focus();
    });
  }

  window.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var before = document.activeElement;
    var toggle = dropdownToggleOf(before);
    var inOpenMenu = toggle && before !== toggle && toggle.getAttribute("aria-expanded") === "true";
    var sidebarToggle = document.querySelector(MOBILE_SIDEBAR_TOGGLE);
    var sidebarWasClosed = sidebarToggle && sidebarToggle.getAttribute("aria-expanded") !== "true";
    setTimeout(function () {
      var now = document.activeElement;
      var stolen = sidebarWasClosed && now === sidebarToggle && before !== sidebarToggle;
      if (inOpenMenu && (now === before || now === document.body || stolen)) {
        toggle.focus();
      } else if (stolen && shown(before)) {
        before.focus();
      }
    }, 0);
  }, true);
})();
