"""Step 5, information collective: the coordination or the direction records it and its compte rendu."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal.create_once import warn_if_resent_with_changes

from ..models import InformationMeeting
from ..permissions import RECORD_MEETING
from ..setup_forms import InformationMeetingForm
from .access import campaign_access


@login_required
def meetings(request, campaign_id):
    campaign, access = campaign_access(request, campaign_id, RECORD_MEETING)
    form = InformationMeetingForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        form.save_once()
        warn_if_resent_with_changes(request, form)
        messages.success(request, _("Information collective enregistrée."))
        return redirect("sas:meetings", campaign_id=campaign.pk)
    return render(request, "sas/meetings.html", {
        "title": _("Information collective"), "campaign": campaign, "access": access, "form": form,
        "meetings": campaign.information_meetings.all(),
    })


@login_required
def meeting_edit(request, meeting_id):
    meeting = get_object_or_404(InformationMeeting, pk=meeting_id)
    campaign, access = campaign_access(request, meeting.campaign_id, RECORD_MEETING)
    form = InformationMeetingForm(request.POST or None, instance=meeting, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Compte rendu enregistré."))
        return redirect("sas:meetings", campaign_id=campaign.pk)
    return render(request, "sas/meeting.html", {
        "title": _("Information collective"), "campaign": campaign, "access": access, "form": form, "meeting": meeting,
    })
