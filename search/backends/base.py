"""The one interface of the fiche search service (DESIGN.md §5).

Every backend answers :meth:`SearchBackend.search` with the same
:class:`~search.results.SearchResults`; views call :func:`search.backends.get_search_backend`
and never ask which backend answers. The database stays the source of truth:
``index_fiche``/``remove_fiche`` follow publication, ``rebuild`` reloads every
published fiche, ``indexed_revisions`` lets :mod:`search.lifecycle` measure drift.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from fiches.visibility import PUBLIC_AUDIENCE, Audience

from ..params import SearchParams
from ..results import SearchHit, SearchResults, Suggestion

Progress = Callable[[int, int], None]


class SearchUnavailable(Exception):
    """The backend cannot answer now (e.g. Elasticsearch is unreachable); try again later."""


class SearchRefused(SearchUnavailable):
    """The backend refused this one request (Elasticsearch cannot run the query it was sent): the fallback
    answers it, and the backend keeps answering the others."""


class SearchBackend:
    """Base class of search backends; subclasses implement every method below."""

    name = ""
    #: ``True`` when results come from a fallback rather than the configured backend.
    degraded = False

    @property
    def members(self) -> list[SearchBackend]:
        """The backends that keep an index of their own (itself, or those it combines)."""
        return [self]

    def search(self, params: SearchParams) -> SearchResults:
        """Fiches matching ``params``, one page of them, with facet counts."""
        raise NotImplementedError(f"{type(self).__name__} ne sait pas chercher.")

    def suggest(self, prefix: str, size: int = 8, audience: Audience = PUBLIC_AUDIENCE) -> list[Suggestion]:
        """Titles of fiches ``audience`` may see that complete ``prefix`` (accents and case ignored)."""
        raise NotImplementedError(f"{type(self).__name__} ne propose pas de suggestions.")

    def similar(self, fiche_id: int, size: int = 4, audience: Audience = PUBLIC_AUDIENCE) -> list[SearchHit]:
        """Published fiches ``audience`` may see that resemble fiche ``fiche_id`` (itself excluded)."""
        raise NotImplementedError(f"{type(self).__name__} ne sait pas trouver de fiches similaires.")

    def index_document(self, document: dict) -> None:
        """Add or replace one document built by :mod:`search.document_data`."""
        raise NotImplementedError

    def index_documents(self, documents: Iterable[dict]) -> int:
        """Add or replace many documents; return how many."""
        count = 0
        for document in documents:
            self.index_document(document)
            count += 1
        return count

    def remove_fiche(self, fiche_id: int) -> None:
        """Remove a fiche from the index (no error when it is not there)."""
        raise NotImplementedError

    def index_fiche(self, fiche_id: int) -> None:
        """Index a published fiche from the database, or remove it when it is not published."""
        from ..document_data import document_for

        document = document_for(fiche_id)
        if document is None:
            self.remove_fiche(fiche_id)
        else:
            self.index_document(document)

    def vocabulary_changed(self) -> bool:
        """Bring the index in step with an edited vocabulary; True when it was rebuilt for that.
        Backends that apply the vocabulary when a query is run have nothing to do."""
        return False

    def rebuild(self, progress: Progress | None = None) -> int:
        """Re-index every published fiche without interrupting searches; return the count."""
        raise NotImplementedError

    def count_indexed(self) -> int:
        raise NotImplementedError

    def indexed_revisions(self) -> dict[int, int | None]:
        """``{fiche id: indexed revision id}`` of every document in the index."""
        raise NotImplementedError
