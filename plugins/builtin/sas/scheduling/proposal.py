"""The solver's answer as the Planification screen shows it: groups with their mix, each student's
timetable and excused classes, and the students left out with the French reason; in placement mode the
groups opened, with a room each, and why a student's workshops found no slot."""
from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..models import AppliedPlan, ClassSlot, Student, StudentCase
from . import solver
from .problem import PLACE, GroupInfo, Planning, excused_text

STATUS_LABELS = {
    "optimal": _("solution optimale"),
    "feasible": _("solution réalisable, peut-être pas la meilleure (limite de temps atteinte)"),
    "infeasible": _("aucune solution"),
    "unknown": _("aucune solution trouvée dans la limite de temps"),
    "first_fit": _("plan glouton (chaque élève prend le premier groupe qui convient) : le calcul n'a rien trouvé de "
                   "mieux dans sa limite de temps"),
    "model_invalid": _("modèle invalide"),
}

PIN_REFUSALS = {
    solver.PinRefusal.UNKNOWN: _("ce groupe n'existe plus (séances déplacées ou supprimées)"),
    solver.PinRefusal.NOT_NEEDED: _("l'atelier de ce groupe n'est pas proposé à l'élève"),
    solver.PinRefusal.PROTECTED_CLASH: _("le groupe tombe sur un cours protégé de sa classe"),
    solver.PinRefusal.OVER_CAPACITY: _("plus d'élèves épinglés que de places dans le groupe"),
    solver.PinRefusal.PIN_CLASH: _("chevauche un autre groupe épinglé pour lui, ou le même atelier"),
    solver.PinRefusal.FACILITATOR_BUSY: _("l'intervenant anime déjà un autre groupe épinglé à cette heure"),
    solver.PinRefusal.SPACE_FULL: _("les salles accueillent déjà autant d'ateliers que possible à cette heure"),
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
    solver.Reason.PINNED: _(
        "Avec ses groupes épinglés, aucun choix de groupes avec une place libre n'évite un chevauchement pour ses "
        "autres ateliers."),
}
PLACEMENT_REASONS = {
    solver.Reason.NO_GROUP: _(
        "L'atelier « %(workshop)s » n'a aucune séance et aucun de ses intervenants n'a déclaré de disponibilité."),
    solver.Reason.FULL: _("Aucun choix de créneaux ne lui donne tous ses ateliers :"),
    solver.Reason.PINNED: _("Avec ses groupes épinglés, aucun choix de créneaux ne lui donne ses autres ateliers :"),
}
# Students the first stage left out itself; every other reason is found before the model is built.
SOLVER_LEFT_OUT = (solver.Reason.FULL, solver.Reason.PINNED)
STAGE_LABELS = {
    "unplaced": _("1. élèves non placés"),
    "quality": _("2. ensemble, à nombre d'élèves placés fixé : élèves de même classe ou de même niveau dans un "
                 "groupe, places manquantes sous la taille minimale, minutes de cours manquées"),
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
class Change:
    """A student whose groups differ from the previous proposal's."""

    case: StudentCase
    before: list[GroupInfo]
    after: list[GroupInfo]


@dataclass
class SinceApplied:
    """What the proposal changes against the last plan applied: groups opened or left, students moved."""

    applied: AppliedPlan
    opened: list[str]
    closed: list[str]
    moved: list[Change]


@dataclass
class Proposal:
    planning: Planning
    solution: solver.Solution
    groups: list[GroupPlan]          # groups that are used, by this proposal or by seated students
    students: list[StudentPlan]
    unplaced: list[tuple[StudentCase, str]]
    changes: list[Change] | None = None            # None: no previous proposal to compare with
    refused_pins: list[tuple[StudentCase | None, str, str]] = ()   # (case, group label, reason)
    under_minimum: list[tuple[GroupPlan, list[str]]] = ()   # groups under their minimum, why others are not in
    since_applied: SinceApplied | None = None      # None: no plan applied yet

    @property
    def placing(self) -> bool:
        return self.planning.mode == PLACE

    @property
    def stages(self) -> list[tuple[str, object]]:
        """Each stage with its label. The solver's first stage counts only the students some group could take;
        those none can take (listed with their reason) are added to its value and bound, so that the line reads
        as the number of students left unplaced, the same as the headline's « n placés sur m »."""
        left_out = sum(1 for unplaced in self.solution.unplaced if unplaced.reason not in SOLVER_LEFT_OUT)
        shown = []
        for stage in self.solution.stages:
            if stage.name == "unplaced" and left_out:
                stage = dataclasses.replace(stage, objective=stage.objective + left_out, bound=stage.bound + left_out)
            shown.append((str(STAGE_LABELS.get(stage.name, stage.name)), stage))
        return shown

    @property
    def below_minimum(self) -> list[GroupPlan]:
        return [group for group in self.groups if group.below_minimum]

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.solution.status, self.solution.status))


def reason_text(planning: Planning, unplaced: solver.Unplaced, solution: solver.Solution | None = None) -> str:
    names = {w.pk: w.name for w in planning.cases[unplaced.student].interview.workshops_needed.all()}
    reasons = PLACEMENT_REASONS if planning.mode == PLACE and unplaced.reason in PLACEMENT_REASONS else REASONS
    text = reasons[unplaced.reason] % {"workshop": names.get(unplaced.workshop, "")}
    if reasons is PLACEMENT_REASONS and solution is not None and unplaced.reason != solver.Reason.NO_GROUP:
        text += " " + " ; ".join(slot_obstacles(planning, solution, unplaced.student))
    if unplaced.reason == solver.Reason.PROTECTED_CLASH:
        case = planning.cases[unplaced.student]
        slots = [planning.class_slots[ref] for ref in _protected_under(planning, case, unplaced.workshop)]
        text += " " + str(_("Cours protégés en cause : %(classes)s.")) % {"classes": excused_text(slots)}
    return text


def slot_obstacles(planning: Planning, solution: solver.Solution, case_id: int) -> list[str]:
    """Placement mode: for each workshop of the student, each of its groups and what keeps the student out of it
    (protected class at that hour, full, its facilitator leading another group then, the space full then)."""
    case = planning.cases[case_id]
    periods = planning.problem.timetables.get(case.student.division, ())
    used = Counter(key for keys in solution.assignment.values() for key in keys)
    running = [info for key, info in planning.groups.items()
               if not info.group.optional or key in solution.opened]
    texts = []
    for workshop in case.interview.workshops_needed.all():
        obstacles = []
        for key, info in planning.groups.items():
            group = info.group
            if group.workshop != workshop.pk:
                continue
            protected = [planning.class_slots[p.ref] for p in periods if p.protected and p.span.overlaps(group.span)]
            busy = [other for other in running if other.group.optional and other.group.key != key
                    and other.group.facilitator == group.facilitator and other.group.span.overlaps(group.span)]
            at_once = [other for other in running if other.group.key != key and other.group.span.overlaps(group.span)]
            if protected:
                why = _("cours protégé %(classes)s") % {"classes": excused_text(protected)}
            elif group.optional and key not in solution.opened and busy:
                why = _("l'intervenant anime « %(other)s » à cette heure") % {"other": busy[0].workshop.name}
            elif group.optional and key not in solution.opened and planning.problem.tracks is not None \
                    and len(at_once) >= planning.problem.tracks:
                why = _("les salles sont toutes prises à cette heure (%(count)d ateliers)") % {"count": len(at_once)}
            elif used[key] + len(group.members) >= group.size_max:
                why = _("complet")
            else:
                why = _("ne se combine avec aucun choix possible pour ses autres ateliers")
            obstacles.append(f"{group_label(info)} : {why}")
        if obstacles:
            texts.append(f"{workshop.name} — " + ", ".join(obstacles))
    return texts


def group_label(info: GroupInfo) -> str:
    """« lundi 10:00-12:00, Micro-lycée (M. Dupont) »: the facilitator named for placement candidates."""
    user = info.facilitator
    return f"{info.label} ({user.get_full_name() or user.get_username()})" if user else info.label


def _protected_under(planning: Planning, case: StudentCase, workshop: int) -> list[int]:
    """The protected classes of the case's division under the groups of ``workshop``."""
    periods = planning.problem.timetables.get(case.student.division, ())
    spans = [info.group.span for info in planning.groups.values() if info.group.workshop == workshop]
    return sorted({p.ref for p in periods if p.protected and any(p.span.overlaps(span) for span in spans)})


def why_not_in(planning: Planning, solution: solver.Solution, key: str) -> list[str]:
    """For a group left under its minimum: each student needing its workshop and not in it, and what keeps them out."""
    info = planning.groups[key]
    span = info.group.span
    reasons = []
    for case_id, case in planning.cases.items():
        keys = solution.assignment.get(case_id, ())
        needs = {w.pk for w in case.interview.workshops_needed.all()}
        if info.group.workshop not in needs or key in keys:
            continue
        periods = planning.problem.timetables.get(case.student.division, ())
        protected = [planning.class_slots[p.ref] for p in periods if p.protected and p.span.overlaps(span)]
        clash = [planning.groups[k] for k in keys if planning.groups[k].group.span.overlaps(span)]
        same = [planning.groups[k] for k in keys if planning.groups[k].group.workshop == info.group.workshop]
        if protected:
            why = _("cours protégé à cette heure : %(classes)s") % {"classes": excused_text(protected)}
        elif clash:
            why = _("a un autre atelier à cette heure (%(group)s)") % {
                "group": f"{clash[0].workshop.name}, {clash[0].label}"}
        elif same:
            why = _("est dans l'autre groupe %(group)s, qui coûte moins au total (mixité, taille minimale, cours "
                    "manqués)") % {"group": same[0].label}
        elif not keys:
            why = _("n'est pas placé")
        else:
            why = _("le groupe est complet")
        reasons.append(f"{case.student} ({case.student.division}) : {why}")
    return reasons


def _changes(planning: Planning, solution: solver.Solution, previous: dict[int, tuple[str, ...]]) -> list[Change]:
    groups = planning.groups
    changes = []
    for case_id in sorted(set(previous) | set(solution.assignment), key=lambda c: str(planning.cases[c].student)
                          if c in planning.cases else ""):
        if case_id not in planning.cases:
            continue
        before = tuple(sorted(k for k in previous.get(case_id, ()) if k in groups))
        after = solution.assignment.get(case_id, ())
        if before != after:
            changes.append(Change(planning.cases[case_id], [groups[k] for k in before], [groups[k] for k in after]))
    return changes


def assign_rooms(planning: Planning, opened: tuple[str, ...]) -> dict[str, str]:
    """A room for each opened candidate group: by start time, the first room with a place left at that time
    (greedy by start is exact for interval partitioning). The groups whose sessions exist keep their room."""
    taken = [(info.room, info.group.span) for info in planning.groups.values() if not info.group.optional]
    rooms = {}
    for key in sorted(opened, key=lambda k: (planning.groups[k].group.span, k)):
        span = planning.groups[key].group.span
        for room in planning.rooms:
            if sum(1 for name, other in taken if name == room.name and other.overlaps(span)) < room.concurrent_workshops:
                rooms[key] = room.name
                taken.append((room.name, span))
                break
    return rooms


def _since_applied(planning: Planning, solution: solver.Solution) -> SinceApplied | None:
    applied = AppliedPlan.objects.filter(campaign=planning.campaign).first()
    if applied is None:
        return None
    before = set(applied.groups.values())
    labels = {f"{info.workshop.name}, {info.label}" for key, info in planning.groups.items()
              if info.group.members or any(key in keys for keys in solution.assignment.values())
              or key in solution.opened}
    previous = {int(case_id): tuple(keys) for case_id, keys in applied.assignment.items()
                if int(case_id) in planning.cases}
    moved = [change for change in _changes(planning, solution, previous) if int(change.case.pk) in previous]
    return SinceApplied(applied, sorted(labels - before), sorted(before - labels), moved)


def propose(planning: Planning, previous: dict[int, tuple[str, ...]] | None = None) -> Proposal:
    """Solve, starting from ``previous`` (the proposal shown before) and saying what changed since it and since
    the last plan applied."""
    solution = solver.solve(planning.problem, previous=previous)
    for key, room in assign_rooms(planning, solution.opened).items():
        planning.groups[key] = dataclasses.replace(planning.groups[key], room=room)
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
        if members or info.group.members or key in solution.opened:
            divisions = Counter(d for d, _level in info.group.members) + Counter(c.student.division for c in members)
            levels = Counter(lv for _d, lv in info.group.members) + Counter(c.student.level for c in members)
            groups.append(GroupPlan(info, members, divisions, levels))
    unplaced = [(planning.cases[u.student], reason_text(planning, u, solution)) for u in solution.unplaced]
    refused = [(planning.cases.get(pin.student), group_label(planning.groups[pin.group])
                if pin.group in planning.groups else pin.group, str(PIN_REFUSALS[pin.reason]))
               for pin in solution.refused_pins]
    proposal = Proposal(planning, solution, groups, students, unplaced,
                        _changes(planning, solution, previous) if previous is not None else None, refused)
    proposal.under_minimum = [(group, why_not_in(planning, solution, group.info.group.key))
                              for group in proposal.below_minimum]
    proposal.since_applied = _since_applied(planning, solution)
    return proposal
