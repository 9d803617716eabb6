"""The API's description, mounted at the site root by ``portal.urls``."""
from django.urls import path

from . import views

app_name = "apidoc"

urlpatterns = [
    path("api/", views.api_page, name="page"),
    path("api/v1/openapi.json", views.openapi_json, name="openapi"),
]
