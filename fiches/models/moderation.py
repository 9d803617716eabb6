"""The moderators' approval task of the fiche workflows (created by fiches.moderation)."""
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm
from wagtail.models import GroupApprovalTask

from ..control_characters import ControlCharactersGuard


class ApprovalForm(ControlCharactersGuard, TaskStateCommentForm):
    comment = forms.CharField(
        label=_("Commentaire pour le rédacteur (facultatif)"), required=False, widget=forms.Textarea({"rows": 2}),
        help_text=_("En confirmant, la fiche est publiée sur le portail, visible de tous (ou seulement des membres de "
                    "ses réseaux ou des personnels de son académie, si sa visibilité est restreinte) ; son rédacteur "
                    "en est informé."),
    )


class FicheApprovalTask(GroupApprovalTask):
    """Wagtail's group approval, except that « Approuver et publier » opens a confirmation dialog (with an
    optional comment) and ends on a message that the fiche is published, with a link to its public page."""

    class Meta:
        verbose_name = _("validation d'une fiche par les modérateurs")
        verbose_name_plural = _("validations de fiches par les modérateurs")

    def get_actions(self, obj, user):
        if not super().get_actions(obj, user):
            return []
        return [("reject", _("Demander des modifications"), True), ("approve", _("Approuver et publier…"), True)]

    def get_form_for_action(self, action):
        return ApprovalForm if action == "approve" else super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        next_url = super().on_action(task_state, user, action_name, **kwargs)
        if action_name == "approve":
            return reverse("fiches_published", args=[task_state.workflow_state.object_id])
        return next_url
