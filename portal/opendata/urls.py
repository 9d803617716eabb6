"""The open data page and files, mounted at ``/donnees/`` by ``portal.urls``; each file is named after itself."""
from django.urls import path

from . import views
from .datasets import SCHEMAS, data_files

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("catalogue.jsonld", views.catalog, name="catalog"),
    *(path(name, views.data_file, {"filename": name}, name=name) for name in data_files()),
    *(path(name, views.schema_file, {"filename": name}, name=name) for name in SCHEMAS),
]
