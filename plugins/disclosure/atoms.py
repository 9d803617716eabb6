"""The unknowns an attacker faces: records grouped by the set of cells they fall in.

Every cell counts a set of records; records that fall in exactly the same cells are
indistinguishable to anyone who reads the report, so they form one *atom*, whose size is an
unknown non-negative integer. Each cell is then a sum of atoms, and every relation between cells
(a breakdown adds up to its total, « taken in charge » is a part of « identified », a term is a
part of its school year) follows from the records themselves instead of being declared.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence


class Atoms:
    def __init__(self, unit_sets: Sequence[frozenset[str]]):
        membership: dict[str, list[int]] = defaultdict(list)
        for index, units in enumerate(unit_sets):
            for unit in units:
                membership[unit].append(index)
        ids: dict[tuple[int, ...], int] = {}
        self.sizes: list[int] = []
        self._atom_of: dict[str, int] = {}
        for unit, cells in membership.items():
            signature = tuple(cells)
            if signature not in ids:
                ids[signature] = len(self.sizes)
                self.sizes.append(0)
            self.sizes[ids[signature]] += 1
            self._atom_of[unit] = ids[signature]
        self.of_set = [frozenset(self._atom_of[u] for u in units) for units in unit_sets]

    def __len__(self) -> int:
        return len(self.sizes)

    def size(self, atoms: frozenset[int]) -> int:
        return sum(self.sizes[a] for a in atoms)
