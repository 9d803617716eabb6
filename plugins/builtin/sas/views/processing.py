"""The coordination's privacy screens: the audit log and the processing documents of a campaign."""
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ..forms import AuditFilterForm
from ..models import AuditLog
from ..permissions import MANAGE, VIEW_AUDIT
from .access import campaign_access

DOCUMENTS = {
    "registre": _("Fiche du registre des traitements"),
    "aipd": _("Analyse d'impact (AIPD) — trame"),
    "notice-parents": _("Information des familles"),
}


ENTRIES_PER_PAGE = 100


@login_required
def audit_log(request, campaign_id):
    """Every entry of the establishment's log, newest first, page by page, filtered by student, person or action."""
    campaign, _access = campaign_access(request, campaign_id, VIEW_AUDIT)
    filters = AuditFilterForm(request.GET or None)
    entries = filters.filter(AuditLog.objects.filter(establishment=campaign.establishment).select_related("student"))
    page = Paginator(entries.order_by("-at", "-pk"), ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    page.pages_list = list(page.paginator.get_elided_page_range(page.number))
    return render(request, "sas/audit_log.html", {
        "title": _("Journal des accès"), "campaign": campaign, "filters": filters, "page_obj": page,
    })


@login_required
def processing_document(request, campaign_id, document):
    if document not in DOCUMENTS:
        raise Http404
    campaign, _access = campaign_access(request, campaign_id, MANAGE)
    return render(request, f"sas/documents/{document}.html", {
        "title": DOCUMENTS[document], "campaign": campaign, "documents": DOCUMENTS,
        "workshops": campaign.workshops.all(),
    })
