"""Pages for académie analysts: which reports arrived (completeness) and what they add up to (roll-ups).

An analyst sees the establishments of their académies only; the national and network levels
show protected aggregates, never an establishment of another académie.
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fiches.models import Establishment

from .analysts import require_reader
from .completeness import AWAITED, LATE, MISSING, completeness
from .models import ReportCell, ReportingPeriod
from .reminders import send_reminders
from .rollups import rollup

LEVEL_LABELS = {
    "establishment": _("Établissement"), "bassin": _("Bassin"), "departement": _("Département"),
    "academie": _("Académie"), "nation": _("National"),
}


def _period(code: str) -> ReportingPeriod:
    return get_object_or_404(ReportingPeriod, code=code)


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
    else:
        send_reminders.enqueue(period.pk, targets)
        messages.success(request, _("Relance envoyée à %(n)s établissement(s).") % {"n": len(targets)})
    return redirect("indicator_analysis:completeness", period_code=period.code)


@login_required
def rollup_page(request, period_code):
    academie_ids = require_reader(request.user)
    period = _period(period_code)
    indicators = sorted(set(ReportCell.objects.filter(period=period, current=True).values_list("indicator", flat=True)))
    indicator = request.GET.get("indicateur") or (indicators[0] if indicators else "")
    level = request.GET.get("niveau", "academie")
    if level not in LEVEL_LABELS or (indicator and indicator not in indicators):
        raise Http404
    scope = None
    if level != "nation" and academie_ids is not None:
        scope = set(Establishment.objects.filter(academie_id__in=academie_ids).values_list("pk", flat=True))
    labels = dict(ReportCell.Status.choices)
    cells = [(cell, labels[cell.status.value]) for cell in rollup(indicator, period, level, scope)] if indicator else []
    return render(request, "indicators/analysis/rollups.html", {
        "title": _("Agrégats — %(period)s") % {"period": period.label}, "period": period, "cells": cells,
        "indicators": indicators, "indicator": indicator, "level": level, "levels": LEVEL_LABELS,
    })
