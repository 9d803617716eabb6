"""Two POSTs of the indicator side at the same moment, from two threads with their own PostgreSQL connections: a
signed report received twice at once (a node retrying while its first request is still running), two reports
of one establishment at once, a key registered twice (double click), a noisy release published twice. Never a
5xx nor an IntegrityError, one report per idempotency key, no lost cell, no ε spent without being counted.

What the requests' threads read is written and removed through a connection of its own (committed,
:func:`tests.concurrency.in_own_connection`).
"""
import datetime as dt
import json
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from portal import httpsig
from portal.accounts.models import Membership
from portal.indicators.keys import register_key
from portal.indicators.models import (
    EstablishmentKey, ExpectedReport, NoisyRelease, PrivacySpend, ReceivedReport, ReportCell, ReportingPeriod, RollupTotal,
)
from tests import factories
from tests.concurrency import backend_pid, in_own_connection, release_when_waiting, together
from tests.transport.signed import ENDPOINT, body, post, signed_headers

from .stored import cell, send, year

ROUNDS = 3
UAI = "0479990Z"
PREFIX = "simultane-indic"
IDENTIFIED = "sas.students_identified"


def statuses(results) -> list:
    return [getattr(result, "status_code", result) for result in results]


def signed_posts(*requests) -> list:
    """Each ``(body, headers)`` POSTed to the report endpoint from its own thread, released together."""
    return together(*[(None, ENDPOINT, request) for request in requests], sign_in=lambda client, user: client,
                    send=lambda client, url, request: post(client, *request))


@pytest.fixture
def portal_keys(settings, tmp_path):
    """The portal's own key (for receipts), as tests/transport/conftest.py sets it."""
    portal_key = httpsig.generate_private_key()
    settings.ACCROCHE_KEY_DIR = str(tmp_path / "keys")
    settings.ACCROCHE_PORTAL_KEY = httpsig.private_key_text(portal_key)
    settings.ACCROCHE_PORTAL_PUBLIC_KEY = httpsig.public_key_text(portal_key)


def _node():
    establishment = factories.establishment("LP Rapports Simultanés", "bordeaux", commune="Agen", uai=UAI)
    node_key = httpsig.generate_private_key()
    register_key(establishment, httpsig.public_key_text(node_key))
    created = not ReportingPeriod.objects.filter(code="2023-2024").exists()
    return establishment, node_key, year(), created


def _remove(establishment, period, created):
    ReceivedReport.objects.filter(establishment=establishment).delete()
    RollupTotal.objects.filter(period=period).delete()
    establishment.delete()
    get_user_model().objects.filter(username__startswith=PREFIX).delete()
    if created:
        period.delete()


@pytest.fixture
def node(db, portal_keys):
    """An establishment of Bordeaux with its registered node key and the period 2023-2024, committed."""
    establishment, node_key, period, created = in_own_connection(_node)
    yield establishment, node_key
    in_own_connection(lambda: _remove(establishment, period, created))


def test_one_signed_request_received_twice_at_once_is_stored_once(node):
    """The very same request twice (same nonce): one is stored (201), the other is the replay it is (409)."""
    assert connection.vendor == "postgresql"
    _establishment, node_key = node
    for n in range(ROUNDS):
        payload = body(UAI, sequence=n + 1)
        headers = signed_headers(payload, node_key)
        results = signed_posts((payload, headers), (payload, headers))
        assert sorted(statuses(results), key=str) == [201, 409], results
        refused = next(result for result in results if result.status_code == 409)
        assert refused.json()["error"] == "replayed"
        assert ReceivedReport.objects.filter(idempotency_key=headers["Idempotency-Key"]).count() == 1
        assert ReportCell.objects.filter(report__idempotency_key=headers["Idempotency-Key"]).count() == 4


def test_one_report_sent_twice_at_once_with_its_idempotency_key_gets_one_receipt(node):
    """A node resends a report (new signature, same Idempotency-Key) while the first request still runs: one
    report stored, both answered with its receipt."""
    establishment, node_key = node
    for n in range(ROUNDS):
        payload = body(UAI, sequence=n + 1)
        first = signed_headers(payload, node_key)
        again = signed_headers(payload, node_key, idempotency_key=first["Idempotency-Key"])
        results = signed_posts((payload, first), (payload, again))
        assert sorted(statuses(results), key=str) == [200, 201], results
        assert json.loads(results[0].content) == json.loads(results[1].content)
        assert ReceivedReport.objects.filter(idempotency_key=first["Idempotency-Key"]).count() == 1
        current = ReportCell.objects.filter(establishment=establishment, current=True)
        assert current.count() == 4 and set(current.values_list("report__sequence", flat=True)) == {n + 1}


def test_two_reports_of_one_establishment_at_once_keep_the_newer_current(node):
    """A report and its correction arrive together: both are kept, the correction's cells are the current ones,
    whichever request ran first, and the pre-aggregated totals are those of the correction."""
    establishment, node_key = node
    for n in range(ROUNDS):
        older, newer = body(UAI, sequence=2 * n + 1, identified=24), body(UAI, sequence=2 * n + 2, identified=30)
        results = signed_posts((older, signed_headers(older, node_key)), (newer, signed_headers(newer, node_key)))
        assert statuses(results) == [201, 201], results
        current = ReportCell.objects.filter(establishment=establishment, current=True)
        assert current.count() == 4 and set(current.values_list("report__sequence", flat=True)) == {2 * n + 2}
        assert current.get(indicator="sas.identified", breakdown_key="").value == 30
        total = RollupTotal.objects.get(indicator="sas.identified", level="academie", breakdown_key="")
        assert (total.total, total.contributors) == (30, 1)


def test_a_report_arriving_while_its_establishment_moves_counts_in_its_new_bassin(node):
    """An administrator moves the establishment to another bassin while its report arrives: the report waits
    for the move (the establishment's row), then its figures go to the new bassin. They went to the former one,
    read with the signing key before the wait: the new bassin showed nothing of them, the former one kept them."""
    establishment, node_key = node
    moved, commit, request_pid, done = threading.Event(), threading.Event(), [], threading.Event()

    def move():
        with transaction.atomic():
            school = type(establishment).objects.get(pk=establishment.pk)
            school.bassin = "Bassin d'arrivée"
            school.save()
            moved.set()
            commit.wait(timeout=30)

    def report():
        moved.wait(timeout=30)
        request_pid.append(backend_pid())
        payload = body(UAI, identified=24)
        assert post(Client(), payload, signed_headers(payload, node_key)).status_code == 201
        done.set()

    try:
        release_when_waiting((move, report), commit, done, request_pid)
        assert done.is_set()
        bassins = dict(RollupTotal.objects.filter(indicator="sas.identified", level="bassin", breakdown_key="",
                                                  contributors__gt=0).values_list("unit", "total"))
        assert bassins == {"Bassin d'arrivée": 24}
    finally:
        commit.set()


# --- The admin's forms: a key registered twice, a noisy release published twice -------------------------

def _superuser():
    return get_user_model().objects.create_superuser(f"{PREFIX}-admin", f"{PREFIX}@example.org", "motdepasse-de-test")


def test_registering_one_key_twice_at_once_records_it_once(node):
    establishment, _node_key = node
    admin = in_own_connection(_superuser)
    for _n in range(ROUNDS):
        public_key = httpsig.public_key_text(httpsig.generate_private_key())
        data = {"establishment": establishment.pk, "public_key": public_key, "fingerprint": ""}
        results = together((admin, "/admin/cles-etablissements/", data), (admin, "/admin/cles-etablissements/", data))
        assert sorted(statuses(results), key=str) == [200, 302], results
        refused = next(result for result in results if result.status_code == 200)
        assert "Cette clé est déjà enregistrée." in refused.content.decode()
        assert EstablishmentKey.objects.filter(public_key=public_key).count() == 1


def _reports():
    created = not ReportingPeriod.objects.filter(code="2023-2024").exists()
    period = year()
    establishments = [factories.establishment(f"LP Bruit Simultané {n}", "bordeaux", bassin="Agen") for n in (1, 2)]
    for establishment in establishments:
        send(establishment, period, [cell(IDENTIFIED, 400), cell(IDENTIFIED, 150, sex="M"),
                                     cell(IDENTIFIED, 250, sex="F")])
    analyst = factories.user(f"{PREFIX}-analyste", role=Membership.Role.ANALYST, academie_code="bordeaux")
    return period, created, establishments, analyst


def _remove_reports(period, created, establishments):
    NoisyRelease.objects.filter(period=period).delete()
    for establishment in establishments:
        _remove(establishment, period, created=False)
    if created:
        period.delete()


@pytest.fixture
def received(db, settings):
    settings.ACCROCHE_DP_BUDGET = 1.0
    period, created, establishments, analyst = in_own_connection(_reports)
    yield period, establishments, analyst
    in_own_connection(lambda: _remove_reports(period, created, establishments))


def test_publishing_a_noisy_release_twice_at_once_counts_both_spends(received):
    """Two releases that the budget allows, published together (the first of the period for these
    establishments): both are kept and both ε are counted; no 500."""
    period, establishments, analyst = received
    url = f"/indicateurs/{period.code}/agregats/bruit/"
    data = {"indicateur": IDENTIFIED, "groupe": "bordeaux", "epsilon": "0,25"}
    results = together((analyst, url, data), (analyst, url, data))
    assert statuses(results) == [302, 302], results
    assert NoisyRelease.objects.filter(period=period).count() == 2
    assert sorted(PrivacySpend.objects.filter(period=period).values_list("epsilon", flat=True)) == [0.5, 0.5]


def test_two_releases_at_once_never_spend_more_than_the_budget(received):
    """Two releases of ε 0,6 each under a budget of 1, published together: one is published, the other refused
    with the budget's sentence."""
    period, establishments, analyst = received
    url = f"/indicateurs/{period.code}/agregats/bruit/"
    data = {"indicateur": IDENTIFIED, "groupe": "bordeaux", "epsilon": "0,6"}
    results = together((analyst, url, data), (analyst, url, data))
    assert statuses(results) == [302, 302], results
    assert NoisyRelease.objects.filter(period=period).count() == 1
    assert sorted(PrivacySpend.objects.filter(period=period).values_list("epsilon", flat=True)) == [0.6, 0.6]


# --- Reminding the establishments whose report is missing --------------------------------------------------

def _awaited():
    created = not ReportingPeriod.objects.filter(code="2023-2024").exists()
    period = year()
    establishment = factories.establishment("LP Relance Simultanée", "bordeaux", uai="0479991Z")
    ExpectedReport.objects.create(establishment=establishment, period=period)
    factories.user(f"{PREFIX}-contact", role=Membership.Role.EDITOR, establishment=establishment)
    analysts = [factories.user(f"{PREFIX}-analyste-{n}", role=Membership.Role.ANALYST, academie_code="bordeaux")
                for n in (1, 2)]
    return period, created, establishment, analysts


@pytest.fixture
def awaited(db):
    """An establishment of Bordeaux whose 2023-2024 report is missing, its editor, two analysts of Bordeaux."""
    period, created, establishment, analysts = in_own_connection(_awaited)
    yield period, establishment, analysts
    in_own_connection(lambda: _remove(establishment, period, created))


def test_reminding_twice_at_once_sends_one_email(awaited):
    """« Relancer les établissements cochés » clicked twice at once, or by two analysts: one e-mail; the second
    request is told the establishment was reminded a moment ago. Both requests used to read the establishment
    as missing and each sent its reminder."""
    period, establishment, analysts = awaited
    url = f"/indicateurs/{period.code}/relancer/"
    for n, clicks in enumerate([(analysts[0], analysts[0]), (analysts[0], analysts[1])]):
        results = together(*[(analyst, url, {"establishment": [establishment.pk]}) for analyst in clicks],
                           send=lambda client, url, data: client.post(url, data, follow=True))
        assert statuses(results) == [200, 200], results
        assert len(mail.outbox) == 1, [message.to for message in mail.outbox]
        assert mail.outbox[0].to == [f"{PREFIX}-contact@example.org"]
        pages = [result.content.decode() for result in results]
        assert sum("Relance envoyée à 1 établissement." in page for page in pages) == 1
        assert sum("Déjà relancé il y a moins de 10 minutes" in page and "LP Relance Simultanée" in page
                   for page in pages) == 1
        mail.outbox.clear()
        in_own_connection(lambda: ExpectedReport.objects.filter(establishment=establishment).update(
            last_reminder_at=timezone.now() - dt.timedelta(minutes=11)))  # long enough ago: reminded again
