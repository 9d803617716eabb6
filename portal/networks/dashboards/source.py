"""The figures of a dashboard, read through the indicators app: its roll-ups (which re-apply
suppression) and its completeness rates. This module is the only one that calls them."""
from __future__ import annotations

from django.utils.translation import gettext as _

from plugins.manager import gather_lists
from portal.indicators.completeness import Rates, completeness
from portal.indicators.models import ReportCell, ReportingPeriod
from portal.indicators.rollups import rollup

from .access import Scope


def definitions() -> dict[str, object]:
    """Indicator definitions the plugins declare, by code (label, unit, aggregation)."""
    return {definition.code: definition for definition in gather_lists("register_indicators")}


def periods_with_data(scope: Scope) -> list[ReportingPeriod]:
    """Periods for which the scope holds current cells, most recent first."""
    cells = ReportCell.objects.filter(current=True)
    if scope.establishment_ids is not None:
        cells = cells.filter(establishment_id__in=scope.establishment_ids)
    return list(ReportingPeriod.objects.filter(pk__in=cells.values("period_id").distinct()).order_by("-start"))


def indicators_reported(scope: Scope, period: ReportingPeriod) -> list[str]:
    cells = ReportCell.objects.filter(period=period, current=True, breakdown_key="")
    if scope.establishment_ids is not None:
        cells = cells.filter(establishment_id__in=scope.establishment_ids)
    return sorted(cells.values_list("indicator", flat=True).distinct())


def figures(indicator: str, period: ReportingPeriod, level: str, scope: Scope):
    """Roll-up cells of ``indicator`` by ``level`` within the scope (suppression re-applied)."""
    return rollup(indicator, period, level, scope.establishment_ids)


def figures_by_network(indicator: str, period: ReportingPeriod, networks) -> dict[str, list]:
    """The roll-up of each network (its member establishments) as one group, by network name."""
    return {network.name: rollup(indicator, period, "network", ids) for network, ids in networks}


def reporting_rates(scope: Scope, period: ReportingPeriod, academie_ids: set[int] | None):
    """Completeness of the period in the scope: the expected rows and their rates over the scope."""
    rows, _rates = completeness(period, academie_ids)
    if scope.establishment_ids is not None:
        inside = set(scope.establishment_ids)
        rows = [row for row in rows if row.establishment.pk in inside]
    rates = Rates(scope.title)
    for row in rows:
        rates.counts[row.state] += 1
    return rows, rates


def label_of(code: str) -> str:
    definition = definitions().get(code)
    return str(definition.label) if definition else _("Indicateur %(code)s") % {"code": code}
