"""The roles a user holds over establishments and académies, and the questions asked of them.

The memberships themselves are portal's (``portal.accounts.models.Membership``, whose ``Role`` is this one);
fiches asks through its own models' ``memberships`` relation so that it never imports the portal.
"""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fiches.models import Academie, Establishment


class Role(models.TextChoices):
    EDITOR = "editor", _("Rédacteur d'établissement")
    MODERATOR = "moderator", _("Modérateur académique")
    ACADEMIE_ADMIN = "academie_admin", _("Administrateur d'académie")
    ANALYST = "analyst", _("Analyste académique (indicateurs)")


def establishment_ids(user) -> set[int]:
    """Establishments whose fiches the user edits."""
    if not user.is_authenticated:
        return set()
    return set(Establishment.objects.filter(memberships__user=user, memberships__role=Role.EDITOR)
               .values_list("id", flat=True))


def academie_ids(user, role: str) -> set[int]:
    """Académies where the user holds ``role`` (moderator, academie_admin or analyst)."""
    if not user.is_authenticated:
        return set()
    return set(Academie.objects.filter(memberships__user=user, memberships__role=role).values_list("id", flat=True))


def moderated_academie_ids(user) -> set[int]:
    return academie_ids(user, Role.MODERATOR)


def administered_academie_ids(user) -> set[int]:
    return academie_ids(user, Role.ACADEMIE_ADMIN)


def structure_academie_ids(user) -> set[int]:
    """Académies whose structures (establishments) the user may change in the admin: those they moderate
    and the historical ones these succeed (Caen, Rouen for Normandie); every one for a superuser."""
    if user.is_superuser:
        return set(Academie.objects.values_list("id", flat=True))
    ids = moderated_academie_ids(user)
    found = set(ids)
    while found:  # walk back the successions (a predecessor of a predecessor, if ever)
        found = set(Academie.objects.filter(successor_id__in=found).exclude(id__in=ids).values_list("id", flat=True))
        ids |= found
    return ids
