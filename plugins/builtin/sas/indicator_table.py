"""The SAS cells of one establishment and period, before suppression (never leaves the node).

A case is in the period when its campaign's programme overlaps it. Each count cell holds the
local keys of the cases (``case:<pk>``) or messages (``message:<pk>``) it counts; every category
of a breakdown gets a cell, zero included, so the shape of the table reveals nothing.
"""
from __future__ import annotations

from itertools import product

from plugins.reports import IndicatorTable, ReportingPeriod, TableCell

from . import indicators as ind
from .absenteeism import absenteeism_rates
from .models import Attendance, Campaign, Evaluation, SasMembership, Student, StudentCase, ThreadMessage
from .satisfaction import satisfaction_rates
from .states import State

TAKEN_STATES = (State.IN_PROGRAMME, State.EVALUATED, State.CLOSED)
LEVELS = [value for value, _label in Student.Level.choices]
SEXES = [value for value, _label in Student.Sex.choices]


def _cases(rows: list[dict], keep) -> frozenset[str]:
    return frozenset(f"case:{row['pk']}" for row in rows if keep(row))


def _by_level_and_sex(code: str, rows: list[dict]) -> list[TableCell]:
    """The total, each level, each sex and each level × sex (a two-dimensional table with its margins)."""
    cells = [TableCell(code, {}, _cases(rows, lambda row: True))]
    cells += [TableCell(code, {"level": level}, _cases(rows, lambda row, l=level: row["student__level"] == l))
              for level in LEVELS]
    cells += [TableCell(code, {"sex": sex}, _cases(rows, lambda row, s=sex: row["student__sex"] == s)) for sex in SEXES]
    cells += [TableCell(code, {"level": level, "sex": sex},
                        _cases(rows, lambda row, l=level, s=sex: (row["student__level"], row["student__sex"]) == (l, s)))
              for level, sex in product(LEVELS, SEXES)]
    return cells


def _total(code: str, rows: list[dict], keep, publish: bool = True) -> TableCell:
    return TableCell(code, {}, _cases(rows, keep), publish=publish)


def compute_table(establishment, period: ReportingPeriod) -> IndicatorTable | None:
    """The cells of the cases whose campaign overlaps ``period``; ``None`` when no campaign does."""
    campaigns = Campaign.objects.filter(establishment=establishment, programme_start__lte=period.end,
                                        programme_end__gte=period.start)
    if not campaigns.exists():
        return None
    cases = StudentCase.objects.filter(campaign__in=campaigns)
    rows = list(cases.values("pk", "state", "student__level", "student__sex", "referral__origin", "evaluation__outcome"))
    taken = [row for row in rows if row["state"] in TAKEN_STATES]
    origin = lambda *origins: lambda row: row["referral__origin"] in origins  # noqa: E731
    outcome = lambda value: lambda row: row["evaluation__outcome"] == value  # noqa: E731
    cells = [
        *_by_level_and_sex(ind.IDENTIFIED, rows),
        *_by_level_and_sex(ind.TAKEN_IN_CHARGE, taken),
        _total(ind.SPONTANEOUS, rows, origin("spontaneous")),
        _total(ind.GPDS_SITUATIONS, rows, origin("gpds")),
        _total(ind.OTHER_ORIGINS, rows, lambda row: row["referral__origin"] not in ("spontaneous", "gpds"), publish=False),
        _total(ind.WITHDRAWN, rows, lambda row: row["state"] == State.WITHDRAWN),
        *[TableCell(ind.OUTCOMES, {"outcome": value}, _cases(rows, outcome(value)))
          for value, _label in Evaluation.Outcome.choices],
        _total(ind.RUPTURES, rows, outcome(Evaluation.Outcome.RUPTURE)),
        _total(ind.PAFI, rows, outcome(Evaluation.Outcome.PAFI)),
        _solicitations(establishment, cases),
        _attendance_rate(cases),
        *_rates(ind.ABSENTEEISM, "period", absenteeism_rates(cases.filter(state__in=TAKEN_STATES))),
        *_rates(ind.SATISFACTION, "audience", satisfaction_rates(campaigns)),
    ]
    return IndicatorTable(period, ind.DEFINITIONS, tuple(cells))


def _solicitations(establishment, cases) -> TableCell:
    """Follow-up messages written by the educational team (PP, CPE, teachers…) to the SAS coordination."""
    coordination = SasMembership.objects.filter(establishment=establishment, role=SasMembership.Role.COORDINATION)
    messages = ThreadMessage.objects.filter(case__in=cases).exclude(author__in=coordination.values("user"))
    return TableCell(ind.SOLICITATIONS, {}, frozenset(f"message:{pk}" for pk in messages.values_list("pk", flat=True)))


def _attendance_rate(cases) -> TableCell:
    """Share of the workshop marks that are « present »; the students marked contribute."""
    marks = list(Attendance.objects.filter(case__in=cases).values_list("case_id", "status"))
    rate = round(100 * sum(status == Attendance.Status.PRESENT for _case, status in marks) / len(marks), 1) if marks else None
    return TableCell(ind.ATTENDANCE_RATE, {}, frozenset(f"case:{case}" for case, _status in marks), rate, rate=True)


def _rates(code: str, breakdown: str, rates: dict[str, tuple[float | None, frozenset[str]]]) -> list[TableCell]:
    return [TableCell(code, {breakdown: key}, contributors, rate, rate=True)
            for key, (rate, contributors) in rates.items()]
