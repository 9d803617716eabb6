"""Small-cell suppression (DESIGN.md §9): threshold 11 by default, never below 5.

A count under the threshold is suppressed; when a breakdown then has exactly one
suppressed cell, the next smallest one is suppressed too, so that no cell can be
recovered by subtracting the others from the published total.
"""
from __future__ import annotations

from django.conf import settings

DEFAULT_THRESHOLD = 11
MINIMUM_THRESHOLD = 5


def threshold() -> int:
    return max(getattr(settings, "ACCROCHE_SUPPRESSION_THRESHOLD", DEFAULT_THRESHOLD), MINIMUM_THRESHOLD)


def suppressed_keys(counts: dict[str, int], limit: int) -> set[str]:
    """Keys of ``counts`` (one breakdown) to withhold: primary then complementary suppression."""
    hidden = {key for key, count in counts.items() if 0 < count < limit}
    if len(hidden) == 1:
        shown = sorted((count, key) for key, count in counts.items() if key not in hidden)
        if shown:
            hidden.add(shown[0][1])
    return hidden
