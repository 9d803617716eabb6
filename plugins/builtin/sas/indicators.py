"""The SAS indicators pushed back to the network (seed 000, DESIGN.md §9), aggregated and suppressed."""
from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from plugins.reports import Aggregation, IndicatorDefinition, IndicatorReport, IndicatorValue

from .absenteeism import absenteeism_rates
from .models import Attendance, Campaign, Evaluation, StudentCase
from .satisfaction import satisfaction_rates
from .states import State
from .suppression import suppressed_keys, threshold

IDENTIFIED = "sas.students_identified"
TAKEN_IN_CHARGE = "sas.students_taken_in_charge"
SPONTANEOUS = "sas.spontaneous_applications"
WITHDRAWN = "sas.students_withdrawn"
ATTENDANCE_RATE = "sas.attendance_rate"
OUTCOMES = "sas.outcomes"
ABSENTEEISM = "sas.absenteeism"
SATISFACTION = "sas.satisfaction"

DEFINITIONS = (
    IndicatorDefinition(IDENTIFIED, _("Élèves repérés"), "élèves", Aggregation.SUM, ("level", "sex")),
    IndicatorDefinition(TAKEN_IN_CHARGE, _("Élèves pris en charge"), "élèves", Aggregation.SUM, ("level", "sex")),
    IndicatorDefinition(SPONTANEOUS, _("Candidatures spontanées"), "élèves", Aggregation.SUM),
    IndicatorDefinition(WITHDRAWN, _("Élèves sortis du dispositif"), "élèves", Aggregation.SUM),
    IndicatorDefinition(ATTENDANCE_RATE, _("Taux de présence aux ateliers"), "%", Aggregation.RATE),
    IndicatorDefinition(OUTCOMES, _("Issues après le bilan"), "élèves", Aggregation.SUM, ("outcome",)),
    IndicatorDefinition(ABSENTEEISM, _("Taux d'absentéisme avant et après le programme (demi-journées)"), "%",
                        Aggregation.RATE, ("period",)),
    IndicatorDefinition(SATISFACTION, _("Réponses satisfaites aux questionnaires"), "%", Aggregation.RATE, ("audience",)),
)

TAKEN_STATES = (State.IN_PROGRAMME, State.EVALUATED, State.CLOSED)


def _counts(code: str, queryset, field: str | None, limit: int) -> list[IndicatorValue]:
    """One total (or one cell per value of ``field``), with small cells suppressed."""
    if field is None:
        total = queryset.count()
        return [IndicatorValue(code, {}, None, True) if 0 < total < limit else IndicatorValue(code, {}, float(total))]
    counts = {row[field]: row["n"] for row in queryset.values(field).annotate(n=Count("pk")).order_by(field)}
    hidden = suppressed_keys(counts, limit)
    name = field.rsplit("__", 1)[-1]
    return [
        IndicatorValue(code, {name: key}, None, True) if key in hidden else IndicatorValue(code, {name: key}, float(n))
        for key, n in counts.items()
    ]


def compute_report(establishment, period_start: dt.date, period_end: dt.date) -> IndicatorReport | None:
    """The SAS report of ``establishment`` for campaigns whose programme overlaps the period."""
    cases = StudentCase.objects.filter(
        campaign__establishment=establishment,
        campaign__programme_start__lte=period_end, campaign__programme_end__gte=period_start,
    )
    if not cases.exists():
        return None
    limit = threshold()
    taken = cases.filter(state__in=TAKEN_STATES)
    values = [
        *_counts(IDENTIFIED, cases, None, limit),
        *_counts(IDENTIFIED, cases, "student__level", limit),
        *_counts(IDENTIFIED, cases, "student__sex", limit),
        *_counts(TAKEN_IN_CHARGE, taken, None, limit),
        *_counts(TAKEN_IN_CHARGE, taken, "student__level", limit),
        *_counts(TAKEN_IN_CHARGE, taken, "student__sex", limit),
        *_counts(SPONTANEOUS, cases.filter(referral__origin="spontaneous"), None, limit),
        *_counts(WITHDRAWN, cases.filter(state=State.WITHDRAWN), None, limit),
        *_counts(OUTCOMES, Evaluation.objects.filter(case__in=cases), "outcome", limit),
        _attendance_rate(cases, taken.count(), limit),
        *_rates(ABSENTEEISM, "period", absenteeism_rates(taken, limit)),
        *_rates(SATISFACTION, "audience", satisfaction_rates(Campaign.objects.filter(cases__in=cases).distinct(), limit)),
    ]
    return IndicatorReport(establishment.uai or "", period_start, period_end, tuple(values))


def _rates(code: str, breakdown: str, rates: dict[str, float | None]) -> list[IndicatorValue]:
    """One cell per key; ``None`` is a withheld rate."""
    return [IndicatorValue(code, {breakdown: key}, None, True) if rate is None else IndicatorValue(code, {breakdown: key}, rate)
            for key, rate in rates.items()]


def _attendance_rate(cases, students: int, limit: int) -> IndicatorValue:
    """Share of marks that are « present »; withheld when fewer than ``limit`` students are behind it."""
    marks = Attendance.objects.filter(case__in=cases)
    total = marks.count()
    if students < limit or total == 0:
        return IndicatorValue(ATTENDANCE_RATE, {}, None, True)
    present = marks.filter(status=Attendance.Status.PRESENT).count()
    return IndicatorValue(ATTENDANCE_RATE, {}, round(100 * present / total, 1))
