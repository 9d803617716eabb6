"""Everything one dashboard shows for a scope, a period and an indicator."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from fiches.models import Academie

from ..models import Network
from . import source
from .access import Scope
from .tables import Cell, Row, Table, breakdown_label, departement_label, map_data, table

ESTABLISHMENT_ROWS_ON_PAGE = 200  # scopes of more establishments have their rows in the exports only
EVOLUTION_PERIODS = 6


@dataclass
class Dashboard:
    scope: Scope
    periods: list = field(default_factory=list)
    period: object = None
    indicators: list[tuple[str, str]] = field(default_factory=list)
    indicator: str = ""
    label: str = ""
    unit: str = ""
    total: Cell | None = None
    tables: list[Table] = field(default_factory=list)
    departements: Table | None = None
    exports_only: list[Table] = field(default_factory=list)
    establishments_elsewhere: bool = False  # too many establishments: their table is in the exports
    expected_rows: list = field(default_factory=list)
    rates: object = None

    @property
    def map_data(self) -> str:
        return map_data(self.departements) if self.departements else "{}"

    @property
    def map_has_values(self) -> bool:
        """Some département is published: a map of none draws only its legend (« ∞ », « -∞ »)."""
        return bool(self.departements) and any(row.code and not row.cell.secret for row in self.departements.rows)

    @property
    def has_data(self) -> bool:
        return self.total is not None

    def all_tables(self) -> list[Table]:
        """Every table the exports hold: the page's, and the establishments' when too many to show."""
        return self.tables + self.exports_only


def _choice(items, wanted, key):
    return next((item for item in items if key(item) == wanted), items[0] if items else None)


def build(scope: Scope, period_code: str = "", indicator: str = "", *, for_export: bool = False) -> Dashboard:
    """The dashboard; the establishments' table of a scope too large to show it is computed only
    ``for_export``."""
    dashboard = Dashboard(scope)
    dashboard.periods = source.periods_with_data(scope)
    dashboard.period = period = _choice(dashboard.periods, period_code, lambda p: p.code)
    if period is None:
        return dashboard
    codes = source.indicators_reported(scope, period)
    dashboard.indicators = [(code, source.label_of(code)) for code in codes]
    dashboard.indicator = code = _choice(codes, indicator, lambda c: c) or ""
    if not code:
        return dashboard
    definition = source.definitions().get(code)
    dashboard.label, dashboard.unit = source.label_of(code), str(getattr(definition, "unit", ""))
    top = source.figures(code, period, scope.top_level, scope)
    totals = [cell for cell in top if not cell.breakdown]
    dashboard.total = Cell.of(totals[0]) if totals else None
    breakdown = [Row(breakdown_label(c.breakdown), Cell.of(c)) for c in top if c.breakdown]
    if breakdown:
        dashboard.tables.append(Table("ventilation", _("%(label)s — ventilation, %(scope)s")
                                      % {"label": dashboard.label, "scope": scope.title}, _("Ventilation"),
                                      "breakdown", breakdown, dashboard.label))
    too_many = scope.establishment_ids is None or len(scope.establishment_ids) > ESTABLISHMENT_ROWS_ON_PAGE
    for level in scope.levels:
        if level == "establishment" and too_many:
            dashboard.establishments_elsewhere = True
            if not for_export:
                continue
        _add_level(dashboard, level, code, period)
    dashboard.tables.append(_evolution(dashboard, code))
    dashboard.expected_rows, dashboard.rates = source.reporting_rates(scope, period, _academie_ids(scope))
    return dashboard


def _add_level(dashboard: Dashboard, level: str, code: str, period) -> None:
    scope, label = dashboard.scope, dashboard.label

    def caption(by):
        return _("%(label)s %(by)s — %(scope)s, %(period)s") % {
            "label": label, "by": by, "scope": scope.title, "period": period.label}

    if level == "departement":
        dashboard.departements = table("departements", caption(_("par département")), _("Département"), level,
                                       source.figures(code, period, level, scope), departement_label, series_name=label)
        dashboard.tables.append(dashboard.departements)
    elif level == "bassin":
        dashboard.tables.append(table("bassins", caption(_("par bassin")), _("Bassin"), level,
                                      source.figures(code, period, level, scope),
                                      lambda name: name or _("bassin non renseigné"), series_name=label))
    elif level == "academie":
        names = dict(Academie.objects.values_list("code", "name"))
        dashboard.tables.append(table("academies", caption(_("par académie")), _("Académie"), level,
                                      source.figures(code, period, level, scope),
                                      lambda c: names.get(c, c), series_name=label))
    elif level == "network":
        rows = []
        for name, cells in sorted(source.figures_by_network(code, period, scope, _networks_of(scope)).items()):
            rows += [Row(name, Cell.of(cell)) for cell in cells if not cell.breakdown]
        if rows:
            dashboard.tables.append(Table("reseaux", caption(_("par réseau")), _("Réseau"), level, rows, label))
    elif level == "establishment":
        names = source.establishment_labels(scope)
        established = table("etablissements", caption(_("par établissement")), _("Établissement"), level,
                            source.figures(code, period, level, scope), lambda pk: names.get(pk, pk), series_name=label)
        (dashboard.exports_only if dashboard.establishments_elsewhere else dashboard.tables).append(established)


def _evolution(dashboard: Dashboard, code: str) -> Table:
    scope = dashboard.scope
    rows = []
    periods = sorted(dashboard.periods[:EVOLUTION_PERIODS], key=lambda p: p.start)
    figures = source.figures_over(code, periods, scope.top_level, scope)
    for period in periods:
        totals = [c for c in figures[period.pk] if not c.breakdown]
        if totals:
            rows.append(Row(period.label, Cell.of(totals[0]), period.code))
    return Table("evolution", _("%(label)s — évolution, %(scope)s") % {"label": dashboard.label, "scope": scope.title},
                 _("Période"), "period", rows, dashboard.label)


def _networks_of(scope: Scope) -> dict[int, str]:
    """The académie's networks, id: name (their figures count their members within the académie)."""
    return dict(Network.objects.filter(academie__code=scope.key).values_list("pk", "name"))


def _academie_ids(scope: Scope) -> set[int] | None:
    if scope.kind == "academie":
        return set(Academie.objects.filter(code=scope.key).values_list("pk", flat=True))
    if scope.kind == "network":
        academie_id = Network.objects.filter(slug=scope.key).values_list("academie_id", flat=True).first()
        return {academie_id} if academie_id else None
    return None
