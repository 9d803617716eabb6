"""The coordination's privacy screens: the audit log and the processing documents of a campaign."""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ..models import AuditLog
from ..permissions import MANAGE, VIEW_AUDIT
from .access import campaign_access

DOCUMENTS = {
    "registre": _("Fiche du registre des traitements"),
    "aipd": _("Analyse d'impact (AIPD) — trame"),
    "notice-parents": _("Information des familles"),
}


@login_required
def audit_log(request, campaign_id):
    campaign, _access = campaign_access(request, campaign_id, VIEW_AUDIT)
    entries = AuditLog.objects.filter(establishment=campaign.establishment).select_related("student")[:500]
    return render(request, "sas/audit_log.html", {"title": _("Journal des accès"), "campaign": campaign, "entries": entries})


@login_required
def processing_document(request, campaign_id, document):
    if document not in DOCUMENTS:
        raise Http404
    campaign, _access = campaign_access(request, campaign_id, MANAGE)
    return render(request, f"sas/documents/{document}.html", {
        "title": DOCUMENTS[document], "campaign": campaign, "documents": DOCUMENTS,
        "workshops": campaign.workshops.all(),
    })
