"""What an import found and did, in French, line by line; shown on screen and by the command."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class LineError:
    line: int | None
    message: str

    def __str__(self):
        if self.line is None:
            return self.message
        return _("ligne %(line)d : %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ImportReport:
    """Counts (label, number) in display order, errors, notes; ``written`` once the data is saved."""

    kind: str
    counts: list[tuple[str, int]] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: bool = False

    def error(self, line: int | None, message: str) -> None:
        self.errors.append(LineError(line, message))

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        """The whole report as text lines (management command, logs)."""
        return [f"{label} : {n}" for label, n in self.counts] + self.notes + [str(e) for e in self.errors]
