"""The figures of a synthesis, one row per académie, as CSV (UTF-8 BOM, « ; ») and XLSX.

For each figure (actions, établissements): the raw declared cell, value, min, max, qualifier,
scope (week / year), unknown (N.C.), what the registry holds and the flag « registre > déclaré ».
A cell that states two figures gives two values in the same column, separated by « | ».
"""
from __future__ import annotations

import io

from fiches.exporting.spreadsheet import csv_writer, xlsx_row

from ..compute import LEVELS
from .texts import exported_texts

FIGURE_COLUMNS = ("brut", "valeur", "min", "max", "qualificatif", "portee", "nc", "registre", "signale")
FIGURE_PREFIXES = (("actions", "actions"), ("establishments", "etablissements"))
BASE_COLUMNS = ("academie", "code", "periode", "debut", "fin", "edition")
SEPARATOR = " | "


def header() -> list[str]:
    columns = list(BASE_COLUMNS)
    for _figure, prefix in FIGURE_PREFIXES:
        columns += [f"{prefix}_{name}" for name in FIGURE_COLUMNS]
    return columns + [f"niveau_{code}" for code, _label in LEVELS] + ["exemples"]


def _joined(parts: list[dict], key: str):
    values = [part[key] for part in parts]
    if len(values) == 1:
        return values[0]
    return SEPARATOR.join("" if v is None else str(v) for v in values)


def _figure_cells(figure: dict) -> list:
    parts = figure["parts"]
    return [
        figure["raw"],
        _joined(parts, "value"),
        _joined(parts, "min"),
        _joined(parts, "max"),
        _joined(parts, "qualifier"),
        _joined(parts, "scope"),
        figure["kind"] == "unknown",
        figure["registry"],
        figure["flag"],
    ]


def rows(content: dict):
    """Rows of Python values (None for empty); booleans stay booleans, levels are True or None; texts on one line."""
    for a in exported_texts(content)["academies"]:
        row = [a["name"], a["code"], a["period"]["raw"], a["period"]["start"], a["period"]["end"],
               a["edition"]["number"] if a["edition"]["number"] is not None else a["edition"]["raw"]]
        for figure, _prefix in FIGURE_PREFIXES:
            row += _figure_cells(a["figures"][figure])
        row += [a["levels"][code] for code, _label in LEVELS]
        row.append(len(a["examples"]))
        yield row


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "oui"
    if value is False:
        return "non"
    return str(value)


def render_csv(content: dict, **_options) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv_writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header())
    for row in rows(content):
        writer.writerow([_csv_cell(value) for value in row])
    return out.getvalue().encode("utf-8")


def render_xlsx(content: dict, **_options) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(content["school_year"])
    sheet.append(header())
    for row in rows(content):
        sheet.append(xlsx_row(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
