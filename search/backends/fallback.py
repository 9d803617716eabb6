"""Elasticsearch first, the database when Elasticsearch cannot answer (DESIGN.md §5).

Writes go to both indices (the database one first), so the fallback is always
current; a write that Elasticsearch refuses raises :class:`SearchUnavailable` for
the background task to retry. After a failed read, Elasticsearch is left alone for
``retry_after`` seconds so that a dead node does not slow every request.
"""
from __future__ import annotations

import logging
import time

from fiches.visibility import PUBLIC_AUDIENCE

from .base import Progress, SearchBackend, SearchRefused, SearchUnavailable

logger = logging.getLogger(__name__)


class FallbackSearchBackend(SearchBackend):
    def __init__(self, primary: SearchBackend, fallback: SearchBackend, *, retry_after: float = 30.0):
        self.primary = primary
        self.fallback = fallback
        self.retry_after = retry_after
        self._down_until = 0.0

    @property
    def name(self) -> str:
        return self.primary.name

    @property
    def members(self) -> list[SearchBackend]:
        return [self.fallback, self.primary]

    def _read(self, method: str, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                return getattr(self.primary, method)(*args, **kwargs), False
            except SearchRefused as error:
                # One request Elasticsearch cannot run: answered here, the node stays in use for the others
                # (setting it aside would let one hostile query send every visitor to the database).
                logger.error("Elasticsearch a refusé une requête (%s) : la base de données y répond.", error)
                return getattr(self.fallback, method)(*args, **kwargs), True
            except SearchUnavailable as error:
                logger.warning("Elasticsearch ne répond pas (%s) : la base de données prend le relais.", error)
                self._down_until = time.monotonic() + self.retry_after
        return getattr(self.fallback, method)(*args, **kwargs), True

    def search(self, params):
        results, degraded = self._read("search", params)
        results.degraded = degraded
        return results

    def suggest(self, prefix, size=8, audience=PUBLIC_AUDIENCE):
        return self._read("suggest", prefix, size, audience)[0]

    def similar(self, fiche_id, size=4, audience=PUBLIC_AUDIENCE):
        return self._read("similar", fiche_id, size, audience)[0]

    def index_document(self, document):
        self.fallback.index_document(document)
        self.primary.index_document(document)

    def index_documents(self, documents):
        documents = list(documents)
        self.fallback.index_documents(documents)
        return self.primary.index_documents(documents)

    def remove_fiche(self, fiche_id):
        self.fallback.remove_fiche(fiche_id)
        self.primary.remove_fiche(fiche_id)

    def rebuild(self, progress: Progress | None = None) -> int:
        self.fallback.rebuild(progress)
        return self.primary.rebuild(progress)

    def count_indexed(self) -> int:
        return self.primary.count_indexed()

    def indexed_revisions(self):
        return self.primary.indexed_revisions()
