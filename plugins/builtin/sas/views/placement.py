"""What placement mode needs, declared on the Planification screen: facilitators' available slots (HSE), rooms
with how many workshops they hold at once, and groups pinned to a slot. Each change is a POST that comes back to
the screen in placement mode; a refused form is shown again with its errors and what was typed."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fiches.ascii_digits import is_ascii_digits

from ..models import FacilitatorSlot, PlanningRoom, SlotPin, Workshop
from ..permissions import PLAN_CAMPAIGN
from ..placement_forms import FacilitatorSlotForm, PlanningRoomForm
from ..scheduling.problem import PLACE
from .access import campaign_access
from .planning import planning_url, render_planning

REMOVABLE = {"disponibilite": FacilitatorSlot, "salle": PlanningRoom}


def _declare(request, campaign_id, form_class, prefix: str, saved_message):
    """Save one declaration of the placement mode (an availability, a room) or show the form's errors."""
    campaign, access = campaign_access(request, campaign_id, PLAN_CAMPAIGN)
    form = form_class(request.POST, campaign=campaign, prefix=prefix)
    if form.is_valid() and _saved(form):
        messages.success(request, saved_message)
        return redirect(planning_url(campaign, PLACE, "#declarations"))
    return render_planning(request, campaign, access, PLACE, **{f"{prefix}_form": form})


def _saved(form) -> bool:
    """Save a valid declaration; False, with the form's « déjà déclaré » error, when the same one sent at the same
    moment (a double click) was saved first and the database's unique constraint refuses this one."""
    try:
        with transaction.atomic():
            form.save()
    except IntegrityError:
        form.add_error(None, form.already_declared)
        return False
    return True


@login_required
@require_POST
def add_slot(request, campaign_id):
    return _declare(request, campaign_id, FacilitatorSlotForm, "slot", _("Disponibilité enregistrée."))


@login_required
@require_POST
def add_room(request, campaign_id):
    return _declare(request, campaign_id, PlanningRoomForm, "room", _("Salle enregistrée."))


@login_required
@require_POST
def remove(request, campaign_id, kind, item_id):
    """Remove an availability or a room (and the pins of groups at that slot), or a group's pin to its slot."""
    campaign, _access = campaign_access(request, campaign_id, PLAN_CAMPAIGN)
    if kind == "epingle":
        item = get_object_or_404(SlotPin, pk=item_id, workshop__campaign=campaign)
    elif kind in REMOVABLE:
        item = get_object_or_404(REMOVABLE[kind], pk=item_id, campaign=campaign)
    else:
        raise Http404
    item.delete()
    messages.success(request, _("Retiré."))
    return redirect(planning_url(campaign, PLACE, "#declarations"))


@login_required
@require_POST
def pin_slot(request, campaign_id):
    """Pin a workshop's group to a facilitator's slot: every later placement opens it there."""
    campaign, _access = campaign_access(request, campaign_id, PLAN_CAMPAIGN)
    workshop = Workshop.objects.filter(campaign=campaign, pk=_integer(request.POST.get("workshop"))).first()
    slot = FacilitatorSlot.objects.filter(campaign=campaign, pk=_integer(request.POST.get("slot"))).first()
    if workshop is None or slot is None or not workshop.facilitators.filter(pk=slot.facilitator_id).exists():
        messages.error(request, _("Épinglage impossible : ce créneau n'est plus celui d'un intervenant de l'atelier."))
    else:
        SlotPin.objects.get_or_create(workshop=workshop, slot=slot, defaults={"pinned_by": request.user})
        messages.success(request, _("Le groupe de « %(workshop)s » est épinglé à ce créneau ; le calcul en tient "
                                    "compte.") % {"workshop": workshop.name})
    return redirect(planning_url(campaign, PLACE, "&calculer=1#proposition"))


def _integer(value) -> int:
    return int(value) if is_ascii_digits(value) and len(value) < 18 else 0
