"""Search page and fiche search API."""
from django.urls import path

from . import api, views

urlpatterns = [
    path("recherche/", views.search_page, name="search"),
    path("api/v1/fiches/", api.fiches, name="api-fiches"),
    path("api/v1/fiches/suggest", api.suggest, name="api-fiches-suggest"),
]
