"""Property-based checks of the scheduling model on random small campaigns (hypothesis): whatever the input,
every plan keeps the hard constraints and the valid pins, and what cannot be done is explained, never raised."""
from collections import Counter

from hypothesis import HealthCheck, assume, given, settings, strategies as st
from ortools.sat.python import cp_model

from plugins.builtin.sas.scheduling import solver as model_module, workshops
from plugins.builtin.sas.scheduling.solver import ClassPeriod, Group, Problem, Span, Student, Weights, solve

DIVISIONS = ("2 MRC", "1 AGORA")


@st.composite
def spans(draw):
    start = draw(st.sampled_from((8, 9, 10, 14)))
    return Span(draw(st.integers(1, 3)), start * 60, (start + draw(st.integers(1, 2))) * 60)


@st.composite
def problems(draw):
    workshops = draw(st.integers(1, 3))
    groups = []
    for index in range(draw(st.integers(1, 5))):
        size_max = draw(st.integers(1, 4))
        members = tuple(draw(st.lists(st.sampled_from([(d, "2pro") for d in DIVISIONS]), max_size=size_max)))
        groups.append(Group(f"g{index}", draw(st.integers(0, workshops - 1)), draw(spans()),
                            draw(st.integers(1, size_max)), size_max, members))
    students = tuple(
        Student(key, draw(st.sampled_from(DIVISIONS)), "2pro",
                tuple(sorted(draw(st.sets(st.integers(0, workshops - 1), min_size=1, max_size=workshops)))))
        for key in range(draw(st.integers(1, 7)))
    )
    timetables = {division: tuple(ClassPeriod(span, draw(st.booleans()), ref)
                                  for ref, span in enumerate(draw(st.lists(spans(), max_size=3))))
                  for division in DIVISIONS}
    pins = tuple(sorted(set(draw(st.lists(
        st.tuples(st.integers(0, len(students)), st.sampled_from([g.key for g in groups] + ["gone"])), max_size=3)))))
    return Problem(students, tuple(groups), timetables, pins)


def solved_with_everyone_accounted_for(problem):
    """The plan of ``problem`` with its groups and students by key, once checked that it has a status
    and that every student is either placed or explained, once."""
    solution = solve(problem, time_limit=0.5)
    assert solution.status in ("optimal", "feasible", "first_fit")
    groups = {group.key: group for group in problem.groups}
    students = {student.key: student for student in problem.students}
    assert sorted([*solution.assignment, *(u.student for u in solution.unplaced)]) == sorted(students)
    return solution, groups, students


def quality_optimum(problem):
    """The quality stage's true optimum with every student placed, on the whole model with nothing added (None
    when not every student can be placed or it is not proven)."""
    built = model_module._Model(problem, Weights())
    for placed in built.placed.values():
        built.model.add(placed == 1)
    built.model.minimize(sum(built.quality))
    whole = cp_model.CpSolver()
    whole.parameters.num_workers = 1
    return (built, round(whole.objective_value)) if whole.solve(built.model) == cp_model.OPTIMAL else (built, None)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_plan_keeps_the_hard_constraints_and_the_pins(problem):
    solution, groups, students = solved_with_everyone_accounted_for(problem)
    for key, keys in solution.assignment.items():
        student, chosen = students[key], [groups[k] for k in keys]
        assert sorted(group.workshop for group in chosen) == sorted(student.needs)
        assert not any(a.span.overlaps(b.span) for i, a in enumerate(chosen) for b in chosen[i + 1:])
        protected = [p.span for p in problem.timetables[student.division] if p.protected]
        assert not any(group.span.overlaps(span) for group in chosen for span in protected)
    sizes = Counter(k for keys in solution.assignment.values() for k in keys)
    assert all(sizes[key] + len(group.members) <= group.size_max for key, group in groups.items() if sizes[key])
    refused = {(pin.student, pin.group) for pin in solution.refused_pins}
    assert refused <= set(problem.pins)
    for student, key in set(problem.pins) - refused:
        if student in solution.assignment:
            assert key in solution.assignment[student]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_the_workshop_parts_bound_the_quality_stage_from_below(problem):
    """The sum of the parts' optima (workshops.py) is a cut of the quality stage: it must never exceed the
    stage's true optimum, computed here on the whole model without it, with every student placed."""
    built, optimum = quality_optimum(problem)
    assume(optimum is not None)
    parts = [workshops.solve_part(kinds, seats, Weights(), 5.0, 1) for kinds, seats in built.parts(problem).values()]
    assert all(part.found for part in parts)
    assert sum(part.bound for part in parts) <= optimum
    solution = solve(problem, time_limit=1.0)
    if solution.status == "optimal" and len(solution.assignment) == len(built.placed):
        assert round(solution.stages[1].objective) == optimum


@st.composite
def placements(draw):
    """Random placement-mode campaigns: some groups already running, candidates at facilitators' slots, a space
    of 0-3 tracks, pins of students and of slots (some contradictory, some to groups that do not exist)."""
    workshops = draw(st.integers(1, 3))
    fixed = [Group(f"f{index}", draw(st.integers(0, workshops - 1)), draw(spans()), 1, draw(st.integers(1, 3)))
             for index in range(draw(st.integers(0, 2)))]
    candidates = []
    for index in range(draw(st.integers(1, 6))):
        size_max = draw(st.integers(1, 4))
        candidates.append(Group(f"c{index}", draw(st.integers(0, workshops - 1)), draw(spans()),
                                draw(st.integers(1, size_max)), size_max, facilitator=draw(st.integers(1, 2)),
                                optional=True))
    groups = fixed + candidates
    students = tuple(
        Student(key, draw(st.sampled_from(DIVISIONS)), "2pro",
                tuple(sorted(draw(st.sets(st.integers(0, workshops - 1), min_size=1, max_size=workshops)))))
        for key in range(draw(st.integers(1, 6)))
    )
    timetables = {division: tuple(ClassPeriod(span, draw(st.booleans()), ref)
                                  for ref, span in enumerate(draw(st.lists(spans(), max_size=3))))
                  for division in DIVISIONS}
    keys = [g.key for g in groups] + ["gone"]
    pins = tuple(sorted(set(draw(st.lists(st.tuples(st.integers(0, len(students)), st.sampled_from(keys)), max_size=2)))))
    slot_pins = tuple(sorted(set(draw(st.lists(st.sampled_from(keys), max_size=3)))))
    return Problem(students, tuple(groups), timetables, pins, draw(st.none() | st.integers(0, 3)), slot_pins)


def running_at(groups, group):
    """How many of ``groups`` run at the start of ``group`` (a moment of greatest overlap among intervals)."""
    return sum(1 for o in groups if o.span.weekday == group.span.weekday and o.span.start <= group.span.start < o.span.end)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(placements())
def test_placement_never_double_books_nor_overfills_the_space_and_keeps_the_pins(problem):
    solution, groups, students = solved_with_everyone_accounted_for(problem)
    opened = [groups[key] for key in solution.opened]
    assert all(groups[key].optional for key in solution.opened)
    for key, keys in solution.assignment.items():
        chosen = [groups[k] for k in keys]
        assert sorted(group.workshop for group in chosen) == sorted(students[key].needs)
        assert all(not group.optional or group in opened for group in chosen)
        assert not any(a.span.overlaps(b.span) for i, a in enumerate(chosen) for b in chosen[i + 1:])
    # A facilitator leads one group at a time; new groups fit in what the space holds beside the running ones.
    assert not any(a.facilitator == b.facilitator and a.span.overlaps(b.span)
                   for i, a in enumerate(opened) for b in opened[i + 1:])
    fixed = [g for g in problem.groups if not g.optional]
    if problem.tracks is not None:
        for group in opened:
            assert running_at(opened, group) <= max(0, problem.tracks - running_at(fixed, group))
    sizes = Counter(k for keys in solution.assignment.values() for k in keys)
    assert all(sizes[key] <= group.seats for key, group in groups.items())
    refused = {pin.group for pin in solution.refused_pins if pin.student is None}
    assert set(problem.slot_pins) - refused <= set(solution.opened)
    refused_students = {(pin.student, pin.group) for pin in solution.refused_pins if pin.student is not None}
    for student, key in set(problem.pins) - refused_students:
        if student in solution.assignment:
            assert key in solution.assignment[student]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(placements())
def test_the_joint_part_bounds_the_placement_quality_stage_from_below_and_the_start_is_never_beaten(problem):
    """Placement mode: the optimum of all parts together (with the facilitators and the space) is a cut of the
    quality stage, so it must never exceed the stage's true optimum; and the plan returned never costs more than
    first-fit's when it places as many students."""
    built, optimum = quality_optimum(problem)
    assume(optimum is not None and built.opened)
    together = workshops.solve_together(built.parts(problem), built.part_limits(), Weights(), 5.0, 1)
    assert together.found and together.bound <= optimum
    solution = solve(problem, time_limit=1.0)
    start = model_module._Model(problem, Weights())
    settled = start.settle(model_module.first_fit(problem), sum(start.quality))
    if settled is not None and len(solution.assignment) == len(model_module.first_fit(problem)):
        assert solution.stages[-1].objective <= settled.objective_value
