"""Running an import: read the file, check every line, then write all of it in one transaction or nothing."""
from __future__ import annotations

import time
from typing import Callable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fiches.models import Establishment

from . import absences, edt_cours, siecle, sts, students, timetable
from .headers import INE_ALIASES, find
from .reader import UnreadableFile, read_table
from .report import CheckTooLong, ImportReport
from .xml_reader import looks_like_xml, read_xml

KINDS = {module.KIND: module for module in (students, timetable, absences)}
# The XML exports each kind accepts, by root element (SIECLE's ElevesSansAdresses, STS-web, EDT's EXP_COURS).
XML_FORMATS = {
    students.KIND: {siecle.ROOT: siecle},
    timetable.KIND: {sts.ROOT: sts, edt_cours.ROOT: edt_cours},
}
# Seconds the check of a file may take (a 1.5 MB file of 10,000 lines takes about one on a slow server).
CHECK_SECONDS = 10


def _ignore(done: int, total: int) -> None:
    """Default progress callback."""


def _csv(kind: str, data: bytes, report: ImportReport):
    """The check of a CSV export: its table read, bound to the kind's ``prepare``."""
    table = read_table(data)
    report.errors += table.errors
    ine = find(table.headers, INE_ALIASES)
    if ine is not None:
        report.notes.append(_("La colonne « %(name)s » (INE) est ignorée : l'INE n'est jamais enregistré.")
                            % {"name": table.headers[ine]})
    return lambda report, **where: KINDS[kind].prepare(table, report, **where)


def _xml(kind: str, data: bytes, report: ImportReport):
    """The check of an XML export, chosen by its root element; ``None`` after reporting a root this kind does not take."""
    document = read_xml(data)
    formats = XML_FORMATS.get(kind, {})
    module = formats.get(document.root.tag)
    if module is None:
        expected = ", ".join(formats) or _("aucune : importez un fichier CSV")
        report.error(document.line(document.root), _("élément racine « %(root)s » : ce n'est pas un export attendu pour "
                                                     "« %(title)s » (racines acceptées : %(expected)s)")
                     % {"root": document.root.tag, "title": KINDS[kind].TITLE, "expected": expected})
        return None
    return lambda report, **where: module.prepare(document, report, **where)


def run(kind: str, data: bytes, *, campaign=None, establishment=None, user=None, commit: bool = True,
        progress: Callable[[int, int], None] = _ignore) -> ImportReport:
    """Import ``data`` (a CSV or XML export) as ``kind`` for ``campaign`` (timetables) or ``establishment`` (students, absences).

    With ``commit=False`` (the preview) nothing is written; with errors, nothing is written either. Imports of one
    establishment that write run one at a time, each checking the file against what the previous one wrote: the
    same file confirmed twice at once is stored once (a timetable's replaced slots were read before the other wrote).
    """
    establishment = establishment or campaign.establishment
    report = ImportReport(kind)
    try:
        with transaction.atomic():
            if commit:
                Establishment.objects.select_for_update(no_key=True).values_list("pk", flat=True).get(pk=establishment.pk)
            write = _checked(kind, data, report, campaign=campaign, establishment=establishment)
            if write is None or not commit:
                return report
            write(user, progress)
    except IntegrityError:
        report.error(None, _("Les données ont changé pendant l'import : rien n'a été enregistré, recommencez."))
        return report
    report.written = True
    return report


def _checked(kind: str, data: bytes, report: ImportReport, **where):
    """The function writing ``data`` once every line is checked, or ``None`` after reporting why nothing may be."""
    report.deadline = time.monotonic() + CHECK_SECONDS
    try:
        check = _xml(kind, data, report) if looks_like_xml(data) else _csv(kind, data, report)
    except UnreadableFile as unreadable:
        report.error(None, str(unreadable))
        return None
    if check is None:
        return None
    try:
        write = check(report, **where)
    except CheckTooLong:
        report.error(None, _("La vérification du fichier dépasse %(n)d secondes : rien n'a été enregistré. "
                             "Découpez-le, par exemple par classes.") % {"n": CHECK_SECONDS})
        return None
    report.errors.sort(key=lambda error: error.line or 0)
    return None if report.errors else write
