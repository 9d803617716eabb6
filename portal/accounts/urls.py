"""Account screens of the public site, mounted at ``/comptes/`` by ``portal.urls``."""
from django.urls import path
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from .second_factor_views import second_factor_view
from .state_login import StateLoginView
from .workspace import workspace

app_name = "accounts"

urlpatterns = [
    path("espace/", workspace, name="workspace"),
    path("double-authentification/", second_factor_view, name="second_factor"),
    path("proconnect/connexion/", StateLoginView.as_view(), name="state_login"),
    path("proconnect/retour/", OIDCAuthenticationCallbackView.as_view(), name="state_login_callback"),
]
