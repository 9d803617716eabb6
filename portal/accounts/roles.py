"""Questions about what a user may do, answered from their memberships."""
from __future__ import annotations

from .models import Membership


def establishment_ids(user) -> set[int]:
    """Establishments whose fiches the user edits."""
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, role=Membership.Role.EDITOR).values_list("establishment_id", flat=True)
    )


def academie_ids(user, role: str) -> set[int]:
    """Académies where the user holds ``role`` (moderator or academie_admin)."""
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user, role=role).values_list("academie_id", flat=True))


def moderated_academie_ids(user) -> set[int]:
    return academie_ids(user, Membership.Role.MODERATOR)


def administered_academie_ids(user) -> set[int]:
    return academie_ids(user, Membership.Role.ACADEMIE_ADMIN)
