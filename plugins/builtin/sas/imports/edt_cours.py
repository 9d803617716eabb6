"""Class timetables from EDT's (Index Éducation) XML export of courses, ``EXP_COURS.xml``.

Root TABLE (nom="Cours"), one ``Cours`` element per weekly course: CLASSE (one or several, « 2MRC, 2AGORA »),
JOUR (« lundi »), H.DEBUT (« 08h00 »), DUREE (« 1h00 »), MAT_LIBELLE, PROF_NOM and PROF_PRENOM. The file
has no teacher id: teachers are keyed by their name.
"""
from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from ..models import ClassSlot
from . import values
from .timetable import (
    DIVISION, DURATION, STARTS, SUBJECT, WEEKDAY, TeacherRef, alternating_note, divisions, name_key, plan, slot_with_teacher,
)
from .xml_reader import XmlDocument, text

ROOT = "TABLE"


def _read(failures, reader, raw, label, *args):
    try:
        return reader(raw, label, *args)
    except values.BadValue as bad:
        failures.append(str(bad))
        return None


def prepare(document: XmlDocument, report, *, campaign, establishment=None):
    courses = document.root.findall("Cours")
    if not courses:
        report.error(None, _("Aucun élément Cours sous TABLE : ce n'est pas l'export des cours d'EDT (EXP_COURS.xml)."))
        return None
    slots = []
    alternating = sum(text(course, "FREQUENCE") not in ("", "H") for course in courses)
    if alternating:
        report.notes.append(alternating_note(alternating))
    for course in courses:
        report.check_time()
        failures = []
        names = _read(failures, divisions, text(course, "CLASSE"), DIVISION.label)
        weekday = _read(failures, values.weekday, text(course, "JOUR"), WEEKDAY.label)
        starts = _read(failures, values.time, text(course, "H.DEBUT"), STARTS.label)
        length = _read(failures, values.duration, text(course, "DUREE"), DURATION.label)
        subject = _read(failures, values.text, text(course, "MAT_LIBELLE") or text(course, "MAT_CODE"), SUBJECT.label, 200)
        ends = None
        if starts and length:
            end = dt.datetime.combine(dt.date.min, starts) + length
            if end.date() != dt.date.min:
                failures.append(_("le cours de %(start)s finirait après minuit") % {"start": f"{starts:%H:%M}"})
            ends = end.time()
        for message in failures:
            report.error(document.line(course), _("élément Cours n° %(n)s : %(message)s")
                         % {"n": course.get("numero") or text(course, "NUMERO") or "?", "message": message})
        if failures:
            continue
        last, first = text(course, "PROF_NOM")[:100], text(course, "PROF_PRENOM")[:100]
        teacher = TeacherRef(name_key(last, first), last, first) if last else None
        slots += [slot_with_teacher(ClassSlot(campaign=campaign, division=name, weekday=weekday, starts=starts, ends=ends,
                                              subject=subject), teacher) for name in names]
    report.notes.append(_("Le fichier ne dit pas quels cours sont protégés : un cours identique à un cours déjà marqué "
                          "protégé le reste."))
    return plan(slots, (_("cours lus"), len(courses)), report, campaign, keep_protection=True)
