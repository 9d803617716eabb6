"""Adding a workshop's sessions (one, or the same slot every week) and deleting one."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_POST

from ..models import WorkshopSession
from ..permissions import MANAGE_CAMPAIGN
from ..setup_forms import SessionForm, WeeklySessionsForm
from .access import campaign_access
from .workshops import render_workshop, workshop_access


def _add(request, workshop_id, form_class, prefix):
    """Create the form's sessions, skipping those the workshop already has at the same time."""
    workshop, campaign, access = workshop_access(request, workshop_id)
    form = form_class(request.POST, campaign=campaign, prefix=prefix)
    if not form.is_valid():
        return render_workshop(request, workshop, campaign, access, **{f"{prefix}_form": form})
    existing = set(workshop.sessions.values_list("starts_at", flat=True))
    created = skipped = 0
    for day in form.days():
        starts_at, ends_at = form.instants(day)
        if starts_at in existing:
            skipped += 1
            continue
        WorkshopSession.objects.create(workshop=workshop, starts_at=starts_at, ends_at=ends_at,
                                       room=form.cleaned_data["room"])
        created += 1
    message = ngettext("%(n)d séance ajoutée.", "%(n)d séances ajoutées.", created) % {"n": created}
    if skipped:
        message += " " + ngettext("%(n)d existait déjà à cette heure.", "%(n)d existaient déjà à cette heure.",
                                  skipped) % {"n": skipped}
    messages.success(request, message)
    return redirect("sas:workshop", workshop_id=workshop.pk)


@login_required
@require_POST
def session_add(request, workshop_id):
    return _add(request, workshop_id, SessionForm, "session")


@login_required
@require_POST
def weekly_sessions(request, workshop_id):
    return _add(request, workshop_id, WeeklySessionsForm, "weekly")


@login_required
def session_delete(request, session_id):
    """Refused once attendance was taken; students who had the session in their timetable lose it (they are told)."""
    session = get_object_or_404(WorkshopSession.objects.select_related("workshop"), pk=session_id)
    campaign, access = campaign_access(request, session.workshop.campaign_id, MANAGE_CAMPAIGN)
    marks = session.attendances.count()
    if request.method == "POST" and not marks:
        session.delete()
        messages.success(request, _("Séance supprimée."))
        return redirect("sas:workshop", workshop_id=session.workshop_id)
    return render(request, "sas/confirm_delete.html", {
        "title": _("Supprimer la séance"), "campaign": campaign, "access": access, "marks": marks,
        "object_label": str(session), "students": session.parcours.count(), "back": ("sas:workshop", session.workshop_id),
    })
