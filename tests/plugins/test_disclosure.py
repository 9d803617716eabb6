"""Suppression of small groups: primary and secondary secrets, audited by an independent attacker."""
import itertools

from hypothesis import HealthCheck, given, settings, strategies as st

from plugins.disclosure.policy import Policy
from plugins.disclosure.suppression import protect
from plugins.reports import CellStatus, TableCell

from .attacker import interval

LEVELS, SEXES = ("a", "b", "c"), ("F", "M")
POLICY = Policy(threshold=5, margin=2)


def cells_of(records):
    """Identified and taken in charge, by level, sex and level × sex, from ``(id, level, sex, taken)`` records."""
    def units(keep):
        return frozenset(f"r{r[0]}" for r in records if keep(r))

    cells, predicates = [], []
    for code, base in (("identified", lambda c: True), ("taken", lambda c: c[2])):
        for level, sex in [(None, None), *((l, None) for l in LEVELS), *((None, s) for s in SEXES),
                           *itertools.product(LEVELS, SEXES)]:
            keep = (lambda c, b=base, l=level, s=sex: b(c) and l in (None, c[0]) and s in (None, c[1]))
            breakdown = {k: v for k, v in (("level", level), ("sex", sex)) if v}
            cells.append(TableCell(code, breakdown, units(lambda r, k=keep: k(r[1:]))))
            predicates.append(keep)
    return cells, predicates


COMBOS = list(itertools.product(LEVELS, SEXES, (True, False)))


def assert_protected(cells, predicates, statuses):
    """No small cell, no small difference of nested cells and no secret cell is pinned by the published cells."""
    published = [(predicates[i], cells[i].count) for i, s in statuses.items() if s is CellStatus.PUBLISHED]
    for i, status in statuses.items():
        if status.secret:
            low, high = interval(COMBOS, published, predicates[i])
            assert low < high, f"{cells[i].key} is recoverable: {low}"
    groups = [(p, c.count) for p, c in zip(predicates, cells)]
    groups += [(lambda x, a=pa, b=pb: a(x) and not b(x), ca.count - cb.count)
               for (pa, ca), (pb, cb) in itertools.permutations(zip(predicates, cells), 2)
               if cb.units < ca.units]
    distinct = {(frozenset(c for c in COMBOS if group(c)), size): group for group, size in groups if POLICY.is_small(size)}
    for (_extension, size), group in distinct.items():
        low, high = interval(COMBOS, published, group)
        assert low <= max(0, size - POLICY.margin) and high >= size + POLICY.margin, (size, low, high)


def test_a_single_small_cell_takes_a_complement_with_it():
    records = [(i, "a", "F" if i < 3 else "M", True) for i in range(40)]
    cells, _predicates = cells_of(records)
    statuses = protect(cells, [], POLICY).statuses
    by_key = {cells[i].key: s for i, s in statuses.items()}
    assert by_key[("identified", "sex=F")] is CellStatus.PRIMARY_SECRET
    assert by_key[("identified", "sex=M")] is not CellStatus.PUBLISHED or by_key[("identified", "")] is not CellStatus.PUBLISHED
    assert by_key[("identified", "")] is CellStatus.PUBLISHED, "the cheapest complement is the 37 boys, not the total"


def test_a_small_difference_between_indicators_is_protected():
    records = [(i, "a" if i % 2 else "b", "F" if i % 3 else "M", i >= 3) for i in range(30)]  # 3 not taken in charge
    cells, predicates = cells_of(records)
    statuses = protect(cells, [], POLICY).statuses
    totals = {cells[i].key: s for i, s in statuses.items() if not cells[i].breakdown}
    assert CellStatus.SECONDARY_SECRET in totals.values(), "identified 30 and taken 27 would give the 3 others"
    assert_protected(cells, predicates, statuses)


def test_cells_already_sent_are_what_the_attacker_knows():
    """A term was sent in full; the year adds two students: the year must not give them away."""
    term = [(i, "a" if i % 2 else "b", "F" if i < 20 else "M", True) for i in range(40)]
    year = term + [(40, "a", "F", True), (41, "b", "M", True)]
    term_cells, predicates = cells_of(term)
    cells, _ = cells_of(year)
    protection = protect(cells, [c.units for c in term_cells], POLICY)
    assert not protection.already_disclosed
    assert protection.statuses[0] is not CellStatus.PUBLISHED, "42 identified this year minus 40 in the term"
    combos = list(itertools.product(LEVELS, SEXES, (True, False), (True, False)))  # last: added after the term
    known = [(lambda c, p=p: p(c[:3]) and not c[3], cell.count) for p, cell in zip(predicates, term_cells)]
    published = known + [(lambda c, p=predicates[i]: p(c[:3]), cells[i].count)
                         for i, s in protection.statuses.items() if s is CellStatus.PUBLISHED]
    for group in (lambda c: c[3], lambda c: c[3] and c[1] == "F", lambda c: c[3] and c[0] == "a"):
        size = sum(1 for r in year[40:] if group((*r[1:], True)))
        low, high = interval(combos, published, group)
        assert low <= max(0, size - POLICY.margin) and high >= size + POLICY.margin


@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(LEVELS), st.sampled_from(SEXES), st.booleans()), min_size=1, max_size=40))
def test_random_tables_leave_no_small_group_pinned(attributes):
    records = [(i, *a) for i, a in enumerate(attributes)]
    cells, predicates = cells_of(records)
    statuses = protect(cells, [], POLICY).statuses
    assert all(s is not CellStatus.PUBLISHED for i, s in statuses.items() if POLICY.is_small(cells[i].count))
    assert_protected(cells, predicates, statuses)
