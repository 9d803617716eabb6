"""The fiche search service: :func:`get_search_backend` is the only entry point views use."""
from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from .base import SearchBackend, SearchUnavailable

DEFAULT_INDEX = "accroche-fiches"

__all__ = ["SearchBackend", "SearchUnavailable", "get_search_backend"]


def get_search_backend() -> SearchBackend:
    """Elasticsearch with a database fallback when ``ELASTICSEARCH_URL`` is set, else the database."""
    return _backend(
        getattr(settings, "ELASTICSEARCH_URL", ""),
        getattr(settings, "ELASTICSEARCH_INDEX", DEFAULT_INDEX),
        getattr(settings, "ELASTICSEARCH_TIMEOUT", 5.0),
    )


@lru_cache(maxsize=8)
def _backend(url: str, index: str, timeout: float) -> SearchBackend:
    from .database import DatabaseSearchBackend

    database = DatabaseSearchBackend()
    if not url:
        return database
    from .elasticsearch import ElasticsearchSearchBackend
    from .fallback import FallbackSearchBackend

    # The database index is kept beside Elasticsearch (the fallback): its indexed words correct typos
    # before the query is sent, so a typo costs no second Elasticsearch request.
    elastic = ElasticsearchSearchBackend(url, index, timeout=timeout, corrector=database.corrections)
    return FallbackSearchBackend(elastic, database)
