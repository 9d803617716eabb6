"""The indicator report model (DESIGN.md §9), stable across plugins.

Two shapes, on either side of the node's boundary:

* :class:`IndicatorTable` is what a plugin computes (hook ``compute_indicators``): each
  :class:`TableCell` holds the opaque local identifiers of the records it counts. It never
  leaves the establishment node; :mod:`plugins.disclosure` reads the identifiers to find which
  cells, differences and earlier reports could single a student out.
* :class:`IndicatorReport` is what may leave: per indicator and breakdown, a value and a
  disclosure status (published, primary secret, secondary secret, as INSEE's τ-Argus names
  them); a secret cell carries no value. :meth:`IndicatorReport.to_wire` gives the JSON body of
  docs/indicators.md (the outbox adds its sequence, creation time and plugin versions).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

REPORT_SCHEMA_VERSION = 1


class Aggregation(str, Enum):
    SUM = "sum"
    MEAN = "mean"
    RATE = "rate"


class CellStatus(str, Enum):
    PUBLISHED = "published"
    PRIMARY_SECRET = "primary_secret"
    SECONDARY_SECRET = "secondary_secret"

    @property
    def secret(self) -> bool:
        return self is not CellStatus.PUBLISHED


class PeriodKind(str, Enum):
    SCHOOL_YEAR = "school_year"
    TERM = "term"
    CAMPAIGN = "campaign"


@dataclass(frozen=True)
class ReportingPeriod:
    """A period reported on; codes follow :mod:`plugins.periods` so node and portal agree."""

    kind: PeriodKind
    code: str
    label: str
    start: dt.date
    end: dt.date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("a period ends after it starts")

    def contains(self, other: ReportingPeriod) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: ReportingPeriod) -> bool:
        return self.start <= other.end and other.start <= self.end


@dataclass(frozen=True)
class IndicatorDefinition:
    code: str
    label: str
    unit: str
    aggregation: Aggregation
    breakdowns: tuple[str, ...] = ()


def breakdown_key(breakdown: dict[str, str]) -> str:
    """Canonical string of a breakdown: ``""`` for the total, else ``k=v;k2=v2`` sorted by key."""
    return ";".join(f"{name}={breakdown[name]}" for name in sorted(breakdown))


@dataclass(frozen=True)
class TableCell:
    """One cell as computed on the node, before suppression.

    ``units`` are opaque identifiers, local to the node, of what the cell counts (``"case:12"``)
    or, for a rate, of who contributes to it. A count's value is ``len(units)``; a rate gives
    its ``value`` (``None`` without data). A cell with ``publish=False`` is never sent: it names a group that published
    cells could reveal by difference (students identified by neither the GPDS nor themselves),
    so the suppression protects it like any other.
    """

    code: str
    breakdown: dict[str, str]
    units: frozenset[str]
    value: float | None = None
    publish: bool = True
    rate: bool = False

    @property
    def is_count(self) -> bool:
        return not self.rate

    @property
    def count(self) -> int:
        return len(self.units)

    @property
    def key(self) -> tuple[str, str]:
        return self.code, breakdown_key(self.breakdown)


@dataclass(frozen=True)
class IndicatorTable:
    """A plugin's raw cells for one establishment and period (never leaves the node)."""

    period: ReportingPeriod
    definitions: tuple[IndicatorDefinition, ...]
    cells: tuple[TableCell, ...]


@dataclass(frozen=True)
class IndicatorValue:
    code: str
    breakdown: dict[str, str] = field(default_factory=dict)
    value: float | None = None
    status: CellStatus = CellStatus.PUBLISHED

    def __post_init__(self):
        if self.status.secret and self.value is not None:
            raise ValueError("a suppressed cell carries no value")
        if not self.status.secret and self.value is None:
            raise ValueError("a published cell carries a value")

    @property
    def suppressed(self) -> bool:
        return self.status.secret

    @property
    def breakdown_key(self) -> str:
        return breakdown_key(self.breakdown)

    @property
    def key(self) -> tuple[str, str]:
        return self.code, self.breakdown_key


@dataclass(frozen=True)
class IndicatorReport:
    establishment_uai: str
    period: ReportingPeriod
    values: tuple[IndicatorValue, ...]
    definitions: tuple[IndicatorDefinition, ...] = ()
    schema_version: int = REPORT_SCHEMA_VERSION

    def to_wire(self) -> dict:
        """The report as JSON data (docs/indicators.md), without the outbox's own fields."""
        return {
            "schema_version": self.schema_version,
            "establishment": self.establishment_uai,
            "period": {"code": self.period.code, "kind": self.period.kind.value,
                       "start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "definitions": [
                {"code": d.code, "label": str(d.label), "unit": str(d.unit), "aggregation": d.aggregation.value,
                 "breakdowns": list(d.breakdowns)}
                for d in self.definitions
            ],
            "cells": [
                {"indicator": v.code, "breakdown": dict(v.breakdown), "value": v.value, "status": v.status.value}
                for v in self.values
            ],
        }

    @classmethod
    def from_wire(cls, data: dict) -> IndicatorReport:
        """A report read back from its JSON data (a sent report in the outbox); extra fields are ignored."""
        period = data["period"]
        return cls(
            establishment_uai=data["establishment"],
            period=ReportingPeriod(PeriodKind(period["kind"]), period["code"], period.get("label", period["code"]),
                                   dt.date.fromisoformat(period["start"]), dt.date.fromisoformat(period["end"])),
            values=tuple(IndicatorValue(c["indicator"], dict(c["breakdown"]), c["value"], CellStatus(c["status"]))
                         for c in data["cells"]),
            definitions=tuple(IndicatorDefinition(d["code"], d["label"], d["unit"], Aggregation(d["aggregation"]),
                                                  tuple(d["breakdowns"])) for d in data.get("definitions", ())),
            schema_version=data.get("schema_version", REPORT_SCHEMA_VERSION),
        )
