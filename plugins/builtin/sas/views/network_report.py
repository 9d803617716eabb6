"""« Indicateurs transmis au réseau »: the coordination sees, cell by cell, what will leave, sends it, and
follows what left with the portal's receipts."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plugins.models import ReportTransmission
from plugins.node_reports import reporting_periods

from .. import network_reports
from ..permissions import TRANSMIT_INDICATORS
from .access import establishment_access


@login_required
def network_indicators(request, establishment_id):
    establishment, access = establishment_access(request, establishment_id, TRANSMIT_INDICATORS)
    transmissions = {t.idempotency_key: t for t in ReportTransmission.objects.filter(establishment=establishment)}
    history = [(entry, transmissions.get(entry.idempotency_key)) for entry in network_reports.outbox_entries(establishment)]
    return render(request, "sas/network_indicators.html", {
        "title": _("Indicateurs transmis au réseau"), "establishment": establishment, "access": access,
        "periods": reporting_periods(establishment), "history": history,
        "campaign": establishment.sas_campaigns.first(),
    })


def _establishment_period(request, establishment_id, period_code):
    """The establishment, the user's access and one of the periods its plugins report on (else 404)."""
    establishment, access = establishment_access(request, establishment_id, TRANSMIT_INDICATORS)
    period = network_reports.period_of(establishment, period_code)
    if period is None:
        raise Http404
    return establishment, access, period


@login_required
def network_report(request, establishment_id, period_code):
    establishment, access, period = _establishment_period(request, establishment_id, period_code)
    prepared = network_reports.prepare(establishment, period)
    return render(request, "sas/network_report.html", {
        "title": _("Rapport d'indicateurs — %(period)s") % {"period": period.label}, "establishment": establishment,
        "access": access, "period": period, "prepared": prepared, "campaign": establishment.sas_campaigns.first(),
        "rows": network_reports.rows(prepared.report) if prepared else [],
        "digest": network_reports.digest(prepared.report) if prepared else "",
    })


@login_required
@require_POST
def network_report_send(request, establishment_id, period_code):
    establishment, _access, period = _establishment_period(request, establishment_id, period_code)
    try:
        entry = network_reports.transmit(request.user, establishment, period, request.POST.get("digest", ""))
    except network_reports.ReportChanged:
        messages.error(request, _("Les données ont changé depuis l'aperçu : vérifiez le rapport ci-dessous "
                                  "avant de le transmettre."))
        return redirect("sas:network_report", establishment_id=establishment.pk, period_code=period.code)
    messages.success(request, _("Rapport n° %(n)s placé dans la file d'envoi vers le portail.") % {"n": entry.sequence})
    return redirect("sas:network_indicators", establishment_id=establishment.pk)
