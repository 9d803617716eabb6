"""Network portal benchmark: the académie indicator dashboard over 10,000 establishments × 3 school
years of reports, and one digest run for 50,000 followers against one query per follower.

Run: .venv/bin/python bench/networks.py   (BENCH_ONLY=dashboard or BENCH_ONLY=digests runs one part)

The scratch PostgreSQL database (default ``accroche_bench_networks``) is migrated, then filled in
bulk. Dashboard: 10,000 establishments of one académie (4 départements, 12 bassins, 20 networks of
100), three school years, one report each with two indicators × 12 cells (total, sex, level,
level × sex: 720,000 cells, the small ones secret as a node sends them), expected reports for all.
Timed: the whole page through Django's test client (rights, roll-ups, completeness, template) and
its CSV and XLSX exports: computed (cache emptied before each of BENCH_COLD_REQUESTS=20 requests;
roll-ups read from the pre-aggregated table, rebuilt once after the bulk load), against the previous
path in the same run (one roll-up over the académie's list of 10,000 ids per table, per network and
per period; BENCH_BASELINE_COLD=2 requests each; both must export the same CSV), then served (20
requests after 2 warm-up ones: the dashboard is cached until a report arrives). Digests: 50,000 people, each following
a network (40 %), an académie (40 %) or one of 10 saved searches (20 %), 40 new fiches and 20 new
events; e-mails go to Django's dummy backend (built, rendered, not kept). The baseline reads the
news follow by follow (one query, or one search, per follower), as a straightforward loop would;
both produce the same e-mails, counted and compared.
"""
import contextlib
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DATABASE_URL", "postgres://accroche@127.0.0.1:54329/accroche_bench_networks")
os.environ["DJANGO_DEBUG"] = "False"

import django  # noqa: E402
import psycopg  # noqa: E402


def ensure_database(url: str) -> None:
    info = psycopg.conninfo.conninfo_to_dict(url.replace("postgres://", "postgresql://"))
    with psycopg.connect(host=info["host"], port=info["port"], user=info["user"], dbname="postgres",
                         autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [info["dbname"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{info["dbname"]}"')


ensure_database(os.environ["DATABASE_URL"])
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from fiches.listing import published_fiches  # noqa: E402
from fiches.models import Academie, AcademiePage, Establishment, FichePage, FichePageSchoolYear, SchoolYear  # noqa: E402
from portal.accounts.models import Membership  # noqa: E402
from portal.indicators.models import (  # noqa: E402
    EstablishmentKey, ExpectedReport, ReceivedReport, ReportCell, ReportingPeriod, RollupTotal,
)
from portal.indicators.ingest import store_report  # noqa: E402
from portal.indicators.rollup_totals import rebuild  # noqa: E402
from portal.indicators.rollups import rollup  # noqa: E402
from portal.networks.dashboards import source  # noqa: E402
from portal.networks.digests import send_digests  # noqa: E402
from portal.networks.digests.collect import MAX_ITEMS, Section  # noqa: E402
from portal.networks.digests.mail import digest_message  # noqa: E402
from portal.networks.listing import network_fiches  # noqa: E402
from portal.networks.models import Event, Follow, Network, NetworkEstablishment  # noqa: E402
from portal.networks.searches import latest_fiche_ids  # noqa: E402
from portal.networks.tasks import warm_dashboard  # noqa: E402

ACADEMIE = "poitiers"
DEPARTEMENTS = ("16", "17", "79", "86")
ESTABLISHMENTS = 10_000
NETWORKS, PER_NETWORK = 20, 100
YEARS = ("2021-2022", "2022-2023", "2023-2024")
INDICATORS = ("sas.students_identified", "sas.students_taken_in_charge")
LEVELS = ("2nde", "1re", "Tle")
FOLLOWERS = 50_000
SEARCHES = ["q=atelier", "q=tutorat", "academie=poitiers", "q=decrochage", "q=micro-lycee", "niveau=lycee",
            "q=semaine", "q=orientation", "q=mentorat", "q=parents"]
REQUESTS, WARM_UP = 20, 2
COLD_REQUESTS = int(os.environ.get("BENCH_COLD_REQUESTS", "20"))
BASELINE_COLD = int(os.environ.get("BENCH_BASELINE_COLD", "2"))
THRESHOLD = 11
BASELINE_SAMPLE = int(os.environ.get("BENCH_BASELINE_SAMPLE", "1"))
AFTER_REPORT_ROUNDS = int(os.environ.get("BENCH_AFTER_REPORT_ROUNDS", "3"))
random.seed(20261130)


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def status_of(value):
    return ("published", value) if value == 0 or value >= THRESHOLD else ("primary_secret", None)


def prepare_dashboard():
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    analyst = get_user_model().objects.filter(username="bench-analyst").first()
    if analyst and not os.environ.get("BENCH_RELOAD") and ReportCell.objects.count() > 600_000:
        print(f"Dashboard data already loaded: {ReportCell.objects.count():,} cells (BENCH_RELOAD=1 reloads)")
        return analyst
    ReportCell.objects.all().delete()
    ReceivedReport.objects.all().delete()
    ExpectedReport.objects.all().delete()
    EstablishmentKey.objects.all().delete()
    ReportingPeriod.objects.all().delete()
    Follow.objects.all().delete()
    Event.objects.all().delete()
    Network.objects.filter(slug__startswith="bench-").delete()
    FichePage.objects.filter(slug__startswith="bench-").delete()
    Establishment.objects.filter(name__startswith="Bench ").delete()
    get_user_model().objects.filter(username__startswith="bench-").delete()
    academie = Academie.objects.get(code=ACADEMIE)
    Establishment.objects.bulk_create([
        Establishment(name=f"Bench collège {n}", kind="college", academie=academie, uai=f"98{n:05d}X",
                      departement=DEPARTEMENTS[n % 4], bassin=f"Bassin {n % 12 + 1}", commune="Bench")
        for n in range(ESTABLISHMENTS)], batch_size=2000)
    establishments = list(Establishment.objects.filter(name__startswith="Bench ").order_by("pk"))
    networks = Network.objects.bulk_create([
        Network(slug=f"bench-{n}", name=f"Bench réseau {n}", kind="foquale", academie=academie)
        for n in range(NETWORKS)])
    NetworkEstablishment.objects.bulk_create([
        NetworkEstablishment(network=networks[n // PER_NETWORK], establishment=establishments[n])
        for n in range(NETWORKS * PER_NETWORK)], batch_size=5000)
    keys = EstablishmentKey.objects.bulk_create([
        EstablishmentKey(establishment=e, public_key="A" * 44, fingerprint=f"{e.pk:064x}") for e in establishments],
        batch_size=5000)
    for year in YEARS:
        first = int(year[:4])
        period = ReportingPeriod.objects.create(code=year, kind="school_year", label=f"Année scolaire {year}",
                                                start=dt.date(first, 9, 1), end=dt.date(first + 1, 8, 31),
                                                due_date=dt.date(first + 1, 7, 15))
        ExpectedReport.objects.bulk_create([ExpectedReport(establishment=e, period=period) for e in establishments],
                                           batch_size=5000)
        received = dt.datetime(first + 1, 6, 20, tzinfo=dt.timezone.utc)
        reports = ReceivedReport.objects.bulk_create([
            ReceivedReport(establishment=e, period=period, idempotency_key=f"{year}-{e.pk}", schema_version=1,
                           payload={}, body_digest="0" * 64, key=key, created_at=received, received_at=received,
                           sequence=1)
            for e, key in zip(establishments, keys) if random.random() < 0.93], batch_size=5000)
        cells = []
        for report in reports:
            for indicator in INDICATORS:
                counts = {(level, sex): random.randint(0, 14) for level in LEVELS for sex in "FM"}
                parts = {"": sum(counts.values())}
                for sex in "FM":
                    parts[f"sex={sex}"] = sum(v for (_, s), v in counts.items() if s == sex)
                for level in LEVELS:
                    parts[f"level={level}"] = sum(v for (lv, _), v in counts.items() if lv == level)
                for (level, sex), value in counts.items():
                    parts[f"level={level};sex={sex}"] = value
                for key_text, value in parts.items():
                    status, shown = status_of(value)
                    breakdown = dict(part.split("=") for part in key_text.split(";")) if key_text else {}
                    cells.append(ReportCell(report=report, establishment_id=report.establishment_id, period=period,
                                            indicator=indicator, breakdown=breakdown, breakdown_key=key_text,
                                            value=shown, status=status, current=True))
            if len(cells) >= 20_000:
                ReportCell.objects.bulk_create(cells)
                cells = []
        ReportCell.objects.bulk_create(cells)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    analyst = get_user_model().objects.create_user("bench-analyst", email="bench-analyst@example.org")
    Membership.objects.create(user=analyst, role=Membership.Role.ANALYST, academie=academie)
    print(f"Dashboard data: {ESTABLISHMENTS:,} establishments, {ReceivedReport.objects.count():,} reports, "
          f"{ReportCell.objects.count():,} cells, {time.monotonic() - started:.0f} s to load")
    return analyst


def ensure_rollup_totals():
    """The bulk load sends no report through ingestion: the pre-aggregated table is rebuilt once from the cells."""
    if RollupTotal.objects.exists():
        return
    started = time.monotonic()
    rows = rebuild()
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {RollupTotal._meta.db_table}")
    print(f"Pre-aggregated roll-ups rebuilt: {rows:,} rows in {time.monotonic() - started:.1f} s")


@contextlib.contextmanager
def previous_path():
    """The dashboard's figures as they were computed before the pre-aggregated table: one roll-up over the
    scope's list of establishment ids per table, per network and per period (the baseline)."""
    def figures(indicator, period, level, scope):
        return rollup(indicator, period, level, scope.establishment_ids)

    def figures_over(indicator, periods, level, scope):
        return {period.pk: figures(indicator, period, level, scope) for period in periods}

    def figures_by_network(indicator, period, scope, networks):
        inside, members = set(scope.establishment_ids), {pk: [] for pk in networks}
        for network_id, establishment_id in NetworkEstablishment.objects.filter(network_id__in=networks).values_list(
                "network_id", "establishment_id"):
            if establishment_id in inside:
                members[network_id].append(establishment_id)
        return {networks[pk]: rollup(indicator, period, "network", ids) for pk, ids in members.items()}

    saved = source.figures, source.figures_over, source.figures_by_network
    source.figures, source.figures_over, source.figures_by_network = figures, figures_over, figures_by_network
    try:
        yield
    finally:
        source.figures, source.figures_over, source.figures_by_network = saved


def time_requests(client, url, count, *, cold=False):
    times = []
    for _ in range(count):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return times


def bench_dashboard(analyst):
    client = Client()
    client.force_login(analyst)
    url = f"/tableaux-de-bord/academies/{ACADEMIE}/?periode=2023-2024&indicateur={INDICATORS[0]}"
    html = client.get(url).content.decode()
    assert "secret statistique" in html and "Bassin 12" in html
    with previous_path():
        cache.clear()
        previous_csv = client.get(url + "&format=csv").content
    cache.clear()
    assert client.get(url + "&format=csv").content == previous_csv, "the table and the previous path export differently"
    rows = []
    for label, target in (("page (HTML)", url), ("CSV export", url + "&format=csv"),
                          ("XLSX export", url + "&format=xlsx")):
        cold = time_requests(client, target, COLD_REQUESTS, cold=True)
        with previous_path():
            baseline = time_requests(client, target, BASELINE_COLD, cold=True)
        time_requests(client, target, WARM_UP)
        warm = time_requests(client, target, REQUESTS)
        rows.append((label, statistics.median(cold), percentile(cold, 95), statistics.median(baseline),
                     statistics.median(warm), percentile(warm, 95)))
    print(f"\n| académie dashboard, 10,000 establishments × 3 years (load {os.getloadavg()[0]:.1f}) | computed, p50 | "
          f"computed, p95 ({COLD_REQUESTS} requests) | previous path computed, p50 ({BASELINE_COLD}) | ratio p50 | "
          "served, p50 | served, p95 |\n|---|---|---|---|---|---|---|")
    for label, cold, cold_p95, baseline, p50, p95 in rows:
        print(f"| {label} | {cold:.0f} ms | {cold_p95:.0f} ms | {baseline:.0f} ms | ×{baseline / cold:.0f} | "
              f"{p50:.0f} ms | {p95:.0f} ms |")
    return rows


def make_fiches(count, establishments):
    section = AcademiePage.objects.get(academie__code=ACADEMIE)
    year, _created = SchoolYear.objects.get_or_create(code="2025-2026")
    for n in range(count):
        page = FichePage(title=f"Bench fiche nouvelle {n}", slug=f"bench-{n}", live=False,
                         lead_structure=establishments[n * 37 % len(establishments)])
        page.school_year_links.add(FichePageSchoolYear(school_year=year))
        section.add_child(instance=page)
        page.save_revision().publish()


def prepare_digests():
    started = time.monotonic()
    if not os.environ.get("BENCH_RELOAD") and Follow.objects.count() == FOLLOWERS \
            and FichePage.objects.filter(slug__startswith="bench-").count() == 40:
        print(f"\nDigest data already loaded: {FOLLOWERS:,} followers (BENCH_RELOAD=1 reloads)")
        return timezone.now() - dt.timedelta(days=8)
    Follow.objects.all().delete()
    get_user_model().objects.filter(username__startswith="bench-follower-").delete()
    establishments = list(Establishment.objects.filter(name__startswith="Bench ").order_by("pk")[:NETWORKS * PER_NETWORK])
    networks = list(Network.objects.filter(slug__startswith="bench-").order_by("pk"))
    academies = list(Academie.objects.current())
    since = timezone.now() - dt.timedelta(days=8)
    make_fiches(40, establishments)
    now = timezone.now()
    for n in range(20):
        start = now + dt.timedelta(days=n + 3)
        Event.objects.create(network=networks[n % NETWORKS], title=f"Bench réunion {n}", starts_at=start,
                             ends_at=start + dt.timedelta(hours=2), commune="Poitiers", departement="86",
                             audience="members" if n % 4 == 0 else "public")
    User = get_user_model()
    User.objects.bulk_create([User(username=f"bench-follower-{n}", email=f"bench-follower-{n}@example.org",
                                   password="!") for n in range(FOLLOWERS)], batch_size=5000)
    users = list(User.objects.filter(username__startswith="bench-follower-").order_by("pk"))
    follows = []
    for n, user in enumerate(users):
        kind = n % 5
        if kind < 2:
            follows.append(Follow(user=user, network=networks[n % NETWORKS], last_digest_at=since))
        elif kind < 4:
            academie = academies[n % len(academies)] if n % 3 else academies[0]
            follows.append(Follow(user=user, academie=Academie.objects.get(code=ACADEMIE) if n % 2 else academie,
                                  last_digest_at=since))
        else:
            follows.append(Follow(user=user, search_query=SEARCHES[n % len(SEARCHES)], label="bench",
                                  last_digest_at=since))
    Follow.objects.bulk_create(follows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"\nDigest data: {FOLLOWERS:,} followers, 40 new fiches, 20 new events, "
          f"{time.monotonic() - started:.0f} s to load")
    return since


def baseline_digests(now) -> int:
    """One query (or one search) per follower, then the same e-mail; no batching. Only every
    ``BASELINE_SAMPLE``-th follower is done (the count returned is scaled back up; use a prime such
    as 23, so that the sample mixes the kinds of follows): the whole
    baseline outlives the machine's patience under load."""
    from django.core.mail import get_connection

    connection_ = get_connection()
    sent = 0
    follows = Follow.objects.select_related("user", "network", "academie").order_by("user_id")
    for follow in follows[::BASELINE_SAMPLE] if BASELINE_SAMPLE > 1 else follows:
        cursor = follow.last_digest_at
        if follow.network_id:
            fiches = list(network_fiches(follow.network).filter(first_published_at__gt=cursor,
                                                                first_published_at__lte=now)[:MAX_ITEMS])
            events = [e for e in follow.network.events.filter(created_at__gt=cursor, created_at__lte=now)
                      if e.is_public]
        elif follow.academie_id:
            section = AcademiePage.objects.filter(academie_id=follow.academie_id).first()
            fiches = list(published_fiches().descendant_of(section).filter(
                first_published_at__gt=cursor, first_published_at__lte=now)[:MAX_ITEMS]) if section else []
            events = [e for e in Event.objects.filter(network__academie_id=follow.academie_id, created_at__gt=cursor,
                                                      created_at__lte=now) if e.is_public]
        else:
            ids = latest_fiche_ids(follow.search_query)
            fiches = list(published_fiches().filter(pk__in=ids, first_published_at__gt=cursor,
                                                    first_published_at__lte=now))
            events = []
        if fiches or events:
            message = digest_message(follow.user, [Section(follow, fiches, events)], frequency_label="chaque semaine")
            sent += connection_.send_messages([message])
    return sent * BASELINE_SAMPLE


def bench_digests(since):
    now = timezone.now()
    results = []
    sampled = f" (1 in {BASELINE_SAMPLE} followers, times and counts × {BASELINE_SAMPLE})" if BASELINE_SAMPLE > 1 else ""
    for label, run in ((f"baseline: one query per follower{sampled}", lambda: baseline_digests(now)),
                       ("send_digests (batched)", lambda: send_digests(now=now).emails)):
        Follow.objects.update(last_digest_at=since)
        counter = QueryCounter()
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            emails = run()
        scale = BASELINE_SAMPLE if label.startswith("baseline") else 1
        results.append((label, (time.perf_counter() - started) * scale, counter.count * scale, emails))
    print("\n| digest run, 50,000 followers | time | queries | e-mails |\n|---|---|---|---|")
    for label, seconds, queries, emails in results:
        print(f"| {label} | {seconds:.1f} s | {queries:,} | {emails:,} |")
    print(f"\nBatched run: ×{results[0][1] / results[1][1]:.1f} faster, "
          f"{results[0][2] / max(1, results[1][2]):.0f}× fewer queries")
    return results


def bench_after_report(client):
    """A report arrives (through ingestion), the warming task runs as the worker would run it, then the
    visitor's first request of the default view (page, CSV, XLSX): its time, and the worker's."""
    period = ReportingPeriod.objects.order_by("-start").first()
    url = f"/tableaux-de-bord/academies/{ACADEMIE}/"
    worker, first = [], {"page (HTML)": [], "CSV export": [], "XLSX export": []}
    for _ in range(AFTER_REPORT_ROUNDS):
        key = EstablishmentKey.objects.select_related("establishment").filter(
            establishment__academie__code=ACADEMIE).order_by("?").first()
        latest = ReceivedReport.objects.filter(establishment=key.establishment, period=period).order_by("-sequence").first()
        payload = {"schema_version": 1, "establishment": key.establishment.uai,
                   "sequence": (latest.sequence if latest else 0) + 1,
                   "cells": [{"indicator": INDICATORS[0], "breakdown": {}, "value": random.randint(20, 60),
                              "status": "published"}]}
        store_report(payload=payload, body_digest="0" * 64, key=key, period=period,
                     idempotency_key=f"bench-{time.time_ns()}", created=dt.datetime.now(dt.timezone.utc))
        started = time.perf_counter()
        assert warm_dashboard.call("academie", ACADEMIE) == ["", "csv", "xlsx"]
        worker.append((time.perf_counter() - started) * 1000)
        for label, target in (("page (HTML)", url), ("CSV export", url + "?format=csv"),
                              ("XLSX export", url + "?format=xlsx")):
            first[label] += time_requests(client, target, 1)
    print(f"\n| after a report, {AFTER_REPORT_ROUNDS} rounds (load {os.getloadavg()[0]:.1f}) | first request, p50 | "
          f"first request, max |\n|---|---|---|")
    for label, times in first.items():
        print(f"| {label} | {statistics.median(times):.0f} ms | {max(times):.0f} ms |")
    print(f"| warming task (worker: page + CSV + XLSX) | {statistics.median(worker):.0f} ms | {max(worker):.0f} ms |")


def main():
    only = os.environ.get("BENCH_ONLY", "")
    print(f"bench/networks.py — {dt.date.today()}, Python {platform.python_version()}, "
          f"PostgreSQL {connection.cursor().connection.info.server_version}, {os.cpu_count()} CPU, "
          f"load {os.getloadavg()[0]:.1f}")
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend", DEBUG=False,
                           ALLOWED_HOSTS=["testserver"]):
        if only in ("", "dashboard"):
            analyst = prepare_dashboard()
            ensure_rollup_totals()
            bench_dashboard(analyst)
            client = Client()
            client.force_login(analyst)
            bench_after_report(client)
        if only in ("", "digests"):
            if not Establishment.objects.filter(name__startswith="Bench ").exists():
                prepare_dashboard()
            bench_digests(prepare_digests())
    assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


if __name__ == "__main__":
    main()
