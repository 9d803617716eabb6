"""Indicators benchmark, transport section: signed reports from a load generator to a real portal.

A portal (gunicorn, production settings, role « portal ») serves the scratch PostgreSQL database;
client threads on loopback POST 10,000 reports signed by 100 establishments' Ed25519 keys (RFC 9421,
Content-Digest), each a SAS-like report of 62 cells, and verify every signed receipt. Measured:
reports per second, acknowledgement time (request to verified receipt: median, p95), nothing lost
(every report stored once), duplicates refused (the same signed requests again: « replayed »; the same
reports re-signed: the stored receipt, nothing stored twice). In the same run, in this process: the
portal's checks per report (signature + digest, JSON Schema) against the bare JSON parse.

Run: .venv/bin/python bench/indicator_transport.py [--reports 10000] [--clients 8]
(or through bench/indicators.py --only transport once registered there).
"""
import argparse
import datetime as dt
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DATABASE_URL", "postgres://accroche@127.0.0.1:54329/accroche_bench_indicators")

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from fiches.models import Academie, Establishment  # noqa: E402
from plugins import periods  # noqa: E402
from plugins.reports import (  # noqa: E402
    Aggregation, CellStatus, IndicatorDefinition, IndicatorReport, IndicatorValue,
)
from portal import httpsig  # noqa: E402
from portal.indicators.api import schema_validator  # noqa: E402
from portal.indicators.models import EstablishmentKey, ReceivedReport, ReportCell, ReportingPeriod, SeenNonce  # noqa: E402
from portal.outbox.queue import encode_payload  # noqa: E402

ESTABLISHMENTS = 100
PREFIX = "Bench transport "
YEAR = periods.school_year("2023-2024")
LEVELS = ("cap1", "cap2", "2pro", "1pro", "tpro", "other")
DEFINITIONS = (
    IndicatorDefinition("sas.students_identified", "Élèves repérés", "élèves", Aggregation.SUM, ("level", "sex")),
    IndicatorDefinition("sas.students_taken_in_charge", "Élèves pris en charge", "élèves", Aggregation.SUM,
                        ("level", "sex")),
)
ENDPOINT = "/api/v1/indicator-reports/"


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def sas_like_report(uai: str, rng: random.Random) -> IndicatorReport:
    """Two indicators x (total, 6 levels, 2 sexes, 12 level x sex) = 42 cells; small ones secret."""
    values = []
    for definition in DEFINITIONS:
        counts = {(level, sex): rng.choice((0, 2, 4, 12, 15, 22)) for level in LEVELS for sex in "FM"}
        cells = [({}, sum(counts.values()))]
        cells += [({"level": level}, counts[(level, "F")] + counts[(level, "M")]) for level in LEVELS]
        cells += [({"sex": sex}, sum(v for (_l, s), v in counts.items() if s == sex)) for sex in "FM"]
        cells += [({"level": level, "sex": sex}, value) for (level, sex), value in counts.items()]
        for breakdown, value in cells:
            secret = 0 < value < 11
            values.append(IndicatorValue(definition.code, breakdown, None if secret else float(value),
                                         CellStatus.PRIMARY_SECRET if secret else CellStatus.PUBLISHED))
    return IndicatorReport(uai, YEAR, tuple(values), DEFINITIONS)


def clean_up() -> None:
    """Remove this section's establishments and reports (the roll-up section shares the database)."""
    old = Establishment.objects.filter(name__startswith=PREFIX)
    ReportCell.objects.filter(establishment__in=old).delete()
    ReceivedReport.objects.filter(establishment__in=old).delete()
    EstablishmentKey.objects.filter(establishment__in=old).delete()
    old.delete()
    SeenNonce.objects.all().delete()


def prepare(reports: int):
    call_command("migrate", verbosity=0)
    academie = Academie.objects.get(code="toulouse")  # not the roll-up section's académie
    ReportingPeriod.objects.update_or_create(code=YEAR.code, defaults=dict(
        kind=YEAR.kind.value, label=YEAR.label, start=YEAR.start, end=YEAR.end))
    clean_up()
    keys = {}
    for n in range(ESTABLISHMENTS):
        establishment = Establishment.objects.create(name=f"{PREFIX}{n:03}", kind=Establishment.Kind.LYCEE_PRO,
                                                     academie=academie, uai=f"97{n:05}T")
        key = httpsig.generate_private_key()
        EstablishmentKey.objects.create(establishment=establishment, public_key=httpsig.public_key_text(key),
                                        fingerprint=httpsig.fingerprint(key))
        keys[establishment.uai] = key
    rng = random.Random(14)
    created = timezone.now()
    bodies = []
    for index in range(reports):  # per establishment, sequences 1, 2, 3…: each a correction of the last
        uai = f"97{index % ESTABLISHMENTS:05}T"
        bodies.append((uai, str(uuid.uuid4()), encode_payload(sas_like_report(uai, rng),
                                                              sequence=index // ESTABLISHMENTS + 1, created=created)))
    return keys, bodies


def sign(url: str, key, idempotency_key: str, body: bytes) -> dict[str, str]:
    request = httpsig.Request("POST", url, {"Content-Type": "application/json", "Idempotency-Key": idempotency_key})
    httpsig.sign_request(request, body, key, now=timezone.now(), lifetime=dt.timedelta(minutes=30))
    return request.headers


class Portal:
    """The portal under test: gunicorn in its own process group, on a free loopback port."""

    def __init__(self, portal_key, workers: int):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ACCROCHE_"))}
        env.update(DJANGO_SETTINGS_MODULE="portal.settings.production", DJANGO_SECRET_KEY="bench-" + "x" * 50,
                   DJANGO_SECURE_SSL_REDIRECT="False", DJANGO_ALLOWED_HOSTS="127.0.0.1", LOG_LEVEL="WARNING",
                   ACCROCHE_ROLE="portal", ACCROCHE_PORTAL_KEY=httpsig.private_key_text(portal_key),
                   ACCROCHE_SIGNATURE_LIFETIME="3600")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "-b", f"127.0.0.1:{self.port}",
             "-w", str(workers), "--threads", "2"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                requests.get(self.url + "/api/v1/schemas/indicator-report-1.json", timeout=10).raise_for_status()
                return
            except requests.RequestException:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("le portail n'a pas démarré")
                time.sleep(0.3)

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def verify_receipt(response, portal_public, portal_fingerprint, idempotency_key, body) -> bool:
    try:
        httpsig.verify_signature(httpsig.Response(response.status_code, dict(response.headers.items())),
                                 portal_public, portal_fingerprint, components=httpsig.RESPONSE_COMPONENTS,
                                 max_age=None, clock_skew=dt.timedelta(seconds=60))
    except httpsig.InvalidSignature:
        return False
    receipt = json.loads(response.content)
    return (httpsig.digest_matches(response.headers, response.content)
            and receipt["idempotency_key"] == idempotency_key and receipt["report_digest"] == httpsig.body_digest(body))


def send_all(portal, requests_to_send, portal_key, clients: int):
    """POST every (idempotency key, body, headers) from ``clients`` threads; per request: status, time, receipt ok.

    Request ``i`` belongs to establishment ``i % ESTABLISHMENTS``; each thread sends its establishments'
    requests in order, as a node sends its outbox (never a later sequence before an earlier one).
    """
    portal_public, fingerprint = portal_key.public_key(), httpsig.fingerprint(portal_key)
    results = [None] * len(requests_to_send)

    def worker(thread: int):
        session = requests.Session()
        for index in range(len(requests_to_send)):
            if index % ESTABLISHMENTS % clients != thread:
                continue
            idempotency_key, body, headers = requests_to_send[index]
            started = time.perf_counter()
            response = session.post(portal.url + ENDPOINT, data=body, headers=headers, timeout=60)
            ok = response.status_code in (200, 201) and verify_receipt(response, portal_public, fingerprint,
                                                                        idempotency_key, body)
            results[index] = (response.status_code, time.perf_counter() - started, ok,
                              None if ok else response.content[:200])

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def checks_cost(keys, bodies, url, samples: int = 2000):
    """Per report, in this process: signature + digest, schema, against json.loads of the same body."""
    sample = bodies[:samples]
    signed = [(httpsig.Request("POST", url, sign(url, keys[uai], ik, body)), keys[uai], body) for uai, ik, body in sample]
    validator = schema_validator(1)
    timings = {"parse": [], "signature": [], "schema": []}
    for request, key, body in signed:
        started = time.perf_counter()
        json.loads(body)
        timings["parse"].append(time.perf_counter() - started)
        started = time.perf_counter()
        httpsig.verify_signature(request, key.public_key(), httpsig.fingerprint(key),
                                 components=httpsig.REQUEST_COMPONENTS, max_age=None,
                                 clock_skew=dt.timedelta(seconds=60))
        assert httpsig.digest_matches(request.headers, body)
        timings["signature"].append(time.perf_counter() - started)
        payload = json.loads(body)
        started = time.perf_counter()
        assert validator.is_valid(payload)
        timings["schema"].append(time.perf_counter() - started)
    return {name: 1e6 * statistics.median(values) for name, values in timings.items()}


def bench_transport(reports: int = 10_000, clients: int = 8, workers: int = 2) -> None:
    keys, bodies = prepare(reports)
    portal_key = httpsig.generate_private_key()
    portal = Portal(portal_key, workers)
    try:
        url = portal.url + ENDPOINT
        signed = [(ik, body, sign(url, keys[uai], ik, body)) for uai, ik, body in bodies]
        results, elapsed = send_all(portal, signed, portal_key, clients)
        replays, _ = send_all(portal, signed[:1000], portal_key, clients)
        resigned = [(ik, body, sign(url, keys[uai], ik, body)) for uai, ik, body in bodies[:1000]]
        repeats, _ = send_all(portal, resigned, portal_key, clients)
        stored = ReceivedReport.objects.filter(establishment__name__startswith=PREFIX).count()
        distinct = ReceivedReport.objects.filter(establishment__name__startswith=PREFIX).values(
            "idempotency_key").distinct().count()
        cost = checks_cost(keys, bodies, url)
    finally:
        portal.stop()
        clean_up()
    times = [1000 * seconds for _status, seconds, _ok, _error in results]
    acknowledged = sum(ok for *_rest, ok, _error in results)
    print(f"\nTransport : {len(bodies)} rapports signés ({len(bodies[0][2])} octets, 42 cellules), "
          f"{ESTABLISHMENTS} établissements, {clients} clients, gunicorn {workers} processus x 2 fils, boucle locale")
    print(f"  débit : {len(bodies) / elapsed:.0f} rapports/s ({elapsed:.1f} s)   accusé vérifié : médiane "
          f"{statistics.median(times):.1f} ms, p95 {percentile(times, 0.95):.1f} ms")
    failures = [error for *_rest, ok, error in results if not ok]
    print(f"  reçus et accusés : {acknowledged}/{len(bodies)}   stockés : {stored} (clés distinctes : {distinct})"
          + (f"   échecs : {failures[:3]}" if failures else ""))
    replay_codes = {status for status, *_rest in replays}
    repeat_ok = sum(ok and status == 200 for status, _s, ok, _e in repeats)
    print(f"  mêmes requêtes rejouées : {len(replays)} -> HTTP {sorted(replay_codes)} (rejeu refusé) ; mêmes rapports "
          f"re-signés : {repeat_ok}/{len(repeats)} reçoivent l'accusé déjà donné (200), rien stocké deux fois")
    print(f"  coût par rapport (médiane, ce processus) : JSON seul {cost['parse']:.0f} µs ; signature + empreinte "
          f"{cost['signature']:.0f} µs ({cost['signature'] / cost['parse']:.1f} x) ; schéma JSON {cost['schema']:.0f} µs "
          f"({cost['schema'] / cost['parse']:.1f} x)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cœurs, "
          f"base {connection.settings_dict['NAME']}")
    bench_transport(args.reports, args.clients, args.workers)


if __name__ == "__main__":
    main()
