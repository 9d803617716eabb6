"""Search page and fiche search API (written in the search issue)."""
from django.urls import path
from django.views.generic import TemplateView

urlpatterns = [
    path("recherche/", TemplateView.as_view(template_name="search/search.html"), name="search"),
]
