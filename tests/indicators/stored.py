"""Reports stored on the portal through its real ingestion path, for the roll-up and completeness tests."""
import datetime as dt
import hashlib
import uuid

from django.utils import timezone

from plugins.reports import breakdown_key
from portal.indicators.ingest import store_report
from portal.indicators.models import EstablishmentKey, ReportingPeriod

YEAR_START, YEAR_END = dt.date(2023, 9, 1), dt.date(2024, 8, 31)


def year(due=dt.date(2024, 7, 1)) -> ReportingPeriod:
    return ReportingPeriod.objects.get_or_create(code="2023-2024", defaults=dict(
        kind="school_year", label="Année scolaire 2023-2024", start=YEAR_START, end=YEAR_END, due_date=due))[0]


def key_of(establishment) -> EstablishmentKey:
    fingerprint = hashlib.sha256(f"key-{establishment.pk}".encode()).hexdigest()
    return EstablishmentKey.objects.get_or_create(establishment=establishment, fingerprint=fingerprint,
                                                  defaults={"public_key": "A" * 44})[0]


def cell(indicator, value, status="published", **breakdown):
    return {"indicator": indicator, "breakdown": breakdown, "value": None if status != "published" else float(value),
            "status": status}


def send(establishment, period, cells, *, sequence=1, received_at=None):
    report = store_report(payload={"schema_version": 1, "sequence": sequence, "cells": cells},
                          body_digest=uuid.uuid4().hex * 2, key=key_of(establishment), period=period,
                          idempotency_key=str(uuid.uuid4()), created=timezone.now())
    if received_at is not None:
        type(report).objects.filter(pk=report.pk).update(received_at=received_at)
    return report


def by_key(cells):
    return {(c.group, breakdown_key(c.breakdown)): c for c in cells}
