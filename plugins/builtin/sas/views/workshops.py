"""The coordination's workshops of a campaign: list, create, edit (with their sessions), delete."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal.create_once import warn_if_resent_with_changes

from ..models import Attendance, Parcours, Workshop
from ..permissions import MANAGE_CAMPAIGN
from ..setup_forms import SessionForm, WeeklySessionsForm, WorkshopForm
from .access import campaign_access


def workshop_access(request, workshop_id):
    """The workshop, its campaign and the user's access, refused as ``campaign_access`` refuses."""
    workshop = get_object_or_404(Workshop, pk=workshop_id)
    campaign, access = campaign_access(request, workshop.campaign_id, MANAGE_CAMPAIGN)
    return workshop, campaign, access


def render_workshop(request, workshop, campaign, access, form=None, session_form=None, weekly_form=None):
    """The workshop page: its settings, its sessions, the forms adding one session or a weekly series."""
    return render(request, "sas/workshop.html", {
        "title": workshop.name, "workshop": workshop, "campaign": campaign, "access": access,
        "form": form or WorkshopForm(instance=workshop, establishment=campaign.establishment),
        "sessions": workshop.sessions.annotate(
            marks=Count("attendances", distinct=True), students=Count("parcours", distinct=True)
        ),
        "session_form": session_form or SessionForm(campaign=campaign, prefix="session"),
        "weekly_form": weekly_form or WeeklySessionsForm(campaign=campaign, prefix="weekly"),
    })


@login_required
def workshop_list(request, campaign_id):
    campaign, access = campaign_access(request, campaign_id, MANAGE_CAMPAIGN)
    workshops = campaign.workshops.annotate(session_count=Count("sessions")).prefetch_related("facilitators")
    return render(request, "sas/workshops.html", {
        "title": _("Ateliers"), "campaign": campaign, "access": access, "workshops": workshops,
    })


@login_required
def workshop_create(request, campaign_id):
    campaign, access = campaign_access(request, campaign_id, MANAGE_CAMPAIGN)
    form = WorkshopForm(request.POST or None, instance=Workshop(campaign=campaign), establishment=campaign.establishment)
    if request.method == "POST" and form.is_valid():
        workshop = form.save_once()
        warn_if_resent_with_changes(request, form)
        messages.success(request, _("Atelier créé : %(workshop)s. Ajoutez ses séances.") % {"workshop": workshop})
        return redirect("sas:workshop", workshop_id=workshop.pk)
    return render(request, "sas/workshop.html", {
        "title": _("Nouvel atelier"), "campaign": campaign, "access": access, "form": form,
    })


@login_required
def workshop_edit(request, workshop_id):
    workshop, campaign, access = workshop_access(request, workshop_id)
    if request.method != "POST":
        return render_workshop(request, workshop, campaign, access)
    form = WorkshopForm(request.POST, instance=Workshop.objects.get(pk=workshop.pk), establishment=campaign.establishment)
    if not form.is_valid():
        return render_workshop(request, workshop, campaign, access, form=form)
    form.save()
    messages.success(request, _("Atelier enregistré."))
    return redirect("sas:workshop", workshop_id=workshop.pk)


@login_required
def workshop_delete(request, workshop_id):
    """Refused once attendance was taken in one of its sessions: deleting would erase it."""
    workshop, campaign, access = workshop_access(request, workshop_id)
    marks = Attendance.objects.filter(session__workshop=workshop).count()
    if request.method == "POST" and not marks:
        workshop.delete()
        messages.success(request, _("Atelier supprimé : %(workshop)s.") % {"workshop": workshop})
        return redirect("sas:workshops", campaign_id=campaign.pk)
    return render(request, "sas/confirm_delete.html", {
        "title": _("Supprimer l'atelier"), "campaign": campaign, "access": access, "marks": marks,
        "object_label": workshop.name, "sessions": workshop.sessions.count(),
        "students": Parcours.objects.filter(sessions__workshop=workshop).distinct().count(),
        "back": ("sas:workshop", workshop.pk),
    })
