"""Roll-ups of the establishments' current cells by bassin, département, académie, network or nation.

The portal holds only what nodes published: a secret cell reached it without a value. So a
group's cell is the sum (or, for a rate, the mean of the establishments' rates) of its
contributions when every one is published; a group with a secret contribution is withheld
(secondary secret) instead of showing a partial sum. A group below the threshold is a primary
secret, and :mod:`.rollup_suppression` adds complementary secrets so that no withheld group is a
difference of published ones (docs/indicators.md, « Roll-ups »). The sums run in the database:
one grouped query per call, cached until the next report for the period arrives (or ten minutes: a
change of an establishment's bassin shows after that), as DHIS2 serves its dashboards from
analytics tables refreshed after imports.

``rollup(indicator, period, level, scope)`` is the API other apps use; ``scope`` is a set of
establishment ids (a network's members) or a queryset of them, so that no app needs to import
another's models.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Avg, Count, F, Max, Q, QuerySet, Sum

from fiches.models import Academie
from plugins.disclosure.policy import threshold
from plugins.manager import gather_lists
from plugins.reports import Aggregation, CellStatus

from .models import ReceivedReport, ReportCell, ReportingPeriod
from .rollup_suppression import protect_groups

CACHE_SECONDS = 600
LEVELS = {
    "establishment": "establishment__uai",
    "bassin": "establishment__bassin",
    "departement": "establishment__departement",
    "academie": "establishment__academie_id",  # named by code below, without joining the académies
    "network": None,
    "nation": None,
}


@dataclass(frozen=True)
class RollupCell:
    group: str
    breakdown: dict[str, str]
    value: float | None
    status: CellStatus
    contributors: int = 0

    @property
    def breakdown_key(self) -> str:
        return ";".join(f"{k}={self.breakdown[k]}" for k in sorted(self.breakdown))


def aggregation_of(indicator: str) -> Aggregation:
    """The definition's aggregation rule (the portal runs the same plugins as the nodes); a sum if unknown."""
    for definition in gather_lists("register_indicators"):
        if definition.code == indicator:
            return definition.aggregation
    return Aggregation.SUM


def parse_breakdown(key: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in key.split(";")) if key else {}


def current_cells(indicator: str, period: ReportingPeriod, scope: Iterable[int] | None = None):
    cells = ReportCell.objects.filter(indicator=indicator, current=True, period=period)
    if scope is None:
        return cells
    # A queryset of ids stays a subquery; any other iterable becomes a literal list.
    return cells.filter(establishment_id__in=scope if isinstance(scope, QuerySet) else list(scope))


def rollup(indicator: str, period: ReportingPeriod | str, level: str, scope: Iterable[int] | None = None,
           *, limit: int | None = None) -> list[RollupCell]:
    """One cell per group and breakdown, with its status; ``limit`` overrides the académies' thresholds."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")
    if isinstance(period, str):
        period = ReportingPeriod.objects.filter(code=period).first()
        if period is None:
            return []
    ids = None if scope is None else sorted(scope)
    received = ReceivedReport.objects.filter(period=period).aggregate(last=Max("pk"), n=Count("pk"))
    key = "indicators-rollup:" + hashlib.sha256(json.dumps(
        [indicator, period.pk, level, ids, limit, received["last"], received["n"]]).encode()).hexdigest()
    cached = cache.get(key)
    if cached is None:
        cached = _rollup(indicator, period, level, scope if isinstance(scope, QuerySet) else ids, limit)
        cache.set(key, cached, CACHE_SECONDS)
    return cached


def _rollup(indicator: str, period: ReportingPeriod, level: str, scope, limit: int | None):
    cells = current_cells(indicator, period, scope)
    group_field = LEVELS[level]
    rate = aggregation_of(indicator) in (Aggregation.RATE, Aggregation.MEAN)
    rows = (cells.annotate(group=F(group_field)) if group_field else cells).values(
        *(["group"] if group_field else []), "breakdown_key",
    ).annotate(
        value=Avg("value") if rate else Sum("value"),
        contributors=Count("id"),
        secret=Count("id", filter=~Q(status=CellStatus.PUBLISHED.value)),
    ).order_by()
    group_name = level if not group_field else None
    codes = dict(Academie.objects.values_list("pk", "code")) if level == "academie" else {}
    result = []
    for row in rows:
        group = group_name or codes.get(row["group"], row["group"]) or ""
        status = CellStatus.SECONDARY_SECRET if row["secret"] else CellStatus.PUBLISHED
        value = None if status.secret else row["value"]
        result.append(RollupCell(group, parse_breakdown(row["breakdown_key"]), value, status, row["contributors"]))
    if level == "establishment":
        return sorted(result, key=lambda c: (c.group, c.breakdown_key))
    limits = _thresholds(cells, LEVELS[level] if level != "academie" else "establishment__academie__code", group_name) \
        if limit is None else defaultdict(lambda: limit)
    return protect_groups(result, limits, additive=not rate)


def _thresholds(cells, group_field: str | None, group_name: str | None) -> dict[str, int]:
    """Per group, the strictest threshold among the académies of its contributing establishments."""
    limits: dict[str, int] = defaultdict(threshold)
    pairs = (cells.annotate(group=F(group_field)).values_list("group", "establishment__academie__code").distinct()
             if group_field else ((group_name, code) for code in
                                  cells.values_list("establishment__academie__code", flat=True).distinct()))
    for group, code in pairs:
        limits[group or ""] = max(limits.get(group or "", 0), threshold(code))
    return limits
