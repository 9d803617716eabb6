"""An attacker who reads a report and knows how its cells are defined, written apart from the engine.

The unknowns are the numbers of records of every combination of attributes (not the engine's
atoms); each published cell fixes the sum over the combinations its definition matches. CP-SAT
then gives the exact interval of any group, as an attacker solving the linear system would.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from ortools.sat.python import cp_model

Combo = tuple
Predicate = Callable[[Combo], bool]


def interval(combos: list[Combo], published: Iterable[tuple[Predicate, int]], group: Predicate) -> tuple[int, int]:
    bounds = []
    for minimise in (True, False):
        model = cp_model.CpModel()
        count = [model.new_int_var(0, 10**6, f"n{i}") for i in range(len(combos))]
        for matches, value in published:
            terms = [n for n, combo in zip(count, combos) if matches(combo)]
            if terms:
                model.add(sum(terms) == int(value))
        objective = sum(n for n, combo in zip(count, combos) if group(combo))
        model.minimize(objective) if minimise else model.maximize(objective)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        assert solver.solve(model) == cp_model.OPTIMAL
        bounds.append(round(solver.objective_value))
    return bounds[0], bounds[1]
