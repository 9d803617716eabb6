"""Sign in with the State's identity, end to end: the portal (live server) and a real OpenID Connect
provider (tests/oidc_provider, django-oauth-toolkit) in its own process, driven over HTTP."""
import json
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
import requests
from django.contrib.auth import get_user_model

from portal.accounts.models import Membership
from tests import factories
from tests.deploy.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = [
    {"username": "agent-lomet", "password": "mdp-fournisseur",
     "claims": {"email": "camille.martin@ac-bordeaux.fr", "given_name": "Camille", "usual_name": "Martin",
                "siret": "19470018500012", "uai": "0470018L"}},
    {"username": "agent-inconnu", "password": "mdp-fournisseur",
     "claims": {"email": "dominique.petit@mairie-exemple.fr", "given_name": "Dominique", "usual_name": "Petit",
                "siret": "21470001200019"}},
]


@pytest.fixture
def provider(live_server, tmp_path, settings):
    """The provider process, and the portal's settings pointing at it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    config = tmp_path / "provider.json"
    config.write_text(json.dumps({
        "database": str(tmp_path / "provider.sqlite3"), "port": port, "people": PEOPLE,
        "client": {"id": "accroche", "secret": "secret-de-test",
                   "redirect_uri": f"{live_server.url}/comptes/proconnect/retour/",
                   "post_logout_redirect_uri": f"{live_server.url}/"},
    }))
    process = subprocess.Popen([sys.executable, "-m", "tests.oidc_provider"], cwd=ROOT, text=True,
                               env={"PATH": "/usr/bin:/bin", "OIDC_PROVIDER_CONFIG": str(config)},
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert process.stdout.readline().strip() == "ready"
        settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "accroche", "secret-de-test"
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{url}/o/authorize/"
        settings.OIDC_OP_TOKEN_ENDPOINT = f"{url}/o/token/"
        settings.OIDC_OP_USER_ENDPOINT = f"{url}/o/userinfo/"
        settings.OIDC_OP_JWKS_ENDPOINT = f"{url}/o/.well-known/jwks.json"
        settings.OIDC_OP_LOGOUT_ENDPOINT = f"{url}/o/logout/"
        settings.AXES_ENABLED = True  # as in production: django-axes watches every authenticate()
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _field(html: str, name: str) -> str:
    return unescape(re.search(rf'name="{name}" value="([^"]*)"', html).group(1))


def _sign_in(live_server, username: str) -> tuple[requests.Session, requests.Response]:
    """Click « Se connecter avec ProConnect », then sign in at the provider, as a browser would."""
    browser = requests.Session()
    login_page = browser.get(f"{live_server.url}/comptes/proconnect/connexion/", params={"next": "/admin/"})
    assert "/connexion/" in login_page.url and login_page.status_code == 200  # the provider's own form
    response = browser.post(login_page.url, data={
        "csrfmiddlewaretoken": _field(login_page.text, "csrfmiddlewaretoken"), "username": username,
        "password": "mdp-fournisseur", "next": _field(login_page.text, "next")})
    return browser, response


@pytest.mark.django_db(transaction=True)  # the portal comes back after each flush (post_migrate)
def test_state_identity_signs_in_refuses_unknown_structures_and_logs_out_at_the_provider(live_server, provider):
    lomet = factories.establishment("LP Antoine Lomet", "bordeaux", uai="0470018L", commune="Agen")
    page = requests.get(f"{live_server.url}/admin/login/").text
    assert "Se connecter avec" in page and "ProConnect" in page and 'name="password"' in page  # local form kept

    users_before = get_user_model().objects.count()
    _browser, refused = _sign_in(live_server, "agent-inconnu")
    assert refused.url == f"{live_server.url}/admin/login/"
    assert "Votre structure n&#x27;est pas encore rattachée à Accroche" in refused.text
    assert get_user_model().objects.count() == users_before

    browser, signed_in = _sign_in(live_server, "agent-lomet")
    assert signed_in.url == f"{live_server.url}/admin/" and signed_in.status_code == 200
    user = get_user_model().objects.get(email="camille.martin@ac-bordeaux.fr")
    assert (user.username.startswith("oidc:"), user.first_name, user.last_name) == (True, "Camille", "Martin")
    assert list(Membership.objects.filter(user=user).values_list("role", "establishment")) == [("editor", lomet.pk)]
    assert browser.get(f"{provider}/session/").text == "agent-lomet"

    logged_out = browser.post(f"{live_server.url}/admin/logout/",
                              headers={"X-CSRFToken": browser.cookies["csrftoken"]})
    assert logged_out.url.startswith(f"{live_server.url}/")
    assert any(r.url.startswith(f"{provider}/o/logout/") for r in logged_out.history)  # RP-initiated logout
    assert browser.get(f"{provider}/session/").text == ""  # the provider's session ended
    assert "/admin/login/" in browser.get(f"{live_server.url}/admin/").url  # and the portal's
