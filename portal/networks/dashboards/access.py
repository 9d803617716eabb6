"""Who sees which dashboard.

Analysts see their académie; a network's coordination (and its académie's analysts) see the network;
superusers see everything, the national level included; an establishment's editors see their own
reports as they were sent. A scope is a set of establishments: roll-ups never leave it.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from fiches.models import Academie, Establishment
from portal.accounts.models import Membership
from fiches.roles import academie_ids, establishment_ids

from ..models import Network, NetworkPerson

ANALYST = Membership.Role.ANALYST


@dataclass(frozen=True)
class Scope:
    kind: str  # "academie", "network" or "national"
    key: str  # académie code, network slug, "" for the nation
    title: str
    establishment_ids: tuple[int, ...] | None  # None: every establishment (national)
    levels: tuple[str, ...]  # the levels the dashboard breaks the figures down by
    academie_id: int | None = None  # set when the scope is exactly an académie's establishments
    network_id: int | None = None  # set when the scope is exactly a network's members

    @property
    def top_level(self) -> str:
        return {"academie": "academie", "network": "network", "national": "nation"}[self.kind]

    @property
    def url(self) -> str:
        if self.kind == "national":
            return reverse("networks:dashboard-national")
        name = "networks:dashboard-academie" if self.kind == "academie" else "networks:dashboard-network"
        return reverse(name, args=[self.key])


def _denied():
    return PermissionDenied(_("Ce tableau de bord est réservé aux personnes chargées de ce périmètre."))


def academie_scope(user, code: str) -> Scope:
    academie = get_object_or_404(Academie, code=code)
    if not (user.is_superuser or academie.pk in academie_ids(user, ANALYST)):
        raise _denied()
    return scope_of_academie(academie)


def scope_of_academie(academie: Academie) -> Scope:
    """The académie's scope, whoever asks (the caller checked who may see it, or nobody does: a warming task)."""
    ids = tuple(Establishment.objects.filter(academie=academie).order_by("pk").values_list("pk", flat=True))
    return Scope("academie", academie.code, academie.title, ids, ("departement", "bassin", "network", "establishment"),
                 academie.pk)


def network_scope(user, slug: str) -> Scope:
    network = get_object_or_404(Network, slug=slug)
    allowed = user.is_authenticated and (user.is_superuser
               or NetworkPerson.objects.filter(network=network, user=user, role=NetworkPerson.Role.COORDINATOR).exists()
               or (network.academie_id and network.academie_id in academie_ids(user, ANALYST)))
    if not allowed:
        raise _denied()
    return scope_of_network(network)


def scope_of_network(network: Network) -> Scope:
    """The network's scope, whoever asks (as :func:`scope_of_academie`)."""
    ids = tuple(network.establishment_links.values_list("establishment_id", flat=True))
    return Scope("network", network.slug, network.name, ids, ("bassin", "establishment"), network_id=network.pk)


def national_scope(user) -> Scope:
    if not user.is_superuser:
        raise _denied()
    return Scope("national", "", _("France entière"), None, ("academie", "departement"))


def dashboards_for(user) -> list[tuple[str, str]]:
    """(title, address) of the dashboards ``user`` may open, for their index."""
    if not user.is_authenticated:
        return []
    analyst_of = academie_ids(user, ANALYST)
    links = [(_("France entière"), reverse("networks:dashboard-national"))] if user.is_superuser else []
    academies = Academie.objects.current() if user.is_superuser else Academie.objects.filter(pk__in=analyst_of)
    links += [(a.title, reverse("networks:dashboard-academie", args=[a.code])) for a in academies.order_by("name")]
    networks = Network.objects.all()
    if not user.is_superuser:
        coordinated = NetworkPerson.objects.filter(user=user, role=NetworkPerson.Role.COORDINATOR).values("network_id")
        networks = networks.filter(Q(pk__in=coordinated) | Q(academie_id__in=analyst_of))
    links += [(n.name, reverse("networks:dashboard-network", args=[n.slug])) for n in networks.order_by("name")]
    return links


def own_establishments(user):
    """Establishments whose reports ``user`` reads as sent: those they edit fiches for."""
    return Establishment.objects.filter(pk__in=establishment_ids(user)).order_by("name")
