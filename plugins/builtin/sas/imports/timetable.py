"""Weekly class timetables (Pronote's export of courses) into a campaign's ``ClassSlot``.

The file replaces the campaign's slots of the classes it names; classes it does not name keep
theirs. A course given to several classes at once (« 2 MRC, 2 AGORA ») gives one slot per class.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..models import ClassSlot, ClassTeacher, Weekday
from . import values
from .headers import Column, match, normalize
from .report import SAMPLE_ROWS
from .rows import Row

KIND = "timetable"
TITLE = gettext_lazy("Emplois du temps des classes (Pronote, EDT, STS-web)")

DIVISION = Column("division", gettext_lazy("classe"), ("division", "classe", "classes", "code structure", "structure"))
WEEKDAY = Column("weekday", gettext_lazy("jour"), ("jour", "jours", "jour de la semaine"))
STARTS = Column("starts", gettext_lazy("heure de début"), ("debut", "heure debut", "heure de debut", "h debut", "heure"))
ENDS = Column("ends", gettext_lazy("heure de fin"), ("fin", "heure fin", "heure de fin", "h fin"), required=False)
DURATION = Column("duration", gettext_lazy("durée"), ("duree", "duree du cours"), required=False)
SUBJECT = Column("subject", gettext_lazy("matière"), ("matiere", "mat libelle", "libelle matiere", "discipline", "enseignement"))
PROTECTED = Column("protected", gettext_lazy("cours protégé"), ("protege", "cours protege"), required=False)
TEACHER = Column("teacher", gettext_lazy("professeur"), (
    "professeur", "enseignant", "prof", "prof nom", "nom professeur", "nom du professeur", "professeurs"), required=False)
TEACHER_EMAIL = Column("teacher_email", gettext_lazy("adresse du professeur"), (
    "email professeur", "mel professeur", "courriel professeur", "email enseignant", "mel enseignant", "courriel"),
    required=False)
COLUMNS = (DIVISION, WEEKDAY, STARTS, ENDS, DURATION, SUBJECT, PROTECTED, TEACHER, TEACHER_EMAIL)


def alternating_note(count: int) -> str:
    """The import's note on the courses given one week in two (XML exports say so): class slots are weekly,
    so each is counted every week."""
    return ngettext("%(n)d cours donné une semaine sur deux (alternance) : il est compté chaque semaine, comme si "
                    "l'élève le manquait toutes les semaines.",
                    "%(n)d cours donnés une semaine sur deux (alternance) : ils sont comptés chaque semaine, comme si "
                    "l'élève les manquait toutes les semaines.", count) % {"n": count}


@dataclass(frozen=True)
class TeacherRef:
    """A teacher as a file names them: ``key`` is the export's internal id or ``name_key``'s result."""

    key: str
    last_name: str
    first_name: str = ""
    email: str = ""


def name_key(last_name: str, first_name: str = "") -> str:
    """The key of a teacher an export names without an id: their normalized name."""
    return ("nom:" + normalize(f"{last_name} {first_name}"))[:120]


def slot_with_teacher(slot: ClassSlot, teacher: TeacherRef | None) -> ClassSlot:
    slot.teacher_ref = teacher
    return slot


def divisions(raw: str, label: str) -> list[str]:
    names = [name.strip() for name in raw.split(",") if name.strip()]
    return [values.text(name, label, 50) for name in names] or [values.text("", label, 50)]


def _ends(row: Row, starts: dt.time) -> dt.time | None:
    if row.has(ENDS):
        return row.get(ENDS, values.time)
    length = row.get(DURATION, values.duration)
    if length is None or starts is None:
        return None
    end = dt.datetime.combine(dt.date.min, starts) + length
    if end.date() != dt.date.min:
        row.fail(_("le cours de %(start)s dure « %(raw)s » et finirait après minuit")
                 % {"start": f"{starts:%H:%M}", "raw": row.cells[DURATION.field]})
        return None
    return end.time()


def prepare(table, report, *, campaign, establishment=None):
    mapping = match(table, COLUMNS, report)
    if mapping is None:
        return None
    if ENDS.field not in mapping and DURATION.field not in mapping:
        report.error(table.header_line, _("colonne « %(ends)s » (ou « %(duration)s ») absente (en-têtes acceptés : %(aliases)s)")
                     % {"ends": ENDS.label, "duration": DURATION.label, "aliases": ", ".join(ENDS.aliases + DURATION.aliases)})
        return None
    slots = []
    for line, cells in table.rows:
        row = Row(line, cells, mapping, report)
        names = row.get(DIVISION, divisions)
        weekday = row.get(WEEKDAY, values.weekday)
        starts = row.get(STARTS, values.time)
        ends = _ends(row, starts)
        subject = row.get(SUBJECT, values.text, 200)
        protected = row.get(PROTECTED, values.yes_no) if row.has(PROTECTED) else False
        teacher = _teacher(row)
        if starts and ends and ends <= starts:
            row.fail(_("le cours finit (%(ends)s) avant de commencer (%(starts)s)") % {"ends": f"{ends:%H:%M}", "starts": f"{starts:%H:%M}"})
        if row.failed:
            continue
        slots += [slot_with_teacher(ClassSlot(campaign=campaign, division=name, weekday=weekday, starts=starts, ends=ends,
                                              subject=subject, protected=protected), teacher) for name in names]
    return plan(slots, (_("lignes lues"), len(table.rows)), report, campaign)


def _teacher(row: Row) -> TeacherRef | None:
    name = row.get(TEACHER, values.text, 200) if row.has(TEACHER) and row.cells[TEACHER.field] else None
    if name is None:
        return None
    email = row.cells.get(TEACHER_EMAIL.field, "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            row.fail(_("adresse du professeur « %(value)s » illisible") % {"value": email})
    return TeacherRef(name_key(name), name[:100], "", email)


def plan(slots: list[ClassSlot], read: tuple[str, int], report, campaign, keep_protection: bool = False):
    """Counts and sample of ``slots`` (each with its ``teacher_ref``, or ``None``), which replace the campaign's
    slots of the classes they name; returns the function writing them. With ``keep_protection`` (exports that
    do not say which classes are protected), a slot identical to a stored protected one stays protected."""
    named = sorted({slot.division for slot in slots})
    replaced = ClassSlot.objects.filter(campaign=campaign, division__in=named)
    if keep_protection:
        protected = set(replaced.filter(protected=True).values_list("division", "weekday", "starts", "ends", "subject"))
        for slot in slots:
            slot.protected = (slot.division, slot.weekday, slot.starts, slot.ends, slot.subject) in protected
    teachers = {slot.teacher_ref.key: slot.teacher_ref for slot in slots if slot.teacher_ref}
    report.sample([DIVISION.label, WEEKDAY.label, STARTS.label, ENDS.label, SUBJECT.label, TEACHER.label, PROTECTED.label], (
        [slot.division, Weekday(slot.weekday).label, f"{slot.starts:%H:%M}", f"{slot.ends:%H:%M}", slot.subject,
         slot.teacher_ref.last_name if slot.teacher_ref else "", _("oui") if slot.protected else _("non")]
        for slot in slots[:SAMPLE_ROWS]))
    report.counts += [
        read, (_("classes"), len(named)), (_("cours à enregistrer"), len(slots)),
        (_("dont protégés"), sum(slot.protected for slot in slots)), (_("cours remplacés"), replaced.count()),
        (_("professeurs nommés"), len(teachers)),
    ]
    establishment = campaign.establishment

    def write(user, progress):
        stored = {}
        for ref in teachers.values():
            fields = {"last_name": ref.last_name, "first_name": ref.first_name, **({"email": ref.email} if ref.email else {})}
            stored[ref.key], _created = ClassTeacher.objects.update_or_create(
                establishment=establishment, local_id=ref.key, defaults=fields)
        for slot in slots:
            slot.teacher = stored[slot.teacher_ref.key] if slot.teacher_ref else None
        replaced.delete()
        ClassSlot.objects.bulk_create(slots)
        progress(len(slots), len(slots))

    return write
