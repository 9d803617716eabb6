"""Public pages of networks: the list and one network's page."""
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from fiches.visibility import audience_of

from ..dashboards.access import network_scope
from ..listing import latest_fiches, network_fiches
from ..models import Follow, Network, NetworkPerson
from ..permissions import can_manage, is_member


def network_list(request):
    networks = (Network.objects.select_related("academie")
                .annotate(n_establishments=Count("establishment_links", distinct=True)).order_by("academie__name", "name"))
    return render(request, "networks/network_list.html", {"networks": networks})


def network_detail(request, slug):
    network = get_object_or_404(Network.objects.select_related("academie"), slug=slug)
    member = is_member(request.user, network)
    events = network.events.filter(ends_at__gte=timezone.now())
    if not member:
        events = events.public()
    follow = (Follow.objects.filter(user=request.user, network=network).first()
              if request.user.is_authenticated else None)
    context = {
        "network": network,
        "coordinators": network.people.filter(role=NetworkPerson.Role.COORDINATOR).select_related("user", "establishment"),
        "members": network.people.filter(role=NetworkPerson.Role.MEMBER).select_related("user", "establishment"),
        "establishments": network.establishments.select_related("academie").order_by("name"),
        "fiches": latest_fiches(network_fiches(network, audience_of(request)), 24),
        "events": events.not_cancelled().order_by("starts_at")[:20],
        "cancelled_events": events.cancelled().order_by("starts_at")[:20],
        "is_member": member,
        "can_manage": can_manage(request.user, network),
        "follow": follow,
        "dashboard_url": _dashboard_url(request.user, network),
    }
    return render(request, "networks/network_detail.html", context)


def _dashboard_url(user, network) -> str:
    """The network's indicator dashboard, for those who may read it."""
    try:
        return network_scope(user, network.slug).url
    except PermissionDenied:
        return ""
