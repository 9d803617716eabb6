"""SAS roles read minors' files: in production-like settings their login needs a TOTP code, and
their sessions are short whatever « se souvenir de moi » says."""
import html
import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from plugins.builtin.sas.models import SasMembership
from portal.accounts.second_factor import holds_sensitive_role
from tests import factories

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def require_2fa(settings):
    settings.ACCROCHE_REQUIRE_2FA = True
    return settings


def log_in(client, user, **extra):
    response = client.post(reverse("wagtailadmin_login"), {"username": user.username, "password": PASSWORD, **extra})
    assert response.status_code == 302
    return response


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.mark.parametrize("role", [role.value for role in SasMembership.Role])
def test_every_sas_role_is_sensitive(team, role):
    assert holds_sensitive_role(team[role])


def test_an_account_without_sas_role_is_not(team):
    assert not holds_sensitive_role(factories.user("redacteur"))


def test_first_login_enrols_an_authenticator_then_the_next_login_asks_its_code(client, team, require_2fa):
    coordination = team["coordination"]
    log_in(client, coordination)
    response = client.get(reverse("sas:campaigns"))
    second_factor = reverse("accounts:second_factor")
    assert response.status_code == 302 and response["Location"].startswith(second_factor)
    assert client.get(reverse("wagtailadmin_home")).status_code == 302  # the admin too

    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "<svg" in page and "scannez ce code QR" in page
    secret = re.search(r'id="otp-secret">([A-Z2-7]+)<', page).group(1)
    device = TOTPDevice.objects.get(user=coordination, confirmed=False)
    assert secret and device.config_url.find(f"secret={secret}") > 0

    wrong = client.post(second_factor, {"code": "000000" if current_code(device) != "000000" else "111111",
                                        "next": reverse("sas:campaigns")})
    assert wrong.status_code == 200 and "Code incorrect" in html.unescape(wrong.content.decode())
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    right = client.post(second_factor, {"code": current_code(device), "next": reverse("sas:campaigns")})
    assert right.status_code == 302 and right["Location"] == reverse("sas:campaigns")
    assert client.get(reverse("sas:campaigns")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    client.logout()
    log_in(client, coordination)
    asked = client.get(second_factor + "?next=" + reverse("sas:campaigns"))
    page = html.unescape(asked.content.decode())
    assert "Saisissez le code à 6 chiffres" in page and "<svg" not in page
    assert client.post(second_factor, {"code": "12 34", "next": "/"}).status_code == 200  # not six digits


def test_an_outside_next_url_is_not_followed(client, team, require_2fa):
    device = TOTPDevice.objects.create(user=team["cpe"], name="app", confirmed=True)
    log_in(client, team["cpe"])
    response = client.post(reverse("accounts:second_factor"), {"code": current_code(device), "next": "https://ailleurs.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_without_the_production_setting_a_sas_role_logs_in_with_its_password(client, team, settings):
    settings.ACCROCHE_REQUIRE_2FA = False
    log_in(client, team["pp"])
    assert client.get(reverse("sas:campaigns")).status_code == 200


@pytest.mark.parametrize("remember", [{}, {"remember": "on"}])
def test_a_sas_session_is_short_even_when_remembered(client, team, settings, remember):
    response = log_in(client, team["direction"], **remember)
    limit = settings.ACCROCHE_SENSITIVE_SESSION_SECONDS
    assert limit <= 8 * 3600
    assert int(response.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == limit
    assert client.session.get_expiry_age() == limit and not client.session.get_expire_at_browser_close()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_enrolment_qr_code_is_drawn_in_the_browser(live_server, page, screenshot, team, settings):
    settings.ACCROCHE_REQUIRE_2FA = True
    page.goto(live_server.url + reverse("wagtailadmin_login") + "?next=" + reverse("sas:campaigns"))
    page.fill("input[name=username]", team["coordination"].username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**" + reverse("accounts:second_factor") + "*")
    box = page.locator(".accroche-qr svg path").bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100  # the modules are drawn, not only the white square
    screenshot(page, "second-factor-enrolment")
