"""Reference data edited in the Wagtail admin as snippets."""
from django.core.exceptions import PermissionDenied
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from .models import Academie, Dispositif, Establishment, Level, Partner, PerseveranceWeek, SchoolYear, TargetPublic, Theme


class EstablishmentEditView(EditView):
    """Moderators hold the model permission « change establishment » for every académie: the view narrows it
    to the structures of the académies they moderate (a moderator of Toulouse may not rename or move a
    lycée of Bordeaux). The form (fiches.establishment_form) keeps the structure in those académies."""

    def dispatch(self, request, *args, **kwargs):
        from .roles import structure_academie_ids

        if self.object.academie_id not in structure_academie_ids(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class EstablishmentViewSet(SnippetViewSet):
    model = Establishment
    edit_view_class = EstablishmentEditView


def register_snippets() -> None:
    register_snippet(EstablishmentViewSet)
    for model in (Partner, Level, TargetPublic, Theme, Dispositif, SchoolYear, Academie, PerseveranceWeek):
        register_snippet(model)
