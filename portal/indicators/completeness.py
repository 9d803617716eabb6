"""Completeness of a period's reporting, as DHIS2's reporting rates: expected, received, on time, late, missing.

A report is expected from an establishment for a period (``ExpectedReport``); it is received when
the portal stored one (the first one counts for timeliness), on time when that was no later than
the period's due date. An expected report not received is missing once the due date has passed,
awaited before.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ExpectedReport, ReceivedReport, ReportingPeriod

ON_TIME, LATE, MISSING, AWAITED = "on_time", "late", "missing", "awaited"
STATE_LABELS = {ON_TIME: _("reçu à temps"), LATE: _("reçu en retard"), MISSING: _("manquant"), AWAITED: _("attendu")}


@dataclass(frozen=True)
class ExpectedRow:
    establishment: object
    state: str
    received_at: dt.datetime | None

    @property
    def label(self):
        return STATE_LABELS[self.state]


@dataclass
class Rates:
    """Counts for one académie (or all): DHIS2's reporting rate and reporting rate on time."""

    name: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATE_LABELS, 0))

    @property
    def expected(self) -> int:
        return sum(self.counts.values())

    @property
    def received(self) -> int:
        return self.counts[ON_TIME] + self.counts[LATE]

    @property
    def rate(self) -> float | None:
        return round(100 * self.received / self.expected, 1) if self.expected else None

    @property
    def rate_on_time(self) -> float | None:
        return round(100 * self.counts[ON_TIME] / self.expected, 1) if self.expected else None


def state_of(period: ReportingPeriod, received_at: dt.datetime | None, today: dt.date) -> str:
    if received_at is None:
        return MISSING if period.due_date and today > period.due_date else AWAITED
    if period.due_date and timezone.localdate(received_at) > period.due_date:
        return LATE
    return ON_TIME


def completeness(period: ReportingPeriod, academie_ids: set[int] | None = None,
                 today: dt.date | None = None) -> tuple[list[ExpectedRow], list[Rates]]:
    """Per expected establishment, its state; per académie, the rates (``academie_ids`` limits both)."""
    today = today or timezone.localdate()
    expected = ExpectedReport.objects.filter(period=period).select_related("establishment__academie")
    if academie_ids is not None:
        expected = expected.filter(establishment__academie_id__in=academie_ids)
    first_received = dict(ReceivedReport.objects.filter(period=period, establishment__in=expected.values("establishment"))
                          .values_list("establishment").annotate(Min("received_at")))
    rows, rates = [], defaultdict(lambda: None)
    for item in expected.order_by("establishment__academie__name", "establishment__name"):
        establishment = item.establishment
        row = ExpectedRow(establishment, state_of(period, first_received.get(establishment.pk), today),
                          first_received.get(establishment.pk))
        rows.append(row)
        name = establishment.academie.name
        rates[name] = rates[name] or Rates(name)
        rates[name].counts[row.state] += 1
    return rows, list(rates.values())


def scope_rates(period: ReportingPeriod, within: Q, name: str, listed: int,
                today: dt.date | None = None) -> tuple[list[ExpectedRow], Rates]:
    """``completeness`` for the expected reports matching ``within``, counted in the database (three
    queries whatever the number of establishments), and the first ``listed`` not received yet."""
    today = today or timezone.localdate()
    expected = ExpectedReport.objects.filter(within, period=period)
    received = (ReceivedReport.objects.filter(period=period, establishment_id__in=expected.values("establishment_id"))
                .values("establishment_id").annotate(first=Min("received_at")).order_by())
    aggregates = {"received": Count("establishment_id")}
    if period.due_date:  # received after the due date's local day: at or after the next local midnight
        cutoff = timezone.make_aware(dt.datetime.combine(period.due_date + dt.timedelta(days=1), dt.time.min))
        aggregates["late"] = Count("establishment_id", filter=Q(first__gte=cutoff))
    counts = {"late": 0, **received.aggregate(**aggregates)}
    waiting = expected.exclude(establishment__received_reports__period=period)
    waiting_state = state_of(period, None, today)
    rates = Rates(name)
    rates.counts.update({ON_TIME: counts["received"] - counts["late"], LATE: counts["late"],
                         waiting_state: expected.count() - counts["received"]})
    rows = [ExpectedRow(item.establishment, waiting_state, None) for item in waiting.select_related(
        "establishment__academie").order_by("establishment__academie__name", "establishment__name")[:listed]]
    return rows, rates
