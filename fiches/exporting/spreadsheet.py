"""Cells a spreadsheet cannot run (OWASP « CSV injection »), for every CSV and XLSX export.

A text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel or LibreOffice as a formula (``=HYPERLINK(...)``, ``=cmd|...``), and openpyxl stores such a
string as a live formula. Such a cell gets a leading apostrophe, as OWASP advises: the text stays
readable and is never evaluated. Numbers, dates and booleans are left as they are. Text also loses
the control characters XML cannot carry (:mod:`fiches.control_characters`), which openpyxl refuses to write.

Any export (portal, fiches, plugins) writes its rows through :func:`csv_writer` or
:func:`xlsx_row`.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable

from ..control_characters import without_control_characters

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """``value`` unchanged, unless it is text a spreadsheet would read as a formula or holding control characters."""
    if not isinstance(value, str):
        return value
    value = without_control_characters(value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def xlsx_row(values: Iterable) -> list:
    """A row for openpyxl's ``sheet.append``."""
    return [neutralise(value) for value in values]


class _NeutralisingWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row: Iterable):
        return self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]):
        for row in rows:
            self.writerow(row)


def csv_writer(out, **options) -> _NeutralisingWriter:
    """``csv.writer(out, **options)`` whose rows are neutralised."""
    return _NeutralisingWriter(csv.writer(out, **options))
