"""Absenteeism before and after the programme (seed 000, « Scolarité : absentéisme »).

For the students taken in charge, the rate of half-days absent over the half-days open in the
periods ending before their campaign's programme starts, against the periods starting after it
ends. Only students with periods on both sides count, so both rates describe the same students;
periods overlapping the programme are left out. The contributing cases go with the rates: the
node withholds both when fewer students than the suppression threshold contribute.
"""
from __future__ import annotations

from collections import defaultdict

from .models import AbsenceRecord

BEFORE, AFTER = "before", "after"


def absenteeism_rates(taken_cases) -> dict[str, tuple[float | None, frozenset[str]]]:
    """``{"before": (rate, contributors), "after": ...}``, rates in percent, ``None`` without data."""
    cases = list(taken_cases.select_related("campaign"))
    records = defaultdict(list)
    for record in AbsenceRecord.objects.filter(student_id__in={case.student_id for case in cases}):
        records[record.student_id].append(record)
    totals = {BEFORE: [0, 0], AFTER: [0, 0]}
    contributors = set()
    for case in cases:
        sides = _sides(records[case.student_id], case.campaign.programme_start, case.campaign.programme_end)
        if sides[BEFORE][1] and sides[AFTER][1]:
            contributors.add(f"case:{case.pk}")
            for side in totals:
                totals[side] = [total + n for total, n in zip(totals[side], sides[side])]
    return {side: (round(100 * absent / open_, 1) if open_ else None, frozenset(contributors))
            for side, (absent, open_) in totals.items()}


def _sides(records, programme_start, programme_end) -> dict[str, tuple[int, int]]:
    """Half-days (absent, open) summed over the periods before and after the programme."""
    sides = {BEFORE: (0, 0), AFTER: (0, 0)}
    for record in records:
        side = BEFORE if record.period_end < programme_start else AFTER if record.period_start > programme_end else None
        if side is not None:
            absent, open_ = sides[side]
            sides[side] = (absent + record.half_days_absent, open_ + record.half_days_open)
    return sides
