"""Sending the outbox to the portal, in order, until each report has the portal's signed receipt.

Per establishment, reports go strictly by sequence number: the next one waits until the one
before is acknowledged (or refused for good). A network failure, a 5xx or an unverifiable
receipt leaves the report pending and schedules the next attempt after an exponential backoff;
a 4xx refusal is final and recorded, except the portal's refusal of a signature dated in the future or
already expired: the node's clock is off, the report is signed again at the next attempt and the
node's page says to set its clock. No database transaction is held during the HTTP call, so
a portal served by the same process and database (the embedded demo) can answer.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import requests
from django.conf import settings
from django.utils import timezone

from portal import httpsig

from .identity import node_private_key, portal_public_key, reports_url
from .models import OutboxReport

TRANSIENT_STATUSES = {408, 425, 429}
# The portal's 401 errors on the signature's dates (portal/indicators/api.py, _check_freshness).
CLOCK_ERRORS = {"not_yet_valid", "expired"}


@dataclass
class SendSummary:
    acknowledged: list[int] = field(default_factory=list)
    refused: list[int] = field(default_factory=list)
    waiting: list[int] = field(default_factory=list)
    next_attempt_at: dt.datetime | None = None


class TransientFailure(Exception):
    """The report could not be delivered now; it will be tried again later."""


class Refused(Exception):
    """The portal refused the report for good (a 4xx answer)."""


def backoff(attempts: int) -> dt.timedelta:
    seconds = settings.ACCROCHE_OUTBOX_RETRY_BASE * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, settings.ACCROCHE_OUTBOX_RETRY_MAX))


def send_pending(*, portal_url: str | None = None, session: requests.Session | None = None) -> SendSummary:
    """Send every due report, in sequence order per establishment; say what happened."""
    summary = SendSummary()
    url = reports_url(portal_url)
    if not url:
        summary.waiting = list(unfinished().values_list("pk", flat=True))
        return summary
    session = session or requests.Session()
    for uai in unfinished().order_by().values_list("establishment_uai", flat=True).distinct():
        _send_establishment(uai, url, session, summary)
    return summary


def unfinished():
    return OutboxReport.objects.exclude(status__in=[OutboxReport.Status.ACKNOWLEDGED, OutboxReport.Status.REFUSED])


def _send_establishment(uai: str, url: str, session: requests.Session, summary: SendSummary) -> None:
    while True:
        entry = unfinished().filter(establishment_uai=uai).order_by("sequence").first()
        if entry is None:
            return
        if entry.next_attempt_at > timezone.now():
            summary.waiting.append(entry.pk)
            _note_next(summary, entry.next_attempt_at)
            return
        try:
            receipt = deliver(entry, url, session)
        except Refused as refusal:
            _update(entry, status=OutboxReport.Status.REFUSED, last_error=str(refusal))
            summary.refused.append(entry.pk)
            continue
        except TransientFailure as failure:
            next_at = timezone.now() + backoff(entry.attempts)
            _update(entry, status=OutboxReport.Status.PENDING, last_error=str(failure), next_attempt_at=next_at)
            summary.waiting.append(entry.pk)
            _note_next(summary, next_at)
            return
        _update(entry, status=OutboxReport.Status.ACKNOWLEDGED, receipt=receipt, last_error="",
                acknowledged_at=timezone.now())
        summary.acknowledged.append(entry.pk)


def _note_next(summary: SendSummary, at: dt.datetime) -> None:
    if summary.next_attempt_at is None or at < summary.next_attempt_at:
        summary.next_attempt_at = at


def _update(entry: OutboxReport, **changes) -> None:
    OutboxReport.objects.filter(pk=entry.pk).update(**changes)
    for name, value in changes.items():
        setattr(entry, name, value)


def deliver(entry: OutboxReport, url: str, session: requests.Session) -> dict:
    """POST one report, signed now; return its verified receipt or raise."""
    _update(entry, status=OutboxReport.Status.SENT, attempts=entry.attempts + 1)
    body = bytes(entry.payload)
    request = httpsig.Request("POST", url, {"Content-Type": "application/json",
                                            "Idempotency-Key": str(entry.idempotency_key)})
    httpsig.sign_request(request, body, node_private_key(), now=timezone.now(),
                         lifetime=dt.timedelta(seconds=settings.ACCROCHE_SIGNATURE_LIFETIME))
    try:
        response = session.post(url, data=body, headers=request.headers, timeout=settings.ACCROCHE_OUTBOX_TIMEOUT)
    except requests.RequestException as exc:
        raise TransientFailure(f"portail injoignable : {exc.__class__.__name__}") from exc
    if response.status_code >= 500 or response.status_code in TRANSIENT_STATUSES:
        raise TransientFailure(f"portail indisponible : HTTP {response.status_code}")
    if response.status_code == 401 and _error_code(response) in CLOCK_ERRORS:
        raise TransientFailure("horloge de ce serveur apparemment décalée : vérifiez sa mise à l'heure (NTP) ; "
                               f"{_refusal_text(response)} ; nouvel essai plus tard")
    if response.status_code >= 400:
        raise Refused(_refusal_text(response))
    return verify_receipt(response.status_code, response.headers, response.content, entry)


def _error_code(response: requests.Response) -> str:
    try:
        return str(response.json()["error"])
    except (ValueError, KeyError, TypeError):
        return ""


def _refusal_text(response: requests.Response) -> str:
    try:
        error = response.json()
        return f"HTTP {response.status_code} {error['error']} : {error['detail']}"
    except (ValueError, KeyError, TypeError):
        return f"HTTP {response.status_code}"


def verify_receipt(status: int, headers, body: bytes, entry: OutboxReport) -> dict:
    """Check the portal's signature on its receipt and that the receipt is for this very report."""
    public_key = portal_public_key()
    try:
        signature = httpsig.read_signature_input(headers)
        if signature.keyid != httpsig.fingerprint(public_key):
            raise httpsig.InvalidSignature("receipt signed by another key")
        httpsig.verify_signature(httpsig.Response(status, dict(headers.items())), public_key, signature.keyid,
                                 components=httpsig.RESPONSE_COMPONENTS, max_age=None,
                                 clock_skew=dt.timedelta(seconds=settings.ACCROCHE_SIGNATURE_CLOCK_SKEW))
    except (httpsig.SignatureHeaderError, httpsig.InvalidSignature) as exc:
        raise TransientFailure(f"accusé de réception non vérifiable : {exc}") from exc
    if not httpsig.digest_matches(headers, body):
        raise TransientFailure("accusé de réception altéré (Content-Digest)")
    receipt = json.loads(body)
    if (receipt.get("idempotency_key") != str(entry.idempotency_key)
            or receipt.get("report_digest") != httpsig.body_digest(bytes(entry.payload))):
        raise TransientFailure("accusé de réception d'un autre rapport")
    return {
        "status": status,
        "body": receipt,
        "signature_input": headers.get("Signature-Input"),
        "signature": headers.get("Signature"),
        "content_digest": headers.get("Content-Digest"),
    }
