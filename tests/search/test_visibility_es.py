"""Elasticsearch honours the visibility levels (fiches.visibility) as the database backend does:
its documents carry the tokens that open each fiche, and searches, totals, facets, suggestions and
similar fiches see only what the audience may see. tests/portal/test_visibility.py covers every
surface with the database backend."""
from __future__ import annotations

import pytest
from elasticsearch import BadRequestError

from fiches.models import Theme
from fiches.visibility import EVERYONE, PUBLIC_AUDIENCE, Audience, Visibility
from search.params import SearchParams
from tests import factories

SUMMARY = "Des élèves tuteurs accompagnent leurs pairs chaque semaine au collège."


@pytest.fixture
def fiches(db):
    lead = factories.establishment("Collège Vigie", "poitiers", commune="Poitiers", latitude=46.58, longitude=0.34)
    theme = Theme.objects.get(slug="prevention")
    made = {}
    for key, title, visibility in (("public", "Tutorat entre pairs", Visibility.PUBLIC),
                                   ("network", "Tutorat réservé au réseau", Visibility.NETWORK),
                                   ("academie", "Tutorat réservé à l'académie", Visibility.ACADEMIE)):
        page = factories.fiche(title, lead, live=False, summary=SUMMARY, visibility=visibility)
        page.themes.add(theme)
        page.save_revision().publish()
        made[key] = page
    made["lead"] = lead
    return made


def test_elasticsearch_filters_every_read_by_audience(es_backend, fiches):
    from portal.networks.models import Network, NetworkEstablishment

    network = Network.objects.create(slug="vigie", name="Réseau Vigie")
    NetworkEstablishment.objects.create(network=network, establishment=fiches["lead"])
    es_backend.rebuild()
    audiences = {
        "public": (PUBLIC_AUDIENCE, {"public"}),
        "member": (Audience(network_ids=frozenset({network.pk})), {"public", "network"}),
        "staff": (Audience(academie_codes=frozenset({"poitiers"})), {"public", "academie"}),
        "other staff": (Audience(academie_codes=frozenset({"bordeaux"})), {"public"}),
        "superuser": (EVERYONE, {"public", "network", "academie"}),
    }
    for name, (audience, keys) in audiences.items():
        expected = {fiches[key].pk for key in keys}
        for q in ("", "tutorat"):
            results = es_backend.search(SearchParams(q=q, audience=audience))
            assert {hit.id for hit in results.hits} == expected and results.count == len(keys), (name, q)
            assert [(v.value, v.count) for v in results.facets["theme"]] == [("prevention", len(keys))], name
            assert [(v.value, v.count) for v in results.facets["academie"]] == [("poitiers", len(keys))], name
        assert {s.id for s in es_backend.suggest("tutorat", 10, audience)} == expected, name
        similar = {hit.id for hit in es_backend.similar(fiches["public"].pk, 10, audience)}
        assert similar == expected - {fiches["public"].pk}, name


def test_a_document_without_audience_is_seen_by_no_visitor(es_backend, db):
    """Visibility is a required match on the tokens a document carries, never an exclusion of some. The
    index refuses a document without them (the suggester's audience context is mandatory), and one written
    past that (its suggestions' context given apart) is found by no visitor but a superuser."""
    body = "Des élèves tuteurs accompagnent leurs pairs chaque semaine au collège."
    es_backend.index_document({"id": 1, "title": "Tutorat ouvert", "body": body, "audience": ["public"]})
    for audience in ({}, {"audience": []}):
        with pytest.raises(BadRequestError, match="Contexts are mandatory"):
            es_backend.index_document({"id": 2, "title": "Tutorat sans audience", "body": body, **audience})
    es_backend.client.index(index=es_backend.alias, id="3", document={
        "title": "Tutorat sans audience", "body": body,
        "suggest": {"input": ["Tutorat sans audience"], "contexts": {"audience": ["public"]}}})
    assert es_backend.count_indexed() == 2
    for q in ("", "tutorat"):
        assert {hit.id for hit in es_backend.search(SearchParams(q=q)).hits} == {1}, q
        assert {hit.id for hit in es_backend.search(SearchParams(q=q, audience=EVERYONE)).hits} == {1, 3}, q
    assert es_backend.similar(1, 10) == []
