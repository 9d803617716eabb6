"""SAS scheduling benchmark: the CP-SAT model on generated campaigns of 30, 60, 120 and 300 students, 8 workshops
with several weekly groups each, 12 classes with their weekly timetables; and, in the same run, the greedy
first-fit assignment the solver starts from (``solver.first_fit``: each student in turn takes the first group
of each need that still has a seat and clashes with nothing) as the baseline for time and quality.

Two modes: « assign » (the groups' slots are given) and « place » (no group exists: each workshop has
facilitators, each available on 8 of the 15 weekly slots; the solver opens groups at those slots, a facilitator
in one group at a time, at most ``tracks`` workshops at once; first-fit opens the first candidate that fits).

Run: .venv/bin/python bench/scheduling.py [--students N ...] [--modes assign place] [--time-limit UNITS] [--workers N]
     [--wall-limit SECONDS]

Pure Python: no database. Per run: CP-SAT's status (« (clock) »: a stage stopped by the wall-clock safeguard
before its deterministic limit, so that plan depends on the load) and relative gap to its proven bound (the
largest of the stages'), wall and deterministic time, the machine's load average, needs met (workshop places
given / needed), students placed, groups outside their size range (under the minimum; over the maximum must
stay 0), mean share of distinct classes in a group (1.0 = every member from a different class), largest number
of members of one class in a group, class hours missed a week (all placed students together).
"""
import argparse
import math
import os
import platform
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ortools  # noqa: E402

from plugins.builtin.sas.scheduling.solver import (  # noqa: E402
    WALL_LIMIT, ClassPeriod, Group, Problem, Span, Student, excused, first_fit, solve,
)

WORKSHOPS = 8
CPS = 3                                       # the workshop with groups of 8-9 (seed 000)
DIVISIONS = [f"{level} {n}" for level in ("CAP1", "CAP2", "2PRO", "1PRO", "TPRO") for n in "AB"] + ["2PRO C", "1PRO C"]
STARTS = [(day, hour) for day in range(1, 6) for hour in (8, 10, 14)]
SIZES = (30, 60, 120, 300)


def timetable(rng: random.Random) -> tuple[ClassPeriod, ...]:
    """A class's week: 2-hour blocks, morning and afternoon, one in four protected; Wednesday afternoon free."""
    periods = []
    for day, hour in STARTS + [(day, 16) for day in range(1, 6) if day != 3]:
        if (day, hour) == (3, 14) or rng.random() < 0.15:
            continue
        periods.append(ClassPeriod(Span(day, hour * 60, (hour + 2) * 60 if hour < 16 else 17 * 60),
                                   protected=rng.random() < 0.25, ref=len(periods)))
    return tuple(periods)


def campaign(size: int, seed: int = 1) -> Problem:
    rng = random.Random(seed)
    students = tuple(
        Student(n, division := rng.choice(DIVISIONS), division.split()[0], tuple(sorted(rng.sample(range(WORKSHOPS), rng.randint(2, 4)))))
        for n in range(size)
    )
    demand = Counter(w for student in students for w in student.needs)
    groups = []
    for workshop in range(WORKSHOPS):
        low, high = (8, 9) if workshop == CPS else (4, 5)
        count = max(2, math.ceil(1.25 * demand[workshop] / high))    # a quarter more seats than needs
        for index, (day, hour) in enumerate(rng.sample(STARTS, min(count, len(STARTS)))):
            groups.append(Group(f"{workshop}-{index}", workshop, Span(day, hour * 60, (hour + 2) * 60), low, high))
    return Problem(students, tuple(groups), {division: timetable(rng) for division in DIVISIONS})


def placement(size: int, seed: int = 1) -> Problem:
    """The same students and timetables, but groups to place: per workshop, one facilitator per 6 groups it
    needs (a quarter more seats than needs), each available on 8 random slots; the space holds enough
    workshops at once for all those groups over 12 of the 15 slots."""
    assigned = campaign(size, seed)
    rng = random.Random(seed + 1)
    demand = Counter(w for student in assigned.students for w in student.needs)
    candidates, needed, facilitator = [], 0, 0
    for workshop in range(WORKSHOPS):
        low, high = (8, 9) if workshop == CPS else (4, 5)
        count = max(2, math.ceil(1.25 * demand[workshop] / high))
        needed += count
        for _facilitator in range(math.ceil(count / 6)):
            facilitator += 1
            for day, hour in sorted(rng.sample(STARTS, 8)):
                candidates.append(Group(f"{workshop}-f{facilitator}-{day}{hour}", workshop,
                                        Span(day, hour * 60, (hour + 2) * 60), low, high, facilitator=facilitator,
                                        optional=True))
    return Problem(assigned.students, tuple(candidates), assigned.timetables, tracks=math.ceil(needed / 12))


def space_violations(problem: Problem, used: set[str]) -> int:
    """Facilitators in two groups at once plus moments with more workshops than the space holds (must be 0)."""
    groups = [g for g in problem.groups if g.key in used]
    double = sum(1 for i, a in enumerate(groups) for b in groups[i + 1:]
                 if a.facilitator is not None and a.facilitator == b.facilitator and a.span.overlaps(b.span))
    over = 0
    if problem.tracks is not None:
        over = sum(1 for g in groups if sum(1 for o in groups if o.span.weekday == g.span.weekday
                                            and o.span.start <= g.span.start < o.span.end) > problem.tracks)
    return double + over


def quality(problem: Problem, assignment: dict[int, tuple[str, ...]]) -> dict:
    students = {student.key: student for student in problem.students}
    groups = {group.key: group for group in problem.groups}
    members = defaultdict(list)
    excused_minutes = 0
    for key, keys in assignment.items():
        student = students[key]
        for group_key in keys:
            members[group_key].append(student.division)
            excused_minutes += sum(p.span.end - p.span.start
                                   for p in excused(groups[group_key].span, problem.timetables[student.division]))
    used = [divisions for divisions in members.values() if divisions]
    return {
        "needs": f"{sum(len(keys) for keys in assignment.values())}/{sum(len(s.needs) for s in problem.students)}",
        "placed": len(assignment),
        "below_min": sum(1 for key, divisions in members.items() if len(divisions) < groups[key].size_min),
        "over_max": sum(1 for key, divisions in members.items() if len(divisions) > groups[key].size_max),
        "distinct": sum(len(set(divisions)) / len(divisions) for divisions in used) / max(1, len(used)),
        "max_same": max((max(Counter(divisions).values()) for divisions in used), default=0),
        "excused_hours": excused_minutes / 60,
        "opened": len(members),
        "clashes": space_violations(problem, set(members)),
    }


def row(label, mode, size, groups, seconds, status, gap, det, q):
    print(f"| {label} | {mode} | {size} | {q['opened']}/{groups} | {seconds:,.2f} s | {det} | {os.getloadavg()[0]:.1f} "
          f"| {status} | {gap} | {q['needs']} | {q['placed']}/{size} | {q['below_min']} / {q['over_max']} | "
          f"{q['distinct']:.2f} | {q['max_same']} | {q['excused_hours']:.0f} h | {q['clashes']} |", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, nargs="+", default=SIZES, help="campaign sizes (default 30 60 120 300)")
    parser.add_argument("--modes", nargs="+", default=("assign", "place"), choices=("assign", "place"))
    parser.add_argument("--time-limit", type=float, help="deterministic time; default: solver.default_time_limit")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--wall-limit", type=float, default=WALL_LIMIT, help="solver's wall-clock safeguard (s)")
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, OR-Tools {ortools.__version__}, {args.workers} CP-SAT workers "
          f"(interleaved), deterministic time limit {args.time_limit or '4 + students / 20'}, wall-clock safeguard "
          f"{args.wall_limit:g} s, "
          f"{os.cpu_count()} cores\n")
    print("| Method | Mode | Students | Groups used / offered | Wall time | Det. time | Load | Status | Gap | Needs met "
          "| Placed | Groups < min / > max | Distinct classes | Max same class | Class hours missed a week "
          "| Facilitator or space clashes |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for size in args.students:
        for mode in args.modes:
            problem = campaign(size) if mode == "assign" else placement(size)
            started = time.perf_counter()
            assignment = first_fit(problem)
            row("greedy first-fit", mode, size, len(problem.groups), time.perf_counter() - started, "—", "—", "—",
                quality(problem, assignment))
            started = time.perf_counter()
            solution = solve(problem, time_limit=args.time_limit, workers=args.workers, wall_limit=args.wall_limit)
            elapsed = time.perf_counter() - started
            det = sum(stage.deterministic_time for stage in solution.stages)
            status = solution.status + (" (clock)" if any(stage.clock for stage in solution.stages) else "")
            row("CP-SAT", mode, size, len(problem.groups), elapsed, status, f"{solution.gap:.1%}",
                f"{det:.2f}", quality(problem, solution.assignment))


if __name__ == "__main__":
    main()
