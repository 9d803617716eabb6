"""Half-days of absence per student and period (the school software's absence statistics).

A period already stored for a student (same start and end) is updated; a period overlapping
another one of the same student is refused, since the absenteeism indicator adds periods up.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import audit
from ..models import AbsenceRecord, AuditLog, Student
from . import values
from .headers import Column, match
from .report import SAMPLE_ROWS
from .rows import Row
from .students import LOCAL_ID

KIND = "absences"
TITLE = gettext_lazy("Absences par période (demi-journées)")
DETAIL = "import CSV des absences"

PERIOD_START = Column("period_start", gettext_lazy("début de période"), (
    "debut periode", "debut de periode", "date debut", "date de debut", "debut", "du",
))
PERIOD_END = Column("period_end", gettext_lazy("fin de période"), (
    "fin periode", "fin de periode", "date fin", "date de fin", "fin", "au",
))
ABSENT = Column("half_days_absent", gettext_lazy("demi-journées d'absence"), (
    "demi journees d absence", "demi journees absence", "nb demi journees d absence", "nb demi journees absence",
    "absences demi journees", "nb dj absence", "dj absence",
))
OPEN = Column("half_days_open", gettext_lazy("demi-journées ouvrées"), (
    "demi journees ouvrees", "nb demi journees ouvrees", "demi journees de cours", "nb demi journees de cours",
    "nb dj ouvrees", "dj ouvrees",
))
COLUMNS = (LOCAL_ID, PERIOD_START, PERIOD_END, ABSENT, OPEN)


def school_year(campaign) -> tuple[dt.date, dt.date]:
    """The campaign's school year, from 1 August to 31 July: absence periods must lie within it."""
    return campaign.school_year_start, campaign.school_year_end


def _read(table, mapping, report, year: tuple[dt.date, dt.date]) -> dict[tuple, tuple[int, int, int]]:
    """(local id, start, end) → (line, absent, open) for every readable line."""
    periods = {}
    for line, cells in table.rows:
        row = Row(line, cells, mapping, report)
        local_id = row.get(LOCAL_ID, values.text, 40)
        start, end = row.get(PERIOD_START, values.date), row.get(PERIOD_END, values.date)
        absent, open_ = row.get(ABSENT, values.count), row.get(OPEN, values.count)
        outside = [day for day in (start, end) if day and not year[0] <= day <= year[1]]
        if outside:
            row.fail(_("le %(day)s est hors de l'année scolaire de la campagne (du %(first)s au %(last)s)")
                     % {"day": f"{outside[0]:%d/%m/%Y}", "first": f"{year[0]:%d/%m/%Y}", "last": f"{year[1]:%d/%m/%Y}"})
        if start and end and end < start:
            row.fail(_("la période finit (%(end)s) avant de commencer (%(start)s)")
                     % {"end": f"{end:%d/%m/%Y}", "start": f"{start:%d/%m/%Y}"})
        if absent is not None and open_ is not None and absent > open_:
            row.fail(_("%(absent)d demi-journées d'absence pour %(open)d demi-journées ouvrées") % {"absent": absent, "open": open_})
        key = (local_id, start, end)
        if key in periods:
            row.fail(_("même élève et même période que ligne %(line)d") % {"line": periods[key][0]})
        if not row.failed:
            periods[key] = (line, absent, open_)
    return periods


def _overlaps(periods, students, stored, report) -> None:
    """Report each file period overlapping another period of the same student (in the file or stored)."""
    spans = defaultdict(list)
    for (local_id, start, end), (line, *_counts) in periods.items():
        if local_id in students:
            spans[local_id].append((start, end, line))
    for (local_id, start, end) in stored:
        if (local_id, start, end) not in periods:
            spans[local_id].append((start, end, None))
    for local_id, intervals in spans.items():
        intervals.sort(key=lambda span: (span[0], span[1]))
        for (start_a, end_a, line_a), (start_b, end_b, line_b) in zip(intervals, intervals[1:]):
            if start_b <= end_a:
                report.error(line_b or line_a, _("la période du %(start)s au %(end)s de l'élève « %(id)s » en chevauche "
                                                 "une autre (du %(other_start)s au %(other_end)s)") % {
                    "start": f"{start_b:%d/%m/%Y}", "end": f"{end_b:%d/%m/%Y}", "id": local_id,
                    "other_start": f"{start_a:%d/%m/%Y}", "other_end": f"{end_a:%d/%m/%Y}"})


def _sample_rows(keys, periods, students):
    for local_id, start, end in keys[:SAMPLE_ROWS]:
        if local_id in students:
            _line, absent, open_ = periods[(local_id, start, end)]
            yield [local_id, students[local_id], f"{start:%d/%m/%Y}", f"{end:%d/%m/%Y}", absent, open_]


def prepare(table, report, *, establishment, campaign=None):
    if campaign is None:
        report.error(None, _("Précisez la campagne : les périodes d'absence sont vérifiées sur son année scolaire."))
        return None
    mapping = match(table, COLUMNS, report)
    if mapping is None:
        return None
    periods = _read(table, mapping, report, school_year(campaign))
    ids = {local_id for local_id, _start, _end in periods}
    students = {s.local_id: s for s in Student.objects.filter(establishment=establishment, local_id__in=list(ids))}
    for (local_id, _start, _end), (line, *_counts) in periods.items():
        if local_id not in students:
            report.error(line, _("élève d'identifiant « %(id)s » inconnu dans l'établissement "
                                 "(importez d'abord la liste des élèves)") % {"id": local_id})
    stored = {(r.student.local_id, r.period_start, r.period_end): r
              for r in AbsenceRecord.objects.filter(student__in=students.values()).select_related("student")}
    _overlaps(periods, students, stored, report)
    changed = [key for key, (_line, absent, open_) in periods.items()
               if key in stored and (stored[key].half_days_absent, stored[key].half_days_open) != (absent, open_)]
    new = [key for key in periods if key not in stored]
    report.sample([LOCAL_ID.label, _("élève"), PERIOD_START.label, PERIOD_END.label, ABSENT.label, OPEN.label],
                  _sample_rows(new + changed, periods, students))
    report.counts += [
        (_("lignes lues"), len(table.rows)), (_("élèves concernés"), len(ids)), (_("nouvelles périodes"), len(new)),
        (_("périodes modifiées"), len(changed)), (_("périodes inchangées"), len(periods) - len(new) - len(changed)),
    ]

    def write(user, progress):
        touched = {}
        for done, key in enumerate(new + changed, start=1):
            _line, absent, open_ = periods[key]
            student = students[key[0]]
            AbsenceRecord.objects.update_or_create(
                student=student, period_start=key[1], period_end=key[2],
                defaults={"half_days_absent": absent, "half_days_open": open_},
            )
            touched[student.pk] = student
            progress(done, len(new) + len(changed))
        for student in touched.values():
            audit.record(user, AuditLog.Action.UPDATE, student, DETAIL)

    return write
