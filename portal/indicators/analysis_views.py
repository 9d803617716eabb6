"""Pages for académie analysts: which reports arrived (completeness) and what they add up to (roll-ups).

An analyst sees the establishments of their académies only; the national and network levels
show protected aggregates, never an establishment of another académie.
"""
from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_POST

from fiches.models import Academie, Establishment
from plugins.manager import gather_lists

from . import privacy, reminders
from .analysts import require_reader
from .completeness import AWAITED, MISSING, completeness
from .models import NoisyRelease, PrivacySpend, ReportCell, ReportingPeriod
from .reminders import send_reminders
from .rollups import Unit, establishment_labels, rollup

LEVEL_LABELS = {
    "establishment": _("Établissement"), "bassin": _("Bassin"), "departement": _("Département"),
    "academie": _("Académie"), "nation": _("National"),
}


def _period(code: str) -> ReportingPeriod:
    return get_object_or_404(ReportingPeriod, code=code)


def _received_indicators(period: ReportingPeriod) -> list[str]:
    """Codes of the indicators received for ``period``: the only ones a roll-up or a release may name."""
    return sorted(set(ReportCell.objects.filter(period=period, current=True).values_list("indicator", flat=True)))


@login_required
def periods(request):
    require_reader(request.user)
    return render(request, "indicators/analysis/periods.html", {
        "title": _("Indicateurs remontés des établissements"), "periods": ReportingPeriod.objects.all(),
    })


@login_required
def completeness_page(request, period_code):
    academie_ids = require_reader(request.user)
    period = _period(period_code)
    rows, rates = completeness(period, academie_ids)
    return render(request, "indicators/analysis/completeness.html", {
        "title": _("Complétude — %(period)s") % {"period": period.label}, "period": period, "rows": rows,
        "rates": rates, "remindable": (MISSING, AWAITED),
        "any_remindable": any(row.state in (MISSING, AWAITED) for row in rows),
    })


@login_required
@require_POST
def remind(request, period_code):
    """Remind the chosen establishments whose report is missing or awaited (in the analyst's académies)."""
    academie_ids = require_reader(request.user)
    period = _period(period_code)
    rows, _rates = completeness(period, academie_ids)
    allowed = {row.establishment.pk for row in rows if row.state in (MISSING, AWAITED)}
    try:
        chosen = {int(value) for value in request.POST.getlist("establishment")}
    except ValueError:
        chosen = set()
    targets = sorted(chosen & allowed)
    if not targets:
        messages.error(request, _("Choisissez au moins un établissement dont le rapport manque ou est attendu."))
        return redirect("indicator_analysis:completeness", period_code=period.code)
    with transaction.atomic():
        due, recent = reminders.claim(period, targets)
        if due:
            send_reminders.enqueue(period.pk, due)
    if due:
        messages.success(request, ngettext("Relance envoyée à %(n)s établissement.", "Relance envoyée à %(n)s établissements.",
                                           len(due)) % {"n": len(due)})
    if recent:
        names = ", ".join(sorted(Establishment.objects.filter(pk__in=recent).values_list("name", flat=True)))
        messages.info(request, ngettext("Déjà relancé il y a moins de %(minutes)s minutes, pas de nouvelle relance : %(names)s.",
                                        "Déjà relancés il y a moins de %(minutes)s minutes, pas de nouvelle relance : %(names)s.",
                                        len(recent)) % {"minutes": reminders.REMIND_AGAIN_AFTER.seconds // 60,
                                                        "names": names})
    return redirect("indicator_analysis:completeness", period_code=period.code)


@login_required
def rollup_page(request, period_code):
    academie_ids = require_reader(request.user)
    period = _period(period_code)
    indicators = _received_indicators(period)
    indicator = request.GET.get("indicateur") or (indicators[0] if indicators else "")
    level = request.GET.get("niveau", "academie")
    if level not in LEVEL_LABELS or (indicator and indicator not in indicators):
        raise Http404
    scope = None
    if level != "nation" and academie_ids is not None:  # one académie: the pre-aggregated table holds it
        scope = (Unit("academie", next(iter(academie_ids))) if len(academie_ids) == 1 else
                 Establishment.objects.filter(academie_id__in=academie_ids).values("pk"))
    labels = dict(ReportCell.Status.choices)
    cells = rollup(indicator, period, level, scope) if indicator else []
    names = establishment_labels(int(cell.group) for cell in cells) if level == "establishment" else {}
    cells = [(cell, names.get(cell.group, cell.group), labels[cell.status.value]) for cell in cells]
    groups = _release_groups(request.user, academie_ids)
    names = {definition.code: definition.label for definition in gather_lists("register_indicators")}
    releases = NoisyRelease.objects.filter(period=period, indicator=indicator, group__in=groups)
    return render(request, "indicators/analysis/rollups.html", {
        "title": _("Agrégats — %(period)s") % {"period": period.label}, "period": period, "cells": cells,
        "indicators": [(code, names.get(code, code)) for code in indicators], "indicator": indicator,
        "indicator_label": names.get(indicator, indicator), "level": level, "levels": LEVEL_LABELS, "release_groups": groups, "releases": releases, "budget": privacy.budget(),
    })


def _release_groups(user, academie_ids) -> list[str]:
    """Académie codes the user may publish a noisy roll-up of; « nation » for superusers."""
    academies = Academie.objects.all() if academie_ids is None else Academie.objects.filter(pk__in=academie_ids)
    return [*academies.order_by("code").values_list("code", flat=True), *(["nation"] if user.is_superuser else [])]


@login_required
@require_POST
def release_noise(request, period_code):
    """Publish a differentially private roll-up (OpenDP), once, and spend its ε for every contributor."""
    academie_ids = require_reader(request.user)
    period = _period(period_code)
    indicator, group = request.POST.get("indicateur", ""), request.POST.get("groupe", "")
    query = urlencode({"indicateur": indicator, "niveau": "nation" if group == "nation" else "academie"})
    target = redirect(f"{reverse('indicator_analysis:rollups', args=[period.code])}?{query}")
    if group not in _release_groups(request.user, academie_ids):
        raise PermissionDenied
    if indicator not in _received_indicators(period):  # checked before any query: it may hold a NUL
        messages.error(request, _("Choisissez un indicateur reçu pour cette période."))
        return target
    try:
        epsilon = float(request.POST.get("epsilon", "").replace(",", "."))
    except ValueError:
        messages.error(request, _("ε doit être un nombre, par exemple 0,5."))
        return target
    level = "nation" if group == "nation" else "academie"
    scope = None if level == "nation" else Establishment.objects.filter(academie__code=group).values_list("pk", flat=True)
    try:
        made = privacy.release(indicator, period, level, group, epsilon, scope, request.user)
    except privacy.ReleaseRefused as refusal:
        messages.error(request, str(refusal))
        return target
    messages.success(request, _("Agrégat bruité publié (ε = %(eps)s, %(n)s établissements).")
                     % {"eps": made.epsilon, "n": made.contributors})
    return target


@login_required
def budget_page(request, period_code):
    """The privacy budget spent and left per establishment of the analyst's académies."""
    academie_ids = require_reader(request.user)
    period = _period(period_code)
    spends = PrivacySpend.objects.filter(period=period).select_related("establishment__academie")
    if academie_ids is not None:
        spends = spends.filter(establishment__academie_id__in=academie_ids)
    rows = [(spend, max(0.0, privacy.budget() - spend.epsilon)) for spend in spends.order_by("establishment__name")]
    return render(request, "indicators/analysis/budget.html", {
        "title": _("Budget de confidentialité — %(period)s") % {"period": period.label}, "period": period,
        "rows": rows, "budget": privacy.budget(),
    })
