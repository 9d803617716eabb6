"""Queries of a network's content: its fiches and what is new since a date."""
from __future__ import annotations

from django.db.models import Q

from fiches.listing import published_fiches
from fiches.visibility import PUBLIC_AUDIENCE, Audience

from .models import NetworkFiche


def network_fiches_filter(network_id: int) -> Q:
    """Fiches led by a member establishment, or tagged for the network."""
    return Q(lead_structure__network_links__network_id=network_id) | Q(
        pk__in=NetworkFiche.objects.filter(network_id=network_id).values("fiche_id"))


def network_fiches(network, audience: Audience = PUBLIC_AUDIENCE):
    """The network's fiches that ``audience`` may see."""
    return published_fiches(audience).filter(network_fiches_filter(network.pk)).distinct()


def latest_fiches(queryset, limit: int = 50):
    """The most recently published first (the order of feeds and digests)."""
    return queryset.filter(first_published_at__isnull=False).order_by("-first_published_at", "-pk")[:limit]
