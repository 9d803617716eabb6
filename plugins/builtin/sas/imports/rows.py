"""One data line of an export, read cell by cell: every unreadable cell is reported, not just the first."""
from __future__ import annotations

from typing import Callable

from .headers import Column
from .report import ImportReport
from .values import BadValue


class Row:
    def __init__(self, line: int, cells: list[str], mapping: dict[str, int], report: ImportReport):
        report.check_time()
        self.line = line
        self.cells = {field: cells[index] for field, index in mapping.items()}
        self.report = report
        self.failed = False

    def has(self, column: Column) -> bool:
        return column.field in self.cells

    def get(self, column: Column, reader: Callable, *args):
        """``reader(cell, label, *args)``, or ``None`` after reporting why the cell is unreadable."""
        try:
            return reader(self.cells.get(column.field, ""), column.label, *args)
        except BadValue as bad:
            self.fail(str(bad))
            return None

    def fail(self, message: str) -> None:
        self.report.error(self.line, message)
        self.failed = True
