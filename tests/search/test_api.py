"""Contract of /api/v1/fiches/ and /api/v1/fiches/suggest, and the search page."""
import pytest

from search.params import MAX_QUERY_LENGTH
from search.results import RESULT_KEYS

from .conftest import committed_corpus

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """The corpus, built once for the module: its tests only read it (each in a transaction)."""
    yield from committed_corpus(django_db_blocker)

FACET_NAMES = {"academie", "niveau", "theme", "dispositif", "public", "annee"}


def test_contract_has_exactly_the_documented_keys(client, corpus):
    response = client.get("/api/v1/fiches/", {"q": "tutorat"})
    assert response.status_code == 200
    data = response.json()
    # §5's keys, plus « corrected_query » (added by issue 13: the corrected spelling searched, or "").
    assert set(data) == {"count", "results", "facets", "backend", "corrected_query"}
    assert data["corrected_query"] == ""
    assert data["backend"] == "database" and data["count"] == 2
    for result in data["results"]:
        assert tuple(result) == RESULT_KEYS
    assert set(data["facets"]) == FACET_NAMES
    for values in data["facets"].values():
        for value in values:
            assert set(value) == {"value", "label", "count"}


def test_facet_values_are_accepted_as_filters(client, corpus):
    facets = client.get("/api/v1/fiches/").json()["facets"]
    for name, values in facets.items():
        for value in values:
            filtered = client.get("/api/v1/fiches/", {name: value["value"]}).json()
            assert filtered["count"] == value["count"], (name, value)


def test_near_and_distance_sort(client, corpus):
    data = client.get("/api/v1/fiches/", {"near": "44.2031,0.6163", "km": "30", "sort": "distance"}).json()
    assert data["count"] == 3 and data["results"][-1]["commune"] == "Boé"


@pytest.mark.parametrize("params, param", [
    ({"size": "101"}, "size"),
    ({"size": "0"}, "size"),
    ({"page": "abc"}, "page"),
    ({"page": "1000", "size": "100"}, "page"),
    ({"near": "Zzyzxville"}, "near"),
    ({"near": "95,0"}, "near"),
    ({"km": "-3", "near": "44,0"}, "km"),
    ({"sort": "random"}, "sort"),
    ({"sort": "distance"}, "sort"),
    ({"niveau": "<script>"}, "niveau"),
    ({"annee": "2023"}, "annee"),
])
def test_invalid_parameters_get_a_french_400(client, params, param):
    response = client.get("/api/v1/fiches/", params)
    assert response.status_code == 400
    data = response.json()
    assert param in data["errors"] and data["error"]
    assert response["Content-Type"] == "application/json"


def test_page_escapes_rejected_values(client):
    html = client.get("/recherche/", {"niveau": "<script>"}).content.decode()
    assert "Valeur non reconnue" in html and "<script>." not in html and "&lt;script&gt;" in html


def test_hostile_query_never_fails(client, corpus):
    for q in ("x" * 10_000, 'title:(a OR b)^3 "', "'; DROP TABLE fiches_fichepage; --"):
        assert client.get("/api/v1/fiches/", {"q": q}).status_code == 200


def test_suggest(client, corpus):
    data = client.get("/api/v1/fiches/suggest", {"q": "Tut"}).json()
    assert [s["text"] for s in data["suggestions"]] == ["Tutorat entre pairs"]
    assert client.get("/api/v1/fiches/suggest", {"q": "x" * 101}).status_code == 400


def test_search_page(client, corpus):
    response = client.get("/recherche/", {"q": "forum", "niveau": "college"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Semaine de la persévérance au collège" in html
    assert "<mark>Forum</mark>" in html and "<script>alert" not in html
    assert 'name="niveau" value="college" checked' in html
    assert "mode dégradé" not in html


def test_search_page_input_holds_no_more_than_is_searched(client, corpus):
    # Beyond MAX_QUERY_LENGTH the words were dropped unsaid, and a long paste, once percent-encoded,
    # passed the server's request-line limit (gunicorn's English 414 page).
    html = client.get("/recherche/", {"q": "atelier"}).content.decode()
    assert f'name="q" maxlength="{MAX_QUERY_LENGTH}"' in html


def test_the_api_takes_a_commune_as_near_and_offers_the_communes_an_ambiguous_name_may_mean(client, corpus):
    by_name = client.get("/api/v1/fiches/", {"near": "Agen", "km": "30", "sort": "distance"}).json()
    assert by_name["count"] == 3 and by_name["results"][-1]["commune"] == "Boé"
    ambiguous = client.get("/api/v1/fiches/", {"near": "Clermont"})
    assert ambiguous.status_code == 400
    assert ambiguous.json()["near_choices"] == ["Clermont-Ferrand (63)", "Clermont (60)"]
    assert "plusieurs communes" in ambiguous.json()["errors"]["near"]
    chosen = client.get("/api/v1/fiches/", {"near": ambiguous.json()["near_choices"][1]})
    assert chosen.status_code == 200
    unknown = client.get("/api/v1/fiches/", {"near": "Zzyzxville"})
    assert unknown.status_code == 400 and "Commune inconnue" in unknown.json()["errors"]["near"]
    assert unknown.json()["near_choices"] == []


def test_search_page_near_a_commune(client, corpus):
    html = client.get("/recherche/", {"near": "Agen", "km": "30", "sort": "distance"}).content.decode()
    assert "3 fiches trouvées" in html and "Près de : Agen (47)" in html


def test_search_page_unknown_commune(client, corpus):
    html = client.get("/recherche/", {"near": "Zzyzxville"}).content.decode()
    assert "Commune inconnue" in html


def test_search_page_ambiguous_commune_lists_candidates(client, corpus):
    html = client.get("/recherche/", {"near": "Saint-Denis"}).content.decode()
    assert "peut désigner plusieurs communes" in html
    assert "near=Saint-Denis+%28974%29" in html and "near=Saint-Denis+%2893%29" in html


def test_a_town_typed_after_autour_de_offers_the_search_around_each_commune_it_may_be(client, corpus):
    html = client.get("/recherche/", {"q": "tutorat autour de Clermont"}).content.decode()
    assert "accroche-near-offers" in html
    assert "q=tutorat&amp;near=Clermont-Ferrand+%2863%29" in html and "q=tutorat&amp;near=Clermont+%2860%29" in html
    one = client.get("/recherche/", {"q": "tutorat près de Agen"}).content.decode()
    assert "q=tutorat&amp;near=Agen+%2847%29" in one and "Clermont" not in one
    followed = client.get("/recherche/", {"q": "tutorat", "near": "Agen (47)"}).content.decode()
    assert "Près de : Agen (47)" in followed


@pytest.mark.parametrize("q", ["tutorat Clermont", "tutorat", "autour de nous", "près de chez moi"])
def test_no_search_around_is_offered_without_a_near_word_and_a_town(client, corpus, q):
    assert "accroche-near-offers" not in client.get("/recherche/", {"q": q}).content.decode()


def test_no_search_around_is_offered_when_the_near_field_is_filled(client, corpus):
    html = client.get("/recherche/", {"q": "tutorat autour de Clermont", "near": "Agen"}).content.decode()
    assert "accroche-near-offers" not in html


def test_search_page_paginates(client, corpus):
    html = client.get("/recherche/", {"size": "3", "page": "2"}).content.decode()
    assert 'aria-current="page"' in html and "page=3" in html


def test_similar_fiches_on_the_fiche_page(client, corpus):
    from django.template import Context, Template

    html = Template("{% load search_tags %}{% similar_fiches page %}").render(Context({"page": corpus["tutorat_title"]}))
    assert "Fiches similaires" in html and "Accompagnement personnalisé renforcé" in html


def test_a_corrected_spelling_is_given(client, corpus):
    data = client.get("/api/v1/fiches/", {"q": "tutorta"}).json()
    assert data["count"] == 2 and data["corrected_query"] == "tutorat"
    page = client.get("/recherche/", {"q": "tutorta"}).content.decode()
    assert "Essayez avec l&#x27;orthographe :" in page or "Essayez avec l'orthographe :" in page
    assert 'href="?q=tutorat"' in page
