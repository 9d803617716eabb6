"""Indicator dashboards: the index, one scope's dashboard (page, CSV, XLSX), an establishment's own reports."""
import hashlib

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from fiches.models import Establishment
from portal.indicators.models import ReceivedReport

from ..dashboards import access, exports, page, source
from ..dashboards.source import label_of
from ..dashboards.tables import Cell, breakdown_label

CACHE_SECONDS = 3600
EXPORTS = {
    "csv": ("text/csv; charset=utf-8", exports.render_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.render_xlsx),
}


@login_required
def dashboards_index(request):
    context = {"dashboards": access.dashboards_for(request.user),
               "establishments": access.own_establishments(request.user)}
    return render(request, "networks/dashboards_index.html", context)


def _build(scope, period: str, indicator: str, for_export: bool):
    """The dashboard, from the cache while no report, expected report or member has changed."""
    key = "networks:dashboard:" + hashlib.sha256(
        repr((scope, period, indicator, for_export, source.data_version(scope))).encode()).hexdigest()
    dashboard = cache.get(key)
    if dashboard is None:
        dashboard = page.build(scope, period, indicator, for_export=for_export)
        cache.set(key, dashboard, CACHE_SECONDS)
    return dashboard


def _dashboard(request, scope):
    kind = request.GET.get("format", "")
    dashboard = _build(scope, request.GET.get("periode", "")[:80], request.GET.get("indicateur", "")[:80],
                       kind in EXPORTS)
    if kind in EXPORTS and dashboard.has_data:
        content_type, render_export = EXPORTS[kind]
        response = HttpResponse(render_export(dashboard), content_type=content_type)
        name = slugify(f"indicateurs-{scope.key or 'france'}-{dashboard.period.code}-{dashboard.indicator}")
        response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
        return response
    return render(request, "networks/dashboard.html", {"dashboard": dashboard, "query": request.GET.urlencode()})


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
