"""Account screens of the public site, mounted at ``/comptes/`` by ``portal.urls``."""
from django.urls import path

from .second_factor_views import second_factor_view

app_name = "accounts"

urlpatterns = [
    path("double-authentification/", second_factor_view, name="second_factor"),
]
