"""Storing an accepted report: its cells, which of them are current, and the import count.

As DHIS2's ``dataValueSets`` upserts on the natural key, a report replaces, indicator by
indicator, the cells of the establishment's earlier reports for the same period; the earlier
cells stay as history with ``current`` false. A report older (lower sequence) than the one
already current for an indicator is kept but changes nothing: its cells count as ignored. The
pre-aggregated roll-ups follow in the same transaction (:mod:`.rollup_totals`).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction

from fiches.models import Establishment
from plugins.reports import breakdown_key

from . import rollup_totals
from .models import EstablishmentKey, ReceivedReport, ReportCell, ReportingPeriod


@transaction.atomic(savepoint=False)
def store_report(*, payload: dict, body_digest: str, key: EstablishmentKey, period: ReportingPeriod,
                 idempotency_key: str, created: dt.datetime) -> ReceivedReport:
    # One report of an establishment at a time, whichever of its keys signed it: serialise on its row (FOR NO
    # KEY UPDATE, which rows referring to the establishment do not wait for). Whether it reported for the
    # period before (if not, there is nothing to replace nor to supersede: two queries fewer for a first
    # report) is read once the lock is held, in a statement of its own: under READ COMMITTED a statement sees
    # what was committed before it began, so read in the locking statement it missed the report stored by
    # the request that held the lock, and two reports at once both stayed current. The establishment itself is
    # read by the locking statement (the row as the lock holder left it): the one its key brought was read
    # before, and a report that waited for the establishment's move to another bassin, département or
    # académie added its figures to the units it had left.
    establishment = Establishment.objects.select_for_update(no_key=True).get(pk=key.establishment_id)
    earlier = ReceivedReport.objects.filter(establishment=establishment, period=period).exists()
    sequence = payload["sequence"]
    current = ReportCell.objects.filter(establishment=establishment, period=period, current=True)
    current_sequence, current_keys, current_cells = {}, defaultdict(set), []
    for indicator, key_text, cell_sequence, value, status in current.values_list(
            "indicator", "breakdown_key", "report__sequence", "value", "status") if earlier else ():
        current_sequence[indicator] = max(cell_sequence, current_sequence.get(indicator, 0))
        current_keys[indicator].add(key_text)
        current_cells.append((indicator, period.pk, key_text, value, status))

    count = {"imported": 0, "updated": 0, "ignored": 0}
    replaced, cells = set(), []
    for cell in payload["cells"]:
        indicator, cell_key = cell["indicator"], breakdown_key(cell["breakdown"])
        newer = current_sequence.get(indicator, 0) <= sequence
        if not newer:
            count["ignored"] += 1
        elif cell_key in current_keys[indicator]:
            count["updated"] += 1
        else:
            count["imported"] += 1
        if newer and indicator in current_sequence:
            replaced.add(indicator)
        cells.append(ReportCell(establishment=establishment, period=period, indicator=indicator,
                                breakdown=cell["breakdown"], breakdown_key=cell_key, value=cell["value"],
                                status=cell["status"], current=newer))
    report = ReceivedReport.objects.create(
        establishment=establishment, period=period, idempotency_key=idempotency_key,
        schema_version=payload["schema_version"], payload=payload, body_digest=body_digest, key=key,
        created_at=created, sequence=sequence, import_count=count,
    )
    if replaced:
        current.filter(indicator__in=replaced).update(current=False)
    for cell in cells:
        cell.report = report
    ReportCell.objects.bulk_create(cells)
    rollup_totals.report_stored(
        establishment, rollup_totals.network_ids(establishment.pk),
        added=[(c.indicator, period.pk, c.breakdown_key, c.value, c.status) for c in cells if c.current],
        removed=[cell for cell in current_cells if cell[0] in replaced])
    if earlier:
        ReceivedReport.objects.filter(
            establishment=establishment, period=period, superseded_by__isnull=True, sequence__lte=sequence,
        ).exclude(pk=report.pk).update(superseded_by=report)
    return report
