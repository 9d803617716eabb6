"""Drift between the database (the source of truth) and a search index, its repair, and the indexing of
many fiches at once."""
from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass

from . import tasks
from .backends import SearchUnavailable, get_search_backend
from .backends.base import SearchBackend
from .document_data import fiches_to_index, iter_documents

logger = logging.getLogger(__name__)


@dataclass
class Drift:
    missing: list[int]  # published, not indexed
    stale: list[int]  # indexed from another revision than the live one
    orphans: list[int]  # indexed, no longer published

    @property
    def clean(self) -> bool:
        return not (self.missing or self.stale or self.orphans)


def published_revisions() -> dict[int, int | None]:
    from fiches.models import FichePage

    return dict(FichePage.objects.live().values_list("pk", "live_revision_id"))


def measure_drift(backend: SearchBackend) -> Drift:
    expected = published_revisions()
    indexed = backend.indexed_revisions()
    return Drift(
        missing=sorted(expected.keys() - indexed.keys()),
        stale=sorted(pk for pk in expected.keys() & indexed.keys() if expected[pk] != indexed[pk]),
        orphans=sorted(indexed.keys() - expected.keys()),
    )


def repair(backend: SearchBackend, drift: Drift) -> None:
    for fiche_id in drift.missing + drift.stale:
        backend.index_fiche(fiche_id)
    for fiche_id in drift.orphans:
        backend.remove_fiche(fiche_id)


def reindex(fiche_ids: Collection[int]) -> None:
    """Bring the search service in step with the fiches ``fiche_ids``: the published ones are indexed with one
    bulk write per index, the others (drafts, unpublished, deleted) removed. When the service does not answer,
    each fiche gets the task a publication enqueues, which tries again later."""
    if not fiche_ids:
        return
    documents = list(iter_documents(fiches_to_index().filter(pk__in=fiche_ids)))
    backend = get_search_backend()
    try:
        backend.index_documents(documents)
        for fiche_id in sorted(set(fiche_ids) - {document["id"] for document in documents}):
            backend.remove_fiche(fiche_id)
    except SearchUnavailable as error:
        logger.warning("Index de recherche indisponible (%s) : les %s fiches seront indexées une à une.",
                       error, len(fiche_ids))
        for fiche_id in sorted(fiche_ids):
            tasks.index_fiche.enqueue(fiche_id)
