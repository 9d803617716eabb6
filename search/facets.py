"""The facets of the fiche search: parameter name, document field and value labels."""
from __future__ import annotations

import time

from django.utils.translation import gettext_lazy as _

# Facet (and filter parameter) name -> field of the search document.
FACET_FIELDS = {
    "academie": "academie",
    "niveau": "levels",
    "theme": "themes",
    "dispositif": "dispositifs",
    "public": "publics",
    "annee": "annees",
}
FACET_TITLES = {
    "academie": _("Académie"),
    "niveau": _("Niveau"),
    "theme": _("Thématique"),
    "dispositif": _("Dispositif"),
    "public": _("Public cible"),
    "annee": _("Année scolaire"),
}
FACET_SIZE = 100
LABELS_TTL = 60.0  # seconds: vocabularies change rarely, searches are frequent

_labels_cache: tuple[float, dict[str, dict[str, str]]] = (0.0, {})


def _label_models():
    from fiches.models import Academie, Dispositif, Level, TargetPublic, Theme

    return {
        "academie": (Academie, "code", "name"),
        "niveau": (Level, "slug", "label"),
        "theme": (Theme, "slug", "label"),
        "dispositif": (Dispositif, "slug", "label"),
        "public": (TargetPublic, "slug", "label"),
    }


def labelled(counts: dict[str, dict[str, int]]) -> dict:
    """``{facet: {value: count}}`` -> ``{facet: [FacetValue]}``, labels from the vocabularies.

    Values are sorted by decreasing count, then label; a value whose term was
    removed keeps its own text as label.
    """
    from .results import FacetValue

    all_labels = _all_labels()
    facets = {}
    for name in FACET_FIELDS:
        values = counts.get(name, {})
        labels = all_labels.get(name, {})
        items = [FacetValue(value, str(labels.get(value, value)), count) for value, count in values.items() if count]
        items.sort(key=lambda item: (-item.count, item.label))
        facets[name] = items[:FACET_SIZE]
    return facets


def _all_labels() -> dict[str, dict[str, str]]:
    """``{facet: {value: label}}`` of every vocabulary, read at most every ``LABELS_TTL`` seconds."""
    global _labels_cache
    loaded_at, labels = _labels_cache
    if time.monotonic() - loaded_at > LABELS_TTL:
        labels = {
            name: {key: str(label) for key, label in model.objects.values_list(key_field, label_field)}
            for name, (model, key_field, label_field) in _label_models().items()
        }
        _labels_cache = (time.monotonic(), labels)
    return labels
