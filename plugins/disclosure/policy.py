"""How small is too small: the suppression threshold (default 11, never below 5) and the margin.

The threshold is the rule French official statistics apply to natural persons; an académie may
raise or lower it through ``ACCROCHE_SUPPRESSION_THRESHOLDS`` (``bordeaux=15;lyon=12``), never below
:data:`MINIMUM_THRESHOLD`. The margin is the protection interval τ-Argus asks of a secret cell:
whatever is published, a secret group of ``n`` must stay compatible with ``n + margin`` and with
``max(0, n - margin)``, so it is neither pinned nor known to be non-empty when ``n <= margin``.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

DEFAULT_THRESHOLD = 11
MINIMUM_THRESHOLD = 5
PROTECTION_MARGIN = 2


def threshold(academie_code: str | None = None) -> int:
    """The threshold for establishments of ``academie_code`` (the general one when ``None``)."""
    general = getattr(settings, "ACCROCHE_SUPPRESSION_THRESHOLD", DEFAULT_THRESHOLD)
    per_academie = getattr(settings, "ACCROCHE_SUPPRESSION_THRESHOLDS", {}) or {}
    return max(int(per_academie.get(academie_code, general)), MINIMUM_THRESHOLD)


@dataclass(frozen=True)
class Policy:
    threshold: int = DEFAULT_THRESHOLD
    margin: int = PROTECTION_MARGIN

    def __post_init__(self):
        if self.threshold < MINIMUM_THRESHOLD:
            raise ValueError(f"the threshold is never below {MINIMUM_THRESHOLD}")

    def is_small(self, count: int) -> bool:
        return 0 < count < self.threshold

    def protects(self, value: int, low: float, high: float) -> bool:
        """Whether an attacker's interval ``[low, high]`` for a group of ``value`` is wide enough."""
        return low <= max(0, value - self.margin) and high >= value + self.margin


def policy_for(establishment) -> Policy:
    academie = getattr(establishment, "academie", None)
    return Policy(threshold(academie.code if academie is not None else None))
