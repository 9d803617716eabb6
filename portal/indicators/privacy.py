"""Optional differential privacy on académie and national roll-ups (OpenDP), with the budget accounted.

On top of suppression, an analyst may publish a *noisy release* of a roll-up: every published count
gets discrete Laplace noise from OpenDP (``then_laplace`` over integers). One student falls in one cell
per breakdown combination of the table (total, level, sex, level × sex: 4), which is the L1
sensitivity; the scale is sensitivity / ε, so the release is ε-differentially private with respect
to one student, and OpenDP's privacy map checks it. Negative draws are clamped at 0 (post-processing).
Secret cells stay secret. The release is stored and shown as stored, never drawn again, and its ε is
added to the spend of every contributing establishment for the period; a release that would take an
establishment over ``ACCROCHE_DP_BUDGET`` is refused.
"""
from __future__ import annotations

import math

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _, ngettext

from plugins.reports import Aggregation

from .models import NoisyRelease, PrivacySpend, ReportingPeriod
from .rollups import aggregation_of, current_cells, rollup

LEVELS = ("academie", "nation")


class ReleaseRefused(Exception):
    """``str(exc)`` is the French reason."""


def budget() -> float:
    return float(getattr(settings, "ACCROCHE_DP_BUDGET", 1.0))


def spent(period: ReportingPeriod, establishment_ids) -> dict[int, float]:
    return dict(PrivacySpend.objects.filter(period=period, establishment_id__in=list(establishment_ids))
                .values_list("establishment_id", "epsilon"))


def _laplace(values: list[int], scale: float, sensitivity: int, epsilon: float) -> list[int]:
    import opendp.prelude as dp

    dp.enable_features("contrib")
    measurement = (dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int)) >> dp.m.then_laplace(scale=scale)
    assert measurement.map(sensitivity) <= epsilon * (1 + 1e-9), "OpenDP's privacy map exceeds the announced ε"
    return measurement(values)


@transaction.atomic
def release(indicator: str, period: ReportingPeriod, level: str, group: str, epsilon: float, scope, user=None
            ) -> NoisyRelease:
    """Publish a noisy roll-up of ``group`` (an académie code, or ``"nation"``) from the establishments in ``scope``."""
    if level not in LEVELS:
        raise ReleaseRefused(_("Le bruit n'est proposé qu'aux niveaux académique et national."))
    if aggregation_of(indicator) is not Aggregation.SUM:
        raise ReleaseRefused(_("Seuls les effectifs (sommes) reçoivent un bruit ; un taux n'en reçoit pas."))
    if not 0 < epsilon <= budget():
        raise ReleaseRefused(_("ε doit être strictement positif et au plus %(budget)s.") % {"budget": budget()})
    cells = [cell for cell in rollup(indicator, period, level, scope) if cell.group == group]
    contributors = set(current_cells(indicator, period, scope).values_list("establishment_id", flat=True))
    if not cells or not contributors:
        raise ReleaseRefused(_("Aucune valeur reçue pour cet indicateur dans ce périmètre."))
    # Each contributor's spend row exists before it is locked, so that two releases at once wait for each other
    # (a row inserted by both would be an IntegrityError; a missing row, nothing to lock).
    PrivacySpend.objects.bulk_create([PrivacySpend(establishment_id=pk, period=period) for pk in sorted(contributors)],
                                     ignore_conflicts=True)
    spends = {s.establishment_id: s for s in PrivacySpend.objects.select_for_update().filter(
        period=period, establishment_id__in=contributors).order_by("establishment_id")}
    over = [pk for pk in contributors if spends[pk].epsilon + epsilon > budget() + 1e-9]
    if over:
        raise ReleaseRefused(ngettext("Budget de confidentialité épuisé pour %(n)s établissement : ε restant insuffisant.",
                                      "Budget de confidentialité épuisé pour %(n)s établissements : ε restant insuffisant.",
                                      len(over)) % {"n": len(over)})
    sensitivity = len({tuple(sorted(cell.breakdown)) for cell in cells})
    if not math.isfinite(sensitivity / epsilon):  # ε under about 1e-308: OpenDP refuses an infinite scale
        raise ReleaseRefused(_("ε est trop petit pour tirer un bruit : choisissez par exemple 0,5."))
    published = [cell for cell in cells if not cell.status.secret]
    noisy = _laplace([round(cell.value) for cell in published], sensitivity / epsilon, sensitivity, epsilon)
    drawn = {cell.breakdown_key: max(0, value) for cell, value in zip(published, noisy)}
    stored = [{"breakdown": cell.breakdown, "key": cell.breakdown_key, "value": drawn.get(cell.breakdown_key),
               "status": cell.status.value}
              for cell in cells]
    PrivacySpend.objects.filter(period=period, establishment_id__in=contributors).update(epsilon=F("epsilon") + epsilon)
    return NoisyRelease.objects.create(indicator=indicator, period=period, level=level, group=group, epsilon=epsilon,
                                       cells=stored, contributors=len(contributors), created_by=user)
