"""Running an import: read the file, check every line, then write all of it in one transaction or nothing."""
from __future__ import annotations

import time
from typing import Callable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import absences, students, timetable
from .headers import INE_ALIASES, find
from .reader import UnreadableFile, read_table
from .report import CheckTooLong, ImportReport

KINDS = {module.KIND: module for module in (students, timetable, absences)}
# Seconds the check of a file may take (a 1.5 MB file of 10,000 lines takes about one on a slow server).
CHECK_SECONDS = 10


def _ignore(done: int, total: int) -> None:
    """Default progress callback."""


def run(kind: str, data: bytes, *, campaign=None, establishment=None, user=None, commit: bool = True,
        progress: Callable[[int, int], None] = _ignore) -> ImportReport:
    """Import ``data`` as ``kind`` for ``campaign`` (timetables) or ``establishment`` (students, absences).

    With ``commit=False`` (the preview) nothing is written; with errors, nothing is written either.
    """
    importer = KINDS[kind]
    establishment = establishment or campaign.establishment
    report = ImportReport(kind, deadline=time.monotonic() + CHECK_SECONDS)
    try:
        table = read_table(data)
    except UnreadableFile as unreadable:
        report.error(None, str(unreadable))
        return report
    report.errors += table.errors
    ine = find(table.headers, INE_ALIASES)
    if ine is not None:
        report.notes.append(_("La colonne « %(name)s » (INE) est ignorée : l'INE n'est jamais enregistré.")
                            % {"name": table.headers[ine]})
    try:
        write = importer.prepare(table, report, campaign=campaign, establishment=establishment)
    except CheckTooLong:
        report.error(None, _("La vérification du fichier dépasse %(n)d secondes : rien n'a été enregistré. "
                             "Découpez-le, par exemple par classes.") % {"n": CHECK_SECONDS})
        return report
    report.errors.sort(key=lambda error: error.line or 0)
    if write is None or report.errors or not commit:
        return report
    try:
        with transaction.atomic():
            write(user, progress)
    except IntegrityError:
        report.error(None, _("Les données ont changé pendant l'import : rien n'a été enregistré, recommencez."))
        return report
    report.written = True
    return report
