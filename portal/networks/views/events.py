"""Events: the list and its map, one event, registration, ICS files, and the coordination's forms."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fiches.visibility import audience_of, visible_q
from portal.create_once import warn_if_resent_with_changes
from geo.widgets import LEAFLET_CSS, LEAFLET_JS, tile_layer

from ..calendars import calendar_bytes
from ..forms import EventForm
from ..models import Event, Network, Registration
from ..permissions import can_manage, member_network_ids
from ..tokens import user_for_token


def _visible(request):
    return Event.objects.visible_to(request.user).select_related("network")


def _listed(request) -> tuple[list, list, list]:
    """Upcoming events, the upcoming ones cancelled, then the latest past ones: what the list shows and the map
    places."""
    now = timezone.now()
    coming = _visible(request).filter(ends_at__gte=now).order_by("starts_at")
    return (list(coming.not_cancelled()[:100]), list(coming.cancelled()[:100]),
            list(_visible(request).filter(ends_at__lt=now).order_by("-starts_at")[:20]))


def event_list(request):
    upcoming, cancelled, past = _listed(request)
    registered_ids = set()
    if request.user.is_authenticated:
        registered_ids = set(request.user.event_registrations.filter(event__in=upcoming + cancelled + past)
                             .values_list("event_id", flat=True))
    context = {
        "events": upcoming,
        "cancelled": cancelled,
        "past": past,
        "registered_ids": registered_ids,
        "map_config": {"tiles": tile_layer(), "geojson": reverse("networks:events-geojson")},
        "leaflet": {"css": LEAFLET_CSS, "js": LEAFLET_JS},
    }
    return render(request, "networks/event_list.html", context)


def events_geojson(request):
    """The listed events that have a position, as GeoJSON points for the map."""
    upcoming, cancelled, past = _listed(request)
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [e.longitude, e.latitude]},
         "properties": {"title": _("Annulé : %(title)s") % {"title": e.title} if e.is_cancelled else e.title,
                        "url": e.get_absolute_url(), "network": e.network.name,
                        "date": e.local_start.strftime("%d/%m/%Y %H:%M"), "commune": e.commune}}
        for e in upcoming + cancelled + past if e.has_position
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


def _event_for(request, pk) -> Event:
    event = get_object_or_404(Event.objects.select_related("network", "establishment"), pk=pk)
    if not event.is_public and event.network_id not in member_network_ids(request.user):
        raise Http404(_("Événement réservé aux membres du réseau."))
    return event


def event_detail(request, pk):
    event = _event_for(request, pk)
    registered = request.user.is_authenticated and event.registrations.filter(user=request.user).exists()
    manages = can_manage(request.user, event.network)
    context = {
        "event": event,
        "fiches": event.fiches.live().filter(visible_q(audience_of(request))).select_related("lead_structure"),
        "registered": registered,
        "registrations": event.registrations.count(),
        "can_manage": manages,
    }
    if manages:  # who is coming, for those who organise the event and write to them
        context["registrants"] = list(event.registrations.select_related("user").order_by("created_at"))
        context["registrant_emails"] = [r.user.email for r in context["registrants"] if r.user.email]
    return render(request, "networks/event_detail.html", context)


def _ics_response(events, name: str, filename: str, request) -> HttpResponse:
    response = HttpResponse(calendar_bytes(events, name=name, absolute_url=request.build_absolute_uri),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ics(request, pk):
    event = _event_for(request, pk)
    return _ics_response([event], event.title, f"evenement-{event.pk}.ics", request)


def network_ics(request, slug):
    network = get_object_or_404(Network, slug=slug)
    return _ics_response(network.events.public(), network.name, f"{network.slug}.ics", request)


def private_ics(request, key):
    """Every event the token holder may see: public ones and the members-only events of their networks."""
    user = user_for_token(key)
    if user is None:
        raise Http404(_("Cette adresse d'agenda n'est plus valable."))
    events = Event.objects.visible_to(user).select_related("network")
    return _ics_response(events, _("Accroche — mes événements"), "accroche.ics", request)


@login_required
@require_POST
def register(request, pk):
    event = _event_for(request, pk)
    if request.POST.get("action") == "cancel":
        event.registrations.filter(user=request.user).delete()
        messages.success(request, _("Votre inscription est annulée."))
        return redirect(event)
    with transaction.atomic():
        # Registrations of one event one at a time, so that two people never take its last place together.
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.registrations.filter(user=request.user).exists():  # a double click: the first one registered
            messages.success(request, _("Vous êtes inscrit(e)."))
        elif event.is_cancelled:
            messages.error(request, _("Cet événement est annulé : on ne peut plus s'y inscrire."))
        elif not event.registration_open:
            messages.error(request, _("Les inscriptions à cet événement sont closes."))
        elif event.capacity is not None and event.registrations.count() >= event.capacity:
            messages.error(request, _("L'événement est complet."))
        else:
            Registration.objects.create(event=event, user=request.user)
            messages.success(request, _("Vous êtes inscrit(e)."))
    return redirect(event)


def _managed_network(request, slug) -> Network:
    network = get_object_or_404(Network, slug=slug)
    if not can_manage(request.user, network):
        raise PermissionDenied(_("Seule la coordination du réseau publie ses événements."))
    return network


@login_required
def event_create(request, slug):
    network = _managed_network(request, slug)
    return _event_form(request, network, Event(network=network, created_by=request.user))


@login_required
def event_edit(request, pk):
    event = get_object_or_404(Event, pk=pk)
    network = _managed_network(request, event.network.slug)
    return _event_form(request, network, event)


def _event_form(request, network, event):
    form = EventForm(request.POST or None, instance=event, network=network)
    if request.method == "POST":
        if form.is_valid():
            event = form.save_once()
            warn_if_resent_with_changes(request, form)
            messages.success(request, _("L'événement est enregistré."))
            return redirect(event)
    return render(request, "networks/event_form.html", {"form": form, "network": network, "event": event},
                  status=400 if form.errors else 200)
