"""Building, on an establishment node, the report that may leave it (DESIGN.md §9).

The enabled plugins compute their raw tables (hook ``compute_indicators``); the cells already sent
for this establishment (the outbox's history, any period) are read back as what an attacker
knows; :func:`plugins.disclosure.suppression.protect` then decides each cell's status. A cell sent
earlier is a known constraint when the records still give the value that was sent; when a
correction changes a cell of the same period by fewer records than the threshold, the new value
is withheld (the difference would single the corrected records out). A cell sent for another
period whose records have changed since is left out of the audit (its value no longer matches
today's records; see docs/indicators.md).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .disclosure.policy import policy_for
from .disclosure.suppression import Target, protect
from .enablement import call_hook_for
from .reports import IndicatorReport, IndicatorTable, IndicatorValue, ReportingPeriod, TableCell


@dataclass
class PreparedReport:
    """The report ready to send, and the small groups earlier reports had already revealed."""

    report: IndicatorReport
    already_disclosed: list[Target] = field(default_factory=list)


def reporting_periods(establishment) -> list[ReportingPeriod]:
    """The periods the establishment's enabled plugins report on, earliest first, a year before its terms."""
    found = {period.code: period for periods in call_hook_for(establishment, "reporting_periods") for period in periods}
    return sorted(found.values(), key=lambda period: (period.start, -period.end.toordinal(), period.code))


def raw_cells(establishment, period: ReportingPeriod) -> tuple[list[TableCell], list]:
    """Every enabled plugin's cells for the period, and their definitions."""
    tables: list[IndicatorTable] = call_hook_for(establishment, "compute_indicators", period=period)
    cells = [cell for table in tables for cell in table.cells]
    definitions = [definition for table in tables for definition in table.definitions]
    return cells, definitions


def build_report(establishment, period: ReportingPeriod, history: Iterable[IndicatorReport] = ()) -> PreparedReport | None:
    """The protected report of ``establishment`` for ``period``, or ``None`` when no plugin reports on it."""
    cells, definitions = raw_cells(establishment, period)
    if not cells:
        return None
    policy = policy_for(establishment)
    by_key = {cell.key: index for index, cell in enumerate(cells) if cell.is_count}
    recomputed = {period.code: {cell.key: cell for cell in cells}}
    known, forced = [], set()
    for sent in history:
        if sent.period.code not in recomputed:
            recomputed[sent.period.code] = {cell.key: cell for cell in raw_cells(establishment, sent.period)[0]}
        for value in sent.values:
            cell = recomputed[sent.period.code].get(value.key)
            if value.suppressed or cell is None or not cell.is_count:
                continue
            if cell.count == value.value:
                known.append(cell.units)
            elif sent.period.code == period.code and policy.is_small(abs(cell.count - round(value.value))):
                forced.add(by_key[value.key])
    return protected_report(establishment, period, cells, definitions, known, forced)


def protected_report(establishment, period: ReportingPeriod, cells: list[TableCell], definitions, known=(),
                     forced=frozenset()) -> PreparedReport:
    """Suppress ``cells`` under the establishment's policy; only values and statuses remain."""
    protection = protect(cells, list(known), policy_for(establishment), set(forced))
    values = tuple(
        IndicatorValue(cell.code, dict(cell.breakdown), None if status.secret else _value(cell), status)
        for index, cell in enumerate(cells) if (status := protection.statuses.get(index)) is not None
    )
    report = IndicatorReport(establishment.uai or "", period, values, tuple(definitions))
    return PreparedReport(report, protection.already_disclosed)


def _value(cell: TableCell) -> float:
    return float(cell.count) if cell.is_count else float(cell.value)
