"""Classes and their weekly timetable from STS-web's export of the timetable software (``sts_emp_<UAI>_<année>.xml``).

Root STS_EDT. Read: the establishment's ``PARAMETRES/UAJ`` (CODE must be this establishment's UAI when it
has one), subjects (``NOMENCLATURES/MATIERES/MATIERE``, CODE → LIBELLE_LONG), teachers (``INDIVIDUS/
INDIVIDU``, ID → NOM_USAGE, PRENOM), and the courses of each division and group
(``STRUCTURE/DIVISIONS/DIVISION`` or ``GROUPES/GROUPE`` › SERVICES/SERVICE[CODE_MATIERE] › ENSEIGNANTS/
ENSEIGNANT[ID] › COURS_RATTACHES/COURS with JOUR 1-6, HEURE_DEBUT and DUREE as « hhmm »). A group's
course counts for each division it takes pupils from (DIVISIONS_APPARTENANCE). Teachers are keyed by
their STS id, so a new export updates them.
"""
from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from ..models import ClassSlot
from . import values
from .timetable import DIVISION, SUBJECT, WEEKDAY, TeacherRef, alternating_note, plan, slot_with_teacher
from .xml_reader import XmlDocument, text

ROOT = "STS_EDT"
WEEKLY = ("", "H")  # CODE_ALTERNANCE of a course given every week
HHMM = re.compile(r"^([0-9]{2})([0-9]{2})$")


def _hhmm(raw: str) -> tuple[int, int] | None:
    found = HHMM.match(raw)
    return (int(found[1]), int(found[2])) if found and int(found[2]) < 60 else None


def _uai_matches(document: XmlDocument, report, establishment) -> bool:
    element = document.root.find("PARAMETRES/UAJ")
    uai = (element.get("CODE") or "").strip() if element is not None else ""
    if establishment.uai and uai and uai.upper() != establishment.uai.upper():
        report.error(document.line(element),
                     _("export de l'établissement %(file)s, pas de celui-ci (%(uai)s) : rien n'est importé")
                     % {"file": uai, "uai": establishment.uai})
        return False
    return True


def _teachers(document: XmlDocument) -> dict[str, TeacherRef]:
    found = {}
    for individual in document.root.iterfind("DONNEES/INDIVIDUS/INDIVIDU"):
        local_id = (individual.get("ID") or "").strip()
        last_name = text(individual, "NOM_USAGE") or text(individual, "NOM_PATRONYMIQUE")
        if local_id and last_name:
            found[local_id] = TeacherRef(f"sts:{local_id}"[:120], last_name[:100], text(individual, "PRENOM")[:100])
    return found


def _structures(document: XmlDocument):
    """(element, division codes) for every division and group of the file."""
    for division in document.root.iterfind("DONNEES/STRUCTURE/DIVISIONS/DIVISION"):
        yield division, [(division.get("CODE") or "").strip()]
    for group in document.root.iterfind("DONNEES/STRUCTURE/GROUPES/GROUPE"):
        codes = [(d.get("CODE") or "").strip() for d in group.iterfind("DIVISIONS_APPARTENANCE/DIVISION_APPARTENANCE")]
        yield group, codes or [""]


def _course(document, report, course, divisions, subject, teacher, campaign) -> list[ClassSlot]:
    where = document.line(course)
    failures = []
    try:
        weekday = values.weekday(text(course, "JOUR"), WEEKDAY.label)
    except values.BadValue as bad:
        failures.append(str(bad))
    starts, length = _hhmm(text(course, "HEURE_DEBUT")), _hhmm(text(course, "DUREE"))
    if starts is None or starts[0] > 23:
        failures.append(_("HEURE_DEBUT « %(value)s » illisible (attendu hhmm, par exemple 0800)") % {"value": text(course, "HEURE_DEBUT")})
    if length is None or length == (0, 0):
        failures.append(_("DUREE « %(value)s » illisible (attendu hhmm, par exemple 0100)") % {"value": text(course, "DUREE")})
    if not all(divisions) or any(len(code) > 50 for code in divisions):
        failures.append(_("%(label)s sans CODE ou trop longue") % {"label": DIVISION.label})
    if not subject:
        failures.append(_("%(label)s inconnue (CODE_MATIERE absent des MATIERES)") % {"label": SUBJECT.label})
    if not failures:
        begin = dt.datetime.combine(dt.date.min, dt.time(*starts))
        end = begin + dt.timedelta(hours=length[0], minutes=length[1])
        if end.date() != dt.date.min:
            failures.append(_("le cours de %(start)s finirait après minuit") % {"start": f"{begin:%H:%M}"})
    for message in failures:
        report.error(where, _("élément COURS : %(message)s") % {"message": message})
    if failures:
        return []
    return [slot_with_teacher(ClassSlot(campaign=campaign, division=code, weekday=weekday, starts=begin.time(),
                                        ends=end.time(), subject=subject[:200]), teacher) for code in divisions]


def prepare(document: XmlDocument, report, *, campaign, establishment=None):
    if not _uai_matches(document, report, campaign.establishment):
        return None
    subjects = {(m.get("CODE") or "").strip(): text(m, "LIBELLE_LONG") or text(m, "LIBELLE_COURT") or text(m, "CODE_GESTION")
                for m in document.root.iterfind("DONNEES/NOMENCLATURES/MATIERES/MATIERE")}
    teachers = _teachers(document)
    slots, courses, alternating = [], 0, 0
    for structure, divisions in _structures(document):
        for service in structure.iterfind("SERVICES/SERVICE"):
            subject = subjects.get((service.get("CODE_MATIERE") or "").strip(), "")
            for teaching in service.iterfind("ENSEIGNANTS/ENSEIGNANT"):
                teacher = teachers.get((teaching.get("ID") or "").strip())
                for course in teaching.iterfind("COURS_RATTACHES/COURS"):
                    report.check_time()
                    courses += 1
                    alternating += text(course, "CODE_ALTERNANCE") not in WEEKLY
                    slots += _course(document, report, course, divisions, subject, teacher, campaign)
    if not courses:
        report.error(None, _("Aucun élément COURS_RATTACHES/COURS : ce fichier ne contient pas d'emploi du temps "
                             "(exportez-le depuis le logiciel d'emploi du temps vers STS-web)."))
        return None
    if alternating:
        report.notes.append(alternating_note(alternating))
    report.notes.append(_("Le fichier ne dit pas quels cours sont protégés : un cours identique à un cours déjà marqué "
                          "protégé le reste."))
    return plan(slots, (_("cours lus"), courses), report, campaign, keep_protection=True)
