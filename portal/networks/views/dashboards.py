"""Indicator dashboards: the index, one scope's dashboard (page, CSV, XLSX), an establishment's own reports."""
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe

from fiches.models import Establishment
from portal.indicators.analysts import readable_academie_ids
from portal.indicators.models import ReceivedReport

from ..dashboards import access, cached
from ..dashboards.source import label_of
from ..dashboards.tables import Cell, breakdown_label


def _reports_analysis_url(user) -> str | None:
    """The pages on the reports received (completeness, reminders, roll-ups) for those who read an
    académie's reports, on a deployment that serves them (not an establishment node)."""
    if readable_academie_ids(user) == set():
        return None
    try:
        return reverse("indicator_analysis:periods")
    except NoReverseMatch:
        return None


@login_required
def dashboards_index(request):
    context = {"dashboards": access.dashboards_for(request.user),
               "establishments": access.own_establishments(request.user),
               "reports_analysis_url": _reports_analysis_url(request.user)}
    return render(request, "networks/dashboards_index.html", context)


def _dashboard(request, scope):
    """The page, or its CSV or XLSX export; each is computed once and served from the cache until the
    figures it shows may have changed (or computed beforehand, after a report: :func:`cached.warm`)."""
    kind = request.GET.get("format", "")
    kind = kind if kind in cached.EXPORTS else ""
    period, indicator = request.GET.get("periode", "")[:80], request.GET.get("indicateur", "")[:80]
    shown = cached.get(scope, period, indicator, kind)
    if "export" in shown:
        response = HttpResponse(shown["export"], content_type=cached.EXPORTS[kind][0])
        response["Content-Disposition"] = f'attachment; filename="{shown["name"]}"'
        return response
    return render(request, "networks/dashboard.html", {"title": shown["title"], "body": mark_safe(shown["body"]),
                                                       "notice": shown.get("notice")})


@login_required
def academie_dashboard(request, code):
    return _dashboard(request, access.academie_scope(request.user, code))


@login_required
def network_dashboard(request, slug):
    return _dashboard(request, access.network_scope(request.user, slug))


@login_required
def national_dashboard(request):
    return _dashboard(request, access.national_scope(request.user))


@login_required
def establishment_reports(request, pk):
    """An establishment's reports as it sent them, every cell, secrets as « secret statistique »;
    404 for anyone who does not edit for the establishment."""
    establishments = Establishment.objects.all() if request.user.is_superuser else access.own_establishments(request.user)
    establishment = get_object_or_404(establishments, pk=pk)
    reports = (ReceivedReport.objects.filter(establishment=establishment).select_related("period")
               .prefetch_related("cells").order_by("-period__start", "-sequence")[:20])
    sent = [(report, [(label_of(cell.indicator), breakdown_label(cell.breakdown), Cell(cell.value, cell.status))
                      for cell in sorted(report.cells.all(), key=lambda c: (c.indicator, c.breakdown_key))])
            for report in reports]
    return render(request, "networks/establishment_reports.html", {"establishment": establishment, "reports": sent})
