"""The visitor's :class:`~fiches.visibility.Audience`, worked out here where networks and
memberships are known, and attached to every request by :class:`AudienceMiddleware`.

The layers below (fiches, search) receive it as plain data (``fiches.visibility.audience_of``)
and apply the one rule of :mod:`fiches.visibility`.
"""
from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from fiches.roles import Role
from fiches.visibility import EVERYONE, PUBLIC_AUDIENCE, Audience
from portal.accounts.models import Membership

from .permissions import member_network_ids

MODERATING_ROLES = (Role.MODERATOR, Role.ACADEMIE_ADMIN)


def audience_for(user) -> Audience:
    """What ``user`` may see: their networks, the académies they belong to or moderate, their establishments."""
    if not user.is_authenticated:
        return PUBLIC_AUDIENCE
    if user.is_superuser:
        return EVERYONE
    memberships = Membership.objects.filter(user=user).values_list(
        "role", "academie__code", "establishment_id", "establishment__academie__code")
    academies, moderated, establishments = set(), set(), set()
    for role, academie_code, establishment_id, establishment_academie in memberships:
        if establishment_id:
            establishments.add(establishment_id)
            academies.add(establishment_academie)
        if academie_code:
            academies.add(academie_code)
            if role in MODERATING_ROLES:
                moderated.add(academie_code)
    return Audience(network_ids=frozenset(member_network_ids(user)), academie_codes=frozenset(academies),
                    moderated_academie_codes=frozenset(moderated), establishment_ids=frozenset(establishments))


class AudienceMiddleware:
    """Sets ``request.audience``, computed on first use (after the authentication middleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.audience = SimpleLazyObject(lambda: audience_for(request.user))
        return self.get_response(request)
