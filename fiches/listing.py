"""Queries of published fiches shared by pages and exports.

Every list of fiches goes through :func:`published_fiches`, which keeps the fiches the
audience may see (:mod:`fiches.visibility`): without an audience, the public ones only.
"""
from .models import FichePage
from .visibility import PUBLIC_AUDIENCE, Audience, visible_q


def published_fiches(audience: Audience = PUBLIC_AUDIENCE):
    return (FichePage.objects.live().filter(visible_q(audience))
            .select_related("lead_structure", "lead_structure__academie"))


def published_fiches_for_academie(academie_page, audience: Audience = PUBLIC_AUDIENCE):
    return published_fiches(audience).child_of(academie_page).order_by("title")
