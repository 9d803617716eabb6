"""The editor's panel on the Wagtail dashboard: create a fiche for their establishment, see their
fiches and drafts (imported ones included) without going through the page explorer."""
from __future__ import annotations

from django.db.models import Q
from wagtail.admin.ui.components import Component

from .importing.admin_views import can_import


def editor_structures(user):
    """The structures the user edits fiches for, each with the académie section that files its fiches."""
    from fiches.roles import establishment_ids

    from .models import AcademiePage, Establishment

    structures = list(Establishment.objects.filter(pk__in=establishment_ids(user)).select_related("academie"))
    sections = {
        page.academie_id: page
        for page in AcademiePage.objects.filter(academie__in={s.academie.moderating_academie for s in structures})
    }
    for structure in structures:
        structure.section = sections.get(structure.academie.moderating_academie.pk)
    return [structure for structure in structures if structure.section is not None]


def editor_fiches(user, structures):
    """The fiches led by the user's structures, and the drafts they own (an import creates one), newest first."""
    from .models import FichePage

    return (
        FichePage.objects.filter(Q(lead_structure__in=structures) | Q(owner=user))
        .select_related("lead_structure")
        .order_by("-latest_revision_created_at", "-pk")
    )


class MyFichesPanel(Component):
    name = "my_fiches"
    template_name = "fiches/admin/my_fiches_panel.html"
    order = 50  # before Wagtail's own panels

    def __init__(self, user):
        self.structures = editor_structures(user)
        self.fiches = list(editor_fiches(user, self.structures)[:50])
        self.can_import = can_import(user)

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(structures=self.structures, fiches=self.fiches, can_import=self.can_import)
        return context
