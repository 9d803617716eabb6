"""Who belongs to a network and who manages it, answered from roles and memberships.

A person is a member of a network when they hold a role in it (coordinator or member) or
edit fiches for one of its member establishments. A network is managed by its coordinators,
by the moderators and administrators of its académie, and by superusers. A network is created
by an administrator or moderator of its académie, or by a superuser (national networks too).
"""
from __future__ import annotations

from portal.accounts.models import Membership
from fiches.models import Academie
from fiches.roles import administered_academie_ids, establishment_ids, moderated_academie_ids

from .models import Network, NetworkEstablishment, NetworkPerson


def member_network_ids(user) -> set[int]:
    """Networks whose members-only content ``user`` may see."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Network.objects.values_list("pk", flat=True))
    direct = set(NetworkPerson.objects.filter(user=user).values_list("network_id", flat=True))
    through_establishments = set(
        NetworkEstablishment.objects.filter(establishment_id__in=establishment_ids(user))
        .values_list("network_id", flat=True)
    )
    return direct | through_establishments


def is_member(user, network: Network) -> bool:
    return network.pk in member_network_ids(user)


def managed_network_ids(user) -> set[int]:
    """Networks whose members and events ``user`` manages."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Network.objects.values_list("pk", flat=True))
    coordinated = set(
        NetworkPerson.objects.filter(user=user, role=NetworkPerson.Role.COORDINATOR).values_list("network_id", flat=True)
    )
    academie_ids = Membership.objects.filter(
        user=user, role__in=[Membership.Role.MODERATOR, Membership.Role.ACADEMIE_ADMIN]
    ).values_list("academie_id", flat=True)
    by_academie = set(Network.objects.filter(academie_id__in=academie_ids).values_list("pk", flat=True))
    return coordinated | by_academie


def can_manage(user, network: Network) -> bool:
    return network.pk in managed_network_ids(user)


def creatable_academies(user):
    """Académies for which ``user`` may create a network: those they administer or moderate (all for a
    superuser, who alone may also create a national network)."""
    if not user.is_authenticated:
        return Academie.objects.none()
    if user.is_superuser:
        return Academie.objects.all()
    return Academie.objects.filter(pk__in=administered_academie_ids(user) | moderated_academie_ids(user))


def can_create(user) -> bool:
    return user.is_authenticated and (user.is_superuser or creatable_academies(user).exists())
