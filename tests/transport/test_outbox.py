"""The node's outbox against a real HTTP server: in order, once, retried while the portal is down,
acknowledged only on a receipt the portal really signed."""
import datetime as dt
import socket

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from portal import httpsig
from portal.indicators.models import ReceivedReport
from portal.outbox.models import OutboxReport
from portal.outbox.queue import enqueue_report
from portal.outbox.sending import backoff, send_pending

from .signed import report

# A live server reads what the test wrote: these tests commit, which costs a flush each.
served = pytest.mark.django_db(transaction=True)


def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


@served
def test_outbox_goes_in_order_once_waits_while_the_portal_is_down_and_needs_a_signed_receipt(
        live_server, lomet, year, node_key, settings):
    from plugins import periods

    settings.ACCROCHE_OUTBOX_RETRY_BASE = 10
    entries = [enqueue_report(report("0470018L", identified=20 + n)) for n in range(3)]
    refused = enqueue_report(report("0470018L", period=periods.school_year("2030-2031")))
    last = enqueue_report(report("0470018L", identified=40))
    assert [e.sequence for e in (*entries, refused, last)] == [1, 2, 3, 4, 5]

    # The portal is down: the first report waits for its backoff, the later ones are not even tried.
    down = send_pending(portal_url=closed_port_url())
    first = OutboxReport.objects.get(pk=entries[0].pk)
    assert (first.status, first.attempts) == ("pending", 1) and "injoignable" in first.last_error
    assert set(OutboxReport.objects.exclude(pk=first.pk).values_list("attempts", flat=True)) == {0}
    assert dt.timedelta(seconds=9) < first.next_attempt_at - timezone.now() <= dt.timedelta(seconds=10)
    assert down.next_attempt_at == first.next_attempt_at
    assert send_pending(portal_url=live_server.url).waiting == [first.pk]  # backoff respected

    # Back up: everything in order, once; a refusal is final and the next report goes.
    OutboxReport.objects.update(next_attempt_at=timezone.now())
    summary = send_pending(portal_url=live_server.url)
    assert summary.acknowledged == [e.pk for e in (*entries, last)]
    assert summary.refused == [refused.pk]
    assert list(ReceivedReport.objects.order_by("received_at").values_list("sequence", flat=True)) == [1, 2, 3, 5]
    for entry in OutboxReport.objects.exclude(pk=refused.pk):
        assert entry.status == "acknowledged"
        assert entry.receipt["body"]["idempotency_key"] == str(entry.idempotency_key)
    refused.refresh_from_db()
    assert refused.status == "refused" and "unknown_period" in refused.last_error
    assert send_pending(portal_url=live_server.url).acknowledged == []  # nothing sent twice
    assert ReceivedReport.objects.count() == 4

    # A receipt the portal did not sign (the node trusts another key) acknowledges nothing.
    settings.ACCROCHE_PORTAL_PUBLIC_KEY = httpsig.public_key_text(httpsig.generate_private_key())
    unverified = enqueue_report(report("0470018L", identified=31))
    send_pending(portal_url=live_server.url)
    unverified.refresh_from_db()
    assert unverified.status == "pending" and unverified.receipt is None
    assert "non vérifiable" in unverified.last_error

    # The portal finds the signature dated in the future (the node's clock runs ahead; a negative tolerance plays
    # it): the report is not refused for good, it waits for its next attempt and the node is told its clock is off.
    settings.ACCROCHE_SIGNATURE_CLOCK_SKEW = -120
    OutboxReport.objects.filter(pk=unverified.pk).update(next_attempt_at=timezone.now())
    summary = send_pending(portal_url=live_server.url)
    unverified.refresh_from_db()
    assert summary.refused == [] and summary.waiting == [unverified.pk]
    assert unverified.status == "pending" and unverified.next_attempt_at > timezone.now()
    assert unverified.last_error.startswith("horloge de ce serveur apparemment décalée")
    assert "not_yet_valid" in unverified.last_error


def test_backoff_doubles_up_to_the_maximum(settings):
    settings.ACCROCHE_OUTBOX_RETRY_BASE, settings.ACCROCHE_OUTBOX_RETRY_MAX = 30, 100
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 100, 100]


@pytest.mark.django_db
def test_only_a_node_enqueues_and_only_its_own_establishment(lomet, settings):
    settings.ACCROCHE_NODE_UAI = "0330001A"
    with pytest.raises(ValueError):
        enqueue_report(report("0470018L"))
    settings.ACCROCHE_ROLE = "portal"
    with pytest.raises(ImproperlyConfigured):
        enqueue_report(report("0330001A"))
    assert not OutboxReport.objects.exists()


@served
def test_embedded_demo_sends_its_outbox_over_http_to_its_own_portal(lomet, settings):
    """`demo_send_reports`: key enrolled and period declared as the académie would, then a real
    HTTP request to the endpoint of the same process, verified and answered with a receipt."""
    from django.core.management import call_command

    from portal.indicators.models import EstablishmentKey, ExpectedReport

    settings.ACCROCHE_NODE_KEY = ""  # the demo makes its key file in ACCROCHE_KEY_DIR
    entry = enqueue_report(report("0470018L"))
    call_command("demo_send_reports")
    entry.refresh_from_db()
    assert entry.status == "acknowledged", entry.last_error
    received = ReceivedReport.objects.get()
    assert received.idempotency_key == str(entry.idempotency_key)
    assert received.key == EstablishmentKey.objects.get(establishment=lomet)
    assert ExpectedReport.objects.filter(establishment=lomet, period__code="2023-2024").exists()


@pytest.mark.django_db
def test_embedded_demo_refuses_in_french_under_production_settings(settings):
    """Under production settings the loopback request was redirected to HTTPS: the report waited for ever
    (last error « SSLError ») and the command said nothing was wrong."""
    from django.core.management import CommandError, call_command

    settings.SECURE_SSL_REDIRECT = True
    with pytest.raises(CommandError, match="redirigent toute requête HTTP vers HTTPS.*`make run`"):
        call_command("demo_send_reports")
    settings.SECURE_SSL_REDIRECT, settings.DEBUG, settings.ALLOWED_HOSTS = False, False, ["accroche.example.org"]
    with pytest.raises(CommandError, match="127.0.0.1 n'est pas dans DJANGO_ALLOWED_HOSTS"):
        call_command("demo_send_reports")
