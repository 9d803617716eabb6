from django.db.models import Count
from django.db.models.functions import Substr
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Page

from fiches.models import AcademiePage


def _live_children_counts(pages) -> dict[str, int]:
    """Live child pages of each of ``pages`` by parent path, in one query (académie sections share one depth)."""
    counts: dict[str, int] = {}
    for depth in {page.depth for page in pages}:
        length = len(next(page.path for page in pages if page.depth == depth))
        rows = (Page.objects.live().filter(depth=depth + 1).annotate(parent=Substr("path", 1, length))
                .order_by().values("parent").annotate(n=Count("pk")))
        counts.update({row["parent"]: row["n"] for row in rows})
    return counts


def academies_index(request):
    """Every académie section with its number of published fiches; historical ones last."""
    pages = list(AcademiePage.objects.live().select_related("academie").order_by("academie__valid_to", "academie__name"))
    counts = _live_children_counts(pages)
    sections = [{"page": page, "count": counts.get(page.path, 0)} for page in pages]
    current = [s for s in sections if not s["page"].academie.is_historical]
    historical = [s for s in sections if s["page"].academie.is_historical]
    return TemplateResponse(
        request, "portal/academies.html", {"current": current, "historical": historical, "title": _("Les académies")}
    )


def not_found(request):
    """A 404 where an address must not answer (Wagtail's /admin/failwhale/, which raises to test error reports)."""
    raise Http404
