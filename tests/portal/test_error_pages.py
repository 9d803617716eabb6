"""The error pages a visitor meets speak French and keep the site's frame (production: DEBUG off)."""
import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_unknown_address_answers_a_french_404_page(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page non trouvée" in html
    assert 'lang="fr"' in html
    assert "Not Found" not in html and "requested resource" not in html


def test_refusal_says_why_in_french():
    request = RequestFactory().get("/sas/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = defaults.permission_denied(request, PermissionDenied("Réservé à la coordination du SAS."))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Accès refusé" in html and "Réservé à la coordination du SAS." in html
    assert "Forbidden" not in html


def test_server_error_page_is_french_and_stands_alone():
    response = defaults.server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Erreur inattendue" in html and 'lang="fr"' in html
    assert "Server Error" not in html


def test_the_404_page_renders_where_static_files_were_not_collected(client, settings, tmp_path):
    # Production storage with an empty STATIC_ROOT: as an establishment node started without collectstatic.
    settings.STATIC_ROOT = str(tmp_path)
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page non trouvée" in response.content.decode()


def test_a_request_the_site_cannot_take_answers_a_french_400_page_in_the_site_frame(client, settings):
    settings.ALLOWED_HOSTS = ["accroche.example"]  # the test client's « testserver » host is then refused
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Requête incorrecte" in html and 'lang="fr"' in html
    assert '<main class="fr-container fr-my-7w" id="content" role="main">' in html
    assert "Bad Request" not in html


def test_an_action_address_opened_as_a_page_answers_a_french_405_page(client):
    """A GET on a POST-only view (a bookmarked « Supprimer », the login sending back to the action it interrupted)
    was a 405 with an empty body: a blank page."""
    response = client.get("/integrer/00000000-0000-0000-0000-000000000000/supprimer/")
    html = response.content.decode()
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert "Erreur 405" in html and "Rien n'a été modifié" in html and 'lang="fr"' in html


def test_the_api_answers_a_wrong_method_in_json(client):
    response = client.get("/api/v1/indicator-reports/")
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert response.json() == {"error": "method_not_allowed",
                               "detail": "Méthode GET refusée : cette adresse accepte POST."}


@pytest.mark.django_db
def test_a_post_without_a_csrf_token_gets_json_under_the_api_and_the_french_page_elsewhere():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/fiches/", {"q": "tutorat"})
    assert response.status_code == 403 and response["Content-Type"] == "application/json"
    assert response.json()["error"] == "csrf"
    page = client.post("/recherche/", {"q": "tutorat"})
    assert page.status_code == 403 and page["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "FOO"])
def test_a_method_no_view_serves_answers_405_with_allow_not_the_page(client, method):
    """A TRACE on a function view rendered the search page (200); a made-up method met the CSRF check (403)."""
    response = client.generic(method, "/recherche/?q=tutorat")
    html = response.content.decode()
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD, POST, OPTIONS"
    assert "Méthode refusée" in html and f"méthode HTTP {method}" in html and 'lang="fr"' in html
    assert "tutorat" not in html


def test_a_method_no_view_serves_answers_json_under_the_api(client):
    response = client.generic("TRACE", "/api/v1/fiches/")
    assert response.status_code == 405 and response.json()["error"] == "method_not_allowed"
