"""Primary and complementary (secondary) suppression of a node's cells.

Protected groups (*targets*): every count cell, hidden cell or difference of two nested cells
(« identified » minus « taken in charge », a school year minus its term, a cell minus the same
cell of an earlier report) whose size is small (0 < n < threshold). Small publishable cells are
primary secrets. Then, target by target, while the audit pins a target too narrowly, the
published cell that holds the bound and counts the fewest records (τ-Argus's default cost) becomes
a secondary secret. Withholding a cell only widens intervals, so a target once protected stays
protected. Bounds are integer bounds: the linear relaxation's when its optima are integral, CP-SAT's
otherwise. Finally a secondary secret that the published cells give exactly anyway is published
again, so that no secret cell of the report is recoverable by subtraction.

Cells already sent cannot be withdrawn: they are constraints the attacker knows. A group that
earlier reports pinned on their own is reported as already disclosed instead of being chased.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import permutations

from plugins.reports import CellStatus, TableCell

from .atoms import Atoms
from .audit import Constraint, Interval, integer_interval, linear_interval
from .policy import Policy


@dataclass(frozen=True)
class Target:
    atoms: frozenset[int]
    size: int
    label: str


@dataclass
class Protection:
    """Statuses of the current cells (by index), and what could not be protected any more."""

    statuses: dict[int, CellStatus]
    targets: list[Target]
    already_disclosed: list[Target] = field(default_factory=list)


def _label(cell: TableCell | None, index: int) -> str:
    if cell is None:
        return f"envoi antérieur n° {index}"
    return f"{cell.code}[{cell.key[1]}]"


def _targets(cells: Sequence[TableCell], known: Sequence[frozenset[str]], atoms: Atoms, policy: Policy,
             forced: set[int]) -> list[Target]:
    counts = [i for i, cell in enumerate(cells) if cell.is_count]
    sets = [(i, atoms.of_set[i]) for i in counts] + [(len(cells) + k, atoms.of_set[len(cells) + k]) for k in range(len(known))]
    found: dict[frozenset[int], Target] = {}

    def add(group: frozenset[int], label: str, force: bool = False):
        size = atoms.size(group)
        if (policy.is_small(size) or (force and size)) and group not in found:
            found[group] = Target(group, size, label)

    for i in counts:
        add(atoms.of_set[i], _label(cells[i], i), force=i in forced)
    for (i, part), (j, whole) in permutations(sets, 2):
        if (i < len(cells) or j < len(cells)) and part < whole:
            add(whole - part, f"{_label(cells[j] if j < len(cells) else None, j)} − "
                              f"{_label(cells[i] if i < len(cells) else None, i)}")
    return sorted(found.values(), key=lambda t: (t.size, t.label))


def protect(cells: Sequence[TableCell], known: Sequence[frozenset[str]], policy: Policy,
            forced: set[int] = frozenset()) -> Protection:
    """Statuses for ``cells`` given the unit sets of the cells already published (``known``).

    ``forced`` are indices of cells to treat as small whatever their size (a correction that
    changes a cell already sent by fewer than the threshold).
    """
    atoms = Atoms([cell.units for cell in cells] + list(known))
    statuses: dict[int, CellStatus] = {}
    for i, cell in enumerate(cells):
        if not cell.publish:
            continue
        small = (cell.value is None or len(cell.units) < policy.threshold) if not cell.is_count else (
            policy.is_small(cell.count) or i in forced)
        statuses[i] = CellStatus.PRIMARY_SECRET if small else CellStatus.PUBLISHED
    published = {i for i, s in statuses.items() if s is CellStatus.PUBLISHED and cells[i].is_count}
    history = [Constraint(atoms.of_set[len(cells) + k], len(units)) for k, units in enumerate(known)]
    targets = _targets(cells, known, atoms, policy, forced)
    protection = Protection(statuses, targets)

    def constraints():
        order = sorted(published)
        return order, [Constraint(atoms.of_set[i], cells[i].count) for i in order] + history

    def withhold(target: Target, bounds: Interval, order: list[int]) -> bool:
        low_fails = bounds.low > max(0, target.size - policy.margin)
        pinning = bounds.pinning_low if low_fails else bounds.pinning_high
        candidates = [order[k] for k in pinning if k < len(order)]
        if not candidates:
            candidates = [i for i in published if not atoms.of_set[i].isdisjoint(target.atoms)] or list(published)
        if not candidates:
            return False
        choice = min(candidates, key=lambda i: (cells[i].count, cells[i].key))
        published.discard(choice)
        statuses[choice] = CellStatus.SECONDARY_SECRET
        return True

    for target in targets:
        if history and _pinned(policy, target, history) is not None:
            protection.already_disclosed.append(target)
            continue
        while True:
            order, current = constraints()
            bounds = _pinned(policy, target, current)
            if bounds is None or not withhold(target, bounds, order):
                break
    _republish_recoverable(cells, atoms, statuses, published, history)
    return protection


def _republish_recoverable(cells, atoms: Atoms, statuses: dict[int, CellStatus], published: set[int],
                           history: list[Constraint]) -> None:
    """Publish again the secondary secrets the published cells give exactly anyway.

    Their value adds nothing an attacker cannot already compute, so the intervals of the
    targets stay the same; withholding them would only claim a secrecy that is not there.
    """
    changed = True
    while changed:
        changed = False
        for i in sorted(i for i, status in statuses.items() if status is CellStatus.SECONDARY_SECRET):
            current = [Constraint(atoms.of_set[j], cells[j].count) for j in sorted(published)] + history
            bounds = linear_interval(atoms.of_set[i], current)
            if bounds.high - bounds.low < 0.5:
                statuses[i] = CellStatus.PUBLISHED
                published.add(i)
                changed = True


def _pinned(policy: Policy, target: Target, constraints: list[Constraint]) -> Interval | None:
    """The target's too narrow interval, or ``None`` when it is protected (over integers)."""
    if all(constraint.atoms.isdisjoint(target.atoms) for constraint in constraints):
        return None
    bounds = linear_interval(target.atoms, constraints)
    if policy.protects(target.size, bounds.low, bounds.high):
        if bounds.exact:
            return None
        exact = integer_interval(target.atoms, constraints)
        if policy.protects(target.size, exact.low, exact.high):
            return None
        return Interval(exact.low, exact.high)
    return bounds
