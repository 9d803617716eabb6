"""CSV and XLSX exports of a dashboard: the very rows of its tables, secrets written as on the page.

Every text goes through the shared spreadsheet guard (:func:`fiches.exporting.spreadsheet.neutralise`), so
no label (an establishment's name) is ever read as a formula; the texts a table repeats on each of its
rows are guarded once. An académie's export holds a row per establishment (about ten thousand), so rows
are written without per-cell work beyond the writer's own: the XLSX by XlsxWriter, which writes a cell
about twice as fast as openpyxl's write-only mode."""
from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from fiches.exporting.spreadsheet import neutralise

from .page import Dashboard
from .tables import SECRET, STATUS_LABELS

BOM = "\ufeff"


def header() -> list[str]:
    return [_("tableau"), _("niveau"), _("libellé"), _("indicateur"), _("période"), _("valeur"), _("statut")]


def rows(dashboard: Dashboard):
    """One line per table row, neutralised; the value is the number as published, or « secret statistique »."""
    secret = str(SECRET)
    labels = {status: neutralise(str(label)) for status, label in STATUS_LABELS.items()}
    indicator, period = neutralise(str(dashboard.label)), neutralise(str(dashboard.period.label))
    for table in dashboard.all_tables():
        caption, header_ = neutralise(str(table.caption)), neutralise(str(table.header))
        for row in table.rows:
            cell = row.cell
            yield [caption, header_, neutralise(row.label), indicator, period, secret if cell.secret else cell.value,
                   labels.get(cell.status) or neutralise(cell.status)]


def render_csv(dashboard: Dashboard) -> bytes:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(text) for text in header()])
    writer.writerows(rows(dashboard))
    return out.getvalue().encode("utf-8")


def render_xlsx(dashboard: Dashboard) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    # Texts are never read as formulas, numbers or links: they are written as the strings they are.
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_numbers": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet(_("Indicateurs")[:31])
    text, number = sheet.write_string, sheet.write_number
    for column, title in enumerate(header()):
        text(0, column, neutralise(title))
    for line_number, line in enumerate(rows(dashboard), start=1):
        for column, value in enumerate(line):
            (text if isinstance(value, str) else number)(line_number, column, value)
    workbook.close()
    return out.getvalue()
