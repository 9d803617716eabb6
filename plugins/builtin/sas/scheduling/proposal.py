"""The solver's answer as the Planification screen shows it: groups with their mix, each student's
timetable and excused classes, and the students left out with the French reason."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..models import ClassSlot, Student, StudentCase
from . import solver
from .problem import GroupInfo, Planning, excused_text

STATUS_LABELS = {
    "optimal": _("solution optimale"),
    "feasible": _("solution réalisable, peut-être pas la meilleure (limite de temps atteinte)"),
    "infeasible": _("aucune solution"),
    "unknown": _("aucune solution trouvée dans la limite de temps"),
    "model_invalid": _("modèle invalide"),
}

REASONS = {
    solver.Reason.NO_GROUP: _("L'atelier « %(workshop)s » n'a aucune séance."),
    solver.Reason.PROTECTED_CLASH: _(
        "Tous les groupes de l'atelier « %(workshop)s » tombent sur un cours protégé de sa classe."),
    solver.Reason.NO_SEAT: _(
        "Les groupes de l'atelier « %(workshop)s » hors de ses cours protégés sont déjà complets."),
    solver.Reason.SELF_CLASH: _("Aucun choix de groupes n'évite un chevauchement entre ses ateliers."),
    solver.Reason.FULL: _(
        "Les groupes compatibles avec son emploi du temps sont complets : les places sont allées à d'autres élèves."),
}


@dataclass
class GroupPlan:
    info: GroupInfo
    students: list[StudentCase]      # placed by this proposal
    divisions: Counter               # every member's division, already seated ones included
    levels: Counter

    @property
    def size(self) -> int:
        return len(self.students) + len(self.info.group.members)

    @property
    def below_minimum(self) -> bool:
        return 0 < self.size < self.info.group.size_min

    @property
    def division_mix(self) -> list[tuple[str, int]]:
        return sorted(self.divisions.items(), key=lambda item: (-item[1], item[0]))

    @property
    def level_mix(self) -> list[tuple[str, int]]:
        labels = dict(Student.Level.choices)
        return [(str(labels.get(level, level)), n) for level, n in sorted(self.levels.items(), key=lambda i: (-i[1], i[0]))]


@dataclass
class StudentPlan:
    case: StudentCase
    groups: list[GroupInfo]
    excused: list[ClassSlot]

    @property
    def excused_text(self) -> str:
        return excused_text(self.excused)


@dataclass
class Proposal:
    planning: Planning
    solution: solver.Solution
    groups: list[GroupPlan]          # groups that are used, by this proposal or by seated students
    students: list[StudentPlan]
    unplaced: list[tuple[StudentCase, str]]

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.solution.status, self.solution.status))


def reason_text(planning: Planning, unplaced: solver.Unplaced) -> str:
    names = {w.pk: w.name for w in planning.cases[unplaced.student].interview.workshops_needed.all()}
    return REASONS[unplaced.reason] % {"workshop": names.get(unplaced.workshop, "")}


def propose(planning: Planning) -> Proposal:
    solution = solver.solve(planning.problem)
    placed_in: dict[str, list[StudentCase]] = {key: [] for key in planning.groups}
    students = []
    for case_id, keys in sorted(solution.assignment.items(), key=lambda item: str(planning.cases[item[0]].student)):
        case = planning.cases[case_id]
        for key in keys:
            placed_in[key].append(case)
        groups = sorted((planning.groups[key] for key in keys), key=lambda info: info.group.span)
        students.append(StudentPlan(case, groups, planning.excused_slots(case, keys)))
    groups = []
    for key, info in planning.groups.items():
        members = placed_in[key]
        if members or info.group.members:
            divisions = Counter(d for d, _level in info.group.members) + Counter(c.student.division for c in members)
            levels = Counter(lv for _d, lv in info.group.members) + Counter(c.student.level for c in members)
            groups.append(GroupPlan(info, members, divisions, levels))
    unplaced = [(planning.cases[u.student], reason_text(planning, u)) for u in solution.unplaced]
    return Proposal(planning, solution, groups, students, unplaced)
