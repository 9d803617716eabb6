// Swagger UI's rendering, adapted as it happens (its components render again at each click, so this watches them):
// - it has no translations: a text, a title or an aria-label that is exactly one of its fixed English strings
//   (« Parameters », « Responses », a button's title…) is replaced by its French, given by the page; the
//   examples (pre, code) are never read;
// - a word that is English only in one place: where a parameter goes (« query » in « (query) »), a parameter's
//   format (« date-time » in « ($date-time) ») and the type of a response header (« string »), which Swagger UI
//   writes as the document gives them;
// - the button that unfolds a schema without a title has no name: it gets labels.schemaButton;
// - each table of responses has role="region" (without a name, and taking its table semantics away): removed.
var AccrocheSwaggerDom = (function () {
  "use strict";
  var ATTRIBUTES = ["title", "aria-label", "role"];
  var EXAMPLES = "pre, code";
  var SCOPED = [[".parameter__in", "locations"], [".prop-format", "formats"],
                ["table.headers td.header-col:nth-child(3)", "types"]];

  function adapt(root, labels) {
    var strings = labels.strings;

    function french(value) {
      var key = (value || "").trim();
      return key && Object.prototype.hasOwnProperty.call(strings, key) ? value.replace(key, strings[key]) : null;
    }

    function scopedFrench(node) {
      var value = (node.nodeValue || "").trim();
      for (var i = 0; i < SCOPED.length; i++) {
        var words = labels[SCOPED[i][1]];
        if (node.parentElement.matches(SCOPED[i][0]) && Object.prototype.hasOwnProperty.call(words, value)) {
          return node.nodeValue.replace(value, words[value]);
        }
      }
      return null;
    }

    function adaptAttribute(element, name) {
      if (name === "role") {
        if (element.matches("table.responses-table[role=region]")) element.removeAttribute("role");
        return;
      }
      var value = french(element.getAttribute(name));
      if (value !== null && !element.closest(EXAMPLES)) element.setAttribute(name, value);
    }

    function adaptElement(element) {
      ATTRIBUTES.forEach(function (name) { adaptAttribute(element, name); });
      if (element.matches("button.json-schema-2020-12-accordion") && !element.textContent.trim()) {
        element.setAttribute("aria-label", labels.schemaButton);
      }
    }

    function visit(node) {
      if (node.nodeType === Node.TEXT_NODE) {
        if (!node.parentElement || node.parentElement.closest(EXAMPLES)) return;
        var value = french(node.nodeValue);
        if (value === null) value = scopedFrench(node);
        if (value !== null) node.nodeValue = value;
      } else if (node.nodeType === Node.ELEMENT_NODE && !node.matches(EXAMPLES)) {
        adaptElement(node);
        node.childNodes.forEach(visit);
      }
    }

    visit(root);
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        if (record.type === "attributes") adaptAttribute(record.target, record.attributeName);
        else if (record.type === "characterData") visit(record.target);
        else record.addedNodes.forEach(visit);
      });
    }).observe(root, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES });
  }

  return { adapt: adapt };
})();
