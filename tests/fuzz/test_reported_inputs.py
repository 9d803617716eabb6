"""Inputs that gave a 500 before (issue 11, item 8): each now gets a clear answer."""
import pytest
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
