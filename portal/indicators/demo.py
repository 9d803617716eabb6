"""Demo reporting: the periods the académies declare and the reports they expect (embedded demo).

The periods are those of ``plugins.periods`` (the nodes use the same codes and dates). A report is
expected from every establishment that runs a reporting plugin, and from two other establishments
of the same académies, so that the completeness page shows missing reports too.
"""
from __future__ import annotations

import datetime as dt

from fiches.models import Establishment
from plugins import periods
from plugins.models import PluginActivation

from .models import ExpectedReport, ReportingPeriod

DEMO_YEAR = "2023-2024"
OTHERS_PER_ACADEMIE = 2


def declare_period(period, due_date: dt.date) -> ReportingPeriod:
    declared, _created = ReportingPeriod.objects.update_or_create(code=period.code, defaults={
        "kind": period.kind.value, "label": period.label, "start": period.start, "end": period.end, "due_date": due_date,
    })
    return declared


def load_demo_reporting() -> tuple[ReportingPeriod, int]:
    """Declare the demo school year and its terms; expect the year's report; return it and the count expected."""
    year = periods.school_year(DEMO_YEAR)
    declared = declare_period(year, year.end.replace(month=7, day=15))
    for term in periods.terms(DEMO_YEAR):
        declare_period(term, term.end + dt.timedelta(days=15))
    reporting = Establishment.objects.filter(pk__in=PluginActivation.objects.filter(enabled=True).values("establishment_id"))
    expected = set(reporting)
    for academie_id in {e.academie_id for e in reporting}:
        others = (Establishment.objects.filter(academie_id=academie_id).exclude(pk__in=[e.pk for e in reporting])
                  .order_by("name")[:OTHERS_PER_ACADEMIE])
        expected.update(others)
    for establishment in expected:
        ExpectedReport.objects.get_or_create(establishment=establishment, period=declared)
    return declared, len(expected)
