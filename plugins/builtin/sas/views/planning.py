"""Planification: the coordination computes every interviewed student's parcours at once, then applies it.

Showing the screen lists the students ready to plan with their needs; « Calculer » runs the solver
and shows the proposal, carried to « Appliquer » as a signed token (``scheduling.apply``).
Planning one case by hand on its page stays possible. « Épingler » fixes a student in a group: every
later computation keeps it and plans the others around it; « Recalculer » starts from the proposal shown
and lists what changed since it.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_POST

from .. import audit
from ..models import AuditLog, PlanningPin
from ..permissions import PLAN_CAMPAIGN
from ..scheduling.apply import ProposalOutdated, apply_proposal, previous_assignment, token
from ..scheduling.problem import build_planning
from ..scheduling.proposal import propose
from .access import campaign_access


@login_required
def planning(request, campaign_id):
    campaign, access = campaign_access(request, campaign_id, PLAN_CAMPAIGN)
    planning = build_planning(campaign)
    for case in [*planning.cases.values(), *planning.without_needs]:
        audit.record(request.user, AuditLog.Action.READ, case.student, "planification")
    proposal = None
    if "calculer" in request.GET and planning.cases:
        proposal = propose(planning, previous_assignment(campaign, request.GET.get("precedente", "")))
    pins = PlanningPin.objects.filter(case__in=list(planning.cases)).select_related("case__student")
    return render(request, "sas/planning.html", {
        "title": _("Planification des parcours"), "campaign": campaign, "access": access, "planning": planning,
        "proposal": proposal, "token": token(proposal) if proposal and proposal.solution.assignment else "",
        "pins": [(pin, planning.groups.get(pin.group_key)) for pin in pins],
    })


@login_required
@require_POST
def planning_pin(request, campaign_id):
    """Pin a student ready to plan to one group of the current groups; the next computation keeps it."""
    campaign, _access = campaign_access(request, campaign_id, PLAN_CAMPAIGN)
    planning = build_planning(campaign)
    case = next((c for c in planning.cases.values() if str(c.public_id) == request.POST.get("case", "")), None)
    key = request.POST.get("group", "")
    if case is None or key not in planning.groups:
        messages.error(request, _("Épinglage impossible : l'élève n'est plus à planifier ou le groupe n'existe plus."))
    else:
        PlanningPin.objects.get_or_create(case=case, group_key=key, defaults={"pinned_by": request.user})
        audit.record(request.user, AuditLog.Action.UPDATE, case.student,
                     f"planification : épinglé dans {planning.groups[key].workshop.name}, {planning.groups[key].label}")
        messages.success(request, _("%(student)s est épinglé dans ce groupe ; le calcul en tient compte.")
                         % {"student": case.student})
    return redirect(f"{reverse('sas:planning', args=[campaign.pk])}?calculer=1#proposition")


@login_required
@require_POST
def planning_unpin(request, campaign_id, pin_id):
    campaign, _access = campaign_access(request, campaign_id, PLAN_CAMPAIGN)
    pin = get_object_or_404(PlanningPin.objects.select_related("case__student"), pk=pin_id, case__campaign=campaign)
    audit.record(request.user, AuditLog.Action.UPDATE, pin.case.student, "planification : épinglage retiré")
    pin.delete()
    messages.success(request, _("Épinglage retiré."))
    return redirect("sas:planning", campaign_id=campaign.pk)


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
