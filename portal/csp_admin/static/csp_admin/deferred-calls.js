// Runs the widget initialisers that portal.csp_admin writes as JSON instead of inline scripts
// (our Content-Security-Policy blocks inline scripts), at the moment the inline script would have
// run: as the parser adds each block, before Stimulus controllers connect (a chooser must find
// its buttons before a dropdown moves them), then for forms added later (an inline panel's
// « add »). Only the initialisers named below can be called.
(function () {
  "use strict";

  var CONSTRUCTORS = ["InlinePanel", "MultipleChooserPanel", "Chooser", "PageChooser", "SnippetChooser",
    "ImageChooser", "DocumentChooser"];
  var FUNCTIONS = ["initDateChooser", "initTimeChooser", "initDateTimeChooser"];
  var SELECTOR = 'script[type="application/json"][data-accroche-call]';
  var pending = [];

  function collect(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    if (node.matches(SELECTOR)) pending.push(node);
    node.querySelectorAll(SELECTOR).forEach(function (element) { pending.push(element); });
  }

  // False while the parser has not written the whole block yet (a cut JSON object never parses).
  function run(element, complete) {
    if (element.hasAttribute("data-accroche-done")) return true;
    var call;
    try {
      call = JSON.parse(element.textContent);
    } catch (error) {
      if (complete) throw error;
      return false;
    }
    element.setAttribute("data-accroche-done", "");
    var target = window[call.name];
    var allowed = call.new ? CONSTRUCTORS : FUNCTIONS;
    if (allowed.indexOf(call.name) < 0 || typeof target !== "function") {
      throw new Error("accroche: initialiser not allowed or not loaded: " + call.name);
    }
    if (call.new) {
      new (Function.prototype.bind.apply(target, [null].concat(call.args)))();
    } else {
      target.apply(window, call.args);
    }
    return true;
  }

  function flush(complete) {
    pending = pending.filter(function (element) { return !run(element, complete); });
  }

  new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      if (mutation.target.matches && mutation.target.matches(SELECTOR)) pending.push(mutation.target);
      mutation.addedNodes.forEach(collect);
    });
    flush(document.readyState !== "loading");
  }).observe(document.documentElement, { childList: true, subtree: true });

  document.addEventListener("DOMContentLoaded", function () {
    collect(document.body);
    flush(true);
  });
})();
