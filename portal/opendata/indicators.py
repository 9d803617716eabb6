"""The indicator figures the establishments sent, rolled up by académie, as the dashboards publish them.

Figures come from :func:`portal.indicators.rollups.rollup`, which re-applies small-cell and
complementary suppression: a cell under the statistical secret has no value in the file, only the
marker « secret statistique » and its status, never a number. Only the académie level is published:
adding national or département totals beside it could give a withheld académie cell by difference.
"""
from __future__ import annotations

from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from plugins.manager import gather_lists
from plugins.reports import CellStatus
from portal.indicators.models import ReceivedReport, ReportCell, ReportingPeriod
from portal.indicators.rollups import rollup

from .tables import Column, csv_bytes, table_schema

SECRET = "secret statistique"
LEVEL = "academie"
COLUMNS = (
    Column("periode", "string", _("Période"), _("Code de la période de remontée."), {"required": True}),
    Column("periode_libelle", "string", _("Libellé de la période")),
    Column("periode_type", "string", _("Type de période"), constraints={"enum": ["school_year", "term", "campaign"]}),
    Column("debut", "date", _("Début de la période")),
    Column("fin", "date", _("Fin de la période")),
    Column("indicateur", "string", _("Code de l'indicateur"), constraints={"required": True}),
    Column("libelle", "string", _("Libellé de l'indicateur")),
    Column("unite", "string", _("Unité")),
    Column("academie", "string", _("Académie"), _("Code de l'académie des établissements agrégés."),
           {"required": True}),
    Column("ventilation", "string", _("Ventilation"),
           _("Vide pour le total ; sinon « dimension=valeur », plusieurs séparées par « ; » (ex. sexe=F;niveau=2pro).")),
    Column("valeur", "number", _("Valeur"),
           _("Somme (ou moyenne pour un taux) des établissements ; « secret statistique » quand la case est couverte "
             "par le secret : aucune valeur n'est alors donnée.")),
    Column("statut", "string", _("Statut de la case"),
           _("published : publiée ; primary_secret : effectif trop petit ; secondary_secret : masquée pour qu'aucune "
             "autre case ne se retrouve par différence."),
           {"required": True, "enum": [status.value for status in CellStatus]}),
)


def _definitions() -> dict:
    return {definition.code: definition for definition in gather_lists("register_indicators")}


def _value(cell):
    if cell.status is not CellStatus.PUBLISHED or cell.value is None:
        return SECRET
    value = float(cell.value)
    return int(value) if value.is_integer() else round(value, 2)


def version_key():
    """Changes with every report received: the files are rebuilt when a request finds it changed."""
    return list(ReceivedReport.objects.aggregate(last=Max("pk"), n=Count("pk")).values())


def build() -> tuple[dict[str, bytes], int]:
    definitions = _definitions()
    lines = []
    periods = ReportingPeriod.objects.filter(pk__in=ReceivedReport.objects.values("period_id")).order_by("start", "code")
    for period in periods:
        indicators = (ReportCell.objects.filter(period=period, current=True).values_list("indicator", flat=True)
                      .distinct().order_by("indicator"))
        for code in indicators:
            definition = definitions.get(code)
            for cell in rollup(code, period, LEVEL):
                status = cell.status if isinstance(cell.status, CellStatus) else CellStatus(cell.status)
                lines.append([
                    period.code, period.label, period.kind, period.start.isoformat(), period.end.isoformat(),
                    code, str(definition.label) if definition else "", str(definition.unit) if definition else "",
                    cell.group, cell.breakdown_key, _value(cell), status.value,
                ])
    return {"indicateurs.csv": csv_bytes(COLUMNS, lines)}, len(lines)


def schema() -> dict:
    # No primary key: the total's ventilation is empty, which a key column may not be.
    return table_schema(COLUMNS, missing_values=("", SECRET))
