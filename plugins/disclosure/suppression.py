"""Primary and complementary (secondary) suppression of a node's cells.

Protected groups (*targets*): every count cell, hidden cell or difference of two nested cells
(« identified » minus « taken in charge », a school year minus its term, a cell minus the same
cell of an earlier report) whose size is small (0 < n < threshold). Small publishable cells are
primary secrets. Then, target by target, while the audit pins a target too narrowly, the
published cell that holds the bound and counts the fewest records (τ-Argus's default cost) becomes
a secondary secret. Withholding a cell only widens intervals, so a target once protected stays
protected. A last pass audits every target again over integers (CP-SAT) before anything is sent.

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

    def add(group: frozenset[int], label: str):
        size = atoms.size(group)
        if policy.is_small(size) and group not in found:
            found[group] = Target(group, size, label)

    for i in counts:
        if i in forced and cells[i].count:
            found.setdefault(atoms.of_set[i], Target(atoms.of_set[i], cells[i].count, _label(cells[i], i)))
        add(atoms.of_set[i], _label(cells[i], i))
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

    def withhold(target: Target, interval: Interval, order: list[int]) -> bool:
        low_fails = interval.low > max(0, target.size - policy.margin)
        pinning = interval.pinning_low if low_fails else interval.pinning_high
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
        if not policy.protects(target.size, *_bounds(integer_interval(target.atoms, history))):
            protection.already_disclosed.append(target)
            continue
        for interval_of in (linear_interval, integer_interval):
            while True:
                order, current = constraints()
                interval = interval_of(target.atoms, current)
                if policy.protects(target.size, interval.low, interval.high) or not withhold(target, interval, order):
                    break
    return protection


def _bounds(interval: Interval) -> tuple[float, float]:
    return interval.low, interval.high
