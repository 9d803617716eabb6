"""Placing an establishment: commune → INSEE code, département, point, académie.

``place_establishment(est)`` geocodes ``est.commune`` (narrowed by
``est.departement`` or ``est.commune_insee`` when known) with the configured
geocoder (:func:`geo.geocoders.get_geocoder`: the offline gazetteer unless
the online BAN geocoder is configured), fills the establishment's fields
without saving it and returns a :class:`Placement`.

Nothing doubtful is stored silently: a fuzzy match is stored with precision
"approximate" and a warning; an ambiguous or unknown commune leaves the
position empty and says why, naming the candidates. A position placed by
hand (precision "manual") is kept. A structure without a commune is placed at
its known seat when its kind or name tells it (:mod:`geo.seats`: « CIO de
Verdun », a DSDEN, académie services), status "seat", the reason as warning.

``Placement.academie_code`` is the académie of the département on ``on_date``
(default today); the establishment's own académie is the caller's to set
(``Establishment.save()`` derives the current one from the département): geo
knows places, not the models of fiches.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from geo.academies import academie_for
from geo.geocoders import OfflineGazetteer, get_geocoder
from geo.resolve import resolve


@dataclass
class Placement:
    status: str  # placed, approximate, fuzzy, seat, ambiguous, not_found, manual, no_commune
    warning: str = ""
    academie_code: str | None = None
    candidates: list[str] = field(default_factory=list)

    @property
    def placed(self) -> bool:
        return self.status in ("placed", "approximate", "fuzzy", "seat")


def describe(commune) -> str:
    """« Saint-Denis (974) »."""
    return f"{commune.name} ({commune.dep})"


def resolution_message(query: str, resolution) -> tuple[str, list[str]]:
    """French message and candidate labels for an ambiguous or unknown commune query."""
    names = [describe(c.commune) for c in resolution.candidates[:8]]
    if resolution.status == "ambiguous":
        return (_("Plusieurs communes s'appellent « %(query)s » : %(names)s. Précisez le département, "
                  "par exemple « %(example)s ».") % {"query": query, "names": ", ".join(names),
                                                     "example": names[0] if names else query}, names)
    if names:
        return (_("Commune « %(query)s » introuvable. Communes proches : %(names)s.")
                % {"query": query, "names": ", ".join(names)}, names)
    return _("Commune « %(query)s » introuvable.") % {"query": query}, names


def insee_departement(insee: str) -> str:
    """Département of an INSEE commune code ("47001" -> "47", "97411" -> "974", "" -> "")."""
    return insee[:3] if insee.startswith("97") else insee[:2]


def _at_seat(est, on_date=None) -> Placement:
    """Place a structure without a commune at its known seat, if its kind or name gives one."""
    from geo.seats import structure_seat

    academie = getattr(est, "academie", None) if est.academie_id else None
    seat = structure_seat(est.name, est.kind, academie.code if academie else "",
                          academie.departements if academie else [])
    if seat is None:
        return Placement("no_commune", _("Aucune commune indiquée et aucun siège connu : la structure est « à placer »."))
    commune = seat.commune
    est.commune, est.commune_insee, est.departement = commune.name, commune.insee, commune.dep
    est.latitude, est.longitude, est.location_precision = commune.lat, commune.lon, seat.precision
    return Placement("seat", seat.reason, academie_code=academie_for(commune.dep, on_date))


def place_establishment(est, on_date=None) -> Placement:
    """Fill the commune code, département, position and académie of *est*; see the module docstring."""
    if est.location_precision == est.Precision.MANUAL and est.has_position:
        code = academie_for(est.departement, on_date) if est.departement else None
        return Placement("manual", academie_code=code)
    query = (est.commune or "").strip() or est.commune_insee
    if not query:
        return _at_seat(est, on_date)
    departement = est.departement or insee_departement(est.commune_insee)
    geocoder = get_geocoder()
    if isinstance(geocoder, OfflineGazetteer):
        location = geocoder.geocode(query, departement=departement or None)
    else:
        location = geocoder.geocode(f"{query} {departement}".strip())
    if location is None:
        est.latitude = est.longitude = None
        est.location_precision = ""
        resolution = resolve(query, departement=departement or None)
        message, names = resolution_message(query, resolution)
        return Placement("ambiguous" if resolution.status == "ambiguous" else "not_found", message, candidates=names)
    raw = location.raw
    fuzzy = raw.get("match") == "fuzzy"
    est.latitude, est.longitude = location.latitude, location.longitude
    est.location_precision = "approximate" if fuzzy else raw.get("precision", "commune")
    insee = raw.get("insee") or (raw.get("properties") or {}).get("citycode", "")
    if insee:
        est.commune_insee = insee
        est.departement = raw.get("departement") or insee_departement(insee)
    code = academie_for(est.departement, on_date) if est.departement else None
    if fuzzy:
        return Placement("fuzzy", _("« %(query)s » a été compris comme %(name)s : position approximative, "
                                    "à vérifier.") % {"query": query, "name": location.address},
                         academie_code=code)
    if est.location_precision == "approximate":
        return Placement("approximate", _("Position approximative pour %(name)s (point du secteur, pas de la "
                                          "commune elle-même).") % {"name": location.address}, academie_code=code)
    return Placement("placed", academie_code=code)
