"""Fiches « à placer »: published fiches whose lead structure has no position, for those who can fix it.

The map shows every fiche whose lead structure has a point (from its commune, or its known seat,
see :mod:`geo.seats`). The others are listed on the admin dashboard to the people who may edit
them, with a link to the structure to place it (a commune, or a click on its map).
"""
from __future__ import annotations

from wagtail.admin.ui.components import Component

MAX_LISTED = 50


def unplaced_fiches():
    """Live fiches whose lead structure has no position."""
    from .models import FichePage

    return (FichePage.objects.live().filter(lead_structure__latitude__isnull=True)
            .select_related("lead_structure").order_by("title"))


def unplaced_fiches_for(user) -> list:
    """The fiches « à placer » that ``user`` may edit, at most ``MAX_LISTED``."""
    fiches = [fiche for fiche in unplaced_fiches() if fiche.permissions_for_user(user).can_edit()]
    return fiches[:MAX_LISTED]


class UnplacedFichesPanel(Component):
    name = "unplaced_fiches"
    template_name = "fiches/admin/unplaced_panel.html"
    order = 60

    def __init__(self, user):
        self.fiches = unplaced_fiches_for(user)

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["fiches"] = self.fiches
        return context
