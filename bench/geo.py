"""Geography benchmark: offline geocoding throughput, and GeoJSON clustering of 60,000 points.

Run: .venv/bin/python bench/geo.py  (PostgreSQL from DATABASE_URL, default the scratch database
postgres://accroche@127.0.0.1:54329/accroche_bench_geo, created and migrated beforehand; no network)

1. Every commune name of the gazetteer geocoded with ``OfflineGazetteer``
   (lookups per second), and what the same lookups would cost online.
2. The GeoJSON API's code path after its query (``search.map.api.feature_collection``
   + JSON serialisation) on 60,000 in-memory rows placed at gazetteer points,
   clustered at national zoom; the grid clustering alone; and a baseline in
   the same run: the same rows serialised unclustered.
3. The full path on PostgreSQL: ``GET /api/v1/fiches.geojson?zoom=5`` through
   Django's test Client (middleware, filters, query, clustering, JSON) with
   60,000 generated establishments each leading one live FichePage; the
   clustered path groups the search index's ``FicheSearchEntry`` rows (one
   table). Baselines in the same run: the former SQL path (the same grouping on
   the fiche ⋈ page ⋈ establishment join, whose bytes must be identical), the
   first path (every row fetched, clustered in Python) and the unclustered
   collection.

The 60,000 fiches are bulk-inserted once (treebeard paths computed as
``MP_Node`` does) under the académie pages, and reused by later runs. Being
bulk-inserted, they are not published through Wagtail, so their search index
entries are filled here by the database backend's rebuild (once; reused).
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
os.environ.setdefault("DATABASE_URL", "postgres://accroche@127.0.0.1:54329/accroche_bench_geo")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from search.map import api  # noqa: E402
from search.map.api import feature_collection  # noqa: E402
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


BENCH_SLUG = "bench-geo-"


def generate_fiches():
    """60,000 establishments at gazetteer points, each leading one live FichePage (bulk, idempotent)."""
    import uuid

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Page

    from fiches.models import Academie, AcademiePage, Establishment, FichePage

    existing = FichePage.objects.live().filter(slug__startswith=BENCH_SLUG).count()
    if existing >= POINTS:
        return 0
    if existing:
        raise SystemExit(f"{existing} bench fiches already present (< {POINTS}): drop and re-create the scratch database.")
    academie_pages = {p.academie.code: p for p in AcademiePage.objects.select_related("academie", "locale")}
    current = {a.code for a in Academie.objects.filter(valid_to__isnull=True)} & set(academie_pages)
    rng = random.Random(2024)
    communes = [c for c in get_gazetteer().communes if c.has_point and c.kind == "C"]
    from geo.academies import academie_for

    academies = {code: Academie.objects.get(code=code) for code in current}
    content_type = ContentType.objects.get_for_model(FichePage)
    now = timezone.now()
    children = {code: 0 for code in academie_pages}
    establishments, fiches = [], []
    for n in range(1, POINTS + 1):
        c = rng.choice(communes)
        code = academie_for(c.dep)
        if code not in current:
            code = sorted(current)[n % len(current)]
        establishments.append(Establishment(
            name=f"Lycée {c.name} {n}", kind=Establishment.Kind.LYCEE, commune=c.name, commune_insee=c.insee,
            departement=c.dep, academie=academies[code], latitude=c.lat + rng.uniform(-0.01, 0.01),
            longitude=c.lon + rng.uniform(-0.01, 0.01), location_precision=Establishment.Precision.COMMUNE))
    with transaction.atomic():
        Establishment.objects.bulk_create(establishments, batch_size=5000)
        for n, est in enumerate(establishments, 1):
            parent = academie_pages[est.academie.code]
            children[parent.academie.code] += 1
            slug = f"{BENCH_SLUG}{n}"
            fiches.append(FichePage(
                title=f"Fiche de démonstration {n}", draft_title=f"Fiche de démonstration {n}", slug=slug,
                path=FichePage._get_path(parent.path, parent.depth + 1, parent.numchild + children[parent.academie.code]),
                depth=parent.depth + 1, numchild=0, url_path=f"{parent.url_path}{slug}/", live=True,
                content_type=content_type, locale=parent.locale, translation_key=uuid.uuid4(),
                first_published_at=now, last_published_at=now, lead_structure=est))
        # Multi-table inheritance: the wagtailcore_page rows first (ids returned), then fiches_fichepage.
        page_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
        inserted = Page._base_manager.all()._batched_insert(fiches, page_fields, batch_size=2000)
        for fiche, (pk,) in zip(fiches, inserted, strict=True):
            fiche.id = fiche.page_ptr_id = pk
        FichePage._base_manager.all()._batched_insert(fiches, FichePage._meta.local_concrete_fields, batch_size=2000)
        for code, added in children.items():
            if added:
                AcademiePage.objects.filter(pk=academie_pages[code].pk).update(numchild=academie_pages[code].numchild + added)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return POINTS


def full_path():
    start = time.perf_counter()
    created = generate_fiches()
    if created:
        print(f"Generated {created:,} establishments and live FichePages in {time.perf_counter() - start:.1f} s")
    from fiches.models import FichePage
    from wagtail.models import Page

    from search.backends.database import DatabaseSearchBackend
    from search.models import FicheSearchEntry

    problems = Page.find_problems()
    assert not any(problems), problems
    fiches = FichePage.objects.live().count()
    if FicheSearchEntry.objects.count() != fiches:
        start = time.perf_counter()
        indexed = DatabaseSearchBackend().rebuild()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"Filled {indexed:,} search index entries (database backend rebuild) in {time.perf_counter() - start:.1f} s")
    client = Client()
    url = reverse("fiches_geojson")

    def get(**params):
        response = client.get(url, params)
        assert response.status_code == 200, response.content[:300]
        return response.content

    for _ in range(3):  # warm-up (connection, caches)
        get(zoom=NATIONAL_ZOOM)
    sql_p50, sql_p95, body = timed(lambda: get(zoom=NATIONAL_ZOOM), 50)
    api.CLUSTER_FROM_ENTRIES = False
    try:
        get(zoom=NATIONAL_ZOOM)
        join_p50, join_p95, join_body = timed(lambda: get(zoom=NATIONAL_ZOOM), 50)
    finally:
        api.CLUSTER_FROM_ENTRIES = True
    api.SQL_CLUSTERING = False
    try:
        get(zoom=NATIONAL_ZOOM)
        old_p50, old_p95, old_body = timed(lambda: get(zoom=NATIONAL_ZOOM), 20)
    finally:
        api.SQL_CLUSTERING = True
    all_p50, all_p95, all_body = timed(lambda: get(), 5)
    data, old = json.loads(body), json.loads(old_body)
    same = data["count"] == old["count"] and [f["properties"].get("count", 1) for f in data["features"]] == \
        [f["properties"].get("count", 1) for f in old["features"]]
    print(f"Full path, PostgreSQL {connection.pg_version // 10000}, {fiches:,} live fiches, GET {url}?zoom={NATIONAL_ZOOM} "
          f"through the test Client: {data['count']:,} fiches in {len(data['features'])} features")
    print(f"  SQL-grouped clustering on the search index entries (one table): p50 {sql_p50:.1f} ms, "
          f"p95 {sql_p95:.1f} ms, {len(body) / 1024:.0f} KiB — target p95 ≤ 100 ms: "
          f"{'met' if sql_p95 <= 100 else 'NOT met'}")
    print(f"  baseline, former SQL-grouped path on the fiche ⋈ page ⋈ establishment join: p50 {join_p50:.1f} ms, "
          f"p95 {join_p95:.1f} ms — byte-identical response: {join_body == body}")
    print(f"  baseline, first path (60,000 rows fetched, clustered in Python): p50 {old_p50:.1f} ms, "
          f"p95 {old_p95:.1f} ms — same features and counts: {same}")
    print(f"  baseline, unclustered (no zoom): p50 {all_p50:.1f} ms, p95 {all_p95:.1f} ms, "
          f"{len(all_body) / 1024 / 1024:.1f} MiB")
    print(f"  ratio former SQL path / entries (p95): {join_p95 / sql_p95:.1f}x; "
          f"first path / entries (p95): {old_p95 / sql_p95:.1f}x")


if __name__ == "__main__":
    print(f"bench/geo.py — {time.strftime('%Y-%m-%d')} — Python {platform.python_version()}, {os.cpu_count()} cores")
    geocoding()
    clustering()
    full_path()
