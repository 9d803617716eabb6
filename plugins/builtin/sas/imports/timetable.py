"""Weekly class timetables (Pronote's export of courses) into a campaign's ``ClassSlot``.

The file replaces the campaign's slots of the classes it names; classes it does not name keep
theirs. A course given to several classes at once (« 2 MRC, 2 AGORA ») gives one slot per class.
"""
from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import ClassSlot, Weekday
from . import values
from .headers import Column, match
from .report import SAMPLE_ROWS
from .rows import Row

KIND = "timetable"
TITLE = gettext_lazy("Emplois du temps des classes (Pronote)")

DIVISION = Column("division", gettext_lazy("classe"), ("division", "classe", "classes", "code structure", "structure"))
WEEKDAY = Column("weekday", gettext_lazy("jour"), ("jour", "jours", "jour de la semaine"))
STARTS = Column("starts", gettext_lazy("heure de début"), ("debut", "heure debut", "heure de debut", "h debut", "heure"))
ENDS = Column("ends", gettext_lazy("heure de fin"), ("fin", "heure fin", "heure de fin", "h fin"), required=False)
DURATION = Column("duration", gettext_lazy("durée"), ("duree", "duree du cours"), required=False)
SUBJECT = Column("subject", gettext_lazy("matière"), ("matiere", "mat libelle", "libelle matiere", "discipline", "enseignement"))
PROTECTED = Column("protected", gettext_lazy("cours protégé"), ("protege", "cours protege"), required=False)
COLUMNS = (DIVISION, WEEKDAY, STARTS, ENDS, DURATION, SUBJECT, PROTECTED)


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
        if starts and ends and ends <= starts:
            row.fail(_("le cours finit (%(ends)s) avant de commencer (%(starts)s)") % {"ends": f"{ends:%H:%M}", "starts": f"{starts:%H:%M}"})
        if row.failed:
            continue
        slots += [ClassSlot(campaign=campaign, division=name, weekday=weekday, starts=starts, ends=ends, subject=subject,
                            protected=protected) for name in names]
    report.sample([DIVISION.label, WEEKDAY.label, STARTS.label, ENDS.label, SUBJECT.label, PROTECTED.label], (
        [slot.division, Weekday(slot.weekday).label, f"{slot.starts:%H:%M}", f"{slot.ends:%H:%M}", slot.subject,
         _("oui") if slot.protected else _("non")] for slot in slots[:SAMPLE_ROWS]))
    named = sorted({slot.division for slot in slots})
    replaced = ClassSlot.objects.filter(campaign=campaign, division__in=named)
    report.counts += [
        (_("lignes lues"), len(table.rows)), (_("classes"), len(named)), (_("cours à enregistrer"), len(slots)),
        (_("dont protégés"), sum(slot.protected for slot in slots)), (_("cours remplacés"), replaced.count()),
    ]

    def write(user, progress):
        replaced.delete()
        ClassSlot.objects.bulk_create(slots)
        progress(len(slots), len(slots))

    return write
