"""Drift between the database (the source of truth) and a search index, and its repair."""
from __future__ import annotations

from dataclasses import dataclass

from .backends.base import SearchBackend


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
