from django.contrib.auth.views import LoginView
from django.http import HttpResponse
from django.urls import include, path


def session(request):
    """Who is signed in at the provider (the tests check that logging out ended it)."""
    return HttpResponse(request.user.username if request.user.is_authenticated else "")


urlpatterns = [
    path("connexion/", LoginView.as_view(), name="login"),
    path("session/", session),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
