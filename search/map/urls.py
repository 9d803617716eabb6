"""Map page and GeoJSON API."""
from django.urls import path

from . import api, views

urlpatterns = [
    path("carte/", views.map_page, name="map"),
    path("api/v1/fiches.geojson", api.fiches_geojson, name="fiches_geojson"),
]
