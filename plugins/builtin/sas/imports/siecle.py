"""Students from SIECLE's XML export « ElevesSansAdresses.xml » (BEE_ELEVES), beside the CSV import.

Read: ``DONNEES/ELEVES/ELEVE`` (attribute ELEVE_ID, NOM_DE_FAMILLE or NOM_USAGE, PRENOM, CODE_SEXE,
CODE_MEF, DATE_SORTIE) and each student's division in ``DONNEES/STRUCTURES/STRUCTURES_ELEVE``
(the STRUCTURE whose TYPE_STRUCTURE is « D »). The INE (ID_NATIONAL), the birth date and everything
else is ignored: nothing of it is stored. Students are keyed by ELEVE_ID, so a new export updates them.
"""
from __future__ import annotations

from django.utils.translation import gettext as _, ngettext

from ..models import Student
from . import values
from .students import DIVISION, FIRST_NAME, LAST_NAME, SEX, plan
from .xml_reader import XmlDocument, text

ROOT = "BEE_ELEVES"
DETAIL = "import XML SIECLE des élèves"
DIVISION_TYPE = "D"
# A MEF code is a 3-digit « dispositif de formation », 5 digits of speciality, the length of the cycle and
# the year in it (« 2472521131 »: bac pro in 3 years, 1st year, i.e. seconde professionnelle).
MEF_LEVELS = {
    ("241", "1"): Student.Level.CAP1, ("241", "2"): Student.Level.CAP2,
    ("247", "1"): Student.Level.SECONDE_PRO, ("247", "2"): Student.Level.PREMIERE_PRO, ("247", "3"): Student.Level.TERMINALE_PRO,
}


def mef_level(code: str) -> str:
    return MEF_LEVELS.get((code[:3], code[9:10]), Student.Level.OTHER) if len(code) >= 10 else Student.Level.OTHER


def _divisions(document: XmlDocument) -> dict[str, str]:
    """ELEVE_ID → code of the student's division."""
    found = {}
    for structures in document.root.iterfind("DONNEES/STRUCTURES/STRUCTURES_ELEVE"):
        local_id = (structures.get("ELEVE_ID") or "").strip()
        for structure in structures.iterfind("STRUCTURE"):
            if text(structure, "TYPE_STRUCTURE") == DIVISION_TYPE and text(structure, "CODE_STRUCTURE"):
                found[local_id] = text(structure, "CODE_STRUCTURE")
    return found


def _element_error(report, document, element, local_id: str, message: str) -> None:
    report.error(document.line(element), _("élément ELEVE (ELEVE_ID « %(id)s ») : %(message)s") % {"id": local_id, "message": message})


def prepare(document: XmlDocument, report, *, establishment, campaign=None):
    divisions = _divisions(document)
    students = document.root.findall("DONNEES/ELEVES/ELEVE")
    if not students:
        report.error(None, _("Aucun élément DONNEES/ELEVES/ELEVE : ce fichier ne contient aucun élève."))
        return None
    planned, first_seen, unknown_mefs, left = {}, {}, set(), 0
    for element in students:
        report.check_time()
        local_id = (element.get("ELEVE_ID") or "").strip()
        if not local_id:
            report.error(document.line(element), _("élément ELEVE sans attribut ELEVE_ID"))
            continue
        if text(element, "DATE_SORTIE"):
            left += 1
            continue
        failures = []

        def read(reader, raw, column, *args):
            try:
                return reader(raw, column.label, *args)
            except values.BadValue as bad:
                failures.append(str(bad))
                return None

        data = {
            "last_name": read(values.text, text(element, "NOM_USAGE") or text(element, "NOM_DE_FAMILLE"), LAST_NAME, 100),
            "first_name": read(values.text, text(element, "PRENOM"), FIRST_NAME, 100),
            "division": read(values.text, divisions.get(local_id, ""), DIVISION, 50),
            "level": mef_level(text(element, "CODE_MEF")),
            "sex": read(values.sex, text(element, "CODE_SEXE"), SEX),
        }
        if len(local_id) > 40:
            failures.append(_("ELEVE_ID trop long (40 caractères au plus)"))
        if local_id in first_seen:
            failures.append(_("ELEVE_ID déjà présent ligne %(line)d") % {"line": first_seen[local_id]})
        for message in failures:
            _element_error(report, document, element, local_id, message)
        if failures:
            continue
        first_seen[local_id] = document.line(element) or 0
        if data["level"] == Student.Level.OTHER:
            unknown_mefs.add(text(element, "CODE_MEF") or "?")
        planned[local_id] = data
    if left:
        report.notes.append(ngettext("%(n)d élève sorti de l'établissement (DATE_SORTIE renseignée) ignoré.",
                                     "%(n)d élèves sortis de l'établissement (DATE_SORTIE renseignée) ignorés.", left) % {"n": left})
    report.notes.append(_("L'INE (ID_NATIONAL), la date de naissance et les autres éléments du fichier sont ignorés : "
                          "rien n'en est enregistré."))
    return plan(planned, (_("élèves lus"), len(students)), {_("MEF %(code)s") % {"code": code} for code in unknown_mefs},
                report, establishment, DETAIL)
