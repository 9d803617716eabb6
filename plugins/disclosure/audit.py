"""What an attacker can infer: the interval of a group's size given the published cells.

The unknowns are the atoms' sizes (non-negative); each published cell fixes the sum of its atoms.
Minimising and maximising the group's sum over them gives the tightest interval anyone can
derive by adding and subtracting published numbers (the audit τ-Argus runs). The linear
relaxation (GLOP) is fast and names, through its dual values, the published cells that pin a
bound; its interval contains the integer one, and equals it when both optima are integral.
Otherwise the integer version (CP-SAT) gives the exact bounds.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

UNBOUNDED = 10**6  # an atom larger than any establishment: the bound is open


@dataclass(frozen=True)
class Constraint:
    atoms: frozenset[int]
    value: int


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    pinning_low: tuple[int, ...] = ()   # indices of the constraints that hold the low bound up
    pinning_high: tuple[int, ...] = ()  # ... and the high bound down
    exact: bool = True                  # the bounds hold over integers too


def _relevant(group: frozenset[int], constraints: Sequence[Constraint]) -> list[int]:
    """Indices of the constraints connected to ``group`` through shared atoms (the others cannot bind it)."""
    reached, atoms, changed = set(), set(group), True
    while changed:
        changed = False
        for index, constraint in enumerate(constraints):
            if index not in reached and not atoms.isdisjoint(constraint.atoms):
                reached.add(index)
                atoms |= constraint.atoms
                changed = True
    return sorted(reached)


def linear_interval(group: frozenset[int], constraints: Sequence[Constraint]) -> Interval:
    """Bounds of the group's size over real atom sizes, with the constraints that bind each bound."""
    used = _relevant(group, constraints)
    atoms = sorted(set(group).union(*(constraints[i].atoms for i in used)))
    solver = pywraplp.Solver.CreateSolver("GLOP")
    size = {atom: solver.NumVar(0, UNBOUNDED, f"a{atom}") for atom in atoms}
    rows = {i: solver.Add(sum(size[a] for a in constraints[i].atoms) == constraints[i].value) for i in used}
    objective = sum(size[a] for a in group)
    bounds, integral = [], True
    for minimise in (True, False):
        solver.Minimize(objective) if minimise else solver.Maximize(objective)
        if solver.Solve() != pywraplp.Solver.OPTIMAL:
            raise RuntimeError("the published cells contradict each other")
        binding = tuple(i for i, row in rows.items() if abs(row.dual_value()) > 1e-9)
        bounds.append((solver.Objective().Value(), binding))
        integral = integral and all(abs(v.solution_value() - round(v.solution_value())) < 1e-9 for v in size.values())
    (low, pinning_low), (high, pinning_high) = bounds
    return Interval(low, high, pinning_low, pinning_high, integral)


def integer_interval(group: frozenset[int], constraints: Sequence[Constraint]) -> Interval:
    """Exact bounds of the group's size over integer atom sizes (CP-SAT)."""
    used = _relevant(group, constraints)
    atoms = sorted(set(group).union(*(constraints[i].atoms for i in used)))
    result = []
    for minimise in (True, False):
        model = cp_model.CpModel()
        size = {atom: model.new_int_var(0, UNBOUNDED, f"a{atom}") for atom in atoms}
        for i in used:
            model.add(sum(size[a] for a in constraints[i].atoms) == constraints[i].value)
        objective = sum(size[a] for a in group)
        model.minimize(objective) if minimise else model.maximize(objective)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        if solver.solve(model) != cp_model.OPTIMAL:
            raise RuntimeError("the published cells contradict each other")
        result.append(solver.objective_value)
    return Interval(result[0], result[1])
