"""Derive a user's Wagtail groups from their memberships (the memberships are the truth)."""
from django.contrib.auth.models import Group

from fiches.moderation import ACADEMIE_ADMINS_GROUP, EDITORS_GROUP, academie_admins_group, editors_group, moderators_group

from .models import Membership


def _managed_group_names() -> set[str]:
    names = {EDITORS_GROUP, ACADEMIE_ADMINS_GROUP}
    names.update(Group.objects.filter(name__startswith="Modérateurs — ").values_list("name", flat=True))
    return names


def sync_user_groups(user) -> None:
    wanted = set()
    for membership in Membership.objects.filter(user=user).select_related("academie"):
        if membership.role == Membership.Role.EDITOR:
            wanted.add(editors_group())
        elif membership.role == Membership.Role.MODERATOR:
            wanted.add(moderators_group(membership.academie))
        elif membership.role == Membership.Role.ACADEMIE_ADMIN:
            wanted.add(academie_admins_group())
    managed = _managed_group_names()
    current = set(user.groups.filter(name__in=managed))
    user.groups.remove(*(current - wanted))
    user.groups.add(*(wanted - current))
