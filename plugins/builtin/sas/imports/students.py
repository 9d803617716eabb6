"""Students from the school software's export, created or updated by their local id (ELEVE_ID).

Only the fields the SAS needs are read (id, names, class, level, sex); any other column, the
INE first of all, is ignored and named in the report.
"""
from __future__ import annotations

from itertools import islice

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import audit
from ..models import AuditLog, Student
from . import values
from .headers import Column, match
from .report import SAMPLE_ROWS
from .rows import Row

KIND = "students"
TITLE = gettext_lazy("Élèves (SIECLE, Pronote)")
DETAIL = "import CSV des élèves"

LOCAL_ID = Column("local_id", gettext_lazy("identifiant élève (ELEVE_ID)"), (
    "eleve id", "eleveid", "id eleve", "identifiant", "identifiant eleve", "numero eleve", "n eleve", "no eleve",
    "numero interne", "n interne",
))
LAST_NAME = Column("last_name", gettext_lazy("nom"), ("nom", "nom de famille", "nom d usage", "nom eleve"))
FIRST_NAME = Column("first_name", gettext_lazy("prénom"), ("prenom", "prenom eleve", "premier prenom", "prenom 1"))
DIVISION = Column("division", gettext_lazy("classe"), ("division", "classe", "code structure", "structure", "code division"))
LEVEL = Column("level", gettext_lazy("niveau"), ("niveau", "libelle mef", "mef", "lib mef", "formation"))
SEX = Column("sex", gettext_lazy("sexe"), ("sexe", "code sexe", "genre"))
COLUMNS = (LOCAL_ID, LAST_NAME, FIRST_NAME, DIVISION, LEVEL, SEX)


def prepare(table, report, *, establishment, campaign=None):
    """Check every line; return the function writing the students, or ``None`` if the header is unusable."""
    mapping = match(table, COLUMNS, report)
    if mapping is None:
        return None
    planned, first_seen, unknown_levels = {}, {}, set()
    for line, cells in table.rows:
        row = Row(line, cells, mapping, report)
        local_id = row.get(LOCAL_ID, values.text, 40)
        data = {
            "last_name": row.get(LAST_NAME, values.text, 100),
            "first_name": row.get(FIRST_NAME, values.text, 100),
            "division": row.get(DIVISION, values.text, 50),
            "level": row.get(LEVEL, values.level),
            "sex": row.get(SEX, values.sex),
        }
        if local_id in first_seen:
            row.fail(_("identifiant « %(id)s » déjà présent ligne %(line)d") % {"id": local_id, "line": first_seen[local_id]})
        if row.failed:
            continue
        first_seen[local_id] = line
        if data["level"] == Student.Level.OTHER:
            unknown_levels.add(row.cells[LEVEL.field])
        planned[local_id] = data
    return plan(planned, (_("lignes lues"), len(table.rows)), unknown_levels, report, establishment, DETAIL)


def plan(planned: dict[str, dict], read: tuple[str, int], unknown_levels: set[str], report, establishment, detail: str):
    """Counts (after ``read``: what was read, labelled) and sample of ``planned`` (local id → fields) against the
    stored students; returns the function writing them."""
    existing = {s.local_id: s for s in Student.objects.filter(establishment=establishment, local_id__in=list(planned))}
    changed = {
        local_id for local_id, data in planned.items()
        if local_id in existing and any(getattr(existing[local_id], name) != value for name, value in data.items())
    }
    new = len(planned) - len(existing)
    report.counts += [
        read, (_("nouveaux élèves"), new),
        (_("élèves modifiés"), len(changed)), (_("élèves inchangés"), len(existing) - len(changed)),
    ]
    report.sample([LOCAL_ID.label, LAST_NAME.label, FIRST_NAME.label, DIVISION.label, LEVEL.label, SEX.label], (
        [local_id, data["last_name"], data["first_name"], data["division"], Student.Level(data["level"]).label,
         Student.Sex(data["sex"]).label] for local_id, data in islice(planned.items(), SAMPLE_ROWS)))
    if unknown_levels:
        report.notes.append(_("Niveaux non reconnus, enregistrés comme « %(other)s » : %(labels)s.")
                            % {"other": Student.Level.OTHER.label, "labels": ", ".join(sorted(unknown_levels))})

    def write(user, progress):
        for done, (local_id, data) in enumerate(planned.items(), start=1):
            student = existing.get(local_id)
            if student is None:
                student = Student.objects.create(establishment=establishment, local_id=local_id, **data)
                audit.record(user, AuditLog.Action.CREATE, student, detail)
            elif local_id in changed:
                for name, value in data.items():
                    setattr(student, name, value)
                student.save(update_fields=list(data))
                audit.record(user, AuditLog.Action.UPDATE, student, detail)
            progress(done, len(planned))
        # Being in this year's export is what keeps a never-referred student (privacy.students_to_delete).
        Student.objects.filter(establishment=establishment, local_id__in=list(planned)).update(listed_on=timezone.localdate())

    return write
