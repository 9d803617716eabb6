"""The map of fiches (/carte/) and its GeoJSON API: published fiches filtered, placed and clustered.

Places themselves (gazetteer, geocoding, distance, clustering of points) are geo's; this package is where
they meet fiches. Its template and static files keep their names (``geo/map.html``, ``geo/map.js``).
"""
