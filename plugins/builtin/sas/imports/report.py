"""What an import found and did, in French, line by line; shown on screen and by the command."""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


SAMPLE_ROWS = 5


@dataclass(frozen=True)
class LineError:
    line: int | None
    message: str

    def __str__(self):
        if self.line is None:
            return self.message
        return _("ligne %(line)d : %(message)s") % {"line": self.line, "message": self.message}


class CheckTooLong(Exception):
    """Checking the file took longer than its time budget (``ImportReport.deadline``)."""


@dataclass
class ImportReport:
    """Counts (label, number) in display order, errors, notes, sample rows as they will be stored;
    ``written`` once the data is saved. ``deadline`` (a ``time.monotonic()`` value) bounds the check."""

    kind: str
    counts: list[tuple[str, int]] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sample_headers: list[str] = field(default_factory=list)
    samples: list[list[str]] = field(default_factory=list)
    written: bool = False
    deadline: float | None = None

    def check_time(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise CheckTooLong

    def sample(self, headers: list[str], rows) -> None:
        """The first rows to be written, each a list of cells shown exactly as they will be stored."""
        self.sample_headers = [str(header) for header in headers]
        self.samples = [[str(cell) for cell in row] for row in rows][:SAMPLE_ROWS]

    def error(self, line: int | None, message: str) -> None:
        self.errors.append(LineError(line, message))

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        """The whole report as text lines (management command, logs)."""
        return [f"{label} : {n}" for label, n in self.counts] + self.notes + [str(e) for e in self.errors]
