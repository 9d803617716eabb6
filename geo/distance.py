"""Distance helpers: haversine, a bounding-box prefilter, and geopy's geodesic.

Haversine on a 6371.0088 km sphere is within 0.6 % of the WGS-84 geodesic
(tests compare it with ``geopy.distance.geodesic``) and is ~50x faster, which
matters for "near" filters over thousands of points; the bounding box lets a
caller (or a SQL query) discard far points before computing any distance.
"""

from __future__ import annotations

import math
from typing import NamedTuple

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two WGS-84 points (degrees)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Ellipsoidal (WGS-84) distance in km, through geopy."""
    from geopy.distance import geodesic

    return geodesic((lat1, lon1), (lat2, lon2)).km


class BoundingBox(NamedTuple):
    min_lat: float
    min_lon: float
    max_lat: float
    max_lon: float

    def contains(self, lat: float, lon: float) -> bool:
        if not self.min_lat <= lat <= self.max_lat:
            return False
        if self.min_lon <= self.max_lon:
            return self.min_lon <= lon <= self.max_lon
        # Box crossing the antimeridian.
        return lon >= self.min_lon or lon <= self.max_lon


def bounding_box(lat: float, lon: float, km: float) -> BoundingBox:
    """Smallest lat/lon box that contains every point within *km* of (lat, lon).

    Conservative: points inside the box may still be farther than *km*; points
    outside are always farther. Near the poles the box spans all longitudes.
    """
    dlat = math.degrees(km / EARTH_RADIUS_KM)
    min_lat, max_lat = lat - dlat, lat + dlat
    if min_lat <= -90 or max_lat >= 90:
        return BoundingBox(max(min_lat, -90.0), -180.0, min(max_lat, 90.0), 180.0)
    # Widest longitude span is at the latitude closest to a pole.
    dlon = math.degrees(
        math.asin(min(1.0, math.sin(km / EARTH_RADIUS_KM) / math.cos(math.radians(lat))))
    )
    min_lon, max_lon = lon - dlon, lon + dlon
    if min_lon < -180:
        min_lon += 360
    if max_lon > 180:
        max_lon -= 360
    return BoundingBox(min_lat, min_lon, max_lat, max_lon)


def within_km(points, lat: float, lon: float, km: float):
    """Yield ``(distance_km, item)`` for items within *km*, sorted nearest first.

    *points* is an iterable of ``(lat, lon, item)``; the bounding box discards
    far points before the haversine is computed.
    """
    box = bounding_box(lat, lon, km)
    found = []
    for plat, plon, item in points:
        if plat is None or plon is None or not box.contains(plat, plon):
            continue
        d = haversine_km(lat, lon, plat, plon)
        if d <= km:
            found.append((d, item))
    found.sort(key=lambda pair: pair[0])
    return found
