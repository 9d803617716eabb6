// Map of upcoming events: one marker per placed event, its popup links to the event.
// The list below the map is the text alternative; tiles may fail to load (offline).
(function () {
  "use strict";
  var element = document.getElementById("event-map");
  if (!element || !window.L) return;
  var config = JSON.parse(document.getElementById("event-map-config").textContent);
  var map = L.map(element, { minZoom: 2, maxZoom: 18 }).setView([46.6, 2.4], 5);
  map.attributionControl.setPrefix(config.tiles.prefix);
  L.tileLayer(config.tiles.url, { attribution: config.tiles.attribution, maxZoom: 18 }).addTo(map);
  fetch(config.geojson, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        onEachFeature: function (feature, marker) {
          var p = feature.properties;
          var box = document.createElement("div");
          var link = document.createElement("a");
          link.href = p.url;
          link.textContent = p.title;
          box.appendChild(link);
          var line = document.createElement("p");
          line.textContent = p.date + (p.commune ? " — " + p.commune : "") + " — " + p.network;
          box.appendChild(line);
          marker.bindPopup(box);
        },
      }).addTo(map);
      if (data.features.length) map.fitBounds(layer.getBounds(), { maxZoom: 9, padding: [20, 20] });
    });
})();
