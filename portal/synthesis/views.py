"""Public pages and exports of the annual synthesis: ``/synthese/`` and ``/synthese/<annee>/``.

The latest published version is shown; before any is published, the synthesis is computed on the
fly and marked as a preview. ``?version=N`` shows an earlier version. Exports are read from the
media storage, generated once (:mod:`.exporting.stored`).
"""
from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from fiches.ascii_digits import is_ascii_digits
from fiches.models import SchoolYear

from .exporting import EXPORTS
from .exporting.stored import stored_export
from .models import SynthesisVersion
from .presentation import document_context
from .publishing import content_for, years_with_synthesis


def _content(request, annee: str):
    number = request.GET.get("version")
    try:
        return content_for(annee, int(number) if is_ascii_digits(number) else None)
    except (SchoolYear.DoesNotExist, SynthesisVersion.DoesNotExist) as exc:
        raise Http404(_("Aucune synthèse pour cette année ou cette version.")) from exc


@require_GET
def synthesis_index(request):
    years = years_with_synthesis()
    versions = {
        v.synthesis.school_year.code: v
        for v in SynthesisVersion.objects.select_related("synthesis__school_year").order_by("number")
    }
    rows = [{"code": year.code, "version": versions.get(year.code)} for year in years]
    return TemplateResponse(request, "synthesis/index.html", {"years": rows, "title": _("Synthèses annuelles")})


@require_GET
def synthesis_detail(request, annee: str):
    content, version = _content(request, annee)
    context = document_context(content)
    context.update(version=version, exports=EXPORTS, title=content["title"])
    return TemplateResponse(request, "synthesis/synthesis.html", context)


@require_GET
def synthesis_export(request, annee: str, fmt: str):
    export = EXPORTS.get(fmt)
    if export is None:
        raise Http404(_("Format d'export inconnu."))
    content, version = _content(request, annee)
    name = stored_export(annee, content, version.number if version else None, fmt)
    suffix = f"-v{version.number}" if version else ""
    return FileResponse(
        default_storage.open(name), content_type=export.content_type, filename=f"synthese-{annee}{suffix}.{fmt}",
        as_attachment=export.disposition == "attachment",
    )
