"""The CP-SAT model of the parcours aménagé: which weekly group of each needed workshop a student joins.

Pure Python and OR-Tools, no Django: ``problem.py`` builds a :class:`Problem` from the database, tests
and ``bench/scheduling.py`` build it by hand. Hard constraints: one group of each needed workshop
per placed student, group capacity, no two groups of a student at overlapping times, no group over a
protected class of the student's division. A student who cannot get all their workshops is left out
with a :class:`Reason` rather than making the whole model infeasible. Soft objective (minimised):
unplaced students first, then students of one division or level together in a group (seed 000 asks
for « mixité des classes et profils »), groups opened below their minimum size, and minutes of
non-protected classes the student is excused from. When every student is placed, the second stage starts from
each workshop's part solved on its own (``workshops.py``; in placement mode all parts in one model with the
facilitators and the space): a lower bound the model's relaxation does not see, and a choice of groups to open
(see :func:`_quality`). The plan returned never costs more than the one the search started from.

Placement mode (« placer les groupes dans la semaine »): some groups are *optional* candidates, one per
workshop and slot a facilitator declared available (HSE); the solver opens those it needs. An opened
candidate takes its facilitator, who is never in two overlapping groups, and a track of the space
(``Problem.tracks``: how many workshops the rooms hold at once), never more than it holds at any time.
Overlaps are written as « at most one » over each maximal set of mutually overlapping spans (a clique of
the interval graph), whose linear relaxation is tight, rather than as a no-overlap constraint.
"""
from __future__ import annotations

import dataclasses
import enum
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from . import workshops

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
    facilitator: int | None = None     # who leads it, when the solver places it (placement mode)
    optional: bool = False             # a placement candidate: opened only if the solver chooses it

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
    pins: tuple[tuple[int, str], ...] = ()      # (student, group key) fixed by hand: kept if the student is placed
    tracks: int | None = None                   # workshops the space holds at once (placement mode; None: no limit)
    slot_pins: tuple[str, ...] = ()             # candidate groups the coordination fixed at their slot: always opened


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
    PINNED = "pinned"                     # their pins leave no clash-free choice with a seat for the other needs


class PinRefusal(enum.Enum):
    UNKNOWN = "unknown"                   # the student or the group is no longer in the problem
    NOT_NEEDED = "not_needed"             # the group's workshop is not among the student's needs
    PROTECTED_CLASH = "protected_clash"   # the group overlaps a protected class of the student's division
    OVER_CAPACITY = "over_capacity"       # more pins to the group than it has seats left
    PIN_CLASH = "pin_clash"               # overlaps (or repeats the workshop of) another pin of the student
    FACILITATOR_BUSY = "facilitator_busy"  # a group pinned to a slot whose facilitator leads another pinned group then
    SPACE_FULL = "space_full"             # more groups pinned at one time than the space holds


@dataclass(frozen=True)
class RefusedPin:
    student: int | None                   # None: a group pinned to its slot
    group: str
    reason: PinRefusal


@dataclass(frozen=True)
class Unplaced:
    student: int
    reason: Reason
    workshop: int | None = None


@dataclass(frozen=True)
class Solution:
    status: str                              # optimal, feasible, first_fit (greedy plan: nothing better found), …
    assignment: dict[int, tuple[str, ...]]   # placed student → group keys
    unplaced: tuple[Unplaced, ...]
    objective: float
    wall_time: float
    stages: tuple = ()                       # the Stage of each lexicographic step, in order
    refused_pins: tuple[RefusedPin, ...] = ()
    stats: dict = field(default_factory=dict)
    opened: tuple[str, ...] = ()             # the optional groups the plan opens (placement mode)

    @property
    def gap(self) -> float:
        """The largest relative gap of a stage to its proven bound (0.0 when every stage is proven optimal)."""
        return max((stage.gap for stage in self.stages), default=0.0)


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


def cliques(spans: list[Span]) -> list[list[int]]:
    """The maximal sets of mutually overlapping spans, as index lists (intervals: every overlapping set contains
    the start of one of them, so the sets « spans running at the start of span i » cover every clique)."""
    found = []
    for span in spans:
        running = frozenset(j for j, other in enumerate(spans) if other.weekday == span.weekday
                            and other.start <= span.start < other.end)
        if len(running) > 1:
            found.append(running)
    unique = set(found)
    return sorted(sorted(c) for c in unique if not any(c < other for other in unique))


class _Space:
    """Which optional groups can still be opened: their facilitator free, a track of the space free (first-fit)."""

    def __init__(self, problem: Problem):
        self.tracks = problem.tracks
        self.fixed = [group for group in problem.groups if not group.optional]
        pinned = _valid_slot_pins(problem, [])
        self.opened: list[Group] = [group for group in problem.groups if group.key in pinned]

    def can_open(self, group: Group) -> bool:
        if any(o.facilitator == group.facilitator and o.span.overlaps(group.span) for o in self.opened):
            return False
        return self.tracks is None or _fits(group, [*self.fixed, *self.opened], self.tracks)


def first_fit(problem: Problem) -> dict[int, tuple[str, ...]]:
    """Each student in turn takes the first group of each need that has a seat and clashes with nothing; in
    placement mode a candidate group is opened when the first open one does not fit and its facilitator and a
    track of the space are free.

    Fast and order-dependent: the solver starts from it (a hint), the benchmark compares against it.
    """
    seats = {group.key: group.seats for group in problem.groups}
    space = _Space(problem)
    assignment = {}
    for student in problem.students:
        candidates, refused = _candidates(problem, student)
        if refused:
            continue
        chosen: list[Group] = []
        for groups in candidates.values():
            free = [g for g in groups if seats[g.key] and not any(g.span.overlaps(o.span) for o in chosen)]
            group = next((g for g in free if not g.optional or g in space.opened), None)
            if group is None:
                group = next((g for g in free if g.optional and g not in space.opened and space.can_open(g)), None)
            if group is None:
                break
            chosen.append(group)
        else:
            for group in chosen:
                seats[group.key] -= 1
                if group.optional and group not in space.opened:
                    space.opened.append(group)
            assignment[student.key] = tuple(sorted(group.key for group in chosen))
    return assignment


def _group_cost(group: Group, joined: list[tuple[Student, cp_model.IntVar]], weights: Weights, model: cp_model.CpModel,
                opened) -> list:
    """A group's penalties: each student beyond the first of a division (or level), seats short of the minimum.

    Written so that the linear relaxation stays close to the integer problem: one « present » indicator per
    division (or level) in the group, bounded above by every newcomer's join (the excess is then the count
    minus the indicator, the convex hull of max(0, count - 1)), and the shortfall as ``minimum × opened − size``
    instead of a constraint that only holds when the group is opened (whose relaxation is empty).
    """
    cost = []
    size = sum(join for _student, join in joined) + len(group.members)
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
            if present[value]:
                cost.append(weight * sum(variables))     # every newcomer is an extra one of the value
                continue
            if len(variables) == 1:
                continue                                 # one newcomer alone is never an excess
            there = model.new_bool_var(f"{attribute}_{group.key}_{value}")
            for join in variables:
                model.add_implication(join, there)
            model.add(there <= sum(variables))
            cost.append(weight * (sum(variables) - there))
    if weights.below_minimum and group.size_min > 1:
        shortfall = model.new_int_var(0, group.size_min, f"shortfall_{group.key}")
        model.add(shortfall >= group.size_min * opened - size)
        cost.append(weights.below_minimum * shortfall)
    return cost


# The quality stage's portfolio: the search with the full linear relaxation and cuts (« max_lp », which does
# the proving) and a restarting search with the relaxation (« quick_restart », which finds plans), beside the
# neighbourhood searches CP-SAT always interleaves. The full portfolio spent its time in strategies without
# the relaxation (no_lp, quick_restart_no_lp), default_lp, core and pseudo_costs: 60 students proven in 1.9
# deterministic units (both stages) instead of 5.4, 120 students' gap 7.1 % instead of 13.1 % (bench/RESULTS.md).
QUALITY_SUBSOLVERS = ("max_lp", "quick_restart")
# In placement mode the restarting search without the relaxation finds better plans (60 students: gap 17.8 %
# instead of 24.6 %; 30: 15.2 % instead of 18.9 %), while in assign mode it lost the 60-student proof time.
PLACEMENT_QUALITY_SUBSOLVERS = ("max_lp", "quick_restart_no_lp")
# The first stage's (students placed): the default linear relaxation, which gives the bound, core-based bounding
# and two searches without the relaxation, which find plans. The full portfolio's max_lp, quick_restart and
# reduced_costs spent their first turn (35-45 s at 300 students on a loaded machine) in the root relaxation.
PLACING_SUBSOLVERS = ("default_lp", "core", "no_lp", "quick_restart_no_lp")
# The quality stage's last step when its plan is already within 1 % of the bound (see _quality): only the
# proof is left, which the full relaxation alone does best (120 students: 2.25 units; with quick_restart,
# reduced_costs or pseudo_costs interleaved 4.36, with core-based bounding 6.41).
PROVING_SUBSOLVERS = ("max_lp",)


# Placement mode: up to this many students the joint model counts each workshop's groups opened and each class's
# students at one moment (a proof at 60 students in 1.04 units, gap 1.5 % instead of 4.4 % at 120); beyond, it
# found no plan in its share (300: the stage's gap then 100 %, the first-fit plan, instead of 9.6 %), and a
# proof is out of reach anyway.
COUNTED_UP_TO = 200


# Wall-clock safeguard of solve(), in seconds: a plan within a minute for 300 students on a loaded machine.
WALL_LIMIT = 50.0


def default_time_limit(problem: Problem) -> float:
    """Deterministic time for both stages: 4 units, one more per 20 students (the search stops at the proof)."""
    return 4.0 + len(problem.students) / 20


@dataclass(frozen=True)
class Stage:
    """One lexicographic stage: what it minimised, how far it got."""

    name: str                # "unplaced", then "quality" (mixing, minimum sizes, excused minutes)
    status: str
    objective: float
    bound: float
    deterministic_time: float
    clock: bool = False      # stopped by the wall-clock limit before its deterministic one: depends on the load

    @property
    def gap(self) -> float:
        """Relative distance between the plan found and the best possible (0 when proven optimal)."""
        if self.status not in ("optimal", "feasible"):
            return 1.0                                   # nothing found: no bound worth the name
        return 0.0 if self.objective == self.bound else abs(self.objective - self.bound) / max(1.0, abs(self.objective))


class _Model:
    """The variables and constraints shared by both stages; each stage sets its own objective."""

    def __init__(self, problem: Problem, weights: Weights):
        self.model = cp_model.CpModel()
        self.weights = weights
        self.unplaced: list[Unplaced] = []
        self.refused_pins: list[RefusedPin] = []
        self.placed: dict[int, cp_model.IntVar] = {}
        self.joins: dict[tuple[int, str], cp_model.IntVar] = {}
        self.opened: dict[str, cp_model.IntVar] = {}         # optional groups (placement mode) that may open
        self.pinned: dict[int, tuple[str, ...]] = {}
        self.choices: dict[int, list[list[str]]] = {}       # per student, the candidate group keys of each need
        self.quality: list = []
        self.by_workshop: dict[int, list] = defaultdict(list)   # the quality terms of each workshop's groups
        self.group_opened: dict[str, object] = {}           # each group with candidates: 1 (runs) or its boolean
        self.limits: list[tuple[tuple[str, ...], int]] = []  # placement mode: at most n of these groups open
        self.symmetric = 0
        self.symmetric_groups = 0
        self.alike: list[list[Student]] = []              # students ordered by _order, in that order
        pins = _valid_pins(problem, self.refused_pins)
        self.slot_pins = _valid_slot_pins(problem, self.refused_pins)
        joined: dict[str, list[tuple[Student, cp_model.IntVar]]] = defaultdict(list)
        alike: dict[tuple, list[Student]] = defaultdict(list)
        for student in problem.students:
            candidates, refused = _candidates(problem, student)
            if refused:
                self.unplaced.append(refused)
                continue
            self._student(problem, student, candidates, pins.get(student.key, ()), weights, joined)
            if student.key in pins:
                self.pinned[student.key] = pins[student.key]
            else:
                alike[student.division, student.level, student.needs].append(student)
        for group in problem.groups:
            joins = [join for _student, join in joined[group.key]]
            opened = self._opened(group, joins)
            if joins:       # seats × opened: a group's capacity only once opened (a tighter relaxation)
                self.model.add(sum(joins) <= group.seats * opened)
                self.group_opened[group.key] = opened
                cost = _group_cost(group, joined[group.key], weights, self.model, opened)
                self.quality.extend(cost)
                self.by_workshop[group.workshop].extend(cost)
        self._space(problem)
        for students in alike.values():
            self._order(students)
        self._order_groups(problem, joined, pins)

    def _opened(self, group: Group, joins: list):
        """1 if the group runs whatever the plan, else a boolean: true when a student joins it (or it is pinned)."""
        if group.members and not group.optional:
            return 1
        if not joins and group.key not in self.slot_pins:
            return 0
        opened = self.model.new_bool_var(f"opened_{group.key}")
        for join in joins:
            self.model.add_implication(join, opened)
        if group.key in self.slot_pins:
            self.model.add(opened == 1)
        else:
            self.model.add(opened <= sum(joins))
        if group.optional:
            self.opened[group.key] = opened
        return opened

    def _space(self, problem: Problem):
        """Placement mode: a facilitator leads one group at a time; the space holds ``tracks`` workshops at once
        (less the groups whose sessions already exist there). Kept in ``limits`` for the workshops' joint part."""
        for keys, most in _space_limits(problem, set(self.opened)):
            self.limits.append((keys, most))
            self.model.add(sum(self.opened[key] for key in keys) <= most)

    def _student(self, problem, student, candidates, pins, weights, joined):
        model = self.model
        self.placed[student.key] = is_placed = model.new_bool_var(f"placed_{student.key}")
        periods = problem.timetables.get(student.division, ())
        spans, joins = [], []
        self.choices[student.key] = [[group.key for group in groups] for groups in candidates.values()]
        for groups in candidates.values():
            for group in groups:
                self.joins[student.key, group.key] = join = model.new_bool_var(f"join_{student.key}_{group.key}")
                joined[group.key].append((student, join))
                spans.append(group.span)
                joins.append(join)
                minutes = sum(p.span.end - p.span.start for p in excused(group.span, periods))
                if minutes and weights.excused_minute:
                    self.quality.append(weights.excused_minute * minutes * join)
                    self.by_workshop[group.workshop].append(weights.excused_minute * minutes * join)
                if group.key in pins:
                    model.add(join == is_placed)
            model.add(sum(self.joins[student.key, group.key] for group in groups) == is_placed)
        for clique in cliques(spans):
            model.add_at_most_one(joins[i] for i in clique)

    def parts(self, problem: Problem) -> dict[int, tuple[list[workshops.Kind], list[workshops.Seat]]]:
        """Each workshop's part of the quality stage when every student is placed (see workshops.py): its
        students by class and candidate groups (pinned ones are members of their group), its groups."""
        groups = {group.key: group for group in problem.groups}
        students = {student.key: student for student in problem.students}
        counts: dict[int, Counter] = defaultdict(Counter)
        members: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for key in sorted(self.placed):
            student = students[key]
            for options in self.choices[key]:
                workshop = groups[options[0]].workshop
                pinned = [option for option in options if option in self.pinned.get(key, ())]
                if pinned:
                    members[pinned[0]].append((student.division, student.level))
                else:
                    counts[workshop][student.division, student.level, tuple(options)] += 1
        parts = {}
        for workshop in sorted(self.by_workshop):
            kinds = []
            for (division, level, options), count in sorted(counts[workshop].items()):
                periods = problem.timetables.get(division, ())
                minutes = {key: sum(p.span.end - p.span.start for p in excused(groups[key].span, periods))
                           for key in options}
                kinds.append(workshops.Kind(division, level, count, minutes))
            seats = [workshops.Seat(key, groups[key].seats, groups[key].size_min,
                                    tuple(sorted(groups[key].members + tuple(members[key]))),
                                    isinstance(opened, int) or bool(members[key]) or key in self.slot_pins)
                     for key, opened in self.group_opened.items() if groups[key].workshop == workshop]
            parts[workshop] = kinds, seats
        return parts

    def part_limits(self) -> list[tuple[tuple[str, ...], int]]:
        """:attr:`limits` over the groups the parts hold (those someone can join): a group pinned to its slot
        that nobody can join is not among them, and takes its place in the limit."""
        return [(tuple(key for key in keys if key in self.group_opened),
                 most - sum(1 for key in keys if key not in self.group_opened and key in self.slot_pins))
                for keys, most in self.limits]

    def class_limits(self, problem: Problem) -> list[tuple[str, tuple[str, ...], int]]:
        """Per division, the candidate groups its students can join at one moment (a clique of overlapping
        spans) and how many of its students are placed: no more of them can be in those groups together."""
        groups = {group.key: group for group in problem.groups}
        students = defaultdict(list)
        for student in problem.students:
            if student.key in self.placed:
                students[student.division].append(student.key)
        limits = []
        for division, keys in sorted(students.items()):
            candidates = sorted({key for student in keys for options in self.choices[student] for key in options})
            for clique in cliques([groups[key].span for key in candidates]):
                limits.append((division, tuple(candidates[i] for i in clique), len(keys)))
        return limits

    def spread(self, problem: Problem, counts: dict[tuple[str, str, str], int]) -> dict[int, tuple[str, ...]]:
        """A plan that hands out ``counts`` (students of each class in each group, the joint part's plan) to the
        students, first come first served: each student, most needs first, takes for each need (fewest choices
        first) the group with the most places of their class left that clashes with none of theirs, or else
        any group of the plan with a seat; a student with no such choice is left to the search."""
        left = Counter(counts)
        groups = {group.key: group for group in problem.groups}
        seats = {key: groups[key].seats - sum(1 for keys in self.pinned.values() if key in keys) for key in groups}
        running = {key for division, level, key in counts} | set(self.slot_pins)
        students = {student.key: student for student in problem.students}
        order = sorted(self.placed, key=lambda key: (-len(self.choices[key]), key))
        plan = {}
        for key in order:
            student, pinned = students[key], self.pinned.get(key, ())
            chosen = [groups[group] for group in pinned]
            for options in sorted(self.choices[key], key=len):
                if set(options) & set(pinned):
                    continue
                free = [groups[o] for o in options if seats[o] > 0 and (o in running or groups[o].members)
                        and not any(groups[o].span.overlaps(c.span) for c in chosen)]
                if not free:
                    break
                best = max(free, key=lambda g: left[student.division, student.level, g.key])
                chosen.append(best)
            else:
                for group in chosen:
                    if group.key not in pinned:
                        seats[group.key] -= 1
                        left[student.division, student.level, group.key] -= 1
                plan[key] = tuple(sorted(group.key for group in chosen))
        return plan

    def settle(self, assignment: dict[int, tuple[str, ...]], objective) -> cp_model.CpSolver | None:
        """``assignment`` as a complete plan of the model (presence, opened and shortfall at their least, by a
        search with the joins fixed) whose ``objective`` is its value; None when it is not one (a student it
        leaves out, a seat too many)."""
        self.hint(assignment)
        self.model.minimize(objective)
        return self._hinted_search()

    def settle_counts(self, problem: Problem, counts: dict, objective) -> cp_model.CpSolver | None:
        """The joint part's ``counts`` handed out to the students (:meth:`spread`) and completed (:meth:`settle`),
        then hinted; None when they make no plan."""
        settled = self.settle(self.spread(problem, counts), objective)
        if settled:
            self.hint_everything(settled)
        return settled

    def _order(self, students):
        """Students alike (same division, level and needs, no pin) are interchangeable: only one order of their
        group choices is searched (placed ones first, then by the rank of their choice of groups)."""
        if len(students) < 2:
            return
        self.symmetric += len(students) - 1
        self.alike.append(students)
        codes = []
        for student in students:
            code, radix = 0, 1
            for keys in reversed(self.choices[student.key]):     # mixed radix: one digit per needed workshop
                code += radix * sum(index * self.joins[student.key, key] for index, key in enumerate(keys))
                radix *= len(keys)
            codes.append(code)
        for first, second, code_first, code_second in zip(students, students[1:], codes, codes[1:]):
            self.model.add_implication(self.placed[second.key], self.placed[first.key])
            self.model.add(code_first <= code_second).only_enforce_if(self.placed[second.key])

    def _order_groups(self, problem: Problem, joined, pins):
        """Groups alike (same workshop, slot and sizes, nobody seated, not placement candidates, no pin: in assign
        mode, the same workshop in two rooms at once) are interchangeable: the first is never smaller."""
        pinned = {key for keys in pins.values() for key in keys}
        alike = defaultdict(list)
        for group in problem.groups:
            if not (group.members or group.optional or group.key in pinned) and joined[group.key]:
                alike[group.workshop, group.span, group.size_min, group.size_max].append(group.key)
        for keys in alike.values():
            for first, second in zip(keys, keys[1:]):
                self.model.add(sum(join for _s, join in joined[first]) >= sum(join for _s, join in joined[second]))
                self.symmetric_groups += 1

    def _in_order(self, assignment: dict[int, tuple[str, ...]]) -> dict[int, tuple[str, ...]]:
        """``assignment`` with the plans of students alike handed out in the order _order requires (they are
        interchangeable), so that a hint from first-fit or the previous plan satisfies it."""
        ordered = dict(assignment)
        for students in self.alike:
            ranks = []
            for student in students:
                keys = set(ordered.pop(student.key, ()))
                choices = self.choices[student.key]
                rank = [index for options in choices for index, key in enumerate(options) if key in keys]
                if len(rank) == len(choices):
                    ranks.append((rank, assignment[student.key]))
            for student, (_rank, keys) in zip(students, sorted(ranks)):
                ordered[student.key] = keys
        return ordered

    def hint(self, assignment: dict[int, tuple[str, ...]]):
        assignment = self._in_order(assignment)
        self.model.clear_hints()
        for student, var in self.placed.items():
            self.model.add_hint(var, student in assignment)
        for (student, key), var in self.joins.items():
            self.model.add_hint(var, key in assignment.get(student, ()))
        used = {key for keys in assignment.values() for key in keys}
        for key, var in self.opened.items():
            self.model.add_hint(var, key in used or key in self.slot_pins)

    def complete_hint(self):
        """Give the hinted plan's other variables (presence, opened, shortfall) values, by a search with the hinted
        ones fixed, so that the first stage starts from a complete plan (left as it is if that plan no longer fits,
        e.g. a previous plan whose group lost seats)."""
        solver = self._hinted_search()
        if solver:
            self.hint_everything(solver)

    def _hinted_search(self) -> cp_model.CpSolver | None:
        """The model solved by one worker with the hinted variables fixed, or None when they do not fit."""
        solver = cp_model.CpSolver()
        solver.parameters.fix_variables_to_their_hinted_value = True
        solver.parameters.num_workers = 1
        solver.parameters.max_deterministic_time = 1.0
        return solver if solver.solve(self.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None

    def hint_everything(self, solver: cp_model.CpSolver):
        """Hint every variable with its value in ``solver``'s plan: a complete, feasible start, which the next
        stage takes as its first plan at once (a hint of the joins only must be completed by a search, which
        the quality stage's strategies did not do at 300 students)."""
        self.model.clear_hints()
        for index in range(len(self.model.proto.variables)):
            var = self.model.get_int_var_from_proto_index(index)
            self.model.add_hint(var, solver.value(var))

    def run(self, objective, time_limit: float, workers: int, core: bool = False,
            subsolvers: tuple[str, ...] = (), wall: float | None = None,
            model: cp_model.CpModel | None = None) -> tuple[cp_model.CpSolver, int]:
        """``core``: core-based lower bounding, which raises the bound by proving sets of penalty terms cannot
        all be zero where the linear relaxation of the mixing and minimum-size terms stays low (quality stage in
        assign mode, 60 students: proof in 5.4 units instead of 6.1; 120: gap 13 % instead of 39 %). Not for
        the first stage (at 300 students the first-fit hint was then not completed and nothing was found), nor
        in placement mode (the search then opened many candidate groups under their minimum: 60 students, 15
        against 7; bench/RESULTS.md).

        ``subsolvers``: the strategies of CP-SAT's portfolio to interleave (all by default); each stage keeps
        the few that paid off (:data:`PLACING_SUBSOLVERS`, :data:`QUALITY_SUBSOLVERS`). ``model``: a copy of the
        model with more constraints (same variables) to solve instead."""
        model = model or self.model
        model.minimize(objective)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = workers
        # Interleaved search: the strategies run in fixed batches over the workers, so the answer is the same
        # whatever the load and the number of threads; the limit is in deterministic time, the wall-clock one
        # (``wall``) only a safeguard (see solve).
        solver.parameters.interleave_search = True
        solver.parameters.random_seed = 0
        solver.parameters.linearization_level = 2
        solver.parameters.optimize_with_core = core
        solver.parameters.max_deterministic_time = time_limit
        solver.parameters.subsolvers.extend(subsolvers)
        if wall is not None:
            solver.parameters.max_time_in_seconds = max(0.5, wall)
        return solver, solver.solve(model)

    def assignment(self, solver) -> dict[int, tuple[str, ...]]:
        chosen = defaultdict(list)
        for (student, key), var in self.joins.items():
            if solver.boolean_value(var):
                chosen[student].append(key)
        return {student: tuple(sorted(keys)) for student, keys in chosen.items()}

    def opened_keys(self, solver) -> tuple[str, ...]:
        return tuple(sorted(key for key, var in self.opened.items() if solver.boolean_value(var)))


def _space_limits(problem: Problem, optional: set[str]) -> list[tuple[tuple[str, ...], int]]:
    """« At most n of these candidate groups open », over the ``optional`` ones that may: one per facilitator
    at a time, and per moment the tracks of the space the running groups leave (a clique of overlapping spans
    at a time, see :func:`cliques`); a candidate alone over a full space gets 0."""
    limits = []
    candidates = [g for g in problem.groups if g.key in optional]
    by_facilitator = defaultdict(list)
    for group in candidates:
        by_facilitator[group.facilitator].append(group)
    for groups in by_facilitator.values():
        for clique in cliques([g.span for g in groups]):
            limits.append((tuple(groups[i].key for i in clique), 1))
    if problem.tracks is None or not candidates:
        return limits
    everything = candidates + [g for g in problem.groups if not g.optional]
    for clique in cliques([g.span for g in everything]):
        fixed = sum(1 for i in clique if not everything[i].optional)
        movable = tuple(everything[i].key for i in clique if everything[i].optional)
        if len(movable) > max(0, problem.tracks - fixed):
            limits.append((movable, max(0, problem.tracks - fixed)))
    for group in candidates:
        fixed = sum(1 for g in problem.groups if not g.optional and g.span.overlaps(group.span)
                    and g.span.start <= group.span.start)
        if fixed >= problem.tracks:
            limits.append(((group.key,), 0))
    return limits


def _valid_slot_pins(problem: Problem, refused: list[RefusedPin]) -> set[str]:
    """The groups pinned to their slot that the model opens; the others go to ``refused`` with why."""
    groups = {group.key: group for group in problem.groups}
    fixed = [group for group in problem.groups if not group.optional]
    kept: list[Group] = []
    for key in sorted(set(problem.slot_pins)):
        group = groups.get(key)
        if group is None or not group.optional:
            reason = PinRefusal.UNKNOWN
        elif any(o.facilitator == group.facilitator and o.span.overlaps(group.span) for o in kept):
            reason = PinRefusal.FACILITATOR_BUSY
        elif problem.tracks is not None and not _fits(group, [*fixed, *kept], problem.tracks):
            reason = PinRefusal.SPACE_FULL
        else:
            kept.append(group)
            continue
        refused.append(RefusedPin(None, key, reason))
    return {group.key for group in kept}


def _fits(group: Group, running: list[Group], tracks: int) -> bool:
    """Whether ``group`` can run beside ``running`` with at most ``tracks`` workshops at any moment."""
    points = [group.span.start] + [o.span.start for o in running if o.span.overlaps(group.span)
                                   and o.span.start > group.span.start]
    return all(sum(1 for o in running if o.span.weekday == group.span.weekday and o.span.start <= point < o.span.end)
               < tracks for point in points)


def _valid_pins(problem: Problem, refused: list[RefusedPin]) -> dict[int, tuple[str, ...]]:
    """The pins the model keeps, by student; the others go to ``refused`` with why."""
    students = {student.key: student for student in problem.students}
    groups = {group.key: group for group in problem.groups}
    pinned_to = Counter(key for _student, key in problem.pins)
    kept: dict[int, list[Group]] = defaultdict(list)
    for student_key, key in sorted(problem.pins):
        student, group = students.get(student_key), groups.get(key)
        periods = problem.timetables.get(student.division, ()) if student else ()
        if student is None or group is None:
            reason = PinRefusal.UNKNOWN
        elif group.workshop not in student.needs:
            reason = PinRefusal.NOT_NEEDED
        elif any(p.protected and p.span.overlaps(group.span) for p in periods):
            reason = PinRefusal.PROTECTED_CLASH
        elif pinned_to[key] > group.seats:
            reason = PinRefusal.OVER_CAPACITY
        elif any(other.workshop == group.workshop or other.span.overlaps(group.span) for other in kept[student_key]):
            reason = PinRefusal.PIN_CLASH
        else:
            kept[student_key].append(group)
            continue
        refused.append(RefusedPin(student_key, key, reason))
    return {student: tuple(group.key for group in groups) for student, groups in kept.items()}


def solve(problem: Problem, weights: Weights = Weights(), time_limit: float | None = None,
          previous: dict[int, tuple[str, ...]] | None = None, workers: int = 2,
          wall_limit: float = WALL_LIMIT) -> Solution:
    """Assign groups in two lexicographic stages: place as many students as possible, then, with that number
    fixed, minimise the weighted mixing, minimum-size and excused-minute penalties.

    The search starts from ``previous`` (the last applied plan) where given, :func:`first_fit` elsewhere.
    ``time_limit`` is CP-SAT's deterministic time for both stages (close to seconds on an idle machine;
    :func:`default_time_limit` by default); with a fixed seed and the interleaved search the same problem gets
    the same plan, whatever the load. ``wall_limit`` (seconds from the call) is a safeguard for large
    campaigns on a loaded machine: a stage it stops before its deterministic limit keeps its best plan so far,
    which then depends on the machine's speed and load, and says so (``Stage.clock``); a stage stopped by its
    deterministic limit or its proof, the usual case up to 120 students, gives the same plan every time.
    The first stage gets at most half of the wall-clock budget.
    """
    started = time.perf_counter()
    budget = default_time_limit(problem) if time_limit is None else time_limit
    built = _Model(problem, weights)
    start = first_fit(problem)
    start.update({student: keys for student, keys in (previous or {}).items() if student in built.placed})
    for student, keys in built.pinned.items():
        if student in start and not set(keys) <= set(start[student]):
            del start[student]
    built.hint(start)
    built.complete_hint()
    stages = []
    placed = sum(built.placed.values())
    solver, status = built.run(len(built.placed) - placed, budget / 3, workers, subsolvers=PLACING_SUBSOLVERS,
                               wall=(wall_limit - (time.perf_counter() - started)) / 2)
    stages.append(_stage("unplaced", solver, status, budget / 3))
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _greedy(problem, built, weights, solver.wall_time, stages)
    best = round(solver.objective_value)
    assignment, opened = built.assignment(solver), built.opened_keys(solver)
    built.model.add(placed >= len(built.placed) - best)
    built.hint_everything(solver)
    wall = solver.wall_time
    remaining = max(0.1, budget - solver.deterministic_time)
    quality = _quality(problem, built, best == 0, remaining, workers, wall_limit - (time.perf_counter() - started))
    quality = _no_worse_than(built, start, quality)
    wall += quality.wall
    if quality.stage:                                     # else stage 2 found nothing: stage 1's plan stands
        stages.append(quality.stage)
        assignment, opened = quality.assignment, quality.opened
    unplaced = built.unplaced + [
        Unplaced(student, Reason.PINNED if student in built.pinned else Reason.FULL)
        for student in built.placed if student not in assignment
    ]
    overall = "optimal" if all(stage.status == "optimal" for stage in stages) and len(stages) == 2 else "feasible"
    objective = weights.unplaced * (len(built.placed) - len(assignment)) + (stages[1].objective if len(stages) == 2 else 0)
    return Solution(overall, assignment, tuple(unplaced), objective, wall, tuple(stages),
                    tuple(built.refused_pins), _stats(built, problem), opened)


@dataclass
class _Quality:
    stage: Stage | None
    assignment: dict[int, tuple[str, ...]]
    opened: tuple[str, ...]
    wall: float


def _quality(problem: Problem, built: _Model, everyone: bool, budget: float, workers: int, wall: float) -> _Quality:
    """The quality stage, with the number of students placed fixed.

    When the first stage placed every student (``everyone``), the stage starts with each workshop's part on its
    own (workshops.py): the sum of their optima is a lower bound of the stage that the model's relaxation does
    not see (120 students: 26,210 against CP-SAT's 25,530), a cut per workshop (its terms are at least its
    part's optimum); then the whole model with those cuts and the groups opened fixed to those the parts open,
    whose relaxation is then tight (no fractional « opened »), gives a plan (120 students: 26,330, proven for
    that choice in 1.7-2 units); then the whole model from that plan. When the plan is within 1 % of the bound
    only the proof is left: the cuts are added and the full relaxation alone proves it (120: 2.25 units;
    6.4 with core-based bounding). Otherwise core-based bounding finds the better plans, without the cuts
    (60 students: proof in 1.99 units; with them 2.26, without core-based bounding 3.7). The stage's bound is
    the larger of the parts' sum and CP-SAT's. Students left out (which ones a part must seat is not fixed): one
    search as before.

    Placement mode: the parts alone open groups the facilitators and the space cannot all run (60 students,
    no plan with them), so every part goes into one model with those limits (``solve_together``): its bound is
    the stage's cut, its counts are handed out to the students (:meth:`_Model.spread`, a complete plan when it
    finds one), and the whole model with its groups fixed, core-based as in assign mode, gives the plan; when that
    plan is not within 1 % of the bound, the joint model's next choice of groups gets the same steps
    (:func:`_other_choice`) and the better plan is kept; the whole model then runs with the cut (bench/RESULTS.md)."""
    started = time.perf_counter()

    def seconds_left() -> float:
        return max(1.0, wall - (time.perf_counter() - started))

    objective = sum(built.quality)
    strategies = PLACEMENT_QUALITY_SUBSOLVERS if built.opened else QUALITY_SUBSOLVERS
    core = not built.opened
    used, bound, plan, steps_clocked, proving = 0.0, 0.0, None, False, False
    if everyone and built.by_workshop:
        parts = built.parts(problem)
        if built.opened:
            counted = len(problem.students) <= COUNTED_UP_TO
            together = workshops.solve_together(parts, built.part_limits(), built.weights, budget / 3, workers,
                                                seconds_left(), counted,
                                                built.class_limits(problem) if counted else [])
            solved, cuts = {None: together}, [objective >= together.bound]
            if together.found:
                plan = built.settle_counts(problem, together.counts, objective)
                used += plan.deterministic_time if plan else 0.0
        else:
            solved = {workshop: workshops.solve_part(kinds, seats, built.weights, budget / (4 * len(parts)),
                                                     workers, seconds_left())
                      for workshop, (kinds, seats) in parts.items()}
            cuts = [sum(built.by_workshop[workshop]) >= part.bound for workshop, part in solved.items()]
        used += sum(part.deterministic_time for part in solved.values())
        steps_clocked = any(part.clock for part in solved.values())
        bound = sum(part.bound for part in solved.values())
        if all(part.found for part in solved.values()):
            chosen = set().union(*(part.opened for part in solved.values()))
            fixed = _groups_fixed(built, cuts, chosen)
            if plan is None:
                first, status = _first_plan(fixed, seconds_left())
                used += first.deterministic_time
                steps_clocked = steps_clocked or (status == cp_model.UNKNOWN and first.deterministic_time < 1.0)
            else:
                status = cp_model.FEASIBLE                # the spread plan is one, with exactly those groups
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                # Core-based in placement mode too: with the groups fixed, none can open under its minimum (120
                # students: 23,760 proven for that choice in 1.7 units; without it 26,730, not proven in 3.4).
                solver, status = built.run(objective, budget / 3, workers, core=True, subsolvers=QUALITY_SUBSOLVERS,
                                           wall=seconds_left(), model=fixed)
                used += solver.deterministic_time
                steps_clocked = steps_clocked or (status == cp_model.FEASIBLE
                                                  and solver.deterministic_time < budget / 3)
                if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                    plan = solver
                    built.hint_everything(solver)
                    proving = core and solver.objective_value <= 1.01 * bound
                    core = core and not proving
        if built.opened and counted and together.found and plan and plan.objective_value > 1.01 * bound:
            other, spent, clocked = _other_choice(problem, built, parts, together, cuts, objective, budget, workers,
                                                  seconds_left)
            used += spent
            steps_clocked = steps_clocked or clocked
            if other is not None and other.objective_value < plan.objective_value:
                plan = other
            built.hint_everything(plan)
        if proving or built.opened:                   # with the cuts, the core-based search lost time (60: 2.26
            for cut in cuts:                          # units to the proof instead of 1.99)
                built.model.add(cut)
    remaining = max(0.1, budget - used)
    if proving:
        strategies = PROVING_SUBSOLVERS
    solver, status = built.run(objective, remaining, workers, core=core, subsolvers=strategies, wall=seconds_left())
    used += solver.deterministic_time
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        plan = solver
    elapsed = time.perf_counter() - started
    if plan is None:
        return _Quality(None, {}, (), elapsed)
    proven = status == cp_model.OPTIMAL
    clock = steps_clocked or (not proven and status != cp_model.INFEASIBLE and solver.deterministic_time < remaining)
    value = plan.objective_value
    stage = Stage("quality", "optimal" if proven else "feasible", value,
                  value if proven else max(bound, solver.best_objective_bound), used, clock)
    return _Quality(stage, built.assignment(plan), built.opened_keys(plan), elapsed)


def _groups_fixed(built: _Model, cuts: list, chosen: set[str]) -> cp_model.CpModel:
    """A copy of the whole model with ``cuts`` and the groups opened fixed to ``chosen``."""
    fixed = built.model.clone()
    for cut in cuts:
        fixed.add(cut)
    for key, var in built.group_opened.items():
        if not isinstance(var, int):
            fixed.add(fixed.get_bool_var_from_proto_index(var.index) == int(key in chosen))
    return fixed


def _other_choice(problem: Problem, built: _Model, parts: dict, together: workshops.Part, cuts: list, objective,
                  budget: float, workers: int, seconds_left) -> tuple[cp_model.CpSolver | None, float, bool]:
    """Placement mode, when the plan of the joint model's groups is not within 1 % of its bound: the joint model's
    best choice of groups that closes at least one of those (« at most all but one of them open »), its counts
    handed out and the whole model with its groups fixed, as for the first choice. The joint model leaves out a
    student's clashes between workshops, so of two choices it rates about alike the plans differ (120 students:
    23,960 for the first, 23,760 for the other; the whole model from the first found nothing better in 4.5
    units). Its plan (None when it has none), the deterministic time spent, whether a step stopped on the clock."""
    limits = [*built.part_limits(), (tuple(sorted(together.opened)), len(together.opened) - 1)]
    other = workshops.solve_together(parts, limits, built.weights, budget / 6, workers, seconds_left(), True,
                                     built.class_limits(problem))
    used, clocked = other.deterministic_time, other.clock
    if not other.found:
        return None, used, clocked
    settled = built.settle_counts(problem, other.counts, objective)
    if not settled:       # without a plan, the fixed-groups model is not searched (see _first_plan)
        return None, used, clocked
    used += settled.deterministic_time
    solver, status = built.run(objective, budget / 3, workers, core=True, subsolvers=QUALITY_SUBSOLVERS,
                               wall=seconds_left(), model=_groups_fixed(built, cuts, set(other.opened)))
    used += solver.deterministic_time
    clocked = clocked or (status == cp_model.FEASIBLE and solver.deterministic_time < budget / 3)
    return (solver if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else settled), used, clocked


def _no_worse_than(built: _Model, start: dict[int, tuple[str, ...]], quality: _Quality) -> _Quality:
    """The quality stage's plan, or the plan the search started from (first-fit, or the previous plan) when that
    one places as many students and costs less: the search must never hand back a worse plan than its start (it
    did in placement mode, 300 students: 38 groups under their minimum against first-fit's 7)."""
    started = time.perf_counter()
    settled = built.settle(start, sum(built.quality))      # None when the start places fewer students
    wall = quality.wall + time.perf_counter() - started
    if settled is None or (quality.stage and quality.stage.objective <= settled.objective_value):
        return dataclasses.replace(quality, wall=wall)
    previous = quality.stage
    stage = Stage("quality", "feasible", settled.objective_value, previous.bound if previous else 0.0,
                  (previous.deterministic_time if previous else 0.0) + settled.deterministic_time,
                  previous.clock if previous else False)
    return _Quality(stage, built.assignment(settled), built.opened_keys(settled), wall)


def _first_plan(model: cp_model.CpModel, wall: float) -> tuple[cp_model.CpSolver, int]:
    """Whether ``model`` (the whole model with the groups to open fixed) has a plan, searched by one worker without
    the linear relaxation (deterministic) before the usual strategies run: with the groups fixed it may have
    none, and CP-SAT 9.15's interleaved ``max_lp`` aborted the whole process (« Check failed:
    heuristics.fixed_search != nullptr ») on such a model in a placement-mode trial. (The interleaved search
    with ``stop_after_first_solution`` aborts too: « solution->size() == postsolve_mapping.size() ».)"""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.linearization_level = 0
    solver.parameters.stop_after_first_solution = True
    solver.parameters.max_deterministic_time = 1.0
    solver.parameters.max_time_in_seconds = max(0.5, wall)
    return solver, solver.solve(model)


def _greedy(problem: Problem, built: _Model, weights: Weights, wall: float, stages: list) -> Solution:
    """When the first stage finds nothing within its budget (a large campaign on a loaded machine), the
    first-fit plan stands (feasible by construction; students whose pins it misses are left out), said as such."""
    assignment = {student: keys for student, keys in first_fit(problem).items()
                  if student in built.placed and set(built.pinned.get(student, ())) <= set(keys)}
    used = {key for keys in assignment.values() for key in keys}
    opened = tuple(sorted(key for key in built.opened if key in used or key in built.slot_pins))
    unplaced = built.unplaced + [Unplaced(student, Reason.PINNED if student in built.pinned else Reason.FULL)
                                 for student in built.placed if student not in assignment]
    return Solution("first_fit", assignment, tuple(unplaced), weights.unplaced * (len(built.placed) - len(assignment)),
                    wall, tuple(stages), tuple(built.refused_pins), _stats(built, problem), opened)


def _stage(name: str, solver: cp_model.CpSolver, status, time_limit: float) -> Stage:
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    clock = status not in (cp_model.OPTIMAL, cp_model.INFEASIBLE) and solver.deterministic_time < time_limit
    # Every term of both objectives is non-negative: a bound CP-SAT left below 0 (its relaxation not solved in
    # time, 300 students in placement mode) is 0.
    return Stage(name, solver.status_name(status).lower(), solver.objective_value if found else 0.0,
                 max(0.0, solver.best_objective_bound) if found else 0.0, solver.deterministic_time, clock)


def _stats(built: _Model, problem: Problem) -> dict:
    proto = built.model.proto
    return {"students": len(problem.students), "groups": len(problem.groups), "variables": len(proto.variables),
            "constraints": len(proto.constraints), "symmetric_students": built.symmetric,
            "symmetric_groups": built.symmetric_groups,
            "pinned_students": len(built.pinned), "candidate_groups": len(built.opened)}
