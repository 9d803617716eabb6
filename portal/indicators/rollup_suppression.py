"""Suppression inside a roll-up: primary secrets below the threshold, then complementary ones.

Within a group, a *line* is a cell and its parts along one breakdown (the total and its levels;
the « level = 2pro » margin and its level × sex cells). A line with exactly one secret cell would
give it by subtraction, so the smallest published part of that line becomes a secondary secret,
until every line has none or at least two (the rule τ-Argus's hypercube method enforces). Rates
add up to nothing and are left as they are.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from plugins.reports import CellStatus


def protect_groups(cells: list, limits: dict[str, int], *, additive: bool) -> list:
    """``cells`` of every group with their statuses; ``limits`` gives each group's threshold."""
    by_group = defaultdict(dict)
    for cell in cells:
        if additive and cell.status is CellStatus.PUBLISHED and 0 < cell.value < limits[cell.group]:
            cell = replace(cell, value=None, status=CellStatus.PRIMARY_SECRET)
        by_group[cell.group][cell.breakdown_key] = cell
    if additive:
        for table in by_group.values():
            _complete_lines(table)
    return sorted((cell for table in by_group.values() for cell in table.values()),
                  key=lambda c: (c.group, c.breakdown_key))


def lines(table: dict) -> list[list[str]]:
    """Each line as [total key, part keys...], for every cell and every dimension it is not broken down by."""
    dimensions = {name for cell in table.values() for name in cell.breakdown}
    found = []
    for key, cell in table.items():
        for name in sorted(dimensions - set(cell.breakdown)):
            parts = [k for k, c in table.items() if set(c.breakdown) == set(cell.breakdown) | {name}
                     and all(c.breakdown[d] == v for d, v in cell.breakdown.items())]
            if parts:
                found.append([key, *parts])
    return found


def _complete_lines(table: dict) -> None:
    changed = True
    while changed:
        changed = False
        for line in lines(table):
            secret = [k for k in line if table[k].status.secret]
            if len(secret) != 1:
                continue
            published = [k for k in line[1:] if not table[k].status.secret] or [line[0]]
            choice = min(published, key=lambda k: (table[k].value or 0, k))
            table[choice] = replace(table[choice], value=None, status=CellStatus.SECONDARY_SECRET)
            changed = True
