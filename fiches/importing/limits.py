"""Bounds on an imported fiche document, so that no upload can hold a worker for long.

A real fiche (seed 000) is about 6,000 characters in 150 lines; the bounds below leave room
for fiches fifteen times longer and for Word files carrying pictures, and refuse the rest
before any costly work: the byte size first, then (DOCX) the zip directory, then a streaming
count of the XML, then the text. A wall-clock budget, checked while sections are built and
mapped, stops whatever the counts did not foresee. Every refusal is a ``FicheImportError``
with a French message, raised before anything is written.
"""
from __future__ import annotations

import contextvars
import time
from contextlib import contextmanager

from django.utils.translation import gettext as _

from .base import FicheImportError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
#: Characters of text (the text file, or the runs of a Word document).
MAX_TEXT_CHARS = 100_000
#: Bytes of a text file: the characters above in UTF-8, four bytes at most each.
MAX_TEXT_BYTES = 4 * MAX_TEXT_CHARS
#: Lines of a text file, paragraphs of a Word document.
MAX_LINES = 5_000
#: Headings, i.e. sections (seed 000 has about thirty).
MAX_HEADINGS = 500
#: Word files: members of the zip, their declared uncompressed size in total, the size of one
#: XML part, the compression ratio of a large member, and the XML elements of all parts.
MAX_ZIP_MEMBERS = 500
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_XML_PART_BYTES = 8 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_ABOVE_BYTES = 1024 * 1024
MAX_XML_ELEMENTS = 250_000
#: Seconds of wall-clock time an import may spend parsing and mapping.
TIME_BUDGET_SECONDS = 10.0

#: (deadline on the monotonic clock, budget in seconds) of the import running in this context.
_deadline: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar(
    "fiche_import_deadline", default=None
)


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def grouped(number: int) -> str:
    """« 100 000 »: thousands separated by a space, as French writes them."""
    return f"{number:,}".replace(",", "\u202f")


def too_large(filename: str, what: str) -> FicheImportError:
    """The one refusal message for every bound: what is over, and that nothing was created."""
    return FicheImportError([
        _("Le fichier « %(name)s » est trop volumineux pour être importé : %(what)s. Rien n'a été créé ; "
          "importez la fiche seule, sans annexes, ou saisissez-la dans l'administration.")
        % {"name": filename, "what": what}
    ])


def check_upload_size(filename: str, size: int) -> None:
    if size > MAX_UPLOAD_BYTES:
        raise too_large(filename, _("il dépasse %(max)s Mo") % {"max": megabytes(MAX_UPLOAD_BYTES)})


def check_text(filename: str, characters: int, lines: int) -> None:
    if characters > MAX_TEXT_CHARS:
        raise too_large(filename, _("plus de %(max)s caractères de texte") % {"max": grouped(MAX_TEXT_CHARS)})
    if lines > MAX_LINES:
        raise too_large(filename, _("plus de %(max)s lignes ou paragraphes") % {"max": grouped(MAX_LINES)})


def check_sections(filename: str, sections: list) -> None:
    if len(sections) > MAX_HEADINGS:
        raise too_large(filename, _("plus de %(max)s rubriques") % {"max": grouped(MAX_HEADINGS)})


@contextmanager
def time_budget(seconds: float | None = None):
    """Within this block, ``check_time()`` raises once ``seconds`` have passed."""
    seconds = TIME_BUDGET_SECONDS if seconds is None else seconds
    token = _deadline.set((time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def check_time() -> None:
    """Raise FicheImportError if the current import has used up its time budget (no-op outside one)."""
    budget = _deadline.get()
    if budget is not None and time.monotonic() > budget[0]:
        raise FicheImportError([
            _("L'analyse du document a été interrompue : elle dépassait %(seconds)s secondes. Rien n'a été créé ; "
              "le document est sans doute trop long ou trop complexe pour une fiche.")
            % {"seconds": f"{budget[1]:g}"}
        ])
