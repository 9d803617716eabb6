"""The first visit of a sensitive account to the second-factor screen makes its authenticator's key once, even
when two requests arrive at once (two tabs, a browser's prefetch): a second key made the screen fail (500) on
every later visit, and the middleware sends such an account to that screen before any page.

The requests run in threads with their own PostgreSQL connections (:mod:`tests.concurrency`), so what they read
is written and removed through a connection of its own; the test's own connection only reads (signing in
through it would lock the account's row until the test ends).
"""
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from plugins.builtin.sas import PLUGIN_NAME
from plugins.builtin.sas.models import SasMembership
from plugins.models import PluginActivation
from tests import factories
from tests.concurrency import in_own_connection, together

pytestmark = pytest.mark.django_db
ROUNDS = 4
USERNAME = "deux-onglets-otp"


def _setup():
    school = factories.establishment("Lycée des Deux Onglets", "bordeaux", commune="Agen", uai="0479991Z")
    PluginActivation.objects.create(establishment=school, plugin_name=PLUGIN_NAME, enabled=True)
    user = get_user_model().objects.create_user(username=USERNAME, password=None)
    SasMembership.objects.create(user=user, establishment=school, role=SasMembership.Role.COORDINATION)
    return school, user


def _teardown(school, user):
    TOTPDevice.objects.filter(user=user).delete()
    user.delete()
    school.delete()


@pytest.fixture
def coordination(db):
    """A SAS coordinator (an account the second factor guards) without a device, committed."""
    school, user = in_own_connection(_setup)
    yield user
    in_own_connection(lambda: _teardown(school, user))


def get(client, url, _data):
    return client.get(url)


def test_two_first_visits_at_once_make_one_key_and_the_screen_still_answers(coordination):
    assert connection.vendor == "postgresql"
    url = reverse("accounts:second_factor")
    for _ in range(ROUNDS):
        results = together((coordination, url, None), (coordination, url, None), send=get)
        assert [getattr(result, "status_code", result) for result in results] == [200, 200], results
        assert TOTPDevice.objects.filter(user=coordination).count() == 1
        again, = together((coordination, url, None), send=get)
        assert getattr(again, "status_code", again) == 200
        in_own_connection(lambda: TOTPDevice.objects.filter(user=coordination).delete())


def test_an_account_left_with_two_keys_is_shown_the_oldest(coordination):
    """Accounts that the race left with two unconfirmed keys get the screen again (500 before), with the first."""
    first, _second = in_own_connection(lambda: [TOTPDevice.objects.create(user=coordination, confirmed=False,
                                                                           name=name) for name in "ab"])
    response, = together((coordination, reverse("accounts:second_factor"), None), send=get)
    assert getattr(response, "status_code", response) == 200
    assert response.context["secret"] and first.config_url.find(f"secret={response.context['secret']}") > 0
