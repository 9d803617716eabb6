"""geopy geocoders for Accroche: the offline gazetteer, and BAN when configured.

``OfflineGazetteer`` is a geopy ``Geocoder`` answering from the embedded
commune gazetteer (no network). Each ``Location.raw`` carries: insee, name,
type, departement, departement_name, region, postal_codes, population,
parent_insee, academie (current), precision ("commune" | "approximate"),
approximation (why, when approximate), match ("exact" | "fuzzy" |
"ambiguous"), method, score, homonyms, candidates, query.

With ``exactly_one=True`` an ambiguous or unknown query returns None (never
a guessed point); ``exactly_one=False`` returns every candidate, flagged.
Use :func:`geo.resolve.resolve` to learn why a query failed.

:func:`get_geocoder` returns geopy's ``BANFrance`` only when the setting or
environment variable ``ACCROCHE_ONLINE_GEOCODER`` is ``"ban"``; otherwise
the offline geocoder.
"""

from __future__ import annotations

import os

from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location

from geo.academies import academie_for
from geo.gazetteer import APPROXIMATION_NAMES, KIND_NAMES, PRECISION_NAMES, Commune, Gazetteer, get_gazetteer
from geo.resolve import Candidate, Resolution, resolve

ONLINE_SETTING = "ACCROCHE_ONLINE_GEOCODER"


def _summary(c: Commune) -> dict:
    return {"insee": c.insee, "name": c.name, "departement": c.dep, "population": c.population}


class OfflineGazetteer(Geocoder):
    """Offline geocoder over the embedded gazetteer of French communes."""

    def __init__(self, gazetteer: Gazetteer | None = None, **kwargs):
        # No network: scheme/timeout/proxies are irrelevant but accepted.
        super().__init__(**kwargs)
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = get_gazetteer()
        return self._gazetteer

    def resolve(self, query, departement=None, postal_code=None) -> Resolution:
        return resolve(query, departement=departement, postal_code=postal_code, gazetteer=self.gazetteer)

    def geocode(self, query, exactly_one=True, timeout=DEFAULT_SENTINEL, *,
                departement=None, postal_code=None):
        """Geocode a commune query.

        ``query`` may be a string or a dict with ``city``/``commune``,
        ``postalcode`` and ``departement`` keys. ``departement`` and
        ``postal_code`` narrow the search (e.g. a fiche's académie département).
        """
        res = self.resolve(query, departement, postal_code)
        if res.status in ("exact", "fuzzy"):
            loc = self._location(res.best, res, res.status)
            if exactly_one:
                return loc
            return [loc] if loc else []
        if res.status == "ambiguous" and not exactly_one:
            return [loc for c in res.candidates if (loc := self._location(c, res, "ambiguous"))]
        return None if exactly_one else []

    def _location(self, cand: Candidate, res: Resolution, match: str) -> Location | None:
        c = cand.commune
        if not c.has_point:
            return None
        dep = self.gazetteer.departements.get(c.dep, {})
        raw = {
            "insee": c.insee,
            "name": c.name,
            "type": KIND_NAMES[c.kind],
            "parent_insee": c.parent or None,
            "departement": c.dep,
            "departement_name": dep.get("name"),
            "region": dep.get("region_name"),
            "postal_codes": list(c.postal_codes),
            "population": c.population,
            "academie": academie_for(c.dep),
            "precision": PRECISION_NAMES.get(c.precision, "approximate"),
            "approximation": APPROXIMATION_NAMES.get(c.source) if c.precision != "c" else None,
            "coord_source": c.source,
            "match": match,
            "method": cand.method,
            "score": cand.score,
            "homonyms": [_summary(h) for h in res.homonyms],
            "candidates": [dict(_summary(o.commune), score=o.score, method=o.method)
                           for o in res.candidates if o.commune.insee != c.insee][:5],
            "query": res.query,
        }
        address = f"{c.name} ({c.dep})"
        return Location(address, (c.lat, c.lon), raw)

    def reverse(self, query, *, exactly_one=True, timeout=DEFAULT_SENTINEL):
        """Nearest commune point to a (lat, lon) (commune-precision points only)."""
        from geo.distance import within_km

        point = self._coerce_point_to_string(query)
        lat, lon = (float(v) for v in point.split(","))
        points = ((c.lat, c.lon, c) for c in self.gazetteer.communes
                  if c.kind in "CM" and c.precision == "c")
        found = within_km(points, lat, lon, 30.0)
        if not found:
            return None if exactly_one else []
        locs = [self._location(Candidate(c, 1.0, "reverse"), Resolution(point, "exact"), "exact")
                for _, c in found[: 1 if exactly_one else 10]]
        return locs[0] if exactly_one else locs


def _online_setting() -> str:
    value = os.environ.get(ONLINE_SETTING, "")
    try:  # Django setting wins when Django is configured.
        from django.conf import settings

        if settings.configured:
            value = getattr(settings, ONLINE_SETTING, value) or value
    except Exception:  # Django absent or not configured: environment only.
        pass
    return (value or "").strip().lower()


def ban_precision(location: Location) -> str:
    """Precision of a BANFrance result: "address" for housenumber/street, else commune/approximate."""
    kind = ((location.raw or {}).get("properties") or {}).get("type")
    if kind in ("housenumber", "street"):
        return "address"
    if kind == "municipality":
        return "commune"
    return "approximate"


def _ban_class():
    from geopy.geocoders import BANFrance

    class AccrocheBANFrance(BANFrance):
        """geopy's BANFrance whose results also say ``raw["precision"]``."""

        def _parse_feature(self, feature):
            location = super()._parse_feature(feature)
            if location is not None:
                location.raw["precision"] = ban_precision(location)
                location.raw.setdefault("match", "online")
            return location

    return AccrocheBANFrance


def get_geocoder(**kwargs) -> Geocoder:
    """The configured geocoder: BANFrance if ``ACCROCHE_ONLINE_GEOCODER=ban``, else offline."""
    if _online_setting() == "ban":
        return _ban_class()(**kwargs)
    return OfflineGazetteer(**kwargs)
