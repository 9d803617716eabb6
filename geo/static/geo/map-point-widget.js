// Map under the latitude input of an establishment: a click or a dragged
// marker writes latitude and longitude and marks the position as "manual".
(function () {
  "use strict";
  var FRANCE = [46.6, 2.4];

  function round(value) {
    return Math.round(value * 1e6) / 1e6;
  }

  function init(el) {
    var lat = document.getElementById(el.dataset.latitudeInput);
    var lon = document.getElementById(el.dataset.longitudeInput);
    var precision = document.getElementById(el.dataset.precisionInput);
    if (!lat || !lon || el.dataset.ready) return;
    el.dataset.ready = "1";
    var start = lat.value && lon.value ? [parseFloat(lat.value), parseFloat(lon.value)] : null;
    var map = L.map(el).setView(start || FRANCE, start ? 13 : 5);
    map.attributionControl.setPrefix(el.dataset.attributionPrefix);
    L.tileLayer(el.dataset.tilesUrl, { attribution: el.dataset.tilesAttribution, maxZoom: 19 }).addTo(map);
    var marker = null;

    function write(latlng) {
      lat.value = round(latlng.lat);
      lon.value = round(latlng.lng);
      if (precision) precision.value = "manual";
      [lat, lon, precision].forEach(function (input) {
        if (input) input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }

    function show(latlng) {
      if (marker) {
        marker.setLatLng(latlng);
        return;
      }
      marker = L.marker(latlng, { draggable: true, keyboard: true }).addTo(map);
      marker.on("dragend", function () { write(marker.getLatLng()); });
    }

    if (start) show(start);
    map.on("click", function (event) {
      show(event.latlng);
      write(event.latlng);
    });
    [lat, lon].forEach(function (input) {
      input.addEventListener("input", function () {
        var point = [parseFloat(lat.value), parseFloat(lon.value)];
        if (isFinite(point[0]) && isFinite(point[1])) {
          show(point);
          map.panTo(point);
        }
      });
    });
  }

  function initAll() {
    document.querySelectorAll("[data-map-point]").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();
