"""CSV and XLSX exports of a dashboard: the very rows of its tables, secrets written as on the page.

Rows go through the shared spreadsheet helper, so no label (an establishment's name) is ever read as a
formula."""
from __future__ import annotations

import io

from django.utils.translation import gettext as _

from fiches.exporting.spreadsheet import csv_writer, xlsx_row

from .page import Dashboard
from .tables import SECRET, STATUS_LABELS

BOM = "\ufeff"


def header() -> list[str]:
    return [_("tableau"), _("niveau"), _("libellé"), _("indicateur"), _("période"), _("valeur"), _("statut")]


def rows(dashboard: Dashboard):
    """One line per table row; the value is the number as published, or « secret statistique »."""
    secret, labels = str(SECRET), {status: str(label) for status, label in STATUS_LABELS.items()}
    indicator, period = str(dashboard.label), str(dashboard.period.label)
    for table in dashboard.all_tables():
        caption, header = str(table.caption), str(table.header)
        for row in table.rows:
            cell = row.cell
            yield [caption, header, row.label, indicator, period, secret if cell.secret else cell.value,
                   labels.get(cell.status, cell.status)]


def render_csv(dashboard: Dashboard) -> bytes:
    out = io.StringIO()
    out.write(BOM)
    writer = csv_writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header())
    writer.writerows(rows(dashboard))
    return out.getvalue().encode("utf-8")


def render_xlsx(dashboard: Dashboard) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)  # streamed: an académie's export holds one row per establishment
    sheet = workbook.create_sheet(_("Indicateurs")[:31])
    sheet.append(xlsx_row(header()))
    for line in rows(dashboard):
        sheet.append(xlsx_row(line))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

