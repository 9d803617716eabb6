"""Elasticsearch down: the service answers from the database and says so."""
import socket

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_elasticsearch(settings):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    settings.ELASTICSEARCH_TIMEOUT = 1.0
    settings.ELASTICSEARCH_INDEX = f"dead-{port}"


def test_api_answers_from_the_database(client, corpus, dead_elasticsearch):
    data = client.get("/api/v1/fiches/", {"q": "tutorat"}).json()
    assert data["backend"] == "database" and data["count"] == 2


def test_page_shows_the_degraded_notice(client, corpus, dead_elasticsearch):
    html = client.get("/recherche/", {"q": "tutorat"}).content.decode()
    assert "La recherche fonctionne en mode dégradé" in html and "Tutorat entre pairs" in html


def test_suggest_and_similar_fall_back(client, corpus, dead_elasticsearch):
    from search.backends import get_search_backend

    assert client.get("/api/v1/fiches/suggest", {"q": "tut"}).json()["suggestions"]
    assert get_search_backend().similar(corpus["tutorat_title"].pk)


def test_publishing_while_down_keeps_the_database_index_current(corpus, dead_elasticsearch, caplog):
    from search.models import FicheSearchEntry

    page = corpus["draft"]
    page.save_revision().publish()
    assert FicheSearchEntry.objects.filter(pk=page.pk).exists()
    assert "search_index --repair" in caplog.text


@pytest.mark.es
def test_a_query_elasticsearch_refuses_is_answered_from_the_database_and_the_node_stays_in_use(es_url, corpus):
    """Elasticsearch refuses one request with a 400 (here a query it cannot parse, as once a query past its
    clause limit): that visitor gets the database's answer, not an error, and the node keeps answering the
    others (not set aside for ``retry_after`` seconds, which one hostile query could do to everyone)."""
    from search.backends.database import DatabaseSearchBackend
    from search.backends.elasticsearch import ElasticsearchSearchBackend
    from search.backends.fallback import FallbackSearchBackend
    from search.params import SearchParams

    from .conftest import SESSION_PREFIX

    class Refusing(ElasticsearchSearchBackend):
        def build_body(self, params, plan=None, required=None):
            body = super().build_body(params, plan, required)
            if params.q == "tutorat":
                body["query"] = {"match": {"title": {"query": "tutorat", "fuzziness": "pas-un-nombre"}}}
            return body

    elastic = Refusing(es_url, f"{SESSION_PREFIX}-refusing")
    elastic.rebuild()
    database = DatabaseSearchBackend()
    database.rebuild()
    service = FallbackSearchBackend(elastic, database)
    refused = service.search(SearchParams(q="tutorat"))
    assert refused.degraded and refused.count == 2
    assert not service.search(SearchParams(q="confiance")).degraded
    for index in elastic.client.indices.get_alias(name=elastic.alias):
        elastic.client.indices.delete(index=index)


def test_fiches_held_back_while_down_reach_the_database_index_and_are_left_to_the_tasks(corpus, dead_elasticsearch,
                                                                                          caplog):
    from search.models import FicheSearchEntry
    from search.signals import index_updates_held_back

    page = corpus["draft"]
    with index_updates_held_back():
        page.save_revision().publish()
        assert not FicheSearchEntry.objects.filter(pk=page.pk).exists()
    assert FicheSearchEntry.objects.filter(pk=page.pk).exists()
    assert "seront indexées une à une" in caplog.text and "search_index --repair" in caplog.text
