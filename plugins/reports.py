"""The indicator report model (DESIGN.md §9), stable across plugins.

An indicator definition has a code, a label, a unit and an aggregation rule; a
report names the establishment, the period, the schema version and, per
indicator and breakdown, a value or a "suppressed" marker.
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


@dataclass(frozen=True)
class IndicatorDefinition:
    code: str
    label: str
    unit: str
    aggregation: Aggregation
    breakdowns: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndicatorValue:
    code: str
    breakdown: dict[str, str] = field(default_factory=dict)
    value: float | None = None
    suppressed: bool = False

    def __post_init__(self):
        if self.suppressed and self.value is not None:
            raise ValueError("a suppressed cell carries no value")


@dataclass(frozen=True)
class IndicatorReport:
    establishment_uai: str
    period_start: dt.date
    period_end: dt.date
    values: tuple[IndicatorValue, ...]
    schema_version: int = REPORT_SCHEMA_VERSION
