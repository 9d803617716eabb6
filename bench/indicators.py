"""Indicators benchmark. Sections are independent; run one with ``--only NAME``.

* ``rollups``: roll-up of an académie over 10,000 establishments x 3 school years (target p95 <= 500 ms),
  cold (cache cleared: the grouped query) and again with no new report (the cached answer), against a
  naive baseline in the same run (every current cell loaded and summed in Python, then the same
  suppression); both must give the same cells.

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
from portal.indicators.rollups import RollupCell, current_cells, rollup  # noqa: E402

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


def prepare_rollups(rebuild: bool):
    call_command("migrate", verbosity=0)
    academie = Academie.objects.get(code="bordeaux")
    existing = Establishment.objects.filter(name__startswith=PREFIX).count()
    if existing == ESTABLISHMENTS and not rebuild:
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
    return academie


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


def bench_rollups(runs: int, rebuild: bool) -> None:
    academie = prepare_rollups(rebuild)
    # The bench's own establishments (other sections share the database), as a network would pass them.
    scope = Establishment.objects.filter(name__startswith=PREFIX).values_list("pk", flat=True)
    years = list(ReportingPeriod.objects.filter(code__in=YEARS).order_by("code"))
    timings = {"rollup": [], "naive": [], "cached": []}
    for run in range(runs):
        period = years[run % len(years)]
        for name in ("rollup", "naive") if run % 2 == 0 else ("naive", "rollup"):
            started = time.perf_counter()
            if name == "rollup":
                cache.clear()  # cold: the grouped query itself
                result = rollup(IDENTIFIED, period, "academie", scope, limit=THRESHOLD)
            else:
                baseline = naive_rollup(IDENTIFIED, period, scope, academie)
            timings[name].append(1000 * (time.perf_counter() - started))
        started = time.perf_counter()
        rollup(IDENTIFIED, period, "academie", scope, limit=THRESHOLD)
        timings["cached"].append(1000 * (time.perf_counter() - started))
        if run < len(years):
            assert [(c.breakdown_key, c.value, c.status) for c in result] == \
                   [(c.breakdown_key, c.value, c.status) for c in baseline], "the two roll-ups differ"
    bassins = []
    for run in range(max(5, runs // 3)):
        cache.clear()
        started = time.perf_counter()
        cells = rollup(IDENTIFIED, years[run % len(years)], "bassin", scope, limit=THRESHOLD)
        bassins.append(1000 * (time.perf_counter() - started))
    published = sum(not c.status.secret for c in result)
    print(f"\nRoll-up d'une académie, {ESTABLISHMENTS} établissements x {len(YEARS)} années, indicateur {IDENTIFIED} "
          f"({ReportCell.objects.filter(indicator=IDENTIFIED).count()} cellules en base), {runs} mesures")
    for name, label in (("rollup", "requête groupée, à froid"), ("cached", "rollup, rapport inchangé"),
                        ("naive", "référence naïve (Python)")):
        values = timings[name]
        print(f"  {label:28} médiane {statistics.median(values):7.1f} ms   p95 {percentile(values, 0.95):7.1f} ms")
    ratio = percentile(timings["naive"], 0.95) / percentile(timings["rollup"], 0.95)
    verdict = {name: "atteinte" if percentile(timings[name], 0.95) <= 500 else "MANQUÉE" for name in ("rollup", "cached")}
    print(f"  ratio p95 naïve / rollup à froid : {ratio:.1f}   cible p95 <= 500 ms : à froid {verdict['rollup']}, "
          f"rapport inchangé {verdict['cached']}")
    print(f"  par bassin ({BASSINS} groupes, {len(cells)} cellules) : médiane {statistics.median(bassins):.1f} ms, "
          f"p95 {percentile(bassins, 0.95):.1f} ms")
    print(f"  cellules de l'académie : {len(result)} ({published} publiées) — mêmes résultats que la référence")


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
