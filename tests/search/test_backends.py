"""The behaviour tests of tests/search/behaviour.py, run against both backends."""
import itertools

import pytest

from search.backends.database import DatabaseSearchBackend
from search.backends.elasticsearch import ElasticsearchSearchBackend

from .behaviour import EverydayQueries, SearchBehaviour
from .conftest import SESSION_PREFIX


class TestDatabaseBackend(SearchBehaviour):
    """The corpus is built and indexed once for the class; what a test adds, its index rows included, is
    rolled back with the test's transaction."""

    @pytest.fixture(scope="class")
    @classmethod
    def corpus(cls, class_corpus, django_db_blocker):
        with django_db_blocker.unblock():
            DatabaseSearchBackend().rebuild()
        return class_corpus

    @pytest.fixture
    def backend(self, db_backend, corpus):
        return db_backend


_behaviour_aliases = itertools.count(1)


@pytest.mark.es
class TestElasticsearchBackend(SearchBehaviour):
    """The corpus is built and indexed once for the class. A test that adds fiches rebuilds the index; its
    fiches are rolled back with its transaction, not from the index: the next test finds the index holding
    other fiches than the database's and rebuilds it."""

    @pytest.fixture(scope="class")
    @classmethod
    def corpus(cls, class_corpus):
        return class_corpus

    @pytest.fixture(scope="class")
    @classmethod
    def indexed(cls, es_url, corpus, django_db_blocker):
        backend = ElasticsearchSearchBackend(es_url, f"{SESSION_PREFIX}-behaviour-{next(_behaviour_aliases)}")
        with django_db_blocker.unblock():
            backend.rebuild()
        return backend

    @pytest.fixture
    def backend(self, db, indexed):
        from search.document_data import fiches_to_index

        if indexed.client.count(index=indexed.alias)["count"] != fiches_to_index().count():
            indexed.rebuild()
        return indexed


class TestDatabaseEverydayQueries(EverydayQueries):
    @pytest.fixture(scope="class")
    @classmethod
    def backend(cls, everyday_corpus, django_db_blocker):
        with django_db_blocker.unblock():
            backend = DatabaseSearchBackend()
            backend.rebuild()
        return backend


_everyday_aliases = itertools.count(1)


@pytest.mark.es
class TestElasticsearchEverydayQueries(EverydayQueries):
    @pytest.fixture(scope="class")
    @classmethod
    def backend(cls, es_url, everyday_corpus, django_db_blocker):
        backend = ElasticsearchSearchBackend(es_url, f"{SESSION_PREFIX}-everyday-{next(_everyday_aliases)}")
        with django_db_blocker.unblock():
            backend.rebuild()
        return backend


@pytest.mark.parametrize("query", ["", "élèves", "tutorat"])
@pytest.mark.parametrize("sort", ["date", "relevance"])
def test_database_sql_paging_matches_the_row_path(db_backend, corpus, query, sort):
    """Without ``near`` the database backend sorts, pages and counts facets in SQL; with a radius
    that takes in every fiche it still goes through the rows in Python: both must agree."""
    from search.params import SearchParams

    db_backend.rebuild()
    everywhere = {"near": (46.0, 2.0), "km": 1000.0}
    for page, size in [(1, 100), (1, 3), (2, 3), (5, 3)]:
        in_sql = db_backend.search(SearchParams(q=query, sort=sort, page=page, size=size))
        in_rows = db_backend.search(SearchParams(q=query, sort=sort, page=page, size=size, **everywhere))
        assert in_sql.count == in_rows.count
        assert [(h.id, h.score, h.highlight) for h in in_sql.hits] == [(h.id, h.score, h.highlight) for h in in_rows.hits]
        assert in_sql.facets == in_rows.facets
