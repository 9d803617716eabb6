"""Inputs that gave a 500 before (issue 11, item 8; the fuzz of the network half): each now gets a clear answer."""
import pytest
from django.contrib.messages import get_messages
from django.http import QueryDict
from django.urls import reverse

from search.map.filters import MAX_QUERY_LENGTH, parse_fiche_filters
from tests import factories

pytestmark = pytest.mark.django_db

BEYOND_64_BITS = "9" * 25


@pytest.mark.parametrize("zoom", ["²", "³", "١٢", "５"])
def test_zoom_in_other_digits_is_a_french_400(client, zoom):
    """``str.isdigit()`` is true for « ² », which ``int()`` refuses."""
    response = client.get(reverse("fiches_geojson"), {"zoom": zoom})
    assert response.status_code == 400
    assert response.json()["parameter"] == "zoom"


@pytest.mark.parametrize("export", ["json", "pdf"])
@pytest.mark.parametrize("page_id", [BEYOND_64_BITS, str(2**63), "9223372036854775807"])
def test_fiche_ids_beyond_a_database_integer_are_not_found(client, export, page_id):
    response = client.get(f"/fiches/{page_id}/{export}/")
    assert response.status_code == 404


def test_fiche_export_urls_still_take_real_ids(client):
    establishment = factories.establishment("Lycée Jean Monnet", "bordeaux", commune="Libourne")
    fiche = factories.fiche("Tutorat entre pairs", establishment)
    assert reverse("fiches:json", args=[fiche.pk]) == f"/fiches/{fiche.pk}/json/"
    assert client.get(reverse("fiches:json", args=[fiche.pk])).json()["title"] == "Tutorat entre pairs"


def test_a_very_long_title_search_is_cut_not_sent_whole_to_the_database(client):
    establishment = factories.establishment("Lycée Jean Monnet", "bordeaux", commune="Libourne")
    factories.fiche("Tutorat entre pairs", establishment)
    long_query = "tutorat " * 7500  # 60 KB: SQLite refused such a LIKE pattern (« LIKE pattern too complex »)
    params = QueryDict(mutable=True)
    params["q"] = long_query
    assert len(parse_fiche_filters(params).q) == MAX_QUERY_LENGTH
    assert client.get(reverse("map"), {"q": long_query}).status_code == 200
    assert client.get(reverse("fiches_geojson"), {"q": long_query}).status_code == 200


@pytest.mark.parametrize("params", [{"q": "a\x00b"}, {"academie": "\x00"}, {"niveau": "college\x00"}, {"annee": "\x00"}])
def test_a_nul_character_in_a_filter_is_a_french_400_not_a_database_error(client, params):
    """PostgreSQL refuses NUL in text: the filter is refused before any query."""
    response = client.get(reverse("fiches_geojson"), params)
    assert response.status_code == 400 and "caractère nul" in response.json()["error"]
    page = client.get(reverse("map"), params)
    assert page.status_code == 200 and "caractère nul" in page.content.decode()


def test_control_characters_of_a_search_do_not_break_its_atom_feed(client):
    response = client.get(reverse("networks:feed-search"), {"q": "tutorat\x01\u202e", "academie": "\x00"})
    assert response.status_code == 200
    assert b"\x01" not in response.content and "tutorat" in response.content.decode()


@pytest.fixture
def ripps_of_bordeaux(db):
    """A network of Bordeaux, its coordinator, and an analyst of Bordeaux with one report received."""
    from portal.accounts.models import Membership
    from portal.networks.models import Network, NetworkPerson
    from tests.indicators.stored import cell, send, year

    network = Network.objects.create(slug="ripps-bx", name="RIPPS", academie=factories.academie("bordeaux"))
    coordinator = factories.user("coordination")
    NetworkPerson.objects.create(network=network, user=coordinator, role=NetworkPerson.Role.COORDINATOR)
    establishment = factories.establishment("Lycée Jean Monnet", "bordeaux", commune="Libourne")
    send(establishment, year(), [cell("sas.students_identified", 30)])
    analyst = factories.user("analyste", role=Membership.Role.ANALYST, academie_code="bordeaux")
    return network, coordinator, analyst


@pytest.mark.parametrize("number", ["²", "³"])
def test_a_fiche_number_in_other_digits_is_refused_in_french(client, ripps_of_bordeaux, number):
    """``str.isdigit()`` is true for « ² », which ``int()`` refuses (network's « signaler une fiche »)."""
    network, coordinator, _analyst = ripps_of_bordeaux
    client.force_login(coordinator)
    response = client.post(reverse("networks:tag-fiche", args=[network.slug]), {"fiche": number})
    assert response.status_code == 400
    assert "Aucune fiche publiée ne correspond" in response.content.decode()


@pytest.mark.parametrize("code", ["\x00", "bordeaux\x00"])
def test_a_nul_character_in_a_followed_academie_is_refused_in_french(client, ripps_of_bordeaux, code):
    _network, coordinator, _analyst = ripps_of_bordeaux
    client.force_login(coordinator)
    response = client.post(reverse("networks:follow-academie"), {"academie": code}, follow=True)
    assert response.status_code == 200
    assert "Choisissez une académie dans la liste." in response.content.decode()
    assert not coordinator.follows.exists()


@pytest.mark.parametrize("indicator", ["\x00", "sas.students_identified\x00"])
def test_a_noisy_release_of_an_indicator_not_received_is_refused_in_french(client, ripps_of_bordeaux, indicator):
    """The indicator is checked against those received before any query (PostgreSQL refuses NUL in text)."""
    from portal.indicators.models import NoisyRelease

    _network, _coordinator, analyst = ripps_of_bordeaux
    client.force_login(analyst)
    url = reverse("indicator_analysis:release_noise", args=["2023-2024"])
    response = client.post(url, {"indicateur": indicator, "groupe": "bordeaux", "epsilon": "0,5"})
    assert response.status_code == 302
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == ["Choisissez un indicateur reçu pour cette période."]
    assert not NoisyRelease.objects.exists()


def test_a_noisy_release_redirect_carries_the_indicator_as_one_parameter(client, ripps_of_bordeaux):
    """An indicator holding « & » stays one value in the address the release sends back to: it cannot add
    a parameter (« &niveau=nation ») of its own."""
    from urllib.parse import parse_qs, urlsplit

    _network, _coordinator, analyst = ripps_of_bordeaux
    client.force_login(analyst)
    url = reverse("indicator_analysis:release_noise", args=["2023-2024"])
    response = client.post(url, {"indicateur": "x&niveau=nation", "groupe": "bordeaux", "epsilon": "0,5"})
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query) == {"indicateur": ["x&niveau=nation"], "niveau": ["academie"]}
