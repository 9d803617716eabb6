"""Grid clustering of points in Web-Mercator pixels, for maps at a given zoom.

At zoom ``z`` the world is ``256 * 2**z`` pixels wide (Web-Mercator tiles,
as Leaflet draws them). Points falling in the same square of ``cell_px``
pixels form one cluster, placed at their mean position, with their count and
bounding box. One pass, no sorting: linear in the number of points.

:func:`grid_cell_expressions` computes the same cell in SQL so that the
database can ``GROUP BY`` it (see ``search.map.api``): Python then only sees one row
per cell instead of one per point. Both use the same float operations, so
they put a point in the same cell (save for a value within one rounding error
of a cell edge).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable

TILE_SIZE = 256
CELL_PX = 80
MAX_MERCATOR_LAT = 85.05112878


@dataclass(slots=True)
class Cluster:
    lon: float
    lat: float
    count: int
    bbox: tuple[float, float, float, float]  # west, south, east, north
    item: Any  # the single point's item when count == 1

    @property
    def is_single(self) -> bool:
        return self.count == 1


def _factors(zoom: int, cell_px: int) -> tuple[float, float, float]:
    cells_per_world = (1 << zoom) * TILE_SIZE / cell_px
    return cells_per_world / 360.0, cells_per_world / (4 * math.pi), cells_per_world / 2


def grid_cell_expressions(lon_field: str, lat_field: str, zoom: int, cell_px: int = CELL_PX):
    """SQL expressions (x, y) of the grid cell of ``(lon_field, lat_field)`` at *zoom*, as in :func:`grid_cluster`."""
    from django.db.models import F, FloatField, Func, Value
    from django.db.models.functions import Greatest, Least, Ln, Radians, Sin

    def const(v):
        return Value(float(v), output_field=FloatField())

    x_factor, y_factor, half = _factors(zoom, cell_px)
    s = Sin(Radians(Greatest(const(-MAX_MERCATOR_LAT), Least(const(MAX_MERCATOR_LAT), F(lat_field)))))
    x = (F(lon_field) + const(180.0)) * const(x_factor)
    y = const(half) - Ln((const(1.0) + s) / (const(1.0) - s)) * const(y_factor)
    # int() in Python truncates towards zero: so does TRUNC.
    return (Func(x, function="TRUNC", output_field=FloatField()),
            Func(y, function="TRUNC", output_field=FloatField()))


def cluster_from_sums(sum_lon: float, sum_lat: float, count: int, west: float, south: float, east: float,
                      north: float, item: Any) -> Cluster:
    """The cluster of a cell from its sums and bounds; the mean is clamped to the bounding box against rounding."""
    return Cluster(min(max(sum_lon / count, west), east), min(max(sum_lat / count, south), north), count,
                   (west, south, east, north), item if count == 1 else None)


def grid_cluster(points: Iterable[tuple[float, float, Any]], zoom: int, cell_px: int = CELL_PX) -> list[Cluster]:
    """Group ``(lon, lat, item)`` points by grid cell at *zoom*; see the module docstring."""
    x_factor, y_factor, half = _factors(zoom, cell_px)
    sin, log, radians = math.sin, math.log, math.radians
    cells: dict[tuple[int, int], list] = {}
    for lon, lat, item in points:
        s = sin(radians(max(-MAX_MERCATOR_LAT, min(MAX_MERCATOR_LAT, lat))))
        key = (int((lon + 180.0) * x_factor), int(half - log((1 + s) / (1 - s)) * y_factor))
        cell = cells.get(key)
        if cell is None:
            # sum_lon, sum_lat, count, west, south, east, north, first item
            cells[key] = [lon, lat, 1, lon, lat, lon, lat, item]
            continue
        cell[0] += lon
        cell[1] += lat
        cell[2] += 1
        if lon < cell[3]:
            cell[3] = lon
        elif lon > cell[5]:
            cell[5] = lon
        if lat < cell[4]:
            cell[4] = lat
        elif lat > cell[6]:
            cell[6] = lat
    return [cluster_from_sums(*c) for c in cells.values()]
