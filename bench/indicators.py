"""Indicators benchmark. Sections are independent; run one with ``--only NAME``.

* ``rollups``: roll-up of an académie over 10,000 establishments x 3 school years (target p95 <= 500 ms),
  cold, read from the pre-aggregated table (``Unit("academie", …)``), against two baselines in the same
  run: the previous path, one grouped query over the cells of a list of establishments (cache cleared),
  and a naive one (every current cell loaded and summed in Python, then the same suppression); all
  must give the same cells. The table is rebuilt once after the bulk fill (timed).

* ``transport``: 10,000 signed reports from a load generator to gunicorn on loopback (reports per second,
  p95 acknowledgement, nothing lost, duplicates refused, verification cost against the bare JSON parse);
  the code is in ``bench/indicator_transport.py``.

Run: .venv/bin/python bench/indicators.py [--only rollups|transport] [--runs 30] [--rebuild]

The scratch PostgreSQL database (default ``accroche_bench_indicators``) is migrated and filled once in bulk:
10,000 establishments of one académie in 40 bassins and 5 départements, one stored report per
establishment and school year with the SAS cells « identified » (total, 6 levels, 2 sexes, 12 level x sex:
small cells arrive as secrets, as from a node) and « taken in charge » (total).
"""
import argparse
import os
import platform
import random
import statistics
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DATABASE_URL", "postgres://accroche@127.0.0.1:54329/accroche_bench_indicators")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from fiches.models import Academie, Establishment  # noqa: E402
from plugins import periods  # noqa: E402
from plugins.reports import CellStatus, breakdown_key  # noqa: E402
from portal.indicators.models import EstablishmentKey, ReceivedReport, ReportCell, ReportingPeriod  # noqa: E402
from portal.indicators.rollup_suppression import protect_groups  # noqa: E402
from portal.indicators.models import RollupTotal  # noqa: E402
from portal.indicators.rollup_totals import rebuild  # noqa: E402
from portal.indicators.rollups import RollupCell, Unit, current_cells, rollup  # noqa: E402

ESTABLISHMENTS = 10_000
YEARS = ("2021-2022", "2022-2023", "2023-2024")
BASSINS, DEPARTEMENTS = 40, ("24", "33", "40", "47", "64")
LEVELS = ("cap1", "cap2", "2pro", "1pro", "tpro", "other")
IDENTIFIED, TAKEN = "sas.students_identified", "sas.students_taken_in_charge"
PREFIX = "Bench indicateurs "
THRESHOLD = 11


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


# --- Roll-ups -----------------------------------------------------------------------------------

def _identified_cells(rng):
    """One establishment's « identified » cells with node-like statuses (primary under 11, one complement)."""
    counts = {(level, sex): rng.choice((0, 0, 2, 4, 7, 12, 15, 22)) for level in LEVELS for sex in "FM"}
    cells = {(): sum(counts.values())}
    for level in LEVELS:
        cells[(("level", level),)] = counts[(level, "F")] + counts[(level, "M")]
    for sex in "FM":
        cells[(("sex", sex),)] = sum(v for (_l, s), v in counts.items() if s == sex)
    for (level, sex), value in counts.items():
        cells[(("level", level), ("sex", sex))] = value
    statuses = {key: CellStatus.PRIMARY_SECRET if 0 < value < THRESHOLD else CellStatus.PUBLISHED
                for key, value in cells.items()}
    for name in ("level", "sex"):
        line = [key for key in cells if len(key) == 1 and key[0][0] == name]
        if sum(statuses[k].secret for k in line) == 1:
            smallest = min((k for k in line if not statuses[k].secret), key=lambda k: cells[k], default=None)
            if smallest:
                statuses[smallest] = CellStatus.SECONDARY_SECRET
    return [(dict(key), None if statuses[key].secret else float(value), statuses[key].value) for key, value in cells.items()]


def prepare_rollups(refill: bool):
    call_command("migrate", verbosity=0)
    academie = Academie.objects.get(code="bordeaux")
    existing = Establishment.objects.filter(name__startswith=PREFIX).count()
    if existing == ESTABLISHMENTS and not refill:
        _rebuild_totals(only_if_empty=True)
        return academie
    print(f"Remplissage : {ESTABLISHMENTS} établissements x {len(YEARS)} années…", flush=True)
    started = time.perf_counter()
    with transaction.atomic():
        ReportCell.objects.filter(establishment__name__startswith=PREFIX).delete()
        ReceivedReport.objects.filter(establishment__name__startswith=PREFIX).delete()
        EstablishmentKey.objects.filter(establishment__name__startswith=PREFIX).delete()
        Establishment.objects.filter(name__startswith=PREFIX).delete()
        rng = random.Random(14)
        establishments = Establishment.objects.bulk_create([
            Establishment(name=f"{PREFIX}{n:05}", kind=Establishment.Kind.LYCEE_PRO, academie=academie,
                          uai=f"98{n:05}X", bassin=f"Bassin {n % BASSINS:02}", departement=DEPARTEMENTS[n % 5])
            for n in range(ESTABLISHMENTS)], batch_size=2000)
        keys = EstablishmentKey.objects.bulk_create([
            EstablishmentKey(establishment=e, public_key="A" * 44, fingerprint=uuid.uuid4().hex * 2) for e in establishments
        ], batch_size=2000)
        now = timezone.now()
        for code in YEARS:
            declared = periods.school_year(code)
            period, _ = ReportingPeriod.objects.update_or_create(code=code, defaults=dict(
                kind=declared.kind.value, label=declared.label, start=declared.start, end=declared.end))
            reports = ReceivedReport.objects.bulk_create([
                ReceivedReport(establishment=e, period=period, idempotency_key=str(uuid.uuid4()), schema_version=1,
                               payload={}, body_digest="0" * 64, key=k, created_at=now, sequence=1)
                for e, k in zip(establishments, keys)], batch_size=2000)
            cells = []
            for report in reports:
                for breakdown, value, status in _identified_cells(rng):
                    cells.append(ReportCell(report=report, establishment_id=report.establishment_id, period=period,
                                            indicator=IDENTIFIED, breakdown=breakdown,
                                            breakdown_key=breakdown_key(breakdown), value=value, status=status))
                cells.append(ReportCell(report=report, establishment_id=report.establishment_id, period=period,
                                        indicator=TAKEN, breakdown={}, breakdown_key="", value=float(rng.randint(11, 40))))
                if len(cells) >= 20_000:
                    ReportCell.objects.bulk_create(cells, batch_size=5000)
                    cells = []
            ReportCell.objects.bulk_create(cells, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE indicators_reportcell")
    print(f"Rempli en {time.perf_counter() - started:.0f} s", flush=True)
    _rebuild_totals()
    return academie


def _rebuild_totals(only_if_empty: bool = False) -> None:
    """The bulk fill sends no report through ingestion, so the pre-aggregated table is rebuilt from the cells."""
    if only_if_empty and RollupTotal.objects.exists():
        return
    started = time.perf_counter()
    rows = rebuild()
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {RollupTotal._meta.db_table}")
    print(f"Table des agrégats reconstruite : {rows} lignes en {time.perf_counter() - started:.1f} s", flush=True)


def naive_rollup(indicator: str, period: ReportingPeriod, scope, academie) -> list[RollupCell]:
    """The baseline: every current cell loaded, grouped and summed in Python, then the same suppression."""
    sums, contributors, secret = defaultdict(float), defaultdict(int), defaultdict(int)
    rows = current_cells(indicator, period, scope).values_list("breakdown_key", "value", "status")
    for key, value, status in rows:
        contributors[key] += 1
        if status != CellStatus.PUBLISHED.value:
            secret[key] += 1
        else:
            sums[key] += value
    group = academie.code
    cells = [RollupCell(group, dict(part.split("=", 1) for part in key.split(";")) if key else {},
                        None if secret[key] else sums[key],
                        CellStatus.SECONDARY_SECRET if secret[key] else CellStatus.PUBLISHED, contributors[key])
             for key in contributors]
    return protect_groups(cells, defaultdict(lambda: THRESHOLD), additive=True)


def bench_rollups(runs: int, refill: bool) -> None:
    academie = prepare_rollups(refill)
    # The bench's own establishments (other sections share the database) as a list would pass them: the
    # previous path; the académie (which holds only them) as the table holds it.
    scope = Establishment.objects.filter(name__startswith=PREFIX).values_list("pk", flat=True)
    unit = Unit("academie", academie.pk)
    assert Establishment.objects.filter(academie=academie).count() == ESTABLISHMENTS
    years = list(ReportingPeriod.objects.filter(code__in=YEARS).order_by("code"))
    paths = {
        "table": lambda period, level: rollup(IDENTIFIED, period, level, unit, limit=THRESHOLD),
        "cells": lambda period, level: rollup(IDENTIFIED, period, level, scope, limit=THRESHOLD),
        "naive": lambda period, level: naive_rollup(IDENTIFIED, period, scope, academie),
    }
    timings = {name: [] for name in paths}
    for run in range(runs):
        period = years[run % len(years)]
        results = {}
        for name in list(paths)[run % 3:] + list(paths)[:run % 3]:
            cache.clear()  # cold: nothing cached, whichever path
            started = time.perf_counter()
            results[name] = paths[name](period, "academie")
            timings[name].append(1000 * (time.perf_counter() - started))
        shapes = {name: [(c.breakdown_key, c.value, c.status) for c in cells] for name, cells in results.items()}
        assert shapes["table"] == shapes["cells"] == shapes["naive"], "the roll-ups differ"
    bassins = {"table": [], "cells": []}
    for run in range(max(6, runs // 3)):
        period = years[run % len(years)]
        cells = {}
        for name in bassins:
            cache.clear()
            started = time.perf_counter()
            cells[name] = paths[name](period, "bassin")
            bassins[name].append(1000 * (time.perf_counter() - started))
        assert [(c.group, c.breakdown_key, c.value, c.status) for c in cells["table"]] == \
               [(c.group, c.breakdown_key, c.value, c.status) for c in cells["cells"]], "the bassin roll-ups differ"
    result = results["table"]
    published = sum(not c.status.secret for c in result)
    print(f"\nRoll-up d'une académie, {ESTABLISHMENTS} établissements x {len(YEARS)} années, indicateur {IDENTIFIED} "
          f"({ReportCell.objects.filter(indicator=IDENTIFIED).count()} cellules en base, "
          f"{RollupTotal.objects.filter(indicator=IDENTIFIED).count()} lignes d'agrégats), {runs} mesures à froid, "
          f"charge {os.getloadavg()[0]:.1f}")
    for name, label in (("table", "table pré-agrégée"), ("cells", "requête groupée (chemin précédent)"),
                        ("naive", "référence naïve (Python)")):
        values = timings[name]
        print(f"  {label:36} médiane {statistics.median(values):7.1f} ms   p95 {percentile(values, 0.95):7.1f} ms")
    p95 = {name: percentile(values, 0.95) for name, values in timings.items()}
    print(f"  ratio p95 chemin précédent / table : {p95['cells'] / p95['table']:.1f}   "
          f"naïve / table : {p95['naive'] / p95['table']:.1f}   "
          f"cible p95 <= 500 ms à froid : {'atteinte' if p95['table'] <= 500 else 'MANQUÉE'}")
    for name, label in (("table", "table pré-agrégée"), ("cells", "requête groupée")):
        print(f"  par bassin ({BASSINS} groupes), {label:19} médiane {statistics.median(bassins[name]):7.1f} ms, "
              f"p95 {percentile(bassins[name], 0.95):7.1f} ms")
    print(f"  cellules de l'académie : {len(result)} ({published} publiées) — mêmes résultats par les trois chemins")


def bench_transport(runs: int, rebuild: bool) -> None:
    """10,000 signed reports to a real server: bench/indicator_transport.py (its own options there)."""
    from indicator_transport import bench_transport as run_transport  # bench/ is the script's folder

    run_transport()


SECTIONS = {"rollups": bench_rollups, "transport": bench_transport}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(SECTIONS), help="run one section")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true", help="refill the scratch database")
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, {platform.machine()}, base {connection.settings_dict['NAME']}")
    for name, section in SECTIONS.items():
        if args.only in (None, name):
            section(args.runs, args.rebuild)


if __name__ == "__main__":
    main()
