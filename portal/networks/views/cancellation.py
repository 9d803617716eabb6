"""The coordination cancels an event (and may restore it) or deletes one nobody registered for.

Each change happens under the event's row lock, the one registration takes: a cancellation clicked twice
(two tabs) finds the event already cancelled and sends no second e-mail; a deletion never removes an event
someone has just registered for.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..event_notices import CANCELLED, RESTORED, send_event_notice
from ..forms import CancellationForm
from ..models import Event
from ..permissions import can_manage


def _managed_event(request, pk) -> Event:
    event = get_object_or_404(Event.objects.select_related("network"), pk=pk)
    if not can_manage(request.user, event.network):
        raise PermissionDenied(_("Seule la coordination du réseau annule ou supprime ses événements."))
    return event


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().select_related("network").get(pk=event.pk)


def _set_cancellation(event: Event, cancelled_at, message: str) -> None:
    """Cancel (or restore, with ``None``) the locked ``event``; calendars see a new version (SEQUENCE)."""
    event.cancelled_at, event.cancellation_message = cancelled_at, message
    event.sequence += 1
    event.save(update_fields=["cancelled_at", "cancellation_message", "sequence", "updated_at"])


@login_required
def event_cancel(request, pk):
    event = _managed_event(request, pk)
    form = CancellationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            event = _locked(event)
            if event.is_cancelled:
                messages.success(request, _("L'événement était déjà annulé : les personnes inscrites en ont été "
                                            "prévenues une fois."))
                return redirect(event)
            _set_cancellation(event, timezone.now(), form.cleaned_data["message"])
            informed = event.registrations.exists()
            if informed:
                send_event_notice.enqueue(event.pk, CANCELLED)
        messages.success(request, _("L'événement est annulé ; les personnes inscrites en sont prévenues par "
                                    "e-mail.") if informed else _("L'événement est annulé."))
        return redirect(event)
    context = {"event": event, "form": form, "registrations": event.registrations.count()}
    return render(request, "networks/event_cancel.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def event_restore(request, pk):
    event = _managed_event(request, pk)
    with transaction.atomic():
        event = _locked(event)
        if not event.is_cancelled:
            messages.success(request, _("L'événement n'est pas annulé."))
            return redirect(event)
        _set_cancellation(event, None, "")
        informed = event.registrations.exists()
        if informed:
            send_event_notice.enqueue(event.pk, RESTORED)
    messages.success(request, _("L'événement est rétabli ; les personnes inscrites en sont prévenues par e-mail.")
                     if informed else _("L'événement est rétabli."))
    return redirect(event)


@login_required
def event_delete(request, pk):
    event = _managed_event(request, pk)
    if request.method == "POST":
        with transaction.atomic():
            event = _locked(event)
            if not event.registrations.exists():
                network = event.network
                event.delete()
                messages.success(request, _("L'événement « %(title)s » est supprimé.") % {"title": event.title})
                return redirect(network)
        messages.error(request, _("Des personnes se sont inscrites à cet événement : il ne peut plus être supprimé. "
                                  "Annulez-le : elles en seront prévenues."))
        return redirect(event)
    context = {"event": event, "registrations": event.registrations.count()}
    return render(request, "networks/event_delete.html", context)
