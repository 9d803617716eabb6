"""The behaviour tests of tests/search/behaviour.py, run against both backends."""
import pytest

from .behaviour import SearchBehaviour


class TestDatabaseBackend(SearchBehaviour):
    @pytest.fixture
    def backend(self, db_backend, corpus):
        db_backend.rebuild()
        return db_backend

    # Known gap: the database backend scores a term once per field (3 for the title,
    # 1 for the body), without term frequency, so a newer fiche that names the word
    # once ties with one about it and wins on date.
    @pytest.mark.xfail(reason="pas de fréquence des termes dans le score de la base de données", strict=True)
    def test_term_frequency_ranks_higher(self, backend, corpus):
        super().test_term_frequency_ranks_higher(backend, corpus)


@pytest.mark.es
class TestElasticsearchBackend(SearchBehaviour):
    @pytest.fixture
    def backend(self, es_backend, corpus):
        es_backend.rebuild()
        return es_backend
