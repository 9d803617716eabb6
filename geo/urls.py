"""Map page and GeoJSON API (written in the geography issue)."""
from django.urls import path
from django.views.generic import TemplateView

urlpatterns = [
    path("carte/", TemplateView.as_view(template_name="geo/map.html"), name="map"),
]
