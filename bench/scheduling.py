"""SAS scheduling benchmark: the CP-SAT model on generated campaigns of 30, 60 and 120 students, 8 workshops
with several weekly groups each, 12 classes with their weekly timetables; and, in the same run, the greedy
first-fit assignment the solver starts from (``solver.first_fit``: each student in turn takes the first group
of each need that still has a seat and clashes with nothing) as the baseline for time and quality.

Run: .venv/bin/python bench/scheduling.py [--time-limit SECONDS]

Pure Python: no database. Quality per run: students placed, groups below their minimum size, mean share
of distinct classes in a group (1.0 = every member from a different class), largest number of members of
one class in a group, excused class hours a week (all placed students together).
"""
import argparse
import math
import platform
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ortools  # noqa: E402

from plugins.builtin.sas.scheduling.solver import (  # noqa: E402
    ClassPeriod, Group, Problem, Span, Student, excused, first_fit, solve,
)

WORKSHOPS = 8
CPS = 3                                       # the workshop with groups of 8-9 (seed 000)
DIVISIONS = [f"{level} {n}" for level in ("CAP1", "CAP2", "2PRO", "1PRO", "TPRO") for n in "AB"] + ["2PRO C", "1PRO C"]
STARTS = [(day, hour) for day in range(1, 6) for hour in (8, 10, 14)]
SIZES = (30, 60, 120)


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
        "placed": len(assignment),
        "below_min": sum(1 for key, divisions in members.items() if len(divisions) < groups[key].size_min),
        "distinct": sum(len(set(divisions)) / len(divisions) for divisions in used) / len(used),
        "max_same": max(max(Counter(divisions).values()) for divisions in used),
        "excused_hours": excused_minutes / 60,
    }


def row(label, size, groups, seconds, ratio, status, q):
    print(f"| {label} | {size} | {groups} | {seconds * 1000:,.1f} ms | ×{ratio:.1f} | {status} | {q['placed']}/{size} | "
          f"{q['below_min']} | {q['distinct']:.2f} | {q['max_same']} | {q['excused_hours']:.0f} h |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--time-limit", type=float, help="deterministic time; default: solver.default_time_limit")
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, OR-Tools {ortools.__version__}, one CP-SAT worker, "
          f"deterministic time limit "
          f"{args.time_limit or '3 + students / 40'} s, no wall-clock limit\n")
    print("| Method | Students | Groups | Time | × 30-student time | Status | Placed | Groups < min | Distinct classes "
          "| Max same class | Excused a week |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    base = {}
    for size in SIZES:
        problem = campaign(size)
        started = time.perf_counter()
        assignment = first_fit(problem)
        greedy_time = time.perf_counter() - started
        base.setdefault("greedy", greedy_time)
        row("greedy first-fit", size, len(problem.groups), greedy_time, greedy_time / base["greedy"], "—",
            quality(problem, assignment))
        started = time.perf_counter()
        solution = solve(problem, time_limit=args.time_limit)
        elapsed = time.perf_counter() - started
        base.setdefault("cp-sat", elapsed)
        row("CP-SAT", size, len(problem.groups), elapsed, elapsed / base["cp-sat"], solution.status,
            quality(problem, solution.assignment))


if __name__ == "__main__":
    main()
