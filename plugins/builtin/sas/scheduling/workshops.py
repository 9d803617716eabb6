"""One workshop's share of the quality stage, solved on its own with students alike counted together.

Every term of the quality objective belongs to one group, hence to one workshop: the mixing and minimum-size
terms of the group, and the excused minutes of each student in it. Only a student's clash constraints (and, in
placement mode, the facilitators and the space) tie workshops together. Without them each workshop is a small
problem in which the students of one class (same timetable, so the same candidate groups and the same
excused minutes) are interchangeable: it is written with one integer per class and group, how many of its
students join, which CP-SAT proves optimal in a fraction of a unit where the whole model's relaxation cannot
see the minimum-size term (a group opened fractionally by fractional students pays nothing for its missing
seats). Its optimum is a lower bound of that workshop's terms in any plan of the whole model, and the sum of
them a lower bound of the quality stage; the groups its plan opens are a good choice of groups to open. In
placement mode the facilitators and the space tie the parts together: ``solve_together`` solves them as one.
Pure CP-SAT, no Django; ``solver.py`` builds the inputs.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model


@dataclass(frozen=True)
class Kind:
    """The students of one class (division and level) who need the workshop, placed, not pinned."""

    division: str
    level: str
    count: int
    minutes: dict[str, int]          # candidate group → minutes of class a student of the class misses in it


@dataclass(frozen=True)
class Seat:
    """A group of the workshop as the part sees it: seats left, minimum size, who is in it whatever the plan
    (seated members and pinned students, as (division, level)), whether it runs whatever the plan."""

    key: str
    seats: int
    size_min: int
    members: tuple[tuple[str, str], ...]
    runs: bool


@dataclass(frozen=True)
class Part:
    bound: int                   # proven lower bound of the workshop's terms (its optimum when proven)
    opened: frozenset[str]       # the groups its best plan uses (empty when it found none)
    deterministic_time: float
    found: bool
    clock: bool                  # stopped by the wall-clock limit before its deterministic one
    counts: dict = field(default_factory=dict)   # solve_together: (division, level, group) → students in its plan


def solve_part(kinds: list[Kind], groups: list[Seat], weights, time_limit: float, workers: int,
               wall: float | None = None) -> Part:
    """Minimise one workshop's terms (``weights``: solver.Weights) with every student of ``kinds`` placed."""
    model = cp_model.CpModel()
    cost, opened, _joined = _terms(model, kinds, groups, weights)
    return _solve(model, cost, opened, time_limit, workers, wall)


def solve_together(parts: dict[int, tuple[list[Kind], list[Seat]]], limits: list[tuple[tuple[str, ...], int]],
                   weights, time_limit: float, workers: int, wall: float | None = None,
                   counted: bool = True, classes: list[tuple[str, tuple[str, ...], int]] = ()) -> Part:
    """Placement mode: every workshop's part in one model, with ``limits`` on the groups they open (« at most
    n of these groups open »: a facilitator's overlapping slots, the tracks of the space at a moment). Only a
    student's clashes between workshops are left out, so its optimum is a lower bound of the quality stage,
    and the groups it opens can all run together (each part alone opened groups the space could not hold: 60
    students, the parts' sum 10,960 against 12,150 or more together). Its plan's counts say how many students
    of each class join each group. (Counting the clashes by class, « at most n students of a division in
    groups at one time », gave 120 students a better plan but none within 6 units at 300.) ``counted``: with
    each workshop's count of groups opened (:func:`_count_opened`), which proves the bound far sooner but
    found no plan within 6 units at 300 students (nor did adding a search without the relaxation help: a
    plan, but the stage's gap 50 % instead of 9.6 %). ``classes``: (division, groups at one moment, its
    students), at most that many of its students in those groups together (each student is in one place at a
    time; 60 students: the joint proof in 0.45 units instead of 1.09)."""
    model = cp_model.CpModel()
    cost, opened, joined = [], {}, {}
    for _workshop, (kinds, groups) in sorted(parts.items()):
        terms, part_opened, part_joined = _terms(model, kinds, groups, weights, counted)
        cost.extend(terms)
        opened.update(part_opened)
        joined.update(part_joined)
    for division, keys, most in classes:
        model.add(sum(var for (of, _level, key), variables in joined.items() if of == division and key in keys
                      for var in variables) <= most)
    for keys, most in limits:        # a group no part has does not open (nobody can join it)
        model.add(sum(opened[key] for key in keys if key in opened) <= most)
    return _solve(model, cost, opened, time_limit, workers, wall, joined)


def _terms(model: cp_model.CpModel, kinds: list[Kind], groups: list[Seat], weights,
           counted: bool = False) -> tuple[list, dict, dict]:
    """One workshop's terms in ``model``, each of its groups' « opened » (1 when it runs whatever the plan) and
    the count of students joining each group by (division, level, group). ``counted``: with the workshop's
    count of groups opened (:func:`_count_opened`)."""
    counts: dict[tuple[int, str], cp_model.IntVar] = {}
    upper: dict[tuple[int, str], int] = {}           # at most this many of the kind in the group
    joined: dict[tuple[str, str, str], list] = defaultdict(list)
    cost = []
    seats = {group.key: group.seats for group in groups}
    for index, kind in enumerate(kinds):
        for key, minutes in kind.minutes.items():
            upper[index, key] = min(kind.count, seats[key])
            counts[index, key] = var = model.new_int_var(0, upper[index, key], f"n_{index}_{key}")
            joined[kind.division, kind.level, key].append(var)
            if minutes and weights.excused_minute:
                cost.append(weights.excused_minute * minutes * var)
        model.add(sum(counts[index, key] for key in kind.minutes) == kind.count)
    opened, shortfalls = {}, []
    for group in groups:
        joining = {index: (counts[index, group.key], upper[index, group.key])
                   for index in range(len(kinds)) if (index, group.key) in counts}
        if not joining and not group.runs:
            continue
        newcomers = sum(var for var, _upper in joining.values())
        if group.runs:
            opened[group.key] = 1
        else:
            opened[group.key] = model.new_bool_var(f"opened_{group.key}")
            for var, most in joining.values():
                model.add(var <= most * opened[group.key])
            model.add(opened[group.key] <= newcomers)
        model.add(newcomers <= group.seats * opened[group.key])
        cost.extend(_mix(model, group, kinds, joining, opened[group.key], weights))
        if weights.below_minimum and group.size_min > 1:
            shortfall = model.new_int_var(0, group.size_min, f"shortfall_{group.key}")
            model.add(shortfall >= group.size_min * opened[group.key] - newcomers - len(group.members))
            cost.append(weights.below_minimum * shortfall)
            shortfalls.append((shortfall, group))
    if counted:
        _count_opened(model, kinds, groups, opened, shortfalls)
    return cost, opened, joined


def _count_opened(model: cp_model.CpModel, kinds: list[Kind], groups: list[Seat], opened: dict,
                  shortfalls: list) -> None:
    """The number of groups the workshop opens as one integer, at least enough for its students, and its
    groups' missing seats together at least the minimum sizes of those opened less the students. Both are
    sums of what the model already says, but the relaxation opens groups fractionally and pays nothing for
    their missing seats; stated on one integer, CP-SAT branches and propagates on it (60 students in placement
    mode: the joint model proven optimal, 12,470, in 0.79 units, where without them its bound was 12,150 after
    3 units and 12,470 after 7.7; 120 students: 23,600 against 23,020 after 4 units)."""
    movable = [group for group in groups if group.key in opened and not isinstance(opened[group.key], int)]
    if not movable:
        return
    students = sum(kind.count for kind in kinds)
    left = students - sum(group.seats for group in groups if isinstance(opened.get(group.key), int))
    count = model.new_int_var(0, len(movable), "groups_opened")
    model.add(count == sum(opened[group.key] for group in movable))
    model.add(count >= math.ceil(left / max(1, *(group.seats for group in movable))))
    if shortfalls:               # on the count: the smallest minimum of a movable group (0 if one has none)
        short = {group.key: group.size_min for _shortfall, group in shortfalls}
        smallest = min(short.get(group.key, 0) for group in movable)
        model.add(sum(shortfall for shortfall, _group in shortfalls)
                  >= smallest * count + sum(size for key, size in short.items() if isinstance(opened[key], int))
                  - students - sum(len(group.members) for _shortfall, group in shortfalls))


def _solve(model: cp_model.CpModel, cost: list, opened: dict, time_limit: float, workers: int,
           wall: float | None, joined: dict | None = None) -> Part:
    model.minimize(sum(cost))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.interleave_search = True
    solver.parameters.random_seed = 0
    solver.parameters.linearization_level = 2
    solver.parameters.max_deterministic_time = time_limit
    solver.parameters.subsolvers.extend(("max_lp", "quick_restart"))
    if wall is not None:
        solver.parameters.max_time_in_seconds = max(0.5, wall)
    status = solver.solve(model)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    used = frozenset(key for key, var in opened.items() if found and (isinstance(var, int) or solver.value(var)))
    # Every coefficient is an integer, so is the optimum: CP-SAT's floating-point bound rounds up.
    bound = max(0, math.ceil(solver.best_objective_bound - 1e-6)) if found or status == cp_model.UNKNOWN else 0
    clock = status not in (cp_model.OPTIMAL, cp_model.INFEASIBLE) and solver.deterministic_time < time_limit
    counts = {key: sum(solver.value(var) for var in variables) for key, variables in (joined or {}).items()
              if found}
    return Part(bound, used, solver.deterministic_time, found, clock, {key: n for key, n in counts.items() if n})


def _mix(model, group: Seat, kinds: list[Kind], joining: dict, opened, weights) -> list:
    """Each student beyond the first of a class (of a level) in the group, as in solver._group_cost, with a
    « present » boolean per class (level) that is also at most « opened »."""
    cost = []
    for position, attribute, weight in ((0, "division", weights.same_division), (1, "level", weights.same_level)):
        if not weight:
            continue
        present = defaultdict(int)
        for member in group.members:
            present[member[position]] += 1
        by_value = defaultdict(list)
        for index, (var, most) in joining.items():
            by_value[getattr(kinds[index], attribute)].append((var, most))
        for value, pairs in sorted(by_value.items()):
            count = sum(var for var, _most in pairs)
            if present[value]:
                cost.append(weight * count)
                continue
            if sum(most for _var, most in pairs) <= 1:
                continue                                 # one newcomer alone is never an excess
            there = model.new_bool_var(f"{attribute}_{group.key}_{value}")
            for var, most in pairs:
                model.add(var <= most * there)
            model.add(there <= count)
            model.add(there <= opened)
            cost.append(weight * (count - there))
    return cost
