"""What every search backend returns (DESIGN.md §5), whichever backend answered."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

RESULT_KEYS = ("id", "title", "url", "academie", "etablissement", "commune", "lat", "lon", "score", "highlight")


@dataclass
class SearchHit:
    """One fiche in a result list; ``highlight`` is escaped HTML with ``<mark>`` around matches."""

    id: int
    title: str
    url: str
    academie: str
    etablissement: str
    commune: str
    lat: float | None
    lon: float | None
    score: float | None
    highlight: str
    distance_km: float | None = None

    def as_dict(self) -> dict:
        return {key: getattr(self, key) for key in RESULT_KEYS}


@dataclass
class FacetValue:
    value: str
    label: str
    count: int

    def as_dict(self) -> dict:
        return {"value": self.value, "label": self.label, "count": self.count}


@dataclass
class SearchResults:
    count: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetValue]]
    backend: str
    page: int = 1
    size: int = 20
    degraded: bool = False
    warnings: list[str] = field(default_factory=list)
    #: The query as searched when words of it were corrected (« Essayez avec l'orthographe : … »).
    corrected_query: str = ""

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.size))

    def as_dict(self) -> dict:
        return {
            "count": self.count,
            "results": [hit.as_dict() for hit in self.hits],
            "facets": {name: [value.as_dict() for value in values] for name, values in self.facets.items()},
            "backend": self.backend,
            "corrected_query": self.corrected_query,
        }


@dataclass
class Suggestion:
    id: int
    text: str
    url: str

    def as_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "url": self.url}
