// Shows the OpenAPI document of the page's data-openapi-url in Swagger UI (no inline script: the CSP allows none),
// inside the page's own <main> and under its h1: our layout (AccrocheLayout) replaces Swagger UI's, which brings
// a second h1, a <main> of its own and an unlabelled « Servers » select. Nothing can be sent from the page
// (no « Try it out »), operations are not links inside their buttons (no deep linking), and the schemas are
// shown with each response only. The French labels come from the page (#swagger-ui-labels, gettext);
// swagger-ui-dom.js puts them in place of Swagger UI's own English.
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

    return { components: { AccrocheLayout: AccrocheLayout } };
  }

  SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    plugins: [AccrocheLayoutPlugin],
    layout: "AccrocheLayout",
    deepLinking: false,
    docExpansion: "list",
    defaultModelsExpandDepth: -1,
    supportedSubmitMethods: [],
    validatorUrl: null,
  });
  root.style.setProperty("--accroche-required-label", JSON.stringify(labels.required));
  AccrocheSwaggerDom.adapt(root, labels);
})();
