"""Public URLs of the annual synthesis, mounted at ``/synthese/`` by ``portal.urls``."""
from django.urls import path, re_path

from . import views

app_name = "synthesis"

urlpatterns = [
    path("", views.synthesis_index, name="index"),
    re_path(r"^(?P<annee>\d{4}-\d{4})/$", views.synthesis_detail, name="detail"),
    re_path(r"^(?P<annee>\d{4}-\d{4})/synthese\.(?P<fmt>pdf|docx|csv|xlsx)$", views.synthesis_export, name="export"),
]
