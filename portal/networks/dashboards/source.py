"""The figures of a dashboard, read through the indicators app: its roll-ups (which re-apply
suppression) and its completeness rates. This module is the only one that calls them.

A dashboard's scope is an académie, a network or the nation, which the indicators' pre-aggregated
table holds: each table or chart is one roll-up, one query, whatever the number of establishments."""
from __future__ import annotations

from collections import defaultdict

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fiches.models import Establishment
from plugins.manager import gather_lists
from portal.indicators.completeness import scope_rates
from portal.indicators import rollup_totals
from portal.indicators.models import ExpectedReport, ReceivedReport, ReportingPeriod
from portal.indicators.rollups import Unit, reported_indicators, rollup, rollup_periods
from portal.indicators.rollups import establishment_labels as rollup_labels

from .access import Scope


def definitions() -> dict[str, object]:
    """Indicator definitions the plugins declare, by code (label, unit, aggregation)."""
    return {definition.code: definition for definition in gather_lists("register_indicators")}


def _within(queryset, scope: Scope):
    """Rows of the scope's establishments: by académie when the scope is one (a join, not a long list)."""
    if scope.academie_id is not None:
        return queryset.filter(establishment__academie_id=scope.academie_id)
    if scope.establishment_ids is not None:
        return queryset.filter(establishment_id__in=scope.establishment_ids)
    return queryset


def periods_with_data(scope: Scope) -> list[ReportingPeriod]:
    """Periods for which the scope's establishments sent reports, most recent first."""
    reports = _within(ReceivedReport.objects.all(), scope)
    return list(ReportingPeriod.objects.filter(pk__in=reports.values("period_id")).order_by("-start"))


def indicators_reported(scope: Scope, period: ReportingPeriod) -> list[str]:
    return reported_indicators(period, _unit(scope))


def data_version(scope: Scope) -> tuple:
    """Changes whenever a figure of the scope's dashboards may change: a report received, a report
    expected, the scope's members, the roll-up table's last change (an establishment moved to another
    bassin, a network joined or left), the day (an awaited report becomes missing after its due date)."""
    return (ReceivedReport.objects.aggregate(Max("pk"))["pk__max"], ExpectedReport.objects.aggregate(Max("pk"))["pk__max"],
            hash(scope.establishment_ids), rollup_totals.last_change(), timezone.localdate().isoformat())


def _unit(scope: Scope) -> Unit | None:
    if scope.kind == "academie":
        return Unit("academie", scope.academie_id)
    if scope.kind == "network":
        return Unit("network", scope.network_id)
    return None


def figures(indicator: str, period: ReportingPeriod, level: str, scope: Scope):
    """Roll-up cells of ``indicator`` by ``level`` within the scope (suppression re-applied); at the
    establishment level, a group is an establishment's id, and only its total is read (all a table shows)."""
    return rollup(indicator, period, level, _unit(scope), totals_only=level == "establishment")


def figures_over(indicator: str, periods: list[ReportingPeriod], level: str, scope: Scope) -> dict[int, list]:
    """``figures`` for several periods at once, by period id."""
    return rollup_periods(indicator, periods, level, _unit(scope))


def figures_by_network(indicator: str, period: ReportingPeriod, scope: Scope, networks: dict[int, str]
                       ) -> dict[str, list]:
    """Each of ``networks`` (id: name) as one group, its members within the scope, by network name."""
    by_name = defaultdict(list)
    for cell in rollup(indicator, period, "network", _unit(scope)):
        if int(cell.group) in networks:
            by_name[networks[int(cell.group)]].append(cell)
    return dict(by_name)


def establishment_labels(scope: Scope) -> dict[str, str]:
    """« name (UAI) » of the scope's establishments, by id as establishment-level roll-up groups name them."""
    unit = _unit(scope)
    return rollup_labels(unit if unit else Establishment.objects.values("pk"))


MISSING_LISTED = 200


def reporting_rates(scope: Scope, period: ReportingPeriod, academie_ids: set[int] | None):
    """Completeness of the period in the scope: its rates, and the expected reports not received yet."""
    within = Q() if academie_ids is None else Q(establishment__academie_id__in=academie_ids)
    if scope.academie_id is None and scope.establishment_ids is not None:
        within &= Q(establishment_id__in=scope.establishment_ids)
    return scope_rates(period, within, scope.title, MISSING_LISTED)


def label_of(code: str) -> str:
    definition = definitions().get(code)
    return str(definition.label) if definition else _("Indicateur %(code)s") % {"code": code}
