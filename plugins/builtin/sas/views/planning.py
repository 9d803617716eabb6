"""Planification: the coordination computes every interviewed student's parcours at once, then applies it.

Showing the screen lists the students ready to plan with their needs; « Calculer » runs the solver
and shows the proposal, carried to « Appliquer » as a signed token (``scheduling.apply``).
Planning one case by hand on its page stays possible.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_POST

from .. import audit
from ..models import AuditLog
from ..permissions import PLAN_CAMPAIGN
from ..scheduling.apply import ProposalOutdated, apply_proposal, token
from ..scheduling.problem import build_planning
from ..scheduling.proposal import propose
from .access import campaign_access


@login_required
def planning(request, campaign_id):
    campaign, access = campaign_access(request, campaign_id, PLAN_CAMPAIGN)
    planning = build_planning(campaign)
    for case in [*planning.cases.values(), *planning.without_needs]:
        audit.record(request.user, AuditLog.Action.READ, case.student, "planification")
    proposal = propose(planning) if "calculer" in request.GET and planning.cases else None
    return render(request, "sas/planning.html", {
        "title": _("Planification des parcours"), "campaign": campaign, "access": access, "planning": planning,
        "proposal": proposal, "token": token(proposal) if proposal and proposal.solution.assignment else "",
    })


@login_required
@require_POST
def planning_apply(request, campaign_id):
    campaign, _access = campaign_access(request, campaign_id, PLAN_CAMPAIGN)
    try:
        planned = apply_proposal(request.user, campaign, request.POST.get("proposal", ""))
    except ProposalOutdated as outdated:
        messages.error(request, str(outdated))
        return redirect("sas:planning", campaign_id=campaign.pk)
    messages.success(request, ngettext("Parcours aménagé enregistré pour %(count)d élève.",
                                       "Parcours aménagés enregistrés pour %(count)d élèves.", len(planned))
                     % {"count": len(planned)})
    return redirect("sas:board", campaign_id=campaign.pk)
