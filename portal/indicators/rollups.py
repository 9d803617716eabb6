"""Roll-ups of the establishments' current cells by bassin, département, académie, network or nation.

The portal holds only what nodes published: a secret cell reached it without a value. So a
group's cell is the sum (or, for a rate, the mean of the establishments' rates) of its
contributions when every one is published; a group with a secret contribution is withheld
(secondary secret) instead of showing a partial sum. A group below the threshold is a primary
secret, and :mod:`.rollup_suppression` adds complementary secrets so that no withheld group is a
difference of published ones (docs/indicators.md, « Roll-ups »). Suppression is applied on every
read, whatever the sums come from.

The sums come from the pre-aggregated table (:mod:`.rollup_totals`, DHIS2's analytics tables) when
the scope is one the table holds: the nation (``scope=None``), an académie or a network
(:class:`Unit`); one small query then answers any number of periods. Any other scope (a set or a
queryset of establishment ids) and the establishment level are summed from the cells in one
grouped query, cached until the next report for the period arrives (or ten minutes).

``rollup(indicator, period, level, scope)`` is the API other apps use, ``rollup_periods`` the same
over several periods; no app needs to import another's models. At the establishment level a group
is the establishment's id (several establishments may have no UAI).
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, F, Max, Q, QuerySet, Sum

from fiches.models import Academie, Establishment
from plugins.disclosure.policy import threshold
from plugins.manager import gather_lists
from plugins.reports import Aggregation, CellStatus

from . import rollup_totals
from .models import ReceivedReport, ReportCell, ReportingPeriod
from .rollup_suppression import protect_groups

CACHE_SECONDS = 600
LEVELS = {
    "establishment": "establishment_id",
    "bassin": "establishment__bassin",
    "departement": "establishment__departement",
    "academie": "establishment__academie_id",  # named by code below, without joining the académies
    "network": None,
    "nation": None,
}


@dataclass(frozen=True)
class Unit:
    """A scope the pre-aggregated table holds: the establishments of an académie or of a network."""

    kind: str  # "academie" or "network"
    pk: int

    def establishments(self) -> QuerySet:
        """Their ids, as a subquery (a network's members through the networks app's reverse relation)."""
        field = "academie_id" if self.kind == "academie" else "network_links__network_id"
        return Establishment.objects.filter(**{field: self.pk}).values("pk")


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


def current_cells(indicator: str, period: ReportingPeriod, scope: Iterable[int] | Unit | None = None):
    cells = ReportCell.objects.filter(indicator=indicator, current=True, period=period)
    if scope is None:
        return cells
    if isinstance(scope, Unit):
        scope = scope.establishments()
    # A queryset of ids stays a subquery; any other iterable becomes a literal list.
    return cells.filter(establishment_id__in=scope if isinstance(scope, QuerySet) else list(scope))


def establishment_labels(establishments) -> dict[str, str]:
    """« name (UAI) », or the name alone, by id as establishment-level groups name them; ``establishments``
    is a :class:`Unit`, ids or a queryset of ids."""
    chosen = Establishment.objects.filter(pk__in=establishments.establishments() if isinstance(establishments, Unit)
                                          else establishments)
    return {str(pk): f"{name} ({uai})" if uai else name for pk, name, uai in chosen.values_list("pk", "name", "uai")}


def rollup(indicator: str, period: ReportingPeriod | str, level: str, scope: Iterable[int] | Unit | None = None,
           *, limit: int | None = None, totals_only: bool = False) -> list[RollupCell]:
    """One cell per group and breakdown, with its status; ``limit`` overrides the académies' thresholds;
    ``totals_only`` keeps the groups' totals (at the establishment level, only they are read)."""
    if isinstance(period, str):
        period = ReportingPeriod.objects.filter(code=period).first()
        if period is None:
            return []
    return rollup_periods(indicator, [period], level, scope, limit=limit, totals_only=totals_only)[period.pk]


def rollup_periods(indicator: str, periods: list[ReportingPeriod], level: str,
                   scope: Iterable[int] | Unit | None = None, *, limit: int | None = None,
                   totals_only: bool = False) -> dict[int, list[RollupCell]]:
    """``rollup`` for each period, by period id: one query in all when the table holds the scope."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")
    if in_table(level, scope):
        result = _from_table(indicator, periods, level, scope, limit)
    else:  # no suppression at the establishment level: its totals can be read alone
        only = totals_only and level == "establishment"
        result = {period.pk: _cached(indicator, period, level, scope, limit, only) for period in periods}
    if totals_only:
        result = {pk: [cell for cell in cells if not cell.breakdown] for pk, cells in result.items()}
    return result


def in_table(level: str, scope) -> bool:
    """Whether the pre-aggregated table answers this level within this scope."""
    if level == "establishment" or not (scope is None or isinstance(scope, Unit)):
        return False
    return scope is None or (scope.kind == "academie" and level != "nation") or level == "network"


def reported_indicators(period: ReportingPeriod, scope: Unit | None) -> list[str]:
    """Codes of the indicators whose total some establishment of the scope reported for the period."""
    return rollup_totals.stored_indicators(period.pk, "network" if scope and scope.kind == "network" else "academie",
                                           **_table_filter(scope))


def _table_filter(scope: Unit | None) -> dict:
    return {"academie_id": scope.pk if scope and scope.kind == "academie" else None,
            "unit": str(scope.pk) if scope and scope.kind == "network" else None}


def _from_table(indicator: str, periods, level: str, scope: Unit | None, limit: int | None):
    sums, academies = defaultdict(lambda: [0.0, 0, 0]), defaultdict(set)
    rows = rollup_totals.stored_sums(indicator, [period.pk for period in periods],
                                     "academie" if level == "nation" else level, **_table_filter(scope))
    for period_id, unit, academie_id, key, total, cells, secret in rows:
        group = "nation" if level == "nation" else unit
        entry = sums[(period_id, group, key)]
        entry[0] += float(total)
        entry[1] += cells
        entry[2] += secret
        academies[(period_id, group)].add(academie_id)
    codes = dict(Academie.objects.values_list("pk", "code")) if sums else {}
    name = (lambda unit: codes.get(int(unit), unit)) if level == "academie" else str
    by_period = defaultdict(list)
    for (period_id, group, key), (total, cells, secret) in sums.items():
        by_period[period_id].append((name(group), key, total, cells, secret))
    result = {}
    for period in periods:
        limits = defaultdict(lambda: limit) if limit is not None else defaultdict(threshold, {
            name(group): max(threshold(codes.get(pk)) for pk in ids)
            for (period_id, group), ids in academies.items() if period_id == period.pk})
        result[period.pk] = _finish(by_period[period.pk], level, limits, aggregation_of(indicator))
    return result


def _cached(indicator: str, period: ReportingPeriod, level: str, scope, limit: int | None, totals_only: bool):
    """The roll-up of the cells, its grouped rows cached as plain tuples: an académie's establishments are
    thousands of rows, and pickling them as cells cost more than the query."""
    if isinstance(scope, Unit):
        key_scope, scope = [scope.kind, scope.pk], scope.establishments()
    else:
        key_scope = None if scope is None else sorted(scope)
    received = ReceivedReport.objects.filter(period=period).aggregate(last=Max("pk"), n=Count("pk"))
    key = "indicators-rollup:" + hashlib.sha256(json.dumps(
        [indicator, period.pk, level, key_scope, limit, totals_only, received["last"], received["n"]]).encode()).hexdigest()
    cached = cache.get(key)
    if cached is None:
        cached = _grouped(indicator, period, level, scope if isinstance(scope, QuerySet) else key_scope, limit,
                          totals_only)
        cache.set(key, cached, CACHE_SECONDS)
    raw, thresholds = cached
    limits = None
    if level != "establishment":
        limits = defaultdict(lambda: limit) if limit is not None else defaultdict(threshold, thresholds)
    return _finish(raw, level, limits, aggregation_of(indicator))


def _grouped(indicator: str, period: ReportingPeriod, level: str, scope, limit: int | None, totals_only: bool = False):
    """``(group, breakdown key, sum of published values, cells, secret cells)`` rows summed from the cells
    themselves in one grouped query, and each group's threshold (none at the establishment level or
    when ``limit`` overrides them)."""
    cells = current_cells(indicator, period, scope)
    if totals_only:
        cells = cells.filter(breakdown_key="")
    group_field = LEVELS[level]
    rows = (cells.annotate(group=F(group_field)) if group_field else cells).values_list(
        *(["group"] if group_field else []), "breakdown_key",
    ).annotate(
        total=Sum("value"), contributors=Count("id"), secret=Count("id", filter=~Q(status=CellStatus.PUBLISHED.value)),
    ).order_by()
    group_name = level if not group_field else None
    codes = dict(Academie.objects.values_list("pk", "code")) if level == "academie" else {}
    if group_field:
        raw = [(str(codes.get(group, group) or ""), key, total or 0, contributors, secret)
               for group, key, total, contributors, secret in rows]
    else:
        raw = [(group_name, key, total or 0, contributors, secret) for key, total, contributors, secret in rows]
    thresholds = None
    if level != "establishment" and limit is None:
        thresholds = dict(_thresholds(cells, LEVELS[level] if level != "academie" else "establishment__academie__code",
                                      group_name))
    return raw, thresholds


def _finish(rows, level: str, limits, aggregation: Aggregation) -> list[RollupCell]:
    """Cells of ``(group, breakdown key, sum of published values, cells, secret cells)`` rows: withheld
    when a contribution is secret, then suppression at this level (none at the establishments')."""
    rate = aggregation in (Aggregation.RATE, Aggregation.MEAN)
    result = []
    for group, key, total, contributors, secret in rows:
        status = CellStatus.SECONDARY_SECRET if secret else CellStatus.PUBLISHED
        value = None if secret else (total / contributors if rate else total)
        result.append(RollupCell(group, parse_breakdown(key), value, status, contributors))
    if level == "establishment":
        return sorted(result, key=lambda c: (c.group, c.breakdown_key))
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
