"""Search parameters: parsed and checked once, from a query string, for the API and the page.

Filter values are the facet values (slugs, académie codes, school years); a value of
the right shape that matches nothing simply finds nothing. Anything else is refused
with a French message naming the parameter (the API answers 400 with it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from fiches.visibility import PUBLIC_AUDIENCE, Audience

from .facets import FACET_FIELDS

MAX_QUERY_LENGTH = 500
MAX_SIZE = 100
DEFAULT_SIZE = 20
DEFAULT_KM = 30.0
MAX_KM = 1000.0
MAX_RESULT_WINDOW = 10_000
SORTS = ("relevance", "distance", "date")

_VALUE_RE = {
    "annee": re.compile(r"^\d{4}-\d{4}$"),
}
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
_COORDS_RE = re.compile(r"^\s*(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")


class InvalidSearchParams(ValueError):
    """Parameters that cannot be searched; ``errors`` maps a parameter to a French message.

    ``near_choices`` lists, as ``(label, value)``, the communes an ambiguous ``near`` may mean,
    for the page to offer them.
    """

    def __init__(self, errors: dict[str, str], near_choices: list[tuple[str, str]] | None = None):
        self.errors = errors
        self.near_choices = near_choices or []
        super().__init__(" ".join(errors.values()))


@dataclass
class SearchParams:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    near: tuple[float, float] | None = None
    near_label: str = ""
    km: float = DEFAULT_KM
    sort: str = ""
    page: int = 1
    size: int = DEFAULT_SIZE
    # Who searches: only the fiches this audience may see are found and counted (fiches.visibility).
    audience: Audience = PUBLIC_AUDIENCE

    def __post_init__(self):
        self.q = (self.q or "").strip()[:MAX_QUERY_LENGTH]
        if not self.sort:
            self.sort = "relevance" if self.q else "date"

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


def parse_search_params(query, *, geocoder=None, audience: Audience = PUBLIC_AUDIENCE) -> SearchParams:
    """Build :class:`SearchParams` from a ``QueryDict`` (or raise :class:`InvalidSearchParams`).

    ``near`` accepts ``LAT,LON`` or, when a geocoder is given (the search page, the API, followed searches),
    a commune name resolved through it.
    """
    errors: dict[str, str] = {}
    filters = {}
    for name in FACET_FIELDS:
        values = [v.strip() for v in query.getlist(name) if v.strip()]
        pattern = _VALUE_RE.get(name, _SLUG_RE)
        bad = [v for v in values if not pattern.match(v)]
        if bad:
            errors[name] = _("Valeur non reconnue pour « %(param)s » : %(value)s.") % {"param": name, "value": bad[0][:60]}
        elif values:
            filters[name] = values
    page = _integer(query.get("page"), "page", 1, errors, minimum=1)
    size = _integer(query.get("size"), "size", DEFAULT_SIZE, errors, minimum=1, maximum=MAX_SIZE)
    if not errors.keys() & {"page", "size"} and page * size > MAX_RESULT_WINDOW:
        errors["page"] = _("Seuls les %(n)s premiers résultats sont consultables : affinez la recherche.") % {
            "n": MAX_RESULT_WINDOW}
    near_choices = []
    near, near_label = _near(query.get("near", ""), geocoder, errors, near_choices)
    km = _km(query.get("km"), errors)
    sort = query.get("sort", "").strip()
    if sort and sort not in SORTS:
        errors["sort"] = _("Tri inconnu « %(value)s » : choisissez relevance, distance ou date.") % {"value": sort[:30]}
    elif sort == "distance" and near is None and "near" not in errors:
        errors["sort"] = _("Le tri par distance demande un point de départ (paramètre near).")
    if errors:
        raise InvalidSearchParams(errors, near_choices)
    return SearchParams(
        q=query.get("q", ""), filters=filters, near=near, near_label=near_label,
        km=km, sort=sort, page=page, size=size, audience=audience,
    )


def _integer(raw, name, default, errors, *, minimum, maximum=None) -> int:
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or value < minimum or (maximum is not None and value > maximum):
        bounds = (
            _("un entier entre %(min)s et %(max)s") % {"min": minimum, "max": maximum}
            if maximum is not None else _("un entier supérieur ou égal à %(min)s") % {"min": minimum}
        )
        errors[name] = _("Le paramètre « %(param)s » doit être %(bounds)s.") % {"param": name, "bounds": bounds}
        return default
    return value


def _km(raw, errors) -> float:
    if raw in (None, ""):
        return DEFAULT_KM
    try:
        km = float(raw)
    except ValueError:
        km = -1.0
    if not 0 < km <= MAX_KM:
        errors["km"] = _("Le rayon « km » doit être un nombre de kilomètres entre 0 et %(max)s.") % {"max": int(MAX_KM)}
        return DEFAULT_KM
    return km


def _near(raw: str, geocoder, errors, choices: list) -> tuple[tuple[float, float] | None, str]:
    raw = (raw or "").strip()[:200]
    if not raw:
        return None, ""
    match = _COORDS_RE.match(raw)
    if match:
        lat, lon = float(match.group(1)), float(match.group(2))
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            return (lat, lon), raw
        errors["near"] = _("Coordonnées hors limites : la latitude va de -90 à 90, la longitude de -180 à 180.")
        return None, ""
    if geocoder is None:
        errors["near"] = _("Le paramètre « near » attend une latitude et une longitude : near=44.2,0.6.")
        return None, ""
    return _commune(raw, geocoder, errors, choices)


def _commune(text: str, geocoder, errors, choices: list) -> tuple[tuple[float, float] | None, str]:
    from geo.resolve import commune_choices

    resolution = geocoder.resolve(text)
    if meant := commune_choices(resolution):
        # « Clermont » is Clermont (60) and Clermont-Ferrand (63): the page offers the choice.
        choices += [(f"{c.name} ({c.dep})", f"{c.name} ({c.dep})") for c in meant]
        errors["near"] = _("« %(query)s » peut désigner plusieurs communes : choisissez-en une.") % {"query": text}
        return None, ""
    best = resolution.best
    if resolution.status in ("exact", "fuzzy") and best and best.commune.has_point:
        return (best.commune.lat, best.commune.lon), f"{best.commune.name} ({best.commune.dep})"
    names = ", ".join(f"{c.commune.name} ({c.commune.dep})" for c in resolution.candidates[:6])
    if resolution.status == "ambiguous" and names:
        errors["near"] = _("Plusieurs communes s'appellent « %(query)s » : %(names)s. Précisez le département, "
                           "par exemple « %(example)s ».") % {
            "query": text, "names": names,
            "example": f"{resolution.candidates[0].commune.name} ({resolution.candidates[0].commune.dep})",
        }
    elif names:
        errors["near"] = _("Commune inconnue : « %(query)s ». Vouliez-vous dire : %(names)s ?") % {"query": text, "names": names}
    else:
        errors["near"] = _("Commune inconnue : « %(query)s ».") % {"query": text}
    return None, ""
