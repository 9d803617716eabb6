"""The period and indicator a dashboard request names (?periode=, ?indicateur=), checked against those the scope
offers before anything is computed or cached under them: any other value would be a cache entry of its own, and
a visitor could fill the cache with as many as they send."""
from __future__ import annotations

from django.utils.translation import gettext as _

from . import source
from .access import Scope

SHOWN_CHARACTERS = 40


def refusal(scope: Scope, period_code: str, indicator: str) -> str | None:
    """Why the scope's dashboard has no such choice (in French), or None when it offers every value named
    (an empty value is the default: the latest period, the first indicator)."""
    periods = source.periods_with_data(scope) if period_code or indicator else []
    period = next((p for p in periods if p.code == period_code), None) if period_code else None
    if period_code and period is None:
        return _("La période « %(code)s » n'a pas de rapport dans ce tableau de bord : voici la plus récente.") % {
            "code": _shown(period_code)}
    period = period or (periods[0] if periods else None)
    if indicator and (period is None or indicator not in source.indicators_reported(scope, period)):
        return _("L'indicateur « %(code)s » n'a pas été reçu pour cette période : voici le premier de la liste.") % {
            "code": _shown(indicator)}
    return None


def _shown(value: str) -> str:
    return value if len(value) <= SHOWN_CHARACTERS else value[:SHOWN_CHARACTERS] + "…"
