// Map of published fiches: fetches the GeoJSON of the visible area at each
// move; server clusters (large counts) are drawn as cluster icons that zoom
// in, single fiches go to a Leaflet.markercluster group with a popup each.
// Tiles may fail to load (offline): markers, clusters and popups still work.
(function () {
  "use strict";
  var element = document.getElementById("fiche-map");
  if (!element || !window.L) return;
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var status = document.getElementById("map-status");
  var map = L.map(element, { minZoom: 2, maxZoom: 18 });
  L.tileLayer(config.tiles.url, { attribution: config.tiles.attribution, maxZoom: 18 }).addTo(map);
  map.attributionControl.setPrefix(config.tiles.prefix);
  map.attributionControl.addAttribution(config.dataAttribution);
  var fiches = L.markerClusterGroup({ showCoverageOnHover: false });
  var serverClusters = L.layerGroup();
  map.addLayer(fiches);
  map.addLayer(serverClusters);
  var pending = null;

  function clamp(value, low, high) {
    return Math.max(low, Math.min(high, value));
  }

  function format(label, count) {
    return label.replace("%(count)s", count.toLocaleString("fr-FR"));
  }

  function line(label, value) {
    var p = document.createElement("p");
    p.textContent = label + " : " + value;
    return p;
  }

  function popup(properties) {
    var box = document.createElement("div");
    var title = document.createElement("p");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.title;
    title.appendChild(link);
    box.appendChild(title);
    box.appendChild(line(config.labels.structure, properties.etablissement));
    if (properties.commune) box.appendChild(line(config.labels.commune, properties.commune));
    return box;
  }

  function clusterMarker(feature, latlng) {
    var count = feature.properties.count;
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    var marker = L.marker(latlng, {
      title: format(config.labels.fiches, count),
      icon: L.divIcon({
        html: "<div><span>" + count + "</span></div>",
        className: "marker-cluster marker-cluster-" + size + " accroche-server-cluster",
        iconSize: L.point(40, 40),
      }),
    });
    marker.on("click", function () {
      var b = feature.bbox;
      if (b[0] === b[2] && b[1] === b[3]) map.setView(latlng, map.getZoom() + 2);
      else map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [20, 20] });
    });
    return marker;
  }

  function render(data) {
    fiches.clearLayers();
    serverClusters.clearLayers();
    var markers = [];
    data.features.forEach(function (feature) {
      var c = feature.geometry.coordinates;
      var latlng = L.latLng(c[1], c[0]);
      if (feature.properties.cluster) {
        serverClusters.addLayer(clusterMarker(feature, latlng));
      } else {
        markers.push(L.marker(latlng, { title: feature.properties.title }).bindPopup(popup(feature.properties)));
      }
    });
    fiches.addLayers(markers);
    status.textContent = format(config.labels.shown, data.count);
    element.dataset.loaded = "1";
  }

  function load() {
    var b = map.getBounds();
    var bbox = [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
                clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)];
    var url = config.apiUrl + (config.apiUrl.indexOf("?") < 0 ? "?" : "&") + "zoom=" + map.getZoom() +
      "&bbox=" + bbox.map(function (v) { return v.toFixed(5); }).join(",");
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(url, { signal: pending.signal, headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(render)
      .catch(function (error) {
        if (error.name !== "AbortError") status.textContent = config.labels.error;
      });
  }

  map.on("moveend", load);
  if (config.near) {
    var centre = L.latLng(config.near.lat, config.near.lon);
    L.circle(centre, { radius: config.near.km * 1000, fill: false, interactive: false }).addTo(map);
    map.fitBounds(centre.toBounds(config.near.km * 2000));
  } else if (config.bounds) {  // [[south, west], [north, east]] of the fiches shown (an embedded widget's)
    map.fitBounds(config.bounds, { padding: [30, 30], maxZoom: 12 });
  } else {
    map.setView([46.6, 2.4], 5);
  }
})();
