"""Fiche filter parameters (DESIGN.md §5), parsed once for every API and page.

``parse_fiche_filters(request.GET)`` checks the parameters and returns a
:class:`FicheFilters`, or raises :class:`FilterError` whose message (in
French) names the faulty parameter; ``apply_to_queryset(qs, filters)``
narrows a :class:`~fiches.models.FichePage` queryset. Several values of one
parameter (``?niveau=college&niveau=lycee``) are alternatives.

Filter values are those the facets give: académie and taxonomy slugs, school
years as ``2023-2024``. An académie also matches the fiches filed under the
académies it succeeded (``normandie`` includes past ``caen`` and ``rouen``).

Distance: ``near=LAT,LON`` and ``km`` keep the fiches whose lead structure
lies within ``km`` of the point on the WGS-84 ellipsoid. The database
computes a haversine distance (annotated as ``distance_km``, usable for
sorting); geopy's geodesic settles the points in the narrow band where the
sphere and the ellipsoid may disagree.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import F, FloatField, Q, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.utils.translation import gettext as _

from geo.distance import EARTH_RADIUS_KM, bounding_box, geodesic_km

DEFAULT_KM = 20.0
MAX_KM = 1000.0
# Like the search service's: a title search longer than this is cut (SQLite refuses LIKE
# patterns over 50,000 bytes, and no title is that long).
MAX_QUERY_LENGTH = 500
# Haversine on the mean sphere stays within 0.6 % of the WGS-84 geodesic.
SPHERE_MARGIN = 0.007
TAXONOMY_PARAMETERS = {
    "niveau": ("Level", "levels__slug"),
    "theme": ("Theme", "themes__slug"),
    "dispositif": ("Dispositif", "dispositifs__slug"),
    "public": ("TargetPublic", "publics__slug"),
}
_SCHOOL_YEAR = re.compile(r"^(\d{4})-(\d{4})$")
LAT = "lead_structure__latitude"
LON = "lead_structure__longitude"
# The same filters on the search index's FicheSearchEntry (one row per published fiche, see
# apply_to_entries): its position columns and its "|v1|v2|" facet columns.
ENTRY_LAT = "lat"
ENTRY_LON = "lon"
ENTRY_FACET_COLUMNS = {"niveau": "levels", "theme": "themes", "dispositif": "dispositifs", "public": "publics",
                       "annee": "annees"}


class FilterError(ValueError):
    """An invalid filter parameter; ``message`` is meant for the user."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class FicheFilters:
    q: str = ""
    academie: tuple[str, ...] = ()
    niveau: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()
    dispositif: tuple[str, ...] = ()
    public: tuple[str, ...] = ()
    annee: tuple[str, ...] = ()
    near: tuple[float, float] | None = None
    km: float = DEFAULT_KM


def _values(querydict, name: str) -> tuple[str, ...]:
    values = tuple(dict.fromkeys(v.strip() for v in querydict.getlist(name) if v.strip()))
    _check_no_nul(name, values)
    return values


def _check_no_nul(parameter: str, values) -> None:
    """A NUL character cannot reach the database (PostgreSQL refuses it in text)."""
    if any("\x00" in value for value in values):
        raise FilterError(parameter, _("Le paramètre %(parameter)s contient un caractère nul.") % {"parameter": parameter})


def parse_near(value: str) -> tuple[float, float]:
    parts = value.split(",")
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise FilterError("near", _("Le paramètre near doit s'écrire « latitude,longitude » (ex. 44.2,0.62).")) from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise FilterError("near", _("Le paramètre near doit avoir une latitude entre -90 et 90 et une longitude entre -180 et 180."))
    return lat, lon


def parse_km(value: str) -> float:
    try:
        km = float(value.replace(",", "."))
    except ValueError:
        km = math.nan
    if not (math.isfinite(km) and 0 < km <= MAX_KM):
        raise FilterError("km", _("Le paramètre km doit être un nombre positif d'au plus %(max)d.") % {"max": MAX_KM})
    return km


def _check_known(parameter: str, values: tuple[str, ...], known: set[str]) -> None:
    unknown = [v for v in values if v not in known]
    if unknown:
        raise FilterError(parameter, _("Valeur inconnue pour %(parameter)s : %(values)s.")
                          % {"parameter": parameter, "values": ", ".join(unknown)})


def parse_fiche_filters(querydict) -> FicheFilters:
    """Read and check the filter parameters of a ``QueryDict`` (see the module docstring)."""
    from django.apps import apps

    from fiches.models import Academie

    values = {name: _values(querydict, name) for name in ("academie", "annee", *TAXONOMY_PARAMETERS)}
    if values["academie"]:
        _check_known("academie", values["academie"],
                     set(Academie.objects.filter(code__in=values["academie"]).values_list("code", flat=True)))
    for name, (model_name, _lookup) in TAXONOMY_PARAMETERS.items():
        if values[name]:
            model = apps.get_model("fiches", model_name)
            _check_known(name, values[name], set(model.objects.filter(slug__in=values[name]).values_list("slug", flat=True)))
    for year in values["annee"]:
        match = _SCHOOL_YEAR.match(year)
        if not match or int(match.group(2)) != int(match.group(1)) + 1:
            raise FilterError("annee", _("Le paramètre annee attend une année scolaire AAAA-AAAA (ex. 2023-2024)."))
    near = querydict.get("near", "").strip()
    km = querydict.get("km", "").strip()
    q = querydict.get("q", "").strip()[:MAX_QUERY_LENGTH]
    _check_no_nul("q", [q])
    return FicheFilters(
        q=q,
        near=parse_near(near) if near else None,
        km=parse_km(km) if km else DEFAULT_KM,
        **values,
    )


def _academie_q(codes: tuple[str, ...]) -> Q:
    from fiches.models import AcademiePage

    sections = AcademiePage.objects.filter(
        Q(academie__code__in=codes) | Q(academie__successor__code__in=codes)
    ).values_list("path", flat=True)
    query = Q(pk__in=[])
    for path in sections:
        query |= Q(path__startswith=path)
    return query


def haversine_expression(lat: float, lon: float, lat_field: str = LAT, lon_field: str = LON):
    """SQL expression of the haversine distance (km) from (lat, lon) to the lead structure (or the given fields)."""
    lat1, lon1 = Value(math.radians(lat), output_field=FloatField()), Value(math.radians(lon), output_field=FloatField())
    lat2, lon2 = Radians(F(lat_field)), Radians(F(lon_field))
    a = Power(Sin((lat2 - lat1) / 2), 2) + Cos(lat1) * Cos(lat2) * Power(Sin((lon2 - lon1) / 2), 2)
    return 2 * EARTH_RADIUS_KM * ASin(Sqrt(Least(a, Value(1.0))))


def _within_distance(qs, lat: float, lon: float, km: float, lat_field: str = LAT, lon_field: str = LON):
    box = bounding_box(lat, lon, km * (1 + SPHERE_MARGIN))
    if box.min_lon <= box.max_lon:
        lon_q = Q(**{f"{lon_field}__gte": box.min_lon, f"{lon_field}__lte": box.max_lon})
    else:  # the box crosses the antimeridian
        lon_q = Q(**{f"{lon_field}__gte": box.min_lon}) | Q(**{f"{lon_field}__lte": box.max_lon})
    qs = qs.filter(lon_q, **{f"{lat_field}__gte": box.min_lat, f"{lat_field}__lte": box.max_lat})
    qs = qs.annotate(distance_km=haversine_expression(lat, lon, lat_field, lon_field))
    band = qs.filter(distance_km__gt=km * (1 - SPHERE_MARGIN), distance_km__lte=km * (1 + SPHERE_MARGIN))
    settled = [pk for pk, plat, plon in band.values_list("pk", lat_field, lon_field)
               if geodesic_km(lat, lon, plat, plon) <= km]
    return qs.filter(Q(distance_km__lte=km * (1 - SPHERE_MARGIN)) | Q(pk__in=settled))


def apply_to_queryset(qs, filters: FicheFilters):
    """Narrow a FichePage queryset to the fiches matching *filters*."""
    if filters.q:
        qs = qs.filter(title__icontains=filters.q)
    if filters.academie:
        qs = qs.filter(_academie_q(filters.academie))
    for name, (_model, lookup) in TAXONOMY_PARAMETERS.items():
        if getattr(filters, name):
            qs = qs.filter(pk__in=qs.model.objects.filter(**{f"{lookup}__in": getattr(filters, name)}).values("pk"))
    if filters.annee:
        qs = qs.filter(pk__in=qs.model.objects.filter(school_year_links__school_year__code__in=filters.annee).values("pk"))
    if filters.near:
        qs = _within_distance(qs, *filters.near, filters.km)
    return qs


def apply_to_entries(qs, filters: FicheFilters):
    """Narrow a :class:`search.models.FicheSearchEntry` queryset to the fiches matching *filters*.

    Same fiches as :func:`apply_to_queryset` on the published fiches, as long as the
    entries are in step with publication (search index): ``q`` and ``academie`` are
    decided on the page rows (title; tree sections, historical ones included), the
    taxonomies and school years on the entry's facet columns, ``near`` on its position.
    """
    from wagtail.models import Page

    if filters.q:
        qs = qs.filter(pk__in=Page.objects.filter(title__icontains=filters.q).values("pk"))
    if filters.academie:
        qs = qs.filter(pk__in=Page.objects.filter(_academie_q(filters.academie)).values("pk"))
    for name, column in ENTRY_FACET_COLUMNS.items():
        values = getattr(filters, name)
        if values:
            qs = qs.filter(reduce(or_, (Q(**{f"{column}__contains": f"|{value}|"}) for value in values)))
    if filters.near:
        qs = _within_distance(qs, *filters.near, filters.km, lat_field=ENTRY_LAT, lon_field=ENTRY_LON)
    return qs
