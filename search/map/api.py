"""GeoJSON of published fiches: ``GET /api/v1/fiches.geojson``.

Parameters: the fiche filters of DESIGN.md §5 (see :mod:`search.map.filters`), plus
``bbox=W,S,E,N`` (degrees) and ``zoom`` (0–22). Each fiche is a Point at its
lead structure, with properties id, title, url, academie (code),
academie_label, etablissement, commune, precision. When ``zoom`` is given,
is below ``MAX_CLUSTER_ZOOM`` and more than ``CLUSTER_THRESHOLD`` fiches
match, nearby fiches are grouped by :func:`geo.clustering.grid_cluster` into
features with properties ``cluster: true`` and ``count`` (and a ``bbox``
member); a cell holding one fiche stays a fiche. The collection also says
``count`` (fiches matched) and ``clustered``.

When clustering, the database computes each fiche's grid cell and groups by
it (:func:`sql_grid_cluster`): Python receives one row per cell, plus the full
rows of the single-fiche cells, never the 60,000 fiches of a national map.
The grouped query reads one table, the search index's ``FicheSearchEntry``
(one row per published fiche with its position and facet columns, see
:func:`search.map.filters.apply_to_entries`), not the join of fiche, page and
establishment. The entries follow publication (search signals and tasks);
after a fresh install or a bulk import that bypassed publication,
``manage.py search_index --rebuild`` fills them (``load_demo`` publishes
through Wagtail, so its fiches have them). Until then, or while an
establishment moved since its fiches were last published, the clusters
reflect the index. The result is the same as :func:`feature_collection` on
every row, which the view still uses when it does not cluster. Invalid
parameters: HTTP 400 with ``{"error": message in French, "parameter": name}``.
"""

from __future__ import annotations

import json
import math

from django.db.models import Count, Max, Min, Sum
from django.http import HttpResponse
from django.utils.translation import gettext as _
from wagtail.models import Page

from fiches.ascii_digits import is_ascii_digits
from fiches.listing import published_fiches
from fiches.models import AcademiePage, FichePage
from fiches.visibility import PUBLIC_AUDIENCE, Audience, audience_of
from geo.clustering import cluster_from_sums, grid_cell_expressions, grid_cluster
from search.map.filters import (ENTRY_LAT, ENTRY_LON, LAT, LON, FilterError, apply_to_entries, apply_to_queryset,
                         parse_fiche_filters)

CLUSTER_THRESHOLD = 300
SQL_CLUSTERING = True  # False: cluster in Python every row (the first path, kept as a baseline)
# True: group the search index's entries (one table); False: group the fiche ⋈ page ⋈ establishment join
# (the former SQL path, kept as the bench's baseline and the tests' reference).
CLUSTER_FROM_ENTRIES = True
MAX_CLUSTER_ZOOM = 14
MAX_ZOOM = 22
ROW_FIELDS = ("pk", "title", "slug", "path", "lead_structure__name", "lead_structure__commune", LAT, LON,
              "lead_structure__location_precision")


def parse_zoom(value: str) -> int | None:
    if not value:
        return None
    if not is_ascii_digits(value) or int(value) > MAX_ZOOM:
        raise FilterError("zoom", _("Le paramètre zoom doit être un entier de 0 à %(max)d.") % {"max": MAX_ZOOM})
    return int(value)


def parse_bbox(value: str) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        west, south, east, north = (float(v) for v in value.split(","))
    except ValueError:
        west = math.nan
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise FilterError("bbox", _("Le paramètre bbox doit s'écrire « ouest,sud,est,nord » en degrés "
                                    "(longitudes de -180 à 180, latitudes de -90 à 90)."))
    return west, south, east, north


def sections(request=None) -> dict[str, tuple[str, str, str]]:
    """Académie pages by tree path: (académie code, académie name, page URL)."""
    return {
        page.path: (page.academie.code, page.academie.name, page.get_url(request) or "")
        for page in AcademiePage.objects.select_related("academie")
    }


def placed(queryset, bbox=None, lat=LAT, lon=LON):
    """The fiches of *queryset* that have a position (within *bbox*)."""
    queryset = queryset.filter(**{f"{lat}__isnull": False, f"{lon}__isnull": False})
    if bbox:
        west, south, east, north = bbox
        queryset = queryset.filter(**{f"{lon}__gte": west, f"{lon}__lte": east, f"{lat}__gte": south, f"{lat}__lte": north})
    return queryset


def placed_entries(filters, bbox=None, audience: Audience = PUBLIC_AUDIENCE):
    """The search index entries of the placed published fiches matching *filters* (within *bbox*)
    that *audience* may see."""
    from search.audience import entry_filter
    from search.models import FicheSearchEntry

    entries = FicheSearchEntry.objects.filter(entry_filter(audience))
    return placed(apply_to_entries(entries, filters), bbox, ENTRY_LAT, ENTRY_LON)


def fiche_rows(queryset, bbox=None) -> list[tuple]:
    """Placed fiches of *queryset* (within *bbox*) as tuples of ``ROW_FIELDS``."""
    return list(placed(queryset, bbox).order_by("pk").values_list(*ROW_FIELDS))


def sql_grid_cluster(queryset, zoom: int, lat=LAT, lon=LON) -> list:
    """:func:`geo.clustering.grid_cluster` of the placed fiches of *queryset*, grouped in SQL.

    Same clusters in the same order (by first fiche id); a single fiche's
    ``item`` is its id. *lat*/*lon* name the position fields (``ENTRY_LAT``/
    ``ENTRY_LON`` for a ``FicheSearchEntry`` queryset).
    """
    x, y = grid_cell_expressions(lon, lat, zoom)
    cells = (queryset.annotate(cell_x=x, cell_y=y).values("cell_x", "cell_y")
             .annotate(n=Count("pk"), first=Min("pk"), sum_lon=Sum(lon), sum_lat=Sum(lat), west=Min(lon),
                       south=Min(lat), east=Max(lon), north=Max(lat))
             .order_by("first"))
    return [cluster_from_sums(c["sum_lon"], c["sum_lat"], c["n"], c["west"], c["south"], c["east"], c["north"],
                              c["first"]) for c in cells]


def point_feature(row: tuple, sections_by_path: dict) -> dict:
    pk, title, slug, path, name, commune, lat, lon, precision = row
    code, label, section_url = sections_by_path.get(path[: -Page.steplen], ("", "", ""))
    return {
        "type": "Feature",
        "id": pk,
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
        "properties": {
            "id": pk,
            "title": title,
            "url": f"{section_url}{slug}/" if section_url else "",
            "academie": code,
            "academie_label": label,
            "etablissement": name,
            "commune": commune,
            "precision": precision,
        },
    }


def cluster_feature(cluster) -> dict:
    return {
        "type": "Feature",
        "bbox": [round(v, 6) for v in cluster.bbox],
        "geometry": {"type": "Point", "coordinates": [round(cluster.lon, 6), round(cluster.lat, 6)]},
        "properties": {"cluster": True, "count": cluster.count},
    }


def feature_collection(rows: list[tuple], zoom: int | None, sections_by_path: dict) -> dict:
    """The FeatureCollection of *rows*, clustered at *zoom* when they are many."""
    clustered = zoom is not None and zoom < MAX_CLUSTER_ZOOM and len(rows) > CLUSTER_THRESHOLD
    if clustered:
        groups = grid_cluster(((row[7], row[6], row) for row in rows), zoom)
        features = [point_feature(g.item, sections_by_path) if g.is_single else cluster_feature(g) for g in groups]
    else:
        features = [point_feature(row, sections_by_path) for row in rows]
    return {"type": "FeatureCollection", "count": len(rows), "clustered": clustered, "features": features}


def sql_clustered_collection(queryset, zoom: int | None, sections_by_path: dict, lat=LAT,
                             lon=LON) -> dict | None:
    """The clustered FeatureCollection of the placed fiches of *queryset*, or None when it would not cluster.

    *queryset* holds FichePages, or FicheSearchEntry rows with ``lat=ENTRY_LAT, lon=ENTRY_LON``.
    """
    if zoom is None or zoom >= MAX_CLUSTER_ZOOM:
        return None
    groups = sql_grid_cluster(queryset, zoom, lat, lon)
    count = sum(g.count for g in groups)
    if count <= CLUSTER_THRESHOLD:
        return None
    singles = {row[0]: row for row in FichePage.objects.filter(pk__in=[g.item for g in groups if g.is_single])
               .values_list(*ROW_FIELDS)}
    features = [point_feature(singles[g.item], sections_by_path) if g.is_single else cluster_feature(g)
                for g in groups if not g.is_single or g.item in singles]
    return {"type": "FeatureCollection", "count": count, "clustered": True, "features": features}


def _json(data: dict, status: int = 200, content_type: str = "application/json") -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, status=status, content_type=f"{content_type}; charset=utf-8")


def fiches_geojson(request):
    try:
        filters = parse_fiche_filters(request.GET)
        zoom = parse_zoom(request.GET.get("zoom", "").strip())
        bbox = parse_bbox(request.GET.get("bbox", "").strip())
    except FilterError as error:
        return _json({"error": error.message, "parameter": error.parameter}, status=400)
    sections_by_path = sections(request)
    audience = audience_of(request)
    data = queryset = None
    if SQL_CLUSTERING and CLUSTER_FROM_ENTRIES:
        data = sql_clustered_collection(placed_entries(filters, bbox, audience), zoom, sections_by_path,
                                        ENTRY_LAT, ENTRY_LON)
    elif SQL_CLUSTERING:
        queryset = apply_to_queryset(published_fiches(audience), filters)
        data = sql_clustered_collection(placed(queryset, bbox), zoom, sections_by_path)
    if data is None:
        if queryset is None:
            queryset = apply_to_queryset(published_fiches(audience), filters)
        data = feature_collection(fiche_rows(queryset, bbox), zoom, sections_by_path)
    return _json(data, content_type="application/geo+json")
