"""Who reads which académie's indicators: its analysts and administrators (superusers read all)."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied

from portal.accounts.models import Membership

READER_ROLES = (Membership.Role.ANALYST, Membership.Role.ACADEMIE_ADMIN)


def readable_academie_ids(user) -> set[int] | None:
    """Ids of the académies ``user`` may analyse, ``None`` for all of them."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return None
    return set(Membership.objects.filter(user=user, role__in=READER_ROLES).values_list("academie_id", flat=True))


def require_reader(user) -> set[int] | None:
    ids = readable_academie_ids(user)
    if ids is not None and not ids:
        raise PermissionDenied
    return ids
