"""Search benchmark: bulk indexing, API latency against raw Elasticsearch, database backend.

Run (a node must answer; `make es` starts one on 9200, tests use 9217):
    ACCROCHE_BENCH_ES_URL=http://127.0.0.1:9217 DATABASE_URL=postgres://… .venv/bin/python bench/search.py

1. 100,000 generated French fiches (vocabulary of the seeds in shared/seeds/, communes of the
   embedded gazetteer) bulk-indexed into a fresh versioned index: documents per second.
2. For six query shapes, p50/p95 of ``GET /api/v1/fiches/`` (Django test client: URL routing,
   parameter parsing, backend, facet labels, JSON) against the raw Elasticsearch query the
   backend builds for the same parameters, in the same run: the overhead ratio.
3. The database backend on 10,000 of those fiches, through the same API (PostgreSQL or SQLite,
   from DATABASE_URL), in a throw-away database ``accroche_bench``.
Results replace the "Recherche" section of bench/RESULTS.md.
"""
import os
import platform
import random
import re
import statistics
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402

from geo.academies import academie_for  # noqa: E402
from geo.gazetteer import get_gazetteer  # noqa: E402
from search.backends import get_search_backend  # noqa: E402
from search.backends.database import DatabaseSearchBackend  # noqa: E402
from search.backends.elasticsearch import ElasticsearchSearchBackend  # noqa: E402
from search.params import SearchParams, parse_search_params  # noqa: E402

ES_URL = os.environ.get("ACCROCHE_BENCH_ES_URL", "http://127.0.0.1:9217")
ES_DOCS = int(os.environ.get("BENCH_ES_DOCS", 100_000))
DB_DOCS = int(os.environ.get("BENCH_DB_DOCS", 10_000))
REPEAT = int(os.environ.get("BENCH_REPEAT", 200))
SEEDS = ROOT.parent / "shared" / "seeds"
RESULTS = ROOT / "bench" / "RESULTS.md"

QUERY_SHAPES = {
    "one word": "q=atelier",
    "two words, accents": "q=décrochage+élèves",
    "words + 2 facets": "q=accompagnement&niveau=lycee-professionnel&theme=prevention",
    "empty, by date": "",
    "near Agen 50 km, by distance": "near=44.2031,0.6163&km=50&sort=distance",
    "words + near + page 3": "q=tutorat&near=48.79,2.45&km=100&page=3",
}
LEVELS = ["premier-degre", "college", "lycee", "lycee-professionnel", "post-bac"]
PUBLICS = ["risque-decrochage", "decroches", "allophones", "segpa-ulis", "tous-eleves", "parents"]
THEMES = ["prevention", "intervention", "remediation"]
DISPOSITIFS = ["sas", "micro-lycee", "classe-relais", "pafi", "tutorat", "atelier", "evenement", "partenariat"]
TITLE_HEADS = ["Atelier", "SAS", "Tutorat", "Micro-lycée", "Forum", "Parcours", "Accompagnement", "Semaine",
               "Classe relais", "Projet", "Dispositif", "Rencontres", "Groupe"]


def seed_sentences() -> list[str]:
    """Sentences of the seed documents (a fiche, a visit report, an event sheet, a synthesis…)."""
    sentences = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = re.sub(r"[#*•|>\[\]()_–-]+", " ", path.read_text(encoding="utf-8"))
        for sentence in re.split(r"(?<=[.!?:])\s+|\n+", text):
            words = sentence.split()
            if 5 <= len(words) <= 40:
                sentences.append(" ".join(words))
    if not sentences:
        raise SystemExit(f"Pas de graines dans {SEEDS} : le générateur en tire son vocabulaire.")
    return sentences


def generate(count: int, rng: random.Random) -> list[dict]:
    sentences = seed_sentences()
    words = sorted({w.strip(".,;:!?«»\"'").lower() for s in sentences for w in s.split() if len(w) > 5})
    communes = [c for c in get_gazetteer().communes if c.kind == "C" and c.has_point and academie_for(c.dep)]
    start = datetime(2015, 9, 1, tzinfo=timezone.utc)
    documents = []
    for n in range(1, count + 1):
        commune = rng.choice(communes)
        year = rng.randint(2015, 2024)
        documents.append({
            "id": n,
            "title": f"{rng.choice(TITLE_HEADS)} {' '.join(rng.sample(words, 3))}".capitalize(),
            "url": f"/bench/fiche-{n}/",
            "body": " ".join(rng.sample(sentences, rng.randint(6, 14))),
            "academie": academie_for(commune.dep),
            "levels": rng.sample(LEVELS, rng.randint(1, 2)),
            "themes": rng.sample(THEMES, 1),
            "dispositifs": rng.sample(DISPOSITIFS, rng.randint(1, 2)),
            "publics": rng.sample(PUBLICS, rng.randint(1, 2)),
            "annees": [f"{year}-{year + 1}"],
            "etablissement": f"Lycée {rng.choice(words).capitalize()}",
            "commune": commune.name,
            "location": {"lat": commune.lat, "lon": commune.lon},
            "date": start + timedelta(minutes=rng.randint(0, 5_000_000)),
            "revision_id": n,
        })
    return documents


def percentiles(durations: list[float]) -> tuple[float, float]:
    ordered = sorted(durations)
    return statistics.median(ordered) * 1000, ordered[int(0.95 * (len(ordered) - 1))] * 1000


WARM_UP = 5


def api_latency(client: Client, query: str) -> tuple[float, float]:
    durations = []
    for _ in range(WARM_UP):
        client.get(f"/api/v1/fiches/?{query}")
    for _ in range(REPEAT):
        started = time.perf_counter()
        response = client.get(f"/api/v1/fiches/?{query}")
        durations.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content
    return percentiles(durations)


def raw_latency(backend: ElasticsearchSearchBackend, query: str) -> tuple[float, float]:
    from django.http import QueryDict

    body = backend.build_search(parse_search_params(QueryDict(query))).to_dict()
    durations = []
    for _ in range(WARM_UP):
        backend.client.search(index=backend.alias, body=body)
    for _ in range(REPEAT):
        started = time.perf_counter()
        backend.client.search(index=backend.alias, body=body)
        durations.append(time.perf_counter() - started)
    return percentiles(durations)


def bench_elasticsearch(documents, lines):
    alias = f"bench-{datetime.now():%Y%m%d%H%M%S}"
    backend = ElasticsearchSearchBackend(ES_URL, alias, timeout=60)
    index = backend.create_versioned_index()
    started = time.perf_counter()
    backend.bulk_load(index, iter(documents), len(documents))
    elapsed = time.perf_counter() - started
    backend.swap_alias(index)
    rate = len(documents) / elapsed
    lines.append(f"| Bulk indexing, {len(documents):,} fiches (2 client threads) | {elapsed:.1f} s = "
                 f"**{rate:,.0f} docs/s** (target ≥ 2,000: {'met' if rate >= 2000 else 'NOT met'}) |")
    client = Client()
    with override_settings(ELASTICSEARCH_URL=ES_URL, ELASTICSEARCH_INDEX=alias):
        assert get_search_backend().search(SearchParams()).backend == "elasticsearch"
        for name, query in QUERY_SHAPES.items():
            raw50, raw95 = raw_latency(backend, query)
            api50, api95 = api_latency(client, query)
            ok = api95 <= 50 and api95 <= 2 * raw95
            lines.append(f"| API `{name}` vs raw ES | API p50 {api50:.1f} ms, **p95 {api95:.1f} ms**; raw p50 {raw50:.1f} ms, "
                         f"p95 {raw95:.1f} ms; ratio p95 **{api95 / raw95:.2f}×** ({'met' if ok else 'NOT met'}) |")
    backend.client.indices.delete(index=index)


def bench_database(documents, lines):
    database = DatabaseSearchBackend()
    started = time.perf_counter()
    database.index_documents(documents)
    elapsed = time.perf_counter() - started
    lines.append(f"| Database backend: load {len(documents):,} entries ({connection.vendor}) | {elapsed:.1f} s |")
    client = Client()
    with override_settings(ELASTICSEARCH_URL=""):
        for name, query in QUERY_SHAPES.items():
            p50, p95 = api_latency(client, query)
            lines.append(f"| API `{name}`, database backend, {len(documents):,} fiches | p50 {p50:.1f} ms, "
                         f"**p95 {p95:.1f} ms** (target ≤ 150: {'met' if p95 <= 150 else 'NOT met'}) |")


def write_results(lines):
    section = "\n".join([
        "## Recherche",
        "",
        f"`.venv/bin/python bench/search.py` — {date.today()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, Elasticsearch at {ES_URL} (es_node, 512 MB heap), "
        f"database {connection.vendor}; {REPEAT} requests per shape after indexing; other sessions may "
        "have used the machine at the same time.",
        "",
        "| Measure | Result |",
        "| --- | --- |",
        *lines,
        "",
    ])
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Résultats des bancs d'essai\n"
    text = re.sub(r"\n## Recherche\n.*?(?=\n## |\Z)", "", text, flags=re.S).rstrip("\n")
    RESULTS.write_text(text + "\n\n" + section, encoding="utf-8")


def main():
    rng = random.Random(2016)
    documents = generate(ES_DOCS, rng)
    lines = []
    setup_test_environment()
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = "accroche_bench"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        bench_elasticsearch(documents, lines)
        bench_database(documents[:DB_DOCS], lines)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    write_results(lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
