from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from fiches.models import AcademiePage


def academies_index(request):
    """Every académie section with its number of published fiches; historical ones last."""
    pages = AcademiePage.objects.live().select_related("academie")
    sections = []
    for page in pages.order_by("academie__valid_to", "academie__name"):
        sections.append({"page": page, "count": page.get_children().live().count()})
    current = [s for s in sections if not s["page"].academie.is_historical]
    historical = [s for s in sections if s["page"].academie.is_historical]
    return TemplateResponse(
        request, "portal/academies.html", {"current": current, "historical": historical, "title": _("Les académies")}
    )
