"""The CP-SAT scheduling model on plain data: hard constraints, reasons for unplaced students, mixing, determinism."""
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

from plugins.builtin.sas.scheduling.solver import (
    ClassPeriod, Group, Problem, Reason, Span, Student, Weights, solve,
)

MON, TUE, WED = 1, 2, 3
NO_MIXING = Weights(same_division=0, same_level=0)


def hours(day, start, end):
    return Span(day, start * 60, end * 60)


def group(key, workshop, span, size_max=5, size_min=1, members=()):
    return Group(key, workshop, span, size_min, size_max, members)


def students(count, needs, division="2 MRC", level="2pro", first=0):
    return [Student(first + n, division, level, needs) for n in range(count)]


def spans_of(problem, solution, student):
    by_key = {g.key: g for g in problem.groups}
    return [by_key[key].span for key in solution.assignment[student]]


def test_capacity_is_respected_and_extra_students_are_reported_full():
    groups = (group("a", 1, hours(MON, 8, 10), size_max=4), group("b", 1, hours(TUE, 8, 10), size_max=4))
    problem = Problem(tuple(students(10, (1,))), groups)
    solution = solve(problem)
    sizes = Counter(key for keys in solution.assignment.values() for key in keys)
    assert sizes == {"a": 4, "b": 4}
    assert [u.reason for u in solution.unplaced] == [Reason.FULL, Reason.FULL]
    assert solution.status == "optimal"


def test_seated_members_take_seats_and_a_full_workshop_is_reported():
    seated = (("1 AGORA", "1pro"),) * 4
    problem = Problem(tuple(students(2, (1,))), (group("a", 1, hours(MON, 8, 10), size_max=5, members=seated),))
    solution = solve(problem)
    assert len(solution.assignment) == 1 and [u.reason for u in solution.unplaced] == [Reason.FULL]
    full = Problem(tuple(students(1, (1,))), (group("a", 1, hours(MON, 8, 10), size_max=4, members=seated),))
    assert solve(full).unplaced[0].reason == Reason.NO_SEAT


def test_a_protected_class_is_never_covered():
    timetables = {"2 MRC": (ClassPeriod(hours(MON, 9, 10), protected=True),)}
    groups = (group("mon", 1, hours(MON, 8, 10)), group("tue", 1, hours(TUE, 8, 10)))
    solution = solve(Problem(tuple(students(3, (1,))), groups, timetables))
    assert set(solution.assignment.values()) == {("tue",)}
    only_monday = solve(Problem(tuple(students(1, (1,))), groups[:1], timetables))
    assert only_monday.unplaced[0].reason == Reason.PROTECTED_CLASH and only_monday.unplaced[0].workshop == 1


def test_no_student_is_in_two_groups_at_once():
    groups = (group("w1-mon", 1, hours(MON, 8, 10)), group("w1-tue", 1, hours(TUE, 8, 10)),
              group("w2-mon", 2, hours(MON, 9, 11)))
    solution = solve(Problem(tuple(students(3, (1, 2))), groups))
    assert set(solution.assignment.values()) == {("w1-tue", "w2-mon")}


def test_no_double_booking_on_a_larger_random_instance():
    rng = random.Random(7)
    groups = tuple(group(f"{w}-{g}", w, hours(rng.randint(MON, 5), h := rng.randint(8, 15), h + 2), size_max=6)
                   for w in range(6) for g in range(3))
    pupils = tuple(Student(n, f"D{n % 5}", "2pro", tuple(rng.sample(range(6), 3))) for n in range(40))
    problem = Problem(pupils, groups)
    solution = solve(problem)
    assert solution.status in ("optimal", "feasible")
    for student, keys in solution.assignment.items():
        spans = spans_of(problem, solution, student)
        assert not any(a.overlaps(b) for i, a in enumerate(spans) for b in spans[i + 1:])
        assert len(keys) == 3
    assert len(solution.assignment) + len(solution.unplaced) == 40


def test_reasons_for_unplaceable_students():
    groups = (group("w1", 1, hours(MON, 8, 10)), group("w2", 2, hours(MON, 9, 11)))
    solution = solve(Problem((Student(1, "2 MRC", "2pro", (1, 2)), Student(2, "2 MRC", "2pro", (3,))), groups))
    assert {(u.student, u.reason, u.workshop) for u in solution.unplaced} == {
        (1, Reason.SELF_CLASH, None), (2, Reason.NO_GROUP, 3),
    }
    assert solution.assignment == {} and solution.status == "optimal"


def mixing_problem():
    """Three classes of four, three groups of four; each class is free (no class to miss) in « its » group only."""
    days = {"A": MON, "B": TUE, "C": WED}
    groups = tuple(group(f"g-{division}", 1, hours(day, 8, 9), size_max=4) for division, day in days.items())
    timetables = {
        division: tuple(ClassPeriod(hours(other, 8, 9), protected=False) for other in days.values() if other != day)
        for division, day in days.items()
    }
    pupils = [Student(n * 3 + i, division, "2pro", (1,)) for i, division in enumerate(days) for n in range(4)]
    return Problem(tuple(pupils), groups, timetables)


def divisions_per_group(problem, solution):
    division = {s.key: s.division for s in problem.students}
    mix = {}
    for student, keys in solution.assignment.items():
        for key in keys:
            mix.setdefault(key, Counter())[division[student]] += 1
    return mix


def test_mixing_spreads_the_classes_across_groups():
    problem = mixing_problem()
    baseline = divisions_per_group(problem, solve(problem, NO_MIXING))
    assert all(len(mix) == 1 for mix in baseline.values())        # fewest excused classes: each class on its own
    mixed = divisions_per_group(problem, solve(problem))
    assert all(len(mix) == 3 and max(mix.values()) == 2 for mix in mixed.values())


def test_groups_are_filled_to_their_minimum_rather_than_split():
    groups = (group("a", 1, hours(MON, 8, 10), size_min=4), group("b", 1, hours(TUE, 8, 10), size_min=4))
    solution = solve(Problem(tuple(students(5, (1,))), groups))
    assert len(set(solution.assignment.values())) == 1


def test_excused_minutes_are_kept_low():
    timetables = {"2 MRC": (ClassPeriod(hours(MON, 8, 10), protected=False),)}
    groups = (group("mon", 1, hours(MON, 8, 10)), group("tue", 1, hours(TUE, 8, 10)))
    solution = solve(Problem(tuple(students(1, (1,))), groups, timetables), Weights(below_minimum=0))
    assert solution.assignment == {0: ("tue",)}


def random_campaign():
    rng = random.Random(3)
    groups = tuple(group(f"{w}-{g}", w, hours(rng.randint(MON, 5), h := rng.randint(8, 15), h + 2), size_max=5,
                         size_min=4) for w in range(8) for g in range(3))
    pupils = tuple(Student(n, f"D{n % 7}", ("2pro", "cap1", "1pro")[n % 3], tuple(rng.sample(range(8), 3)))
                   for n in range(45))
    return Problem(pupils, groups)


def test_the_solver_is_deterministic():
    problem = random_campaign()
    first, second = (solve(problem, time_limit=0.5) for _run in range(2))
    assert (first.assignment, first.unplaced, first.objective) == (second.assignment, second.unplaced, second.objective)
    assert not any(stage.clock for stage in first.stages)


def test_a_stage_stopped_by_the_wall_clock_before_its_deterministic_limit_says_so():
    solution = solve(random_campaign(), time_limit=1000, wall_limit=1.0)
    assert solution.assignment
    for stage in solution.stages:     # no stage reaches 1,000 units within a second: only a proof ends one early
        assert stage.clock == (stage.status != "optimal") and stage.deterministic_time < 1000


def test_the_solver_module_does_not_need_django():
    code = "import sys, plugins.builtin.sas.scheduling.solver; sys.exit(any(m.startswith('django') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2]).returncode == 0


def test_pins_are_kept_even_when_they_cost_and_impossible_ones_are_refused_with_why():
    from plugins.builtin.sas.scheduling.solver import PinRefusal
    timetables = {"2 MRC": (ClassPeriod(hours(MON, 8, 10), protected=False), ClassPeriod(hours(WED, 8, 10), True))}
    groups = (group("mon", 1, hours(MON, 8, 10)), group("tue", 1, hours(TUE, 8, 10)), group("wed", 1, hours(WED, 8, 10)))
    pins = ((0, "mon"), (1, "wed"), (1, "tue"), (2, "nowhere"))
    solution = solve(Problem(tuple(students(3, (1,))), groups, timetables, pins), Weights(below_minimum=0))
    assert solution.assignment[0] == ("mon",) and solution.assignment[1] == ("tue",)   # the pin beats excused minutes
    assert {(p.student, p.group, p.reason) for p in solution.refused_pins} == {
        (1, "wed", PinRefusal.PROTECTED_CLASH), (2, "nowhere", PinRefusal.UNKNOWN)}
    assert solution.status == "optimal" and [stage.name for stage in solution.stages] == ["unplaced", "quality"]


def test_a_pin_that_blocks_the_other_needs_leaves_the_student_unplaced_with_the_reason():
    groups = (group("a", 1, hours(MON, 8, 10)), group("b", 2, hours(MON, 9, 11)), group("c", 2, hours(TUE, 9, 11), size_max=1))
    pupils = tuple(students(2, (1, 2)))
    solution = solve(Problem(pupils, groups, {}, ((0, "a"), (1, "a"))))
    assert len(solution.assignment) == 1 and [u.reason for u in solution.unplaced] == [Reason.PINNED]


def test_placement_is_deterministic_and_opens_groups_where_facilitators_and_the_space_allow():
    rng = random.Random(5)
    candidates = tuple(Group(f"{w}-{f}-{day}", w, hours(day, 10, 12), 2, 4, facilitator=f, optional=True)
                       for w in range(3) for f in (w, w + 1) for day in rng.sample(range(MON, 6), 2))
    fixed = (group("running", 0, hours(MON, 10, 12), size_max=4),)
    pupils = tuple(Student(n, f"D{n % 4}", "2pro", tuple(rng.sample(range(3), 2))) for n in range(10))
    problem = Problem(pupils, fixed + candidates, tracks=2)
    first, second = (solve(problem, time_limit=0.3) for _run in range(2))
    assert (first.assignment, first.opened, first.unplaced) == (second.assignment, second.opened, second.unplaced)
    by_key = {g.key: g for g in problem.groups}
    opened = [by_key[key] for key in first.opened]
    for day in range(MON, 6):
        running = [g for g in opened if g.span.weekday == day]
        assert len(running) <= 2 - (day == MON)                        # the running group takes one place on Monday
        assert len({g.facilitator for g in running}) == len(running)    # all slots overlap: one group per facilitator


def test_the_same_workshop_in_two_rooms_at_once_is_searched_in_one_order_only():
    groups = (group("a", 1, hours(MON, 8, 10), size_max=3), group("b", 1, hours(MON, 8, 10), size_max=3),
              group("c", 1, hours(TUE, 8, 10), size_max=3))
    pupils = tuple(Student(n, f"D{n}", "2pro", (1,)) for n in range(4))
    timetables = {f"D{n}": (ClassPeriod(hours(TUE, 8, 10), protected=False),) for n in range(4)}
    solution = solve(Problem(pupils, groups, timetables), Weights(below_minimum=0, same_level=0))
    sizes = Counter(key for keys in solution.assignment.values() for key in keys)
    assert solution.status == "optimal" and solution.stats["symmetric_groups"] == 1
    assert sizes["a"] >= sizes["b"] and sizes["c"] == 0 and sum(sizes.values()) == 4
