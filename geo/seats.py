"""Where a structure without a commune sits, when its kind or its name says so.

Many structures that carry fiches are named rather than addressed: « CIO de Verdun »,
« Circonscription 1er degré IEN Tampon 2 », « DSDEN de l'Ardèche », « Services académiques —
Versailles ». :func:`structure_seat` finds, in this order:

1. a commune named in the structure's name, within the départements of its académie
   (« Verdun » → Verdun (55), « Tampon » → Le Tampon (974)), precision « commune »;
2. for the académie's own services, the commune of its rectorat, precision « commune »;
3. for a DSDEN, the chef-lieu of the département its name gives (Privas for the Ardèche),
   precision « commune »; for another structure naming a département (« Loiret Nord »), that
   chef-lieu too, precision « approximate ».

It takes plain values (name, kind, académie code and départements) and returns the commune
with the precision and a French sentence saying why; the caller stores them.
``geo/data/seats.json`` holds the chefs-lieux and rectorats.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _

from geo.gazetteer import Commune, Gazetteer, get_gazetteer
from geo.normalize import normalize_name, strip_article
from geo.resolve import resolve

SEATS_FILE = Path(__file__).resolve().parent / "data" / "seats.json"
MAX_NAME_WORDS = 4
# Words that name a kind of structure, never a commune on their own.
GENERIC_WORDS = frozenset(normalize_name(word) for word in """
    cio ien dsden cci cma cfa greta onisep lycee lycees college colleges ecole ecoles services service academiques
    academique circonscription degre professionnel professionnelle general technologique polyvalent
    regroupement reseau etablissements etablissement centre antenne structure autre maison nord sud est ouest
""".split())


@dataclass
class Seat:
    commune: Commune
    precision: str  # "commune" or "approximate" (as Establishment.location_precision)
    reason: str  # French: where it was placed and why


@lru_cache(maxsize=1)
def _seats() -> dict:
    with open(SEATS_FILE, encoding="utf-8") as fh:
        return json.load(fh)


def _commune(name: str, departement: str) -> Commune | None:
    resolution = resolve(name, departement=departement)
    if resolution.status == "exact" and resolution.best and resolution.best.commune.has_point:
        return resolution.best.commune
    return None


def chef_lieu(departement: str) -> Commune | None:
    """The commune of a département's préfecture (where its DSDEN sits)."""
    name = _seats()["chefs_lieux"].get(departement)
    return _commune(name, departement) if name else None


def rectorat(academie: str) -> Commune | None:
    """The commune of an académie's rectorat."""
    seat = _seats()["rectorats"].get(academie)
    return _commune(*seat) if seat else None


def _windows(name: str) -> list[str]:
    """Runs of one to ``MAX_NAME_WORDS`` words of ``name`` starting with a capital, longest first."""
    words = re.findall(r"[\w-]+", name)  # « l'Ardèche » gives « l » and « Ardèche »
    runs = []
    for size in range(min(MAX_NAME_WORDS, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            run = words[start:start + size]
            if run[0][:1].isupper() and not (size == 1 and normalize_name(run[0]) in GENERIC_WORDS):
                runs.append(" ".join(run))
    return runs


def named_commune(name: str, departements: Iterable[str], gazetteer: Gazetteer | None = None) -> Commune | None:
    """The current commune of ``departements`` that ``name`` names, if exactly one (or one far larger)."""
    gaz = gazetteer or get_gazetteer()
    departements = set(departements)
    for run in _windows(name):
        key = normalize_name(run)
        found = {c.insee: c for c in [*gaz.by_key.get(key, ()), *gaz.by_article_free_key.get(strip_article(key), ())]
                 if c.is_current and c.dep in departements and c.has_point}
        if len(found) == 1:
            return next(iter(found.values()))
        if found:
            ranked = sorted(found.values(), key=lambda c: -c.population)
            if ranked[0].population >= 10 * max(ranked[1].population, 1):
                return ranked[0]
    return None


def named_departement(name: str, departements: Iterable[str], gazetteer: Gazetteer | None = None) -> str | None:
    """The département among ``departements`` that ``name`` names (« DSDEN de l'Ardèche » → "07")."""
    gaz = gazetteer or get_gazetteer()
    departements = set(departements)
    for run in _windows(name):
        code = gaz.departement_code(run) or gaz.departement_code(strip_article(normalize_name(run)))
        if code in departements:
            return code
    return None


def structure_seat(name: str, kind: str, academie: str, departements: Iterable[str],
                   gazetteer: Gazetteer | None = None) -> Seat | None:
    """Where a structure of ``kind`` named ``name``, of académie ``academie``, sits; see the module docstring."""
    departements = list(departements)
    commune = named_commune(name, departements, gazetteer)
    if commune:
        return Seat(commune, "commune", _("Commune nommée dans le nom de la structure : %(commune)s (%(dep)s).")
                    % {"commune": commune.name, "dep": commune.dep})
    if kind == "academie_service" and (commune := rectorat(academie)):
        return Seat(commune, "commune", _("Services académiques placés dans la commune du rectorat : %(commune)s (%(dep)s).")
                    % {"commune": commune.name, "dep": commune.dep})
    departement = named_departement(name, departements, gazetteer)
    if departement and (commune := chef_lieu(departement)):
        if kind == "dsden":
            return Seat(commune, "commune", _("DSDEN placée au chef-lieu du département : %(commune)s (%(dep)s).")
                        % {"commune": commune.name, "dep": commune.dep})
        return Seat(commune, "approximate",
                    _("Département nommé dans le nom de la structure : placée à son chef-lieu, %(commune)s (%(dep)s), "
                      "position approximative.") % {"commune": commune.name, "dep": commune.dep})
    return None
