// Shows the OpenAPI document of the page's data-openapi-url in Swagger UI (no inline script: the CSP allows none),
// inside the page's own <main> and under its h1: our layout (AccrocheLayout) replaces Swagger UI's, which brings
// a second h1, a <main> of its own and an unlabelled « Servers » select. Nothing can be sent from the page
// (no « Try it out ») and the schemas are shown with each response only.
// Deep links (/api/#/tag/operationId) open and show their operation, and unfolding one puts its link in the
// address bar; Swagger UI's own links sit inside the operations' buttons (axe nested-interactive), so they are
// plain text here (DeepLink) and each operation has its own « Lien direct » beside its button (JumpToPath, the
// place Swagger UI keeps for such a link).
// The French labels come from the page (#swagger-ui-labels, gettext): swagger-ui-words.js gives Swagger UI the
// words it composes, swagger-ui-dom.js puts French in place of its fixed English.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  var labelsElement = document.getElementById("swagger-ui-labels");
  if (!root || !labelsElement || typeof SwaggerUIBundle !== "function") return;
  var labels = JSON.parse(labelsElement.textContent);

  function AccrocheLayoutPlugin(system) {
    var h = system.React.createElement;

    function AccrocheLayout(props) {
      var specSelectors = props.specSelectors;
      var getComponent = props.getComponent;
      var status = specSelectors.loadingStatus();
      if (status === "failed" || status === "failedConfig") return h("p", { className: "fr-error-text" }, labels.failed);
      if (!specSelectors.specStr()) return h("p", null, labels.loading);
      var Markdown = getComponent("Markdown", true);
      var Operations = getComponent("operations", true);
      var SvgAssets = getComponent("SvgAssets");
      var info = specSelectors.info();
      return h("div", null,
        h("h2", null, labels.rules.replace("%(version)s", info.get("version"))),
        h(Markdown, { source: info.get("description") }),
        h("h2", null, labels.operations),
        h("div", { className: "swagger-ui" }, h(SvgAssets), h(Operations)));
    }

    // An operation's link, for a specPath ["paths", path, method] (JumpToPath also comes with other paths:
    // nothing then); tag and operationId are encoded as Swagger UI writes them in the address bar.
    function OperationLink(props) {
      var specPath = props.path && props.path.toJS ? props.path.toJS() : props.path;
      if (!Array.isArray(specPath) || specPath.length !== 3 || specPath[0] !== "paths") return null;
      var operation = props.specSelectors.specJson().getIn(specPath);
      var tags = operation && operation.get("tags");
      var operationId = operation && operation.get("operationId");
      if (!tags || !tags.size || !operationId) return null;
      var isShownKey = ["operations", tags.first(), operationId];
      var name = specPath[2].toUpperCase() + " " + specPath[1];
      function show(event) {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        props.layoutActions.show(isShownKey, true);
      }
      return h("a", {
        className: "accroche-operation-link fr-link fr-link--sm",
        href: "#/" + encodeURIComponent(tags.first()) + "/" + encodeURIComponent(operationId),
        "aria-label": labels.operationLinkName.replace("%(operation)s", name),
        onClick: show,
      }, labels.operationLink);
    }

    function DeepLinkText(props) {
      return h("span", null, props.text);
    }

    return { components: { AccrocheLayout: AccrocheLayout, JumpToPath: OperationLink, DeepLink: DeepLinkText } };
  }

  SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    plugins: [AccrocheLayoutPlugin, AccrocheSwaggerWords.plugin(labels)],
    layout: "AccrocheLayout",
    deepLinking: true,
    docExpansion: "list",
    defaultModelsExpandDepth: -1,
    supportedSubmitMethods: [],
    validatorUrl: null,
  });
  root.style.setProperty("--accroche-required-label", JSON.stringify(labels.required));
  AccrocheSwaggerDom.adapt(root, labels);
})();
