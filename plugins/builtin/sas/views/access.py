"""Loading a campaign or a case for a request, or refusing it (and auditing the refusal)."""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from fiches.models import Establishment

from .. import audit
from ..models import Campaign, StudentCase
from ..permissions import VIEW_BOARD, Access, access_for


def campaign_access(request, campaign_id: int, capability: str = VIEW_BOARD) -> tuple[Campaign, Access]:
    """The campaign and the user's access, or 404 when the user has no role there, 403 without ``capability``."""
    campaign = get_object_or_404(Campaign.objects.select_related("establishment"), pk=campaign_id)
    access = access_for(request.user, campaign.establishment)
    if not access.memberships:
        raise Http404
    if not access.can(capability):
        raise PermissionDenied
    timezone.activate(campaign.zone)
    return campaign, access


def establishment_access(request, establishment_id: int, capability: str) -> tuple[Establishment, Access]:
    """The establishment and the user's access, or 404 when the user has no role there, 403 without ``capability``."""
    establishment = get_object_or_404(Establishment, pk=establishment_id)
    access = access_for(request.user, establishment)
    if not access.memberships:
        raise Http404
    if not access.can(capability):
        raise PermissionDenied
    return establishment, access


def case_access(request, case_ref, capability: str | None = None) -> tuple[StudentCase, Access]:
    """A case the user may see (and act on with ``capability``); any other attempt is audited and refused.

    ``case_ref`` is the case's random ``public_id``. Refusals are grouped in the log (``audit.record_refusal``).
    """
    case = get_object_or_404(StudentCase.objects.select_related("student", "campaign__establishment"), public_id=case_ref)
    access = access_for(request.user, case.campaign.establishment)
    allowed = access.cases(case.campaign).filter(pk=case.pk).exists() and (capability is None or access.can(capability))
    if not allowed:
        audit.record_refusal(request.user, case.student, request.path, member=bool(access.memberships))
        if not access.memberships:
            raise Http404
        raise PermissionDenied
    timezone.activate(case.campaign.zone)
    return case, access
