"""Grid clustering of points in Web-Mercator pixels, for maps at a given zoom.

At zoom ``z`` the world is ``256 * 2**z`` pixels wide (Web-Mercator tiles,
as Leaflet draws them). Points falling in the same square of ``cell_px``
pixels form one cluster, placed at their mean position, with their count and
bounding box. One pass, no sorting: linear in the number of points.
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


def grid_cluster(points: Iterable[tuple[float, float, Any]], zoom: int, cell_px: int = CELL_PX) -> list[Cluster]:
    """Group ``(lon, lat, item)`` points by grid cell at *zoom*; see the module docstring."""
    cells_per_world = (1 << zoom) * TILE_SIZE / cell_px
    x_factor = cells_per_world / 360.0
    y_factor = cells_per_world / (4 * math.pi)
    half = cells_per_world / 2
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
    # The mean is clamped to the bounding box against rounding (n equal values).
    return [
        Cluster(min(max(c[0] / c[2], c[3]), c[5]), min(max(c[1] / c[2], c[4]), c[6]), c[2],
                (c[3], c[4], c[5], c[6]), c[7] if c[2] == 1 else None)
        for c in cells.values()
    ]
