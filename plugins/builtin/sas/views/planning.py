"""Planification: the coordination computes every interviewed student's parcours at once, then applies it.

Showing the screen lists the students ready to plan with their needs; « Calculer » runs the solver
and shows the proposal, carried to « Appliquer » as a signed token (``scheduling.apply``).
Planning one case by hand on its page stays possible. « Épingler » fixes a student in a group: every
later computation keeps it and plans the others around it; « Recalculer » starts from the proposal shown
and lists what changed since it. Two modes: « affecter » assigns students to the groups whose sessions exist;
« placer » also chooses the slot of new groups among the facilitators' declared slots, in the declared rooms
(``views/placement`` declares them).
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_POST

from .. import audit
from ..models import AuditLog, FacilitatorSlot, PlanningPin, SlotPin
from ..permissions import PLAN_CAMPAIGN
from ..placement_forms import FacilitatorSlotForm, PlanningRoomForm
from ..scheduling.apply import ProposalOutdated, apply_proposal, previous_assignment, token
from ..scheduling.problem import ASSIGN, PLACE, build_planning
from ..scheduling.proposal import propose
from .access import campaign_access


def mode_of(request) -> str:
    """The mode asked, « affecter » when none is; an unknown one (a hand-edited address) is said, not silently
    replaced."""
    asked = (request.POST or request.GET).get("mode", ASSIGN)
    if asked not in (ASSIGN, PLACE):
        messages.warning(request, _("Mode de planification inconnu : « %(mode)s ». Le mode « affecter » est utilisé : "
                                    "les élèves sont répartis dans les groupes qui ont des séances.")
                         % {"mode": asked[:40]})
        return ASSIGN
    return asked


def planning_url(campaign, mode: str, anchor: str = "") -> str:
    return f"{reverse('sas:planning', args=[campaign.pk])}?mode={mode}{anchor}"


@login_required
def planning(request, campaign_id):
    campaign, access = campaign_access(request, campaign_id, PLAN_CAMPAIGN)
    return render_planning(request, campaign, access, mode_of(request))


def render_planning(request, campaign, access, mode, slot_form=None, room_form=None):
    """The screen: students ready, pins, the mode, in placement mode what is declared, and the proposal asked."""
    planning = build_planning(campaign, mode)
    for case in [*planning.cases.values(), *planning.without_needs]:
        audit.record(request.user, AuditLog.Action.READ, case.student, "planification")
    proposal = None
    if "calculer" in request.GET and planning.cases:
        proposal = propose(planning, previous_assignment(campaign, request.GET.get("precedente", "")))
    pins = PlanningPin.objects.filter(case__in=list(planning.cases)).select_related("case__student")
    slot_pins = SlotPin.objects.filter(workshop__campaign=campaign).select_related("workshop", "slot__facilitator")
    return render(request, "sas/planning.html", {
        "title": _("Planification des parcours"), "campaign": campaign, "access": access, "planning": planning,
        "proposal": proposal, "token": token(proposal) if proposal and proposal.solution.assignment else "",
        "pins": [(pin, planning.groups.get(pin.group_key)) for pin in pins],
        "mode": mode, "placing": mode == PLACE, "slot_pins": slot_pins,
        "slots": FacilitatorSlot.objects.filter(campaign=campaign).select_related("facilitator"),
        "slot_form": slot_form or FacilitatorSlotForm(campaign=campaign, prefix="slot"),
        "room_form": room_form or PlanningRoomForm(campaign=campaign, prefix="room"),
    })


@login_required
@require_POST
def planning_pin(request, campaign_id):
    """Pin a student ready to plan to one group of the current groups; the next computation keeps it."""
    campaign, _access = campaign_access(request, campaign_id, PLAN_CAMPAIGN)
    mode = mode_of(request)
    planning = build_planning(campaign, mode)
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
    return redirect(planning_url(campaign, mode, "&calculer=1#proposition"))


@login_required
@require_POST
def planning_unpin(request, campaign_id, pin_id):
    campaign, _access = campaign_access(request, campaign_id, PLAN_CAMPAIGN)
    pin = get_object_or_404(PlanningPin.objects.select_related("case__student"), pk=pin_id, case__campaign=campaign)
    audit.record(request.user, AuditLog.Action.UPDATE, pin.case.student, "planification : épinglage retiré")
    pin.delete()
    messages.success(request, _("Épinglage retiré."))
    return redirect(planning_url(campaign, mode_of(request)))


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
