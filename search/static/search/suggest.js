// Suggestions for the search box: fills a <datalist> from /api/v1/fiches/suggest (no dependency).
(function () {
  "use strict";
  document.querySelectorAll("input[data-suggest-url]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var prefix = input.value.trim();
        if (prefix.length < 2 || prefix === last) { return; }
        last = prefix;
        fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(prefix), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) {
            list.replaceChildren();
            data.suggestions.forEach(function (suggestion) {
              var option = document.createElement("option");
              option.value = suggestion.text;  // text only: never rendered as markup
              list.appendChild(option);
            });
          })
          .catch(function () { list.replaceChildren(); });
      }, 150);
    });
  });
})();
