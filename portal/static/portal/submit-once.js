// A POST form is sent once while it is on its way: a second submission of the same form (a double
// click on a slow connection) is cancelled, since the browser would drop the first navigation and
// send the second request after the server had already processed the first — two rows for one.
//
// The buttons are not disabled: a disabled button is left out of the post, and some forms have
// several named buttons. A form is held until this page is left, and sendable again when the page is
// shown again from the back/forward cache. Since a post may also leave the page in place (a stopped
// load, an answer that is a file), the hold ends after HOLD_MS in any case, and after TARGET_HOLD_MS
// for a form sent to another window or frame. A form answered by a file says so with
// data-submit-repeat: it is never held.
(function () {
  "use strict";
  var HOLD_MS = 20000;
  var TARGET_HOLD_MS = 3000;
  var heldUntil = new WeakMap();  // form → Date.now() at which it may be sent again

  // The button that sent the form may override its method and target (formmethod, formtarget).
  // Attributes, not properties: a field named "method" or "target" would hide the form's property.
  function sentWith(form, submitter, name) {
    if (submitter && submitter.hasAttribute("form" + name)) {
      return (submitter.getAttribute("form" + name) || "").toLowerCase();
    }
    return (form.getAttribute(name) || "").toLowerCase();
  }

  // On window, in the bubbling phase: after the form's and the document's own listeners, so that a
  // submission another script cancelled (to send it itself, or because a check failed) holds nothing.
  window.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.hasAttribute("data-submit-repeat")
        || sentWith(form, event.submitter, "method") !== "post") {
      return;
    }
    if (Date.now() < (heldUntil.get(form) || 0)) {
      event.preventDefault();
      return;
    }
    if (!event.defaultPrevented) {
      var target = sentWith(form, event.submitter, "target");
      heldUntil.set(form, Date.now() + (target && target !== "_self" ? TARGET_HOLD_MS : HOLD_MS));
    }
  });

  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      heldUntil = new WeakMap();
    }
  });
})();
