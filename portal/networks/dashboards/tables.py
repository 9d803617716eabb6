"""Dashboard tables: roll-up cells as labelled rows, each table with the data of its DSFR chart.

A suppressed cell reads « secret statistique » everywhere: in the table, in the chart (its bar
is absent and its label says so, never a zero), on the map (the département is left uncoloured
and listed) and in the exports, which are written from these same rows.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from geo.gazetteer import departement_names
from portal.numbers import display_number

SECRET = gettext_lazy("secret statistique")
STATUS_LABELS = {
    "published": gettext_lazy("publiée"),
    "primary_secret": gettext_lazy("secret primaire"),
    "secondary_secret": gettext_lazy("secret secondaire"),
}


@dataclass(frozen=True)
class Cell:
    value: float | None
    status: str

    @classmethod
    def of(cls, rollup_cell) -> Cell:
        return cls(rollup_cell.value, getattr(rollup_cell.status, "value", rollup_cell.status))

    @property
    def secret(self) -> bool:
        return self.status != "published" or self.value is None

    @property
    def display(self) -> str:
        return str(SECRET) if self.secret else display_number(self.value)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))


@dataclass(frozen=True)
class Row:
    label: str
    cell: Cell
    code: str = ""


@dataclass
class Table:
    """One breakdown of the figures (by département, by establishment…) and its chart."""

    id: str
    caption: str
    header: str
    level: str
    rows: list[Row] = field(default_factory=list)
    series_name: str = ""

    def chart_x(self) -> str:
        labels = [f"{row.label} ({SECRET})" if row.cell.secret else row.label for row in self.rows]
        return json.dumps([labels], ensure_ascii=False)

    def chart_y(self) -> str:
        return json.dumps([[None if row.cell.secret else row.cell.value for row in self.rows]])

    def chart_name(self) -> str:
        return json.dumps([self.series_name], ensure_ascii=False)

    @property
    def secret_rows(self) -> list[Row]:
        return [row for row in self.rows if row.cell.secret]


@lru_cache(maxsize=1)
def _departements() -> dict[str, dict]:
    return departement_names()


def departement_label(code: str) -> str:
    name = _departements().get(code, {}).get("name")
    return f"{name} ({code})" if name else (code or _("département non renseigné"))


def totals(cells) -> list:
    """The cells of the totals (no breakdown), one per group."""
    return [cell for cell in cells if not cell.breakdown]


def table(table_id: str, caption: str, header: str, level: str, cells, label=str, *, series_name="") -> Table:
    rows = [Row(label(cell.group), Cell.of(cell), cell.group) for cell in totals(cells)]
    rows.sort(key=lambda row: row.label.lower())
    return Table(table_id, caption, header, level, rows, series_name)


BREAKDOWN_NAMES = {"level": gettext_lazy("niveau"), "sex": gettext_lazy("sexe"), "outcome": gettext_lazy("issue"),
                   "period": gettext_lazy("période"), "audience": gettext_lazy("public")}


def breakdown_label(breakdown: dict[str, str]) -> str:
    """« niveau : 2nde, sexe : F »; a breakdown name without a French label is shown as it is."""
    return ", ".join(f"{BREAKDOWN_NAMES.get(name, name)} : {value}"
                     for name, value in sorted(breakdown.items())) or _("Total")


def map_data(departement_table: Table) -> str:
    """``{code: value}`` of the published départements, for ``<map-chart data=…>``."""
    return json.dumps({row.code: row.cell.value for row in departement_table.rows if not row.cell.secret and row.code})
