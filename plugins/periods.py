"""The one convention for reporting periods, shared by establishment nodes and the portal.

A school year ``"2023-2024"`` runs from 1 September to 31 August; its three terms
``"2023-2024-t1"`` (September-December), ``-t2`` (January-March) and ``-t3`` (April-August)
cover it without gap. The portal declares its periods from these functions, so a node's report
names a period the portal knows, with the same dates.
"""
from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from .reports import PeriodKind, ReportingPeriod

SCHOOL_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


def _first_year(code: str) -> int:
    match = SCHOOL_YEAR.match(code)
    if not match or int(match[2]) != int(match[1]) + 1:
        raise ValueError(f"not a school year: {code!r} (expected e.g. 2023-2024)")
    return int(match[1])


def school_year(code: str) -> ReportingPeriod:
    first = _first_year(code)
    return ReportingPeriod(PeriodKind.SCHOOL_YEAR, code, _("Année scolaire %(year)s") % {"year": code},
                           dt.date(first, 9, 1), dt.date(first + 1, 8, 31))


def terms(code: str) -> list[ReportingPeriod]:
    first = _first_year(code)
    bounds = [(dt.date(first, 9, 1), dt.date(first, 12, 31)), (dt.date(first + 1, 1, 1), dt.date(first + 1, 3, 31)),
              (dt.date(first + 1, 4, 1), dt.date(first + 1, 8, 31))]
    return [
        ReportingPeriod(PeriodKind.TERM, f"{code}-t{n}", _("Trimestre %(n)s %(year)s") % {"n": n, "year": code}, start, end)
        for n, (start, end) in enumerate(bounds, start=1)
    ]


def school_year_of(day: dt.date) -> str:
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}-{first + 1}"
