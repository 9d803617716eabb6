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
