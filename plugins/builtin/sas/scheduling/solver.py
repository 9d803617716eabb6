"""The CP-SAT model of the parcours aménagé: which weekly group of each needed workshop a student joins.

Pure Python and OR-Tools, no Django: ``problem.py`` builds a :class:`Problem` from the database, tests
and ``bench/scheduling.py`` build it by hand. Hard constraints: one group of each needed workshop
per placed student, group capacity, no two groups of a student at overlapping times, no group over a
protected class of the student's division. A student who cannot get all their workshops is left out
with a :class:`Reason` rather than making the whole model infeasible. Soft objective (minimised):
unplaced students first, then students of one division or level together in a group (seed 000 asks
for « mixité des classes et profils »), groups opened below their minimum size, and minutes of
non-protected classes the student is excused from.
"""
from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True, order=True)
class Span:
    """A weekly time range in the campaign's time zone: weekday 1 (Monday) to 7, minutes since midnight."""

    weekday: int
    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.weekday == other.weekday and self.start < other.end and other.start < self.end

    @property
    def week_start(self) -> int:
        """Minutes since Monday 00:00, the interval's position in the solver's week."""
        return (self.weekday - 1) * MINUTES_PER_DAY + self.start


@dataclass(frozen=True)
class ClassPeriod:
    """A weekly class of a division; ``ref`` identifies it for the caller (the ClassSlot's id)."""

    span: Span
    protected: bool
    ref: int = 0


@dataclass(frozen=True)
class Group:
    """The sessions of one workshop at one weekly slot, which a student joins for the whole programme.

    ``members`` are the (division, level) of students already planned in the group: they take seats
    and count in its mix.
    """

    key: str
    workshop: int
    span: Span
    size_min: int
    size_max: int
    members: tuple[tuple[str, str], ...] = ()

    @property
    def seats(self) -> int:
        return max(0, self.size_max - len(self.members))


@dataclass(frozen=True)
class Student:
    key: int
    division: str
    level: str
    needs: tuple[int, ...]


@dataclass(frozen=True)
class Problem:
    students: tuple[Student, ...]
    groups: tuple[Group, ...]
    timetables: dict[str, tuple[ClassPeriod, ...]] = field(default_factory=dict)  # division → its classes


@dataclass(frozen=True)
class Weights:
    """Objective coefficients. An excused minute costs 1, so a second student of the same division in
    a group weighs as much as two hours of excused class a week."""

    unplaced: int = 100_000
    same_division: int = 120
    same_level: int = 40
    below_minimum: int = 150
    excused_minute: int = 1


class Reason(enum.Enum):
    NO_GROUP = "no_group"                 # the workshop has no session at all
    PROTECTED_CLASH = "protected_clash"   # every group of the workshop overlaps a protected class
    NO_SEAT = "no_seat"                   # every group left is already full with planned students
    SELF_CLASH = "self_clash"             # no choice of groups avoids an overlap between the student's workshops
    FULL = "full"                         # clash-free choices exist, but their seats went to other students


@dataclass(frozen=True)
class Unplaced:
    student: int
    reason: Reason
    workshop: int | None = None


@dataclass(frozen=True)
class Solution:
    status: str                              # optimal, feasible, infeasible, unknown, model_invalid
    assignment: dict[int, tuple[str, ...]]   # placed student → group keys
    unplaced: tuple[Unplaced, ...]
    objective: float
    wall_time: float


def excused(span: Span, periods: tuple[ClassPeriod, ...]) -> list[ClassPeriod]:
    """The non-protected classes a group at ``span`` takes the student out of."""
    return [period for period in periods if not period.protected and period.span.overlaps(span)]


def _candidates(problem: Problem, student: Student) -> tuple[dict[int, list[Group]], Unplaced | None]:
    """Per needed workshop, the groups the student could join on their own, or why none is left."""
    periods = problem.timetables.get(student.division, ())
    protected = [period.span for period in periods if period.protected]
    candidates = {}
    for workshop in sorted(set(student.needs)):
        groups = [group for group in problem.groups if group.workshop == workshop]
        if not groups:
            return {}, Unplaced(student.key, Reason.NO_GROUP, workshop)
        groups = [group for group in groups if not any(group.span.overlaps(span) for span in protected)]
        if not groups:
            return {}, Unplaced(student.key, Reason.PROTECTED_CLASH, workshop)
        groups = [group for group in groups if group.seats]
        if not groups:
            return {}, Unplaced(student.key, Reason.NO_SEAT, workshop)
        candidates[workshop] = groups
    if not _clash_free_choice(list(candidates.values()), []):
        return {}, Unplaced(student.key, Reason.SELF_CLASH)
    return candidates, None


def _clash_free_choice(options: list[list[Group]], chosen: list[Group]) -> bool:
    """Whether one group per list can be chosen with no two overlapping (a student has a handful of needs)."""
    if not options:
        return True
    return any(
        _clash_free_choice(options[1:], [*chosen, group])
        for group in options[0] if not any(group.span.overlaps(other.span) for other in chosen)
    )


def first_fit(problem: Problem) -> dict[int, tuple[str, ...]]:
    """Each student in turn takes the first group of each need that has a seat and clashes with nothing.

    Fast and order-dependent: the solver starts from it (a hint), the benchmark compares against it.
    """
    seats = {group.key: group.seats for group in problem.groups}
    assignment = {}
    for student in problem.students:
        candidates, refused = _candidates(problem, student)
        if refused:
            continue
        chosen: list[Group] = []
        for groups in candidates.values():
            group = next((g for g in groups if seats[g.key] and not any(g.span.overlaps(o.span) for o in chosen)), None)
            if group is None:
                break
            chosen.append(group)
        else:
            for group in chosen:
                seats[group.key] -= 1
            assignment[student.key] = tuple(sorted(group.key for group in chosen))
    return assignment


def _group_cost(model: cp_model.CpModel, group: Group, joined: list[tuple[Student, cp_model.IntVar]],
                weights: Weights) -> list:
    """A group's penalties: each student beyond the first of a division (or level), seats short of the minimum."""
    cost = []
    for index, attribute, weight in ((0, "division", weights.same_division), (1, "level", weights.same_level)):
        if not weight:
            continue
        present = defaultdict(int)
        for member in group.members:
            present[member[index]] += 1
        newcomers = defaultdict(list)
        for student, join in joined:
            newcomers[getattr(student, attribute)].append(join)
        for value, variables in sorted(newcomers.items()):
            excess = model.new_int_var(0, group.size_max, f"excess_{attribute}_{group.key}_{value}")
            model.add(excess >= sum(variables) + present[value] - 1)
            cost.append(weight * excess)
    if weights.below_minimum and group.size_min > 1:
        size = sum(join for _student, join in joined) + len(group.members)
        opened = model.new_bool_var(f"opened_{group.key}")
        model.add(size >= 1).only_enforce_if(opened)
        model.add(size == 0).only_enforce_if(~opened)
        shortfall = model.new_int_var(0, group.size_min, f"shortfall_{group.key}")
        model.add(shortfall >= group.size_min - size).only_enforce_if(opened)
        cost.append(weights.below_minimum * shortfall)
    return cost


def default_time_limit(problem: Problem) -> float:
    """3 units of deterministic time, one more per 40 students (120 students needed 6 to improve on first-fit)."""
    return 3.0 + len(problem.students) / 40


def solve(problem: Problem, weights: Weights = Weights(), time_limit: float | None = None) -> Solution:
    """Assign groups, starting from :func:`first_fit`.

    One thread, a fixed seed and a limit in CP-SAT's deterministic time (``time_limit``, close to seconds
    on an idle machine; :func:`default_time_limit` by default) give the same answer for the same problem. There is no wall-clock limit on
    purpose: with one, CP-SAT paces its strategies by the clock and the answer changes with the load.
    """
    model = cp_model.CpModel()
    unplaced: list[Unplaced] = []
    placed: dict[int, cp_model.IntVar] = {}
    joins: dict[tuple[int, str], cp_model.IntVar] = {}
    joined: dict[str, list[tuple[Student, cp_model.IntVar]]] = defaultdict(list)
    cost = []
    for student in problem.students:
        candidates, refused = _candidates(problem, student)
        if refused:
            unplaced.append(refused)
            continue
        placed[student.key] = is_placed = model.new_bool_var(f"placed_{student.key}")
        cost.append(weights.unplaced * (1 - is_placed))
        periods = problem.timetables.get(student.division, ())
        intervals = []
        for groups in candidates.values():
            for group in groups:
                joins[student.key, group.key] = join = model.new_bool_var(f"join_{student.key}_{group.key}")
                joined[group.key].append((student, join))
                span = group.span
                intervals.append(model.new_optional_fixed_size_interval_var(
                    span.week_start, span.end - span.start, join, f"slot_{student.key}_{group.key}"))
                minutes = sum(p.span.end - p.span.start for p in excused(span, periods))
                if minutes and weights.excused_minute:
                    cost.append(weights.excused_minute * minutes * join)
            model.add(sum(joins[student.key, group.key] for group in groups) == is_placed)
        model.add_no_overlap(intervals)

    for group in problem.groups:
        if joined[group.key]:
            model.add(sum(join for _student, join in joined[group.key]) <= group.seats)
            cost.extend(_group_cost(model, group, joined[group.key], weights))

    model.minimize(sum(cost))
    hint = first_fit(problem)
    for student, var in placed.items():
        model.add_hint(var, student in hint)
    for (student, key), var in joins.items():
        model.add_hint(var, key in hint.get(student, ()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    # One thread taking turns between CP-SAT's strategies (local search around the incumbent included):
    # still deterministic, and a little better than the plain search on bench/scheduling.py.
    solver.parameters.interleave_search = True
    solver.parameters.random_seed = 0
    solver.parameters.max_deterministic_time = default_time_limit(problem) if time_limit is None else time_limit
    status = solver.solve(model)
    name = solver.status_name(status).lower()
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Solution(name, {}, tuple(unplaced), 0.0, solver.wall_time)
    assignment = defaultdict(list)
    for (student, key), var in joins.items():
        if solver.boolean_value(var):
            assignment[student].append(key)
    unplaced += [Unplaced(student, Reason.FULL) for student, var in placed.items() if not solver.boolean_value(var)]
    return Solution(name, {s: tuple(sorted(keys)) for s, keys in assignment.items()}, tuple(unplaced),
                    solver.objective_value, solver.wall_time)
