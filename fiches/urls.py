"""Public export URLs of fiches, mounted at ``/fiches/`` by ``portal.urls``."""
from django.urls import path

from . import views

app_name = "fiches"

urlpatterns = [
    path("<dbid:page_id>/pdf/", views.fiche_pdf, name="pdf"),
    path("<dbid:page_id>/json/", views.fiche_json, name="json"),
    path("export.csv", views.fiches_csv, name="csv"),
]
