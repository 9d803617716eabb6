from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import audit, workflow
from ..attendance_sheets import with_counts
from ..forms import ClassReferralForm, ReferralForm
from ..models import AuditLog, Student
from ..permissions import MANAGE_CAMPAIGN, REFER, campaigns_for, establishments_where
from ..states import State, TransitionRefused
from .access import campaign_access


@login_required
def campaign_list(request):
    """The user's campaigns (straight to the board when there is one: "Nouvelle campagne" is then in its menu)."""
    campaigns = list(campaigns_for(request.user))
    if len(campaigns) == 1:
        return redirect("sas:board", campaign_id=campaigns[0].pk)
    return render(request, "sas/campaign_list.html", {
        "title": _("Campagnes SAS"), "campaigns": campaigns,
        "can_create": bool(establishments_where(request.user, MANAGE_CAMPAIGN)),
    })


@login_required
def board(request, campaign_id):
    """Every visible student's step in the campaign, and the fiche repérage for those who may refer.

    Each pupil listed is audited as a read each time the board is shown (GET, or a refused fiche repérage)."""
    campaign, access = campaign_access(request, campaign_id)
    cases = list(access.cases(campaign))
    counts = Counter(case.state for case in cases)
    form = None
    if access.can(REFER):
        form = _referral(request, campaign, access)
        if form is None:
            return redirect("sas:board", campaign_id=campaign.pk)
    for case in cases:
        audit.record(request.user, AuditLog.Action.READ, case.student, "tableau de la campagne")
    return render(request, "sas/board.html", {
        "title": str(campaign), "campaign": campaign, "cases": cases, "access": access, "form": form,
        "columns": [(state, counts.get(state.value, 0)) for state in State],
        "sessions": with_counts(access.sessions(campaign)),
        "facilitates": campaign.workshops.filter(facilitators=request.user).exists(),
    })


def _referral(request, campaign, access):
    """The referral form, or None once a valid one is saved.

    A PP picks from their class's students (``ClassReferralForm``); a role reaching the whole
    establishment types an ELEVE_ID, creating the student when it is new (``ReferralForm``).
    """
    divisions = access.referral_divisions()
    if divisions is None:
        form = ReferralForm(request.POST or None, campaign=campaign)
    else:
        students = Student.objects.filter(establishment=campaign.establishment, division__in=divisions).exclude(
            cases__campaign=campaign)
        form = ClassReferralForm(request.POST or None, campaign=campaign, students=students)
    if request.method != "POST" or not form.is_valid():
        return form
    student = form.chosen_student(campaign.establishment)
    try:
        workflow.refer(request.user, campaign, student, **form.referral())
    except TransitionRefused as refused:
        form.add_error(None, str(refused))
        return form
    messages.success(request, _("Élève repéré : %(student)s.") % {"student": student})
    return None
