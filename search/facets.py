"""The facets of the fiche search: parameter name, document field and value labels."""
from __future__ import annotations

from collections.abc import Iterable

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

    models = _label_models()
    facets = {}
    for name in FACET_FIELDS:
        values = counts.get(name, {})
        labels = dict(_labels(models.get(name), values))
        items = [FacetValue(value, str(labels.get(value, value)), count) for value, count in values.items() if count]
        items.sort(key=lambda item: (-item.count, item.label))
        facets[name] = items[:FACET_SIZE]
    return facets


def _labels(model_spec, values: Iterable[str]):
    if not model_spec or not values:
        return []
    model, key, label = model_spec
    return model.objects.filter(**{f"{key}__in": list(values)}).values_list(key, label)
