"""portal/create_once.py, through the network creation form: the token a creation form is shown with makes
the same form sent again (after going back, or a second click arriving late) answer with what the first one
created, and is never an error the person sees."""
import re
import uuid

import pytest

from portal.accounts.models import Membership
from portal.networks.models import Network
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/reseaux/nouveau/"
TOKEN = re.compile(r'<input type="hidden" name="creation_token" value="([^"]*)"')


@pytest.fixture
def moderator(client):
    factories.academie("poitiers")
    factories.user("coord")
    user = factories.user("modo-poitiers", role=Membership.Role.MODERATOR, academie_code="poitiers")
    client.force_login(user)
    return user


def _form(token, name="Réseau des Deux-Sèvres") -> dict:
    return {"name": name, "kind": Network.Kind.INNOVATION, "academie": factories.academie("poitiers").pk,
            "bassin": "", "description": "", "contact_email": "", "coordinators": "coord@example.org",
            "creation_token": token}


def _token(response) -> str:
    return TOKEN.search(response.content.decode()).group(1)


NOT_SAVED = "les modifications de ce second envoi ne le sont pas"


def test_the_same_form_sent_again_creates_nothing_more(client, moderator):
    token = _token(client.get(URL))
    assert _token(client.get(URL)) != token  # each showing of the form has its own
    first = client.post(URL, _form(token))
    again = client.post(URL, _form(token), follow=True)
    assert first.status_code == 302 and again.redirect_chain[0] == (first["Location"], 302)
    assert first["Location"] == f"/reseaux/{Network.objects.get().slug}/gerer/"
    assert NOT_SAVED not in again.content.decode()  # a second click: nothing to tell


def test_a_correction_sent_with_an_already_used_form_is_said_not_saved(client, moderator):
    """After going back, a corrected name sent with the same form: the network is not created twice, and the
    person is told that the correction was not saved, rather than shown the page as if it had been."""
    token = _token(client.get(URL))
    client.post(URL, _form(token))
    again = client.post(URL, _form(token, name="Réseau des Deux-Sèvres, corrigé"), follow=True)
    assert Network.objects.get().name == "Réseau des Deux-Sèvres"
    assert NOT_SAVED in again.content.decode()


def test_a_form_shown_again_with_its_errors_keeps_its_token(client, moderator):
    token = _token(client.get(URL))
    refused = client.post(URL, _form(token, name=""))
    assert refused.status_code == 400 and _token(refused) == token
    assert client.post(URL, _form(_token(refused))).status_code == 302
    assert Network.objects.count() == 1


@pytest.mark.parametrize("token", ["", "pas-un-jeton", "0" * 10_000])
def test_a_missing_or_malformed_token_is_no_error_and_is_replaced(client, moderator, token):
    refused = client.post(URL, _form(token, name=""))
    assert refused.status_code == 400
    assert "UUID" not in refused.content.decode()  # no error about the token, only about the name
    assert uuid.UUID(_token(refused))
    assert client.post(URL, _form(token)).status_code == 302
    assert Network.objects.count() == 1
