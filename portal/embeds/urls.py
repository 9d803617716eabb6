"""Widgets, mounted at ``/integrer/`` by ``portal.urls``."""
from django.urls import path

from . import views

app_name = "embeds"

urlpatterns = [
    path("", views.builder, name="builder"),
    path("<uuid:key>/", views.widget_view, name="widget"),
    path("<uuid:key>/fiches.geojson", views.widget_geojson, name="geojson"),
    path("<uuid:key>/modifier/", views.edit, name="edit"),
    path("<uuid:key>/supprimer/", views.delete, name="delete"),
]
