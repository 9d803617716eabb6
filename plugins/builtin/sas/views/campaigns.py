"""The coordination creates a campaign for its establishment and edits its dates."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.create_once import warn_if_resent_with_changes

from ..models import Campaign
from ..permissions import MANAGE_CAMPAIGN, VIEW_BOARD, establishments_where
from ..setup_forms import CampaignForm
from .access import campaign_access


@login_required
def campaign_create(request):
    """Only where the user coordinates; someone with no SAS role anywhere gets 404, other roles 403."""
    establishments = establishments_where(request.user, MANAGE_CAMPAIGN)
    if not establishments:
        if establishments_where(request.user, VIEW_BOARD):
            raise PermissionDenied
        raise Http404
    form = CampaignForm(request.POST or None, establishments=establishments)
    if request.method == "POST" and form.is_valid():
        campaign = form.save_once()
        warn_if_resent_with_changes(request, form)
        messages.success(request, _("Campagne créée : %(campaign)s. Ajoutez maintenant ses ateliers.")
                         % {"campaign": campaign})
        return redirect("sas:workshops", campaign_id=campaign.pk)
    return render(request, "sas/campaign_form.html", {"title": _("Nouvelle campagne SAS"), "form": form})


@login_required
def campaign_edit(request, campaign_id):
    campaign, access = campaign_access(request, campaign_id, MANAGE_CAMPAIGN)
    # The form works on its own copy: an invalid submission must not alter the campaign the page shows.
    form = CampaignForm(request.POST or None, instance=Campaign.objects.get(pk=campaign.pk))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Dates de la campagne enregistrées."))
        return redirect("sas:campaign_edit", campaign_id=campaign.pk)
    return render(request, "sas/campaign_form.html", {
        "title": _("Paramètres de la campagne"), "form": form, "campaign": campaign, "access": access,
    })
