"""Login throttling (django-axes) and the second factor of accounts that plugins call sensitive.

The lockout is exercised over real HTTP against the live server, as an attacker would; the
SAS roles' second factor is in tests/sas/test_second_factor.py.
"""
import datetime as dt
import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from portal.accounts.second_factor import holds_sensitive_role
from tests import factories

PASSWORD = "motdepasse-de-test"


class Browser:
    """A cookie-keeping HTTP client that logs in through the admin's login form."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def open(self, path: str, data: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            response = self.opener.open(self.base_url + path, body, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        return response.status, response.read().decode(), response.url

    def login(self, username: str, password: str):
        login_path = reverse("wagtailadmin_login")
        _status, page, _url = self.open(login_path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.open(login_path, {"csrfmiddlewaretoken": token, "username": username, "password": password})


def fail_logins(client, username: str, login: str = "", **extra) -> None:
    """As many wrong passwords as the limit allows, through ``login`` (the admin's form by default)."""
    for _attempt in range(5):
        client.post(login or reverse("wagtailadmin_login"), {"username": username, "password": "faux"}, **extra)


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)


@pytest.mark.django_db(transaction=True)
def test_repeated_failures_lock_the_login_even_with_the_right_password_then_an_admin_unlocks(live_server, axes_on):
    factories.user("moderateur", is_superuser=True, is_staff=True)
    browser = Browser(live_server.url)
    for _attempt in range(4):
        status, page, _url = browser.login("moderateur", "mauvais-mot-de-passe")
        assert status == 200 and "Connexion bloquée" not in page
    status, page, _url = browser.login("moderateur", "mauvais-mot-de-passe")
    assert status == 429
    assert "Connexion bloquée" in page and "15 minutes" in page and "administrateur" in page

    status, page, url = browser.login("moderateur", PASSWORD)
    assert status == 429 and "Connexion bloquée" in page
    assert browser.open(reverse("wagtailadmin_home"))[2].startswith(live_server.url + reverse("wagtailadmin_login"))

    call_command("axes_reset_username", "moderateur")
    status, page, url = browser.login("moderateur", PASSWORD)
    assert status == 200 and url == live_server.url + reverse("wagtailadmin_home")


@pytest.mark.django_db
def test_the_lock_ends_after_the_cool_off(client, settings, axes_on):
    settings.AXES_COOLOFF_TIME = dt.timedelta(seconds=1)
    factories.user("redacteur")
    login = reverse("wagtailadmin_login")
    fail_logins(client, "redacteur")
    assert client.post(login, {"username": "redacteur", "password": PASSWORD}).status_code == 429
    time.sleep(1.2)
    assert client.post(login, {"username": "redacteur", "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_another_address_is_not_locked_out_by_someone_elses_failures(client, axes_on):
    factories.user("redacteur")
    login = reverse("wagtailadmin_login")
    fail_logins(client, "redacteur", REMOTE_ADDR="203.0.113.7")
    assert client.post(login, {"username": "redacteur", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert client.post(login, {"username": "redacteur", "password": PASSWORD}, REMOTE_ADDR="198.51.100.2").status_code == 302


@pytest.mark.django_db
def test_behind_a_proxy_a_clients_failures_lock_that_client_only(client, settings, axes_on):
    """Every request comes from the proxy (REMOTE_ADDR); the client is the address it appended. What a client
    writes to the left of it changes nothing."""
    settings.ACCROCHE_TRUSTED_PROXY_COUNT = 1
    factories.user("moderateur")
    login = reverse("wagtailadmin_login")
    proxy = {"REMOTE_ADDR": "172.18.0.5"}
    for attempt in range(5):
        client.post(login, {"username": "moderateur", "password": "faux"},
                    HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, 203.0.113.7", **proxy)
    right = {"username": "moderateur", "password": PASSWORD}
    assert client.post(login, right, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    assert client.post(login, right, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7", **proxy).status_code == 429
    assert client.post(login, right, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy).status_code == 302


@pytest.mark.django_db
def test_without_a_proxy_a_forged_forwarded_for_does_not_escape_the_lock(client, settings, axes_on):
    settings.ACCROCHE_TRUSTED_PROXY_COUNT = 0
    factories.user("moderateur")
    login = reverse("wagtailadmin_login")
    for attempt in range(5):
        client.post(login, {"username": "moderateur", "password": "faux"},
                    HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}", REMOTE_ADDR="203.0.113.7")
    response = client.post(login, {"username": "moderateur", "password": PASSWORD},
                           HTTP_X_FORWARDED_FOR="198.51.100.2", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429


@pytest.mark.django_db
def test_an_ordinary_editor_needs_no_second_factor_and_keeps_a_remembered_session(client, settings):
    settings.ACCROCHE_REQUIRE_2FA = True
    factories.user("redacteur", is_superuser=True)
    response = client.post(reverse("wagtailadmin_login"), {"username": "redacteur", "password": PASSWORD, "remember": "on"})
    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


@pytest.mark.django_db
def test_a_plugin_hook_decides_who_is_sensitive(plugin, settings):
    editor = factories.user("redacteur")
    assert not holds_sensitive_role(editor)
    plugin("dossiers", user_requires_second_factor=lambda user: user.username == "redacteur")
    assert holds_sensitive_role(editor)
    assert not holds_sensitive_role(factories.user("lecteur"))


@pytest.mark.django_db
def test_an_administrator_unlocks_from_the_admin_and_others_cannot(client, axes_on):
    factories.user("redacteur")
    login = reverse("wagtailadmin_login")
    fail_logins(client, "redacteur")
    assert client.post(login, {"username": "redacteur", "password": PASSWORD}).status_code == 429

    admin = Client()
    admin.force_login(factories.user("admin", is_superuser=True, is_staff=True))
    page = admin.get(reverse("accounts_lockouts")).content.decode()
    assert "Connexions bloquées" in page and "redacteur" in page
    response = admin.post(reverse("accounts_lockouts"), {"username": "redacteur"}, follow=True)
    assert "débloquée" in response.content.decode() and "redacteur</td>" not in response.content.decode()
    assert client.post(login, {"username": "redacteur", "password": PASSWORD}).status_code == 302

    editor = Client()
    editor.force_login(factories.user("autre"))
    assert editor.get(reverse("accounts_lockouts")).status_code in (302, 403)


@pytest.mark.django_db
def test_the_login_form_of_restricted_pages_is_throttled_too(client, axes_on):
    """Wagtail's own login view (pages restricted to logged-in users) goes through django-axes as well."""
    factories.user("redacteur")
    login = reverse("wagtailcore_login")
    fail_logins(client, "redacteur", login)
    response = client.post(login, {"username": "redacteur", "password": PASSWORD})
    assert response.status_code == 429 and "Connexion bloquée" in response.content.decode()


@pytest.mark.django_db
def test_unlocking_a_login_holding_a_nul_character_says_there_is_no_lock(axes_on):
    """No login is recorded with a NUL character: unlocking one is told there is no lock (PostgreSQL refused the
    lookup: 500)."""
    admin = Client(raise_request_exception=False)
    admin.force_login(factories.user("admin", is_superuser=True, is_staff=True))
    response = admin.post(reverse("accounts_lockouts"), {"username": "redac\x00teur"}, follow=True)
    assert response.status_code == 200
    assert "Aucun blocage en cours pour « redacteur »" in response.content.decode()
