"""Property-based checks of the scheduling model on random small campaigns (hypothesis): whatever the input,
every plan keeps the hard constraints and the valid pins, and what cannot be done is explained, never raised."""
from collections import Counter

from hypothesis import HealthCheck, given, settings, strategies as st

from plugins.builtin.sas.scheduling.solver import ClassPeriod, Group, Problem, Span, Student, solve

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


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_plan_keeps_the_hard_constraints_and_the_pins(problem):
    solution = solve(problem, time_limit=0.5)
    assert solution.status in ("optimal", "feasible")
    groups = {group.key: group for group in problem.groups}
    students = {student.key: student for student in problem.students}
    # Every student is either placed or explained, once.
    assert sorted([*solution.assignment, *(u.student for u in solution.unplaced)]) == sorted(students)
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
