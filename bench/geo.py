"""Geography benchmark: offline geocoding throughput, and GeoJSON clustering of 60,000 points.

Run: .venv/bin/python bench/geo.py  (no database, no network)

1. Every commune name of the gazetteer geocoded with ``OfflineGazetteer``
   (lookups per second), and what the same lookups would cost online.
2. The GeoJSON API's code path after its query (``geo.api.feature_collection``
   + JSON serialisation) on 60,000 in-memory rows placed at gazetteer points,
   clustered at national zoom; the grid clustering alone; and a baseline in
   the same run: the same rows serialised unclustered.
"""

import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from geo.api import feature_collection  # noqa: E402
from geo.clustering import grid_cluster  # noqa: E402
from geo.gazetteer import get_gazetteer  # noqa: E402
from geo.geocoders import OfflineGazetteer  # noqa: E402

POINTS = 60_000
NATIONAL_ZOOM = 5
ONLINE_RATE = 1.0  # requests per second allowed by Nominatim's usage policy


def timed(function, repeat):
    durations = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        durations.append((time.perf_counter() - start) * 1000)
    durations.sort()
    p95 = durations[min(len(durations) - 1, round(0.95 * len(durations)) - 1)]
    return statistics.median(durations), p95, result


def geocoding():
    start = time.perf_counter()
    gazetteer = get_gazetteer()
    load_s = time.perf_counter() - start
    geocoder = OfflineGazetteer(gazetteer)
    names = [c.name for c in gazetteer.communes if c.kind == "C"]
    start = time.perf_counter()
    found = sum(geocoder.geocode(name) is not None for name in names)
    elapsed = time.perf_counter() - start
    print(f"Gazetteer load: {load_s:.2f} s ({len(gazetteer.communes)} records)")
    print(f"Offline geocoding: {len(names)} commune names in {elapsed:.2f} s = {len(names) / elapsed:,.0f} lookups/s; "
          f"{found} placed, {len(names) - found} left ambiguous (homonyms, never guessed)")
    print(f"Not run, stated: the same {len(names)} lookups online at ≈ {ONLINE_RATE:g} req/s (Nominatim usage policy) "
          f"⇒ ≈ {len(names) / ONLINE_RATE / 3600:.1f} hours, plus a network round trip each")


def rows_at_gazetteer_points():
    rng = random.Random(2024)
    communes = [c for c in get_gazetteer().communes if c.has_point and c.kind == "C"]
    rows = []
    for pk in range(1, POINTS + 1):
        c = rng.choice(communes)
        rows.append((pk, f"Fiche {pk}", f"fiche-{pk}", f"0001000100{pk % 30:02d}{pk:08d}", f"Lycée {c.name}", c.name,
                     c.lat + rng.uniform(-0.01, 0.01), c.lon + rng.uniform(-0.01, 0.01), "commune"))
    return rows


def clustering():
    rows = rows_at_gazetteer_points()
    sections = {f"0001000100{i:02d}": (f"academie-{i}", f"Académie {i}", f"/academie-{i}/") for i in range(30)}
    points = [(row[7], row[6], row) for row in rows]

    def dumps(zoom):
        return json.dumps(feature_collection(rows, zoom, sections), ensure_ascii=False, separators=(",", ":"))

    grid_p50, grid_p95, groups = timed(lambda: grid_cluster(points, NATIONAL_ZOOM), 30)
    view_p50, view_p95, body = timed(lambda: dumps(NATIONAL_ZOOM), 30)
    base_p50, base_p95, base_body = timed(lambda: dumps(None), 10)
    print(f"{POINTS:,} points at zoom {NATIONAL_ZOOM}: {len(groups)} features "
          f"({sum(g.count > 1 for g in groups)} clusters)")
    print(f"grid_cluster alone: p50 {grid_p50:.1f} ms, p95 {grid_p95:.1f} ms")
    print(f"clustered GeoJSON (view path after the query): p50 {view_p50:.1f} ms, p95 {view_p95:.1f} ms, "
          f"{len(body) / 1024:.0f} KiB — target p95 ≤ 100 ms: {'met' if view_p95 <= 100 else 'NOT met'}")
    print(f"baseline, unclustered GeoJSON: p50 {base_p50:.1f} ms, p95 {base_p95:.1f} ms, {len(base_body) / 1024:.0f} KiB")
    print(f"ratio baseline / clustered (p95): {base_p95 / view_p95:.1f}x")


if __name__ == "__main__":
    print(f"bench/geo.py — {time.strftime('%Y-%m-%d')} — Python {platform.python_version()}, {os.cpu_count()} cores")
    geocoding()
    clustering()
