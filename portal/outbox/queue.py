"""Putting a report in the outbox: the one entry point for whatever builds reports on a node."""
from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from plugins.reports import IndicatorReport

from .identity import check_uai
from .models import OutboxReport


def plugin_versions() -> dict[str, str]:
    """The code that computed the report: Accroche's version (built-in plugins ship with it)."""
    try:
        return {"accroche": version("accroche")}
    except PackageNotFoundError:
        return {}


def encode_payload(report: IndicatorReport, *, sequence: int, created) -> bytes:
    """The report's bytes as sent and signed: the wire format of docs/indicators.md."""
    data = report.to_wire()
    data.update(created=created.isoformat(), sequence=sequence, plugin_versions=plugin_versions())
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def enqueue_report(report: IndicatorReport) -> OutboxReport:
    """Store ``report`` with the establishment's next sequence number; send it once committed.

    The bytes are fixed here: every retry sends the same body under the same idempotency key.
    """
    check_uai(report.establishment_uai)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                last = OutboxReport.objects.filter(establishment_uai=report.establishment_uai).aggregate(
                    last=Max("sequence"))["last"] or 0
                created = timezone.now()
                entry = OutboxReport.objects.create(
                    establishment_uai=report.establishment_uai, period_code=report.period.code, sequence=last + 1,
                    payload=encode_payload(report, sequence=last + 1, created=created), created_at=created,
                )
                transaction.on_commit(_send_soon)
                return entry
        except IntegrityError:  # another report took this sequence number meanwhile
            continue
    raise RuntimeError("could not allocate an outbox sequence number")


def sent_reports(uai: str) -> list[IndicatorReport]:
    """The reports the portal has or will have from ``uai``: the outbox but the refused ones."""
    entries = OutboxReport.objects.filter(establishment_uai=uai).exclude(status=OutboxReport.Status.REFUSED)
    return [IndicatorReport.from_wire(json.loads(bytes(entry.payload))) for entry in entries.order_by("sequence")]


def _send_soon() -> None:
    from .tasks import send_outbox

    send_outbox.enqueue()
