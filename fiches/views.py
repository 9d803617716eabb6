"""Public exports of fiches: PDF and JSON of one fiche, CSV of the published list.

Anyone who may see a published fiche (its visibility, :mod:`fiches.visibility`) may export it
(its published content); an unpublished one is exported only to users who may edit it, with its
latest content; others get 404, which names no title.
"""
from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .exporting.csv_list import ExportFilterError, filtered_fiches, write_fiches_csv
from .exporting.pdf import render_fiche_pdf
from .models import FichePage
from .serialization import fiche_to_data
from .visibility import audience_of, can_see


def visible_fiche(request, page_id: int) -> FichePage:
    """A published fiche as published, to those who may see it; an unpublished one, with its latest
    content, for its editors only."""
    page = get_object_or_404(FichePage.objects.select_related("lead_structure__academie"), pk=page_id)
    if page.live and can_see(audience_of(request), page):
        return page
    if page.live:
        raise Http404
    user = request.user
    if user.is_authenticated and page.permissions_for_user(user).can_edit():
        return page.get_latest_revision_as_object()
    raise Http404(_("Cette fiche n'est pas publiée."))


@require_GET
def fiche_pdf(request, page_id: int):
    page = visible_fiche(request, page_id)
    response = HttpResponse(render_fiche_pdf(page, request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{page.slug or page.pk}.pdf"'
    return response


@require_GET
def fiche_json(request, page_id: int):
    page = visible_fiche(request, page_id)
    response = JsonResponse(fiche_to_data(page), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'inline; filename="{page.slug or page.pk}.json"'
    return response


@require_GET
def fiches_csv(request):
    try:
        fiches = filtered_fiches(academie=request.GET.get("academie"), annee=request.GET.get("annee"),
                                 audience=audience_of(request))
    except ExportFilterError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8; header=present")
    response["Content-Disposition"] = 'attachment; filename="fiches.csv"'
    write_fiches_csv(fiches, response, request)
    return response
